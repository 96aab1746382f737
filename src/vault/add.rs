//! Adding evidence: files and folders (`add_paths`) and written notes (`add_note`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{CommitError, Tx, Vault};
use crate::catalog::{CatalogError, NewItem};
use crate::custody::Action;
use crate::details;
use crate::intake::{
    IntakeFailure, IntakeOptions, IntakeOutcome, IntakeReport, Prepared, prepare_file, scan_paths,
};
use crate::item::Kind;
use crate::objects;
use crate::progress::{CancelToken, Progress, ProgressSink};

/// Prepared files are committed together, one journal segment per batch: at most this many…
const BATCH_ITEMS: usize = 256;
/// …and none waits longer than this to be secured.
const BATCH_WAIT: Duration = Duration::from_millis(250);

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error(
        "could not record the batch ({0}); its files were not added and the vault is as it was before them. Free disk space and add them again."
    )]
    Commit(#[from] CommitError),
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
    Commit(#[from] CommitError),
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
        let mut batch: Vec<Prepared> = Vec::new();
        let mut batch_since = Instant::now();
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
                        prog.items_done += 1;
                        if outcome.is_err() {
                            continue; // drop: its temp files are deleted
                        }
                        if batch.is_empty() {
                            batch_since = Instant::now();
                        }
                        batch.push(prepared);
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
                if outcome.is_ok()
                    && !batch.is_empty()
                    && (batch.len() >= BATCH_ITEMS || batch_since.elapsed() >= BATCH_WAIT)
                {
                    outcome = self.commit_batch(std::mem::take(&mut batch), opts, &mut report);
                    if outcome.is_err() {
                        cancel.cancel();
                    }
                }
            }
        });
        if outcome.is_ok() && !batch.is_empty() {
            outcome = self.commit_batch(std::mem::take(&mut batch), opts, &mut report);
        }
        report.cancelled = cancel.is_cancelled() && outcome.is_ok();
        report.bytes = bytes_done.load(Ordering::Relaxed);
        prog.bytes_done = report.bytes;
        prog.current = None;
        progress.update(&prog);
        outcome.map(|()| report)
    }

    /// Commits prepared files as one unit (one journal segment). Only once it is durable are its
    /// items reported as added; if it fails, none of them is in the vault.
    fn commit_batch(
        &self,
        batch: Vec<Prepared>,
        opts: &IntakeOptions,
        report: &mut IntakeReport,
    ) -> Result<(), IntakeError> {
        let dir = self.dir().to_owned();
        let outcomes = self.commit(|tx| -> Result<Vec<IntakeOutcome>, CommitError> {
            let mut out = Vec::with_capacity(batch.len());
            for p in batch {
                out.push(commit_prepared(tx, &dir, p, opts)?);
            }
            Ok(out)
        })?;
        report.items.extend(outcomes);
        Ok(())
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
        let size = sealed.size;
        let name = format!("{}.txt", crate::text::safe_file_stem(title));
        self.commit(|tx| -> Result<IntakeOutcome, NoteError> {
            if let Some(existing) = tx.find_by_sha256(&sha)? {
                tx.record(
                    existing.num,
                    &existing.id,
                    &sha,
                    Action::Reacquired,
                    details! {"note_title" => title},
                )?;
                return Ok(IntakeOutcome {
                    id: existing.id,
                    sha256: sha.clone(),
                    path: PathBuf::from(&name),
                    kind: Kind::Text,
                    duplicate: true,
                    note: None,
                });
            }
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
            let num = tx.insert_item(&new)?;
            tx.record(
                num,
                &id,
                &sha,
                Action::Acquired,
                details! {"written_in_app" => true, "title" => title, "size" => size, "tool" => concat!("evidence-vault ", env!("CARGO_PKG_VERSION"))},
            )?;
            tx.place(sealed, object_path);
            Ok(IntakeOutcome {
                id: id.clone(),
                sha256: sha.clone(),
                path: PathBuf::from(&name),
                kind: Kind::Text,
                duplicate: false,
                note: None,
            })
        })
    }
}

/// One prepared file inside an intake unit: a `reacquired` event if these bytes are already an
/// item (its staging files are dropped), else the item, its `acquired` event and its files.
fn commit_prepared(
    tx: &mut Tx<'_>,
    dir: &Path,
    p: Prepared,
    opts: &IntakeOptions,
) -> Result<IntakeOutcome, CommitError> {
    let path = p.source.path.clone();
    let sha = p.object.sha256.clone();
    if let Some(existing) = tx.find_by_sha256(&sha)? {
        tx.record(
            existing.num,
            &existing.id,
            &sha,
            Action::Reacquired,
            details! {
                "source_path" => source_path(&p.source.path, opts),
                "original_name" => file_name(&p.source.path),
                "source_modified" => p.modified,
            },
        )?;
        let kind = tx.item(existing.num).map(|i| i.kind).unwrap_or(Kind::File);
        return Ok(IntakeOutcome {
            id: existing.id,
            sha256: sha,
            path,
            kind,
            duplicate: true,
            note: None,
        });
    }
    let exif = p.exif.clone().unwrap_or_default();
    let new = NewItem {
        id: p.id.clone(),
        kind: Some(p.kind),
        sha256: sha.clone(),
        size: p.object.size,
        mime: p.mime.clone(),
        original_name: Some(file_name(&p.source.path)),
        source_path: source_path(&p.source.path, opts),
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
        "source_path" => source_path(&p.source.path, opts),
        "original_name" => file_name(&p.source.path),
        "size" => p.object.size,
        "source_modified" => p.modified,
        "mime" => p.mime,
        "kind" => p.kind.as_str(),
        "tool" => concat!("evidence-vault ", env!("CARGO_PKG_VERSION")),
    };
    let num = tx.insert_item(&new)?;
    tx.record(num, &p.id, &sha, Action::Acquired, details)?;
    tx.place(p.object, objects::object_path(dir, &p.id));
    if let Some(t) = p.thumbnail {
        tx.place(t, objects::thumb_path(dir, &p.id));
    }
    Ok(IntakeOutcome {
        id: p.id,
        sha256: sha,
        path,
        kind: p.kind,
        duplicate: false,
        note: p.note,
    })
}

/// The full source path only when the user asked for it (see `IntakeOptions`).
fn source_path(p: &Path, opts: &IntakeOptions) -> Option<String> {
    opts.record_source_path.then(|| p.display().to_string())
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
