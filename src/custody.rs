//! The custody log: per-item hash chains of signed events.
//!
//! Each event's body is encoded canonically (JSON, keys sorted, no whitespace: the RFC 8785 form
//! for the strings and integers used here); its `hash` is the SHA-256 of those bytes, and its
//! `signature` is an SSHSIG (namespace `evidence-vault`, SHA-512) by the vault's Ed25519 key over
//! the same bytes, so `ssh-keygen -Y check-novalidate -n evidence-vault` can check any event.
//! Events of one item form a chain through `prev` (the previous event's hash) and `seq`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use zeroize::Zeroizing;

/// SSHSIG namespace for every signature this program makes.
pub const SIG_NAMESPACE: &str = "evidence-vault";
/// Version of the event body encoding.
pub const EVENT_VERSION: u32 = 1;

/// What happened to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Acquired,
    Reacquired,
    MetadataEdited,
    Extracted,
    Exported,
    Imported,
    Verified,
    /// An object found on disk without a catalog entry (e.g. after a crash) was taken back in.
    Readopted,
    // Incident chains (`incident/`): `item_id` is the incident's ID, `item_sha256` is empty.
    IncidentCreated,
    IncidentEdited,
    ItemLinked,
    ItemUnlinked,
    StatusChanged,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Acquired => "acquired",
            Action::Reacquired => "reacquired",
            Action::MetadataEdited => "metadata_edited",
            Action::Extracted => "extracted",
            Action::Exported => "exported",
            Action::Imported => "imported",
            Action::Verified => "verified",
            Action::Readopted => "readopted",
            Action::IncidentCreated => "incident_created",
            Action::IncidentEdited => "incident_edited",
            Action::ItemLinked => "item_linked",
            Action::ItemUnlinked => "item_unlinked",
            Action::StatusChanged => "status_changed",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The signed content of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventBody {
    pub v: u32,
    pub item_id: String,
    pub seq: u64,
    /// UTC time, RFC 3339 with milliseconds and `Z`.
    pub at: String,
    /// The local UTC offset of the machine when the event happened, e.g. `+03:00`.
    pub local_offset: String,
    pub actor: String,
    pub vault_id: String,
    pub action: Action,
    pub details: BTreeMap<String, serde_json::Value>,
    pub item_sha256: String,
    /// Hash of the previous event of this item, empty for the first.
    pub prev: String,
    /// The signer's public key in OpenSSH form (`ssh-ed25519 AAAA…`).
    pub signer: String,
}

/// An event as stored and exchanged: body plus its hash and signature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustodyEvent {
    #[serde(flatten)]
    pub body: EventBody,
    pub hash: String,
    /// Armored SSHSIG (`-----BEGIN SSH SIGNATURE-----`).
    pub signature: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("could not encode the custody event: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("could not sign the custody event: {0}")]
    Sign(#[from] ssh_key::Error),
}

/// The vault's Ed25519 custody-signing key.
pub struct Signer {
    key: PrivateKey,
    public_openssh: String,
}

impl Signer {
    pub fn from_seed(seed: &Zeroizing<[u8; 32]>, comment: &str) -> Self {
        let pair = ssh_key::private::Ed25519Keypair::from_seed(seed);
        let mut key = PrivateKey::from(pair);
        key.set_comment(comment);
        let public_openssh = public_openssh_no_comment(key.public_key());
        Self {
            key,
            public_openssh,
        }
    }

    /// `ssh-ed25519 AAAA…` without comment (stable across renames, used in event bodies).
    pub fn public_key_openssh(&self) -> &str {
        &self.public_openssh
    }

    /// `ssh-ed25519 AAAA… evidence-vault:ID`, for `signer.pub` and allowed-signers files.
    pub fn public_key_with_comment(&self) -> String {
        self.key
            .public_key()
            .to_openssh()
            .unwrap_or_else(|_| self.public_openssh.clone())
    }

    /// `SHA256:…` fingerprint as `ssh-keygen -l` prints it.
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint(HashAlg::Sha256).to_string()
    }

    /// Signs `msg` as an armored SSHSIG in the `evidence-vault` namespace.
    pub fn sign(&self, msg: &[u8]) -> Result<String, ssh_key::Error> {
        let sig = self.key.sign(SIG_NAMESPACE, HashAlg::Sha512, msg)?;
        sig.to_pem(LineEnding::LF)
    }

    /// Signs `msg` as an SSHSIG in `namespace` (catalog files use their own namespace).
    pub fn sign_raw(&self, namespace: &str, msg: &[u8]) -> Result<SshSig, ssh_key::Error> {
        self.key.sign(namespace, HashAlg::Sha512, msg)
    }

    /// The public key, parsed.
    pub fn public_key(&self) -> &PublicKey {
        self.key.public_key()
    }

    /// Builds, hashes and signs the next event after `prev` (None for an item's first event).
    pub fn seal(
        &self,
        mut body: EventBody,
        prev: Option<&CustodyEvent>,
    ) -> Result<CustodyEvent, SignError> {
        body.v = EVENT_VERSION;
        body.signer = self.public_openssh.clone();
        match prev {
            Some(p) => {
                body.prev = p.hash.clone();
                body.seq = p.body.seq + 1;
            }
            None => {
                body.prev = String::new();
                body.seq = 0;
            }
        }
        let bytes = canonical_bytes(&body)?;
        let hash = hex::encode(Sha256::digest(&bytes));
        let signature = self.sign(&bytes)?;
        Ok(CustodyEvent {
            body,
            hash,
            signature,
        })
    }
}

