//! What would change the recommendation: each state one answer away, each KMS request quota
//! raised to the load over it and the volume past the break-even point, each decided without the trace, notes and Sources of a
//! full evaluation.

use super::engine::Figures;
use super::{Flip, share_url};
use crate::contract::{Kind, Parameter, Value};
use crate::costs::{KeyOption, PriceSheet, Usage};
use crate::inputs::Inputs;
use crate::ruleset::RuleSet;

/// Every other answer that changes the recommendation (or leaves none), then each KMS request
/// quota raised to the load over it, and the request volume past the break-even point, if they
/// change it too.
/// `billed` is what `inputs` is billed: its price sheet and its usage.
pub(super) fn flips(
    rules: &RuleSet,
    inputs: &Inputs,
    figures: &Figures,
    billed: (&PriceSheet, &Usage),
    (option, rule): (Option<KeyOption>, Option<usize>),
    break_even: Option<f64>,
) -> Vec<Flip> {
    let mut flips = Vec::new();
    // The costs each variant's figures are worked out from, as a variant works them out.
    let own_ongoing = billed.0.ongoing(billed.1, inputs.months());
    // A raised quota is offered when it changes the rule that decides, even if not the option:
    // the advice then holds without asking AWS for anything.
    let mut push = |parameter: &'static str, variant: Inputs, value: Value, on_rule: bool| {
        let sheet = rules.price_sheet(&variant);
        let usage = rules.usage(&variant);
        // Most answers one step away change what is required, not what is billed: the costs
        // are then the state's own, a pure function of the same prices, usage and horizon.
        let ongoing = if (&sheet, &usage, variant.months()) == (billed.0, billed.1, inputs.months()) {
            own_ongoing
        } else {
            sheet.ongoing(&usage, variant.months())
        };
        let figures = rules.figures(&variant, &sheet, &usage, &ongoing);
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
        for (value, variant) in one_step_away(inputs, parameter) {
            push(parameter.name, variant, value, false);
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
/// choice; a set with one member more or one fewer (its default when none would be left).
/// Nothing for other kinds.
#[cfg(test)]
pub(super) fn other_answers(inputs: &Inputs, parameter: &Parameter) -> Vec<Value> {
    one_step_away(inputs, parameter).into_iter().map(|(value, _)| value).collect()
}

/// [`other_answers`] with the state each makes. A member taken out of a set takes the numbers
/// that imply it along (payment requests with payment functions), so that it stays out. A member
/// that makes the keys a workload of their own (payment functions) is neither added nor added
/// to: that is another decision, not another answer to this one.
fn one_step_away(inputs: &Inputs, parameter: &Parameter) -> Vec<(Value, Inputs)> {
    let own_workload = |member: &str| {
        inputs
            .contract()
            .iter()
            .filter_map(|p| p.implies)
            .any(|implied| implied.alone && implied.set == parameter.name && implied.member == member)
    };
    match parameter.kind {
        Kind::Choice(answers) => answers
            .iter()
            .filter(|&&answer| answer != inputs.answer(parameter.name))
            .filter_map(|&answer| Some((Value::Answer(answer), inputs.with(parameter.name, Value::Answer(answer))?)))
            .collect(),
        Kind::Set(members) => members
            .iter()
            .filter_map(|&toggled| {
                let variant = if inputs.has(parameter.name, toggled) {
                    inputs.without_member(parameter.name, toggled)?
                } else if own_workload(toggled)
                    || members.iter().any(|&m| inputs.has(parameter.name, m) && own_workload(m))
                {
                    return None;
                } else {
                    let more: Vec<&'static str> =
                        members.iter().copied().filter(|&m| m == toggled || inputs.has(parameter.name, m)).collect();
                    inputs.with(parameter.name, Value::Set(more.into()))?
                };
                Some((variant.get(parameter.name)?.clone(), variant))
            })
            .collect(),
        Kind::Integer { .. } | Kind::Number { .. } | Kind::Region | Kind::Version | Kind::Text { .. } => Vec::new(),
    }
}
