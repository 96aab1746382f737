//! What the map marks: the clusters and single points of the items, the incidents' diamonds;
//! where each sits on screen this frame (for the pointer), and what hovering one says.

use eframe::egui::{self, Color32, Pos2, Rect, Shape, Stroke, vec2};
use evidence_vault::geo::cluster::ClusterId;
use evidence_vault::geo::layers::MapLayers;

use super::super::format;
use super::super::i18n::{self, t};
use super::super::session::{Selection, Session};
use super::camera::Camera;

pub const POINT_COLOR: Color32 = Color32::from_rgb(0x1F, 0x77, 0xB4);
pub const INCIDENT_COLOR: Color32 = Color32::from_rgb(0xD6, 0x27, 0x28);

/// One thing on the map under the pointer's reach.
#[derive(Clone, Debug)]
pub enum Hit {
    Cluster {
        id: ClusterId,
        count: u32,
        world: [f32; 2],
        pos: Pos2,
        radius: f32,
    },
    Point {
        index: u32,
        pos: Pos2,
        radius: f32,
    },
    Incident {
        index: usize,
        pos: Pos2,
        radius: f32,
    },
}

impl Hit {
    fn reach(&self) -> (Pos2, f32) {
        match self {
            Hit::Cluster { pos, radius, .. }
            | Hit::Point { pos, radius, .. }
            | Hit::Incident { pos, radius, .. } => (*pos, *radius),
        }
    }
}

/// A cluster's radius grows with the logarithm of its count: 10 items and 10,000 stay readable.
fn radius(count: u32) -> f32 {
    if count <= 1 {
        5.0
    } else {
        (9.0 + 4.0 * (count as f32).log10()).min(26.0)
    }
}

/// Everything drawn this frame and where; incidents last, so they win the pointer.
pub fn hits(cam: &Camera, rect: Rect, layers: &MapLayers) -> Vec<Hit> {
    let mut out = Vec::new();
    let view = cam.view(rect, 30.0);
    for (id, c) in layers.clusters.visible(cam.level(), view) {
        let pos = cam.to_screen_f32(rect, [c.x, c.y]);
        if c.count == 1 {
            let index = layers.clusters.members(id).first().copied().unwrap_or(0);
            out.push(Hit::Point {
                index,
                pos,
                radius: radius(1),
            });
        } else {
            out.push(Hit::Cluster {
                id,
                count: c.count,
                world: [c.x, c.y],
                pos,
                radius: radius(c.count),
            });
        }
    }
    for (index, inc) in layers.incidents.iter().enumerate() {
        let Some(xy) = inc.xy else { continue };
        let pos = cam.to_screen_f32(rect, xy);
        if rect.expand(12.0).contains(pos) {
            out.push(Hit::Incident {
                index,
                pos,
                radius: 8.0,
            });
        }
    }
    out
}

/// The nearest thing whose reach holds `p` (the last drawn wins a tie: it is on top).
pub fn hit_at(hits: &[Hit], p: Pos2) -> Option<&Hit> {
    hits.iter()
        .rev()
        .filter(|h| {
            let (pos, r) = h.reach();
            pos.distance(p) <= r + 3.0
        })
        .min_by(|a, b| {
            let da = a.reach().0.distance(p);
            let db = b.reach().0.distance(p);
            da.total_cmp(&db)
        })
}

