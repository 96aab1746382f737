//! Tests of the PMTiles reader, with a small writer of their own made from the spec.

use super::super::tests::png;
use super::super::{TileSet, decode_tile};
use super::*;

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The spec's directory serialization (the reader's inverse, written from the spec).
fn encode_directory(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, entries.len() as u64);
    let mut last = 0;
    for e in entries {
        varint(&mut out, e.tile_id - last);
        last = e.tile_id;
    }
    for e in entries {
        varint(&mut out, e.run_length.into());
    }
    for e in entries {
        varint(&mut out, e.length.into());
    }
    let mut next = None;
    for e in entries {
        if Some(e.offset) == next {
            varint(&mut out, 0);
        } else {
            varint(&mut out, e.offset + 1);
        }
        next = Some(e.offset + u64::from(e.length));
    }
    out
}

/// A gzip member with a file name in its header (readers must skip it).
fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1F, 0x8B, 8, 8, 0, 0, 0, 0, 0, 0xFF];
    out.extend_from_slice(b"dir\0");
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

struct Sections {
    version: u8,
    internal: u8,
    tile_compression: u8,
    tile_type: u8,
    zooms: (u8, u8),
    root: Vec<u8>,
    metadata: Vec<u8>,
    leaves: Vec<u8>,
    data: Vec<u8>,
}

/// Header | root | metadata | leaves | data, blocks already compressed as they should be.
fn assemble(s: &Sections) -> Vec<u8> {
    let mut h = vec![0u8; HEADER_LEN];
    h[..7].copy_from_slice(MAGIC);
    h[7] = s.version;
    let mut at = HEADER_LEN as u64;
    for (i, block) in [&s.root, &s.metadata, &s.leaves, &s.data]
        .iter()
        .enumerate()
    {
        let field = 8 + 16 * i;
        h[field..field + 8].copy_from_slice(&at.to_le_bytes());
        h[field + 8..field + 16].copy_from_slice(&(block.len() as u64).to_le_bytes());
        at += block.len() as u64;
    }
    h[96] = 1;
    h[97] = s.internal;
    h[98] = s.tile_compression;
    h[99] = s.tile_type;
    h[100] = s.zooms.0;
    h[101] = s.zooms.1;
    for (i, deg) in [38.5, 35.8, 39.25, 36.1].iter().enumerate() {
        let e7 = (deg * 10_000_000.0_f64).round() as i32;
        h[102 + 4 * i..106 + 4 * i].copy_from_slice(&e7.to_le_bytes());
    }
    let mut out = h;
    for block in [&s.root, &s.metadata, &s.leaves, &s.data] {
        out.extend_from_slice(block);
    }
    out
}

