//! `/compare`, its JSON, chart and decision record: two states side by side.

use axum::http::{StatusCode, header};
use serde_json::Value;

use super::app;

/// A comparison's query of two states' query strings.
fn pair(a: &str, b: &str) -> String {
    form_urlencoded::Serializer::new(String::new()).append_pair("a", a).append_pair("b", b).finish()
}

fn parameters(json: &Value) -> Vec<&str> {
    json["differences"]["answers"].as_array().unwrap().iter().map(|d| d["parameter"].as_str().unwrap()).collect()
}

#[test]
fn equal_states_compare_as_the_same() {
    let query = pair("keys=3", "keys=3");
    let (status, _, page) = app::get(&format!("/compare?{query}")).into_parts();
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h2 id=\"comparison\" data-announce=\"Comparison updated\">A: AWS KMS · B: AWS KMS</h2>"));
    assert!(page.contains("None: the two states give the same answers."));
    assert!(!page.contains("class=\"differs\""), "nothing is marked as differing");
    let (status, json) = app::get(&format!("/api/v1/compare?{query}")).into_json();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["differences"]["answers"], serde_json::json!([]));
    assert_eq!(
        (&json["differences"]["recommendation"], &json["differences"]["rule"]),
        (&Value::Bool(false), &Value::Bool(false))
    );
    assert_eq!(json["a"]["recommendation"], json["b"]["recommendation"]);
    assert_eq!(json["differences"]["costs"].as_array().unwrap().len(), advisor_core::costs::KeyOption::ALL.len());
}

#[test]
fn states_that_differ_in_one_answer_or_many_show_what_differs() {
    let one = pair("keys=3", "keys=3&dedicated=yes&integration=custom");
    let (_, json) = app::get(&format!("/api/v1/compare?{one}")).into_json();
    assert_eq!(parameters(&json), ["dedicated", "integration"]);
    assert_eq!(json["differences"]["recommendation"], true);
    assert_eq!(
        (json["a"]["recommendation"]["option"].as_str(), json["b"]["recommendation"]["option"].as_str()),
        (Some("kms"), Some("cloudhsm"))
    );
    let kms = &json["differences"]["costs"][0];
    assert_eq!(kms["option"], "kms");
    assert_eq!(kms["monthly_usd"]["difference"], 0.0);
    let cloudhsm_blocked: Vec<&Value> = json["differences"]["blocked"].as_array().unwrap().iter().collect();
    assert!(
        cloudhsm_blocked
            .iter()
            .any(|d| d["option"] == "kms" && d["a"] == serde_json::json!([]) && d["b"].as_array().unwrap().len() == 1),
        "{json}"
    );
    // Only answers changed, so every option's B − A is zero; the choices' difference is not.
    let choice = &json["differences"]["choice"];
    assert_eq!((choice["a"].as_str(), choice["b"].as_str()), (Some("kms"), Some("cloudhsm")), "{json}");
    let (kms_a, cloudhsm_b) =
        (&json["a"]["costs"]["monthly_usd"]["kms"], &json["b"]["costs"]["monthly_usd"]["cloudhsm"]);
    assert_eq!((&choice["monthly_usd"]["a"], &choice["monthly_usd"]["b"]), (kms_a, cloudhsm_b));
    let difference = choice["monthly_usd"]["difference"].as_f64().unwrap();
    assert!((difference - (cloudhsm_b.as_f64().unwrap() - kms_a.as_f64().unwrap())).abs() < 0.006, "{choice}");
    let (_, _, page) = app::get(&format!("/compare?{one}")).into_parts();
    assert!(page.contains("The recommendation changes from AWS KMS in A to AWS CloudHSM in B."), "{page}");
    // The choices' difference comes right after the summary, before the two states.
    let sentence =
        page.find("<p class=\"choice-difference\">B's choice, AWS CloudHSM, costs $2,").unwrap_or(usize::MAX);
    assert!(sentence < page.find("class=\"sides\"").unwrap(), "{page}");
    assert!(page.contains("<tr data-parameter=\"dedicated\" class=\"differs\"><th scope=\"row\">Dedicated HSM hardware mandated</th><td>No</td><td>Yes, single-tenant HSMs</td></tr>"), "{page}");
    // Differences are marked in words, not by colour alone.
    assert!(page.contains("<span class=\"differs-mark\"> Differs</span>"));
    assert!(page.contains("AWS CloudHSM<span class=\"marks\"> (recommended in B, ruled out in A)</span>"), "{page}");
    assert!(page.contains("AWS KMS<span class=\"marks\"> (recommended in A, ruled out in B)</span>"), "{page}");
    // B's form holds B's answers and carries A as its link has it, so one page serves every
    // way of writing A (a pasted link's address and fragment are not repeated to others).
    let (_, a) = app::get("/api/v1/advice?keys=3").into_json();
    let a_query = a["share_url"].as_str().unwrap().trim_start_matches("/?").replace('&', "&amp;");
    assert!(page.contains(&format!("<input type=\"hidden\" name=\"a\" value=\"{a_query}\">")), "{page}");
    let (_, _, pasted) = app::get(&format!(
        "/compare?{}",
        pair("https://intranet.example/?keys=3#secret", "keys=3&dedicated=yes&integration=custom")
    ))
    .into_parts();
    assert!(!pasted.contains("intranet") && !pasted.contains("secret"), "{pasted}");
    assert!(page.contains("name=\"dedicated\" value=\"yes\" checked"), "{page}");

    let many = pair("keys=3", "keys=3&fips=3&dedicated=yes&integration=custom&region=eu-west-1&months=12");
    let (_, json) = app::get(&format!("/api/v1/compare?{many}")).into_json();
    assert_eq!(parameters(&json), ["fips", "dedicated", "integration", "region", "months"]);
    let (_, _, page) = app::get(&format!("/compare?{many}")).into_parts();
    assert!(
        page.contains("<th scope=\"col\">A, over 36 months</th><th scope=\"col\">B, over 12 months</th>"),
        "{page}"
    );
    assert!(page.contains("<td>US East (N. Virginia) (us-east-1)</td><td>Europe (Ireland) (eu-west-1)</td>"), "{page}");
    assert!(page.contains("/compare/cost-over-time.svg?a="), "the chart is the comparison's");
    // Swapping gives B's recommendation as A's.
    let swap = page.split("href=\"/compare?").find(|part| part.contains(">Swap A and B<")).unwrap();
    let swapped = swap.split('"').next().unwrap().replace("&amp;", "&");
    let (_, json) = app::get(&format!("/api/v1/compare?{swapped}")).into_json();
    assert_eq!(json["a"]["recommendation"]["option"], "cloudhsm");

    // A state that leaves no option: no rule decided, and the changes that would leave one
    // are offered instead.
    let (_, _, page) =
        app::get(&format!("/compare?{}", pair("keys=3", "dedicated=yes&integration=aws&usage=sign"))).into_parts();
    assert!(page.contains("The recommendation changes from AWS KMS in A to no option in B."), "{page}");
    let b_side = page.split("data-side=\"b\"").nth(1).unwrap().split("</article>").next().unwrap();
    assert!(!b_side.contains("Decided by"), "{b_side}");
    assert!(b_side.contains("<ul class=\"ways-out\"><li><a href=\"/?"), "{b_side}");
    // Each side's answers are there in words, folded away.
    assert!(
        page.contains("<summary>A's answers</summary><dl class=\"answer-summary\"><dt>Compliance mandate</dt>"),
        "{page}"
    );
    let (_, _, one) = app::get(&format!("/compare?{}", pair("keys=3", "keys=4"))).into_parts();
    assert!(one.contains("Both states lead to AWS KMS; 1 of their answers differs."), "{one}");
}

