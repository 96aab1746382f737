//! Visual ordering of mixed Arabic/English text for display.
//!
//! egui 0.37 shapes text with `HarfBuzz` (the `harfrust` port) but does not run
//! the Unicode Bidirectional Algorithm: it lays out a string left to right in
//! the order it is stored. A line such as `تقرير RBSS عن الطبقة 2017` would
//! come out with its words in the wrong order. This module works out the
//! order in which pieces of a line must be drawn, left to right, so the GUI
//! can hand them to egui one by one (see `gui::bidi_label`).
//!
//! # What egui needs (measured, not assumed)
//!
//! egui cuts the text of each `LayoutJob` section into runs of one font face
//! and shapes each run on its own, letting `HarfBuzz` *guess* the direction
//! from the run's script. So a piece whose script is Arabic is shaped right
//! to left: its glyphs are already placed in right-to-left order, with the
//! letters joined. Measured with Noto Sans Arabic at 20 px: in `مدرسة` the
//! first letter `م` is drawn at x = 43 and the last, `ة`, at x = 0 (see the
//! egui-based tests in `gui::bidi_label`, which fail if a future egui starts
//! reordering by itself). Pieces with no strong script (digits, spaces,
//! punctuation) are shaped left to right.
//!
//! Two consequences shape this API:
//!
//! - A [`VisualRun`] keeps its characters in **logical order**, even when it
//!   is right to left. egui reverses an Arabic word by itself; reversing it
//!   here too would draw it backwards and break the joining of letters.
//! - What egui reverses is one *shaping run*, and where those start and stop
//!   depends on fonts (a space usually comes from the Latin font, the Arabic
//!   comma from the Arabic one). So right-to-left text is cut into pieces
//!   that egui will shape as a unit and that need no reordering inside: one
//!   piece per sequence of right-to-left letters (a word) and one per other
//!   character (a space, a bracket, a comma). The pieces are listed in visual
//!   order, and brackets are mirrored (`(` drawn as `)`), rule L4 of the
//!   algorithm, since egui shapes a lone bracket left to right and would not
//!   mirror it. For the same reason a left-to-right run is cut before any
//!   character of a right-to-left script (Arabic-Indic digits are Arabic
//!   script, so egui would otherwise shape `٢٠١٧` right to left as `٧١٠٢`).
//!
//! The consumer must therefore keep every run in its own layout section (or
//! otherwise shape it separately) and draw the runs left to right.

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Direction, bidi_class};
use unicode_normalization::char::is_combining_mark;

/// A piece of one display line, to be drawn after the piece before it
/// (further right).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisualRun {
    /// The characters of the piece in **logical** (stored) order. For a
    /// right-to-left piece egui's shaper draws them right to left itself.
    /// Bidi control characters are left out and, in right-to-left pieces,
    /// brackets are replaced by their mirror image.
    pub text: String,
    /// Whether the piece sits at a right-to-left embedding level.
    pub rtl: bool,
}

/// Whether a paragraph reads right to left: its first strong character
/// (rule P2/P3) is Arabic, Hebrew, etc. Text with no strong character
/// (digits, punctuation only) is left to right. With several lines, the
/// first line that has a strong character decides, like HTML's `dir="auto"`.
#[must_use]
pub fn paragraph_is_rtl(text: &str) -> bool {
    unicode_bidi::get_base_direction_full(text) == Direction::Rtl
}

/// Whether `text` holds any right-to-left letter or Arabic-Indic digit (the characters whose
/// order egui would get wrong): a scan of bidi classes, cheap enough for every label of a frame.
#[must_use]
pub fn has_rtl(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::AN))
}

/// The pieces of `line` in left-to-right display order.
///
/// `line` should be one line; if it holds `'\n'`, each line is treated as a
/// paragraph of its own (with its own direction) and a `"\n"` run is put
/// between them. A trailing `'\r'` is dropped.
#[must_use]
pub fn visual_runs(line: &str) -> Vec<VisualRun> {
    let mut out = Vec::new();
    for (i, piece) in line.split('\n').enumerate() {
        if i > 0 {
            out.push(VisualRun {
                text: "\n".to_owned(),
                rtl: false,
            });
        }
        let piece = piece.strip_suffix('\r').unwrap_or(piece);
        let whole = 0..piece.len();
        out.extend(
            visual_runs_for_rows(piece, std::slice::from_ref(&whole))
                .into_iter()
                .flatten(),
        );
    }
    out
}

