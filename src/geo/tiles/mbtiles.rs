//! MBTiles: an SQLite database with a `metadata` table of name/value pairs and a `tiles` table
//! (or view) of `zoom_level, tile_column, tile_row, tile_data`, rows numbered TMS-style from the
//! south.
//!
//! The database is opened read-only and `immutable` (SQLite then takes no locks and writes no
//! `-wal`/`-shm` files beside it, so a set on a read-only USB stick opens too): the program never
//! writes a tile set, and a set is not expected to change while the map shows it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{
    Container, MAX_TILE_BYTES, OpenTilesError, ReadTileError, TileFormat, TileSetInfo, bounds_from,
    name_from_path, zoom_range,
};

/// The length is asked for beside the blob so that an oversized tile is refused without SQLite
/// handing its bytes over (`length()` of a blob reads only its header).
const TILE_SQL: &str = "SELECT length(tile_data), \
     CASE WHEN length(tile_data) <= ?4 THEN tile_data END \
     FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3";

pub(super) struct MbTiles {
    path: std::path::PathBuf,
    /// `Connection` is `Send` but not `Sync`: readers take turns.
    conn: Mutex<Connection>,
}

impl MbTiles {
    pub(super) fn open(path: &Path) -> Result<(MbTiles, TileSetInfo), OpenTilesError> {
        let sql = |source| OpenTilesError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let absolute = std::path::absolute(path).map_err(|source| OpenTilesError::Io {
            path: path.to_owned(),
            source,
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(uri(&absolute), flags).map_err(sql)?;

        if !has_table(&conn, "tiles").map_err(sql)? {
            return Err(OpenTilesError::NoTilesTable {
                path: path.to_owned(),
            });
        }
        let meta = if has_table(&conn, "metadata").map_err(sql)? {
            read_metadata(&conn).map_err(sql)?
        } else {
            HashMap::new()
        };
        let any_tile: Option<i64> = conn
            .query_row("SELECT 1 FROM tiles LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(sql)?;
        if any_tile.is_none() {
            return Err(OpenTilesError::Empty {
                path: path.to_owned(),
            });
        }
        let format = match meta.get("format").map(|f| f.trim().to_ascii_lowercase()) {
            Some(f) if !f.is_empty() => format_from_name(path, &f)?,
            _ => format_from_first_tile(path, &conn)?,
        };
        let declared = |key: &str| meta.get(key).and_then(|v| v.trim().parse::<i64>().ok());
        let (min, max) = match (declared("minzoom"), declared("maxzoom")) {
            (Some(min), Some(max)) => (min, max),
            _ => conn
                .query_row(
                    "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles",
                    [],
                    |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?)),
                )
                .map_err(sql)
                .and_then(|z| match z {
                    (Some(min), Some(max)) => Ok((min, max)),
                    _ => Err(OpenTilesError::Empty {
                        path: path.to_owned(),
                    }),
                })?,
        };
        let (min_zoom, max_zoom) = zoom_range(path, min, max)?;
        let info = TileSetInfo {
            path: path.to_owned(),
            container: Container::MbTiles,
            name: non_empty(meta.get("name")).unwrap_or_else(|| name_from_path(path)),
            format,
            min_zoom,
            max_zoom,
            bounds: meta.get("bounds").and_then(|b| parse_bounds(b)),
            attribution: non_empty(meta.get("attribution")),
        };
        let set = MbTiles {
            path: path.to_owned(),
            conn: Mutex::new(conn),
        };
        Ok((set, info))
    }

    /// Tile `z/x/y` (XYZ; the caller has checked the coordinates are on the grid).
    pub(super) fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, ReadTileError> {
        let row = (1u64 << z) - 1 - u64::from(y);
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let found = conn
            .prepare_cached(TILE_SQL)
            .and_then(|mut stmt| {
                stmt.query_row(
                    rusqlite::params![z, x, row as i64, MAX_TILE_BYTES as i64],
                    |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<Vec<u8>>>(1)?)),
                )
                .optional()
            })
            .map_err(|source| ReadTileError::Sqlite {
                path: self.path.clone(),
                z,
                x,
                y,
                source,
            })?;
        match found {
            None | Some((None, _)) | Some((Some(0), _)) => Ok(None),
            Some((Some(_), Some(bytes))) => Ok(Some(bytes)),
            Some((Some(len), None)) => Err(ReadTileError::TooLarge {
                path: self.path.clone(),
                z,
                x,
                y,
                bytes: u64::try_from(len).unwrap_or(0),
            }),
        }
    }
}

/// An SQLite URI for `path` (`immutable` can only be asked for in a URI), its bytes
/// percent-encoded so that `?`, `#` and `%` in a file name stay part of the name.
fn uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str("?mode=ro&immutable=1");
    out
}

fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1",
        [name],
        |_| Ok(()),
    )
    .optional()
    .map(|r| r.is_some())
}

