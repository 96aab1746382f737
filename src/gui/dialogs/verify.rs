//! Verify vault: decrypt and hash every object, check every custody chain and signature, and look
//! for objects the catalog does not know. Runs in the background with progress; the report lists
//! every problem.

use eframe::egui;
use egui::RichText;

use super::super::command::Command;
use super::super::format;
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
        widgets::progress(ui, s.jobs.progress(JobKind::Verify).as_ref(), "Verifying");
        ui.label("You can close this window; verification continues in the status bar.");
        ui.horizontal(|ui| {
            if ui.button("Cancel verification").clicked() {
                commands.push(Command::CancelJob(JobKind::Verify));
            }
            super::close_button(ui, commands);
        });
        return;
    }
    if let Some(report) = &s.reports.verify {
        match report {
            Err(e) => error_message(ui, &format!("Verification could not run: {e}")),
            Ok(r) => {
                let summary = format!(
                    "{} checked ({}).",
                    format::items(r.items_checked),
                    format::bytes(r.bytes_checked)
                );
                if r.is_clean() {
                    ok_message(
                        ui,
                        &format!(
                            "{summary} Every object matches its SHA-256 and every custody log verifies."
                        ),
                    );
                } else if r.cancelled {
                    ui.label(format!(
                        "{summary} You cancelled before the end; what was checked is listed below."
                    ));
                } else {
                    ui.label(
                        RichText::new(format!("{summary} PROBLEMS FOUND:"))
                            .color(ERROR_COLOR)
                            .strong(),
                    );
                }
                egui::ScrollArea::vertical().id_salt("verify-problems").max_height(300.0).show(ui, |ui| {
                    for p in &r.problems {
                        ui.label(RichText::new(format!("• {p}")).color(ERROR_COLOR));
                    }
                    for u in &r.unreferenced {
                        ui.label(format!(
                            "• Object {} is in the vault folder but not in the catalog{}",
                            u.id,
                            u.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_else(|| " (an interrupted intake?)".into())
                        ));
                    }
                    for o in &r.readopted {
                        ui.label(format!("• Re-adopted object {} ({})", o.id, o.sha256));
                    }
                    for p in &r.partial_files {
                        ui.label(RichText::new(format!("• Leftover partial file (encrypted, safe to delete by hand): {}", p.display())).weak());
                    }
                });
                if !r.problems.is_empty() {
                    ui.label("Do not delete or change anything. Copy the whole vault folder to a safe place and ask for help: the report names every item concerned.");
                }
                if !r.unreferenced.is_empty() {
                    ui.label("Run verification again with “Take unreferenced objects back in” to re-adopt them.");
                }
            }
        }
        ui.separator();
    }
    ui.checkbox(
        &mut f.record,
        "Record the result in each item's custody log",
    );
    ui.checkbox(
        &mut f.repair,
        "Take unreferenced objects back in (re-adopt)",
    );
    ui.label(RichText::new("Every object is decrypted and hashed; this reads the whole vault and can take a while for large vaults.").small().weak());
    ui.horizontal(|ui| {
        let label = if s.reports.verify.is_some() {
            "Verify again"
        } else {
            "Start verification"
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
