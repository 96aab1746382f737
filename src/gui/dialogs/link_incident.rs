//! "Link to incident…": link the marked items (or the selected one) to an incident found by a
//! search over every incident (Arabic-normalised), or start a new incident from them.

use eframe::egui;
use egui::RichText;
use evidence_vault::incident::{Incident, LinkRole};
use evidence_vault::vault::search_incidents;

use super::super::bidi_label::bidi_label;
use super::super::command::Command;
use super::super::i18n::t;
use super::super::incident_page::{arabic, quoted, status_name, when_text};
use super::super::session::{JobKind, Session};
use super::super::widgets;
use super::incident_form_view::role_combo;

/// At most this many incidents are listed at once (the search narrows them).
const SHOWN: usize = 50;

pub struct LinkForm {
    pub items: Vec<String>,
    pub search: String,
    pub role: LinkRole,
    pub error: Option<String>,
    /// The search and the number of incidents the positions in `found` are for.
    searched: Option<(String, usize)>,
    found: Vec<usize>,
}

impl LinkForm {
    pub fn new(items: Vec<String>) -> Self {
        Self {
            items,
            search: String::new(),
            role: LinkRole::Supporting,
            error: None,
            searched: None,
            found: Vec::new(),
        }
    }

    /// The positions in `all` that match the search (searched again only when it changed).
    fn found(&mut self, all: &[(Incident, usize)]) -> &[usize] {
        let key = (self.search.clone(), all.len());
        if self.searched.as_ref() != Some(&key) {
            self.found = search_incidents(all, &self.search);
            self.searched = Some(key);
        }
        &self.found
    }
}

pub fn show(ui: &mut egui::Ui, s: &Session, f: &mut LinkForm, commands: &mut Vec<Command>) {
    let running = s.jobs.is_running(JobKind::SaveIncident);
    ui.horizontal(|ui| {
        ui.label(t!("link-items-selected", count = f.items.len()));
        role_combo(ui, &mut f.role);
    });
    ui.add_space(4.0);
    widgets::text_field(ui, &t!("link-find"), &mut f.search, &t!("link-find-hint"));
    let all = s.incidents.choices();
    let found: Vec<&Incident> = f
        .found(all)
        .iter()
        .filter_map(|&i| all.get(i).map(|(inc, _)| inc))
        .collect();
    ui.add_space(4.0);
    if all.is_empty() {
        ui.weak(t!("link-no-incidents"));
    } else if found.is_empty() {
        ui.weak(t!("link-no-match"));
    }
    egui::ScrollArea::vertical()
        .id_salt("link-incident-list")
        .max_height(320.0)
        .show(ui, |ui| {
            for i in found.iter().take(SHOWN) {
                ui.horizontal(|ui| {
                    let title = i.fields.display_title(arabic());
                    let name = t!("link-to", title = quoted(title));
                    let link = ui.add_enabled(!running, egui::Button::new(t!("link-button")));
                    // Screen readers (and tests) hear which incident the button links to.
                    link.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, !running, &name)
                    });
                    let link = link.on_hover_text(&name);
                    if link.clicked() {
                        commands.push(Command::LinkToIncident {
                            incident: i.id.clone(),
                            items: f.items.clone(),
                            role: f.role,
                        });
                    }
                    widgets::vertical(ui, |ui| {
                        bidi_label(ui, title);
                        ui.horizontal(|ui| {
                            ui.label(
                                RichText::new(format!(
                                    "{} · {} ·",
                                    i.fields
                                        .when
                                        .as_ref()
                                        .map(when_text)
                                        .unwrap_or_else(|| t!("link-no-date")),
                                    status_name(i.status),
                                ))
                                .small()
                                .weak(),
                            );
                            widgets::bidi_line(ui, &i.fields.place.name);
                        });
                    });
                });
                ui.add_space(2.0);
            }
            if found.len() > SHOWN {
                ui.weak(t!("link-more", count = found.len() - SHOWN));
            }
        });
    if let Some(e) = &f.error {
        widgets::error_message(ui, e);
    }
    ui.separator();
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(t!("link-new-from-items")).strong())
            .on_hover_text(t!("link-new-from-items-hover"))
            .clicked()
        {
            commands.push(Command::NewIncident {
                items: f.items.clone(),
            });
        }
        if running {
            ui.spinner();
        }
        super::close_button(ui, commands);
    });
}
