//! `prices.toml`: what KMS bills for keys, rotations and each kind of request, what a CloudHSM
//! key store needs at least, and what AWS Payment Cryptography bills for keys and requests.

use crate::diagnostics::Code;

use serde::Deserialize;
use toml::Spanned;

use super::reader::{RawFigure, Reader, Seen};
use super::{SourceFile, Sourced};
use crate::costs::RequestKind;
use crate::diagnostics::Diagnostic;

/// The price of one kind of request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPrice {
    pub kind: RequestKind,
    /// What the kind covers, in words.
    pub label: String,
    /// USD per 10,000 requests.
    pub usd_per_10k: Sourced<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    /// USD a customer managed key costs a month.
    pub kms_key_month_usd: Sourced<f64>,
    /// Symmetric requests a month that cost nothing, per account.
    pub kms_free_requests: Sourced<f64>,
    /// USD a key-month each charged rotation adds.
    pub rotation_usd: Sourced<f64>,
    /// How many of a key's rotations are charged; later ones are free.
    pub charged_rotations: Sourced<u32>,
    /// One price per kind, KMS's and AWS Payment Cryptography's, in `RequestKind::ALL`'s order.
    pub requests: Vec<RequestPrice>,
    /// HSMs a CloudHSM key store needs at least.
    pub key_store_min_hsms: Sourced<u32>,
    /// USD an HSM-hour in a Region whose own price is not imported from AWS's price list.
    pub cloudhsm_hourly_usd: Sourced<f64>,
    /// USD an AWS Payment Cryptography key costs a month (AWS's price list has no offer for the
    /// service, so `prices import` leaves it as written).
    pub payment_key_month_usd: Sourced<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawKmsPrices {
    key_month_usd: RawFigure<f64>,
    free_requests_per_month: RawFigure<f64>,
    rotation_usd_per_key_month: RawFigure<f64>,
    charged_rotations: RawFigure<u32>,
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
struct RawPaymentPrices {
    key_month_usd: RawFigure<f64>,
    request: Vec<Spanned<RawRequestPrice>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCloudhsmPrices {
    key_store_min_hsms: RawFigure<u32>,
    hourly_usd: RawFigure<f64>,
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Prices> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let kms: Option<RawKmsPrices> = reader.required("kms");
    let cloudhsm: Option<RawCloudhsmPrices> = reader.required("cloudhsm");
    let payment: Option<RawPaymentPrices> = reader.required("payment-cryptography");
    let mut check = reader.finish();
    let (kms, cloudhsm, payment) = (kms?, cloudhsm?, payment?);

    let mut kinds = Seen::new();
    let mut requests = Vec::new();
    for (table, raw) in kms
        .request
        .into_iter()
        .map(|raw| ("kms", raw))
        .chain(payment.request.into_iter().map(|raw| ("payment-cryptography", raw)))
    {
        let raw = raw.into_inner();
        let id = check.unique(&mut kinds, &raw.kind, "request kind");
        let kind = RequestKind::ALL.into_iter().find(|kind| kind.rules_kind() == id && kind.service() == table);
        if kind.is_none() {
            let known = RequestKind::ALL.iter().filter(|k| k.service() == table).map(|k| k.rules_kind());
            let message = format!(
                "`kind`: expected one of {} in `[[{table}.request]]`, found \"{id}\"",
                known.collect::<Vec<_>>().join(", ")
            );
            check.error(raw.kind.span().start, Code::UnknownRequestKind, message);
        }
        let figure = RawFigure { value: raw.usd_per_10k, source: raw.source, as_of: raw.as_of };
        if let (Some(usd_per_10k), Some(kind)) = (check.positive(figure, "usd-per-10k"), kind) {
            requests.push(RequestPrice { kind, label: raw.label, usd_per_10k });
        }
    }
    for kind in RequestKind::ALL {
        if !kinds.contains_key(kind.rules_kind()) {
            let message = format!(
                "missing a `[[{}.request]]` of kind \"{}\": the cost model prices `{}` with it",
                kind.service(),
                kind.rules_kind(),
                kind.parameter()
            );
            check.error(0, Code::MissingRequestKind, message);
        }
    }
    requests.sort_by_key(|price| price.kind.index());
    let min_hsms = cloudhsm.key_store_min_hsms;
    if *min_hsms.value.get_ref() == 0 {
        check.error(
            min_hsms.value.span().start,
            Code::OutOfRange,
            "`key-store-min-hsms`: expected at least 1, found 0",
        );
    }
    let key_month = check.positive(kms.key_month_usd, "key-month-usd");
    let free = check.positive(kms.free_requests_per_month, "free-requests-per-month");
    let rotation = check.positive(kms.rotation_usd_per_key_month, "rotation-usd-per-key-month");
    let charged = check.figure(kms.charged_rotations);
    let min_hsms = check.figure(min_hsms);
    let hourly = check.positive(cloudhsm.hourly_usd, "hourly-usd");
    let payment_key_month = check.positive(payment.key_month_usd, "key-month-usd");
    let complete = requests.len() == RequestKind::ALL.len();
    Some(Prices {
        kms_key_month_usd: key_month?,
        kms_free_requests: free?,
        rotation_usd: rotation?,
        charged_rotations: charged?,
        requests: complete.then_some(requests)?,
        key_store_min_hsms: min_hsms?,
        cloudhsm_hourly_usd: hourly?,
        payment_key_month_usd: payment_key_month?,
    })
}
