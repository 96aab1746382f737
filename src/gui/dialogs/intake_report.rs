//! What an intake did: how many items went in, which were already there, and every file that could
//! not be taken in, with the reason.

use eframe::egui;
use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::super::command::Command;
use super::super::format;
use super::super::i18n::{self, t};
use super::super::session::Session;
use super::super::widgets::{ERROR_COLOR, bidi_line, error_message, ok_message};

pub fn show(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    match &s.reports.intake {
        None => {
            ui.label(t!("report-none"));
        }
        Some(Err(e)) => error_message(ui, &t!("report-stopped", error = e.to_string())),
        Some(Ok(r)) => {
            let added = r.added();
            let dups = r.duplicates();
            let size = format::bytes(r.bytes);
            let mut summary = t!("report-added", count = added as u64, size = size);
            if dups > 0 {
                summary.push(' ');
                summary.push_str(&t!("report-duplicates", count = dups as u64));
            }
            if r.failures.is_empty() && !r.cancelled {
                ok_message(ui, &summary);
            } else {
                ui.label(summary);
            }
            if r.cancelled {
                ui.label(
                    RichText::new(t!("report-cancelled")).color(super::super::widgets::WARN_COLOR),
                );
            }
            let notes: Vec<_> = r.items.iter().filter(|i| i.note.is_some()).collect();
            if !r.failures.is_empty() {
                ui.add_space(6.0);
                ui.label(
                    RichText::new(t!("report-failed", count = r.failures.len() as u64))
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
                            ui.strong(t!("report-column-file"));
                        });
                        h.col(|ui| {
                            ui.strong(t!("report-column-problem"));
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
                ui.label(t!("report-remarks", count = notes.len() as u64));
                egui::ScrollArea::vertical()
                    .id_salt("intake-notes")
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for o in notes {
                            let path = i18n::isolate(&o.path.display().to_string());
                            let remark = o.note.as_deref().unwrap_or("");
                            bidi_line(ui, &t!("report-remark-line", path = path, remark = remark));
                        }
                    });
            }
        }
    }
    ui.separator();
    super::close_button(ui, commands);
}
