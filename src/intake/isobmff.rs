//! ISO base media files (MP4, MOV, 3GP, M4V, M4A, HEIF): walking boxes, keeping the index while
//! the file streams past, and reading what intake records from it. Every length is checked;
//! a damaged or hostile file yields less, never a panic or an unbounded allocation.

use crate::item::{Camera, CaptureSource, Gps};

/// One box: its four-character type and its body (after the header).
#[derive(Clone, Copy, Debug)]
pub struct Bx<'a> {
    pub kind: [u8; 4],
    pub body: &'a [u8],
}

/// The boxes in `data`, in order; stops at the first that does not fit.
pub fn boxes(data: &[u8]) -> impl Iterator<Item = Bx<'_>> {
    let mut rest = data;
    std::iter::from_fn(move || {
        let (bx, next) = split_box(rest)?;
        rest = next;
        Some(bx)
    })
}

fn split_box(data: &[u8]) -> Option<(Bx<'_>, &[u8])> {
    if data.len() < 8 {
        return None;
    }
    let size32 = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as u64;
    let kind = [data[4], data[5], data[6], data[7]];
    let (header, size) = match size32 {
        0 => (8u64, data.len() as u64),
        1 => {
            let b = data.get(8..16)?;
            (16, u64::from_be_bytes(b.try_into().ok()?))
        }
        n => (8, n),
    };
    if size < header || size > data.len() as u64 {
        return None;
    }
    let body = &data[header as usize..size as usize];
    Some((Bx { kind, body }, &data[size as usize..]))
}

/// The first child box of type `kind`.
pub fn child<'a>(data: &'a [u8], kind: &[u8; 4]) -> Option<Bx<'a>> {
    boxes(data).find(|b| &b.kind == kind)
}

/// Follows a path of box types (`[b"trak", b"mdia", b"hdlr"]`) from `data`.
pub fn path<'a>(data: &'a [u8], kinds: &[&[u8; 4]]) -> Option<Bx<'a>> {
    let (first, rest) = kinds.split_first()?;
    let b = child(data, first)?;
    if rest.is_empty() {
        Some(b)
    } else {
        path(b.body, rest)
    }
}

fn be_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn be_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn be_u64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The `ftyp` brands of a file that starts with one: (major, compatible…).
pub fn brands(head: &[u8]) -> Option<Vec<[u8; 4]>> {
    let (b, _) = split_box(head).or_else(|| {
        // A head cut inside a large ftyp: read what is there.
        (head.len() >= 16 && &head[4..8] == b"ftyp").then(|| {
            (
                Bx {
                    kind: *b"ftyp",
                    body: &head[8..],
                },
                &head[head.len()..],
            )
        })
    })?;
    if &b.kind != b"ftyp" || b.body.len() < 8 {
        return None;
    }
    let mut out = vec![b.body[..4].try_into().ok()?];
    for c in b.body[8..].chunks_exact(4) {
        out.push(c.try_into().ok()?);
    }
    Some(out)
}

const HEIF_BRANDS: [&[u8; 4]; 10] = [
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis",
];

/// True for a HEIF still image (HEIC, AVIF…) by its brands.
pub fn is_heif(head: &[u8]) -> bool {
    brands(head).is_some_and(|bs| {
        bs.first().is_some_and(|m| HEIF_BRANDS.contains(&m))
            || (bs.iter().any(|b| b == b"mif1") && !bs.iter().any(is_movie_brand))
    })
}

fn is_movie_brand(b: &[u8; 4]) -> bool {
    matches!(
        b,
        b"isom"
            | b"iso2"
            | b"mp41"
            | b"mp42"
            | b"qt  "
            | b"avc1"
            | b"3gp4"
            | b"3gp5"
            | b"3gp6"
            | b"M4V "
            | b"M4A "
    )
}

// ---------------------------------------------------------------------------------------------
// Keeping the index while the file streams past

