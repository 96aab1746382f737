//! Who a bundle is encrypted to: age X25519 recipients and SSH public keys.

use std::str::FromStr;

use ssh_key::{HashAlg, PublicKey};

/// One public-key recipient of a bundle.
#[derive(Clone)]
pub enum BundleRecipient {
    /// `age1…`
    Age(age::x25519::Recipient),
    /// `ssh-ed25519 …` or `ssh-rsa …`, with its `SHA256:…` fingerprint.
    Ssh {
        recipient: age::ssh::Recipient,
        fingerprint: String,
    },
}

impl std::fmt::Debug for BundleRecipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.fingerprint())
    }
}

impl BundleRecipient {
    /// Parses one recipient line: `age1…`, or an OpenSSH `ssh-ed25519`/`ssh-rsa` public key.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.starts_with("age1") {
            return age::x25519::Recipient::from_str(s)
                .map(BundleRecipient::Age)
                .map_err(|e| format!("'{s}' is not a valid age recipient: {e}"));
        }
        if s.starts_with("ssh-") {
            let recipient = age::ssh::Recipient::from_str(s).map_err(|e| {
                format!("'{s}' is not a usable SSH recipient (ssh-ed25519 or ssh-rsa): {e:?}")
            })?;
            let fingerprint = PublicKey::from_openssh(s)
                .map(|k| k.fingerprint(HashAlg::Sha256).to_string())
                .map_err(|e| format!("'{s}': {e}"))?;
            return Ok(BundleRecipient::Ssh {
                recipient,
                fingerprint,
            });
        }
        Err(format!(
            "'{s}' is not a recipient: give an age1… public key, an ssh-ed25519/ssh-rsa public key, or a file holding them"
        ))
    }

    /// What the `exported` custody event records: the `age1…` string, or `SHA256:…` for SSH.
    pub fn fingerprint(&self) -> String {
        match self {
            BundleRecipient::Age(r) => r.to_string(),
            BundleRecipient::Ssh { fingerprint, .. } => fingerprint.clone(),
        }
    }

    pub(crate) fn as_age(&self) -> &dyn age::Recipient {
        match self {
            BundleRecipient::Age(r) => r,
            BundleRecipient::Ssh { recipient, .. } => recipient,
        }
    }
}

/// Parses a `--to` argument: a recipient itself, or the path of a file with one per line
/// (`#` comments and blank lines ignored), like age's `-R`.
pub fn parse_recipients(arg: &str) -> Result<Vec<BundleRecipient>, String> {
    let t = arg.trim();
    if t.starts_with("age1") || t.starts_with("ssh-") {
        return Ok(vec![BundleRecipient::parse(t)?]);
    }
    let path = std::path::Path::new(arg);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("could not read recipients file {}: {e}", path.display()))?;
        let list: Vec<BundleRecipient> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(BundleRecipient::parse)
            .collect::<Result<_, _>>()?;
        if list.is_empty() {
            return Err(format!("{} holds no recipients", path.display()));
        }
        return Ok(list);
    }
    Err(BundleRecipient::parse(t).err().unwrap_or_default())
}
