//! The Incidents view: a filter row (search, status, type, site, case, dates) and the list of
//! matching incidents with their status, date, place, casualties and linked items; the open
//! incident's page is beside it (`incident_page`).

use eframe::egui;
use egui::RichText;
use egui_extras::{Column, TableBuilder};
use evidence_vault::incident::{Incident, Status, VocabKind};

use super::command::Command;
use super::i18n::{self, t};
use super::incident_page::{arabic, status_color, status_name, when_text};
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
        let search_label = t!("incidents-search");
        let l = ui.label(&search_label);
        let r = ui
            .add(
                BidiTextEdit::singleline(&mut f.search)
                    .label(search_label)
                    .id(search_id())
                    .hint_text(t!("incidents-search-hint"))
                    .desired_width(280.0),
            )
            .labelled_by(l.id);
        if focus {
            r.request_focus();
        }
        let all_statuses = t!("incidents-all-statuses");
        let status_text = f
            .status
            .map(status_name)
            .unwrap_or_else(|| all_statuses.clone());
        widgets::combo(ui, &t!("incidents-status"), status_text, 110.0, |ui| {
            ui.selectable_value(&mut f.status, None, all_statuses);
            for st in Status::ALL {
                ui.selectable_value(&mut f.status, Some(st), status_name(st));
            }
        });
        // The library's own Arabic labels of its vocabularies, in Arabic.
        let ar = arabic();
        for (label, kind, slot) in [
            (
                t!("incidents-violation"),
                VocabKind::Violation,
                &mut f.violation,
            ),
            (t!("incidents-site"), VocabKind::Site, &mut f.site),
        ] {
            let text = slot
                .as_ref()
                .map(|c| vocab.label(kind, c, ar))
                .unwrap_or_else(|| t!("incidents-all"));
            widgets::combo(ui, &label, text, 140.0, |ui| {
                ui.selectable_value(slot, None, t!("incidents-all"));
                for t in vocab.terms(kind) {
                    let name = vocab.label(kind, &t.code, ar);
                    ui.selectable_value(slot, Some(t.code.clone()), name);
                }
            });
        }
        let case_text = f.case.clone().unwrap_or_else(|| t!("incidents-all-cases"));
        widgets::combo(ui, &t!("incidents-case"), case_text, 130.0, |ui| {
            ui.selectable_value(&mut f.case, None, t!("incidents-all-cases"));
            for c in cases {
                ui.selectable_value(&mut f.case, Some(c.clone()), c.as_str());
            }
        });
        widgets::date_range(ui, &t!("incidents-from-day"), &mut f.from, &mut f.to);
        if ui
            .add_enabled(
                f.is_filtered(),
                egui::Button::new(t!("incidents-clear-filters")).small(),
            )
            .clicked()
        {
            *f = Default::default();
        }
        ui.separator();
        if ui
            .button(RichText::new(t!("incidents-new")).strong())
            .on_hover_text(if !has_selection {
                t!("incidents-new-hover-none")
            } else {
                t!("incidents-new-hover-selection")
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
        ui.label(t!("incidents-count", count = inc.list().len()));
        if inc.filters.is_filtered() {
            ui.weak(t!("incidents-match-filters"));
        }
    });
    if inc.list().is_empty() && !inc.is_searching() {
        ui.add_space(30.0);
        ui.vertical_centered(|ui| {
            if inc.filters.is_filtered() {
                ui.heading(t!("incidents-no-match"));
                ui.label(t!("incidents-no-match-hint"));
            } else {
                ui.heading(t!("incidents-none"));
                ui.label(t!("incidents-none-explain"));
                ui.label(t!("incidents-none-how"));
                if ui.button(t!("incidents-record-first")).clicked() {
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
        .cell_layout(if i18n::is_rtl() {
            egui::Layout::right_to_left(egui::Align::Center)
        } else {
            egui::Layout::left_to_right(egui::Align::Center)
        })
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
            for name in [
                t!("incidents-col-title"),
                t!("incidents-col-status"),
                t!("incidents-col-when"),
                t!("incidents-col-killed"),
                t!("incidents-col-items"),
                t!("incidents-col-place"),
            ] {
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
                            .map(|k| i18n::number(u64::from(k.total)))
                            .unwrap_or_default(),
                    );
                });
                row.col(|ui| {
                    ui.label(i18n::number(*items as u64));
                });
                row.col(|ui| {
                    widgets::bidi_line(ui, &i.fields.place.name);
                });
            });
        });
}

fn title_cell(ui: &mut egui::Ui, i: &Incident, selected: bool, commands: &mut Vec<Command>) {
    let title = i.fields.display_title(arabic());
    // Right-to-left titles are drawn by the bidi label; the button carries the name.
    let r = if widgets::has_rtl(title) {
        let r = ui.add(egui::Button::selectable(selected, "").min_size(egui::vec2(8.0, 18.0)));
        widgets::bidi_line(ui, title);
        r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, title));
        r
    } else {
        ui.add(egui::Button::selectable(selected, title))
    };
    if r.on_hover_text(t!("incidents-open-hover")).clicked() {
        commands.push(Command::OpenIncident(i.id.clone()));
    }
}
