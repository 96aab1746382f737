//! Backup benchmark: the first `evault backup` of a ~1 GiB vault into an empty folder against
//! `cp -r` of the same vault folder (and `cp -r` followed by `sync`, since a backup fsyncs every
//! file it places), then a second backup after adding 10 photos (what it copies and how long it
//! takes), and the same two through rclone to a local folder (`rclone::local:DIR`) against
//! `rclone copy`.
//!
//!     cargo bench --bench backup
//!     EVAULT_BENCH_SMALL=1 cargo bench --bench backup      # 64 MiB, for a quick look
//!
//! Targets (issue 14): first backup ≥ 0.8× the speed of `cp -r`; second backup ≤ 2 s, copying
//! about only the new files. The vault (files of 4 MiB of pseudo-random bytes, the shape of photos
//! and videos once encrypted) is built once and cached under the bench data folder; every timed
//! run writes into a fresh folder, with the vault in the page cache. Environment:
//! EVAULT_BENCH_BACKUP_MIB (default 1024; 64 when small), EVAULT_BENCH_REPEATS (default 3),
//! EVAULT_BENCH_NO_RCLONE=1 skips the rclone rows.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

const FILE_MIB: usize = 4;

fn main() {
    let small = std::env::var_os("EVAULT_BENCH_SMALL").is_some_and(|v| v != "0");
    let total_mib: usize = std::env::var("EVAULT_BENCH_BACKUP_MIB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if small { 64 } else { 1024 });
    let reps = repeats(3);
    header(&format!(
        "backup: evault backup of a {total_mib} MiB vault vs cp -r, then 10 photos more"
    ));

    let vault = cached_vault(total_mib);
    let vault_bytes = dir_bytes(&vault);
    let files = files_under_all(&vault);
    println!(
        "vault: {} ({} files, {:.1} MiB)",
        vault.display(),
        files.len(),
        mib(vault_bytes)
    );
    warm_cache(&files);

    // 1. First backup vs cp -r (and cp -r + sync), alternating, fresh target each time.
    let mut t_cp = Vec::new();
    let mut t_cp_sync = Vec::new();
    let mut t_backup = Vec::new();
    for _ in 0..reps {
        let out = scratch("backup-cp-");
        sync();
        let t = Instant::now();
        time_cmd(
            Command::new("cp")
                .arg("-r")
                .arg(&vault)
                .arg(out.path().join("copy")),
        );
        t_cp.push(t.elapsed());
        sync();
        t_cp_sync.push(t.elapsed());
        drop(out);

        let out = scratch("backup-ev-");
        sync();
        let target = out.path().join("backup");
        let (wall, s) = backup(&vault, target.to_str().unwrap());
        assert_eq!(s["complete"], true, "{s}");
        t_backup.push(wall);
    }
    let cp = stats(&t_cp).median;
    let cp_sync = stats(&t_cp_sync).median;
    let ev = stats(&t_backup).median;
    let rate = |secs: f64| mib(vault_bytes) / secs;
    println!();
    println!(
        "first backup of {:.0} MiB, median of {reps}:",
        mib(vault_bytes)
    );
    println!("  cp -r                 {cp:7.2} s  {:7.0} MiB/s", rate(cp));
    println!(
        "  cp -r + sync          {cp_sync:7.2} s  {:7.0} MiB/s",
        rate(cp_sync)
    );
    println!(
        "  evault backup         {ev:7.2} s  {:7.0} MiB/s   (unlock, every file fsynced and read back)",
        rate(ev)
    );
    println!(
        "  ratio evault/cp -r: {:.2}× the speed of cp -r, {:.2}× of cp -r + sync  (target ≥ 0.8×)",
        cp / ev,
        cp_sync / ev
    );

    // 2. Ten photos more, then a second backup into a backup of the vault.
    let photos = photos_dir(small);
    let second = |target_spec: &dyn Fn(&Path) -> String, label: &str, first_too: bool| {
        let work = scratch("backup-2nd-");
        let copy = work.path().join("vault");
        time_cmd(Command::new("cp").arg("-a").arg(&vault).arg(&copy));
        let target_dir = work.path().join("backup");
        let spec = target_spec(&target_dir);
        let (first_wall, first) = backup(&copy, &spec);
        assert_eq!(first["complete"], true, "{first}");
        if first_too {
            println!(
                "  {label}: first backup {:.2} s = {:.0} MiB/s ({} files)",
                first_wall.as_secs_f64(),
                mib(vault_bytes) / first_wall.as_secs_f64(),
                first["files_copied"]
            );
        }
        let before = dir_bytes(&copy);
        time_cmd(evault().arg("add").arg("--vault").arg(&copy).arg(&photos));
        let new_bytes = dir_bytes(&copy) - before;
        warm_cache(&files_under_all(&copy));
        let (wall, s) = backup(&copy, &spec);
        assert_eq!(s["complete"], true, "{s}");
        println!(
            "  {label}: second backup after 10 photos: {:.2} s, copied {} files, {:.2} MiB (the vault grew by {:.2} MiB), {} already there  (target ≤ 2 s)",
            wall.as_secs_f64(),
            s["files_copied"],
            mib(s["bytes_copied"].as_u64().unwrap()),
            mib(new_bytes),
            s["files_present"],
        );
        let (wall, s) = backup(&copy, &spec);
        println!(
            "  {label}: third backup, nothing new: {:.2} s, copied {} files",
            wall.as_secs_f64(),
            s["files_copied"]
        );
    };
    println!();
    println!("incremental:");
    second(&|d: &Path| d.to_str().unwrap().to_owned(), "folder", false);

    // 3. Through rclone to a local folder.
    if std::env::var_os("EVAULT_BENCH_NO_RCLONE").is_some() {
        return;
    }
    let have_rclone = Command::new("rclone").arg("version").output().is_ok();
    if !have_rclone {
        println!("rclone not installed (apt install rclone): rclone rows skipped");
        return;
    }
    println!();
    println!("rclone (local backend, rclone::local:DIR):");
    let out = scratch("backup-rc-");
    let t = Instant::now();
    time_cmd(
        Command::new("rclone")
            .args(["--config", "/dev/null", "copy"])
            .arg(&vault)
            .arg(out.path().join("copy")),
    );
    let rc = t.elapsed().as_secs_f64();
    println!(
        "  rclone copy: {rc:.2} s = {:.0} MiB/s (no fsync)",
        mib(vault_bytes) / rc
    );
    drop(out);
    second(
        &|d: &Path| format!("rclone::local:{}", d.display()),
        "rclone",
        true,
    );
    println!();
    println!("machine at the end: {}", machine_conditions());
}

/// `evault backup --json`: wall time and the summary line.
fn backup(vault: &Path, target: &str) -> (Duration, serde_json::Value) {
    let mut c = evault();
    c.arg("backup").arg("--vault").arg(vault).args([
        "--to",
        target,
        "--json",
        "--rclone-config",
        "/dev/null",
    ]);
    let t = Instant::now();
    let out = output(&mut c);
    let wall = t.elapsed();
    let summary = out
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["type"] == "summary")
        .expect("a summary line");
    (wall, summary)
}

