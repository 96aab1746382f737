//! F1: the keyboard shortcuts and mouse moves, in one place.

use eframe::egui;

use super::super::command::Command;
use super::super::i18n::t;
use super::super::widgets;

/// The keys (key names stay Latin in every language) and what they do.
fn shortcuts() -> Vec<(String, String)> {
    let key = |k: &str| k.to_owned();
    vec![
        (key("F1"), t!("help-this-help")),
        (key("Ctrl+O"), t!("help-add-files")),
        (key("Ctrl+N"), t!("help-new-note")),
        (key("Ctrl+F"), t!("help-search")),
        (key("Ctrl+L"), t!("help-lock")),
        (key("Ctrl+Q"), t!("help-quit")),
        (t!("help-move-keys"), t!("help-move")),
        (key("Enter"), t!("help-open-large")),
        (t!("help-ctrl-click"), t!("help-mark")),
        (t!("help-shift-click"), t!("help-mark-range")),
        (key("Ctrl+A"), t!("help-mark-all")),
        (key("Escape"), t!("help-close-window")),
        (t!("help-viewer-keys"), t!("help-viewer-zoom")),
        (t!("help-viewer-arrows"), t!("help-viewer-prev-next")),
        (t!("help-map-keys"), t!("help-map")),
        (t!("help-map-area-keys"), t!("help-map-area")),
        (t!("help-timeline-keys"), t!("help-timeline")),
    ]
}

/// The table is drawn as rows (keys, then what they do) so that it follows the reading
/// direction: egui's `Grid` always runs left to right.
pub fn show(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let rows = shortcuts();
    let gap = 24.0;
    // Room for the list's scroll bar, which floats over its edge.
    let full = ui.available_width() - ui.spacing().scroll.allocated_width() - 6.0;
    let keys_width = rows
        .iter()
        .map(|(k, _)| widgets::text_width(ui, k))
        .fold(0.0, f32::max)
        .min(full * 0.45)
        .ceil();
    let what_width = (full - keys_width - gap).max(80.0);
    // On a small screen the list scrolls and the footer and Close stay in reach.
    let list_height = (ui.ctx().content_rect().height() - 260.0).max(160.0);
    egui::ScrollArea::vertical()
        .max_height(list_height)
        .auto_shrink([false, true])
        .show(ui, |ui| rows_of(ui, &rows, keys_width, what_width, gap));
    ui.add_space(6.0);
    ui.label(t!("help-footer"));
    super::close_button(ui, commands);
}

fn rows_of(
    ui: &mut egui::Ui,
    rows: &[(String, String)],
    keys_width: f32,
    what_width: f32,
    gap: f32,
) {
    for (i, (keys, what)) in rows.iter().enumerate() {
        // The stripe goes under the row, which is only known once it is laid out.
        let stripe = ui.painter().add(egui::Shape::Noop);
        let row = ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            let cell = |ui: &mut egui::Ui, width: f32, text: egui::RichText| {
                let layout = egui::Layout::top_down(widgets::start_align());
                ui.allocate_ui_with_layout(egui::vec2(width, 0.0), layout, |ui| {
                    ui.set_width(width);
                    ui.add(egui::Label::new(text).wrap());
                });
            };
            cell(ui, keys_width, egui::RichText::new(keys).strong());
            cell(ui, what_width, egui::RichText::new(what));
        });
        if i % 2 == 1 {
            let rect = row.response.rect.expand2(egui::vec2(4.0, 2.0));
            ui.painter().set(
                stripe,
                egui::Shape::rect_filled(rect, 2.0, ui.visuals().faint_bg_color),
            );
        }
    }
}
