//! Backups: an incremental, verified copy of a vault into a folder or, through the installed
//! `rclone`, onto a remote (`rclone:REMOTE:PATH`: SFTP, S3, WebDAV…). A backup is itself a vault
//! (same id, same passphrase) that the program opens and `evault verify` checks.
//!
//! Everything a vault holds is an immutable file under a name that is never reused — objects,
//! thumbnails, journal segments — except the base `catalog.age`, which compaction replaces, and
//! drafts. So a backup copies what the target lacks and never deletes or overwrites: each file
//! goes to a temporary name in the target, is checked there against what was read from the vault
//! (read back and hashed in a folder; hashed by the remote, or read back, through rclone), and only
//! then takes its name, never replacing a file. When the vault was compacted since the last backup,
//! the target's older base is kept as `bases/catalog-TIME.age` (renamed, not deleted) before the
//! new one takes its name.
//!
//! Drafts (`drafts/ID.age`, typed testimony not yet committed) are the one kind of file a vault
//! rewrites under the same name. The backup copies each one it lacks; when it holds an older
//! version, that version is first kept as `drafts/earlier/ID-TIME.age` (a name the vault never
//! lists), so nothing in the target is ever lost. Drafts the vault has discarded stay in the
//! backup.
//!
//! The copy is a consistent state of the vault: the objects the catalog names at one journal
//! sequence number are copied without the catalog lock (objects are placed before any segment
//! naming them); then, under the lock, the catalog is checked to be still at that number (else the
//! new objects are copied and it is checked again) and the base and the segments are taken — the
//! base as an open file, the segments the target lacks read into memory — so that they are
//! uploaded after the lock is released (a compaction or commit meanwhile changes nothing in
//! them). The base goes before the segments, and segments go in order, so the target opens at
//! every moment.
//!
//! How a target decides a file it already holds is the vault's ([`Target::presence`]): a folder
//! compares the size and the first and last 64 KiB (the age header and the last authenticated
//! chunk); an rclone remote compares the size and the whole file's hash as the backend reports it
//! (SHA-256, SHA-1 or MD5, in that order of preference, against the same hash of the vault's
//! file), and, on a backend without hashes, downloads the backup's files once and hashes them.
//! [`check_backup`] compares every file in full and writes nothing.

mod folder;
mod rclone;

use std::collections::{BTreeSet, HashSet};
use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::objects;
use crate::progress::{CancelToken, Progress, ProgressSink};
use crate::vault::{DRAFTS_DIR, DraftId, Vault, VaultInfo, journal};

pub use rclone::{RcloneError, RcloneOptions, version as rclone_version};

/// Where a backup keeps the versions of drafts it held before the vault's newer ones.
pub const EARLIER_DRAFTS_DIR: &str = "earlier";
/// Where a backup keeps replaced catalog bases (and key files).
pub const KEPT_DIR: &str = "bases";
/// How many times the object list is taken again when the vault keeps changing during a backup
/// before the remaining new objects are copied under the catalog lock.
const CONSISTENCY_ROUNDS: usize = 3;

/// Where a backup goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupTarget {
    /// A folder (an external drive, say): empty, absent, or an earlier backup of this vault.
    Folder(PathBuf),
    /// `rclone:REMOTE:PATH`: a remote configured in rclone, reached through the `rclone` program.
    Rclone(RcloneRemote),
}

/// An rclone remote and how to run rclone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RcloneRemote {
    /// `REMOTE:PATH` exactly as rclone takes it (`myserver:backups/vault`, `:local:/mnt/x`…).
    pub spec: String,
    pub options: RcloneOptions,
}

impl BackupTarget {
    /// `rclone:REMOTE:PATH` is a remote, anything else a folder (write `./rclone:x` for a folder
    /// of that name).
    pub fn parse(target: &OsStr) -> Result<Self, RcloneError> {
        match target.to_str().and_then(|s| s.strip_prefix("rclone:")) {
            Some(spec) => Ok(BackupTarget::Rclone(RcloneRemote::new(spec)?)),
            None => Ok(BackupTarget::Folder(PathBuf::from(target))),
        }
    }
}

impl RcloneRemote {
    /// A remote with default [`RcloneOptions`]; `spec` must name a remote (`REMOTE:PATH`).
    pub fn new(spec: &str) -> Result<Self, RcloneError> {
        rclone::check_spec(spec)?;
        Ok(RcloneRemote {
            spec: spec.to_owned(),
            options: RcloneOptions::default(),
        })
    }
}

impl fmt::Display for BackupTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupTarget::Folder(p) => write!(f, "{}", p.display()),
            BackupTarget::Rclone(r) => write!(f, "rclone:{}", r.spec),
        }
    }
}

