//! An incident's state as the fold of its events.
//!
//! Each vault that changes an incident keeps its own chain of it (as for items), so an incident
//! that travelled A → B → A has two chains. The state is the fold of all their events merged in
//! time order, each chain kept in its own sequence order: deterministic for a given set of
//! events, whichever vault computes it. An edit records the old value of each field it changes;
//! when the value it replaced is not the one the fold had at that point, two vaults changed the
//! same field independently: the later change wins and the fold reports a [`Conflict`], which
//! import shows to the documenter (nothing is overwritten silently).

use serde_json::Value;

use super::fields::{Incident, IncidentFields, Link, LinkRole, Status, StatusChange};
use crate::custody::{Action, CustodyEvent};

/// Two vaults changed the same field independently.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Conflict {
    pub field: String,
    /// The value the later change replaced, as its vault saw it.
    pub expected: Value,
    /// The value the fold had at that point (the other vault's change).
    pub found: Value,
    /// The value now in force.
    pub now: Value,
    pub by_vault: String,
    pub by_actor: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FoldError {
    #[error("incident {id} has no `incident_created` event")]
    NoCreation { id: String },
    #[error("incident {id}: event {seq} of vault {vault}: {reason}")]
    BadEvent {
        id: String,
        vault: String,
        seq: u64,
        reason: String,
    },
}

/// The fold's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Folded {
    pub incident: Incident,
    pub conflicts: Vec<Conflict>,
}

/// Merges chains (each oldest first) into one sequence: by time, ties by vault ID, and never
/// reordering a chain's own events (a clock set back on one laptop cannot reorder its chain).
pub fn merge_chains(chains: &[Vec<CustodyEvent>]) -> Vec<&CustodyEvent> {
    let mut pos = vec![0usize; chains.len()];
    let mut out = Vec::with_capacity(chains.iter().map(Vec::len).sum());
    loop {
        let mut best: Option<usize> = None;
        for (c, chain) in chains.iter().enumerate() {
            let Some(ev) = chain.get(pos[c]) else {
                continue;
            };
            let better = match best {
                None => true,
                Some(b) => {
                    let cur = &chains[b][pos[b]];
                    (ev.body.at.as_str(), ev.body.vault_id.as_str())
                        < (cur.body.at.as_str(), cur.body.vault_id.as_str())
                }
            };
            if better {
                best = Some(c);
            }
        }
        let Some(b) = best else { break };
        out.push(&chains[b][pos[b]]);
        pos[b] += 1;
    }
    out
}

