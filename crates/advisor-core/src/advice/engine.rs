//! The engine: the figures rules compare, which requirements rule options out, and which rule
//! decides. Nothing here is put into words for people but the sentences the rules carry.

use super::{Block, BlockedOptions};
use crate::contract::{DEFAULT_REGION, KMS_API};
use crate::costs::{KeyLimits, KeyOption, PerOption, PriceSheet, Projection, RequestKind, Usage};
use crate::format;
use crate::inputs::Inputs;
use crate::ruleset::condition::{Comparison, Operand, Unit};
use crate::ruleset::{Condition, Figure, Outcome, Region, Requirement, RuleSet, Template, TextFact};
use crate::throughput::QuotaCheck;

mod figures;

use self::figures::key_store_load;

/// The figures of one evaluation, indexed like `Figure::ALL`, and each kind of request against
/// its quota.
pub(super) struct Figures {
    values: [f64; Figure::ALL.len()],
    pub quotas: Vec<QuotaCheck>,
}

impl Figures {
    pub(super) fn get(&self, figure: Figure) -> f64 {
        // `Figure::ALL` lists the figures in their declared order (a test holds it to that), so
        // a figure's discriminant is its index; rules name only figures it lists. Every clause
        // of every rule reads one.
        self.values[figure as usize]
    }
}

/// For each option, whether a requirement rules it out: what deciding needs of the full
/// account of why.
pub(super) type RuledOut = PerOption<bool>;

/// How the engine took one rule.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RuleStatus {
    /// Its clauses do not all hold.
    NotMatched,
    /// Its clauses hold, but every option it would choose is ruled out by a requirement.
    Blocked(Vec<KeyOption>),
    /// The first rule that holds with an option not ruled out: it chooses.
    Decides,
    /// Its clauses hold, but a rule before it chose.
    Applies,
}

/// What was decided, before any of it is put into words.
pub(super) struct Decision {
    /// `None` when no rule could choose an option that is not ruled out.
    pub option: Option<KeyOption>,
    /// The deciding rule and, when it handed over to a branch, the step that chose.
    pub rule: Option<usize>,
    pub step: Option<usize>,
    /// For each rule, in order.
    pub statuses: Vec<RuleStatus>,
    /// Options a branch passed over because a requirement rules them out, before it chose.
    pub passed_over: Vec<KeyOption>,
}

impl RuleSet {
    /// The Region of `inputs`, or the contract's default when these rules do not know it (a
    /// link made with other rules).
    pub fn region_of(&self, inputs: &Inputs) -> &Region {
        self.region(inputs.region()).or_else(|| self.region(DEFAULT_REGION)).unwrap_or(&self.regions[0])
    }

    /// The prices of `inputs`' Region, with the hourly override applied.
    pub fn price_sheet(&self, inputs: &Inputs) -> PriceSheet {
        let prices = &self.prices;
        let region = self.region_of(inputs);
        PriceSheet {
            key_month_usd: self.kms_key_month(region).value,
            rotation_usd: prices.rotation_usd.value,
            charged_rotations: prices.charged_rotations.value,
            usd_per_10k: RequestKind::ALL.map(|kind| self.request_price(region, kind).value),
            free_requests: prices.kms_free_requests.value,
            hsm_hourly_usd: inputs.hsm_hourly().unwrap_or(self.hsm_hourly(region).value),
            key_store_min_hsms: prices.key_store_min_hsms.value,
            payment_key_month_usd: prices.payment_key_month_usd.value,
        }
    }

