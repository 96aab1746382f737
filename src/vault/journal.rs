//! Journal segments: `journal/SEQ.sql.age`, one per committed change since the base.
//!
//! Plaintext of a segment (SQL that stock `sqlite3 -bail` replays onto the base):
//!
//! ```text
//! -- evidence-vault journal segment
//! -- vault VAULT_ID base BASE_ID seq 43 prev SHA256_OF_SEGMENT_42_PLAINTEXT
//! BEGIN;
//! UPDATE journal_state SET seq = 43, base_id = 'BASE_ID' WHERE id = 1;
//! …the change…
//! COMMIT;
//! ```
//!
//! `prev` is `-` for the first segment of a vault; for the first after a compaction it is the hash
//! the base records (`journal_state.last_sha256`). Files appear only by an atomic rename after
//! fsync, never overwrite one another (sequence numbers never restart), and carry the vault's
//! signature (see `catalog_file`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::atomic;
use crate::custody::Signer;

use super::catalog_file;

pub const JOURNAL_DIR: &str = "journal";
const SUFFIX: &str = ".sql.age";
const DIGITS: usize = 12;
const MAGIC: &str = "-- evidence-vault journal segment";
/// Largest segment we decrypt into memory (a verify of a very large vault records one event per
/// item in one segment; a hostile file cannot exhaust memory).
pub const MAX_SEGMENT_BYTES: u64 = 1 << 30;

pub fn segment_name(seq: u64) -> String {
    format!("{seq:0DIGITS$}{SUFFIX}")
}

pub fn segment_path(vault: &Path, seq: u64) -> PathBuf {
    vault.join(JOURNAL_DIR).join(segment_name(seq))
}

/// The sequence number in a segment's file name, if it is one.
pub fn parse_name(name: &str) -> Option<u64> {
    let digits = name.strip_suffix(SUFFIX)?;
    if digits.len() != DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Every segment file in `vault/journal`, ascending (temporary `.part` files are not segments).
pub fn list(vault: &Path) -> io::Result<Vec<(u64, PathBuf)>> {
    let dir = vault.join(JOURNAL_DIR);
    let mut out = Vec::new();
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        if let Some(seq) = parse_name(&entry.file_name().to_string_lossy()) {
            out.push((seq, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// What the header line of a segment says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentHeader {
    pub vault_id: String,
    pub base_id: String,
    pub seq: u64,
    /// Hex SHA-256 of the previous segment's plaintext, empty for none.
    pub prev: String,
}

impl SegmentHeader {
    pub fn render(&self) -> String {
        let prev = if self.prev.is_empty() {
            "-"
        } else {
            &self.prev
        };
        format!(
            "{MAGIC}\n-- vault {} base {} seq {} prev {}\n",
            self.vault_id, self.base_id, self.seq, prev
        )
    }

    pub fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let words: Vec<&str> = lines.next()?.split(' ').collect();
        match words.as_slice() {
            ["--", "vault", vault, "base", base, "seq", seq, "prev", prev] => Some(Self {
                vault_id: (*vault).to_owned(),
                base_id: (*base).to_owned(),
                seq: seq.parse().ok()?,
                prev: if *prev == "-" {
                    String::new()
                } else {
                    (*prev).to_owned()
                },
            }),
            _ => None,
        }
    }
}

/// Writes segment `seq` durably: signed and encrypted into a temporary file in `journal/`,
/// fsynced, then linked to its name only if no file has it (never overwritten), and the directory
/// fsynced. Until the rename the segment is invisible; a failure leaves nothing behind.
pub fn write(
    vault: &Path,
    seq: u64,
    plaintext: &[u8],
    recipient: &age::x25519::Recipient,
    signer: &Signer,
) -> io::Result<PathBuf> {
    let target = segment_path(vault, seq);
    atomic::create_dir_durable(&vault.join(JOURNAL_DIR))?;
    let tmp = catalog_file::write_signed_temp(&target, plaintext, recipient, signer)?;
    tmp.persist_noclobber(&target).map_err(|e| e.error)?;
    atomic::sync_dir(&vault.join(JOURNAL_DIR))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_zero_padded_and_parsed_strictly() {
        assert_eq!(segment_name(43), "000000000043.sql.age");
        assert_eq!(parse_name("000000000043.sql.age"), Some(43));
        for bad in [
            "43.sql.age",
            "00000000004x.sql.age",
            ".tmp-1.part",
            "000000000043.sql.age.part",
        ] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn headers_round_trip() {
        let h = SegmentHeader {
            vault_id: "v".into(),
            base_id: "b".into(),
            seq: 7,
            prev: String::new(),
        };
        let text = format!("{}BEGIN;\nCOMMIT;\n", h.render());
        assert_eq!(SegmentHeader::parse(&text), Some(h));
        assert_eq!(SegmentHeader::parse("BEGIN;"), None);
    }
}
