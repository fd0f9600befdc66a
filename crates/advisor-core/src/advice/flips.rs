//! What would change the recommendation: each state one answer away, each KMS request quota
//! raised to the load over it and the volume past the break-even point, each decided without the trace, notes and Sources of a
//! full evaluation.

use super::engine::Figures;
use super::{Flip, share_url};
use crate::contract::{Kind, Parameter, Value};
use crate::costs::KeyOption;
use crate::inputs::Inputs;
use crate::ruleset::RuleSet;

/// Every other answer that changes the recommendation (or leaves none), then each KMS request
/// quota raised to the load over it, and the request volume past the break-even point, if they
/// change it too.
pub(super) fn flips(
    rules: &RuleSet,
    inputs: &Inputs,
    figures: &Figures,
    (option, rule): (Option<KeyOption>, Option<usize>),
    break_even: Option<f64>,
) -> Vec<Flip> {
    let mut flips = Vec::new();
    // A raised quota is offered when it changes the rule that decides, even if not the option:
    // the advice then holds without asking AWS for anything.
    let mut push = |parameter: &'static str, variant: Inputs, value: Value, on_rule: bool| {
        let sheet = rules.price_sheet(&variant);
        let usage = rules.usage(&variant);
        let figures = rules.figures(&variant, &sheet, &usage, &sheet.ongoing(&usage, variant.months()));
        let decision = rules.decide(&variant, &figures, &rules.ruled_out(&variant, &figures));
        if decision.option != option || (on_rule && decision.rule != rule) {
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
                push(parameter.name, variant, value, false);
            }
        }
    }
    // Each quota a kind of request is over, raised to its load, where the link can say so.
    let mut raised: Vec<(&'static str, f64)> = Vec::new();
    for check in figures.quotas.iter().filter(|check| check.over) {
        let Some(parameter) = check.parameter else { continue };
        match raised.iter_mut().find(|(name, _)| *name == parameter) {
            Some((_, quota)) => *quota = quota.max(check.load.ceil()),
            None => raised.push((parameter, check.load.ceil())),
        }
    }
    for (parameter, quota) in raised {
        if let Some(variant) = inputs.with(parameter, Value::Number(quota)) {
            push(parameter, variant, Value::Number(quota), true);
        }
    }
    if let Some(volume) = break_even {
        // Just past the break-even point on the other side of it.
        let requests = if inputs.requests() <= volume { (volume * 1.01).ceil() } else { (volume * 0.99).floor() };
        if let Some(variant) = inputs.with("requests", Value::Number(requests)) {
            push("requests", variant, Value::Number(requests), false);
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
