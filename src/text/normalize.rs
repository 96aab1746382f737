//! Search normalisation for Arabic and English text.
//!
//! The full-text index is `SQLite` FTS5 with the `unicode61` tokenizer and
//! `remove_diacritics 2`. That tokenizer folds case and Latin accents, but it
//! knows nothing about Arabic spelling: a document typed with harakat
//! (`مَدْرَسَة`), with a hamza on the alef (`أحمد`), with a taa marbuta (`مدرسة`),
//! with Arabic-Indic digits (`٢٠١٧`) or with the definite article (`الطبقة`)
//! would not be found by someone who types the everyday bare form. So every
//! document is passed through [`normalize_for_search`] before it is indexed,
//! and every query through [`fts_query`], which applies the same rules; both
//! sides then meet on one spelling.
//!
//! The folding is deliberately lossy (ة and ه become one letter, for
//! instance). It is only used for the index: the evidence text itself is
//! never rewritten.

use std::sync::LazyLock;

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Definite-article prefixes, longest first so that `وال` is tried before `ال`.
///
/// `لل` is the article after the preposition `ل`, whose alef is dropped in
/// writing (`ل` + `الطبقة` = `للطبقة`).
const ARTICLE_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "ال", "لل"];

/// Words that start with `ال` but whose "stem" would be a different, common
/// word: the name of God (`الله` is not `ال` + `له` "to him") and relative
/// pronouns. Written as they are after normalisation.
const NOT_ARTICLE_WORDS: [&str; 11] = [
    "الله",
    "اللهم",
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "اللذين",
    "اللتين",
    "اللاتي",
    "اللايي",
];

/// Only words longer than this (in letters) are considered to carry an article:
/// a three-letter word such as `الم` or `لله` is more likely a word of its own.
const MIN_ARTICLE_WORD_LETTERS: usize = 4;

/// A stem shorter than this is not split off, so `والد` (father) and `بالغ`
/// (adult) are not mistaken for `وال`+`د` and `بال`+`غ`. Two letters keeps
/// short but important nouns such as `الحق` → `حق` (a right).
const MIN_STEM_LETTERS: usize = 2;

/// Normalises `text` for the full-text index.
///
/// The result is meant to be stored in the FTS5 table, never shown to people.
/// It applies, in order:
///
/// 1. NFKC, which folds Arabic presentation forms (`ﻷ`, `ﷲ`) and
///    compatibility characters (full-width Latin, ligatures) to ordinary text;
/// 2. lowercasing;
/// 3. removal of Arabic harakat (U+064B–U+065F), the superscript alef
///    (U+0670), Quranic annotation marks (U+06D6–U+06ED), tatweel (U+0640),
///    zero-width joiners and bidi control characters, none of which change
///    which word was written;
/// 4. letter unification: `أ إ آ ٱ` → `ا`, `ى ئ` → `ي`, `ة` → `ه`, `ؤ` → `و`
///    (and the Persian-keyboard `ی ک` → `ي ك`), the spellings people use
///    interchangeably, especially when typing without an Arabic keyboard
///    layout to hand;
/// 5. Arabic-Indic digits (`٠-٩`, `۰-۹`) → ASCII `0-9`, so a date typed
///    either way matches.
///
/// Finally every Arabic word of four or more letters that starts with a
/// definite-article prefix (`ال وال بال كال فال لل`) is followed by its stem
/// without the prefix, if that stem has at least two letters: `الطبقة`
/// becomes `الطبقه طبقه` (`الله` and the relative pronouns such as `الذي` are
/// left whole, as their "stems" are other words). The index then holds
/// both the full form and the stem, so `طبقة` finds `الطبقة`; the order of
/// words in the output does not matter to FTS5.
///
/// Everything else (punctuation, spacing, other scripts) is kept as it is.
#[must_use]
pub fn normalize_for_search(text: &str) -> String {
    // Room for the stems of words with an article.
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut word = Word::default();
    // Almost all text is already NFKC-stable: it is normalised in one pass
    // over `text` itself, checking stability (the NFKC quick check) on the way.
    if let Err(resume) = push_normalized::<true>(text, &mut out, &mut word) {
        // NFKC only changes `text` from some point on: keep what was done
        // before the ASCII character preceding that point (NFKC never carries
        // across an ASCII character), and continue on the NFKC of the rest.
        out.truncate(resume.output);
        word = resume.word;
        let rest: String = text[resume.input..].nfkc().collect();
        // Cannot fail: the NFKC quick check is not run on `rest`.
        let _ = push_normalized::<false>(&rest, &mut out, &mut word);
    }
    word.end(&mut out);
    out
}

/// The words of `text` as search sees them, each without its definite article, sorted and
/// without repeats: `الطبقة، الحي الأول` and `حي اول طبقه` give the same words. For telling
/// whether two names (two incidents' places) are the same name.
#[must_use]
pub fn bare_words(text: &str) -> Vec<String> {
    // normalize_for_search follows every word with an article by its stem: keep the stems.
    let normalized = normalize_for_search(text);
    let mut words: Vec<String> = normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && article_stem(w).is_none())
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Where [`normalize_for_search`] can resume when a text turns out not to be
/// NFKC-stable: just before an ASCII character (or at the start).
#[derive(Clone, Copy, Default)]
struct Resume {
    /// Byte offset in the input.
    input: usize,
    /// Length of the output so far.
    output: usize,
    /// The word being written at that point.
    word: Word,
}

