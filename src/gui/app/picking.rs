//! The file picker: a native dialog on its own thread (or the scripted one in tests), and where
//! the paths it returns go.

use std::path::PathBuf;

use eframe::egui;

use super::super::actions;
use super::super::bundle_ops;
use super::super::command::Command;
use super::super::dialogs::Dialog;
use super::super::file_picker::PickPurpose;
use super::super::i18n::t;
use super::super::task::Task;
use super::{App, Screen};

impl App {
    pub(super) fn start_pick(&mut self, ctx: &egui::Context, purpose: PickPurpose) {
        if self.background.is_picking() {
            return;
        }
        let suggested = match &self.screen {
            Screen::Main(s) => match &s.dialog {
                Dialog::Export(d) => bundle_ops::suggested_name(&d.scope(s)),
                _ if purpose == PickPurpose::SaveOriginal => s
                    .selection
                    .detail()
                    .and_then(|d| d.data.as_ref())
                    .and_then(|d| d.item.original_name.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            },
            Screen::Start(_) => String::new(),
        };
        // Adding evidence: the dialog opens at once, so its typed-path field is there even when
        // no native dialog can be shown.
        if let Screen::Main(s) = &mut self.screen
            && matches!(purpose, PickPurpose::AddFiles | PickPurpose::AddFolder)
        {
            actions::open_add_dialog(s);
        }
        let picker = self.picker.clone();
        let task = Task::spawn(ctx, "file-dialog", move |_, _| {
            picker.pick(purpose, &suggested)
        });
        self.background.start_pick(purpose, task);
    }

    /// The file dialog closed (`None`: it could not be shown).
    pub(super) fn pick_finished(&mut self, purpose: PickPurpose, paths: Option<Vec<PathBuf>>) {
        match paths {
            Some(paths) if paths.is_empty() => self.say(&t!("app-nothing-picked"), false),
            Some(paths) => self.commands.push(Command::Picked(purpose, paths)),
            None => self.say(&t!("app-picker-failed"), true),
        }
    }

    /// Paths chosen by a dialog, dropped or typed, for `purpose`.
    pub(super) fn picked(&mut self, purpose: PickPurpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match (&mut self.screen, purpose) {
            (Screen::Start(_), PickPurpose::OpenVault) => self.choose_vault(first),
            (Screen::Start(s), PickPurpose::NewVault) => {
                s.create_folder = first.display().to_string()
            }
            (Screen::Main(s), PickPurpose::AddFiles | PickPurpose::AddFolder) => {
                actions::add_paths(s, paths);
            }
            (Screen::Main(s), PickPurpose::SaveBundle) => {
                if let Dialog::Export(d) = &mut s.dialog {
                    d.out = first.display().to_string();
                }
            }
            (Screen::Main(s), PickPurpose::OpenBundle) => {
                if let Dialog::Import(d) = &mut s.dialog {
                    d.path = first.display().to_string();
                }
            }
            (Screen::Main(s), PickPurpose::BackupFolder) => {
                if let Dialog::Backup(f) = &mut s.dialog {
                    f.target = first.display().to_string();
                }
            }
            (Screen::Main(_), PickPurpose::MapTiles) => {
                self.commands.push(Command::SetMapTiles(Some(first)));
            }
            (Screen::Main(_), PickPurpose::SaveOriginal) => {
                self.commands.push(Command::ExtractTo(first));
            }
            _ => {}
        }
    }
}
