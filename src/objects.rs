//! Encrypted object files: where they live and how bytes flow into and out of them.
//!
//! Everything is streamed in fixed-size chunks: one read of the source feeds the SHA-256, the age
//! encryptor and (optionally) an observer, so a file of many GB goes in with flat memory.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

use crate::atomic;
use crate::progress::CancelToken;

/// Size of each read from a source file.
pub const CHUNK: usize = 1 << 20;

/// `objects/ab/ID.age` for item `ID` (`ab` = the ID's first two characters).
pub fn object_path(vault: &Path, id: &str) -> PathBuf {
    shard_path(vault, "objects", id)
}

/// `thumbs/ab/ID.age`.
pub fn thumb_path(vault: &Path, id: &str) -> PathBuf {
    shard_path(vault, "thumbs", id)
}

fn shard_path(vault: &Path, top: &str, id: &str) -> PathBuf {
    let shard = id.get(..2).unwrap_or("00");
    vault.join(top).join(shard).join(format!("{id}.age"))
}

/// A random 128-bit identifier in lowercase hex. Never derived from content, so a file name on
/// disk reveals nothing about the evidence.
pub fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    hex::encode(bytes)
}

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("could not read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("could not write into the vault at {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("encryption failed: {0}")]
    Encrypt(String),
    #[error("cancelled")]
    Cancelled,
}

/// A fully written, fsynced, encrypted temporary file, not yet in its final place.
pub struct SealedTemp {
    pub tmp: NamedTempFile,
    pub sha256: String,
    pub size: u64,
}

impl SealedTemp {
    /// Moves the object to `target` atomically (creating its shard directory).
    pub fn commit(self, target: &Path) -> io::Result<()> {
        if let Some(dir) = target.parent() {
            atomic::create_dir_durable(dir)?;
        }
        atomic::commit(self.tmp, target)
    }

    /// Renames the (already fsynced) file to `target`, creating its shard directory durably, but
    /// leaves the fsync of `target`'s directory to the caller, who makes many renames durable
    /// with one fsync per directory (`vault::commit`, which also checks that `target` does not
    /// exist yet).
    pub fn place_unsynced_dir(self, target: &Path) -> io::Result<()> {
        if let Some(dir) = target.parent() {
            atomic::create_dir_durable(dir)?;
        }
        self.tmp.persist(target).map_err(|e| e.error)?;
        Ok(())
    }
}

fn encryptor_for(recipients: &[&dyn age::Recipient]) -> Result<age::Encryptor, SealError> {
    age::Encryptor::with_recipients(recipients.iter().copied())
        .map_err(|e| SealError::Encrypt(e.to_string()))
}

/// Streams `src` into an encrypted temporary file in `staging_dir`, hashing the plaintext on the
/// way. `observe` sees every chunk (for progress, or to keep the head of an image).
pub fn seal_stream<R: Read>(
    mut src: R,
    src_path: &Path,
    staging_dir: &Path,
    recipients: &[&dyn age::Recipient],
    cancel: &CancelToken,
    mut observe: impl FnMut(&[u8]),
) -> Result<SealedTemp, SealError> {
    let werr = |source: io::Error| SealError::Write {
        path: staging_dir.to_owned(),
        source,
    };
    atomic::create_dir_durable(staging_dir).map_err(werr)?;
    let tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".part")
        .tempfile_in(staging_dir)
        .map_err(werr)?;
    let file = tmp.as_file().try_clone().map_err(werr)?;
    let mut writer = encryptor_for(recipients)?
        .wrap_output(BufWriter::with_capacity(CHUNK, file))
        .map_err(werr)?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; CHUNK];
    loop {
        if cancel.is_cancelled() {
            return Err(SealError::Cancelled);
        }
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Err(SealError::Read {
                    path: src_path.to_owned(),
                    source,
                });
            }
        };
        let chunk = &buf[..n];
        hasher.update(chunk);
        observe(chunk);
        writer.write_all(chunk).map_err(werr)?;
        size += n as u64;
    }
    let mut inner = writer.finish().map_err(werr)?;
    inner.flush().map_err(werr)?;
    drop(inner);
    tmp.as_file().sync_all().map_err(werr)?;
    Ok(SealedTemp {
        tmp,
        sha256: hex::encode(hasher.finalize()),
        size,
    })
}

/// Encrypts a small in-memory buffer (a thumbnail, a note) into a temporary file.
pub fn seal_bytes(
    bytes: &[u8],
    staging_dir: &Path,
    recipients: &[&dyn age::Recipient],
) -> Result<SealedTemp, SealError> {
    seal_stream(
        bytes,
        Path::new("(memory)"),
        staging_dir,
        recipients,
        &CancelToken::new(),
        |_| {},
    )
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("object file {path} is missing")]
    Missing { path: PathBuf },
    #[error("could not read {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path} is not a valid age file for this vault: {reason}")]
    Decrypt { path: PathBuf, reason: String },
}

/// A decrypting reader over an object file. Reads fail if the ciphertext was altered (age
/// authenticates every 64 KiB chunk), so no altered plaintext is ever handed out unnoticed.
pub type ObjectReader = age::stream::StreamReader<BufReader<File>>;

