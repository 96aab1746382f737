//! Video and sound files: deciding the kind and reading the container's metadata from what was
//! kept while the file streamed through intake's single read (its head, its tail and, for
//! MP4/MOV/3GP, its index wherever it lies). Pure Rust: our own ISO BMFF reader
//! (`isobmff.rs`), nom-exif for Matroska/WebM, small readers for WAV, FLAC, MP3 and Ogg.

use std::path::Path;

use super::isobmff::{self, IndexCapture, MovieFacts};
use crate::item::{Camera, CaptureSource, Gps, Kind};

/// Bytes kept from the start of a media file.
const HEAD: usize = 4 * 1024 * 1024;
/// Bytes kept from its end (Ogg's last page, ID3v1, Matroska cues).
const TAIL: usize = 256 * 1024;
/// Most index (`moov` and other non-media boxes) kept from an ISO BMFF file.
const MAX_INDEX: usize = 64 * 1024 * 1024;

/// Watches a media file stream past (see [`IndexCapture`]).
pub struct MediaCapture {
    head: Vec<u8>,
    tail: Vec<u8>,
    index: Option<IndexCapture>,
    size: u64,
}

impl MediaCapture {
    /// For a file whose first chunk is `first` (not yet fed).
    pub fn new(first: &[u8]) -> Self {
        let iso = first.len() >= 8 && &first[4..8] == b"ftyp";
        Self {
            head: Vec::new(),
            tail: Vec::new(),
            index: iso.then(|| IndexCapture::new(MAX_INDEX)),
            size: 0,
        }
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        self.size += chunk.len() as u64;
        if self.head.len() < HEAD {
            let n = (HEAD - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..n]);
        }
        if chunk.len() >= TAIL {
            self.tail.clear();
            self.tail.extend_from_slice(&chunk[chunk.len() - TAIL..]);
        } else {
            self.tail.extend_from_slice(chunk);
            if self.tail.len() > TAIL {
                self.tail.drain(..self.tail.len() - TAIL);
            }
        }
        if let Some(i) = self.index.as_mut() {
            i.feed(chunk);
        }
    }

    pub fn finish(mut self) -> Captured {
        if let Some(i) = self.index.as_mut() {
            i.finish();
        }
        Captured {
            head: self.head,
            tail: self.tail,
            index: self.index,
            size: self.size,
        }
    }
}

/// What [`MediaCapture`] kept.
pub struct Captured {
    pub head: Vec<u8>,
    pub tail: Vec<u8>,
    pub index: Option<IndexCapture>,
    pub size: u64,
}

/// What intake records about a video or sound file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MediaFacts {
    pub kind: Kind,
    pub duration_ms: Option<u64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub orientation: Option<u16>,
    pub captured_at: Option<String>,
    pub captured_at_source: Option<CaptureSource>,
    pub gps: Option<Gps>,
    pub camera: Option<Camera>,
    /// Why the file is not the kind its type or name suggests, for the intake note.
    pub note: Option<String>,
}

/// Whether a file of this MIME type (by content) is worth watching as media.
pub fn may_be_media(mime: &str, first: &[u8]) -> bool {
    mime.starts_with("video/")
        || mime.starts_with("audio/")
        || (first.len() >= 8 && &first[4..8] == b"ftyp")
        || first.starts_with(&[0x1A, 0x45, 0xDF, 0xA3])
}

/// Names that promise a video or sound recording (used only to explain a file that is not).
fn media_extension(name: &Path) -> Option<String> {
    let ext = name.extension()?.to_str()?.to_ascii_lowercase();
    const MEDIA: [&str; 18] = [
        "mp4", "mov", "m4v", "3gp", "3g2", "mkv", "webm", "avi", "mts", "m4a", "mp3", "wav",
        "flac", "ogg", "opus", "amr", "aac", "wma",
    ];
    MEDIA.contains(&ext.as_str()).then_some(ext)
}

