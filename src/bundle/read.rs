//! The streaming reader and validator shared by inspect and import.
//!
//! Decrypts the bundle, walks the tar entry by entry, checks every header (type, path, size)
//! before touching its data, keeps the tag files in memory, hands each payload to a
//! [`PayloadSink`] (inspect: hash it; import: hash it while re-encrypting it into staging),
//! reads the age stream to its authenticated end, and then validates the whole bag.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use sha2::{Digest, Sha256};
use ssh_key::{HashAlg, PublicKey, SshSig};

use super::incidents::{IncidentIn, read_incidents};
use super::layout::{self, EntryKind, NameSet};
use super::report::{BagReport, ItemReport, ItemStatus};
use crate::custody::{CustodyEvent, SIG_NAMESPACE, verify_chain};
use crate::incident::is_incident_action;
use crate::objects::CHUNK;
use crate::progress::{CancelToken, NoProgress, Progress, ProgressSink};

/// The keys tried on a bundle, in order.
#[derive(Default)]
pub struct BundleKey {
    identities: Vec<Box<dyn age::Identity>>,
    passphrase: Option<SecretString>,
}

#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error("could not read the bundle {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("could not read the identity file {path}: {reason}")]
    Identity { path: PathBuf, reason: String },
    /// An age file, but none of the keys tried opens it (or, for a passphrase bundle, the
    /// passphrase is wrong).
    #[error("{}", no_matching_key(path, *passphrase))]
    NoMatchingKey { path: PathBuf, passphrase: bool },
    #[error(
        "{path} is encrypted to a passphrase; give it (EVAULT_BUNDLE_PASSPHRASE or the prompt)"
    )]
    NeedPassphrase { path: PathBuf },
    /// The file is not an age file at all (binary or ASCII-armoured), so not a bundle: a finding
    /// about the file, not damage and not a key problem.
    #[error("{path} is not an Evidence Vault bundle ({reason}); nothing was imported")]
    NotABundle {
        path: PathBuf,
        reason: NotBundleReason,
    },
    #[error("cancelled")]
    Cancelled,
}

impl InspectError {
    /// True when the error is a verdict on the file (it is not a bundle) rather than a failure
    /// to check it; the CLI exits 1 for these, as for an invalid bundle.
    pub fn is_finding(&self) -> bool {
        matches!(self, InspectError::NotABundle { .. })
    }
}

fn no_matching_key(path: &Path, passphrase: bool) -> String {
    if passphrase {
        format!(
            "the passphrase does not open {}: wrong passphrase (or its age header is damaged)",
            path.display()
        )
    } else {
        format!(
            "none of the given keys opens {}: it is not encrypted to this vault's key or the identity given (or its age header is damaged)",
            path.display()
        )
    }
}

/// Why a file is not a bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotBundleReason {
    #[error("it is empty")]
    Empty,
    #[error("it is not an age-encrypted file")]
    NotAgeFile,
}

impl BundleKey {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the vault's own age identity.
    pub fn add_vault(&mut self, vault: &crate::vault::Vault) {
        self.identities.push(Box::new(vault.age_identity()));
    }

    /// Adds an age X25519 identity (e.g. the vault's own key).
    pub fn add_x25519(&mut self, id: age::x25519::Identity) {
        self.identities.push(Box::new(id));
    }

