//! PMTiles version 3: a 127-byte header, a root directory, JSON metadata, leaf directories and
//! the tile data, in one file.
//!
//! A tile is found by its tile ID — its position on the chain of Hilbert curves, one per zoom
//! level — in the root directory, which either holds the tile's entry or points to the leaf
//! directory that does. Directories are varint-encoded columns, usually gzip-compressed. Only the
//! header and root directory are read when the set is opened; a tile costs one positioned read
//! (plus one for its leaf directory the first time that leaf is needed), never a read of the
//! whole file. Every length the file declares is checked before it is allocated.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::{
    Compressed, Container, Damage, MAX_TILE_BYTES, MAX_ZOOM, OpenTilesError, ReadTileError,
    Section, TileFormat, TileSetInfo, bounds_from, name_from_path, zoom_range,
};

pub(super) const MAGIC: &[u8] = b"PMTiles";
const HEADER_LEN: usize = 127;
/// Largest directory read, compressed or not (a real leaf is at most a few megabytes).
const MAX_DIRECTORY_BYTES: u64 = 64 * 1024 * 1024;
/// Most entries one directory may hold (24 bytes each in memory: 48 MiB).
const MAX_DIRECTORY_ENTRIES: usize = 2_000_000;
/// Largest JSON metadata read; a larger block is skipped (raster sets' metadata is tiny).
const MAX_METADATA_BYTES: u64 = 16 * 1024 * 1024;
/// Directories looked through for one tile: the root and up to three levels of leaves (writers
/// make one); more means a loop in a damaged file.
const MAX_DEPTH: usize = 4;
/// Leaf directories kept parsed, counted in entries, so a map pan does not re-read them.
const CACHE_ENTRIES: usize = 2_000_000;

/// The version of a PMTiles v1/v2 file ("PM" and a two-byte version), which v3 replaced.
pub(super) fn old_version(head: &[u8]) -> Option<u8> {
    match head {
        [b'P', b'M', v @ (1 | 2), 0, ..] => Some(*v),
        _ => None,
    }
}

/// How a block is compressed. `Unknown` (code 0) is read by looking at the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Codec {
    Unknown,
    None,
    Gzip,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    tile_id: u64,
    /// From the start of the tile data section (tiles) or of the leaf section (leaves).
    offset: u64,
    length: u32,
    /// How many consecutive tile IDs share this tile; 0 marks a leaf directory.
    run_length: u32,
}

/// The header fields this reader uses (offset, length pairs for the sections).
struct Header {
    version: u8,
    root: (u64, u64),
    metadata: (u64, u64),
    leaves: (u64, u64),
    data: (u64, u64),
    internal: u8,
    tile_compression: u8,
    tile_type: u8,
    min_zoom: u8,
    max_zoom: u8,
    /// min lon, min lat, max lon, max lat, in units of 1e-7 degrees.
    bounds_e7: [i32; 4],
}

fn parse_header(b: &[u8; HEADER_LEN]) -> Header {
    let u64_at = |at: usize| {
        let mut v = [0u8; 8];
        v.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(v)
    };
    let i32_at = |at: usize| {
        let mut v = [0u8; 4];
        v.copy_from_slice(&b[at..at + 4]);
        i32::from_le_bytes(v)
    };
    Header {
        version: b[7],
        root: (u64_at(8), u64_at(16)),
        metadata: (u64_at(24), u64_at(32)),
        leaves: (u64_at(40), u64_at(48)),
        data: (u64_at(56), u64_at(64)),
        internal: b[97],
        tile_compression: b[98],
        tile_type: b[99],
        min_zoom: b[100],
        max_zoom: b[101],
        bounds_e7: [i32_at(102), i32_at(106), i32_at(110), i32_at(114)],
    }
}

/// Why a tile could not be read, before the path and tile are attached.
enum Fault {
    Io(std::io::Error),
    Damaged(Damage),
    TooLarge(u64),
}

