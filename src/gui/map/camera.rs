//! Where the map looks: a centre in Web Mercator world units (`evidence_vault::geo::project`,
//! the world square `[0, 1]²`, y down) and a zoom (the world is `256 · 2^zoom` points wide, as
//! web maps count). Pure arithmetic, so panning and zooming are tested without a window.

use eframe::egui::{Pos2, Rect, Vec2, pos2};

/// Closest zoom: the Syrian coast to the Euphrates fits a laptop screen at 6–7; 18 is a street.
pub const MIN_ZOOM: f64 = 1.0;
pub const MAX_ZOOM: f64 = 18.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub center: [f64; 2],
    pub zoom: f64,
}

impl Default for Camera {
    /// The Levant, where the vaults this was written for are filled.
    fn default() -> Self {
        let (x, y) = evidence_vault::geo::project(35.0, 38.5);
        Camera {
            center: [x, y],
            zoom: 6.0,
        }
    }
}

impl Camera {
    /// Points per world unit.
    pub fn scale(&self) -> f64 {
        256.0 * self.zoom.exp2()
    }

    pub fn to_screen(&self, rect: Rect, w: [f64; 2]) -> Pos2 {
        let s = self.scale();
        let c = rect.center();
        pos2(
            (c.x as f64 + (w[0] - self.center[0]) * s) as f32,
            (c.y as f64 + (w[1] - self.center[1]) * s) as f32,
        )
    }

    /// The same for a point already in `f32` world units (the basemap's and the clusters').
    pub fn to_screen_f32(&self, rect: Rect, w: [f32; 2]) -> Pos2 {
        self.to_screen(rect, [w[0] as f64, w[1] as f64])
    }

    pub fn to_world(&self, rect: Rect, p: Pos2) -> [f64; 2] {
        let s = self.scale();
        let c = rect.center();
        [
            self.center[0] + (p.x - c.x) as f64 / s,
            self.center[1] + (p.y - c.y) as f64 / s,
        ]
    }

    /// The world rectangle on screen, `[min_x, min_y, max_x, max_y]`, grown by `margin` points
    /// on each side (so a cluster's circle at the edge is still drawn).
    pub fn view(&self, rect: Rect, margin: f32) -> [f32; 4] {
        let a = self.to_world(rect, rect.min - Vec2::splat(margin));
        let b = self.to_world(rect, rect.max + Vec2::splat(margin));
        [a[0] as f32, a[1] as f32, b[0] as f32, b[1] as f32]
    }

    /// Moves the map with the pointer: a drag of `delta` points.
    pub fn pan(&mut self, delta: Vec2) {
        let s = self.scale();
        self.center[0] -= delta.x as f64 / s;
        self.center[1] -= delta.y as f64 / s;
        self.clamp();
    }

    /// Zooms by `steps` (1.0 doubles the scale) keeping the world point under `at` in place, as
    /// a wheel over a map does.
    pub fn zoom_at(&mut self, rect: Rect, at: Pos2, steps: f64) {
        let before = self.to_world(rect, at);
        self.zoom = (self.zoom + steps).clamp(MIN_ZOOM, MAX_ZOOM);
        let after = self.to_world(rect, at);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
        self.clamp();
    }

    /// Shows the world rectangle `b` (`[min_x, min_y, max_x, max_y]`) whole, with a margin, no
    /// closer than `max_zoom`.
    pub fn fit(&mut self, rect: Rect, b: [f64; 4], max_zoom: f64) {
        let w = (b[2] - b[0]).max(1e-9);
        let h = (b[3] - b[1]).max(1e-9);
        let zx = (rect.width() as f64 * 0.85 / (256.0 * w)).log2();
        let zy = (rect.height() as f64 * 0.85 / (256.0 * h)).log2();
        self.zoom = zx.min(zy).clamp(MIN_ZOOM, max_zoom.min(MAX_ZOOM));
        self.center = [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0];
        self.clamp();
    }

    /// The centre stays on the world (a lost map is worse than a stop at the edge).
    fn clamp(&mut self) {
        self.center[0] = self.center[0].clamp(0.0, 1.0);
        self.center[1] = self.center[1].clamp(0.0, 1.0);
    }

    /// The integer level whose clusters fit this zoom.
    pub fn level(&self) -> u8 {
        self.zoom.floor().clamp(0.0, 30.0) as u8
    }

    /// Kilometres per screen point at the centre (for the scale bar).
    pub fn km_per_point(&self) -> f64 {
        let (lat, _) = evidence_vault::geo::unproject(self.center[0], self.center[1]);
        40_075.016_686 * lat.to_radians().cos() / self.scale()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect() -> Rect {
        Rect::from_min_size(pos2(0.0, 0.0), eframe::egui::vec2(800.0, 600.0))
    }

    #[test]
    fn screen_and_world_round_trip_and_the_centre_is_the_middle() {
        let c = Camera::default();
        let p = c.to_screen(rect(), c.center);
        assert_eq!(p, rect().center());
        let w = c.to_world(rect(), pos2(123.0, 456.0));
        let back = c.to_screen(rect(), w);
        assert!((back.x - 123.0).abs() < 1e-3 && (back.y - 456.0).abs() < 1e-3);
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let mut c = Camera::default();
        let at = pos2(600.0, 100.0);
        let before = c.to_world(rect(), at);
        c.zoom_at(rect(), at, 1.5);
        let after = c.to_world(rect(), at);
        assert!((before[0] - after[0]).abs() < 1e-12 && (before[1] - after[1]).abs() < 1e-12);
        assert_eq!(c.zoom, 7.5);
        c.zoom_at(rect(), at, 100.0);
        assert_eq!(c.zoom, MAX_ZOOM);
    }

    #[test]
    fn panning_moves_against_the_drag_and_stays_on_the_world() {
        let mut c = Camera::default();
        let before = c.center;
        c.pan(eframe::egui::vec2(256.0, 0.0));
        assert!(
            c.center[0] < before[0],
            "dragging right shows what lies west"
        );
        c.pan(eframe::egui::vec2(-1e9, 1e9));
        assert_eq!(c.center, [1.0, 0.0]);
    }

    #[test]
    fn fitting_shows_the_whole_box() {
        let mut c = Camera::default();
        let (x0, y0) = evidence_vault::geo::project(36.5, 36.0);
        let (x1, y1) = evidence_vault::geo::project(32.0, 42.0);
        c.fit(rect(), [x0, y0, x1, y1], MAX_ZOOM);
        let v = c.view(rect(), 0.0);
        assert!(v[0] <= x0 as f32 && v[2] >= x1 as f32 && v[1] <= y0 as f32 && v[3] >= y1 as f32);
        // One photo: not closer than the cap.
        c.fit(rect(), [x0, y0, x0, y0], 15.0);
        assert_eq!(c.zoom, 15.0);
    }
}
