//! Progress reporting and cancellation for long operations (intake, verify, export, import).
//!
//! These are plain library types so the CLI and the GUI can both observe work without the
//! library knowing anything about terminals or egui.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A cheap, clonable flag that long operations poll between units of work.
#[derive(Clone, Debug, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A snapshot of how far an operation has come.
#[derive(Clone, Debug)]
pub struct Progress {
    pub phase: &'static str,
    pub items_done: u64,
    pub items_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub current: Option<PathBuf>,
    pub started: Instant,
}

impl Progress {
    pub fn new(phase: &'static str) -> Self {
        Self {
            phase,
            items_done: 0,
            items_total: 0,
            bytes_done: 0,
            bytes_total: 0,
            current: None,
            started: Instant::now(),
        }
    }

    /// Bytes per second since the operation started.
    pub fn bytes_per_second(&self) -> f64 {
        let secs = self.started.elapsed().as_secs_f64();
        if secs <= 0.0 {
            0.0
        } else {
            self.bytes_done as f64 / secs
        }
    }

    /// Estimated time left, from the byte rate so far; `None` until there is a rate.
    pub fn eta(&self) -> Option<Duration> {
        let rate = self.bytes_per_second();
        if rate <= 0.0 || self.bytes_total < self.bytes_done {
            return None;
        }
        Some(Duration::from_secs_f64(
            (self.bytes_total - self.bytes_done) as f64 / rate,
        ))
    }

    /// Fraction done in 0..=1, by bytes when known, else by items.
    pub fn fraction(&self) -> f32 {
        if self.bytes_total > 0 {
            (self.bytes_done as f64 / self.bytes_total as f64).min(1.0) as f32
        } else if self.items_total > 0 {
            (self.items_done as f64 / self.items_total as f64).min(1.0) as f32
        } else {
            0.0
        }
    }
}

/// Receives progress snapshots. Implemented for closures; must be cheap, it is called often.
pub trait ProgressSink: Send + Sync {
    fn update(&self, progress: &Progress);
}

impl<F: Fn(&Progress) + Send + Sync> ProgressSink for F {
    fn update(&self, progress: &Progress) {
        self(progress)
    }
}

/// A sink that ignores everything.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn update(&self, _progress: &Progress) {}
}

/// Latest progress shared between a worker thread and an observer (e.g. a UI polling once a frame).
#[derive(Clone, Default)]
pub struct SharedProgress(Arc<std::sync::Mutex<Option<Progress>>>);

impl SharedProgress {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn latest(&self) -> Option<Progress> {
        self.0.lock().ok().and_then(|p| p.clone())
    }
}

impl ProgressSink for SharedProgress {
    fn update(&self, progress: &Progress) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(progress.clone());
        }
    }
}

/// Threads for `jobs` units of work: `requested`, or one per core when 0; never more than the
/// jobs, never fewer than one.
pub fn worker_count(requested: usize, jobs: usize) -> usize {
    let n = if requested == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        requested
    };
    n.min(jobs.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_is_shared_between_clones() {
        let a = CancelToken::new();
        let b = a.clone();
        assert!(!b.is_cancelled());
        a.cancel();
        assert!(b.is_cancelled());
    }

    #[test]
    fn worker_count_is_bounded_by_jobs() {
        assert_eq!(worker_count(4, 2), 2);
        assert_eq!(worker_count(3, 0), 1);
        assert!(worker_count(0, 1000) >= 1);
    }

    #[test]
    fn fraction_prefers_bytes() {
        let mut p = Progress::new("t");
        p.items_total = 10;
        p.items_done = 5;
        assert!((p.fraction() - 0.5).abs() < 1e-6);
        p.bytes_total = 100;
        p.bytes_done = 25;
        assert!((p.fraction() - 0.25).abs() < 1e-6);
    }
}
