//! Checking an incident: its chains, and that the stored state is the fold of its events.

use super::fields::{Incident, LinkRole};
use super::fold::{FoldError, fold};
use super::is_incident_action;
use crate::custody::{ChainProblem, CustodyEvent, verify_event};

/// What is wrong with an incident.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IncidentProblem {
    #[error("chain of vault {vault}: {problem}")]
    Chain {
        vault: String,
        problem: ChainProblem,
    },
    #[error("chain of vault {vault}: event {seq} is `{action}`, which is not an incident action")]
    NotIncidentAction {
        vault: String,
        seq: u64,
        action: String,
    },
    #[error("its events do not fold into an incident: {0}")]
    Fold(#[from] FoldError),
    #[error("it cannot be read back from the catalog: {0}")]
    Unreadable(String),
    #[error(
        "the stored incident differs from what its signed events say (field {field}); the catalog was altered"
    )]
    StateAltered { field: String },
    #[error(
        "its stored links to items differ from what its signed events say; the catalog was altered"
    )]
    LinksAltered,
}

/// Checks every event's hash and signature, each chain's sequence, links, vault and signer, and
/// that every event is about incident `id`.
pub fn verify_incident_chains(id: &str, chains: &[Vec<CustodyEvent>]) -> Vec<IncidentProblem> {
    let mut out = Vec::new();
    for chain in chains {
        let Some(first) = chain.first() else { continue };
        let vault = first.body.vault_id.clone();
        let mut wrong_actions = Vec::new();
        let mut push = |problem: ChainProblem| {
            out.push(IncidentProblem::Chain {
                vault: vault.clone(),
                problem,
            })
        };
        let mut prev = String::new();
        for (i, ev) in chain.iter().enumerate() {
            let b = &ev.body;
            if b.seq != i as u64 {
                push(ChainProblem::BadSequence {
                    seq: b.seq,
                    expected: i as u64,
                });
            }
            if b.prev != prev {
                push(ChainProblem::BrokenLink { seq: b.seq });
            }
            if b.item_id != id {
                push(ChainProblem::WrongItem {
                    seq: b.seq,
                    expected: id.to_owned(),
                    found: b.item_id.clone(),
                });
            }
            if b.vault_id != first.body.vault_id {
                push(ChainProblem::WrongVault {
                    seq: b.seq,
                    expected: first.body.vault_id.clone(),
                    found: b.vault_id.clone(),
                });
            }
            if b.signer != first.body.signer {
                push(ChainProblem::SignerChanged { seq: b.seq });
            }
            if let Err(p) = verify_event(ev) {
                push(p);
            }
            if !is_incident_action(b.action) {
                wrong_actions.push(IncidentProblem::NotIncidentAction {
                    vault: vault.clone(),
                    seq: b.seq,
                    action: b.action.to_string(),
                });
            }
            prev = ev.hash.clone();
        }
        out.append(&mut wrong_actions);
    }
    out
}

/// Checks a stored incident against its events: the chains verify, they fold, and the fold
/// equals the stored state and links (`stored_links`: the SHA-256 and role of each stored link).
///
/// `here` holds the SHA-256 of the linked items this vault holds: a link to an item that came
/// with the incident's chain but not in the bundle (it stayed with the sender) has no stored
/// row.
pub fn check_incident(
    stored: &Incident,
    stored_links: &[(String, LinkRole)],
    chains: &[Vec<CustodyEvent>],
    here: &std::collections::HashSet<String>,
) -> Vec<IncidentProblem> {
    let mut out = verify_incident_chains(&stored.id, chains);
    match fold(&stored.id, chains) {
        Err(e) => out.push(e.into()),
        Ok(f) => {
            let mut want = f.incident.clone();
            // Item IDs in links are the recording vault's; the stored state names local IDs.
            for l in &mut want.links {
                if let Some(s) = stored.links.iter().find(|s| s.sha256 == l.sha256) {
                    l.item = s.item.clone();
                }
            }
            if want != *stored {
                let field = first_difference(&want, stored);
                out.push(IncidentProblem::StateAltered { field });
            }
            let mut a: Vec<(String, LinkRole)> = want
                .links
                .iter()
                .filter(|l| here.contains(&l.sha256))
                .map(|l| (l.sha256.clone(), l.role))
                .collect();
            let mut b = stored_links.to_vec();
            a.sort_by(|x, y| x.0.cmp(&y.0));
            b.sort_by(|x, y| x.0.cmp(&y.0));
            if a != b {
                out.push(IncidentProblem::LinksAltered);
            }
        }
    }
    out
}

fn first_difference(a: &Incident, b: &Incident) -> String {
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return "?".into();
    };
    if let (Some(serde_json::Value::Object(fx)), Some(serde_json::Value::Object(fy))) =
        (x.get("fields"), y.get("fields"))
    {
        for (k, v) in fx {
            if fy.get(k) != Some(v) {
                return k.clone();
            }
        }
    }
    for (k, v) in &x {
        if y.get(k) != Some(v) {
            return k.clone();
        }
    }
    "?".into()
}
