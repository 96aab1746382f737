//! An incident's fields, their validation, and the change between two versions of them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::vocab::{VocabKind, Vocabulary};
use super::when::{When, WhenError};

/// Review status: every change is a `status_changed` event with who, when and why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Incoming,
    InReview,
    Verified,
    Disputed,
    Discarded,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Incoming,
        Status::InReview,
        Status::Verified,
        Status::Disputed,
        Status::Discarded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Incoming => "incoming",
            Status::InReview => "in_review",
            Status::Verified => "verified",
            Status::Disputed => "disputed",
            Status::Discarded => "discarded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How an item relates to an incident.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRole {
    /// Shows the incident itself (footage of the strike, the site right after).
    Primary,
    /// Supports it (a testimony, the aftermath, a document).
    #[default]
    Supporting,
    /// Context (the site before, the area).
    Context,
}

impl LinkRole {
    pub const ALL: [LinkRole; 3] = [LinkRole::Primary, LinkRole::Supporting, LinkRole::Context];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkRole::Primary => "primary",
            LinkRole::Supporting => "supporting",
            LinkRole::Context => "context",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How a place's coordinates were established.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceSource {
    /// As reported by witnesses or sources.
    #[default]
    Reported,
    /// From the GPS of linked items.
    ItemGps,
    /// Located on a map or satellite imagery.
    Map,
    /// An estimate (the neighbourhood, the village).
    Estimated,
}

impl PlaceSource {
    pub const ALL: [PlaceSource; 4] = [
        PlaceSource::Reported,
        PlaceSource::ItemGps,
        PlaceSource::Map,
        PlaceSource::Estimated,
    ];

    /// The code stored (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceSource::Reported => "reported",
            PlaceSource::ItemGps => "item_gps",
            PlaceSource::Map => "map",
            PlaceSource::Estimated => "estimated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where it happened.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Place names, Arabic and/or English (`حي الأول، الطبقة` / `First neighbourhood, Tabqa`).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default)]
    pub source: PlaceSource,
}

/// One casualty figure and where it comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub total: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub women: Option<u32>,
    /// Who gave the figure (a local council, a hospital, a witness).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl Figure {
    /// Reads a figure as typed: `20`, or `20, children=5, women=3, source=Tabqa hospital`
    /// (`source=` takes the rest, commas included). Arabic-Indic digits are accepted.
    pub fn parse(text: &str) -> Result<Figure, FieldError> {
        let bad = || FieldError::Figure(text.trim().to_owned());
        let t = super::when::ascii_digits(text);
        let (head, source) = match t.find("source=") {
            Some(i) => (&t[..i], t[i + "source=".len()..].trim().to_owned()),
            None => (t.as_str(), String::new()),
        };
        // The Arabic comma is what an Arabic keyboard types (the source keeps its own).
        let mut parts = head
            .split([',', '،'])
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let total: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let mut f = Figure {
            total,
            source,
            ..Default::default()
        };
        for p in parts {
            let (k, v) = p.split_once('=').ok_or_else(bad)?;
            let n: u32 = v.trim().parse().map_err(|_| bad())?;
            match k.trim() {
                "children" => f.children = Some(n),
                "women" => f.women = Some(n),
                _ => return Err(bad()),
            }
        }
        Ok(f)
    }

    /// The figure as [`Figure::parse`] reads it back (for a form that edits it).
    pub fn to_text(&self) -> String {
        let mut s = self.total.to_string();
        if let Some(c) = self.children {
            s.push_str(&format!(", children={c}"));
        }
        if let Some(w) = self.women {
            s.push_str(&format!(", women={w}"));
        }
        if !self.source.is_empty() {
            s.push_str(", source=");
            s.push_str(&self.source);
        }
        s
    }
}

/// Killed, injured, missing, detained.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casualties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<Figure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<Figure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<Figure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detained: Option<Figure>,
}

/// The casualty categories, in display order.
pub const CASUALTY_KINDS: [&str; 4] = ["killed", "injured", "missing", "detained"];

