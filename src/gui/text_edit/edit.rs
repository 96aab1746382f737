//! Logical text editing: grapheme and word boundaries, replacing a range, and undo/redo.
//!
//! Offsets are byte offsets into the `String`. Every function here takes offsets that may be
//! stale or out of range (the text can change under the widget) and clamps them first, so no
//! offset from outside can make them panic.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// `index` moved down to a character boundary inside `text`.
pub fn clamp(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// A range with both ends clamped and in order.
pub fn clamp_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let a = clamp(text, range.start);
    let b = clamp(text, range.end);
    a.min(b)..a.max(b)
}

/// The grapheme boundary before `index` (0 at the start).
pub fn prev_grapheme(text: &str, index: usize) -> usize {
    let index = clamp(text, index);
    text.get(..index)
        .and_then(|head| head.grapheme_indices(true).next_back())
        .map_or(0, |(i, _)| i)
}

/// The grapheme boundary after `index` (the text's length at the end).
pub fn next_grapheme(text: &str, index: usize) -> usize {
    let index = clamp(text, index);
    text.get(index..)
        .and_then(|tail| tail.graphemes(true).next())
        .map_or(text.len(), |g| index + g.len())
}

/// `index` moved back to the start of the grapheme it is inside (unchanged on a boundary).
pub fn snap_to_grapheme(text: &str, index: usize) -> usize {
    let index = clamp(text, index);
    if index == text.len() {
        return index;
    }
    let before = prev_grapheme(text, index);
    let after = next_grapheme(text, before);
    if after == index { index } else { before }
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// The start of the word before `index`, skipping white space and punctuation first.
pub fn prev_word(text: &str, index: usize) -> usize {
    let index = clamp(text, index);
    let head = text.get(..index).unwrap_or_default();
    head.split_word_bound_indices()
        .rev()
        .find(|(_, w)| is_word(w))
        .map_or(0, |(i, _)| i)
}

/// The end of the word after `index`.
pub fn next_word(text: &str, index: usize) -> usize {
    let index = clamp(text, index);
    let tail = text.get(index..).unwrap_or_default();
    tail.split_word_bound_indices()
        .find(|(_, w)| is_word(w))
        .map_or(text.len(), |(i, w)| index + i + w.len())
}

/// The word (or run of white space or punctuation) at `index`, for double-click.
pub fn word_at(text: &str, index: usize) -> Range<usize> {
    let index = clamp(text, index);
    let mut last = index..index;
    for (i, w) in text.split_word_bound_indices() {
        let range = i..i + w.len();
        if range.contains(&index) {
            return range;
        }
        if range.end == index {
            last = range;
        }
    }
    last
}

/// The `'\n'`-separated line at `index`, without its line break, for triple-click.
pub fn line_at(text: &str, index: usize) -> Range<usize> {
    let index = clamp(text, index);
    let start = text
        .get(..index)
        .and_then(|head| head.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(index..)
        .and_then(|tail| tail.find('\n'))
        .map_or(text.len(), |i| index + i);
    start..end
}

/// Replaces `range` by `insert` and returns the offset just after the inserted text.
pub fn replace(text: &mut String, range: &Range<usize>, insert: &str) -> usize {
    let range = clamp_range(text, range);
    text.replace_range(range.clone(), insert);
    range.start + insert.len()
}

/// What may be inserted: line breaks become spaces in a single-line field and `\r\n` becomes
/// `\n` otherwise; other control characters (except tab) are dropped.
pub fn sanitize(insert: &str, multiline: bool) -> String {
    let unified = insert.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .filter_map(|c| match c {
            '\n' if !multiline => Some(' '),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// One state of the text for undo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub text: String,
    pub anchor: usize,
    pub caret: usize,
}

/// What an edit was, so that typing a word is undone as one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditKind {
    Typing,
    Other,
}

/// Undo and redo stacks of whole snapshots (texts in these fields are short).
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The kind of the last edit and where the caret was after it.
    last: Option<(EditKind, usize)>,
}

const MAX_UNDO: usize = 200;

impl History {
    /// Call before an edit with the state before it. Consecutive typing at the caret is one
    /// undo step until white space is typed or the caret moves elsewhere.
    pub fn before_edit(&mut self, before: &Snapshot, kind: EditKind) {
        let continues = matches!(
            (self.last, kind),
            (Some((EditKind::Typing, at)), EditKind::Typing) if at == before.caret
        ) && !before
            .text
            .get(..before.caret)
            .is_some_and(|head| head.ends_with(char::is_whitespace));
        if !continues {
            self.undo.push(before.clone());
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
    }

    /// Call after an edit with the caret's new offset.
    pub fn after_edit(&mut self, kind: EditKind, caret: usize) {
        self.last = Some((kind, caret));
    }

    /// Any caret move that is not an edit ends the current typing group.
    pub fn break_group(&mut self) {
        self.last = None;
    }

    pub fn undo(&mut self, current: Snapshot) -> Option<Snapshot> {
        let previous = self.undo.pop()?;
        self.redo.push(current);
        self.last = None;
        Some(previous)
    }

    pub fn redo(&mut self, current: Snapshot) -> Option<Snapshot> {
        let next = self.redo.pop()?;
        self.undo.push(current);
        self.last = None;
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAM_ALEF_TANWEEN: &str = "قتيلاً";

    #[test]
    fn clamping_never_leaves_a_char_boundary() {
        let s = "قصف";
        assert_eq!(clamp(s, 1), 0);
        assert_eq!(clamp(s, 3), 2);
        assert_eq!(clamp(s, 999), s.len());
        assert_eq!(clamp_range(s, &Range { start: 5, end: 1 }), 0..4);
        assert_eq!(snap_to_grapheme("e\u{301}x", 1), 0);
        assert_eq!(snap_to_grapheme("e\u{301}x", 3), 3);
    }

    #[test]
    fn grapheme_steps_keep_marks_with_their_letter() {
        let s = LAM_ALEF_TANWEEN; // ق ت ي ل ا + fathatan on the alef
        let end = s.len();
        let before_alef = prev_grapheme(s, end);
        assert_eq!(&s[before_alef..], "اً");
        assert_eq!(next_grapheme(s, before_alef), end);
        assert_eq!(prev_grapheme(s, 0), 0);
        assert_eq!(next_grapheme(s, end), end);
        // Out-of-range and mid-character offsets are clamped, not a panic.
        assert_eq!(prev_grapheme(s, 10_000), before_alef);
        assert_eq!(next_grapheme(s, 1), 2);
        // Emoji sequences are one grapheme.
        let family = "a👨‍👩‍👧b";
        assert_eq!(next_grapheme(family, 1), family.len() - 1);
    }

    #[test]
    fn words_in_arabic_and_latin() {
        let s = "قصف المخبز (W-07)";
        let w = s.find("المخبز").unwrap_or(0);
        assert_eq!(prev_word(s, s.len()), s.find("07").unwrap_or(0));
        assert_eq!(next_word(s, 0), "قصف".len());
        assert_eq!(prev_word(s, w + 2), w);
        assert_eq!(word_at(s, w + 4), w..w + "المخبز".len());
        assert_eq!(word_at(s, s.len()), s.len() - 1..s.len());
        assert_eq!(prev_word("", 5), 0);
        assert_eq!(next_word("  ", 0), 2);
    }

    #[test]
    fn line_at_an_offset() {
        let s = "one\nاثنان\n";
        assert_eq!(line_at(s, 5), 4..s.len() - 1);
        assert_eq!(line_at(s, 0), 0..3);
        assert_eq!(line_at(s, s.len()), s.len()..s.len());
    }

    #[test]
    fn replacing_returns_the_offset_after_the_insertion() {
        let mut s = String::from("قصف المخبز");
        let at = replace(&mut s, &(0..6), "غارة");
        assert_eq!(s, "غارة المخبز");
        assert_eq!(at, "غارة".len());
        // Reversed or stale ranges are clamped.
        let at = replace(
            &mut s,
            &Range {
                start: 1000,
                end: 3,
            },
            "",
        );
        assert_eq!(s, "غ");
        assert_eq!(at, 2);
    }

    #[test]
    fn sanitizing_what_is_inserted() {
        assert_eq!(sanitize("a\r\nb\rc\u{7}", true), "a\nb\nc");
        assert_eq!(sanitize("a\nb\tc", false), "a b\tc");
        assert_eq!(sanitize("\u{200F}نص", false), "\u{200F}نص");
    }

    fn snap(text: &str, caret: usize) -> Snapshot {
        Snapshot {
            text: text.to_owned(),
            anchor: caret,
            caret,
        }
    }

    #[test]
    fn typing_a_word_is_one_undo_step() {
        let mut h = History::default();
        let mut text = String::new();
        for c in ["ق", "ص", "ف", " ", "ا"] {
            let caret = text.len();
            h.before_edit(&snap(&text, caret), EditKind::Typing);
            text.push_str(c);
            h.after_edit(EditKind::Typing, text.len());
        }
        assert_eq!(text, "قصف ا");
        let back = h.undo(snap(&text, text.len()));
        assert_eq!(back.as_ref().map(|s| s.text.as_str()), Some("قصف "));
        let back = h.undo(snap("قصف ", 7));
        assert_eq!(back.as_ref().map(|s| s.text.as_str()), Some(""));
        assert!(h.undo(snap("", 0)).is_none());
        let forward = h.redo(snap("", 0));
        assert_eq!(forward.map(|s| s.text), Some("قصف ".to_owned()));
    }

    #[test]
    fn a_caret_move_or_another_edit_starts_a_new_step() {
        let mut h = History::default();
        h.before_edit(&snap("", 0), EditKind::Typing);
        h.after_edit(EditKind::Typing, 1);
        h.break_group();
        h.before_edit(&snap("a", 1), EditKind::Typing);
        h.after_edit(EditKind::Typing, 2);
        h.before_edit(&snap("ab", 2), EditKind::Other);
        h.after_edit(EditKind::Other, 1);
        assert_eq!(h.undo(snap("a", 1)).map(|s| s.text), Some("ab".to_owned()));
        assert_eq!(h.undo(snap("ab", 2)).map(|s| s.text), Some("a".to_owned()));
        assert_eq!(h.undo(snap("a", 1)).map(|s| s.text), Some(String::new()));
        // A new edit clears redo.
        h.before_edit(&snap("", 0), EditKind::Other);
        assert!(h.redo(snap("x", 1)).is_none());
    }
}
