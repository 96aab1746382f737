//! What commands and finished jobs do to the open vault's session: one `match` for the commands
//! of a frame ([`apply`]) and one for the jobs that ended ([`apply_finished`]), each arm handing
//! over to a small handler of its area that takes the part of the session it changes.
//!
//! Commands about the app itself (screens, preferences, the file picker, locking) are handled by
//! `App::apply`; everything here needs an unlocked vault.

mod backup;
mod bundles;
mod dialogs;
mod edits;
mod geo;
mod incidents;
mod intake;
mod notes;
mod previews;
mod selection;
mod settings;
mod verify;

use std::sync::Arc;

use eframe::egui;

use super::bundle_ops::BundleOps;
use super::command::Command;
use super::prefs::Prefs;
use super::session::{self, Finished, Session};

pub use bundles::{contact_removed, contact_saved};
pub use geo::open_map_tiles;
pub use intake::{add_paths, open_add_dialog};
pub use previews::make_pending;

/// What handlers may use besides the session.
pub struct ActionEnv<'a> {
    pub bundles: &'a Arc<dyn BundleOps>,
    pub prefs: &'a Prefs,
    /// scrypt work factor for a new passphrase.
    pub kdf_log_n: u8,
}

/// Applies one command of the frame to the session.
pub fn apply(ctx: &egui::Context, s: &mut Session, command: Command, env: &ActionEnv<'_>) {
    match command {
        Command::StartIntake { case, tags } => {
            intake::start(ctx, s, case, tags, env.prefs.record_source_paths)
        }
        Command::RemoveIntakePath(index) => s.forms.remove_intake_path(index),
        Command::CancelAdd => intake::cancel_add(&mut s.forms, &mut s.dialog),
        Command::CancelJob(kind) => intake::cancel_job(&s.jobs, &mut s.notices, kind),
        Command::StartVerify { record, repair } => verify::start(ctx, s, record, repair),
        Command::SaveNote => notes::save(ctx, s.vault().clone(), &mut s.drafts, &mut s.jobs),
        Command::DiscardNote => notes::discard(&mut s.drafts, &mut s.dialog),
        Command::SaveEdits => edits::save(ctx, s.vault().clone(), &mut s.drafts, &mut s.jobs),
        Command::DiscardEdits => edits::discard(&mut s.drafts),
        Command::ExtractTo(path) => edits::extract(ctx, s, path),
        Command::Select {
            index,
            toggle,
            range,
        } => selection::click(s, index, toggle, range),
        Command::MarkAll => s.selection.mark_all(s.query.results()),
        Command::SelectAfterSave(index) => {
            // Only while the save runs (a form error stops it: the user stays on the item).
            s.selection.after_save = s
                .jobs
                .is_running(session::JobKind::SaveEdits)
                .then(|| s.query.results().get(index).map(|r| r.id.clone()))
                .flatten();
        }
        Command::StartBulkEdit { ids, edit } => edits::start_bulk(ctx, s, ids, edit),
        Command::MoveCursor(delta) => selection::move_cursor(s, delta),
        Command::ShowItem(id) => selection::show_item(s, id),
        Command::ClearMarks => s.selection.clear_marks(),
        Command::MarkItems { nums, toggle } => s.selection.mark_nums(&nums, toggle),
        Command::SelectArea { area, nums } => geo::select_area(s, area, &nums),
        Command::ClearArea => s.query.filters.area = None,
        Command::SetCaptureRange(range) => geo::set_capture_range(s, range),
        Command::SortBy(key) => s.query.filters.sort_by(key),
        Command::Open(kind) => dialogs::open(s, kind, env.prefs),
        Command::CloseDialog => dialogs::close(&mut s.dialog),
        Command::StartExport(request) => bundles::start_export(ctx, s, env.bundles, request),
        Command::CheckBundle { path, passphrase } => {
            bundles::check(ctx, s, env.bundles, path, passphrase)
        }
        Command::StartImport { path, passphrase } => {
            bundles::start_import(ctx, s, env.bundles, path, passphrase)
        }
        Command::StartBackup { target } => backup::start(ctx, s, &target),
        Command::CheckBackup { target } => backup::check(ctx, s, &target),
        Command::SetBackupReminderDays(days) => s.backup.set_remind_days(days),
        Command::ShowIncidents(showing) => incidents::show_view(s, showing),
        Command::OpenIncident(id) => s.open_incident(id),
        Command::CloseIncident => s.incidents.close_page(),
        Command::NewIncident { items } => incidents::open_new_form(s, items),
        Command::NewIncidentFromSelection => {
            let items = s.selection_ids();
            incidents::open_new_form(s, items)
        }
        Command::DiscardIncidentForm => incidents::discard_form(s),
        Command::SaveIncident(save) => incidents::start_save(ctx, s, *save),
        Command::LinkToIncident {
            incident,
            items,
            role,
        } => incidents::start_link(ctx, s, incident, items, role),
        Command::UnlinkFromIncident { incident, item } => {
            incidents::start_unlink(ctx, s, incident, item)
        }
        Command::SetIncidentStatus { id, status, reason } => {
            incidents::start_status(ctx, s, id, status, reason)
        }
        Command::Suggest { what, typed } => s.read_suggestions(what, typed),
        Command::ChangePassphrase => settings::change_passphrase(
            ctx,
            s.vault().clone(),
            &mut s.forms.passphrase,
            &mut s.jobs,
            env.kdf_log_n,
        ),
        // The start screen's and the app's own commands (handled by `App::apply`).
        Command::Pick(_)
        | Command::Picked(..)
        | Command::ChooseVault(_)
        | Command::ShowCreateForm
        | Command::ShowHome
        | Command::Unlock
        | Command::Create
        | Command::TryDemo
        | Command::ForgetRecent(_)
        | Command::Lock(_)
        | Command::Quit
        | Command::Copy(_)
        | Command::SaveContact { .. }
        | Command::RemoveContact(_)
        | Command::SetAutoLockMinutes(_)
        | Command::SetRememberRecent(_)
        | Command::SetRecordSourcePaths(_)
        | Command::SetLanguage(_)
        | Command::SetDigits(_)
        | Command::SetMapTiles(_) => {}
    }
}

/// Applies the result of a job that ended (from [`super::session::Jobs::drain`], once a frame).
pub fn apply_finished(s: &mut Session, finished: Finished) {
    match finished {
        Finished::Intake(r) => intake::finished(s, r),
        Finished::Verify(r) => verify::finished(s, r),
        Finished::Export(r) => bundles::exported(s, r),
        Finished::CheckBundle { path, result } => bundles::checked(&mut s.dialog, path, result),
        Finished::Import(r) => bundles::imported(s, r),
        Finished::SaveNote(r) => notes::saved(s, r),
        Finished::SaveEdits { item_id, result } => edits::saved(s, &item_id, result),
        Finished::Extract(r) => edits::extracted(s, r),
        Finished::ChangePassphrase(r) => settings::passphrase_changed(&mut s.forms.passphrase, r),
        Finished::Backup(r) => backup::finished(s, r),
        Finished::CheckBackup(r) => backup::checked(s, r),
        Finished::Derive(r) => previews::finished(s, r),
        Finished::BulkEdit(r) => edits::bulk_done(s, r),
        Finished::Incident(r) => incidents::finished(s, r),
    }
}

/// Worker threads for intake and verification: all cores but one for the window.
fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .saturating_sub(1)
        .max(1)
}
