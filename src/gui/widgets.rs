//! Small building blocks shared by the screens: labelled fields (every input gets an accessible
//! name), copy buttons, messages.

use eframe::egui;
use egui::{Color32, RichText};
pub use evidence_vault::text::bidi::has_rtl;

use super::command::Command;
use super::i18n::t;
use super::text_edit::BidiTextEdit;

pub const ERROR_COLOR: Color32 = Color32::from_rgb(0xE5, 0x48, 0x4D);
pub const OK_COLOR: Color32 = Color32::from_rgb(0x3F, 0xB9, 0x50);
pub const WARN_COLOR: Color32 = Color32::from_rgb(0xE3, 0xA0, 0x08);

/// A label above a single-line text field; the field is named by the label.
pub fn text_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    hint: &str,
) -> egui::Response {
    let l = ui.label(label);
    ui.add(
        BidiTextEdit::singleline(value)
            .label(label)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id)
}

/// A label, then a drop-down named by it.
pub fn combo<R>(
    ui: &mut egui::Ui,
    label: &str,
    selected: impl Into<egui::WidgetText>,
    width: f32,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> egui::Response {
    let need = text_width(ui, label) + ui.spacing().item_spacing.x + width;
    together(ui, need, |ui| {
        let l = ui.label(label);
        egui::ComboBox::from_id_salt(label)
            .selected_text(selected)
            .width(width)
            .show_ui(ui, add_contents)
            .response
            .labelled_by(l.id)
    })
}

/// Lays out `add` as one block of about `width` points, so that in a wrapping row a label and
/// its field move to the next line together instead of being parted.
pub fn together<R>(ui: &mut egui::Ui, width: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let size = egui::vec2(width, ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), add)
        .inner
}

/// The width of `text` in the body font, on one line.
pub fn text_width(ui: &egui::Ui, text: &str) -> f32 {
    egui::WidgetText::from(text)
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .x
}

/// A label above a multi-line text field of at least `rows` rows, named by the label.
pub fn multiline_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    rows: usize,
) -> egui::Response {
    let l = ui.label(label);
    ui.add(
        BidiTextEdit::multiline(value)
            .label(label)
            .hint_text(hint)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id)
}

/// A single-line field with its label on the same row.
pub fn inline_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    width: f32,
) -> egui::Response {
    let l = ui.label(label);
    ui.add(
        BidiTextEdit::singleline(value)
            .label(label)
            .hint_text(hint)
            .desired_width(width),
    )
    .labelled_by(l.id)
}

/// A passphrase field (masked) with its label.
pub fn passphrase_field(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    let l = ui.label(label);
    // egui's TextEdit maps its cursor through the galley: its text must stay in stored order.
    egui::epaint::text::without_pre_layout_hook(|| {
        ui.add(
            egui::TextEdit::singleline(value)
                .password(true)
                .desired_width(f32::INFINITY),
        )
    })
    .labelled_by(l.id)
}

/// A button that copies `text` to the clipboard.
pub fn copy_button(ui: &mut egui::Ui, label: &str, text: &str, commands: &mut Vec<Command>) {
    if ui
        .button(label)
        .on_hover_text(t!("widget-copy-hover"))
        .clicked()
    {
        commands.push(Command::Copy(text.to_owned()));
    }
}

pub fn error_message(ui: &mut egui::Ui, text: &str) {
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, ERROR_COLOR))
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(text).color(ERROR_COLOR)).wrap());
        });
}

pub fn ok_message(ui: &mut egui::Ui, text: &str) {
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, OK_COLOR))
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(text).color(OK_COLOR)).wrap());
        });
}