    /// Adds the identities in a file: an age identity file (`AGE-SECRET-KEY-1…` lines) or an
    /// unencrypted OpenSSH private key (ed25519 or RSA).
    pub fn add_identity_file(&mut self, path: &Path) -> Result<(), InspectError> {
        let bad = |reason: String| InspectError::Identity {
            path: path.to_owned(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        if bytes.len() > 1 << 20 {
            return Err(bad("too large to be a key file".into()));
        }
        let text = String::from_utf8_lossy(&bytes);
        if text.contains("-----BEGIN") {
            let id = age::ssh::Identity::from_buffer(&bytes[..], Some(path.display().to_string()))
                .map_err(|e| bad(e.to_string()))?;
            match id {
                age::ssh::Identity::Unencrypted(_) => {
                    self.identities.push(Box::new(id));
                    Ok(())
                }
                age::ssh::Identity::Encrypted(_) => Err(bad(
                    "passphrase-protected SSH keys are not supported; use an unprotected copy or an age identity".into(),
                )),
                age::ssh::Identity::Unsupported(k) => Err(bad(format!("unsupported SSH key: {k:?}"))),
            }
        } else {
            let file =
                age::IdentityFile::from_buffer(&bytes[..]).map_err(|e| bad(e.to_string()))?;
            let ids = file.into_identities().map_err(|e| bad(e.to_string()))?;
            if ids.is_empty() {
                return Err(bad("no identities in the file".into()));
            }
            self.identities.extend(ids);
            Ok(())
        }
    }

    pub fn set_passphrase(&mut self, p: SecretString) {
        self.passphrase = Some(p);
    }
}

/// Is this bundle encrypted to a passphrase (so the caller should ask for one)?
///
/// Fails with [`InspectError::NotABundle`] when the file is not an age file at all, so a caller
/// can say so before asking for any key. A damaged age header answers `false` (the read that
/// follows reports the damage).
pub fn needs_passphrase(path: &Path) -> Result<bool, InspectError> {
    let file = File::open(path).map_err(|source| InspectError::Io {
        path: path.to_owned(),
        source,
    })?;
    let (input, _) = age_input(path, BufReader::new(file))?;
    Ok(age::Decryptor::new_buffered(input)
        .map(|d| d.is_scrypt())
        .unwrap_or(false))
}

/// The first bytes of every binary age file (`age-encryption.org/v1` for version 1).
const AGE_MAGIC: &[u8] = b"age-encryption.org/";
/// The first line of an ASCII-armoured age file (`age -a`): strict PEM, 64 columns, no headers.
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
/// Whitespace allowed before the armour's first line (a pasted file may start with a newline).
const ARMOR_MAX_LEADING_WHITESPACE: usize = 1024;

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Binary,
    Armored,
    NotAge(NotBundleReason),
}

fn classify(head: &[u8], eof: bool) -> Encoding {
    if head.is_empty() {
        return Encoding::NotAge(NotBundleReason::Empty);
    }
    // A file cut short inside the magic is still an age file (damaged, reported as such).
    if head.starts_with(AGE_MAGIC) || (eof && head.len() >= 8 && AGE_MAGIC.starts_with(head)) {
        return Encoding::Binary;
    }
    let ws = head.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if ws <= ARMOR_MAX_LEADING_WHITESPACE && head[ws..].starts_with(ARMOR_BEGIN) {
        return Encoding::Armored;
    }
    Encoding::NotAge(NotBundleReason::NotAgeFile)
}

/// Opens the bytes of a bundle file for age: binary age passes through, ASCII armour is decoded
/// on the fly (by age's `ArmoredReader`), anything else is [`InspectError::NotABundle`].
/// `reader` should be the file's own bytes (hashed beneath, if the caller wants its SHA-256).
/// Returns the reader and whether the file is armoured.
fn age_input<R: BufRead + 'static>(
    path: &Path,
    mut reader: R,
) -> Result<(Box<dyn BufRead>, bool), InspectError> {
    let want = ARMOR_MAX_LEADING_WHITESPACE + ARMOR_BEGIN.len();
    let mut head = Vec::with_capacity(want);
    let eof = loop {
        if head.len() >= want {
            break false;
        }
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Err(InspectError::Io {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        if buf.is_empty() {
            break true;
        }
        let n = buf.len().min(want - head.len());
        head.extend_from_slice(&buf[..n]);
        reader.consume(n);
    };
    let encoding = classify(&head, eof);
    match encoding {
        Encoding::Binary => Ok((Box::new(io::Cursor::new(head).chain(reader)), false)),
        Encoding::Armored => {
            // age's own strict armour reader; the whitespace a pasted file may start with is
            // skipped first (the Go age allows it too).
            let ws = head.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let input = io::Cursor::new(head.split_off(ws)).chain(reader);
            Ok((
                Box::new(BufReader::with_capacity(
                    CHUNK,
                    age::armor::ArmoredReader::new(input),
                )),
                true,
            ))
        }
        Encoding::NotAge(reason) => Err(InspectError::NotABundle {
            path: path.to_owned(),
            reason,
        }),
    }
}

/// One item line of `items.jsonl`, with the fields the checks need and the rest kept as JSON.
#[derive(Clone, Debug)]
pub(crate) struct ItemIn {
    pub id: String,
    pub sha256: String,
    pub size: u64,
    pub path: String,
    pub json: serde_json::Value,
}

/// A payload as it came out of the tar.
pub(crate) struct PayloadSeen<S> {
    pub path: String,
    pub item_id: String,
    pub sha256: String,
    pub size: u64,
    pub staged: S,
}

/// Errors a sink reports while taking a payload.
pub(crate) enum SinkError {
    /// The bundle stream itself failed (damaged or truncated ciphertext).
    Stream(String),
    /// Our side failed (e.g. the vault's disk is full).
    Local(String),
    Cancelled,
}

/// Where payload bytes go.
pub(crate) trait PayloadSink {
    type Staged;
    /// Reads `data` to its end; returns its SHA-256, its length and whatever was staged.
    fn take(
        &mut self,
        item: Option<&ItemIn>,
        data: &mut dyn Read,
    ) -> Result<(String, u64, Self::Staged), SinkError>;
}

/// Inspect's sink: hash and forget.
pub(crate) struct HashSink<'a> {
    pub cancel: &'a CancelToken,
}

impl PayloadSink for HashSink<'_> {
    type Staged = ();
    fn take(
        &mut self,
        _item: Option<&ItemIn>,
        data: &mut dyn Read,
    ) -> Result<(String, u64, ()), SinkError> {
        let (sha, n) = pipe(data, self.cancel, |r| {
            let mut h = Sha256::new();
            let mut buf = vec![0u8; CHUNK];
            let mut n_total = 0u64;
            loop {
                let n = match r.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(SinkError::Stream(e.to_string())),
                };
                h.update(&buf[..n]);
                n_total += n as u64;
            }
            Ok((hex::encode(h.finalize()), n_total))
        })??;
        Ok((sha, n, ()))
    }
}

