//! Two states side by side: the answers that differ, each state's recommendation and the rule
//! that decided it, the options ruled out in one state and not in the other, and every option's
//! costs in both with the difference. `/compare` shows it and `/api/v1/compare` returns it; each
//! state travels in the comparison's query as the query string of its own advisor link.

use serde::Serialize;

use super::advice::{Advice, evaluate};
use super::contract::{PARAMETERS, find};
use super::costs::KeyOption;
use super::format;
use super::inputs::Inputs;
use super::ruleset::RuleSet;

/// One of the two states: `a`, the one the comparison starts from, or `b`, the one changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    A,
    B,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::A, Side::B];

    /// The query parameter that carries the state: `a` or `b`.
    pub fn parameter(self) -> &'static str {
        match self {
            Side::A => "a",
            Side::B => "b",
        }
    }

    /// How people name it: `A` or `B`.
    pub fn letter(self) -> &'static str {
        match self {
            Side::A => "A",
            Side::B => "B",
        }
    }
}

/// The two states' query strings as a comparison's query gives them, before they are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateQueries {
    pub a: String,
    pub b: String,
}

impl StateQueries {
    /// Reads `a` and `b` from a comparison's query string (the last of a repeated one wins).
    /// Without `b`, the fields of the contract given beside `a` are returned apart: a browser
    /// without scripts submits B's form that way (the page sends it on to `b`); other readers
    /// ignore them.
    pub fn read(query: &str) -> (StateQueries, Option<String>) {
        let mut queries = StateQueries::default();
        let mut form = form_urlencoded::Serializer::new(String::new());
        let (mut given_b, mut fields) = (false, false);
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            match name.as_ref() {
                "a" => queries.a = value.into_owned(),
                "b" => {
                    queries.b = value.into_owned();
                    given_b = true;
                }
                field if find(PARAMETERS, field).is_some() => {
                    fields = true;
                    // An empty field is its default: the state is the same without it.
                    if !value.trim().is_empty() {
                        form.append_pair(field, &value);
                    }
                }
                _ => {}
            }
        }
        (queries, (fields && !given_b).then(|| form.finish()))
    }

    /// The comparison's query string: `a=…&b=…`, each state's query percent-encoded.
    pub fn to_query(&self) -> String {
        form_urlencoded::Serializer::new(String::new()).append_pair("a", &self.a).append_pair("b", &self.b).finish()
    }

    fn of(&self, side: Side) -> &str {
        match side {
            Side::A => &self.a,
            Side::B => &self.b,
        }
    }
}

/// A state of a comparison that is not what the contract allows: which one, the parameter in it
/// that is malformed (`None` when the state is not a query of the advisor at all) and what was
/// expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    pub side: Side,
    pub parameter: Option<&'static str>,
    pub message: String,
}

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.parameter {
            Some(parameter) => write!(f, "{}: {parameter}: {}", self.side.parameter(), self.message),
            None => write!(f, "{}: {}", self.side.parameter(), self.message),
        }
    }
}

impl std::error::Error for StateError {}

/// Both states of `queries`, read by the Region codes `regions` as the advisor page reads its
/// own query: every malformed parameter is reported with its side and takes its default.
pub fn read_states(queries: &StateQueries, regions: &[&str]) -> ([Inputs; 2], Vec<StateError>) {
    let mut errors = Vec::new();
    let states = Side::BOTH.map(|side| match state_query(queries.of(side)) {
        Ok(query) => {
            let (inputs, malformed) = Inputs::from_query(query, regions);
            errors.extend(malformed.into_iter().map(|error| StateError {
                side,
                parameter: Some(error.parameter),
                message: error.message,
            }));
            inputs
        }
        Err(message) => {
            errors.push(StateError { side, parameter: None, message });
            Inputs::default()
        }
    });
    (states, errors)
}

/// The query string a state is given as: itself, or a whole advisor link pasted in (its address
/// and fragment taken off). Anything else with no parameter of the contract is refused rather
/// than compared as the defaults: a doubly encoded query (`fips%3D3`) would be, silently.
fn state_query(given: &str) -> Result<&str, String> {
    let given = given.trim();
    // A link's address has no `=` before its `?`; a query's text values may hold a `?`.
    let query = given.split_once('?').filter(|(address, _)| !address.contains('=')).map_or(given, |(_, query)| query);
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    if given.is_empty() || form_urlencoded::parse(query.as_bytes()).any(|(name, _)| find(PARAMETERS, &name).is_some()) {
        Ok(query)
    } else {
        Err(format!(
            "expected the query string of an advisor link, such as fips=3&keys=10, or the link itself; found {}",
            format::quoted(given)
        ))
    }
}

