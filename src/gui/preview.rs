//! The large preview of the selected photo: the original is decrypted into memory (never to disk),
//! decoded at a bounded size with its EXIF orientation applied, and shown as a texture. Very large
//! originals fall back to the stored thumbnail.

use std::io::Read;

use eframe::egui;
use evidence_vault::intake::thumb::decode_scaled;
use evidence_vault::{Item, Kind, Vault};
use zeroize::Zeroizing;

use super::i18n::t;
use super::task::{Poll, Task};

/// Longest side of a preview, in pixels.
const PREVIEW_SIDE: u32 = 1600;
/// Originals up to this size are decoded for the preview; larger ones show the thumbnail.
const MAX_PREVIEW_SOURCE: u64 = 64 * 1024 * 1024;

pub enum Preview {
    None,
    Loading {
        id: String,
        task: Task<Result<egui::ColorImage, String>>,
    },
    Ready {
        id: String,
        texture: egui::TextureHandle,
    },
    Failed {
        id: String,
        error: String,
    },
}

impl Preview {
    /// Starts decoding `item`'s preview if it is a photo.
    pub fn start(ctx: &egui::Context, vault: &Vault, item: &Item) -> Preview {
        if item.kind != Kind::Photo {
            return Preview::None;
        }
        let (vault, id, size, orientation) =
            (vault.clone(), item.id.clone(), item.size, item.orientation);
        let task_id = id.clone();
        let task = Task::spawn(ctx, "preview", move |_, _| {
            decode_preview(&vault, &task_id, size, orientation)
        });
        Preview::Loading { id, task }
    }

    pub fn item_id(&self) -> Option<&str> {
        match self {
            Preview::None => None,
            Preview::Loading { id, .. }
            | Preview::Ready { id, .. }
            | Preview::Failed { id, .. } => Some(id),
        }
    }

    /// Turns a finished decode into a texture.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Preview::Loading { id, task } = self else {
            return;
        };
        let next = match task.poll() {
            Poll::Pending => return,
            Poll::Done(Ok(image)) => Preview::Ready {
                id: id.clone(),
                texture: ctx.load_texture("preview", image, egui::TextureOptions::LINEAR),
            },
            Poll::Done(Err(error)) => Preview::Failed {
                id: id.clone(),
                error,
            },
            Poll::Lost => Preview::Failed {
                id: id.clone(),
                error: t!("preview-decoder-lost"),
            },
        };
        *self = next;
    }
}

fn decode_preview(
    vault: &Vault,
    id: &str,
    size: u64,
    orientation: Option<u16>,
) -> Result<egui::ColorImage, String> {
    let image = if size <= MAX_PREVIEW_SOURCE {
        let (_, reader) = vault.open_original(id).map_err(|e| e.to_string())?;
        let mut bytes = Zeroizing::new(Vec::with_capacity(size as usize));
        reader
            .take(MAX_PREVIEW_SOURCE)
            .read_to_end(&mut bytes)
            .map_err(|e| t!("preview-decrypt-failed", error = e.to_string()))?;
        decode_scaled(&bytes, PREVIEW_SIDE, orientation)
            .map_err(|e| e.to_string())?
            .image
    } else {
        let thumb = vault
            .thumbnail(id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| t!("preview-too-large"))?;
        // Stored thumbnails already have the orientation applied.
        decode_scaled(&thumb, PREVIEW_SIDE, None)
            .map_err(|e| e.to_string())?
            .image
    };
    let rgba = Zeroizing::new(image.to_rgba8().into_raw());
    let size = [image.width() as usize, image.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(size, &rgba))
}