/// Appends the search form of `text` to `out`, in one pass: steps 2–5 of
/// [`normalize_for_search`] (the same rules as [`normalize_chars`]) and the
/// stems of words with an article. `word` is the word being written at the
/// end of `out`; the last word of `text` is left unfinished in it.
///
/// With `CHECK_NFKC`, `text` is also run through the NFKC quick check
/// (<https://unicode.org/reports/tr15/#Detecting_Normalization_Forms>, as
/// `unicode_normalization::is_nfkc_quick` does it). If `text` is not
/// certainly NFKC-stable, this stops at the first character that fails and
/// returns the last place before it where the work can be resumed on the NFKC
/// of the rest of `text`. Without `CHECK_NFKC`, `text` must be in NFKC.
fn push_normalized<const CHECK_NFKC: bool>(
    text: &str,
    out: &mut String,
    word: &mut Word,
) -> Result<(), Resume> {
    let table: &[CharInfo; TABLE_LEN] = &CHAR_INFO;
    let mut resume = Resume::default();
    // Canonical combining class of the previous character (quick check).
    let mut last_ccc = 0u8;
    for (at, c) in text.char_indices() {
        if c.is_ascii() {
            // ASCII is NFKC-stable, never ignorable or folded, a letter or
            // digit exactly when ASCII-alphanumeric, and never Arabic. No
            // character composes with an ASCII character, and it is a starter
            // (combining class 0), so NFKC can be applied separately to the text
            // before it and the text from it on.
            if CHECK_NFKC {
                last_ccc = 0;
            }
            if c.is_ascii_alphanumeric() {
                word.push_letter(out.len(), false);
                out.push(c.to_ascii_lowercase());
            } else {
                if CHECK_NFKC {
                    // (Only at spaces and punctuation, which are frequent enough.)
                    resume = Resume {
                        input: at,
                        output: out.len(),
                        word: *word,
                    };
                }
                word.end(out);
                out.push(c);
            }
            continue;
        }
        let info = table.get(c as usize).copied();
        if CHECK_NFKC {
            let (ccc, stable) = match info {
                Some(info) => (info.ccc, info.flags & NFKC_YES != 0),
                None => (
                    canonical_combining_class(c),
                    is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes,
                ),
            };
            if !stable || (last_ccc > ccc && ccc != 0) {
                return Err(resume);
            }
            last_ccc = ccc;
        }
        match info {
            Some(info) if info.flags & (IGNORABLE | SEVERAL) == 0 => {
                if info.flags & TOKEN != 0 {
                    word.push_letter(out.len(), info.flags & ARABIC != 0);
                } else {
                    word.end(out);
                }
                out.push(info.folded);
            }
            Some(info) if info.flags & IGNORABLE != 0 => {}
            _ => {
                for lower in c.to_lowercase() {
                    if is_ignorable(lower) {
                        continue;
                    }
                    let folded = fold_char(lower);
                    if is_token_char(folded) {
                        word.push_letter(out.len(), is_arabic_letter(folded));
                    } else {
                        word.end(out);
                    }
                    out.push(folded);
                }
            }
        }
    }
    Ok(())
}

/// The word being written at the end of the output of [`push_normalized`].
#[derive(Clone, Copy, Default)]
struct Word {
    /// Where it starts in the output, if a word is being written.
    start: Option<usize>,
    /// How many characters (letters, digits, marks) it has so far.
    letters: usize,
    /// Whether they are all Arabic letters.
    arabic: bool,
}

impl Word {
    /// One more word character, about to be written at `at`.
    fn push_letter(&mut self, at: usize, arabic: bool) {
        if self.start.is_none() {
            self.start = Some(at);
            self.letters = 0;
            self.arabic = true;
        }
        self.letters += 1;
        self.arabic &= arabic;
    }

    /// The word (if any) is complete: appends its stem to `out` if it has one.
    fn end(&mut self, out: &mut String) {
        let Some(start) = self.start.take() else {
            return;
        };
        if !self.arabic || self.letters < MIN_ARTICLE_WORD_LETTERS {
            return;
        }
        if let Some(stem) = stem_after_article(&out[start..]) {
            let end = out.len();
            let stem_start = end - stem.len();
            out.push(' ');
            out.extend_from_within(stem_start..end);
        }
    }
}

/// Non-ASCII characters below this have their normalisation precomputed in
/// [`CHAR_INFO`] (Latin, Greek, Cyrillic, Hebrew and the main Arabic block).
const TABLE_LEN: usize = 0x800;

/// [`CharInfo::flags`]: the character is NFKC-stable (quick check "yes").
const NFKC_YES: u8 = 1;
/// The character is removed ([`is_ignorable`] after lowercasing).
const IGNORABLE: u8 = 2;
/// The character lowercases to several characters: not precomputed.
const SEVERAL: u8 = 4;
/// The folded character belongs in a word ([`is_token_char`]).
const TOKEN: u8 = 8;
/// The folded character is an Arabic letter ([`is_arabic_letter`]).
const ARABIC: u8 = 16;

