//! The main window of an unlocked vault: toolbar, search and filters, the status bar with running
//! work, the detail panel and the grid or table.

use eframe::egui;
use egui::RichText;
use evidence_vault::{Kind, SortKey};

use super::command::{Command, DialogKind, LockReason};
use super::file_picker::PickPurpose;
use super::format;
use super::prefs::ViewMode;
use super::session::{BackupAge, JobKind, Session};
use super::text_edit::BidiTextEdit;
use super::widgets::{self, ERROR_COLOR};
use super::{detail_panel, grid_view, incident_page, incidents_view, table_view};

/// The id of the search box, so Ctrl+F can focus it.
pub fn search_id() -> egui::Id {
    egui::Id::unique("evidence-vault-search")
}

pub fn show(
    ui: &mut egui::Ui,
    s: &mut Session,
    bundles_available: bool,
    commands: &mut Vec<Command>,
) {
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.add_space(4.0);
        toolbar(ui, s, bundles_available, commands);
        ui.add_space(2.0);
    });
    let incidents = s.incidents.showing;
    egui::Panel::top("filters").show(ui, |ui| {
        ui.add_space(2.0);
        if incidents {
            incidents_view::filter_bar(ui, s, commands);
        } else {
            filter_bar(ui, s, commands);
        }
        ui.add_space(4.0);
    });
    egui::Panel::bottom("status").show(ui, |ui| {
        status_bar(ui, s, commands);
    });
    if incidents {
        // The list and the page share the central area in two strips: each cell bounds (and
        // clips) what it holds, so neither the table nor the page's wrapped text can push
        // into the other.
        egui::CentralPanel::default().show(ui, |ui| {
            let page_width = (ui.available_width() * 0.48).clamp(300.0, 640.0);
            egui_extras::StripBuilder::new(ui)
                .clip(true)
                .size(egui_extras::Size::remainder().at_least(240.0))
                .size(egui_extras::Size::exact(page_width))
                .horizontal(|mut strip| {
                    strip.cell(|ui| incidents_view::list(ui, s, commands));
                    strip.cell(|ui| {
                        ui.separator();
                        incident_page::show(ui, s, commands);
                    });
                });
        });
        return;
    }
    // On a small screen (800 px wide) the grid keeps two columns beside the panel.
    let detail_width = (ui.available_width() * 0.38).clamp(280.0, 430.0);
    egui::Panel::right("detail")
        .resizable(true)
        .default_size(detail_width)
        .size_range(280.0..=900.0)
        .show(ui, |ui| detail_panel::show(ui, s, commands));
    egui::CentralPanel::default().show(ui, |ui| {
        if s.query.results().is_empty() {
            empty_state(ui, s, commands);
            return;
        }
        match s.view.mode {
            ViewMode::Grid => grid_view::show(ui, s, commands),
            ViewMode::Table => table_view::show(ui, s, commands),
        }
    });
}

fn toolbar(ui: &mut egui::Ui, s: &Session, bundles_available: bool, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        let showing = s.incidents.showing;
        if ui
            .add(egui::Button::selectable(!showing, "Evidence"))
            .on_hover_text("The items: photos, videos, notes, files")
            .clicked()
        {
            commands.push(Command::ShowIncidents(false));
        }
        if ui
            .add(egui::Button::selectable(showing, "Incidents"))
            .on_hover_text("What happened, with its date, place, casualties and review status")
            .clicked()
        {
            commands.push(Command::ShowIncidents(true));
        }
        ui.separator();
        let busy = s.jobs.status_bar_job().is_some();
        if ui
            .add_enabled(!busy, egui::Button::new("Add files…"))
            .on_hover_text("Ctrl+O")
            .clicked()
        {
            commands.push(Command::Pick(PickPurpose::AddFiles));
        }
        if ui
            .add_enabled(!busy, egui::Button::new("Add folder…"))
            .clicked()
        {
            commands.push(Command::Pick(PickPurpose::AddFolder));
        }
        if ui
            .button("New note")
            .on_hover_text("Ctrl+N: write a note or testimony")
            .clicked()
        {
            commands.push(Command::Open(DialogKind::NewNote));
        }
        ui.separator();
        if ui
            .add_enabled(!busy, egui::Button::new("Verify vault"))
            .clicked()
        {
            commands.push(Command::Open(DialogKind::Verify));
        }
        let export_tip = if bundles_available {
            "Make an encrypted bundle for someone else"
        } else {
            "Not available in this build yet"
        };
        if ui.button("Export…").on_hover_text(export_tip).clicked() {
            commands.push(Command::Open(DialogKind::Export));
        }
        if ui.button("Import…").clicked() {
            commands.push(Command::Open(DialogKind::Import));
        }
        if ui
            .button("My public key")
            .on_hover_text("Let others export evidence to this vault")
            .clicked()
        {
            commands.push(Command::Open(DialogKind::PublicKey));
        }
        if ui
            .button("Back up…")
            .on_hover_text("Copy the vault, encrypted, to an external drive or a remote")
            .clicked()
        {
            commands.push(Command::Open(DialogKind::Backup));
        }
        if ui.button("Settings").clicked() {
            commands.push(Command::Open(DialogKind::Settings));
        }
        ui.separator();
        if ui
            .button(RichText::new("Lock").strong())
            .on_hover_text("Ctrl+L: lock the vault now")
            .clicked()
        {
            commands.push(Command::Lock(LockReason::Button));
        }
        // The vault's name at the right end, on a row of its own when the buttons fill this one.
        if ui.max_rect().right() - ui.cursor().min.x < 260.0 {
            ui.end_row();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!(
                "{} · {}",
                s.name(),
                format::items(s.query.facets().total)
            ));
            if s.is_demo() {
                ui.label(RichText::new("DEMO").strong().color(widgets::WARN_COLOR))
                    .on_hover_text("Synthetic sample evidence; deleted when you quit");
            }
        });
    });
}

