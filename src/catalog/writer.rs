//! Every change to the catalog: executed as SQL text with literal values inside one open
//! transaction, and that same text kept for the journal segment, so that replaying the segment
//! (by this program at unlock, or by stock `sqlite3`) gives exactly the rows made here. Every
//! `INSERT` names its row's key, so replay never depends on how SQLite picks row ids.

use std::collections::BTreeSet;
use std::ops::Deref;

use rusqlite::OptionalExtension;

use super::custody_rows::{CompactEvent, EventContext, ItemFacts};
use super::items::derived_columns;
use super::sql::{self, Lit, blob, int, opt_int, opt_real, opt_text, text};
use super::{Catalog, CatalogError, NewItem};
use crate::custody::CustodyEvent;
use crate::item::{Derived, Kind, MetadataEdit, clean_tags};

/// One unit of change in progress. Dropping it without [`Writer::finish`] rolls everything back.
pub struct Writer<'c> {
    cat: &'c mut Catalog,
    sql: String,
    /// Items whose searchable text may have changed.
    touched: BTreeSet<i64>,
    open: bool,
}

impl Deref for Writer<'_> {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        self.cat
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.cat.conn.execute_batch("ROLLBACK");
        }
    }
}

impl<'c> Writer<'c> {
    pub(super) fn begin(cat: &'c mut Catalog) -> Result<Self, CatalogError> {
        cat.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(Self {
            cat,
            sql: String::new(),
            touched: BTreeSet::new(),
            open: true,
        })
    }

    /// Executes one statement (no trailing `;`) and keeps its text. Returns the rows changed.
    pub fn exec(&mut self, stmt: &str) -> Result<usize, CatalogError> {
        let n = self.cat.conn.execute(stmt, [])?;
        self.sql.push_str(stmt);
        self.sql.push_str(";\n");
        Ok(n)
    }

    /// The statements executed so far, each ending with `;` and a newline.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// True when nothing but bookkeeping was written.
    pub fn is_empty(&self) -> bool {
        self.sql.is_empty()
    }

    /// Commits the transaction in memory and brings the search index up to date.
    pub fn finish(mut self) -> Result<(), CatalogError> {
        self.cat.conn.execute_batch("COMMIT")?;
        self.open = false;
        let touched = std::mem::take(&mut self.touched);
        for num in touched {
            let cat: &Catalog = self.cat;
            cat.search.touched(num, || cat.search_text(num).ok());
        }
        Ok(())
    }

    pub(super) fn next_key(&self, table: &str, col: &str) -> Result<i64, CatalogError> {
        Ok(self.cat.conn.query_row(
            &format!("SELECT coalesce(max({col}), 0) + 1 FROM {table}"),
            [],
            |r| r.get(0),
        )?)
    }

