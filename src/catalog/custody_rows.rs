//! The compact stored form of a custody event (schema 2) and its exact reconstruction.
//!
//! Stored per event: time, offset, actor, action, details (canonical JSON), the 32-byte hash and
//! the 64-byte Ed25519 signature. The rest comes from context: `item_id`, `vault_id` and `signer`
//! from the chain, `item_sha256` from the item, `prev` from the previous event's hash, `seq` from
//! the row, `v` is the one event version. [`CompactEvent::encode`] checks that decoding gives back
//! exactly the event it was given (armoured signature included); if not — an event from a tool
//! that encodes differently — the full JSON is kept in `event_json` and used instead.

use std::collections::BTreeMap;

use crate::custody::{
    Action, CustodyEvent, EVENT_VERSION, EventBody, armor_signature, compact_signature,
};

/// The columns of one `custody` row (besides `pos`, `chain` and `seq`).
#[derive(Clone, Debug, PartialEq)]
pub struct CompactEvent {
    pub at: String,
    pub local_offset: String,
    pub actor: String,
    pub action: String,
    pub details: String,
    pub hash: Vec<u8>,
    pub signature: Option<Vec<u8>>,
    pub event_json: Option<String>,
}

/// What a stored event's chain, item and predecessor supply.
pub struct EventContext<'a> {
    pub seq: u64,
    pub item_id: &'a str,
    pub vault_id: &'a str,
    pub signer: &'a str,
    pub item_sha256: &'a str,
    pub prev_hash: Option<&'a [u8]>,
}

impl CompactEvent {
    /// The compact form of `ev`, stored in the chain of (`ev.body.item_id`, `ev.body.vault_id`,
    /// `ev.body.signer`) of an item whose SHA-256 is `item_sha256`, after an event whose hash is
    /// `prev_hash`.
    pub fn encode(ev: &CustodyEvent, item_sha256: &str, prev_hash: Option<&[u8]>) -> Self {
        let b = &ev.body;
        let hash = hex::decode(&ev.hash).unwrap_or_else(|_| ev.hash.as_bytes().to_vec());
        let mut c = CompactEvent {
            at: b.at.clone(),
            local_offset: b.local_offset.clone(),
            actor: b.actor.clone(),
            action: b.action.as_str().to_owned(),
            details: serde_json::to_string(&b.details).unwrap_or_default(),
            hash,
            signature: compact_signature(&ev.signature, &b.signer),
            event_json: None,
        };
        let ctx = EventContext {
            seq: b.seq,
            item_id: &b.item_id,
            vault_id: &b.vault_id,
            signer: &b.signer,
            item_sha256,
            prev_hash,
        };
        if c.decode(&ctx).ok().as_ref() != Some(ev) {
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
        let details: BTreeMap<String, serde_json::Value> = serde_json::from_str(&self.details)?;
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
                at: self.at.clone(),
                local_offset: self.local_offset.clone(),
                actor: self.actor.clone(),
                vault_id: ctx.vault_id.to_owned(),
                action,
                details,
                item_sha256: ctx.item_sha256.to_owned(),
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

    #[test]
    fn events_round_trip_exactly_and_odd_ones_keep_their_json() {
        let s = Signer::from_seed(&Zeroizing::new([3u8; 32]), "t");
        let first = s
            .seal(
                new_body(
                    "item",
                    "ab",
                    "vault",
                    "أمل",
                    Action::Acquired,
                    details! {"n" => 1.5, "x" => serde_json::json!({"old": "", "new": "قصف"})},
                ),
                None,
            )
            .unwrap();
        let second = s
            .seal(
                new_body("item", "ab", "vault", "", Action::Extracted, details! {}),
                Some(&first),
            )
            .unwrap();
        let c1 = CompactEvent::encode(&first, "ab", None);
        assert!(c1.event_json.is_none());
        assert_eq!(c1.signature.as_ref().map(Vec::len), Some(64));
        let prev = hex::decode(&first.hash).unwrap();
        let c2 = CompactEvent::encode(&second, "ab", Some(&prev));
        assert!(c2.event_json.is_none());
        let ctx = EventContext {
            seq: 1,
            item_id: "item",
            vault_id: "vault",
            signer: s.public_key_openssh(),
            item_sha256: "ab",
            prev_hash: Some(&prev),
        };
        assert_eq!(c2.decode(&ctx).unwrap(), second);
        // An event whose item hash differs from the item's cannot be rebuilt from context.
        let odd = CompactEvent::encode(&second, "cd", Some(&prev));
        assert!(odd.event_json.is_some());
        assert_eq!(odd.decode(&ctx).unwrap(), second);
    }
}
