//! Item rows: insert, look up, edit, and keep the full-text index in step.

use rusqlite::{OptionalExtension, Row, params};

use super::{Catalog, CatalogError, ItemRef};
use crate::item::{Camera, Gps, Item, Kind, MetadataEdit, clean_tags};
use crate::text::normalize::normalize_for_search;

/// Everything intake knows about a new item.
#[derive(Clone, Debug, Default)]
pub struct NewItem {
    pub id: String,
    pub kind: Option<Kind>,
    pub sha256: String,
    pub size: u64,
    pub mime: String,
    pub original_name: Option<String>,
    pub source_path: Option<String>,
    pub source_modified: Option<String>,
    pub added_at: String,
    pub title: String,
    pub description: String,
    pub case: String,
    pub tags: Vec<String>,
    pub place: String,
    pub event_date: Option<String>,
    pub captured_at: Option<String>,
    pub gps: Option<Gps>,
    pub camera: Option<Camera>,
    pub orientation: Option<u16>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub has_thumbnail: bool,
    pub intake_note: Option<String>,
    /// For text items: the note itself, so it can be searched.
    pub note_body: Option<String>,
}

pub(super) const ITEM_COLUMNS: &str = "num, id, kind, sha256, size, mime, original_name, source_path, \
    source_modified, added_at, title, description, case_name, place, event_date, captured_at, \
    gps_lat, gps_lon, gps_alt, camera_make, camera_model, orientation, width, height, \
    has_thumbnail, intake_note";

/// Reads a row selected with [`ITEM_COLUMNS`]; tags are filled in separately.
pub(super) fn item_from_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    let kind: String = r.get(2)?;
    let lat: Option<f64> = r.get(16)?;
    let lon: Option<f64> = r.get(17)?;
    let make: Option<String> = r.get(19)?;
    let model: Option<String> = r.get(20)?;
    Ok(Item {
        id: r.get(1)?,
        kind: Kind::parse(&kind).unwrap_or(Kind::File),
        sha256: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
        mime: r.get(5)?,
        original_name: r.get(6)?,
        source_path: r.get(7)?,
        source_modified: r.get(8)?,
        added_at: r.get(9)?,
        title: r.get(10)?,
        description: r.get(11)?,
        case: r.get(12)?,
        tags: Vec::new(),
        place: r.get(13)?,
        event_date: r.get(14)?,
        captured_at: r.get(15)?,
        gps: match (lat, lon) {
            (Some(lat), Some(lon)) => Some(Gps {
                lat,
                lon,
                alt: r.get(18)?,
            }),
            _ => None,
        },
        camera: if make.is_some() || model.is_some() {
            Some(Camera { make, model })
        } else {
            None
        },
        orientation: r.get::<_, Option<i64>>(21)?.map(|v| v as u16),
        width: r.get::<_, Option<i64>>(22)?.map(|v| v as u32),
        height: r.get::<_, Option<i64>>(23)?.map(|v| v as u32),
        has_thumbnail: r.get::<_, i64>(24)? != 0,
        intake_note: r.get(25)?,
    })
}

impl Catalog {
    /// Inserts a new item with its tags and index entry; returns its row number.
    pub fn insert_item(&self, item: &NewItem) -> Result<i64, CatalogError> {
        let kind = item.kind.unwrap_or(Kind::File);
        let captured_date = item
            .captured_at
            .as_deref()
            .and_then(|c| c.get(..10))
            .map(str::to_owned);
        self.conn.execute(
            "INSERT INTO items (id, kind, sha256, size, mime, original_name, source_path, source_modified, \
             added_at, title, description, case_name, place, event_date, captured_at, captured_date, \
             gps_lat, gps_lon, gps_alt, camera_make, camera_model, orientation, width, height, \
             has_thumbnail, intake_note, note_body) VALUES \
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
              ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
            params![
                item.id,
                kind.as_str(),
                item.sha256,
                item.size as i64,
                item.mime,
                item.original_name,
                item.source_path,
                item.source_modified,
                item.added_at,
                item.title,
                item.description,
                item.case,
                item.place,
                item.event_date,
                item.captured_at,
                captured_date,
                item.gps.map(|g| g.lat),
                item.gps.map(|g| g.lon),
                item.gps.and_then(|g| g.alt),
                item.camera.as_ref().and_then(|c| c.make.clone()),
                item.camera.as_ref().and_then(|c| c.model.clone()),
                item.orientation.map(i64::from),
                item.width.map(i64::from),
                item.height.map(i64::from),
                item.has_thumbnail as i64,
                item.intake_note,
                item.note_body,
            ],
        )?;
        let num = self.conn.last_insert_rowid();
        self.set_tags(num, &clean_tags(&item.tags))?;
        self.reindex(num)?;
        Ok(num)
    }

