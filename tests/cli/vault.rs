//! The vault commands end to end through the real `evault` binary.

use crate::support::cli::*;
use std::fs;

#[test]
fn init_prints_recipient_last_and_pubkey_needs_no_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    let o = run(&["init", "--vault", v(&vault), "--kdf-log-n", TEST_KDF]);
    assert_ok(&o);
    let last = stdout(&o).lines().last().unwrap().to_owned();
    assert!(last.starts_with("age1"), "{last}");
    let o = evault()
        .args(["pubkey", "--vault", v(&vault)])
        .output()
        .unwrap();
    assert_ok(&o);
    assert_eq!(stdout(&o).trim(), last);
    for f in ["vault.json", "keys.age", "catalog.age"] {
        assert!(vault.join(f).is_file(), "{f} missing");
    }
    // vault.json holds no names or secrets.
    let info = fs::read_to_string(vault.join("vault.json")).unwrap();
    assert!(!info.contains("SECRET"));
    // Init refuses a non-empty folder.
    let o = run(&["init", "--vault", v(&vault), "--kdf-log-n", TEST_KDF]);
    assert_eq!(code(&o), 2);
}

#[test]
fn no_passphrase_source_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = evault()
        .args([
            "init",
            "--vault",
            v(&dir.path().join("v")),
            "--kdf-log-n",
            TEST_KDF,
        ])
        .output()
        .unwrap();
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("EVAULT_PASSPHRASE"), "{}", stderr(&o));
}

#[test]
fn passphrase_file_works() {
    let dir = tempfile::tempdir().unwrap();
    let pf = dir.path().join("pass.txt");
    fs::write(&pf, format!("{PASS}\n")).unwrap();
    let vault = dir.path().join("v");
    let o = evault()
        .args([
            "init",
            "--vault",
            v(&vault),
            "--kdf-log-n",
            TEST_KDF,
            "--passphrase-file",
            v(&pf),
        ])
        .output()
        .unwrap();
    assert_ok(&o);
    let o = evault()
        .args(["list", "--vault", v(&vault), "--passphrase-file", v(&pf)])
        .output()
        .unwrap();
    assert_ok(&o);
}

