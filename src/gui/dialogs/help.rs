//! F1: the keyboard shortcuts and mouse moves, in one place.

use eframe::egui;

use super::super::command::Command;

const SHORTCUTS: &[(&str, &str)] = &[
    ("F1", "This help"),
    ("Ctrl+O", "Add files"),
    ("Ctrl+N", "New note or testimony"),
    ("Ctrl+F", "Search"),
    ("Ctrl+L", "Lock the vault now"),
    ("Ctrl+Q", "Lock and quit (typed work is kept, encrypted)"),
    ("Arrows, Page Up/Down, Home, End", "Move through the items"),
    ("Enter", "Open the selected item large"),
    ("Ctrl+click", "Mark or unmark an item"),
    (
        "Shift+click",
        "Mark every item from the last one clicked to this one",
    ),
    ("Ctrl+A", "Mark every item shown"),
    ("Escape", "Close a window"),
    (
        "In the large view: wheel, drag, + and -, 0",
        "Zoom, move, zoom in and out, fit",
    ),
    (
        "In the large view: Left and Right arrows",
        "Previous and next item",
    ),
];

pub fn show(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    egui::Grid::new("help-shortcuts")
        .num_columns(2)
        .spacing([24.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for (keys, what) in SHORTCUTS {
                ui.label(egui::RichText::new(*keys).strong());
                ui.label(*what);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.label(
        "Marked items can be exported together, or given a case and tags at once (“Case and \
         tags…” in the status bar). The vault locks itself after the minutes set in Settings \
         without activity, but not while evidence is being added, verified, exported, imported \
         or backed up.",
    );
    super::close_button(ui, commands);
}
