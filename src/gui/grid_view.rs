//! The thumbnail grid. Only the rows on screen are laid out (`ScrollArea::show_rows`), only their
//! items are read from the catalog, and only their thumbnails are decoded, so 100,000 items scroll
//! as smoothly as ten.

use eframe::egui;
use egui::{Color32, Rect, Sense, Vec2, pos2, vec2};
use evidence_vault::{Derived, Item, Kind, MediaTool};

use super::bidi_label::bidi_layout_job;
use super::command::{Command, DialogKind};
use super::i18n::{self, t};
use super::session::Session;
use super::thumbs::Thumb;

/// Around the thumbnail: its margin, and the two lines of text under it.
const CELL_EXTRA: Vec2 = vec2(12.0, 48.0);
const GAP: f32 = 8.0;

pub fn show(ui: &mut egui::Ui, s: &mut Session, commands: &mut Vec<Command>) {
    // Leave room for the scroll bar; spread the spare width over the cells.
    let side = s.view.thumb_side;
    let min_cell = Vec2::splat(side) + CELL_EXTRA;
    let width = ui.available_width() - ui.spacing().scroll.bar_width - 4.0;
    let columns = (((width + GAP) / (min_cell.x + GAP)).floor() as usize).max(1);
    let cell_size = vec2(
        ((width + GAP) / columns as f32 - GAP).max(min_cell.x),
        min_cell.y,
    );
    s.view.grid_columns = columns;
    let count = s.query.results().len();
    let rows = count.div_ceil(columns);
    ui.spacing_mut().item_spacing = vec2(GAP, GAP);
    let row_height = min_cell.y + GAP;

    let mut area = egui::ScrollArea::vertical()
        .auto_shrink(false)
        .id_salt("grid");
    if s.view.take_scroll_to_cursor()
        && let Some(c) = s.selection.cursor()
    {
        let y = (c / columns) as f32 * row_height;
        let (offset, height) = s.view.grid_viewport;
        if y < offset {
            area = area.vertical_scroll_offset(y);
        } else if y + row_height > offset + height {
            area = area.vertical_scroll_offset(y + row_height - height);
        }
    }
    let out = area.show_rows(ui, min_cell.y, rows, |ui, range| {
        for row in range {
            ui.horizontal(|ui| {
                for col in 0..columns {
                    let index = row * columns + col;
                    if index >= count {
                        break;
                    }
                    cell(ui, s, index, cell_size, commands);
                }
            });
        }
    });
    s.view.grid_viewport = (out.state.clamped_offset().y, out.inner_rect.height());
}

/// What a cell is called, for the screen and for screen readers.
pub fn item_label(item: &Item) -> String {
    if !item.title.trim().is_empty() {
        item.title.clone()
    } else if let Some(name) = item.original_name.as_deref().filter(|n| !n.is_empty()) {
        name.to_owned()
    } else {
        t!("grid-untitled")
    }
}

fn cell(ui: &mut egui::Ui, s: &mut Session, index: usize, size: Vec2, commands: &mut Vec<Command>) {
    let side = s.view.thumb_side;
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let item = s.query.row(index);
    let selected = s.selection.cursor() == Some(index);
    let marked = s
        .query
        .results()
        .get(index)
        .is_some_and(|r| s.selection.is_marked(r.num));
    let label = item
        .as_deref()
        .map(|r| r.label.clone())
        .unwrap_or_else(|| t!("grid-loading"));
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));

    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let painter = ui.painter_at(rect);
        let bg = if selected {
            visuals.selection.bg_fill
        } else if response.hovered() {
            visuals.widgets.hovered.weak_bg_fill
        } else {
            visuals.faint_bg_color
        };
        painter.rect_filled(rect, 6.0, bg);
        if response.has_focus() {
            painter.rect_stroke(
                rect.shrink(1.0),
                6.0,
                visuals.selection.stroke,
                egui::StrokeKind::Inside,
            );
        }
        let thumb_rect = Rect::from_min_size(
            rect.min + vec2((size.x - side) / 2.0, 6.0),
            Vec2::splat(side),
        );
        let text_color = if selected {
            visuals.selection.stroke.color
        } else {
            visuals.text_color()
        };
        match item.as_deref().map(|r| &r.item) {
            Some(item) if item.has_thumbnail => match s.thumbs.get(&item.id) {
                Thumb::Ready(texture, size) => {
                    let scale = (side / size.x).min(side / size.y);
                    let r = Rect::from_center_size(thumb_rect.center(), size * scale);
                    painter.image(
                        texture,
                        r,
                        Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                        Color32::WHITE,
                    );
                }
                Thumb::Loading => placeholder(&painter, thumb_rect, "…", visuals),
                Thumb::Failed => placeholder(&painter, thumb_rect, &t!("grid-no-preview"), visuals),
            },
            Some(item) if item.kind == Kind::Text => {
                note_tile(ui, &painter, thumb_rect, &label, visuals);
            }
            Some(item) => placeholder(&painter, thumb_rect, &placeholder_word(item), visuals),
            None => placeholder(&painter, thumb_rect, "", visuals),
        }
        let font = egui::TextStyle::Body.resolve(ui.style());
        let text_top = thumb_rect.bottom() + 4.0;
        let text_rect = Rect::from_min_max(
            pos2(rect.left() + 6.0, text_top),
            pos2(rect.right() - 6.0, rect.bottom()),
        );
        // Cut at the logical end, with "…" there: on the left for Arabic, on the right for Latin.
        let first_line = label.lines().next().unwrap_or("");
        let shown = super::widgets::fit_logical(ui, first_line, &font, text_rect.width());
        let job = bidi_layout_job(&shown, font, text_color, f32::INFINITY);
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        let x = if galley.job.halign == egui::Align::RIGHT {
            text_rect.right() - galley.rect.max.x
        } else {
            text_rect.left() - galley.rect.min.x
        };
        ui.painter_at(text_rect)
            .galley(pos2(x, text_top), galley, text_color);
        if let Some(row) = item.as_deref() {
            let small = egui::TextStyle::Small.resolve(ui.style());
            let job = bidi_layout_job(
                &row.subtitle,
                small,
                visuals.weak_text_color(),
                f32::INFINITY,
            );
            let galley = ui.fonts_mut(|f| f.layout_job(job));
            let x = if galley.job.halign == egui::Align::RIGHT {
                text_rect.right() - galley.rect.max.x
            } else {
                text_rect.left() - galley.rect.min.x
            };
            ui.painter_at(text_rect)
                .galley(pos2(x, text_top + 20.0), galley, text_color);
        }
        if marked {
            // At the far top corner: top right, top left in Arabic.
            let x = if i18n::is_rtl() {
                rect.left() + 14.0
            } else {
                rect.right() - 14.0
            };
            let c = pos2(x, rect.top() + 14.0);
            painter.circle_filled(c, 9.0, visuals.selection.bg_fill);
            painter.circle_stroke(c, 9.0, egui::Stroke::new(2.0, Color32::WHITE));
        }
    }
    if response.clicked() {
        let (toggle, range) = ui.input(|i| (i.modifiers.command, i.modifiers.shift));
        commands.push(Command::Select {
            index,
            toggle,
            range,
        });
    }
    if response.double_clicked() {
        commands.push(Command::Open(DialogKind::Viewer));
    }
}

