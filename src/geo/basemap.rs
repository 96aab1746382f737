//! The built-in basemap: coastlines, country and province boundaries, rivers and town names
//! from Natural Earth (public domain), compiled into the program so the map shows where things
//! are with no tile set and no network. `scripts/make-basemap.py` builds
//! `assets/basemap/basemap.bin` from Debian's `libmagics++-data` shapefiles;
//! `assets/basemap/README.md` says what is in it.
//!
//! The map draws lines only, so the asset holds lines: land outlines, not land fills.
//!
//! # Format (version 1)
//!
//! Little data, decoded once at start-up: a varint stream with bit-packed coordinate deltas,
//! no index. All integers are unsigned LEB128 varints unless said otherwise; signed ones are
//! zigzag-coded (`0, -1, 1, -2 …` → `0, 1, 2, 3 …`).
//!
//! ```text
//! file   = "EVBM" · version: u32 LE (1) · n_layers · layer* · n_places · place*   (nothing after)
//! layer  = kind: u8 · min_zoom: u8 · max_zoom: u8 · grid_bits: u8 · n_lines · line*
//! line   = n_points · zz(dx0) · zz(dy0) · k: u8 · bits
//! place  = zz(lat·1e5) · zz(lon·1e5) · rank: u8 · flags: u8 · min_zoom: u8 · population
//!          · name: str · n_alt · alt: str*
//! str    = byte length · UTF-8
//! ```
//!
//! - `kind`: 0 coast (land outline), 1 country boundary, 2 province (first-level) boundary,
//!   3 river (with lake centre lines, so a river crosses its lakes). A kind may appear in several
//!   layers: one per level of detail, and province lines in bands of zoom.
//! - Zooms are in tenths of a web-map zoom (the world is 256·2^zoom pixels wide); `max_zoom`
//!   255 means no upper bound. A layer is drawn for `min_zoom <= zoom < max_zoom`.
//! - Coordinates are Web Mercator ([`crate::geo::project`]) quantised to a grid of
//!   `2^grid_bits` units across the world, each in `0 ..= 2^grid_bits`.
//! - A line has 2 to 256 points (longer lines are cut into chunks that share their end point, so
//!   the map can skip the chunks outside the view). Its first point is a delta from the previous
//!   line's last point in the same layer (from (0, 0) for a layer's first line); the others are
//!   deltas from the point before, in `bits`: for each point after the first, `zz(dx)` then
//!   `zz(dy)` as Exp-Golomb codes of order `k >> 4` and `k & 15` (a code of order k is `n` zero
//!   bits then the `n + k + 1`-bit number `v + 2^k`), most significant bit first, the last byte
//!   padded with zero bits.
//! - `flags` bit 0: a country's capital; the other bits are 0.
//! - Places come most important first (Natural Earth's scalerank, then population), the order a
//!   label placer should try them in.
//!
//! Bounding boxes are not stored: computing them while decoding costs nothing and cannot
//! disagree with the points. Exp-Golomb codes are what keep the asset small: about 17 bits a
//! point against about 19 for byte varints on the same grid, and xz takes out only 4 % more.

use std::sync::OnceLock;

use super::project;

/// The file's first four bytes.
pub const MAGIC: &[u8; 4] = b"EVBM";
/// The format version this module reads and `scripts/make-basemap.py` writes.
pub const FORMAT_VERSION: u32 = 1;
/// The most points a line chunk has.
pub const MAX_LINE_POINTS: usize = 256;
/// A zoom byte meaning "no upper bound".
const NO_MAX_ZOOM: u8 = 255;
/// The finest grid the format allows (2^30 units: centimetres; the asset uses 16 and 19).
const MAX_GRID_BITS: u8 = 30;
/// The most significant bits an Exp-Golomb value may have: far more than a delta across a
/// 2^30 grid needs (33), few enough that it fits a u64.
const MAX_CODE_BITS: u32 = 63;

const BUILTIN: &[u8] = include_bytes!("../../assets/basemap/basemap.bin");

/// Bytes the basemap adds to the program.
pub const BUILTIN_SIZE: usize = BUILTIN.len();

/// The decoded basemap.
#[derive(Clone, Debug, PartialEq)]
pub struct Basemap {
    /// At any one zoom, in drawing order: coast, country, province, river ([`Basemap::layers_at`]).
    pub layers: Vec<Layer>,
    /// Most important first.
    pub places: Vec<PlaceName>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerKind {
    /// The outline of land: sea coasts and the shores of the largest lakes.
    Coast,
    /// International boundaries on land, disputed lines and lines of control included.
    Country,
    /// First-level boundaries: Syria's governorates, Iraq's provinces.
    Province,
    /// Rivers, and the centre lines of the lakes they cross.
    River,
}

/// Lines of one kind drawn over one range of zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub kind: LayerKind,
    pub min_zoom: f32,
    /// `f32::INFINITY` when the layer has no upper bound.
    pub max_zoom: f32,
    pub lines: Vec<Line>,
}

