//! Drafts: what the documenter is typing and has not committed yet, kept so that locking,
//! quitting or a crash never loses it.
//!
//! A draft is `drafts/ID.age`: a JSON document (`{"format":"evidence-vault-draft","version":1,
//! "id":…,"subject":{"kind":…},"updated_ms":…,"fields":{…}}`) encrypted with age to the vault's own
//! recipient, so stock `age -d` with the vault's identity reads it. It is written like a catalog
//! file (see `catalog_file`): streamed through the encryptor into a temporary file beside its name
//! (which therefore only ever holds ciphertext), fsynced, renamed over the previous version, the
//! directory fsynced; and it carries a signature by the vault's custody key in its header, in its
//! own SSHSIG namespace ([`DRAFT_SIG_NAMESPACE`]). Anyone can encrypt to the public recipient, so
//! without that signature a stranger with access to the disk could put words in front of the
//! documenter as their own draft; with it, such a file is refused (and left where it is).
//!
//! Drafts are not evidence and not in the catalog: saving one takes no catalog lock and writes no
//! journal segment. They are mutable files under stable names, so `verify` does not look at them
//! and backups keep each superseded version aside rather than overwrite it (see `backup`).

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use super::Vault;
use super::catalog_file::{self, CatalogFileError};
use crate::atomic;
use crate::objects;

/// The folder of drafts inside a vault.
pub const DRAFTS_DIR: &str = "drafts";
/// SSHSIG namespace of draft signatures (distinct from catalog files' and custody events').
pub const DRAFT_SIG_NAMESPACE: &str = "evidence-vault-draft";
const FORMAT_NAME: &str = "evidence-vault-draft";
const FORMAT_VERSION: u32 = 1;
const SUFFIX: &str = ".age";
/// Largest draft we decrypt into memory: far more than anyone types, and a hostile file cannot
/// exhaust memory.
const MAX_DRAFT_BYTES: u64 = 64 * 1024 * 1024;

/// A draft's random ID: 32 lowercase hex digits (128 bits), also its file name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DraftId(String);

/// A string that is not a draft ID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a draft ID (32 lowercase hex digits)")]
pub struct InvalidDraftId(pub String);

impl DraftId {
    /// A new random ID.
    #[allow(clippy::new_without_default)] // a default ID would be a random one: say so by name
    pub fn new() -> Self {
        DraftId(objects::new_id())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The draft's file name, `ID.age`.
    pub fn file_name(&self) -> String {
        format!("{}{SUFFIX}", self.0)
    }

    /// The ID in a draft's file name (`ID.age`), if it is one.
    pub fn from_file_name(name: &str) -> Option<Self> {
        name.strip_suffix(SUFFIX)?.parse().ok()
    }
}

impl FromStr for DraftId {
    type Err = InvalidDraftId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(DraftId(s.to_owned()))
        } else {
            Err(InvalidDraftId(s.to_owned()))
        }
    }
}

impl TryFrom<String> for DraftId {
    type Error = InvalidDraftId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<DraftId> for String {
    fn from(id: DraftId) -> String {
        id.0
    }
}

impl fmt::Display for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a draft will become when it is committed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DraftSubject {
    /// A new note (text evidence).
    NewNote,
    /// An edit of an existing item's metadata.
    EditItem { item_id: String },
    /// A new incident (`None`) or an edit of one.
    Incident { incident_id: Option<String> },
}

/// The fields of a draft, by name (`title`, `body`, `case`, `tags`, `place`, `event_date`…), in
/// name order. Every value is wiped from memory when it is replaced or dropped; `Debug` shows
/// only names and lengths.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct DraftFields(BTreeMap<String, Zeroizing<String>>);

impl DraftFields {
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.as_str())
    }

    /// Sets `name` to `value` (the previous value is wiped).
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), Zeroizing::new(value.into()));
    }

    /// The value of `name` for editing in place, empty if it was not set.
    pub fn value_mut(&mut self, name: &str) -> &mut String {
        self.0.entry(name.to_owned()).or_default()
    }

    /// Removes `name` (its value is wiped).
    pub fn remove(&mut self, name: &str) {
        self.0.remove(name);
    }

    /// Names and values, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many fields are set (blank ones included).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no field holds anything but white space: nothing worth keeping.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|v| v.trim().is_empty())
    }
}

