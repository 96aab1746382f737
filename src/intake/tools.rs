//! Running an external decoder (ffmpeg, libheif's tools) on evidence without ever putting its
//! plaintext on disk, and without letting a hostile file hang or exhaust the machine.
//!
//! * Input goes through a pipe (stdin) or an anonymous in-memory file (`memfd_create`) that the
//!   child opens as `/proc/self/fd/N` when it needs to seek; output comes back through a pipe
//!   (stdout), read up to a bound.
//! * The child runs with a wall-clock limit (killed when it passes), a CPU-time limit
//!   (`RLIMIT_CPU`), an address-space limit (`RLIMIT_AS`), no core dumps, a file-size limit of
//!   zero (`RLIMIT_FSIZE`: it cannot write a single byte to any regular file, so it cannot leave
//!   plaintext behind even by mistake), an empty environment, `/` as its working directory, and
//!   it dies with its parent (`PR_SET_PDEATHSIG`).
//! * A missing program is its own error ([`ToolError::Missing`]), so callers can say which package
//!   would make previews possible instead of failing the item.

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Limits for one run of an external program.
#[derive(Clone, Copy, Debug)]
pub struct ToolLimits {
    pub wall: Duration,
    pub cpu_seconds: u64,
    pub memory_bytes: u64,
    pub max_output: usize,
}

impl ToolLimits {
    /// What a thumbnail or one decoded frame needs, with room to spare: 30 s, 30 s of CPU,
    /// 1.5 GiB of address space, 64 MiB of output.
    pub const PREVIEW: ToolLimits = ToolLimits {
        wall: Duration::from_secs(30),
        cpu_seconds: 30,
        memory_bytes: 1536 * 1024 * 1024,
        max_output: 64 * 1024 * 1024,
    };
}

