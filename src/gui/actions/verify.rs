//! Verifying the vault: the job and its report.

use eframe::egui;
use evidence_vault::{VerifyOptions, VerifyReport};

use super::super::dialogs::Dialog;
use super::super::session::{Finished, JobKind, Session};
use super::super::task::compact_if_due;

/// Starts verification, unless intake or verification is already running.
pub fn start(ctx: &egui::Context, s: &mut Session, record: bool, repair: bool) {
    if s.jobs.status_bar_job().is_some() {
        return;
    }
    let vault = s.vault().clone();
    let opts = VerifyOptions {
        record,
        repair,
        workers: super::workers(),
    };
    s.reports.verify = None;
    s.jobs
        .spawn(ctx, JobKind::Verify, "", move |progress, cancel| {
            let r = vault
                .verify(&opts, progress, cancel)
                .map_err(|e| e.to_string());
            compact_if_due(&vault);
            Finished::Verify(r)
        });
}

/// The report is kept and shown in the Verify dialog (opened over whatever was open).
pub fn finished(s: &mut Session, r: Result<VerifyReport, String>) {
    s.reload_detail();
    s.reports.verify = Some(r);
    s.dialog = Dialog::Verify(Default::default());
}