fn public_openssh_no_comment(key: &PublicKey) -> String {
    let mut k = key.clone();
    k.set_comment("");
    k.to_openssh().unwrap_or_default().trim().to_owned()
}

/// The canonical bytes an event's hash and signature cover.
pub fn canonical_bytes(body: &EventBody) -> Result<Vec<u8>, serde_json::Error> {
    // Going through Value sorts object keys (serde_json's map is a BTreeMap without the
    // preserve_order feature), and to_vec writes no whitespace.
    let value = serde_json::to_value(body)?;
    serde_json::to_vec(&value)
}

/// The 64 raw Ed25519 signature bytes inside an armored SSHSIG, when the SSHSIG is exactly what
/// [`armor_signature`] rebuilds from them (same key, namespace, hash and armour); `None` otherwise,
/// and the caller then keeps the armoured text as it is.
pub fn compact_signature(armored: &str, signer_openssh: &str) -> Option<Vec<u8>> {
    let sig = SshSig::from_pem(armored.as_bytes()).ok()?;
    let raw = sig.signature_bytes().to_vec();
    (armor_signature(&raw, signer_openssh)?.as_str() == armored).then_some(raw)
}

/// Rebuilds the armored SSHSIG (namespace `evidence-vault`, SHA-512) of an Ed25519 signature.
pub fn armor_signature(raw: &[u8], signer_openssh: &str) -> Option<String> {
    let key = PublicKey::from_openssh(signer_openssh.trim()).ok()?;
    let sig = ssh_key::Signature::new(ssh_key::Algorithm::Ed25519, raw.to_vec()).ok()?;
    SshSig::new(key.key_data().clone(), SIG_NAMESPACE, HashAlg::Sha512, sig)
        .ok()?
        .to_pem(LineEnding::LF)
        .ok()
}

/// Returns `SHA256:…` for an OpenSSH public key line, or None if it does not parse.
pub fn fingerprint_of(public_openssh: &str) -> Option<String> {
    PublicKey::from_openssh(public_openssh.trim())
        .ok()
        .map(|k| k.fingerprint(HashAlg::Sha256).to_string())
}

