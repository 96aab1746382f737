//! Consistency hints: where an item's own metadata (its GPS, its capture time) disagrees with an
//! incident it is linked to. A hint is a remark for the documenter to look at, never a change:
//! nothing here writes anything, and a hint does not make a link wrong (a photo of the aftermath
//! is taken after the strike, a witness films from across the river).
//!
//! The rules:
//!
//! - **Time.** The incident's time is the closed range of minutes `[first minute of start, last
//!   minute of end]` ([`MinuteRange::of`]), each end read at the precision it is written to: a
//!   day (`2017-03-21`) covers 00:00–23:59 of that day, a month (`2017-03`) the whole month, a
//!   minute (`2017-03-21T14:30`, with or without seconds) that minute; no end means the end is the
//!   start. The capture time is the recorded wall time, its first 16 characters
//!   (`YYYY-MM-DDTHH:MM`, [`wall_minutes`]). Offsets are ignored on both sides: `captured_at` is
//!   often a naive local time (EXIF without OffsetTimeOriginal), and the incident's time is
//!   written as the local time of the place, so comparing the written clock readings is what
//!   matches like with like; converting one side to UTC while the other has no offset would shift
//!   it by the offset and invent a discrepancy. A capture outside the range at all gives a hint
//!   ([`HintKind::CapturedBefore`] / [`HintKind::CapturedAfter`]) with how many minutes outside.
//! - **Place.** The distance from the item's GPS to the incident's coordinates
//!   ([`crate::geo::distance_km`]) is compared with a radius set by how the coordinates were
//!   established ([`place_radius_km`]): 2 km when located on a map or taken from items' GPS,
//!   10 km when reported or estimated (a neighbourhood, a village). Farther than the radius gives
//!   [`HintKind::FarFromPlace`].
//! - An item without GPS or capture time, or an incident without coordinates or time, gives no
//!   hint of that kind.
//!
//! The map's mark [`crate::item::TimeMark::FarFromIncident`] uses the same [`MinuteRange`], with
//! a day's slack (more than 24 hours outside every linked incident's range).

use chrono::{NaiveDate, NaiveDateTime};

use super::fields::{Incident, Place, PlaceSource};
use super::when::When;
use crate::item::Item;

/// Minutes in a day: the slack of the map's "far from its incident" mark.
pub const DAY_MINUTES: i64 = 24 * 60;

/// An incident's time as minutes since 1970-01-01T00:00 of the written (local) clock, both ends
/// included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinuteRange {
    pub first: i64,
    pub last: i64,
}

impl MinuteRange {
    /// The range `w` covers (see the module docs), or `None` when it does not read (a value that
    /// `When::parse` would refuse, from a damaged row).
    pub fn of(w: &When) -> Option<MinuteRange> {
        let (first, last_of_start) = point_minutes(&w.start)?;
        let last = match &w.end {
            Some(e) => point_minutes(e)?.1,
            None => last_of_start,
        };
        Some(MinuteRange {
            first,
            last: last.max(first),
        })
    }

    /// How far `t` is outside the range: negative minutes before its first minute, positive
    /// after its last, 0 inside.
    pub fn offset(&self, t: i64) -> i64 {
        if t < self.first {
            t - self.first
        } else if t > self.last {
            t - self.last
        } else {
            0
        }
    }
}

/// Minutes since 1970-01-01T00:00 of a recorded capture time's wall clock: its first 16
/// characters, `YYYY-MM-DDTHH:MM` (an offset, seconds and fractions after them are ignored).
/// `None` when it does not start that way.
pub fn wall_minutes(captured_at: &str) -> Option<i64> {
    let head = captured_at.get(..16)?;
    if head.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    crate::timeline::to_minutes(head)
}

/// Minutes from 1970-01-01T00:00 to the start of `d`.
fn day_minutes(d: NaiveDate) -> i64 {
    d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() / 60
}

