//! Import: choose a bundle, decrypt and verify it (nothing changes in the vault yet), read the
//! per-item report, and only then import — the Import button stays disabled unless the whole
//! bundle verifies.

use eframe::egui;
use egui::RichText;
use egui_extras::{Column, TableBuilder};
use zeroize::Zeroize;

use evidence_vault::SecretString;

use super::super::bundle_ops::{BundleCheck, ImportDone};
use super::super::command::Command;
use super::super::file_picker::PickPurpose;
use super::super::format;
use super::super::i18n::{self, t};
use super::super::session::{JobKind, Session};
use super::super::widgets::{self, ERROR_COLOR, OK_COLOR, bidi_line, error_message, ok_message};
use super::Env;

#[derive(Default)]
pub struct ImportDialog {
    pub path: String,
    pub passphrase: String,
    /// The report, and the path it is about.
    check: Option<(String, Result<BundleCheck, String>)>,
    done: Option<Result<ImportDone, String>>,
}

impl ImportDialog {
    /// A dialog for the bundle at `path`.
    pub fn for_path(path: String) -> Self {
        let mut d = Self::default();
        d.path = path;
        d
    }

    /// Import is allowed only for the bundle that was just checked and verified, and not while
    /// a check or import of it runs (`busy`).
    pub fn can_import(&self, busy: bool) -> bool {
        matches!(&self.check, Some((p, Ok(c))) if c.valid && *p == self.path) && !busy
    }

    /// The check of the bundle at `path` (as typed) ended.
    pub fn checked(&mut self, path: String, result: Result<BundleCheck, String>) {
        self.check = Some((path, result));
    }

    /// The import ended.
    pub fn finished(&mut self, result: Result<ImportDone, String>) {
        self.done = Some(result);
    }
}

/// Whether a check or an import is running.
pub fn is_busy(s: &Session) -> bool {
    s.jobs.is_running(JobKind::CheckBundle) || s.jobs.is_running(JobKind::Import)
}

impl Drop for ImportDialog {
    fn drop(&mut self) {
        self.passphrase.zeroize();
    }
}

pub fn show(
    ui: &mut egui::Ui,
    s: &Session,
    d: &mut ImportDialog,
    env: &Env<'_>,
    commands: &mut Vec<Command>,
) {
    if !env.bundles.available() {
        error_message(ui, &t!("import-unavailable"));
        ui.separator();
        super::close_button(ui, commands);
        return;
    }
    if let Some(done) = &d.done {
        match done {
            Ok(r) if r.nothing_new => {
                ok_message(ui, &t!("import-nothing-new", count = r.already_present));
                report(ui, &r.check);
            }
            Ok(r) if !r.committed => {
                error_message(ui, &t!("import-not-committed"));
                report(ui, &r.check);
            }
            Ok(r) => {
                ok_message(
                    ui,
                    &t!("import-done", count = r.added, present = r.already_present),
                );
                report(ui, &r.check);
            }
            Err(e) => error_message(ui, &t!("import-failed", error = e.as_str())),
        }
        ui.separator();
        super::close_button(ui, commands);
        return;
    }

    let busy = is_busy(s);
    ui.add_enabled_ui(!busy, |ui| {
        ui.horizontal(|ui| {
            if ui.button(t!("import-choose")).clicked() {
                commands.push(Command::Pick(PickPurpose::OpenBundle));
            }
        });
        widgets::text_field(
            ui,
            &t!("import-file"),
            &mut d.path,
            "/media/usb/evidence-….tar.age",
        );
        widgets::passphrase_field(ui, &t!("import-passphrase"), &mut d.passphrase);
        ui.label(RichText::new(t!("import-passphrase-advice")).small().weak());
        if ui
            .add_enabled(
                !d.path.trim().is_empty(),
                egui::Button::new(t!("import-check")),
            )
            .clicked()
        {
            d.check = None;
            commands.push(Command::CheckBundle {
                path: d.path.clone(),
                passphrase: Some(d.passphrase.clone())
                    .filter(|p| !p.is_empty())
                    .map(SecretString::from),
            });
        }
    });
    if s.jobs.is_running(JobKind::CheckBundle) {
        widgets::progress(
            ui,
            s.jobs.progress(JobKind::CheckBundle).as_ref(),
            &t!("import-progress-check"),
        );
    }
    if s.jobs.is_running(JobKind::Import) {
        widgets::progress(
            ui,
            s.jobs.progress(JobKind::Import).as_ref(),
            &t!("import-progress"),
        );
    }
    if let Some((path, check)) = &d.check {
        ui.separator();
        if *path != d.path {
            ui.weak(t!("import-report-stale"));
        }
        match check {
            Ok(c) => report(ui, c),
            Err(e) => error_message(ui, &t!("import-check-failed", error = e.as_str())),
        }
    }
    ui.separator();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(d.can_import(busy), egui::Button::new(t!("import-start")))
            .on_disabled_hover_text(t!("import-start-disabled"))
            .clicked()
        {
            commands.push(Command::StartImport {
                path: d.path.clone(),
                passphrase: Some(std::mem::take(&mut d.passphrase))
                    .filter(|p| !p.is_empty())
                    .map(SecretString::from),
            });
        }
        if ui
            .add_enabled(!busy, egui::Button::new(t!("import-close")))
            .clicked()
        {
            commands.push(Command::CloseDialog);
        }
    });
}

