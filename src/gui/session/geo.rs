//! The map's and the timeline's side of the window: the layers read for the current filters
//! (points with GPS, capture times, incidents), where the map looks, the timeline's visible
//! span and the organisation's offline tile set.
//!
//! Like [`super::Query`], this part only sends requests to the catalog reader and takes in the
//! replies; the layers are read only while the map or the timeline is on screen.

use std::sync::Arc;

use evidence_vault::ListQuery;
use evidence_vault::geo::layers::MapLayers;

use super::super::i18n::t;
use super::super::map::camera::Camera;
use super::super::map::tile_cache::TileCache;
use super::super::reader::{ReadRequest, Reader};

/// The timeline's visible span, in minutes of local wall time (`None`: fit the data).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TimelineSpan {
    pub start: f64,
    pub end: f64,
}

/// The timeline's bins as last counted, and for what: counting 100,000 times is done when the
/// span, the width or the layers change, not on every frame.
pub struct TimelineBins {
    pub key: (u64, u64, u32, usize),
    pub bins: Vec<evidence_vault::timeline::Bin>,
}

#[derive(Default)]
pub struct Geo {
    generation: u64,
    /// The search (by its generation in [`super::Query`]) the layers were last asked for.
    sent_for: Option<u64>,
    layers: Option<Arc<MapLayers>>,
    waiting: bool,
    error: Option<String>,
    /// Where the map looks; `None` until the first layers arrive (then it fits them).
    pub camera: Option<Camera>,
    /// "Select area" is on: a drag draws an area instead of moving the map.
    pub select_tool: bool,
    /// The timeline's visible span; `None` fits the data when next drawn.
    pub span: Option<TimelineSpan>,
    /// The organisation's offline tiles, if one was added in Settings.
    pub tiles: Option<TileCache>,
    /// Where the drag under way on the map, and on the timeline, started (egui forgets the
    /// press once the button is up, which is when an area or a range is taken).
    pub map_drag_from: Option<eframe::egui::Pos2>,
    pub timeline_drag_from: Option<eframe::egui::Pos2>,
    pub timeline_bins: Option<TimelineBins>,
}

impl Geo {
    pub fn layers(&self) -> Option<&Arc<MapLayers>> {
        self.layers.as_ref()
    }

    pub fn is_waiting(&self) -> bool {
        self.waiting
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Asks for the layers of the search `search` (its generation) unless they were asked for
    /// already. Call only while the map or the timeline is shown: reading 100,000 points is not
    /// free, and a search sent while they were hidden is caught up with when they show.
    pub fn send_if_changed(
        &mut self,
        reader: &Reader,
        search: u64,
        query: impl FnOnce() -> ListQuery,
    ) {
        if self.sent_for == Some(search) {
            return;
        }
        let query = query();
        self.generation += 1;
        self.waiting = true;
        reader.send(ReadRequest::Layers {
            generation: self.generation,
            query,
        });
        self.sent_for = Some(search);
    }

    pub fn on_layers(&mut self, generation: u64, result: Result<Arc<MapLayers>, String>) {
        if generation != self.generation {
            return;
        }
        self.waiting = false;
        match result {
            Ok(layers) => {
                self.error = None;
                self.layers = Some(layers);
            }
            Err(e) => self.error = Some(t!("map-read-failed", error = e)),
        }
    }
}
