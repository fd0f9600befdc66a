//! `changes.toml`: what changed in the rules, version by version, newest first. Each change says
//! what changed and why, what it touches (parameters of the URL contract, requirements and rules,
//! options, figures of the Sources) and, for a fact of AWS's, where AWS says so. Validated with
//! the other files: the newest version is the one in force, versions run back in time, and
//! everything a change names exists.

use crate::diagnostics::Code;
use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::SourceFile;
use super::condition::{Condition, Context};
use super::reader::{Check, Reader, Seen};
use crate::contract::{PARAMETERS, find};
use crate::costs::KeyOption;
use crate::diagnostics::Diagnostic;

/// One version of the rules and what it changed from the one before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesVersion {
    /// As `framework.toml` names it, e.g. `2026.11.29`.
    pub version: String,
    /// The day it was released.
    pub date: NaiveDate,
    pub title: String,
    pub changes: Vec<Change>,
}

/// One change of a version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub what: String,
    pub why: String,
    /// Parameters of the URL contract whose answers it touches.
    pub parameters: Vec<String>,
    /// Requirements, rules, branch steps and notes it touches, by id.
    pub rules: Vec<String>,
    pub options: Vec<KeyOption>,
    /// Figures of the Sources it touches, by id (e.g. `cloudhsm_hourly_usd`).
    pub figures: Vec<String>,
    /// Where AWS says so, for a change of fact.
    pub source: Option<String>,
    /// The answers it changed: states the versions before it advised another option.
    pub answers: Vec<ChangedAnswer>,
}

/// States whose answer a change changed: those `when` holds for were advised `was` before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedAnswer {
    pub was: KeyOption,
    /// Those states in words, for people: "a team that runs HSMs, with KMS dearer than its
    /// cluster, for data AWS services encrypt".
    pub states: String,
    /// The clauses as the file writes them.
    pub when: Vec<String>,
    #[serde(skip)]
    pub conditions: Vec<Condition>,
}

