//! A large view of the selected item: the photo (orientation applied) or the note's full text.

use eframe::egui;
use evidence_vault::Kind;

use super::super::bidi_label::bidi_label;
use super::super::command::Command;
use super::super::grid_view::item_label;
use super::super::preview::Preview;
use super::super::session::Session;

pub fn show(ctx: &egui::Context, s: &Session, commands: &mut Vec<Command>) {
    let screen = ctx.content_rect();
    egui::Modal::new(egui::Id::unique("evidence-vault-viewer")).show(ctx, |ui| {
        let max = screen.size() - egui::vec2(80.0, 140.0);
        let Some(d) = s.selection.detail() else {
            ui.label("Nothing selected.");
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
                    let size = texture.size_vec2();
                    let scale = (max.x / size.x).min(max.y / size.y).min(1.0);
                    ui.add(
                        egui::Image::new((texture.id(), size * scale))
                            .alt_text(format!("Photo: {}", item_label(&data.item))),
                    );
                }
                Preview::Failed { error, .. } => {
                    ui.label(format!("The photo cannot be shown: {error}"));
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
                ui.label(format!(
                    "No preview for this kind of file ({}).",
                    data.item.mime
                ));
            }
        }
        ui.separator();
        super::close_button(ui, commands);
    });
}
