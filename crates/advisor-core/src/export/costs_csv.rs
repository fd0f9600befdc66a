//! The costs CSV: the data behind both charts, the first month's bill and the figures used, as
//! RFC 4180 records a spreadsheet or pandas reads without help.

use chrono::NaiveDate;

use crate::chart::{CURVE_POINTS, Chart, month_start};
use crate::costs::{LineItem, MonthlyCosts};
use crate::inputs::Value;
use crate::{Advice, RuleSet};

/// First the state's assumptions: one `assumption` row per answer and workload figure (the
/// parameter as `item`, its value as `quantity`, its label, and the value in words as `note`),
/// so the figures below never travel without them. Then rows of the cost-vs-requests curve
/// (monthly costs by volume, one column per option the state shows), one row per month of the horizon (that month's costs and the
/// running totals), months labelled from `today`'s, and the first month's bill line by line: one
/// `breakdown` row per item, with its quantity, unit and unit price, and what it adds to each
/// option that bills it; last, one `sources` row per figure the result used, with its value and
/// unit, label, source, as-of date and note.
///
/// # Errors
/// The CSV writer's, which writes into memory and fails only if memory runs out.
pub fn costs_csv(rules: &RuleSet, advice: &Advice, today: NaiveDate) -> Result<Vec<u8>, csv::Error> {
    let (projection, sources) = (&advice.projection, &advice.sources);
    // RFC 4180 ends each record with CRLF.
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // One column per option the state shows (AWS Payment Cryptography only for payment keys).
    let shown = advice.inputs.shown_options();
    let columns = |suffix: &str| shown.iter().map(|option| format!("{}_{suffix}", option.id())).collect::<Vec<_>>();
    let mut header = vec!["chart".to_string(), "month".to_string(), "requests_per_month".to_string()];
    header.extend(columns("monthly_usd"));
    header.extend(columns("cumulative_usd"));
    header.extend(["item", "quantity", "unit", "unit_usd", "label", "source", "as_of", "note"].map(String::from));
    writer.write_record(&header)?;
    let money =
        |costs: &MonthlyCosts| shown.iter().map(|&option| format!("{:.2}", costs.of(option))).collect::<Vec<_>>();
    let blank = || vec![String::new(); shown.len()];
    let no_item = || ["", "", "", "", "", "", "", ""].map(String::from);
    let inputs = &advice.inputs;
    // What was advised, under which rules: the figures below are read against it.
    let recommended = super::option_id(advice.recommendation.option);
    for (item, value, label, note) in [
        ("recommendation", recommended, advice.recommendation.title.as_str(), advice.recommendation.summary.as_str()),
        ("rules", rules.version.as_str(), "Rules version", ""),
    ] {
        let row = ["assumption".to_string(), String::new(), String::new()];
        let described = [item, value, "", "", label, "", "", note].map(inert);
        writer.write_record(row.into_iter().chain(blank()).chain(blank()).chain(described))?;
    }
    let stated = inputs.contract().iter().filter(|p| p.is_state());
    for parameter in stated {
        let Some(value) = inputs.get(parameter.name).and_then(Value::canonical) else { continue };
        let label = rules.parameter(parameter.name).map_or(parameter.name, |p| p.label.as_str());
        let row = ["assumption".to_string(), String::new(), String::new()];
        let words = rules.value_words(parameter.name, &value);
        let described = [parameter.name, &value, "", "", label, "", "", &words].map(inert);
        writer.write_record(row.into_iter().chain(blank()).chain(blank()).chain(described))?;
    }
    let break_even = advice.break_even.map(|even| even.requests_per_month);
    for (requests, costs) in &projection.curve(break_even, CURVE_POINTS) {
        let row = [Chart::CostVsRequests.slug().to_string(), String::new(), format!("{requests:.0}")];
        writer.write_record(row.into_iter().chain(money(costs)).chain(blank()).chain(no_item()))?;
    }
    for (index, month) in projection.months.iter().enumerate() {
        let label = month_start(today, index).format("%Y-%m").to_string();
        let row = [Chart::CostOverTime.slug().to_string(), label, format!("{:.0}", month.requests[0])];
        writer.write_record(
            row.into_iter().chain(money(&month.monthly)).chain(money(&month.cumulative)).chain(no_item()),
        )?;
    }
    let first = month_start(today, 0).format("%Y-%m").to_string();
    let mut items: Vec<&LineItem> = Vec::new();
    for &option in &shown {
        for line in projection.breakdown.get(option) {
            if items.iter().all(|seen| seen.item != line.item) {
                items.push(line);
            }
        }
    }
    for line in items {
        let usd = shown.iter().map(|&option| {
            let found = projection.breakdown.get(option).iter().find(|l| l.item == line.item);
            found.map_or_else(String::new, |l| format!("{:.2}", l.usd))
        });
        let row = ["breakdown".to_string(), first.clone(), String::new()];
        let described =
            [line.item.id().to_string(), line.quantity.to_string(), line.unit.to_string(), line.unit_usd.to_string()];
        let unsourced = ["", "", "", ""].map(String::from);
        writer.write_record(row.into_iter().chain(usd).chain(blank()).chain(described).chain(unsourced))?;
    }
    for figure in sources.iter() {
        let row = ["sources".to_string(), String::new(), String::new()];
        let (value, as_of) = (figure.value.to_string(), figure.as_of.map(|date| date.to_string()).unwrap_or_default());
        let note = figure.note.clone().unwrap_or_default();
        let described =
            [&figure.figure, &value, figure.unit.id(), "", &figure.label, &figure.source, &as_of, &note].map(inert);
        writer.write_record(row.into_iter().chain(blank()).chain(blank()).chain(described))?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// `text` as a cell a spreadsheet shows as text: one that starts like a formula (`=`, `+`, `-`,
/// `@`, a tab or a carriage return) and is not a number gets a leading `'`, so a link's words
/// (its `context`) can never run as a formula where the CSV is opened.
fn inert(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && text.parse::<f64>().is_err() { format!("'{text}") } else { text.to_string() }
}
