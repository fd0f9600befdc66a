//! The cost model (docs/cost-model.md gives its formulas): each option's bill,
//! month by month over a horizon with growth and key rotation, line by line for the first month,
//! and the symmetric request volume at which KMS and CloudHSM cost the same. [`Projection`]
//! holds all of it for one state, computed once per evaluation.

use serde::Serialize;

mod bill;
mod break_even;
mod usage;

pub use self::bill::{Item, LineItem, PriceSheet, Requests, Steady, rotations_before};
pub use self::break_even::BreakEven;
pub use self::usage::{KeyLimits, Usage};
pub use crate::per_option::PerOption;

/// The ways to hold keys that the advisor chooses between, in the contract's order: five for
/// general-purpose keys, and AWS's managed payment HSMs. Their titles, descriptions, pros and
/// cons are words in `rules/framework.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyOption {
    /// AWS KMS with key material it generates, on HSMs it shares between customers.
    Kms,
    /// KMS with key material you generate and import ("bring your own key").
    KmsImported,
    /// KMS keys in a CloudHSM key store: key material on your own CloudHSM cluster.
    CustomKeyStore,
    /// KMS keys in an external key store (XKS): key material on your key manager outside AWS.
    ExternalKeyStore,
    /// CloudHSM used directly by your own code.
    Cloudhsm,
    /// AWS Payment Cryptography: managed payment HSMs for PIN, card verification, EMV and
    /// payment key exchange, and nothing else.
    PaymentCryptography,
}

impl KeyOption {
    pub const ALL: [KeyOption; 6] = [
        KeyOption::Kms,
        KeyOption::KmsImported,
        KeyOption::CustomKeyStore,
        KeyOption::ExternalKeyStore,
        KeyOption::Cloudhsm,
        KeyOption::PaymentCryptography,
    ];

    /// The contract's identifier.
    pub fn id(self) -> &'static str {
        match self {
            KeyOption::Kms => "kms",
            KeyOption::KmsImported => "kms_imported",
            KeyOption::CustomKeyStore => "custom_key_store",
            KeyOption::ExternalKeyStore => "external_key_store",
            KeyOption::Cloudhsm => "cloudhsm",
            KeyOption::PaymentCryptography => "payment_cryptography",
        }
    }

    /// Whether the option serves payment functions only: a page shows it beside the others when
    /// the keys do payment functions or it is recommended, where the API always prices it.
    pub fn payment_only(self) -> bool {
        self == KeyOption::PaymentCryptography
    }

    pub fn from_id(id: &str) -> Option<KeyOption> {
        KeyOption::ALL.into_iter().find(|option| option.id() == id)
    }

    /// Where it stands in `ALL`.
    pub fn index(self) -> usize {
        KeyOption::ALL.iter().position(|&option| option == self).unwrap_or(0)
    }
}

/// A kind of request with its own price and quota: KMS's five, and AWS Payment Cryptography's
/// data-plane requests. Only symmetric requests count against KMS's free tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// Encrypt, Decrypt, GenerateDataKey, ReEncrypt, HMAC and other symmetric calls.
    Symmetric,
    /// Sign, Verify, Encrypt and Decrypt with RSA-2048 keys.
    Rsa2048,
    /// Other asymmetric calls (ECC, RSA 3072/4096, ML-DSA).
    Asymmetric,
    /// GenerateDataKeyPair for ECC pairs.
    EccKeypair,
    /// GenerateDataKeyPair for RSA pairs.
    RsaKeypair,
    /// AWS Payment Cryptography's data-plane calls (PIN translation and verification, card
    /// verification values, EMV, MACs).
    Payment,
}

impl RequestKind {
    pub const ALL: [RequestKind; 6] = [
        RequestKind::Symmetric,
        RequestKind::Rsa2048,
        RequestKind::Asymmetric,
        RequestKind::EccKeypair,
        RequestKind::RsaKeypair,
        RequestKind::Payment,
    ];

