//! The cost model (the README's "Cost model" section gives its formulas): what each option
//! costs per month, over a horizon with growth, and the request volume at which KMS and
//! CloudHSM cost the same. [`Projection`] holds all of it for one state, computed once per evaluation.

use serde::Serialize;

use super::format::cents;

/// The five ways to hold keys that the advisor chooses between, in the contract's order. Their
/// titles, descriptions, pros and cons are words in `rules/framework.toml`.
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
}

impl KeyOption {
    pub const ALL: [KeyOption; 5] = [
        KeyOption::Kms,
        KeyOption::KmsImported,
        KeyOption::CustomKeyStore,
        KeyOption::ExternalKeyStore,
        KeyOption::Cloudhsm,
    ];

    /// The contract's identifier.
    pub fn id(self) -> &'static str {
        match self {
            KeyOption::Kms => "kms",
            KeyOption::KmsImported => "kms_imported",
            KeyOption::CustomKeyStore => "custom_key_store",
            KeyOption::ExternalKeyStore => "external_key_store",
            KeyOption::Cloudhsm => "cloudhsm",
        }
    }

    pub fn from_id(id: &str) -> Option<KeyOption> {
        KeyOption::ALL.into_iter().find(|option| option.id() == id)
    }

    /// Where it stands in `ALL`.
    pub fn index(self) -> usize {
        KeyOption::ALL.iter().position(|&option| option == self).unwrap_or(0)
    }
}

/// The prices one evaluation uses, already resolved for its Region and overrides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceSheet {
    pub kms_key_month_usd: f64,
    pub kms_usd_per_10k_requests: f64,
    pub kms_free_requests: f64,
    pub hsm_hourly_usd: f64,
    pub hours_per_month: f64,
    pub key_store_min_hsms: u32,
}

/// What is billed: keys, KMS requests per month and HSMs in the cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    pub keys: u64,
    pub requests: f64,
    pub hsms: u32,
}

/// Cost of each option, USD, rounded to the cent: a month's, or a span's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthlyCosts {
    pub kms: f64,
    pub kms_imported: f64,
    pub custom_key_store: f64,
    pub external_key_store: f64,
    pub cloudhsm: f64,
}

impl MonthlyCosts {
    /// The costs `usd` gives each option.
    pub fn from_fn(usd: impl Fn(KeyOption) -> f64) -> MonthlyCosts {
        MonthlyCosts {
            kms: usd(KeyOption::Kms),
            kms_imported: usd(KeyOption::KmsImported),
            custom_key_store: usd(KeyOption::CustomKeyStore),
            external_key_store: usd(KeyOption::ExternalKeyStore),
            cloudhsm: usd(KeyOption::Cloudhsm),
        }
    }

    /// USD for `option`.
    pub fn of(&self, option: KeyOption) -> f64 {
        match option {
            KeyOption::Kms => self.kms,
            KeyOption::KmsImported => self.kms_imported,
            KeyOption::CustomKeyStore => self.custom_key_store,
            KeyOption::ExternalKeyStore => self.external_key_store,
            KeyOption::Cloudhsm => self.cloudhsm,
        }
    }
}

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

impl PriceSheet {
    /// Keys plus the requests above the free tier.
    pub fn kms_monthly(&self, keys: u64, requests: f64) -> f64 {
        let billed = (requests - self.kms_free_requests).max(0.0);
        keys as f64 * self.kms_key_month_usd + billed * self.kms_usd_per_10k_requests / 10_000.0
    }

    /// The cluster's flat hourly charge over a month.
    pub fn cloudhsm_monthly(&self, hsms: u32) -> f64 {
        f64::from(hsms) * self.hsm_hourly_usd * self.hours_per_month
    }

    /// A key store needs its minimum of HSMs, and its keys and requests are billed as KMS's.
    pub fn custom_key_store_monthly(&self, usage: Usage) -> f64 {
        self.cloudhsm_monthly(usage.hsms.max(self.key_store_min_hsms)) + self.kms_monthly(usage.keys, usage.requests)
    }

