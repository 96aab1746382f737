//! Intake benchmark: `evault add` on a folder of 50 generated 12-megapixel phone-like JPEGs,
//! against `vipsthumbnail -s 256` on the same folder (one process, and one process per file with
//! 2 jobs), in the same run. For `evault add` two times: until every item is secured (the moment
//! its last `ID SHA PATH` line is printed: object durable, catalog commit and signed event
//! written) and until the last thumbnail is made (the process exits). Also prints an in-process
//! per-stage breakdown of one intake.
//!
//!     cargo bench --bench intake
//!
//! Environment: EVAULT_BENCH_PHOTOS (default 50), EVAULT_BENCH_REPEATS (default 3),
//! EVAULT_BENCH_DIR (cache of generated photos; default target/tmp/evault-bench).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

const W: usize = 4000;
const H: usize = 3000;
/// Bump when the generator changes, so cached photos are regenerated.
const GEN_VERSION: u32 = 3;

fn main() {
    let n: usize = std::env::var("EVAULT_BENCH_PHOTOS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let reps = repeats(3);
    header("intake: evault add vs vipsthumbnail -s 256");

    let t = Instant::now();
    let sets = generate_photos(n);
    println!(
        "photo sets ready in {:.1} s (cached under {})",
        t.elapsed().as_secs_f64(),
        data_root().display()
    );

    for (label, dir) in &sets {
        let files = files_under(dir, "jpg");
        assert_eq!(files.len(), n, "{} photos expected in {}", n, dir.display());
        let bytes = total_size(&files);
        check_exif(&files[0]);
        warm_cache(&files);
        println!();
        println!(
            "--- set '{label}': {} photos {}×{}, {:.1} MiB total, {:.2} MiB/photo avg ({}) ---",
            files.len(),
            W,
            H,
            mib(bytes),
            mib(bytes) / files.len() as f64,
            dir.display()
        );

        let mut secured_t = Vec::new();
        let mut evault_t = Vec::new();
        let mut vips1_t = Vec::new();
        let mut vips2_t = Vec::new();
        let mut exif_ok = (0, 0);
        for rep in 0..reps {
            // evault add into a fresh vault (KDF cheap: unlock is not what is measured).
            let vdir = scratch("intake-vault-");
            let vault = vdir.path().join("v");
            init_vault(&vault, Some(10));
            let (secured, done) = timed_add(&vault, dir, files.len());
            secured_t.push(secured);
            evault_t.push(done);
            if rep == 0 {
                exif_ok = check_catalog(&vault);
            }
            drop(vdir);

            // vipsthumbnail, one process for the whole folder.
            let out = scratch("intake-vips-");
            let mut c = Command::new("vipsthumbnail");
            c.args(["-s", "256", "-o"])
                .arg(format!("{}/%s.jpg", out.path().display()))
                .args(&files);
            vips1_t.push(time_cmd(&mut c));
            drop(out);

            // vipsthumbnail, one process per file, 2 at a time (like xargs -P2 -n1).
            let out = scratch("intake-vips2-");
            let pattern = format!("{}/%s.jpg", out.path().display());
            let t = Instant::now();
            parallel_each(&files, 2, |f| {
                time_cmd(
                    Command::new("vipsthumbnail")
                        .args(["-s", "256", "-o", &pattern])
                        .arg(f),
                );
            });
            vips2_t.push(t.elapsed());
            drop(out);
        }
        let nf = files.len() as f64;
        let row = |name: &str, s: &[Duration]| {
            let st = stats(s);
            println!(
                "{:<48} {:>9.3} {:>9.3} {:>10.1} {:>10.1} {:>9.1}",
                name,
                st.median,
                st.min,
                nf / st.median,
                1000.0 * st.median / nf,
                mib(bytes) / st.median
            );
            st.median
        };
        println!(
            "{:<48} {:>9} {:>9} {:>10} {:>10} {:>9}",
            "command (median of runs)", "wall s", "best s", "photos/s", "ms/photo", "MiB/s"
        );
        let sec = row(
            &format!("evault add: until all secured ({reps} runs)"),
            &secured_t,
        );
        let e = row("evault add: until last thumbnail (exit)", &evault_t);
        let v1 = row("vipsthumbnail -s 256, 1 process", &vips1_t);
        let v2 = row("vipsthumbnail -s 256, 1 proc/file, 2 jobs", &vips2_t);
        println!(
            "ratios to vipsthumbnail (1 process): secured {:.2}× (target ≤ 0.25), last thumbnail {:.2}× (target ≤ 0.6); to 2 jobs: {:.2}×, {:.2}×",
            sec / v1,
            e / v1,
            sec / v2,
            e / v2
        );
        println!(
            "catalog check (first run): {}/{} items are photos with camera+GPS+capture time and a thumbnail",
            exif_ok.0, exif_ok.1
        );
        breakdown(&files);
    }
    println!();
    println!("machine at end: {}", machine_conditions());
}

/// Runs `evault add --vault VAULT DIR` and returns (time until the last of `n` item lines was
/// printed, i.e. every item secured; time until the process exited, i.e. the last thumbnail).
fn timed_add(vault: &Path, dir: &Path, n: usize) -> (Duration, Duration) {
    use std::io::BufRead;
    let t = Instant::now();
    let mut child = evault()
        .arg("add")
        .arg("--vault")
        .arg(vault)
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut lines = 0;
    let mut secured = Duration::ZERO;
    for l in out.lines() {
        let l = l.unwrap();
        if l.split('\t').count() == 3 {
            lines += 1;
            secured = t.elapsed();
        }
    }
    let st = child.wait().unwrap();
    let done = t.elapsed();
    assert!(st.success(), "evault add failed");
    assert_eq!(lines, n, "one line per photo");
    (secured, done)
}

/// In-process cost of each intake stage, one photo at a time on one thread (mean over the set).
fn breakdown(files: &[PathBuf]) {
    use sha2::Digest;
    use std::time::Duration as D;
    let recipient = age::x25519::Identity::generate().to_public();
    let (mut t_read, mut t_sha, mut t_age, mut t_exif, mut t_probe, mut t_seal) =
        (D::ZERO, D::ZERO, D::ZERO, D::ZERO, D::ZERO, D::ZERO);
    let (mut t_decode, mut t_encode, mut t_phash, mut t_tseal) =
        (D::ZERO, D::ZERO, D::ZERO, D::ZERO);
    let staging = scratch("intake-breakdown-");
    for f in files {
        let t = Instant::now();
        let bytes = std::fs::read(f).unwrap();
        t_read += t.elapsed();
        let t = Instant::now();
        let _ = sha2::Sha256::digest(&bytes);
        t_sha += t.elapsed();
        let t = Instant::now();
        let enc =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut out = Vec::with_capacity(bytes.len() + 4096);
        let mut w = enc.wrap_output(&mut out).unwrap();
        w.write_all(&bytes).unwrap();
        w.finish().unwrap();
        t_age += t.elapsed();
        let t = Instant::now();
        let facts = evidence_vault::intake::exif::read_exif(&bytes);
        t_exif += t.elapsed();
        let t = Instant::now();
        evidence_vault::intake::thumb::probe(&bytes).unwrap();
        t_probe += t.elapsed();
        // Library path: hash + encrypt + write + fsync a staging file (what intake does).
        let t = Instant::now();
        let sealed =
            evidence_vault::objects::seal_bytes(&bytes, staging.path(), &[&recipient]).unwrap();
        t_seal += t.elapsed();
        drop(sealed);
        // After the item is secured: decode at 1/8 in the DCT + resize, JPEG, hash, seal.
        let orientation = facts.and_then(|f| f.orientation);
        let t = Instant::now();
        let d = evidence_vault::intake::thumb::decode_scaled(&bytes, 256, orientation).unwrap();
        t_decode += t.elapsed();
        let t = Instant::now();
        let jpeg = evidence_vault::intake::thumb::encode_thumbnail(&d.image).unwrap();
        t_encode += t.elapsed();
        let t = Instant::now();
        let _ = evidence_vault::intake::phash::phash(&d.image);
        t_phash += t.elapsed();
        let t = Instant::now();
        let sealed =
            evidence_vault::objects::seal_bytes(&jpeg, staging.path(), &[&recipient]).unwrap();
        t_tseal += t.elapsed();
        drop(sealed);
    }
    let n = files.len() as f64;
    let ms = |d: Duration| 1000.0 * d.as_secs_f64() / n;
    println!("in-process breakdown, 1 thread, mean ms/photo:");
    println!(
        "  read {:.1} | sha256 {:.1} | age encrypt (memory) {:.1}",
        ms(t_read),
        ms(t_sha),
        ms(t_age)
    );
    println!(
        "  until secured:  seal (sha+age+write+fsync) {:.1} | metadata (EXIF/XMP/IPTC) {:.2} | header probe {:.2}  = {:.1}",
        ms(t_seal),
        ms(t_exif),
        ms(t_probe),
        ms(t_seal) + ms(t_exif) + ms(t_probe)
    );
    println!(
        "  after:          decode 1/8 DCT + resize {:.1} | thumbnail JPEG {:.2} | perceptual hash {:.2} | seal thumbnail {:.2}  = {:.1}",
        ms(t_decode),
        ms(t_encode),
        ms(t_phash),
        ms(t_tseal),
        ms(t_decode) + ms(t_encode) + ms(t_phash) + ms(t_tseal)
    );
    let secure = ms(t_seal) + ms(t_exif) + ms(t_probe);
    let all = secure + ms(t_decode) + ms(t_encode) + ms(t_phash) + ms(t_tseal);
    println!(
        "  CPU per photo ≈ {secure:.1} ms to secure, {all:.1} ms in all ⇒ on 2 cores ≈ {:.1} / {:.1} ms/photo",
        secure / 2.0,
        all / 2.0
    );
}

/// Asserts the generated EXIF reads back with kamadak-exif (strictly, without continue_on_error).
fn check_exif(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&bytes))
        .expect("generated EXIF must parse strictly");
    for tag in [
        exif::Tag::Make,
        exif::Tag::Model,
        exif::Tag::Orientation,
        exif::Tag::DateTimeOriginal,
        exif::Tag::OffsetTimeOriginal,
        exif::Tag::GPSLatitude,
        exif::Tag::GPSLongitude,
        exif::Tag::PixelXDimension,
    ] {
        assert!(
            exif.get_field(tag, exif::In::PRIMARY).is_some(),
            "{tag} missing"
        );
    }
    let facts = evidence_vault::intake::exif::read_exif(&bytes).expect("library reads EXIF");
    assert!(
        facts.gps.is_some() && facts.captured_at.is_some() && facts.camera.is_some(),
        "library EXIF facts incomplete for {}: {facts:?}",
        path.display()
    );
}

