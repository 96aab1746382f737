//! Near-duplicate measurement: how well the perceptual hash (`intake::phash`, the one intake
//! stores) finds copies of a photo as messaging apps make them, and how often it pairs photos
//! that are not copies.
//!
//!     cargo bench --bench similar
//!
//! Generates in memory (nothing cached, nothing written): ORIGINALS photos of 2400×1800 (JPEG
//! Q 90 with EXIF; one in four stored sideways with Orientation 6, as phones do) and, of each, a
//! copy as a messaging app makes it — shown upright, cropped by 5 % (2.5 % off each side),
//! resized to 1600 px on its long side, re-encoded at quality 60, EXIF stripped — plus UNRELATED
//! other photos of 1200×900. The pictures come from three generators (shapes on gradients,
//! multi-octave value noise, street-like scenes with a horizon, buildings and windows), so
//! unrelated photos share layouts as real ones do. Every hash is made exactly as intake makes it
//! (`thumb::make_derived` on the file's bytes with its EXIF orientation).
//!
//! Prints the distance distribution of the copies and of unrelated pairs, then per threshold
//! (brightness distance T, colour distance ≤ ¾ T, as `evault similar` decides) the recall
//! (copies within it of their original) and the false pairs (any two different photos within
//! it) in all and per 1,000 photos; and the same for the brightness hash alone. Target at the
//! default threshold: recall ≥ 95 %, ≤ 1 false pair per 1,000 photos.
//!
//! Environment: EVAULT_BENCH_ORIGINALS (default 200), EVAULT_BENCH_UNRELATED (default 1000).

mod common;

use std::sync::Mutex;
use std::time::Instant;

use common::*;
use evidence_vault::intake::{phash, thumb};
use image::{DynamicImage, Rgb, RgbImage};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn f(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let originals = env_usize("EVAULT_BENCH_ORIGINALS", 200);
    let unrelated = env_usize("EVAULT_BENCH_UNRELATED", 1000);
    header("similar: perceptual hash of copies vs unrelated photos");
    let t = Instant::now();
    // (group, hash): a copy has its original's group; every other photo its own.
    let hashes: Mutex<Vec<(usize, bool, phash::PHash)>> = Mutex::new(Vec::new());
    let jobs: Vec<usize> = (0..originals + unrelated).collect();
    parallel_each(&jobs, 2, |&i| {
        let seed = 1000 + i as u64;
        if i < originals {
            let (w, h) = (2400, 1800);
            let picture = render(seed, w, h);
            let sideways = i % 4 == 3;
            // The camera stores the sensor's pixels and says how to turn them.
            let stored = if sideways {
                image::imageops::rotate270(&picture)
            } else {
                picture.clone()
            };
            let orientation = if sideways { 6 } else { 1 };
            let original = with_orientation(&jpeg(&stored, 90), orientation);
            let copy = messaging_copy(&picture);
            let a = hash(&original, Some(orientation));
            let b = hash(&copy, None);
            let mut h = hashes.lock().unwrap();
            h.push((i, false, a));
            h.push((i, true, b));
        } else {
            let picture = render(seed, 1200, 900);
            let a = hash(&jpeg(&picture, 85), None);
            hashes.lock().unwrap().push((i, false, a));
        }
    });
    let hashes = hashes.into_inner().unwrap();
    println!(
        "{} originals + {} copies + {} unrelated photos generated and hashed in {:.1} s",
        originals,
        originals,
        unrelated,
        t.elapsed().as_secs_f64()
    );

    // Distances of copies to their originals.
    let copies: Vec<(u32, u32)> = (0..originals)
        .map(|i| {
            let a = hashes.iter().find(|(g, c, _)| *g == i && !c).unwrap().2;
            let b = hashes.iter().find(|(g, c, _)| *g == i && *c).unwrap().2;
            phash::distance(a, b)
        })
        .collect();
    // Every pair of different photos (originals, copies of other photos, unrelated):
    // counts[luma][chroma].
    let mut counts = vec![[0u64; 65]; 65];
    let mut pairs = 0u64;
    for x in 0..hashes.len() {
        for y in x + 1..hashes.len() {
            if hashes[x].0 == hashes[y].0 {
                continue; // a photo and its own copy
            }
            let (l, c) = phash::distance(hashes[x].2, hashes[y].2);
            counts[l as usize][c as usize] += 1;
            pairs += 1;
        }
    }
    let mut luma_d: Vec<u32> = copies.iter().map(|c| c.0).collect();
    luma_d.sort_unstable();
    let q = |p: f64| luma_d[((luma_d.len() - 1) as f64 * p).round() as usize];
    println!(
        "copy→original brightness distance: min {} | median {} | p95 {} | p99 {} | max {}",
        luma_d[0],
        q(0.5),
        q(0.95),
        q(0.99),
        luma_d[luma_d.len() - 1]
    );
    let luma_hist: Vec<u64> = counts.iter().map(|row| row.iter().sum()).collect();
    let mean: f64 = luma_hist
        .iter()
        .enumerate()
        .map(|(d, n)| d as f64 * *n as f64)
        .sum::<f64>()
        / pairs as f64;
    println!(
        "pairs of different photos: {pairs}, brightness distance mean {mean:.1}; counts at 0..=20: {:?}",
        &luma_hist[..=20]
    );
    let photos = (originals + unrelated) as f64;
    println!();
    println!(
        "{:>9} | {:>8} {:>12} {:>10} | {:>8} {:>12} {:>10}",
        "", "brightness and colour", "", "", "brightness only", "", ""
    );
    println!(
        "{:>9} | {:>8} {:>12} {:>10} | {:>8} {:>12} {:>10}",
        "threshold", "recall", "false pairs", "per 1000", "recall", "false pairs", "per 1000"
    );
    for t in (8..=24u32).step_by(2) {
        let cl = phash::color_limit(t);
        let found = copies.iter().filter(|(l, c)| *l <= t && *c <= cl).count();
        let false_pairs: u64 = (0..=t as usize)
            .map(|l| counts[l][..=cl as usize].iter().sum::<u64>())
            .sum();
        let found_l = copies.iter().filter(|(l, _)| *l <= t).count();
        let false_l: u64 = luma_hist[..=t as usize].iter().sum();
        let marker = if t == phash::NEAR_DUPLICATE_DISTANCE {
            "  <- default (evault similar)"
        } else {
            ""
        };
        println!(
            "{:>9} | {:>7.1}% {:>12} {:>10.2} | {:>7.1}% {:>12} {:>10.2}{marker}",
            t,
            100.0 * found as f64 / originals as f64,
            false_pairs,
            false_pairs as f64 / (photos / 1000.0),
            100.0 * found_l as f64 / originals as f64,
            false_l,
            false_l as f64 / (photos / 1000.0),
        );
    }
    println!();
    group_timing(&hashes.iter().map(|(_, _, h)| *h).collect::<Vec<_>>());
    println!();
    println!("machine at end: {}", machine_conditions());
}