    /// Each option's month. Imported key material is billed as KMS's own, and an external key
    /// store's keys and requests as KMS's (its key manager and proxy are the customer's, and not
    /// priced here).
    pub fn monthly(&self, usage: Usage) -> MonthlyCosts {
        let kms = cents(self.kms_monthly(usage.keys, usage.requests));
        MonthlyCosts {
            kms,
            kms_imported: kms,
            custom_key_store: cents(self.custom_key_store_monthly(usage)),
            external_key_store: kms,
            cloudhsm: cents(self.cloudhsm_monthly(usage.hsms)),
        }
    }

    /// Requests per month at which KMS costs as much as the CloudHSM cluster; `None` when the
    /// keys alone already cost more than the cluster, so no volume makes KMS the cheaper one.
    pub fn break_even_requests(&self, keys: u64, hsms: u32) -> Option<f64> {
        let headroom = self.cloudhsm_monthly(hsms) - self.kms_monthly(keys, 0.0);
        if headroom <= 0.0 || self.kms_usd_per_10k_requests <= 0.0 {
            return None;
        }
        Some((self.kms_free_requests + headroom * 10_000.0 / self.kms_usd_per_10k_requests).round())
    }

    /// Month by month over `months`, requests growing by `growth_percent` each month.
    pub fn over_time(&self, usage: Usage, growth_percent: f64, months: u32) -> Vec<MonthCost> {
        let factor = 1.0 + growth_percent / 100.0;
        let mut cumulative = MonthlyCosts::from_fn(|_| 0.0);
        let mut requests = usage.requests;
        (1..=months)
            .map(|month| {
                let monthly = self.monthly(Usage { requests, ..usage });
                cumulative = MonthlyCosts::from_fn(|option| cumulative.of(option) + monthly.of(option));
                let row = MonthCost {
                    month,
                    requests,
                    monthly,
                    cumulative: MonthlyCosts::from_fn(|o| cents(cumulative.of(o))),
                };
                requests *= factor;
                row
            })
            .collect()
    }
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

/// Monthly costs at `points` request volumes spaced evenly on a log scale over `range`.
pub fn request_curve(prices: &PriceSheet, usage: Usage, range: (f64, f64), points: usize) -> Vec<(f64, MonthlyCosts)> {
    let (low, high) = (range.0.log10(), range.1.log10());
    let steps = points.max(2) - 1;
    (0..=steps)
        .map(|i| {
            let requests = 10f64.powf(low + (high - low) * i as f64 / steps as f64);
            (requests, prices.monthly(Usage { requests, ..usage }))
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
    /// Month 1 to the horizon, requests growing by the given percentage a month.
    pub months: Vec<MonthCost>,
    /// Requests a month at which KMS and CloudHSM cost the same; `None` when the keys alone
    /// cost more than the cluster.
    pub break_even: Option<f64>,
}

impl Projection {
    /// `growth_percent` a month over `months` months (at least 1).
    pub fn new(prices: PriceSheet, usage: Usage, growth_percent: f64, months: u32) -> Projection {
        Projection {
            prices,
            usage,
            monthly: prices.monthly(usage),
            months: prices.over_time(usage, growth_percent, months),
            break_even: prices.break_even_requests(usage.keys, usage.hsms),
        }
    }

    /// USD over the whole horizon.
    pub fn horizon(&self) -> MonthlyCosts {
        self.months.last().map_or(self.monthly, |month| month.cumulative)
    }

    /// USD over twelve months at month 1's costs.
    pub fn yearly(&self) -> MonthlyCosts {
        MonthlyCosts::from_fn(|option| cents(self.monthly.of(option) * 12.0))
    }

    /// The span of requests a month a cost chart of this state covers.
    pub fn request_range(&self) -> (f64, f64) {
        request_range(self.usage.requests, self.break_even)
    }

    /// Monthly costs at `points` volumes over [`Projection::request_range`]; computed when a
    /// chart is drawn or exported, not for every page that links to one.
    pub fn curve(&self, points: usize) -> Vec<(f64, MonthlyCosts)> {
        request_curve(&self.prices, self.usage, self.request_range(), points)
    }
}

/// One month of the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthCost {
    /// 1 for the first month.
    pub month: u32,
    pub requests: f64,
    pub monthly: MonthlyCosts,
    pub cumulative: MonthlyCosts,
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRICES: PriceSheet = PriceSheet {
        kms_key_month_usd: 1.0,
        kms_usd_per_10k_requests: 0.03,
        kms_free_requests: 20_000.0,
        hsm_hourly_usd: 1.46,
        hours_per_month: 730.0,
        key_store_min_hsms: 2,
    };

    fn usage(keys: u64, requests: f64, hsms: u32) -> Usage {
        Usage { keys, requests, hsms }
    }

    #[test]
    fn monthly_costs_to_the_cent() {
        let cases = [
            // The API's documented example (keys=1&requests=1000000).
            (usage(1, 1_000_000.0, 2), (3.94, 2131.6, 2135.54)),
            // Inside the free tier only keys are billed.
            (usage(10, 20_000.0, 2), (10.0, 2131.6, 2141.6)),
            (usage(0, 0.0, 1), (0.0, 1065.8, 2131.6)),
            // A key store is billed for two HSMs even when the cluster has one.
            (usage(5, 20_010.0, 1), (5.0, 1065.8, 2136.6)),
            (usage(100, 1e9, 3), (3099.94, 3197.4, 6297.34)),
        ];
        for (usage, (kms, cloudhsm, key_store)) in cases {
            let costs = PRICES.monthly(usage);
            assert_eq!((costs.kms, costs.cloudhsm, costs.custom_key_store), (kms, cloudhsm, key_store), "{usage:?}");
            assert_eq!((costs.kms_imported, costs.external_key_store), (kms, kms), "{usage:?}");
        }
    }

    #[test]
    fn break_even_is_where_the_two_costs_meet() {
        assert_eq!(PRICES.break_even_requests(1, 2), Some(710_220_000.0));
        let volume = PRICES.break_even_requests(10, 3).unwrap();
        let kms = PRICES.kms_monthly(10, volume);
        assert!((kms - PRICES.cloudhsm_monthly(3)).abs() < 0.01);
        assert_eq!(PRICES.break_even_requests(5_000, 2), None);
    }

    #[test]
    fn chart_ranges_hold_the_volume_and_the_break_even() {
        assert_eq!(request_range(1e6, Some(710_220_000.0)), (1e4, 1e11));
        assert_eq!(request_range(0.0, None), (1e4, 1e11));
        assert_eq!(request_range(500.0, Some(3e12)), (1e1, 1e14));
        let curve = request_curve(&PRICES, usage(1, 0.0, 2), (1e4, 1e11), 8);
        let volumes: Vec<f64> = curve.iter().map(|(r, _)| r.log10().round()).collect();
        assert_eq!(volumes, [4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]);
        assert_eq!(curve[2].1, PRICES.monthly(usage(1, 1e6, 2)));
    }

    #[test]
    fn horizon_accumulates_with_growth() {
        let rows = PRICES.over_time(usage(1, 1_000_000.0, 2), 100.0, 3);
        let requests: Vec<f64> = rows.iter().map(|r| r.requests).collect();
        assert_eq!(requests, [1e6, 2e6, 4e6]);
        // 3.94 + 6.94 + 12.94
        assert_eq!(rows[2].cumulative.kms, 23.82);
        assert_eq!(rows[2].cumulative.cloudhsm, 6394.8);
        let flat = PRICES.over_time(usage(1, 1_000_000.0, 2), 0.0, 36);
        assert_eq!(flat.len(), 36);
        assert_eq!(flat[35].cumulative.kms, 141.84);
    }

    #[test]
    fn options_of_equal_figures_are_grouped_in_order() {
        let costs = PRICES.monthly(usage(1, 1e6, 2));
        let groups = equal_groups(&KeyOption::ALL, |option| vec![costs.of(option)]);
        assert_eq!(
            groups,
            [
                vec![KeyOption::Kms, KeyOption::KmsImported, KeyOption::ExternalKeyStore],
                vec![KeyOption::CustomKeyStore],
                vec![KeyOption::Cloudhsm]
            ]
        );
    }
}
