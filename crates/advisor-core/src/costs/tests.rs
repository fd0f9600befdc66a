//! The cost model against hand-computed bills.

use super::bill::{Line, apportioned};
use super::*;
use crate::format::cents;

/// `rules/prices.toml`'s prices at the source article's hourly price.
const PRICES: PriceSheet = PriceSheet {
    key_month_usd: 1.0,
    rotation_usd: 1.0,
    charged_rotations: 2,
    usd_per_10k: [0.03, 0.03, 0.15, 0.10, 12.0, 2.0],
    free_requests: 20_000.0,
    hsm_hourly_usd: 1.46,
    key_store_min_hsms: 2,
    payment_key_month_usd: 1.0,
};

fn usage(keys: u64, symmetric: f64, hsms: u32) -> Usage {
    Usage {
        keys,
        requests: [symmetric, 0.0, 0.0, 0.0, 0.0, 0.0],
        hsms,
        hsms_for_peak: 1,
        key_stores_for_peak: 1,
        hsm_hours: 730.0,
        rotation_days: None,
        external_usd: 0.0,
        signing_keys: 0,
        hmac_keys: 0,
        multi_region: false,
        encrypts: true,
        service_share: None,
        limits: KeyLimits { cluster_keys: 16_666.0, cluster_asymmetric_keys: 3_333.0, on_demand_rotations: 25 },
    }
}

fn all(costs: MonthlyCosts) -> [f64; KeyOption::ALL.len()] {
    KeyOption::ALL.map(|option| costs[option])
}

#[test]
fn monthly_costs_to_the_cent() {
    // (usage, each option's month in `KeyOption::ALL`'s order)
    let cases = [
        // The API's documented example (keys=1&requests=1000000).
        (usage(1, 1_000_000.0, 2), [3.94, 3.94, 2135.54, 3.94, 2131.6, 1.0]),
        // Inside the free tier only keys are billed.
        (usage(10, 20_000.0, 2), [10.0, 10.0, 2141.6, 10.0, 2131.6, 10.0]),
        // A one-HSM cluster is priced as entered; a key store still needs two.
        (usage(0, 0.0, 1), [0.0, 0.0, 2131.6, 0.0, 1065.8, 0.0]),
        (usage(5, 20_010.0, 1), [5.0, 5.0, 2136.6, 5.0, 1065.8, 5.0]),
        (usage(100, 1e9, 3), [3099.94, 3099.94, 6297.34, 3099.94, 3197.4, 100.0]),
    ];
    for (usage, expected) in cases {
        assert_eq!(all(PRICES.monthly(&usage)), expected, "{usage:?}");
    }
}

#[test]
fn the_free_tier_covers_symmetric_requests_only() {
    let mut mix = usage(0, 10_000.0, 2);
    mix.requests[RequestKind::Rsa2048.index()] = 10_000.0;
    // 10,000 RSA-2048 requests at $0.03 per 10,000; the symmetric ones are free.
    assert_eq!(PRICES.monthly(&mix)[KeyOption::Kms], 0.03);
    let mut signing = usage(0, 0.0, 2);
    signing.requests[RequestKind::Asymmetric.index()] = 20_000.0;
    assert_eq!(PRICES.monthly(&signing)[KeyOption::Kms], 0.3);
}

#[test]
fn every_request_kind_grows_and_is_priced() {
    let mut mix = usage(1, 1_000_000.0, 2);
    mix.requests = [1_000_000.0, 100_000.0, 100_000.0, 10_000.0, 10_000.0, 0.0];
    let rows = PRICES.over_time(&mix, 100.0, 3);
    // Month 1: $1 key + 98 x $0.03 + 10 x $0.03 + 10 x $0.15 + 1 x $0.10 + 1 x $12.
    let kms: Vec<f64> = rows.iter().map(|row| row.monthly[KeyOption::Kms]).collect();
    assert_eq!(kms, [17.84, 34.74, 68.54]);
    assert_eq!(rows[2].cumulative[KeyOption::Kms], 121.12);
    assert_eq!(rows[2].requests, [4e6, 4e5, 4e5, 4e4, 4e4, 0.0]);
    // Key stores bill only keys and symmetric requests (the other kinds rule them out).
    assert_eq!(rows[0].monthly[KeyOption::ExternalKeyStore], 3.94);
    assert_eq!(rows[0].monthly[KeyOption::CustomKeyStore], 2135.54);
    assert_eq!(rows[2].monthly[KeyOption::Cloudhsm], 2131.6);
}

