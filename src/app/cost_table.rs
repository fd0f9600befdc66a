//! The cost table as the page and the card show it: one row per group of options that cost the
//! same, with what each first month is made of, and the capacity the peak needs.

use advisor_core::advice::Advice;
use advisor_core::costs::{KeyOption, Steady, equal_groups};
use advisor_core::{Inputs, RuleSet, breakdown, format};

/// One option's name in the cost table, with what the advice says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionLabel {
    pub title: String,
    pub recommended: bool,
    pub ruled_out: bool,
    /// What its figure leaves out, and where to enter it: the external key store's own key
    /// manager and proxy, until their cost is given.
    pub note: Option<String>,
}

/// One line of an option's first-month bill, already written for people.
#[derive(Debug, Clone, PartialEq)]
pub struct BillLine {
    pub label: String,
    pub detail: String,
    pub usd: String,
}

/// One option's costs, already written for people.
#[derive(Debug, Clone, PartialEq)]
pub struct CostRow {
    /// The ids of the options whose costs are these, space-separated.
    pub option: String,
    pub titles: Vec<OptionLabel>,
    /// The first month.
    pub monthly: String,
    /// The month from which rotation charges stop rising, when rotation is required.
    pub steady: Option<String>,
    /// The first twelve months.
    pub yearly: String,
    pub horizon: String,
    /// What the first month's figure is made of.
    pub bill: Vec<BillLine>,
}

/// The month from which rotation charges stop rising, when it falls within the horizon: the
/// table shows it beside the first month.
pub(super) fn shown_steady(advice: &Advice) -> Option<Steady> {
    advice.costs.steady.filter(|steady| steady.month <= advice.costs.horizon_months)
}

/// One row per group of options whose bills are the same line by line (KMS with its own or
/// with imported key material, often): a month, the steady month, a year and the horizon, in
/// dollars and cents, and what the month is made of.
pub(super) fn cost_rows(rules: &RuleSet, advice: &Advice) -> Vec<CostRow> {
    let costs = &advice.costs;
    let steady = shown_steady(advice);
    let figures = |option| {
        // Whether a bill still rises sets a row apart as much as its figures.
        let steady = steady.map(|steady| [steady.monthly.of(option), f64::from(u8::from(steady.rising[option]))]);
        let lines = costs.breakdown.get(option).iter().map(|line| line.usd);
        [costs.monthly_usd.of(option), costs.yearly_usd.of(option), costs.horizon_usd.of(option)]
            .into_iter()
            .chain(steady.into_iter().flatten())
            .chain(lines)
            .collect()
    };
    equal_groups(&advice.inputs.shown_options(), figures)
        .into_iter()
        .map(|group| {
            let first = group[0];
            CostRow {
                option: group.iter().map(|o| o.id()).collect::<Vec<_>>().join(" "),
                titles: group
                    .iter()
                    .map(|&option| OptionLabel {
                        title: rules.title(option).to_string(),
                        recommended: advice.recommendation.option == Some(option),
                        ruled_out: advice.blocked.rules_out(option),
                        note: left_out(rules, advice, option),
                    })
                    .collect(),
                monthly: format::usd(costs.monthly_usd.of(first)),
                // Kept keys add to a bill after rotation by hand, with no cap.
                steady: steady.map(|steady| match steady.settled(first) {
                    Some(usd) => format::usd(usd),
                    None => format!("{} and rising", format::usd(steady.monthly.of(first))),
                }),
                yearly: format::usd(costs.yearly_usd.of(first)),
                horizon: format::usd(costs.horizon_usd.of(first)),
                // In words only for the rows shown.
                bill: breakdown::explained(rules, advice, first)
                    .into_iter()
                    .map(|line| BillLine { label: line.label, detail: line.detail, usd: format::usd(line.usd) })
                    .collect(),
            }
        })
        .collect()
}

/// What `option`'s figure leaves out, said where the figure is: an external key store's bill
/// has no key manager or proxy until their cost is entered, and the field that takes it.
fn left_out(rules: &RuleSet, advice: &Advice, option: KeyOption) -> Option<String> {
    (option == KeyOption::ExternalKeyStore && advice.inputs.external_usd() == 0.0).then(|| {
        let field = rules.parameter("external_usd").map_or("external_usd", |p| p.label.as_str());
        format!("Leaves out your key manager and XKS proxy: enter their cost in “{field}”.")
    })
}

/// The HSMs the peak needs and, when they differ, the count entered and the one priced.
pub(super) fn hsms_for_peak(advice: &Advice, inputs: &Inputs) -> String {
    let needed = advice.hsms_for_peak;
    let peak = format::count(inputs.peak_ops());
    let entered = inputs.hsms();
    let hsms = |n: u32| format!("{n} HSM{}", if n == 1 { "" } else { "s" });
    if needed > entered {
        format!(
            "a peak of {peak}/s needs about {} by AWS's published benchmarks; you entered {}, so CloudHSM is priced \
             with {}.",
            hsms(needed),
            entered,
            hsms(advice.costs.hsms_priced)
        )
    } else {
        format!(
            "a peak of {peak}/s needs about {}; CloudHSM is priced with the {} you entered.",
            hsms(needed),
            hsms(entered)
        )
    }
}
