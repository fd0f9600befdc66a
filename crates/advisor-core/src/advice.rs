//! Evaluation: answers and workload in, recommendation out, with the trace of every rule, the
//! costs, the notes and what would change the answer.

use std::sync::Arc;

use serde::Serialize;

mod engine;
mod flips;
mod trace;

use self::engine::{Decision, Figures, all_hold};
use self::flips::flips;
pub use self::trace::{TraceEntry, TraceStatus};
use self::trace::{ruled_out, trace};
use super::contract::{Parameter, Section, Value};
use super::costs::{BreakEven, Breakdown, KeyOption, MonthlyCosts, PerOption, Projection, Steady};
use super::inputs::Inputs;
use super::matrix::{Evaluated, Matrix};
use super::ruleset::{Condition, Figure, Note, Outcome, RuleSet, RulesNotice, Touched, notice};
use super::sources::{self, SourcedFigure};
use super::throughput::QuotaCheck;

/// Everything the advisor says about one state, as the JSON API returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    pub recommendation: Recommendation,
    pub trace: Vec<TraceEntry>,
    /// The options a requirement rules out, each with why and where AWS says so.
    pub blocked: BlockedOptions,
    pub costs: Costs,
    /// Edition 2's figure: symmetric requests a month at which KMS and CloudHSM cost the same,
    /// whatever rules them out; `None` when the keys alone cost more than the cluster.
    pub break_even_requests_per_month: Option<f64>,
    /// Where the recommendation and an option not ruled out cost the same as the kind of
    /// request the workload makes most of grows; `None` when no such pair crosses (or no
    /// option is left). The page and the charts show this one.
    pub break_even: Option<BreakEven>,
    pub hsms_for_peak: u32,
    /// Each kind of request the keys make against its KMS quota, in requests a second.
    pub quotas: Vec<QuotaCheck>,
    /// The requirements the answers state that a note answers, each with how the recommended
    /// option meets it; none when no option is left.
    pub requirements: Vec<MetRequirement>,
    /// Facts worth knowing about this state and its option, beyond the requirements.
    pub notes: Vec<String>,
    /// The decision at a glance: each requirement stated or limit that applies against every
    /// option shown, met or ruling it out, with the reason and its source.
    pub matrix: Matrix,
    pub flips: Vec<Flip>,
    /// Every price, quota and compliance fact the result used, with its source and date.
    pub sources: Arc<[SourcedFigure]>,
    /// When the link names other rules than those in force: which, and what changed since.
    pub rules_notice: Option<RulesNotice>,
    pub inputs: Inputs,
    pub share_url: String,
    pub ruleset: RulesetInfo,
    /// The cost model's results behind `costs`, for the charts and exports of the same state.
    #[serde(skip)]
    pub projection: Projection,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// `None` when every option is ruled out; then `conflicts` says by what.
    pub option: Option<KeyOption>,
    /// The option's name, or what to do when there is none.
    pub title: String,
    /// The decisive rule.
    pub rule: Option<String>,
    /// The branch step that chose the option, when the rule handed over to a branch.
    pub step: Option<String>,
    pub summary: String,
    /// When no option is left: each option and the requirements that rule it out.
    pub conflicts: Vec<Conflict>,
}

/// An option no rule could choose, and the requirements that rule it out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub option: KeyOption,
    pub requirements: Vec<String>,
}

/// A requirement the answers state, and how the recommended option meets it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetRequirement {
    /// The parameter that states it, e.g. `fips`.
    pub parameter: &'static str,
    /// The requirement as the answers state it: "FIPS 140 level required: Level 3".
    pub stated: String,
    /// How the option meets it, and with what (a FIPS validation's standard, level and
    /// certificate).
    pub met: String,
    /// Where that is stated (NIST's record of a certificate, AWS's documentation).
    pub source: Option<String>,
}

/// Why a requirement rules an option out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub requirement: String,
    pub because: String,
    /// The AWS documentation that says so.
    pub source: String,
}

/// For each option, the requirements that rule it out (none for an option left in); as JSON, an
/// object from each ruled-out option's id to its blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockedOptions(pub PerOption<Vec<Block>>);

impl BlockedOptions {
    /// Why `option` is ruled out; empty when it is not.
    pub fn of(&self, option: KeyOption) -> &[Block] {
        self.0.get(option)
    }

    pub fn rules_out(&self, option: KeyOption) -> bool {
        !self.of(option).is_empty()
    }

    /// The options ruled out with why, in `KeyOption::ALL`'s order.
    pub fn iter(&self) -> impl Iterator<Item = (KeyOption, &[Block])> + '_ {
        self.0.iter().filter(|(_, blocks)| !blocks.is_empty()).map(|(option, blocks)| (option, blocks.as_slice()))
    }
}

