//! Incidents from the window: showing the view and a page, opening the forms, and the jobs that
//! commit (create, edit, link, unlink, status), each one commit through the library, and what
//! their results do.

use eframe::egui;
use evidence_vault::Vault;
use evidence_vault::incident::{Incident, LinkRole, Status};

use super::super::command::IncidentSave;
use super::super::dialogs::{Dialog, IncidentForm, LinkForm};
use super::super::i18n::{self, t};
use super::super::incident_page::{arabic, status_name};
use super::super::session::{Finished, IncidentDone, JobKind, Session};
use super::super::task::compact_if_due;

pub fn show_view(s: &mut Session, showing: bool) {
    s.incidents.showing = showing;
}

/// "Link to incident…": the marked items (or the selected one) and every incident to choose from.
pub fn open_link_dialog(s: &mut Session) {
    let items = s.selection_ids();
    if items.is_empty() {
        return;
    }
    s.read_incident_choices();
    s.dialog = Dialog::LinkIncident(LinkForm::new(items));
}

/// A new incident's form; from items, their dates, place and case are proposed (when they come
/// back from the reader) and the items are linked when it is saved.
pub fn open_new_form(s: &mut Session, items: Vec<String>) {
    if reopened(s) {
        return;
    }
    if !items.is_empty() {
        s.read_proposal(items.clone());
    }
    s.drafts.incident.open(IncidentForm::new(items));
    s.dialog = Dialog::IncidentForm;
}

/// The open page's incident in the form, to edit it.
pub fn open_edit_form(s: &mut Session) {
    if reopened(s) {
        return;
    }
    let Some(data) = s.incidents.page().and_then(|p| p.data.clone()) else {
        return;
    };
    s.drafts.incident.open(IncidentForm::edit(&data.incident));
    s.dialog = Dialog::IncidentForm;
}

/// An incident form with typed work (closed with Escape, or kept from before a lock) is shown
/// again rather than replaced: one is written at a time, and none is thrown away unasked.
fn reopened(s: &mut Session) -> bool {
    if !s.drafts.incident.has_typed_work() {
        return false;
    }
    s.dialog = Dialog::IncidentForm;
    s.notices.info(t!("incident-form-reopened"));
    true
}

/// "Discard": the form and its draft file go.
pub fn discard_form(s: &mut Session) {
    s.drafts.incident.clear();
    s.dialog = Dialog::None;
}

fn spawn(
    ctx: &egui::Context,
    s: &mut Session,
    work: impl FnOnce(&Vault) -> Result<IncidentDone, String> + Send + 'static,
) {
    let vault = s.vault().clone();
    let started = s.jobs.spawn(ctx, JobKind::SaveIncident, "", move |_, _| {
        let r = work(&vault).map(Box::new);
        compact_if_due(&vault);
        Finished::Incident(r)
    });
    if !started {
        s.notices.error(t!("incident-still-saving"));
    }
}

/// Creates or edits an incident. Unless the user already chose to, a look-alike (same place,
/// overlapping day) stops it and is shown in the form.
pub fn start_save(ctx: &egui::Context, s: &mut Session, save: IncidentSave) {
    spawn(ctx, s, move |vault| {
        let IncidentSave {
            id,
            fields,
            items,
            allow_similar,
        } = save;
        // A form that cannot be saved says why before anything is compared.
        let mut tidy = fields.clone();
        tidy.tidy();
        let vocab = vault
            .vocabulary()
            .map_err(|e| t!("incident-vocab-failed", error = e.to_string()))?;
        tidy.validate(&vocab)
            .map_err(|e| t!("incident-not-saved", error = e.to_string()))?;
        if !allow_similar {
            let like = vault
                .look_alikes(&fields, id.as_deref())
                .map_err(|e| t!("incident-compare-failed", error = e.to_string()))?;
            if !like.is_empty() {
                return Ok(IncidentDone::LookAlikes(like));
            }
        }
        match id {
            None => vault
                .create_incident(fields, &items)
                .map(|incident| IncidentDone::Created {
                    linked: incident.links.len(),
                    incident,
                }),
            Some(id) => vault.edit_incident(&id, fields).map(IncidentDone::Edited),
        }
        .map_err(|e| t!("incident-not-saved", error = e.to_string()))
    });
}

pub fn start_link(
    ctx: &egui::Context,
    s: &mut Session,
    incident: String,
    items: Vec<String>,
    role: LinkRole,
) {
    spawn(ctx, s, move |vault| {
        vault
            .link_items(&incident, &items, role)
            .map(|(incident, n)| IncidentDone::Linked { incident, n })
            .map_err(|e| t!("incident-link-failed", error = e.to_string()))
    });
}

pub fn start_unlink(ctx: &egui::Context, s: &mut Session, incident: String, item: String) {
    spawn(ctx, s, move |vault| {
        vault
            .unlink_items(&incident, &[item])
            .map(|(incident, _)| IncidentDone::Unlinked(incident))
            .map_err(|e| t!("incident-unlink-failed", error = e.to_string()))
    });
}

pub fn start_status(
    ctx: &egui::Context,
    s: &mut Session,
    id: String,
    status: Status,
    reason: String,
) {
    spawn(ctx, s, move |vault| {
        vault
            .set_incident_status(&id, status, &reason)
            .map(IncidentDone::Status)
            .map_err(|e| t!("incident-status-failed", error = e.to_string()))
    });
}

/// The incident's title as a sentence quotes it (isolated: it keeps its own direction).
fn title(i: &Incident) -> String {
    i18n::isolate(i.fields.display_title(arabic()))
}

pub fn finished(s: &mut Session, r: Result<Box<IncidentDone>, String>) {
    let done = match r {
        Ok(done) => *done,
        Err(e) => {
            // A form that is open keeps what was typed and shows why.
            match &mut s.dialog {
                Dialog::IncidentForm if s.drafts.incident.form().is_some() => {
                    if let Some(form) = s.drafts.incident.form_mut() {
                        form.error = Some(e);
                    }
                }
                Dialog::LinkIncident(form) => form.error = Some(e),
                _ => s.notices.error(e),
            }
            return;
        }
    };
    match done {
        IncidentDone::LookAlikes(like) => {
            if let Some(form) = s.drafts.incident.form_mut() {
                form.look_alikes = like;
            }
            return;
        }
        IncidentDone::Created { incident, linked } => {
            let name = title(&incident);
            s.notices
                .info(t!("incident-created", title = name, linked = linked));
            s.drafts.incident.clear();
            s.dialog = Dialog::None;
            s.incidents_changed();
            s.open_incident(incident.id);
            return;
        }
        IncidentDone::Edited(incident) => {
            s.notices
                .info(t!("incident-edited", title = title(&incident)));
            s.drafts.incident.clear();
            s.dialog = Dialog::None;
        }
        IncidentDone::Linked { incident, n } => {
            s.notices.info(match n {
                0 => t!("incident-already-linked", title = title(&incident)),
                n => t!("incident-linked", count = n, title = title(&incident)),
            });
            s.dialog = Dialog::None;
        }
        IncidentDone::Unlinked(incident) => {
            s.notices
                .info(t!("incident-unlinked", title = title(&incident)));
        }
        IncidentDone::Status(incident) => {
            let (name, status) = (title(&incident), status_name(incident.status));
            s.notices
                .info(t!("incident-status-now", title = name, status = status));
        }
    }
    s.incidents_changed();
}
