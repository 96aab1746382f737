//! Items as the rest of the program sees them, independent of how the catalog stores them.

use serde::{Deserialize, Serialize};

/// What sort of evidence an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A decodable image.
    Photo,
    /// A note or testimony written in the app.
    Text,
    /// Anything else: video, audio, PDF, HEIC, undecodable images…
    File,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Photo => "photo",
            Kind::Text => "text",
            Kind::File => "file",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "photo" => Some(Kind::Photo),
            "text" => Some(Kind::Text),
            "file" => Some(Kind::File),
            _ => None,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub alt: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Camera {
    pub make: Option<String>,
    pub model: Option<String>,
}

/// Everything the catalog knows about one item (custody events are fetched separately).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub kind: Kind,
    pub sha256: String,
    pub size: u64,
    pub mime: String,
    pub original_name: Option<String>,
    pub source_path: Option<String>,
    pub source_modified: Option<String>,
    pub added_at: String,
    pub title: String,
    pub description: String,
    pub case: String,
    pub tags: Vec<String>,
    pub place: String,
    pub event_date: Option<String>,
    /// EXIF capture time, RFC 3339 with its offset when the camera recorded one; otherwise the
    /// naive local time as `YYYY-MM-DDTHH:MM:SS`.
    pub captured_at: Option<String>,
    pub gps: Option<Gps>,
    pub camera: Option<Camera>,
    pub orientation: Option<u16>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub has_thumbnail: bool,
    /// Why intake treated the item the way it did (e.g. an image that could not be decoded).
    pub intake_note: Option<String>,
}

impl Item {
    /// The JSON object of the CLI contract (`list --json`, `show --json`, `items.jsonl`): at least
    /// id, kind, sha256, size, original_name, title, case, tags, captured_at, gps, camera, added_at.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "kind": self.kind.as_str(),
            "sha256": self.sha256,
            "size": self.size,
            "mime": self.mime,
            "original_name": self.original_name,
            "title": self.title,
            "description": self.description,
            "case": self.case,
            "tags": self.tags,
            "place": self.place,
            "event_date": self.event_date,
            "captured_at": self.captured_at,
            "gps": self.gps.map(|g| match g.alt {
                Some(alt) => serde_json::json!({"lat": g.lat, "lon": g.lon, "alt": alt}),
                None => serde_json::json!({"lat": g.lat, "lon": g.lon}),
            }),
            "camera": self.camera.as_ref().map(|c| serde_json::json!({"make": c.make, "model": c.model})),
            "orientation": self.orientation,
            "width": self.width,
            "height": self.height,
            "source_path": self.source_path,
            "source_modified": self.source_modified,
            "added_at": self.added_at,
            "intake_note": self.intake_note,
        })
    }

    /// What to call the item in one line: its title, else its original name, else its ID.
    pub fn display_name(&self) -> &str {
        if !self.title.trim().is_empty() {
            &self.title
        } else if let Some(n) = self.original_name.as_deref().filter(|n| !n.is_empty()) {
            n
        } else {
            &self.id
        }
    }
}

/// The documenter's editable fields. `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetadataEdit {
    pub title: Option<String>,
    pub description: Option<String>,
    pub case: Option<String>,
    pub tags: Option<Vec<String>>,
    pub place: Option<String>,
    /// `Some(None)` clears the date.
    pub event_date: Option<Option<String>>,
}

impl MetadataEdit {
    pub fn is_empty(&self) -> bool {
        *self == MetadataEdit::default()
    }
}

/// How to order a listing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Added,
    Captured,
    Title,
    Size,
    Kind,
    Name,
}

/// A catalog query; every field narrows the result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub search: Option<String>,
    pub case: Option<String>,
    pub tag: Option<String>,
    pub kind: Option<Kind>,
    /// Inclusive bounds on the capture date (`YYYY-MM-DD`), compared on the recorded local date.
    pub captured_from: Option<String>,
    pub captured_to: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// Normalises a user-typed tag list: trims, drops empties and duplicates, keeps order.
pub fn clean_tags<I: IntoIterator<Item = S>, S: AsRef<str>>(tags: I) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.as_ref().trim();
        if !t.is_empty() && !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_round_trips() {
        for k in [Kind::Photo, Kind::Text, Kind::File] {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("video"), None);
    }

    #[test]
    fn tags_are_cleaned() {
        assert_eq!(clean_tags([" a", "b", "", "a "]), vec!["a", "b"]);
    }
}
