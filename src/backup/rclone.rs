//! An rclone remote as a backup target (`rclone:REMOTE:PATH`), through the installed `rclone`
//! program (Debian package `rclone`; tested with 1.60). rclone is optional: without it a remote
//! backup fails with [`RcloneError::NotInstalled`], saying how to install it.
//!
//! Only what rclone's configured remote does goes over the network: this program talks to no
//! one, it runs `rclone` with the user's configuration (rclone's default file, or the one given in
//! [`RcloneOptions::config`]) and passes it ciphertext only — every file of a vault is age
//! ciphertext under a random name, and `vault.json` names no one.
//!
//! One backup runs, in this order: `rclone backend features` (which hashes the backend offers),
//! one listing of the whole target (`lsjson -R`, with that hash), `purge` of the temporary area
//! `.evault-partial/` if an interrupted run left files there, and then per file: `rcat` of the
//! vault file's bytes, fed through a pipe, to `.evault-partial/RUN/N.part` (up to
//! [`RcloneOptions::transfers`] at once); after each batch (16 files) one listing of that area with the
//! hash, compared with the hash computed while feeding (a backend without hashes: the file is read
//! back with `cat` and its SHA-256 compared); then `moveto --ignore-existing` to its name — rclone
//! leaves an existing file alone, so nothing is ever replaced, and a temporary file still there at
//! the end of the run is reported as a conflict. Journal segments (and the base before them) are
//! moved one at a time, in order, so the remote opens as a vault at every moment. A file already
//! in the target counts as the vault's when its size and hash (as listed) equal the vault file's;
//! on a backend without hashes the target's files are downloaded once (`hashsum sha256
//! --download`) — slow on a large backup, but the only check that needs no trust in file names.
//! Each rclone run is a new connection for most backends (about 0.2–0.5 s over SFTP), so a
//! backup costs about two runs per file copied plus five.
//!
//! Every rclone runs with a time limit (10 minutes plus the transfer at 64 KiB/s, then it is
//! killed), a memory limit (`RLIMIT_AS`, 2 GiB by default), no core dumps, dies with this process
//! (`PR_SET_PDEATHSIG` on Linux), never prompts (`--ask-password=false`, stdin a pipe or null),
//! and its standard error is kept for the error messages.

use std::collections::{BTreeMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{Presence, Put, Source, Target, TargetError, TargetState, par_map};
use crate::progress::CancelToken;
use crate::vault::VaultInfo;
use crate::vault::info::FORMAT_NAME;
use crate::vault::journal;

/// The temporary area in the target: files being uploaded, before they take their names.
const PARTIAL: &str = ".evault-partial";
/// A batch of uploads checked with one listing.
const BATCH_FILES: usize = 16;
const BATCH_BYTES: u64 = 512 << 20;
/// Largest listing or `vault.json` read from rclone's standard output.
const MAX_LISTING: usize = 512 << 20;
const MAX_SMALL: usize = 1 << 20;
/// How much of rclone's standard error is kept.
const STDERR_TAIL: usize = 64 * 1024;
const CHUNK: usize = 1 << 20;

/// How rclone is run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RcloneOptions {
    /// The program (`rclone`, found on `PATH`).
    pub program: PathBuf,
    /// rclone's configuration file; `None`: rclone's default (`~/.config/rclone/rclone.conf`).
    pub config: Option<PathBuf>,
    /// Time limit of one rclone run, plus [`RcloneOptions::min_rate`] for what it transfers.
    pub time_limit: Duration,
    /// Slowest transfer rate (bytes/s) allowed before a run counts as hung.
    pub min_rate: u64,
    /// Address-space limit of each rclone process (`RLIMIT_AS`).
    pub memory_limit: u64,
    /// Uploads at once.
    pub transfers: usize,
}

impl Default for RcloneOptions {
    fn default() -> Self {
        RcloneOptions {
            program: PathBuf::from("rclone"),
            config: None,
            time_limit: Duration::from_secs(600),
            min_rate: 64 * 1024,
            memory_limit: 2 << 30,
            transfers: 4,
        }
    }
}

/// Running rclone failed. `remote` and `path` say where (`REMOTE` and the path on it), `message`
/// is what rclone said on its standard error (timestamps removed).
#[derive(Debug, thiserror::Error)]
pub enum RcloneError {
    #[error(
        "install rclone (apt install rclone) to back up to a remote: the program {program} was not found"
    )]
    NotInstalled { program: PathBuf },
    #[error("could not run {program}: {source}")]
    Spawn { program: PathBuf, source: io::Error },
    #[error(
        "{spec:?} is not an rclone target: write rclone:REMOTE:PATH with a remote from `rclone config`, e.g. rclone:myserver:backups/vault"
    )]
    BadSpec { spec: String },
    #[error("rclone {op} failed for {remote}:{path} ({status}): {message}")]
    Failed {
        op: &'static str,
        remote: String,
        path: String,
        status: String,
        message: String,
    },
    #[error(
        "rclone {op} for {remote}:{path} did not finish within {} s and was stopped: {message}",
        limit.as_secs()
    )]
    TimedOut {
        op: &'static str,
        remote: String,
        path: String,
        limit: Duration,
        message: String,
    },
    #[error(
        "rclone {op} for {remote}:{path} printed what this program does not understand: {reason}"
    )]
    BadOutput {
        op: &'static str,
        remote: String,
        path: String,
        reason: String,
    },
    #[error("could not feed {path} to rclone: {source}")]
    Pipe { path: PathBuf, source: io::Error },
    #[error("cancelled")]
    Cancelled,
}

