//! The state of an unlocked vault in the window, in parts that each own their state (no drawing
//! here):
//!
//! | part | owns |
//! |---|---|
//! | [`Query`] (`query`) | filters, the search sent, the result set, the row cache, the facets |
//! | [`Selection`] (`selection`) | cursor, marked items, Shift anchor, the open item's detail |
//! | [`Jobs`] (`jobs`) | every running background job, drained once a frame |
//! | [`Drafts`] (`drafts`) | the note being written, the open item's edit form |
//! | [`Forms`] (`forms`) | intake paths, extract destination, the new passphrase |
//! | [`Notices`] (`notices`) | status-bar messages |
//! | [`Reports`] (`reports`) | the last intake's and verification's reports |
//! | [`Backups`] (`backup`) | where backups go, the last good one, the last backup and check reports |
//! | [`ViewState`] (`view`) | grid or table, grid geometry, focus and scroll requests |
//! | [`Incidents`] (`incidents`) | the Incidents view: its filters, list, vocabulary, open page |
//! | [`Geo`] (`geo`) | the map's and timeline's layers, where the map looks, the offline tiles |
//! | [`Dialog`] (`dialog`) | the open dialog and its own form |
//!
//! `Session` itself holds the vault handle, the catalog reader and the thumbnail pool, and the
//! few operations that span parts (taking in the reader's replies, opening an item).
//!
//! Dropping a `Session` is locking: the reader and thumbnail threads end and drop their vault
//! handles, running jobs are cancelled, textures are freed, and typed text is wiped.

mod backup;
mod drafts;
mod filters;
mod forms;
mod geo;
mod incident_draft;
mod incidents;
mod jobs;
mod notices;
mod query;
mod reports;
mod selection;
mod view;

use eframe::egui;
use evidence_vault::Vault;

use super::dialogs::Dialog;
use super::draft_writer::DraftWriter;
use super::i18n::{self, t};
use super::prefs::ViewMode;
use super::preview::Preview;
use super::reader::{ReadReply, ReadRequest, Reader};
use super::thumbs::Thumbs;

pub use backup::{BackupAge, Backups};
pub use drafts::{DraftWrite, Drafts, EditDraft, MetaForm, NoteDraft, Restored, split_tags};
pub use filters::Filters;
pub use forms::{Forms, PassphraseForm};
pub use geo::{Geo, TimelineBins, TimelineSpan};
pub use incidents::{IncidentDone, IncidentFilters, IncidentPage, Incidents, StatusForm};
pub use jobs::{Finished, JobKind, Jobs};
pub use notices::{Notice, Notices};
pub use query::{Facets, Query, REFRESH_WHILE_BUSY, RowView};
pub use reports::Reports;
pub use selection::{Detail, Selection};
pub use view::ViewState;

/// How often typed text is compared with its draft files (seconds).
const DRAFT_INTERVAL: f64 = 1.0;

pub struct Session {
    vault: Vault,
    /// The vault folder's name, for the window (the demo vault's is said in the interface's
    /// language instead).
    name: String,
    is_demo: bool,
    reader: Reader,
    draft_writer: DraftWriter,
    /// When the drafts were last compared with their files (egui time, seconds).
    drafts_checked_at: f64,
    pub thumbs: Thumbs,
    pub query: Query,
    pub selection: Selection,
    pub jobs: Jobs,
    pub drafts: Drafts,
    pub forms: Forms,
    pub notices: Notices,
    pub reports: Reports,
    pub backup: Backups,
    pub view: ViewState,
    pub incidents: Incidents,
    pub geo: Geo,
    pub dialog: Dialog,
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
        // The built-in basemap is decoded once (about 0.1 s): before the map is first shown,
        // not on that frame.
        let _ = std::thread::Builder::new()
            .name("ev-basemap".into())
            .spawn(|| drop(evidence_vault::geo::basemap::Basemap::builtin()));
        let thumbs = Thumbs::new(&vault, ctx, workers, super::thumbs::DEFAULT_BUDGET_BYTES);
        reader.send(ReadRequest::Facets);
        let draft_writer = DraftWriter::spawn(vault.clone(), ctx);
        Self {
            draft_writer,
            drafts_checked_at: 0.0,
            vault,
            name,
            is_demo,
            reader,
            thumbs,
            query: Query::default(),
            selection: Selection::default(),
            jobs: Jobs::default(),
            drafts: Drafts::default(),
            forms: Forms::default(),
            notices: Notices::default(),
            reports: Reports::default(),
            backup: Backups::default(),
            view: ViewState::new(view),
            incidents: Incidents::default(),
            geo: Geo::default(),
            dialog: Dialog::None,
        }
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// The vault's name as the toolbar shows it.
    pub fn name(&self) -> &str {
        if self.is_demo {
            demo_name()
        } else {
            &self.name
        }
    }

