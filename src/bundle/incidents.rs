//! Incidents in a bundle: `evidence/incidents.jsonl`, one incident per line as `incident show
//! --json` prints it (for people and other tools) plus the labels of the vault's own vocabulary
//! codes it uses, and the incidents' signed chains in `custody.jsonl`.
//!
//! The chains are what counts: the reader verifies them, folds them, and requires each line to
//! say what the fold says, so an edited line is caught like an edited chain. Import then merges
//! the chains (see `import.rs`); the lines are never taken as they are.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::layout::is_item_id;
use crate::custody::CustodyEvent;
use crate::incident::{Incident, Term, Vocabulary, fold, verify_incident_chains};

/// One incident of a bundle, its chains verified and folded.
#[derive(Clone, Debug)]
pub(crate) struct IncidentIn {
    pub id: String,
    pub chains: Vec<Vec<CustodyEvent>>,
    /// Labels of the codes it uses that are not built in.
    pub labels: Vec<Term>,
}

/// What inspect found about one incident of the bundle.
#[derive(Clone, Debug, Serialize)]
pub struct IncidentReport {
    pub id: String,
    pub title: String,
    pub events: usize,
    /// Items it is linked to, and how many of them the bundle carries (the others stay with
    /// the sender; the incident names them by SHA-256).
    pub links: usize,
    pub links_carried: usize,
    pub problems: Vec<String>,
}

/// The `incidents.jsonl` line of an incident.
pub(crate) fn incident_line(inc: &Incident, vocab: &Vocabulary) -> Value {
    let mut v = inc.to_json();
    let labels: Vec<Term> = inc
        .fields
        .user_codes()
        .into_iter()
        .filter_map(|(kind, code)| vocab.find(kind, &code))
        .collect();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "labels".into(),
            serde_json::to_value(labels).unwrap_or(Value::Null),
        );
    }
    v
}

/// The line with what may differ between vaults left out: item IDs (links name items by
/// SHA-256; the same evidence may have another ID in another vault) and the labels.
fn comparable(line: &Value) -> Value {
    let mut v = line.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("labels");
        o.remove("items");
        if let Some(Value::Array(links)) = o.get_mut("links") {
            for l in links {
                if let Some(lo) = l.as_object_mut() {
                    lo.remove("item");
                }
            }
        }
    }
    v
}

/// The first top-level key whose value differs.
fn first_difference(a: &Value, b: &Value) -> String {
    let (Some(x), Some(y)) = (a.as_object(), b.as_object()) else {
        return "the whole line".into();
    };
    x.keys()
        .chain(y.keys())
        .find(|k| x.get(*k) != y.get(*k))
        .cloned()
        .unwrap_or_default()
}

/// Reads `incidents.jsonl` (if the bundle has one) against the incident chains of
/// `custody.jsonl`. Problems with the file as a whole go to `problems`; each incident's own go
/// to its report.
pub(crate) fn read_incidents(
    text: Option<&str>,
    chains: Vec<Vec<CustodyEvent>>,
    item_shas: &HashSet<&str>,
    problems: &mut Vec<String>,
) -> (Vec<IncidentIn>, Vec<IncidentReport>) {
    let mut by_id: BTreeMap<String, Vec<Vec<CustodyEvent>>> = BTreeMap::new();
    for c in chains {
        by_id.entry(c[0].body.item_id.clone()).or_default().push(c);
    }
    let (mut ins, mut reports) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for (n, line) in text.unwrap_or("").lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("incidents.jsonl line {}", n + 1);
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{at}: {e}"));
                continue;
            }
        };
        let Some(id) = v.get("id").and_then(Value::as_str).map(str::to_owned) else {
            problems.push(format!("{at}: no id"));
            continue;
        };
        if !is_item_id(&id) {
            problems.push(format!("{at}: '{id}' is not an incident ID"));
            continue;
        }
        if !seen.insert(id.clone()) {
            problems.push(format!("incidents.jsonl lists incident {id} twice"));
            continue;
        }
        let mut report = IncidentReport {
            id: id.clone(),
            title: v
                .get("title")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .or_else(|| v.get("title_ar").and_then(Value::as_str))
                .unwrap_or("")
                .to_owned(),
            events: 0,
            links: 0,
            links_carried: 0,
            problems: Vec::new(),
        };
        let labels: Vec<Term> = match v.get("labels").cloned() {
            None | Some(Value::Null) => Vec::new(),
            Some(l) => match serde_json::from_value::<Vec<Term>>(l) {
                Ok(mut l) => {
                    for t in &mut l {
                        t.builtin = false;
                    }
                    l
                }
                Err(e) => {
                    report.problems.push(format!("unreadable labels: {e}"));
                    Vec::new()
                }
            },
        };
        let chains = by_id.remove(&id).unwrap_or_default();
        report.events = chains.iter().map(Vec::len).sum();
        if chains.is_empty() {
            report
                .problems
                .push("custody.jsonl has no chain for it".into());
            reports.push(report);
            continue;
        }
        report.problems.extend(
            verify_incident_chains(&id, &chains)
                .into_iter()
                .map(|p| p.to_string()),
        );
        match fold(&id, &chains) {
            Err(e) => report.problems.push(e.to_string()),
            Ok(folded) => {
                let inc = &folded.incident;
                report.links = inc.links.len();
                report.links_carried = inc
                    .links
                    .iter()
                    .filter(|l| item_shas.contains(l.sha256.as_str()))
                    .count();
                let (want, got) = (comparable(&inc.to_json()), comparable(&v));
                if want != got {
                    report.problems.push(format!(
                        "incidents.jsonl does not say what the incident's signed events say (field {}): it was altered",
                        first_difference(&want, &got)
                    ));
                }
                for (kind, code) in inc.fields.user_codes() {
                    let labelled = labels.iter().any(|t| {
                        t.kind == kind
                            && t.code == code
                            && Vocabulary::valid_code(&code)
                            && (!t.en.trim().is_empty() || !t.ar.trim().is_empty())
                    });
                    if !labelled {
                        report.problems.push(format!(
                            "it uses the {} code '{code}', which is neither built in nor labelled in the bundle",
                            kind.as_str()
                        ));
                    }
                }
                if report.problems.is_empty() {
                    ins.push(IncidentIn {
                        id: id.clone(),
                        chains,
                        labels,
                    });
                }
            }
        }
        reports.push(report);
    }
    for (id, _) in by_id {
        problems.push(format!(
            "custody.jsonl has events of incident {id}, which incidents.jsonl does not list"
        ));
    }
    (ins, reports)
}
