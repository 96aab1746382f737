//! Processing one source file in a single read.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::IntakeFailure;
use super::exif::{ExifFacts, read_exif};
use super::mime;
use super::scan::{SourceFile, io_reason};
use super::thumb::make_thumbnail;
use crate::item::Kind;
use crate::objects::{self, SealError, SealedTemp};
use crate::progress::CancelToken;

/// Images up to this size are kept in memory during the read for EXIF and thumbnails; larger
/// ones are still stored byte for byte, just without a thumbnail.
pub const IMAGE_BUFFER_LIMIT: u64 = 96 * 1024 * 1024;

/// A source file encrypted into a staging file beside its final place, with what we learned.
pub struct Prepared {
    pub id: String,
    pub source: SourceFile,
    pub object: SealedTemp,
    pub thumbnail: Option<SealedTemp>,
    pub kind: Kind,
    pub mime: String,
    pub exif: Option<ExifFacts>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub modified: Option<String>,
    pub note: Option<String>,
}

/// Reads `src` once: hashes and encrypts it into `objects/…`, and for images keeps the bytes to
/// extract EXIF and make an encrypted thumbnail. `bytes_done` is advanced as data flows.
pub fn prepare_file(
    src: &SourceFile,
    vault_dir: &Path,
    recipient: &age::x25519::Recipient,
    cancel: &CancelToken,
    bytes_done: &AtomicU64,
) -> Result<Prepared, IntakeFailure> {
    let fail = |reason: String| IntakeFailure {
        path: src.path.clone(),
        reason,
    };
    let file = File::open(&src.path).map_err(|e| fail(io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| fail(io_reason(&e)))?;
    let modified = meta.modified().ok().map(|t| {
        chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    });

    let id = objects::new_id();
    let object_dir = objects::object_path(vault_dir, &id)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| vault_dir.join("objects"));

    // Decide from the first chunk whether to keep the bytes in memory.
    let mut head_mime: Option<String> = None;
    let mut keep: Option<Vec<u8>> = None;
    let sealed = objects::seal_stream(
        &file,
        &src.path,
        &object_dir,
        &[recipient],
        cancel,
        |chunk| {
            bytes_done.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            if head_mime.is_none() {
                let m = mime::sniff(chunk);
                if mime::may_be_image(&m) && meta.len() <= IMAGE_BUFFER_LIMIT {
                    keep = Some(Vec::with_capacity(meta.len() as usize));
                }
                head_mime = Some(m);
            }
            if let Some(buf) = keep.as_mut() {
                if (buf.len() + chunk.len()) as u64 <= IMAGE_BUFFER_LIMIT {
                    buf.extend_from_slice(chunk);
                } else {
                    keep = None;
                }
            }
        },
    )
    .map_err(|e| match e {
        SealError::Cancelled => fail("cancelled".into()),
        SealError::Read { source, .. } => fail(format!("could not read: {}", io_reason(&source))),
        other => fail(other.to_string()),
    })?;

    let mime = head_mime.unwrap_or_else(|| "application/x-empty".into());
    let mut note = None;
    if sealed.size != meta.len() {
        note = Some(format!(
            "the file changed while it was read: {} bytes expected, {} read; the stored copy and hash are of what was read",
            meta.len(),
            sealed.size
        ));
    }
    let mut kind = Kind::File;
    let mut exif = None;
    let mut thumbnail = None;
    let (mut width, mut height) = (None, None);

    if mime::may_be_image(&mime) {
        match keep {
            Some(bytes) => {
                exif = read_exif(&bytes);
                let orientation = exif.as_ref().and_then(|e| e.orientation);
                match make_thumbnail(&bytes, orientation) {
                    Ok((jpeg, w, h)) => {
                        kind = Kind::Photo;
                        width = Some(w);
                        height = Some(h);
                        thumbnail = Some(
                            objects::seal_bytes(
                                &jpeg,
                                &object_dir_for_thumb(vault_dir, &id),
                                &[recipient],
                            )
                            .map_err(|e| fail(e.to_string()))?,
                        );
                    }
                    Err(e) => {
                        note = Some(format!(
                            "{mime} could not be decoded as an image ({e}); kept as a file"
                        ));
                    }
                }
            }
            None => {
                note = Some(format!(
                    "image larger than {} MiB: stored without a thumbnail",
                    IMAGE_BUFFER_LIMIT / (1024 * 1024)
                ))
            }
        }
    }
    if width.is_none() {
        width = exif.as_ref().and_then(|e| e.width);
        height = exif.as_ref().and_then(|e| e.height);
    }

    Ok(Prepared {
        id,
        source: src.clone(),
        object: sealed,
        thumbnail,
        kind,
        mime,
        exif,
        width,
        height,
        modified,
        note,
    })
}

fn object_dir_for_thumb(vault_dir: &Path, id: &str) -> std::path::PathBuf {
    objects::thumb_path(vault_dir, id)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| vault_dir.join("thumbs"))
}
