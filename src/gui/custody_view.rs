//! The custody timeline of one item: every event, oldest first, and whether the chain verifies
//! (hashes link up, every signature is valid).

use eframe::egui;
use egui::RichText;
use evidence_vault::incident::{LinkRole, Status};
use evidence_vault::{Action, CustodyEvent, ItemDetail};
use serde_json::Value;

use super::bidi_label::bidi_label;
use super::format;
use super::i18n::{self, t};
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
        ui.label(RichText::new(t!("custody-verified", count = n)).color(OK_COLOR));
    } else {
        ui.label(
            RichText::new(t!("custody-not-verified"))
                .color(ERROR_COLOR)
                .strong(),
        );
        for p in problems {
            ui.label(RichText::new(format!("• {p}")).color(ERROR_COLOR));
        }
        ui.label(t!("custody-not-verified-advice"));
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
                t!("custody-recorded-here")
            } else {
                t!("custody-recorded-elsewhere", vault = short)
            };
            ui.label(RichText::new(header).strong());
            current = Some(vault);
        }
        event(ui, ev);
    }
}

pub fn action_name(a: Action) -> String {
    match a {
        Action::Acquired => t!("custody-action-acquired"),
        Action::Reacquired => t!("custody-action-reacquired"),
        Action::MetadataEdited => t!("custody-action-metadata-edited"),
        Action::Extracted => t!("custody-action-extracted"),
        Action::Exported => t!("custody-action-exported"),
        Action::Imported => t!("custody-action-imported"),
        Action::Verified => t!("custody-action-verified"),
        Action::Readopted => t!("custody-action-readopted"),
        Action::IncidentCreated => t!("custody-action-incident-created"),
        Action::IncidentEdited => t!("custody-action-incident-edited"),
        Action::ItemLinked => t!("custody-action-item-linked"),
        Action::ItemUnlinked => t!("custody-action-item-unlinked"),
        Action::StatusChanged => t!("custody-action-status-changed"),
    }
}

fn event(ui: &mut egui::Ui, ev: &CustodyEvent) {
    let b = &ev.body;
    egui::Frame::group(ui.style())
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                let number = i18n::digits(&(b.seq + 1).to_string());
                let action = action_name(b.action);
                let heading = t!("custody-event-heading", number = number, action = action);
                ui.label(RichText::new(heading).strong());
                ui.label(RichText::new(format::local_time(&b.at)).weak());
            });
            if !b.actor.is_empty() {
                bidi_label(ui, &t!("custody-by", actor = i18n::user_text(&b.actor)));
            }
            for line in detail_lines(b.action, &b.details) {
                bidi_label(ui, &line);
            }
            let hash = ev.hash.get(..16).unwrap_or(&ev.hash);
            ui.label(
                RichText::new(t!("custody-event-hash", hash = hash))
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
            out.push(detail_line(k, v));
        }
        if let Some(st) = details.get("status") {
            out.push(detail_line("status", st));
        }
        return out;
    }
    if action == Action::StatusChanged {
        let get = |k: &str| {
            details
                .get(k)
                .map(|v| short("status", v))
                .unwrap_or_default()
        };
        let (old, new) = (get("old"), get("new"));
        out.push(t!("custody-status-change", old = old, new = new));
        let reason = details
            .get("reason")
            .cloned()
            .unwrap_or_else(|| Value::String(String::new()));
        out.push(detail_line("reason", &reason));
        return out;
    }
    for (k, v) in details {
        if action == Action::MetadataEdited
            && let Some(obj) = v.as_object()
        {
            let value = |side: &str| obj.get(side).map(|v| short(k, v)).unwrap_or_default();
            let (field, old, new) = (field_name(k), value("old"), value("new"));
            out.push(t!("custody-changed", field = field, old = old, new = new));
            continue;
        }
        out.push(detail_line(k, v));
    }
    out
}

/// "field: value", the field named in the interface's language.
fn detail_line(k: &str, v: &Value) -> String {
    let (field, value) = (field_name(k), short(k, v));
    t!("custody-detail", field = field, value = value)
}

