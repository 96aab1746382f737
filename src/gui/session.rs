//! The state of an unlocked vault in the window: the result set, the rows loaded for display, the
//! selection and its detail, running jobs and open dialogs. No drawing here.
//!
//! Dropping a `Session` is locking: the reader and thumbnail threads end and drop their vault
//! handles, running jobs are cancelled, textures are freed, and typed text is wiped.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use evidence_vault::catalog::ItemRef;
use evidence_vault::{
    IntakeReport, Item, ItemDetail, Kind, ListQuery, MetadataEdit, SortKey, Vault, VerifyReport,
};
use zeroize::Zeroize;

use super::dialogs::Dialog;
use super::format;
use super::prefs::ViewMode;
use super::preview::Preview;
use super::reader::{ReadReply, ReadRequest, Reader};
use super::task::{Poll, Task};
use super::thumbs::Thumbs;

/// Rows kept in memory at most (a few screens' worth; the rest are re-read when scrolled to).
const MAX_CACHED_ROWS: usize = 4000;
/// While an intake runs, the results are refreshed this often so new items appear.
const REFRESH_WHILE_BUSY: Duration = Duration::from_millis(1500);

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
            label: super::grid_view::item_label(&item),
            subtitle: super::grid_view::subtitle(&item),
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

/// The search box and filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub search: String,
    pub case: Option<String>,
    pub tag: Option<String>,
    pub kind: Option<Kind>,
    /// `YYYY-MM-DD` or empty; ignored until it is a valid date.
    pub from: String,
    pub to: String,
    pub sort: SortKey,
    pub descending: bool,
}

impl Filters {
    pub fn new() -> Self {
        Self {
            descending: true,
            ..Default::default()
        }
    }

    pub fn to_query(&self) -> ListQuery {
        let date = |s: &str| Some(s.trim().to_owned()).filter(|d| format::is_date(d));
        ListQuery {
            search: Some(self.search.trim().to_owned()).filter(|s| !s.is_empty()),
            case: self.case.clone(),
            tag: self.tag.clone(),
            kind: self.kind,
            captured_from: date(&self.from),
            captured_to: date(&self.to),
            sort: self.sort,
            descending: self.descending,
            limit: None,
            offset: 0,
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
    }
}

#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub cases: Vec<String>,
    pub tags: Vec<String>,
    pub total: u64,
}

/// The documenter's editable fields, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetaForm {
    pub title: String,
    pub description: String,
    pub case: String,
    pub tags: String,
    pub place: String,
    pub event_date: String,
}

impl MetaForm {
    pub fn from_item(item: &Item) -> Self {
        Self {
            title: item.title.clone(),
            description: item.description.clone(),
            case: item.case.clone(),
            tags: item.tags.join(", "),
            place: item.place.clone(),
            event_date: item.event_date.clone().unwrap_or_default(),
        }
    }

    /// The changed fields only; `Err` names a field that is not valid.
    pub fn edit_from(&self, original: &MetaForm) -> Result<MetadataEdit, String> {
        let changed = |a: &String, b: &String| (a.trim() != b.trim()).then(|| a.trim().to_owned());
        let event_date = if self.event_date.trim() != original.event_date.trim() {
            let d = self.event_date.trim();
            if d.is_empty() {
                Some(None)
            } else if format::is_date(d) {
                Some(Some(d.to_owned()))
            } else {
                return Err(
                    "The event date must be written as YYYY-MM-DD, for example 2017-03-22.".into(),
                );
            }
        } else {
            None
        };
        let tags =
            (split_tags(&self.tags) != split_tags(&original.tags)).then(|| split_tags(&self.tags));
        Ok(MetadataEdit {
            title: changed(&self.title, &original.title),
            description: (self.description != original.description)
                .then(|| self.description.clone()),
            case: changed(&self.case, &original.case),
            tags,
            place: changed(&self.place, &original.place),
            event_date,
        })
    }