/// A polyline of at most [`MAX_LINE_POINTS`] points, in Web Mercator world units (`[0, 1]`,
/// y downward, as [`crate::geo::project`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub points: Vec<[f32; 2]>,
    /// `[min_x, min_y, max_x, max_y]` of `points`.
    pub bbox: [f32; 4],
}

/// A town or city name to draw beside its point.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceName {
    /// Natural Earth's name: English or a romanisation ("Madinat ath Thawrah" for Tabqa).
    pub name: String,
    /// Other spellings Natural Earth gives ("Homs" for "Hims", "Al-Mawsil" for "Mosul").
    pub alt_names: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    /// World units, as [`crate::geo::project`] of `lat`, `lon`.
    pub x: f32,
    pub y: f32,
    /// Natural Earth's scalerank: 0 the most important, 10 the least.
    pub rank: u8,
    pub population: u64,
    /// The zoom from which the label is worth drawing.
    pub min_zoom: f32,
    /// A country's capital.
    pub capital: bool,
}

/// Why bytes are not a basemap. `at` is the byte offset where the problem was found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BasemapError {
    #[error("the basemap data ends early (at byte {at})")]
    Truncated { at: usize },
    #[error("the data is not a basemap: it does not start with \"EVBM\"")]
    BadMagic,
    #[error(
        "basemap format version {0} is not one this program reads (it reads version {FORMAT_VERSION})"
    )]
    UnsupportedVersion(u32),
    #[error("the basemap has a number too large at byte {at}")]
    NumberTooLarge { at: usize },
    #[error("basemap layer {layer} (byte {at}) is of unknown kind {kind}")]
    UnknownLayerKind { layer: usize, at: usize, kind: u8 },
    #[error(
        "basemap layer {layer} (byte {at}) has a grid of {bits} bits: 1 to {MAX_GRID_BITS} are allowed"
    )]
    BadGrid { layer: usize, at: usize, bits: u8 },
    #[error(
        "basemap layer {layer} (byte {at}) ends at a lower zoom ({max_tenths}/10) than it starts ({min_tenths}/10)"
    )]
    BadZoomRange {
        layer: usize,
        at: usize,
        min_tenths: u8,
        max_tenths: u8,
    },
    #[error(
        "line {line} of basemap layer {layer} (byte {at}) has {points} points: a line has 2 to {MAX_LINE_POINTS}"
    )]
    BadPointCount {
        layer: usize,
        line: usize,
        at: usize,
        points: u64,
    },
    #[error(
        "line {line} of basemap layer {layer} (byte {at}) has a coordinate code that is too long"
    )]
    BadCode {
        layer: usize,
        line: usize,
        at: usize,
    },
    #[error("line {line} of basemap layer {layer} (byte {at}) leaves the world square")]
    OffTheWorld {
        layer: usize,
        line: usize,
        at: usize,
    },
    #[error(
        "place {place} of the basemap (byte {at}) lies outside latitudes ±90 and longitudes ±180"
    )]
    PlaceOffTheWorld { place: usize, at: usize },
    #[error("place {place} of the basemap (byte {at}) has unknown flags {flags:#04x}")]
    BadPlaceFlags { place: usize, at: usize, flags: u8 },
    #[error("a name of place {place} of the basemap (byte {at}) is not UTF-8")]
    BadName { place: usize, at: usize },
    #[error("the basemap has {extra} bytes after its end (at byte {at})")]
    TrailingBytes { at: usize, extra: usize },
}

static DECODED: OnceLock<Result<Basemap, BasemapError>> = OnceLock::new();

impl Basemap {
    /// The basemap compiled into the program, decoded on first use (tens of milliseconds) and
    /// kept for the program's life. The asset is tested, so an error here means a broken build.
    pub fn builtin() -> Result<&'static Basemap, BasemapError> {
        DECODED
            .get_or_init(|| Basemap::decode(BUILTIN))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Decode a basemap in the format above. Any input gives a value or an error, never a panic,
    /// and never an allocation larger than the input justifies.
    pub fn decode(bytes: &[u8]) -> Result<Basemap, BasemapError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(BasemapError::BadMagic);
        }
        let version = u32::from_le_bytes(
            r.take(4)?
                .try_into()
                .map_err(|_| BasemapError::Truncated { at: 4 })?,
        );
        if version != FORMAT_VERSION {
            return Err(BasemapError::UnsupportedVersion(version));
        }
        let n_layers = r.count(5)?;
        let mut layers = Vec::with_capacity(n_layers);
        for layer in 0..n_layers {
            layers.push(r.layer(layer)?);
        }
        let n_places = r.count(8)?;
        let mut places = Vec::with_capacity(n_places);
        for place in 0..n_places {
            places.push(r.place(place)?);
        }
        if r.pos != bytes.len() {
            return Err(BasemapError::TrailingBytes {
                at: r.pos,
                extra: bytes.len() - r.pos,
            });
        }
        Ok(Basemap { layers, places })
    }

    /// The layers to draw at `zoom`, in drawing order.
    pub fn layers_at(&self, zoom: f32) -> impl Iterator<Item = &Layer> {
        self.layers.iter().filter(move |l| l.shows_at(zoom))
    }
}

