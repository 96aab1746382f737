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
use super::i18n::{self, t};

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
        InspectError::NeedPassphrase { .. } => t!("bundle-need-passphrase"),
        InspectError::NoMatchingKey { .. } => t!("bundle-no-matching-key"),
        other => other.to_string(),
    }
}

fn check_of(r: &BagReport) -> BundleCheck {
    let mut problems = r.problems.clone();
    if !r.signature_ok {
        problems.insert(0, t!("bundle-bad-signature"));
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
        t!("bundle-item-verified")
    } else {
        i.problems
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join(&t!("bundle-problem-separator"))
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
        ItemStatus::Ok => t!("bundle-item-ok"),
        ItemStatus::HashMismatch { expected, found } => t!(
            "bundle-hash-mismatch",
            expected = i18n::isolate(expected),
            found = i18n::isolate(found)
        ),
        ItemStatus::Missing => t!("bundle-item-missing"),
        ItemStatus::Unlisted => t!("bundle-item-unlisted"),
        ItemStatus::BadChain { problems } => {
            t!("bundle-bad-chain", problems = problems.join(", "))
        }
        ItemStatus::BadSignature => t!("bundle-item-bad-signature"),
        // As the digits were written before: no thousands separators.
        ItemStatus::SizeMismatch { expected, found } => t!(
            "bundle-size-mismatch",
            expected = i18n::digits(&expected.to_string()),
            found = i18n::digits(&found.to_string())
        ),
    }
}
