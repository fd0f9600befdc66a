//! The advisor's answers from what a team already has: a Terraform plan or state, or an AWS bill
//! (a Cost and Usage Report). Each AWS Region found becomes one state: the answers the file sets,
//! what it holds that reads like a requirement (for a reader to confirm, one link each), and what
//! it cannot say, which keeps its default and is listed as assumed. Nothing here opens a file:
//! callers hand over a reader (decompressed: [`sniff`] tells them when to) and get links back.

use std::io::BufRead;

use chrono::NaiveDate;

use crate::costs::RequestKind;

mod bill;
mod links;
mod terraform;
pub mod usage_type;

pub use self::bill::read_bill;
pub use self::links::{Answer, Assumed, CompareLink, FindingLink, Imported, ImportedState, PeriodRead, imported};
pub use self::terraform::read_plan;

/// Where in a file something is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A line and column, both from 1 (JSON).
    LineColumn { line: u64, column: u64 },
    /// A line from 1 (CSV: the header is line 1).
    Line(u64),
    /// A JSON pointer (RFC 6901), e.g. `/planned_values/root_module/resources/3`.
    Pointer(String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Place::Line(line) => write!(f, "line {line}"),
            Place::Pointer(pointer) => write!(f, "at {pointer}"),
        }
    }
}

/// A file of another kind, a broken file or an unusable one, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if matches!(place, Place::File) { String::new() } else { format!("{place}: ") })]
pub struct ImportError {
    pub place: Place,
    /// What was expected there, in words.
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(place: Place, message: impl Into<String>) -> ImportError {
        ImportError { place, message: message.into() }
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// JSON: a Terraform plan or state.
    Json,
    /// Anything else that may be text: read as a Cost and Usage Report CSV.
    Csv,
    /// gzip: the caller inflates it and reads what is inside.
    Gzip,
    /// A ZIP archive (CUR's ZIP compression).
    Zip,
    /// Apache Parquet (CUR's and Data Exports' Parquet format).
    Parquet,
}

/// What `first`, a file's first bytes (a few are enough), says the file is.
pub fn sniff(first: &[u8]) -> FileKind {
    let text = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(first);
    match text {
        [0x1f, 0x8b, ..] => FileKind::Gzip,
        [b'P', b'K', 3, 4, ..] => FileKind::Zip,
        [b'P', b'A', b'R', b'1', ..] => FileKind::Parquet,
        _ if text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => FileKind::Json,
        _ => FileKind::Csv,
    }
}

/// Reads a file of either kind, told apart by its first bytes: a Terraform plan or state (JSON)
/// or a Cost and Usage Report (CSV), inflated already.
///
/// # Errors
/// [`ImportError`] naming where: see [`read_plan`] and [`read_bill`]; a ZIP or Parquet export,
/// or a gzip inside a gzip, is refused with the export settings to choose instead.
pub fn read(mut reader: impl BufRead) -> Result<Reading, ImportError> {
    let first = reader.fill_buf().map_err(|error| ImportError::new(Place::File, error.to_string()))?;
    let csv = "a Cost and Usage Report is read as CSV: choose the text/csv format with GZIP compression \
               (`textORcsv` and `GZIP` for a legacy report, `TEXT_OR_CSV` and `GZIP` in Data Exports)";
    match sniff(first) {
        FileKind::Json => read_plan(reader),
        FileKind::Csv => read_bill(reader),
        FileKind::Zip => {
            Err(ImportError::new(Place::File, format!("a ZIP archive: unzip it and import the CSV inside; {csv}")))
        }
        FileKind::Parquet => Err(ImportError::new(Place::File, format!("a Parquet file, which is not read: {csv}"))),
        FileKind::Gzip => Err(ImportError::new(Place::File, "a gzip file inside a gzip file: compress it once")),
    }
}

/// The kind of file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `terraform show -json` of a plan (`planned_values`).
    TerraformPlan,
    /// `terraform show -json` of a state (`values`).
    TerraformState,
    /// A legacy Cost and Usage Report (`lineItem/UsageType` columns).
    CostAndUsageReport,
    /// A CUR 2.0 export of Data Exports (`line_item_usage_type` columns).
    Cur2,
}

impl Format {
    /// Its name in the import's JSON, e.g. `terraform-plan`.
    pub fn id(self) -> &'static str {
        match self {
            Format::TerraformPlan => "terraform-plan",
            Format::TerraformState => "terraform-state",
            Format::CostAndUsageReport => "cost-and-usage-report",
            Format::Cur2 => "cur-2.0",
        }
    }

    /// Its name in words.
    pub fn label(self) -> &'static str {
        match self {
            Format::TerraformPlan => "Terraform plan",
            Format::TerraformState => "Terraform state",
            Format::CostAndUsageReport => "Cost and Usage Report",
            Format::Cur2 => "CUR 2.0 export",
        }
    }
}

/// Something a file holds that reads like a requirement: it says what exists, not what a policy
/// requires, so it is listed with a link that also sets it rather than set silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was found, e.g. "imported key material".
    pub what: String,
    /// The resource (a Terraform address) it was found in, the first of them.
    pub found_in: String,
    /// The contract parameter and value that state it, e.g. `custody` `imported`.
    pub parameter: &'static str,
    pub value: &'static str,
}

