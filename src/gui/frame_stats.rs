//! Frame-time measurement (`EVAULT_FRAME_STATS=1`): the CPU time of each frame's `ui()` (and, in
//! the real window, eframe's own measure of the whole frame), summarised to stderr as p50 / p95 /
//! max every few seconds of activity, after each pause (a second without frames ends a "phase",
//! e.g. one scroll), and for the whole run on exit.

use std::time::{Duration, Instant};

/// How often a summary of the recent frames is printed.
const WINDOW: Duration = Duration::from_secs(5);
/// A gap this long between frames ends a phase (its summary is printed).
const GAP: Duration = Duration::from_secs(1);

#[derive(Default)]
pub struct FrameStats {
    all_ui: Vec<f32>,
    all_cpu: Vec<f32>,
    window_ui: Vec<f32>,
    window_cpu: Vec<f32>,
    window_start: Option<Instant>,
    last_frame: Option<Instant>,
}

impl FrameStats {
    /// Whether `EVAULT_FRAME_STATS=1` asks for measurements.
    pub fn from_env() -> Option<Self> {
        (std::env::var("EVAULT_FRAME_STATS").as_deref() == Ok("1")).then(Self::default)
    }

    /// Records one frame: the time spent in `ui()` and eframe's CPU time of the previous frame.
    pub fn record(&mut self, ui_time: Duration, frame_cpu: Option<f32>) {
        let now = Instant::now();
        if self.last_frame.is_some_and(|t| now - t >= GAP) && !self.window_ui.is_empty() {
            self.flush();
        }
        self.last_frame = Some(now);
        let ms = ui_time.as_secs_f32() * 1000.0;
        self.all_ui.push(ms);
        self.window_ui.push(ms);
        if let Some(cpu) = frame_cpu {
            self.all_cpu.push(cpu * 1000.0);
            self.window_cpu.push(cpu * 1000.0);
        }
        let start = *self.window_start.get_or_insert(now);
        if now - start >= WINDOW {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let secs = self
            .window_start
            .map(|t| t.elapsed().as_secs_f32())
            .unwrap_or(0.0);
        eprintln!(
            "frame stats ({secs:.1}s): {}",
            summary(&mut self.window_ui, &mut self.window_cpu)
        );
        self.window_ui.clear();
        self.window_cpu.clear();
        self.window_start = None;
    }
}

impl Drop for FrameStats {
    fn drop(&mut self) {
        if !self.window_ui.is_empty() {
            self.flush();
        }
        eprintln!(
            "frame stats (whole run): {}",
            summary(&mut self.all_ui, &mut self.all_cpu)
        );
    }
}

fn summary(ui: &mut [f32], cpu: &mut [f32]) -> String {
    format!(
        "ui() {}; whole frame (eframe cpu_usage) {}",
        percentiles(ui),
        percentiles(cpu)
    )
}

fn percentiles(v: &mut [f32]) -> String {
    if v.is_empty() {
        return "no frames".into();
    }
    v.sort_by(f32::total_cmp);
    let at = |q: f32| v[((v.len() - 1) as f32 * q).round() as usize];
    format!(
        "n={} p50={:.2}ms p95={:.2}ms max={:.2}ms",
        v.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    )
}
