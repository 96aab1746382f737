//! Bundles: exporting, checking and importing (jobs whose results go to their dialog), and
//! keeping the export dialog's contact choices in step with the saved contacts.

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui;
use evidence_vault::SecretString;

use super::super::bundle_ops::{BundleCheck, BundleOps, ExportDone, ExportRequest, ImportDone};
use super::super::dialogs::{Dialog, import};
use super::super::format;
use super::super::i18n::{self, t};
use super::super::session::{Finished, JobKind, Session};

pub fn start_export(
    ctx: &egui::Context,
    s: &mut Session,
    bundles: &Arc<dyn BundleOps>,
    request: ExportRequest,
) {
    if !matches!(s.dialog, Dialog::Export(_)) {
        return;
    }
    let (vault, bundles) = (s.vault().clone(), bundles.clone());
    s.jobs
        .spawn(ctx, JobKind::Export, "", move |progress, cancel| {
            Finished::Export(bundles.export(&vault, request, progress, cancel))
        });
}

/// The export's custody events are in the detail; the dialog shows the bundle's SHA-256.
pub fn exported(s: &mut Session, r: Result<ExportDone, String>) {
    s.reload_detail();
    match &mut s.dialog {
        Dialog::Export(d) => d.finished(r),
        // The dialog stays open while exporting; should it be gone, still say how it ended.
        _ => match r {
            Ok(done) => s.notices.info(t!(
                "export-notice-done",
                items = format::items(done.items),
                path = i18n::isolate(&done.path.display().to_string()),
                sha256 = i18n::isolate(&done.sha256)
            )),
            Err(e) => s.notices.error(t!("export-failed", error = e)),
        },
    }
}

/// Decrypts and verifies the bundle at `path` (as typed in the import dialog); nothing changes.
pub fn check(
    ctx: &egui::Context,
    s: &mut Session,
    bundles: &Arc<dyn BundleOps>,
    path: String,
    passphrase: Option<SecretString>,
) {
    if !matches!(s.dialog, Dialog::Import(_)) || path.trim().is_empty() {
        return;
    }
    let file = PathBuf::from(path.trim());
    let (vault, bundles) = (s.vault().clone(), bundles.clone());
    s.jobs.spawn(
        ctx,
        JobKind::CheckBundle,
        path.clone(),
        move |progress, cancel| Finished::CheckBundle {
            result: bundles.inspect(&vault, &file, passphrase.as_ref(), progress, cancel),
            path,
        },
    );
}

pub fn checked(dialog: &mut Dialog, path: String, result: Result<BundleCheck, String>) {
    if let Dialog::Import(d) = dialog {
        d.checked(path, result);
    }
}

/// Imports the bundle at `path`: only the one just checked, and only if it verified.
pub fn start_import(
    ctx: &egui::Context,
    s: &mut Session,
    bundles: &Arc<dyn BundleOps>,
    path: String,
    passphrase: Option<SecretString>,
) {
    let busy = import::is_busy(s);
    let Dialog::Import(d) = &s.dialog else {
        return;
    };
    if !d.can_import(busy) || d.path != path {
        return;
    }
    let file = PathBuf::from(path.trim());
    let (vault, bundles) = (s.vault().clone(), bundles.clone());
    s.jobs
        .spawn(ctx, JobKind::Import, path, move |progress, cancel| {
            Finished::Import(bundles.import(&vault, &file, passphrase.as_ref(), progress, cancel))
        });
}

pub fn imported(s: &mut Session, r: Result<ImportDone, String>) {
    if r.is_ok() {
        s.items_changed();
        // The bundle may have brought incidents or new events on ours.
        s.incidents_changed();
    }
    match &mut s.dialog {
        Dialog::Import(d) => d.finished(r),
        // The dialog stays open while importing; should it be gone, still say how it ended.
        _ => match r {
            Ok(done) if done.nothing_new => s.notices.info(t!("import-notice-nothing-new")),
            Ok(done) if done.committed => s.notices.info(t!(
                "import-notice-done",
                count = done.added,
                present = done.already_present
            )),
            Ok(_) => s.notices.error(t!("import-notice-not-verified")),
            Err(e) => s.notices.error(t!("import-failed", error = e)),
        },
    }
}

/// A contact was saved (the last of `contacts`): the export dialog chooses it.
pub fn contact_saved(s: &mut Session, contacts: usize, name: &str, recipient: &str) {
    if let Dialog::Export(d) = &mut s.dialog {
        d.contact_saved(contacts, recipient);
    }
    s.notices
        .info(t!("export-contact-saved", name = i18n::isolate(name)));
}

/// Contact `i` was removed.
pub fn contact_removed(s: &mut Session, i: usize) {
    if let Dialog::Export(d) = &mut s.dialog {
        d.contact_removed(i);
    }
}
