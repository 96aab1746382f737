//! The vault's secret keys and `keys.age`.
//!
//! `keys.age` is a standard age file encrypted to the user's passphrase (scrypt). Its plaintext is
//! an ordinary age identity file, so `age -d keys.age > id.txt && age -d -i id.txt object.age`
//! works with stock tools. The vault's Ed25519 custody-signing key is not stored separately: it is
//! derived from the age identity (SHA-256 over a fixed label and the identity string), so one
//! secret unlocks everything and nothing else needs protecting.

use std::io::{Read, Write};
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::custody::Signer;

/// Highest scrypt work factor accepted when unlocking (2^20 ⇒ 1 GiB): a hostile `keys.age`
/// cannot make us allocate more than that.
pub const MAX_KDF_LOG_N: u8 = 20;
/// Default scrypt work factor for new vaults: about a second and 256 MiB on a laptop.
pub const DEFAULT_KDF_LOG_N: u8 = 18;

const SIGNING_KEY_LABEL: &[u8] = b"evidence-vault/custody-signing-key/ed25519/v1\0";

/// The unlocked secrets of a vault. Dropping it zeroizes them (age and ssh-key zeroize on drop).
pub struct VaultKeys {
    pub identity: age::x25519::Identity,
    pub signer: Signer,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("the key file is damaged or not an Evidence Vault key file: {0}")]
    Malformed(String),
    #[error(
        "the key file asks for a passphrase work factor of 2^{0}, above the allowed 2^{MAX_KDF_LOG_N}"
    )]
    WorkFactorTooHigh(u8),
    #[error("passphrase work factor must be between 1 and {MAX_KDF_LOG_N}, got {0}")]
    BadWorkFactor(u8),
    #[error("encryption failed: {0}")]
    Encrypt(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl VaultKeys {
    pub fn generate(vault_id: &str) -> Self {
        let identity = age::x25519::Identity::generate();
        let signer = derive_signer(&identity, vault_id);
        Self { identity, signer }
    }

    pub fn recipient(&self) -> age::x25519::Recipient {
        self.identity.to_public()
    }

    /// Encrypts the identity to a passphrase, giving the bytes of `keys.age`.
    pub fn seal(
        &self,
        vault_id: &str,
        passphrase: &SecretString,
        kdf_log_n: u8,
    ) -> Result<Vec<u8>, KeyFileError> {
        if kdf_log_n == 0 || kdf_log_n > MAX_KDF_LOG_N {
            return Err(KeyFileError::BadWorkFactor(kdf_log_n));
        }
        let secret = self.identity.to_string();
        let plaintext = Zeroizing::new(format!(
            "# Evidence Vault identity for vault {vault_id}\n\
             # Use with: age -d -i <this file> <vault>/objects/../ID.age\n\
             # public key: {}\n{}\n",
            self.recipient(),
            secret.expose_secret()
        ));
        let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
        recipient.set_work_factor(kdf_log_n);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(|e| KeyFileError::Encrypt(e.to_string()))?;
        let mut out = Vec::new();
        let mut w = encryptor.wrap_output(&mut out)?;
        w.write_all(plaintext.as_bytes())?;
        w.finish()?;
        Ok(out)
    }

    /// Decrypts `keys.age` bytes with the passphrase.
    pub fn open(
        vault_id: &str,
        sealed: &[u8],
        passphrase: &SecretString,
    ) -> Result<Self, KeyFileError> {
        let decryptor = age::Decryptor::new_buffered(sealed)
            .map_err(|e| KeyFileError::Malformed(e.to_string()))?;
        if !decryptor.is_scrypt() {
            return Err(KeyFileError::Malformed("not passphrase-encrypted".into()));
        }
        if let Some(n) = scrypt_log_n(sealed)
            && n > MAX_KDF_LOG_N
        {
            return Err(KeyFileError::WorkFactorTooHigh(n));
        }
        let mut identity = age::scrypt::Identity::new(passphrase.clone());
        identity.set_max_work_factor(MAX_KDF_LOG_N);
        let mut reader = decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                    KeyFileError::WrongPassphrase
                }
                other => KeyFileError::Malformed(other.to_string()),
            })?;
        let mut plaintext = Zeroizing::new(String::new());
        reader
            .read_to_string(&mut plaintext)
            .map_err(|e| KeyFileError::Malformed(e.to_string()))?;
        let line = plaintext
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .ok_or_else(|| KeyFileError::Malformed("no AGE-SECRET-KEY line".into()))?;
        let identity = age::x25519::Identity::from_str(line)
            .map_err(|e| KeyFileError::Malformed(e.to_string()))?;
        let signer = derive_signer(&identity, vault_id);
        Ok(Self { identity, signer })
    }
}

/// Reads the scrypt log N from the age header's stanza (`-> scrypt SALT N`) so an absurd value
/// is refused before any work is done.
fn scrypt_log_n(sealed: &[u8]) -> Option<u8> {
    let head = &sealed[..sealed.len().min(512)];
    let text = String::from_utf8_lossy(head);
    let line = text.lines().find(|l| l.starts_with("-> scrypt "))?;
    line.split(' ').nth(3)?.trim().parse().ok()
}

fn derive_signer(identity: &age::x25519::Identity, vault_id: &str) -> Signer {
    let secret = identity.to_string();
    let mut hasher = Sha256::new();
    hasher.update(SIGNING_KEY_LABEL);
    hasher.update(secret.expose_secret().as_bytes());
    let mut seed = Zeroizing::new([0u8; 32]);
    seed.copy_from_slice(&hasher.finalize());
    Signer::from_seed(&seed, &format!("evidence-vault:{vault_id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn seal_and_open_round_trip_with_same_signer() {
        let keys = VaultKeys::generate("v1");
        let sealed = keys.seal("v1", &pass("correct horse"), 4).unwrap();
        let opened = VaultKeys::open("v1", &sealed, &pass("correct horse")).unwrap();
        assert_eq!(opened.recipient().to_string(), keys.recipient().to_string());
        assert_eq!(
            opened.signer.public_key_openssh(),
            keys.signer.public_key_openssh()
        );
    }

    #[test]
    fn wrong_passphrase_is_reported_as_such() {
        let keys = VaultKeys::generate("v1");
        let sealed = keys.seal("v1", &pass("right"), 4).unwrap();
        assert!(matches!(
            VaultKeys::open("v1", &sealed, &pass("wrong")),
            Err(KeyFileError::WrongPassphrase)
        ));
    }

    #[test]
    fn work_factor_is_bounded() {
        let keys = VaultKeys::generate("v1");
        assert!(matches!(
            keys.seal("v1", &pass("p"), 0),
            Err(KeyFileError::BadWorkFactor(0))
        ));
        assert!(matches!(
            keys.seal("v1", &pass("p"), 40),
            Err(KeyFileError::BadWorkFactor(40))
        ));
        let sealed = keys.seal("v1", &pass("p"), 5).unwrap();
        assert_eq!(scrypt_log_n(&sealed), Some(5));
    }
}