#[test]
fn add_folder_list_show_extract_round_trip() {
    let (dir, vault) = new_vault();
    let src = dir.path().join("src");
    fs::create_dir_all(src.join("sub")).unwrap();
    let photo = with_exif(&jpeg(640, 480, 1), 35.8372, 38.5463, 6);
    fs::write(src.join("IMG_0001.jpg"), &photo).unwrap();
    fs::write(
        src.join("sub/report.pdf"),
        b"%PDF-1.4\n% not really a pdf but starts like one\n",
    )
    .unwrap();
    fs::write(src.join("sub/video.bin"), vec![0xAB; 300_000]).unwrap();

    let o = run(&[
        "add",
        "--vault",
        v(&vault),
        "--case",
        "TABQA-2017",
        "--tag",
        "bakery",
        "--tag",
        "airstrike",
        v(&src),
    ]);
    assert_ok(&o);
    let rows = added(&o);
    assert_eq!(rows.len(), 3, "{}", stdout(&o));
    let photo_row = rows.iter().find(|r| r.2.ends_with("IMG_0001.jpg")).unwrap();
    assert_eq!(photo_row.1, sha256_hex(&photo));
    assert_eq!(photo_row.0.len(), 32);
    assert_ne!(
        photo_row.0,
        &photo_row.1[..32],
        "IDs are random, never hashes"
    );

    let o = run(&["list", "--vault", v(&vault), "--json"]);
    assert_ok(&o);
    let items = json_lines(&o);
    assert_eq!(items.len(), 3);
    let p = items
        .iter()
        .find(|i| i["id"] == photo_row.0.as_str())
        .unwrap();
    for key in [
        "id",
        "kind",
        "sha256",
        "size",
        "original_name",
        "title",
        "case",
        "tags",
        "captured_at",
        "gps",
        "camera",
        "added_at",
    ] {
        assert!(p.get(key).is_some(), "missing {key} in {p}");
    }
    assert_eq!(p["kind"], "photo");
    assert_eq!(p["case"], "TABQA-2017");
    assert_eq!(p["tags"], serde_json::json!(["bakery", "airstrike"]));
    assert_eq!(p["captured_at"], "2017-03-22T09:14:27+03:00");
    assert!((p["gps"]["lat"].as_f64().unwrap() - 35.8372).abs() < 1e-4);
    assert!((p["gps"]["lon"].as_f64().unwrap() - 38.5463).abs() < 1e-4);
    assert_eq!(p["camera"]["make"], "TestCam");
    assert_eq!(p["orientation"], 6);
    assert_eq!(p["width"], 640);
    let pdf = items
        .iter()
        .find(|i| i["original_name"] == "report.pdf")
        .unwrap();
    assert_eq!(pdf["kind"], "file");
    assert_eq!(pdf["mime"], "application/pdf");
    assert!(pdf["gps"].is_null() && pdf["camera"].is_null() && pdf["captured_at"].is_null());

    let o = run(&["show", "--vault", v(&vault), &photo_row.0[..8], "--json"]);
    assert_ok(&o);
    let shown = &json_lines(&o)[0];
    assert_eq!(shown["sha256"], photo_row.1.as_str());
    let custody = shown["custody"].as_array().unwrap();
    assert_eq!(custody[0]["action"], "acquired");
    assert_eq!(custody[0]["actor"], "Test Documenter");
    assert!(
        custody[0]["signature"]
            .as_str()
            .unwrap()
            .contains("BEGIN SSH SIGNATURE")
    );
    assert_eq!(shown["custody_verified"], true);

    let out = dir.path().join("out.jpg");
    let o = run(&[
        "extract",
        "--vault",
        v(&vault),
        &photo_row.0,
        "--out",
        v(&out),
    ]);
    assert_ok(&o);
    assert_eq!(fs::read(&out).unwrap(), photo);
    // Extraction is logged, and never overwrites.
    let o = run(&[
        "extract",
        "--vault",
        v(&vault),
        &photo_row.0,
        "--out",
        v(&out),
    ]);
    assert_eq!(code(&o), 2);
    let o = run(&["show", "--vault", v(&vault), &photo_row.0, "--json"]);
    let actions: Vec<String> = json_lines(&o)[0]["custody"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, vec!["acquired", "extracted"]);

    // Human output works too.
    let o = run(&["show", "--vault", v(&vault), &photo_row.0]);
    assert_ok(&o);
    assert!(stdout(&o).contains("35.837"), "{}", stdout(&o));
}

