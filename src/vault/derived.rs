//! What is derived from an item after it is secured: its thumbnail and perceptual hash.
//!
//! Intake commits each item (object, catalog row, signed `acquired` event) without waiting for
//! them; the item is recorded with its derived state `pending`. A pool of lower-priority threads
//! then makes them (from the image still in memory, or by decrypting the stored object), and
//! their results are committed in batches through the one commit path: the encrypted thumbnail
//! placed, `has_thumbnail`, the hash and the new state written in one journal segment. Whatever
//! is still pending when a run stops (cancelled, interrupted, crashed) is found again by
//! [`Vault::pending_derived`] and made by [`Vault::make_pending_thumbnails`], which the programs
//! call after opening a vault. An item whose format needs a program that is not installed
//! (ffmpeg, libheif) gets the state `needs_tool` and is retried once the program is there.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::{CommitError, Vault};
use crate::catalog::{CatalogError, ItemRef};
use crate::intake::thumb::{self, DecodeError};
use crate::intake::{DerivedReport, IMAGE_BUFFER_LIMIT, ffmpeg, heif, phash};
use crate::item::{Derived, Kind, MediaTool};
use crate::objects::{self, SealedTemp};
use crate::progress::{CancelToken, Progress, ProgressSink};

/// Results are committed together: at most this many per journal segment…
const BATCH_ITEMS: usize = 128;
/// …and none waits longer than this.
const BATCH_WAIT: Duration = Duration::from_millis(500);
/// Plaintext of images waiting in memory for their thumbnail, at most; beyond it, jobs decrypt
/// their stored object instead.
pub(crate) const QUEUE_BYTES: usize = 384 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum DerivedError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(
        "could not record the thumbnails made ({0}); the items are safe and their thumbnails stay pending — they are made again next time"
    )]
    Commit(#[from] CommitError),
}

/// One item whose derived data is still to be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingItem {
    pub id: String,
    pub kind: Kind,
    /// `Pending`, or `NeedsTool` (retried when the tool is installed).
    pub state: Derived,
}

/// Which external programs for previews are installed on this computer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaTools {
    pub ffmpeg: bool,
    pub heif: bool,
}

impl MediaTools {
    /// Looks them up in `PATH` now.
    pub fn detect() -> Self {
        MediaTools {
            ffmpeg: ffmpeg::available(),
            heif: heif::available(),
        }
    }
    pub fn has(&self, t: MediaTool) -> bool {
        match t {
            MediaTool::Ffmpeg => self.ffmpeg,
            MediaTool::Heif => self.heif,
        }
    }
}

/// Work for one item.
pub(crate) struct Job {
    pub num: i64,
    pub id: String,
    pub kind: Kind,
    pub size: u64,
    pub orientation: Option<u16>,
    pub duration_ms: Option<u64>,
    /// False when a thumbnail exists already (only the hash is missing).
    pub need_thumb: bool,
    /// The plaintext, when intake still has it in memory.
    pub bytes: Option<Zeroizing<Vec<u8>>>,
}

/// What came of one job.
pub(crate) enum Outcome {
    Made {
        num: i64,
        id: String,
        thumb: Option<SealedTemp>,
        phash: phash::PHash,
    },
    NeedsTool {
        num: i64,
        id: String,
        tool: MediaTool,
    },
    Failed {
        num: i64,
        id: String,
        reason: String,
    },
}

/// The jobs waiting for the pool, with the memory their images hold.
#[derive(Default)]
pub(crate) struct Queue {
    state: Mutex<QueueState>,
    ready: Condvar,
}

#[derive(Default)]
struct QueueState {
    jobs: VecDeque<Job>,
    bytes: usize,
    closed: bool,
}

