//! Media as evidence, through the real `evault`: videos and sound recordings as kinds `video` and
//! `audio` with their container metadata, HEIC photos with thumbnails, damaged media kept with a
//! reason, previews made after the items are secured (and resumed), faithful image metadata
//! checked against exiftool, and near-duplicates by perceptual hash. Media is generated at test
//! time by ffmpeg, libheif's heif-enc and exiftool; a missing tool fails the test naming its
//! package (CI installs them all).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::cli::*;

fn add(vault: &Path, paths: &[&Path]) -> Vec<Value> {
    let mut args = vec!["add", "--vault", v(vault), "--json"];
    args.extend(paths.iter().map(|p| v(p)));
    let o = run(&args);
    assert_ok(&o);
    json_lines(&o)
}

fn add_one(vault: &Path, path: &Path) -> Value {
    let lines = add(vault, &[path]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    show_json(vault, lines[0]["id"].as_str().unwrap())
}

/// `ffmpeg` test pattern video: `secs` seconds of `w`×`h` at 10 fps, H.264.
fn video(out: &Path, secs: u32, w: u32, h: u32, extra: &[&str]) {
    let src = format!("testsrc=duration={secs}:size={w}x{h}:rate=10");
    let mut args = vec!["-f", "lavfi", "-i", &src];
    args.extend_from_slice(extra);
    args.extend(["-c:v", "libx264", "-pix_fmt", "yuv420p", v(out)]);
    ffmpeg(&args);
}

fn approx(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn an_mp4_with_creation_time_and_location_is_a_video_with_time_duration_gps_and_thumbnail() {
    let (dir, vault) = new_vault();
    let mp4 = dir.path().join("strike.mp4");
    // ffmpeg writes the index (moov) at the end, as phones do, and the location as a 3GPP
    // `loci` box in MP4.
    video(
        &mp4,
        3,
        320,
        240,
        &[
            "-metadata",
            "creation_time=2017-03-22T09:14:27Z",
            "-metadata",
            "location=+35.9520+038.9980/",
        ],
    );
    let item = add_one(&vault, &mp4);
    assert_eq!(item["kind"], "video", "{item}");
    assert_eq!(item["mime"], "video/mp4");
    assert_eq!(item["captured_at"], "2017-03-22T09:14:27Z", "{item}");
    assert_eq!(item["captured_at_source"], "quicktime");
    assert!(item["captured_at_flag"].is_null());
    let ms = item["duration_ms"].as_u64().expect("duration");
    assert!((2900..=3100).contains(&ms), "duration {ms} ms");
    assert_eq!(
        (item["width"].as_u64(), item["height"].as_u64()),
        (Some(320), Some(240))
    );
    let gps = &item["gps"];
    assert!(
        approx(gps["lat"].as_f64().unwrap(), 35.952, 1e-4)
            && approx(gps["lon"].as_f64().unwrap(), 38.998, 1e-4),
        "{gps}"
    );
    assert_eq!(item["has_thumbnail"], true, "{item}");
    assert_eq!(item["derived"]["state"], "complete", "{item}");
    // exiftool agrees on the time and the duration.
    let x = exiftool(&mp4, &["CreateDate", "Duration"]);
    assert_eq!(x["CreateDate"], "2017:03:22 09:14:27");
    assert!(approx(
        x["Duration"].as_f64().unwrap() * 1000.0,
        ms as f64,
        50.0
    ));
    // The thumbnail decrypts and its object verifies.
    assert_ok(&run(&["verify", "--vault", v(&vault)]));
}

#[test]
fn a_mov_location_and_an_apple_style_creation_date_match_exiftool() {
    let (dir, vault) = new_vault();
    let mov = dir.path().join("clip.mov");
    // MOV: the location as QuickTime ©xyz (ISO 6709).
    video(
        &mov,
        2,
        160,
        120,
        &[
            "-metadata",
            "creation_time=2021-05-10T18:30:00Z",
            "-metadata",
            "location=-33.8688+151.2093/",
        ],
    );
    let item = add_one(&vault, &mov);
    let x = exiftool(&mov, &["GPSLatitude", "GPSLongitude", "CreateDate"]);
    assert_eq!(item["kind"], "video");
    assert_eq!(
        item["gps"]["lat"].as_f64(),
        x["GPSLatitude"].as_f64(),
        "{item} {x}"
    );
    assert_eq!(
        item["gps"]["lon"].as_f64(),
        x["GPSLongitude"].as_f64(),
        "{item} {x}"
    );
    assert_eq!(item["captured_at"], "2021-05-10T18:30:00Z");
    assert_eq!(x["CreateDate"], "2021:05:10 18:30:00");

    // Apple's keys (com.apple.quicktime.creationdate carries the local offset, and make/model).
    let apple = dir.path().join("iphone.mov");
    ffmpeg(&[
        "-i",
        v(&mov),
        "-c",
        "copy",
        "-movflags",
        "use_metadata_tags",
        "-metadata",
        "com.apple.quicktime.creationdate=2021-05-10T21:30:00+0300",
        "-metadata",
        "com.apple.quicktime.make=Apple",
        "-metadata",
        "com.apple.quicktime.model=iPhone 12",
        "-metadata",
        "com.apple.quicktime.location.ISO6709=+35.9520+038.9980+012.000/",
        v(&apple),
    ]);
    let item = add_one(&vault, &apple);
    assert_eq!(item["captured_at"], "2021-05-10T21:30:00+03:00", "{item}");
    assert_eq!(item["camera"]["make"], "Apple");
    assert_eq!(item["camera"]["model"], "iPhone 12");
    assert_eq!(item["gps"]["lat"].as_f64(), Some(35.952));
    let x = exiftool(&apple, &["CreationDate", "Make", "Model"]);
    assert_eq!(x["CreationDate"], "2021:05:10 21:30:00+03:00", "{x}");
    assert_eq!(x["Model"], "iPhone 12");
}

#[test]
fn webm_and_sound_recordings_get_their_kind_and_duration() {
    let (dir, vault) = new_vault();
    let webm = dir.path().join("v.webm");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=2:size=160x120:rate=10",
        "-c:v",
        "libvpx-vp9",
        "-b:v",
        "200k",
        v(&webm),
    ]);
    let mut files = vec![(webm, "video")];
    for (name, codec) in [
        ("a.m4a", "aac"),
        ("a.mp3", "libmp3lame"),
        ("a.wav", "pcm_s16le"),
        ("a.flac", "flac"),
        ("a.opus", "libopus"),
    ] {
        let p = dir.path().join(name);
        ffmpeg(&["-f", "lavfi", "-i", "sine=duration=2", "-c:a", codec, v(&p)]);
        files.push((p, "audio"));
    }
    for (p, kind) in &files {
        let item = add_one(&vault, p);
        assert_eq!(item["kind"], *kind, "{}: {item}", p.display());
        let ms = item["duration_ms"]
            .as_u64()
            .unwrap_or_else(|| panic!("{}: no duration: {item}", p.display()));
        assert!((1900..=2150).contains(&ms), "{}: {ms} ms", p.display());
        if *kind == "audio" {
            assert_eq!(item["has_thumbnail"], false);
            assert_eq!(item["derived"]["state"], "complete");
        } else {
            assert_eq!(item["has_thumbnail"], true, "{item}");
        }
    }
}

