//! `prices.toml`: what KMS bills for keys and requests, and how CloudHSM hours add up.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::reader::{RawFigure, Reader};
use super::{SourceFile, Sourced};
use crate::domain::diagnostics::Diagnostic;

/// The price of one kind of KMS request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPrice {
    /// e.g. `symmetric`, `asymmetric`, `rsa-generate-data-key-pair`.
    pub kind: String,
    pub label: String,
    /// USD per 10,000 requests.
    pub usd_per_10k: Sourced<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    /// USD a customer managed key costs a month.
    pub kms_key_month_usd: Sourced<f64>,
    /// Requests a month that cost nothing, per account.
    pub kms_free_requests: Sourced<f64>,
    /// Symmetric first: the cost model bills every request at that price.
    pub kms_requests: Vec<RequestPrice>,
    /// Hours an HSM is billed in a month.
    pub hours_per_month: Sourced<f64>,
    /// HSMs a CloudHSM key store needs at least.
    pub key_store_min_hsms: Sourced<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawKmsPrices {
    key_month_usd: RawFigure<f64>,
    free_requests_per_month: RawFigure<f64>,
    request: Vec<Spanned<RawRequestPrice>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRequestPrice {
    kind: Spanned<String>,
    label: String,
    usd_per_10k: Spanned<f64>,
    source: Spanned<String>,
    as_of: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCloudhsmPrices {
    hours_per_month: RawFigure<f64>,
    key_store_min_hsms: RawFigure<u32>,
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Prices> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let kms: Option<RawKmsPrices> = reader.required("kms");
    let cloudhsm: Option<RawCloudhsmPrices> = reader.required("cloudhsm");
    let mut check = reader.finish();
    let (kms, cloudhsm) = (kms?, cloudhsm?);

    let mut kinds = HashSet::new();
    let mut kms_requests = Vec::new();
    for raw in kms.request.into_iter().map(Spanned::into_inner) {
        let kind = check.unique(&mut kinds, &raw.kind, "request kind").to_string();
        let figure = RawFigure { value: raw.usd_per_10k, source: raw.source, as_of: raw.as_of };
        if let Some(usd_per_10k) = check.positive(figure, "usd-per-10k") {
            kms_requests.push(RequestPrice { kind, label: raw.label, usd_per_10k });
        }
    }
    match kms_requests.iter().position(|r| r.kind == "symmetric") {
        Some(index) => kms_requests.swap(0, index),
        None => check.error(
            0,
            "missing-request-kind",
            "missing a `[[kms.request]]` of kind \"symmetric\": the cost model bills requests at its price",
        ),
    }
    let min_hsms = cloudhsm.key_store_min_hsms;
    if *min_hsms.value.get_ref() == 0 {
        check.error(min_hsms.value.span().start, "out-of-range", "`key-store-min-hsms`: expected at least 1, found 0");
    }
    let key_month = check.positive(kms.key_month_usd, "key-month-usd");
    let free = check.positive(kms.free_requests_per_month, "free-requests-per-month");
    let hours = check.positive(cloudhsm.hours_per_month, "hours-per-month");
    let min_hsms = check.figure(min_hsms);
    Some(Prices {
        kms_key_month_usd: key_month?,
        kms_free_requests: free?,
        kms_requests,
        hours_per_month: hours?,
        key_store_min_hsms: min_hsms?,
    })
}
