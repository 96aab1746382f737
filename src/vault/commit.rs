//! The one way a change reaches a vault: a unit of work ([`Tx`]) of staged object files,
//! catalog changes and signed custody events, committed as one journal segment.
//!
//! [`Vault::commit`] runs the caller's closure inside one catalog transaction, under the catalog
//! lock. On success it moves the staged files into place, writes the segment (whose SQL is exactly
//! what ran in memory), and only then commits in memory; on any failure it removes the files it
//! placed, rolls the catalog back and returns a typed error: catalog and disk are as they were.
//! Staged files are placed before the segment, so a crash in between leaves at worst
//! unreferenced objects (which `verify` reports and can re-adopt), never a catalog entry without
//! its object.

use std::collections::BTreeMap;
use std::io;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::Vault;
use super::journal::{self, SegmentHeader};
use crate::catalog::{CatalogError, Writer};
use crate::custody::{Action, CustodyEvent, SignError, new_body};
use crate::objects::SealedTemp;

#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error("could not sign the custody event: {0}")]
    Sign(#[from] SignError),
    #[error(
        "could not store {path}: {source}; nothing was changed. Free disk space and try again."
    )]
    Store { path: PathBuf, source: io::Error },
    #[error(
        "could not write the change to {path}: {source}; nothing was changed. Free disk space and try again."
    )]
    Journal { path: PathBuf, source: io::Error },
    #[error(
        "the catalog in memory no longer matches the vault on disk ({0}); close the vault and open it again (nothing on disk is lost)"
    )]
    Poisoned(String),
}

/// A unit of work in progress. Reads through `Deref` see its own uncommitted changes.
pub struct Tx<'a> {
    w: Writer<'a>,
    files: Vec<(SealedTemp, PathBuf)>,
    vault: &'a Vault,
}

impl<'a> Deref for Tx<'a> {
    type Target = Writer<'a>;
    fn deref(&self) -> &Writer<'a> {
        &self.w
    }
}

impl DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.w
    }
}

impl Tx<'_> {
    /// Moves `file` to `target` when the unit commits (and deletes it if the unit fails).
    pub fn place(&mut self, file: SealedTemp, target: PathBuf) {
        self.files.push((file, target));
    }

    /// Seals the next event of this vault's own chain about item `id` and appends it.
    pub fn record(
        &mut self,
        num: i64,
        id: &str,
        sha256: &str,
        action: Action,
        details: BTreeMap<String, serde_json::Value>,
    ) -> Result<CustodyEvent, CommitError> {
        let vault_id = &self.vault.info().vault_id;
        let prev = self.w.last_event(id, vault_id)?;
        let body = new_body(id, sha256, vault_id, self.vault.actor(), action, details);
        let ev = self.vault.keys().signer.seal(body, prev.as_ref())?;
        self.w.append_event(num, &ev)?;
        Ok(ev)
    }

    /// Seals the next event of this vault's own chain of incident `id` (row `num`) and appends
    /// it. Incident events name no item hash (`item_sha256` is empty).
    pub fn record_incident(
        &mut self,
        num: i64,
        id: &str,
        action: Action,
        details: BTreeMap<String, serde_json::Value>,
    ) -> Result<CustodyEvent, CommitError> {
        let vault_id = &self.vault.info().vault_id;
        let prev = self.w.last_incident_event(num, vault_id)?;
        let body = new_body(id, "", vault_id, self.vault.actor(), action, details);
        let ev = self.vault.keys().signer.seal(body, prev.as_ref())?;
        self.w.append_incident_event(num, &ev)?;
        Ok(ev)
    }
}

/// What running a unit did, for the caller holding the catalog lock to record.
enum Ran<T> {
    /// Nothing changed: no segment.
    Nothing(T),
    /// Committed as this segment text.
    Committed(T, String),
}

