//! Small formatting helpers for numbers, sizes, durations and times shown to the user, in the
//! interface's language and digits (see [`super::i18n`]).

use std::time::Duration;

use super::i18n::{self, t};

/// `1.2 MB`, `532 KB`, `17 bytes` (decimal units, as file managers show them).
pub fn bytes(n: u64) -> String {
    if n < 1000 {
        return t!("size-bytes", count = n);
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < 5 {
        value /= 1000.0;
        unit += 1;
    }
    let value = i18n::decimal(value, if value < 10.0 { 1 } else { 0 });
    match unit {
        0 => t!("size-kb", value = value),
        1 => t!("size-mb", value = value),
        2 => t!("size-gb", value = value),
        3 => t!("size-tb", value = value),
        _ => t!("size-pb", value = value),
    }
}

/// `12,345` with thousands separators, in the interface's digits.
pub fn count(n: u64) -> String {
    i18n::number(n)
}

/// `1 item`, `12,345 items`.
pub fn items(n: u64) -> String {
    t!("count-items", count = n)
}

/// `1 h 05 min`, `3 min 20 s`, `12 s`.
pub fn duration(d: Duration) -> String {
    let s = d.as_secs();
    let two = |n: u64| i18n::digits(&format!("{n:02}"));
    if s >= 3600 {
        t!(
            "duration-hours",
            hours = s / 3600,
            minutes = two((s % 3600) / 60)
        )
    } else if s >= 60 {
        t!("duration-minutes", minutes = s / 60, seconds = two(s % 60))
    } else {
        t!("duration-seconds", seconds = s)
    }
}

/// An RFC 3339 UTC time shown in local time, `2017-03-22 14:05:09 (+02:00)`; other strings as
/// they are.
pub fn local_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let local = t.with_timezone(&chrono::Local);
            i18n::digits(&local.format("%Y-%m-%d %H:%M:%S (%:z)").to_string())
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// Seconds since 1970 (UTC) in local time, `2017-03-22 14:05 (+02:00)`.
pub fn local_unix(secs: i64) -> String {
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(t) => i18n::digits(
            &t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M (%:z)")
                .to_string(),
        ),
        None => secs.to_string(),
    }
}

/// "today", "yesterday", "N days ago".
pub fn days_ago(days: i64) -> String {
    match days {
        ..=0 => t!("days-ago-today"),
        1 => t!("days-ago-yesterday"),
        n => t!("days-ago", count = n),
    }
}

/// A capture time as the camera recorded it: `2017-03-22 09:41:07 +02:00` or without offset.
pub fn captured(s: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(s) {
        Ok(t) => i18n::digits(&t.format("%Y-%m-%d %H:%M:%S %:z").to_string()),
        Err(_) => i18n::digits(&s.replacen('T', " ", 1)),
    }
}

/// A span of minutes the way a hint says it: whole days from two days up, else hours from two
/// hours up, else minutes.
pub fn span_minutes(minutes: u64) -> String {
    let (days, hours) = (minutes / 1440, minutes / 60);
    if days >= 2 {
        t!("span-days", n = days)
    } else if hours >= 2 {
        t!("span-hours", n = hours)
    } else {
        t!("span-minutes", n = minutes)
    }
}

/// Whether `s` is a `YYYY-MM-DD` date.
pub fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

/// A capture-time bound as the catalog takes it (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` as the
/// timeline writes a brushed range; Arabic-Indic digits read too), or `None` while it is not one.
pub fn capture_bound(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    evidence_vault::item::CaptureBound::parse(s)
        .ok()
        .map(|b| b.as_str().to_owned())
}

/// Signed decimal degrees with hemisphere letters: `35.83412° N, 38.54871° E`.
pub fn gps(lat: f64, lon: f64) -> String {
    let ns = if lat >= 0.0 {
        t!("gps-north")
    } else {
        t!("gps-south")
    };
    let ew = if lon >= 0.0 {
        t!("gps-east")
    } else {
        t!("gps-west")
    };
    t!(
        "gps",
        lat = i18n::decimal(lat.abs(), 5),
        ns = ns,
        lon = i18n::decimal(lon.abs(), 5),
        ew = ew
    )
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
        assert!(
            !is_date("2017-03-22T04:30"),
            "an event date or incident day is a day"
        );
        assert_eq!(
            capture_bound(" ٢٠١٧-٠٣-٢٢T٠٤:٣٠ ").as_deref(),
            Some("2017-03-22T04:30")
        );
        assert_eq!(capture_bound("2017-03-22").as_deref(), Some("2017-03-22"));
        assert_eq!(capture_bound("2017-03-22T04"), None);
    }
}
