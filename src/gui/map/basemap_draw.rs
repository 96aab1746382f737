//! The built-in basemap under the marks: coastlines, country and province borders, rivers and
//! place names, each from the zoom it helps at. Lines are culled by their chunk's bounding box,
//! names by rank and by the room left on screen.

use eframe::egui::{self, Color32, Pos2, Rect, Stroke, pos2, vec2};
use evidence_vault::geo::basemap::{Basemap, LayerKind};

use super::camera::Camera;

/// At most this many place names at once: more is clutter, and each costs a text layout.
const MAX_NAMES: usize = 120;

pub fn draw(ui: &egui::Ui, painter: &egui::Painter, cam: &Camera, rect: Rect) {
    let Ok(map) = Basemap::builtin() else {
        // The asset is compiled in and tested: this can only be a build gone wrong. The marks
        // still show on the plain background.
        return;
    };
    let dark = ui.visuals().dark_mode;
    let view = cam.view(rect, 0.0);
    let zoom = cam.zoom as f32;
    for layer in &map.layers {
        if zoom < layer.min_zoom || zoom >= layer.max_zoom {
            continue;
        }
        let stroke = stroke(layer.kind, dark, zoom);
        for line in &layer.lines {
            let b = line.bbox;
            if b[2] < view[0] || b[0] > view[2] || b[3] < view[1] || b[1] > view[3] {
                continue;
            }
            let points: Vec<Pos2> = line
                .points
                .iter()
                .map(|p| cam.to_screen_f32(rect, *p))
                .collect();
            painter.add(egui::Shape::line(points, stroke));
        }
    }
    names(ui, painter, cam, rect, map, view);
}

fn stroke(kind: LayerKind, dark: bool, zoom: f32) -> Stroke {
    let (light, night, width) = match kind {
        LayerKind::Coast => (
            Color32::from_rgb(0x6F, 0x8F, 0xAF),
            Color32::from_rgb(0x5A, 0x7A, 0x9A),
            1.2,
        ),
        LayerKind::Country => (
            Color32::from_rgb(0x70, 0x70, 0x70),
            Color32::from_rgb(0xA0, 0xA0, 0xA0),
            1.4,
        ),
        LayerKind::Province => (
            Color32::from_rgb(0xB0, 0xB0, 0xB0),
            Color32::from_rgb(0x60, 0x60, 0x60),
            0.8,
        ),
        LayerKind::River => (
            Color32::from_rgb(0x8C, 0xB4, 0xD8),
            Color32::from_rgb(0x3A, 0x5F, 0x85),
            if zoom >= 7.0 { 1.3 } else { 0.9 },
        ),
    };
    Stroke::new(width, if dark { night } else { light })
}

fn names(
    ui: &egui::Ui,
    painter: &egui::Painter,
    cam: &Camera,
    rect: Rect,
    map: &Basemap,
    view: [f32; 4],
) {
    let zoom = cam.zoom as f32;
    let font = egui::TextStyle::Small.resolve(ui.style());
    let ink = ui.visuals().text_color().gamma_multiply(0.85);
    let halo = ui.visuals().extreme_bg_color;
    // The scale bar and the credits keep the bottom strip.
    let mut taken: Vec<Rect> = vec![Rect::from_min_max(
        pos2(rect.left(), rect.bottom() - 24.0),
        rect.max,
    )];
    // Most important first (the basemap lists them in that order).
    for p in &map.places {
        if taken.len() > MAX_NAMES {
            break;
        }
        if zoom < p.min_zoom || p.x < view[0] || p.x > view[2] || p.y < view[1] || p.y > view[3] {
            continue;
        }
        let at = cam.to_screen_f32(rect, [p.x, p.y]);
        let galley = painter.layout_no_wrap(p.name.clone(), font.clone(), ink);
        let text_rect =
            Rect::from_min_size(at + vec2(5.0, -galley.size().y / 2.0), galley.size()).expand(2.0);
        if taken.iter().any(|r| r.intersects(text_rect)) {
            continue;
        }
        taken.push(text_rect);
        let r = if p.capital { 3.5 } else { 2.5 };
        painter.circle(at, r, ink, Stroke::new(1.0, halo));
        painter.galley(
            pos2(text_rect.min.x + 2.0, text_rect.min.y + 2.0),
            galley,
            ink,
        );
    }
}
