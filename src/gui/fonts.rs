//! Fonts: egui's defaults, with Noto Sans Arabic after them as a fallback, so Arabic titles, notes
//! and metadata are drawn (egui's own fonts have no Arabic letters).

use std::sync::Arc;

use eframe::egui;

const ARABIC_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");

/// The font definitions the app uses (defaults + Arabic fallback).
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto_arabic".to_owned(),
        Arc::new(egui::FontData::from_static(ARABIC_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto_arabic".to_owned());
    }
    fonts
}

/// Installs the app's fonts and style into `ctx`. Call before the first frame.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
    // Right-to-left text in display order everywhere egui draws text (vendor/README.md).
    egui::epaint::text::set_pre_layout_hook(Some(super::bidi_label::display_order));
    // A wheel notch moves about one row of the grid (egui's 40 points move a fifth of one):
    // big vaults are scrolled, not dragged.
    ctx.options_mut(|o| o.input_options.line_scroll_speed = 110.0);
    ctx.global_style_mut(|style| {
        // Larger text and targets than egui's defaults: easier under stress and on small screens.
        for (text_style, font) in style.text_styles.iter_mut() {
            font.size = match text_style {
                egui::TextStyle::Heading => 22.0,
                egui::TextStyle::Small => 11.0,
                egui::TextStyle::Monospace => 13.0,
                _ => 15.0,
            };
        }
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 26.0;
    });
}