impl Casualties {
    pub fn get(&self, kind: &str) -> Option<&Figure> {
        match kind {
            "killed" => self.killed.as_ref(),
            "injured" => self.injured.as_ref(),
            "missing" => self.missing.as_ref(),
            "detained" => self.detained.as_ref(),
            _ => None,
        }
    }

    pub fn slot(&mut self, kind: &str) -> Option<&mut Option<Figure>> {
        match kind {
            "killed" => Some(&mut self.killed),
            "injured" => Some(&mut self.injured),
            "missing" => Some(&mut self.missing),
            "detained" => Some(&mut self.detained),
            _ => None,
        }
    }
}

/// Everything the documenter writes about an incident (its status and links are separate:
/// they change through their own events).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentFields {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub title_ar: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub summary_ar: String,
    #[serde(default)]
    pub when: Option<When>,
    #[serde(default)]
    pub place: Place,
    /// Violation codes.
    #[serde(default)]
    pub types: Vec<String>,
    /// Site codes.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Weapon codes.
    #[serde(default)]
    pub weapons: Vec<String>,
    #[serde(default)]
    pub casualties: Casualties,
    #[serde(default)]
    pub perpetrators: Vec<String>,
    /// Where the information comes from (witnesses, media, councils), one per entry.
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub case: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// What is wrong with an incident's fields.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FieldError {
    #[error("an incident needs a title (in Arabic or English)")]
    NoTitle,
    #[error("{0}")]
    When(#[from] WhenError),
    #[error("latitude {0} is out of range: it must be between -90 and 90")]
    Latitude(f64),
    #[error("longitude {0} is out of range: it must be between -180 and 180")]
    Longitude(f64),
    #[error("give both latitude and longitude, or neither")]
    HalfCoordinates,
    #[error("'{code}' is not a known {kind} type; choose one from the list or add it first")]
    UnknownCode { kind: &'static str, code: String },
    #[error(
        "'{0}' is not a casualty figure: write the total, optionally with parts and a source, e.g. 20, children=5, women=3, source=Tabqa hospital"
    )]
    Figure(String),
    #[error("{kind}: {part} ({n}) is more than the total ({total})")]
    PartOverTotal {
        kind: String,
        part: &'static str,
        n: u32,
        total: u32,
    },
}

impl IncidentFields {
    /// The title to show: the one in the interface language if present, else the other.
    pub fn display_title(&self, arabic: bool) -> &str {
        match (arabic, self.title.is_empty(), self.title_ar.is_empty()) {
            (true, _, false) | (false, true, false) => &self.title_ar,
            _ => &self.title,
        }
    }

    /// Trims text fields and list entries, drops empty entries and duplicates.
    pub fn tidy(&mut self) {
        for s in [
            &mut self.title,
            &mut self.title_ar,
            &mut self.summary,
            &mut self.summary_ar,
            &mut self.place.name,
            &mut self.case,
        ] {
            *s = s.trim().to_owned();
        }
        for list in [
            &mut self.types,
            &mut self.sites,
            &mut self.weapons,
            &mut self.perpetrators,
            &mut self.sources,
            &mut self.tags,
        ] {
            *list = crate::item::clean_tags(list.iter());
        }
        for kind in CASUALTY_KINDS {
            if let Some(Some(f)) = self.casualties.slot(kind) {
                f.source = f.source.trim().to_owned();
            }
        }
    }

