//! The rules files as written: serde structs that reject unknown keys. `load` validates them
//! into a `RuleSet`.

use serde::Deserialize;
use toml::Spanned;

/// A figure with where it comes from and when that was true.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFigure<T> {
    pub value: Spanned<T>,
    pub source: String,
    pub as_of: Spanned<String>,
}

// framework.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub title: String,
    pub prompt: String,
    pub help: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawParameter {
    pub name: Spanned<String>,
    pub question: Spanned<String>,
    pub label: String,
    pub help: String,
    #[serde(default)]
    pub answers: Vec<RawAnswer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAnswer {
    pub value: Spanned<String>,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOption {
    pub id: Spanned<String>,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
}

// rules.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRule {
    pub id: Spanned<String>,
    pub question: Spanned<String>,
    pub when: Vec<Spanned<String>>,
    pub option: Option<Spanned<String>>,
    pub branch: Option<Spanned<String>>,
    pub explain: Spanned<String>,
    pub summary: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawBranch {
    pub id: Spanned<String>,
    pub step: Vec<Spanned<RawStep>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawStep {
    pub id: Spanned<String>,
    pub when: Vec<Spanned<String>>,
    pub option: Spanned<String>,
    pub explain: Spanned<String>,
    pub summary: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawNote {
    pub id: Spanned<String>,
    pub when: Vec<Spanned<String>>,
    pub text: Spanned<String>,
}

// prices.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawKmsPrices {
    pub key_month_usd: RawFigure<f64>,
    pub free_requests_per_month: RawFigure<f64>,
    pub request: Vec<Spanned<RawRequestPrice>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRequestPrice {
    pub kind: Spanned<String>,
    pub label: String,
    pub usd_per_10k: Spanned<f64>,
    pub source: String,
    pub as_of: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCloudhsmPrices {
    pub hours_per_month: RawFigure<f64>,
    pub key_store_min_hsms: RawFigure<u32>,
}

// regions.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRegion {
    pub code: Spanned<String>,
    pub name: String,
    pub kms_symmetric_quota: RawFigure<f64>,
    pub cloudhsm_hourly_usd: RawFigure<f64>,
}

// quotas.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCapacity {
    pub basis: String,
    pub points: Vec<Spanned<RawCapacityPoint>>,
    pub source: String,
    pub as_of: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCapacityPoint {
    pub hsms: u32,
    pub ops_per_second: f64,
}

// compliance.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawValidation {
    pub module: String,
    pub standard: String,
    pub level: Spanned<u8>,
    pub certificate: String,
    pub hardware: String,
    pub source: String,
    pub as_of: Spanned<String>,
}

// cases.toml

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCase {
    pub name: String,
    pub query: String,
    pub expect: Spanned<String>,
    pub rule: Spanned<String>,
    pub step: Option<Spanned<String>>,
}
