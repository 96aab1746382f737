//! Incidents: the documenter's record of what happened (DESIGN.md "Incidents").
//!
//! An incident's state is never edited in place: it is the fold of the signed events on its
//! chains (one chain per incident and recording vault, see `fold.rs`). The catalog keeps the
//! folded state as a row for listing and filtering, and `verify` recomputes it from the events,
//! so an altered row is detected like an altered event.

pub mod consistency;
mod fields;
mod fold;
mod table;
mod verify;
mod vocab;
mod when;

pub use fields::{
    CASUALTY_KINDS, Casualties, FieldError, Figure, Incident, IncidentFields, Link, LinkRole,
    Place, PlaceSource, Status, StatusChange,
};
pub use fold::{Conflict, FoldError, Folded, fold, merge_chains};
pub use table::{TableFormat, csv_table, geojson_table};
pub use verify::{IncidentProblem, check_incident, verify_incident_chains};
pub use vocab::{Term, VocabKind, Vocabulary, builtin_terms};
pub use when::{Precision, When, WhenError, ascii_digits};

use crate::custody::Action;

/// The actions of incident chains, which never appear on an item's chain.
pub const INCIDENT_ACTIONS: [Action; 5] = [
    Action::IncidentCreated,
    Action::IncidentEdited,
    Action::ItemLinked,
    Action::ItemUnlinked,
    Action::StatusChanged,
];

/// True for an action of an incident chain.
pub fn is_incident_action(a: Action) -> bool {
    INCIDENT_ACTIONS.contains(&a)
}
