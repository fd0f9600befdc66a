//! What would change the recommendation: each state one answer away, a raised KMS quota and
//! the volume past the break-even point, each decided without the trace, notes and Sources of a
//! full evaluation.

use super::engine::Figures;
use super::{Flip, share_url};
use crate::contract::{Kind, Parameter, Value};
use crate::costs::KeyOption;
use crate::inputs::Inputs;
use crate::ruleset::{Figure, RuleSet};

/// Every other answer that changes the recommendation (or leaves none), then a KMS quota raised
/// to the peak, and the request volume past the break-even point, if they change it too.
pub(super) fn flips(
    rules: &RuleSet,
    inputs: &Inputs,
    figures: &Figures,
    option: Option<KeyOption>,
    break_even: Option<f64>,
) -> Vec<Flip> {
    let mut flips = Vec::new();
    let mut push = |parameter: &'static str, variant: Inputs, value: Value| {
        let sheet = rules.price_sheet(&variant);
        let usage = rules.usage(&variant);
        let figures = rules.figures(&variant, &sheet, &usage, &sheet.ongoing(&usage));
        let decision = rules.decide(&variant, &figures, &rules.ruled_out(&variant, &figures));
        if decision.option != option {
            flips.push(Flip {
                question: decision.rule.map(|rule| rules.rules[rule].question.clone()),
                parameter,
                value,
                option: decision.option,
                share_url: share_url(&variant, &rules.version),
            });
        }
    };
    for parameter in inputs.contract() {
        for value in other_answers(inputs, parameter) {
            if let Some(variant) = inputs.with(parameter.name, value.clone()) {
                push(parameter.name, variant, value);
            }
        }
    }
    // A KMS quota raised to the peak, where the peak is above the quota in force.
    if inputs.peak_ops() > figures.get(Figure::KmsQuota) {
        let quota = inputs.peak_ops().ceil();
        if let Some(variant) = inputs.with("kms_quota", Value::Number(quota)) {
            push("kms_quota", variant, Value::Number(quota));
        }
    }
    if let Some(volume) = break_even {
        // Just past the break-even point on the other side of it.
        let requests = if inputs.requests() <= volume { (volume * 1.01).ceil() } else { (volume * 0.99).floor() };
        if let Some(variant) = inputs.with("requests", Value::Number(requests)) {
            push("requests", variant, Value::Number(requests));
        }
    }
    flips
}

/// The values one step away from `inputs`' value of `parameter`: every other answer of a
/// choice; a set with one member more or one fewer (never none). Nothing for other kinds.
pub(super) fn other_answers(inputs: &Inputs, parameter: &Parameter) -> Vec<Value> {
    match parameter.kind {
        Kind::Choice(answers) => answers
            .iter()
            .filter(|&&answer| answer != inputs.answer(parameter.name))
            .map(|&answer| Value::Answer(answer))
            .collect(),
        Kind::Set(members) => members
            .iter()
            .map(|&toggled| {
                let has = |m: &str| inputs.has(parameter.name, m) != (m == toggled);
                Value::Set(members.iter().copied().filter(|m| has(m)).collect::<Vec<_>>().into())
            })
            .filter(|value| matches!(value, Value::Set(members) if !members.is_empty()))
            .collect(),
        Kind::Integer { .. } | Kind::Number { .. } | Kind::Region | Kind::Version | Kind::Text { .. } => Vec::new(),
    }
}
