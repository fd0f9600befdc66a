//! The rule set: the framework's questions, the ordered rules, prices, quotas and compliance
//! facts, loaded from the TOML files of a rules directory and validated as a whole. Each file
//! has its module, holding its raw form as written, its validation and what it adds to the
//! valid [`RuleSet`].

mod cases;
mod changes;
mod compliance;
pub mod condition;
mod decisions;
pub mod figures;
mod framework;
mod prices;
mod quotas;
mod reader;
mod regions;
mod text;

use crate::diagnostics::Code;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use cases::{CASES_FILE, Case, load_cases};
pub use changes::{Change, ChangedAnswer, RulesNotice, RulesVersion, Touched, WasAdvised, notice};
pub use compliance::{Compliance, Validation};
pub use condition::{Condition, Context, Figure};
pub use decisions::{Branch, Note, Outcome, Requirement, Rule, Step};
pub use framework::{OptionCase, Parameter, Question};
pub use prices::{Prices, RequestPrice};
pub use quotas::{Capacity, Limits, RequestQuota};
pub use regions::{Region, is_region_code, is_region_name};
pub use text::{Template, TextFact};

use self::figures::SourcedFigure;
use crate::costs::{KeyOption, RequestKind};
use crate::diagnostics::Diagnostic;

/// The files a rules directory must hold, in the order they are read.
pub const FILES: [&str; 7] =
    ["framework.toml", "rules.toml", "prices.toml", "regions.toml", "quotas.toml", "compliance.toml", "changes.toml"];

/// One rules file: `path` is how diagnostics name it; its last component says which file it is.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    /// Whether this is the rules file `name` (its last path component, not a suffix of it).
    pub fn is(&self, name: &str) -> bool {
        self.path.rsplit(['/', '\\']).next() == Some(name)
    }
}

/// A value with the page it was read from and the day it was true.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub source: String,
    pub as_of: NaiveDate,
}

/// Everything the engine decides with. Built only by validation, so it is always consistent.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub version: String,
    /// Hex SHA-256 over the names and contents of the files it was loaded from.
    pub sha256: String,
    /// The title of the article whose five questions the framework asks ("the source article"),
    /// for records that name it.
    pub source_article: String,
    pub questions: Vec<Question>,
    /// The words for each parameter of the URL contract, in the contract's order.
    pub parameters: Vec<Parameter>,
    /// In the order of `KeyOption::ALL`.
    pub options: Vec<OptionCase>,
    /// What each option cannot do, checked before the rules choose.
    pub requirements: Vec<Requirement>,
    pub rules: Vec<Rule>,
    pub branches: Vec<Branch>,
    pub notes: Vec<Note>,
    pub prices: Prices,
    pub regions: Vec<Region>,
    /// Requests a second one CloudHSM key store serves at most.
    pub key_store_quota: Sourced<f64>,
    pub limits: Limits,
    pub capacity: Capacity,
    /// The request quota of each kind of request (KMS's and AWS Payment Cryptography's), in
    /// `RequestKind::ALL`'s order.
    pub request_quotas: [RequestQuota; RequestKind::ALL.len()],
    pub compliance: Compliance,
    /// What changed in the rules, version by version, newest first: the first is this one.
    pub changes: Vec<RulesVersion>,
    /// Every figure an evaluation in each Region reads, with its source, in the order of
    /// `regions`: worked out once here, shared by every evaluation.
    pub region_sources: Vec<Arc<[SourcedFigure]>>,
    /// The same without AWS Payment Cryptography's figures, for keys that do no payment
    /// functions.
    pub general_sources: Vec<Arc<[SourcedFigure]>>,
}

