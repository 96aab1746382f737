//! Items as the rest of the program sees them, independent of how the catalog stores them.

use serde::{Deserialize, Serialize};

/// What sort of evidence an item is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A still image whose format this program can read (JPEG, PNG, WebP, TIFF, GIF, BMP, HEIC).
    Photo,
    /// A video in a container whose index could be read (MP4, MOV, 3GP, M4V, MKV, WebM).
    Video,
    /// A sound recording (M4A, MP3, WAV, FLAC, Ogg/Opus, AMR, MKA…).
    Audio,
    /// A note or testimony written in the app.
    Text,
    /// Anything else: PDF, documents, archives, damaged media…
    #[default]
    File,
}

impl Kind {
    /// Every kind, in the order a filter lists them.
    pub const ALL: [Kind; 5] = [
        Kind::Photo,
        Kind::Video,
        Kind::Audio,
        Kind::Text,
        Kind::File,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Photo => "photo",
            Kind::Video => "video",
            Kind::Audio => "audio",
            Kind::Text => "text",
            Kind::File => "file",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "photo" => Some(Kind::Photo),
            "video" => Some(Kind::Video),
            "audio" => Some(Kind::Audio),
            "text" => Some(Kind::Text),
            "file" => Some(Kind::File),
            _ => None,
        }
    }
}

/// Where an item's capture time was read. A file's modification time is never one of them:
/// it stays `source_modified`, shown as such.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureSource {
    /// EXIF DateTimeOriginal (with OffsetTimeOriginal when present).
    ExifOriginal,
    /// EXIF DateTimeDigitized ("CreateDate", with OffsetTimeDigitized when present).
    ExifDigitized,
    /// XMP exif:DateTimeOriginal, photoshop:DateCreated or xmp:CreateDate.
    Xmp,
    /// IPTC IIM DateCreated + TimeCreated.
    Iptc,
    /// A QuickTime/MP4 creation date: `com.apple.quicktime.creationdate`, `©day`, or the movie
    /// header's creation time (UTC).
    Quicktime,
    /// Matroska/WebM DateUTC.
    Matroska,
}

impl CaptureSource {
    pub fn as_str(self) -> &'static str {
        match self {
            CaptureSource::ExifOriginal => "exif_original",
            CaptureSource::ExifDigitized => "exif_digitized",
            CaptureSource::Xmp => "xmp",
            CaptureSource::Iptc => "iptc",
            CaptureSource::Quicktime => "quicktime",
            CaptureSource::Matroska => "matroska",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            CaptureSource::ExifOriginal,
            CaptureSource::ExifDigitized,
            CaptureSource::Xmp,
            CaptureSource::Iptc,
            CaptureSource::Quicktime,
            CaptureSource::Matroska,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
    /// How a person would name it ("EXIF DateTimeOriginal", …).
    pub fn label(self) -> &'static str {
        match self {
            CaptureSource::ExifOriginal => "EXIF DateTimeOriginal",
            CaptureSource::ExifDigitized => "EXIF DateTimeDigitized",
            CaptureSource::Xmp => "XMP creation date",
            CaptureSource::Iptc => "IPTC date created",
            CaptureSource::Quicktime => "QuickTime/MP4 creation date",
            CaptureSource::Matroska => "Matroska DateUTC",
        }
    }
}

/// Why a recorded capture time is doubtful. The time is kept as recorded; the flag travels with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFlag {
    /// More than a day after the moment of intake (a wrong camera clock).
    Future,
    /// Before 1990, when photography was not yet digital (an unset camera clock, 1970, 1904…).
    BeforeDigital,
}

impl DateFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            DateFlag::Future => "future",
            DateFlag::BeforeDigital => "before_digital",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "future" => Some(DateFlag::Future),
            "before_digital" => Some(DateFlag::BeforeDigital),
            _ => None,
        }
    }
    /// A sentence for people.
    pub fn describe(self) -> &'static str {
        match self {
            DateFlag::Future => {
                "implausible: later than the day it was added (wrong camera clock?)"
            }
            DateFlag::BeforeDigital => {
                "implausible: before 1990, earlier than digital photography (unset camera clock?)"
            }
        }
    }
}

