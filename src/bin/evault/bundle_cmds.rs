//! The bundle commands of the CLI contract: `export`, `inspect`, `import`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use evidence_vault::bundle::{
    self, BagReport, BundleKey, ExportOptions, ImportError, ImportOptions, InspectError,
    ItemStatus, Selection,
};
use evidence_vault::{CancelToken, SecretString, Vault, read_info};
use zeroize::Zeroizing;

use crate::Outcome;
use crate::output::{TermProgress, human_size, json_line};
use crate::passphrase;
use crate::vault_cmds::Ctx;

fn unlock(ctx: &Ctx, dir: &Path) -> Result<Vault> {
    read_info(dir)?;
    let pass = passphrase::vault_passphrase(ctx.passphrase_file.as_deref(), false)?;
    Ok(Vault::unlock(dir, &pass)?)
}

/// The bundle passphrase: `EVAULT_BUNDLE_PASSPHRASE`, else a no-echo prompt on a terminal.
fn bundle_passphrase(confirm: bool) -> Result<SecretString> {
    if let Ok(v) = std::env::var("EVAULT_BUNDLE_PASSPHRASE") {
        return Ok(SecretString::from(v));
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "no bundle passphrase: set EVAULT_BUNDLE_PASSPHRASE or run in a terminal to be asked"
        );
    }
    let first = Zeroizing::new(
        rpassword::prompt_password("Bundle passphrase: ")
            .context("could not read the passphrase")?,
    );
    if confirm {
        let again = Zeroizing::new(
            rpassword::prompt_password("Repeat it: ").context("could not read the passphrase")?,
        );
        if *first != *again {
            bail!("the two passphrases differ; nothing was exported");
        }
    }
    Ok(SecretString::from(first.to_string()))
}

#[allow(clippy::too_many_arguments)]
pub fn export(
    ctx: &Ctx,
    dir: &Path,
    out: &Path,
    to: &[String],
    to_passphrase: bool,
    case: Option<String>,
    incidents: Vec<String>,
    items: Vec<String>,
) -> Result<Outcome> {
    let mut recipients = Vec::new();
    for t in to {
        recipients.extend(bundle::parse_recipients(t).map_err(anyhow::Error::msg)?);
    }
    if to_passphrase && !recipients.is_empty() {
        bail!(
            "age cannot encrypt one file to a passphrase and to public keys at once: use either --to or --to-passphrase (export twice for both)"
        );
    }
    if !to_passphrase && recipients.is_empty() {
        bail!(
            "no recipient: give --to RECIPIENT (age1…, ssh-ed25519/ssh-rsa key, or a file of them) or --to-passphrase"
        );
    }
    if [case.is_some(), !items.is_empty(), !incidents.is_empty()]
        .iter()
        .filter(|x| **x)
        .count()
        > 1
    {
        bail!("give one of --case, --incident or item IDs, not several");
    }
    if out.exists() {
        bail!(
            "{} already exists; choose another name (nothing is overwritten)",
            out.display()
        );
    }
    let vault = unlock(ctx, dir)?;
    let passphrase = if to_passphrase {
        let p = bundle_passphrase(true)?;
        if age::secrecy::ExposeSecret::expose_secret(&p)
            .chars()
            .count()
            < 8
        {
            bail!("the bundle passphrase must have at least 8 characters");
        }
        Some(p)
    } else {
        None
    };
    let selection = match (case, items.is_empty(), incidents.is_empty()) {
        (Some(c), _, _) => Selection::Case(c),
        (None, false, _) => Selection::Items(items),
        (None, true, false) => Selection::Incidents(incidents),
        (None, true, true) => Selection::All,
    };
    let opts = ExportOptions {
        selection,
        recipients,
        passphrase,
        passphrase_log_n: None,
    };
    let progress = TermProgress::new();
    let report = bundle::export(&vault, out, &opts, &progress, &CancelToken::new())?;
    progress.finish();
    eprintln!(
        "Exported {} item(s), {} of evidence, to {} (bundle {}, {})",
        report.items.len(),
        human_size(report.payload_bytes),
        report.path.display(),
        report.bundle_id,
        human_size(report.bundle_size),
    );
    if !report.incidents.is_empty() {
        eprintln!(
            "With {} incident(s) and their custody: {}",
            report.incidents.len(),
            report.incidents.join(", ")
        );
    }
    eprintln!("Recipients: {}", report.recipients.join(", "));
    eprintln!("Signed by {}", report.signer_fingerprint);
    eprintln!("Compare the bundle's SHA-256 with the recipient over another channel:");
    println!("{}  {}", report.sha256, report.path.display());
    crate::vault_cmds::compact_if_due(&vault);
    Ok(Outcome::Ok)
}

