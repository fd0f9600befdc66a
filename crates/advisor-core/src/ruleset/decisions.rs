//! `rules.toml`: the ordered rules, the branches they hand over to, and the notes.

use crate::diagnostics::Code;

use serde::Deserialize;
use toml::Spanned;

use super::SourceFile;
use super::condition::{Condition, Context};
use super::framework::QUESTIONS;
use super::reader::{Check, Reader, Seen};
use super::text::Template;
use crate::contract::{PARAMETERS, find};
use crate::costs::KeyOption;
use crate::diagnostics::Diagnostic;

/// The `question` of a rule that applies whatever the answers, e.g. the article's default.
const ALL_QUESTIONS: &str = "all";

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

/// Something an option cannot do: when its clauses hold, the options it names are ruled out
/// whatever the rules would choose.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub id: String,
    pub when: Vec<Condition>,
    /// The options ruled out, never empty.
    pub blocks: Vec<KeyOption>,
    /// Why, in one sentence.
    pub because: Template,
    /// The AWS documentation that says so: an `https://` URL.
    pub source: String,
}

/// Something the user should know besides the decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: String,
    pub when: Vec<Condition>,
    pub text: Template,
    /// The contract parameter whose requirement the note answers, saying how the option meets
    /// it; such notes are the page's "Your requirements".
    pub answers: Option<&'static str>,
    /// Where the note's fact is stated, a link; placeholders allowed.
    pub source: Option<Template>,
}

/// What `rules.toml` holds.
pub(super) struct Decisions {
    pub requirements: Vec<Requirement>,
    pub rules: Vec<Rule>,
    pub branches: Vec<Branch>,
    pub notes: Vec<Note>,
}

