//! The window's full flows, driven headless through the accessibility tree with egui_kittest:
//! create a vault, add files (through the scripted file-picker seam), write a note, search, open
//! an item and edit its title (the custody timeline shows the edit), lock by button, by shortcut
//! and by idle timeout (injected clock), unlock with a wrong and a right passphrase, keyboard
//! navigation, drag and drop, and the demo vault with Arabic notes.
//!
//! Vaults here use a low scrypt work factor (log N 10) explicitly, to keep the tests fast.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use eframe::egui;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use evidence_vault::{Action, ListQuery, SecretString, Vault};
use sha2::Digest;

use crate::support::gui::{
    H, KDF_LOG_N, click, harness, has, has_part, shortcut, steps, type_into, wait_for,
};
use evidence_vault::gui::AppOptions;
use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::file_picker::ScriptedPicker;

const PASSPHRASE: &str = "correct horse battery staple";

struct Fixture {
    harness: H,
    picker: Arc<ScriptedPicker>,
    clock: ManualClock,
}

fn app_with(options: impl FnOnce(&mut AppOptions)) -> Fixture {
    let picker = Arc::new(ScriptedPicker::new());
    let clock = ManualClock::new();
    let mut o = AppOptions {
        picker: picker.clone(),
        clock: Arc::new(clock.clone()),
        kdf_log_n: KDF_LOG_N,
        ..Default::default()
    };
    options(&mut o);
    let harness = harness(o);
    Fixture {
        harness,
        picker,
        clock,
    }
}

fn write_png(path: &Path, w: u32, h: u32, seed: u8) {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x as u8).wrapping_mul(seed),
            (y as u8).wrapping_add(seed),
            seed,
        ])
    });
    img.save(path).unwrap();
}

/// Three files for intake: two images and a text file.
fn evidence_files(dir: &Path) -> Vec<PathBuf> {
    let a = dir.join("bakery-front.png");
    let b = dir.join("school-gate.png");
    let c = dir.join("statement.txt");
    write_png(&a, 64, 48, 3);
    write_png(&b, 48, 64, 7);
    std::fs::write(&c, "Witness statement: the bakery was hit before dawn.\n").unwrap();
    vec![a, b, c]
}

fn create_vault_through_ui(f: &mut Fixture, dir: &Path) {
    let h = &mut f.harness;
    click(h, "Create a new vault…");
    assert!(has(h, "Create vault"));
    // The folder comes through the file-picker seam (no native dialog in tests).
    f.picker.answer(vec![dir.to_owned()]);
    click(h, "Choose folder…");
    wait_for(h, "the chosen folder in the form", |h| {
        h.query_by_label("Vault folder")
            .and_then(|n| n.value())
            .is_some_and(|v| v == dir.display().to_string())
    });
    type_into(h, "Your name (recorded in the custody log)", "Amal");
    type_into(h, "Passphrase", PASSPHRASE);
    type_into(h, "Repeat the passphrase", PASSPHRASE);
    assert!(has_part(h, "Strength:"), "the strength meter is shown");
    h.check_accessibility();
    click(h, "Create vault");
    wait_for(h, "the new vault to open", |h| h.state().is_unlocked());
}

