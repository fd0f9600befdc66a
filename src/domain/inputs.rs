//! The URL contract (version 1): the parameters of `/`, their defaults, their validation, and
//! the canonical query string a share link carries.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// A multiple-choice parameter of the contract, one per answer group of the five questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Choice {
    Fips,
    Dedicated,
    Control,
    Shardable,
    Integration,
    Team,
}

impl Choice {
    /// In the order of the questions.
    pub const ALL: [Choice; 6] =
        [Choice::Fips, Choice::Dedicated, Choice::Control, Choice::Shardable, Choice::Integration, Choice::Team];

    /// The query parameter's name.
    pub fn name(self) -> &'static str {
        match self {
            Choice::Fips => "fips",
            Choice::Dedicated => "dedicated",
            Choice::Control => "control",
            Choice::Shardable => "shardable",
            Choice::Integration => "integration",
            Choice::Team => "team",
        }
    }

    /// Every answer the contract allows, the default first.
    pub fn answers(self) -> &'static [&'static str] {
        match self {
            Choice::Fips => &["none", "2", "3"],
            Choice::Dedicated | Choice::Control => &["no", "yes"],
            Choice::Shardable => &["yes", "no"],
            Choice::Integration => &["aws", "custom", "both"],
            Choice::Team => &["managed", "hsm"],
        }
    }

    /// The question of the framework this parameter answers.
    pub fn question(self) -> &'static str {
        match self {
            Choice::Fips | Choice::Dedicated => "q1",
            Choice::Control => "q2",
            Choice::Shardable => "q3",
            Choice::Integration => "q4",
            Choice::Team => "q5",
        }
    }

    pub fn from_name(name: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|choice| choice.name() == name)
    }

    fn index(self) -> usize {
        Choice::ALL.iter().position(|&c| c == self).unwrap_or(0)
    }

    /// The contract's spelling of `answer`, if it is one of this parameter's answers.
    pub fn answer(self, answer: &str) -> Option<&'static str> {
        self.answers().iter().copied().find(|&a| a == answer)
    }
}

/// A parameter that could not be read, and what was expected of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    pub parameter: &'static str,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.parameter, self.message)
    }
}

/// The whole state of the advisor, as the URL carries it. Only valid values can be held.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    answers: [&'static str; 6],
    pub peak_ops: f64,
    pub keys: u64,
    pub requests: f64,
    pub hsms: u32,
    pub region: String,
    pub hsm_hourly: Option<f64>,
    pub growth: f64,
    pub months: u32,
}

/// The parameters of the URL contract (version 1), in its order.
pub const PARAMETERS: [&str; 14] = [
    "fips",
    "dedicated",
    "control",
    "peak_ops",
    "shardable",
    "integration",
    "team",
    "keys",
    "requests",
    "hsms",
    "region",
    "hsm_hourly",
    "growth",
    "months",
];

pub const DEFAULT_REGION: &str = "us-east-1";

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            answers: Choice::ALL.map(|choice| choice.answers()[0]),
            peak_ops: 100.0,
            keys: 10,
            requests: 1_000_000.0,
            hsms: 2,
            region: DEFAULT_REGION.to_string(),
            hsm_hourly: None,
            growth: 0.0,
            months: 36,
        }
    }
}

/// Bounds that keep every figure finite and meaningful.
const MAX_PEAK_OPS: f64 = 100_000_000.0;
const MAX_KEYS: u64 = 1_000_000;
pub const MAX_REQUESTS: f64 = 1e13;
const MAX_HSMS: u32 = 1_000;
const MAX_HSM_HOURLY: f64 = 1_000.0;
const MAX_GROWTH: f64 = 100.0;
const MAX_MONTHS: u32 = 120;

