//! Incidents in the catalog (schema 4): the folded state of each incident as a row (for listing
//! and filtering, and readable in stock `sqlite3`), its links to items, its signed events, and
//! the vault's own vocabulary terms.
//!
//! Events are kept as their full JSON: incidents are few next to items, and the JSON is exactly
//! what bundles carry. The row is rewritten from the fold of the events after every change, and
//! `verify` recomputes it, so an altered row is detected.

use rusqlite::{OptionalExtension, params};

use super::sql::{self, int, opt_real, opt_text, text};
use super::{Catalog, CatalogError, Writer};
use crate::custody::CustodyEvent;
use crate::incident::{Incident, LinkRole, Term, VocabKind};

/// Version 4: incidents.
pub(super) const INCIDENTS_V4: &str = r#"
CREATE TABLE incidents (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'incoming',
    title TEXT NOT NULL DEFAULT '',
    title_ar TEXT NOT NULL DEFAULT '',
    first_day TEXT,
    last_day TEXT,
    place TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL,
    case_name TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX incidents_status ON incidents(status);
CREATE INDEX incidents_day ON incidents(first_day);
CREATE TABLE incident_items (
    incident INTEGER NOT NULL REFERENCES incidents(num),
    item INTEGER NOT NULL REFERENCES items(num),
    role TEXT NOT NULL CHECK (role IN ('primary','supporting','context')),
    PRIMARY KEY (incident, item)
) WITHOUT ROWID;
CREATE INDEX incident_items_item ON incident_items(item);
CREATE TABLE incident_custody (
    pos INTEGER PRIMARY KEY,
    incident INTEGER NOT NULL REFERENCES incidents(num),
    vault_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    event_json TEXT NOT NULL,
    UNIQUE (incident, vault_id, seq)
);
CREATE TRIGGER incident_custody_no_update BEFORE UPDATE ON incident_custody
    BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TRIGGER incident_custody_no_delete BEFORE DELETE ON incident_custody
    BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TABLE vocabulary (
    kind TEXT NOT NULL CHECK (kind IN ('violation','site','weapon')),
    code TEXT NOT NULL,
    en TEXT NOT NULL DEFAULT '',
    ar TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, code)
) WITHOUT ROWID;
"#;

/// A row handle for an incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentRef {
    pub num: i64,
    pub id: String,
}