#[test]
fn create_add_note_search_edit_and_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let vault_dir = tmp.path().join("vault");
    let sources = tmp.path().join("camera");
    std::fs::create_dir_all(&sources).unwrap();
    let files = evidence_files(&sources);

    let mut f = app_with(|_| {});
    create_vault_through_ui(&mut f, &vault_dir);
    let h = &mut f.harness;
    wait_for(h, "the empty vault", |h| has(h, "This vault is empty"));
    h.check_accessibility();

    // ---- add files: Ctrl+O opens the (scripted) file dialog ----
    f.picker.answer(files.clone());
    shortcut(h, Key::O);
    let first = files[0].display().to_string();
    wait_for(h, "the chosen files in the Add evidence dialog", |h| {
        has(h, "Add to vault") && has(h, &first)
    });
    type_into(h, "Case for these files", "TABQA-2017-03");
    h.check_accessibility();
    click(h, "Add to vault");
    wait_for(h, "the intake report", |h| has(h, "Intake finished"));
    assert!(
        has_part(h, "3 items added"),
        "intake report names what was added"
    );
    h.check_accessibility();
    click(h, "Close");
    wait_for(h, "three items in the grid", |h| has(h, "3 items"));

    // ---- write a note (Arabic and English) ----
    shortcut(h, Key::N);
    wait_for(h, "the note editor", |h| has(h, "Save note"));
    assert!(
        h.get_by_label("Note title").is_focused(),
        "Ctrl+N puts the cursor in the title"
    );
    let title = "شهادة W-03 عن المخبز bakery";
    type_into(h, "Note title", title);
    type_into(
        h,
        "Note text",
        "رأيت الطائرة فوق المخبز قبل الفجر.\nThe oven hall collapsed.",
    );
    type_into(h, "Note case", "TABQA-2017-03");
    // The text field holds what was typed, in logical order (its layout, in reading order, is
    // checked in text_edit.rs).
    assert_eq!(
        h.get_by_label("Note text").value().as_deref(),
        Some("رأيت الطائرة فوق المخبز قبل الفجر.\nThe oven hall collapsed.")
    );
    h.check_accessibility();
    click(h, "Save note");
    wait_for(h, "the note to be saved", |h| {
        has(h, "Note saved in the vault.")
    });
    wait_for(h, "four items", |h| has(h, "4 items"));
    let vault = f.harness.state().vault().cloned().unwrap();
    let notes = vault
        .list(&ListQuery {
            kind: Some(evidence_vault::Kind::Text),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].title, title);
    let h = &mut f.harness;

    // ---- search: Ctrl+F focuses the box; results follow each keystroke ----
    shortcut(h, Key::F);
    assert!(
        h.get_by_label("Search").is_focused(),
        "Ctrl+F focuses the search box"
    );
    h.get_by_label("Search").type_text("المخبز");
    wait_for(h, "the Arabic search result", |h| {
        has(h, "1 of 4 items match")
    });
    type_into(h, "Search", "statement");
    wait_for(h, "the English search result", |h| {
        has(h, "1 of 4 items match") && has(h, "statement.txt")
    });
    h.check_accessibility();

    // ---- open the item and edit its title ----
    h.get_by_role_and_label(Role::Button, "statement.txt")
        .click_accesskit();
    steps(h, 2);
    wait_for(h, "the detail panel", |h| has(h, "Copy SHA-256"));
    let sha = vault
        .list(&ListQuery {
            search: Some("statement".into()),
            ..Default::default()
        })
        .unwrap()[0]
        .sha256
        .clone();
    assert!(has(h, &sha), "the SHA-256 is shown");
    click(h, "Copy SHA-256");
    assert!(has(h, "Copied to the clipboard."));
    type_into(h, "Title", "Statement of W-05 (bakery)");
    assert!(
        !h.get_by_role_and_label(Role::Button, "Save changes")
            .accesskit_node()
            .is_disabled()
    );
    click(h, "Save changes");
    wait_for(h, "the custody timeline to show the edit", |h| {
        has(h, "title: changed from “” to “Statement of W-05 (bakery)”")
    });
    assert!(has_part(h, "Verified: all 2 events"));
    let detail = vault
        .detail(
            &vault
                .list(&ListQuery {
                    search: Some("statement".into()),
                    ..Default::default()
                })
                .unwrap()[0]
                .id,
        )
        .unwrap();
    assert_eq!(
        detail.custody.last().map(|e| e.body.action),
        Some(Action::MetadataEdited)
    );
    h.check_accessibility();
    drop(vault);

    // ---- lock by button ----
    click(h, "Clear search");
    click(h, "Lock");
    assert!(!h.state().is_unlocked(), "the Lock button locks");
    assert!(has_part(h, "Locked."));
    assert!(
        h.query_by_label("statement.txt").is_none(),
        "nothing of the vault is shown any more"
    );
    h.check_accessibility();

    // ---- a wrong passphrase says so plainly; the right one unlocks ----
    type_into(h, "Passphrase", "not the passphrase");
    click(h, "Unlock");
    wait_for(h, "the wrong-passphrase message", |h| {
        has_part(h, "Wrong passphrase.")
    });
    assert!(!h.state().is_unlocked());
    type_into(h, "Passphrase", PASSPHRASE);
    h.key_press(Key::Enter);
    wait_for(h, "unlock", |h| h.state().is_unlocked());

    // ---- lock by Ctrl+L ----
    shortcut(h, Key::L);
    assert!(!h.state().is_unlocked(), "Ctrl+L locks");

    // ---- lock by idle timeout (injected clock) ----
    type_into(h, "Passphrase", PASSPHRASE);
    click(h, "Unlock");
    wait_for(h, "unlock again", |h| h.state().is_unlocked());
    f.clock.advance(Duration::from_secs(4 * 60));
    steps(h, 2);
    assert!(h.state().is_unlocked(), "not locked before the idle time");
    f.clock.advance(Duration::from_secs(61));
    steps(h, 2);
    assert!(!h.state().is_unlocked(), "locked after 5 idle minutes");
    assert!(has_part(h, "Locked after 5 minutes without activity."));
}

