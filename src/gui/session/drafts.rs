//! Text the user typed that is not in the vault yet: the note being written and the open item's
//! edit form. Kept here, apart from the dialogs and panels that show them, so that one place
//! decides when a draft is saved, discarded or wiped — and what goes to the vault's encrypted,
//! signed draft files (`Vault::save_draft`), so that typed work survives a lock, an auto-lock, a
//! quit or a crash and comes back after the next unlock.

use std::hash::{Hash, Hasher};

use evidence_vault::vault::{Draft, DraftFields, DraftId, DraftSubject};
use evidence_vault::{Item, MetadataEdit, NoteInput};
use zeroize::Zeroize;

use super::super::format;
use super::super::i18n::t;
use super::incident_draft::IncidentDraft;

/// `a, b ,c` → `[a, b, c]`, cleaned as the library does.
pub fn split_tags(s: &str) -> Vec<String> {
    evidence_vault::item::clean_tags(s.split([',', '،']))
}

/// A note or testimony being written. The editor edits these fields directly.
#[derive(Clone, Debug, Default, Hash)]
pub struct NoteDraft {
    pub title: String,
    pub body: String,
    pub case: String,
    pub tags: String,
    pub place: String,
    pub event_date: String,
}

impl NoteDraft {
    pub fn is_empty(&self) -> bool {
        self.title.trim().is_empty() && self.body.trim().is_empty()
    }

    /// What to store, or `None` while it has no title.
    pub fn to_input(&self) -> Option<NoteInput> {
        if self.title.trim().is_empty() {
            return None;
        }
        Some(NoteInput {
            title: self.title.trim().to_owned(),
            body: self.body.clone(),
            case: self.case.trim().to_owned(),
            tags: split_tags(&self.tags),
            place: self.place.trim().to_owned(),
            event_date: Some(self.event_date.trim().to_owned()).filter(|d| !d.is_empty()),
        })
    }

    const FIELDS: [&'static str; 6] = ["title", "body", "case", "tags", "place", "event_date"];

    fn values(&self) -> [&String; 6] {
        [
            &self.title,
            &self.body,
            &self.case,
            &self.tags,
            &self.place,
            &self.event_date,
        ]
    }

    fn values_mut(&mut self) -> [&mut String; 6] {
        [
            &mut self.title,
            &mut self.body,
            &mut self.case,
            &mut self.tags,
            &mut self.place,
            &mut self.event_date,
        ]
    }

    fn to_fields(&self) -> DraftFields {
        fields_of(&Self::FIELDS, &self.values())
    }

    fn from_fields(fields: &DraftFields) -> Self {
        let mut n = NoteDraft::default();
        for (name, value) in Self::FIELDS.iter().zip(n.values_mut()) {
            value.push_str(fields.get(name).unwrap_or(""));
        }
        n
    }

    fn wipe(&mut self) {
        for s in self.values_mut() {
            s.zeroize();
        }
    }
}

/// The documenter's editable fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct MetaForm {
    pub title: String,
    pub description: String,
    pub case: String,
    pub tags: String,
    pub place: String,
    pub event_date: String,
}

impl MetaForm {
    pub fn from_item(item: &Item) -> Self {
        Self {
            title: item.title.clone(),
            description: item.description.clone(),
            case: item.case.clone(),
            tags: item.tags.join(", "),
            place: item.place.clone(),
            event_date: item.event_date.clone().unwrap_or_default(),
        }
    }

    /// The changed fields only; `Err` names a field that is not valid.
    pub fn edit_from(&self, original: &MetaForm) -> Result<MetadataEdit, String> {
        let changed = |a: &String, b: &String| (a.trim() != b.trim()).then(|| a.trim().to_owned());
        let event_date = if self.event_date.trim() != original.event_date.trim() {
            let d = self.event_date.trim();
            if d.is_empty() {
                Some(None)
            } else if format::is_date(d) {
                Some(Some(d.to_owned()))
            } else {
                return Err(t!("edit-event-date-invalid"));
            }
        } else {
            None
        };
        let tags =
            (split_tags(&self.tags) != split_tags(&original.tags)).then(|| split_tags(&self.tags));
        Ok(MetadataEdit {
            title: changed(&self.title, &original.title),
            description: (self.description != original.description)
                .then(|| self.description.clone()),
            case: changed(&self.case, &original.case),
            tags,
            place: changed(&self.place, &original.place),
            event_date,
        })
    }

