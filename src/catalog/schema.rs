//! Versioned catalog schema with forward-only migrations (in the style of mozilla
//! application-services' `open_database`): `PRAGMA user_version` holds the version; a fresh
//! catalog is created at the latest version; an older one is upgraded step by step inside one
//! transaction; a newer one is refused, because this program would not understand it.

use rusqlite::{Connection, Transaction};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error(
        "the catalog was written by a newer Evidence Vault (schema {found}, this program knows up to {SCHEMA_VERSION}); update the program, nothing was changed"
    )]
    TooNew { found: u32 },
    #[error("catalog database error during migration: {0}")]
    Sql(#[from] rusqlite::Error),
}

const V1: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE items (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('photo','text','file')),
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
CREATE TABLE tags (
    num INTEGER NOT NULL REFERENCES items(num),
    tag TEXT NOT NULL,
    UNIQUE (num, tag)
);
CREATE INDEX tags_tag ON tags(tag);
CREATE TABLE custody (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    item_num INTEGER NOT NULL REFERENCES items(num),
    chain_item_id TEXT NOT NULL,
    chain_vault_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    event_json TEXT NOT NULL,
    UNIQUE (chain_item_id, chain_vault_id, seq)
);
CREATE INDEX custody_item ON custody(item_num);
CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
    BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
    BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE VIRTUAL TABLE items_fts USING fts5(
    body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
"#;

/// Upgrades from version `i` to `i + 1` live at index `i - 1` (none yet beyond the initial schema).
const UPGRADES: &[&str] = &[];

/// Brings `conn` to [`SCHEMA_VERSION`], creating the schema if the database is empty.
pub fn migrate(conn: &mut Connection) -> Result<(), MigrationError> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(MigrationError::TooNew { found });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    if found == 0 {
        tx.execute_batch(V1)?;
    } else {
        upgrade(&tx, found)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

fn upgrade(tx: &Transaction<'_>, from: u32) -> Result<(), MigrationError> {
    for v in from..SCHEMA_VERSION {
        if let Some(sql) = UPGRADES.get(v as usize - 1) {
            tx.execute_batch(sql)?;
        }
    }
    Ok(())
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
    fn custody_rows_cannot_be_changed() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        c.execute_batch(
            "INSERT INTO items(num,id,kind,sha256,size,mime,added_at) VALUES (1,'i','file','h',1,'x','t');
             INSERT INTO custody(item_num,chain_item_id,chain_vault_id,seq,hash,event_json) VALUES (1,'i','v',0,'h0','{}');",
        )
        .unwrap();
        assert!(c.execute("UPDATE custody SET event_json='x'", []).is_err());
        assert!(c.execute("DELETE FROM custody", []).is_err());
    }
}
