//! The sortable table. Rows are virtual (egui_extras lays out only those on screen) and each
//! visible row is read from the catalog on demand.

use eframe::egui;
use egui_extras::{Column, TableBuilder};
use evidence_vault::SortKey;

use super::command::{Command, DialogKind};
use super::grid_view::kind_word;
use super::session::Session;
use super::widgets::bidi_line;

const ROW_HEIGHT: f32 = 24.0;

pub fn show(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    let count = s.query.results().len();
    let mut table = TableBuilder::new(ui)
        .id_salt("items-table")
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(56.0))
        .column(
            Column::initial(260.0)
                .at_least(120.0)
                .clip(true)
                .resizable(true),
        )
        .column(Column::initial(130.0).clip(true).resizable(true))
        .column(Column::initial(130.0).clip(true).resizable(true))
        .column(Column::initial(72.0).resizable(true))
        .column(Column::initial(140.0).clip(true).resizable(true))
        .column(Column::remainder().clip(true));
    if s.view.take_scroll_to_cursor()
        && let Some(c) = s.selection.cursor()
    {
        table = table.scroll_to_row(c, None);
    }
    let (sort, descending) = (s.query.filters.sort, s.query.filters.descending);
    table
        .header(ROW_HEIGHT + 4.0, |mut header| {
            for (name, key) in [
                ("Kind", Some(SortKey::Kind)),
                ("Title", Some(SortKey::Title)),
                ("Case", None),
                ("Captured", Some(SortKey::Captured)),
                ("Size", Some(SortKey::Size)),
                ("File name", Some(SortKey::Name)),
                ("Added", Some(SortKey::Added)),
            ] {
                header.col(|ui| match key {
                    Some(key) => {
                        let marker = match (sort == key, descending) {
                            (true, true) => " (descending)",
                            (true, false) => " (ascending)",
                            _ => "",
                        };
                        let text = egui::RichText::new(format!("{name}{marker}")).strong();
                        if ui
                            .add(egui::Button::new(text).frame(false))
                            .on_hover_text(format!("Sort by {name}"))
                            .clicked()
                        {
                            commands.push(Command::SortBy(key));
                        }
                    }
                    None => {
                        ui.strong(name);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, count, |mut row| {
                let index = row.index();
                let item = s.query.row(index);
                row.set_selected(
                    s.selection.cursor() == Some(index)
                        || s.query
                            .results()
                            .get(index)
                            .is_some_and(|r| s.selection.is_marked(r.num)),
                );
                match item.as_deref() {
                    Some(r) => {
                        row.col(|ui| {
                            ui.label(kind_word(r.item.kind));
                        });
                        row.col(|ui| {
                            bidi_line(ui, &r.label);
                        });
                        row.col(|ui| {
                            bidi_line(ui, &r.item.case);
                        });
                        row.col(|ui| {
                            ui.label(&r.captured);
                        });
                        row.col(|ui| {
                            ui.label(&r.size);
                        });
                        row.col(|ui| {
                            bidi_line(ui, r.item.original_name.as_deref().unwrap_or(""));
                        });
                        row.col(|ui| {
                            ui.label(&r.added);
                        });
                    }
                    None => {
                        row.col(|_| {});
                        row.col(|ui| {
                            ui.weak("Loading…");
                        });
                        for _ in 0..5 {
                            row.col(|_| {});
                        }
                    }
                }
                let response = row.response();
                if response.clicked() {
                    let (toggle, range) = response
                        .ctx
                        .input(|i| (i.modifiers.command, i.modifiers.shift));
                    commands.push(Command::Select {
                        index,
                        toggle,
                        range,
                    });
                }
                if response.double_clicked() {
                    commands.push(Command::Open(DialogKind::Viewer));
                }
            });
        });
}
