//! The open item: saving or undoing its edit form, and saving a copy of its original.

use std::path::PathBuf;

use eframe::egui;
use evidence_vault::{Item, Vault};

use super::super::i18n::{self, t};
use super::super::session::{Drafts, Finished, JobKind, Jobs, Session};
use super::super::task::compact_if_due;

/// Commits the changed fields of the open item's form (one `metadata_edited` event).
pub fn save(ctx: &egui::Context, vault: Vault, drafts: &mut Drafts, jobs: &mut Jobs) {
    if jobs.is_running(JobKind::SaveEdits) {
        return;
    }
    let Some(d) = drafts.edit_mut() else {
        return;
    };
    let edit = match d.changes() {
        None => return,
        Some(Err(msg)) => {
            d.set_error(Some(msg));
            return;
        }
        Some(Ok(edit)) => edit,
    };
    if edit.is_empty() {
        // Only spaces changed: show the stored values again.
        d.reset_form();
        return;
    }
    d.set_error(None);
    let id = d.item_id().to_owned();
    jobs.spawn(ctx, JobKind::SaveEdits, id.clone(), move |_, _| {
        let result = vault
            .edit(&id, &edit)
            .map(Box::new)
            .map_err(|e| t!("notice-edits-not-saved", error = e.to_string()));
        compact_if_due(&vault);
        Finished::SaveEdits {
            item_id: id,
            result,
        }
    });
}

pub fn discard(drafts: &mut Drafts) {
    if let Some(d) = drafts.edit_mut() {
        d.revert();
    }
}

/// The edit of `item_id` ended. A failure is shown in that item's form if it is still open.
pub fn saved(s: &mut Session, item_id: &str, result: Result<Box<Item>, String>) {
    if result.is_err() {
        s.selection.after_save = None;
    }
    match result {
        Ok(item) => {
            if let Some(d) = s.drafts.edit_of(item_id) {
                d.saved(&item);
            }
            s.notices.info(t!("notice-edits-saved"));
            s.reload_detail();
            s.items_changed();
            if let Some(next) = s.selection.after_save.take() {
                super::selection::show_item(s, next);
            }
        }
        Err(e) => match s.drafts.edit_of(item_id) {
            Some(d) => d.set_error(Some(e)),
            None => s.notices.error(e),
        },
    }
}

/// Writes a copy of the open item's original to `path` (logged as `extracted`).
pub fn extract(ctx: &egui::Context, s: &mut Session, path: PathBuf) {
    let Some(id) = s.selection.detail().map(|d| d.id().to_owned()) else {
        return;
    };
    let vault = s.vault().clone();
    s.jobs.spawn(ctx, JobKind::Extract, "", move |_, _| {
        Finished::Extract(
            vault
                .extract_to(&id, &path)
                .map(|_| path)
                .map_err(|e| t!("notice-copy-not-saved", error = e.to_string())),
        )
    });
}

pub fn extracted(s: &mut Session, r: Result<PathBuf, String>) {
    match r {
        Ok(path) => {
            s.forms.extract_path.clear();
            s.notices.info(t!(
                "notice-copy-saved",
                path = i18n::isolate(&path.display().to_string())
            ));
            s.reload_detail();
        }
        Err(e) => s.notices.error(e),
    }
}

/// Sets the case and adds or removes tags on every item of the selection: one commit, one
/// `metadata_edited` event per item that changed.
pub fn start_bulk(
    ctx: &egui::Context,
    s: &mut Session,
    ids: Vec<String>,
    edit: evidence_vault::vault::SelectionEdit,
) {
    if s.jobs.is_running(JobKind::BulkEdit) || ids.is_empty() || edit.is_empty() {
        return;
    }
    let vault = s.vault().clone();
    s.jobs.spawn(ctx, JobKind::BulkEdit, "", move |_, _| {
        let r = vault
            .edit_selection(&ids, &edit)
            .map_err(|e| t!("notice-bulk-not-changed", error = e.to_string()));
        compact_if_due(&vault);
        Finished::BulkEdit(r)
    });
}

pub fn bulk_done(s: &mut Session, r: Result<usize, String>) {
    match r {
        Ok(n) => {
            s.notices.info(t!("notice-bulk-done", count = n));
            s.dialog = super::super::dialogs::Dialog::None;
            s.items_changed();
            s.reload_detail();
        }
        Err(e) => s.notices.error(e),
    }
}
