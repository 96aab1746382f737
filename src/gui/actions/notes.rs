//! Writing a note: saving the draft as a new item, or discarding it.

use eframe::egui;
use evidence_vault::Vault;

use super::super::dialogs::Dialog;
use super::super::i18n::t;
use super::super::session::{Drafts, Finished, JobKind, Jobs, Session};
use super::super::task::compact_if_due;

/// Stores the note draft (it needs a title). The draft stays until the note is in the vault.
pub fn save(ctx: &egui::Context, vault: Vault, drafts: &mut Drafts, jobs: &mut Jobs) {
    if jobs.is_running(JobKind::SaveNote) {
        return;
    }
    let Some(input) = drafts.note().to_input() else {
        return;
    };
    drafts.set_note_error(None);
    jobs.spawn(ctx, JobKind::SaveNote, "", move |_, _| {
        let r = vault
            .add_note(&input)
            .map(|o| o.id)
            .map_err(|e| t!("notice-note-not-saved", error = e.to_string()));
        compact_if_due(&vault);
        Finished::SaveNote(r)
    });
}

pub fn discard(drafts: &mut Drafts, dialog: &mut Dialog) {
    drafts.clear_note();
    *dialog = Dialog::None;
}

/// Saved: the draft is wiped, the editor closes and the new note is selected. Not saved: the
/// editor says why and keeps the text.
pub fn saved(s: &mut Session, r: Result<String, String>) {
    match r {
        Ok(id) => {
            s.drafts.clear_note();
            if matches!(s.dialog, Dialog::Note) {
                s.dialog = Dialog::None;
            }
            s.notices.info(t!("notice-note-saved"));
            s.items_changed();
            s.selection.follow_id(id.clone());
            s.open_detail(id);
        }
        Err(e) => s.drafts.set_note_error(Some(e)),
    }
}
