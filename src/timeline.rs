//! The binning behind the zoomable timeline: calendar steps, the step that suits a time range,
//! and the histogram of item times over it.
//!
//! Times are `i64` minutes since 1970-01-01T00:00 of a local wall clock, with no time zone: a
//! capture time is the camera's own clock, and the catalog compares it as written. Minutes are
//! fine enough for what documenters ask ("between 14:20 and 14:40") and make a histogram of
//! 100,000 items plain integer work. Calendar arithmetic (months, leap years) is chrono's.
//!
//! Times beyond ±100,000 years are treated as lying at that limit, so that no date arithmetic can
//! fail.

use chrono::{Datelike, NaiveDate, Timelike};

const MINUTES_PER_HOUR: i64 = 60;
const MINUTES_PER_DAY: i64 = 1440;
/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;
/// 1970-01-05, the first Monday after the epoch, in days: `Days(n)` bins count from it, so that
/// `Days(7)` bins are Monday-to-Sunday weeks.
const FIRST_MONDAY: i64 = 4;
/// The times every function here accepts; others are clamped to them (±100,000 years).
const LIMIT: i64 = 100_000 * 366 * MINUTES_PER_DAY;
/// No histogram has more bins than this, whatever `max_bins` asks: wider would not be drawable.
pub const MAX_BINS: usize = 100_000;

/// A calendar step: the width of a timeline bin.
///
/// Bins are aligned on the calendar so their labels read naturally: `Years(n)` start on
/// 1 January of years divisible by `n`; `Months(n)` on the 1st of months `1, 1+n, …` of each year;
/// `Days(n)` at 00:00 every `n` days counted from Monday 1970-01-05 (so `Days(7)` are weeks from
/// Monday); `Hours(n)` at hours `0, n, 2n, …` of each day; `Minutes(n)` at minutes `0, n, 2n, …`
/// of each hour. A step that does not divide its parent unit (`Minutes(7)`) ends each hour (day,
/// year) with a shorter bin. `n = 0` counts as 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Years(u32),
    Months(u32),
    Days(u32),
    Hours(u32),
    Minutes(u32),
}

impl Step {
    /// The steps [`choose_step`] picks from, coarsest first. Neighbours differ by a factor of 2
    /// to 3 at most, except around the week (a month is 4.3 weeks; 2 days to a week is 3.5),
    /// because only steps with natural calendar boundaries are in it.
    pub const LADDER: [Step; 24] = [
        Step::Years(100),
        Step::Years(50),
        Step::Years(20),
        Step::Years(10),
        Step::Years(5),
        Step::Years(2),
        Step::Years(1),
        Step::Months(6),
        Step::Months(3),
        Step::Months(1),
        Step::Days(14),
        Step::Days(7),
        Step::Days(2),
        Step::Days(1),
        Step::Hours(12),
        Step::Hours(6),
        Step::Hours(3),
        Step::Hours(1),
        Step::Minutes(30),
        Step::Minutes(15),
        Step::Minutes(10),
        Step::Minutes(5),
        Step::Minutes(2),
        Step::Minutes(1),
    ];

    fn n(self) -> i64 {
        let n = match self {
            Step::Years(n)
            | Step::Months(n)
            | Step::Days(n)
            | Step::Hours(n)
            | Step::Minutes(n) => n,
        };
        i64::from(n.max(1))
    }

    /// The start of the bin holding `t`: the latest step boundary at or before it.
    pub fn floor(self, t: i64) -> i64 {
        let t = t.clamp(-LIMIT, LIMIT);
        let n = self.n();
        match self {
            Step::Minutes(_) => {
                let hour = t.div_euclid(MINUTES_PER_HOUR) * MINUTES_PER_HOUR;
                hour + (t - hour) / n * n
            }
            Step::Hours(_) => {
                let day = t.div_euclid(MINUTES_PER_DAY) * MINUTES_PER_DAY;
                let hour = (t - day) / MINUTES_PER_HOUR;
                day + hour / n * n * MINUTES_PER_HOUR
            }
            Step::Days(_) => {
                let day = t.div_euclid(MINUTES_PER_DAY);
                (day - (day - FIRST_MONDAY).rem_euclid(n)) * MINUTES_PER_DAY
            }
            Step::Months(_) => {
                let (year, month0) = year_month(t);
                let n = n.min(12) as u32;
                month_start(i64::from(year), month0 - month0 % n)
            }
            Step::Years(_) => {
                let year = i64::from(year_month(t).0);
                month_start(year - year.rem_euclid(n), 0)
            }
        }
    }

