//! A folder as a backup target (an external drive, say).
//!
//! Each copy goes to a temporary file beside its name (`.tmp-….part`), is fsynced, read back and
//! its SHA-256 compared with what was read from the vault, then hard-linked to its name — which
//! fails if the name exists, so nothing is ever replaced — and the directory fsynced. A file
//! already there counts as the vault's when its size and its first and last 64 KiB are the same
//! (the age header and the final authenticated chunk); `verify` (for `check_backup`) compares
//! every byte.

use std::fs;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Presence, Put, Source, Target, TargetError, TargetState, par_map};
use crate::atomic;
use crate::progress::CancelToken;
use crate::vault::{VaultInfo, journal};

const CHUNK: usize = 1 << 20;
/// How much of each end of an existing file is compared to decide it is present.
const PROBE: u64 = 64 * 1024;

pub(crate) struct FolderTarget {
    dir: PathBuf,
}

impl FolderTarget {
    pub(crate) fn new(dir: &Path) -> Self {
        FolderTarget {
            dir: dir.to_owned(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        rel.split('/').fold(self.dir.clone(), |p, c| p.join(c))
    }

    fn werr(path: &Path) -> impl FnOnce(io::Error) -> TargetError + '_ {
        move |source| TargetError::Write {
            path: path.to_owned(),
            source,
        }
    }

    fn target_len(&self, p: &Path) -> Result<Option<u64>, TargetError> {
        match fs::metadata(p) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(TargetError::ReadTarget {
                path: p.to_owned(),
                source,
            }),
        }
    }

    /// Streams `src` into a temporary file beside `to`, fsyncs it, then reads it back and
    /// compares it byte for byte with `src` read again (a comparison, not two SHA-256 passes: the
    /// same check at memory speed); returns the staged file and its length.
    fn stage(
        &self,
        src: &Source,
        to: &Path,
        cancel: &CancelToken,
    ) -> Result<(tempfile::NamedTempFile, u64), TargetError> {
        let dir = to.parent().unwrap_or(Path::new("."));
        atomic::create_dir_durable(dir).map_err(Self::werr(to))?;
        let rerr = |source| TargetError::ReadVault {
            path: src.path().to_owned(),
            source,
        };
        let mut input = src.reader()?;
        let mut tmp = atomic::temp_beside(to).map_err(Self::werr(to))?;
        let mut buf = vec![0u8; CHUNK];
        let mut total = 0u64;
        loop {
            if cancel.is_cancelled() {
                return Err(TargetError::Cancelled);
            }
            let n = read_full(&mut input, &mut buf).map_err(rerr)?;
            if n == 0 {
                break;
            }
            tmp.write_all(&buf[..n]).map_err(Self::werr(to))?;
            total += n as u64;
        }
        tmp.as_file().sync_all().map_err(Self::werr(to))?;
        drop(input);
        let mut again = src.reader()?;
        let mut back = fs::File::open(tmp.path()).map_err(Self::werr(to))?;
        let mut theirs = vec![0u8; CHUNK];
        loop {
            let n = read_full(&mut again, &mut buf).map_err(rerr)?;
            let m = read_full(&mut back, &mut theirs).map_err(Self::werr(to))?;
            if n != m || buf[..n] != theirs[..m] {
                return Err(TargetError::ReadBack {
                    path: to.to_owned(),
                });
            }
            if n == 0 {
                break;
            }
        }
        Ok((tmp, total))
    }
}

