//! [`BidiTextEdit`]: a text field that edits Arabic, Latin and digits mixed in one line in
//! reading order, single-line or multi-line, as a replacement for `egui::TextEdit`.
//!
//! egui 0.37 shapes Arabic but has no bidirectional layout in its editor (emilk/egui#5069,
//! #8577): `شهادة: قصف المخبز` is drawn `المخبز قصف :شهادة` and typing `١٢٣` shows `٣٢١`.
//!
//! # Engine: cosmic-text, drawn into an egui texture
//!
//! Two ways were weighed:
//!
//! - **Our own editor over egui galleys**, one layout section per bidi run as
//!   [`super::bidi_label`] does. Display order is right, but the caret needs the x of every
//!   character, and egui hides the shaper's clusters: an Arabic word of five letters comes back
//!   as nine glyphs (four empty ones appended at the right), the lam-alef ligature is one glyph
//!   for two letters, and which glyph belongs to which byte is not exposed. Caret, selection and
//!   hit testing would rest on guesses about egui internals, and line wrapping of reordered rows
//!   would have to be done by hand as well.
//! - **cosmic-text** (pop-os; the engine iced moved its editor to for RTL, iced-rs/iced#3294):
//!   HarfBuzz-compatible shaping (harfrust), the Unicode Bidirectional Algorithm per paragraph,
//!   mirroring, line breaking of the logical text before reordering, and for every glyph its
//!   byte range, bidi level and x. Its glyphs are rasterised by swash into an egui texture atlas,
//!   the way glyphon does for wgpu.
//!
//! cosmic-text is used: it gives exact geometry for the hard parts. The fonts are the egui
//! context's own font chain (for the app: egui's Ubuntu-Light and icon font, then Noto Sans
//! Arabic; see `gui::fonts`), loaded into a cosmic-text font system that falls back through
//! them in egui's order; sizes, line height, colours and the coverage-to-alpha curve are egui's,
//! so a field looks like the labels around it (glyph rasteriser aside: swash, not egui's).
//!
//! cosmic-text's own `Editor` is not used: its Left/Right move logically (flipped by paragraph
//! direction), and the field must edit the caller's `&mut String`. The editing state here is the
//! text, a caret (byte offset + affinity) and an anchor; `layout` holds the caret geometry.
//!
//! # Behaviour
//!
//! - Each `'\n'`-separated paragraph takes its direction from its first strong character (an
//!   empty paragraph, or one of digits and punctuation only, from [`BidiTextEdit::base_direction`])
//!   and is aligned to its start edge: right for Arabic.
//! - Left/Right move **visually** (see `layout`): one grapheme left or right on screen, also
//!   inside embedded runs of the other direction, as macOS, GTK and Windows do in mixed text.
//!   Ctrl+Left/Right (Alt on macOS) move by words, logically in the direction the key points in
//!   the paragraph. Home/End go to the start/end of the row in reading order (in Arabic, Home is
//!   the right edge); with Ctrl to the start/end of the text. Up/Down (multi-line) keep the
//!   column. Shift extends the selection, which is drawn over the visual spans it covers.
//! - Backspace/Delete remove one grapheme (a letter with its marks), Ctrl+Backspace/Delete a
//!   word; Ctrl+A, copy/cut/paste (egui's `Copy`/`Cut`/`Paste` events, `ctx.copy_text`),
//!   Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo.
//! - Click places the caret at the nearest grapheme edge, drag selects, double-click selects a
//!   word, triple-click a paragraph, Shift+click extends.
//! - IME: preedit text is shown underlined at the caret and replaced by the committed text.
//! - Focus: click or `request_focus` focuses, Tab moves on (never inserts a tab), Enter ends a
//!   single-line field, Escape leaves.
//! - Accessibility: role `TextInput` / `MultilineTextInput`, the label as name, the text as
//!   value, the hint as placeholder; accesskit `SetValue` and `ReplaceSelectedText` are obeyed,
//!   so screen readers and egui_kittest can set and type text.
//!
//! # Limits
//!
//! - Selection is a logical range. Where a selection crosses from one direction into the
//!   other, Shift+arrows still move the caret visually, so the selected range can jump (the
//!   offset between `7` and `)` in `(W-07)` inside Arabic is drawn both left of `W` and right of
//!   `7`); it is always drawn exactly over the characters it holds, in one or more spans.
//! - A ligature holding two graphemes (lam-alef `لا`) is one glyph: the caret between its
//!   letters is placed half-way across it, an estimate.
//! - Not done: password masking, a character limit, middle-click paste, a context menu,
//!   accesskit text-run nodes (screen readers get name, value and placeholder, not the caret
//!   position), and egui's per-font `FontTweak`s (scale, y offset) are not applied.
//! - Word movement (Ctrl+arrows) is logical, not visual.
//! - Glyphs are rasterised by swash (hinted outlines), egui's own text by its rasteriser: stems
//!   can differ by a fraction of a pixel from the labels around the field.

