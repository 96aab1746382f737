//! What inspect and import found, per item and for the bag as a whole.

use serde::Serialize;

pub use super::incidents::IncidentReport;

/// The verdict on one item (or one unlisted payload).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ItemStatus {
    Ok,
    /// The payload's SHA-256 differs from the manifest (or the manifest from items.jsonl).
    HashMismatch {
        expected: String,
        found: String,
    },
    /// Listed, but its payload is not in the bundle.
    Missing,
    /// A payload (or manifest line) that items.jsonl / the manifest does not list.
    Unlisted,
    /// Its custody chain does not verify (or is absent).
    BadChain {
        problems: Vec<String>,
    },
    /// The bag's signature does not verify, so nothing in it can be trusted.
    BadSignature,
    /// The payload's size differs from what items.jsonl or the tar header claims.
    SizeMismatch {
        expected: u64,
        found: u64,
    },
}

impl ItemStatus {
    pub fn label(&self) -> &'static str {
        match self {
            ItemStatus::Ok => "ok",
            ItemStatus::HashMismatch { .. } => "hash mismatch",
            ItemStatus::Missing => "missing",
            ItemStatus::Unlisted => "unlisted",
            ItemStatus::BadChain { .. } => "bad chain",
            ItemStatus::BadSignature => "bad signature",
            ItemStatus::SizeMismatch { .. } => "size mismatch",
        }
    }
}

/// One item of the bundle and every problem found with it (empty = ok).
#[derive(Clone, Debug, Serialize)]
pub struct ItemReport {
    /// The item ID (for an unlisted payload: the ID in its path, if any).
    pub id: String,
    pub path: String,
    pub sha256: Option<String>,
    pub size: Option<u64>,
    pub title: Option<String>,
    pub problems: Vec<ItemStatus>,
}

impl ItemReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
    /// The first problem, or `Ok`.
    pub fn status(&self) -> ItemStatus {
        self.problems.first().cloned().unwrap_or(ItemStatus::Ok)
    }
}

/// Everything inspect found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BagReport {
    /// `External-Identifier` of bag-info.txt.
    pub bundle_id: Option<String>,
    /// SHA-256 of the bundle file as read.
    pub bundle_sha256: Option<String>,
    /// The vault the bundle came from (`Evidence-Vault-Source-Vault`), if stated.
    pub source_vault: Option<String>,
    /// `SHA256:…` of `evidence/signer.pub`.
    pub signer_fingerprint: Option<String>,
    pub signer_key: Option<String>,
    pub signature_ok: bool,
    pub items: Vec<ItemReport>,
    /// Problems with the bag as a whole (hostile entries, damaged stream, edited tag files…).
    pub problems: Vec<String>,
    pub payload_bytes: u64,
    pub payload_files: u64,
    /// The incidents the bundle carries, each checked against its signed chains.
    pub incidents: Vec<IncidentReport>,
    /// Signed tag files this version does not know (a later version's additions), left alone.
    pub unknown_tag_files: Vec<String>,
}

impl BagReport {
    /// True only when everything holds: stream, layout, signature, every hash and chain.
    pub fn is_valid(&self) -> bool {
        self.signature_ok
            && self.problems.is_empty()
            && !self.items.is_empty()
            && self.items.iter().all(ItemReport::is_ok)
            && self.incidents.iter().all(|i| i.problems.is_empty())
    }
}