/// Decides the kind of a file that may be media, from what was captured (`None`: not media).
pub fn analyze(c: Option<&Captured>, mime: &str, name: &Path) -> Option<MediaFacts> {
    let Some(c) = c else {
        // Not recognised as media by content: a note if its name says otherwise.
        return media_extension(name).map(|ext| MediaFacts {
            kind: Kind::File,
            note: Some(format!(
                "named like a video or sound file (.{ext}) but its content is not a recognisable video or audio container ({mime}); kept as a file"
            )),
            ..Default::default()
        });
    };
    let head = c.head.as_slice();
    if let Some(index) = &c.index {
        if isobmff::is_heif(head) {
            return None; // a HEIF still image: the photo path reads it
        }
        return Some(iso_facts(index, head));
    }
    if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return Some(matroska_facts(head, mime));
    }
    if mime.starts_with("audio/") {
        return Some(MediaFacts {
            kind: Kind::Audio,
            duration_ms: audio_duration(head, &c.tail, c.size, mime),
            ..Default::default()
        });
    }
    if mime.starts_with("video/") {
        // AVI, MPEG, FLV, WMV: kept as video; their metadata is not read.
        return Some(MediaFacts {
            kind: Kind::Video,
            ..Default::default()
        });
    }
    None
}

fn iso_facts(index: &IndexCapture, head: &[u8]) -> MediaFacts {
    let brand = isobmff::brands(head)
        .and_then(|b| b.first().copied())
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let moov = isobmff::child(&index.kept, b"moov");
    let Some(moov) = moov.filter(|_| index.saw_moov) else {
        let why = if index.broken {
            "the file ends before its index (moov box): it is truncated or was still being written"
        } else {
            "it has no index (moov box)"
        };
        return MediaFacts {
            kind: Kind::File,
            note: Some(format!(
                "an MP4/QuickTime container (brand '{brand}') whose video cannot be read: {why}; kept as a file, byte for byte"
            )),
            ..Default::default()
        };
    };
    let m: MovieFacts = isobmff::movie_facts(moov.body);
    let kind = if m.has_video {
        Kind::Video
    } else if m.has_audio {
        Kind::Audio
    } else {
        return MediaFacts {
            kind: Kind::File,
            note: Some(format!(
                "an MP4/QuickTime container (brand '{brand}') with neither a video nor a sound track; kept as a file"
            )),
            ..Default::default()
        };
    };
    let note = index.broken.then(|| {
        "the file is cut short after its index (truncated?): the recording may end early or not play".to_owned()
    });
    MediaFacts {
        kind,
        duration_ms: m.duration_ms,
        width: m.width,
        height: m.height,
        orientation: m.orientation,
        captured_at: m.captured_at,
        captured_at_source: m.captured_at_source,
        gps: m.gps,
        camera: m.camera,
        note,
    }
}

