//! What every headless GUI test needs: the window built as the app builds it (its own fonts,
//! 1280×800), and the moves a user makes through the accessibility tree.

use std::time::{Duration, Instant};

use eframe::egui;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};

use evidence_vault::gui::clock::ManualClock;
use evidence_vault::gui::file_picker::ScriptedPicker;
use evidence_vault::gui::{self, App, AppOptions};
use evidence_vault::{CreateOptions, SecretString, Vault};

pub type H = Harness<'static, App>;

/// scrypt work factor for every vault the GUI tests create: low, and said explicitly.
pub const KDF_LOG_N: u8 = 10;

/// The app with `options`, in a headless window with the app's own fonts.
pub fn harness(options: AppOptions) -> H {
    let app = App::new(options);
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(gui::fonts::install)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// The demo vault, unlocked and its 13 items listed (a manual clock, scripted file dialogs).
pub fn demo() -> H {
    let mut h = harness(AppOptions {
        picker: std::sync::Arc::new(ScriptedPicker::new()),
        clock: std::sync::Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        demo: true,
        ..Default::default()
    });
    wait_for(&mut h, "the demo vault", |h| h.state().is_unlocked());
    wait_for(&mut h, "13 demo items", |h| has(h, "13 items"));
    h
}

/// The window opened on the vault at `dir`, at its unlock form (a manual clock, scripted file
/// dialogs).
pub fn opening(dir: &std::path::Path) -> H {
    harness(AppOptions {
        picker: std::sync::Arc::new(ScriptedPicker::new()),
        clock: std::sync::Arc::new(ManualClock::new()),
        kdf_log_n: KDF_LOG_N,
        open_path: Some(dir.to_path_buf()),
        ..Default::default()
    })
}

/// Steps frames until `done` holds (background work runs on real threads), or panics after 90 s
/// with the app's own summary of its state.
pub fn wait_for(h: &mut H, what: &str, done: impl Fn(&H) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        h.step();
        if done(h) {
            // A few more frames so layouts that depend on the new state settle.
            steps(h, 3);
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for: {what}; {}",
            h.state().debug_summary()
        );
        std::thread::sleep(Duration::from_millis(15));
    }
}

pub fn steps(h: &mut H, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

/// Clicks the button named `label` through the accessibility tree.
pub fn click(h: &mut H, label: &str) {
    h.get_by_role_and_label(Role::Button, label)
        .click_accesskit();
    steps(h, 2);
}

/// Focuses the field named `label`, selects what it holds and types `text` over it.
pub fn type_into(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).focus();
    steps(h, 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    steps(h, 1);
    h.get_by_label(label).type_text(text);
    steps(h, 2);
}

/// Ctrl/Cmd + `key`.
pub fn shortcut(h: &mut H, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    steps(h, 2);
}

/// Whether a node is named exactly `label` (bidi isolation marks around quoted text aside).
pub fn has(h: &H, label: &str) -> bool {
    h.query_by_label(label).is_some() || names(h).any(|n| n == label)
}

/// Whether a node's name contains `part` (bidi isolation marks around quoted text aside).
pub fn has_part(h: &H, part: &str) -> bool {
    names(h).any(|n| n.contains(part))
}

/// Every node's name without isolation marks (a label's text is its accesskit value).
fn names(h: &H) -> impl Iterator<Item = String> + '_ {
    h.query_all(By::new()).filter_map(|n| {
        let n = n.accesskit_node();
        n.label().or_else(|| n.value()).map(|l| unisolated(&l))
    })
}

/// `text` without the FSI/PDI marks that keep quoted user text in its own direction.
pub fn unisolated(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}'))
        .collect()
}

pub fn is_enabled(h: &H, button: &str) -> bool {
    !h.get_by_role_and_label(Role::Button, button)
        .accesskit_node()
        .is_disabled()
}

/// A new vault in `dir` made through the library (documenter "Amal", scrypt at [`KDF_LOG_N`]).
pub fn new_vault(dir: &std::path::Path, passphrase: &str) -> Vault {
    Vault::create(
        dir,
        &SecretString::from(passphrase.to_owned()),
        &CreateOptions {
            documenter: "Amal".into(),
            kdf_log_n: KDF_LOG_N,
        },
    )
    .unwrap()
}