/// The filter bar edits the filters (the query's form) and the view mode directly; the search
/// follows at the next frame.
fn filter_bar(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    let focus_search = s.view.take_focus_search();
    let Session { query, view, .. } = s;
    let (filters, facets) = query.form();
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Search");
        let r = ui
            .add(
                BidiTextEdit::singleline(&mut filters.search)
                    .label("Search")
                    .id(search_id())
                    .hint_text("words in titles, notes, places, tags, names; or a SHA-256 (Ctrl+F)")
                    .desired_width(340.0),
            )
            .labelled_by(l.id);
        if focus_search {
            r.request_focus();
        }
        // Always there (greyed when empty), so typing does not re-wrap the filter bar.
        if ui
            .add_enabled(
                !filters.search.is_empty(),
                egui::Button::new("Clear search").small(),
            )
            .clicked()
        {
            filters.search.clear();
        }

        let case_text = filters.case.clone().unwrap_or_else(|| "All cases".into());
        widgets::combo(ui, "Case", case_text, 150.0, |ui| {
            ui.selectable_value(&mut filters.case, None, "All cases");
            for c in &facets.cases {
                let label = if c.is_empty() {
                    "(no case)".to_owned()
                } else {
                    c.clone()
                };
                ui.selectable_value(&mut filters.case, Some(c.clone()), label);
            }
        });
        let tag_text = filters.tag.clone().unwrap_or_else(|| "All tags".into());
        widgets::combo(ui, "Tag", tag_text, 130.0, |ui| {
            ui.selectable_value(&mut filters.tag, None, "All tags");
            for t in &facets.tags {
                ui.selectable_value(&mut filters.tag, Some(t.clone()), t.as_str());
            }
        });
        let kind_text = match filters.kind {
            None => "All kinds",
            Some(Kind::Photo) => "Photos",
            Some(Kind::Video) => "Videos",
            Some(Kind::Audio) => "Sound",
            Some(Kind::Text) => "Notes",
            Some(Kind::File) => "Other files",
        };
        widgets::combo(ui, "Kind", kind_text, 100.0, |ui| {
            ui.selectable_value(&mut filters.kind, None, "All kinds");
            ui.selectable_value(&mut filters.kind, Some(Kind::Photo), "Photos");
            ui.selectable_value(&mut filters.kind, Some(Kind::Video), "Videos");
            ui.selectable_value(&mut filters.kind, Some(Kind::Audio), "Sound");
            ui.selectable_value(&mut filters.kind, Some(Kind::Text), "Notes");
            ui.selectable_value(&mut filters.kind, Some(Kind::File), "Other files");
        });
        widgets::date_range(ui, "Captured from", &mut filters.from, &mut filters.to);
        ui.checkbox(&mut filters.near_duplicates, "Near-duplicates")
            .on_hover_text(
                "Only photos and videos with a near-duplicate in the vault (a re-encoded, resized \
                 or cropped copy), each group together",
            );
        if filters.is_filtered() && ui.button("Clear filters").clicked() {
            filters.clear_keeping_sort();
        }
        ui.separator();
        let sort_text = sort_name(filters.sort);
        widgets::combo(ui, "Sort by", sort_text, 120.0, |ui| {
            for key in [
                SortKey::Added,
                SortKey::Captured,
                SortKey::Title,
                SortKey::Name,
                SortKey::Size,
                SortKey::Kind,
            ] {
                if ui
                    .selectable_label(filters.sort == key, sort_name(key))
                    .clicked()
                {
                    commands.push(Command::SortBy(key));
                }
            }
        });
        let dir = if filters.descending {
            "Descending"
        } else {
            "Ascending"
        };
        if ui
            .button(dir)
            .on_hover_text("Change the sort direction")
            .clicked()
        {
            filters.descending = !filters.descending;
        }
        ui.separator();
        ui.selectable_value(&mut view.mode, ViewMode::Grid, "Grid");
        ui.selectable_value(&mut view.mode, ViewMode::Table, "Table");
        if view.mode == ViewMode::Grid {
            let l = ui.label("Size");
            ui.add(
                egui::Slider::new(&mut view.thumb_side, super::prefs::THUMB_SIDES)
                    .show_value(false),
            )
            .labelled_by(l.id)
            .on_hover_text("Thumbnail size");
        }
    });
}