/// (photos with camera, gps and capture time, total items) from `evault list --json`.
fn check_catalog(vault: &Path) -> (usize, usize) {
    let out = output(evault().arg("list").arg("--vault").arg(vault).arg("--json"));
    let mut ok = 0;
    let mut total = 0;
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        total += 1;
        if v["kind"] == "photo"
            && v["has_thumbnail"] == true
            && !v["camera"].is_null()
            && !v["gps"].is_null()
            && !v["captured_at"].is_null()
        {
            ok += 1;
        }
    }
    (ok, total)
}

// ---------------------------------------------------------------------------------------------
// Photo generation

/// Generates (once, cached) two sets of `n` photos: EXIF without and with an embedded IFD1
/// thumbnail. JPEG encoding is done by `vips` (libjpeg, 4:2:0 chroma, Q 92, like a phone); the
/// EXIF APP1 segment is built here and spliced in after SOI.
fn generate_photos(n: usize) -> Vec<(String, PathBuf)> {
    let root = data_root().join(format!("photos-v{GEN_VERSION}-{n}"));
    let sets = vec![
        ("exif".to_owned(), root.join("exif")),
        ("exif+thumbnail".to_owned(), root.join("exif-thumb")),
    ];
    if root.join("complete").exists() {
        return sets;
    }
    let _ = std::fs::remove_dir_all(&root);
    for (_, d) in &sets {
        std::fs::create_dir_all(d).unwrap();
    }
    let tmp = scratch("gen-");
    let idx: Vec<usize> = (0..n).collect();
    parallel_each(&idx, 2, |&i| {
        let pixels = render(i as u64 + 1);
        let ppm = tmp.path().join(format!("{i}.ppm"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&ppm).unwrap());
        write!(f, "P6\n{W} {H}\n255\n").unwrap();
        f.write_all(&pixels).unwrap();
        f.flush().unwrap();
        drop(f);
        let jpg = tmp.path().join(format!("{i}.jpg"));
        time_cmd(
            Command::new("vips")
                .arg("copy")
                .arg(&ppm)
                .arg(format!("{}[Q=92,subsample_mode=on,strip]", jpg.display())),
        );
        let _ = std::fs::remove_file(&ppm);
        let body = std::fs::read(&jpg).unwrap();
        let _ = std::fs::remove_file(&jpg);
        let thumb = small_jpeg(&pixels, 160, 120);
        let name = format!("IMG_{:04}.jpg", 1000 + i);
        for (k, (_, d)) in sets.iter().enumerate() {
            let app1 = exif_app1(i, if k == 1 { Some(&thumb) } else { None });
            let mut out = Vec::with_capacity(body.len() + app1.len());
            out.extend_from_slice(&body[..2]); // SOI
            out.extend_from_slice(&app1);
            out.extend_from_slice(&body[2..]);
            std::fs::write(d.join(&name), out).unwrap();
        }
    });
    std::fs::write(root.join("complete"), b"").unwrap();
    sets
}

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
}