    /// What is billed for `inputs`: its workload, and the HSMs and key stores its peak needs.
    /// A peak spread over key stores needs one store per 1,800 requests a second (each with its
    /// own cluster); a peak that cannot be spread is served by one store, or ruled out.
    pub fn usage(&self, inputs: &Inputs) -> Usage {
        let spread = inputs.answer("shardable") == "yes";
        let requests = RequestKind::ALL.map(|kind| inputs.requests_of(kind));
        let limits = &self.limits;
        Usage {
            keys: inputs.keys(),
            signing_keys: inputs.signing_keys(),
            hmac_keys: inputs.hmac_keys(),
            multi_region: inputs.answer("multi_region") == "yes",
            encrypts: inputs.has("usage", "encrypt") || inputs.has("usage", "keypair"),
            requests,
            hsms: inputs.hsms(),
            hsms_for_peak: self.hsms_for_peak(inputs.peak_ops()),
            key_stores_for_peak: if spread {
                self.key_stores_for_peak(key_store_load(inputs.peak_ops(), &requests))
            } else {
                1
            },
            hsm_hours: inputs.hsm_hours(),
            rotation_days: inputs.rotation_days(),
            external_usd: inputs.external_usd(),
            service_share: inputs.service_share().map(|percent| percent / 100.0),
            limits: KeyLimits {
                cluster_keys: limits.cluster_max_keys.value,
                cluster_asymmetric_keys: limits.cluster_max_asymmetric_keys.value,
                on_demand_rotations: limits.on_demand_rotations.value as u64,
            },
        }
    }

    /// What the cost model says of `inputs`.
    pub fn projection(&self, inputs: &Inputs) -> Projection {
        let mut projection =
            Projection::new(self.price_sheet(inputs), self.usage(inputs), inputs.growth(), inputs.months());
        projection.varied = PriceSheet::deciding_kind(&projection.usage, &inputs.request_kinds());
        projection
    }

    /// Each option and the requirements that rule it out, in the order of `KeyOption::ALL`;
    /// options nothing rules out are left out.
    pub(super) fn blocked(&self, inputs: &Inputs, figures: &Figures) -> BlockedOptions {
        let holding: Vec<&Requirement> =
            self.requirements.iter().filter(|r| all_hold(&r.when, inputs, figures, None)).collect();
        BlockedOptions(PerOption::from_fn(|option| {
            holding
                .iter()
                .filter(|r| r.blocks.contains(&option))
                .map(|r| Block {
                    requirement: r.id.clone(),
                    because: self.render(&r.because, inputs, figures),
                    source: r.source.clone(),
                })
                .collect()
        }))
    }

    /// Which options a requirement rules out, in the order of `KeyOption::ALL`: what deciding
    /// needs, without the sentences that say why.
    pub(super) fn ruled_out(&self, inputs: &Inputs, figures: &Figures) -> RuledOut {
        let mut ruled_out = RuledOut::default();
        for requirement in self.requirements.iter().filter(|r| all_hold(&r.when, inputs, figures, None)) {
            for &option in &requirement.blocks {
                ruled_out[option] = true;
            }
        }
        ruled_out
    }

    /// The rules in order: the first that holds with an option not ruled out chooses.
    pub(super) fn decide(&self, inputs: &Inputs, figures: &Figures, blocked: &RuledOut) -> Decision {
        let statuses = Vec::with_capacity(self.rules.len());
        let mut decision = Decision { option: None, rule: None, step: None, statuses, passed_over: Vec::new() };
        for (index, rule) in self.rules.iter().enumerate() {
            let status = if !all_hold(&rule.when, inputs, figures, None) {
                RuleStatus::NotMatched
            } else if decision.option.is_some() {
                RuleStatus::Applies
            } else {
                match self.choice(rule.outcome, inputs, figures, blocked) {
                    Ok((option, step, passed_over)) => {
                        (decision.option, decision.rule, decision.step) = (Some(option), Some(index), step);
                        decision.passed_over = passed_over;
                        RuleStatus::Decides
                    }
                    Err(ruled_out) => RuleStatus::Blocked(ruled_out),
                }
            };
            decision.statuses.push(status);
        }
        decision
    }

    /// The option a rule that holds would choose: its own, or the first step of its branch that
    /// holds with an option not ruled out, with the options passed over on the way. `Err` with
    /// the options it would have chosen when every one is ruled out.
    fn choice(
        &self,
        outcome: Outcome,
        inputs: &Inputs,
        figures: &Figures,
        blocked: &RuledOut,
    ) -> Result<(KeyOption, Option<usize>, Vec<KeyOption>), Vec<KeyOption>> {
        let mut passed_over = Vec::new();
        let steps: Vec<(Option<usize>, KeyOption)> = match outcome {
            Outcome::Option(option) => vec![(None, option)],
            Outcome::Branch(branch) => self.branches[branch]
                .steps
                .iter()
                .enumerate()
                .filter(|(_, step)| all_hold(&step.when, inputs, figures, None))
                .map(|(index, step)| (Some(index), step.option))
                .collect(),
        };
        for (step, option) in steps {
            if !blocked[option] {
                return Ok((option, step, passed_over));
            }
            if !passed_over.contains(&option) {
                passed_over.push(option);
            }
        }
        Err(passed_over)
    }

