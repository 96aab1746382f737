//! The status bar's messages: a new success replaces an older error (and the reverse), so an
//! old red error never stands beside a newer green success as if both held.

use eframe::egui;
use egui_kittest::kittest::Queryable;

use crate::support::gui::{click, demo, has, has_part, steps, type_into, wait_for};

#[test]
fn a_new_success_replaces_an_old_error_in_the_status_bar() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = demo();
    let h = &mut h;
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
