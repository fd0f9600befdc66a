//! `kms-hsm-advisor prices import` as a deployer runs it: AWS's price list files (the fixtures
//! in `tests/fixtures/price-list`, in both of AWS's formats) into a copy of the shipped rules,
//! what it writes and keeps, that the result serves, and every refusal, which writes nothing.

use crate::support::app;

use std::path::Path;
use std::process::{Command, Output};

use advisor_core::ruleset::FILES;
use app::{call, get};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use kms_hsm_advisor::server::{AppState, router, rules_dir};
use leptos::prelude::LeptosOptions;

const FIXTURES: &str = "tests/fixtures/price-list";

/// A fresh copy of the shipped rules, removed when dropped.
fn rules_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in FILES {
        std::fs::copy(Path::new("rules").join(name), dir.path().join(name)).unwrap();
    }
    dir
}

/// The binary with `args`.
fn advisor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor")).args(args).output().unwrap()
}

/// `prices import` of the named fixtures (or other paths) into `dir`.
fn import(dir: &Path, files: &[&str]) -> Output {
    let paths: Vec<String> = files
        .iter()
        .map(|file| if file.contains('/') { file.to_string() } else { format!("{FIXTURES}/{file}") })
        .collect();
    let mut args = vec!["prices", "import"];
    args.extend(paths.iter().map(String::as_str));
    let rules = dir.display().to_string();
    args.extend(["--rules", &rules]);
    advisor(&args)
}

/// The `[[region]]` table of `code` in `dir`'s regions.toml, parsed.
fn region(dir: &Path, code: &str) -> Option<toml::Table> {
    let text = std::fs::read_to_string(dir.join("regions.toml")).unwrap();
    let file: toml::Table = text.parse().unwrap();
    file["region"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_table().unwrap().clone())
        .find(|r| r["code"].as_str() == Some(code))
}