/// The first line of `rclone version` ("rclone v1.60.1-DEV"): whether rclone can be run at all.
pub fn version(opts: &RcloneOptions) -> Result<String, RcloneError> {
    let run = Runner {
        opts: opts.clone(),
        remote: String::new(),
    };
    let (_, out) = run.capture(
        "version",
        "",
        &[OsStr::new("version")],
        MAX_SMALL,
        &[],
        &CancelToken::new(),
    )?;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned())
}

/// `REMOTE:PATH` must name a remote, and must not be taken for an option.
pub(crate) fn check_spec(spec: &str) -> Result<(), RcloneError> {
    let bad = || RcloneError::BadSpec {
        spec: spec.to_owned(),
    };
    if spec.is_empty() || spec.starts_with('-') || spec.chars().any(|c| c.is_control()) {
        return Err(bad());
    }
    let (remote, _) = split_spec(spec);
    if remote.is_empty() || remote == ":" || !spec.contains(':') {
        return Err(bad());
    }
    Ok(())
}

/// The remote (`name`, or `:backend,opts` for an on-the-fly one) and the path on it.
fn split_spec(spec: &str) -> (&str, &str) {
    let from = usize::from(spec.starts_with(':'));
    match spec[from..].find(':') {
        Some(i) => (&spec[..from + i], &spec[from + i + 1..]),
        None => ("", spec),
    }
}

/// The folder part of `a/b/c` (`a/b`; `` for a top-level name).
fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

fn join(base: &str, rel: &str) -> String {
    if rel.is_empty() {
        base.to_owned()
    } else if base.ends_with(':') || base.ends_with('/') {
        format!("{base}{rel}")
    } else {
        format!("{base}/{rel}")
    }
}

/// rclone's standard error without timestamps, last lines first kept.
fn tidy(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(|l| {
            let b = l.as_bytes();
            // "2026/12/02 00:42:18 " prefix
            if b.len() > 20 && b[4] == b'/' && b[7] == b'/' && b[13] == b':' && b[19] == b' ' {
                &l[20..]
            } else {
                l
            }
        })
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let from = lines.len().saturating_sub(6);
    let s = lines[from..].join("; ");
    if s.is_empty() {
        "(rclone said nothing)".into()
    } else {
        s
    }
}

// ---------------------------------------------------------------------------------------------
// Hashes

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HashKind {
    Sha256,
    Sha1,
    Md5,
}

impl HashKind {
    fn name(self) -> &'static str {
        match self {
            HashKind::Sha256 => "sha256",
            HashKind::Sha1 => "sha1",
            HashKind::Md5 => "md5",
        }
    }

    /// The best of what a backend offers.
    fn choose(offered: &[String]) -> Option<Self> {
        let has = |n: &str| offered.iter().any(|h| h.eq_ignore_ascii_case(n));
        [HashKind::Sha256, HashKind::Sha1, HashKind::Md5]
            .into_iter()
            .find(|k| has(k.name()))
    }
}

/// SHA-256 of everything read, and the backend's hash when it is another.
struct Hashes {
    sha256: Sha256,
    other: Option<Other>,
}

enum Other {
    Sha1(sha1::Sha1),
    Md5(md5::Md5),
}

impl Hashes {
    fn new(kind: Option<HashKind>) -> Self {
        Hashes {
            sha256: Sha256::new(),
            other: match kind {
                Some(HashKind::Sha1) => Some(Other::Sha1(sha1::Sha1::new())),
                Some(HashKind::Md5) => Some(Other::Md5(md5::Md5::new())),
                _ => None,
            },
        }
    }
    fn update(&mut self, b: &[u8]) {
        self.sha256.update(b);
        match &mut self.other {
            Some(Other::Sha1(h)) => h.update(b),
            Some(Other::Md5(h)) => h.update(b),
            None => {}
        }
    }
    /// (sha256, the backend's hash) in lowercase hex.
    fn finish(self) -> (String, String) {
        let sha256 = hex::encode(self.sha256.finalize());
        let other = match self.other {
            Some(Other::Sha1(h)) => hex::encode(h.finalize()),
            Some(Other::Md5(h)) => hex::encode(h.finalize()),
            None => sha256.clone(),
        };
        (sha256, other)
    }
}

/// Passes bytes through, hashing them and remembering a read error.
struct HashingReader<'a> {
    inner: Box<dyn super::ReadSeek + 'a>,
    hashes: Hashes,
    total: u64,
}