/// What is wrong with one event or with the shape of a chain.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainProblem {
    #[error("event {seq}: hash does not match its content")]
    HashMismatch { seq: u64 },
    #[error("event {seq}: signature does not verify ({reason})")]
    BadSignature { seq: u64, reason: String },
    #[error("event {seq}: expected sequence number {expected}")]
    BadSequence { seq: u64, expected: u64 },
    #[error("event {seq}: does not link to the previous event")]
    BrokenLink { seq: u64 },
    #[error("event {seq}: belongs to item {found}, not {expected}")]
    WrongItem {
        seq: u64,
        expected: String,
        found: String,
    },
    #[error("event {seq}: records SHA-256 {found}, the item has {expected}")]
    WrongItemHash {
        seq: u64,
        expected: String,
        found: String,
    },
    #[error("chain is empty")]
    Empty,
    #[error("chain does not start with an acquisition")]
    BadStart,
    #[error("event {seq}: recorded by vault {found}, the chain belongs to vault {expected}")]
    WrongVault {
        seq: u64,
        expected: String,
        found: String,
    },
    #[error("event {seq}: signed by a different key than the rest of the chain")]
    SignerChanged { seq: u64 },
}

/// Checks one event's hash and signature.
pub fn verify_event(event: &CustodyEvent) -> Result<(), ChainProblem> {
    let seq = event.body.seq;
    let bytes = canonical_bytes(&event.body).map_err(|_| ChainProblem::HashMismatch { seq })?;
    if hex::encode(Sha256::digest(&bytes)) != event.hash {
        return Err(ChainProblem::HashMismatch { seq });
    }
    let bad = |reason: String| ChainProblem::BadSignature { seq, reason };
    let key = PublicKey::from_openssh(event.body.signer.trim()).map_err(|e| bad(e.to_string()))?;
    let sig = SshSig::from_pem(event.signature.as_bytes()).map_err(|e| bad(e.to_string()))?;
    if sig.public_key() != key.key_data() {
        return Err(bad("signed by a different key than the event names".into()));
    }
    key.verify(SIG_NAMESPACE, &bytes, &sig)
        .map_err(|e| bad(e.to_string()))
}

/// Checks a whole chain (oldest first): every event, the links, the sequence, that all events
/// are about `item_id` and that each records the item's SHA-256. Returns every problem found.
pub fn verify_chain(
    events: &[CustodyEvent],
    item_id: &str,
    item_sha256: &str,
) -> Vec<ChainProblem> {
    let mut problems = Vec::new();
    let Some(first) = events.first() else {
        return vec![ChainProblem::Empty];
    };
    if !matches!(
        first.body.action,
        Action::Acquired | Action::Readopted | Action::Imported
    ) {
        problems.push(ChainProblem::BadStart);
    }
    let mut prev_hash = String::new();
    for (i, ev) in events.iter().enumerate() {
        let seq = ev.body.seq;
        if seq != i as u64 {
            problems.push(ChainProblem::BadSequence {
                seq,
                expected: i as u64,
            });
        }
        if ev.body.prev != prev_hash {
            problems.push(ChainProblem::BrokenLink { seq });
        }
        if ev.body.item_id != item_id {
            problems.push(ChainProblem::WrongItem {
                seq,
                expected: item_id.to_owned(),
                found: ev.body.item_id.clone(),
            });
        }
        if ev.body.item_sha256 != item_sha256 {
            problems.push(ChainProblem::WrongItemHash {
                seq,
                expected: item_sha256.to_owned(),
                found: ev.body.item_sha256.clone(),
            });
        }
        if ev.body.vault_id != first.body.vault_id {
            problems.push(ChainProblem::WrongVault {
                seq,
                expected: first.body.vault_id.clone(),
                found: ev.body.vault_id.clone(),
            });
        }
        if ev.body.signer != first.body.signer {
            problems.push(ChainProblem::SignerChanged { seq });
        }
        if let Err(p) = verify_event(ev) {
            problems.push(p);
        }
        prev_hash = ev.hash.clone();
    }
    problems
}

/// Current UTC time and local offset in the forms event bodies use.
pub fn now_stamp() -> (String, String) {
    let now = chrono::Local::now();
    let at = now
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let offset = now.format("%:z").to_string();
    (at, offset)
}

/// A body with the time filled in; `seal` fills the chain fields.
pub fn new_body(
    item_id: &str,
    item_sha256: &str,
    vault_id: &str,
    actor: &str,
    action: Action,
    details: BTreeMap<String, serde_json::Value>,
) -> EventBody {
    let (at, local_offset) = now_stamp();
    EventBody {
        v: EVENT_VERSION,
        item_id: item_id.to_owned(),
        seq: 0,
        at,
        local_offset,
        actor: actor.to_owned(),
        vault_id: vault_id.to_owned(),
        action,
        details,
        item_sha256: item_sha256.to_owned(),
        prev: String::new(),
        signer: String::new(),
    }
}

