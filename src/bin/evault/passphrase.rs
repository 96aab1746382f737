//! Where passphrases come from: the environment, a file, or a no-echo prompt on a terminal.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result, bail};
use evidence_vault::SecretString;
use zeroize::Zeroizing;

/// The vault passphrase: `EVAULT_PASSPHRASE`, else `--passphrase-file`, else a prompt.
pub fn vault_passphrase(file: Option<&Path>, confirm: bool) -> Result<SecretString> {
    from_sources("EVAULT_PASSPHRASE", file, "Vault passphrase: ", confirm)
}

/// A new passphrase for `passwd`: `EVAULT_NEW_PASSPHRASE` or a prompt (asked twice).
pub fn new_passphrase() -> Result<SecretString> {
    from_sources("EVAULT_NEW_PASSPHRASE", None, "New passphrase: ", true)
}

fn from_sources(
    var: &str,
    file: Option<&Path>,
    prompt: &str,
    confirm: bool,
) -> Result<SecretString> {
    if let Ok(v) = std::env::var(var) {
        return Ok(SecretString::from(v));
    }
    if let Some(path) = file {
        let text =
            Zeroizing::new(std::fs::read_to_string(path).with_context(|| {
                format!("could not read the passphrase file {}", path.display())
            })?);
        let line = text.lines().next().unwrap_or("").to_owned();
        return Ok(SecretString::from(line));
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "no passphrase: set {var}, pass --passphrase-file FILE, or run in a terminal to be asked"
        );
    }
    let first = Zeroizing::new(
        rpassword::prompt_password(prompt).context("could not read the passphrase")?,
    );
    if confirm {
        let again = Zeroizing::new(
            rpassword::prompt_password("Repeat it: ").context("could not read the passphrase")?,
        );
        if *first != *again {
            bail!("the two passphrases differ; nothing was changed");
        }
    }
    Ok(SecretString::from(first.to_string()))
}
