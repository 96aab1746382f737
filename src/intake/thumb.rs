//! Decoding images for thumbnails and previews, fast and with hard limits.
//!
//! JPEGs (nearly all photos) are decoded at reduced scale inside the DCT (1/2, 1/4 or 1/8), which
//! costs a fraction of a full decode; other formats go through `image` with size and allocation
//! limits. Every decoder runs under `catch_unwind`, so a decoder bug on a hostile file becomes an
//! error for that file instead of a crash.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{DynamicImage, ImageBuffer, ImageFormat, ImageReader, Limits, metadata::Orientation};

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
    #[error("image data is damaged: {0}")]
    Corrupt(String),
    #[error("the image decoder failed on this file")]
    DecoderPanicked,
    #[error("could not encode the thumbnail: {0}")]
    Encode(String),
}

/// A decoded, orientation-corrected, downscaled image.
pub struct Decoded {
    /// Pixel size of the original (before orientation).
    pub width: u32,
    pub height: u32,
    pub image: DynamicImage,
}

/// Decodes `bytes` to at most `max_side` pixels on the long side, with EXIF orientation applied.
pub fn decode_scaled(
    bytes: &[u8],
    max_side: u32,
    orientation: Option<u16>,
) -> Result<Decoded, DecodeError> {
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

/// A thumbnail as JPEG bytes (quality 80), plus the original pixel size.
pub fn make_thumbnail(
    bytes: &[u8],
    orientation: Option<u16>,
) -> Result<(Vec<u8>, u32, u32), DecodeError> {
    let d = decode_scaled(bytes, THUMB_SIZE, orientation)?;
    let rgb = d.image.to_rgb8();
    let mut out = Vec::with_capacity(32 * 1024);
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    enc.encode_image(&rgb)
        .map_err(|e| DecodeError::Encode(e.to_string()))?;
    Ok((out, d.width, d.height))
}

fn decode_inner(bytes: &[u8], max_side: u32) -> Result<Decoded, DecodeError> {
    let format = image::guess_format(bytes).map_err(|_| DecodeError::Unsupported)?;
    if format == ImageFormat::Jpeg {
        return decode_jpeg_scaled(bytes, max_side);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
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
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Unsupported(_) => DecodeError::Unsupported,
        image::ImageError::Limits(_) => DecodeError::TooLarge { width, height },
        other => DecodeError::Corrupt(other.to_string()),
    })?;
    Ok(Decoded {
        width,
        height,
        image,
    })
}

fn decode_jpeg_scaled(bytes: &[u8], max_side: u32) -> Result<Decoded, DecodeError> {
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
    let pixels = dec
        .decode()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
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