impl Vault {
    /// Runs `f` as one unit of work and commits it as one journal segment (see the module docs).
    /// A unit that changes nothing writes nothing.
    pub fn commit<T, E>(&self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<CommitError>,
    {
        let mut cat = self.catalog();
        if let Some(why) = &cat.poisoned {
            return Err(CommitError::Poisoned(why.clone()).into());
        }
        let head = cat.head.clone();
        let seq = head.seq + 1;
        match self.run_unit(&mut cat, &head, f) {
            Ok(Ran::Nothing(v)) => Ok(v),
            Ok(Ran::Committed(v, text)) => {
                cat.head.seq = seq;
                cat.head.last_sha256 = hex::encode(Sha256::digest(text.as_bytes()));
                cat.head.segments += 1;
                cat.head.bytes += text.len() as u64;
                Ok(v)
            }
            Err(Failed::Unit(e)) => Err(e),
            Err(Failed::Memory(why)) => {
                // The segment is on disk and replays at the next unlock; memory cannot follow.
                cat.poisoned = Some(why.clone());
                Err(CommitError::Poisoned(why).into())
            }
        }
    }

    fn run_unit<T, E>(
        &self,
        cat: &mut crate::catalog::Catalog,
        head: &crate::catalog::JournalHead,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, E>,
    ) -> Result<Ran<T>, Failed<E>>
    where
        E: From<CommitError>,
    {
        let seq = head.seq + 1;
        let unit = |e: CommitError| Failed::Unit(E::from(e));
        let mut w = cat.writer().map_err(|e| unit(e.into()))?;
        w.advance_journal(seq, &head.base_id)
            .map_err(|e| unit(e.into()))?;
        let bookkeeping = w.sql().len();
        let mut tx = Tx {
            w,
            files: Vec::new(),
            vault: self,
        };
        // On error `tx` drops here: the writer rolls back, staged temp files delete themselves.
        let value = f(&mut tx).map_err(Failed::Unit)?;
        let Tx { w, files, .. } = tx;
        if w.sql().len() == bookkeeping && files.is_empty() {
            return Ok(Ran::Nothing(value));
        }
        let mut placed: Vec<PathBuf> = Vec::new();
        let undo = |placed: &[PathBuf]| {
            for p in placed {
                // Only files this unit just put there: never evidence that was here before.
                let _ = std::fs::remove_file(p);
            }
        };
        // Staged files are fsynced already: rename them all, then make the renames durable with
        // one fsync per directory (the first commits the journal holding every rename, so the
        // others are cheap) — not a directory fsync per file.
        let mut dirs: Vec<PathBuf> = Vec::new();
        for (file, target) in files {
            if target.exists() {
                undo(&placed);
                return Err(unit(CommitError::Store {
                    path: target,
                    source: io::Error::from(io::ErrorKind::AlreadyExists),
                }));
            }
            if let Err(source) = file.place_unsynced_dir(&target) {
                undo(&placed);
                return Err(unit(CommitError::Store {
                    path: target,
                    source,
                }));
            }
            if let Some(d) = target.parent()
                && !dirs.iter().any(|x| x == d)
            {
                dirs.push(d.to_owned());
            }
            placed.push(target);
        }
        for d in &dirs {
            if let Err(source) = crate::atomic::sync_dir(d) {
                undo(&placed);
                return Err(unit(CommitError::Store {
                    path: d.clone(),
                    source,
                }));
            }
        }
        let header = SegmentHeader {
            vault_id: self.info().vault_id.clone(),
            base_id: head.base_id.clone(),
            seq,
            prev: head.last_sha256.clone(),
        };
        let mut text = header.render();
        text.push_str("BEGIN;\n");
        text.push_str(w.sql());
        text.push_str("COMMIT;\n");
        let recipient = self.keys().recipient();
        if let Err(source) = journal::write(
            self.dir(),
            seq,
            text.as_bytes(),
            &recipient,
            &self.keys().signer,
        ) {
            undo(&placed);
            return Err(unit(CommitError::Journal {
                path: journal::segment_path(self.dir(), seq),
                source,
            }));
        }
        w.finish().map_err(|e| Failed::Memory(e.to_string()))?;
        Ok(Ran::Committed(value, text))
    }
}

enum Failed<E> {
    Unit(E),
    Memory(String),
}
