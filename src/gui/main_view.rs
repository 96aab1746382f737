//! The main window of an unlocked vault: toolbar, search and filters, the status bar with running
//! work, the detail panel and the grid or table.

use eframe::egui;
use egui::RichText;
use evidence_vault::{Kind, SortKey};

use super::command::{Command, DialogKind, LockReason};
use super::file_picker::PickPurpose;
use super::format;
use super::i18n::{self, t};
use super::prefs::ViewMode;
use super::session::{BackupAge, JobKind, Session};
use super::text_edit::BidiTextEdit;
use super::widgets::{self, ERROR_COLOR};
use super::{
    detail_panel, grid_view, incident_page, incidents_view, map, table_view, timeline_view,
};

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
        widgets::column(ui, |ui| {
            ui.add_space(4.0);
            toolbar(ui, s, bundles_available, commands);
            ui.add_space(2.0);
        })
    });
    let incidents = s.incidents.showing;
    egui::Panel::top("filters").show(ui, |ui| {
        widgets::column(ui, |ui| {
            ui.add_space(2.0);
            if incidents {
                incidents_view::filter_bar(ui, s, commands);
            } else {
                filter_bar(ui, s, commands);
            }
            ui.add_space(4.0);
        })
    });
    egui::Panel::bottom("status").show(ui, |ui| {
        widgets::column(ui, |ui| status_bar(ui, s, commands))
    });
    if incidents {
        // The list and the page share the central area in two strips: each cell bounds (and
        // clips) what it holds, so neither the table nor the page's wrapped text can push
        // into the other.
        egui::CentralPanel::default().show(ui, |ui| {
            widgets::column(ui, |ui| {
                let page_width = (ui.available_width() * 0.48).clamp(300.0, 640.0);
                let list_size = egui_extras::Size::remainder().at_least(240.0);
                let page_size = egui_extras::Size::exact(page_width);
                // The list first in reading order: on the left, on the right in Arabic.
                let rtl = i18n::is_rtl();
                let (first, second) = if rtl {
                    (page_size, list_size)
                } else {
                    (list_size, page_size)
                };
                let list = |ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>| {
                    widgets::column(ui, |ui| incidents_view::list(ui, s, commands))
                };
                let page = |ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>| {
                    widgets::column(ui, |ui| {
                        ui.separator();
                        incident_page::show(ui, s, commands);
                    })
                };
                egui_extras::StripBuilder::new(ui)
                    .clip(true)
                    .size(first)
                    .size(second)
                    .horizontal(|mut strip| {
                        if rtl {
                            strip.cell(|ui| page(ui, s, commands));
                            strip.cell(|ui| list(ui, s, commands));
                        } else {
                            strip.cell(|ui| list(ui, s, commands));
                            strip.cell(|ui| page(ui, s, commands));
                        }
                    });
            })
        });
        return;
    }
    // On a small screen (800 px wide) the grid keeps two columns beside the panel.
    let detail_width = (ui.available_width() * 0.38).clamp(280.0, 430.0);
    // In Arabic the detail panel is on the left: the reading starts at the grid's right.
    let detail = if i18n::is_rtl() {
        egui::Panel::left("detail")
    } else {
        egui::Panel::right("detail")
    };
    detail
        .resizable(true)
        .default_size(detail_width)
        .size_range(280.0..=900.0)
        .show(ui, |ui| {
            widgets::column(ui, |ui| detail_panel::show(ui, s, commands))
        });
    egui::CentralPanel::default().show(ui, |ui| {
        widgets::column(ui, |ui| {
            // The map and the timeline show even with no results: an area or a range drawn
            // there that matches nothing is undone there.
            if s.query.results().is_empty() && !s.view.mode.needs_layers() {
                empty_state(ui, s, commands);
                return;
            }
            match s.view.mode {
                ViewMode::Grid => grid_view::show(ui, s, commands),
                ViewMode::Table => table_view::show(ui, s, commands),
                ViewMode::Map => {
                    let timeline = (ui.available_height() * 0.26).clamp(110.0, 200.0);
                    let map = ui.available_height() - timeline - 40.0;
                    map::show(ui, s, map, commands);
                    ui.add_space(4.0);
                    timeline_view::show(ui, s, ui.available_height(), commands);
                }
                ViewMode::Timeline => timeline_view::show(ui, s, ui.available_height(), commands),
            }
        })
    });
}