/// An external program that makes previews of some formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaTool {
    /// `ffmpeg`: video frames (Debian package `ffmpeg`).
    Ffmpeg,
    /// libheif's `heif-thumbnailer` or `heif-convert`: HEIC/HEIF photos (Debian packages
    /// `heif-thumbnailer` or `libheif-examples`).
    Heif,
}

impl MediaTool {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaTool::Ffmpeg => "ffmpeg",
            MediaTool::Heif => "heif",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ffmpeg" => Some(MediaTool::Ffmpeg),
            "heif" => Some(MediaTool::Heif),
            _ => None,
        }
    }
    /// What to tell the user ("previews need ffmpeg: install the ffmpeg package").
    pub fn hint(self) -> &'static str {
        match self {
            MediaTool::Ffmpeg => {
                "video previews need ffmpeg, which is not installed (Debian/Ubuntu package: ffmpeg); the video itself is stored and complete"
            }
            MediaTool::Heif => {
                "HEIC/HEIF previews need libheif's heif-thumbnailer or heif-convert, which are not installed (Debian/Ubuntu packages: heif-thumbnailer or libheif-examples); the photo itself is stored and complete"
            }
        }
    }
}

/// The state of what is derived from an item after it is secured: its thumbnail and perceptual
/// hash (see [`crate::Vault::make_pending_thumbnails`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "detail")]
pub enum Derived {
    /// Nothing (more) to make: made, or nothing applies (notes, documents, audio).
    #[default]
    Complete,
    /// Waiting to be made (right after intake, or after an interruption: resumed at next open).
    Pending,
    /// Cannot be made on this computer until a program is installed; retried when it is.
    NeedsTool(MediaTool),
    /// Making it failed (damaged data, a decoder limit); the reason, for people.
    Failed(String),
}

