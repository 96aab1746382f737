//! Back up the vault: a folder (an external drive) or `rclone:REMOTE:PATH`, remembered for this
//! vault; progress and cancel; what the last backup and the last check found; the reminder.

use std::time::SystemTime;

use eframe::egui;
use egui::RichText;
use evidence_vault::backup::{BackupReport, CheckReport};

use super::super::command::Command;
use super::super::file_picker::PickPurpose;
use super::super::format;
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
    ui.label(
        "A backup is a copy of the whole vault, still encrypted: it opens with the same \
         passphrase. Only what the backup lacks is copied, every copied file is checked, and \
         nothing in it is ever deleted or overwritten.",
    );
    ui.add_space(4.0);
    last_backup(ui, s);
    ui.separator();

    let running = [JobKind::Backup, JobKind::CheckBackup]
        .into_iter()
        .find(|k| s.jobs.is_running(*k));
    ui.add_enabled_ui(running.is_none(), |ui| {
        widgets::text_field(
            ui,
            "Back up to",
            &mut f.target,
            "/media/…/vault-backup   or   rclone:REMOTE:PATH",
        );
        ui.horizontal(|ui| {
            if ui.button("Choose folder…").clicked() {
                commands.push(Command::Pick(PickPurpose::BackupFolder));
            }
            ui.label(
                RichText::new(
                    "A remote (SFTP, S3, WebDAV…) needs the rclone program and a remote set up \
                     with “rclone config”.",
                )
                .small()
                .weak(),
            );
        });
    });

    if let Some(kind) = running {
        widgets::progress(ui, s.jobs.progress(kind).as_ref(), kind.name());
        ui.label("You can close this window; the backup goes on and the status bar shows it.");
        ui.horizontal(|ui| {
            if ui.button("Cancel backup").clicked() {
                commands.push(Command::CancelJob(kind));
            }
            super::close_button(ui, commands);
        });
        return;
    }

    ui.horizontal(|ui| {
        if ui.button(RichText::new("Start backup").strong()).clicked() {
            commands.push(Command::StartBackup {
                target: f.target.clone(),
            });
        }
        if ui
            .button("Check this backup")
            .on_hover_text(
                "Compare every file of the backup with the vault; writes nothing into it",
            )
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
            let text = format!(
                "Last complete backup: {} ({}), to {}",
                format::local_unix(at),
                format::days_ago(days),
                prefs.last_ok_target
            );
            let text = RichText::new(text);
            ui.label(if overdue {
                text.color(widgets::WARN_COLOR)
            } else {
                text
            });
        }
        _ => {
            ui.label(
                RichText::new("This vault has no complete backup yet.").color(widgets::WARN_COLOR),
            );
        }
    }
}

fn reminder(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let l = ui.label("Remind me when the last backup is older than");
        let mut days = s.backup.prefs.remind_days;
        let r = ui
            .add(egui::DragValue::new(&mut days).range(1..=MAX_BACKUP_REMINDER_DAYS))
            .labelled_by(l.id);
        ui.label("days");
        if r.changed() {
            commands.push(Command::SetBackupReminderDays(days));
        }
    });
}

fn backup_report(ui: &mut egui::Ui, r: &Result<BackupReport, String>) {
    match r {
        Err(e) => error_message(ui, &format!("The backup did not finish: {e}")),
        Ok(r) => {
            let summary = format!(
                "{} files copied ({}), {} already there, in {}. The backup holds the vault as of change {}.",
                format::count(r.files_copied),
                format::bytes(r.bytes_copied),
                format::count(r.files_present),
                format::duration(r.elapsed),
                r.seq
            );
            if r.is_complete() {
                ok_message(
                    ui,
                    &format!("Backup complete to {}: {summary}", r.target.display()),
                );
            } else {
                error_message(
                    ui,
                    &format!(
                        "The backup to {} is NOT complete: these files in it differ from the \
                         vault and were left as they are. Do not delete them; back up to \
                         another drive, and keep this one for whoever examines it. {summary}",
                        r.target.display()
                    ),
                );
                paths(ui, "altered", &r.altered);
            }
            if let Some(kept) = &r.base_kept {
                ui.label(format!(
                    "The backup's previous catalog was kept as {} (the vault was compacted).",
                    kept.display()
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
        Err(e) => error_message(ui, &format!("The backup could not be checked: {e}")),
        Ok(r) => {
            let summary = format!(
                "{} files checked ({}, compared by {}) in {}.",
                format::count(r.files_checked),
                format::bytes(r.bytes_checked),
                r.compared_by,
                format::duration(r.elapsed)
            );
            if r.is_complete() {
                ok_message(
                    ui,
                    &format!(
                        "The backup at {} holds every file of the vault, unchanged. {summary}",
                        r.target.display()
                    ),
                );
            } else {
                ui.label(
                    RichText::new(format!(
                        "The backup at {} is not up to date or not intact. {summary}",
                        r.target.display()
                    ))
                    .color(ERROR_COLOR)
                    .strong(),
                );
                paths(
                    ui,
                    "altered (damaged: keep it as it is, back up to another drive)",
                    &r.altered,
                );
                paths(ui, "missing (not backed up yet: back up now)", &r.missing);
                paths(
                    ui,
                    "outdated (the next backup brings them up to date)",
                    &r.outdated,
                );
            }
            for w in &r.warnings {
                ui.label(RichText::new(format!("• {w}")).color(widgets::WARN_COLOR));
            }
        }
    }
}

fn paths(ui: &mut egui::Ui, what: &str, list: &[std::path::PathBuf]) {
    if list.is_empty() {
        return;
    }
    ui.label(format!("{} {what}:", list.len()));
    for p in list.iter().take(LIST_MAX) {
        ui.label(RichText::new(format!("• {}", p.display())).monospace());
    }
    if list.len() > LIST_MAX {
        ui.label(format!("… and {} more", list.len() - LIST_MAX));
    }
}
