//! Preferences kept between runs by eframe's storage. Only non-sensitive things live here: the
//! recent vault folders (only while the user allows it), the language and digits, the auto-lock time, the view mode,
//! saved recipients (public keys are not secret) and, per vault ID, where its backups go and when
//! the last complete one finished. Never evidence, names, titles or searches.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::i18n::{Digits, Lang};

/// The key under which eframe stores [`Prefs`].
pub const STORAGE_KEY: &str = "evidence-vault-prefs";
/// How many recent vaults to remember.
const MAX_RECENT: usize = 8;
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
pub const MAX_AUTO_LOCK_MINUTES: u32 = 240;
pub const DEFAULT_BACKUP_REMINDER_DAYS: u32 = 7;
/// The grid's thumbnail side in points: default and range of the size slider (thumbnails are
/// stored at up to 256 pixels).
pub const DEFAULT_THUMB_SIDE: f32 = 156.0;
pub const THUMB_SIDES: std::ops::RangeInclusive<f32> = 96.0..=256.0;
pub const MAX_BACKUP_REMINDER_DAYS: u32 = 365;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewMode {
    #[default]
    Grid,
    Table,
    /// The map of items with GPS and incidents with coordinates, the timeline under it.
    Map,
    /// The timeline of capture times and incident dates, on the whole window.
    Timeline,
}

impl ViewMode {
    /// The map and the timeline read the places and times of the whole result set.
    pub fn needs_layers(self) -> bool {
        matches!(self, ViewMode::Map | ViewMode::Timeline)
    }
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
    pub thumb_side: f32,
    /// Record each added file's full source path (it names the user's folders and travels in
    /// bundles; off by default, as `evault add` without `--record-source-path`).
    pub record_source_paths: bool,
    pub contacts: Vec<Contact>,
    /// The interface's language; none: the system's (`LANG`).
    pub language: Option<Lang>,
    /// Latin or Arabic-Indic digits (by default those of the language).
    pub digits: Digits,
    /// By vault ID (not folder: a vault moved to another drive keeps its backup settings).
    pub backups: BTreeMap<String, BackupPrefs>,
    /// An organisation's offline tiles for the map (MBTiles or PMTiles; a map, not evidence).
    pub map_tiles: Option<PathBuf>,
}

/// Where one vault is backed up, and when it last was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupPrefs {
    /// A folder or `rclone:REMOTE:PATH`, as the user typed or chose it (not secret: rclone's
    /// own configuration holds any credentials).
    pub target: String,
    /// When the last complete backup finished (seconds since 1970, UTC), and where it went.
    pub last_ok_unix: Option<i64>,
    pub last_ok_target: String,
    /// Remind the user when the last complete backup is older than this.
    pub remind_days: u32,
}

impl Default for BackupPrefs {
    fn default() -> Self {
        Self {
            target: String::new(),
            last_ok_unix: None,
            last_ok_target: String::new(),
            remind_days: DEFAULT_BACKUP_REMINDER_DAYS,
        }
    }
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            remember_recent: true,
            recent_vaults: Vec::new(),
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
            view_mode: ViewMode::Grid,
            thumb_side: DEFAULT_THUMB_SIDE,
            record_source_paths: false,
            contacts: Vec::new(),
            language: None,
            digits: Digits::Native,
            backups: BTreeMap::new(),
            map_tiles: None,
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
        self.thumb_side = if self.thumb_side.is_finite() {
            self.thumb_side
                .clamp(*THUMB_SIDES.start(), *THUMB_SIDES.end())
        } else {
            DEFAULT_THUMB_SIDE
        };
        for b in self.backups.values_mut() {
            b.remind_days = b.remind_days.clamp(1, MAX_BACKUP_REMINDER_DAYS);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_saved_before_backups_existed_still_load_and_values_are_clamped() {
        let old = r#"{"remember_recent":true,"recent_vaults":["/v"],"auto_lock_minutes":5,"view_mode":"Table","contacts":[]}"#;
        let p: Prefs = serde_json::from_str(old).unwrap();
        assert!(p.backups.is_empty());
        assert_eq!(p.view_mode, ViewMode::Table);

        let mut p = Prefs::default();
        p.backups.insert(
            "vault-id".into(),
            BackupPrefs {
                remind_days: 0,
                ..Default::default()
            },
        );
        let json = serde_json::to_string(&p).unwrap();
        let back: Prefs = serde_json::from_str::<Prefs>(&json).unwrap().sanitized();
        assert_eq!(back.backups["vault-id"].remind_days, 1);
        let partial: BackupPrefs = serde_json::from_str(r#"{"target":"/media/usb"}"#).unwrap();
        assert_eq!(partial.remind_days, DEFAULT_BACKUP_REMINDER_DAYS);
    }
}
