//! What is selected: the cursor (the item shown in the detail panel), the items marked with
//! Ctrl+click, the anchor a Shift-range will start from, and the open item's detail as read from
//! the catalog (its edit form is a draft, in `drafts`).

use std::collections::HashSet;
use std::sync::Arc;

use evidence_vault::ItemDetail;
use evidence_vault::catalog::ItemRef;

use super::super::preview::Preview;
use super::super::reader::IncidentChip;
use super::super::reader::{ReadRequest, Reader, SimilarItem};

/// The selected item's detail, as last read.
pub struct Detail {
    id: String,
    generation: u64,
    pub data: Option<Arc<ItemDetail>>,
    pub error: Option<String>,
    pub preview: Preview,
    /// Its near-duplicates (photos and videos), read with it.
    pub similar: Vec<SimilarItem>,
    /// The incidents it is linked to, read with it.
    pub incidents: Vec<IncidentChip>,
    /// Where its GPS or capture time disagrees with those incidents.
    pub hints: Vec<evidence_vault::incident::consistency::ConsistencyHint>,
}

impl Detail {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn is_loaded(&self) -> bool {
        self.data.is_some()
    }
}

#[derive(Default)]
pub struct Selection {
    /// Position of the selected item in the results.
    cursor: Option<usize>,
    cursor_id: Option<String>,
    /// Items marked with Ctrl+click (by catalog number), for exporting a selection.
    marked: HashSet<i64>,
    /// Where a Shift+click range starts (by catalog number, so it survives a new result set):
    /// the item last clicked or marked.
    anchor: Option<i64>,
    detail: Option<Detail>,
    detail_generation: u64,
    /// The item to go to once the open item's edits are saved.
    pub after_save: Option<String>,
}

impl Selection {
    // ---- cursor ----

    pub fn cursor(&self) -> Option<usize> {
        self.cursor
    }

    pub fn cursor_id(&self) -> Option<&str> {
        self.cursor_id.as_deref()
    }

    /// Puts the cursor on `index` of `results`. Returns the item's ID when its detail must be
    /// opened (a different item, or none open yet).
    pub fn set_cursor(&mut self, results: &[ItemRef], index: usize) -> Option<String> {
        let r = results.get(index)?;
        self.cursor = Some(index);
        self.anchor = Some(r.num);
        if self.cursor_id.as_deref() == Some(r.id.as_str()) && self.detail.is_some() {
            return None;
        }
        self.cursor_id = Some(r.id.clone());
        Some(r.id.clone())
    }

    /// Selects the item with this ID once it shows up in the results (a note just saved).
    pub fn follow_id(&mut self, id: String) {
        self.cursor_id = Some(id);
    }

    /// Keeps the cursor on the same item when the results change.
    pub fn relocate(&mut self, results: &[ItemRef]) {
        let Some(id) = self.cursor_id.as_deref() else {
            self.cursor = None;
            return;
        };
        if let Some(i) = self
            .cursor
            .filter(|i| results.get(*i).is_some_and(|r| r.id == id))
        {
            self.cursor = Some(i);
            return;
        }
        self.cursor = results.iter().position(|r| r.id == id);
    }

    /// Where the cursor goes for a key press: `delta` positions on (clamped to the results),
    /// `isize::MIN` / `isize::MAX` for the first / last. `None` when there are no results.
    pub fn moved_cursor(&self, len: usize, delta: isize) -> Option<usize> {
        let last = len.checked_sub(1)?;
        Some(match (self.cursor, delta) {
            (_, isize::MIN) => 0,
            (_, isize::MAX) => last,
            (None, _) => 0,
            (Some(c), d) => (c as isize).saturating_add(d).clamp(0, last as isize) as usize,
        })
    }

    /// The item a Shift-range starts from, as a position in `results`.
    pub fn anchor(&self, results: &[ItemRef]) -> Option<usize> {
        let num = self.anchor?;
        results.iter().position(|r| r.num == num)
    }

    // ---- marked items ----

    pub fn is_marked(&self, num: i64) -> bool {
        self.marked.contains(&num)
    }

    pub fn marked_count(&self) -> usize {
        self.marked.len()
    }

    pub fn toggle_mark(&mut self, results: &[ItemRef], index: usize) {
        let Some(r) = results.get(index) else {
            return;
        };
        self.anchor = Some(r.num);
        if !self.marked.remove(&r.num) {
            self.marked.insert(r.num);
        }
    }

    /// Shift+click: marks every item from the anchor (the item last clicked or marked) to
    /// `index`, both included; the anchor stays, so another Shift+click changes the range's end.
    pub fn mark_range(&mut self, results: &[ItemRef], index: usize) {
        if index >= results.len() {
            return;
        }
        let from = self.anchor(results).unwrap_or(index);
        let (a, b) = (from.min(index), from.max(index));
        self.marked.extend(results[a..=b].iter().map(|r| r.num));
        if self.anchor.is_none() {
            self.anchor = Some(results[index].num);
        }
    }

    /// Ctrl+A: every item of the results.
    pub fn mark_all(&mut self, results: &[ItemRef]) {
        self.marked.extend(results.iter().map(|r| r.num));
    }

