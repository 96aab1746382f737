//! Incidents in bundles: carried with their items, merged on import (new events appended,
//! changes and conflicts reported, nothing overwritten silently), and tampering caught.

use crate::support::bundle::*;
use std::path::Path;

fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn item_ids(vault: &Path) -> Vec<String> {
    json_lines(&ok(&evault(&["list", "--vault", s(vault), "--json"])))
        .iter()
        .map(|j| j["id"].as_str().unwrap().to_owned())
        .collect()
}

fn incident(vault: &Path, id: &str) -> serde_json::Value {
    json_lines(&ok(&evault(&[
        "incident",
        "show",
        "--vault",
        s(vault),
        id,
        "--json",
    ])))
    .remove(0)
}

fn add_incident(vault: &Path, args: &[&str]) -> String {
    let mut a = vec!["incident", "add", "--vault", s(vault), "--json"];
    a.extend_from_slice(args);
    json_lines(&ok(&evault(&a)))[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn export(p: &Pair, vault: &Path, to: &str, name: &str, sel: &[&str]) -> std::path::PathBuf {
    let out = p.tmp.path().join(name);
    let mut a = vec!["export", "--vault", s(vault), "--out", s(&out), "--to", to];
    a.extend_from_slice(sel);
    ok(&evault(&a));
    out
}

#[test]
fn an_incident_travels_a_to_b_and_back_with_both_edits_and_their_conflict() {
    let p = pair();
    let ids = item_ids(&p.a);
    let inc = add_incident(
        &p.a,
        &[
            "--title",
            "Airstrike on the bakery",
            "--title-ar",
            "قصف المخبز",
            "--when",
            "2017-03-21",
            "--place",
            "Tabqa",
            "--type",
            "airstrike",
            "--site",
            "bakery",
            "--killed",
            "20",
            "--item",
            &ids[0],
            "--item",
            &ids[1],
        ],
    );
    // A's own vocabulary term travels as a label.
    ok(&evault(&[
        "incident",
        "add-term",
        "--vault",
        s(&p.a),
        "--kind",
        "site",
        "--code",
        "grain_silo",
        "--en",
        "Grain silo",
        "--ar",
        "صومعة حبوب",
    ]));
    let silo = add_incident(
        &p.a,
        &[
            "--title",
            "Silo shelled",
            "--site",
            "grain_silo",
            "--item",
            &ids[2],
        ],
    );

    // Only the first item: its incident goes along, the other incident does not.
    let bundle = export(&p, &p.a, &p.rb, "one.tar.age", &[&ids[0]]);
    let t = ok(&evault(&["inspect", s(&bundle), "--vault", s(&p.b)]));
    assert!(t.contains(&format!("ok\tincident {inc}")), "{t}");
    assert!(t.contains("1 of 2 linked item(s) carried"), "{t}");
    assert!(!t.contains(&silo), "{t}");
    let t = ok(&evault(&["import", "--vault", s(&p.b), s(&bundle)]));
    assert!(t.contains(&format!("imported\tincident {inc}")), "{t}");
    let b_inc = incident(&p.b, &inc);
    assert_eq!(b_inc["title_ar"], "قصف المخبز");
    assert_eq!(b_inc["casualties"]["killed"], 20);
    assert_eq!(b_inc["custody_verified"], true, "{b_inc}");
    let page = ok(&evault(&["incident", "show", "--vault", s(&p.b), &inc]));
    assert!(page.contains("Evidence (2 items)"), "{page}");
    assert!(page.contains("not in this vault"), "{page}");
    ok(&evault(&["verify", "--vault", s(&p.b), "--no-record"]));

    // Both change the figure independently; B also reviews it.
    ok(&evault(&[
        "incident",
        "edit",
        "--vault",
        s(&p.b),
        &inc,
        "--killed",
        "21",
        "--status",
        "in_review",
        "--reason",
        "Hospital list received",
    ]));
    std::thread::sleep(std::time::Duration::from_millis(5));
    ok(&evault(&[
        "incident",
        "edit",
        "--vault",
        s(&p.a),
        &inc,
        "--killed",
        "22",
    ]));

    let back = export(&p, &p.b, &p.ra, "back.tar.age", &[]);
    let out = ok(&evault(&["import", "--vault", s(&p.a), s(&back), "--json"]));
    let lines = json_lines(&out);
    let merged = lines
        .iter()
        .find(|j| j["type"] == "import_incident")
        .expect("an incident line");
    assert_eq!(merged["action"], "merged");
    assert_eq!(merged["events_added"], 2, "{merged}");
    let changed: Vec<&str> = merged["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(changed.contains(&"status"), "{merged}");
    let conflicts = merged["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{merged}");
    assert_eq!(conflicts[0]["field"], "casualties");
    // A's change came later: it is in force; B's stays in the custody log.
    let a_inc = incident(&p.a, &inc);
    assert_eq!(a_inc["casualties"]["killed"], 22);
    assert_eq!(a_inc["status"], "in_review");
    assert_eq!(a_inc["custody_verified"], true, "{a_inc}");
    let vaults: std::collections::BTreeSet<&str> = a_inc["custody"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["vault_id"].as_str().unwrap())
        .collect();
    assert_eq!(vaults.len(), 2, "the chains of both vaults are kept");
    ok(&evault(&["verify", "--vault", s(&p.a), "--no-record"]));

    // The same bundle again: nothing new.
    let t = ok(&evault(&["import", "--vault", s(&p.a), s(&back)]));
    assert!(t.contains("nothing to import"), "{t}");

    // Everything to B: the second incident, and the label of its code.
    let all = export(&p, &p.a, &p.rb, "all.tar.age", &["--incident", &silo[..8]]);
    let t = ok(&evault(&["import", "--vault", s(&p.b), s(&all)]));
    assert!(
        t.contains("vocabulary term added from the bundle: site:grain_silo"),
        "{t}"
    );
    let terms = ok(&evault(&[
        "incident",
        "terms",
        "--vault",
        s(&p.b),
        "--kind",
        "site",
    ]));
    assert!(
        terms.contains("grain_silo\tGrain silo\tصومعة حبوب"),
        "{terms}"
    );
    assert_eq!(incident(&p.b, &silo)["sites"][0], "grain_silo");
}

#[test]
fn a_bundle_without_incidents_has_the_layout_of_earlier_versions() {
    let p = pair();
    let bundle = export_to(&p, &p.a, &p.rb, "plain.tar.age");
    let files = entries(&decrypt(&bundle, &vault_identity(&p.b)));
    assert!(
        !files.iter().any(|(n, _)| n == "evidence/incidents.jsonl"),
        "a bundle without incidents has no incidents.jsonl"
    );
}

/// A bundle from A carrying one incident, decrypted: its files.
fn incident_bundle(p: &Pair) -> (String, Vec<(String, Vec<u8>)>) {
    let ids = item_ids(&p.a);
    let inc = add_incident(
        &p.a,
        &[
            "--title",
            "School shelled",
            "--killed",
            "101",
            "--item",
            &ids[0],
        ],
    );
    let bundle = export(p, &p.a, &p.rb, "inc.tar.age", &["--incident", &inc]);
    (inc, entries(&decrypt(&bundle, &vault_identity(&p.b))))
}

fn inspect_files(p: &Pair, files: &[(String, Vec<u8>)], name: &str) -> String {
    let path = p.tmp.path().join(name);
    encrypt_to(&build_tar(&raw_files(files)), &p.rb, &path);
    let out = evault(&["inspect", s(&path), "--vault", s(&p.b)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // Import refuses it as well, and B stays as it was.
    let before = snapshot(&p.b);
    let out = evault(&["import", "--vault", s(&p.b), s(&path)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(before, snapshot(&p.b));
    text(&out)
}

fn edit(files: &mut [(String, Vec<u8>)], name: &str, f: impl Fn(&str) -> String) {
    let (_, data) = files.iter_mut().find(|(n, _)| n == name).unwrap();
    *data = f(std::str::from_utf8(data).unwrap()).into_bytes();
}

#[test]
fn an_altered_incident_line_or_event_is_caught_even_when_the_bag_is_resigned() {
    let p = pair();
    let (_, files) = incident_bundle(&p);

    // The figure changed in incidents.jsonl, the bag re-signed by someone else.
    let mut f = files.clone();
    edit(&mut f, "evidence/incidents.jsonl", |t| {
        t.replace("101", "11")
    });
    reseal(&mut f, Some(&attacker()));
    let t = inspect_files(&p, &f, "line.tar.age");
    assert!(
        t.contains("does not say what the incident's signed events say"),
        "{t}"
    );

    // The figure changed in the signed event itself.
    let mut f = files.clone();
    edit(&mut f, "evidence/custody.jsonl", |t| {
        t.lines()
            .map(|l| {
                if l.contains("incident_created") {
                    l.replace("\"total\":101", "\"total\":11")
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    edit(&mut f, "evidence/incidents.jsonl", |t| {
        t.replace("101", "11")
    });
    reseal(&mut f, Some(&attacker()));
    let t = inspect_files(&p, &f, "event.tar.age");
    assert!(t.contains("bad\tincident"), "{t}");

    // The incident's line removed, its chain left.
    let mut f = files.clone();
    edit(&mut f, "evidence/incidents.jsonl", |_| String::new());
    reseal(&mut f, Some(&attacker()));
    let t = inspect_files(&p, &f, "orphan.tar.age");
    assert!(t.contains("which incidents.jsonl does not list"), "{t}");

    // incidents.jsonl not covered by the signature.
    let mut f = files.clone();
    reseal(&mut f, Some(&attacker()));
    let tm = f
        .iter_mut()
        .find(|(n, _)| n == "tagmanifest-sha256.txt")
        .unwrap();
    let kept: String = String::from_utf8(tm.1.clone())
        .unwrap()
        .lines()
        .filter(|l| !l.contains("incidents.jsonl"))
        .map(|l| format!("{l}\n"))
        .collect();
    tm.1 = kept.into_bytes();
    let sig = attacker().sign(&tm.1).unwrap().into_bytes();
    f.iter_mut()
        .find(|(n, _)| n == "evidence/manifest.sig")
        .unwrap()
        .1 = sig;
    let t = inspect_files(&p, &f, "unsigned.tar.age");
    assert!(t.contains("is not covered by tagmanifest"), "{t}");
}

#[test]
fn a_later_versions_signed_tag_file_is_left_alone_and_an_unsigned_one_refused() {
    let p = pair();
    let (_, mut files) = incident_bundle(&p);
    let at = files
        .iter()
        .position(|(n, _)| n == "evidence/signer.pub")
        .unwrap();
    files.insert(
        at,
        (
            "evidence/places.jsonl".into(),
            b"{\"name\":\"Tabqa\"}\n".to_vec(),
        ),
    );
    let mut signed = files.clone();
    reseal(&mut signed, Some(&attacker()));
    let path = p.tmp.path().join("later.tar.age");
    encrypt_to(&build_tar(&raw_files(&signed)), &p.rb, &path);
    let t = ok(&evault(&["import", "--vault", s(&p.b), s(&path)]));
    assert!(
        t.contains("evidence/places.jsonl: a signed file this version does not know"),
        "{t}"
    );
    assert!(t.contains("VALID"), "{t}");

    // The same file added after signing is refused.
    let mut unsigned: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(n, _)| n != "evidence/places.jsonl")
        .cloned()
        .collect();
    reseal(&mut unsigned, Some(&attacker()));
    unsigned.insert(at, ("evidence/places.jsonl".into(), b"{}\n".to_vec()));
    let t = inspect_files(&p, &unsigned, "later-unsigned.tar.age");
    assert!(
        t.contains("places.jsonl is not covered by tagmanifest"),
        "{t}"
    );
}
