//! Fixity and custody verification catch every alteration and name the item.

use crate::support::cli::*;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn object_of(vault: &Path, id: &str) -> PathBuf {
    vault
        .join("objects")
        .join(&id[..2])
        .join(format!("{id}.age"))
}

fn vault_with_items(dir: &Path, vault: &Path) -> Vec<(String, String, String)> {
    let src = dir.join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(
        src.join("photo.jpg"),
        with_exif(&jpeg(400, 300, 3), 35.95, 39.01, 1),
    )
    .unwrap();
    fs::write(src.join("video.mp4"), vec![0x11u8; 700_000]).unwrap();
    fs::write(src.join("statement.txt"), "statement of a witness").unwrap();
    let o = run(&["add", "--vault", v(vault), v(&src)]);
    assert_ok(&o);
    added(&o)
}

#[test]
fn a_clean_vault_verifies_and_records_it() {
    let (dir, vault) = new_vault();
    let items = vault_with_items(dir.path(), &vault);
    let o = run(&["verify", "--vault", v(&vault), "--json"]);
    assert_ok(&o);
    let summary = json_lines(&o)
        .into_iter()
        .find(|l| l["summary"] == true)
        .unwrap();
    assert_eq!(summary["ok"], true);
    assert_eq!(summary["items_checked"], 3);
    let o = run(&["show", "--vault", v(&vault), &items[0].0, "--json"]);
    let custody = json_lines(&o)[0]["custody"].as_array().unwrap().clone();
    assert_eq!(custody.last().unwrap()["action"], "verified");
    assert_eq!(custody.last().unwrap()["details"]["result"], "ok");
}

#[test]
fn flipping_one_byte_of_any_object_fails_verify_naming_the_item() {
    let (dir, vault) = new_vault();
    let items = vault_with_items(dir.path(), &vault);
    for (id, _, path) in &items {
        let obj = object_of(&vault, id);
        let original = fs::read(&obj).unwrap();
        // Flip a byte in the header, the middle and the last chunk.
        for pos in [30, original.len() / 2, original.len() - 5] {
            let mut bytes = original.clone();
            bytes[pos] ^= 0x01;
            fs::write(&obj, &bytes).unwrap();
            let o = run(&["verify", "--vault", v(&vault)]);
            assert_eq!(code(&o), 1, "{path} byte {pos}: {}", stdout(&o));
            assert!(stdout(&o).contains(id.as_str()), "{path}: {}", stdout(&o));
            let others: Vec<_> = items.iter().filter(|(i, _, _)| i != id).collect();
            for (other, _, _) in others {
                assert!(
                    !stdout(&o)
                        .lines()
                        .any(|l| l.starts_with("FAIL") && l.contains(other.as_str())),
                    "{}",
                    stdout(&o)
                );
            }
        }
        fs::write(&obj, &original).unwrap();
    }
    // Extraction refuses to hand out an altered object.
    let (id, _, _) = &items[1];
    let obj = object_of(&vault, id);
    let mut bytes = fs::read(&obj).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x80;
    fs::write(&obj, &bytes).unwrap();
    let out = dir.path().join("out.bin");
    let o = run(&["extract", "--vault", v(&vault), id, "--out", v(&out)]);
    assert_eq!(code(&o), 2);
    assert!(!out.exists(), "no partial plaintext may be left behind");
}

#[test]
fn a_missing_object_and_a_damaged_thumbnail_are_reported() {
    let (dir, vault) = new_vault();
    let items = vault_with_items(dir.path(), &vault);
    let photo = items.iter().find(|i| i.2.ends_with("photo.jpg")).unwrap();
    let thumb = vault
        .join("thumbs")
        .join(&photo.0[..2])
        .join(format!("{}.age", photo.0));
    let mut t = fs::read(&thumb).unwrap();
    let n = t.len();
    t[n - 3] ^= 4;
    fs::write(&thumb, t).unwrap();
    let video = items.iter().find(|i| i.2.ends_with("video.mp4")).unwrap();
    fs::rename(object_of(&vault, &video.0), dir.path().join("moved-away")).unwrap();
    let o = run(&["verify", "--vault", v(&vault), "--json"]);
    assert_eq!(code(&o), 1);
    let lines = json_lines(&o);
    assert!(
        lines
            .iter()
            .any(|l| l["item"] == video.0.as_str() && l["problem"] == "missing"),
        "{}",
        stdout(&o)
    );
    assert!(
        lines
            .iter()
            .any(|l| l["item"] == photo.0.as_str() && l["problem"] == "thumbnail"),
        "{}",
        stdout(&o)
    );
}

