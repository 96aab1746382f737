//! Interop: a bundle opened with stock tools is a valid BagIt bag with a verifiable signature,
//! and a valid bag made by another tool (tag files after the payload) imports.
//!
//! Needs `bagit.py` (`pip install bagit`) and `ssh-keygen`; the test FAILS if they are missing.
//! If the `age` CLI is installed it is used as well.

use std::process::Command;

use crate::support::bundle::*;

fn need(tool: &str, install: &str) {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "{tool} is required for this interop test and is not installed: {install}"
    );
}

#[test]
fn bundle_is_a_valid_bag_with_a_verifiable_signature() {
    need("bagit.py", "pip install bagit");
    need("ssh-keygen", "apt-get install openssh-client");
    let p = pair();
    let bundle = export_to(&p, &p.a, &p.rb, "interop.tar.age");

    // age crate, plain API; then the tar crate.
    let plain = decrypt(&bundle, &vault_identity(&p.b));
    let bag = p.tmp.path().join("bag");
    std::fs::create_dir_all(&bag).unwrap();
    tar::Archive::new(&plain[..]).unpack(&bag).unwrap();

    let out = Command::new("bagit.py")
        .arg("--validate")
        .arg(&bag)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bagit.py --validate failed:\n{}",
        text(&out)
    );

    let sig = Command::new("ssh-keygen")
        .args(["-Y", "check-novalidate", "-n", "evidence-vault", "-f"])
        .arg(bag.join("evidence/signer.pub"))
        .arg("-s")
        .arg(bag.join("evidence/manifest.sig"))
        .stdin(std::fs::File::open(bag.join("tagmanifest-sha256.txt")).unwrap())
        .output()
        .unwrap();
    assert!(sig.status.success(), "ssh-keygen failed:\n{}", text(&sig));

    // A tampered tag manifest no longer verifies with ssh-keygen.
    let mut tm = std::fs::read(bag.join("tagmanifest-sha256.txt")).unwrap();
    tm[0] = if tm[0] == b'0' { b'1' } else { b'0' };
    let tampered = p.tmp.path().join("tm");
    std::fs::write(&tampered, &tm).unwrap();
    let sig = Command::new("ssh-keygen")
        .args(["-Y", "check-novalidate", "-n", "evidence-vault", "-f"])
        .arg(bag.join("evidence/signer.pub"))
        .arg("-s")
        .arg(bag.join("evidence/manifest.sig"))
        .stdin(std::fs::File::open(&tampered).unwrap())
        .output()
        .unwrap();
    assert!(!sig.status.success());

    // The stock age CLI, where installed, decrypts it to the same tar.
    let has_age = Command::new("sh")
        .arg("-c")
        .arg("command -v age")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if has_age {
        let idf = p.tmp.path().join("id.txt");
        let secret = {
            use age::secrecy::ExposeSecret;
            vault_identity(&p.b).to_string().expose_secret().to_owned()
        };
        std::fs::write(&idf, format!("{secret}\n")).unwrap();
        let out = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&idf)
            .arg(&bundle)
            .output()
            .unwrap();
        assert!(out.status.success(), "age -d failed: {}", text(&out));
        assert_eq!(out.stdout, plain);
    }
}

#[test]
fn a_bag_from_another_tool_with_tag_files_last_imports() {
    let p = pair();
    let bundle = export_to(&p, &p.a, &p.rb, "src.tar.age");
    let files = entries(&decrypt(&bundle, &vault_identity(&p.b)));
    // Another tool: directory entries, payload first, tag files after in another order.
    let mut raws: Vec<Raw> = Vec::new();
    let mut r = file("data/", b"");
    r.kind = tar::EntryType::Directory;
    raws.push(r);
    let mut payload: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(n, _)| n.starts_with("data/"))
        .collect();
    payload.reverse();
    for (n, d) in payload {
        let dir = format!("{}/", &n[..37]);
        let mut r = file(&dir, b"");
        r.kind = tar::EntryType::Directory;
        raws.push(r);
        raws.push(file(n, d));
    }
    let mut tags: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(n, _)| !n.starts_with("data/"))
        .collect();
    tags.reverse();
    let mut r = file("evidence/", b"");
    r.kind = tar::EntryType::Directory;
    raws.push(r);
    for (n, d) in tags {
        raws.push(file(n, d));
    }
    let other = p.tmp.path().join("other.tar.age");
    encrypt_to(&build_tar(&raws), &p.rb, &other);
    let t = ok(&evault(&["inspect", s(&other), "--vault", s(&p.b)]));
    assert!(t.contains("VALID"), "{t}");
    let t = ok(&evault(&["import", "--vault", s(&p.b), s(&other)]));
    assert!(t.contains("imported"), "{t}");
    ok(&evault(&["verify", "--vault", s(&p.b)]));

    // And the same bag with one payload byte flipped is still caught at the end.
    let mut bad_raws: Vec<Raw> = Vec::new();
    let mut flipped = false;
    for (n, d) in files.iter().rev() {
        let mut d = d.clone();
        if n.starts_with("data/") && !flipped && !d.is_empty() {
            d[0] ^= 1;
            flipped = true;
        }
        bad_raws.push(file(n, &d));
    }
    let bad = p.tmp.path().join("other-bad.tar.age");
    encrypt_to(&build_tar(&bad_raws), &p.rb, &bad);
    let r = evault(&["inspect", s(&bad), "--vault", s(&p.b)]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    assert!(text(&r).contains("hash mismatch"), "{}", text(&r));
}
