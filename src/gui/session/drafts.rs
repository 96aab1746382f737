//! Text the user typed that is not in the vault yet: the note being written and the open item's
//! edit form. Kept here, apart from the dialogs and panels that show them, so that one place
//! decides when a draft is saved, discarded or wiped (and, later, kept across a lock).

use evidence_vault::{Item, MetadataEdit, NoteInput};
use zeroize::Zeroize;

use super::super::format;

/// `a, b ,c` → `[a, b, c]`, cleaned as the library does.
pub fn split_tags(s: &str) -> Vec<String> {
    evidence_vault::item::clean_tags(s.split([',', '،']))
}

/// A note or testimony being written. The editor edits these fields directly.
#[derive(Clone, Debug, Default)]
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

    fn wipe(&mut self) {
        for s in [
            &mut self.title,
            &mut self.body,
            &mut self.case,
            &mut self.tags,
            &mut self.place,
            &mut self.event_date,
        ] {
            s.zeroize();
        }
    }
}

/// The documenter's editable fields, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
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
                return Err(
                    "The event date must be written as YYYY-MM-DD, for example 2017-03-22.".into(),
                );
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

    fn wipe(&mut self) {
        for s in [
            &mut self.title,
            &mut self.description,
            &mut self.case,
            &mut self.tags,
            &mut self.place,
            &mut self.event_date,
        ] {
            s.zeroize();
        }
    }
}

/// The edit form of the item open in the detail panel.
pub struct EditDraft {
    item_id: String,
    /// The item's values as last read; `None` until its detail has been read.
    original: Option<MetaForm>,
    form: MetaForm,
    error: Option<String>,
}

impl EditDraft {
    fn new(item_id: String) -> Self {
        Self {
            item_id,
            original: None,
            form: MetaForm::default(),
            error: None,
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
        if !self.is_dirty() {
            self.form = stored.clone();
        }
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

#[derive(Default)]
pub struct Drafts {
    note: NoteDraft,
    note_error: Option<String>,
    edit: Option<EditDraft>,
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
}
