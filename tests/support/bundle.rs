//! Shared helpers for the bundle tests: run `evault`, make vaults, snapshot a vault's bytes,
//! open a bundle with the plain age API and rebuild hostile ones with the tar and age crates.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PASS: &str = "correct horse battery";

pub fn evault(args: &[&str]) -> Output {
    evault_env(args, &[])
}

pub fn evault_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_evault"));
    c.args(args).env("EVAULT_PASSPHRASE", PASS);
    c.env_remove("EVAULT_BUNDLE_PASSPHRASE");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run evault")
}

pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "evault failed ({:?}):\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn text(out: &Output) -> String {
    format!(
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Creates a vault and returns its age1 recipient.
pub fn init(dir: &Path, name: &str) -> String {
    let out = ok(&evault(&[
        "init",
        "--vault",
        dir.to_str().unwrap(),
        "--documenter",
        name,
        "--kdf-log-n",
        "10",
    ]));
    out.lines().last().unwrap().trim().to_owned()
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under the vault (but the lock file) with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() && e.file_name() != "vault.lock" {
            m.insert(
                e.path().strip_prefix(dir).unwrap().to_owned(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    m
}

/// A vault "A" with a few items, and a vault "B"; returns (A recipient, B recipient).
pub struct Pair {
    pub tmp: tempfile::TempDir,
    pub a: PathBuf,
    pub b: PathBuf,
    pub ra: String,
    pub rb: String,
}

pub fn pair() -> Pair {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("A");
    let b = tmp.path().join("B");
    let ra = init(&a, "Amal");
    let rb = init(&b, "Basel");
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let mut big = vec![0u8; 3 * 1024 * 1024 + 123];
    for (i, b) in big.iter_mut().enumerate() {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(src.join("video.bin"), &big).unwrap();
    std::fs::write(src.join("شهادة المخبز.txt"), "شاهد عيان".as_bytes()).unwrap();
    // A small real PNG, so import re-creates a thumbnail.
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    img.save(src.join("photo.png")).unwrap();
    ok(&evault(&[
        "add",
        "--vault",
        s(&a),
        "--case",
        "bakery",
        "--tag",
        "airstrike",
        s(&src),
    ]));
    ok(&evault(&[
        "note",
        "--vault",
        s(&a),
        "--title",
        "Witness statement",
        "--body",
        "The bakery was hit at 06:10.",
    ]));
    Pair { tmp, a, b, ra, rb }
}

/// Exports everything in `vault` to `to`; returns the bundle path.
pub fn export_to(p: &Pair, vault: &Path, to: &str, name: &str) -> PathBuf {
    let out = p.tmp.path().join(name);
    ok(&evault(&[
        "export",
        "--vault",
        s(vault),
        "--out",
        s(&out),
        "--to",
        to,
    ]));
    out
}

/// The vault's age identity, via the library (the test knows the passphrase).
pub fn vault_identity(dir: &Path) -> age::x25519::Identity {
    let info = evidence_vault::read_info(dir).unwrap();
    let sealed = std::fs::read(dir.join("keys.age")).unwrap();
    let keys = evidence_vault::keys::VaultKeys::open(
        &info.vault_id,
        &sealed,
        &evidence_vault::SecretString::from(PASS.to_owned()),
    )
    .unwrap();
    keys.identity
}

/// Decrypts a bundle with the plain age API.
pub fn decrypt(bundle: &Path, id: &dyn age::Identity) -> Vec<u8> {
    let f = std::fs::File::open(bundle).unwrap();
    let d = age::Decryptor::new(std::io::BufReader::new(f)).unwrap();
    let mut r = d.decrypt(std::iter::once(id)).unwrap();
    let mut out = Vec::new();
    r.read_to_end(&mut out).unwrap();
    out
}

/// Entries (name, bytes) of a tar, in order.
pub fn entries(tar_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut a = tar::Archive::new(tar_bytes);
    let mut out = Vec::new();
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let name = String::from_utf8(e.path_bytes().into_owned()).unwrap();
        let mut b = Vec::new();
        e.read_to_end(&mut b).unwrap();
        out.push((name, b));
    }
    out
}

/// One raw tar entry: name bytes are written as given (no safety checks), any type.
pub struct Raw {
    pub name: Vec<u8>,
    pub kind: tar::EntryType,
    pub data: Vec<u8>,
    pub link: Option<Vec<u8>>,
    /// Size to claim in the header (default: data length).
    pub claim: Option<u64>,
}

pub fn file(name: &str, data: &[u8]) -> Raw {
    Raw {
        name: name.as_bytes().to_vec(),
        kind: tar::EntryType::Regular,
        data: data.to_vec(),
        link: None,
        claim: None,
    }
}

/// Builds a tar with names written straight into the header (GNU long names when needed).
pub fn build_tar(entries: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        if e.name.len() > 99 {
            let mut h = tar::Header::new_gnu();
            h.as_gnu_mut().unwrap().name[..13].copy_from_slice(b"././@LongLink");
            h.set_entry_type(tar::EntryType::GNULongName);
            let mut n = e.name.clone();
            n.push(0);
            h.set_size(n.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            out.extend_from_slice(h.as_bytes());
            out.extend_from_slice(&n);
            pad(&mut out);
        }
        let mut h = tar::Header::new_gnu();
        let k = e.name.len().min(99);
        h.as_gnu_mut().unwrap().name[..k].copy_from_slice(&e.name[..k]);
        h.set_entry_type(e.kind);
        h.set_mode(0o644);
        h.set_size(e.claim.unwrap_or(e.data.len() as u64));
        if let Some(l) = &e.link {
            h.as_gnu_mut().unwrap().linkname[..l.len()].copy_from_slice(l);
        }
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(&e.data);
        pad(&mut out);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

fn pad(out: &mut Vec<u8>) {
    while !out.len().is_multiple_of(512) {
        out.push(0);
    }
}

pub fn encrypt_to(plain: &[u8], recipient: &str, dest: &Path) {
    let r: age::x25519::Recipient = recipient.parse().unwrap();
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).unwrap();
    w.write_all(plain).unwrap();
    w.finish().unwrap();
    std::fs::write(dest, out).unwrap();
}

pub fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

/// Rewrites the tagmanifest for edited tag files and re-signs it with `signer` (an attacker's
/// key, or None to leave the original signature in place).
pub fn reseal(files: &mut [(String, Vec<u8>)], signer: Option<&evidence_vault::custody::Signer>) {
    let get = |files: &[(String, Vec<u8>)], n: &str| {
        files
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let mut tm = String::new();
    // Every tag file present but the manifest and its signature (incidents.jsonl, say).
    let names: Vec<String> = files
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| {
            !n.starts_with("data/") && n != "tagmanifest-sha256.txt" && n != "evidence/manifest.sig"
        })
        .collect();
    for n in names.iter().map(String::as_str) {
        let data = if n == "evidence/signer.pub" {
            match signer {
                Some(s) => format!("{}\n", s.public_key_with_comment()).into_bytes(),
                None => get(files, n),
            }
        } else {
            get(files, n)
        };
        tm.push_str(&format!("{}  {n}\n", sha256_hex(&data)));
    }
    for (k, v) in files.iter_mut() {
        match k.as_str() {
            "tagmanifest-sha256.txt" => *v = tm.clone().into_bytes(),
            "evidence/signer.pub" => {
                if let Some(s) = signer {
                    *v = format!("{}\n", s.public_key_with_comment()).into_bytes();
                }
            }
            "evidence/manifest.sig" => {
                if let Some(s) = signer {
                    *v = s.sign(tm.as_bytes()).unwrap().into_bytes();
                }
            }
            _ => {}
        }
    }
}

pub fn attacker() -> evidence_vault::custody::Signer {
    evidence_vault::custody::Signer::from_seed(&zeroize::Zeroizing::new([9u8; 32]), "mallory")
}

pub fn raw_files(files: &[(String, Vec<u8>)]) -> Vec<Raw> {
    files.iter().map(|(n, d)| file(n, d)).collect()
}