mod edit;
mod engine;
pub mod layout;

use std::ops::Range;
use std::sync::Arc;

use eframe::egui;
use egui::mutex::Mutex;
use egui::{
    Color32, Event, EventFilter, FontId, FontSelection, Id, ImeEvent, Key, Modifiers, Pos2, Rect,
    Response, Sense, Shape, Stroke, StrokeKind, Ui, Widget, WidgetInfo, accesskit, vec2,
};

use edit::{EditKind, History, Snapshot};
use layout::Motion;
pub use layout::{Affinity, Caret, TextLayout};

/// The direction of a field's empty paragraphs and of those without a strong character.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BaseDirection {
    #[default]
    LeftToRight,
    RightToLeft,
}

/// A bidi-correct text field over a `&mut String`. See the module docs.
#[must_use = "call .show(ui) or ui.add(...)"]
pub struct BidiTextEdit<'t> {
    text: &'t mut String,
    multiline: bool,
    hint_text: String,
    label: Option<String>,
    desired_width: Option<f32>,
    desired_rows: usize,
    font: Option<FontSelection>,
    text_color: Option<Color32>,
    base_direction: BaseDirection,
    id: Option<Id>,
    id_salt: Option<egui::IdSalt>,
    interactive: bool,
    frame: bool,
}

impl<'t> BidiTextEdit<'t> {
    /// One line; Enter ends editing, pasted line breaks become spaces.
    pub fn singleline(text: &'t mut String) -> Self {
        Self::new(text, false)
    }

    /// Several paragraphs, wrapped at the field's width.
    pub fn multiline(text: &'t mut String) -> Self {
        Self::new(text, true)
    }

    fn new(text: &'t mut String, multiline: bool) -> Self {
        Self {
            text,
            multiline,
            hint_text: String::new(),
            label: None,
            desired_width: None,
            desired_rows: if multiline { 4 } else { 1 },
            font: None,
            text_color: None,
            // An empty field starts on the side the interface reads from.
            base_direction: if super::i18n::is_rtl() {
                BaseDirection::RightToLeft
            } else {
                BaseDirection::LeftToRight
            },
            id: None,
            id_salt: None,
            interactive: true,
            frame: true,
        }
    }

    /// Shown, weak, while the text is empty; also the accessible placeholder.
    pub fn hint_text(mut self, hint: impl Into<String>) -> Self {
        self.hint_text = hint.into();
        self
    }

    /// The accessible name (what a screen reader announces, what tests find the field by).
    /// Give every field one, or tie it to a visible label with `Response::labelled_by`.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Width of the field; defaults to `spacing.text_edit_width`, never more than available.
    /// `f32::INFINITY` takes all the available width.
    pub fn desired_width(mut self, width: f32) -> Self {
        self.desired_width = Some(width);
        self
    }

    /// Minimum height in rows (multi-line).
    pub fn desired_rows(mut self, rows: usize) -> Self {
        self.desired_rows = rows.max(1);
        self
    }

    /// The font (default: the style's body text).
    pub fn font(mut self, font: impl Into<FontSelection>) -> Self {
        self.font = Some(font.into());
        self
    }

    pub fn text_color(mut self, color: Color32) -> Self {
        self.text_color = Some(color);
        self
    }

    /// Direction of empty paragraphs and of those without a strong character (by default the
    /// interface language's).
    pub fn base_direction(mut self, direction: BaseDirection) -> Self {
        self.base_direction = direction;
        self
    }

    /// The widget's id (for `request_focus` from outside and for [`snapshot`]).
    pub fn id(mut self, id: Id) -> Self {
        self.id = Some(id);
        self
    }

    pub fn id_salt(mut self, salt: impl egui::AsIdSalt) -> Self {
        self.id_salt = Some(egui::IdSalt::new(salt));
        self
    }

    /// `false`: shown, selectable by nobody, not editable.
    pub fn interactive(mut self, interactive: bool) -> Self {
        self.interactive = interactive;
        self
    }

    /// Draw the background and border (default `true`).
    pub fn frame(mut self, frame: bool) -> Self {
        self.frame = frame;
        self
    }

