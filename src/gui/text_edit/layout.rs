//! The visual model of a laid-out text: rows of cells in left-to-right display order, and the
//! caret logic over it (where a caret is drawn, visual Left/Right, Home/End, Up/Down,
//! click-to-place, selection highlight).
//!
//! Everything here is plain geometry over byte ranges, independent of the shaping engine, so it
//! is unit-tested with hand-made rows. `engine` builds a [`TextLayout`] from cosmic-text's layout.
//!
//! # Carets
//!
//! A caret is a logical position (a byte offset into the text, always on a grapheme boundary
//! when it comes from here) plus an [`Affinity`]. The affinity says which neighbouring character
//! the caret is drawn against: in `abc` + Arabic `قصف`, offset 3 (between `c` and `ق`) is drawn
//! after `c` (at the right edge of `abc`) with [`Affinity::Before`], and before `ق` (at the right
//! edge of the Arabic word, which is drawn right to left) with [`Affinity::After`]. At a wrapped
//! row boundary the affinity also says which row the caret is on.
//!
//! # Visual movement
//!
//! Left and Right cross the cell (grapheme) next to the caret *on screen*: pressing Right always
//! moves the caret right, through Latin, Arabic and digits alike, the way macOS, GTK and Windows
//! edit controls move in mixed right-to-left text. At the end of a row the caret goes on to the
//! next row in reading order when the key points in the paragraph's direction (Right in a
//! left-to-right paragraph, Left in a right-to-left one), and back to the previous row otherwise.

use std::ops::Range;

/// Which character a caret sticks to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Affinity {
    /// The character before the caret's offset (logically).
    Before,
    /// The character after it.
    #[default]
    After,
}

/// A caret: a byte offset into the text and the side it is drawn on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Caret {
    pub index: usize,
    pub affinity: Affinity,
}

impl Caret {
    pub const fn new(index: usize, affinity: Affinity) -> Self {
        Self { index, affinity }
    }

    pub const fn after(index: usize) -> Self {
        Self::new(index, Affinity::After)
    }

    pub const fn before(index: usize) -> Self {
        Self::new(index, Affinity::Before)
    }
}

/// One grapheme as drawn: its logical byte range in the whole text and its horizontal extent.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub range: Range<usize>,
    /// Left edge, in the layout's coordinates.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Drawn right to left (odd bidi level).
    pub rtl: bool,
    /// False for white space that ends a wrapped row: not drawn by the shaper, but the caret can
    /// stand after it and a selection covers it.
    pub visible: bool,
}

impl Cell {
    /// The offset and affinity of a caret standing at the cell's left edge.
    fn left_caret(&self) -> Caret {
        if self.rtl {
            Caret::before(self.range.end)
        } else {
            Caret::after(self.range.start)
        }
    }

    /// The caret standing at the cell's right edge.
    fn right_caret(&self) -> Caret {
        if self.rtl {
            Caret::after(self.range.start)
        } else {
            Caret::before(self.range.end)
        }
    }
}

/// One visual row (a whole line, or one piece of a wrapped line).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Index of the `'\n'`-separated line this row belongs to.
    pub line: usize,
    /// Logical byte range in the whole text, including white space hidden at a wrap.
    pub range: Range<usize>,
    /// Paragraph direction of the line.
    pub rtl: bool,
    pub top: f32,
    pub height: f32,
    /// Left and right edges of the row's content; equal (the alignment edge) for an empty row.
    pub x0: f32,
    pub x1: f32,
    /// Cells in left-to-right display order.
    pub cells: Vec<Cell>,
}

impl Row {
    fn bottom(&self) -> f32 {
        self.top + self.height
    }

