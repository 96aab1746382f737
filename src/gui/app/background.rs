//! The app's own background work, outside any vault session: the native file dialog and the
//! start screen's unlock / create / demo. Like the session's jobs, it is drained once a frame
//! and each result is applied in one place (`App::on_background`).

use std::path::PathBuf;
use std::time::Duration;

use eframe::egui;

use super::super::file_picker::PickPurpose;
use super::super::start_screen::Opened;
use super::super::task::{Poll, Task};

/// A finished piece of the app's background work.
pub enum AppFinished {
    /// The file dialog closed: the paths chosen (maybe none), or `None` when it could not be
    /// shown at all.
    Picked(PickPurpose, Option<Vec<PathBuf>>),
    /// Unlocking, creating or preparing the demo ended.
    Opened(Result<Opened, String>),
}

#[derive(Default)]
pub struct Background {
    picking: Option<(PickPurpose, Task<Vec<PathBuf>>)>,
    /// What is opening (shown beside a spinner on the start screen) and the work itself.
    opening: Option<(String, Task<Result<Opened, String>>)>,
}

impl Background {
    pub fn is_picking(&self) -> bool {
        self.picking.is_some()
    }

    /// Runs the file dialog for `purpose` on its own thread.
    pub fn start_pick(&mut self, purpose: PickPurpose, task: Task<Vec<PathBuf>>) {
        self.picking = Some((purpose, task));
    }

    /// Forgets the file dialog (at lock: what it returns no longer has a place to go).
    pub fn forget_pick(&mut self) {
        self.picking = None;
    }

    /// What the start screen is busy with, if anything.
    pub fn opening(&self) -> Option<&str> {
        self.opening.as_ref().map(|(what, _)| what.as_str())
    }

    pub fn start_opening(&mut self, what: &str, task: Task<Result<Opened, String>>) {
        self.opening = Some((what.to_owned(), task));
    }

    /// Takes out what ended since the last call. Call once a frame.
    pub fn drain(&mut self, ctx: &egui::Context) -> Vec<AppFinished> {
        let mut done = Vec::new();
        if let Some((purpose, task)) = self.picking.as_mut() {
            let purpose = *purpose;
            match task.poll() {
                Poll::Pending => ctx.request_repaint_after(Duration::from_millis(200)),
                Poll::Done(paths) => {
                    self.picking = None;
                    done.push(AppFinished::Picked(purpose, Some(paths)));
                }
                Poll::Lost => {
                    self.picking = None;
                    done.push(AppFinished::Picked(purpose, None));
                }
            }
        }
        if let Some((_, task)) = self.opening.as_mut() {
            match task.poll() {
                Poll::Pending => ctx.request_repaint_after(Duration::from_millis(100)),
                Poll::Done(r) => {
                    self.opening = None;
                    done.push(AppFinished::Opened(r));
                }
                Poll::Lost => {
                    self.opening = None;
                    done.push(AppFinished::Opened(Err(super::super::task::lost())));
                }
            }
        }
        done
    }
}
