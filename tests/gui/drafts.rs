//! Nothing typed is lost (issue 10): a note being written survives Ctrl+L and comes back after
//! unlock; changes typed into an item's panel survive the auto-lock (injected clock) and can then
//! be saved; the draft files hold no plaintext and are removed once the text is in the vault;
//! an intake running across the idle timeout finishes, and the lock comes after it; an incident
//! form closed with Escape comes back, and one being written survives a lock.
//!
//! Vaults here use a low scrypt work factor (log N 10) explicitly.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use eframe::egui::Key;
use egui_kittest::kittest::Queryable;
use evidence_vault::{ListQuery, NoteInput};

use crate::support::gui::{
    H, KDF_LOG_N, click, harness, has, has_part, new_vault, opening, shortcut, steps, type_into,
    wait_for,
};
use evidence_vault::gui::AppOptions;
use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::file_picker::ScriptedPicker;

const PASSPHRASE: &str = "drafts test passphrase here";
const TITLE: &str = "شهادة W-07 عن السوق";
const BODY: &str = "رأيت الدخان فوق السوق بعد الظهر. The roof fell at 14:10.";

fn drafts_in(vault: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(vault.join("drafts")) {
        Ok(d) => d
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// No file anywhere in the vault folder contains `text` in the clear.
fn assert_nowhere_in_clear(vault: &Path, text: &str) {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out)
            } else {
                out.push(p)
            }
        }
    }
    let mut files = Vec::new();
    walk(vault, &mut files);
    for f in files {
        // The lock file goes away as the window's threads let go of the vault.
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        assert!(
            !bytes.windows(text.len()).any(|w| w == text.as_bytes()),
            "{} holds typed text in the clear",
            f.display()
        );
    }
}

fn unlock(h: &mut H) {
    type_into(h, "Passphrase", PASSPHRASE);
    click(h, "Unlock");
    wait_for(h, "the vault to open", |h| h.state().is_unlocked());
}

fn field(h: &H, label: &str) -> String {
    h.get_by_label(label).value().unwrap_or_default()
}

#[test]
fn a_note_survives_a_lock_and_an_edit_survives_the_auto_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let vault_dir = tmp.path().join("vault");
    {
        let v = new_vault(&vault_dir, PASSPHRASE);
        v.add_note(&NoteInput {
            title: "Market photo list".into(),
            body: "first version".into(),
            ..NoteInput::default()
        })
        .unwrap();
    }
    let clock = ManualClock::new();
    let mut h = harness(AppOptions {
        picker: Arc::new(ScriptedPicker::new()),
        clock: Arc::new(clock.clone()),
        kdf_log_n: KDF_LOG_N,
        open_path: Some(vault_dir.clone()),
        ..Default::default()
    });
    let h = &mut h;
    unlock(h);
    wait_for(h, "the one item", |h| has(h, "1 item"));

    // ---- a note being written, then Ctrl+L ----
    shortcut(h, Key::N);
    wait_for(h, "the note editor", |h| has(h, "Save note"));
    type_into(h, "Note title", TITLE);
    type_into(h, "Note text", BODY);
    shortcut(h, Key::L);
    assert!(!h.state().is_unlocked());
    assert!(
        has_part(h, "What you were typing is kept in the vault, encrypted"),
        "the lock message says the note is kept"
    );
    assert_eq!(drafts_in(&vault_dir).len(), 1, "one draft file");
    assert_nowhere_in_clear(&vault_dir, "W-07");
    assert_nowhere_in_clear(&vault_dir, "The roof fell");

    unlock(h);
    wait_for(h, "the note editor again", |h| has(h, "Save note"));
    assert!(has_part(
        h,
        "Kept while the vault was locked and opened again"
    ));
    assert_eq!(field(h, "Note title"), TITLE);
    assert_eq!(field(h, "Note text"), BODY);
    click(h, "Save note");
    wait_for(h, "the note to be saved", |h| {
        has(h, "Note saved in the vault.")
    });
    wait_for(h, "the draft to be removed", |_| {
        drafts_in(&vault_dir).is_empty()
    });
    wait_for(h, "two items", |h| has(h, "2 items"));

    // ---- a change typed into an item's panel, then the auto-lock ----
    h.get_by_role_and_label(eframe::egui::accesskit::Role::Button, "Market photo list")
        .click_accesskit();
    steps(h, 2);
    wait_for(h, "its panel", |h| has(h, "Copy SHA-256"));
    type_into(h, "Title", "Market photo list (checked by Amal)");
    clock.advance(Duration::from_secs(5 * 60 + 1));
    steps(h, 3);
    assert!(!h.state().is_unlocked(), "locked after 5 idle minutes");
    assert!(has_part(h, "What you were typing is kept"));
    assert_eq!(drafts_in(&vault_dir).len(), 1);
    assert_nowhere_in_clear(&vault_dir, "checked by Amal");

    unlock(h);
    wait_for(h, "the item with the typed change", |h| {
        h.query_by_label("Title")
            .and_then(|n| n.value())
            .is_some_and(|v| v == "Market photo list (checked by Amal)")
    });
    assert!(has_part(h, "your unsaved changes to an item"));
    click(h, "Save changes");
    wait_for(h, "the draft to be removed after saving", |h| {
        drafts_in(&vault_dir).is_empty() && h.state().is_unlocked()
    });
    let v = h.state().vault().cloned().unwrap();
    let titles: Vec<String> = v
        .list(&ListQuery::default())
        .unwrap()
        .into_iter()
        .map(|i| i.title)
        .collect();
    assert!(
        titles.contains(&"Market photo list (checked by Amal)".to_owned()),
        "{titles:?}"
    );
    assert!(titles.contains(&TITLE.to_owned()), "{titles:?}");
}

