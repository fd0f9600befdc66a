//! Terraform plans written from the JSON output format's documentation, read resource by
//! resource, and broken ones refused with where.

use super::*;
use crate::ruleset::shipped;

const TWO_REGIONS: &str = include_str!("../../../../tests/fixtures/terraform/plan-two-regions.json");

/// The two Regions of the plan, each with the figures its resources give, traceable line by line.
#[test]
fn a_plan_in_two_regions_gives_one_state_each() {
    let reading = read_plan(TWO_REGIONS).unwrap();
    let codes: Vec<&str> = reading.regions.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(codes, ["eu-west-1", "us-east-1"]);
    // An S3 bucket and a data source are not keys; a key the plan deletes is not counted.
    assert_eq!(reading.skipped, 2);
    assert_eq!(reading.deleted, ["aws_kms_key.retired"]);

    let ireland = &reading.regions[0];
    assert_eq!((ireland.keys, ireland.encrypting_keys, ireland.signing_keys, ireland.hmac_keys), (3, 3, 0, 0));
    // The shortest period of the keys that rotate: 180 days, beside AWS's default of 365.
    assert_eq!((ireland.rotation, ireland.multi_region, ireland.hsms), (Some(180), true, 0));
    assert_eq!(
        ireland.read,
        [
            "aws_kms_key.data: an encryption key (ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT), rotated every 180 days",
            "aws_kms_key.global: an encryption key (ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT), multi-Region, rotated every 365 days",
            "aws_kms_external_key.byok: an encryption key (ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT), imported key material",
        ]
    );
    let found: Vec<(&str, &str, &str)> =
        ireland.findings.iter().map(|f| (f.found_in.as_str(), f.parameter, f.value)).collect();
    assert_eq!(found, [("aws_kms_external_key.byok", "custody", "imported")]);

    // The Region from an ARN, from the resource, and from the provider's configuration.
    let virginia = &reading.regions[1];
    assert_eq!((virginia.keys, virginia.signing_keys, virginia.hmac_keys, virginia.encrypting_keys), (3, 1, 1, 1));
    assert_eq!((virginia.hsms, virginia.multi_region, virginia.rotation), (3, true, None));
    assert!(virginia.findings.is_empty());
    assert_eq!(virginia.read.len(), 7, "three keys, a cluster and three HSMs: {:?}", virginia.read);
}

/// The answers make a state the advisor reads like a link: what the plan sets is set, a finding
/// only through its own link, and what a plan cannot say keeps its default.
#[test]
fn the_answers_are_a_state_of_the_contract() {
    let rules = shipped();
    let reading = read_plan(TWO_REGIONS).unwrap();
    let value = |inputs: &Inputs, name: &str| inputs.get(name).and_then(|v| v.canonical()).map(String::from);
    let ireland = reading.regions[0].inputs(&[], &rules.region_codes()).unwrap();
    for (name, expected) in
        [("keys", "3"), ("region", "eu-west-1"), ("usage", "encrypt"), ("multi_region", "yes"), ("rotation", "180")]
    {
        assert_eq!(value(&ireland, name).as_deref(), Some(expected), "{name}");
    }
    assert_eq!(value(&ireland, "custody").as_deref(), Some("aws"), "a finding is not a requirement");
    assert_eq!(value(&ireland, "requests"), value(&Inputs::defaults(crate::contract::PARAMETERS), "requests"));
    let finding = &reading.regions[0].findings[0];
    let imported = reading.regions[0].inputs(&[(finding.parameter, finding.value)], &rules.region_codes()).unwrap();
    assert_eq!(value(&imported, "custody").as_deref(), Some("imported"));
    let virginia = reading.regions[1].inputs(&[], &rules.region_codes()).unwrap();
    for (name, expected) in [("usage", "encrypt,sign,hmac"), ("signing_keys", "1"), ("hmac_keys", "1"), ("hsms", "3")] {
        assert_eq!(value(&virginia, name).as_deref(), Some(expected), "{name}");
    }
    // A Region the rules do not know is refused by name.
    let mut elsewhere = reading.regions[0].clone();
    elsewhere.region = "mx-central-1".into();
    assert_eq!(elsewhere.inputs(&[], &rules.region_codes()).unwrap_err().parameter, "region");
}

/// Broken or foreign files are refused with the place: line and column, or a JSON pointer.
#[test]
fn other_files_are_refused_with_where() {
    let syntax = read_plan("{\"format_version\": \"1.2\",\n  \"planned_values\": {").unwrap_err();
    assert!(matches!(syntax, ImportError::Syntax { line: 2, .. }), "{syntax}");
    let version = read_plan(r#"{"format_version": "2.0", "planned_values": {"root_module": {}}}"#).unwrap_err();
    assert_eq!(version.to_string(), "at /format_version: expected Terraform's JSON output format 1.x, found \"2.0\"");
    let neither = read_plan(r#"{"format_version": "1.0"}"#).unwrap_err();
    assert!(neither.to_string().contains("`planned_values` (a plan) or `values` (a state)"), "{neither}");
    let bucket = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
        {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "values": {}}]}}}"#;
    assert!(read_plan(bucket).unwrap_err().to_string().contains("no KMS key"));
    let nowhere = r#"{"format_version": "1.0", "values": {"root_module": {"child_modules": [{"resources": [
        {"address": "module.m.aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "values": {}}]}]}}}"#;
    assert_eq!(
        read_plan(nowhere).unwrap_err().to_string(),
        "at /root_module/child_modules/0/resources/0: module.m.aws_kms_key.k: no Region in its `region`, the \
         provider's configuration or its ARN"
    );
    // A state file reads as a plan does.
    let state = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
        {"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key",
         "values": {"arn": "arn:aws:kms:eu-central-1:111122223333:key/k"}}]}}}"#;
    assert_eq!(read_plan(state).unwrap().regions[0].region, "eu-central-1");
}
