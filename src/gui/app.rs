//! The application: which screen is shown, the commands of a frame and what they do, keyboard
//! shortcuts, drag and drop, native dialogs and the idle auto-lock.
//!
//! Each frame: take in input and finished background work, draw the screen (widgets push
//! [`Command`]s), then apply the commands once. Nothing here blocks: unlocking, creating, intake,
//! verification, export, import, dialogs and image decoding all run on other threads.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui::{Key, KeyboardShortcut, Modifiers};
use evidence_vault::vault::UnlockError;
use evidence_vault::{
    CreateOptions, IntakeOptions, NoteInput, SecretString, SortKey, Vault, VerifyOptions,
};
use zeroize::Zeroize;

use super::bundle_ops::{self, BundleOps, ExportRequest};
use super::clock::{Clock, SystemClock};
use super::command::{Command, DialogKind, LockReason};
use super::dialogs::{self, AddForm, Dialog, Env, ExportDialog, ImportDialog, VerifyForm};
use super::file_picker::{FilePicker, PickPurpose, RfdPicker};
use super::frame_stats::FrameStats;
use super::main_view;
use super::prefs::{Contact, MAX_AUTO_LOCK_MINUTES, Prefs, STORAGE_KEY};
use super::session::{Job, Session, split_tags};
use super::start_screen::{self, Opened, StartMode, StartScreen};
use super::task::{Poll, Task};

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
    picking: Option<(PickPurpose, Task<Vec<PathBuf>>)>,
    /// The demo vault's temporary folder; deleted when the app ends (or another demo starts).
    demo_dir: Option<tempfile::TempDir>,
    /// A bundle the app was started with: its import dialog opens once a vault is unlocked.
    pending_bundle: Option<PathBuf>,
    frame_stats: Option<FrameStats>,
    /// eframe's CPU time of the previous frame, when running in a real window.
    pub frame_cpu: Option<f32>,
}

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
            picking: None,
            demo_dir: None,
            pending_bundle: None,
            frame_stats: FrameStats::from_env(),
            frame_cpu: None,
        };
        if demo {
            app.commands.push(Command::TryDemo);
        } else if let Some(path) = open_path {
            app.open_path(path);
        }
        app
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
            self.say(
                &format!(
                    "To import the bundle “{name}”, open the vault that should receive it: it is checked before anything is imported."
                ),
                false,
            );
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
    #[allow(dead_code)] // used by tests/gui_*.rs
    pub fn vault(&self) -> Option<&Vault> {
        match &self.screen {
            Screen::Main(s) => Some(&s.vault),
            Screen::Start(_) => None,
        }
    }

    /// A one-line description of the state, for test failure messages.
    #[allow(dead_code)] // used by tests/gui_*.rs
    pub fn debug_summary(&self) -> String {
        match &self.screen {
            Screen::Start(s) => format!(
                "start screen {:?}, busy: {}, error: {:?}",
                s.mode,
                s.busy.is_some(),
                s.error
            ),
            Screen::Main(s) => format!(
                "main: {} results (searching: {}), cursor {:?} {:?}, detail {:?} loaded: {}, dialog open: {}, job: {}",
                s.results.len(),
                s.searching,
                s.cursor,
                s.cursor_id,
                s.detail.as_ref().map(|d| d.id.clone()),
                s.detail.as_ref().is_some_and(|d| d.data.is_some()),
                s.dialog.is_open(),
                s.job.is_some()
            ),
        }
    }

    /// Whether background work of the open vault is still running.
    #[allow(dead_code)] // used by tests/gui_*.rs
    pub fn is_busy(&self) -> bool {
        match &self.screen {
            Screen::Main(s) => s.job.is_some() || s.searching || s.note_saving.is_some(),
            Screen::Start(s) => s.busy.is_some(),
        }
    }

    /// The whole window, one frame. Callable without eframe (tests drive it with egui_kittest).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        let ctx = ui.ctx().clone();
        self.note_activity(&ctx);
        self.poll_background(&ctx);
        self.shortcuts(&ctx);
        self.drops(&ctx);
        let demo_passphrase = self.demo_passphrase_for_screen();
        if let Screen::Main(s) = &mut self.screen {
            s.waiting_for_dialog = self.picking.is_some();
        }
        match &mut self.screen {
            Screen::Start(s) => {
                start_screen::show(ui, s, &self.prefs, demo_passphrase, &mut self.commands)
            }
            Screen::Main(s) => {
                s.begin_frame(&ctx);
                s.poll_tasks(&ctx);
                main_view::show(ui, s, self.bundles.available(), &mut self.commands);
                let env = Env {
                    prefs: &self.prefs,
                    bundles: self.bundles.as_ref(),
                };
                dialogs::show(&ctx, s, &env, &mut self.commands);
                drop_overlay(&ctx);
                s.end_frame(&ctx);
            }
        }
        let commands = std::mem::take(&mut self.commands);
        for c in commands {
            self.apply(&ctx, c);
        }
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

    // ---- input ----

    fn note_activity(&mut self, ctx: &egui::Context) {
        let active = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| !matches!(e, egui::Event::WindowFocused(false)))
                || i.pointer.any_down()
                || !i.raw.hovered_files.is_empty()
        });
        if active {
            self.last_activity = self.clock.now();
        }
    }

    fn check_idle(&mut self, ctx: &egui::Context) {
        if !self.is_unlocked() {
            return;
        }
        let limit = Duration::from_secs(
            u64::from(self.prefs.auto_lock_minutes.clamp(1, MAX_AUTO_LOCK_MINUTES)) * 60,
        );
        let idle = self
            .clock
            .now()
            .saturating_duration_since(self.last_activity);
        if idle >= limit {
            self.lock(ctx, LockReason::Idle);
        } else {
            ctx.request_repaint_after(limit - idle + Duration::from_millis(50));
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let shortcut = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        // Ctrl+Q: lock and close the window.
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::Q))) {
            self.lock(ctx, LockReason::Shortcut);
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        match &self.screen {
            Screen::Start(s) => {
                if s.mode != StartMode::Home
                    && s.busy.is_none()
                    && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
                {
                    self.commands.push(Command::ShowHome);
                }
            }
            Screen::Main(s) => {
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::L))) {
                    self.commands.push(Command::Lock(LockReason::Shortcut));
                    return;
                }
                if s.dialog.is_open() {
                    if !dialogs::is_busy(s)
                        && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
                    {
                        self.commands.push(Command::CloseDialog);
                    }
                    return;
                }
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::F))) {
                    if let Screen::Main(s) = &mut self.screen {
                        s.focus_search = true;
                    }
                    return;
                }
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::O))) && s.job.is_none() {
                    self.commands.push(Command::Pick(PickPurpose::AddFiles));
                }
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::N))) {
                    self.commands.push(Command::Open(DialogKind::NewNote));
                }
                if ctx.text_edit_focused() {
                    return;
                }
                let step = match s.view {
                    super::prefs::ViewMode::Grid => s.grid_columns.max(1) as isize,
                    super::prefs::ViewMode::Table => 1,
                };
                let page = step * 4;
                for (key, delta) in [
                    (Key::ArrowLeft, -1),
                    (Key::ArrowRight, 1),
                    (Key::ArrowUp, -step),
                    (Key::ArrowDown, step),
                    (Key::PageUp, -page),
                    (Key::PageDown, page),
                ] {
                    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                        self.commands.push(Command::MoveCursor(delta));
                    }
                }
                if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Home)) {
                    self.commands.push(Command::MoveCursor(isize::MIN));
                }
                if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::End)) {
                    self.commands.push(Command::MoveCursor(isize::MAX));
                }
                if s.cursor.is_some()
                    && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
                {
                    self.commands.push(Command::Open(DialogKind::Viewer));
                }
            }
        }
    }

    fn drops(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        match &self.screen {
            Screen::Main(_) => self
                .commands
                .push(Command::Picked(PickPurpose::AddFiles, dropped)),
            Screen::Start(_) => {
                // A folder dropped on the start screen is taken as a vault to open.
                if let Some(dir) = dropped.into_iter().find(|p| p.is_dir()) {
                    self.commands.push(Command::ChooseVault(dir));
                }
            }
        }
    }

    // ---- background work owned by the app ----

    fn poll_background(&mut self, ctx: &egui::Context) {
        if let Some((purpose, task)) = self.picking.as_mut() {
            match task.poll() {
                Poll::Pending => ctx.request_repaint_after(Duration::from_millis(200)),
                Poll::Done(paths) => {
                    let purpose = *purpose;
                    self.picking = None;
                    if paths.is_empty() {
                        self.say("No file or folder was chosen. If no dialog appeared, type the path in the field instead.", false);
                    } else {
                        self.commands.push(Command::Picked(purpose, paths));
                    }
                }
                Poll::Lost => {
                    self.picking = None;
                    self.say(
                        "The file dialog could not be shown. Type the path in the field instead.",
                        true,
                    );
                }
            }
        }
        let Screen::Start(s) = &mut self.screen else {
            return;
        };
        let Some((_, task)) = s.busy.as_mut() else {
            return;
        };
        let result = match task.poll() {
            Poll::Pending => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Poll::Done(r) => r,
            Poll::Lost => Err(super::task::LOST.into()),
        };
        s.busy = None;
        match result {
            Ok(opened) => self.open_session(ctx, opened),
            Err(e) => {
                s.error = Some(e);
                s.focus_passphrase = true;
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
        if is_demo {
            session.notify(
                "This is the demo vault: synthetic sample evidence, deleted when you quit.",
            );
        }
        if let Some(bundle) = self.pending_bundle.take() {
            let mut import = Box::<ImportDialog>::default();
            import.path = bundle.display().to_string();
            session.dialog = Dialog::Import(import);
            self.commands.push(Command::CheckBundle);
        }
        self.screen = Screen::Main(Box::new(session));
        self.last_activity = self.clock.now();
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
                    s.notify_error(text);
                } else {
                    s.notify(text);
                }
            }
        }
    }

    // ---- commands ----

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Pick(purpose) => self.start_pick(ctx, purpose),
            Command::Picked(purpose, paths) => self.picked(ctx, purpose, paths),
            Command::ChooseVault(dir) => self.choose_vault(dir),
            Command::ShowCreateForm => self.start_mode(StartMode::Create),
            Command::ShowHome => self.start_mode(StartMode::Home),
            Command::Unlock => self.start_unlock(ctx),
            Command::Create => self.start_create(ctx),
            Command::TryDemo => self.start_demo(ctx),
            Command::ForgetRecent(dir) => self.prefs.forget_recent(&dir),
            Command::Lock(reason) => self.lock(ctx, reason),
            Command::SetAutoLockMinutes(m) => {
                self.prefs.auto_lock_minutes = m.clamp(1, MAX_AUTO_LOCK_MINUTES)
            }
            Command::SetRememberRecent(on) => self.prefs.set_remember_recent(on),
            Command::SaveContact { name, recipient } => {
                self.prefs.contacts.retain(|c| c.recipient != recipient);
                self.prefs.contacts.push(Contact {
                    name: name.clone(),
                    recipient,
                });
                if let Screen::Main(s) = &mut self.screen {
                    if let Dialog::Export(d) = &mut s.dialog {
                        d.contacts.resize(self.prefs.contacts.len(), false);
                        if let Some(last) = d.contacts.last_mut() {
                            *last = true;
                        }
                        d.pasted = d
                            .pasted
                            .lines()
                            .filter(|l| {
                                !l.contains(
                                    &self.prefs.contacts[self.prefs.contacts.len() - 1].recipient,
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("\n");
                    }
                    s.notify(format!("Saved {name} as a contact."));
                }
            }
            Command::RemoveContact(i) => {
                if i < self.prefs.contacts.len() {
                    self.prefs.contacts.remove(i);
                    if let Screen::Main(s) = &mut self.screen
                        && let Dialog::Export(d) = &mut s.dialog
                        && i < d.contacts.len()
                    {
                        d.contacts.remove(i);
                    }
                }
            }
            Command::Copy(text) => {
                ctx.copy_text(text);
                self.say("Copied to the clipboard.", false);
            }
            other => {
                if let Screen::Main(s) = &mut self.screen {
                    apply_to_session(ctx, s, other, &self.bundles, &self.prefs, self.kdf_log_n);
                }
            }
        }
    }

    fn start_mode(&mut self, mode: StartMode) {
        if let Screen::Start(s) = &mut self.screen {
            s.wipe_passphrases();
            s.error = None;
            s.notice = None;
            s.focus_passphrase = matches!(mode, StartMode::Unlock(_));
            s.mode = mode;
        }
    }

    fn choose_vault(&mut self, dir: PathBuf) {
        match evidence_vault::read_info(&dir) {
            Ok(_) => self.start_mode(StartMode::Unlock(dir)),
            Err(e) => self.say(&format!("{e}"), true),
        }
    }

    fn start_pick(&mut self, ctx: &egui::Context, purpose: PickPurpose) {
        if self.picking.is_some() {
            return;
        }
        let suggested = match &self.screen {
            Screen::Main(s) => match &s.dialog {
                Dialog::Export(d) => bundle_ops::suggested_name(&d.scope(s)),
                _ if purpose == PickPurpose::SaveOriginal => s
                    .detail
                    .as_ref()
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
            && !matches!(s.dialog, Dialog::AddEvidence(_))
        {
            let case = s.filters.case.clone().unwrap_or_default();
            s.dialog = Dialog::AddEvidence(AddForm {
                case,
                ..Default::default()
            });
        }
        let picker = self.picker.clone();
        let task = Task::spawn(ctx, "file-dialog", move |_, _| {
            picker.pick(purpose, &suggested)
        });
        self.picking = Some((purpose, task));
    }

    fn picked(&mut self, ctx: &egui::Context, purpose: PickPurpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match (&mut self.screen, purpose) {
            (Screen::Start(_), PickPurpose::OpenVault) => self.choose_vault(first),
            (Screen::Start(s), PickPurpose::NewVault) => {
                s.create_folder = first.display().to_string()
            }
            (Screen::Main(s), PickPurpose::AddFiles | PickPurpose::AddFolder) => {
                for p in paths {
                    if !s.pending_add.contains(&p) {
                        s.pending_add.push(p);
                    }
                }
                if !matches!(s.dialog, Dialog::AddEvidence(_)) {
                    let case = s.filters.case.clone().unwrap_or_default();
                    s.dialog = Dialog::AddEvidence(AddForm {
                        case,
                        ..Default::default()
                    });
                }
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
            (Screen::Main(_), PickPurpose::SaveOriginal) => {
                self.commands.push(Command::ExtractTo(first));
            }
            _ => {}
        }
        let _ = ctx;
    }

    fn start_unlock(&mut self, ctx: &egui::Context) {
        let Screen::Start(s) = &mut self.screen else {
            return;
        };
        let StartMode::Unlock(dir) = s.mode.clone() else {
            return;
        };
        if s.busy.is_some() || s.unlock_pass.is_empty() {
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
        s.busy = Some(("Unlocking… (this takes a second or two)".into(), task));
    }

    fn start_create(&mut self, ctx: &egui::Context) {
        let kdf_log_n = self.kdf_log_n;
        let Screen::Start(s) = &mut self.screen else {
            return;
        };
        if s.busy.is_some() {
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
                .map_err(|e| format!("The vault was not created: {e}"))
        });
        s.busy = Some((
            "Creating the vault… (this takes a few seconds)".into(),
            task,
        ));
    }

    fn start_demo(&mut self, ctx: &egui::Context) {
        let kdf_log_n = self.kdf_log_n;
        let Screen::Start(s) = &mut self.screen else {
            return;
        };
        if s.busy.is_some() {
            return;
        }
        s.error = None;
        // The previous demo (if any) is not open any more: delete it.
        self.demo_dir = None;
        let task = Task::spawn(ctx, "demo", move |_, _| {
            let tmp = tempfile::Builder::new()
                .prefix("evidence-vault-demo")
                .tempdir()
                .map_err(|e| format!("Could not make a temporary folder for the demo: {e}"))?;
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
        s.busy = Some(("Preparing the demo vault…".into(), task));
    }

    /// Drops everything of the open vault — catalog, keys, decoded pictures, typed text — and
    /// returns to the unlock form.
    pub fn lock(&mut self, ctx: &egui::Context, reason: LockReason) {
        let Screen::Main(s) = &self.screen else {
            return;
        };
        let dir = s.vault.dir().to_owned();
        self.prefs.view_mode = s.view;
        let mut text = match reason {
            LockReason::Idle => format!(
                "Locked after {} minute{} without activity.",
                self.prefs.auto_lock_minutes,
                if self.prefs.auto_lock_minutes == 1 {
                    ""
                } else {
                    "s"
                }
            ),
            LockReason::Button | LockReason::Shortcut => "Locked.".to_owned(),
        };
        text.push_str(" The catalog, keys and pictures were cleared from memory.");
        if let Some(job) = &s.job {
            text.push_str(&format!(
                " {} was stopped; add the same files again to continue (files already in the vault are recognised).",
                job.name()
            ));
        }
        self.screen = Screen::Start(Box::new(StartScreen::unlock(dir, Some(text))));
        self.picking = None;
        // Text fields keep undo histories in egui's memory: forget them with everything else.
        ctx.memory_mut(|m| m.data = Default::default());
        ctx.request_repaint();
    }
}

/// A wrong passphrase said plainly; other failures with what to do.
fn unlock_message(e: &UnlockError, dir: &Path) -> String {
    match e {
        UnlockError::WrongPassphrase { .. } => {
            "Wrong passphrase. Check the keyboard layout (Arabic or English) and Caps Lock, then try again.".into()
        }
        UnlockError::Lock(l) => format!("{l}. Close the other Evidence Vault window or program using this vault, then try again."),
        other => format!("Could not unlock {}: {other}", dir.display()),
    }
}

fn apply_to_session(
    ctx: &egui::Context,
    s: &mut Session,
    command: Command,
    bundles: &Arc<dyn BundleOps>,
    prefs: &Prefs,
    kdf_log_n: u8,
) {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .saturating_sub(1)
        .max(1);
    match command {
        Command::StartIntake => {
            if s.job.is_some() || s.pending_add.is_empty() {
                return;
            }
            let (case, tags) = match &s.dialog {
                Dialog::AddEvidence(f) => (f.case.trim().to_owned(), split_tags(&f.tags)),
                _ => (String::new(), Vec::new()),
            };
            let paths = std::mem::take(&mut s.pending_add);
            let vault = s.vault.clone();
            let opts = IntakeOptions {
                case,
                tags,
                workers,
                // The full path names the user's folders and travels in bundles: off here
                // until Settings offers it (the CLI has --record-source-path).
                record_source_path: false,
            };
            let task = Task::spawn(ctx, "intake", move |progress, cancel| {
                let r = vault
                    .add_paths(&paths, &opts, progress, cancel)
                    .map_err(|e| e.to_string());
                crate::gui::task::compact_if_due(&vault);
                r
            });
            s.job = Some(Job::Intake(task));
            s.dialog = Dialog::None;
        }
        Command::CancelJob => {
            if let Some(job) = &s.job {
                job.cancel();
                s.notify("Stopping after the current file…");
            }
        }
        Command::SaveNote => {
            if s.note_saving.is_some() || s.note.title.trim().is_empty() {
                return;
            }
            let n = &s.note;
            let input = NoteInput {
                title: n.title.trim().to_owned(),
                body: n.body.clone(),
                case: n.case.trim().to_owned(),
                tags: split_tags(&n.tags),
                place: n.place.trim().to_owned(),
                event_date: Some(n.event_date.trim().to_owned()).filter(|d| !d.is_empty()),
            };
            let vault = s.vault.clone();
            s.note_error = None;
            s.note_saving = Some(Task::spawn(ctx, "note", move |_, _| {
                let r = vault
                    .add_note(&input)
                    .map(|o| o.id)
                    .map_err(|e| e.to_string());
                crate::gui::task::compact_if_due(&vault);
                r
            }));
        }
        Command::DiscardNote => {
            s.note.wipe();
            s.note = Default::default();
            s.note_error = None;
            s.dialog = Dialog::None;
        }
        Command::SaveEdits => s.start_save_edits(ctx),
        Command::DiscardEdits => {
            if let Some(d) = s.detail.as_mut() {
                d.form = d.original.clone();
                d.save_error = None;
            }
        }
        Command::Select { index, toggle } => {
            if toggle {
                s.toggle_mark(index);
                return;
            }
            select_checked(ctx, s, index);
        }
        Command::MoveCursor(delta) => {
            if s.results.is_empty() {
                return;
            }
            let last = s.results.len() - 1;
            let next = match (s.cursor, delta) {
                (_, isize::MIN) => 0,
                (_, isize::MAX) => last,
                (None, _) => 0,
                (Some(c), d) => (c as isize).saturating_add(d).clamp(0, last as isize) as usize,
            };
            s.scroll_to_cursor = true;
            select_checked(ctx, s, next);
        }
        Command::Open(kind) => open_dialog(s, kind, prefs),
        Command::CloseDialog => s.dialog = Dialog::None,
        Command::StartVerify => {
            if s.job.is_some() {
                return;
            }
            let (record, repair) = match &s.dialog {
                Dialog::Verify(f) => (f.record, f.repair),
                _ => (true, false),
            };
            let vault = s.vault.clone();
            let opts = VerifyOptions {
                record,
                repair,
                workers,
            };
            s.verify_report = None;
            s.job = Some(Job::Verify(Task::spawn(
                ctx,
                "verify",
                move |progress, cancel| {
                    let r = vault
                        .verify(&opts, progress, cancel)
                        .map_err(|e| e.to_string());
                    crate::gui::task::compact_if_due(&vault);
                    r
                },
            )));
        }
        Command::StartExport => {
            let env = Env {
                prefs,
                bundles: bundles.as_ref(),
            };
            let prepared = match &s.dialog {
                Dialog::Export(d) if d.task.is_none() => match d.problem(s, &env) {
                    Some(problem) => Err(problem),
                    None => Ok(ExportRequest {
                        scope: d.scope(s),
                        recipients: if d.use_passphrase {
                            Vec::new()
                        } else {
                            d.recipients(&env)
                        },
                        passphrase: d
                            .use_passphrase
                            .then(|| SecretString::from(d.pass1.clone())),
                        out: PathBuf::from(d.out.trim()),
                    }),
                },
                _ => return,
            };
            let request = match prepared {
                Ok(r) => r,
                Err(problem) => {
                    s.notify_error(problem);
                    return;
                }
            };
            let (vault, bundles) = (s.vault.clone(), bundles.clone());
            let task = Task::spawn(ctx, "export", move |progress, cancel| {
                bundles.export(&vault, request, progress, cancel)
            });
            if let Dialog::Export(d) = &mut s.dialog {
                d.pass1.zeroize();
                d.pass2.zeroize();
                d.task = Some(task);
            }
        }
        Command::CheckBundle => {
            let Dialog::Import(d) = &mut s.dialog else {
                return;
            };
            if d.check_task.is_some() || d.path.trim().is_empty() {
                return;
            }
            let path = PathBuf::from(d.path.trim());
            let passphrase = Some(d.passphrase.clone())
                .filter(|p| !p.is_empty())
                .map(SecretString::from);
            let (vault, bundles) = (s.vault.clone(), bundles.clone());
            d.check = None;
            d.check_task = Some(Task::spawn(ctx, "inspect", move |progress, cancel| {
                bundles.inspect(&vault, &path, passphrase.as_ref(), progress, cancel)
            }));
        }
        Command::StartImport => {
            let Dialog::Import(d) = &mut s.dialog else {
                return;
            };
            if !d.can_import() {
                return;
            }
            let path = PathBuf::from(d.path.trim());
            let passphrase = Some(std::mem::take(&mut d.passphrase))
                .filter(|p| !p.is_empty())
                .map(SecretString::from);
            let (vault, bundles) = (s.vault.clone(), bundles.clone());
            d.import_task = Some(Task::spawn(ctx, "import", move |progress, cancel| {
                bundles.import(&vault, &path, passphrase.as_ref(), progress, cancel)
            }));
        }
        Command::ExtractTo(path) => {
            let Some(id) = s.detail.as_ref().map(|d| d.id.clone()) else {
                return;
            };
            if s.extracting.is_some() {
                return;
            }
            let vault = s.vault.clone();
            s.extracting = Some(Task::spawn(ctx, "extract", move |_, _| {
                vault
                    .extract_to(&id, &path)
                    .map(|_| path)
                    .map_err(|e| e.to_string())
            }));
        }
        Command::ChangePassphrase => {
            if s.passwd.is_some() {
                return;
            }
            if let Err(e) = super::password_meter::check_new(&s.new_pass1, &s.new_pass2, &[]) {
                s.passwd_result = Some(Err(e));
                return;
            }
            let new = SecretString::from(std::mem::take(&mut s.new_pass1));
            s.new_pass2.zeroize();
            s.passwd_result = None;
            let vault = s.vault.clone();
            s.passwd = Some(Task::spawn(ctx, "passwd", move |_, _| {
                vault
                    .change_passphrase(&new, kdf_log_n)
                    .map_err(|e| e.to_string())
            }));
        }
        Command::SortBy(key) => {
            if s.filters.sort == key {
                s.filters.descending = !s.filters.descending;
            } else {
                s.filters.sort = key;
                s.filters.descending =
                    matches!(key, SortKey::Added | SortKey::Captured | SortKey::Size);
            }
        }
        _ => {}
    }
}

/// Selects `index`, unless the edit form has unsaved changes: then asks first.
fn select_checked(ctx: &egui::Context, s: &mut Session, index: usize) {
    let dirty = s.detail.as_ref().is_some_and(|d| d.is_dirty());
    if dirty && s.cursor != Some(index) {
        s.dialog = Dialog::ConfirmDiscard { index };
        return;
    }
    s.select(ctx, index);
}

fn open_dialog(s: &mut Session, kind: DialogKind, prefs: &Prefs) {
    s.dialog = match kind {
        DialogKind::NewNote => {
            s.focus_note_title = true;
            Dialog::Note
        }
        DialogKind::Verify => Dialog::Verify(VerifyForm::default()),
        DialogKind::Export => Dialog::Export(Box::new(ExportDialog::new(s, prefs.contacts.len()))),
        DialogKind::Import => Dialog::Import(Box::default()),
        DialogKind::PublicKey => Dialog::PublicKey,
        DialogKind::Settings => Dialog::Settings,
        DialogKind::Viewer => {
            if s.detail.is_none() {
                return;
            }
            Dialog::Viewer
        }
    };
}

/// While files are dragged over the window: say what dropping does.
fn drop_overlay(ctx: &egui::Context) {
    let hovering = ctx.input(|i| i.raw.hovered_files.len());
    if hovering == 0 {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop-overlay"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(180));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        format!(
            "Drop to add {} to the vault",
            if hovering == 1 {
                "it".to_owned()
            } else {
                format!("these {hovering}")
            }
        ),
        egui::TextStyle::Heading.resolve(&ctx.global_style()),
        egui::Color32::WHITE,
    );
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.frame_cpu = frame.info().cpu_usage;
        App::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Screen::Main(s) = &self.screen {
            self.prefs.view_mode = s.view;
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