/// Decrypts the catalog with the vault's identity, lets `edit` change the SQLite database as an
/// attacker holding the keys could, and writes it back encrypted to the vault.
fn tamper_catalog(vault: &Path, edit: impl FnOnce(&rusqlite::Connection)) {
    let identity = identity_of(vault);
    let enc = fs::read(vault.join("catalog.age")).unwrap();
    let dec = age::Decryptor::new(&enc[..]).unwrap();
    let mut image = Vec::new();
    dec.decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut image)
        .unwrap();
    let tmp = tempfile::NamedTempFile::new().unwrap();
    fs::write(tmp.path(), &image).unwrap();
    {
        let conn = rusqlite::Connection::open(tmp.path()).unwrap();
        conn.execute_batch("DROP TRIGGER custody_no_update; DROP TRIGGER custody_no_delete;")
            .unwrap();
        edit(&conn);
        conn.execute_batch(
            "CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody BEGIN SELECT RAISE(ABORT, 'x'); END;
             CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody BEGIN SELECT RAISE(ABORT, 'x'); END;",
        )
        .unwrap();
    }
    let image = fs::read(tmp.path()).unwrap();
    let recipient = identity.to_public();
    let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .unwrap();
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).unwrap();
    w.write_all(&image).unwrap();
    w.finish().unwrap();
    fs::write(vault.join("catalog.age"), out).unwrap();
}

pub fn identity_of(vault: &Path) -> age::x25519::Identity {
    let enc = fs::read(vault.join("keys.age")).unwrap();
    let dec = age::Decryptor::new(&enc[..]).unwrap();
    let id = age::scrypt::Identity::new(evidence_vault::SecretString::from(PASS.to_owned()));
    let mut text = String::new();
    dec.decrypt(std::iter::once(&id as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    age::x25519::Identity::from_str(line).unwrap()
}

#[test]
fn a_catalog_or_segment_rewritten_without_the_vault_key_is_refused() {
    // Anyone can encrypt to the vault's public recipient, so a forged catalog would decrypt fine:
    // the signature in its header is what gives it away, whatever was changed inside.
    let (dir, vault) = new_vault();
    let items = vault_with_items(dir.path(), &vault);
    let (id, _, _) = items[0].clone();
    assert_ok(&run(&["compact", "--vault", v(&vault)]));
    assert_ok(&run(&["verify", "--vault", v(&vault)]));
    assert_ok(&run(&["compact", "--vault", v(&vault)]));
    let pristine = fs::read(vault.join("catalog.age")).unwrap();
    let tampers: [(&str, &str); 3] = [
        (
            "a title rewritten",
            "UPDATE items SET title = 'forged' WHERE id = ?1",
        ),
        (
            "the recorded hash swapped",
            "UPDATE items SET sha256 = '0000' WHERE id = ?1",
        ),
        (
            "an item removed",
            "DELETE FROM tags WHERE num IN (SELECT num FROM items WHERE id = ?1)",
        ),
    ];
    for (what, sql) in tampers {
        fs::write(vault.join("catalog.age"), &pristine).unwrap();
        tamper_catalog(&vault, |c| {
            c.execute(sql, [&id]).unwrap();
        });
        let forged = fs::read(vault.join("catalog.age")).unwrap();
        let o = run(&["verify", "--vault", v(&vault)]);
        assert_eq!(code(&o), 2, "{what}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("catalog.age") && stderr(&o).contains("signature"),
            "{what}: {}",
            stderr(&o)
        );
        assert_eq!(
            fs::read(vault.join("catalog.age")).unwrap(),
            forged,
            "{what}: nothing rewritten"
        );
    }
    fs::write(vault.join("catalog.age"), &pristine).unwrap();
    assert_ok(&run(&["verify", "--vault", v(&vault)]));
}
