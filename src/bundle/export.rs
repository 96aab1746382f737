//! Export: selected items → one `.tar.age` bundle, streamed, each original read once.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use age::secrecy::SecretString;
use sha2::{Digest, Sha256};

use super::incidents::incident_line;
use super::layout::{self, payload_path};
use super::recipients::BundleRecipient;
use crate::atomic;
use crate::catalog::{CatalogError, ItemRef};
use crate::custody::{Action, CustodyEvent, new_body};
use crate::item::{Item, ListQuery};
use crate::objects::{self, CHUNK, ObjectReader, OpenError};
use crate::progress::{CancelToken, Progress, ProgressSink};
use crate::vault::Vault;

/// Which items to export.
#[derive(Clone, Debug)]
pub enum Selection {
    All,
    Case(String),
    /// IDs or unique prefixes.
    Items(Vec<String>),
    /// Incident IDs or unique prefixes: the incidents and every item linked to them.
    Incidents(Vec<String>),
}

/// Who can open the bundle.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub selection: Selection,
    pub recipients: Vec<BundleRecipient>,
    /// A passphrase instead of recipients (age cannot combine the two in one file).
    pub passphrase: Option<SecretString>,
    /// scrypt work factor for a passphrase bundle; `None` keeps age's default (2^18).
    pub passphrase_log_n: Option<u8>,
}

/// What an export produced.
#[derive(Clone, Debug)]
pub struct ExportReport {
    pub bundle_id: String,
    pub path: PathBuf,
    /// SHA-256 of the bundle file, to compare over another channel.
    pub sha256: String,
    pub bundle_size: u64,
    /// (item ID, SHA-256, size) of every exported item.
    pub items: Vec<(String, String, u64)>,
    pub payload_bytes: u64,
    pub recipients: Vec<String>,
    pub signer_fingerprint: String,
    /// The incidents the bundle carries.
    pub incidents: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("nothing to export: the selection holds no items")]
    Empty,
    #[error(
        "incident {id} has no linked items here; link its evidence first (a bundle carries items)"
    )]
    IncidentWithoutItems { id: String },
    #[error("no recipient: give at least one --to RECIPIENT or --to-passphrase")]
    NoRecipient,
    #[error(
        "age cannot encrypt one file to a passphrase and to public keys at once; export twice instead"
    )]
    PassphraseWithRecipients,
    #[error("{path} already exists; choose another name (nothing is overwritten)")]
    Exists { path: PathBuf },
    #[error("selecting items: {0}")]
    Catalog(#[from] CatalogError),
    #[error(
        "item {id}: the stored original does not match its recorded SHA-256 (expected {expected}, read {found}); the export was stopped and no bundle was written. Run verify."
    )]
    HashMismatch {
        id: String,
        expected: String,
        found: String,
    },
    #[error(
        "item {id}: the stored original has {found} bytes, the catalog records {expected}; no bundle was written. Run verify."
    )]
    SizeMismatch {
        id: String,
        expected: u64,
        found: u64,
    },
    #[error("item {id}: cannot read the stored original ({reason}); no bundle was written")]
    Damaged { id: String, reason: String },
    #[error("item {id}: {source}")]
    Open { id: String, source: OpenError },
    #[error("could not write the bundle {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("could not sign: {0}")]
    Sign(String),
    #[error("encryption setup failed: {0}")]
    Encrypt(String),
    #[error("could not record the export in the custody log: {0}; the bundle was removed again")]
    Record(crate::vault::CommitError),
    #[error("cancelled; no bundle was written")]
    Cancelled,
}

