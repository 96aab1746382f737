//! Backing up from the window, headless (egui_kittest): the reminder in the status bar, "Back up
//! now" to a folder chosen through the file-picker seam, the backup opening as the vault, "Check
//! this backup" finding it intact and then finding a file altered in it, and the settings and
//! the time of the last good backup remembered in the preferences.
//!
//! Vaults here use a low scrypt work factor (log N 10) explicitly.

use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use egui_kittest::kittest::Queryable;
use evidence_vault::progress::NoProgress;
use evidence_vault::{CancelToken, IntakeOptions, ListQuery, SecretString, Vault};

use crate::support::gui::{
    H, KDF_LOG_N, click, harness, has, has_part, new_vault, steps, type_into, wait_for,
};
use evidence_vault::gui::AppOptions;
use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::file_picker::ScriptedPicker;
use evidence_vault::gui::prefs::{BackupPrefs, Prefs};

const PASSPHRASE: &str = "backup test passphrase here";
const DAY: i64 = 24 * 60 * 60;

/// A vault with three small files; returns its ID.
fn make_vault(dir: &Path, sources: &Path) -> String {
    let v = new_vault(dir, PASSPHRASE);
    std::fs::create_dir_all(sources).unwrap();
    let mut paths = Vec::new();
    for i in 0..3 {
        let p = sources.join(format!("statement-{i}.txt"));
        std::fs::write(&p, format!("Statement {i}: the market was hit at noon.\n")).unwrap();
        paths.push(p);
    }
    v.add_paths(
        &paths,
        &IntakeOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    v.info().vault_id.clone()
}

fn unlock(h: &mut H) {
    type_into(h, "Passphrase", PASSPHRASE);
    click(h, "Unlock");
    wait_for(h, "the vault to open", |h| h.state().is_unlocked());
    wait_for(h, "its three items", |h| has(h, "3 items"));
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn back_up_from_the_window_check_it_and_remember_the_last_good_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let vault_dir = tmp.path().join("vault");
    let id = make_vault(&vault_dir, &tmp.path().join("sources"));
    let backup_dir = tmp.path().join("usb").join("vault-backup");

    // Ten days since the last backup, a reminder after seven.
    let mut prefs = Prefs::default();
    prefs.backups.insert(
        id.clone(),
        BackupPrefs {
            target: String::new(),
            last_ok_unix: Some(now() - 10 * DAY),
            last_ok_target: "/media/old-drive/backup".into(),
            remind_days: 7,
        },
    );
    let picker = Arc::new(ScriptedPicker::new());
    let mut h = harness(AppOptions {
        picker: picker.clone(),
        clock: Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        prefs,
        open_path: Some(vault_dir.clone()),
        ..Default::default()
    });
    let h = &mut h;
    unlock(h);
    assert!(
        has(h, "Last backup: 10 days ago"),
        "the status bar says how old the last backup is"
    );
    h.check_accessibility();

    // The reminder's own button opens the dialog.
    click(h, "Back up now");
    wait_for(h, "the backup dialog", |h| has(h, "Back up the vault"));
    assert!(has_part(h, "Last complete backup:"));
    assert!(has_part(h, "/media/old-drive/backup"));

    // A relative path is refused with a reason, nothing is written.
    type_into(h, "Back up to", "vault-backup");
    click(h, "Start backup");
    steps(h, 3);
    assert!(has_part(h, "Type the full path of the backup folder"));
    assert!(!Path::new("vault-backup").exists());

    // The folder comes through the picker seam.
    picker.answer(vec![backup_dir.clone()]);
    click(h, "Choose folder…");
    wait_for(h, "the chosen folder", |h| {
        h.query_by_label("Back up to")
            .and_then(|n| n.value())
            .is_some_and(|v| v == backup_dir.display().to_string())
    });
    h.check_accessibility();
    click(h, "Start backup");
    wait_for(h, "the backup to finish", |h| {
        has_part(h, "Backup complete to")
    });
    assert!(has(h, "Last backup: today"), "the status bar is up to date");

    // The backup is the vault: same ID, same passphrase, same items.
    let b = Vault::unlock(&backup_dir, &SecretString::from(PASSPHRASE.to_owned())).unwrap();
    assert_eq!(b.info().vault_id, id);
    assert_eq!(b.list(&ListQuery::default()).unwrap().len(), 3);
    drop(b);

    // Remembered: the target, and when the last good backup finished.
    let remembered = h.state().prefs.backups.get(&id).cloned().unwrap();
    assert_eq!(remembered.target, backup_dir.display().to_string());
    assert_eq!(remembered.last_ok_target, backup_dir.display().to_string());
    assert!(remembered.last_ok_unix.unwrap() >= now() - 60);

    // Checking it: intact…
    click(h, "Check this backup");
    wait_for(h, "the check", |h| {
        has_part(h, "holds every file of the vault, unchanged")
    });

    // …then one object altered in the backup: found, named, and left as it is.
    let object = std::fs::read_dir(backup_dir.join("objects"))
        .unwrap()
        .flat_map(|e| std::fs::read_dir(e.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "age"))
        .expect("an object in the backup");
    let mut bytes = std::fs::read(&object).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&object, &bytes).unwrap();
    click(h, "Check this backup");
    wait_for(h, "the check to find it", |h| {
        has_part(h, "is not up to date or not intact")
    });
    assert!(has_part(h, "1 altered"), "the altered file is counted");
    let name = object.file_name().unwrap().to_string_lossy().into_owned();
    assert!(has_part(h, &name), "and named");
    assert_eq!(
        std::fs::read(&object).unwrap(),
        bytes,
        "checking writes nothing"
    );

    // A backup now refuses to count the altered file as backed up.
    click(h, "Start backup");
    wait_for(h, "the backup to report it", |h| {
        has_part(h, "were left as they are")
    });
    assert_eq!(std::fs::read(&object).unwrap(), bytes, "never overwritten");
    h.check_accessibility();
    click(h, "Close");
    assert!(!has(h, "Back up the vault"));
}