/// Watches a file go by chunk by chunk and keeps its top-level boxes other than the media data
/// (`mdat`, `free`, `skip`): `ftyp`, `moov` (wherever it is, usually at the end of phone videos),
/// `meta`, `uuid`… up to `max` bytes in all. Memory stays bounded whatever the file is.
pub struct IndexCapture {
    max: usize,
    /// The bytes of a header being assembled across chunks.
    header: Vec<u8>,
    /// Box being kept: (bytes still to come).
    keeping: Option<u64>,
    skipping: u64,
    pub kept: Vec<u8>,
    /// The structure stopped making sense (not ISO BMFF, or truncated at the end).
    pub broken: bool,
    /// A `moov` box was seen whole.
    pub saw_moov: bool,
    pos: u64,
    moov_start: Option<usize>,
    to_end: bool,
}

impl IndexCapture {
    pub fn new(max: usize) -> Self {
        Self {
            max,
            header: Vec::new(),
            keeping: None,
            skipping: 0,
            kept: Vec::new(),
            broken: false,
            saw_moov: false,
            pos: 0,
            moov_start: None,
            to_end: false,
        }
    }

    pub fn feed(&mut self, mut chunk: &[u8]) {
        while !chunk.is_empty() && !self.broken {
            if let Some(left) = self.keeping {
                let n = (left.min(chunk.len() as u64)) as usize;
                self.kept.extend_from_slice(&chunk[..n]);
                chunk = &chunk[n..];
                self.pos += n as u64;
                let left = left - n as u64;
                self.keeping = (left > 0).then_some(left);
                if left == 0
                    && let Some(start) = self.moov_start.take()
                    && self.kept.len() > start
                {
                    self.saw_moov = true;
                }
                continue;
            }
            if self.skipping > 0 {
                let n = (self.skipping.min(chunk.len() as u64)) as usize;
                chunk = &chunk[n..];
                self.pos += n as u64;
                self.skipping -= n as u64;
                continue;
            }
            // Assemble a header (8 bytes, or 16 with a 64-bit size).
            let need = if self.header.len() >= 4
                && u32::from_be_bytes([
                    self.header[0],
                    self.header[1],
                    self.header[2],
                    self.header[3],
                ]) == 1
            {
                16
            } else {
                8
            };
            let take = (need - self.header.len()).min(chunk.len());
            self.header.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            self.pos += take as u64;
            if self.header.len() < 8 {
                continue;
            }
            let size32 = u32::from_be_bytes([
                self.header[0],
                self.header[1],
                self.header[2],
                self.header[3],
            ]);
            if size32 == 1 && self.header.len() < 16 {
                continue;
            }
            let kind: [u8; 4] = [
                self.header[4],
                self.header[5],
                self.header[6],
                self.header[7],
            ];
            let (hlen, size) = match size32 {
                1 => (
                    16u64,
                    u64::from_be_bytes(self.header[8..16].try_into().unwrap_or_default()),
                ),
                0 => {
                    // To the end of the file: nothing after it is a box.
                    self.to_end = true;
                    (8, u64::MAX)
                }
                n => (8, u64::from(n)),
            };
            if size < hlen
                || !kind
                    .iter()
                    .all(|c| c.is_ascii_graphic() || *c == b' ' || *c == 0xA9)
            {
                self.broken = true;
                break;
            }
            let body = if size == u64::MAX {
                u64::MAX
            } else {
                size - hlen
            };
            let keep = !matches!(&kind, b"mdat" | b"free" | b"skip" | b"wide")
                && size != u64::MAX
                && (self.kept.len() as u64 + size) <= self.max as u64;
            if keep {
                if &kind == b"moov" {
                    self.moov_start = Some(self.kept.len());
                }
                self.kept.extend_from_slice(&self.header);
                self.keeping = (body > 0).then_some(body);
                if body == 0 && &kind == b"moov" {
                    self.saw_moov = true;
                }
            } else {
                self.skipping = body;
            }
            self.header.clear();
        }
    }