#[test]
fn an_intake_running_across_the_idle_timeout_finishes_and_the_lock_waits_for_it() {
    let tmp = tempfile::tempdir().unwrap();
    let vault_dir = tmp.path().join("vault");
    new_vault(&vault_dir, PASSPHRASE);
    // Big enough that hashing, encrypting and fsyncing it takes longer than a few frames.
    let video = tmp.path().join("interview.bin");
    let mut bytes = vec![0u8; 96 * 1024 * 1024];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for chunk in bytes.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
    }
    std::fs::write(&video, &bytes).unwrap();
    drop(bytes);

    let clock = ManualClock::new();
    let picker = Arc::new(ScriptedPicker::new());
    let mut h = harness(AppOptions {
        picker: picker.clone(),
        clock: Arc::new(clock.clone()),
        kdf_log_n: KDF_LOG_N,
        open_path: Some(vault_dir.clone()),
        ..Default::default()
    });
    let h = &mut h;
    unlock(h);
    picker.answer(vec![video.clone()]);
    shortcut(h, Key::O);
    let chosen = video.display().to_string();
    wait_for(h, "the chosen file in Add evidence", |h| {
        has(h, "Add to vault") && has(h, &chosen)
    });
    click(h, "Add to vault");
    assert!(
        h.state().debug_summary().contains("Intake"),
        "the intake runs: {}",
        h.state().debug_summary()
    );
    clock.advance(Duration::from_secs(6 * 60));
    steps(h, 2);
    assert!(
        h.state().is_unlocked(),
        "not locked while the intake runs (6 idle minutes, limit 5)"
    );
    wait_for(h, "the intake to finish", |h| has(h, "Intake finished"));
    assert!(h.state().is_unlocked());
    let v = h.state().vault().cloned().unwrap();
    assert_eq!(
        v.list(&ListQuery::default()).unwrap().len(),
        1,
        "the file is in"
    );
    drop(v);
    // The idle time counts from the end of the intake.
    clock.advance(Duration::from_secs(5 * 60 + 1));
    steps(h, 3);
    assert!(!h.state().is_unlocked(), "locked once idle after it");
}

#[test]
fn a_vault_open_elsewhere_is_said_before_the_passphrase_is_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let vault_dir = tmp.path().join("vault");
    let elsewhere = new_vault(&vault_dir, PASSPHRASE);
    let mut h = opening(&vault_dir);
    let h = &mut h;
    steps(h, 2);
    assert!(
        has_part(h, "This vault is open in another Evidence Vault window"),
        "said on the unlock form at once"
    );
    drop(elsewhere);
    unlock(h);
}

#[test]
fn an_incident_being_written_survives_escape_and_a_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let vault_dir = tmp.path().join("vault");
    drop(new_vault(&vault_dir, PASSPHRASE));
    let mut h = opening(&vault_dir);
    let h = &mut h;
    unlock(h);
    click(h, "Incidents");
    wait_for(h, "no incidents yet", |h| has(h, "No incidents yet"));
    click(h, "New incident…");
    wait_for(h, "the incident form", |h| has(h, "Save incident"));
    type_into(h, "Title (English)", "Strike on the vegetable market");
    type_into(
        h,
        "Summary (Arabic)",
        "رأى الشاهد W-09 الغارة على سوق الخضار",
    );

    // Escape closes the form; asking for a new one shows it again rather than a blank one.
    h.key_press(Key::Escape);
    wait_for(h, "the form closed", |h| !has(h, "Save incident"));
    click(h, "New incident…");
    wait_for(h, "the form again", |h| has(h, "Save incident"));
    assert!(has_part(h, "The incident you were writing is shown again"));
    assert_eq!(
        field(h, "Title (English)"),
        "Strike on the vegetable market"
    );

    shortcut(h, Key::L);
    assert!(!h.state().is_unlocked());
    assert_eq!(drafts_in(&vault_dir).len(), 1, "one draft file");
    assert_nowhere_in_clear(&vault_dir, "vegetable market");
    assert_nowhere_in_clear(&vault_dir, "W-09");

    unlock(h);
    wait_for(h, "the form after unlock", |h| has(h, "Save incident"));
    assert!(has_part(h, "the incident “Strike on the vegetable market”"));
    assert_eq!(
        field(h, "Summary (Arabic)"),
        "رأى الشاهد W-09 الغارة على سوق الخضار"
    );
    click(h, "Save incident");
    wait_for(h, "the incident saved", |h| has_part(h, "recorded"));
    wait_for(h, "the draft removed", |_| drafts_in(&vault_dir).is_empty());
    let v = h.state().vault().unwrap();
    let all = v.incidents(&Default::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].0.fields.title, "Strike on the vegetable market");
}
