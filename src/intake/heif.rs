//! Decoding HEIC/HEIF (and AVIF) stills through libheif's command-line tools, which Debian 12
//! ships (`heif-thumbnailer`, or `heif-convert` from libheif-examples 1.15): no HEVC decoder
//! exists in pure Rust, and a subprocess keeps a decoder crash or a hostile file away from the
//! vault's process.
//!
//! The tools need a seekable file, so the image is handed over as an in-memory file
//! (`memfd_create`, opened by the child as `/proc/self/fd/N`); the result comes back through a
//! pipe (`/proc/self/fd/1`). `heif-convert` picks its output format from the output name's
//! suffix, so it writes to `out.jpg` in a private empty folder, a symbolic link to its own stdout;
//! the child cannot write any byte to a regular file anyway (`RLIMIT_FSIZE` 0, see `tools.rs`),
//! and the folder is removed afterwards. libheif applies the image's rotation and mirroring.

use std::ffi::OsStr;

use image::DynamicImage;

use super::thumb::DecodeError;
use super::tools::{self, Input, MemFile, ToolError, ToolLimits};
use crate::item::MediaTool;

/// Which of libheif's tools is installed, if any.
pub fn available() -> bool {
    tools::find_program("heif-thumbnailer").is_some()
        || tools::find_program("heif-convert").is_some()
}

/// Decodes a HEIF image to at most `max_side` pixels on its long side (orientation applied).
pub fn decode(bytes: &[u8], max_side: u32) -> Result<DynamicImage, DecodeError> {
    let input = MemFile::with_bytes(bytes).map_err(|e| {
        tool_error(ToolError::Memory {
            tool: "heif-thumbnailer",
            source: e,
        })
    })?;
    let limits = ToolLimits::PREVIEW;
    let encoded = if let Some(p) = tools::find_program("heif-thumbnailer") {
        let size = max_side.to_string();
        let path = input.child_path();
        let mut args: Vec<&OsStr> = vec![OsStr::new("-s"), OsStr::new(&size)];
        // Above the size of embedded thumbnails, render from the primary image.
        if max_side > 320 {
            args.push(OsStr::new("-p"));
        }
        args.push(OsStr::new(&path));
        args.push(OsStr::new("/proc/self/fd/1"));
        tools::run(
            "heif-thumbnailer",
            &p,
            &args,
            Input::None,
            &[&input],
            &limits,
        )
        .map_err(tool_error)?
    } else if let Some(p) = tools::find_program("heif-convert") {
        let dir = tempfile::Builder::new()
            .prefix("evault-heif-")
            .tempdir()
            .map_err(|e| DecodeError::Tool(format!("could not make a private folder: {e}")))?;
        let out = dir.path().join("out.jpg");
        std::os::unix::fs::symlink("/proc/self/fd/1", &out)
            .map_err(|e| DecodeError::Tool(format!("could not prepare heif-convert: {e}")))?;
        let path = input.child_path();
        let args: Vec<&OsStr> = vec![
            OsStr::new("--quiet"),
            OsStr::new("-q"),
            OsStr::new("92"),
            OsStr::new(&path),
            out.as_os_str(),
        ];
        let r = tools::run("heif-convert", &p, &args, Input::None, &[&input], &limits);
        drop(dir);
        r.map_err(tool_error)?
    } else {
        return Err(DecodeError::NeedsTool(MediaTool::Heif));
    };
    let image = super::thumb::decode_plain(&encoded, max_side)?;
    Ok(image)
}

fn tool_error(e: ToolError) -> DecodeError {
    match e {
        ToolError::Missing { .. } | ToolError::Unsupported { .. } => {
            DecodeError::NeedsTool(MediaTool::Heif)
        }
        other => DecodeError::Tool(other.to_string()),
    }
}
