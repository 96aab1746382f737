//! Export and import through the window, headless (egui_kittest): the demo vault exports to a
//! second vault's public key; the second vault checks the bundle (per-item report), imports it
//! and shows the imported custody. A damaged bundle can be checked but never imported.
//!
//! Vaults here use a low scrypt work factor (log N 10) explicitly.

use std::path::Path;
use std::sync::Arc;

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use evidence_vault::{CreateOptions, ListQuery, SecretString, Vault};
use sha2::{Digest, Sha256};

use crate::support::gui::{
    H, KDF_LOG_N, click, harness, has, has_part, is_enabled, steps, type_into, wait_for,
};
use evidence_vault::gui::AppOptions;
use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::file_picker::ScriptedPicker;

const PASSPHRASE_B: &str = "second vault passphrase here";

fn app(picker: Arc<ScriptedPicker>) -> H {
    harness(AppOptions {
        picker,
        clock: Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        demo: true,
        ..Default::default()
    })
}

fn file_sha256(p: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(p).unwrap()))
}

/// The demo vault exports everything to vault B's key; the export's hash is shown.
fn export_demo_to(h: &mut H, picker: &ScriptedPicker, recipient: &str, out: &Path) {
    wait_for(h, "the demo vault", |h| has(h, "13 items"));
    click(h, "Export…");
    wait_for(h, "the export dialog", |h| has(h, "Export a bundle"));
    h.get_by_label("Everything in the vault (13 items)")
        .click_accesskit();
    steps(h, 2);
    type_into(
        h,
        "Paste public keys (one per line: age1… or ssh-ed25519 …)",
        recipient,
    );
    type_into(h, "Save the first key as contact named", "Archive B");
    click(h, "Save contact");
    wait_for(h, "the saved contact", |h| {
        h.state()
            .prefs
            .contacts
            .iter()
            .any(|c| c.name == "Archive B")
    });
    picker.answer(vec![out.to_owned()]);
    click(h, "Choose where to save…");
    wait_for(h, "the chosen bundle path", |h| {
        h.query_by_label("Bundle file")
            .and_then(|n| n.value())
            .is_some_and(|v| v == out.display().to_string())
    });
    h.check_accessibility();
    assert!(is_enabled(h, "Export"));
    click(h, "Export");
    wait_for(h, "the export to finish", |h| {
        has(h, "SHA-256 of the bundle file")
    });
    let sha = file_sha256(out);
    assert!(has(h, &sha), "the bundle's SHA-256 is shown");
    assert!(
        h.query_by_role_and_label(Role::Button, "Copy bundle SHA-256")
            .is_some()
    );
    h.check_accessibility();
    click(h, "Close");
}

fn open_vault_b(h: &mut H, dir: &Path) {
    click(h, "Lock");
    assert!(!h.state().is_unlocked());
    click(h, "Back");
    type_into(h, "Or type its folder:", &dir.display().to_string());
    click(h, "Open this folder");
    type_into(h, "Passphrase", PASSPHRASE_B);
    click(h, "Unlock");
    wait_for(h, "vault B", |h| h.state().is_unlocked());
    wait_for(h, "empty vault B", |h| has(h, "This vault is empty"));
}

fn make_vault_b(dir: &Path) -> String {
    let v = Vault::create(
        dir,
        &SecretString::from(PASSPHRASE_B.to_owned()),
        &CreateOptions {
            documenter: "Archive B".into(),
            kdf_log_n: KDF_LOG_N,
        },
    )
    .unwrap();
    v.info().recipient.clone()
}

#[test]
fn export_to_another_vault_then_check_and_import_there() {
    let tmp = tempfile::tempdir().unwrap();
    let b_dir = tmp.path().join("vault-b");
    let recipient = make_vault_b(&b_dir);
    let bundle = tmp.path().join("to-archive-b.tar.age");
    let picker = Arc::new(ScriptedPicker::new());
    let mut h = app(picker.clone());
    let h = &mut h;

    export_demo_to(h, &picker, &recipient, &bundle);
    open_vault_b(h, &b_dir);

    click(h, "Import…");
    wait_for(h, "the import dialog", |h| has(h, "Import a bundle"));
    assert!(!is_enabled(h, "Import"), "nothing to import before a check");
    picker.answer(vec![bundle.clone()]);
    click(h, "Choose bundle…");
    wait_for(h, "the chosen bundle", |h| {
        h.query_by_label("Bundle file")
            .and_then(|n| n.value())
            .is_some_and(|v| v == bundle.display().to_string())
    });
    click(h, "Check bundle");
    wait_for(h, "the verification report", |h| {
        has_part(h, "The bundle verifies: 13 items")
    });
    // The file's SHA-256, to compare with what the sender was shown at export.
    assert!(
        has(h, &file_sha256(&bundle)),
        "the import check shows the bundle file's SHA-256"
    );
    // The per-item table: every row verified, with names from the sender's catalog.
    assert!(has(h, "Tabqa bakery, oven hall interior"));
    // The table is virtual: the rows on screen are laid out, all say "verified".
    assert!(h.query_all_by_label("verified").count() >= 8);
    assert_eq!(h.query_all_by_label("FAILED").count(), 0);
    h.check_accessibility();
    assert!(is_enabled(h, "Import"), "a verified bundle can be imported");
    click(h, "Import");
    wait_for(h, "the import to finish", |h| {
        has_part(h, "Imported: 13 new items")
    });
    h.check_accessibility();
    click(h, "Close");
    wait_for(h, "13 items in vault B", |h| has(h, "13 items"));

    // An imported item shows the sender's custody and the import.
    let vault = h.state().vault().cloned().unwrap();
    let item = vault
        .list(&ListQuery {
            search: Some("oven hall".into()),
            ..Default::default()
        })
        .unwrap()
        .remove(0);
    drop(vault);
    type_into(h, "Search", "oven hall");
    wait_for(h, "the search", |h| has(h, "1 of 13 items match"));
    h.get_by_role_and_label(Role::Button, &item.title)
        .click_accesskit();
    wait_for(h, "the custody log", |h| has_part(h, ". Imported"));
    assert!(
        has_part(h, ". Exported"),
        "the sender's export travels with the item"
    );
    assert!(has_part(h, "Verified: all"));
}