    /// The service that bills and limits this kind: `"kms"` or `"payment-cryptography"`, as
    /// `rules/prices.toml` names its table.
    pub fn service(self) -> &'static str {
        match self {
            RequestKind::Payment => "payment-cryptography",
            _ => "kms",
        }
    }

    /// Whether KMS bills this kind.
    pub fn is_kms(self) -> bool {
        self.service() == "kms"
    }

    /// The contract parameter that gives this kind's requests a month.
    pub fn parameter(self) -> &'static str {
        match self {
            RequestKind::Symmetric => crate::contract::REQUESTS.name,
            RequestKind::Rsa2048 => "rsa2048_requests",
            RequestKind::Asymmetric => "asymmetric_requests",
            RequestKind::EccKeypair => "ecc_keypair_requests",
            RequestKind::RsaKeypair => "rsa_keypair_requests",
            RequestKind::Payment => "payment_requests",
        }
    }

    /// The `kind` of its price in `rules/prices.toml` (`[[kms.request]]`, or
    /// `[[payment-cryptography.request]]`) and of its `[[request-quota]]`.
    pub fn rules_kind(self) -> &'static str {
        match self {
            RequestKind::Symmetric => "symmetric",
            RequestKind::Rsa2048 => "rsa-2048",
            RequestKind::Asymmetric => "asymmetric",
            RequestKind::EccKeypair => "ecc-generate-data-key-pair",
            RequestKind::RsaKeypair => "rsa-generate-data-key-pair",
            RequestKind::Payment => "payment",
        }
    }

    /// Its line on a bill.
    pub fn item(self) -> Item {
        match self {
            RequestKind::Symmetric => Item::SymmetricRequests,
            RequestKind::Rsa2048 => Item::Rsa2048Requests,
            RequestKind::Asymmetric => Item::AsymmetricRequests,
            RequestKind::EccKeypair => Item::EccKeypairRequests,
            RequestKind::RsaKeypair => Item::RsaKeypairRequests,
            RequestKind::Payment => Item::PaymentRequests,
        }
    }

    /// Where it stands in `ALL`.
    pub fn index(self) -> usize {
        RequestKind::ALL.iter().position(|&kind| kind == self).unwrap_or(0)
    }
}

/// Cost of each option, USD, rounded to the cent: a month's, or a span's.
pub type MonthlyCosts = PerOption<f64>;

/// Each option's first-month bill, line by line; serialized as a map from the option's id to its
/// lines.
pub type Breakdown = PerOption<Vec<LineItem>>;

