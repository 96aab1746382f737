//! The interface in Arabic: every screen and dialog is opened with the language set to Arabic,
//! and any word of the English interface still shown fails the test, naming the screen and the
//! widget. Data (titles, names, file names, places in the demo vault), IDs, hashes and the
//! names of formats and keys are not interface words and are allowed.

use std::collections::BTreeSet;

use egui_kittest::kittest::{By, NodeT, Queryable};
use evidence_vault::gui::command::{Command, DialogKind, LockReason};
use evidence_vault::gui::file_picker::PickPurpose;
use evidence_vault::gui::i18n::{self, Lang};
use evidence_vault::gui::prefs::Prefs;
use evidence_vault::gui::{AppOptions, clock::ManualClock, file_picker::ScriptedPicker};
use evidence_vault::vault::IncidentQuery;
use evidence_vault::{ListQuery, Vault};

use crate::support::gui::{H, KDF_LOG_N, harness, steps, wait_for};

/// Words of no language's interface: formats, programs, keys, units kept in Latin letters.
#[rustfmt::skip]
const TECHNICAL: &[&str] = &[
    "SHA", "age", "JSON", "CSV", "GeoJSON", "rclone", "ffmpeg", "HEIC", "HEIF", "Ctrl", "Shift",
    "Alt", "Enter", "Esc", "Escape", "Home", "End", "Page", "Up", "Down", "PNG", "JPEG", "MP4",
    "MOV", "GPS", "EXIF", "XMP", "ID", "IDs", "UTC", "SFTP", "sftp", "ssh", "ed25519", "OpenSSH",
    "QR", "libheif", "exiftool", "English", "Tab", "Backspace", "Delete", "PDF", "WebM", "MKV",
    // Tile-set formats an organisation may hand out for the map.
    "MBTiles", "PMTiles",
    // The ISO date pattern typed in date fields.
    "YYYY", "MM", "DD",
    // rclone's own command and a kind of remote it reaches, named so they can be looked up.
    "config", "WebDAV",
    // egui's accessible name for a panel's resize handle (not drawn, not ours to translate).
    "Resize", "panel",
    // The example in the hint of the incident's *English* title field.
    "Airstrike",
];

fn arabic_app() -> H {
    harness(AppOptions {
        picker: std::sync::Arc::new(ScriptedPicker::new()),
        clock: std::sync::Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        prefs: Prefs {
            language: Some(Lang::Ar),
            ..Prefs::default()
        },
        ..Default::default()
    })
}

/// Every text in `s` between double quotes of a `{:?}` dump: the data's strings, without the
/// field and variant names around them.
fn quoted_strings(debug: &str, out: &mut BTreeSet<String>) {
    let mut rest = debug;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        for w in latin_words(&after[..end]) {
            out.insert(w);
        }
        rest = &after[end + 1..];
    }
}

/// The Latin words of `text` that could be interface words: tokens holding a digit, a slash, a
/// colon or a dot (keys, hashes, IDs, paths, file names, remote specs) are data, and so is a
/// word cut by an ellipsis (the end of a title that did not fit).
fn wording(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|token| {
            !token
                .chars()
                .any(|c| c.is_ascii_digit() || matches!(c, '/' | ':' | '.' | '@' | '+' | '='))
        })
        .flat_map(|token| {
            let cut = token.trim_end_matches('\u{2069}').ends_with('…');
            let mut words = latin_words(token);
            if cut {
                words.pop();
            }
            words
        })
        .collect()
}

fn latin_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_owned)
        .collect()
}

/// The Latin words of the vault's own data: allowed on any screen.
fn data_words(v: &Vault) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for item in v.list(&ListQuery::default()).unwrap() {
        quoted_strings(&format!("{item:?}"), &mut out);
        if let Ok(d) = v.detail(&item.id) {
            quoted_strings(&format!("{d:?}"), &mut out);
        }
    }
    for (inc, _) in v.incidents(&IncidentQuery::default()).unwrap() {
        quoted_strings(&format!("{inc:?}"), &mut out);
        if let Ok(d) = v.incident_detail(&inc.id) {
            quoted_strings(&format!("{d:?}"), &mut out);
        }
    }
    out
}

