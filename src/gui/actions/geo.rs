//! What the map and the timeline change: the area and capture-range filters, the items marked
//! from the map, and the offline tile set under the map.

use std::path::Path;

use eframe::egui;
use evidence_vault::geo::GeoBox;

use super::super::i18n::{self, t};
use super::super::map::tile_cache::TileCache;
use super::super::session::Session;

/// An area drawn on the map: it filters the grid, and what it holds is marked instead of what
/// was marked before (so "Link to incident…", "Edit selection…" and export act on it).
pub fn select_area(s: &mut Session, area: GeoBox, nums: &[i64]) {
    s.query.filters.area = Some(area);
    s.selection.clear_marks();
    s.selection.mark_nums(nums, false);
    s.notices
        .info(t!("notice-area-selected", count = nums.len()));
}

/// A range brushed on the timeline goes into the Captured fields (none clears them).
pub fn set_capture_range(s: &mut Session, range: Option<(String, String)>) {
    let (from, to) = range.unwrap_or_default();
    s.query.filters.from = from;
    s.query.filters.to = to;
}

/// Opens the tile set at `path` for the map (none: the built-in basemap alone). `tell` says
/// so in the status bar (a choice in Settings); at unlock only a failure is told.
pub fn open_map_tiles(ctx: &egui::Context, s: &mut Session, path: Option<&Path>, tell: bool) {
    s.geo.tiles = None;
    let Some(path) = path else {
        if tell {
            s.notices.info(t!("notice-map-tiles-removed"));
        }
        return;
    };
    match TileCache::open(path, ctx) {
        Ok(cache) => {
            if tell {
                let info = cache.info();
                s.notices.info(t!(
                    "notice-map-tiles-added",
                    name = i18n::isolate(&info.name),
                    min = info.min_zoom as u64,
                    max = info.max_zoom as u64
                ));
            }
            s.geo.tiles = Some(cache);
        }
        Err(e) => s.notices.error(t!(
            "notice-map-tiles-failed",
            path = i18n::isolate(&path.display().to_string()),
            error = e.to_string()
        )),
    }
}
