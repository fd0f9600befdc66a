//! The figures of the rules a result can use, each with its value, unit, source and the day it
//! was true: worked out per Region when the rules load, so every evaluation shares them.
//! `sources` picks those an evaluation used; the rule set only needs their ids and values.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Region, RuleSet, Sourced};
use crate::costs::RequestKind;
use crate::format;

/// What a figure counts, as the JSON API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    UsdPerHsmHour,
    UsdPerKeyMonth,
    UsdPer10kRequests,
    RequestsPerMonth,
    RequestsPerSecond,
    OperationsPerSecond,
    Hsms,
    KeyStores,
    Clusters,
    Keys,
    Rotations,
    FipsLevel,
    /// Whether a Region offers a service: 1, or 0.
    Offered,
}

impl Unit {
    /// Its name in the JSON API and the CSV.
    pub fn id(self) -> &'static str {
        match self {
            Unit::UsdPerHsmHour => "usd_per_hsm_hour",
            Unit::UsdPerKeyMonth => "usd_per_key_month",
            Unit::UsdPer10kRequests => "usd_per_10k_requests",
            Unit::RequestsPerMonth => "requests_per_month",
            Unit::RequestsPerSecond => "requests_per_second",
            Unit::OperationsPerSecond => "operations_per_second",
            Unit::Hsms => "hsms",
            Unit::KeyStores => "key_stores",
            Unit::Clusters => "clusters",
            Unit::Keys => "keys",
            Unit::Rotations => "rotations",
            Unit::FipsLevel => "fips_level",
            Unit::Offered => "offered",
        }
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// One figure a result used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourcedFigure {
    /// Stable identifier, snake_case: `cloudhsm_hourly_usd`, `symmetric_requests_usd_per_10k`, …
    pub figure: String,
    /// What it is, in words, e.g. "CloudHSM price per HSM-hour in Europe (Ireland)".
    pub label: String,
    /// In `unit`s.
    pub value: f64,
    pub unit: Unit,
    /// Where it comes from, as the rules write it; for a figure entered in the link, which
    /// parameter gave it.
    pub source: String,
    /// The source's address, when it starts with one.
    pub url: Option<String>,
    /// The day the figure was true; `None` for a figure entered in the link.
    pub as_of: Option<NaiveDate>,
    /// What a reader should know before relying on it, e.g. that it is the source article's
    /// figure and not AWS's price for the Region.
    pub note: Option<String>,
}

impl SourcedFigure {
    /// The value with its unit, as people read it: "$1.46 an HSM-hour", "10,000 a second".
    pub fn shown(&self) -> String {
        let value = self.value;
        match self.unit {
            Unit::UsdPerHsmHour => format!("{} an HSM-hour", format::price(value)),
            Unit::UsdPerKeyMonth => format!("{} a key-month", format::price(value)),
            Unit::UsdPer10kRequests => format!("{} per 10,000 requests", format::price(value)),
            Unit::RequestsPerMonth => format!("{} requests a month", format::count(value)),
            Unit::RequestsPerSecond => format!("{} requests a second", format::count(value)),
            Unit::OperationsPerSecond => format!("{} operations a second", format::count(value)),
            Unit::Hsms => format!("{} HSMs", format::count(value)),
            Unit::KeyStores => format!("{} key stores", format::count(value)),
            Unit::Clusters => format!("{} clusters", format::count(value)),
            Unit::Keys => format!("{} keys", format::count(value)),
            Unit::Rotations => format!("{} rotations", format::count(value)),
            Unit::FipsLevel => format!("Level {}", format::count(value)),
            Unit::Offered if value > 0.0 => "offered".to_string(),
            Unit::Offered => "not offered".to_string(),
        }
    }

    /// Whether the figure is the source article's.
    pub fn is_source_article(&self) -> bool {
        is_source_article(&self.source)
    }

    /// Whether the figure is AWS Payment Cryptography's: only a state whose keys do payment
    /// functions uses it. Its ids, and no other's, start with `payment_`.
    pub fn is_payment_only(&self) -> bool {
        self.figure.starts_with(PAYMENT_FIGURES)
    }

    /// The source without its address: what the page names the link with. The whole source
    /// when it has no address, the address when it has nothing else.
    pub fn source_words(&self) -> &str {
        let Some(url) = &self.url else { return &self.source };
        let rest = self.source.strip_prefix(url.as_str()).unwrap_or(&self.source).trim();
        let rest = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(rest);
        if rest.is_empty() { url } else { rest }
    }
}

/// How the ids of AWS Payment Cryptography's figures start.
const PAYMENT_FIGURES: &str = "payment_";

/// The rules name the source article first in the source of a figure they take from it.
fn is_source_article(source: &str) -> bool {
    source.starts_with("source article")
}