fn toolbar(ui: &mut egui::Ui, s: &Session, bundles_available: bool, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        let showing = s.incidents.showing;
        if ui
            .add(egui::Button::selectable(!showing, t!("toolbar-evidence")))
            .on_hover_text(t!("toolbar-evidence-hint"))
            .clicked()
        {
            commands.push(Command::ShowIncidents(false));
        }
        if ui
            .add(egui::Button::selectable(showing, t!("toolbar-incidents")))
            .on_hover_text(t!("toolbar-incidents-hint"))
            .clicked()
        {
            commands.push(Command::ShowIncidents(true));
        }
        ui.separator();
        let busy = s.jobs.status_bar_job().is_some();
        if ui
            .add_enabled(!busy, egui::Button::new(t!("toolbar-add-files")))
            .on_hover_text("Ctrl+O")
            .clicked()
        {
            commands.push(Command::Pick(PickPurpose::AddFiles));
        }
        if ui
            .add_enabled(!busy, egui::Button::new(t!("toolbar-add-folder")))
            .clicked()
        {
            commands.push(Command::Pick(PickPurpose::AddFolder));
        }
        if ui
            .button(t!("toolbar-new-note"))
            .on_hover_text(t!("toolbar-new-note-hint"))
            .clicked()
        {
            commands.push(Command::Open(DialogKind::NewNote));
        }
        ui.separator();
        if ui
            .add_enabled(!busy, egui::Button::new(t!("toolbar-verify")))
            .clicked()
        {
            commands.push(Command::Open(DialogKind::Verify));
        }
        let export_tip = if bundles_available {
            t!("toolbar-export-hint")
        } else {
            t!("toolbar-export-unavailable")
        };
        if ui
            .button(t!("toolbar-export"))
            .on_hover_text(export_tip)
            .clicked()
        {
            commands.push(Command::Open(DialogKind::Export));
        }
        if ui.button(t!("toolbar-import")).clicked() {
            commands.push(Command::Open(DialogKind::Import));
        }
        if ui
            .button(t!("toolbar-public-key"))
            .on_hover_text(t!("toolbar-public-key-hint"))
            .clicked()
        {
            commands.push(Command::Open(DialogKind::PublicKey));
        }
        if ui
            .button(t!("toolbar-backup"))
            .on_hover_text(t!("toolbar-backup-hint"))
            .clicked()
        {
            commands.push(Command::Open(DialogKind::Backup));
        }
        if ui.button(t!("toolbar-settings")).clicked() {
            commands.push(Command::Open(DialogKind::Settings));
        }
        ui.separator();
        if ui
            .button(RichText::new(t!("toolbar-lock")).strong())
            .on_hover_text(t!("toolbar-lock-hint"))
            .clicked()
        {
            commands.push(Command::Lock(LockReason::Button));
        }
        // The vault's name at the far end (the right; the left in Arabic), on a row of its own
        // when the buttons fill this one.
        let room = if i18n::is_rtl() {
            ui.cursor().max.x - ui.max_rect().left()
        } else {
            ui.max_rect().right() - ui.cursor().min.x
        };
        if room < 260.0 {
            ui.end_row();
        }
        widgets::far_end(ui, |ui| {
            ui.label(t!(
                "toolbar-vault",
                name = i18n::isolate(s.name()),
                items = format::items(s.query.facets().total)
            ));
            if s.is_demo() {
                ui.label(
                    RichText::new(t!("toolbar-demo"))
                        .strong()
                        .color(widgets::WARN_COLOR),
                )
                .on_hover_text(t!("toolbar-demo-hint"));
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
        let search = t!("filters-search");
        let l = ui.label(&search);
        let r = ui
            .add(
                BidiTextEdit::singleline(&mut filters.search)
                    .label(&search)
                    .id(search_id())
                    .hint_text(t!("filters-search-hint"))
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
                egui::Button::new(t!("filters-clear-search")).small(),
            )
            .clicked()
        {
            filters.search.clear();
        }

        let case_text = filters
            .case
            .clone()
            .unwrap_or_else(|| t!("filters-all-cases"));
        widgets::combo(ui, &t!("filters-case"), case_text, 150.0, |ui| {
            ui.selectable_value(&mut filters.case, None, t!("filters-all-cases"));
            for c in &facets.cases {
                let label = if c.is_empty() {
                    t!("filters-no-case")
                } else {
                    c.clone()
                };
                ui.selectable_value(&mut filters.case, Some(c.clone()), label);
            }
        });
        let tag_text = filters
            .tag
            .clone()
            .unwrap_or_else(|| t!("filters-all-tags"));
        widgets::combo(ui, &t!("filters-tag"), tag_text, 130.0, |ui| {
            ui.selectable_value(&mut filters.tag, None, t!("filters-all-tags"));
            for t in &facets.tags {
                ui.selectable_value(&mut filters.tag, Some(t.clone()), t.as_str());
            }
        });
        let kinds = [
            None,
            Some(Kind::Photo),
            Some(Kind::Video),
            Some(Kind::Audio),
            Some(Kind::Text),
            Some(Kind::File),
        ];
        widgets::combo(
            ui,
            &t!("filters-kind"),
            kind_filter_name(filters.kind),
            100.0,
            |ui| {
                for kind in kinds {
                    ui.selectable_value(&mut filters.kind, kind, kind_filter_name(kind));
                }
            },
        );
        widgets::capture_range(
            ui,
            &t!("filters-captured-from"),
            &mut filters.from,
            &mut filters.to,
        );
        ui.checkbox(&mut filters.near_duplicates, t!("filters-near-duplicates"))
            .on_hover_text(t!("filters-near-duplicates-hint"));
        if filters.is_filtered() && ui.button(t!("filters-clear")).clicked() {
            filters.clear_keeping_sort();
        }
        ui.separator();
        let sort_text = sort_name(filters.sort);
        widgets::combo(ui, &t!("filters-sort-by"), sort_text, 120.0, |ui| {
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
            t!("filters-descending")
        } else {
            t!("filters-ascending")
        };
        if ui
            .button(dir)
            .on_hover_text(t!("filters-sort-direction-hint"))
            .clicked()
        {
            filters.descending = !filters.descending;
        }
        ui.separator();
        ui.selectable_value(&mut view.mode, ViewMode::Grid, t!("filters-grid"));
        ui.selectable_value(&mut view.mode, ViewMode::Table, t!("filters-table"));
        ui.selectable_value(&mut view.mode, ViewMode::Map, t!("filters-map"))
            .on_hover_text(t!("filters-map-hint"));
        ui.selectable_value(&mut view.mode, ViewMode::Timeline, t!("filters-timeline"))
            .on_hover_text(t!("filters-timeline-hint"));
        if view.mode == ViewMode::Grid {
            let l = ui.label(t!("filters-thumb-size"));
            ui.add(
                egui::Slider::new(&mut view.thumb_side, super::prefs::THUMB_SIDES)
                    .show_value(false),
            )
            .labelled_by(l.id)
            .on_hover_text(t!("filters-thumb-size-hint"));
        }
    });
}

pub fn sort_name(key: SortKey) -> String {
    match key {
        SortKey::Added => t!("filters-sort-added"),
        SortKey::Captured => t!("filters-sort-captured"),
        SortKey::Title => t!("filters-sort-title"),
        SortKey::Name => t!("filters-sort-name"),
        SortKey::Size => t!("filters-sort-size"),
        SortKey::Kind => t!("filters-sort-kind"),
    }
}

/// The kind filter's choices (none: every kind).
fn kind_filter_name(kind: Option<Kind>) -> String {
    match kind {
        None => t!("filters-all-kinds"),
        Some(Kind::Photo) => t!("filters-photos"),
        Some(Kind::Video) => t!("filters-videos"),
        Some(Kind::Audio) => t!("filters-sound"),
        Some(Kind::Text) => t!("filters-notes"),
        Some(Kind::File) => t!("filters-other-files"),
    }
}

fn status_bar(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    ui.add_space(2.0);
    if let Some(job) = s.jobs.status_bar_job() {
        let p = s.jobs.progress(job);
        ui.horizontal(|ui| {
            widgets::vertical(ui, |ui| {
                ui.set_max_width(ui.available_width() - 90.0);
                widgets::progress(ui, p.as_ref(), job.name());
            });
            if ui
                .button(t!("status-cancel"))
                .on_hover_text(t!("status-cancel-hint"))
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
            ui.label(t!("status-searching"));
        } else if s.query.filters.is_filtered() {
            ui.label(t!(
                "status-matching",
                shown = shown,
                total = s.query.facets().total
            ));
        } else {
            ui.label(format::items(shown));
        }
        let marked = s.selection.marked_count();
        if marked > 0 {
            ui.label(t!("status-marked", count = marked));
            if ui
                .small_button(t!("status-bulk-edit"))
                .on_hover_text(t!("status-bulk-edit-hint"))
                .clicked()
            {
                commands.push(Command::Open(DialogKind::BulkEdit));
            }
            if ui
                .small_button(t!("status-link-incident"))
                .on_hover_text(t!("status-link-incident-hint"))
                .clicked()
            {
                commands.push(Command::Open(DialogKind::LinkIncident));
            }
            if ui.small_button(t!("status-unmark-all")).clicked() {
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
        widgets::far_end(ui, |ui| backup_status(ui, s, commands));
    });
    ui.add_space(2.0);
}

/// (At the far end of the status bar: the right, the left in Arabic.) A running backup (with Cancel), or how old the last complete backup is: a reminder in the
/// warning colour once it is older than the chosen number of days.
fn backup_status(ui: &mut egui::Ui, s: &Session, commands: &mut Vec<Command>) {
    if s.jobs.is_running(JobKind::Derive) {
        let p = s.jobs.progress(JobKind::Derive);
        let text = match p.as_ref().filter(|p| p.items_total > 0) {
            Some(p) => t!(
                "status-making-previews-count",
                done = p.items_done,
                total = p.items_total
            ),
            None => t!("status-making-previews"),
        };
        ui.label(RichText::new(text).weak())
            .on_hover_text(t!("status-making-previews-hint"));
        ui.spinner();
        ui.separator();
    }
    if s.is_demo() {
        return;
    }
    for kind in [JobKind::Backup, JobKind::CheckBackup] {
        if s.jobs.is_running(kind) {
            if ui.small_button(t!("status-cancel-backup")).clicked() {
                commands.push(Command::CancelJob(kind));
            }
            let p = s.jobs.progress(kind);
            let done = p.as_ref().map(|p| p.fraction()).unwrap_or(0.0);
            ui.label(t!(
                "status-backup-running",
                job = kind.name().to_string(),
                percent = (f64::from(done) * 100.0).round()
            ));
            ui.spinner();
            return;
        }
    }
    let (text, overdue) = match s.backup.age(std::time::SystemTime::now()) {
        BackupAge::Never => (t!("status-no-backup"), true),
        BackupAge::Days { days, overdue } => (
            t!("status-last-backup", when = format::days_ago(days)),
            overdue,
        ),
    };
    // Drawn from the status bar's far end inwards: the button first.
    let text = RichText::new(text);
    if overdue {
        if ui.small_button(t!("status-backup-now")).clicked() {
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
            ui.label(t!("status-searching"));
        } else if s.query.filters.is_filtered() {
            ui.heading(t!("main-nothing-matches"));
            ui.label(t!("main-nothing-matches-hint"));
        } else {
            ui.heading(t!("main-empty-vault"));
            ui.label(t!("main-empty-drag"));
            if ui.button(t!("main-empty-choose")).clicked() {
                commands.push(Command::Pick(PickPurpose::AddFiles));
            }
            if ui.button(t!("main-empty-write-note")).clicked() {
                commands.push(Command::Open(DialogKind::NewNote));
            }
        }
    });
}