/// Two states evaluated under the same rules, and what differs between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub a: Advice,
    pub b: Advice,
    pub differences: Differences,
    /// `/compare?a=…&b=…` with each state's share link query: the link to this comparison.
    pub share_url: String,
}

/// What differs between the two states; the costs of every option are there even when equal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Differences {
    /// The parameters whose values differ, in the contract's order. The rules version a link was
    /// made under is not an answer.
    pub answers: Vec<AnswerDifference>,
    /// The recommended options differ (one of them may be none).
    pub recommendation: bool,
    /// The rule that decided differs, or the step of its branch that chose.
    pub rule: bool,
    /// The options whose requirements that rule them out differ, in `KeyOption::ALL`'s order.
    pub blocked: Vec<BlockedDifference>,
    /// What B's recommendation costs against A's, each in its own state: the figure a reviewer
    /// weighs first. `None` when either state has no option left.
    pub choice: Option<ChoiceDifference>,
    /// Every option's costs in both states, in `KeyOption::ALL`'s order.
    pub costs: Vec<CostDifference>,
}

/// A parameter whose value differs: its canonical value in each state, `None` when it has none
/// (an override not given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerDifference {
    pub parameter: &'static str,
    pub a: Option<String>,
    pub b: Option<String>,
}

/// An option ruled out in one state and not in the other, or by other requirements: the ids of
/// the requirements that rule it out in each, empty where it is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockedDifference {
    pub option: KeyOption,
    pub a: Vec<String>,
    pub b: Vec<String>,
}

/// The recommended option of each state and what it costs there: `monthly_usd.a` is A's choice
/// in A's first month, `monthly_usd.b` B's choice in B's, and `difference` B's minus A's (USD);
/// `horizon_usd` the same over each state's own horizon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChoiceDifference {
    pub a: KeyOption,
    pub b: KeyOption,
    pub monthly_usd: Change,
    pub horizon_usd: Change,
}

impl ChoiceDifference {
    fn of(a: &Advice, b: &Advice) -> Option<ChoiceDifference> {
        let (option_a, option_b) = (a.recommendation.option?, b.recommendation.option?);
        Some(ChoiceDifference {
            a: option_a,
            b: option_b,
            monthly_usd: Change::new(a.costs.monthly_usd[option_a], b.costs.monthly_usd[option_b]),
            horizon_usd: Change::new(a.costs.horizon_usd[option_a], b.costs.horizon_usd[option_b]),
        })
    }

    /// The difference in a sentence: "B's choice, AWS CloudHSM, costs $2,125.66 more a month
    /// than A's, AWS KMS ($2,131.60 against $5.94), and $76,523.76 more over 36 months.";
    /// `months` is each state's horizon, A's then B's.
    pub fn sentence(&self, rules: &RuleSet, months: [u32; 2]) -> String {
        let (a, b) = (rules.title(self.a), rules.title(self.b));
        let same_option = self.a == self.b;
        let (monthly, horizon) = (self.monthly_usd, self.horizon_usd);
        let over = if months[0] == months[1] {
            format!("over {} months", months[0])
        } else {
            format!("over their horizons (A {} months, B {})", months[0], months[1])
        };
        let more_or_less = |difference: f64| if difference > 0.0 { "more" } else { "less" };
        if monthly.difference == 0.0 && horizon.difference == 0.0 {
            let subject = if same_option {
                format!("Both choose {a}, which costs")
            } else {
                format!("B's choice, {b}, costs as much as A's, {a}:")
            };
            return format!(
                "{subject} {} a month and {} {over} in both.",
                format::usd(monthly.a),
                format::usd(horizon.a)
            );
        }
        let choices =
            if same_option { format!("B's choice, {b} as in A, costs") } else { format!("B's choice, {b}, costs") };
        let first = if monthly.difference == 0.0 {
            format!("{choices} as much a month as A's ({})", format::usd(monthly.a))
        } else {
            let than = if same_option { "there".to_string() } else { format!("A's, {a}") };
            format!(
                "{choices} {} {} a month than {than} ({} against {})",
                format::usd(monthly.difference.abs()),
                more_or_less(monthly.difference),
                format::usd(monthly.b),
                format::usd(monthly.a)
            )
        };
        let second = if horizon.difference == 0.0 {
            format!("and as much {over}")
        } else {
            format!("and {} {} {over}", format::usd(horizon.difference.abs()), more_or_less(horizon.difference))
        };
        format!("{first}, {second}.")
    }
}

