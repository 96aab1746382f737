//! `evault incident …`: incidents from the command line. Parsing and printing only; every rule
//! (validation, events, look-alikes, proposals from items, tables) is in the library.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use evidence_vault::incident::{
    Figure, Incident, IncidentFields, LinkRole, PlaceSource, Status, TableFormat, VocabKind, When,
};
use evidence_vault::vault::IncidentQuery;

use crate::Outcome;
use crate::output::{json_line, with_custody};
use crate::vault_cmds::{Ctx, compact_if_due, unlock};

#[derive(Subcommand)]
pub enum IncidentCommand {
    /// Record an incident. Items given with --item are linked; the date, place, coordinates and
    /// case not given are proposed from their metadata. An incident that looks like an existing
    /// one (same place, overlapping day) is refused unless --allow-similar.
    Add {
        #[command(flatten)]
        v: crate::VaultArg,
        #[command(flatten)]
        fields: FieldArgs,
        /// Items to link (IDs or unique prefixes).
        #[arg(long = "item", value_name = "ITEM")]
        items: Vec<String>,
        /// The role of the linked items: primary, supporting or context.
        #[arg(long, default_value = "supporting", value_parser = parse_role)]
        role: LinkRole,
        /// Save even if an existing incident looks like this one.
        #[arg(long)]
        allow_similar: bool,
        #[arg(long)]
        json: bool,
    },
    /// Change an incident's fields (each change recorded with its old and new value) and/or its
    /// review status (with --reason). An empty value clears a field.
    Edit {
        #[command(flatten)]
        v: crate::VaultArg,
        /// Incident ID or a unique prefix of it.
        incident: String,
        #[command(flatten)]
        fields: FieldArgs,
        /// Remove the coordinates.
        #[arg(long, conflicts_with_all = ["lat", "lon"])]
        no_coordinates: bool,
        /// New review status: incoming, in_review, verified, disputed or discarded.
        #[arg(long, value_parser = parse_status, requires = "reason")]
        status: Option<Status>,
        /// Why the status changes (who confirmed it, what is disputed).
        #[arg(long, requires = "status")]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Link items to an incident (IDs or unique prefixes). All or nothing.
    Link {
        #[command(flatten)]
        v: crate::VaultArg,
        incident: String,
        #[arg(required = true, value_name = "ITEM")]
        items: Vec<String>,
        /// primary, supporting or context.
        #[arg(long, default_value = "supporting", value_parser = parse_role)]
        role: LinkRole,
    },
    /// Unlink items from an incident. All or nothing.
    Unlink {
        #[command(flatten)]
        v: crate::VaultArg,
        incident: String,
        #[arg(required = true, value_name = "ITEM")]
        items: Vec<String>,
    },
    /// List incidents, newest first: ID, status, when, place, killed, items, title.
    List {
        #[command(flatten)]
        v: crate::VaultArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Show one incident: its fields, linked items and custody.
    Show {
        #[command(flatten)]
        v: crate::VaultArg,
        incident: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the incidents (with casualty figures and item counts) as CSV or GeoJSON.
    Table {
        #[command(flatten)]
        v: crate::VaultArg,
        /// csv (UTF-8 with BOM: opens right in spreadsheet programs) or geojson (opens in QGIS).
        #[arg(long, value_parser = parse_format)]
        format: TableFormat,
        /// The file to write; an existing file is not overwritten.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// The vocabularies (violation types, site types, weapons): code, English, Arabic.
    Terms {
        #[command(flatten)]
        v: crate::VaultArg,
        /// violation, site or weapon; all three if not given.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<VocabKind>,
        #[arg(long)]
        json: bool,
    },
    /// Add a term to this vault's vocabulary (bundles carry its labels to the recipient).
    AddTerm {
        #[command(flatten)]
        v: crate::VaultArg,
        /// violation, site or weapon.
        #[arg(long, value_parser = parse_kind)]
        kind: VocabKind,
        /// lower-case letters, digits and _ (e.g. grain_silo).
        #[arg(long)]
        code: String,
        #[arg(long, default_value = "")]
        en: String,
        #[arg(long, default_value = "")]
        ar: String,
    },
}

/// The fields `add` and `edit` take. For `edit`, a flag not given leaves its field alone, and a
/// list flag given replaces the whole list (`--tag ''` empties it).
#[derive(Args)]
pub struct FieldArgs {
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    title_ar: Option<String>,
    #[arg(long)]
    summary: Option<String>,
    #[arg(long)]
    summary_ar: Option<String>,
    /// 2017-03-21, 2017-03, 2017-03-21T14:30[+03:00], or a range such as 2017-03-20/2017-03-22.
    #[arg(long, value_name = "W")]
    when: Option<String>,
    /// Place names, Arabic and/or English.
    #[arg(long, value_name = "P")]
    place: Option<String>,
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    lat: Option<f64>,
    #[arg(long, value_name = "Y", allow_hyphen_values = true)]
    lon: Option<f64>,
    /// How the coordinates were established: reported, item_gps, map or estimated.
    #[arg(long, value_parser = parse_place_source)]
    place_source: Option<PlaceSource>,
    /// A violation type code (see `incident terms`). Repeatable.
    #[arg(long = "type", value_name = "CODE")]
    types: Option<Vec<String>>,
    /// A site type code. Repeatable.
    #[arg(long = "site", value_name = "CODE")]
    sites: Option<Vec<String>>,
    /// A weapon code. Repeatable.
    #[arg(long = "weapon", value_name = "CODE")]
    weapons: Option<Vec<String>>,
    /// Killed: the total, optionally `N, children=C, women=W, source=S`.
    #[arg(long, value_name = "N")]
    killed: Option<String>,
    #[arg(long, value_name = "N")]
    injured: Option<String>,
    #[arg(long, value_name = "N")]
    missing: Option<String>,
    #[arg(long, value_name = "N")]
    detained: Option<String>,
    /// An alleged perpetrator. Repeatable.
    #[arg(long = "perpetrator", value_name = "NAME")]
    perpetrators: Option<Vec<String>>,
    /// A source of the information (a witness, a council, a report). Repeatable.
    #[arg(long = "source", value_name = "S")]
    sources: Option<Vec<String>>,
    #[arg(long)]
    case: Option<String>,
    #[arg(long = "tag", value_name = "T")]
    tags: Option<Vec<String>>,
}

#[derive(Args)]
pub struct FilterArgs {
    /// Words (Arabic-normalised) of the title, summary, place, perpetrators, sources, case or tags.
    #[arg(long, value_name = "Q")]
    search: Option<String>,
    #[arg(long, value_parser = parse_status)]
    status: Option<Status>,
    /// A violation type code.
    #[arg(long = "type", value_name = "CODE")]
    violation: Option<String>,
    /// A site type code.
    #[arg(long, value_name = "CODE")]
    site: Option<String>,
    /// First day (YYYY-MM-DD) the incident's time must reach.
    #[arg(long, value_name = "DAY")]
    from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    to: Option<String>,
    #[arg(long)]
    case: Option<String>,
}

impl FilterArgs {
    fn query(self) -> IncidentQuery {
        IncidentQuery {
            search: self.search,
            status: self.status,
            violation: self.violation,
            site: self.site,
            from: self.from,
            to: self.to,
            case: self.case,
        }
    }
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s.trim()).ok_or_else(|| {
        format!("'{s}' is not a status: use incoming, in_review, verified, disputed or discarded")
    })
}

fn parse_role(s: &str) -> Result<LinkRole, String> {
    LinkRole::parse(s.trim())
        .ok_or_else(|| format!("'{s}' is not a role: use primary, supporting or context"))
}

fn parse_kind(s: &str) -> Result<VocabKind, String> {
    VocabKind::parse(s.trim())
        .ok_or_else(|| format!("'{s}' is not a vocabulary: use violation, site or weapon"))
}

fn parse_format(s: &str) -> Result<TableFormat, String> {
    TableFormat::parse(s.trim()).ok_or_else(|| format!("'{s}' is not a format: use csv or geojson"))
}

fn parse_place_source(s: &str) -> Result<PlaceSource, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_owned())).map_err(|_| {
        format!("'{s}' is not a place source: use reported, item_gps, map or estimated")
    })
}

