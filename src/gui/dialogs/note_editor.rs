//! Writing a note or testimony. The text is stored and hashed exactly like a file.
//!
//! The title and text are `BidiTextEdit` fields: Arabic, Latin and digits mixed in a line read in
//! their order while typing, each paragraph right to left when it starts in Arabic. Typing
//! itself (Arabic keyboard layouts, input methods) goes straight to the field.

use eframe::egui;
use egui::RichText;

use super::super::command::Command;
use super::super::format;
use super::super::i18n::t;
use super::super::session::NoteDraft;
use super::super::text_edit::BidiTextEdit;
use super::super::widgets::{self, error_message};

/// The id of the note's title field (focused when the editor opens).
pub fn title_id() -> egui::Id {
    egui::Id::unique("note-title")
}

/// The id of the note's text field.
pub fn body_id() -> egui::Id {
    egui::Id::unique("note-body")
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
        let l = ui.label(t!("note-title"));
        let r = ui
            .add(
                BidiTextEdit::singleline(&mut n.title)
                    .id(title_id())
                    .label(t!("note-title"))
                    .hint_text(t!("note-title-hint"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if focus_title {
            r.request_focus();
        }

        // The text is edited in reading order (Arabic right to left, with Latin and digits
        // inside it where they belong); a long testimony scrolls inside its box.
        let l = ui.label(t!("note-text"));
        egui::ScrollArea::vertical()
            .id_salt("note-body-scroll")
            .max_height(320.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.add(
                    BidiTextEdit::multiline(&mut n.body)
                        .id(body_id())
                        .label(t!("note-text"))
                        .hint_text(t!("note-text-hint"))
                        .desired_rows(14)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            });
        ui.horizontal(|ui| {
            widgets::inline_field(
                ui,
                &t!("note-case"),
                &mut n.case,
                &t!("note-case-hint"),
                160.0,
            );
            widgets::inline_field(
                ui,
                &t!("note-tags"),
                &mut n.tags,
                &t!("note-tags-hint"),
                180.0,
            );
        });
        ui.horizontal(|ui| {
            widgets::inline_field(
                ui,
                &t!("note-place"),
                &mut n.place,
                &t!("note-place-hint"),
                200.0,
            );
            widgets::inline_field(
                ui,
                &t!("note-event-date"),
                &mut n.event_date,
                "YYYY-MM-DD",
                110.0,
            );
        });
    });
    let date_ok = n.event_date.trim().is_empty() || format::is_date(n.event_date.trim());
    if !date_ok {
        ui.label(RichText::new(t!("note-bad-date")).color(widgets::WARN_COLOR));
    }
    if let Some(e) = error {
        error_message(ui, e);
    }
    ui.separator();
    let can_save = !saving && !n.title.trim().is_empty() && date_ok;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(can_save, egui::Button::new(t!("note-save")))
            .clicked()
        {
            commands.push(Command::SaveNote);
        }
        if ui
            .add_enabled(!saving, egui::Button::new(t!("dialog-close")))
            .on_hover_text(t!("note-close-hint"))
            .clicked()
        {
            commands.push(Command::CloseDialog);
        }
        if ui
            .add_enabled(
                !saving && !n.is_empty(),
                egui::Button::new(t!("note-discard")),
            )
            .clicked()
        {
            commands.push(Command::DiscardNote);
        }
        if saving {
            ui.spinner();
            ui.label(t!("note-saving"));
        } else if n.title.trim().is_empty() {
            ui.weak(t!("note-needs-title"));
        }
    });
}