/// A synthetic street scene: sky and ground gradients, ~40 buildings with window grids, a few
/// superimposed low-frequency waves and per-pixel sensor-like noise (σ≈6), so the JPEG compresses
/// like a real photo (~4 MB at Q 92) rather than like a flat colour.
fn render(seed: u64) -> Vec<u8> {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let sigma = 6.0f32;
    let horizon = (0.3 + 0.3 * r.f()) * H as f32;
    let sky = [
        120.0 + 60.0 * r.f(),
        150.0 + 60.0 * r.f(),
        200.0 + 50.0 * r.f(),
    ];
    let ground = [
        90.0 + 60.0 * r.f(),
        80.0 + 50.0 * r.f(),
        60.0 + 40.0 * r.f(),
    ];
    struct B {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        c: [f32; 3],
        p: f32,
    }
    let mut blocks = Vec::new();
    for _ in 0..40 {
        let w = 100.0 + 500.0 * r.f();
        let h = 100.0 + 900.0 * r.f();
        blocks.push(B {
            x: r.f() * W as f32,
            y: horizon - h * 0.7 + r.f() * H as f32 * 0.5,
            w,
            h,
            c: [
                60.0 + 150.0 * r.f(),
                60.0 + 140.0 * r.f(),
                50.0 + 130.0 * r.f(),
            ],
            p: 20.0 + 40.0 * r.f(),
        });
    }
    let fx = [
        0.002 + 0.004 * r.f(),
        0.01 + 0.02 * r.f(),
        0.05 + 0.05 * r.f(),
    ];
    let ph = [r.f() * 6.0, r.f() * 6.0, r.f() * 6.0];
    let mut img = vec![0u8; W * H * 3];
    for (y, row) in img.chunks_exact_mut(W * 3).enumerate() {
        let yf = y as f32;
        let in_row: Vec<&B> = blocks
            .iter()
            .filter(|b| yf >= b.y && yf < b.y + b.h)
            .collect();
        let base = if yf < horizon {
            let t = yf / horizon;
            [
                sky[0] * (1.0 - 0.3 * t),
                sky[1] * (1.0 - 0.2 * t),
                sky[2] * (1.0 - 0.1 * t),
            ]
        } else {
            let t = (yf - horizon) / (H as f32 - horizon);
            let k = 0.8 + 0.4 * t;
            [ground[0] * k, ground[1] * k, ground[2] * k]
        };
        for x in 0..W {
            let xf = x as f32;
            let mut c = base;
            for b in &in_row {
                if xf >= b.x && xf < b.x + b.w {
                    let win = (xf - b.x) % b.p < b.p * 0.5 && (yf - b.y) % (b.p * 1.3) < b.p * 0.6;
                    c = if win {
                        [b.c[0] * 0.4, b.c[1] * 0.4, b.c[2] * 0.45]
                    } else {
                        b.c
                    };
                }
            }
            let tex = 12.0 * (xf * fx[0] + ph[0]).sin() * (yf * fx[0] * 1.3).cos()
                + 6.0 * (xf * fx[1] + yf * fx[1] * 0.7 + ph[1]).sin()
                + 4.0 * ((xf + yf) * fx[2] + ph[2]).sin();
            let n = (r.f() + r.f() + r.f() - 1.5) * 2.0 * sigma;
            let cn = (r.f() - 0.5) * sigma * 0.5;
            let px = &mut row[x * 3..x * 3 + 3];
            px[0] = (c[0] + tex + n + cn).clamp(0.0, 255.0) as u8;
            px[1] = (c[1] + tex + n).clamp(0.0, 255.0) as u8;
            px[2] = (c[2] + tex + n - cn).clamp(0.0, 255.0) as u8;
        }
    }
    img
}

