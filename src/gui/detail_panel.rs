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
use super::preview::Preview;
use super::session::{Detail, EditDraft, JobKind, MetaForm, Session};
use super::thumbs::{Thumb, Thumbs};
use super::widgets::{self, bidi_line, copy_button, error_message};

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
        ui.weak("Select an item to see its details, its SHA-256 and its custody log.");
        return;
    };
    if let Some(e) = &d.error {
        error_message(ui, e);
        return;
    }
    let Some(data) = d.data.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Reading…");
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
                egui::CollapsingHeader::new(format!("Similar items ({})", d.similar.len()))
                    .default_open(true)
                    .show(ui, |ui| similar(ui, d, commands));
            }
            ui.add_space(6.0);
            incident_chips(ui, d, selection.marked_count() == 0, commands);
            egui::CollapsingHeader::new("Documenter's description")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(edit) = drafts.edit_of(d.id()) {
                        edit_form(ui, edit, saving, commands);
                    }
                });
            egui::CollapsingHeader::new("What the file and camera recorded")
                .default_open(true)
                .show(ui, |ui| {
                    facts(ui, &data.item, commands);
                });
            egui::CollapsingHeader::new("Custody log")
                .default_open(true)
                .show(ui, |ui| {
                    custody_view::show(ui, &data, &vault_id);
                });
        });
}

/// The incidents this item is linked to, as buttons that open them, and "Link to incident…".
/// `offer_link`: no items are marked (then the status bar's "Link to incident…" links them).
fn incident_chips(ui: &mut egui::Ui, d: &Detail, offer_link: bool, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Incidents:").weak());
        if d.incidents.is_empty() {
            ui.weak("none");
        }
        for (id, title, role) in &d.incidents {
            let text = format!("{title} ({})", super::incident_page::role_name(*role));
            if ui
                .add(egui::Button::new(RichText::new(text).small()).corner_radius(10.0))
                .on_hover_text("Open this incident")
                .clicked()
            {
                commands.push(Command::OpenIncident(id.clone()));
            }
        }
        if offer_link
            && ui
                .small_button("Link to incident…")
                .on_hover_text("Link this item to an incident, or start one from it")
                .clicked()
        {
            commands.push(Command::Open(DialogKind::LinkIncident));
        }
    });
}

/// Near-duplicates: the same picture re-encoded, resized or cropped (perceptual hash).
fn similar(ui: &mut egui::Ui, d: &Detail, commands: &mut Vec<Command>) {
    ui.label(
        RichText::new(
            "Copies of this picture found in the vault, re-encoded, resized or cropped (by their \
             perceptual hash). Compare them before treating them as the same evidence.",
        )
        .small()
        .weak(),
    );
    for item in &d.similar {
        ui.horizontal(|ui| {
            let closeness = if item.distance == 0 {
                "same picture".to_owned()
            } else {
                format!("distance {}", item.distance)
            };
            if ui
                .button(format!("Show {}", short_id(&item.id)))
                .on_hover_text("Open this item")
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
            ui.add(
                egui::Image::new((texture, size * scale))
                    .alt_text(format!("Preview: {}", item_label(item))),
            );
        }
        Thumb::Loading => {
            ui.spinner();
        }
        Thumb::Failed => {
            ui.weak("The preview cannot be shown.");
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
        Derived::Pending => "Its preview is being made (the item itself is secured).".to_owned(),
        Derived::NeedsTool(MediaTool::Ffmpeg) => {
            "Previews of videos need ffmpeg: install it (sudo apt install ffmpeg) and open the vault again. The item itself is complete.".to_owned()
        }
        Derived::NeedsTool(MediaTool::Heif) => {
            "Previews of HEIC photos need libheif: install it (sudo apt install libheif-examples) and open the vault again. The item itself is complete.".to_owned()
        }
        Derived::Failed(reason) => {
            format!("No preview could be made: {reason}. The item itself is secured as it came.")
        }
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
                let r = ui.add(
                    egui::Image::new((texture.id(), size * scale))
                        .sense(egui::Sense::click())
                        .alt_text(format!("Photo: {}", item_label(&data.item))),
                );
                if r.on_hover_text("Click for a large view (Enter)").clicked() {
                    commands.push(Command::Open(DialogKind::Viewer));
                }
            }
            Preview::Loading { .. } => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Decrypting the photo…");
                });
            }
            Preview::Failed { error, .. } => {
                if data.item.has_thumbnail {
                    thumbnail(ui, thumbs, &data.item);
                }
                error_message(ui, &format!("The photo cannot be shown in full: {error}"));
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
            if ui.button("Read in a large window").clicked() {
                commands.push(Command::Open(DialogKind::Viewer));
            }
        }
        Kind::Video if data.item.has_thumbnail => thumbnail(ui, thumbs, &data.item),
        Kind::File | Kind::Video | Kind::Audio => {
            ui.weak(format!(
                "No preview for this kind of file ({}).",
                data.item.mime
            ));
        }
    }
}

fn hash_row(ui: &mut egui::Ui, item: &Item, commands: &mut Vec<Command>) {
    ui.label(RichText::new("SHA-256 of the original").strong());
    ui.add(egui::Label::new(RichText::new(&item.sha256).monospace()).wrap());
    ui.horizontal(|ui| {
        copy_button(ui, "Copy SHA-256", &item.sha256, commands);
        copy_button(ui, "Copy item ID", &item.id, commands);
    });
}