#[test]
fn rotation_adds_a_dollar_for_each_of_the_first_two_rotations() {
    let cases = [
        // (period in days, months, KMS over the horizon for 100 keys and no requests)
        (365, 36, 12.0 * 100.0 + 12.0 * 200.0 + 12.0 * 300.0),
        (365, 120, 32_400.0),
        // Rotations in months 4 and 7.
        (90, 36, 300.0 + 600.0 + 30.0 * 300.0),
        (90, 120, 300.0 + 600.0 + 114.0 * 300.0),
    ];
    for (period, months, horizon) in cases {
        let rotated = Usage { rotation_days: Some(period), ..usage(100, 0.0, 2) };
        let projection = Projection::new(PRICES, rotated, 0.0, months);
        assert_eq!(projection.horizon()[KeyOption::Kms], horizon, "every {period} days over {months} months");
        // Imported key material rotates on demand 25 times a key; each rotation past them keeps
        // a billed key (every 90 days for ten years: 40 rotations).
        let past: u64 = (1..=months).map(|month| 100 * rotations_before(month, period).saturating_sub(25)).sum();
        assert_eq!(projection.horizon()[KeyOption::KmsImported], horizon + past as f64);
        // Custom key stores cannot rotate automatically: each rotation by hand keeps a billed
        // key, with no cap (for 365 days over 36 months, 100 then 200 kept keys a month).
        let kept: u64 = (1..=months).map(|month| 100 * rotations_before(month, period)).sum();
        assert_eq!(projection.horizon()[KeyOption::ExternalKeyStore], 100.0 * f64::from(months) + kept as f64);
    }
    let yearly = Usage { rotation_days: Some(365), ..usage(100, 0.0, 2) };
    let rows = PRICES.over_time(&yearly, 0.0, 26);
    let steps: Vec<(u32, f64)> = rows
        .windows(2)
        .filter(|w| w[0].monthly[KeyOption::Kms] != w[1].monthly[KeyOption::Kms])
        .map(|w| (w[1].month, w[1].monthly[KeyOption::Kms]))
        .collect();
    assert_eq!(steps, [(13, 200.0), (25, 300.0)]);
    let steady = PRICES.steady(&yearly, 36).unwrap();
    assert_eq!((steady.month, steady.monthly[KeyOption::Kms]), (25, 300.0));
    assert_eq!(PRICES.steady(&Usage { rotation_days: Some(90), ..yearly }, 36).unwrap().month, 7);
    assert_eq!(PRICES.steady(&usage(100, 0.0, 2), 36), None);
    assert_eq!([rotations_before(1, 365), rotations_before(13, 365), rotations_before(4, 90)], [0, 1, 1]);
}

