//! Preferences kept between runs by eframe's storage. Only non-sensitive things live here: the
//! recent vault folders (only while the user allows it), the auto-lock time, the view mode and
//! saved recipients (public keys are not secret). Never evidence, names, titles or searches.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The key under which eframe stores [`Prefs`].
pub const STORAGE_KEY: &str = "evidence-vault-prefs";
/// How many recent vaults to remember.
const MAX_RECENT: usize = 8;
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
pub const MAX_AUTO_LOCK_MINUTES: u32 = 240;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewMode {
    #[default]
    Grid,
    Table,
}

/// Someone to export bundles to: a name and their public key (`age1…` or `ssh-ed25519 …`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub recipient: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub remember_recent: bool,
    pub recent_vaults: Vec<PathBuf>,
    pub auto_lock_minutes: u32,
    pub view_mode: ViewMode,
    pub contacts: Vec<Contact>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            remember_recent: true,
            recent_vaults: Vec::new(),
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
            view_mode: ViewMode::Grid,
            contacts: Vec::new(),
        }
    }
}

impl Prefs {
    /// Puts `dir` first in the recent list (if remembering is on).
    pub fn note_recent(&mut self, dir: &Path) {
        if !self.remember_recent {
            return;
        }
        self.recent_vaults.retain(|p| p != dir);
        self.recent_vaults.insert(0, dir.to_owned());
        self.recent_vaults.truncate(MAX_RECENT);
    }

    pub fn forget_recent(&mut self, dir: &Path) {
        self.recent_vaults.retain(|p| p != dir);
    }

    pub fn set_remember_recent(&mut self, on: bool) {
        self.remember_recent = on;
        if !on {
            self.recent_vaults.clear();
        }
    }

    /// Clamps values read from storage into their valid ranges.
    pub fn sanitized(mut self) -> Self {
        self.auto_lock_minutes = self.auto_lock_minutes.clamp(1, MAX_AUTO_LOCK_MINUTES);
        if !self.remember_recent {
            self.recent_vaults.clear();
        }
        self.recent_vaults.truncate(MAX_RECENT);
        self
    }
}
