//! Thumbnails for the grid: decrypted and decoded lazily on a small pool of worker threads, and
//! kept as textures in a least-recently-used cache bounded in bytes. Dropping [`Thumbs`] (on
//! lock) stops the workers and frees every texture.
//!
//! Each frame the grid asks for the thumbnails it shows ([`Thumbs::get`]); at the end of the frame
//! ([`Thumbs::end_frame`]) the missing ones replace the workers' wish list, so thumbnails that
//! scrolled out of view before a worker reached them are never decoded.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};

use eframe::egui;
use evidence_vault::Vault;

/// Most texture bytes the cache keeps (RGBA, 4 bytes a pixel; a 256-pixel thumbnail is ≤ 256 KiB).
pub const DEFAULT_BUDGET_BYTES: usize = 96 * 1024 * 1024;
/// Textures uploaded per frame at most, so a burst of finished thumbnails cannot stall a frame.
const UPLOADS_PER_FRAME: usize = 12;

pub enum Thumb {
    Ready(egui::TextureId, egui::Vec2),
    Loading,
    Failed,
}

struct Entry {
    texture: egui::TextureHandle,
    bytes: usize,
    last_used: u64,
}

#[derive(Default)]
struct Queue {
    wanted: VecDeque<String>,
    working: HashSet<String>,
    closed: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    wake: Condvar,
}

type Decoded = (String, Result<egui::ColorImage, String>);

pub struct Thumbs {
    shared: Arc<Shared>,
    rx: Receiver<Decoded>,
    cache: HashMap<String, Entry>,
    failed: HashSet<String>,
    want: Vec<String>,
    bytes: usize,
    budget: usize,
    frame: u64,
}

impl Thumbs {
    pub fn new(vault: &Vault, ctx: &egui::Context, workers: usize, budget: usize) -> Self {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            wake: Condvar::new(),
        });
        let (tx, rx) = mpsc::channel();
        for i in 0..workers.max(1) {
            let (shared, tx, vault, ctx) = (shared.clone(), tx.clone(), vault.clone(), ctx.clone());
            let _ = std::thread::Builder::new()
                .name(format!("ev-thumbs-{i}"))
                .spawn(move || work(&shared, &tx, &vault, &ctx));
        }
        Self {
            shared,
            rx,
            cache: HashMap::new(),
            failed: HashSet::new(),
            want: Vec::new(),
            bytes: 0,
            budget,
            frame: 0,
        }
    }

    /// The thumbnail of item `id` if it is ready; otherwise asks for it.
    pub fn get(&mut self, id: &str) -> Thumb {
        if let Some(e) = self.cache.get_mut(id) {
            e.last_used = self.frame;
            return Thumb::Ready(e.texture.id(), e.texture.size_vec2());
        }
        if self.failed.contains(id) {
            return Thumb::Failed;
        }
        self.want.push(id.to_owned());
        Thumb::Loading
    }

    /// Takes in finished thumbnails (a few per frame), hands the workers this frame's wish list,
    /// and evicts the least recently used textures over the budget.
    pub fn end_frame(&mut self, ctx: &egui::Context) {
        self.frame += 1;
        for (id, result) in self.rx.try_iter().take(UPLOADS_PER_FRAME) {
            match result {
                Ok(image) => {
                    let bytes = image.pixels.len() * 4;
                    let texture =
                        ctx.load_texture("thumbnail", image, egui::TextureOptions::LINEAR);
                    self.bytes += bytes;
                    if let Some(old) = self.cache.insert(
                        id,
                        Entry {
                            texture,
                            bytes,
                            last_used: self.frame,
                        },
                    ) {
                        self.bytes -= old.bytes;
                    }
                }
                Err(_) => {
                    self.failed.insert(id);
                }
            }
        }
        let want = std::mem::take(&mut self.want);
        if let Ok(mut q) = self.shared.queue.lock() {
            let working = &q.working;
            let wanted: VecDeque<String> = want
                .into_iter()
                .filter(|id| !working.contains(id) && !self.cache.contains_key(id))
                .collect();
            let any = !wanted.is_empty();
            q.wanted = wanted;
            if any {
                self.shared.wake.notify_all();
            }
        }
        self.evict();
        if self.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
    }

    /// Whether workers are decoding or results wait to be uploaded.
    fn busy(&self) -> bool {
        self.shared
            .queue
            .lock()
            .map(|q| !q.working.is_empty() || !q.wanted.is_empty())
            .unwrap_or(false)
    }

    fn evict(&mut self) {
        while self.bytes > self.budget {
            // Never evict what was drawn this frame or the last (it is on screen).
            let oldest = self
                .cache
                .iter()
                .filter(|(_, e)| e.last_used + 1 < self.frame)
                .min_by_key(|(_, e)| e.last_used)
                .map(|(id, _)| id.clone());
            let Some(id) = oldest else { break };
            if let Some(e) = self.cache.remove(&id) {
                self.bytes -= e.bytes;
            }
        }
    }
}

impl Drop for Thumbs {
    fn drop(&mut self) {
        if let Ok(mut q) = self.shared.queue.lock() {
            q.closed = true;
            q.wanted.clear();
        }
        self.shared.wake.notify_all();
    }
}

fn work(shared: &Shared, tx: &Sender<Decoded>, vault: &Vault, ctx: &egui::Context) {
    loop {
        let id = {
            let Ok(mut q) = shared.queue.lock() else {
                return;
            };
            loop {
                if q.closed {
                    return;
                }
                if let Some(id) = q.wanted.pop_front() {
                    q.working.insert(id.clone());
                    break id;
                }
                q = match shared.wake.wait(q) {
                    Ok(q) => q,
                    Err(_) => return,
                };
            }
        };
        let result = decode_thumbnail(vault, &id);
        let sent = tx.send((id.clone(), result));
        if let Ok(mut q) = shared.queue.lock() {
            q.working.remove(&id);
        }
        if sent.is_err() {
            return;
        }
        ctx.request_repaint();
    }
}

/// Decrypts item `id`'s stored thumbnail (in memory only) and decodes it to pixels.
fn decode_thumbnail(vault: &Vault, id: &str) -> Result<egui::ColorImage, String> {
    let jpeg = vault
        .thumbnail(id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "no thumbnail".to_owned())?;
    let image = image::load_from_memory(&jpeg)
        .map_err(|e| e.to_string())?
        .to_rgba8();
    let size = [image.width() as usize, image.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        image.as_raw(),
    ))
}