/// Streams `data` (decrypted from the bundle on this thread) through a bounded channel to
/// `consumer` on a second thread (hashing, re-encrypting), so both cores work. The consumer sees
/// a clean end only when `data` ended cleanly; a read error here is returned as a stream error.
pub(crate) fn pipe<T: Send>(
    data: &mut dyn Read,
    cancel: &CancelToken,
    consumer: impl FnOnce(&mut dyn Read) -> T + Send,
) -> Result<T, SinkError> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Option<Vec<u8>>>(4);
        let worker = scope.spawn(move || {
            let mut r = ChanReader {
                rx,
                chunk: Vec::new(),
                pos: 0,
                ended: false,
            };
            consumer(&mut r)
        });
        let mut result: Result<(), SinkError> = Ok(());
        'outer: loop {
            if cancel.is_cancelled() {
                result = Err(SinkError::Cancelled);
                break;
            }
            let mut buf = vec![0u8; CHUNK];
            let mut filled = 0;
            while filled < buf.len() {
                match data.read(&mut buf[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        result = Err(SinkError::Stream(e.to_string()));
                        break 'outer;
                    }
                }
            }
            if filled == 0 {
                let _ = tx.send(None);
                break;
            }
            buf.truncate(filled);
            if tx.send(Some(buf)).is_err() {
                break; // the consumer stopped; its result says why
            }
        }
        drop(tx);
        let out = worker
            .join()
            .map_err(|_| SinkError::Local("a worker thread failed".into()))?;
        result.map(|()| out)
    })
}

struct ChanReader {
    rx: std::sync::mpsc::Receiver<Option<Vec<u8>>>,
    chunk: Vec<u8>,
    pos: usize,
    ended: bool,
}

impl Read for ChanReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.pos < self.chunk.len() {
                let n = buf.len().min(self.chunk.len() - self.pos);
                buf[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.ended {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Some(c)) => {
                    self.chunk = c;
                    self.pos = 0;
                }
                Ok(None) => self.ended = true,
                Err(_) => return Err(io::Error::other("the bundle stream stopped early")),
            }
        }
    }
}

/// Everything read from the bundle, validated.
pub(crate) struct BagRead<S> {
    pub report: BagReport,
    pub items: Vec<ItemIn>,
    /// Custody events of items grouped into chains (by the event's item ID, in file order).
    pub chains: Vec<Vec<CustodyEvent>>,
    /// The bundle's incidents, each verified against its chains.
    pub incidents: Vec<IncidentIn>,
    pub payloads: Vec<PayloadSeen<S>>,
    /// A local failure (our disk, cancellation) as opposed to a finding about the bundle.
    pub local_error: Option<String>,
}

/// Reads a file, hashing it on the way (the bundle's SHA-256 comes for free).
struct HashReader<R> {
    inner: R,
    hasher: std::sync::Arc<std::sync::Mutex<Sha256>>,
}