#[test]
fn keyboard_drag_and_drop_and_viewer() {
    let tmp = tempfile::tempdir().unwrap();
    let vault_dir = tmp.path().join("vault");
    let sources = tmp.path().join("dropped");
    std::fs::create_dir_all(&sources).unwrap();
    evidence_files(&sources);

    let mut f = app_with(|_| {});
    create_vault_through_ui(&mut f, &vault_dir);
    let h = &mut f.harness;

    // Dropping a folder onto the window offers to add it.
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(sources.clone())));
    steps(h, 2);
    wait_for(h, "the Add evidence dialog for the dropped folder", |h| {
        has(h, "Add to vault")
    });
    assert!(has(h, &sources.display().to_string()));
    // Escape closes a dialog (and the chosen paths are forgotten only by Cancel).
    h.key_press(Key::Escape);
    steps(h, 2);
    assert!(!has(h, "Add to vault"), "Escape closes the dialog");
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(sources.clone())));
    steps(h, 2);
    wait_for(h, "the dialog again", |h| has(h, "Add to vault"));
    // A typed path that does not exist is reported at the end, not silently skipped.
    let missing = tmp.path().join("no-such-card").display().to_string();
    type_into(h, "Or type a path:", &missing);
    click(h, "Add this path");
    wait_for(h, "the typed path in the list", |h| has(h, &missing));
    click(h, "Add to vault");
    wait_for(h, "the intake report", |h| has(h, "Intake finished"));
    assert!(has_part(h, "3 items added"));
    assert!(has(h, "1 file could not be added:"));
    assert!(has(h, &missing), "the report names the file");
    assert!(has(h, "no such file or folder"), "and says why");
    h.check_accessibility();
    h.key_press(Key::Escape);
    wait_for(h, "three items", |h| has(h, "3 items"));

    // Arrows move the selection; Enter opens the large view; Escape closes it.
    h.key_press(Key::ArrowRight);
    wait_for(h, "a selection", |h| has(h, "Copy SHA-256"));
    let first = selected(h);
    h.key_press(Key::ArrowRight);
    steps(h, 3);
    let second = selected(h);
    assert_ne!(first, second, "the right arrow moves to the next item");
    h.key_press(Key::ArrowLeft);
    steps(h, 3);
    assert_eq!(selected(h), first);
    h.key_press(Key::Enter);
    wait_for(h, "the viewer", |h| {
        h.query_all_by_role_and_label(Role::Button, "Close").count() == 1
    });
    h.key_press(Key::Escape);
    steps(h, 3);
    assert_eq!(
        h.query_all_by_role_and_label(Role::Button, "Close").count(),
        0
    );

    // Save a copy of the selected original (through the picker seam): the exact bytes, logged.
    let vault = h.state().vault().cloned().unwrap();
    let id = vault.resolve(&selected_id(h)).unwrap().id;
    let item = vault.item(&id).unwrap();
    drop(vault);
    let out = tmp.path().join("copy-of-original");
    h.get_by_label("Save a copy of the original")
        .click_accesskit();
    steps(h, 2);
    f.picker.answer(vec![out.clone()]);
    click(h, "Save a copy as…");
    wait_for(h, "the extracted copy", |h| {
        has_part(h, "Saved a copy of the original to")
    });
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(hex::encode(sha2::Sha256::digest(&bytes)), item.sha256);
    wait_for(h, "the extraction in the custody log", |h| {
        has_part(h, ". Extracted")
    });
    let h = &mut f.harness;

    // The table view shows the same items and is sortable.
    click(h, "Table");
    steps(h, 3);
    assert!(
        h.query_by_role_and_label(Role::Button, "Size").is_some(),
        "the table has sortable headers"
    );
    click(h, "Size");
    steps(h, 3);
    assert!(has(h, "Size (descending)"));
    h.check_accessibility();
}

