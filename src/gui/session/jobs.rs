//! Every piece of background work of the open vault, in one list.
//!
//! A job is a [`Task`] tagged with its [`JobKind`]; its thread returns a [`Finished`], the typed
//! result of that kind. The app calls [`Jobs::drain`] exactly once a frame, before drawing, and
//! applies each result in one place (`actions::apply_finished`). Drawing code only asks what is
//! running and how far it got. Dropping `Jobs` (locking) cancels whatever still runs.

use std::path::PathBuf;

use eframe::egui;
use evidence_vault::backup::{BackupReport, CheckReport};
use evidence_vault::{
    CancelToken, DerivedReport, IntakeReport, Item, Progress, SharedProgress, VerifyReport,
};

use super::super::bundle_ops::{BundleCheck, ExportDone, ImportDone};
use super::super::i18n::{self, Lang, t};
use super::super::task::{Poll, Task};
use super::incidents::IncidentDone;

/// What a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Intake,
    Verify,
    Export,
    CheckBundle,
    Import,
    SaveNote,
    SaveEdits,
    Extract,
    ChangePassphrase,
    Backup,
    CheckBackup,
    /// Case and tags set on a selection.
    BulkEdit,
    /// An incident created, edited, linked, unlinked or given a new status.
    SaveIncident,
    /// Thumbnails and perceptual hashes left pending (an interrupted intake, an older vault, a
    /// decoder installed since).
    Derive,
}

impl JobKind {
    /// Work that can take minutes on a large vault (and shows progress). The others finish in
    /// about a second. Auto-lock is meant to wait for these rather than cancel them.
    pub fn is_long(self) -> bool {
        matches!(
            self,
            JobKind::Intake
                | JobKind::Verify
                | JobKind::Export
                | JobKind::Import
                | JobKind::Backup
                | JobKind::CheckBackup
                | JobKind::Derive
        )
    }

    /// Work the user started and is waiting for: the vault is not locked for idleness while it
    /// runs (locking would stop it). Making previews is not: it resumes at the next unlock.
    pub fn keeps_unlocked(self) -> bool {
        self.is_long() && self != JobKind::Derive
    }

    /// Intake and verification run one at a time, shown with progress in the status bar.
    pub fn in_status_bar(self) -> bool {
        matches!(self, JobKind::Intake | JobKind::Verify)
    }

    /// While these run, the results are re-read now and then so that new items appear.
    pub fn refreshes_results(self) -> bool {
        matches!(
            self,
            JobKind::Intake | JobKind::Verify | JobKind::SaveNote | JobKind::Derive
        )
    }

    /// What the user is told is running, in the interface's language.
    pub fn label(self) -> String {
        match self {
            JobKind::Intake => t!("job-intake"),
            JobKind::Verify => t!("job-verify"),
            JobKind::Export => t!("job-export"),
            JobKind::CheckBundle => t!("job-check-bundle"),
            JobKind::Import => t!("job-import"),
            JobKind::SaveNote => t!("job-save-note"),
            JobKind::SaveEdits => t!("job-save-edits"),
            JobKind::Extract => t!("job-extract"),
            JobKind::ChangePassphrase => t!("job-change-passphrase"),
            JobKind::Backup => t!("job-backup"),
            JobKind::CheckBackup => t!("job-check-backup"),
            JobKind::Derive => t!("job-derive"),
            JobKind::BulkEdit => t!("job-bulk-edit"),
            JobKind::SaveIncident => t!("job-save-incident"),
        }
    }

    /// [`JobKind::label`] as a `&'static str` (for callers that need one): each kind's name is
    /// made once per language and kept (at most 14 × 2 short strings).
    pub fn name(self) -> &'static str {
        type Names = Vec<(Lang, JobKind, &'static str)>;
        static NAMES: std::sync::Mutex<Names> = std::sync::Mutex::new(Vec::new());
        let lang = i18n::lang();
        let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, n)) = names.iter().find(|(l, k, _)| *l == lang && *k == self) {
            return n;
        }
        let n: &'static str = Box::leak(self.label().into_boxed_str());
        names.push((lang, self, n));
        n
    }

    /// The thread's name (`ev-…`).
    fn thread(self) -> &'static str {
        match self {
            JobKind::Intake => "intake",
            JobKind::Verify => "verify",
            JobKind::Export => "export",
            JobKind::CheckBundle => "inspect",
            JobKind::Import => "import",
            JobKind::SaveNote => "note",
            JobKind::SaveEdits => "edit",
            JobKind::Extract => "extract",
            JobKind::ChangePassphrase => "passwd",
            JobKind::Backup => "backup",
            JobKind::CheckBackup => "check-backup",
            JobKind::Derive => "derive",
            JobKind::BulkEdit => "bulk-edit",
            JobKind::SaveIncident => "incident",
        }
    }
}

