//! The state of the advisor as a URL carries it: one value for every parameter of the contract
//! table (`contract::PARAMETERS`), read from a query string and written back as the canonical
//! query string a share link carries.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

pub use super::contract::{DEFAULT_REGION, InputError, Kind, PARAMETERS, Parameter, Section, Value};

/// One value per parameter of a contract table, each valid for its kind.
#[derive(Debug, Clone)]
pub struct Inputs {
    contract: &'static [Parameter],
    /// In the order of `contract`.
    values: Vec<Value>,
}

impl PartialEq for Inputs {
    fn eq(&self, other: &Inputs) -> bool {
        std::ptr::eq(self.contract, other.contract) && self.values == other.values
    }
}

impl Default for Inputs {
    /// Every parameter of the contract at its default.
    fn default() -> Self {
        Inputs::defaults(PARAMETERS)
    }
}

impl Inputs {
    /// Every parameter of `contract` at its default.
    pub fn defaults(contract: &'static [Parameter]) -> Inputs {
        Inputs { contract, values: contract.iter().map(|parameter| parameter.default.clone()).collect() }
    }

    /// Reads a query string of the contract. Unknown parameters are ignored, missing or empty
    /// ones take their default, the last of a repeated parameter wins. Every malformed
    /// parameter is reported and keeps its default, so a page can show the rest evaluated;
    /// `regions` are the Region codes the rules know.
    pub fn from_query(query: &str, regions: &[&str]) -> (Inputs, Vec<InputError>) {
        Inputs::from_query_in(PARAMETERS, query, regions)
    }

    /// [`Inputs::from_query`] for another contract table.
    pub fn from_query_in(contract: &'static [Parameter], query: &str, regions: &[&str]) -> (Inputs, Vec<InputError>) {
        let mut inputs = Inputs::defaults(contract);
        let mut errors: Vec<InputError> = Vec::new();
        for (name, text) in form_urlencoded::parse(query.as_bytes()) {
            let text = text.trim();
            let Some(index) = contract.iter().position(|parameter| parameter.name == name) else { continue };
            if text.is_empty() {
                continue;
            }
            let parameter = &contract[index];
            errors.retain(|error| error.parameter != parameter.name);
            match parameter.read(text, regions) {
                Ok(value) => inputs.values[index] = value,
                Err(error) => errors.push(error),
            }
        }
        (inputs, errors)
    }

    /// The contract table these inputs follow.
    pub fn contract(&self) -> &'static [Parameter] {
        self.contract
    }

    /// The value of `name`, if the contract has such a parameter.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let index = self.contract.iter().position(|parameter| parameter.name == name)?;
        self.values.get(index)
    }

    /// A copy with `name` set to `value`; `None` if `name` is not a parameter or `value` is not
    /// one it can hold (an answer it does not have, a number out of its bounds).
    pub fn with(&self, name: &str, value: Value) -> Option<Inputs> {
        let index = self.contract.iter().position(|parameter| parameter.name == name)?;
        let text = value.canonical()?;
        let read = self.contract[index].read(&text, &[&text]).ok()?;
        let mut changed = self.clone();
        changed.values[index] = read;
        Some(changed)
    }

    /// The answer to a multiple-choice parameter; `""` for any other name.
    pub fn answer(&self, name: &str) -> &'static str {
        match self.get(name) {
            Some(Value::Answer(answer)) => answer,
            _ => "",
        }
    }

    /// A copy with one answer changed; `None` if `answer` is not one of the contract's.
    pub fn with_answer(&self, name: &str, answer: &str) -> Option<Inputs> {
        let Kind::Choice(answers) = self.contract.iter().find(|p| p.name == name)?.kind else { return None };
        self.with(name, Value::Answer(answers.iter().find(|&&a| a == answer)?))
    }

    fn number(&self, name: &str) -> f64 {
        match self.get(name) {
            Some(Value::Number(x)) => *x,
            Some(Value::Integer(n)) => *n as f64,
            _ => 0.0,
        }
    }

    fn integer(&self, name: &str) -> u64 {
        match self.get(name) {
            Some(Value::Integer(n)) => *n,
            _ => 0,
        }
    }

    /// Peak cryptographic operations per second (Q3), 0 to 10^8.
    pub fn peak_ops(&self) -> f64 {
        self.number("peak_ops")
    }

    /// Customer managed KMS keys, 0 to 10^6.
    pub fn keys(&self) -> u64 {
        self.integer("keys")
    }

    /// KMS requests per month, 0 to 10^13.
    pub fn requests(&self) -> f64 {
        self.number("requests")
    }

    /// HSMs in the CloudHSM cluster, 1 to 1,000.
    pub fn hsms(&self) -> u32 {
        u32::try_from(self.integer("hsms")).unwrap_or(u32::MAX)
    }

    /// The AWS Region code.
    pub fn region(&self) -> &str {
        match self.get("region") {
            Some(Value::Region(code)) => code,
            _ => DEFAULT_REGION,
        }
    }

    /// The override of the per-HSM hourly price, USD an HSM-hour, above 0 and at most 1,000.
    pub fn hsm_hourly(&self) -> Option<f64> {
        match self.get("hsm_hourly") {
            Some(Value::Number(price)) => Some(*price),
            _ => None,
        }
    }

    /// Monthly growth of requests, percent, above -100 and at most 100.
    pub fn growth(&self) -> f64 {
        self.number("growth")
    }

    /// The horizon of the cost-over-time chart, months, 1 to 120.
    pub fn months(&self) -> u32 {
        u32::try_from(self.integer("months")).unwrap_or(u32::MAX)
    }

    /// The FIPS 140 security level the answer to `fips` requires, 0 for none.
    pub fn required_fips_level(&self) -> u8 {
        self.answer("fips").parse().unwrap_or(0)
    }

    /// The parameters that have a value, in contract order, with their canonical values.
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, Cow<'_, str>)> {
        self.contract
            .iter()
            .zip(&self.values)
            .filter_map(|(parameter, value)| Some((parameter.name, value.canonical()?)))
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
}