/// The ID of the item in the detail panel (from the app's state).
fn selected_id(h: &H) -> String {
    let summary = h.state().debug_summary();
    summary
        .split("detail Some(\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// The label of the grid cell marked as selected.
fn selected(h: &H) -> String {
    h.query_all_by_role(Role::Button)
        .filter(|n| n.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True))
        .filter_map(|n| n.accesskit_node().label())
        // The view switches are toggled buttons too.
        .find(|l| !["Grid", "Table", "Evidence", "Incidents"].contains(&l.as_str()))
        .unwrap_or_default()
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("not read by the app".into())
    }
}

#[test]
fn demo_vault_shows_arabic_notes_in_reading_order_and_finds_them() {
    let mut f = app_with(|o| o.demo = true);
    let h = &mut f.harness;
    wait_for(h, "the demo vault", |h| h.state().is_unlocked());
    wait_for(h, "13 demo items", |h| has(h, "13 items"));
    h.check_accessibility();
    type_into(h, "Search", "المخبز");
    let title = "ملخص شهادة W-03: قصف المخبز الوحيد في الطبقة";
    wait_for(h, "the Arabic search", |h| {
        has_part(h, "of 13 items match") && h.query_by_role_and_label(Role::Button, title).is_some()
    });
    h.get_by_role_and_label(Role::Button, title)
        .click_accesskit();
    wait_for(h, "the note's detail", |h| has(h, "Read in a large window"));
    // The note's text is shown through the bidi label: screen readers get the logical text.
    assert!(has_part(
        h,
        "بيانات تجريبية — شهادة متخيَّلة لأغراض العرض فقط."
    ));
    // A photo's detail shows its EXIF: GPS and orientation.
    type_into(h, "Search", "oven hall");
    wait_for(h, "the bakery photo", |h| {
        has(h, "1 of 13 items match")
            && h.query_by_role_and_label(Role::Button, "Tabqa bakery, oven hall interior")
                .is_some()
    });
    h.get_by_role_and_label(Role::Button, "Tabqa bakery, oven hall interior")
        .click_accesskit();
    wait_for(h, "the photo's detail", |h| {
        has_part(h, "rotated 90° clockwise")
    });
    assert!(has_part(h, "° N, "), "GPS is shown");
    wait_for(h, "the decoded preview", |h| {
        h.query_by_label("Photo: Tabqa bakery, oven hall interior")
            .is_some()
    });
    // The preview has EXIF orientation 6 applied: portrait.
    let rect = h
        .get_by_label("Photo: Tabqa bakery, oven hall interior")
        .rect();
    assert!(
        rect.height() > rect.width(),
        "portrait after orientation: {rect:?}"
    );
    h.check_accessibility();
}

/// The note editor's fields are the bidi field: a mixed Arabic/Latin/digit sentence reads right
/// to left as it is typed, Ctrl+A inside a field selects its text (not every item of the grid),
/// and the old "Reads as" workaround is gone.
#[test]
fn the_note_editor_edits_mixed_arabic_in_reading_order() {
    use evidence_vault::gui::dialogs::note_editor;
    use evidence_vault::gui::text_edit;
    let mut h = crate::support::gui::demo();
    let h = &mut h;
    click(h, "New note");
    wait_for(h, "the note editor", |h| has(h, "Save note"));
    type_into(h, "Note title", "قصف المخبز");
    // type_into selects all with Ctrl+A and types over it.
    type_into(h, "Note title", "شهادة W-03: قصف المخبز");
    assert_eq!(
        h.get_by_label("Note title").value().as_deref(),
        Some("شهادة W-03: قصف المخبز")
    );
    assert!(
        !has_part(h, "marked"),
        "Ctrl+A in a field marked the grid's items"
    );
    let sentence = "قصف المخبز في الطبقة 20 قتيلاً (W-07)";
    type_into(h, "Note text", sentence);
    assert_eq!(
        h.get_by_label("Note text").value().as_deref(),
        Some(sentence)
    );
    let Some(s) = text_edit::snapshot(&h.ctx, note_editor::body_id()) else {
        panic!("the note's text field was not drawn")
    };
    let x = |w: &str| match s.rect_of(w) {
        Some(r) => r.min.x,
        None => panic!("{w:?} not drawn; runs {:?}", s.visual_runs()),
    };
    // Right to left on screen: (W-07) at the left end, then 20, then the Arabic words in
    // reading order from the right.
    assert!(
        x("(W-07)") < x("20")
            && x("20") < x("الطبقة")
            && x("الطبقة") < x("المخبز")
            && x("المخبز") < x("قصف"),
        "displayed order wrong; runs {:?}",
        s.visual_runs()
    );
    let Some(t) = text_edit::snapshot(&h.ctx, note_editor::title_id()) else {
        panic!("the note's title field was not drawn")
    };
    let tx = |w: &str| t.rect_of(w).map(|r| r.min.x).unwrap_or(f32::NAN);
    assert!(tx("W-03") < tx("شهادة"), "title runs {:?}", t.visual_runs());
    assert!(!has_part(h, "Reads as"));
    h.check_accessibility();
}