    /// Shows the field; the response is `changed()` when the text was edited.
    pub fn show(self, ui: &mut Ui) -> Response {
        show(self, ui)
    }
}

impl Widget for BidiTextEdit<'_> {
    fn ui(self, ui: &mut Ui) -> Response {
        self.show(ui)
    }
}

/// Per-field state kept in egui's memory between frames.
#[derive(Clone, Default)]
struct State {
    anchor: usize,
    caret: Caret,
    preferred_x: Option<f32>,
    scroll_x: f32,
    /// An IME composition is under way; the selection is the preedit text.
    composing: bool,
    last_interaction: f64,
    history: Arc<Mutex<History>>,
}

impl State {
    fn load(ctx: &egui::Context, id: Id) -> Option<Self> {
        ctx.data_mut(|d| d.get_temp(id))
    }

    fn store(self, ctx: &egui::Context, id: Id) {
        ctx.data_mut(|d| d.insert_temp(id, self));
    }

    fn selection(&self) -> Range<usize> {
        self.anchor.min(self.caret.index)..self.anchor.max(self.caret.index)
    }

    fn snapshot(&self, text: &str) -> Snapshot {
        Snapshot {
            text: text.to_owned(),
            anchor: self.anchor,
            caret: self.caret.index,
        }
    }

    /// Keeps offsets valid for `text` (which may have been changed by the caller).
    fn clamp(&mut self, text: &str) {
        self.anchor = edit::snap_to_grapheme(text, self.anchor);
        self.caret.index = edit::snap_to_grapheme(text, self.caret.index);
    }
}

/// Whether a text field (this widget or egui's own `TextEdit`) has the keyboard focus: the
/// app's shortcuts (arrows, Home/End, Ctrl+A) must leave those keys to the field then.
pub fn any_focused(ctx: &egui::Context) -> bool {
    ctx.text_edit_focused()
        || ctx
            .memory(|m| m.focused())
            .is_some_and(|id| State::load(ctx, id).is_some())
}

/// What the field showed in its last frame, in screen coordinates (points): for tests and
/// debugging, so the displayed order can be checked without reading pixels.
#[derive(Clone, Debug)]
pub struct FieldSnapshot {
    pub text: String,
    /// The layout; add [`Self::origin`] to its coordinates for screen positions.
    pub layout: Arc<TextLayout>,
    pub origin: Pos2,
    pub caret: Caret,
    pub selection: Range<usize>,
    pub has_focus: bool,
}

impl FieldSnapshot {
    /// Each row's runs in display order, left to right: logical text and whether it is drawn
    /// right to left.
    pub fn visual_runs(&self) -> Vec<Vec<(String, bool)>> {
        self.layout.visual_runs(&self.text)
    }

    /// Screen rectangle of the cells of the byte range `range` on the first row that has them.
    pub fn span_rect(&self, range: Range<usize>) -> Option<Rect> {
        let (x0, x1, r) = self.layout.span_x(range)?;
        let row = self.layout.rows.get(r)?;
        Some(Rect::from_min_max(
            Pos2::new(self.origin.x + x0, self.origin.y + row.top),
            Pos2::new(self.origin.x + x1, self.origin.y + row.top + row.height),
        ))
    }

    /// Screen rectangle of the first occurrence of `needle` in the text.
    pub fn rect_of(&self, needle: &str) -> Option<Rect> {
        let start = self.text.find(needle)?;
        self.span_rect(start..start + needle.len())
    }

    /// Where the caret is drawn, as an x in screen coordinates and a row index.
    pub fn caret_pos(&self) -> Option<(f32, usize)> {
        self.layout
            .caret_pos(self.caret)
            .map(|(x, row)| (self.origin.x + x, row))
    }
}

fn snapshot_id(id: Id) -> Id {
    id.with("bidi_text_edit_snapshot")
}

/// The last frame's [`FieldSnapshot`] of the field `id`.
pub fn snapshot(ctx: &egui::Context, id: Id) -> Option<FieldSnapshot> {
    ctx.data_mut(|d| d.get_temp::<Arc<FieldSnapshot>>(snapshot_id(id)))
        .map(|s| (*s).clone())
}

const MIN_WIDTH: f32 = 24.0;