impl<R: Read> Read for HashReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut h) = self.hasher.lock() {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// Decrypts and reads the whole bundle through `sink`, then validates it.
pub(crate) fn read_bundle<S: PayloadSink>(
    path: &Path,
    key: &BundleKey,
    sink: &mut S,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<BagRead<S::Staged>, InspectError> {
    let ioerr = |source| InspectError::Io {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(ioerr)?;
    let bundle_size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut report = BagReport::default();
    let empty = |report: BagReport| BagRead {
        report,
        items: Vec::new(),
        chains: Vec::new(),
        incidents: Vec::new(),
        payloads: Vec::new(),
        local_error: None,
    };
    let file_hash = std::sync::Arc::new(std::sync::Mutex::new(Sha256::new()));
    // The hash is taken beneath the armour decoder: it is of the file's bytes as on disk.
    let hashing = HashReader {
        inner: file,
        hasher: file_hash.clone(),
    };
    let (input, armored) = age_input(path, BufReader::with_capacity(CHUNK, hashing))?;
    let dec = match age::Decryptor::new_buffered(input) {
        Ok(d) => d,
        Err(e) => {
            report.problems.push(format!(
                "the bundle is an age file, but its header is damaged or unreadable: {e}"
            ));
            return Ok(empty(report));
        }
    };
    let scrypt_id;
    let mut ids: Vec<&dyn age::Identity> = Vec::new();
    let scrypt = dec.is_scrypt();
    if scrypt {
        let Some(p) = &key.passphrase else {
            return Err(InspectError::NeedPassphrase {
                path: path.to_owned(),
            });
        };
        let mut id = age::scrypt::Identity::new(p.clone());
        id.set_max_work_factor(crate::keys::MAX_KDF_LOG_N);
        scrypt_id = id;
        ids.push(&scrypt_id);
    } else {
        ids.extend(
            key.identities
                .iter()
                .map(|b| b.as_ref() as &dyn age::Identity),
        );
    }
    let stream = match dec.decrypt(ids.into_iter()) {
        Ok(s) => s,
        Err(age::DecryptError::NoMatchingKeys) => {
            return Err(InspectError::NoMatchingKey {
                path: path.to_owned(),
                passphrase: scrypt,
            });
        }
        Err(age::DecryptError::DecryptionFailed) if scrypt => {
            return Err(InspectError::NoMatchingKey {
                path: path.to_owned(),
                passphrase: true,
            });
        }
        Err(e) => {
            report.problems.push(format!(
                "the bundle cannot be decrypted (its age header is damaged?): {e}"
            ));
            return Ok(empty(report));
        }
    };

    let mut prog = Progress::new("reading bundle");
    // Progress counts payload bytes; armour makes the file a third larger than the age stream.
    prog.bytes_total = if armored {
        bundle_size / 4 * 3
    } else {
        bundle_size
    };
    progress.update(&prog);

    let mut archive = tar::Archive::new(stream);
    let mut tags: HashMap<&'static str, Vec<u8>> = HashMap::new();
    // A later version's tag files: checked against the signed tag manifest, otherwise unused.
    let mut extra_tags: Vec<(String, Vec<u8>)> = Vec::new();
    let mut payloads: Vec<PayloadSeen<S::Staged>> = Vec::new();
    let mut names = NameSet::default();
    let mut items_early: Option<HashMap<String, ItemIn>> = None;
    let mut local_error: Option<String> = None;
    let mut size_conflicts: HashMap<String, (u64, u64)> = HashMap::new();
    let mut fatal = false;
    let mut count = 0usize;
    {
        let entries = match archive.entries() {
            Ok(e) => e,
            Err(e) => {
                report.problems.push(format!("not a tar archive: {e}"));
                return Ok(empty(report));
            }
        };
        for entry in entries {
            if cancel.is_cancelled() {
                return Err(InspectError::Cancelled);
            }
            let mut entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    report
                        .problems
                        .push(format!("the bundle stream is damaged or truncated: {e}"));
                    fatal = true;
                    break;
                }
            };
            count += 1;
            if count > layout::MAX_ENTRIES {
                report
                    .problems
                    .push(format!("more than {} entries", layout::MAX_ENTRIES));
                fatal = true;
                break;
            }
            let raw = entry.path_bytes().into_owned();
            let shown = String::from_utf8_lossy(&raw).into_owned();
            let et = entry.header().entry_type();
            let is_dir = match et {
                tar::EntryType::Regular | tar::EntryType::Continuous => false,
                tar::EntryType::Directory => true,
                tar::EntryType::XGlobalHeader => continue,
                other => {
                    let what = match other {
                        tar::EntryType::Symlink => "a symbolic link",
                        tar::EntryType::Link => "a hard link",
                        tar::EntryType::Char | tar::EntryType::Block => "a device",
                        tar::EntryType::Fifo => "a FIFO",
                        _ => "not a regular file or directory",
                    };
                    report
                        .problems
                        .push(format!("refused entry '{shown}': {what}"));
                    continue;
                }
            };
            let (name, kind) = match layout::check_entry_path(&raw, is_dir) {
                Ok(v) => v,
                Err(p) => {
                    report
                        .problems
                        .push(format!("refused entry '{shown}': {p}"));
                    continue;
                }
            };
            if let Some(prev) = names.insert(&name) {
                report.problems.push(if prev == name {
                    format!("refused entry '{shown}': appears twice")
                } else {
                    format!(
                        "refused entry '{shown}': collides with '{prev}' after Unicode normalisation or case folding"
                    )
                });
                continue;
            }
            let size = match entry.header().size() {
                Ok(s) => s,
                Err(e) => {
                    report
                        .problems
                        .push(format!("refused entry '{shown}': bad size field ({e})"));
                    continue;
                }
            };
            match kind {
                EntryKind::Dir => {}
                EntryKind::Tag(_) | EntryKind::ExtraTag(_) => {
                    if size > layout::MAX_TAG_FILE_BYTES {
                        report
                            .problems
                            .push(format!("refused entry '{shown}': tag file of {size} bytes"));
                        continue;
                    }
                    if matches!(kind, EntryKind::ExtraTag(_))
                        && extra_tags.len() >= layout::MAX_EXTRA_TAG_FILES
                    {
                        report.problems.push(format!(
                            "refused entry '{shown}': more than {} tag files this version does not know",
                            layout::MAX_EXTRA_TAG_FILES
                        ));
                        continue;
                    }
                    let mut buf = Vec::with_capacity(size.min(1 << 20) as usize);
                    if let Err(e) = (&mut entry).take(size).read_to_end(&mut buf) {
                        report
                            .problems
                            .push(format!("the bundle stream is damaged or truncated: {e}"));
                        fatal = true;
                        break;
                    }
                    if buf.len() as u64 != size {
                        report.problems.push(format!(
                            "'{name}': the tar header claims {size} bytes, the data has {}",
                            buf.len()
                        ));
                        fatal = true;
                        break;
                    }
                    match kind {
                        EntryKind::Tag(t) => {
                            if t == layout::ITEMS_JSONL
                                && let Ok(text) = std::str::from_utf8(&buf)
                                && let Ok(list) = parse_items(text)
                            {
                                items_early =
                                    Some(list.into_iter().map(|i| (i.path.clone(), i)).collect());
                            }
                            tags.insert(t, buf);
                        }
                        _ => extra_tags.push((name, buf)),
                    }
                }
                EntryKind::Payload { item_id } => {
                    if size > layout::MAX_PAYLOAD_BYTES {
                        report
                            .problems
                            .push(format!("refused entry '{shown}': claims {size} bytes"));
                        continue;
                    }
                    let item = items_early.as_ref().and_then(|m| m.get(&name));
                    if let Some(i) = item
                        && i.size != size
                    {
                        report.problems.push(format!(
                            "'{name}': size claims disagree: the tar header says {size} bytes, items.jsonl {} (not read)",
                            i.size
                        ));
                        size_conflicts.insert(name.clone(), (i.size, size));
                        continue;
                    }
                    prog.current = Some(PathBuf::from(&name));
                    progress.update(&prog);
                    match sink.take(item, &mut entry) {
                        Ok((sha256, n, staged)) => {
                            if n != size {
                                report.problems.push(format!(
                                    "'{name}': the tar header claims {size} bytes, the data has {n}"
                                ));
                                fatal = true;
                                break;
                            }
                            prog.bytes_done += n;
                            payloads.push(PayloadSeen {
                                path: name,
                                item_id,
                                sha256,
                                size: n,
                                staged,
                            });
                        }
                        Err(SinkError::Stream(e)) => {
                            report.problems.push(format!(
                                "the bundle stream is damaged or truncated (in '{name}'): {e}"
                            ));
                            fatal = true;
                            break;
                        }
                        Err(SinkError::Local(e)) => {
                            local_error = Some(e);
                            fatal = true;
                            break;
                        }
                        Err(SinkError::Cancelled) => return Err(InspectError::Cancelled),
                    }
                }
            }
        }
    }
    if !fatal {
        // Read to the authenticated end of the age stream: only then is truncation ruled out.
        let mut rest = archive.into_inner();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match rest.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if buf[..n].iter().any(|b| *b != 0) {
                        report
                            .problems
                            .push("data after the end of the tar archive".into());
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    report
                        .problems
                        .push(format!("the bundle stream is damaged or truncated: {e}"));
                    fatal = true;
                    break;
                }
            }
        }
        if !fatal {
            drop(rest);
            if let Ok(h) = file_hash.lock() {
                report.bundle_sha256 = Some(hex::encode(h.clone().finalize()));
            }
        }
    }
    if let Some(e) = &local_error {
        report
            .problems
            .push(format!("could not finish reading: {e}"));
    }
    let mut out = BagRead {
        report,
        items: Vec::new(),
        chains: Vec::new(),
        incidents: Vec::new(),
        payloads,
        local_error,
    };
    if !fatal {
        validate(&mut out, &tags, &extra_tags, &size_conflicts);
    } else {
        out.report.signature_ok = false;
    }
    prog.current = None;
    progress.update(&prog);
    Ok(out)
}