impl Inputs {
    pub fn answer(&self, choice: Choice) -> &'static str {
        self.answers[choice.index()]
    }

    /// A copy with one answer changed; `None` if `answer` is not one of the contract's.
    pub fn with_answer(&self, choice: Choice, answer: &str) -> Option<Inputs> {
        let mut changed = self.clone();
        changed.answers[choice.index()] = choice.answer(answer)?;
        Some(changed)
    }

    /// The FIPS 140 security level the answer to `fips` requires, 0 for none.
    pub fn required_fips_level(&self) -> u8 {
        self.answer(Choice::Fips).parse().unwrap_or(0)
    }

    /// Reads a query string. Unknown parameters are ignored, missing or empty ones take their
    /// default, the last of a repeated parameter wins. Every malformed parameter is reported and
    /// keeps its default, so a page can show the rest evaluated.
    pub fn from_query(query: &str, regions: &[&str]) -> (Inputs, Vec<InputError>) {
        let mut inputs = Inputs::default();
        let mut errors: Vec<InputError> = Vec::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            if let Err(error) = inputs.set(&name, value, regions) {
                errors.retain(|e| e.parameter != error.parameter);
                errors.push(error);
            } else {
                errors.retain(|e| e.parameter != name);
            }
        }
        (inputs, errors)
    }

    fn set(&mut self, name: &str, value: &str, regions: &[&str]) -> Result<(), InputError> {
        if let Some(choice) = Choice::from_name(name) {
            self.answers[choice.index()] = choice.answer(value).ok_or_else(|| InputError {
                parameter: choice.name(),
                message: format!("expected one of {}, found {}", choice.answers().join(", "), quoted(value)),
            })?;
            return Ok(());
        }
        match name {
            "peak_ops" => self.peak_ops = number("peak_ops", value, 0.0, MAX_PEAK_OPS)?,
            "keys" => self.keys = integer("keys", value, 0, MAX_KEYS)?,
            "requests" => self.requests = number("requests", value, 0.0, MAX_REQUESTS)?,
            "hsms" => self.hsms = integer("hsms", value, 1, MAX_HSMS.into())? as u32,
            "region" => {
                self.region =
                    regions.iter().find(|&&r| r == value).map(|r| r.to_string()).ok_or_else(|| InputError {
                        parameter: "region",
                        message: format!("expected one of {}, found {}", regions.join(", "), quoted(value)),
                    })?
            }
            "hsm_hourly" => {
                let price = number("hsm_hourly", value, 0.0, MAX_HSM_HOURLY)?;
                if price == 0.0 {
                    return Err(InputError {
                        parameter: "hsm_hourly",
                        message: format!("expected a price above 0 USD per hour, found {}", quoted(value)),
                    });
                }
                self.hsm_hourly = Some(price);
            }
            "growth" => {
                let growth = number("growth", value, -100.0, MAX_GROWTH)?;
                if growth <= -100.0 {
                    return Err(InputError {
                        parameter: "growth",
                        message: format!("expected a percentage above -100, found {}", quoted(value)),
                    });
                }
                self.growth = growth;
            }
            "months" => self.months = integer("months", value, 1, MAX_MONTHS.into())? as u32,
            _ => {}
        }
        Ok(())
    }

    /// The canonical query string: every parameter of the contract in its order, numbers in
    /// their shortest form, so one state has exactly one share link.
    pub fn to_query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in self.pairs() {
            query.append_pair(name, &value);
        }
        query.finish()
    }

    /// The parameters in contract order with their canonical values.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> = Vec::with_capacity(14);
        let answer = |choice: Choice| (choice.name(), self.answer(choice).to_string());
        pairs.extend([Choice::Fips, Choice::Dedicated, Choice::Control].map(answer));
        pairs.push(("peak_ops", self.peak_ops.to_string()));
        pairs.extend([Choice::Shardable, Choice::Integration, Choice::Team].map(answer));
        pairs.push(("keys", self.keys.to_string()));
        pairs.push(("requests", self.requests.to_string()));
        pairs.push(("hsms", self.hsms.to_string()));
        pairs.push(("region", self.region.clone()));
        if let Some(price) = self.hsm_hourly {
            pairs.push(("hsm_hourly", price.to_string()));
        }
        pairs.push(("growth", self.growth.to_string()));
        pairs.push(("months", self.months.to_string()));
        pairs
    }
}

/// The normalized parameters as a JSON object: answers as strings, figures as numbers.
impl Serialize for Inputs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for choice in Choice::ALL {
            map.serialize_entry(choice.name(), self.answer(choice))?;
        }
        map.serialize_entry("peak_ops", &self.peak_ops)?;
        map.serialize_entry("keys", &self.keys)?;
        map.serialize_entry("requests", &self.requests)?;
        map.serialize_entry("hsms", &self.hsms)?;
        map.serialize_entry("region", &self.region)?;
        map.serialize_entry("hsm_hourly", &self.hsm_hourly)?;
        map.serialize_entry("growth", &self.growth)?;
        map.serialize_entry("months", &self.months)?;
        map.end()
    }
}

fn quoted(value: &str) -> String {
    const SHOWN: usize = 40;
    if value.chars().count() > SHOWN {
        format!("\"{}…\"", value.chars().take(SHOWN).collect::<String>())
    } else {
        format!("\"{value}\"")
    }
}

fn number(parameter: &'static str, value: &str, min: f64, max: f64) -> Result<f64, InputError> {
    let expected = || InputError {
        parameter,
        message: format!(
            "expected a number from {} to {}, found {}",
            super::format::count(min),
            super::format::count(max),
            quoted(value)
        ),
    };
    let parsed: f64 = value.parse().map_err(|_| expected())?;
    if !parsed.is_finite() || parsed < min || parsed > max {
        return Err(expected());
    }
    // -0 would print as "-0" in the share link.
    Ok(parsed + 0.0)
}

