//! Bag layout: the fixed tag-file names, payload naming, name sanitising and path safety checks.
//!
//! Every name that comes out of a bundle is hostile input until [`check_entry_path`] has accepted
//! it; every name that goes into a bundle passes [`sanitise_name`] first.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

pub const BAGIT_TXT: &str = "bagit.txt";
pub const BAG_INFO_TXT: &str = "bag-info.txt";
pub const MANIFEST: &str = "manifest-sha256.txt";
pub const TAGMANIFEST: &str = "tagmanifest-sha256.txt";
pub const ITEMS_JSONL: &str = "evidence/items.jsonl";
pub const CUSTODY_JSONL: &str = "evidence/custody.jsonl";
pub const SIGNER_PUB: &str = "evidence/signer.pub";
pub const MANIFEST_SIG: &str = "evidence/manifest.sig";
/// The incidents of the bundle's items, written only when there are any (a bundle without
/// incidents has exactly the layout of earlier versions, so their importers still read it).
pub const INCIDENTS_JSONL: &str = "evidence/incidents.jsonl";

/// Tag files in the order export writes them.
pub const TAG_FILES: [&str; 8] = [
    BAGIT_TXT,
    BAG_INFO_TXT,
    MANIFEST,
    TAGMANIFEST,
    ITEMS_JSONL,
    CUSTODY_JSONL,
    SIGNER_PUB,
    MANIFEST_SIG,
];

/// Tag files that `tagmanifest-sha256.txt` must list (it cannot list itself, and the signature
/// over it cannot be listed in it).
pub const SIGNED_TAG_FILES: [&str; 6] = [
    BAGIT_TXT,
    BAG_INFO_TXT,
    MANIFEST,
    ITEMS_JSONL,
    CUSTODY_JSONL,
    SIGNER_PUB,
];

/// Tag files a bundle may have; each must be listed in (and so signed by) the tag manifest.
pub const OPTIONAL_TAG_FILES: [&str; 1] = [INCIDENTS_JSONL];

/// Most unknown tag files accepted (see [`EntryKind::ExtraTag`]).
pub const MAX_EXTRA_TAG_FILES: usize = 16;

/// Largest tag file accepted (items.jsonl and custody.jsonl of a big export fit easily).
pub const MAX_TAG_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Largest single payload accepted (1 TiB): a header claiming more is refused before reading.
pub const MAX_PAYLOAD_BYTES: u64 = 1 << 40;
/// Most entries accepted in one bundle.
pub const MAX_ENTRIES: usize = 1_000_000;
/// Longest entry path accepted, in bytes.
pub const MAX_PATH_BYTES: usize = 1024;
/// Longest sanitised file name written, in bytes.
const MAX_NAME_BYTES: usize = 150;

/// What an accepted entry path is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// One of [`TAG_FILES`] or [`OPTIONAL_TAG_FILES`].
    Tag(&'static str),
    /// `evidence/NAME` that this version does not know: a later version's addition. Read (up to
    /// [`MAX_EXTRA_TAG_FILES`]), required to be signed like every tag file, and otherwise left
    /// alone, so that a newer sender's bundle still imports here.
    ExtraTag(String),
    /// `data/ITEM-ID/NAME`.
    Payload { item_id: String },
    /// `data/`, `evidence/` or `data/ITEM-ID/`.
    Dir,
}

/// Is `id` an item ID as this program makes them (32 lowercase hex digits)?
pub fn is_item_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Is this one path component a Windows device name (`CON`, `nul.txt`, `COM1.jpg`, …)?
pub fn is_windows_reserved(component: &str) -> bool {
    let stem = component.split('.').next().unwrap_or("").trim_end();
    WINDOWS_RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(stem))
}

fn is_forbidden_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '%'
        )
}

