//! Everything the user can ask for, as typed commands. Widgets push commands while the frame is
//! drawn; the app drains them once, after drawing, so state changes happen in one place.

use std::path::PathBuf;

use evidence_vault::incident::{IncidentFields, LinkRole, Status};
use evidence_vault::vault::Suggest;
use evidence_vault::{SecretString, SortKey};

use super::bundle_ops::ExportRequest;
use super::file_picker::PickPurpose;
use super::i18n::{Digits, Lang};
use super::session::JobKind;

/// Why the vault was locked (shown on the unlock screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockReason {
    Button,
    Shortcut,
    Idle,
}

/// Dialogs of the main window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    NewNote,
    Verify,
    Export,
    Import,
    PublicKey,
    Settings,
    Viewer,
    Backup,
    BulkEdit,
    Help,
    /// "Link to incident…" for the marked items (or the selected one).
    LinkIncident,
    /// The form of the open incident page's incident, to edit it.
    EditIncident,
}

#[derive(Clone, Debug)]
pub enum Command {
    // ---- start screen ----
    /// Open a native dialog (on a background thread) for `purpose`.
    Pick(PickPurpose),
    /// Paths chosen by a dialog, by drag and drop or typed.
    Picked(PickPurpose, Vec<PathBuf>),
    /// Show the unlock form for this folder.
    ChooseVault(PathBuf),
    ShowCreateForm,
    ShowHome,
    Unlock,
    Create,
    TryDemo,
    ForgetRecent(PathBuf),

    // ---- main window ----
    Lock(LockReason),
    /// Lock and close the window, after the user confirmed (unsaved work is kept as drafts).
    Quit,
    /// Add the chosen paths with this case and these tags.
    StartIntake {
        case: String,
        tags: Vec<String>,
    },
    /// Close "Add evidence" and forget the paths chosen.
    CancelAdd,
    /// Stop the running job of this kind at its next check.
    CancelJob(JobKind),
    SaveNote,
    DiscardNote,
    SaveEdits,
    DiscardEdits,
    /// Select the item at this position of the results; `toggle` adds/removes it from the marked
    /// set (Ctrl+click) instead.
    Select {
        index: usize,
        toggle: bool,
        /// Shift+click: mark every item from the anchor to this one.
        range: bool,
    },
    /// Once the edits being saved are committed, select result `index` ("Save them" when
    /// another item was clicked).
    SelectAfterSave(usize),
    /// Ctrl+A: mark every item of the results.
    MarkAll,
    /// Set the case and add or remove tags on every item of the selection (one commit).
    StartBulkEdit {
        ids: Vec<String>,
        edit: evidence_vault::vault::SelectionEdit,
    },
    MoveCursor(isize),
    /// Show item `id` (a near-duplicate listed in the detail panel).
    ShowItem(String),
    /// Unmark every marked item.
    ClearMarks,
    /// Mark these items (by catalog number; chosen on the map); `toggle` unmarks marked ones.
    MarkItems {
        nums: Vec<i64>,
        toggle: bool,
    },
    /// An area drawn on the map: the grid shows only what lies in it, and those items are
    /// marked (for linking, tagging or exporting them).
    SelectArea {
        area: evidence_vault::geo::GeoBox,
        nums: Vec<i64>,
    },
    /// The map's area no longer filters.
    ClearArea,
    /// A range brushed on the timeline (`from`, `to` as the filter bar's Captured fields hold
    /// them: dates or minutes), or none.
    SetCaptureRange(Option<(String, String)>),
    /// Use this offline tile set under the map (none: the built-in basemap only).
    SetMapTiles(Option<PathBuf>),
    Copy(String),
    Open(DialogKind),
    CloseDialog,
    StartVerify {
        /// Append a `verified` event to every item's custody log.
        record: bool,
        /// Take unreferenced objects back into the catalog.
        repair: bool,
    },
    StartExport(ExportRequest),
    /// Decrypt and verify the bundle at `path` (as typed) without changing the vault.
    CheckBundle {
        path: String,
        passphrase: Option<SecretString>,
    },
    /// Import the bundle at `path`, which must be the one just checked and verified.
    StartImport {
        path: String,
        passphrase: Option<SecretString>,
    },
    SortBy(SortKey),
    /// Write a copy of the selected item's original here (logged as `extracted`).
    ExtractTo(PathBuf),
    /// Change the vault passphrase to the one typed in Settings.
    ChangePassphrase,
    SaveContact {
        name: String,
        recipient: String,
    },
    RemoveContact(usize),
    /// Back up the vault to `target` (a folder or `rclone:REMOTE:PATH`, as typed).
    StartBackup {
        target: String,
    },
    /// Check the backup at `target` against the vault, writing nothing into it.
    CheckBackup {
        target: String,
    },
    SetBackupReminderDays(u32),
    SetAutoLockMinutes(u32),
    SetRememberRecent(bool),
    SetRecordSourcePaths(bool),
    /// The interface's language (none: the system's), applied at once.
    SetLanguage(Option<Lang>),
    SetDigits(Digits),
    /// Take path `index` off the list waiting in "Add evidence".
    RemoveIntakePath(usize),

    // ---- incidents ----
    /// The Incidents view (true) or the evidence (false).
    ShowIncidents(bool),
    /// Show this incident's page (in the Incidents view).
    OpenIncident(String),
    CloseIncident,
    /// The form for a new incident, proposed from these items (none: an empty form).
    NewIncident {
        items: Vec<String>,
    },
    /// The form for a new incident from the marked items (or the selected one, or none).
    NewIncidentFromSelection,
    /// Throw away the incident form and its draft.
    DiscardIncidentForm,
    /// Create (`id` None) or edit an incident; a look-alike stops it unless `allow_similar`.
    SaveIncident(Box<IncidentSave>),
    LinkToIncident {
        incident: String,
        items: Vec<String>,
        role: LinkRole,
    },
    UnlinkFromIncident {
        incident: String,
        item: String,
    },
    SetIncidentStatus {
        id: String,
        status: Status,
        reason: String,
    },
    /// Existing places or perpetrators like what is being typed (for the incident form).
    Suggest {
        what: Suggest,
        typed: String,
    },
}

/// What "Save incident" sends.
#[derive(Clone, Debug)]
pub struct IncidentSave {
    /// The incident being edited; None for a new one.
    pub id: Option<String>,
    pub fields: IncidentFields,
    /// Items a new incident links, with their roles.
    pub items: Vec<(String, LinkRole)>,
    /// Saved although it looks like an existing incident (the user was told and chose to).
    pub allow_similar: bool,
}