    /// Called after the last chunk: a box cut short means the file is truncated.
    pub fn finish(&mut self) {
        if self.keeping.is_some() || (self.skipping > 0 && !self.to_end) || !self.header.is_empty()
        {
            self.broken = true;
        }
        if let Some(start) = self.moov_start.take() {
            // moov cut off: drop the partial bytes.
            self.kept.truncate(start);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What a movie's index says

/// What intake records about a movie or sound file from its `moov`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MovieFacts {
    pub has_video: bool,
    pub has_audio: bool,
    pub duration_ms: Option<u64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// EXIF-style orientation from the video track's matrix (1, 3, 6 or 8).
    pub orientation: Option<u16>,
    pub captured_at: Option<String>,
    pub captured_at_source: Option<CaptureSource>,
    pub gps: Option<Gps>,
    pub camera: Option<Camera>,
}

/// Seconds from 1904-01-01 (the QuickTime epoch) to 1970-01-01.
const QT_EPOCH_OFFSET: i64 = 2_082_844_800;

/// Reads a `moov` box body.
pub fn movie_facts(moov: &[u8]) -> MovieFacts {
    let mut f = MovieFacts::default();
    let mut creation: Option<i64> = None;
    if let Some(mvhd) = child(moov, b"mvhd") {
        let b = mvhd.body;
        let (created, scale, duration) = match b.first() {
            Some(1) => (be_u64(b, 4).map(|v| v as i64), be_u32(b, 20), be_u64(b, 24)),
            Some(0) => (
                be_u32(b, 4).map(i64::from),
                be_u32(b, 12),
                be_u32(b, 16).map(u64::from),
            ),
            _ => (None, None, None),
        };
        creation = created.filter(|c| *c > 0);
        if let (Some(s), Some(d)) = (scale.filter(|s| *s > 0), duration)
            && d != u64::MAX
            && d != u64::from(u32::MAX)
        {
            f.duration_ms =
                Some((d as u128 * 1000 / u128::from(s)).min(u128::from(u64::MAX)) as u64);
        }
    }
    for trak in boxes(moov).filter(|b| &b.kind == b"trak") {
        let handler = path(trak.body, &[b"mdia", b"hdlr"]).and_then(|h| h.body.get(8..12));
        match handler {
            Some(b"vide") => {
                if f.has_video {
                    continue;
                }
                f.has_video = true;
                if let Some(tkhd) = child(trak.body, b"tkhd") {
                    let b = tkhd.body;
                    // matrix and size follow the times, whose width depends on the version.
                    let base = if b.first() == Some(&1) {
                        4 + 32
                    } else {
                        4 + 20
                    };
                    let matrix = base + 16;
                    let size = matrix + 36;
                    let w = be_u32(b, size).map(|v| v >> 16);
                    let h = be_u32(b, size + 4).map(|v| v >> 16);
                    f.width = w.filter(|v| *v > 0);
                    f.height = h.filter(|v| *v > 0);
                    f.orientation = matrix_orientation(b, matrix).filter(|o| *o != 1);
                }
            }
            Some(b"soun") => f.has_audio = true,
            _ => {}
        }
    }
    // Metadata: Apple's `meta` keys (in moov or moov/udta) first, then udta's © atoms.
    let apple = apple_keys(moov);
    let udta = child(moov, b"udta");
    let text = |k: &str| {
        apple
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let udta_text = |k: &[u8; 4]| {
        udta.and_then(|u| child(u.body, k))
            .and_then(|b| udta_string(b.body))
    };

    if let Some(t) = text("com.apple.quicktime.creationdate")
        .and_then(|s| super::exif::iso_date(&s))
        .or_else(|| udta_text(b"\xA9day").and_then(|s| super::exif::iso_date(&s)))
    {
        f.captured_at = Some(t);
        f.captured_at_source = Some(CaptureSource::Quicktime);
    } else if let Some(c) = creation {
        // The movie header's creation time is UTC (ISO/IEC 14496-12).
        if let Some(t) = chrono::DateTime::from_timestamp(c - QT_EPOCH_OFFSET, 0) {
            f.captured_at = Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            f.captured_at_source = Some(CaptureSource::Quicktime);
        }
    }
    let location = text("com.apple.quicktime.location.ISO6709").or_else(|| udta_text(b"\xA9xyz"));
    f.gps = location.as_deref().and_then(iso6709).or_else(|| {
        udta.and_then(|u| child(u.body, b"loci"))
            .and_then(|l| loci(l.body))
    });
    let make = text("com.apple.quicktime.make").or_else(|| udta_text(b"\xA9mak"));
    let model = text("com.apple.quicktime.model").or_else(|| udta_text(b"\xA9mod"));
    if make.is_some() || model.is_some() {
        f.camera = Some(Camera { make, model });
    }
    f
}

/// The rotation in a track matrix (a b u / c d v / x y w, 16.16 fixed) as EXIF orientation.
fn matrix_orientation(b: &[u8], at: usize) -> Option<u16> {
    let a = be_u32(b, at)? as i32;
    let bb = be_u32(b, at + 4)? as i32;
    let c = be_u32(b, at + 12)? as i32;
    let d = be_u32(b, at + 16)? as i32;
    let one = 0x1_0000;
    match (a, bb, c, d) {
        (x, 0, 0, y) if x == one && y == one => Some(1),
        (0, x, y, 0) if x == one && y == -one => Some(6),
        (x, 0, 0, y) if x == -one && y == -one => Some(3),
        (0, x, y, 0) if x == -one && y == one => Some(8),
        _ => None,
    }
}

/// A QuickTime user-data string: `len(u16) lang(u16) text`, or a plain `data` atom.
fn udta_string(body: &[u8]) -> Option<String> {
    if let Some(d) = child(body, b"data") {
        return data_atom_text(d.body);
    }
    let len = usize::from(be_u16(body, 0)?);
    let text = body.get(4..4 + len)?;
    clean(String::from_utf8_lossy(text).into_owned())
}

fn data_atom_text(d: &[u8]) -> Option<String> {
    // type(u32: 1 = UTF-8) locale(u32) value
    let ty = be_u32(d, 0)?;
    if ty != 1 {
        return None;
    }
    clean(String::from_utf8_lossy(d.get(8..)?).into_owned())
}

fn clean(s: String) -> Option<String> {
    let s: String = s.chars().filter(|c| !c.is_control()).collect();
    let s = s.trim().to_owned();
    (!s.is_empty() && s.len() <= 256).then_some(s)
}

/// Apple metadata: `meta` with `keys` (mdta names) and `ilst` (values by key index).
fn apple_keys(moov: &[u8]) -> Vec<(String, String)> {
    let meta = child(moov, b"meta").or_else(|| path(moov, &[b"udta", b"meta"]));
    let Some(meta) = meta else {
        return Vec::new();
    };
    // QuickTime's meta is a plain box; ISO's is a full box (4 bytes of version/flags).
    let body = if child(meta.body, b"hdlr").is_some() {
        meta.body
    } else {
        meta.body.get(4..).unwrap_or(&[])
    };
    let mut names = Vec::new();
    if let Some(keys) = child(body, b"keys") {
        let count = be_u32(keys.body, 4).unwrap_or(0) as usize;
        let mut at = 8;
        for _ in 0..count.min(1024) {
            let Some(size) = be_u32(keys.body, at).map(|s| s as usize) else {
                break;
            };
            let Some(name) = keys.body.get(at + 8..at + size.max(8)) else {
                break;
            };
            names.push(String::from_utf8_lossy(name).into_owned());
            at += size.max(8);
        }
    }
    let mut out = Vec::new();
    if let Some(ilst) = child(body, b"ilst") {
        for item in boxes(ilst.body) {
            let index = u32::from_be_bytes(item.kind) as usize;
            let Some(name) = index.checked_sub(1).and_then(|i| names.get(i)) else {
                continue;
            };
            if let Some(v) = child(item.body, b"data").and_then(|d| data_atom_text(d.body)) {
                out.push((name.clone(), v));
            }
        }
    }
    out
}

/// An ISO 6709 point, `±DD.DDDD±DDD.DDDD[±AAA.AAA][CRS]/` (degrees, decimal form).
pub fn iso6709(s: &str) -> Option<Gps> {
    let s = s.trim().trim_end_matches('/');
    let b = s.as_bytes();
    let mut cuts = Vec::new();
    for (i, c) in b.iter().enumerate() {
        if *c == b'+' || *c == b'-' {
            cuts.push(i);
        }
    }
    if cuts.len() < 2 || cuts[0] != 0 {
        return None;
    }
    let end = |k: usize| {
        cuts.get(k + 1)
            .copied()
            .unwrap_or_else(|| s.find("CRS").unwrap_or(s.len()))
    };
    let lat: f64 = s.get(cuts[0]..end(0))?.parse().ok()?;
    let lon: f64 = s.get(cuts[1]..end(1))?.parse().ok()?;
    let alt = cuts
        .get(2)
        .and_then(|&c| s.get(c..end(2)))
        .and_then(|a| a.parse::<f64>().ok());
    // Decimal degrees only: ±DDMMSS forms have an integer part longer than 2 (lat) digits.
    let int_len = |v: &str| {
        v.trim_start_matches(['+', '-'])
            .split('.')
            .next()
            .map_or(0, str::len)
    };
    if int_len(&s[cuts[0]..end(0)]) > 2 || int_len(&s[cuts[1]..end(1)]) > 3 {
        return None;
    }
    super::exif::plausible_gps(lat, lon, alt)
}

/// 3GPP `loci`: version/flags, language, name (NUL-terminated), role, then 16.16 fixed
/// longitude, latitude, altitude.
fn loci(b: &[u8]) -> Option<Gps> {
    let name_end = 6 + memchr::memchr(0, b.get(6..)?)?;
    let at = name_end + 2;
    let fixed = |i: usize| be_u32(b, i).map(|v| f64::from(v as i32) / 65536.0);
    let lon = fixed(at)?;
    let lat = fixed(at + 4)?;
    // Writers that do not know the altitude put 0 there.
    let alt = fixed(at + 8).filter(|a| *a != 0.0);
    super::exif::plausible_gps(lat, lon, alt)
}

// ---------------------------------------------------------------------------------------------
// HEIF still images

/// What the boxes of a HEIF file say about its primary image.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeifFacts {
    pub width: u32,
    pub height: u32,
    /// EXIF-style orientation from `irot`/`imir` (applied by libheif when decoding).
    pub orientation: Option<u16>,
}

/// The primary image's size (from its `ispe`), or `None` when the structure is not a readable
/// HEIF image.
pub fn heif_facts(file: &[u8]) -> Option<HeifFacts> {
    let meta = child(file, b"meta")?;
    let meta = meta.body.get(4..)?; // full box
    let pitm = child(meta, b"pitm")?;
    let primary = match pitm.body.first()? {
        0 => u32::from(be_u16(pitm.body, 4)?),
        _ => be_u32(pitm.body, 4)?,
    };
    let iprp = child(meta, b"iprp")?;
    let ipco = child(iprp.body, b"ipco")?;
    let props: Vec<Bx<'_>> = boxes(ipco.body).collect();
    let ipma = child(iprp.body, b"ipma")?;
    let b = ipma.body;
    let version = *b.first()?;
    let flags = be_u32(b, 0)? & 0x00FF_FFFF;
    let count = be_u32(b, 4)?;
    let mut at = 8;
    let mut assoc: Vec<usize> = Vec::new();
    for _ in 0..count.min(100_000) {
        let (item, next) = if version < 1 {
            (u32::from(be_u16(b, at)?), at + 2)
        } else {
            (be_u32(b, at)?, at + 4)
        };
        let n = usize::from(*b.get(next)?);
        at = next + 1;
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            let index = if flags & 1 != 0 {
                let v = be_u16(b, at)?;
                at += 2;
                usize::from(v & 0x7FFF)
            } else {
                let v = *b.get(at)?;
                at += 1;
                usize::from(v & 0x7F)
            };
            list.push(index);
        }
        if item == primary {
            assoc = list;
            break;
        }
    }
    let mut facts = HeifFacts::default();
    let (mut rot, mut mirror) = (0u8, None::<u8>);
    for index in assoc {
        let Some(p) = index.checked_sub(1).and_then(|i| props.get(i)) else {
            continue;
        };
        match &p.kind {
            b"ispe" => {
                facts.width = be_u32(p.body, 4)?;
                facts.height = be_u32(p.body, 8)?;
            }
            b"irot" => rot = p.body.first().copied().unwrap_or(0) & 3,
            b"imir" => mirror = p.body.first().map(|v| v & 1),
            _ => {}
        }
    }
    if facts.width == 0 || facts.height == 0 {
        return None;
    }
    // irot is anticlockwise; EXIF orientations name the transform that displays the image.
    facts.orientation = Some(match (rot, mirror) {
        (0, None) => 1,
        (1, None) => 8,
        (2, None) => 3,
        (3, None) => 6,
        (0, Some(0)) => 4,
        (0, Some(_)) => 2,
        (2, Some(0)) => 2,
        (2, Some(_)) => 4,
        (1, Some(0)) => 7,
        (1, Some(_)) => 5,
        (3, Some(0)) => 5,
        (_, _) => 7,
    });
    Some(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(body);
        v
    }

    fn mvhd(created: u32, scale: u32, duration: u32) -> Vec<u8> {
        let mut b = vec![0, 0, 0, 0];
        b.extend_from_slice(&created.to_be_bytes());
        b.extend_from_slice(&created.to_be_bytes());
        b.extend_from_slice(&scale.to_be_bytes());
        b.extend_from_slice(&duration.to_be_bytes());
        b.extend_from_slice(&[0; 80]);
        bx(b"mvhd", &b)
    }

    fn video_trak(w: u32, h: u32, rotated: bool) -> Vec<u8> {
        let mut t = vec![0, 0, 0, 3];
        t.extend_from_slice(&[0; 20]); // times, track id, reserved, duration
        t.extend_from_slice(&[0; 16]); // reserved, layer, group, volume, reserved
        let one = 0x1_0000i32;
        let m: [i32; 9] = if rotated {
            [0, one, 0, -one, 0, 0, 0, 0, 0x4000_0000]
        } else {
            [one, 0, 0, 0, one, 0, 0, 0, 0x4000_0000]
        };
        for v in m {
            t.extend_from_slice(&v.to_be_bytes());
        }
        t.extend_from_slice(&(w << 16).to_be_bytes());
        t.extend_from_slice(&(h << 16).to_be_bytes());
        let mut hdlr = vec![0; 8];
        hdlr.extend_from_slice(b"vide");
        hdlr.extend_from_slice(&[0; 12]);
        let mdia = bx(b"mdia", &bx(b"hdlr", &hdlr));
        bx(b"trak", &[bx(b"tkhd", &t), mdia].concat())
    }

    #[test]
    fn a_movie_index_is_read() {
        let mut xyz = vec![0, 18, 0x15, 0xC7];
        xyz.extend_from_slice(b"+35.9520+038.9980/");
        let udta = bx(b"udta", &bx(b"\xA9xyz", &xyz));
        // 2017-03-22T06:14:27Z in QuickTime seconds.
        let t = (1_490_163_267i64 + QT_EPOCH_OFFSET) as u32;
        let moov = [mvhd(t, 1000, 12_345), video_trak(1920, 1080, true), udta].concat();
        let f = movie_facts(&moov);
        assert!(f.has_video && !f.has_audio);
        assert_eq!(f.duration_ms, Some(12_345));
        assert_eq!((f.width, f.height), (Some(1920), Some(1080)));
        assert_eq!(f.orientation, Some(6));
        assert_eq!(f.captured_at.as_deref(), Some("2017-03-22T06:14:27Z"));
        assert_eq!(f.captured_at_source, Some(CaptureSource::Quicktime));
        let g = f.gps.unwrap();
        assert_eq!((g.lat, g.lon), (35.952, 38.998));
        // An unset creation time (0, i.e. 1904) is no capture time.
        assert_eq!(movie_facts(&mvhd(0, 600, 600)).captured_at, None);
        // Garbage never panics.
        let _ = movie_facts(&[0xFF; 64]);
        let _ = movie_facts(&bx(b"trak", &[0; 3]));
    }

    #[test]
    fn the_index_is_captured_from_a_stream_wherever_it_is() {
        let moov = bx(b"moov", &mvhd(5, 1000, 2000));
        let file = [
            bx(b"ftyp", b"isom\0\0\0\0isommp41"),
            bx(b"mdat", &vec![7u8; 100_000]),
            moov.clone(),
        ]
        .concat();
        for chunk in [1usize, 7, 4096, 1 << 20] {
            let mut c = IndexCapture::new(1 << 20);
            for part in file.chunks(chunk) {
                c.feed(part);
            }
            c.finish();
            assert!(!c.broken && c.saw_moov, "chunk {chunk}");
            let m = child(&c.kept, b"moov").unwrap();
            assert_eq!(movie_facts(m.body).duration_ms, Some(2000));
            assert!(c.kept.len() < 1000);
        }
        // Truncated inside mdat: no moov, and it says so.
        let mut c = IndexCapture::new(1 << 20);
        c.feed(&file[..50_000]);
        c.finish();
        assert!(c.broken && !c.saw_moov);
        // Random bytes.
        let mut c = IndexCapture::new(1 << 20);
        c.feed(
            &(0..5000u32)
                .map(|i| (i * 7919 % 251) as u8)
                .collect::<Vec<_>>(),
        );
        c.finish();
        assert!(!c.saw_moov);
    }

    #[test]
    fn iso6709_points() {
        let g = iso6709("+35.9520+038.9980+012.500/").unwrap();
        assert_eq!((g.lat, g.lon, g.alt), (35.952, 38.998, Some(12.5)));
        let g = iso6709("-33.8688+151.2093CRSWGS_84/").unwrap();
        assert_eq!((g.lat, g.lon), (-33.8688, 151.2093));
        assert_eq!(iso6709("+00.0000+000.0000/"), None);
        assert_eq!(iso6709("+95.0+010.0/"), None);
        assert_eq!(iso6709("garbage"), None);
    }

    #[test]
    fn heif_primary_image() {
        let ftyp = bx(b"ftyp", b"heic\0\0\0\0mif1heic");
        assert!(is_heif(&ftyp));
        assert!(!is_heif(&bx(b"ftyp", b"isom\0\0\0\0isommp41")));
        let mut ispe = vec![0, 0, 0, 0];
        ispe.extend_from_slice(&4032u32.to_be_bytes());
        ispe.extend_from_slice(&3024u32.to_be_bytes());
        let ipco = bx(b"ipco", &[bx(b"ispe", &ispe), bx(b"irot", &[3])].concat());
        // ipma v0: one entry, item 1, two associations (1, 2).
        let ipma = bx(b"ipma", &[0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 0x81, 0x02]);
        let pitm = bx(b"pitm", &[0, 0, 0, 0, 0, 1]);
        let meta = bx(
            b"meta",
            &[vec![0, 0, 0, 0], pitm, bx(b"iprp", &[ipco, ipma].concat())].concat(),
        );
        let f = heif_facts(&[ftyp, meta].concat()).unwrap();
        assert_eq!((f.width, f.height, f.orientation), (4032, 3024, Some(6)));
        assert_eq!(heif_facts(b"\0\0\0\x10ftypheic\0\0\0\0"), None);
    }
}
