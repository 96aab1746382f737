//! What the map and the timeline rely on, through the CLI: `list --within` and capture bounds to
//! the minute, and `show --json`'s consistency hints against linked incidents.

use crate::support::cli::*;
use std::fs;

/// A JPEG with EXIF GPS at `(lat, lon)` captured at `when` (`YYYY:MM:DD HH:MM:SS`, +03:00).
fn photo(seed: u8, lat: f64, lon: f64, when: &str) -> Vec<u8> {
    let mut bytes = with_exif(&jpeg(64, 48, seed), lat, lon, 1);
    // The support EXIF records 2017:03:22 09:14:27; the same number of bytes takes its place.
    let fixed = b"2017:03:22 09:14:27";
    assert_eq!(when.len(), fixed.len());
    let at = bytes
        .windows(fixed.len())
        .position(|w| w == fixed)
        .expect("the EXIF time");
    bytes[at..at + fixed.len()].copy_from_slice(when.as_bytes());
    bytes
}

/// Adds the files (name, bytes) to `vault`; returns the ID of each, in order.
fn add_files(
    dir: &std::path::Path,
    vault: &std::path::Path,
    files: &[(&str, Vec<u8>)],
) -> Vec<String> {
    let src = dir.join("src");
    fs::create_dir_all(&src).unwrap();
    for (name, bytes) in files {
        fs::write(src.join(name), bytes).unwrap();
    }
    let o = run(&["add", "--vault", v(vault), v(&src)]);
    assert_ok(&o);
    let items = added(&o);
    files
        .iter()
        .map(|(name, _)| {
            items
                .iter()
                .find(|(_, _, p)| p.ends_with(name))
                .map(|(id, _, _)| id.clone())
                .expect("added")
        })
        .collect()
}

#[test]
fn list_narrows_to_an_area_and_to_the_minute() {
    let (dir, vault) = new_vault();
    let ids = add_files(
        dir.path(),
        &vault,
        &[
            (
                "bakery.jpg",
                photo(1, 35.8361, 38.5481, "2017:03:22 09:14:27"),
            ),
            ("raqqa.jpg", photo(2, 35.95, 39.01, "2017:03:22 09:16:05")),
            ("school.jpg", photo(3, 35.84, 38.55, "2017:03:23 10:00:00")),
            ("note.txt", b"no place, no time".to_vec()),
        ],
    );
    let (bakery, raqqa, school) = (&ids[0], &ids[1], &ids[2]);
    let vs = v(&vault);
    let listed = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--vault", vs, "--json"];
        all.extend_from_slice(args);
        let o = run(&all);
        assert_ok(&o);
        let mut ids: Vec<String> = json_lines(&o)
            .iter()
            .map(|j| j["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let sorted = |v: &[&String]| {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(
        listed(&["--within", "35.8,38.5,35.9,38.6"]),
        sorted(&[bakery, school])
    );
    // To the minute, both ends included: 09:14:27 is in "up to 09:14".
    assert_eq!(
        listed(&[
            "--within",
            "35.8,38.5,35.9,38.6",
            "--from",
            "2017-03-22T09:14",
            "--to",
            "2017-03-22T09:14",
        ]),
        sorted(&[bakery])
    );
    assert_eq!(
        listed(&[
            "--captured-from",
            "2017-03-22T09:15",
            "--captured-to",
            "2017-03-22"
        ]),
        sorted(&[raqqa])
    );
    assert_eq!(listed(&["--from", "2017-03-23"]), sorted(&[school]));
    // The recorded wall time is compared, not UTC (09:16+03:00 is 06:16 UTC).
    assert_eq!(
        listed(&["--from", "2017-03-22T09:16", "--to", "2017-03-22T09:16"]),
        sorted(&[raqqa])
    );

    // Bad text is refused with what to write instead, before the vault is opened.
    for (args, says) in [
        (vec!["--from", "2017-03-22T9:15"], "2017-03-21T14:30"),
        (vec!["--to", "tomorrow"], "is not a capture date or time"),
        (vec!["--within", "35.8,38.5,35.9"], "SOUTH,WEST,NORTH,EAST"),
        (
            vec!["--within", "36,38.5,35,38.6"],
            "is not an area on the earth",
        ),
    ] {
        let mut all = vec!["list", "--vault", vs];
        all.extend_from_slice(&args);
        let before = snapshot(&vault);
        let o = run(&all);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert_same(&before, &snapshot(&vault), &format!("{args:?}"));
    }
}

#[test]
fn show_points_out_where_an_item_disagrees_with_its_incidents() {
    let (dir, vault) = new_vault();
    let vs = v(&vault);
    // Taken in Raqqa the morning after; the incident is in Tabqa (45 km away), located on a map.
    let ids = add_files(
        dir.path(),
        &vault,
        &[
            ("raqqa.jpg", photo(4, 35.95, 39.01, "2017:03:22 09:14:27")),
            ("note.txt", b"testimony".to_vec()),
        ],
    );
    let (item, note) = (&ids[0], &ids[1]);
    let add_incident = |args: &[&str]| -> String {
        let mut all = vec!["incident", "add", "--vault", vs, "--json"];
        all.extend_from_slice(args);
        let o = run(&all);
        assert_ok(&o);
        json_lines(&o)[0]["id"].as_str().unwrap().to_owned()
    };
    let tabqa = add_incident(&[
        "--title-ar",
        "قصف المخبز",
        "--when",
        "2017-03-21",
        "--lat",
        "35.836",
        "--lon",
        "38.548",
        "--place-source",
        "map",
    ]);
    // Reported 1 km away, the same day: consistent.
    let raqqa = add_incident(&[
        "--title",
        "Shelling in Raqqa",
        "--when",
        "2017-03-22",
        "--lat",
        "35.959",
        "--lon",
        "39.01",
    ]);
    for inc in [&tabqa, &raqqa] {
        assert_ok(&run(&["incident", "link", "--vault", vs, inc, item, note]));
    }

    let before = snapshot(&vault);
    let o = run(&["show", "--vault", vs, item, "--json"]);
    assert_ok(&o);
    let show = &json_lines(&o)[0];
    let hints = show["consistency"].as_array().expect("consistency list");
    assert_eq!(hints.len(), 2, "{hints:?}");
    assert_eq!(hints[0]["incident"], tabqa.as_str());
    assert_eq!(hints[0]["title"], "قصف المخبز");
    assert_eq!(hints[0]["kind"], "far_from_place");
    let km = hints[0]["km"].as_f64().unwrap();
    assert!((40.0..50.0).contains(&km), "{km}");
    assert_eq!(hints[0]["radius_km"], 2.0);
    assert_eq!(hints[1]["kind"], "captured_after");
    assert_eq!(hints[1]["minutes"], 9 * 60 + 15, "09:14 the next day");
    assert_eq!(show["incidents"].as_array().unwrap().len(), 2);

    let o = run(&["show", "--vault", vs, item]);
    assert_ok(&o);
    assert!(
        stdout(&o).contains("captured 9 h 15 min after the time of incident"),
        "{}",
        stdout(&o)
    );
    assert_same(&before, &snapshot(&vault), "show writes nothing");

    // A note has neither GPS nor a capture time: nothing to point out.
    let o = run(&["show", "--vault", vs, note, "--json"]);
    assert_ok(&o);
    assert_eq!(json_lines(&o)[0]["consistency"], serde_json::json!([]));
}
