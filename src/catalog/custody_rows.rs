//! The compact stored form of a custody event (schema 2) and its exact reconstruction.
//!
//! Stored per event: time (milliseconds since 1970 when the text is the usual
//! `YYYY-MM-DDTHH:MM:SS.mmmZ`), offset, actor, action, details (canonical JSON), the 32-byte hash
//! and the 64-byte Ed25519 signature. The rest comes from context: `item_id`, `vault_id` and
//! `signer` from the chain, `item_sha256` from the item, `prev` from the previous event's hash,
//! `seq` from the row, `v` is the one event version. An `acquired` event whose details repeat the
//! item row (kind, MIME type, name, size, modification time, source path) stores them as
//! `{"@item":1,"tool":…}`. [`CompactEvent::encode`] checks that decoding gives back exactly the
//! event it was given (armoured signature included); if not — an event from a tool that encodes
//! differently — the full JSON is kept in `event_json` and used instead.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use serde_json::json;

use crate::custody::{
    Action, CustodyEvent, EVENT_VERSION, EventBody, armor_signature, compact_signature,
};

/// Key of the details of an `acquired` event that repeat the item row.
const FROM_ITEM: &str = "@item";
/// The details keys that come from the item row.
const ITEM_KEYS: [&str; 6] = [
    "kind",
    "mime",
    "original_name",
    "size",
    "source_modified",
    "source_path",
];

/// The columns of one `custody` row (besides `pos`, `chain` and `seq`).
#[derive(Clone, Debug, PartialEq)]
pub struct CompactEvent {
    /// Integer milliseconds, or the original text when it is not in the usual form.
    pub at: Value,
    pub local_offset: String,
    pub actor: String,
    pub action: String,
    pub details: String,
    pub hash: Vec<u8>,
    pub signature: Option<Vec<u8>>,
    pub event_json: Option<String>,
}

/// The item row's fields that events repeat.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemFacts {
    pub id: String,
    pub sha256: String,
    pub kind: String,
    pub mime: String,
    pub original_name: Option<String>,
    pub size: i64,
    pub source_modified: Option<String>,
    pub source_path: Option<String>,
}

impl ItemFacts {
    /// `SELECT` list (for a table aliased `i`) in the order of [`ItemFacts::from_row`].
    pub const COLUMNS: &'static str =
        "i.id, i.sha256, i.kind, i.mime, i.original_name, i.size, i.source_modified, i.source_path";

    pub fn from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(at)?,
            sha256: r.get(at + 1)?,
            kind: r.get(at + 2)?,
            mime: r.get(at + 3)?,
            original_name: r.get(at + 4)?,
            size: r.get(at + 5)?,
            source_modified: r.get(at + 6)?,
            source_path: r.get(at + 7)?,
        })
    }

    fn value(&self, key: &str) -> serde_json::Value {
        match key {
            "kind" => json!(self.kind),
            "mime" => json!(self.mime),
            "original_name" => json!(self.original_name),
            "size" => json!(self.size),
            "source_modified" => json!(self.source_modified),
            "source_path" => json!(self.source_path),
            _ => serde_json::Value::Null,
        }
    }
}

/// What a stored event's chain, item and predecessor supply.
pub struct EventContext<'a> {
    pub seq: u64,
    /// The chain's item ID (the item's own unless the chain came from a sender who used another).
    pub item_id: &'a str,
    pub vault_id: &'a str,
    pub signer: &'a str,
    pub item: &'a ItemFacts,
    pub prev_hash: Option<&'a [u8]>,
}

fn millis_of(at: &str) -> Option<i64> {
    let t = chrono::DateTime::parse_from_rfc3339(at).ok()?;
    let ms = t.timestamp_millis();
    (millis_text(ms)? == at).then_some(ms)
}

