//! The status bar's messages: a new success replaces an older error (and the reverse), so an
//! old red error never stands beside a newer green success as if both held.

use std::sync::Arc;

use eframe::egui;
use egui_kittest::kittest::Queryable;

use crate::support::gui::{KDF_LOG_N, click, harness, has, has_part, steps, type_into, wait_for};
use evidence_vault::gui::AppOptions;
use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::file_picker::ScriptedPicker;

#[test]
fn a_new_success_replaces_an_old_error_in_the_status_bar() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(AppOptions {
        picker: Arc::new(ScriptedPicker::new()),
        clock: Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        demo: true,
        ..Default::default()
    });
    let h = &mut h;
    wait_for(h, "the demo vault", |h| h.state().is_unlocked());
    wait_for(h, "13 demo items", |h| has(h, "13 items"));
    h.key_press(egui::Key::ArrowRight);
    wait_for(h, "a selection", |h| has(h, "Copy SHA-256"));

    // Saving a copy over an existing file is refused (the vault never overwrites): red.
    let taken = tmp.path().join("taken");
    std::fs::write(&taken, "already here").unwrap();
    h.get_by_label("Save a copy of the original")
        .click_accesskit();
    steps(h, 2);
    type_into(h, "Or type where:", &taken.display().to_string());
    click(h, "Save copy");
    wait_for(h, "the refusal", |h| has_part(h, "The copy was not saved"));

    // A success after it: the error goes.
    click(h, "Copy SHA-256");
    assert!(has(h, "Copied to the clipboard."));
    assert!(
        !has_part(h, "The copy was not saved"),
        "the old error is gone once something succeeded"
    );

    // And an error after a success replaces it.
    click(h, "Save copy");
    wait_for(h, "the refusal again", |h| {
        has_part(h, "The copy was not saved")
    });
    assert!(!has(h, "Copied to the clipboard."));
    assert_eq!(
        std::fs::read_to_string(&taken).unwrap(),
        "already here",
        "nothing was overwritten"
    );
}
