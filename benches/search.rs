//! Search benchmark on a vault of 100,000 items with mixed English/Arabic titles, descriptions,
//! places and tags drawn from the field reports in `shared/context/`.
//!
//!     cargo bench --bench search
//!
//! 1. Generates (once, cached) the vault through the library's public API: `Vault::create`, then
//!    units of work committed with `Vault::commit` (`insert_item` + signed `acquired` and, for items with a title,
//!    `metadata_edited`) custody events in bulk transactions, sealed to the vault as
//!    `catalog.age`. No object files are written (search never reads them; `verify` on this
//!    vault would report them missing). Also measures, on small samples, how fast the other
//!    ways to fill a vault are (`Vault::add_note`, `Vault::add_paths` on tiny files).
//! 2. Measures `Vault::list(&ListQuery { search, .. })` latency in-process per query (median
//!    and p95), and `list` with `limit: 100`, `list_refs` and `count` for comparison.
//! 3. Measures `evault list --search Q` end to end (unlock + catalog decrypt + query + print),
//!    with the cheap bench KDF and again after `evault passwd` to the default work factor
//!    (wall and peak RSS), and prints the catalog.age size.
//!
//! Environment: EVAULT_BENCH_ITEMS (default 100000), EVAULT_BENCH_REPEATS (default 21).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use age::secrecy::SecretString;
use common::*;
use evidence_vault::catalog::{Catalog, NewItem};
use evidence_vault::custody::Action;
use evidence_vault::{Camera, CreateOptions, Gps, Kind, ListQuery, Vault};

const GEN_VERSION: u32 = 3;
const DOCUMENTER: &str = "Bench Documenter";