/// What [`normalize_for_search`] does with one character, precomputed from
/// the rule functions.
#[derive(Clone, Copy)]
struct CharInfo {
    /// The character lowercased and folded ([`fold_char`]), unless
    /// `IGNORABLE` or `SEVERAL`.
    folded: char,
    /// `NFKC_YES`, `IGNORABLE`, `SEVERAL`, `TOKEN`, `ARABIC`.
    flags: u8,
    /// Canonical combining class (for the NFKC quick check).
    ccc: u8,
}

static CHAR_INFO: LazyLock<[CharInfo; TABLE_LEN]> = LazyLock::new(|| {
    let mut table = [CharInfo {
        folded: '\0',
        flags: 0,
        ccc: 0,
    }; TABLE_LEN];
    for (code, info) in (0u32..).zip(table.iter_mut()) {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        info.ccc = canonical_combining_class(c);
        if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
            info.flags |= NFKC_YES;
        }
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(lower), None) if is_ignorable(lower) => info.flags |= IGNORABLE,
            (Some(lower), None) => {
                info.folded = fold_char(lower);
                if is_token_char(info.folded) {
                    info.flags |= TOKEN;
                }
                if is_arabic_letter(info.folded) {
                    info.flags |= ARABIC;
                }
            }
            _ => info.flags |= SEVERAL,
        }
    }
    table
});

/// Turns what a person typed into a safe FTS5 `MATCH` expression, or `None`
/// when there is nothing to search for (empty input, only punctuation, …).
///
/// Input is normalised with the same character rules as
/// [`normalize_for_search`], split into words on everything that is not a
/// letter, digit or combining mark, and each word becomes a double-quoted
/// FTS5 string with a trailing `*`, so results appear while the person is
/// still typing. Words are joined with `AND`: every word must occur. (An
/// explicit `AND` rather than FTS5's implicit one, because FTS5 rejects the
/// implicit form in front of a parenthesised group: `"a"* ("b"* OR "c")` is a
/// syntax error.)
///
/// Because every word is quoted and quotes inside are doubled, nothing a
/// person types can be read as FTS5 syntax (`AND`, `NEAR(`, `col:`, `^`,
/// `-`, stray quotes or parentheses): the expression is always valid.
///
/// # Words with the Arabic article
///
/// The index holds both `الطبقه` and `طبقه` for a document that says
/// `الطبقة`. A query word carrying an article becomes
/// `("الطبقه"* OR "طبقه")`:
///
/// - the full form as a prefix still works while typing (`الطب` → `الطبقة`);
/// - the bare stem, matched exactly, finds both `الطبقة` (through the indexed
///   stem) and documents that only say `طبقة`, as an Arabic reader expects.
///
/// The stem is deliberately *not* used as a prefix: short stems would match
/// far too much (`الحق` → `حق*` would find `حقيبة` "bag" and `حقل` "field";
/// `والده` → `ده*` even more).
#[must_use]
pub fn fts_query(user_input: &str) -> Option<String> {
    let normalized = normalize_chars(user_input);
    let terms: Vec<String> = normalized
        .split(|c: char| !is_token_char(c))
        .filter(|word| !word.is_empty())
        .map(|word| match article_stem(word) {
            Some(stem) => format!("({}* OR {})", fts_string(word), fts_string(stem)),
            None => format!("{}*", fts_string(word)),
        })
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" AND "))
    }
}

/// Steps 1–5 of [`normalize_for_search`], without adding stems.
fn normalize_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if is_ignorable(c) {
            continue;
        }
        out.push(fold_char(c));
    }
    out
}

/// Characters removed before indexing: they do not change which word was
/// written, but they would split a word in two or stop a match.
fn is_ignorable(c: char) -> bool {
    matches!(c,
        // Arabic harakat, tanween, shadda, sukun, hamza/madda marks, …
        '\u{064B}'..='\u{065F}'
        // Superscript (dagger) alef
        | '\u{0670}'
        // Quranic annotation marks
        | '\u{06D6}'..='\u{06ED}'
        // Tatweel (kashida): pure stretching
        | '\u{0640}'
        // Zero-width non-joiner / joiner, word joiner, zero-width no-break space (BOM)
        | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        // Bidi marks, embeddings/overrides, isolates, Arabic letter mark
        | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}'
    )
}

/// Maps one (already lowercased) character to its search spelling.
fn fold_char(c: char) -> char {
    match c {
        // Alef with hamza above/below, with madda, wasla, wavy hamza
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        // Alef maqsura and yeh with hamza; Persian/Urdu yeh typed on Persian layouts
        'ى' | 'ئ' | '\u{06CC}' => 'ي',
        // Taa marbuta is spelt ه as often as ة
        'ة' => 'ه',
        'ؤ' => 'و',
        // Keheh (Persian kaf) typed on Persian layouts
        '\u{06A9}' => 'ك',
        // Arabic-Indic and Extended Arabic-Indic (Persian/Urdu) digits
        '\u{0660}'..='\u{0669}' => ascii_digit(c, '\u{0660}'),
        '\u{06F0}'..='\u{06F9}' => ascii_digit(c, '\u{06F0}'),
        _ => c,
    }
}

/// `c` is in the ten-digit block starting at `zero`; returns the ASCII digit.
fn ascii_digit(c: char, zero: char) -> char {
    let offset = u32::from(c).saturating_sub(u32::from(zero));
    char::from_digit(offset, 10).unwrap_or(c)
}