impl Layer {
    pub fn shows_at(&self, zoom: f32) -> bool {
        self.min_zoom <= zoom && zoom < self.max_zoom
    }
}

impl Line {
    /// Whether the line's box meets `view` (`[min_x, min_y, max_x, max_y]`, world units): the
    /// lines for which this is false need not be drawn.
    pub fn meets(&self, view: [f32; 4]) -> bool {
        self.bbox[0] <= view[2]
            && self.bbox[2] >= view[0]
            && self.bbox[1] <= view[3]
            && self.bbox[3] >= view[1]
    }
}

fn zoom_from_tenths(t: u8) -> f32 {
    if t == NO_MAX_ZOOM {
        f32::INFINITY
    } else {
        f32::from(t) / 10.0
    }
}

fn unzigzag(v: u64) -> i64 {
    // Both halves fit: v >> 1 < 2^63.
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], BasemapError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(BasemapError::Truncated {
                at: self.bytes.len(),
            })?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, BasemapError> {
        let b = *self.bytes.get(self.pos).ok_or(BasemapError::Truncated {
            at: self.bytes.len(),
        })?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, BasemapError> {
        let start = self.pos;
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(BasemapError::NumberTooLarge { at: start });
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(BasemapError::NumberTooLarge { at: start })
    }

    fn signed(&mut self) -> Result<i64, BasemapError> {
        self.varint().map(unzigzag)
    }

    /// A count of items that take at least `min_bytes` each: one the remaining bytes cannot
    /// hold means the data was cut short (and must not size an allocation).
    fn count(&mut self, min_bytes: usize) -> Result<usize, BasemapError> {
        let n = self.varint()?;
        let room = (self.bytes.len() - self.pos) / min_bytes;
        match usize::try_from(n) {
            Ok(n) if n <= room => Ok(n),
            _ => Err(BasemapError::Truncated {
                at: self.bytes.len(),
            }),
        }
    }

    fn layer(&mut self, layer: usize) -> Result<Layer, BasemapError> {
        let at = self.pos;
        let kind = match self.byte()? {
            0 => LayerKind::Coast,
            1 => LayerKind::Country,
            2 => LayerKind::Province,
            3 => LayerKind::River,
            kind => return Err(BasemapError::UnknownLayerKind { layer, at, kind }),
        };
        let (min_tenths, max_tenths) = (self.byte()?, self.byte()?);
        if min_tenths == NO_MAX_ZOOM || max_tenths < min_tenths {
            return Err(BasemapError::BadZoomRange {
                layer,
                at,
                min_tenths,
                max_tenths,
            });
        }
        let bits = self.byte()?;
        if !(1..=MAX_GRID_BITS).contains(&bits) {
            return Err(BasemapError::BadGrid { layer, at, bits });
        }
        // The smallest line: a count, two one-byte deltas, k and one byte of codes.
        let n_lines = self.count(5)?;
        let mut lines = Vec::with_capacity(n_lines);
        let mut grid = Grid {
            top: 1i64 << bits,
            scale: 1.0 / (1u64 << bits) as f32,
            last: (0, 0),
        };
        for line in 0..n_lines {
            lines.push(self.line(layer, line, &mut grid)?);
        }
        Ok(Layer {
            kind,
            min_zoom: zoom_from_tenths(min_tenths),
            max_zoom: zoom_from_tenths(max_tenths),
            lines,
        })
    }

    fn line(&mut self, layer: usize, line: usize, grid: &mut Grid) -> Result<Line, BasemapError> {
        let at = self.pos;
        let n = self.varint()?;
        let points = match usize::try_from(n) {
            Ok(p) if (2..=MAX_LINE_POINTS).contains(&p) => p,
            _ => {
                return Err(BasemapError::BadPointCount {
                    layer,
                    line,
                    at,
                    points: n,
                });
            }
        };
        let off = BasemapError::OffTheWorld { layer, line, at };
        let (dx, dy) = (self.signed()?, self.signed()?);
        let mut p = grid.step(grid.last, dx, dy).ok_or(off.clone())?;
        let k = self.byte()?;
        let (kx, ky) = (u32::from(k >> 4), u32::from(k & 15));
        let mut out = Vec::with_capacity(points);
        let mut bbox = [
            f32::INFINITY,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
        ];
        let scale = grid.scale;
        let mut push = |q: (i64, i64)| {
            let pt = [q.0 as f32 * scale, q.1 as f32 * scale];
            bbox = [
                bbox[0].min(pt[0]),
                bbox[1].min(pt[1]),
                bbox[2].max(pt[0]),
                bbox[3].max(pt[1]),
            ];
            out.push(pt);
        };
        push(p);
        let mut bits = BitReader {
            bytes: self.bytes,
            pos: self.pos,
            bit: 0,
        };
        let bad = || BasemapError::BadCode { layer, line, at };
        for _ in 1..points {
            let dx = bits.exp_golomb(kx, bad)?;
            let dy = bits.exp_golomb(ky, bad)?;
            p = grid
                .step(p, unzigzag(dx), unzigzag(dy))
                .ok_or(off.clone())?;
            push(p);
        }
        self.pos = bits.end();
        grid.last = p;
        Ok(Line { points: out, bbox })
    }

    fn text(&mut self, place: usize) -> Result<String, BasemapError> {
        let at = self.pos;
        let n = self.count(1)?;
        let raw = self.take(n)?;
        String::from_utf8(raw.to_vec()).map_err(|_| BasemapError::BadName { place, at })
    }

    fn place(&mut self, place: usize) -> Result<PlaceName, BasemapError> {
        let at = self.pos;
        let (lat_e5, lon_e5) = (self.signed()?, self.signed()?);
        let (lat, lon) = (lat_e5 as f64 / 1e5, lon_e5 as f64 / 1e5);
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(BasemapError::PlaceOffTheWorld { place, at });
        }
        let rank = self.byte()?;
        let flags = self.byte()?;
        if flags & !1 != 0 {
            return Err(BasemapError::BadPlaceFlags { place, at, flags });
        }
        let min_zoom = zoom_from_tenths(self.byte()?);
        let population = self.varint()?;
        let name = self.text(place)?;
        let n_alt = self.count(1)?;
        let mut alt_names = Vec::with_capacity(n_alt);
        for _ in 0..n_alt {
            alt_names.push(self.text(place)?);
        }
        let (x, y) = project(lat, lon);
        Ok(PlaceName {
            name,
            alt_names,
            lat,
            lon,
            x: x as f32,
            y: y as f32,
            rank,
            population,
            min_zoom,
            capital: flags & 1 == 1,
        })
    }
}

