//! Reads a rules directory from disk and hands its files to the domain's validation, at start
//! and again on SIGHUP; shows what is wrong with them as rustc shows code: the offending line
//! with a caret under the place, and the problem's code.

use advisor_core::diagnostics::Code;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::AppState;
use advisor_core::{Diagnostic, RuleSet, SourceFile, ruleset::FILES};

/// Everything wrong with a rules directory, and the files as read, to show each problem in its
/// line.
#[derive(Debug)]
pub struct Problems {
    pub diagnostics: Vec<Diagnostic>,
    files: Vec<SourceFile>,
}

impl std::ops::Deref for Problems {
    type Target = [Diagnostic];

    fn deref(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl Problems {
    /// Every diagnostic as a report: `error[code]: message`, the file, line and column, and the
    /// offending line with a caret.
    pub fn rendered(&self) -> String {
        let renderer = Renderer::plain();
        let reports: Vec<String> = self
            .diagnostics
            .iter()
            .map(|diagnostic| {
                let title = Level::ERROR.primary_title(&diagnostic.message).id(diagnostic.code.as_str());
                let group = match self.files.iter().find(|file| file.path == diagnostic.file) {
                    Some(file) => {
                        let snippet = Snippet::source(&file.text)
                            .path(&file.path)
                            .annotation(AnnotationKind::Primary.span(diagnostic.offset..diagnostic.offset));
                        title.element(match &diagnostic.related {
                            Some(related) => snippet.annotation(
                                AnnotationKind::Context.span(related.offset..related.offset).label(related.label),
                            ),
                            None => snippet,
                        })
                    }
                    None => Group::with_title(title).element(Origin::path(&diagnostic.file)),
                };
                renderer.render(&[group])
            })
            .collect();
        reports.join("\n\n")
    }
}

/// Loads and validates the rule set in `dir`; every problem comes back as a diagnostic.
pub fn load(dir: &Path) -> Result<RuleSet, Problems> {
    let files = read(dir)?;
    RuleSet::from_sources(&files).map_err(|diagnostics| Problems { diagnostics, files })
}

/// The files of the rules directory `dir`, as read; a file that cannot be read is a problem, and
/// a directory that cannot be read is one problem.
pub fn read(dir: &Path) -> Result<Vec<SourceFile>, Problems> {
    if let Err(error) = std::fs::read_dir(dir) {
        let message = format!("cannot read the rules directory: {error}");
        let diagnostic = Diagnostic::of_file(dir.display().to_string(), Code::UnreadableFile, message);
        return Err(Problems { diagnostics: vec![diagnostic], files: Vec::new() });
    }
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(SourceFile { path: path.display().to_string(), text }),
            // The rule set names what is missing, as it does for any source of rules.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => unreadable.push(Diagnostic::of_file(
                path.display().to_string(),
                Code::UnreadableFile,
                format!("cannot read the file: {error}"),
            )),
        }
    }
    if unreadable.is_empty() { Ok(files) } else { Err(Problems { diagnostics: unreadable, files }) }
}

/// Replaces the file `name` of `dir` with `text` as one step: the text goes to a temporary
/// file beside it, which is then renamed over it, so a reader (or a crash) sees the old file or
/// the new one, never part of either.
pub fn replace(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    // A rules file that links elsewhere is replaced where it lives, and the link kept.
    let path = std::fs::canonicalize(dir.join(name)).unwrap_or_else(|_| dir.join(name));
    let mut temporary = tempfile::NamedTempFile::new_in(path.parent().unwrap_or(dir))?;
    // The temporary file is private to its owner; the rules file keeps who may read it.
    if let Ok(metadata) = std::fs::metadata(&path) {
        temporary.as_file().set_permissions(metadata.permissions())?;
    }
    temporary.write_all(text.as_bytes())?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
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
            Ok(Err(problems)) => {
                for diagnostic in problems.iter() {
                    tracing::error!(%diagnostic, "invalid rules");
                }
                tracing::error!(problems = problems.len(), "rules not reloaded: keeping the rules in force");
            }
            Err(error) => tracing::error!(%error, "rules not reloaded: keeping the rules in force"),
        }
    }
}
