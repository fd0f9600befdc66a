//! Reads a rules directory from disk and hands its files to the domain's validation, at start
//! and again on SIGHUP.

use std::path::{Path, PathBuf};

use super::AppState;
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

/// On every SIGHUP, loads `dir` again: valid rules replace the ones in force; otherwise every
/// problem is logged and the old rules stay.
#[cfg(unix)]
pub async fn reload_on_hangup(state: AppState, dir: PathBuf) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hangups) = signal(SignalKind::hangup()) else {
        tracing::warn!("cannot listen for SIGHUP: the rules will not be reloaded");
        return;
    };
    while hangups.recv().await.is_some() {
        let dir = dir.clone();
        match tokio::task::spawn_blocking(move || load(&dir)).await {
            Ok(Ok(rules)) => {
                tracing::info!(version = %rules.version, sha256 = %rules.sha256, "rules reloaded");
                state.replace_rules(rules);
            }
            Ok(Err(diagnostics)) => {
                for diagnostic in &diagnostics {
                    tracing::error!(%diagnostic, "invalid rules");
                }
                tracing::error!(problems = diagnostics.len(), "rules not reloaded: keeping the rules in force");
            }
            Err(error) => tracing::error!(%error, "rules not reloaded: keeping the rules in force"),
        }
    }
}
