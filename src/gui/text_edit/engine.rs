//! cosmic-text inside egui: a font system built from the egui context's own fonts, layout of a
//! field's text into a [`TextLayout`], and glyphs rasterised by swash into an egui texture
//! atlas (what glyphon does for wgpu), drawn as one textured mesh per field.
//!
//! One [`Engine`] is shared by all fields of a context (in its temporary data). It keeps a
//! cosmic-text `Buffer` per field so that an edit reshapes only the lines that changed.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use cosmic_text::fontdb;
use cosmic_text::{
    Align, Attrs, AttrsList, Buffer, BufferLine, CacheKey, Fallback, Family, FontSystem,
    LayoutGlyph, LineEnding, Metrics, Shaping, SwashCache, SwashContent, Wrap,
};
use eframe::egui;
use egui::epaint::FontColorTransferFunction;
use egui::mutex::Mutex;
use egui::{Color32, ColorImage, Context, Id, Mesh, Pos2, Rect};
use unicode_segmentation::UnicodeSegmentation;

use super::layout::{Cell, Row, TextLayout};

/// Names given to the fonts of one egui family, in fallback order. cosmic-text's fallback lists
/// are `&'static str`, so the fonts are renamed to these instead of keeping their own names
/// (which also keeps two fonts with one family name apart). A chain longer than this is cut.
const FACE_NAMES: [&str; 12] = [
    "ev-te-0", "ev-te-1", "ev-te-2", "ev-te-3", "ev-te-4", "ev-te-5", "ev-te-6", "ev-te-7",
    "ev-te-8", "ev-te-9", "ev-te-10", "ev-te-11",
];

/// Falls back through the egui family's fonts in egui's order, and nothing else.
struct ChainFallback {
    count: usize,
}

impl Fallback for ChainFallback {
    fn common_fallback(&self) -> &[&'static str] {
        FACE_NAMES.get(1..self.count).unwrap_or_default()
    }

    fn forbidden_fallback(&self) -> &[&'static str] {
        &[]
    }

    fn script_fallback(&self, _script: unicode_script::Script, _locale: &str) -> &[&'static str] {
        &[]
    }
}

/// What identifies the fonts of one egui family: names and data of its chain.
#[derive(Clone, PartialEq, Eq)]
struct ChainKey {
    family: egui::FontFamily,
    fonts: Vec<(String, usize, u32)>,
}

