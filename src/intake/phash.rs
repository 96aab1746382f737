//! A perceptual hash: 128 bits that stay nearly the same when a picture is re-encoded, resized,
//! stripped of its metadata or slightly cropped, so that copies passed around by messaging apps
//! can be found (`Vault::similar`).
//!
//! Two 64-bit DCT hashes of the picture (in display orientation) averaged into 32×32 cells: of its
//! brightness (the 8×8 lowest frequencies of the 2-D DCT-II, one bit per coefficient above their
//! median) and of its colour (the 6×6 lowest frequencies of each chroma plane, Cb and Cr, 32 bits
//! each). Brightness alone pairs unrelated pictures of the same layout (sky above, street
//! below); requiring the colours to agree too removes those pairs. Measured on generated copies
//! and unrelated photos (`benches/similar.rs`): see [`NEAR_DUPLICATE_DISTANCE`].

use image::DynamicImage;

/// Side of the grids the DCTs run on.
const N: usize = 32;

/// The perceptual hash of one picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PHash {
    /// Brightness: 64 bits.
    pub luma: u64,
    /// Colour: 32 bits of Cb (low half) and 32 of Cr (high half).
    pub chroma: u64,
}

impl PHash {
    /// The 16 bytes stored in the catalog: brightness then colour, each little-endian.
    pub fn to_bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.luma.to_le_bytes());
        b[8..].copy_from_slice(&self.chroma.to_le_bytes());
        b
    }

    pub fn from_bytes(b: &[u8]) -> Option<Self> {
        if b.len() != 16 {
            return None;
        }
        Some(PHash {
            luma: u64::from_le_bytes(b[..8].try_into().ok()?),
            chroma: u64::from_le_bytes(b[8..].try_into().ok()?),
        })
    }
}

/// Brightness distances up to this count as near-duplicates by default (with colour distances
/// up to [`color_limit`] of it). Measured (`cargo bench --bench similar`, 200 photos with copies
/// re-encoded at quality 60, resized to 1600 px, stripped and cropped 5 %, plus 1,000 unrelated
/// photos): see benches/README.md.
pub const NEAR_DUPLICATE_DISTANCE: u32 = 16;

/// The colour distance allowed with a brightness limit of `max`: three quarters of it.
pub fn color_limit(max: u32) -> u32 {
    max * 3 / 4
}

/// Hamming distances (brightness, colour) between two hashes.
pub fn distance(a: PHash, b: PHash) -> (u32, u32) {
    (
        (a.luma ^ b.luma).count_ones(),
        (a.chroma ^ b.chroma).count_ones(),
    )
}

/// Whether two hashes are near-duplicates within brightness distance `max`.
pub fn is_near(a: PHash, b: PHash, max: u32) -> bool {
    let (l, c) = distance(a, b);
    l <= max && c <= color_limit(max)
}

/// Groups of near-duplicates among `hashes` (brightness within `max`, colour within
/// [`color_limit`]), joined by single linkage: each group lists the indices of its members in
/// increasing order, groups of one are left out, groups ordered by their first member.
///
/// Every pair is compared: at the default distance a quarter of the bits may differ, so a
/// Hamming-space index (multi-index hashing, a BK-tree) would still visit most of the set. The
/// comparison is on the bare bits, brightness first, with the CPU's popcount instruction and
/// the rows shared among the cores (`cargo bench --bench similar` times it at 10,000 and
/// 100,000 hashes).
pub fn near_groups(hashes: &[PHash], max: u32) -> Vec<Vec<usize>> {
    let n = hashes.len();
    let luma: Vec<u64> = hashes.iter().map(|h| h.luma).collect();
    let chroma: Vec<u64> = hashes.iter().map(|h| h.chroma).collect();
    let cmax = color_limit(max);
    let workers = crate::progress::worker_count(0, n / 2048 + 1);
    // Each worker takes every `workers`-th row, so the triangle is shared evenly.
    let (luma, chroma) = (&luma[..], &chroma[..]);
    let pairs_of = move |w: usize| {
        near_pairs(Rows {
            luma,
            chroma,
            first: w,
            step: workers,
            max,
            cmax,
        })
    };
    let pairs: Vec<(usize, usize)> = if workers <= 1 {
        pairs_of(0)
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| scope.spawn(move || pairs_of(w)))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, j) in pairs {
        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let g = root(&mut parent, i);
        groups.entry(g).or_default().push(i);
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

/// Which rows of the triangle one worker compares: rows `first, first + step, …` against every
/// later hash, near when brightness is within `max` and colour within `cmax`.
#[derive(Clone, Copy)]
struct Rows<'a> {
    luma: &'a [u64],
    chroma: &'a [u64],
    first: usize,
    step: usize,
    max: u32,
    cmax: u32,
}

