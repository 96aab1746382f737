//! Asked before the window closes with typed work not in the vault yet, or work running.

use eframe::egui;
use egui::RichText;

use super::super::command::{Command, DialogKind};
use super::super::i18n::t;
use super::super::session::Session;

pub fn show(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    if s.drafts.has_typed_work() && s.is_demo() {
        ui.label(t!("quit-demo-typed"));
    } else if s.drafts.has_typed_work() {
        ui.label(t!("quit-typed"));
    }
    if let Some(job) = s.jobs.keeping_unlocked() {
        ui.label(
            RichText::new(t!("quit-job-running", job = job.name()))
                .color(super::super::widgets::WARN_COLOR),
        );
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(t!("quit-go-back")).strong())
            .clicked()
        {
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
        if ui.button(t!("quit-keep-draft")).clicked() {
            commands.push(Command::Quit);
        }
    });
}
