//! Labels that show Arabic, English and mixed text in the right order.
//!
//! egui 0.37 shapes Arabic (letters join, and a single Arabic word is drawn
//! right to left) but it never reorders *between* shaping runs: it puts the
//! words of a line left to right in the order they are stored. Measured with
//! Noto Sans Arabic at 20 px, `تقرير RBSS عن الطبقة 2017` comes out as
//! `تقرير` at x = 0–37, `RBSS` at 42–88, `عن` at 92–117, `الطبقة` at
//! 121–172 and `2017` at 177–221, so a reader starting at the right reads
//! the sentence backwards. Arabic-Indic digits are worse: `٢٠١٧` is shaped as
//! Arabic script and drawn as `٧١٠٢`.
//!
//! This module reorders each line with [`visual_runs`] (the Unicode
//! Bidirectional Algorithm) and gives egui one layout section per run, in
//! visual order. Each run must stay a section of its own: `LayoutJob::append`
//! merges neighbouring sections with the same format, and egui would then
//! shape `،` + `نص` as one right-to-left run and put the comma on the wrong
//! side, so sections are pushed by hand here.

use std::ops::Range;

use eframe::egui;
use egui::epaint::text::FontsView;
use egui::text::{ByteIndex, LayoutJob, LayoutSection, TextFormat};
use egui::{Align, Color32, FontId, Layout, Role, WidgetInfo};

use evidence_vault::text::bidi::{
    VisualRun, has_rtl, paragraph_is_rtl, visual_runs, visual_runs_for_rows,
};

/// A layout job that draws `text` in visual order.
///
/// Each `'\n'`-separated line is reordered on its own (it is its own bidi
/// paragraph, with its own direction). The whole job is right-aligned when
/// the text's first strong character is right to left (like HTML's
/// `dir="auto"`), left-aligned otherwise.
///
/// `wrap_width` is passed to egui as the wrap width. egui wraps *after* this
/// reordering, so a right-to-left line that does not fit would be split with
/// its logical end on the first row. Use this function for text known to fit
/// (short labels, `f32::INFINITY`), and [`bidi_layout_job_wrapped`], which
/// breaks rows before reordering, otherwise.
#[must_use]
pub fn bidi_layout_job(text: &str, font: FontId, color: Color32, wrap_width: f32) -> LayoutJob {
    let format = TextFormat::simple(font, color);
    let mut job = new_job(text, wrap_width);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            push_section(&mut job, "\n", &format);
        }
        push_runs(&mut job, &visual_runs(line), &format);
    }
    job
}

/// Like [`bidi_layout_job`], but rows are broken at `wrap_width` *before*
/// each row is reordered, so long right-to-left paragraphs read correctly
/// from the top right row by row.
///
/// Widths are measured with `fonts` (word by word; a word wider than the
/// whole row is cut between characters). The returned job has rows already
/// separated by `'\n'` and no wrap width of its own, so egui does not wrap
/// it again: re-wrapping a reordered row would move its logically first
/// word down to the next row.
#[must_use]
pub fn bidi_layout_job_wrapped(
    fonts: &mut FontsView<'_>,
    text: &str,
    font: FontId,
    color: Color32,
    wrap_width: f32,
) -> LayoutJob {
    let format = TextFormat::simple(font, color);
    let mut job = new_job(text, f32::INFINITY);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            push_section(&mut job, "\n", &format);
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let rows = break_rows(fonts, line, &format, wrap_width);
        for (j, runs) in visual_runs_for_rows(line, &rows).iter().enumerate() {
            if j > 0 {
                push_section(&mut job, "\n", &format);
            }
            push_runs(&mut job, runs, &format);
        }
    }
    job
}