/// The result of a finished job, by kind. `Err` holds a message for the user; for `SaveNote`,
/// `SaveEdits` and `Extract` it is the complete message, for the others the dialog that shows it
/// says what failed.
pub enum Finished {
    Intake(Result<IntakeReport, String>),
    Verify(Result<VerifyReport, String>),
    Export(Result<ExportDone, String>),
    /// `path` is the bundle path as typed (the report belongs to it).
    CheckBundle {
        path: String,
        result: Result<BundleCheck, String>,
    },
    Import(Result<ImportDone, String>),
    /// The new note's item ID.
    SaveNote(Result<String, String>),
    SaveEdits {
        item_id: String,
        /// The item as saved.
        result: Result<Box<Item>, String>,
    },
    /// Where the copy was written.
    Extract(Result<PathBuf, String>),
    ChangePassphrase(Result<(), String>),
    Backup(Result<BackupReport, String>),
    CheckBackup(Result<CheckReport, String>),
    Derive(Result<DerivedReport, String>),
    /// How many items changed.
    BulkEdit(Result<usize, String>),
    Incident(Result<Box<IncidentDone>, String>),
}

impl Finished {
    pub fn kind(&self) -> JobKind {
        match self {
            Finished::Intake(_) => JobKind::Intake,
            Finished::Verify(_) => JobKind::Verify,
            Finished::Export(_) => JobKind::Export,
            Finished::CheckBundle { .. } => JobKind::CheckBundle,
            Finished::Import(_) => JobKind::Import,
            Finished::SaveNote(_) => JobKind::SaveNote,
            Finished::SaveEdits { .. } => JobKind::SaveEdits,
            Finished::Extract(_) => JobKind::Extract,
            Finished::ChangePassphrase(_) => JobKind::ChangePassphrase,
            Finished::Backup(_) => JobKind::Backup,
            Finished::CheckBackup(_) => JobKind::CheckBackup,
            Finished::Derive(_) => JobKind::Derive,
            Finished::BulkEdit(_) => JobKind::BulkEdit,
            Finished::Incident(_) => JobKind::SaveIncident,
        }
    }

    /// The result of a job whose thread ended without one (it panicked or could not start).
    fn lost(kind: JobKind, subject: String) -> Self {
        fn e<T>() -> Result<T, String> {
            Err(super::super::task::lost())
        }
        match kind {
            JobKind::Intake => Finished::Intake(e()),
            JobKind::Verify => Finished::Verify(e()),
            JobKind::Export => Finished::Export(e()),
            JobKind::CheckBundle => Finished::CheckBundle {
                path: subject,
                result: e(),
            },
            JobKind::Import => Finished::Import(e()),
            JobKind::SaveNote => Finished::SaveNote(e()),
            JobKind::SaveEdits => Finished::SaveEdits {
                item_id: subject,
                result: e(),
            },
            JobKind::Extract => Finished::Extract(e()),
            JobKind::ChangePassphrase => Finished::ChangePassphrase(e()),
            JobKind::Backup => Finished::Backup(e()),
            JobKind::CheckBackup => Finished::CheckBackup(e()),
            JobKind::Derive => Finished::Derive(e()),
            JobKind::BulkEdit => Finished::BulkEdit(e()),
            JobKind::SaveIncident => Finished::Incident(e()),
        }
    }
}

struct Running {
    kind: JobKind,
    /// What the job is about, when its result must be matched to it (an item ID, a path).
    subject: String,
    task: Task<Finished>,
}

/// The running jobs, at most one of each kind.
#[derive(Default)]
pub struct Jobs {
    running: Vec<Running>,
}

