//! From a reading to what a reader acts on: for each state, the advisor's link with the answers
//! the file sets, what was read, what was assumed, a link per finding, and links comparing the
//! states. The page, the API and the CLI all show this, so they give the same links.

use serde::Serialize;

use super::{ImportError, Reading, StateReading};
use crate::advice::{evaluate, state_query};
use crate::compare::StateQueries;
use crate::contract::{PARAMETERS, find};
use crate::costs::RequestKind;
use crate::export::option_id;
use crate::inputs::Inputs;
use crate::ruleset::RuleSet;

/// One file's import: what it is, and a state per Region (and per payment keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    /// The file's name as given.
    pub file: String,
    /// `terraform-plan`, `terraform-state`, `cost-and-usage-report` or `cur-2.0`.
    pub format: &'static str,
    /// The format in words.
    pub format_label: &'static str,
    /// A bill's month: `start` (its first day), `end` (the day after its last), and whether the
    /// file's rows reach its end.
    pub period: Option<PeriodRead>,
    pub states: Vec<ImportedState>,
    /// Each later state beside the first, when there are several.
    pub compare: Vec<CompareLink>,
    /// What a plan deletes, which is not counted.
    pub deleted: Vec<String>,
    /// Resources or rows of other kinds, skipped.
    pub skipped: u64,
    /// What holds for the whole file.
    pub notes: Vec<String>,
}

/// A bill's month, as [`super::Period`] with dates written `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodRead {
    pub start: String,
    pub end: String,
    pub complete: bool,
}

/// One state: the link to the advisor with the file's answers, and how each answer was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedState {
    /// The Region's code.
    pub region: String,
    /// `keys`, or `payment keys` for AWS Payment Cryptography keys.
    pub workload: &'static str,
    /// The advisor's path and query for these answers, naming the rules version (`/?…&rules=…`).
    pub link: String,
    /// The option these answers get (`none` when every option is ruled out), and its title.
    pub recommended: &'static str,
    pub recommended_title: String,
    /// The answers the file sets, in the contract's order.
    pub answers: Vec<Answer>,
    /// One line per resource or usage type read.
    pub read: Vec<String>,
    /// What the file cannot say, which keeps its default.
    pub assumed: Vec<Assumed>,
    /// What reads like a requirement, each with a link that also sets it.
    pub findings: Vec<FindingLink>,
}

/// A parameter and its canonical value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub parameter: &'static str,
    pub value: String,
}

/// A parameter the file does not give: the value it keeps, and why the file cannot give it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumed {
    pub parameter: &'static str,
    pub value: String,
    pub why: &'static str,
}

/// A finding and the link with it set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingLink {
    pub what: String,
    pub found_in: String,
    pub parameter: &'static str,
    pub value: &'static str,
    pub link: String,
}

/// Two states of the file side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareLink {
    /// Each state's Region (and workload), in words.
    pub a: String,
    pub b: String,
    /// The comparison's path and query (`/compare?a=…&b=…`).
    pub link: String,
}

