//! An AWS bill as a Cost and Usage Report CSV: the legacy report (`lineItem/UsageType`) or a
//! CUR 2.0 export (`line_item_usage_type`). Rows are read one at a time and summed per billing
//! period, Region and usage type, so memory grows with those, not with the file. The figures
//! come from one month: the latest whose rows reach the end of its billing period, else the
//! latest, said to be partial; never extrapolated.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};

use super::usage_type::{Priced, Service, of_any};
use super::{Format, ImportError, Period, Place, Reading, StateReading};
use crate::costs::RequestKind;

/// The columns read, by their names in each format.
struct Columns {
    format: Format,
    usage_type: usize,
    amount: usize,
    start: usize,
    end: Option<usize>,
    region: Option<usize>,
    resource: Option<usize>,
    line_type: Option<usize>,
    period_start: Option<usize>,
    period_end: Option<usize>,
}

/// `(legacy, CUR 2.0)` names of a column.
type Names = (&'static str, &'static str);

const USAGE_TYPE: Names = ("lineItem/UsageType", "line_item_usage_type");
const AMOUNT: Names = ("lineItem/UsageAmount", "line_item_usage_amount");
const START: Names = ("lineItem/UsageStartDate", "line_item_usage_start_date");
const END: Names = ("lineItem/UsageEndDate", "line_item_usage_end_date");
const RESOURCE: Names = ("lineItem/ResourceId", "line_item_resource_id");
const LINE_TYPE: Names = ("lineItem/LineItemType", "line_item_line_item_type");
const PERIOD_START: Names = ("bill/BillingPeriodStartDate", "bill_billing_period_start_date");
const PERIOD_END: Names = ("bill/BillingPeriodEndDate", "bill_billing_period_end_date");
/// The Region's code, by the names each format has had for it.
const REGION: [&str; 3] = ["product/regionCode", "product/region", "product_region_code"];
/// Line item types that are usage; credits, taxes, refunds and fees are not.
const USAGE_LINES: [&str; 3] = ["Usage", "DiscountedUsage", "SavingsPlanCoveredUsage"];

impl Columns {
    fn of(header: &csv::StringRecord) -> Result<Columns, ImportError> {
        let position = |name: &str| header.iter().position(|column| column.trim_start_matches('\u{feff}') == name);
        let format = if position(USAGE_TYPE.0).is_some() {
            Format::CostAndUsageReport
        } else if position(USAGE_TYPE.1).is_some() {
            Format::Cur2
        } else {
            return Err(ImportError::new(
                Place::Line(1),
                format!(
                    "no usage-type column (`{}` in a Cost and Usage Report, `{}` in a CUR 2.0 export): neither \
                     an AWS bill nor a Terraform plan",
                    USAGE_TYPE.0, USAGE_TYPE.1
                ),
            ));
        };
        let name = |names: Names| if format == Format::Cur2 { names.1 } else { names.0 };
        let optional = |names: Names| position(name(names));
        let required = |names: Names| {
            optional(names).ok_or_else(|| {
                ImportError::new(Place::Line(1), format!("no `{}` column, which the bill's usage needs", name(names)))
            })
        };
        Ok(Columns {
            format,
            usage_type: required(USAGE_TYPE)?,
            amount: required(AMOUNT)?,
            start: required(START)?,
            end: optional(END),
            region: REGION.iter().find_map(|name| position(name)),
            resource: optional(RESOURCE),
            line_type: optional(LINE_TYPE),
            period_start: optional(PERIOD_START),
            period_end: optional(PERIOD_END),
        })
    }
}

/// One Region's usage in one billing period.
#[derive(Default)]
struct Usage {
    first_line: u64,
    /// By usage type as the file writes it, with what it measures and its sum.
    by_usage_type: BTreeMap<String, (Priced, f64)>,
    hsm_ids: BTreeSet<String>,
}

/// One billing period: how far its rows reach, and its usage by Region.
struct Month {
    end: NaiveDateTime,
    reach: NaiveDateTime,
    regions: BTreeMap<String, Usage>,
}

