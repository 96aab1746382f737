//! What the map and the timeline draw: every matching item as a [`MapPoint`] (place, wall time,
//! a mark when its time deserves a second look), and the consistency hints of one item against
//! the incidents it is linked to (`incident::consistency`). Reading only: nothing is written.

use std::collections::{HashMap, HashSet};

use super::Vault;
use crate::catalog::{Catalog, CatalogError};
use crate::incident::When;
use crate::incident::consistency::{self, ConsistencyHint, DAY_MINUTES, MinuteRange};
use crate::item::{ListQuery, MapPoint, TimeMark};

impl Vault {
    /// Every item matching `q`, its sort, limit and offset ignored, one point per item in
    /// catalog order. Built from one pass over the items and one over the incident links (plus
    /// the times of the linked incidents, which are few), never a query per item, so that a
    /// 100,000-item catalog stays interactive (see `map_points_for_100k_items` for figures).
    pub fn map_points(&self, q: &ListQuery) -> Result<Vec<MapPoint>, CatalogError> {
        // Before taking the catalog lock: the groups take it themselves.
        let near: Option<HashSet<i64>> = if q.near_duplicates {
            let groups = self.near_duplicate_groups(None)?;
            Some(groups.iter().flatten().map(|r| r.num).collect())
        } else {
            None
        };
        let mut points = points_of(&self.catalog(), q)?;
        if let Some(near) = near {
            points.retain(|p| near.contains(&p.num));
        }
        Ok(points)
    }

    /// Where the item's GPS or capture time disagrees with the incidents it is linked to (see
    /// `incident::consistency` for the rules), in the order of the item's incidents, each
    /// incident's place hint before its time hint. Hints are remarks, never changes.
    pub fn consistency_hints(&self, item_id: &str) -> Result<Vec<ConsistencyHint>, CatalogError> {
        let cat = self.catalog();
        let r = cat.resolve(item_id)?;
        let item = cat.item(r.num)?;
        let mut out = Vec::new();
        for (incident_id, ..) in cat.incidents_of_item(r.num)? {
            let Some(inc) = cat.incident_ref(&incident_id)? else {
                continue;
            };
            out.extend(consistency::hints(&cat.incident_state(inc.num)?, &item));
        }
        Ok(out)
    }
}

/// [`Vault::map_points`] without the near-duplicate filter, on a catalog already locked.
fn points_of(cat: &Catalog, q: &ListQuery) -> Result<Vec<MapPoint>, CatalogError> {
    let mut points = cat.map_points(q)?;
    let times = cat.linked_incident_times()?;
    if !times.is_empty() {
        mark_far_from_incidents(&mut points, &times, &cat.incident_item_pairs()?);
    }
    Ok(points)
}