#[test]
fn hsm_hours_key_stores_and_the_external_key_manager_are_priced() {
    // 5,000/s spread over key stores: three stores of two HSMs; CloudHSM needs six HSMs.
    let shardable = Usage { hsms_for_peak: 6, key_stores_for_peak: 3, ..usage(10, 1_000_000.0, 2) };
    let costs = PRICES.monthly(&shardable);
    assert_eq!((costs[KeyOption::CustomKeyStore], costs[KeyOption::Cloudhsm]), (6407.74, 6394.8));
    // A cluster that runs 220 hours a month.
    let part_time = Usage { hsm_hours: 220.0, ..usage(10, 1_000_000.0, 2) };
    let costs = PRICES.monthly(&part_time);
    assert_eq!((costs[KeyOption::CustomKeyStore], costs[KeyOption::Cloudhsm]), (655.34, 642.4));
    let external = Usage { external_usd: 1_250.0, rotation_days: Some(365), ..usage(10, 1_000_000.0, 2) };
    let rows = PRICES.over_time(&external, 0.0, 13);
    // Ten keys kept after the first rotation by hand.
    assert_eq!(rows[12].monthly[KeyOption::ExternalKeyStore], 1_272.94);
    assert_eq!(rows[12].monthly[KeyOption::Kms], 22.94);
}

#[test]
fn the_breakdown_explains_every_cent() {
    let mut mix = Usage {
        rotation_days: Some(365),
        hsms_for_peak: 3,
        key_stores_for_peak: 2,
        external_usd: 99.99,
        ..usage(3, 1_234_567.0, 2)
    };
    mix.requests[RequestKind::RsaKeypair.index()] = 7.0;
    let breakdown = PRICES.breakdown(&mix);
    let monthly = PRICES.monthly(&mix);
    for option in KeyOption::ALL {
        let sum: f64 = breakdown.get(option).iter().map(|line| line.usd).sum();
        assert_eq!(cents(sum), monthly[option], "{option:?}");
        for line in breakdown.get(option) {
            assert!((line.quantity * line.unit_usd - line.usd).abs() <= 0.01, "{line:?}");
        }
    }
    let items = |option| breakdown.get(option).iter().map(|line| (line.item, line.usd)).collect::<Vec<_>>();
    assert_eq!(
        items(KeyOption::Kms),
        [(Item::Keys, 3.0), (Item::Rotation, 0.0), (Item::SymmetricRequests, 3.64), (Item::RsaKeypairRequests, 0.01)]
    );
    assert_eq!(
        items(KeyOption::CustomKeyStore),
        [(Item::KeyStores, 4263.2), (Item::Keys, 3.0), (Item::KeptKeys, 0.0), (Item::SymmetricRequests, 3.64)]
    );
    assert_eq!(items(KeyOption::ExternalKeyStore)[3], (Item::ExternalKeyManager, 99.99));
    assert_eq!(breakdown.get(KeyOption::Cloudhsm)[0].quantity, 3.0 * 730.0);
    // Two half cents make one cent, not two.
    let half = Line { item: Item::Keys, quantity: 0.005, unit_usd: 1.0, usd: 0.005 };
    let lines = apportioned(&[half, Line { item: Item::SymmetricRequests, ..half }]);
    assert_eq!(lines.iter().map(|line| line.usd).sum::<f64>(), 0.01);
}