/// The "near-duplicates" filter at scale: `phash::near_groups` (what `Vault::near_duplicate_groups`
/// runs) over this run's hashes padded with pseudo-random ones to 10,000 and 100,000
/// (`EVAULT_BENCH_GROUP_HASHES` sets the largest), median of 3.
fn group_timing(real: &[phash::PHash]) {
    let largest: usize = std::env::var("EVAULT_BENCH_GROUP_HASHES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for n in [10_000.min(largest), largest] {
        let mut hashes: Vec<phash::PHash> = real.iter().copied().take(n).collect();
        while hashes.len() < n {
            hashes.push(phash::PHash {
                luma: next(),
                chroma: next(),
            });
        }
        let mut times = Vec::new();
        let mut groups = 0;
        for _ in 0..3 {
            let t = Instant::now();
            groups = phash::near_groups(&hashes, phash::NEAR_DUPLICATE_DISTANCE).len();
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "near-duplicate groups of {n} hashes: {:.3} s (median of 3; {groups} groups; {} pairs compared)",
            times[1],
            n as u64 * (n as u64 - 1) / 2
        );
    }
}

fn hash(bytes: &[u8], orientation: Option<u16>) -> phash::PHash {
    thumb::make_derived(bytes, orientation)
        .expect("decodes")
        .phash
}

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .unwrap();
    out
}

/// Shown upright, cropped 5 % (2.5 % off each side), resized to 1600 px, quality 60, no EXIF.
fn messaging_copy(upright: &RgbImage) -> Vec<u8> {
    let (w, h) = upright.dimensions();
    let (cx, cy) = (w / 40, h / 40);
    let cropped = DynamicImage::ImageRgb8(upright.clone()).crop_imm(cx, cy, w - 2 * cx, h - 2 * cy);
    let resized = cropped.resize(1600, 1600, image::imageops::FilterType::Triangle);
    jpeg(&resized.to_rgb8(), 60)
}

/// A JPEG with a minimal EXIF block holding only Orientation.
fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"II*\0\x08\0\0\0\x01\0".to_vec();
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// One of three kinds of picture, by seed.
fn render(seed: u64, w: u32, h: u32) -> RgbImage {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    match seed % 3 {
        0 => shapes(&mut r, w, h),
        1 => noise(&mut r, w, h),
        _ => street(&mut r, w, h),
    }
}

fn colour(r: &mut Rng) -> [f32; 3] {
    [255.0 * r.f(), 255.0 * r.f(), 255.0 * r.f()]
}

fn put(img: &mut RgbImage, x: u32, y: u32, c: [f32; 3], n: f32) {
    img.put_pixel(
        x,
        y,
        Rgb([
            (c[0] + n).clamp(0.0, 255.0) as u8,
            (c[1] + n).clamp(0.0, 255.0) as u8,
            (c[2] + n).clamp(0.0, 255.0) as u8,
        ]),
    );
}

