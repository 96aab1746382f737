//! The application: which screen is shown, the commands of a frame and what they do, locking.
//!
//! Each frame, in this order: take in input (activity, shortcuts, drops), take in finished
//! background work — the app's own ([`background`]) and the session's jobs, each drained once
//! and applied in one place —, draw the screen (widgets only edit their own form and push
//! [`Command`]s), then apply the commands. Nothing here blocks: unlocking, creating, intake,
//! verification, export, import, dialogs and image decoding all run on other threads.
//!
//! `input.rs` has the keyboard and drops, `start.rs` the start screen's commands, `picking.rs`
//! the file picker; the session's commands are in `super::actions`.

mod background;
mod input;
mod picking;
mod start;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use eframe::egui;
use evidence_vault::Vault;

use super::actions::{self, ActionEnv};
use super::bundle_ops::{self, BundleOps};
use super::clock::{Clock, SystemClock};
use super::command::{Command, LockReason};
use super::dialogs::{self, Dialog, Env};
use super::file_picker::{FilePicker, RfdPicker};
use super::frame_stats::FrameStats;
use super::i18n::{self, t};
use super::main_view;
use super::prefs::{Contact, MAX_AUTO_LOCK_MINUTES, Prefs, STORAGE_KEY};
use super::session::Session;
use super::start_screen::{self, StartMode, StartScreen};
use background::{AppFinished, Background};

/// How the app is put together: the seams tests replace, and start-up choices.
pub struct AppOptions {
    pub picker: Arc<dyn FilePicker>,
    pub clock: Arc<dyn Clock>,
    pub bundles: Arc<dyn BundleOps>,
    pub prefs: Prefs,
    /// scrypt work factor (log2 N) for vaults created here, including the demo.
    pub kdf_log_n: u8,
    /// From the command line or the desktop: a vault folder (or its `vault.json`) to show the
    /// unlock form for, or a bundle file to check for import once a vault is open.
    pub open_path: Option<PathBuf>,
    /// Create and open the demo vault at start.
    pub demo: bool,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            picker: Arc::new(RfdPicker),
            clock: Arc::new(SystemClock),
            bundles: bundle_ops::default_bundles(),
            prefs: Prefs::default(),
            kdf_log_n: evidence_vault::keys::DEFAULT_KDF_LOG_N,
            open_path: None,
            demo: false,
        }
    }
}

enum Screen {
    Start(Box<StartScreen>),
    Main(Box<Session>),
}

pub struct App {
    picker: Arc<dyn FilePicker>,
    clock: Arc<dyn Clock>,
    bundles: Arc<dyn BundleOps>,
    pub prefs: Prefs,
    kdf_log_n: u8,
    screen: Screen,
    commands: Vec<Command>,
    last_activity: Instant,
    /// The file dialog and the start screen's unlock / create / demo.
    background: Background,
    /// The demo vault's temporary folder; deleted when the app ends (or another demo starts).
    demo_dir: Option<tempfile::TempDir>,
    /// A bundle the app was started with: its import dialog opens once a vault is unlocked.
    pending_bundle: Option<PathBuf>,
    frame_stats: Option<FrameStats>,
    /// eframe's CPU time of the previous frame, when running in a real window.
    pub frame_cpu: Option<f32>,
    /// The user said to quit despite unsaved work or running jobs: the next close goes through.
    quit_confirmed: bool,
    /// The language the window's title was last set in.
    title_lang: Option<i18n::Lang>,
}

/// Set by the binary when a termination signal (logout, `kill`) asks the window to close: then
/// nothing is asked (typed work is kept as drafts when the session is dropped).
pub static TERMINATION_REQUESTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

impl App {
    pub fn new(options: AppOptions) -> Self {
        let AppOptions {
            picker,
            clock,
            bundles,
            prefs,
            kdf_log_n,
            open_path,
            demo,
        } = options;
        let now = clock.now();
        let mut app = Self {
            picker,
            clock,
            bundles,
            prefs: prefs.sanitized(),
            kdf_log_n,
            screen: Screen::Start(Box::default()),
            commands: Vec::new(),
            last_activity: now,
            background: Background::default(),
            demo_dir: None,
            pending_bundle: None,
            frame_stats: FrameStats::from_env(),
            frame_cpu: None,
            quit_confirmed: false,
            title_lang: None,
        };
        app.apply_language();
        if demo {
            app.commands.push(Command::TryDemo);
        } else if let Some(path) = open_path {
            app.open_path(path);
        }
        app
    }