    fn wipe(&mut self) {
        for s in [
            &mut self.title,
            &mut self.description,
            &mut self.case,
            &mut self.tags,
            &mut self.place,
            &mut self.event_date,
        ] {
            s.zeroize();
        }
    }
}

/// `a, b ,c` → `[a, b, c]`, cleaned as the library does.
pub fn split_tags(s: &str) -> Vec<String> {
    evidence_vault::item::clean_tags(s.split([',', '،']))
}

/// The selected item's detail and its edit form.
pub struct Detail {
    pub id: String,
    generation: u64,
    pub data: Option<Arc<ItemDetail>>,
    pub error: Option<String>,
    pub original: MetaForm,
    pub form: MetaForm,
    pub saving: Option<Task<Result<Item, String>>>,
    pub save_error: Option<String>,
    pub preview: Preview,
}

impl Detail {
    pub fn is_dirty(&self) -> bool {
        self.data.is_some() && self.form != self.original
    }
}

impl Drop for Detail {
    fn drop(&mut self) {
        self.form.wipe();
        self.original.wipe();
    }
}

/// A note or testimony being written.
#[derive(Clone, Debug, Default)]
pub struct NoteDraft {
    pub title: String,
    pub body: String,
    pub case: String,
    pub tags: String,
    pub place: String,
    pub event_date: String,
}

impl NoteDraft {
    pub fn is_empty(&self) -> bool {
        self.title.trim().is_empty() && self.body.trim().is_empty()
    }

    pub fn wipe(&mut self) {
        for s in [
            &mut self.title,
            &mut self.body,
            &mut self.case,
            &mut self.tags,
            &mut self.place,
            &mut self.event_date,
        ] {
            s.zeroize();
        }
    }
}

/// Background work shown in the status bar (one at a time).
pub enum Job {
    Intake(Task<Result<IntakeReport, String>>),
    Verify(Task<Result<VerifyReport, String>>),
}

impl Job {
    pub fn name(&self) -> &'static str {
        match self {
            Job::Intake(_) => "Adding evidence",
            Job::Verify(_) => "Verifying the vault",
        }
    }

    pub fn cancel(&self) {
        match self {
            Job::Intake(task) => task.cancel.cancel(),
            Job::Verify(task) => task.cancel.cancel(),
        }
    }

    pub fn progress(&self) -> Option<evidence_vault::Progress> {
        match self {
            Job::Intake(task) => task.latest(),
            Job::Verify(task) => task.latest(),
        }
    }
}

/// A short message in the status bar.
pub struct Notice {
    pub text: String,
    pub error: bool,
    pub until: Instant,
}

pub struct Session {
    pub vault: Vault,
    /// The vault folder's name, for the window.
    pub name: String,
    pub is_demo: bool,
    reader: Reader,
    pub thumbs: Thumbs,
    pub filters: Filters,
    sent_query: Option<ListQuery>,
    query_generation: u64,
    pub results: Vec<ItemRef>,
    /// A search is running (the results shown are the previous ones).
    pub searching: bool,
    pub query_error: Option<String>,
    rows: HashMap<i64, Arc<RowView>>,
    rows_missing: Vec<i64>,
    rows_requested: HashSet<i64>,
    /// Position of the selected item in `results`.
    pub cursor: Option<usize>,
    pub cursor_id: Option<String>,
    /// Items marked with Ctrl+click (by catalog number), for exporting a selection.
    pub marked: HashSet<i64>,
    pub scroll_to_cursor: bool,
    /// Columns of the grid as last drawn (for moving the selection up and down).
    pub grid_columns: usize,
    /// The grid's scroll offset and visible height as last drawn.
    pub grid_viewport: (f32, f32),
    pub detail: Option<Detail>,
    detail_generation: u64,
    pub facets: Facets,
    pub view: ViewMode,
    pub dialog: Dialog,
    pub job: Option<Job>,
    pub note: NoteDraft,
    pub note_saving: Option<Task<Result<String, String>>>,
    pub note_error: Option<String>,
    pub notices: Vec<Notice>,
    pub focus_search: bool,
    /// Put the cursor in the note's title when the editor is next drawn.
    pub focus_note_title: bool,
    /// Where the last verification's report is kept for its dialog.
    pub verify_report: Option<Result<VerifyReport, String>>,
    /// The last intake's report, shown until dismissed.
    pub intake_report: Option<Result<IntakeReport, String>>,
    /// Paths waiting for the "Add evidence" confirmation.
    pub pending_add: Vec<PathBuf>,
    /// A copy of an original being written out.
    pub extracting: Option<Task<Result<PathBuf, String>>>,
    /// Typed destination for "Save a copy of the original" when no dialog can be shown.
    pub extract_path: String,
    /// Changing the vault passphrase (Settings).
    pub new_pass1: String,
    pub new_pass2: String,
    pub passwd: Option<Task<Result<(), String>>>,
    pub passwd_result: Option<Result<(), String>>,
    pub passwd_meter: super::password_meter::Meter,
    /// A native file dialog is open (on its own thread).
    pub waiting_for_dialog: bool,
    last_refresh: Instant,
}