fn show(field: BidiTextEdit<'_>, ui: &mut Ui) -> Response {
    let BidiTextEdit {
        text,
        multiline,
        hint_text,
        label,
        desired_width,
        desired_rows,
        font,
        text_color,
        base_direction,
        id,
        id_salt,
        interactive,
        frame,
    } = field;
    let ctx = ui.ctx().clone();
    let id = id.unwrap_or_else(|| match id_salt {
        Some(salt) => ui.make_persistent_id(salt),
        None => ui.next_auto_id(),
    });
    let font_id: FontId = font.unwrap_or_default().resolve(ui.style());
    let row_height = ui.fonts_mut(|f| f.row_height(&font_id));
    let margin = ui.spacing().button_padding;
    // A layout pass without a finite width (a grid's first, measuring pass) gets egui's usual
    // field width: an infinite field would have no right edge to put right-to-left text at.
    let available = Some(ui.available_width())
        .filter(|w| w.is_finite())
        .unwrap_or(ui.spacing().text_edit_width)
        .max(MIN_WIDTH);
    let width = desired_width
        .unwrap_or(ui.spacing().text_edit_width)
        .min(available)
        .max(MIN_WIDTH);
    let params = engine::LayoutParams {
        family: font_id.family.clone(),
        font_size: font_id.size,
        line_height: row_height,
        wrap_width: multiline.then(|| (width - 2.0 * margin.x).max(1.0)),
        // Paragraphs without a strong character follow the text's first strong one.
        default_rtl: first_strong_is_rtl(text)
            .unwrap_or(base_direction == BaseDirection::RightToLeft),
    };
    let engine = engine::shared(&ctx);
    let layout_of = |s: &str| engine.lock().layout(&ctx, id, s, &params);

    let mut state = State::load(&ctx, id).unwrap_or_default();
    state.clamp(text);
    let prev_text = text.clone();
    let mut laid = layout_of(text);
    let mut changed = false;

    // Assistive technologies set the whole value without focusing first.
    if interactive && let Some(value) = accesskit_set_value(ui, id) {
        let mut editor = Editor::new(text, &mut state, multiline, &mut laid, &layout_of);
        let all = 0..editor.text.len();
        editor.replace(&all, &value, EditKind::Other);
        changed = true;
    }

    let has_focus = interactive && ui.memory(|m| m.has_focus(id));
    if has_focus {
        let filter = EventFilter {
            horizontal_arrows: true,
            vertical_arrows: multiline,
            tab: false,
            escape: false,
        };
        ui.memory_mut(|m| m.set_focus_lock_filter(id, filter));
        let events = ui.input(|i| i.filtered_events(&filter));
        let mut editor = Editor::new(text, &mut state, multiline, &mut laid, &layout_of);
        for event in &events {
            match editor.on_event(ui, id, event) {
                Outcome::Changed => changed = true,
                Outcome::Moved | Outcome::Ignored => {}
                Outcome::Done => {
                    ui.memory_mut(|m| m.surrender_focus(id));
                    break;
                }
            }
        }
        editor.refresh();
    } else {
        state.composing = false;
    }

    // Size and place.
    let text_height = laid.layout.height.max(desired_rows as f32 * row_height);
    let size = vec2(width, text_height + 2.0 * margin.y);
    let (_, rect) = ui.allocate_space(size);
    let sense = if interactive {
        Sense::click_and_drag()
    } else {
        Sense::hover()
    };
    let mut response = ui.interact(rect, id, sense);
    let text_rect = rect.shrink2(margin);
    let has_focus = interactive && ui.memory(|m| m.has_focus(id));
    let origin = text_origin(&laid.layout, text_rect, multiline, has_focus, &mut state);

    // Pointer: place, drag-select, double/triple click, shift-click.
    if interactive && let Some(pos) = response.interact_pointer_pos() {
        let local = pos - origin;
        let hit = laid.layout.hit(local.x, local.y);
        let shift = ui.input(|i| i.modifiers.shift);
        if response.triple_clicked() {
            let line = edit::line_at(text, hit.index);
            state.anchor = line.start;
            state.caret = Caret::before(line.end);
        } else if response.double_clicked() {
            let word = edit::word_at(text, hit.index);
            state.anchor = word.start;
            state.caret = Caret::before(word.end);
        } else if ui.input(|i| i.pointer.any_pressed()) && response.contains_pointer() {
            state.caret = hit;
            if !shift {
                state.anchor = hit.index;
            }
        } else if response.dragged() {
            state.caret = hit;
        }
        state.preferred_x = None;
        state.composing = false;
        state.history.lock().break_group();
        state.last_interaction = ui.input(|i| i.time);
        if !has_focus {
            ui.memory_mut(|m| m.request_focus(id));
        }
    }
    if interactive && response.hovered() {
        ui.set_cursor_icon(egui::CursorIcon::Text);
    }
    let has_focus = interactive && ui.memory(|m| m.has_focus(id));

    // Paint.
    let painter = ui.painter_at(rect.expand(1.0));
    let visuals = ui.visuals().clone();
    if frame {
        let stroke = if has_focus {
            visuals.selection.stroke
        } else if response.hovered() {
            visuals.widgets.hovered.bg_stroke
        } else {
            visuals.widgets.inactive.bg_stroke
        };
        painter.rect(
            rect,
            visuals.widgets.inactive.corner_radius,
            visuals.text_edit_bg_color(),
            stroke,
            StrokeKind::Inside,
        );
    }
    // Clip sideways at the text area (a long single line scrolls), but not vertically: Arabic
    // marks and dots reach into the margins.
    let text_clip = Rect::from_x_y_ranges(text_rect.x_range().expand(1.5), rect.y_range());
    let text_painter = painter.with_clip_rect(text_clip.intersect(painter.clip_rect()));
    let selection = state.selection();
    if has_focus && !selection.is_empty() {
        let newline_width = font_id.size * 0.3;
        for (x0, x1, r) in laid
            .layout
            .selection_spans(selection.clone(), newline_width)
        {
            let Some(row) = laid.layout.rows.get(r) else {
                continue;
            };
            let span = Rect::from_min_max(
                Pos2::new(origin.x + x0, origin.y + row.top),
                Pos2::new(origin.x + x1, origin.y + row.top + row.height),
            );
            if state.composing {
                text_painter.line_segment(
                    [span.left_bottom(), span.right_bottom()],
                    Stroke::new(1.0, visuals.text_color()),
                );
            } else {
                text_painter.rect_filled(span, 0.0, visuals.selection.bg_fill);
            }
        }
    }
    let color = text_color.unwrap_or_else(|| visuals.text_color());
    if text.is_empty() && !hint_text.is_empty() {
        let hint_params = engine::LayoutParams {
            default_rtl: first_strong_is_rtl(&hint_text).unwrap_or(params.default_rtl),
            ..params.clone()
        };
        let hint = engine
            .lock()
            .layout(&ctx, id.with("hint"), &hint_text, &hint_params);
        let mut hint_state = State::default();
        let hint_origin = text_origin(&hint.layout, text_rect, multiline, false, &mut hint_state);
        let mesh = engine
            .lock()
            .mesh(&ctx, &hint, hint_origin, visuals.weak_text_color());
        text_painter.add(Shape::mesh(mesh));
    } else {
        let mesh = engine.lock().mesh(&ctx, &laid, origin, color);
        text_painter.add(Shape::mesh(mesh));
    }

    let caret_rect = laid.layout.caret_pos(state.caret).and_then(|(x, r)| {
        let row = laid.layout.rows.get(r)?;
        Some(Rect::from_min_size(
            Pos2::new(origin.x + x, origin.y + row.top),
            vec2(0.0, row.height),
        ))
    });
    if has_focus && let Some(caret_rect) = caret_rect {
        if changed || response.clicked() {
            ui.scroll_to_rect(caret_rect, None);
        }
        if interactive && !state.composing {
            let since = ui.input(|i| i.time) - state.last_interaction;
            egui::text_selection::visuals::paint_text_cursor(ui, &text_painter, caret_rect, since);
        }
        let to_global = ctx
            .layer_transform_to_global(ui.layer_id())
            .unwrap_or_default();
        ui.output_mut(|o| {
            o.ime = Some(egui::output::IMEOutput {
                purpose: egui::IMEPurpose::Normal,
                rect: to_global * rect,
                cursor_rect: to_global * caret_rect,
                should_interrupt_composition: false,
            });
        });
    }

    // Accessibility.
    if changed {
        response.mark_changed();
    }
    let role = if multiline {
        accesskit::Role::MultilineTextInput
    } else {
        accesskit::Role::TextInput
    };
    let enabled = ui.is_enabled();
    response.widget_info(|| {
        let mut info = WidgetInfo::text_edit(enabled, &prev_text, &*text, &hint_text);
        info.role = role;
        info.label = label.clone();
        info
    });
    ctx.accesskit_node_builder(id, |builder| {
        builder.set_role(role);
        if interactive {
            builder.add_action(accesskit::Action::SetValue);
            builder.add_action(accesskit::Action::ReplaceSelectedText);
        } else {
            builder.set_read_only();
        }
    });

    let snapshot = FieldSnapshot {
        text: text.clone(),
        layout: Arc::clone(&laid.layout),
        origin,
        caret: state.caret,
        selection: state.selection(),
        has_focus,
    };
    ctx.data_mut(|d| d.insert_temp(snapshot_id(id), Arc::new(snapshot)));
    state.store(&ctx, id);
    response
}