    /// Where `caret` is drawn on this row.
    pub fn caret_x(&self, caret: Caret) -> f32 {
        let index = caret.index;
        let at_start = |c: &&Cell| c.range.start == index;
        let at_end = |c: &&Cell| c.range.end == index;
        let start_edge = |c: &Cell| if c.rtl { c.x1 } else { c.x0 };
        let end_edge = |c: &Cell| if c.rtl { c.x0 } else { c.x1 };
        let found = match caret.affinity {
            Affinity::After => self
                .cells
                .iter()
                .find(at_start)
                .map(start_edge)
                .or_else(|| self.cells.iter().find(at_end).map(end_edge)),
            Affinity::Before => self
                .cells
                .iter()
                .find(at_end)
                .map(end_edge)
                .or_else(|| self.cells.iter().find(at_start).map(start_edge)),
        };
        if let Some(x) = found {
            return x;
        }
        // Inside a cell (not on a grapheme boundary): in proportion to the bytes before it.
        if let Some(cell) = self
            .cells
            .iter()
            .find(|c| c.range.start < index && index < c.range.end)
        {
            let fraction = (index - cell.range.start) as f32 / cell.range.len().max(1) as f32;
            let width = cell.x1 - cell.x0;
            return if cell.rtl {
                cell.x1 - fraction * width
            } else {
                cell.x0 + fraction * width
            };
        }
        if index <= self.range.start {
            self.leading_x()
        } else {
            self.trailing_x()
        }
    }

    /// The edge where the row starts in reading order.
    fn leading_x(&self) -> f32 {
        if self.rtl { self.x1 } else { self.x0 }
    }

    fn trailing_x(&self) -> f32 {
        if self.rtl { self.x0 } else { self.x1 }
    }

    /// Caret positions on this row, left to right (positions at the same x may repeat with
    /// different offsets where two bidi runs meet).
    fn stops(&self) -> Vec<(f32, Caret)> {
        if self.cells.is_empty() {
            return vec![(self.x0, Caret::after(self.range.start))];
        }
        let mut out = Vec::with_capacity(self.cells.len() * 2);
        for cell in &self.cells {
            out.push((cell.x0, cell.left_caret()));
            out.push((cell.x1, cell.right_caret()));
        }
        out
    }

    /// The caret nearest to `x` on this row.
    pub fn hit(&self, x: f32) -> Caret {
        let (Some(first), Some(last)) = (self.cells.first(), self.cells.last()) else {
            return Caret::after(self.range.start);
        };
        if x <= first.x0 {
            return first.left_caret();
        }
        if x >= last.x1 {
            return last.right_caret();
        }
        let cell = self
            .cells
            .iter()
            .find(|c| c.x0 <= x && x < c.x1 && c.x1 > c.x0)
            .or_else(|| {
                // In a gap between cells: the nearest edge.
                self.cells.iter().min_by(|a, b| {
                    let da = (a.x0 - x).abs().min((a.x1 - x).abs());
                    let db = (b.x0 - x).abs().min((b.x1 - x).abs());
                    da.total_cmp(&db)
                })
            });
        match cell {
            Some(cell) if x < (cell.x0 + cell.x1) / 2.0 => cell.left_caret(),
            Some(cell) => cell.right_caret(),
            None => Caret::after(self.range.start),
        }
    }
}

/// A whole laid-out text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextLayout {
    /// Rows from top to bottom; never empty once built (an empty text has one empty row).
    pub rows: Vec<Row>,
    /// Widest row.
    pub width: f32,
    /// Bottom of the last row.
    pub height: f32,
}

/// Keys that move a caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    /// Start of the row in reading order (right edge in a right-to-left row).
    Home,
    End,
    Up,
    Down,
}

const EPS: f32 = 0.01;

impl TextLayout {
    /// Index of the row `caret` is on.
    pub fn row_of(&self, caret: Caret) -> usize {
        let index = caret.index;
        let mut found = None;
        for (i, row) in self.rows.iter().enumerate() {
            if row.range.start <= index && index <= row.range.end {
                let is_wrap_end = index == row.range.end
                    && self
                        .rows
                        .get(i + 1)
                        .is_some_and(|next| next.line == row.line && next.range.start == index);
                if is_wrap_end && caret.affinity == Affinity::After {
                    continue;
                }
                found = Some(i);
                break;
            }
        }
        found.unwrap_or_else(|| {
            // Not inside any row (e.g. a hidden '\r'): the last row that starts before it.
            self.rows
                .iter()
                .rposition(|row| row.range.start <= index)
                .unwrap_or(0)
        })
    }