pub(super) struct PmTiles {
    path: PathBuf,
    /// Read with positioned reads only (`read_at` takes `&self`), so threads need no lock.
    file: File,
    root: Arc<Vec<Entry>>,
    leaves: (u64, u64),
    data: (u64, u64),
    internal: Codec,
    tiles: Codec,
    cache: Mutex<LeafCache>,
}

impl PmTiles {
    pub(super) fn open(path: &Path) -> Result<(PmTiles, TileSetInfo), OpenTilesError> {
        let io = |source| OpenTilesError::Io {
            path: path.to_owned(),
            source,
        };
        let damaged = |damage| OpenTilesError::Damaged {
            path: path.to_owned(),
            damage,
        };
        let file = File::open(path).map_err(io)?;
        let file_len = file.metadata().map_err(io)?.len();
        if file_len < HEADER_LEN as u64 {
            return Err(damaged(Damage::ShortHeader));
        }
        let mut head = [0u8; HEADER_LEN];
        file.read_exact_at(&mut head, 0).map_err(io)?;
        let h = parse_header(&head);
        if h.version != 3 {
            return Err(OpenTilesError::PmTilesVersion {
                path: path.to_owned(),
                version: h.version,
            });
        }
        for (section, (offset, length)) in [
            (Section::RootDirectory, h.root),
            (Section::Metadata, h.metadata),
            (Section::LeafDirectories, h.leaves),
            (Section::TileData, h.data),
        ] {
            if offset.checked_add(length).is_none_or(|end| end > file_len) {
                return Err(damaged(Damage::OutsideFile { section }));
            }
        }
        let internal = codec(path, h.internal, Compressed::Directories)?;
        let tiles = codec(path, h.tile_compression, Compressed::Tiles)?;

        let meta = read_metadata(&file, h.metadata, internal).map_err(|f| match f {
            Fault::Io(source) => io(source),
            Fault::Damaged(d) => damaged(d),
            Fault::TooLarge(_) => damaged(Damage::TooLarge {
                section: Section::Metadata,
            }),
        })?;
        let text = |key: &str| {
            meta.get(key)
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let format = match h.tile_type {
            1 => Err(OpenTilesError::VectorTiles {
                path: path.to_owned(),
            }),
            2 => Ok(TileFormat::Png),
            3 => Ok(TileFormat::Jpeg),
            4 => Ok(TileFormat::Webp),
            0 => match text("format").map(|f| f.to_ascii_lowercase()).as_deref() {
                Some("png") => Ok(TileFormat::Png),
                Some("jpg" | "jpeg") => Ok(TileFormat::Jpeg),
                Some("webp") => Ok(TileFormat::Webp),
                Some("pbf" | "mvt") => Err(OpenTilesError::VectorTiles {
                    path: path.to_owned(),
                }),
                _ => Err(OpenTilesError::FormatUnknown {
                    path: path.to_owned(),
                }),
            },
            5 => Err(OpenTilesError::UnsupportedFormat {
                path: path.to_owned(),
                format: "AVIF".to_owned(),
            }),
            other => Err(OpenTilesError::UnsupportedFormat {
                path: path.to_owned(),
                format: format!("unknown (type code {other})"),
            }),
        }?;
        let (min_zoom, max_zoom) = zoom_range(path, h.min_zoom.into(), h.max_zoom.into())?;

        let section = Section::RootDirectory;
        if h.root.1 > MAX_DIRECTORY_BYTES {
            return Err(damaged(Damage::TooLarge { section }));
        }
        let raw = read_block(&file, h.root.0, h.root.1).map_err(io)?;
        let bytes = decompress(raw, internal, MAX_DIRECTORY_BYTES, section).map_err(damaged)?;
        let root = parse_directory(&bytes).ok_or(damaged(Damage::BadDirectory { section }))?;
        if root.is_empty() {
            return Err(OpenTilesError::Empty {
                path: path.to_owned(),
            });
        }

        let [west, south, east, north] = h.bounds_e7.map(|v| f64::from(v) / 10_000_000.0);
        let info = TileSetInfo {
            path: path.to_owned(),
            container: Container::PmTiles,
            name: text("name").unwrap_or_else(|| name_from_path(path)),
            format,
            min_zoom,
            max_zoom,
            bounds: bounds_from(west, south, east, north),
            attribution: text("attribution"),
        };
        let set = PmTiles {
            path: path.to_owned(),
            file,
            root: Arc::new(root),
            leaves: h.leaves,
            data: h.data,
            internal,
            tiles,
            cache: Mutex::new(LeafCache::default()),
        };
        Ok((set, info))
    }

    /// Tile `z/x/y` (XYZ; the caller has checked the coordinates are on the grid).
    pub(super) fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, ReadTileError> {
        self.find(z, x, y).map_err(|fault| {
            let path = self.path.clone();
            match fault {
                Fault::Io(source) => ReadTileError::Io {
                    path,
                    z,
                    x,
                    y,
                    source,
                },
                Fault::Damaged(damage) => ReadTileError::Damaged {
                    path,
                    z,
                    x,
                    y,
                    damage,
                },
                Fault::TooLarge(bytes) => ReadTileError::TooLarge {
                    path,
                    z,
                    x,
                    y,
                    bytes,
                },
            }
        })
    }

    fn find(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, Fault> {
        let Some(id) = tile_id(z, x, y) else {
            return Ok(None);
        };
        let mut dir = Arc::clone(&self.root);
        for _ in 0..MAX_DEPTH {
            let Some(entry) = find_entry(&dir, id) else {
                return Ok(None);
            };
            if entry.run_length > 0 {
                return self.read_tile(entry).map(Some);
            }
            dir = self.leaf(entry)?;
        }
        Err(Fault::Damaged(Damage::TooDeep))
    }

    fn read_tile(&self, e: Entry) -> Result<Vec<u8>, Fault> {
        let section = Section::TileData;
        if u64::from(e.length) > MAX_TILE_BYTES {
            return Err(Fault::TooLarge(e.length.into()));
        }
        let at = place(self.data, e, section)?;
        let raw = read_block(&self.file, at, e.length.into()).map_err(Fault::Io)?;
        decompress(raw, self.tiles, MAX_TILE_BYTES, section).map_err(Fault::Damaged)
    }

    fn leaf(&self, e: Entry) -> Result<Arc<Vec<Entry>>, Fault> {
        let key = (e.offset, e.length);
        if let Some(dir) = self
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
        {
            return Ok(dir);
        }
        let section = Section::LeafDirectories;
        if u64::from(e.length) > MAX_DIRECTORY_BYTES {
            return Err(Fault::Damaged(Damage::TooLarge { section }));
        }
        let at = place(self.leaves, e, section)?;
        let raw = read_block(&self.file, at, e.length.into()).map_err(Fault::Io)?;
        let bytes =
            decompress(raw, self.internal, MAX_DIRECTORY_BYTES, section).map_err(Fault::Damaged)?;
        let dir = Arc::new(
            parse_directory(&bytes).ok_or(Fault::Damaged(Damage::BadDirectory { section }))?,
        );
        self.cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .put(key, Arc::clone(&dir));
        Ok(dir)
    }
}

/// A leaf directory's place in the leaf section: offset and length.
type LeafKey = (u64, u32);

/// The most recently used leaf directories, bounded by their total number of entries.
#[derive(Default)]
struct LeafCache {
    dirs: Vec<(LeafKey, Arc<Vec<Entry>>)>,
    entries: usize,
}

impl LeafCache {
    fn get(&mut self, key: LeafKey) -> Option<Arc<Vec<Entry>>> {
        let i = self.dirs.iter().position(|(k, _)| *k == key)?;
        let item = self.dirs.remove(i);
        let dir = Arc::clone(&item.1);
        self.dirs.push(item);
        Some(dir)
    }

    fn put(&mut self, key: LeafKey, dir: Arc<Vec<Entry>>) {
        if self.dirs.iter().any(|(k, _)| *k == key) {
            return;
        }
        self.entries += dir.len();
        self.dirs.push((key, dir));
        while self.entries > CACHE_ENTRIES && self.dirs.len() > 1 {
            let (_, old) = self.dirs.remove(0);
            self.entries -= old.len();
        }
    }
}

/// The file offset of entry `e` in `section` (offset, length), checked to lie inside it.
fn place(section: (u64, u64), e: Entry, which: Section) -> Result<u64, Fault> {
    let end = e.offset.checked_add(e.length.into());
    if end.is_none_or(|end| end > section.1) {
        return Err(Fault::Damaged(Damage::EntryOutside { section: which }));
    }
    Ok(section.0 + e.offset)
}

fn codec(path: &Path, code: u8, what: Compressed) -> Result<Codec, OpenTilesError> {
    match code {
        0 => Ok(Codec::Unknown),
        1 => Ok(Codec::None),
        2 => Ok(Codec::Gzip),
        code => Err(OpenTilesError::UnsupportedCompression {
            path: path.to_owned(),
            what,
            code,
        }),
    }
}

/// `length` bytes at `offset` (the caller has capped `length`).
fn read_block(file: &File, offset: u64, length: u64) -> std::io::Result<Vec<u8>> {
    let len = usize::try_from(length).map_err(|_| std::io::ErrorKind::InvalidData)?;
    let mut buf = vec![0u8; len];
    file.read_exact_at(&mut buf, offset)?;
    Ok(buf)
}

/// The JSON metadata object (empty when there is none, it is too large, or it is not an object:
/// it only names the set, so a set with unreadable metadata still opens).
fn read_metadata(
    file: &File,
    (offset, length): (u64, u64),
    codec: Codec,
) -> Result<serde_json::Map<String, serde_json::Value>, Fault> {
    if length == 0 || length > MAX_METADATA_BYTES {
        return Ok(serde_json::Map::new());
    }
    let raw = read_block(file, offset, length).map_err(Fault::Io)?;
    let bytes = match decompress(raw, codec, MAX_METADATA_BYTES, Section::Metadata) {
        Ok(bytes) => bytes,
        Err(Damage::TooLarge { .. }) => return Ok(serde_json::Map::new()),
        Err(d) => return Err(Fault::Damaged(d)),
    };
    match serde_json::from_slice(&bytes) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Ok(serde_json::Map::new()),
    }
}

fn decompress(
    bytes: Vec<u8>,
    codec: Codec,
    limit: u64,
    section: Section,
) -> Result<Vec<u8>, Damage> {
    let gzipped = match codec {
        Codec::Gzip => true,
        Codec::None => false,
        Codec::Unknown => bytes.starts_with(&[0x1F, 0x8B]),
    };
    if gzipped {
        gunzip(&bytes, limit, section)
    } else if bytes.len() as u64 > limit {
        Err(Damage::TooLarge { section })
    } else {
        Ok(bytes)
    }
}

/// One gzip member (RFC 1952): the header is skipped by hand, the raw deflate stream inflated
/// to at most `limit` bytes, and the trailer's CRC-32 and length checked.
fn gunzip(data: &[u8], limit: u64, section: Section) -> Result<Vec<u8>, Damage> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let bad = Damage::BadCompression { section };
    if data.len() < 18 || data[..3] != [0x1F, 0x8B, 8] || data[3] & 0xE0 != 0 {
        return Err(bad);
    }
    let flags = data[3];
    let mut pos = 10usize;
    if flags & FEXTRA != 0 {
        let xlen = data.get(pos..pos + 2).ok_or(bad)?;
        pos += 2 + usize::from(u16::from_le_bytes([xlen[0], xlen[1]]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let rest = data.get(pos..).ok_or(bad)?;
            pos += rest.iter().position(|&b| b == 0).ok_or(bad)? + 1;
        }
    }
    if flags & FHCRC != 0 {
        pos += 2;
    }
    let trailer_at = data.len() - 8;
    let body = data.get(pos..trailer_at).ok_or(bad)?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(body, limit).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            Damage::TooLarge { section }
        } else {
            bad
        }
    })?;
    let word = |at: usize| u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
    if word(trailer_at) != crc32(&out) || word(trailer_at + 4) != out.len() as u32 {
        return Err(bad);
    }
    Ok(out)
}

