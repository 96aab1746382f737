//! The timeline: a histogram of the capture times of the current search (whatever the time
//! range chosen), zoomable from centuries down to minutes, with the incidents' dates above it.
//!
//! The wheel zooms at the pointer, a drag along the axis (or Shift+drag) moves in time, a drag
//! over the bars brushes a range: the grid and the map then show only what was captured in it
//! (the filter bar's "Captured" fields hold the range, to the minute). Items that cannot be
//! placed are counted beside it: no capture time, a capture time flagged implausible, or one
//! far from the date of an incident they are linked to (those are drawn in the warning colour).

use eframe::egui::{self, Color32, Rect, Sense, Stroke, pos2, vec2};
use evidence_vault::geo::layers::MapLayers;
use evidence_vault::timeline::{self, Step};

use super::command::Command;
use super::format;
use super::i18n::{self, t};
use super::session::{Session, TimelineBins, TimelineSpan};
use super::widgets::{self, WARN_COLOR};

const BAR_COLOR: Color32 = Color32::from_rgb(0x1F, 0x77, 0xB4);
const INCIDENT_COLOR: Color32 = Color32::from_rgb(0xD6, 0x27, 0x28);
/// Height of the axis band under the bars (its labels; a drag there moves in time).
const AXIS: f32 = 20.0;
/// Height of the incidents' band above the bars.
const INCIDENT_BAND: f32 = 10.0;
/// The closest the timeline zooms: an hour across the screen.
const MIN_SPAN_MINUTES: f64 = 60.0;
/// The farthest: four centuries.
const MAX_SPAN_MINUTES: f64 = 400.0 * 525_960.0;

/// The timeline's accessible name.
pub fn canvas_name() -> String {
    t!("timeline-canvas")
}

pub fn show(ui: &mut egui::Ui, s: &mut Session, height: f32, commands: &mut Vec<Command>) {
    let Some(layers) = s.geo.layers().cloned() else {
        ui.label(t!("map-reading"));
        return;
    };
    tool_row(ui, s, &layers, commands);
    let size = vec2(ui.available_width(), (height - 24.0).max(60.0));
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, canvas_name()));
    let Some((first, last)) = layers.time_span else {
        ui.painter_at(rect).text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            t!("timeline-empty"),
            egui::TextStyle::Body.resolve(ui.style()),
            ui.visuals().weak_text_color(),
        );
        return;
    };
    let mut span = s.geo.span.unwrap_or_else(|| fit(first, last));
    let plot = Rect::from_min_max(
        pos2(rect.left(), rect.top() + INCIDENT_BAND + 2.0),
        pos2(rect.right(), rect.bottom() - AXIS),
    );
    let alone = s.view.mode == super::prefs::ViewMode::Timeline;
    if alone || response.hovered() {
        keys(ui, &mut span);
    }
    let brushed = interact(ui, s, &mut span, rect, plot, &response);
    if let Some((a, b)) = brushed {
        commands.push(Command::SetCaptureRange(Some(range_text(a, b))));
    }
    let under_pointer = draw(ui, s, &layers, span, rect, plot, &response);
    if response.clicked()
        && let Some(id) = under_pointer
    {
        commands.push(Command::OpenIncident(id));
    }
    s.geo.span = Some(span);
}

/// A little wider than the data, never narrower than an hour.
fn fit(first: i64, last: i64) -> TimelineSpan {
    let width = ((last - first) as f64).max(MIN_SPAN_MINUTES);
    let half = width * 0.54 + 1.0;
    let middle = (first as f64 + last as f64) / 2.0;
    TimelineSpan {
        start: middle - half,
        end: middle + half,
    }
}

fn tool_row(ui: &mut egui::Ui, s: &mut Session, layers: &MapLayers, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(t!("timeline-fit"))
            .on_hover_text(t!("timeline-fit-hint"))
            .clicked()
        {
            s.geo.span = None;
        }
        let f = &s.query.filters;
        if !f.from.trim().is_empty() || !f.to.trim().is_empty() {
            ui.label(t!(
                "timeline-range",
                from = i18n::isolate(&i18n::digits(f.from.trim())),
                to = i18n::isolate(&i18n::digits(f.to.trim()))
            ));
            if ui.small_button(t!("timeline-clear-range")).clicked() {
                commands.push(Command::SetCaptureRange(None));
            }
        }
        ui.separator();
        ui.label(t!("timeline-placed", count = layers.times.len()));
        ui.label(t!("timeline-no-time", count = layers.no_time));
        if layers.implausible > 0 {
            ui.label(
                egui::RichText::new(t!("timeline-implausible", count = layers.implausible))
                    .color(WARN_COLOR),
            );
        }
        if layers.far_from_incident > 0 {
            ui.label(
                egui::RichText::new(t!("timeline-far", count = layers.far_from_incident))
                    .color(WARN_COLOR),
            )
            .on_hover_text(t!("timeline-far-hint"));
        }
        if s.geo.is_waiting() {
            ui.spinner();
        }
        if let Some(e) = s.geo.error() {
            ui.label(egui::RichText::new(e).color(widgets::ERROR_COLOR));
        }
    });
}