#[test]
fn a_heic_photo_gets_a_thumbnail() {
    let heif_enc = require_tool("heif-enc", "libheif-examples");
    let (dir, vault) = new_vault();
    let jpg = dir.path().join("src.jpg");
    fs::write(&jpg, jpeg(640, 480, 3)).unwrap();
    let heic = dir.path().join("IMG_0001.HEIC");
    let o = Command::new(heif_enc)
        .args(["-q", "60", "-o", v(&heic), v(&jpg)])
        .output()
        .unwrap();
    assert!(o.status.success(), "heif-enc: {}", stderr(&o));
    let item = add_one(&vault, &heic);
    assert_eq!(item["kind"], "photo", "{item}");
    assert_eq!(
        (item["width"].as_u64(), item["height"].as_u64()),
        (Some(640), Some(480))
    );
    assert_eq!(item["has_thumbnail"], true, "{item}");
    assert_eq!(item["derived"]["state"], "complete");
    assert_ok(&run(&["verify", "--vault", v(&vault)]));
}

#[test]
fn a_truncated_mp4_and_a_random_mov_are_kept_as_evidence_with_a_reason_without_hanging() {
    let (dir, vault) = new_vault();
    let full = dir.path().join("full.mp4");
    video(&full, 6, 640, 480, &["-b:v", "1M"]);
    let bytes = fs::read(&full).unwrap();
    let src = dir.path().join("in");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("truncated.mp4"), &bytes[..bytes.len() / 2]).unwrap();
    let random: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    fs::write(src.join("random.mov"), &random).unwrap();

    let t = Instant::now();
    let mut child = evault()
        .env("EVAULT_PASSPHRASE", PASS)
        .args(["add", "--vault", v(&vault), "--json", v(&src)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("evault add hung on damaged media");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    assert_ok(&o);
    eprintln!("damaged media added in {:?}", t.elapsed());
    for l in json_lines(&o) {
        let id = l["id"].as_str().unwrap();
        let item = show_json(&vault, id);
        let name = item["original_name"].as_str().unwrap().to_owned();
        assert_eq!(item["kind"], "file", "{name}: {item}");
        let note = item["intake_note"].as_str().unwrap_or_default().to_owned();
        match name.as_str() {
            "truncated.mp4" => assert!(note.contains("truncated"), "{note}"),
            "random.mov" => assert!(note.contains(".mov"), "{note}"),
            other => panic!("unexpected {other}"),
        }
        // Kept byte for byte.
        let out = dir.path().join(format!("{id}.out"));
        assert_ok(&run(&[
            "extract",
            "--vault",
            v(&vault),
            id,
            "--out",
            v(&out),
        ]));
        assert_eq!(fs::read(&out).unwrap(), fs::read(src.join(&name)).unwrap());
    }
}

#[test]
fn without_ffmpeg_or_libheif_items_are_complete_and_their_previews_follow_once_installed() {
    let heif_enc = require_tool("heif-enc", "libheif-examples");
    let (dir, vault) = new_vault();
    let mp4 = dir.path().join("v.mp4");
    video(&mp4, 2, 160, 120, &[]);
    let jpg = dir.path().join("src.jpg");
    fs::write(&jpg, jpeg(320, 240, 5)).unwrap();
    let heic = dir.path().join("p.heic");
    assert!(
        Command::new(heif_enc)
            .args(["-o", v(&heic), v(&jpg)])
            .output()
            .unwrap()
            .status
            .success()
    );
    // No program can be found: an empty PATH.
    let o = evault()
        .env("EVAULT_PASSPHRASE", PASS)
        .env("PATH", dir.path().join("no-programs-here"))
        .args(["add", "--vault", v(&vault), "--json", v(&mp4), v(&heic)])
        .output()
        .unwrap();
    assert_ok(&o);
    let err = stderr(&o);
    assert!(err.contains("previews need ffmpeg"), "{err}");
    assert!(err.contains("heif"), "{err}");
    let ids: Vec<String> = json_lines(&o)
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_owned())
        .collect();
    for id in &ids {
        let item = show_json(&vault, id);
        assert_eq!(item["derived"]["state"], "needs_tool", "{item}");
        assert_eq!(item["has_thumbnail"], false);
        assert!(
            item["derived"]["message"]
                .as_str()
                .unwrap()
                .contains("stored and complete")
        );
    }
    let video = ids
        .iter()
        .map(|id| show_json(&vault, id))
        .find(|i| i["kind"] == "video")
        .expect("the video");
    assert_eq!(video["kind"], "video");
    assert_eq!(video["duration_ms"].as_u64().map(|d| d / 100), Some(20));
    // With the programs back, the next intake makes the waiting previews too.
    let other = dir.path().join("other.jpg");
    fs::write(&other, jpeg(64, 64, 1)).unwrap();
    add(&vault, &[&other]);
    for id in &ids {
        let item = show_json(&vault, id);
        assert_eq!(item["derived"]["state"], "complete", "{item}");
        assert_eq!(item["has_thumbnail"], true, "{item}");
    }
}

