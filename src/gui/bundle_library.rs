//! [`BundleOps`] over the library's `evidence_vault::bundle` (format 1).

use std::path::Path;

use evidence_vault::bundle::{
    self, BagReport, BundleKey, BundleRecipient, ExportOptions, ImportOptions, InspectError,
    ItemReport, ItemStatus, Selection,
};
use evidence_vault::{CancelToken, ProgressSink, SecretString, Vault};

use super::bundle_ops::{
    BundleCheck, BundleItemRow, BundleOps, ExportDone, ExportRequest, ExportScope, ImportDone,
};

pub struct LibraryBundles;

impl BundleOps for LibraryBundles {
    fn available(&self) -> bool {
        true
    }

    fn export(
        &self,
        vault: &Vault,
        request: ExportRequest,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<ExportDone, String> {
        let recipients = request
            .recipients
            .iter()
            .map(|r| BundleRecipient::parse(r))
            .collect::<Result<Vec<_>, _>>()?;
        let selection = match request.scope {
            ExportScope::Items(ids) => Selection::Items(ids),
            ExportScope::Case(c) => Selection::Case(c),
            ExportScope::All => Selection::All,
        };
        let opts = ExportOptions {
            selection,
            recipients,
            passphrase: request.passphrase,
            passphrase_log_n: None,
        };
        let r = bundle::export(vault, &request.out, &opts, progress, cancel)
            .map_err(|e| e.to_string())?;
        crate::gui::task::compact_if_due(vault);
        Ok(ExportDone {
            path: r.path,
            sha256: r.sha256,
            items: r.items.len() as u64,
            bytes: r.payload_bytes,
        })
    }

    fn inspect(
        &self,
        vault: &Vault,
        path: &Path,
        passphrase: Option<&SecretString>,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<BundleCheck, String> {
        let key = key_for(vault, passphrase);
        let report = bundle::inspect(path, &key, progress, cancel).map_err(|e| read_error(&e))?;
        Ok(check_of(&report))
    }

    fn import(
        &self,
        vault: &Vault,
        path: &Path,
        passphrase: Option<&SecretString>,
        progress: &dyn ProgressSink,
        cancel: &CancelToken,
    ) -> Result<ImportDone, String> {
        let key = key_for(vault, passphrase);
        let r = bundle::import(
            vault,
            path,
            &key,
            &ImportOptions::default(),
            progress,
            cancel,
        )
        .map_err(|e| match e {
            bundle::ImportError::Read(e) => read_error(&e),
            other => other.to_string(),
        })?;
        crate::gui::task::compact_if_due(vault);
        let merged = r.items.iter().filter(|i| i.merged).count() as u64;
        Ok(ImportDone {
            committed: r.committed,
            nothing_new: r.already_present,
            added: r.items.len() as u64 - merged,
            already_present: merged,
            check: check_of(&r.bag),
        })
    }
}

/// The vault's own key first, then the passphrase if one was given.
fn key_for(vault: &Vault, passphrase: Option<&SecretString>) -> BundleKey {
    let mut key = BundleKey::new();
    key.add_vault(vault);
    if let Some(p) = passphrase {
        key.set_passphrase(p.clone());
    }
    key
}

fn read_error(e: &InspectError) -> String {
    match e {
        InspectError::NeedPassphrase { .. } => {
            "This bundle is protected by a passphrase. Type it in the passphrase field and check again.".into()
        }
        InspectError::NoMatchingKey { .. } => {
            "This vault cannot open the bundle: it was encrypted to someone else's key (or with a different passphrase). Ask the sender to export it to this vault's public key.".into()
        }
        other => other.to_string(),
    }
}

fn check_of(r: &BagReport) -> BundleCheck {
    let mut problems = r.problems.clone();
    if !r.signature_ok {
        problems.insert(
            0,
            "The signature over the bundle's manifest does not verify: its contents cannot be trusted.".into(),
        );
    }
    BundleCheck {
        valid: r.is_valid(),
        items: r.items.iter().map(row_of).collect(),
        problems,
        signer: r.signer_fingerprint.clone(),
        bundle_sha256: r.bundle_sha256.clone(),
    }
}

fn row_of(i: &ItemReport) -> BundleItemRow {
    let name = i
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| i.path.rsplit('/').next().unwrap_or(&i.path).to_owned());
    let status = if i.problems.is_empty() {
        "SHA-256 and custody log verified".to_owned()
    } else {
        i.problems
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join("; ")
    };
    BundleItemRow {
        id: i.id.clone(),
        name,
        sha256: i.sha256.clone().unwrap_or_default(),
        size: i.size.unwrap_or(0),
        ok: i.is_ok(),
        status,
    }
}

fn describe(p: &ItemStatus) -> String {
    match p {
        ItemStatus::Ok => "ok".into(),
        ItemStatus::HashMismatch { expected, found } => {
            format!("SHA-256 mismatch: listed {expected}, content {found}")
        }
        ItemStatus::Missing => "listed but missing from the bundle".into(),
        ItemStatus::Unlisted => "in the bundle but not listed".into(),
        ItemStatus::BadChain { problems } => format!("custody log: {}", problems.join(", ")),
        ItemStatus::BadSignature => "not covered by a valid signature".into(),
        ItemStatus::SizeMismatch { expected, found } => {
            format!("size mismatch: listed {expected} bytes, found {found}")
        }
    }
}
