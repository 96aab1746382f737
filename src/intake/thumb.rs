//! Decoding images for thumbnails and previews, fast and with hard limits.
//!
//! JPEGs (nearly all photos) are decoded at reduced scale inside the DCT (1/2, 1/4 or 1/8), which
//! costs a fraction of a full decode; other formats go through `image` with size and allocation
//! limits. Every decoder runs under `catch_unwind`, so a decoder bug on a hostile file becomes an
//! error for that file instead of a crash.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{DynamicImage, ImageBuffer, ImageFormat, ImageReader, Limits, metadata::Orientation};

use crate::item::MediaTool;

/// Longest side of a stored thumbnail, in pixels.
pub const THUMB_SIZE: u32 = 256;
/// Largest image (in either dimension) we attempt to decode.
pub const MAX_DIMENSION: u32 = 30_000;
/// Most memory a decoder may allocate.
pub const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("not an image format this program can decode")]
    Unsupported,
    #[error("image is {width}×{height}, larger than the {MAX_DIMENSION} pixel limit")]
    TooLarge { width: u32, height: u32 },
    #[error(
        "decoding this {width}×{height} image would need more memory than the {limit_mib} MiB limit for one image"
    )]
    MemoryLimit {
        width: u32,
        height: u32,
        limit_mib: u64,
    },
    #[error("image data is damaged: {0}")]
    Corrupt(String),
    #[error("the image decoder failed on this file")]
    DecoderPanicked,
    #[error("could not encode the thumbnail: {0}")]
    Encode(String),
    /// The format needs an external program that is not installed (e.g. HEIC and libheif).
    #[error("{}", .0.hint())]
    NeedsTool(MediaTool),
    /// The external decoder failed, timed out or hit its limits.
    #[error("{0}")]
    Tool(String),
}

/// A decoded, orientation-corrected, downscaled image.
pub struct Decoded {
    /// Pixel size of the original (before orientation).
    pub width: u32,
    pub height: u32,
    pub image: DynamicImage,
}

/// The header of an image: enough to say it is one and how big it is, at a fraction of the cost
/// of decoding it (intake decides the kind from this before the item is secured; the thumbnail
/// follows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe {
    pub width: u32,
    pub height: u32,
    /// HEIF: the orientation libheif will apply (from `irot`/`imir`).
    pub heif_orientation: Option<u16>,
}

/// Reads only the header of `bytes` (checking the size limits), under `catch_unwind`.
pub fn probe(bytes: &[u8]) -> Result<Probe, DecodeError> {
    let r = catch_unwind(AssertUnwindSafe(|| probe_inner(bytes)));
    r.unwrap_or(Err(DecodeError::DecoderPanicked))
}

