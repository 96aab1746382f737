//! Export: what (the selection, a case or everything), to whom (public keys pasted or saved
//! contacts, and/or a passphrase), where (save dialog or typed path). At the end the bundle's
//! SHA-256 is shown to compare over another channel.

use eframe::egui;
use egui::RichText;
use zeroize::Zeroize;

use evidence_vault::SecretString;

use super::super::bundle_ops::{
    ExportDone, ExportRequest, ExportScope, looks_like_recipient, suggested_name,
};
use super::super::command::Command;
use super::super::file_picker::PickPurpose;
use super::super::format;
use super::super::i18n::{self, t};
use super::super::session::{JobKind, Session};
use super::super::text_edit::BidiTextEdit;
use super::super::widgets::{self, copy_button, error_message, ok_message};
use super::Env;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeChoice {
    Selection,
    Case,
    All,
}

pub struct ExportDialog {
    pub scope: ScopeChoice,
    pub case: String,
    /// Public keys pasted by the user, one per line.
    pub pasted: String,
    /// Which saved contacts are chosen (by position in the contact list).
    pub contacts: Vec<bool>,
    pub use_passphrase: bool,
    pub pass1: String,
    pub pass2: String,
    pub out: String,
    pub contact_name: String,
    /// How the export ended (set when its job finishes).
    result: Option<Result<ExportDone, String>>,
}

impl ExportDialog {
    pub fn new(s: &Session, contacts: usize) -> Self {
        let has_selection = !s.selection_ids().is_empty();
        let case = s
            .query
            .filters
            .case
            .clone()
            .or_else(|| {
                s.selection
                    .detail()
                    .and_then(|d| d.data.as_ref())
                    .map(|d| d.item.case.clone())
            })
            .unwrap_or_default();
        Self {
            scope: if has_selection {
                ScopeChoice::Selection
            } else {
                ScopeChoice::All
            },
            case,
            pasted: String::new(),
            contacts: vec![false; contacts],
            use_passphrase: false,
            pass1: String::new(),
            pass2: String::new(),
            out: String::new(),
            contact_name: String::new(),
            result: None,
        }
    }

    /// The export asked for, when nothing is missing. The passphrases are wiped from the form:
    /// they travel in the request only.
    pub fn take_request(&mut self, s: &Session, env: &Env<'_>) -> Result<ExportRequest, String> {
        if let Some(problem) = self.problem(s, env) {
            return Err(problem);
        }
        let request = ExportRequest {
            scope: self.scope(s),
            recipients: if self.use_passphrase {
                Vec::new()
            } else {
                self.recipients(env)
            },
            passphrase: self
                .use_passphrase
                .then(|| SecretString::from(self.pass1.clone())),
            out: std::path::PathBuf::from(self.out.trim()),
        };
        self.pass1.zeroize();
        self.pass2.zeroize();
        Ok(request)
    }

    /// The export job ended.
    pub fn finished(&mut self, result: Result<ExportDone, String>) {
        self.result = Some(result);
    }

    /// A pasted key was saved as the last contact (`contacts` in all): choose it, and take it
    /// out of the pasted keys.
    pub fn contact_saved(&mut self, contacts: usize, recipient: &str) {
        self.contacts.resize(contacts, false);
        if let Some(last) = self.contacts.last_mut() {
            *last = true;
        }
        self.pasted = self
            .pasted
            .lines()
            .filter(|l| !l.contains(recipient))
            .collect::<Vec<_>>()
            .join("\n");
    }

    /// Contact `i` was removed from the saved contacts.
    pub fn contact_removed(&mut self, i: usize) {
        if i < self.contacts.len() {
            self.contacts.remove(i);
        }
    }

    pub fn scope(&self, s: &Session) -> ExportScope {
        match self.scope {
            ScopeChoice::Selection => ExportScope::Items(s.selection_ids()),
            ScopeChoice::Case => ExportScope::Case(self.case.trim().to_owned()),
            ScopeChoice::All => ExportScope::All,
        }
    }

    /// The chosen recipients: pasted keys and chosen contacts.
    pub fn recipients(&self, env: &Env<'_>) -> Vec<String> {
        let mut out: Vec<String> = self
            .pasted
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        for (c, chosen) in env.prefs.contacts.iter().zip(&self.contacts) {
            if *chosen && !out.contains(&c.recipient) {
                out.push(c.recipient.clone());
            }
        }
        out
    }

    /// What is missing before exporting, in plain words.
    pub fn problem(&self, s: &Session, env: &Env<'_>) -> Option<String> {
        if let ExportScope::Items(ids) = self.scope(s)
            && ids.is_empty()
        {
            return Some(t!("export-problem-no-selection"));
        }
        if self.scope == ScopeChoice::Case && self.case.trim().is_empty() {
            return Some(t!("export-problem-no-case"));
        }
        let recipients = if self.use_passphrase {
            Vec::new()
        } else {
            self.recipients(env)
        };
        if let Some(bad) = recipients.iter().find(|r| !looks_like_recipient(r)) {
            let start: String = bad.chars().take(40).collect();
            return Some(t!("export-problem-not-a-key", key = i18n::isolate(&start)));
        }
        if recipients.is_empty() && !self.use_passphrase {
            return Some(t!("export-problem-no-recipient"));
        }
        if self.use_passphrase
            && let Err(e) = super::super::password_meter::check_new(&self.pass1, &self.pass2, &[])
        {
            // The same rule as for a vault: a bundle passphrase guards the same evidence.
            return Some(t!("export-problem-passphrase", error = e));
        }
        if self.out.trim().is_empty() {
            return Some(t!("export-problem-no-file"));
        }
        if !std::path::Path::new(self.out.trim()).is_absolute() {
            return Some(t!("export-problem-relative-path"));
        }
        None
    }
}

