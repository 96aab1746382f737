//! The vault commands of the CLI contract.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use evidence_vault::vault::VerifyProblem;
use evidence_vault::{
    CancelToken, CreateOptions, IntakeOptions, ListQuery, NoteInput, Vault, VerifyOptions,
    read_info,
};

use crate::Outcome;
use crate::output::{TermProgress, human_size, item_line, json_line, with_custody};
use crate::passphrase;

pub struct Ctx {
    pub passphrase_file: Option<PathBuf>,
}

pub fn unlock(ctx: &Ctx, dir: &Path) -> Result<Vault> {
    // Check it is a vault, and not open elsewhere, before asking for a passphrase.
    Vault::probe(dir)?;
    let pass = passphrase::vault_passphrase(ctx.passphrase_file.as_deref(), false)?;
    Ok(Vault::unlock(dir, &pass)?)
}

/// After a command that committed: fold the journal into a new base if it has grown past what
/// keeps unlock fast. A failure here loses nothing (the journal stays), so it is only reported.
pub fn compact_if_due(vault: &Vault) {
    match vault.compact_if_due() {
        Ok(Some(r)) => eprintln!(
            "Compacted the journal: {} change file(s) folded into a new catalog ({}).",
            r.segments,
            human_size(r.base_bytes)
        ),
        Ok(None) => {}
        Err(e) => {
            eprintln!("evault: warning: {e}; the vault is intact, run `evault compact` later")
        }
    }
}

pub fn compact(ctx: &Ctx, dir: &Path, json: bool) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let t = std::time::Instant::now();
    let r = vault.compact()?;
    if json {
        json_line(&serde_json::json!({
            "segments": r.segments,
            "journal_bytes": r.journal_bytes,
            "base_bytes": r.base_bytes,
            "base_id": r.base_id,
            "seconds": t.elapsed().as_secs_f64(),
        }));
    } else if r.segments == 0 {
        println!("Nothing to compact: the journal is empty.");
    } else {
        println!(
            "Folded {} change file(s) ({}) into a new catalog base of {} in {:.1} s.",
            r.segments,
            human_size(r.journal_bytes),
            human_size(r.base_bytes),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(Outcome::Ok)
}

pub fn edit(
    ctx: &Ctx,
    dir: &Path,
    item: &str,
    edit: &evidence_vault::MetadataEdit,
    json: bool,
) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let updated = vault.edit(item, edit)?;
    if json {
        json_line(&updated.to_json());
    } else {
        println!("{}\t{}", updated.id, updated.display_name());
    }
    compact_if_due(&vault);
    Ok(Outcome::Ok)
}

pub fn init(ctx: &Ctx, dir: &Path, documenter: &str, kdf_log_n: u8) -> Result<Outcome> {
    let pass = passphrase::vault_passphrase(ctx.passphrase_file.as_deref(), true)?;
    let opts = CreateOptions {
        documenter: documenter.to_owned(),
        kdf_log_n,
    };
    let vault = Vault::create(dir, &pass, &opts)
        .with_context(|| format!("could not create a vault at {}", dir.display()))?;
    let info = vault.info();
    eprintln!("Created vault {} at {}", info.vault_id, dir.display());
    eprintln!(
        "Custody signing key: {} ({})",
        info.signing_key,
        vault.signer_fingerprint()
    );
    eprintln!("Give the public key below to anyone who should send you bundles.");
    println!("{}", info.recipient);
    Ok(Outcome::Ok)
}

pub fn pubkey(dir: &Path) -> Result<Outcome> {
    let info = read_info(dir)?;
    println!("{}", info.recipient);
    Ok(Outcome::Ok)
}

