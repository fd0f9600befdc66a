//! What one state bills: its keys by type, requests, HSMs and key stores, and how rotation and
//! a cluster's key capacity turn them into kept keys, clusters and HSMs month by month.

use super::{KeyOption, RequestKind, Requests, rotations_before};

/// What is billed for one state, in its first month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    /// Customer managed KMS keys, multi-Region replicas included.
    pub keys: u64,
    /// Of `keys`, asymmetric sign/verify keys: KMS cannot rotate them, so they are rotated by
    /// hand.
    pub signing_keys: u64,
    /// Of `keys`, HMAC keys: rotated by hand like signing keys.
    pub hmac_keys: u64,
    /// Whether the keys are multi-Region keys, whose imported key material cannot rotate on
    /// demand.
    pub multi_region: bool,
    /// Whether any key encrypts (`usage` has `encrypt` or `keypair`, whose pairs come from
    /// symmetric keys): without, the keys that are not counted as signing or HMAC keys sign or
    /// compute HMACs all the same, and KMS cannot rotate them.
    pub encrypts: bool,
    /// Requests in the first month, in `RequestKind::ALL`'s order.
    pub requests: Requests,
    /// HSMs entered for the CloudHSM cluster (at least 1).
    pub hsms: u32,
    /// HSMs the peak needs by AWS's published benchmarks, across clusters.
    pub hsms_for_peak: u32,
    /// CloudHSM key stores the peak needs (at least 1), each on its own cluster.
    pub key_stores_for_peak: u32,
    /// Hours each HSM runs in a month, 1 to 744.
    pub hsm_hours: f64,
    /// The rotation period in days, when rotation is required.
    pub rotation_days: Option<u64>,
    /// USD a month of the customer's own key manager and XKS proxy.
    pub external_usd: f64,
    /// With `integration=both`, the share (0 to 1) of the symmetric requests and keys that AWS
    /// services use: they call KMS, so CloudHSM's bill adds KMS for them.
    pub service_share: Option<f64>,
    pub limits: KeyLimits,
}

/// What limits the keys of one state, from `quotas.toml`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyLimits {
    /// Keys one CloudHSM cluster holds, asymmetric ones included.
    pub cluster_keys: f64,
    /// Asymmetric keys one CloudHSM cluster holds.
    pub cluster_asymmetric_keys: f64,
    /// On-demand rotations KMS allows a key with imported key material.
    pub on_demand_rotations: u64,
}

impl Usage {
    /// Symmetric requests in the first month.
    pub fn symmetric(&self) -> f64 {
        self.requests[RequestKind::Symmetric.index()]
    }

    /// The symmetric encryption keys: all but the signing and HMAC keys.
    pub fn symmetric_keys(&self) -> u64 {
        self.keys.saturating_sub(self.signing_keys + self.hmac_keys)
    }

    /// Rotations each key has had before month `month` (1 for the first); 0 without rotation.
    pub fn rotations_in(&self, month: u32) -> u64 {
        self.rotation_days.map_or(0, |period| rotations_before(month, period))
    }

    /// The keys AWS services use with `integration=both`, rounded up: symmetric KMS keys beside
    /// the cluster (services encrypt; they do not sign).
    pub fn service_keys(&self) -> u64 {
        self.service_share.map_or(0, |share| (self.symmetric_keys() as f64 * share).ceil() as u64)
    }

    /// The keys of `option` that KMS rotates itself (automatically or on demand), with the
    /// charges capped at the first rotations.
    pub fn rotated_by_kms(&self, option: KeyOption) -> u64 {
        match option {
            KeyOption::Kms if self.encrypts => self.symmetric_keys(),
            KeyOption::KmsImported if self.encrypts && !self.multi_region => self.symmetric_keys(),
            KeyOption::Cloudhsm => self.service_keys(),
            _ => 0,
        }
    }

    /// The keys of `option` rotated by hand: a new key each period, the old one kept.
    pub fn rotated_by_hand(&self, option: KeyOption) -> u64 {
        match option {
            KeyOption::Kms | KeyOption::KmsImported if !self.encrypts => self.keys,
            KeyOption::Kms => self.signing_keys + self.hmac_keys,
            KeyOption::KmsImported if self.multi_region => self.keys,
            KeyOption::KmsImported => self.signing_keys + self.hmac_keys,
            KeyOption::CustomKeyStore | KeyOption::ExternalKeyStore => self.keys,
            // Payment keys follow the card schemes' key management, which the cost model does
            // not price: `rotation` is about the other keys.
            KeyOption::Cloudhsm | KeyOption::PaymentCryptography => 0,
        }
    }

    /// Whether imported key material's bill in month `month` is KMS's own: without rotation, or
    /// while its single-Region keys rotate on demand within KMS's limit, the same lines.
    pub fn imported_billed_as_kms(&self, month: u32) -> bool {
        self.rotation_days.is_none()
            || (!self.multi_region && self.rotations_in(month) <= self.limits.on_demand_rotations)
    }

    /// Keys kept enabled after rotations by hand in month `month`, billed as keys: the keys
    /// rotated by hand times the rotations before the month, and imported keys' rotations past
    /// the on-demand ones KMS allows. No cap.
    pub fn kept_keys(&self, option: KeyOption, month: u32) -> u64 {
        let rotations = self.rotations_in(month);
        let past_on_demand = match option {
            KeyOption::KmsImported => {
                self.rotated_by_kms(option) * rotations.saturating_sub(self.limits.on_demand_rotations)
            }
            _ => 0,
        };
        self.rotated_by_hand(option) * rotations + past_on_demand
    }

    /// Keys on the CloudHSM cluster in month `month`, and of them asymmetric: the keys your
    /// code uses (AWS services' keys stay in KMS), each rotated key kept beside its successor.
    pub fn cluster_keys(&self, month: u32) -> (u64, u64) {
        let generations = 1 + self.rotations_in(month);
        (self.keys.saturating_sub(self.service_keys()) * generations, self.signing_keys * generations)
    }

    /// CloudHSM clusters the keys of month `month` need (at least 1).
    pub fn clusters_for_keys(&self, month: u32) -> u32 {
        let (keys, asymmetric) = self.cluster_keys(month);
        let by_keys = (keys as f64 / self.limits.cluster_keys).ceil();
        let by_asymmetric = (asymmetric as f64 / self.limits.cluster_asymmetric_keys).ceil();
        by_keys.max(by_asymmetric).max(1.0) as u32
    }

    /// CloudHSM key stores in month `month`: those the peak needs, or more when their keys,
    /// kept ones included, fill more clusters.
    pub fn key_stores(&self, month: u32) -> u32 {
        let keys = (self.keys * (1 + self.rotations_in(month))) as f64;
        let by_keys = (keys / self.limits.cluster_keys).ceil() as u32;
        self.key_stores_for_peak.max(by_keys).max(1)
    }

    /// HSMs the CloudHSM price covers in month `month`: those entered, more when the peak needs
    /// more, and a cluster of those entered for each cluster the keys need.
    pub fn hsms_priced_in(&self, month: u32) -> u32 {
        self.hsms.max(self.hsms_for_peak).max(self.clusters_for_keys(month).saturating_mul(self.hsms))
    }

    /// HSMs the CloudHSM price covers in the first month.
    pub fn hsms_priced(&self) -> u32 {
        self.hsms_priced_in(1)
    }
}