/// The direction of the first strong character of `text`, if it has one.
fn first_strong_is_rtl(text: &str) -> Option<bool> {
    match unicode_bidi::get_base_direction_full(text) {
        unicode_bidi::Direction::Rtl => Some(true),
        unicode_bidi::Direction::Ltr => Some(false),
        unicode_bidi::Direction::Mixed => None,
    }
}

/// Where the layout's (0, 0) goes on screen. A single line is centred vertically, put against
/// its start edge, and scrolled sideways to keep the caret in view when it does not fit.
fn text_origin(
    layout: &TextLayout,
    text_rect: Rect,
    multiline: bool,
    has_focus: bool,
    state: &mut State,
) -> Pos2 {
    if multiline {
        return text_rect.min;
    }
    let rtl = layout.rows.first().is_some_and(|r| r.rtl);
    let y = text_rect.min.y + ((text_rect.height() - layout.height) / 2.0).max(0.0);
    let visible = text_rect.width();
    let content = layout.width;
    if content <= visible {
        state.scroll_x = 0.0;
        let x = if rtl {
            text_rect.max.x - content
        } else {
            text_rect.min.x
        };
        return Pos2::new(x, y);
    }
    // Not NaN even when a layout pass offers no finite width (a grid's first pass).
    let max_scroll = (content - visible).max(0.0);
    if has_focus {
        if let Some((caret_x, _)) = layout.caret_pos(state.caret) {
            if caret_x - state.scroll_x < 0.0 {
                state.scroll_x = caret_x;
            } else if caret_x - state.scroll_x > visible {
                state.scroll_x = caret_x - visible;
            }
        }
    } else {
        // Unfocused: show where the text starts in reading order.
        state.scroll_x = if rtl { max_scroll } else { 0.0 };
    }
    state.scroll_x = state.scroll_x.clamp(0.0, max_scroll);
    Pos2::new(text_rect.min.x - state.scroll_x, y)
}