/// One option's cost in USD in both states: the first month's, and the cumulative cost over each
/// state's own horizon (`months`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostDifference {
    pub option: KeyOption,
    pub monthly_usd: Change,
    pub horizon_usd: Change,
}

/// A figure in USD in A and in B, and `b − a` to the cent: above zero when B costs more.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub a: f64,
    pub b: f64,
    pub difference: f64,
}

impl Change {
    fn new(a: f64, b: f64) -> Change {
        Change { a, b, difference: format::cents(b - a) }
    }
}

/// Evaluates `a` and `b` under `rules` and works out what differs.
pub fn compare(rules: &RuleSet, a: &Inputs, b: &Inputs) -> Comparison {
    let (a, b) = (evaluate(rules, a), evaluate(rules, b));
    let answers = a
        .inputs
        .contract()
        .iter()
        .filter(|p| p.is_state())
        .filter_map(|p| {
            let value = |advice: &Advice| advice.inputs.get(p.name).and_then(|v| v.canonical()).map(String::from);
            let (in_a, in_b) = (value(&a), value(&b));
            (in_a != in_b).then_some(AnswerDifference { parameter: p.name, a: in_a, b: in_b })
        })
        .collect();
    let requirements =
        |advice: &Advice, option| advice.blocked.of(option).iter().map(|block| block.requirement.clone()).collect();
    let blocked = KeyOption::ALL
        .into_iter()
        .map(|option| BlockedDifference { option, a: requirements(&a, option), b: requirements(&b, option) })
        .filter(|difference| difference.a != difference.b)
        .collect();
    let costs = KeyOption::ALL
        .into_iter()
        .map(|option| CostDifference {
            option,
            monthly_usd: Change::new(a.costs.monthly_usd[option], b.costs.monthly_usd[option]),
            horizon_usd: Change::new(a.costs.horizon_usd[option], b.costs.horizon_usd[option]),
        })
        .collect();
    let (ra, rb) = (&a.recommendation, &b.recommendation);
    let differences = Differences {
        answers,
        recommendation: ra.option != rb.option,
        rule: (&ra.rule, &ra.step) != (&rb.rule, &rb.step),
        blocked,
        choice: ChoiceDifference::of(&a, &b),
        costs,
    };
    let shared = StateQueries {
        a: a.share_url.trim_start_matches("/?").to_string(),
        b: b.share_url.trim_start_matches("/?").to_string(),
    };
    Comparison { share_url: format!("/compare?{}", shared.to_query()), a, b, differences }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states(query: &str) -> ([Inputs; 2], Vec<StateError>) {
        let rules = crate::ruleset::shipped();
        read_states(&StateQueries::read(query).0, &rules.region_codes())
    }

    #[test]
    fn each_state_is_a_query_or_a_link_and_the_form_fields_are_b() {
        let (queries, form) = StateQueries::read("a=keys%3D3%26fips%3D3&b=keys%3D4");
        assert_eq!((queries.a.as_str(), queries.b.as_str(), form), ("keys=3&fips=3", "keys=4", None));
        assert_eq!(queries.to_query(), "a=keys%3D3%26fips%3D3&b=keys%3D4");
        // Without scripts the form submits its fields beside `a`; empty fields are defaults.
        let (queries, form) = StateQueries::read("a=keys%3D3&fips=3&hsm_hourly=&theme=dark");
        assert_eq!((queries.a.as_str(), form.as_deref()), ("keys=3", Some("fips=3")));
        // A `b` given wins over fields beside it, which are no form then.
        let (queries, form) = StateQueries::read("a=keys%3D3&b=keys%3D3%26fips%3D3&rules=2026.11.28&keys=9");
        assert_eq!((queries.b.as_str(), form), ("keys=3&fips=3", None));

        let ([a, b], errors) = states("a=https%3A%2F%2Fadvisor.example%2F%3Fkeys%3D3%23recommendation&b=%3Fkeys%3D4");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!((a.keys(), b.keys()), (3, 4));
        // A question mark in a value is not a link's.
        assert_eq!(state_query("keys=3&rules=what?"), Ok("keys=3&rules=what?"));
        let ([a, b], errors) = states("");
        assert!(errors.is_empty());
        assert_eq!((a, b), (Inputs::default(), Inputs::default()));
    }

    #[test]
    fn a_malformed_state_or_parameter_names_its_side() {
        let (_, errors) = states("a=fips%253D3&b=keys%3Dlots%26months%3D0");
        let found: Vec<(Side, Option<&str>)> = errors.iter().map(|e| (e.side, e.parameter)).collect();
        assert_eq!(found, [(Side::A, None), (Side::B, Some("keys")), (Side::B, Some("months"))]);
        // A fragment alone is no state either.
        let (_, fragment) = states("a=%23keys%3D5&b=");
        assert_eq!(fragment.iter().map(|e| (e.side, e.parameter)).collect::<Vec<_>>(), [(Side::A, None)]);
        assert_eq!(
            errors[0].to_string(),
            "a: expected the query string of an advisor link, such as fips=3&keys=10, or the link itself; found \
             \"fips%3D3\""
        );
        assert!(errors[1].to_string().starts_with("b: keys: expected"), "{}", errors[1]);
    }

    #[test]
    fn differences_name_the_answers_the_outcome_and_the_costs() {
        let rules = crate::ruleset::shipped();
        let ([a, b], _) = states("a=keys%3D3&b=keys%3D3");
        let same = compare(&rules, &a, &b);
        assert!(same.differences.answers.is_empty() && same.differences.blocked.is_empty());
        assert!(!same.differences.recommendation && !same.differences.rule);
        assert!(same.differences.costs.iter().all(|c| c.monthly_usd.difference == 0.0));
        assert_eq!(same.differences.choice.map(|c| c.monthly_usd.difference), Some(0.0));
        assert_eq!(same.differences.costs.len(), KeyOption::ALL.len());

        let ([a, b], _) = states("a=keys%3D3&b=keys%3D3%26dedicated%3Dyes%26integration%3Dcustom");
        let changed = compare(&rules, &a, &b);
        let answers: Vec<_> = changed.differences.answers.iter().map(|d| d.parameter).collect();
        assert_eq!(answers, ["dedicated", "integration"]);
        assert_eq!(changed.differences.answers[0].a.as_deref(), Some("no"));
        assert_eq!(changed.b.recommendation.option, Some(KeyOption::Cloudhsm));
        assert!(changed.differences.recommendation && changed.differences.rule);
        let blocked: Vec<_> = changed.differences.blocked.iter().map(|d| (d.option, d.a.is_empty())).collect();
        assert!(blocked.contains(&(KeyOption::Kms, true)), "{blocked:?}");
        // Only an answer changed, and every option costs the same in both: the choices do not.
        let choice = changed.differences.choice.expect("both states recommend an option");
        assert_eq!((choice.a, choice.b), (KeyOption::Kms, KeyOption::Cloudhsm));
        let (kms_a, cloudhsm_b) =
            (changed.a.costs.monthly_usd[KeyOption::Kms], changed.b.costs.monthly_usd[KeyOption::Cloudhsm]);
        assert_eq!(choice.monthly_usd.difference, format::cents(cloudhsm_b - kms_a));
        assert!(choice.monthly_usd.difference > 2000.0, "{choice:?}");
        assert!(choice.horizon_usd.difference > choice.monthly_usd.difference);
        let sentence = choice.sentence(&rules, [36, 36]);
        assert!(sentence.starts_with("B's choice, AWS CloudHSM, costs $2,"), "{sentence}");
        assert!(sentence.contains(" more a month than A's, AWS KMS ($2,131.60 against $5.94), and $"), "{sentence}");
        assert!(sentence.ends_with(" more over 36 months."), "{sentence}");
        assert_eq!(
            same.differences.choice.unwrap().sentence(&rules, [36, 36]),
            "Both choose AWS KMS, which costs $5.94 a month and $213.84 over 36 months in both."
        );
        let ([a2, b2], _) = states("a=keys%3D3&b=keys%3D3%26custody%3Dexternal%26multi_region%3Dyes");
        assert_eq!(compare(&rules, &a2, &b2).differences.choice, None, "B has no option left");
        let cloudhsm = &changed.differences.costs[KeyOption::Cloudhsm.index()];
        assert_eq!(cloudhsm.monthly_usd.difference, format::cents(cloudhsm.monthly_usd.b - cloudhsm.monthly_usd.a));
        let version = &rules.version;
        assert_eq!(
            changed.share_url,
            format!(
                "/compare?{}",
                StateQueries {
                    a: format!("{}&rules={version}", a.to_query()),
                    b: format!("{}&rules={version}", b.to_query())
                }
                .to_query()
            )
        );
    }
}
