//! Backups (`evault backup --to TARGET`, `--check`): the backup is itself the vault. Folders —
//! incremental, never overwriting, refusing another vault, a full (real tmpfs) or read-only
//! target, `kill -9` and a second run, an altered file, the vault changing while it is backed up —
//! and a remote reached through rclone's SFTP backend on an OpenSSH `sshd` this test starts on
//! loopback (Debian packages `rclone`, `openssh-server`; `scripts/install-deps.sh` installs them,
//! and the test fails, naming them, where they are missing).

use crate::support::cli::*;
use evidence_vault::backup::{self, BackupTarget};
use evidence_vault::{CancelToken, IntakeOptions, NoProgress, Progress, SecretString, Vault};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn backup(vault: &Path, target: &str) -> Output {
    run(&["backup", "--vault", v(vault), "--to", target, "--json"])
}

fn check(vault: &Path, target: &str) -> Output {
    run(&[
        "backup",
        "--vault",
        v(vault),
        "--to",
        target,
        "--check",
        "--json",
    ])
}

fn summary(o: &Output) -> Value {
    json_lines(o)
        .into_iter()
        .find(|l| l["type"] == "summary")
        .unwrap_or_else(|| panic!("no summary line: {}\n{}", stdout(o), stderr(o)))
}

fn lines_of(o: &Output, kind: &str) -> Vec<String> {
    json_lines(o)
        .into_iter()
        .filter(|l| l["type"] == kind)
        .map(|l| l["path"].as_str().unwrap().to_owned())
        .collect()
}

