use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn m(text: &str) -> i64 {
    to_minutes(text).unwrap_or_else(|| panic!("{text} should parse"))
}

#[test]
fn minutes_are_counted_from_1970_and_round_trip() {
    assert_eq!(m("1970-01-01"), 0);
    assert_eq!(m("1970-01-01T00:01"), 1);
    assert_eq!(m("1970-01-02T00:00"), 1440);
    assert_eq!(m("1969-12-31T23:59"), -1);
    assert_eq!(m("2017-03-21T14:30:59+03:00"), m("2017-03-21T14:30"));
    assert_eq!(m(" 2017-03-21 14:30 "), m("2017-03-21T14:30"));
    assert_eq!(
        m("2000-03-01") - m("2000-02-28"),
        2 * 1440,
        "2000 is a leap year"
    );
    assert_eq!(m("1900-03-01") - m("1900-02-28"), 1440, "1900 is not");
    for bad in [
        "",
        "2017",
        "2017-03",
        "2017-3-21",
        "2017-02-30",
        "2017-03-21T",
        "2017-03-21T24:00",
        "2017-03-21T14:60",
        "2017-03-21T1430",
        "2017-03-21X14:30",
        "٢٠١٧-03-21",
    ] {
        assert_eq!(to_minutes(bad), None, "{bad:?}");
    }
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..2000 {
        let t = rng.gen_range(m("1800-01-01")..m("2200-01-01"));
        let text = format_minute(t);
        assert_eq!(text.len(), 16);
        assert_eq!(to_minutes(&text), Some(t), "{text}");
        assert_eq!(to_minutes(&format_date(t)), Some(t.div_euclid(1440) * 1440));
    }
    assert_eq!(format_minute(-1), "1969-12-31T23:59");
    assert_eq!(format_date(-1), "1969-12-31");
    assert_eq!(Step::Months(1).format(m("2017-03-21T14:30")), "2017-03");
    assert_eq!(
        Step::Hours(1).format(m("2017-03-21T14:30")),
        "2017-03-21T14:30"
    );
}

#[test]
fn steps_land_on_calendar_boundaries() {
    let cases = [
        (
            Step::Months(1),
            "2016-02-29T12:00",
            "2016-02-01T00:00",
            "2016-03-01T00:00",
        ),
        (
            Step::Months(1),
            "2017-02-28T23:59",
            "2017-02-01T00:00",
            "2017-03-01T00:00",
        ),
        (
            Step::Months(3),
            "2017-05-15",
            "2017-04-01T00:00",
            "2017-07-01T00:00",
        ),
        (
            Step::Months(6),
            "2017-12-31T23:59",
            "2017-07-01T00:00",
            "2018-01-01T00:00",
        ),
        (
            Step::Years(1),
            "2016-12-31T23:59",
            "2016-01-01T00:00",
            "2017-01-01T00:00",
        ),
        (
            Step::Years(10),
            "2016-06-01",
            "2010-01-01T00:00",
            "2020-01-01T00:00",
        ),
        (
            Step::Years(100),
            "1969-06-01",
            "1900-01-01T00:00",
            "2000-01-01T00:00",
        ),
        (
            Step::Years(1),
            "1969-12-31T23:59",
            "1969-01-01T00:00",
            "1970-01-01T00:00",
        ),
        (
            Step::Months(1),
            "1969-12-31T23:59",
            "1969-12-01T00:00",
            "1970-01-01T00:00",
        ),
        (
            Step::Days(1),
            "1969-12-31T23:59",
            "1969-12-31T00:00",
            "1970-01-01T00:00",
        ),
        // Weeks start on Mondays: 2017-03-20 was one.
        (
            Step::Days(7),
            "2017-03-26T23:59",
            "2017-03-20T00:00",
            "2017-03-27T00:00",
        ),
        (
            Step::Days(7),
            "1969-12-31",
            "1969-12-29T00:00",
            "1970-01-05T00:00",
        ),
        (
            Step::Hours(6),
            "2017-03-21T05:59",
            "2017-03-21T00:00",
            "2017-03-21T06:00",
        ),
        (
            Step::Hours(12),
            "1969-12-31T13:00",
            "1969-12-31T12:00",
            "1970-01-01T00:00",
        ),
        (
            Step::Minutes(15),
            "2017-03-21T14:44",
            "2017-03-21T14:30",
            "2017-03-21T14:45",
        ),
        (
            Step::Minutes(5),
            "1969-12-31T23:59",
            "1969-12-31T23:55",
            "1970-01-01T00:00",
        ),
        // A step that does not divide the hour restarts at every hour.
        (
            Step::Minutes(7),
            "2017-03-21T14:58",
            "2017-03-21T14:56",
            "2017-03-21T15:00",
        ),
        (
            Step::Minutes(0),
            "2017-03-21T14:58",
            "2017-03-21T14:58",
            "2017-03-21T14:59",
        ),
    ];
    for (step, t, floor, next) in cases {
        assert_eq!(format_minute(step.floor(m(t))), floor, "{step:?} floor {t}");
        assert_eq!(format_minute(step.next(m(t))), next, "{step:?} next {t}");
    }
}

#[test]
fn floor_and_next_are_monotone_and_consistent() {
    let mut rng = StdRng::seed_from_u64(2);
    let steps: Vec<Step> = Step::LADDER
        .iter()
        .copied()
        .chain([
            Step::Minutes(7),
            Step::Hours(5),
            Step::Months(5),
            Step::Days(3),
        ])
        .collect();
    for step in steps {
        let mut ts: Vec<i64> = (0..400)
            .map(|_| rng.gen_range(m("1890-01-01")..m("2110-01-01")))
            .collect();
        ts.sort();
        let mut last = (i64::MIN, i64::MIN);
        for &t in &ts {
            let (f, n) = (step.floor(t), step.next(t));
            assert!(f <= t && t < n, "{step:?} {t}: {f} {n}");
            assert_eq!(step.floor(f), f, "{step:?}: a boundary is its own floor");
            assert_eq!(step.floor(n), n, "{step:?}: next is a boundary");
            assert_eq!(step.floor(n - 1), f, "{step:?}: nothing between");
            assert!(f >= last.0 && n >= last.1, "{step:?} not monotone at {t}");
            last = (f, n);
        }
    }
}