    /// Records that this segment continues the journal: must be the first statement of a segment.
    pub fn advance_journal(&mut self, seq: u64, base_id: &str) -> Result<(), CatalogError> {
        let mut s = format!("UPDATE journal_state SET seq = {seq}, base_id = ");
        text(base_id).write_to(&mut s);
        s.push_str(" WHERE id = 1");
        self.exec(&s)?;
        Ok(())
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), CatalogError> {
        let mut s = sql::insert("meta", &["key", "value"], &[text(key), text(value)]);
        s.push_str(" ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        self.exec(&s)?;
        Ok(())
    }

    /// Inserts a new item with its tags; returns its row number.
    pub fn insert_item(&mut self, item: &NewItem) -> Result<i64, CatalogError> {
        let num = self.next_key("items", "num")?;
        let kind = item.kind.unwrap_or(Kind::File);
        let captured_date = item.captured_at.as_deref().and_then(|c| c.get(..10));
        let make = item.camera.as_ref().and_then(|c| c.make.as_deref());
        let model = item.camera.as_ref().and_then(|c| c.model.as_deref());
        let (derived_state, derived_note) = derived_columns(&item.derived);
        let phash = item.phash.map(|h| h.to_bytes());
        let s = sql::insert(
            "items",
            &[
                "num",
                "id",
                "kind",
                "sha256",
                "size",
                "mime",
                "original_name",
                "source_path",
                "source_modified",
                "added_at",
                "title",
                "description",
                "case_name",
                "place",
                "event_date",
                "captured_at",
                "captured_date",
                "gps_lat",
                "gps_lon",
                "gps_alt",
                "camera_make",
                "camera_model",
                "orientation",
                "width",
                "height",
                "has_thumbnail",
                "intake_note",
                "note_body",
                "captured_at_source",
                "captured_at_flag",
                "duration_ms",
                "phash",
                "derived_state",
                "derived_note",
            ],
            &[
                int(num),
                text(&item.id),
                text(kind.as_str()),
                text(&item.sha256),
                int(item.size as i64),
                text(&item.mime),
                opt_text(item.original_name.as_deref()),
                opt_text(item.source_path.as_deref()),
                opt_text(item.source_modified.as_deref()),
                text(&item.added_at),
                text(&item.title),
                text(&item.description),
                text(&item.case),
                text(&item.place),
                opt_text(item.event_date.as_deref()),
                opt_text(item.captured_at.as_deref()),
                opt_text(captured_date),
                opt_real(item.gps.map(|g| g.lat)),
                opt_real(item.gps.map(|g| g.lon)),
                opt_real(item.gps.and_then(|g| g.alt)),
                opt_text(make),
                opt_text(model),
                opt_int(item.orientation.map(i64::from)),
                opt_int(item.width.map(i64::from)),
                opt_int(item.height.map(i64::from)),
                int(item.has_thumbnail as i64),
                opt_text(item.intake_note.as_deref()),
                opt_text(item.note_body.as_deref()),
                opt_text(item.captured_at_source.map(|c| c.as_str())),
                opt_text(item.captured_at_flag.map(|f| f.as_str())),
                opt_int(item.duration_ms.map(|d| d.min(i64::MAX as u64) as i64)),
                phash.as_ref().map_or(Lit::Null, |b| blob(b)),
                opt_text(derived_state),
                opt_text(derived_note),
            ],
        );
        self.exec(&s)?;
        self.set_tags(num, &clean_tags(&item.tags))?;
        self.touched.insert(num);
        Ok(num)
    }

    /// Marks whether an item has a thumbnail (made after the item was secured).
    pub fn set_has_thumbnail(&mut self, num: i64, has: bool) -> Result<(), CatalogError> {
        self.exec(&sql::update(
            "items",
            "has_thumbnail",
            &int(has as i64),
            "num",
            &int(num),
        ))?;
        Ok(())
    }

    /// Records the state of an item's derived data (thumbnail and perceptual hash).
    pub fn set_derived(&mut self, num: i64, derived: &Derived) -> Result<(), CatalogError> {
        let (state, note) = derived_columns(derived);
        let mut s = "UPDATE items SET derived_state = ".to_owned();
        opt_text(state).write_to(&mut s);
        s.push_str(", derived_note = ");
        opt_text(note).write_to(&mut s);
        s.push_str(&format!(" WHERE num = {num}"));
        self.exec(&s)?;
        Ok(())
    }

    /// Stores an item's perceptual hash (16 bytes, see `intake::phash`).
    pub fn set_phash(
        &mut self,
        num: i64,
        phash: Option<crate::intake::phash::PHash>,
    ) -> Result<(), CatalogError> {
        let bytes = phash.map(|h| h.to_bytes());
        self.exec(&sql::update(
            "items",
            "phash",
            &bytes.as_ref().map_or(Lit::Null, |b| blob(b)),
            "num",
            &int(num),
        ))?;
        Ok(())
    }

    /// Applies an edit and returns, per changed field, `(field, old, new)` for the custody log.
    pub fn update_metadata(
        &mut self,
        num: i64,
        edit: &MetadataEdit,
    ) -> Result<Vec<(String, serde_json::Value, serde_json::Value)>, CatalogError> {
        let before = self.cat.item(num)?;
        let mut changes = Vec::new();
        let fields = [
            ("title", "title", &before.title, &edit.title),
            (
                "description",
                "description",
                &before.description,
                &edit.description,
            ),
            ("case_name", "case", &before.case, &edit.case),
            ("place", "place", &before.place, &edit.place),
        ];
        for (col, name, old, new) in fields {
            if let Some(new) = new {
                let new = new.trim();
                if new != old.as_str() {
                    self.exec(&sql::update("items", col, &text(new), "num", &int(num)))?;
                    changes.push((name.to_owned(), old.as_str().into(), new.into()));
                }
            }
        }
        if let Some(date) = &edit.event_date {
            let date = date
                .as_ref()
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty());
            if date != before.event_date {
                self.exec(&sql::update(
                    "items",
                    "event_date",
                    &opt_text(date.as_deref()),
                    "num",
                    &int(num),
                ))?;
                changes.push((
                    "event_date".into(),
                    before.event_date.clone().into(),
                    date.into(),
                ));
            }
        }
        if let Some(tags) = &edit.tags {
            let tags = clean_tags(tags);
            if tags != before.tags {
                self.set_tags(num, &tags)?;
                changes.push(("tags".into(), before.tags.clone().into(), tags.into()));
            }
        }
        if !changes.is_empty() {
            self.touched.insert(num);
        }
        Ok(changes)
    }