impl Read for HashingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hashes.update(&buf[..n]);
        self.total += n as u64;
        Ok(n)
    }
}

/// Hashes that a write sink computes (for `cat` read-backs).
struct HashingWriter {
    hashes: Hashes,
    total: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.hashes.update(buf);
        self.total += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A buffer that refuses more than `max` bytes.
struct Capped {
    buf: Vec<u8>,
    max: usize,
}

impl Write for Capped {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        if self.buf.len() + b.len() > self.max {
            return Err(io::Error::other(format!(
                "more than {} bytes of output",
                self.max
            )));
        }
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Running rclone

struct Runner {
    opts: RcloneOptions,
    remote: String,
}

enum FeedError {
    Source(io::Error),
    Sink,
}

impl Runner {
    /// Runs `rclone ARGS`, feeding `input` to its stdin and its stdout to `output`; returns the
    /// exit code (`None`: killed by a signal) and the tidied standard error.
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        op: &'static str,
        path: &str,
        args: &[&OsStr],
        input: Option<(&mut (dyn Read + Send), &std::path::Path)>,
        output: &mut (dyn Write + Send),
        bytes: u64,
        cancel: &CancelToken,
    ) -> Result<(Option<i32>, String), RcloneError> {
        if cancel.is_cancelled() {
            return Err(RcloneError::Cancelled);
        }
        let mut cmd = Command::new(&self.opts.program);
        if let Some(c) = &self.opts.config {
            cmd.arg("--config").arg(c);
        }
        cmd.arg("--ask-password=false")
            .args(args)
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        limit_child(&mut cmd, self.opts.memory_limit);
        let mut child = cmd.spawn().map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                RcloneError::NotInstalled {
                    program: self.opts.program.clone(),
                }
            } else {
                RcloneError::Spawn {
                    program: self.opts.program.clone(),
                    source,
                }
            }
        })?;
        let limit = self.opts.time_limit + Duration::from_secs(bytes / self.opts.min_rate.max(1));
        let started = Instant::now();
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("piped");
        let mut stderr = child.stderr.take().expect("piped");
        std::thread::scope(|s| {
            let out = s.spawn(move || io::copy(&mut stdout, output).map(|_| ()));
            let err = s.spawn(move || {
                let mut tail = Vec::new();
                let mut buf = [0u8; 8192];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    tail.extend_from_slice(&buf[..n]);
                    if tail.len() > 2 * STDERR_TAIL {
                        tail.drain(..tail.len() - STDERR_TAIL);
                    }
                }
                String::from_utf8_lossy(&tail).into_owned()
            });
            let feed = input.map(|(reader, from)| {
                let stdin = stdin.expect("piped");
                (s.spawn(move || feed(reader, stdin)), from)
            });
            let mut nap = Duration::from_millis(1);
            let waited = loop {
                match child.try_wait() {
                    Ok(Some(status)) => break Ok(status),
                    Ok(None) => {}
                    Err(source) => {
                        let _ = child.kill();
                        let _ = child.wait();
                        break Err(RcloneError::Spawn {
                            program: self.opts.program.clone(),
                            source,
                        });
                    }
                }
                if cancel.is_cancelled() {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(RcloneError::Cancelled);
                }
                if started.elapsed() > limit {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(RcloneError::TimedOut {
                        op,
                        remote: self.remote.clone(),
                        path: path.to_owned(),
                        limit,
                        message: String::new(),
                    });
                }
                std::thread::sleep(nap);
                nap = (nap * 2).min(Duration::from_millis(50));
            };
            let fed = feed.map(|(h, from)| (h.join().unwrap_or(Err(FeedError::Sink)), from));
            let out = out
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("panicked")));
            let message = tidy(&err.join().unwrap_or_default());
            let status = match waited {
                Err(RcloneError::TimedOut {
                    op,
                    remote,
                    path,
                    limit,
                    ..
                }) => {
                    return Err(RcloneError::TimedOut {
                        op,
                        remote,
                        path,
                        limit,
                        message,
                    });
                }
                other => other?,
            };
            if let Some((Err(FeedError::Source(source)), from)) = fed {
                return Err(RcloneError::Pipe {
                    path: from.to_owned(),
                    source,
                });
            }
            if status.success()
                && let Err(e) = out
            {
                return Err(RcloneError::BadOutput {
                    op,
                    remote: self.remote.clone(),
                    path: path.to_owned(),
                    reason: e.to_string(),
                });
            }
            Ok((status.code(), message))
        })
    }

    /// [`Runner::run`], failing unless rclone exits 0 (or with one of `also`).
    #[allow(clippy::too_many_arguments)]
    fn must(
        &self,
        op: &'static str,
        path: &str,
        args: &[&OsStr],
        input: Option<(&mut (dyn Read + Send), &std::path::Path)>,
        output: &mut (dyn Write + Send),
        bytes: u64,
        also: &[i32],
        cancel: &CancelToken,
    ) -> Result<Option<i32>, RcloneError> {
        let (code, message) = self.run(op, path, args, input, output, bytes, cancel)?;
        match code {
            Some(0) => Ok(code),
            Some(c) if also.contains(&c) => Ok(code),
            _ => Err(RcloneError::Failed {
                op,
                remote: self.remote.clone(),
                path: path.to_owned(),
                status: match code {
                    Some(c) => format!("exit code {c}"),
                    None => "killed by a signal".into(),
                },
                message,
            }),
        }
    }

    /// Runs and returns its standard output (at most `max` bytes).
    fn capture(
        &self,
        op: &'static str,
        path: &str,
        args: &[&OsStr],
        max: usize,
        also: &[i32],
        cancel: &CancelToken,
    ) -> Result<(Option<i32>, Vec<u8>), RcloneError> {
        let mut out = Capped {
            buf: Vec::new(),
            max,
        };
        let code = self.must(op, path, args, None, &mut out, 0, also, cancel)?;
        Ok((code, out.buf))
    }
}

