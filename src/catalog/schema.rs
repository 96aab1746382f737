//! Versioned catalog schema with forward-only migrations (in the style of mozilla
//! application-services' `open_database`): `PRAGMA user_version` holds the version; a fresh
//! catalog is created at the latest version; an older one is upgraded step by step inside one
//! transaction (`upgrade_from_N`); a newer one is refused, because this program would not
//! understand it.
//!
//! Everything stored must open in the `sqlite3` of Debian 12 (SQLite 3.40): no FTS options or
//! functions newer than that. The search index is not stored at all; the program rebuilds it.

use rusqlite::{Connection, Transaction, params};

use super::custody_rows::{CompactEvent, EventContext, ItemFacts};
use crate::custody::CustodyEvent;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error(
        "the catalog was written by a newer Evidence Vault (schema {found}, this program knows up to {SCHEMA_VERSION}); update the program, nothing was changed"
    )]
    TooNew { found: u32 },
    #[error("catalog database error during migration: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("a custody event stored by the older catalog is unreadable: {0}")]
    BadEvent(#[from] serde_json::Error),
}

/// Tables shared by every version from 2 on.
const ITEMS_V2: &str = r#"
CREATE TABLE items (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('photo','video','audio','text','file')),
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    original_name TEXT,
    source_path TEXT,
    source_modified TEXT,
    added_at TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    case_name TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    event_date TEXT,
    captured_at TEXT,
    captured_date TEXT,
    gps_lat REAL,
    gps_lon REAL,
    gps_alt REAL,
    camera_make TEXT,
    camera_model TEXT,
    orientation INTEGER,
    width INTEGER,
    height INTEGER,
    has_thumbnail INTEGER NOT NULL DEFAULT 0,
    intake_note TEXT,
    note_body TEXT
);
CREATE INDEX items_case ON items(case_name);
CREATE INDEX items_added ON items(added_at);
CREATE INDEX items_captured ON items(captured_date);
"#;

/// Version 3 (added to the items of version 2): where the capture time was read and whether it
/// is implausible, the duration of videos and sound, the perceptual hash (16 bytes: 64-bit
/// brightness and 64-bit colour DCT hashes, little-endian; see `intake::phash`), and the state of what is derived after an item is secured (thumbnail and
/// perceptual hash): NULL when complete or not applicable, else `pending`, `needs_tool` (the tool
/// in `derived_note`) or `failed` (the reason in `derived_note`). Plain columns added with
/// `ALTER TABLE … ADD COLUMN`, which SQLite 3.40 has.
const ITEMS_V3_COLUMNS: &str = r#"
ALTER TABLE items ADD COLUMN captured_at_source TEXT;
ALTER TABLE items ADD COLUMN captured_at_flag TEXT;
ALTER TABLE items ADD COLUMN duration_ms INTEGER;
ALTER TABLE items ADD COLUMN phash BLOB;
ALTER TABLE items ADD COLUMN derived_state TEXT
    CHECK (derived_state IS NULL OR derived_state IN ('pending','needs_tool','failed'));
ALTER TABLE items ADD COLUMN derived_note TEXT;
CREATE INDEX items_derived ON items(derived_state) WHERE derived_state IS NOT NULL;
"#;

/// Tags in their order per item, clustered by item (no separate rowid table).
const TAGS_V2: &str = "CREATE TABLE tags (
    num INTEGER NOT NULL REFERENCES items(num),
    pos INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (num, pos)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag);";