/// Writes the bundle and records an `exported` event on every item.
///
/// The bundle goes to a temporary file beside `out` (fsynced, then renamed); on any error that
/// file is removed, so there is never a partial bundle. The new `exported` events are sealed
/// first and travel inside the bundle (the recipient sees the hand-over); they are committed to
/// this vault's catalog only once the bundle is complete.
pub fn export(
    vault: &Vault,
    out: &Path,
    opts: &ExportOptions,
    progress: &dyn ProgressSink,
    cancel: &CancelToken,
) -> Result<ExportReport, ExportError> {
    if opts.passphrase.is_some() && !opts.recipients.is_empty() {
        return Err(ExportError::PassphraseWithRecipients);
    }
    if opts.passphrase.is_none() && opts.recipients.is_empty() {
        return Err(ExportError::NoRecipient);
    }
    if out.exists() {
        return Err(ExportError::Exists {
            path: out.to_owned(),
        });
    }
    let recipient_names: Vec<String> = if opts.passphrase.is_some() {
        vec!["passphrase".to_owned()]
    } else {
        opts.recipients.iter().map(|r| r.fingerprint()).collect()
    };
    let bundle_id = objects::new_id();

    // 1. Selection, custody and the new `exported` events, under one short catalog lock.
    let mut selected: Vec<(ItemRef, Item, String)> = Vec::new();
    let mut custody_lines = String::new();
    let mut new_events: Vec<(i64, CustodyEvent)> = Vec::new();
    let mut incident_lines = String::new();
    let mut incident_ids: Vec<String> = Vec::new();
    {
        let cat = vault.read();
        let refs: Vec<ItemRef> = match &opts.selection {
            Selection::All => cat.list_refs(&ListQuery::default())?,
            Selection::Case(c) => cat.list_refs(&ListQuery {
                case: Some(c.clone()),
                ..Default::default()
            })?,
            Selection::Items(ids) => {
                let mut v: Vec<ItemRef> = Vec::new();
                for id in ids {
                    let r = cat.resolve(id)?;
                    if !v.contains(&r) {
                        v.push(r);
                    }
                }
                v
            }
            Selection::Incidents(ids) => {
                let mut v: Vec<ItemRef> = Vec::new();
                for id in ids {
                    let inc = cat.resolve_incident(id)?;
                    let links = cat.incident_links(inc.num)?;
                    if links.is_empty() {
                        return Err(ExportError::IncidentWithoutItems { id: inc.id });
                    }
                    for (num, item_id, _) in links {
                        let r = ItemRef { num, id: item_id };
                        if !v.contains(&r) {
                            v.push(r);
                        }
                    }
                }
                v
            }
        };
        if refs.is_empty() {
            return Err(ExportError::Empty);
        }
        let signer = vault.signer();
        for r in refs {
            let item = cat.item(r.num)?;
            let path = payload_path(&item.id, item.original_name.as_deref());
            let events = cat.chains(r.num)?;
            let prev = cat.last_event(&item.id, &vault.info().vault_id)?;
            let mut details = BTreeMap::new();
            details.insert("bundle_id".to_owned(), serde_json::json!(bundle_id));
            details.insert("recipients".to_owned(), serde_json::json!(recipient_names));
            details.insert("payload_path".to_owned(), serde_json::json!(path));
            details.insert(
                "tool".to_owned(),
                serde_json::json!(format!("evidence-vault {}", crate::VERSION)),
            );
            let body = new_body(
                &item.id,
                &item.sha256,
                &vault.info().vault_id,
                vault.actor(),
                Action::Exported,
                details,
            );
            let ev = signer
                .seal(body, prev.as_ref())
                .map_err(|e| ExportError::Sign(e.to_string()))?;
            // Chain by chain, each oldest first; the new event ends the item's own chain.
            for e in events.iter().flatten().chain(std::iter::once(&ev)) {
                let line =
                    serde_json::to_string(e).map_err(|e| ExportError::Sign(e.to_string()))?;
                custody_lines.push_str(&line);
                custody_lines.push('\n');
            }
            new_events.push((r.num, ev));
            selected.push((r, item, path));
        }
        // The incidents of the exported items, with their chains after the items' chains. An
        // incident names all its items by SHA-256, also those this bundle does not carry.
        let mut nums: Vec<i64> = Vec::new();
        for (r, _, _) in &selected {
            for (id, ..) in cat.incidents_of_item(r.num)? {
                if let Some(inc) = cat.incident_ref(&id)?
                    && !nums.contains(&inc.num)
                {
                    nums.push(inc.num);
                }
            }
        }
        let vocab = crate::incident::Vocabulary::new(cat.user_terms()?);
        for num in nums {
            let state = cat.incident_state(num)?;
            incident_lines.push_str(&incident_line(&state, &vocab).to_string());
            incident_lines.push('\n');
            for e in cat.incident_chains(num)?.iter().flatten() {
                let line =
                    serde_json::to_string(e).map_err(|e| ExportError::Sign(e.to_string()))?;
                custody_lines.push_str(&line);
                custody_lines.push('\n');
            }
            incident_ids.push(state.id);
        }
    }

    // 2. Tag files, all in memory (they are small), signed.
    let tags = build_tag_files(vault, &bundle_id, &selected, custody_lines, incident_lines)?;

    // 3. Stream the bag into age into a temp file beside `out`.
    let werr = |source: io::Error| ExportError::Write {
        path: out.to_owned(),
        source,
    };
    let tmp = atomic::temp_beside(out).map_err(werr)?;
    let file = tmp.as_file().try_clone().map_err(werr)?;
    let encryptor = match &opts.passphrase {
        Some(p) => {
            let mut r = age::scrypt::Recipient::new(p.clone());
            if let Some(n) = opts.passphrase_log_n {
                r.set_work_factor(n);
            }
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        }
        None => age::Encryptor::with_recipients(opts.recipients.iter().map(|r| r.as_age())),
    }
    .map_err(|e| ExportError::Encrypt(e.to_string()))?;
    let hashing = HashWriter {
        inner: file,
        hasher: Sha256::new(),
        count: 0,
    };
    let age_w = encryptor
        .wrap_output(BufWriter::with_capacity(CHUNK, hashing))
        .map_err(werr)?;
    let mut tar = tar::Builder::new(age_w);
    tar.mode(tar::HeaderMode::Deterministic);
    let mtime = chrono::Utc::now().timestamp().max(0) as u64;
    for (name, bytes) in &tags {
        let mut h = file_header(bytes.len() as u64, mtime);
        tar.append_data(&mut h, name, bytes.as_slice())
            .map_err(werr)?;
    }
    let mut prog = Progress::new("exporting");
    prog.items_total = selected.len() as u64;
    prog.bytes_total = selected.iter().map(|s| s.1.size).sum();
    progress.update(&prog);
    // Originals are decrypted and checked on a second thread while this one encrypts the
    // bundle: two cores, bounded memory (at most a few chunks in flight).
    let streamed = std::thread::scope(|scope| -> Result<(), ExportError> {
        // decrypt (this thread's helper) → hash and check (another) → tar and encrypt (here).
        let (tx1, rx1) = mpsc::sync_channel::<Msg>(4);
        let (tx, rx) = mpsc::sync_channel::<Msg>(4);
        let items: Vec<&Item> = selected.iter().map(|s| &s.1).collect();
        let items2 = items.clone();
        scope.spawn(move || produce(vault, &items, &tx1, cancel));
        scope.spawn(move || check(&items2, &rx1, &tx));
        for (_, item, path) in &selected {
            prog.current = Some(PathBuf::from(path));
            let mut reader = ChannelReader {
                rx: &rx,
                chunk: Vec::new(),
                pos: 0,
                done: false,
                failure: None,
                progress,
                prog: &mut prog,
            };
            let mut h = file_header(item.size, mtime);
            let r = tar.append_data(&mut h, path, &mut reader);
            if let Some(f) = reader.failure.take() {
                return Err(f);
            }
            r.map_err(werr)?;
            prog.items_done += 1;
        }
        Ok(())
    });
    streamed?;
    let age_w = tar.into_inner().map_err(werr)?;
    let buf = age_w.finish().map_err(werr)?;
    let hashing = buf.into_inner().map_err(|e| werr(e.into_error()))?;
    let bundle_size = hashing.count;
    let sha256 = hex::encode(hashing.hasher.finalize());
    hashing.inner.sync_all().map_err(werr)?;

    // 4. Publish the bundle, then record the export; if recording fails, withdraw the bundle.
    tmp.as_file().sync_all().map_err(werr)?;
    tmp.persist_noclobber(out).map_err(|e| werr(e.error))?;
    let _ = atomic::sync_dir(out.parent().unwrap_or(Path::new(".")));
    // The events were sealed before the bundle was written; they must still extend their chains
    // (the commit refuses them if another change to the item came first).
    let recorded = vault.commit(|tx| -> Result<(), crate::vault::CommitError> {
        for (num, ev) in &new_events {
            tx.append_event(*num, ev)?;
        }
        Ok(())
    });
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(out);
        return Err(ExportError::Record(e));
    }
    prog.current = None;
    progress.update(&prog);
    Ok(ExportReport {
        bundle_id,
        path: out.to_owned(),
        sha256,
        bundle_size,
        payload_bytes: prog.bytes_total,
        items: selected
            .iter()
            .map(|(_, i, _)| (i.id.clone(), i.sha256.clone(), i.size))
            .collect(),
        recipients: recipient_names,
        signer_fingerprint: vault.signer_fingerprint(),
        incidents: incident_ids,
    })
}

