//! Shared helpers for the `harness = false` benchmark programs in `benches/`.
//!
//! Every bench prints a plain-text table of figures; nothing here asserts on timings.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Passphrase used for every throwaway benchmark vault.
pub const PASSPHRASE: &str = "bench-passphrase-not-secret";

/// The `evault` binary built alongside this bench (release when run by `cargo bench`).
/// Override with `EVAULT_BIN=/path/to/evault`.
pub fn evault_bin() -> PathBuf {
    std::env::var_os("EVAULT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_evault")))
}

/// Where generated inputs are cached between runs (`target/tmp/evault-bench` by default;
/// override with `EVAULT_BENCH_DIR`). Vaults and outputs go in fresh subfolders.
pub fn data_root() -> PathBuf {
    let p = std::env::var_os("EVAULT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("evault-bench"));
    std::fs::create_dir_all(&p).expect("create bench data dir");
    p
}

/// A fresh, empty scratch directory under the data root, removed when dropped.
pub fn scratch(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(data_root())
        .expect("scratch dir")
}

/// `evault` with the bench passphrase in the environment.
pub fn evault() -> Command {
    let mut c = Command::new(evault_bin());
    c.env("EVAULT_PASSPHRASE", PASSPHRASE);
    c
}

/// Runs a command to completion (stdout/stderr discarded), panicking on failure; returns wall time.
pub fn time_cmd(cmd: &mut Command) -> Duration {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let t = Instant::now();
    let out = cmd.output().expect("spawn");
    let d = t.elapsed();
    if !out.status.success() {
        panic!(
            "{:?} failed ({}): {}",
            cmd,
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    d
}

/// Runs a command and returns its stdout, panicking on failure.
pub fn output(cmd: &mut Command) -> String {
    let out = cmd.stderr(Stdio::piped()).output().expect("spawn");
    if !out.status.success() {
        panic!(
            "{:?} failed ({}): {}",
            cmd,
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `evault init` with a cheap KDF (the KDF is not what intake/verify benches measure).
pub fn init_vault(dir: &Path, kdf_log_n: Option<u8>) -> Duration {
    let mut c = evault();
    c.arg("init")
        .arg("--vault")
        .arg(dir)
        .args(["--documenter", "Bench"]);
    if let Some(n) = kdf_log_n {
        c.args(["--kdf-log-n", &n.to_string()]);
    }
    time_cmd(&mut c)
}

/// Repeats count from `EVAULT_BENCH_REPEATS` (default `default`).
pub fn repeats(default: usize) -> usize {
    std::env::var("EVAULT_BENCH_REPEATS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// Summary of a sample of durations (seconds).
#[derive(Clone, Copy, Debug)]
pub struct Stats {
    pub n: usize,
    pub min: f64,
    pub median: f64,
    pub p95: f64,
    pub max: f64,
}

pub fn stats(samples: &[Duration]) -> Stats {
    let mut v: Vec<f64> = samples.iter().map(Duration::as_secs_f64).collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    assert!(n > 0);
    let pct = |p: f64| v[(((n - 1) as f64) * p).round() as usize];
    Stats {
        n,
        min: v[0],
        median: if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        },
        p95: pct(0.95),
        max: v[n - 1],
    }
}

/// Machine conditions worth printing next to the figures: load, cores, and whether other
/// compilers are running (this machine is shared with other builds).
pub fn machine_conditions() -> String {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mut busy = Vec::new();
    if let Ok(rd) = std::fs::read_dir("/proc") {
        for e in rd.flatten() {
            let name = e.file_name();
            let Some(pid) = name.to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            if let Ok(comm) = std::fs::read_to_string(format!("/proc/{pid}/comm")) {
                let comm = comm.trim();
                if matches!(
                    comm,
                    "rustc" | "cargo" | "cc" | "cc1" | "ld" | "clang" | "c++"
                ) {
                    busy.push(comm.to_owned());
                }
            }
        }
    }
    busy.sort();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for b in busy {
        match counts.last_mut() {
            Some((n, c)) if *n == b => *c += 1,
            _ => counts.push((b, 1)),
        }
    }
    let others = if counts.is_empty() {
        "none".to_owned()
    } else {
        counts
            .iter()
            .map(|(n, c)| format!("{c}×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "cores {cores}; loadavg {}; compiler processes running: {others}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    )
}

pub fn header(title: &str) {
    println!();
    println!("=== {title} ===");
    println!("date: {}", chrono_like_now());
    println!("machine: {}", machine_conditions());
    println!("evault: {}", evault_bin().display());
}

fn chrono_like_now() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Reads every file under `dir` once so that timed runs start from a warm page cache.
pub fn warm_cache(files: &[PathBuf]) {
    use std::io::Read;
    let mut buf = vec![0u8; 1 << 20];
    for f in files {
        if let Ok(mut h) = std::fs::File::open(f) {
            while h.read(&mut buf).map(|n| n > 0).unwrap_or(false) {}
        }
    }
}

/// All regular files under `dir`, sorted.
pub fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

/// Runs `jobs` workers that each take the next item and call `f` on it.
pub fn parallel_each<T: Sync>(items: &[T], jobs: usize, f: impl Fn(&T) + Sync) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(it) = items.get(i) else { break };
                    f(it);
                }
            });
        }
    });
}

/// Total size in bytes of the given files.
pub fn total_size(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum()
}

pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Peak RSS and wall time of a command, via GNU `/usr/bin/time -v`.
pub fn time_v(cmd: &Command) -> Option<(f64, u64)> {
    let mut c = Command::new("/usr/bin/time");
    c.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    let out = c
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let mut wall = None;
    let mut rss = None;
    for line in err.lines() {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("Elapsed (wall clock) time (h:mm:ss or m:ss): ") {
            let mut secs = 0.0;
            for part in v.split(':') {
                secs = secs * 60.0 + part.parse::<f64>().unwrap_or(0.0);
            }
            wall = Some(secs);
        }
        if let Some(v) = line.strip_prefix("Maximum resident set size (kbytes): ") {
            rss = v.parse().ok();
        }
    }
    Some((wall?, rss?))
}
