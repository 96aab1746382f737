//! Export, inspection and import of bundles, behind a small adapter so the dialogs do not depend on
//! how the bundle library spells things (and tests could substitute it). `bundle_library` maps it
//! onto `evidence_vault::bundle`.

use std::path::{Path, PathBuf};

use evidence_vault::{CancelToken, ProgressSink, SecretString, Vault};

/// What to put in a bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportScope {
    /// These item IDs.
    Items(Vec<String>),
    /// Every item of this case.
    Case(String),
    /// The whole vault.
    All,
}

#[allow(dead_code)] // read by the bundle library adapter
#[derive(Clone, Debug)]
pub struct ExportRequest {
    pub scope: ExportScope,
    /// `age1…` or `ssh-ed25519 …` public keys.
    pub recipients: Vec<String>,
    /// Also (or only) decryptable with this passphrase.
    pub passphrase: Option<SecretString>,
    pub out: PathBuf,
}

#[derive(Clone, Debug)]
pub struct ExportDone {
    pub path: PathBuf,
    /// SHA-256 of the bundle file, to compare over another channel.
    pub sha256: String,
    pub items: u64,
    pub bytes: u64,
}

/// One item of a bundle and whether it verified.
#[derive(Clone, Debug)]
pub struct BundleItemRow {
    pub id: String,
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub ok: bool,
    /// "verified", or what is wrong.
    pub status: String,
}

/// The verification report of a bundle.
#[derive(Clone, Debug, Default)]
pub struct BundleCheck {
    /// True only when the whole bundle verifies (bag, hashes, custody, signature).
    pub valid: bool,
    pub items: Vec<BundleItemRow>,
    /// Problems that are not about one item (signature, bag structure…).
    pub problems: Vec<String>,
    /// Who signed it (`SHA256:…` fingerprint), if known.
    pub signer: Option<String>,
    /// SHA-256 of the bundle file as read, to compare with what the sender was told at export.
    pub bundle_sha256: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ImportDone {
    /// False when the bundle did not verify and nothing was changed.
    pub committed: bool,
    /// The bundle verified and everything in it was here already: nothing changed or recorded.
    pub nothing_new: bool,
    pub added: u64,
    pub already_present: u64,
    pub check: BundleCheck,
}

pub trait BundleOps: Send + Sync {
    /// Whether bundles work in this build at all.
    fn available(&self) -> bool;
    fn export(
        &self,
        vault: &Vault,
        request: ExportRequest,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<ExportDone, String>;
    /// Decrypts and verifies a bundle without changing the vault.
    fn inspect(
        &self,
        vault: &Vault,
        bundle: &Path,
        passphrase: Option<&SecretString>,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<BundleCheck, String>;
    /// Imports a bundle; commits nothing unless it verifies.
    fn import(
        &self,
        vault: &Vault,
        bundle: &Path,
        passphrase: Option<&SecretString>,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<ImportDone, String>;
}

/// The bundle operations this build has.
pub fn default_bundles() -> std::sync::Arc<dyn BundleOps> {
    std::sync::Arc::new(super::bundle_library::LibraryBundles)
}

/// A suggested file name for a bundle: `evidence-CASE-2025-01-31.tar.age`.
pub fn suggested_name(scope: &ExportScope) -> String {
    let date = chrono::Local::now().format("%Y-%m-%d");
    let what = match scope {
        ExportScope::Case(c) => evidence_vault::text::safe_file_stem(c).replace(' ', "-"),
        ExportScope::Items(ids) if ids.len() == 1 => {
            format!("item-{}", ids[0].get(..8).unwrap_or(""))
        }
        ExportScope::Items(ids) => format!("{}-items", ids.len()),
        ExportScope::All => "all".into(),
    };
    format!("evidence-{what}-{date}.tar.age")
}

/// Whether `s` looks like a public key we can encrypt to.
pub fn looks_like_recipient(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with("age1") && s.len() > 50 && !s.contains(char::is_whitespace))
        || s.starts_with("ssh-ed25519 ")
        || s.starts_with("ssh-rsa ")
}