impl Finding {
    fn new(what: &str, found_in: &str, parameter: &'static str, value: &'static str) -> Finding {
        Finding { what: what.to_string(), found_in: found_in.to_string(), parameter, value }
    }
}

/// The billing period a bill's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Its first day.
    pub start: NaiveDate,
    /// The day after its last.
    pub end: NaiveDate,
    /// Whether the file's rows reach its end; a partial month's figures are what it has so far,
    /// never extrapolated.
    pub complete: bool,
}

/// What a file holds: one state per AWS Region (two where a Region has payment keys beside
/// others), in the order of their codes, and what it leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub format: Format,
    pub states: Vec<StateReading>,
    /// A bill's month, of those in the file.
    pub period: Option<Period>,
    /// The addresses a plan deletes, which are not counted.
    pub deleted: Vec<String>,
    /// Resources of other types, or rows of other services, months or line item types: skipped.
    pub skipped: u64,
    /// What holds for the whole file, in words.
    pub notes: Vec<String>,
}

/// One state of a file: the figures it sets, line by line what they come from, and what it
/// leaves to the defaults. A figure the file does not give is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateReading {
    /// The Region's code, e.g. `eu-west-1`.
    pub region: String,
    /// Payment keys (AWS Payment Cryptography): a decision of their own.
    pub payment: bool,
    /// Where the state's first resource or row is in the file.
    pub first_at: Place,
    /// KMS keys, replicas included (each is billed as a key); payment keys in a payment state.
    pub keys: u64,
    /// Of `keys`, sign/verify keys; `None` when the file does not tell key types apart.
    pub signing_keys: Option<u64>,
    /// Of `keys`, HMAC keys.
    pub hmac_keys: Option<u64>,
    /// Of `keys`, keys that encrypt (symmetric, or asymmetric encryption keys).
    pub encrypting_keys: Option<u64>,
    /// The shortest automatic rotation period of a key, in days; `Some(None)` when no key
    /// rotates.
    pub rotation: Option<Option<u64>>,
    /// Whether a key is multi-Region or has a replica here.
    pub multi_region: Option<bool>,
    /// Requests a month by kind, in [`RequestKind::ALL`]'s order.
    pub requests: Option<[u64; RequestKind::ALL.len()]>,
    /// CloudHSM HSMs.
    pub hsms: Option<u32>,
    /// Hours each HSM ran in the month, when less than all of it.
    pub hsm_hours: Option<u64>,
    /// One line per resource or usage type read, in the file's order: where each figure comes
    /// from.
    pub read: Vec<String>,
    pub findings: Vec<Finding>,
}

impl StateReading {
    fn new(region: String, payment: bool, first_at: Place) -> StateReading {
        StateReading {
            region,
            payment,
            first_at,
            keys: 0,
            signing_keys: None,
            hmac_keys: None,
            encrypting_keys: None,
            rotation: None,
            multi_region: None,
            requests: None,
            hsms: None,
            hsm_hours: None,
            read: Vec::new(),
            findings: Vec::new(),
        }
    }

    fn found(&mut self, finding: Finding) {
        if !self.findings.iter().any(|known| known.parameter == finding.parameter && known.value == finding.value) {
            self.findings.push(finding);
        }
    }

    /// The answers the file sets, as `(parameter, canonical value)` pairs in the contract's
    /// order: the keys and what they do, the requests, HSMs, the Region, rotation, multi-Region.
    pub fn answers(&self) -> Vec<(&'static str, String)> {
        let mut answers = vec![("keys", self.keys.to_string())];
        if let Some(requests) = &self.requests {
            for kind in RequestKind::ALL {
                if kind.is_kms() != self.payment {
                    answers.push((kind.parameter(), requests[kind.index()].to_string()));
                }
            }
        }
        if let Some(hsms) = self.hsms.filter(|&hsms| hsms > 0) {
            answers.push(("hsms", hsms.to_string()));
        }
        answers.push(("region", self.region.clone()));
        if let Some(hours) = self.hsm_hours {
            answers.push(("hsm_hours", hours.to_string()));
        }
        let mut usage: Vec<&str> = Vec::new();
        if self.payment {
            usage.push(crate::contract::PAYMENT);
        }
        for (count, member) in
            [(self.encrypting_keys, "encrypt"), (self.signing_keys, "sign"), (self.hmac_keys, "hmac")]
        {
            if count.is_some_and(|count| count > 0) {
                usage.push(member);
            }
        }
        if !usage.is_empty() {
            answers.push(("usage", usage.join(",")));
        }
        if let Some(multi_region) = self.multi_region {
            answers.push(("multi_region", if multi_region { "yes" } else { "no" }.to_string()));
        }
        if let Some(rotation) = self.rotation {
            answers.push(("rotation", rotation.map_or_else(|| "none".to_string(), |days| days.to_string())));
        }
        for (name, count) in [("signing_keys", self.signing_keys), ("hmac_keys", self.hmac_keys)] {
            if let Some(count) = count.filter(|&count| count > 0) {
                answers.push((name, count.to_string()));
            }
        }
        answers
    }
}

#[cfg(test)]
mod tests;
