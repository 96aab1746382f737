//! Listing and full-text search.

use std::rc::Rc;

use rusqlite::types::{ToSqlOutput, Value};

use super::items::{ITEM_COLUMNS, item_from_row};
use super::{Catalog, CatalogError, ItemRef};
use crate::item::{Item, ListQuery, SortKey};

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
        if let Some(from) = &q.captured_from {
            args.push(text_arg(from.clone()));
            conds.push(format!("captured_date >= ?{}", args.len()));
        }
        if let Some(to) = &q.captured_to {
            args.push(text_arg(to.clone()));
            conds.push(format!("captured_date <= ?{}", args.len()));
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
