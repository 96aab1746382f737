//! What the last intake and the last verification reported, kept for their dialogs.

use evidence_vault::{IntakeReport, VerifyReport};

#[derive(Default)]
pub struct Reports {
    /// The last intake's report, shown until dismissed.
    pub intake: Option<Result<IntakeReport, String>>,
    /// The last verification's report (the Verify dialog shows it when opened again).
    pub verify: Option<Result<VerifyReport, String>>,
}