pub fn add(
    ctx: &Ctx,
    dir: &Path,
    opts: &IntakeOptions,
    json: bool,
    paths: &[PathBuf],
) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let progress = TermProgress::new();
    let cancel = crate::interrupt::cancel_on_interrupt();
    // Each item's line is printed the moment it is secured (committed and durable), before its
    // thumbnail is made.
    let mut print_secured = |o: &evidence_vault::IntakeOutcome| {
        progress.finish();
        if json {
            json_line(&serde_json::json!({
                "id": o.id, "sha256": o.sha256, "path": o.path, "kind": o.kind.as_str(),
                "duplicate": o.duplicate, "note": o.note,
            }));
        } else {
            println!("{}\t{}\t{}", o.id, o.sha256, o.path.display());
            if o.duplicate {
                eprintln!(
                    "note: {} was already in the vault as {} (recorded as reacquired)",
                    o.path.display(),
                    o.id
                );
            }
            if let Some(n) = &o.note {
                eprintln!("note: {}: {n}", o.path.display());
            }
        }
    };
    let hooks = evidence_vault::IntakeHooks {
        on_secured: Some(&mut print_secured),
        derive: true,
        derived_cancel: None,
    };
    let report = vault.add_paths_with(paths, opts, hooks, &progress, &cancel)?;
    progress.finish();
    for f in &report.failures {
        if json {
            json_line(&serde_json::json!({"path": f.path, "error": f.reason}));
        }
        eprintln!("evault: not added: {}: {}", f.path.display(), f.reason);
    }
    // Earlier intakes that were interrupted, or items waiting for a program now installed.
    let mut derived = report.derived.clone();
    if !cancel.is_cancelled() {
        match vault.make_pending_thumbnails(&progress, &cancel) {
            Ok(more) => {
                derived.made += more.made;
                derived.failed.extend(more.failed);
                derived.pending = more.pending;
                for n in more.needs_tool {
                    if !derived.needs_tool.iter().any(|(id, _)| *id == n.0) {
                        derived.needs_tool.push(n);
                    }
                }
            }
            Err(e) => eprintln!("evault: warning: {e}"),
        }
        progress.finish();
    }
    report_derived(&vault, &derived);
    eprintln!(
        "{} added, {} already present, {} failed ({})",
        report.added(),
        report.duplicates(),
        report.failures.len(),
        human_size(report.bytes)
    );
    if cancel.is_cancelled() || crate::interrupt::interrupted() {
        eprintln!(
            "evault: interrupted: the {} item(s) listed above are secured; {} thumbnail(s) are still to be made and will be made the next time this vault is opened by `evault add` or the app",
            report.items.len(),
            derived.pending
        );
    }
    compact_if_due(&vault);
    Ok(if report.failures.is_empty() && !cancel.is_cancelled() {
        Outcome::Ok
    } else {
        Outcome::Finding
    })
}

/// Makes what derived data is pending (after an import or a re-adoption), reporting problems;
/// interrupted, it stays pending for the next time.
pub fn finish_derived(vault: &Vault) {
    let cancel = crate::interrupt::cancel_on_interrupt();
    let progress = TermProgress::new();
    match vault.make_pending_thumbnails(&progress, &cancel) {
        Ok(d) => {
            progress.finish();
            report_derived(vault, &d);
            if d.pending > 0 {
                eprintln!(
                    "note: {} thumbnail(s) are still to be made; they will be made the next time this vault is opened by `evault add` or the app",
                    d.pending
                );
            }
        }
        Err(e) => eprintln!("evault: warning: {e}"),
    }
}

/// Notes about thumbnails that could not be made, and why.
fn report_derived(vault: &Vault, d: &evidence_vault::DerivedReport) {
    for (id, why) in &d.failed {
        let name = vault
            .item(id)
            .ok()
            .and_then(|i| i.original_name)
            .unwrap_or_default();
        eprintln!("note: {id} {name}: no thumbnail: {why}");
    }
    let mut tools: Vec<evidence_vault::MediaTool> = d.needs_tool.iter().map(|(_, t)| *t).collect();
    tools.sort_by_key(|t| t.as_str());
    tools.dedup();
    for t in tools {
        let n = d.needs_tool.iter().filter(|(_, x)| *x == t).count();
        eprintln!("note: {n} item(s) without a preview: {}", t.hint());
    }
}

