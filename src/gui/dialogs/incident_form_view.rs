//! Drawing the incident form: every field of an incident, bilingual, with existing places and
//! perpetrators offered while typing, and a look-alike pointed out before it is saved.

use eframe::egui;
use egui::RichText;
use evidence_vault::incident::{CASUALTY_KINDS, LinkRole, PlaceSource, VocabKind, Vocabulary};
use evidence_vault::vault::Suggest;

use super::super::bidi_label::bidi_label;
use super::super::command::Command;
use super::super::incident_page::{casualty_name, place_source_name, role_name, when_text};
use super::super::session::{JobKind, Session};
use super::super::text_edit::BidiTextEdit;
use super::super::widgets::{self, WARN_COLOR};
use super::incident_form::IncidentForm;

pub fn show(ui: &mut egui::Ui, s: &Session, f: &mut IncidentForm, commands: &mut Vec<Command>) {
    let saving = s.jobs.is_running(JobKind::SaveIncident);
    let vocab = s.incidents.vocab();
    egui::ScrollArea::vertical()
        .id_salt("incident-form")
        .max_height(ui.available_height() - below(f))
        .show(ui, |ui| {
            fields(ui, f, vocab, commands);
        });
    ui.separator();
    look_alikes(ui, f, saving, commands);
    if let Some(e) = &f.error {
        widgets::error_message(ui, e);
    }
    ui.horizontal(|ui| {
        let label = if f.editing.is_some() {
            "Save changes"
        } else {
            "Save incident"
        };
        if ui
            .add_enabled(
                !saving && f.look_alikes.is_empty(),
                egui::Button::new(RichText::new(label).strong()),
            )
            .clicked()
        {
            send(f, false, commands);
        }
        if saving {
            ui.spinner();
        }
        if ui
            .button("Discard")
            .on_hover_text("Throw this form away (Escape closes it and keeps it for later)")
            .clicked()
        {
            commands.push(Command::DiscardIncidentForm);
        }
    });
}

/// Room kept under the fields for the look-alikes, the error and the buttons.
fn below(f: &IncidentForm) -> f32 {
    let mut h = 60.0;
    if !f.look_alikes.is_empty() {
        h += 70.0 + 46.0 * f.look_alikes.len() as f32;
    }
    if f.error.is_some() {
        h += 40.0;
    }
    h
}

const CASUALTY_HINT: &str = "Casualties: the total, then parts and who gives the figure, e.g. \
     20, children=5, women=3, source=Tabqa hospital";

/// Every field of the incident (inside the form's scroll area).
fn fields(
    ui: &mut egui::Ui,
    f: &mut IncidentForm,
    vocab: &Vocabulary,
    commands: &mut Vec<Command>,
) {
    // Fields end before the scroll bar.
    ui.set_max_width(ui.available_width() - ui.spacing().scroll.bar_width - 6.0);
    if !f.items.is_empty() {
        ui.horizontal(|ui| {
            ui.label(match f.items.len() {
                1 => "1 item will be linked, as".to_owned(),
                n => format!("{n} items will be linked, as"),
            });
            role_combo(ui, &mut f.role);
            if f.proposing {
                ui.spinner();
                ui.weak("Reading their dates and places…");
            }
        });
        ui.add_space(4.0);
    }
    two_columns(
        ui,
        |ui| {
            widgets::text_field(
                ui,
                "Title (English)",
                &mut f.title,
                "Airstrike on the bakery, Tabqa",
            );
        },
        |ui| {
            widgets::text_field(ui, "Title (Arabic)", &mut f.title_ar, "in Arabic");
        },
    );
    two_columns(
        ui,
        |ui| {
            widgets::text_field(
                ui,
                "When",
                &mut f.when,
                "2017-03-22, 2017-03, 2017-03-21/2017-03-22, 2017-03-22T14:30",
            );
        },
        |ui| {
            widgets::text_field(ui, "Case", &mut f.case, "e.g. TABQA-2017-03");
        },
    );
    widgets::text_field(
        ui,
        "Place of the incident",
        &mut f.place,
        "neighbourhood, town, governorate",
    );
    suggestions(ui, f, Suggest::Place, commands);
    ui.horizontal_wrapped(|ui| {
        widgets::inline_field(ui, "Latitude", &mut f.lat, "35.8356", 90.0);
        widgets::inline_field(ui, "Longitude", &mut f.lon, "38.5481", 90.0);
        widgets::combo(
            ui,
            "Coordinates from",
            place_source_name(f.place_source),
            150.0,
            |ui| {
                for p in PlaceSource::ALL {
                    ui.selectable_value(&mut f.place_source, p, place_source_name(p));
                }
            },
        );
    });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        codes(
            ui,
            "Violation types",
            VocabKind::Violation,
            vocab,
            &mut f.types,
        );
        codes(ui, "Sites", VocabKind::Site, vocab, &mut f.sites);
        codes(ui, "Weapons", VocabKind::Weapon, vocab, &mut f.weapons);
    });
    ui.add_space(4.0);
    ui.label(RichText::new(CASUALTY_HINT).small().weak());
    egui::Grid::new("incident-casualties")
        .num_columns(2)
        .show(ui, |ui| {
            for (text, kind) in f.figures.iter_mut().zip(CASUALTY_KINDS) {
                let l = ui.label(casualty_name(kind));
                ui.add(
                    BidiTextEdit::singleline(text)
                        .label(casualty_name(kind))
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
                ui.end_row();
            }
        });
    widgets::text_field(
        ui,
        "Perpetrators (separated by commas)",
        &mut f.perpetrators,
        "as the sources name them",
    );
    suggestions(ui, f, Suggest::Perpetrator, commands);
    multiline(ui, "Sources (one per line)", &mut f.sources, 3);
    multiline(ui, "Summary (English)", &mut f.summary, 3);
    multiline(ui, "Summary (Arabic)", &mut f.summary_ar, 3);
    widgets::text_field(ui, "Tags (separated by commas)", &mut f.tags, "");
}

