//! The `evidence-vault` window (egui/eframe) over the library.
//!
//! Structure, as in egui's demo app: [`App`] holds the state and draws one frame in
//! [`App::ui`]; widgets push typed [`command::Command`]s that are applied once per frame; long
//! work runs on background threads ([`task::Task`], the catalog [`reader`], the thumbnail pool)
//! and reports through channels and `evidence_vault::SharedProgress`.
//!
//! Compiled into the library only with the `gui` feature; it refers to the library only as
//! `evidence_vault::…` (its public API), never to `crate::` internals.

mod actions;
pub mod app;
pub mod bidi_label;
pub mod bundle_library;
pub mod bundle_ops;
pub mod clock;
pub mod command;
mod custody_view;
mod detail_panel;
pub mod dialogs;
mod draft_writer;
pub mod file_picker;
pub mod fonts;
pub mod format;
pub mod frame_stats;
mod grid_view;
pub mod i18n;
mod incident_page;
mod incidents_view;
mod main_view;
pub mod map;
mod password_meter;
pub mod prefs;
mod preview;
mod reader;
pub mod session;
mod start_screen;
mod table_view;
pub mod task;
pub mod text_edit;
mod thumbs;
mod timeline_view;
mod widgets;

pub use app::{App, AppOptions, load_prefs};
