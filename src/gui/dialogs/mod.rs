//! The main window's dialogs. One is open at a time, as a modal over the window; Escape closes it
//! unless it is busy (saving, exporting, importing).

mod add_evidence;
mod backup;
mod bulk_edit;
mod confirm_discard;
mod confirm_quit;
pub mod export;
mod help;
pub mod import;
mod incident_form;
mod incident_form_view;
mod intake_report;
mod link_incident;
pub mod note_editor;
mod public_key;
mod settings;
mod verify;
mod viewer;

use eframe::egui;

use super::bundle_ops::BundleOps;
use super::command::Command;
use super::i18n::t;
use super::prefs::Prefs;
use super::session::{JobKind, Jobs, Session};
use super::widgets;

pub use add_evidence::AddForm;
pub use backup::BackupForm;
pub use bulk_edit::BulkForm;
pub use export::ExportDialog;
pub use import::ImportDialog;
pub use incident_form::IncidentForm;
pub use link_incident::LinkForm;
pub use verify::VerifyForm;

#[derive(Default)]
pub enum Dialog {
    #[default]
    None,
    AddEvidence(AddForm),
    IntakeReport,
    Note,
    Verify(VerifyForm),
    Export(Box<ExportDialog>),
    Import(Box<ImportDialog>),
    PublicKey,
    Settings,
    Viewer,
    Backup(BackupForm),
    BulkEdit(BulkForm),
    Help,
    /// A new incident, or the open one being edited (the form is typed work: it lives in
    /// `Drafts`).
    IncidentForm,
    /// "Link to incident…" for the selection.
    LinkIncident(LinkForm),
    /// Quitting (Ctrl+Q, the window's close button) with typed work or running jobs.
    ConfirmQuit,
    /// The selection is about to change while the edit form has unsaved changes.
    ConfirmDiscard {
        index: usize,
    },
}

impl Dialog {
    pub fn is_open(&self) -> bool {
        !matches!(self, Dialog::None)
    }

    /// Whether the open dialog is in the middle of work that must not be abandoned by Escape.
    pub fn is_busy(&self, jobs: &Jobs) -> bool {
        match self {
            Dialog::Note => jobs.is_running(JobKind::SaveNote),
            Dialog::BulkEdit(_) => jobs.is_running(JobKind::BulkEdit),
            Dialog::IncidentForm | Dialog::LinkIncident(_) => {
                jobs.is_running(JobKind::SaveIncident)
            }
            Dialog::Export(_) => jobs.is_running(JobKind::Export),
            Dialog::Import(_) => {
                jobs.is_running(JobKind::CheckBundle) || jobs.is_running(JobKind::Import)
            }
            _ => false,
        }
    }
}

/// What dialogs may read besides the session.
pub struct Env<'a> {
    pub prefs: &'a Prefs,
    pub bundles: &'a dyn BundleOps,
}

