//! The organisation's offline tile set (MBTiles or PMTiles, raster) drawn under the basemap:
//! tiles are read and decoded on a worker thread, newest request first (a pan makes the old ones
//! useless), and kept as textures up to [`MAX_TILES`]. While a tile is on its way its parent,
//! if loaded, is drawn magnified.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};

use eframe::egui::{self, Color32, Rect, pos2};
use evidence_vault::geo::tiles::{OpenTilesError, TileSet, TileSetInfo, decode_tile};

use super::camera::Camera;

/// Textures kept at most (256² RGBA each: about 64 MiB of video memory).
const MAX_TILES: usize = 256;
/// Tiles drawn at most in one frame (a wide window at a fractional zoom needs about 40).
const MAX_VISIBLE: usize = 96;

type Key = (u8, u32, u32);

pub struct TileCache {
    info: TileSetInfo,
    requests: Sender<Key>,
    replies: Receiver<(Key, Option<egui::ColorImage>)>,
    textures: HashMap<Key, Option<egui::TextureHandle>>,
    asked: HashSet<Key>,
    age: VecDeque<Key>,
}

impl TileCache {
    /// Opens the tile set and starts its reader. The file is only ever read.
    pub fn open(path: &Path, ctx: &egui::Context) -> Result<TileCache, OpenTilesError> {
        let set = TileSet::open(path)?;
        let info = set.info().clone();
        let (requests, rx) = mpsc::channel::<Key>();
        let (tx, replies) = mpsc::channel();
        let ctx = ctx.clone();
        let format = info.format;
        let _ = std::thread::Builder::new()
            .name("ev-map-tiles".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut queue: Vec<Key> = std::iter::once(first).chain(rx.try_iter()).collect();
                    // Newest first: what the map shows now.
                    while let Some(key) = queue.pop() {
                        let image = set
                            .tile(key.0, key.1, key.2)
                            .ok()
                            .flatten()
                            .and_then(|bytes| decode_tile(&bytes, format).ok())
                            .map(|img| {
                                let size = [img.width() as usize, img.height() as usize];
                                egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw())
                            });
                        if tx.send((key, image)).is_err() {
                            return;
                        }
                        ctx.request_repaint();
                        queue.extend(rx.try_iter());
                    }
                }
            });
        Ok(TileCache {
            info,
            requests,
            replies,
            textures: HashMap::new(),
            asked: HashSet::new(),
            age: VecDeque::new(),
        })
    }

    pub fn info(&self) -> &TileSetInfo {
        &self.info
    }

    /// What the map's corner credits for these tiles.
    pub fn attribution(&self) -> String {
        self.info
            .attribution
            .clone()
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| self.info.name.clone())
    }

    fn take_replies(&mut self, ctx: &egui::Context) {
        while let Ok((key, image)) = self.replies.try_recv() {
            self.asked.remove(&key);
            let texture = image.map(|img| {
                ctx.load_texture(
                    format!("map-tile-{}-{}-{}", key.0, key.1, key.2),
                    img,
                    egui::TextureOptions::LINEAR,
                )
            });
            self.textures.insert(key, texture);
            self.age.push_back(key);
            while self.age.len() > MAX_TILES {
                if let Some(old) = self.age.pop_front() {
                    self.textures.remove(&old);
                }
            }
        }
    }

    pub fn draw(&mut self, ctx: &egui::Context, painter: &egui::Painter, cam: &Camera, rect: Rect) {
        self.take_replies(ctx);
        let (min, max) = (self.info.min_zoom, self.info.max_zoom);
        if cam.zoom < min as f64 - 1.0 {
            return;
        }
        let z = (cam.zoom.round() as i64).clamp(min as i64, max as i64) as u8;
        let n = 1u32 << z;
        let view = cam.view(rect, 0.0);
        let cell = |v: f32| ((v as f64 * n as f64).floor() as i64).clamp(0, n as i64 - 1) as u32;
        let (x0, x1, y0, y1) = (cell(view[0]), cell(view[2]), cell(view[1]), cell(view[3]));
        let mut drawn = 0;
        for y in y0..=y1 {
            for x in x0..=x1 {
                if drawn >= MAX_VISIBLE {
                    return;
                }
                drawn += 1;
                self.draw_tile(painter, cam, rect, (z, x, y));
            }
        }
    }

    fn draw_tile(&mut self, painter: &egui::Painter, cam: &Camera, rect: Rect, key: Key) {
        let (z, x, y) = key;
        let n = (1u32 << z) as f64;
        let at = |tx: f64, ty: f64| cam.to_screen(rect, [tx / n, ty / n]);
        let screen = Rect::from_min_max(at(x as f64, y as f64), at(x as f64 + 1.0, y as f64 + 1.0));
        if let Some(found) = self.textures.get(&key) {
            if let Some(t) = found {
                let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
                painter.image(t.id(), screen, uv, Color32::WHITE);
            }
            return;
        }
        if self.asked.insert(key) {
            let _ = self.requests.send(key);
        }
        // A parent already loaded stands in, magnified.
        for up in 1..=z.min(4) {
            let parent = (z - up, x >> up, y >> up);
            if let Some(Some(t)) = self.textures.get(&parent) {
                let span = 1u32 << up;
                let (fx, fy) = ((x % span) as f32, (y % span) as f32);
                let s = span as f32;
                let uv =
                    Rect::from_min_max(pos2(fx / s, fy / s), pos2((fx + 1.0) / s, (fy + 1.0) / s));
                painter.image(t.id(), screen, uv, Color32::WHITE);
                return;
            }
        }
    }
}
