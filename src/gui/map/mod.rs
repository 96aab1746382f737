//! The offline map of the evidence: items with GPS as clusters that stay light at 100,000
//! points, incidents with coordinates as diamonds, over the built-in basemap (Natural Earth,
//! compiled in) and, when an organisation added one, its own offline tile set. Nothing here
//! makes a network request.
//!
//! Drag moves the map, the wheel zooms at the pointer; "Select area" (or Shift+drag) draws an
//! area that filters the grid and marks what it holds; a click on a point shows the item, on a
//! cluster zooms into it (Ctrl+click marks its items), on a diamond opens the incident. The
//! points are those of the current search and filters, whatever the area.

pub mod camera;
pub mod tile_cache;

mod basemap_draw;
mod marks;

use eframe::egui::{self, Color32, Rect, Sense, Stroke, pos2, vec2};
use evidence_vault::geo::{self, GeoBox};

use super::command::Command;
use super::i18n::{self, t};
use super::session::Session;
use super::widgets;
use camera::Camera;
use marks::Hit;

/// Zoom that a fit never goes past (one photo, or a few metres apart: show the street).
const FIT_MAX_ZOOM: f64 = 15.0;

/// The map's accessible name, so tests and screen readers find it.
pub fn canvas_name() -> String {
    t!("map-canvas")
}

/// The map view: its tool row, then the map filling `height` points.
pub fn show(ui: &mut egui::Ui, s: &mut Session, height: f32, commands: &mut Vec<Command>) {
    tool_row(ui, s, commands);
    let size = vec2(ui.available_width(), height.max(120.0));
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, canvas_name()));
    let Some(layers) = s.geo.layers().cloned() else {
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, sea_color(ui));
        let text = s
            .geo
            .error()
            .map(str::to_owned)
            .unwrap_or_else(|| t!("map-reading"));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            text,
            egui::TextStyle::Body.resolve(ui.style()),
            ui.visuals().text_color(),
        );
        return;
    };
    let mut cam = s.geo.camera.unwrap_or_else(|| {
        let mut c = Camera::default();
        if let Some(b) = layers.bounds {
            c.fit(rect, b, FIT_MAX_ZOOM);
        }
        c
    });
    interact(ui, s, &layers, &mut cam, rect, &response, commands);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, sea_color(ui));
    if let Some(tiles) = s.geo.tiles.as_mut() {
        tiles.draw(ui.ctx(), &painter, &cam, rect);
    }
    basemap_draw::draw(ui, &painter, &cam, rect);
    if let Some(area) = s.query.filters.area {
        draw_area(&painter, &cam, rect, area, ui.visuals().selection.bg_fill);
    }
    let selecting = s.geo.select_tool || ui.input(|i| i.modifiers.shift);
    if selecting
        && response.dragged()
        && let Some(a) = s.geo.map_drag_from
        && let Some(b) = ui.input(|i| i.pointer.interact_pos())
    {
        draw_box(
            &painter,
            Rect::from_two_pos(a, b),
            ui.visuals().selection.bg_fill,
        );
    }
    let hits = marks::draw(ui, &painter, &cam, rect, &layers, &s.selection);
    overlay(ui, &painter, &cam, rect, s);
    if let Some(pointer) = response.hover_pos()
        && let Some(hit) = marks::hit_at(&hits, pointer)
    {
        marks::tooltip(s, &layers, &response, hit);
    }
    s.geo.camera = Some(cam);
}

/// Above the map: the area tool, fit, zoom buttons, the area chosen and what is shown.
fn tool_row(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        let tool = s.geo.select_tool;
        if ui
            .add(egui::Button::selectable(tool, t!("map-select-area")))
            .on_hover_text(t!("map-select-area-hint"))
            .clicked()
        {
            s.geo.select_tool = !tool;
        }
        if ui
            .button(t!("map-fit"))
            .on_hover_text(t!("map-fit-hint"))
            .clicked()
        {
            s.geo.camera = None;
        }
        if let Some(area) = s.query.filters.area {
            ui.label(t!(
                "map-area",
                area = i18n::isolate(&i18n::digits(&area.to_string()))
            ));
            if ui
                .small_button(t!("map-clear-area"))
                .on_hover_text(t!("map-clear-area-hint"))
                .clicked()
            {
                commands.push(Command::ClearArea);
            }
        }
        if let Some(l) = s.geo.layers() {
            ui.separator();
            ui.label(t!(
                "map-counts",
                shown = l.points.len(),
                without = l.without_gps,
                incidents = l.incidents.iter().filter(|i| i.xy.is_some()).count()
            ));
        }
        if s.geo.is_waiting() {
            ui.spinner();
        }
        if let Some(e) = s.geo.error() {
            ui.label(egui::RichText::new(e).color(widgets::ERROR_COLOR));
        }
    });
}