impl fmt::Debug for DraftFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (k, v) in &self.0 {
            m.entry(k, &format!("<{} bytes>", v.len()));
        }
        m.finish()
    }
}

impl Serialize for DraftFields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v.as_str())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DraftFields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = DraftFields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of field names to text")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DraftFields, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(k) = map.next_key::<String>()? {
                    // Wrapped as soon as it exists, so it is wiped however parsing ends.
                    let v = Zeroizing::new(map.next_value::<String>()?);
                    out.insert(k, v);
                }
                Ok(DraftFields(out))
            }
        }
        d.deserialize_map(FieldsVisitor)
    }
}

/// Work the documenter is typing and has not committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub id: DraftId,
    pub subject: DraftSubject,
    pub fields: DraftFields,
    /// When it was last changed, milliseconds since the Unix epoch (UTC). Saved as given.
    pub updated_ms: i64,
}

impl Draft {
    /// A new, empty draft with a new ID, stamped now.
    pub fn new(subject: DraftSubject) -> Self {
        Draft {
            id: DraftId::new(),
            subject,
            fields: DraftFields::new(),
            updated_ms: now_ms(),
        }
    }

    /// Stamps the draft as changed now.
    pub fn touch(&mut self) {
        self.updated_ms = now_ms();
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The drafts found in a vault.
#[derive(Clone, Debug, Default)]
pub struct FoundDrafts {
    /// Newest first.
    pub drafts: Vec<Draft>,
    /// Files in `drafts/` that are not this vault's drafts: left where they are, never deleted.
    pub refused: Vec<RefusedDraft>,
}

/// A file in `drafts/` that was not accepted as a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedDraft {
    pub path: PathBuf,
    pub reason: DraftRefusal,
}

/// Why a file in `drafts/` was not accepted as a draft.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DraftRefusal {
    #[error("it carries no signature of this vault: it was not written by this vault")]
    Unsigned,
    #[error("its signature does not verify ({0}): it was altered or written by another vault")]
    BadSignature(String),
    #[error("it is damaged or was altered ({0})")]
    Damaged(String),
    #[error("it cannot be read ({0})")]
    Unreadable(String),
    #[error("its name is not that of a draft (ID.age)")]
    BadName,
    #[error("it was written by a newer version of this program (draft format {0})")]
    NewerFormat(u32),
}

impl fmt::Display for RefusedDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not used as a draft: {}",
            self.path.display(),
            self.reason
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SaveDraftError {
    #[error("could not create the drafts folder {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("could not encode draft {id}: {reason}")]
    Encode { id: DraftId, reason: String },
    #[error("could not write the draft {path}: {source}; its previous version is kept")]
    Write { path: PathBuf, source: io::Error },
    #[error("the draft is empty, but its file {path} could not be removed: {source}")]
    Remove { path: PathBuf, source: io::Error },
}

#[derive(Debug, thiserror::Error)]
pub enum ListDraftsError {
    #[error("could not list the drafts in {path}: {source}")]
    List { path: PathBuf, source: io::Error },
}

#[derive(Debug, thiserror::Error)]
pub enum DiscardDraftError {
    #[error("could not remove the draft {path}: {source}")]
    Remove { path: PathBuf, source: io::Error },
}

/// `VAULT/drafts`.
pub fn drafts_dir(vault: &Path) -> PathBuf {
    vault.join(DRAFTS_DIR)
}

/// `VAULT/drafts/ID.age`.
pub fn draft_path(vault: &Path, id: &DraftId) -> PathBuf {
    drafts_dir(vault).join(id.file_name())
}

#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    version: u32,
    id: &'a DraftId,
    subject: &'a DraftSubject,
    updated_ms: i64,
    fields: &'a DraftFields,
}