impl Serialize for BlockedOptions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(option, blocks)| (option.id(), blocks)))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Costs {
    /// USD in the first month.
    pub monthly_usd: MonthlyCosts,
    /// USD over the first twelve months, with growth and rotation.
    pub yearly_usd: MonthlyCosts,
    /// Cumulative USD over `months`, with requests growing by `growth` percent a month.
    pub horizon_usd: MonthlyCosts,
    pub horizon_months: u32,
    /// The first month's bill of each option, line by line, adding up to `monthly_usd`.
    pub breakdown: Breakdown,
    /// When rotation is required: the first month from which its charges stop growing, and
    /// each option's bill then at the first month's volumes.
    pub steady: Option<Steady>,
    /// USD an HSM-hour, the Region's price or the override.
    pub hsm_hourly_usd: f64,
    /// Hours each HSM is billed in a month.
    pub hsm_hours: f64,
    /// HSMs the CloudHSM cost covers: those entered, or the count the peak needs if larger.
    pub hsms_priced: u32,
    /// CloudHSM key stores the key store cost covers, each with its own cluster.
    pub key_stores_priced: u32,
}

/// A change of one input that changes the recommendation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    /// The question whose rule decides the variant; `None` when no option is left.
    pub question: Option<String>,
    pub parameter: &'static str,
    /// The parameter's new value: another answer, a set with a member more or fewer, or a
    /// number (requests a month past the break-even, a raised KMS request quota in requests a
    /// second). In JSON, as the canonical query writes it.
    #[serde(serialize_with = "canonical")]
    pub value: Value,
    /// `None` when the change leaves no option.
    pub option: Option<KeyOption>,
    pub share_url: String,
}

impl Flip {
    /// Where the change leads, in words, `now` being the option advised now: the option's
    /// name; a raised quota that keeps it says so.
    pub fn outcome(&self, rules: &RuleSet, now: Option<KeyOption>) -> String {
        match self.option {
            Some(option) if self.option == now => {
                format!("{}, as now, with no increase to ask for", rules.title(option))
            }
            Some(option) => rules.title(option).to_string(),
            None => "no option meets every requirement".to_string(),
        }
    }
}

/// A value as the canonical query writes it (an absent one as `null`).
fn canonical<S: serde::Serializer>(value: &Value, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_some(&value.canonical())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesetInfo {
    pub version: String,
    pub sha256: String,
}

/// The link to `inputs`' state, naming the rules `version` it was made under.
fn share_url(inputs: &Inputs, version: &str) -> String {
    format!("/?{}", under_rules(&inputs.to_query(), version))
}

/// The query string of `inputs`' state as its link has it: the canonical query, then the rules
/// version the link names or, when it names none, `in_force`. A comparison carries a state this
/// way, so a link made under other rules keeps saying so.
pub fn state_query(inputs: &Inputs, in_force: &str) -> String {
    under_rules(&inputs.to_query(), inputs.rules_version().unwrap_or(in_force))
}

/// `query`, a state's query string (empty for every default), tagged with the rules `version`
/// it was made under, as every link the advisor writes is.
pub fn under_rules(query: &str, version: &str) -> String {
    let version: String = form_urlencoded::byte_serialize(version.as_bytes()).collect();
    match query {
        "" => format!("rules={version}"),
        query => format!("{query}&rules={version}"),
    }
}

/// What a chart of a state needs of its evaluation, without the words: the cost model, the
/// options ruled out, the recommendation and the break-even.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    pub projection: Projection,
    pub ruled_out: PerOption<bool>,
    pub recommended: Option<KeyOption>,
    pub break_even: Option<BreakEven>,
}

/// The [`Outlook`] of `inputs`: the requirements and rules decided as [`evaluate`] decides
/// them, nothing put into words.
pub fn outlook(rules: &RuleSet, inputs: &Inputs) -> Outlook {
    let projection = rules.projection(inputs);
    let figures = rules.figures(inputs, &projection.prices, &projection.usage, &projection.ongoing());
    let ruled_out = rules.ruled_out(inputs, &figures);
    let recommended = rules.decide(inputs, &figures, &ruled_out).option;
    let break_even = break_even(inputs, &projection, recommended, &ruled_out);
    Outlook { projection, ruled_out, recommended, break_even }
}

/// Where the recommendation meets an option shown and not ruled out, as the kind of request the
/// keys make most of grows.
fn break_even(
    inputs: &Inputs,
    projection: &Projection,
    recommended: Option<KeyOption>,
    ruled_out: &PerOption<bool>,
) -> Option<BreakEven> {
    let kind = projection.varied;
    let open: Vec<KeyOption> = inputs.shown_options().into_iter().filter(|&option| !ruled_out[option]).collect();
    projection.prices.break_even(&projection.usage, kind, recommended?, &open)
}

