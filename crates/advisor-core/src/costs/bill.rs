//! One option's bill for one month, line by line: what each item costs at the prices of a
//! [`PriceSheet`] for a [`Usage`], and the rounding that makes the lines add up to the total.

use serde::Serialize;

use super::{Breakdown, KeyOption, MonthCost, MonthlyCosts, PerOption, RequestKind, Usage};
use crate::format::cents;

/// Requests of each kind in a month, in `RequestKind::ALL`'s order.
pub type Requests = [f64; RequestKind::ALL.len()];

/// What a line of a bill charges for; serialized as its [`Item::id`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    /// Customer managed keys; quantity in key-months.
    Keys,
    /// What automatic (or on-demand) rotation adds; quantity in key-months times charged
    /// rotations.
    Rotation,
    /// Keys kept enabled after a rotation by hand (a new key, the alias moved), each billed as
    /// a key; quantity in key-months.
    KeptKeys,
    /// Requests of each kind above what is free; quantity in units of 10,000 requests, as AWS
    /// quotes their prices.
    SymmetricRequests,
    Rsa2048Requests,
    AsymmetricRequests,
    EccKeypairRequests,
    RsaKeypairRequests,
    /// AWS Payment Cryptography's data-plane requests; quantity in units of 10,000.
    PaymentRequests,
    /// AWS Payment Cryptography's keys; quantity in key-months.
    PaymentKeys,
    /// A CloudHSM cluster's HSMs; quantity in HSM-hours.
    HsmHours,
    /// CloudHSM key stores, each with its own cluster; quantity in key stores.
    KeyStores,
    /// The customer's own key manager and XKS proxy; quantity in months.
    ExternalKeyManager,
}

impl Serialize for Item {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl Item {
    /// The name the API and the CSV give the item.
    pub fn id(self) -> &'static str {
        match self {
            Item::Keys => "keys",
            Item::Rotation => "rotation",
            Item::KeptKeys => "kept_keys",
            Item::SymmetricRequests => "symmetric_requests",
            Item::Rsa2048Requests => "rsa2048_requests",
            Item::AsymmetricRequests => "asymmetric_requests",
            Item::EccKeypairRequests => "ecc_keypair_requests",
            Item::RsaKeypairRequests => "rsa_keypair_requests",
            Item::PaymentRequests => "payment_requests",
            Item::PaymentKeys => "payment_keys",
            Item::HsmHours => "hsm_hours",
            Item::KeyStores => "key_stores",
            Item::ExternalKeyManager => "external_key_manager",
        }
    }

    /// What one unit of the quantity is.
    pub fn unit(self) -> &'static str {
        match self {
            Item::Keys | Item::Rotation | Item::KeptKeys | Item::PaymentKeys => "key-month",
            Item::SymmetricRequests
            | Item::Rsa2048Requests
            | Item::AsymmetricRequests
            | Item::EccKeypairRequests
            | Item::RsaKeypairRequests
            | Item::PaymentRequests => "10,000 requests",
            Item::HsmHours => "HSM-hour",
            Item::KeyStores => "key store-month",
            Item::ExternalKeyManager => "month",
        }
    }
}

/// The prices one evaluation uses, already resolved for its Region and overrides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceSheet {
    /// USD a customer managed key costs a month.
    pub key_month_usd: f64,
    /// USD a key-month each charged rotation adds.
    pub rotation_usd: f64,
    /// How many of a key's rotations are charged (the first two); later ones are free.
    pub charged_rotations: u32,
    /// USD per 10,000 requests, in `RequestKind::ALL`'s order.
    pub usd_per_10k: [f64; RequestKind::ALL.len()],
    /// Symmetric requests a month that cost nothing.
    pub free_requests: f64,
    /// USD an HSM costs an hour.
    pub hsm_hourly_usd: f64,
    /// HSMs a CloudHSM key store's cluster needs at least.
    pub key_store_min_hsms: u32,
    /// USD an AWS Payment Cryptography key costs a month.
    pub payment_key_month_usd: f64,
}

/// Rotations done before month `month` (1 for the first) by a key rotated every
/// `period_days`: whole periods in (`month` - 1) months of 365/12 days, in integer arithmetic.
pub fn rotations_before(month: u32, period_days: u64) -> u64 {
    u64::from(month.saturating_sub(1)) * 365 / (12 * period_days.max(1))
}