/// Copies `input` into rclone's stdin. SIGPIPE is blocked on this thread (the CLI restores its
/// default action), so a rclone that exits early gives EPIPE here instead of killing us.
fn feed(
    input: &mut (dyn Read + Send),
    mut stdin: std::process::ChildStdin,
) -> Result<u64, FeedError> {
    #[cfg(unix)]
    // SAFETY: changes only this thread's signal mask, with a properly initialised set.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(FeedError::Source(e)),
        };
        if stdin.write_all(&buf[..n]).is_err() {
            return Err(FeedError::Sink); // rclone stopped reading: its exit status says why
        }
        total += n as u64;
    }
    drop(stdin);
    Ok(total)
}

/// In the child, before exec: the memory limit, no core dumps, and death with the parent thread.
#[cfg(unix)]
fn limit_child(cmd: &mut Command, memory: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: getrlimit only reads into a local.
    let hard = unsafe {
        let mut cur: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_AS, &mut cur) == 0 {
            cur.rlim_max
        } else {
            libc::RLIM_INFINITY
        }
    };
    let memory = (memory as libc::rlim_t).min(hard);
    // SAFETY: the closure calls only async-signal-safe functions (setrlimit, prctl) and
    // allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: memory,
                rlim_max: memory,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(io::Error::last_os_error());
            }
            let none = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            #[cfg(target_os = "linux")]
            libc::prctl(
                libc::PR_SET_PDEATHSIG,
                libc::SIGKILL as libc::c_ulong,
                0,
                0,
                0,
            );
            Ok(())
        });
    }
}

// ---------------------------------------------------------------------------------------------
// The target

#[derive(Deserialize)]
struct Features {
    #[serde(rename = "Hashes", default)]
    hashes: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Listed {
    #[serde(rename = "Path")]
    path: String,
    #[serde(rename = "Name", default)]
    name: String,
    #[serde(rename = "Size")]
    size: i64,
    #[serde(rename = "IsDir", default)]
    is_dir: bool,
    #[serde(rename = "Hashes", default)]
    hashes: BTreeMap<String, String>,
}

struct Entry {
    size: u64,
    /// The backend's hash (lowercase hex), when it gave one.
    hash: Option<String>,
}

/// A file uploaded under a temporary name.
struct Staged {
    name: String,
    rel: String,
    len: u64,
    sha256: String,
    hash: String,
}

pub(crate) struct RcloneTarget {
    spec: String,
    run: Runner,
    hash: Option<HashKind>,
    files: BTreeMap<String, Entry>,
    /// SHA-256 of every file, downloaded once, on a backend without hashes.
    downloaded: Mutex<Option<BTreeMap<String, String>>>,
    /// `.evault-partial/` holds files of an interrupted run.
    stale: bool,
    run_id: String,
    counter: AtomicU64,
    staged_any: AtomicBool,
    /// Staged files moved to their names: (temporary name, name, size).
    published: Mutex<Vec<(String, String, u64)>>,
    /// Folders the target has (from the listing, and made by this run).
    dirs: Mutex<HashSet<String>>,
    partial_made: AtomicBool,
    cancel: CancelToken,
}

impl RcloneTarget {
    /// Asks rclone what the backend offers and lists the target once.
    pub(crate) fn open(r: &super::RcloneRemote, cancel: &CancelToken) -> Result<Self, TargetError> {
        check_spec(&r.spec)?;
        let (remote, root) = split_spec(&r.spec);
        let run = Runner {
            opts: r.options.clone(),
            remote: remote.to_owned(),
        };
        let spec = r.spec.clone();
        let os = |s: &str| OsString::from(s);
        let (_, out) = run.capture(
            "backend features",
            root,
            &[
                OsStr::new("backend"),
                OsStr::new("features"),
                OsStr::new("--"),
                &os(&spec),
            ],
            MAX_SMALL,
            &[],
            cancel,
        )?;
        let features: Features =
            serde_json::from_slice(&out).map_err(|e| RcloneError::BadOutput {
                op: "backend features",
                remote: remote.to_owned(),
                path: root.to_owned(),
                reason: e.to_string(),
            })?;
        let hash = HashKind::choose(&features.hashes.unwrap_or_default());
        let mut t = RcloneTarget {
            spec,
            run,
            hash,
            files: BTreeMap::new(),
            downloaded: Mutex::new(None),
            stale: false,
            run_id: crate::objects::new_id()[..12].to_owned(),
            counter: AtomicU64::new(0),
            staged_any: AtomicBool::new(false),
            published: Mutex::new(Vec::new()),
            dirs: Mutex::new(HashSet::new()),
            partial_made: AtomicBool::new(false),
            cancel: cancel.clone(),
        };
        // With folders: a run killed after it moved its last staged file leaves the temporary
        // area empty, and an empty folder is in no file listing.
        let (mut files, dirs) = t.listing("", true, true, true, cancel)?;
        let partial = format!("{PARTIAL}/");
        t.stale = dirs.iter().any(|d| d == PARTIAL || d.starts_with(&partial))
            || files.keys().any(|k| k.starts_with(&partial));
        files.retain(|k, _| !k.starts_with(&partial));
        for k in files.keys() {
            t.dir_made(k);
        }
        t.files = files;
        Ok(t)
    }