fn bundle_key(
    ctx: &Ctx,
    passphrase_bundle: bool,
    vault_dir: Option<&Path>,
    identity: Option<&Path>,
    vault_required: bool,
) -> Result<(BundleKey, Option<Vault>)> {
    let mut key = BundleKey::new();
    let vault = match vault_dir {
        Some(d) => Some(unlock(ctx, d)?),
        None => None,
    };
    if vault_required && vault.is_none() {
        bail!("--vault DIR is required");
    }
    if passphrase_bundle {
        key.set_passphrase(bundle_passphrase(false)?);
        return Ok((key, vault));
    }
    if let Some(v) = &vault {
        // The vault's own key first, so a bundle sent to this vault's pubkey just works.
        key.add_vault(v);
    }
    if let Some(f) = identity {
        key.add_identity_file(f)?;
    }
    if vault.is_none() && identity.is_none() {
        bail!("give --vault DIR or --identity FILE to decrypt the bundle");
    }
    Ok((key, vault))
}

fn status_text(s: &ItemStatus) -> String {
    match s {
        ItemStatus::HashMismatch { expected, found } => {
            format!("hash mismatch (expected {expected}, found {found})")
        }
        ItemStatus::BadChain { problems } => format!("bad chain: {}", problems.join("; ")),
        ItemStatus::SizeMismatch { expected, found } => {
            format!("size mismatch (expected {expected}, found {found})")
        }
        other => other.label().to_owned(),
    }
}

fn print_bag(bag: &BagReport, json: bool) {
    if json {
        for i in &bag.items {
            json_line(&serde_json::json!({
                "type": "item",
                "id": i.id,
                "path": i.path,
                "sha256": i.sha256,
                "size": i.size,
                "title": i.title,
                "status": i.status().label(),
                "problems": i.problems.iter().map(status_text).collect::<Vec<_>>(),
            }));
        }
        for i in &bag.incidents {
            json_line(&serde_json::json!({
                "type": "incident",
                "id": i.id,
                "title": i.title,
                "events": i.events,
                "links": i.links,
                "links_carried": i.links_carried,
                "status": if i.problems.is_empty() { "ok" } else { "bad" },
                "problems": i.problems,
            }));
        }
        return;
    }
    for i in &bag.items {
        println!(
            "{}\t{}\t{}\t{}",
            i.status().label(),
            if i.id.is_empty() { "-" } else { &i.id },
            i.sha256.as_deref().unwrap_or("-"),
            i.path
        );
        for p in &i.problems {
            if !matches!(
                p,
                ItemStatus::Missing | ItemStatus::Unlisted | ItemStatus::BadSignature
            ) {
                println!("\t  {}", status_text(p));
            }
        }
    }
    for i in &bag.incidents {
        println!(
            "{}\tincident {}\t{} event(s), {} of {} linked item(s) carried\t{}",
            if i.problems.is_empty() { "ok" } else { "bad" },
            i.id,
            i.events,
            i.links_carried,
            i.links,
            i.title
        );
        for p in &i.problems {
            println!("\t  {p}");
        }
    }
    for t in &bag.unknown_tag_files {
        println!("note\t{t}: a signed file this version does not know (left alone)");
    }
    for p in &bag.problems {
        println!("problem\t{p}");
    }
    println!(
        "Signer: {} (signature {})",
        bag.signer_fingerprint.as_deref().unwrap_or("unknown"),
        if bag.signature_ok { "ok" } else { "BAD" }
    );
    if let Some(id) = &bag.bundle_id {
        println!("Bundle: {id}");
    }
    if let Some(h) = &bag.bundle_sha256 {
        println!("Bundle SHA-256: {h}");
    }
}