/// `similar`: near-duplicates of one item by perceptual hash.
pub fn similar(
    ctx: &Ctx,
    dir: &Path,
    item: &str,
    max_distance: Option<u32>,
    json: bool,
) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let me = vault.item(item)?;
    let found = vault.similar(&me.id, max_distance)?;
    let num = vault.resolve(&me.id)?.num;
    let has_hash = vault.read().phash_of(num)?.is_some();
    if found.is_empty() && !has_hash {
        eprintln!(
            "note: {} has no perceptual hash ({}): only photos and videos with a preview have one",
            me.id,
            match &me.derived {
                evidence_vault::Derived::Complete => "not a photo or video".to_owned(),
                other => other.describe(),
            }
        );
    }
    for s in &found {
        let other = vault.item(&s.id)?;
        if json {
            json_line(&serde_json::json!({
                "id": s.id, "distance": s.distance, "color_distance": s.color_distance,
                "kind": other.kind.as_str(),
                "original_name": other.original_name, "sha256": other.sha256,
            }));
        } else {
            println!("{}\t{}\t{}", s.id, s.distance, other.display_name());
        }
    }
    Ok(Outcome::Ok)
}

pub fn note(
    ctx: &Ctx,
    dir: &Path,
    title: &str,
    body: Option<String>,
    body_file: Option<PathBuf>,
    case: Option<String>,
    tags: Vec<String>,
) -> Result<Outcome> {
    let body = match (body, body_file) {
        (Some(b), _) => b,
        (None, Some(f)) => std::fs::read_to_string(&f).with_context(|| {
            format!("could not read {} (notes must be UTF-8 text)", f.display())
        })?,
        (None, None) => bail!("give --body TEXT or --body-file FILE"),
    };
    let vault = unlock(ctx, dir)?;
    let input = NoteInput {
        title: title.to_owned(),
        body,
        case: case.unwrap_or_default(),
        tags,
        ..Default::default()
    };
    let o = vault.add_note(&input)?;
    println!("{}\t{}\t{}", o.id, o.sha256, o.path.display());
    compact_if_due(&vault);
    Ok(Outcome::Ok)
}

pub fn list(ctx: &Ctx, dir: &Path, q: &ListQuery, json: bool) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    for item in vault.list(q)? {
        if json {
            json_line(&item.to_json());
        } else {
            println!("{}", item_line(&item));
        }
    }
    Ok(Outcome::Ok)
}

