//! Evaluation: answers and workload in, recommendation out, with the trace of every rule, the
//! costs, the notes and what would change the answer.

use serde::Serialize;

use super::contract::{DEFAULT_REGION, Kind, Parameter, Value};
use super::costs::{KeyOption, MonthlyCosts, PriceSheet, Projection, Usage};
use super::inputs::Inputs;
use super::ruleset::condition::Operand;
use super::ruleset::{Condition, Figure, Outcome, Region, RuleSet, Template, TextFact};

/// Everything the advisor says about one state, as the JSON API returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    pub recommendation: Recommendation,
    pub trace: Vec<TraceEntry>,
    pub costs: Costs,
    /// `None` when the keys alone cost more than the cluster: no volume makes them equal.
    pub break_even_requests_per_month: Option<f64>,
    pub hsms_for_peak: u32,
    pub notes: Vec<String>,
    pub flips: Vec<Flip>,
    pub inputs: Inputs,
    pub share_url: String,
    pub ruleset: RulesetInfo,
    /// The cost model's results behind `costs`, for the charts and exports of the same state.
    #[serde(skip)]
    pub projection: Projection,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub option: KeyOption,
    pub title: &'static str,
    /// The decisive rule.
    pub rule: String,
    /// The branch step that chose the option, when the rule handed over to a branch.
    pub step: Option<String>,
    pub summary: String,
}

/// One rule as the engine considered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceEntry {
    pub rule: String,
    pub question: String,
    pub matched: bool,
    pub decisive: bool,
    pub because: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Costs {
    pub monthly_usd: MonthlyCosts,
    pub yearly_usd: MonthlyCosts,
    /// Cumulative over `months`, with requests growing by `growth` percent a month.
    pub horizon_usd: MonthlyCosts,
    pub horizon_months: u32,
    pub hsm_hourly_usd: f64,
}

/// A change of one input that changes the recommendation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    /// The question whose rule decides the variant.
    pub question: String,
    pub parameter: &'static str,
    pub value: String,
    pub option: KeyOption,
    pub share_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesetInfo {
    pub version: String,
    pub sha256: String,
}

/// The figures of one evaluation, indexed like `Figure::ALL`.
struct Figures([f64; Figure::ALL.len()]);

impl Figures {
    fn get(&self, figure: Figure) -> f64 {
        let index = Figure::ALL.iter().position(|&f| f == figure).unwrap_or(0);
        self.0[index]
    }
}

/// What was decided, before any of it is put into words.
struct Decision {
    option: KeyOption,
    rule: usize,
    step: Option<usize>,
    matched: Vec<bool>,
}

impl RuleSet {
    /// The Region of `inputs`, or the contract's default when these rules do not know it (a
    /// link made with other rules).
    fn region_of(&self, inputs: &Inputs) -> &Region {
        self.region(inputs.region()).or_else(|| self.region(DEFAULT_REGION)).unwrap_or(&self.regions[0])
    }

    /// The prices of `inputs`' Region, with the hourly override applied.
    pub fn price_sheet(&self, inputs: &Inputs) -> PriceSheet {
        let prices = &self.prices;
        PriceSheet {
            kms_key_month_usd: prices.kms_key_month_usd.value,
            kms_usd_per_10k_requests: prices.kms_requests[0].usd_per_10k.value,
            kms_free_requests: prices.kms_free_requests.value,
            hsm_hourly_usd: inputs.hsm_hourly().unwrap_or(self.region_of(inputs).cloudhsm_hourly_usd.value),
            hours_per_month: prices.hours_per_month.value,
            key_store_min_hsms: prices.key_store_min_hsms.value,
        }
    }

    /// What the cost model says of `inputs`.
    pub fn projection(&self, inputs: &Inputs) -> Projection {
        Projection::new(self.price_sheet(inputs), usage_of(inputs), inputs.growth(), inputs.months())
    }

    /// The figures rules compare, with `sheet` and `monthly` the prices and month-1 costs of
    /// `inputs`.
    fn figures(&self, inputs: &Inputs, sheet: &PriceSheet, monthly: &MonthlyCosts) -> Figures {
        let quota = self.region_of(inputs).kms_symmetric_quota.value;
        Figures(Figure::ALL.map(|figure| match figure {
            Figure::PeakOps => inputs.peak_ops(),
            Figure::Keys => inputs.keys() as f64,
            Figure::Requests => inputs.requests(),
            Figure::Hsms => f64::from(inputs.hsms()),
            Figure::RequiredFipsLevel => f64::from(inputs.required_fips_level()),
            Figure::KmsFipsLevel => f64::from(self.compliance.kms.level),
            Figure::CloudhsmFipsLevel => f64::from(self.compliance.cloudhsm.level),
            Figure::KmsQuota => quota,
            Figure::KeyStoreQuota => self.key_store_quota.value,
            Figure::PeakShareOfKmsQuota => inputs.peak_ops() / quota,
            Figure::HsmsForPeak => f64::from(self.hsms_for_peak(inputs.peak_ops())),
            Figure::HsmHourlyUsd => sheet.hsm_hourly_usd,
            Figure::KmsMonthlyUsd => monthly.kms,
            Figure::CloudhsmMonthlyUsd => monthly.cloudhsm,
            Figure::CustomKeyStoreMonthlyUsd => monthly.custom_key_store,
        }))
    }

