//! The decision at a glance: a row per requirement the answers state or hard limit that applies,
//! a column per option, and in each cell whether the option meets it or is ruled out by it,
//! with the reason in words and its AWS source. It is read off the evaluation (the options
//! ruled out and the request quotas checked), never worked out apart from it.

use serde::Serialize;

use crate::advice::{Block, BlockedOptions, MetRequirement};
use crate::costs::KeyOption;
use crate::inputs::Inputs;
use crate::ruleset::{Condition, RuleSet};
use crate::throughput::QuotaCheck;

/// One axis a requirement can rule options out on: its row's id, the parameter whose answer
/// states it (when the answers can), the subjects of the requirements' first clauses that put a
/// requirement on it, and its label when no parameter names it.
struct Axis {
    id: &'static str,
    stated_by: Option<&'static str>,
    subjects: &'static [&'static str],
    label: &'static str,
}

/// Every axis, in the order a reviewer reads them: custody and hardware first, then what the
/// keys do and how they are called, then where and how fast, then who calls them.
const AXES: [Axis; 9] = [
    Axis { id: "custody", stated_by: Some("custody"), subjects: &["custody"], label: "" },
    Axis { id: "dedicated", stated_by: Some("dedicated"), subjects: &["dedicated"], label: "" },
    Axis { id: "fips", stated_by: Some("fips"), subjects: &["required_fips_level"], label: "" },
    Axis { id: "usage", stated_by: Some("usage"), subjects: &["usage", "general_usages"], label: "" },
    Axis { id: "interface", stated_by: Some("interface"), subjects: &["hsm_interfaces"], label: "" },
    Axis { id: "multi_region", stated_by: Some("multi_region"), subjects: &["multi_region"], label: "" },
    Axis {
        id: "key_store_throughput",
        stated_by: None,
        subjects: &["key_store_load"],
        label: "Requests a second one custom key store serves",
    },
    Axis { id: "aws_services", stated_by: Some("integration"), subjects: &["integration"], label: "" },
    Axis {
        id: "region",
        stated_by: None,
        subjects: &["payment_cryptography_offered"],
        label: "The service offered in the Region",
    },
];

/// The row of requirements no axis names (a deployer's own rules may add such).
const OTHER: &str = "other";

/// The decision at a glance, as the page, the API (`matrix`) and the decision record show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    /// The columns: the options shown, in `KeyOption::ALL`'s order.
    pub options: Vec<KeyOption>,
    /// The recommended column, when an option is left.
    pub recommended: Option<KeyOption>,
    pub rows: Vec<MatrixRow>,
}

/// A requirement the answers state, or a hard limit that applies, across every option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    /// `custody`, `dedicated`, `fips`, `usage`, `interface`, `multi_region`,
    /// `key_store_throughput`, `aws_services`, `region`, `quotas` (every KMS request quota the
    /// keys load), or `other`.
    pub id: String,
    /// The requirement in words: "Where the key material must live: Only on HSMs that we alone
    /// control, inside AWS".
    pub label: String,
    /// One cell per column, in `Matrix::options`' order.
    pub cells: Vec<Cell>,
}

/// One option against one requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub option: KeyOption,
    pub verdict: CellVerdict,
    /// Why, in words: the requirement's reason when it rules the option out, how the
    /// recommendation meets a stated requirement, what a quota asks; empty when nothing on
    /// the row concerns the option.
    pub reason: String,
    /// Where AWS (or NIST) says so, when the reason has a source.
    pub source: Option<String>,
}

/// Whether an option meets a requirement; in JSON `met` or `rules_out`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellVerdict {
    Met,
    RulesOut,
}

/// What a matrix is read from: one evaluation's parts.
pub struct Evaluated<'a> {
    pub rules: &'a RuleSet,
    pub inputs: &'a Inputs,
    pub blocked: &'a BlockedOptions,
    pub quotas: &'a [QuotaCheck],
    pub requirements: &'a [MetRequirement],
    pub recommended: Option<KeyOption>,
}

