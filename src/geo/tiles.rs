//! Offline raster tile sets an organisation supplies: one MBTiles (SQLite) or PMTiles (v3) file
//! with the detailed imagery of the area it works in, drawn over the built-in basemap.
//!
//! Everything is read from the local file, never from a network: the file is opened read-only,
//! only the directory it needs is read for each tile (tile sets run to gigabytes), and what a
//! file declares (directory sizes, tile sizes, image dimensions) is checked against limits before
//! anything is allocated, so a damaged or hostile file gives an error, not an exhausted machine.
//! Tiles are addressed as web maps address them (XYZ: x eastwards, y southwards from the top,
//! the orientation of [`crate::geo::project`]); MBTiles' TMS rows are flipped here.
//!
//! Only raster sets (PNG, JPEG, WebP tiles) are drawn: vector tiles need a style and a renderer
//! this program does not have, so they are refused with [`OpenTilesError::VectorTiles`].

mod mbtiles;
mod pmtiles;

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbaImage};

use crate::geo::GeoBox;

/// Deepest zoom level read. Zoom 30 is finer than a centimetre per pixel; beyond it tile numbers
/// (and PMTiles' tile IDs) would no longer fit the integers the formats use.
pub const MAX_ZOOM: u8 = 30;
/// Largest tile, in bytes, that is read. Real raster tiles are tens of kilobytes; this leaves
/// room for a lossless 1024 px aerial tile while refusing a file that claims gigabytes.
pub const MAX_TILE_BYTES: u64 = 16 * 1024 * 1024;
/// Longest side, in pixels, of a tile [`decode_tile`] accepts (tiles are 256 or 512 px).
pub const MAX_TILE_SIDE: u32 = 1024;
/// Most memory the image decoder may allocate for one tile.
const MAX_DECODE_ALLOC: u64 = 64 * 1024 * 1024;

/// The kind of file a tile set came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// An SQLite database in the MBTiles layout (`metadata` and `tiles`).
    MbTiles,
    /// A PMTiles version 3 archive.
    PmTiles,
}

/// The image format of a set's tiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TileFormat {
    Png,
    Jpeg,
    Webp,
}

impl TileFormat {
    /// The format `bytes` are in, from their signature; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<TileFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(TileFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(TileFormat::Jpeg)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(TileFormat::Webp)
        } else {
            None
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            TileFormat::Png => ImageFormat::Png,
            TileFormat::Jpeg => ImageFormat::Jpeg,
            TileFormat::Webp => ImageFormat::WebP,
        }
    }
}

impl std::fmt::Display for TileFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TileFormat::Png => "PNG",
            TileFormat::Jpeg => "JPEG",
            TileFormat::Webp => "WebP",
        })
    }
}

/// What a tile set says about itself, read once when it is opened.
#[derive(Clone, Debug, PartialEq)]
pub struct TileSetInfo {
    pub path: PathBuf,
    pub container: Container,
    /// The set's own name, or the file name without extension when it gives none.
    pub name: String,
    /// The format the set declares. Individual tiles may differ (some imagery sets mix JPEG and
    /// PNG); [`decode_tile`] goes by each tile's own signature.
    pub format: TileFormat,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// The area the set covers, when it says so (and the area is a valid one).
    pub bounds: Option<GeoBox>,
    /// The credit the imagery's provider asks for, as the file gives it (MBTiles allows HTML:
    /// show it as text, do not render it).
    pub attribution: Option<String>,
}

/// An open tile set. `Send + Sync`: the map reads tiles on worker threads, and reads of an
/// MBTiles set take turns on its one SQLite connection, reads of a PMTiles set run in parallel
/// (positioned reads of the file).
pub struct TileSet {
    info: TileSetInfo,
    source: Source,
}

enum Source {
    MbTiles(mbtiles::MbTiles),
    PmTiles(pmtiles::PmTiles),
}

/// The section of a PMTiles file something is wrong in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    RootDirectory,
    Metadata,
    LeafDirectories,
    TileData,
}

impl std::fmt::Display for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Section::RootDirectory => "root directory",
            Section::Metadata => "metadata",
            Section::LeafDirectories => "leaf directories",
            Section::TileData => "tile data",
        })
    }
}