/// Reads until `buf` is full or the end; returns how much was read.
fn read_full(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// A file this module (through [`atomic::temp_beside`]) stages a copy in before it takes its name.
fn is_staging_file(name: &str) -> bool {
    name.starts_with(".tmp-") && name.ends_with(".part")
}

impl Target for FolderTarget {
    fn location(&self, rel: &str) -> PathBuf {
        self.path(rel)
    }

    fn state(&self) -> Result<TargetState, TargetError> {
        match VaultInfo::read(&self.dir) {
            Ok(info) => Ok(TargetState::Vault(info)),
            Err(_) => {
                // A run killed while it staged vault.json leaves only its staging file: that
                // folder is still an empty target, which the next run takes up and finishes.
                let empty = match fs::read_dir(&self.dir) {
                    Ok(entries) => entries.flatten().all(|e| {
                        e.file_type().is_ok_and(|t| t.is_file())
                            && is_staging_file(&e.file_name().to_string_lossy())
                    }),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => true,
                    Err(source) => {
                        return Err(TargetError::Write {
                            path: self.dir.clone(),
                            source,
                        });
                    }
                };
                Ok(if empty {
                    TargetState::Empty
                } else {
                    TargetState::Other
                })
            }
        }
    }

    fn prepare(&mut self) -> Result<Vec<String>, TargetError> {
        atomic::create_dir_durable(&self.dir).map_err(Self::werr(&self.dir))?;
        // The staging files of a backup that was killed (ciphertext, never under a real name).
        let mut warnings = Vec::new();
        for e in walkdir::WalkDir::new(&self.dir).into_iter().flatten() {
            let name = e.file_name().to_string_lossy();
            if e.file_type().is_file()
                && is_staging_file(&name)
                && let Err(err) = fs::remove_file(e.path())
            {
                warnings.push(format!(
                    "could not remove {}, left by an interrupted backup: {err}",
                    e.path().display()
                ));
            }
        }
        Ok(warnings)
    }

    fn segments(&self) -> Result<Vec<u64>, TargetError> {
        Ok(journal::list(&self.dir)
            .map_err(|source| TargetError::ReadTarget {
                path: self.dir.join(journal::JOURNAL_DIR),
                source,
            })?
            .into_iter()
            .map(|(n, _)| n)
            .collect())
    }

    fn presence(&self, rel: &str, src: &Source) -> Result<Presence, TargetError> {
        let theirs = self.path(rel);
        let Some(lb) = self.target_len(&theirs)? else {
            return Ok(Presence::Absent);
        };
        let la = src.len()?;
        if la != lb {
            return Ok(Presence::Different);
        }
        let mine = probe(&mut src.reader()?, la).map_err(|source| TargetError::ReadVault {
            path: src.path().to_owned(),
            source,
        })?;
        let rerr = |source| TargetError::ReadTarget {
            path: theirs.clone(),
            source,
        };
        let theirs_bytes =
            probe(&mut fs::File::open(&theirs).map_err(rerr)?, lb).map_err(|source| {
                TargetError::ReadTarget {
                    path: theirs.clone(),
                    source,
                }
            })?;
        Ok(if mine == theirs_bytes {
            Presence::Same
        } else {
            Presence::Different
        })
    }

    fn verify(
        &self,
        rel: &str,
        src: &Source,
        _cancel: &CancelToken,
    ) -> Result<Presence, TargetError> {
        let theirs = self.path(rel);
        let Some(lb) = self.target_len(&theirs)? else {
            return Ok(Presence::Absent);
        };
        if src.len()? != lb {
            return Ok(Presence::Different);
        }
        let mine = hash_reader(&mut src.reader()?).map_err(|source| TargetError::ReadVault {
            path: src.path().to_owned(),
            source,
        })?;
        let other = hash_file(&theirs).map_err(|source| TargetError::ReadTarget {
            path: theirs.clone(),
            source,
        })?;
        Ok(if mine == other {
            Presence::Same
        } else {
            Presence::Different
        })
    }

    fn compared_by(&self, full: bool) -> &'static str {
        if full { "sha256" } else { "probe" }
    }

    fn put_all(
        &self,
        files: &[(String, Source)],
        ordered: bool,
        copied: &(dyn Fn(usize, u64) + Sync),
        cancel: &CancelToken,
    ) -> Result<Vec<Put>, TargetError> {
        let failed = std::sync::atomic::AtomicBool::new(false);
        let put = |i: usize| -> Result<Put, TargetError> {
            if cancel.is_cancelled() {
                return Err(TargetError::Cancelled);
            }
            let (rel, src) = &files[i];
            let to = self.path(rel);
            let (tmp, n) = self.stage(src, &to, cancel)?;
            match tmp.persist_noclobber(&to) {
                Ok(_) => {}
                Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                    return Ok(Put::Conflict);
                }
                Err(e) => return Err(Self::werr(&to)(e.error)),
            }
            let dir = to.parent().unwrap_or(Path::new("."));
            atomic::sync_dir(dir).map_err(Self::werr(&to))?;
            copied(i, n);
            Ok(Put::Copied(n))
        };
        let idx: Vec<usize> = (0..files.len()).collect();
        // In order (journal segments) one at a time; objects two at a time, so that one file's
        // fsync overlaps the next one's writing. After a failure the rest is skipped.
        let workers = if ordered { 1 } else { 2 };
        let results = par_map(&idx, workers, |&i| {
            if failed.load(std::sync::atomic::Ordering::SeqCst) {
                return None;
            }
            let r = put(i);
            if r.is_err() {
                failed.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            Some(r)
        });
        // Skipped items come only after a failure, which is returned.
        results.into_iter().flatten().collect()
    }

    /// The new version is staged and checked first, the old one linked (or copied) to
    /// `keep_as`, then the staged copy renamed over `rel`: at no moment is `rel` absent or
    /// half-written.
    fn replace(
        &self,
        rel: &str,
        src: &Source,
        keep_as: &str,
        cancel: &CancelToken,
    ) -> Result<u64, TargetError> {
        let theirs = self.path(rel);
        let kept = self.path(keep_as);
        let (staged, n) = self.stage(src, &theirs, cancel)?;
        let kept_dir = kept.parent().unwrap_or(Path::new("."));
        atomic::create_dir_durable(kept_dir).map_err(Self::werr(kept_dir))?;
        fs::hard_link(&theirs, &kept)
            .or_else(|_| fs::copy(&theirs, &kept).map(|_| ()))
            .map_err(Self::werr(&kept))?;
        atomic::sync_dir(kept_dir).map_err(Self::werr(kept_dir))?;
        staged
            .persist(&theirs)
            .map_err(|e| Self::werr(&theirs)(e.error))?;
        let dir = theirs.parent().unwrap_or(Path::new("."));
        atomic::sync_dir(dir).map_err(Self::werr(dir))?;
        Ok(n)
    }

    fn finish(&self) -> Result<Vec<(String, u64)>, TargetError> {
        Ok(Vec::new())
    }
}