/// Makes an original file name safe for every file system a recipient might unpack on: NFC,
/// no separators, control or Windows-forbidden characters, no `%` (BagIt manifests would need
/// to percent-encode it), no leading/trailing dots or spaces, no device names, at most 150
/// bytes (keeping the extension). The original name itself travels in `items.jsonl`.
pub fn sanitise_name(name: &str) -> String {
    let nfc: String = name.nfc().collect();
    let mut out: String = nfc
        .chars()
        .map(|c| if is_forbidden_char(c) { '_' } else { c })
        .collect();
    out = out
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_owned();
    if out.is_empty() {
        out = "file".into();
    }
    if is_windows_reserved(&out) {
        out.insert(0, '_');
    }
    if out.len() > MAX_NAME_BYTES {
        let ext = out
            .rfind('.')
            .map(|i| out[i..].to_owned())
            .filter(|e| e.len() <= 16)
            .unwrap_or_default();
        let mut stem_end = MAX_NAME_BYTES - ext.len();
        while !out.is_char_boundary(stem_end) {
            stem_end -= 1;
        }
        out = format!("{}{ext}", &out[..stem_end]);
    }
    out
}

/// The payload path of an item.
pub fn payload_path(item_id: &str, original_name: Option<&str>) -> String {
    format!(
        "data/{item_id}/{}",
        sanitise_name(original_name.unwrap_or("file"))
    )
}

/// Why an entry path is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    #[error("name is not valid UTF-8")]
    NotUtf8,
    #[error("name is empty")]
    Empty,
    #[error("name is longer than {MAX_PATH_BYTES} bytes")]
    TooLong,
    #[error("absolute path")]
    Absolute,
    #[error("'..' or '.' path component")]
    DotComponent,
    #[error("empty path component")]
    EmptyComponent,
    #[error("backslash, control or Windows-forbidden character in the name")]
    ForbiddenChar,
    #[error("Windows-reserved device name")]
    WindowsReserved,
    #[error("name ends with a dot or a space")]
    TrailingDotOrSpace,
    #[error("not a place in the bag layout")]
    OutsideLayout,
    #[error("a directory entry where a file belongs, or a file where a directory belongs")]
    WrongType,
}

/// Checks one tar entry name (raw bytes) against the bag layout. `is_dir` for directory entries.
pub fn check_entry_path(raw: &[u8], is_dir: bool) -> Result<(String, EntryKind), PathProblem> {
    let s = std::str::from_utf8(raw).map_err(|_| PathProblem::NotUtf8)?;
    if s.is_empty() {
        return Err(PathProblem::Empty);
    }
    if s.len() > MAX_PATH_BYTES {
        return Err(PathProblem::TooLong);
    }
    if s.starts_with('/') || s.starts_with('\\') || s.as_bytes().get(1) == Some(&b':') {
        return Err(PathProblem::Absolute);
    }
    let trimmed = s.strip_suffix('/').unwrap_or(s);
    let parts: Vec<&str> = trimmed.split('/').collect();
    for p in &parts {
        if p.is_empty() {
            return Err(PathProblem::EmptyComponent);
        }
        if *p == ".." || *p == "." {
            return Err(PathProblem::DotComponent);
        }
        if p.chars()
            .any(|c| c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        {
            return Err(PathProblem::ForbiddenChar);
        }
        if is_windows_reserved(p) {
            return Err(PathProblem::WindowsReserved);
        }
        if p.ends_with('.') || p.ends_with(' ') {
            return Err(PathProblem::TrailingDotOrSpace);
        }
    }
    let kind = match parts.as_slice() {
        ["data"] | ["evidence"] => EntryKind::Dir,
        ["data", id] if is_item_id(id) => EntryKind::Dir,
        ["data", id, _name] if is_item_id(id) => EntryKind::Payload {
            item_id: (*id).to_owned(),
        },
        _ => match TAG_FILES
            .iter()
            .chain(OPTIONAL_TAG_FILES.iter())
            .find(|t| **t == trimmed)
        {
            Some(t) => EntryKind::Tag(t),
            None if !is_dir && matches!(parts.as_slice(), ["evidence", _]) => {
                EntryKind::ExtraTag(trimmed.to_owned())
            }
            None => return Err(PathProblem::OutsideLayout),
        },
    };
    if (kind == EntryKind::Dir) != is_dir {
        return Err(PathProblem::WrongType);
    }
    Ok((trimmed.to_owned(), kind))
}

/// The key two names collide under: NFC, then Unicode lower case (a close approximation of
/// case folding, which is what case-insensitive file systems do).
pub fn collision_key(path: &str) -> String {
    let nfc: String = path.nfc().collect();
    let lower: String = nfc.to_lowercase();
    lower.nfc().collect()
}

/// Remembers every name seen and reports the first one a new name collides with.
#[derive(Default)]
pub struct NameSet(HashMap<String, String>);

impl NameSet {
    /// Returns the earlier name if `path` collides with one (exactly, or after normalisation).
    pub fn insert(&mut self, path: &str) -> Option<String> {
        let key = collision_key(path);
        if let Some(prev) = self.0.get(&key) {
            return Some(prev.clone());
        }
        self.0.insert(key, path.to_owned());
        None
    }
}

/// Parses a BagIt manifest (`HASH  PATH` per line) into (path, lowercase hash) pairs.
/// BagIt 1.0 percent-encodes CR, LF and `%` in paths; they are decoded here.
pub fn parse_manifest(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let (hash, path) = line
            .split_once([' ', '\t'])
            .ok_or_else(|| format!("line {}: not 'HASH PATH'", n + 1))?;
        let path = path.trim_start_matches([' ', '\t']);
        let hash = hash.to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("line {}: not a SHA-256", n + 1));
        }
        let path = percent_decode(path).ok_or_else(|| format!("line {}: bad %-escape", n + 1))?;
        let path = path.strip_prefix("./").unwrap_or(&path).to_owned();
        out.push((path, hash));
    }
    Ok(out)
}

fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Parses `bag-info.txt` / `bagit.txt` style `Label: value` lines (continuations folded in).
pub fn parse_tag_fields(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitising_keeps_arabic_and_removes_danger() {
        assert_eq!(sanitise_name("صورة المخبز.jpg"), "صورة المخبز.jpg");
        assert_eq!(sanitise_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(sanitise_name("CON.txt"), "_CON.txt");
        assert_eq!(sanitise_name("a%b:c.txt "), "a_b_c.txt");
        assert_eq!(sanitise_name("..."), "file");
        let long = format!("{}.jpeg", "ب".repeat(200));
        let s = sanitise_name(&long);
        assert!(s.len() <= 150 && s.ends_with(".jpeg"), "{s}");
    }

    #[test]
    fn paths_are_checked() {
        let id = "0123456789abcdef0123456789abcdef";
        assert!(check_entry_path(format!("data/{id}/a.jpg").as_bytes(), false).is_ok());
        assert!(check_entry_path(b"bagit.txt", false).is_ok());
        assert!(check_entry_path(b"data/", true).is_ok());
        assert_eq!(
            check_entry_path(b"/etc/passwd", false),
            Err(PathProblem::Absolute)
        );
        assert_eq!(
            check_entry_path(format!("data/{id}/../x").as_bytes(), false),
            Err(PathProblem::DotComponent)
        );
        assert_eq!(
            check_entry_path(format!("data/{id}/nul.txt").as_bytes(), false),
            Err(PathProblem::WindowsReserved)
        );
        assert_eq!(
            check_entry_path(b"other.txt", false),
            Err(PathProblem::OutsideLayout)
        );
        assert_eq!(
            check_entry_path(b"data/zz/a", false),
            Err(PathProblem::OutsideLayout)
        );
        assert_eq!(
            check_entry_path(b"evidence/incidents.jsonl", false),
            Ok((INCIDENTS_JSONL.to_owned(), EntryKind::Tag(INCIDENTS_JSONL)))
        );
        // A later version's tag file is read (and must be signed); deeper paths are not.
        assert_eq!(
            check_entry_path(b"evidence/places.jsonl", false),
            Ok((
                "evidence/places.jsonl".to_owned(),
                EntryKind::ExtraTag("evidence/places.jsonl".into())
            ))
        );
        assert_eq!(
            check_entry_path(b"evidence/x/y.jsonl", false),
            Err(PathProblem::OutsideLayout)
        );
    }

    #[test]
    fn collisions_after_normalisation_and_case() {
        let mut s = NameSet::default();
        assert!(s.insert("data/x/Caf\u{e9}.jpg").is_none());
        assert!(s.insert("data/x/CAFE\u{301}.JPG").is_some());
    }

    #[test]
    fn manifests_parse() {
        let h = "a".repeat(64);
        let m = parse_manifest(&format!("{h}  data/x/a%25b.txt\n")).unwrap();
        assert_eq!(m, vec![("data/x/a%b.txt".to_owned(), h)]);
        assert!(parse_manifest("zz data/x").is_err());
    }
}