/// Whether `c` belongs inside a word.
///
/// This must never split where FTS5's `unicode61` tokenizer would not
/// (letters, digits, private-use characters; combining marks are kept
/// with their letter too). Splitting *less* than FTS5 is harmless: a quoted
/// query word that FTS5 splits further becomes a phrase, which still matches
/// the same text.
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric()
        || is_combining_mark(c)
        || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// Arabic letters (after normalisation, so digits and harakat are gone).
fn is_arabic_letter(c: char) -> bool {
    let in_arabic_blocks = matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}');
    in_arabic_blocks && c.is_alphabetic()
}

/// The stem of an Arabic word that starts with a definite article, if it has
/// one; `word` must already be normalised.
fn article_stem(word: &str) -> Option<&str> {
    if word.chars().count() < MIN_ARTICLE_WORD_LETTERS || !word.chars().all(is_arabic_letter) {
        return None;
    }
    stem_after_article(word)
}

/// [`article_stem`] for a `word` known to be made of at least
/// [`MIN_ARTICLE_WORD_LETTERS`] Arabic letters.
fn stem_after_article(word: &str) -> Option<&str> {
    if NOT_ARTICLE_WORDS.contains(&word) {
        return None;
    }
    ARTICLE_PREFIXES.iter().find_map(|prefix| {
        word.strip_prefix(prefix)
            .filter(|stem| stem.chars().count() >= MIN_STEM_LETTERS)
    })
}

