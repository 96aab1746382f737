//! An unlocked vault: the keys, the in-memory catalog and the folder, held by one process.
//!
//! `Vault` is a cheap clonable handle (`Arc` inside) and is `Send + Sync`: a GUI can search while
//! a background thread runs intake. The catalog sits behind a mutex; long work (hashing,
//! encryption, decoding) happens outside it. Dropping the last handle releases the lock file and
//! zeroizes the keys.

mod add;
mod catalog_file;
mod commit;
mod compact;
mod derived;
mod drafts;
mod incident_entry;
mod incidents;
pub mod info;
mod items;
pub mod journal;
mod lockfile;
mod map;
mod map_layers;
mod verify;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use age::secrecy::{ExposeSecret, SecretString};

use crate::atomic;
use crate::catalog::{Catalog, CatalogError};
use crate::keys::{DEFAULT_KDF_LOG_N, KeyFileError, VaultKeys};
use crate::objects;

pub use add::{IntakeError, IntakeHooks, NoteError, NoteInput};
pub use catalog_file::{CATALOG_SIG_NAMESPACE, CatalogFileError};
pub use commit::{CommitError, Tx};
pub use compact::{CompactError, CompactReport};
pub use derived::{DerivedError, FrameError, MediaTools, PendingItem, Similar};
pub use drafts::{
    DRAFT_SIG_NAMESPACE, DRAFTS_DIR, DiscardDraftError, Draft, DraftFields, DraftId, DraftRefusal,
    DraftSubject, FoundDrafts, InvalidDraftId, ListDraftsError, RefusedDraft, SaveDraftError,
};
pub(crate) use incidents::refold;
pub use incidents::{IncidentDetail, IncidentError, IncidentQuery, Suggest, search_incidents};
pub use info::{InfoError, VaultInfo};
pub use items::{EditError, ExtractError, ItemDetail, ReadError, SelectionEdit};
pub use lockfile::LockError;
pub use verify::{Unreferenced, VerifyError, VerifyOptions, VerifyProblem, VerifyReport};

/// Shortest passphrase accepted for a vault.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Largest catalog image we will decrypt into memory (a hostile file cannot exhaust memory).
const MAX_CATALOG_BYTES: u64 = 8 * 1024 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct CreateOptions {
    pub documenter: String,
    pub kdf_log_n: u8,
}

impl Default for CreateOptions {
    fn default() -> Self {
        Self {
            documenter: String::new(),
            kdf_log_n: DEFAULT_KDF_LOG_N,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("{path} already exists and is not empty; choose a new or empty folder")]
    NotEmpty { path: PathBuf },
    #[error("the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    #[error("could not write the new vault at {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Keys(#[from] KeyFileError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

#[derive(Debug, thiserror::Error)]
pub enum UnlockError {
    #[error(transparent)]
    Info(#[from] InfoError),
    #[error("wrong passphrase for the vault at {path}")]
    WrongPassphrase { path: PathBuf },
    #[error("could not read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Keys { path: PathBuf, source: KeyFileError },
    #[error("keys.age does not belong to this vault (its key differs from vault.json)")]
    KeyMismatch,
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(
        "the catalog {path} cannot be read ({reason}); the previous generation is kept in catalog.age.prev — copy the vault folder somewhere safe before trying anything"
    )]
    Catalog { path: PathBuf, reason: String },
    #[error("the catalog belongs to vault {found}, not to this vault ({expected})")]
    CatalogMismatch { expected: String, found: String },
    #[error(
        "{path} cannot be used ({reason}); the vault was not opened and nothing was changed — copy the vault folder somewhere safe and ask for help"
    )]
    Segment { path: PathBuf, reason: String },
    #[error(
        "journal segment {missing} is missing although {found} exists; the vault was not opened and nothing was changed — restore the missing file from a backup"
    )]
    JournalGap { missing: PathBuf, found: PathBuf },
    #[error("could not list the journal in {path}: {source}")]
    Journal {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "could not migrate the format-1 vault at {path}: {reason}; nothing was lost: the old catalog is kept as catalog.age.prev"
    )]
    Migrate { path: PathBuf, reason: String },
    #[error(
        "could not upgrade the catalog of the vault at {path} to this program's version ({reason}); the vault was not opened and is as it was — free disk space and try again"
    )]
    Upgrade { path: PathBuf, reason: String },
}

