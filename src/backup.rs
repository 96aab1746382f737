//! Backups: an incremental, verified copy of a vault into a folder, which is itself a vault (same
//! id, same passphrase) that the program opens and `evault verify` checks.
//!
//! Everything a vault holds is an immutable file under a name that is never reused — objects,
//! thumbnails, journal segments — except the base `catalog.age`, which compaction replaces. So a
//! backup copies what the target lacks and never deletes or overwrites: each file goes to a
//! temporary name in the target, is fsynced, read back and compared with what was read from the
//! vault, and only then linked to its name (failing if the name exists) and the directory fsynced.
//! When the vault was compacted since the last backup, the target's older base is kept as
//! `bases/BASE_ID.age` (renamed, not deleted) before the new one takes its name.
//!
//! The copy is a consistent state of the vault: the list of objects comes from the catalog at
//! one journal sequence number, objects (placed before any segment naming them) are copied first,
//! then, under the catalog lock so that no commit or compaction interleaves, the base and the
//! segments up to that number.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::atomic;
use crate::objects;
use crate::progress::{CancelToken, Progress, ProgressSink};
use crate::vault::{Vault, VaultInfo, journal};

/// What one backup did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupReport {
    pub target: PathBuf,
    pub files_copied: u64,
    pub bytes_copied: u64,
    /// Files the target already held (same size and the same first and last bytes).
    pub files_present: u64,
    /// The journal sequence number the backup holds.
    pub seq: u64,
    /// The target's previous base kept under `bases/` because the vault was compacted.
    pub base_kept: Option<PathBuf>,
    /// Files in the target that differ from the vault's: reported, never overwritten.
    pub altered: Vec<PathBuf>,
    /// Things the user should know (e.g. keys.age differs: the passphrase was changed).
    pub warnings: Vec<String>,
    pub elapsed: Duration,
}

impl BackupReport {
    /// True when the target now holds a complete copy.
    pub fn is_complete(&self) -> bool {
        self.altered.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "{target} holds another vault ({found}), not this one ({expected}); choose an empty folder or this vault's backup"
    )]
    OtherVault {
        target: PathBuf,
        expected: String,
        found: String,
    },
    #[error(
        "{target} is not empty and is not a backup of a vault; choose an empty folder or an earlier backup"
    )]
    NotABackup { target: PathBuf },
    #[error(
        "the backup's journal has diverged from this vault's at {path} (a different change under the same number); nothing was changed there. Keep that backup aside and back up into a new folder"
    )]
    Diverged { path: PathBuf },
    #[error(
        "the backup in {target} is newer than this vault (it holds change {backup_seq}, the vault is at {vault_seq}); nothing was copied. Is this an older copy of the vault?"
    )]
    Ahead {
        target: PathBuf,
        backup_seq: u64,
        vault_seq: u64,
    },
    #[error("could not read {path} from the vault: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "could not write {path} into the backup: {source}; the backup is still a valid earlier backup. Free space on the target and run the backup again"
    )]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{path} was changed while it was copied into the backup (read back differently); it was not kept. Check the target drive and run the backup again"
    )]
    ReadBack { path: PathBuf },
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    #[error("cancelled; the backup is a valid earlier backup, run it again to finish")]
    Cancelled,
}

const CHUNK: usize = 1 << 20;
/// How much of each end of an existing file is compared to decide it is present: the age header
/// and the last chunk with its authentication tag. A full check is `evault verify` on the backup.
const PROBE: u64 = 64 * 1024;

