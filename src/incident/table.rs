//! Incidents as a table: CSV for spreadsheet programs, GeoJSON for GIS (QGIS).
//!
//! CSV is UTF-8 with a byte-order mark (without it, spreadsheet programs on Windows read Arabic
//! as mojibake), RFC 4180 quoting, CRLF line ends. Cells that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab or CR) are prefixed with `'`, so an incident
//! title cannot execute anything when the table is opened. GeoJSON (RFC 7946) has one Point
//! feature per incident with coordinates; incidents without them are left out of it.

use serde_json::{Value, json};

use super::fields::{CASUALTY_KINDS, Incident};
use super::vocab::{VocabKind, Vocabulary};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    GeoJson,
}

impl TableFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "csv" => Some(TableFormat::Csv),
            "geojson" => Some(TableFormat::GeoJson),
            _ => None,
        }
    }
}

fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn labels(vocab: &Vocabulary, kind: VocabKind, codes: &[String], arabic: bool) -> String {
    codes
        .iter()
        .map(|c| vocab.label(kind, c, arabic))
        .collect::<Vec<_>>()
        .join("; ")
}

const HEADER: &[&str] = &[
    "id",
    "title",
    "title_ar",
    "status",
    "when",
    "when_precision",
    "place",
    "lat",
    "lon",
    "types",
    "types_en",
    "types_ar",
    "sites",
    "sites_en",
    "sites_ar",
    "weapons",
    "killed",
    "killed_children",
    "killed_women",
    "killed_source",
    "injured",
    "injured_source",
    "missing",
    "detained",
    "perpetrators",
    "sources",
    "case",
    "tags",
    "items",
];

/// The CSV text (with its BOM) of `rows`: each incident with the number of its linked items.
pub fn csv_table(rows: &[(Incident, usize)], vocab: &Vocabulary) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for (inc, items) in rows {
        let f = &inc.fields;
        let fig = |k: &str| f.casualties.get(k);
        let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        let coord = |v: Option<f64>| v.map(|x| format!("{x:.6}")).unwrap_or_default();
        let cells: Vec<String> = vec![
            inc.id.clone(),
            f.title.clone(),
            f.title_ar.clone(),
            inc.status.as_str().into(),
            f.when.as_ref().map(|w| w.to_string()).unwrap_or_default(),
            f.when
                .as_ref()
                .map(|w| w.precision.as_str().to_owned())
                .unwrap_or_default(),
            f.place.name.clone(),
            coord(f.place.lat),
            coord(f.place.lon),
            f.types.join("; "),
            labels(vocab, VocabKind::Violation, &f.types, false),
            labels(vocab, VocabKind::Violation, &f.types, true),
            f.sites.join("; "),
            labels(vocab, VocabKind::Site, &f.sites, false),
            labels(vocab, VocabKind::Site, &f.sites, true),
            labels(vocab, VocabKind::Weapon, &f.weapons, false),
            num(fig("killed").map(|x| x.total)),
            num(fig("killed").and_then(|x| x.children)),
            num(fig("killed").and_then(|x| x.women)),
            fig("killed").map(|x| x.source.clone()).unwrap_or_default(),
            num(fig("injured").map(|x| x.total)),
            fig("injured").map(|x| x.source.clone()).unwrap_or_default(),
            num(fig("missing").map(|x| x.total)),
            num(fig("detained").map(|x| x.total)),
            f.perpetrators.join("; "),
            f.sources.join("; "),
            f.case.clone(),
            f.tags.join("; "),
            items.to_string(),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The GeoJSON FeatureCollection of the incidents of `rows` that have coordinates.
pub fn geojson_table(rows: &[(Incident, usize)], vocab: &Vocabulary) -> Value {
    let features: Vec<Value> = rows
        .iter()
        .filter_map(|(inc, items)| {
            let f = &inc.fields;
            let (lat, lon) = (f.place.lat?, f.place.lon?);
            let mut casualties = serde_json::Map::new();
            for k in CASUALTY_KINDS {
                casualties.insert(k.into(), json!(f.casualties.get(k).map(|x| x.total)));
            }
            Some(json!({
                "type": "Feature",
                "id": inc.id,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": inc.id,
                    "title": f.title,
                    "title_ar": f.title_ar,
                    "status": inc.status.as_str(),
                    "when": f.when.as_ref().map(|w| w.to_string()),
                    "place": f.place.name,
                    "types": f.types,
                    "types_en": labels(vocab, VocabKind::Violation, &f.types, false),
                    "types_ar": labels(vocab, VocabKind::Violation, &f.types, true),
                    "sites": f.sites,
                    "sites_en": labels(vocab, VocabKind::Site, &f.sites, false),
                    "sites_ar": labels(vocab, VocabKind::Site, &f.sites, true),
                    "killed": casualties["killed"],
                    "injured": casualties["injured"],
                    "missing": casualties["missing"],
                    "detained": casualties["detained"],
                    "case": f.case,
                    "items": items,
                }
            }))
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{Figure, IncidentFields, Status};

    fn incident() -> Incident {
        Incident {
            id: "0123".into(),
            fields: IncidentFields {
                title: "=HYPERLINK(\"x\")".into(),
                title_ar: "قصف المخبز، الطبقة".into(),
                sites: vec!["bakery".into()],
                casualties: crate::incident::Casualties {
                    killed: Some(Figure {
                        total: 20,
                        children: Some(4),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                ..Default::default()
            },
            status: Status::Verified,
            status_history: vec![],
            links: vec![],
            created_at: String::new(),
            created_by: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn csv_has_a_bom_quotes_and_defuses_formulas() {
        let t = csv_table(&[(incident(), 3)], &Vocabulary::default());
        assert!(t.starts_with("\u{feff}id,title,"));
        let row = t.lines().nth(1).unwrap();
        assert!(row.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{row}");
        assert!(row.contains("\"قصف المخبز، الطبقة\"") || row.contains("قصف المخبز، الطبقة"));
        assert!(row.contains(",Bakery,مخبز,"), "{row}");
        assert!(row.ends_with(",3"), "{row}");
        assert!(row.split(',').count() >= HEADER.len());
    }

    #[test]
    fn geojson_has_points_lon_first_and_skips_unplaced() {
        let mut placed = incident();
        placed.fields.place.lat = Some(35.84);
        placed.fields.place.lon = Some(38.55);
        let g = geojson_table(&[(placed, 1), (incident(), 0)], &Vocabulary::default());
        let f = g["features"].as_array().unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0]["geometry"]["coordinates"][0], 38.55);
        assert_eq!(f[0]["properties"]["killed"], 20);
    }
}