    /// The item holding exactly these bytes, if any (deduplication by SHA-256).
    pub fn find_by_sha256(&self, sha256: &str) -> Result<Option<ItemRef>, CatalogError> {
        Ok(self
            .conn
            .query_row(
                "SELECT num, id FROM items WHERE sha256 = ?1",
                [sha256],
                |r| {
                    Ok(ItemRef {
                        num: r.get(0)?,
                        id: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Resolves a full ID or a unique prefix of at least 4 characters.
    pub fn resolve(&self, id_or_prefix: &str) -> Result<ItemRef, CatalogError> {
        let wanted = id_or_prefix.trim().to_ascii_lowercase();
        if let Some(found) = self
            .conn
            .query_row("SELECT num, id FROM items WHERE id = ?1", [&wanted], |r| {
                Ok(ItemRef {
                    num: r.get(0)?,
                    id: r.get(1)?,
                })
            })
            .optional()?
        {
            return Ok(found);
        }
        if wanted.len() < 4 || !wanted.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(CatalogError::NotFound(id_or_prefix.to_owned()));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT num, id FROM items WHERE id >= ?1 AND id < ?2 LIMIT 2")?;
        let upper = format!("{wanted}\u{10FFFF}");
        let found: Vec<ItemRef> = stmt
            .query_map(params![wanted, upper], |r| {
                Ok(ItemRef {
                    num: r.get(0)?,
                    id: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        match found.len() {
            0 => Err(CatalogError::NotFound(id_or_prefix.to_owned())),
            1 => Ok(found
                .into_iter()
                .next()
                .ok_or_else(|| CatalogError::NotFound(wanted))?),
            n => Err(CatalogError::Ambiguous {
                prefix: id_or_prefix.to_owned(),
                count: n,
            }),
        }
    }

    pub fn item(&self, num: i64) -> Result<Item, CatalogError> {
        let sql = format!("SELECT {} FROM items WHERE num = ?1", ITEM_COLUMNS);
        let mut item = self
            .conn
            .query_row(&sql, [num], item_from_row)
            .optional()?
            .ok_or_else(|| CatalogError::NotFound(num.to_string()))?;
        item.tags = self.tags_of(num)?;
        Ok(item)
    }

    /// The text of a note item, if it is one.
    pub fn note_body(&self, num: i64) -> Result<Option<String>, CatalogError> {
        Ok(self
            .conn
            .query_row("SELECT note_body FROM items WHERE num = ?1", [num], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    /// Applies an edit and returns, per changed field, `(field, old, new)` for the custody log.
    pub fn update_metadata(
        &self,
        num: i64,
        edit: &MetadataEdit,
    ) -> Result<Vec<(String, serde_json::Value, serde_json::Value)>, CatalogError> {
        let before = self.item(num)?;
        let mut changes = Vec::new();
        let mut text_field =
            |col: &str, name: &str, old: &str, new: &Option<String>| -> Result<(), CatalogError> {
                if let Some(new) = new {
                    let new = new.trim();
                    if new != old {
                        self.conn.execute(
                            &format!("UPDATE items SET {col} = ?1 WHERE num = ?2"),
                            params![new, num],
                        )?;
                        changes.push((name.to_owned(), old.into(), new.into()));
                    }
                }
                Ok(())
            };
        text_field("title", "title", &before.title, &edit.title)?;
        text_field(
            "description",
            "description",
            &before.description,
            &edit.description,
        )?;
        text_field("case_name", "case", &before.case, &edit.case)?;
        text_field("place", "place", &before.place, &edit.place)?;
        if let Some(date) = &edit.event_date {
            let date = date
                .as_ref()
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty());
            if date != before.event_date {
                self.conn.execute(
                    "UPDATE items SET event_date = ?1 WHERE num = ?2",
                    params![date, num],
                )?;
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
            self.reindex(num)?;
        }
        Ok(changes)
    }

    pub(super) fn tags_of(&self, num: i64) -> Result<Vec<String>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tag FROM tags WHERE num = ?1 ORDER BY rowid")?;
        let tags = stmt
            .query_map([num], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(tags)
    }

    fn set_tags(&self, num: i64, tags: &[String]) -> Result<(), CatalogError> {
        self.conn
            .execute("DELETE FROM tags WHERE num = ?1", [num])?;
        let mut stmt = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO tags(num, tag) VALUES (?1, ?2)")?;
        for t in tags {
            stmt.execute(params![num, t])?;
        }
        Ok(())
    }

    /// Rebuilds the full-text entry of one item from its current fields.
    fn reindex(&self, num: i64) -> Result<(), CatalogError> {
        let item = self.item(num)?;
        let body = self.note_body(num)?.unwrap_or_default();
        let mut text = String::new();
        for part in [
            item.title.as_str(),
            item.description.as_str(),
            item.original_name.as_deref().unwrap_or(""),
            item.place.as_str(),
            item.case.as_str(),
            body.as_str(),
            item.camera
                .as_ref()
                .and_then(|c| c.make.as_deref())
                .unwrap_or(""),
            item.camera
                .as_ref()
                .and_then(|c| c.model.as_deref())
                .unwrap_or(""),
        ] {
            text.push_str(part);
            text.push('\n');
        }
        for t in &item.tags {
            text.push_str(t);
            text.push('\n');
        }
        self.conn
            .execute("DELETE FROM items_fts WHERE rowid = ?1", [num])?;
        self.conn.execute(
            "INSERT INTO items_fts(rowid, body) VALUES (?1, ?2)",
            params![num, normalize_for_search(&text)],
        )?;
        Ok(())
    }

    /// Distinct case names in use, sorted.
    pub fn cases(&self) -> Result<Vec<String>, CatalogError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT case_name FROM items WHERE case_name <> '' ORDER BY case_name",
        )?;
        let v = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// Distinct tags in use, sorted.
    pub fn all_tags(&self) -> Result<Vec<String>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT tag FROM tags ORDER BY tag")?;
        let v = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample(id: &str, sha: &str, title: &str) -> NewItem {
        NewItem {
            id: id.into(),
            kind: Some(Kind::File),
            sha256: sha.into(),
            size: 3,
            mime: "text/plain".into(),
            added_at: "2026-11-21T10:00:00.000Z".into(),
            title: title.into(),
            tags: vec!["school".into()],
            ..Default::default()
        }
    }

    #[test]
    fn insert_get_and_resolve_prefix() {
        let c = Catalog::new_empty("v", "d").unwrap();
        let num = c.insert_item(&sample("abcdef01", "11", "One")).unwrap();
        c.insert_item(&sample("abcdff02", "22", "Two")).unwrap();
        let item = c.item(num).unwrap();
        assert_eq!(item.title, "One");
        assert_eq!(item.tags, vec!["school"]);
        assert_eq!(c.resolve("abcdef").unwrap().id, "abcdef01");
        assert!(matches!(
            c.resolve("abcd"),
            Err(CatalogError::Ambiguous { count: 2, .. })
        ));
        assert!(matches!(c.resolve("zzzz"), Err(CatalogError::NotFound(_))));
        assert_eq!(c.find_by_sha256("22").unwrap().unwrap().id, "abcdff02");
    }

    #[test]
    fn edits_report_old_and_new_values() {
        let c = Catalog::new_empty("v", "d").unwrap();
        let num = c.insert_item(&sample("a1b2c3d4", "11", "Old")).unwrap();
        let edit = MetadataEdit {
            title: Some("New".into()),
            tags: Some(vec!["school".into(), "airstrike".into()]),
            ..Default::default()
        };
        let changes = c.update_metadata(num, &edit).unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].0, "title");
        assert_eq!(c.item(num).unwrap().tags, vec!["school", "airstrike"]);
        // Same edit again changes nothing.
        assert!(c.update_metadata(num, &edit).unwrap().is_empty());
    }
}
