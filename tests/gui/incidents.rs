//! Incidents in the window (issue 13): an incident made from a selection in the grid, with its
//! date and place proposed from the items and a look-alike pointed out before it is saved; a
//! review status changed with its reason on the incident page; Arabic-normalised search in the
//! Incidents view; an item's incident chip opening its page; linking an item to an existing
//! incident. Each step is checked in the vault through the library.
//!
//! Vaults here use a low scrypt work factor (log N 10) explicitly.

use eframe::egui::Modifiers;
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use evidence_vault::incident::{Incident, LinkRole, Status};
use evidence_vault::vault::IncidentQuery;
use evidence_vault::{Action, Item, ListQuery};

use crate::support::gui::{H, click, demo, has, has_part, is_enabled, steps, type_into, wait_for};

fn items(h: &H) -> Vec<Item> {
    h.state()
        .vault()
        .unwrap()
        .list(&ListQuery {
            descending: true,
            ..Default::default()
        })
        .unwrap()
}

fn item(h: &H, title: &str) -> Item {
    items(h)
        .into_iter()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no demo item '{title}'"))
}

fn incidents(h: &H) -> Vec<Incident> {
    let v = h.state().vault().unwrap();
    v.incidents(&IncidentQuery::default())
        .unwrap()
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

fn incident(h: &H, title: &str) -> Incident {
    incidents(h)
        .into_iter()
        .find(|i| i.fields.title == title)
        .unwrap_or_else(|| panic!("no incident '{title}'"))
}

/// How many nodes are named `label` (an open incident's title is its row and its heading).
fn count(h: &H, label: &str) -> usize {
    h.query_all_by_label(label).count()
}

/// What the text field named `label` holds.
fn value_of(h: &H, label: &str) -> String {
    h.get_by_label(label)
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

fn click_tile(h: &mut H, label: &str, modifiers: Modifiers) {
    wait_for(h, label, |h| {
        h.query_by_role_and_label(Role::Button, label).is_some()
    });
    h.get_by_role_and_label(Role::Button, label)
        .click_modifiers(modifiers);
    steps(h, 2);
}

const BADYA_GATE: &str = "Al Badya School, gate and perimeter wall";
const BADYA_MORNING: &str = "Al Badya School, al-Mansura, the morning after";
const BADYA_PLACE: &str = "Al Badya School, al-Mansura / مدرسة البادية، المنصورة";
const SYNAA: &str = "Strikes on the first neighbourhood and Al Synaa Street, Tabqa";

#[test]
fn an_incident_made_from_a_selection_is_proposed_its_date_and_warned_of_a_look_alike() {
    let mut h = demo();
    let h = &mut h;
    let ids = vec![item(h, BADYA_GATE).id, item(h, BADYA_MORNING).id];
    let proposal = h.state().vault().unwrap().propose_incident(&ids).unwrap();
    let when = proposal
        .when
        .expect("the demo photos have capture dates")
        .to_string();

    click_tile(h, BADYA_GATE, Modifiers::NONE);
    click_tile(h, BADYA_MORNING, Modifiers::SHIFT);
    wait_for(h, "two marked", |h| has(h, "· 2 marked"));
    assert!(
        h.query_by_role_and_label(Role::Button, "Link to incident…")
            .is_some(),
        "one Link to incident… (the status bar's) while items are marked"
    );
    click(h, "Link to incident…");
    wait_for(h, "the link dialog", |h| has(h, "Link to incident"));
    assert!(has_part(h, "2 items selected"));
    click(h, "New incident from these items…");
    wait_for(h, "the proposal", |h| {
        has(h, "New incident") && value_of(h, "When") == when
    });
    assert!(has_part(h, "2 items will be linked"));
    assert_eq!(value_of(h, "Place of the incident"), proposal.place.name);
    h.check_accessibility();

    // Saving without a title says why and saves nothing.
    click(h, "Save incident");
    wait_for(h, "the missing title", |h| has_part(h, "needs a title"));
    assert_eq!(incidents(h).len(), 4);

    type_into(
        h,
        "Title (English)",
        "Al Badya School strike, second record",
    );
    type_into(h, "Place of the incident", BADYA_PLACE);
    type_into(h, "Killed", "101, children=30, source=local council");
    click(h, "Save incident");
    wait_for(h, "the look-alike", |h| {
        has_part(h, "This looks like an incident already recorded")
    });
    assert_eq!(
        incidents(h).len(),
        4,
        "not saved while it looks like another"
    );
    // The look-alike's line: title · day · place.
    assert!(has_part(
        h,
        "Al Badya School in al-Mansura destroyed while sheltering displaced people · 2017-03-21"
    ));

    click(h, "Save anyway");
    wait_for(h, "the new incident", |h| {
        has_part(h, "recorded with 2 items linked")
    });
    let made = incident(h, "Al Badya School strike, second record");
    assert_eq!(made.status, Status::Incoming);
    assert_eq!(made.fields.when.map(|w| w.to_string()), Some(when));
    let killed = made.fields.casualties.killed.expect("killed");
    assert_eq!((killed.total, killed.children), (101, Some(30)));
    let mut linked: Vec<(String, LinkRole)> = made
        .links
        .iter()
        .map(|l| (l.item.clone(), l.role))
        .collect();
    linked.sort_by(|a, b| a.0.cmp(&b.0));
    let mut want: Vec<(String, LinkRole)> =
        ids.iter().map(|i| (i.clone(), LinkRole::Primary)).collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(linked, want);
    // The window shows its page in the Incidents view.
    wait_for(h, "its page", |h| {
        count(h, "Al Badya School strike, second record") == 2 && has(h, "INCOMING")
    });
    assert!(has(h, "5 incidents"));
}

#[test]
fn a_status_change_records_its_reason_and_search_finds_arabic_spellings() {
    let mut h = demo();
    let h = &mut h;
    click(h, "Incidents");
    wait_for(h, "the incidents", |h| has(h, "4 incidents"));
    h.check_accessibility();

    click(h, SYNAA);
    wait_for(h, "its page", |h| {
        has(h, "INCOMING") && has(h, "Record status")
    });
    assert!(!is_enabled(h, "Record status"), "no reason yet");
    type_into(h, "Reason", "Second witness W-07 confirms the time");
    assert!(is_enabled(h, "Record status"));
    click(h, "Record status");
    wait_for(h, "the new status", |h| has_part(h, "is now in review"));
    wait_for(h, "the page again", |h| has(h, "IN REVIEW"));

    let i = incident(h, SYNAA);
    assert_eq!(i.status, Status::InReview);
    let change = i.status_history.last().expect("a status change");
    assert_eq!(change.reason, "Second witness W-07 confirms the time");
    assert_eq!(change.actor, "Demo documenter");
    let detail = h.state().vault().unwrap().incident_detail(&i.id).unwrap();
    assert!(detail.problems.is_empty(), "{:?}", detail.problems);
    let last = detail.chains[0].last().unwrap();
    assert_eq!(last.body.action, Action::StatusChanged);

    // Arabic-normalised search: taa marbuta written as haa still finds al-Mansura.
    type_into(h, "Search incidents", "المنصوره");
    wait_for(h, "one match", |h| has(h, "1 incident"));
    assert!(has(
        h,
        "Al Badya School in al-Mansura destroyed while sheltering displaced people"
    ));
}

#[test]
fn an_items_chip_opens_its_incident_and_an_item_is_linked_to_another() {
    let mut h = demo();
    let h = &mut h;
    let synaa = item(h, "Al Synaa Street, residential damage");
    click_tile(h, "Al Synaa Street, residential damage", Modifiers::NONE);
    let chip = format!("{SYNAA} (primary)");
    wait_for(h, "the chip", |h| has(h, &chip));
    click(h, &chip);
    wait_for(h, "the incident page", |h| {
        has(h, "INCOMING") && has(h, "4 incidents")
    });

    click(h, "Evidence");
    wait_for(h, "the evidence again", |h| has(h, "Link to incident…"));
    click(h, "Link to incident…");
    let target = "Cluster munitions on residential neighbourhoods of al-Tabaqa";
    let button = format!("Link to {target}");
    wait_for(h, "the incidents to choose from", |h| has(h, &button));
    type_into(h, "Find an incident", "cluster");
    wait_for(h, "the search", |h| {
        has(h, &button) && !has(h, &format!("Link to {SYNAA}"))
    });
    click(h, &button);
    wait_for(h, "the link", |h| has_part(h, "1 item linked to"));
    let i = incident(h, target);
    assert_eq!(i.links.len(), 1);
    assert_eq!(i.links[0].item, synaa.id);
    assert_eq!(i.links[0].role, LinkRole::Supporting);
    wait_for(h, "the second chip", |h| {
        has(h, &format!("{target} (supporting)"))
    });
}
