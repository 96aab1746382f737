//! The custody timeline of one item: every event, oldest first, and whether the chain verifies
//! (hashes link up, every signature is valid).

use eframe::egui;
use egui::RichText;
use evidence_vault::{Action, CustodyEvent, ItemDetail};
use serde_json::Value;

use super::bidi_label::bidi_label;
use super::format;
use super::widgets::{ERROR_COLOR, OK_COLOR};

/// `this_vault` is the open vault's ID: events recorded elsewhere (before an import) are grouped
/// under the vault that recorded them.
pub fn show(ui: &mut egui::Ui, d: &ItemDetail, this_vault: &str) {
    verdict(ui, &d.custody_problems, d.custody.len());
    ui.add_space(4.0);
    events(ui, &d.custody, this_vault);
}

/// Whether the log verifies (`n` events), or its problems and what to do about them.
pub fn verdict(ui: &mut egui::Ui, problems: &[impl std::fmt::Display], n: usize) {
    if problems.is_empty() {
        ui.label(
            RichText::new(match n {
                1 => "Verified: the event's signature is valid.".to_owned(),
                n => format!("Verified: all {n} events link up and every signature is valid."),
            })
            .color(OK_COLOR),
        );
    } else {
        ui.label(
            RichText::new("NOT VERIFIED: this custody log has problems:")
                .color(ERROR_COLOR)
                .strong(),
        );
        for p in problems {
            ui.label(RichText::new(format!("• {p}")).color(ERROR_COLOR));
        }
        ui.label("Keep the vault as it is and run Verify vault; do not rely on this history until it is explained.");
    }
}

/// The events, oldest first, grouped by the vault that recorded them.
pub fn events(ui: &mut egui::Ui, events: &[CustodyEvent], this_vault: &str) {
    let mut current: Option<&str> = None;
    for ev in events {
        let vault = ev.body.vault_id.as_str();
        if current != Some(vault) {
            let short = vault.get(..8).unwrap_or(vault);
            let header = if vault == this_vault {
                "Recorded in this vault".to_owned()
            } else {
                format!("Recorded in vault {short}… (before it came here)")
            };
            ui.label(RichText::new(header).strong());
            current = Some(vault);
        }
        event(ui, ev);
    }
}

pub fn action_name(a: Action) -> &'static str {
    match a {
        Action::Acquired => "Acquired",
        Action::Reacquired => "Acquired again (same bytes)",
        Action::MetadataEdited => "Metadata edited",
        Action::Extracted => "Extracted",
        Action::Exported => "Exported",
        Action::Imported => "Imported",
        Action::Verified => "Verified",
        Action::Readopted => "Re-adopted",
        Action::IncidentCreated => "Incident created",
        Action::IncidentEdited => "Incident edited",
        Action::ItemLinked => "Item linked",
        Action::ItemUnlinked => "Item unlinked",
        Action::StatusChanged => "Status changed",
    }
}

fn event(ui: &mut egui::Ui, ev: &CustodyEvent) {
    let b = &ev.body;
    egui::Frame::group(ui.style())
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{}. {}", b.seq + 1, action_name(b.action))).strong(),
                );
                ui.label(RichText::new(format::local_time(&b.at)).weak());
            });
            if !b.actor.is_empty() {
                bidi_label(ui, &format!("by {}", b.actor));
            }
            for line in detail_lines(b.action, &b.details) {
                bidi_label(ui, &line);
            }
            ui.label(
                RichText::new(format!(
                    "event hash {}…",
                    ev.hash.get(..16).unwrap_or(&ev.hash)
                ))
                .small()
                .weak()
                .monospace(),
            );
        });
}

/// The event's details as short lines; an edit shows each field's old and new value.
pub fn detail_lines(
    action: Action,
    details: &std::collections::BTreeMap<String, Value>,
) -> Vec<String> {
    let mut out = Vec::new();
    // An incident edit holds its field changes under "changes": each is a line of its own.
    if action == Action::IncidentEdited
        && let Some(Value::Object(changes)) = details.get("changes")
    {
        let changes: std::collections::BTreeMap<String, Value> = changes
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        return detail_lines(Action::MetadataEdited, &changes);
    }
    // A new incident's fields: one line per field that was filled in.
    if action == Action::IncidentCreated
        && let Some(Value::Object(fields)) = details.get("fields")
    {
        for (k, v) in fields.iter().filter(|(_, v)| !is_empty(v)) {
            out.push(format!("{}: {}", k.replace('_', " "), short(v)));
        }
        if let Some(st) = details.get("status") {
            out.push(format!("status: {}", short(st)));
        }
        return out;
    }
    if action == Action::StatusChanged {
        let get = |k: &str| details.get(k).map(short).unwrap_or_default();
        out.push(format!(
            "from {} to {}",
            get("old").replace('_', " "),
            get("new").replace('_', " ")
        ));
        out.push(format!("reason: {}", get("reason")));
        return out;
    }
    for (k, v) in details {
        if action == Action::MetadataEdited
            && let Some(obj) = v.as_object()
        {
            let old = obj.get("old").map(short).unwrap_or_default();
            let new = obj.get("new").map(short).unwrap_or_default();
            out.push(format!(
                "{}: changed from “{old}” to “{new}”",
                k.replace('_', " ")
            ));
            continue;
        }
        out.push(format!("{}: {}", k.replace('_', " "), short(v)));
    }
    out
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        _ => false,
    }
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::Null => "(empty)".to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(short).collect::<Vec<_>>().join(", "),
        // A place, a time, casualty figures: "key value" pairs that are filled in.
        Value::Object(o) => o
            .iter()
            .filter(|(_, v)| !is_empty(v))
            .map(|(k, v)| format!("{} {}", k.replace('_', " "), short(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    if s.chars().count() > 200 {
        let cut: String = s.chars().take(200).collect();
        format!("{cut}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> std::collections::BTreeMap<String, Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn incident_events_read_as_sentences_not_json() {
        let created = map(json!({
            "fields": {"title": "Strike", "summary": "", "types": [], "place": {"name": "Tabqa", "lat": null}},
            "status": "incoming",
        }));
        assert_eq!(
            detail_lines(Action::IncidentCreated, &created),
            vec!["place: name Tabqa", "title: Strike", "status: incoming"]
        );
        let edited = map(json!({"changes": {"case": {"old": "", "new": "TABQA-2017-03"}}}));
        assert_eq!(
            detail_lines(Action::IncidentEdited, &edited),
            vec!["case: changed from “” to “TABQA-2017-03”"]
        );
        let status = map(json!({"old": "in_review", "new": "verified", "reason": "two witnesses"}));
        assert_eq!(
            detail_lines(Action::StatusChanged, &status),
            vec!["from in review to verified", "reason: two witnesses"]
        );
    }
}
