//! The state of the advisor as a URL carries it: one value for every parameter of the contract
//! table (`contract::PARAMETERS`), read from a query string and written back as the canonical
//! query string a share link carries.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::contract;
pub use super::contract::{DEFAULT_REGION, InputError, Kind, PARAMETERS, Parameter, Section, Value};
use super::costs::RequestKind;

mod keys;
mod sets;

/// One value per parameter of a contract table, each valid for its kind.
#[derive(Clone)]
pub struct Inputs {
    contract: &'static [Parameter],
    /// In the order of `contract`.
    values: Vec<Value>,
}

/// The canonical query: the table itself would drown the values.
impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Inputs({})", self.to_query())
    }
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
    /// ones take their default, the last of a repeated parameter wins but for sets, whose
    /// repeats combine. An older parameter counts only when its newer one is not given. Every
    /// malformed parameter is reported and keeps its default, so a page can show the rest
    /// evaluated; `regions` are the Region codes the rules know.
    pub fn from_query(query: &str, regions: &[&str]) -> (Inputs, Vec<InputError>) {
        Inputs::from_query_in(PARAMETERS, query, regions)
    }

    /// [`Inputs::from_query`] for another contract table.
    pub fn from_query_in(contract: &'static [Parameter], query: &str, regions: &[&str]) -> (Inputs, Vec<InputError>) {
        let mut inputs = Inputs::defaults(contract);
        let mut errors: Vec<InputError> = Vec::new();
        let mut given = vec![false; contract.len()];
        for (name, text) in form_urlencoded::parse(query.as_bytes()) {
            let text = text.trim();
            let Some(index) = contract.iter().position(|parameter| parameter.name == name) else { continue };
            if text.is_empty() {
                continue;
            }
            let parameter = &contract[index];
            let combines = matches!(parameter.kind, Kind::Set(_));
            if !combines {
                errors.retain(|error| error.parameter != parameter.name);
            }
            match parameter.read(text, regions) {
                Ok(Value::Set(more)) if given[index] => {
                    if let (Kind::Set(members), Value::Set(earlier)) = (parameter.kind, &inputs.values[index]) {
                        let union: Vec<&str> =
                            members.iter().copied().filter(|m| earlier.contains(m) || more.contains(m)).collect();
                        inputs.values[index] = Value::Set(union.into());
                    }
                }
                Ok(value) => inputs.values[index] = value,
                Err(error) => errors.push(error),
            }
            given[index] = true;
        }
        inputs.read_older_parameters(&given);
        inputs.add_implied_members(|set| given[set]);
        if let Some(error) = inputs.parts_of_keys_error() {
            let index = inputs.index_of(error.parameter);
            inputs.values[index] = Value::Absent;
            errors.push(error);
        }
        (inputs, errors)
    }

    fn index_of(&self, name: &str) -> usize {
        self.contract.iter().position(|parameter| parameter.name == name).unwrap_or(0)
    }

    /// Reads each given older parameter into its newer one, unless that was given too; then
    /// sets every older parameter to what its newer one's value means in its terms. `given` is
    /// empty when nothing was given (a changed copy).
    fn read_older_parameters(&mut self, given: &[bool]) {
        let given = |index: usize| given.get(index).copied().unwrap_or(false);
        for (index, parameter) in self.contract.iter().enumerate() {
            let Some(replacement) = parameter.replaced_by else { continue };
            let Some(newer) = self.contract.iter().position(|p| p.name == replacement.by) else { continue };
            if given(index)
                && !given(newer)
                && let Value::Answer(older) = self.values[index]
                && let Some(&(_, answer)) = replacement.answers.iter().find(|(o, _)| *o == older)
            {
                self.values[newer] = Value::Answer(answer);
            }
            let newer_answer = &self.values[newer];
            self.values[index] = replacement
                .answers
                .iter()
                .find(|(_, answer)| *newer_answer == Value::Answer(answer))
                .map_or_else(|| parameter.default.clone(), |&(older, _)| Value::Answer(older));
        }
    }

    /// Adds to each set the members that numbers above zero imply (RSA-2048 requests imply
    /// signing), so the advice never prices requests that the keys it recommends cannot serve. A
    /// member implied `alone` replaces a set that `set_given` says was not given.
    fn add_implied_members(&mut self, set_given: impl Fn(usize) -> bool) {
        for (index, parameter) in self.contract.iter().enumerate() {
            let Some(implied) = parameter.implies else { continue };
            let Some(set) = self.contract.iter().position(|p| p.name == implied.set) else { continue };
            let above_zero = match self.values[index] {
                Value::Number(x) => x > 0.0,
                Value::Integer(n) => n > 0,
                _ => false,
            };
            if let (true, Kind::Set(members), Value::Set(given)) =
                (above_zero, self.contract[set].kind, &self.values[set])
                && !given.contains(&implied.member)
            {
                // A member implied alone replaces a default, not an answer given.
                let kept = !implied.alone || set_given(set);
                let union: Vec<&str> =
                    members.iter().copied().filter(|m| (kept && given.contains(m)) || *m == implied.member).collect();
                self.values[set] = Value::Set(union.into());
            }
        }
    }

    /// The contract table these inputs follow.
    pub fn contract(&self) -> &'static [Parameter] {
        self.contract
    }

    /// The value of `name`, if the contract has such a parameter.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let index = self.contract.iter().position(|parameter| same_name(parameter.name, name))?;
        self.values.get(index)
    }

    /// A copy with `name` set to `value`; `None` if `name` is not a parameter, is an older
    /// one that a newer replaces, or `value` is not one it can hold (an answer it does not have,
    /// a number out of its bounds).
    pub fn with(&self, name: &str, value: Value) -> Option<Inputs> {
        let index = self.contract.iter().position(|parameter| parameter.name == name)?;
        if self.contract[index].replaced_by.is_some() {
            return None;
        }
        let text = value.canonical()?;
        let read = self.contract[index].read(&text, &[&text]).ok()?;
        let mut changed = self.clone();
        changed.values[index] = read;
        changed.read_older_parameters(&[]);
        // A set whose value is not its default was given; so is the one just set.
        let given = |set: usize| set == index || changed.values[set] != changed.contract[set].default;
        let given: Vec<bool> = (0..changed.values.len()).map(given).collect();
        changed.add_implied_members(|set| given[set]);
        changed.parts_of_keys_error().is_none().then_some(changed)
    }

    /// The answer to a multiple-choice parameter; `""` for any other name.
    pub fn answer(&self, name: &str) -> &'static str {
        match self.get(name) {
            Some(Value::Answer(answer)) => answer,
            _ => "",
        }
    }

    fn number(&self, name: &str) -> f64 {
        match self.get(name) {
            Some(Value::Number(x)) => *x,
            Some(Value::Integer(n)) => *n as f64,
            _ => 0.0,
        }
    }

    /// A number that may be absent (no override given).
    fn optional_number(&self, name: &str) -> Option<f64> {
        match self.get(name) {
            Some(Value::Number(x)) => Some(*x),
            _ => None,
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
        self.number(contract::PEAK_OPS.name)
    }

    /// Customer managed KMS keys, 0 to 10^6.
    pub fn keys(&self) -> u64 {
        self.integer(contract::KEYS.name)
    }

    /// Symmetric KMS requests per month, 0 to 10^13.
    pub fn requests(&self) -> f64 {
        self.number(contract::REQUESTS.name)
    }

    /// Requests per month of `kind`, 0 to 10^13.
    pub fn requests_of(&self, kind: RequestKind) -> f64 {
        self.number(kind.parameter())
    }

    /// Hours each HSM runs in a month, 1 to 744.
    pub fn hsm_hours(&self) -> f64 {
        self.number(contract::HSM_HOURS.name)
    }

    /// USD a month of the customer's own key manager and XKS proxy, 0 to 10^9; 0 when not
    /// given, which the page shows as not included.
    pub fn external_usd(&self) -> f64 {
        self.number(contract::EXTERNAL_USD.name)
    }

    /// HSMs in the CloudHSM cluster, 1 to 1,000.
    pub fn hsms(&self) -> u32 {
        u32::try_from(self.integer(contract::HSMS.name)).unwrap_or(u32::MAX)
    }

    /// The AWS Region code.
    pub fn region(&self) -> &str {
        match self.get("region") {
            Some(Value::Region(code)) => code,
            _ => DEFAULT_REGION,
        }
    }

    /// The rules version the link was made under, when it names one.
    pub fn rules_version(&self) -> Option<&str> {
        match self.get("rules") {
            Some(Value::Text(version)) => Some(version),
            _ => None,
        }
    }

    /// What the decision is about, in the reader's words, when the link says: one line of at
    /// most [`super::contract::CONTEXT_CHARS`] characters.
    pub fn context(&self) -> Option<&str> {
        match self.get("context") {
            Some(Value::Text(text)) => Some(text),
            _ => None,
        }
    }

    /// The rules version the link was made under when it is not `in_force`: a link that shows a
    /// notice, and is another document than the same state's under the rules in force.
    pub fn made_under(&self, in_force: &str) -> Option<&str> {
        self.rules_version().filter(|version| *version != in_force)
    }

    /// The override of the per-HSM hourly price, USD an HSM-hour, above 0 and at most 1,000.
    pub fn hsm_hourly(&self) -> Option<f64> {
        self.optional_number("hsm_hourly")
    }

    /// Monthly growth of requests, percent, above -100 and at most 100.
    pub fn growth(&self) -> f64 {
        self.number("growth")
    }

    /// The horizon of the cost-over-time chart, months, 1 to 120.
    pub fn months(&self) -> u32 {
        u32::try_from(self.integer("months")).unwrap_or(u32::MAX)
    }

    /// Whether the set parameter `name` has `member`.
    pub fn has(&self, name: &str, member: &str) -> bool {
        matches!(self.get(name), Some(Value::Set(members)) if members.contains(&member))
    }

    /// Days between automatic rotations of key material that are required; `None` when no
    /// rotation is required. 90 to 2,560.
    pub fn rotation_days(&self) -> Option<u64> {
        match self.get("rotation") {
            Some(Value::Integer(days)) => Some(*days),
            _ => None,
        }
    }

    /// The account's symmetric KMS request quota in the Region, requests a second, when it was
    /// raised and given; `None` means the Region's default.
    pub fn kms_quota(&self) -> Option<f64> {
        self.optional_number("kms_quota")
    }

    /// The FIPS 140 security level the answer to `fips` requires, 0 for none.
    pub fn required_fips_level(&self) -> u8 {
        self.answer("fips").parse().unwrap_or(0)
    }

    /// The canonical query string: every parameter of the contract in its order, numbers in
    /// their shortest form, so one state has exactly one share link. Encoded as
    /// `application/x-www-form-urlencoded` (a comma as `%2C`), written into one string: a page
    /// writes one for each of its flips.
    pub fn to_query(&self) -> String {
        self.query_of(|_, _| true)
    }

    /// The shortest query string of the same state: the parameters of [`Inputs::to_query`] whose
    /// value is not their default, less those named in `left_out` (what a reader of the query
    /// does not depend on). Read back, it gives these inputs again: a set that is its default
    /// was given no member a number implies, or it would hold that member. For the page's own
    /// chart URLs, which need no more.
    pub fn to_changes_query(&self, left_out: &[&str]) -> String {
        self.query_of(|parameter, value| *value != parameter.default && !left_out.contains(&parameter.name))
    }

    fn query_of(&self, written: impl Fn(&Parameter, &Value) -> bool) -> String {
        let mut query = String::with_capacity(512);
        let mut value = String::with_capacity(32);
        for (parameter, given) in self.contract.iter().zip(&self.values) {
            // The rules a link was made under are not part of its state: a share link names the
            // rules in force (`Advice::share_url`).
            if !parameter.is_state() || matches!(given, Value::Absent) || !written(parameter, given) {
                continue;
            }
            if !query.is_empty() {
                query.push('&');
            }
            value.clear();
            given.write_canonical(&mut value);
            // Names are identifiers (a test of the table holds them to it): nothing to encode.
            query.push_str(parameter.name);
            query.push('=');
            encode_into(&mut query, &value);
        }
        query
    }
}

