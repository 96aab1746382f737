//! One incident's page (the right side of the Incidents view): every field in both languages,
//! its review status with the form to change it, the linked evidence as a grid, and its custody
//! log, checked.

use eframe::egui;
use egui::{Color32, RichText, Sense, Vec2, pos2, vec2};
use evidence_vault::Item;
use evidence_vault::incident::{
    CASUALTY_KINDS, Figure, LinkRole, PlaceSource, Status, VocabKind, When,
};
use evidence_vault::vault::IncidentDetail;

use super::bidi_label::bidi_label;
use super::command::{Command, DialogKind};
use super::custody_view;
use super::format;
use super::grid_view::{self, item_label, kind_word};
use super::session::{Incidents, JobKind, Session, StatusForm};
use super::thumbs::{Thumb, Thumbs};
use super::widgets::{self, ERROR_COLOR, OK_COLOR, WARN_COLOR};

/// Side of a linked item's thumbnail on the page.
const TILE: f32 = 96.0;

pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Incoming => "incoming",
        Status::InReview => "in review",
        Status::Verified => "verified",
        Status::Disputed => "disputed",
        Status::Discarded => "discarded",
    }
}

pub fn status_color(s: Status) -> Color32 {
    match s {
        Status::Verified => OK_COLOR,
        Status::Disputed | Status::Discarded => ERROR_COLOR,
        Status::InReview => WARN_COLOR,
        Status::Incoming => Color32::GRAY,
    }
}

pub fn role_name(r: LinkRole) -> &'static str {
    match r {
        LinkRole::Primary => "primary",
        LinkRole::Supporting => "supporting",
        LinkRole::Context => "context",
    }
}

/// How the coordinates were established, in words.
pub fn place_source_name(p: PlaceSource) -> &'static str {
    match p {
        PlaceSource::Reported => "as reported",
        PlaceSource::ItemGps => "from the items' GPS",
        PlaceSource::Map => "located on a map",
        PlaceSource::Estimated => "an estimate",
    }
}

/// A casualty category (`CASUALTY_KINDS`) as a label.
pub fn casualty_name(kind: &str) -> &'static str {
    match kind {
        "killed" => "Killed",
        "injured" => "Injured",
        "missing" => "Missing",
        _ => "Detained",
    }
}

/// A time or range as the documenter wrote it (`2017-03-21 to 2017-03-22`).
pub fn when_text(w: &When) -> String {
    w.to_string().replace('/', " to ")
}

/// A casualty figure in words: `20 (children 5, women 3) — Tabqa hospital`.
pub fn figure_text(f: &Figure) -> String {
    let mut parts = Vec::new();
    if let Some(c) = f.children {
        parts.push(format!("children {c}"));
    }
    if let Some(w) = f.women {
        parts.push(format!("women {w}"));
    }
    let mut s = f.total.to_string();
    if !parts.is_empty() {
        s.push_str(&format!(" ({})", parts.join(", ")));
    }
    if !f.source.is_empty() {
        s.push_str(&format!(", according to {}", f.source));
    }
    s
}

pub fn show(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    let vault_id = s.vault().info().vault_id.clone();
    let saving = s.jobs.is_running(JobKind::SaveIncident);
    let Session {
        incidents, thumbs, ..
    } = s;
    // Hold exactly the panel's width: wider content would widen the resizable panel.
    let width = ui.available_width();
    ui.set_min_width(width);
    ui.set_max_width(width);
    let Some(page) = incidents.page() else {
        ui.add_space(20.0);
        ui.weak(
            "Select an incident to see all its fields, its linked evidence and its custody log.",
        );
        return;
    };
    if let Some(e) = &page.error {
        widgets::error_message(ui, e);
        return;
    }
    let Some(d) = page.data.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Reading…");
        });
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt(("incident-page", page.id().to_owned()))
        .auto_shrink(false)
        .show(ui, |ui| {
            // A long unbreakable word (a SHA-256) must not widen everything else.
            ui.set_max_width(width - ui.spacing().scroll.bar_width - 8.0);
            heading(ui, &d, commands);
            if let Some(p) = incidents.page_mut() {
                status_form(ui, &d, &mut p.status, saving, commands);
            }
            ui.add_space(6.0);
            egui::CollapsingHeader::new("What happened")
                .default_open(true)
                .show(ui, |ui| facts(ui, &d, incidents));
            egui::CollapsingHeader::new(format!(
                "Linked evidence ({})",
                d.items.len() + d.elsewhere.len()
            ))
            .default_open(true)
            .show(ui, |ui| linked(ui, &d, thumbs, saving, commands));
            egui::CollapsingHeader::new("Review history")
                .default_open(true)
                .show(ui, |ui| history(ui, &d));
            egui::CollapsingHeader::new("Custody log")
                .default_open(true)
                .show(ui, |ui| {
                    let n: usize = d.chains.iter().map(Vec::len).sum();
                    custody_view::verdict(ui, &d.problems, n);
                    ui.add_space(4.0);
                    for chain in &d.chains {
                        custody_view::events(ui, chain, &vault_id);
                    }
                });
        });
}