/// Custody in compact form: the key and vault of each signer once (`signers`), each chain once
/// (`chains`: one per item ID and keeping vault; `item_id` empty when it is the item's own), and
/// per event only what varies (see `custody_rows.rs`), with the hash and the Ed25519 signature in
/// binary. The armoured SSHSIG is rebuilt byte for byte. An event whose compact form would not
/// reproduce it exactly keeps its full JSON in `event_json`. The view `custody_events` shows the
/// events readably in stock `sqlite3` (time as text, details with the item's fields).
const CUSTODY_V2: &str = r#"
CREATE TABLE signers (
    num INTEGER PRIMARY KEY,
    vault_id TEXT NOT NULL,
    key TEXT NOT NULL,
    UNIQUE (vault_id, key)
);
CREATE TABLE chains (
    num INTEGER PRIMARY KEY,
    item_num INTEGER NOT NULL REFERENCES items(num),
    item_id TEXT NOT NULL DEFAULT '',
    signer INTEGER NOT NULL REFERENCES signers(num),
    UNIQUE (item_num, item_id, signer)
);
CREATE TABLE custody (
    pos INTEGER PRIMARY KEY,
    chain INTEGER NOT NULL REFERENCES chains(num),
    seq INTEGER NOT NULL,
    at NOT NULL,
    local_offset TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL,
    hash BLOB NOT NULL,
    signature BLOB,
    event_json TEXT,
    UNIQUE (chain, seq)
);
CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
    BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
    BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE VIEW custody_events AS
    SELECT c.pos, ch.item_num, i.id AS item,
           CASE ch.item_id WHEN '' THEN i.id ELSE ch.item_id END AS chain_item_id,
           s.vault_id, c.seq,
           CASE typeof(c.at) WHEN 'integer'
               THEN strftime('%Y-%m-%dT%H:%M:%fZ', c.at / 1000.0, 'unixepoch') ELSE c.at END AS at,
           c.local_offset, c.actor, c.action,
           CASE WHEN json_extract(c.details, '$."@item"') IS NOT NULL
               THEN json_set(json_remove(c.details, '$."@item"'), '$.kind', i.kind, '$.mime', i.mime,
                    '$.original_name', i.original_name, '$.size', i.size,
                    '$.source_modified', i.source_modified, '$.source_path', i.source_path)
               ELSE c.details END AS details,
           lower(hex(c.hash)) AS hash, s.key AS signer
    FROM custody c JOIN chains ch ON ch.num = c.chain JOIN signers s ON s.num = ch.signer
    JOIN items i ON i.num = ch.item_num;
"#;

/// Which base this catalog is and which journal segments it already holds. Every segment starts
/// with `UPDATE journal_state SET seq = N, base_id = B`; the trigger makes stock `sqlite3 -bail`
/// stop at a segment that is out of order, applied twice, or written on another base. Keeping
/// `seq` while changing `base_id` is how compaction names a new base (never what a segment does).
const JOURNAL_V2: &str = r#"
CREATE TABLE journal_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    base_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    last_sha256 TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER journal_in_order BEFORE UPDATE ON journal_state
    WHEN NOT ((NEW.seq = OLD.seq + 1 AND NEW.base_id = OLD.base_id)
              OR (NEW.seq = OLD.seq AND NEW.base_id <> OLD.base_id))
    BEGIN SELECT RAISE(ABORT, 'journal segment out of order or written on another base'); END;
"#;

/// Brings `conn` to [`SCHEMA_VERSION`], creating the schema if the database is empty.
pub fn migrate(conn: &mut Connection) -> Result<(), MigrationError> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(MigrationError::TooNew { found });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    // Upgrades rebuild tables, which SQLite only allows with foreign keys off (they cannot be
    // switched inside a transaction); the result is checked before it is committed.
    let rebuild = found > 0;
    if rebuild {
        conn.pragma_update(None, "foreign_keys", false)?;
    }
    let result = run_migration(conn, found, rebuild);
    if rebuild {
        conn.pragma_update(None, "foreign_keys", true)?;
    }
    result
}

fn run_migration(conn: &mut Connection, found: u32, rebuild: bool) -> Result<(), MigrationError> {
    let tx = conn.transaction()?;
    if found == 0 {
        init(&tx)?;
    } else {
        for v in found..SCHEMA_VERSION {
            match v {
                1 => upgrade_from_1(&tx)?,
                2 => upgrade_from_2(&tx)?,
                3 => upgrade_from_3(&tx)?,
                _ => unreachable_version(v)?,
            }
        }
    }
    if rebuild {
        let dangling: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if dangling > 0 {
            return Err(MigrationError::Sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!(
                    "{dangling} rows refer to missing rows after the upgrade"
                )),
            )));
        }
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

fn unreachable_version(v: u32) -> Result<(), MigrationError> {
    Err(MigrationError::TooNew { found: v })
}