    fn path_of(&self, rel: &str) -> String {
        join(split_spec(&self.spec).1, rel)
    }

    fn full(&self, rel: &str) -> OsString {
        OsString::from(join(&self.spec, rel))
    }

    /// Every file under `rel` (missing: none), with the backend's hash when `hashed`.
    fn list(
        &self,
        rel: &str,
        recursive: bool,
        hashed: bool,
        cancel: &CancelToken,
    ) -> Result<BTreeMap<String, Entry>, TargetError> {
        Ok(self.listing(rel, recursive, hashed, false, cancel)?.0)
    }

    /// Every file under `rel` and, `with_dirs`, every folder too (empty ones included).
    fn listing(
        &self,
        rel: &str,
        recursive: bool,
        hashed: bool,
        with_dirs: bool,
        cancel: &CancelToken,
    ) -> Result<(BTreeMap<String, Entry>, Vec<String>), TargetError> {
        let mut args: Vec<OsString> = vec!["lsjson".into()];
        if recursive {
            args.push("-R".into());
        }
        if !with_dirs {
            args.push("--files-only".into());
        }
        args.extend(["--no-mimetype", "--no-modtime"].map(OsString::from));
        if let (true, Some(k)) = (hashed, self.hash) {
            args.push("--hash-type".into());
            args.push(k.name().into());
        }
        if rel.is_empty() && !recursive {
            args.push("--exclude".into());
            args.push(format!("/{PARTIAL}/**").into());
        }
        args.push("--".into());
        args.push(self.full(rel));
        let argv: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
        let path = self.path_of(rel);
        let (code, out) = self
            .run
            .capture("lsjson", &path, &argv, MAX_LISTING, &[3], cancel)?;
        if code == Some(3) {
            return Ok((BTreeMap::new(), Vec::new())); // directory not found: nothing there yet
        }
        let listed: Vec<Listed> =
            serde_json::from_slice(&out).map_err(|e| RcloneError::BadOutput {
                op: "lsjson",
                remote: self.run.remote.clone(),
                path: path.clone(),
                reason: e.to_string(),
            })?;
        let mut files = BTreeMap::new();
        let mut dirs = Vec::new();
        for l in listed {
            let key = if recursive { l.path } else { l.name };
            if l.is_dir {
                dirs.push(key);
                continue;
            }
            let hash = self
                .hash
                .and_then(|k| l.hashes.get(k.name()))
                .map(|h| h.to_ascii_lowercase())
                .filter(|h| !h.is_empty());
            files.insert(
                key,
                Entry {
                    size: l.size.max(0) as u64,
                    hash,
                },
            );
        }
        Ok((files, dirs))
    }

    /// The SHA-256 of every file of the target, downloaded once (a backend without hashes).
    fn downloaded_sha256(&self, rel: &str) -> Result<Option<String>, TargetError> {
        let mut slot = self.downloaded.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            let root = self.full("");
            let exclude = OsString::from(format!("/{PARTIAL}/**"));
            let args = [
                OsStr::new("hashsum"),
                OsStr::new("sha256"),
                OsStr::new("--download"),
                OsStr::new("--exclude"),
                &exclude,
                OsStr::new("--"),
                &root,
            ];
            let total: u64 = self.files.values().map(|e| e.size).sum();
            let mut out = Capped {
                buf: Vec::new(),
                max: MAX_LISTING,
            };
            self.run.must(
                "hashsum --download",
                &self.path_of(""),
                &args,
                None,
                &mut out,
                total,
                &[],
                &self.cancel,
            )?;
            let mut map = BTreeMap::new();
            for line in String::from_utf8_lossy(&out.buf).lines() {
                if let Some((h, p)) = line.split_once("  ") {
                    map.insert(p.to_owned(), h.to_ascii_lowercase());
                }
            }
            *slot = Some(map);
        }
        Ok(slot.as_ref().and_then(|m| m.get(rel).cloned()))
    }