fn probe_inner(bytes: &[u8]) -> Result<Probe, DecodeError> {
    let check = |width: u32, height: u32| {
        if width == 0 || height == 0 {
            Err(DecodeError::Corrupt("zero-sized image".into()))
        } else if width > MAX_DIMENSION || height > MAX_DIMENSION {
            Err(DecodeError::TooLarge { width, height })
        } else {
            Ok(())
        }
    };
    if super::isobmff::is_heif(bytes) {
        let f = super::isobmff::heif_facts(bytes).ok_or_else(|| {
            DecodeError::Corrupt("the HEIF structure has no readable primary image".into())
        })?;
        check(f.width, f.height)?;
        return Ok(Probe {
            width: f.width,
            height: f.height,
            heif_orientation: f.orientation,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| DecodeError::Unsupported)?;
    let (width, height) = if format == ImageFormat::Jpeg {
        let mut dec = jpeg_decoder::Decoder::new(Cursor::new(bytes));
        dec.read_info()
            .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
        let info = dec
            .info()
            .ok_or_else(|| DecodeError::Corrupt("no frame header".into()))?;
        (u32::from(info.width), u32::from(info.height))
    } else {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        reader.limits(limits());
        reader.into_dimensions().map_err(|e| match e {
            image::ImageError::Unsupported(_) => DecodeError::Unsupported,
            other => DecodeError::Corrupt(other.to_string()),
        })?
    };
    check(width, height)?;
    // The pixels must fit the decoder's memory budget too.
    let need = u64::from(width) * u64::from(height) * 4;
    if format != ImageFormat::Jpeg && need > MAX_DECODE_ALLOC {
        return Err(DecodeError::MemoryLimit {
            width,
            height,
            limit_mib: MAX_DECODE_ALLOC / (1024 * 1024),
        });
    }
    Ok(Probe {
        width,
        height,
        heif_orientation: None,
    })
}

/// Decodes `bytes` to at most `max_side` pixels on the long side, with EXIF orientation applied
/// (HEIF: with its own rotation and mirroring, which libheif applies; `orientation` is then
/// ignored, as the EXIF copy inside a HEIF describes the same transform).
pub fn decode_scaled(
    bytes: &[u8],
    max_side: u32,
    orientation: Option<u16>,
) -> Result<Decoded, DecodeError> {
    if super::isobmff::is_heif(bytes) {
        let p = probe(bytes)?;
        let image = super::heif::decode(bytes, max_side)?;
        return Ok(Decoded {
            width: p.width,
            height: p.height,
            image,
        });
    }
    let result = catch_unwind(AssertUnwindSafe(|| decode_inner(bytes, max_side)));
    let mut decoded = match result {
        Ok(r) => r?,
        Err(_) => return Err(DecodeError::DecoderPanicked),
    };
    let (w, h) = (decoded.image.width(), decoded.image.height());
    if w.max(h) > max_side {
        decoded.image = decoded.image.thumbnail(max_side, max_side);
    }
    if let Some(o) = orientation
        .and_then(|o| u8::try_from(o).ok())
        .and_then(Orientation::from_exif)
    {
        decoded.image.apply_orientation(o);
    }
    Ok(decoded)
}

/// Decodes a plain (non-HEIF) image to at most `max_side` pixels, without orientation: what an
/// external decoder hands back.
pub fn decode_plain(bytes: &[u8], max_side: u32) -> Result<DynamicImage, DecodeError> {
    let result = catch_unwind(AssertUnwindSafe(|| decode_inner(bytes, max_side)));
    let mut image = match result {
        Ok(r) => r?.image,
        Err(_) => return Err(DecodeError::DecoderPanicked),
    };
    if image.width().max(image.height()) > max_side {
        image = image.thumbnail(max_side, max_side);
    }
    Ok(image)
}

/// A thumbnail as JPEG bytes (quality 80), plus the original pixel size.
pub fn make_thumbnail(
    bytes: &[u8],
    orientation: Option<u16>,
) -> Result<(Vec<u8>, u32, u32), DecodeError> {
    let d = decode_scaled(bytes, THUMB_SIZE, orientation)?;
    Ok((encode_thumbnail(&d.image)?, d.width, d.height))
}

/// What is derived from a picture after its item is secured: the thumbnail and the perceptual
/// hash, both from one decode.
pub struct DerivedImage {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub phash: super::phash::PHash,
}

/// The thumbnail and perceptual hash of an image in one decode.
pub fn make_derived(bytes: &[u8], orientation: Option<u16>) -> Result<DerivedImage, DecodeError> {
    let d = decode_scaled(bytes, THUMB_SIZE, orientation)?;
    Ok(DerivedImage {
        jpeg: encode_thumbnail(&d.image)?,
        width: d.width,
        height: d.height,
        phash: super::phash::phash(&d.image),
    })
}

/// A picture (already oriented) as a thumbnail JPEG of at most [`THUMB_SIZE`] pixels.
pub fn encode_thumbnail(image: &DynamicImage) -> Result<Vec<u8>, DecodeError> {
    let small;
    let image = if image.width().max(image.height()) > THUMB_SIZE {
        small = image.thumbnail(THUMB_SIZE, THUMB_SIZE);
        &small
    } else {
        image
    };
    let rgb = image.to_rgb8();
    let mut out = Vec::with_capacity(32 * 1024);
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    enc.encode_image(&rgb)
        .map_err(|e| DecodeError::Encode(e.to_string()))?;
    Ok(out)
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    limits
}

fn decode_inner(bytes: &[u8], max_side: u32) -> Result<Decoded, DecodeError> {
    let format = image::guess_format(bytes).map_err(|_| DecodeError::Unsupported)?;
    if format == ImageFormat::Jpeg {
        return decode_jpeg_scaled(bytes, max_side);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    if width == 0 || height == 0 {
        return Err(DecodeError::Corrupt("zero-sized image".into()));
    }
    if width > MAX_DIMENSION || height > MAX_DIMENSION {
        return Err(DecodeError::TooLarge { width, height });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Unsupported(_) => DecodeError::Unsupported,
        // Say which limit it was: the pixel dimensions or the memory a decode may take.
        image::ImageError::Limits(l) => match l.kind() {
            image::error::LimitErrorKind::DimensionError => DecodeError::TooLarge { width, height },
            _ => DecodeError::MemoryLimit {
                width,
                height,
                limit_mib: MAX_DECODE_ALLOC / (1024 * 1024),
            },
        },
        other => DecodeError::Corrupt(other.to_string()),
    })?;
    Ok(Decoded {
        width,
        height,
        image,
    })
}

fn decode_jpeg_scaled(bytes: &[u8], max_side: u32) -> Result<Decoded, DecodeError> {
    // When 1/8 scale is enough (every photo of a few megapixels, for a thumbnail), the block
    // means alone make the picture: several times faster (see `jpeg_dc`). Anything it does not
    // handle goes to the general decoder below.
    if let Ok(p) = probe_inner(bytes)
        && p.width.max(p.height).div_ceil(8) >= max_side
        && let Ok((image, width, height)) =
            super::jpeg_dc::decode(bytes, u64::from(MAX_DIMENSION) * u64::from(MAX_DIMENSION))
    {
        return Ok(Decoded {
            width,
            height,
            image,
        });
    }
    let mut dec = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    dec.set_max_decoding_buffer_size(MAX_DECODE_ALLOC as usize);
    dec.read_info()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let info = dec
        .info()
        .ok_or_else(|| DecodeError::Corrupt("no frame header".into()))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if width == 0 || height == 0 {
        return Err(DecodeError::Corrupt("zero-sized image".into()));
    }
    if width > MAX_DIMENSION || height > MAX_DIMENSION {
        return Err(DecodeError::TooLarge { width, height });
    }
    // Ask for the smallest DCT scale that still gives at least max_side on the long side.
    let req = u16::try_from(max_side.min(u32::from(u16::MAX))).unwrap_or(u16::MAX);
    let (req_w, req_h) = if width >= height {
        (req, ((u32::from(req) * height / width).max(1)) as u16)
    } else {
        (((u32::from(req) * width / height).max(1)) as u16, req)
    };
    let (sw, sh) = dec
        .scale(req_w, req_h)
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let pixels = dec.decode().map_err(|e| {
        let text = e.to_string();
        if text.contains("exceeds maximum allowed size") {
            DecodeError::MemoryLimit {
                width,
                height,
                limit_mib: MAX_DECODE_ALLOC / (1024 * 1024),
            }
        } else {
            DecodeError::Corrupt(text)
        }
    })?;
    let info = dec
        .info()
        .ok_or_else(|| DecodeError::Corrupt("no frame header".into()))?;
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    let image = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            ImageBuffer::from_raw(sw, sh, pixels).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            ImageBuffer::from_raw(sw, sh, pixels).map(DynamicImage::ImageLuma8)
        }
        jpeg_decoder::PixelFormat::L16 => {
            let wide: Vec<u16> = pixels
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            ImageBuffer::from_raw(sw, sh, wide).map(DynamicImage::ImageLuma16)
        }
        jpeg_decoder::PixelFormat::CMYK32 => {
            let rgb: Vec<u8> = pixels
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = u16::from(p[3]);
                    [p[0], p[1], p[2]].map(|c| ((u16::from(c) * k) / 255) as u8)
                })
                .collect();
            ImageBuffer::from_raw(sw, sh, rgb).map(DynamicImage::ImageRgb8)
        }
    }
    .ok_or_else(|| DecodeError::Corrupt("decoded size does not match header".into()))?;
    Ok(Decoded {
        width,
        height,
        image,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn jpeg_is_scaled_down_and_reports_original_size() {
        let (thumb, w, h) = make_thumbnail(&jpeg(1600, 1200), None).unwrap();
        assert_eq!((w, h), (1600, 1200));
        let t = image::load_from_memory(&thumb).unwrap();
        assert_eq!((t.width(), t.height()), (256, 192));
    }

    #[test]
    fn orientation_6_swaps_sides() {
        let (thumb, _, _) = make_thumbnail(&jpeg(1600, 1200), Some(6)).unwrap();
        let t = image::load_from_memory(&thumb).unwrap();
        assert_eq!((t.width(), t.height()), (192, 256));
    }

    #[test]
    fn png_goes_through_image_crate() {
        let img = image::RgbaImage::from_pixel(300, 100, image::Rgba([1, 2, 3, 255]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        let (_, w, h) = make_thumbnail(&out, None).unwrap();
        assert_eq!((w, h), (300, 100));
    }

    #[test]
    fn truncated_and_garbage_inputs_are_errors() {
        let j = jpeg(800, 600);
        // A truncated JPEG may decode to a partly grey picture or fail; it must not panic.
        let _ = make_thumbnail(&j[..j.len() / 3], None);
        assert_eq!(
            make_thumbnail(b"hello world", None).err(),
            Some(DecodeError::Unsupported)
        );
        assert!(make_thumbnail(&[0xFF, 0xD8, 0xFF, 0xC0, 0, 0], None).is_err());
    }

    #[test]
    fn huge_declared_png_is_refused_without_allocating() {
        // A PNG header claiming 100000×100000 pixels.
        let mut png = Vec::new();
        png.extend_from_slice(b"\x89PNG\r\n\x1a\n");
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        png.extend_from_slice(&(ihdr.len() as u32).to_be_bytes());
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&[0, 0, 0, 0]);
        assert!(make_thumbnail(&png, None).is_err());
    }
}
