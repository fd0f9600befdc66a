//! The exports of one state, as one table: each export's path, media type, file name and
//! writer. The routes, `advise --format` and the links on the page and the card all read it, so
//! a new export is a variant here and its writer.

mod costs_csv;

use chrono::NaiveDate;

pub use self::costs_csv::costs_csv;
use crate::adr::decision_record;
use crate::costs::KeyOption;
use crate::{Advice, RuleSet};

/// What a recommendation is called where an identifier stands for it (file names, the CSV, the
/// card's data) when every option is ruled out.
pub const NO_OPTION: &str = "none";

/// The id of `option`, or [`NO_OPTION`].
pub fn option_id(option: Option<KeyOption>) -> &'static str {
    option.map_or(NO_OPTION, KeyOption::id)
}

/// A download of one state's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// The decision as a Markdown architecture decision record (MADR layout).
    DecisionRecord,
    /// The data behind both charts, the first month's bill and the figures used, as RFC 4180 CSV.
    CostsCsv,
}

/// An export could not be written. Only the CSV writer can fail, and only if memory runs out
/// mid-record; the message is the writer's.
#[derive(Debug, thiserror::Error)]
#[error("writing {export} failed: {message}")]
pub struct ExportError {
    pub export: &'static str,
    pub message: String,
}

impl Export {
    /// Every export, in the order the page links them.
    pub const ALL: [Export; 2] = [Export::DecisionRecord, Export::CostsCsv];

    /// The path it is served at; the state's query follows it.
    pub fn path(self) -> &'static str {
        match self {
            Export::DecisionRecord => "/export/adr.md",
            Export::CostsCsv => "/export/costs.csv",
        }
    }

    /// The `Content-Type` it is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Export::DecisionRecord => "text/markdown; charset=utf-8",
            // RFC 4180's optional `header` parameter: the first record names the columns.
            Export::CostsCsv => "text/csv; charset=utf-8; header=present",
        }
    }

    /// Its name as `advise --format` takes it.
    pub fn format_name(self) -> &'static str {
        match self {
            Export::DecisionRecord => "markdown",
            Export::CostsCsv => "csv",
        }
    }

    /// What a link to it says on the page.
    pub fn link_text(self) -> &'static str {
        match self {
            Export::DecisionRecord => "Download decision record (.md)",
            Export::CostsCsv => "Download costs (.csv)",
        }
    }

    /// The file name a download is saved as: the day, what it is, and the option advised
    /// (`2026-12-04-hold-keys-in-kms.md`), or [`NO_OPTION`] when every option is ruled out.
    pub fn file_name(self, today: NaiveDate, option: Option<KeyOption>) -> String {
        let chosen = option_id(option);
        match self {
            Export::DecisionRecord => format!("{today}-hold-keys-in-{chosen}.md"),
            Export::CostsCsv => format!("{today}-kms-hsm-costs-{chosen}.csv"),
        }
    }

    /// The export of `advice`; `today` labels months and dates the record, `base` starts the
    /// record's absolute links (empty for relative ones).
    ///
    /// # Errors
    /// [`ExportError`] when the CSV writer fails.
    pub fn write(self, rules: &RuleSet, advice: &Advice, today: NaiveDate, base: &str) -> Result<Vec<u8>, ExportError> {
        match self {
            Export::DecisionRecord => Ok(decision_record(rules, advice, today, base).into_bytes()),
            Export::CostsCsv => costs_csv(rules, advice, today)
                .map_err(|error| ExportError { export: "the costs CSV", message: error.to_string() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_has_its_own_path_format_and_file_name() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        for (i, a) in Export::ALL.iter().enumerate() {
            for b in &Export::ALL[i + 1..] {
                assert_ne!(a.path(), b.path());
                assert_ne!(a.format_name(), b.format_name());
                assert_ne!(a.file_name(today, None), b.file_name(today, None));
            }
            let extension = a.path().rsplit('.').next().unwrap();
            assert!(a.file_name(today, None).ends_with(&format!("-{NO_OPTION}.{extension}")));
        }
    }
}