/// Twenty distinct videos: the previews take seconds, securing them a fraction of that.
fn many_videos(dir: &Path, n: usize) -> PathBuf {
    let one = dir.join("one.mp4");
    video(&one, 4, 640, 480, &["-b:v", "2M"]);
    let bytes = fs::read(&one).unwrap();
    let src = dir.join("videos");
    fs::create_dir(&src).unwrap();
    for i in 0..n {
        // Trailing bytes after the last box: a different file, the same video.
        let mut b = bytes.clone();
        b.extend_from_slice(format!("copy {i}").as_bytes());
        fs::write(src.join(format!("VID_{i:03}.mp4")), b).unwrap();
    }
    src
}

#[test]
fn add_prints_each_item_when_secured_and_an_interrupted_add_leaves_previews_pending_for_the_next() {
    let (dir, vault) = new_vault();
    let src = many_videos(dir.path(), 24);
    let mut child = evault()
        .env("EVAULT_PASSPHRASE", PASS)
        .args(["add", "--vault", v(&vault), v(&src)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert_eq!(first.split('\t').count(), 3, "{first:?}");
    // The first line is out (that item is secured): interrupt.
    let st = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains("interrupted"), "{err}");
    let reported: usize = 1 + rest.lines().count();
    // Every printed item is in the vault; those without a thumbnail are pending.
    let list = json_lines(&run(&["list", "--vault", v(&vault), "--json"]));
    assert_eq!(list.len(), reported, "{err}");
    let pending = list
        .iter()
        .filter(|i| i["derived"]["state"] == "pending")
        .count();
    assert!(pending > 0, "nothing left pending: {err}");
    assert!(
        err.contains(&format!("{pending} thumbnail(s) are still to be made")),
        "{err}"
    );
    for i in &list {
        let done = i["derived"]["state"] == "complete";
        assert_eq!(i["has_thumbnail"], done, "{i}");
    }
    // The next intake (here of nothing new) resumes them.
    let again = run(&["add", "--vault", v(&vault), v(&src)]);
    assert_ok(&again);
    let list = json_lines(&run(&["list", "--vault", v(&vault), "--json"]));
    assert_eq!(list.len(), 24);
    assert!(
        list.iter()
            .all(|i| i["derived"]["state"] == "complete" && i["has_thumbnail"] == true),
        "{list:?}"
    );
    assert_ok(&run(&["verify", "--vault", v(&vault)]));
}

// ---------------------------------------------------------------------------------------------
// Faithful image metadata, with exiftool as the oracle

#[test]
fn capture_time_sources_are_named_and_the_modification_date_is_never_a_capture_time() {
    let (dir, vault) = new_vault();
    // (file, exiftool arguments, expected captured_at, expected captured_at_source)
    type Case<'a> = (&'a str, &'a [&'a str], Option<&'a str>, Option<&'a str>);
    let cases: [Case; 6] = [
        (
            "original.jpg",
            &[
                "-DateTimeOriginal=2017:03:22 09:14:27",
                "-OffsetTimeOriginal=+03:00",
                "-CreateDate=2017:03:22 09:15:00",
                "-ModifyDate=2020:01:01 00:00:00",
            ],
            Some("2017-03-22T09:14:27+03:00"),
            Some("exif_original"),
        ),
        (
            "digitized.jpg",
            &[
                "-CreateDate=2016:07:01 12:00:00",
                "-ModifyDate=2020:01:01 00:00:00",
            ],
            Some("2016-07-01T12:00:00"),
            Some("exif_digitized"),
        ),
        (
            "xmp.jpg",
            &[
                "-XMP-photoshop:DateCreated=2015:02:03 04:05:06+02:00",
                "-ModifyDate=2020:01:01 00:00:00",
            ],
            Some("2015-02-03T04:05:06+02:00"),
            Some("xmp"),
        ),
        (
            "iptc.jpg",
            &[
                "-IPTC:DateCreated=2014:01:02",
                "-IPTC:TimeCreated=10:15:00+03:00",
                "-ModifyDate=2020:01:01 00:00:00",
            ],
            Some("2014-01-02T10:15:00+03:00"),
            Some("iptc"),
        ),
        (
            "modified-only.jpg",
            &["-ModifyDate=2020:01:01 00:00:00"],
            None,
            None,
        ),
        ("nothing.jpg", &[], None, None),
    ];
    for (name, args, want, source) in cases {
        let p = dir.path().join(name);
        fs::write(&p, jpeg(64, 48, 2)).unwrap();
        if !args.is_empty() {
            exiftool_write(&p, args);
        }
        let item = add_one(&vault, &p);
        assert_eq!(item["captured_at"].as_str(), want, "{name}: {item}");
        assert_eq!(
            item["captured_at_source"].as_str(),
            source,
            "{name}: {item}"
        );
        // The file's own modification time is kept as such.
        assert!(item["source_modified"].is_string(), "{name}");
        // exiftool reads the same date from the named source.
        let x = exiftool(
            &p,
            &[
                "DateTimeOriginal",
                "CreateDate",
                "XMP:DateCreated",
                "IPTC:DateCreated",
                "IPTC:TimeCreated",
            ],
        );
        let from_exiftool = match source {
            Some("exif_original") => x["DateTimeOriginal"].as_str().map(str::to_owned),
            Some("exif_digitized") => x["CreateDate"].as_str().map(str::to_owned),
            Some("xmp") => x["DateCreated"].as_str().map(str::to_owned),
            Some("iptc") => Some(format!(
                "{} {}",
                x["DateCreated"].as_str().unwrap(),
                x["TimeCreated"].as_str().unwrap()
            )),
            _ => None,
        };
        if let (Some(ours), Some(theirs)) = (want, from_exiftool) {
            let norm = |s: &str| s.replace([':', '-', 'T', ' ', '+'], "");
            assert!(
                norm(&theirs).starts_with(&norm(&ours[..19])),
                "{name}: ours {ours}, exiftool {theirs}"
            );
        }
        if want.is_none() {
            let o = run(&["show", "--vault", v(&vault), item["id"].as_str().unwrap()]);
            let text = stdout(&o);
            assert!(text.contains("not a capture time"), "{text}");
        }
    }
}

