//! Adding evidence: files and folders (`add_paths`) and written notes (`add_note`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{CommitError, Tx, Vault, derived};
use crate::catalog::{CatalogError, NewItem};
use crate::custody::Action;
use crate::details;
use crate::intake::{
    IntakeFailure, IntakeOptions, IntakeOutcome, IntakeReport, Prepared, prepare_file, scan_paths,
};
use crate::item::{Derived, Kind};
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

/// How [`Vault::add_paths_with`] reports and schedules.
pub struct IntakeHooks<'a> {
    /// Called on the calling thread for each file as soon as it is secured: its object is
    /// durable and its catalog commit and signed event are written (or it was already there).
    pub on_secured: Option<&'a mut dyn FnMut(&IntakeOutcome)>,
    /// Make thumbnails and perceptual hashes before returning (on a lower-priority pool, while
    /// later files are still being secured). When false they stay pending, for
    /// [`Vault::make_pending_thumbnails`].
    pub derive: bool,
    /// Stops only the derived work (items already secured stay; what is not made stays
    /// pending). `None`: the intake's own `cancel` stops it too.
    pub derived_cancel: Option<&'a CancelToken>,
}

impl Default for IntakeHooks<'_> {
    fn default() -> Self {
        IntakeHooks {
            on_secured: None,
            derive: true,
            derived_cancel: None,
        }
    }
}

/// What the intake loop receives.
enum Msg {
    Prepared(Box<Prepared>),
    Failed(IntakeFailure),
    /// A preparation worker has no more files.
    PrepDone,
    Derived(derived::Outcome),
}