/// The `metadata` pairs, names in lower case; values of any SQLite type are read as text.
fn read_metadata(conn: &Connection) -> rusqlite::Result<HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT name, value FROM metadata")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(row) = rows.next()? {
        let text = |v: ValueRef<'_>| match v {
            ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Integer(i) => Some(i.to_string()),
            ValueRef::Real(f) => Some(f.to_string()),
            ValueRef::Null | ValueRef::Blob(_) => None,
        };
        if let (Some(name), Some(value)) = (text(row.get_ref(0)?), text(row.get_ref(1)?)) {
            out.insert(name.trim().to_ascii_lowercase(), value);
        }
    }
    Ok(out)
}

/// The `format` value: the spec's short names, or the media types some writers put instead.
fn format_from_name(path: &Path, name: &str) -> Result<TileFormat, OpenTilesError> {
    match name {
        "png" | "image/png" => Ok(TileFormat::Png),
        "jpg" | "jpeg" | "image/jpeg" => Ok(TileFormat::Jpeg),
        "webp" | "image/webp" => Ok(TileFormat::Webp),
        "pbf" | "mvt" | "application/x-protobuf" | "application/vnd.mapbox-vector-tile" => {
            Err(OpenTilesError::VectorTiles {
                path: path.to_owned(),
            })
        }
        other => Err(OpenTilesError::UnsupportedFormat {
            path: path.to_owned(),
            format: other.to_owned(),
        }),
    }
}

/// A set that does not state its format: the first tile's signature decides (gzip-compressed
/// tiles are vector tiles; raster formats are never gzipped).
fn format_from_first_tile(path: &Path, conn: &Connection) -> Result<TileFormat, OpenTilesError> {
    let first: Option<Option<Vec<u8>>> = conn
        .query_row(
            "SELECT CASE WHEN length(tile_data) <= ?1 THEN tile_data END \
             FROM tiles WHERE tile_data IS NOT NULL LIMIT 1",
            [MAX_TILE_BYTES as i64],
            |r| r.get(0),
        )
        .optional()
        .map_err(|source| OpenTilesError::Sqlite {
            path: path.to_owned(),
            source,
        })?;
    let bytes = first.flatten().unwrap_or_default();
    if let Some(format) = TileFormat::sniff(&bytes) {
        Ok(format)
    } else if bytes.starts_with(&[0x1F, 0x8B]) {
        Err(OpenTilesError::VectorTiles {
            path: path.to_owned(),
        })
    } else {
        Err(OpenTilesError::FormatUnknown {
            path: path.to_owned(),
        })
    }
}

/// `bounds` is `WEST,SOUTH,EAST,NORTH` in degrees.
fn parse_bounds(text: &str) -> Option<crate::geo::GeoBox> {
    let v: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let [west, south, east, north] = v[..] else {
        return None;
    };
    bounds_from(west, south, east, north)
}