fn accesskit_set_value(ui: &Ui, id: Id) -> Option<String> {
    ui.input(|input| {
        input
            .accesskit_action_requests(id, accesskit::Action::SetValue)
            .filter_map(|request| match &request.data {
                Some(accesskit::ActionData::Value(value)) => Some(value.to_string()),
                _ => None,
            })
            .last()
    })
}

enum Outcome {
    Ignored,
    Moved,
    Changed,
    /// Enter in a single-line field.
    Done,
}

/// Applies input to the text and the state, keeping the layout in step with the text.
struct Editor<'a, 'b, F: Fn(&str) -> Arc<engine::LaidText>> {
    text: &'a mut String,
    state: &'a mut State,
    multiline: bool,
    laid: &'a mut Arc<engine::LaidText>,
    layout_of: &'b F,
    stale: bool,
}

impl<'a, 'b, F: Fn(&str) -> Arc<engine::LaidText>> Editor<'a, 'b, F> {
    fn new(
        text: &'a mut String,
        state: &'a mut State,
        multiline: bool,
        laid: &'a mut Arc<engine::LaidText>,
        layout_of: &'b F,
    ) -> Self {
        Self {
            text,
            state,
            multiline,
            laid,
            layout_of,
            stale: false,
        }
    }

    /// Lays out again if the text changed since the last layout.
    fn refresh(&mut self) {
        if self.stale {
            *self.laid = (self.layout_of)(self.text);
            self.stale = false;
        }
    }

    fn layout(&mut self) -> &TextLayout {
        self.refresh();
        &self.laid.layout
    }

    /// Replaces `range` by `insert` (sanitized), leaving the caret after it.
    fn replace(&mut self, range: &Range<usize>, insert: &str, kind: EditKind) {
        let insert = edit::sanitize(insert, self.multiline);
        let range = edit::clamp_range(self.text, range);
        if range.is_empty() && insert.is_empty() {
            return;
        }
        let before = self.state.snapshot(self.text);
        self.state.history.lock().before_edit(&before, kind);
        let at = edit::replace(self.text, &range, &insert);
        self.state.anchor = at;
        self.state.caret = if at == 0 {
            Caret::after(0)
        } else {
            Caret::before(at)
        };
        self.state.preferred_x = None;
        self.state.history.lock().after_edit(kind, at);
        self.stale = true;
    }

