//! Performance of the window with 100,000 items (ignored by default; run by hand):
//!
//!     cargo test --release --test gui perf:: -- --ignored --nocapture
//!
//! `generate_100k_vault` builds (once) a vault of 100,000 items, every one with GPS around 16
//! towns of Syria and Iraq (for the map), with mixed English/Arabic titles,
//! 70 % photos with thumbnails, in `target/tmp/gui-perf-100k/vault` (passphrase
//! [`PASSPHRASE`]). The catalog is filled in bulk through the library's catalog API with one
//! signed `acquired` event per item (as the lead's `benches/search.rs` does); thumbnails are 64
//! distinct encrypted JPEGs hard-linked under every photo's ID. Originals are not written (the
//! window never reads them while scrolling). Open it in the real window with
//!
//!     EVAULT_FRAME_STATS=1 target/release/evidence-vault target/tmp/gui-perf-100k/vault
//!
//! `frame_time_scrolling_100k_headless` drives the app headless (egui_kittest) through that
//! vault, scrolling the grid and the table with the mouse wheel, and prints the time of each
//! frame's `App::ui` plus egui's layout (p50 / p95 / max; no GPU work).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::kittest::Queryable;
use evidence_vault::catalog::NewItem;
use evidence_vault::custody::Action;
use evidence_vault::{CreateOptions, Gps, Kind, SecretString, Vault};

use evidence_vault::gui::AppOptions;
use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::file_picker::ScriptedPicker;

pub const PASSPHRASE: &str = "perf vault passphrase";
const ITEMS: usize = 100_000;

fn perf_dir() -> PathBuf {
    std::env::var_os("EVAULT_PERF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("gui-perf-100k"))
}

const TITLES_EN: &[&str] = &[
    "Damaged school building, east wall",
    "Bakery street front after the strike",
    "Field hospital tent, torn roof",
    "Residential block, collapsed floors",
    "Witness statement on the night raid",
    "Crater near the water station",
    "Market street, burnt shop fronts",
    "Displaced families at the school shelter",
];
const TITLES_AR: &[&str] = &[
    "مدرسة متضررة، الجدار الشرقي",
    "واجهة المخبز بعد الغارة",
    "خيمة المشفى الميداني",
    "مبنى سكني منهار في الطبقة",
    "شهادة عن الغارة الليلية RBSS 2017",
    "حفرة قرب محطة المياه",
    "شارع السوق، محلات محترقة",
    "عائلات نازحة في مدرسة البادية",
];
const CASES: &[&str] = &["TABQA-2017-03", "MANSURA-2017-03", "RAQQA-2017-06", ""];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02x}", self.next() as u8))
            .collect()
    }
}

fn item(g: &mut Rng, i: usize) -> NewItem {
    let roll = g.below(100);
    let kind = if roll < 70 {
        Kind::Photo
    } else if roll < 90 {
        Kind::File
    } else {
        Kind::Text
    };
    let arabic = g.below(2) == 0;
    let title = if arabic {
        TITLES_AR[g.below(TITLES_AR.len())]
    } else {
        TITLES_EN[g.below(TITLES_EN.len())]
    };
    let (month, day) = (3 + g.below(4), 1 + g.below(28));
    let name = match kind {
        Kind::Photo => format!("IMG_{i:06}.jpg"),
        Kind::File | Kind::Video | Kind::Audio => format!("VID_{i:06}.mp4"),
        Kind::Text => format!("note-{i}.txt"),
    };
    NewItem {
        id: g.hex(16),
        kind: Some(kind),
        sha256: g.hex(32),
        size: 100_000 + g.below(5_000_000) as u64,
        mime: match kind {
            Kind::Photo => "image/jpeg",
            Kind::File | Kind::Video | Kind::Audio => "video/mp4",
            Kind::Text => "text/plain; charset=utf-8",
        }
        .into(),
        original_name: Some(name.clone()),
        source_path: Some(format!("/media/usb/DCIM/{name}")),
        added_at: format!(
            "2026-11-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            1 + i / 5000 % 20,
            i / 300 % 24,
            i / 5 % 60,
            i % 60,
            i % 1000
        ),
        title: format!("{title} #{i}"),
        case: CASES[g.below(CASES.len())].into(),
        tags: vec!["airstrike".into()],
        // Photos and videos have a capture time over six years, most in the spring of 2017.
        captured_at: (kind != Kind::Text).then(|| {
            let year = if g.below(3) == 0 {
                2013 + g.below(6)
            } else {
                2017
            };
            format!(
                "{year}-{month:02}-{day:02}T{:02}:{:02}:00+02:00",
                g.below(24),
                i % 60
            )
        }),
        // Every item has GPS (notes too, which the app never gives one: this is a load test of
        // the map with 100,000 points), around towns of Syria and Iraq.
        gps: Some(town_gps(g)),
        width: Some(4032),
        height: Some(3024),
        has_thumbnail: kind == Kind::Photo,
        note_body: (kind == Kind::Text).then(|| format!("{title}: witness account number {i}.")),
        ..Default::default()
    }
}