impl Session {
    pub fn new(vault: Vault, ctx: &egui::Context, view: ViewMode, is_demo: bool) -> Self {
        let name = vault
            .dir()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| vault.dir().display().to_string());
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(1, 3);
        let reader = Reader::spawn(vault.clone(), ctx);
        let thumbs = Thumbs::new(&vault, ctx, workers, super::thumbs::DEFAULT_BUDGET_BYTES);
        reader.send(ReadRequest::Facets);
        Self {
            vault,
            name: if is_demo { "Demo vault".into() } else { name },
            is_demo,
            reader,
            thumbs,
            filters: Filters::new(),
            sent_query: None,
            query_generation: 0,
            results: Vec::new(),
            searching: true,
            query_error: None,
            rows: HashMap::new(),
            rows_missing: Vec::new(),
            rows_requested: HashSet::new(),
            cursor: None,
            cursor_id: None,
            marked: HashSet::new(),
            scroll_to_cursor: false,
            grid_columns: 1,
            grid_viewport: (0.0, 0.0),
            detail: None,
            detail_generation: 0,
            facets: Facets::default(),
            view,
            dialog: Dialog::None,
            job: None,
            note: NoteDraft::default(),
            note_saving: None,
            note_error: None,
            notices: Vec::new(),
            focus_search: false,
            focus_note_title: false,
            verify_report: None,
            intake_report: None,
            pending_add: Vec::new(),
            waiting_for_dialog: false,
            extracting: None,
            extract_path: String::new(),
            new_pass1: String::new(),
            new_pass2: String::new(),
            passwd: None,
            passwd_result: None,
            passwd_meter: Default::default(),
            last_refresh: Instant::now(),
        }
    }

    // ---- per frame ----

    /// Takes in replies from the reader and sends the search if the filters changed. Call at the
    /// start of each frame.
    pub fn begin_frame(&mut self, ctx: &egui::Context) {
        while let Some(reply) = self.reader.try_recv() {
            self.on_reply(ctx, reply);
        }
        let query = self.filters.to_query();
        let busy = self.job.is_some() || self.note_saving.is_some();
        let stale = busy && self.last_refresh.elapsed() >= REFRESH_WHILE_BUSY;
        if self.sent_query.as_ref() != Some(&query) || stale {
            self.refresh_with(query);
        }
        if busy {
            ctx.request_repaint_after(REFRESH_WHILE_BUSY);
        }
        self.notices.retain(|n| n.until > Instant::now());
    }

    /// Asks for the rows that were wanted this frame but not loaded, and finishes thumbnails.
    pub fn end_frame(&mut self, ctx: &egui::Context) {
        let missing: Vec<i64> = std::mem::take(&mut self.rows_missing)
            .into_iter()
            .filter(|n| self.rows_requested.insert(*n))
            .collect();
        if !missing.is_empty() {
            self.reader.send(ReadRequest::Rows(missing));
        }
        self.thumbs.end_frame(ctx);
    }

    /// Whether the results shown are not (yet) those of the filters as typed.
    pub fn is_searching(&self) -> bool {
        self.searching || self.sent_query.as_ref() != Some(&self.filters.to_query())
    }

    /// Re-runs the current search and reloads the filter lists (after changes to the vault).
    pub fn refresh(&mut self) {
        let q = self.filters.to_query();
        self.refresh_with(q);
    }

    fn refresh_with(&mut self, query: ListQuery) {
        self.query_generation += 1;
        // Re-running the same search (to show new items) is not "searching" for the user: the
        // results on screen stay right until the fresh ones replace them.
        if self.sent_query.as_ref() != Some(&query) {
            self.searching = true;
        }
        self.reader.send(ReadRequest::Query {
            generation: self.query_generation,
            query: query.clone(),
        });
        self.reader.send(ReadRequest::Facets);
        self.sent_query = Some(query);
        self.last_refresh = Instant::now();
    }

    /// After items changed: drop cached rows so they are read again.
    pub fn invalidate_rows(&mut self) {
        self.rows.clear();
        self.rows_requested.clear();
    }

    fn on_reply(&mut self, ctx: &egui::Context, reply: ReadReply) {
        match reply {
            ReadReply::Query { generation, result } => {
                if generation != self.query_generation {
                    return;
                }
                self.searching = false;
                match result {
                    Ok(refs) => {
                        self.query_error = None;
                        self.results = refs;
                        self.relocate_cursor();
                    }
                    Err(e) => self.query_error = Some(format!("The search failed: {e}")),
                }
            }
            ReadReply::Rows(result) => match result {
                Ok(rows) => {
                    if self.rows.len() + rows.len() > MAX_CACHED_ROWS {
                        self.rows.clear();
                    }
                    for (num, item) in rows {
                        self.rows_requested.remove(&num);
                        self.rows.insert(num, Arc::new(RowView::new(item)));
                    }
                }
                Err(e) => {
                    self.rows_requested.clear();
                    self.notify_error(format!("Could not read items from the catalog: {e}"));
                }
            },
            ReadReply::Detail { generation, result } => {
                let Some(detail) = self.detail.as_mut() else {
                    return;
                };
                if detail.generation != generation {
                    return;
                }
                match result {
                    Ok(data) => {
                        let form = MetaForm::from_item(&data.item);
                        // Keep what the user is typing if the same item was reloaded (after a save
                        // the form equals the saved values anyway).
                        if !detail.is_dirty() {
                            detail.form = form.clone();
                        }
                        detail.original = form;
                        if detail.preview.item_id() != Some(data.item.id.as_str()) {
                            detail.preview = Preview::start(ctx, &self.vault, &data.item);
                        }
                        detail.data = Some(Arc::from(data));
                        detail.error = None;
                    }
                    Err(e) => detail.error = Some(format!("Could not read this item: {e}")),
                }
            }
            ReadReply::Facets { cases, tags, total } => self.facets = Facets { cases, tags, total },
        }
    }

    /// Keeps the selection on the same item when the results change.
    fn relocate_cursor(&mut self) {
        let Some(id) = self.cursor_id.clone() else {
            self.cursor = None;
            return;
        };
        if let Some(i) = self
            .cursor
            .filter(|i| self.results.get(*i).is_some_and(|r| r.id == id))
        {
            self.cursor = Some(i);
            return;
        }
        self.cursor = self.results.iter().position(|r| r.id == id);
    }

    /// The item shown at `index` of the results, if its row is loaded (otherwise it is asked for).
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

    // ---- selection ----

    pub fn select(&mut self, ctx: &egui::Context, index: usize) {
        let Some(r) = self.results.get(index).cloned() else {
            return;
        };
        self.cursor = Some(index);
        if self.cursor_id.as_deref() == Some(r.id.as_str()) && self.detail.is_some() {
            return;
        }
        self.cursor_id = Some(r.id.clone());
        self.open_detail(ctx, r.id);
    }

    pub fn open_detail(&mut self, _ctx: &egui::Context, id: String) {
        self.detail_generation += 1;
        self.detail = Some(Detail {
            id: id.clone(),
            generation: self.detail_generation,
            data: None,
            error: None,
            original: MetaForm::default(),
            form: MetaForm::default(),
            saving: None,
            save_error: None,
            preview: Preview::None,
        });
        self.reader.send(ReadRequest::Detail {
            generation: self.detail_generation,
            id,
        });
    }

    /// Reloads the open detail (after an edit or an export that added custody events).
    pub fn reload_detail(&mut self) {
        if let Some(d) = self.detail.as_mut() {
            self.detail_generation += 1;
            d.generation = self.detail_generation;
            self.reader.send(ReadRequest::Detail {
                generation: d.generation,
                id: d.id.clone(),
            });
        }
    }

    pub fn toggle_mark(&mut self, index: usize) {
        if let Some(r) = self.results.get(index)
            && !self.marked.remove(&r.num)
        {
            self.marked.insert(r.num);
        }
    }

    /// IDs of the marked items, or of the selected one if none are marked.
    pub fn selection_ids(&self) -> Vec<String> {
        if self.marked.is_empty() {
            return self.cursor_id.iter().cloned().collect();
        }
        self.results
            .iter()
            .filter(|r| self.marked.contains(&r.num))
            .map(|r| r.id.clone())
            .collect()
    }

    // ---- edits ----

    pub fn start_save_edits(&mut self, ctx: &egui::Context) {
        let vault = self.vault.clone();
        let Some(d) = self.detail.as_mut() else {
            return;
        };
        if d.saving.is_some() {
            return;
        }
        let edit = match d.form.edit_from(&d.original) {
            Ok(e) => e,
            Err(msg) => {
                d.save_error = Some(msg);
                return;
            }
        };
        if edit.is_empty() {
            d.form = d.original.clone();
            return;
        }
        d.save_error = None;
        let id = d.id.clone();
        d.saving = Some(Task::spawn(ctx, "edit", move |_, _| {
            let r = vault.edit(&id, &edit).map_err(|e| e.to_string());
            crate::gui::task::compact_if_due(&vault);
            r
        }));
    }

    /// Checks tasks that belong to the session (edits, notes, jobs). Returns finished job reports.
    pub fn poll_tasks(&mut self, ctx: &egui::Context) {
        let mut saved_edit = false;
        if let Some(d) = self.detail.as_mut()
            && let Some(task) = d.saving.as_mut()
        {
            match task.poll() {
                Poll::Pending => {}
                Poll::Done(Ok(item)) => {
                    d.saving = None;
                    d.original = MetaForm::from_item(&item);
                    d.form = d.original.clone();
                    saved_edit = true;
                }
                Poll::Done(Err(e)) => {
                    d.saving = None;
                    d.save_error = Some(format!(
                        "The changes were not saved: {e}. Your edits are still in the form; try again."
                    ));
                }
                Poll::Lost => {
                    d.saving = None;
                    d.save_error = Some(super::task::LOST.into());
                }
            }
        }

        if saved_edit {
            self.notify("Changes saved and recorded in the custody log.");
            self.invalidate_rows();
            self.reload_detail();
            self.refresh();
        }

        if let Some(task) = self.note_saving.as_mut() {
            match task.poll() {
                Poll::Pending => {}
                Poll::Done(Ok(id)) => {
                    self.note_saving = None;
                    self.note.wipe();
                    self.note = NoteDraft::default();
                    self.note_error = None;
                    if matches!(self.dialog, Dialog::Note) {
                        self.dialog = Dialog::None;
                    }
                    self.notify("Note saved in the vault.");
                    self.invalidate_rows();
                    self.refresh();
                    self.cursor_id = Some(id.clone());
                    self.open_detail(ctx, id);
                }
                Poll::Done(Err(e)) => {
                    self.note_saving = None;
                    self.note_error = Some(format!(
                        "The note was not saved: {e}. Your text is still here; try again."
                    ));
                }
                Poll::Lost => {
                    self.note_saving = None;
                    self.note_error = Some(super::task::LOST.into());
                }
            }
        }

        if let Some(task) = self.extracting.as_mut() {
            match task.poll() {
                Poll::Pending => {}
                Poll::Done(Ok(path)) => {
                    self.extracting = None;
                    self.extract_path.clear();
                    self.notify(format!(
                        "Saved a copy of the original to {} (recorded in the custody log).",
                        path.display()
                    ));
                    self.reload_detail();
                }
                Poll::Done(Err(e)) => {
                    self.extracting = None;
                    self.notify_error(format!("The copy was not saved: {e}"));
                }
                Poll::Lost => {
                    self.extracting = None;
                    self.notify_error(super::task::LOST);
                }
            }
        }
        if let Some(task) = self.passwd.as_mut() {
            match task.poll() {
                Poll::Pending => {}
                Poll::Done(r) => {
                    self.passwd = None;
                    self.passwd_result = Some(r);
                }
                Poll::Lost => {
                    self.passwd = None;
                    self.passwd_result = Some(Err(super::task::LOST.into()));
                }
            }
        }

        let finished = match self.job.as_mut() {
            Some(Job::Intake(task)) => match task.poll() {
                Poll::Pending => None,
                Poll::Done(r) => Some(JobResult::Intake(r)),
                Poll::Lost => Some(JobResult::Intake(Err(super::task::LOST.into()))),
            },
            Some(Job::Verify(task)) => match task.poll() {
                Poll::Pending => None,
                Poll::Done(r) => Some(JobResult::Verify(r)),
                Poll::Lost => Some(JobResult::Verify(Err(super::task::LOST.into()))),
            },
            None => None,
        };
        match finished {
            Some(JobResult::Intake(r)) => {
                self.job = None;
                self.invalidate_rows();
                self.refresh();
                if let Ok(report) = &r {
                    let added = report.added();
                    self.notify(format!(
                        "Added {} item{}{}.",
                        format::count(added as u64),
                        if added == 1 { "" } else { "s" },
                        if report.cancelled {
                            " before you cancelled"
                        } else {
                            ""
                        }
                    ));
                }
                self.intake_report = Some(r);
                self.dialog = Dialog::IntakeReport;
            }
            Some(JobResult::Verify(r)) => {
                self.job = None;
                self.reload_detail();
                self.verify_report = Some(r);
                self.dialog = Dialog::Verify(Default::default());
            }
            None => {}
        }
        if self.job.is_some() {
            ctx.request_repaint_after(super::task::PROGRESS_REPAINT);
        }
    }

    pub fn notify(&mut self, text: impl Into<String>) {
        self.notices.push(Notice {
            text: text.into(),
            error: false,
            until: Instant::now() + Duration::from_secs(6),
        });
    }

    pub fn notify_error(&mut self, text: impl Into<String>) {
        let text = text.into();
        if self.notices.iter().any(|n| n.text == text) {
            return;
        }
        self.notices.push(Notice {
            text,
            error: true,
            until: Instant::now() + Duration::from_secs(15),
        });
    }
}

enum JobResult {
    Intake(Result<IntakeReport, String>),
    Verify(Result<VerifyReport, String>),
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(job) = &self.job {
            job.cancel();
        }
        self.note.wipe();
        self.filters.search.zeroize();
        self.new_pass1.zeroize();
        self.new_pass2.zeroize();
    }
}