/// Copies what `target` lacks from `vault` (see the module docs).
pub fn backup(
    vault: &Vault,
    target: &Path,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<BackupReport, BackupError> {
    let started = Instant::now();
    let src = vault.dir().to_owned();
    let wio = |path: &Path| {
        let path = path.to_owned();
        move |source| BackupError::Write { path, source }
    };
    check_target(vault, target)?;
    atomic::create_dir_durable(target).map_err(wio(target))?;
    let mut report = BackupReport {
        target: target.to_owned(),
        ..Default::default()
    };

    // 1. The objects and thumbnails the catalog names now (immutable: no lock needed to copy).
    let files = {
        let cat = vault.read();
        let mut files = Vec::new();
        for o in cat.stored_objects()? {
            files.push(rel(&objects::object_path(&src, &o.id), &src));
            if o.has_thumbnail {
                files.push(rel(&objects::thumb_path(&src, &o.id), &src));
            }
        }
        files
    };
    let mut prog = Progress::new("backing up");
    prog.items_total = files.len() as u64;
    prog.bytes_total = files
        .iter()
        .map(|f| fs::metadata(src.join(f)).map(|m| m.len()).unwrap_or(0))
        .sum();
    progress.update(&prog);
    if target.join("vault.json").exists() {
        if !same_file(&src.join("vault.json"), &target.join("vault.json"))? {
            report.warnings.push("vault.json differs from the backup's (the vault was migrated to a newer format since); the backup keeps its own".into());
        } else {
            report.files_present += 1;
        }
    } else {
        copy_file(&src, target, Path::new("vault.json"), &mut report, cancel)?;
    }
    if !same_file(&src.join("keys.age"), &target.join("keys.age"))? {
        if target.join("keys.age").exists() {
            report.warnings.push(
                "keys.age differs from the backup's: the passphrase was changed since the last backup; the backup still opens with the passphrase it had (the new keys.age is kept beside it as keys.age.new)".into(),
            );
            copy_to(
                &src.join("keys.age"),
                &target.join("keys.age.new"),
                &mut report,
                cancel,
                true,
            )?;
        } else {
            copy_file(&src, target, Path::new("keys.age"), &mut report, cancel)?;
        }
    } else {
        report.files_present += 1;
    }
    for f in &files {
        if cancel.is_cancelled() {
            return Err(BackupError::Cancelled);
        }
        prog.current = Some(f.clone());
        copy_file(&src, target, f, &mut report, cancel)?;
        prog.items_done += 1;
        prog.bytes_done += fs::metadata(src.join(f)).map(|m| m.len()).unwrap_or(0);
        progress.update(&prog);
    }

    // 2. The catalog, under the lock: no commit or compaction runs meanwhile.
    {
        let cat = vault.read();
        let head = cat.journal_state()?;
        copy_catalog(&src, target, &head, &mut report, cancel)?;
        // Every segment on disk is one the base does not hold yet (compaction removes the rest).
        for (_, path) in journal::list(&src).map_err(|source| BackupError::Read {
            path: src.join(journal::JOURNAL_DIR),
            source,
        })? {
            copy_file(&src, target, &rel(&path, &src), &mut report, cancel)?;
        }
        report.seq = head.seq;
        drop(cat);
    }
    report.elapsed = started.elapsed();
    prog.current = None;
    progress.update(&prog);
    Ok(report)
}

/// The target must be empty, absent, or a backup of this very vault.
fn check_target(vault: &Vault, target: &Path) -> Result<(), BackupError> {
    let expected = &vault.info().vault_id;
    match VaultInfo::read(target) {
        Ok(info) if &info.vault_id == expected => Ok(()),
        Ok(info) => Err(BackupError::OtherVault {
            target: target.to_owned(),
            expected: expected.clone(),
            found: info.vault_id,
        }),
        Err(_) => {
            let empty = match fs::read_dir(target) {
                Ok(mut entries) => entries.next().is_none(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => true,
                Err(source) => {
                    return Err(BackupError::Write {
                        path: target.to_owned(),
                        source,
                    });
                }
            };
            if empty {
                Ok(())
            } else {
                Err(BackupError::NotABackup {
                    target: target.to_owned(),
                })
            }
        }
    }
}

/// The base: copied when the target has none; when the vault was compacted since (another base
/// id), the target's base is first kept as `bases/catalog-TIME.age`. The target's journal must be a
/// prefix of the vault's: a segment held by both must be the same bytes.
fn copy_catalog(
    src: &Path,
    target: &Path,
    head: &crate::catalog::JournalState,
    report: &mut BackupReport,
    cancel: &CancelToken,
) -> Result<(), BackupError> {
    for (n, path) in journal::list(target).map_err(|source| BackupError::Read {
        path: target.join(journal::JOURNAL_DIR),
        source,
    })? {
        let mine = journal::segment_path(src, n);
        if mine.exists() && !same_file(&mine, &path)? {
            return Err(BackupError::Diverged { path });
        }
        if n > head.seq && !mine.exists() {
            return Err(BackupError::Ahead {
                target: target.to_owned(),
                backup_seq: n,
                vault_seq: head.seq,
            });
        }
    }
    let base = Path::new("catalog.age");
    let theirs = target.join(base);
    if !theirs.exists() {
        return copy_file(src, target, base, report, cancel);
    }
    if same_file(&src.join(base), &theirs)? {
        report.files_present += 1;
        return Ok(());
    }
    // Another base: the vault was compacted since the last backup (its base id is new). Keep the
    // target's base under its own name, then put the new one in place.
    let kept_dir = target.join("bases");
    atomic::create_dir_durable(&kept_dir).map_err(|source| BackupError::Write {
        path: kept_dir.clone(),
        source,
    })?;
    let kept = kept_dir.join(format!(
        "catalog-{}.age",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
    ));
    let staged = target.join(".tmp-catalog.age.new.part");
    let _ = fs::remove_file(&staged);
    copy_to(&src.join(base), &staged, report, cancel, false)?;
    fs::hard_link(&theirs, &kept)
        .or_else(|_| fs::copy(&theirs, &kept).map(|_| ()))
        .map_err(|source| BackupError::Write {
            path: kept.clone(),
            source,
        })?;
    atomic::sync_dir(&kept_dir).map_err(|source| BackupError::Write {
        path: kept_dir.clone(),
        source,
    })?;
    fs::rename(&staged, &theirs).map_err(|source| BackupError::Write {
        path: theirs.clone(),
        source,
    })?;
    atomic::sync_dir(target).map_err(|source| BackupError::Write {
        path: target.to_owned(),
        source,
    })?;
    report.base_kept = Some(kept);
    Ok(())
}

/// `rel` from the vault to the same place in the target, unless it is there already.
fn copy_file(
    src: &Path,
    target: &Path,
    rel: &Path,
    report: &mut BackupReport,
    cancel: &CancelToken,
) -> Result<(), BackupError> {
    let from = src.join(rel);
    let to = target.join(rel);
    if to.exists() {
        if same_file(&from, &to)? {
            report.files_present += 1;
        } else {
            report.altered.push(to);
        }
        return Ok(());
    }
    copy_to(&from, &to, report, cancel, true)
}

/// Streams `from` into a temporary file beside `to`, fsyncs it, reads it back and compares the
/// SHA-256 with what was read, then links it to `to` (never replacing a file) when `publish`,
/// else leaves it at `to` as a staged file the caller renames.
fn copy_to(
    from: &Path,
    to: &Path,
    report: &mut BackupReport,
    cancel: &CancelToken,
    publish: bool,
) -> Result<(), BackupError> {
    let dir = to.parent().unwrap_or(Path::new("."));
    let werr = |source| BackupError::Write {
        path: to.to_owned(),
        source,
    };
    atomic::create_dir_durable(dir).map_err(werr)?;
    let mut input = File::open(from).map_err(|source| BackupError::Read {
        path: from.to_owned(),
        source,
    })?;
    let mut tmp = atomic::temp_beside(to).map_err(werr)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut n_total = 0u64;
    loop {
        if cancel.is_cancelled() {
            return Err(BackupError::Cancelled);
        }
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Err(BackupError::Read {
                    path: from.to_owned(),
                    source,
                });
            }
        };
        hasher.update(&buf[..n]);
        tmp.write_all(&buf[..n]).map_err(werr)?;
        n_total += n as u64;
    }
    tmp.as_file().sync_all().map_err(werr)?;
    let wrote = hasher.finalize();
    if hash_file(tmp.path()).map_err(werr)? != wrote.as_slice() {
        return Err(BackupError::ReadBack {
            path: to.to_owned(),
        });
    }
    if publish {
        tmp.persist_noclobber(to).map_err(|e| werr(e.error))?;
    } else {
        tmp.persist(to).map_err(|e| werr(e.error))?;
    }
    atomic::sync_dir(dir).map_err(werr)?;
    report.files_copied += 1;
    report.bytes_copied += n_total;
    Ok(())
}