    /// The start of the bin after the one holding `t` (later than `t` for every time within
    /// the limits).
    pub fn next(self, t: i64) -> i64 {
        let start = self.floor(t);
        let n = self.n();
        match self {
            Step::Minutes(_) => {
                let hour_end = start.div_euclid(MINUTES_PER_HOUR) * MINUTES_PER_HOUR + 60;
                (start + n).min(hour_end)
            }
            Step::Hours(_) => {
                let day_end = start.div_euclid(MINUTES_PER_DAY) * MINUTES_PER_DAY + MINUTES_PER_DAY;
                (start + n * MINUTES_PER_HOUR).min(day_end)
            }
            Step::Days(_) => start + n * MINUTES_PER_DAY,
            Step::Months(_) => {
                let (year, month0) = year_month(start);
                let month0 = i64::from(month0) + n;
                if month0 >= 12 {
                    month_start(i64::from(year) + 1, 0)
                } else {
                    month_start(i64::from(year), month0 as u32)
                }
            }
            Step::Years(_) => month_start(i64::from(year_month(start).0) + n, 0),
        }
    }

    /// `Some(width)` in minutes when every bin of this step is equally wide.
    fn uniform_width(self) -> Option<i64> {
        let n = self.n();
        match self {
            Step::Minutes(_) if MINUTES_PER_HOUR % n == 0 => Some(n),
            Step::Hours(_) if 24 % n == 0 => Some(n * MINUTES_PER_HOUR),
            Step::Days(_) => Some(n * MINUTES_PER_DAY),
            _ => None,
        }
    }

    /// An upper bound on a bin's width in minutes.
    fn max_width(self) -> i64 {
        let n = self.n();
        match self {
            Step::Years(_) => n * 366 * MINUTES_PER_DAY,
            Step::Months(_) => n.min(12) * 31 * MINUTES_PER_DAY,
            Step::Days(_) => n * MINUTES_PER_DAY,
            Step::Hours(_) => n.min(24) * MINUTES_PER_HOUR,
            Step::Minutes(_) => n.min(60),
        }
    }

    /// A bin's start as a label, as precise as the step: `2017`, `2017-03`, `2017-03-21`,
    /// `2017-03-21T14:30`.
    pub fn format(self, t: i64) -> String {
        let full = format_minute(t);
        let len = match self {
            Step::Years(_) => 4,
            Step::Months(_) => 7,
            Step::Days(_) => 10,
            Step::Hours(_) | Step::Minutes(_) => 16,
        };
        // Years beyond 9999 (or before 0) are written longer: keep those whole.
        if full.len() == 16 {
            full[..len].to_owned()
        } else {
            full
        }
    }
}

/// The number of bins of `step` from `floor(start)` to `end`, or `cap + 1` if there are more.
fn bin_count(step: Step, start: i64, end: i64, cap: usize) -> usize {
    if end <= start {
        return 0;
    }
    let first = step.floor(start);
    let span = end - first;
    if let Some(w) = step.uniform_width() {
        return usize::try_from((span + w - 1) / w).map_or(cap + 1, |c| c.min(cap + 1));
    }
    if span / step.max_width() > i64::try_from(cap).unwrap_or(i64::MAX) {
        return cap + 1;
    }
    let mut count = 0;
    let mut b = first;
    while b < end && count <= cap {
        let e = step.next(b);
        if e <= b {
            break;
        }
        count += 1;
        b = e;
    }
    count
}

/// The finest step of [`Step::LADDER`] that splits `[start, end)` into at most `max_bins` bins
/// (counted from `floor(start)`), so the histogram is as detailed as the space allows. When not
/// even a century fits (`max_bins` below 3 for long ranges), the coarsest step.
pub fn choose_step(start: i64, end: i64, max_bins: usize) -> Step {
    let (start, end) = (start.clamp(-LIMIT, LIMIT), end.clamp(-LIMIT, LIMIT));
    let cap = max_bins.clamp(1, MAX_BINS);
    Step::LADDER
        .iter()
        .rev()
        .find(|&&step| bin_count(step, start, end, cap) <= cap)
        .copied()
        .unwrap_or(Step::LADDER[0])
}

/// One bar of the timeline: the times in `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bin {
    pub start: i64,
    pub end: i64,
    pub count: u32,
    /// How many of them the caller marked (an implausible date, far from the incident, …).
    pub marked: u32,
}

