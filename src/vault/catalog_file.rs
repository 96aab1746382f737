//! Catalog files — the base `catalog.age` and every `journal/SEQ.sql.age` segment — are standard
//! age files encrypted to the vault, whose header also carries a signature by the vault's custody
//! key over the SHA-256 of the plaintext.
//!
//! Why: anyone can encrypt to the vault's public recipient (it is in `vault.json`), so without a
//! signature a stranger with write access to the disk could slip in a segment or a whole catalog.
//! The signature travels in an extra header stanza (`-> evidence-vault-signature v1`), which stock
//! `age -d` ignores like any stanza it has no identity for, so recovery with stock tools still
//! works. The signature is an SSHSIG (namespace `evidence-vault-catalog`, SHA-512) over the 32-byte
//! SHA-256 of the plaintext, so it is checkable with `ssh-keygen -Y check-novalidate` too.

use std::collections::HashSet;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use age_core::format::{FileKey, Stanza};
use sha2::{Digest, Sha256};
use ssh_encoding::{Decode, Encode};
use ssh_key::{PublicKey, SshSig};
use tempfile::NamedTempFile;

use crate::atomic;
use crate::custody::Signer;
use crate::objects::CHUNK;

const STANZA_TAG: &str = "evidence-vault-signature";
const STANZA_VERSION: &str = "v1";
/// SSHSIG namespace of catalog-file signatures (distinct from custody events').
pub const CATALOG_SIG_NAMESPACE: &str = "evidence-vault-catalog";

#[derive(Debug, thiserror::Error)]
pub enum CatalogFileError {
    #[error("{path} is missing")]
    Missing { path: PathBuf },
    #[error("could not read {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path} cannot be decrypted with this vault's key ({reason})")]
    Decrypt { path: PathBuf, reason: String },
    #[error("{path} is damaged or was altered ({reason})")]
    Damaged { path: PathBuf, reason: String },
    #[error("{path} carries no signature of this vault: it was not written by this vault")]
    Unsigned { path: PathBuf },
    #[error(
        "{path}: its signature does not verify ({reason}): it was altered or not written by this vault"
    )]
    BadSignature { path: PathBuf, reason: String },
}

/// A pseudo-recipient that only adds the signature stanza to the header.
struct SignatureStanza(Vec<u8>);

impl age::Recipient for SignatureStanza {
    fn wrap_file_key(
        &self,
        _file_key: &FileKey,
    ) -> Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        Ok((
            vec![Stanza {
                tag: STANZA_TAG.to_owned(),
                args: vec![STANZA_VERSION.to_owned()],
                body: self.0.clone(),
            }],
            HashSet::new(),
        ))
    }
}

/// Wraps the vault's identity and remembers the signature stanza it sees in the header.
struct CapturingIdentity<'a> {
    inner: &'a dyn age::Identity,
    signature: Mutex<Option<Vec<u8>>>,
}

impl age::Identity for CapturingIdentity<'_> {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        self.inner.unwrap_stanza(stanza)
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, age::DecryptError>> {
        if let Some(s) = stanzas.iter().find(|s| {
            s.tag == STANZA_TAG && s.args.first().map(String::as_str) == Some(STANZA_VERSION)
        }) && let Ok(mut slot) = self.signature.lock()
        {
            *slot = Some(s.body.clone());
        }
        self.inner.unwrap_stanzas(stanzas)
    }
}

fn sign_digest(signer: &Signer, namespace: &str, digest: &[u8]) -> io::Result<Vec<u8>> {
    let sig = signer
        .sign_raw(namespace, digest)
        .map_err(|e| io::Error::other(format!("could not sign: {e}")))?;
    let mut out = Vec::new();
    sig.encode(&mut out)
        .map_err(|e| io::Error::other(format!("could not encode the signature: {e}")))?;
    Ok(out)
}

/// Encrypts `plaintext` to `recipient`, signed by `signer`, into a fsynced temporary file beside
/// `target` (the caller renames it into place).
pub fn write_signed_temp(
    target: &Path,
    plaintext: &[u8],
    recipient: &age::x25519::Recipient,
    signer: &Signer,
) -> io::Result<NamedTempFile> {
    write_signed_temp_ns(CATALOG_SIG_NAMESPACE, target, plaintext, recipient, signer)
}