#[test]
fn a_damaged_bundle_is_reported_and_cannot_be_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let b_dir = tmp.path().join("vault-b");
    let recipient = make_vault_b(&b_dir);
    let bundle = tmp.path().join("damaged.tar.age");
    let picker = Arc::new(ScriptedPicker::new());
    let mut h = app(picker.clone());
    let h = &mut h;
    export_demo_to(h, &picker, &recipient, &bundle);
    // Flip one byte in the middle of the encrypted stream.
    let mut bytes = std::fs::read(&bundle).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&bundle, bytes).unwrap();

    open_vault_b(h, &b_dir);
    click(h, "Import…");
    wait_for(h, "the import dialog", |h| has(h, "Import a bundle"));
    type_into(h, "Bundle file", &bundle.display().to_string());
    click(h, "Check bundle");
    wait_for(h, "a failed check", |h| {
        has(h, "THE BUNDLE DOES NOT VERIFY. It cannot be imported.")
            || has_part(h, "The bundle could not be checked")
    });
    assert!(
        !is_enabled(h, "Import"),
        "a damaged bundle cannot be imported"
    );
    h.check_accessibility();
    assert_eq!(
        h.state().vault().unwrap().item_count().unwrap(),
        0,
        "vault B is unchanged"
    );
}

/// The app started with a bundle (as the file manager does through the `.desktop` file): it
/// asks for the receiving vault, then opens the import dialog and checks the bundle at once.
#[test]
fn a_bundle_given_at_start_is_checked_once_a_vault_is_open() {
    use evidence_vault::NoteInput;
    use evidence_vault::bundle::{self, BundleRecipient, ExportOptions, Selection};

    let tmp = tempfile::tempdir().unwrap();
    let b_dir = tmp.path().join("vault-b");
    let recipient = make_vault_b(&b_dir);
    let a = Vault::create(
        &tmp.path().join("vault-a"),
        &SecretString::from("first vault passphrase".to_owned()),
        &CreateOptions {
            documenter: "Amal".into(),
            kdf_log_n: KDF_LOG_N,
        },
    )
    .unwrap();
    a.add_note(&NoteInput {
        title: "Witness account, market square".into(),
        body: "Two witnesses describe the strike at 10:40.".into(),
        ..Default::default()
    })
    .unwrap();
    let bundle = tmp.path().join("from-amal.tar.age");
    bundle::export(
        &a,
        &bundle,
        &ExportOptions {
            selection: Selection::All,
            recipients: vec![BundleRecipient::parse(&recipient).unwrap()],
            passphrase: None,
            passphrase_log_n: None,
        },
        &evidence_vault::NoProgress,
        &evidence_vault::CancelToken::new(),
    )
    .unwrap();

    let mut h = harness(AppOptions {
        clock: Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        open_path: Some(bundle.clone()),
        ..Default::default()
    });
    let h = &mut h;
    steps(h, 3);
    assert!(
        has_part(h, "To import the bundle “from-amal.tar.age”"),
        "{}",
        h.state().debug_summary()
    );
    type_into(h, "Or type its folder:", &b_dir.display().to_string());
    click(h, "Open this folder");
    type_into(h, "Passphrase", PASSPHRASE_B);
    click(h, "Unlock");
    wait_for(h, "vault B", |h| h.state().is_unlocked());
    wait_for(h, "the check of the bundle", |h| {
        has_part(h, "The bundle verifies: 1 item")
    });
    assert!(has(h, "Witness account, market square"));
    assert!(is_enabled(h, "Import"));
    h.check_accessibility();
    assert_eq!(
        h.state().vault().unwrap().item_count().unwrap(),
        0,
        "nothing is imported until the user says so"
    );
}