fn hash_file(path: &Path) -> io::Result<Vec<u8>> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().to_vec())
}

/// Same size, and the same first and last [`PROBE`] bytes (for files up to 2 × PROBE: all bytes).
fn same_file(a: &Path, b: &Path) -> Result<bool, BackupError> {
    let meta = |p: &Path| match fs::metadata(p) {
        Ok(m) => Ok(Some(m.len())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(BackupError::Read {
            path: p.to_owned(),
            source,
        }),
    };
    let (Some(la), Some(lb)) = (meta(a)?, meta(b)?) else {
        return Ok(false);
    };
    if la != lb {
        return Ok(false);
    }
    let read = |p: &Path| -> Result<Vec<u8>, BackupError> {
        let rerr = |source| BackupError::Read {
            path: p.to_owned(),
            source,
        };
        let mut f = File::open(p).map_err(rerr)?;
        if la <= 2 * PROBE {
            let mut v = Vec::new();
            f.read_to_end(&mut v).map_err(rerr)?;
            return Ok(v);
        }
        let mut v = vec![0u8; 2 * PROBE as usize];
        f.read_exact(&mut v[..PROBE as usize]).map_err(rerr)?;
        use std::io::Seek;
        f.seek(io::SeekFrom::Start(la - PROBE)).map_err(rerr)?;
        f.read_exact(&mut v[PROBE as usize..]).map_err(rerr)?;
        Ok(v)
    };
    Ok(read(a)? == read(b)?)
}

fn rel(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_owned()
}