    /// Hashes of the vault's bytes: (sha256, the backend's hash).
    fn local_hashes(&self, src: &Source) -> Result<(String, String), TargetError> {
        let mut r = src.reader()?;
        let mut h = Hashes::new(self.hash);
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(source) => {
                    return Err(TargetError::ReadVault {
                        path: src.path().to_owned(),
                        source,
                    });
                }
            };
            h.update(&buf[..n]);
        }
        Ok(h.finish())
    }

    /// Uploads `src` to a temporary name through a pipe, hashing what is fed.
    fn stage(&self, rel: &str, src: &Source, cancel: &CancelToken) -> Result<Staged, TargetError> {
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let name = format!("{n}.part");
        let tmp = format!("{PARTIAL}/{}/{name}", self.run_id);
        let len = src.len()?;
        let mut reader = HashingReader {
            inner: src.reader()?,
            hashes: Hashes::new(self.hash),
            total: 0,
        };
        self.staged_any.store(true, Ordering::SeqCst);
        let size = OsString::from(len.to_string());
        let dest = self.full(&tmp);
        let args = [
            OsStr::new("rcat"),
            OsStr::new("--size"),
            &size,
            OsStr::new("--"),
            &dest,
        ];
        let from = src.path().to_owned();
        self.run
            .must(
                "rcat",
                &self.path_of(rel),
                &args,
                Some((&mut reader, &from)),
                &mut io::sink(),
                len,
                &[],
                cancel,
            )
            .map_err(|e| match e {
                RcloneError::Pipe { path, source } => TargetError::ReadVault { path, source },
                e => e.into(),
            })?;
        let total = reader.total;
        let (sha256, hash) = reader.hashes.finish();
        if total != len {
            return Err(TargetError::ReadBack {
                path: self.location(rel),
            });
        }
        Ok(Staged {
            name,
            rel: rel.to_owned(),
            len,
            sha256,
            hash,
        })
    }

    /// The remote holds each staged file with the bytes fed: its size and hash in one listing,
    /// or (no hash) its SHA-256 read back.
    fn check_staged(&self, staged: &[Staged], cancel: &CancelToken) -> Result<(), TargetError> {
        let there = self.list(&format!("{PARTIAL}/{}", self.run_id), false, true, cancel)?;
        for s in staged {
            let ok = match there.get(&s.name) {
                None => false,
                Some(e) if e.size != s.len => false,
                Some(Entry { hash: Some(h), .. }) => *h == s.hash,
                Some(_) => {
                    self.read_back(
                        &format!("{PARTIAL}/{}/{}", self.run_id, s.name),
                        s.len,
                        cancel,
                    )? == s.sha256
                }
            };
            if !ok {
                return Err(TargetError::ReadBack {
                    path: self.location(&s.rel),
                });
            }
        }
        Ok(())
    }

    /// SHA-256 of a remote file, read back with `rclone cat`.
    fn read_back(&self, rel: &str, len: u64, cancel: &CancelToken) -> Result<String, TargetError> {
        let mut w = HashingWriter {
            hashes: Hashes::new(None),
            total: 0,
        };
        let full = self.full(rel);
        self.run.must(
            "cat",
            &self.path_of(rel),
            &[OsStr::new("cat"), OsStr::new("--"), &full],
            None,
            &mut w,
            len,
            &[],
            cancel,
        )?;
        Ok(w.hashes.finish().0)
    }

    /// `moveto --ignore-existing`: rclone leaves `to` alone if it exists (and `from` in place).
    fn move_noclobber(
        &self,
        from: &str,
        to: &str,
        cancel: &CancelToken,
    ) -> Result<(), TargetError> {
        let (a, b) = (self.full(from), self.full(to));
        self.run.must(
            "moveto",
            &self.path_of(to),
            &[
                OsStr::new("moveto"),
                OsStr::new("--ignore-existing"),
                OsStr::new("--"),
                &a,
                &b,
            ],
            None,
            &mut io::sink(),
            0,
            &[],
            cancel,
        )?;
        Ok(())
    }

    fn has_dir(&self, dir: &str) -> bool {
        dir.is_empty()
            || self
                .dirs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(dir)
    }

    /// Notes that the folders above `rel` exist now.
    fn dir_made(&self, rel: &str) {
        let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        let mut d = parent(rel);
        while !d.is_empty() && dirs.insert(d.to_owned()) {
            d = parent(d);
        }
    }

    fn mkdir(&self, rel: &str, cancel: &CancelToken) -> Result<(), TargetError> {
        let full = self.full(rel);
        self.run.must(
            "mkdir",
            &self.path_of(rel),
            &[OsStr::new("mkdir"), OsStr::new("--"), &full],
            None,
            &mut io::sink(),
            0,
            &[],
            cancel,
        )?;
        Ok(())
    }

    fn purge(&self, rel: &str, cancel: &CancelToken) -> Result<(), TargetError> {
        let full = self.full(rel);
        self.run.must(
            "purge",
            &self.path_of(rel),
            &[
                OsStr::new("purge"),
                OsStr::new("--retries"),
                OsStr::new("1"),
                OsStr::new("--"),
                &full,
            ],
            None,
            &mut io::sink(),
            0,
            &[3],
            cancel,
        )?;
        Ok(())
    }

    /// Size and content of what is now at `rel`, as the remote lists it (or read back).
    fn holds(&self, rel: &str, s: &Staged, cancel: &CancelToken) -> Result<bool, TargetError> {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let there = self.list(dir, false, true, cancel)?;
        Ok(match there.get(name) {
            None => false,
            Some(e) if e.size != s.len => false,
            Some(Entry { hash: Some(h), .. }) => *h == s.hash,
            Some(_) => self.read_back(rel, s.len, cancel)? == s.sha256,
        })
    }
}

