//! Settings: the language and digits, the auto-lock time, whether recent vaults are remembered,
//! the offline map tiles and the vault passphrase.

use eframe::egui;

use super::super::command::Command;
use super::super::file_picker::PickPurpose;
use super::super::i18n::{self, t};
use super::super::password_meter;
use super::super::prefs::{MAX_AUTO_LOCK_MINUTES, Prefs};
use super::super::session::PassphraseForm;
use super::super::widgets::{self, error_message, ok_message};

/// `form` is the passphrase change (kept in the session so its outcome is there when Settings is
/// opened again); `running` says a change is under way.
pub fn show(
    ui: &mut egui::Ui,
    form: &mut PassphraseForm,
    running: bool,
    prefs: &Prefs,
    commands: &mut Vec<Command>,
) {
    ui.label(egui::RichText::new(t!("settings-language")).strong());
    widgets::language_choice(ui, prefs, commands);
    ui.separator();
    ui.label(t!("settings-auto-lock"));
    let mut minutes = prefs.auto_lock_minutes;
    let r = ui.add(
        egui::Slider::new(&mut minutes, 1..=MAX_AUTO_LOCK_MINUTES)
            .logarithmic(true)
            // The number in the interface's digits; typed either way.
            .custom_formatter(|n, _| i18n::number(n.round().max(0.0) as u64))
            .custom_parser(parse_number)
            .suffix(format!(" {}", t!("settings-minutes-unit")))
            .text(t!("settings-auto-lock-after")),
    );
    if r.changed() {
        commands.push(Command::SetAutoLockMinutes(minutes));
    }
    ui.add_space(8.0);
    let mut remember = prefs.remember_recent;
    if ui
        .checkbox(&mut remember, t!("settings-remember-recent"))
        .changed()
    {
        commands.push(Command::SetRememberRecent(remember));
    }
    ui.label(
        egui::RichText::new(t!("settings-remember-recent-note"))
            .small()
            .weak(),
    );
    ui.add_space(8.0);
    let mut record = prefs.record_source_paths;
    if ui
        .checkbox(&mut record, t!("settings-record-paths"))
        .changed()
    {
        commands.push(Command::SetRecordSourcePaths(record));
    }
    ui.label(
        egui::RichText::new(t!("settings-record-paths-note"))
            .small()
            .weak(),
    );
    ui.add_space(8.0);
    ui.label(
        egui::RichText::new(t!("settings-nothing-else"))
            .small()
            .weak(),
    );
    ui.separator();
    map_tiles(ui, prefs, commands);
    ui.separator();
    ui.label(egui::RichText::new(t!("settings-passphrase-heading")).strong());
    ui.label(
        egui::RichText::new(t!("settings-passphrase-note"))
            .small()
            .weak(),
    );
    ui.add_enabled_ui(!running, |ui| {
        widgets::passphrase_field(ui, &t!("settings-new-passphrase"), &mut form.new1);
        let strength = form.meter.measure(&form.new1, &[]);
        password_meter::show(ui, &form.new1, &strength);
        widgets::passphrase_field(ui, &t!("settings-repeat-new"), &mut form.new2);
    });
    let ready = password_meter::check_new(&form.new1, &form.new2, &[]);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                ready.is_ok() && !running,
                egui::Button::new(t!("settings-change")),
            )
            .clicked()
        {
            commands.push(Command::ChangePassphrase);
        }
        if running {
            ui.spinner();
            ui.label(t!("settings-changing"));
        } else if let Err(why) = &ready
            && !form.new1.is_empty()
        {
            ui.weak(why);
        }
    });
    match form.result() {
        Some(Ok(())) => ok_message(ui, &t!("settings-changed")),
        Some(Err(e)) => error_message(ui, &t!("settings-not-changed", error = e.as_str())),
        None => {}
    }
    ui.separator();
    super::close_button(ui, commands);
}

/// A number typed into the slider's field, in Latin or Arabic-Indic digits (grouping marks
/// ignored).
/// The organisation's offline tiles for the map: which file, choose another, remove.
fn map_tiles(ui: &mut egui::Ui, prefs: &Prefs, commands: &mut Vec<Command>) {
    ui.label(egui::RichText::new(t!("settings-map-tiles")).strong());
    ui.label(
        egui::RichText::new(t!("settings-map-tiles-note"))
            .small()
            .weak(),
    );
    ui.horizontal_wrapped(|ui| {
        match &prefs.map_tiles {
            Some(path) => {
                ui.label(i18n::isolate(&path.display().to_string()));
            }
            None => {
                ui.label(t!("settings-map-tiles-none"));
            }
        }
        if ui.button(t!("settings-map-tiles-choose")).clicked() {
            commands.push(Command::Pick(PickPurpose::MapTiles));
        }
        if prefs.map_tiles.is_some() && ui.button(t!("settings-map-tiles-remove")).clicked() {
            commands.push(Command::SetMapTiles(None));
        }
    });
}

fn parse_number(text: &str) -> Option<f64> {
    let latin: String = text
        .chars()
        .filter_map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from_u32('0' as u32 + (c as u32 - 0x0660)),
            '\u{06F0}'..='\u{06F9}' => char::from_u32('0' as u32 + (c as u32 - 0x06F0)),
            '\u{066B}' => Some('.'),
            ',' | '\u{066C}' | '\u{060C}' => None,
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .collect();
    latin.parse().ok()
}