/// ← → move by a fifth of the span, + and - zoom at its middle (while no text field has the
/// keyboard).
fn keys(ui: &egui::Ui, span: &mut TimelineSpan) {
    use egui::Key;
    if ui.ctx().memory(|m| m.focused().is_some()) {
        return;
    }
    let width = span.end - span.start;
    let mut shift = 0.0;
    if ui.input(|i| i.key_pressed(Key::ArrowLeft)) {
        shift -= width / 5.0;
    }
    if ui.input(|i| i.key_pressed(Key::ArrowRight)) {
        shift += width / 5.0;
    }
    span.start += shift;
    span.end += shift;
    let mut factor = 1.0;
    if ui.input(|i| i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals)) {
        factor = 0.5;
    }
    if ui.input(|i| i.key_pressed(Key::Minus)) {
        factor = 2.0;
    }
    if factor != 1.0 {
        let middle = (span.start + span.end) / 2.0;
        let half = (width * factor).clamp(MIN_SPAN_MINUTES, MAX_SPAN_MINUTES) / 2.0;
        span.start = middle - half;
        span.end = middle + half;
    }
}

fn minute_at(span: TimelineSpan, rect: Rect, x: f32) -> f64 {
    span.start + (x - rect.left()) as f64 / rect.width().max(1.0) as f64 * (span.end - span.start)
}

fn x_of(span: TimelineSpan, rect: Rect, t: f64) -> f32 {
    rect.left() + ((t - span.start) / (span.end - span.start) * rect.width() as f64) as f32
}

/// Wheel and drags; returns a brushed range (minutes, start ≤ end) when a brush ends.
fn interact(
    ui: &egui::Ui,
    s: &mut Session,
    span: &mut TimelineSpan,
    rect: Rect,
    plot: Rect,
    response: &egui::Response,
) -> Option<(f64, f64)> {
    if let Some(p) = response.hover_pos() {
        let steps = widgets::wheel_zoom_steps(ui);
        if steps != 0.0 {
            let at = minute_at(*span, rect, p.x);
            let factor = 0.5f64.powf(steps);
            let width =
                ((span.end - span.start) * factor).clamp(MIN_SPAN_MINUTES, MAX_SPAN_MINUTES);
            let left = (at - span.start) / (span.end - span.start);
            span.start = at - left * width;
            span.end = span.start + width;
        }
    }
    if response.drag_started() {
        s.geo.timeline_drag_from = ui.input(|i| i.pointer.press_origin());
    }
    let origin = s.geo.timeline_drag_from;
    if response.drag_stopped() {
        s.geo.timeline_drag_from = None;
    }
    let panning = origin.is_some_and(|o| o.y > plot.bottom()) || ui.input(|i| i.modifiers.shift);
    if response.dragged() && panning {
        let per_point = (span.end - span.start) / rect.width().max(1.0) as f64;
        let d = response.drag_delta().x as f64 * per_point;
        span.start -= d;
        span.end -= d;
    }
    if response.drag_stopped()
        && !panning
        && let (Some(o), Some(now)) = (origin, ui.input(|i| i.pointer.interact_pos()))
        && (o.x - now.x).abs() > 3.0
    {
        let a = minute_at(*span, rect, o.x.min(now.x));
        let b = minute_at(*span, rect, o.x.max(now.x));
        return Some((a, b));
    }
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
        && p.y >= plot.top()
        && p.y <= plot.bottom()
    {
        // A click brushes the bar under it.
        let (step, _) = bins_for(*span, rect);
        let at = minute_at(*span, rect, p.x).floor() as i64;
        let start = step.floor(at);
        return Some((start as f64, step.next(start) as f64 - 1.0));
    }
    None
}