/// The histogram of `times` (`(minute, marked)`, in any order) over `[start, end)` with the step
/// [`choose_step`] picks. Bins run on the calendar from `floor(start)` until one reaches `end`, so
/// the first and last may reach beyond the range; times outside `[start, end)` are not counted.
/// Costs O(bins + n) for steps of one width, O(bins + n log bins) for months and years.
pub fn histogram(times: &[(i64, bool)], start: i64, end: i64, max_bins: usize) -> (Step, Vec<Bin>) {
    let (start, end) = (start.clamp(-LIMIT, LIMIT), end.clamp(-LIMIT, LIMIT));
    let step = choose_step(start, end, max_bins);
    let mut bins = Vec::new();
    if end <= start {
        return (step, bins);
    }
    let first = step.floor(start);
    let mut b = first;
    while b < end && bins.len() < MAX_BINS {
        let e = step.next(b);
        if e <= b {
            break;
        }
        bins.push(Bin {
            start: b,
            end: e,
            count: 0,
            marked: 0,
        });
        b = e;
    }
    let width = step.uniform_width();
    for &(t, marked) in times {
        if t < start || t >= end {
            continue;
        }
        let i = match width {
            Some(w) => ((t - first) / w) as usize,
            None => bins.partition_point(|bin| bin.start <= t).saturating_sub(1),
        };
        if let Some(bin) = bins.get_mut(i) {
            bin.count += 1;
            bin.marked += u32::from(marked);
        }
    }
    (step, bins)
}

/// A catalog time as minutes: `YYYY-MM-DD` (its 00:00) or `YYYY-MM-DDTHH:MM…` (a space for the
/// `T` too), of which only the first 16 characters count, so seconds and a recorded offset
/// (`…:05+03:00`) are ignored and the wall time stays as the camera wrote it. `None` for
/// anything else or an impossible date.
pub fn to_minutes(text: &str) -> Option<i64> {
    let s = text.trim().as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = s.get(from..to)?;
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0, |acc, &d| acc * 10 + u32::from(d - b'0'))
        })
    };
    if s.get(4) != Some(&b'-') || s.get(7) != Some(&b'-') {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
    let (hour, minute) = match s.len() {
        10 => (0, 0),
        16.. if matches!(s[10], b'T' | b't' | b' ') && s[13] == b':' => {
            (number(11, 13)?, number(14, 16)?)
        }
        _ => return None,
    };
    if hour > 23 || minute > 59 {
        return None;
    }
    Some(
        (i64::from(date.num_days_from_ce()) - EPOCH_DAYS_FROM_CE) * MINUTES_PER_DAY
            + i64::from(hour * 60 + minute),
    )
}

/// `YYYY-MM-DDTHH:MM`, the catalog's form of a minute bound.
pub fn format_minute(t: i64) -> String {
    let t = t.clamp(-LIMIT, LIMIT);
    let Some(date) = date_of(t) else {
        return String::new();
    };
    let Some(time) = date.and_hms_opt(0, 0, 0).and_then(|d| {
        d.checked_add_signed(chrono::TimeDelta::minutes(t.rem_euclid(MINUTES_PER_DAY)))
    }) else {
        return String::new();
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        time.year(),
        time.month(),
        time.day(),
        time.hour(),
        time.minute()
    )
}

/// `YYYY-MM-DD`, the day `t` falls on.
pub fn format_date(t: i64) -> String {
    let mut s = format_minute(t);
    s.truncate(s.len().saturating_sub(6));
    s
}

/// The date of minute `t` (within the limits, always `Some`).
fn date_of(t: i64) -> Option<NaiveDate> {
    let days = t.div_euclid(MINUTES_PER_DAY) + EPOCH_DAYS_FROM_CE;
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
}

/// The year and zero-based month of minute `t`.
fn year_month(t: i64) -> (i32, u32) {
    date_of(t).map_or((1970, 0), |d| (d.year(), d.month0()))
}

/// Minute 00:00 of the 1st of month `month0` (zero-based) of `year`.
fn month_start(year: i64, month0: u32) -> i64 {
    // Within ±200,000 years chrono represents every date, which the limits keep us inside.
    let year = year.clamp(-200_000, 200_000) as i32;
    NaiveDate::from_ymd_opt(year, month0 + 1, 1).map_or(0, |d| {
        (i64::from(d.num_days_from_ce()) - EPOCH_DAYS_FROM_CE) * MINUTES_PER_DAY
    })
}

#[cfg(test)]
mod tests;
