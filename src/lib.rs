//! Evidence Vault: offline, encrypted evidence cataloguing with fixity and signed custody.
//!
//! The library holds every capability; the `evidence-vault` GUI and the `evault` CLI are thin
//! layers over it. See `ARCHITECTURE.md` for the map and `../shared/DESIGN.md` for the formats.

pub mod atomic;
pub mod backup;
pub mod bundle;
pub mod catalog;
pub mod custody;
pub mod demo;
pub mod geo;
/// The desktop window (egui), compiled only with the `gui` feature: the `evidence-vault` binary
/// starts it and the GUI tests link it. It uses the library only through its public API, like
/// any other client; `cargo check --lib --no-default-features` builds the library without it.
#[cfg(feature = "gui")]
pub mod gui;
pub mod incident;
pub mod intake;
pub mod item;
pub mod keys;
pub mod objects;
pub mod progress;
pub mod search;
pub mod text;
pub mod timeline;
pub mod vault;

// The GUI names the library `evidence_vault::…`, as an outside client would.
#[cfg(feature = "gui")]
extern crate self as evidence_vault;

pub use age::secrecy::SecretString;
pub use custody::{Action, CustodyEvent};
pub use intake::{DerivedReport, IntakeFailure, IntakeOptions, IntakeOutcome, IntakeReport};
pub use item::{
    Camera, CaptureSource, DateFlag, DateOrigin, Derived, Gps, Item, Kind, ListQuery, MediaTool,
    MetadataEdit, SortKey,
};
pub use item::{MapPoint, TimeMark};
pub use progress::{CancelToken, NoProgress, Progress, ProgressSink, SharedProgress};
pub use vault::{
    CreateOptions, IntakeHooks, ItemDetail, MediaTools, NoteInput, PendingItem, Similar, Vault,
    VaultInfo, VerifyOptions, VerifyReport, read_info,
};

/// This program's version, as recorded in custody events and bundle metadata.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