/// egui's pre-layout hook (see `vendor/README.md`): a one-section job whose text holds
/// right-to-left letters is rewritten in display order — rows broken in reading order at the
/// job's wrap width first, then each row reordered — so every label, button, heading and title
/// egui draws reads correctly. Jobs of several sections are the app's own (already in display
/// order, as from [`bidi_layout_job`]) and pass unchanged, as does text with no right-to-left
/// letter. A job cut to a number of rows is reordered as one row (egui then cuts it).
///
/// The hook runs before egui's galley cache, for every text of every frame, so the reordered
/// jobs of this thread are kept ([`ORDERED_KEPT`] of them) and reused while the same job comes
/// back. (Rows are measured with the fonts installed once at start; the app never changes them.)
pub fn display_order(fonts: &mut FontsView<'_>, job: LayoutJob) -> LayoutJob {
    let whole = ByteIndex(0)..ByteIndex(job.text.len());
    if job.sections.len() != 1 || job.sections[0].byte_range != whole || !has_rtl(&job.text) {
        return job;
    }
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        job.hash(&mut h);
        h.finish()
    };
    let kept = ORDERED.with(|o| {
        o.borrow()
            .get(&key)
            .filter(|(text, _)| *text == job.text)
            .map(|(_, ordered)| ordered.clone())
    });
    if let Some(ordered) = kept {
        return ordered;
    }
    let text = job.text.clone();
    let ordered = reorder(fonts, job);
    ORDERED.with(|o| {
        let mut o = o.borrow_mut();
        if o.len() >= ORDERED_KEPT {
            o.clear();
        }
        o.insert(key, (text, ordered.clone()));
    });
    ordered
}

/// How many reordered jobs [`display_order`] keeps per thread (a screen shows a few hundred).
const ORDERED_KEPT: usize = 4096;

thread_local! {
    /// Hash of the job as given → (its text, to rule out a collision; the job in display order).
    static ORDERED: std::cell::RefCell<std::collections::HashMap<u64, (String, LayoutJob)>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// [`display_order`]'s work: rows broken in reading order, each row reordered.
fn reorder(fonts: &mut FontsView<'_>, mut job: LayoutJob) -> LayoutJob {
    let text = std::mem::take(&mut job.text);
    let Some(section) = job.sections.pop() else {
        return job;
    };
    let format = section.format;
    let wrap_width = job.wrap.max_width;
    let one_row = job.wrap.max_rows != usize::MAX;
    let mut out = LayoutJob {
        text: String::with_capacity(text.len() + 8),
        sections: Vec::new(),
        ..job
    };
    // `halign` stays as the widget set it: a galley aligned right extends left of its origin,
    // which widgets such as buttons do not expect.
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            push_section(&mut out, "\n", &format);
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        if one_row {
            push_runs(&mut out, &visual_runs(line), &format);
            continue;
        }
        let rows = break_rows(fonts, line, &format, wrap_width);
        for (j, runs) in visual_runs_for_rows(line, &rows).iter().enumerate() {
            if j > 0 {
                push_section(&mut out, "\n", &format);
            }
            push_runs(&mut out, runs, &format);
        }
    }
    if !one_row {
        // Already broken into rows: wrapping a reordered row again would move its logically
        // first word down.
        out.wrap.max_width = f32::INFINITY;
    }
    if out.sections.is_empty() {
        push_section(&mut out, " ", &format);
    }
    out
}

/// Shows `text` as a label in the right reading order, wrapped to the
/// available width and, for right-to-left text in a vertical layout, placed
/// against the right edge.
///
/// Screen readers get the **logical** text: what egui lays out is in visual
/// order, which a screen reader would read out backwards.
///
/// The label is not selectable: egui 0.37 gives a right-to-left word more
/// glyphs than it has characters (`مدرسة`, five letters, comes out as nine
/// glyphs, four of them empty), so selecting and copying would produce
/// garbled text, and evidence text must never be copied wrongly.
pub fn bidi_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let font = egui::FontSelection::Default.resolve(ui.style());
    let wrap_width = ui.available_width();
    // PLACEHOLDER: the label paints it in the style's text colour, as for `ui.label`.
    let job = ui.fonts_mut(|fonts| {
        bidi_layout_job_wrapped(fonts, text, font, Color32::PLACEHOLDER, wrap_width)
    });
    let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
    let label = egui::Label::new(galley).selectable(false);

    let response = if paragraph_is_rtl(text) && ui.layout().is_vertical() {
        ui.with_layout(Layout::top_down(Align::Max), |ui| ui.add(label))
            .inner
    } else {
        ui.add(label)
    };
    let enabled = ui.is_enabled();
    response.widget_info(|| WidgetInfo::labeled(Role::Label, enabled, text));
    response
}