impl RuleSet {
    /// Validates the files of a rules directory; extra files are ignored. Every problem of
    /// every file is reported, with its code and position.
    pub fn from_sources(files: &[SourceFile]) -> Result<RuleSet, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        // A missing file is named where it should be: in the directory the others were read from.
        let directory = files.first().and_then(|file| file.path.rsplit_once(['/', '\\'])).map(|(dir, _)| dir);
        let sources = FILES.map(|name| {
            let found = files.iter().find(|f| f.is(name));
            if found.is_none() {
                let message = "missing file: every rules directory needs it";
                let path = directory.map_or_else(|| name.to_string(), |dir| format!("{dir}/{name}"));
                diagnostics.push(Diagnostic::of_file(path, Code::MissingFile, message));
            }
            found
        });
        let [Some(framework), Some(rules), Some(prices), Some(regions), Some(quotas), Some(compliance), Some(changes)] =
            sources
        else {
            return Err(diagnostics);
        };
        let framework = framework::read(framework, &mut diagnostics);
        let decisions = decisions::read(rules, &mut diagnostics);
        let prices = prices::read(prices, &mut diagnostics);
        let regions = regions::read(regions, &mut diagnostics);
        let quotas = quotas::read(quotas, &mut diagnostics);
        let compliance = compliance::read(compliance, &mut diagnostics);
        let known = changes::Known {
            version: framework.as_ref().map(|framework| framework.version.clone()),
            rule_ids: decisions.as_ref().map(decisions::Decisions::ids),
            figure_ids: quotas.as_ref().map(|quotas| figures::figure_ids(&quotas.capacity.points.value)),
        };
        let changes = changes::read(changes, &mut diagnostics, &known);
        match (framework, decisions, prices, regions, quotas, compliance, changes) {
            (
                Some(framework),
                Some(decisions),
                Some(prices),
                Some(regions),
                Some(quotas),
                Some(compliance),
                Some(changes),
            ) if diagnostics.is_empty() => {
                let mut rules = RuleSet {
                    version: framework.version,
                    sha256: sha256_of(files),
                    source_article: framework.source_article,
                    questions: framework.questions,
                    parameters: framework.parameters,
                    options: framework.options,
                    requirements: decisions.requirements,
                    rules: decisions.rules,
                    branches: decisions.branches,
                    notes: decisions.notes,
                    prices,
                    regions,
                    key_store_quota: quotas.key_store_quota,
                    limits: quotas.limits,
                    capacity: quotas.capacity,
                    request_quotas: quotas.request_quotas,
                    compliance,
                    changes,
                    region_sources: Vec::new(),
                    general_sources: Vec::new(),
                };
                let figures: Vec<Vec<SourcedFigure>> =
                    rules.regions.iter().map(|region| figures::region_figures(&rules, region)).collect();
                rules.general_sources = figures
                    .iter()
                    .map(|all| all.iter().filter(|figure| !figure.is_payment_only()).cloned().collect())
                    .collect();
                rules.region_sources = figures.into_iter().map(Arc::from).collect();
                Ok(rules)
            }
            _ => {
                // In the order of the files, and of the lines within each.
                diagnostics.sort_by_key(|d| (FILES.iter().position(|name| d.file.ends_with(name)), d.offset));
                Err(diagnostics)
            }
        }
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|region| region.code == code)
    }

    pub fn region_codes(&self) -> Vec<&str> {
        self.regions.iter().map(|region| region.code.as_str()).collect()
    }

    /// The name people read for `option`.
    pub fn title(&self, option: KeyOption) -> &str {
        self.options.get(option.index()).map_or(option.id(), |case| case.title.as_str())
    }

    /// The words for the contract's parameter `name`.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|parameter| parameter.name == name)
    }

    /// The label of `parameter`'s answer `answer` as the framework words it, or the answer itself.
    pub fn answer_label(&self, parameter: &str, answer: &str) -> String {
        self.parameter(parameter)
            .and_then(|p| p.answers.iter().find(|(value, _)| value == answer))
            .map_or_else(|| answer.to_string(), |(_, label)| label.clone())
    }

    /// A canonical value of `parameter` in words: each answer or member of a set by its label,
    /// members joined by commas; a Region by its name and code; a whole number with thousands
    /// separators; a fraction or a version as it is.
    pub fn value_words(&self, parameter: &str, value: &str) -> String {
        use super::contract::Kind;
        let kind = super::contract::PARAMETERS.iter().find(|p| p.name == parameter).map(|p| p.kind);
        match (kind, self.region(value), value.parse::<f64>()) {
            (Some(Kind::Region), Some(region), _) => return format!("{} ({value})", region.name),
            (Some(Kind::Integer { .. } | Kind::Number { .. }), _, Ok(number)) if number.fract() == 0.0 => {
                return crate::format::count(number);
            }
            _ => {}
        }
        value.split(',').map(|answer| self.answer_label(parameter, answer)).collect::<Vec<_>>().join(", ")
    }

    /// The oldest "as of" date of any figure: how fresh the data is at worst.
    pub fn oldest_as_of(&self) -> NaiveDate {
        let p = &self.prices;
        let c = &self.compliance;
        [
            p.kms_key_month_usd.as_of,
            p.kms_free_requests.as_of,
            p.rotation_usd.as_of,
            p.charged_rotations.as_of,
            p.key_store_min_hsms.as_of,
            p.cloudhsm_hourly_usd.as_of,
            p.payment_key_month_usd.as_of,
            self.key_store_quota.as_of,
            self.limits.kms_symmetric_quota.as_of,
            self.capacity.points.as_of,
            c.kms.as_of,
            c.cloudhsm.as_of,
        ]
        .into_iter()
        .chain(p.requests.iter().map(|r| r.usd_per_10k.as_of))
        .chain(self.regions.iter().flat_map(Region::figures).map(|figure| figure.as_of))
        .min()
        .unwrap_or_default()
    }
}

fn sha256_of(files: &[SourceFile]) -> String {
    let mut hasher = Sha256::new();
    for name in FILES {
        if let Some(file) = files.iter().find(|f| f.is(name)) {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(file.text.as_bytes());
            hasher.update([0]);
        }
    }
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The rules shipped in `rules/`, compiled in, for tests.
#[cfg(any(test, feature = "test-support"))]
pub fn shipped_files() -> Vec<SourceFile> {
    macro_rules! file {
        ($name:literal) => {
            SourceFile {
                path: concat!("rules/", $name).to_string(),
                text: include_str!(concat!("../../../../rules/", $name)).to_string(),
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
        file!("changes.toml"),
    ]
}

/// The rules shipped in `rules/`, validated; panics if they are not valid (tests only).
#[cfg(any(test, feature = "test-support"))]
#[allow(clippy::panic)]
pub fn shipped() -> RuleSet {
    RuleSet::from_sources(&shipped_files()).unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"))
}

#[cfg(test)]
mod tests;