fn bag_summary(bag: &BagReport) -> serde_json::Value {
    serde_json::json!({
        "type": "bundle",
        "valid": bag.is_valid(),
        "bundle_id": bag.bundle_id,
        "bundle_sha256": bag.bundle_sha256,
        "source_vault": bag.source_vault,
        "signer_fingerprint": bag.signer_fingerprint,
        "signature_ok": bag.signature_ok,
        "items": bag.items.len(),
        "incidents": bag.incidents.len(),
        "payload_bytes": bag.payload_bytes,
        "problems": bag.problems,
    })
}

/// A file that is not a bundle at all (not an age file) is a finding, like an invalid bundle:
/// its message, exit 1. `import` is `Some(dry_run)` for the import command.
fn not_a_bundle(e: &InspectError, json: bool, import: Option<bool>) -> Outcome {
    if json {
        let mut s = bag_summary(&BagReport {
            problems: vec![e.to_string()],
            ..BagReport::default()
        });
        if let Some(o) = s.as_object_mut() {
            o.insert("not_a_bundle".into(), true.into());
            if let Some(dry_run) = import {
                o.insert("committed".into(), false.into());
                o.insert("dry_run".into(), dry_run.into());
            }
        }
        json_line(&s);
    } else {
        println!("{e}");
    }
    Outcome::Finding
}

pub fn inspect(
    ctx: &Ctx,
    bundle_path: &Path,
    vault: Option<PathBuf>,
    identity: Option<PathBuf>,
    json: bool,
) -> Result<Outcome> {
    // Said before any vault is unlocked or key asked for.
    let passphrase = match bundle::read::needs_passphrase(bundle_path) {
        Ok(p) => p,
        Err(e) if e.is_finding() => return Ok(not_a_bundle(&e, json, None)),
        Err(e) => return Err(e.into()),
    };
    let (key, _vault) = bundle_key(
        ctx,
        passphrase,
        vault.as_deref(),
        identity.as_deref(),
        false,
    )?;
    let progress = TermProgress::new();
    let bag = bundle::inspect(bundle_path, &key, &progress, &CancelToken::new());
    progress.finish();
    let bag = match bag {
        Ok(b) => b,
        Err(e) if e.is_finding() => return Ok(not_a_bundle(&e, json, None)),
        Err(e) => return Err(e.into()),
    };
    print_bag(&bag, json);
    if json {
        json_line(&bag_summary(&bag));
    } else {
        println!(
            "{}",
            if bag.is_valid() {
                "VALID: every check holds"
            } else {
                "INVALID: do not accept this bundle"
            }
        );
    }
    Ok(if bag.is_valid() {
        Outcome::Ok
    } else {
        Outcome::Finding
    })
}