fn parse_items(text: &str) -> Result<Vec<ItemIn>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("items.jsonl line {}: {e}", n + 1))?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let id = s("id").ok_or_else(|| format!("items.jsonl line {}: no id", n + 1))?;
        let sha256 = s("sha256").ok_or_else(|| format!("items.jsonl line {}: no sha256", n + 1))?;
        let path = s("path").ok_or_else(|| format!("items.jsonl line {}: no path", n + 1))?;
        let size = v
            .get("size")
            .and_then(|x| x.as_u64())
            .ok_or_else(|| format!("items.jsonl line {}: no size", n + 1))?;
        if !layout::is_item_id(&id) {
            return Err(format!(
                "items.jsonl line {}: '{id}' is not an item ID",
                n + 1
            ));
        }
        if sha256.len() != 64
            || !sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(format!("items.jsonl line {}: bad sha256", n + 1));
        }
        match layout::check_entry_path(path.as_bytes(), false) {
            Ok((_, EntryKind::Payload { item_id })) if item_id == id => {}
            _ => {
                return Err(format!(
                    "items.jsonl line {}: path '{path}' is not data/{id}/NAME",
                    n + 1
                ));
            }
        }
        out.push(ItemIn {
            id,
            sha256,
            size,
            path,
            json: v,
        });
    }
    Ok(out)
}

