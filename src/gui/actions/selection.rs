//! Clicks and arrow keys on the results: moving the cursor, marking items, and asking first
//! when the open item's edit form has unsaved changes.

use super::super::dialogs::Dialog;
use super::super::i18n::t;
use super::super::session::Session;

/// A click on result `index`; `toggle` (Ctrl+click) marks or unmarks it instead.
pub fn click(s: &mut Session, index: usize, toggle: bool, range: bool) {
    if range {
        s.selection.mark_range(s.query.results(), index);
        return;
    }
    if toggle {
        s.selection.toggle_mark(s.query.results(), index);
        return;
    }
    select_checked(s, index);
}

/// An arrow, Page, Home or End key: the cursor moves and the view scrolls to it.
pub fn move_cursor(s: &mut Session, delta: isize) {
    let Some(next) = s.selection.moved_cursor(s.query.results().len(), delta) else {
        return;
    };
    s.view.request_scroll_to_cursor();
    select_checked(s, next);
}

/// Shows item `id`: selected where it is in the results, else only in the detail panel. Unsaved
/// changes to the open item are never dropped for it.
pub fn show_item(s: &mut Session, id: String) {
    if let Some(index) = s.query.results().iter().position(|r| r.id == id) {
        s.view.request_scroll_to_cursor();
        select_checked(s, index);
    } else if s.drafts.edit_is_dirty() {
        s.notices.error(t!("notice-open-other-unsaved"));
    } else {
        s.open_detail(id);
    }
}

/// Selects `index`, unless the edit form has unsaved changes: then asks first.
fn select_checked(s: &mut Session, index: usize) {
    if s.drafts.edit_is_dirty() && s.selection.cursor() != Some(index) {
        s.dialog = Dialog::ConfirmDiscard { index };
        return;
    }
    s.select(index);
}