    /// Checks every rule; the first broken one is returned.
    pub fn validate(&self, vocab: &Vocabulary) -> Result<(), FieldError> {
        if self.title.trim().is_empty() && self.title_ar.trim().is_empty() {
            return Err(FieldError::NoTitle);
        }
        if let Some(w) = &self.when {
            w.check()?;
        }
        match (self.place.lat, self.place.lon) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
                    return Err(FieldError::Latitude(lat));
                }
                if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
                    return Err(FieldError::Longitude(lon));
                }
            }
            (None, None) => {}
            _ => return Err(FieldError::HalfCoordinates),
        }
        for (kind, codes) in [
            (VocabKind::Violation, &self.types),
            (VocabKind::Site, &self.sites),
            (VocabKind::Weapon, &self.weapons),
        ] {
            for c in codes {
                if vocab.find(kind, c).is_none() {
                    return Err(FieldError::UnknownCode {
                        kind: kind.as_str(),
                        code: c.clone(),
                    });
                }
            }
        }
        for kind in CASUALTY_KINDS {
            if let Some(f) = self.casualties.get(kind) {
                for (part, n) in [("children", f.children), ("women", f.women)] {
                    if let Some(n) = n
                        && n > f.total
                    {
                        return Err(FieldError::PartOverTotal {
                            kind: kind.to_owned(),
                            part,
                            n,
                            total: f.total,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The fields as a JSON object, one key per field (the unit `incident_edited` records).
    pub fn to_map(&self) -> BTreeMap<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(m)) => m.into_iter().collect(),
            _ => BTreeMap::new(),
        }
    }

    /// The fields that differ from `old`: field → `{"old": …, "new": …}`.
    pub fn changes_from(&self, old: &IncidentFields) -> BTreeMap<String, serde_json::Value> {
        let (a, b) = (old.to_map(), self.to_map());
        let mut out = BTreeMap::new();
        for (k, new) in &b {
            let was = a.get(k).cloned().unwrap_or(serde_json::Value::Null);
            if &was != new {
                out.insert(k.clone(), serde_json::json!({"old": was, "new": new}));
            }
        }
        out
    }

    /// Sets one field from its JSON value (as `changes_from` wrote it).
    pub fn set_field(&mut self, key: &str, value: &serde_json::Value) -> Result<(), String> {
        let mut m = self.to_map();
        m.insert(key.to_owned(), value.clone());
        let obj: serde_json::Map<String, serde_json::Value> = m.into_iter().collect();
        *self = serde_json::from_value(serde_json::Value::Object(obj))
            .map_err(|e| format!("field '{key}': {e}"))?;
        Ok(())
    }

    /// The codes used that are not built in (a bundle carries their labels).
    pub fn user_codes(&self) -> Vec<(VocabKind, String)> {
        let empty = Vocabulary::default();
        let mut out = Vec::new();
        for (kind, codes) in [
            (VocabKind::Violation, &self.types),
            (VocabKind::Site, &self.sites),
            (VocabKind::Weapon, &self.weapons),
        ] {
            for c in codes {
                if empty.find(kind, c).is_none() {
                    out.push((kind, c.clone()));
                }
            }
        }
        out
    }
}

/// An item linked to an incident. Links name the item by SHA-256 too, because the same
/// evidence can have another ID in another vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub item: String,
    pub sha256: String,
    pub role: LinkRole,
}

/// One status change: who, when, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub from: Status,
    pub to: Status,
    pub reason: String,
    pub actor: String,
    pub vault_id: String,
    pub at: String,
}

/// An incident as it stands: the fold of its events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: String,
    pub fields: IncidentFields,
    pub status: Status,
    pub status_history: Vec<StatusChange>,
    /// In the order they were linked.
    pub links: Vec<Link>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
}