fn main() {
    let n: usize = std::env::var("EVAULT_BENCH_ITEMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let reps = repeats(21);
    header(&format!("search: {n} items"));
    let pass = SecretString::from(PASSPHRASE.to_owned());

    // ---- generation alternatives, on small samples
    let (note_rate, paths_rate) = other_generators(&pass);

    // ---- the big vault
    let vault_dir = data_root().join(format!("search-vault-v{GEN_VERSION}-{n}"));
    if !vault_dir.join("complete").exists() {
        let _ = std::fs::remove_dir_all(&vault_dir);
        let t = Instant::now();
        let (t_items, t_seal) = generate_vault(&vault_dir.join("v"), n, &pass);
        std::fs::write(vault_dir.join("complete"), format!("{:?}", t.elapsed())).unwrap();
        println!(
            "bulk generation of {n} items: {:.1} s ({:.0} items/s; inserting+signing {:.1} s, serialize+encrypt+write catalog {:.1} s)",
            t.elapsed().as_secs_f64(),
            n as f64 / t.elapsed().as_secs_f64(),
            t_items.as_secs_f64(),
            t_seal.as_secs_f64()
        );
    } else {
        println!(
            "using cached vault {} (generated earlier in {})",
            vault_dir.display(),
            std::fs::read_to_string(vault_dir.join("complete")).unwrap_or_default()
        );
    }
    let vault = vault_dir.join("v");
    println!(
        "generation rates: Vault::add_note {:.1} items/s (⇒ {:.0} min for {n}, and slowing: every note re-saves the whole catalog); Vault::add_paths on tiny files {:.0} items/s (⇒ {:.1} min for {n}, no titles/descriptions)",
        note_rate,
        n as f64 / note_rate / 60.0,
        paths_rate,
        n as f64 / paths_rate / 60.0
    );
    let cat_size = std::fs::metadata(vault.join("catalog.age")).unwrap().len();

    // ---- in-process queries
    let t = Instant::now();
    let v = Vault::unlock(&vault, &pass).unwrap();
    let t_unlock = t.elapsed();
    assert_eq!(v.item_count().unwrap(), n as u64);
    println!(
        "catalog.age: {:.1} MiB for {} items; Vault::unlock (KDF log N 10) {:.3} s",
        mib(cat_size),
        n,
        t_unlock.as_secs_f64()
    );
    let first = v
        .list(&ListQuery {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap()
        .remove(0);
    let some_sha = first.sha256.clone();
    // A truly rare token: the 5-digit number in one photo's file name (IMG_01234.jpg → 01234).
    let photo = v
        .list(&ListQuery {
            search: Some("jpg".into()),
            limit: Some(1),
            ..Default::default()
        })
        .unwrap()
        .remove(0);
    let rare: String = photo
        .original_name
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    catalog_composition(&vault, &pass);
    let queries: Vec<(&str, String)> = vec![
        ("English word", "bakery".into()),
        ("Arabic word", "المخبز".into()),
        ("Arabic word without article", "مدرسة".into()),
        ("English prefix", "hosp".into()),
        ("Arabic prefix", "مدر".into()),
        ("rare term (1 item)", rare.clone()),
        ("uncommon term (~1.5%)", "Ithriya".into()),
        ("common term (English)", "Raqqa".into()),
        ("common term (Arabic)", "الرقة".into()),
        ("two words", "bakery tabqa".into()),
        ("no match", "zzzzqqq".into()),
        ("SHA-256 prefix (8 hex)", some_sha[..8].to_owned()),
    ];
    println!();
    println!(
        "in-process, {reps} repeats each (ms): list = Vault::list(search) returning full items with tags"
    );
    println!(
        "{:<30} {:<14} {:>7} {:>9} {:>9} {:>13} {:>13} {:>9}",
        "query",
        "text",
        "hits",
        "list med",
        "list p95",
        "list≤100 med",
        "list_refs med",
        "count med"
    );
    let mut worst: f64 = 0.0;
    for (label, q) in &queries {
        let query = ListQuery {
            search: Some(q.clone()),
            ..Default::default()
        };
        let limited = ListQuery {
            search: Some(q.clone()),
            limit: Some(100),
            ..Default::default()
        };
        let mut hits = 0;
        let full = time_n(reps, || hits = v.list(&query).unwrap().len());
        let lim = time_n(reps, || {
            v.list(&limited).unwrap();
        });
        let refs = time_n(reps, || {
            v.list_refs(&query).unwrap();
        });
        let cnt = time_n(reps, || {
            v.count(&query).unwrap();
        });
        let (f, l, r, c) = (stats(&full), stats(&lim), stats(&refs), stats(&cnt));
        worst = worst.max(f.median);
        println!(
            "{:<30} {:<14} {:>7} {:>9.2} {:>9.2} {:>13.2} {:>13.2} {:>9.2}",
            label,
            q,
            hits,
            f.median * 1e3,
            f.p95 * 1e3,
            l.median * 1e3,
            r.median * 1e3,
            c.median * 1e3
        );
    }
    println!("worst list median: {:.1} ms (target < 50 ms)", worst * 1e3);
    drop(v);

    // ---- end to end
    println!();
    println!(
        "end to end: evault list --vault V --search Q > /dev/null (median of 3; includes unlock, catalog decrypt, query, printing)"
    );
    println!("{:<34} {:>10} {:>12}", "query", "wall s", "peak RSS MiB");
    for q in ["Ithriya", "bakery", "Raqqa"] {
        let mut walls = Vec::new();
        let mut rss = 0u64;
        for _ in 0..3 {
            let mut c = evault();
            c.arg("list")
                .arg("--vault")
                .arg(&vault)
                .args(["--search", q]);
            let t = Instant::now();
            let (_, kb) = time_v(&c).unwrap();
            walls.push(t.elapsed());
            rss = rss.max(kb);
        }
        println!(
            "{:<34} {:>10.3} {:>12.1}",
            format!("{q} (KDF log N 10)"),
            stats(&walls).median,
            rss as f64 / 1024.0
        );
    }
    // The same vault at the default work factor: copy, then `evault passwd` (rewrites keys.age).
    let copy = scratch("search-default-kdf-");
    let vcopy = copy.path().join("v");
    copy_dir(&vault, &vcopy);
    // What one small edit costs at this size: add_note re-saves the whole catalog.
    {
        let vc = Vault::unlock(&vcopy, &pass).unwrap();
        let mut t_note = Vec::new();
        for i in 0..3 {
            let t = Instant::now();
            vc.add_note(&evidence_vault::NoteInput {
                title: format!("Witness statement {i}"),
                body: format!("Short note number {i} added to a large vault."),
                ..Default::default()
            })
            .unwrap();
            t_note.push(t.elapsed());
        }
        println!(
            "Vault::add_note on the {n}-item vault: median {:.3} s per note (each saves the whole catalog)",
            stats(&t_note).median
        );
    }
    time_cmd(
        evault()
            .env("EVAULT_NEW_PASSPHRASE", PASSPHRASE)
            .arg("passwd")
            .arg("--vault")
            .arg(&vcopy),
    );
    for q in ["Ithriya", "Raqqa"] {
        let mut walls = Vec::new();
        let mut rss = 0u64;
        for _ in 0..3 {
            let mut c = evault();
            c.arg("list")
                .arg("--vault")
                .arg(&vcopy)
                .args(["--search", q]);
            let t = Instant::now();
            let (_, kb) = time_v(&c).unwrap();
            walls.push(t.elapsed());
            rss = rss.max(kb);
        }
        println!(
            "{:<34} {:>10.3} {:>12.1}",
            format!("{q} (default KDF, log N 18)"),
            stats(&walls).median,
            rss as f64 / 1024.0
        );
    }
    drop(copy);
    println!("machine at end: {}", machine_conditions());
}

fn time_n(n: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f(); // warm
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if e.file_type().is_file() && !rel.to_string_lossy().contains("lock") {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Items/s of `Vault::add_note` (300 notes) and of `Vault::add_paths` (2,000 tiny files).
fn other_generators(pass: &SecretString) -> (f64, f64) {
    let opts = CreateOptions {
        documenter: DOCUMENTER.into(),
        kdf_log_n: 10,
    };
    let mut g = Gen::new(7);
    let work = scratch("search-alt-");
    let v = Vault::create(&work.path().join("notes"), pass, &opts).unwrap();
    let nn = 300;
    let t = Instant::now();
    for i in 0..nn {
        let it = g.item(i);
        v.add_note(&evidence_vault::NoteInput {
            title: if it.title.is_empty() {
                format!("note {i}")
            } else {
                it.title.clone()
            },
            body: format!("{} {}", it.description, i),
            case: it.case.clone(),
            tags: it.tags.clone(),
            place: it.place.clone(),
            event_date: it.event_date.clone(),
        })
        .unwrap();
    }
    let note_rate = nn as f64 / t.elapsed().as_secs_f64();
    drop(v);

    let src = work.path().join("tiny");
    std::fs::create_dir_all(&src).unwrap();
    let np = 2000;
    for i in 0..np {
        let it = g.item(i);
        std::fs::write(
            src.join(format!("{:05}-{}.txt", i, it.title.replace('/', "-"))),
            format!("{}\n{}\n{i}\n", it.title, it.description),
        )
        .unwrap();
    }
    let v = Vault::create(&work.path().join("paths"), pass, &opts).unwrap();
    let t = Instant::now();
    let rep = v
        .add_paths(
            &[src],
            &evidence_vault::IntakeOptions::default(),
            &evidence_vault::NoProgress,
            &evidence_vault::CancelToken::new(),
        )
        .unwrap();
    let paths_rate = np as f64 / t.elapsed().as_secs_f64();
    assert_eq!(rep.added(), np);
    drop(v);
    (note_rate, paths_rate)
}

/// Builds the vault through the library's one commit path: `Vault::create`, then units of 5,000
/// items (item, signed `acquired` event, and a `metadata_edited` event for titled items) each
/// committed as one journal segment, then `Vault::compact` folds them into the base.
fn generate_vault(dir: &Path, n: usize, pass: &SecretString) -> (Duration, Duration) {
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    let v = Vault::create(
        dir,
        pass,
        &CreateOptions {
            documenter: DOCUMENTER.into(),
            kdf_log_n: 10,
        },
    )
    .unwrap();
    let t = Instant::now();
    let mut g = Gen::new(42);
    let batch = 5000;
    let mut i = 0;
    while i < n {
        let end = (i + batch).min(n);
        v.commit(|tx| -> Result<(), evidence_vault::vault::CommitError> {
            for k in i..end {
                let it = g.item(k);
                let num = tx.insert_item(&it)?;
                tx.record(
                    num,
                    &it.id,
                    &it.sha256,
                    Action::Acquired,
                    evidence_vault::details! {
                        "source_path" => it.source_path.clone(),
                        "original_name" => it.original_name.clone(),
                        "size" => it.size,
                        "source_modified" => it.source_modified.clone(),
                        "mime" => it.mime.clone(),
                        "kind" => it.kind.map(|k| k.as_str()),
                        "tool" => "evidence-vault 0.1.0",
                    },
                )?;
                if !it.title.is_empty() && it.kind != Some(Kind::Text) {
                    let mut d = std::collections::BTreeMap::new();
                    d.insert(
                        "title".to_owned(),
                        serde_json::json!({"old": "", "new": it.title}),
                    );
                    if !it.description.is_empty() {
                        d.insert(
                            "description".to_owned(),
                            serde_json::json!({"old": "", "new": it.description}),
                        );
                    }
                    tx.record(num, &it.id, &it.sha256, Action::MetadataEdited, d)?;
                }
            }
            Ok(())
        })
        .unwrap();
        i = end;
    }
    let t_items = t.elapsed();
    let t = Instant::now();
    v.compact().unwrap();
    (t_items, t.elapsed())
}

// ---------------------------------------------------------------------------------------------
// Realistic mixed English/Arabic content

/// (English, Arabic) place names from the field reports.
const PLACES: &[(&str, &str)] = &[
    ("Tabqa", "الطبقة"),
    ("Raqqa", "الرقة"),
    ("Al Mansura", "المنصورة"),
    ("Abu Hurayra", "أبو هريرة"),
    ("Krin", "كرين"),
    ("Msherfa", "مشرفة"),
    ("Jabar Castle", "قلعة جعبر"),
    ("Thawra oilfield", "حقل الثورة النفطي"),
    ("Al Shamiya", "الشامية"),
    ("Al Synaa Street, Tabqa", "شارع الصناعة، الطبقة"),
    ("Tabqa airbase", "مطار الطبقة العسكري"),
    ("Tabqa dam", "سد الطبقة"),
    ("Raqqa city, first neighbourhood", "الرقة، الحي الأول"),
    ("western Raqqa countryside", "ريف الرقة الغربي"),
    ("Aleppo–Raqqa international road", "طريق حلب الرقة الدولي"),
];
/// A place used with probability 1/20,000: the "rare term".
const RARE_PLACE: (&str, &str) = ("Ithriya", "إثريا");

const TITLES_EN: &[&str] = &[
    "Airstrike on the only bakery in {p}",
    "Maysaloon School destroyed, {p}",
    "Field hospital hit by warplanes near {p}",
    "Al Badya School after the airstrike",
    "Cluster bomb remnants in residential area, {p}",
    "Shelling of residential neighbourhood in {p}",
    "Displaced families leaving {p}",
    "Coalition raids on {p}: aftermath",
    "Destroyed vehicles on the road to {p}",
    "Russian jets strike market in {p}",
    "Funeral of civilians killed in {p}",
    "Injured children at the hospital, {p}",
    "Bakery queue before the strike, {p}",
    "Rubble of the school building, {p}",
    "Mass exodus of locals from {p}",
];
const TITLES_AR: &[&str] = &[
    "غارة جوية على المخبز الوحيد في {p}",
    "تدمير مدرسة ميسلون، {p}",
    "استهداف المشفى الميداني قرب {p}",
    "مدرسة البادية بعد الغارة",
    "بقايا قنابل عنقودية في حي سكني، {p}",
    "قصف الأحياء السكنية في {p}",
    "نزوح العائلات من {p}",
    "آثار غارات التحالف على {p}",
    "سيارات مدمرة على الطريق إلى {p}",
    "طائرات روسية تقصف سوقاً في {p}",
    "تشييع مدنيين قتلوا في {p}",
    "أطفال مصابون في المشفى، {p}",
    "طابور الخبز قبل القصف، {p}",
    "أنقاض مبنى المدرسة، {p}",
    "نزوح جماعي للأهالي من {p}",
];
const DESC_AR: &[&str] = &[
    "استهدفت طائرات التحالف الدولي المدينة بأكثر من خمس وعشرين غارة أدت إلى تدمير المخبز الوحيد",
    "قتل عشرون مدنياً خلال الساعات الأربع والعشرين الماضية معظمهم من النساء والأطفال",
    "المدرسة مخصصة للنازحين من المحافظات الأخرى ويعيش فيها نحو ثلاثمئة شخص",
    "لا يوجد مشفى يقدم الخدمات الطبية في ريف الرقة حالياً",
    "استخدمت الطائرات الروسية القنابل العنقودية في استهداف الأحياء السكنية",
    "أطلق ناشطون من الرقة حملة ضد القصف العشوائي",
    "فرض حصار على المدينة وقطع الطريق الدولي بين حلب والرقة",
    "صورت الغارة من سطح مبنى مجاور بعد دقائق من القصف",
    "شهادة أحد سكان الحي عن لحظة سقوط القذائف",
];
const TAGS: &[&str] = &[
    "airstrike",
    "bakery",
    "school",
    "hospital",
    "civilians",
    "children",
    "cluster-munitions",
    "displacement",
    "shelling",
    "funeral",
    "غارة",
    "مدرسة",
    "مشفى",
    "مدنيين",
    "أطفال",
    "نزوح",
];
const CASES: &[&str] = &[
    "TABQA-2017",
    "RAQQA-2017",
    "MANSURA-2017",
    "RAQQA-COUNTRYSIDE",
];
const CAMERAS: &[(&str, &str)] = &[
    ("samsung", "SM-G991B"),
    ("Apple", "iPhone 12"),
    ("Xiaomi", "Redmi Note 9 Pro"),
    ("HUAWEI", "P30 lite"),
];

struct Gen {
    rng: u64,
    sentences_en: Vec<String>,
}

impl Gen {
    fn new(seed: u64) -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/context");
        let mut text = String::new();
        for f in ["field-report-raqqa.txt", "field-report-tabqa.txt"] {
            text.push_str(&std::fs::read_to_string(dir.join(f)).unwrap_or_default());
            text.push('\n');
        }
        if text.trim().is_empty() {
            // Fallback so the bench still runs outside this workspace.
            text = "The International Coalition warplanes have targeted Tabqa city with more than 25 raids. The only bakery in the city was destroyed. Al Badya School in Al Mansura western Raqqa was completely destroyed.".into();
        }
        let sentences_en = text
            .split(['.', '\n'])
            .map(|s| s.trim().to_owned())
            .filter(|s| s.split_whitespace().count() >= 5)
            .collect();
        Self {
            rng: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            sentences_en,
        }
    }
    fn next(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02x}", (self.next() & 0xff) as u8))
            .collect()
    }

    fn item(&mut self, i: usize) -> NewItem {
        let arabic = self.chance(50);
        let (pe, pa) = if self.next().is_multiple_of(20_000) {
            RARE_PLACE
        } else {
            PLACES[self.below(PLACES.len())]
        };
        let place = if arabic { pa } else { pe };
        let roll = self.below(100);
        let kind = if roll < 70 {
            Kind::Photo
        } else if roll < 90 {
            Kind::File
        } else {
            Kind::Text
        };
        let title = if kind == Kind::Text || self.chance(60) {
            let t = if arabic {
                TITLES_AR[self.below(TITLES_AR.len())]
            } else {
                TITLES_EN[self.below(TITLES_EN.len())]
            };
            t.replace("{p}", place)
        } else {
            String::new()
        };
        let description = if kind == Kind::Text || self.chance(40) {
            let k = 1 + self.below(3);
            let mut d = Vec::new();
            for _ in 0..k {
                if arabic {
                    d.push(DESC_AR[self.below(DESC_AR.len())].to_owned());
                } else {
                    let k = self.below(self.sentences_en.len());
                    d.push(self.sentences_en[k].clone());
                }
            }
            d.join(". ") + "."
        } else {
            String::new()
        };
        let ntags = self.below(4);
        let tags: Vec<String> = (0..ntags)
            .map(|_| TAGS[self.below(TAGS.len())].to_owned())
            .collect();
        let day = 1 + self.below(28);
        let month = 3 + self.below(4);
        let (hh, mm, ss) = (self.below(24), self.below(60), self.below(60));
        let captured = format!("2017-{month:02}-{day:02}T{hh:02}:{mm:02}:{ss:02}+03:00");
        let (mime, name, size) = match kind {
            Kind::Photo => (
                "image/jpeg",
                format!("IMG_{:05}.jpg", i % 100_000),
                2_000_000 + self.below(4_000_000) as u64,
            ),
            Kind::File | Kind::Video | Kind::Audio => (
                "video/mp4",
                format!("VID_{:05}.mp4", i % 100_000),
                5_000_000 + self.below(200_000_000) as u64,
            ),
            Kind::Text => (
                "text/plain; charset=utf-8",
                format!("note-{i}.txt"),
                200 + self.below(3000) as u64,
            ),
        };
        let cam = CAMERAS[self.below(CAMERAS.len())];
        let photo = kind == Kind::Photo;
        NewItem {
            id: self.hex(16),
            kind: Some(kind),
            sha256: self.hex(32),
            size,
            mime: mime.into(),
            original_name: Some(name.clone()),
            source_path: if kind == Kind::Text {
                None
            } else {
                Some(format!("/media/usb/DCIM/Camera/{name}"))
            },
            source_modified: Some(format!("2017-{month:02}-{day:02}T{hh:02}:{mm:02}:{ss:02}Z")),
            added_at: format!(
                "2026-11-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                1 + i / 5000 % 20,
                i / 300 % 24,
                i / 5 % 60,
                i % 60,
                i % 1000
            ),
            title,
            description: description.clone(),
            case: CASES[self.below(CASES.len())].into(),
            tags,
            place: if self.chance(70) {
                place.into()
            } else {
                String::new()
            },
            event_date: if self.chance(50) {
                Some(format!("2017-{month:02}-{day:02}"))
            } else {
                None
            },
            captured_at: photo.then_some(captured),
            gps: photo.then(|| Gps {
                lat: 35.8 + (self.below(3000) as f64) / 10_000.0,
                lon: 38.5 + (self.below(6000) as f64) / 10_000.0,
                alt: None,
            }),
            camera: photo.then(|| Camera {
                make: Some(cam.0.into()),
                model: Some(cam.1.into()),
            }),
            orientation: photo.then_some(1),
            width: photo.then_some(4000),
            height: photo.then_some(3000),
            has_thumbnail: photo,
            intake_note: None,
            note_body: (kind == Kind::Text).then_some(description),
            captured_at_source: photo.then_some(evidence_vault::CaptureSource::ExifOriginal),
            ..Default::default()
        }
    }
}

/// Where the bytes of the catalog go: custody JSON, items, FTS index.
fn catalog_composition(vault: &Path, pass: &SecretString) {
    use std::io::Read;
    let info = evidence_vault::read_info(vault).unwrap();
    let keys = evidence_vault::keys::VaultKeys::open(
        &info.vault_id,
        &std::fs::read(vault.join("keys.age")).unwrap(),
        pass,
    )
    .unwrap();
    let mut r =
        evidence_vault::objects::open_sealed(&vault.join("catalog.age"), &keys.identity).unwrap();
    let mut image = Vec::new();
    r.read_to_end(&mut image).unwrap();
    let cat = Catalog::from_image(&image).unwrap();
    let c = cat.connection();
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap_or(-1) };
    let items = q("SELECT count(*) FROM items");
    let events = q("SELECT count(*) FROM custody");
    let ev_bytes = q(
        "SELECT sum(length(at) + length(local_offset) + length(actor) + length(action) + length(details) \
         + length(hash) + coalesce(length(signature), 0) + coalesce(length(event_json), 0)) FROM custody",
    );
    let verbatim = q("SELECT count(*) FROM custody WHERE event_json IS NOT NULL");
    let pages = |like: &str| -> f64 {
        q(&format!(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '{like}'"
        )) as f64
            / 1048576.0
    };
    println!(
        "catalog image {:.1} MiB = {:.0} B/item: {} custody events, {:.0} B of column data per event ({} kept verbatim); \
         pages: custody {:.1} MiB (+ indexes {:.1}), chains {:.1}, items {:.1} (+ indexes {:.1}), tags {:.1} (-1 = dbstat unavailable)",
        mib(image.len() as u64),
        image.len() as f64 / items as f64,
        events,
        ev_bytes as f64 / events as f64,
        verbatim,
        pages("custody"),
        pages("sqlite_autoindex_custody%"),
        pages("chains%"),
        pages("items"),
        pages("%items_%"),
        pages("tags%"),
    );
}
