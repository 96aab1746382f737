//! Compaction: folding the journal into a new base.
//!
//! Under the catalog lock (no commit can run meanwhile): the in-memory catalog — which already
//! holds every segment — is renamed to a new base id and written as `catalog.age` (the old base
//! becomes `catalog.age.prev`); then exactly the segments it includes are removed. A crash before
//! the rename leaves the old base and all segments; after it, the new base, whose sequence number
//! makes the unlock ignore the leftover segments: either way the vault opens with the same content.

use std::path::PathBuf;

use super::{SaveError, Vault, journal};
use crate::atomic;
use crate::catalog::CatalogError;

/// Compact when this many segments or bytes of journal have piled up since the base: replaying
/// them costs unlock time (measured: see ARCHITECTURE.md "Journal").
pub const COMPACT_AFTER_SEGMENTS: u64 = 2_000;
pub const COMPACT_AFTER_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum CompactError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Write(#[from] SaveError),
    #[error(
        "the new base is written, but the old journal segment {path} could not be removed ({source}); it is ignored from now on and may be deleted by hand"
    )]
    Remove {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not list the journal in {path}: {source}")]
    List {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactReport {
    /// Segments folded into the new base and removed.
    pub segments: u64,
    /// Their total plaintext size.
    pub journal_bytes: u64,
    /// Size of the new `catalog.age`.
    pub base_bytes: u64,
    pub base_id: String,
}

impl Vault {
    /// True when the journal has grown past what keeps unlock fast.
    pub fn compaction_due(&self) -> bool {
        let cat = self.catalog();
        cat.head.segments >= COMPACT_AFTER_SEGMENTS || cat.head.bytes >= COMPACT_AFTER_BYTES
    }

    /// Folds the journal into a new base (see the module docs). With nothing to fold, does nothing.
    pub fn compact(&self) -> Result<CompactReport, CompactError> {
        self.compact_inner(false)
    }

    /// After a schema upgrade at unlock: the catalog in memory (upgraded, holding every segment)
    /// becomes the new base even when there is no segment to fold, so that segments written from
    /// now on replay onto a base of the same schema with stock `sqlite3`.
    pub(crate) fn write_upgraded_base(&self) -> Result<CompactReport, CompactError> {
        self.compact_inner(true)
    }

    fn compact_inner(&self, always: bool) -> Result<CompactReport, CompactError> {
        let mut cat = self.catalog();
        let on_disk = journal::list(self.dir()).map_err(|source| CompactError::List {
            path: self.dir().join(journal::JOURNAL_DIR),
            source,
        })?;
        let head = cat.head.clone();
        if !always && head.segments == 0 && on_disk.is_empty() {
            return Ok(CompactReport {
                base_id: head.base_id,
                ..Default::default()
            });
        }
        let old = cat.journal_state()?;
        cat.vacuum()?;
        let new_id = crate::objects::new_id();
        cat.rebase(&new_id, &head.last_sha256)?;
        if let Err(e) = self.write_base(&cat) {
            // Back to the old base's name: memory describes what is on disk again.
            cat.rebase(&old.base_id, &old.last_sha256)?;
            return Err(e.into());
        }
        cat.head.base_id = new_id.clone();
        cat.head.segments = 0;
        cat.head.bytes = 0;
        drop(cat);
        let mut removed = 0;
        for (_, path) in on_disk.into_iter().filter(|(s, _)| *s <= head.seq) {
            std::fs::remove_file(&path).map_err(|source| CompactError::Remove {
                path: path.clone(),
                source,
            })?;
            removed += 1;
        }
        let _ = atomic::sync_dir(&self.dir().join(journal::JOURNAL_DIR));
        let base_bytes = std::fs::metadata(self.dir().join("catalog.age"))
            .map(|m| m.len())
            .unwrap_or(0);
        Ok(CompactReport {
            segments: removed,
            journal_bytes: head.bytes,
            base_bytes,
            base_id: new_id,
        })
    }

    /// Compacts if [`Vault::compaction_due`]; returns what it did.
    pub fn compact_if_due(&self) -> Result<Option<CompactReport>, CompactError> {
        if self.compaction_due() {
            self.compact().map(Some)
        } else {
            Ok(None)
        }
    }
}
