//! The vault is standard age all the way down: with only the passphrase, the age crate's plain
//! API (and the stock `age` CLI, see tests/interop/stock-age.sh) recovers the identity, every
//! original and the catalog, which opens in SQLite.

use crate::support::cli::*;
use std::fs;
use std::io::Read;
use std::str::FromStr;

#[test]
fn keys_objects_and_catalog_decrypt_with_plain_age_and_open_in_sqlite() {
    let (dir, vault) = new_vault();
    let f = dir.path().join("testimony.txt");
    fs::write(&f, "the bakery was hit at dawn").unwrap();
    let o = run(&["add", "--vault", v(&vault), v(&f)]);
    assert_ok(&o);
    let (id, sha, _) = added(&o)[0].clone();

    // keys.age with the passphrase (scrypt recipient).
    let enc = fs::read(vault.join("keys.age")).unwrap();
    let dec = age::Decryptor::new(&enc[..]).unwrap();
    assert!(dec.is_scrypt());
    let pass = age::scrypt::Identity::new(evidence_vault::SecretString::from(PASS.to_owned()));
    let mut identity_file = String::new();
    dec.decrypt(std::iter::once(&pass as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut identity_file)
        .unwrap();
    let line = identity_file
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap();
    let identity = age::x25519::Identity::from_str(line).unwrap();
    let info: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(vault.join("vault.json")).unwrap()).unwrap();
    assert_eq!(
        identity.to_public().to_string(),
        info["recipient"].as_str().unwrap()
    );

    let decrypt = |path: &std::path::Path| -> Vec<u8> {
        let enc = fs::read(path).unwrap();
        let dec = age::Decryptor::new(&enc[..]).unwrap();
        let mut out = Vec::new();
        dec.decrypt(std::iter::once(&identity as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        out
    };
    let object = decrypt(
        &vault
            .join("objects")
            .join(&id[..2])
            .join(format!("{id}.age")),
    );
    assert_eq!(object, b"the bakery was hit at dawn");
    assert_eq!(sha256_hex(&object), sha);

    let catalog = decrypt(&vault.join("catalog.age"));
    let db = dir.path().join("catalog.sqlite");
    fs::write(&db, &catalog).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    // Then each journal segment, in order: plain SQL.
    let mut segments: Vec<_> = fs::read_dir(vault.join("journal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    segments.sort();
    assert!(!segments.is_empty(), "the add is a journal segment");
    for s in &segments {
        let sql = String::from_utf8(decrypt(s)).unwrap();
        conn.execute_batch(&sql).unwrap();
    }
    let (got_id, got_sha): (String, String) = conn
        .query_row("SELECT id, sha256 FROM items", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((got_id, got_sha), (id, sha));
    let events: i64 = conn
        .query_row("SELECT count(*) FROM custody", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 1);
    assert!(catalog.starts_with(b"SQLite format 3\0"));
}

#[test]
fn stock_age_cli_script_passes() {
    // Runs tests/interop/stock-age.sh, which drives /usr/bin/age and sqlite3 as a recipient would.
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/stock-age.sh");
    let o = std::process::Command::new("bash")
        .arg(script)
        .env("EVAULT", env!("CARGO_BIN_EXE_evault"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "stock-age.sh failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
}
