//! The words of the charts: each chart's description, which states in numbers what it shows,
//! and the names of the request kinds in its subtitle.

use chrono::NaiveDate;

use super::{Series, month_label};
use advisor_core::contract::HOURS_PER_MONTH;
use advisor_core::costs::{BreakEven, KeyOption, MonthCost, Projection, RequestKind, Usage};
use advisor_core::{RuleSet, format};

/// The requests a month of each kind other than `varied` (the kind a chart's axis varies) that
/// the state has, with the kind's short name.
pub(super) fn request_mix(usage: &Usage, varied: RequestKind) -> Vec<(f64, &'static str)> {
    RequestKind::ALL
        .iter()
        .filter(|&&kind| kind != varied)
        .map(|&kind| {
            let name = match kind {
                RequestKind::Symmetric => "symmetric",
                RequestKind::Rsa2048 => "RSA-2048",
                RequestKind::Asymmetric => "other asymmetric",
                RequestKind::EccKeypair => "ECC key pair",
                RequestKind::RsaKeypair => "RSA key pair",
                RequestKind::Payment => "payment",
            };
            (usage.requests[kind.index()], name)
        })
        .filter(|(count, _)| *count > 0.0)
        .collect()
}

/// " Besides symmetric KMS requests, …; HSMs run … hours a month." for what is not the
/// default; `varied` names the kind the chart varies.
pub(super) fn describe_assumptions(usage: &Usage, mix: &[(f64, &str)], varied: &str) -> String {
    let mut text = String::new();
    if !mix.is_empty() {
        let kinds: Vec<String> = mix.iter().map(|(count, kind)| format!("{} {kind}", format::count(*count))).collect();
        text.push_str(&format!(" Besides {varied}, each month has {} requests.", and_list(&kinds)));
    }
    if usage.hsm_hours != HOURS_PER_MONTH {
        text.push_str(&format!(" HSMs run {} hours a month.", usage.hsm_hours));
    }
    text
}

/// "a", "a and b", "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// " Rotation raises KMS's monthly cost in months 13 and 25." when it does within the horizon.
pub(super) fn describe_rotation(steps: &[u32]) -> String {
    let months: Vec<String> = steps.iter().map(u32::to_string).collect();
    match months.split_last() {
        None => String::new(),
        Some((last, [])) => format!(" Rotation raises KMS's monthly cost in month {last}."),
        Some((last, rest)) => format!(" Rotation raises KMS's monthly cost in months {} and {last}.", rest.join(", ")),
    }
}

/// "A = B costs $1, C $2 and D $3", a figure for each line.
fn each_line(series: &[Series], usd: impl Fn(KeyOption) -> f64, verb: &str) -> String {
    let parts: Vec<String> = series
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let verb = if index == 0 { format!(" {verb}") } else { String::new() };
            format!("{}{verb} {}", line.label, format::usd(usd(line.options[0])))
        })
        .collect();
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

pub(super) fn describe_requests(
    rules: &RuleSet,
    projection: &Projection,
    break_even: Option<BreakEven>,
    varied: &str,
    series: &[Series],
) -> String {
    let monthly = &projection.monthly;
    let costs = format!(
        "At {} {varied} a month, {} a month.",
        format::count(projection.usage.requests[projection.varied.index()]),
        each_line(series, |option| monthly.of(option), "costs")
    );
    match break_even {
        Some(even) => format!(
            "{costs} {} and {} cost the same at {} {varied} a month.",
            rules.title(even.between[0]),
            rules.title(even.between[1]),
            format::count(even.requests_per_month)
        ),
        None => format!("{costs} No two options that apply cost the same at any volume of {varied}."),
    }
}

pub(super) fn describe_time(
    rules: &RuleSet,
    months: &[MonthCost],
    series: &[Series],
    break_even: Option<BreakEven>,
    crossing: Option<usize>,
    first: NaiveDate,
) -> String {
    let Some(last) = months.last() else { return String::new() };
    let totals = format!(
        "Over {} months from {}, {}.",
        months.len(),
        month_label(first, 0),
        each_line(series, |option| last.cumulative.of(option), "totals")
    );
    // Only the break-even's two options, both applying, are said to cross or not.
    match (break_even, crossing) {
        (Some(even), Some(index)) => format!(
            "{totals} The cumulative costs of {} and {} cross in {}.",
            rules.title(even.between[0]),
            rules.title(even.between[1]),
            month_label(first, index)
        ),
        (Some(even), None) => format!(
            "{totals} The cumulative costs of {} and {} do not cross.",
            rules.title(even.between[0]),
            rules.title(even.between[1])
        ),
        (None, _) => totals,
    }
}
