//! `quotas.toml`: KMS's and AWS Payment Cryptography's request quotas by kind of request, a CloudHSM key store's, the limits on
//! keys, HSMs, clusters and key stores, and the published throughput of CloudHSM clusters, from
//! which the HSMs a peak needs are estimated.

use crate::diagnostics::Code;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::reader::{RawFigure, Reader};
use super::{RuleSet, SourceFile, Sourced};
use crate::costs::RequestKind;
use crate::diagnostics::Diagnostic;

/// One kind of request's KMS quota, as Service Quotas names it. Shared (`Arc`) with every
/// evaluation's quota checks, which flips make many of.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestQuota {
    /// The quota's name in Service Quotas, e.g. "Cryptographic operations (RSA) request rate".
    pub name: Arc<str>,
    /// Requests a second per account and Region by default; `None` for the symmetric quota,
    /// which `regions.toml` gives by Region.
    pub requests_per_second: Option<f64>,
    /// Where AWS says so.
    pub source: Arc<str>,
    /// When it was checked.
    pub as_of: NaiveDate,
}

/// Published throughput of clusters of a given size, to estimate the HSMs a peak needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    /// What the figures measure, e.g. the operation and key type of the benchmark.
    pub basis: String,
    /// `(hsms, operations per second)`, both rising from point to point.
    pub points: Sourced<Vec<(u32, f64)>>,
}

/// What `quotas.toml` holds.
pub(super) struct Quotas {
    /// Requests a second one CloudHSM key store serves at most.
    pub key_store_quota: Sourced<f64>,
    pub limits: Limits,
    pub capacity: Capacity,
    /// In `RequestKind::ALL`'s order.
    pub request_quotas: [RequestQuota; RequestKind::ALL.len()],
}