fn text_of<'a>(
    tags: &'a HashMap<&'static str, Vec<u8>>,
    name: &str,
    problems: &mut Vec<String>,
) -> Option<&'a str> {
    let bytes = match tags.get(name) {
        Some(b) => b,
        None => {
            problems.push(format!("tag file {name} is missing"));
            return None;
        }
    };
    match std::str::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(_) => {
            problems.push(format!("tag file {name} is not UTF-8"));
            None
        }
    }
}

/// All checks that need the whole bag.
fn validate<S>(
    out: &mut BagRead<S>,
    tags: &HashMap<&'static str, Vec<u8>>,
    extra_tags: &[(String, Vec<u8>)],
    size_conflicts: &HashMap<String, (u64, u64)>,
) {
    let mut problems: Vec<String> = Vec::new();
    let report = &mut out.report;

    // bagit.txt
    if let Some(t) = text_of(tags, layout::BAGIT_TXT, &mut problems) {
        let f = layout::parse_tag_fields(t);
        let get = |k: &str| f.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());
        if !matches!(get("BagIt-Version"), Some("1.0") | Some("0.97")) {
            problems.push("bagit.txt does not declare BagIt-Version 1.0".into());
        }
        if !get("Tag-File-Character-Encoding").is_some_and(|e| e.eq_ignore_ascii_case("UTF-8")) {
            problems.push("bagit.txt does not declare UTF-8 tag files".into());
        }
    }

    // Signature over the tag manifest, and the tag manifest over the other tag files.
    report.signature_ok = false;
    let tagmanifest = text_of(tags, layout::TAGMANIFEST, &mut problems);
    let signer = text_of(tags, layout::SIGNER_PUB, &mut problems);
    let sig = text_of(tags, layout::MANIFEST_SIG, &mut problems);
    if let (Some(tm), Some(signer), Some(sig)) = (tagmanifest, signer, sig) {
        match PublicKey::from_openssh(signer.trim()) {
            Ok(key) => {
                report.signer_fingerprint = Some(key.fingerprint(HashAlg::Sha256).to_string());
                report.signer_key = Some(signer.trim().to_owned());
                match SshSig::from_pem(sig.trim().as_bytes()) {
                    Ok(s) if s.public_key() == key.key_data() => {
                        match key.verify(SIG_NAMESPACE, tm.as_bytes(), &s) {
                            Ok(()) => report.signature_ok = true,
                            Err(e) => problems.push(format!(
                                "manifest.sig does not verify over tagmanifest-sha256.txt: {e}"
                            )),
                        }
                    }
                    Ok(_) => {
                        problems.push("manifest.sig was made by another key than signer.pub".into())
                    }
                    Err(e) => problems.push(format!("manifest.sig is not an SSH signature: {e}")),
                }
            }
            Err(e) => problems.push(format!("signer.pub is not an OpenSSH public key: {e}")),
        }
    }
    if let Some(tm) = tagmanifest {
        match layout::parse_manifest(tm) {
            Ok(entries) => {
                let listed: HashMap<&str, &str> = entries
                    .iter()
                    .map(|(p, h)| (p.as_str(), h.as_str()))
                    .collect();
                for (p, h) in &entries {
                    let required = layout::TAG_FILES.contains(&p.as_str());
                    let optional = layout::OPTIONAL_TAG_FILES.contains(&p.as_str());
                    let extra = extra_tags.iter().find(|(n, _)| n == p);
                    if !required && !optional && extra.is_none() {
                        problems.push(format!(
                            "tagmanifest lists '{p}', which is not in the bundle"
                        ));
                    }
                    let bytes = layout::OPTIONAL_TAG_FILES
                        .iter()
                        .find(|t| **t == p.as_str())
                        .and_then(|t| tags.get(t))
                        .or(extra.map(|(_, b)| b));
                    match bytes {
                        Some(b) if hex::encode(Sha256::digest(b)) != *h => problems.push(format!(
                            "{p} was changed after signing (its SHA-256 differs from tagmanifest-sha256.txt)"
                        )),
                        None if optional => problems.push(format!(
                            "tagmanifest lists '{p}', which is not in the bundle"
                        )),
                        _ => {}
                    }
                }
                // A tag file the signature does not cover cannot be trusted, known or not.
                let unsigned = layout::OPTIONAL_TAG_FILES
                    .iter()
                    .filter(|t| tags.contains_key(*t))
                    .map(|t| (*t).to_owned())
                    .chain(extra_tags.iter().map(|(n, _)| n.clone()));
                for name in unsigned {
                    if !listed.contains_key(name.as_str()) {
                        problems.push(format!(
                            "{name} is not covered by tagmanifest-sha256.txt (so not by the signature)"
                        ));
                    }
                }
                report.unknown_tag_files = extra_tags.iter().map(|(n, _)| n.clone()).collect();
                for name in layout::SIGNED_TAG_FILES {
                    match (listed.get(name), tags.get(name)) {
                        (None, _) => problems.push(format!(
                            "{name} is not covered by tagmanifest-sha256.txt (so not by the signature)"
                        )),
                        (Some(_), None) => {} // reported as missing above or below
                        (Some(h), Some(bytes)) => {
                            if hex::encode(Sha256::digest(bytes)) != *h {
                                problems.push(format!(
                                    "{name} was changed after signing (its SHA-256 differs from tagmanifest-sha256.txt)"
                                ));
                            }
                        }
                    }
                }
            }
            Err(e) => problems.push(format!("tagmanifest-sha256.txt: {e}")),
        }
    }

    // bag-info.txt
    let mut oxum: Option<String> = None;
    if let Some(t) = text_of(tags, layout::BAG_INFO_TXT, &mut problems) {
        for (k, v) in layout::parse_tag_fields(t) {
            match k.as_str() {
                "External-Identifier" if report.bundle_id.is_none() => report.bundle_id = Some(v),
                "Evidence-Vault-Source-Vault" => report.source_vault = Some(v),
                "Payload-Oxum" if oxum.is_none() => oxum = Some(v),
                _ => {}
            }
        }
    }

    // Manifest, items and payloads.
    let manifest: Vec<(String, String)> = match text_of(tags, layout::MANIFEST, &mut problems) {
        Some(t) => match layout::parse_manifest(t) {
            Ok(m) => m,
            Err(e) => {
                problems.push(format!("manifest-sha256.txt: {e}"));
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let mut mset = NameSet::default();
    let mut mmap: HashMap<String, String> = HashMap::new();
    for (p, h) in &manifest {
        if !matches!(
            layout::check_entry_path(p.as_bytes(), false),
            Ok((_, EntryKind::Payload { .. }))
        ) {
            problems.push(format!(
                "manifest-sha256.txt lists '{p}', which is not a payload path"
            ));
        }
        if mset.insert(p).is_some() {
            problems.push(format!(
                "manifest-sha256.txt lists '{p}' twice (or a colliding name)"
            ));
        }
        mmap.insert(p.clone(), h.clone());
    }
    let items = match text_of(tags, layout::ITEMS_JSONL, &mut problems).map(parse_items) {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            problems.push(e);
            Vec::new()
        }
        None => Vec::new(),
    };
    let mut seen_ids = HashSet::new();
    let mut seen_sha = HashSet::new();
    for i in &items {
        if !seen_ids.insert(i.id.clone()) {
            problems.push(format!("items.jsonl lists item {} twice", i.id));
        }
        if !seen_sha.insert(i.sha256.clone()) {
            problems.push(format!("items.jsonl lists SHA-256 {} twice", i.sha256));
        }
    }
    let by_path: HashMap<&str, usize> = out
        .payloads
        .iter()
        .enumerate()
        .map(|(n, p)| (p.path.as_str(), n))
        .collect();
    for i in &items {
        let mut r = ItemReport {
            id: i.id.clone(),
            path: i.path.clone(),
            sha256: Some(i.sha256.clone()),
            size: Some(i.size),
            title: i
                .json
                .get("title")
                .and_then(|t| t.as_str())
                .map(str::to_owned),
            problems: Vec::new(),
        };
        match mmap.get(&i.path) {
            None => r.problems.push(ItemStatus::Unlisted),
            Some(h) if *h != i.sha256 => r.problems.push(ItemStatus::HashMismatch {
                expected: i.sha256.clone(),
                found: h.clone(),
            }),
            Some(_) => {}
        }
        match by_path.get(i.path.as_str()).map(|n| &out.payloads[*n]) {
            None => match size_conflicts.get(&i.path) {
                Some((expected, found)) => r.problems.push(ItemStatus::SizeMismatch {
                    expected: *expected,
                    found: *found,
                }),
                None => r.problems.push(ItemStatus::Missing),
            },
            Some(p) => {
                if let Some(h) = mmap.get(&i.path)
                    && p.sha256 != *h
                {
                    r.problems.push(ItemStatus::HashMismatch {
                        expected: h.clone(),
                        found: p.sha256.clone(),
                    });
                }
                if p.sha256 != i.sha256
                    && !r
                        .problems
                        .iter()
                        .any(|x| matches!(x, ItemStatus::HashMismatch { .. }))
                {
                    r.problems.push(ItemStatus::HashMismatch {
                        expected: i.sha256.clone(),
                        found: p.sha256.clone(),
                    });
                }
                if p.size != i.size {
                    r.problems.push(ItemStatus::SizeMismatch {
                        expected: i.size,
                        found: p.size,
                    });
                }
            }
        }
        report.items.push(r);
    }
    let item_paths: HashSet<&str> = items.iter().map(|i| i.path.as_str()).collect();
    for p in &out.payloads {
        if !item_paths.contains(p.path.as_str()) || !mmap.contains_key(&p.path) {
            report.items.push(ItemReport {
                id: p.item_id.clone(),
                path: p.path.clone(),
                sha256: Some(p.sha256.clone()),
                size: Some(p.size),
                title: None,
                problems: vec![ItemStatus::Unlisted],
            });
        }
    }
    for (p, _) in &manifest {
        if !item_paths.contains(p.as_str()) && !by_path.contains_key(p.as_str()) {
            report.items.push(ItemReport {
                id: String::new(),
                path: p.clone(),
                sha256: None,
                size: None,
                title: None,
                problems: vec![ItemStatus::Missing],
            });
        }
    }
    let bytes: u64 = out.payloads.iter().map(|p| p.size).sum();
    report.payload_bytes = bytes;
    report.payload_files = out.payloads.len() as u64;
    match oxum {
        Some(o) => {
            if o.trim() != format!("{bytes}.{}", out.payloads.len()) {
                problems.push(format!(
                    "Payload-Oxum says {o}, the payload is {bytes}.{}",
                    out.payloads.len()
                ));
            }
        }
        None => problems.push("bag-info.txt has no Payload-Oxum".into()),
    }

    // Custody chains: the items', and the incidents' (kept apart: an incident event names no
    // item hash).
    let mut chains: Vec<Vec<CustodyEvent>> = Vec::new();
    let mut incident_chains: Vec<Vec<CustodyEvent>> = Vec::new();
    if let Some(t) = text_of(tags, layout::CUSTODY_JSONL, &mut problems) {
        let mut hashes = HashSet::new();
        for (n, line) in t.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<CustodyEvent>(line) {
                Ok(ev) => {
                    if !hashes.insert(ev.hash.clone()) {
                        problems.push(format!("custody.jsonl line {}: event appears twice", n + 1));
                        continue;
                    }
                    // One chain per item (or incident) and keeping vault (see Catalog::chains).
                    let chains = if is_incident_action(ev.body.action) {
                        &mut incident_chains
                    } else {
                        &mut chains
                    };
                    match chains.iter_mut().find(|c| {
                        c[0].body.item_id == ev.body.item_id
                            && c[0].body.vault_id == ev.body.vault_id
                    }) {
                        Some(c) => c.push(ev),
                        None => chains.push(vec![ev]),
                    }
                }
                Err(e) => problems.push(format!("custody.jsonl line {}: {e}", n + 1)),
            }
        }
    }
    let sha_of: HashMap<&str, &str> = items
        .iter()
        .map(|i| (i.sha256.as_str(), i.id.as_str()))
        .collect();
    for chain in &chains {
        let cid = &chain[0].body.item_id;
        let sha = &chain[0].body.item_sha256;
        if !sha_of.contains_key(sha.as_str()) {
            problems.push(format!(
                "custody chain of {cid} is about SHA-256 {sha}, which is not in the bundle"
            ));
        }
    }
    for (i, r) in items.iter().zip(report.items.iter_mut()) {
        let mine: Vec<&Vec<CustodyEvent>> = chains
            .iter()
            .filter(|c| c[0].body.item_id == i.id || c[0].body.item_sha256 == i.sha256)
            .collect();
        let mut chain_problems: Vec<String> = Vec::new();
        if !mine.iter().any(|c| c[0].body.item_id == i.id) {
            chain_problems.push("no custody chain for this item".into());
        }
        for c in mine {
            for p in verify_chain(c, &c[0].body.item_id, &i.sha256) {
                chain_problems.push(format!("chain {}: {p}", c[0].body.item_id));
            }
        }
        if !chain_problems.is_empty() {
            r.problems.push(ItemStatus::BadChain {
                problems: chain_problems,
            });
        }
        if !report.signature_ok {
            r.problems.push(ItemStatus::BadSignature);
        }
    }
    let incidents_text = tags
        .get(layout::INCIDENTS_JSONL)
        .map(|b| std::str::from_utf8(b).map_err(|_| ()));
    let incidents_text = match incidents_text {
        Some(Err(())) => {
            problems.push(format!("tag file {} is not UTF-8", layout::INCIDENTS_JSONL));
            None
        }
        Some(Ok(t)) => Some(t),
        None => None,
    };
    let item_shas: HashSet<&str> = items.iter().map(|i| i.sha256.as_str()).collect();
    let (incidents, incident_reports) =
        read_incidents(incidents_text, incident_chains, &item_shas, &mut problems);
    report.incidents = incident_reports;
    report.problems.extend(problems);
    out.items = items;
    out.chains = chains;
    out.incidents = incidents;
}

/// Decrypts and checks a bundle completely without changing anything.
pub fn inspect(
    path: &Path,
    key: &BundleKey,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<BagReport, InspectError> {
    let mut sink = HashSink { cancel };
    let read = read_bundle(path, key, &mut sink, progress, cancel)?;
    Ok(read.report)
}

/// [`inspect`] without progress.
pub fn inspect_quiet(path: &Path, key: &BundleKey) -> Result<BagReport, InspectError> {
    inspect(path, key, &NoProgress, &CancelToken::new())
}
