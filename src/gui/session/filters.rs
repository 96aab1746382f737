//! The search box and filters as typed, and the catalog query they stand for.

use evidence_vault::geo::GeoBox;
use evidence_vault::{Kind, ListQuery, SortKey};
use zeroize::Zeroize;

use super::super::format;

/// The search box and filters. The filter bar edits these fields directly: they are the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub search: String,
    pub case: Option<String>,
    pub tag: Option<String>,
    pub kind: Option<Kind>,
    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` (a range brushed on the timeline) or empty; ignored
    /// until it is a valid date.
    pub from: String,
    pub to: String,
    pub sort: SortKey,
    pub descending: bool,
    /// Only items with a near-duplicate, grouped.
    pub near_duplicates: bool,
    /// Only items whose GPS lies in this area (drawn on the map).
    pub area: Option<GeoBox>,
}

impl Filters {
    pub fn new() -> Self {
        Self {
            descending: true,
            ..Default::default()
        }
    }

    pub fn to_query(&self) -> ListQuery {
        ListQuery {
            search: Some(self.search.trim().to_owned()).filter(|s| !s.is_empty()),
            case: self.case.clone(),
            tag: self.tag.clone(),
            kind: self.kind,
            captured_from: format::capture_bound(&self.from),
            captured_to: format::capture_bound(&self.to),
            sort: self.sort,
            descending: self.descending,
            limit: None,
            offset: 0,
            near_duplicates: self.near_duplicates,
            within: self.area,
        }
    }

    pub fn is_filtered(&self) -> bool {
        let q = self.to_query();
        q.search.is_some()
            || q.case.is_some()
            || q.tag.is_some()
            || q.kind.is_some()
            || q.captured_from.is_some()
            || q.captured_to.is_some()
            || q.near_duplicates
            || q.within.is_some()
    }

    /// "Clear filters": everything back to empty except the sort order.
    pub fn clear_keeping_sort(&mut self) {
        self.search.zeroize();
        *self = Filters {
            sort: self.sort,
            descending: self.descending,
            ..Default::default()
        };
    }

    /// A click on a sort choice: the same key flips the direction; a new key starts newest or
    /// largest first for dates and sizes, A to Z otherwise.
    pub fn sort_by(&mut self, key: SortKey) {
        if self.sort == key {
            self.descending = !self.descending;
        } else {
            self.sort = key;
            self.descending = matches!(key, SortKey::Added | SortKey::Captured | SortKey::Size);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_by_the_same_key_flips_and_a_new_key_picks_its_natural_order() {
        let mut f = Filters::new();
        assert_eq!((f.sort, f.descending), (SortKey::Added, true));
        f.sort_by(SortKey::Added);
        assert!(!f.descending);
        f.sort_by(SortKey::Title);
        assert_eq!((f.sort, f.descending), (SortKey::Title, false));
        f.sort_by(SortKey::Size);
        assert_eq!((f.sort, f.descending), (SortKey::Size, true));
    }

    #[test]
    fn clearing_keeps_the_sort_and_invalid_dates_do_not_filter() {
        let mut f = Filters::new();
        f.sort_by(SortKey::Title);
        f.from = "2017-13".into();
        assert!(!f.is_filtered(), "an unfinished date is ignored");
        f.from = "٢٠١٧-٠٣-٢١T٠٤:٣٠".into();
        assert_eq!(
            f.to_query().captured_from.as_deref(),
            Some("2017-03-21T04:30"),
            "a minute typed in Arabic-Indic digits reaches the catalog in its own form"
        );
        f.from.clear();
        f.search = " bakery ".into();
        f.case = Some("TABQA".into());
        assert!(f.is_filtered());
        assert_eq!(f.to_query().search.as_deref(), Some("bakery"));
        f.clear_keeping_sort();
        assert!(!f.is_filtered());
        assert_eq!((f.sort, f.descending), (SortKey::Title, false));
    }
}