impl Queue {
    /// Adds a job; its image bytes are dropped (it will decrypt the object) when the queue
    /// already holds [`QUEUE_BYTES`].
    pub fn push(&self, mut job: Job) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let n = job.bytes.as_ref().map_or(0, |b| b.len());
        if s.bytes + n > QUEUE_BYTES {
            job.bytes = None;
        } else {
            s.bytes += n;
        }
        s.jobs.push_back(job);
        self.ready.notify_one();
    }

    /// No more jobs will come: workers end when the queue is empty.
    pub fn close(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.closed = true;
        self.ready.notify_all();
    }

    /// The next job, waiting for one; `None` once closed and empty, when cancelled, or when
    /// `retire` is set.
    fn pop_until(
        &self,
        cancel: &CancelToken,
        retire: Option<&std::sync::atomic::AtomicBool>,
    ) -> Option<Job> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if cancel.is_cancelled()
                || retire.is_some_and(|r| r.load(std::sync::atomic::Ordering::SeqCst))
            {
                return None;
            }
            if let Some(j) = s.jobs.pop_front() {
                s.bytes -= j.bytes.as_ref().map_or(0, |b| b.len());
                return Some(j);
            }
            if s.closed {
                return None;
            }
            s = self
                .ready
                .wait_timeout(s, Duration::from_millis(100))
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
        }
    }

    /// Jobs never started.
    pub fn remaining(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .jobs
            .len()
    }
}

/// Lowers the calling thread's scheduling priority (Linux: per-thread nice 10), so that the
/// work that secures items runs first on a busy machine.
pub(crate) fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// Runs jobs from `queue` until it is closed and empty (or `cancel`), sending each outcome. With
/// `retire`, the thread runs at lower priority (below the work that secures items) and stops
/// taking jobs once `retire` is set (intake then starts workers of normal priority: an
/// unprivileged thread cannot raise its priority again).
pub(crate) fn worker(
    vault: &Vault,
    queue: &Queue,
    cancel: &CancelToken,
    retire: Option<&std::sync::atomic::AtomicBool>,
    send: impl Fn(Outcome) -> bool,
) {
    if retire.is_some() {
        lower_thread_priority();
    }
    let recipient = vault.recipient();
    loop {
        if retire.is_some_and(|r| r.load(std::sync::atomic::Ordering::SeqCst)) {
            break;
        }
        let Some(job) = queue.pop_until(cancel, retire) else {
            break;
        };
        let out = make(vault, job, &recipient);
        if !send(out) {
            break;
        }
    }
}

/// Makes the thumbnail and hash of one item.
fn make(vault: &Vault, job: Job, recipient: &age::x25519::Recipient) -> Outcome {
    let (num, id) = (job.num, job.id.clone());
    let result = match job.kind {
        Kind::Photo => photo(vault, &job),
        Kind::Video => video(vault, &job),
        _ => Err(DecodeError::Unsupported),
    };
    match result {
        Ok((jpeg, hash)) => {
            let thumb = match jpeg {
                Some(jpeg) => {
                    let dir = thumbs_dir(vault.dir(), &id);
                    match objects::seal_bytes(&jpeg, &dir, &[recipient]) {
                        Ok(t) => Some(t),
                        Err(e) => {
                            return Outcome::Failed {
                                num,
                                id,
                                reason: format!("the thumbnail could not be stored: {e}"),
                            };
                        }
                    }
                }
                None => None,
            };
            Outcome::Made {
                num,
                id,
                thumb,
                phash: hash,
            }
        }
        Err(DecodeError::NeedsTool(tool)) => Outcome::NeedsTool { num, id, tool },
        Err(e) => Outcome::Failed {
            num,
            id,
            reason: e.to_string(),
        },
    }
}

fn thumbs_dir(vault: &Path, id: &str) -> std::path::PathBuf {
    objects::thumb_path(vault, id)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| vault.join("thumbs"))
}