/// The keyboard, for a hand without a mouse (a touchpad at a checkpoint): arrows move the map by
/// a fifth of its size, + and - zoom at the centre, 0 fits again. Keys reach the map only while
/// no text field has them (the app's key handling leaves them on the map's view).
fn keys(ui: &egui::Ui, cam: &mut Camera, rect: Rect) {
    use egui::Key;
    // Keys go to the timeline under the map while the pointer is over it.
    let over_timeline = ui
        .ctx()
        .pointer_hover_pos()
        .is_some_and(|p| p.y > rect.bottom());
    if over_timeline || ui.ctx().memory(|m| m.focused().is_some()) {
        return;
    }
    let (dx, dy) = (rect.width() / 5.0, rect.height() / 5.0);
    for (key, delta) in [
        (Key::ArrowLeft, vec2(dx, 0.0)),
        (Key::ArrowRight, vec2(-dx, 0.0)),
        (Key::ArrowUp, vec2(0.0, dy)),
        (Key::ArrowDown, vec2(0.0, -dy)),
    ] {
        if ui.input(|i| i.key_pressed(key)) {
            cam.pan(delta);
        }
    }
    if ui.input(|i| i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals)) {
        cam.zoom_at(rect, rect.center(), 1.0);
    }
    if ui.input(|i| i.key_pressed(Key::Minus)) {
        cam.zoom_at(rect, rect.center(), -1.0);
    }
}

/// Wheel, drags and clicks.
fn interact(
    ui: &egui::Ui,
    s: &mut Session,
    layers: &evidence_vault::geo::layers::MapLayers,
    cam: &mut Camera,
    rect: Rect,
    response: &egui::Response,
    commands: &mut Vec<Command>,
) {
    if let Some(pointer) = response.hover_pos() {
        let steps = widgets::wheel_zoom_steps(ui);
        if steps != 0.0 {
            cam.zoom_at(rect, pointer, steps);
        }
    }
    keys(ui, cam, rect);
    let selecting = s.geo.select_tool || ui.input(|i| i.modifiers.shift);
    if response.drag_started() {
        s.geo.map_drag_from = ui.input(|i| i.pointer.press_origin());
    }
    if response.dragged() && !selecting {
        cam.pan(response.drag_delta());
    }
    let ends = s
        .geo
        .map_drag_from
        .zip(ui.input(|i| i.pointer.interact_pos()));
    if response.drag_stopped() {
        s.geo.map_drag_from = None;
    }
    if response.drag_stopped()
        && selecting
        && let Some((a, b)) = ends
        && (a - b).length() > 4.0
    {
        let wa = cam.to_world(rect, a);
        let wb = cam.to_world(rect, b);
        let area = GeoBox::from_corners(geo::unproject(wa[0], wa[1]), geo::unproject(wb[0], wb[1]));
        let nums = layers
            .points
            .iter()
            .filter(|p| p.gps.is_some_and(|(lat, lon)| area.contains(lat, lon)))
            .map(|p| p.num)
            .collect();
        commands.push(Command::SelectArea { area, nums });
        s.geo.select_tool = false;
    }
    if response.double_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        cam.zoom_at(rect, p, 1.0);
        return;
    }
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let hits = marks::hits(cam, rect, layers);
        let ctrl = ui.input(|i| i.modifiers.command || i.modifiers.shift);
        match marks::hit_at(&hits, p) {
            Some(Hit::Point { index, .. }) => {
                let point = &layers.points[*index as usize];
                if ctrl {
                    commands.push(Command::MarkItems {
                        nums: vec![point.num],
                        toggle: true,
                    });
                } else {
                    commands.push(Command::ShowItem(point.id.clone()));
                }
            }
            Some(Hit::Cluster { id, world, .. }) => {
                if ctrl {
                    let nums = layers
                        .clusters
                        .members(*id)
                        .iter()
                        .map(|i| layers.points[*i as usize].num)
                        .collect();
                    commands.push(Command::MarkItems {
                        nums,
                        toggle: false,
                    });
                } else {
                    cam.center = [world[0] as f64, world[1] as f64];
                    cam.zoom = (cam.zoom + 2.0).min(camera::MAX_ZOOM);
                }
            }
            Some(Hit::Incident { index, .. }) => {
                commands.push(Command::OpenIncident(layers.incidents[*index].id.clone()));
            }
            None => {}
        }
    }
}

