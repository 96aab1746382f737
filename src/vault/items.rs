//! Reading, listing, editing and extracting items.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{CommitError, Vault};
use crate::atomic;
use crate::catalog::{CatalogError, ItemRef};
use crate::custody::{Action, ChainProblem, CustodyEvent, verify_chain};
use crate::details;
use crate::item::{Item, ListQuery, MetadataEdit};
use crate::objects::{self, CHUNK, ObjectReader, OpenError};

/// An item with its custody log and the log's verification state.
#[derive(Clone, Debug)]
pub struct ItemDetail {
    pub item: Item,
    /// All events, in the order they were recorded.
    pub custody: Vec<CustodyEvent>,
    /// Problems found in the custody chains (empty when all verify).
    pub custody_problems: Vec<ChainProblem>,
    /// For notes: the text.
    pub note_body: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Commit(#[from] CommitError),
}

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error("{path} already exists; choose another name (nothing is overwritten)")]
    Exists { path: PathBuf },
    #[error("could not write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(
        "item {id}: the stored object does not match its recorded SHA-256 (expected {expected}, got {found}); nothing was written. Run verify."
    )]
    HashMismatch {
        id: String,
        expected: String,
        found: String,
    },
    #[error("item {id}: the stored object is damaged ({reason}); nothing was written. Run verify.")]
    Damaged { id: String, reason: String },
    #[error(
        "the copy was written to {path}, but the extraction could not be recorded ({source}); the copy was removed again"
    )]
    Record { path: PathBuf, source: CommitError },
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Open(#[from] OpenError),
}

/// Thumbnails are small; anything bigger than this in `thumbs/` is not ours.
const MAX_THUMB_BYTES: u64 = 4 * 1024 * 1024;

impl Vault {
    pub fn list(&self, q: &ListQuery) -> Result<Vec<Item>, CatalogError> {
        self.catalog().list(q)
    }

    pub fn list_refs(&self, q: &ListQuery) -> Result<Vec<ItemRef>, CatalogError> {
        self.catalog().list_refs(q)
    }

    pub fn count(&self, q: &ListQuery) -> Result<u64, CatalogError> {
        self.catalog().count(q)
    }

    pub fn item_count(&self) -> Result<u64, CatalogError> {
        self.catalog().item_count()
    }

    pub fn cases(&self) -> Result<Vec<String>, CatalogError> {
        self.catalog().cases()
    }

    pub fn tags(&self) -> Result<Vec<String>, CatalogError> {
        self.catalog().all_tags()
    }

    /// Resolves an ID or unique prefix.
    pub fn resolve(&self, id_or_prefix: &str) -> Result<ItemRef, CatalogError> {
        self.catalog().resolve(id_or_prefix)
    }

    /// One item by ID (or unique prefix).
    pub fn item(&self, id: &str) -> Result<Item, CatalogError> {
        let cat = self.catalog();
        let r = cat.resolve(id)?;
        cat.item(r.num)
    }

    /// Items by catalog number, for views that page through `list_refs`.
    pub fn items_by_num(&self, nums: &[i64]) -> Result<Vec<Item>, CatalogError> {
        let cat = self.catalog();
        nums.iter().map(|n| cat.item(*n)).collect()
    }

    /// An item with its custody log, the log checked.
    pub fn detail(&self, id: &str) -> Result<ItemDetail, CatalogError> {
        let cat = self.catalog();
        let r = cat.resolve(id)?;
        let item = cat.item(r.num)?;
        let custody = cat.events(r.num)?;
        let mut custody_problems = Vec::new();
        let chains = cat.chains(r.num)?;
        if !chains.iter().any(|c| c[0].body.item_id == item.id) {
            custody_problems.push(ChainProblem::Empty);
        }
        for chain in &chains {
            custody_problems.extend(verify_chain(chain, &chain[0].body.item_id, &item.sha256));
        }
        let note_body = cat.note_body(r.num)?;
        Ok(ItemDetail {
            item,
            custody,
            custody_problems,
            note_body,
        })
    }

