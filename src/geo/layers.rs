//! What the map and the timeline of one search draw, made off the window's thread: the points
//! with GPS, projected and clustered; the capture times with their marks and what cannot be
//! placed in time; the incidents with coordinates or dates.
//!
//! The map shows the search with every filter but its area, so that an area drawn on it does
//! not hide the points around it; the timeline shows it with every filter but its time range,
//! for the same reason. The grid applies both. [`crate::Vault::map_layers`] reads the two sets.

use super::cluster::ClusterIndex;
use crate::incident::Incident;
use crate::incident::consistency::MinuteRange;
use crate::item::{MapPoint, TimeMark};

/// An incident as the map and the timeline mark it.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentMark {
    pub id: String,
    /// Its title, else its Arabic title.
    pub title: String,
    pub place: String,
    /// Its time as written (`2017-03-21`, a range…).
    pub when: Option<String>,
    pub at: Option<(f64, f64)>,
    /// `at` in world units.
    pub xy: Option<[f32; 2]>,
    /// Its time as minutes of the written clock, both ends included.
    pub range: Option<(i64, i64)>,
}

impl IncidentMark {
    pub fn of(inc: &Incident) -> IncidentMark {
        let f = &inc.fields;
        let title = if f.title.trim().is_empty() {
            f.title_ar.clone()
        } else {
            f.title.clone()
        };
        let at = f.place.lat.zip(f.place.lon);
        IncidentMark {
            id: inc.id.clone(),
            title,
            place: f.place.name.clone(),
            when: f.when.as_ref().map(|w| w.to_string()),
            at,
            xy: at.map(|(lat, lon)| {
                let (x, y) = super::project(lat, lon);
                [x as f32, y as f32]
            }),
            range: f
                .when
                .as_ref()
                .and_then(MinuteRange::of)
                .map(|r| (r.first, r.last)),
        }
    }
}

pub struct MapLayers {
    /// The items on the map: those of the search (area aside) that have GPS.
    pub points: Vec<MapPoint>,
    /// `points[i]` in world units.
    pub xy: Vec<[f32; 2]>,
    pub clusters: ClusterIndex,
    /// Items of the search (area aside) without GPS.
    pub without_gps: usize,
    /// The timeline: capture minute of each item of the search (time range aside) that has
    /// one, and whether it is marked (implausible, or far from its incident's date).
    pub times: Vec<(i64, bool)>,
    /// Items of the search (time range aside) without a readable capture time.
    pub no_time: usize,
    pub implausible: usize,
    pub far_from_incident: usize,
    /// The first and last capture minute, and the incidents' (what "fit" shows).
    pub time_span: Option<(i64, i64)>,
    /// Incidents that have coordinates or a time.
    pub incidents: Vec<IncidentMark>,
    /// World rectangle of the points and incidents on the map (what "fit" shows).
    pub bounds: Option<[f64; 4]>,
}

impl MapLayers {
    /// `on_map`: the search without its area; `on_timeline`: the search without its time range.
    pub fn build(
        on_map: Vec<MapPoint>,
        on_timeline: &[MapPoint],
        incidents: &[Incident],
    ) -> MapLayers {
        let total = on_map.len();
        let points: Vec<MapPoint> = on_map.into_iter().filter(|p| p.gps.is_some()).collect();
        let xy: Vec<[f32; 2]> = points
            .iter()
            .map(|p| {
                let (lat, lon) = p.gps.unwrap_or_default();
                let (x, y) = super::project(lat, lon);
                [x as f32, y as f32]
            })
            .collect();
        let clusters = ClusterIndex::build(&xy);
        let mut times = Vec::with_capacity(on_timeline.len());
        let (mut implausible, mut far) = (0, 0);
        for p in on_timeline {
            match p.mark {
                Some(TimeMark::Implausible) => implausible += 1,
                Some(TimeMark::FarFromIncident) => far += 1,
                None => {}
            }
            if let Some(t) = p.captured {
                times.push((t, p.mark.is_some()));
            }
        }
        let marks: Vec<IncidentMark> = incidents
            .iter()
            .map(IncidentMark::of)
            .filter(|m| m.xy.is_some() || m.range.is_some())
            .collect();
        let time_span = times
            .iter()
            .map(|(t, _)| (*t, *t))
            .chain(marks.iter().filter_map(|m| m.range))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        let bounds = xy
            .iter()
            .copied()
            .chain(marks.iter().filter_map(|m| m.xy))
            .map(|p| [p[0] as f64, p[1] as f64, p[0] as f64, p[1] as f64])
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            });
        MapLayers {
            without_gps: total - points.len(),
            no_time: on_timeline.len() - times.len(),
            points,
            xy,
            clusters,
            times,
            implausible,
            far_from_incident: far,
            time_span,
            incidents: marks,
            bounds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(
        num: i64,
        gps: Option<(f64, f64)>,
        captured: Option<i64>,
        mark: Option<TimeMark>,
    ) -> MapPoint {
        MapPoint {
            num,
            id: format!("id{num}"),
            gps,
            captured,
            mark,
        }
    }

    #[test]
    fn the_map_keeps_points_with_gps_and_the_timeline_counts_what_it_cannot_place() {
        let map = vec![
            point(1, Some((35.83, 38.54)), Some(100), None),
            point(2, None, Some(200), None),
            point(3, Some((35.95, 39.01)), None, None),
        ];
        let timeline = vec![
            point(1, Some((35.83, 38.54)), Some(100), None),
            point(2, None, Some(200), Some(TimeMark::FarFromIncident)),
            point(4, None, Some(50), Some(TimeMark::Implausible)),
            point(5, None, None, None),
        ];
        let l = MapLayers::build(map, &timeline, &[]);
        assert_eq!(
            l.points.iter().map(|p| p.num).collect::<Vec<_>>(),
            vec![1, 3]
        );
        assert_eq!(l.xy.len(), 2);
        assert_eq!(l.clusters.len(), 2);
        assert_eq!(l.without_gps, 1);
        assert_eq!(l.times, vec![(100, false), (200, true), (50, true)]);
        assert_eq!((l.no_time, l.implausible, l.far_from_incident), (1, 1, 1));
        assert_eq!(l.time_span, Some((50, 200)));
        let b = l.bounds.unwrap();
        assert!(b[0] < b[2] && b[1] < b[3], "two places apart: {b:?}");
    }

    #[test]
    fn nothing_to_show_gives_no_span_and_no_bounds() {
        let l = MapLayers::build(Vec::new(), &[], &[]);
        assert!(l.points.is_empty() && l.time_span.is_none() && l.bounds.is_none());
    }
}
