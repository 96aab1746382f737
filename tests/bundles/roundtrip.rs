//! Round trips through `evault export` / `inspect` / `import`, merging, and export refusals.

use crate::support::bundle::*;

fn show_json(vault: &std::path::Path, id: &str) -> serde_json::Value {
    let out = ok(&evault(&["show", "--vault", s(vault), id, "--json"]));
    serde_json::from_str(out.lines().next().unwrap()).unwrap()
}

fn list_ids(vault: &std::path::Path) -> Vec<String> {
    let out = ok(&evault(&["list", "--vault", s(vault), "--json"]));
    out.lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn a_to_b_round_trip_keeps_hashes_metadata_custody_and_bytes() {
    let p = pair();
    let bundle = export_to(&p, &p.a, &p.rb, "a-to-b.tar.age");
    let ids = list_ids(&p.a);
    assert_eq!(ids.len(), 4);

    // The printed SHA-256 is the bundle file's.
    let bundle2 = p.tmp.path().join("again.tar.age");
    let out = ok(&evault(&[
        "export",
        "--vault",
        s(&p.a),
        "--out",
        s(&bundle2),
        "--to",
        &p.rb,
    ]));
    let printed = out.split_whitespace().next().unwrap().to_owned();
    assert_eq!(printed, sha256_hex(&std::fs::read(&bundle2).unwrap()));

    // A records the export on every item.
    for id in &ids {
        let a = show_json(&p.a, id);
        let custody = a["custody"].as_array().unwrap();
        let last = custody.last().unwrap();
        assert_eq!(last["action"], "exported");
        assert_eq!(last["details"]["recipients"][0], p.rb.as_str());
        assert!(last["details"]["bundle_id"].as_str().unwrap().len() == 32);
    }

    // Inspect with B's vault: valid, exit 0, names the signer.
    let out = evault(&["inspect", s(&bundle), "--vault", s(&p.b)]);
    let t = ok(&out);
    assert!(t.contains("VALID"), "{t}");
    assert!(t.contains("signature ok"), "{t}");

    // Dry run changes nothing.
    let before = snapshot(&p.b);
    let t = ok(&evault(&[
        "import",
        "--vault",
        s(&p.b),
        s(&bundle),
        "--dry-run",
    ]));
    assert!(t.contains("would import"), "{t}");
    assert_eq!(before, snapshot(&p.b));

    let t = ok(&evault(&[
        "import",
        "--vault",
        s(&p.b),
        s(&bundle),
        "--json",
    ]));
    let last: serde_json::Value = serde_json::from_str(t.lines().last().unwrap()).unwrap();
    assert_eq!(last["committed"], true);
    assert_eq!(last["valid"], true);

    let mut b_ids = list_ids(&p.b);
    let mut a_ids = ids.clone();
    b_ids.sort();
    a_ids.sort();
    assert_eq!(a_ids, b_ids, "B keeps the sender's item IDs");

    // After the first bundle, A's chains held the first export only: compare with that prefix.
    for id in &ids {
        let a = show_json(&p.a, id);
        let b = show_json(&p.b, id);
        for k in [
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
            "mime",
            "description",
            "place",
            "width",
            "height",
        ] {
            assert_eq!(a[k], b[k], "field {k} of {id}");
        }
        assert_eq!(b["custody_verified"], true, "{b}");
        let ac = a["custody"].as_array().unwrap();
        let bc = b["custody"].as_array().unwrap();
        // A: acquired, exported(bundle 1), exported(bundle 2). B: acquired, exported(1), imported.
        assert_eq!(bc.len(), ac.len());
        assert_eq!(ac[..2], bc[..2]);
        let imp = bc.last().unwrap();
        assert_eq!(imp["action"], "imported");
        // B keeps its own chain for the item, starting with `imported` and naming the head of
        // the sender's chain; the sender's chain is held unchanged beside it.
        assert_eq!(imp["seq"], 0);
        assert_eq!(imp["prev"], "");
        assert_ne!(imp["vault_id"], bc[0]["vault_id"]);
        assert_eq!(
            imp["details"]["sender_chain_heads"][0],
            bc[bc.len() - 2]["hash"]
        );
        assert_eq!(
            imp["details"]["bundle_sha256"].as_str().unwrap(),
            sha256_hex(&std::fs::read(&bundle).unwrap())
        );

        // Identical bytes out of both vaults.
        let fa = p.tmp.path().join(format!("{id}.a"));
        let fb = p.tmp.path().join(format!("{id}.b"));
        ok(&evault(&[
            "extract",
            "--vault",
            s(&p.a),
            id,
            "--out",
            s(&fa),
        ]));
        ok(&evault(&[
            "extract",
            "--vault",
            s(&p.b),
            id,
            "--out",
            s(&fb),
        ]));
        let (ba, bb) = (std::fs::read(&fa).unwrap(), std::fs::read(&fb).unwrap());
        assert_eq!(ba, bb);
        assert_eq!(sha256_hex(&bb), b["sha256"].as_str().unwrap());
    }

    // The photo got a thumbnail again; the note is searchable in B.
    let found = ok(&evault(&["list", "--vault", s(&p.b), "--search", "bakery"]));
    assert!(found.contains("Witness"), "{found}");
    let thumbs = walkdir::WalkDir::new(p.b.join("thumbs"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(thumbs, 1);

    // The whole of B verifies, imported chains included.
    ok(&evault(&["verify", "--vault", s(&p.b)]));

    // Importing the same bundle again: all of it is here already, so nothing is written or
    // recorded, and the report says so.
    let journal_before = std::fs::read_dir(p.b.join("journal")).unwrap().count();
    let t = ok(&evault(&["import", "--vault", s(&p.b), s(&bundle)]));
    assert!(t.contains("nothing to import"), "{t}");
    assert_eq!(
        std::fs::read_dir(p.b.join("journal")).unwrap().count(),
        journal_before,
        "no journal segment for an import that changes nothing"
    );
    assert_eq!(list_ids(&p.b).len(), 4);
    for id in &ids {
        let b = show_json(&p.b, id);
        let bc = b["custody"].as_array().unwrap();
        assert_eq!(bc.iter().filter(|e| e["action"] == "imported").count(), 1);
        assert_eq!(bc.iter().filter(|e| e["action"] == "acquired").count(), 1);
        assert_eq!(b["custody_verified"], true);
    }
    ok(&evault(&["verify", "--vault", s(&p.b)]));
}

#[test]
fn a_second_export_of_the_same_items_imports_every_new_event() {
    // A → B, then A exports the same items again (A's chains grow), B imports that too: each
    // vault keeps its own chain per item, so nothing forks and nothing is left out.
    let p = pair();
    let first = export_to(&p, &p.a, &p.rb, "first.tar.age");
    ok(&evault(&["import", "--vault", s(&p.b), s(&first)]));
    let second = export_to(&p, &p.a, &p.rb, "second.tar.age");
    let t = ok(&evault(&["import", "--vault", s(&p.b), s(&second)]));
    assert!(!t.contains("divergent"), "{t}");
    for id in list_ids(&p.a) {
        let a = show_json(&p.a, &id);
        let b = show_json(&p.b, &id);
        let held: std::collections::HashSet<&str> = b["custody"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["hash"].as_str().unwrap())
            .collect();
        for e in a["custody"].as_array().unwrap() {
            assert!(
                held.contains(e["hash"].as_str().unwrap()),
                "{id}: {e} missing in B"
            );
        }
        assert_eq!(b["custody_verified"], true, "{b}");
    }
    ok(&evault(&["verify", "--vault", s(&p.b)]));
}

#[test]
fn b_back_to_a_joins_the_chains_without_duplicates() {
    let p = pair();
    let bundle = export_to(&p, &p.a, &p.rb, "a-to-b.tar.age");
    ok(&evault(&["import", "--vault", s(&p.b), s(&bundle)]));
    let back = export_to(&p, &p.b, &p.ra, "b-to-a.tar.age");
    let t = ok(&evault(&["import", "--vault", s(&p.a), s(&back)]));
    assert!(t.contains("merged"), "{t}");
    for id in list_ids(&p.a) {
        let a = show_json(&p.a, &id);
        let c = a["custody"].as_array().unwrap();
        let actions: Vec<&str> = c.iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(
            actions,
            ["acquired", "exported", "imported", "exported", "imported"],
            "{id}"
        );
        let hashes: std::collections::HashSet<&str> =
            c.iter().map(|e| e["hash"].as_str().unwrap()).collect();
        assert_eq!(hashes.len(), c.len(), "no duplicated events");
        assert_eq!(a["custody_verified"], true);
    }
    ok(&evault(&["verify", "--vault", s(&p.a)]));
}

#[test]
fn export_selects_by_case_and_items() {
    let p = pair();
    let out = p.tmp.path().join("case.tar.age");
    ok(&evault(&[
        "export",
        "--vault",
        s(&p.a),
        "--out",
        s(&out),
        "--to",
        &p.rb,
        "--case",
        "bakery",
    ]));
    let id = vault_identity(&p.b);
    let files = entries(&decrypt(&out, &id));
    let payloads = files.iter().filter(|(n, _)| n.starts_with("data/")).count();
    assert_eq!(payloads, 3, "the note has no case");
    let first = list_ids(&p.a)[0].clone();
    let out2 = p.tmp.path().join("one.tar.age");
    ok(&evault(&[
        "export",
        "--vault",
        s(&p.a),
        "--out",
        s(&out2),
        "--to",
        &p.rb,
        &first[..8],
    ]));
    let files = entries(&decrypt(&out2, &id));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        &names[..8],
        [
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "tagmanifest-sha256.txt",
            "evidence/items.jsonl",
            "evidence/custody.jsonl",
            "evidence/signer.pub",
            "evidence/manifest.sig"
        ],
        "tag files first"
    );
    assert_eq!(names.len(), 9);
    assert!(names[8].starts_with(&format!("data/{first}/")));
}

#[test]
fn passphrase_and_ssh_recipients() {
    let p = pair();
    // Passphrase and keys cannot be mixed.
    let out = p.tmp.path().join("mixed.tar.age");
    let r = evault_env(
        &[
            "export",
            "--vault",
            s(&p.a),
            "--out",
            s(&out),
            "--to",
            &p.rb,
            "--to-passphrase",
        ],
        &[("EVAULT_BUNDLE_PASSPHRASE", "bundle pass 123")],
    );
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("passphrase"), "{}", text(&r));
    assert!(!out.exists());

    // Passphrase bundle: inspect and import with EVAULT_BUNDLE_PASSPHRASE.
    let pb = p.tmp.path().join("pass.tar.age");
    ok(&evault_env(
        &[
            "export",
            "--vault",
            s(&p.a),
            "--out",
            s(&pb),
            "--to-passphrase",
        ],
        &[("EVAULT_BUNDLE_PASSPHRASE", "bundle pass 123")],
    ));
    let r = evault_env(
        &["inspect", s(&pb), "--vault", s(&p.b)],
        &[("EVAULT_BUNDLE_PASSPHRASE", "wrong pass 123")],
    );
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    ok(&evault_env(
        &["import", "--vault", s(&p.b), s(&pb)],
        &[("EVAULT_BUNDLE_PASSPHRASE", "bundle pass 123")],
    ));

    // SSH ed25519 recipient, opened with the private key file as --identity.
    let key =
        ssh_key::PrivateKey::random(&mut rand::thread_rng(), ssh_key::Algorithm::Ed25519).unwrap();
    let keyfile = p.tmp.path().join("id_ed25519");
    std::fs::write(
        &keyfile,
        key.to_openssh(ssh_key::LineEnding::LF).unwrap().as_bytes(),
    )
    .unwrap();
    let pubkey = key.public_key().to_openssh().unwrap();
    let sb = p.tmp.path().join("ssh.tar.age");
    ok(&evault(&[
        "export",
        "--vault",
        s(&p.a),
        "--out",
        s(&sb),
        "--to",
        &pubkey,
        "--to",
        &p.rb,
    ]));
    let t = ok(&evault(&["inspect", s(&sb), "--identity", s(&keyfile)]));
    assert!(t.contains("VALID"), "{t}");
    // The exported event names the SSH key by fingerprint and the age key by itself.
    let fp = key
        .public_key()
        .fingerprint(ssh_key::HashAlg::Sha256)
        .to_string();
    let id = list_ids(&p.a)[0].clone();
    let a = show_json(&p.a, &id);
    let last = a["custody"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["details"]["recipients"], serde_json::json!([fp, p.rb]));

    // A key that is not a recipient: error (exit 2), not a finding.
    let other = p.tmp.path().join("C");
    init(&other, "C");
    let r = evault(&["inspect", s(&sb), "--vault", s(&other)]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
}

#[test]
fn export_stops_on_a_damaged_original_and_leaves_no_file() {
    let p = pair();
    let ids = list_ids(&p.a);
    let victim = &ids[1];
    // Replace the stored object with a validly encrypted, different content.
    let obj =
        p.a.join("objects")
            .join(&victim[..2])
            .join(format!("{victim}.age"));
    let a_show = show_json(&p.a, victim);
    let size = a_show["size"].as_u64().unwrap() as usize;
    let mut forged = vec![b'x'; size];
    forged[0] = b'y';
    encrypt_to(&forged, &p.ra, &obj);
    let out = p.tmp.path().join("bad.tar.age");
    let r = evault(&[
        "export",
        "--vault",
        s(&p.a),
        "--out",
        s(&out),
        "--to",
        &p.rb,
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(
        text(&r).contains(victim.as_str()),
        "names the item: {}",
        text(&r)
    );
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(p.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".part") || n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // No `exported` event was recorded for a bundle that does not exist.
    let c = show_json(&p.a, &ids[0]);
    assert!(
        c["custody"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "exported")
    );
}