/// A progress bar with a plain summary line under it.
pub fn progress(ui: &mut egui::Ui, p: Option<&evidence_vault::Progress>, what: &str) {
    use super::format;
    let Some(p) = p else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t!("widget-progress-starting", what = what));
        });
        return;
    };
    ui.add(
        egui::ProgressBar::new(p.fraction())
            .show_percentage()
            .desired_width(ui.available_width().min(600.0)),
    );
    let (w, d, n) = (what, p.items_done, p.items_total);
    let mut line = t!("widget-progress-items", what = w, done = d, total = n);
    if p.bytes_total > 0 {
        let (done, total) = (format::bytes(p.bytes_done), format::bytes(p.bytes_total));
        line.push_str(" · ");
        line.push_str(&t!("widget-progress-bytes", done = done, total = total));
        let rate = p.bytes_per_second();
        if rate > 0.0 {
            line.push_str(" · ");
            let size = format::bytes(rate as u64);
            line.push_str(&t!("widget-progress-rate", size = size));
        }
        if let Some(eta) = p.eta().filter(|_| p.bytes_done > 0) {
            line.push_str(" · ");
            let duration = format::duration(eta);
            line.push_str(&t!("widget-progress-left", duration = duration));
        }
    }
    ui.label(line);
    if let Some(current) = &p.current {
        ui.horizontal(|ui| {
            ui.label(RichText::new(t!("widget-progress-now")).small().weak());
            bidi_line(ui, &current.display().to_string());
        });
    }
}

/// One line of user content (a title, a file name, a path) in reading order, cut to the available
/// width. Screen readers get the logical text.
pub fn bidi_line(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let font = egui::FontSelection::Default.resolve(ui.style());
    let line = text.lines().next().unwrap_or("");
    let shown = if has_rtl(line) {
        fit_logical(ui, line, &font, ui.available_width())
    } else {
        line.to_owned()
    };
    let job = super::bidi_label::bidi_layout_job(&shown, font, Color32::PLACEHOLDER, f32::INFINITY);
    let response = ui.add(egui::Label::new(job).truncate().selectable(false));
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, enabled, text));
    response
}

/// The longest logical beginning of `line` that fits in `width` (with "…" when cut). egui cuts a
/// too-long label at its right edge, which for right-to-left text would hide its beginning; this
/// cuts the logical end instead, before reordering.
pub fn fit_logical(ui: &egui::Ui, line: &str, font: &egui::FontId, width: f32) -> String {
    let measure = |s: &str| {
        let job = super::bidi_label::bidi_layout_job(
            s,
            font.clone(),
            Color32::PLACEHOLDER,
            f32::INFINITY,
        );
        ui.fonts_mut(|f| f.layout_job(job)).size().x
    };
    let full = measure(line);
    if !width.is_finite() || full <= width {
        return line.to_owned();
    }
    // Start from the proportional estimate and shorten by a tenth until it fits: usually one or
    // two layouts (this runs for every visible row of the table).
    let ends: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
    let mut keep = ((ends.len() as f32) * (width / full) * 0.95) as usize;
    loop {
        if keep == 0 {
            return "…".to_owned();
        }
        let cut = ends.get(keep).copied().unwrap_or(line.len());
        let candidate = format!("{}…", &line[..cut]);
        if measure(&candidate) <= width {
            return candidate;
        }
        keep = keep * 9 / 10;
    }
}

/// "Captured from [date] to [date]", kept on one line.
pub fn date_range(ui: &mut egui::Ui, label: &str, from: &mut String, to: &mut String) {
    date_fields(ui, label, from, to, false);
}

/// How many doublings of scale the wheel (or a pinch) asks for this frame over a zoomable view
/// (the map, the timeline): about two thirds of one per wheel notch.
pub fn wheel_zoom_steps(ui: &egui::Ui) -> f64 {
    let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
    scroll.y as f64 / 240.0 + zoom.log2() as f64
}

/// The Captured fields: days, or minutes as the timeline writes a brushed range
/// (`2017-03-21T04:30`).
pub fn capture_range(ui: &mut egui::Ui, label: &str, from: &mut String, to: &mut String) {
    date_fields(ui, label, from, to, true);
}

fn date_fields(ui: &mut egui::Ui, label: &str, from: &mut String, to: &mut String, minutes: bool) {
    let to_the_minute = minutes && (from.trim().len() > 10 || to.trim().len() > 10);
    let width: f32 = if to_the_minute { 150.0 } else { 112.0 };
    let gap = ui.spacing().item_spacing.x;
    let to_label = t!("widget-date-to");
    let need = text_width(ui, label) + text_width(ui, &to_label) + 2.0 * (width + 8.0) + 3.0 * gap;
    together(ui, need, |ui| {
        labelled_date(ui, label, from, width, minutes);
        labelled_date(ui, &to_label, to, width, minutes);
    });
}