/// Box-downscaled copy of the picture as a small JPEG (the camera's EXIF thumbnail).
fn small_jpeg(pixels: &[u8], tw: usize, th: usize) -> Vec<u8> {
    let (sx, sy) = (W / tw, H / th);
    let mut small = image::RgbImage::new(tw as u32, th as u32);
    for ty in 0..th {
        for tx in 0..tw {
            let mut acc = [0u32; 3];
            for y in (ty * sy..(ty + 1) * sy).step_by(4) {
                for x in (tx * sx..(tx + 1) * sx).step_by(4) {
                    let i = (y * W + x) * 3;
                    for k in 0..3 {
                        acc[k] += u32::from(pixels[i + k]);
                    }
                }
            }
            let cnt = (sy.div_ceil(4) * sx.div_ceil(4)) as u32;
            small.put_pixel(
                tx as u32,
                ty as u32,
                image::Rgb([
                    (acc[0] / cnt) as u8,
                    (acc[1] / cnt) as u8,
                    (acc[2] / cnt) as u8,
                ]),
            );
        }
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&small)
        .unwrap();
    out
}

// ---------------------------------------------------------------------------------------------
// A minimal, correct EXIF (TIFF, little-endian) writer

enum Val {
    Ascii(String),
    Short(u16),
    Long(u32),
    Rational(Vec<(u32, u32)>),
    Byte(Vec<u8>),
    Undefined(Vec<u8>),
}

