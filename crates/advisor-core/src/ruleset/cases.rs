//! `cases.toml`, beside the rules: example states and what the rules must decide for them, run
//! as tests so that a change to the rules that changes an answer fails loudly.

use crate::diagnostics::Code;
use serde::Deserialize;
use toml::Spanned;

use super::reader::Reader;
use super::{RuleSet, SourceFile};
use crate::costs::KeyOption;
use crate::diagnostics::Diagnostic;

/// The name of the example cases file that sits beside the rules.
pub const CASES_FILE: &str = "cases.toml";

/// An example beside the rules: a state of the advisor and what the rules must decide for it.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// A query string of the URL contract.
    pub query: String,
    /// `None` (`expect = "none"`) when every option must be ruled out.
    pub expect: Option<KeyOption>,
    /// The decisive rule; none when no option is left.
    pub rule: Option<String>,
    /// The branch step that chose the option, for rules that hand over to a branch.
    pub step: Option<String>,
    /// The options a requirement must rule out, when that is the point of the case.
    pub blocked: Option<Vec<KeyOption>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCase {
    name: String,
    query: String,
    expect: Spanned<String>,
    rule: Option<Spanned<String>>,
    step: Option<Spanned<String>>,
    blocked: Option<Vec<Spanned<String>>>,
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
            let named = [(raw.rule.as_ref(), &rule_ids, "rule"), (raw.step.as_ref(), &step_ids, "step")];
            for (id, known, key) in named {
                if let Some(id) = id.filter(|id| !known.contains(&id.get_ref().as_str())) {
                    let message = format!("`{key}`: expected one of {}, found \"{}\"", known.join(", "), id.get_ref());
                    check.error(
                        id.span().start,
                        if key == "rule" { Code::UnknownRule } else { Code::UnknownStep },
                        message,
                    );
                }
            }
            let expect = if raw.expect.get_ref() == "none" { Some(None) } else { check.option(&raw.expect).map(Some) };
            if matches!(expect, Some(Some(_))) && raw.rule.is_none() {
                let message = format!("case \"{}\": expected the `rule` that decides", raw.name);
                check.error(raw.expect.span().start, Code::MissingKey, message);
            }
            let blocked: Option<Vec<Option<KeyOption>>> =
                raw.blocked.map(|options| options.iter().map(|option| check.option(option)).collect());
            let blocked = match blocked {
                Some(options) => options.into_iter().collect::<Option<Vec<KeyOption>>>().map(Some),
                None => Some(None),
            };
            if let (Some(expect), Some(blocked)) = (expect, blocked) {
                let (rule, step) = (raw.rule.map(Spanned::into_inner), raw.step.map(Spanned::into_inner));
                cases.push(Case { name: raw.name, query: raw.query, expect, rule, step, blocked });
            }
        }
    }
    if diagnostics.is_empty() { Ok(cases) } else { Err(diagnostics) }
}