/// "Save a copy of the original": the exact bytes, checked against the SHA-256 as they are
/// written, and recorded as an `extracted` custody event. The copy is not encrypted.
fn extract_row(ui: &mut egui::Ui, path: &mut String, busy: bool, commands: &mut Vec<Command>) {
    egui::CollapsingHeader::new("Save a copy of the original").show(ui, |ui| {
        ui.label(
            RichText::new(
                "The copy is NOT encrypted: save it only where it is safe (e.g. to hand it to a court or an archive). The vault checks the copy against its SHA-256 and records it in the custody log; it never overwrites a file.",
            )
            .small(),
        );
        ui.add_enabled_ui(!busy, |ui| {
            ui.horizontal(|ui| {
                if ui.button("Save a copy as…").clicked() {
                    commands.push(Command::Pick(PickPurpose::SaveOriginal));
                }
                if busy {
                    ui.spinner();
                }
            });
            ui.horizontal(|ui| {
                let r = widgets::inline_field(ui, "Or type where:", path, "/media/usb/copy.jpg", 200.0);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Save copy").clicked() || enter) && !path.trim().is_empty() {
                    commands.push(Command::ExtractTo(std::path::PathBuf::from(path.trim())));
                }
            });
        });
    });
}

fn edit_form(ui: &mut egui::Ui, d: &mut EditDraft, saving: bool, commands: &mut Vec<Command>) {
    ui.add_enabled_ui(!saving, |ui| {
        let f: &mut MetaForm = d.form_mut();
        widgets::text_field(ui, "Title", &mut f.title, "What this shows");
        widgets::multiline_field(ui, "Description", &mut f.description, "", 3);
        widgets::text_field(ui, "Case", &mut f.case, "e.g. TABQA-2017-03");
        widgets::text_field(
            ui,
            "Tags (separated by commas)",
            &mut f.tags,
            "airstrike, school",
        );
        widgets::text_field(ui, "Place", &mut f.place, "Where it happened");
        widgets::text_field(
            ui,
            "Event date (YYYY-MM-DD)",
            &mut f.event_date,
            "YYYY-MM-DD",
        );
    });
    let dirty = d.is_dirty();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(dirty && !saving, egui::Button::new("Save changes"))
            .clicked()
        {
            commands.push(Command::SaveEdits);
        }
        if ui
            .add_enabled(dirty && !saving, egui::Button::new("Undo changes"))
            .clicked()
        {
            commands.push(Command::DiscardEdits);
        }
        if saving {
            ui.spinner();
            ui.label("Saving…");
        } else if dirty {
            ui.label(RichText::new("Not saved yet").color(widgets::WARN_COLOR));
        }
    });
    if let Some(e) = d.error() {
        error_message(ui, e);
    }
    ui.label(
        RichText::new("Every change is recorded, with the old and new value, in the custody log.")
            .small()
            .weak(),
    );
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
            row(ui, "Kind", super::grid_view::kind_word(item.kind));
            row(
                ui,
                "Size",
                &format!(
                    "{} ({} bytes)",
                    format::bytes(item.size),
                    format::count(item.size)
                ),
            );
            row(ui, "Type", &item.mime);
            if let Some(n) = &item.original_name {
                row(ui, "Original name", n);
            }
            if let Some(p) = &item.source_path {
                row(ui, "Taken from", p);
            }
            if let Some(m) = &item.source_modified {
                row(ui, "File modified", &format::local_time(m));
            }
            row(ui, "Added to vault", &format::local_time(&item.added_at));
            match &item.captured_at {
                Some(c) => row(ui, "Captured (camera clock)", &format::captured(c)),
                None => row(ui, "Captured", "not recorded"),
            }
            if let Some(cam) = &item.camera {
                let text = [cam.make.as_deref(), cam.model.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                row(ui, "Camera", &text);
            }
            if let (Some(w), Some(h)) = (item.width, item.height) {
                row(ui, "Pixels", &format!("{w} × {h}"));
            }
            if let Some(o) = item.orientation {
                let meaning = match o {
                    1 => "upright",
                    3 => "rotated 180°",
                    6 => "rotated 90° clockwise for display",
                    8 => "rotated 90° counter-clockwise for display",
                    _ => "mirrored",
                };
                row(ui, "Orientation", &format!("{o} ({meaning})"));
            }
            if let Some(note) = &item.intake_note {
                row(ui, "Intake note", note);
            }
            ui.label(RichText::new("GPS").weak());
            match &item.gps {
                Some(g) => {
                    ui.vertical(|ui| {
                        let mut text = format::gps(g.lat, g.lon);
                        if let Some(alt) = g.alt {
                            text.push_str(&format!(", altitude {alt:.0} m"));
                        }
                        ui.label(text);
                        copy_button(
                            ui,
                            "Copy coordinates",
                            &format!("{:.6}, {:.6}", g.lat, g.lon),
                            commands,
                        );
                    });
                }
                None => {
                    ui.label("not recorded");
                }
            }
            ui.end_row();
        });
}