impl Drop for ExportDialog {
    fn drop(&mut self) {
        self.pass1.zeroize();
        self.pass2.zeroize();
    }
}

pub fn show(
    ui: &mut egui::Ui,
    s: &Session,
    d: &mut ExportDialog,
    env: &Env<'_>,
    commands: &mut Vec<Command>,
) {
    if !env.bundles.available() {
        error_message(ui, &t!("export-unavailable"));
        ui.separator();
        super::close_button(ui, commands);
        return;
    }
    if s.jobs.is_running(JobKind::Export) {
        widgets::progress(
            ui,
            s.jobs.progress(JobKind::Export).as_ref(),
            &t!("export-progress"),
        );
        if ui.button(t!("export-cancel")).clicked() {
            commands.push(Command::CancelJob(JobKind::Export));
        }
        return;
    }
    if let Some(result) = &d.result {
        match result {
            Ok(done) => {
                ok_message(
                    ui,
                    &t!(
                        "export-done",
                        items = format::items(done.items),
                        size = format::bytes(done.bytes)
                    ),
                );
                widgets::bidi_line(ui, &done.path.display().to_string());
                ui.add_space(6.0);
                ui.label(RichText::new(t!("export-sha256-heading")).strong());
                ui.add(egui::Label::new(RichText::new(&done.sha256).monospace()).wrap());
                copy_button(ui, &t!("export-copy-sha256"), &done.sha256, commands);
                ui.label(t!("export-sha256-advice"));
            }
            Err(e) => error_message(ui, &t!("export-failed", error = e.as_str())),
        }
        ui.separator();
        super::close_button(ui, commands);
        return;
    }

    ui.label(RichText::new(t!("export-what-heading")).strong());
    let n_sel = s.selection_ids().len();
    ui.radio_value(
        &mut d.scope,
        ScopeChoice::Selection,
        t!("export-scope-selection", count = n_sel),
    );
    ui.horizontal(|ui| {
        ui.radio_value(&mut d.scope, ScopeChoice::Case, t!("export-scope-case"));
        let selected = if d.case.is_empty() {
            t!("export-case-none")
        } else {
            d.case.clone()
        };
        widgets::combo(ui, &t!("export-case-label"), selected, 180.0, |ui| {
            for c in s.query.facets().cases.iter().filter(|c| !c.is_empty()) {
                if ui.selectable_label(d.case == *c, c.as_str()).clicked() {
                    d.case = c.clone();
                    d.scope = ScopeChoice::Case;
                }
            }
        });
    });
    ui.radio_value(
        &mut d.scope,
        ScopeChoice::All,
        t!(
            "export-scope-all",
            items = format::items(s.query.facets().total)
        ),
    );

    ui.add_space(6.0);
    ui.label(RichText::new(t!("export-who-heading")).strong());
    ui.radio_value(&mut d.use_passphrase, false, t!("export-to-keys"));
    ui.radio_value(&mut d.use_passphrase, true, t!("export-to-passphrase"));
    if d.use_passphrase {
        widgets::passphrase_field(ui, &t!("export-passphrase"), &mut d.pass1);
        widgets::passphrase_field(ui, &t!("export-passphrase-repeat"), &mut d.pass2);
        ui.label(RichText::new(t!("export-passphrase-advice")).small().weak());
    } else {
        if !env.prefs.contacts.is_empty() {
            d.contacts.resize(env.prefs.contacts.len(), false);
            for (i, c) in env.prefs.contacts.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.checkbox(
                        &mut d.contacts[i],
                        t!(
                            "export-contact",
                            name = i18n::isolate(&c.name),
                            key = i18n::isolate(c.recipient.get(..16).unwrap_or(&c.recipient))
                        ),
                    );
                    if ui
                        .small_button(t!("export-contact-remove", name = i18n::isolate(&c.name)))
                        .clicked()
                    {
                        commands.push(Command::RemoveContact(i));
                    }
                });
            }
        }
        let l = ui.label(t!("export-paste-keys"));
        ui.add(
            BidiTextEdit::multiline(&mut d.pasted)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .font(egui::TextStyle::Monospace),
        )
        .labelled_by(l.id);
        let first_pasted = d
            .pasted
            .lines()
            .map(str::trim)
            .find(|l| looks_like_recipient(l))
            .map(str::to_owned);
        if let Some(key) = first_pasted {
            ui.horizontal(|ui| {
                widgets::inline_field(
                    ui,
                    &t!("export-save-contact-label"),
                    &mut d.contact_name,
                    &t!("export-save-contact-hint"),
                    160.0,
                );
                if ui
                    .add_enabled(
                        !d.contact_name.trim().is_empty(),
                        egui::Button::new(t!("export-save-contact")),
                    )
                    .clicked()
                {
                    commands.push(Command::SaveContact {
                        name: d.contact_name.trim().to_owned(),
                        recipient: key.clone(),
                    });
                    d.contact_name.clear();
                }
            });
        }
    }

    ui.add_space(6.0);
    ui.label(RichText::new(t!("export-where-heading")).strong());
    ui.horizontal(|ui| {
        if ui.button(t!("export-choose-file")).clicked() {
            commands.push(Command::Pick(PickPurpose::SaveBundle));
        }
    });
    let hint = suggested_name(&d.scope(s));
    widgets::text_field(ui, &t!("export-file"), &mut d.out, &hint);
    ui.separator();
    let problem = d.problem(s, env);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(problem.is_none(), egui::Button::new(t!("export-start")))
            .clicked()
            && let Ok(request) = d.take_request(s, env)
        {
            commands.push(Command::StartExport(request));
        }
        super::close_button(ui, commands);
    });
    if let Some(p) = problem {
        ui.weak(p);
    }
}
