//! `evault incident …` end to end: record, edit, review, link, list, show, tables, and every
//! kind of bad input refused with a message and the vault unchanged.

use crate::support::cli::*;
use std::fs;
use std::path::Path;

/// A vault with a photo taken at the bakery (GPS in its EXIF) and a testimony.
fn vault_with_evidence() -> (tempfile::TempDir, std::path::PathBuf, String, String) {
    let (dir, vault) = new_vault();
    let src = dir.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(
        src.join("bakery.jpg"),
        with_exif(&jpeg(64, 48, 3), 35.8361, 38.5481, 1),
    )
    .unwrap();
    fs::write(
        src.join("testimony.txt"),
        "شهادة: سقطت القذيفة على الفرن".as_bytes(),
    )
    .unwrap();
    let o = run(&["add", "--vault", v(&vault), "--case", "tabqa", v(&src)]);
    assert_ok(&o);
    let items = added(&o);
    let id_of = |name: &str| {
        items
            .iter()
            .find(|(_, _, p)| p.ends_with(name))
            .map(|(id, _, _)| id.clone())
            .unwrap()
    };
    let (photo, note) = (id_of("bakery.jpg"), id_of("testimony.txt"));
    (dir, vault, photo, note)
}

fn incident_json(o: &std::process::Output) -> serde_json::Value {
    assert_ok(o);
    json_lines(o)
        .into_iter()
        .next()
        .expect("one incident object")
}

#[track_caller]
fn refused(vault: &Path, args: &[&str], code_wanted: i32, says: &str) {
    let before = snapshot(vault);
    let o = run(args);
    assert_eq!(
        code(&o),
        code_wanted,
        "{args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(
        stderr(&o).contains(says),
        "{args:?}: the message does not say '{says}':\n{}",
        stderr(&o)
    );
    assert_same(&before, &snapshot(vault), &format!("{args:?}"));
}