pub fn show(ctx: &Ctx, dir: &Path, item: &str, json: bool) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let d = vault.detail(item)?;
    let custody_ok = d.custody_problems.is_empty();
    let incidents = vault.incidents_of_item(&d.item.id, false)?;
    let hints = vault.consistency_hints(&d.item.id)?;
    if json {
        let mut v = d.item.to_json();
        with_custody(
            &mut v,
            serde_json::to_value(&d.custody)?,
            &d.custody_problems,
        );
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "incidents".into(),
                incidents
                    .iter()
                    .map(|(id, _, _)| id.clone())
                    .collect::<Vec<_>>()
                    .into(),
            );
            obj.insert(
                "consistency".into(),
                hints.iter().map(|h| h.to_json()).collect::<Vec<_>>().into(),
            );
            if let Some(b) = &d.note_body {
                obj.insert("note".into(), b.clone().into());
            }
        }
        json_line(&v);
    } else {
        let i = &d.item;
        let row = |k: &str, v: &str| println!("{k:<16}{v}");
        row("ID", &i.id);
        row("Kind", i.kind.as_str());
        row("Title", &i.title);
        row("Original name", i.original_name.as_deref().unwrap_or("-"));
        row("SHA-256", &i.sha256);
        row(
            "Size",
            &format!("{} ({} bytes)", human_size(i.size), i.size),
        );
        row("Type", &i.mime);
        row("Case", &i.case);
        row("Tags", &i.tags.join(", "));
        row("Place", &i.place);
        row("Event date", i.event_date.as_deref().unwrap_or("-"));
        row("Description", &i.description);
        row(
            "Captured",
            &match (&i.captured_at, i.captured_at_source) {
                (Some(c), Some(src)) => format!("{c} (from {})", src.label()),
                (Some(c), None) => c.clone(),
                (None, _) => "- (no capture time in the file's metadata)".into(),
            },
        );
        if let Some(f) = i.captured_at_flag {
            row("Date check", f.describe());
        }
        row(
            "GPS",
            &i.gps
                .map(|g| format!("{:.6}, {:.6}", g.lat, g.lon))
                .unwrap_or_else(|| "-".into()),
        );
        row(
            "Camera",
            &i.camera
                .as_ref()
                .map(|c| {
                    format!(
                        "{} {}",
                        c.make.as_deref().unwrap_or(""),
                        c.model.as_deref().unwrap_or("")
                    )
                    .trim()
                    .to_owned()
                })
                .unwrap_or_else(|| "-".into()),
        );
        if let (Some(w), Some(h)) = (i.width, i.height) {
            row("Pixels", &format!("{w}×{h}"));
        }
        if let Some(o) = i.orientation {
            row("Orientation", &o.to_string());
        }
        if let Some(ms) = i.duration_ms {
            row("Duration", &format!("{:.1} s", ms as f64 / 1000.0));
        }
        if i.kind == evidence_vault::Kind::Photo || i.kind == evidence_vault::Kind::Video {
            row("Thumbnail", &i.derived.describe());
        }
        row("Source", i.source_path.as_deref().unwrap_or("-"));
        row(
            "File modified",
            &i.source_modified
                .as_deref()
                .map(|m| format!("{m} (the file's date on disk, not a capture time)"))
                .unwrap_or_else(|| "-".into()),
        );
        row("Added", &i.added_at);
        for (id, title, role) in &incidents {
            row("Incident", &format!("{id} ({}) {title}", role.as_str()));
        }
        for h in &hints {
            row("Check", &hint_line(h));
        }
        if let Some(n) = &i.intake_note {
            row("Intake note", n);
        }
        if let Some(b) = &d.note_body {
            println!("\n{b}\n");
        }
        println!(
            "\nCustody ({} events, {}):",
            d.custody.len(),
            if custody_ok {
                "chain and signatures verify"
            } else {
                "PROBLEMS"
            }
        );
        for e in &d.custody {
            println!(
                "  {} {} {:<16} {} by {:?} {}",
                e.body.seq,
                e.body.at,
                e.body.action.as_str(),
                &e.hash[..12.min(e.hash.len())],
                e.body.actor,
                serde_json::Value::Object(e.body.details.clone().into_iter().collect())
            );
        }
        for p in &d.custody_problems {
            println!("  problem: {p}");
        }
    }
    Ok(if custody_ok {
        Outcome::Ok
    } else {
        Outcome::Finding
    })
}

/// A consistency hint for people: what disagrees, by how much, with which incident.
fn hint_line(h: &evidence_vault::incident::consistency::ConsistencyHint) -> String {
    use evidence_vault::incident::consistency::HintKind;
    let incident = format!(
        "incident {} {}",
        h.incident_id.get(..8).unwrap_or(&h.incident_id),
        h.incident_title
    );
    match h.kind {
        HintKind::FarFromPlace { km, radius_km } => format!(
            "GPS {km:.1} km from the place of {incident} (more than {radius_km} km); a remark, nothing was changed"
        ),
        HintKind::CapturedBefore { minutes } => format!(
            "captured {} before the time of {incident}; a remark, nothing was changed",
            span(minutes)
        ),
        HintKind::CapturedAfter { minutes } => format!(
            "captured {} after the time of {incident}; a remark, nothing was changed",
            span(minutes)
        ),
    }
}