/// Quotes `s` as an FTS5 string: wrapped in `"`, with any `"` doubled.
fn fts_string(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    // ---------------------------------------------------------------------
    // The straightforward implementation `normalize_for_search` had before it
    // was optimised, kept as the reference the fast version must agree with
    // exactly (same output string for every input). It uses the same rule
    // functions (`is_ignorable`, `fold_char`, `is_token_char`, `article_stem`).

    fn reference_normalize(text: &str) -> String {
        let normalized = normalize_chars(text);
        let mut out = String::with_capacity(normalized.len() + normalized.len() / 2);
        let mut word = String::new();
        for c in normalized.chars() {
            if is_token_char(c) {
                word.push(c);
                continue;
            }
            reference_flush_word_with_stem(&mut out, &mut word);
            out.push(c);
        }
        reference_flush_word_with_stem(&mut out, &mut word);
        out
    }

    fn reference_flush_word_with_stem(out: &mut String, word: &mut String) {
        if word.is_empty() {
            return;
        }
        out.push_str(word);
        if let Some(stem) = article_stem(word) {
            out.push(' ');
            out.push_str(stem);
        }
        word.clear();
    }

    fn assert_same_as_reference(input: &str) {
        assert_eq!(
            normalize_for_search(input),
            reference_normalize(input),
            "input {input:?} ({:x?})",
            input.chars().map(u32::from).collect::<Vec<_>>()
        );
    }

    /// Hand-picked texts covering every rule and the places where the fast
    /// paths switch (ASCII runs, characters that are not NFKC-stable, …).
    const EQUIVALENCE_CORPUS: &[&str] = &[
        "",
        " ",
        "a",
        "A",
        "ا",
        "مَدْرَسَة",
        "مُحَمَّدٌ",
        // Shadda and fatha in both orders (canonical reordering under NFKC).
        "مَّحمد",
        "مَّ",
        "م\u{0651}\u{064E}",
        "م\u{064E}\u{0651}",
        "هٰذا",
        "رَحِيمِۖ",
        "كـــتاب",
        "ـالطبقة",
        "الـطبقة",
        "أحمد إسلام آمنة ٱسم",
        "\u{0627}\u{0654}حمد",
        "\u{0627}\u{0653}",
        "\u{0648}\u{0654}",
        "\u{064A}\u{0654}",
        "\u{0627}\u{0655}",
        "\u{0672}\u{0673}",
        "مدرسة مدرسه على مسئول مؤتمر کی ک ی",
        "\u{FEF7}",
        "\u{FDF2}",
        "\u{FE8F}\u{FED9}",
        "ﻷ ﷲ ﷺ ﻻ ﺍﻟﻄﺒﻘﺔ",
        "\u{FDF2}ﷲ",
        "ﺍﻟﻠﻪ ﺍﻟﺬﻱ",
        "٢٠١٧ ۲۰۱۷ ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹",
        "ال٢٠١٧",
        "ال2017",
        "الطبقة٢",
        "ab\u{200C}c\u{200D}d",
        "\u{202B}نص\u{202C} \u{2067}x\u{2069}\u{200E}\u{200F}\u{061C}",
        "ال\u{200C}طبقة",
        "ال\u{200F}طبقة",
        "\u{FEFF}الطبقة\u{2060}",
        "Human RIGHTS Watch",
        "Café, 2017!",
        "Cafe\u{0301}",
        "ＲＢＳＳ ﬁle",
        "ＡＢＣ１２３ ａｂｃ",
        "الطبقة والطبقة بالطبقة كالطبقة فالطبقة للطبقة",
        "الحق في الطبقة الثانية.",
        "اَلْطَّبَقَةُ",
        "الم لله والد بالغ وال بال كال فال ال لل",
        "والدي بالغين كالبحر فالبحر للبحر",
        "الله اللهم الذي التي الذين اللذان اللتان اللذين اللتين اللاتي اللايي",
        "اللّه اللَّهُمَّ الَّذِي الَّتِي الّذين",
        "والله بالله لله للذي",
        "الاتي اللائي",
        "Alqaeda al-Qaeda AL",
        "الطبقةx xالطبقة الطبقةé",
        "الطبقة\u{0301}",
        "ال\u{0301}طبقة",
        "ابجد ابج اب",
        "ااااا لللل للل",
        "\u{0750}\u{0751}الطبقة \u{08A0}الب",
        "الݐݑ الࢠࢡ",
        "ال\u{06C1}\u{06D5} ال\u{06BE}\u{06D2}",
        "ال\u{06EE}\u{06EF}",
        "الطبقة،الثانية؟ «الرقة» (الحي) [الأول]",
        "…،؟!؛",
        "😀",
        "😀الطبقة😀",
        "👨\u{200D}👩\u{200D}👧 👍🏽",
        "human😀rights",
        "e\u{0301} \u{0301} a\u{0308}\u{0323} a\u{0323}\u{0308}",
        "\u{0B3F} \u{0B47}\u{0B3E}",
        // Marks that are kept, out of canonical order (NFKC reorders them).
        "x\u{0350}\u{0316} x\u{0316}\u{0350}",
        "ب\u{0610}\u{0618}ب ب\u{0618}\u{0610}ب",
        "الطبقة\u{061A}\u{0619} ال\u{08E4}\u{08E3}طبقة",
        "\u{E000}\u{F8FF}\u{F0000}\u{10FFFD}",
        "ال\u{E000}طبقة",
        "ǅ İstanbul ß ẞ Σ ς Ⱥ Ⱦ \u{0130}",
        "ﬀ ﬃ ½ ² ℌ Å Ω ㅤ",
        "\u{00A0}\u{2000}\u{3000}\u{202F}",
        "한국어 \u{1100}\u{1161}\u{11A8}",
        "中文 日本語 Русский Ελληνικά עברית",
        "a\tb\nc\r\nd",
        "\u{0}\u{7F}\u{80}\u{9F}",
        "\u{FFFD}\u{FFFF}\u{10FFFF}",
        "\u{0378}\u{0BFF}",
        "witness الطبقة Tabqa ٢٠١٧, المخبز bakery والده",
    ];

    #[test]
    fn same_output_as_reference_on_corpus() {
        for input in EQUIVALENCE_CORPUS {
            assert_same_as_reference(input);
        }
        // Every pair of corpus entries, joined with and without a space.
        for a in EQUIVALENCE_CORPUS {
            for b in EQUIVALENCE_CORPUS {
                assert_same_as_reference(&format!("{a}{b}"));
                assert_same_as_reference(&format!("{a} {b}"));
            }
        }
    }

    #[test]
    fn same_output_as_reference_on_every_char() {
        // Scalar values alone, next to marks, and inside Arabic and Latin words.
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            // All of the BMP below U+3000 and from U+F900 (Arabic
            // presentation forms, specials), every seventh code point elsewhere.
            let code = u32::from(c);
            if code < 0x3000 || (0xF900..0x1_0000).contains(&code) || code % 7 == 0 {
                assert_same_as_reference(&format!("{c}"));
                assert_same_as_reference(&format!(
                    "ال{c}طبقة {c}الطبقة الطبقة{c} a{c}b {c}\u{0301}"
                ));
            }
        }
    }

    /// Characters and fragments that exercise every rule, for random texts.
    #[rustfmt::skip]
    const RANDOM_POOL: &[&str] = &[
        " ", " ", " ", "  ", ",", ".", "!", "?", "-", "'", "\"", "(", ")", "\t", "\n",
        "a", "b", "e", "l", "z", "A", "L", "Q", "Z", "0", "1", "7", "9",
        "ا", "ل", "و", "ب", "ك", "ف", "ط", "ق", "ه", "ة", "م", "د", "ر", "س", "ن", "ي",
        "ى", "ئ", "ؤ", "أ", "إ", "آ", "ٱ", "ء", "ذ", "ت", "ح", "ع", "غ", "ش", "ص",
        "ال", "ال", "ال", "وال", "بال", "كال", "فال", "لل", "الله", "اللهم", "الذي",
        "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللاتي", "اللايي",
        "طبقة", "مدرسة", "حق", "د", "غ",
        "\u{064B}", "\u{064E}", "\u{064F}", "\u{0650}", "\u{0651}", "\u{0652}",
        "\u{0653}", "\u{0654}", "\u{0655}", "\u{0670}", "\u{06D6}", "\u{06ED}",
        "\u{0640}", "\u{0672}", "\u{0673}", "\u{06CC}", "\u{06A9}", "\u{06C1}",
        "\u{0750}", "\u{08A0}", "\u{0610}", "\u{0618}", "\u{061A}", "\u{08E3}", "\u{08E4}",
        "\u{0316}", "\u{0350}",
        "٠", "١", "٢", "٩", "۰", "۲", "۹",
        "\u{FEF7}", "\u{FEFB}", "\u{FDF2}", "\u{FDFA}", "\u{FE8F}", "\u{FED9}", "\u{FE8D}",
        "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{200E}", "\u{200F}",
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}",
        "\u{2067}", "\u{2068}", "\u{2069}", "\u{061C}",
        "😀", "👍", "🏽", "، ", "؟", "«", "»",
        "Ａ", "ｂ", "１", "ﬁ", "½", "²", "Å", "ℌ", "\u{00A0}", "\u{3000}",
        "\u{0301}", "\u{0308}", "\u{0323}", "\u{0327}", "é", "É", "ß", "İ", "ǅ", "Σ",
        "Ⱥ", "\u{0B3F}", "\u{0B47}", "\u{0B3E}", "한", "\u{1100}", "\u{1161}", "\u{11A8}",
        "中", "\u{E000}", "\u{F0000}", "\u{FFFD}", "\u{0}",
    ];

    #[test]
    fn same_output_as_reference_on_random_strings() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            // xorshift64
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = usize::try_from(next() % 24).expect("small");
            let mut input = String::new();
            for _ in 0..len {
                input.push_str(
                    RANDOM_POOL[usize::try_from(next() % RANDOM_POOL.len() as u64).expect("small")],
                );
            }
            assert_same_as_reference(&input);
        }
    }

    /// The words FTS5 would index from a normalised text (roughly: split on
    /// non-word characters). Enough to check what the index will contain.
    fn words(s: &str) -> Vec<&str> {
        s.split(|c: char| !is_token_char(c))
            .filter(|w| !w.is_empty())
            .collect()
    }

    #[test]
    fn harakat_are_stripped() {
        assert_eq!(normalize_for_search("مَدْرَسَة"), normalize_for_search("مدرسة"));
        assert_eq!(normalize_for_search("مَدْرَسَة"), "مدرسه");
        // Shadda, tanween, superscript alef, Quranic marks, tatweel
        assert_eq!(normalize_for_search("مُحَمَّدٌ"), "محمد");
        assert_eq!(normalize_for_search("هٰذا"), "هذا");
        assert_eq!(normalize_for_search("رَحِيمِۖ"), "رحيم");
        assert_eq!(normalize_for_search("كـــتاب"), "كتاب");
    }

    #[test]
    fn alef_variants_are_unified() {
        assert_eq!(normalize_for_search("أحمد"), "احمد");
        assert_eq!(normalize_for_search("إسلام"), "اسلام");
        assert_eq!(normalize_for_search("آمنة"), "امنه");
        assert_eq!(normalize_for_search("ٱسم"), "اسم");
        // Decomposed alef + combining hamza composes under NFKC first.
        assert_eq!(normalize_for_search("\u{0627}\u{0654}حمد"), "احمد");
    }

    #[test]
    fn yeh_waw_and_taa_marbuta_are_unified() {
        assert_eq!(normalize_for_search("مدرسة"), normalize_for_search("مدرسه"));
        assert_eq!(normalize_for_search("على"), "علي");
        assert_eq!(normalize_for_search("مسئول"), "مسيول");
        assert_eq!(normalize_for_search("مؤتمر"), "موتمر");
        assert_eq!(normalize_for_search("کی"), "كي");
    }

    #[test]
    fn presentation_forms_fold() {
        // ﻷ (lam-alef with hamza ligature) and ﷲ (Allah ligature)
        assert_eq!(normalize_for_search("\u{FEF7}"), "لا");
        assert_eq!(normalize_for_search("\u{FDF2}"), "الله");
        // Isolated-form letters ﺏ ﻙ
        assert_eq!(normalize_for_search("\u{FE8F}\u{FED9}"), "بك");
    }

    #[test]
    fn arabic_indic_digits_become_ascii() {
        assert_eq!(normalize_for_search("٢٠١٧"), "2017");
        assert_eq!(normalize_for_search("۲۰۱۷"), "2017");
        assert_eq!(
            normalize_for_search("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹"),
            "0123456789 0123456789"
        );
    }

    #[test]
    fn invisible_controls_are_removed() {
        assert_eq!(normalize_for_search("ab\u{200C}c\u{200D}d"), "abcd");
        assert_eq!(
            normalize_for_search("\u{202B}نص\u{202C} \u{2067}x\u{2069}\u{200E}\u{200F}\u{061C}"),
            "نص x"
        );
    }

    #[test]
    fn english_is_lowercased_and_otherwise_kept() {
        assert_eq!(
            normalize_for_search("Human RIGHTS Watch"),
            "human rights watch"
        );
        assert_eq!(normalize_for_search("Café, 2017!"), "café, 2017!");
        // NFKC folds full-width Latin and ligatures
        assert_eq!(normalize_for_search("ＲＢＳＳ ﬁle"), "rbss file");
    }

    #[test]
    fn bare_words_ignore_the_article_order_and_punctuation() {
        assert_eq!(bare_words("الطبقة، الحي الأول"), bare_words("حي أول طبقة"));
        assert_eq!(
            bare_words("Al Badya School"),
            bare_words("al badya  school.")
        );
        assert_ne!(bare_words("الطبقة"), bare_words("المنصورة"));
        assert!(bare_words(" ، ").is_empty());
    }

    #[test]
    fn article_stems_are_appended() {
        assert_eq!(normalize_for_search("الطبقة"), "الطبقه طبقه");
        assert_eq!(normalize_for_search("والطبقة"), "والطبقه طبقه");
        assert_eq!(normalize_for_search("بالطبقة"), "بالطبقه طبقه");
        assert_eq!(normalize_for_search("كالطبقة"), "كالطبقه طبقه");
        assert_eq!(normalize_for_search("فالطبقة"), "فالطبقه طبقه");
        assert_eq!(normalize_for_search("للطبقة"), "للطبقه طبقه");
        assert_eq!(normalize_for_search("الحق"), "الحق حق");
        assert_eq!(
            normalize_for_search("في الطبقة الثانية."),
            "في الطبقه طبقه الثانيه ثانيه."
        );
        // Diacritics do not hide the article.
        assert_eq!(normalize_for_search("اَلْطَّبَقَةُ"), "الطبقه طبقه");
    }

    #[test]
    fn short_words_and_false_articles_are_left_alone() {
        // Three letters or fewer: not split.
        assert_eq!(normalize_for_search("الم"), "الم");
        assert_eq!(normalize_for_search("لله"), "لله");
        // Stem would be a single letter.
        assert_eq!(normalize_for_search("والد"), "والد");
        assert_eq!(normalize_for_search("بالغ"), "بالغ");
        // The name of God and relative pronouns are not article + word.
        assert_eq!(normalize_for_search("الله"), "الله");
        assert_eq!(normalize_for_search("اللهم"), "اللهم");
        assert_eq!(normalize_for_search("الذي التي"), "الذي التي");
        // Mixed-script or digit-bearing words are not Arabic words.
        assert_eq!(normalize_for_search("ال2017"), "ال2017");
        // Latin words starting with "al" are untouched.
        assert_eq!(normalize_for_search("Alqaeda"), "alqaeda");
    }

    #[test]
    fn query_quotes_and_prefixes_every_word() {
        assert_eq!(
            fts_query("Human rights").as_deref(),
            Some("\"human\"* AND \"rights\"*")
        );
        assert_eq!(fts_query("مَدْرَسَة").as_deref(), Some("\"مدرسه\"*"));
        assert_eq!(
            fts_query("أحمد ٢٠١٧").as_deref(),
            Some("\"احمد\"* AND \"2017\"*")
        );
        assert_eq!(
            fts_query("تقرير الطبقة").as_deref(),
            Some("\"تقرير\"* AND (\"الطبقه\"* OR \"طبقه\")")
        );
        assert_eq!(
            fts_query("الطبقة").as_deref(),
            Some("(\"الطبقه\"* OR \"طبقه\")")
        );
        assert_eq!(fts_query("طبقة").as_deref(), Some("\"طبقه\"*"));
        // Typing-as-you-go: a short partial word is left as a plain prefix.
        assert_eq!(fts_query("الط").as_deref(), Some("\"الط\"*"));
    }

    #[test]
    fn query_neutralises_fts_syntax() {
        assert_eq!(
            fts_query("a AND b").as_deref(),
            Some("\"a\"* AND \"and\"* AND \"b\"*")
        );
        assert_eq!(
            fts_query("NEAR(a b)").as_deref(),
            Some("\"near\"* AND \"a\"* AND \"b\"*")
        );
        assert_eq!(
            fts_query("title:x").as_deref(),
            Some("\"title\"* AND \"x\"*")
        );
        assert_eq!(
            fts_query("-x ^y \"z").as_deref(),
            Some("\"x\"* AND \"y\"* AND \"z\"*")
        );
    }

    #[test]
    fn query_without_words_is_none() {
        for input in [
            "",
            "   ",
            "\"",
            "*",
            "-",
            "^",
            ":",
            "(",
            ")",
            "\"\"",
            "…،؟!",
            "😀",
            "\u{200F}\u{0640}",
        ] {
            assert_eq!(fts_query(input), None, "input {input:?}");
        }
    }

    #[test]
    fn fts_string_doubles_quotes() {
        assert_eq!(fts_string("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn output_words_contain_both_forms() {
        let indexed = normalize_for_search("تقرير RBSS عن الطبقة ٢٠١٧");
        assert_eq!(
            words(&indexed),
            ["تقرير", "rbss", "عن", "الطبقه", "طبقه", "2017"]
        );
    }

    // ---------------------------------------------------------------------
    // End-to-end: the same FTS5 configuration the vault uses.

    use rusqlite::Connection;

    struct Index {
        conn: Connection,
    }

    impl Index {
        fn new(docs: &[(i64, &str)]) -> Index {
            let conn = Connection::open_in_memory().expect("open in-memory db");
            // Same shape as the catalogue's `items_fts`: contentless, since
            // only the normalised text (never shown) is indexed.
            conn.execute_batch(
                "CREATE VIRTUAL TABLE docs USING fts5(body, content='', contentless_delete=1, \
                 tokenize='unicode61 remove_diacritics 2');",
            )
            .expect("create fts5 table");
            for (id, body) in docs {
                conn.execute(
                    "INSERT INTO docs(rowid, body) VALUES (?1, ?2)",
                    rusqlite::params![id, normalize_for_search(body)],
                )
                .expect("insert");
            }
            Index { conn }
        }

        /// Row ids matching what a person typed (empty if no query).
        fn search(&self, typed: &str) -> Vec<i64> {
            self.try_search(typed)
                .unwrap_or_else(|e| panic!("query for {typed:?} failed: {e}"))
        }

        fn try_search(&self, typed: &str) -> rusqlite::Result<Vec<i64>> {
            let Some(query) = fts_query(typed) else {
                return Ok(Vec::new());
            };
            let mut stmt = self
                .conn
                .prepare("SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rowid")?;
            let rows = stmt.query_map([query], |row| row.get(0))?;
            rows.collect()
        }
    }

    fn corpus() -> Index {
        Index::new(&[
            (1, "زيارة إلى المَدْرَسَة في حلب"),
            (2, "شهادة أحمد عن القصف"),
            (3, "تقرير RBSS عن الطبقة ٢٠١٧"),
            (4, "طبقة من الغبار على الجدار"),
            (5, "Human Rights Watch interview, Café Damascus"),
            (6, "حقيبة تحتوي على وثائق"),
            (7, "الحق في الحياة"),
            (8, "ذهب إلى مدرسة القرية مع والده"),
        ])
    }

    #[test]
    fn fts5_finds_arabic_as_people_type_it() {
        let idx = corpus();
        // Diacritics in the document, bare query (and the other way round).
        assert_eq!(idx.search("مدرسة"), [1, 8]);
        assert_eq!(idx.search("مَدْرَسَة"), [1, 8]);
        // Alef variants.
        assert_eq!(idx.search("احمد"), [2]);
        assert_eq!(idx.search("أحمد"), [2]);
        assert_eq!(idx.search("إحمد"), [2]);
        // Taa marbuta typed as heh.
        assert_eq!(idx.search("شهاده"), [2]);
        // Article: both the bare and the definite form find both documents.
        assert_eq!(idx.search("طبقة"), [3, 4]);
        assert_eq!(idx.search("الطبقة"), [3, 4]);
        // …but a short stem is not used as a prefix: "الحق" is not "حقيبة".
        assert_eq!(idx.search("الحق"), [7]);
        assert_eq!(idx.search("حق"), [6, 7]);
        // Typing-as-you-go on a definite word.
        assert_eq!(idx.search("الطب"), [3]);
        assert_eq!(idx.search("طب"), [3, 4]);
        // Digits typed either way.
        assert_eq!(idx.search("2017"), [3]);
        assert_eq!(idx.search("٢٠١٧"), [3]);
        assert_eq!(idx.search("۲۰۱۷"), [3]);
        // Several words: all must match.
        assert_eq!(idx.search("تقرير الطبقة"), [3]);
        assert_eq!(idx.search("تقرير الغبار"), Vec::<i64>::new());
        // Multi-word with "والده" does not turn into a broad "ده*".
        assert_eq!(idx.search("والده"), [8]);
    }

    #[test]
    fn fts5_finds_english_case_and_accent_insensitively() {
        let idx = corpus();
        assert_eq!(idx.search("human rights"), [5]);
        assert_eq!(idx.search("HUMAN"), [5]);
        assert_eq!(idx.search("hum"), [5]);
        assert_eq!(idx.search("cafe"), [5]);
        assert_eq!(idx.search("CAFÉ"), [5]);
        assert_eq!(idx.search("rbss"), [3]);
    }

    #[test]
    fn fts5_never_sees_a_syntax_error() {
        let idx = corpus();
        let hostile = [
            "\"",
            "\"\"",
            "\"human",
            "human\"",
            "*",
            "**",
            "hum*",
            "*hum",
            "NEAR(",
            "NEAR(human rights",
            "NEAR(human, 5)",
            "AND",
            "OR",
            "NOT",
            "AND OR NOT",
            "human AND",
            "OR human",
            "NOT human",
            "-",
            "-human",
            "^",
            "^human",
            ":",
            "body:",
            "body:human",
            "{body}: human",
            "(",
            ")",
            "((",
            "human)",
            "(human",
            "+",
            "a + b",
            "😀",
            "😀 human 😀",
            "human😀rights",
            "\u{0}",
            "\\",
            "'",
            "';DROP TABLE docs;--",
            "\u{202E}namuh",
            "\u{0301}",
            "e\u{0301}",
            "\u{0B3F}",
            "\u{E000}",
            "ﷺ",
            "ㅤ",
            "\u{FFFD}",
            "a\tb\nc\r\nd",
            "ǅ",
            "İstanbul",
            "ß",
        ];
        for typed in hostile {
            if let Err(e) = idx.try_search(typed) {
                panic!("{typed:?} → {:?} gave {e}", fts_query(typed));
            }
        }
        // A long query stays valid too.
        let long = "human ".repeat(500);
        assert_eq!(idx.search(&long), [5]);
        let long_arabic = "الطبقة ".repeat(500);
        assert_eq!(idx.search(&long_arabic), [3, 4]);
        // Every single printable ASCII character and some pairs.
        for a in ' '..='~' {
            for b in [' ', '"', '*', '(', ')', 'x', ':'] {
                let typed = format!("{a}{b}human{a}");
                assert!(
                    idx.try_search(&typed).is_ok(),
                    "{typed:?} → {:?}",
                    fts_query(&typed)
                );
            }
        }
        // Deterministic fuzz over an alphabet of syntax characters, letters,
        // marks and controls.
        let alphabet: Vec<char> =
            "\"*()^:-+,.{}[] \t\nAaNnEeRrOoTtDd0١ال طبقةَّ\u{200F}\u{202E}\u{0301}\u{E000}😀ﷺ"
                .chars()
                .collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let len = (seed % 12) as usize + 1;
            let typed: String = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            assert!(
                idx.try_search(&typed).is_ok(),
                "{typed:?} → {:?}",
                fts_query(&typed)
            );
        }
    }
}