    fn delete(&mut self, range: Range<usize>) -> Outcome {
        if range.is_empty() {
            return Outcome::Ignored;
        }
        self.replace(&range, "", EditKind::Other);
        Outcome::Changed
    }

    fn set_caret(&mut self, caret: Caret, extend: bool) {
        self.state.caret = caret;
        if !extend {
            self.state.anchor = caret.index;
        }
        self.state.history.lock().break_group();
    }

    fn restore(&mut self, snapshot: Snapshot) {
        *self.text = snapshot.text;
        self.state.anchor = edit::clamp(self.text, snapshot.anchor);
        let caret = edit::clamp(self.text, snapshot.caret);
        self.state.caret = Caret::before(caret);
        self.stale = true;
    }

    fn on_event(&mut self, ui: &Ui, id: Id, event: &Event) -> Outcome {
        let outcome = self.on_event_inner(ui, id, event);
        if !matches!(outcome, Outcome::Ignored) {
            self.state.last_interaction = ui.input(|i| i.time);
        }
        outcome
    }

    fn on_event_inner(&mut self, ui: &Ui, id: Id, event: &Event) -> Outcome {
        let selection = self.state.selection();
        match event {
            Event::Copy => {
                if let Some(s) = self.text.get(selection)
                    && !s.is_empty()
                {
                    ui.ctx().copy_text(s.to_owned());
                }
                Outcome::Ignored
            }
            Event::Cut => {
                if let Some(s) = self.text.get(selection.clone())
                    && !s.is_empty()
                {
                    ui.ctx().copy_text(s.to_owned());
                    return self.delete(selection);
                }
                Outcome::Ignored
            }
            Event::Paste(s) if !s.is_empty() => {
                self.replace(&selection, s, EditKind::Other);
                Outcome::Changed
            }
            Event::Text(s) if !s.is_empty() && s != "\n" && s != "\r" => {
                self.replace(&selection, s, EditKind::Typing);
                Outcome::Changed
            }
            Event::AccessKitActionRequest(accesskit::ActionRequest {
                action: accesskit::Action::ReplaceSelectedText,
                target_node,
                data: Some(accesskit::ActionData::Value(value)),
                ..
            }) if *target_node == id.accesskit_id() => {
                self.replace(&selection, value, EditKind::Other);
                Outcome::Changed
            }
            Event::Ime(ime) => self.on_ime(ime),
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => self.on_key(*key, *modifiers),
            _ => Outcome::Ignored,
        }
    }

    fn on_ime(&mut self, ime: &ImeEvent) -> Outcome {
        let selection = self.state.selection();
        match ime {
            ImeEvent::Preedit { text, .. } | ImeEvent::Commit(text)
                if text.is_empty() && !self.state.composing =>
            {
                Outcome::Ignored
            }
            ImeEvent::Preedit { text, .. } | ImeEvent::Commit(text)
                if text == "\n" || text == "\r" =>
            {
                Outcome::Ignored
            }
            ImeEvent::Preedit { text, .. } => {
                let kind = if self.state.composing {
                    EditKind::Typing
                } else {
                    EditKind::Other
                };
                let start = selection.start;
                self.replace(&selection, text, kind);
                if !text.is_empty() {
                    self.state.anchor = start;
                }
                self.state.composing = !text.is_empty();
                Outcome::Changed
            }
            ImeEvent::Commit(text) => {
                self.state.composing = false;
                self.replace(&selection, text, EditKind::Typing);
                Outcome::Changed
            }
            ImeEvent::DeleteSurrounding {
                before_chars,
                after_chars,
            } => {
                let caret = self.state.caret.index;
                let start = self.text.get(..caret).map_or(caret, |head| {
                    head.char_indices()
                        .rev()
                        .nth(before_chars.saturating_sub(1))
                        .map_or(0, |(i, _)| i)
                });
                let start = if *before_chars == 0 { caret } else { start };
                let end = self.text.get(caret..).map_or(caret, |tail| {
                    tail.char_indices()
                        .nth(*after_chars)
                        .map_or(self.text.len(), |(i, _)| caret + i)
                });
                self.delete(start..end)
            }
            #[expect(deprecated)]
            ImeEvent::Enabled | ImeEvent::Disabled => Outcome::Ignored,
        }
    }

