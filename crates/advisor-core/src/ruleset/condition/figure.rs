//! The figures the engine computes for every evaluation: their names in the rules, their words
//! in sentences and how they are written.

use crate::contract;
use crate::format;

/// A number the engine computes for every evaluation and rules can compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    PeakOps,
    Keys,
    Requests,
    Hsms,
    RequiredFipsLevel,
    KmsFipsLevel,
    CloudhsmFipsLevel,
    KmsQuota,
    KeyStoreQuota,
    PeakShareOfKmsQuota,
    HsmsForPeak,
    HsmHourlyUsd,
    KmsMonthlyUsd,
    CloudhsmMonthlyUsd,
    CloudhsmEnteredMonthlyUsd,
    CustomKeyStoreMonthlyUsd,
    RotationDays,
    KmsDefaultQuota,
    KeyStoresForPeak,
    ClustersForPeak,
    ClusterMaxHsms,
    AccountHsmLimit,
    KeyStoreLimit,
    PublishedMaxHsms,
    HsmHours,
    ExternalUsd,
    HsmsPriced,
    KeyStoresPriced,
    AverageOps,
    KindsOverQuota,
    KeyPairKindsOverQuota,
    BusiestQuotaShare,
    AsymmetricQuota,
    SigningKeys,
    HmacKeys,
    SymmetricKeys,
    ServiceShare,
    ServiceKeys,
    Months,
    RotationsByHorizon,
    KmsKeysRotatedByHand,
    KmsKeptKeys,
    ImportedKeptKeys,
    KeyStoreKeptKeys,
    OnDemandRotations,
    KmsKeysNeeded,
    KmsKeyLimit,
    ClusterKeys,
    ClusterAsymmetricKeys,
    ClusterMaxKeys,
    ClusterMaxAsymmetricKeys,
    ClustersForKeys,
    CloudhsmClusters,
    CloudhsmHsms,
    KeyStoresForKeys,
    KeyStoresNeeded,
    KeyStoreHsms,
    AccountClusterLimit,
    CloudhsmClusterMonthlyUsd,
    KeyStoreLoad,
    KmsRequestShare,
    OwnHsmsRequired,
    SteadyMonth,
    KmsSteadyMonthlyUsd,
    GeneralUsages,
    HsmInterfaces,
    PaymentCryptographyOffered,
    PaymentRequests,
    PaymentKeyLimit,
    PaymentCryptographyMonthlyUsd,
}

/// How a figure is written for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    PerSecond,
    Level,
    Share,
    Usd,
}

impl Figure {
    pub const ALL: [Figure; 70] = [
        Figure::PeakOps,
        Figure::Keys,
        Figure::Requests,
        Figure::Hsms,
        Figure::RequiredFipsLevel,
        Figure::KmsFipsLevel,
        Figure::CloudhsmFipsLevel,
        Figure::KmsQuota,
        Figure::KeyStoreQuota,
        Figure::PeakShareOfKmsQuota,
        Figure::HsmsForPeak,
        Figure::HsmHourlyUsd,
        Figure::KmsMonthlyUsd,
        Figure::CloudhsmMonthlyUsd,
        Figure::CloudhsmEnteredMonthlyUsd,
        Figure::CustomKeyStoreMonthlyUsd,
        Figure::RotationDays,
        Figure::KmsDefaultQuota,
        Figure::KeyStoresForPeak,
        Figure::ClustersForPeak,
        Figure::ClusterMaxHsms,
        Figure::AccountHsmLimit,
        Figure::KeyStoreLimit,
        Figure::PublishedMaxHsms,
        Figure::HsmHours,
        Figure::ExternalUsd,
        Figure::HsmsPriced,
        Figure::KeyStoresPriced,
        Figure::AverageOps,
        Figure::KindsOverQuota,
        Figure::KeyPairKindsOverQuota,
        Figure::BusiestQuotaShare,
        Figure::AsymmetricQuota,
        Figure::SigningKeys,
        Figure::HmacKeys,
        Figure::SymmetricKeys,
        Figure::ServiceShare,
        Figure::ServiceKeys,
        Figure::Months,
        Figure::RotationsByHorizon,
        Figure::KmsKeysRotatedByHand,
        Figure::KmsKeptKeys,
        Figure::ImportedKeptKeys,
        Figure::KeyStoreKeptKeys,
        Figure::OnDemandRotations,
        Figure::KmsKeysNeeded,
        Figure::KmsKeyLimit,
        Figure::ClusterKeys,
        Figure::ClusterAsymmetricKeys,
        Figure::ClusterMaxKeys,
        Figure::ClusterMaxAsymmetricKeys,
        Figure::ClustersForKeys,
        Figure::CloudhsmClusters,
        Figure::CloudhsmHsms,
        Figure::KeyStoresForKeys,
        Figure::KeyStoresNeeded,
        Figure::KeyStoreHsms,
        Figure::AccountClusterLimit,
        Figure::CloudhsmClusterMonthlyUsd,
        Figure::KeyStoreLoad,
        Figure::KmsRequestShare,
        Figure::OwnHsmsRequired,
        Figure::SteadyMonth,
        Figure::KmsSteadyMonthlyUsd,
        Figure::GeneralUsages,
        Figure::HsmInterfaces,
        Figure::PaymentCryptographyOffered,
        Figure::PaymentRequests,
        Figure::PaymentKeyLimit,
        Figure::PaymentCryptographyMonthlyUsd,
    ];

