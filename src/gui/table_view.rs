//! The sortable table. Rows are virtual (egui_extras lays out only those on screen) and each
//! visible row is read from the catalog on demand.

use eframe::egui;
use egui_extras::{Column, TableBuilder};
use evidence_vault::SortKey;

use super::command::{Command, DialogKind};
use super::grid_view::kind_word;
use super::i18n::{self, t};
use super::session::Session;
use super::widgets::bidi_line;

const ROW_HEIGHT: f32 = 24.0;

pub fn show(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    let count = s.query.results().len();
    // Columns in reading order: from the left in English, from the right in Arabic.
    let rtl = i18n::is_rtl();
    let order: Vec<usize> = if rtl {
        (0..COLUMNS).rev().collect()
    } else {
        (0..COLUMNS).collect()
    };
    let cell_layout = if rtl {
        egui::Layout::right_to_left(egui::Align::Center)
    } else {
        egui::Layout::left_to_right(egui::Align::Center)
    };
    let mut table = TableBuilder::new(ui)
        .id_salt("items-table")
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(cell_layout);
    for &i in &order {
        table = table.column(column(i));
    }
    if s.view.take_scroll_to_cursor()
        && let Some(c) = s.selection.cursor()
    {
        table = table.scroll_to_row(c, None);
    }
    let (sort, descending) = (s.query.filters.sort, s.query.filters.descending);
    let headers = [
        (t!("table-kind"), Some(SortKey::Kind)),
        (t!("table-title"), Some(SortKey::Title)),
        (t!("table-case"), None),
        (t!("table-captured"), Some(SortKey::Captured)),
        (t!("table-size"), Some(SortKey::Size)),
        (t!("table-file-name"), Some(SortKey::Name)),
        (t!("table-added"), Some(SortKey::Added)),
    ];
    table
        .header(ROW_HEIGHT + 4.0, |mut header| {
            for &i in &order {
                let (name, key) = &headers[i];
                header.col(|ui| match *key {
                    Some(key) => {
                        let shown = match (sort == key, descending) {
                            (true, true) => t!("table-descending", name = name.as_str()),
                            (true, false) => t!("table-ascending", name = name.as_str()),
                            _ => name.clone(),
                        };
                        let text = egui::RichText::new(shown).strong();
                        if ui
                            .add(egui::Button::new(text).frame(false))
                            .on_hover_text(t!("table-sort-by", name = name.as_str()))
                            .clicked()
                        {
                            commands.push(Command::SortBy(key));
                        }
                    }
                    None => {
                        ui.strong(name.as_str());
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
                for &i in &order {
                    row.col(|ui| match item.as_deref() {
                        Some(r) => match i {
                            0 => {
                                ui.label(kind_word(r.item.kind));
                            }
                            1 => {
                                bidi_line(ui, &r.label);
                            }
                            2 => {
                                bidi_line(ui, &r.item.case);
                            }
                            3 => {
                                ui.label(&r.captured);
                            }
                            4 => {
                                ui.label(&r.size);
                            }
                            5 => {
                                bidi_line(ui, r.item.original_name.as_deref().unwrap_or(""));
                            }
                            _ => {
                                ui.label(&r.added);
                            }
                        },
                        None => {
                            if i == 1 {
                                ui.weak(t!("table-loading"));
                            }
                        }
                    });
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

/// The table's columns, in English order: kind, title, case, captured, size, file name, added.
const COLUMNS: usize = 7;

fn column(i: usize) -> Column {
    match i {
        0 => Column::exact(56.0),
        1 => Column::initial(260.0)
            .at_least(120.0)
            .clip(true)
            .resizable(true),
        2 | 3 => Column::initial(130.0).clip(true).resizable(true),
        4 => Column::initial(72.0).resizable(true),
        5 => Column::initial(140.0).clip(true).resizable(true),
        _ => Column::remainder().clip(true),
    }
}