/// The first and last minute one written end of a `When` covers, at the precision it is written
/// to. An offset (`Z`, `+03:00`) is dropped: see the module docs.
fn point_minutes(s: &str) -> Option<(i64, i64)> {
    let s = s.trim();
    if s.len() == 10
        && let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
    {
        let first = day_minutes(d);
        return Some((first, first + DAY_MINUTES - 1));
    }
    if s.len() == 7
        && let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
    {
        let next = d.checked_add_months(chrono::Months::new(1))?;
        return Some((day_minutes(d), day_minutes(next) - 1));
    }
    let (local, _) = super::when::split_offset(s);
    for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(local, fmt) {
            let m = (t.and_utc().timestamp()).div_euclid(60);
            return Some((m, m));
        }
    }
    None
}

/// What disagrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HintKind {
    /// The item's GPS is `km` from the incident's coordinates, farther than `radius_km`.
    FarFromPlace { km: f64, radius_km: f64 },
    /// Captured `minutes` before the first minute of the incident's time.
    CapturedBefore { minutes: i64 },
    /// Captured `minutes` after the last minute of the incident's time.
    CapturedAfter { minutes: i64 },
}

impl HintKind {
    /// The code of `show --json` (`far_from_place`, `captured_before`, `captured_after`).
    pub fn as_str(&self) -> &'static str {
        match self {
            HintKind::FarFromPlace { .. } => "far_from_place",
            HintKind::CapturedBefore { .. } => "captured_before",
            HintKind::CapturedAfter { .. } => "captured_after",
        }
    }
}

/// One hint about an item and one incident it is linked to.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsistencyHint {
    pub incident_id: String,
    /// The incident's title, or its Arabic title when it has only that.
    pub incident_title: String,
    pub kind: HintKind,
}

impl ConsistencyHint {
    /// The object of `show --json`'s `consistency` list:
    /// `{"incident", "title", "kind", "km", "radius_km"}` or `{…, "minutes"}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "incident": self.incident_id,
            "title": self.incident_title,
            "kind": self.kind.as_str(),
        });
        if let Some(obj) = v.as_object_mut() {
            match self.kind {
                HintKind::FarFromPlace { km, radius_km } => {
                    obj.insert("km".into(), km.into());
                    obj.insert("radius_km".into(), radius_km.into());
                }
                HintKind::CapturedBefore { minutes } | HintKind::CapturedAfter { minutes } => {
                    obj.insert("minutes".into(), minutes.into());
                }
            }
        }
        v
    }
}

/// How far from an incident's coordinates an item's GPS may be before it is pointed out: 2 km
/// for a point located on a map or taken from items' GPS, 10 km for a reported or estimated one.
pub fn place_radius_km(source: PlaceSource) -> f64 {
    match source {
        PlaceSource::Map | PlaceSource::ItemGps => 2.0,
        PlaceSource::Reported | PlaceSource::Estimated => 10.0,
    }
}

/// The place hint for an item at `gps` (`(lat, lon)`), if it is farther than the radius.
pub fn place_hint(place: &Place, gps: (f64, f64)) -> Option<HintKind> {
    let (lat, lon) = (place.lat?, place.lon?);
    let km = crate::geo::distance_km(gps, (lat, lon));
    let radius_km = place_radius_km(place.source);
    (km > radius_km).then_some(HintKind::FarFromPlace { km, radius_km })
}

/// The time hint for an item captured at `captured_at`, if it is outside the incident's range.
pub fn time_hint(when: &When, captured_at: &str) -> Option<HintKind> {
    let t = wall_minutes(captured_at)?;
    let off = MinuteRange::of(when)?.offset(t);
    match off {
        0 => None,
        o if o < 0 => Some(HintKind::CapturedBefore { minutes: -o }),
        o => Some(HintKind::CapturedAfter { minutes: o }),
    }
}

