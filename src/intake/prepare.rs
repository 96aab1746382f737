//! Processing one source file in a single read: hash + encrypt it into a staging file, and read
//! what it says about itself (kind, metadata) from what went past. Thumbnails and perceptual
//! hashes are *not* made here: the item is secured first, they follow (`vault/derived.rs`).

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use zeroize::Zeroizing;

use super::IntakeFailure;
use super::exif::{ExifFacts, date_flag, read_exif};
use super::media::{self, MediaCapture};
use super::mime;
use super::scan::{SourceFile, io_reason};
use super::thumb;
use crate::item::{Camera, CaptureSource, DateFlag, Gps, Kind};
use crate::objects::{self, SealError, SealedTemp};
use crate::progress::CancelToken;

/// Images up to this size are kept in memory during the read for metadata and (after the item
/// is secured) the thumbnail; larger ones are still stored byte for byte, without a thumbnail.
pub const IMAGE_BUFFER_LIMIT: u64 = 96 * 1024 * 1024;

/// What an item's own data says about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    pub captured_at: Option<String>,
    pub captured_at_source: Option<CaptureSource>,
    pub captured_at_flag: Option<DateFlag>,
    pub gps: Option<Gps>,
    pub camera: Option<Camera>,
    pub orientation: Option<u16>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_ms: Option<u64>,
}

impl Facts {
    fn from_exif(e: &ExifFacts) -> Self {
        Facts {
            captured_at: e.captured_at.clone(),
            captured_at_source: e.captured_at_source,
            gps: e.gps,
            camera: e.camera.clone(),
            orientation: e.orientation,
            width: e.width,
            height: e.height,
            ..Default::default()
        }
    }

    /// Flags an implausible capture time (relative to now).
    fn flag_dates(&mut self) {
        self.captured_at_flag = self
            .captured_at
            .as_deref()
            .and_then(|c| date_flag(c, chrono::Utc::now()));
    }
}

/// A source file encrypted into a staging file beside its final place, with what we learned.
pub struct Prepared {
    pub id: String,
    pub source: SourceFile,
    pub object: SealedTemp,
    pub kind: Kind,
    pub mime: String,
    pub facts: Facts,
    pub modified: Option<String>,
    pub note: Option<String>,
    /// Set when a thumbnail and perceptual hash are to be made once the item is secured.
    pub derive: Option<DeriveInput>,
}

/// What the derived work may start from: the plaintext still in memory (small images), or
/// nothing (it decrypts the stored object).
pub struct DeriveInput {
    pub bytes: Option<Zeroizing<Vec<u8>>>,
}

/// Reads `src` once: hashes and encrypts it into `objects/…`, keeping the bytes of images (for
/// metadata and the thumbnail that follows) and the index of media files. `bytes_done` is
/// advanced as data flows.
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

    // Decide from the first chunk what to keep while the file goes past.
    let mut head_mime: Option<String> = None;
    let mut keep: Option<Zeroizing<Vec<u8>>> = None;
    let mut too_big_image = false;
    let mut capture: Option<MediaCapture> = None;
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
                if mime::may_be_image(&m) {
                    if meta.len() <= IMAGE_BUFFER_LIMIT {
                        keep = Some(Zeroizing::new(Vec::with_capacity(meta.len() as usize)));
                    } else {
                        too_big_image = true;
                    }
                } else if media::may_be_media(&m, chunk) {
                    capture = Some(MediaCapture::new(chunk));
                }
                head_mime = Some(m);
            }
            if let Some(buf) = keep.as_mut() {
                if (buf.len() + chunk.len()) as u64 <= IMAGE_BUFFER_LIMIT {
                    buf.extend_from_slice(chunk);
                } else {
                    keep = None;
                    too_big_image = true;
                }
            }
            if let Some(c) = capture.as_mut() {
                c.feed(chunk);
            }
        },
    )
    .map_err(|e| match e {
        SealError::Cancelled => fail("cancelled".into()),
        SealError::Read { source, .. } => fail(format!("could not read: {}", io_reason(&source))),
        other => fail(other.to_string()),
    })?;

    let mime = head_mime.unwrap_or_else(|| "application/x-empty".into());
    let mut notes: Vec<String> = Vec::new();
    if sealed.size != meta.len() {
        notes.push(format!(
            "the file changed while it was read: {} bytes expected, {} read; the stored copy and hash are of what was read",
            meta.len(),
            sealed.size
        ));
    }
    let mut kind = Kind::File;
    let mut facts = Facts::default();
    let mut derive = None;

    if let Some(bytes) = keep {
        if let Some(e) = read_exif(&bytes) {
            facts = Facts::from_exif(&e);
        }
        match thumb::probe(&bytes) {
            Ok(p) => {
                kind = Kind::Photo;
                // The decoded size is what the picture is; EXIF may describe an earlier state.
                facts.width = Some(p.width);
                facts.height = Some(p.height);
                if facts.orientation.is_none() {
                    facts.orientation = p.heif_orientation.filter(|o| *o != 1);
                }
                derive = Some(DeriveInput { bytes: Some(bytes) });
            }
            Err(e) => notes.push(format!(
                "{mime} could not be decoded as an image ({e}); kept as a file"
            )),
        }
    } else if too_big_image {
        notes.push(format!(
            "image larger than {} MiB: stored without a thumbnail",
            IMAGE_BUFFER_LIMIT / (1024 * 1024)
        ));
    } else {
        let captured = capture.map(MediaCapture::finish);
        if let Some(m) = media::analyze(captured.as_ref(), &mime, &src.path) {
            kind = m.kind;
            facts = Facts {
                captured_at: m.captured_at,
                captured_at_source: m.captured_at_source,
                gps: m.gps,
                camera: m.camera,
                orientation: m.orientation,
                width: m.width,
                height: m.height,
                duration_ms: m.duration_ms,
                captured_at_flag: None,
            };
            if let Some(n) = m.note {
                notes.push(n);
            }
            if kind == Kind::Video {
                derive = Some(DeriveInput { bytes: None });
            }
        }
    }
    facts.flag_dates();
    let note = (!notes.is_empty()).then(|| notes.join("; "));

    Ok(Prepared {
        id,
        source: src.clone(),
        object: sealed,
        kind,
        mime,
        facts,
        modified,
        note,
        derive,
    })
}