/// How many HSMs and key stores there may be, by default.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// HSMs one CloudHSM cluster holds at most; cannot be raised.
    pub cluster_max_hsms: Sourced<f64>,
    /// HSMs an account may run in a Region by default.
    pub account_hsms: Sourced<f64>,
    /// Custom key stores an account may have in a Region by default.
    pub key_stores: Sourced<f64>,
    /// Symmetric KMS requests a second in a Region the KMS guide does not name: what
    /// `prices import` gives a Region it adds.
    pub kms_symmetric_quota: Sourced<f64>,
    /// CloudHSM clusters an account may have in a Region by default.
    pub account_clusters: Sourced<f64>,
    /// Keys one hsm2m.medium cluster holds at most, asymmetric ones included.
    pub cluster_max_keys: Sourced<f64>,
    /// Asymmetric keys (key pairs) one hsm2m.medium cluster holds at most.
    pub cluster_max_asymmetric_keys: Sourced<f64>,
    /// Customer managed KMS keys an account may have in a Region by default.
    pub kms_keys: Sourced<f64>,
    /// On-demand rotations KMS allows a key; past them, a key is rotated by hand.
    pub on_demand_rotations: Sourced<f64>,
    /// AWS Payment Cryptography keys an account may have in a Region by default.
    pub payment_keys: Sourced<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCapacity {
    basis: String,
    points: Vec<Spanned<RawCapacityPoint>>,
    source: Spanned<String>,
    as_of: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRequestQuota {
    kind: Spanned<String>,
    name: String,
    requests_per_second: Option<Spanned<f64>>,
    source: Spanned<String>,
    as_of: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCapacityPoint {
    hsms: u32,
    ops_per_second: f64,
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Quotas> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let key_store: Option<RawFigure<f64>> = reader.required("key-store-ops-per-second");
    let cluster_max: Option<RawFigure<f64>> = reader.required("cluster-max-hsms");
    let account_hsms: Option<RawFigure<f64>> = reader.required("account-hsms-per-region");
    let key_stores: Option<RawFigure<f64>> = reader.required("key-stores-per-region");
    let kms_quota: Option<RawFigure<f64>> = reader.required("kms-symmetric-quota-default");
    let account_clusters: Option<RawFigure<f64>> = reader.required("account-clusters-per-region");
    let max_keys: Option<RawFigure<f64>> = reader.required("cluster-max-keys");
    let max_asymmetric: Option<RawFigure<f64>> = reader.required("cluster-max-asymmetric-keys");
    let kms_keys: Option<RawFigure<f64>> = reader.required("kms-keys-per-region");
    let on_demand: Option<RawFigure<f64>> = reader.required("on-demand-rotations");
    let payment_keys: Option<RawFigure<f64>> = reader.required("payment-cryptography-keys-per-region");
    let capacity: Option<RawCapacity> = reader.required("cloudhsm-capacity");
    let (request_quotas, complete): (Vec<Spanned<RawRequestQuota>>, bool) = reader.each("request-quota");
    let mut check = reader.finish();
    let mut positive = |figure: Option<RawFigure<f64>>, what: &str| figure.and_then(|f| check.positive(f, what));
    let account_clusters = positive(account_clusters, "account-clusters-per-region");
    let max_keys = positive(max_keys, "cluster-max-keys");
    let max_asymmetric = positive(max_asymmetric, "cluster-max-asymmetric-keys");
    let kms_keys = positive(kms_keys, "kms-keys-per-region");
    let on_demand = positive(on_demand, "on-demand-rotations");
    let payment_keys = positive(payment_keys, "payment-cryptography-keys-per-region");
    let request_quotas = read_request_quotas(&mut check, request_quotas, complete);
    let key_store = check.positive(key_store?, "key-store-ops-per-second");
    let cluster_max = cluster_max.and_then(|figure| check.positive(figure, "cluster-max-hsms"));
    let account_hsms = account_hsms.and_then(|figure| check.positive(figure, "account-hsms-per-region"));
    let key_stores = key_stores.and_then(|figure| check.positive(figure, "key-stores-per-region"));
    let kms_quota = kms_quota.and_then(|figure| check.positive(figure, "kms-symmetric-quota-default"));
    let capacity = capacity?;

    let mut points: Vec<(u32, f64)> = Vec::new();
    for spanned in &capacity.points {
        let point = spanned.get_ref();
        let ascending = points.last().is_none_or(|&(hsms, ops)| point.hsms > hsms && point.ops_per_second > ops);
        if point.hsms == 0 || !point.ops_per_second.is_finite() || point.ops_per_second <= 0.0 || !ascending {
            check.error(
                spanned.span().start,
                Code::CapacityPoints,
                "`points`: expected HSMs above 0 and operations per second above 0, both rising from point to point",
            );
        }
        points.push((point.hsms, point.ops_per_second));
    }
    if points.len() < 2 {
        check.error(0, Code::CapacityPoints, "`cloudhsm-capacity`: expected at least two points");
    }
    let points = check.sourced(points, capacity.source, &capacity.as_of)?;
    let limits = Limits {
        cluster_max_hsms: cluster_max?,
        account_hsms: account_hsms?,
        key_stores: key_stores?,
        kms_symmetric_quota: kms_quota?,
        account_clusters: account_clusters?,
        cluster_max_keys: max_keys?,
        cluster_max_asymmetric_keys: max_asymmetric?,
        kms_keys: kms_keys?,
        on_demand_rotations: on_demand?,
        payment_keys: payment_keys?,
    };
    let capacity = Capacity { basis: capacity.basis, points };
    Some(Quotas { key_store_quota: key_store?, limits, capacity, request_quotas: request_quotas? })
}

/// One `[[request-quota]]` for each kind of request, in any order; every kind but the
/// symmetric one (whose quota is the Region's) with its requests a second.
fn read_request_quotas(
    check: &mut super::reader::Check<'_, '_>,
    raw: Vec<Spanned<RawRequestQuota>>,
    complete: bool,
) -> Option<[RequestQuota; RequestKind::ALL.len()]> {
    let mut found: [Option<RequestQuota>; RequestKind::ALL.len()] = Default::default();
    for spanned in raw {
        let start = spanned.span().start;
        let quota = spanned.into_inner();
        let Some(kind) = RequestKind::ALL.into_iter().find(|k| k.rules_kind() == quota.kind.get_ref()) else {
            let kinds = RequestKind::ALL.map(RequestKind::rules_kind).join(", ");
            let message = format!("`kind`: expected one of {kinds}, found \"{}\"", quota.kind.get_ref());
            check.error(quota.kind.span().start, Code::InvalidValue, message);
            continue;
        };
        let rate = quota.requests_per_second.as_ref().map(|rate| *rate.get_ref());
        let symmetric = kind == RequestKind::Symmetric;
        if symmetric == rate.is_some() || rate.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
            let message = if symmetric {
                "`requests-per-second`: the symmetric quota is the Region's, in regions.toml".to_string()
            } else {
                format!("`requests-per-second`: expected a number above 0 for the {} quota", kind.rules_kind())
            };
            let at = quota.requests_per_second.as_ref().map_or(start, |rate| rate.span().start);
            check.error(at, Code::OutOfRange, message);
            continue;
        }
        if found[kind.index()].is_some() {
            check.error(quota.kind.span().start, Code::DuplicateId, format!("a second `{}` quota", kind.rules_kind()));
            continue;
        }
        let sourced = check.sourced((), quota.source, &quota.as_of)?;
        found[kind.index()] = Some(RequestQuota {
            name: quota.name.into(),
            requests_per_second: rate,
            source: sourced.source.into(),
            as_of: sourced.as_of,
        });
    }
    if complete && let Some(missing) = RequestKind::ALL.iter().find(|kind| found[kind.index()].is_none()) {
        check.error(0, Code::MissingKey, format!("missing `[[request-quota]]` of kind `{}`", missing.rules_kind()));
    }
    found.into_iter().collect::<Option<Vec<RequestQuota>>>()?.try_into().ok()
}

impl RuleSet {
    /// Operations per second a cluster of `hsms` sustains: the published points, linear
    /// between them, proportional below the first and along the last step beyond the last.
    pub fn cluster_capacity(&self, hsms: u32) -> f64 {
        let points = &self.capacity.points.value;
        let (first, last) = (points[0], points[points.len() - 1]);
        let n = f64::from(hsms);
        if hsms <= first.0 {
            return first.1 * n / f64::from(first.0);
        }
        let segment = points
            .windows(2)
            .find(|pair| hsms <= pair[1].0)
            .map_or_else(|| [points[points.len().saturating_sub(2)], last], |pair| [pair[0], pair[1]]);
        let [(h0, c0), (h1, c1)] = segment;
        c0 + (c1 - c0) * (n - f64::from(h0)) / f64::from(h1 - h0)
    }

    /// The CloudHSM key stores that carry `peak_ops` (operations a second) when it is spread
    /// over them, at least 1: each serves up to the key store quota.
    pub fn key_stores_for_peak(&self, peak_ops: f64) -> u32 {
        (peak_ops / self.key_store_quota.value).ceil().max(1.0) as u32
    }

    /// The fewest HSMs that sustain `peak_ops` (operations a second), at least 1. High
    /// availability's two are a note of the advice, not part of this count.
    pub fn hsms_for_peak(&self, peak_ops: f64) -> u32 {
        let fits = |hsms: u32| self.cluster_capacity(hsms) >= peak_ops;
        let mut high = 1;
        while !fits(high) && high < u32::MAX / 2 {
            high *= 2;
        }
        let mut low = high / 2;
        // The answer lies in (low, high]: bisect it.
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if fits(middle) { high = middle } else { low = middle }
        }
        high
    }
}

#[cfg(test)]
mod tests {
    use crate::ruleset::shipped;

    #[test]
    fn cluster_capacity_follows_the_published_points() {
        let rules = shipped();
        let cases = [(1, 1000.0), (2, 2000.0), (3, 3000.0), (4, 3666.67), (6, 5000.0), (9, 7000.0)];
        for (hsms, ops) in cases {
            assert!((rules.cluster_capacity(hsms) - ops).abs() < 0.01, "{hsms}: {}", rules.cluster_capacity(hsms));
        }
        let needs = [(0.0, 1), (1000.0, 1), (1000.5, 2), (2000.0, 2), (2000.5, 3), (5000.0, 6), (150_000.0, 224)];
        for (peak, hsms) in needs {
            assert_eq!(rules.hsms_for_peak(peak), hsms, "peak {peak}");
        }
    }
}