#[test]
fn break_even_holds_the_other_request_kinds() {
    assert_eq!(PRICES.break_even_requests(&usage(1, 0.0, 2)), Some(710_220_000.0));
    let mut pairs = usage(1, 0.0, 2);
    pairs.requests[RequestKind::RsaKeypair.index()] = 10_000.0;
    // $13 of KMS without symmetric requests: $2,118.60 of headroom at $0.03 per 10,000.
    assert_eq!(PRICES.break_even_requests(&pairs), Some(706_220_000.0));
    let volume = PRICES.break_even_requests(&usage(10, 0.0, 3)).unwrap();
    let at = PRICES.exact_usd(KeyOption::Kms, &usage(10, volume, 3), &[volume, 0.0, 0.0, 0.0, 0.0, 0.0], 1);
    assert!((at - 3197.4).abs() < 0.01);
    assert_eq!(PRICES.break_even_requests(&usage(5_000, 0.0, 2)), None);
    // The HSMs a peak needs are what CloudHSM costs, so they move the break-even point.
    let busy = Usage { hsms_for_peak: 4, ..usage(1, 0.0, 2) };
    assert_eq!(
        PRICES.break_even_requests(&busy),
        Some((20_000.0 + (4.0 * 1065.8 - 1.0) / 0.03 * 10_000.0_f64).round())
    );
    // Beside the cluster, KMS bills AWS services' half of the requests too: KMS gains $0.015 per
    // 10,000 requests from 40,000 on, and the two meet where both bills are equal.
    let both = Usage { service_share: Some(0.5), ..usage(1, 0.0, 2) };
    let volume = PRICES.break_even_requests(&both).unwrap();
    assert_eq!(volume, 1_421_066_667.0);
    let requests = [volume, 0.0, 0.0, 0.0, 0.0, 0.0];
    let gap = PRICES.exact_usd(KeyOption::Cloudhsm, &both, &requests, 1)
        - PRICES.exact_usd(KeyOption::Kms, &both, &requests, 1);
    assert!(gap.abs() < 0.01, "{gap}");
    // A small share (one key of KMS beside the cluster) stays within the free tier up to where
    // KMS alone catches up.
    let little = Usage { service_share: Some(0.00001), ..usage(1, 0.0, 2) };
    assert_eq!(PRICES.break_even_requests(&little), Some((20_000.0 + 2_131.6 / 0.03 * 10_000.0_f64).round()));
    // With every request on KMS either way, KMS never catches up.
    assert_eq!(PRICES.break_even_requests(&Usage { service_share: Some(1.0), ..usage(1, 0.0, 2) }), None);
}

#[test]
fn chart_ranges_hold_the_volume_and_the_break_even() {
    assert_eq!(request_range(1e6, Some(710_220_000.0)), (1e4, 1e11));
    assert_eq!(request_range(0.0, None), (1e4, 1e11));
    assert_eq!(request_range(500.0, Some(3e12)), (1e1, 1e14));
    let curve = request_curve(&PRICES, &usage(1, 0.0, 2), RequestKind::Symmetric, (1e4, 1e11), 8);
    let volumes: Vec<f64> = curve.iter().map(|(r, _)| r.log10().round()).collect();
    assert_eq!(volumes, [4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]);
    assert_eq!(curve[2].1, PRICES.monthly(&usage(1, 1e6, 2)));
}

#[test]
fn horizon_accumulates_with_growth() {
    let rows = PRICES.over_time(&usage(1, 1_000_000.0, 2), 100.0, 3);
    let requests: Vec<f64> = rows.iter().map(|r| r.requests[0]).collect();
    assert_eq!(requests, [1e6, 2e6, 4e6]);
    // 3.94 + 6.94 + 12.94
    assert_eq!(rows[2].cumulative[KeyOption::Kms], 23.82);
    assert_eq!(rows[2].cumulative[KeyOption::Cloudhsm], 6394.8);
    let flat = Projection::new(PRICES, usage(1, 1_000_000.0, 2), 0.0, 36);
    assert_eq!(flat.months.len(), 36);
    assert_eq!(flat.horizon()[KeyOption::Kms], 141.84);
    assert_eq!(flat.first_year[KeyOption::Kms], 47.28);
    // The first year is there even when the horizon is shorter.
    let short = Projection::new(PRICES, usage(1, 1_000_000.0, 2), 0.0, 3);
    assert_eq!(
        (short.months.len(), short.horizon()[KeyOption::Kms], short.first_year[KeyOption::Kms]),
        (3, 11.82, 47.28)
    );
}

#[test]
fn options_of_equal_figures_are_grouped_in_order() {
    let costs = PRICES.monthly(&usage(1, 1e6, 2));
    let groups = equal_groups(&KeyOption::ALL, |option| vec![costs[option]]);
    assert_eq!(
        groups,
        [
            vec![KeyOption::Kms, KeyOption::KmsImported, KeyOption::ExternalKeyStore],
            vec![KeyOption::CustomKeyStore],
            vec![KeyOption::Cloudhsm],
            vec![KeyOption::PaymentCryptography]
        ]
    );
}
