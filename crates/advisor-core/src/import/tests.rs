//! Terraform plans and AWS bills written from their formats' documentation, read resource by
//! resource and usage type by usage type, and broken ones refused with where.

use super::*;
use crate::ruleset::shipped;

const TWO_REGIONS: &str = include_str!("../../../../tests/fixtures/terraform/plan-two-regions.json");
const CUR_LEGACY: &str = include_str!("../../../../tests/fixtures/cur/cur-legacy-november.csv");
const CUR2_PARTIAL: &str = include_str!("../../../../tests/fixtures/cur/cur2-partial-december.csv");

fn answer<'a>(state: &'a ImportedState, parameter: &str) -> Option<&'a str> {
    state.answers.iter().find(|answer| answer.parameter == parameter).map(|answer| answer.value.as_str())
}

/// The two Regions of the plan, each with the figures its resources give, traceable line by line.
#[test]
fn a_plan_in_two_regions_gives_one_state_each() {
    let reading = read(TWO_REGIONS.as_bytes()).unwrap();
    assert_eq!(reading.format, Format::TerraformPlan);
    let codes: Vec<&str> = reading.states.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(codes, ["eu-west-1", "us-east-1"]);
    // An S3 bucket and a data source are not keys; a key the plan deletes is not counted.
    assert_eq!(reading.skipped, 2);
    assert_eq!(reading.deleted, ["aws_kms_key.retired"]);

    let ireland = &reading.states[0];
    assert_eq!(ireland.keys, 3);
    assert_eq!((ireland.encrypting_keys, ireland.signing_keys, ireland.hmac_keys), (Some(3), Some(0), Some(0)));
    // The shortest period of the keys that rotate: 180 days, beside AWS's default of 365.
    assert_eq!((ireland.rotation, ireland.multi_region, ireland.hsms), (Some(Some(180)), Some(true), None));
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
    let virginia = &reading.states[1];
    assert_eq!(
        (virginia.keys, virginia.signing_keys, virginia.hmac_keys, virginia.encrypting_keys),
        (3, Some(1), Some(1), Some(1))
    );
    assert_eq!((virginia.hsms, virginia.multi_region, virginia.rotation), (Some(3), Some(true), Some(None)));
    assert!(virginia.findings.is_empty());
    assert_eq!(virginia.read.len(), 7, "three keys, a cluster and three HSMs: {:?}", virginia.read);
}

/// The links make states the advisor reads like any link: what the plan sets is set, a finding
/// only through its own link, and what a plan cannot say keeps its default and is listed.
#[test]
fn a_plan_becomes_links_with_what_was_assumed() {
    let rules = shipped();
    let imported = imported(&rules, "plan.json", &read(TWO_REGIONS.as_bytes()).unwrap()).unwrap();
    assert_eq!(imported.format, "terraform-plan");
    let ireland = &imported.states[0];
    for (name, expected) in
        [("keys", "3"), ("region", "eu-west-1"), ("usage", "encrypt"), ("multi_region", "yes"), ("rotation", "180")]
    {
        assert_eq!(answer(ireland, name), Some(expected), "{name}");
        assert!(
            ireland.link.contains(&format!("&{name}={}", expected.replace(',', "%2C"))),
            "{name}: {}",
            ireland.link
        );
    }
    assert!(
        ireland.link.contains("&custody=aws") || !ireland.link.contains("custody="),
        "a finding is not a requirement"
    );
    assert!(ireland.link.ends_with(&format!("&rules={}", rules.version)));
    let assumed: Vec<&str> = ireland.assumed.iter().map(|a| a.parameter).collect();
    assert_eq!(assumed, ["requests", "hsms", "peak_ops"]);
    assert_eq!(ireland.assumed[0].value, "1000000");
    let finding = &ireland.findings[0];
    assert!(finding.link.contains("custody=imported"), "{}", finding.link);

    let virginia = &imported.states[1];
    for (name, expected) in [("usage", "encrypt,sign,hmac"), ("signing_keys", "1"), ("hmac_keys", "1"), ("hsms", "3")] {
        assert_eq!(answer(virginia, name), Some(expected), "{name}");
    }
    // Signing keys make their request kinds worth listing as assumed.
    let assumed: Vec<&str> = virginia.assumed.iter().map(|a| a.parameter).collect();
    assert_eq!(assumed, ["requests", "rsa2048_requests", "asymmetric_requests", "peak_ops"]);
    assert_eq!(imported.compare.len(), 1);
    assert!(imported.compare[0].link.starts_with("/compare?a="), "{}", imported.compare[0].link);

    // A Region the rules do not know is refused by name, at its first resource.
    let mut elsewhere = read(TWO_REGIONS.as_bytes()).unwrap();
    elsewhere.states[0].region = "mx-central-1".into();
    let error = super::imported(&rules, "plan.json", &elsewhere).unwrap_err();
    assert!(matches!(error.place, Place::Pointer(_)), "{error}");
    assert!(error.message.contains("mx-central-1") && error.message.contains("prices import"), "{error}");
}

