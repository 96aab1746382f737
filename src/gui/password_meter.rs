//! Passphrase strength, estimated with zxcvbn and shown as a bar with plain advice.

use std::hash::{DefaultHasher, Hash, Hasher};

use eframe::egui;
use zxcvbn::feedback::{Suggestion, Warning};

use super::i18n::t;
use super::widgets::{ERROR_COLOR, OK_COLOR, WARN_COLOR};

/// The lowest zxcvbn score (0–4) accepted for a new vault's passphrase.
pub const MIN_SCORE: u8 = 2;

#[derive(Clone, Debug, Default)]
pub struct Strength {
    pub score: u8,
    /// zxcvbn's feedback, kept as its codes so that it is worded in the language shown now.
    warning: Option<Warning>,
    suggestions: Vec<Suggestion>,
}

impl Strength {
    /// zxcvbn's warning and suggestions as one line in the interface's language (none: nothing to
    /// say).
    pub fn advice(&self) -> Option<String> {
        let parts: Vec<String> = self
            .warning
            .map(warning_text)
            .into_iter()
            .chain(self.suggestions.iter().map(|s| suggestion_text(*s)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Remembers the last estimate (by hash, not by text) so it is not recomputed every frame.
#[derive(Default)]
pub struct Meter {
    key: u64,
    last: Strength,
}

impl Meter {
    pub fn measure(&mut self, passphrase: &str, user_inputs: &[&str]) -> Strength {
        let mut h = DefaultHasher::new();
        passphrase.hash(&mut h);
        user_inputs.hash(&mut h);
        let key = h.finish();
        if key != self.key {
            self.key = key;
            self.last = estimate(passphrase, user_inputs);
        }
        self.last.clone()
    }
}

fn estimate(passphrase: &str, user_inputs: &[&str]) -> Strength {
    if passphrase.is_empty() {
        return Strength::default();
    }
    let entropy = zxcvbn::zxcvbn(passphrase, user_inputs);
    let score = u8::from(entropy.score());
    let (warning, suggestions) = entropy
        .feedback()
        .map(|f| (f.warning(), f.suggestions().to_vec()))
        .unwrap_or_default();
    Strength {
        score,
        warning,
        suggestions,
    }
}

/// zxcvbn's warnings (a closed set; the crate words them in English only).
fn warning_text(w: Warning) -> String {
    match w {
        Warning::StraightRowsOfKeysAreEasyToGuess => t!("meter-warning-straight-rows"),
        Warning::ShortKeyboardPatternsAreEasyToGuess => {
            t!("meter-warning-short-keyboard-patterns")
        }
        Warning::RepeatsLikeAaaAreEasyToGuess => t!("meter-warning-repeats-aaa"),
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            t!("meter-warning-repeats-abcabc")
        }
        Warning::ThisIsATop10Password => t!("meter-warning-top10"),
        Warning::ThisIsATop100Password => t!("meter-warning-top100"),
        Warning::ThisIsACommonPassword => t!("meter-warning-common"),
        Warning::ThisIsSimilarToACommonlyUsedPassword => t!("meter-warning-similar-to-common"),
        Warning::SequencesLikeAbcAreEasyToGuess => t!("meter-warning-sequences"),
        Warning::RecentYearsAreEasyToGuess => t!("meter-warning-recent-years"),
        Warning::AWordByItselfIsEasyToGuess => t!("meter-warning-word-by-itself"),
        Warning::DatesAreOftenEasyToGuess => t!("meter-warning-dates"),
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => t!("meter-warning-names"),
        Warning::CommonNamesAndSurnamesAreEasyToGuess => t!("meter-warning-common-names"),
    }
}

/// zxcvbn's suggestions (a closed set too).
fn suggestion_text(s: Suggestion) -> String {
    match s {
        Suggestion::UseAFewWordsAvoidCommonPhrases => t!("meter-suggestion-few-words"),
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => {
            t!("meter-suggestion-no-symbols-needed")
        }
        Suggestion::AddAnotherWordOrTwo => t!("meter-suggestion-another-word"),
        Suggestion::CapitalizationDoesntHelpVeryMuch => t!("meter-suggestion-capitalization"),
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => {
            t!("meter-suggestion-all-uppercase")
        }
        Suggestion::ReversedWordsArentMuchHarderToGuess => t!("meter-suggestion-reversed-words"),
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => {
            t!("meter-suggestion-substitutions")
        }
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => {
            t!("meter-suggestion-longer-keyboard-pattern")
        }
        Suggestion::AvoidRepeatedWordsAndCharacters => t!("meter-suggestion-repeated"),
        Suggestion::AvoidSequences => t!("meter-suggestion-sequences"),
        Suggestion::AvoidRecentYears => t!("meter-suggestion-recent-years"),
        Suggestion::AvoidYearsThatAreAssociatedWithYou => t!("meter-suggestion-your-years"),
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => {
            t!("meter-suggestion-your-dates")
        }
    }
}

/// What is said of a new passphrase shorter than `min` characters (create form, Settings).
pub fn too_short(min: usize) -> String {
    t!("meter-too-short", count = min)
}

pub fn show(ui: &mut egui::Ui, passphrase: &str, s: &Strength) {
    if passphrase.is_empty() {
        ui.label(egui::RichText::new(t!("meter-empty-advice")).weak());
        return;
    }
    let (word, color) = match s.score {
        0 => (t!("meter-very-weak"), ERROR_COLOR),
        1 => (t!("meter-weak"), ERROR_COLOR),
        2 => (t!("meter-fair"), WARN_COLOR),
        3 => (t!("meter-strong"), OK_COLOR),
        _ => (t!("meter-very-strong"), OK_COLOR),
    };
    let bar = egui::ProgressBar::new((f32::from(s.score) + 1.0) / 5.0)
        .fill(color)
        .text(t!("meter-strength", word = word))
        .desired_width(ui.available_width());
    ui.add(bar);
    if let Some(advice) = s.advice() {
        ui.label(egui::RichText::new(advice).small());
    }
}

/// Whether a new passphrase (typed twice) is acceptable; `Err` says what to fix.
pub fn check_new(pass1: &str, pass2: &str, user_inputs: &[&str]) -> Result<(), String> {
    let min = evidence_vault::vault::MIN_PASSPHRASE_CHARS;
    if pass1.chars().count() < min {
        return Err(too_short(min));
    }
    if estimate(pass1, user_inputs).score < MIN_SCORE {
        return Err(t!("meter-too-easy"));
    }
    if pass2.is_empty() {
        return Err(t!("meter-repeat-missing"));
    }
    if pass1 != pass2 {
        return Err(t!("meter-mismatch"));
    }
    Ok(())
}