fn labelled_date(ui: &mut egui::Ui, label: &str, value: &mut String, width: f32, minutes: bool) {
    let l = ui.label(label);
    let reads = if minutes {
        super::format::capture_bound(value).is_some()
    } else {
        super::format::is_date(value.trim())
    };
    let bad = !value.trim().is_empty() && !reads;
    let mut edit = BidiTextEdit::singleline(value)
        .label(label)
        .hint_text("YYYY-MM-DD")
        .desired_width(width);
    if bad {
        edit = edit.text_color(ERROR_COLOR);
    }
    let r = ui.add(edit).labelled_by(l.id);
    if bad {
        r.on_hover_text(if minutes {
            t!("widget-capture-invalid")
        } else {
            t!("widget-date-invalid")
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Mirrored layout. In Arabic the interface reads from the right: a column's widgets hug its right
// edge and rows run right to left. egui's `ui.horizontal` already follows the column it is in
// (a column aligned right gives rows from the right), so each panel and dialog body starts with
// [`column`], nested columns use [`vertical`], and "push to the far end" uses [`far_end`].

/// A column at the interface's start edge (left in English, right in Arabic) for `add`.
pub fn column<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.with_layout(egui::Layout::top_down(start_align_in(ui)), add)
        .inner
}

/// [`start_align`], but the left in a ui without a right edge (a measuring pass of unbounded
/// width), where aligning to the right would place widgets at infinity.
fn start_align_in(ui: &egui::Ui) -> egui::Align {
    if ui.max_rect().right().is_finite() {
        start_align()
    } else {
        egui::Align::Min
    }
}

/// As `ui.vertical`, mirrored in Arabic.
pub fn vertical<R>(
    ui: &mut egui::Ui,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> egui::InnerResponse<R> {
    ui.allocate_ui_with_layout(
        egui::vec2(ui.available_size_before_wrap().x, 0.0),
        egui::Layout::top_down(start_align_in(ui)),
        add,
    )
}

/// The rest of a row from its far end (the right in English, the left in Arabic): for buttons
/// that sit at the end of a toolbar or status bar.
pub fn far_end<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let layout = if super::i18n::is_rtl() {
        egui::Layout::left_to_right(egui::Align::Center)
    } else {
        egui::Layout::right_to_left(egui::Align::Center)
    };
    ui.with_layout(layout, add).inner
}

/// Where lines and columns start: left in English, right in Arabic.
pub fn start_align() -> egui::Align {
    if super::i18n::is_rtl() {
        egui::Align::Max
    } else {
        egui::Align::Min
    }
}

/// A "forward" arrow (next item, go on): `›`, which the bidi algorithm mirrors in a
/// right-to-left sentence, so it points the way the reader goes in both languages (egui's fonts
/// have no other arrow).
pub fn forward_arrow() -> &'static str {
    "›"
}

/// A "back" arrow (previous item): `‹`, mirrored in right-to-left text like [`forward_arrow`].
pub fn back_arrow() -> &'static str {
    "‹"
}

/// The language and digits choice (start screen and Settings): applies at once.
pub fn language_choice(
    ui: &mut egui::Ui,
    prefs: &super::prefs::Prefs,
    commands: &mut Vec<Command>,
) {
    use super::i18n::{Digits, Lang, t};
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("language-label"));
        let system = t!("language-system", name = Lang::from_env().native_name());
        let shown = match prefs.language {
            None => system.clone(),
            Some(l) => l.native_name().to_owned(),
        };
        egui::ComboBox::from_id_salt("language")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(prefs.language.is_none(), system)
                    .clicked()
                {
                    commands.push(Command::SetLanguage(None));
                }
                for l in Lang::ALL {
                    if ui
                        .selectable_label(prefs.language == Some(l), l.native_name())
                        .clicked()
                    {
                        commands.push(Command::SetLanguage(Some(l)));
                    }
                }
            })
            .response
            .widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::ComboBox, true, t!("language-label"))
            });
        ui.label(t!("digits-label"));
        for (d, label) in [
            (Digits::Native, t!("digits-native")),
            (Digits::Latin, "0123456789".to_owned()),
            (Digits::ArabicIndic, "٠١٢٣٤٥٦٧٨٩".to_owned()),
        ] {
            if ui.radio(prefs.digits == d, label).clicked() {
                commands.push(Command::SetDigits(d));
            }
        }
    });
}