    /// Queues `command` as a widget would: it is applied with the next frame's commands (tests
    /// open screens this way in any language, without knowing their buttons' names).
    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The interface in the chosen language (or the system's) with the chosen digits.
    fn apply_language(&mut self) {
        let lang = self.prefs.language.unwrap_or_else(i18n::Lang::from_env);
        i18n::set(lang, self.prefs.digits);
        // Rows keep captions made in the language they were read in: read them again.
        if let Screen::Main(s) = &mut self.screen {
            s.items_changed();
            s.incidents_changed();
        }
    }

    /// What a path given at start means: `vault.json` or a folder is a vault to unlock; any
    /// other file is taken as a bundle (e.g. opened from the file manager) to import into
    /// whichever vault is opened next. Nothing is read beyond `vault.json` until then.
    fn open_path(&mut self, path: PathBuf) {
        if path.file_name().is_some_and(|n| n == "vault.json") {
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            self.commands.push(Command::ChooseVault(dir));
        } else if path.is_file() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            // The name is isolated in Arabic only: in English it reads as it did (tests find it).
            let name = if i18n::is_rtl() {
                i18n::isolate(&name)
            } else {
                name
            };
            self.say(&t!("app-import-bundle-hint", name = name), false);
            self.pending_bundle = Some(path);
        } else {
            self.commands.push(Command::ChooseVault(path));
        }
    }

    /// Whether a vault is open (for tests and the window title).
    pub fn is_unlocked(&self) -> bool {
        matches!(self.screen, Screen::Main(_))
    }

    /// The open vault, if any (tests use it to check what the window did).
    pub fn vault(&self) -> Option<&Vault> {
        match &self.screen {
            Screen::Main(s) => Some(s.vault()),
            Screen::Start(_) => None,
        }
    }

    /// A one-line description of the state, for test failure messages.
    pub fn debug_summary(&self) -> String {
        match &self.screen {
            Screen::Start(s) => format!(
                "start screen {:?}, busy: {}, error: {:?}",
                s.mode,
                self.background.opening().is_some(),
                s.error
            ),
            Screen::Main(s) => format!(
                "main: {} results (searching: {}), cursor {:?} {:?}, detail {:?} loaded: {}, dialog open: {}, jobs: {:?}",
                s.query.results().len(),
                s.query.is_waiting_for_results(),
                s.selection.cursor(),
                s.selection.cursor_id(),
                s.selection.detail().map(|d| d.id().to_owned()),
                s.selection.detail().is_some_and(|d| d.is_loaded()),
                s.dialog.is_open(),
                s.jobs.kinds()
            ),
        }
    }

    /// Whether background work of the open vault (any job, or a search) is still running.
    pub fn is_busy(&self) -> bool {
        match &self.screen {
            Screen::Main(s) => !s.jobs.is_empty() || s.query.is_waiting_for_results(),
            Screen::Start(_) => self.background.opening().is_some(),
        }
    }

