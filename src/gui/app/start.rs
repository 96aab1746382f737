//! The start screen's commands: choosing a vault, unlocking, creating, the demo; and what happens
//! when a vault has opened.

use std::path::{Path, PathBuf};
use std::time::Duration;

use eframe::egui;
use evidence_vault::vault::UnlockError;
use evidence_vault::{CreateOptions, SecretString, Vault};
use zeroize::Zeroize;

use super::super::actions;
use super::super::command::Command;
use super::super::dialogs::{Dialog, ImportDialog};
use super::super::i18n::{self, t};
use super::super::session::{Backups, Session};
use super::super::start_screen::{Opened, StartMode};
use super::super::task::Task;
use super::{App, Screen};

impl App {
    pub(super) fn start_mode(&mut self, mode: StartMode) {
        if let Screen::Start(s) = &mut self.screen {
            s.wipe_passphrases();
            s.error = None;
            s.notice = None;
            s.focus_passphrase = matches!(mode, StartMode::Unlock(_));
            s.mode = mode;
        }
    }

    pub(super) fn choose_vault(&mut self, dir: PathBuf) {
        match evidence_vault::read_info(&dir) {
            Ok(_) => {
                // Said before the passphrase is typed, not after.
                let in_use = Vault::is_open_elsewhere(&dir);
                self.start_mode(StartMode::Unlock(dir));
                if in_use {
                    self.say(&t!("unlock-open-elsewhere"), true);
                }
            }
            Err(e) => self.say(&format!("{e}"), true),
        }
    }

    pub(super) fn start_unlock(&mut self, ctx: &egui::Context) {
        let Screen::Start(s) = &mut self.screen else {
            return;
        };
        let StartMode::Unlock(dir) = s.mode.clone() else {
            return;
        };
        if self.background.opening().is_some() || s.unlock_pass.is_empty() {
            return;
        }
        let passphrase = SecretString::from(std::mem::take(&mut s.unlock_pass));
        s.error = None;
        s.notice = None;
        let task = Task::spawn(ctx, "unlock", move |_, _| {
            // Right after locking, this window's background threads may still be letting go of
            // the vault (and its lock file) for a moment: retry a "vault in use" briefly.
            let mut attempts = 0;
            loop {
                match Vault::unlock(&dir, &passphrase) {
                    Err(UnlockError::Lock(_)) if attempts < 10 => {
                        attempts += 1;
                        std::thread::sleep(Duration::from_millis(200));
                    }
                    result => {
                        break result
                            .map(|vault| Opened {
                                vault,
                                demo_dir: None,
                            })
                            .map_err(|e| unlock_message(&e, &dir));
                    }
                }
            }
        });
        self.background.start_opening(&t!("unlock-busy"), task);
    }

    pub(super) fn start_create(&mut self, ctx: &egui::Context) {
        let kdf_log_n = self.kdf_log_n;
        let Screen::Start(s) = &mut self.screen else {
            return;
        };
        if self.background.opening().is_some() {
            return;
        }
        if let Err(e) = s.create_ready() {
            s.error = Some(e);
            return;
        }
        let dir = PathBuf::from(s.create_folder.trim());
        let passphrase = SecretString::from(std::mem::take(&mut s.pass1));
        s.pass2.zeroize();
        let opts = CreateOptions {
            documenter: s.documenter.trim().to_owned(),
            kdf_log_n,
        };
        s.error = None;
        let task = Task::spawn(ctx, "create", move |_, _| {
            Vault::create(&dir, &passphrase, &opts)
                .map(|vault| Opened {
                    vault,
                    demo_dir: None,
                })
                .map_err(|e| t!("create-failed", error = e.to_string()))
        });
        self.background.start_opening(&t!("create-busy"), task);
    }

    pub(super) fn start_demo(&mut self, ctx: &egui::Context) {
        let kdf_log_n = self.kdf_log_n;
        let Screen::Start(s) = &mut self.screen else {
            return;
        };
        if self.background.opening().is_some() {
            return;
        }
        s.error = None;
        // The previous demo (if any) is not open any more: delete it.
        self.demo_dir = None;
        let task = Task::spawn(ctx, "demo", move |_, _| {
            let tmp = tempfile::Builder::new()
                .prefix("evidence-vault-demo")
                .tempdir()
                .map_err(|e| t!("start-demo-tempdir-failed", error = e.to_string()))?;
            let passphrase = SecretString::from(evidence_vault::demo::DEMO_PASSPHRASE.to_owned());
            let vault = evidence_vault::demo::create_demo_vault(
                &tmp.path().join("demo-vault"),
                &passphrase,
                kdf_log_n,
            )
            .map_err(|e| e.to_string())?;
            Ok(Opened {
                vault,
                demo_dir: Some(tmp),
            })
        });
        self.background.start_opening(&t!("start-demo-busy"), task);
    }

    /// Unlocking, creating or the demo ended: open the session, or say why not.
    pub(super) fn opened(&mut self, ctx: &egui::Context, result: Result<Opened, String>) {
        match result {
            Ok(opened) => self.open_session(ctx, opened),
            Err(e) => {
                if let Screen::Start(s) = &mut self.screen {
                    s.error = Some(e);
                    s.focus_passphrase = true;
                }
            }
        }
    }

    fn open_session(&mut self, ctx: &egui::Context, opened: Opened) {
        let Opened { vault, demo_dir } = opened;
        let is_demo = demo_dir.is_some()
            || self
                .demo_dir
                .as_ref()
                .is_some_and(|d| vault.dir().starts_with(d.path()));
        if let Some(d) = demo_dir {
            self.demo_dir = Some(d);
        }
        if !is_demo {
            self.prefs.note_recent(vault.dir());
        }
        let mut session = Session::new(vault, ctx, self.prefs.view_mode, is_demo);
        session.view.thumb_side = self.prefs.thumb_side;
        if !is_demo {
            let id = &session.vault().info().vault_id;
            session.backup = Backups::new(self.prefs.backups.get(id).cloned().unwrap_or_default());
        }
        actions::make_pending(ctx, &mut session);
        actions::open_map_tiles(ctx, &mut session, self.prefs.map_tiles.as_deref(), false);
        session.restore_drafts();
        if is_demo {
            session.notices.info(t!("start-demo-notice"));
        }
        if let Some(bundle) = self.pending_bundle.take() {
            let path = bundle.display().to_string();
            session.dialog = Dialog::Import(Box::new(ImportDialog::for_path(path.clone())));
            self.commands.push(Command::CheckBundle {
                path,
                passphrase: None,
            });
        }
        self.screen = Screen::Main(Box::new(session));
        self.last_activity = self.clock.now();
    }
}

/// A wrong passphrase said plainly; other failures with what to do.
fn unlock_message(e: &UnlockError, dir: &Path) -> String {
    match e {
        UnlockError::WrongPassphrase { .. } => t!("unlock-wrong-passphrase"),
        UnlockError::Lock(l) => t!("unlock-in-use", error = l.to_string()),
        other => {
            let path = i18n::isolate(&dir.display().to_string());
            t!("unlock-failed", path = path, error = other.to_string())
        }
    }
}
