//! Listing and full-text search.

use std::rc::Rc;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};

use super::items::{ITEM_COLUMNS, item_from_row};
use super::{Catalog, CatalogError, ItemRef};
use crate::incident::When;
use crate::incident::consistency::wall_minutes;
use crate::item::{CaptureBound, Item, ListQuery, MapPoint, SortKey, TimeMark};

type Args = Vec<ToSqlOutput<'static>>;

impl Catalog {
    /// Items matching `q`, in the requested order, with their tags.
    pub fn list(&self, q: &ListQuery) -> Result<Vec<Item>, CatalogError> {
        let (where_sql, args) = self.where_clause(q);
        // Tags come in the same query (unit-separator joined, in insertion order) instead of one
        // query per row: a listing of 100,000 items stays one statement.
        let sql = format!(
            "SELECT {ITEM_COLUMNS}, (SELECT group_concat(tag, char(31) ORDER BY pos) FROM tags t \
             WHERE t.num = items.num) FROM items {where_sql} ORDER BY {} {}",
            order_by(q),
            limit_clause(q)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let tag_col = ITEM_COLUMNS.split(',').count();
        let items: Vec<Item> = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                let mut item = item_from_row(r)?;
                let tags: Option<String> = r.get(tag_col)?;
                item.tags = tags
                    .map(|t| t.split('\u{1f}').map(str::to_owned).collect())
                    .unwrap_or_default();
                Ok(item)
            })?
            .collect::<Result<_, _>>()?;
        Ok(items)
    }

    /// Only the handles of matching items, in order: cheap enough for 100,000 rows, so a view
    /// can page through them and load full items for what is on screen.
    pub fn list_refs(&self, q: &ListQuery) -> Result<Vec<ItemRef>, CatalogError> {
        let (where_sql, args) = self.where_clause(q);
        let sql = format!(
            "SELECT num, id FROM items {where_sql} ORDER BY {} {}",
            order_by(q),
            limit_clause(q)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let refs = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(ItemRef {
                    num: r.get(0)?,
                    id: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(refs)
    }

    /// How many items match (ignoring limit and offset).
    pub fn count(&self, q: &ListQuery) -> Result<u64, CatalogError> {
        let (where_sql, args) = self.where_clause(q);
        let sql = format!("SELECT count(*) FROM items {where_sql}");
        Ok(self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args), |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }
}

impl Catalog {
    /// Every item matching `q` (its sort, limit and offset ignored; `near_duplicates` is the
    /// vault's to apply) as a map point, in catalog order, in one statement. Marks are only
    /// [`TimeMark::Implausible`] here; `Vault::map_points` adds those that need the incidents.
    pub fn map_points(&self, q: &ListQuery) -> Result<Vec<MapPoint>, CatalogError> {
        let (where_sql, args) = self.where_clause(q);
        let sql = format!(
            "SELECT num, id, gps_lat, gps_lon, captured_at, captured_at_flag IS NOT NULL \
             FROM items {where_sql} ORDER BY num"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let points = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                let lat: Option<f64> = r.get(2)?;
                let lon: Option<f64> = r.get(3)?;
                // Read in place: no String per row for the time.
                let captured = match r.get_ref(4)? {
                    ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(wall_minutes),
                    _ => None,
                };
                Ok(MapPoint {
                    num: r.get(0)?,
                    id: r.get(1)?,
                    gps: lat.zip(lon),
                    captured,
                    mark: r.get::<_, bool>(5)?.then_some(TimeMark::Implausible),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(points)
    }

    /// The time of every incident that has one and is linked to an item: incident row number and
    /// its `When`. Only the `when` is read out of the stored state (SQLite's `json_extract`), not
    /// the whole incident, whose links can run to thousands. A `when` that no longer reads is
    /// left out, as if the incident had none.
    pub fn linked_incident_times(&self) -> Result<Vec<(i64, When)>, CatalogError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT num, json_extract(state, '$.fields.when') FROM incidents \
             WHERE json_type(state, '$.fields.when') = 'object' \
             AND num IN (SELECT incident FROM incident_items)",
        )?;
        let rows: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(num, w)| Some((num, serde_json::from_str::<When>(&w).ok()?)))
            .collect())
    }

    /// Every link between an item and an incident: (item row number, incident row number).
    pub fn incident_item_pairs(&self) -> Result<Vec<(i64, i64)>, CatalogError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT item, incident FROM incident_items")?;
        let pairs = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(pairs)
    }

    /// The WHERE clause of a query. Text search runs in the program's index; its hits reach
    /// SQLite as one array parameter (`rarray`), so filters and sorting still happen there.
    fn where_clause(&self, q: &ListQuery) -> (String, Args) {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Args = Vec::new();
        if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let mut alternatives = Vec::new();
            if let Some(hits) = self
                .search
                .with(|n| self.search_text(n).ok(), |index| index.search(search))
            {
                let hits: Vec<Value> = hits.into_iter().map(Value::Integer).collect();
                args.push(ToSqlOutput::Array(Rc::new(hits)));
                alternatives.push(format!("num IN rarray(?{})", args.len()));
            }
            // A hash or ID pasted from elsewhere should find its item too.
            let lower = search.to_ascii_lowercase();
            if lower.len() >= 6 && lower.chars().all(|c| c.is_ascii_hexdigit()) {
                // Index range scans on the unique sha256 and id columns ('g' sorts after every hex digit).
                args.push(text_arg(lower.clone()));
                args.push(text_arg(format!("{lower}g")));
                let (lo, hi) = (args.len() - 1, args.len());
                alternatives.push(format!(
                    "(sha256 >= ?{lo} AND sha256 < ?{hi}) OR (id >= ?{lo} AND id < ?{hi})"
                ));
            }
            if alternatives.is_empty() {
                conds.push("0".into());
            } else {
                conds.push(format!("({})", alternatives.join(" OR ")));
            }
        }
        if let Some(case) = &q.case {
            args.push(text_arg(case.clone()));
            conds.push(format!("case_name = ?{}", args.len()));
        }
        if let Some(tag) = &q.tag {
            args.push(text_arg(tag.clone()));
            conds.push(format!(
                "num IN (SELECT num FROM tags WHERE tag = ?{})",
                args.len()
            ));
        }
        if let Some(kind) = q.kind {
            args.push(text_arg(kind.as_str()));
            conds.push(format!("kind = ?{}", args.len()));
        }
        for (bound, op) in [(&q.captured_from, ">="), (&q.captured_to, "<=")] {
            let Some(bound) = bound else { continue };
            // A day on the indexed date column; a minute on the recorded wall time's first 16
            // characters (`YYYY-MM-DDTHH:MM`), which ignores seconds and the offset.
            let col = match CaptureBound::of_stored(bound) {
                CaptureBound::Day(_) => "captured_date",
                CaptureBound::Minute(_) => "substr(captured_at, 1, 16)",
            };
            args.push(text_arg(bound.clone()));
            conds.push(format!("{col} {op} ?{}", args.len()));
        }
        if let Some(b) = q.within {
            for v in [b.south, b.north, b.west, b.east] {
                args.push(ToSqlOutput::Owned(Value::Real(v)));
            }
            let n = args.len();
            conds.push(format!(
                "gps_lat BETWEEN ?{} AND ?{} AND gps_lon BETWEEN ?{} AND ?{n}",
                n - 3,
                n - 2,
                n - 1
            ));
        }
        let sql = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        (sql, args)
    }
}

