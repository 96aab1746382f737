//! Asked when the selection would change while the edit form has unsaved changes.

use eframe::egui;

use super::super::command::Command;
use super::super::i18n::t;

pub fn show(ui: &mut egui::Ui, index: usize, commands: &mut Vec<Command>) {
    ui.label(t!("discard-intro"));
    ui.horizontal(|ui| {
        if ui.button(t!("discard-save")).clicked() {
            commands.push(Command::SaveEdits);
            commands.push(Command::CloseDialog);
            commands.push(Command::SelectAfterSave(index));
        }
        if ui.button(t!("discard-discard")).clicked() {
            commands.push(Command::DiscardEdits);
            commands.push(Command::CloseDialog);
            commands.push(Command::Select {
                index,
                toggle: false,
                range: false,
            });
        }
        if ui.button(t!("discard-keep-editing")).clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}