/// A layer's quantisation grid and where its last line ended.
struct Grid {
    top: i64,
    scale: f32,
    last: (i64, i64),
}

impl Grid {
    /// `p` moved by `(dx, dy)`, if that stays in the world square.
    fn step(&self, p: (i64, i64), dx: i64, dy: i64) -> Option<(i64, i64)> {
        let x = p.0.checked_add(dx).filter(|v| (0..=self.top).contains(v))?;
        let y = p.1.checked_add(dy).filter(|v| (0..=self.top).contains(v))?;
        Some((x, y))
    }
}

/// Most-significant-bit-first reader over the bytes from `pos`.
struct BitReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Bits of `bytes[pos]` already read (0..8).
    bit: u32,
}

impl BitReader<'_> {
    fn read_bit(&mut self) -> Result<u64, BasemapError> {
        let b = *self.bytes.get(self.pos).ok_or(BasemapError::Truncated {
            at: self.bytes.len(),
        })?;
        let v = (b >> (7 - self.bit)) & 1;
        self.bit += 1;
        if self.bit == 8 {
            self.bit = 0;
            self.pos += 1;
        }
        Ok(u64::from(v))
    }

    /// An Exp-Golomb code of order `k`; `too_long` is the error for a code longer than any
    /// valid file holds (its value would not fit 63 bits).
    fn exp_golomb(
        &mut self,
        k: u32,
        too_long: impl Fn() -> BasemapError,
    ) -> Result<u64, BasemapError> {
        let mut zeros = 0;
        while self.read_bit()? == 0 {
            zeros += 1;
            if zeros + k + 1 > MAX_CODE_BITS {
                return Err(too_long());
            }
        }
        // The leading 1 is read; `zeros + k` bits follow.
        let mut w: u64 = 1;
        for _ in 0..zeros + k {
            w = (w << 1) | self.read_bit()?;
        }
        Ok(w - (1u64 << k))
    }

    /// The byte after the last one read from.
    fn end(&self) -> usize {
        if self.bit == 0 {
            self.pos
        } else {
            self.pos + 1
        }
    }
}

#[cfg(test)]
mod tests;