fn heading(ui: &mut egui::Ui, d: &IncidentDetail, commands: &mut Vec<Command>) {
    let f = &d.incident.fields;
    ui.add_space(4.0);
    ui.scope(|ui| {
        ui.style_mut().override_text_style = Some(egui::TextStyle::Heading);
        bidi_label(ui, f.display_title(false));
    });
    let other = if f.display_title(false) == f.title {
        &f.title_ar
    } else {
        &f.title
    };
    if !other.is_empty() {
        bidi_label(ui, other);
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(status_name(d.incident.status).to_uppercase())
                .strong()
                .color(status_color(d.incident.status)),
        );
        ui.label(
            RichText::new(format!(
                "incident {}",
                d.incident.id.get(..8).unwrap_or(&d.incident.id)
            ))
            .weak()
            .monospace(),
        );
        if ui
            .button("Edit…")
            .on_hover_text("Change its fields (the custody log keeps the old values)")
            .clicked()
        {
            commands.push(Command::Open(DialogKind::EditIncident));
        }
        if ui.button("Close").clicked() {
            commands.push(Command::CloseIncident);
        }
    });
}

/// "Change status": to what, and why (who confirmed it, what is disputed). Both are recorded.
fn status_form(
    ui: &mut egui::Ui,
    d: &IncidentDetail,
    form: &mut StatusForm,
    saving: bool,
    commands: &mut Vec<Command>,
) {
    ui.separator();
    {
        ui.horizontal(|ui| {
            widgets::combo(
                ui,
                "Change status to",
                status_name(form.status),
                110.0,
                |ui| {
                    for st in Status::ALL {
                        if st != d.incident.status {
                            ui.selectable_value(&mut form.status, st, status_name(st));
                        }
                    }
                },
            );
        });
        widgets::text_field(
            ui,
            "Reason",
            &mut form.reason,
            "who confirmed it, what is disputed, what is missing",
        );
        let ok = !saving && !form.reason.trim().is_empty() && form.status != d.incident.status;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(ok, egui::Button::new("Record status"))
                .on_hover_text("Signed into the incident's custody log with your name and the time")
                .clicked()
            {
                commands.push(Command::SetIncidentStatus {
                    id: d.incident.id.clone(),
                    status: form.status,
                    reason: form.reason.trim().to_owned(),
                });
            }
            if saving {
                ui.spinner();
            }
        });
    }
    ui.separator();
}

fn facts(ui: &mut egui::Ui, d: &IncidentDetail, incidents: &Incidents) {
    let f = &d.incident.fields;
    let labels = |kind: VocabKind, codes: &[String]| -> String {
        codes
            .iter()
            .map(|c| incidents.label(kind, c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut rows: Vec<(&str, String)> = vec![
        (
            "When",
            f.when
                .as_ref()
                .map(when_text)
                .unwrap_or_else(|| "not known".into()),
        ),
        ("Place", f.place.name.clone()),
    ];
    if let (Some(lat), Some(lon)) = (f.place.lat, f.place.lon) {
        rows.push((
            "Coordinates",
            format!(
                "{} ({})",
                format::gps(lat, lon),
                place_source_name(f.place.source)
            ),
        ));
    }
    rows.push(("Violation", labels(VocabKind::Violation, &f.types)));
    rows.push(("Site", labels(VocabKind::Site, &f.sites)));
    rows.push(("Weapon", labels(VocabKind::Weapon, &f.weapons)));
    for kind in CASUALTY_KINDS {
        if let Some(fig) = f.casualties.get(kind) {
            rows.push((casualty_name(kind), figure_text(fig)));
        }
    }
    rows.push(("Perpetrators", f.perpetrators.join(", ")));
    rows.push(("Sources", f.sources.join("; ")));
    rows.push(("Case", f.case.clone()));
    rows.push(("Tags", f.tags.join(", ")));
    rows.push((
        "Recorded",
        format!(
            "{} by {}",
            format::local_time(&d.incident.created_at),
            d.incident.created_by
        ),
    ));
    // Rows rather than a grid: a grid cell does not bound the width its text wraps at.
    for (k, v) in rows.into_iter().filter(|(_, v)| !v.trim().is_empty()) {
        ui.horizontal_top(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(100.0, 18.0), Sense::hover());
            ui.painter().text(
                rect.left_top(),
                egui::Align2::LEFT_TOP,
                k,
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().weak_text_color(),
            );
            ui.vertical(|ui| bidi_label(ui, &v));
        });
    }
    for (label, text) in [("Summary", &f.summary), ("Summary (Arabic)", &f.summary_ar)] {
        if !text.trim().is_empty() {
            ui.add_space(4.0);
            ui.label(RichText::new(label).weak());
            bidi_label(ui, text);
        }
    }
}

fn history(ui: &mut egui::Ui, d: &IncidentDetail) {
    let i = &d.incident;
    if i.status_history.is_empty() {
        ui.weak("Not reviewed yet: the status is still “incoming”.");
    }
    for c in &i.status_history {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format::local_time(&c.at)).weak());
            ui.label(format!("{} to", status_name(c.from)));
            ui.label(
                RichText::new(status_name(c.to))
                    .strong()
                    .color(status_color(c.to)),
            );
        });
        bidi_label(ui, &format!("by {}: {}", c.actor, c.reason));
        ui.add_space(2.0);
    }
}