fn init(tx: &Transaction<'_>) -> Result<(), MigrationError> {
    tx.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")?;
    tx.execute_batch(ITEMS_V2)?;
    tx.execute_batch(TAGS_V2)?;
    tx.execute_batch(CUSTODY_V2)?;
    tx.execute_batch(JOURNAL_V2)?;
    tx.execute(
        "INSERT INTO journal_state(id, base_id, seq) VALUES (1, ?1, 0)",
        [crate::objects::new_id()],
    )?;
    tx.execute_batch(ITEMS_V3_COLUMNS)?;
    tx.execute_batch(super::incidents::INCIDENTS_V4)?;
    Ok(())
}

/// Version 3 → 4: incidents (`catalog/incidents.rs`); nothing else changes.
fn upgrade_from_3(tx: &Transaction<'_>) -> Result<(), MigrationError> {
    tx.execute_batch(super::incidents::INCIDENTS_V4)?;
    Ok(())
}

/// Version 2 → 3: the new item columns; every photo is marked as having derived work pending
/// (its perceptual hash, which version 2 did not make), done by the next
/// `Vault::make_pending_thumbnails`. Capture-time sources of older items stay unknown (NULL):
/// they were read from EXIF DateTimeOriginal or, failing that, EXIF DateTime.
fn upgrade_from_2(tx: &Transaction<'_>) -> Result<(), MigrationError> {
    tx.execute_batch(ITEMS_V3_COLUMNS)?;
    tx.execute_batch("UPDATE items SET derived_state = 'pending' WHERE kind = 'photo';")?;
    Ok(())
}

/// Format 1 → 2: custody events from JSON rows to the compact form (every event kept, its
/// signature byte-identical), the FTS5 table dropped (it needed SQLite 3.43; the program now
/// keeps its own index), items re-created with the video and audio kinds, the journal state added.
fn upgrade_from_1(tx: &Transaction<'_>) -> Result<(), MigrationError> {
    // SQLite's table rebuild (foreign keys are off here, see `migrate`): references kept by name.
    tx.execute_batch(
        "PRAGMA legacy_alter_table = ON;
         DROP TABLE IF EXISTS items_fts;",
    )?;
    let (table, indexes) = ITEMS_V2
        .split_once(");\n")
        .ok_or(MigrationError::Sql(rusqlite::Error::InvalidQuery))?;
    tx.execute_batch(&format!(
        "{});",
        table.replace("CREATE TABLE items (", "CREATE TABLE items_new (")
    ))?;
    tx.execute_batch(
        "INSERT INTO items_new SELECT * FROM items;
         DROP TABLE items;
         ALTER TABLE items_new RENAME TO items;",
    )?;
    tx.execute_batch(indexes)?;
    tx.execute_batch(
        "ALTER TABLE tags RENAME TO tags_v1;
         DROP INDEX IF EXISTS tags_tag;",
    )?;
    tx.execute_batch(TAGS_V2)?;
    tx.execute_batch(
        "INSERT INTO tags(num, pos, tag)
             SELECT num, row_number() OVER (PARTITION BY num ORDER BY rowid), tag FROM tags_v1;
         DROP TABLE tags_v1;",
    )?;
    tx.execute_batch(
        "DROP TRIGGER custody_no_update; DROP TRIGGER custody_no_delete;
         ALTER TABLE custody RENAME TO custody_v1;
         DROP INDEX IF EXISTS custody_item;",
    )?;
    tx.execute_batch(CUSTODY_V2)?;
    tx.execute_batch(JOURNAL_V2)?;
    tx.execute(
        "INSERT INTO journal_state(id, base_id, seq) VALUES (1, ?1, 0)",
        [crate::objects::new_id()],
    )?;
    let mut rows = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT item_num, event_json FROM custody_v1 ORDER BY pos")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let num: i64 = r.get(0)?;
            let json: String = r.get(1)?;
            rows.push((num, serde_json::from_str::<CustodyEvent>(&json)?));
        }
    }
    for (num, ev) in rows {
        let signer = ensure_signer(tx, &ev.body.vault_id, &ev.body.signer)?;
        let item: ItemFacts = tx.query_row(
            &format!(
                "SELECT {} FROM items i WHERE i.num = ?1",
                ItemFacts::COLUMNS
            ),
            [num],
            |r| ItemFacts::from_row(r, 0),
        )?;
        let own = ev.body.item_id == item.id;
        let chain_key = if own { "" } else { ev.body.item_id.as_str() };
        let chain = ensure_chain(tx, num, chain_key, signer)?;
        let prev: Option<Vec<u8>> = if ev.body.seq == 0 {
            None
        } else {
            tx.query_row(
                "SELECT hash FROM custody WHERE chain = ?1 AND seq = ?2",
                params![chain, ev.body.seq as i64 - 1],
                |r| r.get(0),
            )
            .ok()
        };
        let ctx = EventContext {
            seq: ev.body.seq,
            item_id: &ev.body.item_id,
            vault_id: &ev.body.vault_id,
            signer: &ev.body.signer,
            item: &item,
            prev_hash: prev.as_deref(),
        };
        let c = CompactEvent::encode(&ev, &ctx);
        tx.execute(
            "INSERT INTO custody(chain, seq, at, local_offset, actor, action, details, hash, signature, event_json) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![chain, ev.body.seq as i64, c.at, c.local_offset, c.actor, c.action, c.details,
                c.hash, c.signature, c.event_json],
        )?;
    }
    tx.execute_batch("DROP TABLE custody_v1; PRAGMA legacy_alter_table = OFF;")?;
    Ok(())
}

