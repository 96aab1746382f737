//! Long work on a background thread: the UI starts a [`Task`], polls it once a frame, shows its
//! [`SharedProgress`] and can cancel it through its [`CancelToken`]. The UI thread never waits.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui;
use evidence_vault::{CancelToken, Progress, SharedProgress};

/// How often the UI redraws while a task runs, to move its progress bar.
pub const PROGRESS_REPAINT: Duration = Duration::from_millis(100);

/// The state of a task when polled.
pub enum Poll<T> {
    Pending,
    Done(T),
    /// The thread ended without a result (it panicked or could not start).
    Lost,
}

pub struct Task<T> {
    rx: Receiver<T>,
    pub progress: SharedProgress,
    pub cancel: CancelToken,
    finished: bool,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread; wakes the UI when it is done.
    pub fn spawn(
        ctx: &egui::Context,
        name: &str,
        work: impl FnOnce(&SharedProgress, &CancelToken) -> T + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let progress = SharedProgress::new();
        let cancel = CancelToken::new();
        let (p, c, ctx) = (progress.clone(), cancel.clone(), ctx.clone());
        // If the thread cannot start, `tx` is dropped with the closure and `poll` says Lost.
        let _ = std::thread::Builder::new()
            .name(format!("ev-{name}"))
            .spawn(move || {
                let result = work(&p, &c);
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        Self {
            rx,
            progress,
            cancel,
            finished: false,
        }
    }
}

impl<T> Task<T> {
    /// Takes the result if the work is done. Call once a frame.
    pub fn poll(&mut self) -> Poll<T> {
        if self.finished {
            return Poll::Lost;
        }
        match self.rx.try_recv() {
            Ok(v) => {
                self.finished = true;
                Poll::Done(v)
            }
            Err(TryRecvError::Empty) => Poll::Pending,
            Err(TryRecvError::Disconnected) => {
                self.finished = true;
                Poll::Lost
            }
        }
    }

    pub fn latest(&self) -> Option<Progress> {
        self.progress.latest()
    }
}

impl<T> Drop for Task<T> {
    /// A task nobody waits for any more stops at its next check.
    fn drop(&mut self) {
        if !self.finished {
            self.cancel.cancel();
        }
    }
}

/// What to say when a task's thread died without an answer, in the interface's language.
pub fn lost() -> String {
    super::i18n::t!("task-lost")
}

/// The English text of [`lost`], for callers that have not moved to it yet.
pub const LOST: &str = "The background work stopped unexpectedly (an internal error). Nothing was lost: try again, and if it happens again, run “Verify vault”.";

/// After a job that committed, on its own (background) thread: fold the journal into a new base
/// if it has grown past what keeps unlock fast. A failure loses nothing (the journal stays).
pub fn compact_if_due(vault: &evidence_vault::Vault) {
    if let Err(e) = vault.compact_if_due() {
        eprintln!("evidence-vault: compaction postponed: {e}");
    }
}