/// Writing a new base (`catalog.age`).
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not write the catalog to {path}: {source}; the vault is as it was")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not serialize the catalog: {0}")]
    Catalog(#[from] CatalogError),
}

#[derive(Debug, thiserror::Error)]
pub enum PasswdError {
    #[error("the new passphrase must have at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    #[error(transparent)]
    Keys(#[from] KeyFileError),
    #[error("could not write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

struct Inner {
    dir: PathBuf,
    info: VaultInfo,
    keys: VaultKeys,
    actor: String,
    catalog: Mutex<Catalog>,
    /// The last near-duplicate grouping and the hashes it was made from (see
    /// `Vault::near_duplicate_groups`): a list and its count, and every keystroke of a search
    /// with the filter on, would otherwise compare all pairs again.
    near_groups: Mutex<Option<derived::NearGroupsCache>>,
    _lock: lockfile::LockFile,
}

/// Read access to an unlocked vault's catalog, from [`Vault::read`].
pub struct CatalogRead<'a>(MutexGuard<'a, Catalog>);

impl std::ops::Deref for CatalogRead<'_> {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        &self.0
    }
}

/// The vault's age identity as an [`age::Identity`] (see [`Vault::age_identity`]).
pub struct VaultIdentity(Vault);

impl age::Identity for VaultIdentity {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        self.0.keys().identity.unwrap_stanza(stanza)
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[age_core::format::Stanza],
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        self.0.keys().identity.unwrap_stanzas(stanzas)
    }
}

/// An unlocked vault. Clone freely; the vault locks when the last clone is dropped.
#[derive(Clone)]
pub struct Vault(Arc<Inner>);