#[test]
fn implausible_capture_dates_are_kept_but_flagged() {
    let (dir, vault) = new_vault();
    for (name, date, flag) in [
        ("future.jpg", "2099:01:01 12:00:00", Some("future")),
        ("old.jpg", "1980:06:01 12:00:00", Some("before_digital")),
        ("fine.jpg", "2017:03:22 09:14:27", None),
    ] {
        let p = dir.path().join(name);
        fs::write(&p, jpeg(32, 32, 4)).unwrap();
        exiftool_write(&p, &[&format!("-DateTimeOriginal={date}")]);
        let item = add_one(&vault, &p);
        assert_eq!(
            item["captured_at"].as_str().unwrap()[..4],
            date[..4],
            "kept: {item}"
        );
        assert_eq!(item["captured_at_flag"].as_str(), flag, "{name}: {item}");
    }
}

#[test]
fn signed_rational_coordinates_and_orientation_from_every_place_are_read() {
    let (dir, vault) = new_vault();
    // GPS as SRATIONAL (some phones), orientation as SLONG.
    let tiff = tiff_le(
        vec![TiffEntry::slong(0x0112, 6)],
        vec![],
        vec![
            TiffEntry::ascii(0x0001, "S"),
            TiffEntry::srationals(0x0002, &[(33, 1), (52, 1), (776, 100)]),
            TiffEntry::ascii(0x0003, "E"),
            TiffEntry::srationals(0x0004, &[(151, 1), (12, 1), (3348, 100)]),
        ],
    );
    let p = dir.path().join("signed.jpg");
    fs::write(&p, jpeg_with_tiff(&jpeg(80, 40, 1), &tiff)).unwrap();
    let item = add_one(&vault, &p);
    let x = exiftool(&p, &["GPSLatitude", "GPSLongitude", "Orientation"]);
    assert_eq!(x["Orientation"], 6, "exiftool reads the SLONG orientation");
    assert_eq!(item["orientation"], 6, "{item}");
    let (lat, lon) = (
        item["gps"]["lat"].as_f64().unwrap(),
        item["gps"]["lon"].as_f64().unwrap(),
    );
    assert!(
        approx(lat, -x["GPSLatitude"].as_f64().unwrap().abs(), 1e-6),
        "{lat} {x}"
    );
    assert!(
        approx(lon, x["GPSLongitude"].as_f64().unwrap(), 1e-6),
        "{lon} {x}"
    );
    assert!(approx(lat, -33.868822, 1e-6), "{lat}");

    // A PNG with its orientation in an eXIf chunk.
    let png = dir.path().join("rotated.png");
    fs::write(
        &png,
        png_with_exif(
            60,
            30,
            &tiff_le(vec![TiffEntry::slong(0x0112, 8)], vec![], vec![]),
        ),
    )
    .unwrap();
    let item = add_one(&vault, &png);
    assert_eq!(exiftool(&png, &["Orientation"])["Orientation"], 8);
    assert_eq!(item["orientation"], 8, "{item}");
    assert_eq!(item["kind"], "photo");

    // Orientation only in XMP.
    let xmp = dir.path().join("xmp-orientation.jpg");
    fs::write(&xmp, jpeg(50, 20, 6)).unwrap();
    exiftool_write(&xmp, &["-XMP-tiff:Orientation#=3"]);
    let item = add_one(&vault, &xmp);
    assert_eq!(exiftool(&xmp, &["XMP:Orientation"])["Orientation"], 3);
    assert_eq!(item["orientation"], 3, "{item}");
}

