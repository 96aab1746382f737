//! Settings: the auto-lock time and whether recent vaults are remembered.

use eframe::egui;

use super::super::command::Command;
use super::super::prefs::{MAX_AUTO_LOCK_MINUTES, Prefs};

pub fn show(ui: &mut egui::Ui, prefs: &Prefs, commands: &mut Vec<Command>) {
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
    ui.label(egui::RichText::new("Nothing else is remembered between runs except the view mode and saved recipients' public keys. Evidence, titles and searches never leave the vault.").small().weak());
    ui.separator();
    super::close_button(ui, commands);
}