fn sync() {
    let _ = Command::new("sync").status();
}

/// A vault of `total_mib` MiB in files of FILE_MIB pseudo-random MiB, built once.
fn cached_vault(total_mib: usize) -> PathBuf {
    let root = data_root().join(format!("backup-vault-v1-{total_mib}MiB"));
    let vault = root.join("vault");
    if root.join("complete").exists() {
        return vault;
    }
    let _ = std::fs::remove_dir_all(&root);
    let inputs = root.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let n = (total_mib / FILE_MIB).max(1);
    let idx: Vec<usize> = (0..n).collect();
    parallel_each(&idx, 2, |&i| {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ ((i as u64 + 1) << 20);
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(inputs.join(format!("clip-{i:04}.bin"))).unwrap(),
        );
        let mut chunk = vec![0u8; 1 << 20];
        for _ in 0..FILE_MIB {
            for w in chunk.chunks_exact_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                w.copy_from_slice(&x.to_le_bytes());
            }
            f.write_all(&chunk).unwrap();
        }
        f.flush().unwrap();
    });
    init_vault(&vault, Some(10));
    let t = Instant::now();
    time_cmd(evault().arg("add").arg("--vault").arg(&vault).arg(&inputs));
    println!(
        "built the vault ({n} files) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    std::fs::remove_dir_all(&inputs).unwrap();
    std::fs::write(root.join("complete"), b"").unwrap();
    vault
}

/// Ten JPEG photos (2000×1500 with noise, ~1 MiB each; 500×375 when small), made once.
fn photos_dir(small: bool) -> PathBuf {
    let (w, h) = if small { (500, 375) } else { (2000, 1500) };
    let dir = data_root().join(format!("backup-photos-v1-{w}x{h}"));
    if dir.join("complete").exists() {
        return dir.join("photos");
    }
    let photos = dir.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    for i in 0..10u32 {
        let mut x: u32 = 0x1234_5678 ^ (i + 1);
        let img = image::RgbImage::from_fn(w, h, |px, py| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let n = (x & 0x1f) as u8;
            image::Rgb([
                ((px * 255 / w) as u8).wrapping_add(n),
                ((py * 255 / h) as u8).wrapping_add(n),
                ((px ^ py) as u8 ^ (i as u8 * 20)).wrapping_add(n),
            ])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .unwrap();
        std::fs::write(photos.join(format!("photo-{i:02}.jpg")), out).unwrap();
    }
    std::fs::write(dir.join("complete"), b"").unwrap();
    photos
}

fn files_under_all(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn dir_bytes(dir: &Path) -> u64 {
    total_size(&files_under_all(dir))
}