impl FieldArgs {
    /// Applies the flags given to `f`; an empty text clears its field.
    fn apply(self, f: &mut IncidentFields) -> Result<()> {
        let set = |slot: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut f.title, self.title);
        set(&mut f.title_ar, self.title_ar);
        set(&mut f.summary, self.summary);
        set(&mut f.summary_ar, self.summary_ar);
        set(&mut f.place.name, self.place);
        set(&mut f.case, self.case);
        if let Some(w) = self.when {
            f.when = if w.trim().is_empty() {
                None
            } else {
                Some(When::parse(&w)?)
            };
        }
        if self.lat.is_some() || self.lon.is_some() {
            f.place.lat = self.lat.or(f.place.lat);
            f.place.lon = self.lon.or(f.place.lon);
        }
        if let Some(s) = self.place_source {
            f.place.source = s;
        }
        for (slot, v) in [
            (&mut f.types, self.types),
            (&mut f.sites, self.sites),
            (&mut f.weapons, self.weapons),
            (&mut f.perpetrators, self.perpetrators),
            (&mut f.sources, self.sources),
            (&mut f.tags, self.tags),
        ] {
            if let Some(v) = v {
                *slot = v;
            }
        }
        for (kind, v) in [
            ("killed", self.killed),
            ("injured", self.injured),
            ("missing", self.missing),
            ("detained", self.detained),
        ] {
            if let (Some(v), Some(slot)) = (v, f.casualties.slot(kind)) {
                *slot = if v.trim().is_empty() {
                    None
                } else {
                    Some(Figure::parse(&v).with_context(|| format!("--{kind}"))?)
                };
            }
        }
        Ok(())
    }
}