fn send(f: &mut IncidentForm, allow_similar: bool, commands: &mut Vec<Command>) {
    match f.to_save(allow_similar) {
        Ok(save) => {
            f.error = None;
            commands.push(Command::SaveIncident(Box::new(save)));
        }
        Err(e) => f.error = Some(e),
    }
}

/// An incident already recorded at the same place on an overlapping day: open it, or save anyway.
fn look_alikes(ui: &mut egui::Ui, f: &mut IncidentForm, saving: bool, commands: &mut Vec<Command>) {
    if f.look_alikes.is_empty() {
        return;
    }
    ui.label(
        RichText::new("This looks like an incident already recorded (same place, same days):")
            .color(WARN_COLOR)
            .strong(),
    );
    for other in &f.look_alikes {
        ui.horizontal(|ui| {
            if ui
                .small_button("Open it")
                .on_hover_text("Leave this form (nothing is saved) and open that incident")
                .clicked()
            {
                commands.push(Command::CloseDialog);
                commands.push(Command::OpenIncident(other.id.clone()));
            }
            bidi_label(
                ui,
                &format!(
                    "{} · {} · {}",
                    other.fields.display_title(false),
                    other
                        .fields
                        .when
                        .as_ref()
                        .map(when_text)
                        .unwrap_or_default(),
                    other.fields.place.name
                ),
            );
        });
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!saving, egui::Button::new("Save anyway"))
            .on_hover_text("It is a different incident: save it as a new one")
            .clicked()
        {
            send(f, true, commands);
        }
        if ui.button("Keep editing").clicked() {
            f.look_alikes.clear();
        }
    });
}

/// Existing values like the one being typed, as buttons that take it; asks for new ones when
/// the text changed.
fn suggestions(
    ui: &mut egui::Ui,
    f: &mut IncidentForm,
    what: Suggest,
    commands: &mut Vec<Command>,
) {
    if let Some(typed) = f.to_suggest(what) {
        commands.push(Command::Suggest { what, typed });
    }
    let Some((w, typed, values)) = &f.suggestions else {
        return;
    };
    if *w != what {
        return;
    }
    let values: Vec<String> = values
        .iter()
        .filter(|v| v.as_str() != typed)
        .cloned()
        .collect();
    if values.is_empty() {
        return;
    }
    let mut take = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Already in the vault:").small().weak());
        for v in &values {
            if ui
                .small_button(v.as_str())
                .on_hover_text("Use this spelling")
                .clicked()
            {
                take = Some(v.clone());
            }
        }
    });
    if let Some(v) = take {
        f.take_suggestion(what, &v);
    }
}

/// A drop-down of a vocabulary with a checkbox per term.
fn codes(
    ui: &mut egui::Ui,
    label: &str,
    kind: VocabKind,
    vocab: &Vocabulary,
    selected: &mut Vec<String>,
) {
    let shown: Vec<String> = selected
        .iter()
        .map(|c| vocab.label(kind, c, false))
        .collect();
    let text = if shown.is_empty() {
        "(none)".to_owned()
    } else {
        shown.join(", ")
    };
    ui.vertical(|ui| {
        let l = ui.label(label);
        egui::ComboBox::from_id_salt(("incident-codes", label))
            .selected_text(text)
            .width(200.0)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show_ui(ui, |ui| {
                for term in vocab.terms(kind) {
                    let mut on = selected.contains(&term.code);
                    let name = if term.en.is_empty() {
                        term.code.clone()
                    } else {
                        term.en.clone()
                    };
                    if ui.checkbox(&mut on, name).changed() {
                        if on {
                            selected.push(term.code.clone());
                        } else {
                            selected.retain(|c| *c != term.code);
                        }
                    }
                }
            })
            .response
            .labelled_by(l.id);
    });
}

pub fn role_combo(ui: &mut egui::Ui, role: &mut LinkRole) {
    egui::ComboBox::from_id_salt("link-role")
        .selected_text(role_name(*role))
        .width(110.0)
        .show_ui(ui, |ui| {
            for r in LinkRole::ALL {
                ui.selectable_value(role, r, role_name(r));
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Role of the items"));
}

fn multiline(ui: &mut egui::Ui, label: &str, value: &mut String, rows: usize) {
    widgets::multiline_field(ui, label, value, "", rows);
}

fn two_columns(
    ui: &mut egui::Ui,
    left: impl FnOnce(&mut egui::Ui),
    right: impl FnOnce(&mut egui::Ui),
) {
    ui.columns(2, |cols| {
        cols[0].vertical(left);
        cols[1].vertical(right);
    });
}
