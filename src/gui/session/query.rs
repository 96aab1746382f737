//! The query side of the window: the filters as typed, the search sent for them, the result set
//! (item numbers and IDs only), the rows loaded for display and the filter lists (facets).
//!
//! Every read goes through the catalog [`Reader`]; this part only sends requests and takes in
//! replies, so the UI thread never waits on the catalog.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use evidence_vault::catalog::ItemRef;
use evidence_vault::{Item, ListQuery};
use zeroize::Zeroize;

use super::super::format;
use super::super::i18n::t;
use super::super::reader::{ReadRequest, Reader};
use super::filters::Filters;

/// Rows kept in memory at most (a few screens' worth; the rest are re-read when scrolled to).
const MAX_CACHED_ROWS: usize = 4000;
/// While items are being added, the results are refreshed this often so new items appear.
pub const REFRESH_WHILE_BUSY: Duration = Duration::from_millis(1500);

/// An item as the grid and table show it, with its display strings made once when it is loaded
/// (not every frame).
pub struct RowView {
    pub item: Item,
    /// Title, or file name, or "(untitled)".
    pub label: String,
    /// Case and date, for the grid.
    pub subtitle: String,
    pub captured: String,
    pub size: String,
    pub added: String,
}

impl RowView {
    pub fn new(item: Item) -> Self {
        Self {
            label: super::super::grid_view::item_label(&item),
            subtitle: super::super::grid_view::subtitle(&item),
            captured: item
                .captured_at
                .as_deref()
                .map(|c| format::captured(c).chars().take(16).collect())
                .unwrap_or_default(),
            size: format::bytes(item.size),
            added: format::local_time(&item.added_at),
            item,
        }
    }
}

/// The cases and tags in use (for the filter lists) and the number of items in the vault.
#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub cases: Vec<String>,
    pub tags: Vec<String>,
    pub total: u64,
}

pub struct Query {
    /// The filter bar's form; a change is noticed and searched for at the next frame.
    pub filters: Filters,
    sent: Option<ListQuery>,
    generation: u64,
    results: Vec<ItemRef>,
    /// A search is running (the results shown are the previous ones).
    waiting: bool,
    error: Option<String>,
    rows: HashMap<i64, Arc<RowView>>,
    rows_missing: Vec<i64>,
    rows_requested: HashSet<i64>,
    facets: Facets,
    last_refresh: Instant,
}

impl Default for Query {
    fn default() -> Self {
        Self {
            filters: Filters::new(),
            sent: None,
            generation: 0,
            results: Vec::new(),
            waiting: true,
            error: None,
            rows: HashMap::new(),
            rows_missing: Vec::new(),
            rows_requested: HashSet::new(),
            facets: Facets::default(),
            last_refresh: Instant::now(),
        }
    }
}

impl Query {
    // ---- what is shown ----

    pub fn results(&self) -> &[ItemRef] {
        &self.results
    }

    pub fn facets(&self) -> &Facets {
        &self.facets
    }

    /// The filters to edit, with the lists to choose from.
    pub fn form(&mut self) -> (&mut Filters, &Facets) {
        (&mut self.filters, &self.facets)
    }

    /// Why the last search failed, if it did.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Whether a search was sent and its answer has not come back yet.
    pub fn is_waiting_for_results(&self) -> bool {
        self.waiting
    }

    /// Whether the results shown are not (yet) those of the filters as typed.
    pub fn is_searching(&self) -> bool {
        self.waiting || self.sent.as_ref() != Some(&self.filters.to_query())
    }

    /// The item shown at `index` of the results, if its row is loaded (otherwise it is asked for
    /// at the end of the frame).
    pub fn row(&mut self, index: usize) -> Option<Arc<RowView>> {
        let num = self.results.get(index)?.num;
        match self.rows.get(&num) {
            Some(item) => Some(item.clone()),
            None => {
                self.rows_missing.push(num);
                None
            }
        }
    }

    /// The item with catalog number `num`, if its row is loaded (otherwise it is asked for at
    /// the end of the frame): for what the map and the timeline say of a point.
    pub fn row_by_num(&mut self, num: i64) -> Option<Arc<RowView>> {
        match self.rows.get(&num) {
            Some(item) => Some(item.clone()),
            None => {
                self.rows_missing.push(num);
                None
            }
        }
    }

    // ---- requests ----

    /// Sends the search if the filters changed since it was last sent, or again (to show new
    /// items) when `busy` work has been running for a while.
    pub fn send_if_changed(&mut self, reader: &Reader, busy: bool) {
        let query = self.filters.to_query();
        let stale = busy && self.last_refresh.elapsed() >= REFRESH_WHILE_BUSY;
        if self.sent.as_ref() != Some(&query) || stale {
            self.send(reader, query);
        }
    }

