//! Hostile bundles are refused with a report, and the vault stays byte-identical.

mod bundle_common;

use bundle_common::*;

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