    fn fact(&self, fact: TextFact, inputs: &Inputs, figures: &Figures) -> String {
        let over = || figures.quotas.iter().filter(|check| check.over);
        let c = &self.compliance;
        match fact {
            TextFact::KmsFips => c.kms.standard_and_level(),
            TextFact::KmsFipsCertificate => c.kms.certificate.clone(),
            TextFact::CloudhsmFips => c.cloudhsm.standard_and_level(),
            TextFact::CloudhsmFipsCertificate => c.cloudhsm.certificate.clone(),
            TextFact::KmsFipsRecord => c.kms.record(),
            TextFact::CloudhsmFipsRecord => c.cloudhsm.record(),
            TextFact::CloudhsmHardware => c.cloudhsm.hardware.clone(),
            TextFact::CloudhsmPreviousHardware => c.cloudhsm_previous.hardware.clone(),
            TextFact::Region => self.region_of(inputs).code.clone(),
            TextFact::RegionName => self.region_of(inputs).name.clone(),
            TextFact::OverQuota => over().map(|check| check.words(self)).collect::<Vec<_>>().join("; "),
            TextFact::QuotaIncrease => over().map(QuotaCheck::increase).collect::<Vec<_>>().join(" and "),
            TextFact::BusiestQuota => figures
                .quotas
                .iter()
                .max_by(|a, b| (a.load / a.quota).total_cmp(&(b.load / b.quota)))
                .map(|check| format!("“{}” ({}/s)", check.quota_name, format::count(check.quota)))
                .unwrap_or_default(),
            TextFact::HsmInterfaces => self.members_in_words(inputs, "interface", KMS_API),
        }
    }

    /// The members of the set `name` but `except`, by their answers' labels up to any
    /// parenthesis ("PKCS#11 and JCE").
    fn members_in_words(&self, inputs: &Inputs, name: &str, except: &str) -> String {
        let words: Vec<String> = inputs
            .members(name)
            .iter()
            .filter(|&&member| member != except)
            .map(|member| {
                let label = self.answer_label(name, member);
                label.split(" (").next().unwrap_or(&label).to_string()
            })
            .collect();
        format::and_list(&words)
    }

    pub(super) fn render(&self, template: &Template, inputs: &Inputs, figures: &Figures) -> String {
        template.render(|figure| figure.show(figures.get(figure)), |fact| self.fact(fact, inputs, figures))
    }

    /// Why a rule did not match: its first clause that does not hold, in words.
    pub(super) fn why_not(&self, when: &[Condition], inputs: &Inputs, figures: &Figures) -> String {
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
            // "kinds over their quota > 0" reads best as what there is none of.
            Condition::Compare { left, comparison: Comparison::Above, right: Operand::Number(zero) }
                if zero == 0.0 && figures.get(left) == 0.0 && left.unit() == Unit::Count =>
            {
                format!("Does not apply: there are no {}.", left.label().trim_start_matches("the "))
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
            Condition::Member { parameter, member, has } => {
                let label = self.parameter(parameter).map_or(parameter, |p| p.label.as_str());
                let member = self.answer_label(parameter, member);
                let verb = if has { "does not include" } else { "includes" };
                format!("Does not apply: {label} {verb} “{member}”.")
            }
            Condition::Recommended { .. } => String::new(),
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

pub(super) fn holds(condition: &Condition, inputs: &Inputs, figures: &Figures, option: Option<KeyOption>) -> bool {
    match *condition {
        Condition::Answer { parameter, answer, equal } => (inputs.answer(parameter) == answer) == equal,
        Condition::Member { parameter, member, has } => inputs.has(parameter, member) == has,
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

pub(super) fn all_hold(when: &[Condition], inputs: &Inputs, figures: &Figures, option: Option<KeyOption>) -> bool {
    when.iter().all(|condition| holds(condition, inputs, figures, option))
}
