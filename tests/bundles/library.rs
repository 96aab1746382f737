//! The bundle library API as the GUI uses it: progress, cancellation, passphrase bundles.

use std::path::PathBuf;

use evidence_vault::bundle::{
    self, BundleKey, BundleRecipient, ExportError, ExportOptions, ImportOptions, Selection,
};
use evidence_vault::{
    CancelToken, CreateOptions, IntakeOptions, NoProgress, SecretString, SharedProgress, Vault,
};

fn vault(dir: &std::path::Path, name: &str) -> Vault {
    Vault::create(
        dir,
        &SecretString::from("correct horse battery".to_owned()),
        &CreateOptions {
            documenter: name.into(),
            kdf_log_n: 10,
        },
    )
    .unwrap()
}

#[test]
fn export_reports_progress_honours_cancel_and_passphrase_bundles_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let a = vault(&tmp.path().join("A"), "Amal");
    let b = vault(&tmp.path().join("B"), "Basel");
    let src = tmp.path().join("f.bin");
    std::fs::write(&src, vec![7u8; 5 << 20]).unwrap();
    a.add_paths(
        &[src],
        &IntakeOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();

    // Cancelled before it starts: an error, no file, no `exported` event.
    let out: PathBuf = tmp.path().join("x.tar.age");
    let cancel = CancelToken::new();
    cancel.cancel();
    let opts = ExportOptions {
        selection: Selection::All,
        recipients: vec![BundleRecipient::parse(&b.info().recipient).unwrap()],
        passphrase: None,
        passphrase_log_n: None,
    };
    let r = bundle::export(&a, &out, &opts, &NoProgress, &cancel);
    assert!(matches!(r, Err(ExportError::Cancelled)), "{r:?}");
    assert!(!out.exists());

    // Passphrase and keys together are refused.
    let mixed = ExportOptions {
        passphrase: Some(SecretString::from("bundle pass".to_owned())),
        ..opts.clone()
    };
    assert!(matches!(
        bundle::export(&a, &out, &mixed, &NoProgress, &CancelToken::new()),
        Err(ExportError::PassphraseWithRecipients)
    ));

    // A passphrase bundle (low work factor for the test), with progress.
    let progress = SharedProgress::new();
    let pass = ExportOptions {
        recipients: vec![],
        passphrase: Some(SecretString::from("bundle pass".to_owned())),
        passphrase_log_n: Some(10),
        ..opts
    };
    let rep = bundle::export(&a, &out, &pass, &progress, &CancelToken::new()).unwrap();
    assert_eq!(rep.recipients, vec!["passphrase"]);
    let p = progress.latest().unwrap();
    assert_eq!(p.bytes_done, 5 << 20);
    assert_eq!(p.items_done, 1);
    assert!(bundle::read::needs_passphrase(&out).unwrap());

    let mut key = BundleKey::new();
    key.add_vault(&b);
    assert!(matches!(
        bundle::inspect(&out, &key, &NoProgress, &CancelToken::new()),
        Err(bundle::InspectError::NeedPassphrase { .. })
    ));
    key.set_passphrase(SecretString::from("bundle pass".to_owned()));
    let bag = bundle::inspect(&out, &key, &NoProgress, &CancelToken::new()).unwrap();
    assert!(bag.is_valid(), "{bag:?}");
    assert_eq!(bag.bundle_sha256.as_deref(), Some(rep.sha256.as_str()));
    assert_eq!(
        bag.signer_fingerprint.as_deref(),
        Some(a.signer_fingerprint().as_str())
    );

    let done = bundle::import(
        &b,
        &out,
        &key,
        &ImportOptions::default(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    assert!(done.committed);
    assert_eq!(b.item_count().unwrap(), 1);
    let d = b.detail(&rep.items[0].0).unwrap();
    assert!(d.custody_problems.is_empty(), "{:?}", d.custody_problems);
}
