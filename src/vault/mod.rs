//! An unlocked vault: the keys, the in-memory catalog and the folder, held by one process.
//!
//! `Vault` is a cheap clonable handle (`Arc` inside) and is `Send + Sync`: a GUI can search while
//! a background thread runs intake. The catalog sits behind a mutex; long work (hashing,
//! encryption, decoding) happens outside it. Dropping the last handle releases the lock file and
//! zeroizes the keys.

mod add;
pub mod info;
mod items;
mod lockfile;
mod verify;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use age::secrecy::{ExposeSecret, SecretString};

use crate::atomic;
use crate::catalog::{Catalog, CatalogError};
use crate::keys::{DEFAULT_KDF_LOG_N, KeyFileError, VaultKeys};
use crate::objects;

pub use add::{IntakeError, NoteError, NoteInput};
pub use info::{InfoError, VaultInfo};
pub use items::{EditError, ExtractError, ItemDetail, ReadError};
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
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not save the catalog to {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not serialize the catalog: {0}")]
    Catalog(#[from] CatalogError),
    #[error("could not encrypt the catalog: {0}")]
    Encrypt(String),
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
    /// Serialises catalog saves (and so the catalog.age / catalog.age.prev rotation).
    save_gate: Mutex<()>,
    _lock: lockfile::LockFile,
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
        let actor = opts.documenter.trim().to_owned();
        let catalog = Catalog::new_empty(&vault_id, &actor)?;
        let vault = Vault(Arc::new(Inner {
            dir: dir.to_owned(),
            info: info.clone(),
            keys,
            actor,
            catalog: Mutex::new(catalog),
            save_gate: Mutex::new(()),
            _lock: lock,
        }));
        vault.save()?;
        // vault.json last: a folder without it is not a vault, so a half-made one is never opened.
        atomic::write_file(&VaultInfo::path(dir), info.to_json().as_bytes()).map_err(io)?;
        Ok(vault)
    }

    /// Unlocks the vault in `dir`. A wrong passphrase changes nothing on disk.
    pub fn unlock(dir: &Path, passphrase: &SecretString) -> Result<Vault, UnlockError> {
        let info = VaultInfo::read(dir)?;
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
        let lock = lockfile::LockFile::acquire(dir)?;
        let catalog_path = dir.join("catalog.age");
        let catalog = Self::load_catalog(&catalog_path, &keys)?;
        let found = catalog.meta("vault_id").ok().flatten().unwrap_or_default();
        if found != info.vault_id {
            return Err(UnlockError::CatalogMismatch {
                expected: info.vault_id.clone(),
                found,
            });
        }
        let actor = catalog
            .meta("documenter")
            .ok()
            .flatten()
            .unwrap_or_default();
        Ok(Vault(Arc::new(Inner {
            dir: dir.to_owned(),
            info,
            keys,
            actor,
            catalog: Mutex::new(catalog),
            save_gate: Mutex::new(()),
            _lock: lock,
        })))
    }

    /// Decrypts `catalog.age` straight into SQLite's memory: the plaintext length is known from
    /// the file size, so there is exactly one in-memory copy of the catalog and no buffer to wipe.
    fn load_catalog(path: &Path, keys: &VaultKeys) -> Result<Catalog, UnlockError> {
        let bad = |reason: String| UnlockError::Catalog {
            path: path.to_owned(),
            reason,
        };
        let len = objects::sealed_plaintext_len(path).map_err(|e| bad(e.to_string()))?;
        if len > MAX_CATALOG_BYTES {
            return Err(bad(format!("{len} bytes is more than a catalog can be")));
        }
        let mut reader =
            objects::open_sealed(path, &keys.identity).map_err(|e| bad(e.to_string()))?;
        let catalog =
            Catalog::from_reader(&mut reader, len as usize).map_err(|e| bad(e.to_string()))?;
        // Nothing may follow (this also makes age check the final chunk's tag and flag).
        let mut one = [0u8; 1];
        match reader.read(&mut one) {
            Ok(0) => Ok(catalog),
            Ok(_) => Err(bad("longer than its header says".into())),
            Err(e) => Err(bad(e.to_string())),
        }
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

    /// Locks the catalog for a short read or write. Never hold it across slow I/O.
    pub(crate) fn catalog(&self) -> MutexGuard<'_, Catalog> {
        // A panic while holding the lock cannot leave SQLite inconsistent (statements are
        // atomic), so a poisoned lock is still safe to use.
        self.0.catalog.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the catalog to `catalog.age` atomically, keeping the previous one as `.prev`.
    pub fn save(&self) -> Result<(), SaveError> {
        let cat = self.catalog();
        self.save_locked(&cat)
    }

    pub(crate) fn save_locked(&self, cat: &Catalog) -> Result<(), SaveError> {
        let _gate = self.0.save_gate.lock().unwrap_or_else(|e| e.into_inner());
        let dir = &self.0.dir;
        let target = dir.join("catalog.age");
        let io = |source| SaveError::Io {
            path: target.clone(),
            source,
        };
        let tmp = atomic::temp_beside(&target).map_err(io)?;
        let file = tmp.as_file().try_clone().map_err(io)?;
        let recipient = self.0.keys.recipient();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(|e| SaveError::Encrypt(e.to_string()))?;
        let written: Result<(), std::io::Error> = cat.with_image(|bytes| {
            let mut w =
                encryptor.wrap_output(std::io::BufWriter::with_capacity(objects::CHUNK, file))?;
            w.write_all(bytes)?;
            let mut inner = w.finish()?;
            inner.flush()
        })?;
        written.map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        if target.exists() {
            rotate_previous(&target, &dir.join("catalog.age.prev")).map_err(io)?;
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

    /// Discards in-memory catalog changes by reloading `catalog.age` (used after a failed save).
    pub(crate) fn reload_catalog(&self) -> Result<(), UnlockError> {
        let path = self.0.dir.join("catalog.age");
        let fresh = Self::load_catalog(&path, &self.0.keys)?;
        *self.catalog() = fresh;
        Ok(())
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

/// Reads `vault.json` without a passphrase (for `pubkey` and the start screen).
pub fn read_info(dir: &Path) -> Result<VaultInfo, InfoError> {
    VaultInfo::read(dir)
}
