//! The binary's subcommands, one module each, and the settings they share.

pub mod advise;
pub mod check;
pub mod import;
pub mod prices;
pub mod serve;
pub mod settings;

use std::path::Path;

use advisor_core::RuleSet;
use kms_hsm_advisor::server::rules_dir;

/// The rules at `dir`, or `None` once every problem is printed as rustc prints one, and then
/// `lead` and how many there are.
pub fn rules_or_report(dir: &Path, lead: &str) -> Option<RuleSet> {
    rules_dir::load(dir)
        .map_err(|problems| {
            eprintln!("{}\n", problems.rendered());
            eprintln!("{lead}{} problem(s) in the rules at {}", problems.len(), dir.display());
        })
        .ok()
}
