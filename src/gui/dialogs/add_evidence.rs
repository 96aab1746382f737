//! Confirming what to add (chosen by dialog or dropped on the window) and with which case and tags.

use std::path::PathBuf;

use eframe::egui;

use super::super::command::Command;
use super::super::file_picker::PickPurpose;
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
            ui.label("Waiting for the file dialog… (if none appears, type the path below)");
        });
    } else if n == 0 {
        ui.label("Nothing chosen yet. Choose files or a folder, drop them on the window, or type a path.");
    } else {
        ui.label(format!(
            "{n} file{} or folder{} chosen (folders are added with everything inside):",
            if n == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" }
        ));
        egui::ScrollArea::vertical()
            .id_salt("pending-add")
            .max_height(140.0)
            .show(ui, |ui| {
                for (i, p) in s.forms.intake_paths().iter().enumerate() {
                    ui.horizontal(|ui| {
                        if ui
                            .small_button("Remove")
                            .on_hover_text("Take it off this list")
                            .clicked()
                        {
                            commands.push(Command::RemoveIntakePath(i));
                        }
                        if s.forms.intake_path_missing(i) {
                            ui.label(
                                egui::RichText::new("not found")
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
        if ui.button("Choose files…").clicked() {
            commands.push(Command::Pick(PickPurpose::AddFiles));
        }
        if ui.button("Choose a folder…").clicked() {
            commands.push(Command::Pick(PickPurpose::AddFolder));
        }
    });
    ui.horizontal(|ui| {
        let r = widgets::inline_field(
            ui,
            "Or type a path:",
            &mut f.typed_path,
            "/media/usb/DCIM",
            320.0,
        );
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add this path").clicked() || enter) && !f.typed_path.trim().is_empty() {
            let p = PathBuf::from(f.typed_path.trim());
            f.typed_path.clear();
            commands.push(Command::Picked(PickPurpose::AddFiles, vec![p]));
        }
    });
    ui.separator();
    ui.horizontal(|ui| {
        widgets::inline_field(
            ui,
            "Case for these files",
            &mut f.case,
            "e.g. TABQA-2017-03",
            220.0,
        );
        let cases = &s.query.facets().cases;
        if !cases.is_empty() {
            widgets::combo(ui, "Existing cases", "choose…", 160.0, |ui| {
                for c in cases.iter().filter(|c| !c.is_empty()) {
                    if ui.selectable_label(f.case == *c, c.as_str()).clicked() {
                        f.case = c.clone();
                    }
                }
            });
        }
    });
    widgets::inline_field(
        ui,
        "Tags for these files (separated by commas)",
        &mut f.tags,
        "photo, bakery",
        320.0,
    );
    ui.label(egui::RichText::new("The originals are not changed or moved. Each file is hashed and encrypted into the vault as it is read.").small().weak());
    ui.separator();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                n > 0 && s.jobs.status_bar_job().is_none(),
                egui::Button::new("Add to vault"),
            )
            .clicked()
        {
            commands.push(Command::StartIntake {
                case: f.case.trim().to_owned(),
                tags: split_tags(&f.tags),
            });
        }
        if ui.button("Cancel").clicked() {
            commands.push(Command::CancelAdd);
        }
    });
}
