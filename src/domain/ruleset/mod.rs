//! The rule set: the framework's questions, the ordered rules, prices, quotas and compliance
//! facts, loaded from the TOML files of a rules directory and validated as a whole.

pub mod condition;
mod load;
mod raw;
mod reader;
mod text;

use chrono::NaiveDate;
use serde::Serialize;

pub use condition::{Condition, Context, Figure};
pub use load::{CASES_FILE, Case, FILES, SourceFile, load_cases};
pub use text::{Template, TextFact};

use crate::domain::costs::KeyOption;

/// A value with the page it was read from and the day it was true.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub source: String,
    pub as_of: NaiveDate,
}

/// One of the five questions of the framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub help: String,
}

/// A parameter of the URL contract with the words the page shows for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub question: String,
    pub label: String,
    pub help: String,
    /// `(value, label)` for multiple-choice parameters, in the contract's order.
    pub answers: Vec<(String, String)>,
}

/// What speaks for and against one option.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionCase {
    pub option: KeyOption,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
}

/// What a rule decides when it matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    Option(KeyOption),
    /// Index into `RuleSet::branches`.
    Branch(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub question: String,
    pub when: Vec<Condition>,
    pub outcome: Outcome,
    /// Why the rule applies, when it does.
    pub explain: Template,
    /// The recommendation in one sentence; `None` for rules that hand over to a branch.
    pub summary: Option<Template>,
}

/// A sub-decision a rule hands over to, e.g. which hardware-backed option fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub id: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    pub when: Vec<Condition>,
    pub option: KeyOption,
    pub explain: Template,
    pub summary: Template,
}

/// Something the user should know besides the decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: String,
    pub when: Vec<Condition>,
    pub text: Template,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestPrice {
    pub kind: String,
    pub label: String,
    pub usd_per_10k: Sourced<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    pub kms_key_month_usd: Sourced<f64>,
    pub kms_free_requests: Sourced<f64>,
    /// Symmetric first: the cost model bills every request at that price.
    pub kms_requests: Vec<RequestPrice>,
    pub hours_per_month: Sourced<f64>,
    pub key_store_min_hsms: Sourced<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub kms_symmetric_quota: Sourced<f64>,
    pub cloudhsm_hourly_usd: Sourced<f64>,
}

/// Published throughput of clusters of a given size, to estimate the HSMs a peak needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    pub basis: String,
    /// `(hsms, operations per second)`, ascending.
    pub points: Sourced<Vec<(u32, f64)>>,
}

/// A FIPS 140 validation of the HSMs behind a service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    pub module: String,
    pub standard: String,
    pub level: u8,
    pub certificate: String,
    pub hardware: String,
    pub source: String,
    pub as_of: NaiveDate,
}