/// One line of a bill, exact: `usd` is `quantity` times `unit_usd`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Line {
    pub(super) item: Item,
    pub(super) quantity: f64,
    pub(super) unit_usd: f64,
    pub(super) usd: f64,
}

/// One line of a month's bill as the breakdown shows it, USD rounded so that the lines add up
/// to the month's total to the cent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineItem {
    pub item: Item,
    /// How many units are billed (see [`Item::unit`]); for symmetric requests, those above the
    /// free tier.
    pub quantity: f64,
    pub unit: &'static str,
    /// USD per unit.
    pub unit_usd: f64,
    /// USD, to the cent.
    pub usd: f64,
}
impl PriceSheet {
    /// Each line of `option`'s bill in month `month` (1 for the first), with `requests` of each
    /// kind that month. Imported key material is billed as KMS's own. Custom key stores hold
    /// symmetric keys only and cannot rotate automatically, so they bill neither other request
    /// kinds nor rotation; an external key store adds the customer's key manager and proxy.
    fn bill(&self, option: KeyOption, usage: &Usage, requests: &Requests, month: u32, line: &mut dyn FnMut(Line)) {
        let mut add =
            |item, quantity: f64, unit_usd: f64| line(Line { item, quantity, unit_usd, usd: quantity * unit_usd });
        let keys = usage.keys as f64;
        let symmetric = (requests[0] - self.free_requests).max(0.0) / 10_000.0;
        let rotation = |add: &mut dyn FnMut(Item, f64, f64), option: KeyOption| {
            if usage.rotation_days.is_none() {
                return;
            }
            let by_kms = usage.rotated_by_kms(option);
            if by_kms > 0 {
                let charged = usage.rotations_in(month).min(u64::from(self.charged_rotations));
                add(Item::Rotation, (by_kms * charged) as f64, self.rotation_usd);
            }
            let kept = usage.kept_keys(option, month);
            if usage.rotated_by_hand(option) > 0 || kept > 0 {
                add(Item::KeptKeys, kept as f64, self.key_month_usd);
            }
        };
        match option {
            KeyOption::Kms | KeyOption::KmsImported => {
                add(Item::Keys, keys, self.key_month_usd);
                rotation(&mut add, option);
                add(Item::SymmetricRequests, symmetric, self.usd_per_10k[0]);
                for kind in RequestKind::ALL.iter().filter(|kind| kind.is_kms()).skip(1) {
                    let volume = requests[kind.index()];
                    if volume > 0.0 {
                        add(kind.item(), volume / 10_000.0, self.usd_per_10k[kind.index()]);
                    }
                }
            }
            KeyOption::CustomKeyStore => {
                let cluster_month =
                    f64::from(usage.hsms.max(self.key_store_min_hsms)) * self.hsm_hourly_usd * usage.hsm_hours;
                add(Item::KeyStores, f64::from(usage.key_stores(month)), cluster_month);
                add(Item::Keys, keys, self.key_month_usd);
                rotation(&mut add, option);
                add(Item::SymmetricRequests, symmetric, self.usd_per_10k[0]);
            }
            KeyOption::ExternalKeyStore => {
                add(Item::Keys, keys, self.key_month_usd);
                rotation(&mut add, option);
                add(Item::SymmetricRequests, symmetric, self.usd_per_10k[0]);
                add(Item::ExternalKeyManager, 1.0, usage.external_usd);
            }
            KeyOption::Cloudhsm => {
                let hsm_hours = f64::from(usage.hsms_priced_in(month)) * usage.hsm_hours;
                add(Item::HsmHours, hsm_hours, self.hsm_hourly_usd);
                // AWS services call KMS whatever your code uses: their keys and requests are
                // billed by KMS, the free tier counted once.
                if let Some(share) = usage.service_share {
                    add(Item::Keys, usage.service_keys() as f64, self.key_month_usd);
                    rotation(&mut add, option);
                    let services = (requests[0] * share - self.free_requests).max(0.0) / 10_000.0;
                    add(Item::SymmetricRequests, services, self.usd_per_10k[0]);
                }
            }
            KeyOption::PaymentCryptography => {
                add(Item::PaymentKeys, keys, self.payment_key_month_usd);
                let payment = RequestKind::Payment.index();
                add(Item::PaymentRequests, requests[payment] / 10_000.0, self.usd_per_10k[payment]);
            }
        }
    }

