//! `vault.json`: the plaintext descriptor. It holds no secrets and no names, only what a
//! sender needs to encrypt to this vault and what a verifier needs to check its signatures.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const FORMAT_NAME: &str = "evidence-vault";
/// Format 2: a base plus journal segments. Format 1 (one catalog.age) is migrated on unlock.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultInfo {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    /// The vault's age X25519 recipient (`age1…`): anyone may encrypt to it.
    pub recipient: String,
    /// The vault's custody-signing public key (`ssh-ed25519 AAAA…`).
    pub signing_key: String,
}

#[derive(Debug, thiserror::Error)]
pub enum InfoError {
    #[error("{path} is not an Evidence Vault (no vault.json); check the folder")]
    NotAVault { path: PathBuf },
    #[error("could not read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is damaged: {reason}")]
    Malformed { path: PathBuf, reason: String },
    #[error(
        "{path} is format version {found}; this program reads version {FORMAT_VERSION}. Update Evidence Vault."
    )]
    TooNew { path: PathBuf, found: u32 },
}

impl VaultInfo {
    pub fn path(dir: &Path) -> PathBuf {
        dir.join("vault.json")
    }

    pub fn read(dir: &Path) -> Result<Self, InfoError> {
        let path = Self::path(dir);
        let text = std::fs::read_to_string(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                InfoError::NotAVault {
                    path: dir.to_owned(),
                }
            } else {
                InfoError::Io {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        let info: VaultInfo = serde_json::from_str(&text).map_err(|e| InfoError::Malformed {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if info.format != FORMAT_NAME {
            return Err(InfoError::Malformed {
                path,
                reason: format!("format is '{}'", info.format),
            });
        }
        if info.version > FORMAT_VERSION {
            return Err(InfoError::TooNew {
                path,
                found: info.version,
            });
        }
        Ok(info)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