fn non_empty(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::super::tests::png;
    use super::super::{OpenTilesError, TileSet};
    use super::*;

    /// An MBTiles file with `meta` pairs and `tiles` given as (z, x, y in XYZ, bytes).
    fn mbtiles(path: &Path, meta: &[(&str, &str)], tiles: &[(u8, u32, u32, Vec<u8>)]) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(
            "CREATE TABLE metadata (name TEXT, value TEXT);
             CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                 tile_data BLOB);
             CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);",
        )
        .unwrap();
        for (k, v) in meta {
            conn.execute("INSERT INTO metadata VALUES (?1, ?2)", [k, v])
                .unwrap();
        }
        for (z, x, y, data) in tiles {
            let row = (1u32 << z) - 1 - y;
            conn.execute(
                "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![z, x, row, data],
            )
            .unwrap();
        }
    }

    #[test]
    fn an_mbtiles_set_is_read_in_xyz_addressing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("raqqa #1?.mbtiles");
        let (red, green, blue) = (
            png(256, [255, 0, 0]),
            png(256, [0, 255, 0]),
            png(256, [0, 0, 255]),
        );
        mbtiles(
            &path,
            &[
                ("name", "Raqqa 2024"),
                ("format", "png"),
                ("minzoom", "0"),
                ("maxzoom", "2"),
                ("bounds", "38.5,35.8,39.2,36.1"),
                ("attribution", "Imagery © Example Org"),
            ],
            &[
                (0, 0, 0, red.clone()),
                (2, 1, 0, green.clone()), // XYZ row 0 is TMS row 3: the top.
                (2, 1, 3, blue.clone()),
            ],
        );
        let set = TileSet::open(&path).unwrap();
        let info = set.info();
        assert_eq!(info.container, Container::MbTiles);
        assert_eq!(info.name, "Raqqa 2024");
        assert_eq!(info.format, TileFormat::Png);
        assert_eq!((info.min_zoom, info.max_zoom), (0, 2));
        assert_eq!(info.path, path);
        let b = info.bounds.unwrap();
        assert_eq!((b.west, b.south, b.east, b.north), (38.5, 35.8, 39.2, 36.1));
        assert_eq!(info.attribution.as_deref(), Some("Imagery © Example Org"));

        assert_eq!(set.tile(0, 0, 0).unwrap(), Some(red));
        assert_eq!(set.tile(2, 1, 0).unwrap(), Some(green));
        assert_eq!(set.tile(2, 1, 3).unwrap(), Some(blue));
        assert_eq!(set.tile(2, 1, 1).unwrap(), None);
        assert_eq!(set.tile(1, 0, 0).unwrap(), None);
        assert_eq!(set.tile(2, 4, 0).unwrap(), None, "off the grid");
        assert_eq!(set.tile(31, 0, 0).unwrap(), None, "beyond the deepest zoom");
        // Opening never wrote beside the file.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn missing_metadata_is_filled_in_from_the_tiles() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aleppo.mbtiles");
        let tiles = [
            (3, 1, 1, png(256, [1, 1, 1])),
            (5, 7, 9, png(256, [2, 2, 2])),
        ];
        mbtiles(&path, &[("bounds", "nonsense")], &tiles);
        let info = TileSet::open(&path).unwrap().info().clone();
        assert_eq!(info.name, "aleppo");
        assert_eq!(info.format, TileFormat::Png, "sniffed from the first tile");
        assert_eq!((info.min_zoom, info.max_zoom), (3, 5));
        assert_eq!(info.bounds, None);
        assert_eq!(info.attribution, None);
    }

    #[test]
    fn vector_unsupported_empty_and_foreign_databases_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let tile = [(0, 0, 0, png(256, [0, 0, 0]))];
        let vector = dir.path().join("vector.mbtiles");
        mbtiles(&vector, &[("format", "pbf")], &tile);
        let e = TileSet::open(&vector).err().unwrap();
        assert!(matches!(e, OpenTilesError::VectorTiles { .. }), "{e}");
        assert!(e.to_string().contains("vector.mbtiles") && e.to_string().contains("raster"));

        let gzipped = dir.path().join("gzipped.mbtiles");
        mbtiles(&gzipped, &[], &[(0, 0, 0, vec![0x1F, 0x8B, 8, 0, 0])]);
        assert!(matches!(
            TileSet::open(&gzipped),
            Err(OpenTilesError::VectorTiles { .. })
        ));

        let tiff = dir.path().join("tiff.mbtiles");
        mbtiles(&tiff, &[("format", "tiff")], &tile);
        assert!(matches!(
            TileSet::open(&tiff),
            Err(OpenTilesError::UnsupportedFormat { format, .. }) if format == "tiff"
        ));

        let empty = dir.path().join("empty.mbtiles");
        mbtiles(&empty, &[("format", "png")], &[]);
        assert!(matches!(
            TileSet::open(&empty),
            Err(OpenTilesError::Empty { .. })
        ));

        let deep = dir.path().join("deep.mbtiles");
        mbtiles(
            &deep,
            &[("format", "png"), ("minzoom", "0"), ("maxzoom", "40")],
            &tile,
        );
        assert!(matches!(
            TileSet::open(&deep),
            Err(OpenTilesError::ZoomRange { max: 40, .. })
        ));

        let other = dir.path().join("catalog.sqlite");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE items (id INTEGER);")
            .unwrap();
        let e = TileSet::open(&other).err().unwrap();
        assert!(matches!(e, OpenTilesError::NoTilesTable { .. }), "{e}");
        assert!(e.to_string().contains("catalog.sqlite"));

        // An SQLite header followed by rubbish.
        let broken = dir.path().join("broken.mbtiles");
        let mut bytes = b"SQLite format 3\0".to_vec();
        bytes.extend(std::iter::repeat_n(0xAB, 4096));
        std::fs::write(&broken, bytes).unwrap();
        assert!(matches!(
            TileSet::open(&broken),
            Err(OpenTilesError::Sqlite { .. })
        ));
    }

    #[test]
    fn an_oversized_tile_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.mbtiles");
        let big = vec![0u8; MAX_TILE_BYTES as usize + 1];
        mbtiles(&path, &[("format", "png")], &[(1, 0, 0, big)]);
        let set = TileSet::open(&path).unwrap();
        assert!(matches!(
            set.tile(1, 0, 0),
            Err(ReadTileError::TooLarge { z: 1, x: 0, y: 0, bytes, .. }) if bytes == MAX_TILE_BYTES + 1
        ));
    }

    #[test]
    fn file_names_are_percent_encoded_in_the_uri() {
        assert_eq!(
            uri(Path::new("/media/usb/a b?#%.mbtiles")),
            "file:/media/usb/a%20b%3F%23%25.mbtiles?mode=ro&immutable=1"
        );
    }
}
