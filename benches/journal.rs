//! Journal ("format 2") benchmark: what one committed change costs on a large vault, how the
//! journal affects unlock, and what compaction costs.
//!
//!     cargo bench --bench journal
//!
//! Works on a vault of 100,000 items (EVAULT_BENCH_ITEMS) and, in the same run, on a 1,000-item
//! vault, both generated once (cached under the bench data root) exactly like `benches/search.rs`
//! does: `Vault::create`, units of 5,000 items through `Vault::commit`, then `Vault::compact`.
//! Every measurement runs on a copy (`cp -a`), so the cached vaults stay pristine.
//!
//! 1. `Vault::add_note` and `Vault::edit` (a title) on each vault: median and p95 over
//!    EVAULT_BENCH_REPEATS (default 50) repeats, and the bytes written per operation (sizes of the
//!    files that are new in the vault folder afterwards: `objects/…`, `thumbs/…`, `journal/…`;
//!    existing files that changed are reported separately and should be none).
//! 2. `Vault::add_paths` of 1,000 small text files (~2 KiB of random words each) into the large
//!    vault in one call: items/s.
//! 3. On a copy of the large vault re-keyed to the default work factor (`Vault::change_passphrase`
//!    to `keys::DEFAULT_KDF_LOG_N`): 5 × `/usr/bin/time -v evault list --vault V --search
//!    zzzzqqq` (median wall, max peak RSS); then 10,000 journaled title edits (10,000 different
//!    items, no compaction), the journal's segment count and size, the same unlock again, and
//!    `Vault::compact` (and the unlock once more after it).
//! 4. `catalog.age` size, total and per item.
//!
//! Nothing asserts on time; targets are printed next to the figures.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use age::secrecy::SecretString;
use common::*;
use evidence_vault::catalog::NewItem;
use evidence_vault::custody::Action;
use evidence_vault::{
    Camera, CancelToken, CreateOptions, Gps, IntakeOptions, Kind, ListQuery, MetadataEdit,
    NoProgress, NoteInput, Vault,
};

/// Bump when the generator changes (the cache folder is named after it).
const GEN_VERSION: u32 = 2;
const DOCUMENTER: &str = "Bench Documenter";
const SMALL_N: usize = 1_000;
const JOURNAL_EDITS: usize = 10_000;
const INTAKE_FILES: usize = 1_000;
const UNLOCK_RUNS: usize = 5;

