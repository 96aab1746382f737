//! The Incidents view: a filter row (search, status, type, site, case, dates) and the list of
//! matching incidents with their status, date, place, casualties and linked items; the open
//! incident's page is beside it (`incident_page`).

use eframe::egui;
use egui::RichText;
use egui_extras::{Column, TableBuilder};
use evidence_vault::incident::{Incident, Status, VocabKind};

use super::command::Command;
use super::format;
use super::incident_page::{status_color, status_name, when_text};
use super::session::Session;
use super::text_edit::BidiTextEdit;
use super::widgets::{self, ERROR_COLOR};

const ROW_HEIGHT: f32 = 26.0;

/// The id of the incidents' search box (Ctrl+F focuses it in this view).
pub fn search_id() -> egui::Id {
    egui::Id::unique("evidence-vault-incident-search")
}

pub fn filter_bar(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    let focus = s.view.take_focus_search();
    // Whether "New incident…" links anything (the IDs are taken only when it is clicked).
    let has_selection = s.selection.marked_count() > 0 || s.selection.cursor().is_some();
    let (f, vocab, cases) = s.incidents.filter_form();
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Search incidents");
        let r = ui
            .add(
                BidiTextEdit::singleline(&mut f.search)
                    .label("Search incidents")
                    .id(search_id())
                    .hint_text("words of titles, places, perpetrators, sources (Ctrl+F)")
                    .desired_width(280.0),
            )
            .labelled_by(l.id);
        if focus {
            r.request_focus();
        }
        let status_text = f.status.map(status_name).unwrap_or("All statuses");
        widgets::combo(ui, "Status", status_text, 110.0, |ui| {
            ui.selectable_value(&mut f.status, None, "All statuses");
            for st in Status::ALL {
                ui.selectable_value(&mut f.status, Some(st), status_name(st));
            }
        });
        for (label, kind, slot) in [
            ("Violation", VocabKind::Violation, &mut f.violation),
            ("Site", VocabKind::Site, &mut f.site),
        ] {
            let text = slot
                .as_ref()
                .map(|c| vocab.label(kind, c, false))
                .unwrap_or_else(|| "All".into());
            widgets::combo(ui, label, text, 140.0, |ui| {
                ui.selectable_value(slot, None, "All");
                for t in vocab.terms(kind) {
                    let name = vocab.label(kind, &t.code, false);
                    ui.selectable_value(slot, Some(t.code.clone()), name);
                }
            });
        }
        let case_text = f.case.clone().unwrap_or_else(|| "All cases".into());
        widgets::combo(ui, "Case", case_text, 130.0, |ui| {
            ui.selectable_value(&mut f.case, None, "All cases");
            for c in cases {
                ui.selectable_value(&mut f.case, Some(c.clone()), c.as_str());
            }
        });
        widgets::date_range(ui, "From day", &mut f.from, &mut f.to);
        if ui
            .add_enabled(f.is_filtered(), egui::Button::new("Clear filters").small())
            .clicked()
        {
            *f = Default::default();
        }
        ui.separator();
        if ui
            .button(RichText::new("New incident…").strong())
            .on_hover_text(if !has_selection {
                "Record an incident (select evidence first: it is linked, and its date and place \
                 are proposed)"
            } else {
                "Record an incident linking the selected evidence"
            })
            .clicked()
        {
            commands.push(Command::NewIncidentFromSelection);
        }
    });
}

pub fn list(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    let inc = &s.incidents;
    if let Some(e) = inc.error() {
        ui.label(RichText::new(e).color(ERROR_COLOR));
    }
    ui.horizontal(|ui| {
        if inc.is_searching() {
            ui.spinner();
        }
        ui.label(match inc.list().len() {
            1 => "1 incident".to_owned(),
            n => format!("{} incidents", format::count(n as u64)),
        });
        if inc.filters.is_filtered() {
            ui.weak("match the filters");
        }
    });
    if inc.list().is_empty() && !inc.is_searching() {
        ui.add_space(30.0);
        ui.vertical_centered(|ui| {
            if inc.filters.is_filtered() {
                ui.heading("No incident matches");
                ui.label("Try fewer words, or clear the filters.");
            } else {
                ui.heading("No incidents yet");
                ui.label(
                    "An incident is what happened (a strike, a detention) with its date, place, \
                     casualties and sources, linked to the evidence that shows it.",
                );
                ui.label("Select evidence in the grid and choose “Link to incident…”, or:");
                if ui.button("Record the first incident…").clicked() {
                    commands.push(Command::NewIncident { items: Vec::new() });
                }
            }
        });
        return;
    }
    let open = inc.page().map(|p| p.id().to_owned());
    TableBuilder::new(ui)
        .id_salt("incidents-table")
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(
            Column::initial(220.0)
                .at_least(120.0)
                .clip(true)
                .resizable(true),
        )
        .column(Column::initial(76.0).resizable(true))
        .column(Column::initial(100.0).clip(true).resizable(true))
        .column(Column::initial(50.0).resizable(true))
        .column(Column::initial(44.0).resizable(true))
        .column(Column::remainder().at_least(60.0).clip(true))
        .header(ROW_HEIGHT, |mut header| {
            for name in ["Title", "Status", "When", "Killed", "Items", "Place"] {
                header.col(|ui| {
                    ui.strong(name);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, inc.list().len(), |mut row| {
                let Some((i, items)) = inc.list().get(row.index()) else {
                    return;
                };
                let selected = open.as_deref() == Some(i.id.as_str());
                row.set_selected(selected);
                row.col(|ui| title_cell(ui, i, selected, commands));
                row.col(|ui| {
                    ui.label(RichText::new(status_name(i.status)).color(status_color(i.status)));
                });
                row.col(|ui| {
                    ui.label(i.fields.when.as_ref().map(when_text).unwrap_or_default());
                });
                row.col(|ui| {
                    ui.label(
                        i.fields
                            .casualties
                            .killed
                            .as_ref()
                            .map(|k| k.total.to_string())
                            .unwrap_or_default(),
                    );
                });
                row.col(|ui| {
                    ui.label(items.to_string());
                });
                row.col(|ui| {
                    widgets::bidi_line(ui, &i.fields.place.name);
                });
            });
        });
}

fn title_cell(ui: &mut egui::Ui, i: &Incident, selected: bool, commands: &mut Vec<Command>) {
    let title = i.fields.display_title(false);
    // Right-to-left titles are drawn by the bidi label; the button carries the name.
    let r = if widgets::has_rtl(title) {
        let r = ui.add(egui::Button::selectable(selected, "").min_size(egui::vec2(8.0, 18.0)));
        widgets::bidi_line(ui, title);
        r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, title));
        r
    } else {
        ui.add(egui::Button::selectable(selected, title))
    };
    if r.on_hover_text("Open this incident").clicked() {
        commands.push(Command::OpenIncident(i.id.clone()));
    }
}