    /// Counts the searches sent (a new filter, new items, a refresh while adding): the map's
    /// layers are read again when it moves.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Re-runs the current search and reloads the filter lists (after changes to the vault).
    pub fn refresh(&mut self, reader: &Reader) {
        let q = self.filters.to_query();
        self.send(reader, q);
    }

    /// After items changed: drop cached rows so they are read again, and search again.
    pub fn items_changed(&mut self, reader: &Reader) {
        self.invalidate_rows();
        self.refresh(reader);
    }

    fn send(&mut self, reader: &Reader, query: ListQuery) {
        self.generation += 1;
        // Re-running the same search (to show new items) is not "searching" for the user: the
        // results on screen stay right until the fresh ones replace them.
        if self.sent.as_ref() != Some(&query) {
            self.waiting = true;
        }
        reader.send(ReadRequest::Query {
            generation: self.generation,
            query: query.clone(),
        });
        reader.send(ReadRequest::Facets);
        self.sent = Some(query);
        self.last_refresh = Instant::now();
    }

    /// Drops cached rows so they are read again.
    pub fn invalidate_rows(&mut self) {
        self.rows.clear();
        self.rows_requested.clear();
    }

    /// Asks for the rows that were wanted this frame but are neither loaded nor asked for.
    pub fn request_missing_rows(&mut self, reader: &Reader) {
        let missing: Vec<i64> = std::mem::take(&mut self.rows_missing)
            .into_iter()
            .filter(|n| self.rows_requested.insert(*n))
            .collect();
        if !missing.is_empty() {
            reader.send(ReadRequest::Rows(missing));
        }
    }

    // ---- replies ----

    /// A search's answer. Returns whether the result set was replaced (so the selection must be
    /// found again); answers to searches sent before the latest one are ignored.
    pub fn on_results(&mut self, generation: u64, result: Result<Vec<ItemRef>, String>) -> bool {
        if generation != self.generation {
            return false;
        }
        self.waiting = false;
        match result {
            Ok(refs) => {
                self.error = None;
                self.results = refs;
                true
            }
            Err(e) => {
                self.error = Some(t!("session-search-failed", error = e));
                false
            }
        }
    }

    /// Rows read for display. `Err` says what to tell the user.
    pub fn on_rows(&mut self, result: Result<Vec<(i64, Item)>, String>) -> Result<(), String> {
        match result {
            Ok(rows) => {
                if self.rows.len() + rows.len() > MAX_CACHED_ROWS {
                    self.rows.clear();
                }
                for (num, item) in rows {
                    self.rows_requested.remove(&num);
                    self.rows.insert(num, Arc::new(RowView::new(item)));
                }
                Ok(())
            }
            Err(e) => {
                self.rows_requested.clear();
                Err(t!("session-rows-read-failed", error = e))
            }
        }
    }

    pub fn on_facets(&mut self, facets: Facets) {
        self.facets = facets;
    }
}

impl Drop for Query {
    fn drop(&mut self) {
        self.filters.search.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(ids: &[&str]) -> Vec<ItemRef> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| ItemRef {
                num: i as i64 + 1,
                id: (*id).to_owned(),
            })
            .collect()
    }

    #[test]
    fn only_the_answer_to_the_latest_search_is_taken() {
        let mut q = Query::default();
        q.generation = 2;
        assert!(!q.on_results(1, Ok(refs(&["old"]))));
        assert!(q.results().is_empty());
        assert!(q.is_waiting_for_results());
        assert!(q.on_results(2, Ok(refs(&["a", "b"]))));
        assert_eq!(q.results().len(), 2);
        assert!(!q.is_waiting_for_results());
        assert!(!q.on_results(2, Err("disk".into())));
        assert_eq!(q.results().len(), 2, "a failed search keeps what is shown");
        assert_eq!(q.error(), Some("The search failed: disk"));
    }

    #[test]
    fn rows_not_loaded_are_collected_for_one_request() {
        let mut q = Query::default();
        q.generation = 1;
        q.on_results(1, Ok(refs(&["a", "b"])));
        assert!(q.row(0).is_none());
        assert!(q.row(1).is_none());
        assert!(q.row(5).is_none(), "outside the results: nothing asked");
        assert_eq!(q.rows_missing, vec![1, 2]);
        assert_eq!(
            q.on_rows(Err("locked".into())).unwrap_err(),
            "Could not read items from the catalog: locked"
        );
    }
}
