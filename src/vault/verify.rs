//! Fixity and custody verification of the whole vault, and re-adoption of orphaned objects.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use super::{CommitError, Vault};
use crate::catalog::{NewItem, StoredObject};
use crate::custody::{Action, ChainProblem, verify_chain};
use crate::details;
use crate::intake::IntakeOutcome;
use crate::intake::exif::read_exif;
use crate::intake::mime;
use crate::intake::thumb::make_thumbnail;
use crate::item::Kind;
use crate::objects::{self, CHUNK};
use crate::progress::{CancelToken, Progress, ProgressSink};

#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    /// Take unreferenced objects back into the catalog.
    pub repair: bool,
    /// Append a `verified` custody event to every item checked.
    pub record: bool,
    /// Worker threads; 0 means one per core.
    pub workers: usize,
}

/// Something wrong with one item.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyProblem {
    #[error("item {id}: object file is missing ({path})")]
    Missing { id: String, path: PathBuf },
    #[error("item {id}: object cannot be decrypted or was altered ({reason})")]
    Unreadable { id: String, reason: String },
    #[error("item {id}: SHA-256 mismatch: recorded {expected}, stored object gives {found}")]
    HashMismatch {
        id: String,
        expected: String,
        found: String,
    },
    #[error("item {id}: size mismatch: recorded {expected} bytes, stored object has {found}")]
    SizeMismatch {
        id: String,
        expected: u64,
        found: u64,
    },
    #[error("item {id}: thumbnail cannot be decrypted or was altered ({reason})")]
    Thumbnail { id: String, reason: String },
    #[error("item {id}: custody log: {problem}")]
    Custody { id: String, problem: ChainProblem },
    #[error("incident {id}: {problem}")]
    Incident {
        id: String,
        problem: crate::incident::IncidentProblem,
    },
}

impl VerifyProblem {
    pub fn item_id(&self) -> &str {
        match self {
            VerifyProblem::Missing { id, .. }
            | VerifyProblem::Unreadable { id, .. }
            | VerifyProblem::HashMismatch { id, .. }
            | VerifyProblem::SizeMismatch { id, .. }
            | VerifyProblem::Thumbnail { id, .. }
            | VerifyProblem::Custody { id, .. }
            | VerifyProblem::Incident { id, .. } => id,
        }
    }
}

/// An object file with no catalog entry (typically left by an interrupted intake).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreferenced {
    pub id: String,
    pub path: PathBuf,
    /// Set by a repair that could not adopt it (e.g. its bytes are already another item).
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct VerifyReport {
    pub items_checked: u64,
    /// Incidents whose chains and stored state were checked.
    pub incidents_checked: u64,
    pub bytes_checked: u64,
    pub problems: Vec<VerifyProblem>,
    pub unreferenced: Vec<Unreferenced>,
    pub readopted: Vec<IntakeOutcome>,
    /// Partial staging files from interrupted writes (encrypted, incomplete; safe to delete by hand).
    pub partial_files: Vec<PathBuf>,
    pub cancelled: bool,
}