fn ids_of(vault: &Path) -> Vec<String> {
    let o = run(&["list", "--vault", v(vault), "--json"]);
    assert_ok(&o);
    let mut ids: Vec<String> = json_lines(&o)
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn add_files(vault: &Path, dir: &Path, names: &[&str]) {
    for n in names {
        fs::write(dir.join(n), format!("evidence {n} {}", n.len())).unwrap();
        assert_ok(&run(&["add", "--vault", v(vault), v(&dir.join(n))]));
    }
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file under its final name (not a `.tmp-….part` staging file) with its inode and
/// modification time: a file copied again would have another inode.
fn placed(dir: &Path) -> BTreeMap<PathBuf, (u64, i64, i64)> {
    walk_files(dir)
        .into_iter()
        .filter(|p| !p.file_name().unwrap().to_string_lossy().ends_with(".part"))
        .map(|p| {
            let m = fs::metadata(&p).unwrap();
            (p, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

fn verify_no_record(dir: &Path) {
    let o = run(&["verify", "--vault", v(dir), "--no-record"]);
    assert_ok(&o);
}

// ---------------------------------------------------------------------------------------------
// Folders

#[test]
fn backups_are_incremental_never_overwrite_and_open_as_the_vault() {
    let (dir, vault) = new_vault();
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    add_files(&vault, &src, &["a.txt", "b.txt", "c.txt"]);
    let target = dir.path().join("usb").join("backup");
    let t = v(&target);

    let o = backup(&vault, t);
    assert_ok(&o);
    let first = summary(&o);
    assert_eq!(first["complete"], true, "{first}");
    assert_eq!(first["compared_by"], "probe", "{first}");
    assert!(first["files_copied"].as_u64().unwrap() >= 6, "{first}");
    assert_eq!(
        ids_of(&target),
        ids_of(&vault),
        "the backup opens as the vault"
    );
    verify_no_record(&target);
    let after_first = snapshot(&target);

    // --check compares every byte and writes nothing.
    let o = check(&vault, t);
    assert_ok(&o);
    let c = summary(&o);
    assert_eq!(c["complete"], true, "{c}");
    assert_eq!(c["compared_by"], "sha256", "{c}");
    assert_eq!(c["files_checked"], first["files_copied"], "{c}");
    assert_same(
        &after_first,
        &snapshot(&target),
        "--check wrote into the backup",
    );

    // Nothing new: nothing copied.
    let again = summary(&backup(&vault, t));
    assert_eq!(again["files_copied"], 0, "{again}");

    // New items: only their files (object + segment) are copied, nothing changes in place.
    add_files(&vault, &src, &["d.txt"]);
    let o = check(&vault, t);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(lines_of(&o, "missing").len(), 2, "{}", stdout(&o));
    let o = backup(&vault, t);
    assert_ok(&o);
    let second = summary(&o);
    assert_eq!(
        second["files_copied"], 2,
        "object + journal segment: {second}"
    );
    let after_second = snapshot(&target);
    for (path, (bytes, _)) in &after_first {
        assert_eq!(
            after_second.get(path).map(|x| &x.0),
            Some(bytes),
            "{path:?} changed in the backup"
        );
    }
    assert_eq!(ids_of(&target), ids_of(&vault));

    // The vault compacted since: the backup keeps its old base under bases/ and takes the new.
    assert_ok(&run(&["compact", "--vault", v(&vault)]));
    add_files(&vault, &src, &["e.txt"]);
    let o = check(&vault, t);
    assert_eq!(code(&o), 1);
    assert_eq!(
        lines_of(&o, "outdated"),
        vec![target.join("catalog.age").display().to_string()],
        "{}",
        stdout(&o)
    );
    assert!(lines_of(&o, "altered").is_empty(), "{}", stdout(&o));
    let o = backup(&vault, t);
    assert_ok(&o);
    let third = summary(&o);
    assert!(third["base_kept"].is_string(), "{third}");
    let after_third = snapshot(&target);
    for (path, (bytes, _)) in &after_second {
        if path.ends_with("catalog.age") {
            continue; // replaced, and kept under bases/
        }
        assert_eq!(
            after_third.get(path).map(|x| &x.0),
            Some(bytes),
            "{path:?} changed in the backup"
        );
    }
    let old_base = &after_second[Path::new("catalog.age")].0;
    assert!(
        after_third
            .iter()
            .any(|(p, (b, _))| p.starts_with("bases") && b == old_base),
        "the old base is still in the backup, under bases/"
    );
    assert_eq!(ids_of(&target), ids_of(&vault));
    verify_no_record(&target);
    assert_ok(&check(&vault, t));
    assert_eq!(
        snapshot(&target),
        after_third,
        "verify --no-record and --check write nothing into a backup"
    );
}

#[test]
fn another_vault_or_folder_is_refused_and_an_altered_file_reported_never_overwritten() {
    let (dir, vault) = new_vault();
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    add_files(&vault, &src, &["a.txt", "b.txt"]);

    // Another vault as target.
    let other = dir.path().join("other");
    assert_ok(&run(&[
        "init",
        "--vault",
        v(&other),
        "--kdf-log-n",
        TEST_KDF,
    ]));
    let before = snapshot(&other);
    let o = backup(&vault, v(&other));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("another vault"), "{}", stderr(&o));
    assert_same(&before, &snapshot(&other), "target untouched");
    let o = check(&vault, v(&other));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("another vault"), "{}", stderr(&o));

    // A folder with other things in it.
    let busy = dir.path().join("busy");
    fs::create_dir(&busy).unwrap();
    fs::write(busy.join("holiday.jpg"), b"x").unwrap();
    let o = backup(&vault, v(&busy));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("not a backup"), "{}", stderr(&o));
    assert_eq!(walk_files(&busy), vec![busy.join("holiday.jpg")]);

    // An altered file in the target: reported, not overwritten, not counted as present — by
    // the next backup and by --check.
    let target = dir.path().join("backup");
    assert_ok(&backup(&vault, v(&target)));
    let obj = walk_files(&target.join("objects"))[0].clone();
    let mut bytes = fs::read(&obj).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    fs::write(&obj, &bytes).unwrap();
    let o = backup(&vault, v(&target));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&obj.display().to_string()),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&obj).unwrap(), bytes, "never overwritten");
    let s = summary(&o);
    assert_eq!(s["complete"], false, "{s}");
    assert_eq!(lines_of(&o, "altered"), vec![obj.display().to_string()]);
    let o = check(&vault, v(&target));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(lines_of(&o, "altered"), vec![obj.display().to_string()]);
    assert!(lines_of(&o, "missing").is_empty(), "{}", stdout(&o));
    // The same size, first and last 64 KiB: the quick rule of a backup cannot see it, --check
    // (every byte) does.
    let big = dir.path().join("big.bin");
    fs::write(&big, vec![7u8; 400_000]).unwrap();
    assert_ok(&run(&["add", "--vault", v(&vault), v(&big)]));
    let t2 = dir.path().join("backup2");
    assert_ok(&backup(&vault, v(&t2)));
    let obj = walk_files(&t2.join("objects"))
        .into_iter()
        .max_by_key(|p| fs::metadata(p).unwrap().len())
        .unwrap();
    let mut bytes = fs::read(&obj).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x80;
    fs::write(&obj, &bytes).unwrap();
    let o = check(&vault, v(&t2));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(lines_of(&o, "altered"), vec![obj.display().to_string()]);
    assert_eq!(
        code(&run(&["verify", "--vault", v(&t2), "--no-record"])),
        1,
        "verify on the backup finds it too"
    );
}