/// Evaluates every requirement and rule for `inputs` and explains the outcome; the cost model
/// runs once, and the result carries it for the charts and exports of the same state.
pub fn evaluate(rules: &RuleSet, inputs: &Inputs) -> Advice {
    let projection = rules.projection(inputs);
    let figures = rules.figures(inputs, &projection.prices, &projection.usage, &projection.ongoing());
    let blocked = rules.blocked(inputs, &figures);
    let ruled_out = blocked.0.map(|_, blocks| !blocks.is_empty());
    let decision = rules.decide(inputs, &figures, &ruled_out);
    let fired: Vec<&Note> =
        rules.notes.iter().filter(|note| all_hold(&note.when, inputs, &figures, decision.option)).collect();
    let notes =
        fired.iter().filter(|note| note.answers.is_none()).map(|note| rules.render(&note.text, inputs, &figures));
    let notes = notes.collect();
    let requirements: Vec<MetRequirement> = fired
        .iter()
        .filter_map(|note| {
            let parameter = note.answers?;
            let value = inputs.get(parameter)?.canonical()?;
            let label = rules.parameter(parameter).map_or(parameter, |p| p.label.as_str());
            Some(MetRequirement {
                parameter,
                stated: format!("{label}: {}", rules.value_words(parameter, &value)),
                met: rules.render(&note.text, inputs, &figures),
                source: note.source.as_ref().map(|source| rules.render(source, inputs, &figures)),
            })
        })
        .collect();
    let costs = Costs {
        monthly_usd: projection.monthly,
        yearly_usd: projection.first_year,
        horizon_usd: projection.horizon(),
        horizon_months: inputs.months(),
        breakdown: projection.breakdown.clone(),
        steady: projection.steady,
        hsm_hourly_usd: projection.prices.hsm_hourly_usd,
        hsm_hours: projection.usage.hsm_hours,
        hsms_priced: projection.usage.hsms_priced(),
        key_stores_priced: projection.usage.key_stores(1),
    };
    let recommendation = recommendation(rules, inputs, &figures, &decision, &blocked);
    let matrix = Evaluated {
        rules,
        inputs,
        blocked: &blocked,
        quotas: &figures.quotas,
        requirements: &requirements,
        recommended: decision.option,
    }
    .matrix();
    // Share links name the rules in force: for them, there is nothing to work out.
    let made_under = inputs.made_under(&rules.version);
    let rules_notice = made_under.and_then(|made_under| {
        let given = |p: &&Parameter| p.section != Section::Link && inputs.get(p.name) != Some(&p.default);
        let requirements = blocked.iter().flat_map(|(_, blocks)| blocks.iter().map(|b| b.requirement.as_str()));
        // An option ruled out touches the state through the requirement that rules it out, not
        // through every change that names the option.
        let decided = recommendation.rule.iter().chain(&recommendation.step).map(String::as_str);
        let holds = |when: &[Condition]| all_hold(when, inputs, &figures, decision.option);
        let touched = Touched {
            parameters: inputs.contract().iter().filter(given).map(|p| p.name).collect(),
            options: recommendation.option.into_iter().collect(),
            rules: decided.chain(requirements).chain(fired.iter().map(|note| note.id.as_str())).collect(),
            holds: &holds,
        };
        notice(&rules.changes, made_under, &touched)
    });
    Advice {
        recommendation,
        rules_notice,
        trace: trace(rules, inputs, &figures, &decision, &blocked),
        costs,
        break_even_requests_per_month: projection.break_even,
        break_even: break_even(inputs, &projection, decision.option, &ruled_out),
        hsms_for_peak: figures.get(Figure::HsmsForPeak) as u32,
        requirements,
        notes,
        matrix,
        flips: flips(
            rules,
            inputs,
            &figures,
            (&projection.prices, &projection.usage),
            (decision.option, decision.rule),
            projection.break_even,
        ),
        quotas: figures.quotas,
        sources: sources::used(rules, inputs),
        inputs: inputs.clone(),
        share_url: share_url(inputs, &rules.version),
        ruleset: RulesetInfo { version: rules.version.clone(), sha256: rules.sha256.clone() },
        blocked,
        projection,
    }
}

fn recommendation(
    rules: &RuleSet,
    inputs: &Inputs,
    figures: &Figures,
    decision: &Decision,
    blocked: &BlockedOptions,
) -> Recommendation {
    let (Some(option), Some(rule)) = (decision.option, decision.rule) else {
        let conflicts: Vec<Conflict> = blocked
            .iter()
            .map(|(option, blocks)| Conflict {
                option,
                requirements: blocks.iter().map(|b| b.requirement.clone()).collect(),
            })
            .collect();
        let summary = format!(
            "No AWS option meets every requirement. {} Relax one of them: the changes that would leave an option are listed below.",
            ruled_out(rules, &inputs.shown_options(), blocked)
        );
        return Recommendation {
            option: None,
            title: "No AWS option meets every requirement".to_string(),
            rule: None,
            step: None,
            summary,
            conflicts,
        };
    };
    let decisive = &rules.rules[rule];
    let (summary, step) = match (decisive.outcome, decision.step, &decisive.summary) {
        (Outcome::Branch(branch), Some(step), _) => {
            let step = &rules.branches[branch].steps[step];
            (&step.summary, Some(step.id.clone()))
        }
        (_, _, Some(summary)) => (summary, None),
        // Validation gives every option rule a summary.
        _ => (&decisive.explain, None),
    };
    Recommendation {
        option: Some(option),
        title: rules.title(option).to_string(),
        rule: Some(decisive.id.clone()),
        step,
        summary: rules.render(summary, inputs, figures),
        conflicts: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
