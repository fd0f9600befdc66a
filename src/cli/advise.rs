//! `advise`: one evaluation without a server, as the API's JSON or one of the exports.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use advisor_core::export::Export;
use advisor_core::{Inputs, evaluate};

use super::rules_or_report;

/// What `advise` prints: the API's JSON, or an export as its route serves it.
#[derive(Clone, Copy, Debug)]
pub enum Format {
    Json,
    Export(Export),
}

impl Format {
    /// `json`, or an export's [`Export::format_name`].
    ///
    /// # Errors
    /// A message listing the formats there are.
    pub fn parse(name: &str) -> Result<Format, String> {
        if name == "json" {
            return Ok(Format::Json);
        }
        Export::ALL.into_iter().find(|export| export.format_name() == name).map(Format::Export).ok_or_else(|| {
            let names: Vec<&str> = Export::ALL.iter().map(|export| export.format_name()).collect();
            format!("expected json or {}", names.join(" or "))
        })
    }
}

/// Prints the advice for `query` (a query string, `?query` or a whole advisor URL) in `format`;
/// exit status 2 for a malformed parameter, 1 for rules that do not load.
pub fn run(query: &str, format: Format, dir: &Path, base_url: &str) -> ExitCode {
    let Some(rules) = rules_or_report(dir, "") else { return ExitCode::FAILURE };
    let query = query.split_once('?').map_or(query, |(_, query)| query);
    let (inputs, errors) = Inputs::from_query(query, &rules.region_codes());
    if !errors.is_empty() {
        for error in errors {
            eprintln!("{error}");
        }
        return ExitCode::from(2);
    }
    let advice = evaluate(&rules, &inputs);
    let today = chrono::Utc::now().date_naive();
    let written = match format {
        Format::Json => serde_json::to_vec(&advice).map_err(|e| e.to_string()),
        Format::Export(export) => {
            export.write(&rules, &advice, today, base_url.trim_end_matches('/')).map_err(|e| e.to_string())
        }
    };
    let bytes = match written {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    match std::io::stdout().write_all(&bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("writing the output failed: {error}");
            ExitCode::FAILURE
        }
    }
}