/// Marks [`TimeMark::FarFromIncident`] on each point (sorted by `num`, as the catalog returns
/// them) that is linked (`links`: item row, incident row) to at least one incident of `times`
/// and captured more than 24 hours outside the range of every one of them. A point already
/// marked implausible keeps that mark; one without a capture time gets none.
fn mark_far_from_incidents(points: &mut [MapPoint], times: &[(i64, When)], links: &[(i64, i64)]) {
    let ranges: HashMap<i64, MinuteRange> = times
        .iter()
        .filter_map(|(num, w)| Some((*num, MinuteRange::of(w)?)))
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        Nothing,
        OnlyFar,
        Near,
    }
    let mut seen = vec![Seen::Nothing; points.len()];
    for (item, incident) in links {
        let Some(range) = ranges.get(incident) else {
            continue;
        };
        let Ok(i) = points.binary_search_by_key(item, |p| p.num) else {
            continue;
        };
        let Some(t) = points[i].captured else {
            continue;
        };
        if range.offset(t).abs() > DAY_MINUTES {
            if seen[i] == Seen::Nothing {
                seen[i] = Seen::OnlyFar;
            }
        } else {
            seen[i] = Seen::Near;
        }
    }
    for (p, s) in points.iter_mut().zip(seen) {
        if s == Seen::OnlyFar && p.mark.is_none() {
            p.mark = Some(TimeMark::FarFromIncident);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::NewItem;
    use crate::incident::{Incident, IncidentFields, LinkRole, Status};
    use crate::item::{DateFlag, Gps, Kind};

    fn new_item(i: usize, captured: Option<&str>, gps: Option<(f64, f64)>) -> NewItem {
        NewItem {
            id: format!("{i:032x}"),
            kind: Some(Kind::Photo),
            sha256: format!("{i:064x}"),
            size: 1,
            mime: "image/jpeg".into(),
            added_at: "2026-11-21T10:00:00Z".into(),
            captured_at: captured.map(str::to_owned),
            gps: gps.map(|(lat, lon)| Gps {
                lat,
                lon,
                alt: None,
            }),
            ..Default::default()
        }
    }

    fn incident(id: &str, when: Option<&str>) -> Incident {
        Incident {
            id: id.into(),
            fields: IncidentFields {
                title: id.into(),
                when: when.map(|w| When::parse(w).expect("when")),
                ..Default::default()
            },
            status: Status::Incoming,
            status_history: Vec::new(),
            links: Vec::new(),
            created_at: String::new(),
            created_by: String::new(),
            updated_at: String::new(),
        }
    }

    /// Stores incident `id` with links to the items of row numbers `items`.
    fn add_incident(c: &mut Catalog, id: &str, when: Option<&str>, items: &[i64]) {
        let mut w = c.writer().unwrap();
        let num = w.ensure_incident(id).unwrap();
        let links: Vec<(i64, LinkRole)> = items.iter().map(|n| (*n, LinkRole::Primary)).collect();
        w.store_incident(num, &incident(id, when), &links).unwrap();
        w.finish().unwrap();
    }

    #[test]
    fn marks_say_implausible_or_far_from_every_linked_incident() {
        let mut c = Catalog::new_empty("v", "d").unwrap();
        let rows = [
            // 1: inside the day of incident A.
            (Some("2017-03-21T09:00:00+03:00"), Some((35.8, 38.5))),
            // 2: 23 hours after A's day: near enough.
            (Some("2017-03-22T23:00:00"), None),
            // 3: three days after A: far.
            (Some("2017-03-24T12:00:00"), Some((35.9, 38.6))),
            // 4: far from A but inside B: not far from every incident.
            (Some("2017-06-01T10:00:00"), None),
            // 5: far from A, and flagged: implausible wins.
            (Some("1970-01-01T00:00:00"), None),
            // 6: linked, no capture time: no mark.
            (None, Some((35.8, 38.5))),
            // 7: linked only to C, which has no time: no mark.
            (Some("2020-01-01T00:00:00"), None),
            // 8: not linked at all.
            (Some("2017-03-24T12:00:00"), None),
        ];
        {
            let mut w = c.writer().unwrap();
            for (i, (cap, gps)) in rows.iter().enumerate() {
                let mut it = new_item(i + 1, *cap, *gps);
                if i + 1 == 5 {
                    it.captured_at_flag = Some(DateFlag::BeforeDigital);
                }
                w.insert_item(&it).unwrap();
            }
            w.finish().unwrap();
        }
        add_incident(&mut c, "a", Some("2017-03-21"), &[1, 2, 3, 4, 5, 6]);
        add_incident(&mut c, "b", Some("2017-06"), &[4]);
        add_incident(&mut c, "c", None, &[7]);
        let points = points_of(&c, &ListQuery::default()).unwrap();
        let marks: Vec<(i64, Option<TimeMark>)> = points.iter().map(|p| (p.num, p.mark)).collect();
        use TimeMark::*;
        assert_eq!(
            marks,
            vec![
                (1, None),
                (2, None),
                (3, Some(FarFromIncident)),
                (4, None),
                (5, Some(Implausible)),
                (6, None),
                (7, None),
                (8, None),
            ]
        );
        assert_eq!(points[0].gps, Some((35.8, 38.5)));
        assert_eq!(
            points[0].captured,
            consistency::wall_minutes("2017-03-21T09:00"),
            "the wall time, not UTC"
        );
        assert_eq!(points[5].captured, None);
        assert_eq!(points[0].id, format!("{:032x}", 1));

        // The query narrows; sort, limit and offset do not apply.
        let q = ListQuery {
            within: Some(crate::geo::GeoBox::parse("35.85,38.55,36,38.7").unwrap()),
            limit: Some(0),
            offset: 5,
            descending: true,
            ..Default::default()
        };
        let nums: Vec<i64> = points_of(&c, &q).unwrap().iter().map(|p| p.num).collect();
        assert_eq!(nums, vec![3]);
    }

    #[test]
    fn the_vault_gives_points_and_hints_and_writes_nothing() {
        let (_t, v) = crate::vault::testing::vault();
        let id = v
            .commit(|tx| -> Result<String, crate::vault::CommitError> {
                tx.insert_item(&new_item(
                    1,
                    Some("2017-03-22T09:14:27+03:00"),
                    Some((35.95, 39.01)),
                ))?;
                Ok(format!("{:032x}", 1))
            })
            .unwrap();
        let mut f = IncidentFields {
            title: "Airstrike on the bakery".into(),
            when: Some(When::parse("2017-03-21").unwrap()),
            ..Default::default()
        };
        f.place.lat = Some(35.836);
        f.place.lon = Some(38.548);
        f.place.source = crate::incident::PlaceSource::Map;
        let inc = v
            .create_incident(f, &[(id.clone(), LinkRole::Primary)])
            .unwrap();
        let before = crate::vault::journal::list(v.dir()).unwrap().len();
        let h = v.consistency_hints(&id[..8]).unwrap();
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(h[0].incident_id, inc.id);
        assert_eq!(h[0].incident_title, "Airstrike on the bakery");
        assert!(
            matches!(h[0].kind, consistency::HintKind::FarFromPlace { km, radius_km }
            if km > 40.0 && radius_km == 2.0)
        );
        assert_eq!(
            h[1].kind,
            consistency::HintKind::CapturedAfter {
                minutes: 9 * 60 + 15
            }
        );
        let points = v.map_points(&ListQuery::default()).unwrap();
        assert_eq!(points.len(), 1);
        assert_eq!(points[0].mark, None, "9 hours after: within a day");
        assert!(
            v.map_points(&ListQuery {
                near_duplicates: true,
                ..Default::default()
            })
            .unwrap()
            .is_empty()
        );
        assert_eq!(
            crate::vault::journal::list(v.dir()).unwrap().len(),
            before,
            "nothing written"
        );
        assert!(v.consistency_hints("ffffffffffff").is_err());
    }

    /// Figures for the map at 100,000 items (run with `--ignored --nocapture`; no time asserted):
    /// 100,000 items, two thirds with GPS, every one captured; 200 incidents, 50,000 links.
    #[test]
    #[ignore]
    fn map_points_for_100k_items() {
        const N: usize = 100_000;
        let mut c = Catalog::new_empty("v", "d").unwrap();
        let t = std::time::Instant::now();
        for chunk in 0..(N / 10_000) {
            let mut w = c.writer().unwrap();
            for i in chunk * 10_000..(chunk + 1) * 10_000 {
                let day = 1 + (i % 28);
                let cap = format!("2017-03-{day:02}T{:02}:{:02}:00+03:00", i % 24, i % 60);
                let gps = (i % 3 != 0).then(|| (35.0 + (i % 1000) as f64 / 1000.0, 38.5));
                w.insert_item(&new_item(i + 1, Some(&cap), gps)).unwrap();
            }
            w.finish().unwrap();
        }
        for k in 0..200i64 {
            let items: Vec<i64> = (0..250).map(|j| 1 + k * 250 + j).collect();
            let when = format!("2017-03-{:02}", 1 + k % 28);
            add_incident(&mut c, &format!("inc{k}"), Some(&when), &items);
        }
        eprintln!("built in {:?}", t.elapsed());
        let mut best = std::time::Duration::MAX;
        let mut points = Vec::new();
        for _ in 0..5 {
            let t = std::time::Instant::now();
            points = points_of(&c, &ListQuery::default()).unwrap();
            best = best.min(t.elapsed());
        }
        let far = points
            .iter()
            .filter(|p| p.mark == Some(TimeMark::FarFromIncident))
            .count();
        eprintln!(
            "map_points: {} points ({far} far from their incident) in {:.1} ms (best of 5)",
            points.len(),
            best.as_secs_f64() * 1000.0
        );
        let q = ListQuery {
            within: Some(crate::geo::GeoBox::parse("35.2,38,35.4,39").unwrap()),
            ..Default::default()
        };
        let t = std::time::Instant::now();
        let n = points_of(&c, &q).unwrap().len();
        eprintln!(
            "map_points within an area: {n} points in {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        assert_eq!(points.len(), N);
    }
}