    const FIELDS: [&'static str; 6] = [
        "title",
        "description",
        "case",
        "tags",
        "place",
        "event_date",
    ];

    fn values_mut(&mut self) -> [&mut String; 6] {
        [
            &mut self.title,
            &mut self.description,
            &mut self.case,
            &mut self.tags,
            &mut self.place,
            &mut self.event_date,
        ]
    }

    fn values(&self) -> [&String; 6] {
        [
            &self.title,
            &self.description,
            &self.case,
            &self.tags,
            &self.place,
            &self.event_date,
        ]
    }

    fn to_fields(&self) -> DraftFields {
        fields_of(&Self::FIELDS, &self.values())
    }

    fn from_fields(fields: &DraftFields) -> Self {
        let mut f = MetaForm::default();
        for (name, value) in Self::FIELDS.iter().zip(f.values_mut()) {
            value.push_str(fields.get(name).unwrap_or(""));
        }
        f
    }

    fn wipe(&mut self) {
        for s in self.values_mut() {
            s.zeroize();
        }
    }
}

fn fields_of(names: &[&str], values: &[&String]) -> DraftFields {
    let mut fields = DraftFields::new();
    for (name, value) in names.iter().zip(values) {
        if !value.is_empty() {
            fields.set(*name, value.as_str());
        }
    }
    fields
}