fn text_arg(s: impl Into<String>) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(Value::Text(s.into()))
}

fn order_by(q: &ListQuery) -> String {
    let col = match q.sort {
        SortKey::Added => "added_at",
        SortKey::Captured => "captured_at",
        // As the grid labels them: an untitled item by its file name, not all first.
        SortKey::Title => "COALESCE(NULLIF(TRIM(title), ''), original_name, '') COLLATE NOCASE",
        SortKey::Size => "size",
        SortKey::Kind => "kind",
        SortKey::Name => "original_name COLLATE NOCASE",
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    format!("{col} {dir}, num {dir}")
}

fn limit_clause(q: &ListQuery) -> String {
    match q.limit {
        Some(n) => format!("LIMIT {n} OFFSET {}", q.offset),
        None if q.offset > 0 => format!("LIMIT -1 OFFSET {}", q.offset),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::NewItem;
    use super::*;
    use crate::item::Kind;

    fn add(c: &mut Catalog, id: &str, title: &str, case: &str, captured: Option<&str>) {
        let mut w = c.writer().unwrap();
        w.insert_item(&NewItem {
            id: id.into(),
            kind: Some(Kind::Photo),
            sha256: format!("{id}ff"),
            size: 1,
            mime: "image/jpeg".into(),
            added_at: format!("2026-11-21T10:00:{id}Z"),
            title: title.into(),
            case: case.into(),
            tags: vec!["t".into()],
            captured_at: captured.map(str::to_owned),
            ..Default::default()
        })
        .unwrap();
        w.finish().unwrap();
    }

    fn catalog() -> Catalog {
        let mut c = Catalog::new_empty("v", "d").unwrap();
        add(
            &mut c,
            "01",
            "Bakery strike in Tabqa",
            "TABQA",
            Some("2017-03-20T09:00:00+03:00"),
        );
        add(
            &mut c,
            "02",
            "قصف المخبز في الطبقة",
            "TABQA",
            Some("2017-03-21T09:00:00+03:00"),
        );
        add(&mut c, "03", "Al Badya School", "MANSURA", None);
        c
    }

    fn ids(c: &Catalog, q: ListQuery) -> Vec<String> {
        c.list(&q).unwrap().into_iter().map(|i| i.id).collect()
    }

    #[test]
    fn search_english_prefix_and_case_insensitive() {
        let c = catalog();
        assert_eq!(
            ids(
                &c,
                ListQuery {
                    search: Some("bak".into()),
                    ..Default::default()
                }
            ),
            vec!["01"]
        );
        assert_eq!(
            ids(
                &c,
                ListQuery {
                    search: Some("SCHOOL".into()),
                    ..Default::default()
                }
            ),
            vec!["03"]
        );
    }

    #[test]
    fn search_arabic_with_variants() {
        let c = catalog();
        // taa marbuta / article-less form still finds the title.
        assert_eq!(
            ids(
                &c,
                ListQuery {
                    search: Some("طبقة".into()),
                    ..Default::default()
                }
            ),
            vec!["02"]
        );
        assert_eq!(
            ids(
                &c,
                ListQuery {
                    search: Some("المخبز".into()),
                    ..Default::default()
                }
            ),
            vec!["02"]
        );
    }

    #[test]
    fn filters_combine() {
        let c = catalog();
        let q = ListQuery {
            case: Some("TABQA".into()),
            captured_from: Some("2017-03-21".into()),
            ..Default::default()
        };
        assert_eq!(ids(&c, q.clone()), vec!["02"]);
        assert_eq!(c.count(&q).unwrap(), 1);
        let q = ListQuery {
            sort: SortKey::Added,
            descending: true,
            limit: Some(2),
            ..Default::default()
        };
        assert_eq!(ids(&c, q), vec!["03", "02"]);
    }

    #[test]
    fn minute_bounds_compare_the_recorded_wall_time_inclusive() {
        let mut c = Catalog::new_empty("v", "d").unwrap();
        for (id, at) in [
            ("01", "2017-03-21T09:14:00+03:00"),
            ("02", "2017-03-21T09:15:59Z"),
            ("03", "2017-03-21T09:16:00"),
            ("04", "2017-03-22T00:00:00"),
        ] {
            add(&mut c, id, "", "", Some(at));
        }
        add(&mut c, "05", "", "", None);
        let q = |from: Option<&str>, to: Option<&str>| {
            ids(
                &c,
                ListQuery {
                    captured_from: from.map(str::to_owned),
                    captured_to: to.map(str::to_owned),
                    ..Default::default()
                },
            )
        };
        // Both ends included, seconds and offsets ignored (the offset is not applied: 09:14+03:00
        // is 09:14 as recorded, not 06:14).
        assert_eq!(
            q(Some("2017-03-21T09:14"), Some("2017-03-21T09:15")),
            vec!["01", "02"]
        );
        assert_eq!(q(Some("2017-03-21T09:15"), None), vec!["02", "03", "04"]);
        assert_eq!(q(None, Some("2017-03-21T09:13")), Vec::<String>::new());
        // A day bound takes in the whole day, and mixes with a minute bound.
        assert_eq!(q(None, Some("2017-03-21")), vec!["01", "02", "03"]);
        assert_eq!(
            q(Some("2017-03-21T09:16"), Some("2017-03-22")),
            vec!["03", "04"]
        );
        assert_eq!(
            c.where_clause(&ListQuery {
                captured_from: Some("2017-03-21T09:16".into()),
                captured_to: Some("2017-03-22".into()),
                ..Default::default()
            })
            .0,
            "WHERE substr(captured_at, 1, 16) >= ?1 AND captured_date <= ?2"
        );
    }

    #[test]
    fn an_area_keeps_items_whose_gps_is_inside_bounds_included() {
        let mut c = Catalog::new_empty("v", "d").unwrap();
        for (i, gps) in [
            Some((35.8, 38.5)),
            Some((35.9, 38.6)),
            Some((35.95, 38.55)),
            Some((35.85, 38.45)),
            None,
        ]
        .into_iter()
        .enumerate()
        {
            let mut w = c.writer().unwrap();
            w.insert_item(&NewItem {
                id: format!("0{}", i + 1),
                kind: Some(Kind::Photo),
                sha256: format!("0{}ff", i + 1),
                size: 1,
                mime: "image/jpeg".into(),
                added_at: format!("2026-11-21T10:00:0{i}Z"),
                gps: gps.map(|(lat, lon)| crate::item::Gps {
                    lat,
                    lon,
                    alt: None,
                }),
                ..Default::default()
            })
            .unwrap();
            w.finish().unwrap();
        }
        let q = ListQuery {
            within: Some(crate::geo::GeoBox::parse("35.8,38.5,35.9,38.6").unwrap()),
            ..Default::default()
        };
        assert_eq!(ids(&c, q.clone()), vec!["01", "02"], "corners included");
        assert_eq!(c.count(&q).unwrap(), 2);
        let (sql, args) = c.where_clause(&q);
        assert_eq!(
            sql,
            "WHERE gps_lat BETWEEN ?1 AND ?2 AND gps_lon BETWEEN ?3 AND ?4"
        );
        assert_eq!(args.len(), 4);
        let refs: Vec<String> = c.list_refs(&q).unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(refs, vec!["01", "02"]);
        let wide = ListQuery {
            within: Some(crate::geo::GeoBox::parse("-90,-180,90,180").unwrap()),
            ..Default::default()
        };
        assert_eq!(
            c.count(&wide).unwrap(),
            4,
            "the item without GPS is left out"
        );
    }

    #[test]
    fn hostile_search_text_is_harmless() {
        let c = catalog();
        for s in ["\"", "NEAR(", "AND OR", "*", "-", "'; DROP TABLE items; --"] {
            c.list(&ListQuery {
                search: Some(s.into()),
                ..Default::default()
            })
            .unwrap();
        }
        assert_eq!(c.item_count().unwrap(), 3);
    }

    #[test]
    fn hash_and_id_prefixes_find_their_item() {
        let mut c = catalog();
        let sha = "9d9393706a2ea147889ddfcea8e994aadce93ae1a64806d28ccec2c64f8e3aad";
        let mut w = c.writer().unwrap();
        w.insert_item(&NewItem {
            id: "a7eb380c13b7c70401913fd2fca8d92d".into(),
            kind: Some(Kind::File),
            sha256: sha.into(),
            size: 1,
            mime: "x".into(),
            added_at: "2026-11-21T10:00:09Z".into(),
            ..Default::default()
        })
        .unwrap();
        w.finish().unwrap();
        let q = |s: &str| {
            ids(
                &c,
                ListQuery {
                    search: Some(s.into()),
                    ..Default::default()
                },
            )
        };
        assert_eq!(q("9d939370"), vec!["a7eb380c13b7c70401913fd2fca8d92d"]);
        assert_eq!(q("A7EB380C"), vec!["a7eb380c13b7c70401913fd2fca8d92d"]);
        assert_eq!(
            q("02ff"),
            Vec::<String>::new(),
            "short hex is a word, not a hash"
        );
        assert_eq!(c.list_refs(&ListQuery::default()).unwrap().len(), 4);
    }

    #[test]
    fn by_title_an_untitled_item_sorts_by_its_file_name() {
        let mut c = Catalog::new_empty("v", "d").unwrap();
        for (id, title, name) in [
            ("01", "bakery", "z.jpg"),
            ("02", "", "c.jpg"),
            ("03", "Avenue", "a.jpg"),
        ] {
            let mut w = c.writer().unwrap();
            w.insert_item(&NewItem {
                id: id.into(),
                kind: Some(Kind::Photo),
                sha256: format!("{id}ff"),
                size: 1,
                mime: "image/jpeg".into(),
                added_at: format!("2026-11-21T10:00:{id}Z"),
                title: title.into(),
                original_name: Some(name.into()),
                ..Default::default()
            })
            .unwrap();
            w.finish().unwrap();
        }
        let ids: Vec<String> = c
            .list_refs(&ListQuery {
                sort: SortKey::Title,
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, vec!["03", "01", "02"], "Avenue, bakery, c.jpg");
    }
}
