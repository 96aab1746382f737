//! `evidence-vault`: the documenter's window. See `evidence_vault::gui` for the app; this file only reads the
//! command line and starts eframe.

use std::path::PathBuf;

use clap::Parser;
use eframe::egui;
use evidence_vault::gui;

/// Evidence Vault: encrypted, verifiable storage for photos, files and written testimony.
#[derive(Parser)]
#[command(name = "evidence-vault", version, about)]
struct Args {
    /// A vault folder to open (asks for its passphrase), or a bundle (.tar.age) to check and
    /// import once a vault is open.
    path: Option<PathBuf>,
    /// Create and open a throwaway demo vault with sample evidence (deleted on exit).
    #[arg(long, conflicts_with = "path")]
    demo: bool,
}

/// The desktop file's name: Wayland's app_id and X11's WM_CLASS must match it (and the
/// `.desktop` file's `StartupWMClass`) for docks and task bars to show the right icon.
const APP_ID: &str = "org.evidencevault.EvidenceVault";

const ICON_PNG: &[u8] = include_bytes!("../assets/icon/evidence-vault-256.png");

fn icon() -> Option<egui::IconData> {
    let image = image::load_from_memory(ICON_PNG).ok()?.to_rgba8();
    let (width, height) = image.dimensions();
    Some(egui::IconData {
        rgba: image.into_raw(),
        width,
        height,
    })
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Evidence Vault")
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "evidence-vault",
        options,
        Box::new(move |cc| {
            gui::fonts::install(&cc.egui_ctx);
            #[cfg(unix)]
            close_on_termination_signals(&cc.egui_ctx);
            let app_options = gui::AppOptions {
                prefs: gui::load_prefs(cc.storage),
                open_path: args.path,
                demo: args.demo,
                ..Default::default()
            };
            Ok(Box::new(gui::App::new(app_options)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// A logout, `kill` or Ctrl+C in the terminal would otherwise end the process mid-frame, skipping
/// every destructor: the demo vault's temporary folder would stay behind and preferences would not
/// be saved. The first such signal closes the window the normal way (the same path as its close
/// button); a second one exits at once, in case closing is stuck.
#[cfg(unix)]
fn close_on_termination_signals(ctx: &egui::Context) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("evidence-vault: cannot watch for termination signals: {e}");
            return;
        }
    };
    let ctx = ctx.clone();
    let spawned = std::thread::Builder::new()
        .name("termination-signals".into())
        .spawn(move || {
            let mut received = signals.forever();
            if let Some(signal) = received.next() {
                evidence_vault::gui::app::TERMINATION_REQUESTED
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                ctx.request_repaint();
                if received.next().is_some() {
                    std::process::exit(128 + signal);
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!("evidence-vault: cannot watch for termination signals: {e}");
    }
}
