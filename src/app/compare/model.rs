//! What the comparison page shows, as plain data computed from the domain's comparison: each
//! state's recommendation and deciding rule, the answers and ruled-out options that differ, and
//! every option's costs in both, written for people.

use super::super::form_view::{FormView, form_for};
use super::super::model::{FlipView, flip_view};
use crate::charts::ComparisonChart;
use advisor_core::advice::{Advice, state_query};
use advisor_core::compare::{Change, Comparison, Side, StateError, StateQueries, compare};
use advisor_core::costs::KeyOption;
use advisor_core::export::option_id;
use advisor_core::summary::{AnswerLine, answer_lines};
use advisor_core::{InputError, Inputs, RuleSet, format};

/// One state as the comparison shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SideView {
    /// `A` or `B`.
    pub letter: &'static str,
    /// The recommended option's id, or `none`.
    pub option: String,
    pub title: String,
    pub summary: String,
    /// The question of the rule that decided, and why it did; `None` when no option is left.
    pub decided_by: Option<(String, String)>,
    /// When no option is left: the changes of one answer that would leave one.
    pub ways_out: Vec<FlipView>,
    /// The state in the advisor.
    pub advisor_href: String,
    pub recommendation_differs: bool,
    pub rule_differs: bool,
    /// When the state's link names other rules than those in force, one line saying so.
    pub notice: Option<String>,
    /// The state's answers in words.
    pub answers: Vec<AnswerLine>,
}

/// An answer that differs, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    pub parameter: String,
    pub label: String,
    pub a: String,
    pub b: String,
}

/// An option ruled out in one state and not in the other, or for other reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockedRow {
    pub option: String,
    pub title: String,
    /// Why it is ruled out in A, or that it is open there; then B.
    pub a: String,
    pub b: String,
}

/// One option's costs in both states, written for people: A, B and `B − A`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareCostRow {
    pub option: String,
    pub title: String,
    /// "recommended in A", "ruled out in B", …
    pub marks: Vec<String>,
    pub monthly: [String; 3],
    pub horizon: [String; 3],
}

/// What the comparison page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonView {
    /// "A: AWS KMS · B: AWS CloudHSM".
    pub headline: String,
    pub summary: String,
    pub sides: Vec<SideView>,
    pub answers: Vec<AnswerRow>,
    pub blocked: Vec<BlockedRow>,
    /// What B's choice costs against A's, in a sentence; `None` when either has no option.
    pub choice: Option<String>,
    pub costs: Vec<CompareCostRow>,
    /// Each state's horizon in months: A's, then B's.
    pub horizon: [u32; 2],
    pub share_url: String,
    /// The comparison's query with each state's canonical query, for its chart, record and JSON.
    pub query: String,
    /// The comparison with A and B swapped.
    pub swap_href: String,
    pub chart_title: String,
    pub chart_description: String,
    /// `(state: parameter, message)` for every malformed state or parameter; each took its default.
    pub errors: Vec<(String, String)>,
    pub rules_version: String,
}

/// The form for B, the query of A it carries, and the comparison of the states in `states` (A,
/// then B) with the errors of their query; `given` is the query as given, whose A the form
/// carries while it is malformed.
pub fn comparison_for(
    rules: &RuleSet,
    states: &[Inputs; 2],
    errors: Vec<StateError>,
    given: &StateQueries,
    today: chrono::NaiveDate,
) -> (FormView, String, ComparisonView) {
    let [a, b] = states;
    let of_b = errors
        .iter()
        .filter(|error| error.side == Side::B)
        .filter_map(|error| Some(InputError { parameter: error.parameter?, message: error.message.clone() }))
        .collect();
    let form = form_for(rules, b, of_b);
    let comparison = compare(rules, a, b);
    // A as its link has it, so the page is the same for every way of writing A (it is kept by
    // the state); as given while malformed, to keep showing what was wrong.
    let a_malformed = errors.iter().any(|error| error.side == Side::A);
    let carried = if a_malformed { given.a.clone() } else { state_query(a, &rules.version) };
    (form, carried, view_of(rules, &comparison, errors, today))
}