    /// The whole window, one frame. Callable without eframe (tests drive it with egui_kittest).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        let ctx = ui.ctx().clone();
        // Right-to-left labels are drawn in display order: selecting and copying one would
        // copy that order, not the text.
        if self.title_lang != Some(i18n::lang()) {
            self.title_lang = Some(i18n::lang());
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(t!("app-title")));
        }
        let selectable = !i18n::is_rtl();
        if ctx.global_style().interaction.selectable_labels != selectable {
            ctx.global_style_mut(|s| s.interaction.selectable_labels = selectable);
        }
        self.note_activity(&ctx);
        self.on_close_request(&ctx);
        for finished in self.background.drain(&ctx) {
            self.on_background(&ctx, finished);
        }
        self.shortcuts(&ctx);
        self.drops(&ctx);
        let demo_passphrase = self.demo_passphrase_for_screen();
        match &mut self.screen {
            Screen::Start(s) => start_screen::show(
                ui,
                s,
                &self.prefs,
                self.background.opening(),
                demo_passphrase,
                &mut self.commands,
            ),
            Screen::Main(s) => {
                s.view.set_waiting_for_picker(self.background.is_picking());
                s.begin_frame(&ctx);
                for finished in s.jobs.drain() {
                    actions::apply_finished(s, finished);
                }
                if s.jobs.status_bar_job().is_some() {
                    ctx.request_repaint_after(super::task::PROGRESS_REPAINT);
                }
                main_view::show(ui, s, self.bundles.available(), &mut self.commands);
                let env = Env {
                    prefs: &self.prefs,
                    bundles: self.bundles.as_ref(),
                };
                dialogs::show(&ctx, s, &env, &mut self.commands);
                input::drop_overlay(&ctx);
                s.end_frame(&ctx);
            }
        }
        let commands = std::mem::take(&mut self.commands);
        for c in commands {
            self.apply(&ctx, c);
        }
        self.remember_backup_prefs();
        self.check_idle(&ctx);
        if let Some(stats) = self.frame_stats.as_mut() {
            stats.record(started.elapsed(), self.frame_cpu);
            if std::env::var_os("EVAULT_DEBUG_REPAINT").is_some() {
                eprintln!("repaint causes: {:?}", ctx.repaint_causes());
            }
        }
    }

    fn demo_passphrase_for_screen(&self) -> &'static str {
        match (&self.screen, &self.demo_dir) {
            (Screen::Start(s), Some(demo)) if matches!(&s.mode, StartMode::Unlock(d) if d.starts_with(demo.path())) => {
                evidence_vault::demo::DEMO_PASSPHRASE
            }
            _ => "",
        }
    }

    /// Ctrl+Q or the window's close button: asks first while typed work is not in the vault or
    /// a job the user waits for runs; otherwise locks and closes.
    pub(super) fn request_quit(&mut self, ctx: &egui::Context) {
        if self.quit_needs_asking() {
            if let Screen::Main(s) = &mut self.screen {
                s.dialog = Dialog::ConfirmQuit;
            }
            return;
        }
        self.quit_confirmed = true;
        self.lock(ctx, LockReason::Shortcut);
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    fn quit_needs_asking(&self) -> bool {
        if self.quit_confirmed || TERMINATION_REQUESTED.load(std::sync::atomic::Ordering::Relaxed) {
            return false;
        }
        match &self.screen {
            Screen::Main(s) => s.drafts.has_typed_work() || s.jobs.keeping_unlocked().is_some(),
            Screen::Start(_) => false,
        }
    }

    /// The window is asked to close (its close button, the desktop): ask first if needed.
    fn on_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.quit_needs_asking() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if let Screen::Main(s) = &mut self.screen {
                s.dialog = Dialog::ConfirmQuit;
            }
        }
    }

    /// The open vault's backup settings and its last good backup go into the preferences as
    /// soon as they change (eframe writes them out within a minute and at exit).
    fn remember_backup_prefs(&mut self) {
        let Screen::Main(s) = &self.screen else {
            return;
        };
        if s.is_demo() {
            return;
        }
        let id = &s.vault().info().vault_id;
        let stored = self.prefs.backups.get(id);
        if stored.unwrap_or(&Default::default()) != &s.backup.prefs {
            self.prefs
                .backups
                .insert(id.clone(), s.backup.prefs.clone());
        }
    }

    /// The app's own background work ended.
    fn on_background(&mut self, ctx: &egui::Context, finished: AppFinished) {
        match finished {
            AppFinished::Picked(purpose, paths) => self.pick_finished(purpose, paths),
            AppFinished::Opened(result) => self.opened(ctx, result),
        }
    }

    /// A message on whichever screen is showing.
    fn say(&mut self, text: &str, error: bool) {
        match &mut self.screen {
            Screen::Start(s) => {
                if error {
                    s.error = Some(text.to_owned());
                } else {
                    s.notice = Some(text.to_owned());
                }
            }
            Screen::Main(s) => {
                if error {
                    s.notices.error(text);
                } else {
                    s.notices.info(text);
                }
            }
        }
    }

    // ---- commands ----

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Pick(purpose) => self.start_pick(ctx, purpose),
            Command::Picked(purpose, paths) => self.picked(purpose, paths),
            Command::ChooseVault(dir) => self.choose_vault(dir),
            Command::ShowCreateForm => self.start_mode(StartMode::Create),
            Command::ShowHome => self.start_mode(StartMode::Home),
            Command::Unlock => self.start_unlock(ctx),
            Command::Create => self.start_create(ctx),
            Command::TryDemo => self.start_demo(ctx),
            Command::ForgetRecent(dir) => self.prefs.forget_recent(&dir),
            Command::Lock(reason) => self.lock(ctx, reason),
            Command::Quit => {
                self.quit_confirmed = true;
                self.lock(ctx, LockReason::Shortcut);
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Command::SetAutoLockMinutes(m) => {
                self.prefs.auto_lock_minutes = m.clamp(1, MAX_AUTO_LOCK_MINUTES)
            }
            Command::SetRememberRecent(on) => self.prefs.set_remember_recent(on),
            Command::SetRecordSourcePaths(on) => self.prefs.record_source_paths = on,
            Command::SetLanguage(lang) => {
                self.prefs.language = lang;
                self.apply_language();
            }
            Command::SetDigits(digits) => {
                self.prefs.digits = digits;
                self.apply_language();
            }
            Command::SetMapTiles(path) => {
                self.prefs.map_tiles = path;
                if let Screen::Main(s) = &mut self.screen {
                    actions::open_map_tiles(ctx, s, self.prefs.map_tiles.as_deref(), true);
                }
            }
            Command::SaveContact { name, recipient } => {
                self.prefs.contacts.retain(|c| c.recipient != recipient);
                self.prefs.contacts.push(Contact {
                    name: name.clone(),
                    recipient: recipient.clone(),
                });
                if let Screen::Main(s) = &mut self.screen {
                    actions::contact_saved(s, self.prefs.contacts.len(), &name, &recipient);
                }
            }
            Command::RemoveContact(i) => {
                if i < self.prefs.contacts.len() {
                    self.prefs.contacts.remove(i);
                    if let Screen::Main(s) = &mut self.screen {
                        actions::contact_removed(s, i);
                    }
                }
            }
            Command::Copy(text) => {
                ctx.copy_text(text);
                self.say(&t!("app-copied"), false);
            }
            other => {
                if let Screen::Main(s) = &mut self.screen {
                    let env = ActionEnv {
                        bundles: &self.bundles,
                        prefs: &self.prefs,
                        kdf_log_n: self.kdf_log_n,
                    };
                    actions::apply(ctx, s, other, &env);
                }
            }
        }
    }

    /// Drops everything of the open vault — catalog, keys, decoded pictures, typed text — and
    /// returns to the unlock form.
    pub fn lock(&mut self, ctx: &egui::Context, reason: LockReason) {
        let Screen::Main(s) = &mut self.screen else {
            return;
        };
        let draft_errors = s.save_drafts_now();
        let dir = s.vault().dir().to_owned();
        self.prefs.view_mode = s.view.mode;
        self.prefs.thumb_side = s.view.thumb_side;
        let mut sentences = vec![match reason {
            LockReason::Idle => t!("app-locked-idle", minutes = self.prefs.auto_lock_minutes),
            LockReason::Button | LockReason::Shortcut => t!("app-locked"),
        }];
        sentences.push(t!("app-locked-cleared"));
        if !draft_errors.is_empty() {
            sentences.push(t!(
                "app-locked-drafts-lost",
                error = draft_errors.join("; ")
            ));
        } else if s.drafts.kept() {
            sentences.push(t!("app-locked-drafts-kept"));
        }
        if let Some(job) = s.jobs.status_bar_job() {
            sentences.push(t!("app-locked-job-stopped", job = job.name().to_string()));
        }
        let text = sentences.join(" ");
        self.screen = Screen::Start(Box::new(StartScreen::unlock(dir, Some(text))));
        self.background.forget_pick();
        // Text fields keep undo histories in egui's memory: forget them with everything else.
        ctx.memory_mut(|m| m.data = Default::default());
        ctx.request_repaint();
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.frame_cpu = frame.info().cpu_usage;
        App::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Screen::Main(s) = &self.screen {
            self.prefs.view_mode = s.view.mode;
            self.prefs.thumb_side = s.view.thumb_side;
        }
        eframe::set_value(storage, STORAGE_KEY, &self.prefs);
    }

    /// egui's own memory (window positions, text-edit histories) is not kept between runs.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}

/// Reads the saved preferences (defaults when there are none).
pub fn load_prefs(storage: Option<&dyn eframe::Storage>) -> Prefs {
    storage
        .and_then(|s| eframe::get_value::<Prefs>(s, STORAGE_KEY))
        .unwrap_or_default()
        .sanitized()
}
