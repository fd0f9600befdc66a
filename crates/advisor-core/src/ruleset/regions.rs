//! `regions.toml`: the Regions the advisor knows, each with its KMS request quota and, once
//! AWS's price list is imported (`kms-hsm-advisor prices import`), its own prices.

use crate::diagnostics::Code;

use serde::Deserialize;
use toml::Spanned;

use super::reader::{Check, RawFigure, Reader, Seen};
use super::{RuleSet, SourceFile, Sourced};
use crate::contract::DEFAULT_REGION;
use crate::costs::RequestKind;
use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// e.g. `eu-west-1`.
    pub code: String,
    /// e.g. "Europe (Ireland)".
    pub name: String,
    /// Symmetric KMS requests a second the account may make in the Region by default.
    pub kms_symmetric_quota: Sourced<f64>,
    /// USD an HSM-hour of the current HSM type (hsm2m.medium) here; `None` until AWS's price
    /// list is imported, and then [`RuleSet::hsm_hourly`] gives `prices.toml`'s default.
    pub cloudhsm_hourly_usd: Option<Sourced<f64>>,
    /// USD an HSM-hour of the previous HSM type (hsm1.medium) here, for reference: the cost
    /// model prices the current type.
    pub cloudhsm_hsm1_hourly_usd: Option<Sourced<f64>>,
    /// USD a customer managed key costs a month here; `None`: `prices.toml`'s.
    pub kms_key_month_usd: Option<Sourced<f64>>,
    /// USD per 10,000 requests of each kind here, in `RequestKind::ALL`'s order; `None`:
    /// `prices.toml`'s.
    pub kms_requests_usd_per_10k: [Option<Sourced<f64>>; RequestKind::ALL.len()],
    /// Whether AWS Payment Cryptography is offered here; `None` when the rules do not say so,
    /// which rules it out here.
    pub payment_cryptography: Option<Sourced<bool>>,
}