pub fn open_sealed(path: &Path, identity: &dyn age::Identity) -> Result<ObjectReader, OpenError> {
    let file = File::open(path).map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            OpenError::Missing {
                path: path.to_owned(),
            }
        } else {
            OpenError::Io {
                path: path.to_owned(),
                source,
            }
        }
    })?;
    let dec = age::Decryptor::new_buffered(BufReader::with_capacity(CHUNK, file)).map_err(|e| {
        OpenError::Decrypt {
            path: path.to_owned(),
            reason: e.to_string(),
        }
    })?;
    dec.decrypt(std::iter::once(identity))
        .map_err(|e| OpenError::Decrypt {
            path: path.to_owned(),
            reason: e.to_string(),
        })
}

/// Plaintext length of an age file, from its size: the header ends with the `---` MAC line, a
/// 16-byte nonce follows, then 64 KiB chunks each carrying a 16-byte tag (at least one chunk).
pub fn sealed_plaintext_len(path: &Path) -> io::Result<u64> {
    const CHUNK_PLAIN: u64 = 64 * 1024;
    const TAG: u64 = 16;
    let mut file = File::open(path)?;
    let total = file.metadata()?.len();
    let mut head = vec![0u8; 8192.min(total as usize)];
    file.read_exact(&mut head)?;
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "not an age file");
    let mac = head
        .windows(5)
        .position(|w| w == b"\n--- ")
        .ok_or_else(bad)?;
    let end = head[mac + 1..]
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(bad)?
        + mac
        + 2;
    let payload = total.checked_sub(end as u64 + 16).ok_or_else(bad)?;
    let chunks = payload.div_ceil(CHUNK_PLAIN + TAG).max(1);
    payload.checked_sub(chunks * TAG).ok_or_else(bad)
}

/// Reads a whole (small) sealed file into memory.
pub fn read_sealed(
    path: &Path,
    identity: &dyn age::Identity,
    limit: u64,
) -> Result<Vec<u8>, OpenError> {
    let mut r = open_sealed(path, identity)?.take(limit);
    let mut out = Vec::new();
    r.read_to_end(&mut out).map_err(|e| OpenError::Decrypt {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(out)
}

/// Decrypts an object and returns its SHA-256 and size, reading it once in chunks.
pub fn hash_sealed(
    path: &Path,
    identity: &dyn age::Identity,
    cancel: &CancelToken,
    mut on_bytes: impl FnMut(u64),
) -> Result<(String, u64), OpenError> {
    let mut r = open_sealed(path, identity)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        if cancel.is_cancelled() {
            break;
        }
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(OpenError::Decrypt {
                    path: path.to_owned(),
                    reason: e.to_string(),
                });
            }
        };
        hasher.update(&buf[..n]);
        size += n as u64;
        on_bytes(n as u64);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_round_trips_and_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let id = age::x25519::Identity::generate();
        let rcpt = id.to_public();
        let data = vec![42u8; 3 * CHUNK + 17];
        let sealed = seal_stream(
            &data[..],
            Path::new("x"),
            dir.path(),
            &[&rcpt],
            &CancelToken::new(),
            |_| {},
        )
        .unwrap();
        assert_eq!(sealed.size, data.len() as u64);
        assert_eq!(sealed.sha256, hex::encode(Sha256::digest(&data)));
        let target = object_path(dir.path(), "abcdef");
        sealed.commit(&target).unwrap();
        let back = read_sealed(&target, &id, u64::MAX).unwrap();
        assert_eq!(back, data);
        let (h, n) = hash_sealed(&target, &id, &CancelToken::new(), |_| {}).unwrap();
        assert_eq!(
            (h.as_str(), n),
            (
                hex::encode(Sha256::digest(&data)).as_str(),
                data.len() as u64
            )
        );
    }

    #[test]
    fn a_flipped_byte_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let id = age::x25519::Identity::generate();
        let rcpt = id.to_public();
        let data = vec![7u8; 200_000];
        let target = dir.path().join("o.age");
        seal_bytes(&data, dir.path(), &[&rcpt])
            .unwrap()
            .commit(&target)
            .unwrap();
        let mut raw = std::fs::read(&target).unwrap();
        let n = raw.len();
        raw[n - 100] ^= 1;
        std::fs::write(&target, raw).unwrap();
        assert!(hash_sealed(&target, &id, &CancelToken::new(), |_| {}).is_err());
    }

    #[test]
    fn plaintext_length_is_computed_from_the_file_size() {
        let dir = tempfile::tempdir().unwrap();
        let rcpt = age::x25519::Identity::generate().to_public();
        for n in [0usize, 1, 65_535, 65_536, 65_537, 3 * 65_536, 200_000] {
            let target = dir.path().join(format!("{n}.age"));
            seal_bytes(&vec![9u8; n], dir.path(), &[&rcpt])
                .unwrap()
                .commit(&target)
                .unwrap();
            assert_eq!(sealed_plaintext_len(&target).unwrap(), n as u64, "{n}");
        }
    }

    #[test]
    fn cancel_stops_sealing() {
        let dir = tempfile::tempdir().unwrap();
        let rcpt = age::x25519::Identity::generate().to_public();
        let c = CancelToken::new();
        c.cancel();
        let r = seal_stream(
            &[1u8; 10][..],
            Path::new("x"),
            dir.path(),
            &[&rcpt],
            &c,
            |_| {},
        );
        assert!(matches!(r, Err(SealError::Cancelled)));
    }
}