/// What the notes say of a figure taken from the source article.
pub(crate) const ARTICLE_PRICE_NOTE: &str =
    "the source article's figure; not checked against AWS's price list for this Region";

impl<T> Sourced<T> {
    /// Whether the figure is the source article's.
    pub fn is_source_article(&self) -> bool {
        is_source_article(&self.source)
    }

    /// The address the source starts with, if any.
    pub fn url(&self) -> Option<&str> {
        source_url(&self.source)
    }
}

/// The address a figure's `source` starts with, if any ("https://… (what the page says)").
pub(crate) fn source_url(source: &str) -> Option<&str> {
    let first = source.split_whitespace().next()?;
    (first.starts_with("https://") || first.starts_with("http://")).then_some(first)
}

/// Every figure of the rules an evaluation in `region` reads.
pub(crate) fn region_figures(rules: &RuleSet, region: &Region) -> Vec<SourcedFigure> {
    let prices = &rules.prices;
    let limits = &rules.limits;
    let mut figures = Vec::with_capacity(24);
    let in_region = |what: &str| format!("{what} in {}", region.name);

    let hourly = rules.hsm_hourly(region);
    let previous_type = region.cloudhsm_hsm1_hourly_usd.as_ref().map(|previous| {
        format!(
            "the current HSM type's (hsm2m.medium); the previous type, hsm1.medium, costs {} an HSM-hour here",
            format::price(previous.value)
        )
    });
    let note = if hourly.is_source_article() { Some(ARTICLE_PRICE_NOTE.to_string()) } else { previous_type };
    let hourly_label = in_region("CloudHSM price per HSM-hour");
    figures.push(from_rules("cloudhsm_hourly_usd", hourly_label, Unit::UsdPerHsmHour, hourly, note));
    let key_month = rules.kms_key_month(region);
    figures.push(from_rules("kms_key_month_usd", in_region("KMS key"), Unit::UsdPerKeyMonth, key_month, None));
    let payment_key = &prices.payment_key_month_usd;
    let payment_label = in_region("AWS Payment Cryptography key");
    figures.push(from_rules("payment_key_month_usd", payment_label, Unit::UsdPerKeyMonth, payment_key, None));
    for kind in RequestKind::ALL {
        let label = in_region(&prices.requests[kind.index()].label);
        let price = rules.request_price(region, kind);
        let figure = format!("{}_usd_per_10k", kind.item().id());
        figures.push(from_rules(&figure, label, Unit::UsdPer10kRequests, price, None));
    }
    let words = [
        ("kms_free_requests", "Symmetric requests free each month", Unit::RequestsPerMonth, &prices.kms_free_requests),
        ("rotation_usd", "What each charged rotation adds to a key", Unit::UsdPerKeyMonth, &prices.rotation_usd),
        (
            "charged_rotations",
            "Rotations of a key that are charged",
            Unit::Rotations,
            &as_f64(&prices.charged_rotations),
        ),
        (
            "key_store_min_hsms",
            "HSMs a CloudHSM key store needs at least",
            Unit::Hsms,
            &as_f64(&prices.key_store_min_hsms),
        ),
    ];
    figures
        .extend(words.into_iter().map(|(id, label, unit, sourced)| from_rules(id, label.into(), unit, sourced, None)));

    let quota_label = in_region("Symmetric KMS requests a second");
    let quota = &region.kms_symmetric_quota;
    figures.push(from_rules("kms_symmetric_quota", quota_label, Unit::RequestsPerSecond, quota, None));
    let words = [
        ("key_store_quota", "Requests a second one key store serves", Unit::RequestsPerSecond, &rules.key_store_quota),
        ("cluster_max_hsms", "HSMs in one CloudHSM cluster at most", Unit::Hsms, &limits.cluster_max_hsms),
        ("account_hsms_per_region", "HSMs an account may run in a Region", Unit::Hsms, &limits.account_hsms),
        (
            "key_stores_per_region",
            "Custom key stores an account may have in a Region",
            Unit::KeyStores,
            &limits.key_stores,
        ),
        (
            "account_clusters_per_region",
            "CloudHSM clusters an account may have in a Region",
            Unit::Clusters,
            &limits.account_clusters,
        ),
        ("cluster_max_keys", "Keys one CloudHSM cluster holds", Unit::Keys, &limits.cluster_max_keys),
        (
            "cluster_max_asymmetric_keys",
            "Asymmetric keys one CloudHSM cluster holds",
            Unit::Keys,
            &limits.cluster_max_asymmetric_keys,
        ),
        ("kms_keys_per_region", "KMS keys an account may have in a Region", Unit::Keys, &limits.kms_keys),
        ("on_demand_rotations", "On-demand rotations of a KMS key", Unit::Rotations, &limits.on_demand_rotations),
        (
            "payment_cryptography_keys_per_region",
            "AWS Payment Cryptography keys an account may have in a Region",
            Unit::Keys,
            &limits.payment_keys,
        ),
    ];
    figures
        .extend(words.into_iter().map(|(id, label, unit, sourced)| from_rules(id, label.into(), unit, sourced, None)));
    for kind in &RequestKind::ALL[1..] {
        let quota = &rules.request_quotas[kind.index()];
        let Some(value) = quota.requests_per_second else { continue };
        let sourced = Sourced { value, source: quota.source.to_string(), as_of: quota.as_of };
        let label = format!("“{}” quota, a second", quota.name);
        figures.push(from_rules(&quota_figure(*kind), label, Unit::RequestsPerSecond, &sourced, None));
    }
    let capacity = &rules.capacity;
    for &(hsms, ops) in &capacity.points.value {
        let point = Sourced { value: ops, source: capacity.points.source.clone(), as_of: capacity.points.as_of };
        let label = format!("Operations a second of a cluster of {hsms} HSMs ({})", capacity.basis);
        let figure = format!("cloudhsm_capacity_{hsms}_hsms");
        figures.push(from_rules(&figure, label, Unit::OperationsPerSecond, &point, None));
    }

    if let Some(offered) = &region.payment_cryptography {
        let value = f64::from(u8::from(offered.value));
        let sourced = Sourced { value, source: offered.source.clone(), as_of: offered.as_of };
        let label = in_region("AWS Payment Cryptography");
        figures.push(from_rules("payment_cryptography_offered", label, Unit::Offered, &sourced, None));
    }

    let compliance = &rules.compliance;
    for (figure, service, validation) in
        [("kms_fips_level", "KMS", &compliance.kms), ("cloudhsm_fips_level", "CloudHSM", &compliance.cloudhsm)]
    {
        let level =
            Sourced { value: f64::from(validation.level), source: validation.source.clone(), as_of: validation.as_of };
        let label = format!(
            "FIPS 140 level of {service}'s HSMs ({}, certificate {})",
            validation.standard, validation.certificate
        );
        figures.push(from_rules(figure, label, Unit::FipsLevel, &level, None));
    }
    figures
}