/// Every hint about `item` against `incident`: the place first, then the time.
pub fn hints(incident: &Incident, item: &Item) -> Vec<ConsistencyHint> {
    let f = &incident.fields;
    let mut kinds = Vec::new();
    if let Some(g) = item.gps
        && let Some(k) = place_hint(&f.place, (g.lat, g.lon))
    {
        kinds.push(k);
    }
    if let (Some(w), Some(c)) = (&f.when, item.captured_at.as_deref())
        && let Some(k) = time_hint(w, c)
    {
        kinds.push(k);
    }
    kinds
        .into_iter()
        .map(|kind| ConsistencyHint {
            incident_id: incident.id.clone(),
            incident_title: f.display_title(false).to_owned(),
            kind,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{IncidentFields, Status};
    use crate::item::Gps;

    fn at(s: &str) -> i64 {
        wall_minutes(s).unwrap()
    }

    fn range(w: &str) -> MinuteRange {
        MinuteRange::of(&When::parse(w).unwrap()).unwrap()
    }

    #[test]
    fn wall_time_is_the_written_clock_offsets_and_seconds_ignored() {
        assert_eq!(wall_minutes("1970-01-01T00:00"), Some(0));
        assert_eq!(wall_minutes("1970-01-02T01:01:59"), Some(DAY_MINUTES + 61));
        assert_eq!(
            wall_minutes("2017-03-22T09:14:27+03:00"),
            wall_minutes("2017-03-22T09:14:00Z"),
            "the offset is not applied"
        );
        assert_eq!(wall_minutes("1969-12-31T23:59"), Some(-1));
        for bad in [
            "",
            "2017-03-22",
            "2017-03-22 09:14",
            "2017-02-30T09:14",
            "2017-03-22T24:00",
            "2017-03-22T09:6x",
            "٢٠١٧-03-22T09:14",
        ] {
            assert_eq!(wall_minutes(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_day_covers_the_whole_day() {
        let r = range("2017-03-21");
        assert_eq!(r.first, at("2017-03-21T00:00"));
        assert_eq!(r.last, at("2017-03-21T23:59"));
        assert_eq!(r.offset(at("2017-03-21T12:00")), 0);
        assert_eq!(r.offset(at("2017-03-20T23:00")), -60);
        assert_eq!(r.offset(at("2017-03-22T00:30")), 31);
    }

    #[test]
    fn a_month_covers_the_whole_month_february_included() {
        let r = range("2016-02");
        assert_eq!(r.first, at("2016-02-01T00:00"));
        assert_eq!(r.last, at("2016-02-29T23:59"), "leap year");
        let r = range("2017-12");
        assert_eq!(r.last, at("2017-12-31T23:59"), "into the next year");
    }

    #[test]
    fn a_minute_is_that_minute_offsets_ignored() {
        let r = range("2017-03-21T14:30+03:00");
        assert_eq!(
            (r.first, r.last),
            (at("2017-03-21T14:30"), at("2017-03-21T14:30"))
        );
        assert_eq!(range("2017-03-21T14:30Z"), r);
        assert_eq!(range("2017-03-21T14:30"), r);
        assert_eq!(r.offset(at("2017-03-21T14:30:59")), 0);
        assert_eq!(r.offset(at("2017-03-21T14:31")), 1);
    }

    #[test]
    fn a_range_runs_from_the_first_minute_of_its_start_to_the_last_of_its_end() {
        let r = range("2017-03-20/2017-03-22");
        assert_eq!(
            (r.first, r.last),
            (at("2017-03-20T00:00"), at("2017-03-22T23:59"))
        );
        // Each end at the precision it is written to.
        let r = range("2017-03-21T10:00/2017-03-22");
        assert_eq!(
            (r.first, r.last),
            (at("2017-03-21T10:00"), at("2017-03-22T23:59"))
        );
        let r = range("2017-03/2017-04-02T08:00");
        assert_eq!(
            (r.first, r.last),
            (at("2017-03-01T00:00"), at("2017-04-02T08:00"))
        );
        // A value no parser would have written gives no range (and so no hint), not a panic.
        let broken = When {
            start: "soon".into(),
            end: None,
            precision: crate::incident::Precision::Day,
        };
        assert_eq!(MinuteRange::of(&broken), None);
    }

    #[test]
    fn the_radius_depends_on_how_the_place_was_established() {
        assert_eq!(place_radius_km(PlaceSource::Map), 2.0);
        assert_eq!(place_radius_km(PlaceSource::ItemGps), 2.0);
        assert_eq!(place_radius_km(PlaceSource::Reported), 10.0);
        assert_eq!(place_radius_km(PlaceSource::Estimated), 10.0);
        // About 5.6 km north of the point: far for a mapped place, near enough for a reported one.
        let gps = (35.886, 38.548);
        let mut place = Place {
            name: "Tabqa".into(),
            lat: Some(35.836),
            lon: Some(38.548),
            source: PlaceSource::Map,
        };
        match place_hint(&place, gps) {
            Some(HintKind::FarFromPlace { km, radius_km }) => {
                assert!((5.0..6.0).contains(&km), "{km}");
                assert_eq!(radius_km, 2.0);
            }
            other => panic!("{other:?}"),
        }
        place.source = PlaceSource::Reported;
        assert_eq!(place_hint(&place, gps), None);
        place.source = PlaceSource::ItemGps;
        assert_eq!(place_hint(&place, (35.8361, 38.5481)), None, "close by");
        place.lat = None;
        assert_eq!(place_hint(&place, gps), None, "no coordinates, no hint");
    }

    fn incident(when: Option<&str>, lat_lon: Option<(f64, f64)>) -> Incident {
        Incident {
            id: "inc1".into(),
            fields: IncidentFields {
                title: String::new(),
                title_ar: "قصف المخبز".into(),
                when: when.map(|w| When::parse(w).unwrap()),
                place: Place {
                    name: "Tabqa".into(),
                    lat: lat_lon.map(|p| p.0),
                    lon: lat_lon.map(|p| p.1),
                    source: PlaceSource::Map,
                },
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

    fn item(captured: Option<&str>, gps: Option<(f64, f64)>) -> Item {
        Item {
            id: "item1".into(),
            captured_at: captured.map(str::to_owned),
            gps: gps.map(|(lat, lon)| Gps {
                lat,
                lon,
                alt: None,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn hints_name_the_incident_and_how_far_off_the_item_is() {
        let inc = incident(Some("2017-03-21"), Some((35.836, 38.548)));
        let far_late = item(Some("2017-03-22T09:14:27+03:00"), Some((35.95, 39.01)));
        let h = hints(&inc, &far_late);
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(h[0].incident_id, "inc1");
        assert_eq!(
            h[0].incident_title, "قصف المخبز",
            "the Arabic title when alone"
        );
        assert!(matches!(h[0].kind, HintKind::FarFromPlace { km, .. } if km > 40.0));
        assert_eq!(
            h[1].kind,
            HintKind::CapturedAfter {
                minutes: 9 * 60 + 15
            }
        );
        assert_eq!(h[1].to_json()["kind"], "captured_after");
        assert_eq!(h[1].to_json()["minutes"], 555);
        assert_eq!(h[0].to_json()["radius_km"], 2.0);

        let early = item(Some("2017-03-20T23:00:00"), None);
        assert_eq!(
            hints(&inc, &early)
                .iter()
                .map(|h| h.kind)
                .collect::<Vec<_>>(),
            vec![HintKind::CapturedBefore { minutes: 60 }]
        );
        let consistent = item(Some("2017-03-21T10:00:00"), Some((35.8361, 38.5481)));
        assert!(hints(&inc, &consistent).is_empty());
        assert!(
            hints(&inc, &item(None, None)).is_empty(),
            "nothing to compare"
        );
        assert!(
            hints(&incident(None, None), &far_late).is_empty(),
            "an incident without time or place"
        );
        let mut titled = incident(Some("2017-03-21"), None);
        titled.fields.title = "Airstrike on the bakery".into();
        assert_eq!(
            hints(&titled, &early)[0].incident_title,
            "Airstrike on the bakery"
        );
    }
}