impl Evaluated<'_> {
    /// The matrix of this evaluation.
    pub fn matrix(&self) -> Matrix {
        let options = self.inputs.shown_options();
        let mut rows: Vec<MatrixRow> = AXES.iter().filter_map(|axis| self.axis_row(axis, &options)).collect();
        if let Some(other) = self.row_of(OTHER, "Other requirements".to_string(), &options, |block| {
            self.axis_of(&block.requirement).is_none()
        }) {
            rows.push(other);
        }
        // Every KMS request quota the keys load, in one row: the page lists each kind's figures.
        let loaded: Vec<&QuotaCheck> =
            self.quotas.iter().filter(|check| check.kind.is_kms() && check.load > 0.0).collect();
        if !loaded.is_empty() {
            rows.push(self.quota_row(&loaded, &options));
        }
        Matrix { options, recommended: self.recommended, rows }
    }

    /// The axis a requirement rules on, by the subject of its first clause.
    fn axis_of(&self, requirement: &str) -> Option<&'static Axis> {
        let requirement = self.rules.requirements.iter().find(|r| r.id == requirement)?;
        let subject = match requirement.when.first()? {
            Condition::Member { parameter, .. } | Condition::Answer { parameter, .. } => *parameter,
            Condition::Compare { left, .. } => left.name(),
            Condition::Recommended { .. } => return None,
        };
        AXES.iter().find(|axis| axis.subjects.contains(&subject))
    }

    /// An axis's row: when a requirement on it rules an option out, or the answers state it.
    fn axis_row(&self, axis: &'static Axis, options: &[KeyOption]) -> Option<MatrixRow> {
        let stated = axis.stated_by.and_then(|name| {
            let parameter = self.inputs.contract().iter().find(|p| p.name == name)?;
            let value = self.inputs.get(name)?;
            let words = self.rules.value_words(name, &value.canonical()?);
            let label = self.rules.parameter(name).map_or(name, |p| p.label.as_str());
            // Who calls the keys is a limit whenever AWS services do, the default included.
            let given = match name {
                "integration" => words_are_services(value),
                _ => *value != parameter.default,
            };
            given.then(|| format!("{label}: {words}"))
        });
        let label = stated.clone().unwrap_or_else(|| axis.label.to_string());
        let row = self
            .row_of(axis.id, label, options, |block| self.axis_of(&block.requirement).map(|a| a.id) == Some(axis.id));
        match (row, stated) {
            (Some(row), _) => Some(row),
            (None, Some(label)) => Some(self.all_met(axis, label, options)),
            (None, None) => None,
        }
    }

    /// The row of the blocks `on` picks, when one rules an option out.
    fn row_of(&self, id: &str, label: String, options: &[KeyOption], on: impl Fn(&Block) -> bool) -> Option<MatrixRow> {
        let blocks = |option: KeyOption| -> Vec<&Block> { self.blocked.of(option).iter().filter(|b| on(b)).collect() };
        if options.iter().all(|&option| blocks(option).is_empty()) {
            return None;
        }
        let cells = options
            .iter()
            .map(|&option| match blocks(option).as_slice() {
                [] => self.met(option, id),
                ruling => Cell {
                    option,
                    verdict: CellVerdict::RulesOut,
                    reason: ruling.iter().map(|b| b.because.as_str()).collect::<Vec<_>>().join(" "),
                    source: ruling.first().map(|b| b.source.clone()),
                },
            })
            .collect();
        Some(MatrixRow { id: id.to_string(), label, cells })
    }

    /// A stated requirement nothing rules an option out on.
    fn all_met(&self, axis: &Axis, label: String, options: &[KeyOption]) -> MatrixRow {
        MatrixRow {
            id: axis.id.to_string(),
            label,
            cells: options.iter().map(|&option| self.met(option, axis.id)).collect(),
        }
    }

    /// A met cell: how the recommendation meets the requirement where the evaluation says so,
    /// else that nothing on this row rules it out.
    fn met(&self, option: KeyOption, axis: &str) -> Cell {
        let answered = AXES.iter().find(|a| a.id == axis).and_then(|a| a.stated_by);
        let how = (self.recommended == Some(option))
            .then(|| self.requirements.iter().find(|met| Some(met.parameter) == answered))
            .flatten();
        match how {
            // The verdict is the cell's own word: the note's "Met: " is not repeated.
            Some(met) => Cell {
                option,
                verdict: CellVerdict::Met,
                reason: met.met.strip_prefix("Met: ").map_or_else(|| met.met.clone(), crate::format::uppercase_first),
                source: met.source.clone(),
            },
            None => Cell { option, verdict: CellVerdict::Met, reason: String::new(), source: None },
        }
    }

    /// The KMS request quotas against the load: the options that call KMS meet them, once
    /// raised where a kind is over (every KMS request quota but the key store's is adjustable).
    fn quota_row(&self, checks: &[&QuotaCheck], options: &[KeyOption]) -> MatrixRow {
        let over: Vec<&&QuotaCheck> = checks.iter().filter(|check| check.over).collect();
        let increases: Vec<String> = over.iter().map(|check| check.increase()).collect();
        let source = over.first().or(checks.first().as_ref()).and_then(|check| check.url()).map(str::to_string);
        let cells = options
            .iter()
            .map(|&option| {
                let calls_kms = !matches!(option, KeyOption::Cloudhsm | KeyOption::PaymentCryptography);
                let reason = match (calls_kms, increases.is_empty()) {
                    (false, _) => "KMS's request quotas do not apply to it.".to_string(),
                    (true, true) => "Every kind of request is within its quota.".to_string(),
                    (true, false) => format!(
                        "Once raised: ask Service Quotas for {} (approval is not immediate).",
                        crate::format::and_list(&increases)
                    ),
                };
                Cell { option, verdict: CellVerdict::Met, reason, source: source.clone().filter(|_| calls_kms) }
            })
            .collect();
        let kinds: Vec<String> = checks.iter().map(|check| check.words(self.rules)).collect();
        MatrixRow {
            id: "quotas".to_string(),
            label: crate::format::uppercase_first(&crate::format::and_list(&kinds)),
            cells,
        }
    }
}

/// Whether `integration` says AWS services encrypt with the keys (`aws` or `both`).
fn words_are_services(value: &crate::contract::Value) -> bool {
    value.canonical().is_some_and(|answer| answer != "custom")
}

#[cfg(test)]
mod tests;