#[test]
fn public_key_settings_and_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let mut f = app_with(|_| {});
    create_vault_through_ui(&mut f, &tmp.path().join("v"));
    let recipient = f.harness.state().vault().unwrap().info().recipient.clone();
    let h = &mut f.harness;
    click(h, "My public key");
    wait_for(h, "the public key dialog", |h| has(h, &recipient));
    assert!(has(h, "QR code of the vault public key"));
    h.check_accessibility();
    click(h, "Copy public key");
    h.key_press(Key::Escape);
    steps(h, 2);
    click(h, "Settings");
    wait_for(h, "the settings", |h| {
        has(h, "Remember the folders of recent vaults on this computer")
    });
    h.check_accessibility();
    h.get_by_label("Remember the folders of recent vaults on this computer")
        .click_accesskit();
    steps(h, 2);
    assert!(!h.state().prefs.remember_recent);
    assert!(h.state().prefs.recent_vaults.is_empty());
    // Change the vault passphrase; the next unlock takes the new one.
    let new_pass = "quiet harbour seven lanterns";
    type_into(h, "New passphrase", new_pass);
    type_into(h, "Repeat the new passphrase", new_pass);
    h.check_accessibility();
    click(h, "Change passphrase");
    wait_for(h, "the passphrase change", |h| {
        has(
            h,
            "The passphrase was changed. Use the new one from now on.",
        )
    });
    h.key_press(Key::Escape);
    steps(h, 2);
    click(h, "Lock");
    type_into(h, "Passphrase", PASSPHRASE);
    click(h, "Unlock");
    wait_for(h, "the old passphrase refused", |h| {
        has_part(h, "Wrong passphrase.")
    });
    type_into(h, "Passphrase", new_pass);
    click(h, "Unlock");
    wait_for(h, "unlock with the new passphrase", |h| {
        h.state().is_unlocked()
    });
    click(h, "Verify vault");
    wait_for(h, "the verify dialog", |h| has(h, "Start verification"));
    click(h, "Start verification");
    wait_for(h, "the verification report", |h| {
        has_part(h, "items checked")
    });
    h.check_accessibility();
}

#[test]
fn weak_or_mismatched_passphrases_cannot_create_a_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let mut f = app_with(|_| {});
    let h = &mut f.harness;
    click(h, "Create a new vault…");
    type_into(
        h,
        "Vault folder",
        &tmp.path().join("v").display().to_string(),
    );
    type_into(h, "Passphrase", "password");
    type_into(h, "Repeat the passphrase", "password");
    assert!(
        h.get_by_role_and_label(Role::Button, "Create vault")
            .accesskit_node()
            .is_disabled()
    );
    assert!(has_part(h, "too easy to guess"));
    type_into(h, "Passphrase", PASSPHRASE);
    type_into(h, "Repeat the passphrase", "correct horse battery stapler");
    assert!(
        h.get_by_role_and_label(Role::Button, "Create vault")
            .accesskit_node()
            .is_disabled()
    );
    assert!(has(h, "The two passphrases are not the same."));
}

#[allow(dead_code)]
fn open_existing(dir: &Path) -> Vault {
    Vault::unlock(dir, &SecretString::from(PASSPHRASE.to_owned())).unwrap()
}
