//! MIME type by content (magic bytes), never by file name.

/// The MIME type of a file from its first bytes.
pub fn sniff(head: &[u8]) -> String {
    if let Some(t) = infer::get(head) {
        return t.mime_type().to_owned();
    }
    if head.is_empty() {
        return "application/x-empty".into();
    }
    // Plain text: valid UTF-8 (allowing a cut multi-byte sequence at the end) without NULs.
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > head.len(),
    };
    if valid && !head.contains(&0) {
        "text/plain".into()
    } else {
        "application/octet-stream".into()
    }
}

/// Whether content with this MIME type may be an image worth keeping in memory for EXIF/thumbnail.
pub fn may_be_image(mime: &str) -> bool {
    mime.starts_with("image/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_common_types() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F']),
            "image/jpeg"
        );
        assert_eq!(sniff(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(sniff("شهادة".as_bytes()), "text/plain");
        assert_eq!(sniff(&[0, 1, 2, 3, 200]), "application/octet-stream");
        assert_eq!(sniff(b""), "application/x-empty");
    }
}
