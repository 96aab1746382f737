//! Image metadata from the bytes of an original (never touching the file itself): EXIF wherever
//! the format keeps it (JPEG APP1, PNG `eXIf` or a raw-profile text chunk, WebP, TIFF, HEIF),
//! then XMP and IPTC for what EXIF lacks.
//!
//! The capture time is EXIF DateTimeOriginal (with OffsetTimeOriginal), else DateTimeDigitized
//! (with OffsetTimeDigitized), else XMP (exif:DateTimeOriginal, photoshop:DateCreated,
//! xmp:CreateDate), else IPTC DateCreated + TimeCreated; its source is named. EXIF DateTime
//! (ModifyDate) is when the file was last changed, so it is never taken for a capture time.

use std::io::Cursor;

use exif::{Exif, Field, In, Tag, Value};

use super::embedded;
use super::xmp;
use crate::item::{Camera, CaptureSource, DateFlag, Gps};

/// What intake keeps from an image's metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExifFacts {
    /// RFC 3339 with offset when one was recorded, else naive `YYYY-MM-DDTHH:MM:SS` (or a date
    /// alone, `YYYY-MM-DD`, when that is all an XMP/IPTC date holds).
    pub captured_at: Option<String>,
    /// Where `captured_at` was read.
    pub captured_at_source: Option<CaptureSource>,
    pub gps: Option<Gps>,
    pub camera: Option<Camera>,
    pub orientation: Option<u16>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The camera's embedded JPEG thumbnail (EXIF IFD1), if any.
    pub embedded_thumbnail: Option<Vec<u8>>,
}

/// Reads the metadata of a JPEG, TIFF, HEIF, PNG or WebP held in memory. `None` when there is
/// none or none of it is readable (malformed metadata never stops intake; what is readable of
/// it is kept).
pub fn read_exif(bytes: &[u8]) -> Option<ExifFacts> {
    let found = embedded::find(bytes);
    let exif = match &found.exif {
        Some(tiff) => parse_tiff(tiff.to_vec()),
        // HEIF keeps EXIF in an item; kamadak-exif finds it.
        None if is_heif(bytes) => container_exif(bytes),
        None => None,
    };
    let mut facts = exif.as_ref().map(facts_from).unwrap_or_default();
    if let Some(x) = found.xmp.as_deref() {
        fill_from_xmp(&mut facts, x);
    }
    if facts.captured_at.is_none()
        && let Some(t) = found.iptc.and_then(iptc_date)
    {
        facts.captured_at = Some(t);
        facts.captured_at_source = Some(CaptureSource::Iptc);
    }
    (facts != ExifFacts::default()).then_some(facts)
}

fn is_heif(b: &[u8]) -> bool {
    b.len() >= 12 && &b[4..8] == b"ftyp"
}

fn parse_tiff(tiff: Vec<u8>) -> Option<Exif> {
    let mut reader = exif::Reader::new();
    // Keep what is readable even when part of the EXIF is malformed (common after edits by
    // some tools, e.g. a missing next-IFD offset).
    reader.continue_on_error(true);
    reader
        .read_raw(tiff)
        .or_else(|e| e.distill_partial_result(|_errors| {}))
        .ok()
}

fn container_exif(bytes: &[u8]) -> Option<Exif> {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let r = std::panic::catch_unwind(|| {
        reader
            .read_from_container(&mut Cursor::new(bytes))
            .or_else(|e| e.distill_partial_result(|_errors| {}))
            .ok()
    });
    r.ok().flatten()
}

fn facts_from(exif: &Exif) -> ExifFacts {
    let orientation = int(exif, Tag::Orientation)
        .and_then(|o| u16::try_from(o).ok())
        .filter(|o| (1..=8).contains(o));
    let width = int(exif, Tag::PixelXDimension).or_else(|| int(exif, Tag::ImageWidth));
    let height = int(exif, Tag::PixelYDimension).or_else(|| int(exif, Tag::ImageLength));
    let make = ascii(exif, Tag::Make);
    let model = ascii(exif, Tag::Model);
    let (captured_at, captured_at_source) = match capture_time(exif) {
        Some((t, s)) => (Some(t), Some(s)),
        None => (None, None),
    };
    ExifFacts {
        captured_at,
        captured_at_source,
        gps: gps(exif),
        camera: if make.is_some() || model.is_some() {
            Some(Camera { make, model })
        } else {
            None
        },
        orientation,
        width: width.and_then(|w| u32::try_from(w).ok()).filter(|w| *w > 0),
        height: height
            .and_then(|h| u32::try_from(h).ok())
            .filter(|h| *h > 0),
        embedded_thumbnail: embedded_thumbnail(exif),
    }
}