/// A PNG-type archive of `tiles` (z, x, y, bytes): identical tiles at consecutive IDs
/// become one entry with a run, identical contents share one blob; with `leaf_size`, the
/// entries go into leaf directories of that many entries each.
fn archive(tiles: &[(u8, u32, u32, Vec<u8>)], leaf_size: Option<usize>, gzipped: bool) -> Vec<u8> {
    let pack = |b: Vec<u8>| if gzipped { gzip(&b) } else { b };
    let mut by_id: Vec<(u64, &Vec<u8>)> = tiles
        .iter()
        .map(|(z, x, y, b)| (tile_id(*z, *x, *y).unwrap(), b))
        .collect();
    by_id.sort_by_key(|t| t.0);
    let mut data = Vec::new();
    let mut blobs: Vec<(&Vec<u8>, u64)> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    for (id, bytes) in by_id {
        let offset = match blobs.iter().find(|(b, _)| *b == bytes) {
            Some((_, at)) => *at,
            None => {
                let at = data.len() as u64;
                data.extend_from_slice(bytes);
                blobs.push((bytes, at));
                at
            }
        };
        match entries.last_mut() {
            Some(e) if e.offset == offset && e.tile_id + u64::from(e.run_length) == id => {
                e.run_length += 1
            }
            _ => entries.push(Entry {
                tile_id: id,
                offset,
                length: bytes.len() as u32,
                run_length: 1,
            }),
        }
    }
    let mut leaves = Vec::new();
    let root = match leaf_size {
        None => entries,
        Some(size) => entries
            .chunks(size)
            .map(|chunk| {
                let block = pack(encode_directory(chunk));
                let e = Entry {
                    tile_id: chunk[0].tile_id,
                    offset: leaves.len() as u64,
                    length: block.len() as u32,
                    run_length: 0,
                };
                leaves.extend(block);
                e
            })
            .collect(),
    };
    let metadata =
        br#"{"name":"Raqqa 2024","attribution":"Imagery (c) Example Org","format":"png"}"#;
    assemble(&Sections {
        version: 3,
        internal: if gzipped { 2 } else { 1 },
        tile_compression: 1,
        tile_type: 2,
        zooms: (0, tiles.iter().map(|t| t.0).max().unwrap_or(0)),
        root: pack(encode_directory(&root)),
        metadata: pack(metadata.to_vec()),
        leaves,
        data,
    })
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Every tile of zooms 0..=`max`, each with its own small content, except that the tiles
/// of column 0 at the deepest zoom are all one "sea" tile.
fn pyramid(max: u8) -> Vec<(u8, u32, u32, Vec<u8>)> {
    let mut tiles = Vec::new();
    for z in 0..=max {
        for x in 0..1u32 << z {
            for y in 0..1u32 << z {
                let bytes = if z == max && x == 0 {
                    b"sea".to_vec()
                } else {
                    format!("tile {z}/{x}/{y}").into_bytes()
                };
                tiles.push((z, x, y, bytes));
            }
        }
    }
    tiles
}

#[test]
fn tile_ids_follow_the_hilbert_curve_across_zooms() {
    assert_eq!(tile_id(0, 0, 0), Some(0));
    let z1: Vec<_> = [(0, 0), (0, 1), (1, 1), (1, 0)]
        .iter()
        .map(|&(x, y)| tile_id(1, x, y).unwrap())
        .collect();
    assert_eq!(z1, [1, 2, 3, 4]);
    assert_eq!(tile_id(2, 0, 0), Some(5));
    assert_eq!(tile_id(3, 0, 0), Some(21));
    // The spec's worked example.
    assert_eq!(tile_id(12, 3423, 1763), Some(19_078_479));
    assert_eq!(tile_id(2, 4, 0), None);
    assert_eq!(tile_id(31, 0, 0), None);
    let last = (1u32 << MAX_ZOOM) - 1;
    let top = tile_id(MAX_ZOOM, last, 0).unwrap();
    assert_eq!(
        top,
        ((1u64 << 62) - 1) / 3 - 1,
        "the last ID of the deepest zoom"
    );

    // Each zoom's IDs are exactly the next 4^z numbers, and the curve steps from tile to
    // adjacent tile: the Hilbert property, checked without a second implementation.
    for z in 1..=6u8 {
        let n = 1u32 << z;
        let base = ((1u64 << (2 * z)) - 1) / 3;
        let mut at = vec![None; (n * n) as usize];
        for x in 0..n {
            for y in 0..n {
                let i = (tile_id(z, x, y).unwrap() - base) as usize;
                assert!(at[i].replace((x, y)).is_none(), "z{z}: two tiles at {i}");
            }
        }
        let at: Vec<(u32, u32)> = at.into_iter().map(Option::unwrap).collect();
        assert_eq!(at[0], (0, 0));
        for w in at.windows(2) {
            let d = w[0].0.abs_diff(w[1].0) + w[0].1.abs_diff(w[1].1);
            assert_eq!(d, 1, "z{z}: {:?} -> {:?}", w[0], w[1]);
        }
    }
}

#[test]
fn gzip_blocks_are_checked_and_bounded() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    let s = Section::Metadata;
    let data = b"a directory, repeated; a directory, repeated".repeat(50);
    assert_eq!(gunzip(&gzip(&data), 1 << 20, s).unwrap(), data);
    assert_eq!(gunzip(&gzip(b""), 10, s).unwrap(), b"");
    assert_eq!(
        gunzip(&gzip(&data), 100, s),
        Err(Damage::TooLarge { section: s })
    );
    let mut bad_crc = gzip(&data);
    let at = bad_crc.len() - 8;
    bad_crc[at] ^= 1;
    assert_eq!(
        gunzip(&bad_crc, 1 << 20, s),
        Err(Damage::BadCompression { section: s })
    );
    let g = gzip(&data);
    for cut in 0..g.len() {
        assert!(gunzip(&g[..cut], 1 << 20, s).is_err(), "cut at {cut}");
    }
    // FEXTRA and FCOMMENT fields are skipped too.
    let mut extra = vec![
        0x1F,
        0x8B,
        8,
        4 | 16,
        0,
        0,
        0,
        0,
        0,
        3,
        3,
        0,
        b'x',
        b'y',
        b'z',
    ];
    extra.extend_from_slice(b"comment\0");
    extra.extend_from_slice(&g[14..]);
    assert_eq!(gunzip(&extra, 1 << 20, s).unwrap(), data);
}

