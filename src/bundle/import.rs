//! Import: the same checks as inspect, while each payload is re-encrypted into the vault's
//! staging area; then all or nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::incidents::IncidentIn;
use super::read::{
    BagRead, BundleKey, HashSink, InspectError, ItemIn, PayloadSink, SinkError, read_bundle,
};
use super::report::BagReport;
use crate::catalog::{Catalog, CatalogError, NewItem};
use crate::custody::{Action, CustodyEvent};
use crate::incident::{Conflict, Term, Vocabulary, fold};
use crate::intake::IMAGE_BUFFER_LIMIT;
use crate::item::{Camera, Gps, Kind};
use crate::objects::{self, SealedTemp};
use crate::progress::{CancelToken, ProgressSink};
use crate::vault::Vault;
use sha2::{Digest, Sha256};

/// Text items up to this size get their text indexed for search (as notes written here do).
const NOTE_BODY_LIMIT: u64 = 4 * 1024 * 1024;

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Check and report only; change nothing.
    pub dry_run: bool,
}

/// What happened (or, with `dry_run`, would happen) to one item.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ImportedItem {
    /// The item's ID in this vault.
    pub id: String,
    pub sha256: String,
    /// True if these bytes were already here (the item was merged, not stored again).
    pub merged: bool,
    /// The sender's item ID, when it differs from the ID here.
    pub sender_id: Option<String>,
    /// Sender custody events newly stored here.
    pub events_added: usize,
    /// Sender custody events already held here.
    pub events_known: usize,
    /// Sender events that diverge from a chain held here (not stored; they stay in the bundle).
    pub events_divergent: usize,
}

/// What happened (or, with `dry_run`, would happen) to one incident of the bundle.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ImportedIncident {
    pub id: String,
    pub title: String,
    /// True if the incident was not here before.
    pub new: bool,
    /// Sender events newly stored here, already held here, and diverging from a chain held
    /// here (not stored).
    pub events_added: usize,
    pub events_known: usize,
    pub events_divergent: usize,
    /// What changed here (field names, `status`, `links`); empty for a new incident.
    pub changed: Vec<String>,
    /// The same field changed here and by the sender independently: the later change is in
    /// force, and both stay in the custody log.
    pub conflicts: Vec<Conflict>,
    /// Vocabulary codes added here from the bundle's labels (`kind:code`).
    pub terms_added: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ImportReport {
    pub bag: BagReport,
    pub items: Vec<ImportedItem>,
    pub incidents: Vec<ImportedIncident>,
    /// True when the vault was changed (a valid bundle, not a dry run).
    pub committed: bool,
    /// A valid bundle whose items and custody are all here already: nothing was written.
    pub already_present: bool,
    pub dry_run: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] InspectError),
    #[error("could not stage the bundle's items in the vault: {0}; the vault is unchanged")]
    Staging(String),
    #[error("catalog: {0}; the vault is unchanged")]
    Catalog(#[from] CatalogError),
    #[error(
        "item ID {id} is already used here by other content; the bundle was not imported and the vault is unchanged"
    )]
    IdInUse { id: String },
    #[error("could not record the import: {0}; the vault is unchanged")]
    Record(String),
    #[error("could not store item {id}: {reason}; the vault is unchanged")]
    Store { id: String, reason: String },
    #[error("incident {id}: {reason}; the bundle was not imported and the vault is unchanged")]
    Incident { id: String, reason: String },
    #[error(transparent)]
    Commit(#[from] crate::vault::CommitError),
}

/// What import keeps of each payload until commit: our own ciphertext, never plaintext.
pub(crate) struct Staged {
    object: Option<SealedTemp>,
    thumb: Option<SealedTemp>,
    note_body: Option<String>,
}

struct StageSink<'a> {
    objects_dir: PathBuf,
    thumbs_dir: PathBuf,
    recipient: age::x25519::Recipient,
    cancel: &'a CancelToken,
}