/// What is wrong inside a damaged PMTiles file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    #[error("the file is shorter than the 127-byte PMTiles header")]
    ShortHeader,
    #[error("the header places the {section} beyond the end of the file")]
    OutsideFile { section: Section },
    #[error(
        "a block of the {section} is larger than this program reads (64 MiB for a directory, 16 MiB for a tile)"
    )]
    TooLarge { section: Section },
    #[error("a gzip-compressed block of the {section} is damaged")]
    BadCompression { section: Section },
    #[error("a directory in the {section} is not readable")]
    BadDirectory { section: Section },
    #[error("an entry points outside the {section}")]
    EntryOutside { section: Section },
    #[error("its leaf directories nest deeper than any writer makes them (a loop?)")]
    TooDeep,
}

/// Why a tile set could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenTilesError {
    #[error("could not read the tile set {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a tile set this program reads: offline map tiles must be one MBTiles file (.mbtiles) or one PMTiles version 3 file (.pmtiles)", path.display())]
    NotATileSet { path: PathBuf },
    #[error("{} is a PMTiles version {version} file; this program reads version 3: convert it with the `pmtiles convert` command of the PMTiles project", path.display())]
    PmTilesVersion { path: PathBuf, version: u8 },
    #[error("{} holds vector tiles, which this program cannot draw: only raster tile sets (PNG, JPEG or WebP images) are supported. Render the vector tiles to a raster set first, e.g. with QGIS's \"Generate XYZ tiles (MBTiles)\" tool, or ask the provider for a raster export", path.display())]
    VectorTiles { path: PathBuf },
    #[error("{} holds {format} tiles; this program draws PNG, JPEG and WebP tiles only: convert the set to one of these", path.display())]
    UnsupportedFormat { path: PathBuf, format: String },
    #[error("{} does not say what image format its tiles are in, and its first tile is not a PNG, JPEG or WebP image", path.display())]
    FormatUnknown { path: PathBuf },
    #[error("{} compresses its {what} with {}, which this program cannot read: convert it to gzip or no compression (e.g. `pmtiles convert` from an MBTiles copy)", path.display(), compression_name(*code))]
    UnsupportedCompression {
        path: PathBuf,
        what: Compressed,
        /// The PMTiles compression code (3 Brotli, 4 Zstandard, others unassigned).
        code: u8,
    },
    #[error("{} is an SQLite database but not an MBTiles tile set: it has no `tiles` table", path.display())]
    NoTilesTable { path: PathBuf },
    #[error("{} holds no tiles", path.display())]
    Empty { path: PathBuf },
    #[error("{} declares zoom levels {min} to {max}; this program reads levels 0 to {MAX_ZOOM}, lowest first", path.display())]
    ZoomRange { path: PathBuf, min: i64, max: i64 },
    #[error("could not read the MBTiles file {} (is it damaged?): {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the PMTiles file {} is damaged: {damage}", path.display())]
    Damaged { path: PathBuf, damage: Damage },
}

/// What a PMTiles compression code applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compressed {
    Directories,
    Tiles,
}

impl std::fmt::Display for Compressed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Compressed::Directories => "directories",
            Compressed::Tiles => "tiles",
        })
    }
}

fn compression_name(code: u8) -> String {
    match code {
        3 => "Brotli".to_owned(),
        4 => "Zstandard".to_owned(),
        other => format!("an unknown method (code {other})"),
    }
}

/// Why a tile could not be read from an open set.
#[derive(Debug, thiserror::Error)]
pub enum ReadTileError {
    #[error("could not read tile {z}/{x}/{y} from {}: {source}", path.display())]
    Io {
        path: PathBuf,
        z: u8,
        x: u32,
        y: u32,
        #[source]
        source: std::io::Error,
    },
    #[error("could not read tile {z}/{x}/{y} from the MBTiles file {} (is it damaged?): {source}", path.display())]
    Sqlite {
        path: PathBuf,
        z: u8,
        x: u32,
        y: u32,
        #[source]
        source: rusqlite::Error,
    },
    #[error("could not read tile {z}/{x}/{y}: the PMTiles file {} is damaged: {damage}", path.display())]
    Damaged {
        path: PathBuf,
        z: u8,
        x: u32,
        y: u32,
        damage: Damage,
    },
    #[error("tile {z}/{x}/{y} of {} is {bytes} bytes, more than the {} MiB a map tile may be", path.display(), MAX_TILE_BYTES / (1024 * 1024))]
    TooLarge {
        path: PathBuf,
        z: u8,
        x: u32,
        y: u32,
        bytes: u64,
    },
}

/// Why a tile's bytes could not be turned into pixels.
#[derive(Debug, thiserror::Error)]
pub enum DecodeTileError {
    #[error("the tile is not a PNG, JPEG or WebP image (its set declares {declared})")]
    NotAnImage { declared: TileFormat },
    #[error(
        "the tile is {width}×{height} pixels; map tiles are at most {MAX_TILE_SIDE} pixels a side"
    )]
    TooLarge { width: u32, height: u32 },
    #[error("the {format} tile is damaged: {source}")]
    Damaged {
        format: TileFormat,
        #[source]
        source: image::ImageError,
    },
    #[error("the image decoder failed on this {format} tile")]
    DecoderPanicked { format: TileFormat },
}