#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("{tool} is not installed")]
    Missing { tool: &'static str },
    #[error("could not start {tool}: {source}")]
    Spawn {
        tool: &'static str,
        source: io::Error,
    },
    #[error("{tool} took longer than {secs} s and was stopped")]
    TimedOut { tool: &'static str, secs: u64 },
    #[error("{tool} needed more memory than its limit of {mib} MiB and was stopped")]
    MemoryLimit { tool: &'static str, mib: u64 },
    #[error("{tool} produced more than {max} bytes and was stopped")]
    OutputTooLarge { tool: &'static str, max: usize },
    #[error("{tool} could not read this file ({status}): {message}")]
    Failed {
        tool: &'static str,
        status: String,
        message: String,
    },
    #[error("could not hand the data to {tool} in memory: {source}")]
    Memory {
        tool: &'static str,
        source: io::Error,
    },
    #[error("external decoders are not supported on this operating system")]
    Unsupported { tool: &'static str },
}

/// Finds `name` in `PATH` (an executable regular file).
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// An anonymous file in memory (Linux `memfd_create`): never linked into any file system, gone
/// when the last descriptor closes. A child opens it as [`MemFile::child_path`].
#[cfg(target_os = "linux")]
pub struct MemFile {
    file: std::fs::File,
}

#[cfg(target_os = "linux")]
impl MemFile {
    pub fn new() -> io::Result<Self> {
        use std::os::fd::FromRawFd;
        // SAFETY: a NUL-terminated name and valid flags; the result is checked before use and
        // owned by the File from then on.
        let fd = unsafe { libc::memfd_create(c"evidence-vault-media".as_ptr(), libc::MFD_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is a fresh descriptor nobody else owns.
        Ok(Self {
            file: unsafe { std::fs::File::from_raw_fd(fd) },
        })
    }

    /// A memory file holding `bytes`.
    pub fn with_bytes(bytes: &[u8]) -> io::Result<Self> {
        let mut m = Self::new()?;
        m.file.write_all(bytes)?;
        Ok(m)
    }

    /// Sets the length (the part never written reads as zeros and takes no memory).
    pub fn set_len(&self, len: u64) -> io::Result<()> {
        self.file.set_len(len)
    }

    /// Writes `bytes` at `offset`.
    pub fn write_at(&self, bytes: &[u8], offset: u64) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        self.file.write_all_at(bytes, offset)
    }

    pub fn fd(&self) -> i32 {
        use std::os::fd::AsRawFd;
        self.file.as_raw_fd()
    }

    /// The path under which the child started by [`run`] (with this file in `pass`) opens it.
    pub fn child_path(&self) -> String {
        format!("/proc/self/fd/{}", self.fd())
    }
}

/// What the child reads.
pub enum Input<'a> {
    /// Nothing (`/dev/null`).
    None,
    /// These bytes, written to its stdin by a thread.
    Stdin(&'a [u8]),
}

/// Runs `program` with `args` under `limits` and returns its stdout. `pass` are memory files the
/// child may open (their descriptors are inherited by this child only).
#[cfg(target_os = "linux")]
pub fn run(
    tool: &'static str,
    program: &Path,
    args: &[&OsStr],
    input: Input<'_>,
    pass: &[&MemFile],
    limits: &ToolLimits,
) -> Result<Vec<u8>, ToolError> {
    use std::os::unix::process::{CommandExt, ExitStatusExt};

    let mut cmd = Command::new(program);
    cmd.args(args)
        .env_clear()
        .env("LC_ALL", "C")
        // glibc reserves 64 MiB of address space per malloc arena and thread: keep it small so
        // the address-space limit measures memory actually used.
        .env("MALLOC_ARENA_MAX", "2")
        .current_dir("/")
        .stdin(match input {
            Input::None => Stdio::null(),
            Input::Stdin(_) => Stdio::piped(),
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let fds: Vec<i32> = pass.iter().map(|m| m.fd()).collect();
    let lim = *limits;
    // SAFETY: the closure runs in the child between fork and exec and only makes
    // async-signal-safe system calls (setrlimit, prctl, fcntl, setpriority) on plain values.
    unsafe {
        cmd.pre_exec(move || {
            let set = |res: libc::__rlimit_resource_t, v: u64| {
                let r = libc::rlimit {
                    rlim_cur: v as libc::rlim_t,
                    rlim_max: v as libc::rlim_t,
                };
                if libc::setrlimit(res, &r) != 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            };
            set(libc::RLIMIT_AS, lim.memory_bytes)?;
            set(libc::RLIMIT_CPU, lim.cpu_seconds)?;
            set(libc::RLIMIT_CORE, 0)?;
            set(libc::RLIMIT_FSIZE, 0)?;
            libc::prctl(
                libc::PR_SET_PDEATHSIG,
                libc::SIGKILL as libc::c_ulong,
                0,
                0,
                0,
            );
            // Below the program that waits for it.
            libc::setpriority(libc::PRIO_PROCESS, 0, 10);
            for fd in &fds {
                if libc::fcntl(*fd, libc::F_SETFD, 0) != 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => ToolError::Missing { tool },
        _ => ToolError::Spawn { tool, source },
    })?;
    let too_large = Arc::new(AtomicBool::new(false));
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let mut stdin = child.stdin.take();
    let max = limits.max_output;
    let outcome = std::thread::scope(|s| {
        if let (Some(mut w), Input::Stdin(bytes)) = (stdin.take(), &input) {
            s.spawn(move || {
                // The child may stop reading early (it has what it needs): not an error.
                let _ = w.write_all(bytes);
            });
        }
        let big = too_large.clone();
        let out = s.spawn(move || {
            let mut buf = Vec::new();
            if let Some(o) = stdout.as_mut() {
                let mut chunk = vec![0u8; 64 * 1024];
                loop {
                    match o.read(&mut chunk) {
                        Ok(0) => break,
                        Ok(n) => {
                            if buf.len() + n > max {
                                big.store(true, Ordering::SeqCst);
                                break; // dropping the pipe stops the child
                            }
                            buf.extend_from_slice(&chunk[..n]);
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
            }
            buf
        });
        let err = s.spawn(move || {
            let mut tail: Vec<u8> = Vec::new();
            if let Some(e) = stderr.as_mut() {
                let mut chunk = vec![0u8; 16 * 1024];
                while let Ok(n) = e.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    tail.extend_from_slice(&chunk[..n]);
                    if tail.len() > 16 * 1024 {
                        tail.drain(..tail.len() - 8 * 1024);
                    }
                }
            }
            tail
        });
        let deadline = Instant::now() + limits.wall;
        let mut killed = false;
        let status = loop {
            match child.try_wait() {
                Ok(Some(st)) => break Ok(st),
                Ok(None) => {}
                Err(e) => break Err(e),
            }
            if (Instant::now() >= deadline || too_large.load(Ordering::SeqCst)) && !killed {
                let _ = child.kill();
                killed = true;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let output = out.join().unwrap_or_default();
        let errors = err.join().unwrap_or_default();
        (status, killed, output, errors)
    });
    let (status, killed, output, errors) = outcome;
    let status = status.map_err(|source| ToolError::Spawn { tool, source })?;
    let message = String::from_utf8_lossy(&errors)
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect::<String>();
    let mib = limits.memory_bytes / (1024 * 1024);
    if too_large.load(Ordering::SeqCst) {
        return Err(ToolError::OutputTooLarge { tool, max });
    }
    if killed {
        return Err(ToolError::TimedOut {
            tool,
            secs: limits.wall.as_secs(),
        });
    }
    if status.success() {
        return Ok(output);
    }
    if status.signal() == Some(libc::SIGXCPU) {
        return Err(ToolError::TimedOut {
            tool,
            secs: limits.cpu_seconds,
        });
    }
    let text = String::from_utf8_lossy(&errors).to_ascii_lowercase();
    if [
        "cannot allocate memory",
        "out of memory",
        "bad_alloc",
        "memory allocation",
    ]
    .iter()
    .any(|m| text.contains(m))
    {
        return Err(ToolError::MemoryLimit { tool, mib });
    }
    let status = match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit status {c}"),
        (None, Some(s)) => format!("stopped by signal {s}"),
        _ => status.to_string(),
    };
    Err(ToolError::Failed {
        tool,
        status,
        message,
    })
}

/// Elsewhere external decoders are not used (no memfd, no prctl).
#[cfg(not(target_os = "linux"))]
pub struct MemFile;

#[cfg(not(target_os = "linux"))]
impl MemFile {
    pub fn new() -> io::Result<Self> {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
    pub fn with_bytes(_: &[u8]) -> io::Result<Self> {
        Self::new()
    }
    pub fn set_len(&self, _: u64) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
    pub fn write_at(&self, _: &[u8], _: u64) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
    pub fn child_path(&self) -> String {
        String::new()
    }
}

#[cfg(not(target_os = "linux"))]
pub fn run(
    tool: &'static str,
    _program: &Path,
    _args: &[&OsStr],
    _input: Input<'_>,
    _pass: &[&MemFile],
    _limits: &ToolLimits,
) -> Result<Vec<u8>, ToolError> {
    Err(ToolError::Unsupported { tool })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn sh() -> PathBuf {
        PathBuf::from("/bin/sh")
    }

    fn limits(wall_ms: u64) -> ToolLimits {
        ToolLimits {
            wall: Duration::from_millis(wall_ms),
            cpu_seconds: 10,
            memory_bytes: 256 * 1024 * 1024,
            max_output: 1024,
        }
    }

    #[test]
    fn stdin_to_stdout_and_a_memory_file() {
        let out = run(
            "sh",
            &sh(),
            &[OsStr::new("-c"), OsStr::new("cat")],
            Input::Stdin(b"hello"),
            &[],
            &limits(5000),
        )
        .unwrap();
        assert_eq!(out, b"hello");
        let m = MemFile::with_bytes(b"in memory").unwrap();
        let script = format!("cat {}", m.child_path());
        let out = run(
            "sh",
            &sh(),
            &[OsStr::new("-c"), OsStr::new(&script)],
            Input::None,
            &[&m],
            &limits(5000),
        )
        .unwrap();
        assert_eq!(out, b"in memory");
    }

    #[test]
    fn limits_hold() {
        let e = run(
            "sh",
            &sh(),
            &[OsStr::new("-c"), OsStr::new("sleep 10")],
            Input::None,
            &[],
            &limits(200),
        )
        .unwrap_err();
        assert!(matches!(e, ToolError::TimedOut { .. }), "{e}");
        let e = run(
            "sh",
            &sh(),
            &[OsStr::new("-c"), OsStr::new("yes")],
            Input::None,
            &[],
            &limits(5000),
        )
        .unwrap_err();
        assert!(matches!(e, ToolError::OutputTooLarge { .. }), "{e}");
        // Not one byte may reach a regular file.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("leak");
        let script = format!("echo secret > {}", f.display());
        let _ = run(
            "sh",
            &sh(),
            &[OsStr::new("-c"), OsStr::new(&script)],
            Input::None,
            &[],
            &limits(5000),
        );
        assert_eq!(std::fs::read(&f).unwrap_or_default(), b"");
        let e = run(
            "missing",
            Path::new("/nonexistent/tool"),
            &[],
            Input::None,
            &[],
            &limits(1000),
        )
        .unwrap_err();
        assert!(matches!(e, ToolError::Missing { .. }), "{e}");
        assert!(find_program("sh").is_some());
        assert!(find_program("surely-not-a-program-here").is_none());
    }
}
