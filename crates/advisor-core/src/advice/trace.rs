//! The trace: every rule in order, how the evaluation took it and why, in words a reviewer reads.

use serde::Serialize;

use super::BlockedOptions;
use super::engine::{Decision, Figures, RuleStatus};
use crate::costs::KeyOption;
use crate::format;
use crate::inputs::Inputs;
use crate::ruleset::{Outcome, RuleSet};

/// One rule as the engine considered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceEntry {
    pub rule: String,
    pub question: String,
    /// Its clauses all hold (whether or not it decided).
    pub matched: bool,
    pub decisive: bool,
    pub status: TraceStatus,
    pub because: String,
}

/// How the evaluation took one rule; in JSON, `decides`, `applies`, `blocked` or `not_matched`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceStatus {
    /// The first rule that holds with an option not ruled out: it chose.
    Decides,
    /// It holds, but a rule before it decided.
    Applies,
    /// It holds, but every option it would choose is ruled out.
    Blocked,
    /// Its clauses do not all hold.
    NotMatched,
}

/// "A is ruled out: why. B is ruled out: why."
pub(super) fn ruled_out(rules: &RuleSet, options: &[KeyOption], blocked: &BlockedOptions) -> String {
    let sentences: Vec<String> = options
        .iter()
        .map(|&option| {
            let why: Vec<&str> = blocked.of(option).iter().map(|b| b.because.trim_end_matches('.')).collect();
            format!("{} is ruled out: {}.", rules.title(option), why.join("; "))
        })
        .collect();
    sentences.join(" ")
}

/// Every rule in order: how it was taken, and why in words. The decisive rule's reason ends
/// with the options its branch passed over and its step's reason.
pub(super) fn trace(
    rules: &RuleSet,
    inputs: &Inputs,
    figures: &Figures,
    decision: &Decision,
    blocked: &BlockedOptions,
) -> Vec<TraceEntry> {
    rules
        .rules
        .iter()
        .zip(&decision.statuses)
        .map(|(rule, status)| {
            let explain = || rules.render(&rule.explain, inputs, figures);
            // A rule's reason says why it would decide; one that holds but does not decide gets
            // words of its own, or it would contradict the decision (the default's "nothing points
            // away from KMS" beside a mandate for dedicated HSMs).
            let decided_by = decision.rule.and_then(|index| {
                rules.questions.iter().find(|q| q.id == rules.rules[index].question).map(|q| q.title.as_str())
            });
            let (trace_status, because) = match status {
                RuleStatus::NotMatched => (TraceStatus::NotMatched, rules.why_not(&rule.when, inputs, figures)),
                RuleStatus::Applies => {
                    let first = match decided_by {
                        Some(question) => format!("the rule of {question} decided first"),
                        None => "an earlier rule decided first".to_string(),
                    };
                    // A rule whose own option is ruled out would not hold "as well": it could
                    // not have chosen.
                    let because = match rule.outcome {
                        Outcome::Option(option) if blocked.rules_out(option) => format!(
                            "Not needed: {first}; {}, which it would choose, is ruled out.",
                            rules.title(option)
                        ),
                        _ => format!("Holds as well, but not needed: {first}."),
                    };
                    (TraceStatus::Applies, because)
                }
                // The default holds for every state: only what rules its option out is news.
                RuleStatus::Blocked(options) if rule.when.is_empty() => (
                    TraceStatus::Blocked,
                    format!(
                        "No rule before it decided, and {}",
                        format::lowercase_first(&ruled_out(rules, options, blocked))
                    ),
                ),
                RuleStatus::Blocked(options) => (
                    TraceStatus::Blocked,
                    format!("{} But {}", explain(), format::lowercase_first(&ruled_out(rules, options, blocked))),
                ),
                RuleStatus::Decides => {
                    let mut because = explain();
                    if !decision.passed_over.is_empty() {
                        because = format!("{because} {}", ruled_out(rules, &decision.passed_over, blocked));
                    }
                    if let (Outcome::Branch(branch), Some(step)) = (rule.outcome, decision.step) {
                        because.push(' ');
                        because.push_str(&rules.render(&rules.branches[branch].steps[step].explain, inputs, figures));
                    }
                    (TraceStatus::Decides, because)
                }
            };
            TraceEntry {
                rule: rule.id.clone(),
                question: rule.question.clone(),
                matched: *status != RuleStatus::NotMatched,
                decisive: *status == RuleStatus::Decides,
                status: trace_status,
                because,
            }
        })
        .collect()
}
