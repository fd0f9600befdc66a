//! Validation of the rules files: what each kind of mistake reports, with its code and place.

use super::*;
use crate::costs::RequestKind;
use crate::diagnostics::Code;

/// The diagnostics for the shipped rules with `file`'s `from` replaced.
fn diagnostics(file: &str, from: &str, to: &str) -> Vec<Diagnostic> {
    let mut files = shipped_files();
    let target = files.iter_mut().find(|f| f.is(file)).unwrap();
    assert!(target.text.contains(from), "{from:?} is not in {file}");
    target.text = target.text.replacen(from, to, 1);
    RuleSet::from_sources(&files).expect_err("broken")
}

/// The messages (without positions) for the shipped rules with `file`'s `from` replaced.
fn problems(file: &str, from: &str, to: &str) -> Vec<String> {
    diagnostics(file, from, to).into_iter().map(|d| d.message).collect()
}

#[test]
fn the_sha256_changes_with_any_byte() {
    let mut files = shipped_files();
    let before = shipped().sha256;
    assert_eq!(before.len(), 64);
    files[1].text.push('\n');
    assert_ne!(RuleSet::from_sources(&files).unwrap().sha256, before);
}

#[test]
fn rule_structure_is_checked() {
    let cases = [
        ("id = \"custom-crypto-team\"", "id = \"fips-level\"", "duplicate id \"fips-level\""),
        (
            "option = \"cloudhsm\"\nexplain = \"Your own code does the cryptography",
            "branch = \"hardware\"\noption = \"cloudhsm\"\nexplain = \"Your own code does the cryptography",
            "rule \"custom-crypto-team\": expected exactly one of `option` or `branch`",
        ),
        (
            "branch = \"hardware\"\nexplain = \"A mandate",
            "branch = \"hard\"\nexplain = \"A mandate",
            "`branch`: expected one of hardware, peak-beyond-kms, found \"hard\"",
        ),
        (
            "summary = \"Use AWS KMS: nothing",
            "whatever = \"Use AWS KMS: nothing",
            "`rule`: unknown field `whatever`, expected one of `id`, `question`, `when`, `option`, `branch`, `explain`, `summary`",
        ),
        (
            "when = []\noption = \"kms\"",
            "when = [\"team == hsm\"]\noption = \"kms\"",
            "rule \"default-kms\": the last rule must have `when = []` so that every case gets a recommendation",
        ),
        (
            "when = [\"dedicated == yes\"]",
            "when = [\"option == kms\"]",
            "expected a question or figure, found \"option\", which only notes can use",
        ),
        (
            "option = \"custom_key_store\"",
            "option = \"vault\"",
            "`option`: expected one of kms, kms_imported, custom_key_store, external_key_store, cloudhsm, payment_cryptography, found \"vault\"",
        ),
    ];
    for (from, to, message) in cases {
        assert_eq!(problems("rules.toml", from, to), [message], "{to}");
    }
    let missing_summary = problems(
        "rules.toml",
        "summary = \"Use AWS KMS: nothing in your answers calls for other key storage, so the managed service is the simpler choice.\"",
        "",
    );
    assert_eq!(missing_summary, ["rule \"default-kms\": expected a `summary`, the one-sentence recommendation"]);
    let step_not_last = problems(
        "rules.toml",
        "id = \"hardware-cloudhsm-only\"\nwhen = []",
        "id = \"hardware-cloudhsm-only\"\nwhen = [\"team == hsm\"]",
    );
    assert_eq!(
        step_not_last,
        ["branch \"hardware\": the last step must have `when = []` so the branch always decides"]
    );
}

