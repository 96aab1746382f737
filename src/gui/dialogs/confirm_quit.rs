//! Asked before the window closes with typed work not in the vault yet, or work running.

use eframe::egui;
use egui::RichText;

use super::super::command::{Command, DialogKind};
use super::super::session::Session;

pub fn show(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    if s.drafts.has_typed_work() && s.is_demo() {
        ui.label(
            "You have typed work that is not saved. This is the demo vault: it is deleted when \
             you quit, with everything typed in it.",
        );
    } else if s.drafts.has_typed_work() {
        ui.label(
            "You have typed work that is not saved into the vault yet (a note being written, \
             changes to an item, or an incident). If you quit now it is kept in the vault, encrypted, and opens \
             again the next time you unlock it. To save it now, go back and press Save.",
        );
    }
    if let Some(job) = s.jobs.keeping_unlocked() {
        ui.label(
            RichText::new(format!(
                "{} is still running and would stop. What is done so far stays in the vault.",
                job.name()
            ))
            .color(super::super::widgets::WARN_COLOR),
        );
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Go back").strong()).clicked() {
            // Back to the note being written, if that is what is unsaved.
            if !s.drafts.note().is_empty() {
                commands.push(Command::Open(DialogKind::NewNote));
            } else if s.drafts.incident.has_typed_work() {
                // Opens the incident form being written (never a blank one over it).
                commands.push(Command::NewIncident { items: Vec::new() });
            } else {
                commands.push(Command::CloseDialog);
            }
        }
        if ui.button("Quit (keep what I typed as a draft)").clicked() {
            commands.push(Command::Quit);
        }
    });
}