pub fn sort_name(key: SortKey) -> &'static str {
    match key {
        SortKey::Added => "Date added",
        SortKey::Captured => "Date captured",
        SortKey::Title => "Title",
        SortKey::Name => "File name",
        SortKey::Size => "Size",
        SortKey::Kind => "Kind",
    }
}

fn status_bar(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    ui.add_space(2.0);
    if let Some(job) = s.jobs.status_bar_job() {
        let p = s.jobs.progress(job);
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                ui.set_max_width(ui.available_width() - 90.0);
                widgets::progress(ui, p.as_ref(), job.name());
            });
            if ui
                .button("Cancel")
                .on_hover_text("Stop after the current file; what is done stays in the vault")
                .clicked()
            {
                commands.push(Command::CancelJob(job));
            }
        });
        ui.separator();
    }
    ui.horizontal(|ui| {
        let shown = s.query.results().len() as u64;
        if s.query.is_searching() {
            // The results on screen are the previous search's: say so rather than count them.
            ui.spinner();
            ui.label("Searching…");
        } else if s.query.filters.is_filtered() {
            ui.label(format!(
                "{} of {} items match",
                format::count(shown),
                format::count(s.query.facets().total)
            ));
        } else {
            ui.label(format::items(shown));
        }
        let marked = s.selection.marked_count();
        if marked > 0 {
            ui.label(format!("· {marked} marked"));
            if ui
                .small_button("Case and tags…")
                .on_hover_text("Set the case or add or remove tags on every marked item")
                .clicked()
            {
                commands.push(Command::Open(DialogKind::BulkEdit));
            }
            if ui
                .small_button("Link to incident…")
                .on_hover_text("Link every marked item to an incident, or start one from them")
                .clicked()
            {
                commands.push(Command::Open(DialogKind::LinkIncident));
            }
            if ui.small_button("Unmark all").clicked() {
                commands.push(Command::ClearMarks);
            }
        }
        if let Some(e) = s.query.error() {
            ui.label(RichText::new(e).color(ERROR_COLOR));
        }
        for n in s.notices.iter() {
            let text = RichText::new(n.text());
            ui.label(if n.is_error() {
                text.color(ERROR_COLOR)
            } else {
                text.color(widgets::OK_COLOR)
            });
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            backup_status(ui, s, commands)
        });
    });
    ui.add_space(2.0);
}

/// (At the right end of the status bar.) A running backup (with Cancel), or how old the last complete backup is: a reminder in the
/// warning colour once it is older than the chosen number of days.
fn backup_status(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    if s.jobs.is_running(JobKind::Derive) {
        let p = s.jobs.progress(JobKind::Derive);
        let text = match p.as_ref().filter(|p| p.items_total > 0) {
            Some(p) => format!(
                "Making previews: {} of {}",
                format::count(p.items_done),
                format::count(p.items_total)
            ),
            None => "Making previews…".to_owned(),
        };
        ui.label(RichText::new(text).weak())
            .on_hover_text("Thumbnails left from an earlier intake; the items themselves are safe");
        ui.spinner();
        ui.separator();
    }
    if s.is_demo() {
        return;
    }
    for kind in [JobKind::Backup, JobKind::CheckBackup] {
        if s.jobs.is_running(kind) {
            if ui.small_button("Cancel backup").clicked() {
                commands.push(Command::CancelJob(kind));
            }
            let p = s.jobs.progress(kind);
            let done = p.as_ref().map(|p| p.fraction()).unwrap_or(0.0);
            ui.label(format!("{}… {:.0} %", kind.name(), done * 100.0));
            ui.spinner();
            return;
        }
    }
    let (text, overdue) = match s.backup.age(std::time::SystemTime::now()) {
        BackupAge::Never => ("No backup of this vault yet".to_owned(), true),
        BackupAge::Days { days, overdue } => {
            (format!("Last backup: {}", format::days_ago(days)), overdue)
        }
    };
    // Drawn right to left (the status bar's right end): the button first.
    let text = RichText::new(text);
    if overdue {
        if ui.small_button("Back up now").clicked() {
            commands.push(Command::Open(DialogKind::Backup));
        }
        ui.label(text.color(widgets::WARN_COLOR));
    } else {
        ui.label(text.weak());
    }
}

fn empty_state(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    ui.add_space(40.0);
    ui.vertical_centered(|ui| {
        if s.query.is_searching() {
            ui.spinner();
            ui.label("Searching…");
        } else if s.query.filters.is_filtered() {
            ui.heading("Nothing matches");
            ui.label("Try fewer words, or clear the filters.");
        } else {
            ui.heading("This vault is empty");
            ui.label("Drag files or folders onto this window, or:");
            if ui.button("Choose evidence to add…").clicked() {
                commands.push(Command::Pick(PickPurpose::AddFiles));
            }
            if ui.button("Write a note").clicked() {
                commands.push(Command::Open(DialogKind::NewNote));
            }
        }
    });
}