impl Vault {
    /// Creates a new vault in `dir` (which must not exist or be empty) and returns it unlocked.
    pub fn create(
        dir: &Path,
        passphrase: &SecretString,
        opts: &CreateOptions,
    ) -> Result<Vault, CreateError> {
        if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(CreateError::WeakPassphrase);
        }
        let io = |source| CreateError::Io {
            path: dir.to_owned(),
            source,
        };
        if dir.exists() {
            let mut entries = fs::read_dir(dir).map_err(io)?;
            if entries.next().is_some() {
                return Err(CreateError::NotEmpty {
                    path: dir.to_owned(),
                });
            }
        }
        atomic::create_dir_durable(dir).map_err(io)?;
        let vault_id = objects::new_id();
        let keys = VaultKeys::generate(&vault_id);
        let sealed = keys.seal(&vault_id, passphrase, opts.kdf_log_n)?;
        let info = VaultInfo {
            format: info::FORMAT_NAME.into(),
            version: info::FORMAT_VERSION,
            vault_id: vault_id.clone(),
            recipient: keys.recipient().to_string(),
            signing_key: keys.signer.public_key_with_comment(),
        };
        let lock = lockfile::LockFile::acquire(dir)?;
        atomic::write_file(&dir.join("keys.age"), &sealed).map_err(io)?;
        atomic::create_dir_durable(&dir.join("objects")).map_err(io)?;
        atomic::create_dir_durable(&dir.join("thumbs")).map_err(io)?;
        atomic::create_dir_durable(&dir.join(journal::JOURNAL_DIR)).map_err(io)?;
        let actor = opts.documenter.trim().to_owned();
        let catalog = Catalog::new_empty(&vault_id, &actor)?;
        let vault = Vault(Arc::new(Inner {
            dir: dir.to_owned(),
            info: info.clone(),
            keys,
            actor,
            catalog: Mutex::new(catalog),
            near_groups: Mutex::new(None),
            _lock: lock,
        }));
        vault.write_base(&vault.catalog())?;
        // vault.json last: a folder without it is not a vault, so a half-made one is never opened.
        atomic::write_file(&VaultInfo::path(dir), info.to_json().as_bytes()).map_err(io)?;
        Ok(vault)
    }

    /// Unlocks the vault in `dir`. A wrong passphrase changes nothing on disk.
    /// Whether the vault in `dir` is open now in another window or `evault` command.
    pub fn is_open_elsewhere(dir: &Path) -> bool {
        lockfile::is_held(dir)
    }

    pub fn unlock(dir: &Path, passphrase: &SecretString) -> Result<Vault, UnlockError> {
        let info = VaultInfo::read(dir)?;
        // Before the passphrase is checked (a second of scrypt): a vault open elsewhere is
        // refused at once.
        let lock = lockfile::LockFile::acquire(dir)?;
        let keys_path = dir.join("keys.age");
        let sealed = fs::read(&keys_path).map_err(|source| UnlockError::Io {
            path: keys_path.clone(),
            source,
        })?;
        let keys = VaultKeys::open(&info.vault_id, &sealed, passphrase).map_err(|e| match e {
            KeyFileError::WrongPassphrase => UnlockError::WrongPassphrase {
                path: dir.to_owned(),
            },
            source => UnlockError::Keys {
                path: keys_path.clone(),
                source,
            },
        })?;
        if keys.recipient().to_string() != info.recipient {
            return Err(UnlockError::KeyMismatch);
        }
        let mut info = info;
        let mut upgraded_from: Option<u32> = None;
        let mut catalog = if info.version < info::FORMAT_VERSION {
            let cat = migrate_format1(dir, &keys)?;
            info.version = info::FORMAT_VERSION;
            atomic::write_file(&VaultInfo::path(dir), info.to_json().as_bytes()).map_err(
                |source| UnlockError::Io {
                    path: VaultInfo::path(dir),
                    source,
                },
            )?;
            cat
        } else {
            // Segments are SQL written against the base's schema: replay them first, then
            // upgrade the schema (and write the upgraded base below, before any new segment).
            let (mut cat, found) = load_base(&dir.join("catalog.age"), &keys, true, false)?;
            replay_journal(dir, &info, &keys, &mut cat)?;
            if found < crate::catalog::SCHEMA_VERSION {
                cat.migrate().map_err(|e| UnlockError::Upgrade {
                    path: dir.to_owned(),
                    reason: e.to_string(),
                })?;
                upgraded_from = Some(found);
            }
            cat
        };
        let found = catalog.meta("vault_id").ok().flatten().unwrap_or_default();
        if found != info.vault_id {
            return Err(UnlockError::CatalogMismatch {
                expected: info.vault_id.clone(),
                found,
            });
        }
        catalog.rebuild_search().map_err(|e| UnlockError::Catalog {
            path: dir.join("catalog.age"),
            reason: e.to_string(),
        })?;
        let actor = catalog
            .meta("documenter")
            .ok()
            .flatten()
            .unwrap_or_default();
        let vault = Vault(Arc::new(Inner {
            dir: dir.to_owned(),
            info,
            keys,
            actor,
            catalog: Mutex::new(catalog),
            near_groups: Mutex::new(None),
            _lock: lock,
        }));
        if let Some(found) = upgraded_from {
            // Stock `sqlite3` must be able to replay the segments written from now on onto the
            // base: the upgraded schema becomes the base before anything else is committed. A
            // crash before the new base is in place leaves the old one and its segments.
            vault
                .write_upgraded_base()
                .map_err(|e| UnlockError::Upgrade {
                    path: dir.to_owned(),
                    reason: format!("schema {found} to {}: {e}", crate::catalog::SCHEMA_VERSION),
                })?;
        }
        Ok(vault)
    }

    /// Reads `vault.json` and checks that no other process has the vault open, without asking for
    /// a passphrase: a second window or command learns at once that it must wait.
    pub fn probe(dir: &Path) -> Result<VaultInfo, UnlockError> {
        let info = VaultInfo::read(dir)?;
        drop(lockfile::LockFile::acquire(dir)?);
        Ok(info)
    }

    pub fn dir(&self) -> &Path {
        &self.0.dir
    }

    pub fn info(&self) -> &VaultInfo {
        &self.0.info
    }

    /// The documenter's name recorded as the actor of custody events.
    pub fn actor(&self) -> &str {
        &self.0.actor
    }

    /// `SHA256:…` fingerprint of the custody-signing key.
    pub fn signer_fingerprint(&self) -> String {
        self.0.keys.signer.fingerprint()
    }

    pub(crate) fn keys(&self) -> &VaultKeys {
        &self.0.keys
    }

    /// Read access to the catalog (a short lock: never hold it across slow work). Every change
    /// goes through [`Vault::commit`] instead.
    pub fn read(&self) -> CatalogRead<'_> {
        CatalogRead(self.catalog())
    }

    /// The vault's public age recipient (what `vault.json` publishes).
    pub fn recipient(&self) -> age::x25519::Recipient {
        self.0.keys.recipient()
    }

    /// The custody-signing key (for events and bundle manifests made outside `commit`).
    pub fn signer(&self) -> &crate::custody::Signer {
        &self.0.keys.signer
    }

    /// Opens the stored object of item `id` for reading (decrypting; altered bytes fail).
    pub fn open_object(&self, id: &str) -> Result<objects::ObjectReader, objects::OpenError> {
        objects::open_sealed(&objects::object_path(self.dir(), id), &self.0.keys.identity)
    }

    /// An age identity that decrypts files addressed to this vault, without exposing the key.
    pub fn age_identity(&self) -> VaultIdentity {
        VaultIdentity(self.clone())
    }

    /// Locks the catalog for a short read or write. Never hold it across slow I/O.
    pub(crate) fn catalog(&self) -> MutexGuard<'_, Catalog> {
        // A panic while holding the lock cannot leave SQLite inconsistent (statements are
        // atomic), so a poisoned lock is still safe to use.
        self.0.catalog.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the catalog as the base `catalog.age` (signed, atomically), keeping the previous
    /// base as `catalog.age.prev`. The caller holds the catalog lock, so no commit runs meanwhile.
    pub(crate) fn write_base(&self, cat: &Catalog) -> Result<(), SaveError> {
        let target = self.0.dir.join("catalog.age");
        let io = |source| SaveError::Io {
            path: target.clone(),
            source,
        };
        let recipient = self.0.keys.recipient();
        let tmp = cat
            .with_image(|bytes| {
                catalog_file::write_signed_temp(&target, bytes, &recipient, &self.0.keys.signer)
            })?
            .map_err(io)?;
        if target.exists() {
            rotate_previous(&target, &self.0.dir.join("catalog.age.prev")).map_err(io)?;
        }
        atomic::commit(tmp, &target).map_err(io)
    }

    /// Re-encrypts `keys.age` under a new passphrase. Nothing else changes.
    pub fn change_passphrase(&self, new: &SecretString, kdf_log_n: u8) -> Result<(), PasswdError> {
        if new.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(PasswdError::WeakPassphrase);
        }
        let sealed = self.0.keys.seal(&self.0.info.vault_id, new, kdf_log_n)?;
        let path = self.0.dir.join("keys.age");
        atomic::write_file(&path, &sealed).map_err(|source| PasswdError::Io { path, source })
    }
}

