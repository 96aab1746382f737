//! Intake: turning files on disk into encrypted vault objects with extracted metadata.
//!
//! `scan` expands the user's selection into regular files; `prepare` processes one file in a
//! single read (hash + encrypt + keep images in memory and the index of videos for their
//! metadata). Committing prepared files into the catalog is the vault's job (`Vault::add_paths`),
//! done on one thread while preparation runs on every core; thumbnails and perceptual hashes
//! are made after the items are secured (`vault/derived.rs`).
//!
//! Metadata: `exif` (EXIF, XMP, IPTC of images, found by `embedded`, XMP read by `xmp`), `media`
//! (video and sound: `isobmff` for MP4/MOV/3GP/HEIF, nom-exif for Matroska/WebM). Decoding:
//! `thumb` (pure Rust), `heif` and `ffmpeg` (external programs run by `tools` under limits,
//! with no plaintext on disk), `phash` (the perceptual hash).

pub mod embedded;
pub mod exif;
pub mod ffmpeg;
pub mod heif;
pub mod isobmff;
pub mod jpeg_dc;
pub mod media;
pub mod mime;
pub mod phash;
mod prepare;
mod scan;
pub mod thumb;
pub mod tools;
pub mod xmp;

pub use prepare::{DeriveInput, Facts, IMAGE_BUFFER_LIMIT, Prepared, prepare_file};

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
    /// What the derived work (thumbnails, perceptual hashes) did after the items were secured.
    pub derived: DerivedReport,
}

/// What a run of derived work did ([`crate::Vault::make_pending_thumbnails`], or the part of
/// intake after the items are secured).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DerivedReport {
    /// Items whose thumbnail and hash are now made.
    pub made: usize,
    /// Items that cannot have them until a program is installed, with that program.
    pub needs_tool: Vec<(String, crate::item::MediaTool)>,
    /// Items where making them failed, with the reason (id, reason).
    pub failed: Vec<(String, String)>,
    /// Items still pending when the run ended (cancelled or interrupted): resumed at next open.
    pub pending: usize,
}

impl IntakeReport {
    pub fn added(&self) -> usize {
        self.items.iter().filter(|i| !i.duplicate).count()
    }
    pub fn duplicates(&self) -> usize {
        self.items.iter().filter(|i| i.duplicate).count()
    }
}
