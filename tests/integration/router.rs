//! Router tests: the real route table, called without a socket.

use crate::support::app;

use advisor_core::costs::KeyOption;
use advisor_core::inputs::{PARAMETERS, Parameter, Section};
use axum::http::{StatusCode, header};
use serde_json::Value;

#[test]
fn healthz_answers() {
    let (status, _, body) = app::get("/healthz").into_parts();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

#[test]
fn advice_matches_the_design_example() {
    let (status, json) = app::get("/api/v1/advice?keys=1&requests=1000000").into_json();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["recommendation"]["option"], "kms");
    assert_eq!(json["recommendation"]["rule"], "default-kms");
    assert!(json["recommendation"]["summary"].as_str().unwrap().starts_with("Use AWS KMS"));
    assert_eq!(json["costs"]["monthly_usd"]["kms"], 3.94);
    assert_eq!(json["costs"]["monthly_usd"]["cloudhsm"], 2131.6);
    assert_eq!(json["costs"]["monthly_usd"]["custom_key_store"], 2135.54);
    assert_eq!(json["break_even_requests_per_month"], 710_220_000.0);
    let trace = json["trace"].as_array().unwrap();
    assert_eq!(trace.len(), 12);
    // Rule 0, payment functions, comes first (DESIGN's edition 3 order).
    assert_eq!(trace[0]["rule"], "payment-functions");
    assert_eq!(trace[1]["rule"], "dedicated-hardware");
    assert_eq!(trace[0]["question"], "q4");
    assert_eq!(trace[0]["matched"], false);
    assert!(trace[0]["because"].as_str().unwrap().starts_with("Does not apply"));
    assert!(json["notes"].as_array().unwrap().is_empty());
    assert_eq!(json["inputs"]["keys"], 1);
    assert_eq!(json["inputs"]["fips"], "none");
    assert_eq!(
        json["share_url"],
        "/?fips=none&dedicated=no&peak_ops=100&shardable=yes&integration=aws&team=managed\
             &keys=1&requests=1000000&hsms=2&region=us-east-1&growth=0&months=36\
             &custody=aws&usage=encrypt&multi_region=no&rotation=none&rsa2048_requests=0&asymmetric_requests=0\
             &ecc_keypair_requests=0&rsa_keypair_requests=0&hsm_hours=730&external_usd=0&service_share=50&interface=kms_api&payment_requests=0\
             &rules=2026.12.07"
    );
    assert_eq!(json["ruleset"]["version"], "2026.12.07");
    // Edition 2: every option priced, what is ruled out and why, with AWS's page; edition 3's
    // AWS Payment Cryptography is priced and ruled out for keys that are not payment keys.
    assert_eq!(json["costs"]["monthly_usd"]["kms_imported"], 3.94);
    assert_eq!(json["costs"]["monthly_usd"]["external_key_store"], 3.94);
    assert_eq!(json["recommendation"]["conflicts"], serde_json::json!([]));
    let cloudhsm = &json["blocked"]["cloudhsm"][0];
    assert_eq!(cloudhsm["requirement"], "aws-services-use-kms");
    assert!(cloudhsm["source"].as_str().unwrap().starts_with("https://docs.aws.amazon.com/"), "{cloudhsm}");
    assert_eq!(json["costs"]["monthly_usd"]["payment_cryptography"], 1.0);
    assert_eq!(json["blocked"]["payment_cryptography"][0]["requirement"], "payment-cryptography-payment-only");
    assert_eq!(json["blocked"].as_object().unwrap().len(), 2);
    assert_eq!(trace[11]["status"], "decides");
    assert_eq!(json["inputs"]["usage"], serde_json::json!(["encrypt"]));
    assert_eq!(json["ruleset"]["sha256"].as_str().unwrap().len(), 64);
}