/// A photo: from the bytes in memory or the decrypted object; when only the hash is missing and
/// a thumbnail exists, from the thumbnail (already oriented).
fn photo(vault: &Vault, job: &Job) -> Result<(Option<Vec<u8>>, phash::PHash), DecodeError> {
    if !job.need_thumb
        && let Ok(Some(t)) = vault.thumbnail(&job.id)
    {
        let img = thumb::decode_plain(&t, thumb::THUMB_SIZE)?;
        return Ok((None, phash::phash(&img)));
    }
    let owned;
    let bytes: &[u8] = match &job.bytes {
        Some(b) => b,
        None => {
            if job.size > IMAGE_BUFFER_LIMIT {
                return Err(DecodeError::Corrupt(format!(
                    "the image is larger than {} MiB",
                    IMAGE_BUFFER_LIMIT / (1024 * 1024)
                )));
            }
            owned = read_object(vault, &job.id, job.size)?;
            &owned
        }
    };
    let d = thumb::make_derived(bytes, job.orientation)?;
    Ok((job.need_thumb.then_some(d.jpeg), d.phash))
}

fn read_object(vault: &Vault, id: &str, size: u64) -> Result<Zeroizing<Vec<u8>>, DecodeError> {
    use std::io::Read;
    let reader = vault
        .open_object(id)
        .map_err(|e| DecodeError::Corrupt(format!("the stored object cannot be opened: {e}")))?;
    let mut buf = Zeroizing::new(Vec::with_capacity(size as usize));
    reader
        .take(IMAGE_BUFFER_LIMIT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| DecodeError::Corrupt(format!("the stored object cannot be decrypted: {e}")))?;
    Ok(buf)
}

/// A video: one frame through ffmpeg.
fn video(vault: &Vault, job: &Job) -> Result<(Option<Vec<u8>>, phash::PHash), DecodeError> {
    let mut reader = vault
        .open_object(&job.id)
        .map_err(|e| DecodeError::Corrupt(format!("the stored object cannot be opened: {e}")))?;
    let frame = ffmpeg::frame(&mut reader, job.size, job.duration_ms, thumb::THUMB_SIZE)?;
    let jpeg = thumb::encode_thumbnail(&frame)?;
    Ok((job.need_thumb.then_some(jpeg), phash::phash(&frame)))
}

/// Commits outcomes as one unit; returns how many items each state got.
pub(crate) fn commit_outcomes(
    vault: &Vault,
    outcomes: Vec<Outcome>,
    report: &mut DerivedReport,
) -> Result<(), CommitError> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let dir = vault.dir().to_owned();
    let mut made = 0;
    let mut needs = Vec::new();
    let mut failed = Vec::new();
    vault.commit(|tx| -> Result<(), CommitError> {
        for o in outcomes {
            match o {
                Outcome::Made {
                    num,
                    id,
                    thumb,
                    phash,
                } => {
                    if let Some(t) = thumb {
                        let target = objects::thumb_path(&dir, &id);
                        // A thumbnail placed by a run that stopped before its segment: keep it.
                        if !target.exists() {
                            tx.place(t, target);
                        }
                        tx.set_has_thumbnail(num, true)?;
                    }
                    tx.set_phash(num, Some(phash))?;
                    tx.set_derived(num, &Derived::Complete)?;
                    made += 1;
                }
                Outcome::NeedsTool { num, id, tool } => {
                    tx.set_derived(num, &Derived::NeedsTool(tool))?;
                    needs.push((id, tool));
                }
                Outcome::Failed { num, id, reason } => {
                    tx.set_derived(num, &Derived::Failed(reason.clone()))?;
                    failed.push((id, reason));
                }
            }
        }
        Ok(())
    })?;
    report.made += made;
    report.needs_tool.extend(needs);
    report.failed.extend(failed);
    Ok(())
}

/// Collects outcomes and commits them in batches.
pub(crate) struct Committer {
    batch: Vec<Outcome>,
    since: Instant,
    pub report: DerivedReport,
    pub error: Option<CommitError>,
}

impl Committer {
    pub fn new() -> Self {
        Committer {
            batch: Vec::new(),
            since: Instant::now(),
            report: DerivedReport::default(),
            error: None,
        }
    }

    pub fn add(&mut self, o: Outcome) {
        if self.batch.is_empty() {
            self.since = Instant::now();
        }
        self.batch.push(o);
    }