/// Keeps the current catalog as `.prev` without ever leaving `catalog.age` absent: link (or copy
/// where links are unsupported, e.g. FAT) to a temp name, then rename over `.prev`.
fn rotate_previous(current: &Path, prev: &Path) -> std::io::Result<()> {
    let staged = prev.with_extension("prev.part");
    let _ = fs::remove_file(&staged);
    if fs::hard_link(current, &staged).is_err() {
        fs::copy(current, &staged)?;
        fs::File::open(&staged)?.sync_all()?;
    }
    fs::rename(&staged, prev)?;
    Ok(())
}

/// The signing key's public half, as catalog-file signatures are checked against it.
fn signer_key(keys: &VaultKeys) -> &ssh_key::PublicKey {
    keys.signer.public_key()
}

/// Decrypts a base straight into SQLite's memory (its plaintext length follows from the file
/// size, so there is one in-memory copy and no buffer to wipe), checking its signature unless
/// `signed` is false (a format-1 catalog). Returns the catalog and the schema version it had.
fn load_base(
    path: &Path,
    keys: &VaultKeys,
    signed: bool,
    migrate: bool,
) -> Result<(Catalog, u32), UnlockError> {
    let bad = |reason: String| UnlockError::Catalog {
        path: path.to_owned(),
        reason,
    };
    let len = objects::sealed_plaintext_len(path).map_err(|e| bad(e.to_string()))?;
    if len > MAX_CATALOG_BYTES {
        return Err(bad(format!("{len} bytes is more than a catalog can be")));
    }
    let signer = signed.then(|| signer_key(keys));
    let (loaded, _) = catalog_file::read_signed(path, &keys.identity, signer, |r| {
        if migrate {
            Catalog::load(r, len as usize).map_err(|e| e.to_string())
        } else {
            Catalog::load_unmigrated(r, len as usize).map_err(|e| e.to_string())
        }
    })
    .map_err(|e| bad(e.to_string()))?;
    Ok(loaded)
}