/// A gradient in a random direction with 5–30 rectangles and discs.
fn shapes(r: &mut Rng, w: u32, h: u32) -> RgbImage {
    let (a, b) = (colour(r), colour(r));
    let ang = r.f() * std::f32::consts::TAU;
    let (dx, dy) = (ang.cos(), ang.sin());
    let n = 5 + r.below(26);
    let shapes: Vec<(bool, f32, f32, f32, f32, [f32; 3])> = (0..n)
        .map(|_| {
            (
                r.f() < 0.5,
                r.f() * w as f32,
                r.f() * h as f32,
                (0.03 + 0.3 * r.f()) * w as f32,
                (0.03 + 0.3 * r.f()) * h as f32,
                colour(r),
            )
        })
        .collect();
    let mut img = RgbImage::new(w, h);
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let t = ((fx - 0.5) * dx + (fy - 0.5) * dy + 0.7).clamp(0.0, 1.4) / 1.4;
            let mut c = [
                a[0] + (b[0] - a[0]) * t,
                a[1] + (b[1] - a[1]) * t,
                a[2] + (b[2] - a[2]) * t,
            ];
            for (disc, sx, sy, sw, sh, sc) in &shapes {
                let (px, py) = (x as f32 - sx, y as f32 - sy);
                let inside = if *disc {
                    (px / sw).powi(2) + (py / sh).powi(2) < 1.0
                } else {
                    px.abs() < *sw && py.abs() < *sh
                };
                if inside {
                    c = *sc;
                }
            }
            let n = (r.f() - 0.5) * 12.0;
            put(&mut img, x, y, c, n);
        }
    }
    img
}

/// Value noise over four octaves, mapped through a random two-colour palette.
fn noise(r: &mut Rng, w: u32, h: u32) -> RgbImage {
    let grid: Vec<Vec<f32>> = (0..4)
        .map(|o| {
            let n = 4usize << o;
            (0..(n + 1) * (n + 1)).map(|_| r.f()).collect()
        })
        .collect();
    let (a, b) = (colour(r), colour(r));
    let mut img = RgbImage::new(w, h);
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let mut v = 0.0;
            let mut amp = 0.5;
            for (o, g) in grid.iter().enumerate() {
                let n = 4usize << o;
                let (gx, gy) = (fx * n as f32, fy * n as f32);
                let (ix, iy) = ((gx as usize).min(n - 1), (gy as usize).min(n - 1));
                let (tx, ty) = (gx - ix as f32, gy - iy as f32);
                let at = |i: usize, j: usize| g[j * (n + 1) + i];
                let top = at(ix, iy) * (1.0 - tx) + at(ix + 1, iy) * tx;
                let bot = at(ix, iy + 1) * (1.0 - tx) + at(ix + 1, iy + 1) * tx;
                v += amp * (top * (1.0 - ty) + bot * ty);
                amp *= 0.5;
            }
            let v = (v / 0.9375).clamp(0.0, 1.0);
            let c = [
                a[0] + (b[0] - a[0]) * v,
                a[1] + (b[1] - a[1]) * v,
                a[2] + (b[2] - a[2]) * v,
            ];
            put(&mut img, x, y, c, (r.f() - 0.5) * 10.0);
        }
    }
    img
}

/// Sky and ground around a horizon, buildings with windows.
fn street(r: &mut Rng, w: u32, h: u32) -> RgbImage {
    let horizon = (0.3 + 0.35 * r.f()) * h as f32;
    let sky = [
        120.0 + 80.0 * r.f(),
        150.0 + 70.0 * r.f(),
        200.0 + 55.0 * r.f(),
    ];
    let ground = [
        60.0 + 80.0 * r.f(),
        50.0 + 70.0 * r.f(),
        40.0 + 60.0 * r.f(),
    ];
    let n = 4 + r.below(20);
    let blocks: Vec<(f32, f32, f32, f32, [f32; 3], f32)> = (0..n)
        .map(|_| {
            let bw = (0.04 + 0.2 * r.f()) * w as f32;
            let bh = (0.1 + 0.5 * r.f()) * h as f32;
            (
                r.f() * w as f32,
                horizon - bh * (0.5 + 0.5 * r.f()),
                bw,
                bh,
                colour(r),
                (0.008 + 0.02 * r.f()) * w as f32,
            )
        })
        .collect();
    let mut img = RgbImage::new(w, h);
    for y in 0..h {
        let yf = y as f32;
        let base = if yf < horizon {
            let t = yf / horizon;
            [sky[0] * (1.0 - 0.3 * t), sky[1] * (1.0 - 0.2 * t), sky[2]]
        } else {
            let t = (yf - horizon) / (h as f32 - horizon);
            let k = 0.8 + 0.4 * t;
            [ground[0] * k, ground[1] * k, ground[2] * k]
        };
        for x in 0..w {
            let xf = x as f32;
            let mut c = base;
            for (bx, by, bw, bh, bc, p) in &blocks {
                if xf >= *bx && xf < bx + bw && yf >= *by && yf < by + bh {
                    let win = (xf - bx) % p < p * 0.5 && (yf - by) % (p * 1.4) < p * 0.7;
                    c = if win {
                        [bc[0] * 0.4, bc[1] * 0.4, bc[2] * 0.45]
                    } else {
                        *bc
                    };
                }
            }
            put(&mut img, x, y, c, (r.f() - 0.5) * 12.0);
        }
    }
    img
}
