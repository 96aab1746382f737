//! The vault commands of the CLI contract.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use evidence_vault::vault::VerifyProblem;
use evidence_vault::{
    CancelToken, CreateOptions, IntakeOptions, ListQuery, NoteInput, Vault, VerifyOptions,
    read_info,
};

use crate::Outcome;
use crate::output::{TermProgress, human_size, item_line, json_line};
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
    let report = vault.add_paths(paths, opts, &progress, &CancelToken::new())?;
    progress.finish();
    for o in &report.items {
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
    }
    for f in &report.failures {
        if json {
            json_line(&serde_json::json!({"path": f.path, "error": f.reason}));
        }
        eprintln!("evault: not added: {}: {}", f.path.display(), f.reason);
    }
    eprintln!(
        "{} added, {} already present, {} failed ({})",
        report.added(),
        report.duplicates(),
        report.failures.len(),
        human_size(report.bytes)
    );
    compact_if_due(&vault);
    Ok(if report.failures.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Finding
    })
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

pub fn list(
    ctx: &Ctx,
    dir: &Path,
    search: Option<String>,
    case: Option<String>,
    tag: Option<String>,
    json: bool,
) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let q = ListQuery {
        search,
        case,
        tag,
        ..Default::default()
    };
    for item in vault.list(&q)? {
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
    if json {
        let mut v = d.item.to_json();
        if let Some(obj) = v.as_object_mut() {
            obj.insert("custody".into(), serde_json::to_value(&d.custody)?);
            obj.insert("custody_verified".into(), custody_ok.into());
            obj.insert(
                "custody_problems".into(),
                d.custody_problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .into(),
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
        row("Captured", i.captured_at.as_deref().unwrap_or("-"));
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
        row("Source", i.source_path.as_deref().unwrap_or("-"));
        row("Source mtime", i.source_modified.as_deref().unwrap_or("-"));
        row("Added", &i.added_at);
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
    let clean = r.is_clean();
    if json {
        json_line(&serde_json::json!({
            "summary": true, "ok": clean, "items_checked": r.items_checked, "bytes_checked": r.bytes_checked,
            "problems": r.problems.len(), "unreferenced": r.unreferenced.len(), "readopted": r.readopted.len(),
        }));
    } else {
        eprintln!(
            "{}: {} items, {} checked; {} problems, {} unreferenced objects, {} re-adopted",
            if clean { "OK" } else { "VERIFICATION FAILED" },
            r.items_checked,
            human_size(r.bytes_checked),
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
    }
}

pub fn passwd(ctx: &Ctx, dir: &Path, kdf_log_n: u8) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let new = passphrase::new_passphrase()?;
    vault.change_passphrase(&new, kdf_log_n)?;
    eprintln!("passphrase changed (only keys.age was rewritten)");
    Ok(Outcome::Ok)
}

pub fn backup(ctx: &Ctx, dir: &Path, target: &Path, json: bool) -> Result<Outcome> {
    if target.to_string_lossy().starts_with("rclone:") {
        bail!(
            "remote backup targets (rclone:REMOTE:PATH) are not supported by this version yet; back up to a folder"
        );
    }
    let vault = unlock(ctx, dir)?;
    let progress = TermProgress::new();
    let r = evidence_vault::backup::backup(&vault, target, &progress, &CancelToken::new())?;
    progress.finish();
    for a in &r.altered {
        if json {
            json_line(&serde_json::json!({"type": "altered", "path": a}));
        }
        eprintln!(
            "evault: {} in the backup differs from the vault's copy: it was not overwritten and does not count as backed up. Check the target drive; `evault verify --no-record --vault {}` shows what is damaged.",
            a.display(),
            target.display()
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
