//! Intake: turning files on disk into encrypted vault objects with extracted metadata.
//!
//! `scan` expands the user's selection into regular files; `prepare` processes one file in a
//! single read (hash + encrypt + keep the head of images for EXIF and a thumbnail). Committing
//! prepared files into the catalog is the vault's job (`Vault::add_paths`), done on one thread
//! while preparation runs on every core.

pub mod exif;
pub mod mime;
mod prepare;
mod scan;
pub mod thumb;

pub use prepare::{IMAGE_BUFFER_LIMIT, Prepared, prepare_file};

/// Re-adoption keeps the same in-memory bound as intake.
pub const IMAGE_BUFFER_LIMIT_FOR_READOPT: u64 = IMAGE_BUFFER_LIMIT;
pub use scan::{SourceFile, scan_paths};

use std::path::PathBuf;

use crate::item::Kind;

/// Options for one intake batch.
#[derive(Clone, Debug, Default)]
pub struct IntakeOptions {
    pub case: String,
    pub tags: Vec<String>,
    /// Worker threads; 0 means one per core.
    pub workers: usize,
    /// Record the full source path (item and `acquired` event). Off by default: a home folder
    /// names its owner, and custody travels in bundles. The file name is always kept.
    pub record_source_path: bool,
}

/// One file that went in (or was already there).
#[derive(Clone, Debug, PartialEq)]
pub struct IntakeOutcome {
    pub id: String,
    pub sha256: String,
    pub path: PathBuf,
    pub kind: Kind,
    /// True if these exact bytes were already in the vault (recorded as `reacquired`).
    pub duplicate: bool,
    pub note: Option<String>,
}

/// A file that could not be taken in, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeFailure {
    pub path: PathBuf,
    pub reason: String,
}

/// What happened to a batch.
#[derive(Clone, Debug, Default)]
pub struct IntakeReport {
    pub items: Vec<IntakeOutcome>,
    pub failures: Vec<IntakeFailure>,
    pub cancelled: bool,
    pub bytes: u64,
}

impl IntakeReport {
    pub fn added(&self) -> usize {
        self.items.iter().filter(|i| !i.duplicate).count()
    }
    pub fn duplicates(&self) -> usize {
        self.items.iter().filter(|i| i.duplicate).count()
    }
}