pub fn run(ctx: &Ctx, cmd: IncidentCommand) -> Result<Outcome> {
    match cmd {
        IncidentCommand::Add {
            v,
            fields,
            items,
            role,
            allow_similar,
            json,
        } => add(ctx, &v.vault, fields, &items, role, allow_similar, json),
        IncidentCommand::Edit {
            v,
            incident,
            fields,
            no_coordinates,
            status,
            reason,
            json,
        } => {
            let vault = unlock(ctx, &v.vault)?;
            let current = vault.incident(&incident)?;
            if status == Some(current.status) {
                bail!(
                    "the incident is already '{}'; nothing was saved",
                    current.status.as_str()
                );
            }
            let mut f = current.fields;
            fields.apply(&mut f)?;
            if no_coordinates {
                f.place.lat = None;
                f.place.lon = None;
            }
            let mut inc = vault.edit_incident(&incident, f)?;
            if let (Some(s), Some(r)) = (status, reason) {
                inc = vault.set_incident_status(&incident, s, &r)?;
            }
            print_incident(&inc, json);
            compact_if_due(&vault);
            Ok(Outcome::Ok)
        }
        IncidentCommand::Link {
            v,
            incident,
            items,
            role,
        } => {
            let vault = unlock(ctx, &v.vault)?;
            let (inc, n) = vault.link_items(&incident, &items, role)?;
            eprintln!(
                "Linked {n} item(s) as {} to {} ({} linked in all).",
                role.as_str(),
                inc.id,
                inc.links.len()
            );
            compact_if_due(&vault);
            Ok(Outcome::Ok)
        }
        IncidentCommand::Unlink { v, incident, items } => {
            let vault = unlock(ctx, &v.vault)?;
            let (inc, n) = vault.unlink_items(&incident, &items)?;
            eprintln!(
                "Unlinked {n} item(s) from {} ({} still linked).",
                inc.id,
                inc.links.len()
            );
            if n < items.len() {
                eprintln!(
                    "note: {} of the items given were not linked",
                    items.len() - n
                );
            }
            compact_if_due(&vault);
            Ok(Outcome::Ok)
        }
        IncidentCommand::List { v, filter, json } => {
            let vault = unlock(ctx, &v.vault)?;
            for (inc, n) in vault.incidents(&filter.query())? {
                if json {
                    let mut j = inc.to_json();
                    if let Some(o) = j.as_object_mut() {
                        o.insert("item_count".into(), n.into());
                    }
                    json_line(&j);
                } else {
                    println!("{}", list_line(&inc, n));
                }
            }
            Ok(Outcome::Ok)
        }
        IncidentCommand::Show { v, incident, json } => show(ctx, &v.vault, &incident, json),
        IncidentCommand::Table {
            v,
            format,
            out,
            filter,
        } => table(ctx, &v.vault, format, &out, filter),
        IncidentCommand::Terms { v, kind, json } => {
            let vault = unlock(ctx, &v.vault)?;
            let vocab = vault.vocabulary()?;
            let kinds = match kind {
                Some(k) => vec![k],
                None => vec![VocabKind::Violation, VocabKind::Site, VocabKind::Weapon],
            };
            for k in kinds {
                for t in vocab.terms(k) {
                    if json {
                        json_line(&serde_json::to_value(&t)?);
                    } else {
                        println!("{}\t{}\t{}\t{}", k.as_str(), t.code, t.en, t.ar);
                    }
                }
            }
            Ok(Outcome::Ok)
        }
        IncidentCommand::AddTerm {
            v,
            kind,
            code,
            en,
            ar,
        } => {
            let vault = unlock(ctx, &v.vault)?;
            let t = vault.add_term(kind, &code, &en, &ar)?;
            println!("{}\t{}\t{}\t{}", t.kind.as_str(), t.code, t.en, t.ar);
            compact_if_due(&vault);
            Ok(Outcome::Ok)
        }
    }
}

