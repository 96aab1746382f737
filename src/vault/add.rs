//! Adding evidence: files and folders (`add_paths`) and written notes (`add_note`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{SaveError, Vault};
use crate::catalog::{Catalog, CatalogError, NewItem};
use crate::custody::{Action, SignError, new_body};
use crate::details;
use crate::intake::{
    IntakeFailure, IntakeOptions, IntakeOutcome, IntakeReport, Prepared, prepare_file, scan_paths,
};
use crate::item::Kind;
use crate::objects::{self, SealedTemp};
use crate::progress::{CancelToken, Progress, ProgressSink};

/// Save the catalog at least this often during a long intake, so a crash loses little.
const SAVE_INTERVAL: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error(
        "could not save the catalog ({0}); the items of this batch since the last save were not added and the vault is as it was before them. Free disk space and add them again."
    )]
    Save(SaveError),
    #[error("could not restore the catalog after a failed save: {0}")]
    Restore(String),
}

#[derive(Debug, thiserror::Error)]
pub enum NoteError {
    #[error("a note needs a title")]
    NoTitle,
    #[error("could not store the note: {0}")]
    Store(String),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// A note or testimony written in the app.
#[derive(Clone, Debug, Default)]
pub struct NoteInput {
    pub title: String,
    pub body: String,
    pub case: String,
    pub tags: Vec<String>,
    pub place: String,
    pub event_date: Option<String>,
}

/// Files committed since the last successful save: removed again if that save fails, because
/// they were never part of the vault.
#[derive(Default)]
struct Unsaved {
    files: Vec<PathBuf>,
    /// The in-memory catalog differs from the saved one.
    dirty: bool,
}

impl Vault {
    /// Adds files and folders. Every readable file goes in; each problem is named in the report.
    /// Uses every core for hashing, encryption and thumbnails; commits on this thread.
    pub fn add_paths(
        &self,
        paths: &[PathBuf],
        opts: &IntakeOptions,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<IntakeReport, IntakeError> {
        let (files, failures) = scan_paths(paths);
        let mut report = IntakeReport {
            failures,
            ..Default::default()
        };
        let mut prog = Progress::new("adding");
        prog.items_total = files.len() as u64;
        prog.bytes_total = files.iter().map(|f| f.size).sum();
        progress.update(&prog);

        let workers = crate::progress::worker_count(opts.workers, files.len());
        let next = AtomicUsize::new(0);
        let bytes_done = AtomicU64::new(0);
        let current: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);
        let recipient = self.keys().recipient();
        let dir = self.dir().to_owned();
        let mut unsaved = Unsaved::default();
        let mut last_save = Instant::now();
        let mut outcome: Result<(), IntakeError> = Ok(());

        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::sync_channel::<Result<Prepared, IntakeFailure>>(workers * 2);
            for _ in 0..workers {
                let tx = tx.clone();
                let (files, next, bytes_done, current, recipient, dir, cancel) = (
                    &files,
                    &next,
                    &bytes_done,
                    &current,
                    &recipient,
                    &dir,
                    cancel,
                );
                scope.spawn(move || {
                    loop {
                        if cancel.is_cancelled() {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(src) = files.get(i) else { break };
                        if let Ok(mut c) = current.lock() {
                            *c = Some(src.path.clone());
                        }
                        let r = prepare_file(src, dir, recipient, cancel, bytes_done);
                        if tx.send(r).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            loop {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(Ok(prepared)) => {
                        if outcome.is_err() {
                            continue; // drop: its temp files are deleted
                        }
                        match self.commit_prepared(prepared, opts, &mut unsaved) {
                            Ok(o) => report.items.push(o),
                            Err(f) => report.failures.push(f),
                        }
                        prog.items_done += 1;
                    }
                    Ok(Err(failure)) => {
                        prog.items_done += 1;
                        report.failures.push(failure);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                prog.bytes_done = bytes_done.load(Ordering::Relaxed);
                prog.current = current.lock().ok().and_then(|c| c.clone());
                progress.update(&prog);
                if outcome.is_ok() && unsaved.dirty && last_save.elapsed() >= SAVE_INTERVAL {
                    outcome = self.checkpoint(&mut unsaved, &mut report);
                    if outcome.is_err() {
                        cancel.cancel();
                    }
                    last_save = Instant::now();
                }
            }
        });
        if outcome.is_ok() && unsaved.dirty {
            outcome = self.checkpoint(&mut unsaved, &mut report);
        }
        report.cancelled = cancel.is_cancelled() && outcome.is_ok();
        report.bytes = bytes_done.load(Ordering::Relaxed);
        prog.bytes_done = report.bytes;
        prog.current = None;
        progress.update(&prog);
        outcome.map(|()| report)
    }

    /// Saves; if that fails, rolls back everything since the last save (files and catalog rows).
    fn checkpoint(
        &self,
        unsaved: &mut Unsaved,
        report: &mut IntakeReport,
    ) -> Result<(), IntakeError> {
        match self.save() {
            Ok(()) => {
                unsaved.files.clear();
                unsaved.dirty = false;
                Ok(())
            }
            Err(e) => {
                for p in unsaved.files.drain(..) {
                    // These objects were written by this batch and never recorded in a saved
                    // catalog: removing them restores the vault as it was, no evidence is lost
                    // (the originals are untouched at their source).
                    let _ = std::fs::remove_file(&p);
                }
                self.reload_catalog()
                    .map_err(|e| IntakeError::Restore(e.to_string()))?;
                let cat = self.catalog();
                report.items.retain(|o| cat.resolve(&o.id).is_ok());
                Err(IntakeError::Save(e))
            }
        }
    }

    fn commit_prepared(
        &self,
        p: Prepared,
        opts: &IntakeOptions,
        unsaved: &mut Unsaved,
    ) -> Result<IntakeOutcome, IntakeFailure> {
        let path = p.source.path.clone();
        let fail = |reason: String| IntakeFailure {
            path: path.clone(),
            reason,
        };
        let mut cat = self.catalog();
        let sha = p.object.sha256.clone();
        if let Some(existing) = cat.find_by_sha256(&sha).map_err(|e| fail(e.to_string()))? {
            // Same bytes already held: record the new acquisition instead of storing twice.
            // Dropping `p` deletes its staging files.
            let details = details! {
                "source_path" => p.source.path.display().to_string(),
                "original_name" => file_name(&p.source.path),
                "source_modified" => p.modified,
            };
            self.append_event(
                &cat,
                existing.num,
                &existing.id,
                &sha,
                Action::Reacquired,
                details,
            )
            .map_err(|e| fail(e.to_string()))?;
            let kind = cat.item(existing.num).map(|i| i.kind).unwrap_or(Kind::File);
            return Ok(IntakeOutcome {
                id: existing.id,
                sha256: sha,
                path,
                kind,
                duplicate: true,
                note: None,
            });
        }
        let object_path = objects::object_path(self.dir(), &p.id);
        let thumb_path = objects::thumb_path(self.dir(), &p.id);
        let exif = p.exif.clone().unwrap_or_default();
        let new = NewItem {
            id: p.id.clone(),
            kind: Some(p.kind),
            sha256: sha.clone(),
            size: p.object.size,
            mime: p.mime.clone(),
            original_name: Some(file_name(&p.source.path)),
            source_path: Some(p.source.path.display().to_string()),
            source_modified: p.modified.clone(),
            added_at: crate::custody::now_stamp().0,
            case: opts.case.trim().to_owned(),
            tags: opts.tags.clone(),
            captured_at: exif.captured_at.clone(),
            gps: exif.gps,
            camera: exif.camera.clone(),
            orientation: exif.orientation,
            width: p.width,
            height: p.height,
            has_thumbnail: p.thumbnail.is_some(),
            intake_note: p.note.clone(),
            ..Default::default()
        };
        let details = details! {
            "source_path" => p.source.path.display().to_string(),
            "original_name" => file_name(&p.source.path),
            "size" => p.object.size,
            "source_modified" => p.modified,
            "mime" => p.mime,
            "kind" => p.kind.as_str(),
            "tool" => concat!("evidence-vault ", env!("CARGO_PKG_VERSION")),
        };
        let Prepared {
            object,
            thumbnail,
            id,
            kind,
            note,
            ..
        } = p;
        let mark = unsaved.files.len();
        let stored = commit_file(object, &object_path, unsaved)
            .map_err(|e| fail(format!("could not store: {e}")))
            .and_then(|()| match thumbnail {
                Some(t) => commit_file(t, &thumb_path, unsaved)
                    .map_err(|e| fail(format!("could not store thumbnail: {e}"))),
                None => Ok(()),
            })
            .and_then(|()| {
                insert_with_event(self, &mut cat, &new, details).map_err(|e| fail(e.to_string()))
            });
        if let Err(f) = stored {
            // Never recorded in the catalog: these copies are not part of the vault.
            for p in unsaved.files.drain(mark..) {
                let _ = std::fs::remove_file(p);
            }
            return Err(f);
        }
        Ok(IntakeOutcome {
            id,
            sha256: sha,
            path,
            kind,
            duplicate: false,
            note,
        })
    }

    /// Writes a note as a text item: stored and hashed exactly like a file.
    pub fn add_note(&self, note: &NoteInput) -> Result<IntakeOutcome, NoteError> {
        let title = note.title.trim();
        if title.is_empty() {
            return Err(NoteError::NoTitle);
        }
        let id = objects::new_id();
        let object_path = objects::object_path(self.dir(), &id);
        let staging = object_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.dir().join("objects"));
        let recipient = self.keys().recipient();
        let sealed = objects::seal_bytes(note.body.as_bytes(), &staging, &[&recipient])
            .map_err(|e| NoteError::Store(e.to_string()))?;
        let sha = sealed.sha256.clone();
        let name = format!("{}.txt", crate::text::safe_file_stem(title));
        let mut cat = self.catalog();
        if let Some(existing) = cat.find_by_sha256(&sha)? {
            self.append_event(
                &cat,
                existing.num,
                &existing.id,
                &sha,
                Action::Reacquired,
                details! {"note_title" => title},
            )?;
            drop(cat);
            self.save()?;
            return Ok(IntakeOutcome {
                id: existing.id,
                sha256: sha,
                path: PathBuf::from(name),
                kind: Kind::Text,
                duplicate: true,
                note: None,
            });
        }
        let mut unsaved = Unsaved::default();
        let size = sealed.size;
        commit_file(sealed, &object_path, &mut unsaved)
            .map_err(|e| NoteError::Store(e.to_string()))?;
        let new = NewItem {
            id: id.clone(),
            kind: Some(Kind::Text),
            sha256: sha.clone(),
            size,
            mime: "text/plain; charset=utf-8".into(),
            original_name: Some(name.clone()),
            added_at: crate::custody::now_stamp().0,
            title: title.to_owned(),
            case: note.case.trim().to_owned(),
            tags: note.tags.clone(),
            place: note.place.trim().to_owned(),
            event_date: note.event_date.clone().filter(|d| !d.trim().is_empty()),
            note_body: Some(note.body.clone()),
            ..Default::default()
        };
        let details = details! {"written_in_app" => true, "title" => title, "size" => size, "tool" => concat!("evidence-vault ", env!("CARGO_PKG_VERSION"))};
        insert_with_event(self, &mut cat, &new, details).map_err(|e| match e {
            InsertError::Catalog(c) => NoteError::Catalog(c),
            InsertError::Sign(s) => NoteError::Sign(s),
        })?;
        if let Err(e) = self.save_locked(&cat) {
            drop(cat);
            for p in unsaved.files.drain(..) {
                let _ = std::fs::remove_file(p);
            }
            let _ = self.reload_catalog();
            return Err(e.into());
        }
        Ok(IntakeOutcome {
            id,
            sha256: sha,
            path: PathBuf::from(name),
            kind: Kind::Text,
            duplicate: false,
            note: None,
        })
    }

    /// Seals and appends one custody event to the item's own chain.
    pub(crate) fn append_event(
        &self,
        cat: &Catalog,
        num: i64,
        id: &str,
        sha256: &str,
        action: Action,
        details: std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Result<(), InsertError> {
        let prev = cat.last_event(id, &self.info().vault_id)?;
        let body = new_body(
            id,
            sha256,
            &self.info().vault_id,
            self.actor(),
            action,
            details,
        );
        let ev = self.keys().signer.seal(body, prev.as_ref())?;
        cat.append_event(num, &ev)?;
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InsertError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Sign(#[from] SignError),
}

impl From<InsertError> for NoteError {
    fn from(e: InsertError) -> Self {
        match e {
            InsertError::Catalog(c) => NoteError::Catalog(c),
            InsertError::Sign(s) => NoteError::Sign(s),
        }
    }
}

/// Inserts the item and its `acquired` event in one transaction.
fn insert_with_event(
    vault: &Vault,
    cat: &mut Catalog,
    new: &NewItem,
    details: std::collections::BTreeMap<String, serde_json::Value>,
) -> Result<i64, InsertError> {
    cat.transaction(|c| {
        let num = c.insert_item(new)?;
        vault.append_event(c, num, &new.id, &new.sha256, Action::Acquired, details)?;
        Ok(num)
    })
}

fn commit_file(sealed: SealedTemp, target: &Path, unsaved: &mut Unsaved) -> std::io::Result<()> {
    sealed.commit(target)?;
    unsaved.files.push(target.to_owned());
    unsaved.dirty = true;
    Ok(())
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