/// The normalized parameters as a JSON object: answers and Regions as strings, figures as
/// numbers, an absent value as `null`.
impl Serialize for Inputs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (parameter, value) in self.contract.iter().zip(&self.values) {
            match value {
                Value::Absent => map.serialize_entry(parameter.name, &())?,
                Value::Answer(answer) => map.serialize_entry(parameter.name, answer)?,
                Value::Integer(n) => map.serialize_entry(parameter.name, n)?,
                Value::Number(x) => map.serialize_entry(parameter.name, x)?,
                Value::Region(code) => map.serialize_entry(parameter.name, code)?,
            }
        }
        map.end()
    }
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
        assert_eq!(inputs.answer("integration"), "both");
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
        assert_eq!(inputs.keys(), 4);
        assert_eq!(inputs.hsm_hourly(), None);
    }

    #[test]
    fn changing_an_answer_is_checked() {
        let inputs = Inputs::default();
        assert_eq!(inputs.with_answer("team", "hsm").unwrap().answer("team"), "hsm");
        assert!(inputs.with_answer("team", "nobody").is_none());
        assert!(inputs.with_answer("keys", "3").is_none());
        assert_eq!(inputs.with("requests", Value::Number(5e6)).unwrap().requests(), 5e6);
        assert!(inputs.with("requests", Value::Number(2e13)).is_none());
    }

    /// A parameter added to a copy of the table is parsed, written into the canonical query
    /// and the JSON, and refused when malformed, with no other code changed.
    #[test]
    fn a_new_row_in_the_table_is_all_a_parameter_needs() {
        let table = super::super::contract::extended_for_tests();
        let (inputs, errors) = Inputs::from_query_in(table, "hsm_hours=10&keys=3", &REGIONS);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(inputs.get("hsm_hours"), Some(&Value::Number(10.0)));
        assert!(inputs.to_query().ends_with("&months=36&hsm_hours=10&custody=aws"), "{}", inputs.to_query());
        assert_eq!(serde_json::to_value(&inputs).unwrap()["hsm_hours"], 10.0);
        let (defaults, _) = Inputs::from_query_in(table, "", &REGIONS);
        assert!(defaults.to_query().ends_with("&hsm_hours=730&custody=aws"));
        let (_, errors) = Inputs::from_query_in(table, "hsm_hours=745", &REGIONS);
        assert_eq!(errors[0].to_string(), "hsm_hours: expected a number from 1 to 744, found \"745\"");
    }
}