#[test]
fn figures_and_facts_are_checked() {
    assert_eq!(
        problems("regions.toml", "code = \"eu-west-1\"", "code = \"Ireland\""),
        ["`code`: expected a Region code like \"eu-west-1\", found \"Ireland\""]
    );
    assert_eq!(
        problems("regions.toml", "code = \"eu-west-1\"", "code = \"us-east-1\""),
        ["duplicate Region \"us-east-1\""]
    );
    assert_eq!(
        problems("prices.toml", "kind = \"symmetric\"", "kind = \"sym\""),
        [
            "missing a `[[kms.request]]` of kind \"symmetric\": the cost model prices `requests` with it",
            "`kind`: expected one of symmetric, rsa-2048, asymmetric, ecc-generate-data-key-pair, \
             rsa-generate-data-key-pair in `[[kms.request]]`, found \"sym\""
        ]
    );
    assert_eq!(
        problems(
            "prices.toml",
            "rotation-usd-per-key-month = { value = 1.0, source = \"https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html (key rotation and pricing: the first and second rotation each add a monthly fee, capped at the second)\"",
            "rotation-usd-per-key-month = { value = -1.0, source = \"\""
        ),
        [
            "`rotation-usd-per-key-month`: expected a number above 0, found -1",
            "`source`: expected where the figure comes from, found an empty string"
        ]
    );
    assert_eq!(
        problems("quotas.toml", "{ hsms = 6, ops-per-second = 5000 }", "{ hsms = 6, ops-per-second = 2500 }"),
        ["`points`: expected HSMs above 0 and operations per second above 0, both rising from point to point"]
    );
    assert_eq!(
        problems("compliance.toml", "[cloudhsm-previous]", "[cloudhsm-old]")[0],
        "missing key `cloudhsm-previous`"
    );
    assert_eq!(
        problems("framework.toml", "name = \"growth\"", "name = \"growth_rate\""),
        [
            "missing parameter \"growth\" of the URL contract",
            "`name`: expected a parameter of the URL contract (fips, dedicated, control, peak_ops, shardable, integration, team, keys, requests, hsms, region, hsm_hourly, growth, months, custody, usage, multi_region, rotation, kms_quota, rsa2048_requests, \
             asymmetric_requests, ecc_keypair_requests, rsa_keypair_requests, hsm_hours, external_usd, rules, context, signing_keys, hmac_keys, asymmetric_quota, service_share, interface, payment_requests), found \"growth_rate\"",
        ]
    );
    for loose in ["2026-1-1", "+2026-11-01", " 2026-11-01", "2026-11-1"] {
        let found = diagnostics("quotas.toml", "as-of = \"2026-11-01\"\n", &format!("as-of = \"{loose}\"\n"));
        assert_eq!(found[0].code, Code::InvalidDate, "{loose}");
    }
    assert_eq!(
        problems("framework.toml", &format!("version = \"{}\"", shipped().version), "version = 2026"),
        ["`version`: invalid type: integer `2026`, expected a string"]
    );
    assert_eq!(
        problems("framework.toml", "[[question]]\nid = \"q1\"", "[question]\nid = \"q1\""),
        ["invalid TOML: duplicate key"]
    );
}

#[test]
fn a_missing_file_stops_before_reading_the_rest() {
    let files: Vec<SourceFile> = shipped_files().into_iter().filter(|f| !f.is("regions.toml")).collect();
    let problems = RuleSet::from_sources(&files).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].to_string(),
        "rules/regions.toml:1:1: missing file: every rules directory needs it [missing-file]"
    );
}

/// The shipped rules with `lines` added to the Region eu-west-1.
fn with_ireland(lines: &str) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut files = shipped_files();
    let regions = files.iter_mut().find(|f| f.is("regions.toml")).unwrap();
    let anchor = "name = \"Europe (Ireland)\"\n";
    regions.text = regions.text.replacen(anchor, &format!("{anchor}{lines}\n"), 1);
    RuleSet::from_sources(&files)
}

