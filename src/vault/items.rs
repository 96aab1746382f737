//! Reading, listing, editing and extracting items.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{CommitError, Tx, Vault};
use crate::atomic;
use crate::catalog::{CatalogError, ItemRef};
use crate::custody::{Action, ChainProblem, CustodyEvent, verify_chain};
use crate::details;
use crate::item::{Item, ListQuery, MetadataEdit, clean_tags};
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

/// One change applied to every item of a selection ([`Vault::edit_selection`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SelectionEdit {
    /// The case every item gets (`Some("")` clears it; `None` leaves each item's own).
    pub set_case: Option<String>,
    /// Tags appended to each item that lacks them, in this order.
    pub add_tags: Vec<String>,
    /// Tags taken off each item (a tag also in `add_tags` is kept: adding wins).
    pub remove_tags: Vec<String>,
}

impl SelectionEdit {
    /// True when it would change nothing.
    pub fn is_empty(&self) -> bool {
        self.set_case.is_none()
            && clean_tags(&self.add_tags).is_empty()
            && clean_tags(&self.remove_tags).is_empty()
    }
}

/// `tags` without `remove` (unless also in `add`), then the tags of `add` it lacks, appended.
fn change_tags(tags: &[String], add: &[String], remove: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tags
        .iter()
        .filter(|t| !remove.contains(t) || add.contains(t))
        .cloned()
        .collect();
    for t in add {
        if !out.contains(t) {
            out.push(t.clone());
        }
    }
    clean_tags(out)
}

/// Applies `edit` to one item inside a unit and records its `metadata_edited` event (field ->
/// `{old, new}`) if anything changed. Returns whether it did.
fn apply_edit(
    tx: &mut Tx<'_>,
    r: &ItemRef,
    sha256: &str,
    edit: &MetadataEdit,
) -> Result<bool, EditError> {
    let changes = tx.update_metadata(r.num, edit)?;
    if changes.is_empty() {
        return Ok(false);
    }
    let mut d = std::collections::BTreeMap::new();
    for (field, old, new) in changes {
        d.insert(field, serde_json::json!({"old": old, "new": new}));
    }
    tx.record(r.num, &r.id, sha256, Action::MetadataEdited, d)?;
    Ok(true)
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

/// The items of `results` that belong to one of `groups`, each group's members together (in the
/// order of `results`) where its first member falls.
fn grouped_in_order(results: Vec<ItemRef>, groups: &[Vec<ItemRef>]) -> Vec<ItemRef> {
    let group_of: std::collections::HashMap<i64, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, members)| members.iter().map(move |r| (r.num, g)))
        .collect();
    let mut order: Vec<usize> = Vec::new();
    let mut buckets: std::collections::HashMap<usize, Vec<ItemRef>> = Default::default();
    for r in results {
        if let Some(&g) = group_of.get(&r.num) {
            let bucket = buckets.entry(g).or_default();
            if bucket.is_empty() {
                order.push(g);
            }
            bucket.push(r);
        }
    }
    order
        .into_iter()
        .flat_map(|g| buckets.remove(&g).unwrap_or_default())
        .collect()
}

/// Thumbnails are small; anything bigger than this in `thumbs/` is not ours.
const MAX_THUMB_BYTES: u64 = 4 * 1024 * 1024;

impl Vault {
    pub fn list(&self, q: &ListQuery) -> Result<Vec<Item>, CatalogError> {
        if q.near_duplicates {
            let nums: Vec<i64> = self.list_refs(q)?.iter().map(|r| r.num).collect();
            return self.items_by_num(&nums);
        }
        self.catalog().list(q)
    }

    pub fn list_refs(&self, q: &ListQuery) -> Result<Vec<ItemRef>, CatalogError> {
        if !q.near_duplicates {
            return self.catalog().list_refs(q);
        }
        let all = self.catalog().list_refs(&ListQuery {
            limit: None,
            offset: 0,
            near_duplicates: false,
            ..q.clone()
        })?;
        let groups = self.near_duplicate_groups(None)?;
        Ok(grouped_in_order(all, &groups)
            .into_iter()
            .skip(q.offset)
            .take(q.limit.unwrap_or(usize::MAX))
            .collect())
    }