    /// Where `caret` is drawn: its x and its row's index.
    pub fn caret_pos(&self, caret: Caret) -> Option<(f32, usize)> {
        let row_index = self.row_of(caret);
        let row = self.rows.get(row_index)?;
        Some((row.caret_x(caret), row_index))
    }

    /// The caret under a point (in the layout's coordinates).
    pub fn hit(&self, x: f32, y: f32) -> Caret {
        let row = self
            .rows
            .iter()
            .find(|row| y < row.bottom())
            .or_else(|| self.rows.last());
        row.map_or_else(Caret::default, |row| row.hit(x))
    }

    /// Moves `caret` by `motion`. `preferred_x` is the column that Up/Down keep to (pass the
    /// caret's own x when it is `None`); the returned x is the one to keep for the next
    /// vertical move, `None` after a horizontal one.
    pub fn move_caret(
        &self,
        caret: Caret,
        motion: Motion,
        preferred_x: Option<f32>,
    ) -> (Caret, Option<f32>) {
        let Some((x, r)) = self.caret_pos(caret) else {
            return (caret, None);
        };
        let Some(row) = self.rows.get(r) else {
            return (caret, None);
        };
        match motion {
            Motion::Home => (Caret::after(row.range.start), None),
            Motion::End => (Caret::before(row.range.end), None),
            Motion::Left | Motion::Right => {
                let right = motion == Motion::Right;
                let stops = row.stops();
                let next = if right {
                    stops.iter().find(|(sx, _)| *sx > x + EPS)
                } else {
                    stops.iter().rev().find(|(sx, _)| *sx < x - EPS)
                };
                if let Some((_, next)) = next {
                    return (*next, None);
                }
                // At the row's edge: on in reading order, or back.
                let forward = right != row.rtl;
                let moved = if forward {
                    self.rows
                        .get(r + 1)
                        .map(|next| Caret::after(next.range.start))
                } else {
                    r.checked_sub(1)
                        .and_then(|p| self.rows.get(p))
                        .map(|prev| Caret::before(prev.range.end))
                };
                (moved.unwrap_or(caret), None)
            }
            Motion::Up | Motion::Down => {
                let target_x = preferred_x.unwrap_or(x);
                let target = if motion == Motion::Up {
                    r.checked_sub(1)
                } else {
                    Some(r + 1).filter(|&n| n < self.rows.len())
                };
                match target.and_then(|t| self.rows.get(t)) {
                    Some(row) => (row.hit(target_x), Some(target_x)),
                    // Past the first or last row: to the start or end of the text.
                    None if motion == Motion::Up => (
                        self.rows
                            .first()
                            .map_or(caret, |row| Caret::after(row.range.start)),
                        None,
                    ),
                    None => (
                        self.rows
                            .last()
                            .map_or(caret, |row| Caret::before(row.range.end)),
                        None,
                    ),
                }
            }
        }
    }

    /// Rectangles (x0, x1, row index) covering the logical byte range `range`, merged where
    /// they touch. A selection that takes in a line break gets a narrow mark at the line's end.
    pub fn selection_spans(
        &self,
        range: Range<usize>,
        newline_width: f32,
    ) -> Vec<(f32, f32, usize)> {
        let mut out: Vec<(f32, f32, usize)> = Vec::new();
        if range.start >= range.end {
            return out;
        }
        for (r, row) in self.rows.iter().enumerate() {
            if row.range.end < range.start || row.range.start > range.end {
                continue;
            }
            let mut current: Option<(f32, f32)> = None;
            for cell in &row.cells {
                let selected = cell.range.start >= range.start
                    && cell.range.end <= range.end
                    && !cell.range.is_empty();
                match (&mut current, selected) {
                    (Some((_, x1)), true) if (cell.x0 - *x1).abs() < 0.5 => *x1 = cell.x1,
                    (Some(span), true) => {
                        out.push((span.0, span.1, r));
                        current = Some((cell.x0, cell.x1));
                    }
                    (None, true) => current = Some((cell.x0, cell.x1)),
                    (Some(span), false) => {
                        out.push((span.0, span.1, r));
                        current = None;
                    }
                    (None, false) => {}
                }
            }
            if let Some(span) = current {
                out.push((span.0, span.1, r));
            }
            let ends_line = self
                .rows
                .get(r + 1)
                .is_none_or(|next| next.line != row.line);
            let has_newline_after = self.rows.get(r + 1).is_some();
            if ends_line
                && has_newline_after
                && range.start <= row.range.end
                && range.end > row.range.end
            {
                let x = row.trailing_x();
                let span = if row.rtl {
                    (x - newline_width, x)
                } else {
                    (x, x + newline_width)
                };
                out.push((span.0, span.1, r));
            }
        }
        out
    }

