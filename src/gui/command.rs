//! Everything the user can ask for, as typed commands. Widgets push commands while the frame is
//! drawn; the app drains them once, after drawing, so state changes happen in one place.

use std::path::PathBuf;

use evidence_vault::SortKey;

use super::file_picker::PickPurpose;

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
    StartIntake,
    CancelJob,
    SaveNote,
    DiscardNote,
    SaveEdits,
    DiscardEdits,
    /// Select the item at this position of the results; `toggle` adds/removes it from the marked
    /// set (Ctrl+click) instead.
    Select {
        index: usize,
        toggle: bool,
    },
    MoveCursor(isize),
    Copy(String),
    Open(DialogKind),
    CloseDialog,
    StartVerify,
    StartExport,
    CheckBundle,
    StartImport,
    SortBy(SortKey),
    /// Write a copy of the selected item's original here (logged as `extracted`).
    ExtractTo(PathBuf),
    ChangePassphrase,
    SaveContact {
        name: String,
        recipient: String,
    },
    RemoveContact(usize),
    SetAutoLockMinutes(u32),
    SetRememberRecent(bool),
}
