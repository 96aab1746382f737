//! Printing: JSON lines, human tables, and a progress line on a terminal.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use evidence_vault::{Item, Progress, ProgressSink};

/// One JSON object per line.
pub fn json_line(v: &serde_json::Value) {
    println!("{v}");
}

/// Adds `custody` (the events), `custody_verified` and `custody_problems` to a `show --json`
/// object, the same for items and incidents.
pub fn with_custody(
    v: &mut serde_json::Value,
    custody: serde_json::Value,
    problems: &[impl std::fmt::Display],
) {
    if let Some(o) = v.as_object_mut() {
        o.insert("custody".into(), custody);
        o.insert("custody_verified".into(), problems.is_empty().into());
        o.insert(
            "custody_problems".into(),
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .into(),
        );
    }
}

pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// The `list` line: ID, kind, size, capture time, case, name.
pub fn item_line(i: &Item) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        i.id,
        i.kind,
        human_size(i.size),
        i.captured_at.as_deref().unwrap_or("-"),
        if i.case.is_empty() { "-" } else { &i.case },
        i.display_name()
    )
}

/// Progress on stderr, redrawn at most 5 times a second, only when stderr is a terminal.
pub struct TermProgress {
    enabled: bool,
    last: std::sync::Mutex<Option<Instant>>,
}

impl TermProgress {
    pub fn new() -> Self {
        Self {
            enabled: std::io::stderr().is_terminal(),
            last: std::sync::Mutex::new(None),
        }
    }

    pub fn finish(&self) {
        if self.enabled {
            eprint!("\r\x1b[2K");
        }
    }
}

impl ProgressSink for TermProgress {
    fn update(&self, p: &Progress) {
        if !self.enabled {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if last.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) {
            return;
        }
        *last = Some(Instant::now());
        let eta = p
            .eta()
            .map(|d| format!(", {}s left", d.as_secs()))
            .unwrap_or_default();
        let name = p
            .current
            .as_ref()
            .and_then(|c| c.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        eprint!(
            "\r\x1b[2K{} {}/{} items, {} of {} ({}/s{eta}) {name}",
            p.phase,
            p.items_done,
            p.items_total,
            human_size(p.bytes_done),
            human_size(p.bytes_total),
            human_size(p.bytes_per_second() as u64),
        );
        let _ = std::io::stderr().flush();
    }
}
