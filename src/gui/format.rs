//! Small formatting helpers for numbers, sizes, durations and times shown to the user.

use std::time::Duration;

/// `1.2 MB`, `532 KB`, `17 bytes` (decimal units, as file managers show them).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if n < 1000 {
        return if n == 1 {
            "1 byte".into()
        } else {
            format!("{n} bytes")
        };
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// `12,345` with thousands separators.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 item`, `12,345 items`.
pub fn items(n: u64) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{} items", count(n))
    }
}

/// `1 h 05 min`, `3 min 20 s`, `12 s`.
pub fn duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{} h {:02} min", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}

/// An RFC 3339 UTC time shown in local time, `2017-03-22 14:05:09 (+02:00)`; other strings as
/// they are.
pub fn local_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let local = t.with_timezone(&chrono::Local);
            local.format("%Y-%m-%d %H:%M:%S (%:z)").to_string()
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// Seconds since 1970 (UTC) in local time, `2017-03-22 14:05 (+02:00)`.
pub fn local_unix(secs: i64) -> String {
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(t) => t
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M (%:z)")
            .to_string(),
        None => secs.to_string(),
    }
}

/// "today", "yesterday", "N days ago".
pub fn days_ago(days: i64) -> String {
    match days {
        ..=0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

/// A capture time as the camera recorded it: `2017-03-22 09:41:07 +02:00` or without offset.
pub fn captured(s: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(s) {
        Ok(t) => t.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
        Err(_) => s.replacen('T', " ", 1),
    }
}

/// Whether `s` is a `YYYY-MM-DD` date.
pub fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

/// Signed decimal degrees with hemisphere letters: `35.83412° N, 38.54871° E`.
pub fn gps(lat: f64, lon: f64) -> String {
    let ns = if lat >= 0.0 { 'N' } else { 'S' };
    let ew = if lon >= 0.0 { 'E' } else { 'W' };
    format!("{:.5}° {ns}, {:.5}° {ew}", lat.abs(), lon.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(bytes(17), "17 bytes");
        assert_eq!(bytes(110_779), "111 KB");
        assert_eq!(bytes(1_234_567), "1.2 MB");
        assert_eq!(count(100_000), "100,000");
        assert_eq!(count(12), "12");
        assert_eq!(duration(Duration::from_secs(200)), "3 min 20 s");
        assert!(is_date("2017-03-22"));
        assert!(!is_date("2017-3-22"));
        assert!(!is_date("22/03/2017"));
    }
}
