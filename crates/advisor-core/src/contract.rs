//! The URL contract, declared once: every parameter of `/` with its kind, bounds, default and
//! the part of the form it belongs to, in the contract's canonical order. Parsing, the
//! canonical query string, the JSON `inputs`, the form's fields and their HTML attributes, the
//! rules' check of `framework.toml` and the tests all read this table; labels and help are in
//! `rules/framework.toml`.

use std::borrow::Cow;

mod read;
mod rows;

pub use self::read::{InputError, read_whole};
use self::rows::{choice, integer, key_count, number, requests_alone, requests_of};

/// What values a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// One of a fixed list of answers, in the order the form shows them.
    Choice(&'static [&'static str]),
    /// One or more of a fixed list of members, written comma-separated in the list's order. A
    /// repeated parameter (an HTML checkbox group) adds to the set rather than replacing it.
    Set(&'static [&'static str]),
    /// A whole number from `min` to `max`, both included, or the word `or` when there is one
    /// (e.g. "none" for no rotation).
    Integer { min: u64, max: u64, or: Option<&'static str> },
    /// A finite number from `min` to `max`. When `above` is set, `min` itself is refused too and
    /// `above` says what is expected instead (e.g. "a price above 0 USD per hour").
    Number { min: f64, max: f64, above: Option<&'static str> },
    /// The code of a Region the loaded rules know.
    Region,
    /// A version of the rules, as `framework.toml` names one: 1 to 40 letters, digits, dots,
    /// hyphens and underscores.
    Version,
    /// Free text on one line, at most `max_chars` characters once every run of white space
    /// (line breaks included) is one space; other control characters are refused.
    Text { max_chars: usize },
}

/// A parameter's value: what the URL gave, or its default.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value, and none by default (e.g. no price override).
    Absent,
    Answer(&'static str),
    /// The members given, in the order of the parameter's list, never empty.
    Set(Cow<'static, [&'static str]>),
    Integer(u64),
    Number(f64),
    Region(Cow<'static, str>),
    /// A version of the rules.
    Text(Cow<'static, str>),
}

impl Value {
    /// The value as the canonical query string writes it; `None` for `Absent`.
    pub fn canonical(&self) -> Option<Cow<'_, str>> {
        match self {
            Value::Absent => None,
            Value::Answer(answer) => Some(Cow::Borrowed(answer)),
            Value::Region(code) | Value::Text(code) => Some(Cow::Borrowed(code)),
            _ => {
                let mut text = String::new();
                self.write_canonical(&mut text);
                Some(Cow::Owned(text))
            }
        }
    }

    /// Appends [`Value::canonical`] to `out`; nothing for `Absent`. Share links are written for
    /// every flip of every page, so this writes in place.
    pub fn write_canonical(&self, out: &mut String) {
        use std::fmt::Write;
        match self {
            Value::Absent => {}
            Value::Answer(answer) => out.push_str(answer),
            Value::Region(code) | Value::Text(code) => out.push_str(code),
            Value::Set(members) => {
                for (index, member) in members.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(member);
                }
            }
            Value::Integer(n) => out.push_str(itoa::Buffer::new().format(*n)),
            // A whole number prints as an integer does (the same digits as f64's shortest form,
            // without its float formatting); 2^53 is where f64 stops holding every integer.
            Value::Number(x) if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 => {
                out.push_str(itoa::Buffer::new().format(*x as i64));
            }
            Value::Number(x) => {
                let _ = write!(out, "{x}");
            }
        }
    }
}

/// Where the form shows a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Under one of the framework's five questions, `"q1"` to `"q5"`.
    Question(&'static str),
    /// The workload: what is billed.
    Workload,
    /// The workload's requests other than symmetric ones, folded away while they are all zero.
    RequestMix,
    /// The workload's advanced assumptions, folded away.
    Advanced,
    /// Carried by a link, not asked by the form: the rules version the link was made under.
    Link,
    /// What the decision is about, in the reader's words: first in the form, at the head of the
    /// page, the card and the decision record.
    About,
}

impl Section {
    /// The `question` that `framework.toml` gives a parameter of this section.
    pub fn framework_question(self) -> &'static str {
        match self {
            Section::Question(id) => id,
            Section::Workload | Section::RequestMix | Section::Advanced => "workload",
            Section::Link => "link",
            Section::About => "about",
        }
    }
}

/// One parameter of the URL contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The query parameter's name; never changes within a version of the contract.
    pub name: &'static str,
    pub kind: Kind,
    /// What a missing or empty parameter means.
    pub default: Value,
    pub section: Section,
    /// For an older parameter that a newer one refines: how to read it into the newer.
    pub replaced_by: Option<Replacement>,
    /// For a number: the member of a set that a value above zero implies (requests of an
    /// asymmetric kind, or signing keys, imply the keys sign).
    pub implies: Option<Implied>,
    /// When the parameter matters only beside some answers of another (`service_share` with
    /// `integration=both`, `interface` when your own code calls the keys): the form still asks
    /// it, but summaries leave it out otherwise.
    pub applies: Option<Answered>,
}