/// `45 min`, `3 h 20 min`, `2 d 4 h`.
fn span(minutes: i64) -> String {
    let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (d, h) {
        (0, 0) => format!("{m} min"),
        (0, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

pub fn extract(ctx: &Ctx, dir: &Path, item: &str, out: &Path) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let i = vault.extract_to(item, out)?;
    eprintln!(
        "wrote {} ({} bytes, SHA-256 {} verified)",
        out.display(),
        i.size,
        i.sha256
    );
    compact_if_due(&vault);
    Ok(Outcome::Ok)
}

pub fn verify(ctx: &Ctx, dir: &Path, json: bool, repair: bool, record: bool) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let progress = TermProgress::new();
    let opts = VerifyOptions {
        repair,
        record,
        workers: 0,
    };
    let r = vault.verify(&opts, &progress, &CancelToken::new())?;
    progress.finish();
    for p in &r.problems {
        if json {
            json_line(
                &serde_json::json!({"item": p.item_id(), "problem": problem_kind(p), "message": p.to_string()}),
            );
        } else {
            println!("FAIL\t{}\t{p}", p.item_id());
        }
    }
    for u in &r.unreferenced {
        let msg = match &u.reason {
            Some(reason) => format!(
                "unreferenced object {} could not be re-adopted: {reason}",
                u.path.display()
            ),
            None => format!(
                "unreferenced object {} (no catalog entry; run verify --repair to re-adopt it)",
                u.path.display()
            ),
        };
        if json {
            json_line(
                &serde_json::json!({"item": u.id, "problem": "unreferenced", "path": u.path, "message": msg}),
            );
        } else {
            println!("UNREF\t{}\t{msg}", u.id);
        }
    }
    for o in &r.readopted {
        if json {
            json_line(
                &serde_json::json!({"item": o.id, "readopted": true, "sha256": o.sha256, "kind": o.kind.as_str()}),
            );
        } else {
            println!("ADOPTED\t{}\t{}\t{}", o.id, o.sha256, o.kind);
        }
    }
    for p in &r.partial_files {
        eprintln!(
            "note: leftover partial file from an interrupted write: {} (encrypted, incomplete; safe to delete)",
            p.display()
        );
    }
    if !r.readopted.is_empty() {
        finish_derived(&vault);
    }
    let clean = r.is_clean();
    if json {
        json_line(&serde_json::json!({
            "summary": true, "ok": clean, "items_checked": r.items_checked, "bytes_checked": r.bytes_checked,
            "incidents_checked": r.incidents_checked,
            "problems": r.problems.len(), "unreferenced": r.unreferenced.len(), "readopted": r.readopted.len(),
        }));
    } else {
        eprintln!(
            "{}: {} items, {} checked, {} incidents; {} problems, {} unreferenced objects, {} re-adopted",
            if clean { "OK" } else { "VERIFICATION FAILED" },
            r.items_checked,
            human_size(r.bytes_checked),
            r.incidents_checked,
            r.problems.len(),
            r.unreferenced.len(),
            r.readopted.len()
        );
    }
    compact_if_due(&vault);
    Ok(if clean { Outcome::Ok } else { Outcome::Finding })
}

fn problem_kind(p: &VerifyProblem) -> &'static str {
    match p {
        VerifyProblem::Missing { .. } => "missing",
        VerifyProblem::Unreadable { .. } => "unreadable",
        VerifyProblem::HashMismatch { .. } => "hash_mismatch",
        VerifyProblem::SizeMismatch { .. } => "size_mismatch",
        VerifyProblem::Thumbnail { .. } => "thumbnail",
        VerifyProblem::Custody { .. } => "custody",
        VerifyProblem::Incident { .. } => "incident",
    }
}

pub fn passwd(ctx: &Ctx, dir: &Path, kdf_log_n: u8) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let new = passphrase::new_passphrase()?;
    vault.change_passphrase(&new, kdf_log_n)?;
    eprintln!("passphrase changed (only keys.age was rewritten)");
    Ok(Outcome::Ok)
}