impl Region {
    /// Every figure the Region carries.
    pub fn figures(&self) -> impl Iterator<Item = &Sourced<f64>> {
        [&self.cloudhsm_hourly_usd, &self.cloudhsm_hsm1_hourly_usd, &self.kms_key_month_usd]
            .into_iter()
            .chain(&self.kms_requests_usd_per_10k)
            .flatten()
            .chain([&self.kms_symmetric_quota])
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRegion {
    code: Spanned<String>,
    name: Spanned<String>,
    kms_symmetric_quota: RawFigure<f64>,
    cloudhsm_hourly_usd: Option<RawFigure<f64>>,
    cloudhsm_hsm1_hourly_usd: Option<RawFigure<f64>>,
    kms_key_month_usd: Option<RawFigure<f64>>,
    kms_request_usd_per_10k: Option<RawRequestPrices>,
    payment_cryptography: Option<RawFigure<bool>>,
}

/// A Region's request prices: one source and date for the kinds it gives (keys named as
/// `RequestKind::rules_kind` names them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRequestPrices {
    symmetric: Option<Spanned<f64>>,
    #[serde(rename = "rsa-2048")]
    rsa_2048: Option<Spanned<f64>>,
    asymmetric: Option<Spanned<f64>>,
    ecc_generate_data_key_pair: Option<Spanned<f64>>,
    rsa_generate_data_key_pair: Option<Spanned<f64>>,
    source: Spanned<String>,
    as_of: Spanned<String>,
}

impl RawRequestPrices {
    fn of(&self, kind: RequestKind) -> Option<&Spanned<f64>> {
        match kind {
            RequestKind::Symmetric => self.symmetric.as_ref(),
            RequestKind::Rsa2048 => self.rsa_2048.as_ref(),
            RequestKind::Asymmetric => self.asymmetric.as_ref(),
            RequestKind::EccKeypair => self.ecc_generate_data_key_pair.as_ref(),
            RequestKind::RsaKeypair => self.rsa_generate_data_key_pair.as_ref(),
            // Not a KMS price: AWS Payment Cryptography's is in prices.toml.
            RequestKind::Payment => None,
        }
    }
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<Region>> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let (raw_regions, all_regions): (Vec<Spanned<RawRegion>>, bool) = reader.each("region");
    let mut check = reader.finish();
    let mut codes = Seen::new();
    let mut regions = Vec::new();
    for raw in raw_regions.into_iter().map(Spanned::into_inner) {
        let code = check.unique(&mut codes, &raw.code, "Region").to_string();
        if !is_region_code(&code) {
            let message = format!("`code`: expected a Region code like \"eu-west-1\", found \"{code}\"");
            check.error(raw.code.span().start, Code::InvalidRegionCode, message);
        }
        if !is_region_name(raw.name.get_ref()) {
            let message = format!("`name`: expected the Region's name on one line, found {:?}", raw.name.get_ref());
            check.error(raw.name.span().start, Code::InvalidValue, message);
        }
        let quota = check.positive(raw.kms_symmetric_quota, "kms-symmetric-quota");
        let mut optional = |figure: Option<RawFigure<f64>>, what| figure.map(|figure| check.positive(figure, what));
        let hourly = optional(raw.cloudhsm_hourly_usd, "cloudhsm-hourly-usd");
        let hsm1 = optional(raw.cloudhsm_hsm1_hourly_usd, "cloudhsm-hsm1-hourly-usd");
        let key_month = optional(raw.kms_key_month_usd, "kms-key-month-usd");
        let requests = raw.kms_request_usd_per_10k.map(|prices| request_prices(&mut check, prices));
        let payment = raw.payment_cryptography.and_then(|figure| check.figure(figure));
        // A figure given but invalid is `Some(None)`: its problem is recorded.
        let valid = [&hourly, &hsm1, &key_month].iter().all(|figure| !matches!(figure, Some(None)))
            && !matches!(requests, Some(None));
        if let (Some(kms_symmetric_quota), true) = (quota, valid) {
            regions.push(Region {
                code,
                name: raw.name.into_inner(),
                kms_symmetric_quota,
                cloudhsm_hourly_usd: hourly.flatten(),
                cloudhsm_hsm1_hourly_usd: hsm1.flatten(),
                kms_key_month_usd: key_month.flatten(),
                kms_requests_usd_per_10k: requests.flatten().unwrap_or_default(),
                payment_cryptography: payment,
            });
        }
    }
    if all_regions && !codes.contains_key(DEFAULT_REGION) {
        let message = format!("missing Region \"{DEFAULT_REGION}\", the default of the URL contract");
        check.error(0, Code::MissingRegion, message);
    }
    Some(regions)
}

/// A Region's name as people read it, e.g. "Europe (Ireland)": not blank, on one line, with no
/// control characters, at most 100 characters.
pub fn is_region_name(name: &str) -> bool {
    !name.trim().is_empty() && name.chars().count() <= 100 && !name.chars().any(char::is_control)
}

/// Lowercase words and a number joined by hyphens, at least three parts: `eu-west-1`,
/// `us-gov-west-1`, `ap-southeast-5`.
pub fn is_region_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    let (number, words) = parts.split_last().unwrap_or((&"", &[]));
    parts.len() >= 3
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && words.iter().all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Each price the table gives, positive, with the table's source and date; `None` once a
/// problem is recorded.
fn request_prices(
    check: &mut Check<'_, '_>,
    prices: RawRequestPrices,
) -> Option<[Option<Sourced<f64>>; RequestKind::ALL.len()]> {
    let mut valid = true;
    let values = RequestKind::ALL.map(|kind| {
        let price = prices.of(kind)?;
        let value = *price.get_ref();
        if !(value.is_finite() && value > 0.0) {
            let message =
                format!("`kms-request-usd-per-10k.{}`: expected a number above 0, found {value}", kind.rules_kind());
            check.error(price.span().start, Code::OutOfRange, message);
            valid = false;
        }
        Some(value)
    });
    if values.iter().all(Option::is_none) {
        let kinds: Vec<&str> = RequestKind::ALL.iter().filter(|k| k.is_kms()).map(|k| k.rules_kind()).collect();
        let message = format!("`kms-request-usd-per-10k`: expected a price for at least one of {}", kinds.join(", "));
        check.error(prices.source.span().start, Code::MissingKey, message);
        valid = false;
    }
    let dated = check.sourced((), prices.source, &prices.as_of)?;
    let sourced =
        |value: Option<f64>| value.map(|value| Sourced { value, source: dated.source.clone(), as_of: dated.as_of });
    valid.then(|| values.map(sourced))
}

impl RuleSet {
    /// USD an HSM-hour in `region`: its own price from AWS's price list, else `prices.toml`'s
    /// default (the source article's figure as shipped).
    pub fn hsm_hourly<'r>(&'r self, region: &'r Region) -> &'r Sourced<f64> {
        region.cloudhsm_hourly_usd.as_ref().unwrap_or(&self.prices.cloudhsm_hourly_usd)
    }

    /// USD a customer managed key costs a month in `region`.
    pub fn kms_key_month<'r>(&'r self, region: &'r Region) -> &'r Sourced<f64> {
        region.kms_key_month_usd.as_ref().unwrap_or(&self.prices.kms_key_month_usd)
    }

    /// USD per 10,000 requests of `kind` in `region`.
    pub fn request_price<'r>(&'r self, region: &'r Region, kind: RequestKind) -> &'r Sourced<f64> {
        region.kms_requests_usd_per_10k[kind.index()]
            .as_ref()
            .unwrap_or(&self.prices.requests[kind.index()].usd_per_10k)
    }
}

#[cfg(test)]
mod tests {
    use super::{is_region_code, is_region_name};

    #[test]
    fn region_codes_are_words_and_a_number() {
        for code in ["eu-west-1", "us-gov-west-1", "ap-southeast-5", "eusc-de-east-1"] {
            assert!(is_region_code(code), "{code}");
        }
        for code in ["eu-west", "EU-west-1", "eu--1", "eu-west-1a", "us-east-1-", "", "eu west-1"] {
            assert!(!is_region_code(code), "{code}");
        }
        assert!(is_region_name("South America (São Paulo)"));
        for name in ["", "  ", "Europe\n(Ireland)", "tab\there", &"x".repeat(101)] {
            assert!(!is_region_name(name), "{name:?}");
        }
    }
}
