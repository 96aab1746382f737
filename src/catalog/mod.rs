//! The catalog: an SQLite database held in memory while the vault is unlocked.
//!
//! It is loaded from and saved to a serialized database image (the plaintext inside
//! `catalog.age`), so no plaintext catalog ever touches the disk. Temporary storage is forced
//! to memory for the same reason.

mod items;
mod query;
pub mod schema;

use rusqlite::{Connection, MAIN_DB, OptionalExtension, params};

use crate::custody::CustodyEvent;

pub use items::NewItem;
pub use schema::{MigrationError, SCHEMA_VERSION};

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

pub struct Catalog {
    conn: Connection,
}

impl Catalog {
    /// A new, empty catalog at the latest schema.
    pub fn new_empty(vault_id: &str, documenter: &str) -> Result<Self, CatalogError> {
        let mut conn = open_memory()?;
        schema::migrate(&mut conn)?;
        let cat = Self { conn };
        cat.set_meta("vault_id", vault_id)?;
        cat.set_meta("documenter", documenter)?;
        Ok(cat)
    }

    /// Loads a serialized database image and migrates it forward if needed.
    pub fn from_image(image: &[u8]) -> Result<Self, CatalogError> {
        let mut conn = open_memory()?;
        conn.deserialize_read_exact(MAIN_DB, image, image.len(), false)?;
        // Deserializing resets connection settings that apply to the schema.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// Loads a serialized database image of exactly `len` bytes from a (decrypting) reader,
    /// directly into SQLite's memory, and migrates it forward if needed.
    pub fn from_reader(reader: impl std::io::Read, len: usize) -> Result<Self, CatalogError> {
        let mut conn = open_memory()?;
        conn.deserialize_read_exact(MAIN_DB, reader, len, false)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// Calls `f` with the serialized database image (borrowed, not copied when possible).
    pub fn with_image<T>(&self, f: impl FnOnce(&[u8]) -> T) -> Result<T, CatalogError> {
        let data = self.conn.serialize(MAIN_DB)?;
        Ok(f(&data))
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, CatalogError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), CatalogError> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Runs `f` in a transaction, committing only if it succeeds.
    pub fn transaction<T, E: From<CatalogError>>(
        &mut self,
        f: impl FnOnce(&Catalog) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| E::from(CatalogError::from(e)))?;
        match f(self) {
            Ok(v) => {
                self.conn
                    .execute_batch("COMMIT")
                    .map_err(|e| E::from(CatalogError::from(e)))?;
                Ok(v)
            }
            Err(e) => {
                // A failed rollback leaves the transaction open; nothing better can be done here
                // and the original error is the one worth reporting.
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    // ---- custody ----

    /// The newest event of the chain kept by vault `vault_id` about item `chain_item_id`, if any.
    /// Each vault keeps its own chain per item, so chains travelling between vaults never fork.
    pub fn last_event(
        &self,
        chain_item_id: &str,
        vault_id: &str,
    ) -> Result<Option<CustodyEvent>, CatalogError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT event_json FROM custody WHERE chain_item_id = ?1 AND chain_vault_id = ?2 \
                 ORDER BY seq DESC LIMIT 1",
                [chain_item_id, vault_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match json {
            Some(j) => Some(serde_json::from_str(&j)?),
            None => None,
        })
    }

    /// Appends a sealed event to item `item_num`'s log. The table refuses updates and deletes.
    pub fn append_event(&self, item_num: i64, event: &CustodyEvent) -> Result<(), CatalogError> {
        let json = serde_json::to_string(event)?;
        self.conn.execute(
            "INSERT INTO custody(item_num, chain_item_id, chain_vault_id, seq, hash, event_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![item_num, event.body.item_id,
                event.body.vault_id, event.body.seq as i64, event.hash, json],
        )?;
        Ok(())
    }

    /// All events recorded for an item, in the order they were recorded.
    pub fn events(&self, item_num: i64) -> Result<Vec<CustodyEvent>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT event_json FROM custody WHERE item_num = ?1 ORDER BY pos")?;
        let rows = stmt.query_map([item_num], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            out.push(serde_json::from_str(&json?)?);
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

fn open_memory() -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open_in_memory()?;
    // Sorts and temporary tables must never spill plaintext into a temp file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
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
    }

    #[test]
    fn garbage_image_is_an_error_not_a_panic() {
        assert!(Catalog::from_image(b"definitely not sqlite").is_err());
    }
}