/// The labels and values on screen that still hold English words: "widget text → words".
fn english_on_screen(h: &H, data: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for node in h.query_all(By::new()) {
        let n = node.accesskit_node();
        for text in [n.label(), n.value(), n.placeholder().map(str::to_owned)]
            .into_iter()
            .flatten()
        {
            let words: Vec<String> = wording(&text)
                .into_iter()
                .filter(|w| !data.contains(w) && !TECHNICAL.contains(&w.as_str()))
                .filter(|w| !w.chars().all(|c| c.is_ascii_hexdigit()))
                .collect();
            if !words.is_empty() {
                found.push(format!("{text:?} → {words:?}"));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn check(h: &H, screen: &str, data: &BTreeSet<String>, problems: &mut Vec<String>) {
    for f in english_on_screen(h, data) {
        problems.push(format!("{screen}: {f}"));
    }
}

/// Whether the message `key` (in the window's language) is on screen. egui draws Arabic in
/// display order and names widgets by what it drew, so words are compared as a set.
fn shows(h: &H, key: &str) -> bool {
    fn words(s: &str) -> Vec<String> {
        let mut w: Vec<String> = s
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        w.sort();
        w
    }
    let want = words(&i18n::tr(key));
    h.query_all(By::new()).any(|n| {
        let n = n.accesskit_node();
        [n.label(), n.value()]
            .into_iter()
            .flatten()
            .any(|t| words(&t) == want)
    })
}

/// Clicks the widget that shows message `key` (words compared as a set, as [`shows`] does: an
/// Arabic name of two words is in display order).
fn click_shown(h: &mut H, key: &str) {
    let want = i18n::tr(key);
    let mut want: Vec<&str> = want.split_whitespace().collect();
    want.sort_unstable();
    let node = h.query_all(By::new()).find(|n| {
        n.accesskit_node().label().is_some_and(|l| {
            let mut w: Vec<&str> = l.split_whitespace().collect();
            w.sort_unstable();
            w == want
        })
    });
    node.unwrap_or_else(|| panic!("no widget shows {key}"))
        .click();
    steps(h, 2);
}

#[track_caller]
fn assert_shows(h: &H, key: &str, screen: &str) {
    assert!(
        shows(h, key),
        "{screen}: “{}” ({key}) is not on screen: the screen did not open",
        i18n::tr(key)
    );
}

fn command(h: &mut H, c: Command) {
    h.state_mut().command(c);
    steps(h, 4);
}

#[test]
fn every_screen_and_dialog_in_arabic_shows_no_english_label() {
    let mut problems = Vec::new();
    let none = BTreeSet::new();

    let mut h = arabic_app();
    steps(&mut h, 3);
    assert_eq!(i18n::lang(), Lang::Ar, "the window did not take Arabic");
    check(&h, "start screen", &none, &mut problems);
    command(&mut h, Command::ShowCreateForm);
    check(&h, "create a vault", &none, &mut problems);
    command(&mut h, Command::ShowHome);

    command(&mut h, Command::TryDemo);
    wait_for(&mut h, "the demo vault", |h| {
        h.state().is_unlocked() && !h.state().is_busy()
    });
    steps(&mut h, 10);
    let data = data_words(h.state().vault().unwrap());
    check(&h, "evidence grid", &data, &mut problems);
    command(
        &mut h,
        Command::Select {
            index: 0,
            toggle: false,
            range: false,
        },
    );
    steps(&mut h, 10);
    check(&h, "item panel", &data, &mut problems);

    for (kind, title) in [
        (DialogKind::NewNote, "dialog-title-note"),
        (DialogKind::Verify, "dialog-title-verify"),
        (DialogKind::Export, "dialog-title-export"),
        (DialogKind::PublicKey, "dialog-title-public-key"),
        (DialogKind::Settings, "dialog-title-settings"),
        (DialogKind::Viewer, "viewer-next"),
        (DialogKind::Backup, "dialog-title-backup"),
        (DialogKind::BulkEdit, "dialog-title-bulk-edit"),
        (DialogKind::Help, "dialog-title-help"),
        (DialogKind::LinkIncident, "dialog-title-link-incident"),
    ] {
        command(&mut h, Command::Open(kind));
        steps(&mut h, 6);
        assert_shows(&h, title, &format!("{kind:?}"));
        check(&h, &format!("{kind:?} dialog"), &data, &mut problems);
        command(&mut h, Command::CloseDialog);
    }

    // The table view (its switch is one word, the same in display and stored order).
    let table = i18n::tr("filters-table");
    h.get_by_label(&table).click();
    steps(&mut h, 10);
    assert_shows(&h, "table-title", "table view");
    check(&h, "table view", &data, &mut problems);

    // The map with the timeline under it, then the timeline alone.
    h.get_by_label(&i18n::tr("filters-map")).click();
    wait_for(&mut h, "the map's layers", |h| shows(h, "map-fit"));
    steps(&mut h, 6);
    assert_shows(&h, "map-select-area", "map view");
    check(&h, "map view", &data, &mut problems);
    click_shown(&mut h, "filters-timeline");
    steps(&mut h, 6);
    assert_shows(&h, "timeline-fit", "timeline view");
    check(&h, "timeline view", &data, &mut problems);
    h.get_by_label(&i18n::tr("filters-grid")).click();
    steps(&mut h, 4);

    // Adding files: the dialog with the files chosen, then the report.
    let files = tempfile::tempdir().unwrap();
    let photo = files.path().join("rubble.png");
    image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 5, y as u8 * 7, 90]))
        .save(&photo)
        .unwrap();
    let statement = files.path().join("statement.txt");
    std::fs::write(&statement, "شهادة مكتوبة\n").unwrap();
    command(
        &mut h,
        Command::Picked(PickPurpose::AddFiles, vec![photo, statement]),
    );
    assert_shows(&h, "dialog-title-add-evidence", "add evidence");
    check(&h, "add evidence", &data, &mut problems);
    command(
        &mut h,
        Command::StartIntake {
            case: String::new(),
            tags: Vec::new(),
        },
    );
    wait_for(&mut h, "the intake", |h| !h.state().is_busy());
    steps(&mut h, 10);
    assert_shows(&h, "dialog-title-intake-report", "intake report");
    check(&h, "intake report", &data, &mut problems);
    command(&mut h, Command::CloseDialog);

    command(&mut h, Command::ShowIncidents(true));
    steps(&mut h, 10);
    check(&h, "incidents", &data, &mut problems);
    let first = h
        .state()
        .vault()
        .unwrap()
        .incidents(&IncidentQuery::default())
        .unwrap()
        .into_iter()
        .next()
        .map(|(i, _)| i.id);
    if let Some(id) = first {
        command(&mut h, Command::OpenIncident(id));
        steps(&mut h, 10);
        check(&h, "incident page", &data, &mut problems);
        command(&mut h, Command::Open(DialogKind::EditIncident));
        steps(&mut h, 6);
        assert_shows(&h, "dialog-title-edit-incident", "incident form");
        check(&h, "incident form", &data, &mut problems);
        command(&mut h, Command::CloseDialog);
    }
    command(&mut h, Command::ShowIncidents(false));

    command(&mut h, Command::Lock(LockReason::Button));
    steps(&mut h, 6);
    check(&h, "unlock screen", &data, &mut problems);

    assert!(
        problems.is_empty(),
        "{} English labels in the Arabic interface:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