impl Catalog {
    /// The incident with this ID, or the only one whose ID starts with it (6+ hex characters).
    pub fn resolve_incident(&self, id_or_prefix: &str) -> Result<IncidentRef, CatalogError> {
        let p = id_or_prefix.trim().to_ascii_lowercase();
        if let Some(r) = self.incident_ref(&p)? {
            return Ok(r);
        }
        if p.len() < 6 || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(CatalogError::NotFound(id_or_prefix.to_owned()));
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT num, id FROM incidents WHERE id LIKE ?1 || '%' LIMIT 2")?;
        let rows: Vec<IncidentRef> = stmt
            .query_map([&p], |r| {
                Ok(IncidentRef {
                    num: r.get(0)?,
                    id: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        match rows.len() {
            1 => Ok(rows.into_iter().next().ok_or(CatalogError::NotFound(p))?),
            0 => Err(CatalogError::NotFound(id_or_prefix.to_owned())),
            count => Err(CatalogError::Ambiguous { prefix: p, count }),
        }
    }

    pub fn incident_ref(&self, id: &str) -> Result<Option<IncidentRef>, CatalogError> {
        Ok(self
            .conn
            .prepare_cached("SELECT num FROM incidents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .map(|num| IncidentRef {
                num,
                id: id.to_owned(),
            }))
    }

    /// The IDs of every incident, without reading their state.
    pub fn incident_ids(&self) -> Result<Vec<String>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM incidents ORDER BY num")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Every incident (its stored state) with the number of linked items, newest day first.
    pub fn incidents(&self) -> Result<Vec<(Incident, usize)>, CatalogError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.state, (SELECT count(*) FROM incident_items l WHERE l.incident = i.num) \
             FROM incidents i ORDER BY i.first_day DESC, i.num DESC",
        )?;
        let rows: Vec<(String, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(s, n)| Ok((serde_json::from_str::<Incident>(&s)?, n as usize)))
            .collect()
    }

    /// The stored state of one incident.
    pub fn incident_state(&self, num: i64) -> Result<Incident, CatalogError> {
        let s: String = self
            .conn
            .prepare_cached("SELECT state FROM incidents WHERE num = ?1")?
            .query_row([num], |r| r.get(0))?;
        Ok(serde_json::from_str(&s)?)
    }

    /// The stored links of an incident: item row number, ID and role.
    pub fn incident_links(&self, num: i64) -> Result<Vec<(i64, String, LinkRole)>, CatalogError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.item, i.id, l.role FROM incident_items l JOIN items i ON i.num = l.item \
             WHERE l.incident = ?1 ORDER BY i.num",
        )?;
        let rows: Vec<(i64, String, String)> = stmt
            .query_map([num], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .into_iter()
            .map(|(n, id, role)| (n, id, LinkRole::parse(&role).unwrap_or_default()))
            .collect())
    }

    /// The incidents an item is linked to: incident ID, its display titles, role.
    pub fn incidents_of_item(
        &self,
        item_num: i64,
    ) -> Result<Vec<(String, String, String, LinkRole)>, CatalogError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.id, n.title, n.title_ar, l.role FROM incident_items l \
             JOIN incidents n ON n.num = l.incident WHERE l.item = ?1 ORDER BY n.first_day, n.num",
        )?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map([item_num], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .into_iter()
            .map(|(a, b, c, r)| (a, b, c, LinkRole::parse(&r).unwrap_or_default()))
            .collect())
    }

    /// The incident's chains: one per recording vault, each oldest first.
    pub fn incident_chains(&self, num: i64) -> Result<Vec<Vec<CustodyEvent>>, CatalogError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT vault_id, event_json FROM incident_custody WHERE incident = ?1 \
             ORDER BY vault_id, seq",
        )?;
        let rows: Vec<(String, String)> = stmt
            .query_map([num], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut chains: Vec<Vec<CustodyEvent>> = Vec::new();
        let mut last_vault = String::new();
        for (vault, json) in rows {
            let ev: CustodyEvent = serde_json::from_str(&json)?;
            if vault != last_vault || chains.is_empty() {
                chains.push(Vec::new());
                last_vault = vault;
            }
            if let Some(c) = chains.last_mut() {
                c.push(ev);
            }
        }
        Ok(chains)
    }

    /// The newest event of vault `vault_id`'s chain of an incident.
    pub fn last_incident_event(
        &self,
        num: i64,
        vault_id: &str,
    ) -> Result<Option<CustodyEvent>, CatalogError> {
        let json: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT event_json FROM incident_custody WHERE incident = ?1 AND vault_id = ?2 \
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row(params![num, vault_id], |r| r.get(0))
            .optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// The terms this vault added to the vocabularies.
    pub fn user_terms(&self) -> Result<Vec<Term>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, code, en, ar FROM vocabulary ORDER BY kind, code")?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(k, code, en, ar)| {
                Some(Term {
                    kind: VocabKind::parse(&k)?,
                    code,
                    en,
                    ar,
                    builtin: false,
                })
            })
            .collect())
    }

    /// The row number of the item with this SHA-256, and its ID.
    pub fn item_by_sha256(&self, sha256: &str) -> Result<Option<(i64, String)>, CatalogError> {
        Ok(self
            .conn
            .prepare_cached("SELECT num, id FROM items WHERE sha256 = ?1")?
            .query_row([sha256], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }
}

impl Writer<'_> {
    /// The incident's row, created (empty, to be filled by [`Writer::store_incident`]) if new.
    pub fn ensure_incident(&mut self, id: &str) -> Result<i64, CatalogError> {
        if let Some(r) = self.incident_ref(id)? {
            return Ok(r.num);
        }
        let num = self.next_key("incidents", "num")?;
        self.exec(&sql::insert(
            "incidents",
            &["num", "id"],
            &[int(num), text(id)],
        ))?;
        Ok(num)
    }

    /// Appends one event to an incident's chains. The event must extend its vault's chain.
    pub fn append_incident_event(
        &mut self,
        num: i64,
        ev: &CustodyEvent,
    ) -> Result<(), CatalogError> {
        let json = serde_json::to_string(ev)?;
        let pos = self.next_key("incident_custody", "pos")?;
        self.exec(&sql::insert(
            "incident_custody",
            &["pos", "incident", "vault_id", "seq", "action", "event_json"],
            &[
                int(pos),
                int(num),
                text(&ev.body.vault_id),
                int(ev.body.seq as i64),
                text(ev.body.action.as_str()),
                text(&json),
            ],
        ))?;
        Ok(())
    }

    /// Rewrites an incident's row and links from its state (`links`: item row numbers and roles).
    pub fn store_incident(
        &mut self,
        num: i64,
        state: &Incident,
        links: &[(i64, LinkRole)],
    ) -> Result<(), CatalogError> {
        let f = &state.fields;
        let (first, last) = f
            .when
            .as_ref()
            .map(|w| w.day_range())
            .map_or((None, None), |(a, b)| (Some(a), Some(b)));
        let json = serde_json::to_string(state)?;
        let mut s = String::from("UPDATE incidents SET ");
        let cols: [(&str, sql::Lit<'_>); 10] = [
            ("status", text(state.status.as_str())),
            ("title", text(&f.title)),
            ("title_ar", text(&f.title_ar)),
            ("first_day", opt_text(first.as_deref())),
            ("last_day", opt_text(last.as_deref())),
            ("place", text(&f.place.name)),
            ("lat", opt_real(f.place.lat)),
            ("lon", opt_real(f.place.lon)),
            ("case_name", text(&f.case)),
            ("state", text(&json)),
        ];
        for (i, (c, v)) in cols.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(c);
            s.push_str(" = ");
            v.write_to(&mut s);
        }
        s.push_str(&format!(" WHERE num = {num}"));
        self.exec(&s)?;
        let stored: Vec<(i64, String, LinkRole)> = self.incident_links(num)?;
        let same = stored.len() == links.len()
            && stored
                .iter()
                .all(|(n, _, r)| links.iter().any(|(m, q)| m == n && q == r));
        if !same {
            self.exec(&format!(
                "DELETE FROM incident_items WHERE incident = {num}"
            ))?;
            for (item, role) in links {
                self.exec(&sql::insert(
                    "incident_items",
                    &["incident", "item", "role"],
                    &[int(num), int(*item), text(role.as_str())],
                ))?;
            }
        }
        Ok(())
    }

    /// Adds a term to the vault's vocabulary (or relabels one it added).
    pub fn add_term(&mut self, t: &Term) -> Result<(), CatalogError> {
        let mut s = sql::insert(
            "vocabulary",
            &["kind", "code", "en", "ar"],
            &[
                text(t.kind.as_str()),
                text(&t.code),
                text(&t.en),
                text(&t.ar),
            ],
        );
        s.push_str(" ON CONFLICT(kind, code) DO UPDATE SET en = excluded.en, ar = excluded.ar");
        self.exec(&s)?;
        Ok(())
    }
}