fn figure(table: &toml::Table, key: &str) -> (f64, String, String) {
    let figure = table[key].as_table().unwrap_or_else(|| panic!("no {key} in {table:#?}"));
    let value = figure["value"].as_float().or_else(|| figure["value"].as_integer().map(|v| v as f64)).unwrap();
    (value, figure["source"].as_str().unwrap().to_string(), figure["as-of"].as_str().unwrap().to_string())
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn json_files_of_both_offers_set_each_region_s_prices_and_add_regions() {
    let dir = rules_copy();
    let before = std::fs::read_to_string(dir.path().join("regions.toml")).unwrap();
    let output = import(dir.path(), &["cloudhsm.json", "awskms.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(printed.contains("CloudHSM version 20260401183512 (published 2026-04-01T18:35:12Z) from tests/fixtures/price-list/cloudhsm.json: 3 Region(s) priced; 1 price(s) skipped"), "{printed}");
    assert!(printed.contains("awskms version 20260315000000 (published 2026-03-15T00:00:00Z) from tests/fixtures/price-list/awskms.json: 3 Region(s) priced; free tier 20,000 symmetric requests a month, as prices.toml has it"), "{printed}");
    assert!(
        printed.contains("added Region me-central-1 (Middle East (UAE)), with the default KMS quota of quotas.toml"),
        "{printed}"
    );
    // AWS Payment Cryptography has no offer in AWS's price list: the import says its prices stay.
    assert!(
        printed.contains(
            "note: AWS's price list has no offer for AWS Payment Cryptography; prices.toml keeps $1.00 a key-month \
             and $2.00 per 10,000 requests (as of 2026-12-05): check them against \
             https://aws.amazon.com/payment-cryptography/pricing/"
        ),
        "{printed}"
    );

    let virginia = region(dir.path(), "us-east-1").unwrap();
    let (hourly, source, as_of) = figure(&virginia, "cloudhsm-hourly-usd");
    assert_eq!((hourly, as_of.as_str()), (1.6, "2026-04-01"));
    assert_eq!(
        source,
        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/CloudHSM/20260401183512/index.json (AWS price list: \
         offer CloudHSM, version 20260401183512, published 2026-04-01T18:35:12Z; hsm2m.medium, usage type \
         USE1-CloudHSMv2Usage-hsm2m.m)"
    );
    assert_eq!(figure(&virginia, "cloudhsm-hsm1-hourly-usd").0, 1.45);
    let (key_month, source, as_of) = figure(&virginia, "kms-key-month-usd");
    assert_eq!((key_month, as_of.as_str()), (1.0, "2026-03-15"));
    assert!(source.contains("/aws/awskms/20260315000000/index.json (AWS price list: offer awskms"), "{source}");
    // Per 10,000 requests, from the files' prices per request; the free tier is not a price.
    let requests = virginia["kms-request-usd-per-10k"].as_table().unwrap();
    let per_10k: Vec<(String, f64)> =
        requests.iter().filter_map(|(kind, value)| value.as_float().map(|v| (kind.clone(), v))).collect();
    let expected = [
        ("symmetric", 0.03),
        ("rsa-2048", 0.03),
        ("asymmetric", 0.15),
        ("ecc-generate-data-key-pair", 0.1),
        ("rsa-generate-data-key-pair", 12.0),
    ];
    let mut expected = expected.map(|(kind, usd)| (kind.to_string(), usd));
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(per_10k, expected);
    assert_eq!(requests["as-of"].as_str(), Some("2026-03-15"));

    // A Region the rules lacked: named from the file, with quotas.toml's default KMS quota.
    let uae = region(dir.path(), "me-central-1").unwrap();
    assert_eq!(uae["name"].as_str(), Some("Middle East (UAE)"));
    assert_eq!(figure(&uae, "kms-symmetric-quota").0, 10_000.0);
    assert_eq!(figure(&uae, "cloudhsm-hourly-usd").0, 1.95);
    assert_eq!(figure(&uae, "kms-key-month-usd").0, 1.1);
    // A Local Zone is not a Region.
    assert!(region(dir.path(), "us-west-2-lax-1").is_none());
    // Regions neither file prices are as they were.
    assert!(region(dir.path(), "eu-west-2").unwrap().get("cloudhsm-hourly-usd").is_none());

    // Comments and layout kept: the old text is all still there, line for line, bar the lines
    // the import added to.
    let after = std::fs::read_to_string(dir.path().join("regions.toml")).unwrap();
    let header: String = before.lines().take_while(|line| line.starts_with('#')).map(|l| format!("{l}\n")).collect();
    assert!(after.starts_with(&header) && header.len() > 200, "{after}");
    let kept = before.lines().filter(|line| after.lines().any(|l| l == *line)).count();
    assert_eq!(kept, before.lines().count());
    assert!(after.contains("\n[[region]]\ncode = \"me-central-1\"\nname = \"Middle East (UAE)\"\n"), "{after}");

    // The result is valid rules, which `check` and the server load.
    let check = advisor(&["check", &dir.path().display().to_string()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("17 Regions (3 with CloudHSM's price from AWS's price list)"),
        "{}",
        stdout(&check)
    );
    let rules = rules_dir::load(dir.path()).unwrap();
    let options = LeptosOptions::builder().output_name("kms-hsm-advisor").site_root("target/site").build();
    let app = router(AppState::new(options, rules));
    let request = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    let reply = call(&app, request("/api/v1/advice?region=me-central-1&keys=10&requests=1000000"));
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let advice = reply.json();
    assert_eq!(advice["costs"]["hsm_hourly_usd"], 1.95);
    // 10 keys at $1.10 and 980,000 paid requests at $0.036 per 10,000.
    assert_eq!(advice["costs"]["monthly_usd"]["kms"], 14.53);
    let sources = advice["sources"].as_array().unwrap();
    let hourly = sources.iter().find(|s| s["figure"] == "cloudhsm_hourly_usd").unwrap();
    assert_eq!(hourly["label"], "CloudHSM price per HSM-hour in Middle East (UAE)");
    assert_eq!(hourly["as_of"], "2026-04-01");
    assert_eq!(
        hourly["url"],
        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/CloudHSM/20260401183512/index.json"
    );
    assert!(hourly["note"].is_null(), "{hourly}");
    let virginia = call(&app, request("/api/v1/advice?region=us-east-1")).json();
    let hourly = virginia["sources"].as_array().unwrap().iter().find(|s| s["figure"] == "cloudhsm_hourly_usd").cloned();
    assert_eq!(
        hourly.unwrap()["note"],
        "the current HSM type's (hsm2m.medium); the previous type, hsm1.medium, costs $1.45 an HSM-hour here"
    );
    // The page offers the added Region.
    let page = call(&app, request("/?region=me-central-1"));
    assert!(page.text().contains(r#"<option value="me-central-1" selected"#), "the Region is offered");
    // The shipped rules are untouched.
    assert_eq!(get("/api/v1/advice").json()["costs"]["hsm_hourly_usd"], 1.46);
}

#[test]
fn csv_files_are_read_alike_and_regions_are_found_by_name_without_codes() {
    let dir = rules_copy();
    let output = import(dir.path(), &["cloudhsm.csv", "awskms.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    // The KMS file has no Region Code column: Frankfurt is found by its name; the UAE, which
    // the rules do not know by name, is skipped.
    assert!(
        printed.contains("from tests/fixtures/price-list/awskms.csv: 1 Region(s) priced; 1 price(s) skipped"),
        "{printed}"
    );
    let ireland = region(dir.path(), "eu-west-1").unwrap();
    // The on-demand price, not the reserved term's.
    let (hourly, source, as_of) = figure(&ireland, "cloudhsm-hourly-usd");
    assert_eq!((hourly, as_of.as_str()), (1.7, "2026-05-01"));
    assert!(source.starts_with("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/CloudHSM/20260501000000/index.csv (AWS price list: offer CloudHSM, version 20260501000000, published 2026-05-01T00:00:00Z; hsm2m.medium, usage type EU-CloudHSMv2Usage-hsm2m.m)"), "{source}");
    assert_eq!(figure(&ireland, "cloudhsm-hsm1-hourly-usd").0, 1.59);
    let frankfurt = region(dir.path(), "eu-central-1").unwrap();
    assert_eq!(
        figure(&frankfurt, "kms-key-month-usd").1.split(' ').next(),
        Some("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/awskms/20260201000000/index.csv")
    );
    let requests = frankfurt["kms-request-usd-per-10k"].as_table().unwrap();
    assert_eq!((requests["symmetric"].as_float(), requests["asymmetric"].as_float()), (Some(0.03), Some(0.15)));
    assert!(requests.get("rsa-2048").is_none(), "a kind the file lacks stays prices.toml's");
    assert!(region(dir.path(), "me-central-1").is_none());
    assert_eq!(advisor(&["check", &dir.path().display().to_string()]).status.code(), Some(0));
}

#[test]
fn the_same_files_in_any_order_write_the_same_file_and_again_change_nothing() {
    let (first, second) = (rules_copy(), rules_copy());
    let output = import(first.path(), &["cloudhsm.json", "awskms.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The KMS file has no Region codes: the UAE is placed by the name the CloudHSM file gives it.
    assert!(
        stdout(&output).contains("from tests/fixtures/price-list/awskms.csv: 2 Region(s) priced;"),
        "{}",
        stdout(&output)
    );
    assert_eq!(figure(&region(first.path(), "me-central-1").unwrap(), "kms-key-month-usd").0, 1.1);
    assert_eq!(import(second.path(), &["awskms.csv", "cloudhsm.json"]).status.code(), Some(0));
    let written = std::fs::read(first.path().join("regions.toml")).unwrap();
    assert!(written == std::fs::read(second.path().join("regions.toml")).unwrap(), "the order of the files matters");
    assert_eq!(import(first.path(), &["cloudhsm.json", "awskms.csv"]).status.code(), Some(0));
    assert!(written == std::fs::read(first.path().join("regions.toml")).unwrap(), "a second import changed the file");
}

#[test]
fn a_region_s_prices_from_one_offer_come_from_one_version() {
    let dir = rules_copy();
    assert_eq!(import(dir.path(), &["cloudhsm.csv"]).status.code(), Some(0));
    // An older version over a newer one is said.
    let output = import(dir.path(), &["cloudhsm.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output)
            .contains("note: Regions whose CloudHSM prices were newer than the file's, now replaced: us-east-1"),
        "{}",
        stdout(&output)
    );
    let ireland = region(dir.path(), "eu-west-1").unwrap();
    assert_eq!(figure(&ireland, "cloudhsm-hourly-usd").2, "2026-05-01", "a Region the file lacks keeps its prices");
    // The May file has no hsm1 price for us-east-1: April's does not stay beside May's.
    let output = import(dir.path(), &["cloudhsm.csv"]);
    assert!(stdout(&output).contains("note: Regions keeping CloudHSM prices of another version, which the file does not price: ap-southeast-1, me-central-1"), "{}", stdout(&output));
    let virginia = region(dir.path(), "us-east-1").unwrap();
    assert_eq!(figure(&virginia, "cloudhsm-hourly-usd").0, 1.62);
    assert!(virginia.get("cloudhsm-hsm1-hourly-usd").is_none(), "{virginia:#?}");
}

#[test]
fn a_linked_regions_file_is_replaced_where_it_lives() {
    let (dir, elsewhere) = (rules_copy(), tempfile::tempdir().unwrap());
    let target = elsewhere.path().join("regions.toml");
    std::fs::rename(dir.path().join("regions.toml"), &target).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("regions.toml")).unwrap();
    let output = import(dir.path(), &["cloudhsm.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(dir.path().join("regions.toml")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("code = \"me-central-1\""));
}

#[test]
fn a_file_that_prices_nothing_is_refused() {
    let csv = std::fs::read_to_string(format!("{FIXTURES}/cloudhsm.csv")).unwrap();
    let reserved: Vec<&str> = csv.lines().filter(|line| !line.contains("\"OnDemand\"")).collect();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), reserved.join("\n")).unwrap();
    let dir = rules_copy();
    let output = import(dir.path(), &[file.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let expected = "no on-demand USD price of an AWS Region for a usage type ending CloudHSMv2Usage-hsm2m.m, \
                    CloudHSMv2Usage: nothing to import";
    assert!(stderr(&output).contains(expected), "{}", stderr(&output));
}

#[test]
fn a_version_publication_date_or_region_name_out_of_shape_is_refused() {
    refused(
        &["cloudhsm.json"],
        Some(("cloudhsm.json", "\"version\": \"20260401183512\"", "\"version\": \"2026|x<y\"")),
        &["error: cloudhsm.json: version `2026|x<y`: expected the digits of a price list version, like 20260401183512"],
    );
    refused(
        &["awskms.csv"],
        Some(("awskms.csv", "\"2026-02-01T00:00:00Z\"", "\"February\"")),
        &["error: awskms.csv: publication date `February`: expected one like 2026-04-01T18:35:12Z"],
    );
    refused(
        &["cloudhsm.json"],
        Some(("cloudhsm.json", "\"location\": \"Middle East (UAE)\"", "\"location\": \"Middle East\\n# (UAE)\"")),
        &[
            "error: cloudhsm.json: SKU HSM2MMEC1AAAAAAA, term HSM2MMEC1AAAAAAA.JRTCKXETXF, rate code HSM2MMEC1AAAAAAA.JRTCKXETXF.6YS6EN2CT7: location \"Middle East\\n# (UAE)\": expected the Region's name, on one line",
        ],
    );
}

/// Imports `files` into a fresh copy after `edit` changed the named fixture's text; asserts it
/// is refused with every message of `expected` and that nothing was written.
fn refused(files: &[&str], edit: Option<(&str, &str, &str)>, expected: &[&str]) {
    let dir = rules_copy();
    let edited = tempfile::tempdir().unwrap();
    let paths: Vec<String> = files
        .iter()
        .map(|file| {
            let mut text = std::fs::read_to_string(format!("{FIXTURES}/{file}")).unwrap_or_default();
            if let Some((name, from, to)) = edit
                && name == *file
            {
                assert!(text.contains(from), "{from:?} is not in {file}");
                text = text.replacen(from, to, 1);
            }
            let path = edited.path().join(file);
            if Path::new(&format!("{FIXTURES}/{file}")).exists() {
                std::fs::write(&path, text).unwrap();
            }
            path.display().to_string()
        })
        .collect();
    let before: Vec<Vec<u8>> = FILES.iter().map(|name| std::fs::read(dir.path().join(name)).unwrap()).collect();
    let output = import(dir.path(), &paths.iter().map(String::as_str).collect::<Vec<_>>());
    let errors = stderr(&output).replace(&format!("{}/", edited.path().display()), "");
    assert_eq!(output.status.code(), Some(1), "{errors}");
    for message in expected {
        assert!(errors.contains(message), "expected {message:?} in:\n{errors}");
    }
    assert!(errors.contains("nothing written"), "{errors}");
    let after: Vec<Vec<u8>> = FILES.iter().map(|name| std::fs::read(dir.path().join(name)).unwrap()).collect();
    assert!(before == after, "the rules changed");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, FILES.len(), "no temporary file is left behind");
}

#[test]
fn a_file_of_another_offer_is_refused() {
    refused(
        &["cloudhsm.json"],
        Some(("cloudhsm.json", "\"offerCode\": \"CloudHSM\"", "\"offerCode\": \"AmazonEC2\"")),
        &["error: cloudhsm.json: offer `AmazonEC2`: expected a price list file of offer CloudHSM or awskms"],
    );
}

#[test]
fn malformed_files_are_refused_with_their_line() {
    refused(
        &["awskms.json"],
        Some(("awskms.json", "\"version\": \"20260315000000\",", "\"version\": 20260315000000,")),
        &["error: awskms.json: line 5, column 27: invalid type: integer `20260315000000`, expected a string"],
    );
    refused(
        &["cloudhsm.csv"],
        Some(("cloudhsm.csv", "\"OfferCode\",\"CloudHSM\"\n", "")),
        &["error: cloudhsm.csv: lines 1 to 5: missing `OfferCode` among the metadata rows: not a price list file?"],
    );
    refused(
        &["cloudhsm.csv"],
        Some(("cloudhsm.csv", "\"PricePerUnit\"", "\"Price\"")),
        &["error: cloudhsm.csv: line 6: the header row has no `PricePerUnit` column"],
    );
}

#[test]
fn two_prices_for_one_usage_type_in_a_region_are_refused() {
    refused(
        &["cloudhsm.json"],
        Some((
            "cloudhsm.json",
            "\"usagetype\": \"APS1-CloudHSMv2Usage-hsm2m.m\",\n        \"operation\": \"CreateHsm\",\n        \"regionCode\": \"ap-southeast-1\"",
            "\"usagetype\": \"APS1-CloudHSMv2Usage-hsm2m.m\",\n        \"operation\": \"CreateHsm\",\n        \"regionCode\": \"us-east-1\"",
        )),
        &[
            "error: cloudhsm.json: SKU HSM2MUSE1AAAAAAA, term HSM2MUSE1AAAAAAA.JRTCKXETXF, rate code HSM2MUSE1AAAAAAA.JRTCKXETXF.6YS6EN2CT7: two prices for usage type USE1-CloudHSMv2Usage-hsm2m.m in us-east-1: 1.6000000000 here, 1.8600000000 at SKU HSM2MAPS1AAAAAAA, term HSM2MAPS1AAAAAAA.JRTCKXETXF, rate code HSM2MAPS1AAAAAAA.JRTCKXETXF.6YS6EN2CT7",
        ],
    );
}

#[test]
fn a_price_that_is_not_a_positive_number_is_refused() {
    refused(
        &["awskms.csv"],
        Some(("awskms.csv", "\"0.0000150000\"", "\"-0.0000150000\"")),
        &[
            "error: awskms.csv: line 10 (SKU ASYEUC1CCCCCCCC, rate code ASYEUC1CCCCCCCC.JRTCKXETXF.6YS6EN2CT7): price `-0.0000150000` for usage type EUC1-KMS-Requests-Asymmetric: expected a positive number of USD",
        ],
    );
    refused(
        &["cloudhsm.json"],
        Some(("cloudhsm.json", "\"USD\": \"1.8600000000\"", "\"USD\": \"0.0000000000\"")),
        &["price `0.0000000000` for usage type APS1-CloudHSMv2Usage-hsm2m.m: expected a positive number of USD"],
    );
    refused(
        &["cloudhsm.json"],
        Some(("cloudhsm.json", "\"USD\": \"1.9500000000\"", "\"USD\": \"free\"")),
        &["price `free` for usage type MEC1-CloudHSMv2Usage-hsm2m.m: expected a positive number of USD"],
    );
}

#[test]
fn rules_invalid_before_the_import_are_refused() {
    let dir = rules_copy();
    let quotas = dir.path().join("quotas.toml");
    let text = std::fs::read_to_string(&quotas).unwrap().replacen("value = 28,", "value = \"many\",", 1);
    std::fs::write(&quotas, text).unwrap();
    let before = std::fs::read(dir.path().join("regions.toml")).unwrap();
    let output = import(dir.path(), &["cloudhsm.json"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    let expected = "quotas.toml:6:30: `cluster-max-hsms`: invalid type: string \"many\", expected f64 [invalid-value] \
                    (the rules are invalid before the import; `kms-hsm-advisor check` shows every problem)";
    assert!(errors.contains(expected), "{errors}");
    assert!(errors.contains("nothing written"), "{errors}");
    assert_eq!(std::fs::read(dir.path().join("regions.toml")).unwrap(), before);
}

#[test]
fn one_bad_file_among_good_ones_writes_nothing_and_every_problem_is_listed() {
    refused(
        &["cloudhsm.json", "cloudhsm.csv", "awskms.json", "missing.json"],
        None,
        &[
            "error: cloudhsm.csv: a second file of offer CloudHSM (the first is",
            "error: missing.json: cannot read the file",
        ],
    );
    refused(
        &["awskms.json", "cloudhsm.json"],
        Some(("cloudhsm.json", "\"USD\": \"1.8600000000\"", "\"USD\": \"-1\"")),
        &["1 problem(s): nothing written"],
    );
}