fn main() {
    let n: usize = std::env::var("EVAULT_BENCH_ITEMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let reps = repeats(50);
    header(&format!(
        "journal: {n} items (and {SMALL_N}), {reps} repeats"
    ));
    let pass = SecretString::from(PASSPHRASE.to_owned());

    let small = cached_vault(SMALL_N, &pass);
    let big = cached_vault(n, &pass);

    // ---- 1. one note, one edit
    println!();
    println!(
        "1. one change = one journal segment: Vault::add_note / Vault::edit (title), {reps} repeats each, in-process, KDF log N 10"
    );
    println!(
        "   bytes = sizes of files new in the vault folder after the operation; 'changed' = bytes of pre-existing files that were rewritten (expected 0)"
    );
    println!(
        "{:<14} {:<10} {:>9} {:>9} {:>9} {:>12} {:>12} {:>10}",
        "vault", "op", "med ms", "p95 ms", "max ms", "med bytes", "max bytes", "changed"
    );
    let work_small = scratch("journal-small-");
    let vs = copy_vault(&small, work_small.path());
    let r_small = one_change(&vs, &pass, reps, &format!("{SMALL_N} items"));
    drop(work_small);
    let work_big = scratch("journal-big-");
    let vb = copy_vault(&big, work_big.path());
    let r_big = one_change(&vb, &pass, reps, &format!("{n} items"));
    for (i, op) in ["add_note", "edit"].iter().enumerate() {
        let (s, b) = (&r_small[i], &r_big[i]);
        let ratio = b.0.median / s.0.median;
        println!(
            "{op:<10} median {:.2} ms ({SMALL_N}) vs {:.2} ms ({n}): ratio {:.2} (target ≤ 1.5) {}; {} ms target ≤ 30 {}; {} B/op target ≤ 64 KiB {}",
            s.0.median * 1e3,
            b.0.median * 1e3,
            ratio,
            mark(ratio <= 1.5),
            fmt_ms(b.0.median),
            mark(b.0.median <= 0.030),
            b.1,
            mark(b.1 <= 64 * 1024),
        );
    }

    // ---- 2. add_paths of 1,000 small files into the big vault (same copy as above)
    println!();
    println!(
        "2. Vault::add_paths of {INTAKE_FILES} text files (~2 KiB random words each) into the {n}-item vault, one call"
    );
    intake_small_files(&vb, &pass, work_big.path());
    drop(work_big);

    // ---- 3. unlock at the default work factor, with and without a journal; compaction
    println!();
    let log_n = evidence_vault::keys::DEFAULT_KDF_LOG_N;
    println!(
        "3. unlock at the default KDF (log N {log_n}): {UNLOCK_RUNS} × /usr/bin/time -v evault list --vault V --search zzzzqqq"
    );
    let work_kdf = scratch("journal-kdf-");
    let vk = copy_vault(&big, work_kdf.path());
    {
        let v = Vault::unlock(&vk, &pass).unwrap();
        v.change_passphrase(&pass, log_n).unwrap();
    }
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>13}",
        "state", "med s", "min s", "max s", "max RSS MiB"
    );
    let base = unlock_runs(&vk, "base only (compacted)");
    println!(
        "   target: ≤ 1.5 s {}, ≤ 300 MiB {}",
        mark(base.0 <= 1.5),
        mark(base.1 <= 300.0)
    );

    let (t_unlock_lib, t_index, t_edits, edits_done) = journal_edits(&vk, &pass, n);
    let (segs, seg_bytes) = journal_size(&vk);
    println!(
        "   in-process Vault::unlock (log N {log_n}, base only): {:.3} s + {:.3} s until the search index is ready; {edits_done} Vault::edit of distinct items: {:.1} s ({:.1} ms/edit, {:.0} edits/s)",
        t_unlock_lib.as_secs_f64(),
        t_index.as_secs_f64(),
        t_edits.as_secs_f64(),
        t_edits.as_secs_f64() * 1e3 / edits_done as f64,
        edits_done as f64 / t_edits.as_secs_f64()
    );
    println!(
        "   journal after the edits: {segs} segments, {:.1} MiB on disk ({:.0} B/segment)",
        mib(seg_bytes),
        seg_bytes as f64 / segs.max(1) as f64
    );
    let with_journal = unlock_runs(&vk, &format!("base + {segs} journal segments"));
    println!(
        "   target: ≤ 2.0 s {}; journal replay adds {:.3} s to the median",
        mark(with_journal.0 <= 2.0),
        with_journal.0 - base.0
    );
    let (segs_after, _) = journal_size(&vk);
    if segs_after != segs {
        println!(
            "   WARNING: the journal changed during `evault list` ({segs} → {segs_after} segments): the CLI compacted or committed"
        );
    }

    let (v, t_unlock_journal, t_index) = unlock_ready(&vk, &pass);
    println!(
        "   in-process Vault::unlock with the journal: {:.3} s + {:.3} s until the search index is ready (compaction due: {})",
        t_unlock_journal.as_secs_f64(),
        t_index.as_secs_f64(),
        v.compaction_due()
    );
    let t = Instant::now();
    let rep = v.compact().unwrap();
    let t_compact = t.elapsed();
    drop(v);
    println!(
        "   Vault::compact: {:.3} s (target ≤ 5 s {}): {} segments, {:.1} MiB of journal plaintext folded into a {:.1} MiB base",
        t_compact.as_secs_f64(),
        mark(t_compact.as_secs_f64() <= 5.0),
        rep.segments,
        mib(rep.journal_bytes),
        mib(rep.base_bytes)
    );
    unlock_runs(&vk, "after compaction");

    // The same 10,000 edits made the way the CLI and the GUI make them: each followed by
    // `compact_if_due`, so the journal never grows past the compaction threshold.
    let (v, _, _) = unlock_ready(&vk, &pass);
    let refs = v.list_refs(&ListQuery::default()).unwrap();
    let step = (refs.len() / JOURNAL_EDITS).max(1);
    let (mut compactions, mut t_compacting) = (0, Duration::ZERO);
    let t = Instant::now();
    for k in 0..JOURNAL_EDITS {
        let r = &refs[(k * step + k / refs.len()) % refs.len()];
        v.edit(
            &r.id,
            &MetadataEdit {
                title: Some(format!("policy edit {k}")),
                ..Default::default()
            },
        )
        .unwrap();
        let tc = Instant::now();
        if v.compact_if_due().unwrap().is_some() {
            compactions += 1;
            t_compacting += tc.elapsed();
        }
    }
    let t_policy = t.elapsed();
    drop(v);
    let (segs, _) = journal_size(&vk);
    println!(
        "   {JOURNAL_EDITS} edits with compact_if_due after each (as evault and the GUI do): {:.1} s, {compactions} compactions ({:.1} s of it), {segs} segments left",
        t_policy.as_secs_f64(),
        t_compacting.as_secs_f64()
    );
    let policy = unlock_runs(&vk, "after 10,000 edits, app policy");
    println!("   target: ≤ 2.0 s {}", mark(policy.0 <= 2.0));
    drop(work_kdf);

    // ---- 4. catalog size
    println!();
    println!("4. catalog.age size (pristine generated vaults)");
    for (label, dir, count) in [("small", &small, SMALL_N), ("large", &big, n)] {
        let size = std::fs::metadata(dir.join("catalog.age")).unwrap().len();
        let target = if count == 100_000 {
            format!(" (target ≤ 120 MiB {})", mark(mib(size) <= 120.0))
        } else {
            String::new()
        };
        println!(
            "   {label} {count} items: {:.2} MiB, {:.0} B/item{target}",
            mib(size),
            size as f64 / count as f64
        );
    }
    println!();
    println!("machine at end: {}", machine_conditions());
}