/// The linked items as tiles (click: show it with the evidence), and links to items this vault
/// does not hold.
fn linked(
    ui: &mut egui::Ui,
    d: &IncidentDetail,
    thumbs: &mut Thumbs,
    saving: bool,
    commands: &mut Vec<Command>,
) {
    if d.items.is_empty() && d.elsewhere.is_empty() {
        ui.weak(
            "No evidence linked yet: select items in the evidence grid and use “Link to \
             incident…”.",
        );
        return;
    }
    let per_row = ((ui.available_width() + 8.0) / (TILE + 16.0))
        .floor()
        .max(1.0) as usize;
    for row in d.items.chunks(per_row) {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing = vec2(8.0, 4.0);
            for (item, role) in row {
                ui.vertical(|ui| {
                    ui.set_width(TILE + 8.0);
                    tile(ui, item, *role, thumbs, commands);
                    if ui
                        .add_enabled(!saving, egui::Button::new("Unlink").small())
                        .on_hover_text(format!("Unlink {}", item_label(item)))
                        .clicked()
                    {
                        commands.push(Command::UnlinkFromIncident {
                            incident: d.incident.id.clone(),
                            item: item.id.clone(),
                        });
                    }
                });
            }
        });
        ui.add_space(6.0);
    }
    if !d.elsewhere.is_empty() {
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "{} linked in another vault and not here (the bundle did not carry them):",
                format::items(d.elsewhere.len() as u64)
            ))
            .weak(),
        );
        for l in &d.elsewhere {
            ui.label(
                RichText::new(format!(
                    "SHA-256 {}… ({})",
                    l.sha256.get(..16).unwrap_or(&l.sha256),
                    role_name(l.role)
                ))
                .small()
                .monospace(),
            );
        }
    }
}

fn tile(
    ui: &mut egui::Ui,
    item: &Item,
    role: LinkRole,
    thumbs: &mut Thumbs,
    commands: &mut Vec<Command>,
) {
    let label = item_label(item);
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(TILE + 8.0, TILE + 38.0), Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect);
    let bg = if response.hovered() {
        visuals.widgets.hovered.weak_bg_fill
    } else {
        visuals.faint_bg_color
    };
    painter.rect_filled(rect, 6.0, bg);
    let thumb = egui::Rect::from_min_size(rect.min + vec2(4.0, 4.0), Vec2::splat(TILE));
    match item.has_thumbnail.then(|| thumbs.get(&item.id)) {
        Some(Thumb::Ready(texture, size)) => {
            let scale = (TILE / size.x).min(TILE / size.y);
            let r = egui::Rect::from_center_size(thumb.center(), size * scale);
            painter.image(
                texture,
                r,
                egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        _ => grid_view::placeholder(&painter, thumb, kind_word(item.kind), &visuals),
    }
    // One line, clipped to the tile; right-to-left text against the right edge.
    let font = egui::TextStyle::Small.resolve(ui.style());
    let job = super::bidi_label::bidi_layout_job(
        &label,
        font.clone(),
        visuals.text_color(),
        f32::INFINITY,
    );
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let text_rect = egui::Rect::from_min_max(
        pos2(rect.left() + 4.0, thumb.bottom() + 2.0),
        pos2(rect.right() - 4.0, thumb.bottom() + 20.0),
    );
    let x = if galley.job.halign == egui::Align::RIGHT {
        text_rect.right() - galley.rect.max.x
    } else {
        text_rect.left() - galley.rect.min.x
    };
    ui.painter_at(text_rect)
        .galley(pos2(x, text_rect.top()), galley, visuals.text_color());
    painter.text(
        pos2(rect.left() + 4.0, rect.bottom() - 4.0),
        egui::Align2::LEFT_BOTTOM,
        role_name(role),
        font,
        visuals.weak_text_color(),
    );
    if response
        .on_hover_text(format!(
            "{label} ({}): show it with the evidence",
            role_name(role)
        ))
        .clicked()
    {
        commands.push(Command::ShowIncidents(false));
        commands.push(Command::ShowItem(item.id.clone()));
    }
}