    pub fn is_demo(&self) -> bool {
        self.is_demo
    }

    // ---- per frame ----

    /// Takes in replies from the reader, finishes decoded previews, sends the search if the
    /// filters changed and forgets old notices. Call at the start of each frame (before
    /// [`Jobs::drain`]).
    pub fn begin_frame(&mut self, ctx: &egui::Context) {
        while let Some(reply) = self.reader.try_recv() {
            self.on_reply(ctx, reply);
        }
        if let Some(d) = self.selection.detail_mut() {
            d.preview.poll(ctx);
        }
        let busy = self.jobs.refreshes_results();
        self.query.send_if_changed(&self.reader, busy);
        self.incidents.send_if_changed(&self.reader);
        if self.view.mode.needs_layers() && !self.incidents.showing {
            let filters = &self.query.filters;
            self.geo
                .send_if_changed(&self.reader, self.query.generation(), || filters.to_query());
        }
        if busy {
            ctx.request_repaint_after(REFRESH_WHILE_BUSY);
        }
        for e in self.draft_writer.errors() {
            self.notices
                .error(t!("notice-draft-write-failed", error = e.to_string()));
        }
        self.notices.expire();
    }

    /// Asks for the rows that were wanted this frame but not loaded, and finishes thumbnails.
    pub fn end_frame(&mut self, ctx: &egui::Context) {
        self.query.request_missing_rows(&self.reader);
        self.thumbs.end_frame(ctx);
        self.keep_drafts(ctx);
    }

    /// At most once per [`DRAFT_INTERVAL`], what is typed goes to the vault's draft files.
    fn keep_drafts(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let wait = DRAFT_INTERVAL - (now - self.drafts_checked_at);
        if wait > 0.0 {
            if self.drafts.has_unwritten() {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
            }
            return;
        }
        self.drafts_checked_at = now;
        self.draft_writer.send(self.drafts.writes());
    }

    /// Writes the drafts now and waits (before locking): what failed, for the user.
    pub fn save_drafts_now(&mut self) -> Vec<String> {
        let writes = self.drafts.writes();
        self.draft_writer.finish(writes)
    }

    /// After unlock: takes back the drafts kept in the vault, opens them, and says so.
    pub fn restore_drafts(&mut self) {
        let found = match self.vault.drafts() {
            Ok(f) => f,
            Err(e) => {
                self.notices
                    .error(t!("notice-drafts-unreadable", error = e.to_string()));
                return;
            }
        };
        if !found.refused.is_empty() {
            let names: Vec<String> = found
                .refused
                .iter()
                .map(|r| {
                    t!(
                        "draft-refused-file",
                        path = i18n::isolate(&r.path.display().to_string()),
                        reason = r.reason.to_string()
                    )
                })
                .collect();
            self.notices.error(t!(
                "notice-drafts-refused",
                count = found.refused.len(),
                files = names.join(&t!("draft-refused-separator"))
            ));
        }
        let restored = self.drafts.restore(found.drafts);
        let mut told = Vec::new();
        if let Some(title) = restored.note_title {
            self.dialog = Dialog::Note;
            told.push(if title.trim().is_empty() {
                t!("draft-restored-note-untitled")
            } else {
                t!("draft-restored-note", title = i18n::isolate(title.trim()))
            });
        }
        if let Some(title) = restored.incident_title {
            // The note editor, if it was restored too, comes first; the incident form waits
            // in the drafts and opens with "New incident…".
            if !self.dialog.is_open() {
                self.dialog = Dialog::IncidentForm;
            }
            told.push(if title.trim().is_empty() {
                t!("draft-restored-incident-untitled")
            } else {
                t!(
                    "draft-restored-incident",
                    title = i18n::isolate(title.trim())
                )
            });
        }
        if let Some(id) = restored.edit_item {
            self.open_detail(id);
            told.push(t!("draft-restored-edit"));
        }
        if !told.is_empty() {
            self.notices.info(t!(
                "notice-drafts-restored",
                what = told.join(&t!("draft-restored-and"))
            ));
        }
    }