    /// The name rules use.
    pub fn name(self) -> &'static str {
        self.describe().0
    }

    /// What the figure is, in the words of a sentence.
    pub fn label(self) -> &'static str {
        self.describe().1
    }

    pub fn unit(self) -> Unit {
        self.describe().2
    }

    fn describe(self) -> (&'static str, &'static str, Unit) {
        match self {
            Figure::PeakOps => (contract::PEAK_OPS.name, "the peak load", Unit::PerSecond),
            Figure::Keys => (contract::KEYS.name, "the number of KMS keys", Unit::Count),
            Figure::Requests => (contract::REQUESTS.name, "the KMS requests per month", Unit::Count),
            Figure::Hsms => (contract::HSMS.name, "the HSMs in the cluster", Unit::Count),
            Figure::RequiredFipsLevel => ("required_fips_level", "the FIPS 140 level required", Unit::Level),
            Figure::KmsFipsLevel => ("kms_fips_level", "the FIPS 140 level of KMS's HSMs", Unit::Level),
            Figure::CloudhsmFipsLevel => ("cloudhsm_fips_level", "the FIPS 140 level of CloudHSM", Unit::Level),
            Figure::KmsQuota => ("kms_quota", "the Region's KMS request quota", Unit::PerSecond),
            Figure::KeyStoreQuota => ("key_store_quota", "the quota of one CloudHSM key store", Unit::PerSecond),
            Figure::PeakShareOfKmsQuota => {
                ("peak_share_of_kms_quota", "the peak's share of the KMS quota", Unit::Share)
            }
            Figure::HsmsForPeak => ("hsms_for_peak", "the HSMs the peak needs", Unit::Count),
            Figure::HsmHourlyUsd => ("hsm_hourly_usd", "the hourly price of one HSM", Unit::Usd),
            Figure::KmsMonthlyUsd => ("kms_monthly_usd", "KMS's monthly cost", Unit::Usd),
            Figure::CloudhsmMonthlyUsd => ("cloudhsm_monthly_usd", "CloudHSM's monthly cost", Unit::Usd),
            Figure::CloudhsmEnteredMonthlyUsd => {
                ("cloudhsm_entered_monthly_usd", "CloudHSM's monthly cost with the HSMs entered", Unit::Usd)
            }
            Figure::CustomKeyStoreMonthlyUsd => {
                ("custom_key_store_monthly_usd", "the key store's monthly cost", Unit::Usd)
            }
            Figure::RotationDays => {
                ("rotation_days", "the rotation period required, in days (0 for none)", Unit::Count)
            }
            Figure::KmsDefaultQuota => ("kms_default_quota", "the Region's default KMS request quota", Unit::PerSecond),
            Figure::KeyStoresForPeak => ("key_stores_for_peak", "the key stores the peak needs", Unit::Count),
            Figure::ClustersForPeak => ("clusters_for_peak", "the CloudHSM clusters the peak needs", Unit::Count),
            Figure::ClusterMaxHsms => ("cluster_max_hsms", "the most HSMs a cluster holds", Unit::Count),
            Figure::AccountHsmLimit => {
                ("account_hsm_limit", "the HSMs an account may run in a Region by default", Unit::Count)
            }
            Figure::KeyStoreLimit => {
                ("key_store_limit", "the custom key stores an account may have in a Region by default", Unit::Count)
            }
            Figure::PublishedMaxHsms => {
                ("published_max_hsms", "the largest cluster AWS publishes benchmarks for", Unit::Count)
            }
            Figure::HsmHours => (contract::HSM_HOURS.name, "the hours each HSM runs in a month", Unit::Count),
            Figure::ExternalUsd => {
                (contract::EXTERNAL_USD.name, "the monthly cost of your key manager and proxy", Unit::Usd)
            }
            Figure::HsmsPriced => ("hsms_priced", "the HSMs the CloudHSM cost covers", Unit::Count),
            Figure::KeyStoresPriced => ("key_stores_priced", "the key stores the key store cost covers", Unit::Count),
            Figure::AverageOps => {
                ("average_ops", "the requests a second the month's requests average", Unit::PerSecond)
            }
            Figure::KindsOverQuota => ("kinds_over_quota", "the kinds of request over their quota", Unit::Count),
            Figure::KeyPairKindsOverQuota => {
                ("key_pair_kinds_over_quota", "the kinds of data key pair request over their quota", Unit::Count)
            }
            Figure::BusiestQuotaShare => {
                ("busiest_quota_share", "the largest share of a request quota the load takes", Unit::Share)
            }
            Figure::AsymmetricQuota => ("asymmetric_quota", "the Region's RSA and ECC request quota", Unit::PerSecond),
            Figure::SigningKeys => ("signing_keys", "the signing keys", Unit::Count),
            Figure::HmacKeys => ("hmac_keys", "the HMAC keys", Unit::Count),
            Figure::SymmetricKeys => ("symmetric_keys", "the symmetric encryption keys", Unit::Count),
            Figure::ServiceShare => {
                ("service_share", "the share of symmetric requests and keys AWS services use", Unit::Share)
            }
            Figure::ServiceKeys => ("service_keys", "the KMS keys AWS services use beside the cluster", Unit::Count),
            Figure::Months => ("months", "the months of the horizon", Unit::Count),
            Figure::RotationsByHorizon => {
                ("rotations_by_horizon", "the rotations each key has by the horizon's last month", Unit::Count)
            }
            Figure::KmsKeysRotatedByHand => ("kms_keys_rotated_by_hand", "the KMS keys rotated by hand", Unit::Count),
            Figure::KmsKeptKeys => {
                ("kms_kept_keys", "the keys KMS bills as kept by the horizon's last month", Unit::Count)
            }
            Figure::ImportedKeptKeys => {
                ("imported_kept_keys", "the imported keys billed as kept by the horizon's last month", Unit::Count)
            }
            Figure::KeyStoreKeptKeys => {
                ("key_store_kept_keys", "the key-store keys billed as kept by the horizon's last month", Unit::Count)
            }
            Figure::OnDemandRotations => {
                ("on_demand_rotations", "the on-demand rotations KMS allows a key", Unit::Count)
            }
            Figure::KmsKeysNeeded => {
                ("kms_keys_needed", "the KMS keys by the horizon's last month, kept keys included", Unit::Count)
            }
            Figure::KmsKeyLimit => {
                ("kms_key_limit", "the KMS keys an account may have in a Region by default", Unit::Count)
            }
            Figure::ClusterKeys => ("cluster_keys", "the keys on the cluster by the horizon's last month", Unit::Count),
            Figure::ClusterAsymmetricKeys => (
                "cluster_asymmetric_keys",
                "the asymmetric keys on the cluster by the horizon's last month",
                Unit::Count,
            ),
            Figure::ClusterMaxKeys => ("cluster_max_keys", "the keys one cluster holds", Unit::Count),
            Figure::ClusterMaxAsymmetricKeys => {
                ("cluster_max_asymmetric_keys", "the asymmetric keys one cluster holds", Unit::Count)
            }
            Figure::ClustersForKeys => ("clusters_for_keys", "the CloudHSM clusters the keys need", Unit::Count),
            Figure::CloudhsmClusters => {
                ("cloudhsm_clusters", "the CloudHSM clusters for the peak and the keys", Unit::Count)
            }
            Figure::CloudhsmHsms => {
                ("cloudhsm_hsms", "the HSMs CloudHSM needs by the horizon's last month", Unit::Count)
            }
            Figure::KeyStoresForKeys => ("key_stores_for_keys", "the key stores the keys need", Unit::Count),
            Figure::KeyStoresNeeded => ("key_stores_needed", "the key stores for the peak and the keys", Unit::Count),
            Figure::KeyStoreHsms => ("key_store_hsms", "the HSMs of the key stores' clusters", Unit::Count),
            Figure::KeyStoreLoad => {
                ("key_store_load", "the load a key store carries, the peak or the month's average", Unit::PerSecond)
            }
            Figure::SteadyMonth => {
                ("steady_month", "the month automatic rotation's charges stop rising (0 for none)", Unit::Count)
            }
            Figure::KmsSteadyMonthlyUsd => {
                ("kms_steady_monthly_usd", "KMS's monthly cost once both charged rotations are done", Unit::Usd)
            }
            Figure::OwnHsmsRequired => {
                ("own_hsms_required", "whether the answers require HSMs of your own (1) or not (0)", Unit::Count)
            }
            Figure::KmsRequestShare => {
                ("kms_request_share", "the share of KMS's bill that symmetric requests make", Unit::Share)
            }
            Figure::CloudhsmClusterMonthlyUsd => {
                ("cloudhsm_cluster_monthly_usd", "the CloudHSM cluster's monthly cost without KMS beside it", Unit::Usd)
            }
            Figure::GeneralUsages => {
                ("general_usages", "the uses of the keys other than payment functions", Unit::Count)
            }
            Figure::HsmInterfaces => {
                ("hsm_interfaces", "the interfaces your code calls keys through other than the KMS API", Unit::Count)
            }
            Figure::PaymentCryptographyOffered => (
                "payment_cryptography_offered",
                "whether the Region offers AWS Payment Cryptography (1) or not (0)",
                Unit::Count,
            ),
            Figure::PaymentRequests => {
                ("payment_requests", "the AWS Payment Cryptography requests per month", Unit::Count)
            }
            Figure::PaymentKeyLimit => (
                "payment_key_limit",
                "the AWS Payment Cryptography keys an account may have in a Region by default",
                Unit::Count,
            ),
            Figure::PaymentCryptographyMonthlyUsd => {
                ("payment_cryptography_monthly_usd", "AWS Payment Cryptography's monthly cost", Unit::Usd)
            }
            Figure::AccountClusterLimit => (
                "account_cluster_limit",
                "the CloudHSM clusters an account may have in a Region by default",
                Unit::Count,
            ),
        }
    }

    pub fn from_name(name: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|figure| figure.name() == name)
    }

    /// `value` written in this figure's unit.
    pub fn show(self, value: f64) -> String {
        match self.unit() {
            Unit::Count => format::count(value),
            Unit::PerSecond => format!("{}/s", format::count(value)),
            Unit::Level => match value as u8 {
                0 => "none".to_string(),
                level => format!("Level {level}"),
            },
            Unit::Share => format::percent(value),
            Unit::Usd => format::usd(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Figure;

    #[test]
    fn every_figure_is_listed_once_at_its_declared_index() {
        for (index, figure) in Figure::ALL.into_iter().enumerate() {
            assert_eq!(figure as usize, index, "{figure:?}");
        }
    }
}
