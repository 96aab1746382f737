//! The incident form as typed work: the form being filled in (new or an edit), kept in the
//! vault's encrypted draft files like the note, so a lock, an auto-lock or a quit while an
//! incident is written loses nothing. `Drafts` owns it and decides when it is written.

use evidence_vault::vault::{Draft, DraftFields, DraftId, DraftSubject};

use super::super::dialogs::IncidentForm;
use super::drafts::{DraftWrite, new_draft};

/// A draft file written for the form: its ID and a fingerprint of what it held.
struct Written {
    id: DraftId,
    fingerprint: u64,
}

#[derive(Default)]
pub struct IncidentDraft {
    form: Option<Box<IncidentForm>>,
    file: Option<Written>,
}

fn fingerprint(fields: &DraftFields) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (k, v) in fields.iter() {
        k.hash(&mut h);
        v.hash(&mut h);
    }
    h.finish()
}

impl IncidentDraft {
    pub fn form(&self) -> Option<&IncidentForm> {
        self.form.as_deref()
    }

    pub fn form_mut(&mut self) -> Option<&mut IncidentForm> {
        self.form.as_deref_mut()
    }

    /// Puts `form` in place of the one there (which is wiped; its file goes at the next write).
    pub fn open(&mut self, form: IncidentForm) {
        self.clear();
        self.form = Some(Box::new(form));
    }

    /// Saved or discarded: the form is wiped and its file removed at the next write.
    pub fn clear(&mut self) {
        if let Some(mut f) = self.form.take() {
            f.wipe();
        }
    }

    pub fn has_typed_work(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.has_typed_work())
    }

    pub fn kept(&self) -> bool {
        self.file.is_some()
    }

    /// What should be on disk now: the form's fields while it holds work.
    fn wanted(&self) -> Option<DraftFields> {
        self.form
            .as_ref()
            .filter(|f| f.has_typed_work())
            .map(|f| f.to_draft())
    }

    pub fn has_unwritten(&self) -> bool {
        self.wanted().map(|f| fingerprint(&f)) != self.file.as_ref().map(|w| w.fingerprint)
    }

    /// Appends the writes that make the draft file match the form.
    pub fn writes(&mut self, out: &mut Vec<DraftWrite>) {
        match self.wanted() {
            None => {
                if let Some(w) = self.file.take() {
                    out.push(DraftWrite::Discard(w.id));
                }
            }
            Some(fields) => {
                let fp = fingerprint(&fields);
                if self.file.as_ref().map(|w| w.fingerprint) == Some(fp) {
                    return;
                }
                let id = self.file.take().map(|w| w.id).unwrap_or_else(DraftId::new);
                let incident_id = self.form.as_ref().and_then(|f| f.editing.clone());
                out.push(DraftWrite::Save(new_draft(
                    id.clone(),
                    DraftSubject::Incident { incident_id },
                    fields,
                )));
                self.file = Some(Written {
                    id,
                    fingerprint: fp,
                });
            }
        }
    }

    /// Takes back an incident draft found at unlock (the newest; false when one is already
    /// here, so the caller leaves the file alone). Returns the title to tell the user about.
    pub fn restore(&mut self, d: &Draft) -> Option<String> {
        let DraftSubject::Incident { incident_id } = &d.subject else {
            return None;
        };
        if self.file.is_some() {
            return None;
        }
        let form = IncidentForm::from_draft(incident_id.clone(), &d.fields);
        let title = form.title.clone();
        self.file = Some(Written {
            id: d.id.clone(),
            fingerprint: fingerprint(&form.to_draft()),
        });
        self.form = Some(Box::new(form));
        Some(title)
    }
}

impl Drop for IncidentDraft {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saves(out: &[DraftWrite]) -> usize {
        out.iter()
            .filter(|w| matches!(w, DraftWrite::Save(_)))
            .count()
    }

    #[test]
    fn the_form_is_written_while_it_holds_work_and_removed_after() {
        let mut d = IncidentDraft::default();
        let mut out = Vec::new();
        d.open(IncidentForm::new(vec!["item".into()]));
        d.writes(&mut out);
        assert!(out.is_empty(), "nothing typed: nothing written");

        d.form_mut().unwrap().summary = "W-11 saw the strike".into();
        assert!(d.has_unwritten());
        d.writes(&mut out);
        assert_eq!(saves(&out), 1);
        let DraftWrite::Save(written) = &out[0] else {
            unreachable!()
        };
        assert_eq!(
            written.subject,
            DraftSubject::Incident { incident_id: None }
        );
        let written = written.clone();
        assert!(!d.has_unwritten());
        out.clear();
        d.writes(&mut out);
        assert!(out.is_empty(), "unchanged: written once");

        // After a lock, another session takes it back.
        let mut again = IncidentDraft::default();
        assert_eq!(again.restore(&written), Some(String::new()));
        assert_eq!(again.form().unwrap().summary, "W-11 saw the strike");
        assert_eq!(again.form().unwrap().items, vec!["item"]);
        assert!(!again.has_unwritten());

        d.clear();
        d.writes(&mut out);
        assert!(matches!(&out[..], [DraftWrite::Discard(id)] if *id == written.id));
        assert!(!d.kept());
    }
}
