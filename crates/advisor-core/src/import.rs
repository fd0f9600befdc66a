//! The advisor's answers from what a team already has: a Terraform plan or state (and, next, an
//! AWS bill). Each AWS Region found becomes one state: the answers the file sets, what it holds
//! that reads like a requirement (for a reader to confirm, one link each), and what it cannot
//! say, which keeps its default and is listed as assumed. Nothing here reads a file: callers
//! hand the text over.

use crate::inputs::Inputs;

mod terraform;

pub use self::terraform::read_plan;

/// What a file of another kind, a broken file or an unusable one is, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The JSON does not parse.
    #[error("line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    /// The JSON parses, but the value at `pointer` (a JSON pointer, RFC 6901) is not what the
    /// format has there.
    #[error("at {pointer}: {message}")]
    At { pointer: String, message: String },
}

/// Something a file holds that reads like a requirement: it says what exists, not what a policy
/// requires, so it is listed with a link that also sets it rather than set silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was found, e.g. "imported key material".
    pub what: String,
    /// The resource (a Terraform address) it was found in, the first of them.
    pub found_in: String,
    /// The contract parameter and value that state it, e.g. `custody` `imported`.
    pub parameter: &'static str,
    pub value: &'static str,
}

impl Finding {
    fn new(what: &str, found_in: &str, parameter: &'static str, value: &'static str) -> Finding {
        Finding { what: what.to_string(), found_in: found_in.to_string(), parameter, value }
    }
}

/// What a file holds: one reading per AWS Region, in the order of their codes, and what it
/// leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    pub regions: Vec<RegionReading>,
    /// The addresses a plan deletes, which are not counted.
    pub deleted: Vec<String>,
    /// Resources of other types, skipped.
    pub skipped: usize,
}

/// One AWS Region of a file: the figures it sets, line by line what they come from, and what
/// it leaves to the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegionReading {
    /// The Region's code, e.g. `eu-west-1`.
    pub region: String,
    /// KMS keys, replicas included (each is billed as a key).
    pub keys: u64,
    /// Of `keys`, sign/verify keys.
    pub signing_keys: u64,
    /// Of `keys`, HMAC keys.
    pub hmac_keys: u64,
    /// Of `keys`, keys that encrypt (symmetric, or asymmetric encryption keys).
    pub encrypting_keys: u64,
    /// The shortest automatic rotation period of a key, in days, when one rotates.
    pub rotation: Option<u64>,
    /// Whether a key is multi-Region or has a replica here.
    pub multi_region: bool,
    /// CloudHSM HSMs.
    pub hsms: u32,
    /// One line per resource read, in the file's order: where each figure comes from.
    pub read: Vec<String>,
    pub findings: Vec<Finding>,
}

impl RegionReading {
    fn new(region: String) -> RegionReading {
        RegionReading { region, ..RegionReading::default() }
    }

    /// The answers the file sets, as `(parameter, canonical value)` pairs in the contract's
    /// order: the keys by type and what they do, rotation, multi-Region, HSMs, the Region.
    pub fn answers(&self) -> Vec<(&'static str, String)> {
        let mut usage: Vec<&str> = Vec::new();
        if self.encrypting_keys > 0 {
            usage.push("encrypt");
        }
        if self.signing_keys > 0 {
            usage.push("sign");
        }
        if self.hmac_keys > 0 {
            usage.push("hmac");
        }
        let mut answers = vec![("keys", self.keys.to_string())];
        if self.hsms > 0 {
            answers.push(("hsms", self.hsms.to_string()));
        }
        answers.push(("region", self.region.clone()));
        if !usage.is_empty() {
            answers.push(("usage", usage.join(",")));
        }
        answers.push(("multi_region", if self.multi_region { "yes" } else { "no" }.to_string()));
        if let Some(days) = self.rotation {
            answers.push(("rotation", days.to_string()));
        }
        if self.signing_keys > 0 {
            answers.push(("signing_keys", self.signing_keys.to_string()));
        }
        if self.hmac_keys > 0 {
            answers.push(("hmac_keys", self.hmac_keys.to_string()));
        }
        answers
    }

    /// The state these answers make, read as a link would be, with `extra` answers (a finding's)
    /// on top; `regions` are the Region codes the rules know. `Err` names an answer the contract
    /// refuses, e.g. a Region the rules lack.
    pub fn inputs(&self, extra: &[(&str, &str)], regions: &[&str]) -> Result<Inputs, crate::InputError> {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (parameter, value) in self.answers() {
            query.append_pair(parameter, &value);
        }
        for (parameter, value) in extra {
            query.append_pair(parameter, value);
        }
        let (inputs, mut errors) = Inputs::from_query(&query.finish(), regions);
        if errors.is_empty() { Ok(inputs) } else { Err(errors.remove(0)) }
    }
}

#[cfg(test)]
mod tests;
