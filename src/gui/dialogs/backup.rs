//! Back up the vault: a folder (an external drive) or `rclone:REMOTE:PATH`, remembered for this
//! vault; progress and cancel; what the last backup and the last check found; the reminder.

use std::time::SystemTime;

use eframe::egui;
use egui::RichText;
use evidence_vault::backup::{BackupReport, CheckReport};

use super::super::command::Command;
use super::super::file_picker::PickPurpose;
use super::super::format;
use super::super::i18n::{self, t};
use super::super::prefs::MAX_BACKUP_REMINDER_DAYS;
use super::super::session::{JobKind, Session};
use super::super::widgets::{self, ERROR_COLOR, error_message, ok_message};

/// At most this many paths of a list are shown (the count says how many in all).
const LIST_MAX: usize = 20;

pub struct BackupForm {
    /// Where to back up, as typed or chosen.
    pub target: String,
}

pub fn show(ui: &mut egui::Ui, s: &Session, f: &mut BackupForm, commands: &mut Vec<Command>) {
    ui.label(t!("backup-intro"));
    ui.add_space(4.0);
    last_backup(ui, s);
    ui.separator();

    let running = [JobKind::Backup, JobKind::CheckBackup]
        .into_iter()
        .find(|k| s.jobs.is_running(*k));
    ui.add_enabled_ui(running.is_none(), |ui| {
        widgets::text_field(
            ui,
            &t!("backup-target"),
            &mut f.target,
            &t!("backup-target-hint"),
        );
        ui.horizontal(|ui| {
            if ui.button(t!("backup-choose-folder")).clicked() {
                commands.push(Command::Pick(PickPurpose::BackupFolder));
            }
            ui.label(RichText::new(t!("backup-remote-advice")).small().weak());
        });
    });

    if let Some(kind) = running {
        widgets::progress(ui, s.jobs.progress(kind).as_ref(), kind.name());
        ui.label(t!("backup-running-advice"));
        ui.horizontal(|ui| {
            if ui.button(t!("backup-cancel")).clicked() {
                commands.push(Command::CancelJob(kind));
            }
            super::close_button(ui, commands);
        });
        return;
    }

    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(t!("backup-start")).strong())
            .clicked()
        {
            commands.push(Command::StartBackup {
                target: f.target.clone(),
            });
        }
        if ui
            .button(t!("backup-check"))
            .on_hover_text(t!("backup-check-hover"))
            .clicked()
        {
            commands.push(Command::CheckBackup {
                target: f.target.clone(),
            });
        }
        super::close_button(ui, commands);
    });
    reminder(ui, s, commands);

    if let Some(r) = &s.backup.report {
        ui.separator();
        backup_report(ui, r);
    }
    if let Some(r) = &s.backup.check {
        ui.separator();
        check_report(ui, r);
    }
}

fn last_backup(ui: &mut egui::Ui, s: &Session) {
    let prefs = &s.backup.prefs;
    match (prefs.last_ok_unix, s.backup.age(SystemTime::now())) {
        (Some(at), super::super::session::BackupAge::Days { days, overdue }) => {
            let text = t!(
                "backup-last",
                time = format::local_unix(at),
                ago = format::days_ago(days),
                target = i18n::isolate(&prefs.last_ok_target)
            );
            let text = RichText::new(text);
            ui.label(if overdue {
                text.color(widgets::WARN_COLOR)
            } else {
                text
            });
        }
        _ => {
            ui.label(RichText::new(t!("backup-never")).color(widgets::WARN_COLOR));
        }
    }
}

fn reminder(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let l = ui.label(t!("backup-reminder"));
        let mut days = s.backup.prefs.remind_days;
        let r = ui
            .add(egui::DragValue::new(&mut days).range(1..=MAX_BACKUP_REMINDER_DAYS))
            .labelled_by(l.id);
        ui.label(t!("backup-reminder-days", count = days));
        if r.changed() {
            commands.push(Command::SetBackupReminderDays(days));
        }
    });
}

fn backup_report(ui: &mut egui::Ui, r: &Result<BackupReport, String>) {
    match r {
        Err(e) => error_message(ui, &t!("backup-failed", error = e.as_str())),
        Ok(r) => {
            let summary = t!(
                "backup-summary",
                copied = r.files_copied,
                size = format::bytes(r.bytes_copied),
                present = r.files_present,
                time = format::duration(r.elapsed),
                change = i18n::digits(&r.seq.to_string())
            );
            let target = i18n::isolate(&r.target.display().to_string());
            if r.is_complete() {
                ok_message(
                    ui,
                    &t!("backup-complete", target = target, summary = summary),
                );
            } else {
                error_message(
                    ui,
                    &t!("backup-incomplete", target = target, summary = summary),
                );
                paths(
                    ui,
                    t!("backup-list-altered", count = r.altered.len()),
                    &r.altered,
                );
            }
            if let Some(kept) = &r.base_kept {
                ui.label(t!(
                    "backup-base-kept",
                    path = i18n::isolate(&kept.display().to_string())
                ));
            }
            for w in &r.warnings {
                ui.label(RichText::new(format!("• {w}")).color(widgets::WARN_COLOR));
            }
        }
    }
}

fn check_report(ui: &mut egui::Ui, r: &Result<CheckReport, String>) {
    match r {
        Err(e) => error_message(ui, &t!("backup-check-failed", error = e.as_str())),
        Ok(r) => {
            let summary = t!(
                "backup-check-summary",
                count = r.files_checked,
                size = format::bytes(r.bytes_checked),
                method = i18n::isolate(r.compared_by),
                time = format::duration(r.elapsed)
            );
            let target = i18n::isolate(&r.target.display().to_string());
            if r.is_complete() {
                ok_message(
                    ui,
                    &t!("backup-check-ok", target = target, summary = summary),
                );
            } else {
                ui.label(
                    RichText::new(t!("backup-check-bad", target = target, summary = summary))
                        .color(ERROR_COLOR)
                        .strong(),
                );
                paths(
                    ui,
                    t!("backup-check-altered", count = r.altered.len()),
                    &r.altered,
                );
                paths(
                    ui,
                    t!("backup-check-missing", count = r.missing.len()),
                    &r.missing,
                );
                paths(
                    ui,
                    t!("backup-check-outdated", count = r.outdated.len()),
                    &r.outdated,
                );
            }
            for w in &r.warnings {
                ui.label(RichText::new(format!("• {w}")).color(widgets::WARN_COLOR));
            }
        }
    }
}

/// A list of files under its `heading` (which says how many).
fn paths(ui: &mut egui::Ui, heading: String, list: &[std::path::PathBuf]) {
    if list.is_empty() {
        return;
    }
    ui.label(heading);
    for p in list.iter().take(LIST_MAX) {
        let path = i18n::isolate(&p.display().to_string());
        ui.label(RichText::new(format!("• {path}")).monospace());
    }
    if list.len() > LIST_MAX {
        ui.label(t!("backup-list-more", count = list.len() - LIST_MAX));
    }
}