fn chain_key(defs: &egui::FontDefinitions, family: &egui::FontFamily) -> ChainKey {
    let fonts = defs
        .families
        .get(family)
        .map(|names| {
            names
                .iter()
                .filter_map(|name| {
                    let data = defs.font_data.get(name)?;
                    Some((
                        name.clone(),
                        Arc::as_ptr(&data.font).cast::<u8>() as usize,
                        data.index,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    ChainKey {
        family: family.clone(),
        fonts,
    }
}

/// A font system holding exactly the fonts of one egui family, renamed to [`FACE_NAMES`].
fn font_system_for(defs: &egui::FontDefinitions, family: &egui::FontFamily) -> FontSystem {
    let mut db = fontdb::Database::new();
    let mut count = 0;
    let names = defs.families.get(family).cloned().unwrap_or_default();
    for name in names.iter().take(FACE_NAMES.len()) {
        let Some(data) = defs.font_data.get(name) else {
            continue;
        };
        let bytes = Arc::clone(&data.font);
        let Some(face_name) = FACE_NAMES.get(count) else {
            break;
        };
        let mut added = false;
        for id in db.load_font_source(fontdb::Source::Binary(bytes)) {
            let Some(face) = db.face(id).cloned() else {
                continue;
            };
            db.remove_face(id);
            if face.index != data.index || added {
                continue;
            }
            let mut face = face;
            face.families = vec![(
                (*face_name).to_owned(),
                fontdb::Language::English_UnitedStates,
            )];
            face.post_script_name = (*face_name).to_owned();
            face.weight = fontdb::Weight::NORMAL;
            face.style = fontdb::Style::Normal;
            face.stretch = fontdb::Stretch::Normal;
            face.monospaced = false;
            db.push_face_info(face);
            added = true;
        }
        if added {
            count += 1;
        }
    }
    FontSystem::new_with_locale_and_db_and_fallback("en-US".to_owned(), db, ChainFallback { count })
}

/// How a field's text is laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutParams {
    pub family: egui::FontFamily,
    pub font_size: f32,
    pub line_height: f32,
    /// Wrap (and right-align right-to-left lines) at this width; `None` for one unwrapped row
    /// per line, right-to-left rows then aligned to the widest row.
    pub wrap_width: Option<f32>,
    /// Direction of lines that have no strong character (empty, digits, punctuation).
    pub default_rtl: bool,
}

/// A glyph with the shift that places it in the layout's coordinates.
#[derive(Clone, Debug)]
pub struct PlacedGlyph {
    glyph: LayoutGlyph,
    dx: f32,
    baseline: f32,
    row: usize,
}

/// A laid-out text: the caret model and the glyphs to draw.
#[derive(Clone, Debug)]
pub struct LaidText {
    pub layout: Arc<TextLayout>,
    glyphs: Vec<PlacedGlyph>,
    system: usize,
}

struct FieldCache {
    text: String,
    params: LayoutParams,
    system: usize,
    buffer: Buffer,
    laid: Arc<LaidText>,
    last_used: u64,
}

/// Everything shared by the fields of one context.
pub struct Engine {
    systems: Vec<(ChainKey, FontSystem)>,
    swash: SwashCache,
    atlas: Atlas,
    fields: HashMap<Id, FieldCache>,
    frame: u64,
}

/// The engine of `ctx`, created on first use.
pub fn shared(ctx: &Context) -> Arc<Mutex<Engine>> {
    let key = Id::unique("evidence_vault::gui::text_edit::engine");
    ctx.data_mut(|data| {
        data.get_temp_mut_or_insert_with(key, || {
            Arc::new(Mutex::new(Engine {
                systems: Vec::new(),
                swash: SwashCache::new(),
                atlas: Atlas::default(),
                fields: HashMap::new(),
                frame: 0,
            }))
        })
        .clone()
    })
}

/// Unused field caches are dropped after this many frames.
const FORGET_AFTER_FRAMES: u64 = 600;

impl Engine {
    fn system_index(&mut self, ctx: &Context, family: &egui::FontFamily) -> usize {
        let key = ctx.fonts(|fonts| chain_key(fonts.definitions(), family));
        if let Some(i) = self.systems.iter().position(|(k, _)| *k == key) {
            return i;
        }
        // Fonts changed (or a new family): drop an outdated system of the same family.
        if let Some(i) = self.systems.iter().position(|(k, _)| k.family == *family) {
            self.systems.remove(i);
            self.fields.clear();
            self.atlas.clear();
        }
        let system = ctx.fonts(|fonts| font_system_for(fonts.definitions(), family));
        self.systems.push((key, system));
        self.systems.len() - 1
    }

    /// The layout of `text` for the field `id`, reusing its cached buffer.
    pub fn layout(
        &mut self,
        ctx: &Context,
        id: Id,
        text: &str,
        params: &LayoutParams,
    ) -> Arc<LaidText> {
        let frame = ctx.cumulative_pass_nr();
        if frame != self.frame {
            self.frame = frame;
            self.fields
                .retain(|_, field| frame.saturating_sub(field.last_used) < FORGET_AFTER_FRAMES);
        }
        let system = self.system_index(ctx, &params.family);
        if let Some(field) = self.fields.get_mut(&id)
            && field.text == text
            && field.params == *params
            && field.system == system
        {
            field.last_used = frame;
            return Arc::clone(&field.laid);
        }
        let Some((_, font_system)) = self.systems.get_mut(system) else {
            return Arc::new(LaidText {
                layout: Arc::new(empty_layout(params)),
                glyphs: Vec::new(),
                system,
            });
        };
        let field = self.fields.entry(id).or_insert_with(|| FieldCache {
            text: String::new(),
            params: params.clone(),
            system,
            buffer: Buffer::new_empty(Metrics::new(params.font_size, params.line_height)),
            laid: Arc::new(LaidText {
                layout: Arc::default(),
                glyphs: Vec::new(),
                system,
            }),
            last_used: frame,
        });
        if field.system != system {
            field.buffer = Buffer::new_empty(Metrics::new(params.font_size, params.line_height));
        }
        let laid = Arc::new(lay_out(
            font_system,
            &mut field.buffer,
            text,
            params,
            system,
        ));
        field.text.clear();
        field.text.push_str(text);
        field.params = params.clone();
        field.system = system;
        field.laid = Arc::clone(&laid);
        field.last_used = frame;
        laid
    }

    /// A mesh drawing `laid` with its layout origin at `origin` (in points).
    pub fn mesh(&mut self, ctx: &Context, laid: &LaidText, origin: Pos2, color: Color32) -> Mesh {
        let ppp = ctx.pixels_per_point();
        if !(origin.x.is_finite() && origin.y.is_finite()) {
            return Mesh::default();
        }
        let transfer = ctx
            .global_style()
            .visuals
            .text_options
            .color_transfer_function;
        for attempt in 0..2 {
            let texture = self.atlas.texture(ctx, transfer);
            let mut mesh = Mesh::with_texture(texture);
            let mut full = false;
            let Some((_, font_system)) = self.systems.get_mut(laid.system) else {
                return Mesh::default();
            };
            let origin_px = ((origin.x * ppp).round(), (origin.y * ppp).round());
            for placed in &laid.glyphs {
                let physical = placed.glyph.physical(
                    (
                        origin_px.0 + placed.dx * ppp,
                        origin_px.1 + (placed.baseline * ppp).round(),
                    ),
                    ppp,
                );
                let entry =
                    match self
                        .atlas
                        .get(ctx, font_system, &mut self.swash, physical.cache_key)
                    {
                        Lookup::Found(entry) => entry,
                        Lookup::Empty => continue,
                        Lookup::Full => {
                            full = true;
                            break;
                        }
                    };
                let min = Pos2::new(
                    (physical.x + entry.left) as f32 / ppp,
                    (physical.y - entry.top) as f32 / ppp,
                );
                let rect = Rect::from_min_size(
                    min,
                    egui::vec2(entry.width as f32 / ppp, entry.height as f32 / ppp),
                );
                let tint = if entry.is_color {
                    Color32::WHITE.gamma_multiply(color.a() as f32 / 255.0)
                } else {
                    color
                };
                mesh.add_rect_with_uv(rect, entry.uv, tint);
            }
            if !full {
                return mesh;
            }
            // The atlas is full: start it over and draw again (other fields redraw next frame).
            if attempt == 0 {
                self.atlas.clear();
                ctx.request_repaint();
            }
        }
        Mesh::default()
    }
}

fn empty_layout(params: &LayoutParams) -> TextLayout {
    let x = match params.wrap_width {
        Some(w) if params.default_rtl => w,
        _ => 0.0,
    };
    TextLayout {
        rows: vec![Row {
            line: 0,
            range: 0..0,
            rtl: params.default_rtl,
            top: 0.0,
            height: params.line_height,
            x0: x,
            x1: x,
            cells: Vec::new(),
        }],
        width: 0.0,
        height: params.line_height,
    }
}

/// Byte ranges of the `'\n'`-separated lines of `text`, without the `'\n'` and without a `'\r'`
/// before it.
pub fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            let end = if text[..i].ends_with('\r') { i - 1 } else { i };
            out.push(start..end);
            start = i + 1;
        }
    }
    out.push(start..text.len());
    out
}

/// Whether a line reads right to left: its first strong character, or `default_rtl` if it has
/// none.
fn line_is_rtl(line: &str, default_rtl: bool) -> bool {
    match unicode_bidi::get_base_direction(line) {
        unicode_bidi::Direction::Rtl => true,
        unicode_bidi::Direction::Ltr => false,
        unicode_bidi::Direction::Mixed => default_rtl,
    }
}

fn lay_out(
    font_system: &mut FontSystem,
    buffer: &mut Buffer,
    text: &str,
    params: &LayoutParams,
    system: usize,
) -> LaidText {
    let attrs = Attrs::new().family(Family::Name(FACE_NAMES[0]));
    let lines = line_ranges(text);

    // Sync the buffer's lines; unchanged lines keep their shaping.
    buffer.lines.truncate(lines.len());
    for (i, range) in lines.iter().enumerate() {
        let line = text.get(range.clone()).unwrap_or_default();
        let attrs_list = AttrsList::new(&attrs);
        match buffer.lines.get_mut(i) {
            Some(existing) => {
                existing.set_text(line, LineEnding::None, attrs_list);
            }
            None => buffer.lines.push(BufferLine::new(
                line,
                LineEnding::None,
                attrs_list,
                Shaping::Advanced,
            )),
        }
        if let Some(existing) = buffer.lines.get_mut(i) {
            existing.set_align(Some(Align::Left));
        }
    }
    let mut b = buffer.borrow_with(font_system);
    b.set_wrap(if params.wrap_width.is_some() {
        Wrap::WordOrGlyph
    } else {
        Wrap::None
    });
    b.set_metrics_and_size(
        Metrics::new(params.font_size, params.line_height),
        params.wrap_width,
        None,
    );

    // A white-space character hidden at a wrap is given this width.
    let hidden_space_width = params.font_size * 0.25;
    let mut rows: Vec<Row> = Vec::new();
    let mut glyphs = Vec::new();
    let mut top = 0.0_f32;
    for (line_index, range) in lines.iter().enumerate() {
        let line_text = text.get(range.clone()).unwrap_or_default();
        let rtl = line_is_rtl(line_text, params.default_rtl);
        let layout_lines = b
            .line_layout(line_index)
            .map(<[_]>::to_vec)
            .unwrap_or_default();
        let row_count = layout_lines.len().max(1);
        // Logical start of each row (relative to the line).
        let mut starts: Vec<usize> = layout_lines
            .iter()
            .map(|l| l.glyphs.iter().map(|g| g.start).min().unwrap_or(0))
            .collect();
        if let Some(first) = starts.first_mut() {
            *first = 0;
        }
        starts.resize(row_count, 0);
        for k in 0..row_count {
            let row_start = starts.get(k).copied().unwrap_or(0);
            let row_end = starts
                .get(k + 1)
                .copied()
                .unwrap_or(line_text.len())
                .max(row_start);
            let layout_line = layout_lines.get(k);
            let mut cells = layout_line
                .map(|l| cells_of(line_text, range.start, &l.glyphs))
                .unwrap_or_default();
            cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let min_x = cells.first().map_or(0.0, |c| c.x0);
            let max_x = cells.iter().map(|c| c.x1).fold(min_x, f32::max);
            let width = max_x - min_x;
            let align_width = params.wrap_width.unwrap_or(0.0);
            let offset = if rtl {
                (align_width - width).max(0.0)
            } else {
                0.0
            } - min_x;
            for cell in &mut cells {
                cell.x0 += offset;
                cell.x1 += offset;
            }
            let (mut x0, mut x1) = (min_x + offset, max_x + offset);
            // White space that the wrap hid, at the row's trailing edge.
            let shown_end = cells
                .iter()
                .map(|c| c.range.end)
                .max()
                .unwrap_or(range.start + row_start)
                .max(range.start + row_start);
            let hidden = shown_end..range.start + row_end;
            if !hidden.is_empty()
                && let Some(hidden_text) = text.get(hidden.clone())
            {
                for (i, g) in hidden_text.grapheme_indices(true) {
                    let r = hidden.start + i..hidden.start + i + g.len();
                    let cell = if rtl {
                        x0 -= hidden_space_width;
                        Cell {
                            range: r,
                            x0,
                            x1: x0 + hidden_space_width,
                            rtl: true,
                            visible: false,
                        }
                    } else {
                        x1 += hidden_space_width;
                        Cell {
                            range: r,
                            x0: x1 - hidden_space_width,
                            x1,
                            rtl: false,
                            visible: false,
                        }
                    };
                    if rtl {
                        cells.insert(0, cell);
                    } else {
                        cells.push(cell);
                    }
                }
            }
            let height = layout_line
                .and_then(|l| l.line_height_opt)
                .unwrap_or(params.line_height);
            if let Some(l) = layout_line {
                let glyph_height = l.max_ascent + l.max_descent;
                let baseline = top + (height - glyph_height) / 2.0 + l.max_ascent;
                let row = rows.len();
                glyphs.extend(l.glyphs.iter().map(|g| PlacedGlyph {
                    glyph: g.clone(),
                    dx: offset,
                    baseline,
                    row,
                }));
            }
            if cells.is_empty() {
                let edge = if rtl {
                    params.wrap_width.unwrap_or(0.0)
                } else {
                    0.0
                };
                x0 = edge;
                x1 = edge;
            }
            rows.push(Row {
                line: line_index,
                range: range.start + row_start..range.start + row_end,
                rtl,
                top,
                height,
                x0,
                x1,
                cells,
            });
            top += height;
        }
    }

    // Without a wrap width, right-to-left rows are aligned to the widest row.
    let width = rows.iter().map(|r| r.x1).fold(0.0, f32::max);
    if params.wrap_width.is_none() {
        let shifts: Vec<f32> = rows
            .iter()
            .map(|row| if row.rtl { width - row.x1 } else { 0.0 })
            .collect();
        for (row, shift) in rows.iter_mut().zip(&shifts) {
            row.x0 += shift;
            row.x1 += shift;
            for cell in &mut row.cells {
                cell.x0 += shift;
                cell.x1 += shift;
            }
        }
        for placed in &mut glyphs {
            placed.dx += shifts.get(placed.row).copied().unwrap_or(0.0);
        }
    }
    let height = rows.last().map_or(params.line_height, |r| r.top + r.height);
    LaidText {
        layout: Arc::new(TextLayout {
            rows,
            width,
            height,
        }),
        glyphs,
        system,
    }
}

/// The cells (graphemes) of one laid-out row, in the row's coordinates, unsorted.
///
/// cosmic-text gives one glyph per shaping cluster, or several with the same byte range (a
/// ligature with a mark, as in `لاً`). A cluster holding several graphemes (the lam-alef
/// ligature: two letters, one glyph) is split into equal parts, in the cluster's direction.
fn cells_of(line: &str, line_start: usize, glyphs: &[LayoutGlyph]) -> Vec<Cell> {
    let mut clusters: Vec<(Range<usize>, f32, f32, bool)> = Vec::new();
    for g in glyphs {
        let rtl = g.level.is_rtl();
        match clusters.last_mut() {
            Some((range, x0, x1, _)) if range.start == g.start && range.end == g.end => {
                *x0 = x0.min(g.x);
                *x1 = x1.max(g.x + g.w);
            }
            _ => clusters.push((g.start..g.end, g.x, g.x + g.w, rtl)),
        }
    }
    let mut cells = Vec::new();
    for (range, x0, x1, rtl) in clusters {
        let Some(cluster) = line.get(range.clone()) else {
            continue;
        };
        let graphemes: Vec<(usize, &str)> = cluster.grapheme_indices(true).collect();
        let n = graphemes.len().max(1) as f32;
        let w = (x1 - x0) / n;
        for (k, (i, g)) in graphemes.iter().enumerate() {
            let slot = if rtl { graphemes.len() - 1 - k } else { k } as f32;
            let start = line_start + range.start + i;
            cells.push(Cell {
                range: start..start + g.len(),
                x0: x0 + slot * w,
                x1: x0 + (slot + 1.0) * w,
                rtl,
                visible: true,
            });
        }
    }
    cells
}

// ----------------------------------------------------------------------------

/// A glyph's place in the atlas.
#[derive(Clone, Copy, Debug)]
struct AtlasEntry {
    uv: Rect,
    left: i32,
    top: i32,
    width: u32,
    height: u32,
    is_color: bool,
}

enum Lookup {
    Found(AtlasEntry),
    /// Nothing to draw (a space).
    Empty,
    Full,
}

const ATLAS_SIDE: usize = 1024;

/// Glyph images packed in rows ("shelves") into one egui texture.
#[derive(Default)]
struct Atlas {
    texture: Option<egui::TextureHandle>,
    transfer: Option<FontColorTransferFunction>,
    entries: HashMap<CacheKey, Option<AtlasEntry>>,
    x: usize,
    y: usize,
    shelf_height: usize,
}

impl Atlas {
    fn clear(&mut self) {
        self.entries.clear();
        self.x = 1;
        self.y = 1;
        self.shelf_height = 0;
        if let Some(texture) = &mut self.texture {
            texture.set(
                ColorImage::filled([ATLAS_SIDE, ATLAS_SIDE], Color32::TRANSPARENT),
                egui::TextureOptions::LINEAR,
            );
        }
    }

    fn texture(&mut self, ctx: &Context, transfer: FontColorTransferFunction) -> egui::TextureId {
        if self.transfer != Some(transfer) {
            self.transfer = Some(transfer);
            self.clear();
        }
        match &self.texture {
            Some(texture) => texture.id(),
            None => {
                let texture = ctx.load_texture(
                    "evidence_vault::gui::text_edit::glyphs",
                    ColorImage::filled([ATLAS_SIDE, ATLAS_SIDE], Color32::TRANSPARENT),
                    egui::TextureOptions::LINEAR,
                );
                let id = texture.id();
                self.texture = Some(texture);
                self.x = 1;
                self.y = 1;
                id
            }
        }
    }

    fn get(
        &mut self,
        _ctx: &Context,
        font_system: &mut FontSystem,
        swash: &mut SwashCache,
        key: CacheKey,
    ) -> Lookup {
        if let Some(entry) = self.entries.get(&key) {
            return entry.map_or(Lookup::Empty, Lookup::Found);
        }
        let Some(image) = swash.get_image_uncached(font_system, key) else {
            self.entries.insert(key, None);
            return Lookup::Empty;
        };
        let (w, h) = (
            image.placement.width as usize,
            image.placement.height as usize,
        );
        if w == 0 || h == 0 || w + 2 > ATLAS_SIDE || h + 2 > ATLAS_SIDE {
            self.entries.insert(key, None);
            return Lookup::Empty;
        }
        if self.x + w + 1 > ATLAS_SIDE {
            self.x = 1;
            self.y += self.shelf_height + 1;
            self.shelf_height = 0;
        }
        if self.y + h + 1 > ATLAS_SIDE {
            return Lookup::Full;
        }
        let transfer = self.transfer.unwrap_or_default();
        let (pixels, is_color): (Vec<Color32>, bool) = match image.content {
            SwashContent::Mask => (
                image
                    .data
                    .iter()
                    .map(|&a| transfer.color_from_coverage(f32::from(a) / 255.0))
                    .collect(),
                false,
            ),
            SwashContent::SubpixelMask => (
                image
                    .data
                    .chunks_exact(4)
                    .map(|p| transfer.color_from_coverage(f32::from(p[1]) / 255.0))
                    .collect(),
                false,
            ),
            SwashContent::Color => (
                image
                    .data
                    .chunks_exact(4)
                    .map(|p| Color32::from_rgba_unmultiplied(p[0], p[1], p[2], p[3]))
                    .collect(),
                true,
            ),
        };
        if pixels.len() != w * h {
            self.entries.insert(key, None);
            return Lookup::Empty;
        }
        let Some(texture) = &mut self.texture else {
            return Lookup::Empty;
        };
        texture.set_partial(
            [self.x, self.y],
            ColorImage::new([w, h], pixels),
            egui::TextureOptions::LINEAR,
        );
        let side = ATLAS_SIDE as f32;
        let entry = AtlasEntry {
            uv: Rect::from_min_max(
                Pos2::new(self.x as f32 / side, self.y as f32 / side),
                Pos2::new((self.x + w) as f32 / side, (self.y + h) as f32 / side),
            ),
            left: image.placement.left,
            top: image.placement.top,
            width: image.placement.width,
            height: image.placement.height,
            is_color,
        };
        self.x += w + 1;
        self.shelf_height = self.shelf_height.max(h);
        self.entries.insert(key, Some(entry));
        Lookup::Found(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_drop_their_breaks() {
        assert_eq!(line_ranges(""), vec![Range { start: 0, end: 0 }]);
        assert_eq!(line_ranges("a\r\nبب\n"), [0..1, 3..7, 8..8]);
        assert_eq!(line_ranges("\n"), [0..0, 1..1]);
    }

    #[test]
    fn direction_of_a_line() {
        assert!(line_is_rtl("20 قتيلاً", false));
        assert!(!line_is_rtl("W-07 قصف", true));
        assert!(line_is_rtl("١٢٣", true));
        assert!(!line_is_rtl("١٢٣", false));
        assert!(line_is_rtl("", true));
    }
}