/// `reading`, from the file named `file`, as links under `rules`.
///
/// # Errors
/// [`ImportError`] at a state's first resource or row when an answer is one the rules refuse:
/// a Region they do not have (with how to add it), or a figure out of the contract's bounds.
pub fn imported(rules: &RuleSet, file: &str, reading: &Reading) -> Result<Imported, ImportError> {
    let regions = rules.region_codes();
    let mut states = Vec::with_capacity(reading.states.len());
    let mut queries = Vec::with_capacity(reading.states.len());
    for state in &reading.states {
        let refused = |error: crate::InputError| {
            let message = if error.parameter == "region" {
                format!(
                    "the Region {} is not in the rules {}: `kms-hsm-advisor prices import` adds a Region's prices \
                     from AWS's price list files (docs/import.md)",
                    state.region, rules.version
                )
            } else {
                format!("{}: {}", error.parameter, error.message)
            };
            ImportError::new(state.first_at.clone(), message)
        };
        let answers = state.answers();
        let inputs = inputs_of(&answers, &[], &regions).map_err(refused)?;
        let query = state_query(&inputs, &rules.version);
        let advice = evaluate(rules, &inputs);
        let findings = state
            .findings
            .iter()
            .map(|finding| {
                let with = inputs_of(&answers, &[(finding.parameter, finding.value)], &regions).map_err(refused)?;
                Ok(FindingLink {
                    what: finding.what.clone(),
                    found_in: finding.found_in.clone(),
                    parameter: finding.parameter,
                    value: finding.value,
                    link: format!("/?{}", state_query(&with, &rules.version)),
                })
            })
            .collect::<Result<Vec<_>, ImportError>>()?;
        states.push(ImportedState {
            region: state.region.clone(),
            workload: if state.payment { "payment keys" } else { "keys" },
            link: format!("/?{query}"),
            recommended: option_id(advice.recommendation.option),
            recommended_title: advice.recommendation.title,
            answers: answers.iter().map(|(parameter, value)| Answer { parameter, value: value.clone() }).collect(),
            read: state.read.clone(),
            assumed: assumed(state, &inputs),
            findings,
        });
        queries.push(query);
    }
    let name = |state: &ImportedState| {
        if state.workload == "keys" { state.region.clone() } else { format!("{} ({})", state.region, state.workload) }
    };
    let compare = (1..states.len())
        .map(|index| CompareLink {
            a: name(&states[0]),
            b: name(&states[index]),
            link: format!("/compare?{}", StateQueries { a: queries[0].clone(), b: queries[index].clone() }.to_query()),
        })
        .collect();
    Ok(Imported {
        file: file.to_string(),
        format: reading.format.id(),
        format_label: reading.format.label(),
        period: reading.period.map(|period| PeriodRead {
            start: period.start.to_string(),
            end: period.end.to_string(),
            complete: period.complete,
        }),
        states,
        compare,
        deleted: reading.deleted.clone(),
        skipped: reading.skipped,
        notes: reading.notes.clone(),
    })
}

/// The state `answers` and `extra` make, read as a link would be.
fn inputs_of(
    answers: &[(&str, String)],
    extra: &[(&str, &str)],
    regions: &[&str],
) -> Result<Inputs, crate::InputError> {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (parameter, value) in answers {
        query.append_pair(parameter, value);
    }
    for (parameter, value) in extra {
        query.append_pair(parameter, value);
    }
    let (inputs, mut errors) = Inputs::from_query(&query.finish(), regions);
    if errors.is_empty() { Ok(inputs) } else { Err(errors.remove(0)) }
}

/// What `state` leaves to the defaults that bears on its advice, with the value each keeps.
fn assumed(state: &StateReading, inputs: &Inputs) -> Vec<Assumed> {
    const NO_REQUESTS: &str = "a plan says which keys exist, not how often they are used";
    const NO_PEAK: &str = "neither a plan nor a month's bill gives the busiest second";
    let mut wanted: Vec<(&'static str, &'static str)> = Vec::new();
    if state.payment {
        wanted.push((RequestKind::Payment.parameter(), NO_REQUESTS));
    } else {
        if state.requests.is_none() {
            wanted.push((RequestKind::Symmetric.parameter(), NO_REQUESTS));
            if state.signing_keys.is_some_and(|count| count > 0) {
                wanted.push((RequestKind::Rsa2048.parameter(), NO_REQUESTS));
                wanted.push((RequestKind::Asymmetric.parameter(), NO_REQUESTS));
            }
        }
        if state.hsms.is_none_or(|hsms| hsms == 0) {
            wanted.push(("hsms", "the file has no HSM: the CloudHSM options are priced with this cluster"));
        }
        if state.encrypting_keys.is_none() {
            wanted.push((
                "usage",
                "a bill does not tell key types apart; request kinds other than symmetric imply theirs",
            ));
        }
        if state.rotation.is_none() {
            wanted.push((
                "rotation",
                "a bill does not say which keys rotate; rotated key versions are in its key-months",
            ));
        }
        if state.multi_region.is_none() {
            wanted.push(("multi_region", "a bill does not say which keys are multi-Region"));
        }
    }
    wanted.push(("peak_ops", NO_PEAK));
    wanted
        .into_iter()
        .map(|(parameter, why)| {
            let value = if parameter == "usage" {
                inputs.members(parameter).join(",")
            } else {
                let given = inputs.get(parameter).and_then(|value| value.canonical().map(|text| text.into_owned()));
                given
                    .or_else(|| find(PARAMETERS, parameter).and_then(|p| p.default.canonical().map(|t| t.into_owned())))
                    .unwrap_or_default()
            };
            Assumed { parameter, value, why }
        })
        .collect()
}