/// Applies the journal segments numbered after the base, in order, each checked (signature,
/// sequence, base, previous hash) before it runs. Any misfit refuses the unlock, naming the file;
/// nothing is deleted or rewritten.
fn replay_journal(
    dir: &Path,
    info: &VaultInfo,
    keys: &VaultKeys,
    cat: &mut Catalog,
) -> Result<(), UnlockError> {
    let segments = journal::list(dir).map_err(|source| UnlockError::Journal {
        path: dir.join(journal::JOURNAL_DIR),
        source,
    })?;
    let mut head = cat.head.clone();
    let pending: Vec<(u64, PathBuf)> = segments
        .into_iter()
        .filter(|(s, _)| *s > cat.head.seq)
        .collect();
    for (i, (seq, path)) in pending.iter().enumerate() {
        if *seq != head.seq + 1 + i as u64 {
            return Err(UnlockError::JournalGap {
                missing: journal::segment_path(dir, head.seq + 1 + i as u64),
                found: path.clone(),
            });
        }
    }
    // Decrypting and checking signatures (most of the cost) runs on every core, each worker
    // taking every n-th segment; they are applied here strictly in order.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(pending.len().max(1));
    std::thread::scope(|scope| -> Result<(), UnlockError> {
        let mut inbox = Vec::with_capacity(workers);
        for w in 0..workers {
            let (tx, rx) = std::sync::mpsc::sync_channel(32);
            inbox.push(rx);
            let pending = &pending;
            scope.spawn(move || {
                for (_, path) in pending.iter().skip(w).step_by(workers) {
                    let read = catalog_file::read_signed_to_vec(
                        path,
                        &keys.identity,
                        signer_key(keys),
                        journal::MAX_SEGMENT_BYTES,
                    );
                    if tx.send(read).is_err() {
                        break; // the unlock stopped at an earlier segment
                    }
                }
            });
        }
        for (i, (seq, path)) in pending.iter().enumerate() {
            apply_segment(info, cat, &mut head, *seq, path, || {
                inbox[i % workers]
                    .recv()
                    .unwrap_or_else(|_| Err(CatalogFileError::Missing { path: path.clone() }))
            })?;
        }
        Ok(())
    })?;
    cat.head = head;
    Ok(())
}

