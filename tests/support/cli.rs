//! Shared helpers for the integration tests: run the real `evault` binary against temp vaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PASS: &str = "correct horse battery staple";
/// Tests use a low scrypt work factor explicitly; the default (18) is never weakened.
pub const TEST_KDF: &str = "10";

pub fn evault() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_evault"));
    c.env_remove("EVAULT_PASSPHRASE")
        .env_remove("EVAULT_NEW_PASSPHRASE")
        .env_remove("EVAULT_BUNDLE_PASSPHRASE");
    c
}

/// Runs evault with the test passphrase and returns its output.
pub fn run(args: &[&str]) -> Output {
    run_with(args, PASS)
}

pub fn run_with(args: &[&str], pass: &str) -> Output {
    evault()
        .env("EVAULT_PASSPHRASE", pass)
        .args(args)
        .output()
        .expect("evault runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

#[track_caller]
pub fn assert_ok(o: &Output) {
    assert_eq!(code(o), 0, "stdout:\n{}\nstderr:\n{}", stdout(o), stderr(o));
}

/// A fresh vault in a temp dir; returns (tempdir guard, vault path).
pub fn new_vault() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = dir.path().join("vault");
    let o = run(&[
        "init",
        "--vault",
        vault.to_str().unwrap(),
        "--documenter",
        "Test Documenter",
        "--kdf-log-n",
        TEST_KDF,
    ]);
    assert_ok(&o);
    (dir, vault)
}

pub fn v(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Parses `ID<TAB>SHA256<TAB>PATH` lines.
pub fn added(o: &Output) -> Vec<(String, String, String)> {
    stdout(o)
        .lines()
        .filter_map(|l| {
            let mut it = l.splitn(3, '\t');
            Some((
                it.next()?.to_owned(),
                it.next()?.to_owned(),
                it.next()?.to_owned(),
            ))
        })
        .collect()
}

pub fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every file under `dir` with its bytes and modification time: a vault is "unchanged" when this
/// snapshot is identical before and after.
pub fn snapshot(dir: &Path) -> Snapshot {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).expect("read");
            let mtime = e.metadata().ok().and_then(|m| m.modified().ok());
            out.insert(
                e.path().strip_prefix(dir).expect("prefix").to_owned(),
                (bytes, mtime),
            );
        }
    }
    out
}

pub type Snapshot = BTreeMap<PathBuf, (Vec<u8>, Option<std::time::SystemTime>)>;

/// Asserts two snapshots are identical, naming only the paths that differ.
#[track_caller]
pub fn assert_same(before: &Snapshot, after: &Snapshot, context: &str) {
    let mut diffs = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => diffs.push(format!("removed: {}", k.display())),
            Some(w) if w.0 != v.0 => diffs.push(format!("content changed: {}", k.display())),
            Some(w) if w.1 != v.1 => diffs.push(format!("mtime changed: {}", k.display())),
            _ => {}
        }
    }
    for k in after.keys().filter(|k| !before.contains_key(*k)) {
        diffs.push(format!("added: {}", k.display()));
    }
    assert!(
        diffs.is_empty(),
        "vault changed:\n{}\n{context}",
        diffs.join("\n")
    );
}

/// A JPEG with real pixel content, optionally preceded by an EXIF APP1 block.
pub fn jpeg(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x as u8).wrapping_add(seed),
            (y as u8).wrapping_mul(3),
            ((x ^ y) as u8).wrapping_add(seed),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .expect("encode");
    out
}