/// The pieces of each row of a paragraph that has been broken into rows.
///
/// Line breaking happens in logical order (the first words read go on the
/// first row) and each row is then reordered on its own, but the embedding
/// levels are resolved for the whole paragraph, as the algorithm requires:
/// the paragraph direction does not change on a row that happens to start
/// with a Latin word.
///
/// `rows` are byte ranges into `paragraph`. A range that is out of bounds or
/// not on a character boundary is clamped to one that is, so this never
/// panics; its row then comes out shorter (or empty) instead.
#[must_use]
pub fn visual_runs_for_rows(paragraph: &str, rows: &[Range<usize>]) -> Vec<Vec<VisualRun>> {
    let info = BidiInfo::new(paragraph, None);
    rows.iter()
        .map(|row| {
            let row = clamp_to_char_boundaries(paragraph, row);
            let mut out = Vec::new();
            for para in &info.paragraphs {
                let start = row.start.max(para.range.start);
                let end = row.end.min(para.range.end);
                if start >= end {
                    continue;
                }
                let (levels, runs) = info.visual_runs(para, start..end);
                for run in runs {
                    let rtl = levels
                        .get(run.start)
                        .is_some_and(unicode_bidi::Level::is_rtl);
                    let Some(text) = paragraph.get(run) else {
                        continue;
                    };
                    if rtl {
                        push_rtl_pieces(text, &mut out);
                    } else {
                        push_ltr_pieces(text, &mut out);
                    }
                }
            }
            out
        })
        .collect()
}

/// Shrinks `range` to lie inside `text` and on character boundaries.
fn clamp_to_char_boundaries(text: &str, range: &Range<usize>) -> Range<usize> {
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = range.start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    start..end
}

/// Bidi controls are not drawn (egui would show them as boxes); the
/// reordering they ask for has already been applied.
fn is_bidi_control(c: char) -> bool {
    matches!(c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters of a right-to-left script: egui shapes any piece containing
/// one of them right to left.
fn is_rtl_script(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFE}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
}

/// Strong right-to-left letters. Arabic punctuation such as `؟` and `؛` is
/// also of class AL but is kept out of words: it may come from another font
/// than the letters, and egui would then shape it separately and put it on
/// the wrong side of the word.
fn is_rtl_letter(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL) && c.is_alphabetic()
}

/// Characters that belong to the character before them and must never be
/// separated from it: combining marks, joiners, variation selectors, emoji
/// modifiers and tags.
fn extends_previous(c: char) -> bool {
    is_combining_mark(c)
        || matches!(c,
            '\u{200C}' | '\u{200D}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}')
}

/// Splits `text` into clusters: a character with everything that extends it,
/// and a character joined to it by ZWJ (emoji sequences) or a second
/// regional indicator (flags).
fn clusters(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for c in text.chars().filter(|&c| !is_bidi_control(c)) {
        let is_regional = ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
        let joins = match out.last() {
            None => false,
            Some(last) => {
                let last_is_lone_regional = last.chars().count() == 1
                    && last
                        .chars()
                        .all(|l| ('\u{1F1E6}'..='\u{1F1FF}').contains(&l));
                glue_next || extends_previous(c) || (is_regional && last_is_lone_regional)
            }
        };
        match out.last_mut() {
            Some(last) if joins => last.push(c),
            _ => out.push(c.to_string()),
        }
        glue_next = c == '\u{200D}';
    }
    out
}

/// Pieces of a right-to-left level run, appended in visual order.
///
/// Letters of one word stay together in logical order (egui reverses them);
/// every other cluster is a piece of its own, mirrored if it is a bracket.
fn push_rtl_pieces(text: &str, out: &mut Vec<VisualRun>) {
    let mut pieces: Vec<String> = Vec::new();
    let mut in_word = false;
    for cluster in clusters(text) {
        let is_letter = cluster.chars().next().is_some_and(is_rtl_letter);
        match pieces.last_mut() {
            Some(word) if is_letter && in_word => word.push_str(&cluster),
            _ if is_letter => pieces.push(cluster),
            _ => pieces.push(mirror_cluster(&cluster)),
        }
        in_word = is_letter;
    }
    out.extend(
        pieces
            .into_iter()
            .rev()
            .map(|text| VisualRun { text, rtl: true }),
    );
}