/// The faults practitioners found in edition 1, answered as edition 2 answers them.
#[test]
fn edition_two_answers_the_cases_edition_one_got_wrong() {
    let option = |json: &Value| json["recommendation"]["option"].clone();
    // S3 at billions of requests with an HSM team: CloudHSM cannot serve AWS services.
    let (_, s3) =
        app::get("/api/v1/advice?integration=aws&team=hsm&peak_ops=10000&keys=1&requests=15000000000").into_json();
    assert_eq!(option(&s3), "kms");
    assert!(s3["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("S3 Bucket Keys")), "{s3}");
    // A peak that cannot be spread, for a team that runs HSMs: no cluster holds 224 HSMs.
    let (_, peak) = app::get("/api/v1/advice?peak_ops=150000&shardable=no&integration=custom&team=hsm").into_json();
    assert_eq!(option(&peak), "cloudhsm");
    let summary = peak["recommendation"]["summary"].as_str().unwrap();
    assert!(summary.contains("224 HSMs in 8 cluster(s)"), "{summary}");
    // Code signing under a dedicated-hardware mandate: a key store cannot hold signing keys.
    let (_, signing) = app::get("/api/v1/advice?dedicated=yes&integration=both&usage=sign").into_json();
    assert_eq!(option(&signing), "cloudhsm");
    assert_eq!(signing["blocked"]["custom_key_store"][0]["requirement"], "key-store-no-signing");
    // A peak above the default quota, for AWS services: raise the quota.
    let (_, quota) = app::get("/api/v1/advice?peak_ops=150000&shardable=no").into_json();
    assert_eq!(option(&quota), "kms");
    assert!(quota["recommendation"]["summary"].as_str().unwrap().contains("Service Quotas"));
    // Nothing fits: no option, the conflicts named, and what would make one possible.
    let (status, none) = app::get("/api/v1/advice?dedicated=yes&usage=sign").into_json();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(option(&none), Value::Null);
    assert_eq!(none["recommendation"]["rule"], Value::Null);
    assert_eq!(none["recommendation"]["conflicts"].as_array().unwrap().len(), KeyOption::ALL.len());
    let flips = none["flips"].as_array().unwrap();
    assert!(flips.iter().any(|f| f["parameter"] == "dedicated" && f["option"] == "kms"), "{flips:?}");
    assert!(flips.iter().all(|f| !f["option"].is_null()), "{flips:?}");
}

/// Edition 3 through every copy: each request kind against its quota with AWS's page, the
/// increase to ask for, kept keys billed, and key counts that exceed `keys` refused.
#[test]
fn edition_three_names_each_quota_and_bills_kept_keys() {
    let signing = "usage=sign&peak_ops=5000&shardable=no&integration=custom";
    let (status, json) = app::get(&format!("/api/v1/advice?{signing}")).into_json();
    assert_eq!(status, StatusCode::OK);
    let over: Vec<&Value> = json["quotas"].as_array().unwrap().iter().filter(|q| q["over"] == true).collect();
    assert_eq!(over.len(), 1, "{json}");
    assert_eq!(over[0]["kind"], "rsa2048_requests");
    assert_eq!((over[0]["quota"].as_f64(), over[0]["load"].as_f64()), (Some(1000.0), Some(5000.0)));
    assert_eq!(over[0]["parameter"], "asymmetric_quota");
    let summary = json["recommendation"]["summary"].as_str().unwrap();
    assert!(summary.contains("“Cryptographic operations (RSA) request rate” to at least 5,000/s"), "{summary}");
    assert!(summary.contains("approval is not immediate"), "{summary}");

    let (_, _, page) = app::get(&format!("/?{signing}")).into_parts();
    assert!(
        page.contains(
            "<li class=\"over\"><a href=\"https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html#rps-table\" \
             rel=\"noopener\">Cryptographic operations (RSA) request rate</a>: 5,000/s against 1,000/s"
        ),
        "{page}"
    );
    for field in ["signing_keys", "hmac_keys", "asymmetric_quota", "service_share"] {
        assert!(page.contains(&format!("name=\"{field}\"")), "the form asks for {field}");
    }
    let (_, _, record) = app::get(&format!("/export/adr.md?{signing}")).into_parts();
    assert!(record.contains("* Request quota to raise: "), "{record}");
    assert!(record.contains("([AWS documentation](<https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html#rps-table>))"), "{record}");

    // Signing keys rotated by hand: a kept-keys line, and a bill that still rises at the end.
    let (_, json) = app::get("/api/v1/advice?usage=sign&rotation=365&keys=50&months=60").into_json();
    let kms = json["costs"]["breakdown"]["kms"].as_array().unwrap();
    assert!(kms.iter().any(|line| line["item"] == "kept_keys"), "{json}");
    assert!(kms.iter().all(|line| line["item"] != "rotation"), "signing keys have no automatic rotation: {json}");
    assert_eq!(json["costs"]["steady"]["monthly"]["kms"], Value::Null, "{json}");
    assert_eq!(json["costs"]["horizon_usd"]["kms"], 9176.4);
    let (_, _, csv) = app::get("/export/costs.csv?usage=sign&rotation=365&keys=50&months=60").into_parts();
    assert!(csv.lines().any(|line| line.starts_with("breakdown,") && line.contains(",kept_keys,")), "{csv}");

    // Parts of `keys` that exceed it: a 400 naming the later given, on the API and the page.
    let (status, json) = app::get("/api/v1/advice?keys=10&signing_keys=8&hmac_keys=5").into_json();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["error"]["parameter"], "hmac_keys", "{json}");
    let (status, _, page) = app::get("/?keys=10&signing_keys=8&hmac_keys=5").into_parts();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("signing_keys + hmac_keys may not exceed keys"), "{page}");
}

#[test]
fn the_share_url_reproduces_the_same_advice() {
    let (_, first) = app::get("/api/v1/advice?dedicated=yes&peak_ops=2500&region=eu-west-2&keys=3").into_json();
    let share = first["share_url"].as_str().unwrap();
    let (_, mut again) = app::get(&format!("/api/v1/advice{}", &share[1..])).into_json();
    // The shared link names the rules it was made under, which are the rules in force.
    let version = app::rules().version;
    assert!(share.ends_with(&format!("&rules={version}")), "{share}");
    assert_eq!(again["inputs"]["rules"], version.as_str());
    assert_eq!(again["rules_notice"], Value::Null);
    again["inputs"]["rules"] = Value::Null;
    assert_eq!(first, again);
    assert_eq!(again["recommendation"]["option"], "custom_key_store");
    // A number with a thousand, million or billion suffix is the same state, in plain digits.
    let (_, suffixed) = app::get("/api/v1/advice?requests=300M&keys=1.5k&peak_ops=2k").into_json();
    let (_, plain) = app::get("/api/v1/advice?requests=300000000&keys=1500&peak_ops=2000").into_json();
    assert_eq!(suffixed["share_url"], plain["share_url"]);
    assert!(plain["share_url"].as_str().unwrap().contains("&keys=1500&requests=300000000&"), "{plain}");
    // The figure is read back in words under its field.
    let (_, _, page) = app::get("/?requests=300M").into_parts();
    assert!(page.contains("<p id=\"requests-echo\" class=\"echo\">= 300 million</p>"), "{page}");
    let (status, json) = app::get("/api/v1/advice?keys=1.2345k").into_json();
    assert_eq!((status, json["error"]["parameter"].as_str()), (StatusCode::BAD_REQUEST, Some("keys")));
}

