//! "My public key": what others need to export evidence to this vault, as text and as a QR code.
//! Public keys are not secret; copying them is fine.

use eframe::egui;
use egui::RichText;

use super::super::command::Command;
use super::super::i18n::t;
use super::super::session::Session;
use super::super::widgets::copy_button;

pub fn show(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    let info = s.vault().info().clone();
    ui.label(t!("pubkey-intro"));
    ui.add_space(6.0);
    ui.label(RichText::new(t!("pubkey-heading")).strong());
    ui.add(egui::Label::new(RichText::new(&info.recipient).monospace()).wrap());
    copy_button(ui, &t!("pubkey-copy"), &info.recipient, commands);
    ui.add_space(6.0);
    qr_code(ui, &info.recipient);
    ui.add_space(6.0);
    ui.label(RichText::new(t!("pubkey-signing-heading")).strong());
    ui.label(t!("pubkey-signing-intro"));
    let fingerprint = s.vault().signer_fingerprint();
    ui.add(egui::Label::new(RichText::new(&fingerprint).monospace()).wrap());
    ui.horizontal(|ui| {
        copy_button(ui, &t!("pubkey-copy-fingerprint"), &fingerprint, commands);
        copy_button(
            ui,
            &t!("pubkey-copy-signing-key"),
            &info.signing_key,
            commands,
        );
    });
    ui.label(RichText::new(t!("pubkey-compare")).small().weak());
    ui.separator();
    super::close_button(ui, commands);
}

/// Draws `text` as a QR code (dark modules on white, with the quiet zone).
fn qr_code(ui: &mut egui::Ui, text: &str) {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M) else {
        ui.weak(t!("pubkey-no-qr"));
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
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, t!("pubkey-qr-name")));
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