/// Towns the points gather around (lat, lon, spread in degrees).
const TOWNS: &[(f64, f64, f64)] = &[
    (35.836, 38.548, 0.02),
    (35.950, 39.012, 0.03),
    (35.875, 38.735, 0.01),
    (36.202, 37.134, 0.05),
    (33.513, 36.292, 0.06),
    (34.733, 36.714, 0.03),
    (35.338, 40.141, 0.03),
    (36.345, 43.130, 0.05),
    (33.315, 44.366, 0.07),
    (35.131, 36.758, 0.02),
    (36.007, 36.636, 0.02),
    (32.625, 36.106, 0.02),
    (34.452, 40.918, 0.02),
    (36.855, 40.074, 0.02),
    (35.467, 44.392, 0.03),
    (34.611, 43.677, 0.02),
];

fn town_gps(g: &mut Rng) -> Gps {
    let (lat, lon, spread) = TOWNS[g.below(TOWNS.len())];
    // A rough bell: the sum of three uniform draws.
    let mut jitter = || {
        (0..3)
            .map(|_| g.below(2001) as f64 / 1000.0 - 1.0)
            .sum::<f64>()
            / 3.0
    };
    Gps {
        lat: lat + jitter() * spread,
        lon: lon + jitter() * spread,
        alt: None,
    }
}