fn hash_reader(r: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().to_vec())
}

fn hash_file(path: &Path) -> io::Result<Vec<u8>> {
    hash_reader(&mut fs::File::open(path)?)
}

/// The first and last [`PROBE`] bytes (for files up to 2 × PROBE: all bytes) of a file of
/// length `len`.
fn probe<R: Read + Seek + ?Sized>(f: &mut R, len: u64) -> io::Result<Vec<u8>> {
    if len <= 2 * PROBE {
        let mut v = Vec::new();
        f.read_to_end(&mut v)?;
        return Ok(v);
    }
    let mut v = vec![0u8; 2 * PROBE as usize];
    f.read_exact(&mut v[..PROBE as usize])?;
    f.seek(io::SeekFrom::Start(len - PROBE))?;
    f.read_exact(&mut v[PROBE as usize..])?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_holding_only_a_killed_runs_staging_file_is_still_empty() {
        let dir = tempfile::tempdir().unwrap();
        let t = FolderTarget::new(dir.path());
        assert!(matches!(t.state().unwrap(), TargetState::Empty));
        let staged = atomic::temp_beside(&dir.path().join("vault.json")).unwrap();
        let (_file, _path) = staged.keep().unwrap();
        assert!(matches!(t.state().unwrap(), TargetState::Empty));
        fs::write(dir.path().join("notes.txt"), b"the user's own file").unwrap();
        assert!(matches!(t.state().unwrap(), TargetState::Other));
    }
}
