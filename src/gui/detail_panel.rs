//! The detail panel of the selected item: preview, hash, what the camera recorded, the documenter's
//! fields (editable) and the custody timeline.

use eframe::egui;
use egui::RichText;
use evidence_vault::{Derived, Item, ItemDetail, Kind, MediaTool};

use super::bidi_label::bidi_label;
use super::command::{Command, DialogKind};
use super::custody_view;
use super::file_picker::PickPurpose;
use super::format;
use super::grid_view::item_label;
use super::i18n::{self, t};
use super::preview::Preview;
use super::session::{Detail, EditDraft, JobKind, MetaForm, Session};
use super::thumbs::{Thumb, Thumbs};
use super::widgets::{self, WARN_COLOR, bidi_line, copy_button, error_message};

/// Shows the open item; edits only its edit form (a draft) and the typed extract destination.
pub fn show(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    // A resizable panel takes the width of what it holds, so one wide row (a long file name,
    // coordinates with their button) would widen it for every item after. The content is laid
    // out in a child of exactly the panel's size, clipped to it, and only that size is taken.
    let rect = ui.available_rect_before_wrap();
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()));
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    contents(&mut child, s, commands);
    ui.allocate_rect(rect, egui::Sense::hover());
}

fn contents(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    let vault_id = s.vault().info().vault_id.clone();
    let saving = s.jobs.is_running(JobKind::SaveEdits);
    let extracting = s.jobs.is_running(JobKind::Extract);
    let Session {
        selection,
        drafts,
        forms,
        thumbs,
        ..
    } = s;
    let Some(d) = selection.detail() else {
        ui.add_space(20.0);
        ui.weak(t!("detail-none-selected"));
        return;
    };
    if let Some(e) = &d.error {
        error_message(ui, e);
        return;
    }
    let Some(data) = d.data.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t!("detail-reading"));
        });
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt(("detail-scroll", d.id()))
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.scope(|ui| {
                ui.style_mut().override_text_style = Some(egui::TextStyle::Heading);
                bidi_label(ui, &item_label(&data.item));
            });
            ui.add_space(4.0);
            preview(ui, d, &data, thumbs, commands);
            derived_state(ui, &data.item);
            ui.add_space(6.0);
            hash_row(ui, &data.item, commands);
            extract_row(ui, &mut forms.extract_path, extracting, commands);
            if !d.similar.is_empty() {
                egui::CollapsingHeader::new(t!("detail-similar-heading", count = d.similar.len()))
                    .id_salt("detail-similar")
                    .default_open(true)
                    .show(ui, |ui| similar(ui, d, commands));
            }
            ui.add_space(6.0);
            incident_chips(ui, d, selection.marked_count() == 0, commands);
            consistency_hints(ui, d);
            egui::CollapsingHeader::new(t!("detail-description-heading"))
                .id_salt("detail-description")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(edit) = drafts.edit_of(d.id()) {
                        edit_form(ui, edit, saving, commands);
                    }
                });
            egui::CollapsingHeader::new(t!("detail-recorded-heading"))
                .id_salt("detail-recorded")
                .default_open(true)
                .show(ui, |ui| {
                    facts(ui, &data.item, commands);
                });
            egui::CollapsingHeader::new(t!("detail-custody-heading"))
                .id_salt("detail-custody")
                .default_open(true)
                .show(ui, |ui| {
                    custody_view::show(ui, &data, &vault_id);
                });
        });
}

/// The incidents this item is linked to, as buttons that open them, and "Link to incident…".
/// `offer_link`: no items are marked (then the status bar's "Link to incident…" links them).
/// Where the item's GPS or capture time disagrees with an incident it is linked to: pointed
/// out in the warning colour, never changed.
fn consistency_hints(ui: &mut egui::Ui, d: &Detail) {
    use evidence_vault::incident::consistency::HintKind;
    if d.hints.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(
        RichText::new(t!("detail-hints-heading"))
            .strong()
            .color(WARN_COLOR),
    );
    for h in &d.hints {
        let incident = i18n::user_text(&h.incident_title);
        let text = match h.kind {
            HintKind::FarFromPlace { km, radius_km } => t!(
                "detail-hint-far",
                km = i18n::decimal(km, if km < 10.0 { 1 } else { 0 }),
                radius = i18n::number(radius_km.round() as u64),
                incident = incident
            ),
            HintKind::CapturedBefore { minutes } => t!(
                "detail-hint-before",
                duration = format::span_minutes(minutes.unsigned_abs()),
                incident = incident
            ),
            HintKind::CapturedAfter { minutes } => t!(
                "detail-hint-after",
                duration = format::span_minutes(minutes.unsigned_abs()),
                incident = incident
            ),
        };
        ui.label(RichText::new(text).color(WARN_COLOR));
    }
    ui.label(RichText::new(t!("detail-hints-note")).small().weak());
}

