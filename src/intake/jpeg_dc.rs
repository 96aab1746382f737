//! A baseline JPEG decoded at 1/8 scale from its DC coefficients alone.
//!
//! A JPEG stores each 8×8 block as a DC coefficient (the block's mean) followed by 63 AC
//! coefficients. A 1/8-scale picture is exactly the DC of every block, so this decoder
//! entropy-decodes the AC coefficients only to skip them — no dequantisation, no inverse DCT, no
//! coefficient storage — which is where a general decoder spends most of its time at this scale.
//! It handles what cameras and phones write: baseline or extended sequential Huffman JPEGs,
//! 8-bit, one interleaved scan, greyscale or YCbCr (any sampling factors), restart intervals.
//! Anything else (progressive, arithmetic, 12-bit, CMYK, several scans) returns
//! [`DcError::Unsupported`] and the caller uses the general decoder. Every read is bounds-checked:
//! hostile data gives an error, never a panic or an allocation beyond the picture's size.

use image::{DynamicImage, GrayImage, RgbImage};

#[derive(Debug, PartialEq, Eq)]
pub enum DcError {
    /// Not a JPEG this decoder handles (the general decoder may).
    Unsupported,
    /// The data is damaged.
    Corrupt(&'static str),
}

/// A Huffman table: a fast lookup of the first `LUT_BITS` bits, then the canonical code ranges.
struct Huffman {
    /// For each `LUT_BITS`-bit prefix: (code length, symbol), length 0 when longer.
    lut: Vec<(u8, u8)>,
    /// Largest code of each length (1..=16) left-aligned, and where its symbols start.
    maxcode: [i32; 18],
    valptr: [i32; 17],
    mincode: [i32; 17],
    symbols: Vec<u8>,
    /// For AC tables: per `LUT_BITS`-bit prefix, a whole coefficient to skip at once when its
    /// code and value fit: `bits | advance << 8 | kind << 16` (kind 1 coefficient, 2 end of
    /// block, 3 sixteen zeros; 0 = take the slow path).
    ac: Box<[u32; LUT_SIZE]>,
}

const LUT_BITS: u32 = 12;
const LUT_SIZE: usize = 1 << LUT_BITS;

impl Huffman {
    fn new(counts: &[u8; 16], symbols: &[u8]) -> Result<Self, DcError> {
        let total: usize = counts.iter().map(|c| usize::from(*c)).sum();
        if total > 256 || total != symbols.len() {
            return Err(DcError::Corrupt("bad Huffman table"));
        }
        let mut lut = vec![(0u8, 0u8); 1 << LUT_BITS];
        let mut maxcode = [-1i32; 18];
        let mut valptr = [0i32; 17];
        let mut mincode = [0i32; 17];
        let mut code: i32 = 0;
        let mut k = 0usize;
        for len in 1..=16usize {
            let n = usize::from(counts[len - 1]);
            valptr[len] = k as i32;
            mincode[len] = code;
            for _ in 0..n {
                if len as u32 <= LUT_BITS {
                    let shift = LUT_BITS - len as u32;
                    let first = (code as usize) << shift;
                    for e in lut.iter_mut().skip(first).take(1 << shift) {
                        *e = (len as u8, symbols[k]);
                    }
                }
                code += 1;
                k += 1;
            }
            if code > (1 << len) {
                return Err(DcError::Corrupt("bad Huffman table"));
            }
            maxcode[len] = if n > 0 { code - 1 } else { -1 };
            code <<= 1;
        }
        maxcode[17] = i32::MAX;
        let mut ac = Box::new([0u32; LUT_SIZE]);
        for (slot, &(len, rs)) in ac.iter_mut().zip(lut.iter()) {
            *slot = {
                let (len, r, size) = (u32::from(len), u32::from(rs >> 4), u32::from(rs & 15));
                match (len, size, r) {
                    (0, _, _) => 0,
                    (l, 0, 0) => l | 2 << 16,
                    (l, 0, 15) => l | 3 << 16,
                    (_, 0, _) => 0,
                    (l, s, r) if l + s <= LUT_BITS => (l + s) | (r + 1) << 8 | 1 << 16,
                    _ => 0,
                }
            };
        }
        Ok(Huffman {
            lut,
            maxcode,
            valptr,
            mincode,
            symbols: symbols.to_vec(),
            ac,
        })
    }
}

/// Reads entropy-coded bits, removing stuffed zero bytes; stops at a marker.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u64,
    n: u32,
    /// A marker was reached (its position is `pos`); zeros are fed from then on.
    marker: bool,
}