fn file_header(size: u64, mtime: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(mtime);
    h.set_uid(0);
    h.set_gid(0);
    h
}

/// The item lines of `evidence/items.jsonl`: `Item::to_json()` plus the payload path.
pub(crate) fn item_line(item: &Item, path: &str) -> serde_json::Value {
    let mut v = item.to_json();
    if let Some(o) = v.as_object_mut() {
        o.insert("path".into(), serde_json::json!(path));
    }
    v
}

fn build_tag_files(
    vault: &Vault,
    bundle_id: &str,
    selected: &[(ItemRef, Item, String)],
    custody: String,
    incidents: String,
) -> Result<Vec<(&'static str, Vec<u8>)>, ExportError> {
    let bytes: u64 = selected.iter().map(|s| s.1.size).sum();
    let bagit = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_vec();
    let signer = vault.signer();
    let bag_info = format!(
        "Bag-Software-Agent: evidence-vault {}\n\
         Bagging-Date: {}\n\
         External-Identifier: {bundle_id}\n\
         Payload-Oxum: {bytes}.{}\n\
         Evidence-Vault-Bundle-Format: {}\n\
         Evidence-Vault-Source-Vault: {}\n\
         Evidence-Vault-Signer: {}\n",
        crate::VERSION,
        chrono::Utc::now().format("%Y-%m-%d"),
        selected.len(),
        super::BUNDLE_FORMAT,
        vault.info().vault_id,
        signer.fingerprint(),
    )
    .into_bytes();
    let mut manifest = String::new();
    let mut items = String::new();
    for (_, item, path) in selected {
        manifest.push_str(&format!("{}  {path}\n", item.sha256));
        items.push_str(&item_line(item, path).to_string());
        items.push('\n');
    }
    let signer_pub = format!("{}\n", signer.public_key_with_comment().trim()).into_bytes();
    let mut tagmanifest = String::new();
    let mut listed: Vec<(&str, &[u8])> = vec![
        (layout::BAGIT_TXT, &bagit),
        (layout::BAG_INFO_TXT, &bag_info),
        (layout::MANIFEST, manifest.as_bytes()),
        (layout::ITEMS_JSONL, items.as_bytes()),
        (layout::CUSTODY_JSONL, custody.as_bytes()),
        (layout::SIGNER_PUB, &signer_pub),
    ];
    // Only a bundle with incidents has the file: one without reads as in earlier versions.
    if !incidents.is_empty() {
        listed.push((layout::INCIDENTS_JSONL, incidents.as_bytes()));
    }
    for (name, data) in listed {
        tagmanifest.push_str(&format!("{}  {name}\n", hex::encode(Sha256::digest(data))));
    }
    let sig = signer
        .sign(tagmanifest.as_bytes())
        .map_err(|e| ExportError::Sign(e.to_string()))?;
    let mut out = vec![
        (layout::BAGIT_TXT, bagit),
        (layout::BAG_INFO_TXT, bag_info),
        (layout::MANIFEST, manifest.into_bytes()),
        (layout::TAGMANIFEST, tagmanifest.into_bytes()),
        (layout::ITEMS_JSONL, items.into_bytes()),
        (layout::CUSTODY_JSONL, custody.into_bytes()),
    ];
    if !incidents.is_empty() {
        out.push((layout::INCIDENTS_JSONL, incidents.into_bytes()));
    }
    out.push((layout::SIGNER_PUB, signer_pub));
    out.push((layout::MANIFEST_SIG, sig.into_bytes()));
    Ok(out)
}