impl Jobs {
    /// Starts `work` on its own thread as a job of `kind`, about `subject` (an item ID or path
    /// the result is matched to; empty when there is none). Refused (`false`) while a job of the
    /// same kind runs.
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        kind: JobKind,
        subject: impl Into<String>,
        work: impl FnOnce(&SharedProgress, &CancelToken) -> Finished + Send + 'static,
    ) -> bool {
        if self.is_running(kind) {
            return false;
        }
        self.running.push(Running {
            kind,
            subject: subject.into(),
            task: Task::spawn(ctx, kind.thread(), work),
        });
        true
    }

    /// Takes out the jobs that ended since the last call, with their results. Call once a frame.
    pub fn drain(&mut self) -> Vec<Finished> {
        let mut finished = Vec::new();
        self.running.retain_mut(|job| match job.task.poll() {
            Poll::Pending => true,
            Poll::Done(result) => {
                debug_assert_eq!(result.kind(), job.kind, "a job returned another kind");
                finished.push(result);
                false
            }
            Poll::Lost => {
                finished.push(Finished::lost(job.kind, std::mem::take(&mut job.subject)));
                false
            }
        });
        finished
    }

    pub fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|j| j.kind == kind)
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    /// The kinds running now, in the order they started.
    pub fn kinds(&self) -> Vec<JobKind> {
        self.running.iter().map(|j| j.kind).collect()
    }

    /// The intake or verification shown in the status bar, if one runs.
    pub fn status_bar_job(&self) -> Option<JobKind> {
        self.find(JobKind::in_status_bar)
    }

    /// A running job that holds off the auto-lock, if any.
    pub fn keeping_unlocked(&self) -> Option<JobKind> {
        self.find(JobKind::keeps_unlocked)
    }

    /// A long job (intake, verify, export, import) that is running, if any.
    pub fn long_running(&self) -> Option<JobKind> {
        self.find(JobKind::is_long)
    }

    /// Whether a running job makes the results worth re-reading now and then.
    pub fn refreshes_results(&self) -> bool {
        self.find(JobKind::refreshes_results).is_some()
    }

    fn find(&self, what: impl Fn(JobKind) -> bool) -> Option<JobKind> {
        self.running.iter().map(|j| j.kind).find(|k| what(*k))
    }

    /// The latest progress report of the running job of `kind`.
    pub fn progress(&self, kind: JobKind) -> Option<Progress> {
        self.running
            .iter()
            .find(|j| j.kind == kind)
            .and_then(|j| j.task.latest())
    }

    /// Asks the job of `kind` to stop at its next check. Returns whether one was running.
    pub fn cancel(&self, kind: JobKind) -> bool {
        let mut found = false;
        for j in self.running.iter().filter(|j| j.kind == kind) {
            j.task.cancel.cancel();
            found = true;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use super::*;

    fn drain_until(jobs: &mut Jobs, n: usize) -> Vec<Finished> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut out = Vec::new();
        while out.len() < n {
            out.extend(jobs.drain());
            assert!(Instant::now() < deadline, "jobs did not finish");
            std::thread::sleep(Duration::from_millis(5));
        }
        out
    }

    #[test]
    fn finished_jobs_come_out_once_with_their_typed_result() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        let (go, wait) = mpsc::channel::<()>();
        assert!(jobs.spawn(&ctx, JobKind::Intake, "", move |_, _| {
            let _ = wait.recv();
            Finished::Intake(Err("stopped".into()))
        }));
        assert!(jobs.spawn(&ctx, JobKind::SaveNote, "", |_, _| {
            Finished::SaveNote(Ok("id".into()))
        }));
        assert!(
            !jobs.spawn(&ctx, JobKind::SaveNote, "", |_, _| unreachable!()),
            "one job of a kind at a time"
        );
        assert_eq!(jobs.status_bar_job(), Some(JobKind::Intake));
        assert_eq!(jobs.long_running(), Some(JobKind::Intake));

        let done = drain_until(&mut jobs, 1);
        assert!(matches!(&done[..], [Finished::SaveNote(Ok(id))] if id == "id"));
        assert_eq!(jobs.kinds(), vec![JobKind::Intake], "still running");
        assert!(jobs.drain().is_empty());

        go.send(()).unwrap();
        let done = drain_until(&mut jobs, 1);
        assert!(matches!(&done[..], [Finished::Intake(Err(e))] if e == "stopped"));
        assert!(jobs.is_empty());
        assert!(jobs.drain().is_empty(), "drained once");
    }

    #[test]
    fn a_job_whose_thread_dies_reports_lost_for_its_subject() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        jobs.spawn(&ctx, JobKind::SaveEdits, "item-7", |_, _| {
            panic!("a bug in the job (this panic is expected by the test)")
        });
        let done = drain_until(&mut jobs, 1);
        match &done[..] {
            [
                Finished::SaveEdits {
                    item_id,
                    result: Err(e),
                },
            ] => {
                assert_eq!(item_id, "item-7");
                assert_eq!(e, &super::super::super::task::lost());
            }
            _ => panic!("expected a lost edit"),
        }
    }

    #[test]
    fn short_jobs_are_not_long_and_cancel_reaches_the_task() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        jobs.spawn(&ctx, JobKind::Extract, "", |_, cancel| {
            while !cancel.is_cancelled() {
                std::thread::sleep(Duration::from_millis(2));
            }
            Finished::Extract(Err("cancelled".into()))
        });
        assert_eq!(jobs.long_running(), None);
        assert_eq!(jobs.status_bar_job(), None);
        assert!(!jobs.cancel(JobKind::Export), "nothing of that kind runs");
        assert!(jobs.cancel(JobKind::Extract));
        let done = drain_until(&mut jobs, 1);
        assert!(matches!(&done[..], [Finished::Extract(Err(_))]));
        for kind in [
            JobKind::Intake,
            JobKind::Verify,
            JobKind::Export,
            JobKind::Import,
            JobKind::Backup,
            JobKind::CheckBackup,
        ] {
            assert!(kind.is_long());
        }
        for kind in [
            JobKind::SaveNote,
            JobKind::SaveEdits,
            JobKind::Extract,
            JobKind::ChangePassphrase,
            JobKind::CheckBundle,
        ] {
            assert!(!kind.is_long());
        }
    }
}