/// Inserts a minimal EXIF block (Make, Model, Orientation, DateTimeOriginal, OffsetTimeOriginal,
/// GPS) right after the JPEG SOI marker.
pub fn with_exif(jpeg: &[u8], lat: f64, lon: f64, orientation: u16) -> Vec<u8> {
    let tiff = exif_tiff(lat, lon, orientation);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn exif_tiff(lat: f64, lon: f64, orientation: u16) -> Vec<u8> {
    // Little-endian TIFF, laid out by hand: IFD0 at 8, then Exif IFD, GPS IFD, then data.
    struct Entry {
        tag: u16,
        typ: u16,
        count: u32,
        data: Vec<u8>,
    }
    fn ascii(tag: u16, s: &str) -> Entry {
        let mut d = s.as_bytes().to_vec();
        d.push(0);
        Entry {
            tag,
            typ: 2,
            count: d.len() as u32,
            data: d,
        }
    }
    fn short(tag: u16, v: u16) -> Entry {
        Entry {
            tag,
            typ: 3,
            count: 1,
            data: v.to_le_bytes().to_vec(),
        }
    }
    fn long(tag: u16, v: u32) -> Entry {
        Entry {
            tag,
            typ: 4,
            count: 1,
            data: v.to_le_bytes().to_vec(),
        }
    }
    fn rationals(tag: u16, vals: &[(u32, u32)]) -> Entry {
        let mut d = Vec::new();
        for (n, den) in vals {
            d.extend_from_slice(&n.to_le_bytes());
            d.extend_from_slice(&den.to_le_bytes());
        }
        Entry {
            tag,
            typ: 5,
            count: vals.len() as u32,
            data: d,
        }
    }
    fn dms(v: f64) -> Vec<(u32, u32)> {
        let v = v.abs();
        let d = v.floor();
        let m = ((v - d) * 60.0).floor();
        let s = ((v - d) * 60.0 - m) * 60.0;
        vec![
            (d as u32, 1),
            (m as u32, 1),
            ((s * 1000.0).round() as u32, 1000),
        ]
    }
    fn ifd_size(n: usize) -> u32 {
        2 + 12 * n as u32 + 4
    }
    let gps_entries = vec![
        ascii(0x0001, if lat >= 0.0 { "N" } else { "S" }),
        rationals(0x0002, &dms(lat)),
        ascii(0x0003, if lon >= 0.0 { "E" } else { "W" }),
        rationals(0x0004, &dms(lon)),
    ];
    let exif_entries = vec![
        ascii(0x9003, "2017:03:22 09:14:27"),
        ascii(0x9011, "+03:00"),
    ];
    let n0 = 5;
    let ifd0_off = 8u32;
    let exif_off = ifd0_off + ifd_size(n0);
    let gps_off = exif_off + ifd_size(exif_entries.len());
    let data_start = gps_off + ifd_size(gps_entries.len());
    let ifd0_entries = vec![
        ascii(0x010F, "TestCam"),
        ascii(0x0110, "Model X"),
        short(0x0112, orientation),
        long(0x8769, exif_off),
        long(0x8825, gps_off),
    ];
    // Lay out out-of-line data sequentially after the IFDs.
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&ifd0_off.to_le_bytes());
    let mut data = Vec::new();
    for entries in [&ifd0_entries, &exif_entries, &gps_entries] {
        let mut ifd = Vec::new();
        ifd.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for e in entries.iter() {
            ifd.extend_from_slice(&e.tag.to_le_bytes());
            ifd.extend_from_slice(&e.typ.to_le_bytes());
            ifd.extend_from_slice(&e.count.to_le_bytes());
            if e.data.len() <= 4 {
                let mut v = e.data.clone();
                v.resize(4, 0);
                ifd.extend_from_slice(&v);
            } else {
                let off = data_start + data.len() as u32;
                ifd.extend_from_slice(&off.to_le_bytes());
                data.extend_from_slice(&e.data);
                if data.len() % 2 == 1 {
                    data.push(0);
                }
            }
        }
        ifd.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&ifd);
    }
    out.extend_from_slice(&data);
    out
}

/// A small tmpfs to run out of space on. Needs root (CI runs as root); elsewhere the test says so.
pub struct SmallDisk {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    pub fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk");
        std::fs::create_dir(&path).unwrap();
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                v(&path),
            ])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        ok.then_some(Self { path, _dir: dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

// ---------------------------------------------------------------------------------------------
// Media tests: external tools that generate or check media (CI installs them all).

/// The path of `program`, or a panic naming the Debian package that provides it.
#[track_caller]
pub fn require_tool(program: &str, package: &str) -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "this test needs `{program}` (Debian/Ubuntu package {package}; scripts/install-deps.sh installs it)"
        )
    })
}

/// Runs `ffmpeg -y -hide_banner -loglevel error ARGS…`, asserting success.
#[track_caller]
pub fn ffmpeg(args: &[&str]) {
    let ffmpeg = require_tool("ffmpeg", "ffmpeg");
    let o = Command::new(ffmpeg)
        .args(["-y", "-hide_banner", "-loglevel", "error"])
        .args(args)
        .output()
        .expect("ffmpeg runs");
    assert!(o.status.success(), "ffmpeg {args:?}: {}", stderr(&o));
}

