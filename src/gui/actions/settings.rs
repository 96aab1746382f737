//! Settings: changing the vault passphrase.

use eframe::egui;
use evidence_vault::Vault;

use super::super::session::{Finished, JobKind, Jobs, PassphraseForm};

/// Re-encrypts the key file with the passphrase typed in Settings (if it is acceptable).
pub fn change_passphrase(
    ctx: &egui::Context,
    vault: Vault,
    form: &mut PassphraseForm,
    jobs: &mut Jobs,
    kdf_log_n: u8,
) {
    if jobs.is_running(JobKind::ChangePassphrase) {
        return;
    }
    let new = match form.take_new() {
        Ok(new) => new,
        Err(e) => {
            form.set_result(Some(Err(e)));
            return;
        }
    };
    form.set_result(None);
    jobs.spawn(ctx, JobKind::ChangePassphrase, "", move |_, _| {
        Finished::ChangePassphrase(
            vault
                .change_passphrase(&new, kdf_log_n)
                .map_err(|e| e.to_string()),
        )
    });
}

pub fn passphrase_changed(form: &mut PassphraseForm, r: Result<(), String>) {
    form.set_result(Some(r));
}