fn draw_area(painter: &egui::Painter, cam: &Camera, rect: Rect, area: GeoBox, fill: Color32) {
    let a = geo::project(area.north, area.west);
    let b = geo::project(area.south, area.east);
    let r = Rect::from_two_pos(
        cam.to_screen(rect, [a.0, a.1]),
        cam.to_screen(rect, [b.0, b.1]),
    );
    draw_box(painter, r, fill);
}

fn draw_box(painter: &egui::Painter, r: Rect, fill: Color32) {
    painter.rect_filled(r, 0.0, fill.gamma_multiply(0.25));
    painter.rect_stroke(r, 0.0, Stroke::new(1.5, fill), egui::StrokeKind::Inside);
}

/// The scale bar (bottom left) and where the map comes from (bottom right).
fn overlay(ui: &egui::Ui, painter: &egui::Painter, cam: &Camera, rect: Rect, s: &Session) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let ink = ui.visuals().text_color();
    let km_per_pt = cam.km_per_point();
    let (km, width) = scale_bar(km_per_pt, 120.0);
    let base = pos2(rect.left() + 12.0, rect.bottom() - 14.0);
    painter.line_segment([base, base + vec2(width, 0.0)], Stroke::new(2.0, ink));
    for x in [0.0, width] {
        painter.line_segment(
            [base + vec2(x, -4.0), base + vec2(x, 2.0)],
            Stroke::new(1.5, ink),
        );
    }
    let label = if km >= 1.0 {
        t!("map-scale-km", km = i18n::number(km as u64))
    } else {
        t!(
            "map-scale-m",
            m = i18n::number((km * 1000.0).round() as u64)
        )
    };
    painter.text(
        base + vec2(width + 6.0, 0.0),
        egui::Align2::LEFT_CENTER,
        label,
        font.clone(),
        ink,
    );
    let mut source = t!("map-attribution");
    if let Some(tiles) = s.geo.tiles.as_ref() {
        source = format!("{source} · {}", tiles.attribution());
    }
    let galley = painter.layout_no_wrap(source, font, ink.gamma_multiply(0.8));
    let at = pos2(
        rect.right() - 8.0 - galley.size().x,
        rect.bottom() - 6.0 - galley.size().y,
    );
    painter.rect_filled(
        Rect::from_min_size(at, galley.size()).expand(2.0),
        2.0,
        sea_color(ui).gamma_multiply(0.85),
    );
    painter.galley(at, galley, ink);
}

/// The longest round distance (1, 2 or 5 × 10ⁿ km) that fits in `max_points`, and its length.
fn scale_bar(km_per_point: f64, max_points: f64) -> (f64, f32) {
    let max_km = km_per_point * max_points;
    let mut unit = 10f64.powf(max_km.log10().floor());
    for m in [5.0, 2.0, 1.0] {
        if m * unit <= max_km {
            unit *= m;
            break;
        }
    }
    (unit, (unit / km_per_point) as f32)
}

fn sea_color(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0x1B, 0x24, 0x30)
    } else {
        Color32::from_rgb(0xE4, 0xEC, 0xF2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_bar_is_a_round_distance_that_fits() {
        let (km, w) = scale_bar(0.37, 120.0);
        assert_eq!(km, 20.0);
        assert!(w <= 120.0 && w > 40.0);
        let (km, _) = scale_bar(0.0004, 120.0);
        assert!((km - 0.02).abs() < 1e-12, "{km}");
    }
}