fn add(
    ctx: &Ctx,
    dir: &Path,
    args: FieldArgs,
    items: &[String],
    role: LinkRole,
    allow_similar: bool,
    json: bool,
) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let mut fields = IncidentFields::default();
    if !items.is_empty() {
        fields = vault.propose_incident(items)?;
        let p = &fields;
        let proposed: Vec<String> = [
            p.when.as_ref().map(|w| format!("when {w}")),
            (!p.place.name.is_empty()).then(|| format!("place {}", p.place.name)),
            p.place
                .lat
                .zip(p.place.lon)
                .map(|(a, b)| format!("coordinates {a:.5}, {b:.5}")),
            (!p.case.is_empty()).then(|| format!("case {}", p.case)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !proposed.is_empty() {
            eprintln!(
                "From the items' metadata (flags given take precedence): {}",
                proposed.join("; ")
            );
        }
    }
    args.apply(&mut fields)?;
    let alike = vault.look_alikes(&fields, None)?;
    if !alike.is_empty() && !allow_similar {
        eprintln!("evault: these incidents look like this one (same place, overlapping day):");
        for a in &alike {
            eprintln!("  {}", list_line(a, a.links.len()));
        }
        eprintln!(
            "Nothing was saved. Link the evidence to one of them (`evault incident link`), or add --allow-similar if this is another incident."
        );
        return Ok(Outcome::Finding);
    }
    let links: Vec<(String, LinkRole)> = items.iter().map(|i| (i.clone(), role)).collect();
    let inc = vault.create_incident(fields, &links)?;
    print_incident(&inc, json);
    compact_if_due(&vault);
    Ok(Outcome::Ok)
}

fn print_incident(inc: &Incident, json: bool) {
    if json {
        json_line(&inc.to_json());
    } else {
        println!("{}\t{}", inc.id, inc.fields.display_title(false));
    }
}

fn dash(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}

/// The `incident list` line: ID, status, when, place, killed, items, title.
fn list_line(inc: &Incident, items: usize) -> String {
    let f = &inc.fields;
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
        inc.id,
        inc.status.as_str(),
        f.when
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_else(|| "-".into()),
        dash(&f.place.name),
        f.casualties
            .killed
            .as_ref()
            .map(|k| k.total.to_string())
            .unwrap_or_else(|| "-".into()),
        items,
        f.display_title(false)
    )
}

