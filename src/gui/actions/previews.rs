//! Thumbnails and perceptual hashes still pending when a vault is opened (an intake that was
//! interrupted, a vault made by an older version, ffmpeg or libheif installed since): made in
//! the background, at low priority, while the window is used. Items are complete without them.

use eframe::egui;
use evidence_vault::DerivedReport;

use super::super::i18n::t;
use super::super::session::{Finished, JobKind, Session};

/// Starts making what is pending, if anything is (checked on the job's thread: the UI thread
/// never reads the catalog).
pub fn make_pending(ctx: &egui::Context, s: &mut Session) {
    if s.jobs.is_running(JobKind::Derive) {
        return;
    }
    let vault = s.vault().clone();
    s.jobs
        .spawn(ctx, JobKind::Derive, "", move |progress, cancel| {
            let tools = vault.media_tools();
            let pending = match vault.pending_derived() {
                Ok(p) => p,
                Err(e) => return Finished::Derive(Err(e.to_string())),
            };
            let workable = pending.iter().any(|p| match &p.state {
                evidence_vault::Derived::NeedsTool(t) => tools.has(*t),
                _ => true,
            });
            if !workable {
                return Finished::Derive(Ok(DerivedReport::default()));
            }
            Finished::Derive(
                vault
                    .make_pending_thumbnails(progress, cancel)
                    .map_err(|e| e.to_string()),
            )
        });
}

pub fn finished(s: &mut Session, r: Result<DerivedReport, String>) {
    match r {
        Ok(report) => {
            if report.made > 0 {
                s.items_changed();
                s.reload_detail();
            }
            if !report.failed.is_empty() {
                s.notices
                    .error(t!("notice-previews-failed", count = report.failed.len()));
            }
        }
        Err(e) => s.notices.error(t!("notice-previews-error", error = e)),
    }
}
