//! `import`: Terraform plans or AWS bills read into the advisor's links, as `POST /import`
//! gives them. Files are streamed: memory grows with the keys and usage types found, not with
//! the file.

use std::fs::File;
use std::path::Path;
use std::process::ExitCode;

use advisor_core::import::{Imported, imported};
use kms_hsm_advisor::upload::read_file;

use super::rules_or_report;

/// Prints each file's states and links, as text or as `POST /api/v1/import`'s JSON; exit
/// status 2 when a file cannot be read (every file is still tried), 1 for rules that do not load.
pub fn run(files: &[std::path::PathBuf], json: bool, dir: &Path, base_url: &str) -> ExitCode {
    let Some(rules) = rules_or_report(dir, "") else { return ExitCode::FAILURE };
    let base = base_url.trim_end_matches('/');
    let mut results = Vec::with_capacity(files.len());
    let mut failed = false;
    for path in files {
        let name = path.display().to_string();
        let read = File::open(path)
            .map_err(|error| error.to_string())
            .and_then(|file| read_file(file, None).map_err(|error| error.to_string()))
            .and_then(|reading| imported(&rules, &name, &reading).map_err(|error| error.to_string()));
        match read {
            Ok(file) => results.push(file),
            Err(error) => {
                eprintln!("{name}: {error}");
                failed = true;
            }
        }
    }
    if json {
        match serde_json::to_string_pretty(&serde_json::json!({ "files": results })) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        for file in &results {
            print!("{}", text(file, base));
        }
    }
    if failed { ExitCode::from(2) } else { ExitCode::SUCCESS }
}

/// One file's import for a terminal: per state, the link first, then how it was reached.
fn text(file: &Imported, base: &str) -> String {
    let mut out = format!("{} ({})\n", file.file, file.format_label);
    if let Some(period) = &file.period {
        let whole = if period.complete { "" } else { ", partial" };
        out.push_str(&format!("  month: {} to {}{whole}\n", period.start, period.end));
    }
    for state in &file.states {
        out.push_str(&format!(
            "\n  {} ({}): {}\n  {base}{}\n",
            state.region, state.workload, state.recommended_title, state.link
        ));
        for line in &state.read {
            out.push_str(&format!("    read: {line}\n"));
        }
        for assumed in &state.assumed {
            out.push_str(&format!("    assumed: {}={} ({})\n", assumed.parameter, assumed.value, assumed.why));
        }
        for finding in &state.findings {
            out.push_str(&format!(
                "    found: {} in {}; with {}={}: {base}{}\n",
                finding.what, finding.found_in, finding.parameter, finding.value, finding.link
            ));
        }
    }
    for compare in &file.compare {
        out.push_str(&format!("\n  compare {} with {}: {base}{}\n", compare.a, compare.b, compare.link));
    }
    for note in &file.notes {
        out.push_str(&format!("  note: {note}\n"));
    }
    if !file.deleted.is_empty() {
        out.push_str(&format!("  deleted by the plan, not counted: {}\n", file.deleted.join(", ")));
    }
    out.push_str(&format!("  skipped: {} of other kinds\n\n", file.skipped));
    out
}
