//! The figures of one evaluation, worked out once for the rules to compare and to put into
//! words.

use super::Figures;
use crate::contract::{HOURS_PER_MONTH, KMS_API, PAYMENT};
use crate::costs::{KeyOption, MonthlyCosts, PriceSheet, RequestKind, Requests, Usage};
use crate::format;
use crate::inputs::Inputs;
use crate::ruleset::{Figure, RuleSet};

impl RuleSet {
    /// The figures rules compare, with `sheet`, `usage` and `monthly` the prices, what is billed
    /// and the monthly costs of `inputs` once every charged rotation is done (a rotated key's
    /// price keeps rising for two rotations, so its first month would understate KMS).
    pub(in crate::advice) fn figures(
        &self,
        inputs: &Inputs,
        sheet: &PriceSheet,
        usage: &Usage,
        monthly: &MonthlyCosts,
    ) -> Figures {
        let default_quota = self.region_of(inputs).kms_symmetric_quota.value;
        let quota = inputs.kms_quota().unwrap_or(default_quota);
        let hsms_for_peak = usage.hsms_for_peak;
        let limits = &self.limits;
        let quotas = self.quota_checks(inputs);
        let over = |key_pairs: bool| {
            let key_pair = |kind| matches!(kind, RequestKind::EccKeypair | RequestKind::RsaKeypair);
            quotas.iter().filter(|check| check.over && (!key_pairs || key_pair(check.kind))).count() as f64
        };
        // Keys and clusters as the horizon's last month has them: kept keys only add up.
        let last = inputs.months().max(1);
        let (cluster_keys, cluster_asymmetric) = usage.cluster_keys(last);
        let clusters_for_peak = (f64::from(hsms_for_peak) / limits.cluster_max_hsms.value).ceil().max(1.0);
        let key_stores_for_keys =
            ((usage.keys * (1 + usage.rotations_in(last))) as f64 / limits.cluster_max_keys.value).ceil();
        let kept = |option| usage.kept_keys(option, last) as f64;
        let load = key_store_load(inputs.peak_ops(), &usage.requests);
        let (clusters_for_keys, key_stores) = (usage.clusters_for_keys(last), usage.key_stores(last));
        let steady_month = usage.rotation_days.and_then(|days| sheet.rotation_steps(days).last().copied());
        let values = Figure::ALL.map(|figure| match figure {
            Figure::PeakOps => inputs.peak_ops(),
            Figure::Keys => inputs.keys() as f64,
            Figure::Requests => inputs.requests(),
            Figure::Hsms => f64::from(inputs.hsms()),
            Figure::RequiredFipsLevel => f64::from(inputs.required_fips_level()),
            Figure::KmsFipsLevel => f64::from(self.compliance.kms.level),
            Figure::CloudhsmFipsLevel => f64::from(self.compliance.cloudhsm.level),
            Figure::KmsQuota => quota,
            Figure::KeyStoreQuota => self.key_store_quota.value,
            Figure::PeakShareOfKmsQuota => inputs.peak_ops() / quota,
            Figure::HsmsForPeak => f64::from(hsms_for_peak),
            Figure::HsmHourlyUsd => sheet.hsm_hourly_usd,
            Figure::KmsMonthlyUsd => monthly[KeyOption::Kms],
            Figure::CloudhsmMonthlyUsd => monthly[KeyOption::Cloudhsm],
            // As edition 1 priced the cluster: the HSMs entered, whatever the peak needs.
            Figure::CloudhsmEnteredMonthlyUsd => {
                format::cents(f64::from(inputs.hsms()) * sheet.hsm_hourly_usd * usage.hsm_hours)
            }
            Figure::CustomKeyStoreMonthlyUsd => monthly[KeyOption::CustomKeyStore],
            Figure::RotationDays => inputs.rotation_days().unwrap_or(0) as f64,
            Figure::KmsDefaultQuota => default_quota,
            Figure::KeyStoresForPeak => f64::from(self.key_stores_for_peak(load)),
            Figure::KeyStoreLoad => load,
            // As the requirements that rule out KMS's shared HSMs have it.
            Figure::OwnHsmsRequired => f64::from(u8::from(
                inputs.answer("dedicated") == "yes"
                    || inputs.answer("custody") == "hsm"
                    || inputs.required_fips_level() > self.compliance.kms.level,
            )),
            Figure::KmsRequestShare => {
                let symmetric = (usage.symmetric() - sheet.free_requests).max(0.0) / 10_000.0 * sheet.usd_per_10k[0];
                let kms = monthly[KeyOption::Kms];
                if kms > 0.0 { symmetric / kms } else { 0.0 }
            }
            Figure::ClustersForPeak => clusters_for_peak,
            Figure::ClusterMaxHsms => limits.cluster_max_hsms.value,
            Figure::AccountHsmLimit => limits.account_hsms.value,
            Figure::KeyStoreLimit => limits.key_stores.value,
            Figure::PublishedMaxHsms => self.capacity.points.value.last().map_or(0.0, |&(hsms, _)| f64::from(hsms)),
            Figure::HsmHours => usage.hsm_hours,
            Figure::ExternalUsd => usage.external_usd,
            Figure::HsmsPriced => f64::from(usage.hsms_priced()),
            Figure::KeyStoresPriced => f64::from(usage.key_stores(1)),
            Figure::AverageOps => usage.requests.iter().sum::<f64>() / (HOURS_PER_MONTH * 3600.0),
            Figure::KindsOverQuota => over(false),
            Figure::KeyPairKindsOverQuota => over(true),
            Figure::BusiestQuotaShare => quotas.iter().map(|check| check.load / check.quota).fold(0.0, f64::max),
            Figure::AsymmetricQuota => self.request_quota(inputs, RequestKind::Rsa2048).0,
            Figure::SigningKeys => usage.signing_keys as f64,
            Figure::HmacKeys => usage.hmac_keys as f64,
            Figure::SymmetricKeys => usage.symmetric_keys() as f64,
            Figure::ServiceShare => usage.service_share.unwrap_or(0.0),
            Figure::ServiceKeys => usage.service_keys() as f64,
            Figure::Months => f64::from(last),
            Figure::RotationsByHorizon => usage.rotations_in(last) as f64,
            Figure::KmsKeysRotatedByHand => usage.rotated_by_hand(KeyOption::Kms) as f64,
            Figure::KmsKeptKeys => kept(KeyOption::Kms),
            Figure::ImportedKeptKeys => kept(KeyOption::KmsImported),
            Figure::KeyStoreKeptKeys => kept(KeyOption::CustomKeyStore),
            Figure::OnDemandRotations => limits.on_demand_rotations.value,
            Figure::KmsKeysNeeded => inputs.keys() as f64 + kept(KeyOption::Kms).max(kept(KeyOption::KmsImported)),
            Figure::KmsKeyLimit => limits.kms_keys.value,
            Figure::ClusterKeys => cluster_keys as f64,
            Figure::ClusterAsymmetricKeys => cluster_asymmetric as f64,
            Figure::ClusterMaxKeys => limits.cluster_max_keys.value,
            Figure::ClusterMaxAsymmetricKeys => limits.cluster_max_asymmetric_keys.value,
            Figure::ClustersForKeys => f64::from(clusters_for_keys),
            Figure::CloudhsmClusters => f64::from(clusters_for_keys).max(clusters_for_peak),
            Figure::CloudhsmHsms => f64::from(usage.hsms_priced_in(last)),
            Figure::KeyStoresForKeys => key_stores_for_keys.max(1.0),
            Figure::KeyStoresNeeded => f64::from(key_stores),
            Figure::KeyStoreHsms => f64::from(key_stores) * f64::from(usage.hsms.max(sheet.key_store_min_hsms)),
            Figure::AccountClusterLimit => limits.account_clusters.value,
            Figure::SteadyMonth => steady_month.map_or(0.0, f64::from),
            // What edition 2 compared: KMS once both charged rotations are done, past the horizon
            // or not.
            Figure::KmsSteadyMonthlyUsd => match steady_month {
                Some(month) if month > last => sheet.month_usd(KeyOption::Kms, usage, &usage.requests, month),
                _ => monthly[KeyOption::Kms],
            },
            Figure::GeneralUsages => inputs.members("usage").iter().filter(|&&member| member != PAYMENT).count() as f64,
            Figure::HsmInterfaces => {
                inputs.members("interface").iter().filter(|&&member| member != KMS_API).count() as f64
            }
            Figure::PaymentCryptographyOffered => {
                f64::from(u8::from(self.region_of(inputs).payment_cryptography.as_ref().is_some_and(|f| f.value)))
            }
            Figure::PaymentRequests => inputs.requests_of(RequestKind::Payment),
            Figure::PaymentKeyLimit => limits.payment_keys.value,
            Figure::PaymentCryptographyMonthlyUsd => monthly[KeyOption::PaymentCryptography],
            Figure::CloudhsmClusterMonthlyUsd => {
                format::cents(f64::from(usage.hsms_priced()) * sheet.hsm_hourly_usd * usage.hsm_hours)
            }
        });
        Figures { values, quotas }
    }
}

/// What a key store carries: the peak, or the month's average of KMS requests when that is
/// higher (a peak below the average is a mistake a note points out).
pub(super) fn key_store_load(peak_ops: f64, requests: &Requests) -> f64 {
    let kms: f64 = RequestKind::ALL.iter().filter(|kind| kind.is_kms()).map(|kind| requests[kind.index()]).sum();
    peak_ops.max(kms / (HOURS_PER_MONTH * 3600.0))
}