    /// Commits when the batch is full or old enough (or `force`).
    pub fn maybe_commit(&mut self, vault: &Vault, force: bool) {
        if self.batch.is_empty() || self.error.is_some() {
            return;
        }
        if force || self.batch.len() >= BATCH_ITEMS || self.since.elapsed() >= BATCH_WAIT {
            let batch = std::mem::take(&mut self.batch);
            let n = batch.len();
            if let Err(e) = commit_outcomes(vault, batch, &mut self.report) {
                self.report.pending += n;
                self.error = Some(e);
            }
        }
    }
}

impl Vault {
    /// Items whose thumbnail or perceptual hash is still to be made: `Pending` ones, and
    /// `NeedsTool` ones (made once their program is installed).
    pub fn pending_derived(&self) -> Result<Vec<PendingItem>, CatalogError> {
        Ok(self
            .catalog()
            .derived_rows()?
            .into_iter()
            .map(|r| PendingItem {
                id: r.id,
                kind: r.kind,
                state: r.state,
            })
            .collect())
    }

    /// The derived state of one item (also on [`crate::Item::derived`]).
    pub fn derived_status(&self, id: &str) -> Result<Derived, CatalogError> {
        Ok(self.item(id)?.derived)
    }

    /// Which preview programs are installed (for "previews need ffmpeg" in a window).
    pub fn media_tools(&self) -> MediaTools {
        MediaTools::detect()
    }

    /// Makes what [`Vault::pending_derived`] lists (skipping items whose program is still
    /// missing), on a pool of lower-priority threads, committing the results in batches. Safe to
    /// call at any time and to interrupt (`cancel`): what is not done stays pending.
    pub fn make_pending_thumbnails(
        &self,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<DerivedReport, DerivedError> {
        let tools = MediaTools::detect();
        let rows = self.catalog().derived_rows()?;
        let mut report = DerivedReport::default();
        let queue = Queue::default();
        let mut total = 0u64;
        for r in rows {
            if let Derived::NeedsTool(t) = r.state
                && !tools.has(t)
            {
                report.needs_tool.push((r.id, t));
                continue;
            }
            total += 1;
            queue.push(Job {
                num: r.num,
                id: r.id,
                kind: r.kind,
                size: r.size,
                orientation: r.orientation,
                duration_ms: r.duration_ms,
                need_thumb: !r.has_thumbnail,
                bytes: None,
            });
        }
        queue.close();
        let mut prog = Progress::new("making previews");
        prog.items_total = total;
        progress.update(&prog);
        if total == 0 {
            return Ok(report);
        }
        let mut committer = Committer::new();
        committer.report.needs_tool = std::mem::take(&mut report.needs_tool);
        let workers = crate::progress::worker_count(0, total as usize);
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::channel::<Outcome>();
            for _ in 0..workers {
                let tx = tx.clone();
                let queue = &queue;
                // Nothing is being secured meanwhile: no need to yield to it, but this may run
                // behind a window (after unlock), so lower priority all the same.
                scope.spawn(move || {
                    lower_thread_priority();
                    worker(self, queue, cancel, None, |o| tx.send(o).is_ok())
                });
            }
            drop(tx);
            loop {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(o) => {
                        prog.items_done += 1;
                        committer.add(o);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                progress.update(&prog);
                committer.maybe_commit(self, false);
                if committer.error.is_some() {
                    cancel.cancel();
                }
            }
        });
        committer.maybe_commit(self, true);
        committer.report.pending += queue.remaining();
        progress.update(&prog);
        match committer.error {
            Some(e) => Err(e.into()),
            None => Ok(committer.report),
        }
    }

