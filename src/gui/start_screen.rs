//! The first screen: open a recent vault, open another, create one, or try the demo; and the
//! unlock form (also where locking returns to).

use std::path::{Path, PathBuf};

use eframe::egui;
use egui::RichText;
use evidence_vault::Vault;
use zeroize::Zeroize;

use super::command::Command;
use super::file_picker::PickPurpose;
use super::i18n::{self, t};
use super::password_meter::{self, Meter};
use super::prefs::Prefs;
use super::widgets::{self, error_message, ok_message};

/// A vault that a background unlock or create produced.
pub struct Opened {
    pub vault: Vault,
    /// For the demo: the temporary folder that holds it (deleted when dropped).
    pub demo_dir: Option<tempfile::TempDir>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartMode {
    Home,
    Create,
    Unlock(PathBuf),
}

pub struct StartScreen {
    pub mode: StartMode,
    pub open_path: String,
    pub create_folder: String,
    pub documenter: String,
    pub pass1: String,
    pub pass2: String,
    pub unlock_pass: String,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub focus_passphrase: bool,
    meter: Meter,
}

impl Default for StartScreen {
    fn default() -> Self {
        Self {
            mode: StartMode::Home,
            open_path: String::new(),
            create_folder: String::new(),
            documenter: String::new(),
            pass1: String::new(),
            pass2: String::new(),
            unlock_pass: String::new(),
            error: None,
            notice: None,
            focus_passphrase: false,
            meter: Meter::default(),
        }
    }
}

impl StartScreen {
    pub fn unlock(dir: PathBuf, notice: Option<String>) -> Self {
        let mut s = Self::default();
        s.mode = StartMode::Unlock(dir);
        s.notice = notice;
        s.focus_passphrase = true;
        s
    }

    pub fn wipe_passphrases(&mut self) {
        self.pass1.zeroize();
        self.pass2.zeroize();
        self.unlock_pass.zeroize();
    }

    /// Whether the create form is complete and acceptable; `Err` says what is missing.
    pub fn create_ready(&mut self) -> Result<(), String> {
        if self.create_folder.trim().is_empty() {
            return Err(t!("create-need-folder"));
        }
        if self.pass1.chars().count() < evidence_vault::vault::MIN_PASSPHRASE_CHARS {
            return Err(password_meter::too_short(
                evidence_vault::vault::MIN_PASSPHRASE_CHARS,
            ));
        }
        let strength = self.meter.measure(
            &self.pass1,
            &[self.documenter.as_str(), "evidence", "vault"],
        );
        if strength.score < password_meter::MIN_SCORE {
            return Err(t!("meter-too-easy"));
        }
        if self.pass2.is_empty() {
            return Err(t!("meter-repeat-missing"));
        }
        if self.pass1 != self.pass2 {
            return Err(t!("meter-mismatch"));
        }
        Ok(())
    }
}

impl Drop for StartScreen {
    fn drop(&mut self) {
        self.wipe_passphrases();
    }
}

/// `busy` says what is running (unlocking, creating…): the forms are disabled meanwhile.
///
/// The page is a centred column (at most 600 points wide) on purpose; inside it, lines start at
/// the reading direction's edge and rows run in that direction. The language choice sits at its
/// foot, on every start mode.
pub fn show(
    ui: &mut egui::Ui,
    s: &mut StartScreen,
    prefs: &Prefs,
    busy: Option<&str>,
    demo_passphrase: &str,
    commands: &mut Vec<Command>,
) {
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                let width = ui.available_width().min(600.0);
                let margin = ((ui.available_width() - width) / 2.0).max(0.0);
                ui.horizontal(|ui| {
                    ui.add_space(margin);
                    let layout = egui::Layout::top_down(widgets::start_align());
                    ui.allocate_ui_with_layout(egui::vec2(width, 0.0), layout, |ui| {
                        ui.set_width(width);
                        ui.add_space(24.0);
                        ui.heading(t!("start-app-name"));
                        ui.label(t!("start-tagline"));
                        ui.add_space(12.0);
                        if let Some(n) = &s.notice {
                            ok_message(ui, n);
                            ui.add_space(8.0);
                        }
                        ui.add_enabled_ui(busy.is_none(), |ui| match s.mode.clone() {
                            StartMode::Home => home(ui, s, prefs, commands),
                            StartMode::Create => create_form(ui, s, busy.is_some(), commands),
                            StartMode::Unlock(dir) => {
                                unlock_form(ui, s, &dir, demo_passphrase, commands)
                            }
                        });
                        if let Some(what) = busy {
                            ui.add_space(8.0);
                            ui.horizontal(|ui| {
                                ui.spinner();
                                ui.label(what);
                            });
                        }
                        if let Some(e) = &s.error {
                            ui.add_space(8.0);
                            error_message(ui, e);
                        }
                        ui.add_space(24.0);
                        ui.separator();
                        widgets::language_choice(ui, prefs, commands);
                    });
                });
            });
    });
}