impl<'a> Bits<'a> {
    fn new(data: &'a [u8], pos: usize) -> Self {
        Bits {
            data,
            pos,
            acc: 0,
            n: 0,
            marker: false,
        }
    }

    #[inline]
    fn fill(&mut self) {
        // Fast path: the next bytes hold no 0xFF (no stuffing, no marker): load them at once.
        if !self.marker
            && let Some(w) = self
                .data
                .get(self.pos..self.pos + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
        {
            let w = u64::from_be_bytes(w);
            let k = (64 - self.n) / 8; // whole bytes that fit
            let used = self.n + 8 * k;
            // 0xFF bytes among the k taken become zero bytes here (the others are set non-zero).
            let probe = if k == 8 {
                !w
            } else {
                !w | (u64::MAX >> (8 * k))
            };
            let has_ff = probe.wrapping_sub(0x0101_0101_0101_0101) & !probe & 0x8080_8080_8080_8080;
            if has_ff == 0 {
                let v = w >> self.n;
                let v = if used >= 64 {
                    v
                } else {
                    v & !(u64::MAX >> used)
                };
                self.acc |= v;
                self.n = used;
                self.pos += k as usize;
                return;
            }
        }
        while self.n <= 56 {
            let mut byte = 0u8;
            if !self.marker {
                match self.data.get(self.pos) {
                    Some(&0xFF) => match self.data.get(self.pos + 1) {
                        Some(0x00) => {
                            byte = 0xFF;
                            self.pos += 2;
                        }
                        _ => self.marker = true,
                    },
                    Some(&b) => {
                        byte = b;
                        self.pos += 1;
                    }
                    None => self.marker = true,
                }
            }
            self.acc |= u64::from(byte) << (56 - self.n);
            self.n += 8;
        }
    }

    #[inline]
    fn peek(&mut self, bits: u32) -> u32 {
        if self.n < bits {
            self.fill();
        }
        (self.acc >> (64 - bits)) as u32
    }

    #[inline]
    fn skip(&mut self, bits: u32) {
        if self.n < bits {
            self.fill();
        }
        self.acc <<= bits;
        self.n -= bits;
    }

    #[inline]
    fn get(&mut self, bits: u32) -> u32 {
        if bits == 0 {
            return 0;
        }
        let v = self.peek(bits);
        self.skip(bits);
        v
    }

    #[inline]
    fn symbol(&mut self, h: &Huffman) -> Result<u8, DcError> {
        let p = self.peek(LUT_BITS) as usize;
        let (len, sym) = h.lut[p];
        if len > 0 {
            self.skip(u32::from(len));
            return Ok(sym);
        }
        // Longer codes: canonical decoding bit by bit from LUT_BITS + 1.
        let mut len = LUT_BITS as usize + 1;
        let mut code = self.peek(len as u32) as i32;
        while len <= 16 && code > h.maxcode[len] {
            len += 1;
            code = self.peek(len as u32) as i32;
        }
        if len > 16 {
            return Err(DcError::Corrupt("bad Huffman code"));
        }
        self.skip(len as u32);
        let i = h.valptr[len] + code - h.mincode[len];
        h.symbols
            .get(i as usize)
            .copied()
            .ok_or(DcError::Corrupt("bad Huffman code"))
    }

    /// After a restart interval: drop the partial byte and step over the RSTn marker.
    fn restart(&mut self) -> Result<(), DcError> {
        self.acc = 0;
        self.n = 0;
        self.marker = false;
        // Skip to the marker (fill bytes 0xFF may precede it).
        while self.data.get(self.pos) == Some(&0xFF) && self.data.get(self.pos + 1) == Some(&0xFF) {
            self.pos += 1;
        }
        match (self.data.get(self.pos), self.data.get(self.pos + 1)) {
            (Some(0xFF), Some(m)) if (0xD0..=0xD7).contains(m) => {
                self.pos += 2;
                Ok(())
            }
            // A missing restart marker: carry on (decoders are lenient here).
            _ => Ok(()),
        }
    }
}

#[inline]
fn extend(v: u32, s: u32) -> i32 {
    if s == 0 {
        0
    } else if v < (1 << (s - 1)) {
        v as i32 - (1 << s) + 1
    } else {
        v as i32
    }
}

struct Component {
    id: u8,
    h: usize,
    v: usize,
    tq: usize,
    dc: usize,
    ac: usize,
}

fn be16(b: &[u8], at: usize) -> Result<usize, DcError> {
    b.get(at..at + 2)
        .map(|s| usize::from(u16::from_be_bytes([s[0], s[1]])))
        .ok_or(DcError::Corrupt("truncated header"))
}

/// Decodes `jpeg` at 1/8 scale (one pixel per 8×8 block, rounded up). Returns the picture and
/// the full-size width and height.
pub fn decode(jpeg: &[u8], max_pixels: u64) -> Result<(DynamicImage, u32, u32), DcError> {
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return Err(DcError::Unsupported);
    }
    let mut quant_dc = [0u16; 4];
    let mut dc_tables: [Option<Huffman>; 4] = [None, None, None, None];
    let mut ac_tables: [Option<Huffman>; 4] = [None, None, None, None];
    let mut comps: Vec<Component> = Vec::new();
    let (mut width, mut height) = (0usize, 0usize);
    let mut restart = 0usize;
    let mut adobe_transform: Option<u8> = None;
    let mut i = 2;
    let scan_start = loop {
        // Next marker.
        while jpeg.get(i) == Some(&0xFF) && jpeg.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if jpeg.get(i) != Some(&0xFF) {
            return Err(DcError::Corrupt("marker expected"));
        }
        let marker = *jpeg.get(i + 1).ok_or(DcError::Corrupt("truncated"))?;
        let len = be16(jpeg, i + 2)?;
        let body = jpeg
            .get(i + 4..i + 2 + len)
            .filter(|_| len >= 2)
            .ok_or(DcError::Corrupt("truncated segment"))?;
        match marker {
            0xC0 | 0xC1 => {
                if body.len() < 6 || body[0] != 8 {
                    return Err(DcError::Unsupported); // 12-bit
                }
                height = be16(body, 1)?;
                width = be16(body, 3)?;
                let n = usize::from(body[5]);
                if !(n == 1 || n == 3) || body.len() < 6 + 3 * n {
                    return Err(DcError::Unsupported);
                }
                for c in 0..n {
                    let b = &body[6 + 3 * c..9 + 3 * c];
                    let (h, v) = (usize::from(b[1] >> 4), usize::from(b[1] & 15));
                    if !(1..=4).contains(&h) || !(1..=4).contains(&v) || b[2] > 3 {
                        return Err(DcError::Corrupt("bad component"));
                    }
                    comps.push(Component {
                        id: b[0],
                        h,
                        v,
                        tq: usize::from(b[2]),
                        dc: 0,
                        ac: 0,
                    });
                }
            }
            // Progressive, lossless, hierarchical, arithmetic: not here.
            0xC2 | 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(DcError::Unsupported);
            }
            0xC4 => {
                let mut b = body;
                while !b.is_empty() {
                    let (class, id) = (b[0] >> 4, usize::from(b[0] & 15));
                    let counts: [u8; 16] = b
                        .get(1..17)
                        .and_then(|c| c.try_into().ok())
                        .ok_or(DcError::Corrupt("truncated Huffman table"))?;
                    let total: usize = counts.iter().map(|c| usize::from(*c)).sum();
                    let symbols = b
                        .get(17..17 + total)
                        .ok_or(DcError::Corrupt("truncated Huffman table"))?;
                    if id > 3 || class > 1 {
                        return Err(DcError::Corrupt("bad Huffman table id"));
                    }
                    let t = Some(Huffman::new(&counts, symbols)?);
                    if class == 0 {
                        dc_tables[id] = t;
                    } else {
                        ac_tables[id] = t;
                    }
                    b = &b[17 + total..];
                }
            }
            0xDB => {
                let mut b = body;
                while !b.is_empty() {
                    let (precision, id) = (b[0] >> 4, usize::from(b[0] & 15));
                    if id > 3 {
                        return Err(DcError::Corrupt("bad quantisation table id"));
                    }
                    let size = if precision == 0 { 64 } else { 128 };
                    let t = b
                        .get(1..1 + size)
                        .ok_or(DcError::Corrupt("truncated table"))?;
                    quant_dc[id] = if precision == 0 {
                        u16::from(t[0])
                    } else {
                        u16::from_be_bytes([t[0], t[1]])
                    };
                    b = &b[1 + size..];
                }
            }
            0xDD => restart = be16(body, 0)?,
            0xEE if body.starts_with(b"Adobe") && body.len() >= 12 => {
                adobe_transform = Some(body[11]);
            }
            0xDA => {
                let n = usize::from(*body.first().ok_or(DcError::Corrupt("empty scan"))?);
                if n != comps.len() || body.len() < 1 + 2 * n + 3 {
                    return Err(DcError::Unsupported); // non-interleaved scans
                }
                for s in 0..n {
                    let (cs, t) = (body[1 + 2 * s], body[2 + 2 * s]);
                    let c = comps
                        .iter_mut()
                        .find(|c| c.id == cs)
                        .ok_or(DcError::Corrupt("scan names an unknown component"))?;
                    c.dc = usize::from(t >> 4);
                    c.ac = usize::from(t & 15);
                    if c.dc > 3 || c.ac > 3 {
                        return Err(DcError::Corrupt("bad table id"));
                    }
                }
                break i + 2 + len;
            }
            0xD9 => return Err(DcError::Corrupt("no image data")),
            _ => {}
        }
        i += 2 + len;
    };
    if comps.is_empty() || width == 0 || height == 0 {
        return Err(DcError::Corrupt("no frame header"));
    }
    if comps.len() == 3 && adobe_transform == Some(0) {
        return Err(DcError::Unsupported); // RGB stored as is
    }
    if (width as u64) * (height as u64) > max_pixels {
        return Err(DcError::Unsupported);
    }
    let hmax = comps.iter().map(|c| c.h).max().unwrap_or(1);
    let vmax = comps.iter().map(|c| c.v).max().unwrap_or(1);
    let mcus_x = width.div_ceil(8 * hmax);
    let mcus_y = height.div_ceil(8 * vmax);
    // Per component: its DC plane, one value per block.
    let mut planes: Vec<Vec<u8>> = comps
        .iter()
        .map(|c| vec![0u8; mcus_x * c.h * mcus_y * c.v])
        .collect();
    let mut preds = vec![0i32; comps.len()];
    let tables: Vec<(&Huffman, &Huffman, i32)> = comps
        .iter()
        .map(|c| {
            let dc = dc_tables[c.dc]
                .as_ref()
                .ok_or(DcError::Corrupt("missing DC table"))?;
            let ac = ac_tables[c.ac]
                .as_ref()
                .ok_or(DcError::Corrupt("missing AC table"))?;
            Ok((dc, ac, i32::from(quant_dc[c.tq].max(1))))
        })
        .collect::<Result<_, DcError>>()?;
    let mut bits = Bits::new(jpeg, scan_start);
    let mut mcu = 0usize;
    for my in 0..mcus_y {
        for mx in 0..mcus_x {
            if restart > 0 && mcu > 0 && mcu.is_multiple_of(restart) {
                bits.restart()?;
                preds.iter_mut().for_each(|p| *p = 0);
            }
            mcu += 1;
            for (ci, c) in comps.iter().enumerate() {
                let (dc_t, ac_t, q) = tables[ci];
                let stride = mcus_x * c.h;
                for by in 0..c.v {
                    for bx in 0..c.h {
                        let s = u32::from(bits.symbol(dc_t)?);
                        if s > 11 {
                            return Err(DcError::Corrupt("bad DC size"));
                        }
                        let diff = extend(bits.get(s), s);
                        preds[ci] = preds[ci].wrapping_add(diff);
                        // DC/8 is the block's mean around 0 (libjpeg's 1×1 inverse DCT).
                        let v = ((i64::from(preds[ci]) * i64::from(q) + 4) >> 3) + 128;
                        let x = mx * c.h + bx;
                        let y = my * c.v + by;
                        planes[ci][y * stride + x] = v.clamp(0, 255) as u8;
                        // Skip the 63 AC coefficients.
                        let mut k = 1;
                        while k < 64 {
                            let e = ac_t.ac[bits.peek(LUT_BITS) as usize & (LUT_SIZE - 1)];
                            let kind = e >> 16;
                            if kind == 1 {
                                bits.skip(e & 0xFF);
                                k += (e >> 8) & 0xFF;
                                continue;
                            }
                            if kind == 2 {
                                bits.skip(e & 0xFF);
                                break;
                            }
                            if kind == 3 {
                                bits.skip(e & 0xFF);
                                k += 16;
                                continue;
                            }
                            let rs = bits.symbol(ac_t)?;
                            let (r, sz) = (u32::from(rs >> 4), u32::from(rs & 15));
                            if sz == 0 {
                                if r != 15 {
                                    break;
                                }
                                k += 16;
                            } else {
                                bits.skip(sz);
                                k += r + 1;
                            }
                        }
                        if k > 64 {
                            return Err(DcError::Corrupt("AC run past the block"));
                        }
                    }
                }
            }
        }
    }
    // The picture: one pixel per 8×8 block of the full-size image.
    let (w8, h8) = (width.div_ceil(8), height.div_ceil(8));
    let image = if comps.len() == 1 {
        let stride = mcus_x * comps[0].h;
        let mut g = GrayImage::new(w8 as u32, h8 as u32);
        for (x, y, p) in g.enumerate_pixels_mut() {
            p.0[0] = planes[0][y as usize * stride + x as usize];
        }
        DynamicImage::ImageLuma8(g)
    } else {
        let mut rgb = RgbImage::new(w8 as u32, h8 as u32);
        let sample = |ci: usize, x: usize, y: usize| -> f32 {
            let c = &comps[ci];
            let stride = mcus_x * c.h;
            let (sx, sy) = (x * c.h / hmax, y * c.v / vmax);
            f32::from(planes[ci][sy * stride + sx])
        };
        for (x, y, p) in rgb.enumerate_pixels_mut() {
            let (x, y) = (x as usize, y as usize);
            let yy = sample(0, x, y);
            let cb = sample(1, x, y) - 128.0;
            let cr = sample(2, x, y) - 128.0;
            let r = yy + 1.402 * cr;
            let g = yy - 0.344_136 * cb - 0.714_136 * cr;
            let b = yy + 1.772 * cb;
            p.0 = [
                r.round().clamp(0.0, 255.0) as u8,
                g.round().clamp(0.0, 255.0) as u8,
                b.round().clamp(0.0, 255.0) as u8,
            ];
        }
        DynamicImage::ImageRgb8(rgb)
    };
    Ok((image, width as u32, height as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32, q: u8) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([
                ((x * 255) / w) as u8,
                ((y * 255) / h) as u8,
                (((x / 40 + y / 30) % 2) * 200) as u8,
            ])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn matches_the_general_decoder_at_one_eighth() {
        for (w, h) in [(640, 480), (333, 217), (64, 8)] {
            let j = jpeg(w, h, 90);
            let (img, fw, fh) = decode(&j, u64::MAX).unwrap();
            assert_eq!((fw, fh), (w, h));
            let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(&j));
            d.read_info().unwrap();
            let (sw, sh) = d.scale(w.div_ceil(8) as u16, h.div_ceil(8) as u16).unwrap();
            let pixels = d.decode().unwrap();
            assert_eq!((u32::from(sw), u32::from(sh)), (img.width(), img.height()));
            let ours = img.to_rgb8();
            let mut worst = 0i32;
            for (a, b) in ours.as_raw().iter().zip(&pixels) {
                worst = worst.max((i32::from(*a) - i32::from(*b)).abs());
            }
            // Chroma is upsampled differently; the pictures agree closely.
            assert!(worst <= 48, "{w}×{h}: worst difference {worst}");
            let mean: f64 = ours
                .as_raw()
                .iter()
                .zip(&pixels)
                .map(|(a, b)| f64::from((i32::from(*a) - i32::from(*b)).abs()))
                .sum::<f64>()
                / pixels.len() as f64;
            assert!(mean < 3.0, "{w}×{h}: mean difference {mean}");
        }
    }

    #[test]
    fn damaged_or_other_jpegs_are_errors_not_panics() {
        let j = jpeg(320, 240, 80);
        for cut in [3, 20, 200, j.len() / 2, j.len() - 3] {
            let _ = decode(&j[..cut], u64::MAX);
        }
        let mut flipped = j.clone();
        for k in (j.len() / 2..j.len() - 2).step_by(97) {
            flipped[k] ^= 0x5A;
        }
        let _ = decode(&flipped, u64::MAX);
        assert_eq!(
            decode(b"not a jpeg", u64::MAX).err(),
            Some(DcError::Unsupported)
        );
        assert_eq!(decode(&j, 10).err(), Some(DcError::Unsupported));
        // Garbage after a valid header.
        let mut g = j[..j.len() / 3].to_vec();
        g.extend((0..10_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        let _ = decode(&g, u64::MAX);
    }
}
