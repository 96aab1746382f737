//! When an incident happened: a time or a range, with the precision it is known to.
//!
//! Written as ISO 8601: `2017-03-21` (a day), `2017-03` (a month), `2017-03-21T14:30` (a minute,
//! optionally with an offset `+03:00` or `Z`), and a range as two of these joined by `/`
//! (`2017-03-20/2017-03-22`, the ISO interval form). Arabic-Indic digits are accepted.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// How precisely the time is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Minute,
    Day,
    Month,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Minute => "minute",
            Precision::Day => "day",
            Precision::Month => "month",
        }
    }
}

/// A time or a range. `start` and `end` are in the written form (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    pub start: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub precision: Precision,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error(
        "'{0}' is not a date: write it as 2017-03-21, 2017-03, 2017-03-21T14:30, or a range such as 2017-03-20/2017-03-22"
    )]
    Unreadable(String),
    #[error("the end ({end}) is before the start ({start})")]
    EndBeforeStart { start: String, end: String },
}

/// Arabic-Indic and Persian digits as ASCII digits (a documenter types either).
pub fn ascii_digits(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6F0}'..='\u{6F9}' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
            c => c,
        })
        .collect()
}

/// One end of a range: its precision and the first and last day it covers.
fn parse_point(s: &str) -> Option<(Precision, NaiveDate, NaiveDate)> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return (s.len() == 10).then_some((Precision::Day, d, d));
    }
    if s.len() == 7
        && let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
    {
        let next = d.checked_add_months(chrono::Months::new(1))?;
        return Some((Precision::Month, d, next.pred_opt()?));
    }
    // A minute, with an optional offset.
    let (local, offset) = split_offset(s);
    if !offset.is_empty() && chrono::FixedOffset::east_opt(offset_seconds(offset)?).is_none() {
        return None;
    }
    for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(local, fmt) {
            return Some((Precision::Minute, t.date(), t.date()));
        }
    }
    None
}

/// `s` split into its local part and its offset (`Z`, `±HH:MM`, or empty).
pub(super) fn split_offset(s: &str) -> (&str, &str) {
    if let Some(x) = s.strip_suffix('Z') {
        return (x, "Z");
    }
    if s.len() > 16 {
        let tail = &s[s.len().saturating_sub(6)..];
        if (tail.starts_with('+') || tail.starts_with('-')) && tail.as_bytes().get(3) == Some(&b':')
        {
            return (&s[..s.len() - 6], tail);
        }
    }
    (s, "")
}

fn offset_seconds(o: &str) -> Option<i32> {
    if o == "Z" {
        return Some(0);
    }
    let sign = if o.starts_with('-') { -1 } else { 1 };
    let h: i32 = o.get(1..3)?.parse().ok()?;
    let m: i32 = o.get(4..6)?.parse().ok()?;
    (h <= 18 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

impl When {
    /// Reads a time or range as the documenter typed it.
    pub fn parse(text: &str) -> Result<When, WhenError> {
        let t = ascii_digits(text);
        let unreadable = || WhenError::Unreadable(text.trim().to_owned());
        let (a, b) = match t.split_once('/') {
            Some((a, b)) => (a.trim().to_owned(), Some(b.trim().to_owned())),
            None => (t.clone(), None),
        };
        let (pa, first_a, _) = parse_point(&a).ok_or_else(unreadable)?;
        let mut precision = pa;
        if let Some(b) = &b {
            let (pb, _, last_b) = parse_point(b).ok_or_else(unreadable)?;
            precision = precision.max(pb);
            let end_before = last_b < first_a || (pa == pb && pa == Precision::Minute && b < &a);
            if end_before {
                return Err(WhenError::EndBeforeStart {
                    start: a,
                    end: b.clone(),
                });
            }
        }
        let w = When {
            start: a,
            end: b,
            precision,
        };
        Ok(w)
    }

    /// Checks a value that came from elsewhere (a bundle, a draft) as `parse` would.
    pub fn check(&self) -> Result<(), WhenError> {
        let again = When::parse(&self.to_string())?;
        if again.precision != self.precision {
            return Err(WhenError::Unreadable(self.to_string()));
        }
        Ok(())
    }

    /// The first and last day covered, as `YYYY-MM-DD` (for filters and look-alikes).
    pub fn day_range(&self) -> (String, String) {
        let first = parse_point(&self.start).map(|p| p.1);
        let last = match &self.end {
            Some(e) => parse_point(e).map(|p| p.2),
            None => parse_point(&self.start).map(|p| p.2),
        };
        let f = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        (f(first), f(last))
    }

    /// True when the day ranges of the two overlap.
    pub fn overlaps(&self, other: &When) -> bool {
        let (a0, a1) = self.day_range();
        let (b0, b1) = other.day_range();
        a0 <= b1 && b0 <= a1
    }

    /// True when `day` (`YYYY-MM-DD`) is inside the range, `slack_days` either side.
    pub fn contains_day(&self, day: &str, slack_days: i64) -> bool {
        let (a, b) = self.day_range();
        let (Ok(a), Ok(b), Ok(d)) = (
            NaiveDate::parse_from_str(&a, "%Y-%m-%d"),
            NaiveDate::parse_from_str(&b, "%Y-%m-%d"),
            NaiveDate::parse_from_str(day.get(..10).unwrap_or(day), "%Y-%m-%d"),
        ) else {
            return false;
        };
        d >= a - chrono::Duration::days(slack_days) && d <= b + chrono::Duration::days(slack_days)
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.end {
            Some(e) => write!(f, "{}/{}", self.start, e),
            None => f.write_str(&self.start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_months_minutes_and_ranges() {
        let d = When::parse("2017-03-21").unwrap();
        assert_eq!((d.precision, d.end.clone()), (Precision::Day, None));
        let m = When::parse("2017-03").unwrap();
        assert_eq!(m.precision, Precision::Month);
        assert_eq!(m.day_range(), ("2017-03-01".into(), "2017-03-31".into()));
        let t = When::parse("2017-03-21T14:30+03:00").unwrap();
        assert_eq!(t.precision, Precision::Minute);
        let r = When::parse("2017-03-20/2017-03-22").unwrap();
        assert_eq!(r.day_range(), ("2017-03-20".into(), "2017-03-22".into()));
        assert!(r.contains_day("2017-03-21T09:00:00+03:00", 0));
        assert!(!r.contains_day("2017-03-25", 1));
        assert!(r.contains_day("2017-03-23", 1));
        assert_eq!(
            When::parse("٢٠١٧-٠٣-٢١").unwrap().start,
            "2017-03-21",
            "Arabic-Indic digits"
        );
        assert!(r.check().is_ok());
    }

    #[test]
    fn bad_dates_and_reversed_ranges_are_refused() {
        for bad in [
            "yesterday",
            "2017-13-01",
            "2017-02-30",
            "21/03/2017",
            "",
            "2017-03-21T25:00",
        ] {
            assert!(
                matches!(When::parse(bad), Err(WhenError::Unreadable(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            When::parse("2017-03-22/2017-03-20"),
            Err(WhenError::EndBeforeStart { .. })
        ));
        assert!(When::parse("2017-03-21T10:00/2017-03-21T09:00").is_err());
        assert!(
            When::parse("2017-03/2017-03-15").is_ok(),
            "a day inside the month"
        );
    }
}