pub fn import(
    ctx: &Ctx,
    dir: &Path,
    bundle_path: &Path,
    identity: Option<PathBuf>,
    dry_run: bool,
    json: bool,
) -> Result<Outcome> {
    let passphrase = match bundle::read::needs_passphrase(bundle_path) {
        Ok(p) => p,
        Err(e) if e.is_finding() => return Ok(not_a_bundle(&e, json, Some(dry_run))),
        Err(e) => return Err(e.into()),
    };
    let (key, vault) = bundle_key(ctx, passphrase, Some(dir), identity.as_deref(), true)?;
    let vault = vault.context("--vault DIR is required")?;
    let progress = TermProgress::new();
    let report = bundle::import(
        &vault,
        bundle_path,
        &key,
        &ImportOptions { dry_run },
        &progress,
        &CancelToken::new(),
    );
    progress.finish();
    let report = match report {
        Ok(r) => r,
        Err(ImportError::Read(e)) if e.is_finding() => {
            return Ok(not_a_bundle(&e, json, Some(dry_run)));
        }
        Err(e) => return Err(e.into()),
    };
    print_bag(&report.bag, json);
    // Items and incidents alike: new here or merged into what is here.
    let verb = |merged: bool| match (dry_run, merged) {
        (true, false) => "would import",
        (true, true) => "would merge",
        (false, false) => "imported",
        (false, true) => "merged",
    };
    let diverging = |n: usize| {
        if n > 0 {
            format!(", {n} diverging (kept in the bundle only)")
        } else {
            String::new()
        }
    };
    for i in &report.items {
        if json {
            json_line(&serde_json::json!({
                "type": "import",
                "action": verb(i.merged),
                "id": i.id,
                "sha256": i.sha256,
                "merged": i.merged,
                "sender_id": i.sender_id,
                "events_added": i.events_added,
                "events_known": i.events_known,
                "events_divergent": i.events_divergent,
            }));
        } else {
            println!(
                "{}\t{}\t{}\t{} custody event(s) added, {} already here{}",
                verb(i.merged),
                i.id,
                i.sha256,
                i.events_added,
                i.events_known,
                diverging(i.events_divergent)
            );
        }
    }
    for i in &report.incidents {
        let action = verb(!i.new);
        if json {
            let mut j = serde_json::to_value(i)?;
            if let Some(o) = j.as_object_mut() {
                o.insert("type".into(), "import_incident".into());
                o.insert("action".into(), action.into());
            }
            json_line(&j);
        } else {
            println!(
                "{action}\tincident {}\t{} event(s) added, {} already here{}\t{}",
                i.id,
                i.events_added,
                i.events_known,
                diverging(i.events_divergent),
                i.title
            );
            if !i.changed.is_empty() {
                println!("\t  changed: {}", i.changed.join(", "));
            }
            for c in &i.conflicts {
                println!(
                    "\t  CONFLICT: {} was changed here and by {} ({}, {}) independently; now {} (the other value, {}, stays in the custody log)",
                    c.field, c.by_actor, c.by_vault, c.at, c.now, c.found
                );
            }
            for t in &i.terms_added {
                println!("\t  vocabulary term added from the bundle: {t}");
            }
        }
    }
    let valid = report.bag.is_valid();
    if json {
        let mut s = bag_summary(&report.bag);
        if let Some(o) = s.as_object_mut() {
            o.insert("committed".into(), report.committed.into());
            o.insert("already_present".into(), report.already_present.into());
            o.insert("dry_run".into(), dry_run.into());
        }
        json_line(&s);
    } else if !valid {
        println!("INVALID: nothing was imported; the vault is unchanged");
    } else if dry_run {
        println!("VALID: dry run, nothing was changed");
    } else if report.already_present {
        println!(
            "VALID: nothing to import — all {} item(s) and their custody are already in this vault; nothing was changed or recorded",
            report.items.len()
        );
    } else {
        let incidents = match report.incidents.len() {
            0 => String::new(),
            n => format!(" with {n} incident(s)"),
        };
        println!("VALID: {} item(s) imported{incidents}", report.items.len());
    }
    if report.committed {
        // Thumbnails of imported videos and the perceptual hashes of imported photos.
        crate::vault_cmds::finish_derived(&vault);
        crate::vault_cmds::compact_if_due(&vault);
    }
    Ok(if valid { Outcome::Ok } else { Outcome::Finding })
}
