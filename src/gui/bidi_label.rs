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

use evidence_vault::text::bidi::{VisualRun, paragraph_is_rtl, visual_runs, visual_runs_for_rows};

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
mod tests {
    use std::sync::Arc;

    use super::*;

    const FONT_SIZE: f32 = 20.0;

    /// A context with egui's default fonts plus the app's Arabic font as a
    /// fallback, set up the way the app does it.
    fn ctx() -> egui::Context {
        let ctx = egui::Context::default();
        let mut fonts = egui::FontDefinitions::default();
        fonts.font_data.insert(
            "noto_arabic".to_owned(),
            Arc::new(egui::FontData::from_static(include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/fonts/NotoSansArabic-Regular.ttf"
            )))),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push("noto_arabic".to_owned());
        }
        ctx.set_fonts(fonts);
        // Fonts only exist once a pass has run.
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .drop_without_applying_deltas();
        ctx
    }

    fn font() -> FontId {
        FontId::proportional(FONT_SIZE)
    }

    fn layout(ctx: &egui::Context, job: LayoutJob) -> Arc<egui::Galley> {
        ctx.fonts_mut(|fonts| fonts.layout_job(job))
    }

    /// Galley-relative x of the (first visible) glyph for `c`, and its row.
    fn glyph_x(galley: &egui::Galley, c: char) -> Option<(usize, f32)> {
        galley
            .rows
            .iter()
            .enumerate()
            .find_map(|(row_index, placed)| {
                placed
                    .row
                    .glyphs
                    .iter()
                    .find(|g| g.chr == c && g.advance_width > 0.0)
                    .map(|g| (row_index, placed.pos.x + g.pos.x))
            })
    }

    fn x(galley: &egui::Galley, c: char) -> f32 {
        match glyph_x(galley, c) {
            Some((_, x)) => x,
            None => panic!("no glyph for {c:?} in {:?}", galley.text()),
        }
    }

    /// egui by itself: one Arabic word is drawn right to left (which is
    /// why [`VisualRun`] keeps words in logical order), but words are put
    /// left to right in stored order. If a future egui does bidi itself,
    /// this fails and the reordering here must be removed.
    #[test]
    fn egui_reverses_a_word_but_not_a_sentence() {
        let ctx = ctx();
        let plain = |s: &str| LayoutJob::simple_singleline(s.to_owned(), font(), Color32::WHITE);

        let word = layout(&ctx, plain("مدرسة"));
        assert!(x(&word, 'م') > x(&word, 'د'));
        assert!(x(&word, 'د') > x(&word, 'ة'));
        // Five letters, nine glyphs: why the label is not selectable.
        assert_eq!(word.rows[0].row.glyphs.len(), 9);

        let sentence = layout(&ctx, plain("تقرير RBSS عن الطبقة 2017"));
        assert!(x(&sentence, 'ت') < x(&sentence, 'R'));
        assert!(x(&sentence, 'R') < x(&sentence, 'ع'));
        assert!(x(&sentence, 'ع') < x(&sentence, 'ط'));
        assert!(x(&sentence, 'ط') < x(&sentence, '2'));

        // Arabic-Indic digits are reversed by egui on their own.
        let digits = layout(&ctx, plain("٢٠١٧"));
        assert!(x(&digits, '٢') > x(&digits, '٧'));
    }

    #[test]
    fn arabic_sentence_reads_right_to_left() {
        let ctx = ctx();
        let galley = layout(
            &ctx,
            bidi_layout_job("تقرير عن الطبقة", font(), Color32::WHITE, f32::INFINITY),
        );
        // First logical word rightmost, last leftmost.
        assert!(x(&galley, 'ت') > x(&galley, 'ع'));
        assert!(x(&galley, 'ع') > x(&galley, 'ط'));
        // Letters inside a word are still right to left.
        assert!(x(&galley, 'ت') > x(&galley, 'ي'));
    }

    #[test]
    fn mixed_line_reads_right_to_left_with_latin_and_digits_left_to_right() {
        let ctx = ctx();
        let text = "تقرير RBSS عن الطبقة 2017";
        let galley = layout(
            &ctx,
            bidi_layout_job(text, font(), Color32::WHITE, f32::INFINITY),
        );
        // Visual, left to right: 2017 الطبقة عن RBSS تقرير
        let order = ['2', 'ط', 'ع', 'R', 'ت'].map(|c| x(&galley, c));
        assert!(order.is_sorted(), "x positions {order:?}");
        // Latin and digits keep their own left-to-right order.
        assert!(x(&galley, 'R') < x(&galley, 'B'));
        assert!(x(&galley, '2') < x(&galley, '7'));
        assert_eq!(galley.job.halign, Align::RIGHT);
    }

    #[test]
    fn punctuation_and_arabic_indic_digits_land_correctly() {
        let ctx = ctx();
        let galley = layout(
            &ctx,
            bidi_layout_job("نص، نعم ٢٠١٧", font(), Color32::WHITE, f32::INFINITY),
        );
        // Visual: ٢٠١٧ نعم ،نص
        let order = ['٢', '٠', '١', '٧', 'م', '،', 'ص'].map(|c| x(&galley, c));
        assert!(order.is_sorted(), "x positions {order:?}");
    }

    #[test]
    fn arabic_phrase_inside_english_reads_right_to_left() {
        let ctx = ctx();
        let text = "Report on الطبقة الثانية today";
        let galley = layout(
            &ctx,
            bidi_layout_job(text, font(), Color32::WHITE, f32::INFINITY),
        );
        // Visual: Report on الثانية الطبقة today (ث is only in الثانية, ط only in الطبقة)
        let order = ['R', 'n', 'ث', 'ط', 'y'].map(|c| x(&galley, c));
        assert!(order.is_sorted(), "x positions {order:?}");
        assert_eq!(galley.job.halign, Align::LEFT);
    }

    #[test]
    fn english_is_unchanged_and_left_aligned() {
        let text = "Witness statement, 12 May 2017";
        let job = bidi_layout_job(text, font(), Color32::WHITE, 300.0);
        assert_eq!(job.text, text);
        assert_eq!(job.sections.len(), 1);
        assert_eq!(job.halign, Align::LEFT);
        assert_eq!(job.wrap.max_width, 300.0);
    }

    #[test]
    fn each_run_is_its_own_section() {
        let job = bidi_layout_job("نص، نعم\nEnglish", font(), Color32::WHITE, f32::INFINITY);
        let sections: Vec<&str> = job
            .sections
            .iter()
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(sections, ["نعم", " ", "،", "نص", "\n", "English"]);
    }

    #[test]
    fn wrapped_rtl_paragraph_starts_on_the_top_right() {
        let ctx = ctx();
        let text = "تقرير عن الطبقة في عام ٢٠١٧ من شهود RBSS داخل المدينة";
        let wrap_width = 120.0;
        let job =
            ctx.fonts_mut(|f| bidi_layout_job_wrapped(f, text, font(), Color32::WHITE, wrap_width));
        let galley = layout(&ctx, job);
        assert!(galley.rows.len() >= 3, "rows: {}", galley.rows.len());
        for placed in &galley.rows {
            assert!(
                placed.rect().width() <= wrap_width + 1.0,
                "row too wide: {:?}",
                placed.rect()
            );
            // Right-aligned: every row ends at the same right edge.
            assert!((placed.rect().max.x - galley.rows[0].rect().max.x).abs() < 1.0);
        }
        // The first word is on the first row, and rightmost: the second
        // word (عن) is on the same row to its left.
        let (row_t, x_t) = glyph_x(&galley, 'ت').unwrap_or((usize::MAX, 0.0));
        let (row_ayn, x_ayn) = glyph_x(&galley, 'ع').unwrap_or((usize::MAX, 0.0));
        assert_eq!((row_t, row_ayn), (0, 0));
        assert!(x_t > x_ayn);
        // The last word (المدينة) is on the last row.
        let last = galley.rows.last().map(|placed| placed.row.clone());
        assert!(last.is_some_and(|row| row.glyphs.iter().any(|g| g.chr == 'ي')));
        // Rows are in logical order: "RBSS" (8th word) is on a later row.
        assert!(glyph_x(&galley, 'R').is_some_and(|(r, _)| r > 0));
    }

    #[test]
    fn overlong_words_are_cut_and_infinite_width_is_one_row() {
        let ctx = ctx();
        let long = "ا".repeat(200);
        let rows = ctx.fonts_mut(|f| {
            break_rows(f, &long, &TextFormat::simple(font(), Color32::WHITE), 100.0)
        });
        assert!(rows.len() > 1);
        assert_eq!(rows.first().map(|r| r.start), Some(0));
        assert_eq!(rows.last().map(|r| r.end), Some(long.len()));
        for pair in rows.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for width in [f32::INFINITY, f32::NAN, 0.0, -5.0] {
            let rows = ctx.fonts_mut(|f| {
                break_rows(
                    f,
                    "نص طويل جدا",
                    &TextFormat::simple(font(), Color32::WHITE),
                    width,
                )
            });
            assert_eq!(rows.len(), 1);
            assert_eq!(rows.first(), Some(&(0.."نص طويل جدا".len())));
        }
    }

    #[test]
    fn segments_alternate_space_and_text() {
        let s = "ab  نص\tc";
        let parts: Vec<&str> = segments(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(parts, ["ab", "  ", "نص", "\t", "c"]);
        assert!(segments("").is_empty());
    }

    #[test]
    fn label_exposes_the_logical_text_to_screen_readers() {
        let ctx = ctx();
        ctx.enable_accesskit();
        let text = "تقرير RBSS عن الطبقة 2017";
        let mut id = None;
        let output = ctx.run_ui(egui::RawInput::default(), |ui| {
            id = Some(bidi_label(ui, text).id);
        });
        let node_value = output
            .platform_output
            .accesskit_update
            .as_ref()
            .and_then(|update| {
                let id = id?.accesskit_id();
                update
                    .nodes
                    .iter()
                    .find(|(node_id, _)| *node_id == id)
                    .and_then(|(_, node)| node.value().map(str::to_owned))
            });
        output.drop_without_applying_deltas();
        assert_eq!(node_value.as_deref(), Some(text));
    }

    #[test]
    fn rtl_label_sits_at_the_right_edge_and_ltr_at_the_left() {
        let ctx = ctx();
        let mut rects = Vec::new();
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(400.0, 300.0),
            )),
            ..Default::default()
        };
        ctx.run_ui(input, |ui| {
            rects.push((ui.max_rect(), bidi_label(ui, "نص قصير").rect));
            rects.push((ui.max_rect(), bidi_label(ui, "Short text").rect));
        })
        .drop_without_applying_deltas();
        let (area, rtl) = rects[0];
        let (_, ltr) = rects[1];
        assert!(
            (rtl.max.x - area.max.x).abs() < 1.0,
            "rtl {rtl:?} in {area:?}"
        );
        assert!(
            (ltr.min.x - area.min.x).abs() < 1.0,
            "ltr {ltr:?} in {area:?}"
        );
        assert!(rtl.min.y < ltr.min.y, "labels stack vertically");
    }
}