    /// The horizontal extent of the cells in `range`, and the row of the first of them.
    pub fn span_x(&self, range: Range<usize>) -> Option<(f32, f32, usize)> {
        let mut out: Option<(f32, f32, usize)> = None;
        for (r, row) in self.rows.iter().enumerate() {
            for cell in row.cells.iter().filter(|c| c.visible) {
                if cell.range.start >= range.start && cell.range.end <= range.end {
                    out = Some(match out {
                        None => (cell.x0, cell.x1, r),
                        Some((x0, x1, first)) if first == r => {
                            (x0.min(cell.x0), x1.max(cell.x1), r)
                        }
                        Some(other) => other,
                    });
                }
            }
        }
        out
    }

    /// The pieces of each row in display order (left to right): maximal groups of neighbouring
    /// cells drawn in the same direction, each given as its logical text and whether it is
    /// right to left. For tests and debugging: what a reader sees, without reading pixels.
    pub fn visual_runs(&self, text: &str) -> Vec<Vec<(String, bool)>> {
        self.rows
            .iter()
            .map(|row| {
                let mut groups: Vec<(Range<usize>, bool)> = Vec::new();
                for cell in row.cells.iter().filter(|c| c.visible) {
                    match groups.last_mut() {
                        Some((range, rtl))
                            if *rtl == cell.rtl
                                && (cell.range.start == range.end
                                    || cell.range.end == range.start) =>
                        {
                            range.start = range.start.min(cell.range.start);
                            range.end = range.end.max(cell.range.end);
                        }
                        _ => groups.push((cell.range.clone(), cell.rtl)),
                    }
                }
                groups
                    .into_iter()
                    .map(|(range, rtl)| (text.get(range).unwrap_or_default().to_owned(), rtl))
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row from `(range, width, rtl)` cells given in display order, starting at x = 0.
    fn row(
        line: usize,
        range: Range<usize>,
        rtl: bool,
        top: f32,
        cells: &[(Range<usize>, f32, bool)],
    ) -> Row {
        let mut x = 0.0;
        let cells: Vec<Cell> = cells
            .iter()
            .map(|(r, w, cell_rtl)| {
                let cell = Cell {
                    range: r.clone(),
                    x0: x,
                    x1: x + w,
                    rtl: *cell_rtl,
                    visible: true,
                };
                x += w;
                cell
            })
            .collect();
        Row {
            line,
            range,
            rtl,
            top,
            height: 10.0,
            x0: 0.0,
            x1: x,
            cells,
        }
    }

    fn layout(rows: Vec<Row>) -> TextLayout {
        let width = rows.iter().map(|r| r.x1).fold(0.0, f32::max);
        let height = rows.last().map_or(0.0, |r| r.top + r.height);
        TextLayout {
            rows,
            width,
            height,
        }
    }

    /// "AB cd" where A, B are right-to-left letters (one byte each here), in a right-to-left
    /// paragraph: displayed `c d ␠ B A`.
    fn mixed_rtl() -> TextLayout {
        layout(vec![row(
            0,
            0..5,
            true,
            0.0,
            &[
                (3..4, 10.0, false), // c
                (4..5, 10.0, false), // d
                (2..3, 5.0, true),   // space
                (1..2, 10.0, true),  // B
                (0..1, 10.0, true),  // A
            ],
        )])
    }

    fn press(l: &TextLayout, mut caret: Caret, motion: Motion, times: usize) -> Caret {
        for _ in 0..times {
            caret = l.move_caret(caret, motion, None).0;
        }
        caret
    }

    #[test]
    fn caret_x_follows_the_affinity_at_a_run_boundary() {
        let l = mixed_rtl();
        let r = &l.rows[0];
        assert_eq!(r.caret_x(Caret::after(0)), 45.0); // right of A
        assert_eq!(r.caret_x(Caret::after(1)), 35.0); // between B and A
        assert_eq!(r.caret_x(Caret::after(3)), 0.0); // before c
        assert_eq!(r.caret_x(Caret::before(3)), 20.0); // after the space (left of it)
        assert_eq!(r.caret_x(Caret::before(5)), 20.0); // after d
    }

    #[test]
    fn left_moves_left_on_screen_through_both_directions() {
        let l = mixed_rtl();
        let mut caret = Caret::after(0);
        let mut xs = vec![l.rows[0].caret_x(caret)];
        for _ in 0..5 {
            caret = l.move_caret(caret, Motion::Left, None).0;
            xs.push(l.rows[0].caret_x(caret));
        }
        assert_eq!(xs, [45.0, 35.0, 25.0, 20.0, 10.0, 0.0]);
        // Logical offsets visited: 0, 1, 2, 3 (left of the space), 4, 3 (left of c).
        assert_eq!(caret, Caret::after(3));
        // And Right goes back the same way, visiting 5 (after d) instead of the second 3.
        let mut back = Vec::new();
        for _ in 0..5 {
            caret = l.move_caret(caret, Motion::Right, None).0;
            back.push(caret.index);
        }
        assert_eq!(back, [4, 5, 2, 1, 0]);
    }

    #[test]
    fn right_in_a_right_to_left_paragraph_at_the_edge_goes_back_a_row() {
        let rows = vec![
            row(
                0,
                0..3,
                true,
                0.0,
                &[(2..3, 5.0, true), (1..2, 5.0, true), (0..1, 5.0, true)],
            ),
            row(0, 3..5, true, 10.0, &[(4..5, 5.0, true), (3..4, 5.0, true)]),
        ];
        let l = layout(rows);
        // Start of the second row is at its right edge; Right goes back to the end of row 0.
        let (caret, _) = l.move_caret(Caret::after(3), Motion::Right, None);
        assert_eq!(caret, Caret::before(3));
        assert_eq!(l.row_of(caret), 0);
        // Left at the left edge of row 0 goes on to row 1.
        let (caret, _) = l.move_caret(Caret::before(3), Motion::Left, None);
        assert_eq!(caret, Caret::after(3));
        assert_eq!(l.row_of(caret), 1);
        // Left at the end of the text stays.
        assert_eq!(
            press(&l, Caret::before(5), Motion::Left, 1),
            Caret::before(5)
        );
    }

    #[test]
    fn home_and_end_are_the_row_start_and_end_in_reading_order() {
        let l = mixed_rtl();
        let (home, _) = l.move_caret(Caret::after(3), Motion::Home, None);
        assert_eq!(home, Caret::after(0));
        assert_eq!(l.rows[0].caret_x(home), 45.0); // the right edge
        let (end, _) = l.move_caret(home, Motion::End, None);
        assert_eq!(end, Caret::before(5));
    }

    #[test]
    fn up_and_down_keep_the_column() {
        let rows = vec![
            row(
                0,
                0..4,
                false,
                0.0,
                &[
                    (0..1, 10.0, false),
                    (1..2, 10.0, false),
                    (2..3, 10.0, false),
                    (3..4, 10.0, false),
                ],
            ),
            row(1, 5..6, false, 10.0, &[(5..6, 10.0, false)]),
            row(
                2,
                7..11,
                false,
                20.0,
                &[
                    (7..8, 10.0, false),
                    (8..9, 10.0, false),
                    (9..10, 10.0, false),
                    (10..11, 10.0, false),
                ],
            ),
        ];
        let l = layout(rows);
        let (c, px) = l.move_caret(Caret::after(3), Motion::Down, None);
        assert_eq!(c, Caret::before(6));
        assert_eq!(px, Some(30.0));
        let (c, px) = l.move_caret(c, Motion::Down, px);
        assert_eq!(c, Caret::after(10));
        let (c, _) = l.move_caret(c, Motion::Down, px);
        assert_eq!(c, Caret::before(11));
        let (c, _) = l.move_caret(Caret::after(2), Motion::Up, None);
        assert_eq!(c, Caret::after(0));
    }

    #[test]
    fn clicks_map_to_the_nearest_edge() {
        let l = mixed_rtl();
        assert_eq!(l.hit(-5.0, 5.0), Caret::after(3));
        assert_eq!(l.hit(3.0, 5.0), Caret::after(3));
        assert_eq!(l.hit(7.0, 5.0), Caret::before(4));
        assert_eq!(l.hit(36.0, 5.0), Caret::before(1));
        assert_eq!(l.hit(44.0, 5.0), Caret::after(0));
        assert_eq!(l.hit(99.0, 99.0), Caret::after(0));
        assert_eq!(TextLayout::default().hit(1.0, 1.0), Caret::default());
    }

    #[test]
    fn wrapped_rows_share_an_offset_told_apart_by_affinity() {
        // "ab cd" wrapped after the space: row 0 = "ab " (space hidden), row 1 = "cd".
        let mut first = row(
            0,
            0..3,
            false,
            0.0,
            &[(0..1, 10.0, false), (1..2, 10.0, false), (2..3, 4.0, false)],
        );
        first.cells[2].visible = false;
        let l = layout(vec![
            first,
            row(
                0,
                3..5,
                false,
                10.0,
                &[(3..4, 10.0, false), (4..5, 10.0, false)],
            ),
        ]);
        assert_eq!(l.row_of(Caret::before(3)), 0);
        assert_eq!(l.row_of(Caret::after(3)), 1);
        assert_eq!(l.caret_pos(Caret::before(3)), Some((24.0, 0)));
        assert_eq!(l.caret_pos(Caret::after(3)), Some((0.0, 1)));
        // Right at the end of row 0 goes to the start of row 1.
        assert_eq!(
            press(&l, Caret::before(2), Motion::Right, 2),
            Caret::after(3)
        );
        // End of row 0 is after the hidden space.
        assert_eq!(
            l.move_caret(Caret::after(0), Motion::End, None).0,
            Caret::before(3)
        );
    }

    #[test]
    fn selection_of_a_logical_range_can_be_two_spans_on_screen() {
        let l = mixed_rtl();
        // Select "B c" logically 1..4: B, space and c; d is not, so the spans are split.
        let spans = l.selection_spans(1..4, 3.0);
        assert_eq!(spans, [(0.0, 10.0, 0), (20.0, 35.0, 0)]);
        assert!(l.selection_spans(2..2, 3.0).is_empty());
    }

    #[test]
    fn selecting_a_line_break_marks_the_line_end() {
        let l = layout(vec![
            row(0, 0..1, false, 0.0, &[(0..1, 10.0, false)]),
            row(1, 2..3, true, 10.0, &[(2..3, 10.0, true)]),
        ]);
        let spans = l.selection_spans(0..3, 3.0);
        assert_eq!(spans, [(0.0, 10.0, 0), (10.0, 13.0, 0), (0.0, 10.0, 1)]);
    }

    #[test]
    fn visual_runs_group_cells_by_direction() {
        let l = mixed_rtl();
        let runs = l.visual_runs("AB cd");
        assert_eq!(
            runs,
            [vec![("cd".to_owned(), false), ("AB ".to_owned(), true)]]
        );
        assert_eq!(l.span_x(3..5), Some((0.0, 20.0, 0)));
        assert_eq!(l.span_x(0..1), Some((35.0, 45.0, 0)));
        assert_eq!(l.span_x(9..10), None);
    }

    #[test]
    fn empty_rows_have_one_caret_position() {
        let l = layout(vec![Row {
            line: 0,
            range: 0..0,
            rtl: true,
            top: 0.0,
            height: 10.0,
            x0: 50.0,
            x1: 50.0,
            cells: Vec::new(),
        }]);
        assert_eq!(l.caret_pos(Caret::after(0)), Some((50.0, 0)));
        for motion in [
            Motion::Left,
            Motion::Right,
            Motion::Up,
            Motion::Down,
            Motion::Home,
            Motion::End,
        ] {
            let (c, _) = l.move_caret(Caret::after(0), motion, None);
            assert_eq!(c.index, 0);
        }
        assert_eq!(TextLayout::default().caret_pos(Caret::after(3)), None);
    }
}