fn mark(ok: bool) -> &'static str {
    if ok { "[ok]" } else { "[MISSED]" }
}

fn fmt_ms(s: f64) -> String {
    format!("{:.2}", s * 1e3)
}

/// The generated vault for `n` items, made once and cached (`…/journal-vault-v2-N/v`).
fn cached_vault(n: usize, pass: &SecretString) -> PathBuf {
    let root = data_root().join(format!("journal-vault-v{GEN_VERSION}-{n}"));
    if !root.join("complete").exists() {
        let _ = std::fs::remove_dir_all(&root);
        let t = Instant::now();
        let (t_items, t_compact) = generate_vault(&root.join("v"), n, pass);
        std::fs::write(root.join("complete"), format!("{:?}", t.elapsed())).unwrap();
        println!(
            "generated {n} items in {:.1} s (commits {:.1} s, compact {:.1} s): {}",
            t.elapsed().as_secs_f64(),
            t_items.as_secs_f64(),
            t_compact.as_secs_f64(),
            root.display()
        );
    } else {
        println!(
            "using cached vault {} (generated earlier in {})",
            root.display(),
            std::fs::read_to_string(root.join("complete")).unwrap_or_default()
        );
    }
    root.join("v")
}

/// `cp -a FROM INTO/v`; returns the copy.
fn copy_vault(from: &Path, into: &Path) -> PathBuf {
    let to = into.join("v");
    let st = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(&to)
        .status()
        .expect("spawn cp");
    assert!(
        st.success(),
        "cp -a {} {} failed",
        from.display(),
        to.display()
    );
    to
}

/// Unlocks and waits until the search index (built on its own thread after unlock) is ready, so
/// that the build does not compete with what is timed next. Returns (vault, unlock, index wait).
fn unlock_ready(dir: &Path, pass: &SecretString) -> (Vault, Duration, Duration) {
    let t = Instant::now();
    let v = Vault::unlock(dir, pass).unwrap();
    let t_unlock = t.elapsed();
    let t = Instant::now();
    v.count(&ListQuery {
        search: Some("zzzzqqq".into()),
        ..Default::default()
    })
    .unwrap();
    (v, t_unlock, t.elapsed())
}