    fn decide(&self, inputs: &Inputs, figures: &Figures) -> Decision {
        let matched: Vec<bool> = self.rules.iter().map(|rule| all_hold(&rule.when, inputs, figures, None)).collect();
        // Validation guarantees the last rule is unconditional, so some rule matches.
        let rule = matched.iter().position(|&m| m).unwrap_or(self.rules.len() - 1);
        let (option, step) = match self.rules[rule].outcome {
            Outcome::Option(option) => (option, None),
            Outcome::Branch(branch) => {
                let steps = &self.branches[branch].steps;
                let step =
                    steps.iter().position(|s| all_hold(&s.when, inputs, figures, None)).unwrap_or(steps.len() - 1);
                (steps[step].option, Some(step))
            }
        };
        Decision { option, rule, step, matched }
    }

    fn fact(&self, fact: TextFact, inputs: &Inputs) -> String {
        let c = &self.compliance;
        match fact {
            TextFact::KmsFips => c.kms.standard_and_level(),
            TextFact::KmsFipsCertificate => c.kms.certificate.clone(),
            TextFact::CloudhsmFips => c.cloudhsm.standard_and_level(),
            TextFact::CloudhsmFipsCertificate => c.cloudhsm.certificate.clone(),
            TextFact::CloudhsmHardware => c.cloudhsm.hardware.clone(),
            TextFact::CloudhsmPreviousHardware => c.cloudhsm_previous.hardware.clone(),
            TextFact::Region => self.region_of(inputs).code.clone(),
            TextFact::RegionName => self.region_of(inputs).name.clone(),
        }
    }

    fn render(&self, template: &Template, inputs: &Inputs, figures: &Figures) -> String {
        template.render(|figure| figure.show(figures.get(figure)), |fact| self.fact(fact, inputs))
    }

    /// The label of an answer as the framework words it.
    fn answer_label(&self, parameter: &str, answer: &str) -> String {
        self.parameter(parameter)
            .and_then(|p| p.answers.iter().find(|(value, _)| value == answer))
            .map_or_else(|| answer.to_string(), |(_, label)| label.clone())
    }