/// CRC-32 (IEEE 802.3, reflected), as gzip's trailer carries it.
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes
        .iter()
        .fold(!0u32, |c, &b| TABLE[usize::from((c as u8) ^ b)] ^ (c >> 8))
}

/// The PMTiles tile ID of `z/x/y`: the tiles of all shallower zooms (`(4^z - 1) / 3`) plus the
/// tile's index along zoom `z`'s Hilbert curve. `None` off the grid or beyond [`MAX_ZOOM`].
fn tile_id(z: u8, x: u32, y: u32) -> Option<u64> {
    if z > MAX_ZOOM {
        return None;
    }
    let n = 1u64 << z;
    let (mut x, mut y) = (u64::from(x), u64::from(y));
    if x >= n || y >= n {
        return None;
    }
    let mut index = 0u64;
    let mut s = n >> 1;
    while s > 0 {
        let rx = x & s != 0;
        let ry = y & s != 0;
        // Quadrants in curve order: (0,0), (0,1), (1,1), (1,0) as (rx, ry).
        let quadrant = match (rx, ry) {
            (false, false) => 0,
            (false, true) => 1,
            (true, true) => 2,
            (true, false) => 3,
        };
        index += quadrant * s * s;
        // Within the quadrant, turn the coordinates so the sub-curve runs as the whole does.
        x &= s - 1;
        y &= s - 1;
        if !ry {
            if rx {
                x = s - 1 - x;
                y = s - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s >>= 1;
    }
    Some((n * n - 1) / 3 + index)
}

/// The entry that holds tile `id`: the last entry at or before it, if it is a leaf directory
/// (which covers every ID up to the next entry) or a tile whose run reaches `id`.
fn find_entry(dir: &[Entry], id: u64) -> Option<Entry> {
    let after = dir.partition_point(|e| e.tile_id <= id);
    let e = *dir.get(after.checked_sub(1)?)?;
    (e.run_length == 0 || id - e.tile_id < u64::from(e.run_length)).then_some(e)
}

/// Reads a serialized directory: the entry count, then columns of tile-ID deltas, run lengths,
/// lengths and offsets (0 meaning "right after the previous entry", otherwise offset + 1).
/// `None` for anything malformed, including IDs out of order and trailing bytes.
fn parse_directory(bytes: &[u8]) -> Option<Vec<Entry>> {
    let mut r = Varints { bytes, pos: 0 };
    let n = usize::try_from(r.next()?).ok()?;
    // Each entry takes at least four bytes, so a count larger than that is a lie to be refused
    // before it is allocated.
    if n > bytes.len() / 4 || n > MAX_DIRECTORY_ENTRIES {
        return None;
    }
    let mut entries = Vec::with_capacity(n);
    let mut id = 0u64;
    for i in 0..n {
        let delta = r.next()?;
        if i > 0 && delta == 0 {
            return None;
        }
        id = id.checked_add(delta)?;
        entries.push(Entry {
            tile_id: id,
            offset: 0,
            length: 0,
            run_length: 0,
        });
    }
    for e in &mut entries {
        e.run_length = u32::try_from(r.next()?).ok()?;
    }
    for e in &mut entries {
        e.length = u32::try_from(r.next()?).ok().filter(|l| *l > 0)?;
    }
    let mut next = None;
    for e in &mut entries {
        e.offset = match r.next()? {
            0 => next?,
            v => v - 1,
        };
        next = e.offset.checked_add(e.length.into());
    }
    (r.pos == bytes.len()).then_some(entries)
}

/// Little-endian base-128 varints.
struct Varints<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Varints<'_> {
    fn next(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            let part = u64::from(b & 0x7F);
            if shift == 63 && part > 1 {
                return None;
            }
            value |= part << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
