//! Hostile bundles are refused with a report, and the vault stays byte-identical.

use crate::support::bundle::*;

struct Fixture {
    p: Pair,
    /// The plaintext tag files and payloads of a valid bundle from A, in order.
    files: Vec<(String, Vec<u8>)>,
    id: String,
}

fn fixture() -> Fixture {
    let p = pair();
    let bundle = export_to(&p, &p.a, &p.rb, "good.tar.age");
    let files = entries(&decrypt(&bundle, &vault_identity(&p.b)));
    let id = files
        .iter()
        .find(|(n, _)| n.starts_with("data/"))
        .map(|(n, _)| n[5..37].to_owned())
        .unwrap();
    Fixture { p, files, id }
}

/// Encrypts `tar` to B, runs inspect and import, and checks both refuse it and B is unchanged.
fn refused(f: &Fixture, name: &str, tar: &[u8], expect: &str) {
    let path = f.p.tmp.path().join(format!("{name}.tar.age"));
    encrypt_to(tar, &f.p.rb, &path);
    refused_file(f, name, &path, expect);
}

fn refused_file(f: &Fixture, name: &str, path: &std::path::Path, expect: &str) {
    let before = snapshot(&f.p.b);
    let r = evault(&["inspect", s(path), "--vault", s(&f.p.b)]);
    assert_ne!(
        r.status.code(),
        Some(0),
        "{name}: inspect accepted it\n{}",
        text(&r)
    );
    assert!(
        text(&r).to_lowercase().contains(&expect.to_lowercase()),
        "{name}: report should mention '{expect}':\n{}",
        text(&r)
    );
    let r = evault(&["import", "--vault", s(&f.p.b), s(path)]);
    assert_ne!(
        r.status.code(),
        Some(0),
        "{name}: import accepted it\n{}",
        text(&r)
    );
    assert!(
        text(&r).to_lowercase().contains(&expect.to_lowercase()),
        "{name}: import report should mention '{expect}':\n{}",
        text(&r)
    );
    assert_eq!(before, snapshot(&f.p.b), "{name}: vault B changed");
    let stray: Vec<_> = walkdir::WalkDir::new(&f.p.b)
        .into_iter()
        .map(|e| e.unwrap().path().to_owned())
        .filter(|p| p.to_string_lossy().contains(".part"))
        .collect();
    assert!(stray.is_empty(), "{name}: staging left behind: {stray:?}");
}

fn with_extra(f: &Fixture, extra: Raw) -> Vec<u8> {
    let mut raws = raw_files(&f.files);
    raws.push(extra);
    build_tar(&raws)
}

#[test]
fn the_untouched_bundle_is_accepted() {
    // Guards the fixture: rebuilding the tar ourselves must not break a valid bundle.
    let f = fixture();
    let path = f.p.tmp.path().join("rebuilt.tar.age");
    encrypt_to(&build_tar(&raw_files(&f.files)), &f.p.rb, &path);
    ok(&evault(&["inspect", s(&path), "--vault", s(&f.p.b)]));
}

#[test]
fn path_and_type_attacks_are_refused() {
    let f = fixture();
    let id = f.id.clone();
    refused(
        &f,
        "absolute",
        &with_extra(&f, file("/etc/evil", b"x")),
        "absolute",
    );
    refused(
        &f,
        "dotdot",
        &with_extra(&f, file(&format!("data/{id}/../../evil"), b"x")),
        "'..'",
    );
    let mut link = file(&format!("data/{id}/link"), b"");
    link.kind = tar::EntryType::Symlink;
    link.link = Some(b"/etc/passwd".to_vec());
    refused(&f, "symlink", &with_extra(&f, link), "symbolic link");
    let mut hard = file(&format!("data/{id}/hard"), b"");
    hard.kind = tar::EntryType::Link;
    hard.link = Some(b"bagit.txt".to_vec());
    refused(&f, "hardlink", &with_extra(&f, hard), "hard link");
    let mut dev = file(&format!("data/{id}/dev"), b"");
    dev.kind = tar::EntryType::Char;
    refused(&f, "device", &with_extra(&f, dev), "device");
    let mut fifo = file(&format!("data/{id}/fifo"), b"");
    fifo.kind = tar::EntryType::Fifo;
    refused(&f, "fifo", &with_extra(&f, fifo), "fifo");
    refused(
        &f,
        "reserved",
        &with_extra(&f, file(&format!("data/{id}/CON.txt"), b"x")),
        "windows-reserved",
    );
    refused(
        &f,
        "outside",
        &with_extra(&f, file("notes.txt", b"x")),
        "bag layout",
    );
    refused(
        &f,
        "outside2",
        &with_extra(&f, file("data/loose.txt", b"x")),
        "bag layout",
    );
    refused(
        &f,
        "fetch",
        &with_extra(&f, file("fetch.txt", b"http://x 1 data/a")),
        "bag layout",
    );
}

