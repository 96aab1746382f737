//! Encrypted evidence bundles (format 1): `export`, `inspect`, `import`.
//!
//! A bundle is an age stream of a tar of one BagIt 1.0 bag (see `docs/bundle-format.md` and the
//! "Bundle (format 1)" section of DESIGN.md). Export streams originals out of the vault, checking
//! each against its recorded SHA-256 as it goes; [`read`] is the one streaming reader and
//! validator that both inspect and import use, so what inspect accepts is exactly what import
//! accepts.

pub mod export;
pub mod import;
mod incidents;
pub mod layout;
pub mod read;
pub mod recipients;
pub mod report;

pub use export::{ExportError, ExportOptions, ExportReport, Selection, export};
pub use import::{ImportError, ImportOptions, ImportReport, ImportedIncident, import};
pub use read::{BundleKey, InspectError, inspect};
pub use recipients::{BundleRecipient, parse_recipients};
pub use report::{BagReport, IncidentReport, ItemReport, ItemStatus};

/// Version of the bundle layout this program writes and reads.
pub const BUNDLE_FORMAT: u32 = 1;
