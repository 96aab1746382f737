//! Drawing the incident form: every field of an incident, bilingual, with existing places and
//! perpetrators offered while typing, and a look-alike pointed out before it is saved.

use eframe::egui;
use egui::RichText;
use evidence_vault::incident::{CASUALTY_KINDS, LinkRole, PlaceSource, VocabKind, Vocabulary};
use evidence_vault::vault::Suggest;

use super::super::bidi_label::bidi_label;
use super::super::command::Command;
use super::super::i18n::t;
use super::super::incident_page::{arabic, casualty_name, place_source_name, role_name, when_text};
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
            t!("iform-save-changes")
        } else {
            t!("iform-save")
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
            .button(t!("iform-discard"))
            .on_hover_text(t!("iform-discard-hover"))
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
            ui.label(t!("iform-items-linked-as", count = f.items.len()));
            role_combo(ui, &mut f.role);
            if f.proposing {
                ui.spinner();
                ui.weak(t!("iform-proposing"));
            }
        });
        ui.add_space(4.0);
    }
    two_columns(
        ui,
        |ui| {
            widgets::text_field(
                ui,
                &t!("iform-title-en"),
                &mut f.title,
                &t!("iform-title-en-hint"),
            );
        },
        |ui| {
            widgets::text_field(
                ui,
                &t!("iform-title-ar"),
                &mut f.title_ar,
                &t!("iform-title-ar-hint"),
            );
        },
    );
    two_columns(
        ui,
        |ui| {
            widgets::text_field(ui, &t!("iform-when"), &mut f.when, &t!("iform-when-hint"));
        },
        |ui| {
            widgets::text_field(ui, &t!("iform-case"), &mut f.case, &t!("iform-case-hint"));
        },
    );
    widgets::text_field(
        ui,
        &t!("iform-place"),
        &mut f.place,
        &t!("iform-place-hint"),
    );
    suggestions(ui, f, Suggest::Place, commands);
    ui.horizontal_wrapped(|ui| {
        widgets::inline_field(ui, &t!("iform-latitude"), &mut f.lat, "35.8356", 90.0);
        widgets::inline_field(ui, &t!("iform-longitude"), &mut f.lon, "38.5481", 90.0);
        widgets::combo(
            ui,
            &t!("iform-coordinates-from"),
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
            &t!("iform-types"),
            VocabKind::Violation,
            vocab,
            &mut f.types,
        );
        codes(ui, &t!("iform-sites"), VocabKind::Site, vocab, &mut f.sites);
        codes(
            ui,
            &t!("iform-weapons"),
            VocabKind::Weapon,
            vocab,
            &mut f.weapons,
        );
    });
    ui.add_space(4.0);
    ui.label(RichText::new(t!("iform-casualty-hint")).small().weak());
    // One row per figure, the names in a column of one width (an egui Grid does not mirror, and
    // in a right-aligned column its measuring pass has no right edge).
    let names: Vec<String> = CASUALTY_KINDS.iter().map(|k| casualty_name(k)).collect();
    let name_width = names
        .iter()
        .map(|n| widgets::text_width(ui, n))
        .fold(0.0, f32::max);
    for (text, name) in f.figures.iter_mut().zip(names) {
        ui.horizontal(|ui| {
            let l = ui.add_sized([name_width, 20.0], egui::Label::new(&name));
            let width = (ui.available_width() - 8.0).max(120.0);
            ui.add(
                BidiTextEdit::singleline(text)
                    .label(name)
                    .desired_width(width),
            )
            .labelled_by(l.id);
        });
    }
    widgets::text_field(
        ui,
        &t!("iform-perpetrators"),
        &mut f.perpetrators,
        &t!("iform-perpetrators-hint"),
    );
    suggestions(ui, f, Suggest::Perpetrator, commands);
    multiline(ui, &t!("iform-sources"), &mut f.sources, 3);
    multiline(ui, &t!("iform-summary-en"), &mut f.summary, 3);
    multiline(ui, &t!("iform-summary-ar"), &mut f.summary_ar, 3);
    widgets::text_field(ui, &t!("iform-tags"), &mut f.tags, "");
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
        RichText::new(t!("iform-look-alike"))
            .color(WARN_COLOR)
            .strong(),
    );
    for other in &f.look_alikes {
        ui.horizontal(|ui| {
            if ui
                .small_button(t!("iform-open-it"))
                .on_hover_text(t!("iform-open-it-hover"))
                .clicked()
            {
                commands.push(Command::CloseDialog);
                commands.push(Command::OpenIncident(other.id.clone()));
            }
            bidi_label(
                ui,
                &format!(
                    "{} · {} · {}",
                    other.fields.display_title(arabic()),
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
            .add_enabled(!saving, egui::Button::new(t!("iform-save-anyway")))
            .on_hover_text(t!("iform-save-anyway-hover"))
            .clicked()
        {
            send(f, true, commands);
        }
        if ui.button(t!("iform-keep-editing")).clicked() {
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
        ui.label(RichText::new(t!("iform-suggestions")).small().weak());
        for v in &values {
            if ui
                .small_button(v.as_str())
                .on_hover_text(t!("iform-suggestion-hover"))
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
    // The library's own Arabic labels of its vocabularies, in Arabic.
    let ar = arabic();
    let shown: Vec<String> = selected.iter().map(|c| vocab.label(kind, c, ar)).collect();
    let text = if shown.is_empty() {
        t!("iform-none")
    } else {
        super::super::incident_page::list_text(&shown)
    };
    widgets::vertical(ui, |ui| {
        let l = ui.label(label);
        egui::ComboBox::from_id_salt(("incident-codes", label))
            .selected_text(text)
            .width(200.0)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show_ui(ui, |ui| {
                for term in vocab.terms(kind) {
                    let mut on = selected.contains(&term.code);
                    let name = if ar && !term.ar.is_empty() {
                        term.ar.clone()
                    } else if term.en.is_empty() {
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
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, t!("iform-role")));
}

fn multiline(ui: &mut egui::Ui, label: &str, value: &mut String, rows: usize) {
    widgets::multiline_field(ui, label, value, "", rows);
}

fn two_columns(
    ui: &mut egui::Ui,
    left: impl FnOnce(&mut egui::Ui),
    right: impl FnOnce(&mut egui::Ui),
) {
    // In Arabic the first column is the right one.
    ui.columns(2, |cols| {
        let (first, second) = if super::super::i18n::is_rtl() {
            (1, 0)
        } else {
            (0, 1)
        };
        widgets::vertical(&mut cols[first], left);
        widgets::vertical(&mut cols[second], right);
    });
}