    fn on_key(&mut self, key: Key, modifiers: Modifiers) -> Outcome {
        let selection = self.state.selection();
        let word = modifiers.ctrl || modifiers.alt;
        let extend = modifiers.shift;
        match key {
            Key::ArrowLeft | Key::ArrowRight => {
                let right = key == Key::ArrowRight;
                if modifiers.mac_cmd {
                    let motion = if right { Motion::End } else { Motion::Home };
                    return self.motion(motion, extend);
                }
                if word {
                    let row_rtl = {
                        let caret = self.state.caret;
                        let layout = self.layout();
                        layout.rows.get(layout.row_of(caret)).is_some_and(|r| r.rtl)
                    };
                    let caret = self.state.caret.index;
                    let caret = if right != row_rtl {
                        Caret::before(edit::next_word(self.text, caret))
                    } else {
                        Caret::after(edit::prev_word(self.text, caret))
                    };
                    self.set_caret(caret, extend);
                    self.state.preferred_x = None;
                    return Outcome::Moved;
                }
                if !extend && !selection.is_empty() {
                    // Collapse to the end of the selection that is further that way on screen.
                    let a = Caret::after(selection.start);
                    let b = Caret::before(selection.end);
                    let layout = self.layout();
                    let xa = layout.caret_pos(a).map_or((0.0, 0), |p| p);
                    let xb = layout.caret_pos(b).map_or((0.0, 0), |p| p);
                    let b_is_further = if xa.1 != xb.1 {
                        xb.1 > xa.1
                    } else if right {
                        xb.0 > xa.0
                    } else {
                        xb.0 < xa.0
                    };
                    let target = if b_is_further { b } else { a };
                    self.set_caret(target, false);
                    self.state.preferred_x = None;
                    return Outcome::Moved;
                }
                self.motion(if right { Motion::Right } else { Motion::Left }, extend)
            }
            Key::Home | Key::End if modifiers.command => {
                let caret = if key == Key::Home {
                    Caret::after(0)
                } else {
                    Caret::before(self.text.len())
                };
                self.set_caret(caret, extend);
                self.state.preferred_x = None;
                Outcome::Moved
            }
            Key::Home => self.motion(Motion::Home, extend),
            Key::End => self.motion(Motion::End, extend),
            Key::ArrowUp if self.multiline => self.motion(Motion::Up, extend),
            Key::ArrowDown if self.multiline => self.motion(Motion::Down, extend),
            Key::Backspace => {
                if !selection.is_empty() {
                    return self.delete(selection);
                }
                let caret = self.state.caret.index;
                let start = if word {
                    edit::prev_word(self.text, caret)
                } else {
                    edit::prev_grapheme(self.text, caret)
                };
                self.delete(start..caret)
            }
            Key::Delete => {
                if !selection.is_empty() {
                    return self.delete(selection);
                }
                let caret = self.state.caret.index;
                let end = if word {
                    edit::next_word(self.text, caret)
                } else {
                    edit::next_grapheme(self.text, caret)
                };
                let outcome = self.delete(caret..end);
                self.state.caret = Caret::after(self.state.caret.index);
                outcome
            }
            Key::A if modifiers.command => {
                self.state.anchor = 0;
                self.state.caret = Caret::before(self.text.len());
                self.state.history.lock().break_group();
                Outcome::Moved
            }
            Key::Z if modifiers.command && modifiers.shift => self.redo(),
            Key::Y if modifiers.command => self.redo(),
            Key::Z if modifiers.command => {
                let current = self.state.snapshot(self.text);
                let previous = self.state.history.lock().undo(current);
                match previous {
                    Some(snapshot) => {
                        self.restore(snapshot);
                        Outcome::Changed
                    }
                    None => Outcome::Ignored,
                }
            }
            Key::Enter if self.multiline => {
                self.replace(&selection, "\n", EditKind::Other);
                Outcome::Changed
            }
            Key::Enter => Outcome::Done,
            _ => Outcome::Ignored,
        }
    }

    fn redo(&mut self) -> Outcome {
        let current = self.state.snapshot(self.text);
        let next = self.state.history.lock().redo(current);
        match next {
            Some(snapshot) => {
                self.restore(snapshot);
                Outcome::Changed
            }
            None => Outcome::Ignored,
        }
    }

    fn motion(&mut self, motion: Motion, extend: bool) -> Outcome {
        let caret = self.state.caret;
        let preferred = self.state.preferred_x;
        let (caret, preferred) = self.layout().move_caret(caret, motion, preferred);
        self.set_caret(caret, extend);
        self.state.preferred_x = preferred;
        Outcome::Moved
    }
}