/// What one backup did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupReport {
    /// The target as the user named it (`rclone:REMOTE:PATH` for a remote).
    pub target: PathBuf,
    pub files_copied: u64,
    pub bytes_copied: u64,
    /// Files the target already held (see the module docs for how that is decided).
    pub files_present: u64,
    /// The journal sequence number the backup holds.
    pub seq: u64,
    /// The target's previous base kept under `bases/` because the vault was compacted.
    pub base_kept: Option<PathBuf>,
    /// Files in the target that differ from the vault's: reported, never overwritten.
    pub altered: Vec<PathBuf>,
    /// Things the user should know (e.g. keys.age differs: the passphrase was changed).
    pub warnings: Vec<String>,
    /// How files already in the target were compared: `probe` (a folder: size, first and last
    /// 64 KiB), or the hash an rclone backend offers (`sha256`, `sha1`, `md5`, or `download` when
    /// it offers none and the files were read back).
    pub compared_by: &'static str,
    pub elapsed: Duration,
}

impl BackupReport {
    /// True when the target now holds a complete copy.
    pub fn is_complete(&self) -> bool {
        self.altered.is_empty()
    }
}

/// What checking a backup found. Nothing is written into the target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub target: PathBuf,
    pub files_checked: u64,
    pub bytes_checked: u64,
    /// Files of the vault the backup lacks (not backed up yet).
    pub missing: Vec<PathBuf>,
    /// Files the backup holds with other bytes than the vault's under a name that never changes
    /// (an object, a thumbnail, a journal segment): damage.
    pub altered: Vec<PathBuf>,
    /// Files the backup holds in an older version than the vault's where the vault replaces them
    /// (the base after a compaction, a draft, keys.age after a passphrase change): the next
    /// backup brings them up to date, keeping the old ones aside.
    pub outdated: Vec<PathBuf>,
    pub warnings: Vec<String>,
    /// How the contents were compared: `sha256` (a folder: every byte of both sides), or the
    /// hash of the rclone backend, or `download`.
    pub compared_by: &'static str,
    /// The vault's journal sequence number at the check.
    pub seq: u64,
    pub elapsed: Duration,
}

impl CheckReport {
    /// True when the backup holds every file of the vault with the vault's bytes.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.altered.is_empty() && self.outdated.is_empty()
    }
}