#[test]
fn directories_round_trip_and_find_tiles_in_runs_and_leaves() {
    let entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 10,
            run_length: 1,
        },
        Entry {
            tile_id: 1,
            offset: 10,
            length: 5,
            run_length: 3,
        },
        Entry {
            tile_id: 9,
            offset: 0,
            length: 10,
            run_length: 1,
        },
        Entry {
            tile_id: 20,
            offset: 700,
            length: 40,
            run_length: 0,
        },
        Entry {
            tile_id: 300,
            offset: 740,
            length: 1,
            run_length: 2,
        },
    ];
    let bytes = encode_directory(&entries);
    assert_eq!(parse_directory(&bytes).unwrap(), entries);
    let found = |id| find_entry(&entries, id).map(|e| e.tile_id);
    assert_eq!(found(0), Some(0));
    assert_eq!(
        [found(1), found(2), found(3)],
        [Some(1); 3],
        "a run of three"
    );
    assert_eq!(found(4), None);
    assert_eq!(found(9), Some(9));
    assert_eq!(found(10), None);
    assert_eq!(
        [found(20), found(299)],
        [Some(20); 2],
        "a leaf covers up to the next entry"
    );
    assert_eq!([found(301), found(302)], [Some(300), None]);

    assert!(parse_directory(&[]).is_none());
    assert_eq!(parse_directory(&[0]).unwrap(), vec![]);
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(parse_directory(&trailing).is_none());
    // A count of a billion in a tiny directory is refused before allocating.
    let mut huge = Vec::new();
    varint(&mut huge, 1_000_000_000);
    huge.extend([0; 16]);
    assert!(parse_directory(&huge).is_none());
    // IDs must ascend; lengths must be positive; the first offset cannot be "after the
    // previous"; varints must end.
    assert!(parse_directory(&[2, 5, 0, 1, 1, 1, 1, 1, 0]).is_none());
    assert!(parse_directory(&[1, 0, 1, 0, 1]).is_none());
    assert!(parse_directory(&[1, 0, 1, 1, 0]).is_none());
    assert!(parse_directory(&[1, 0xFF, 0xFF]).is_none());
    assert!(
        Varints {
            bytes: &[0xFF; 11],
            pos: 0
        }
        .next()
        .is_none()
    );
    assert_eq!(
        Varints {
            bytes: &[0xAC, 0x02],
            pos: 0
        }
        .next(),
        Some(300)
    );
}

#[test]
fn a_pmtiles_set_is_read_with_its_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (world, sea, land) = (
        png(256, [9, 9, 9]),
        png(256, [0, 0, 200]),
        png(256, [0, 150, 0]),
    );
    let tiles = [
        (0, 0, 0, world.clone()),
        (1, 0, 0, sea.clone()), // IDs 1 and 2 share one entry with a run of 2
        (1, 0, 1, sea.clone()),
        (1, 1, 0, land.clone()),
    ];
    let path = write(&dir, "raqqa.pmtiles", &archive(&tiles, None, true));
    let set = TileSet::open(&path).unwrap();
    let info = set.info();
    assert_eq!(info.container, Container::PmTiles);
    assert_eq!(info.name, "Raqqa 2024");
    assert_eq!(info.attribution.as_deref(), Some("Imagery (c) Example Org"));
    assert_eq!(info.format, TileFormat::Png);
    assert_eq!((info.min_zoom, info.max_zoom), (0, 1));
    let b = info.bounds.unwrap();
    assert_eq!(
        (b.west, b.south, b.east, b.north),
        (38.5, 35.8, 39.25, 36.1)
    );

    assert_eq!(set.tile(0, 0, 0).unwrap(), Some(world));
    assert_eq!(set.tile(1, 0, 0).unwrap().as_ref(), Some(&sea));
    assert_eq!(set.tile(1, 0, 1).unwrap().as_ref(), Some(&sea));
    assert_eq!(set.tile(1, 1, 0).unwrap().as_ref(), Some(&land));
    assert_eq!(set.tile(1, 1, 1).unwrap(), None);
    assert_eq!(set.tile(2, 0, 0).unwrap(), None);
    let img = decode_tile(&set.tile(1, 1, 0).unwrap().unwrap(), info.format).unwrap();
    assert_eq!(img.get_pixel(0, 0).0, [0, 150, 0, 255]);
}