fn view_of(
    rules: &RuleSet,
    comparison: &Comparison,
    errors: Vec<StateError>,
    today: chrono::NaiveDate,
) -> ComparisonView {
    let differences = &comparison.differences;
    let (a, b) = (&comparison.a, &comparison.b);
    let sides = [(Side::A, a), (Side::B, b)];
    // The options either state shows (AWS Payment Cryptography where either has payment keys).
    let shown_in = [a.inputs.shown_options(), b.inputs.shown_options()];
    let shown = |option: KeyOption| shown_in.iter().any(|options| options.contains(&option));
    let chart = ComparisonChart::new(rules, comparison, today);
    // An option by its name; none as what it means.
    let led_to = |advice: &Advice| advice.recommendation.option.map_or("no option", |option| rules.title(option));
    let count = differences.answers.len();
    let summary = match (differences.recommendation, count) {
        (_, 0) => format!("The two states give the same answers: both lead to {}.", led_to(a)),
        (false, _) => format!(
            "Both states lead to {}; {count} of their answers {}{}.",
            led_to(a),
            if count == 1 { "differs" } else { "differ" },
            if differences.rule { ", and another rule decides" } else { "" }
        ),
        (true, _) => format!("The recommendation changes from {} in A to {} in B.", led_to(a), led_to(b)),
    };
    let query = comparison.share_url.trim_start_matches("/compare?").to_string();
    let shared = |advice: &Advice| advice.share_url.trim_start_matches("/?").to_string();
    ComparisonView {
        headline: format!("A: {} · B: {}", a.recommendation.title, b.recommendation.title),
        summary,
        sides: sides
            .iter()
            .map(|(side, advice)| {
                let decisive = advice.trace.iter().find(|step| step.decisive);
                let question = decisive.and_then(|step| rules.questions.iter().find(|q| q.id == step.question));
                SideView {
                    letter: side.letter(),
                    option: option_id(advice.recommendation.option).to_string(),
                    title: advice.recommendation.title.clone(),
                    summary: advice.recommendation.summary.clone(),
                    decided_by: decisive.map(|step| {
                        let question = question.map_or_else(|| "The default rule".to_string(), |q| q.title.clone());
                        (question, step.because.clone())
                    }),
                    ways_out: match advice.recommendation.option {
                        Some(_) => Vec::new(),
                        None => advice
                            .flips
                            .iter()
                            .filter(|flip| flip.option.is_some())
                            .map(|flip| flip_view(rules, flip, None))
                            .collect(),
                    },
                    advisor_href: advice.share_url.clone(),
                    answers: answer_lines(rules, &advice.inputs),
                    recommendation_differs: differences.recommendation,
                    rule_differs: differences.rule,
                    notice: advice.rules_notice.as_ref().map(|notice| {
                        let was = notice.advised_then(|option| rules.title(option));
                        format!(
                            "{}'s link was made under the rules of version {}{was}; it is shown under version {}.",
                            side.letter(),
                            notice.made_under,
                            notice.shown_under
                        )
                    }),
                }
            })
            .collect(),
        answers: differences
            .answers
            .iter()
            .map(|difference| {
                let words = |value: &Option<String>| {
                    value
                        .as_deref()
                        .map_or_else(|| "not given".to_string(), |value| rules.value_words(difference.parameter, value))
                };
                AnswerRow {
                    parameter: difference.parameter.to_string(),
                    label: rules
                        .parameter(difference.parameter)
                        .map_or_else(|| difference.parameter.to_string(), |p| p.label.clone()),
                    a: words(&difference.a),
                    b: words(&difference.b),
                }
            })
            .collect(),
        blocked: differences
            .blocked
            .iter()
            .filter(|difference| shown(difference.option))
            .map(|difference| {
                let why = |advice: &Advice| {
                    let blocks = advice.blocked.of(difference.option);
                    if blocks.is_empty() {
                        "not ruled out".to_string()
                    } else {
                        blocks.iter().map(|block| block.because.as_str()).collect::<Vec<_>>().join(" ")
                    }
                };
                BlockedRow {
                    option: difference.option.id().to_string(),
                    title: rules.title(difference.option).to_string(),
                    a: why(a),
                    b: why(b),
                }
            })
            .collect(),
        choice: differences
            .choice
            .map(|choice| choice.sentence(rules, [a.costs.horizon_months, b.costs.horizon_months])),
        costs: differences
            .costs
            .iter()
            .filter(|cost| shown(cost.option))
            .map(|cost| {
                let option = cost.option;
                let recommended = sides.map(|(_, advice)| advice.recommendation.option == Some(option));
                let ruled_out = sides.map(|(_, advice)| advice.blocked.rules_out(option));
                // "recommended in A", "ruled out in both", …
                let mark = |what: &str, [in_a, in_b]: [bool; 2]| match (in_a, in_b) {
                    (true, true) => Some(format!("{what} in both")),
                    (true, false) => Some(format!("{what} in A")),
                    (false, true) => Some(format!("{what} in B")),
                    (false, false) => None,
                };
                let marks = mark("recommended", recommended).into_iter().chain(mark("ruled out", ruled_out)).collect();
                let three = |change: &Change| {
                    [format::usd(change.a), format::usd(change.b), format::signed_usd(change.difference)]
                };
                CompareCostRow {
                    option: option.id().to_string(),
                    title: rules.title(option).to_string(),
                    marks,
                    monthly: three(&cost.monthly_usd),
                    horizon: three(&cost.horizon_usd),
                }
            })
            .collect(),
        horizon: [a.costs.horizon_months, b.costs.horizon_months],
        share_url: comparison.share_url.clone(),
        swap_href: format!("/compare?{}", StateQueries { a: shared(b), b: shared(a) }.to_query()),
        query,
        chart_title: chart.title,
        chart_description: chart.description,
        errors: errors
            .into_iter()
            .map(|error| {
                let parameter = match error.parameter {
                    Some(parameter) => format!("{}: {parameter}", error.side.parameter()),
                    None => error.side.parameter().to_string(),
                };
                (parameter, error.message)
            })
            .collect(),
        rules_version: a.ruleset.version.clone(),
    }
}
