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
use super::i18n::{self, t};
use super::session::{Incidents, JobKind, Session, StatusForm};
use super::thumbs::{Thumb, Thumbs};
use super::widgets::{self, ERROR_COLOR, OK_COLOR, WARN_COLOR};

/// Side of a linked item's thumbnail on the page.
const TILE: f32 = 96.0;

/// Whether vocabulary labels and titles are shown in Arabic (the interface's language).
pub fn arabic() -> bool {
    i18n::lang() == i18n::Lang::Ar
}

/// User text for a sentence whose whole text is matched as a name (a button's accessible
/// name): isolated only when its direction differs from the interface's, so that English names
/// of English titles stay as they were.
pub fn quoted(text: &str) -> String {
    if widgets::has_rtl(text) != i18n::is_rtl() {
        i18n::isolate(text)
    } else {
        text.to_owned()
    }
}

pub fn status_name(s: Status) -> String {
    match s {
        Status::Incoming => t!("incident-status-incoming"),
        Status::InReview => t!("incident-status-in-review"),
        Status::Verified => t!("incident-status-verified"),
        Status::Disputed => t!("incident-status-disputed"),
        Status::Discarded => t!("incident-status-discarded"),
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

pub fn role_name(r: LinkRole) -> String {
    match r {
        LinkRole::Primary => t!("incident-role-primary"),
        LinkRole::Supporting => t!("incident-role-supporting"),
        LinkRole::Context => t!("incident-role-context"),
    }
}

/// How the coordinates were established, in words.
pub fn place_source_name(p: PlaceSource) -> String {
    match p {
        PlaceSource::Reported => t!("incident-place-reported"),
        PlaceSource::ItemGps => t!("incident-place-item-gps"),
        PlaceSource::Map => t!("incident-place-map"),
        PlaceSource::Estimated => t!("incident-place-estimated"),
    }
}

/// A casualty category (`CASUALTY_KINDS`) as a label.
pub fn casualty_name(kind: &str) -> String {
    match kind {
        "killed" => t!("incident-casualty-killed"),
        "injured" => t!("incident-casualty-injured"),
        "missing" => t!("incident-casualty-missing"),
        _ => t!("incident-casualty-detained"),
    }
}

/// Entries shown on one line, with the interface's comma (`, ` or `، `).
pub fn list_text<S: AsRef<str>>(entries: &[S]) -> String {
    entries
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(&t!("incident-list-separator"))
}

/// A time or range as the documenter wrote it (`2017-03-21 to 2017-03-22`), in the
/// interface's digits.
pub fn when_text(w: &When) -> String {
    match &w.end {
        Some(end) => {
            let (from, to) = (i18n::digits(&w.start), i18n::digits(end));
            t!("incident-when-range", from = from, to = to)
        }
        None => i18n::digits(&w.start),
    }
}

/// A casualty figure in words: `20 (children 5, women 3), according to Tabqa hospital`.
pub fn figure_text(f: &Figure) -> String {
    let mut parts = Vec::new();
    if let Some(c) = f.children {
        parts.push(t!("incident-figure-children", count = u64::from(c)));
    }
    if let Some(w) = f.women {
        parts.push(t!("incident-figure-women", count = u64::from(w)));
    }
    let mut s = i18n::number(u64::from(f.total));
    if !parts.is_empty() {
        let parts = list_text(&parts);
        s = t!("incident-figure-parts", total = s, parts = parts);
    }
    if !f.source.is_empty() {
        let source = i18n::isolate(&f.source);
        s = t!("incident-figure-source", figure = s, source = source);
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
        ui.weak(t!("incident-page-empty"));
        return;
    };
    if let Some(e) = &page.error {
        widgets::error_message(ui, e);
        return;
    }
    let Some(d) = page.data.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t!("incident-page-reading"));
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
            egui::CollapsingHeader::new(t!("incident-section-what"))
                .default_open(true)
                .show(ui, |ui| facts(ui, &d, incidents));
            let count = d.items.len() + d.elsewhere.len();
            egui::CollapsingHeader::new(t!("incident-section-linked", count = count))
                .default_open(true)
                .show(ui, |ui| linked(ui, &d, thumbs, saving, commands));
            egui::CollapsingHeader::new(t!("incident-section-history"))
                .default_open(true)
                .show(ui, |ui| history(ui, &d));
            egui::CollapsingHeader::new(t!("incident-section-custody"))
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
        bidi_label(ui, f.display_title(arabic()));
    });
    let other = if f.display_title(arabic()) == f.title {
        &f.title_ar
    } else {
        &f.title
    };
    if !other.is_empty() {
        bidi_label(ui, other);
    }
    let short_id = d.incident.id.get(..8).unwrap_or(&d.incident.id);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(status_name(d.incident.status).to_uppercase())
                .strong()
                .color(status_color(d.incident.status)),
        );
        ui.label(
            RichText::new(t!("incident-id", id = short_id))
                .weak()
                .monospace(),
        );
        if ui
            .button(t!("incident-edit"))
            .on_hover_text(t!("incident-edit-hover"))
            .clicked()
        {
            commands.push(Command::Open(DialogKind::EditIncident));
        }
        if ui.button(t!("incident-close")).clicked() {
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
                &t!("incident-status-change-to"),
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
            &t!("incident-status-reason"),
            &mut form.reason,
            &t!("incident-status-reason-hint"),
        );
        let ok = !saving && !form.reason.trim().is_empty() && form.status != d.incident.status;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(ok, egui::Button::new(t!("incident-status-record")))
                .on_hover_text(t!("incident-status-record-hover"))
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
    // The library's own Arabic labels of its vocabularies, in Arabic.
    let ar = arabic();
    let labels = |kind: VocabKind, codes: &[String]| -> String {
        let names: Vec<String> = codes
            .iter()
            .map(|c| incidents.vocab().label(kind, c, ar))
            .collect();
        list_text(&names)
    };
    let mut rows: Vec<(String, String)> = vec![
        (
            t!("incident-row-when"),
            f.when
                .as_ref()
                .map(when_text)
                .unwrap_or_else(|| t!("incident-when-unknown")),
        ),
        (t!("incident-row-place"), f.place.name.clone()),
    ];
    if let (Some(lat), Some(lon)) = (f.place.lat, f.place.lon) {
        let (gps, how) = (format::gps(lat, lon), place_source_name(f.place.source));
        rows.push((
            t!("incident-row-coordinates"),
            t!("incident-coordinates-value", gps = gps, source = how),
        ));
    }
    rows.push((
        t!("incident-row-violation"),
        labels(VocabKind::Violation, &f.types),
    ));
    rows.push((t!("incident-row-site"), labels(VocabKind::Site, &f.sites)));
    rows.push((
        t!("incident-row-weapon"),
        labels(VocabKind::Weapon, &f.weapons),
    ));
    for kind in CASUALTY_KINDS {
        if let Some(fig) = f.casualties.get(kind) {
            rows.push((casualty_name(kind), figure_text(fig)));
        }
    }
    rows.push((t!("incident-row-perpetrators"), list_text(&f.perpetrators)));
    rows.push((
        t!("incident-row-sources"),
        f.sources.join(&t!("incident-sources-separator")),
    ));
    rows.push((t!("incident-row-case"), f.case.clone()));
    rows.push((t!("incident-row-tags"), list_text(&f.tags)));
    let time = format::local_time(&d.incident.created_at);
    let name = i18n::isolate(&d.incident.created_by);
    rows.push((
        t!("incident-row-recorded"),
        t!("incident-recorded-value", time = time, name = name),
    ));
    // Rows rather than a grid: a grid cell does not bound the width its text wraps at.
    for (k, v) in rows.into_iter().filter(|(_, v)| !v.trim().is_empty()) {
        ui.horizontal_top(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(100.0, 18.0), Sense::hover());
            // The label against the start edge of its box (the right one in Arabic).
            let (at, align) = if i18n::is_rtl() {
                (rect.right_top(), egui::Align2::RIGHT_TOP)
            } else {
                (rect.left_top(), egui::Align2::LEFT_TOP)
            };
            ui.painter().text(
                at,
                align,
                k,
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().weak_text_color(),
            );
            widgets::vertical(ui, |ui| bidi_label(ui, &v));
        });
    }
    for (label, text) in [
        (t!("incident-summary"), &f.summary),
        (t!("incident-summary-ar"), &f.summary_ar),
    ] {
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
        ui.weak(t!("incident-history-none"));
    }
    for c in &i.status_history {
        let (actor, reason) = (i18n::isolate(&c.actor), i18n::isolate(&c.reason));
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format::local_time(&c.at)).weak());
            ui.label(t!("incident-history-from", status = status_name(c.from)));
            ui.label(
                RichText::new(status_name(c.to))
                    .strong()
                    .color(status_color(c.to)),
            );
        });
        bidi_label(
            ui,
            &t!("incident-history-by", actor = actor, reason = reason),
        );
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
        ui.weak(t!("incident-linked-none"));
        return;
    }
    let per_row = ((ui.available_width() + 8.0) / (TILE + 16.0))
        .floor()
        .max(1.0) as usize;
    for row in d.items.chunks(per_row) {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing = vec2(8.0, 4.0);
            for (item, role) in row {
                widgets::vertical(ui, |ui| {
                    ui.set_width(TILE + 8.0);
                    tile(ui, item, *role, thumbs, commands);
                    let name = i18n::isolate(&item_label(item));
                    if ui
                        .add_enabled(!saving, egui::Button::new(t!("incident-unlink")).small())
                        .on_hover_text(t!("incident-unlink-hover", item = name))
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
        ui.label(RichText::new(t!("incident-elsewhere", count = d.elsewhere.len())).weak());
        for l in &d.elsewhere {
            let (hash, role) = (l.sha256.get(..16).unwrap_or(&l.sha256), role_name(l.role));
            ui.label(
                RichText::new(t!("incident-elsewhere-item", hash = hash, role = role))
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
    let (at, align) = if i18n::is_rtl() {
        (
            pos2(rect.right() - 4.0, rect.bottom() - 4.0),
            egui::Align2::RIGHT_BOTTOM,
        )
    } else {
        (
            pos2(rect.left() + 4.0, rect.bottom() - 4.0),
            egui::Align2::LEFT_BOTTOM,
        )
    };
    let role_text = role_name(role);
    painter.text(at, align, &role_text, font, visuals.weak_text_color());
    let shown = i18n::isolate(&label);
    if response
        .on_hover_text(t!("incident-tile-hover", item = shown, role = role_text))
        .clicked()
    {
        commands.push(Command::ShowIncidents(false));
        commands.push(Command::ShowItem(item.id.clone()));
    }
}
