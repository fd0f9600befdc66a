//! `cases.toml`, beside the rules: example states and what the rules must decide for them, run
//! as tests so that a change to the rules that changes an answer fails loudly.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::reader::{Check, Reader};
use super::{RuleSet, SourceFile};
use crate::costs::{KeyOption, RequestKind};
use crate::diagnostics::{Code, Diagnostic};

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
    /// The options a requirement must rule out among those the state shows
    /// ([`Inputs::shown_options`](crate::Inputs::shown_options)), when that is the point of the
    /// case.
    pub blocked: Option<Vec<KeyOption>>,
    /// The rules version from which the case holds (`holds-from`), for a case written down
    /// before the rules that answer it: older rules skip it.
    pub holds_from: Option<String>,
    /// Options' first-month costs, USD to the cent, that the cost model must give.
    pub monthly_usd: Vec<(KeyOption, f64)>,
    /// Options' costs over the state's horizon, USD to the cent.
    pub horizon_usd: Vec<(KeyOption, f64)>,
    /// The request kinds whose load must be over their quota, in `RequestKind::ALL`'s order;
    /// `Some(vec![])` when none may be.
    pub over_quota: Option<Vec<RequestKind>>,
    /// Words that the recommendation, a note or a requirement's answer must contain.
    pub mentions: Vec<String>,
}

impl Case {
    /// Whether rules of `version` predate the case, so it does not apply to them yet.
    pub fn pending_under(&self, version: &str) -> bool {
        predates(version, self.holds_from.as_deref())
    }
}

/// Whether rules of `version` come before `holds_from`, the version a case holds from.
fn predates(version: &str, holds_from: Option<&str>) -> bool {
    holds_from.is_some_and(|from| version_key(version) < version_key(from))
}

/// A rules version as numbers where it has them ("2026.12.04"), so versions compare in order.
fn version_key(version: &str) -> Vec<Result<u64, &str>> {
    version.split(['.', '-', '_']).map(|part| part.parse::<u64>().map_err(|_| part)).collect()
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
    holds_from: Option<String>,
    monthly_usd: Option<Spanned<BTreeMap<String, f64>>>,
    horizon_usd: Option<Spanned<BTreeMap<String, f64>>>,
    over_quota: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    mentions: Vec<String>,
}

/// Reads `cases.toml`; rule and step names are checked against `rules`, but for cases that
/// hold from a later version of the rules, which may name rules yet to come.
pub fn load_cases(file: &SourceFile, rules: &RuleSet) -> Result<Vec<Case>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut cases = Vec::new();
    if let Some(mut reader) = Reader::parse(file, &mut diagnostics) {
        let (raw_cases, _): (Vec<Spanned<RawCase>>, bool) = reader.each("case");
        let mut check = reader.finish();
        let rule_ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        let step_ids: Vec<&str> = rules.branches.iter().flat_map(|b| b.steps.iter().map(|s| s.id.as_str())).collect();
        for raw in raw_cases.into_iter().map(Spanned::into_inner) {
            let pending = predates(&rules.version, raw.holds_from.as_deref());
            let named = [(raw.rule.as_ref(), &rule_ids, "rule"), (raw.step.as_ref(), &step_ids, "step")];
            for (id, known, key) in named {
                if let Some(id) = id.filter(|id| !pending && !known.contains(&id.get_ref().as_str())) {
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
            let monthly_usd = costs(&mut check, raw.monthly_usd);
            let horizon_usd = costs(&mut check, raw.horizon_usd);
            let over_quota = match raw.over_quota {
                Some(kinds) => {
                    kinds.iter().map(|kind| request_kind(&mut check, kind)).collect::<Option<Vec<_>>>().map(Some)
                }
                None => Some(None),
            };
            if let (Some(expect), Some(blocked), Some(monthly_usd), Some(horizon_usd), Some(over_quota)) =
                (expect, blocked, monthly_usd, horizon_usd, over_quota)
            {
                let (rule, step) = (raw.rule.map(Spanned::into_inner), raw.step.map(Spanned::into_inner));
                cases.push(Case {
                    name: raw.name,
                    query: raw.query,
                    expect,
                    rule,
                    step,
                    blocked,
                    holds_from: raw.holds_from,
                    monthly_usd,
                    horizon_usd,
                    over_quota,
                    mentions: raw.mentions,
                });
            }
        }
    }
    if diagnostics.is_empty() { Ok(cases) } else { Err(diagnostics) }
}

/// A table of USD by option id, in `KeyOption::ALL`'s order; `None` when an id is unknown.
fn costs(check: &mut Check<'_, '_>, table: Option<Spanned<BTreeMap<String, f64>>>) -> Option<Vec<(KeyOption, f64)>> {
    let Some(table) = table else { return Some(Vec::new()) };
    let start = table.span().start;
    let mut costs = Vec::new();
    for (id, usd) in table.into_inner() {
        costs.push((check.option(&Spanned::new(start..start, id))?, usd));
    }
    costs.sort_by_key(|(option, _)| option.index());
    Some(costs)
}

/// A request kind by its `kind` in `prices.toml`.
fn request_kind(check: &mut Check<'_, '_>, kind: &Spanned<String>) -> Option<RequestKind> {
    let found = RequestKind::ALL.into_iter().find(|k| k.rules_kind() == kind.get_ref());
    if found.is_none() {
        let kinds = RequestKind::ALL.map(RequestKind::rules_kind).join(", ");
        let message = format!("`over-quota`: expected one of {kinds}, found \"{}\"", kind.get_ref());
        check.error(kind.span().start, Code::InvalidValue, message);
    }
    found
}
