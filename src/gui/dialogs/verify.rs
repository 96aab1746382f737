//! Verify vault: decrypt and hash every object, check every custody chain and signature, and look
//! for objects the catalog does not know. Runs in the background with progress; the report lists
//! every problem.

use eframe::egui;
use egui::RichText;

use super::super::command::Command;
use super::super::format;
use super::super::i18n::{self, t};
use super::super::session::{JobKind, Session};
use super::super::widgets::{self, ERROR_COLOR, error_message, ok_message};

pub struct VerifyForm {
    /// Append a `verified` event to every item's custody log.
    pub record: bool,
    /// Take unreferenced objects back into the catalog.
    pub repair: bool,
}

impl Default for VerifyForm {
    fn default() -> Self {
        Self {
            record: true,
            repair: false,
        }
    }
}

pub fn show(ui: &mut egui::Ui, s: &Session, f: &mut VerifyForm, commands: &mut Vec<Command>) {
    if s.jobs.is_running(JobKind::Verify) {
        widgets::progress(
            ui,
            s.jobs.progress(JobKind::Verify).as_ref(),
            &t!("verify-progress"),
        );
        ui.label(t!("verify-can-close"));
        ui.horizontal(|ui| {
            if ui.button(t!("verify-cancel")).clicked() {
                commands.push(Command::CancelJob(JobKind::Verify));
            }
            super::close_button(ui, commands);
        });
        return;
    }
    if let Some(report) = &s.reports.verify {
        match report {
            Err(e) => error_message(ui, &t!("verify-could-not-run", error = e.to_string())),
            Ok(r) => {
                let size = format::bytes(r.bytes_checked);
                let summary = t!("verify-summary", count = r.items_checked, size = size);
                if r.is_clean() {
                    ok_message(ui, &t!("verify-clean", summary = summary));
                } else if r.cancelled {
                    ui.label(t!("verify-cancelled", summary = summary));
                } else {
                    ui.label(
                        RichText::new(t!("verify-problems", summary = summary))
                            .color(ERROR_COLOR)
                            .strong(),
                    );
                }
                egui::ScrollArea::vertical()
                    .id_salt("verify-problems")
                    .max_height(300.0)
                    .show(ui, |ui| {
                        for p in &r.problems {
                            ui.label(
                                RichText::new(t!("verify-problem", problem = p.to_string()))
                                    .color(ERROR_COLOR),
                            );
                        }
                        for u in &r.unreferenced {
                            let id = u.id.as_str();
                            ui.label(match u.reason.as_deref() {
                                Some(r) => t!("verify-unreferenced-reason", id = id, reason = r),
                                None => t!("verify-unreferenced", id = id),
                            });
                        }
                        for o in &r.readopted {
                            let (id, sha256) = (o.id.as_str(), o.sha256.as_str());
                            ui.label(t!("verify-readopted", id = id, sha256 = sha256));
                        }
                        for p in &r.partial_files {
                            let path = i18n::isolate(&p.display().to_string());
                            let line = t!("verify-partial-file", path = path);
                            ui.label(RichText::new(line).weak());
                        }
                    });
                if !r.problems.is_empty() {
                    ui.label(t!("verify-advice-problems"));
                }
                if !r.unreferenced.is_empty() {
                    ui.label(t!("verify-advice-unreferenced"));
                }
            }
        }
        ui.separator();
    }
    ui.checkbox(&mut f.record, t!("verify-record"));
    ui.checkbox(&mut f.repair, t!("verify-repair"));
    ui.label(RichText::new(t!("verify-reads-everything")).small().weak());
    ui.horizontal(|ui| {
        let label = if s.reports.verify.is_some() {
            t!("verify-again")
        } else {
            t!("verify-start")
        };
        if ui
            .add_enabled(s.jobs.status_bar_job().is_none(), egui::Button::new(label))
            .clicked()
        {
            commands.push(Command::StartVerify {
                record: f.record,
                repair: f.repair,
            });
        }
        super::close_button(ui, commands);
    });
}
