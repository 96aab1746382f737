//! Backing the vault up, and checking a backup, from the window: the same library calls as
//! `evault backup [--check]`, as background jobs that can be cancelled.

use std::ffi::OsStr;
use std::time::SystemTime;

use eframe::egui;
use evidence_vault::backup::{self, BackupReport, BackupTarget, CheckReport};

use super::super::format;
use super::super::i18n::{self, t};
use super::super::session::{Finished, JobKind, Session};

/// Starts a backup to `target` (as typed), unless a backup or a check runs.
pub fn start(ctx: &egui::Context, s: &mut Session, target: &str) {
    if busy(s) {
        return;
    }
    let Some(parsed) = parse(s, target) else {
        return;
    };
    s.backup.started(target.trim());
    let vault = s.vault().clone();
    s.jobs
        .spawn(ctx, JobKind::Backup, "", move |progress, cancel| {
            Finished::Backup(have_rclone(&parsed).and_then(|()| {
                backup::backup_to(&vault, &parsed, progress, cancel).map_err(|e| e.to_string())
            }))
        });
}

/// Starts checking the backup at `target` (nothing is written into it).
pub fn check(ctx: &egui::Context, s: &mut Session, target: &str) {
    if busy(s) {
        return;
    }
    let Some(parsed) = parse(s, target) else {
        return;
    };
    s.backup.check_started(target.trim());
    let vault = s.vault().clone();
    s.jobs
        .spawn(ctx, JobKind::CheckBackup, "", move |progress, cancel| {
            Finished::CheckBackup(have_rclone(&parsed).and_then(|()| {
                backup::check_backup(&vault, &parsed, progress, cancel).map_err(|e| e.to_string())
            }))
        });
}

pub fn finished(s: &mut Session, r: Result<BackupReport, String>) {
    match &r {
        Ok(report) if report.is_complete() => s.notices.info(t!(
            "backup-notice-complete",
            copied = files(report.files_copied),
            size = format::bytes(report.bytes_copied),
            present = files(report.files_present)
        )),
        Ok(report) => s
            .notices
            .error(t!("backup-notice-incomplete", count = report.altered.len())),
        Err(e) => s.notices.error(t!("backup-failed", error = e.as_str())),
    }
    s.backup.finished(r, SystemTime::now());
}

pub fn checked(s: &mut Session, r: Result<CheckReport, String>) {
    match &r {
        Ok(report) if report.is_complete() => s.notices.info(t!(
            "backup-notice-checked",
            files = files(report.files_checked)
        )),
        Ok(_) => s.notices.error(t!("backup-notice-check-bad")),
        Err(e) => s
            .notices
            .error(t!("backup-check-failed", error = e.as_str())),
    }
    s.backup.check = Some(r);
}

fn busy(s: &Session) -> bool {
    s.jobs.is_running(JobKind::Backup) || s.jobs.is_running(JobKind::CheckBackup)
}

/// The target as typed, or `None` with the reason shown.
fn parse(s: &mut Session, target: &str) -> Option<BackupTarget> {
    let target = target.trim();
    let refused = if target.is_empty() {
        t!("backup-need-target")
    } else {
        match BackupTarget::parse(OsStr::new(target)) {
            // The window's working folder means nothing to the user: a folder is named in full.
            Ok(BackupTarget::Folder(p)) if !p.is_absolute() => {
                t!("backup-relative-path", target = i18n::isolate(target))
            }
            Ok(t) => return Some(t),
            Err(e) => e.to_string(),
        }
    };
    s.notices.error(refused);
    None
}

/// A remote needs the `rclone` program: say so before anything else.
fn have_rclone(target: &BackupTarget) -> Result<(), String> {
    match target {
        BackupTarget::Rclone(r) => backup::rclone_version(&r.options)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        BackupTarget::Folder(_) => Ok(()),
    }
}

/// "1 file", "12 files".
fn files(n: u64) -> String {
    t!("backup-files", count = n)
}
