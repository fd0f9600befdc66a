//! Reads a rules directory from disk and hands its files to the domain's validation.

use std::path::Path;

use crate::domain::{Diagnostic, RuleSet, SourceFile, ruleset::FILES};

/// Loads and validates the rule set in `dir`; every problem comes back as a diagnostic.
pub fn load(dir: &Path) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(SourceFile { path: path.display().to_string(), text }),
            Err(error) => unreadable.push(Diagnostic {
                file: path.display().to_string(),
                line: 1,
                column: 1,
                message: format!("cannot read the file: {error}"),
            }),
        }
    }
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    RuleSet::from_sources(&files)
}