impl VerifyReport {
    /// True when every object and every custody chain checks out and nothing is left unreferenced.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.unreferenced.is_empty() && !self.cancelled
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("could not list {path}: {source}")]
    Scan {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    #[error("could not record the results: {0}")]
    Record(#[from] super::CommitError),
}

impl Vault {
    /// Decrypts and hashes every object, checks every thumbnail, every custody chain and
    /// signature, and looks for objects the catalog does not know.
    pub fn verify(
        &self,
        opts: &VerifyOptions,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<VerifyReport, VerifyError> {
        let objects = self.catalog().stored_objects()?;
        let mut report = VerifyReport::default();
        let mut prog = Progress::new("verifying");
        prog.items_total = objects.len() as u64;
        prog.bytes_total = objects.iter().map(|o| o.size).sum();
        progress.update(&prog);

        let workers = crate::progress::worker_count(opts.workers, objects.len());
        let next = AtomicUsize::new(0);
        let bytes = AtomicU64::new(0);
        let mut fixity: Vec<(usize, Vec<VerifyProblem>)> = Vec::new();
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::channel();
            for _ in 0..workers {
                let tx = tx.clone();
                let (objects, next, bytes) = (&objects, &next, &bytes);
                scope.spawn(move || {
                    loop {
                        if cancel.is_cancelled() {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(o) = objects.get(i) else { break };
                        let problems = self.check_object(o, cancel, bytes);
                        if tx.send((i, problems)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            loop {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(r) => {
                        prog.items_done += 1;
                        fixity.push(r);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                prog.bytes_done = bytes.load(Ordering::Relaxed);
                progress.update(&prog);
            }
        });
        report.cancelled = cancel.is_cancelled();
        fixity.sort_by_key(|(i, _)| *i);
        report.items_checked = fixity.len() as u64;
        report.bytes_checked = bytes.load(Ordering::Relaxed);

        let mut per_item: Vec<Vec<VerifyProblem>> = vec![Vec::new(); objects.len()];
        for (i, p) in fixity {
            per_item[i] = p;
        }
        {
            let cat = self.catalog();
            for (o, problems) in objects.iter().zip(per_item.iter_mut()) {
                let chains = cat.chains(o.num)?;
                if !chains.iter().any(|c| c[0].body.item_id == o.id) {
                    problems.push(VerifyProblem::Custody {
                        id: o.id.clone(),
                        problem: ChainProblem::Empty,
                    });
                }
                for chain in &chains {
                    for problem in verify_chain(chain, &chain[0].body.item_id, &o.sha256) {
                        problems.push(VerifyProblem::Custody {
                            id: o.id.clone(),
                            problem,
                        });
                    }
                }
            }
        }

        let known: HashSet<&str> = objects.iter().map(|o| o.id.as_str()).collect();
        let (unreferenced, partial) = scan_objects(self.dir(), &known)?;
        report.partial_files = partial;
        report.unreferenced = unreferenced;

        if opts.record && !report.cancelled {
            self.commit(|tx| -> Result<(), VerifyError> {
                for (o, problems) in objects
                    .iter()
                    .zip(per_item.iter())
                    .take(report.items_checked as usize)
                {
                    let result = if problems.is_empty() { "ok" } else { "failed" };
                    let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
                    tx.record(
                        o.num,
                        &o.id,
                        &o.sha256,
                        Action::Verified,
                        details! {"result" => result, "problems" => msgs},
                    )?;
                }
                Ok(())
            })?;
        }
        report.problems = per_item.into_iter().flatten().collect();
        let (checked, incident_problems) = self.check_incidents()?;
        report.incidents_checked = checked;
        for (id, problems) in incident_problems {
            for problem in problems {
                report.problems.push(VerifyProblem::Incident {
                    id: id.clone(),
                    problem,
                });
            }
        }

        if opts.repair && !report.unreferenced.is_empty() {
            let pending = std::mem::take(&mut report.unreferenced);
            for u in pending {
                match self.readopt(&u) {
                    Ok(outcome) => report.readopted.push(outcome),
                    Err(reason) => report.unreferenced.push(Unreferenced {
                        reason: Some(reason),
                        ..u
                    }),
                }
            }
        }
        Ok(report)
    }

    fn check_object(
        &self,
        o: &StoredObject,
        cancel: &CancelToken,
        bytes: &AtomicU64,
    ) -> Vec<VerifyProblem> {
        let mut problems = Vec::new();
        let path = objects::object_path(self.dir(), &o.id);
        match objects::hash_sealed(&path, &self.keys().identity, cancel, |n| {
            bytes.fetch_add(n, Ordering::Relaxed);
        }) {
            Err(objects::OpenError::Missing { path }) => problems.push(VerifyProblem::Missing {
                id: o.id.clone(),
                path,
            }),
            Err(e) => problems.push(VerifyProblem::Unreadable {
                id: o.id.clone(),
                reason: e.to_string(),
            }),
            Ok(_) if cancel.is_cancelled() => {}
            Ok((sha, size)) => {
                if sha != o.sha256 {
                    problems.push(VerifyProblem::HashMismatch {
                        id: o.id.clone(),
                        expected: o.sha256.clone(),
                        found: sha,
                    });
                }
                if size != o.size {
                    problems.push(VerifyProblem::SizeMismatch {
                        id: o.id.clone(),
                        expected: o.size,
                        found: size,
                    });
                }
            }
        }
        if o.has_thumbnail {
            let tp = objects::thumb_path(self.dir(), &o.id);
            if let Err(e) = objects::read_sealed(&tp, &self.keys().identity, 4 * 1024 * 1024) {
                problems.push(VerifyProblem::Thumbnail {
                    id: o.id.clone(),
                    reason: e.to_string(),
                });
            }
        }
        problems
    }

    /// Takes an orphaned object back in: decrypts and hashes it, extracts what it can, and records
    /// a `readopted` event. Refuses (without deleting anything) if the bytes are already an item.
    fn readopt(&self, u: &Unreferenced) -> Result<IntakeOutcome, String> {
        let mut reader =
            objects::open_sealed(&u.path, &self.keys().identity).map_err(|e| e.to_string())?;
        let mut hasher = sha2::Sha256::new();
        let mut keep: Vec<u8> = Vec::new();
        let mut head_mime: Option<String> = None;
        let mut size = 0u64;
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = reader
                .read(&mut buf)
                .map_err(|e| format!("cannot be decrypted: {e}"))?;
            if n == 0 {
                break;
            }
            use sha2::Digest;
            hasher.update(&buf[..n]);
            if head_mime.is_none() {
                head_mime = Some(mime::sniff(&buf[..n]));
            }
            if head_mime.as_deref().is_some_and(mime::may_be_image)
                && (keep.len() + n) as u64 <= crate::intake::IMAGE_BUFFER_LIMIT_FOR_READOPT
            {
                keep.extend_from_slice(&buf[..n]);
            }
            size += n as u64;
        }
        use sha2::Digest;
        let sha = hex::encode(hasher.finalize());
        let mime = head_mime.unwrap_or_else(|| "application/x-empty".into());
        if let Some(existing) = self
            .catalog()
            .find_by_sha256(&sha)
            .map_err(|e| e.to_string())?
        {
            return Err(format!("same bytes as item {}; left in place", existing.id));
        }
        let exif = if keep.is_empty() {
            None
        } else {
            read_exif(&keep)
        };
        let orientation = exif.as_ref().and_then(|e| e.orientation);
        let mut kind = Kind::File;
        let mut thumb = None;
        let (mut width, mut height) = (None, None);
        let tp = objects::thumb_path(self.dir(), &u.id);
        // An interrupted intake may have placed the thumbnail already: keep it.
        let thumb_on_disk = tp.exists();
        if !keep.is_empty()
            && let Ok((jpeg, w, h)) = make_thumbnail(&keep, orientation)
        {
            kind = Kind::Photo;
            width = Some(w);
            height = Some(h);
            let staging = tp
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| self.dir().join("thumbs"));
            let recipient = self.keys().recipient();
            if !thumb_on_disk {
                thumb = objects::seal_bytes(&jpeg, &staging, &[&recipient]).ok();
            }
        }
        let e = exif.unwrap_or_default();
        let captured_at_flag = e
            .captured_at
            .as_deref()
            .and_then(|c| crate::intake::exif::date_flag(c, chrono::Utc::now()));
        let new = NewItem {
            id: u.id.clone(),
            kind: Some(kind),
            sha256: sha.clone(),
            size,
            mime: mime.clone(),
            added_at: crate::custody::now_stamp().0,
            captured_at: e.captured_at,
            gps: e.gps,
            camera: e.camera,
            orientation: e.orientation,
            width: width.or(e.width),
            height: height.or(e.height),
            has_thumbnail: thumb.is_some() || (thumb_on_disk && kind == Kind::Photo),
            captured_at_source: e.captured_at_source,
            captured_at_flag,
            // Its perceptual hash is made by the next `make_pending_thumbnails`.
            derived: if kind == Kind::Photo {
                crate::item::Derived::Pending
            } else {
                crate::item::Derived::Complete
            },
            intake_note: Some("re-adopted by verify --repair: the object was found without a catalog entry (interrupted intake?); its original name and source are unknown".into()),
            ..Default::default()
        };
        self.commit(|tx| -> Result<(), CommitError> {
            if tx.find_by_sha256(&sha)?.is_some() {
                return Ok(());
            }
            let num = tx.insert_item(&new)?;
            tx.record(
                num,
                &new.id,
                &sha,
                Action::Readopted,
                details! {"object" => u.path.display().to_string(), "size" => size, "mime" => mime},
            )?;
            if let Some(t) = thumb {
                tx.place(t, tp.clone());
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        Ok(IntakeOutcome {
            id: u.id.clone(),
            sha256: sha,
            path: u.path.clone(),
            kind,
            duplicate: false,
            note: new.intake_note,
        })
    }
}

/// Finds `objects/*/ID.age` files that the catalog does not list, and leftover `.part` files.
fn scan_objects(
    dir: &Path,
    known: &HashSet<&str>,
) -> Result<(Vec<Unreferenced>, Vec<PathBuf>), VerifyError> {
    let root = dir.join("objects");
    let mut unreferenced = Vec::new();
    let mut partial = Vec::new();
    let shards = match fs::read_dir(&root) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((unreferenced, partial)),
        Err(source) => return Err(VerifyError::Scan { path: root, source }),
    };
    for shard in shards {
        let shard = shard.map_err(|source| VerifyError::Scan {
            path: root.clone(),
            source,
        })?;
        if !shard.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            continue;
        }
        let entries = fs::read_dir(shard.path()).map_err(|source| VerifyError::Scan {
            path: shard.path(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| VerifyError::Scan {
                path: shard.path(),
                source,
            })?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".part") {
                partial.push(path);
            } else if let Some(id) = name.strip_suffix(".age")
                && !known.contains(id)
                && id.len() == 32
                && id.chars().all(|c| c.is_ascii_hexdigit())
            {
                unreferenced.push(Unreferenced {
                    id: id.to_owned(),
                    path,
                    reason: None,
                });
            }
        }
    }
    unreferenced.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((unreferenced, partial))
}
