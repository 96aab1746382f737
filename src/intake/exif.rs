//! EXIF extraction from the bytes of an original (never touching the file itself).

use std::io::Cursor;

use exif::{Exif, Field, In, Tag, Value};

use crate::item::{Camera, Gps};

/// What intake keeps from EXIF.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExifFacts {
    /// RFC 3339 with offset when OffsetTimeOriginal exists, else naive `YYYY-MM-DDTHH:MM:SS`.
    pub captured_at: Option<String>,
    pub gps: Option<Gps>,
    pub camera: Option<Camera>,
    pub orientation: Option<u16>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The camera's embedded JPEG thumbnail (EXIF IFD1), if any.
    pub embedded_thumbnail: Option<Vec<u8>>,
}

/// Parses EXIF from a JPEG, TIFF, HEIF, PNG or WebP held in memory. Returns None if there is none
/// or it is unreadable (malformed EXIF must never stop intake).
pub fn read_exif(bytes: &[u8]) -> Option<ExifFacts> {
    // Keep what is readable even when part of the EXIF is malformed (common after edits by
    // some tools, e.g. a missing next-IFD offset).
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let exif = reader
        .read_from_container(&mut Cursor::new(bytes))
        .or_else(|e| e.distill_partial_result(|_errors| {}))
        .ok()?;
    Some(facts_from(&exif))
}

fn facts_from(exif: &Exif) -> ExifFacts {
    let orientation = uint(exif, Tag::Orientation)
        .and_then(|o| u16::try_from(o).ok())
        .filter(|o| (1..=8).contains(o));
    let width = uint(exif, Tag::PixelXDimension).or_else(|| uint(exif, Tag::ImageWidth));
    let height = uint(exif, Tag::PixelYDimension).or_else(|| uint(exif, Tag::ImageLength));
    let make = ascii(exif, Tag::Make);
    let model = ascii(exif, Tag::Model);
    ExifFacts {
        captured_at: capture_time(exif),
        gps: gps(exif),
        camera: if make.is_some() || model.is_some() {
            Some(Camera { make, model })
        } else {
            None
        },
        orientation,
        width,
        height,
        embedded_thumbnail: embedded_thumbnail(exif),
    }
}

fn field(exif: &Exif, tag: Tag) -> Option<&Field> {
    exif.get_field(tag, In::PRIMARY)
}

fn uint(exif: &Exif, tag: Tag) -> Option<u32> {
    field(exif, tag)?.value.get_uint(0)
}

fn ascii(exif: &Exif, tag: Tag) -> Option<String> {
    match &field(exif, tag)?.value {
        Value::Ascii(parts) => {
            let s = String::from_utf8_lossy(parts.first()?)
                .trim()
                .trim_matches('\0')
                .to_owned();
            let s: String = s.chars().filter(|c| !c.is_control()).collect();
            if s.is_empty() { None } else { Some(s) }
        }
        _ => None,
    }
}

/// DateTimeOriginal ("YYYY:MM:DD HH:MM:SS") with OffsetTimeOriginal ("+03:00") when present.
fn capture_time(exif: &Exif) -> Option<String> {
    let raw = ascii(exif, Tag::DateTimeOriginal).or_else(|| ascii(exif, Tag::DateTime))?;
    let naive = chrono::NaiveDateTime::parse_from_str(raw.trim(), "%Y:%m:%d %H:%M:%S").ok()?;
    let base = naive.format("%Y-%m-%dT%H:%M:%S").to_string();
    let offset = ascii(exif, Tag::OffsetTimeOriginal).or_else(|| ascii(exif, Tag::OffsetTime));
    match offset.as_deref().and_then(parse_offset) {
        Some(off) => Some(format!("{base}{off}")),
        None => Some(base),
    }
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

fn dms(exif: &Exif, tag: Tag) -> Option<f64> {
    match &field(exif, tag)?.value {
        Value::Rational(v) if v.len() >= 3 => {
            if v.iter().take(3).any(|r| r.denom == 0) {
                return None;
            }
            let d = v[0].to_f64();
            let m = v[1].to_f64();
            let s = v[2].to_f64();
            // Some cameras round 59.999 s up to 60: still a valid position.
            if !(0.0..=60.0).contains(&m) || !(0.0..=60.0).contains(&s) {
                return None;
            }
            Some(d + m / 60.0 + s / 3600.0)
        }
        _ => None,
    }
}

/// GPS position in signed decimal degrees; implausible values (out of range, NaN, missing
/// hemisphere, exactly 0/0 "null island" from unset receivers) are dropped.
fn gps(exif: &Exif) -> Option<Gps> {
    let lat = dms(exif, Tag::GPSLatitude)?;
    let lon = dms(exif, Tag::GPSLongitude)?;
    let lat_ref = ascii(exif, Tag::GPSLatitudeRef)?;
    let lon_ref = ascii(exif, Tag::GPSLongitudeRef)?;
    let lat = match lat_ref.as_str() {
        "N" => lat,
        "S" => -lat,
        _ => return None,
    };
    let lon = match lon_ref.as_str() {
        "E" => lon,
        "W" => -lon,
        _ => return None,
    };
    if !lat.is_finite() || !lon.is_finite() || lat.abs() > 90.0 || lon.abs() > 180.0 {
        return None;
    }
    if lat == 0.0 && lon == 0.0 {
        return None;
    }
    let alt = match field(exif, Tag::GPSAltitude).map(|f| &f.value) {
        Some(Value::Rational(v)) if !v.is_empty() && v[0].denom != 0 => {
            let below = matches!(field(exif, Tag::GPSAltitudeRef).map(|f| &f.value), Some(Value::Byte(b)) if b.first() == Some(&1));
            let a = v[0].to_f64();
            let a = if below { -a } else { a };
            (a.is_finite() && (-500.0..=9000.0).contains(&a)).then_some(a)
        }
        _ => None,
    };
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
    }
}