impl Incident {
    /// `incident show --json` / `list --json` (DESIGN.md "CLI contract"), without custody.
    pub fn to_json(&self) -> serde_json::Value {
        let f = &self.fields;
        let n = |k: &str| f.casualties.get(k).map(|x| x.total);
        serde_json::json!({
            "id": self.id,
            "title": f.title,
            "title_ar": f.title_ar,
            "summary": f.summary,
            "summary_ar": f.summary_ar,
            "when": f.when.as_ref().map(|w| serde_json::json!({
                "start": w.start, "end": w.end, "precision": w.precision.as_str(),
                "text": w.to_string(),
            })),
            "place": {"name": f.place.name, "lat": f.place.lat, "lon": f.place.lon,
                      "source": f.place.source},
            "types": f.types,
            "sites": f.sites,
            "weapons": f.weapons,
            "casualties": {"killed": n("killed"), "injured": n("injured"),
                           "missing": n("missing"), "detained": n("detained")},
            "casualty_details": f.casualties,
            "perpetrators": f.perpetrators,
            "sources": f.sources,
            "case": f.case,
            "tags": f.tags,
            "status": self.status.as_str(),
            "status_history": self.status_history,
            "items": self.links.iter().map(|l| l.item.clone()).collect::<Vec<_>>(),
            "links": self.links,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "updated_at": self.updated_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> IncidentFields {
        IncidentFields {
            title: "Airstrike on the bakery".into(),
            title_ar: "قصف المخبز".into(),
            sites: vec!["bakery".into()],
            ..Default::default()
        }
    }

    #[test]
    fn place_source_codes_are_the_stored_ones() {
        for p in PlaceSource::ALL {
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
            assert_eq!(PlaceSource::parse(p.as_str()), Some(p));
        }
    }

    #[test]
    fn a_figure_is_read_as_typed_with_arabic_digits_and_a_source_with_commas() {
        assert_eq!(Figure::parse("20").map(|f| f.total), Ok(20));
        let f = Figure::parse("١٠١، children=٣٠, women=12, source=مجلس محلي، المنصورة")
            .expect("figure");
        assert_eq!(
            f,
            Figure {
                total: 101,
                children: Some(30),
                women: Some(12),
                source: "مجلس محلي، المنصورة".into(),
            }
        );
        assert_eq!(
            Figure::parse(&f.to_text()),
            Ok(f.clone()),
            "to_text reads back"
        );
        let plain = Figure::parse("7").expect("figure");
        assert_eq!(plain.to_text(), "7");
        for bad in ["", "many", "20, babies=3", "20, children=x", "-3"] {
            assert!(
                matches!(Figure::parse(bad), Err(FieldError::Figure(_))),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn validation_names_the_broken_rule() {
        let v = Vocabulary::default();
        assert_eq!(fields().validate(&v), Ok(()));
        let mut f = fields();
        f.title.clear();
        f.title_ar = "  ".into();
        assert_eq!(f.validate(&v), Err(FieldError::NoTitle));
        let mut f = fields();
        f.place.lat = Some(95.0);
        f.place.lon = Some(38.0);
        assert_eq!(f.validate(&v), Err(FieldError::Latitude(95.0)));
        f.place.lat = Some(35.8);
        f.place.lon = None;
        assert_eq!(f.validate(&v), Err(FieldError::HalfCoordinates));
        let mut f = fields();
        f.sites.push("spaceport".into());
        assert!(matches!(
            f.validate(&v),
            Err(FieldError::UnknownCode { .. })
        ));
        let mut f = fields();
        f.casualties.killed = Some(Figure {
            total: 5,
            children: Some(7),
            ..Default::default()
        });
        assert!(matches!(
            f.validate(&v),
            Err(FieldError::PartOverTotal { .. })
        ));
    }

    #[test]
    fn changes_name_old_and_new_and_apply_back() {
        let old = fields();
        let mut new = old.clone();
        new.title = "Airstrike on the bakery, Tabqa".into();
        new.casualties.killed = Some(Figure {
            total: 20,
            source: "local council".into(),
            ..Default::default()
        });
        let ch = new.changes_from(&old);
        assert_eq!(ch.len(), 2, "{ch:?}");
        assert_eq!(ch["title"]["old"], "Airstrike on the bakery");
        let mut back = old.clone();
        for (k, v) in &ch {
            back.set_field(k, &v["new"]).unwrap();
        }
        assert_eq!(back, new);
        assert!(new.changes_from(&new).is_empty());
    }

    #[test]
    fn display_title_prefers_the_interface_language() {
        let f = fields();
        assert_eq!(f.display_title(true), "قصف المخبز");
        assert_eq!(f.display_title(false), "Airstrike on the bakery");
        let only_ar = IncidentFields {
            title_ar: "قصف".into(),
            ..Default::default()
        };
        assert_eq!(only_ar.display_title(false), "قصف");
    }
}