impl TileSet {
    /// Opens the MBTiles or PMTiles file at `path` (told apart by their first bytes, not by the
    /// file name) and reads what it says about itself.
    pub fn open(path: &Path) -> Result<TileSet, OpenTilesError> {
        let mut head = [0u8; 16];
        let got = read_head(path, &mut head).map_err(|source| OpenTilesError::Io {
            path: path.to_owned(),
            source,
        })?;
        let head = &head[..got];
        if head.starts_with(b"SQLite format 3\0") {
            let (set, info) = mbtiles::MbTiles::open(path)?;
            Ok(TileSet {
                info,
                source: Source::MbTiles(set),
            })
        } else if head.starts_with(pmtiles::MAGIC) {
            let (set, info) = pmtiles::PmTiles::open(path)?;
            Ok(TileSet {
                info,
                source: Source::PmTiles(set),
            })
        } else if let Some(version) = pmtiles::old_version(head) {
            Err(OpenTilesError::PmTilesVersion {
                path: path.to_owned(),
                version,
            })
        } else {
            Err(OpenTilesError::NotATileSet {
                path: path.to_owned(),
            })
        }
    }

    pub fn info(&self) -> &TileSetInfo {
        &self.info
    }

    /// The bytes of tile `z/x/y` in XYZ addressing (x eastwards, y southwards from the top, as
    /// web maps number them); `None` when the set has no such tile, including coordinates
    /// outside the zoom level's grid.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, ReadTileError> {
        if z > MAX_ZOOM || u64::from(x) >= 1u64 << z || u64::from(y) >= 1u64 << z {
            return Ok(None);
        }
        match &self.source {
            Source::MbTiles(set) => set.tile(z, x, y),
            Source::PmTiles(set) => set.tile(z, x, y),
        }
    }
}