impl Parameter {
    /// Whether a state is written with this parameter: not an older one a newer one replaced,
    /// nor the rules version a link was made under (it names rules, not an answer).
    pub fn is_state(&self) -> bool {
        self.replaced_by.is_none() && self.section != Section::Link
    }
}

/// Some answers of a multiple-choice parameter, e.g. `integration` `custom` or `both`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answered {
    pub parameter: &'static str,
    pub answers: &'static [&'static str],
}

impl Answered {
    /// Whether `inputs` give one of the answers.
    pub fn holds(&self, inputs: &crate::inputs::Inputs) -> bool {
        self.answers.contains(&inputs.answer(self.parameter))
    }
}

/// A member that a number above zero adds to a set parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Implied {
    /// The set parameter.
    pub set: &'static str,
    pub member: &'static str,
    /// Whether the member replaces the set's default when the set was not given, rather than
    /// joining it: payment requests make the keys payment keys, not encryption keys as well.
    pub alone: bool,
}

/// An older parameter kept so old links keep their meaning: it is read only when the newer one
/// is not given, is never written into a canonical query (the newer one is), and its value
/// follows the newer one's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Replacement {
    /// The newer parameter.
    pub by: &'static str,
    /// `(older answer, newer answer)`; an older answer not listed leaves the newer at its default.
    pub answers: &'static [(&'static str, &'static str)],
}

/// Hours in a month, 365 x 24 / 12 as AWS's Pricing Calculator counts them: what an HSM that
/// runs all month is billed (`hsm_hours`' default), and what a month's requests are spread over.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The Region a link without `region` is evaluated in; every rules directory must price it.
pub const DEFAULT_REGION: &str = "us-east-1";

/// `peak_ops`: the peak load, cryptographic requests a second, 0 to 10^8.
pub const PEAK_OPS: Parameter = number("peak_ops", 0.0, 1e8, None, 100.0, Section::Question("q3"));
/// `keys`: KMS keys (or keys on the HSMs), 0 to 10^6.
pub const KEYS: Parameter = integer("keys", 0, 1_000_000, 10, Section::Workload);
/// `requests`: symmetric KMS requests a month, 0 to 10^13.
pub const REQUESTS: Parameter = number("requests", 0.0, 1e13, None, 1e6, Section::Workload);
/// `hsms`: HSMs in the cluster, 1 to 1,000.
pub const HSMS: Parameter = integer("hsms", 1, 1_000, 2, Section::Workload);
/// `hsm_hours`: hours each HSM runs in a month, 1 to 744.
pub const HSM_HOURS: Parameter = number("hsm_hours", 1.0, 744.0, None, HOURS_PER_MONTH, Section::Advanced);
/// `external_usd`: what an external key manager and its proxy cost, USD a month, 0 to 10^9.
pub const EXTERNAL_USD: Parameter = number("external_usd", 0.0, 1e9, None, 0.0, Section::Advanced);