/// What the other files define, for checking what a change names; `None` where that file is
/// invalid (its own problems are reported, and these checks are skipped).
pub(super) struct Known {
    /// The version in force, from `framework.toml`.
    pub version: Option<String>,
    pub rule_ids: Option<HashSet<String>>,
    pub figure_ids: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawVersion {
    version: Spanned<String>,
    date: Spanned<String>,
    title: String,
    #[serde(default)]
    change: Vec<RawChange>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawChange {
    what: Spanned<String>,
    why: Spanned<String>,
    #[serde(default)]
    parameters: Vec<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    options: Vec<Spanned<String>>,
    #[serde(default)]
    figures: Vec<Spanned<String>>,
    source: Option<Spanned<String>>,
    #[serde(default)]
    answer: Vec<RawAnswer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAnswer {
    was: Spanned<String>,
    states: Spanned<String>,
    when: Vec<Spanned<String>>,
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>, known: &Known) -> Option<Vec<RulesVersion>> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let (raw_versions, complete): (Vec<Spanned<RawVersion>>, bool) = reader.each("version");
    let mut check = reader.finish();
    let mut seen = Seen::new();
    let mut versions: Vec<RulesVersion> = Vec::new();
    for (index, raw) in raw_versions.into_iter().map(Spanned::into_inner).enumerate() {
        let version = check.unique(&mut seen, &raw.version, "version").to_string();
        let date = check.date_of("date", &raw.date);
        if let (Some(date), Some(newer)) = (date, versions.last())
            && date > newer.date
        {
            let message = format!(
                "`date`: versions run from the newest to the oldest, but {version} ({date}) comes after {} ({})",
                newer.version, newer.date
            );
            check.error(raw.date.span().start, Code::VersionOrder, message);
        }
        if index == 0
            && let Some(in_force) = &known.version
            && *in_force != version
        {
            let message =
                format!("`version`: the newest version must be the rules in force, {in_force}, found \"{version}\"");
            check.error(raw.version.span().start, Code::VersionOrder, message);
        }
        let changes = raw.change.into_iter().map(|change| self::change(&mut check, change, known)).collect();
        if let Some(date) = date {
            versions.push(RulesVersion { version, date, title: raw.title, changes });
        }
    }
    if complete && versions.is_empty() {
        check.error(0, Code::MissingVersion, "expected at least one `[[version]]`: the rules in force");
    }
    Some(versions)
}

fn change(check: &mut Check<'_, '_>, raw: RawChange, known: &Known) -> Change {
    for (text, key) in [(&raw.what, "what"), (&raw.why, "why")] {
        if text.get_ref().trim().is_empty() {
            check.error(
                text.span().start,
                Code::InvalidValue,
                format!("`{key}`: expected words, found an empty string"),
            );
        }
    }
    for parameter in &raw.parameters {
        if find(PARAMETERS, parameter.get_ref()).is_none() {
            let message = format!("`parameters`: no parameter \"{}\" in the URL contract", parameter.get_ref());
            check.error(parameter.span().start, Code::UnknownParameter, message);
        }
    }
    if let Some(ids) = &known.rule_ids {
        for rule in raw.rules.iter().filter(|rule| !ids.contains(rule.get_ref())) {
            let message = format!("`rules`: no requirement, rule, branch step or note \"{}\"", rule.get_ref());
            check.error(rule.span().start, Code::UnknownRule, message);
        }
    }
    if let Some(ids) = &known.figure_ids {
        for figure in raw.figures.iter().filter(|figure| !ids.contains(figure.get_ref())) {
            let message = format!("`figures`: expected one of {}, found \"{}\"", ids.join(", "), figure.get_ref());
            check.error(figure.span().start, Code::UnknownFigure, message);
        }
    }
    let options = raw.options.iter().filter_map(|option| check.option(option)).collect();
    let source = raw.source.map(|source| check.source(source));
    let answers = raw
        .answer
        .iter()
        .filter_map(|answer| {
            let was = check.option(&answer.was);
            if answer.states.get_ref().trim().is_empty() {
                let message = "`states`: expected the states whose answer changed in words, found an empty string";
                check.error(answer.states.span().start, Code::InvalidValue, message.to_string());
            }
            if answer.when.is_empty() {
                let message = "`when`: expected the clauses that tell the states whose answer changed, found none";
                check.error(answer.was.span().start, Code::InvalidCondition, message.to_string());
            }
            let conditions = check.conditions(&answer.when, Context::Note)?;
            let when = answer.when.iter().map(|clause| clause.get_ref().clone()).collect();
            Some(ChangedAnswer { was: was?, states: answer.states.get_ref().clone(), when, conditions })
        })
        .collect();
    Change {
        what: raw.what.into_inner(),
        why: raw.why.into_inner(),
        parameters: raw.parameters.into_iter().map(Spanned::into_inner).collect(),
        rules: raw.rules.into_iter().map(Spanned::into_inner).collect(),
        options,
        figures: raw.figures.into_iter().map(Spanned::into_inner).collect(),
        source,
        answers,
    }
}

/// What a page says when its link was made under other rules than those in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesNotice {
    /// The version the link names.
    pub made_under: String,
    /// The version in force.
    pub shown_under: String,
    /// Whether the changelog lists `made_under`; a deployer's own version may be unknown here.
    pub known: bool,
    /// The changes since `made_under` that touch this state: they name one of its answers that
    /// differs from the default, the option now recommended, the rule or branch step that
    /// decided, a requirement that rules an option out, or a note shown. Newest first.
    pub changes: Vec<Change>,
    /// How many other changes there were since.
    pub others: usize,
    /// When a change since named this state's answer: what it was advised then, and the change.
    pub was: Option<WasAdvised>,
}

/// The option a state was advised under the rules its link was made under, and the change that
/// changed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WasAdvised {
    pub option: KeyOption,
    /// The change's `what`: why the answer is another now.
    pub because: String,
}

/// What this state touches, for telling which changes concern it.
pub struct Touched<'a> {
    /// Parameters the link gives a value other than the default.
    pub parameters: Vec<&'a str>,
    /// The option recommended.
    pub options: Vec<KeyOption>,
    /// The deciding rule and branch step, the requirements that rule options out, and the
    /// notes shown.
    pub rules: Vec<&'a str>,
    /// Whether clauses hold for this state, to find a changed answer.
    pub holds: &'a dyn Fn(&[Condition]) -> bool,
}