fn incident_chips(ui: &mut egui::Ui, d: &Detail, offer_link: bool, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(t!("detail-incidents-label")).weak());
        if d.incidents.is_empty() {
            ui.weak(t!("detail-incidents-none"));
        }
        for (id, title, role) in &d.incidents {
            let (title, role) = (
                i18n::user_text(title),
                super::incident_page::role_name(*role),
            );
            let role = role.to_string();
            let text = t!("detail-incident-chip", title = title, role = role);
            if ui
                .add(egui::Button::new(RichText::new(text).small()).corner_radius(10.0))
                .on_hover_text(t!("detail-incident-open-hover"))
                .clicked()
            {
                commands.push(Command::OpenIncident(id.clone()));
            }
        }
        if offer_link
            && ui
                .small_button(t!("detail-link-incident"))
                .on_hover_text(t!("detail-link-incident-hover"))
                .clicked()
        {
            commands.push(Command::Open(DialogKind::LinkIncident));
        }
    });
}

/// Near-duplicates: the same picture re-encoded, resized or cropped (perceptual hash).
fn similar(ui: &mut egui::Ui, d: &Detail, commands: &mut Vec<Command>) {
    ui.label(RichText::new(t!("detail-similar-explained")).small().weak());
    for item in &d.similar {
        ui.horizontal(|ui| {
            let closeness = if item.distance == 0 {
                t!("detail-similar-same")
            } else {
                t!("detail-similar-distance", distance = item.distance)
            };
            if ui
                .button(t!("detail-similar-show", id = short_id(&item.id)))
                .on_hover_text(t!("detail-similar-open-hover"))
                .clicked()
            {
                commands.push(Command::ShowItem(item.id.clone()));
            }
            widgets::bidi_line(ui, &item.label);
            ui.label(RichText::new(closeness).small().weak());
        });
    }
}

/// The item's stored thumbnail (a video's frame; a photo that cannot be decoded in full here).
fn thumbnail(ui: &mut egui::Ui, thumbs: &mut Thumbs, item: &Item) {
    match thumbs.get(&item.id) {
        Thumb::Ready(texture, size) => {
            let scale = (ui.available_width() / size.x).min(256.0 / size.y).min(2.0);
            let title = i18n::user_text(&item_label(item));
            let alt = t!("detail-thumbnail-alt", title = title);
            ui.add(egui::Image::new((texture, size * scale)).alt_text(alt));
        }
        Thumb::Loading => {
            ui.spinner();
        }
        Thumb::Failed => {
            ui.weak(t!("detail-thumbnail-failed"));
        }
    }
}

fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// Thumbnails and hashes made after intake: say when they are not there yet and why.
fn derived_state(ui: &mut egui::Ui, item: &Item) {
    let text = match &item.derived {
        Derived::Complete => return,
        Derived::Pending => t!("detail-derived-pending"),
        Derived::NeedsTool(MediaTool::Ffmpeg) => t!("detail-derived-needs-ffmpeg"),
        Derived::NeedsTool(MediaTool::Heif) => t!("detail-derived-needs-heif"),
        Derived::Failed(reason) => t!("detail-derived-failed", error = reason.to_string()),
    };
    ui.label(RichText::new(text).small().color(widgets::WARN_COLOR));
}