/// Reads a Cost and Usage Report CSV (legacy or CUR 2.0, inflated already) from `reader`.
///
/// # Errors
/// [`ImportError`] naming the line (and column name): no usage-type column (a CSV of another
/// kind), a missing usage amount or date column, a cell that is not a number or a date, a row of
/// KMS or CloudHSM usage without a Region, CSV that does not parse, a line over
/// [`MAX_LINE_BYTES`], or no KMS or CloudHSM usage.
pub fn read_bill(reader: impl Read) -> Result<Reading, ImportError> {
    let reader = LineBound { inner: reader, since_newline: 0 };
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let header = csv.headers().map_err(|error| csv_error(&error))?.clone();
    let columns = Columns::of(&header)?;
    let column_name = |index: usize| header.get(index).unwrap_or_default().to_string();
    let mut months: BTreeMap<NaiveDate, Month> = BTreeMap::new();
    let mut other_services = 0;
    let mut record = csv::StringRecord::new();
    while csv.read_record(&mut record).map_err(|error| csv_error(&error))? {
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |index: usize| record.get(index).unwrap_or_default().trim();
        let optional = |index: Option<usize>| index.map(cell).filter(|value| !value.is_empty());
        let measured = of_any(cell(columns.usage_type));
        let at = |index: usize, expected: &str| {
            ImportError::new(
                Place::Line(line),
                format!("`{}`: expected {expected}, found \"{}\"", column_name(index), cell(index)),
            )
        };
        let start = match date_time(cell(columns.start)) {
            Some(start) => start,
            // Another service's row with a date this cannot read tells nothing this uses.
            None if measured.is_none() => {
                other_services += 1;
                continue;
            }
            None => return Err(at(columns.start, "a date and time such as 2026-11-01T00:00:00Z")),
        };
        let period_start = optional(columns.period_start).and_then(date_time).unwrap_or(start).date();
        let period_start = period_start.with_day(1).unwrap_or(period_start);
        let period_end = optional(columns.period_end)
            .and_then(date_time)
            .or_else(|| period_start.checked_add_months(Months::new(1)).and_then(|day| day.and_hms_opt(0, 0, 0)))
            .unwrap_or(start);
        let reach = optional(columns.end).and_then(date_time).unwrap_or(start);
        let month = months.entry(period_start).or_insert(Month { end: period_end, reach, regions: BTreeMap::new() });
        month.reach = month.reach.max(reach);
        let usage_line = optional(columns.line_type).is_none_or(|kind| USAGE_LINES.contains(&kind));
        let Some((service, priced)) = measured.filter(|_| usage_line) else {
            other_services += 1;
            continue;
        };
        let amount: f64 = cell(columns.amount)
            .parse()
            .ok()
            .filter(|amount: &f64| amount.is_finite() && *amount >= 0.0)
            .ok_or_else(|| at(columns.amount, "a number of at least 0"))?;
        let Some(region) = optional(columns.region) else {
            let names = REGION.join("`, `");
            return Err(ImportError::new(
                Place::Line(line),
                format!("{} usage without a Region: no `{names}` column, or it is empty", service_name(service)),
            ));
        };
        let usage =
            month.regions.entry(region.to_string()).or_insert_with(|| Usage { first_line: line, ..Usage::default() });
        usage.by_usage_type.entry(cell(columns.usage_type).to_string()).or_insert((priced, 0.0)).1 += amount;
        if let Some(id) = optional(columns.resource).filter(|_| priced.hsm_type().is_some()) {
            usage.hsm_ids.insert(id.to_string());
        }
    }
    let complete = |month: &Month| month.reach >= month.end;
    let with_keys = || months.iter().filter(|(_, month)| !month.regions.is_empty());
    let chosen = with_keys().rfind(|(_, month)| complete(month)).or_else(|| with_keys().next_back());
    let Some((&start, month)) = chosen else {
        return Err(ImportError::new(
            Place::File,
            format!("no AWS KMS or CloudHSM usage in the {} rows read: nothing to advise on", other_services),
        ));
    };
    let period = Period { start, end: month.end.date(), complete: complete(month) };
    let hours = (month.end - start.and_hms_opt(0, 0, 0).unwrap_or(month.end)).num_hours().max(1) as f64;
    let states = month.regions.iter().map(|(region, usage)| state(region, usage, hours)).collect();
    let other_months: usize = months.iter().filter(|(day, _)| **day != start).map(|(_, m)| m.regions.len()).sum();
    let mut notes = Vec::new();
    let label = start.format("%B %Y");
    if !period.complete {
        notes.push(format!(
            "{label} is the latest month and the file's rows stop before its end: its figures are what the month \
             had so far, not scaled up to a whole month."
        ));
    }
    if other_months > 0 {
        notes.push(format!("Only {label} is read; the file's other months are left out."));
    }
    if month.regions.len() > 1 {
        notes.push(
            "AWS grants KMS's free requests once per account, not per Region; each state here counts them once."
                .to_string(),
        );
    }
    Ok(Reading {
        format: columns.format,
        states,
        period: Some(period),
        deleted: Vec::new(),
        skipped: other_services,
        notes,
    })
}