impl Vault {
    /// Adds files and folders. Every readable file goes in; each problem is named in the report.
    /// Uses every core for hashing and encryption and commits on this thread; each item is
    /// secured before its thumbnail is made, and the thumbnails are made before this returns
    /// (see [`Vault::add_paths_with`]).
    pub fn add_paths(
        &self,
        paths: &[PathBuf],
        opts: &IntakeOptions,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<IntakeReport, IntakeError> {
        self.add_paths_with(paths, opts, IntakeHooks::default(), progress, cancel)
    }

    /// [`Vault::add_paths`] with a callback per secured item and control over the derived
    /// work. Files are hashed, encrypted and read for metadata on one worker per core, and
    /// committed in batches (at most 256 items, none waiting more than 250 ms); once a batch is
    /// durable its items are reported to `hooks.on_secured`. Meanwhile a pool of
    /// lower-priority threads makes their thumbnails and perceptual hashes, committed in batches
    /// of their own.
    pub fn add_paths_with(
        &self,
        paths: &[PathBuf],
        opts: &IntakeOptions,
        mut hooks: IntakeHooks<'_>,
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

        // One more than the cores: a worker waiting for its fsync leaves its core to another.
        let cores = crate::progress::worker_count(0, usize::MAX);
        let workers = crate::progress::worker_count(
            if opts.workers == 0 {
                cores + 1
            } else {
                opts.workers
            },
            files.len(),
        );
        let next = AtomicUsize::new(0);
        let bytes_done = AtomicU64::new(0);
        let current: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);
        let recipient = self.keys().recipient();
        let dir = self.dir().to_owned();
        let mut batch: Vec<Prepared> = Vec::new();
        let mut batch_since = Instant::now();
        let mut outcome: Result<(), IntakeError> = Ok(());
        let queue = derived::Queue::default();
        let derived_cancel = hooks.derived_cancel.unwrap_or(cancel).clone();
        let mut committer = derived::Committer::new();
        let mut secured_all = false;
        let mut derived_total = 0u64;
        let mut derived_done = 0u64;
        let retire = AtomicBool::new(false);

        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::sync_channel::<Msg>(workers * 2 + 8);
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
                        let msg = match prepare_file(src, dir, recipient, cancel, bytes_done) {
                            Ok(p) => Msg::Prepared(Box::new(p)),
                            Err(f) => Msg::Failed(f),
                        };
                        if tx.send(msg).is_err() {
                            break;
                        }
                    }
                    let _ = tx.send(Msg::PrepDone);
                });
            }
            // While files are being secured, the derived work runs below them in priority; once
            // they all are, these workers retire and normal-priority ones finish the rest.
            let derive_workers = if opts.workers == 0 {
                cores + 1
            } else {
                opts.workers
            };
            let mut late_tx = Some(tx.clone());
            if hooks.derive {
                for _ in 0..derive_workers {
                    let tx = tx.clone();
                    let (queue, derived_cancel, retire) = (&queue, &derived_cancel, &retire);
                    scope.spawn(move || {
                        derived::worker(self, queue, derived_cancel, Some(retire), |o| {
                            tx.send(Msg::Derived(o)).is_ok()
                        })
                    });
                }
            }
            drop(tx);
            let mut prep_running = workers;
            loop {
                match rx.recv_timeout(Duration::from_millis(50)) {
                    Ok(Msg::Prepared(prepared)) => {
                        prog.items_done += 1;
                        if outcome.is_err() {
                            continue; // drop: its temp files are deleted
                        }
                        if batch.is_empty() {
                            batch_since = Instant::now();
                        }
                        batch.push(*prepared);
                    }
                    Ok(Msg::Failed(failure)) => {
                        prog.items_done += 1;
                        report.failures.push(failure);
                    }
                    Ok(Msg::PrepDone) => prep_running -= 1,
                    Ok(Msg::Derived(o)) => {
                        derived_done += 1;
                        committer.add(o);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if !secured_all {
                    prog.bytes_done = bytes_done.load(Ordering::Relaxed);
                    prog.current = current.lock().ok().and_then(|c| c.clone());
                }
                let last = prep_running == 0;
                if outcome.is_ok()
                    && !batch.is_empty()
                    && (last || batch.len() >= BATCH_ITEMS || batch_since.elapsed() >= BATCH_WAIT)
                {
                    match self.commit_batch(std::mem::take(&mut batch), opts, &mut report) {
                        Ok(jobs) => {
                            let first_new = report.items.len() - jobs.secured;
                            if let Some(cb) = hooks.on_secured.as_mut() {
                                for o in &report.items[first_new..] {
                                    cb(o);
                                }
                            }
                            for job in jobs.jobs {
                                derived_total += 1;
                                if hooks.derive {
                                    queue.push(job);
                                }
                            }
                        }
                        Err(e) => {
                            outcome = Err(e);
                            cancel.cancel();
                            derived_cancel.cancel();
                        }
                    }
                }
                if last && !secured_all && (batch.is_empty() || outcome.is_err()) {
                    // Every file is secured (or the intake stopped): the pool finishes the rest,
                    // at normal priority.
                    secured_all = true;
                    queue.close();
                    retire.store(true, Ordering::SeqCst);
                    if let Some(tx) = late_tx.take()
                        && hooks.derive
                    {
                        for _ in 0..derive_workers {
                            let tx = tx.clone();
                            let (queue, derived_cancel) = (&queue, &derived_cancel);
                            scope.spawn(move || {
                                derived::worker(self, queue, derived_cancel, None, |o| {
                                    tx.send(Msg::Derived(o)).is_ok()
                                })
                            });
                        }
                    }
                    prog = Progress {
                        phase: "making previews",
                        items_done: derived_done,
                        items_total: derived_total,
                        bytes_done: 0,
                        bytes_total: 0,
                        current: None,
                        started: prog.started,
                    };
                }
                if secured_all {
                    prog.items_done = derived_done;
                    prog.items_total = derived_total;
                }
                progress.update(&prog);
                committer.maybe_commit(self, false);
                if committer.error.is_some() {
                    derived_cancel.cancel();
                }
            }
        });
        committer.maybe_commit(self, true);
        let mut derived = committer.report;
        derived.pending += queue.remaining();
        if !hooks.derive {
            derived.pending = derived_total as usize;
        }
        report.derived = derived;
        report.cancelled = cancel.is_cancelled() && outcome.is_ok();
        report.bytes = bytes_done.load(Ordering::Relaxed);
        prog.current = None;
        progress.update(&prog);
        outcome.map(|()| report)
    }

    /// Commits prepared files as one unit (one journal segment). Only once it is durable are its
    /// items reported as added; if it fails, none of them is in the vault. Returns the derived
    /// work the new items need.
    fn commit_batch(
        &self,
        batch: Vec<Prepared>,
        opts: &IntakeOptions,
        report: &mut IntakeReport,
    ) -> Result<Secured, IntakeError> {
        let dir = self.dir().to_owned();
        let n = batch.len();
        let committed = self.commit(|tx| -> Result<Vec<_>, CommitError> {
            let mut out = Vec::with_capacity(batch.len());
            for p in batch {
                out.push(commit_prepared(tx, &dir, p, opts)?);
            }
            Ok(out)
        })?;
        let mut jobs = Vec::new();
        for (o, job) in committed {
            report.items.push(o);
            jobs.extend(job);
        }
        Ok(Secured { secured: n, jobs })
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

/// What one intake batch secured: how many files, and the derived work their items need.
struct Secured {
    secured: usize,
    jobs: Vec<derived::Job>,
}

/// One prepared file inside an intake unit: a `reacquired` event if these bytes are already an
/// item (its staging files are dropped), else the item (its derived state pending when a
/// thumbnail is to follow), its `acquired` event and its object.
fn commit_prepared(
    tx: &mut Tx<'_>,
    dir: &Path,
    p: Prepared,
    opts: &IntakeOptions,
) -> Result<(IntakeOutcome, Option<derived::Job>), CommitError> {
    let _ = dir;
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
        return Ok((
            IntakeOutcome {
                id: existing.id,
                sha256: sha,
                path,
                kind,
                duplicate: true,
                note: None,
            },
            None,
        ));
    }
    let f = &p.facts;
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
        captured_at: f.captured_at.clone(),
        captured_at_source: f.captured_at_source,
        captured_at_flag: f.captured_at_flag,
        gps: f.gps,
        camera: f.camera.clone(),
        orientation: f.orientation,
        width: f.width,
        height: f.height,
        duration_ms: f.duration_ms,
        has_thumbnail: false,
        derived: if p.derive.is_some() {
            Derived::Pending
        } else {
            Derived::Complete
        },
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
    let job = p.derive.map(|d| derived::Job {
        num,
        id: p.id.clone(),
        kind: p.kind,
        size: new.size,
        orientation: new.orientation,
        duration_ms: new.duration_ms,
        need_thumb: true,
        bytes: d.bytes,
    });
    Ok((
        IntakeOutcome {
            id: p.id,
            sha256: sha,
            path,
            kind: p.kind,
            duplicate: false,
            note: p.note,
        },
        job,
    ))
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