type Snapshot = HashMap<PathBuf, (u64, Option<SystemTime>)>;

fn snapshot(dir: &Path) -> Snapshot {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some((e.into_path(), (m.len(), m.modified().ok())))
        })
        .collect()
}

/// (bytes of files new since `before`, bytes of files that existed and changed, new file count).
fn written_since(dir: &Path, before: &Snapshot) -> (u64, u64, usize) {
    let after = snapshot(dir);
    let (mut new, mut changed, mut count) = (0, 0, 0);
    for (p, (len, mt)) in &after {
        if p.file_name().is_some_and(|f| f == "vault.lock") {
            continue;
        }
        match before.get(p) {
            None => {
                new += len;
                count += 1;
            }
            Some((l0, m0)) if l0 != len || m0 != mt => changed += len,
            Some(_) => {}
        }
    }
    (new, changed, count)
}

/// Per op: (time stats, median new bytes).
fn one_change(dir: &Path, pass: &SecretString, reps: usize, label: &str) -> Vec<(Stats, u64)> {
    let (v, _, _) = unlock_ready(dir, pass);
    let refs = v.list_refs(&ListQuery::default()).unwrap();
    assert!(!refs.is_empty());
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut out = Vec::new();
    for op in ["add_note", "edit"] {
        // One untimed warm-up (first statement preparation, directory creation).
        run_op(&v, op, usize::MAX, &refs, &mut rng);
        let mut times = Vec::new();
        let mut bytes = Vec::new();
        let mut changed_max = 0;
        for k in 0..reps {
            let before = snapshot(dir);
            let t = Instant::now();
            run_op(&v, op, k, &refs, &mut rng);
            times.push(t.elapsed());
            let (new, changed, _) = written_since(dir, &before);
            bytes.push(new);
            changed_max = changed_max.max(changed);
        }
        bytes.sort();
        let s = stats(&times);
        let med_b = bytes[bytes.len() / 2];
        println!(
            "{:<14} {:<10} {:>9.2} {:>9.2} {:>9.2} {:>12} {:>12} {:>10}",
            label,
            op,
            s.median * 1e3,
            s.p95 * 1e3,
            s.max * 1e3,
            med_b,
            bytes[bytes.len() - 1],
            changed_max
        );
        out.push((s, med_b));
    }
    out
}

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

