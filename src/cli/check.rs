//! `check`: validate a rules directory.

use std::path::Path;
use std::process::ExitCode;

use super::rules_or_report;

/// Prints every problem of the rules at `dir` and fails, or prints a one-line summary.
pub fn run(dir: &Path) -> ExitCode {
    let Some(rules) = rules_or_report(dir, "") else { return ExitCode::FAILURE };
    println!(
        "rules {} at {} are valid: {} requirements, {} rules, {} notes, {} Regions ({} with CloudHSM's price from \
         AWS's price list) (sha256 {})",
        rules.version,
        dir.display(),
        rules.requirements.len(),
        rules.rules.len(),
        rules.notes.len(),
        rules.regions.len(),
        rules.regions.iter().filter(|region| region.cloudhsm_hourly_usd.is_some()).count(),
        rules.sha256
    );
    ExitCode::SUCCESS
}