impl Derived {
    pub fn is_pending(&self) -> bool {
        matches!(self, Derived::Pending)
    }
    /// A short phrase for a tooltip or `show`.
    pub fn describe(&self) -> String {
        match self {
            Derived::Complete => "complete".into(),
            Derived::Pending => "pending (being made)".into(),
            Derived::NeedsTool(t) => t.hint().into(),
            Derived::Failed(why) => format!("could not be made: {why}"),
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// Capture time from the item's own metadata, RFC 3339 with its offset when one was recorded;
    /// otherwise the naive local time as `YYYY-MM-DDTHH:MM:SS`. Never the file's modification
    /// time (that is `source_modified`).
    pub captured_at: Option<String>,
    pub gps: Option<Gps>,
    pub camera: Option<Camera>,
    pub orientation: Option<u16>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub has_thumbnail: bool,
    /// Why intake treated the item the way it did (e.g. an image that could not be decoded).
    pub intake_note: Option<String>,
    /// Where `captured_at` was read (`None` when there is no capture time).
    #[serde(default)]
    pub captured_at_source: Option<CaptureSource>,
    /// Set when `captured_at` is implausible (kept as recorded, but doubtful).
    #[serde(default)]
    pub captured_at_flag: Option<DateFlag>,
    /// Duration of a video or sound recording, in milliseconds.
    #[serde(default)]
    pub duration_ms: Option<u64>,
    /// Whether the thumbnail and perceptual hash are made, pending, or cannot be made.
    #[serde(default)]
    pub derived: Derived,
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
            "captured_at_source": self.captured_at_source.map(CaptureSource::as_str),
            "captured_at_flag": self.captured_at_flag.map(DateFlag::as_str),
            "gps": self.gps.map(|g| match g.alt {
                Some(alt) => serde_json::json!({"lat": g.lat, "lon": g.lon, "alt": alt}),
                None => serde_json::json!({"lat": g.lat, "lon": g.lon}),
            }),
            "camera": self.camera.as_ref().map(|c| serde_json::json!({"make": c.make, "model": c.model})),
            "orientation": self.orientation,
            "width": self.width,
            "height": self.height,
            "duration_ms": self.duration_ms,
            "has_thumbnail": self.has_thumbnail,
            "derived": self.derived_json(),
            "source_path": self.source_path,
            "source_modified": self.source_modified,
            "added_at": self.added_at,
            "intake_note": self.intake_note,
        })
    }

    /// `{"state": "complete"|"pending"|"needs_tool"|"failed", "tool"/"reason": …}`.
    fn derived_json(&self) -> serde_json::Value {
        match &self.derived {
            Derived::Complete => serde_json::json!({"state": "complete"}),
            Derived::Pending => serde_json::json!({"state": "pending"}),
            Derived::NeedsTool(t) => {
                serde_json::json!({"state": "needs_tool", "tool": t.as_str(), "message": t.hint()})
            }
            Derived::Failed(why) => serde_json::json!({"state": "failed", "reason": why}),
        }
    }

    /// The date to show for the item and what it is: the capture time with its source, else the
    /// file's modification time, labelled as such (never as a capture time).
    pub fn best_date(&self) -> Option<(&str, DateOrigin)> {
        if let Some(c) = self.captured_at.as_deref() {
            return Some((c, DateOrigin::Captured(self.captured_at_source)));
        }
        self.source_modified
            .as_deref()
            .map(|m| (m, DateOrigin::FileModified))
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

/// What the date of [`Item::best_date`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrigin {
    /// A capture time read from the item's metadata (its source, if known).
    Captured(Option<CaptureSource>),
    /// The file's modification time on the documenter's disk: not a capture time.
    FileModified,
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
    /// Inclusive lower bound on the capture time, read as [`CaptureBound`] reads it:
    /// `YYYY-MM-DD` is compared with the recorded local date (`captured_date`), so the whole day
    /// is in; `YYYY-MM-DDTHH:MM` with the recorded local wall time to the minute (the first 16
    /// characters of `captured_at`, its offset ignored), so that minute is in. Items without a
    /// capture time are left out. Check user input with [`CaptureBound::parse`]: other text is
    /// compared as a date, as it always was, and matches whatever sorts after it.
    pub captured_from: Option<String>,
    /// Inclusive upper bound, in either form of `captured_from`: `2017-03-21` takes in the whole
    /// day, `2017-03-21T14:30` every capture up to 14:30:59.
    pub captured_to: Option<String>,
    /// Only items whose GPS lies in this area (bounds included); items without GPS are left out.
    pub within: Option<crate::geo::GeoBox>,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: Option<usize>,
    pub offset: usize,
    /// Only items that have a near-duplicate (a perceptual hash close to another item's, see
    /// `Vault::near_duplicate_groups`), each group together where its first member falls in
    /// the sort order.
    pub near_duplicates: bool,
}

/// One item as the map and the timeline draw it ([`crate::Vault::map_points`]): what places and
/// orders it, and whether its time deserves a second look. Small, so 100,000 of them are cheap.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPoint {
    /// The catalog's row number, as in [`crate::catalog::ItemRef`].
    pub num: i64,
    pub id: String,
    /// `(lat, lon)` from the item's GPS.
    pub gps: Option<(f64, f64)>,
    /// Minutes since 1970-01-01T00:00 of the recorded local wall time (the first 16 characters of
    /// `captured_at`, its offset ignored; see [`crate::incident::consistency::wall_minutes`]);
    /// `None` when there is no capture time or it does not read.
    pub captured: Option<i64>,
    pub mark: Option<TimeMark>,
}

/// Why a point's time is drawn as doubtful. One mark per point: `Implausible` wins, since an
/// implausible clock says nothing about the incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeMark {
    /// The capture time is flagged ([`Item::captured_at_flag`]).
    Implausible,
    /// Linked to at least one incident that has a time, and captured more than 24 hours outside
    /// the range of every such incident (the range of
    /// [`crate::incident::consistency::MinuteRange`]).
    FarFromIncident,
}

