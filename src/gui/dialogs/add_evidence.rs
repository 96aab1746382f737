//! Confirming what to add (chosen by dialog or dropped on the window) and with which case and tags.

use std::path::PathBuf;

use eframe::egui;

use super::super::command::Command;
use super::super::file_picker::PickPurpose;
use super::super::i18n::t;
use super::super::session::{Session, split_tags};
use super::super::widgets::{self, bidi_line};

#[derive(Default)]
pub struct AddForm {
    pub case: String,
    pub tags: String,
    pub typed_path: String,
}

pub fn show(ui: &mut egui::Ui, s: &Session, f: &mut AddForm, commands: &mut Vec<Command>) {
    let n = s.forms.intake_paths().len();
    if s.view.is_waiting_for_picker() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t!("add-waiting-for-picker"));
        });
    } else if n == 0 {
        ui.label(t!("add-nothing-chosen"));
    } else {
        ui.label(t!("add-chosen", count = n));
        egui::ScrollArea::vertical()
            .id_salt("pending-add")
            .max_height(140.0)
            .show(ui, |ui| {
                for (i, p) in s.forms.intake_paths().iter().enumerate() {
                    ui.horizontal(|ui| {
                        if ui
                            .small_button(t!("add-remove"))
                            .on_hover_text(t!("add-remove-hint"))
                            .clicked()
                        {
                            commands.push(Command::RemoveIntakePath(i));
                        }
                        if s.forms.intake_path_missing(i) {
                            ui.label(
                                egui::RichText::new(t!("add-not-found"))
                                    .color(widgets::ERROR_COLOR)
                                    .strong(),
                            );
                        }
                        bidi_line(ui, &p.display().to_string());
                    });
                }
            });
    }
    ui.horizontal(|ui| {
        if ui.button(t!("add-choose-files")).clicked() {
            commands.push(Command::Pick(PickPurpose::AddFiles));
        }
        if ui.button(t!("add-choose-folder")).clicked() {
            commands.push(Command::Pick(PickPurpose::AddFolder));
        }
    });
    ui.horizontal(|ui| {
        let r = widgets::inline_field(
            ui,
            &t!("add-type-path"),
            &mut f.typed_path,
            "/media/usb/DCIM",
            320.0,
        );
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button(t!("add-this-path")).clicked() || enter) && !f.typed_path.trim().is_empty() {
            let p = PathBuf::from(f.typed_path.trim());
            f.typed_path.clear();
            commands.push(Command::Picked(PickPurpose::AddFiles, vec![p]));
        }
    });
    ui.separator();
    ui.horizontal(|ui| {
        widgets::inline_field(
            ui,
            &t!("add-case"),
            &mut f.case,
            &t!("add-case-hint"),
            220.0,
        );
        let cases = &s.query.facets().cases;
        if !cases.is_empty() {
            widgets::combo(
                ui,
                &t!("add-existing-cases"),
                t!("add-existing-cases-choose"),
                160.0,
                |ui| {
                    for c in cases.iter().filter(|c| !c.is_empty()) {
                        if ui.selectable_label(f.case == *c, c.as_str()).clicked() {
                            f.case = c.clone();
                        }
                    }
                },
            );
        }
    });
    widgets::inline_field(
        ui,
        &t!("add-tags"),
        &mut f.tags,
        &t!("add-tags-hint"),
        320.0,
    );
    ui.label(
        egui::RichText::new(t!("add-originals-untouched"))
            .small()
            .weak(),
    );
    ui.separator();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                n > 0 && s.jobs.status_bar_job().is_none(),
                egui::Button::new(t!("add-start")),
            )
            .clicked()
        {
            commands.push(Command::StartIntake {
                case: f.case.trim().to_owned(),
                tags: split_tags(&f.tags),
            });
        }
        if ui.button(t!("add-cancel")).clicked() {
            commands.push(Command::CancelAdd);
        }
    });
}