/// Draws the open dialog (if any). A dialog reads the session and edits only its own form (or
/// the draft it is the editor of); everything else it asks for by pushing a [`Command`].
pub fn show(ctx: &egui::Context, s: &mut Session, env: &Env<'_>, commands: &mut Vec<Command>) {
    let mut dialog = std::mem::take(&mut s.dialog);
    match &mut dialog {
        Dialog::None => {}
        Dialog::AddEvidence(form) => modal(ctx, &t!("dialog-title-add-evidence"), 620.0, |ui| {
            add_evidence::show(ui, s, form, commands)
        }),
        Dialog::IntakeReport => modal(ctx, &t!("dialog-title-intake-report"), 720.0, |ui| {
            intake_report::show(ui, s, commands)
        }),
        Dialog::Note => {
            let saving = s.jobs.is_running(JobKind::SaveNote);
            let focus_title = s.view.take_focus_note_title();
            let (note, error) = s.drafts.note_form();
            modal(ctx, &t!("dialog-title-note"), 760.0, |ui| {
                note_editor::show(ui, note, error, saving, focus_title, commands)
            })
        }
        Dialog::Verify(form) => modal(ctx, &t!("dialog-title-verify"), 720.0, |ui| {
            verify::show(ui, s, form, commands)
        }),
        Dialog::Export(d) => modal(ctx, &t!("dialog-title-export"), 720.0, |ui| {
            export::show(ui, s, d, env, commands)
        }),
        Dialog::Import(d) => modal(ctx, &t!("dialog-title-import"), 820.0, |ui| {
            import::show(ui, s, d, env, commands)
        }),
        Dialog::PublicKey => modal(ctx, &t!("dialog-title-public-key"), 560.0, |ui| {
            public_key::show(ui, s, commands)
        }),
        Dialog::Settings => {
            let running = s.jobs.is_running(JobKind::ChangePassphrase);
            let form = &mut s.forms.passphrase;
            modal(ctx, &t!("dialog-title-settings"), 520.0, |ui| {
                // Taller than a small screen: it scrolls.
                egui::ScrollArea::vertical()
                    .id_salt("settings-scroll")
                    .show(ui, |ui| {
                        settings::show(ui, form, running, env.prefs, commands)
                    });
            })
        }
        Dialog::Viewer => viewer::show(ctx, s, commands),
        Dialog::Backup(form) => modal(ctx, &t!("dialog-title-backup"), 720.0, |ui| {
            backup::show(ui, s, form, commands)
        }),
        Dialog::BulkEdit(form) => modal(ctx, &t!("dialog-title-bulk-edit"), 560.0, |ui| {
            bulk_edit::show(ui, s, form, commands)
        }),
        Dialog::IncidentForm => {
            // The form is in the drafts (kept encrypted on disk while it holds work).
            let mut form = s.drafts.incident.form_mut().map(std::mem::take);
            if let Some(f) = form.as_mut() {
                let title = if f.editing.is_some() {
                    t!("dialog-title-edit-incident")
                } else {
                    t!("dialog-title-new-incident")
                };
                modal(ctx, &title, 780.0, |ui| {
                    incident_form_view::show(ui, s, f, commands)
                });
            }
            if let (Some(f), Some(slot)) = (form, s.drafts.incident.form_mut()) {
                *slot = f;
            }
        }
        Dialog::LinkIncident(form) => modal(ctx, &t!("dialog-title-link-incident"), 640.0, |ui| {
            link_incident::show(ui, s, form, commands)
        }),
        Dialog::Help => modal(ctx, &t!("dialog-title-help"), 620.0, |ui| {
            help::show(ui, commands)
        }),
        Dialog::ConfirmQuit => modal(ctx, &t!("dialog-title-confirm-quit"), 520.0, |ui| {
            confirm_quit::show(ui, s, commands)
        }),
        Dialog::ConfirmDiscard { index } => {
            let index = *index;
            modal(ctx, &t!("dialog-title-confirm-discard"), 460.0, |ui| {
                confirm_discard::show(ui, index, commands)
            });
        }
    }
    // Dialogs do not replace the dialog while drawing (commands do, after this returns).
    s.dialog = dialog;
}

fn modal(ctx: &egui::Context, title: &str, width: f32, content: impl FnOnce(&mut egui::Ui)) {
    egui::Modal::new(egui::Id::unique("evidence-vault-dialog")).show(ctx, |ui| {
        let width = width.min(ctx.content_rect().width() - 40.0);
        ui.set_width(width);
        ui.set_max_height(ctx.content_rect().height() - 60.0);
        // The body starts at the reading side: mirrored in Arabic.
        widgets::column(ui, |ui| {
            ui.heading(title);
            ui.separator();
            content(ui);
        });
    });
}

/// A "Close" button row at the bottom of a dialog.
pub fn close_button(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui
        .button(t!("dialog-close"))
        .on_hover_text(t!("dialog-close-hint"))
        .clicked()
    {
        commands.push(Command::CloseDialog);
    }
}