/// The notice for a link made under `made_under` shown under the rules of `versions` (newest
/// first, the first in force); `None` when the link names the rules in force.
pub fn notice(versions: &[RulesVersion], made_under: &str, touched: &Touched<'_>) -> Option<RulesNotice> {
    let in_force = versions.first()?;
    if made_under == in_force.version {
        return None;
    }
    let known = versions.iter().position(|version| version.version == made_under);
    let since = versions[..known.unwrap_or(0)].iter().flat_map(|version| &version.changes);
    // The oldest change since names what the link's own rules advised; a later one, what rules
    // after them did.
    let oldest_first = versions[..known.unwrap_or(0)].iter().rev().flat_map(|version| &version.changes);
    let was = oldest_first.clone().find_map(|change| {
        changed_answer(change, touched).map(|answer| WasAdvised { option: answer.was, because: change.what.clone() })
    });
    let (touching, others): (Vec<&Change>, Vec<&Change>) = since.partition(|change| {
        change.parameters.iter().any(|p| touched.parameters.contains(&p.as_str()))
            || change.options.iter().any(|o| touched.options.contains(o))
            || change.rules.iter().any(|r| touched.rules.contains(&r.as_str()))
            || changed_answer(change, touched).is_some()
    });
    Some(RulesNotice {
        made_under: made_under.to_string(),
        shown_under: in_force.version.clone(),
        known: known.is_some(),
        changes: touching.into_iter().cloned().collect(),
        others: others.len(),
        was,
    })
}

/// The answer of `change` this state had before it: one whose clauses hold for the state and
/// whose option is not the one advised now (advised then and again is no change).
fn changed_answer<'c>(change: &'c Change, touched: &Touched<'_>) -> Option<&'c ChangedAnswer> {
    let now = touched.options.first().copied();
    change.answers.iter().find(|answer| Some(answer.was) != now && (touched.holds)(&answer.conditions))
}

impl RulesNotice {
    /// ", which advised AWS CloudHSM" when a change since named the link's answer then, else
    /// nothing: what follows the version the link was made under, options named by `title`.
    pub fn advised_then<'t>(&self, title: impl Fn(KeyOption) -> &'t str) -> String {
        self.was.as_ref().map(|was| format!(", which advised {}", title(was.option))).unwrap_or_default()
    }

    /// The notice in one line, for the card: "Made under rules 2026.11.28, which advised AWS
    /// CloudHSM; shown under 2026.11.29.", options named by `title`.
    pub fn one_line<'t>(&self, title: impl Fn(KeyOption) -> &'t str) -> String {
        let shown = format!("Made under rules {}{}", self.made_under, self.advised_then(title));
        match self.was {
            Some(_) => format!("{shown}; shown under {}.", self.shown_under),
            None => format!("{shown}, shown under {}: the answer may have changed.", self.shown_under),
        }
    }

    /// "Under the rules of version 2026.11.28 this state was advised AWS CloudHSM; now AWS KMS.
    /// What changed: …", options named by `title`, `now` the option's name advised now; `None`
    /// when no change names this state's answer.
    pub fn changed_answer<'t>(&self, title: impl Fn(KeyOption) -> &'t str, now: &str) -> Option<String> {
        let was = self.was.as_ref()?;
        Some(format!(
            "Under the rules of version {} this state was advised {}; now {now}. What changed: {}",
            self.made_under,
            title(was.option),
            was.because
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::shipped;

    #[test]
    fn a_notice_lists_the_changes_since_that_touch_the_state() {
        let versions = shipped().changes;
        let never = |_: &[Condition]| false;
        let none = Touched { parameters: Vec::new(), options: Vec::new(), rules: Vec::new(), holds: &never };
        assert_eq!(notice(&versions, &versions[0].version, &none), None);
        // Since 2026.11.28: the changes of every version after it.
        let after = versions.iter().take_while(|version| version.version != "2026.11.28");
        let since: usize = after.map(|version| version.changes.len()).sum();
        // Nothing given and nothing ruled out: every change is one of the others.
        let quiet = notice(&versions, "2026.11.28", &none).unwrap();
        assert_eq!((quiet.known, quiet.changes.len(), quiet.others), (true, 0, since));
        let touched = Touched {
            parameters: vec!["rotation"],
            options: vec![KeyOption::Cloudhsm],
            rules: Vec::new(),
            holds: &never,
        };
        let noticed = notice(&versions, "2026.11.28", &touched).unwrap();
        let whats: Vec<&str> = noticed.changes.iter().map(|change| change.what.as_str()).collect();
        assert!(whats.iter().any(|what| what.starts_with("Automatic rotation is a question")), "{whats:?}");
        assert!(whats.iter().any(|what| what.starts_with("Encryption by AWS services")), "{whats:?}");
        assert_eq!(noticed.changes.len() + noticed.others, since);
        // A version the changelog does not list: no changes can be told, only that it differs.
        let unknown = notice(&versions, "acme-7", &touched).unwrap();
        assert_eq!((unknown.known, unknown.changes.len(), unknown.others), (false, 0, 0));
        assert_eq!(unknown.shown_under, versions[0].version);
    }
}