#[test]
fn leaf_directories_are_followed_compressed_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let tiles = pyramid(4);
    for (name, gzipped) in [("gz.pmtiles", true), ("plain.pmtiles", false)] {
        let path = write(&dir, name, &archive(&tiles, Some(16), gzipped));
        let set = TileSet::open(&path).unwrap();
        for _pass in 0..2 {
            for (z, x, y, bytes) in &tiles {
                assert_eq!(
                    set.tile(*z, *x, *y).unwrap().as_ref(),
                    Some(bytes),
                    "{z}/{x}/{y}"
                );
            }
        }
        assert_eq!(set.tile(5, 0, 0).unwrap(), None);
        let cached = set_cache_len(&set);
        assert!(cached > 1, "{cached} leaves cached");
    }
    // Unnamed sets are named after their file.
    let mut bytes = archive(&tiles[..1], None, false);
    let meta_len = u64::from_le_bytes(bytes[32..40].try_into().unwrap()) as usize;
    let meta_at = u64::from_le_bytes(bytes[24..32].try_into().unwrap()) as usize;
    bytes[meta_at..meta_at + meta_len].fill(b' ');
    let path = write(&dir, "unnamed.pmtiles", &bytes);
    assert_eq!(TileSet::open(&path).unwrap().info().name, "unnamed");
}

fn set_cache_len(set: &TileSet) -> usize {
    match &set.source {
        super::super::Source::PmTiles(p) => p.cache.lock().unwrap().dirs.len(),
        super::super::Source::MbTiles(_) => 0,
    }
}

fn sections(tile_type: u8) -> Sections {
    let root = encode_directory(&[Entry {
        tile_id: 0,
        offset: 0,
        length: 4,
        run_length: 1,
    }]);
    Sections {
        version: 3,
        internal: 1,
        tile_compression: 1,
        tile_type,
        zooms: (0, 0),
        root,
        metadata: Vec::new(),
        leaves: Vec::new(),
        data: b"tile".to_vec(),
    }
}

#[test]
fn vector_sets_and_unreadable_headers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str, s: &Sections| TileSet::open(&write(&dir, name, &assemble(s))).err();

    let e = open("vector.pmtiles", &sections(1)).unwrap();
    assert!(matches!(e, OpenTilesError::VectorTiles { .. }), "{e}");
    assert!(e.to_string().contains("vector.pmtiles"));
    assert!(matches!(
        open("avif.pmtiles", &sections(5)),
        Some(OpenTilesError::UnsupportedFormat { format, .. }) if format == "AVIF"
    ));
    assert!(matches!(
        open("untyped.pmtiles", &sections(0)),
        Some(OpenTilesError::FormatUnknown { .. })
    ));
    let mut s = sections(3);
    s.internal = 3;
    assert!(matches!(
        open("brotli.pmtiles", &s),
        Some(OpenTilesError::UnsupportedCompression {
            what: Compressed::Directories,
            code: 3,
            ..
        })
    ));
    let mut s = sections(3);
    s.tile_compression = 4;
    let e = open("zstd.pmtiles", &s).unwrap();
    assert!(matches!(
        e,
        OpenTilesError::UnsupportedCompression {
            what: Compressed::Tiles,
            code: 4,
            ..
        }
    ));
    assert!(e.to_string().contains("Zstandard"), "{e}");
    let mut s = sections(3);
    s.version = 4;
    assert!(matches!(
        open("v4.pmtiles", &s),
        Some(OpenTilesError::PmTilesVersion { version: 4, .. })
    ));
    let mut s = sections(3);
    s.zooms = (3, 2);
    assert!(matches!(
        open("zoom.pmtiles", &s),
        Some(OpenTilesError::ZoomRange { .. })
    ));
    let mut s = sections(3);
    s.root = vec![0];
    assert!(matches!(
        open("empty.pmtiles", &s),
        Some(OpenTilesError::Empty { .. })
    ));
    // The one good case of these, to be sure the refusals are not all one mistake.
    let ok = TileSet::open(&write(&dir, "jpeg.pmtiles", &assemble(&sections(3)))).unwrap();
    assert_eq!(ok.info().format, TileFormat::Jpeg);
    assert_eq!(ok.tile(0, 0, 0).unwrap(), Some(b"tile".to_vec()));
}