impl Decisions {
    /// The id of every requirement, rule, branch step and note: what a change may name.
    pub(super) fn ids(&self) -> std::collections::HashSet<String> {
        let steps = self.branches.iter().flat_map(|branch| branch.steps.iter().map(|step| &step.id));
        self.requirements
            .iter()
            .map(|r| &r.id)
            .chain(self.rules.iter().map(|r| &r.id))
            .chain(steps)
            .chain(self.notes.iter().map(|n| &n.id))
            .cloned()
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    id: Spanned<String>,
    question: Spanned<String>,
    when: Vec<Spanned<String>>,
    option: Option<Spanned<String>>,
    branch: Option<Spanned<String>>,
    explain: Spanned<String>,
    summary: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBranch {
    id: Spanned<String>,
    step: Vec<Spanned<RawStep>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawStep {
    id: Spanned<String>,
    when: Vec<Spanned<String>>,
    option: Spanned<String>,
    explain: Spanned<String>,
    summary: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRequirement {
    id: Spanned<String>,
    when: Vec<Spanned<String>>,
    blocks: Spanned<Vec<Spanned<String>>>,
    because: Spanned<String>,
    source: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawNote {
    id: Spanned<String>,
    when: Vec<Spanned<String>>,
    text: Spanned<String>,
    answers: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Decisions> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let (raw_requirements, _): (Vec<Spanned<RawRequirement>>, bool) = reader.each("requirement");
    let (raw_rules, all_rules): (Vec<Spanned<RawRule>>, bool) = reader.each("rule");
    let (raw_branches, all_branches): (Vec<Spanned<RawBranch>>, bool) = reader.each("branch");
    let (raw_notes, _): (Vec<Spanned<RawNote>>, bool) = reader.each("note");
    let mut check = reader.finish();
    // Rules, branches and steps share one namespace of ids.
    let mut ids = Seen::new();
    let mut complete = true;

    let mut requirements = Vec::new();
    for raw in raw_requirements.into_iter().map(Spanned::into_inner) {
        match requirement(&mut check, &mut ids, raw) {
            Some(requirement) => requirements.push(requirement),
            None => complete = false,
        }
    }

    let mut branches = Vec::new();
    for raw in raw_branches.into_iter().map(Spanned::into_inner) {
        branches.push(branch(&mut check, &mut ids, raw, &mut complete));
    }

    let mut rules = Vec::new();
    let rule_count = raw_rules.len();
    for (index, spanned) in raw_rules.into_iter().enumerate() {
        let order = Order { last: index + 1 == rule_count, all_rules, all_branches };
        match rule(&mut check, &mut ids, spanned, order, &branches) {
            Some(rule) => rules.push(rule),
            None => complete = false,
        }
    }
    if all_rules && rule_count == 0 {
        check.error(0, Code::MissingRule, "expected at least one `[[rule]]`");
    }

    let mut notes = Vec::new();
    for raw in raw_notes.into_iter().map(Spanned::into_inner) {
        let id = check.unique(&mut ids, &raw.id, "id").to_string();
        let answers = raw.answers.as_ref().map(|name| {
            let found = find(PARAMETERS, name.get_ref()).map(|parameter| parameter.name);
            if found.is_none() {
                let message = format!("`answers`: no parameter \"{}\" in the URL contract", name.get_ref());
                check.error(name.span().start, Code::UnknownParameter, message);
            }
            found
        });
        let source = raw.source.as_ref().map(|source| check.template(source));
        // `Some(None)`: an `answers` or `source` given but not valid.
        match (check.conditions(&raw.when, Context::Note), check.template(&raw.text), answers, source) {
            (Some(when), Some(text), answers @ (None | Some(Some(_))), source @ (None | Some(Some(_)))) => {
                notes.push(Note { id, when, text, answers: answers.flatten(), source: source.flatten() })
            }
            _ => complete = false,
        }
    }
    complete.then_some(Decisions { requirements, rules, branches, notes })
}

fn requirement(check: &mut Check, ids: &mut Seen, raw: RawRequirement) -> Option<Requirement> {
    let id = check.unique(ids, &raw.id, "id").to_string();
    let blocks: Vec<Option<KeyOption>> = raw.blocks.get_ref().iter().map(|option| check.option(option)).collect();
    if blocks.is_empty() {
        let message = format!("requirement \"{id}\": expected at least one option in `blocks`");
        check.error(raw.blocks.span().start, Code::EmptyBlocks, message);
    }
    let source = raw.source.get_ref();
    if !source.starts_with("https://") {
        let message =
            format!("`source`: expected the https:// address of the AWS page that says so, found \"{source}\"");
        check.error(raw.source.span().start, Code::MissingSource, message);
    }
    let (when, because) = (check.conditions(&raw.when, Context::Decision), check.template(&raw.because));
    let blocks: Option<Vec<KeyOption>> = blocks.into_iter().collect();
    Some(Requirement { id, when: when?, blocks: blocks?, because: because?, source: raw.source.into_inner() })
}

fn branch(check: &mut Check, ids: &mut Seen, raw: RawBranch, complete: &mut bool) -> Branch {
    let id = check.unique(ids, &raw.id, "id").to_string();
    let mut steps = Vec::new();
    let step_count = raw.step.len();
    for (index, spanned) in raw.step.into_iter().enumerate() {
        let span = spanned.span();
        let raw = spanned.into_inner();
        let step_id = check.unique(ids, &raw.id, "id").to_string();
        if index + 1 == step_count && !raw.when.is_empty() {
            let message = format!("branch \"{id}\": the last step must have `when = []` so the branch always decides");
            check.error(span.start, Code::RuleOrder, message);
        }
        let (when, option) = (check.conditions(&raw.when, Context::Decision), check.option(&raw.option));
        let (explain, summary) = (check.template(&raw.explain), check.template(&raw.summary));
        match (when, option, explain, summary) {
            (Some(when), Some(option), Some(explain), Some(summary)) => {
                steps.push(Step { id: step_id, when, option, explain, summary })
            }
            _ => *complete = false,
        }
    }
    if step_count == 0 {
        let message = format!("branch \"{id}\": expected at least one `[[branch.step]]`");
        check.error(raw.id.span().start, Code::EmptyBranch, message);
    }
    Branch { id, steps }
}

/// Where a rule stands: whether it is the last, and whether every rule and branch could be read
/// (checks of order and of branch names are only meaningful then).
#[derive(Clone, Copy)]
struct Order {
    last: bool,
    all_rules: bool,
    all_branches: bool,
}

fn rule(
    check: &mut Check,
    ids: &mut Seen,
    spanned: Spanned<RawRule>,
    order: Order,
    branches: &[Branch],
) -> Option<Rule> {
    let span = spanned.span();
    let raw = spanned.into_inner();
    let id = check.unique(ids, &raw.id, "id").to_string();
    let question = raw.question.get_ref();
    if !QUESTIONS.contains(&question.as_str()) && question != ALL_QUESTIONS {
        let expected = QUESTIONS.join(", ");
        let message = format!("`question`: expected one of {expected}, {ALL_QUESTIONS}, found \"{question}\"");
        check.error(raw.question.span().start, Code::UnknownQuestion, message);
    }
    if order.all_rules && raw.when.is_empty() != order.last {
        let message = if order.last {
            format!("rule \"{id}\": the last rule must have `when = []` so that every case gets a recommendation")
        } else {
            format!("rule \"{id}\": only the last rule may have `when = []`; the rules after it could never decide")
        };
        check.error(span.start, Code::RuleOrder, message);
    }
    let outcome = match (&raw.option, &raw.branch) {
        (Some(option), None) => check.option(option).map(Outcome::Option),
        (None, Some(branch)) => {
            let found = branches.iter().position(|b| &b.id == branch.get_ref());
            if found.is_none() && order.all_branches {
                let known: Vec<&str> = branches.iter().map(|b| b.id.as_str()).collect();
                let message = format!("`branch`: expected one of {}, found \"{}\"", known.join(", "), branch.get_ref());
                check.error(branch.span().start, Code::UnknownBranch, message);
            }
            found.map(Outcome::Branch)
        }
        _ => {
            let message = format!("rule \"{id}\": expected exactly one of `option` or `branch`");
            check.error(span.start, Code::RuleOutcome, message);
            None
        }
    };
    let summary = summary(check, &id, span.start, raw.summary.as_ref(), outcome);
    let (when, explain) = (check.conditions(&raw.when, Context::Decision), check.template(&raw.explain));
    Some(Rule {
        id,
        question: raw.question.into_inner(),
        when: when?,
        outcome: outcome?,
        explain: explain?,
        summary: summary?,
    })
}

/// A rule that decides an option needs a summary; one that hands over to a branch has none.
fn summary(
    check: &mut Check,
    id: &str,
    offset: usize,
    summary: Option<&Spanned<String>>,
    outcome: Option<Outcome>,
) -> Option<Option<Template>> {
    match (summary, outcome) {
        (Some(summary), Some(Outcome::Option(_))) => check.template(summary).map(Some),
        (None, Some(Outcome::Branch(_))) => Some(None),
        (None, Some(Outcome::Option(_))) => {
            let message = format!("rule \"{id}\": expected a `summary`, the one-sentence recommendation");
            check.error(offset, Code::MissingSummary, message);
            None
        }
        (Some(summary), Some(Outcome::Branch(_))) => {
            let message = format!("rule \"{id}\": expected no `summary`: the branch's steps give it");
            check.error(summary.span().start, Code::UnexpectedSummary, message);
            None
        }
        // The outcome is already reported.
        (_, None) => None,
    }
}
