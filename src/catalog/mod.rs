//! The catalog: an SQLite database held in memory while the vault is unlocked.
//!
//! It is loaded from the base image (the plaintext inside `catalog.age`) plus the replayed
//! journal, so no plaintext catalog ever touches the disk; temporary storage is forced to memory
//! for the same reason. Reads are methods of [`Catalog`]; every change goes through a [`Writer`],
//! which executes SQL text with literal values and keeps that exact text for the journal segment
//! (see `vault::commit`). The search index is kept by the program beside the database.

mod custody_rows;
mod incidents;
mod items;
mod query;
pub mod schema;
mod search_state;
pub mod sql;
mod writer;

use std::collections::HashMap;

use rusqlite::{Connection, MAIN_DB, OptionalExtension, params};

use crate::custody::CustodyEvent;
use custody_rows::{CompactEvent, EventContext, ItemFacts};
use search_state::Search;

pub use incidents::IncidentRef;
pub use items::{DerivedRow, NewItem};
pub use schema::{MigrationError, SCHEMA_VERSION};
pub use writer::Writer;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Migration(#[from] MigrationError),
    #[error("no item matches '{0}'")]
    NotFound(String),
    #[error("'{prefix}' matches {count} items; give more of the ID")]
    Ambiguous { prefix: String, count: usize },
    #[error("a stored custody event is unreadable: {0}")]
    BadEvent(#[from] serde_json::Error),
    #[error(
        "custody event {seq} of item {item_id} does not extend its chain here (the chain has {have} events); it changed meanwhile"
    )]
    ChainMoved {
        item_id: String,
        seq: u64,
        have: u64,
    },
}

/// A row handle: the catalog's internal number and the item's public ID.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ItemRef {
    pub num: i64,
    pub id: String,
}

/// What verification needs to know about each item.
#[derive(Clone, Debug)]
pub struct StoredObject {
    pub num: i64,
    pub id: String,
    pub sha256: String,
    pub size: u64,
    pub has_thumbnail: bool,
}

/// Which base the catalog was loaded from and which journal segment it holds last.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalState {
    pub base_id: String,
    pub seq: u64,
    /// SHA-256 (hex) of the plaintext of segment `seq`, or empty when no segment was written yet.
    pub last_sha256: String,
}

/// Where the vault's journal stands: the base loaded, the last segment committed, and how much
/// journal has piled up since the base (for deciding when to compact).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalHead {
    pub base_id: String,
    pub seq: u64,
    pub last_sha256: String,
    pub segments: u64,
    pub bytes: u64,
}

pub struct Catalog {
    conn: Connection,
    search: Search,
    /// Kept by the vault's commit path beside the data it describes (same lock).
    pub(crate) head: JournalHead,
    /// Set when memory could not follow a segment already on disk: no more commits.
    pub(crate) poisoned: Option<String>,
}

impl Catalog {
    /// A new, empty catalog at the latest schema.
    pub fn new_empty(vault_id: &str, documenter: &str) -> Result<Self, CatalogError> {
        let mut conn = open_memory()?;
        // Bigger pages: less per-page overhead in a catalog of mostly small rows (measured: the
        // 100,000-item base shrinks by 4 %).
        conn.pragma_update(None, "page_size", 16384)?;
        schema::migrate(&mut conn)?;
        let mut cat = Self {
            conn,
            search: Search::empty(),
            head: JournalHead::default(),
            poisoned: None,
        };
        cat.put_meta("vault_id", vault_id)?;
        cat.put_meta("documenter", documenter)?;
        cat.head_from_state()?;
        Ok(cat)
    }

    /// Loads a serialized database image and migrates it forward if needed.
    pub fn from_image(image: &[u8]) -> Result<Self, CatalogError> {
        Ok(Self::load(image, image.len())?.0)
    }

    /// Loads a serialized database image of exactly `len` bytes from a (decrypting) reader,
    /// directly into SQLite's memory, and migrates it forward if needed. The search index is
    /// empty until [`Catalog::rebuild_search`].
    /// Also returns the schema version the image had before migration.
    pub fn load(reader: impl std::io::Read, len: usize) -> Result<(Self, u32), CatalogError> {
        let (mut cat, found) = Self::load_unmigrated(reader, len)?;
        cat.migrate()?;
        cat.head_from_state()?;
        Ok((cat, found))
    }

