//! Work on many items and leaving safely (issue 10): Shift+click marks a range, Ctrl+A marks
//! everything, "Case and tags…" tags the marked items in one commit with one custody event per
//! item; Ctrl+Q with a note being written asks first and, when told to quit, keeps the note as
//! a draft; F1 shows the shortcuts.
//!
//! Vaults here use a low scrypt work factor (log N 10) explicitly.

use eframe::egui::accesskit::Role;
use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use evidence_vault::{Action, Item, ListQuery};

use crate::support::gui::{H, click, demo, has, has_part, shortcut, steps, type_into, wait_for};

fn label(item: &Item) -> String {
    if !item.title.trim().is_empty() {
        item.title.clone()
    } else {
        item.original_name.clone().unwrap_or_default()
    }
}

/// The items in grid order (newest first, the default sort).
fn in_grid_order(h: &H) -> Vec<Item> {
    h.state()
        .vault()
        .unwrap()
        .list(&ListQuery {
            descending: true,
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn a_shift_range_is_tagged_in_one_commit_with_one_event_per_item() {
    let mut h = demo();
    let h = &mut h;
    let items = in_grid_order(h);
    let (first, fourth) = (label(&items[0]), label(&items[3]));

    wait_for(h, "the tiles", |h| {
        h.query_by_role_and_label(Role::Button, &first).is_some()
            && h.query_by_role_and_label(Role::Button, &fourth).is_some()
    });
    h.get_by_role_and_label(Role::Button, &first).click();
    steps(h, 2);
    h.get_by_role_and_label(Role::Button, &fourth)
        .click_modifiers(Modifiers::SHIFT);
    steps(h, 2);
    wait_for(h, "four marked", |h| has(h, "· 4 marked"));
    h.check_accessibility();

    click(h, "Case and tags…");
    wait_for(h, "the bulk dialog", |h| {
        has(h, "Case and tags of the selected items")
    });
    assert!(has_part(h, "4 items selected"));
    type_into(h, "Add tags (separated by commas)", "checked-w07, market");
    h.check_accessibility();
    let segments_before = journal_len(h);
    click(h, "Apply to selected");
    wait_for(h, "the change", |h| has_part(h, "4 items changed"));
    assert!(
        !has(h, "Case and tags of the selected items"),
        "the dialog closed"
    );
    assert_eq!(journal_len(h), segments_before + 1, "one commit");

    let after = in_grid_order(h);
    for (i, item) in after.iter().enumerate() {
        let tagged = item.tags.iter().any(|t| t == "checked-w07");
        assert_eq!(tagged, i < 4, "item {i} ({}) tagged: {tagged}", label(item));
        if i < 4 {
            let detail = h.state().vault().unwrap().detail(&item.id).unwrap();
            let edits = detail
                .custody
                .iter()
                .filter(|e| e.body.action == Action::MetadataEdited)
                .count();
            assert_eq!(edits, 1, "one metadata_edited event for {}", label(item));
        }
    }

    // Ctrl+A marks every item; Unmark all clears.
    click(h, "Unmark all");
    h.key_press(Key::Escape);
    steps(h, 2);
    shortcut(h, Key::A);
    wait_for(h, "all marked", |h| has(h, "· 13 marked"));
}

fn journal_len(h: &H) -> usize {
    let dir = h.state().vault().unwrap().dir().join("journal");
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

#[test]
fn quitting_with_a_note_being_written_asks_and_keeps_it() {
    let mut h = demo();
    let h = &mut h;
    h.key_press(Key::F1);
    steps(h, 2);
    assert!(has(h, "Help: keyboard and mouse"));
    assert!(has(h, "Shift+click"));
    click(h, "Close");

    shortcut(h, Key::N);
    wait_for(h, "the note editor", |h| has(h, "Save note"));
    type_into(h, "Note title", "Interview W-09, not finished");
    shortcut(h, Key::Q);
    assert!(has(h, "Quit Evidence Vault?"), "Ctrl+Q asks first");
    assert!(h.state().is_unlocked());
    click(h, "Go back");
    wait_for(h, "the note again", |h| has(h, "Save note"));
    assert_eq!(
        h.get_by_label("Note title").value().as_deref(),
        Some("Interview W-09, not finished")
    );

    shortcut(h, Key::Q);
    let dir = h.state().vault().unwrap().dir().to_owned();
    click(h, "Quit (keep what I typed as a draft)");
    assert!(!h.state().is_unlocked(), "quitting locks");
    let drafts = std::fs::read_dir(dir.join("drafts")).unwrap().count();
    assert_eq!(drafts, 1, "the note is kept as a draft");
}

#[test]
fn the_viewer_zooms_and_goes_to_the_next_item() {
    let mut h = demo();
    let h = &mut h;
    let items = in_grid_order(h);
    let photo = items
        .iter()
        .position(|i| i.kind == evidence_vault::Kind::Photo)
        .expect("a demo photo");
    let tile = label(&items[photo]);
    wait_for(h, "its tile", |h| {
        h.query_by_role_and_label(Role::Button, &tile).is_some()
    });
    h.get_by_role_and_label(Role::Button, &tile).click();
    steps(h, 2);
    wait_for(h, "the photo's panel", |h| has(h, "Copy SHA-256"));
    h.key_press(Key::Enter);
    wait_for(h, "the large view", |h| has(h, "Next"));
    let alt = format!("Photo: {}", label(&items[photo]));
    wait_for(h, "the photo decoded", |h| {
        h.query_all_by_label(&alt).count() >= 2
    });
    assert!(!has_part(h, " %"), "fitted: no zoom figure");
    h.key_press(Key::Plus);
    steps(h, 2);
    assert!(has_part(h, " %"), "zoomed in: the zoom is shown");
    h.key_press(Key::Num0);
    steps(h, 2);
    assert!(!has_part(h, " %"), "0 fits again");
    click(h, "Next");
    wait_for(h, "the next item", |h| {
        h.state()
            .debug_summary()
            .contains(&format!("cursor Some({})", photo + 1))
    });
    assert!(has(h, "Next"), "still in the large view");
}