fn preview(
    ui: &mut egui::Ui,
    d: &Detail,
    data: &ItemDetail,
    thumbs: &mut Thumbs,
    commands: &mut Vec<Command>,
) {
    let width = ui.available_width();
    match data.item.kind {
        Kind::Photo => match &d.preview {
            Preview::Ready { texture, .. } => {
                let size = texture.size_vec2();
                let scale = (width / size.x).min(320.0 / size.y).min(1.0);
                let title = i18n::user_text(&item_label(&data.item));
                let r = ui.add(
                    egui::Image::new((texture.id(), size * scale))
                        .sense(egui::Sense::click())
                        .alt_text(t!("detail-photo-alt", title = title)),
                );
                if r.on_hover_text(t!("detail-photo-hover")).clicked() {
                    commands.push(Command::Open(DialogKind::Viewer));
                }
            }
            Preview::Loading { .. } => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t!("detail-photo-decrypting"));
                });
            }
            Preview::Failed { error, .. } => {
                if data.item.has_thumbnail {
                    thumbnail(ui, thumbs, &data.item);
                }
                error_message(ui, &t!("detail-photo-failed", error = error.as_str()));
            }
            Preview::None => {}
        },
        Kind::Text => {
            let body = data.note_body.as_deref().unwrap_or("");
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(width - 16.0);
                egui::ScrollArea::vertical()
                    .id_salt("note-body")
                    .max_height(260.0)
                    .show(ui, |ui| {
                        bidi_label(ui, body);
                    });
            });
            if ui.button(t!("detail-note-read-large")).clicked() {
                commands.push(Command::Open(DialogKind::Viewer));
            }
        }
        Kind::Video if data.item.has_thumbnail => thumbnail(ui, thumbs, &data.item),
        Kind::File | Kind::Video | Kind::Audio => {
            ui.weak(t!("detail-no-preview", mime = data.item.mime.as_str()));
        }
    }
}

fn hash_row(ui: &mut egui::Ui, item: &Item, commands: &mut Vec<Command>) {
    ui.label(RichText::new(t!("detail-sha-heading")).strong());
    ui.add(egui::Label::new(RichText::new(&item.sha256).monospace()).wrap());
    ui.horizontal(|ui| {
        copy_button(ui, &t!("detail-copy-sha"), &item.sha256, commands);
        copy_button(ui, &t!("detail-copy-id"), &item.id, commands);
    });
}

/// "Save a copy of the original": the exact bytes, checked against the SHA-256 as they are
/// written, and recorded as an `extracted` custody event. The copy is not encrypted.
fn extract_row(ui: &mut egui::Ui, path: &mut String, busy: bool, commands: &mut Vec<Command>) {
    egui::CollapsingHeader::new(t!("detail-extract-heading"))
        .id_salt("detail-extract")
        .show(ui, |ui| {
            ui.label(RichText::new(t!("detail-extract-warning")).small());
            ui.add_enabled_ui(!busy, |ui| {
                ui.horizontal(|ui| {
                    if ui.button(t!("detail-extract-save-as")).clicked() {
                        commands.push(Command::Pick(PickPurpose::SaveOriginal));
                    }
                    if busy {
                        ui.spinner();
                    }
                });
                ui.horizontal(|ui| {
                    let r = widgets::inline_field(
                        ui,
                        &t!("detail-extract-path"),
                        path,
                        "/media/usb/copy.jpg",
                        200.0,
                    );
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if (ui.button(t!("detail-extract-save")).clicked() || enter)
                        && !path.trim().is_empty()
                    {
                        commands.push(Command::ExtractTo(std::path::PathBuf::from(path.trim())));
                    }
                });
            });
        });
}