/// What EXIF lacks, from XMP: capture time, orientation, camera, GPS.
fn fill_from_xmp(f: &mut ExifFacts, x: &[u8]) {
    if f.captured_at.is_none() {
        for name in [
            "exif:DateTimeOriginal",
            "photoshop:DateCreated",
            "xmp:CreateDate",
            "exif:DateTimeDigitized",
        ] {
            if let Some(t) = xmp::property(x, name).as_deref().and_then(iso_date) {
                f.captured_at = Some(t);
                f.captured_at_source = Some(CaptureSource::Xmp);
                break;
            }
        }
    }
    if f.orientation.is_none() {
        f.orientation = xmp::property(x, "tiff:Orientation")
            .and_then(|o| o.trim().parse::<u16>().ok())
            .filter(|o| (1..=8).contains(o));
    }
    if f.camera.is_none() {
        let make = xmp::property(x, "tiff:Make");
        let model = xmp::property(x, "tiff:Model");
        if make.is_some() || model.is_some() {
            f.camera = Some(Camera { make, model });
        }
    }
    if f.gps.is_none()
        && let (Some(lat), Some(lon)) = (
            xmp::property(x, "exif:GPSLatitude")
                .as_deref()
                .and_then(xmp::gps_coordinate),
            xmp::property(x, "exif:GPSLongitude")
                .as_deref()
                .and_then(xmp::gps_coordinate),
        )
    {
        f.gps = plausible_gps(lat, lon, None);
    }
}

fn field(exif: &Exif, tag: Tag) -> Option<&Field> {
    exif.get_field(tag, In::PRIMARY)
}

/// An integer of any EXIF integer type (BYTE, SHORT, LONG and their signed forms: some writers
/// store Orientation as a signed long); negative values are not integers we use.
fn int(exif: &Exif, tag: Tag) -> Option<i64> {
    match &field(exif, tag)?.value {
        Value::Byte(v) => v.first().map(|x| i64::from(*x)),
        Value::Short(v) => v.first().map(|x| i64::from(*x)),
        Value::Long(v) => v.first().map(|x| i64::from(*x)),
        Value::SByte(v) => v.first().map(|x| i64::from(*x)),
        Value::SShort(v) => v.first().map(|x| i64::from(*x)),
        Value::SLong(v) => v.first().map(|x| i64::from(*x)),
        _ => None,
    }
    .filter(|v| *v >= 0)
}

fn ascii(exif: &Exif, tag: Tag) -> Option<String> {
    match &field(exif, tag)?.value {
        Value::Ascii(parts) => {
            let s = String::from_utf8_lossy(parts.first()?)
                .trim()
                .trim_matches('\0')
                .to_owned();
            let s: String = s.chars().filter(|c| !c.is_control()).collect();
            let s = s.trim().to_owned();
            if s.is_empty() { None } else { Some(s) }
        }
        _ => None,
    }
}

/// DateTimeOriginal with OffsetTimeOriginal, else DateTimeDigitized with OffsetTimeDigitized.
fn capture_time(exif: &Exif) -> Option<(String, CaptureSource)> {
    let pairs = [
        (
            Tag::DateTimeOriginal,
            Tag::OffsetTimeOriginal,
            CaptureSource::ExifOriginal,
        ),
        (
            Tag::DateTimeDigitized,
            Tag::OffsetTimeDigitized,
            CaptureSource::ExifDigitized,
        ),
    ];
    for (time, offset, source) in pairs {
        let Some(naive) = ascii(exif, time).as_deref().and_then(exif_date) else {
            continue;
        };
        let offset = ascii(exif, offset)
            .as_deref()
            .and_then(parse_offset)
            .unwrap_or_default();
        return Some((format!("{naive}{offset}"), source));
    }
    None
}