fn ensure_signer(tx: &Transaction<'_>, vault_id: &str, key: &str) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT OR IGNORE INTO signers(vault_id, key) VALUES (?1, ?2)",
        params![vault_id, key],
    )?;
    tx.query_row(
        "SELECT num FROM signers WHERE vault_id = ?1 AND key = ?2",
        params![vault_id, key],
        |r| r.get(0),
    )
}

fn ensure_chain(
    tx: &Transaction<'_>,
    item_num: i64,
    chain_key: &str,
    signer: i64,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT OR IGNORE INTO chains(item_num, item_id, signer) VALUES (?1, ?2, ?3)",
        params![item_num, chain_key, signer],
    )?;
    tx.query_row(
        "SELECT num FROM chains WHERE item_num = ?1 AND item_id = ?2 AND signer = ?3",
        params![item_num, chain_key, signer],
        |r| r.get(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_gets_latest_schema() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        let v: u32 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        migrate(&mut c).unwrap(); // idempotent
    }

    #[test]
    fn newer_schema_is_refused_untouched() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut c),
            Err(MigrationError::TooNew { .. })
        ));
        let tables: i64 = c
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn custody_rows_cannot_be_changed_and_segments_must_follow() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        c.execute_batch(
            "INSERT INTO items(num,id,kind,sha256,size,mime,added_at) VALUES (1,'i','file','h',1,'x','t');
             INSERT INTO signers(num, vault_id, key) VALUES (1, 'v', 'k');
             INSERT INTO chains(num, item_num, item_id, signer) VALUES (1, 1, 'i', 1);
             INSERT INTO custody(chain,seq,at,local_offset,actor,action,details,hash) VALUES (1,0,0,'+00:00','a','acquired','{}',X'00');",
        )
        .unwrap();
        assert!(c.execute("UPDATE custody SET actor='x'", []).is_err());
        assert!(c.execute("DELETE FROM custody", []).is_err());
        let base: String = c
            .query_row("SELECT base_id FROM journal_state", [], |r| r.get(0))
            .unwrap();
        let ok = format!("UPDATE journal_state SET seq = 1, base_id = '{base}'");
        c.execute_batch(&ok).unwrap();
        assert!(c.execute_batch(&ok).is_err(), "the same segment twice");
        let skip = format!("UPDATE journal_state SET seq = 3, base_id = '{base}'");
        assert!(c.execute_batch(&skip).is_err(), "a gap");
        assert!(
            c.execute_batch("UPDATE journal_state SET seq = 2, base_id = 'other'")
                .is_err(),
            "another base"
        );
    }
}