#[test]
fn colliding_names_are_refused() {
    let f = fixture();
    let id = f.id.clone();
    let payload = f
        .files
        .iter()
        .find(|(n, _)| n.starts_with(&format!("data/{id}/")))
        .unwrap()
        .clone();
    // Same name again.
    refused(
        &f,
        "duplicate",
        &with_extra(&f, file(&payload.0, &payload.1)),
        "twice",
    );
    // Case folding.
    let upper = format!("data/{id}/{}", payload.0[38..].to_uppercase());
    assert_ne!(upper, payload.0);
    refused(
        &f,
        "case",
        &with_extra(&f, file(&upper, &payload.1)),
        "collides",
    );
    // Unicode normalisation: NFC vs NFD of the same name.
    let mut raws = raw_files(&f.files);
    raws.push(file(&format!("data/{id}/caf\u{e9}.txt"), b"1"));
    raws.push(file(&format!("data/{id}/cafe\u{301}.txt"), b"2"));
    refused(&f, "nfd", &build_tar(&raws), "collides");
}

#[test]
fn size_claims_that_disagree_are_refused() {
    let f = fixture();
    // items.jsonl claims another size (and so no longer matches the signed tag manifest).
    let mut files = f.files.clone();
    let items = files
        .iter_mut()
        .find(|(n, _)| n == "evidence/items.jsonl")
        .unwrap();
    let text = String::from_utf8(items.1.clone()).unwrap();
    let mut lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let real = lines[0]["size"].as_u64().unwrap();
    lines[0]["size"] = serde_json::json!(real + 1000);
    items.1 = lines
        .iter()
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes();
    refused(&f, "items-size", &build_tar(&raw_files(&files)), "size");

    // A tar header claiming more bytes than the archive holds (truncated before encryption).
    let mut raws = raw_files(&f.files);
    let last = raws.last_mut().unwrap();
    last.claim = Some(last.data.len() as u64 + 4096);
    let mut tar = build_tar(&raws);
    tar.truncate(tar.len() - 1024);
    refused(&f, "claim", &tar, "truncated");

    // Payload-Oxum that disagrees (re-signed by an attacker: the Oxum check still catches it).
    let mut files = f.files.clone();
    let info = files.iter_mut().find(|(n, _)| n == "bag-info.txt").unwrap();
    let t = String::from_utf8(info.1.clone()).unwrap();
    let t: String = t
        .lines()
        .map(|l| {
            if l.starts_with("Payload-Oxum") {
                "Payload-Oxum: 1.1\n".to_owned()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    info.1 = t.into_bytes();
    reseal(&mut files, Some(&attacker()));
    refused(&f, "oxum", &build_tar(&raw_files(&files)), "Payload-Oxum");
}

#[test]
fn damaged_ciphertext_is_refused_without_leftovers() {
    let f = fixture();
    let good = f.p.tmp.path().join("good.tar.age");
    let bytes = std::fs::read(&good).unwrap();
    // Truncated in the middle of the payload.
    let cut = f.p.tmp.path().join("cut.tar.age");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    refused_file(&f, "truncated", &cut, "truncated");
    // Truncated exactly at a 64 KiB chunk boundary is still caught (age's last-chunk flag).
    let header_len = bytes.windows(4).position(|w| w == b"\n---").unwrap();
    let body_start = header_len
        + bytes[header_len + 1..]
            .iter()
            .position(|b| *b == b'\n')
            .unwrap()
        + 2;
    let chunk = 64 * 1024 + 16;
    let at = body_start + 16 + chunk * 2;
    let cut2 = f.p.tmp.path().join("cut2.tar.age");
    std::fs::write(&cut2, &bytes[..at]).unwrap();
    refused_file(&f, "chunk-boundary", &cut2, "truncated");
    // One flipped bit in the payload.
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    let fl = f.p.tmp.path().join("flip.tar.age");
    std::fs::write(&fl, &flipped).unwrap();
    refused_file(&f, "bitflip", &fl, "damaged");
    // A flipped bit in the header MAC: refused (exit 1 or 2), nothing changes.
    let mut hflip = bytes.clone();
    hflip[header_len + 6] ^= 0x01;
    let hf = f.p.tmp.path().join("hflip.tar.age");
    std::fs::write(&hf, &hflip).unwrap();
    let before = snapshot(&f.p.b);
    let r = evault(&["import", "--vault", s(&f.p.b), s(&hf)]);
    assert_ne!(r.status.code(), Some(0), "{}", text(&r));
    assert_eq!(before, snapshot(&f.p.b));
}

#[test]
fn edits_after_signing_are_refused() {
    let f = fixture();
    // manifest edited, tag manifest left alone.
    let mut files = f.files.clone();
    let m = files
        .iter_mut()
        .find(|(n, _)| n == "manifest-sha256.txt")
        .unwrap();
    let t = String::from_utf8(m.1.clone()).unwrap();
    m.1 = format!("{}{}", "0".repeat(64), &t[64..]).into_bytes();
    refused(
        &f,
        "manifest",
        &build_tar(&raw_files(&files)),
        "changed after signing",
    );

    // manifest edited and the tag manifest updated: the signature no longer verifies.
    reseal(&mut files, None);
    refused(
        &f,
        "manifest-resealed",
        &build_tar(&raw_files(&files)),
        "bad signature",
    );

    // items.jsonl edited (a title changed), tag manifest updated: bad signature.
    let mut files = f.files.clone();
    let it = files
        .iter_mut()
        .find(|(n, _)| n == "evidence/items.jsonl")
        .unwrap();
    let t = String::from_utf8(it.1.clone()).unwrap();
    it.1 = t
        .replacen("\"title\":\"", "\"title\":\"FORGED ", 1)
        .into_bytes();
    reseal(&mut files, None);
    refused(
        &f,
        "items",
        &build_tar(&raw_files(&files)),
        "does not verify",
    );

    // A payload byte changed: hash mismatch for that item.
    let mut files = f.files.clone();
    let last = files.last_mut().unwrap();
    last.1[0] ^= 1;
    refused(
        &f,
        "payload",
        &build_tar(&raw_files(&files)),
        "hash mismatch",
    );

    // A payload dropped: missing.
    let mut files = f.files.clone();
    files.pop();
    refused(&f, "missing", &build_tar(&raw_files(&files)), "missing");

    // A payload nobody listed: unlisted.
    let extra = format!("data/{}/extra.bin", "f".repeat(32));
    refused(
        &f,
        "unlisted",
        &with_extra(&f, file(&extra, b"smuggled")),
        "unlisted",
    );
}

#[test]
fn custody_events_removed_or_reordered_are_refused() {
    let f = fixture();
    let custody = |files: &[(String, Vec<u8>)]| -> Vec<String> {
        String::from_utf8(
            files
                .iter()
                .find(|(n, _)| n == "evidence/custody.jsonl")
                .unwrap()
                .1
                .clone(),
        )
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
    };
    let set = |files: &mut Vec<(String, Vec<u8>)>, lines: &[String]| {
        let c = files
            .iter_mut()
            .find(|(n, _)| n == "evidence/custody.jsonl")
            .unwrap();
        c.1 = lines
            .iter()
            .map(|l| format!("{l}\n"))
            .collect::<String>()
            .into_bytes();
    };
    let lines = custody(&f.files);
    // Find two consecutive events of the same item (acquired, exported).
    let item_of =
        |l: &str| serde_json::from_str::<serde_json::Value>(l).unwrap()["item_id"].clone();
    let i = (0..lines.len() - 1)
        .find(|&i| item_of(&lines[i]) == item_of(&lines[i + 1]))
        .unwrap();

    // Removed, not re-signed: the tag manifest catches it.
    let mut files = f.files.clone();
    let mut l = lines.clone();
    l.remove(i);
    set(&mut files, &l);
    refused(
        &f,
        "removed",
        &build_tar(&raw_files(&files)),
        "changed after signing",
    );
    // Removed and the whole bag re-signed by another key: the chain itself is broken.
    reseal(&mut files, Some(&attacker()));
    refused(
        &f,
        "removed-resigned",
        &build_tar(&raw_files(&files)),
        "bad chain",
    );

    // Reordered, re-signed by another key.
    let mut files = f.files.clone();
    let mut l = lines.clone();
    l.swap(i, i + 1);
    set(&mut files, &l);
    reseal(&mut files, Some(&attacker()));
    refused(&f, "reordered", &build_tar(&raw_files(&files)), "bad chain");
}

/// ASCII armour as `age -a` writes it: the same age bytes as base64 in 64-column lines between
/// the BEGIN and END lines. With `eol = "\n"` this is byte for byte what age's own
/// `age::armor::ArmoredWriter` produces (that API sits behind the age crate's `armor` feature,
/// which this crate does not enable; armour is a pure re-encoding, so no key is needed).
fn armor(age_bytes: &[u8], eol: &str) -> Vec<u8> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(age_bytes);
    let mut out = format!("-----BEGIN AGE ENCRYPTED FILE-----{eol}");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push_str(eol);
    }
    out.push_str(&format!("-----END AGE ENCRYPTED FILE-----{eol}"));
    out.into_bytes()
}

fn ids(vault: &std::path::Path) -> std::collections::BTreeSet<String> {
    ok(&evault(&["list", "--vault", s(vault), "--json"]))
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn last_json(out: &std::process::Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("last line is not JSON ({e}):\n{}", text(out)))
}

#[test]
fn armoured_bundles_are_inspected_and_imported_like_binary_ones() {
    let f = fixture();
    let good = f.p.tmp.path().join("good.tar.age");
    let binary = std::fs::read(&good).unwrap();
    let armoured = armor(&binary, "\n");
    assert!(armoured.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----\n"));
    let path = f.p.tmp.path().join("armoured.tar.age");
    std::fs::write(&path, &armoured).unwrap();

    // The same report as for the binary bundle, but the SHA-256 is of the file as on disk.
    let bin_out = ok(&evault(&["inspect", s(&good), "--vault", s(&f.p.b)]));
    let arm_out = ok(&evault(&["inspect", s(&path), "--vault", s(&f.p.b)]));
    assert!(arm_out.contains("VALID: every check holds"), "{arm_out}");
    let without_sha = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("Bundle SHA-256:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_sha(&bin_out), without_sha(&arm_out));
    assert!(
        arm_out.contains(&format!("Bundle SHA-256: {}", sha256_hex(&armoured))),
        "{arm_out}"
    );
    assert!(
        bin_out.contains(&format!("Bundle SHA-256: {}", sha256_hex(&binary))),
        "{bin_out}"
    );
    let r = evault(&["inspect", s(&path), "--vault", s(&f.p.b), "--json"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let summary = last_json(&r);
    assert_eq!(summary["valid"], true, "{summary}");
    assert_eq!(summary["bundle_sha256"], sha256_hex(&armoured), "{summary}");

    // CRLF line endings and whitespace around the armour (a pasted file) are fine too.
    let mut pasted = b"\r\n".to_vec();
    pasted.extend(armor(&binary, "\r\n"));
    pasted.extend(b"\r\n\n");
    let pasted_path = f.p.tmp.path().join("pasted.tar.age");
    std::fs::write(&pasted_path, &pasted).unwrap();
    let t = ok(&evault(&["inspect", s(&pasted_path), "--vault", s(&f.p.b)]));
    assert!(t.contains("VALID: every check holds"), "{t}");
    assert!(t.contains(&sha256_hex(&pasted)), "{t}");

    // Import: a dry run, then for real; B then holds exactly A's items and verifies.
    let before = snapshot(&f.p.b);
    let t = ok(&evault(&[
        "import",
        "--vault",
        s(&f.p.b),
        "--dry-run",
        s(&path),
    ]));
    assert!(t.contains("VALID: dry run"), "{t}");
    assert_eq!(before, snapshot(&f.p.b));
    let t = ok(&evault(&["import", "--vault", s(&f.p.b), s(&path)]));
    assert!(t.contains("item(s) imported"), "{t}");
    assert_eq!(ids(&f.p.a), ids(&f.p.b));
    ok(&evault(&["verify", "--vault", s(&f.p.b)]));
}

#[test]
fn an_armoured_passphrase_bundle_asks_for_the_passphrase() {
    let f = fixture();
    let pb = f.p.tmp.path().join("pass.tar.age");
    let pass = [("EVAULT_BUNDLE_PASSPHRASE", "bundle pass 123")];
    ok(&evault_env(
        &[
            "export",
            "--vault",
            s(&f.p.a),
            "--out",
            s(&pb),
            "--to-passphrase",
        ],
        &pass,
    ));
    let armoured = f.p.tmp.path().join("pass-armoured.tar.age");
    std::fs::write(&armoured, armor(&std::fs::read(&pb).unwrap(), "\n")).unwrap();
    let t = ok(&evault_env(
        &["inspect", s(&armoured), "--vault", s(&f.p.b)],
        &pass,
    ));
    assert!(t.contains("VALID: every check holds"), "{t}");
    // A wrong passphrase is a key problem (exit 2), said as such.
    let r = evault_env(
        &["inspect", s(&armoured), "--vault", s(&f.p.b)],
        &[("EVAULT_BUNDLE_PASSPHRASE", "wrong pass 123")],
    );
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("wrong passphrase"), "{}", text(&r));
    assert!(
        !text(&r).contains("not an Evidence Vault bundle"),
        "{}",
        text(&r)
    );
}

#[test]
fn damaged_armour_is_reported_as_damage() {
    let f = fixture();
    let binary = std::fs::read(f.p.tmp.path().join("good.tar.age")).unwrap();
    let armoured = armor(&binary, "\n");
    let write = |name: &str, bytes: &[u8]| {
        let p = f.p.tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    // The END line (and the last data line) cut off.
    let lines: Vec<&[u8]> = armoured.split_inclusive(|b| *b == b'\n').collect();
    let cut = lines[..lines.len() - 2].concat();
    refused_file(&f, "armour-cut", &write("cut.tar.age", &cut), "truncated");
    // Cut in the middle of a line.
    let mid = &armoured[..armoured.len() / 2 + 7];
    refused_file(&f, "armour-mid", &write("mid.tar.age", mid), "damaged");
    // One base64 character changed (still valid base64): the age stream's MAC catches it.
    let mut flipped = armoured.clone();
    let at = flipped.len() / 2;
    let at = at
        + flipped[at..]
            .iter()
            .position(|b| b.is_ascii_alphanumeric())
            .unwrap();
    flipped[at] = if flipped[at] == b'A' { b'B' } else { b'A' };
    refused_file(
        &f,
        "armour-flip",
        &write("flip.tar.age", &flipped),
        "damaged",
    );
    // A character that is not base64.
    let mut bad = armoured.clone();
    bad[at] = b'!';
    refused_file(&f, "armour-char", &write("char.tar.age", &bad), "damaged");
    // Something after the END line.
    let mut tail = armoured.clone();
    tail.extend(b"PS: more\n");
    refused_file(&f, "armour-tail", &write("tail.tar.age", &tail), "damaged");
    // Lines wrapped at 76 columns (not age armour) are refused, not guessed at.
    let b64 = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&binary)
    };
    let mut wide = b"-----BEGIN AGE ENCRYPTED FILE-----\n".to_vec();
    for l in b64.as_bytes().chunks(76) {
        wide.extend(l);
        wide.push(b'\n');
    }
    wide.extend(b"-----END AGE ENCRYPTED FILE-----\n");
    refused_file(&f, "armour-wide", &write("wide.tar.age", &wide), "damaged");
}

/// `path` is not a bundle: inspect and import (plain, dry run, JSON) each say so with exit 1
/// (a finding, as for an invalid bundle), never as damage or a bad signature, and B is unchanged.
fn not_a_bundle(f: &Fixture, path: &std::path::Path, reason: &str) {
    let before = snapshot(&f.p.b);
    let b = s(&f.p.b);
    let runs: [Vec<&str>; 5] = [
        vec!["inspect", s(path), "--vault", b],
        vec!["inspect", s(path), "--vault", b, "--json"],
        vec!["import", "--vault", b, s(path)],
        vec!["import", "--vault", b, "--dry-run", s(path)],
        vec!["import", "--vault", b, s(path), "--json"],
    ];
    let expect = format!(
        "{} is not an Evidence Vault bundle ({reason}); nothing was imported",
        path.display()
    );
    for args in &runs {
        let r = evault(args);
        let t = text(&r);
        assert_eq!(r.status.code(), Some(1), "{args:?}: {t}");
        assert!(t.contains(&expect), "{args:?}: should say '{expect}':\n{t}");
        for wrong in [
            "damaged",
            "signature BAD",
            "truncated",
            "INVALID",
            "evault: error",
        ] {
            assert!(!t.contains(wrong), "{args:?}: says '{wrong}':\n{t}");
        }
        if args.contains(&"--json") {
            let j = last_json(&r);
            assert_eq!(j["type"], "bundle", "{j}");
            assert_eq!(j["valid"], false, "{j}");
            assert_eq!(j["not_a_bundle"], true, "{j}");
        }
    }
    assert_eq!(
        before,
        snapshot(&f.p.b),
        "{}: vault B changed",
        path.display()
    );
    let stray: Vec<_> = walkdir::WalkDir::new(&f.p.b)
        .into_iter()
        .map(|e| e.unwrap().path().to_owned())
        .filter(|p| p.to_string_lossy().contains(".part"))
        .collect();
    assert!(stray.is_empty(), "staging left behind: {stray:?}");
}

#[test]
fn files_that_are_not_age_files_are_not_bundles() {
    use rand::{Rng, SeedableRng};
    let f = fixture();
    let not_age = "it is not an age-encrypted file";
    let jpeg =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/tabqa-bakery-01.jpg");
    assert!(std::fs::read(&jpeg).unwrap().starts_with(&[0xff, 0xd8]));
    not_a_bundle(&f, &jpeg, not_age);

    let mut noise = [0u8; 100];
    rand::rngs::StdRng::seed_from_u64(2024).fill(&mut noise[..]);
    let random = f.p.tmp.path().join("random.tar.age");
    std::fs::write(&random, noise).unwrap();
    not_a_bundle(&f, &random, not_age);

    let empty = f.p.tmp.path().join("empty.tar.age");
    std::fs::write(&empty, b"").unwrap();
    not_a_bundle(&f, &empty, "it is empty");

    let notes = f.p.tmp.path().join("notes.txt");
    std::fs::write(&notes, "Bakery, 06:10: three witnesses.\n").unwrap();
    not_a_bundle(&f, &notes, not_age);

    // Other armour (PGP) is not age armour.
    let pgp = f.p.tmp.path().join("message.asc");
    std::fs::write(
        &pgp,
        "-----BEGIN PGP MESSAGE-----\n\nhQEMA5x5o1y1AAAA\n-----END PGP MESSAGE-----\n",
    )
    .unwrap();
    not_a_bundle(&f, &pgp, not_age);
}

#[test]
fn age_files_that_do_not_open_or_are_damaged_are_not_called_foreign() {
    let f = fixture();
    let before = snapshot(&f.p.b);
    // A real age file for another key (A's), binary and armoured: a key problem (exit 2).
    let for_a = f.p.tmp.path().join("for-a.tar.age");
    encrypt_to(&build_tar(&raw_files(&f.files)), &f.p.ra, &for_a);
    let for_a_armoured = f.p.tmp.path().join("for-a-armoured.tar.age");
    std::fs::write(
        &for_a_armoured,
        armor(&std::fs::read(&for_a).unwrap(), "\n"),
    )
    .unwrap();
    for path in [&for_a, &for_a_armoured] {
        for args in [
            vec!["inspect", s(path), "--vault", s(&f.p.b)],
            vec!["import", "--vault", s(&f.p.b), s(path)],
        ] {
            let r = evault(&args);
            let t = text(&r);
            assert_eq!(r.status.code(), Some(2), "{args:?}: {t}");
            assert!(
                t.contains("it is not encrypted to this vault's key"),
                "{args:?}: {t}"
            );
            assert!(!t.contains("not an Evidence Vault bundle"), "{args:?}: {t}");
        }
    }
    // An age file whose header is damaged (or cut short): damaged (exit 1), not foreign.
    let good = std::fs::read(f.p.tmp.path().join("good.tar.age")).unwrap();
    let garbled = f.p.tmp.path().join("garbled.tar.age");
    std::fs::write(&garbled, b"age-encryption.org/v1\n-> ???\n\x00\x01\x02\n").unwrap();
    let short = f.p.tmp.path().join("short.tar.age");
    std::fs::write(&short, &good[..12]).unwrap();
    for path in [&garbled, &short] {
        let r = evault(&["inspect", s(path), "--vault", s(&f.p.b)]);
        let t = text(&r);
        assert_eq!(r.status.code(), Some(1), "{t}");
        assert!(t.contains("damaged"), "{t}");
        assert!(!t.contains("not an Evidence Vault bundle"), "{t}");
    }
    assert_eq!(before, snapshot(&f.p.b));
}