#[derive(Deserialize)]
struct DocHead {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct DocIn {
    id: DraftId,
    subject: DraftSubject,
    updated_ms: i64,
    fields: DraftFields,
}

/// A growable buffer that wipes every allocation it leaves behind.
struct SecretBuf(Zeroizing<Vec<u8>>);

impl Write for SecretBuf {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let need = self.0.len() + data.len();
        if need > self.0.capacity() {
            let mut grown = Zeroizing::new(Vec::with_capacity(need.max(2 * self.0.capacity())));
            grown.extend_from_slice(&self.0);
            // The old allocation is wiped as it drops.
            self.0 = grown;
        }
        self.0.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn encode(draft: &Draft) -> Result<Zeroizing<Vec<u8>>, serde_json::Error> {
    let estimate = 256
        + draft
            .fields
            .iter()
            .map(|(k, v)| k.len() + v.len() + 8)
            .sum::<usize>();
    let mut buf = SecretBuf(Zeroizing::new(Vec::with_capacity(estimate * 5 / 4)));
    serde_json::to_writer(
        &mut buf,
        &DocOut {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            id: &draft.id,
            subject: &draft.subject,
            updated_ms: draft.updated_ms,
            fields: &draft.fields,
        },
    )?;
    Ok(buf.0)
}

/// Parses the (signed, decrypted) JSON of the draft file named `id`.
fn decode(plaintext: &[u8], id: &DraftId) -> Result<Draft, DraftRefusal> {
    let head: DocHead = serde_json::from_slice(plaintext)
        .map_err(|e| DraftRefusal::Damaged(format!("not a draft: {e}")))?;
    if head.format != FORMAT_NAME {
        return Err(DraftRefusal::Damaged(format!(
            "it is {:?}, not a draft",
            head.format
        )));
    }
    if head.version > FORMAT_VERSION {
        return Err(DraftRefusal::NewerFormat(head.version));
    }
    let doc: DocIn = serde_json::from_slice(plaintext)
        .map_err(|e| DraftRefusal::Damaged(format!("not a draft: {e}")))?;
    if &doc.id != id {
        // A signed draft of this vault copied under another name.
        return Err(DraftRefusal::Damaged(format!(
            "it says it is draft {}",
            doc.id
        )));
    }
    Ok(Draft {
        id: doc.id,
        subject: doc.subject,
        fields: doc.fields,
        updated_ms: doc.updated_ms,
    })
}

impl Vault {
    /// Saves `draft` as `drafts/ID.age`, replacing its previous version atomically; a draft with
    /// nothing in it removes its file instead. Takes no catalog lock: it may run on any thread
    /// while other work goes on.
    pub fn save_draft(&self, draft: &Draft) -> Result<(), SaveDraftError> {
        let path = draft_path(self.dir(), &draft.id);
        if draft.fields.is_empty() {
            return remove_durably(&path).map_err(|source| SaveDraftError::Remove { path, source });
        }
        let dir = drafts_dir(self.dir());
        atomic::create_dir_durable(&dir)
            .map_err(|source| SaveDraftError::CreateDir { path: dir, source })?;
        let plaintext = encode(draft).map_err(|e| SaveDraftError::Encode {
            id: draft.id.clone(),
            reason: e.to_string(),
        })?;
        let werr = |source| SaveDraftError::Write {
            path: path.clone(),
            source,
        };
        let tmp = catalog_file::write_signed_temp_ns(
            DRAFT_SIG_NAMESPACE,
            &path,
            &plaintext,
            &self.recipient(),
            self.signer(),
        )
        .map_err(werr)?;
        atomic::commit(tmp, &path).map_err(werr)
    }

