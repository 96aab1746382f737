//! How the window is shown rather than what it shows: grid or table, the grid's geometry as last
//! drawn, and one-shot requests (focus a field, scroll to the cursor) that the next frame's
//! drawing carries out.

use super::super::prefs::ViewMode;

pub struct ViewState {
    /// Grid or table (the filter bar switches it; kept in the preferences at lock).
    pub mode: ViewMode,
    /// The grid's thumbnail side in points (the filter bar's slider; kept in the preferences).
    pub thumb_side: f32,
    /// Columns of the grid as last drawn (for moving the selection up and down).
    pub grid_columns: usize,
    /// The grid's scroll offset and visible height as last drawn.
    pub grid_viewport: (f32, f32),
    focus_search: bool,
    focus_note_title: bool,
    scroll_to_cursor: bool,
    waiting_for_picker: bool,
}

impl ViewState {
    pub fn new(mode: ViewMode) -> Self {
        Self {
            mode,
            thumb_side: super::super::prefs::DEFAULT_THUMB_SIDE,
            grid_columns: 1,
            grid_viewport: (0.0, 0.0),
            focus_search: false,
            focus_note_title: false,
            scroll_to_cursor: false,
            waiting_for_picker: false,
        }
    }

    /// Ctrl+F: the search box takes the keyboard when next drawn.
    pub fn request_focus_search(&mut self) {
        self.focus_search = true;
    }

    pub fn take_focus_search(&mut self) -> bool {
        std::mem::take(&mut self.focus_search)
    }

    /// The note editor opened: its title takes the keyboard when next drawn.
    pub fn request_focus_note_title(&mut self) {
        self.focus_note_title = true;
    }

    pub fn take_focus_note_title(&mut self) -> bool {
        std::mem::take(&mut self.focus_note_title)
    }

    /// The cursor moved by keyboard: the grid or table scrolls to it when next drawn.
    pub fn request_scroll_to_cursor(&mut self) {
        self.scroll_to_cursor = true;
    }

    pub fn take_scroll_to_cursor(&mut self) -> bool {
        std::mem::take(&mut self.scroll_to_cursor)
    }

    /// Whether a native file dialog is open (on its own thread).
    pub fn is_waiting_for_picker(&self) -> bool {
        self.waiting_for_picker
    }

    pub fn set_waiting_for_picker(&mut self, waiting: bool) {
        self.waiting_for_picker = waiting;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_carried_out_once() {
        let mut v = ViewState::new(ViewMode::Grid);
        assert!(!v.take_focus_search());
        v.request_focus_search();
        v.request_scroll_to_cursor();
        assert!(v.take_focus_search());
        assert!(!v.take_focus_search());
        assert!(!v.take_focus_note_title());
        assert!(v.take_scroll_to_cursor());
        assert!(!v.take_scroll_to_cursor());
    }
}
