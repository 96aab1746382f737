//! Media in the window, headless (egui_kittest): thumbnails left pending by an intake are made
//! in the background once the vault is opened; an item lists its near-duplicates (a re-encoded,
//! resized copy) and opens one; the "Near-duplicates" filter keeps only such groups.
//!
//! Vaults here use a low scrypt work factor (log N 10) explicitly.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use evidence_vault::progress::NoProgress;
use evidence_vault::{CancelToken, Derived, IntakeHooks, IntakeOptions, ListQuery, Vault};

use crate::support::gui::{
    H, KDF_LOG_N, click, harness, has, has_part, new_vault, opening, steps, type_into, wait_for,
};
use evidence_vault::gui::AppOptions;
use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::file_picker::ScriptedPicker;

const PASSPHRASE: &str = "media test passphrase here";

fn save_jpeg(img: &image::RgbImage, path: &Path, quality: u8) {
    let mut out = std::fs::File::create(path).unwrap();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .unwrap();
}

/// A street-like picture: sky, a horizon, blocks of buildings; and a different one (noise-like
/// stripes in other colours).
fn pictures(dir: &Path) -> Vec<PathBuf> {
    let street = image::RgbImage::from_fn(960, 720, |x, y| {
        if y < 300 {
            image::Rgb([90, 140, (200 + y / 10) as u8])
        } else if (x / 120) % 2 == 0 && y < 520 {
            image::Rgb([150, 110, 80])
        } else {
            image::Rgb([60, 60, (x / 8) as u8])
        }
    });
    let other = image::RgbImage::from_fn(960, 720, |x, y| {
        let v = ((x * 7 + y * 13) % 97) as u8;
        image::Rgb([200 - v, 30 + v, ((x ^ y) % 255) as u8])
    });
    let a = dir.join("market-street.jpg");
    let b = dir.join("forwarded-copy.jpg");
    let c = dir.join("unrelated.jpg");
    save_jpeg(&street, &a, 92);
    let small = image::imageops::resize(&street, 480, 360, image::imageops::FilterType::Triangle);
    save_jpeg(&small, &b, 60);
    save_jpeg(&other, &c, 90);
    vec![a, b, c]
}

fn id_of(v: &Vault, name: &str) -> String {
    v.list(&ListQuery::default())
        .unwrap()
        .into_iter()
        .find(|i| i.original_name.as_deref() == Some(name))
        .unwrap()
        .id
}

#[test]
fn pending_previews_are_made_after_opening_and_near_duplicates_are_listed_and_filtered() {
    let tmp = tempfile::tempdir().unwrap();
    let vault_dir = tmp.path().join("vault");
    let sources = tmp.path().join("camera");
    std::fs::create_dir_all(&sources).unwrap();
    let files = pictures(&sources);
    let (orig, copy) = {
        let v = new_vault(&vault_dir, PASSPHRASE);
        // Secured, previews left for later (as an intake interrupted after securing).
        v.add_paths_with(
            &files,
            &IntakeOptions::default(),
            IntakeHooks {
                derive: false,
                ..Default::default()
            },
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
        let items = v.list(&ListQuery::default()).unwrap();
        assert!(
            items
                .iter()
                .all(|i| i.derived == Derived::Pending && !i.has_thumbnail)
        );
        (
            id_of(&v, "market-street.jpg"),
            id_of(&v, "forwarded-copy.jpg"),
        )
    };

    let mut h = opening(&vault_dir);
    let h = &mut h;
    type_into(h, "Passphrase", PASSPHRASE);
    click(h, "Unlock");
    wait_for(h, "the vault to open", |h| h.state().is_unlocked());
    wait_for(h, "the pending previews to be made", |h: &H| {
        h.state().vault().is_some_and(|v| {
            v.list(&ListQuery::default())
                .unwrap()
                .iter()
                .all(|i| i.derived == Derived::Complete && i.has_thumbnail)
        })
    });
    wait_for(h, "three items", |h| has(h, "3 items"));

    // The original lists its forwarded copy, not the unrelated picture.
    type_into(h, "Search", "market");
    wait_for(h, "one result", |h| has(h, "1 of 3 items match"));
    h.get_by_role_and_label(Role::Button, "market-street.jpg")
        .click_accesskit();
    steps(h, 2);
    wait_for(h, "its similar items", |h| has(h, "Similar items (1)"));
    let show_copy = format!("Show {}", &copy[..8]);
    assert!(has(h, &show_copy), "the copy is listed");
    assert!(has_part(h, "forwarded-copy.jpg"));
    h.check_accessibility();

    // Opening it from there (it is not in the results): the copy's detail, which lists the
    // original back.
    click(h, &show_copy);
    wait_for(h, "the copy's detail", |h| {
        has(h, &format!("Show {}", &orig[..8]))
    });

    // The filter: only the pair.
    click(h, "Clear search");
    wait_for(h, "all items", |h| has(h, "3 items"));
    h.get_by_role_and_label(Role::CheckBox, "Near-duplicates")
        .click_accesskit();
    steps(h, 2);
    wait_for(h, "the near-duplicate pair", |h| {
        has(h, "2 of 3 items match")
    });
    assert!(!has_part(h, "unrelated.jpg"));
}

#[test]
fn the_add_dialog_flags_a_missing_path_removes_it_and_the_source_path_setting_is_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("statement-w12.txt");
    std::fs::write(&real, "Statement W-12: the water station was hit.\n").unwrap();
    let missing = tmp.path().join("no-such-file.jpg");
    let picker = Arc::new(ScriptedPicker::new());
    let mut h = harness(AppOptions {
        picker: picker.clone(),
        clock: Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        demo: true,
        ..Default::default()
    });
    let h = &mut h;
    wait_for(h, "the demo vault", |h| has(h, "13 items"));

    // Settings: record the full source path.
    click(h, "Settings");
    wait_for(h, "the settings", |h| {
        has(h, "Record the full folder path of each file added")
    });
    h.get_by_role_and_label(
        Role::CheckBox,
        "Record the full folder path of each file added",
    )
    .click_accesskit();
    steps(h, 2);
    assert!(h.state().prefs.record_source_paths);
    click(h, "Close");

    picker.answer(vec![missing.clone(), real.clone()]);
    click(h, "Add files…");
    wait_for(h, "both paths", |h| has(h, &missing.display().to_string()));
    assert_eq!(
        h.query_all_by_label("not found").count(),
        1,
        "the missing one is flagged"
    );
    h.check_accessibility();
    h.query_all_by_role_and_label(Role::Button, "Remove")
        .next()
        .unwrap()
        .click_accesskit();
    steps(h, 2);
    assert!(
        !has(h, &missing.display().to_string()),
        "removed from the list"
    );
    assert_eq!(h.query_all_by_label("not found").count(), 0);
    click(h, "Add to vault");
    wait_for(h, "the intake report", |h| has(h, "Intake finished"));
    let v = h.state().vault().cloned().unwrap();
    let item = v
        .list(&ListQuery::default())
        .unwrap()
        .into_iter()
        .find(|i| i.original_name.as_deref() == Some("statement-w12.txt"))
        .unwrap();
    assert_eq!(
        item.source_path.as_deref(),
        Some(real.display().to_string().as_str())
    );
}