#[test]
fn the_share_link_reproduces_the_comparison_and_the_advisor_offers_one() {
    let (_, json) = app::get(&format!(
        "/api/v1/compare?{}",
        pair("team=hsm", "https://wiki.example/?team=hsm&integration=custom#x")
    ))
    .into_json();
    let share = json["share_url"].as_str().unwrap();
    let version = app::rules().version;
    assert!(share.starts_with("/compare?a=") && share.ends_with(&format!("%26rules%3D{version}")), "{share}");
    let (_, again) = app::get(&share.replace("/compare?", "/api/v1/compare?")).into_json();
    assert_eq!(again["differences"], json["differences"]);
    assert_eq!(again["share_url"], json["share_url"]);
    // The advisor page opens a comparison of its state with itself.
    let (_, _, page) = app::get("/?keys=7").into_parts();
    let (_, advice) = app::get("/api/v1/advice?keys=7").into_json();
    let query = advice["share_url"].as_str().unwrap().trim_start_matches("/?");
    let href = format!("/compare?{}", pair(query, query)).replace('&', "&amp;");
    assert!(page.contains(&format!("<a href=\"{href}\">Compare with another answer</a>")), "{page}");
}

#[test]
fn the_form_without_scripts_is_sent_on_to_the_comparison_link() {
    let reply = app::get_with(&app::APP, "/compare?a=keys%3D3&fips=3&hsm_hourly=&dedicated=no", &[]);
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header(header::LOCATION), format!("/compare?{}", pair("keys=3", "fips=3&dedicated=no")));
    // With `b` given, fields beside it are no form: `b` is B, for the page and the API.
    let given = format!("/compare?{}&rules=2026.11.28&keys=9", pair("keys=3", "keys=3&fips=3"));
    let reply = app::get_with(&app::APP, &given, &[]);
    assert_eq!(reply.status, StatusCode::OK);
    let (_, json) = app::get(&given.replace("/compare?", "/api/v1/compare?")).into_json();
    assert_eq!((json["b"]["inputs"]["fips"].as_str(), json["b"]["inputs"]["keys"].as_u64()), (Some("3"), Some(3)));
}