impl Target for RcloneTarget {
    fn location(&self, rel: &str) -> PathBuf {
        PathBuf::from(format!("rclone:{}", join(&self.spec, rel)))
    }

    fn state(&self) -> Result<TargetState, TargetError> {
        if self.files.is_empty() {
            return Ok(TargetState::Empty);
        }
        if !self.files.contains_key("vault.json") {
            return Ok(TargetState::Other);
        }
        let full = self.full("vault.json");
        let (_, out) = self.run.capture(
            "cat",
            &self.path_of("vault.json"),
            &[OsStr::new("cat"), OsStr::new("--"), &full],
            MAX_SMALL,
            &[],
            &self.cancel,
        )?;
        Ok(match serde_json::from_slice::<VaultInfo>(&out) {
            Ok(info) if info.format == FORMAT_NAME => TargetState::Vault(info),
            _ => TargetState::Other,
        })
    }

    fn prepare(&mut self) -> Result<Vec<String>, TargetError> {
        // What an interrupted backup left under temporary names (ciphertext, never in place).
        if !self.stale {
            return Ok(Vec::new());
        }
        Ok(match self.purge(PARTIAL, &self.cancel) {
            Ok(()) => Vec::new(),
            Err(TargetError::Remote(RcloneError::Cancelled)) => return Err(TargetError::Cancelled),
            Err(e) => vec![format!(
                "could not remove the temporary files of an earlier backup in {}: {e}",
                self.location(PARTIAL).display()
            )],
        })
    }

    fn segments(&self) -> Result<Vec<u64>, TargetError> {
        let prefix = format!("{}/", journal::JOURNAL_DIR);
        Ok(self
            .files
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter_map(journal::parse_name)
            .collect())
    }

