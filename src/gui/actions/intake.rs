//! Adding evidence: the paths chosen, the "Add evidence" dialog, the intake job and its report;
//! and stopping the job shown in the status bar.

use std::path::PathBuf;

use eframe::egui;
use evidence_vault::{IntakeOptions, IntakeReport};

use super::super::dialogs::{AddForm, Dialog};
use super::super::i18n::t;
use super::super::session::{Finished, Forms, JobKind, Jobs, Notices, Session};
use super::super::task::compact_if_due;

/// Opens "Add evidence" (if it is not open), with the case filtered on as its case.
pub fn open_add_dialog(s: &mut Session) {
    if !matches!(s.dialog, Dialog::AddEvidence(_)) {
        let case = s.query.filters.case.clone().unwrap_or_default();
        s.dialog = Dialog::AddEvidence(AddForm {
            case,
            ..Default::default()
        });
    }
}

/// Paths chosen in a file dialog, dropped on the window or typed: they wait in "Add evidence".
pub fn add_paths(s: &mut Session, paths: Vec<PathBuf>) {
    s.forms.add_intake_paths(paths);
    open_add_dialog(s);
}

pub fn cancel_add(forms: &mut Forms, dialog: &mut Dialog) {
    forms.clear_intake_paths();
    *dialog = Dialog::None;
}

/// Starts adding the waiting paths, unless intake or verification is already running.
pub fn start(
    ctx: &egui::Context,
    s: &mut Session,
    case: String,
    tags: Vec<String>,
    record_source_path: bool,
) {
    if s.jobs.status_bar_job().is_some() || s.forms.intake_paths().is_empty() {
        return;
    }
    let paths = s.forms.take_intake_paths();
    let vault = s.vault().clone();
    let opts = IntakeOptions {
        case,
        tags,
        workers: super::workers(),
        // The full path names the user's folders and travels in bundles: only when Settings
        // says so (the CLI's --record-source-path).
        record_source_path,
    };
    s.jobs
        .spawn(ctx, JobKind::Intake, "", move |progress, cancel| {
            let r = vault
                .add_paths(&paths, &opts, progress, cancel)
                .map_err(|e| e.to_string());
            compact_if_due(&vault);
            Finished::Intake(r)
        });
    s.dialog = Dialog::None;
}

pub fn finished(s: &mut Session, r: Result<IntakeReport, String>) {
    s.items_changed();
    if let Ok(report) = &r {
        let added = report.added() as u64;
        let text = if report.cancelled {
            t!("notice-intake-added-cancelled", count = added)
        } else {
            t!("notice-intake-added", count = added)
        };
        // Failures are not a success: say so in the warning's colour, with the count.
        match report.failures.len() {
            0 => s.notices.info(t!("notice-intake-done", added = text)),
            n => s
                .notices
                .error(t!("notice-intake-failures", added = text, count = n)),
        }
    }
    s.reports.intake = Some(r);
    s.dialog = Dialog::IntakeReport;
}

/// Asks the job of `kind` to stop; intake and verification say so in the status bar.
pub fn cancel_job(jobs: &Jobs, notices: &mut Notices, kind: JobKind) {
    if jobs.cancel(kind) && kind.in_status_bar() {
        notices.info(t!("notice-stopping"));
    }
}