    /// `option`'s bill in month `month` with `requests` of each kind, USD to the cent.
    pub fn month_usd(&self, option: KeyOption, usage: &Usage, requests: &Requests, month: u32) -> f64 {
        cents(self.exact_usd(option, usage, requests, month))
    }

    pub(super) fn exact_usd(&self, option: KeyOption, usage: &Usage, requests: &Requests, month: u32) -> f64 {
        let mut usd = 0.0;
        self.bill(option, usage, requests, month, &mut |line| usd += line.usd);
        usd
    }

    /// KMS's first month without any symmetric request, the other kinds held: what it costs
    /// at least.
    pub fn kms_without_symmetric_requests(&self, usage: &Usage) -> f64 {
        self.month_usd(KeyOption::Kms, usage, &without_symmetric(usage), 1)
    }

    /// Each option's first month.
    pub fn monthly(&self, usage: &Usage) -> MonthlyCosts {
        self.month(usage, &usage.requests, 1)
    }

    /// Each option's bill in month `month` with `requests` of each kind. Imported key material
    /// is mostly billed as KMS's own (months times flips add up on a page), so that bill is
    /// worked out once when the two are the same.
    pub(super) fn month(&self, usage: &Usage, requests: &Requests, month: u32) -> MonthlyCosts {
        let kms = self.month_usd(KeyOption::Kms, usage, requests, month);
        MonthlyCosts::from_fn(|option| match option {
            KeyOption::Kms => kms,
            KeyOption::KmsImported if usage.imported_billed_as_kms(month) => kms,
            other => self.month_usd(other, usage, requests, month),
        })
    }

    /// Each option's first month line by line, the lines adding up to [`PriceSheet::monthly`].
    pub fn breakdown(&self, usage: &Usage) -> Breakdown {
        Breakdown::from_fn(|option| {
            let mut lines = Vec::new();
            self.bill(option, usage, &usage.requests, 1, &mut |line| lines.push(line));
            apportioned(&lines)
        })
    }

    /// Symmetric requests a month at which KMS costs as much as CloudHSM in the first month,
    /// the other request kinds held; `None` when KMS already costs more without any symmetric
    /// request, or never catches up (CloudHSM beside KMS for all of AWS services' requests).
    pub fn break_even_requests(&self, usage: &Usage) -> Option<f64> {
        let zero = without_symmetric(usage);
        let headroom =
            self.exact_usd(KeyOption::Cloudhsm, usage, &zero, 1) - self.exact_usd(KeyOption::Kms, usage, &zero, 1);
        let per_request = self.usd_per_10k[RequestKind::Symmetric.index()] / 10_000.0;
        if headroom <= 0.0 || per_request <= 0.0 {
            return None;
        }
        let (free, share) = (self.free_requests, usage.service_share.unwrap_or(0.0));
        // KMS bills every request above the free tier; it catches up here unless AWS services'
        // share beside the cluster has left the free tier by then.
        let alone = free + headroom / per_request;
        if share * alone <= free {
            return Some(alone.round());
        }
        if share >= 1.0 {
            return None;
        }
        // From where the services' share leaves the free tier, KMS gains (1 - share) of a
        // request's price with every request.
        let both_billed = free / share;
        let gap = headroom - per_request * (both_billed - free);
        Some((both_billed + gap / (per_request * (1.0 - share))).round())
    }

    /// Month by month over `months`, requests of every kind growing by `growth_percent` each
    /// month.
    pub fn over_time(&self, usage: &Usage, growth_percent: f64, months: u32) -> Vec<MonthCost> {
        let factor = 1.0 + growth_percent / 100.0;
        let mut cumulative = PerOption::<f64>::default();
        let mut requests = usage.requests;
        (1..=months)
            .map(|month| {
                let monthly = self.month(usage, &requests, month);
                for (option, usd) in monthly.iter() {
                    cumulative[option] += usd;
                }
                let row = MonthCost { month, requests, monthly, cumulative: cumulative.map(|_, usd| cents(*usd)) };
                requests = requests.map(|volume| volume * factor);
                row
            })
            .collect()
    }