pub fn backup(
    ctx: &Ctx,
    dir: &Path,
    target: &std::ffi::OsStr,
    check: bool,
    rclone_config: Option<PathBuf>,
    json: bool,
) -> Result<Outcome> {
    use evidence_vault::backup::{self, BackupTarget};
    let mut target = BackupTarget::parse(target)?;
    if let BackupTarget::Rclone(r) = &mut target {
        r.options.config =
            rclone_config.or_else(|| std::env::var_os("EVAULT_RCLONE_CONFIG").map(PathBuf::from));
        // Before the passphrase: say at once that rclone is missing.
        backup::rclone_version(&r.options)?;
    }
    let vault = unlock(ctx, dir)?;
    let progress = TermProgress::new();
    if check {
        let r = backup::check_backup(&vault, &target, &progress, &CancelToken::new())?;
        progress.finish();
        for (kind, list) in [
            ("missing", &r.missing),
            ("outdated", &r.outdated),
            ("altered", &r.altered),
        ] {
            for p in list {
                if json {
                    json_line(&serde_json::json!({"type": kind, "path": p}));
                }
                eprintln!(
                    "evault: {kind}: {}{}",
                    p.display(),
                    match kind {
                        "missing" => " (not in the backup yet)",
                        "outdated" =>
                            " (an older version; the next backup replaces it, keeping this one aside)",
                        _ => " (differs from the vault's copy: damaged)",
                    }
                );
            }
        }
        for w in &r.warnings {
            eprintln!("evault: note: {w}");
        }
        if json {
            json_line(&serde_json::json!({
                "type": "summary",
                "target": r.target,
                "complete": r.is_complete(),
                "files_checked": r.files_checked,
                "bytes_checked": r.bytes_checked,
                "missing": r.missing.len(),
                "outdated": r.outdated.len(),
                "altered": r.altered.len(),
                "compared_by": r.compared_by,
                "journal_seq": r.seq,
                "seconds": r.elapsed.as_secs_f64(),
            }));
        } else {
            println!(
                "{}: {} file(s) ({}) compared by {}; {} missing, {} outdated, {} altered, in {:.1} s",
                if r.is_complete() {
                    "Backup complete"
                } else {
                    "BACKUP INCOMPLETE"
                },
                r.files_checked,
                human_size(r.bytes_checked),
                r.compared_by,
                r.missing.len(),
                r.outdated.len(),
                r.altered.len(),
                r.elapsed.as_secs_f64()
            );
        }
        return Ok(if r.is_complete() {
            Outcome::Ok
        } else {
            Outcome::Finding
        });
    }
    let r = backup::backup_to(&vault, &target, &progress, &CancelToken::new())?;
    progress.finish();
    for a in &r.altered {
        if json {
            json_line(&serde_json::json!({"type": "altered", "path": a}));
        }
        eprintln!(
            "evault: {} in the backup differs from the vault's copy: it was not overwritten and does not count as backed up. Check the target; `evault backup --check` (or, for a folder, `evault verify --no-record --vault {}`) shows what is damaged.",
            a.display(),
            r.target.display()
        );
    }
    for w in &r.warnings {
        eprintln!("evault: note: {w}");
    }
    if json {
        json_line(&serde_json::json!({
            "type": "summary",
            "target": r.target,
            "complete": r.is_complete(),
            "files_copied": r.files_copied,
            "bytes_copied": r.bytes_copied,
            "files_present": r.files_present,
            "altered": r.altered.len(),
            "journal_seq": r.seq,
            "base_kept": r.base_kept,
            "compared_by": r.compared_by,
            "seconds": r.elapsed.as_secs_f64(),
        }));
    } else {
        println!(
            "{}: copied {} file(s) ({}), {} already there, in {:.1} s; the backup holds the vault up to change {}",
            if r.is_complete() {
                "Backed up"
            } else {
                "INCOMPLETE"
            },
            r.files_copied,
            human_size(r.bytes_copied),
            r.files_present,
            r.elapsed.as_secs_f64(),
            r.seq
        );
    }
    Ok(if r.is_complete() {
        Outcome::Ok
    } else {
        Outcome::Finding
    })
}