/// The state one Region's usage in a month of `hours` gives.
fn state(region: &str, usage: &Usage, hours: f64) -> StateReading {
    let mut state = StateReading::new(region.to_string(), false, Place::Line(usage.first_line));
    let mut requests = [0.0; RequestKind::ALL.len()];
    let (mut key_months, mut hsm_hours) = (0.0, 0.0);
    let mut hsm_types: Vec<&str> = Vec::new();
    for (usage_type, &(priced, amount)) in &usage.by_usage_type {
        let figure = number(amount);
        let line = match priced {
            Priced::KeyMonth => {
                key_months += amount;
                format!(
                    "{usage_type}: {figure} key-months (AWS bills each key and each key version it keeps, so rotated \
                     key material counts)"
                )
            }
            Priced::Requests(kind) => {
                requests[kind.index()] += amount;
                format!("{usage_type}: {figure} requests → {}", kind.parameter())
            }
            Priced::Hsm2m | Priced::Hsm1 => {
                hsm_hours += amount;
                let hsm_type = priced.hsm_type().unwrap_or_default();
                if !hsm_types.contains(&hsm_type) {
                    hsm_types.push(hsm_type);
                }
                format!("{usage_type}: {figure} HSM-hours of {hsm_type}")
            }
        };
        state.read.push(line);
    }
    // Key-months of keys that lived part of the month add up to fractions; half a key or more
    // is a key.
    state.keys = if key_months > 0.0 { (key_months.round() as u64).max(1) } else { 0 };
    state.requests = Some(requests.map(|count| count.round() as u64));
    if hsm_hours > 0.0 {
        let (hsms, by) = if usage.hsm_ids.is_empty() {
            ((hsm_hours / hours - 1e-9).ceil().max(1.0) as u32, format!("HSM-hours over the month's {hours} hours"))
        } else {
            (usage.hsm_ids.len() as u32, "distinct HSM resource ids".to_string())
        };
        state.hsms = Some(hsms);
        let each = hsm_hours / f64::from(hsms);
        // A whole month keeps the advisor's average month (730 hours) rather than this month's.
        if each < hours - 0.5 {
            state.hsm_hours = Some((each.round() as u64).clamp(1, 744));
        }
        state.read.push(format!(
            "{hsms} HSM(s) of {} from {by}; each ran {} of the month's {hours} hours",
            hsm_types.join(" and "),
            number(each)
        ));
    }
    state
}

fn service_name(service: Service) -> &'static str {
    match service {
        Service::Kms => "AWS KMS",
        Service::CloudHsm => "AWS CloudHSM",
    }
}

/// `amount` as a reader writes it: whole numbers plainly, fractions to two places.
fn number(amount: f64) -> String {
    if (amount - amount.round()).abs() < 0.005 { crate::format::count(amount) } else { format!("{amount:.2}") }
}

/// A bill's date and time: RFC 3339 (`2026-11-01T00:00:00Z`), or without the zone, in UTC.
fn date_time(text: &str) -> Option<NaiveDateTime> {
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(time.naive_utc());
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%MZ"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|day| day.and_hms_opt(0, 0, 0)))
}

/// The longest line a bill may have, in bytes: a report's header with every column is tens of
/// kilobytes. A longer line is refused before the CSV reader holds it whole.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// A reader that fails once a line runs past [`MAX_LINE_BYTES`].
struct LineBound<R> {
    inner: R,
    since_newline: usize,
}

impl<R: Read> Read for LineBound<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buffer)?;
        let read = &buffer[..count];
        self.since_newline = match read.iter().rposition(|&byte| byte == b'\n') {
            Some(at) => count - at - 1,
            None => self.since_newline + count,
        };
        if self.since_newline > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a line over 1 MiB: not a Cost and Usage Report",
            ));
        }
        Ok(count)
    }
}

fn csv_error(error: &csv::Error) -> ImportError {
    let place = error.position().map_or(Place::File, |position| Place::Line(position.line()));
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "not text (UTF-8): neither an AWS bill's CSV nor a Terraform plan".to_string(),
        csv::ErrorKind::Io(error) => error.to_string(),
        _ => format!("not CSV as AWS writes a Cost and Usage Report: {error}"),
    };
    ImportError::new(place, message)
}