/// 64 distinct thumbnails (JPEG, 256×192), each a different colour pattern.
fn thumbnail_jpeg(k: usize) -> Vec<u8> {
    let img = image::RgbImage::from_fn(256, 192, |x, y| {
        let band = ((x / 32 + y / 32) as usize + k) % 4;
        let base = [(k * 37) % 256, (k * 91) % 256, (k * 53) % 256];
        let shade = (band * 40) as u8;
        image::Rgb([
            (base[0] as u8).wrapping_add(shade),
            (base[1] as u8).wrapping_add(shade / 2),
            (base[2] as u8).wrapping_add((y / 4) as u8),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&img)
        .unwrap();
    out
}

/// Builds the 100k vault if it is not there yet; returns its folder.
fn ensure_vault() -> PathBuf {
    let root = perf_dir();
    let dir = root.join("vault");
    if root.join("complete").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let pass = SecretString::from(PASSPHRASE.to_owned());
    let t = Instant::now();
    let v = Vault::create(
        &dir,
        &pass,
        &CreateOptions {
            documenter: "Perf".into(),
            kdf_log_n: 10,
        },
    )
    .unwrap();
    let vault = v;
    let recipient: age::x25519::Recipient = vault.info().recipient.parse().unwrap();

    // The thumbnail pool, encrypted to the vault.
    let pool_dir = root.join("thumb-pool");
    std::fs::create_dir_all(&pool_dir).unwrap();
    let pool: Vec<PathBuf> = (0..64)
        .map(|k| {
            let sealed = evidence_vault::objects::seal_bytes(
                &thumbnail_jpeg(k),
                &pool_dir,
                &[&recipient as &dyn age::Recipient],
            )
            .unwrap();
            let p = pool_dir.join(format!("{k}.age"));
            sealed.commit(&p).unwrap();
            p
        })
        .collect();

    let mut g = Rng(0x9E37_79B9_7F4A_7C15);
    let mut i = 0;
    while i < ITEMS {
        let end = (i + 5000).min(ITEMS);
        vault
            .commit(|tx| -> Result<(), evidence_vault::vault::CommitError> {
                for k in i..end {
                    let it = item(&mut g, k);
                    let num = tx.insert_item(&it)?;
                    tx.record(
                        num,
                        &it.id,
                        &it.sha256,
                        Action::Acquired,
                        evidence_vault::details! {"original_name" => it.original_name.clone(), "size" => it.size},
                    )?;
                    if it.has_thumbnail {
                        let target = evidence_vault::objects::thumb_path(&dir, &it.id);
                        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                        std::fs::hard_link(&pool[k % pool.len()], &target).unwrap();
                    }
                }
                Ok(())
            })
            .unwrap();
        i = end;
        eprintln!("generated {i} items ({:.0} s)", t.elapsed().as_secs_f64());
    }
    vault.compact().unwrap();
    std::fs::write(root.join("complete"), "").unwrap();
    eprintln!(
        "100k vault ready in {:.0} s at {}",
        t.elapsed().as_secs_f64(),
        dir.display()
    );
    dir
}

#[test]
#[ignore = "builds a 100,000-item vault; run by hand"]
fn generate_100k_vault() {
    let dir = ensure_vault();
    let v = Vault::unlock(&dir, &SecretString::from(PASSPHRASE.to_owned())).unwrap();
    assert_eq!(v.item_count().unwrap(), ITEMS as u64);
}

fn percentiles(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    format!(
        "n={} p50={:.2}ms p95={:.2}ms max={:.2}ms",
        v.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    )
}

#[test]
#[ignore = "needs the 100,000-item vault; run by hand"]
fn frame_time_scrolling_100k_headless() {
    let dir = ensure_vault();
    let mut h = crate::support::gui::harness(AppOptions {
        picker: Arc::new(ScriptedPicker::new()),
        clock: Arc::new(ManualClock::new()),
        open_path: Some(dir.clone()),
        ..Default::default()
    });
    h.get_by_label("Passphrase").focus();
    h.step();
    h.get_by_label("Passphrase").type_text(PASSPHRASE);
    h.step();
    h.key_press(egui::Key::Enter);
    let t = Instant::now();
    while !h.state().is_unlocked() || h.query_by_label("100,000 items").is_none() {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
        assert!(t.elapsed() < Duration::from_secs(120), "unlock timed out");
    }
    eprintln!(
        "unlocked and listed 100,000 items in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    let views = std::env::var("EVAULT_PERF_VIEWS").unwrap_or_else(|_| "Grid,Table".into());
    for view in views.split(',') {
        h.get_by_label(view).click();
        for _ in 0..5 {
            h.step();
        }
        let mut frames = Vec::new();
        let over = egui::pos2(400.0, 400.0);
        h.hover_at(over);
        for k in 0..600 {
            // Scroll down fast, with a jump to the far end half way.
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -240.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            });
            if k == 300 {
                h.key_press(egui::Key::End);
            }
            let t = Instant::now();
            h.step();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if std::env::var_os("EVAULT_PERF_VERBOSE").is_some() && ms > 8.0 {
                eprintln!("{view} frame {k}: {ms:.1} ms");
            }
            frames.push(ms);
            // Real time between frames, so the reader and thumbnail threads can work.
            std::thread::sleep(Duration::from_millis(8));
        }
        eprintln!(
            "{view}: frame time while scrolling 100,000 items (App::ui + egui layout, headless): {}",
            percentiles(frames)
        );
    }
}