fn bins_for(span: TimelineSpan, rect: Rect) -> (Step, usize) {
    let max_bins = (rect.width() / 6.0).max(4.0) as usize;
    (
        timeline::choose_step(span.start.floor() as i64, span.end.ceil() as i64, max_bins),
        max_bins,
    )
}

/// The bins for this span and width, counted again only when they or the layers changed.
fn bins<'a>(
    s: &'a mut Session,
    layers: &std::sync::Arc<MapLayers>,
    span: TimelineSpan,
    width: f32,
    max_bins: usize,
) -> &'a [timeline::Bin] {
    let key = (
        span.start.to_bits(),
        span.end.to_bits(),
        width.to_bits(),
        std::sync::Arc::as_ptr(layers) as usize,
    );
    let cache = &mut s.geo.timeline_bins;
    if cache.as_ref().is_none_or(|c| c.key != key) {
        let (_, bins) = timeline::histogram(
            &layers.times,
            span.start.floor() as i64,
            span.end.ceil() as i64,
            max_bins,
        );
        *cache = Some(TimelineBins { key, bins });
    }
    cache
        .as_ref()
        .map(|c| c.bins.as_slice())
        .unwrap_or_default()
}

/// The filter's text for a brushed range: whole days as dates, else to the minute.
fn range_text(a: f64, b: f64) -> (String, String) {
    let (a, b) = (a.floor() as i64, b.floor() as i64);
    let day = 24 * 60;
    if a.rem_euclid(day) == 0 && (b + 1).rem_euclid(day) == 0 {
        (timeline::format_date(a), timeline::format_date(b))
    } else {
        (timeline::format_minute(a), timeline::format_minute(b))
    }
}

/// The brushed range as minutes `[start, end]`, if the filter holds one that reads.
fn brushed(s: &Session) -> Option<(f64, f64)> {
    let f = &s.query.filters;
    let from = format::capture_bound(&f.from).and_then(|b| timeline::to_minutes(&b));
    let to = format::capture_bound(&f.to).and_then(|b| {
        // A date covers its whole day.
        let day = b.len() == 10;
        timeline::to_minutes(&b).map(|t| if day { t + 24 * 60 - 1 } else { t })
    });
    match (from, to) {
        (None, None) => None,
        (a, b) => Some((
            a.map_or(f64::NEG_INFINITY, |v| v as f64),
            b.map_or(f64::INFINITY, |v| v as f64 + 1.0),
        )),
    }
}

/// Draws the timeline; returns the incident whose span is under the pointer, if any.
fn draw(
    ui: &egui::Ui,
    s: &mut Session,
    layers: &std::sync::Arc<MapLayers>,
    span: TimelineSpan,
    rect: Rect,
    plot: Rect,
    response: &egui::Response,
) -> Option<String> {
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    if let Some((a, b)) = brushed(s) {
        let x0 = x_of(span, plot, a.max(span.start)).max(rect.left());
        let x1 = x_of(span, plot, b.min(span.end)).min(rect.right());
        if x1 > x0 {
            let r = Rect::from_x_y_ranges(x0..=x1, rect.y_range());
            painter.rect_filled(r, 0.0, visuals.selection.bg_fill.gamma_multiply(0.35));
        }
    }
    let (step, max_bins) = bins_for(span, rect);
    let bins = bins(s, layers, span, rect.width(), max_bins);
    let top = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f32;
    let mut hovered = None;
    for b in bins {
        if b.count == 0 {
            continue;
        }
        let x0 = x_of(span, plot, b.start as f64);
        let x1 = (x_of(span, plot, b.end as f64) - 1.0).max(x0 + 1.0);
        let h = plot.height() * (b.count as f32 / top).sqrt();
        let bar = Rect::from_min_max(pos2(x0, plot.bottom() - h), pos2(x1, plot.bottom()));
        painter.rect_filled(bar, 0.0, BAR_COLOR);
        if b.marked > 0 {
            let mh = h * b.marked as f32 / b.count as f32;
            let m = Rect::from_min_max(pos2(x0, plot.bottom() - mh), pos2(x1, plot.bottom()));
            painter.rect_filled(m, 0.0, WARN_COLOR);
        }
        if let Some(p) = response.hover_pos()
            && p.x >= x0
            && p.x <= x1 + 1.0
        {
            hovered = Some(*b);
        }
    }
    let incident = incidents(&painter, layers, span, rect, plot, response);
    axis(ui, &painter, span, rect, plot);
    if let Some(b) = hovered {
        let when = i18n::digits(&bin_label(step, b.start));
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(t!("timeline-bin", when = when, count = b.count));
            if b.marked > 0 {
                ui.label(t!("timeline-bin-marked", count = b.marked));
            }
            ui.label(t!("timeline-brush-hint"));
        });
    }
    incident
}