/// One end of a capture-time filter ([`ListQuery::captured_from`] / `captured_to`): a day,
/// compared with the recorded local date, or a minute, compared with the recorded local wall time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaptureBound {
    /// `YYYY-MM-DD`.
    Day(String),
    /// `YYYY-MM-DDTHH:MM`.
    Minute(String),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaptureBoundError {
    #[error(
        "'{0}' is not a capture date or time: write a day as 2017-03-21 or a minute as 2017-03-21T14:30 (local time as recorded, no seconds or offset)"
    )]
    Unreadable(String),
}

impl CaptureBound {
    /// Reads a bound as a documenter types it: a day `2017-03-21` or a minute `2017-03-21T14:30`
    /// (`2017-03-21 14:30` too); Arabic-Indic digits are accepted. Only real dates and times.
    pub fn parse(text: &str) -> Result<CaptureBound, CaptureBoundError> {
        let t = crate::incident::ascii_digits(text);
        let unreadable = || CaptureBoundError::Unreadable(text.trim().to_owned());
        if t.len() == 10 && chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d").is_ok() {
            return Ok(CaptureBound::Day(t));
        }
        let t = t.replacen(' ', "T", 1);
        if t.len() == 16 && chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M").is_ok() {
            return Ok(CaptureBound::Minute(t));
        }
        Err(unreadable())
    }

    /// How [`ListQuery`]'s filter reads a stored bound: a minute when it has that exact shape,
    /// otherwise a day (the text as it is, compared with the recorded date).
    pub fn of_stored(text: &str) -> CaptureBound {
        let b = text.as_bytes();
        if b.len() == 16 && b[10] == b'T' && b[13] == b':' {
            CaptureBound::Minute(text.to_owned())
        } else {
            CaptureBound::Day(text.to_owned())
        }
    }

    /// The text to put in [`ListQuery`] (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`).
    pub fn as_str(&self) -> &str {
        match self {
            CaptureBound::Day(s) | CaptureBound::Minute(s) => s,
        }
    }
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
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("movie"), None);
        for s in [
            "exif_original",
            "exif_digitized",
            "xmp",
            "iptc",
            "quicktime",
            "matroska",
        ] {
            assert_eq!(CaptureSource::parse(s).map(CaptureSource::as_str), Some(s));
        }
        for f in [DateFlag::Future, DateFlag::BeforeDigital] {
            assert_eq!(DateFlag::parse(f.as_str()), Some(f));
        }
    }

    #[test]
    fn capture_bounds_are_a_day_or_a_minute() {
        assert_eq!(
            CaptureBound::parse(" 2017-03-21 "),
            Ok(CaptureBound::Day("2017-03-21".into()))
        );
        assert_eq!(
            CaptureBound::parse("2017-03-21T14:30"),
            Ok(CaptureBound::Minute("2017-03-21T14:30".into()))
        );
        assert_eq!(
            CaptureBound::parse("٢٠١٧-٠٣-٢١ ١٤:٣٠").map(|b| b.as_str().to_owned()),
            Ok("2017-03-21T14:30".into())
        );
        for bad in [
            "",
            "yesterday",
            "2017-3-21",
            "2017-02-30",
            "2017-03-21T24:00",
            "2017-03-21T14:30:00",
            "2017-03-21T14:30+03:00",
            "2017-03",
        ] {
            assert!(
                matches!(
                    CaptureBound::parse(bad),
                    Err(CaptureBoundError::Unreadable(_))
                ),
                "{bad:?} was accepted"
            );
        }
        assert!(
            CaptureBound::parse("x")
                .unwrap_err()
                .to_string()
                .contains("2017-03-21T14:30")
        );
        assert_eq!(
            CaptureBound::of_stored("2017-03-21T14:30"),
            CaptureBound::Minute("2017-03-21T14:30".into())
        );
        assert_eq!(
            CaptureBound::of_stored("2017-03-21"),
            CaptureBound::Day("2017-03-21".into())
        );
    }

    #[test]
    fn tags_are_cleaned() {
        assert_eq!(clean_tags([" a", "b", "", "a "]), vec!["a", "b"]);
    }
}