/// The near pairs `(i, j)`, `i < j`, of `rows`; with the CPU's popcount instruction where it
/// has one (x86-64 builds do not assume it: without it a count of bits takes a dozen
/// instructions, and this loop runs n²/2 times).
fn near_pairs(rows: Rows) -> Vec<(usize, usize)> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the CPU has just been found to have the popcnt instruction, the only
        // requirement of the function.
        return unsafe { near_pairs_popcnt(rows) };
    }
    near_pairs_portable(rows)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn near_pairs_popcnt(rows: Rows) -> Vec<(usize, usize)> {
    near_pairs_portable(rows)
}

// Inlined into its callers so that it is compiled with their target features.
#[inline(always)]
fn near_pairs_portable(r: Rows) -> Vec<(usize, usize)> {
    let (luma, chroma) = (r.luma, r.chroma);
    let n = luma.len().min(chroma.len());
    let mut pairs = Vec::new();
    for i in (r.first..n).step_by(r.step.max(1)) {
        let (li, ci) = (luma[i], chroma[i]);
        for (k, (&lj, &cj)) in luma[i + 1..n].iter().zip(&chroma[i + 1..n]).enumerate() {
            // Brightness first: almost every pair fails it.
            if (li ^ lj).count_ones() <= r.max && (ci ^ cj).count_ones() <= r.cmax {
                pairs.push((i, i + 1 + k));
            }
        }
    }
    pairs
}

/// The hash of a picture (already in display orientation).
pub fn phash(image: &DynamicImage) -> PHash {
    let rgb = image.to_rgb8();
    let (w, h) = (rgb.width() as usize, rgb.height() as usize);
    let mut sums = [[0f64; N * N]; 3];
    let mut counts = [0f64; N * N];
    for (x, y, p) in rgb.enumerate_pixels() {
        let (x, y) = (x as usize, y as usize);
        let cell = (y * N / h.max(1)).min(N - 1) * N + (x * N / w.max(1)).min(N - 1);
        let (r, g, b) = (f64::from(p.0[0]), f64::from(p.0[1]), f64::from(p.0[2]));
        sums[0][cell] += 0.299 * r + 0.587 * g + 0.114 * b;
        sums[1][cell] += -0.168_736 * r - 0.331_264 * g + 0.5 * b;
        sums[2][cell] += 0.5 * r - 0.418_688 * g - 0.081_312 * b;
        counts[cell] += 1.0;
    }
    let mut planes = [[0f64; N * N]; 3];
    for (plane, sum) in planes.iter_mut().zip(&sums) {
        for (i, v) in plane.iter_mut().enumerate() {
            *v = sum[i] / counts[i].max(1.0);
        }
    }
    let luma = bits(&dct(&planes[0], 8), 64);
    let cb = bits(&dct(&planes[1], 6), 32);
    let cr = bits(&dct(&planes[2], 6), 32);
    // (The median of each chroma plane is taken over its 36 coefficients; the first 32 kept.)
    PHash {
        luma,
        chroma: cb | (cr << 32),
    }
}

