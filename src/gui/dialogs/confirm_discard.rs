//! Asked when the selection would change while the edit form has unsaved changes.

use eframe::egui;

use super::super::command::Command;

pub fn show(ui: &mut egui::Ui, index: usize, commands: &mut Vec<Command>) {
    ui.label("The item you were editing has changes that are not saved.");
    ui.horizontal(|ui| {
        if ui.button("Save them").clicked() {
            commands.push(Command::SaveEdits);
            commands.push(Command::CloseDialog);
            commands.push(Command::SelectAfterSave(index));
        }
        if ui.button("Discard them").clicked() {
            commands.push(Command::DiscardEdits);
            commands.push(Command::CloseDialog);
            commands.push(Command::Select {
                index,
                toggle: false,
                range: false,
            });
        }
        if ui.button("Keep editing").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}