impl Validation {
    /// e.g. "FIPS 140-3 Level 3".
    pub fn standard_and_level(&self) -> String {
        format!("{} Level {}", self.standard, self.level)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Compliance {
    pub kms: Validation,
    pub cloudhsm: Validation,
    pub cloudhsm_previous: Validation,
}

/// Everything the engine decides with. Built only by validation, so it is always consistent.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub version: String,
    /// Hex SHA-256 over the names and contents of the files it was loaded from.
    pub sha256: String,
    pub questions: Vec<Question>,
    pub parameters: Vec<Parameter>,
    /// In the order of `KeyOption::ALL`.
    pub options: Vec<OptionCase>,
    pub rules: Vec<Rule>,
    pub branches: Vec<Branch>,
    pub notes: Vec<Note>,
    pub prices: Prices,
    pub regions: Vec<Region>,
    pub key_store_quota: Sourced<f64>,
    pub capacity: Capacity,
    pub compliance: Compliance,
}

impl RuleSet {
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|region| region.code == code)
    }

    pub fn region_codes(&self) -> Vec<&str> {
        self.regions.iter().map(|region| region.code.as_str()).collect()
    }

    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|parameter| parameter.name == name)
    }

    /// The oldest "as of" date of any figure: how fresh the data is at worst.
    pub fn oldest_as_of(&self) -> NaiveDate {
        let p = &self.prices;
        let c = &self.compliance;
        [
            p.kms_key_month_usd.as_of,
            p.kms_free_requests.as_of,
            p.hours_per_month.as_of,
            p.key_store_min_hsms.as_of,
            self.key_store_quota.as_of,
            self.capacity.points.as_of,
            c.kms.as_of,
            c.cloudhsm.as_of,
        ]
        .into_iter()
        .chain(p.kms_requests.iter().map(|r| r.usd_per_10k.as_of))
        .chain(self.regions.iter().flat_map(|r| [r.kms_symmetric_quota.as_of, r.cloudhsm_hourly_usd.as_of]))
        .min()
        .unwrap_or_default()
    }

    /// Operations per second a cluster of `hsms` sustains: the published points, linear
    /// between them, proportional below the first and along the last step beyond the last.
    pub fn cluster_capacity(&self, hsms: u32) -> f64 {
        let points = &self.capacity.points.value;
        let (first, last) = (points[0], points[points.len() - 1]);
        let n = f64::from(hsms);
        if hsms <= first.0 {
            return first.1 * n / f64::from(first.0);
        }
        let segment = points
            .windows(2)
            .find(|pair| hsms <= pair[1].0)
            .map_or_else(|| [points[points.len().saturating_sub(2)], last], |pair| [pair[0], pair[1]]);
        let [(h0, c0), (h1, c1)] = segment;
        c0 + (c1 - c0) * (n - f64::from(h0)) / f64::from(h1 - h0)
    }

    /// The smallest cluster that sustains `peak_ops`, never fewer than the two HSMs that high
    /// availability needs.
    pub fn hsms_for_peak(&self, peak_ops: f64) -> u32 {
        let fits = |hsms: u32| self.cluster_capacity(hsms) >= peak_ops;
        let mut high = 2;
        while !fits(high) && high < u32::MAX / 2 {
            high *= 2;
        }
        let mut low = high / 2;
        // The answer lies in (low, high]: bisect it.
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if fits(middle) { high = middle } else { low = middle }
        }
        high.max(2)
    }
}

/// The rules shipped in `rules/`, for unit tests.
#[cfg(test)]
pub(crate) fn shipped_files() -> Vec<SourceFile> {
    macro_rules! file {
        ($name:literal) => {
            SourceFile {
                path: concat!("rules/", $name).to_string(),
                text: include_str!(concat!("../../../rules/", $name)).to_string(),
            }
        };
    }
    vec![
        file!("framework.toml"),
        file!("rules.toml"),
        file!("prices.toml"),
        file!("regions.toml"),
        file!("quotas.toml"),
        file!("compliance.toml"),
    ]
}

#[cfg(test)]
pub(crate) fn shipped() -> RuleSet {
    RuleSet::from_sources(&shipped_files()).unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_capacity_follows_the_published_points() {
        let rules = shipped();
        let cases = [(1, 1000.0), (2, 2000.0), (3, 3000.0), (4, 3666.67), (6, 5000.0), (9, 7000.0)];
        for (hsms, ops) in cases {
            assert!((rules.cluster_capacity(hsms) - ops).abs() < 0.01, "{hsms}: {}", rules.cluster_capacity(hsms));
        }
        let needs = [(0.0, 2), (2000.0, 2), (2000.5, 3), (5000.0, 6), (150_000.0, 224)];
        for (peak, hsms) in needs {
            assert_eq!(rules.hsms_for_peak(peak), hsms, "peak {peak}");
        }
    }

    #[test]
    fn the_sha256_changes_with_any_byte() {
        let mut files = shipped_files();
        let before = shipped().sha256;
        assert_eq!(before.len(), 64);
        files[1].text.push('\n');
        assert_ne!(RuleSet::from_sources(&files).unwrap().sha256, before);
    }
}
