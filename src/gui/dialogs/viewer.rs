//! A large view of the selected item: the photo (orientation applied) with zoom and pan, or
//! the note's full text; the Left and Right arrows (or the buttons) go to the previous and next item
//! (mirrored in Arabic: there the Right arrow goes back).

use eframe::egui;
use evidence_vault::Kind;

use super::super::bidi_label::{bidi_label, bidi_layout_job};
use super::super::command::Command;
use super::super::grid_view::item_label;
use super::super::i18n::{self, t};
use super::super::preview::Preview;
use super::super::session::Session;
use super::super::widgets;

pub fn show(ctx: &egui::Context, s: &Session, commands: &mut Vec<Command>) {
    let screen = ctx.content_rect();
    egui::Modal::new(egui::Id::unique("evidence-vault-viewer")).show(ctx, |ui| {
        let max = screen.size() - egui::vec2(80.0, 140.0);
        let Some(d) = s.selection.detail() else {
            ui.label(t!("viewer-nothing"));
            super::close_button(ui, commands);
            return;
        };
        let Some(data) = d.data.clone() else {
            ui.spinner();
            return;
        };
        ui.set_max_width(max.x);
        ui.scope(|ui| {
            ui.style_mut().override_text_style = Some(egui::TextStyle::Heading);
            bidi_label(ui, &item_label(&data.item));
        });
        ui.separator();
        match data.item.kind {
            Kind::Photo => match &d.preview {
                Preview::Ready { texture, .. } => {
                    let title = i18n::user_text(&item_label(&data.item));
                    zoomable(ui, texture, max, &title, d.id());
                }
                Preview::Failed { error, .. } => {
                    ui.label(t!("viewer-photo-failed", error = error.as_str()));
                }
                _ => {
                    ui.spinner();
                }
            },
            Kind::Text => {
                ui.set_width(max.x.min(900.0));
                egui::ScrollArea::vertical()
                    .id_salt("viewer-note")
                    .max_height(max.y)
                    .show(ui, |ui| {
                        bidi_label(ui, data.note_body.as_deref().unwrap_or(""));
                    });
            }
            Kind::File | Kind::Video | Kind::Audio => {
                ui.label(t!("viewer-no-preview", mime = data.item.mime.as_str()));
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            // Back is the way reading comes from: left in English, right in Arabic.
            let left = (egui::Key::ArrowLeft, t!("viewer-key-left"));
            let right = (egui::Key::ArrowRight, t!("viewer-key-right"));
            let ((back_key, back_name), (forward_key, forward_name)) = if i18n::is_rtl() {
                (right, left)
            } else {
                (left, right)
            };
            let arrow = widgets::back_arrow();
            let text = t!("viewer-previous-button", arrow = arrow);
            let prev = arrow_button(ui, &text, &t!("viewer-previous"))
                .on_hover_text(back_name)
                .clicked()
                || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, back_key));
            let arrow = widgets::forward_arrow();
            let text = t!("viewer-next-button", arrow = arrow);
            let next = arrow_button(ui, &text, &t!("viewer-next"))
                .on_hover_text(forward_name)
                .clicked()
                || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, forward_key));
            if prev {
                commands.push(Command::MoveCursor(-1));
            }
            if next {
                commands.push(Command::MoveCursor(1));
            }
            super::close_button(ui, commands);
        });
    });
}

/// A button showing `text` (a word and an arrow) in reading order, named `name` for screen
/// readers (the word alone: the arrow is only a picture of the direction).
fn arrow_button(ui: &mut egui::Ui, text: &str, name: &str) -> egui::Response {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let mut job = bidi_layout_job(text, font, egui::Color32::PLACEHOLDER, f32::INFINITY);
    // The button places its text itself.
    job.halign = egui::Align::LEFT;
    let response = ui.button(job);
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    response
}

/// How the photo of one item is looked at: zoom (1 = fit the window) and offset from centre.
#[derive(Clone, Copy)]
struct Look {
    zoom: f32,
    pan: egui::Vec2,
}

impl Default for Look {
    fn default() -> Self {
        Look {
            zoom: 1.0,
            pan: egui::Vec2::ZERO,
        }
    }
}

const MAX_ZOOM: f32 = 16.0;

/// The photo in an area of `max`: wheel or +/- zoom (about the pointer for the wheel), drag
/// moves, 0 or a double click fits it again. Kept per item in egui's memory (wiped at lock).
fn zoomable(
    ui: &mut egui::Ui,
    texture: &egui::TextureHandle,
    max: egui::Vec2,
    label: &str,
    id: &str,
) {
    let key = egui::Id::unique(("viewer-look", id));
    let mut look: Look = ui.data_mut(|d| *d.get_temp_mut_or_default::<Look>(key));
    let size = texture.size_vec2();
    let fit = (max.x / size.x).min(max.y / size.y).min(1.0);
    let area = size * fit;
    let (rect, response) = ui.allocate_exact_size(
        area.max(egui::vec2(200.0, 150.0)),
        egui::Sense::click_and_drag(),
    );
    let response = response.on_hover_text(t!("viewer-zoom-hover"));
    let before = look.zoom;
    if response.hovered() {
        let (scroll, zoom_delta) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        if scroll != 0.0 {
            look.zoom *= (scroll / 200.0).exp();
        }
        look.zoom *= zoom_delta;
    }
    ui.input_mut(|i| {
        if i.consume_key(egui::Modifiers::NONE, egui::Key::Plus)
            || i.consume_key(egui::Modifiers::NONE, egui::Key::Equals)
        {
            look.zoom *= 1.25;
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::Minus) {
            look.zoom /= 1.25;
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::Num0) {
            look = Look::default();
        }
    });
    if response.double_clicked() {
        look = Look::default();
    }
    look.zoom = look.zoom.clamp(1.0, MAX_ZOOM);
    // Zoom about the pointer: the point under it stays under it.
    if look.zoom != before
        && let Some(p) = response.hover_pos()
    {
        let from_centre = p - rect.center() - look.pan;
        look.pan -= from_centre * (look.zoom / before - 1.0);
    }
    if response.dragged() {
        look.pan += response.drag_delta();
    }
    let shown = area * look.zoom;
    let slack = ((shown - rect.size()) / 2.0).max(egui::Vec2::ZERO);
    look.pan = look.pan.clamp(-slack, slack);
    if look.zoom == 1.0 {
        look.pan = egui::Vec2::ZERO;
    }
    let image_rect = egui::Rect::from_center_size(rect.center() + look.pan, shown);
    ui.painter_at(rect).image(
        texture.id(),
        image_rect,
        egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
        egui::Color32::WHITE,
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Image,
            true,
            t!("viewer-photo-alt", title = label),
        )
    });
    if look.zoom > 1.0 {
        let percent = i18n::digits(&format!("{:.0}", look.zoom * fit * 100.0));
        ui.label(
            egui::RichText::new(t!("viewer-zoom", percent = percent))
                .small()
                .weak(),
        );
    }
    ui.data_mut(|d| d.insert_temp(key, look));
}