pub fn draw(
    ui: &egui::Ui,
    painter: &egui::Painter,
    cam: &Camera,
    rect: Rect,
    layers: &MapLayers,
    selection: &Selection,
) -> Vec<Hit> {
    let hits = hits(cam, rect, layers);
    let font = egui::TextStyle::Small.resolve(ui.style());
    let halo = ui.visuals().extreme_bg_color;
    // Counts go on top of everything, so a diamond at the same place does not hide one.
    let mut counts = Vec::new();
    for h in &hits {
        match h {
            Hit::Point { index, pos, radius } => {
                let p = &layers.points[*index as usize];
                let open = selection.detail().is_some_and(|d| d.id() == p.id);
                let marked = selection.is_marked(p.num);
                painter.circle(*pos, *radius, POINT_COLOR, Stroke::new(1.5, halo));
                if open || marked {
                    let ring = ui.visuals().selection.stroke.color;
                    painter.circle_stroke(*pos, radius + 3.0, Stroke::new(2.0, ring));
                }
            }
            Hit::Cluster {
                count, pos, radius, ..
            } => {
                painter.circle(
                    *pos,
                    *radius,
                    POINT_COLOR.gamma_multiply(0.85),
                    Stroke::new(2.0, halo),
                );
                counts.push((*pos, short_count(*count)));
            }
            Hit::Incident { pos, radius, .. } => {
                let r = *radius;
                let diamond = vec![
                    *pos + vec2(0.0, -r),
                    *pos + vec2(r, 0.0),
                    *pos + vec2(0.0, r),
                    *pos + vec2(-r, 0.0),
                ];
                painter.add(Shape::convex_polygon(
                    diamond,
                    INCIDENT_COLOR,
                    Stroke::new(1.5, halo),
                ));
            }
        }
    }
    for (pos, text) in counts {
        let galley = painter.layout_no_wrap(text, font.clone(), Color32::WHITE);
        let at = pos - galley.size() / 2.0;
        painter.rect_filled(
            Rect::from_min_size(at, galley.size()).expand(1.0),
            3.0,
            POINT_COLOR.gamma_multiply(0.9),
        );
        painter.galley(at, galley, Color32::WHITE);
    }
    hits
}

/// `987`, `1.2k`… in the interface's digits and words: a circle has room for a few signs.
fn short_count(n: u32) -> String {
    if n < 1000 {
        i18n::number(n as u64)
    } else if n < 10_000 {
        t!("map-thousands", n = i18n::decimal(n as f64 / 1000.0, 1))
    } else {
        t!("map-thousands", n = i18n::number(n as u64 / 1000))
    }
}

pub fn tooltip(s: &mut Session, layers: &MapLayers, response: &egui::Response, hit: &Hit) {
    let lines: Vec<String> = match hit {
        Hit::Point { index, .. } => {
            let p = &layers.points[*index as usize];
            let mut lines = Vec::new();
            match s.query.row_by_num(p.num) {
                Some(row) => {
                    lines.push(row.label.clone());
                    if !row.captured.is_empty() {
                        lines.push(t!("map-point-captured", when = i18n::digits(&row.captured)));
                    }
                }
                None => lines.push(t!("map-point-loading")),
            }
            if let Some((lat, lon)) = p.gps {
                lines.push(format::gps(lat, lon));
            }
            lines.push(t!("map-point-hint"));
            lines
        }
        Hit::Cluster { count, .. } => vec![
            t!("map-cluster", count = *count as u64),
            t!("map-cluster-hint"),
        ],
        Hit::Incident { index, .. } => {
            let inc = &layers.incidents[*index];
            let mut lines = vec![inc.title.clone()];
            if let Some(w) = &inc.when {
                lines.push(i18n::digits(w));
            }
            if !inc.place.is_empty() {
                lines.push(inc.place.clone());
            }
            lines.push(t!("map-incident-hint"));
            lines
        }
    };
    response.clone().on_hover_ui_at_pointer(|ui| {
        for l in lines {
            ui.label(l);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_grow_slowly_and_the_nearest_mark_wins() {
        assert_eq!(radius(1), 5.0);
        assert!(radius(10) < radius(10_000));
        assert!(radius(10_000_000) <= 26.0);
        let hits = vec![
            Hit::Point {
                index: 0,
                pos: Pos2::new(10.0, 10.0),
                radius: 5.0,
            },
            Hit::Point {
                index: 1,
                pos: Pos2::new(16.0, 10.0),
                radius: 5.0,
            },
        ];
        assert!(matches!(
            hit_at(&hits, Pos2::new(15.0, 10.0)),
            Some(Hit::Point { index: 1, .. })
        ));
        assert!(hit_at(&hits, Pos2::new(40.0, 40.0)).is_none());
    }
}
