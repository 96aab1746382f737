//! One frame of a video through the system's `ffmpeg`, for its thumbnail and perceptual hash,
//! without the video's plaintext ever reaching a disk.
//!
//! ffmpeg reads MP4/MOV from a pipe only when the index (`moov`) comes first, and phones write it
//! last. So the decrypted video is handed over as an in-memory file (`memfd_create`, opened by
//! ffmpeg as `/proc/self/fd/N`, seekable): whole when it is up to [`FULL_COPY`], otherwise only its
//! first and last [`PART`] bytes, the rest of the in-memory file left as a hole (zeros that take
//! no memory). The index is at one end and the first second of pictures at the start, which is
//! all one frame needs; memory stays bounded whatever the size of the video. The frame comes
//! back as a PNG through a pipe. ffmpeg runs under the limits of `tools.rs`.

use std::ffi::OsStr;
use std::io::{Read, Seek, SeekFrom};

use image::DynamicImage;

use super::thumb::DecodeError;
use super::tools::{self, Input, MemFile, ToolError, ToolLimits};
use crate::item::MediaTool;

/// Videos up to this size are handed to ffmpeg whole.
pub const FULL_COPY: u64 = 256 * 1024 * 1024;
/// Of a larger video, this much of its start and of its end.
pub const PART: u64 = 64 * 1024 * 1024;

/// Whether `ffmpeg` is installed.
pub fn available() -> bool {
    tools::find_program("ffmpeg").is_some()
}

/// A frame of the video readable from `reader` (its plaintext, `size` bytes), at most `max_side`
/// pixels on its long side, rotated as the video is displayed. `duration_ms` picks the moment:
/// 1 s in when the video is longer than 2 s (the very first frame is often black), else the start.
pub fn frame<R: Read + Seek>(
    reader: &mut R,
    size: u64,
    duration_ms: Option<u64>,
    max_side: u32,
) -> Result<DynamicImage, DecodeError> {
    let Some(program) = tools::find_program("ffmpeg") else {
        return Err(DecodeError::NeedsTool(MediaTool::Ffmpeg));
    };
    let mem = MemFile::new().map_err(|e| memory(e.to_string()))?;
    copy_parts(reader, size, &mem).map_err(|e| {
        DecodeError::Corrupt(format!("the stored video could not be decrypted: {e}"))
    })?;
    let at_1s = duration_ms.is_some_and(|d| d > 2000);
    match run(&program, &mem, at_1s, max_side) {
        Err(DecodeError::Tool(_)) if at_1s => run(&program, &mem, false, max_side),
        r => r,
    }
}

fn run(
    program: &std::path::Path,
    mem: &MemFile,
    at_1s: bool,
    max_side: u32,
) -> Result<DynamicImage, DecodeError> {
    let path = mem.child_path();
    let scale = format!("scale=w={max_side}:h={max_side}:force_original_aspect_ratio=decrease");
    let mut args: Vec<&OsStr> = [
        "-hide_banner",
        "-loglevel",
        "error",
        "-nostdin",
        "-threads",
        "2",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    if at_1s {
        args.extend([OsStr::new("-ss"), OsStr::new("1")]);
    }
    let tail: [&str; 16] = [
        "-i",
        &path,
        "-map",
        "0:v:0",
        "-frames:v",
        "1",
        "-an",
        "-sn",
        "-dn",
        "-vf",
        &scale,
        "-f",
        "image2pipe",
        "-c:v",
        "png",
        "pipe:1",
    ];
    args.extend(tail.iter().map(OsStr::new));
    let limits = ToolLimits {
        max_output: 16 * 1024 * 1024,
        ..ToolLimits::PREVIEW
    };
    let png =
        tools::run("ffmpeg", program, &args, Input::None, &[mem], &limits).map_err(
            |e| match e {
                ToolError::Missing { .. } | ToolError::Unsupported { .. } => {
                    DecodeError::NeedsTool(MediaTool::Ffmpeg)
                }
                other => DecodeError::Tool(other.to_string()),
            },
        )?;
    if png.is_empty() {
        return Err(DecodeError::Tool(
            "ffmpeg found no picture to decode in this video".into(),
        ));
    }
    super::thumb::decode_plain(&png, max_side)
}

fn memory(why: String) -> DecodeError {
    DecodeError::Tool(format!(
        "could not hand the video to ffmpeg in memory: {why}"
    ))
}

/// Copies the whole plaintext, or its first and last [`PART`] bytes, into `mem` (sized `size`).
fn copy_parts<R: Read + Seek>(reader: &mut R, size: u64, mem: &MemFile) -> std::io::Result<()> {
    mem.set_len(size)?;
    let ranges: Vec<(u64, u64)> = if size <= FULL_COPY {
        vec![(0, size)]
    } else {
        vec![(0, PART), (size - PART, size)]
    };
    let mut buf = vec![0u8; 1 << 20];
    for (start, end) in ranges {
        reader.seek(SeekFrom::Start(start))?;
        let mut at = start;
        while at < end {
            let want = ((end - at) as usize).min(buf.len());
            let n = reader.read(&mut buf[..want])?;
            if n == 0 {
                break;
            }
            mem.write_at(&buf[..n], at)?;
            at += n as u64;
        }
    }
    Ok(())
}