/// `options` in groups whose figures are all equal (e.g. KMS with its own or with imported key
/// material), in the order of their first member; `figures` gives an option's figures.
pub fn equal_groups(options: &[KeyOption], figures: impl Fn(KeyOption) -> Vec<f64>) -> Vec<Vec<KeyOption>> {
    let mut groups: Vec<(Vec<f64>, Vec<KeyOption>)> = Vec::new();
    for &option in options {
        let mine = figures(option);
        match groups.iter_mut().find(|(theirs, _)| *theirs == mine) {
            Some((_, members)) => members.push(option),
            None => groups.push((mine, vec![option])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

/// The span of requests per month a cost chart covers: whole powers of ten from at most 10^4 to
/// at least 10^11, widened so that `requests` and the break-even point sit inside with room.
pub fn request_range(requests: f64, break_even: Option<f64>) -> (f64, f64) {
    let (mut low, mut high) = (1e4_f64, 1e11_f64);
    for volume in [Some(requests), break_even].into_iter().flatten().filter(|v| *v > 0.0) {
        low = low.min(10f64.powf((volume / 10.0).log10().floor()));
        high = high.max(10f64.powf((volume * 10.0).log10().ceil()));
    }
    (low, high)
}

/// First-month costs at `points` volumes of `kind` spaced evenly on a log scale over `range`,
/// the other kinds held.
pub fn request_curve(
    prices: &PriceSheet,
    usage: &Usage,
    kind: RequestKind,
    range: (f64, f64),
    points: usize,
) -> Vec<(f64, MonthlyCosts)> {
    let (low, high) = (range.0.log10(), range.1.log10());
    let steps = points.max(2) - 1;
    (0..=steps)
        .map(|i| {
            let mut requests = usage.requests;
            requests[kind.index()] = 10f64.powf(low + (high - low) * i as f64 / steps as f64);
            let costs = prices.month(usage, &requests, 1);
            (requests[kind.index()], costs)
        })
        .collect()
}

/// What the cost model says of one state, computed once and read by the API, the page, the
/// charts and the exports.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub prices: PriceSheet,
    pub usage: Usage,
    /// USD in month 1.
    pub monthly: MonthlyCosts,
    /// Month 1's bills line by line.
    pub breakdown: Breakdown,
    /// USD over months 1 to 12, with growth and rotation.
    pub first_year: MonthlyCosts,
    /// When automatic rotation's charges stop growing; `None` without rotation.
    pub steady: Option<Steady>,
    /// Month 1 to the horizon, requests growing by the given percentage a month.
    pub months: Vec<MonthCost>,
    /// Symmetric requests a month at which KMS and CloudHSM cost the same; `None` when KMS
    /// costs more at any volume.
    pub break_even: Option<f64>,
    /// The kind of request a chart of cost against requests varies: the one the keys make most
    /// of ([`PriceSheet::deciding_kind`]); symmetric unless the state says otherwise.
    pub varied: RequestKind,
}

impl Projection {
    /// `growth_percent` a month over `months` months (at least 1).
    pub fn new(prices: PriceSheet, usage: Usage, growth_percent: f64, months: u32) -> Projection {
        let mut rows = prices.over_time(&usage, growth_percent, months.max(12));
        let first_year = rows[11].cumulative;
        rows.truncate(months.max(1) as usize);
        Projection {
            prices,
            usage,
            monthly: rows[0].monthly,
            breakdown: prices.breakdown(&usage),
            first_year,
            steady: prices.steady(&usage, months.max(1)),
            months: rows,
            break_even: prices.break_even_requests(&usage),
            varied: RequestKind::Symmetric,
        }
    }

    /// USD a month once every charged rotation is done (or in the horizon's last month, if that
    /// comes first), at the first month's volumes.
    pub fn ongoing(&self) -> MonthlyCosts {
        match self.steady {
            Some(steady) if steady.month <= self.months.len() as u32 => steady.monthly,
            Some(_) => self.prices.ongoing(&self.usage, self.months.len() as u32),
            None => self.monthly,
        }
    }

    /// USD over the whole horizon.
    pub fn horizon(&self) -> MonthlyCosts {
        self.months.last().map_or(self.monthly, |month| month.cumulative)
    }

    /// The span of requests of the [`varied`](Projection::varied) kind a month that a cost
    /// chart of this state covers, holding the workload's volume and `break_even` (requests a
    /// month where two options cost the same).
    pub fn request_range(&self, break_even: Option<f64>) -> (f64, f64) {
        request_range(self.usage.requests[self.varied.index()], break_even)
    }

    /// First-month costs at `points` volumes of the varied kind over
    /// [`Projection::request_range`]; computed when a chart is drawn or exported, not for every
    /// page that links to one.
    pub fn curve(&self, break_even: Option<f64>, points: usize) -> Vec<(f64, MonthlyCosts)> {
        request_curve(&self.prices, &self.usage, self.varied, self.request_range(break_even), points)
    }
}

/// One month of the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthCost {
    /// 1 for the first month.
    pub month: u32,
    /// Requests that month, in `RequestKind::ALL`'s order.
    pub requests: Requests,
    pub monthly: MonthlyCosts,
    pub cumulative: MonthlyCosts,
}

#[cfg(test)]
mod tests;
