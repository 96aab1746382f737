//! Opening and closing the main window's dialogs.

use super::super::command::DialogKind;
use super::super::dialogs::{BackupForm, BulkForm, Dialog, ExportDialog, VerifyForm};
use super::super::prefs::Prefs;
use super::super::session::Session;

pub fn open(s: &mut Session, kind: DialogKind, prefs: &Prefs) {
    s.dialog = match kind {
        DialogKind::NewNote => {
            s.view.request_focus_note_title();
            Dialog::Note
        }
        DialogKind::Verify => Dialog::Verify(VerifyForm::default()),
        DialogKind::Export => Dialog::Export(Box::new(ExportDialog::new(s, prefs.contacts.len()))),
        DialogKind::Import => Dialog::Import(Box::default()),
        DialogKind::PublicKey => Dialog::PublicKey,
        DialogKind::Settings => Dialog::Settings,
        DialogKind::BulkEdit => {
            if s.selection_ids().is_empty() {
                return;
            }
            Dialog::BulkEdit(BulkForm::default())
        }
        DialogKind::Help => Dialog::Help,
        DialogKind::LinkIncident => return super::incidents::open_link_dialog(s),
        DialogKind::EditIncident => return super::incidents::open_edit_form(s),
        DialogKind::Backup => Dialog::Backup(BackupForm {
            target: s.backup.prefs.target.clone(),
        }),
        DialogKind::Viewer => {
            if s.selection.detail().is_none() {
                return;
            }
            Dialog::Viewer
        }
    };
}

pub fn close(dialog: &mut Dialog) {
    *dialog = Dialog::None;
}