#[test]
fn an_image_refused_for_memory_says_memory_not_pixels() {
    let (dir, vault) = new_vault();
    // A PNG header: 20000×20000 (inside the 30000 px limit), 16-bit RGBA: 3.2 GB decoded.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&20_000u32.to_be_bytes());
    ihdr.extend_from_slice(&20_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[16, 6, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    for (kind, data) in [
        (&b"IDAT"[..], &b"\x78\x9c\x03\x00\x00\x00\x00\x01"[..]),
        (b"IEND", b""),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    let p = dir.path().join("huge.png");
    fs::write(&p, &png).unwrap();
    let item = add_one(&vault, &p);
    let note = item["intake_note"].as_str().unwrap();
    assert!(note.contains("memory"), "{note}");
    assert!(!note.contains("pixel limit"), "{note}");
    assert_eq!(item["kind"], "file");
}

// ---------------------------------------------------------------------------------------------
// Near-duplicates

#[test]
fn similar_finds_reencoded_resized_and_cropped_copies_and_not_other_pictures() {
    let convert = require_tool("convert", "imagemagick");
    let (dir, vault) = new_vault();
    let orig = dir.path().join("orig.jpg");
    let o = Command::new(&convert)
        .args([
            "-size",
            "800x600",
            "-seed",
            "7",
            "plasma:fractal",
            "-quality",
            "92",
            v(&orig),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = dir.path().join("copy.jpg");
    let o = Command::new(&convert)
        .args([
            v(&orig),
            "-gravity",
            "center",
            "-crop",
            "95%x95%+0+0",
            "+repage",
            "-resize",
            "400x",
            "-strip",
            "-quality",
            "60",
            v(&copy),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let other = dir.path().join("other.jpg");
    let o = Command::new(&convert)
        .args([
            "-size",
            "800x600",
            "-seed",
            "99",
            "plasma:fractal",
            v(&other),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let vid = dir.path().join("v.mp4");
    video(&vid, 3, 320, 240, &[]);
    let vid2 = dir.path().join("v-reencoded.mp4");
    ffmpeg(&[
        "-i",
        v(&vid),
        "-vf",
        "scale=240:180",
        "-c:v",
        "libx264",
        "-crf",
        "35",
        v(&vid2),
    ]);

    // Lines come in the order items are secured: map them back to the files.
    let files: [&Path; 5] = [&orig, &copy, &other, &vid, &vid2];
    let lines = add(&vault, &files);
    let ids: Vec<String> = files
        .iter()
        .map(|f| {
            lines
                .iter()
                .find(|l| l["path"].as_str() == Some(v(f)))
                .and_then(|l| l["id"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect();
    let similar = |id: &str| -> Vec<Value> {
        let o = run(&["similar", "--vault", v(&vault), id, "--json"]);
        assert_ok(&o);
        json_lines(&o)
    };
    let s = similar(&ids[0]);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0]["id"], ids[1]);
    assert!(s[0]["distance"].as_u64().unwrap() <= 12);
    assert!(similar(&ids[2]).is_empty());
    let s = similar(&ids[3]);
    assert!(
        s.iter().any(|x| x["id"] == ids[4]),
        "video copy not found: {s:?}"
    );
    // The text form: ID, distance, name.
    let o = run(&["similar", "--vault", v(&vault), &ids[1]]);
    assert_ok(&o);
    let line = stdout(&o);
    assert!(line.starts_with(&format!("{}\t", ids[0])), "{line}");
}