fn edit_form(ui: &mut egui::Ui, d: &mut EditDraft, saving: bool, commands: &mut Vec<Command>) {
    ui.add_enabled_ui(!saving, |ui| {
        let f: &mut MetaForm = d.form_mut();
        widgets::text_field(
            ui,
            &t!("detail-title"),
            &mut f.title,
            &t!("detail-title-hint"),
        );
        widgets::multiline_field(ui, &t!("detail-description"), &mut f.description, "", 3);
        widgets::text_field(ui, &t!("detail-case"), &mut f.case, &t!("detail-case-hint"));
        widgets::text_field(ui, &t!("detail-tags"), &mut f.tags, &t!("detail-tags-hint"));
        widgets::text_field(
            ui,
            &t!("detail-place"),
            &mut f.place,
            &t!("detail-place-hint"),
        );
        widgets::text_field(
            ui,
            &t!("detail-event-date"),
            &mut f.event_date,
            "YYYY-MM-DD",
        );
    });
    let dirty = d.is_dirty();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(dirty && !saving, egui::Button::new(t!("detail-save")))
            .clicked()
        {
            commands.push(Command::SaveEdits);
        }
        if ui
            .add_enabled(dirty && !saving, egui::Button::new(t!("detail-undo")))
            .clicked()
        {
            commands.push(Command::DiscardEdits);
        }
        if saving {
            ui.spinner();
            ui.label(t!("detail-saving"));
        } else if dirty {
            ui.label(RichText::new(t!("detail-not-saved")).color(widgets::WARN_COLOR));
        }
    });
    if let Some(e) = d.error() {
        error_message(ui, e);
    }
    ui.label(RichText::new(t!("detail-edits-logged")).small().weak());
}

fn facts(ui: &mut egui::Ui, item: &Item, commands: &mut Vec<Command>) {
    egui::Grid::new("facts")
        .num_columns(2)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            let row = |ui: &mut egui::Ui, name: &str, value: &str| {
                ui.label(RichText::new(name).weak());
                bidi_line(ui, value);
                ui.end_row();
            };
            row(
                ui,
                &t!("detail-kind"),
                super::grid_view::kind_word(item.kind),
            );
            let size = format::bytes(item.size);
            let size = t!("detail-size-value", size = size, count = item.size);
            row(ui, &t!("detail-size"), &size);
            row(ui, &t!("detail-type"), &item.mime);
            if let Some(n) = &item.original_name {
                row(ui, &t!("detail-original-name"), n);
            }
            if let Some(p) = &item.source_path {
                row(ui, &t!("detail-taken-from"), p);
            }
            if let Some(m) = &item.source_modified {
                row(ui, &t!("detail-file-modified"), &format::local_time(m));
            }
            row(ui, &t!("detail-added"), &format::local_time(&item.added_at));
            match &item.captured_at {
                Some(c) => row(ui, &t!("detail-captured-camera"), &format::captured(c)),
                None => row(ui, &t!("detail-captured"), &t!("detail-not-recorded")),
            }
            if let Some(cam) = &item.camera {
                let text = [cam.make.as_deref(), cam.model.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                row(ui, &t!("detail-camera"), &text);
            }
            if let (Some(w), Some(h)) = (item.width, item.height) {
                let (w, h) = (i18n::digits(&w.to_string()), i18n::digits(&h.to_string()));
                let pixels = t!("detail-pixels-value", width = w, height = h);
                row(ui, &t!("detail-pixels"), &pixels);
            }
            if let Some(o) = item.orientation {
                let meaning = match o {
                    1 => t!("detail-orientation-upright"),
                    3 => t!("detail-orientation-180", degrees = 180),
                    6 => t!("detail-orientation-cw", degrees = 90),
                    8 => t!("detail-orientation-ccw", degrees = 90),
                    _ => t!("detail-orientation-mirrored"),
                };
                let value = t!("detail-orientation-value", value = o, meaning = meaning);
                row(ui, &t!("detail-orientation"), &value);
            }
            if let Some(note) = &item.intake_note {
                row(ui, &t!("detail-intake-note"), note);
            }
            ui.label(RichText::new(t!("detail-gps")).weak());
            match &item.gps {
                Some(g) => {
                    widgets::vertical(ui, |ui| {
                        let mut text = format::gps(g.lat, g.lon);
                        if let Some(alt) = g.alt {
                            let metres = i18n::digits(&format!("{alt:.0}"));
                            text = t!("detail-gps-altitude", position = text, metres = metres);
                        }
                        ui.label(text);
                        copy_button(
                            ui,
                            &t!("detail-copy-coordinates"),
                            &format!("{:.6}, {:.6}", g.lat, g.lon),
                            commands,
                        );
                    });
                }
                None => {
                    ui.label(t!("detail-not-recorded"));
                }
            }
            ui.end_row();
        });
}
