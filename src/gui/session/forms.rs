//! Forms whose contents outlive the dialog or panel that shows them: the paths chosen for the
//! next intake, the typed destination of "Save a copy of the original", and the new vault
//! passphrase in Settings (with the outcome of the last change). Never kept across a lock.

use std::path::PathBuf;

use evidence_vault::SecretString;
use zeroize::Zeroize;

use super::super::password_meter::{self, Meter};

#[derive(Default)]
pub struct Forms {
    intake_paths: Vec<PathBuf>,
    /// Which of them did not exist when they were added (looked up once, not every frame: a
    /// slow USB drive must not stall the window).
    intake_missing: Vec<bool>,
    /// Typed destination for "Save a copy of the original" when no dialog can be shown.
    pub extract_path: String,
    pub passphrase: PassphraseForm,
}

impl Forms {
    /// Paths waiting for the "Add evidence" confirmation.
    pub fn intake_paths(&self) -> &[PathBuf] {
        &self.intake_paths
    }

    /// Adds chosen or dropped paths (each once).
    pub fn add_intake_paths(&mut self, paths: Vec<PathBuf>) {
        for p in paths {
            if !self.intake_paths.contains(&p) {
                self.intake_missing.push(!p.exists());
                self.intake_paths.push(p);
            }
        }
    }

    /// Whether waiting path `index` was not found when it was added.
    pub fn intake_path_missing(&self, index: usize) -> bool {
        self.intake_missing.get(index).copied().unwrap_or(false)
    }

    /// Takes path `index` off the list.
    pub fn remove_intake_path(&mut self, index: usize) {
        if index < self.intake_paths.len() {
            self.intake_paths.remove(index);
            self.intake_missing.remove(index);
        }
    }

    /// The paths for the intake that starts now; none are left waiting.
    pub fn take_intake_paths(&mut self) -> Vec<PathBuf> {
        self.intake_missing.clear();
        std::mem::take(&mut self.intake_paths)
    }

    pub fn clear_intake_paths(&mut self) {
        self.intake_paths.clear();
        self.intake_missing.clear();
    }
}

/// Changing the vault passphrase (Settings). The fields are edited by the dialog.
#[derive(Default)]
pub struct PassphraseForm {
    pub new1: String,
    pub new2: String,
    pub meter: Meter,
    result: Option<Result<(), String>>,
}

impl PassphraseForm {
    /// The outcome of the last change, shown until the next one starts.
    pub fn result(&self) -> Option<&Result<(), String>> {
        self.result.as_ref()
    }

    pub fn set_result(&mut self, result: Option<Result<(), String>>) {
        self.result = result;
    }

    /// The new passphrase, taken out of the form (both fields wiped), if the two agree and it is
    /// strong enough; otherwise the form keeps it and `Err` says why.
    pub fn take_new(&mut self) -> Result<SecretString, String> {
        password_meter::check_new(&self.new1, &self.new2, &[])?;
        let new = SecretString::from(std::mem::take(&mut self.new1));
        self.new2.zeroize();
        Ok(new)
    }
}

impl Drop for PassphraseForm {
    fn drop(&mut self) {
        self.new1.zeroize();
        self.new2.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn intake_paths_are_kept_once_and_taken_at_start() {
        let mut f = Forms::default();
        f.add_intake_paths(vec!["/a".into(), "/b".into()]);
        f.add_intake_paths(vec!["/a".into(), "/c".into()]);
        assert_eq!(f.intake_paths().len(), 3);
        assert_eq!(f.take_intake_paths().len(), 3);
        assert!(f.intake_paths().is_empty());
    }

    #[test]
    fn a_new_passphrase_is_taken_only_when_both_fields_agree() {
        let mut p = PassphraseForm::default();
        p.new1 = "correct horse battery staple".into();
        p.new2 = "correct horse battery stapel".into();
        assert!(p.take_new().is_err());
        assert!(!p.new1.is_empty(), "kept for fixing");
        p.new2 = p.new1.clone();
        let new = p.take_new().unwrap();
        assert_eq!(new.expose_secret(), "correct horse battery staple");
        assert!(p.new1.is_empty() && p.new2.is_empty());
    }
}