    /// Why a rule did not match: its first clause that does not hold, in words.
    fn why_not(&self, when: &[Condition], inputs: &Inputs, figures: &Figures) -> String {
        let Some(clause) = when.iter().find(|c| !holds(c, inputs, figures, None)) else {
            return String::new();
        };
        match *clause {
            Condition::Answer { parameter, answer, equal } => {
                let label = self.parameter(parameter).map_or(parameter, |p| p.label.as_str());
                let actual = self.answer_label(parameter, inputs.answer(parameter));
                if equal {
                    format!(
                        "Does not apply: {label} is “{actual}”; this rule needs “{}”.",
                        self.answer_label(parameter, answer)
                    )
                } else {
                    format!("Does not apply: {label} is “{actual}”, which this rule excludes.")
                }
            }
            Condition::Compare { left, comparison, right } => {
                let right = match right {
                    Operand::Figure(figure) => {
                        format!("{} ({})", figure.label(), figure.show(figures.get(figure)))
                    }
                    Operand::Number(number) => left.show(number),
                };
                let left_shown = left.show(figures.get(left));
                format!(
                    "Does not apply: {} ({left_shown}) {} {right}.",
                    capitalized(left.label()),
                    comparison.words(false)
                )
            }
            Condition::Recommended { .. } => String::new(),
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn usage_of(inputs: &Inputs) -> Usage {
    Usage { keys: inputs.keys(), requests: inputs.requests(), hsms: inputs.hsms() }
}

fn holds(condition: &Condition, inputs: &Inputs, figures: &Figures, option: Option<KeyOption>) -> bool {
    match *condition {
        Condition::Answer { parameter, answer, equal } => (inputs.answer(parameter) == answer) == equal,
        Condition::Recommended { option: wanted, equal } => option.is_some_and(|o| (o == wanted) == equal),
        Condition::Compare { left, comparison, right } => {
            let right = match right {
                Operand::Figure(figure) => figures.get(figure),
                Operand::Number(number) => number,
            };
            comparison.holds(figures.get(left), right)
        }
    }
}

fn all_hold(when: &[Condition], inputs: &Inputs, figures: &Figures, option: Option<KeyOption>) -> bool {
    when.iter().all(|condition| holds(condition, inputs, figures, option))
}

fn share_url(inputs: &Inputs) -> String {
    format!("/?{}", inputs.to_query())
}

/// Evaluates every rule for `inputs` and explains the outcome; the cost model runs once, and
/// the result carries it for the charts and exports of the same state.
pub fn evaluate(rules: &RuleSet, inputs: &Inputs) -> Advice {
    let projection = rules.projection(inputs);
    let figures = rules.figures(inputs, &projection.prices, &projection.monthly);
    let decision = rules.decide(inputs, &figures);
    let notes = rules
        .notes
        .iter()
        .filter(|note| all_hold(&note.when, inputs, &figures, Some(decision.option)))
        .map(|note| rules.render(&note.text, inputs, &figures))
        .collect();
    let costs = Costs {
        monthly_usd: projection.monthly,
        yearly_usd: projection.yearly(),
        horizon_usd: projection.horizon(),
        horizon_months: inputs.months(),
        hsm_hourly_usd: projection.prices.hsm_hourly_usd,
    };
    Advice {
        recommendation: recommendation(rules, inputs, &figures, &decision),
        trace: trace(rules, inputs, &figures, &decision),
        costs,
        break_even_requests_per_month: projection.break_even,
        hsms_for_peak: figures.get(Figure::HsmsForPeak) as u32,
        notes,
        flips: flips(rules, inputs, decision.option, projection.break_even),
        inputs: inputs.clone(),
        share_url: share_url(inputs),
        ruleset: RulesetInfo { version: rules.version.clone(), sha256: rules.sha256.clone() },
        projection,
    }
}

/// Every rule in order: whether it matched, and why in words; the decisive rule's reason ends
/// with its branch step's.
fn trace(rules: &RuleSet, inputs: &Inputs, figures: &Figures, decision: &Decision) -> Vec<TraceEntry> {
    rules
        .rules
        .iter()
        .zip(&decision.matched)
        .enumerate()
        .map(|(index, (rule, &matched))| {
            let decisive = index == decision.rule;
            let mut because = if matched {
                rules.render(&rule.explain, inputs, figures)
            } else {
                rules.why_not(&rule.when, inputs, figures)
            };
            if let (true, Outcome::Branch(branch), Some(step)) = (decisive, rule.outcome, decision.step) {
                because.push(' ');
                because.push_str(&rules.render(&rules.branches[branch].steps[step].explain, inputs, figures));
            }
            TraceEntry { rule: rule.id.clone(), question: rule.question.clone(), matched, decisive, because }
        })
        .collect()
}

fn recommendation(rules: &RuleSet, inputs: &Inputs, figures: &Figures, decision: &Decision) -> Recommendation {
    let decisive = &rules.rules[decision.rule];
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
        option: decision.option,
        title: decision.option.title(),
        rule: decisive.id.clone(),
        step,
        summary: rules.render(summary, inputs, figures),
    }
}

/// Every other answer that changes the recommendation, then the request volume past the
/// break-even point if crossing it changes the recommendation too.
fn flips(rules: &RuleSet, inputs: &Inputs, option: KeyOption, break_even: Option<f64>) -> Vec<Flip> {
    let mut flips = Vec::new();
    let mut push = |parameter: &'static str, variant: Inputs, value: String| {
        let sheet = rules.price_sheet(&variant);
        let monthly = sheet.monthly(usage_of(&variant));
        let decision = rules.decide(&variant, &rules.figures(&variant, &sheet, &monthly));
        if decision.option != option {
            flips.push(Flip {
                question: rules.rules[decision.rule].question.clone(),
                parameter,
                value,
                option: decision.option,
                share_url: share_url(&variant),
            });
        }
    };
    for parameter in inputs.contract() {
        for value in other_answers(inputs, parameter) {
            if let Some(text) = value.canonical().map(String::from)
                && let Some(variant) = inputs.with(parameter.name, value)
            {
                push(parameter.name, variant, text);
            }
        }
    }
    if let Some(volume) = break_even {
        // Just past the break-even point on the other side of it.
        let requests = if inputs.requests() <= volume { (volume * 1.01).ceil() } else { (volume * 0.99).floor() };
        if let Some(variant) = inputs.with("requests", Value::Number(requests)) {
            push("requests", variant, requests.to_string());
        }
    }
    flips
}

/// The values one step away from `inputs`' value of `parameter`: every other answer of a
/// choice; a set with one member more or one fewer (never none). Nothing for other kinds.
fn other_answers(inputs: &Inputs, parameter: &Parameter) -> Vec<Value> {
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
        Kind::Integer { .. } | Kind::Number { .. } | Kind::Region => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