    /// Like [`Catalog::load`] but leaves the schema as it is, so that journal segments written
    /// against it can be replayed first; then [`Catalog::migrate`]. A schema newer than this
    /// program's is refused here already.
    pub fn load_unmigrated(
        reader: impl std::io::Read,
        len: usize,
    ) -> Result<(Self, u32), CatalogError> {
        let mut conn = open_memory()?;
        conn.deserialize_read_exact(MAIN_DB, reader, len, false)?;
        // Deserializing resets connection settings that apply to the schema.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(MigrationError::TooNew { found }.into());
        }
        let mut cat = Self {
            conn,
            search: Search::empty(),
            head: JournalHead::default(),
            poisoned: None,
        };
        if found >= 2 {
            cat.head_from_state()?;
        }
        Ok((cat, found))
    }

    /// The schema version of the catalog in memory.
    pub fn schema_version(&self) -> Result<u32, CatalogError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Brings the catalog to [`SCHEMA_VERSION`] in memory (not journaled: the caller writes a new
    /// base right after, see `Vault::unlock`). The journal head is kept.
    pub fn migrate(&mut self) -> Result<(), CatalogError> {
        schema::migrate(&mut self.conn)?;
        Ok(())
    }

    fn head_from_state(&mut self) -> Result<(), CatalogError> {
        let state = self.journal_state()?;
        self.head = JournalHead {
            base_id: state.base_id,
            seq: state.seq,
            last_sha256: state.last_sha256,
            segments: 0,
            bytes: 0,
        };
        Ok(())
    }

    /// Calls `f` with the serialized database image (borrowed, not copied when possible).
    pub fn with_image<T>(&self, f: impl FnOnce(&[u8]) -> T) -> Result<T, CatalogError> {
        let data = self.conn.serialize(MAIN_DB)?;
        Ok(f(&data))
    }

    /// Runs a journal segment (SQL text with its own `BEGIN`/`COMMIT`). On any error the open
    /// transaction is rolled back, so the catalog is as before the segment.
    pub fn replay(&self, sql: &str) -> Result<(), CatalogError> {
        match self.conn.execute_batch(sql) {
            Ok(()) => Ok(()),
            Err(e) => {
                if !self.conn.is_autocommit() {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
                Err(e.into())
            }
        }
    }

    pub fn journal_state(&self) -> Result<JournalState, CatalogError> {
        Ok(self.conn.query_row(
            "SELECT base_id, seq, last_sha256 FROM journal_state WHERE id = 1",
            [],
            |r| {
                Ok(JournalState {
                    base_id: r.get(0)?,
                    seq: r.get::<_, i64>(1)? as u64,
                    last_sha256: r.get(2)?,
                })
            },
        )?)
    }

    /// Rewrites the database without free space (before a new base is written: the base
    /// 100,000-item bench vault shrinks by 2.6 %).
    pub fn vacuum(&self) -> Result<(), CatalogError> {
        self.conn.execute_batch("VACUUM")?;
        Ok(())
    }

    /// Names a new base (compaction): the sequence stays, the base id and the hash of the last
    /// segment it holds change. Not journaled: it describes the base itself.
    pub fn rebase(&self, base_id: &str, last_sha256: &str) -> Result<(), CatalogError> {
        self.conn.execute(
            "UPDATE journal_state SET base_id = ?1, last_sha256 = ?2 WHERE id = 1",
            params![base_id, last_sha256],
        )?;
        Ok(())
    }

    /// The whole catalog image as a byte vector (tests and the stock-tool comparison).
    #[doc(hidden)]
    pub fn image(&self) -> Result<Vec<u8>, CatalogError> {
        self.with_image(<[u8]>::to_vec)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, CatalogError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Only for a catalog that is not yet journaled (a new vault's first base).
    fn put_meta(&self, key: &str, value: &str) -> Result<(), CatalogError> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Starts a unit of change: the caller's statements run inside one transaction and are kept
    /// as text; [`Writer::finish`] commits, dropping the writer rolls back.
    pub fn writer(&mut self) -> Result<Writer<'_>, CatalogError> {
        Writer::begin(self)
    }

    // ---- custody ----

    /// The newest event of the chain kept by vault `vault_id` about item `chain_item_id`, if any.
    /// Each vault keeps its own chain per item, so chains travelling between vaults never fork.
    pub fn last_event(
        &self,
        chain_item_id: &str,
        vault_id: &str,
    ) -> Result<Option<CustodyEvent>, CatalogError> {
        // The chains a vault keeps about its own items are stored under the item's ID.
        let chain: Option<(i64, String, ItemFacts)> = self
            .conn
            .prepare_cached(&format!(
                "SELECT ch.num, s.key, {} FROM items i JOIN chains ch ON ch.item_num = i.num AND ch.item_id = '' \
                 JOIN signers s ON s.num = ch.signer WHERE i.id = ?1 AND s.vault_id = ?2",
                ItemFacts::COLUMNS
            ))?
            .query_row([chain_item_id, vault_id], |r| {
                Ok((r.get(0)?, r.get(1)?, ItemFacts::from_row(r, 2)?))
            })
            .optional()?;
        let Some((chain, signer, item)) = chain else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at, local_offset, actor, action, details, hash, signature, event_json \
             FROM custody WHERE chain = ?1 ORDER BY seq DESC LIMIT 2",
        )?;
        let rows: Vec<(u64, CompactEvent)> = stmt
            .query_map([chain], compact_from_row)?
            .collect::<Result<_, _>>()?;
        let Some((seq, last)) = rows.first() else {
            return Ok(None);
        };
        let prev = rows.get(1).map(|(_, p)| p.hash.as_slice());
        let ctx = EventContext {
            seq: *seq,
            item_id: chain_item_id,
            vault_id,
            signer: &signer,
            item: &item,
            prev_hash: prev,
        };
        Ok(Some(last.decode(&ctx)?))
    }

    /// All events recorded for an item, in the order they were recorded.
    pub fn events(&self, item_num: i64) -> Result<Vec<CustodyEvent>, CatalogError> {
        let item: ItemFacts = self.conn.query_row(
            &format!(
                "SELECT {} FROM items i WHERE i.num = ?1",
                ItemFacts::COLUMNS
            ),
            [item_num],
            |r| ItemFacts::from_row(r, 0),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.seq, c.at, c.local_offset, c.actor, c.action, c.details, c.hash, c.signature, \
             c.event_json, ch.num, ch.item_id, s.vault_id, s.key \
             FROM chains ch JOIN custody c ON c.chain = ch.num JOIN signers s ON s.num = ch.signer \
             WHERE ch.item_num = ?1 ORDER BY c.pos",
        )?;
        type Row = (u64, CompactEvent, i64, String, String, String);
        let rows: Vec<Row> = stmt
            .query_map([item_num], |r| {
                let (seq, c) = compact_from_row(r)?;
                Ok((seq, c, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?))
            })?
            .collect::<Result<_, _>>()?;
        let hashes: HashMap<(i64, u64), &[u8]> = rows
            .iter()
            .map(|(seq, c, chain, ..)| ((*chain, *seq), c.hash.as_slice()))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for (seq, c, chain, chain_key, vault_id, signer) in &rows {
            let prev = match seq {
                0 => None,
                s => Some(hashes.get(&(*chain, s - 1)).copied().unwrap_or(&[])),
            };
            let ctx = EventContext {
                seq: *seq,
                item_id: if chain_key.is_empty() {
                    &item.id
                } else {
                    chain_key
                },
                vault_id,
                signer,
                item: &item,
                prev_hash: prev,
            };
            out.push(c.decode(&ctx)?);
        }
        Ok(out)
    }

    /// An item's events grouped into chains (one per item ID and keeping vault), each oldest
    /// first. An item acquired here has one chain; an imported one has the sender's chains and
    /// this vault's own, which starts with `imported`.
    pub fn chains(&self, item_num: i64) -> Result<Vec<Vec<CustodyEvent>>, CatalogError> {
        let mut chains: Vec<Vec<CustodyEvent>> = Vec::new();
        for ev in self.events(item_num)? {
            match chains.iter_mut().find(|c| {
                c[0].body.item_id == ev.body.item_id && c[0].body.vault_id == ev.body.vault_id
            }) {
                Some(c) => c.push(ev),
                None => chains.push(vec![ev]),
            }
        }
        for c in &mut chains {
            c.sort_by_key(|e| e.body.seq);
        }
        Ok(chains)
    }

    /// How many custody events the catalog holds.
    pub fn event_count(&self) -> Result<u64, CatalogError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM custody", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Every item's object facts, for fixity checks.
    pub fn stored_objects(&self) -> Result<Vec<StoredObject>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare("SELECT num, id, sha256, size, has_thumbnail FROM items ORDER BY num")?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredObject {
                num: r.get(0)?,
                id: r.get(1)?,
                sha256: r.get(2)?,
                size: r.get::<_, i64>(3)? as u64,
                has_thumbnail: r.get::<_, i64>(4)? != 0,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn item_count(&self) -> Result<u64, CatalogError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM items", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// Raw access for tests and benchmarks of this module's users.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn compact_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(u64, CompactEvent)> {
    Ok((
        r.get::<_, i64>(0)? as u64,
        CompactEvent {
            at: r.get(1)?,
            local_offset: r.get(2)?,
            actor: r.get(3)?,
            action: r.get(4)?,
            details: r.get(5)?,
            hash: r.get(6)?,
            signature: r.get(7)?,
            event_json: r.get(8)?,
        },
    ))
}

fn open_memory() -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open_in_memory()?;
    // Sorts and temporary tables must never spill plaintext into a temp file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    rusqlite::vtab::array::load_module(&conn)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_round_trip_keeps_meta() {
        let c = Catalog::new_empty("v1", "Amal").unwrap();
        let image = c.with_image(|b| b.to_vec()).unwrap();
        let d = Catalog::from_image(&image).unwrap();
        assert_eq!(d.meta("documenter").unwrap().as_deref(), Some("Amal"));
        assert_eq!(d.meta("vault_id").unwrap().as_deref(), Some("v1"));
        assert_eq!(d.journal_state().unwrap(), c.journal_state().unwrap());
    }

    #[test]
    fn garbage_image_is_an_error_not_a_panic() {
        assert!(Catalog::from_image(b"definitely not sqlite").is_err());
    }
}