/// Convenience for building `details` maps.
#[macro_export]
macro_rules! details {
    ($($k:expr => $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = std::collections::BTreeMap::<String, serde_json::Value>::new();
        $( m.insert($k.to_string(), serde_json::json!($v)); )*
        m
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::from_seed(&Zeroizing::new([7u8; 32]), "test")
    }

    fn chain(s: &Signer, n: usize) -> Vec<CustodyEvent> {
        let mut out: Vec<CustodyEvent> = Vec::new();
        for i in 0..n {
            let action = if i == 0 {
                Action::Acquired
            } else {
                Action::MetadataEdited
            };
            let body = new_body("item1", "ab", "vault1", "Amal", action, details! {"n" => i});
            let ev = s.seal(body, out.last()).unwrap();
            out.push(ev);
        }
        out
    }

    #[test]
    fn a_sealed_chain_verifies() {
        let s = signer();
        let c = chain(&s, 4);
        assert_eq!(verify_chain(&c, "item1", "ab"), vec![]);
        assert_eq!(c[1].body.prev, c[0].hash);
        assert_eq!(c[3].body.seq, 3);
    }

    #[test]
    fn canonical_encoding_sorts_keys_without_whitespace() {
        let s = signer();
        let c = chain(&s, 1);
        let text = String::from_utf8(canonical_bytes(&c[0].body).unwrap()).unwrap();
        assert!(text.starts_with("{\"action\":\"acquired\",\"actor\":\"Amal\",\"at\":"));
        assert!(!text.contains(": "));
    }

    #[test]
    fn tampering_is_detected() {
        let s = signer();
        let mut c = chain(&s, 3);
        c[1].body.actor = "Mallory".into();
        let p = verify_chain(&c, "item1", "ab");
        assert!(p.contains(&ChainProblem::HashMismatch { seq: 1 }), "{p:?}");
    }

    #[test]
    fn removal_and_reordering_are_detected() {
        let s = signer();
        let c = chain(&s, 4);
        let mut removed = c.clone();
        removed.remove(2);
        assert!(!verify_chain(&removed, "item1", "ab").is_empty());
        let mut swapped = c.clone();
        swapped.swap(1, 2);
        assert!(!verify_chain(&swapped, "item1", "ab").is_empty());
    }

    #[test]
    fn a_resealed_event_by_another_key_is_flagged_when_rehashed_without_signing() {
        let s = signer();
        let mut c = chain(&s, 2);
        // Re-hash an edited body but keep the old signature: the hash matches, the signature not.
        c[1].body.actor = "Mallory".into();
        c[1].hash = hex::encode(Sha256::digest(canonical_bytes(&c[1].body).unwrap()));
        let p = verify_chain(&c, "item1", "ab");
        assert!(
            p.iter()
                .any(|p| matches!(p, ChainProblem::BadSignature { seq: 1, .. })),
            "{p:?}"
        );
    }

    #[test]
    fn signatures_compact_to_64_bytes_and_back_byte_for_byte() {
        let s = signer();
        for ev in chain(&s, 3) {
            let raw = compact_signature(&ev.signature, &ev.body.signer).unwrap();
            assert_eq!(raw.len(), 64);
            assert_eq!(
                armor_signature(&raw, &ev.body.signer).unwrap(),
                ev.signature
            );
        }
        // Another armour (CRLF line ends) is not what we rebuild: kept verbatim by the caller.
        let ev = &chain(&s, 1)[0];
        assert!(compact_signature(&ev.signature.replace('\n', "\r\n"), &ev.body.signer).is_none());
    }

    #[test]
    fn fingerprint_matches_signer() {
        let s = signer();
        assert_eq!(
            fingerprint_of(s.public_key_openssh()).unwrap(),
            s.fingerprint()
        );
        assert!(s.fingerprint().starts_with("SHA256:"));
    }
}