/// Folds the events of incident `id` (all its chains).
pub fn fold(id: &str, chains: &[Vec<CustodyEvent>]) -> Result<Folded, FoldError> {
    let events = merge_chains(chains);
    let mut state: Option<Incident> = None;
    let mut conflicts = Vec::new();
    for ev in events {
        let b = &ev.body;
        let bad = |reason: String| FoldError::BadEvent {
            id: id.to_owned(),
            vault: b.vault_id.clone(),
            seq: b.seq,
            reason,
        };
        if b.action == Action::IncidentCreated {
            if state.is_some() {
                return Err(bad("a second `incident_created`".into()));
            }
            let fields: IncidentFields =
                serde_json::from_value(b.details.get("fields").cloned().unwrap_or(Value::Null))
                    .map_err(|e| bad(format!("unreadable fields: {e}")))?;
            let status = match b.details.get("status").and_then(Value::as_str) {
                Some(s) => Status::parse(s).ok_or_else(|| bad(format!("unknown status '{s}'")))?,
                None => Status::Incoming,
            };
            state = Some(Incident {
                id: id.to_owned(),
                fields,
                status,
                status_history: Vec::new(),
                links: Vec::new(),
                created_at: b.at.clone(),
                created_by: b.actor.clone(),
                updated_at: b.at.clone(),
            });
            continue;
        }
        let Some(inc) = state.as_mut() else {
            return Err(FoldError::NoCreation { id: id.to_owned() });
        };
        inc.updated_at = b.at.clone();
        match b.action {
            Action::IncidentEdited => {
                let Some(Value::Object(changes)) = b.details.get("changes") else {
                    return Err(bad("an edit without `changes`".into()));
                };
                for (field, ch) in changes {
                    let current = inc
                        .fields
                        .to_map()
                        .get(field)
                        .cloned()
                        .unwrap_or(Value::Null);
                    let old = ch.get("old").cloned().unwrap_or(Value::Null);
                    let new = ch.get("new").cloned().unwrap_or(Value::Null);
                    inc.fields.set_field(field, &new).map_err(bad)?;
                    if current != old {
                        conflicts.push(Conflict {
                            field: field.clone(),
                            expected: old,
                            found: current,
                            now: new,
                            by_vault: b.vault_id.clone(),
                            by_actor: b.actor.clone(),
                            at: b.at.clone(),
                        });
                    }
                }
            }
            Action::StatusChanged => {
                let s = |k: &str| b.details.get(k).and_then(Value::as_str).unwrap_or("");
                let to = Status::parse(s("new"))
                    .ok_or_else(|| bad(format!("unknown status '{}'", s("new"))))?;
                let from = Status::parse(s("old")).unwrap_or(inc.status);
                if from != inc.status {
                    conflicts.push(Conflict {
                        field: "status".into(),
                        expected: Value::from(from.as_str()),
                        found: Value::from(inc.status.as_str()),
                        now: Value::from(to.as_str()),
                        by_vault: b.vault_id.clone(),
                        by_actor: b.actor.clone(),
                        at: b.at.clone(),
                    });
                }
                inc.status_history.push(StatusChange {
                    from: inc.status,
                    to,
                    reason: s("reason").to_owned(),
                    actor: b.actor.clone(),
                    vault_id: b.vault_id.clone(),
                    at: b.at.clone(),
                });
                inc.status = to;
            }
            Action::ItemLinked | Action::ItemUnlinked => {
                let s = |k: &str| b.details.get(k).and_then(Value::as_str).unwrap_or("");
                let sha = s("sha256");
                if sha.len() != 64 {
                    return Err(bad("a link without the item's SHA-256".into()));
                }
                inc.links.retain(|l| l.sha256 != sha);
                if b.action == Action::ItemLinked {
                    let role = LinkRole::parse(s("role")).unwrap_or_default();
                    inc.links.push(Link {
                        item: s("item").to_owned(),
                        sha256: sha.to_owned(),
                        role,
                    });
                }
            }
            other => return Err(bad(format!("`{other}` is not an incident action"))),
        }
    }
    state
        .map(|incident| Folded {
            incident,
            conflicts,
        })
        .ok_or_else(|| FoldError::NoCreation { id: id.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::custody::{EventBody, Signer, new_body};
    use crate::details;
    use zeroize::Zeroizing;

    fn ev(
        s: &Signer,
        chain: &mut Vec<CustodyEvent>,
        vault: &str,
        at: &str,
        action: Action,
        d: std::collections::BTreeMap<String, Value>,
    ) {
        let mut body: EventBody = new_body("inc1", "", vault, "Amal", action, d);
        body.at = at.into();
        let e = s.seal(body, chain.last()).unwrap();
        chain.push(e);
    }

    #[test]
    fn two_vaults_chains_fold_in_time_order_and_conflicts_are_reported() {
        let sa = Signer::from_seed(&Zeroizing::new([1; 32]), "a");
        let sb = Signer::from_seed(&Zeroizing::new([2; 32]), "b");
        let mut a = Vec::new();
        let mut b = Vec::new();
        let fields = IncidentFields {
            title: "Bakery".into(),
            ..Default::default()
        };
        ev(
            &sa,
            &mut a,
            "A",
            "2024-01-01T10:00:00.000Z",
            Action::IncidentCreated,
            details! {"fields" => fields, "status" => "incoming"},
        );
        ev(
            &sa,
            &mut a,
            "A",
            "2024-01-01T10:01:00.000Z",
            Action::ItemLinked,
            details! {"item" => "i1", "sha256" => "a".repeat(64), "role" => "primary"},
        );
        ev(
            &sb,
            &mut b,
            "B",
            "2024-01-02T09:00:00.000Z",
            Action::StatusChanged,
            details! {"old" => "incoming", "new" => "verified", "reason" => "two witnesses"},
        );
        ev(
            &sb,
            &mut b,
            "B",
            "2024-01-02T09:05:00.000Z",
            Action::IncidentEdited,
            details! {"changes" => serde_json::json!({"title": {"old": "Bakery", "new": "Bakery, Tabqa"}})},
        );
        // A changed the title meanwhile, later than B: a conflict, A's value wins.
        ev(
            &sa,
            &mut a,
            "A",
            "2024-01-03T08:00:00.000Z",
            Action::IncidentEdited,
            details! {"changes" => serde_json::json!({"title": {"old": "Bakery", "new": "Al-Tabqa bakery"}})},
        );
        let f = fold("inc1", &[a.clone(), b.clone()]).unwrap();
        assert_eq!(f.incident.fields.title, "Al-Tabqa bakery");
        assert_eq!(f.incident.status, Status::Verified);
        assert_eq!(f.incident.status_history[0].reason, "two witnesses");
        assert_eq!(f.incident.links.len(), 1);
        assert_eq!(f.conflicts.len(), 1);
        assert_eq!(f.conflicts[0].found, "Bakery, Tabqa");
        // Same result whichever order the chains are given in.
        assert_eq!(fold("inc1", &[b, a]).unwrap(), f);
    }

    #[test]
    fn a_chain_without_creation_does_not_fold() {
        let s = Signer::from_seed(&Zeroizing::new([1; 32]), "a");
        let mut c = Vec::new();
        ev(
            &s,
            &mut c,
            "B",
            "2024-01-02T09:00:00.000Z",
            Action::StatusChanged,
            details! {"old" => "incoming", "new" => "verified"},
        );
        assert!(matches!(
            fold("inc1", &[c]),
            Err(FoldError::NoCreation { .. })
        ));
    }

    #[test]
    fn unlinking_removes_by_sha256() {
        let s = Signer::from_seed(&Zeroizing::new([1; 32]), "a");
        let mut c = Vec::new();
        ev(
            &s,
            &mut c,
            "A",
            "2024-01-01T10:00:00.000Z",
            Action::IncidentCreated,
            details! {"fields" => IncidentFields { title: "x".into(), ..Default::default() }},
        );
        for (i, sha) in ["a", "b"].iter().enumerate() {
            ev(
                &s,
                &mut c,
                "A",
                &format!("2024-01-01T10:0{}:00.000Z", i + 1),
                Action::ItemLinked,
                details! {"item" => format!("i{i}"), "sha256" => sha.repeat(64), "role" => "context"},
            );
        }
        ev(
            &s,
            &mut c,
            "A",
            "2024-01-01T10:09:00.000Z",
            Action::ItemUnlinked,
            details! {"item" => "other-id", "sha256" => "a".repeat(64)},
        );
        let f = fold("inc1", &[c]).unwrap();
        assert_eq!(f.incident.links.len(), 1);
        assert_eq!(f.incident.links[0].role, LinkRole::Context);
    }
}