/// `exiftool -n -json FILE` (numeric values), as the object for that file.
#[track_caller]
pub fn exiftool(file: &Path, tags: &[&str]) -> serde_json::Value {
    let exiftool = require_tool("exiftool", "libimage-exiftool-perl");
    let o = Command::new(exiftool)
        .args(["-n", "-json"])
        .args(tags.iter().map(|t| format!("-{t}")))
        .arg(file)
        .output()
        .expect("exiftool runs");
    assert!(o.status.success(), "exiftool: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("exiftool json");
    v[0].clone()
}

/// Runs `exiftool -overwrite_original ARGS… FILE`, asserting success.
#[track_caller]
pub fn exiftool_write(file: &Path, args: &[&str]) {
    let exiftool = require_tool("exiftool", "libimage-exiftool-perl");
    let o = Command::new(exiftool)
        .arg("-overwrite_original")
        .args(args)
        .arg(file)
        .output()
        .expect("exiftool runs");
    assert!(o.status.success(), "exiftool {args:?}: {}", stderr(&o));
}

/// One entry of a hand-made TIFF IFD: tag, type (3 SHORT, 4 LONG, 5 RATIONAL, 9 SLONG,
/// 10 SRATIONAL, 2 ASCII…), count, value bytes (little-endian).
pub struct TiffEntry {
    pub tag: u16,
    pub typ: u16,
    pub count: u32,
    pub data: Vec<u8>,
}

impl TiffEntry {
    pub fn ascii(tag: u16, s: &str) -> Self {
        let mut data = s.as_bytes().to_vec();
        data.push(0);
        TiffEntry {
            tag,
            typ: 2,
            count: data.len() as u32,
            data,
        }
    }
    pub fn slong(tag: u16, v: i32) -> Self {
        TiffEntry {
            tag,
            typ: 9,
            count: 1,
            data: v.to_le_bytes().to_vec(),
        }
    }
    pub fn srationals(tag: u16, vals: &[(i32, i32)]) -> Self {
        let mut data = Vec::new();
        for (n, d) in vals {
            data.extend_from_slice(&n.to_le_bytes());
            data.extend_from_slice(&d.to_le_bytes());
        }
        TiffEntry {
            tag,
            typ: 10,
            count: vals.len() as u32,
            data,
        }
    }
}

/// A little-endian TIFF with IFD0 (plus the Exif and GPS pointers when those IFDs are given).
pub fn tiff_le(mut ifd0: Vec<TiffEntry>, exif: Vec<TiffEntry>, gps: Vec<TiffEntry>) -> Vec<u8> {
    fn size(n: usize) -> u32 {
        2 + 12 * n as u32 + 4
    }
    let n0 = ifd0.len() + usize::from(!exif.is_empty()) + usize::from(!gps.is_empty());
    let exif_off = 8 + size(n0);
    let gps_off = exif_off + if exif.is_empty() { 0 } else { size(exif.len()) };
    let data_start = gps_off + if gps.is_empty() { 0 } else { size(gps.len()) };
    if !exif.is_empty() {
        ifd0.push(TiffEntry {
            tag: 0x8769,
            typ: 4,
            count: 1,
            data: exif_off.to_le_bytes().to_vec(),
        });
    }
    if !gps.is_empty() {
        ifd0.push(TiffEntry {
            tag: 0x8825,
            typ: 4,
            count: 1,
            data: gps_off.to_le_bytes().to_vec(),
        });
    }
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    let mut data = Vec::new();
    for mut entries in [ifd0, exif, gps] {
        if entries.is_empty() {
            continue;
        }
        entries.sort_by_key(|e| e.tag);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for e in &entries {
            out.extend_from_slice(&e.tag.to_le_bytes());
            out.extend_from_slice(&e.typ.to_le_bytes());
            out.extend_from_slice(&e.count.to_le_bytes());
            if e.data.len() <= 4 {
                let mut v = e.data.clone();
                v.resize(4, 0);
                out.extend_from_slice(&v);
            } else {
                let off = data_start + data.len() as u32;
                out.extend_from_slice(&off.to_le_bytes());
                data.extend_from_slice(&e.data);
                if data.len() % 2 == 1 {
                    data.push(0);
                }
            }
        }
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out.extend_from_slice(&data);
    out
}

/// `jpeg` with `tiff` as its EXIF APP1 segment, right after SOI.
pub fn jpeg_with_tiff(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A PNG of `w`×`h` with `tiff` in an `eXIf` chunk before its image data.
pub fn png_with_exif(w: u32, h: u32, tiff: &[u8]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 7])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    // After the signature (8) and IHDR (4 + 4 + 13 + 4).
    let at = 8 + 25;
    let mut chunk = (tiff.len() as u32).to_be_bytes().to_vec();
    let mut body = b"eXIf".to_vec();
    body.extend_from_slice(tiff);
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    let mut out = png[..at].to_vec();
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[at..]);
    out
}

/// The CRC-32 of a PNG chunk (type and data).
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// `show --json` of one item.
#[track_caller]
pub fn show_json(vault: &Path, id: &str) -> serde_json::Value {
    let o = run(&["show", "--vault", v(vault), id, "--json"]);
    assert_ok(&o);
    json_lines(&o).into_iter().next().expect("one object")
}