/// Counts and hashes what is written (the bundle file's SHA-256 comes for free).
struct HashWriter {
    inner: File,
    hasher: Sha256,
    count: u64,
}

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// What the reading thread sends: chunks of one original, then its verdict.
enum Msg {
    Data(Vec<u8>),
    End(Result<(), ExportError>),
}

/// Reads every original in turn, decrypting, counting and hashing it; after each one sends
/// `End(Ok)` only if it matches the catalog. Stops at the first failure (or when the receiver
/// hangs up).
fn produce(vault: &Vault, items: &[&Item], tx: &mpsc::SyncSender<Msg>, cancel: &CancelToken) {
    for item in items {
        let verdict = produce_one(vault, item, tx, cancel);
        let failed = verdict.is_err();
        if tx.send(Msg::End(verdict)).is_err() || failed {
            return;
        }
    }
}

fn produce_one(
    vault: &Vault,
    item: &Item,
    tx: &mpsc::SyncSender<Msg>,
    cancel: &CancelToken,
) -> Result<(), ExportError> {
    let mut reader: ObjectReader =
        vault
            .open_object(&item.id)
            .map_err(|source| ExportError::Open {
                id: item.id.clone(),
                source,
            })?;
    let mut count = 0u64;
    loop {
        if cancel.is_cancelled() {
            return Err(ExportError::Cancelled);
        }
        let mut buf = vec![0u8; CHUNK];
        let mut filled = 0;
        // Fill a whole chunk (age hands out 64 KiB at a time) to keep channel traffic low.
        while filled < buf.len() {
            match reader.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(ExportError::Damaged {
                        id: item.id.clone(),
                        reason: e.to_string(),
                    });
                }
            }
        }
        if filled == 0 {
            break;
        }
        buf.truncate(filled);
        count += filled as u64;
        if count > item.size {
            return Err(ExportError::SizeMismatch {
                id: item.id.clone(),
                expected: item.size,
                found: count,
            });
        }
        if tx.send(Msg::Data(buf)).is_err() {
            return Err(ExportError::Cancelled);
        }
    }
    if count != item.size {
        return Err(ExportError::SizeMismatch {
            id: item.id.clone(),
            expected: item.size,
            found: count,
        });
    }
    Ok(())
}