/// The id of every figure [`region_figures`] lists for a Region that offers AWS Payment
/// Cryptography (others lack `payment_cryptography_offered`), for rules whose cluster throughput
/// is published for clusters of `capacity`'s sizes (`(hsms, operations a second)`).
pub fn figure_ids(capacity: &[(u32, f64)]) -> Vec<String> {
    let requests = RequestKind::ALL.map(|kind| format!("{}_usd_per_10k", kind.item().id()));
    let before = ["cloudhsm_hourly_usd", "kms_key_month_usd", "payment_key_month_usd"].map(String::from);
    let after = [
        "kms_free_requests",
        "rotation_usd",
        "charged_rotations",
        "key_store_min_hsms",
        "kms_symmetric_quota",
        "key_store_quota",
        "cluster_max_hsms",
        "account_hsms_per_region",
        "key_stores_per_region",
        "account_clusters_per_region",
        "cluster_max_keys",
        "cluster_max_asymmetric_keys",
        "kms_keys_per_region",
        "on_demand_rotations",
        "payment_cryptography_keys_per_region",
    ]
    .map(String::from);
    let quotas = RequestKind::ALL[1..].iter().map(|&kind| quota_figure(kind));
    let points = capacity.iter().map(|(hsms, _)| format!("cloudhsm_capacity_{hsms}_hsms"));
    let facts = ["payment_cryptography_offered", "kms_fips_level", "cloudhsm_fips_level"].map(String::from);
    before.into_iter().chain(requests).chain(after).chain(quotas).chain(points).chain(facts).collect()
}

/// The id of the default quota of a kind of request other than symmetric, e.g.
/// `rsa2048_requests_quota`.
pub fn quota_figure(kind: RequestKind) -> String {
    format!("{}_quota", kind.item().id())
}

/// A figure of the rules, with `note`, or the article's caveat when it is the article's.
fn from_rules(figure: &str, label: String, unit: Unit, sourced: &Sourced<f64>, note: Option<String>) -> SourcedFigure {
    SourcedFigure {
        figure: figure.to_string(),
        label,
        value: sourced.value,
        unit,
        source: sourced.source.clone(),
        url: sourced.url().map(str::to_string),
        as_of: Some(sourced.as_of),
        note: note.or_else(|| sourced.is_source_article().then(|| "the source article's figure".to_string())),
    }
}

fn as_f64(sourced: &Sourced<u32>) -> Sourced<f64> {
    Sourced { value: f64::from(sourced.value), source: sourced.source.clone(), as_of: sourced.as_of }
}