#[test]
fn choose_step_fits_and_is_the_finest_that_does() {
    let mut rng = StdRng::seed_from_u64(3);
    let mut spans = vec![10, 59, 60, 61, 600, 1440, 10_080, 44_640, 525_600];
    spans.extend((0..60).map(|_| rng.gen_range(10..200 * 525_960)));
    spans.push(200 * 525_960);
    for span in spans {
        for max_bins in [3usize, 7, 20, 50, 100, 365, 1000, 4000] {
            let start = rng.gen_range(m("1850-01-01")..m("2100-01-01"));
            let end = start + span;
            let step = choose_step(start, end, max_bins);
            let count = bin_count(step, start, end, usize::MAX - 1);
            assert!(
                count <= max_bins,
                "{step:?} gives {count} > {max_bins} over {span}"
            );
            let (hstep, bins) = histogram(&[], start, end, max_bins);
            assert_eq!((hstep, bins.len()), (step, count));
            if let Some(pos) = Step::LADDER.iter().position(|&s| s == step) {
                for &finer in &Step::LADDER[pos + 1..] {
                    assert!(
                        bin_count(finer, start, end, usize::MAX - 1) > max_bins,
                        "{finer:?} would also fit {span} in {max_bins}"
                    );
                }
            }
        }
    }
    assert_eq!(choose_step(0, 10, 100), Step::Minutes(1));
    assert_eq!(
        choose_step(m("2000-01-01"), m("2010-01-01"), 12),
        Step::Years(1)
    );
    assert_eq!(
        choose_step(m("2017-03-01"), m("2017-04-01"), 40),
        Step::Days(1)
    );
    assert_eq!(
        choose_step(m("2017-03-01"), m("2017-04-01"), 1000),
        Step::Hours(1)
    );
}

#[test]
fn histogram_counts_every_time_in_range_once() {
    let mut rng = StdRng::seed_from_u64(4);
    let times: Vec<(i64, bool)> = (0..20_000)
        .map(|_| {
            (
                rng.gen_range(m("1965-01-01")..m("2030-01-01")),
                rng.gen_bool(0.1),
            )
        })
        .collect();
    for (from, to, max_bins) in [
        ("1960-01-01", "2035-01-01", 100),
        ("1969-05-17T13:13", "1971-02-03", 40),
        ("2017-03-01", "2017-03-08", 500),
        ("2017-03-01T10:00", "2017-03-01T11:00", 60),
        ("2000-02-10", "2004-03-10", 13),
    ] {
        let (start, end) = (m(from), m(to));
        let (step, bins) = histogram(&times, start, end, max_bins);
        assert!(!bins.is_empty() && bins.len() <= max_bins);
        assert_eq!(bins[0].start, step.floor(start));
        assert!(bins[0].start <= start && bins.last().is_some_and(|b| b.end >= end));
        for w in bins.windows(2) {
            assert_eq!(w[0].end, w[1].start, "bins are contiguous");
        }
        for bin in &bins {
            let inside = |t: i64| t >= start && t < end && t >= bin.start && t < bin.end;
            let count = times.iter().filter(|(t, _)| inside(*t)).count();
            let marked = times.iter().filter(|(t, k)| *k && inside(*t)).count();
            assert_eq!(
                (bin.count as usize, bin.marked as usize),
                (count, marked),
                "{bin:?}"
            );
        }
        let total: u32 = bins.iter().map(|b| b.count).sum();
        let expected = times
            .iter()
            .filter(|(t, _)| *t >= start && *t < end)
            .count();
        assert_eq!(total as usize, expected, "{from}..{to}");
    }
    assert!(histogram(&times, 100, 100, 50).1.is_empty());
    assert!(histogram(&times, 100, 50, 50).1.is_empty());
}

#[test]
fn extreme_inputs_do_not_panic() {
    for t in [i64::MIN, i64::MAX, 0, -LIMIT, LIMIT] {
        for step in Step::LADDER.iter().copied().chain([Step::Years(u32::MAX)]) {
            let _ = (step.floor(t), step.next(t));
        }
        let _ = (format_minute(t), format_date(t));
    }
    let (_, bins) = histogram(&[(0, true)], i64::MIN, i64::MAX, usize::MAX);
    assert!(bins.len() <= MAX_BINS);
    assert_eq!(bins.iter().map(|b| b.count).sum::<u32>(), 1);
}

/// Prints the time a 100,000-item histogram takes (no assertion on it).
#[test]
fn timing_for_100k_times() {
    let mut rng = StdRng::seed_from_u64(5);
    let times: Vec<(i64, bool)> = (0..100_000)
        .map(|_| {
            (
                rng.gen_range(m("2011-01-01")..m("2024-01-01")),
                rng.gen_bool(0.05),
            )
        })
        .collect();
    for (from, to, max_bins) in [
        ("2011-01-01", "2024-01-01", 200),
        ("2011-01-01", "2024-01-01", 2000),
        ("2017-01-01", "2017-02-01", 300),
    ] {
        let t = std::time::Instant::now();
        let (step, bins) = histogram(&times, m(from), m(to), max_bins);
        println!(
            "100k times {from}..{to} max {max_bins}: {step:?}, {} bins in {:?}",
            bins.len(),
            t.elapsed()
        );
    }
}