impl Val {
    fn type_and_bytes(&self) -> (u16, u32, Vec<u8>) {
        match self {
            Val::Byte(b) => (1, b.len() as u32, b.clone()),
            Val::Ascii(s) => {
                let mut b = s.as_bytes().to_vec();
                b.push(0);
                (2, b.len() as u32, b)
            }
            Val::Short(v) => (3, 1, v.to_le_bytes().to_vec()),
            Val::Long(v) => (4, 1, v.to_le_bytes().to_vec()),
            Val::Rational(rs) => {
                let mut b = Vec::new();
                for (n, d) in rs {
                    b.extend_from_slice(&n.to_le_bytes());
                    b.extend_from_slice(&d.to_le_bytes());
                }
                (5, rs.len() as u32, b)
            }
            Val::Undefined(b) => (7, b.len() as u32, b.clone()),
        }
    }
}

/// Serializes one IFD starting at TIFF offset `start` (entries sorted by tag), its out-of-line
/// values right after it, and `next` as the next-IFD offset (0 terminates the chain).
fn ifd(entries: &mut [(u16, Val)], start: u32, next: u32) -> Vec<u8> {
    entries.sort_by_key(|e| e.0);
    let n = entries.len();
    let mut data_off = start + 2 + 12 * n as u32 + 4;
    let mut head = Vec::new();
    let mut data = Vec::new();
    head.extend_from_slice(&(n as u16).to_le_bytes());
    for (tag, v) in entries.iter() {
        let (ty, count, bytes) = v.type_and_bytes();
        head.extend_from_slice(&tag.to_le_bytes());
        head.extend_from_slice(&ty.to_le_bytes());
        head.extend_from_slice(&count.to_le_bytes());
        if bytes.len() <= 4 {
            let mut b = bytes.clone();
            b.resize(4, 0);
            head.extend_from_slice(&b);
        } else {
            head.extend_from_slice(&data_off.to_le_bytes());
            data.extend_from_slice(&bytes);
            if data.len() % 2 == 1 {
                data.push(0);
            }
            data_off = start + 2 + 12 * n as u32 + 4 + data.len() as u32;
        }
    }
    head.extend_from_slice(&next.to_le_bytes());
    head.extend_from_slice(&data);
    head
}

/// Degrees as EXIF degrees/minutes/seconds rationals, seconds in hundredths (integer split, so
/// seconds never round up to 60).
fn dms(deg: f64) -> Vec<(u32, u32)> {
    let total = (deg * 360_000.0).round() as u32;
    vec![
        (total / 360_000, 1),
        (total % 360_000 / 6_000, 1),
        (total % 6_000, 100),
    ]
}