/// Pieces of a left-to-right level run, appended in visual (= logical) order.
///
/// The run stays in one piece except that each cluster of a right-to-left
/// script (Arabic-Indic digits, Arabic punctuation) is split out on its own,
/// so egui cannot reverse the run around it.
fn push_ltr_pieces(text: &str, out: &mut Vec<VisualRun>) {
    let mut current = String::new();
    for cluster in clusters(text) {
        if cluster.chars().next().is_some_and(is_rtl_script) {
            if !current.is_empty() {
                out.push(VisualRun {
                    text: std::mem::take(&mut current),
                    rtl: false,
                });
            }
            out.push(VisualRun {
                text: cluster,
                rtl: false,
            });
        } else {
            current.push_str(&cluster);
        }
    }
    if !current.is_empty() {
        out.push(VisualRun {
            text: current,
            rtl: false,
        });
    }
}

/// Mirrors the first character of a cluster drawn right to left (rule L4).
fn mirror_cluster(cluster: &str) -> String {
    let mut chars = cluster.chars();
    match chars.next() {
        Some(first) => std::iter::once(mirror(first)).chain(chars).collect(),
        None => String::new(),
    }
}

/// The `Bidi_Mirroring_Glyph` of the paired punctuation people actually type.
fn mirror(c: char) -> char {
    const PAIRS: [(char, char); 26] = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('⁅', '⁆'),
        ('⁽', '⁾'),
        ('₍', '₎'),
        ('≤', '≥'),
        ('≪', '≫'),
        ('⟨', '⟩'),
        ('⟦', '⟧'),
        ('〈', '〉'),
        ('〈', '〉'),
        ('《', '》'),
        ('「', '」'),
        ('『', '』'),
        ('【', '】'),
        ('〔', '〕'),
        ('（', '）'),
        ('［', '］'),
        ('｛', '｝'),
        ('＜', '＞'),
        ('｢', '｣'),
        ('⦅', '⦆'),
    ];
    for (open, close) in PAIRS {
        if c == open {
            return close;
        }
        if c == close {
            return open;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_letters_and_arabic_indic_digits_are_found() {
        assert!(has_rtl("قصف"));
        assert!(has_rtl("W-07 ٢٠"));
        assert!(has_rtl("שלום"));
        assert!(!has_rtl("W-07 20 (Tabqa) — 2017-03-22"));
        assert!(!has_rtl(""));
    }

    fn texts(runs: &[VisualRun]) -> Vec<&str> {
        runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// What a reader sees, left to right, if each right-to-left piece is
    /// drawn reversed (as egui does for Arabic words).
    fn seen(runs: &[VisualRun]) -> String {
        runs.iter()
            .map(|r| {
                if r.rtl {
                    r.text.chars().rev().collect()
                } else {
                    r.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn paragraph_direction_comes_from_first_strong_character() {
        assert!(paragraph_is_rtl("تقرير RBSS"));
        assert!(paragraph_is_rtl("2017 تقرير RBSS"));
        assert!(paragraph_is_rtl("«الطبقة» report"));
        assert!(!paragraph_is_rtl("RBSS تقرير"));
        assert!(!paragraph_is_rtl("2017 - !"));
        assert!(!paragraph_is_rtl(""));
        assert!(paragraph_is_rtl("123\nنص"));
    }

    #[test]
    fn plain_english_is_one_run() {
        let runs = visual_runs("Hello, world (2017)");
        assert_eq!(
            runs,
            [VisualRun {
                text: "Hello, world (2017)".into(),
                rtl: false
            }]
        );
    }

    #[test]
    fn arabic_words_are_listed_last_first_and_kept_in_logical_order() {
        let runs = visual_runs("تقرير عن الطبقة");
        assert_eq!(texts(&runs), ["الطبقة", " ", "عن", " ", "تقرير"]);
        assert!(runs.iter().all(|r| r.rtl));
        // Each word's characters are NOT reversed: egui does that when shaping.
        assert_eq!(runs[0].text.chars().next(), Some('ا'));
    }

    #[test]
    fn mixed_line_in_rtl_paragraph() {
        let runs = visual_runs("تقرير RBSS عن الطبقة 2017");
        assert_eq!(
            runs,
            [
                VisualRun {
                    text: "2017".into(),
                    rtl: false
                },
                VisualRun {
                    text: " ".into(),
                    rtl: true
                },
                VisualRun {
                    text: "الطبقة".into(),
                    rtl: true
                },
                VisualRun {
                    text: " ".into(),
                    rtl: true
                },
                VisualRun {
                    text: "عن".into(),
                    rtl: true
                },
                VisualRun {
                    text: " ".into(),
                    rtl: true
                },
                VisualRun {
                    text: "RBSS".into(),
                    rtl: false
                },
                VisualRun {
                    text: " ".into(),
                    rtl: true
                },
                VisualRun {
                    text: "تقرير".into(),
                    rtl: true
                },
            ]
        );
        assert_eq!(seen(&runs), "2017 ةقبطلا نع RBSS ريرقت");
    }

    #[test]
    fn arabic_inside_english_paragraph() {
        let runs = visual_runs("Report on الطبقة الثانية today");
        assert_eq!(
            texts(&runs),
            ["Report on ", "الثانية", " ", "الطبقة", " today"]
        );
        assert_eq!(
            runs.iter().map(|r| r.rtl).collect::<Vec<_>>(),
            [false, true, true, true, false]
        );
    }

    #[test]
    fn brackets_and_punctuation_in_rtl_are_mirrored_and_reordered() {
        // Logical: open-paren, word, close-paren, full stop. Displayed RTL,
        // the full stop is leftmost and the brackets are mirrored.
        let runs = visual_runs("(الطبقة).");
        assert_eq!(texts(&runs), [".", "(", "الطبقة", ")"]);
        assert_eq!(seen(&runs), ".(ةقبطلا)");
        let runs = visual_runs("«نص»، نعم؟");
        assert_eq!(texts(&runs), ["؟", "نعم", " ", "،", "«", "نص", "»"]);
    }

    #[test]
    fn arabic_indic_digits_are_split_so_egui_cannot_reverse_them() {
        let runs = visual_runs("عام ٢٠١٧");
        assert_eq!(texts(&runs), ["٢", "٠", "١", "٧", " ", "عام"]);
        assert!(!runs[0].rtl);
        // European digits stay in one piece.
        assert_eq!(texts(&visual_runs("عام 2017")), ["2017", " ", "عام"]);
    }

    #[test]
    fn marks_joiners_and_emoji_stay_with_their_base() {
        let runs = visual_runs("مَدْرَسَة 👨‍👩‍👧 🇸🇾");
        assert_eq!(texts(&runs), ["🇸🇾", " ", "👨‍👩‍👧", " ", "مَدْرَسَة"]);
        // ZWNJ inside an Arabic word stays in the word.
        assert_eq!(texts(&visual_runs("می\u{200C}خواهم")), ["می\u{200C}خواهم"]);
    }

    #[test]
    fn bidi_controls_are_dropped_but_obeyed() {
        // RLI … PDI isolates an Arabic phrase inside English.
        let runs = visual_runs("Name: \u{2067}عن الطبقة\u{2069}!");
        assert_eq!(texts(&runs), ["Name: ", "الطبقة", " ", "عن", "!"]);
        assert!(runs.iter().all(|r| !r.text.contains(is_bidi_control)));
    }

    #[test]
    fn trailing_whitespace_follows_the_paragraph_direction() {
        // Rule L1: the trailing space belongs at the paragraph's end (left in RTL).
        let runs = visual_runs("نص RBSS ");
        assert_eq!(texts(&runs), [" ", "RBSS", " ", "نص"]);
    }

    #[test]
    fn several_lines_each_get_their_own_direction() {
        let runs = visual_runs("عن نص\r\nEnglish عن");
        assert_eq!(texts(&runs), ["نص", " ", "عن", "\n", "English ", "عن"]);
    }

    #[test]
    fn rows_are_reordered_separately_with_the_paragraph_direction() {
        let text = "تقرير عن RBSS Daily الطبقة";
        // Break after "عن " as a line breaker would.
        let split = text.find("RBSS").unwrap_or(0);
        let rows = visual_runs_for_rows(text, &[0..split, split..text.len()]);
        assert_eq!(texts(&rows[0]), [" ", "عن", " ", "تقرير"]);
        // Second row starts with Latin but the paragraph is still RTL, so the
        // Arabic word (read after the Latin words) is at the left.
        assert_eq!(texts(&rows[1]), ["الطبقة", " ", "RBSS Daily"]);
    }

    #[test]
    fn bad_row_ranges_do_not_panic() {
        let text = "عن RBSS";
        let rows = visual_runs_for_rows(
            text,
            &[
                1..3,
                5..500,
                Range {
                    start: 400,
                    end: 300,
                },
                0..0,
            ],
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(texts(&rows[0]), ["ع"]);
        assert!(rows[3].is_empty());
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(visual_runs("").is_empty());
        assert_eq!(texts(&visual_runs("\n")), ["\n"]);
        assert_eq!(texts(&visual_runs("\u{200F}")), Vec::<&str>::new());
        assert_eq!(texts(&visual_runs("\u{2029}x")).concat(), "\u{2029}x");
        assert_eq!(mirror_cluster(""), "");
    }
}