#[test]
fn a_malformed_state_or_parameter_is_a_400_naming_both() {
    let cases = [
        (pair("keys=lots", "keys=1"), "a", Some("keys")),
        (pair("keys=1", "months=0"), "b", Some("months")),
        // Encoded twice, the state reads as no parameter at all.
        ("a=fips%253D3&b=keys%3D1".to_string(), "a", None),
        (pair("keys=1", "<script>alert(1)</script>"), "b", None),
    ];
    for (query, state, inner) in cases {
        let (status, json) = app::get(&format!("/api/v1/compare?{query}")).into_json();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json["error"]["code"], "invalid_parameter");
        assert_eq!(json["error"]["parameter"], state, "{json}");
        assert_eq!(json["error"]["inner_parameter"].as_str(), inner, "{json}");
        assert!(json["error"]["message"].as_str().unwrap().starts_with(&format!("{state}: ")), "{json}");
        for path in ["/compare/adr.md", "/compare/cost-over-time.svg"] {
            let reply = app::get_with(&app::APP, &format!("{path}?{query}"), &[]);
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}?{query}");
        }
    }
    // The page shows the message beside B's field, compares the rest, and echoes nothing raw.
    let (status, _, page) = app::get(&format!("/compare?{}", pair("keys=1", "months=0&fips=3"))).into_parts();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("aria-describedby=\"months-help months-error\" aria-invalid=\"true\""), "{page}");
    assert!(page.contains("<li data-parameter=\"b: months\">b: months: expected"), "{page}");
    let (status, _, page) = app::get(&format!("/compare?{}", pair("<script>alert(1)</script>", "keys=1"))).into_parts();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("found \"&lt;script&gt;alert(1)&lt;/script&gt;\""), "{page}");
}

#[test]
fn the_chart_and_the_record_of_a_comparison() {
    let query = pair("keys=3", "keys=3&dedicated=yes&integration=custom");
    let svg = app::get_with(&app::APP, &format!("/compare/cost-over-time.svg?{query}&theme=dark"), &[]);
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.header(header::CONTENT_TYPE), "image/svg+xml; charset=utf-8");
    let text = svg.text();
    assert!(
        text.contains(
            "<desc id=\"chart-desc\">In A, AWS KMS comes to $213.84 after 36 months. In B, AWS CloudHSM comes to"
        ),
        "{text}"
    );
    assert!(text.contains("\nA: AWS KMS\n") && text.contains("\nB: AWS CloudHSM\n"), "both lines are in the legend");
    let etag = svg.header(header::ETAG).to_string();
    let again = app::get_with(
        &app::APP,
        &format!("/compare/cost-over-time.svg?{query}&theme=dark"),
        &[(header::IF_NONE_MATCH, &etag)],
    );
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let png = app::get_with(&app::APP, &format!("/compare/cost-over-time.png?{query}&width=640&height=360"), &[]);
    assert_eq!((png.status, png.header(header::CONTENT_TYPE)), (StatusCode::OK, "image/png"));
    assert!(png.body.starts_with(b"\x89PNG"));
    let (status, json) = app::get(&format!("/compare/cost-over-time.gif?{query}")).into_json();
    assert_eq!((status, json["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));

    let record = app::get_with(&app::APP, &format!("/compare/adr.md?{query}"), &[]);
    assert_eq!(record.status, StatusCode::OK);
    assert_eq!(record.header(header::CONTENT_TYPE), "text/markdown; charset=utf-8");
    let today = app::TODAY;
    assert_eq!(
        record.header(header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"{today}-compare-kms-with-cloudhsm.md\"")
    );
    let md = record.text();
    assert!(md.starts_with("# Choose between two variants of how we hold our encryption keys\n"), "{md}");
    assert!(
        md.contains("* Variant A: AWS KMS, $5.94 a month")
            && md.contains("* Variant B: AWS CloudHSM, $2,131.60 a month"),
        "{md}"
    );
    assert!(md.contains("* [This comparison in the KMS vs CloudHSM Advisor](<http://localhost/compare?a="), "{md}");
}

#[test]
fn a_state_made_under_other_rules_says_so_on_its_side() {
    let (status, _, page) =
        app::get(&format!("/compare?{}", pair("rules=2026.11.28&team=hsm", "team=hsm"))).into_parts();
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("A's link was made under the rules of version 2026.11.28; it is shown under version 2026.12.07."),
        "{page}"
    );
    assert!(!page.contains("B's link was made"), "{page}");
}
