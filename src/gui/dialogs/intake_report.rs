//! What an intake did: how many items went in, which were already there, and every file that could
//! not be taken in, with the reason.

use eframe::egui;
use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::super::command::Command;
use super::super::format;
use super::super::session::Session;
use super::super::widgets::{ERROR_COLOR, bidi_line, error_message, ok_message};

pub fn show(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    match &s.reports.intake {
        None => {
            ui.label("No intake has run yet.");
        }
        Some(Err(e)) => error_message(ui, &format!("The intake stopped: {e}")),
        Some(Ok(r)) => {
            let added = r.added();
            let dups = r.duplicates();
            let mut summary = format!(
                "{} item{} added ({} read).",
                format::count(added as u64),
                if added == 1 { "" } else { "s" },
                format::bytes(r.bytes),
            );
            if dups > 0 {
                summary.push_str(&format!(
                    " {} {} already in the vault (recorded as acquired again, not stored twice).",
                    format::count(dups as u64),
                    if dups == 1 { "was" } else { "were" }
                ));
            }
            if r.failures.is_empty() && !r.cancelled {
                ok_message(ui, &summary);
            } else {
                ui.label(summary);
            }
            if r.cancelled {
                ui.label(RichText::new("You cancelled the intake. Files not reached were not added; add them again to continue (files already in are recognised).").color(super::super::widgets::WARN_COLOR));
            }
            let notes: Vec<_> = r.items.iter().filter(|i| i.note.is_some()).collect();
            if !r.failures.is_empty() {
                ui.add_space(6.0);
                ui.label(
                    RichText::new(format!(
                        "{} file{} could not be added:",
                        r.failures.len(),
                        if r.failures.len() == 1 { "" } else { "s" }
                    ))
                    .color(ERROR_COLOR)
                    .strong(),
                );
                TableBuilder::new(ui)
                    .id_salt("intake-failures")
                    .striped(true)
                    .max_scroll_height(260.0)
                    .column(Column::initial(380.0).clip(true).resizable(true))
                    .column(Column::remainder().clip(true))
                    .header(22.0, |mut h| {
                        h.col(|ui| {
                            ui.strong("File");
                        });
                        h.col(|ui| {
                            ui.strong("Problem");
                        });
                    })
                    .body(|body| {
                        body.rows(22.0, r.failures.len(), |mut row| {
                            let f = &r.failures[row.index()];
                            row.col(|ui| {
                                bidi_line(ui, &f.path.display().to_string());
                            });
                            row.col(|ui| {
                                ui.label(&f.reason).on_hover_text(&f.reason);
                            });
                        });
                    });
            }
            if !notes.is_empty() {
                ui.add_space(6.0);
                ui.label(format!(
                    "{} file{} went in with a remark:",
                    notes.len(),
                    if notes.len() == 1 { "" } else { "s" }
                ));
                egui::ScrollArea::vertical()
                    .id_salt("intake-notes")
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for o in notes {
                            bidi_line(
                                ui,
                                &format!(
                                    "{} — {}",
                                    o.path.display(),
                                    o.note.as_deref().unwrap_or("")
                                ),
                            );
                        }
                    });
            }
        }
    }
    ui.separator();
    super::close_button(ui, commands);
}
