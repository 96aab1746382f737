//! Input that is not a widget's: activity for the idle auto-lock, keyboard shortcuts, and files
//! dropped on the window. All of it becomes commands (or, for Ctrl+Q, a lock and a close).

use std::path::PathBuf;
use std::time::Duration;

use eframe::egui;
use egui::{Key, KeyboardShortcut, Modifiers};

use super::super::command::{Command, DialogKind, LockReason};
use super::super::file_picker::PickPurpose;
use super::super::i18n::t;
use super::super::prefs::{MAX_AUTO_LOCK_MINUTES, ViewMode};
use super::super::start_screen::StartMode;
use super::{App, Screen};

impl App {
    pub(super) fn note_activity(&mut self, ctx: &egui::Context) {
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

    pub(super) fn check_idle(&mut self, ctx: &egui::Context) {
        if !self.is_unlocked() {
            return;
        }
        let limit = Duration::from_secs(
            u64::from(self.prefs.auto_lock_minutes.clamp(1, MAX_AUTO_LOCK_MINUTES)) * 60,
        );
        // Intake, verification, export, import and backup count as activity: the documenter
        // is waiting for them, and locking would stop them. The limit counts from their end.
        if let Screen::Main(s) = &self.screen
            && s.jobs.keeping_unlocked().is_some()
        {
            self.last_activity = self.clock.now();
        }
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

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        let shortcut = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        // Ctrl+Q: lock and close the window.
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::Q))) {
            self.request_quit(ctx);
            return;
        }
        let s = match &mut self.screen {
            Screen::Start(s) => {
                if s.mode != StartMode::Home
                    && self.background.opening().is_none()
                    && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
                {
                    self.commands.push(Command::ShowHome);
                }
                return;
            }
            Screen::Main(s) => s,
        };
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::L))) {
            self.commands.push(Command::Lock(LockReason::Shortcut));
            return;
        }
        if !s.dialog.is_open() && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.commands.push(Command::Open(DialogKind::Help));
            return;
        }
        if s.dialog.is_open() {
            if !s.dialog.is_busy(&s.jobs)
                && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
            {
                self.commands.push(Command::CloseDialog);
            }
            return;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::F))) {
            s.view.request_focus_search();
            return;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::O)))
            && s.jobs.status_bar_job().is_none()
        {
            self.commands.push(Command::Pick(PickPurpose::AddFiles));
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::N))) {
            self.commands.push(Command::Open(DialogKind::NewNote));
        }
        if super::super::text_edit::any_focused(ctx) {
            return;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::A))) {
            self.commands.push(Command::MarkAll);
            return;
        }
        // On the map and the timeline the arrows and + / - move and zoom them (`map::keys`,
        // `timeline_view::keys`), not the cursor.
        if s.view.mode.needs_layers() && !s.incidents.showing {
            return;
        }
        let step = match s.view.mode {
            ViewMode::Grid => s.view.grid_columns.max(1) as isize,
            ViewMode::Table | ViewMode::Map | ViewMode::Timeline => 1,
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
        if s.selection.cursor().is_some()
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
        {
            self.commands.push(Command::Open(DialogKind::Viewer));
        }
    }

    pub(super) fn drops(&mut self, ctx: &egui::Context) {
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
}

/// While files are dragged over the window: say what dropping does.
pub(super) fn drop_overlay(ctx: &egui::Context) {
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
        t!("app-drop-to-add", count = hovering),
        egui::TextStyle::Heading.resolve(&ctx.global_style()),
        egui::Color32::WHITE,
    );
}