pub fn subtitle(item: &Item) -> String {
    let date = item
        .captured_at
        .as_deref()
        .or(item.event_date.as_deref())
        .map(|d| i18n::digits(d.get(..10).unwrap_or(d)))
        .unwrap_or_default();
    match (item.case.is_empty(), date.is_empty()) {
        (false, false) => format!("{} · {date}", item.case),
        (false, true) => item.case.clone(),
        (true, false) => date,
        (true, true) => kind_word(item.kind).to_owned(),
    }
}

/// What a tile without a thumbnail says: its kind, and why there is no picture yet.
fn placeholder_word(item: &Item) -> String {
    let kind = kind_word(item.kind);
    match &item.derived {
        Derived::Pending => t!("grid-preview-pending", kind = kind),
        Derived::NeedsTool(MediaTool::Ffmpeg) => t!("grid-needs-ffmpeg", kind = kind),
        Derived::NeedsTool(MediaTool::Heif) => t!("grid-needs-libheif", kind = kind),
        Derived::Complete | Derived::Failed(_) => kind.to_owned(),
    }
}

/// The kind of an item in one word ("photo"), in the interface's language.
///
/// `&'static` so that callers can lend it anywhere: each language's five words are made once
/// and kept for the life of the process (ten short strings at most).
pub fn kind_word(kind: Kind) -> &'static str {
    type Words = Vec<(i18n::Lang, Kind, &'static str)>;
    static WORDS: std::sync::Mutex<Words> = std::sync::Mutex::new(Vec::new());
    let lang = i18n::lang();
    let mut words = WORDS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&(_, _, w)) = words.iter().find(|(l, k, _)| *l == lang && *k == kind) {
        return w;
    }
    let text = match kind {
        Kind::Photo => t!("grid-kind-photo"),
        Kind::Video => t!("grid-kind-video"),
        Kind::Audio => t!("grid-kind-sound"),
        Kind::Text => t!("grid-kind-note"),
        Kind::File => t!("grid-kind-file"),
    };
    let w: &'static str = Box::leak(text.into_boxed_str());
    words.push((lang, kind, w));
    w
}

/// A grey tile with a word, where a thumbnail would be.
pub fn placeholder(painter: &egui::Painter, rect: Rect, text: &str, visuals: &egui::Visuals) {
    painter.rect_filled(rect, 4.0, visuals.extreme_bg_color);
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::proportional(16.0),
        visuals.weak_text_color(),
    );
}

/// A note's tile: its title written on a card, in reading order.
fn note_tile(
    ui: &egui::Ui,
    painter: &egui::Painter,
    rect: Rect,
    title: &str,
    visuals: &egui::Visuals,
) {
    painter.rect_filled(rect, 4.0, visuals.extreme_bg_color);
    let inner = rect.shrink(10.0);
    let font = egui::FontId::proportional(15.0);
    let color = visuals.text_color();
    let job = ui.fonts_mut(|f| {
        super::bidi_label::bidi_layout_job_wrapped(f, title, font, color, inner.width())
    });
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let x = if galley.job.halign == egui::Align::RIGHT {
        inner.right() - galley.rect.max.x
    } else {
        inner.left() - galley.rect.min.x
    };
    painter
        .with_clip_rect(inner)
        .galley(pos2(x, inner.top()), galley, color);
    painter.text(
        pos2(rect.center().x, rect.bottom() - 12.0),
        egui::Align2::CENTER_CENTER,
        kind_word(Kind::Text),
        egui::FontId::proportional(12.0),
        visuals.weak_text_color(),
    );
}
