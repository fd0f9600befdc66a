//! Each kind of request (KMS's, and AWS Payment Cryptography's) against its own quota: the peak is split across the kinds the keys'
//! usage allows by their share of the month's requests, and each kind is checked at the larger of
//! its share of the peak and its month's average, against the quota Service Quotas names.

use std::sync::Arc;

use serde::Serialize;

use crate::contract::HOURS_PER_MONTH;
use crate::costs::RequestKind;
use crate::format;
use crate::inputs::Inputs;
use crate::ruleset::RuleSet;
use crate::ruleset::figures::source_url;

/// One kind of request's load against its quota, in requests a second.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotaCheck {
    /// The kind, named by the contract's parameter for its requests a month (`requests` for
    /// symmetric ones).
    #[serde(serialize_with = "kind_parameter")]
    pub kind: RequestKind,
    /// The quota as Service Quotas names it.
    pub quota_name: Arc<str>,
    /// Requests a second the account may make: the default, or the raised quota entered.
    pub quota: f64,
    /// The parameter that enters a raised quota of this kind, when the contract has one.
    pub parameter: Option<&'static str>,
    /// Requests a second of the peak that this kind carries.
    pub peak_share: f64,
    /// Requests a second the month's requests of this kind average.
    pub average: f64,
    /// Whether the whole peak was put on this kind, the kinds the usage allows having no
    /// requests a month to split it by: the kind with the lowest quota.
    pub assumed: bool,
    /// Requests a second checked: the larger of `peak_share` and `average`.
    pub load: f64,
    pub over: bool,
    /// Where AWS states the quota.
    pub source: Arc<str>,
}

fn kind_parameter<S: serde::Serializer>(kind: &RequestKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.parameter())
}

impl QuotaCheck {
    /// "RSA-2048 requests at 5,000/s against the “Cryptographic operations (RSA) request rate”
    /// of 1,000/s".
    pub fn words(&self, rules: &RuleSet) -> String {
        let label = rules.prices.requests.get(self.kind.index()).map_or(self.kind.parameter(), |p| p.label.as_str());
        let label = format::lowercase_first(label);
        let assumed = if self.assumed { " (the whole peak, as no requests a month are given)" } else { "" };
        format!(
            "{label} at {}/s{assumed} against the “{}” quota of {}/s",
            format::count(self.load.ceil()),
            self.quota_name,
            format::count(self.quota)
        )
    }

    /// The AWS page that states the quota.
    pub fn url(&self) -> Option<&str> {
        source_url(&self.source)
    }

    /// The increase to ask for: "“Cryptographic operations (RSA) request rate” to at least
    /// 5,000/s".
    pub fn increase(&self) -> String {
        format!("“{}” to at least {}/s", self.quota_name, format::count(self.load.ceil()))
    }
}

impl RuleSet {
    /// The request quota of `kind` in `inputs`' Region, requests a second, and the parameter
    /// that enters a raised one.
    pub fn request_quota(&self, inputs: &Inputs, kind: RequestKind) -> (f64, Option<&'static str>) {
        let default = self.request_quotas[kind.index()].requests_per_second;
        match kind {
            RequestKind::Symmetric => {
                (inputs.kms_quota().unwrap_or(self.region_of(inputs).kms_symmetric_quota.value), Some("kms_quota"))
            }
            RequestKind::Rsa2048 | RequestKind::Asymmetric => {
                (inputs.asymmetric_quota().or(default).unwrap_or(f64::INFINITY), Some("asymmetric_quota"))
            }
            RequestKind::EccKeypair | RequestKind::RsaKeypair | RequestKind::Payment => {
                (default.unwrap_or(f64::INFINITY), None)
            }
        }
    }

    /// Every kind the usage allows or the month has requests of, against its quota, in
    /// `RequestKind::ALL`'s order.
    pub fn quota_checks(&self, inputs: &Inputs) -> Vec<QuotaCheck> {
        let peak = inputs.peak_ops();
        // Flips check every variant of a page: each name is looked up once.
        let requests = RequestKind::ALL.map(|kind| inputs.requests_of(kind));
        let allowed = RequestKind::ALL.map(|kind| inputs.makes(kind));
        let quotas = RequestKind::ALL.map(|kind| self.request_quota(inputs, kind));
        let split: f64 = RequestKind::ALL.iter().filter(|k| allowed[k.index()]).map(|k| requests[k.index()]).sum();
        let assumed = (split <= 0.0)
            .then(|| {
                let allowed = RequestKind::ALL.into_iter().filter(|k| allowed[k.index()]);
                allowed.min_by(|a, b| quotas[a.index()].0.total_cmp(&quotas[b.index()].0))
            })
            .flatten();
        RequestKind::ALL
            .into_iter()
            .filter(|kind| allowed[kind.index()] || requests[kind.index()] > 0.0)
            .map(|kind| {
                let i = kind.index();
                let (quota, parameter) = quotas[i];
                let peak_share = if assumed == Some(kind) {
                    peak
                } else if split > 0.0 && allowed[i] {
                    peak * requests[i] / split
                } else {
                    0.0
                };
                let average = requests[i] / (HOURS_PER_MONTH * 3600.0);
                let load = peak_share.max(average);
                let named = &self.request_quotas[i];
                QuotaCheck {
                    kind,
                    quota_name: Arc::clone(&named.name),
                    quota,
                    parameter,
                    peak_share,
                    average,
                    assumed: assumed == Some(kind),
                    load,
                    over: load > quota,
                    source: Arc::clone(&named.source),
                }
            })
            .collect()
    }
}