impl PayloadSink for StageSink<'_> {
    type Staged = Staged;
    fn take(
        &mut self,
        item: Option<&ItemIn>,
        data: &mut dyn Read,
    ) -> Result<(String, u64, Staged), SinkError> {
        let kind = item
            .and_then(|i| i.json.get("kind"))
            .and_then(|k| k.as_str())
            .and_then(Kind::parse);
        let size = item.map(|i| i.size).unwrap_or(u64::MAX);
        let keep = match kind {
            Some(Kind::Photo) => size <= IMAGE_BUFFER_LIMIT,
            Some(Kind::Text) => size <= NOTE_BODY_LIMIT,
            _ => false,
        };
        let (objects_dir, recipient, cancel) = (&self.objects_dir, &self.recipient, self.cancel);
        // Three stages on two cores: decrypt the bundle (here) → hash (and keep the bytes of a
        // small photo or note) → re-encrypt into staging.
        let staged = super::read::pipe(data, cancel, move |r| {
            let mut hashing = HashingRead {
                inner: r,
                hasher: Sha256::new(),
                head: Vec::new(),
                keep,
            };
            let sealed = super::read::pipe(&mut hashing, cancel, move |r2| {
                encrypt_only(r2, objects_dir, recipient, cancel)
            });
            (sealed, hashing.hasher, hashing.head)
        })?;
        let (sealed, hasher, head) = staged;
        let (tmp, size) = sealed??;
        let sealed = SealedTemp {
            tmp,
            sha256: hex::encode(hasher.finalize()),
            size,
        };
        let mut thumb = None;
        let mut note_body = None;
        match kind {
            Some(Kind::Photo) if keep => {
                let orientation = item
                    .and_then(|i| i.json.get("orientation"))
                    .and_then(|o| o.as_u64())
                    .map(|o| o as u16);
                if let Ok((jpeg, _, _)) = crate::intake::thumb::make_thumbnail(&head, orientation) {
                    thumb = Some(
                        objects::seal_bytes(&jpeg, &self.thumbs_dir, &[&self.recipient])
                            .map_err(|e| SinkError::Local(e.to_string()))?,
                    );
                }
            }
            Some(Kind::Text) if keep => note_body = String::from_utf8(head).ok(),
            _ => {}
        }
        Ok((
            sealed.sha256.clone(),
            sealed.size,
            Staged {
                object: Some(sealed),
                thumb,
                note_body,
            },
        ))
    }
}

/// Hashes what passes through, keeping the bytes when asked (small photos and notes).
struct HashingRead<'a> {
    inner: &'a mut dyn Read,
    hasher: Sha256,
    head: Vec<u8>,
    keep: bool,
}

impl Read for HashingRead<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        if self.keep {
            self.head.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }
}

/// Like `objects::seal_stream` without the hashing (done on another thread): encrypts `src` to
/// the vault's key into a fsynced temporary file in `dir`.
fn encrypt_only(
    src: &mut dyn Read,
    dir: &Path,
    recipient: &age::x25519::Recipient,
    cancel: &CancelToken,
) -> Result<(tempfile::NamedTempFile, u64), SinkError> {
    use std::io::Write;
    let local = |e: std::io::Error| SinkError::Local(format!("{}: {e}", dir.display()));
    let tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(local)?;
    let file = tmp.as_file().try_clone().map_err(local)?;
    let enc = age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
        .map_err(|e| SinkError::Local(e.to_string()))?;
    let mut w = enc
        .wrap_output(std::io::BufWriter::with_capacity(objects::CHUNK, file))
        .map_err(local)?;
    let mut buf = vec![0u8; objects::CHUNK];
    let mut size = 0u64;
    loop {
        if cancel.is_cancelled() {
            return Err(SinkError::Cancelled);
        }
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(SinkError::Stream(e.to_string())),
        };
        w.write_all(&buf[..n]).map_err(local)?;
        size += n as u64;
    }
    let mut inner = w.finish().map_err(local)?;
    inner.flush().map_err(local)?;
    drop(inner);
    tmp.as_file().sync_all().map_err(local)?;
    Ok((tmp, size))
}