    fn presence(&self, rel: &str, src: &Source) -> Result<Presence, TargetError> {
        let Some(e) = self.files.get(rel) else {
            return Ok(Presence::Absent);
        };
        if e.size != src.len()? {
            return Ok(Presence::Different);
        }
        let (sha256, hash) = self.local_hashes(src)?;
        let same = match &e.hash {
            Some(h) => *h == hash,
            None => self.downloaded_sha256(rel)?.as_deref() == Some(sha256.as_str()),
        };
        Ok(if same {
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
        self.presence(rel, src)
    }

    fn compared_by(&self, _full: bool) -> &'static str {
        self.hash.map(HashKind::name).unwrap_or("download")
    }

    fn put_all(
        &self,
        files: &[(String, Source)],
        ordered: bool,
        copied: &(dyn Fn(usize, u64) + Sync),
        cancel: &CancelToken,
    ) -> Result<Vec<Put>, TargetError> {
        let mut out = Vec::with_capacity(files.len());
        let mut start = 0;
        while start < files.len() {
            // A batch: up to BATCH_FILES files or BATCH_BYTES.
            let mut end = start;
            let mut bytes = 0;
            while end < files.len()
                && end - start < BATCH_FILES
                && (end == start || bytes < BATCH_BYTES)
            {
                bytes += files[end].1.len()?;
                end += 1;
            }
            let batch = &files[start..end];
            if !self.partial_made.swap(true, Ordering::SeqCst) {
                // Made once, before uploads run in parallel into it (see `dir_made`).
                self.mkdir(&format!("{PARTIAL}/{}", self.run_id), cancel)?;
            }
            let staged: Vec<Staged> = par_map(batch, self.run.opts.transfers, |(rel, src)| {
                self.stage(rel, src, cancel)
            })
            .into_iter()
            .collect::<Result<_, _>>()?;
            self.check_staged(&staged, cancel)?;
            let publish = |s: &Staged| {
                let tmp = format!("{PARTIAL}/{}/{}", self.run_id, s.name);
                self.move_noclobber(&tmp, &s.rel, cancel)
            };
            if ordered {
                for s in &staged {
                    publish(s)?;
                    self.dir_made(&s.rel);
                }
            } else {
                // rclone (1.60, SFTP) fails when two runs create the same folder at once: the
                // first file into a folder the target lacks goes alone, the rest in parallel.
                let (alone, rest): (Vec<&Staged>, Vec<&Staged>) = {
                    let mut seen = HashSet::new();
                    staged.iter().partition(|s| {
                        let dir = parent(&s.rel);
                        !self.has_dir(dir) && seen.insert(dir.to_owned())
                    })
                };
                for s in alone {
                    publish(s)?;
                    self.dir_made(&s.rel);
                }
                par_map(&rest, self.run.opts.transfers, |s| publish(s))
                    .into_iter()
                    .collect::<Result<Vec<()>, _>>()?;
            }
            for (i, s) in staged.iter().enumerate() {
                copied(start + i, s.len);
                out.push(Put::Copied(s.len));
            }
            self.published
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(staged.into_iter().map(|s| (s.name, s.rel, s.len)));
            start = end;
        }
        Ok(out)
    }

    /// Stages and checks the new version, renames the old one to `keep_as`, then the new one to
    /// `rel`, and checks what `rel` then holds. Between the two renames `rel` is absent; a run
    /// interrupted there finds it missing and puts it back.
    fn replace(
        &self,
        rel: &str,
        src: &Source,
        keep_as: &str,
        cancel: &CancelToken,
    ) -> Result<u64, TargetError> {
        let s = self.stage(rel, src, cancel)?;
        self.check_staged(std::slice::from_ref(&s), cancel)?;
        self.move_noclobber(rel, keep_as, cancel)?;
        self.dir_made(keep_as);
        let tmp = format!("{PARTIAL}/{}/{}", self.run_id, s.name);
        self.move_noclobber(&tmp, rel, cancel)?;
        if !self.holds(rel, &s, cancel)? {
            return Err(TargetError::ReadBack {
                path: self.location(rel),
            });
        }
        Ok(s.len)
    }

    /// A staged file still under its temporary name met a file under its own name (rclone's
    /// `--ignore-existing` left both alone): a conflict. Then the temporary area goes.
    fn finish(&self) -> Result<Vec<(String, u64)>, TargetError> {
        if !self.staged_any.load(Ordering::SeqCst) {
            return Ok(Vec::new());
        }
        let left = self.list(
            &format!("{PARTIAL}/{}", self.run_id),
            false,
            false,
            &self.cancel,
        )?;
        let conflicts = self
            .published
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|(name, _, _)| left.contains_key(name))
            .map(|(_, rel, n)| (rel.clone(), *n))
            .collect();
        self.purge(PARTIAL, &self.cancel)?;
        Ok(conflicts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_and_paths() {
        assert_eq!(split_spec("srv:backups/v"), ("srv", "backups/v"));
        assert_eq!(split_spec(":local:/tmp/x"), (":local", "/tmp/x"));
        assert_eq!(split_spec("srv:"), ("srv", ""));
        assert_eq!(join("srv:", "vault.json"), "srv:vault.json");
        assert_eq!(join("srv:a", "vault.json"), "srv:a/vault.json");
        assert_eq!(join("srv:a/", "x"), "srv:a/x");
        assert!(check_spec("srv:b").is_ok());
        assert!(check_spec(":local:/x").is_ok());
        for bad in ["", "nocolon", ":", "::x", "-x:y", "--config=a:b", "a:b\0"] {
            assert!(check_spec(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn stderr_is_tidied() {
        let s = "2026/12/02 00:42:18 ERROR : : error listing: directory not found\n\n2026/12/02 00:42:19 Failed to lsjson: directory not found\n";
        assert_eq!(
            tidy(s),
            "ERROR : : error listing: directory not found; Failed to lsjson: directory not found"
        );
        assert_eq!(tidy(""), "(rclone said nothing)");
    }

    #[test]
    fn the_best_offered_hash_is_chosen() {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(HashKind::choose(&v(&["md5", "sha1"])), Some(HashKind::Sha1));
        assert_eq!(HashKind::choose(&v(&["MD5"])), Some(HashKind::Md5));
        assert_eq!(
            HashKind::choose(&v(&["md5", "sha256", "sha1"])),
            Some(HashKind::Sha256)
        );
        assert_eq!(HashKind::choose(&v(&["dropbox"])), None);
    }

    #[test]
    fn a_missing_program_says_how_to_install_it() {
        let r = super::super::RcloneRemote {
            spec: "srv:x".into(),
            options: RcloneOptions {
                program: "/nonexistent/rclone".into(),
                ..Default::default()
            },
        };
        match RcloneTarget::open(&r, &CancelToken::new()) {
            Err(TargetError::Remote(e @ RcloneError::NotInstalled { .. })) => {
                assert!(e.to_string().contains("apt install rclone"), "{e}")
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("opened"),
        }
    }
}