/// The incidents' times as short red spans above the bars, with their titles on hover; returns
/// the first one under the pointer (a click opens it).
fn incidents(
    painter: &egui::Painter,
    layers: &MapLayers,
    span: TimelineSpan,
    rect: Rect,
    plot: Rect,
    response: &egui::Response,
) -> Option<String> {
    let y = rect.top() + INCIDENT_BAND / 2.0 + 1.0;
    let mut over: Vec<&evidence_vault::geo::layers::IncidentMark> = Vec::new();
    for inc in &layers.incidents {
        let Some((a, b)) = inc.range else { continue };
        let x0 = x_of(span, plot, a as f64);
        let x1 = x_of(span, plot, b as f64 + 1.0).max(x0 + 3.0);
        if x1 < rect.left() || x0 > rect.right() {
            continue;
        }
        painter.line_segment([pos2(x0, y), pos2(x1, y)], Stroke::new(5.0, INCIDENT_COLOR));
        if let Some(p) = response.hover_pos()
            && (p.y - y).abs() <= INCIDENT_BAND
            && p.x >= x0 - 2.0
            && p.x <= x1 + 2.0
        {
            over.push(inc);
        }
    }
    let first = over.first().map(|inc| inc.id.clone());
    if !over.is_empty() {
        response.clone().on_hover_ui_at_pointer(|ui| {
            for inc in &over {
                ui.label(&inc.title);
                if let Some(w) = &inc.when {
                    ui.label(i18n::digits(w));
                }
            }
            ui.label(t!("map-incident-hint"));
        });
    }
    first
}

/// Ticks and labels at a coarser step than the bars.
fn axis(ui: &egui::Ui, painter: &egui::Painter, span: TimelineSpan, rect: Rect, plot: Rect) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let ink = ui.visuals().text_color();
    let max_labels = (rect.width() / 110.0).max(2.0) as usize;
    let step = timeline::choose_step(
        span.start.floor() as i64,
        span.end.ceil() as i64,
        max_labels,
    );
    painter.line_segment(
        [
            pos2(rect.left(), plot.bottom()),
            pos2(rect.right(), plot.bottom()),
        ],
        Stroke::new(1.0, ui.visuals().weak_text_color()),
    );
    let mut t = step.floor(span.start.floor() as i64);
    let mut guard = 0;
    while (t as f64) <= span.end && guard < 200 {
        guard += 1;
        let x = x_of(span, plot, t as f64);
        if x >= rect.left() {
            painter.line_segment(
                [pos2(x, plot.bottom()), pos2(x, plot.bottom() + 4.0)],
                Stroke::new(1.0, ink),
            );
            painter.text(
                pos2(x + 2.0, plot.bottom() + 4.0),
                egui::Align2::LEFT_TOP,
                i18n::digits(&bin_label(step, t)),
                font.clone(),
                ink,
            );
        }
        t = step.next(t);
    }
}

/// A bin's or tick's label for its step: `2017`, `2017-03`, `2017-03-21`, `03-21 04:00`.
fn bin_label(step: Step, t: i64) -> String {
    let m = timeline::format_minute(t);
    match step {
        Step::Years(_) => m[..4].to_owned(),
        Step::Months(_) => m[..7].to_owned(),
        Step::Days(_) => m[..10].to_owned(),
        Step::Hours(_) | Step::Minutes(_) => format!("{} {}", &m[5..10], &m[11..16]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brush_over_whole_days_is_written_as_dates_else_to_the_minute() {
        let d = timeline::to_minutes("2017-03-20").unwrap() as f64;
        assert_eq!(
            range_text(d, d + 2.0 * 1440.0 - 1.0),
            ("2017-03-20".to_owned(), "2017-03-21".to_owned())
        );
        assert_eq!(
            range_text(d + 270.4, d + 300.0),
            ("2017-03-20T04:30".to_owned(), "2017-03-20T05:00".to_owned())
        );
    }

    #[test]
    fn fitting_pads_the_data_and_never_goes_below_an_hour() {
        let f = fit(1000, 1000);
        assert!(f.end - f.start >= MIN_SPAN_MINUTES);
        assert!(f.start < 1000.0 && f.end > 1000.0);
    }
}