#[test]
fn every_malformed_parameter_is_a_400_naming_it() {
    let cases = [
        ("fips=4", "fips"),
        ("dedicated=maybe", "dedicated"),
        ("control=1", "control"),
        ("peak_ops=lots", "peak_ops"),
        ("shardable=true", "shardable"),
        ("integration=azure", "integration"),
        ("team=ops", "team"),
        ("keys=-1", "keys"),
        ("requests=1e400", "requests"),
        ("hsms=0", "hsms"),
        ("region=mars-1", "region"),
        ("hsm_hourly=-2", "hsm_hourly"),
        ("growth=-150", "growth"),
        ("months=0", "months"),
        ("months=%FF%FE", "months"),
        ("custody=yes", "custody"),
        ("usage=verify", "usage"),
        ("usage=bogus&usage=sign", "usage"),
        ("multi_region=1", "multi_region"),
        ("rotation=3000", "rotation"),
        ("kms_quota=-5", "kms_quota"),
    ];
    for (query, parameter) in cases {
        let (status, json) = app::get(&format!("/api/v1/advice?{query}")).into_json();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json["error"]["code"], "invalid_parameter", "{query}");
        assert_eq!(json["error"]["parameter"], parameter, "{query}");
        assert!(json["error"]["message"].as_str().unwrap().starts_with("expected "), "{query}: {json}");
    }
    let (_, json) = app::get("/api/v1/advice?region=mars-1").into_json();
    let message = json["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("expected one of us-east-1, us-east-2, us-west-1, us-west-2,"), "{message}");
    assert!(message.ends_with("sa-east-1, found \"mars-1\""), "{message}");
}

#[test]
fn unknown_parameters_are_ignored() {
    let (status, json) = app::get("/api/v1/advice?utm_source=wiki&x=%3Cscript%3E").into_json();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["recommendation"]["option"], "kms");
}

#[test]
fn the_page_is_rendered_on_the_server() {
    let (status, content_type, body) = app::get("/?dedicated=yes&integration=custom").into_parts();
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(body.contains("<h1>KMS vs CloudHSM Advisor</h1>"), "{body}");
    // In the document itself, not in a streamed chunk that only a script would move into place.
    let summary = body.find("Use AWS CloudHSM: your requirements call for dedicated HSMs").expect("the summary");
    assert!(summary < body.find("</main>").unwrap(), "{body}");
    assert!(body.contains("/pkg/kms-hsm-advisor.js"), "the page loads the hydration script");
    // Both charts, each described in numbers and offered as SVG and PNG.
    for chart in ["cost-vs-requests", "cost-over-time"] {
        // Only what is not at its default, then the rules.
        let query = "dedicated=yes&amp;integration=custom&amp;rules=";
        assert!(body.contains(&format!("src=\"/charts/{chart}.svg?{query}")), "{chart}: {body}");
        assert!(body.contains(&format!("href=\"/charts/{chart}.png?{query}")), "{chart}");
    }
    assert!(
            body.contains("alt=\"At 1,000,000 symmetric KMS requests a month, AWS KMS (ruled out) = KMS with imported key material (ruled out) = KMS with an external key store costs $12.94, KMS with a CloudHSM key store $2,144.54 and AWS CloudHSM $2,131.60"),
            "{body}"
        );
}

#[test]
fn a_bad_parameter_on_the_page_is_shown_escaped() {
    let (status, _, body) = app::get("/?keys=%3Cscript%3Ealert(1)%3C/script%3E").into_parts();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!body.contains("<script>alert(1)"), "input must be escaped");
    assert!(body.contains("keys: expected a whole number from 0 to 1,000,000, found"), "{body}");
}

#[test]
fn unknown_paths_are_404() {
    let (status, _, body) = app::get("/no/such/page").into_parts();
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"));
    // Names the file system refuses are no files of the site either.
    for path in [format!("/{}", "a".repeat(256)), format!("/pkg/{}.js", "a".repeat(300))] {
        assert_eq!(app::get(&path).into_parts().0, StatusCode::NOT_FOUND, "{path}");
    }
}

