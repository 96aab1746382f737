//! No plaintext of evidence, notes, thumbnails or the catalog reaches the disk: after intake,
//! edits, verify and a crash-free run, the plaintext appears nowhere under the vault or TMPDIR.

use crate::support::cli::*;
use std::fs;
use std::path::Path;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn scan(root: &Path, needles: &[&[u8]]) -> Vec<String> {
    let mut hits = Vec::new();
    for e in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        let bytes = fs::read(e.path()).unwrap_or_default();
        for n in needles {
            if contains(&bytes, n) {
                hits.push(format!(
                    "{} contains {:?}",
                    e.path().display(),
                    String::from_utf8_lossy(n)
                ));
            }
        }
    }
    hits
}

#[test]
fn plaintext_appears_nowhere_under_the_vault_or_temp_dir() {
    let (dir, vault) = new_vault();
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    let file_marker = "FILE-PLAINTEXT-MARKER-7c1e9 witness statement about Maysaloon School";
    fs::write(src.join("statement.txt"), file_marker).unwrap();
    let photo = with_exif(&jpeg(500, 400, 5), 35.83, 38.55, 1);
    fs::write(src.join("photo.jpg"), &photo).unwrap();
    let note_marker = "NOTE-PLAINTEXT-MARKER-55aa1 الشاهد رأى القصف";
    let title_marker = "TITLE-MARKER-93f";

    let with_tmp = |args: &[&str]| {
        let o = evault()
            .env("EVAULT_PASSPHRASE", PASS)
            .env("TMPDIR", &tmp)
            .args(args)
            .output()
            .unwrap();
        assert_ok(&o);
        o
    };
    with_tmp(&[
        "add",
        "--vault",
        v(&vault),
        "--case",
        "CASE-MARKER-1",
        v(&src),
    ]);
    with_tmp(&[
        "note",
        "--vault",
        v(&vault),
        "--title",
        title_marker,
        "--body",
        note_marker,
    ]);
    with_tmp(&["verify", "--vault", v(&vault)]);
    with_tmp(&["list", "--vault", v(&vault), "--search", "maysaloon"]);

    // A slice of the photo's bytes long enough to be unique; the thumbnail's JPEG header.
    let photo_slice = &photo[photo.len() / 2..photo.len() / 2 + 64];
    let needles: Vec<&[u8]> = vec![
        file_marker.as_bytes(),
        note_marker.as_bytes(),
        title_marker.as_bytes(),
        b"CASE-MARKER-1",
        photo_slice,
        b"SQLite format 3",
        b"AGE-SECRET-KEY-",
        // A JPEG as the thumbnail encoder writes it (SOI + JFIF APP0): three bytes alone turn up
        // by chance in a few hundred KiB of ciphertext.
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF",
    ];
    let mut hits = scan(&vault, &needles);
    hits.extend(scan(&tmp, &needles));
    assert!(hits.is_empty(), "plaintext found:\n{}", hits.join("\n"));
    assert!(
        fs::read_dir(&tmp).unwrap().next().is_none(),
        "nothing should be left in TMPDIR"
    );
}