    fn on_reply(&mut self, ctx: &egui::Context, reply: ReadReply) {
        match reply {
            ReadReply::Query { generation, result } => {
                if self.query.on_results(generation, result) {
                    self.selection.relocate(self.query.results());
                    // A filter hid the open item: it leaves the panel too (unless typed changes
                    // to it are not saved yet).
                    let hidden = self.selection.cursor().is_none()
                        && self
                            .selection
                            .detail()
                            .is_some_and(|d| !self.query.results().iter().any(|r| r.id == d.id()));
                    if hidden && !self.drafts.edit_is_dirty() {
                        self.selection.close_detail();
                    }
                }
            }
            ReadReply::Rows(result) => {
                if let Err(e) = self.query.on_rows(result) {
                    self.notices.error(e);
                }
            }
            ReadReply::Detail {
                generation,
                result,
                similar,
                incidents,
                hints,
            } => {
                let Some(detail) = self.selection.detail_for_reply(generation) else {
                    return;
                };
                match result {
                    Ok(data) => {
                        if let Some(edit) = self.drafts.edit_of(&data.item.id) {
                            edit.loaded(&data.item);
                        }
                        if detail.preview.item_id() != Some(data.item.id.as_str()) {
                            detail.preview = Preview::start(ctx, &self.vault, &data.item);
                        }
                        detail.data = Some(std::sync::Arc::from(data));
                        detail.error = None;
                        detail.similar = similar;
                        detail.incidents = incidents;
                        detail.hints = hints;
                    }
                    Err(e) => detail.error = Some(t!("session-item-read-failed", error = e)),
                }
            }
            ReadReply::Layers { generation, result } => self.geo.on_layers(generation, result),
            ReadReply::Facets { cases, tags, total } => {
                self.query.on_facets(query::Facets { cases, tags, total })
            }
            ReadReply::Incidents { generation, result } => {
                self.incidents.on_list(generation, result)
            }
            ReadReply::IncidentChoices(result) => self.incidents.on_choices(result),
            ReadReply::Incident { generation, result } => {
                self.incidents.on_page(generation, result)
            }
            ReadReply::Proposal(result) => {
                if let Some(form) = self.drafts.incident.form_mut() {
                    form.proposed(result);
                }
            }
            ReadReply::Suggest {
                what,
                typed,
                values,
            } => {
                if let Some(form) = self.drafts.incident.form_mut() {
                    form.suggested(what, &typed, values);
                }
            }
        }
    }

    // ---- spanning parts ----

    /// Searches again and re-reads the rows (after items were added or changed).
    pub fn items_changed(&mut self) {
        self.query.items_changed(&self.reader);
    }

    /// Puts the cursor on `index` of the results and shows that item.
    pub fn select(&mut self, index: usize) {
        if let Some(id) = self.selection.set_cursor(self.query.results(), index) {
            self.open_detail(id);
        }
    }

    /// Shows item `id` in the detail panel, with a fresh edit form.
    pub fn open_detail(&mut self, id: String) {
        self.drafts.start_edit(id.clone());
        self.selection.open_detail(&self.reader, id);
    }

    /// Reads the open detail again (after an edit or a job that added custody events).
    pub fn reload_detail(&mut self) {
        self.selection.reload_detail(&self.reader);
    }

    /// Shows incident `id` on the Incidents view's page.
    pub fn open_incident(&mut self, id: String) {
        self.incidents.showing = true;
        self.incidents.open(&self.reader, id);
    }

    /// After an incident was created or changed: the Incidents view, its page and the open
    /// item's incident chips are read again.
    pub fn incidents_changed(&mut self) {
        self.incidents.changed(&self.reader);
        self.reload_detail();
    }

    /// Reads every incident again (for "Link to incident…").
    pub fn read_incident_choices(&self) {
        self.reader.send(ReadRequest::IncidentChoices);
    }

    /// Asks for the fields an incident made from `items` would start with.
    pub fn read_proposal(&self, items: Vec<String>) {
        self.reader.send(ReadRequest::Proposal(items));
    }

    /// Asks for existing places or perpetrators like `typed`.
    pub fn read_suggestions(&self, what: evidence_vault::vault::Suggest, typed: String) {
        self.reader.send(ReadRequest::Suggest { what, typed });
    }

    /// IDs of the marked items, or of the selected one if none are marked.
    pub fn selection_ids(&self) -> Vec<String> {
        self.selection.ids(self.query.results())
    }
}

/// "Demo vault" in the interface's language, made once per language and kept (so that
/// [`Session::name`] can lend it like a folder's name).
fn demo_name() -> &'static str {
    static NAMES: std::sync::Mutex<Vec<(i18n::Lang, &'static str)>> =
        std::sync::Mutex::new(Vec::new());
    let lang = i18n::lang();
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, n)) = names.iter().find(|(l, _)| *l == lang) {
        return n;
    }
    let n: &'static str = Box::leak(t!("session-demo-vault").into_boxed_str());
    names.push((lang, n));
    n
}

impl Drop for Session {
    /// Whatever way the session ends (lock, quit, a panic unwinding), what is typed is kept.
    fn drop(&mut self) {
        let _ = self.save_drafts_now();
    }
}