#[test]
fn same_bytes_are_stored_once_and_recorded_as_reacquired() {
    let (dir, vault) = new_vault();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("copy-of-a.txt");
    fs::write(&a, "same testimony").unwrap();
    fs::write(&b, "same testimony").unwrap();
    let o = run(&["add", "--vault", v(&vault), v(&a), v(&b)]);
    assert_ok(&o);
    let rows = added(&o);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, rows[1].0, "one item for both paths");
    let objects = walkdir::WalkDir::new(vault.join("objects"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(objects, 1);
    let o = run(&["show", "--vault", v(&vault), &rows[0].0, "--json"]);
    let custody = json_lines(&o)[0]["custody"].as_array().unwrap().clone();
    assert_eq!(custody.len(), 2);
    assert_eq!(custody[1]["action"], "reacquired");
}

#[test]
fn notes_are_stored_hashed_and_searchable_in_arabic_and_english() {
    let (dir, vault) = new_vault();
    let body = "قال الشاهد إنَّ الطائرات قصفت المخبزَ الوحيد في مدينة الطبقة صباح ٢٠ آذار.";
    let o = run(&[
        "note",
        "--vault",
        v(&vault),
        "--title",
        "شهادة عن قصف المخبز",
        "--body",
        body,
        "--case",
        "TABQA",
        "--tag",
        "witness",
    ]);
    assert_ok(&o);
    let note_id = added(&o)[0].0.clone();
    assert_eq!(added(&o)[0].1, sha256_hex(body.as_bytes()));
    let f = dir.path().join("body.txt");
    fs::write(
        &f,
        "Witness describes the strike on Al Badya School in al-Mansura; 101 killed.",
    )
    .unwrap();
    let o = run(&[
        "note",
        "--vault",
        v(&vault),
        "--title",
        "Al Badya School witness",
        "--body-file",
        v(&f),
    ]);
    assert_ok(&o);

    let search = |q: &str| -> Vec<String> {
        let o = run(&["list", "--vault", v(&vault), "--search", q, "--json"]);
        assert_ok(&o);
        json_lines(&o)
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Without diacritics, with taa marbuta variant, without the article, in the body text.
    assert_eq!(search("المخبز"), vec![note_id.clone()]);
    assert_eq!(search("مخبز"), vec![note_id.clone()]);
    assert_eq!(search("الطبقه"), vec![note_id.clone()]);
    assert_eq!(search("طبقة"), vec![note_id.clone()]);
    assert_eq!(search("شهاده"), vec![note_id.clone()]);
    assert_eq!(search("badya").len(), 1);
    assert_eq!(search("MANSURA").len(), 1);
    assert_eq!(search("nothing-like-this").len(), 0);
    let o = run(&["list", "--vault", v(&vault), "--case", "TABQA", "--json"]);
    assert_eq!(json_lines(&o).len(), 1);
    let o = run(&["list", "--vault", v(&vault), "--tag", "witness", "--json"]);
    assert_eq!(json_lines(&o).len(), 1);

    let out = dir.path().join("note.txt");
    assert_ok(&run(&[
        "extract",
        "--vault",
        v(&vault),
        &note_id,
        "--out",
        v(&out),
    ]));
    assert_eq!(fs::read_to_string(&out).unwrap(), body);
    let o = run(&["show", "--vault", v(&vault), &note_id, "--json"]);
    assert_eq!(json_lines(&o)[0]["kind"], "text");
}

#[test]
fn passwd_rewrites_only_keys_age() {
    let (_dir, vault) = new_vault();
    let before = snapshot(&vault);
    let o = evault()
        .env("EVAULT_PASSPHRASE", PASS)
        .env("EVAULT_NEW_PASSPHRASE", "a new long passphrase")
        .args(["passwd", "--vault", v(&vault), "--kdf-log-n", TEST_KDF])
        .output()
        .unwrap();
    assert_ok(&o);
    let after = snapshot(&vault);
    let changed: Vec<_> = before
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(changed, vec![std::path::Path::new("keys.age")]);
    assert_eq!(
        code(&run(&["list", "--vault", v(&vault)])),
        2,
        "old passphrase no longer works"
    );
    assert_ok(&run_with(
        &["list", "--vault", v(&vault)],
        "a new long passphrase",
    ));
}

#[test]
fn unknown_item_and_bad_flags_are_errors() {
    let (_dir, vault) = new_vault();
    let o = run(&["show", "--vault", v(&vault), "ffffffff"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no item matches"), "{}", stderr(&o));
    let o = run(&["list"]);
    assert_eq!(code(&o), 2);
    let o = run(&["list", "--vault", "/definitely/not/a/vault"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("not an Evidence Vault"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn version_and_help() {
    let o = evault().arg("--version").output().unwrap();
    assert_ok(&o);
    assert!(stdout(&o).contains(env!("CARGO_PKG_VERSION")));
    let o = evault().arg("--help").output().unwrap();
    assert_ok(&o);
    assert!(stdout(&o).contains("verify"));
}

#[test]
fn the_full_source_path_is_recorded_only_when_asked() {
    let (dir, vault) = new_vault();
    let home = dir.path().join("home").join("amal.k").join("Desktop");
    fs::create_dir_all(&home).unwrap();
    fs::write(home.join("witness.txt"), "first").unwrap();
    fs::write(home.join("second.txt"), "second").unwrap();
    let o = run(&["add", "--vault", v(&vault), v(&home.join("witness.txt"))]);
    assert_ok(&o);
    let (plain, _, _) = added(&o)[0].clone();
    let o = run(&[
        "add",
        "--vault",
        v(&vault),
        "--record-source-path",
        v(&home.join("second.txt")),
    ]);
    assert_ok(&o);
    let (asked, _, _) = added(&o)[0].clone();
    let show = |id: &str| {
        let o = run(&["show", "--vault", v(&vault), id, "--json"]);
        assert_ok(&o);
        json_lines(&o).remove(0)
    };
    let p = show(&plain);
    assert_eq!(p["original_name"], "witness.txt");
    assert!(p["source_path"].is_null(), "{p}");
    assert!(
        !p.to_string().contains("amal.k"),
        "no trace of the home folder in the item or its custody: {p}"
    );
    let a = show(&asked);
    assert!(
        a["source_path"]
            .as_str()
            .unwrap()
            .ends_with("amal.k/Desktop/second.txt"),
        "{a}"
    );
    assert!(a["custody"][0]["details"]["source_path"].is_string(), "{a}");
}