/// Checks one decrypted segment against where the journal stands and runs it.
fn apply_segment(
    info: &VaultInfo,
    cat: &mut Catalog,
    head: &mut crate::catalog::JournalHead,
    seq: u64,
    path: &Path,
    read: impl FnOnce() -> Result<(Vec<u8>, [u8; 32]), CatalogFileError>,
) -> Result<(), UnlockError> {
    {
        let refuse = |reason: String| UnlockError::Segment {
            path: path.to_owned(),
            reason,
        };
        let (bytes, digest) = read().map_err(|e| refuse(e.to_string()))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| refuse("not UTF-8 text".into()))?;
        let header = journal::SegmentHeader::parse(text)
            .ok_or_else(|| refuse("not a journal segment".into()))?;
        if header.vault_id != info.vault_id {
            return Err(refuse(format!("it belongs to vault {}", header.vault_id)));
        }
        if header.seq != seq {
            return Err(refuse(format!("it says it is segment {}", header.seq)));
        }
        if header.base_id != head.base_id {
            return Err(refuse(format!(
                "it was written on base {}, the catalog is base {}",
                header.base_id, head.base_id
            )));
        }
        if header.prev != head.last_sha256 {
            return Err(refuse(
                "it does not follow the previous segment (its previous-hash differs)".into(),
            ));
        }
        cat.replay(text).map_err(|e| refuse(e.to_string()))?;
        head.seq = seq;
        head.last_sha256 = hex::encode(digest);
        head.segments += 1;
        head.bytes += bytes.len() as u64;
    }
    Ok(())
}

/// Format 1 → 2 on first unlock: the format-1 catalog is kept as `catalog.age.prev`, the migrated
/// catalog becomes the first signed base, `journal/` is created; `vault.json` is rewritten last by
/// the caller. A crash at any point is resumed by the next unlock (a base already migrated is
/// recognised by its schema and not rotated again, so the format-1 catalog is never lost).
fn migrate_format1(dir: &Path, keys: &VaultKeys) -> Result<Catalog, UnlockError> {
    let path = dir.join("catalog.age");
    let fail = |reason: String| UnlockError::Migrate {
        path: dir.to_owned(),
        reason,
    };
    let (cat, found) = load_base(&path, keys, false, true)?;
    // Format-1 catalogs have schema 1; a higher one is a base this migration already wrote
    // (then the format-1 copy is already `catalog.age.prev` and must not be rotated away).
    if found < 2 {
        rotate_previous(&path, &dir.join("catalog.age.prev")).map_err(|e| fail(e.to_string()))?;
    }
    atomic::create_dir_durable(&dir.join(journal::JOURNAL_DIR)).map_err(|e| fail(e.to_string()))?;
    let recipient = keys.recipient();
    let tmp = cat
        .with_image(|bytes| catalog_file::write_signed_temp(&path, bytes, &recipient, &keys.signer))
        .map_err(|e| fail(e.to_string()))?
        .map_err(|e| fail(e.to_string()))?;
    atomic::commit(tmp, &path).map_err(|e| fail(e.to_string()))?;
    Ok(cat)
}

/// Reads `vault.json` without a passphrase (for `pubkey` and the start screen).
pub fn read_info(dir: &Path) -> Result<VaultInfo, InfoError> {
    VaultInfo::read(dir)
}

/// Vaults for unit tests: a low scrypt work factor (log N 10), as every test uses.
#[cfg(test)]
pub(crate) mod testing {
    use super::{CreateOptions, Vault};
    use age::secrecy::SecretString;

    pub(crate) const PASSPHRASE: &str = "correct horse battery";

    pub(crate) fn passphrase() -> SecretString {
        SecretString::from(PASSPHRASE.to_owned())
    }

    /// A new vault in `dir` (which must not exist or be empty).
    pub(crate) fn vault_at(dir: &std::path::Path, documenter: &str) -> Vault {
        Vault::create(
            dir,
            &passphrase(),
            &CreateOptions {
                documenter: documenter.into(),
                kdf_log_n: 10,
            },
        )
        .expect("create a test vault")
    }

    /// A new vault in a fresh temporary folder (kept alive by the returned guard).
    pub(crate) fn vault() -> (tempfile::TempDir, Vault) {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let v = vault_at(&tmp.path().join("vault"), "Tester");
        (tmp, v)
    }
}