/// The name of a recorded detail (a key of the event's details, or of a value inside them) in
/// the interface's language; a key this version does not know is shown as it is stored.
fn field_name(k: &str) -> String {
    match k {
        "source_path" => t!("custody-field-source-path"),
        "original_name" => t!("custody-field-original-name"),
        "size" => t!("custody-field-size"),
        "source_modified" => t!("custody-field-source-modified"),
        "mime" => t!("custody-field-mime"),
        "kind" => t!("custody-field-kind"),
        "tool" => t!("custody-field-tool"),
        "note_title" => t!("custody-field-note-title"),
        "written_in_app" => t!("custody-field-written-in-app"),
        "title" => t!("custody-field-title"),
        "description" => t!("custody-field-description"),
        "case" => t!("custody-field-case"),
        "tags" => t!("custody-field-tags"),
        "place" => t!("custody-field-place"),
        "event_date" => t!("custody-field-event-date"),
        "result" => t!("custody-field-result"),
        "problems" => t!("custody-field-problems"),
        "object" => t!("custody-field-object"),
        "destination" => t!("custody-field-destination"),
        "bundle_id" => t!("custody-field-bundle-id"),
        "bundle_sha256" => t!("custody-field-bundle-sha256"),
        "recipients" => t!("custody-field-recipients"),
        "payload_path" => t!("custody-field-payload-path"),
        "source_vault" => t!("custody-field-source-vault"),
        "signer" => t!("custody-field-signer"),
        "sender_item_id" => t!("custody-field-sender-item-id"),
        "merged" => t!("custody-field-merged"),
        "sender_events_added" => t!("custody-field-sender-events-added"),
        "sender_events_divergent" => t!("custody-field-sender-events-divergent"),
        "sender_chain_heads" => t!("custody-field-sender-chain-heads"),
        "title_ar" => t!("custody-field-title-ar"),
        "summary" => t!("custody-field-summary"),
        "summary_ar" => t!("custody-field-summary-ar"),
        "when" => t!("custody-field-when"),
        "start" => t!("custody-field-start"),
        "end" => t!("custody-field-end"),
        "precision" => t!("custody-field-precision"),
        "types" => t!("custody-field-types"),
        "sites" => t!("custody-field-sites"),
        "weapons" => t!("custody-field-weapons"),
        "casualties" => t!("custody-field-casualties"),
        "killed" => t!("custody-field-killed"),
        "injured" => t!("custody-field-injured"),
        "missing" => t!("custody-field-missing"),
        "detained" => t!("custody-field-detained"),
        "total" => t!("custody-field-total"),
        "children" => t!("custody-field-children"),
        "women" => t!("custody-field-women"),
        "perpetrators" => t!("custody-field-perpetrators"),
        "sources" => t!("custody-field-sources"),
        "source" => t!("custody-field-source"),
        "name" => t!("custody-field-name"),
        "lat" => t!("custody-field-lat"),
        "lon" => t!("custody-field-lon"),
        "status" => t!("custody-field-status"),
        "reason" => t!("custody-field-reason"),
        "item" => t!("custody-field-item"),
        "sha256" => t!("custody-field-sha256"),
        "role" => t!("custody-field-role"),
        other => other.replace('_', " "),
    }
}

/// A stored word that names one of a fixed set (a status, a kind, a role, a result) in the
/// interface's language; other text (the user's own, IDs, paths) is `None`.
fn value_word(k: &str, s: &str) -> Option<String> {
    match k {
        "status" => Some(match Status::parse(s) {
            Some(status) => super::incident_page::status_name(status),
            None => s.replace('_', " "),
        }),
        "role" => LinkRole::parse(s).map(|r| super::incident_page::role_name(r).to_string()),
        "kind" => match s {
            "photo" => Some(t!("custody-kind-photo")),
            "video" => Some(t!("custody-kind-video")),
            "audio" => Some(t!("custody-kind-audio")),
            "text" => Some(t!("custody-kind-text")),
            "file" => Some(t!("custody-kind-file")),
            _ => None,
        },
        "result" => match s {
            "ok" => Some(t!("custody-result-ok")),
            "failed" => Some(t!("custody-result-failed")),
            _ => None,
        },
        _ => None,
    }
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

/// The value `v` of the detail `k`, short and readable.
fn short(k: &str, v: &Value) -> String {
    let s = match v {
        Value::Null => t!("custody-empty"),
        Value::String(s) => match value_word(k, s) {
            Some(word) => word,
            None if s.chars().count() > 200 => {
                let cut: String = s.chars().take(200).collect();
                return i18n::user_text(&format!("{cut}…"));
            }
            None => i18n::user_text(s),
        },
        Value::Array(a) => a
            .iter()
            .map(|v| short(k, v))
            .collect::<Vec<_>>()
            .join(&t!("custody-list-separator")),
        // A place, a time, casualty figures: "key value" pairs that are filled in.
        Value::Object(o) => o
            .iter()
            .filter(|(_, v)| !is_empty(v))
            .map(|(k, v)| format!("{} {}", field_name(k), short(k, v)))
            .collect::<Vec<_>>()
            .join(&t!("custody-list-separator")),
        Value::Bool(true) => t!("custody-true"),
        Value::Bool(false) => t!("custody-false"),
        other => i18n::digits(&other.to_string()),
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
