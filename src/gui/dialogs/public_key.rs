//! "My public key": what others need to export evidence to this vault, as text and as a QR code.
//! Public keys are not secret; copying them is fine.

use eframe::egui;
use egui::RichText;

use super::super::command::Command;
use super::super::session::Session;
use super::super::widgets::copy_button;

pub fn show(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    let info = s.vault().info().clone();
    ui.label("Give this key to people who will send you evidence. They choose it as the recipient when they export, and only this vault can open what they send.");
    ui.add_space(6.0);
    ui.label(RichText::new("Vault public key (age)").strong());
    ui.add(egui::Label::new(RichText::new(&info.recipient).monospace()).wrap());
    copy_button(ui, "Copy public key", &info.recipient, commands);
    ui.add_space(6.0);
    qr_code(ui, &info.recipient);
    ui.add_space(6.0);
    ui.label(RichText::new("Custody signing key").strong());
    ui.label("Every custody event of this vault is signed with this key; recipients use it to check where evidence came from.");
    let fingerprint = s.vault().signer_fingerprint();
    ui.add(egui::Label::new(RichText::new(&fingerprint).monospace()).wrap());
    ui.horizontal(|ui| {
        copy_button(ui, "Copy fingerprint", &fingerprint, commands);
        copy_button(ui, "Copy signing key", &info.signing_key, commands);
    });
    ui.label(RichText::new("Compare the fingerprint by phone or in person before trusting a key that came by message.").small().weak());
    ui.separator();
    super::close_button(ui, commands);
}

/// Draws `text` as a QR code (dark modules on white, with the quiet zone).
fn qr_code(ui: &mut egui::Ui, text: &str) {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M) else {
        ui.weak("(The QR code cannot be drawn for this key.)");
        return;
    };
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let modules = width + 2 * quiet;
    let side = (ui.available_width().min(260.0) / modules as f32)
        .floor()
        .max(2.0)
        * modules as f32;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, "QR code of the vault public key")
    });
    let cell = side / modules as f32;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, egui::Color32::WHITE);
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (x, y) = ((i % width + quiet) as f32, (i / width + quiet) as f32);
            let r = egui::Rect::from_min_size(
                rect.min + egui::vec2(x * cell, y * cell),
                egui::vec2(cell, cell),
            );
            painter.rect_filled(r, 0.0, egui::Color32::BLACK);
        }
    }
}