fn matroska_facts(head: &[u8], mime: &str) -> MediaFacts {
    let parsed = std::panic::catch_unwind(|| {
        let ms = nom_exif::MediaSource::from_memory(head.to_vec()).ok()?;
        nom_exif::MediaParser::new().parse_track(ms).ok()
    })
    .ok()
    .flatten();
    let Some(t) = parsed else {
        return MediaFacts {
            kind: Kind::File,
            note: Some(format!(
                "a Matroska/WebM container ({mime}) whose header cannot be read (damaged or truncated?); kept as a file"
            )),
            ..Default::default()
        };
    };
    use nom_exif::{EntryValue, TrackInfoTag};
    let u32_of = |tag| match t.get(tag) {
        Some(EntryValue::U32(v)) => Some(*v).filter(|v| *v > 0),
        Some(EntryValue::U64(v)) => u32::try_from(*v).ok().filter(|v| *v > 0),
        _ => None,
    };
    let width = u32_of(TrackInfoTag::Width);
    let height = u32_of(TrackInfoTag::Height);
    let duration_ms = match t.get(TrackInfoTag::DurationMs) {
        Some(EntryValue::U64(v)) => Some(*v),
        Some(EntryValue::U32(v)) => Some(u64::from(*v)),
        _ => None,
    };
    let captured_at = match t.get(TrackInfoTag::CreateDate) {
        Some(EntryValue::DateTime(d)) if d.timestamp() > 978_307_200 => {
            // DateUTC counts from 2001-01-01; an unset 0 shows as that date exactly.
            Some(
                d.to_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            )
        }
        _ => None,
    };
    // A video track gives a picture size; without one it is a sound recording (MKA, WebM audio).
    let kind = if width.is_some() {
        Kind::Video
    } else {
        Kind::Audio
    };
    MediaFacts {
        kind,
        duration_ms,
        width,
        height,
        captured_at_source: captured_at.as_ref().map(|_| CaptureSource::Matroska),
        captured_at,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Sound

fn le_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn le_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn le_u64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}
fn be_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Duration of WAV, FLAC, MP3 and Ogg (Opus/Vorbis) recordings; `None` when unknown.
pub fn audio_duration(head: &[u8], tail: &[u8], size: u64, mime: &str) -> Option<u64> {
    let ms = match mime {
        "audio/x-wav" => wav(head),
        "audio/x-flac" => flac(head),
        "audio/mpeg" => mp3(head, size),
        "audio/ogg" | "audio/opus" => ogg(head, tail),
        _ => None,
    }?;
    (ms > 0 && ms < 1000 * 3600 * 24 * 30).then_some(ms)
}

fn wav(b: &[u8]) -> Option<u64> {
    if b.get(..4)? != b"RIFF" || b.get(8..12)? != b"WAVE" {
        return None;
    }
    let mut at = 12;
    let mut byte_rate = None;
    while at + 8 <= b.len() {
        let id = &b[at..at + 4];
        let len = le_u32(b, at + 4)? as usize;
        if id == b"fmt " {
            byte_rate = le_u32(b, at + 16).filter(|r| *r > 0);
        } else if id == b"data" {
            return Some(len as u64 * 1000 / u64::from(byte_rate?));
        }
        at = at.checked_add(8 + len + (len & 1))?;
    }
    None
}

fn flac(b: &[u8]) -> Option<u64> {
    if b.get(..4)? != b"fLaC" {
        return None;
    }
    // STREAMINFO is the first metadata block: sample rate (20 bits) and total samples (36 bits)
    // start at byte 10 of its body.
    let si = b.get(8..8 + 34)?;
    let rate = (u32::from(si[10]) << 12) | (u32::from(si[11]) << 4) | (u32::from(si[12]) >> 4);
    let total = (u64::from(si[13] & 0x0F) << 32) | u64::from(be_u32(si, 14)?);
    (rate > 0 && total > 0).then(|| total * 1000 / u64::from(rate))
}

fn mp3(b: &[u8], size: u64) -> Option<u64> {
    let mut at = 0;
    if b.starts_with(b"ID3") && b.len() >= 10 {
        let s = &b[6..10];
        let len = (usize::from(s[0] & 0x7F) << 21)
            | (usize::from(s[1] & 0x7F) << 14)
            | (usize::from(s[2] & 0x7F) << 7)
            | usize::from(s[3] & 0x7F);
        at = 10 + len;
    }
    // The first frame header.
    let limit = (at + 64 * 1024).min(b.len().saturating_sub(4));
    while at < limit && !(b[at] == 0xFF && b[at + 1] & 0xE0 == 0xE0) {
        at += 1;
    }
    let h = be_u32(b, at)?;
    let version = (h >> 19) & 3; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
    let layer = (h >> 17) & 3; // 1 = layer III
    let bitrate_i = ((h >> 12) & 0xF) as usize;
    let rate_i = ((h >> 10) & 3) as usize;
    if layer != 1 || bitrate_i == 0 || bitrate_i == 15 || rate_i == 3 || version == 1 {
        return None;
    }
    let rates = match version {
        3 => [44100, 48000, 32000],
        2 => [22050, 24000, 16000],
        _ => [11025, 12000, 8000],
    };
    let rate = rates[rate_i];
    let samples_per_frame: u64 = if version == 3 { 1152 } else { 576 };
    // A Xing/Info or VBRI header gives the frame count.
    let mono = (h >> 6) & 3 == 3;
    let side = match (version == 3, mono) {
        (true, false) => 32,
        (true, true) => 17,
        (false, false) => 17,
        (false, true) => 9,
    };
    let x = at + 4 + side;
    if matches!(b.get(x..x + 4), Some(b"Xing") | Some(b"Info")) {
        let flags = be_u32(b, x + 4)?;
        if flags & 1 != 0 {
            let frames = be_u32(b, x + 8)?;
            return Some(u64::from(frames) * samples_per_frame * 1000 / rate);
        }
    }
    if b.get(at + 36..at + 40) == Some(b"VBRI") {
        let frames = be_u32(b, at + 36 + 14)?;
        return Some(u64::from(frames) * samples_per_frame * 1000 / rate);
    }
    // Constant bit rate: size / rate.
    let kbps: [u64; 15] = if version == 3 {
        [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ]
    } else {
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
    };
    let bps = kbps[bitrate_i] * 1000;
    Some(size.saturating_sub(at as u64) * 8 * 1000 / bps)
}

fn ogg(head: &[u8], tail: &[u8]) -> Option<u64> {
    if !head.starts_with(b"OggS") {
        return None;
    }
    // The first packet names the codec and (for Vorbis) the sample rate.
    let segs = usize::from(*head.get(26)?);
    let body = 27 + segs;
    let rate: u64 = if head.get(body..body + 8) == Some(b"OpusHead") {
        48_000
    } else if head.get(body..body + 7) == Some(b"\x01vorbis") {
        u64::from(le_u32(head, body + 12)?)
    } else {
        return None;
    };
    // The granule position of the last page in the tail.
    let last = memchr::memmem::rfind(tail, b"OggS")?;
    let granule = le_u64(tail, last + 6)?;
    if granule == u64::MAX || rate == 0 {
        return None;
    }
    let pre_skip = if rate == 48_000 {
        u64::from(le_u16(head, body + 10).unwrap_or(0))
    } else {
        0
    };
    Some(granule.saturating_sub(pre_skip) * 1000 / rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_and_flac_durations() {
        // 1 s of 8 kHz 16-bit mono.
        let mut w = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
        w.extend_from_slice(&16u32.to_le_bytes());
        w.extend_from_slice(&[1, 0, 1, 0]);
        w.extend_from_slice(&8000u32.to_le_bytes());
        w.extend_from_slice(&16000u32.to_le_bytes());
        w.extend_from_slice(&[2, 0, 16, 0]);
        w.extend_from_slice(b"data");
        w.extend_from_slice(&16000u32.to_le_bytes());
        assert_eq!(audio_duration(&w, &[], 0, "audio/x-wav"), Some(1000));
        assert_eq!(audio_duration(b"RIFF", &[], 0, "audio/x-wav"), None);
        // FLAC: 44100 Hz, 88200 samples = 2 s.
        let mut f = b"fLaC\0\0\0\x22".to_vec();
        let mut si = [0u8; 34];
        let rate = 44100u32;
        si[10] = (rate >> 12) as u8;
        si[11] = (rate >> 4) as u8;
        si[12] = ((rate & 0xF) << 4) as u8;
        si[14..18].copy_from_slice(&88200u32.to_be_bytes());
        f.extend_from_slice(&si);
        assert_eq!(audio_duration(&f, &[], 0, "audio/x-flac"), Some(2000));
    }

    #[test]
    fn names_that_promise_media_get_a_note() {
        let f = analyze(None, "application/octet-stream", Path::new("clip.MOV")).unwrap();
        assert_eq!(f.kind, Kind::File);
        assert!(f.note.unwrap().contains(".mov"));
        assert!(analyze(None, "application/pdf", Path::new("a.pdf")).is_none());
    }

    #[test]
    fn garbage_media_never_panics() {
        for data in [
            vec![0x1A, 0x45, 0xDF, 0xA3, 0xFF, 0xFF, 0xFF],
            b"\0\0\0\x20ftypisom".to_vec(),
            b"OggS\0\0".to_vec(),
            b"ID3\x04\0\0\x7f\x7f\x7f\x7f".to_vec(),
        ] {
            let mut c = MediaCapture::new(&data);
            c.feed(&data);
            let c = c.finish();
            for mime in ["video/webm", "video/mp4", "audio/ogg", "audio/mpeg"] {
                let _ = analyze(Some(&c), mime, Path::new("x"));
            }
        }
    }
}
