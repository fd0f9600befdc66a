//! `cases.toml`, beside the rules: example states and what the rules must decide for them, run
//! as tests so that a change to the rules that changes an answer fails loudly.

use serde::Deserialize;
use toml::Spanned;

use super::reader::Reader;
use super::{RuleSet, SourceFile};
use crate::domain::costs::KeyOption;
use crate::domain::diagnostics::Diagnostic;

/// The name of the example cases file that sits beside the rules.
pub const CASES_FILE: &str = "cases.toml";

/// An example beside the rules: a state of the advisor and what the rules must decide for it.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// A query string of the URL contract.
    pub query: String,
    pub expect: KeyOption,
    /// The decisive rule.
    pub rule: String,
    /// The branch step that chose the option, for rules that hand over to a branch.
    pub step: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCase {
    name: String,
    query: String,
    expect: Spanned<String>,
    rule: Spanned<String>,
    step: Option<Spanned<String>>,
}

/// Reads `cases.toml`; rule and step names are checked against `rules`.
pub fn load_cases(file: &SourceFile, rules: &RuleSet) -> Result<Vec<Case>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut cases = Vec::new();
    if let Some(mut reader) = Reader::parse(file, &mut diagnostics) {
        let (raw_cases, _): (Vec<Spanned<RawCase>>, bool) = reader.each("case");
        let mut check = reader.finish();
        let rule_ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        let step_ids: Vec<&str> = rules.branches.iter().flat_map(|b| b.steps.iter().map(|s| s.id.as_str())).collect();
        for raw in raw_cases.into_iter().map(Spanned::into_inner) {
            let named = [(Some(&raw.rule), &rule_ids, "rule"), (raw.step.as_ref(), &step_ids, "step")];
            for (id, known, key) in named {
                if let Some(id) = id.filter(|id| !known.contains(&id.get_ref().as_str())) {
                    let message = format!("`{key}`: expected one of {}, found \"{}\"", known.join(", "), id.get_ref());
                    check.error(id.span().start, if key == "rule" { "unknown-rule" } else { "unknown-step" }, message);
                }
            }
            if let Some(expect) = check.option(&raw.expect) {
                let step = raw.step.map(Spanned::into_inner);
                cases.push(Case { name: raw.name, query: raw.query, expect, rule: raw.rule.into_inner(), step });
            }
        }
    }
    if diagnostics.is_empty() { Ok(cases) } else { Err(diagnostics) }
}
