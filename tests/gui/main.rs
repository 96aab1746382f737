//! The window's flows, driven headless through the accessibility tree with egui_kittest, with
//! the app's own fonts (see `support::gui`). `perf` holds the 100,000-item frame-time run,
//! ignored by default.

#[path = "../support/mod.rs"]
mod support;

mod arabic;
mod backups;
mod bulk;
mod bundles;
mod drafts;
mod flows;
mod incidents;
mod map;
mod media;
mod notices;
mod perf;
mod text_edit;