/// An empty job aligned for `text`'s direction.
fn new_job(text: &str, wrap_width: f32) -> LayoutJob {
    LayoutJob {
        halign: if paragraph_is_rtl(text) {
            Align::RIGHT
        } else {
            Align::LEFT
        },
        wrap: egui::text::TextWrapping {
            max_width: wrap_width,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn push_runs(job: &mut LayoutJob, runs: &[VisualRun], format: &TextFormat) {
    for run in runs {
        push_section(job, &run.text, format);
    }
}

/// Appends `text` as a section of its own. Unlike `LayoutJob::append` this
/// never merges it into the previous section, so egui shapes it on its own.
fn push_section(job: &mut LayoutJob, text: &str, format: &TextFormat) {
    if text.is_empty() {
        return;
    }
    let start = job.text.len();
    job.text.push_str(text);
    job.sections.push(LayoutSection {
        leading_space: 0.0,
        byte_range: ByteIndex(start)..ByteIndex(job.text.len()),
        format: format.clone(),
    });
}

/// Width of `text` laid out on one row.
fn measure(fonts: &mut FontsView<'_>, text: &str, format: &TextFormat) -> f32 {
    let job = LayoutJob::single_section(text.to_owned(), format.clone());
    fonts.layout_job(job).size().x
}

/// Byte ranges of the rows `line` breaks into, in logical order, so that no
/// row is wider than `wrap_width`. Rows break after white space; trailing
/// white space does not count towards a row's width (it is invisible at the
/// row's end). A word wider than a row is cut between characters.
fn break_rows(
    fonts: &mut FontsView<'_>,
    line: &str,
    format: &TextFormat,
    wrap_width: f32,
) -> Vec<Range<usize>> {
    // NaN, zero or negative widths: no room to wrap into, keep one row.
    let whole = 0..line.len();
    if !wrap_width.is_finite() || wrap_width <= 0.0 || measure(fonts, line, format) <= wrap_width {
        return vec![whole];
    }

    let mut rows = Vec::new();
    let mut row_start = 0;
    let mut row_width = 0.0; // up to the end of the row's last word
    let mut pending_space = 0.0; // white space after that word
    let mut row_has_word = false; // false only before the line's first word

    for segment in segments(line) {
        let Some(segment_text) = line.get(segment.clone()) else {
            continue;
        };
        let width = measure(fonts, segment_text, format);
        if segment_text.starts_with(char::is_whitespace) {
            pending_space += width;
            continue;
        }
        if row_has_word && row_width + pending_space + width > wrap_width {
            rows.push(row_start..segment.start);
            row_start = segment.start;
            row_width = 0.0;
            pending_space = 0.0;
        }
        if row_width + pending_space + width <= wrap_width {
            row_width += pending_space + width;
        } else {
            // A word too wide for a row of its own: cut it between characters.
            let mut x = row_width + pending_space;
            for (offset, c) in segment_text.char_indices() {
                let mut buf = [0; 4];
                let w = measure(fonts, c.encode_utf8(&mut buf), format);
                let at = segment.start + offset;
                if x + w > wrap_width && at > row_start {
                    rows.push(row_start..at);
                    row_start = at;
                    x = 0.0;
                }
                x += w;
            }
            row_width = x;
        }
        pending_space = 0.0;
        row_has_word = true;
    }
    rows.push(row_start..line.len());
    rows
}

/// Byte ranges of the maximal runs of white space and of non-white space.
fn segments(line: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut previous_is_space = None;
    for (i, c) in line.char_indices() {
        let is_space = c.is_whitespace();
        match out.last_mut() {
            Some(last) if previous_is_space == Some(is_space) => last.end = i + c.len_utf8(),
            _ => out.push(i..i + c.len_utf8()),
        }
        previous_is_space = Some(is_space);
    }
    out
}

#[cfg(test)]
mod tests;