/// Hashes every chunk on its way to the tar and turns an original's `End(Ok)` into a
/// `HashMismatch` unless its SHA-256 is the recorded one.
fn check(items: &[&Item], rx: &mpsc::Receiver<Msg>, tx: &mpsc::SyncSender<Msg>) {
    let mut it = items.iter();
    let mut current = it.next();
    let mut hasher = Sha256::new();
    while let Ok(msg) = rx.recv() {
        let msg = match msg {
            Msg::Data(d) => {
                hasher.update(&d);
                Msg::Data(d)
            }
            Msg::End(Ok(())) => {
                let found = hex::encode(std::mem::take(&mut hasher).finalize());
                let verdict = match current {
                    Some(item) if found == item.sha256 => Ok(()),
                    Some(item) => Err(ExportError::HashMismatch {
                        id: item.id.clone(),
                        expected: item.sha256.clone(),
                        found,
                    }),
                    None => Err(ExportError::Cancelled),
                };
                current = it.next();
                Msg::End(verdict)
            }
            other => other,
        };
        let stop = matches!(msg, Msg::End(Err(_)));
        if tx.send(msg).is_err() || stop {
            return;
        }
    }
}

/// The tar side of the channel: yields one original's bytes, and fails the read (so the tar
/// entry never completes) unless the reading thread confirmed the original.
struct ChannelReader<'a> {
    rx: &'a mpsc::Receiver<Msg>,
    chunk: Vec<u8>,
    pos: usize,
    done: bool,
    failure: Option<ExportError>,
    progress: &'a dyn ProgressSink,
    prog: &'a mut Progress,
}

impl Read for ChannelReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.pos < self.chunk.len() {
                let n = buf.len().min(self.chunk.len() - self.pos);
                buf[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Msg::Data(d)) => {
                    let before = self.prog.bytes_done;
                    self.prog.bytes_done += d.len() as u64;
                    if before >> 23 != self.prog.bytes_done >> 23 {
                        self.progress.update(self.prog);
                    }
                    self.chunk = d;
                    self.pos = 0;
                }
                Ok(Msg::End(Ok(()))) => self.done = true,
                Ok(Msg::End(Err(e))) => {
                    let msg = e.to_string();
                    self.failure = Some(e);
                    return Err(io::Error::other(msg));
                }
                Err(_) => {
                    self.failure = Some(ExportError::Cancelled);
                    return Err(io::Error::other("reader stopped"));
                }
            }
        }
    }
}