/// A fingerprint of typed text, to notice a change since the last save (kept in memory only).
fn fingerprint(x: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// The edit form of the item open in the detail panel.
pub struct EditDraft {
    item_id: String,
    /// The item's values as last read; `None` until its detail has been read.
    original: Option<MetaForm>,
    form: MetaForm,
    error: Option<String>,
    /// The form holds a draft kept from before a lock: the first read of the item must not
    /// replace it.
    restored: bool,
}

impl EditDraft {
    fn new(item_id: String) -> Self {
        Self {
            item_id,
            original: None,
            form: MetaForm::default(),
            error: None,
            restored: false,
        }
    }

    pub fn item_id(&self) -> &str {
        &self.item_id
    }

    /// The fields as typed (the panel edits them).
    pub fn form_mut(&mut self) -> &mut MetaForm {
        &mut self.form
    }

    /// Whether the form differs from what is stored.
    pub fn is_dirty(&self) -> bool {
        self.original.as_ref().is_some_and(|o| *o != self.form)
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn set_error(&mut self, error: Option<String>) {
        self.error = error;
    }

    /// The item was (re)read: what is stored becomes the original, and the form shows it unless
    /// the user is typing (after a save the form equals the saved values anyway).
    pub fn loaded(&mut self, item: &Item) {
        self.stored_is(MetaForm::from_item(item));
    }

    fn stored_is(&mut self, stored: MetaForm) {
        if !self.is_dirty() && !self.restored {
            self.form = stored.clone();
        }
        self.restored = false;
        self.original = Some(stored);
    }

    /// The changes were committed: form and original both hold the item as saved.
    pub fn saved(&mut self, item: &Item) {
        self.saved_as(MetaForm::from_item(item));
    }

    fn saved_as(&mut self, stored: MetaForm) {
        self.form = stored.clone();
        self.original = Some(stored);
    }

    /// Puts the stored values back in the form.
    pub fn reset_form(&mut self) {
        if let Some(o) = &self.original {
            self.form = o.clone();
        }
    }

    /// "Undo changes": the stored values, and no error.
    pub fn revert(&mut self) {
        self.reset_form();
        self.error = None;
    }

    /// The changes to save: `None` before the item was read, `Err` naming an invalid field.
    pub fn changes(&self) -> Option<Result<MetadataEdit, String>> {
        let original = self.original.as_ref()?;
        Some(self.form.edit_from(original))
    }
}

impl Drop for EditDraft {
    fn drop(&mut self) {
        self.form.wipe();
        if let Some(o) = self.original.as_mut() {
            o.wipe();
        }
    }
}

/// A change to the vault's draft files that the session wants made.
pub enum DraftWrite {
    Save(Draft),
    Discard(DraftId),
}

/// A draft file this session wrote: its ID and what it held.
struct Persisted {
    id: DraftId,
    /// The item, for an edit draft.
    item_id: Option<String>,
    fingerprint: u64,
}

#[derive(Default)]
pub struct Drafts {
    note: NoteDraft,
    note_error: Option<String>,
    edit: Option<EditDraft>,
    /// The draft files of the note and of the edit form, as last written.
    note_file: Option<Persisted>,
    edit_file: Option<Persisted>,
    /// The incident form being filled in (new or an edit), with its draft file.
    pub incident: IncidentDraft,
    /// Drafts kept on disk that this session does not show (a second incident, a second edit):
    /// left as they are.
    pub others_kept: usize,
}

impl Drafts {
    // ---- the new note ----

    pub fn note(&self) -> &NoteDraft {
        &self.note
    }

    /// The note's fields to edit, and why it was not saved last time.
    pub fn note_form(&mut self) -> (&mut NoteDraft, Option<&str>) {
        (&mut self.note, self.note_error.as_deref())
    }

    pub fn set_note_error(&mut self, error: Option<String>) {
        self.note_error = error;
    }

    /// Wipes the note (saved or discarded) and its last error.
    pub fn clear_note(&mut self) {
        self.note.wipe();
        self.note = NoteDraft::default();
        self.note_error = None;
    }

    // ---- the open item's edit form ----

    /// A fresh edit form for the item just opened in the detail panel.
    pub fn start_edit(&mut self, item_id: String) {
        // A draft restored for this item waits for it: keep it.
        if self
            .edit
            .as_ref()
            .is_some_and(|e| e.restored && e.item_id == item_id)
        {
            return;
        }
        self.edit = Some(EditDraft::new(item_id));
    }

    pub fn edit(&self) -> Option<&EditDraft> {
        self.edit.as_ref()
    }

    pub fn edit_mut(&mut self) -> Option<&mut EditDraft> {
        self.edit.as_mut()
    }

    /// The edit form of item `id`, if it is the one open.
    pub fn edit_of(&mut self, id: &str) -> Option<&mut EditDraft> {
        self.edit.as_mut().filter(|e| e.item_id == id)
    }

    pub fn edit_is_dirty(&self) -> bool {
        self.edit.as_ref().is_some_and(EditDraft::is_dirty)
    }

    // ---- kept in the vault ----

    /// Whether anything typed is not in the vault yet (a note being written, unsaved edits, an
    /// incident being written).
    pub fn has_typed_work(&self) -> bool {
        !self.note.is_empty() || self.edit_is_dirty() || self.incident.has_typed_work()
    }

    /// Whether draft files of this session hold typed work (to tell the user at lock).
    pub fn kept(&self) -> bool {
        self.note_file.is_some() || self.edit_file.is_some() || self.incident.kept()
    }

    /// Whether what is typed differs from what was last written (a write is due).
    pub fn has_unwritten(&self) -> bool {
        let note = if self.note.is_empty() {
            None
        } else {
            Some(fingerprint(&self.note))
        };
        let edit = self
            .edit
            .as_ref()
            .filter(|e| e.is_dirty())
            .map(|e| fingerprint(&e.form));
        self.incident.has_unwritten()
            || note != self.note_file.as_ref().map(|p| p.fingerprint)
            || (edit.is_some() && edit != self.edit_file.as_ref().map(|p| p.fingerprint))
            || (edit.is_none() && self.edit_file.is_some() && !self.edit_restored_waiting())
    }

    fn edit_restored_waiting(&self) -> bool {
        self.edit
            .as_ref()
            .is_some_and(|e| e.restored && e.original.is_none())
    }

    /// What to write so the vault's draft files match what is typed now: the note while it is
    /// not empty, the edit form while it has unsaved changes; a draft file whose text was saved
    /// into the vault, discarded or emptied is removed. Empty when nothing changed since the
    /// last call. The caller must carry the writes out (in order).
    pub fn writes(&mut self) -> Vec<DraftWrite> {
        let mut out = Vec::new();
        // The note.
        if self.note.is_empty() {
            if let Some(p) = self.note_file.take() {
                out.push(DraftWrite::Discard(p.id));
            }
        } else {
            let fp = fingerprint(&self.note);
            if self.note_file.as_ref().map(|p| p.fingerprint) != Some(fp) {
                let id = self
                    .note_file
                    .take()
                    .map(|p| p.id)
                    .unwrap_or_else(DraftId::new);
                out.push(DraftWrite::Save(new_draft(
                    id.clone(),
                    DraftSubject::NewNote,
                    self.note.to_fields(),
                )));
                self.note_file = Some(Persisted {
                    id,
                    item_id: None,
                    fingerprint: fp,
                });
            }
        }
        // The edit form.
        let dirty = self
            .edit
            .as_ref()
            .filter(|e| e.is_dirty() || (e.restored && e.original.is_none()));
        match dirty {
            None => {
                if let Some(p) = self.edit_file.take() {
                    out.push(DraftWrite::Discard(p.id));
                }
            }
            Some(e) => {
                let fp = fingerprint(&e.form);
                let same_item = self
                    .edit_file
                    .as_ref()
                    .is_some_and(|p| p.item_id.as_deref() == Some(e.item_id.as_str()));
                if !same_item && let Some(p) = self.edit_file.take() {
                    out.push(DraftWrite::Discard(p.id));
                }
                if self.edit_file.as_ref().map(|p| p.fingerprint) != Some(fp) {
                    let id = self
                        .edit_file
                        .take()
                        .map(|p| p.id)
                        .unwrap_or_else(DraftId::new);
                    out.push(DraftWrite::Save(new_draft(
                        id.clone(),
                        DraftSubject::EditItem {
                            item_id: e.item_id.clone(),
                        },
                        e.form.to_fields(),
                    )));
                    self.edit_file = Some(Persisted {
                        id,
                        item_id: Some(e.item_id.clone()),
                        fingerprint: fp,
                    });
                }
            }
        }
        self.incident.writes(&mut out);
        out
    }

    /// Takes back drafts found in the vault at unlock: the newest note into the note form, the
    /// newest edit into the edit form of its item (shown when that item's detail is read).
    /// Returns the item whose edit was restored, to open it. Others stay on disk untouched.
    pub fn restore(&mut self, mut found: Vec<Draft>) -> Restored {
        found.sort_by_key(|d| std::cmp::Reverse(d.updated_ms));
        let mut restored = Restored::default();
        for d in found {
            match &d.subject {
                DraftSubject::NewNote if self.note_file.is_none() => {
                    self.note = NoteDraft::from_fields(&d.fields);
                    restored.note_title = Some(self.note.title.clone());
                    self.note_file = Some(Persisted {
                        id: d.id.clone(),
                        item_id: None,
                        fingerprint: fingerprint(&self.note),
                    });
                }
                DraftSubject::EditItem { item_id } if self.edit_file.is_none() => {
                    let mut e = EditDraft::new(item_id.clone());
                    e.form = MetaForm::from_fields(&d.fields);
                    e.restored = true;
                    self.edit_file = Some(Persisted {
                        id: d.id.clone(),
                        item_id: Some(item_id.clone()),
                        fingerprint: fingerprint(&e.form),
                    });
                    self.edit = Some(e);
                    restored.edit_item = Some(item_id.clone());
                }
                DraftSubject::Incident { .. } => match self.incident.restore(&d) {
                    Some(title) => restored.incident_title = Some(title),
                    None => self.others_kept += 1,
                },
                _ => self.others_kept += 1,
            }
        }
        restored
    }
}

/// What [`Drafts::restore`] took back.
#[derive(Debug, Default, PartialEq)]
pub struct Restored {
    pub note_title: Option<String>,
    pub edit_item: Option<String>,
    /// The title of the incident form taken back (possibly empty).
    pub incident_title: Option<String>,
}

pub(super) fn new_draft(id: DraftId, subject: DraftSubject, fields: DraftFields) -> Draft {
    let mut d = Draft::new(subject);
    d.id = id;
    d.fields = fields;
    d.touch();
    d
}

impl Drop for Drafts {
    fn drop(&mut self) {
        self.note.wipe();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the form of an item titled `title`, tagged `a, b`, holds.
    fn stored(title: &str) -> MetaForm {
        MetaForm {
            title: title.into(),
            tags: "a, b".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_edit_form_is_dirty_only_after_it_was_read_and_changed() {
        let mut d = Drafts::default();
        assert!(!d.edit_is_dirty());
        d.start_edit("id1".into());
        d.edit_mut().unwrap().form_mut().title = "typed early".into();
        assert!(!d.edit_is_dirty(), "nothing read yet: nothing to lose");
        assert!(d.edit().unwrap().changes().is_none());
        d.edit_mut().unwrap().form_mut().title.clear();
        d.edit_mut().unwrap().stored_is(stored("Old"));
        assert_eq!(d.edit().unwrap().form.title, "Old");
        d.edit_mut().unwrap().form_mut().title = "New".into();
        assert!(d.edit_is_dirty());
        // A reload while typing keeps what is typed.
        d.edit_mut().unwrap().stored_is(stored("Old"));
        assert_eq!(d.edit().unwrap().form.title, "New");
        let edit = d.edit().unwrap().changes().unwrap().unwrap();
        assert_eq!(edit.title.as_deref(), Some("New"));
        assert!(edit.tags.is_none(), "tags unchanged");
        assert!(d.edit_of("other").is_none());
        d.edit_of("id1").unwrap().saved_as(stored("New"));
        assert!(!d.edit_is_dirty());
    }

    #[test]
    fn reverting_restores_the_stored_values_and_clears_the_error() {
        let mut d = Drafts::default();
        d.start_edit("id1".into());
        let e = d.edit_mut().unwrap();
        e.stored_is(stored("Stored"));
        e.form_mut().event_date = "22/03/2017".into();
        let Some(Err(msg)) = e.changes() else {
            panic!("a bad date is refused");
        };
        e.set_error(Some(msg));
        e.revert();
        assert!(!e.is_dirty());
        assert!(e.error().is_none());
    }

    #[test]
    fn a_note_needs_a_title_and_clearing_forgets_it_and_its_error() {
        let mut d = Drafts::default();
        let (note, _) = d.note_form();
        note.body = "text".into();
        note.tags = "a، b, a".into();
        assert!(d.note().to_input().is_none());
        assert!(!d.note().is_empty());
        d.note_form().0.title = " W-03 ".into();
        let input = d.note().to_input().unwrap();
        assert_eq!(input.title, "W-03");
        assert_eq!(input.tags, vec!["a", "b"]);
        assert_eq!(input.event_date, None);
        d.set_note_error(Some("disk full".into()));
        assert_eq!(d.note_form().1, Some("disk full"));
        d.clear_note();
        assert!(d.note().is_empty());
        assert_eq!(d.note_form().1, None);
    }

    #[test]
    fn writes_follow_what_is_typed_and_restore_takes_it_back() {
        let mut d = Drafts::default();
        assert!(d.writes().is_empty(), "nothing typed, nothing written");
        d.note_form().0.title = "W-07".into();
        let w = d.writes();
        let note_id = match &w[..] {
            [DraftWrite::Save(draft)] => {
                assert_eq!(draft.subject, DraftSubject::NewNote);
                assert_eq!(draft.fields.get("title"), Some("W-07"));
                draft.clone()
            }
            _ => panic!("one save"),
        };
        assert!(d.writes().is_empty(), "unchanged: not written again");
        assert!(!d.has_unwritten());
        d.note_form().0.body = "more".into();
        assert!(d.has_unwritten());
        assert!(matches!(&d.writes()[..], [DraftWrite::Save(x)] if x.id == note_id.id));

        // An edit draft only while the form has unsaved changes.
        d.start_edit("item1".into());
        d.edit_mut().unwrap().stored_is(stored("Old"));
        assert!(d.writes().is_empty());
        d.edit_mut().unwrap().form_mut().title = "New".into();
        let edit_draft = match &d.writes()[..] {
            [DraftWrite::Save(x)] => x.clone(),
            _ => panic!("the edit is saved"),
        };
        assert_eq!(
            edit_draft.subject,
            DraftSubject::EditItem {
                item_id: "item1".into()
            }
        );

        // Saved or discarded: the files go.
        d.clear_note();
        d.edit_mut().unwrap().saved_as(stored("New"));
        let w = d.writes();
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|x| matches!(x, DraftWrite::Discard(_))));
        assert!(!d.kept());

        // Restored after unlock: the note, and the edit waiting for its item to be read.
        let mut again = Drafts::default();
        let mut note = note_id.clone();
        note.updated_ms = 2;
        let r = again.restore(vec![note, edit_draft]);
        assert_eq!(r.note_title.as_deref(), Some("W-07"));
        assert_eq!(r.edit_item.as_deref(), Some("item1"));
        again.start_edit("item1".into());
        again.edit_mut().unwrap().stored_is(stored("Old"));
        assert_eq!(
            again.edit().unwrap().form.title,
            "New",
            "the restored text wins"
        );
        assert!(again.edit_is_dirty());
        assert!(
            again.writes().is_empty(),
            "restored as written: nothing to write"
        );
    }
}