/// The APP1 segment (marker, length, "Exif\0\0", TIFF) for photo `i`: IFD0 (Make, Model,
/// Orientation, resolution, Software, DateTime, Exif and GPS pointers), Exif IFD
/// (DateTimeOriginal, OffsetTimeOriginal, PixelX/YDimension), GPS IFD (Syria) and, if a thumbnail
/// is given, IFD1 with JPEGInterchangeFormat/Length followed by the thumbnail bytes.
fn exif_app1(i: usize, thumb: Option<&[u8]>) -> Vec<u8> {
    let (make, model) = match i % 3 {
        0 => ("samsung", "SM-G991B"),
        1 => ("Apple", "iPhone 12"),
        _ => ("Xiaomi", "Redmi Note 9 Pro"),
    };
    let orientation = if i % 4 == 3 { 6 } else { 1 };
    let minute = i % 60;
    let when = format!(
        "2017:03:{:02} 09:{:02}:{:02}",
        20 + (i / 60) % 8,
        minute,
        (i * 7) % 60
    );
    // Around Tabqa and Raqqa, Syria.
    let lat = 35.83 + (i % 10) as f64 * 0.012;
    let lon = 38.55 + (i % 7) as f64 * 0.06;

    let ifd0_entries = |exif_ptr: u32, gps_ptr: u32| -> Vec<(u16, Val)> {
        vec![
            (0x010F, Val::Ascii(make.into())),
            (0x0110, Val::Ascii(model.into())),
            (0x0112, Val::Short(orientation)),
            (0x011A, Val::Rational(vec![(72, 1)])),
            (0x011B, Val::Rational(vec![(72, 1)])),
            (0x0128, Val::Short(2)),
            (0x0131, Val::Ascii("G991BXXU5CVF3".into())),
            (0x0132, Val::Ascii(when.clone())),
            (0x8769, Val::Long(exif_ptr)),
            (0x8825, Val::Long(gps_ptr)),
        ]
    };
    let mut exif_entries = vec![
        (0x9000, Val::Undefined(b"0232".to_vec())),
        (0x9003, Val::Ascii(when.clone())),
        (0x9004, Val::Ascii(when.clone())),
        (0x9011, Val::Ascii("+03:00".into())),
        (0xA002, Val::Long(W as u32)),
        (0xA003, Val::Long(H as u32)),
    ];
    let mut gps_entries = vec![
        (0x0000, Val::Byte(vec![2, 3, 0, 0])),
        (0x0001, Val::Ascii("N".into())),
        (0x0002, Val::Rational(dms(lat))),
        (0x0003, Val::Ascii("E".into())),
        (0x0004, Val::Rational(dms(lon))),
    ];
    let ifd1_entries = |off: u32, len: u32| -> Vec<(u16, Val)> {
        vec![
            (0x0103, Val::Short(6)),
            (0x011A, Val::Rational(vec![(72, 1)])),
            (0x011B, Val::Rational(vec![(72, 1)])),
            (0x0128, Val::Short(2)),
            (0x0201, Val::Long(off)),
            (0x0202, Val::Long(len)),
        ]
    };
    // Sizes do not depend on offset values, so lay out once with zeros, then for real.
    let ifd0_len = ifd(&mut ifd0_entries(0, 0), 8, 0).len() as u32;
    let exif_at = 8 + ifd0_len;
    let exif_len = ifd(&mut exif_entries, exif_at, 0).len() as u32;
    let gps_at = exif_at + exif_len;
    let gps_len = ifd(&mut gps_entries, gps_at, 0).len() as u32;
    let ifd1_at = gps_at + gps_len;
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    let next0 = if thumb.is_some() { ifd1_at } else { 0 };
    tiff.extend(ifd(&mut ifd0_entries(exif_at, gps_at), 8, next0));
    tiff.extend(ifd(&mut exif_entries, exif_at, 0));
    tiff.extend(ifd(&mut gps_entries, gps_at, 0));
    if let Some(t) = thumb {
        let ifd1_len = ifd(&mut ifd1_entries(0, 0), ifd1_at, 0).len() as u32;
        let thumb_at = ifd1_at + ifd1_len;
        tiff.extend(ifd(&mut ifd1_entries(thumb_at, t.len() as u32), ifd1_at, 0));
        tiff.extend_from_slice(t);
    }
    let mut seg = vec![0xFF, 0xE1];
    let len = 2 + 6 + tiff.len();
    assert!(len <= 0xFFFF, "APP1 too large");
    seg.extend_from_slice(&(len as u16).to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(&tiff);
    seg
}