    /// The months (1 for the first) in which each charged rotation of a key rotated every
    /// `period_days` first adds to its price: the smallest m with
    /// [`rotations_before`]`(m) >= k`, for k = 1 to the charged rotations.
    pub fn rotation_steps(&self, period_days: u64) -> Vec<u32> {
        (1..=u64::from(self.charged_rotations))
            .filter_map(|k| u32::try_from((k * 12 * period_days.max(1)).div_ceil(365) + 1).ok())
            .collect()
    }

    /// Each option's monthly bill once every charged rotation is done, or in the horizon's last
    /// month (of `months`) if that comes first, at the first month's volumes (the first month's
    /// bill without rotation): what a month costs from then on, which the rules compare.
    pub fn ongoing(&self, usage: &Usage, months: u32) -> MonthlyCosts {
        let settled = usage.rotation_days.and_then(|days| self.rotation_steps(days).last().copied()).unwrap_or(1);
        self.month(usage, &usage.requests, settled.min(months.max(1)))
    }

    /// The first month from which automatic rotation adds nothing more (every charged rotation
    /// done), and each option's bill then at the first month's volumes, with whether it still
    /// rises by the end of a horizon of `months` (keys kept after rotations by hand); `None`
    /// without rotation.
    pub fn steady(&self, usage: &Usage, months: u32) -> Option<Steady> {
        let month = *self.rotation_steps(usage.rotation_days?).last()?;
        let monthly = self.month(usage, &usage.requests, month);
        let end = if months > month { self.month(usage, &usage.requests, months) } else { monthly };
        let rising = PerOption::from_fn(|option| end[option] > monthly[option]);
        Some(Steady { month, monthly, rising })
    }
}

/// The first month's requests of `usage` but for the symmetric ones.
fn without_symmetric(usage: &Usage) -> Requests {
    let mut requests = usage.requests;
    requests[RequestKind::Symmetric.index()] = 0.0;
    requests
}

/// `lines` to the cent, the cents the rounding loses or gains given to the lines whose
/// fractions are largest, so that the lines add up to the rounded total (as a bill does).
pub(super) fn apportioned(lines: &[Line]) -> Vec<LineItem> {
    let exact: Vec<f64> = lines.iter().map(|line| line.usd * 100.0).collect();
    let total = exact.iter().sum::<f64>().round();
    let mut whole: Vec<f64> = exact.iter().map(|c| c.floor()).collect();
    let short = (total - whole.iter().sum::<f64>()).max(0.0) as usize;
    let mut by_fraction: Vec<usize> = (0..lines.len()).collect();
    by_fraction.sort_by(|&a, &b| (exact[b] - whole[b]).total_cmp(&(exact[a] - whole[a])));
    for &index in by_fraction.iter().take(short) {
        whole[index] += 1.0;
    }
    lines
        .iter()
        .zip(whole)
        .map(|(line, cents)| LineItem {
            item: line.item,
            quantity: line.quantity,
            unit: line.item.unit(),
            unit_usd: line.unit_usd,
            usd: cents / 100.0,
        })
        .collect()
}

/// When automatic rotation's charges stop growing, and what each option costs a month from then
/// on; as JSON, `month` and each option's `monthly`, `null` for an option whose bill still
/// rises by the horizon's end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Steady {
    /// The first month (1 for the first) in which every charged rotation is done.
    pub month: u32,
    /// USD that month, at the first month's request volumes.
    pub monthly: MonthlyCosts,
    /// Whether an option's bill keeps rising after `month`, to the horizon's end: keys kept
    /// after rotations by hand add to it every period.
    pub rising: PerOption<bool>,
}

impl Steady {
    /// USD a month from `month` on, for an option whose bill then stops rising.
    pub fn settled(&self, option: KeyOption) -> Option<f64> {
        (!self.rising[option]).then_some(self.monthly[option])
    }
}

impl Serialize for Steady {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut steady = serializer.serialize_struct("Steady", 2)?;
        steady.serialize_field("month", &self.month)?;
        steady.serialize_field("monthly", &PerOption::from_fn(|option| self.settled(option)))?;
        steady.end()
    }
}
