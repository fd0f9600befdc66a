//! The workload's keys by type and the figures edition 3 added: how many of `keys` sign or
//! compute HMACs (given, or derived from `usage`), which may not add up to more than `keys`, and
//! the raised asymmetric quota and AWS services' share of the load.

use super::{InputError, Inputs, Value};
use crate::contract;

impl Inputs {
    /// How many of `keys` are asymmetric sign/verify keys: as given, or all of them when `usage`
    /// is signing alone, else 0.
    pub fn signing_keys(&self) -> u64 {
        self.part_of_keys(contract::SIGNING_KEYS, "sign")
    }

    /// How many of `keys` are HMAC keys: as given, or all of them when `usage` is HMAC alone,
    /// else 0.
    pub fn hmac_keys(&self) -> u64 {
        self.part_of_keys(contract::HMAC_KEYS, "hmac")
    }

    /// The symmetric encryption keys: `keys` but the signing and HMAC keys.
    pub fn symmetric_keys(&self) -> u64 {
        self.keys().saturating_sub(self.signing_keys() + self.hmac_keys())
    }

    fn part_of_keys(&self, name: &str, usage: &str) -> u64 {
        match self.get(name) {
            Some(Value::Integer(n)) => *n,
            _ => match self.get("usage") {
                Some(Value::Set(members)) if members.len() == 1 && members[0] == usage => self.keys(),
                _ => 0,
            },
        }
    }

    /// The account's RSA and ECC request quota in the Region, requests a second, when it was
    /// raised and given; `None` means the default of `quotas.toml`.
    pub fn asymmetric_quota(&self) -> Option<f64> {
        self.optional_number("asymmetric_quota")
    }

    /// With `integration=both`, the percent (0 to 100) of the symmetric requests and keys that
    /// AWS services use; `None` for any other integration.
    pub fn service_share(&self) -> Option<f64> {
        (self.answer("integration") == "both").then(|| self.number("service_share"))
    }

    /// The counts of `keys` by type may not add up to more than `keys`: an error naming the
    /// last of them that was given, when they do.
    pub(super) fn parts_of_keys_error(&self) -> Option<InputError> {
        let given: Vec<(&'static str, u64)> = contract::PARTS_OF_KEYS
            .iter()
            .filter_map(|&name| match self.get(name) {
                Some(Value::Integer(n)) => Some((self.contract[self.index_of(name)].name, *n)),
                _ => None,
            })
            .collect();
        let &(last, value) = given.last()?;
        let keys = self.keys();
        if self.signing_keys() + self.hmac_keys() <= keys {
            return None;
        }
        let others = self.signing_keys() + self.hmac_keys() - value;
        let names = contract::PARTS_OF_KEYS.join(" + ");
        Some(InputError {
            parameter: last,
            message: format!(
                "expected at most {} ({names} may not exceed keys, {}), found \"{value}\"",
                crate::format::count(keys.saturating_sub(others) as f64),
                crate::format::count(keys as f64)
            ),
        })
    }
}
