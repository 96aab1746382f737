//! Frame-time measurement (`EVAULT_FRAME_STATS=1`): the CPU time of each frame's `ui()` (and, in
//! the real window, eframe's own measure of the whole frame), summarised to stderr every few
//! seconds and on exit as p50 / p95 / max.

use std::time::{Duration, Instant};

/// How often a summary of the recent frames is printed.
const WINDOW: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct FrameStats {
    all_ui: Vec<f32>,
    all_cpu: Vec<f32>,
    window_ui: Vec<f32>,
    window_cpu: Vec<f32>,
    window_start: Option<Instant>,
}

impl FrameStats {
    /// Whether `EVAULT_FRAME_STATS=1` asks for measurements.
    pub fn from_env() -> Option<Self> {
        (std::env::var("EVAULT_FRAME_STATS").as_deref() == Ok("1")).then(Self::default)
    }

    /// Records one frame: the time spent in `ui()` and eframe's CPU time of the previous frame.
    pub fn record(&mut self, ui_time: Duration, frame_cpu: Option<f32>) {
        let ms = ui_time.as_secs_f32() * 1000.0;
        self.all_ui.push(ms);
        self.window_ui.push(ms);
        if let Some(cpu) = frame_cpu {
            self.all_cpu.push(cpu * 1000.0);
            self.window_cpu.push(cpu * 1000.0);
        }
        let start = *self.window_start.get_or_insert_with(Instant::now);
        if start.elapsed() >= WINDOW {
            eprintln!(
                "frame stats (last {}s): {}",
                WINDOW.as_secs(),
                summary(&mut self.window_ui, &mut self.window_cpu)
            );
            self.window_ui.clear();
            self.window_cpu.clear();
            self.window_start = Some(Instant::now());
        }
    }
}

impl Drop for FrameStats {
    fn drop(&mut self) {
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