#[test]
fn the_form_uses_exactly_the_contract_names_and_the_urls_values() {
    let (status, _, body) = app::get("/").into_parts();
    assert_eq!(status, StatusCode::OK);
    let form = &body[body.find("<form").unwrap()..body.find("</form>").unwrap()];
    let start = "<form method=\"get\" action=\"/\" data-result=\"/result\" class=\"advisor\"";
    assert!(form.starts_with(start), "{}", &form[..80]);
    let mut names: Vec<&str> = form.split("name=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
    names.dedup();
    // An older parameter is asked as the newer one that replaces it; the rules a link was
    // made under are the link's, not an answer.
    let asked = |p: &&Parameter| p.replaced_by.is_none() && p.section != Section::Link;
    let mut expected: Vec<&str> = PARAMETERS.iter().filter(asked).map(|p| p.name).collect();
    expected.sort();
    names.sort();
    names.dedup();
    assert_eq!(names, expected);
    for question in ["q1", "q2", "q3", "q4", "q5"] {
        assert!(form.contains(&format!("<fieldset id=\"{question}\" class=\"question\"><legend>")), "{question}");
    }

    let (status, _, body) = app::get("/?fips=3&peak_ops=2500&region=eu-west-2&hsm_hourly=1.6&months=12").into_parts();
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"type="radio" name="fips" value="3" checked"#), "fips=3 is checked");
    assert!(body.contains(r#"name="peak_ops" value="2500""#));
    assert!(body.contains(r#"<option value="eu-west-2" selected>Europe (London) · eu-west-2 · KMS 20K/s</option>"#));
    assert!(body.contains(r#"name="hsm_hourly" value="1.6""#));
    assert!(body.contains("<th scope=\"col\">Over 12 months</th>"));
}

#[test]
fn every_malformed_parameter_on_the_page_is_a_400_with_the_message_at_its_field() {
    let cases = [
        ("fips=4", "fips", "expected one of none, 2, 3, found \"4\""),
        ("dedicated=maybe", "dedicated", "expected one of no, yes, found \"maybe\""),
        ("control=1", "control", "expected one of no, yes"),
        ("peak_ops=lots", "peak_ops", "expected a number from 0 to 100,000,000"),
        ("shardable=true", "shardable", "expected one of yes, no"),
        ("integration=azure", "integration", "expected one of aws, custom, both"),
        ("team=ops", "team", "expected one of managed, hsm"),
        ("keys=-1", "keys", "expected a whole number from 0 to 1,000,000"),
        ("requests=1e400", "requests", "expected a number from 0 to 10,000,000,000,000"),
        ("hsms=0", "hsms", "expected a whole number from 1 to 1,000"),
        ("region=mars-1", "region", "expected one of us-east-1,"),
        ("hsm_hourly=-2", "hsm_hourly", "expected a number from 0 to 1,000"),
        ("growth=-150", "growth", "expected a number from -100 to 100"),
        ("months=0", "months", "expected a whole number from 1 to 120"),
        ("custody=mine", "custody", "expected one of aws, imported, hsm, external"),
        ("usage=encrypt,sign,fly", "usage", "expected one or more of encrypt, sign, hmac, keypair"),
        ("multi_region=maybe", "multi_region", "expected one of no, yes"),
        ("rotation=30", "rotation", "expected a whole number from 90 to 2,560, or none"),
        ("kms_quota=0", "kms_quota", "expected a number from 1 to 100,000,000"),
    ];
    let rules = app::rules();
    for (query, parameter, message) in cases {
        // `control` is asked as `custody`, which replaces it: its message is at that field.
        let field = if parameter == "control" { "custody" } else { parameter };
        // A valid parameter beside the bad one is still read.
        let (valid, shown) = if parameter == "team" {
            ("keys=7", r#"name="keys" value="7""#)
        } else {
            ("team=hsm", r#"name="team" value="hsm" checked"#)
        };
        let (status, _, body) = app::get(&format!("/?{query}&{valid}")).into_parts();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        // Named by the field's label, as the reader sees it.
        let label = rules.parameter(field).unwrap().label.clone();
        let at_field = format!("<p id=\"{field}-error\" role=\"alert\" class=\"field-error\">{label}: {message}");
        assert!(body.contains(&at_field), "{query}: no {at_field:?}");
        assert!(body.contains(shown), "{query}");
        assert!(body.contains("id=\"recommendation\""), "{query}");
    }
}

#[test]
fn the_page_title_and_description_say_the_recommendation() {
    let (_, _, body) = app::get("/?integration=custom&team=hsm").into_parts();
    assert!(body.contains("<title>AWS CloudHSM — KMS vs CloudHSM Advisor</title>"), "{body}");
    assert!(body.contains(
            r#"<meta name="description" content="Use AWS CloudHSM: your applications call the HSM directly and your team already knows how to run one.">"#
        ));
    // Link previews show about 200 characters: a conflict's long summary is cut at a word.
    let (_, _, body) = app::get("/?custody=external&multi_region=yes&context=PCI%20card%20vault").into_parts();
    for name in [r#"name="description""#, r#"property="og:description""#, r#"name="twitter:description""#] {
        let at = body.find(name).unwrap_or_else(|| panic!("{name} in {body}"));
        let tag = &body[body[..at].rfind("<meta").unwrap()..at + body[at..].find('>').unwrap()];
        let content = tag.split("content=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(content.starts_with("PCI card vault. No AWS option meets every requirement."), "{content}");
        assert!(
            content.chars().count() <= 200 && content.ends_with('…'),
            "{} chars: {content}",
            content.chars().count()
        );
    }
}

/// The first screen's typical cases: each link is a valid state that the rules advise as its
/// words promise, and each carries its context.
#[test]
fn the_starting_points_open_the_states_they_name() {
    let (_, _, page) = app::get("/").into_parts();
    assert!(page.contains("<h2 id=\"starting-points-heading\">Start from a typical case</h2>"), "{page}");
    for point in kms_hsm_advisor::app::STARTING_POINTS {
        let href = format!("href=\"/?{}\"", point.query.replace('&', "&amp;"));
        assert!(page.contains(&href), "{}: {href}", point.title);
        let (status, json) = app::get(&format!("/api/v1/advice?{}", point.query)).into_json();
        assert_eq!(status, StatusCode::OK, "{}: {json}", point.title);
        assert_eq!(json["recommendation"]["option"], point.advised, "{}: {}", point.title, json["recommendation"]);
        assert!(json["inputs"]["context"].as_str().is_some_and(|c| !c.is_empty()), "{}", point.title);
    }
}

/// Where KMS requests are most of a sizeable bill, the setting that cuts them for whoever makes
/// them, and none that does not apply.
#[test]
fn request_charges_get_the_hint_that_applies() {
    let notes = |query: &str| -> Vec<String> {
        let (_, json) = app::get(&format!("/api/v1/advice?{query}")).into_json();
        json["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect()
    };
    let has = |notes: &[String], words: &str| notes.iter().any(|note| note.contains(words));
    let services = notes("integration=aws&requests=900M&keys=10");
    assert!(has(&services, "S3 Bucket Keys") && !has(&services, "data key caching"), "{services:?}");
    assert!(has(&services, "DynamoDB do not call KMS for every read and write"), "{services:?}");
    let own = notes("integration=custom&requests=900M&keys=10");
    assert!(has(&own, "data key caching") && !has(&own, "Bucket Keys"), "{own:?}");
    let both = notes("integration=both&requests=900M&keys=10");
    assert!(has(&both, "data key caching") && has(&both, "Bucket Keys"), "{both:?}");
    // A few dollars of requests, or a bill of keys: no hint.
    assert!(!has(&notes("requests=1M&keys=1"), "Bucket Keys"));
    assert!(!has(&notes("requests=10M&keys=3000"), "Bucket Keys"));
}

/// The external key store's figure says, where it stands, what it leaves out and where to enter
/// it; the Region's help promises only the prices the rules have.
#[test]
fn the_external_key_store_s_figure_says_what_it_leaves_out() {
    let note = "Leaves out your key manager and XKS proxy: enter their cost in “Your external key manager and proxy, USD a month”.";
    let (_, _, page) = app::get("/?custody=external").into_parts();
    assert!(page.contains(&format!("<span class=\"option-note\">{note}</span>")), "{page}");
    let (_, _, card) = app::get("/embed?custody=external").into_parts();
    assert!(card.contains(note), "{card}");
    let (_, _, entered) = app::get("/?custody=external&external_usd=900").into_parts();
    assert!(!entered.contains("option-note"), "{entered}");
    let (_, _, page) = app::get("/").into_parts();
    assert!(
        page.contains("only where AWS&#x27;s price list has been imported for the Region")
            || page.contains("only where AWS's price list has been imported for the Region"),
        "{page}"
    );
}

/// Break-even and capacity only between options that apply.
#[test]
fn break_even_and_capacity_are_shown_only_for_options_that_apply() {
    // S3 and RDS cannot use CloudHSM: no break-even against it, but the key store is sized.
    let (_, _, page) = app::get("/?requests=900000000").into_parts();
    assert!(page.contains("<p class=\"break-even\">No other option that meets the requirements costs the same as AWS KMS at any volume of symmetric requests"), "{page}");
    assert!(page.contains("<p class=\"capacity\">Capacity: "), "{page}");
    // Own code: KMS meets CloudHSM on symmetric requests.
    let (_, _, page) = app::get("/?integration=custom").into_parts();
    assert!(
        page.contains(
            "<p class=\"break-even\">AWS KMS and AWS CloudHSM cost the same at 707,220,000 symmetric requests"
        ),
        "{page}"
    );
    // Keys outside AWS need no HSM of ours: no capacity line.
    let (_, _, page) = app::get("/?custody=external").into_parts();
    assert!(!page.contains("class=\"capacity\""), "{page}");
    let (_, json) = app::get("/api/v1/advice?integration=custom&usage=sign&keys=4&asymmetric_requests=5M").into_json();
    assert_eq!(json["break_even"]["kind"], "asymmetric", "{json}");
    assert_eq!(json["break_even"]["between"], serde_json::json!(["kms", "cloudhsm"]));
    assert!(json["break_even"]["requests_per_month"].as_f64().unwrap() > 5e6);
    let (_, json) = app::get("/api/v1/advice").into_json();
    assert_eq!(json["break_even"], serde_json::Value::Null);
    assert!(json["break_even_requests_per_month"].as_f64().is_some(), "edition 2's field stays");
}

#[test]
fn the_rules_changes_are_a_page_and_json() {
    // The advisor page names its rules and links what changed in them.
    let (_, _, advisor) = app::get("/").into_parts();
    let named = format!("Decided by the rules of version {}. <a href=\"/rules/changes\">", app::rules().version);
    assert!(advisor.contains(&named), "{advisor}");
    let (status, content_type, page) = app::get("/rules/changes").into_parts();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/html; charset=utf-8");
    let version = app::rules().version;
    assert!(page.contains("<h1>What changed in the rules</h1>"), "{page}");
    assert!(page.contains(&format!("In force: {version}.")), "{page}");
    // Newest first, each version with its date.
    let newest = page.find(r#"<time datetime="2026-12-05">"#).unwrap();
    assert!(newest < page.find(r#"<time datetime="2026-11-29">"#).unwrap());
    let oldest = page.find(r#"<time datetime="2026-11-28">"#).unwrap();
    assert!(newest < oldest);
    assert!(page.contains("Encryption by AWS services (S3, EBS, RDS, DynamoDB) rules out CloudHSM used directly"));
    assert!(page.contains(
        "Touches parameters: integration; rules: aws-services-use-kms, services-still-need-kms; options: AWS CloudHSM."
    ));
    assert!(page.contains(r#"<a href="https://docs.aws.amazon.com/kms/latest/developerguide/service-integration.html" rel="noopener">AWS's page on it</a>"#));

    let (status, json) = app::get("/api/v1/rules/changes").into_json();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["in_force"], version.as_str());
    let versions = json["versions"].as_array().unwrap();
    assert_eq!(versions[0]["version"], version.as_str());
    assert_eq!(versions.last().unwrap()["version"], "2026.11.28");
    let edition_2 = versions.iter().find(|v| v["version"] == "2026.11.29").unwrap();
    let change = &edition_2["changes"][2];
    assert_eq!(change["options"], serde_json::json!(["cloudhsm"]));
    assert_eq!(change["parameters"], serde_json::json!(["integration"]));
    // The page's address gives the JSON to a client that asks for it, and says it varies.
    let reply = app::get_with(&app::APP, "/rules/changes", &[(header::ACCEPT, "application/json")]);
    assert_eq!(reply.header(header::CONTENT_TYPE), "application/json");
    assert_eq!(reply.json(), json);
    assert!(reply.headers.get_all(header::VARY).iter().any(|v| v == "accept"));
    let refused = [(header::ACCEPT, "application/json;q=0, text/html")];
    let reply = app::get_with(&app::APP, "/rules/changes", &refused);
    assert_eq!(reply.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
}

#[test]
fn a_link_made_under_other_rules_says_so_and_what_changed() {
    let old = "/?rules=2026.11.28&team=hsm&requests=1000000000";
    // The same state under the rules in force, asked first, is another document.
    let (_, _, current) = app::get("/?team=hsm&requests=1000000000").into_parts();
    assert!(!current.contains("rules-notice"));
    let (status, _, page) = app::get(old).into_parts();
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h2 id=\"rules-notice-heading\">Made under other rules</h2>"), "{page}");
    assert!(page.contains(
        "This link was made under the rules of version 2026.11.28 and is shown under version 2026.12.07: its \
             answer may differ from the one its author saw."
    ));
    // CloudHSM, which edition 1 advised here, is now ruled out: the answer then and the change
    // that changed it are named.
    assert!(
        page.contains(
            "<p class=\"was-advised\">Under the rules of version 2026.11.28 this state was advised AWS CloudHSM; now \
             AWS KMS. What changed: Encryption by AWS services (S3, EBS, RDS, DynamoDB) rules out CloudHSM used \
             directly"
        ),
        "{page}"
    );
    let (_, json) = app::get(&format!("/api/v1/advice{}", &old[1..])).into_json();
    let notice = &json["rules_notice"];
    assert_eq!(
        (notice["made_under"].as_str(), notice["shown_under"].as_str()),
        (Some("2026.11.28"), Some("2026.12.07"))
    );
    assert_eq!(notice["known"], true);
    assert_eq!(notice["was"]["option"], "cloudhsm");
    let (_, _, card) = app::get(&format!("/embed{}", &old[1..])).into_parts();
    assert!(
        card.contains("Made under rules 2026.11.28, which advised AWS CloudHSM; shown under 2026.12.07."),
        "{card}"
    );
    let (_, _, record) = app::get(&format!("/export/adr.md{}", &old[1..])).into_parts();
    assert!(record.contains("made under version 2026.11.28, which advised AWS CloudHSM"), "{record}");
    let changes = notice["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["rules"].as_array().unwrap().iter().any(|r| r == "aws-services-use-kms")));
    // Every change since 2026.11.28: those of every later version.
    let rules = app::rules();
    let later = rules.changes.iter().take_while(|version| version.version != "2026.11.28");
    let total: usize = later.map(|version| version.changes.len()).sum();
    assert_eq!(changes.len() + notice["others"].as_u64().unwrap() as usize, total);
    // The share link names the rules in force, and says nothing.
    assert!(json["share_url"].as_str().unwrap().ends_with("&rules=2026.12.07"));
    let (_, _, current) = app::get("/?rules=2026.12.07&team=hsm").into_parts();
    assert!(!current.contains("rules-notice"));
    // An embedding of the old link keeps its version; of a link without one, the version in force.
    let oembed =
        |url: &str| format!("/oembed?url={}", form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>());
    let (_, embedded) = app::get(&oembed("http://localhost/?rules=2026.11.28&team=hsm")).into_json();
    assert!(embedded["html"].as_str().unwrap().contains("&amp;rules=2026.11.28\""), "{embedded}");
    let (_, embedded) = app::get(&oembed("http://localhost/?team=hsm")).into_json();
    assert!(embedded["html"].as_str().unwrap().contains("&amp;rules=2026.12.07\""), "{embedded}");
    // The card says it in one line.
    let (_, _, card) = app::get("/embed?rules=2026.11.28&team=hsm").into_parts();
    assert!(card.contains("<p class=\"embed-rules-notice\">Made under rules 2026.11.28, shown under 2026.12.07: the answer may have changed. <a href=\"/rules/changes\""), "{card}");
    // A version these rules do not list, a deployer's own, gets a plain notice.
    let (_, _, unknown) = app::get("/?rules=acme-7").into_parts();
    assert!(unknown.contains(
        "This link names rules version acme-7, which these rules do not list; it is shown under version 2026.12.07."
    ));
    // The change behind the step that decided is named; one about a requirement that did not
    // rule anything out here is not.
    let whats = |json: &Value| -> Vec<String> {
        let changes = json["rules_notice"]["changes"].as_array().unwrap().clone();
        changes.iter().map(|c| c["what"].as_str().unwrap().to_string()).collect()
    };
    let (_, raised) = app::get("/api/v1/advice?peak_ops=150000&shardable=no&rules=2026.11.28").into_json();
    assert!(whats(&raised).iter().any(|w| w.starts_with("A raised KMS request quota can be entered")), "{raised}");
    let (_, encrypting) = app::get("/api/v1/advice?peak_ops=50000&shardable=no&rules=2026.11.28").into_json();
    assert!(whats(&encrypting).iter().all(|w| !w.starts_with("Keys that sign")), "{encrypting}");
    // The decision record says which rules decided.
    let (_, _, record) = app::get("/export/adr.md?rules=2026.11.28&team=hsm").into_parts();
    assert!(
        record.contains("* Rules: decided under version 2026.12.07; the link was made under version 2026.11.28"),
        "{record}"
    );
    // A version needs a letter or digit; a control character is shown escaped.
    let (status, json) = app::get("/api/v1/advice?rules=.").into_json();
    assert_eq!((status, json["error"]["parameter"].as_str()), (StatusCode::BAD_REQUEST, Some("rules")));
    let (_, _, page) = app::get("/?rules=%00").into_parts();
    assert!(
        page.contains("rules: expected a rules version") && page.contains("\\u{0}") && !page.contains('\0'),
        "the NUL is escaped"
    );
    // A malformed version is a bad parameter like any other.
    let (status, json) = app::get("/api/v1/advice?rules=2026%2011%2029").into_json();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json["error"]["parameter"], "rules");
    assert_eq!(
        json["error"]["message"],
        "expected a rules version like 2026.11.29: at most 40 letters, digits, dots, hyphens or underscores, found \"2026 11 29\""
    );
}

mod compare;

#[test]
fn the_context_heads_every_copy_escaped_and_bounded() {
    let words = "PCI card vault <script>x()</script> & \"FIPS 140-2 Level 3\"";
    let query = form_urlencoded::Serializer::new(String::new()).append_pair("context", words).finish();
    // In text, quotes need no escape; in an attribute they do.
    let escaped = "PCI card vault &lt;script&gt;x()&lt;/script&gt; &amp; \"FIPS 140-2 Level 3\"";
    let in_attribute = "PCI card vault &lt;script&gt;x()&lt;/script&gt; &amp; &quot;FIPS 140-2 Level 3&quot;";
    let (status, _, page) = app::get(&format!("/?{query}")).into_parts();
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("<script>x()"), "{page}");
    assert!(page.contains(&format!("<title>AWS KMS: {escaped} — KMS vs CloudHSM Advisor</title>")), "{page}");
    assert!(page.contains(&format!("<meta name=\"description\" content=\"{in_attribute}. Use AWS KMS")), "{page}");
    assert!(page.contains(&format!("<p class=\"context\">{escaped}</p>")), "{page}");
    // No maxlength: a browser would cut a longer paste mid-word without a word; the server says.
    assert!(!page.contains("maxlength"), "{page}");
    let (_, _, card) = app::get(&format!("/embed?{query}")).into_parts();
    assert!(card.contains(&format!("<p class=\"context\">{escaped}</p>")), "{card}");
    // The card carries the answers behind it, the day it was computed and the rules.
    let today = app::TODAY;
    let version = app::rules().version;
    assert!(card.contains(&format!("<p class=\"computed\">Computed {today} under rules {version}</p>")), "{card}");
    assert!(card.contains("<dt>Compliance mandate</dt><dd>FIPS 140 level required: No level is named;"), "{card}");
    let (_, _, record) = app::get(&format!("/export/adr.md?{query}")).into_parts();
    assert!(
        record.contains(
            "About this decision, in our words: PCI card vault \\<script>x()\\</script> & \"FIPS 140-2 Level 3\"\n"
        ),
        "{record}"
    );
    // The share link carries it, one line: white space runs become one space.
    let (_, json) = app::get("/api/v1/advice?context=two%0Alines%09here").into_json();
    assert_eq!(json["inputs"]["context"], "two lines here");
    assert!(
        json["share_url"].as_str().unwrap().contains("&context=two+lines+here&service_share=50&interface=kms_api&"),
        "{json}"
    );
    // At most 500 characters; control characters are refused.
    let (status, _) = app::get(&format!("/api/v1/advice?context={}", "x".repeat(500))).into_json();
    assert_eq!(status, StatusCode::OK);
    // A right-to-left override would make the words display other than they read.
    for bad in ["x".repeat(501), "a%00b".to_string(), "a%E2%80%AEb".to_string()] {
        let (status, json) = app::get(&format!("/api/v1/advice?context={bad}")).into_json();
        assert_eq!((status, json["error"]["parameter"].as_str()), (StatusCode::BAD_REQUEST, Some("context")));
    }
    let (status, _, page) = app::get(&format!("/?context={}", "é".repeat(501))).into_parts();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("context: expected text of at most 500 characters; found 501: shorten it"), "{page}");
    let (_, json) = app::get("/api/v1/advice?context=a%E2%80%AEb").into_json();
    assert!(json["error"]["message"].as_str().unwrap().contains("bidirectional override"), "{json}");
}

#[test]
fn a_link_unfurls_with_the_recommendation_and_the_exports_are_in_reach() {
    let (_, _, page) = app::get("/?dedicated=yes&integration=custom&keys=3").into_parts();
    let (_, advice) = app::get("/api/v1/advice?dedicated=yes&integration=custom&keys=3").into_json();
    let query = advice["share_url"].as_str().unwrap().trim_start_matches("/?").replace('&', "&amp;");
    let title = "AWS CloudHSM — KMS vs CloudHSM Advisor";
    for tag in [
        format!("<meta content=\"{title}\" property=\"og:title\">"),
        format!("<meta name=\"twitter:title\" content=\"{title}\">"),
        "<meta content=\"summary_large_image\" property=\"twitter:card\">".to_string(),
        format!("<meta content=\"http://localhost/?{query}\" property=\"og:url\">"),
        format!(
            "<meta content=\"http://localhost/charts/cost-vs-requests.png?{query}&amp;theme=light&amp;width=1200&amp;\
                 height=630\" property=\"og:image\">"
        ),
    ] {
        let tag = tag.replace(
            "content=\"summary_large_image\" property=\"twitter:card\"",
            "name=\"twitter:card\" content=\"summary_large_image\"",
        );
        assert!(page.contains(&tag), "{tag} in {page}");
    }
    assert!(page.contains("property=\"og:description\"") && page.contains("Use AWS CloudHSM"), "{page}");
    // The picture is there to be fetched, at the size announced.
    let image = app::get_with(
        &app::APP,
        &format!("/charts/cost-vs-requests.png?{}&theme=light&width=1200&height=630", query.replace("&amp;", "&")),
        &[],
    );
    assert_eq!((image.status, image.header(header::CONTENT_TYPE)), (StatusCode::OK, "image/png"));
    // The record, the costs and the JSON sit next to the share link; the card links the record.
    for (href, words) in [
        (format!("/export/adr.md?{query}"), "Download decision record (.md)"),
        (format!("/export/costs.csv?{query}"), "Download costs (.csv)"),
    ] {
        assert!(page.contains(&format!("<a href=\"{href}\" download>{words}</a>")), "{href}");
    }
    assert!(page.contains(&format!("<a href=\"/api/v1/advice?{query}\">JSON</a>")));
    let (_, _, card) = app::get("/embed?dedicated=yes&integration=custom&keys=3").into_parts();
    assert!(
        card.contains(&format!(
            "<a href=\"/export/adr.md?{query}\" target=\"_blank\" rel=\"noopener\" download>Decision record (.md)</a>"
        )),
        "{card}"
    );
}

/// Rules 2026.12.05: an interface KMS lacks sends your code to CloudHSM, with the KMS options
/// ruled out and AWS's page; payment keys get AWS Payment Cryptography with its bill, on the page,
/// the card and in the decision record, and a flip to the advice for the other keys.
#[test]
fn interfaces_and_payment_keys_are_decided_and_shown_where_they_apply() {
    let (_, oracle) = app::get("/api/v1/advice?interface=pkcs11&integration=custom&team=managed").into_json();
    assert_eq!(oracle["recommendation"]["option"], "cloudhsm");
    assert_eq!(oracle["recommendation"]["rule"], "hsm-interface");
    for option in ["kms", "kms_imported", "custom_key_store", "external_key_store"] {
        let block = &oracle["blocked"][option][0];
        assert_eq!(block["requirement"], "interface-not-in-kms", "{option}");
        assert!(block["because"].as_str().unwrap().contains("through PKCS#11"), "{block}");
        assert!(block["source"].as_str().unwrap().starts_with("https://docs.aws.amazon.com/cloudhsm/"), "{block}");
    }
    // With AWS services only, the interface is not asked: the answer is KMS, as before.
    let (_, services) = app::get("/api/v1/advice?interface=pkcs11&integration=aws").into_json();
    assert_eq!(services["recommendation"]["option"], "kms");
    // Old links keep their answers: a link without the new parameters is read with their defaults.
    let (_, old) = app::get("/api/v1/advice?integration=custom&team=hsm&rules=2026.12.04").into_json();
    assert_eq!(old["recommendation"]["rule"], "custom-crypto-team");
    assert_eq!(old["inputs"]["interface"], serde_json::json!(["kms_api"]));

    let payment = "payment_requests=20000000&keys=50&peak_ops=300";
    let (_, json) = app::get(&format!("/api/v1/advice?{payment}")).into_json();
    assert_eq!(json["recommendation"]["option"], "payment_cryptography");
    assert_eq!(json["inputs"]["usage"], serde_json::json!(["payment"]), "payment requests make payment keys");
    let lines = json["costs"]["breakdown"]["payment_cryptography"].as_array().unwrap();
    let usd: Vec<(&str, f64)> =
        lines.iter().map(|l| (l["item"].as_str().unwrap(), l["usd"].as_f64().unwrap())).collect();
    assert_eq!(usd, [("payment_keys", 50.0), ("payment_requests", 4000.0)]);
    // The other keys are a second decision, one flip away: the same link without payment.
    let flips = json["flips"].as_array().unwrap();
    let other = flips.iter().find(|f| f["parameter"] == "usage" && f["value"] == "encrypt").expect("a flip");
    assert_eq!(other["option"], "kms");
    let link = other["share_url"].as_str().unwrap();
    assert!(link.contains("&usage=encrypt&") && link.contains("&payment_requests=0&"), "{link}");
    let (_, data) = app::get(&format!("/api/v1/advice?{}", &link[2..])).into_json();
    assert_eq!((data["recommendation"]["option"].as_str(), data["share_url"].as_str()), (Some("kms"), Some(link)));
    // No flip adds other uses to payment keys: that would be neither decision.
    assert!(
        flips.iter().all(|f| f["parameter"] != "usage" || !f["value"].as_str().unwrap().contains(',')),
        "{flips:?}"
    );

    // The page, the card and the record name the sixth option where it applies, and only there.
    let (_, _, page) = app::get(&format!("/?{payment}")).into_parts();
    assert!(page.contains(r#"<tr data-option="payment_cryptography">"#), "{page}");
    assert!(page.contains("AWS Payment Cryptography"));
    let (_, _, default_page) = app::get("/").into_parts();
    assert!(!default_page.contains(r#"data-option="payment_cryptography""#));
    let (_, _, card) = app::get(&format!("/embed?{payment}")).into_parts();
    assert!(card.contains("AWS Payment Cryptography"), "{card}");
    let (_, _, record) = app::get(&format!("/export/adr.md?{payment}")).into_parts();
    assert!(record.starts_with("# Hold our encryption keys in AWS Payment Cryptography"), "{record}");
    assert!(record.contains("\n### AWS Payment Cryptography\n"), "{record}");
    assert!(record.contains("used directly, or, for payment functions, in AWS Payment Cryptography?"), "{record}");
    assert!(record.contains("What the keys must do: Payment functions"), "{record}");
    let (_, _, kms_record) = app::get("/export/adr.md?interface=jce&integration=both").into_parts();
    assert!(!kms_record.contains("### AWS Payment Cryptography"), "{kms_record}");
    assert!(!kms_record.contains("for payment functions, in AWS Payment Cryptography"), "{kms_record}");
    assert!(kms_record.contains("How our code calls the keys: "), "{kms_record}");
}