fn show(ctx: &Ctx, dir: &Path, id: &str, json: bool) -> Result<Outcome> {
    let vault = unlock(ctx, dir)?;
    let d = vault.incident_detail(id)?;
    let events: Vec<&evidence_vault::CustodyEvent> =
        evidence_vault::incident::merge_chains(&d.chains);
    let ok = d.problems.is_empty();
    if json {
        let mut j = d.incident.to_json();
        with_custody(&mut j, serde_json::to_value(&events)?, &d.problems);
        json_line(&j);
    } else {
        let vocab = vault.vocabulary()?;
        let inc = &d.incident;
        let f = &inc.fields;
        let row = |k: &str, v: &str| println!("{k:<14}{}", dash(v));
        let labels = |kind: VocabKind, codes: &[String]| {
            codes
                .iter()
                .map(|c| format!("{} ({c})", vocab.label(kind, c, false)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        row("ID", &inc.id);
        row("Title", &f.title);
        row("Title (ar)", &f.title_ar);
        row("Status", inc.status.as_str());
        row(
            "When",
            &f.when.as_ref().map(ToString::to_string).unwrap_or_default(),
        );
        row("Place", &f.place.name);
        if let (Some(a), Some(b)) = (f.place.lat, f.place.lon) {
            row(
                "Coordinates",
                &format!(
                    "{a:.6}, {b:.6} ({})",
                    serde_json::to_value(f.place.source)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                ),
            );
        }
        row("Types", &labels(VocabKind::Violation, &f.types));
        row("Sites", &labels(VocabKind::Site, &f.sites));
        row("Weapons", &labels(VocabKind::Weapon, &f.weapons));
        for kind in evidence_vault::incident::CASUALTY_KINDS {
            if let Some(x) = f.casualties.get(kind) {
                let mut s = x.total.to_string();
                if let Some(c) = x.children {
                    s.push_str(&format!(", {c} children"));
                }
                if let Some(w) = x.women {
                    s.push_str(&format!(", {w} women"));
                }
                if !x.source.is_empty() {
                    s.push_str(&format!(" (source: {})", x.source));
                }
                row(&format!("{}{}", kind[..1].to_uppercase(), &kind[1..]), &s);
            }
        }
        row("Perpetrators", &f.perpetrators.join("; "));
        row("Sources", &f.sources.join("; "));
        row("Case", &f.case);
        row("Tags", &f.tags.join(", "));
        row(
            "Created",
            &format!("{} by {}", inc.created_at, inc.created_by),
        );
        if !f.summary.is_empty() || !f.summary_ar.is_empty() {
            println!();
            for s in [&f.summary, &f.summary_ar] {
                if !s.is_empty() {
                    println!("{s}\n");
                }
            }
        }
        for c in &inc.status_history {
            println!(
                "Status {} → {} at {} by {}: {}",
                c.from.as_str(),
                c.to.as_str(),
                c.at,
                c.actor,
                c.reason
            );
        }
        println!("\nEvidence ({} items):", d.items.len() + d.elsewhere.len());
        for (item, role) in &d.items {
            println!(
                "  {}\t{}\t{}\t{}",
                item.id,
                role.as_str(),
                item.kind.as_str(),
                item.display_name()
            );
        }
        for l in &d.elsewhere {
            println!(
                "  {}\t{}\tnot in this vault (SHA-256 {})",
                l.item,
                l.role.as_str(),
                l.sha256
            );
        }
        println!(
            "\nCustody ({} events, {}):",
            events.len(),
            if ok {
                "chains and signatures verify"
            } else {
                "PROBLEMS"
            }
        );
        for e in &events {
            println!(
                "  {}  {}  {}",
                e.body.at,
                e.body.action.as_str(),
                e.body.actor
            );
        }
        for p in &d.problems {
            println!("  problem: {p}");
        }
    }
    Ok(if ok { Outcome::Ok } else { Outcome::Finding })
}

fn table(
    ctx: &Ctx,
    dir: &Path,
    format: TableFormat,
    out: &Path,
    filter: FilterArgs,
) -> Result<Outcome> {
    if out.exists() {
        bail!(
            "{} already exists; choose another name (nothing is overwritten)",
            out.display()
        );
    }
    let vault = unlock(ctx, dir)?;
    let (n, text) = vault.incident_table(&filter.query(), format)?;
    evidence_vault::atomic::write_file(out, text.as_bytes())
        .with_context(|| format!("could not write {}", out.display()))?;
    eprintln!(
        "Wrote {n} incident(s) to {}. This file is not encrypted: keep it where the evidence may be.",
        out.display()
    );
    Ok(Outcome::Ok)
}