/// Whether two parameter names are the same. Every rule and flip looks names up in the table;
/// comparing the length and the first byte first spares a call to compare the bytes for almost
/// every name that differs.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Appends `text` form-urlencoded. Names and canonical values are almost always plain (letters,
/// digits, `.`, `-`, `_`), which need no encoding, so those are copied as they are.
fn encode_into(query: &mut String, text: &str) {
    if text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'*')) {
        query.push_str(text);
    } else {
        query.extend(form_urlencoded::byte_serialize(text.as_bytes()));
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
                Value::Set(members) => map.serialize_entry(parameter.name, members)?,
                Value::Integer(n) => map.serialize_entry(parameter.name, n)?,
                Value::Number(x) => map.serialize_entry(parameter.name, x)?,
                Value::Region(code) | Value::Text(code) => map.serialize_entry(parameter.name, code)?,
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
            "fips=none&dedicated=no&peak_ops=100&shardable=yes&integration=aws&team=managed\
             &keys=10&requests=1000000&hsms=2&region=us-east-1&growth=0&months=36\
             &custody=aws&usage=encrypt&multi_region=no&rotation=none&rsa2048_requests=0&asymmetric_requests=0\
             &ecc_keypair_requests=0&rsa_keypair_requests=0&hsm_hours=730&external_usd=0&service_share=50&interface=kms_api&payment_requests=0"
        );
    }

    #[test]
    fn every_parameter_is_read() {
        let (inputs, errors) = parse(
            "fips=3&dedicated=yes&control=yes&peak_ops=2500.5&shardable=no&integration=both&team=hsm\
             &keys=7&requests=1e9&hsms=3&region=eu-west-1&hsm_hourly=1.6&growth=-5&months=12&utm_source=wiki\
             &usage=sign&usage=hmac&multi_region=yes&rotation=365&kms_quota=50000&rsa2048_requests=2e5\
             &asymmetric_requests=3000&ecc_keypair_requests=40&rsa_keypair_requests=5&hsm_hours=220.5&external_usd=1500",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(inputs.required_fips_level(), 3);
        assert_eq!(inputs.answer("integration"), "both");
        assert_eq!(
            inputs.to_query(),
            "fips=3&dedicated=yes&peak_ops=2500.5&shardable=no&integration=both&team=hsm\
             &keys=7&requests=1000000000&hsms=3&region=eu-west-1&hsm_hourly=1.6&growth=-5&months=12\
             &custody=hsm&usage=sign%2Chmac%2Ckeypair&multi_region=yes&rotation=365&kms_quota=50000\
             &rsa2048_requests=200000&asymmetric_requests=3000&ecc_keypair_requests=40&rsa_keypair_requests=5\
             &hsm_hours=220.5&external_usd=1500&service_share=50&interface=kms_api&payment_requests=0"
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
    fn the_changes_query_reads_back_to_the_same_inputs() {
        assert_eq!(parse("").0.to_changes_query(&[]), "");
        let queries = [
            "fips=none&keys=10&region=eu-west-1&context=PCI",
            // A set given as its default beside a number that implies a member alone.
            "usage=encrypt&payment_requests=5",
            "payment_requests=5",
            "usage=encrypt&asymmetric_requests=3000",
            "control=yes&integration=custom&interface=pkcs11,jce",
            "usage=sign&keys=4&signing_keys=4&hmac_keys=0&kms_quota=50000",
            "custody=aws&control=yes",
            "growth=0&months=36&hsm_hourly=1.46&rotation=none&service_share=50",
        ];
        for query in queries {
            let (inputs, errors) = parse(query);
            assert!(errors.is_empty(), "{query}: {errors:?}");
            let changes = inputs.to_changes_query(&[]);
            assert!(changes.len() < inputs.to_query().len(), "{query}: {changes}");
            assert_eq!(parse(&changes).0, inputs, "{query} as {changes}");
        }
        let (inputs, _) = parse(queries[0]);
        assert_eq!(inputs.to_changes_query(&["context"]), "region=eu-west-1");
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
        assert_eq!(inputs.with("team", Value::Answer("hsm")).unwrap().answer("team"), "hsm");
        assert!(inputs.with("team", Value::Answer("nobody")).is_none());
        assert_eq!(inputs.with("requests", Value::Number(5e6)).unwrap().requests(), 5e6);
        assert!(inputs.with("requests", Value::Number(2e13)).is_none());
    }

    /// A parameter added to a copy of the table is parsed, written into the canonical query
    /// and the JSON, and refused when malformed, with no other code changed.
    #[test]
    fn a_new_row_in_the_table_is_all_a_parameter_needs() {
        let table = super::super::contract::extended_for_tests();
        let (inputs, errors) = Inputs::from_query_in(table, "proxy_hours=10&keys=3", &REGIONS);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(inputs.get("proxy_hours"), Some(&Value::Number(10.0)));
        assert!(
            inputs
                .to_query()
                .ends_with("&external_usd=0&service_share=50&interface=kms_api&payment_requests=0&proxy_hours=10"),
            "{inputs:?}"
        );
        assert_eq!(serde_json::to_value(&inputs).unwrap()["proxy_hours"], 10.0);
        let (defaults, _) = Inputs::from_query_in(table, "", &REGIONS);
        assert!(
            defaults
                .to_query()
                .ends_with("&external_usd=0&service_share=50&interface=kms_api&payment_requests=0&proxy_hours=730")
        );
        let (_, errors) = Inputs::from_query_in(table, "proxy_hours=745", &REGIONS);
        assert_eq!(errors[0].to_string(), "proxy_hours: expected a number from 1 to 744, found \"745\"");
    }

    fn edition_2(query: &str) -> (Inputs, Vec<InputError>) {
        parse(query)
    }

    /// Requests of an asymmetric kind imply the keys sign or make key pairs; zero implies
    /// nothing, and changing an answer keeps what the numbers imply.
    #[test]
    fn asymmetric_requests_imply_their_usage() {
        let cases = [
            ("rsa2048_requests=5", "encrypt,sign"),
            ("asymmetric_requests=1&usage=hmac", "sign,hmac"),
            ("ecc_keypair_requests=2&rsa_keypair_requests=0", "encrypt,keypair"),
            ("rsa_keypair_requests=1&rsa2048_requests=1&usage=sign", "sign,keypair"),
            ("rsa2048_requests=0&asymmetric_requests=0", "encrypt"),
        ];
        for (query, usage) in cases {
            let (inputs, errors) = edition_2(query);
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(inputs.get("usage").and_then(Value::canonical).as_deref(), Some(usage), "{query}");
        }
        let (signing, _) = edition_2("rsa2048_requests=5");
        let without = signing.with("usage", Value::Set(std::borrow::Cow::Borrowed(&["encrypt"]))).unwrap();
        assert!(without.has("usage", "sign"));
        let (_, errors) = edition_2("hsm_hours=0&external_usd=-1&ecc_keypair_requests=x");
        let named: Vec<&str> = errors.iter().map(|e| e.parameter).collect();
        assert_eq!(named, ["hsm_hours", "external_usd", "ecc_keypair_requests"]);
    }

    #[test]
    fn a_set_combines_repeats_and_commas_in_its_own_order() {
        let cases = [
            ("", "encrypt"),
            ("usage=sign", "sign"),
            ("usage=sign&usage=encrypt", "encrypt,sign"),
            ("usage=keypair,sign&usage=hmac", "sign,hmac,keypair"),
            ("usage=sign,sign,&usage=", "sign"),
        ];
        for (query, canonical) in cases {
            let (inputs, errors) = edition_2(query);
            assert!(errors.is_empty(), "{query}: {errors:?}");
            assert_eq!(inputs.get("usage").and_then(Value::canonical).as_deref(), Some(canonical), "{query}");
            assert!(inputs.to_query().contains(&format!("&usage={}&", canonical.replace(',', "%2C"))), "{query}");
        }
        let (inputs, errors) = edition_2("usage=sign&usage=bogus&usage=hmac");
        assert_eq!(
            errors[0].to_string(),
            "usage: expected one or more of encrypt, sign, hmac, keypair, payment, separated by commas, found \"bogus\""
        );
        assert!(inputs.has("usage", "sign") && inputs.has("usage", "hmac") && !inputs.has("usage", "encrypt"));
        assert_eq!(serde_json::to_value(&inputs).unwrap()["usage"], serde_json::json!(["sign", "hmac"]));
    }

    #[test]
    fn a_number_may_be_its_word() {
        let (inputs, errors) = edition_2("rotation=365");
        assert!(errors.is_empty());
        assert_eq!(inputs.get("rotation"), Some(&Value::Integer(365)));
        assert_eq!(edition_2("").0.get("rotation"), Some(&Value::Answer("none")));
        let (_, errors) = edition_2("rotation=30");
        assert_eq!(errors[0].message, "expected a whole number from 90 to 2,560, or none, found \"30\"");
    }

    /// Signing and HMAC keys are parts of `keys`: derived from `usage` unless given, left out of
    /// the share link when derived, and refused, naming the last given, when they add up to more.
    #[test]
    fn keys_by_type_are_parts_of_keys() {
        let counts = |query: &str| {
            let (inputs, errors) = parse(query);
            assert!(errors.is_empty(), "{query}: {errors:?}");
            (inputs.signing_keys(), inputs.hmac_keys(), inputs.symmetric_keys())
        };
        assert_eq!(counts("usage=sign&keys=40"), (40, 0, 0));
        assert_eq!(counts("usage=hmac&keys=40"), (0, 40, 0));
        assert_eq!(counts("usage=encrypt,sign&keys=40"), (0, 0, 40));
        assert_eq!(counts("keys=40&signing_keys=10&hmac_keys=30"), (10, 30, 0));
        // A count above zero implies its usage, so the other count is no longer all the keys.
        assert_eq!(counts("usage=sign&keys=40&hmac_keys=5"), (0, 5, 35));
        let (derived, _) = parse("usage=sign&keys=40");
        assert!(!derived.to_query().contains("signing_keys"), "{derived:?}");
        let (given, _) = parse("usage=sign&keys=40&signing_keys=40");
        assert!(given.to_query().contains("&signing_keys=40"), "{given:?}");

        let (inputs, errors) = parse("keys=10&signing_keys=8&hmac_keys=5");
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "hmac_keys: expected at most 2 (signing_keys + hmac_keys may not exceed keys, 10), found \"5\""
        );
        assert_eq!((inputs.signing_keys(), inputs.hmac_keys()), (8, 0), "the refused count keeps its default");
        let (_, errors) = parse("hmac_keys=3&keys=2");
        assert_eq!(errors[0].parameter, "hmac_keys");
        let (_, errors) = parse("signing_keys=11&keys=10");
        assert_eq!(errors[0].parameter, "signing_keys");
        let (ten, _) = parse("keys=10&signing_keys=6");
        assert!(ten.with("keys", Value::Integer(5)).is_none(), "fewer keys than their parts");
        assert_eq!(ten.with("keys", Value::Integer(6)).map(|i| i.keys()), Some(6));
    }

    /// `control=yes` in an old link means `custody=hsm`; a given `custody` wins; the canonical
    /// query writes `custody` and leaves `control` out, and the JSON gives both.
    #[test]
    fn an_older_parameter_is_read_into_its_newer_one() {
        let cases = [
            ("control=yes", "hsm", "yes"),
            ("control=no", "aws", "no"),
            ("custody=external", "external", "no"),
            ("custody=hsm", "hsm", "yes"),
            ("control=yes&custody=imported", "imported", "no"),
            ("custody=aws&control=yes", "aws", "no"),
        ];
        for (query, custody, control) in cases {
            let (inputs, errors) = edition_2(query);
            assert!(errors.is_empty(), "{query}");
            assert_eq!((inputs.answer("custody"), inputs.answer("control")), (custody, control), "{query}");
            let canonical = inputs.to_query();
            assert!(
                !canonical.contains("control=") && canonical.contains(&format!("custody={custody}")),
                "{canonical}"
            );
            assert_eq!(serde_json::to_value(&inputs).unwrap()["control"], control, "{query}");
            assert_eq!(edition_2(&canonical).0, inputs, "{query}: the share link reads back to the same state");
        }
        let (inputs, _) = edition_2("control=yes");
        assert!(
            inputs.with("control", Value::Answer("no")).is_none(),
            "an older parameter is set through its newer one"
        );
        assert_eq!(inputs.with("custody", Value::Answer("aws")).unwrap().answer("control"), "no");
    }
}
