//! `prices import`: AWS's price list files into the rules' `regions.toml`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kms_hsm_advisor::price_list::{self, OfferFile};
use kms_hsm_advisor::server::rules_dir;

/// Imports `files` into the rules at `dir`, writing nothing unless every file and the rules
/// they make are valid; every problem is printed with its file and record.
pub fn import(files: &[PathBuf], dir: &Path) -> ExitCode {
    let rules = match rules_dir::read(dir) {
        Ok(rules) => rules,
        Err(problems) => {
            eprintln!("{}\n\ncannot read the rules at {}: nothing written", problems.rendered(), dir.display());
            return ExitCode::FAILURE;
        }
    };
    let mut offers = Vec::new();
    let mut unreadable = Vec::new();
    for file in files {
        match std::fs::read_to_string(file) {
            Ok(text) => offers.push(OfferFile { path: file.display().to_string(), text }),
            Err(error) => unreadable.push(format!("{}: cannot read the file: {error}", file.display())),
        }
    }
    // The files that could be read are checked too, so that one run lists every problem.
    match (price_list::import(&offers, &rules), unreadable.is_empty()) {
        (Ok(imported), true) => {
            if let Err(error) = rules_dir::replace(dir, "regions.toml", &imported.regions_toml) {
                // The kind, not the message: the message names the temporary file.
                let path = dir.join("regions.toml");
                eprintln!("error: cannot write {}: {}; nothing written", path.display(), error.kind());
                return ExitCode::FAILURE;
            }
            for line in &imported.summary {
                println!("{line}");
            }
            let rules = &imported.rules;
            println!(
                "wrote {}: rules {} are valid, {} Regions (sha256 {})",
                dir.join("regions.toml").display(),
                rules.version,
                rules.regions.len(),
                rules.sha256
            );
            ExitCode::SUCCESS
        }
        (result, _) => {
            let errors: Vec<String> =
                unreadable.into_iter().chain(result.err().into_iter().flatten().map(|e| e.to_string())).collect();
            for error in &errors {
                eprintln!("error: {error}");
            }
            eprintln!("{} problem(s): nothing written to {}", errors.len(), dir.display());
            ExitCode::FAILURE
        }
    }
}