fn integer(parameter: &'static str, value: &str, min: u64, max: u64) -> Result<u64, InputError> {
    value.parse::<u64>().ok().filter(|n| (min..=max).contains(n)).ok_or_else(|| InputError {
        parameter,
        message: format!(
            "expected a whole number from {} to {}, found {}",
            super::format::count(min as f64),
            super::format::count(max as f64),
            quoted(value)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

    fn parse(query: &str) -> (Inputs, Vec<InputError>) {
        Inputs::from_query(query, &REGIONS)
    }

    #[test]
    fn empty_query_gives_the_contract_defaults() {
        let (inputs, errors) = parse("");
        assert!(errors.is_empty());
        assert_eq!(
            inputs.to_query(),
            "fips=none&dedicated=no&control=no&peak_ops=100&shardable=yes&integration=aws&team=managed\
             &keys=10&requests=1000000&hsms=2&region=us-east-1&growth=0&months=36"
        );
    }

    #[test]
    fn every_parameter_is_read() {
        let (inputs, errors) = parse(
            "fips=3&dedicated=yes&control=yes&peak_ops=2500.5&shardable=no&integration=both&team=hsm\
             &keys=7&requests=1e9&hsms=3&region=eu-west-1&hsm_hourly=1.6&growth=-5&months=12&utm_source=wiki",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(inputs.required_fips_level(), 3);
        assert_eq!(inputs.answer(Choice::Integration), "both");
        assert_eq!(
            inputs.to_query(),
            "fips=3&dedicated=yes&control=yes&peak_ops=2500.5&shardable=no&integration=both&team=hsm\
             &keys=7&requests=1000000000&hsms=3&region=eu-west-1&hsm_hourly=1.6&growth=-5&months=12"
        );
    }

    #[test]
    fn canonical_query_reads_back_to_the_same_inputs() {
        let (inputs, _) = parse("peak_ops=0.25&requests=123456789012&growth=2.5&hsm_hourly=0.01");
        let (again, errors) = parse(&inputs.to_query());
        assert!(errors.is_empty());
        assert_eq!(again, inputs);
    }

    #[test]
    fn malformed_parameters_are_named_and_keep_their_defaults() {
        let cases = [
            ("fips=4", "fips", "expected one of none, 2, 3, found \"4\""),
            ("dedicated=maybe", "dedicated", "expected one of no, yes, found \"maybe\""),
            ("team=ops", "team", "expected one of managed, hsm, found \"ops\""),
            ("peak_ops=-1", "peak_ops", "expected a number from 0 to 100,000,000, found \"-1\""),
            ("peak_ops=NaN", "peak_ops", "expected a number from 0 to 100,000,000, found \"NaN\""),
            ("requests=1e400", "requests", "expected a number from 0 to 10,000,000,000,000, found \"1e400\""),
            ("requests=inf", "requests", "expected a number from 0 to 10,000,000,000,000, found \"inf\""),
            ("keys=2.5", "keys", "expected a whole number from 0 to 1,000,000, found \"2.5\""),
            ("hsms=0", "hsms", "expected a whole number from 1 to 1,000, found \"0\""),
            ("region=mars-1", "region", "expected one of us-east-1, eu-west-1, found \"mars-1\""),
            ("hsm_hourly=0", "hsm_hourly", "expected a price above 0 USD per hour, found \"0\""),
            ("growth=-100", "growth", "expected a percentage above -100, found \"-100\""),
            ("months=121", "months", "expected a whole number from 1 to 120, found \"121\""),
        ];
        for (query, parameter, message) in cases {
            let (inputs, errors) = parse(query);
            assert_eq!(errors.len(), 1, "{query}");
            assert_eq!(errors[0].parameter, parameter, "{query}");
            assert_eq!(errors[0].message, message, "{query}");
            assert_eq!(inputs, Inputs::default(), "{query}");
        }
    }

    #[test]
    fn all_errors_are_collected_and_long_values_cut() {
        let long = "x".repeat(100);
        let (_, errors) = parse(&format!("fips=9&keys={long}&months=0"));
        let named: Vec<_> = errors.iter().map(|e| e.parameter).collect();
        assert_eq!(named, ["fips", "keys", "months"]);
        assert!(errors[1].message.ends_with(&format!("\"{}…\"", "x".repeat(40))));
    }

    #[test]
    fn empty_values_take_defaults_and_the_last_repeat_wins() {
        let (inputs, errors) = parse("keys=&hsm_hourly=&keys=abc&keys=4");
        assert!(errors.is_empty());
        assert_eq!(inputs.keys, 4);
        assert_eq!(inputs.hsm_hourly, None);
    }

    #[test]
    fn changing_an_answer_is_checked() {
        let inputs = Inputs::default();
        assert_eq!(inputs.with_answer(Choice::Team, "hsm").unwrap().answer(Choice::Team), "hsm");
        assert!(inputs.with_answer(Choice::Team, "nobody").is_none());
    }
}