/// [`write_signed_temp`] with the signature in another SSHSIG `namespace` (drafts use their own,
/// so that no signed file of one kind can ever pass for one of another kind). The plaintext is
/// streamed through the encryptor: the temporary file only ever holds ciphertext.
pub fn write_signed_temp_ns(
    namespace: &str,
    target: &Path,
    plaintext: &[u8],
    recipient: &age::x25519::Recipient,
    signer: &Signer,
) -> io::Result<NamedTempFile> {
    let digest = Sha256::digest(plaintext);
    let stanza = SignatureStanza(sign_digest(signer, namespace, &digest)?);
    let tmp = atomic::temp_beside(target)?;
    let file = tmp.as_file().try_clone()?;
    let recipients: [&dyn age::Recipient; 2] = [recipient, &stanza];
    let encryptor = age::Encryptor::with_recipients(recipients.into_iter())
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut w = encryptor.wrap_output(BufWriter::with_capacity(CHUNK, file))?;
    w.write_all(plaintext)?;
    let mut inner = w.finish()?;
    inner.flush()?;
    drop(inner);
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// A reader that hashes what it hands out.
pub struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    count: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

/// Decrypts the catalog file at `path`, hands its plaintext to `consume` as a stream, checks that
/// nothing follows what `consume` read, and then — when `signer` is given — that the header's
/// signature by that key covers exactly these bytes. Returns what `consume` made and the SHA-256 of
/// the plaintext. With `signer: None` (a format-1 catalog being migrated) no signature is needed.
pub fn read_signed<T>(
    path: &Path,
    identity: &dyn age::Identity,
    signer: Option<&PublicKey>,
    consume: impl FnOnce(&mut dyn Read) -> Result<T, String>,
) -> Result<(T, [u8; 32]), CatalogFileError> {
    read_signed_ns(CATALOG_SIG_NAMESPACE, path, identity, signer, consume)
}

/// [`read_signed`] for a file whose signature is in SSHSIG `namespace`.
pub fn read_signed_ns<T>(
    namespace: &str,
    path: &Path,
    identity: &dyn age::Identity,
    signer: Option<&PublicKey>,
    consume: impl FnOnce(&mut dyn Read) -> Result<T, String>,
) -> Result<(T, [u8; 32]), CatalogFileError> {
    let file = std::fs::File::open(path).map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            CatalogFileError::Missing {
                path: path.to_owned(),
            }
        } else {
            CatalogFileError::Io {
                path: path.to_owned(),
                source,
            }
        }
    })?;
    let damaged = |reason: String| CatalogFileError::Damaged {
        path: path.to_owned(),
        reason,
    };
    let dec = age::Decryptor::new_buffered(BufReader::with_capacity(CHUNK, file))
        .map_err(|e| damaged(e.to_string()))?;
    let capturing = CapturingIdentity {
        inner: identity,
        signature: Mutex::new(None),
    };
    let reader = dec
        .decrypt(std::iter::once(&capturing as &dyn age::Identity))
        .map_err(|e| CatalogFileError::Decrypt {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
    let mut hashing = HashingReader {
        inner: reader,
        hasher: Sha256::new(),
        count: 0,
    };
    let made = consume(&mut hashing).map_err(damaged)?;
    // Nothing may follow (this also makes age check the final chunk's tag and flag).
    let mut one = [0u8; 1];
    match hashing.read(&mut one) {
        Ok(0) => {}
        Ok(_) => return Err(damaged("longer than its content".into())),
        Err(e) => return Err(damaged(e.to_string())),
    }
    let digest: [u8; 32] = hashing.hasher.finalize().into();
    if let Some(key) = signer {
        let body = capturing
            .signature
            .lock()
            .ok()
            .and_then(|mut s| s.take())
            .ok_or_else(|| CatalogFileError::Unsigned {
                path: path.to_owned(),
            })?;
        let bad = |reason: String| CatalogFileError::BadSignature {
            path: path.to_owned(),
            reason,
        };
        let sig = SshSig::decode(&mut body.as_slice()).map_err(|e| bad(e.to_string()))?;
        if sig.public_key() != key.key_data() {
            return Err(bad("signed by another key".into()));
        }
        key.verify(namespace, &digest, &sig)
            .map_err(|e| bad(e.to_string()))?;
    }
    Ok((made, digest))
}

/// Reads a whole small catalog file (a journal segment) into memory.
pub fn read_signed_to_vec(
    path: &Path,
    identity: &dyn age::Identity,
    signer: &PublicKey,
    limit: u64,
) -> Result<(Vec<u8>, [u8; 32]), CatalogFileError> {
    read_signed(path, identity, Some(signer), |r| {
        let mut out = Vec::new();
        r.take(limit)
            .read_to_end(&mut out)
            .map_err(|e| e.to_string())?;
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeroize::Zeroizing;

    fn signer(n: u8) -> Signer {
        Signer::from_seed(&Zeroizing::new([n; 32]), "t")
    }

    fn write(dir: &Path, name: &str, data: &[u8], s: &Signer) -> (PathBuf, age::x25519::Identity) {
        let id = age::x25519::Identity::generate();
        let target = dir.join(name);
        let tmp = write_signed_temp(&target, data, &id.to_public(), s).unwrap();
        tmp.persist(&target).unwrap();
        (target, id)
    }

    #[test]
    fn signed_file_round_trips_and_checks_its_signer() {
        let d = tempfile::tempdir().unwrap();
        let s = signer(1);
        let (path, id) = write(d.path(), "c.age", b"hello catalog", &s);
        let key = PublicKey::from_openssh(s.public_key_openssh()).unwrap();
        let (back, digest) = read_signed_to_vec(&path, &id, &key, 1 << 20).unwrap();
        assert_eq!(back, b"hello catalog");
        assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(b"hello catalog")));
        let other = PublicKey::from_openssh(signer(2).public_key_openssh()).unwrap();
        assert!(matches!(
            read_signed_to_vec(&path, &id, &other, 1 << 20),
            Err(CatalogFileError::BadSignature { .. })
        ));
    }

    #[test]
    fn a_signature_in_another_namespace_does_not_verify() {
        let d = tempfile::tempdir().unwrap();
        let s = signer(1);
        let id = age::x25519::Identity::generate();
        let target = d.path().join("d.age");
        let tmp = write_signed_temp_ns(
            "evidence-vault-draft",
            &target,
            b"a draft",
            &id.to_public(),
            &s,
        )
        .unwrap();
        tmp.persist(&target).unwrap();
        let key = PublicKey::from_openssh(s.public_key_openssh()).unwrap();
        assert!(matches!(
            read_signed_to_vec(&target, &id, &key, 1 << 20),
            Err(CatalogFileError::BadSignature { .. })
        ));
        let (back, _) = read_signed_ns("evidence-vault-draft", &target, &id, Some(&key), |r| {
            let mut v = Vec::new();
            r.read_to_end(&mut v).map_err(|e| e.to_string())?;
            Ok(v)
        })
        .unwrap();
        assert_eq!(back, b"a draft");
    }

    #[test]
    fn a_plain_age_file_is_unsigned() {
        let d = tempfile::tempdir().unwrap();
        let id = age::x25519::Identity::generate();
        let path = d.path().join("plain.age");
        let sealed = crate::objects::seal_bytes(b"x", d.path(), &[&id.to_public()]).unwrap();
        sealed.commit(&path).unwrap();
        let key = PublicKey::from_openssh(signer(1).public_key_openssh()).unwrap();
        assert!(matches!(
            read_signed_to_vec(&path, &id, &key, 10),
            Err(CatalogFileError::Unsigned { .. })
        ));
        // Without a required signer (migration of a format-1 catalog) it reads.
        let (v, _) = read_signed(&path, &id, None, |r| {
            let mut s = Vec::new();
            r.read_to_end(&mut s).map_err(|e| e.to_string())?;
            Ok(s)
        })
        .unwrap();
        assert_eq!(v, b"x");
    }
}