/// The `k`×`k` lowest-frequency coefficients of the 2-D DCT-II of an N×N grid (row-major).
fn dct(px: &[f64; N * N], k: usize) -> Vec<f64> {
    let c: Vec<Vec<f64>> = (0..k)
        .map(|u| {
            (0..N)
                .map(|x| {
                    ((2 * x + 1) as f64 * u as f64 * std::f64::consts::PI / (2 * N) as f64).cos()
                })
                .collect()
        })
        .collect();
    let mut rows = vec![vec![0f64; k]; N];
    for (y, row) in rows.iter_mut().enumerate() {
        for (u, v) in row.iter_mut().enumerate() {
            *v = (0..N).map(|x| px[y * N + x] * c[u][x]).sum();
        }
    }
    let mut coef = vec![0f64; k * k];
    for v in 0..k {
        for u in 0..k {
            coef[v * k + u] = (0..N).map(|y| rows[y][u] * c[v][y]).sum();
        }
    }
    coef
}

/// One bit for each of the first `n` coefficients: above the median of all of them.
fn bits(coef: &[f64], n: usize) -> u64 {
    let mut sorted = coef.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let median = sorted[sorted.len() / 2];
    coef.iter()
        .take(n.min(64))
        .enumerate()
        .fold(0u64, |h, (i, v)| if *v > median { h | (1 << i) } else { h })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(seed: u32, w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            let fx = x as f32 / w as f32;
            let fy = y as f32 / h as f32;
            let s = seed as f32;
            let v = ((fx * (3.0 + s)).sin() * (fy * (2.0 + s * 0.7)).cos() * 120.0 + 128.0) as u8;
            image::Rgb([v, v.wrapping_add((seed * 40) as u8), 255 - v])
        }))
    }

    #[test]
    fn near_groups_join_chains_and_leave_singles_out() {
        let h = |luma: u64, chroma: u64| PHash { luma, chroma };
        let hashes = [
            h(0, 0),
            h(u64::MAX, u64::MAX),
            h(0xFF, 0),            // 8 bits from the first
            h(0xFFFF, 0),          // 8 from the third, 16 from the first: joined through it
            h(0, 0xFFF),           // colour 12 away: near only at 16 (colour limit 12)
            h(u64::MAX, u64::MAX), // the second again
            h(0x5555_5555_5555_5555, 0),
        ];
        assert_eq!(near_groups(&hashes, 8), vec![vec![0, 2, 3], vec![1, 5]]);
        assert_eq!(near_groups(&hashes, 16), vec![vec![0, 2, 3, 4], vec![1, 5]]);
        assert!(near_groups(&hashes[..1], 16).is_empty());
        assert!(near_groups(&[], 16).is_empty());
    }

    #[test]
    fn copies_are_near_and_others_far() {
        let a = picture(1, 640, 480);
        let h = phash(&a);
        // Resized, re-encoded as JPEG at quality 60.
        let small = a.resize(320, 240, image::imageops::FilterType::Triangle);
        let mut jpg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 60)
            .encode_image(&small.to_rgb8())
            .unwrap();
        let copy = image::load_from_memory(&jpg).unwrap();
        assert!(
            distance(h, phash(&copy)).0 <= 6,
            "{:?}",
            distance(h, phash(&copy))
        );
        assert!(is_near(h, phash(&copy), NEAR_DUPLICATE_DISTANCE));
        // Cropped by 5 %.
        let crop = a.crop_imm(16, 12, 608, 456);
        assert!(is_near(h, phash(&crop), NEAR_DUPLICATE_DISTANCE));
        // Another picture.
        assert!(!is_near(
            h,
            phash(&picture(5, 640, 480)),
            NEAR_DUPLICATE_DISTANCE
        ));
        assert_eq!(distance(h, h), (0, 0));
        assert_eq!(PHash::from_bytes(&h.to_bytes()), Some(h));
        assert_eq!(PHash::from_bytes(&[1, 2, 3]), None);
    }
}