fn millis_text(ms: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

impl CompactEvent {
    /// The compact form of `ev`, to be stored in a chain whose context is `ctx`.
    pub fn encode(ev: &CustodyEvent, ctx: &EventContext<'_>) -> Self {
        let b = &ev.body;
        let hash = hex::decode(&ev.hash).unwrap_or_else(|_| ev.hash.as_bytes().to_vec());
        let mut details = b.details.clone();
        if b.action == Action::Acquired
            && ITEM_KEYS
                .iter()
                .all(|k| details.get(*k) == Some(&ctx.item.value(k)))
        {
            for k in ITEM_KEYS {
                details.remove(k);
            }
            details.insert(FROM_ITEM.to_owned(), json!(1));
        }
        let mut c = CompactEvent {
            at: millis_of(&b.at).map_or_else(|| Value::Text(b.at.clone()), Value::Integer),
            local_offset: b.local_offset.clone(),
            actor: b.actor.clone(),
            action: b.action.as_str().to_owned(),
            details: serde_json::to_string(&details).unwrap_or_default(),
            hash,
            signature: compact_signature(&ev.signature, &b.signer),
            event_json: None,
        };
        if c.decode(ctx).ok().as_ref() != Some(ev) {
            c.event_json = serde_json::to_string(ev).ok();
        }
        c
    }

    /// The event this row stores.
    pub fn decode(&self, ctx: &EventContext<'_>) -> Result<CustodyEvent, serde_json::Error> {
        if let Some(json) = &self.event_json {
            return serde_json::from_str(json);
        }
        let action: Action =
            serde_json::from_value(serde_json::Value::String(self.action.clone()))?;
        let mut details: BTreeMap<String, serde_json::Value> = serde_json::from_str(&self.details)?;
        if details.remove(FROM_ITEM).is_some() {
            for k in ITEM_KEYS {
                details.insert(k.to_owned(), ctx.item.value(k));
            }
        }
        let at = match &self.at {
            Value::Integer(ms) => millis_text(*ms).unwrap_or_default(),
            Value::Text(t) => t.clone(),
            _ => String::new(),
        };
        let signature = self
            .signature
            .as_deref()
            .and_then(|raw| armor_signature(raw, ctx.signer))
            .unwrap_or_default();
        Ok(CustodyEvent {
            body: EventBody {
                v: EVENT_VERSION,
                item_id: ctx.item_id.to_owned(),
                seq: ctx.seq,
                at,
                local_offset: self.local_offset.clone(),
                actor: self.actor.clone(),
                vault_id: ctx.vault_id.to_owned(),
                action,
                details,
                item_sha256: ctx.item.sha256.clone(),
                prev: ctx.prev_hash.map(hex::encode).unwrap_or_default(),
                signer: ctx.signer.to_owned(),
            },
            hash: hex::encode(&self.hash),
            signature,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::custody::{Signer, new_body};
    use crate::details;
    use zeroize::Zeroizing;

    fn facts(sha: &str) -> ItemFacts {
        ItemFacts {
            id: "item".into(),
            sha256: sha.into(),
            kind: "photo".into(),
            mime: "image/jpeg".into(),
            original_name: Some("IMG_1.jpg".into()),
            size: 5,
            source_modified: None,
            source_path: None,
        }
    }

    #[test]
    fn events_round_trip_exactly_and_odd_ones_keep_their_json() {
        let s = Signer::from_seed(&Zeroizing::new([3u8; 32]), "t");
        let item = facts("ab");
        let first = s
            .seal(
                new_body(
                    "item",
                    "ab",
                    "vault",
                    "أمل",
                    Action::Acquired,
                    details! {"kind" => "photo", "mime" => "image/jpeg", "original_name" => "IMG_1.jpg",
                        "size" => 5, "source_modified" => None::<String>, "source_path" => None::<String>,
                        "tool" => "evidence-vault 0.1.0"},
                ),
                None,
            )
            .unwrap();
        let second = s
            .seal(
                new_body(
                    "item",
                    "ab",
                    "vault",
                    "",
                    Action::MetadataEdited,
                    details! {"n" => 1.5, "x" => serde_json::json!({"old": "", "new": "قصف"})},
                ),
                Some(&first),
            )
            .unwrap();
        let ctx0 = EventContext {
            seq: 0,
            item_id: "item",
            vault_id: "vault",
            signer: s.public_key_openssh(),
            item: &item,
            prev_hash: None,
        };
        let c1 = CompactEvent::encode(&first, &ctx0);
        assert!(c1.event_json.is_none(), "{c1:?}");
        assert!(matches!(c1.at, Value::Integer(_)));
        assert_eq!(c1.details, r#"{"@item":1,"tool":"evidence-vault 0.1.0"}"#);
        assert_eq!(c1.signature.as_ref().map(Vec::len), Some(64));
        assert_eq!(c1.decode(&ctx0).unwrap(), first);
        let prev = hex::decode(&first.hash).unwrap();
        let ctx1 = EventContext {
            seq: 1,
            prev_hash: Some(&prev),
            ..ctx0
        };
        let c2 = CompactEvent::encode(&second, &ctx1);
        assert!(c2.event_json.is_none());
        assert_eq!(c2.decode(&ctx1).unwrap(), second);
        // An event whose item hash differs from the item's cannot be rebuilt from context.
        let other = facts("cd");
        let odd_ctx = EventContext {
            item: &other,
            ..ctx1
        };
        let odd = CompactEvent::encode(&second, &odd_ctx);
        assert!(odd.event_json.is_some());
        assert_eq!(odd.decode(&odd_ctx).unwrap(), second);
    }

    #[test]
    fn unusual_times_are_kept_as_text() {
        assert_eq!(
            millis_of("2026-11-21T10:00:00.123Z"),
            Some(1_795_255_200_123)
        );
        assert_eq!(millis_of("2026-11-21T10:00:00Z"), None);
        assert_eq!(millis_of("2026-11-21T13:00:00.000+03:00"), None);
        assert_eq!(millis_of("yesterday"), None);
    }
}