    /// Marks items by catalog number (chosen on the map); `toggle` unmarks those already marked.
    pub fn mark_nums(&mut self, nums: &[i64], toggle: bool) {
        for n in nums {
            if !(toggle && self.marked.remove(n)) {
                self.marked.insert(*n);
            }
        }
        if let Some(last) = nums.last() {
            self.anchor = Some(*last);
        }
    }

    pub fn clear_marks(&mut self) {
        self.marked.clear();
    }

    /// IDs of the marked items, or of the selected one if none are marked.
    pub fn ids(&self, results: &[ItemRef]) -> Vec<String> {
        if self.marked.is_empty() {
            return self.cursor_id.iter().cloned().collect();
        }
        results
            .iter()
            .filter(|r| self.marked.contains(&r.num))
            .map(|r| r.id.clone())
            .collect()
    }

    // ---- the open detail ----

    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    pub fn detail_mut(&mut self) -> Option<&mut Detail> {
        self.detail.as_mut()
    }

    /// The open detail, if `generation` is its latest read (older answers are ignored).
    pub fn detail_for_reply(&mut self, generation: u64) -> Option<&mut Detail> {
        self.detail.as_mut().filter(|d| d.generation == generation)
    }

    /// Empties the detail panel (the item is no longer shown).
    pub fn close_detail(&mut self) {
        self.detail = None;
        self.cursor_id = None;
        self.cursor = None;
    }

    /// Shows item `id` in the detail panel and asks the reader for it.
    pub fn open_detail(&mut self, reader: &Reader, id: String) {
        self.detail_generation += 1;
        self.detail = Some(Detail {
            id: id.clone(),
            generation: self.detail_generation,
            data: None,
            error: None,
            preview: Preview::None,
            similar: Vec::new(),
            incidents: Vec::new(),
            hints: Vec::new(),
        });
        reader.send(ReadRequest::Detail {
            generation: self.detail_generation,
            id,
        });
    }

    /// Reads the open detail again (after an edit or a job that added custody events).
    pub fn reload_detail(&mut self, reader: &Reader) {
        if let Some(d) = self.detail.as_mut() {
            self.detail_generation += 1;
            d.generation = self.detail_generation;
            reader.send(ReadRequest::Detail {
                generation: d.generation,
                id: d.id.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(ids: &[&str]) -> Vec<ItemRef> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| ItemRef {
                num: i as i64 + 10,
                id: (*id).to_owned(),
            })
            .collect()
    }

    #[test]
    fn the_cursor_follows_its_item_when_the_results_change() {
        let mut s = Selection::default();
        let before = refs(&["a", "b", "c"]);
        assert_eq!(s.set_cursor(&before, 1).as_deref(), Some("b"));
        assert_eq!(s.cursor(), Some(1));
        s.relocate(&refs(&["x", "y", "b"]));
        assert_eq!(s.cursor(), Some(2));
        s.relocate(&refs(&["x"]));
        assert_eq!(s.cursor(), None, "gone from the results");
        assert_eq!(s.cursor_id(), Some("b"), "but still the item to find again");
        s.follow_id("n".into());
        s.relocate(&refs(&["n", "x"]));
        assert_eq!(s.cursor(), Some(0));
        assert_eq!(s.set_cursor(&before, 9), None, "outside the results");
    }

    #[test]
    fn moving_the_cursor_clamps_and_jumps_to_the_ends() {
        let mut s = Selection::default();
        assert_eq!(s.moved_cursor(0, 1), None);
        assert_eq!(
            s.moved_cursor(5, 3),
            Some(0),
            "no cursor yet: the first item"
        );
        s.set_cursor(&refs(&["a", "b", "c", "d", "e"]), 2);
        assert_eq!(s.moved_cursor(5, -10), Some(0));
        assert_eq!(s.moved_cursor(5, 1), Some(3));
        assert_eq!(s.moved_cursor(5, 10), Some(4));
        assert_eq!(s.moved_cursor(5, isize::MIN), Some(0));
        assert_eq!(s.moved_cursor(5, isize::MAX), Some(4));
    }

    #[test]
    fn marking_toggles_sets_the_anchor_and_replaces_the_cursor_as_the_selection() {
        let results = refs(&["a", "b", "c"]);
        let mut s = Selection::default();
        assert!(s.ids(&results).is_empty());
        s.set_cursor(&results, 0);
        assert_eq!(s.ids(&results), vec!["a"]);
        assert_eq!(s.anchor(&results), Some(0));
        s.toggle_mark(&results, 2);
        s.toggle_mark(&results, 1);
        assert_eq!(s.anchor(&results), Some(1));
        assert_eq!(s.marked_count(), 2);
        assert!(s.is_marked(12));
        assert_eq!(s.ids(&results), vec!["b", "c"], "in result order");
        s.toggle_mark(&results, 1);
        assert_eq!(s.ids(&results), vec!["c"]);
        let reordered = vec![
            ItemRef {
                num: 30,
                id: "z".into(),
            },
            results[0].clone(),
            results[1].clone(),
        ];
        assert_eq!(
            s.anchor(&reordered),
            Some(2),
            "the anchor is an item, not a position"
        );
        s.clear_marks();
        assert_eq!(s.ids(&results), vec!["a"]);
    }
}