/// An EXIF date `YYYY:MM:DD HH:MM:SS` (tolerating `-` separators, a `T`, sub-seconds) as
/// `YYYY-MM-DDTHH:MM:SS`; blank or zero dates ("0000:00:00 00:00:00") are no date.
pub fn exif_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let head = raw.get(..19)?;
    let norm: String = head
        .char_indices()
        .map(|(i, c)| match (i, c) {
            (4 | 7, ':' | '-') => '-',
            (10, ' ' | 'T') => 'T',
            _ => c,
        })
        .collect();
    let naive = chrono::NaiveDateTime::parse_from_str(&norm, "%Y-%m-%dT%H:%M:%S").ok()?;
    Some(naive.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// An ISO 8601 date as XMP writes it, normalised: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` with
/// its offset (`Z` or `±HH:MM`) when given. Fractions are dropped; a missing seconds field is 0.
pub fn iso_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let date = chrono::NaiveDate::parse_from_str(raw.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = &raw[10..];
    if rest.is_empty() {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    // Split off the offset.
    let (time, offset) = match rest.find(['Z', '+', '-']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let time = time.split('.').next().unwrap_or(time);
    let t = chrono::NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| chrono::NaiveTime::parse_from_str(time, "%H:%M"))
        .ok()?;
    let offset = match offset {
        "" => String::new(),
        "Z" => "Z".into(),
        o => parse_offset(o).or_else(|| {
            // ±HHMM
            let b = o.as_bytes();
            (b.len() == 5).then(|| format!("{}:{}", &o[..3], &o[3..]))
        })?,
    };
    Some(format!(
        "{}T{}{offset}",
        date.format("%Y-%m-%d"),
        t.format("%H:%M:%S")
    ))
}

/// Accepts `+HH:MM` / `-HH:MM` within ±14 h; anything else is ignored.
fn parse_offset(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 6 || !(b[0] == b'+' || b[0] == b'-') || b[3] != b':' {
        return None;
    }
    let h: u32 = s.get(1..3)?.parse().ok()?;
    let m: u32 = s.get(4..6)?.parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    Some(s.to_owned())
}

/// IPTC-IIM 2:55 DateCreated (`CCYYMMDD`) with 2:60 TimeCreated (`HHMMSS±HHMM`).
fn iptc_date(record: &[u8]) -> Option<String> {
    let mut date = None;
    let mut time = None;
    let mut i = 0;
    while i + 5 <= record.len() && record[i] == 0x1C {
        let (rec, ds) = (record[i + 1], record[i + 2]);
        let len = usize::from(u16::from_be_bytes([record[i + 3], record[i + 4]]));
        if len & 0x8000 != 0 {
            break; // extended length: not used for dates
        }
        let data = record.get(i + 5..i + 5 + len)?;
        if rec == 2 && ds == 55 {
            date = std::str::from_utf8(data).ok();
        } else if rec == 2 && ds == 60 {
            time = std::str::from_utf8(data).ok();
        }
        i += 5 + len;
    }
    let d = chrono::NaiveDate::parse_from_str(date?.trim(), "%Y%m%d").ok()?;
    let Some(t) = time.map(str::trim).filter(|t| t.len() >= 6) else {
        return Some(d.format("%Y-%m-%d").to_string());
    };
    let hms = chrono::NaiveTime::parse_from_str(t.get(..6)?, "%H%M%S").ok()?;
    let offset = t
        .get(6..11)
        .filter(|o| o.starts_with(['+', '-']))
        .and_then(|o| parse_offset(&format!("{}:{}", &o[..3], &o[3..])))
        .unwrap_or_default();
    Some(format!(
        "{}T{}{offset}",
        d.format("%Y-%m-%d"),
        hms.format("%H:%M:%S")
    ))
}

/// Degrees from three (signed or unsigned) rationals: `(magnitude, negative)`.
fn dms(exif: &Exif, tag: Tag) -> Option<(f64, bool)> {
    let parts: Vec<f64> = match &field(exif, tag)?.value {
        Value::Rational(v) if v.len() >= 3 => {
            if v.iter().take(3).any(|r| r.denom == 0) {
                return None;
            }
            v.iter().take(3).map(|r| r.to_f64()).collect()
        }
        // Some phones store the coordinates as signed rationals.
        Value::SRational(v) if v.len() >= 3 => {
            if v.iter().take(3).any(|r| r.denom == 0) {
                return None;
            }
            v.iter().take(3).map(|r| r.to_f64()).collect()
        }
        _ => return None,
    };
    let negative = parts.iter().any(|p| *p < 0.0);
    let (d, m, s) = (parts[0].abs(), parts[1].abs(), parts[2].abs());
    // Some cameras round 59.999 s up to 60: still a valid position.
    if m > 60.0 || s > 60.0 {
        return None;
    }
    Some((d + m / 60.0 + s / 3600.0, negative))
}

/// Applies a hemisphere reference to `(magnitude, negative)`. A negative value agrees with
/// S/W; with N/E it contradicts the reference, and a position we cannot trust is dropped.
/// Without a reference only a negative value says where it is.
fn signed(
    value: (f64, bool),
    reference: Option<&str>,
    neg_ref: &str,
    pos_ref: &str,
) -> Option<f64> {
    let (mag, negative) = value;
    match reference {
        Some(r) if r == neg_ref => Some(-mag),
        Some(r) if r == pos_ref => (!negative).then_some(mag),
        Some(_) => None,
        None => negative.then_some(-mag),
    }
}

/// GPS position in signed decimal degrees; implausible values (out of range, NaN, no
/// hemisphere, exactly 0/0 "null island" from unset receivers) are dropped.
fn gps(exif: &Exif) -> Option<Gps> {
    let lat_ref = ascii(exif, Tag::GPSLatitudeRef);
    let lon_ref = ascii(exif, Tag::GPSLongitudeRef);
    let lat = signed(dms(exif, Tag::GPSLatitude)?, lat_ref.as_deref(), "S", "N")?;
    let lon = signed(dms(exif, Tag::GPSLongitude)?, lon_ref.as_deref(), "W", "E")?;
    let alt = match field(exif, Tag::GPSAltitude).map(|f| &f.value) {
        Some(Value::Rational(v)) if !v.is_empty() && v[0].denom != 0 => {
            let below = matches!(field(exif, Tag::GPSAltitudeRef).map(|f| &f.value), Some(Value::Byte(b)) if b.first() == Some(&1));
            let a = v[0].to_f64();
            Some(if below { -a } else { a })
        }
        Some(Value::SRational(v)) if !v.is_empty() && v[0].denom != 0 => Some(v[0].to_f64()),
        _ => None,
    };
    plausible_gps(lat, lon, alt)
}

/// A position kept only when it can be one (see [`gps`]), rounded to 6 decimals (≈ 0.1 m).
pub fn plausible_gps(lat: f64, lon: f64, alt: Option<f64>) -> Option<Gps> {
    if !lat.is_finite() || !lon.is_finite() || lat.abs() > 90.0 || lon.abs() > 180.0 {
        return None;
    }
    if lat == 0.0 && lon == 0.0 {
        return None;
    }
    let alt = alt.filter(|a| a.is_finite() && (-500.0..=9000.0).contains(a));
    Some(Gps {
        lat: round6(lat),
        lon: round6(lon),
        alt,
    })
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn embedded_thumbnail(exif: &Exif) -> Option<Vec<u8>> {
    let off = exif
        .get_field(Tag::JPEGInterchangeFormat, In::THUMBNAIL)?
        .value
        .get_uint(0)? as usize;
    let len = exif
        .get_field(Tag::JPEGInterchangeFormatLength, In::THUMBNAIL)?
        .value
        .get_uint(0)? as usize;
    let buf = exif.buf();
    let end = off.checked_add(len)?;
    if len < 4 || end > buf.len() || len > 256 * 1024 {
        return None;
    }
    let thumb = &buf[off..end];
    (thumb.starts_with(&[0xFF, 0xD8])).then(|| thumb.to_vec())
}

/// Flags a capture time that cannot be right: more than a day after `now`, or before 1990.
/// A time without an offset is compared as if it were UTC (the day of slack covers the zones).
pub fn date_flag(captured: &str, now: chrono::DateTime<chrono::Utc>) -> Option<DateFlag> {
    let date = chrono::NaiveDate::parse_from_str(captured.get(..10)?, "%Y-%m-%d").ok()?;
    let when = match chrono::DateTime::parse_from_rfc3339(captured) {
        Ok(t) => t.with_timezone(&chrono::Utc),
        Err(_) => match chrono::NaiveDateTime::parse_from_str(
            captured.get(..19).unwrap_or(""),
            "%Y-%m-%dT%H:%M:%S",
        ) {
            Ok(n) => n.and_utc(),
            Err(_) => date.and_hms_opt(0, 0, 0)?.and_utc(),
        },
    };
    if when > now + chrono::Duration::days(1) {
        Some(DateFlag::Future)
    } else if date < chrono::NaiveDate::from_ymd_opt(1990, 1, 1)? {
        Some(DateFlag::BeforeDigital)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_validated() {
        assert_eq!(parse_offset("+03:00").as_deref(), Some("+03:00"));
        assert_eq!(parse_offset("-05:30").as_deref(), Some("-05:30"));
        assert_eq!(parse_offset("+25:00"), None);
        assert_eq!(parse_offset("03:00"), None);
    }

    #[test]
    fn garbage_gives_none_not_panic() {
        assert_eq!(read_exif(b""), None);
        assert_eq!(
            read_exif(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, b'E', b'x']),
            None
        );
        assert_eq!(read_exif(b"\0\0\0\x18ftypheic\0\0\0\0"), None);
    }

    #[test]
    fn dates_are_normalised_and_zero_dates_dropped() {
        assert_eq!(
            exif_date("2017:03:22 09:14:27").as_deref(),
            Some("2017-03-22T09:14:27")
        );
        assert_eq!(
            exif_date("2017-03-22 09:14:27.123").as_deref(),
            Some("2017-03-22T09:14:27")
        );
        assert_eq!(exif_date("0000:00:00 00:00:00"), None);
        assert_eq!(exif_date("    :  :     :  :  "), None);
        assert_eq!(
            iso_date("2017-03-22T09:14:27.5+03:00").as_deref(),
            Some("2017-03-22T09:14:27+03:00")
        );
        assert_eq!(
            iso_date("2017-03-22T09:14Z").as_deref(),
            Some("2017-03-22T09:14:00Z")
        );
        assert_eq!(iso_date("2017-03-22").as_deref(), Some("2017-03-22"));
        assert_eq!(iso_date("2017-13-22"), None);
        assert_eq!(
            iptc_date(b"\x1c\x02\x37\0\x0820170321\x1c\x02\x3c\0\x0b101500+0300").as_deref(),
            Some("2017-03-21T10:15:00+03:00")
        );
    }

    #[test]
    fn implausible_dates_are_flagged() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            date_flag("2099-01-01T00:00:00", now),
            Some(DateFlag::Future)
        );
        assert_eq!(date_flag("2026-11-22T09:00:00+00:00", now), None);
        assert_eq!(
            date_flag("2026-11-23T09:00:00+00:00", now),
            Some(DateFlag::Future)
        );
        assert_eq!(
            date_flag("1970-01-01T00:00:00Z", now),
            Some(DateFlag::BeforeDigital)
        );
        assert_eq!(date_flag("1989-12-31", now), Some(DateFlag::BeforeDigital));
        assert_eq!(date_flag("2017-03-22T09:14:27", now), None);
    }

    #[test]
    fn hemisphere_rules() {
        assert_eq!(signed((35.5, false), Some("N"), "S", "N"), Some(35.5));
        assert_eq!(signed((35.5, false), Some("S"), "S", "N"), Some(-35.5));
        assert_eq!(signed((35.5, true), Some("S"), "S", "N"), Some(-35.5));
        assert_eq!(signed((35.5, true), Some("N"), "S", "N"), None);
        assert_eq!(signed((35.5, true), None, "S", "N"), Some(-35.5));
        assert_eq!(signed((35.5, false), None, "S", "N"), None);
        assert_eq!(signed((35.5, false), Some("X"), "S", "N"), None);
    }
}