#[test]
fn a_region_s_own_prices_take_precedence() {
    let rules = with_ireland(
        "cloudhsm-hourly-usd = { value = 1.62, source = \"price list\", as-of = \"2026-04-01\" }\n\
         cloudhsm-hsm1-hourly-usd = { value = 1.5, source = \"price list\", as-of = \"2026-04-01\" }\n\
         kms-key-month-usd = { value = 1.1, source = \"price list\", as-of = \"2026-04-01\" }\n\
         kms-request-usd-per-10k = { symmetric = 0.04, rsa-2048 = 0.05, asymmetric = 0.16, \
         ecc-generate-data-key-pair = 0.11, rsa-generate-data-key-pair = 13.0, source = \"price list\", as-of = \"2026-04-01\" }",
    )
    .unwrap_or_else(|d| panic!("{d:#?}"));
    let ireland = rules.region("eu-west-1").unwrap();
    assert_eq!(rules.hsm_hourly(ireland).value, 1.62);
    assert_eq!(ireland.cloudhsm_hsm1_hourly_usd.as_ref().map(|p| p.value), Some(1.5));
    assert_eq!(rules.kms_key_month(ireland).value, 1.1);
    let prices = RequestKind::ALL.map(|kind| rules.request_price(ireland, kind).value);
    // AWS Payment Cryptography's price is not KMS's: prices.toml's holds.
    assert_eq!(prices, [0.04, 0.05, 0.16, 0.11, 13.0, 2.0]);
    assert_eq!(rules.request_price(ireland, RequestKind::Rsa2048).as_of.to_string(), "2026-04-01");
    // Elsewhere, prices.toml's figures.
    let london = rules.region("eu-west-2").unwrap();
    assert_eq!(rules.hsm_hourly(london), &rules.prices.cloudhsm_hourly_usd);
    assert_eq!(rules.request_price(london, RequestKind::Symmetric).value, 0.03);
    // A Region may give some kinds only.
    let rules =
        with_ireland("kms-request-usd-per-10k = { rsa-2048 = 0.05, source = \"price list\", as-of = \"2026-04-01\" }")
            .unwrap();
    let ireland = rules.region("eu-west-1").unwrap();
    assert_eq!(rules.request_price(ireland, RequestKind::Rsa2048).value, 0.05);
    assert_eq!(rules.request_price(ireland, RequestKind::Symmetric).value, 0.03);
}

#[test]
fn a_region_s_prices_are_checked() {
    let messages = |lines: &str| -> Vec<String> {
        with_ireland(lines).expect_err("broken").into_iter().map(|d| format!("{} [{}]", d.message, d.code)).collect()
    };
    assert_eq!(
        messages("cloudhsm-hourly-usd = { value = 0.0, source = \"price list\", as-of = \"2026-04-01\" }"),
        ["`cloudhsm-hourly-usd`: expected a number above 0, found 0 [out-of-range]"]
    );
    assert_eq!(
        messages("kms-request-usd-per-10k = { symmetric = -1.0, source = \"price list\", as-of = \"2026-04-01\" }"),
        ["`kms-request-usd-per-10k.symmetric`: expected a number above 0, found -1 [out-of-range]"]
    );
    let unknown =
        messages("kms-request-usd-per-10k = { hmac = 0.03, source = \"price list\", as-of = \"2026-04-01\" }");
    assert!(
        unknown[0].starts_with("`region`: unknown field `hmac`, expected one of `symmetric`, `rsa-2048`"),
        "{unknown:?}"
    );
    assert_eq!(
        messages("kms-request-usd-per-10k = { source = \"price list\", as-of = \"2026-04-01\" }"),
        ["`kms-request-usd-per-10k`: expected a price for at least one of symmetric, rsa-2048, asymmetric, \
             ecc-generate-data-key-pair, rsa-generate-data-key-pair [missing-key]"]
    );
    assert_eq!(
        messages("kms-key-month-usd = { value = 1.0, source = \"\", as-of = \"April\" }"),
        [
            "`source`: expected where the figure comes from, found an empty string [missing-source]",
            "`as-of`: expected a date like \"2026-11-01\", found \"April\" [invalid-date]"
        ]
    );
}

