//! Set the case and add or remove tags on every marked item at once.

use eframe::egui;
use egui::RichText;
use evidence_vault::vault::SelectionEdit;

use super::super::command::Command;
use super::super::i18n::t;
use super::super::session::{JobKind, Session, split_tags};
use super::super::widgets;

#[derive(Default)]
pub struct BulkForm {
    pub set_case: bool,
    pub case: String,
    pub add_tags: String,
    pub remove_tags: String,
}

impl BulkForm {
    fn edit(&self) -> SelectionEdit {
        SelectionEdit {
            set_case: self.set_case.then(|| self.case.trim().to_owned()),
            add_tags: split_tags(&self.add_tags),
            remove_tags: split_tags(&self.remove_tags),
        }
    }
}

pub fn show(ui: &mut egui::Ui, s: &Session, f: &mut BulkForm, commands: &mut Vec<Command>) {
    let ids = s.selection_ids();
    ui.label(t!("bulk-selected", count = ids.len() as u64));
    ui.add_space(4.0);
    ui.checkbox(&mut f.set_case, t!("bulk-set-case"));
    ui.add_enabled_ui(f.set_case, |ui| {
        widgets::text_field(ui, &t!("bulk-case"), &mut f.case, &t!("bulk-case-hint"));
    });
    widgets::text_field(
        ui,
        &t!("bulk-add-tags"),
        &mut f.add_tags,
        &t!("bulk-add-tags-hint"),
    );
    widgets::text_field(ui, &t!("bulk-remove-tags"), &mut f.remove_tags, "");
    let edit = f.edit();
    let running = s.jobs.is_running(JobKind::BulkEdit);
    ui.horizontal(|ui| {
        let ok = !edit.is_empty() && !ids.is_empty() && !running;
        if ui
            .add_enabled(
                ok,
                egui::Button::new(RichText::new(t!("bulk-apply")).strong()),
            )
            .clicked()
        {
            commands.push(Command::StartBulkEdit { ids, edit });
        }
        if running {
            ui.spinner();
        }
        super::close_button(ui, commands);
    });
}
