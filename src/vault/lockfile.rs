//! One process at a time: an OS advisory lock on `VAULT/vault.lock`, held while unlocked.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct LockFile {
    file: File,
    path: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "the vault is already open in another Evidence Vault window or evault command; close it first"
    )]
    Busy,
    #[error("could not create the lock file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl LockFile {
    pub fn acquire(dir: &Path) -> Result<Self, LockError> {
        let path = dir.join("vault.lock");
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(LockError::Busy),
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        // The PID helps a person find the other process; it is not sensitive.
        let _ = file.set_len(0);
        let _ = writeln!(file, "{}", std::process::id());
        Ok(Self { file, path })
    }
}

/// Whether another process holds the lock of the vault in `dir` now (nothing is created or
/// taken for long: a lock taken to find out is released at once).
pub fn is_held(dir: &Path) -> bool {
    let Ok(file) = File::open(dir.join("vault.lock")) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(TryLockError::WouldBlock) => true,
        Err(TryLockError::Error(_)) => false,
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        // Remove while still holding the lock so no other process can be using this inode.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_first_is_dropped() {
        let d = tempfile::tempdir().unwrap();
        assert!(!is_held(d.path()), "no lock file: not held");
        let a = LockFile::acquire(d.path()).unwrap();
        assert!(is_held(d.path()));
        assert!(matches!(LockFile::acquire(d.path()), Err(LockError::Busy)));
        assert!(is_held(d.path()), "asking does not take it away");
        drop(a);
        assert!(!d.path().join("vault.lock").exists());
        assert!(!is_held(d.path()));
        let _b = LockFile::acquire(d.path()).unwrap();
    }
}