#[test]
fn kill_9_mid_backup_then_again_completes_copies_nothing_twice_and_verifies() {
    let (dir, vault) = new_vault();
    let big = dir.path().join("big");
    fs::create_dir(&big).unwrap();
    for i in 0..60 {
        fs::write(big.join(format!("f{i}.bin")), vec![i as u8; 300_000]).unwrap();
    }
    assert_ok(&run(&["add", "--vault", v(&vault), v(&big)]));
    let target = dir.path().join("fresh");
    let mut interrupted = 0;
    let mut delay = 20u64;
    loop {
        let before = placed(&target);
        let mut child = evault()
            .env("EVAULT_PASSPHRASE", PASS)
            .args(["backup", "--vault", v(&vault), "--to", v(&target), "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        let after = placed(&target);
        // Whatever a run found in place it left alone (same inode, same time): nothing twice.
        for (p, meta) in &before {
            assert_eq!(
                after.get(p),
                Some(meta),
                "{p:?} was copied again or changed"
            );
        }
        if finished {
            let o = Output {
                status: out.status,
                stdout: out.stdout,
                stderr: Vec::new(),
            };
            let s = summary(&o);
            assert_eq!(
                s["files_copied"].as_u64().unwrap() as usize,
                after.len() - before.len(),
                "the last run copied exactly what was not yet there: {s}"
            );
            break;
        }
        interrupted += 1;
        delay = delay * 3 / 2;
        assert!(delay < 120_000, "the backup never finished");
    }
    assert!(interrupted >= 2, "the backup was never interrupted mid-way");
    let o = backup(&vault, v(&target));
    assert_ok(&o);
    assert_eq!(summary(&o)["files_copied"], 0);
    assert_eq!(ids_of(&target), ids_of(&vault));
    verify_no_record(&target);
    assert_ok(&check(&vault, v(&target)));
}

#[test]
fn a_full_or_read_only_target_leaves_a_valid_earlier_backup() {
    let Some(disk) = SmallDisk::mount("3m") else {
        panic!("this test needs to mount a tmpfs (run as root, as CI does)");
    };
    let (dir, vault) = new_vault();
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    add_files(&vault, &src, &["a.txt"]);
    let target = disk.path.join("backup");
    assert_ok(&backup(&vault, v(&target)));
    let earlier = ids_of(&target);
    // More than fits.
    fs::write(src.join("big.bin"), vec![0x5Au8; 4 * 1024 * 1024]).unwrap();
    assert_ok(&run(&[
        "add",
        "--vault",
        v(&vault),
        v(&src.join("big.bin")),
    ]));
    let o = backup(&vault, v(&target));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("No space left"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("still a valid earlier backup"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        ids_of(&target),
        earlier,
        "still the earlier backup, and it opens"
    );
    verify_no_record(&target);
    assert!(
        walk_files(&target)
            .iter()
            .all(|p| !p.to_string_lossy().ends_with(".part")),
        "no partial files left"
    );
    let o = check(&vault, v(&target));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(!lines_of(&o, "missing").is_empty(), "{}", stdout(&o));
    assert!(lines_of(&o, "altered").is_empty(), "{}", stdout(&o));
    // Read-only.
    let ro = Command::new("mount")
        .args(["-o", "remount,ro", v(&disk.path)])
        .status()
        .unwrap();
    assert!(ro.success());
    let o = backup(&vault, v(&target));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("backup"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Read-only file system"),
        "{}",
        stderr(&o)
    );
    // Checking needs no write access.
    let o = check(&vault, v(&target));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(lines_of(&o, "altered").is_empty(), "{}", stdout(&o));
    let _ = Command::new("mount")
        .args(["-o", "remount,rw", v(&disk.path)])
        .status();
}

/// Intakes and a compaction while a backup copies objects (in this process, as the GUI does:
/// the CLI's vault lock keeps other processes out): the backup is a consistent state.
#[test]
fn the_vault_changing_during_a_backup_gives_a_consistent_backup() {
    let dir = tempfile::tempdir().unwrap();
    let pass = SecretString::from(PASS.to_owned());
    let vdir = dir.path().join("vault");
    assert_ok(&run(&[
        "init",
        "--vault",
        v(&vdir),
        "--kdf-log-n",
        TEST_KDF,
    ]));
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    for i in 0..12 {
        fs::write(src.join(format!("s{i}.bin")), vec![i as u8 + 1; 50_000]).unwrap();
    }
    let vault = Vault::unlock(&vdir, &pass).unwrap();
    let add = |name: &str| {
        let p = dir.path().join(name);
        fs::write(&p, format!("added while backing up: {name}")).unwrap();
        let r = vault
            .add_paths(
                &[p],
                &IntakeOptions::default(),
                &NoProgress,
                &CancelToken::new(),
            )
            .unwrap();
        assert_eq!(r.added(), 1, "{r:?}");
    };
    vault
        .add_paths(
            std::slice::from_ref(&src),
            &IntakeOptions::default(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();

    for (round, compact) in [(0, false), (1, true)] {
        let target = dir.path().join(format!("backup-{round}"));
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let changed = std::sync::atomic::AtomicBool::new(false);
        // On the 4th progress report (objects are being copied, no lock held), change the vault.
        let sink = |_: &Progress| {
            if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 3 {
                add(&format!("late-{round}-a.txt"));
                if compact {
                    vault.compact().unwrap();
                }
                add(&format!("late-{round}-b.txt"));
                changed.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        };
        let r = backup::backup_to(
            &vault,
            &BackupTarget::Folder(target.clone()),
            &sink,
            &CancelToken::new(),
        )
        .unwrap();
        assert!(
            changed.load(std::sync::atomic::Ordering::SeqCst),
            "the vault was not changed"
        );
        assert!(r.is_complete(), "{r:?}");
        // The backup opens, verifies (every object its catalog names is there) and holds the
        // vault as it was at one moment: here, with the items added meanwhile.
        verify_no_record(&target);
        assert_eq!(ids_of(&target), ids_of_open(&vault), "{r:?}");
        let c = backup::check_backup(
            &vault,
            &BackupTarget::Folder(target.clone()),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
        assert!(c.is_complete(), "{c:?}");
    }
}

fn ids_of_open(vault: &Vault) -> Vec<String> {
    let mut ids: Vec<String> = vault
        .read()
        .stored_objects()
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    ids.sort();
    ids
}

// ---------------------------------------------------------------------------------------------
// rclone

#[track_caller]
fn need(program: &str, package: &str) {
    let found = Command::new(program)
        .arg(if program.ends_with("sshd") {
            "-V"
        } else {
            "version"
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(
        found,
        "{program} is not installed: this test needs the Debian package {package} (scripts/install-deps.sh installs it)"
    );
}

#[test]
fn without_rclone_a_remote_backup_says_how_to_install_it() {
    let (dir, vault) = new_vault();
    let empty = dir.path().join("no-programs");
    fs::create_dir(&empty).unwrap();
    for args in [
        vec![
            "backup",
            "--vault",
            v(&vault),
            "--to",
            "rclone:srv:backups/v",
        ],
        vec![
            "backup",
            "--vault",
            v(&vault),
            "--to",
            "rclone:srv:backups/v",
            "--check",
        ],
    ] {
        let o = evault()
            .env("EVAULT_PASSPHRASE", PASS)
            .env("PATH", &empty)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        assert!(
            stderr(&o).contains("install rclone (apt install rclone)"),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
    let o = run(&["backup", "--vault", v(&vault), "--to", "rclone:nocolon"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("rclone:REMOTE:PATH"), "{}", stderr(&o));
}

/// An OpenSSH server on a free loopback port, for the current user, with throwaway host and
/// client keys; killed when dropped.
struct Sshd {
    dir: tempfile::TempDir,
    port: u16,
    user: String,
    child: Child,
}

const SSHD: &str = "/usr/sbin/sshd";

impl Sshd {
    fn start() -> Sshd {
        need(SSHD, "openssh-server");
        need("ssh-keygen", "openssh-client");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for key in ["host_key", "client_key"] {
            let ok = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", "evault-test", "-f"])
                .arg(d.join(key))
                .status()
                .unwrap();
            assert!(ok.success());
        }
        fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap();
        let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_owned();
        let root = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
            .unwrap()
            .trim()
            == "0";
        if root {
            // sshd run by root separates privileges and needs its (packaged) empty directory,
            // which systemd creates at boot; a container or CI machine may not have it.
            let _ = fs::create_dir_all("/run/sshd");
        }
        for attempt in 0.. {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let config = format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nPidFile {pid}\n\
                 AuthorizedKeysFile {ak}\nStrictModes no\nUsePAM no\n\
                 PasswordAuthentication no\nKbdInteractiveAuthentication no\n\
                 PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nAllowUsers {user}\n\
                 Subsystem sftp internal-sftp\nLogLevel VERBOSE\n",
                hk = d.join("host_key").display(),
                pid = d.join("sshd.pid").display(),
                ak = d.join("authorized_keys").display(),
            );
            fs::write(d.join("sshd_config"), config).unwrap();
            let log = fs::File::create(d.join("sshd.log")).unwrap();
            let mut child = Command::new(SSHD)
                .arg("-D")
                .arg("-e")
                .arg("-f")
                .arg(d.join("sshd_config"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .unwrap();
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if let Some(st) = child.try_wait().unwrap() {
                    let log = fs::read_to_string(d.join("sshd.log")).unwrap_or_default();
                    assert!(attempt < 3, "sshd exited ({st}):\n{log}");
                    break;
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    let host = fs::read_to_string(d.join("host_key.pub")).unwrap();
                    let host: Vec<&str> = host.split_whitespace().take(2).collect();
                    fs::write(
                        d.join("known_hosts"),
                        format!("[127.0.0.1]:{port} {}\n", host.join(" ")),
                    )
                    .unwrap();
                    return Sshd {
                        dir,
                        port,
                        user,
                        child,
                    };
                }
                assert!(Instant::now() < deadline, "sshd never listened on {port}");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        unreachable!()
    }

    /// An rclone config with one sftp remote, `evtest`, for this server.
    fn rclone_config(&self) -> PathBuf {
        let d = self.dir.path();
        let path = d.join("rclone.conf");
        fs::write(
            &path,
            format!(
                "[evtest]\ntype = sftp\nhost = 127.0.0.1\nport = {}\nuser = {}\nkey_file = {}\n\
                 known_hosts_file = {}\nshell_type = unix\nmd5sum_command = md5sum\n\
                 sha1sum_command = sha1sum\n",
                self.port,
                self.user,
                d.join("client_key").display(),
                d.join("known_hosts").display()
            ),
        )
        .unwrap();
        path
    }

    fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn remote_backup(vault: &Path, target: &str, config: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "backup",
        "--vault",
        v(vault),
        "--to",
        target,
        "--rclone-config",
        v(config),
        "--json",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn a_backup_over_sftp_through_rclone_is_incremental_checked_and_opens_as_the_vault() {
    need("rclone", "rclone");
    let sshd = Sshd::start();
    let config = sshd.rclone_config();
    let (dir, vault) = new_vault();
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    add_files(&vault, &src, &["a.txt", "b.txt"]);
    fs::write(src.join("photo.jpg"), jpeg(320, 240, 9)).unwrap();
    assert_ok(&run(&[
        "add",
        "--vault",
        v(&vault),
        v(&src.join("photo.jpg")),
    ]));
    // The remote's files are on this machine: the test can look at them directly.
    let remote_dir = dir.path().join("server").join("backups").join("vault");
    let target = format!("rclone:evtest:{}", remote_dir.display());
    let diag = |o: &Output| format!("{}\n{}\nsshd:\n{}", stdout(o), stderr(o), sshd.log());

    let o = remote_backup(&vault, &target, &config, &[]);
    assert_eq!(code(&o), 0, "{}", diag(&o));
    let first = summary(&o);
    assert_eq!(first["complete"], true, "{first}");
    assert_eq!(first["compared_by"], "sha1", "{first}");
    // vault.json, keys.age, 3 objects, 1 thumbnail, the base, 4 segments (init + 3 intakes).
    let local_files = walk_files(&vault)
        .into_iter()
        .filter(|p| !p.ends_with("vault.lock") && !p.ends_with("catalog.age.prev"))
        .count() as u64;
    assert_eq!(
        first["files_copied"].as_u64().unwrap(),
        local_files,
        "{first}"
    );
    assert!(
        !remote_dir.join(".evault-partial").exists(),
        "temporary files cleared"
    );
    let after_first = snapshot(&remote_dir);

    // Again: nothing copied, nothing touched.
    let o = remote_backup(&vault, &target, &config, &[]);
    assert_eq!(code(&o), 0, "{}", diag(&o));
    assert_eq!(summary(&o)["files_copied"], 0, "{}", diag(&o));
    assert_eq!(summary(&o)["files_present"].as_u64().unwrap(), local_files);
    assert_same(
        &after_first,
        &snapshot(&remote_dir),
        "a backup with nothing new",
    );

    // A new item: only its files.
    add_files(&vault, &src, &["c.txt"]);
    let o = remote_backup(&vault, &target, &config, &[]);
    assert_eq!(code(&o), 0, "{}", diag(&o));
    assert_eq!(
        summary(&o)["files_copied"],
        2,
        "object + segment: {}",
        diag(&o)
    );
    let after_second = snapshot(&remote_dir);
    for (p, (bytes, mtime)) in &after_first {
        assert_eq!(
            after_second.get(p),
            Some(&(bytes.clone(), *mtime)),
            "{p:?} changed"
        );
    }

    // Checking the remote backup (EVAULT_RCLONE_CONFIG instead of the flag) writes nothing.
    let o = evault()
        .env("EVAULT_PASSPHRASE", PASS)
        .env("EVAULT_RCLONE_CONFIG", &config)
        .args([
            "backup",
            "--vault",
            v(&vault),
            "--to",
            &target,
            "--check",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", diag(&o));
    let c = summary(&o);
    assert_eq!(c["complete"], true, "{c}");
    assert_eq!(c["files_checked"].as_u64().unwrap(), local_files + 2, "{c}");
    assert_same(&after_second, &snapshot(&remote_dir), "--check on a remote");

    // Downloaded with stock rclone, the backup opens and verifies as the vault.
    let restored = dir.path().join("restored");
    let o = Command::new("rclone")
        .arg("--config")
        .arg(&config)
        .args(["copy", &format!("evtest:{}", remote_dir.display())])
        .arg(&restored)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", diag(&o));
    verify_no_record(&restored);
    assert_eq!(ids_of(&restored), ids_of(&vault));

    // An altered file on the server: reported by the next backup and by --check, never
    // overwritten.
    let obj = walk_files(&remote_dir.join("objects"))[0].clone();
    let mut bytes = fs::read(&obj).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&obj, &bytes).unwrap();
    let shown = format!("rclone:evtest:{}", obj.display());
    let o = remote_backup(&vault, &target, &config, &[]);
    assert_eq!(code(&o), 1, "{}", diag(&o));
    assert_eq!(lines_of(&o, "altered"), vec![shown.clone()], "{}", diag(&o));
    assert_eq!(fs::read(&obj).unwrap(), bytes, "never overwritten");
    let o = remote_backup(&vault, &target, &config, &["--check"]);
    assert_eq!(code(&o), 1, "{}", diag(&o));
    assert_eq!(lines_of(&o, "altered"), vec![shown], "{}", diag(&o));

    // Another vault's backup is refused, naming it.
    let (_d2, other) = new_vault();
    let o = remote_backup(&other, &target, &config, &[]);
    assert_eq!(code(&o), 2, "{}", diag(&o));
    assert!(stderr(&o).contains("another vault"), "{}", diag(&o));

    // A remote that does not answer: rclone's own message, in a typed error, no panic.
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = dir.path().join("dead.conf");
    let text = fs::read_to_string(&config).unwrap();
    let text: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("port = ") {
                format!("port = {dead_port}")
            } else {
                l.to_owned()
            }
        })
        .collect();
    fs::write(&dead, text.join("\n")).unwrap();
    // (rclone's flags from its environment: retry less, the server is not coming back.)
    let o = evault()
        .env("EVAULT_PASSPHRASE", PASS)
        .env("RCLONE_LOW_LEVEL_RETRIES", "1")
        .env("RCLONE_RETRIES", "1")
        .args([
            "backup",
            "--vault",
            v(&vault),
            "--to",
            "rclone:evtest:/tmp/nowhere",
        ])
        .arg("--rclone-config")
        .arg(&dead)
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    for word in ["rclone", "evtest:/tmp/nowhere", "connection refused"] {
        assert!(stderr(&o).contains(word), "{word}: {}", stderr(&o));
    }
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn an_interrupted_remote_backup_resumes_and_leaves_no_temporary_files() {
    need("rclone", "rclone");
    let sshd = Sshd::start();
    let config = sshd.rclone_config();
    let (dir, vault) = new_vault();
    let big = dir.path().join("big");
    fs::create_dir(&big).unwrap();
    for i in 0..12 {
        fs::write(big.join(format!("f{i}.bin")), vec![i as u8; 150_000]).unwrap();
    }
    assert_ok(&run(&["add", "--vault", v(&vault), v(&big)]));
    let remote_dir = dir.path().join("server").join("vault");
    let target = format!("rclone:evtest:{}", remote_dir.display());
    let mut delay = 700u64;
    let mut interrupted = 0;
    loop {
        let before = placed(&remote_dir);
        let mut child = evault()
            .env("EVAULT_PASSPHRASE", PASS)
            .args([
                "backup",
                "--vault",
                v(&vault),
                "--to",
                &target,
                "--rclone-config",
            ])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        if finished {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let after = placed(&remote_dir);
        for (p, meta) in &before {
            if p.components().any(|c| c.as_os_str() == ".evault-partial") {
                continue; // the temporary area: cleared by the next run
            }
            assert_eq!(
                after.get(p),
                Some(meta),
                "{p:?} was copied again or changed"
            );
        }
        if finished {
            break;
        }
        interrupted += 1;
        delay = delay * 8 / 5;
        assert!(delay < 300_000, "the backup never finished");
    }
    assert!(interrupted >= 1, "never interrupted");
    let o = remote_backup(&vault, &target, &config, &[]);
    assert_eq!(code(&o), 0, "{}\n{}", stderr(&o), sshd.log());
    assert_eq!(summary(&o)["files_copied"], 0);
    assert!(!remote_dir.join(".evault-partial").exists());
    verify_no_record(&remote_dir);
    assert_ok(&remote_backup(&vault, &target, &config, &["--check"]));
}

#[test]
fn what_killed_runs_leave_never_blocks_or_stays_after_the_next_run() {
    // A folder run killed while it staged vault.json leaves only that staging file: the folder
    // is still taken as an empty target.
    let (dir, vault) = new_vault();
    add_files(&vault, dir.path(), &["a.txt"]);
    let folder = dir.path().join("usb");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join(".tmp-Xy12Ab.part"),
        b"age ciphertext, half written",
    )
    .unwrap();
    let o = backup(&vault, v(&folder));
    assert_ok(&o);
    assert!(!folder.join(".tmp-Xy12Ab.part").exists());
    assert_eq!(ids_of(&folder), ids_of(&vault));
    // A remote run killed after it moved its last staged file leaves its temporary folder
    // empty (in no file listing): the next run removes it even with nothing to copy.
    need("rclone", "rclone");
    let remote = dir.path().join("remote");
    let target = format!("rclone::local:{}", remote.display());
    let config = dir.path().join("rclone.conf");
    fs::write(&config, "").unwrap();
    assert_ok(&remote_backup(&vault, &target, &config, &[]));
    fs::create_dir_all(remote.join(".evault-partial").join("0123456789ab")).unwrap();
    let o = remote_backup(&vault, &target, &config, &[]);
    assert_ok(&o);
    assert_eq!(summary(&o)["files_copied"], 0);
    assert!(!remote.join(".evault-partial").exists());
}