/// The per-item verification report.
pub fn report(ui: &mut egui::Ui, c: &BundleCheck) {
    if c.valid {
        ok_message(
            ui,
            &t!(
                "import-verifies",
                items = format::items(c.items.len() as u64)
            ),
        );
    } else {
        ui.label(
            RichText::new(t!("import-does-not-verify"))
                .color(ERROR_COLOR)
                .strong(),
        );
    }
    if let Some(signer) = &c.signer {
        ui.label(t!("import-signed-by", key = i18n::isolate(signer)));
    }
    if let Some(sha) = &c.bundle_sha256 {
        ui.label(RichText::new(t!("import-sha256-heading")).strong());
        ui.add(egui::Label::new(RichText::new(sha).monospace()).wrap());
        ui.label(RichText::new(t!("import-sha256-advice")).small().weak());
    }
    for p in &c.problems {
        ui.label(RichText::new(format!("• {p}")).color(ERROR_COLOR));
    }
    if c.items.is_empty() {
        return;
    }
    TableBuilder::new(ui)
        .id_salt("bundle-report")
        .striped(true)
        .max_scroll_height(280.0)
        .column(Column::initial(90.0))
        .column(Column::initial(220.0).clip(true).resizable(true))
        .column(Column::initial(80.0))
        .column(Column::initial(170.0).clip(true).resizable(true))
        .column(Column::remainder().clip(true))
        .header(22.0, |mut h| {
            for name in [
                t!("import-column-result"),
                t!("import-column-name"),
                t!("import-column-size"),
                t!("import-column-sha256"),
                t!("import-column-details"),
            ] {
                h.col(|ui| {
                    ui.strong(name);
                });
            }
        })
        .body(|body| {
            body.rows(22.0, c.items.len(), |mut row| {
                let it = &c.items[row.index()];
                row.col(|ui| {
                    if it.ok {
                        ui.label(RichText::new(t!("import-row-verified")).color(OK_COLOR));
                    } else {
                        ui.label(
                            RichText::new(t!("import-row-failed"))
                                .color(ERROR_COLOR)
                                .strong(),
                        );
                    }
                });
                row.col(|ui| {
                    bidi_line(ui, &it.name);
                });
                row.col(|ui| {
                    ui.label(format::bytes(it.size));
                });
                row.col(|ui| {
                    ui.monospace(it.sha256.get(..16).unwrap_or(&it.sha256))
                        .on_hover_text(&it.sha256);
                });
                row.col(|ui| {
                    ui.label(&it.status)
                        .on_hover_text(t!("import-row-item", id = i18n::isolate(&it.id)));
                });
            });
        });
}