/// Checks a bundle completely while staging its payloads; commits only a fully valid bundle.
pub fn import(
    vault: &Vault,
    bundle: &Path,
    key: &BundleKey,
    opts: &ImportOptions,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<ImportReport, ImportError> {
    if opts.dry_run {
        let mut sink = HashSink { cancel };
        let read = read_bundle(bundle, key, &mut sink, progress, cancel)?;
        let (items, incidents) = if read.report.is_valid() && read.local_error.is_none() {
            let cat = vault.read();
            let mut incidents = Vec::new();
            for inc in &read.incidents {
                incidents.push(plan_incident(&cat, inc)?.0);
            }
            (plan(&cat, &read.items, &read.chains)?, incidents)
        } else {
            (Vec::new(), Vec::new())
        };
        return Ok(ImportReport {
            bag: read.report,
            items,
            incidents,
            committed: false,
            already_present: false,
            dry_run: true,
        });
    }
    let mut sink = StageSink {
        objects_dir: vault.dir().join("objects"),
        thumbs_dir: vault.dir().join("thumbs"),
        recipient: vault.recipient(),
        cancel,
    };
    let read = read_bundle(bundle, key, &mut sink, progress, cancel)?;
    if let Some(e) = &read.local_error {
        return Err(ImportError::Staging(e.clone()));
    }
    if !read.report.is_valid() {
        // Dropping `read` deletes every staged temp file (our ciphertext, never evidence).
        return Ok(ImportReport {
            bag: read.report,
            items: Vec::new(),
            incidents: Vec::new(),
            committed: false,
            already_present: false,
            dry_run: false,
        });
    }
    commit(vault, read)
}

/// Per item: new or merged, and which sender events are new here.
fn plan(
    cat: &Catalog,
    items: &[ItemIn],
    chains: &[Vec<CustodyEvent>],
) -> Result<Vec<ImportedItem>, ImportError> {
    let mut out = Vec::new();
    for item in items {
        let mine: Vec<&Vec<CustodyEvent>> = chains
            .iter()
            .filter(|c| c[0].body.item_sha256 == item.sha256)
            .collect();
        match cat.find_by_sha256(&item.sha256)? {
            None => {
                if matches!(cat.resolve(&item.id), Ok(r) if r.id == item.id) {
                    return Err(ImportError::IdInUse {
                        id: item.id.clone(),
                    });
                }
                out.push(ImportedItem {
                    id: item.id.clone(),
                    sha256: item.sha256.clone(),
                    merged: false,
                    sender_id: None,
                    events_added: mine.iter().map(|c| c.len()).sum(),
                    events_known: 0,
                    events_divergent: 0,
                });
            }
            Some(existing) => {
                let (add, known, div) = merge_events(cat, existing.num, &mine)?;
                out.push(ImportedItem {
                    id: existing.id.clone(),
                    sha256: item.sha256.clone(),
                    merged: true,
                    sender_id: (existing.id != item.id).then(|| item.id.clone()),
                    events_added: add.len(),
                    events_known: known,
                    events_divergent: div,
                });
            }
        }
    }
    Ok(out)
}

/// The sender events to store for a merged item: those not held here (by hash), stopping a
/// chain where it diverges from one held here (same chain and sequence, different event).
fn merge_events<'a>(
    cat: &Catalog,
    num: i64,
    chains: &[&'a Vec<CustodyEvent>],
) -> Result<(Vec<&'a CustodyEvent>, usize, usize), CatalogError> {
    Ok(new_events(&cat.events(num)?, chains.iter().copied()))
}

/// The events of `chains` not in `have` (by hash), each chain cut where it diverges from one in
/// `have` (the same chain and sequence number, another event): (to add, known, divergent). Used
/// for items and incidents alike (an incident's events carry its ID as `item_id`).
fn new_events<'a, 'h>(
    have: impl IntoIterator<Item = &'h CustodyEvent>,
    chains: impl IntoIterator<Item = &'a Vec<CustodyEvent>>,
) -> (Vec<&'a CustodyEvent>, usize, usize) {
    let mut hashes: HashSet<&str> = HashSet::new();
    let mut slots: HashSet<(&str, &str, u64)> = HashSet::new();
    for e in have {
        hashes.insert(e.hash.as_str());
        slots.insert((
            e.body.item_id.as_str(),
            e.body.vault_id.as_str(),
            e.body.seq,
        ));
    }
    let (mut add, mut known, mut divergent) = (Vec::new(), 0, 0);
    for chain in chains {
        for (i, ev) in chain.iter().enumerate() {
            let b = &ev.body;
            if hashes.contains(ev.hash.as_str()) {
                known += 1;
            } else if slots.contains(&(b.item_id.as_str(), b.vault_id.as_str(), b.seq)) {
                divergent += chain.len() - i;
                break;
            } else {
                add.push(ev);
            }
        }
    }
    (add, known, divergent)
}

/// What importing `inc` does: the events to append, the terms to add, and the report.
fn plan_incident<'a>(
    cat: &Catalog,
    inc: &'a IncidentIn,
) -> Result<(ImportedIncident, Vec<&'a CustodyEvent>, Vec<&'a Term>), ImportError> {
    let bad = |e: crate::incident::FoldError| ImportError::Incident {
        id: inc.id.clone(),
        reason: e.to_string(),
    };
    let existing = cat.incident_ref(&inc.id)?;
    let have = match &existing {
        Some(r) => cat.incident_chains(r.num)?,
        None => Vec::new(),
    };
    let (add, known, divergent) = new_events(have.iter().flatten(), &inc.chains);
    let mut merged = have.clone();
    for ev in &add {
        match merged
            .iter_mut()
            .find(|c| c[0].body.vault_id == ev.body.vault_id)
        {
            Some(c) => c.push((*ev).clone()),
            None => merged.push(vec![(*ev).clone()]),
        }
    }
    let after = fold(&inc.id, &merged).map_err(bad)?;
    let vocab = Vocabulary::new(cat.user_terms()?);
    let terms: Vec<&Term> = inc
        .labels
        .iter()
        .filter(|t| vocab.find(t.kind, &t.code).is_none())
        .collect();
    let (mut changed, mut conflicts) = (Vec::new(), Vec::new());
    if !have.is_empty() {
        let before = fold(&inc.id, &have).map_err(bad)?;
        let (a, b) = (
            before.incident.fields.to_map(),
            after.incident.fields.to_map(),
        );
        changed = b
            .iter()
            .filter(|(k, v)| a.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .collect();
        if before.incident.status != after.incident.status {
            changed.push("status".into());
        }
        let links = |i: &crate::incident::Incident| {
            let mut v: Vec<(String, &'static str)> = i
                .links
                .iter()
                .map(|l| (l.sha256.clone(), l.role.as_str()))
                .collect();
            v.sort();
            v
        };
        if links(&before.incident) != links(&after.incident) {
            changed.push("links".into());
        }
        conflicts = after
            .conflicts
            .iter()
            .filter(|c| !before.conflicts.contains(c))
            .cloned()
            .collect();
    }
    let report = ImportedIncident {
        id: inc.id.clone(),
        title: after.incident.fields.display_title(false).to_owned(),
        new: existing.is_none(),
        events_added: add.len(),
        events_known: known,
        events_divergent: divergent,
        changed,
        conflicts,
        terms_added: terms
            .iter()
            .map(|t| format!("{}:{}", t.kind.as_str(), t.code))
            .collect(),
    };
    Ok((report, add, terms))
}

fn new_item(item: &ItemIn, staged: &Staged) -> NewItem {
    let j = &item.json;
    let s = |k: &str| j.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let n = |k: &str| j.get(k).and_then(|v| v.as_u64());
    let kind = s("kind")
        .and_then(|k| Kind::parse(&k))
        .unwrap_or(Kind::File);
    NewItem {
        id: item.id.clone(),
        kind: Some(kind),
        sha256: item.sha256.clone(),
        size: item.size,
        mime: s("mime").unwrap_or_else(|| "application/octet-stream".into()),
        original_name: s("original_name"),
        source_path: s("source_path"),
        source_modified: s("source_modified"),
        added_at: s("added_at").unwrap_or_else(|| crate::custody::now_stamp().0),
        title: s("title").unwrap_or_default(),
        description: s("description").unwrap_or_default(),
        case: s("case").unwrap_or_default(),
        tags: j
            .get("tags")
            .and_then(|t| t.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        place: s("place").unwrap_or_default(),
        event_date: s("event_date"),
        captured_at: s("captured_at"),
        gps: j
            .get("gps")
            .and_then(|g| serde_json::from_value::<Gps>(g.clone()).ok()),
        camera: j
            .get("camera")
            .and_then(|c| serde_json::from_value::<Camera>(c.clone()).ok()),
        orientation: n("orientation").and_then(|v| u16::try_from(v).ok()),
        width: n("width").and_then(|v| u32::try_from(v).ok()),
        height: n("height").and_then(|v| u32::try_from(v).ok()),
        has_thumbnail: staged.thumb.is_some(),
        intake_note: s("intake_note"),
        note_body: staged.note_body.clone(),
        captured_at_source: s("captured_at_source")
            .as_deref()
            .and_then(crate::item::CaptureSource::parse),
        captured_at_flag: s("captured_at_flag")
            .as_deref()
            .and_then(crate::item::DateFlag::parse),
        duration_ms: n("duration_ms"),
        // Perceptual hashes (and video thumbnails) are made here after the import, like after
        // an intake.
        derived: match kind {
            Kind::Photo | Kind::Video => crate::item::Derived::Pending,
            _ => crate::item::Derived::Complete,
        },
        phash: None,
    }
}

fn commit(vault: &Vault, read: BagRead<Staged>) -> Result<ImportReport, ImportError> {
    let BagRead {
        report,
        items,
        chains,
        incidents,
        payloads,
        ..
    } = read;
    let mut staged: HashMap<String, Staged> =
        payloads.into_iter().map(|p| (p.path, p.staged)).collect();
    let bundle_details = |merged: bool, sender_id: &str, path: &str, p: &ImportedItem| {
        let mut d = BTreeMap::new();
        let mut put = |k: &str, v: serde_json::Value| {
            d.insert(k.to_owned(), v);
        };
        put("bundle_id", serde_json::json!(report.bundle_id));
        put("bundle_sha256", serde_json::json!(report.bundle_sha256));
        put("source_vault", serde_json::json!(report.source_vault));
        put("signer", serde_json::json!(report.signer_fingerprint));
        put("payload_path", serde_json::json!(path));
        put("sender_item_id", serde_json::json!(sender_id));
        put("merged", serde_json::json!(merged));
        put("sender_events_added", serde_json::json!(p.events_added));
        if p.events_divergent > 0 {
            put(
                "sender_events_divergent",
                serde_json::json!(p.events_divergent),
            );
        }
        put(
            "tool",
            serde_json::json!(format!("evidence-vault {}", crate::VERSION)),
        );
        d
    };
    let dir = vault.dir().to_owned();
    type Done = (Vec<ImportedItem>, Vec<ImportedIncident>, bool);
    let result = vault.commit(|tx| -> Result<Done, ImportError> {
        let planned = plan(tx, &items, &chains)?;
        let mut incident_plans = Vec::new();
        for inc in &incidents {
            incident_plans.push(plan_incident(tx, inc)?);
        }
        let incident_reports: Vec<ImportedIncident> =
            incident_plans.iter().map(|p| p.0.clone()).collect();
        // A bundle whose content is all here already changes nothing and records nothing.
        let changes = |p: &ImportedItem| !p.merged || p.events_added > 0;
        let incident_changes = incident_plans
            .iter()
            .any(|(_, add, terms)| !add.is_empty() || !terms.is_empty());
        if !planned.iter().any(changes) && !incident_changes {
            return Ok((planned, incident_reports, false));
        }
        let mut arrived: HashSet<String> = HashSet::new();
        for (item, p) in items.iter().zip(&planned) {
            if !changes(p) {
                continue;
            }
            let mine: Vec<&Vec<CustodyEvent>> = chains
                .iter()
                .filter(|ch| ch[0].body.item_sha256 == item.sha256)
                .collect();
            let mut details = bundle_details(p.merged, &item.id, &item.path, p);
            // This vault's chain starts (or continues) here; these hashes tie it to the sender's.
            let heads: Vec<&str> = mine
                .iter()
                .filter_map(|ch| ch.last().map(|e| e.hash.as_str()))
                .collect();
            details.insert("sender_chain_heads".to_owned(), serde_json::json!(heads));
            if !p.merged {
                let st = staged.remove(&item.path).unwrap_or(Staged {
                    object: None,
                    thumb: None,
                    note_body: None,
                });
                let num = tx.insert_item(&new_item(item, &st))?;
                arrived.insert(item.sha256.clone());
                for ch in &mine {
                    for ev in ch.iter() {
                        tx.append_event(num, ev)?;
                    }
                }
                tx.record(num, &item.id, &item.sha256, Action::Imported, details)
                    .map_err(|e| ImportError::Record(e.to_string()))?;
                match st.object {
                    Some(obj) => tx.place(obj, objects::object_path(&dir, &item.id)),
                    None => {
                        return Err(ImportError::Store {
                            id: item.id.clone(),
                            reason: "payload not staged".into(),
                        });
                    }
                }
                if let Some(t) = st.thumb {
                    tx.place(t, objects::thumb_path(&dir, &item.id));
                }
            } else {
                let existing = tx
                    .find_by_sha256(&item.sha256)?
                    .ok_or_else(|| ImportError::Record("merged item vanished".into()))?;
                let (add, _, _) = merge_events(tx, existing.num, &mine)?;
                for ev in add {
                    tx.append_event(existing.num, ev)?;
                }
                tx.record(
                    existing.num,
                    &existing.id,
                    &item.sha256,
                    Action::Imported,
                    details,
                )
                .map_err(|e| ImportError::Record(e.to_string()))?;
            }
        }
        // The incidents: the sender's new events appended to their chains (signed by their
        // vaults, stored as they are), labels for codes not known here, then the state re-folded.
        let incident_err = |id: &str, e: crate::vault::IncidentError| ImportError::Incident {
            id: id.to_owned(),
            reason: e.to_string(),
        };
        let mut refolded: HashSet<String> = HashSet::new();
        for ((_, add, terms), inc) in incident_plans.iter().zip(&incidents) {
            for t in terms {
                tx.add_term(t)?;
            }
            if add.is_empty() {
                continue;
            }
            let num = tx.ensure_incident(&inc.id)?;
            for ev in add {
                tx.append_incident_event(num, ev)?;
            }
            crate::vault::refold(tx, num, &inc.id).map_err(|e| incident_err(&inc.id, e))?;
            refolded.insert(inc.id.clone());
        }
        // Incidents here that name an item that has just arrived now link it.
        if !arrived.is_empty() {
            for (inc, _) in tx.incidents()? {
                if refolded.contains(&inc.id)
                    || !inc.links.iter().any(|l| arrived.contains(&l.sha256))
                {
                    continue;
                }
                if let Some(r) = tx.incident_ref(&inc.id)? {
                    crate::vault::refold(tx, r.num, &r.id).map_err(|e| incident_err(&r.id, e))?;
                }
            }
        }
        Ok((planned, incident_reports, true))
    })?;
    let (planned, incident_reports, committed) = result;
    Ok(ImportReport {
        bag: report,
        items: planned,
        incidents: incident_reports,
        committed,
        already_present: !committed,
        dry_run: false,
    })
}
