//! Settings: the auto-lock time, whether recent vaults are remembered, and the vault passphrase.

use eframe::egui;

use super::super::command::Command;
use super::super::password_meter;
use super::super::prefs::{MAX_AUTO_LOCK_MINUTES, Prefs};
use super::super::session::PassphraseForm;
use super::super::widgets::{self, error_message, ok_message};

/// `form` is the passphrase change (kept in the session so its outcome is there when Settings is
/// opened again); `running` says a change is under way.
pub fn show(
    ui: &mut egui::Ui,
    form: &mut PassphraseForm,
    running: bool,
    prefs: &Prefs,
    commands: &mut Vec<Command>,
) {
    ui.label("Lock the vault after this many minutes without using the window:");
    let mut minutes = prefs.auto_lock_minutes;
    let r = ui.add(
        egui::Slider::new(&mut minutes, 1..=MAX_AUTO_LOCK_MINUTES)
            .logarithmic(true)
            .suffix(" min")
            .text("Auto-lock after"),
    );
    if r.changed() {
        commands.push(Command::SetAutoLockMinutes(minutes));
    }
    ui.add_space(8.0);
    let mut remember = prefs.remember_recent;
    if ui
        .checkbox(
            &mut remember,
            "Remember the folders of recent vaults on this computer",
        )
        .changed()
    {
        commands.push(Command::SetRememberRecent(remember));
    }
    ui.label(egui::RichText::new("Turn this off if someone might look at this computer: the start screen then lists no vaults, and the list is erased now.").small().weak());
    ui.add_space(8.0);
    let mut record = prefs.record_source_paths;
    if ui
        .checkbox(
            &mut record,
            "Record the full folder path of each file added",
        )
        .changed()
    {
        commands.push(Command::SetRecordSourcePaths(record));
    }
    ui.label(egui::RichText::new("Off by default: a path such as /home/your-name/… names you, and it travels with the item's custody log in every bundle. The file's own name is always kept.").small().weak());
    ui.add_space(8.0);
    ui.label(egui::RichText::new("Nothing else is remembered between runs except these settings, the view mode and thumbnail size, saved recipients' public keys and where each vault is backed up (and when). Evidence, titles and searches never leave the vault.").small().weak());
    ui.separator();
    ui.label(egui::RichText::new("Change the vault passphrase").strong());
    ui.label(
        egui::RichText::new(
            "Only the key file is re-encrypted; the evidence is not touched. Use the new passphrase from the next unlock.",
        )
        .small()
        .weak(),
    );
    ui.add_enabled_ui(!running, |ui| {
        widgets::passphrase_field(ui, "New passphrase", &mut form.new1);
        let strength = form.meter.measure(&form.new1, &[]);
        password_meter::show(ui, &form.new1, &strength);
        widgets::passphrase_field(ui, "Repeat the new passphrase", &mut form.new2);
    });
    let ready = password_meter::check_new(&form.new1, &form.new2, &[]);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                ready.is_ok() && !running,
                egui::Button::new("Change passphrase"),
            )
            .clicked()
        {
            commands.push(Command::ChangePassphrase);
        }
        if running {
            ui.spinner();
            ui.label("Changing…");
        } else if let Err(why) = &ready
            && !form.new1.is_empty()
        {
            ui.weak(why);
        }
    });
    match form.result() {
        Some(Ok(())) => ok_message(
            ui,
            "The passphrase was changed. Use the new one from now on.",
        ),
        Some(Err(e)) => error_message(ui, &format!("The passphrase was not changed: {e}")),
        None => {}
    }
    ui.separator();
    super::close_button(ui, commands);
}