fn home(ui: &mut egui::Ui, s: &mut StartScreen, prefs: &Prefs, commands: &mut Vec<Command>) {
    ui.heading(t!("start-open-heading"));
    if !prefs.recent_vaults.is_empty() {
        ui.label(t!("start-recent"));
        for dir in &prefs.recent_vaults {
            ui.horizontal(|ui| {
                let label = i18n::isolate(&dir.display().to_string());
                if ui
                    .button(t!("start-open-recent", path = label.as_str()))
                    .clicked()
                {
                    commands.push(Command::ChooseVault(dir.clone()));
                }
                if ui
                    .small_button(t!("start-forget-recent", path = label.as_str()))
                    .on_hover_text(t!("start-forget-hover"))
                    .clicked()
                {
                    commands.push(Command::ForgetRecent(dir.clone()));
                }
            });
        }
    }
    if ui.add(big_button(&t!("start-open-another"))).clicked() {
        commands.push(Command::Pick(PickPurpose::OpenVault));
    }
    ui.horizontal(|ui| {
        let r = widgets::inline_field(
            ui,
            &t!("start-type-folder"),
            &mut s.open_path,
            &t!("start-folder-hint"),
            300.0,
        );
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button(t!("start-open-folder")).clicked() || enter) && !s.open_path.trim().is_empty()
        {
            commands.push(Command::ChooseVault(PathBuf::from(s.open_path.trim())));
        }
    });
    ui.add_space(16.0);
    ui.heading(t!("start-new-heading"));
    ui.horizontal(|ui| {
        if ui.add(big_button(&t!("start-create"))).clicked() {
            commands.push(Command::ShowCreateForm);
        }
        if ui
            .add(big_button(&t!("start-demo")))
            .on_hover_text(t!("start-demo-hover"))
            .clicked()
        {
            commands.push(Command::TryDemo);
        }
    });
    ui.label(RichText::new(t!("start-demo-note")).small().weak());
}

/// `busy`: the vault is being created (the form is greyed; its passphrases are already wiped,
/// so what is missing is not shown).
fn create_form(ui: &mut egui::Ui, s: &mut StartScreen, busy: bool, commands: &mut Vec<Command>) {
    if ui.button(t!("start-back")).clicked() {
        commands.push(Command::ShowHome);
    }
    ui.heading(t!("create-heading"));
    ui.label(t!("create-intro"));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(t!("create-choose-folder")).clicked() {
            commands.push(Command::Pick(PickPurpose::NewVault));
        }
        ui.label(RichText::new(t!("create-folder-note")).weak());
    });
    widgets::text_field(
        ui,
        &t!("create-folder"),
        &mut s.create_folder,
        &t!("create-folder-hint"),
    );
    widgets::text_field(
        ui,
        &t!("create-documenter"),
        &mut s.documenter,
        &t!("create-documenter-hint"),
    );
    ui.add_space(4.0);
    widgets::passphrase_field(ui, &t!("create-passphrase"), &mut s.pass1);
    let strength = s
        .meter
        .measure(&s.pass1, &[s.documenter.as_str(), "evidence", "vault"]);
    password_meter::show(ui, &s.pass1, &strength);
    let r = widgets::passphrase_field(ui, &t!("create-repeat"), &mut s.pass2);
    let ready = s.create_ready();
    ui.add_space(8.0);
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let button = ui.add_enabled(ready.is_ok(), big_button(&t!("create-button")));
    // One line saying what is still missing (a mismatch in the warning colour), none while the
    // vault is being created.
    if let (Err(why), false) = (&ready, busy) {
        let mismatch = !s.pass2.is_empty() && s.pass1 != s.pass2;
        let text = RichText::new(why);
        ui.label(if mismatch {
            text.color(widgets::WARN_COLOR)
        } else {
            text.weak()
        });
    }
    if (button.clicked() || enter) && ready.is_ok() {
        commands.push(Command::Create);
    }
}

fn unlock_form(
    ui: &mut egui::Ui,
    s: &mut StartScreen,
    dir: &Path,
    demo_passphrase: &str,
    commands: &mut Vec<Command>,
) {
    if ui.button(t!("start-back")).clicked() {
        commands.push(Command::ShowHome);
    }
    ui.heading(t!("unlock-heading"));
    widgets::bidi_line(ui, &dir.display().to_string());
    if !demo_passphrase.is_empty() {
        let passphrase = i18n::isolate(demo_passphrase);
        ui.label(t!("unlock-demo-passphrase", passphrase = passphrase));
    }
    let r = widgets::passphrase_field(ui, &t!("unlock-passphrase"), &mut s.unlock_pass);
    if s.focus_passphrase {
        r.request_focus();
        s.focus_passphrase = false;
    }
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let can = !s.unlock_pass.is_empty();
    if (ui
        .add_enabled(can, big_button(&t!("unlock-button")))
        .clicked()
        || enter)
        && can
    {
        commands.push(Command::Unlock);
    }
}

/// The start screen's main choices: large targets, easy to hit.
fn big_button(text: &str) -> egui::Button<'_> {
    egui::Button::new(RichText::new(text).size(17.0)).min_size(egui::vec2(200.0, 38.0))
}