/// What to do about a write that failed, by its cause (a full drive is not a missing folder).
fn write_advice(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::StorageFull => {
            "the backup is still a valid earlier backup. Free space on the target and run the backup again"
        }
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => {
            "the backup is still a valid earlier backup. This target cannot be written to: choose another folder or drive"
        }
        io::ErrorKind::NotFound => {
            "the folder cannot be made there: check that the drive is plugged in and that the path is right"
        }
        _ => {
            "the backup is still a valid earlier backup. Check the target drive and run the backup again"
        }
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
    #[error("{target} is the vault itself; back up to another folder or drive")]
    IsTheVault { target: PathBuf },
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
    #[error("could not read {path} in the backup: {source}")]
    ReadBackup { path: PathBuf, source: io::Error },
    #[error(
        "could not write {path} into the backup: {source}; {}",
        write_advice(source)
    )]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{path} was changed while it was copied into the backup (read back differently); it was not kept. Check the target drive and run the backup again"
    )]
    ReadBack { path: PathBuf },
    #[error("{0}; the backup is still a valid earlier backup, run it again when the remote works")]
    Remote(#[from] RcloneError),
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    #[error("cancelled; the backup is a valid earlier backup, run it again to finish")]
    Cancelled,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(
        "{target} holds another vault ({found}), not this one ({expected}): it is not this vault's backup"
    )]
    OtherVault {
        target: PathBuf,
        expected: String,
        found: String,
    },
    #[error("{target} holds no backup of a vault (no vault.json)")]
    NoBackup { target: PathBuf },
    #[error("could not read {path} from the vault: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("could not read {path} in the backup: {source}")]
    ReadBackup { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Remote(#[from] RcloneError),
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    #[error("cancelled; nothing was written into the backup")]
    Cancelled,
}

/// What a target's operations fail with; converted into the error of the operation.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TargetError {
    #[error("could not read {path} from the vault: {source}")]
    ReadVault { path: PathBuf, source: io::Error },
    #[error("could not read {path} in the backup: {source}")]
    ReadTarget { path: PathBuf, source: io::Error },
    #[error("could not write {path} into the backup: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("{path} read back differently")]
    ReadBack { path: PathBuf },
    #[error(transparent)]
    Remote(#[from] RcloneError),
    #[error("cancelled")]
    Cancelled,
}

impl From<TargetError> for BackupError {
    fn from(e: TargetError) -> Self {
        match e {
            TargetError::ReadVault { path, source } => BackupError::Read { path, source },
            TargetError::ReadTarget { path, source } => BackupError::ReadBackup { path, source },
            TargetError::Write { path, source } => BackupError::Write { path, source },
            TargetError::ReadBack { path } => BackupError::ReadBack { path },
            TargetError::Remote(RcloneError::Cancelled) | TargetError::Cancelled => {
                BackupError::Cancelled
            }
            TargetError::Remote(e) => BackupError::Remote(e),
        }
    }
}

impl From<TargetError> for CheckError {
    fn from(e: TargetError) -> Self {
        match e {
            TargetError::ReadVault { path, source } => CheckError::Read { path, source },
            TargetError::ReadTarget { path, source } | TargetError::Write { path, source } => {
                CheckError::ReadBackup { path, source }
            }
            TargetError::ReadBack { path } => CheckError::ReadBackup {
                path,
                source: io::Error::other("read back differently"),
            },
            TargetError::Remote(RcloneError::Cancelled) | TargetError::Cancelled => {
                CheckError::Cancelled
            }
            TargetError::Remote(e) => CheckError::Remote(e),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What a target is to the backup

/// Whether a target holds a file with the vault's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Presence {
    Absent,
    Same,
    Different,
}

/// What a target holds at its top.
pub(crate) enum TargetState {
    /// Absent or empty: a first backup.
    Empty,
    /// A vault (an earlier backup, or another vault's).
    Vault(VaultInfo),
    /// Something else.
    Other,
}

/// How one file of [`Target::put_all`] went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Put {
    /// Copied, checked and under its name: this many bytes.
    Copied(u64),
    /// A file took the name meanwhile; nothing was replaced.
    Conflict,
}

/// A backup target: a folder ([`folder::FolderTarget`]) or an rclone remote
/// ([`rclone::RcloneTarget`]). Paths (`rel`) are relative to the target, with `/` separators.
/// Nothing here deletes or overwrites a file of the backup; `replace` keeps the old version under
/// another name first.
pub(crate) trait Target: Sync {
    /// Where `rel` is, for messages (`rclone:REMOTE:PATH/rel` for a remote).
    fn location(&self, rel: &str) -> PathBuf;
    /// What the target holds.
    fn state(&self) -> Result<TargetState, TargetError>;
    /// Makes the target ready to be written (creates the folder; clears the temporary files of
    /// an interrupted backup). Returns things worth telling the user.
    fn prepare(&mut self) -> Result<Vec<String>, TargetError>;
    /// The journal segments the target holds.
    fn segments(&self) -> Result<Vec<u64>, TargetError>;
    /// Whether the target holds `rel` with `src`'s bytes, by the target's quick rule.
    fn presence(&self, rel: &str, src: &Source) -> Result<Presence, TargetError>;
    /// The same by every byte (or the whole file's hash): for [`check_backup`].
    fn verify(
        &self,
        rel: &str,
        src: &Source,
        cancel: &CancelToken,
    ) -> Result<Presence, TargetError>;
    /// How `presence` and `verify` compare contents (see [`BackupReport::compared_by`]).
    fn compared_by(&self, full: bool) -> &'static str;
    /// Copies each file to a temporary name, checks it there, then gives it its name without
    /// replacing anything; in the given order when `ordered`. `copied(i, bytes)` is called as
    /// file `i` is in place. A target that learns only later that a name was taken meanwhile
    /// says so in [`Target::finish`].
    fn put_all(
        &self,
        files: &[(String, Source)],
        ordered: bool,
        copied: &(dyn Fn(usize, u64) + Sync),
        cancel: &CancelToken,
    ) -> Result<Vec<Put>, TargetError>;
    /// Puts `src` at `rel`, which holds other bytes, having first kept those as `keep_as`.
    fn replace(
        &self,
        rel: &str,
        src: &Source,
        keep_as: &str,
        cancel: &CancelToken,
    ) -> Result<u64, TargetError>;
    /// Removes what this run left in the target's temporary area; returns the files (and their
    /// sizes) reported copied that found their name taken when they were moved there, and were
    /// therefore not placed.
    fn finish(&self) -> Result<Vec<(String, u64)>, TargetError>;
}

/// Where the bytes of a file to back up come from: the vault's file by name (objects, drafts), a
/// file opened under the catalog lock (the base: it stays readable when compaction renames a new
/// one over it), or bytes read under the lock (journal segments).
pub(crate) struct Source {
    path: PathBuf,
    data: Data,
}

enum Data {
    Named,
    Open(File),
    Bytes(Vec<u8>),
}

pub(crate) trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

impl Source {
    pub(crate) fn named(path: PathBuf) -> Self {
        Source {
            path,
            data: Data::Named,
        }
    }

    fn open_now(path: PathBuf) -> Result<Self, TargetError> {
        let f = File::open(&path).map_err(|source| TargetError::ReadVault {
            path: path.clone(),
            source,
        })?;
        Ok(Source {
            path,
            data: Data::Open(f),
        })
    }

    fn bytes(path: PathBuf, bytes: Vec<u8>) -> Self {
        Source {
            path,
            data: Data::Bytes(bytes),
        }
    }

    /// The vault file it comes from.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn rerr(&self) -> impl FnOnce(io::Error) -> TargetError + '_ {
        |source| TargetError::ReadVault {
            path: self.path.clone(),
            source,
        }
    }

    pub(crate) fn len(&self) -> Result<u64, TargetError> {
        match &self.data {
            Data::Named => fs::metadata(&self.path)
                .map(|m| m.len())
                .map_err(self.rerr()),
            Data::Open(f) => f.metadata().map(|m| m.len()).map_err(self.rerr()),
            Data::Bytes(b) => Ok(b.len() as u64),
        }
    }

    /// A reader at the start of the bytes.
    pub(crate) fn reader(&self) -> Result<Box<dyn ReadSeek + '_>, TargetError> {
        match &self.data {
            Data::Named => Ok(Box::new(File::open(&self.path).map_err(self.rerr())?)),
            Data::Open(f) => {
                let mut r = f;
                r.rewind().map_err(self.rerr())?;
                Ok(Box::new(r))
            }
            Data::Bytes(b) => Ok(Box::new(io::Cursor::new(b.as_slice()))),
        }
    }

    /// True when the file it names is gone (a draft discarded while the backup ran).
    fn vanished(e: &TargetError) -> bool {
        matches!(e, TargetError::ReadVault { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }
}

/// `objects/ab/ID.age` and `thumbs/ab/ID.age` relative to a vault.
fn object_rels(cat: &crate::catalog::Catalog) -> Result<Vec<String>, crate::catalog::CatalogError> {
    let mut out = Vec::new();
    for o in cat.stored_objects()? {
        out.push(rel_of(&objects::object_path(Path::new(""), &o.id)));
        if o.has_thumbnail {
            out.push(rel_of(&objects::thumb_path(Path::new(""), &o.id)));
        }
    }
    Ok(out)
}

fn rel_of(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn seg_rel(n: u64) -> String {
    format!("{}/{}", journal::JOURNAL_DIR, journal::segment_name(n))
}

fn vault_path(src: &Path, rel: &str) -> PathBuf {
    rel.split('/').fold(src.to_owned(), |p, c| p.join(c))
}

fn stamp() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string()
}

fn open_target(
    target: &BackupTarget,
    cancel: &CancelToken,
) -> Result<Box<dyn Target>, TargetError> {
    Ok(match target {
        BackupTarget::Folder(p) => Box::new(folder::FolderTarget::new(p)),
        BackupTarget::Rclone(r) => Box::new(rclone::RcloneTarget::open(r, cancel)?),
    })
}

/// Runs `f` on every item with `workers` threads; results in the items' order.
fn par_map<T: Sync, R: Send>(items: &[T], workers: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = workers.clamp(1, items.len().max(1));
    if workers == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    out.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    out.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was mapped"))
        .collect()
}

fn cores() -> usize {
    crate::progress::worker_count(0, usize::MAX)
}

/// Progress shared by the workers of one operation.
struct Prog<'a> {
    sink: &'a dyn ProgressSink,
    p: Mutex<Progress>,
}

impl<'a> Prog<'a> {
    fn new(sink: &'a dyn ProgressSink, phase: &'static str) -> Self {
        Prog {
            sink,
            p: Mutex::new(Progress::new(phase)),
        }
    }
    fn with(&self, f: impl FnOnce(&mut Progress)) {
        let mut p = self.p.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut p);
        self.sink.update(&p);
    }
    fn total(&self, items: u64, bytes: u64) {
        self.with(|p| {
            p.items_total += items;
            p.bytes_total += bytes;
        })
    }
    fn done(&self, rel: &str, bytes: u64) {
        self.with(|p| {
            p.items_done += 1;
            p.bytes_done += bytes;
            p.current = Some(PathBuf::from(rel));
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Backup

/// Copies what the folder `target` lacks from `vault` (see the module docs).
pub fn backup(
    vault: &Vault,
    target: &Path,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<BackupReport, BackupError> {
    backup_to(
        vault,
        &BackupTarget::Folder(target.to_owned()),
        progress,
        cancel,
    )
}

/// Copies what `target` lacks from `vault` (see the module docs). A cancelled or failed backup
/// leaves the target a valid earlier backup; running it again finishes it.
pub fn backup_to(
    vault: &Vault,
    target: &BackupTarget,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<BackupReport, BackupError> {
    let started = Instant::now();
    let src = vault.dir().to_owned();
    let name = PathBuf::from(target.to_string());
    if let BackupTarget::Folder(p) = target
        && let (Ok(a), Ok(b)) = (fs::canonicalize(p), fs::canonicalize(&src))
        && a == b
    {
        return Err(BackupError::IsTheVault { target: name });
    }
    let mut t = open_target(target, cancel)?;
    check_identity(vault, t.as_ref(), &name)?;
    let mut report = BackupReport {
        target: name.clone(),
        compared_by: t.compared_by(false),
        ..Default::default()
    };
    report.warnings.extend(t.prepare()?);
    let t = t.as_ref();
    let prog = Prog::new(progress, "backing up");
    prog.with(|_| {});

    // 0. The target's journal must be a prefix of the vault's.
    {
        let cat = vault.read();
        let head = cat.journal_state()?;
        check_journal(t, &src, head.seq, &name)?;
    }

    // 1. vault.json and keys.age.
    let mut first = Vec::new();
    let info = Source::named(src.join("vault.json"));
    match t.presence("vault.json", &info)? {
        Presence::Absent => first.push(("vault.json".to_owned(), info)),
        Presence::Same => report.files_present += 1,
        Presence::Different => report.warnings.push("vault.json differs from the backup's (the vault was migrated to a newer format since); the backup keeps its own".into()),
    }
    let keys = Source::named(src.join("keys.age"));
    match t.presence("keys.age", &keys)? {
        Presence::Absent => first.push(("keys.age".to_owned(), keys)),
        Presence::Same => report.files_present += 1,
        Presence::Different => {
            report.warnings.push(
                "keys.age differs from the backup's: the passphrase was changed since the last backup; the backup still opens with the passphrase it had (the new keys.age is kept beside it as keys.age.new)".into(),
            );
            let new = "keys.age.new";
            match t.presence(new, &keys)? {
                Presence::Absent => first.push((new.to_owned(), keys)),
                Presence::Same => report.files_present += 1,
                Presence::Different => {
                    let kept = format!("{KEPT_DIR}/keys-{}.age.new", stamp());
                    let n = t.replace(new, &keys, &kept, cancel)?;
                    report.files_copied += 1;
                    report.bytes_copied += n;
                }
            }
        }
    }
    prog.total(first.len() as u64, 0);
    copy_all(t, first, true, &prog, &mut report, cancel)?;

    // 2. The objects and thumbnails the catalog names, without the lock, until the catalog is
    //    still where it was when they were listed; then, under the lock, the catalog files.
    let mut done: HashSet<String> = HashSet::new();
    let mut round = 0;
    let (head, base, segments) = loop {
        let (rels, state) = {
            let cat = vault.read();
            (object_rels(&cat)?, cat.journal_state()?)
        };
        let todo: Vec<String> = rels.into_iter().filter(|r| !done.contains(r)).collect();
        copy_immutable(t, &src, &todo, &prog, &mut report, cancel)?;
        done.extend(todo);
        let cat = vault.read();
        let now = cat.journal_state()?;
        round += 1;
        if now.base_id != state.base_id || now.seq != state.seq {
            if round < CONSISTENCY_ROUNDS {
                continue;
            }
            // The vault keeps changing: copy the last new objects with the lock held.
            let todo: Vec<String> = object_rels(&cat)?
                .into_iter()
                .filter(|r| !done.contains(r))
                .collect();
            copy_immutable(t, &src, &todo, &prog, &mut report, cancel)?;
            done.extend(todo);
        }
        // The base, open (it stays readable if a compaction renames a new one over it), and the
        // segments the target lacks, read (compaction removes segments).
        let base = Source::open_now(src.join("catalog.age"))?;
        let held: BTreeSet<u64> = t.segments()?.into_iter().collect();
        let mut segments = Vec::new();
        for (n, path) in journal::list(&src).map_err(|source| BackupError::Read {
            path: src.join(journal::JOURNAL_DIR),
            source,
        })? {
            if held.contains(&n) {
                report.files_present += 1; // compared in step 0
                continue;
            }
            match fs::read(&path) {
                Ok(bytes) => segments.push((seg_rel(n), Source::bytes(path, bytes))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {} // folded into the base
                Err(source) => return Err(BackupError::Read { path, source }),
            }
        }
        break (now, base, segments);
    };

    // 3. The base, then the segments in order: the target opens at every moment.
    let mut catalog = Vec::new();
    match t.presence("catalog.age", &base)? {
        Presence::Absent => catalog.push(("catalog.age".to_owned(), base)),
        Presence::Same => report.files_present += 1,
        Presence::Different => {
            // Another base: the vault was compacted since the last backup. Keep the target's.
            let kept = format!("{KEPT_DIR}/catalog-{}.age", stamp());
            let n = t.replace("catalog.age", &base, &kept, cancel)?;
            report.files_copied += 1;
            report.bytes_copied += n;
            report.base_kept = Some(t.location(&kept));
        }
    }
    catalog.extend(segments);
    prog.total(catalog.len() as u64, 0);
    copy_all(t, catalog, true, &prog, &mut report, cancel)?;
    report.seq = head.seq;

    // 4. Drafts (no lock: each is replaced atomically, so any copy is a whole version).
    copy_drafts(t, &src, &prog, &mut report, cancel)?;

    // Files that met a file under their own name at the last moment (not replaced).
    for (rel, n) in t.finish()? {
        report.files_copied -= 1;
        report.bytes_copied -= n;
        report.altered.push(t.location(&rel));
    }
    report.elapsed = started.elapsed();
    prog.with(|p| p.current = None);
    Ok(report)
}

/// The target must be empty, absent, or a backup of this very vault.
fn check_identity(vault: &Vault, t: &dyn Target, name: &Path) -> Result<(), BackupError> {
    let expected = &vault.info().vault_id;
    match t.state()? {
        TargetState::Empty => Ok(()),
        TargetState::Vault(info) if &info.vault_id == expected => Ok(()),
        TargetState::Vault(info) => Err(BackupError::OtherVault {
            target: name.to_owned(),
            expected: expected.clone(),
            found: info.vault_id,
        }),
        TargetState::Other => Err(BackupError::NotABackup {
            target: name.to_owned(),
        }),
    }
}

/// A segment held by both must be the same bytes; the target must not be ahead of the vault.
fn check_journal(
    t: &dyn Target,
    src: &Path,
    head_seq: u64,
    name: &Path,
) -> Result<(), BackupError> {
    let mine: std::collections::BTreeMap<u64, PathBuf> = journal::list(src)
        .map_err(|source| BackupError::Read {
            path: src.join(journal::JOURNAL_DIR),
            source,
        })?
        .into_iter()
        .collect();
    let theirs = t.segments()?;
    let both: Vec<(u64, &PathBuf)> = theirs
        .iter()
        .filter_map(|n| mine.get(n).map(|p| (*n, p)))
        .collect();
    let found = par_map(&both, cores(), |(n, p)| {
        t.presence(&seg_rel(*n), &Source::named((*p).clone()))
    });
    for ((n, _), presence) in both.iter().zip(found) {
        match presence {
            Ok(Presence::Different) => {
                return Err(BackupError::Diverged {
                    path: t.location(&seg_rel(*n)),
                });
            }
            Ok(_) => {}
            Err(e) if Source::vanished(&e) => {} // folded into a base meanwhile
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(&n) = theirs
        .iter()
        .rev()
        .find(|n| **n > head_seq && !mine.contains_key(n))
    {
        return Err(BackupError::Ahead {
            target: name.to_owned(),
            backup_seq: n,
            vault_seq: head_seq,
        });
    }
    Ok(())
}

/// Objects and thumbnails: what the target holds is counted (or reported as altered), the rest
/// copied.
fn copy_immutable(
    t: &dyn Target,
    src: &Path,
    rels: &[String],
    prog: &Prog,
    report: &mut BackupReport,
    cancel: &CancelToken,
) -> Result<(), BackupError> {
    let sources: Vec<(String, Source)> = rels
        .iter()
        .map(|r| (r.clone(), Source::named(vault_path(src, r))))
        .collect();
    let sizes: Vec<u64> = sources.iter().map(|(_, s)| s.len().unwrap_or(0)).collect();
    prog.total(sources.len() as u64, sizes.iter().sum());
    let found = par_map(&sources, cores(), |(rel, s)| {
        if cancel.is_cancelled() {
            return Err(TargetError::Cancelled);
        }
        t.presence(rel, s)
    });
    let mut lacking = Vec::new();
    for (((rel, s), size), presence) in sources.into_iter().zip(sizes).zip(found) {
        match presence? {
            Presence::Absent => {
                lacking.push((rel, s));
                continue;
            }
            Presence::Same => report.files_present += 1,
            Presence::Different => report.altered.push(t.location(&rel)),
        }
        prog.done(&rel, size);
    }
    copy_all(t, lacking, false, prog, report, cancel)
}

/// Copies files the target lacks.
fn copy_all(
    t: &dyn Target,
    files: Vec<(String, Source)>,
    ordered: bool,
    prog: &Prog,
    report: &mut BackupReport,
    cancel: &CancelToken,
) -> Result<(), BackupError> {
    if files.is_empty() {
        return Ok(());
    }
    if cancel.is_cancelled() {
        return Err(BackupError::Cancelled);
    }
    let done = |i: usize, bytes: u64| prog.done(&files[i].0, bytes);
    let outcome = t.put_all(&files, ordered, &done, cancel)?;
    for ((rel, _), put) in files.iter().zip(outcome) {
        match put {
            Put::Copied(n) => {
                report.files_copied += 1;
                report.bytes_copied += n;
            }
            Put::Conflict => report.altered.push(t.location(rel)),
        }
    }
    Ok(())
}

/// The vault's drafts (`drafts/ID.age`).
fn vault_drafts(src: &Path) -> Result<Vec<DraftId>, io::Error> {
    let dir = src.join(DRAFTS_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut ids = Vec::new();
    for entry in entries {
        let entry = entry?;
        if !entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            continue;
        }
        if let Some(id) = DraftId::from_file_name(&entry.file_name().to_string_lossy()) {
            ids.push(id);
        }
    }
    ids.sort();
    Ok(ids)
}

/// Every draft of the vault into the target's `drafts/`: copied when missing, present when the
/// same, and when the target holds another version, that one is kept as
/// `drafts/earlier/ID-TIME.age` before the vault's takes its name. A draft discarded while the
/// backup runs is skipped.
fn copy_drafts(
    t: &dyn Target,
    src: &Path,
    prog: &Prog,
    report: &mut BackupReport,
    cancel: &CancelToken,
) -> Result<(), BackupError> {
    let ids = vault_drafts(src).map_err(|source| BackupError::Read {
        path: src.join(DRAFTS_DIR),
        source,
    })?;
    prog.total(ids.len() as u64, 0);
    let mut lacking = Vec::new();
    for id in ids {
        if cancel.is_cancelled() {
            return Err(BackupError::Cancelled);
        }
        let rel = format!("{DRAFTS_DIR}/{}", id.file_name());
        // Read now: the vault replaces a draft by renaming a new version over it.
        let s = match fs::read(vault_path(src, &rel)) {
            Ok(b) => Source::bytes(vault_path(src, &rel), b),
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue, // discarded meanwhile
            Err(source) => {
                return Err(BackupError::Read {
                    path: vault_path(src, &rel),
                    source,
                });
            }
        };
        match t.presence(&rel, &s)? {
            Presence::Absent => lacking.push((rel, s)),
            Presence::Same => {
                report.files_present += 1;
                prog.done(&rel, 0);
            }
            Presence::Different => {
                let kept = format!(
                    "{DRAFTS_DIR}/{EARLIER_DRAFTS_DIR}/{}-{}.age",
                    id.as_str(),
                    stamp()
                );
                let n = t.replace(&rel, &s, &kept, cancel)?;
                report.files_copied += 1;
                report.bytes_copied += n;
                prog.done(&rel, n);
            }
        }
    }
    copy_all(t, lacking, false, prog, report, cancel)
}

// ---------------------------------------------------------------------------------------------
// Check

/// Checks that `target` holds every file of the vault with the vault's bytes — every byte of
/// both sides in a folder, the whole file's hash on a remote — and writes nothing into it. The
/// vault's state is taken at one moment (under the catalog lock, as a backup does).
pub fn check_backup(
    vault: &Vault,
    target: &BackupTarget,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<CheckReport, CheckError> {
    let started = Instant::now();
    let src = vault.dir().to_owned();
    let t = open_target(target, cancel)?;
    let t = t.as_ref();
    let name = PathBuf::from(target.to_string());
    let expected = &vault.info().vault_id;
    match t.state()? {
        TargetState::Vault(info) if &info.vault_id == expected => {}
        TargetState::Vault(info) => {
            return Err(CheckError::OtherVault {
                target: name,
                expected: expected.clone(),
                found: info.vault_id,
            });
        }
        TargetState::Empty | TargetState::Other => {
            return Err(CheckError::NoBackup { target: name });
        }
    }
    let mut report = CheckReport {
        target: name,
        compared_by: t.compared_by(true),
        ..Default::default()
    };

    // The vault's files at one moment.
    let rerr = |path: PathBuf| move |source| CheckError::Read { path, source };
    let mut files: Vec<(String, Source)> = vec![
        ("vault.json".into(), Source::named(src.join("vault.json"))),
        ("keys.age".into(), Source::named(src.join("keys.age"))),
    ];
    {
        let cat = vault.read();
        report.seq = cat.journal_state()?.seq;
        for r in object_rels(&cat)? {
            let p = vault_path(&src, &r);
            files.push((r, Source::named(p)));
        }
        files.push((
            "catalog.age".into(),
            Source::open_now(src.join("catalog.age"))?,
        ));
        let segs = journal::list(&src).map_err(rerr(src.join(journal::JOURNAL_DIR)))?;
        for (n, path) in segs {
            match fs::read(&path) {
                Ok(b) => files.push((seg_rel(n), Source::bytes(path, b))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(source) => return Err(CheckError::Read { path, source }),
            }
        }
    }
    for id in vault_drafts(&src).map_err(rerr(src.join(DRAFTS_DIR)))? {
        let rel = format!("{DRAFTS_DIR}/{}", id.file_name());
        if let Ok(b) = fs::read(vault_path(&src, &rel)) {
            files.push((rel.clone(), Source::bytes(vault_path(&src, &rel), b)));
        }
    }

    let prog = Prog::new(progress, "checking backup");
    let sizes: Vec<u64> = files.iter().map(|(_, s)| s.len().unwrap_or(0)).collect();
    prog.total(files.len() as u64, sizes.iter().sum());
    let found = par_map(&files, cores(), |(rel, s)| {
        if cancel.is_cancelled() {
            return Err(TargetError::Cancelled);
        }
        let r = t.verify(rel, s, cancel);
        prog.done(rel, s.len().unwrap_or(0));
        r
    });
    for (((rel, s), size), presence) in files.iter().zip(sizes).zip(found) {
        let presence = match presence {
            Err(e) if Source::vanished(&e) => continue,
            other => other?,
        };
        report.files_checked += 1;
        report.bytes_checked += size;
        let at = t.location(rel);
        match presence {
            Presence::Same => {}
            Presence::Absent => report.missing.push(at),
            Presence::Different if rel == "vault.json" => report.warnings.push(
                "vault.json differs from the backup's (the vault was migrated to a newer format since the backup was made)".into(),
            ),
            Presence::Different if rel == "keys.age" => {
                if t.verify("keys.age.new", s, cancel)? == Presence::Same {
                    report.warnings.push("the passphrase was changed since the backup was first made: the backup opens with the passphrase it had (the new keys.age is beside it as keys.age.new)".into());
                } else {
                    report.warnings.push("keys.age differs from the vault's: the passphrase was changed since the last backup (or the backup's keys.age is damaged); back up again".into());
                    report.outdated.push(at);
                }
            }
            Presence::Different if rel == "catalog.age" || rel.starts_with(DRAFTS_DIR) => {
                report.outdated.push(at)
            }
            Presence::Different => report.altered.push(at),
        }
    }
    let mine: BTreeSet<String> = files.iter().map(|(r, _)| r.clone()).collect();
    if let Some(n) = t
        .segments()?
        .into_iter()
        .find(|n| *n > report.seq && !mine.contains(&seg_rel(*n)))
    {
        report.warnings.push(format!(
            "the backup holds change {n}, which this vault does not have (it is at {}): is the vault an older copy?",
            report.seq
        ));
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;
    use crate::vault::{Draft, DraftSubject, testing};

    fn run(v: &Vault, target: &Path) -> BackupReport {
        backup(v, target, &NoProgress, &CancelToken::new()).unwrap()
    }

    #[test]
    fn a_failed_write_is_explained_by_its_cause() {
        let msg = |kind| {
            BackupError::Write {
                path: PathBuf::from("/media/usb/b"),
                source: io::Error::from(kind),
            }
            .to_string()
        };
        assert!(msg(io::ErrorKind::StorageFull).contains("Free space on the target"));
        let missing = msg(io::ErrorKind::NotFound);
        assert!(
            missing.contains("check that the drive is plugged in"),
            "{missing}"
        );
        assert!(!missing.contains("Free space"), "{missing}");
        assert!(msg(io::ErrorKind::ReadOnlyFilesystem).contains("choose another folder or drive"));
    }

    #[test]
    fn targets_parse() {
        assert_eq!(
            BackupTarget::parse(OsStr::new("/media/usb/backup")).unwrap(),
            BackupTarget::Folder("/media/usb/backup".into())
        );
        let BackupTarget::Rclone(r) = BackupTarget::parse(OsStr::new("rclone:srv:b/v")).unwrap()
        else {
            panic!("not a remote")
        };
        assert_eq!(r.spec, "srv:b/v");
        assert_eq!(
            BackupTarget::parse(OsStr::new("./rclone:x")).unwrap(),
            BackupTarget::Folder("./rclone:x".into())
        );
        for bad in [
            "rclone:",
            "rclone:nocolon",
            "rclone:--config=x:y",
            "rclone:a:b\nc",
        ] {
            assert!(BackupTarget::parse(OsStr::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn drafts_are_backed_up_and_earlier_versions_kept() {
        let (t, v) = testing::vault();
        let target = t.path().join("backup");
        let mut d = Draft::new(DraftSubject::NewNote);
        d.fields.set("title", "testimony");
        d.fields.set("body", "what the witness said");
        v.save_draft(&d).unwrap();
        let rel = Path::new(DRAFTS_DIR).join(d.id.file_name());
        run(&v, &target);
        assert_eq!(
            fs::read(target.join(&rel)).unwrap(),
            fs::read(v.dir().join(&rel)).unwrap()
        );

        // Unchanged: present, nothing copied.
        let again = run(&v, &target);
        assert_eq!(again.files_copied, 0, "{again:?}");
        assert!(again.is_complete());

        // Changed: the backup's version is kept aside, the new one takes the name.
        let old = fs::read(target.join(&rel)).unwrap();
        d.fields.value_mut("body").push_str(", and more");
        d.touch();
        v.save_draft(&d).unwrap();
        let check = check_backup(
            &v,
            &BackupTarget::Folder(target.clone()),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
        assert_eq!(check.outdated, vec![target.join(&rel)], "{check:?}");
        let third = run(&v, &target);
        assert!(third.is_complete(), "{third:?}");
        assert_eq!(third.files_copied, 1, "{third:?}");
        assert_eq!(
            fs::read(target.join(&rel)).unwrap(),
            fs::read(v.dir().join(&rel)).unwrap()
        );
        let earlier: Vec<PathBuf> = fs::read_dir(target.join(DRAFTS_DIR).join(EARLIER_DRAFTS_DIR))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(earlier.len(), 1);
        assert_eq!(fs::read(&earlier[0]).unwrap(), old);
        let leftovers: Vec<String> = fs::read_dir(target.join(DRAFTS_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");

        // A draft discarded in the vault stays in the backup.
        v.discard_draft(&d.id).unwrap();
        run(&v, &target);
        assert!(target.join(&rel).exists());

        // The backup opens as a vault and shows the newest version as its draft.
        let b = Vault::unlock(&target, &testing::passphrase()).unwrap();
        let found = b.drafts().unwrap();
        assert!(found.refused.is_empty(), "{:?}", found.refused);
        assert_eq!(found.drafts, vec![d]);
    }
}