    /// Every draft of this vault, newest first, and the files in `drafts/` that are not (unsigned,
    /// signed by another key, altered, misnamed…), which are reported and left in place. Stray
    /// temporary files of an interrupted save are ignored.
    pub fn drafts(&self) -> Result<FoundDrafts, ListDraftsError> {
        let dir = drafts_dir(self.dir());
        let lerr = |source| ListDraftsError::List {
            path: dir.clone(),
            source,
        };
        let mut found = FoundDrafts::default();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(found),
            Err(e) => return Err(lerr(e)),
        };
        for entry in entries {
            let entry = entry.map_err(lerr)?;
            let path = entry.path();
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                continue;
            }
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".tmp-") && name.ends_with(".part") {
                continue; // an interrupted save: ciphertext, never a draft
            }
            let Some(id) = DraftId::from_file_name(&name) else {
                found.refused.push(RefusedDraft {
                    path,
                    reason: DraftRefusal::BadName,
                });
                continue;
            };
            match self.read_draft(&path, &id) {
                Ok(Some(d)) => found.drafts.push(d),
                Ok(None) => {} // discarded while we listed
                Err(reason) => found.refused.push(RefusedDraft { path, reason }),
            }
        }
        found
            .drafts
            .sort_by(|a, b| b.updated_ms.cmp(&a.updated_ms).then(a.id.cmp(&b.id)));
        found.refused.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(found)
    }

    /// Removes a draft (committed or thrown away). A draft that is not there is not an error.
    pub fn discard_draft(&self, id: &DraftId) -> Result<(), DiscardDraftError> {
        let path = draft_path(self.dir(), id);
        remove_durably(&path).map_err(|source| DiscardDraftError::Remove { path, source })
    }

    /// Decrypts and checks one draft file; `Ok(None)` if it is gone.
    fn read_draft(&self, path: &Path, id: &DraftId) -> Result<Option<Draft>, DraftRefusal> {
        let len = match objects::sealed_plaintext_len(path) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Err(DraftRefusal::Damaged(e.to_string()));
            }
            Err(e) => return Err(DraftRefusal::Unreadable(e.to_string())),
        };
        if len > MAX_DRAFT_BYTES {
            return Err(DraftRefusal::Damaged(format!(
                "{len} bytes is more than a draft can be"
            )));
        }
        let read = catalog_file::read_signed_ns(
            DRAFT_SIG_NAMESPACE,
            path,
            &self.keys().identity,
            Some(self.signer().public_key()),
            |r| {
                // Exactly the announced length (read_signed checks nothing follows), in one
                // allocation that is wiped when dropped.
                let mut buf = Zeroizing::new(vec![0u8; len as usize]);
                r.read_exact(&mut buf).map_err(|e| e.to_string())?;
                Ok(buf)
            },
        );
        let plaintext = match read {
            Ok((p, _)) => p,
            Err(CatalogFileError::Missing { .. }) => return Ok(None),
            Err(CatalogFileError::Io { source, .. }) => {
                return Err(DraftRefusal::Unreadable(source.to_string()));
            }
            Err(CatalogFileError::Decrypt { reason, .. }) => {
                return Err(DraftRefusal::Unreadable(reason));
            }
            Err(CatalogFileError::Damaged { reason, .. }) => {
                return Err(DraftRefusal::Damaged(reason));
            }
            Err(CatalogFileError::Unsigned { .. }) => return Err(DraftRefusal::Unsigned),
            Err(CatalogFileError::BadSignature { reason, .. }) => {
                return Err(DraftRefusal::BadSignature(reason));
            }
        };
        decode(&plaintext, id).map(Some)
    }
}