#[test]
fn damaged_files_give_typed_errors_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let tiles = pyramid(3);
    let good = archive(&tiles, Some(8), true);
    let damaged = |r: Result<TileSet, OpenTilesError>| match r {
        Err(OpenTilesError::Damaged { damage, .. }) => Some(damage),
        Err(OpenTilesError::NotATileSet { .. }) => Some(Damage::ShortHeader),
        _ => None,
    };

    // Every truncation: the header's sections no longer fit the file.
    for cut in 0..good.len() {
        let path = write(&dir, &format!("cut{cut}.pmtiles"), &good[..cut]);
        let d = damaged(TileSet::open(&path));
        assert!(d.is_some(), "cut at {cut} of {}", good.len());
    }
    // Every byte before the tile data flipped in turn: opening and reading every tile
    // returns, and the damage is noticed (gzip's CRC sees it), except in the gzip header
    // fields that carry no data (time, flags for the compressor, system, file name).
    let data_at = u64::from_le_bytes(good[56..64].try_into().unwrap()) as usize;
    let mut unnoticed = Vec::new();
    for at in HEADER_LEN..data_at {
        let mut bytes = good.clone();
        bytes[at] ^= 0x5A;
        let path = write(&dir, &format!("flip{at}.pmtiles"), &bytes);
        let noticed = match TileSet::open(&path) {
            Err(OpenTilesError::Damaged { .. }) => true,
            Err(e) => panic!("flip at {at}: {e}"),
            Ok(set) => tiles
                .iter()
                .any(|(z, x, y, _)| set.tile(*z, *x, *y).is_err()),
        };
        if !noticed {
            unnoticed.push(at);
        }
    }
    let in_gzip_header =
        |at: usize| (4..=12).any(|k| at >= k && good[at - k..at - k + 3] == [0x1F, 0x8B, 8]);
    assert!(
        unnoticed.len() < (data_at - HEADER_LEN) / 4,
        "{unnoticed:?}"
    );
    for at in unnoticed {
        assert!(in_gzip_header(at), "a flip at {at} went unnoticed");
    }

    // A root pointing outside the file; a tile entry pointing outside the data section; a
    // leaf that points to itself.
    let mut s = sections(2);
    let mut bytes = assemble(&s);
    bytes[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
    let path = write(&dir, "far.pmtiles", &bytes);
    assert_eq!(
        damaged(TileSet::open(&path)),
        Some(Damage::OutsideFile {
            section: Section::RootDirectory
        })
    );
    s.root = encode_directory(&[Entry {
        tile_id: 0,
        offset: 2,
        length: 4,
        run_length: 1,
    }]);
    let set = TileSet::open(&write(&dir, "outside.pmtiles", &assemble(&s))).unwrap();
    assert!(matches!(
        set.tile(0, 0, 0),
        Err(ReadTileError::Damaged {
            damage: Damage::EntryOutside {
                section: Section::TileData
            },
            ..
        })
    ));
    let looped = encode_directory(&[Entry {
        tile_id: 0,
        offset: 0,
        length: 5,
        run_length: 0,
    }]);
    assert_eq!(looped.len(), 5);
    s.root = looped.clone();
    s.leaves = looped;
    let set = TileSet::open(&write(&dir, "loop.pmtiles", &assemble(&s))).unwrap();
    assert!(matches!(
        set.tile(0, 0, 0),
        Err(ReadTileError::Damaged {
            damage: Damage::TooDeep,
            ..
        })
    ));
    // A tile entry claiming more than a tile may be.
    s.root = encode_directory(&[Entry {
        tile_id: 0,
        offset: 0,
        length: u32::MAX,
        run_length: 1,
    }]);
    s.leaves = Vec::new();
    let set = TileSet::open(&write(&dir, "huge.pmtiles", &assemble(&s))).unwrap();
    assert!(
        matches!(set.tile(0, 0, 0), Err(ReadTileError::TooLarge { bytes, .. }) if bytes == u64::from(u32::MAX))
    );
}