    /// Items whose perceptual hash is within `max_distance` of item `id`'s in brightness (and
    /// three quarters of it in colour), nearest first; by default
    /// [`phash::NEAR_DUPLICATE_DISTANCE`]. Empty when the item has no hash (yet).
    pub fn similar(
        &self,
        id: &str,
        max_distance: Option<u32>,
    ) -> Result<Vec<Similar>, CatalogError> {
        let max = max_distance.unwrap_or(phash::NEAR_DUPLICATE_DISTANCE);
        let cat = self.catalog();
        let me = cat.resolve(id)?;
        let all = cat.phashes()?;
        let Some(mine) = all.iter().find(|(r, _)| r.num == me.num).map(|(_, h)| *h) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<Similar> = all
            .into_iter()
            .filter(|(r, _)| r.num != me.num)
            .filter_map(|(r, h)| {
                let (d, c) = phash::distance(mine, h);
                phash::is_near(mine, h, max).then_some(Similar {
                    id: r.id,
                    distance: d,
                    color_distance: c,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (a.distance + a.color_distance, a.distance, &a.id).cmp(&(
                b.distance + b.color_distance,
                b.distance,
                &b.id,
            ))
        });
        Ok(out)
    }

    /// Groups of items whose perceptual hashes are within `max_distance` of another member
    /// (single linkage), each group of two or more, largest first; for a "near-duplicates"
    /// view. Compares every pair of hashes ([`phash::near_groups`]).
    pub fn near_duplicate_groups(
        &self,
        max_distance: Option<u32>,
    ) -> Result<Vec<Vec<ItemRef>>, CatalogError> {
        let max = max_distance.unwrap_or(phash::NEAR_DUPLICATE_DISTANCE);
        let all = self.catalog().phashes()?;
        let key: Vec<(i64, phash::PHash)> = all.iter().map(|(r, h)| (r.num, *h)).collect();
        // The same hashes as last time (no photo added, removed or re-hashed): the same groups.
        if let Ok(cache) = self.0.near_groups.lock()
            && let Some(c) = cache.as_ref()
            && c.max == max
            && c.hashes == key
        {
            return Ok(c.groups.clone());
        }
        let hashes: Vec<phash::PHash> = all.iter().map(|(_, h)| *h).collect();
        let mut refs: Vec<Option<ItemRef>> = all.into_iter().map(|(r, _)| Some(r)).collect();
        let mut out: Vec<Vec<ItemRef>> = phash::near_groups(&hashes, max)
            .into_iter()
            .map(|g| g.into_iter().filter_map(|i| refs[i].take()).collect())
            .collect();
        out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].num.cmp(&b[0].num)));
        if let Ok(mut cache) = self.0.near_groups.lock() {
            *cache = Some(NearGroupsCache {
                max,
                hashes: key,
                groups: out.clone(),
            });
        }
        Ok(out)
    }
}

/// See `Inner::near_groups`.
pub(crate) struct NearGroupsCache {
    max: u32,
    hashes: Vec<(i64, phash::PHash)>,
    groups: Vec<Vec<ItemRef>>,
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error("item {id} is not a video")]
    NotVideo { id: String },
    #[error("item {id}: {source}")]
    Decode { id: String, source: DecodeError },
}

impl Vault {
    /// A frame of video item `id`, at most `max_side` pixels on its long side, for a preview
    /// window: the video is decrypted into memory for ffmpeg (see `intake::ffmpeg`), never to
    /// disk. `Err(Decode { source: NeedsTool(Ffmpeg) })` when ffmpeg is not installed.
    pub fn video_frame(&self, id: &str, max_side: u32) -> Result<image::DynamicImage, FrameError> {
        let item = self.item(id)?;
        if item.kind != Kind::Video {
            return Err(FrameError::NotVideo { id: item.id });
        }
        let decode = |source| FrameError::Decode {
            id: item.id.clone(),
            source,
        };
        let mut reader = self.open_object(&item.id).map_err(|e| {
            decode(DecodeError::Corrupt(format!(
                "the stored object cannot be opened: {e}"
            )))
        })?;
        ffmpeg::frame(&mut reader, item.size, item.duration_ms, max_side).map_err(decode)
    }
}

/// An item similar to another ([`Vault::similar`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Similar {
    pub id: String,
    /// Hamming distance between the brightness hashes (0 to 64; 0 = the same picture).
    pub distance: u32,
    /// Hamming distance between the colour hashes (0 to 64).
    pub color_distance: u32,
}
