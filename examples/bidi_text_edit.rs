//! A window with `gui::text_edit::BidiTextEdit` fields holding mixed Arabic, Latin and digits,
//! next to egui's own `TextEdit` with the same text, to look at the widget on its own (the app
//! uses it for every text field but the passphrase).
//!
//! ```sh
//! cargo run --example bidi_text_edit
//! # headless, to a PNG (needs Xvfb and Mesa's software OpenGL):
//! xvfb-run -s "-screen 0 1000x760x24" cargo run --example bidi_text_edit -- --screenshot shot.png
//! ```

use std::sync::Arc;

use eframe::egui;
use evidence_vault::gui::bidi_label::bidi_label;
use evidence_vault::gui::fonts;
use evidence_vault::gui::text_edit::{BaseDirection, BidiTextEdit};

struct Demo {
    title: String,
    note: String,
    digits: String,
    english: String,
    empty: String,
    frames: u32,
    screenshot_to: Option<String>,
    requested: bool,
    done: Arc<std::sync::atomic::AtomicBool>,
}

impl eframe::App for Demo {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.frames == 3 {
            // As a user would: Home, seven times Left (over "شهادة", ":" and the space), then
            // Shift+Left three times, which selects the word قصف.
            let key = |key, modifiers| egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            };
            ui.ctx().input_mut(|i| {
                i.events.push(key(egui::Key::Home, egui::Modifiers::NONE));
                for _ in 0..7 {
                    i.events
                        .push(key(egui::Key::ArrowLeft, egui::Modifiers::NONE));
                }
                for _ in 0..3 {
                    i.events
                        .push(key(egui::Key::ArrowLeft, egui::Modifiers::SHIFT));
                }
            });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("BidiTextEdit (cosmic-text)");
            ui.label("Title:");
            let title = BidiTextEdit::singleline(&mut self.title)
                .label("Title")
                .desired_width(460.0)
                .show(ui);
            if self.frames == 1 {
                title.request_focus();
            }
            ui.label("Digits:");
            BidiTextEdit::singleline(&mut self.digits)
                .label("Digits")
                .base_direction(BaseDirection::RightToLeft)
                .desired_width(460.0)
                .show(ui);
            ui.label("English with Arabic inside:");
            BidiTextEdit::singleline(&mut self.english)
                .label("English")
                .desired_width(460.0)
                .show(ui);
            ui.label("Empty, right-to-left hint:");
            BidiTextEdit::singleline(&mut self.empty)
                .label("Empty")
                .hint_text("ابحث في الأرشيف")
                .base_direction(BaseDirection::RightToLeft)
                .desired_width(460.0)
                .show(ui);
            ui.label("Note (multi-line, wrapped):");
            BidiTextEdit::multiline(&mut self.note)
                .label("Note")
                .desired_width(460.0)
                .desired_rows(5)
                .show(ui);
            ui.separator();
            ui.label("For comparison, egui::TextEdit with the same title, and a bidi_label:");
            let mut copy = self.title.clone();
            ui.add(egui::TextEdit::singleline(&mut copy).desired_width(460.0));
            bidi_label(ui, &self.title);
        });

        self.frames += 1;
        if let Some(path) = self.screenshot_to.clone()
            && self.frames > 8
            && !self.requested
        {
            self.requested = true;
            let done = Arc::clone(&self.done);
            let ctx = ui.ctx().clone();
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Screenshot(
                    egui::ScreenshotCallback::new(move |image| {
                        let size = [image.size[0] as u32, image.size[1] as u32];
                        let bytes: Vec<u8> =
                            image.pixels.iter().flat_map(|c| c.to_array()).collect();
                        match image::RgbaImage::from_raw(size[0], size[1], bytes) {
                            Some(img) => match img.save(&path) {
                                Ok(()) => eprintln!("screenshot saved to {path}"),
                                Err(e) => eprintln!("could not save {path}: {e}"),
                            },
                            None => eprintln!("screenshot had an unexpected size"),
                        }
                        done.store(true, std::sync::atomic::Ordering::SeqCst);
                        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                        ctx.request_repaint();
                    }),
                ));
        }
        if self.screenshot_to.is_some() && !self.done.load(std::sync::atomic::Ordering::SeqCst) {
            ui.ctx().request_repaint();
        }
    }
}

fn main() -> eframe::Result {
    let args: Vec<String> = std::env::args().collect();
    let screenshot_to = args
        .iter()
        .position(|a| a == "--screenshot")
        .and_then(|i| args.get(i + 1).cloned());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([560.0, 700.0]),
        ..Default::default()
    };
    eframe::run_native(
        "BidiTextEdit demo",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            Ok(Box::new(Demo {
                title: "شهادة: قصف المخبز في الطبقة 20 قتيلاً (W-07)".to_owned(),
                note: "تقرير عن الطبقة في عام ٢٠١٧ من شهود RBSS داخل المدينة، وقد وثّق الفريق \
                       12 موقعاً (انظر الملحق B-3).\nSecond paragraph in English with \
                       كلمات عربية inside it."
                    .to_owned(),
                digits: "١٢٣ - ٤٥٦".to_owned(),
                english: "Report on الطبقة الثانية today".to_owned(),
                empty: String::new(),
                frames: 0,
                screenshot_to,
                requested: false,
                done: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            }))
        }),
    )
}