#[test]
fn an_incident_is_recorded_from_its_evidence_edited_reviewed_and_listed() {
    let (_d, vault, photo, note) = vault_with_evidence();
    let vs = v(&vault);
    // From the items: the date and coordinates are proposed from the photo's metadata.
    let o = run(&[
        "incident",
        "add",
        "--vault",
        vs,
        "--title",
        "Airstrike on the bakery",
        "--title-ar",
        "قصف المخبز",
        "--when",
        "2017-03-21",
        "--place",
        "الطبقة، الحي الأول",
        "--type",
        "airstrike",
        "--site",
        "bakery",
        "--killed",
        "٢٠، children=5، source=Local council",
        "--perpetrator",
        "Coalition aircraft",
        "--item",
        &photo,
        "--item",
        &note,
        "--json",
    ]);
    let inc = incident_json(&o);
    let id = inc["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert_eq!(inc["title_ar"], "قصف المخبز");
    assert_eq!(inc["when"]["precision"], "day");
    assert_eq!(inc["casualties"]["killed"], 20);
    assert_eq!(inc["casualty_details"]["killed"]["children"], 5);
    assert_eq!(inc["status"], "incoming");
    assert!((inc["place"]["lat"].as_f64().unwrap() - 35.8361).abs() < 1e-3);
    assert_eq!(inc["case"], "tabqa", "the case is proposed from the items");
    assert_eq!(inc["items"].as_array().unwrap().len(), 2);

    // Edit: old and new values recorded; status change with its reason.
    let o = run(&[
        "incident",
        "edit",
        "--vault",
        vs,
        &id[..8],
        "--killed",
        "21, children=5, source=Tabqa hospital",
        "--status",
        "verified",
        "--reason",
        "Confirmed by two witnesses and the hospital list",
        "--json",
    ]);
    let inc = incident_json(&o);
    assert_eq!(inc["status"], "verified");
    assert_eq!(inc["casualties"]["killed"], 21);

    let o = run(&["incident", "show", "--vault", vs, &id, "--json"]);
    let show = incident_json(&o);
    for key in [
        "id",
        "title",
        "title_ar",
        "when",
        "place",
        "types",
        "sites",
        "casualties",
        "status",
        "items",
        "custody",
    ] {
        assert!(show.get(key).is_some(), "incident show --json lacks {key}");
    }
    let actions: Vec<&str> = show["custody"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "incident_created",
            "item_linked",
            "item_linked",
            "incident_edited",
            "status_changed"
        ]
    );
    let edit = &show["custody"][3]["details"]["changes"]["casualties"];
    assert_eq!(edit["old"]["killed"]["total"], 20);
    assert_eq!(edit["new"]["killed"]["total"], 21);
    assert_eq!(
        show["custody"][4]["details"]["reason"],
        "Confirmed by two witnesses and the hospital list"
    );
    assert_eq!(show["custody_verified"], true);

    // The human page names the fields, the evidence and the custody.
    let o = run(&["incident", "show", "--vault", vs, &id]);
    assert_ok(&o);
    let page = stdout(&o);
    for part in [
        "Bakery (bakery)",
        "21, 5 children",
        "Evidence (2 items)",
        "status_changed",
    ] {
        assert!(page.contains(part), "the page lacks '{part}':\n{page}");
    }

    // The item knows its incident.
    assert_eq!(show_json(&vault, &photo)["incidents"][0], id.as_str());

    // List: search (Arabic and English), filters.
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["incident", "list", "--vault", vs, "--json"];
        a.extend_from_slice(args);
        let o = run(&a);
        assert_ok(&o);
        json_lines(&o)
            .iter()
            .map(|j| j["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&[]), vec![id.clone()]);
    assert_eq!(ids(&["--search", "المخبز"]), vec![id.clone()]);
    assert_eq!(ids(&["--search", "bakery"]), vec![id.clone()]);
    assert_eq!(ids(&["--status", "verified"]), vec![id.clone()]);
    assert!(ids(&["--status", "disputed"]).is_empty());
    assert_eq!(
        ids(&[
            "--site",
            "bakery",
            "--from",
            "2017-03-01",
            "--to",
            "2017-03-31"
        ]),
        vec![id.clone()]
    );
    assert!(ids(&["--from", "2017-04-01"]).is_empty());

    // Unlink one item; the other stays.
    let o = run(&["incident", "unlink", "--vault", vs, &id, &note]);
    assert_ok(&o);
    assert!(stderr(&o).contains("1 still linked"), "{}", stderr(&o));
    assert!(
        show_json(&vault, &note)["incidents"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // verify checks the incident's chain too.
    let o = run(&["verify", "--vault", vs, "--json"]);
    assert_ok(&o);
    let summary = json_lines(&o).pop().unwrap();
    assert_eq!(summary["incidents_checked"], 1, "{summary}");
}

#[test]
fn incident_tables_open_in_spreadsheets_and_gis() {
    let (d, vault, photo, _) = vault_with_evidence();
    let vs = v(&vault);
    assert_ok(&run(&[
        "incident",
        "add",
        "--vault",
        vs,
        "--title",
        "=HYPERLINK(\"x\")",
        "--when",
        "2017-03-21",
        "--lat",
        "35.95",
        "--lon",
        "38.99",
        "--killed",
        "101",
        "--item",
        &photo,
    ]));
    let csv = d.path().join("incidents.csv");
    let o = run(&[
        "incident",
        "table",
        "--vault",
        vs,
        "--format",
        "csv",
        "--out",
        v(&csv),
    ]);
    assert_ok(&o);
    let bytes = fs::read(&csv).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("'=HYPERLINK"),
        "a formula was not defused:\n{text}"
    );
    assert!(text.contains("101"), "{text}");
    // An existing file is not overwritten.
    refused(
        &vault,
        &[
            "incident",
            "table",
            "--vault",
            vs,
            "--format",
            "csv",
            "--out",
            v(&csv),
        ],
        2,
        "already exists",
    );
    let geo = d.path().join("incidents.geojson");
    assert_ok(&run(&[
        "incident",
        "table",
        "--vault",
        vs,
        "--format",
        "geojson",
        "--out",
        v(&geo),
    ]));
    let g: serde_json::Value = serde_json::from_slice(&fs::read(&geo).unwrap()).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    let coords = &g["features"][0]["geometry"]["coordinates"];
    assert_eq!(coords[0], 38.99, "GeoJSON puts longitude first");
    assert_eq!(coords[1], 35.95);
}

#[test]
fn bad_incident_input_is_refused_with_a_message_and_changes_nothing() {
    let (_d, vault, photo, _) = vault_with_evidence();
    let vs = v(&vault);
    fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
        base.iter().chain(more).copied().collect()
    }
    let base = ["incident", "add", "--vault", vs, "--title", "Shelling"];
    let add = |more: &[&'static str]| with(&base, more);
    refused(
        &vault,
        &["incident", "add", "--vault", vs],
        2,
        "needs a title",
    );
    refused(&vault, &add(&["--when", "2017-13-45"]), 2, "is not a date");
    refused(
        &vault,
        &add(&["--when", "2017-03-22/2017-03-20"]),
        2,
        "before the start",
    );
    refused(
        &vault,
        &add(&["--lat", "95", "--lon", "38"]),
        2,
        "out of range",
    );
    refused(
        &vault,
        &add(&["--lat", "35"]),
        2,
        "both latitude and longitude",
    );
    refused(
        &vault,
        &add(&["--site", "spaceport"]),
        2,
        "not a known site type",
    );
    refused(
        &vault,
        &add(&["--killed", "many"]),
        2,
        "not a casualty figure",
    );
    refused(
        &vault,
        &add(&["--killed", "3, children=5"]),
        2,
        "more than the total",
    );
    refused(&vault, &add(&["--item", "ffffffff"]), 2, "no item matches");
    refused(&vault, &add(&["--role", "witness"]), 2, "not a role");

    let o = run(&add(&[
        "--when",
        "2017-03-21",
        "--place",
        "Al Badya School",
        "--json",
    ]));
    let id = incident_json(&o)["id"].as_str().unwrap().to_owned();
    // The same place (normalised) on the same day: pointed out, not saved.
    refused(
        &vault,
        &[
            "incident",
            "add",
            "--vault",
            vs,
            "--title",
            "School hit",
            "--when",
            "2017-03-21",
            "--place",
            "al badya school",
        ],
        1,
        "look like this one",
    );
    assert_ok(&run(&[
        "incident",
        "add",
        "--vault",
        vs,
        "--title",
        "School hit",
        "--when",
        "2017-03-21",
        "--place",
        "al badya school",
        "--allow-similar",
    ]));
    // In Arabic, with and without the article, in another order.
    assert_ok(&run(&[
        "incident",
        "add",
        "--vault",
        vs,
        "--title-ar",
        "قصف مدرسة البادية",
        "--when",
        "2017-05-01",
        "--place",
        "مدرسة البادية، المنصورة",
    ]));
    refused(
        &vault,
        &[
            "incident",
            "add",
            "--vault",
            vs,
            "--title-ar",
            "غارة",
            "--when",
            "2017-05-01",
            "--place",
            "منصورة، مدرسة بادية",
        ],
        1,
        "look like this one",
    );

    refused(
        &vault,
        &["incident", "show", "--vault", vs, "0000dead"],
        2,
        "no incident matches",
    );
    refused(
        &vault,
        &["incident", "link", "--vault", vs, &id, "0000dead"],
        2,
        "no item matches",
    );
    refused(
        &vault,
        &[
            "incident", "edit", "--vault", vs, &id, "--status", "verified",
        ],
        2,
        "--reason",
    );
    refused(
        &vault,
        &[
            "incident", "edit", "--vault", vs, &id, "--status", "incoming", "--reason", "x",
        ],
        2,
        "already 'incoming'",
    );
    refused(
        &vault,
        &[
            "incident", "edit", "--vault", vs, &id, "--status", "done", "--reason", "x",
        ],
        2,
        "not a status",
    );
    refused(
        &vault,
        &[
            "incident",
            "add-term",
            "--vault",
            vs,
            "--kind",
            "site",
            "--code",
            "Grain Silo",
            "--en",
            "Grain silo",
        ],
        2,
        "cannot be a vocabulary code",
    );
    // Linking twice is linking once.
    assert_ok(&run(&[
        "incident", "link", "--vault", vs, &id, &photo, "--role", "primary",
    ]));
    let before = snapshot(&vault);
    assert_ok(&run(&[
        "incident", "link", "--vault", vs, &id, &photo, "--role", "primary",
    ]));
    assert_same(&before, &snapshot(&vault), "a second identical link");
}

#[test]
fn a_vault_extends_the_vocabulary_in_both_languages() {
    let (_d, vault, _, _) = vault_with_evidence();
    let vs = v(&vault);
    assert_ok(&run(&[
        "incident",
        "add-term",
        "--vault",
        vs,
        "--kind",
        "site",
        "--code",
        "grain_silo",
        "--en",
        "Grain silo",
        "--ar",
        "صومعة حبوب",
    ]));
    let o = run(&["incident", "terms", "--vault", vs, "--kind", "site"]);
    assert_ok(&o);
    let t = stdout(&o);
    assert!(t.contains("grain_silo\tGrain silo\tصومعة حبوب"), "{t}");
    assert!(t.contains("bakery\tBakery\t"), "{t}");
    let o = run(&[
        "incident",
        "add",
        "--vault",
        vs,
        "--title",
        "Silo hit",
        "--site",
        "grain_silo",
        "--json",
    ]);
    assert_eq!(incident_json(&o)["sites"][0], "grain_silo");
}