    pub fn count(&self, q: &ListQuery) -> Result<u64, CatalogError> {
        if q.near_duplicates {
            let all = ListQuery {
                limit: None,
                offset: 0,
                ..q.clone()
            };
            return Ok(self.list_refs(&all)?.len() as u64);
        }
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
            apply_edit(tx, &r, &sha, edit)?;
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
                if apply_edit(tx, &r, &sha, edit)? {
                    changed += 1;
                }
            }
            Ok(changed)
        })
    }

    /// Applies `change` to every item of a selection in one commit (one journal segment): sets
    /// the case, and adds and removes tags while keeping each item's own tag order. Each item
    /// whose metadata actually changes gets one `metadata_edited` event (old and new value of each
    /// changed field, as [`Vault::edit`] records); the others get none. Returns how many changed.
    /// An unknown ID fails the whole edit and changes nothing.
    pub fn edit_selection(
        &self,
        ids: &[String],
        change: &SelectionEdit,
    ) -> Result<usize, EditError> {
        let add = clean_tags(&change.add_tags);
        let remove = clean_tags(&change.remove_tags);
        let touches_tags = !add.is_empty() || !remove.is_empty();
        self.commit(|tx| -> Result<usize, EditError> {
            let mut changed = 0;
            for id in ids {
                let r = tx.resolve(id)?;
                let item = tx.item(r.num)?;
                let edit = MetadataEdit {
                    case: change.set_case.clone(),
                    tags: touches_tags.then(|| change_tags(&item.tags, &add, &remove)),
                    ..MetadataEdit::default()
                };
                if apply_edit(tx, &r, &item.sha256, &edit)? {
                    changed += 1;
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{NoteInput, journal, testing};

    fn note(v: &Vault, title: &str, tags: &[&str]) -> String {
        v.add_note(&NoteInput {
            title: title.into(),
            body: format!("body of {title}"),
            case: "old case".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..NoteInput::default()
        })
        .unwrap()
        .id
    }

    fn edits(v: &Vault, id: &str) -> Vec<CustodyEvent> {
        v.detail(id)
            .unwrap()
            .custody
            .into_iter()
            .filter(|e| e.body.action == Action::MetadataEdited)
            .collect()
    }

    fn segments(v: &Vault) -> usize {
        journal::list(v.dir()).unwrap().len()
    }

    #[test]
    fn a_selection_is_edited_in_one_commit_with_one_event_per_changed_item() {
        let (_t, v) = testing::vault();
        let a = note(&v, "a", &["x", "urgent"]);
        let b = note(&v, "b", &["y"]);
        let c = note(&v, "c", &[]);
        let before = segments(&v);

        // Add a tag to two items (one already has it: no event for it).
        let n = v
            .edit_selection(
                &[a.clone(), b.clone()],
                &SelectionEdit {
                    add_tags: vec![" urgent ".into(), "".into(), "urgent".into()],
                    ..SelectionEdit::default()
                },
            )
            .unwrap();
        assert_eq!(n, 1);
        assert_eq!(segments(&v), before + 1, "one segment");
        assert_eq!(v.item(&a).unwrap().tags, vec!["x", "urgent"]);
        assert_eq!(v.item(&b).unwrap().tags, vec!["y", "urgent"]);
        assert!(edits(&v, &a).is_empty());
        let ev = edits(&v, &b);
        assert_eq!(ev.len(), 1);
        assert_eq!(
            ev[0].body.details["tags"],
            serde_json::json!({"old": ["y"], "new": ["y", "urgent"]})
        );

        // Add to two items that both lack it: two events, one segment.
        let n = v
            .edit_selection(
                &[b.clone(), c.clone()],
                &SelectionEdit {
                    add_tags: vec!["bakery".into()],
                    ..SelectionEdit::default()
                },
            )
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(segments(&v), before + 2);
        assert_eq!(v.item(&b).unwrap().tags, vec!["y", "urgent", "bakery"]);
        assert_eq!(v.item(&c).unwrap().tags, vec!["bakery"]);
        assert_eq!(edits(&v, &b).len(), 2);
        assert_eq!(edits(&v, &c).len(), 1);

        // Set the case and remove a tag on all three, order of the rest kept.
        let all = [a.clone(), b.clone(), c.clone()];
        let n = v
            .edit_selection(
                &all,
                &SelectionEdit {
                    set_case: Some(" Case 7 ".into()),
                    remove_tags: vec!["urgent".into()],
                    ..SelectionEdit::default()
                },
            )
            .unwrap();
        assert_eq!(n, 3);
        assert_eq!(segments(&v), before + 3);
        assert_eq!(v.item(&a).unwrap().tags, vec!["x"]);
        assert_eq!(v.item(&b).unwrap().tags, vec!["y", "bakery"]);
        for id in &all {
            assert_eq!(v.item(id).unwrap().case, "Case 7");
        }
        let last = edits(&v, &a).pop().unwrap();
        assert_eq!(
            last.body.details["case"],
            serde_json::json!({"old": "old case", "new": "Case 7"})
        );
        assert_eq!(
            last.body.details["tags"],
            serde_json::json!({"old": ["x", "urgent"], "new": ["x"]})
        );
        // Only what changed is recorded.
        assert!(
            !edits(&v, &c)
                .pop()
                .unwrap()
                .body
                .details
                .contains_key("tags")
        );

        // The same again changes nothing: no event, no segment.
        let n = v
            .edit_selection(
                &all,
                &SelectionEdit {
                    set_case: Some("Case 7".into()),
                    add_tags: vec![],
                    remove_tags: vec!["urgent".into(), "never there".into()],
                },
            )
            .unwrap();
        assert_eq!(n, 0);
        assert_eq!(segments(&v), before + 3);
        assert_eq!(edits(&v, &a).len(), 1);
        assert_eq!(v.item(&a).unwrap().tags, vec!["x"]);
        assert_eq!(
            v.edit_selection(&all, &SelectionEdit::default()).unwrap(),
            0
        );
        assert_eq!(segments(&v), before + 3);
        for id in &all {
            assert!(v.detail(id).unwrap().custody_problems.is_empty());
        }
    }

    #[test]
    fn an_unknown_id_changes_nothing() {
        let (_t, v) = testing::vault();
        let a = note(&v, "a", &[]);
        let before = segments(&v);
        let r = v.edit_selection(
            &[a.clone(), "ffffffffffffffffffffffffffffffff".into()],
            &SelectionEdit {
                set_case: Some("new".into()),
                ..SelectionEdit::default()
            },
        );
        assert!(matches!(r, Err(EditError::Catalog(_))), "{r:?}");
        assert_eq!(v.item(&a).unwrap().case, "old case");
        assert!(edits(&v, &a).is_empty());
        assert_eq!(segments(&v), before);
    }

    #[test]
    fn tags_are_changed_in_place() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            change_tags(&t(&["a", "b", "c"]), &t(&["d", "a"]), &t(&["b"])),
            t(&["a", "c", "d"])
        );
        // Adding wins over removing the same tag, which keeps its place.
        assert_eq!(
            change_tags(&t(&["a", "b"]), &t(&["a"]), &t(&["a", "b"])),
            t(&["a"])
        );
        assert!(SelectionEdit::default().is_empty());
        assert!(
            SelectionEdit {
                add_tags: t(&[" "]),
                ..SelectionEdit::default()
            }
            .is_empty()
        );
    }

    #[test]
    fn near_duplicate_results_keep_the_sort_order_with_each_group_together() {
        let r = |num: i64| ItemRef {
            num,
            id: format!("id{num}"),
        };
        // Sorted results 1..=6; groups {5, 2} and {4, 6}; 1 and 3 have no near-duplicate.
        let results: Vec<ItemRef> = (1..=6).map(r).collect();
        let groups = vec![vec![r(5), r(2)], vec![r(6), r(4)], vec![r(7), r(8)]];
        let nums: Vec<i64> = grouped_in_order(results, &groups)
            .iter()
            .map(|x| x.num)
            .collect();
        assert_eq!(nums, vec![2, 5, 4, 6]);
    }
}
