//! Item rows: insert, look up, edit, and keep the full-text index in step.

use rusqlite::{OptionalExtension, Row, params};

use super::{Catalog, CatalogError, ItemRef};
use crate::item::{Camera, CaptureSource, DateFlag, Derived, Gps, Item, Kind, MediaTool};

/// An item whose derived data is to be made (see `Vault::make_pending_thumbnails`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedRow {
    pub num: i64,
    pub id: String,
    pub kind: Kind,
    pub size: u64,
    pub orientation: Option<u16>,
    pub duration_ms: Option<u64>,
    pub has_thumbnail: bool,
    pub state: Derived,
}

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
    pub captured_at_source: Option<CaptureSource>,
    pub captured_at_flag: Option<DateFlag>,
    pub duration_ms: Option<u64>,
    /// The state of the thumbnail and perceptual hash (pending right after intake).
    pub derived: Derived,
    pub phash: Option<crate::intake::phash::PHash>,
}

pub(super) const ITEM_COLUMNS: &str = "num, id, kind, sha256, size, mime, original_name, source_path, \
    source_modified, added_at, title, description, case_name, place, event_date, captured_at, \
    gps_lat, gps_lon, gps_alt, camera_make, camera_model, orientation, width, height, \
    has_thumbnail, intake_note, captured_at_source, captured_at_flag, duration_ms, derived_state, \
    derived_note";

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
        captured_at_source: r
            .get::<_, Option<String>>(26)?
            .as_deref()
            .and_then(CaptureSource::parse),
        captured_at_flag: r
            .get::<_, Option<String>>(27)?
            .as_deref()
            .and_then(DateFlag::parse),
        duration_ms: r.get::<_, Option<i64>>(28)?.map(|v| v.max(0) as u64),
        derived: derived_from(r.get(29)?, r.get(30)?),
    })
}

/// The stored form of [`Derived`]: `(derived_state, derived_note)`.
pub(crate) fn derived_columns(d: &Derived) -> (Option<&'static str>, Option<&str>) {
    match d {
        Derived::Complete => (None, None),
        Derived::Pending => (Some("pending"), None),
        Derived::NeedsTool(t) => (Some("needs_tool"), Some(t.as_str())),
        Derived::Failed(why) => (Some("failed"), Some(why.as_str())),
    }
}

pub(crate) fn derived_from(state: Option<String>, note: Option<String>) -> Derived {
    match state.as_deref() {
        None => Derived::Complete,
        Some("pending") => Derived::Pending,
        Some("needs_tool") => match note.as_deref().and_then(MediaTool::parse) {
            Some(t) => Derived::NeedsTool(t),
            None => Derived::Failed(note.unwrap_or_default()),
        },
        Some(_) => Derived::Failed(note.unwrap_or_default()),
    }
}

impl Catalog {
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

    pub(super) fn tags_of(&self, num: i64) -> Result<Vec<String>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tag FROM tags WHERE num = ?1 ORDER BY pos")?;
        let tags = stmt
            .query_map([num], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(tags)
    }

    /// The text of one item that search looks through (normalised by the index).
    pub(super) fn search_text(&self, num: i64) -> Result<String, CatalogError> {
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
        Ok(text)
    }

    /// Rebuilds the search index from every item (after unlock and journal replay), on its own
    /// thread: the first search waits for it.
    pub fn rebuild_search(&mut self) -> Result<(), CatalogError> {
        let mut stmt = self.conn.prepare(
            "SELECT num, title, description, coalesce(original_name, ''), place, case_name, \
             coalesce(note_body, ''), coalesce(camera_make, ''), coalesce(camera_model, ''), \
             (SELECT group_concat(tag, char(10)) FROM tags t WHERE t.num = items.num) FROM items",
        )?;
        let docs: Vec<(i64, String)> = stmt
            .query_map([], |r| {
                let mut text = String::new();
                for i in 1..=8 {
                    text.push_str(&r.get::<_, String>(i)?);
                    text.push('\n');
                }
                if let Some(tags) = r.get::<_, Option<String>>(9)? {
                    text.push_str(&tags);
                    text.push('\n');
                }
                Ok((r.get(0)?, text))
            })?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        self.search = super::search_state::Search::building(docs);
        Ok(())
    }

    /// Items whose derived data (thumbnail, perceptual hash) is pending or waits for a tool.
    pub fn derived_rows(&self) -> Result<Vec<DerivedRow>, CatalogError> {
        let mut stmt = self.conn.prepare(
            "SELECT num, id, kind, size, orientation, duration_ms, has_thumbnail, derived_state, \
             derived_note FROM items WHERE derived_state IN ('pending', 'needs_tool') ORDER BY num",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok(DerivedRow {
                    num: r.get(0)?,
                    id: r.get(1)?,
                    kind: Kind::parse(&kind).unwrap_or(Kind::File),
                    size: r.get::<_, i64>(3)?.max(0) as u64,
                    orientation: r
                        .get::<_, Option<i64>>(4)?
                        .and_then(|v| u16::try_from(v).ok()),
                    duration_ms: r.get::<_, Option<i64>>(5)?.map(|v| v.max(0) as u64),
                    has_thumbnail: r.get::<_, i64>(6)? != 0,
                    state: derived_from(r.get(7)?, r.get(8)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every stored perceptual hash, by item.
    pub fn phashes(&self) -> Result<Vec<(ItemRef, crate::intake::phash::PHash)>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare("SELECT num, id, phash FROM items WHERE phash IS NOT NULL ORDER BY num")?;
        let rows: Vec<(ItemRef, Vec<u8>)> = stmt
            .query_map([], |r| {
                Ok((
                    ItemRef {
                        num: r.get(0)?,
                        id: r.get(1)?,
                    },
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(r, b)| crate::intake::phash::PHash::from_bytes(&b).map(|h| (r, h)))
            .collect())
    }

    /// An item's perceptual hash, if made.
    pub fn phash_of(&self, num: i64) -> Result<Option<crate::intake::phash::PHash>, CatalogError> {
        Ok(self
            .conn
            .query_row("SELECT phash FROM items WHERE num = ?1", [num], |r| {
                r.get::<_, Option<Vec<u8>>>(0)
            })
            .optional()?
            .flatten()
            .and_then(|b| crate::intake::phash::PHash::from_bytes(&b)))
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
    use crate::item::MetadataEdit;

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
        let mut c = Catalog::new_empty("v", "d").unwrap();
        let mut w = c.writer().unwrap();
        let num = w.insert_item(&sample("abcdef01", "11", "One")).unwrap();
        w.insert_item(&sample("abcdff02", "22", "Two")).unwrap();
        assert!(w.sql().contains("INSERT INTO items(num, id"), "{}", w.sql());
        w.finish().unwrap();
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
        let mut c = Catalog::new_empty("v", "d").unwrap();
        let mut w = c.writer().unwrap();
        let num = w.insert_item(&sample("a1b2c3d4", "11", "Old")).unwrap();
        let edit = MetadataEdit {
            title: Some("New".into()),
            tags: Some(vec!["school".into(), "airstrike".into()]),
            ..Default::default()
        };
        let changes = w.update_metadata(num, &edit).unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].0, "title");
        assert_eq!(w.item(num).unwrap().tags, vec!["school", "airstrike"]);
        // Same edit again changes nothing.
        assert!(w.update_metadata(num, &edit).unwrap().is_empty());
        drop(w);
        assert_eq!(c.item_count().unwrap(), 0, "dropping a writer rolls back");
    }
}