fn run_op(v: &Vault, op: &str, k: usize, refs: &[evidence_vault::catalog::ItemRef], rng: &mut u64) {
    let r = xorshift(rng);
    match op {
        "add_note" => {
            v.add_note(&NoteInput {
                title: format!("Witness statement {k} ({r:016x})"),
                body: format!(
                    "Statement {k} ({r:016x}) taken at the school shelter. The witness describes the strike on the bakery, the time it happened and who was inside."
                ),
                ..Default::default()
            })
            .unwrap();
        }
        "edit" => {
            let target = &refs[(r % refs.len() as u64) as usize];
            v.edit(
                &target.id,
                &MetadataEdit {
                    title: Some(format!("Edited title {k} ({r:016x})")),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        _ => unreachable!(),
    }
}

fn random_text(rng: &mut u64, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 16);
    while s.len() < bytes {
        let len = 2 + (xorshift(rng) % 9) as usize;
        for _ in 0..len {
            s.push((b'a' + (xorshift(rng) % 26) as u8) as char);
        }
        s.push(if xorshift(rng).is_multiple_of(12) {
            '\n'
        } else {
            ' '
        });
    }
    s
}

fn intake_small_files(dir: &Path, pass: &SecretString, scratch_root: &Path) {
    let src = scratch_root.join("small-files");
    std::fs::create_dir_all(&src).unwrap();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..INTAKE_FILES {
        std::fs::write(
            src.join(format!("report-{i:04}.txt")),
            random_text(&mut rng, 2048),
        )
        .unwrap();
    }
    let (v, _, _) = unlock_ready(dir, pass);
    let before_items = v.item_count().unwrap();
    let (segs0, _) = journal_size(dir);
    let before = snapshot(dir);
    let t = Instant::now();
    let rep = v
        .add_paths(
            &[src],
            &IntakeOptions::default(),
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    let el = t.elapsed().as_secs_f64();
    let (new, changed, files) = written_since(dir, &before);
    let (segs1, _) = journal_size(dir);
    let added = rep.added();
    println!(
        "   {added} added ({} duplicates, {} failures) in {el:.3} s: {:.0} items/s (target ≥ 1,000 {}); vault {} → {} items",
        rep.duplicates(),
        rep.failures.len(),
        added as f64 / el,
        mark(added as f64 / el >= 1000.0),
        before_items,
        v.item_count().unwrap()
    );
    println!(
        "   wrote {files} new files, {:.2} MiB ({:.0} B/item), {} journal segments; pre-existing files changed: {changed} B",
        mib(new),
        new as f64 / added.max(1) as f64,
        segs1 - segs0
    );
}

/// (segment count, total bytes on disk) of `journal/`.
fn journal_size(dir: &Path) -> (usize, u64) {
    let segs = evidence_vault::vault::journal::list(dir).unwrap_or_default();
    let bytes = segs
        .iter()
        .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    (segs.len(), bytes)
}

/// `UNLOCK_RUNS` × `evault list --search zzzzqqq` under `/usr/bin/time -v`; prints a row and
/// returns (median wall s, max peak RSS MiB).
fn unlock_runs(dir: &Path, label: &str) -> (f64, f64) {
    // First the unlock alone (a listing that matches nothing without searching: `--case` of a
    // case that does not exist), then the same with a search, which waits for the search index.
    let open = unlock_runs_with(
        dir,
        &format!("{label}: unlock"),
        &["--case", "no-such-case"],
    );
    unlock_runs_with(dir, &format!("{label}: + search"), &["--search", "zzzzqqq"]);
    open
}

fn unlock_runs_with(dir: &Path, label: &str, args: &[&str]) -> (f64, f64) {
    let mut walls = Vec::new();
    let mut rss = 0u64;
    for _ in 0..UNLOCK_RUNS {
        let mut c = evault();
        c.arg("list").arg("--vault").arg(dir).args(args);
        let t = Instant::now();
        let (_, kb) = time_v(&c).expect("evault list under /usr/bin/time -v failed");
        walls.push(t.elapsed());
        rss = rss.max(kb);
    }
    let s = stats(&walls);
    let rss_mib = rss as f64 / 1024.0;
    println!(
        "{:<44} {:>9.3} {:>9.3} {:>9.3} {:>13.1}",
        label, s.median, s.min, s.max, rss_mib
    );
    (s.median, rss_mib)
}

/// Unlocks (timed), then edits the titles of `JOURNAL_EDITS` different items (cycling if the
/// vault has fewer), one segment each, without compacting. Returns (unlock, search index wait,
/// edits, edit count).
fn journal_edits(
    dir: &Path,
    pass: &SecretString,
    n: usize,
) -> (Duration, Duration, Duration, usize) {
    let (v, t_unlock, t_index) = unlock_ready(dir, pass);
    let refs = v.list_refs(&ListQuery::default()).unwrap();
    assert_eq!(refs.len(), n);
    // Spread over the whole vault: every (n / edits)-th item, distinct while n ≥ edits.
    let step = (refs.len() / JOURNAL_EDITS).max(1);
    let t = Instant::now();
    for k in 0..JOURNAL_EDITS {
        let r = &refs[(k * step + k / refs.len()) % refs.len()];
        v.edit(
            &r.id,
            &MetadataEdit {
                title: Some(format!("Journal bench title {k}")),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let t_edits = t.elapsed();
    assert!(
        !evidence_vault::vault::journal::list(dir)
            .unwrap()
            .is_empty(),
        "edits left no journal"
    );
    (t_unlock, t_index, t_edits, JOURNAL_EDITS)
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
            ..Default::default()
        }
    }
}