#[test]
fn the_changelog_is_checked_against_the_other_files() {
    let changes = |from: &str, to: &str| -> Vec<String> {
        diagnostics("changes.toml", from, to).into_iter().map(|d| format!("{} [{}]", d.message, d.code)).collect()
    };
    assert_eq!(
        changes("version = \"2026.12.07\"", "version = \"2026.12.08\""),
        ["`version`: the newest version must be the rules in force, 2026.12.07, found \"2026.12.08\" [version-order]"]
    );
    assert_eq!(
        changes("date = \"2026-11-28\"", "date = \"2026-12-28\""),
        ["`date`: versions run from the newest to the oldest, but 2026.11.28 (2026-12-28) comes after 2026.11.29 \
             (2026-11-29) [version-order]"]
    );
    assert_eq!(
        changes("date = \"2026-11-28\"", "date = \"yesterday\""),
        ["`date`: expected a date like \"2026-11-01\", found \"yesterday\" [invalid-date]"]
    );
    assert_eq!(
        changes("parameters = [\"integration\"]", "parameters = [\"integrations\"]"),
        ["`parameters`: no parameter \"integrations\" in the URL contract [unknown-parameter]"]
    );
    assert_eq!(
        changes("rules = [\"aws-services-use-kms\",", "rules = [\"aws-services-use-hsm\","),
        ["`rules`: no requirement, rule, branch step or note \"aws-services-use-hsm\" [unknown-rule]"]
    );
    assert_eq!(
        changes("options = [\"cloudhsm\"]", "options = [\"hsm\"]"),
        [
            "`option`: expected one of kms, kms_imported, custom_key_store, external_key_store, cloudhsm, payment_cryptography, found \"hsm\" \
             [unknown-option]"
        ]
    );
    let figure = changes("figures = [\"kms_symmetric_quota\"]", "figures = [\"kms_quota\"]");
    assert!(figure[0].starts_with("`figures`: expected one of cloudhsm_hourly_usd, kms_key_month_usd, "), "{figure:?}");
    assert!(figure[0].ends_with(", found \"kms_quota\" [unknown-figure]"), "{figure:?}");
    assert_eq!(
        changes("why = \"The advisor's first release.\"", "why = \" \""),
        ["`why`: expected words, found an empty string [invalid-value]"]
    );
    assert_eq!(
        changes("[[version]]\nversion = \"2026.11.28\"", "[[version]]\nversion = \"2026.11.29\""),
        ["duplicate version \"2026.11.29\" [duplicate-id]"]
    );
    // A changed answer names an option, the states in words and clauses of the notes' language.
    let dedicated = "was = \"cloudhsm\"\nstates = \"a mandate for dedicated HSMs with a peak one key store cannot \
                     carry, for data AWS services encrypt\"\nwhen = [\"integration == aws\", \"dedicated == yes\"";
    assert_eq!(
        changes(dedicated, "was = \"hsm\"\nstates = \" \"\nwhen = [\"integration == aws\", \"dedicated === yes\""),
        [
            "`option`: expected one of kms, kms_imported, custom_key_store, external_key_store, cloudhsm, payment_cryptography, found \"hsm\" \
             [unknown-option]",
            "`states`: expected the states whose answer changed in words, found an empty string [invalid-value]",
            "expected one of the operators == != < <= > >=, found \"===\" [invalid-condition]"
        ]
    );
    assert_eq!(
        changes(
            "when = [\"integration == aws\", \"dedicated == yes\", \"peak_ops > key_store_quota\", \"shardable == no\"]",
            "when = []"
        ),
        ["`when`: expected the clauses that tell the states whose answer changed, found none [invalid-condition]"]
    );
    let rules = shipped();
    assert_eq!(rules.changes[0].version, rules.version);
    assert!(rules.changes.windows(2).all(|pair| pair[0].date >= pair[1].date));
}
