//! Writing a note or testimony. The text is stored and hashed exactly like a file.
//!
//! egui's text field shows what is typed in stored (logical) order: Arabic letters join and each
//! word reads right to left, but the words of a line are not reordered. So the field is aligned
//! to the right for right-to-left text, and a "Reads as" preview beside it shows the text in
//! reading order. Typing itself (Arabic keyboard layouts, input methods) goes straight to egui.

use eframe::egui;
use egui::RichText;
use evidence_vault::text::bidi::paragraph_is_rtl;

use super::super::bidi_label::bidi_label;
use super::super::command::Command;
use super::super::format;
use super::super::session::NoteDraft;
use super::super::widgets::{self, error_message};

/// The id of the note's title field (focused when the editor opens).
pub fn title_id() -> egui::Id {
    egui::Id::unique("note-title")
}

/// The editor of the note draft: it edits the draft's fields and pushes commands to save,
/// close or discard it. `error` is why the last save failed; `focus_title` puts the keyboard in
/// the title (the frame after the editor opened).
pub fn show(
    ui: &mut egui::Ui,
    n: &mut NoteDraft,
    error: Option<&str>,
    saving: bool,
    focus_title: bool,
    commands: &mut Vec<Command>,
) {
    ui.add_enabled_ui(!saving, |ui| {
        let l = ui.label("Note title");
        let align = if paragraph_is_rtl(&n.title) {
            egui::Align2::RIGHT_TOP
        } else {
            egui::Align2::LEFT_TOP
        };
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut n.title)
                    .id(title_id())
                    .hint_text("e.g. Witness W-03: bakery strike")
                    .align(align)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if focus_title {
            r.request_focus();
        }
        widgets::reads_as(ui, &n.title);

        ui.columns(2, |cols| {
            let l = cols[0].label("Note text");
            let align = if paragraph_is_rtl(&n.body) {
                egui::Align2::RIGHT_TOP
            } else {
                egui::Align2::LEFT_TOP
            };
            cols[0]
                .add(
                    egui::TextEdit::multiline(&mut n.body)
                        .hint_text(
                            "What was seen, heard or said, in the witness's words where possible.",
                        )
                        .align(align)
                        .desired_rows(14)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            cols[1].label("Reads as");
            egui::Frame::group(cols[1].style()).show(&mut cols[1], |ui| {
                ui.set_min_height(220.0);
                ui.set_width(ui.available_width());
                egui::ScrollArea::vertical()
                    .id_salt("note-preview")
                    .max_height(300.0)
                    .show(ui, |ui| {
                        if n.body.is_empty() {
                            ui.weak("The text appears here in reading order.");
                        } else {
                            bidi_label(ui, &n.body);
                        }
                    });
            });
        });
        ui.horizontal(|ui| {
            widgets::inline_field(ui, "Note case", &mut n.case, "e.g. TABQA-2017-03", 160.0);
            widgets::inline_field(
                ui,
                "Note tags",
                &mut n.tags,
                "e.g. testimony, bakery",
                180.0,
            );
        });
        ui.horizontal(|ui| {
            widgets::inline_field(ui, "Note place", &mut n.place, "e.g. al-Tabaqa", 200.0);
            widgets::inline_field(
                ui,
                "Note event date",
                &mut n.event_date,
                "YYYY-MM-DD",
                110.0,
            );
        });
        widgets::reads_as(ui, &n.place);
    });
    let date_ok = n.event_date.trim().is_empty() || format::is_date(n.event_date.trim());
    if !date_ok {
        ui.label(
            RichText::new("Write the event date as YYYY-MM-DD, e.g. 2017-03-22.")
                .color(widgets::WARN_COLOR),
        );
    }
    if let Some(e) = error {
        error_message(ui, e);
    }
    ui.separator();
    let can_save = !saving && !n.title.trim().is_empty() && date_ok;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(can_save, egui::Button::new("Save note"))
            .clicked()
        {
            commands.push(Command::SaveNote);
        }
        if ui
            .add_enabled(!saving, egui::Button::new("Close"))
            .on_hover_text("Escape. The draft is kept until you save, discard or lock.")
            .clicked()
        {
            commands.push(Command::CloseDialog);
        }
        if ui
            .add_enabled(!saving && !n.is_empty(), egui::Button::new("Discard draft"))
            .clicked()
        {
            commands.push(Command::DiscardNote);
        }
        if saving {
            ui.spinner();
            ui.label("Saving…");
        } else if n.title.trim().is_empty() {
            ui.weak("A note needs a title.");
        }
    });
}