/// Removes `path` if it exists and makes the removal durable.
fn remove_durably(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Ok(()) => match path.parent() {
            Some(dir) => atomic::sync_dir(dir),
            None => Ok(()),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::testing;
    use std::io::Read;

    fn note(title: &str, body: &str) -> Draft {
        let mut d = Draft::new(DraftSubject::NewNote);
        d.fields.set("title", title);
        d.fields.set("body", body);
        d.fields.set("case", "");
        d
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|e| {
                e.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// Encrypts `plaintext` to `recipient` with stock age (no signature stanza).
    fn stock_age(plaintext: &[u8], recipient: &age::x25519::Recipient) -> Vec<u8> {
        let enc =
            age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
                .unwrap();
        let mut out = Vec::new();
        let mut w = enc.wrap_output(&mut out).unwrap();
        w.write_all(plaintext).unwrap();
        w.finish().unwrap();
        out
    }

    #[test]
    fn a_draft_round_trips() {
        let (_t, v) = testing::vault();
        assert!(v.drafts().unwrap().drafts.is_empty(), "no folder yet");
        let mut d = note("قصف المخبز", "Line one\nline two — شهادة");
        d.fields.set("tags", "bakery, airstrike");
        d.subject = DraftSubject::EditItem {
            item_id: "0123456789abcdef0123456789abcdef".into(),
        };
        v.save_draft(&d).unwrap();
        let mut other = Draft::new(DraftSubject::Incident { incident_id: None });
        other.fields.set("title", "older");
        other.updated_ms = d.updated_ms - 1000;
        v.save_draft(&other).unwrap();

        let found = v.drafts().unwrap();
        assert!(found.refused.is_empty(), "{:?}", found.refused);
        assert_eq!(found.drafts, vec![d.clone(), other.clone()], "newest first");
        assert_eq!(found.drafts[0].fields.get("body"), d.fields.get("body"));
        assert_eq!(
            files_in(&drafts_dir(v.dir())),
            {
                let mut names = vec![d.id.file_name(), other.id.file_name()];
                names.sort();
                names
            },
            "no temporary file left"
        );
    }

    #[test]
    fn saving_again_replaces_the_draft() {
        let (_t, v) = testing::vault();
        let mut d = note("first title", "first body");
        v.save_draft(&d).unwrap();
        d.fields.set("title", "second title");
        d.fields.value_mut("body").push_str(", continued");
        d.touch();
        v.save_draft(&d).unwrap();
        let found = v.drafts().unwrap();
        assert_eq!(found.drafts, vec![d.clone()]);
        assert_eq!(
            found.drafts[0].fields.get("body"),
            Some("first body, continued")
        );
        assert_eq!(files_in(&drafts_dir(v.dir())).len(), 1);
    }

    #[test]
    fn an_empty_draft_removes_its_file_and_discard_removes_it() {
        let (_t, v) = testing::vault();
        let mut d = note("title", "body");
        let path = draft_path(v.dir(), &d.id);
        v.save_draft(&d).unwrap();
        assert!(path.exists());
        d.fields.set("title", "  ");
        d.fields.set("body", "\n");
        assert!(d.fields.is_empty());
        v.save_draft(&d).unwrap();
        assert!(!path.exists());
        assert!(v.drafts().unwrap().drafts.is_empty());
        // An empty draft that was never saved writes nothing either.
        v.save_draft(&Draft::new(DraftSubject::NewNote)).unwrap();
        assert!(files_in(&drafts_dir(v.dir())).is_empty());

        let d = note("keep", "me");
        v.save_draft(&d).unwrap();
        v.discard_draft(&d.id).unwrap();
        assert!(!draft_path(v.dir(), &d.id).exists());
        v.discard_draft(&d.id).unwrap(); // already gone: fine
        v.discard_draft(&DraftId::new()).unwrap();
        assert!(v.drafts().unwrap().drafts.is_empty());
    }

    #[test]
    fn the_file_holds_no_plaintext_and_opens_with_the_vault_identity() {
        let (_t, v) = testing::vault();
        let d = note(
            "UNIQUE-TITLE-MARKER-7731",
            "UNIQUE-BODY-MARKER the shelling began at dawn",
        );
        v.save_draft(&d).unwrap();
        let raw = fs::read(draft_path(v.dir(), &d.id)).unwrap();
        for needle in [
            b"UNIQUE-TITLE-MARKER".as_slice(),
            b"UNIQUE-BODY-MARKER",
            b"shelling",
            b"title",
            b"body",
            b"evidence-vault-draft",
        ] {
            assert!(
                !raw.windows(needle.len()).any(|w| w == needle),
                "{:?} found in the file",
                String::from_utf8_lossy(needle)
            );
        }
        assert!(raw.starts_with(b"age-encryption.org/v1\n"));
        // Stock age with the vault's identity reads it (the signature stanza is ignored).
        let dec = age::Decryptor::new(raw.as_slice()).unwrap();
        let mut r = dec
            .decrypt(std::iter::once(&v.keys().identity as &dyn age::Identity))
            .unwrap();
        let mut text = String::new();
        r.read_to_string(&mut text).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["format"], "evidence-vault-draft");
        assert_eq!(json["version"], 1);
        assert_eq!(json["subject"]["kind"], "new_note");
        assert_eq!(json["fields"]["title"], "UNIQUE-TITLE-MARKER-7731");
    }

    #[test]
    fn an_unsigned_draft_is_refused_and_left_in_place() {
        let (_t, v) = testing::vault();
        let good = note("mine", "my words");
        v.save_draft(&good).unwrap();
        let forged = note("forged", "words put in my mouth");
        let json = encode(&forged).unwrap();
        let path = draft_path(v.dir(), &forged.id);
        fs::write(&path, stock_age(&json, &v.recipient())).unwrap();
        let before = fs::read(&path).unwrap();

        let found = v.drafts().unwrap();
        assert_eq!(found.drafts, vec![good]);
        assert_eq!(
            found.refused,
            vec![RefusedDraft {
                path: path.clone(),
                reason: DraftRefusal::Unsigned
            }]
        );
        assert_eq!(fs::read(&path).unwrap(), before, "left as it was");
        // Listing again does not change anything either.
        assert_eq!(v.drafts().unwrap().refused.len(), 1);
        assert!(path.exists());
    }

    #[test]
    fn a_draft_signed_by_another_vault_or_as_a_catalog_file_is_refused() {
        let (t, v) = testing::vault();
        let other = testing::vault_at(&t.path().join("other"), "Someone else");
        atomic::create_dir_durable(&drafts_dir(v.dir())).unwrap();

        // Signed by the other vault's key, encrypted to this one.
        let forged = note("forged", "not mine");
        let path = draft_path(v.dir(), &forged.id);
        let tmp = catalog_file::write_signed_temp_ns(
            DRAFT_SIG_NAMESPACE,
            &path,
            &encode(&forged).unwrap(),
            &v.recipient(),
            other.signer(),
        )
        .unwrap();
        atomic::commit(tmp, &path).unwrap();

        // Signed by this vault's key, but as a catalog file (another namespace).
        let replayed = note("catalog", "a catalog signature");
        let path2 = draft_path(v.dir(), &replayed.id);
        let tmp = catalog_file::write_signed_temp(
            &path2,
            &encode(&replayed).unwrap(),
            &v.recipient(),
            v.signer(),
        )
        .unwrap();
        atomic::commit(tmp, &path2).unwrap();

        // The other vault's own draft, copied over: not even addressed to this vault.
        let theirs = note("theirs", "their words");
        other.save_draft(&theirs).unwrap();
        let path3 = draft_path(v.dir(), &theirs.id);
        fs::copy(draft_path(other.dir(), &theirs.id), &path3).unwrap();

        let found = v.drafts().unwrap();
        assert!(found.drafts.is_empty(), "{:?}", found.drafts);
        let reason_of = |p: &Path| {
            found
                .refused
                .iter()
                .find(|r| r.path == p)
                .map(|r| r.reason.clone())
        };
        assert!(
            matches!(reason_of(&path), Some(DraftRefusal::BadSignature(_))),
            "{:?}",
            reason_of(&path)
        );
        assert!(
            matches!(reason_of(&path2), Some(DraftRefusal::BadSignature(_))),
            "{:?}",
            reason_of(&path2)
        );
        assert!(
            matches!(reason_of(&path3), Some(DraftRefusal::Unreadable(_))),
            "{:?}",
            reason_of(&path3)
        );
        assert!(path.exists() && path2.exists() && path3.exists());
        // The other vault still reads its own.
        assert_eq!(other.drafts().unwrap().drafts, vec![theirs]);
    }

    #[test]
    fn a_tampered_or_renamed_draft_is_refused() {
        let (_t, v) = testing::vault();
        let d = note("title", "body");
        v.save_draft(&d).unwrap();
        let path = draft_path(v.dir(), &d.id);
        let mut raw = fs::read(&path).unwrap();
        let last = raw.len() - 1;
        raw[last] ^= 0x01;
        fs::write(&path, &raw).unwrap();
        let found = v.drafts().unwrap();
        assert!(found.drafts.is_empty());
        assert_eq!(found.refused.len(), 1);
        assert!(
            matches!(found.refused[0].reason, DraftRefusal::Damaged(_)),
            "{:?}",
            found.refused[0].reason
        );
        assert_eq!(fs::read(&path).unwrap(), raw, "left as it was");
        fs::remove_file(&path).unwrap();

        // A genuine draft of this vault under another draft's name.
        let d = note("title", "body");
        v.save_draft(&d).unwrap();
        let moved = draft_path(v.dir(), &DraftId::new());
        fs::rename(draft_path(v.dir(), &d.id), &moved).unwrap();
        let found = v.drafts().unwrap();
        assert!(found.drafts.is_empty());
        assert!(
            matches!(found.refused[0].reason, DraftRefusal::Damaged(_)),
            "{:?}",
            found.refused[0].reason
        );
    }

    #[test]
    fn junk_in_the_folder_is_refused_or_ignored_without_panicking() {
        let (_t, v) = testing::vault();
        let good = note("good", "draft");
        v.save_draft(&good).unwrap();
        let dir = drafts_dir(v.dir());
        fs::write(dir.join("notes.txt"), b"hello").unwrap();
        fs::write(dir.join("ABCDEF0123456789ABCDEF0123456789.age"), b"x").unwrap();
        fs::write(dir.join("0123.age"), b"").unwrap();
        fs::write(dir.join(".tmp-abc.part"), b"half a save").unwrap();
        fs::create_dir(dir.join("kept")).unwrap();
        let empty = dir.join(format!("{}.age", DraftId::new()));
        fs::write(&empty, b"").unwrap();
        let garbage = dir.join(format!("{}.age", DraftId::new()));
        fs::write(
            &garbage,
            b"age-encryption.org/v1\n-> X25519 junk\n--- junk\n",
        )
        .unwrap();

        let found = v.drafts().unwrap();
        assert_eq!(found.drafts, vec![good]);
        let names: Vec<(String, &DraftRefusal)> = found
            .refused
            .iter()
            .map(|r| {
                (
                    r.path.file_name().unwrap().to_string_lossy().into_owned(),
                    &r.reason,
                )
            })
            .collect();
        assert_eq!(names.len(), 5, "{names:?}");
        for (name, reason) in &names {
            if name.ends_with(".txt") || name.starts_with("ABC") || name == "0123.age" {
                assert_eq!(*reason, &DraftRefusal::BadName, "{name}");
            } else {
                assert!(
                    matches!(
                        reason,
                        DraftRefusal::Damaged(_) | DraftRefusal::Unreadable(_)
                    ),
                    "{name}: {reason:?}"
                );
            }
        }
        assert_eq!(files_in(&dir).len(), 8, "nothing was deleted");
    }

    #[test]
    fn draft_ids_are_validated() {
        let id = DraftId::new();
        assert_eq!(DraftId::from_file_name(&id.file_name()), Some(id.clone()));
        assert_eq!(id.as_str().parse::<DraftId>(), Ok(id.clone()));
        for bad in [
            "",
            "0123",
            "0123456789ABCDEF0123456789abcdef",
            "0123456789abcdef0123456789abcdeg",
            "../23456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef0",
        ] {
            assert!(bad.parse::<DraftId>().is_err(), "{bad}");
        }
        assert_eq!(DraftId::from_file_name(id.as_str()), None);
        assert!(serde_json::from_str::<DraftId>("\"../x\"").is_err());
    }

    #[test]
    fn fields_hide_their_values_in_debug_output() {
        let d = note("secret title", "secret body");
        let shown = format!("{d:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("title"));
    }

    #[test]
    fn verify_ignores_drafts_and_saving_needs_no_catalog_lock() {
        let (_t, v) = testing::vault();
        v.save_draft(&note("title", "body")).unwrap();
        fs::write(drafts_dir(v.dir()).join(".tmp-x.part"), b"x").unwrap();
        let report = v
            .verify(
                &crate::vault::VerifyOptions::default(),
                &crate::progress::NoProgress,
                &crate::progress::CancelToken::new(),
            )
            .unwrap();
        assert!(report.is_clean(), "{report:?}");
        assert!(report.partial_files.is_empty(), "{report:?}");

        // Another thread saves and lists while this one holds the catalog lock.
        let guard = v.read();
        let v2 = v.clone();
        let saved = std::thread::spawn(move || {
            let d = note("from another thread", "body");
            v2.save_draft(&d).unwrap();
            v2.drafts().unwrap().drafts.len()
        })
        .join()
        .unwrap();
        drop(guard);
        assert_eq!(saved, 2);
        // Drafts write no journal segment.
        assert!(crate::vault::journal::list(v.dir()).unwrap().is_empty());
    }
}