/// A legacy report's last complete month: keys, each request kind and HSMs per Region; other
/// services, line item types and months are left out and said to be.
#[test]
fn a_legacy_bill_gives_its_last_complete_month() {
    let reading = read(CUR_LEGACY.as_bytes()).unwrap();
    assert_eq!(reading.format, Format::CostAndUsageReport);
    let period = reading.period.unwrap();
    assert_eq!(
        (period.start.to_string(), period.end.to_string(), period.complete),
        ("2026-11-01".into(), "2026-12-01".into(), true)
    );
    // The S3 row and the tax row.
    assert_eq!(reading.skipped, 2);
    assert!(reading.notes.iter().any(|note| note.contains("other months")), "{:?}", reading.notes);
    assert!(reading.notes.iter().any(|note| note.contains("once per account")), "{:?}", reading.notes);
    let virginia = reading.states.iter().find(|s| s.region == "us-east-1").unwrap();
    // 15.25 + 14.8 key-months.
    assert_eq!(virginia.keys, 30);
    assert_eq!(virginia.requests, Some([2_500_000, 40_000, 10_000, 3_000, 200, 0]));
    // Two HSM ids that ran the whole month: the advisor's average month stands.
    assert_eq!((virginia.hsms, virginia.hsm_hours), (Some(2), None));
    assert!(virginia.read.iter().any(|line| line.contains("rotated key material counts")), "{:?}", virginia.read);
    let ireland = reading.states.iter().find(|s| s.region == "eu-west-1").unwrap();
    assert_eq!((ireland.keys, ireland.requests), (4, Some([0; 6])));

    let rules = shipped();
    let imported = imported(&rules, "cur.csv", &reading).unwrap();
    let virginia = imported.states.iter().find(|s| s.region == "us-east-1").unwrap();
    for (name, expected) in [
        ("keys", "30"),
        ("requests", "2500000"),
        ("rsa2048_requests", "40000"),
        ("asymmetric_requests", "10000"),
        ("ecc_keypair_requests", "3000"),
        ("rsa_keypair_requests", "200"),
        ("hsms", "2"),
    ] {
        assert_eq!(answer(virginia, name), Some(expected), "{name}");
    }
    let assumed: Vec<&str> = virginia.assumed.iter().map(|a| a.parameter).collect();
    assert_eq!(assumed, ["usage", "rotation", "multi_region", "peak_ops"]);
    // The request kinds imply what the keys do.
    assert_eq!(virginia.assumed[0].value, "encrypt,sign,keypair");
}

/// A CUR 2.0 export whose latest month has only begun: its figures as they are, said to be
/// partial, and HSMs from HSM-hours when the report has no resource ids.
#[test]
fn a_partial_month_is_read_as_it_is() {
    let reading = read(CUR2_PARTIAL.as_bytes()).unwrap();
    assert_eq!(reading.format, Format::Cur2);
    assert!(!reading.period.unwrap().complete);
    assert!(reading.notes[0].contains("not scaled up"), "{:?}", reading.notes);
    let frankfurt = &reading.states[0];
    assert_eq!((frankfurt.keys, frankfurt.hsms, frankfurt.hsm_hours), (1, Some(1), Some(144)));
    assert_eq!(frankfurt.requests.unwrap()[0], 60_000);
}