/// The contract, in its canonical order: version 1's parameters, then edition 2's, then edition
/// 3's (docs/api.md's "Parameters" lists them, and a test holds the two together).
pub const PARAMETERS: &[Parameter] = &[
    choice("fips", &["none", "2", "3"], Section::Question("q1")),
    choice("dedicated", &["no", "yes"], Section::Question("q1")),
    Parameter {
        name: "control",
        kind: Kind::Choice(&["no", "yes"]),
        default: Value::Answer("no"),
        section: Section::Question("q2"),
        replaced_by: Some(CONTROL_BY_CUSTODY),
        implies: None,
        applies: None,
    },
    PEAK_OPS,
    choice("shardable", &["yes", "no"], Section::Question("q3")),
    choice("integration", &["aws", "custom", "both"], Section::Question("q4")),
    choice("team", &["managed", "hsm"], Section::Question("q5")),
    KEYS,
    REQUESTS,
    HSMS,
    Parameter {
        name: "region",
        kind: Kind::Region,
        default: Value::Region(Cow::Borrowed(DEFAULT_REGION)),
        section: Section::Workload,
        replaced_by: None,
        implies: None,
        applies: None,
    },
    Parameter {
        name: "hsm_hourly",
        kind: Kind::Number { min: 0.0, max: 1_000.0, above: Some("a price above 0 USD per hour") },
        default: Value::Absent,
        section: Section::Advanced,
        replaced_by: None,
        implies: None,
        applies: None,
    },
    number("growth", -100.0, 100.0, Some("a percentage above -100"), 0.0, Section::Advanced),
    integer("months", 1, 120, 36, Section::Advanced),
    // Edition 2.
    choice("custody", &["aws", "imported", "hsm", "external"], Section::Question("q2")),
    Parameter {
        name: "usage",
        kind: Kind::Set(&["encrypt", "sign", "hmac", "keypair", PAYMENT]),
        default: Value::Set(Cow::Borrowed(&["encrypt"])),
        section: Section::Question("q4"),
        replaced_by: None,
        implies: None,
        applies: None,
    },
    choice("multi_region", &["no", "yes"], Section::Question("q4")),
    Parameter {
        name: "rotation",
        kind: Kind::Integer { min: 90, max: 2560, or: Some("none") },
        default: Value::Answer("none"),
        section: Section::Question("q1"),
        replaced_by: None,
        implies: None,
        applies: None,
    },
    Parameter {
        name: "kms_quota",
        kind: Kind::Number { min: 1.0, max: 1e8, above: None },
        default: Value::Absent,
        section: Section::Question("q3"),
        replaced_by: None,
        implies: None,
        applies: None,
    },
    requests_of("rsa2048_requests", "sign"),
    requests_of("asymmetric_requests", "sign"),
    requests_of("ecc_keypair_requests", "keypair"),
    requests_of("rsa_keypair_requests", "keypair"),
    // 744 hours is a 31-day month.
    HSM_HOURS,
    EXTERNAL_USD,
    // Not part of the state: a share link names the rules it was made under, which the page
    // compares with the rules in force.
    Parameter {
        name: "rules",
        kind: Kind::Version,
        default: Value::Absent,
        section: Section::Link,
        replaced_by: None,
        implies: None,
        applies: None,
    },
    Parameter {
        name: "context",
        kind: Kind::Text { max_chars: CONTEXT_CHARS },
        default: Value::Absent,
        section: Section::About,
        replaced_by: None,
        implies: None,
        applies: None,
    },
    // Edition 3.
    key_count(SIGNING_KEYS, "sign"),
    key_count(HMAC_KEYS, "hmac"),
    Parameter {
        name: "asymmetric_quota",
        kind: Kind::Number { min: 1.0, max: 1e8, above: None },
        default: Value::Absent,
        section: Section::Question("q3"),
        replaced_by: None,
        implies: None,
        applies: None,
    },
    Parameter {
        name: "service_share",
        kind: Kind::Number { min: 0.0, max: 100.0, above: None },
        default: Value::Number(50.0),
        section: Section::Question("q4"),
        replaced_by: None,
        implies: None,
        applies: Some(Answered { parameter: "integration", answers: &["both"] }),
    },
    Parameter {
        name: "interface",
        kind: Kind::Set(INTERFACES),
        default: Value::Set(Cow::Borrowed(&[KMS_API])),
        section: Section::Question("q4"),
        replaced_by: None,
        implies: None,
        applies: Some(Answered { parameter: "integration", answers: &["custom", "both"] }),
    },
    requests_alone("payment_requests", PAYMENT),
];

/// `interface`'s members: the KMS API, then the interfaces CloudHSM's client SDK gives your
/// code and KMS does not.
pub const INTERFACES: &[&str] = &[KMS_API, "pkcs11", "jce", "cng", "openssl"];

/// `usage`'s member for payment HSM functions: keys of their own, which AWS Payment Cryptography
/// holds.
pub const PAYMENT: &str = "payment";
/// `interface`'s member for the KMS API, which every KMS option offers.
pub const KMS_API: &str = "kms_api";

/// `signing_keys`: how many of `keys` are asymmetric sign/verify keys.
pub const SIGNING_KEYS: &str = "signing_keys";
/// `hmac_keys`: how many of `keys` are HMAC keys.
pub const HMAC_KEYS: &str = "hmac_keys";
/// The counts that are parts of `keys`, in the contract's order: together they may not exceed it.
pub const PARTS_OF_KEYS: [&str; 2] = [SIGNING_KEYS, HMAC_KEYS];

/// The most characters `context` holds: a sentence or two, an auditor's wording.
pub const CONTEXT_CHARS: usize = 500;

/// `control=yes` (key material only on hardware you control) is `custody=hsm`.
const CONTROL_BY_CUSTODY: Replacement = Replacement { by: "custody", answers: &[("yes", "hsm")] };

/// The row of `name` in `table`.
pub fn find<'t>(table: &'t [Parameter], name: &str) -> Option<&'t Parameter> {
    table.iter().find(|parameter| parameter.name == name)
}

/// The contract with one more row, as a later edition would add it (a number of the advanced
/// assumptions), for tests that show a new row is all a new parameter needs.
#[cfg(any(test, feature = "test-support"))]
pub fn extended_for_tests() -> &'static [Parameter] {
    // One table for every test, as `Inputs` compare their tables by address.
    static TABLE: std::sync::OnceLock<Vec<Parameter>> = std::sync::OnceLock::new();
    TABLE.get_or_init(extend)
}

#[cfg(any(test, feature = "test-support"))]
fn extend() -> Vec<Parameter> {
    let mut table = PARAMETERS.to_vec();
    table.push(number("proxy_hours", 1.0, 744.0, None, 730.0, Section::Advanced));
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_defaults_fit_their_kinds() {
        let table = extended_for_tests();
        for (index, parameter) in table.iter().enumerate() {
            assert!(table[..index].iter().all(|p| p.name != parameter.name), "{} twice", parameter.name);
            // The canonical query writes names as they are.
            let plain = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
            assert!(parameter.name.bytes().all(plain), "{}", parameter.name);
            if let Some(text) = parameter.default.canonical() {
                assert_eq!(
                    parameter.read(&text, &[DEFAULT_REGION]),
                    Ok(parameter.default.clone()),
                    "{}",
                    parameter.name
                );
            }
        }
    }
}
