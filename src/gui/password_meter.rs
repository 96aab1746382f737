//! Passphrase strength, estimated with zxcvbn and shown as a bar with plain advice.

use std::hash::{DefaultHasher, Hash, Hasher};

use eframe::egui;

use super::widgets::{ERROR_COLOR, OK_COLOR, WARN_COLOR};

/// The lowest zxcvbn score (0–4) accepted for a new vault's passphrase.
pub const MIN_SCORE: u8 = 2;

#[derive(Clone, Debug, Default)]
pub struct Strength {
    pub score: u8,
    pub advice: Option<String>,
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
    let advice = entropy.feedback().and_then(|f| {
        let mut parts: Vec<String> = f.warning().map(|w| w.to_string()).into_iter().collect();
        parts.extend(f.suggestions().iter().map(|s| s.to_string()));
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    Strength { score, advice }
}

pub fn show(ui: &mut egui::Ui, passphrase: &str, s: &Strength) {
    if passphrase.is_empty() {
        ui.label(
            egui::RichText::new(
                "Use four or more unrelated words, or a long sentence only you know.",
            )
            .weak(),
        );
        return;
    }
    let (word, color) = match s.score {
        0 => ("Very weak", ERROR_COLOR),
        1 => ("Weak", ERROR_COLOR),
        2 => ("Fair", WARN_COLOR),
        3 => ("Strong", OK_COLOR),
        _ => ("Very strong", OK_COLOR),
    };
    let bar = egui::ProgressBar::new((f32::from(s.score) + 1.0) / 5.0)
        .fill(color)
        .text(format!("Strength: {word}"))
        .desired_width(ui.available_width());
    ui.add(bar);
    if let Some(advice) = &s.advice {
        ui.label(egui::RichText::new(advice).small());
    }
}

/// Whether a new passphrase (typed twice) is acceptable; `Err` says what to fix.
pub fn check_new(pass1: &str, pass2: &str, user_inputs: &[&str]) -> Result<(), String> {
    let min = evidence_vault::vault::MIN_PASSPHRASE_CHARS;
    if pass1.chars().count() < min {
        return Err(format!("The passphrase needs at least {min} characters."));
    }
    if estimate(pass1, user_inputs).score < MIN_SCORE {
        return Err("This passphrase is too easy to guess. Add more unrelated words.".into());
    }
    if pass2.is_empty() {
        return Err("Type the passphrase a second time.".into());
    }
    if pass1 != pass2 {
        return Err("The two passphrases are not the same.".into());
    }
    Ok(())
}