/// Broken or foreign files are refused with the place: line and column, a JSON pointer, or a
/// CSV line.
#[test]
fn other_files_are_refused_with_where() {
    let plan = |text: &str| read(text.as_bytes()).unwrap_err();
    let syntax = plan("{\"format_version\": \"1.2\",\n  \"planned_values\": {");
    assert!(matches!(syntax.place, Place::LineColumn { line: 2, .. }), "{syntax}");
    let version = plan(r#"{"format_version": "2.0", "planned_values": {"root_module": {}}}"#);
    assert_eq!(version.to_string(), "at /format_version: expected Terraform's JSON output format 1.x, found \"2.0\"");
    let neither = plan(r#"{"format_version": "1.0"}"#);
    assert!(neither.to_string().contains("`planned_values` (a plan) or `values` (a state)"), "{neither}");
    let bucket = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
        {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "values": {}}]}}}"#;
    assert!(plan(bucket).to_string().contains("no KMS key"));
    let nowhere = r#"{"format_version": "1.0", "values": {"root_module": {"child_modules": [{"resources": [
        {"address": "module.m.aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "values": {}}]}]}}}"#;
    assert_eq!(
        plan(nowhere).to_string(),
        "at /values/root_module/child_modules/0/resources/0: module.m.aws_kms_key.k: no Region in its `region`, \
         the provider's configuration or its ARN"
    );
    // A state file reads as a plan does.
    let state = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
        {"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key",
         "values": {"arn": "arn:aws:kms:eu-central-1:111122223333:key/k"}}]}}}"#;
    let reading = read(state.as_bytes()).unwrap();
    assert_eq!((reading.format, reading.states[0].region.as_str()), (Format::TerraformState, "eu-central-1"));

    let bill = |text: &str| read(text.as_bytes()).unwrap_err().to_string();
    assert!(bill("name,size\nx,1\n").starts_with("line 1: no usage-type column"), "{}", bill("name,size\nx,1\n"));
    let no_amount = "lineItem/UsageType,lineItem/UsageStartDate\nKMS-Keys,2026-11-01T00:00:00Z\n";
    assert_eq!(bill(no_amount), "line 1: no `lineItem/UsageAmount` column, which the bill's usage needs");
    let bad_number = "line_item_usage_type,line_item_usage_amount,line_item_usage_start_date,product_region_code\n\
                      us-east-1-KMS-Keys,many,2026-11-01T00:00:00Z,us-east-1\n";
    assert_eq!(bill(bad_number), "line 2: `line_item_usage_amount`: expected a number of at least 0, found \"many\"");
    let no_region = "line_item_usage_type,line_item_usage_amount,line_item_usage_start_date\n\
                     us-east-1-KMS-Keys,1,2026-11-01T00:00:00Z\n";
    assert!(bill(no_region).starts_with("line 2: AWS KMS usage without a Region"), "{}", bill(no_region));
    let other = "line_item_usage_type,line_item_usage_amount,line_item_usage_start_date\nBoxUsage,1,2026-11-01\n";
    assert!(bill(other).contains("no AWS KMS or CloudHSM usage"), "{}", bill(other));
    assert!(bill("PK\u{3}\u{4}rest").contains("unzip it"));
    assert!(bill("PAR1rest").contains("Parquet") && bill("PAR1rest").contains("text/csv"));
    assert!(read(&[0x1f, 0x8b, 8, 0][..]).unwrap_err().message.contains("gzip"));
    let endless = vec![b'a'; bill::MAX_LINE_BYTES + 2];
    assert!(read(&endless[..]).unwrap_err().message.contains("a line over 1 MiB"));
}

/// The first bytes tell the kinds apart, past a byte-order mark and white space.
#[test]
fn files_are_told_apart_by_their_first_bytes() {
    assert_eq!(sniff(b"\xEF\xBB\xBF\n  {\"format_version\""), FileKind::Json);
    assert_eq!(sniff(b"identity/LineItemId,"), FileKind::Csv);
    assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), FileKind::Gzip);
    assert_eq!(sniff(b""), FileKind::Csv);
}