    fn set_tags(&mut self, num: i64, tags: &[String]) -> Result<(), CatalogError> {
        let existing: i64 =
            self.cat
                .conn
                .query_row("SELECT count(*) FROM tags WHERE num = ?1", [num], |r| {
                    r.get(0)
                })?;
        if existing > 0 {
            self.exec(&format!("DELETE FROM tags WHERE num = {num}"))?;
        }
        for (pos, t) in tags.iter().enumerate() {
            self.exec(&sql::insert(
                "tags",
                &["num", "pos", "tag"],
                &[int(num), int(pos as i64), text(t)],
            ))?;
        }
        self.touched.insert(num);
        Ok(())
    }

    /// Appends a sealed event to item `item_num`'s log, in the chain it names. Refuses an event
    /// that does not extend that chain exactly (next sequence number, previous hash): chains
    /// never fork. The table itself refuses updates and deletes.
    pub fn append_event(
        &mut self,
        item_num: i64,
        event: &CustodyEvent,
    ) -> Result<(), CatalogError> {
        let b = &event.body;
        let item: ItemFacts = self.cat.conn.query_row(
            &format!(
                "SELECT {} FROM items i WHERE i.num = ?1",
                ItemFacts::COLUMNS
            ),
            [item_num],
            |r| ItemFacts::from_row(r, 0),
        )?;
        let signer = self.ensure_signer(&b.vault_id, &b.signer)?;
        let chain_key = if b.item_id == item.id {
            ""
        } else {
            b.item_id.as_str()
        };
        let chain = self.ensure_chain(item_num, chain_key, signer)?;
        let last: Option<(i64, Vec<u8>)> = self
            .cat
            .conn
            .prepare_cached(
                "SELECT seq, hash FROM custody WHERE chain = ?1 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([chain], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (expected_seq, prev) = match &last {
            Some((seq, hash)) => (*seq as u64 + 1, Some(hash.as_slice())),
            None => (0, None),
        };
        if b.seq != expected_seq || b.prev != prev.map(hex::encode).unwrap_or_default() {
            return Err(CatalogError::ChainMoved {
                item_id: b.item_id.clone(),
                seq: b.seq,
                have: expected_seq,
            });
        }
        let ctx = EventContext {
            seq: b.seq,
            item_id: &b.item_id,
            vault_id: &b.vault_id,
            signer: &b.signer,
            item: &item,
            prev_hash: prev,
        };
        let c = CompactEvent::encode(event, &ctx);
        let at = match &c.at {
            rusqlite::types::Value::Integer(ms) => int(*ms),
            rusqlite::types::Value::Text(t) => text(t),
            _ => Lit::Null,
        };
        let pos = self.next_key("custody", "pos")?;
        let s = sql::insert(
            "custody",
            &[
                "pos",
                "chain",
                "seq",
                "at",
                "local_offset",
                "actor",
                "action",
                "details",
                "hash",
                "signature",
                "event_json",
            ],
            &[
                int(pos),
                int(chain),
                int(b.seq as i64),
                at,
                text(&c.local_offset),
                text(&c.actor),
                text(&c.action),
                text(&c.details),
                blob(&c.hash),
                c.signature.as_deref().map_or(Lit::Null, blob),
                opt_text(c.event_json.as_deref()),
            ],
        );
        self.exec(&s)?;
        Ok(())
    }

    fn ensure_signer(&mut self, vault_id: &str, key: &str) -> Result<i64, CatalogError> {
        let found: Option<i64> = self
            .cat
            .conn
            .prepare_cached("SELECT num FROM signers WHERE vault_id = ?1 AND key = ?2")?
            .query_row([vault_id, key], |r| r.get(0))
            .optional()?;
        if let Some(n) = found {
            return Ok(n);
        }
        let num = self.next_key("signers", "num")?;
        self.exec(&sql::insert(
            "signers",
            &["num", "vault_id", "key"],
            &[int(num), text(vault_id), text(key)],
        ))?;
        Ok(num)
    }

    /// The chain of `item_num` with key `chain_key` (empty: the item's own ID) by `signer`.
    fn ensure_chain(
        &mut self,
        item_num: i64,
        chain_key: &str,
        signer: i64,
    ) -> Result<i64, CatalogError> {
        let found: Option<i64> = self
            .cat
            .conn
            .prepare_cached(
                "SELECT num FROM chains WHERE item_num = ?1 AND item_id = ?2 AND signer = ?3",
            )?
            .query_row(rusqlite::params![item_num, chain_key, signer], |r| r.get(0))
            .optional()?;
        if let Some(n) = found {
            return Ok(n);
        }
        let num = self.next_key("chains", "num")?;
        self.exec(&sql::insert(
            "chains",
            &["num", "item_num", "item_id", "signer"],
            &[int(num), int(item_num), text(chain_key), int(signer)],
        ))?;
        Ok(num)
    }
}