    /// Changes the documenter's fields and records a `metadata_edited` event with old and new
    /// values. Returns the updated item.
    pub fn edit(&self, id: &str, edit: &MetadataEdit) -> Result<Item, EditError> {
        self.commit(|tx| -> Result<Item, EditError> {
            let r = tx.resolve(id)?;
            let sha = tx.item(r.num)?.sha256;
            let changes = tx.update_metadata(r.num, edit)?;
            if !changes.is_empty() {
                let mut d = std::collections::BTreeMap::new();
                for (field, old, new) in changes {
                    d.insert(field, serde_json::json!({"old": old, "new": new}));
                }
                tx.record(r.num, &r.id, &sha, Action::MetadataEdited, d)?;
            }
            Ok(tx.item(r.num)?)
        })
    }

    /// Applies the same edit to many items in one commit (one event per changed item). Returns
    /// how many items changed.
    pub fn edit_many(&self, ids: &[String], edit: &MetadataEdit) -> Result<usize, EditError> {
        self.commit(|tx| -> Result<usize, EditError> {
            let mut changed = 0;
            for id in ids {
                let r = tx.resolve(id)?;
                let sha = tx.item(r.num)?.sha256;
                let changes = tx.update_metadata(r.num, edit)?;
                if changes.is_empty() {
                    continue;
                }
                let mut d = std::collections::BTreeMap::new();
                for (field, old, new) in changes {
                    d.insert(field, serde_json::json!({"old": old, "new": new}));
                }
                tx.record(r.num, &r.id, &sha, Action::MetadataEdited, d)?;
                changed += 1;
            }
            Ok(changed)
        })
    }

    /// Opens the original for reading (decrypting as it goes; altered ciphertext makes reads fail).
    pub fn open_original(&self, id: &str) -> Result<(Item, ObjectReader), ReadError> {
        let item = self.item(id)?;
        let reader = objects::open_sealed(
            &objects::object_path(self.dir(), &item.id),
            &self.keys().identity,
        )?;
        Ok((item, reader))
    }

    /// The decrypted thumbnail (JPEG bytes) if the item has one.
    pub fn thumbnail(&self, id: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let item = self.item(id)?;
        if !item.has_thumbnail {
            return Ok(None);
        }
        let path = objects::thumb_path(self.dir(), &item.id);
        Ok(Some(objects::read_sealed(
            &path,
            &self.keys().identity,
            MAX_THUMB_BYTES,
        )?))
    }

    /// Writes the original bytes to `out` (which must not exist), checking them against the
    /// recorded SHA-256 on the way; on a mismatch nothing is left at `out`. Logged as `extracted`.
    pub fn extract_to(&self, id: &str, out: &Path) -> Result<Item, ExtractError> {
        if out.exists() {
            return Err(ExtractError::Exists {
                path: out.to_owned(),
            });
        }
        let item = self.item(id)?;
        let mut reader = objects::open_sealed(
            &objects::object_path(self.dir(), &item.id),
            &self.keys().identity,
        )?;
        let werr = |source| ExtractError::Write {
            path: out.to_owned(),
            source,
        };
        let mut tmp = atomic::temp_beside(out).map_err(werr)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(ExtractError::Damaged {
                        id: item.id.clone(),
                        reason: e.to_string(),
                    });
                }
            };
            hasher.update(&buf[..n]);
            tmp.write_all(&buf[..n]).map_err(werr)?;
        }
        let found = hex::encode(hasher.finalize());
        if found != item.sha256 {
            return Err(ExtractError::HashMismatch {
                id: item.id.clone(),
                expected: item.sha256.clone(),
                found,
            });
        }
        // persist_noclobber: never replace a file that appeared meanwhile.
        tmp.as_file().sync_all().map_err(werr)?;
        tmp.persist_noclobber(out).map_err(|e| werr(e.error))?;
        let recorded = self.commit(|tx| -> Result<(), CommitError> {
            let r = tx.resolve(&item.id)?;
            tx.record(
                r.num,
                &r.id,
                &item.sha256,
                Action::Extracted,
                details! {"destination" => out.display().to_string()},
            )?;
            Ok(())
        });
        if let Err(source) = recorded {
            // An extraction that is not in the custody log must not exist.
            let _ = std::fs::remove_file(out);
            return Err(ExtractError::Record {
                path: out.to_owned(),
                source,
            });
        }
        Ok(item)
    }
}