fn read_head(path: &Path, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut file = std::fs::File::open(path)?;
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The name a set without one is shown under: its file name without extension.
fn name_from_path(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Bounds as the formats give them, west/south/east/north in degrees; `None` unless they make a
/// valid area of positive size (writers that do not know the bounds often leave zeros).
fn bounds_from(west: f64, south: f64, east: f64, north: f64) -> Option<GeoBox> {
    let lat_ok = |v: f64| v.is_finite() && (-90.0..=90.0).contains(&v);
    let lon_ok = |v: f64| v.is_finite() && (-180.0..=180.0).contains(&v);
    let ok = lat_ok(south)
        && lat_ok(north)
        && lon_ok(west)
        && lon_ok(east)
        && south < north
        && west < east;
    ok.then_some(GeoBox {
        south,
        west,
        north,
        east,
    })
}

/// Checks a declared zoom range and narrows it to `u8`.
fn zoom_range(path: &Path, min: i64, max: i64) -> Result<(u8, u8), OpenTilesError> {
    let to_zoom = |z: i64| u8::try_from(z).ok().filter(|z| *z <= MAX_ZOOM);
    match (to_zoom(min), to_zoom(max)) {
        (Some(lo), Some(hi)) if lo <= hi => Ok((lo, hi)),
        _ => Err(OpenTilesError::ZoomRange {
            path: path.to_owned(),
            min,
            max,
        }),
    }
}

/// Decodes a tile to pixels. The format is taken from the tile's own signature (`format`, the
/// set's declaration, only names what was expected in the error); images larger than
/// [`MAX_TILE_SIDE`] are refused before their pixels are decoded, and the decoder runs under
/// `catch_unwind`, as intake's do, so a decoder bug on a hostile tile is an error, not a crash.
pub fn decode_tile(bytes: &[u8], format: TileFormat) -> Result<RgbaImage, DecodeTileError> {
    let actual =
        TileFormat::sniff(bytes).ok_or(DecodeTileError::NotAnImage { declared: format })?;
    catch_unwind(AssertUnwindSafe(|| decode_inner(bytes, actual)))
        .unwrap_or(Err(DecodeTileError::DecoderPanicked { format: actual }))
}

fn decode_inner(bytes: &[u8], format: TileFormat) -> Result<RgbaImage, DecodeTileError> {
    let damaged = |source| DecodeTileError::Damaged { format, source };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_TILE_SIDE || height > MAX_TILE_SIDE {
        return Err(DecodeTileError::TooLarge { width, height });
    }
    let image = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    Ok(image.into_rgba8())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `side`-pixel PNG filled with `rgb`.
    pub(crate) fn png(side: u32, rgb: [u8; 3]) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(side, side, image::Rgb(rgb));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_tile_set_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<TileSet>();
    }

    #[test]
    fn formats_are_told_by_their_signatures() {
        assert_eq!(TileFormat::sniff(&png(4, [1, 2, 3])), Some(TileFormat::Png));
        assert_eq!(
            TileFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(TileFormat::Jpeg)
        );
        assert_eq!(
            TileFormat::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(TileFormat::Webp)
        );
        assert_eq!(TileFormat::sniff(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(TileFormat::sniff(&[0x1F, 0x8B, 8]), None);
        assert_eq!(TileFormat::sniff(&[]), None);
    }

    #[test]
    fn tiles_decode_to_pixels_and_oversized_or_foreign_ones_are_refused() {
        let img = decode_tile(&png(256, [10, 20, 30]), TileFormat::Png).unwrap();
        assert_eq!(img.dimensions(), (256, 256));
        assert_eq!(img.get_pixel(100, 200).0, [10, 20, 30, 255]);

        // A JPEG tile in a set that declares PNG still decodes (mixed imagery sets exist).
        let mut jpeg = Vec::new();
        image::RgbImage::from_pixel(256, 256, image::Rgb([200, 100, 50]))
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        let img = decode_tile(&jpeg, TileFormat::Png).unwrap();
        let [r, g, b, a] = img.get_pixel(128, 128).0;
        assert!(r.abs_diff(200) < 8 && g.abs_diff(100) < 8 && b.abs_diff(50) < 8 && a == 255);

        assert!(matches!(
            decode_tile(&png(1025, [0, 0, 0]), TileFormat::Png),
            Err(DecodeTileError::TooLarge {
                width: 1025,
                height: 1025
            })
        ));
        assert!(matches!(
            decode_tile(b"<html>not a tile</html>", TileFormat::Jpeg),
            Err(DecodeTileError::NotAnImage {
                declared: TileFormat::Jpeg
            })
        ));
        let mut cut = png(256, [1, 2, 3]);
        cut.truncate(cut.len() / 2);
        assert!(matches!(
            decode_tile(&cut, TileFormat::Png),
            Err(DecodeTileError::Damaged {
                format: TileFormat::Png,
                ..
            })
        ));
    }

    #[test]
    fn files_that_are_no_tile_set_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.mbtiles");
        std::fs::write(&text, b"just some text, not a database").unwrap();
        match TileSet::open(&text) {
            Err(e @ OpenTilesError::NotATileSet { .. }) => {
                assert!(e.to_string().contains("notes.mbtiles"), "{e}")
            }
            other => panic!("{:?}", other.err()),
        }
        let empty = dir.path().join("empty.pmtiles");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(
            TileSet::open(&empty),
            Err(OpenTilesError::NotATileSet { .. })
        ));
        assert!(matches!(
            TileSet::open(&dir.path().join("absent.mbtiles")),
            Err(OpenTilesError::Io { .. })
        ));
        // PMTiles version 2 starts "PM" and a two-byte version.
        let v2 = dir.path().join("old.pmtiles");
        std::fs::write(&v2, b"PM\x02\x00\x10\x00\x00\x00\x01\x00{}").unwrap();
        assert!(matches!(
            TileSet::open(&v2),
            Err(OpenTilesError::PmTilesVersion { version: 2, .. })
        ));
    }

    #[test]
    fn bounds_and_zoom_ranges_are_checked() {
        assert_eq!(
            bounds_from(38.5, 35.8, 38.6, 35.9),
            Some(GeoBox {
                south: 35.8,
                west: 38.5,
                north: 35.9,
                east: 38.6
            })
        );
        assert_eq!(bounds_from(0.0, 0.0, 0.0, 0.0), None);
        assert_eq!(bounds_from(170.0, 10.0, -170.0, 20.0), None, "antimeridian");
        assert_eq!(bounds_from(0.0, -91.0, 1.0, 1.0), None);
        assert_eq!(bounds_from(f64::NAN, 0.0, 1.0, 1.0), None);
        let p = Path::new("x.mbtiles");
        assert_eq!(zoom_range(p, 0, 18).unwrap(), (0, 18));
        assert!(zoom_range(p, 5, 4).is_err());
        assert!(zoom_range(p, -1, 4).is_err());
        assert!(zoom_range(p, 0, 31).is_err());
    }
}
