//! Native file dialogs behind a trait, so tests can answer them without a desktop.
//!
//! The app calls a picker on a background thread (a native dialog blocks the thread that opens it
//! until the user answers). When no dialog can be shown — rfd's XDG portal backend returns `None`
//! when no portal runs — the user can still type a path: every place that offers a dialog also has
//! a path field.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use super::i18n::t;

/// What the user is choosing a path for; decides the dialog's title and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickPurpose {
    /// Files to add as evidence (several).
    AddFiles,
    /// A folder of evidence to add.
    AddFolder,
    /// An empty folder for a new vault.
    NewVault,
    /// An existing vault folder.
    OpenVault,
    /// Where to write an export bundle.
    SaveBundle,
    /// Where to write a copy of an original (extraction).
    SaveOriginal,
    /// A bundle to import.
    OpenBundle,
    /// A folder to back the vault up into (an external drive).
    BackupFolder,
    /// An organisation's offline map tiles (an MBTiles or PMTiles file).
    MapTiles,
}

impl PickPurpose {
    pub fn title(self) -> String {
        match self {
            PickPurpose::AddFiles => t!("picker-add-files"),
            PickPurpose::AddFolder => t!("picker-add-folder"),
            PickPurpose::NewVault => t!("picker-new-vault"),
            PickPurpose::OpenVault => t!("picker-open-vault"),
            PickPurpose::SaveBundle => t!("picker-save-bundle"),
            PickPurpose::SaveOriginal => t!("picker-save-original"),
            PickPurpose::OpenBundle => t!("picker-open-bundle"),
            PickPurpose::BackupFolder => t!("picker-backup-folder"),
            PickPurpose::MapTiles => t!("picker-map-tiles"),
        }
    }
}

/// Native dialogs. Each method blocks until the user answers; `None` means cancelled (or no
/// dialog could be shown).
pub trait FilePicker: Send + Sync {
    fn pick_files(&self, title: &str) -> Option<Vec<PathBuf>>;
    fn pick_folder(&self, title: &str) -> Option<PathBuf>;
    fn save_bundle(&self, title: &str, suggested_name: &str) -> Option<PathBuf>;
    fn pick_bundle(&self, title: &str) -> Option<PathBuf>;
    fn save_file(&self, title: &str, suggested_name: &str) -> Option<PathBuf>;

    /// Runs the dialog for `purpose`; always a list (empty when cancelled).
    fn pick(&self, purpose: PickPurpose, suggested_name: &str) -> Vec<PathBuf> {
        let title = &purpose.title();
        match purpose {
            PickPurpose::AddFiles => self.pick_files(title).unwrap_or_default(),
            PickPurpose::MapTiles => self
                .pick_files(title)
                .unwrap_or_default()
                .into_iter()
                .take(1)
                .collect(),
            PickPurpose::AddFolder
            | PickPurpose::NewVault
            | PickPurpose::OpenVault
            | PickPurpose::BackupFolder => self.pick_folder(title).into_iter().collect(),
            PickPurpose::SaveBundle => self
                .save_bundle(title, suggested_name)
                .into_iter()
                .collect(),
            PickPurpose::OpenBundle => self.pick_bundle(title).into_iter().collect(),
            PickPurpose::SaveOriginal => {
                self.save_file(title, suggested_name).into_iter().collect()
            }
        }
    }
}

/// The desktop's own dialogs, through rfd.
pub struct RfdPicker;

impl FilePicker for RfdPicker {
    fn save_file(&self, title: &str, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(suggested_name)
            .save_file()
    }

    fn pick_files(&self, title: &str) -> Option<Vec<PathBuf>> {
        rfd::FileDialog::new().set_title(title).pick_files()
    }

    fn pick_folder(&self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_can_create_directories(true)
            .pick_folder()
    }

    fn save_bundle(&self, title: &str, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(suggested_name)
            .add_filter(t!("picker-filter-bundle"), &["age"])
            .save_file()
    }

    fn pick_bundle(&self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter(t!("picker-filter-bundle"), &["age"])
            .pick_file()
    }
}

/// Answers dialogs from queues filled by a test; an empty queue answers "cancelled".
#[derive(Default)]
pub struct ScriptedPicker {
    answers: Mutex<VecDeque<Vec<PathBuf>>>,
    asked: Mutex<Vec<String>>,
}

#[allow(dead_code)] // used by tests/gui_*.rs
impl ScriptedPicker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues the answer to the next dialog, whatever it is.
    pub fn answer(&self, paths: Vec<PathBuf>) {
        self.answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(paths);
    }

    /// Titles of the dialogs opened so far.
    pub fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn next(&self, title: &str) -> Option<Vec<PathBuf>> {
        self.asked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(title.to_owned());
        self.answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front()
            .filter(|a| !a.is_empty())
    }
}

impl FilePicker for ScriptedPicker {
    fn save_file(&self, title: &str, _suggested_name: &str) -> Option<PathBuf> {
        self.next(title).and_then(|mut v| v.drain(..).next())
    }
    fn pick_files(&self, title: &str) -> Option<Vec<PathBuf>> {
        self.next(title)
    }
    fn pick_folder(&self, title: &str) -> Option<PathBuf> {
        self.next(title).and_then(|mut v| v.drain(..).next())
    }
    fn save_bundle(&self, title: &str, _suggested_name: &str) -> Option<PathBuf> {
        self.next(title).and_then(|mut v| v.drain(..).next())
    }
    fn pick_bundle(&self, title: &str) -> Option<PathBuf> {
        self.next(title).and_then(|mut v| v.drain(..).next())
    }
}
