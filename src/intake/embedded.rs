//! Finding the metadata blocks embedded in an image file held in memory: the EXIF (TIFF) block,
//! the XMP packet and the IPTC record, wherever each format keeps them. Nothing here interprets
//! the blocks (see `exif.rs`, `xmp.rs`); every length is checked, so a hostile file gives fewer
//! blocks, never a panic.

/// The metadata blocks of one file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Embedded<'a> {
    /// A TIFF structure (`II*\0…` or `MM\0*…`), without the `Exif\0\0` prefix.
    pub exif: Option<std::borrow::Cow<'a, [u8]>>,
    /// The XMP packet (XML text).
    pub xmp: Option<std::borrow::Cow<'a, [u8]>>,
    /// The IPTC-IIM record stream (datasets starting with 0x1C).
    pub iptc: Option<&'a [u8]>,
}

/// Largest metadata block we inflate from a compressed PNG chunk.
const MAX_INFLATED: usize = 4 * 1024 * 1024;

const XMP_JPEG: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";

/// The blocks of a JPEG, PNG, WebP or TIFF file. HEIF is read by kamadak-exif itself.
pub fn find(bytes: &[u8]) -> Embedded<'_> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        webp(bytes)
    } else if is_tiff(bytes) {
        Embedded {
            exif: Some(bytes.into()),
            ..Default::default()
        }
    } else {
        Embedded::default()
    }
}

pub fn is_tiff(b: &[u8]) -> bool {
    b.starts_with(b"II*\0") || b.starts_with(b"MM\0*")
}

/// A block that should be TIFF, with a stray `Exif\0\0` prefix removed (some writers add it
/// where the format does not call for it, e.g. in PNG `eXIf`).
fn tiff_block(b: &[u8]) -> Option<&[u8]> {
    let b = b.strip_prefix(b"Exif\0\0").unwrap_or(b);
    is_tiff(b).then_some(b)
}

fn jpeg(bytes: &[u8]) -> Embedded<'_> {
    let mut out = Embedded::default();
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            break;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        // Standalone markers carry no length.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            i += 2;
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            break; // start of scan: no metadata after it that we read
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if len < 2 || i + 2 + len > bytes.len() {
            break;
        }
        let body = &bytes[i + 4..i + 2 + len];
        match marker {
            0xE1 if out.exif.is_none() && body.starts_with(b"Exif\0\0") => {
                out.exif = tiff_block(body).map(Into::into);
            }
            0xE1 if out.xmp.is_none() && body.starts_with(XMP_JPEG) => {
                out.xmp = Some(body[XMP_JPEG.len()..].into());
            }
            0xED if out.iptc.is_none() => out.iptc = photoshop_iptc(body),
            _ => {}
        }
        i += 2 + len;
    }
    out
}

/// The IPTC record inside a Photoshop "image resource block" (APP13), resource 0x0404.
fn photoshop_iptc(body: &[u8]) -> Option<&[u8]> {
    let mut b = body.strip_prefix(b"Photoshop 3.0\0")?;
    while b.len() >= 12 && b.starts_with(b"8BIM") {
        let id = u16::from_be_bytes([b[4], b[5]]);
        // Pascal-string name, padded to an even length (length byte included).
        let name_len = usize::from(b[6]);
        let name_total = (1 + name_len + 1) & !1;
        let at = 6 + name_total;
        let size_bytes = b.get(at..at + 4)?;
        let size = u32::from_be_bytes([size_bytes[0], size_bytes[1], size_bytes[2], size_bytes[3]])
            as usize;
        let data_at = at + 4;
        let data = b.get(data_at..data_at.checked_add(size)?)?;
        if id == 0x0404 {
            return Some(data);
        }
        let next = data_at + size + (size & 1);
        b = b.get(next..)?;
    }
    None
}

fn png(bytes: &[u8]) -> Embedded<'_> {
    let mut out = Embedded::default();
    let mut i = 8;
    while i + 12 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        let kind = &bytes[i + 4..i + 8];
        let Some(end) = (i + 8).checked_add(len) else {
            break;
        };
        if end + 4 > bytes.len() {
            break;
        }
        let data = &bytes[i + 8..end];
        match kind {
            b"eXIf" if out.exif.is_none() => out.exif = tiff_block(data).map(Into::into),
            b"iTXt" => {
                if let Some((key, text)) = itxt(data)
                    && key == b"XML:com.adobe.xmp"
                    && out.xmp.is_none()
                {
                    out.xmp = Some(text);
                }
            }
            // ImageMagick and older tools keep EXIF as a hex "raw profile" in a text chunk.
            b"zTXt" | b"tEXt" if out.exif.is_none() => {
                if let Some((key, text)) = text_chunk(data, kind == b"zTXt")
                    && (key == b"Raw profile type exif" || key == b"Raw profile type APP1")
                    && let Some(raw) = raw_profile(&text)
                    && let Some(t) = tiff_block(&raw)
                {
                    out.exif = Some(t.to_vec().into());
                }
            }
            b"IEND" => break,
            _ => {}
        }
        i = end + 4;
    }
    out
}

fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_INFLATED).ok()
}

/// `keyword\0 compression-flag method language\0 translated\0 text`.
fn itxt(data: &[u8]) -> Option<(&[u8], std::borrow::Cow<'_, [u8]>)> {
    let k = memchr::memchr(0, data)?;
    let key = &data[..k];
    let rest = data.get(k + 1..)?;
    let (&compressed, rest) = rest.split_first()?;
    let (_method, rest) = rest.split_first()?;
    let l = memchr::memchr(0, rest)?;
    let rest = rest.get(l + 1..)?;
    let t = memchr::memchr(0, rest)?;
    let text = rest.get(t + 1..)?;
    if compressed == 1 {
        Some((key, inflate(text)?.into()))
    } else {
        Some((key, text.into()))
    }
}

/// tEXt: `keyword\0text`; zTXt: `keyword\0 method compressed-text`.
fn text_chunk(data: &[u8], compressed: bool) -> Option<(&[u8], Vec<u8>)> {
    let k = memchr::memchr(0, data)?;
    let key = &data[..k];
    if compressed {
        Some((key, inflate(data.get(k + 2..)?)?))
    } else {
        Some((key, data.get(k + 1..)?.to_vec()))
    }
}

/// ImageMagick's raw profile: `\nexif\n   LENGTH\nHEX…`.
fn raw_profile(text: &[u8]) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(text).ok()?;
    let mut lines = s.trim_start().splitn(3, '\n');
    let _name = lines.next()?;
    let len: usize = lines.next()?.trim().parse().ok()?;
    if len > MAX_INFLATED {
        return None;
    }
    let hexes: String = lines
        .next()?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let raw = hex::decode(hexes.get(..len * 2)?).ok()?;
    Some(raw)
}

fn webp(bytes: &[u8]) -> Embedded<'_> {
    let mut out = Embedded::default();
    let mut i = 12;
    while i + 8 <= bytes.len() {
        let kind = &bytes[i..i + 4];
        let len =
            u32::from_le_bytes([bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]]) as usize;
        let Some(end) = (i + 8).checked_add(len) else {
            break;
        };
        if end > bytes.len() {
            break;
        }
        let data = &bytes[i + 8..end];
        match kind {
            b"EXIF" if out.exif.is_none() => out.exif = tiff_block(data).map(Into::into),
            b"XMP " if out.xmp.is_none() => out.xmp = Some(data.into()),
            _ => {}
        }
        i = end + (len & 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked here
        c
    }

    #[test]
    fn png_exif_with_or_without_prefix_and_raw_profiles() {
        let tiff = b"II*\0\x08\0\0\0\0\0\0\0\0\0".to_vec();
        for data in [tiff.clone(), [b"Exif\0\0".as_slice(), &tiff].concat()] {
            let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
            png.extend(png_chunk(b"eXIf", &data));
            assert_eq!(find(&png).exif.as_deref(), Some(tiff.as_slice()));
        }
        let profile = format!(
            "\nexif\n      {}\n{}\n",
            tiff.len() + 6,
            hex::encode([b"Exif\0\0".as_slice(), &tiff].concat())
        );
        let mut text = b"Raw profile type exif\0".to_vec();
        text.extend_from_slice(profile.as_bytes());
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(png_chunk(b"tEXt", &text));
        assert_eq!(find(&png).exif.as_deref(), Some(tiff.as_slice()));
    }

    #[test]
    fn jpeg_segments_and_iptc() {
        let mut iptc_res = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
        let iptc = b"\x1c\x02\x37\0\x0820170322";
        iptc_res.extend_from_slice(&(iptc.len() as u32).to_be_bytes());
        iptc_res.extend_from_slice(iptc);
        let mut j = vec![0xFF, 0xD8];
        for (m, body) in [
            (
                0xE1u8,
                [b"Exif\0\0".as_slice(), b"MM\0*\0\0\0\x08"].concat(),
            ),
            (0xE1, [XMP_JPEG, b"<x:xmpmeta/>"].concat()),
            (0xED, iptc_res),
        ] {
            j.extend_from_slice(&[0xFF, m]);
            j.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
            j.extend_from_slice(&body);
        }
        j.extend_from_slice(&[0xFF, 0xDA, 0, 2]);
        let e = find(&j);
        assert_eq!(e.exif.as_deref(), Some(b"MM\0*\0\0\0\x08".as_slice()));
        assert_eq!(e.xmp.as_deref(), Some(b"<x:xmpmeta/>".as_slice()));
        assert_eq!(e.iptc, Some(iptc.as_slice()));
    }

    #[test]
    fn hostile_lengths_give_nothing() {
        assert_eq!(
            find(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 1]),
            Embedded::default()
        );
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        png.extend_from_slice(b"eXIf");
        assert_eq!(find(&png), Embedded::default());
        assert_eq!(
            find(b"RIFF\0\0\0\0WEBPEXIF\xff\xff\xff\xff"),
            Embedded::default()
        );
    }
}
