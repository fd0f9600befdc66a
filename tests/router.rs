//! Router tests: the real route table, called without a socket.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use kms_hsm_advisor::server::{AppState, router, rules_dir};
use leptos::prelude::LeptosOptions;
use serde_json::Value;
use tower::ServiceExt;

fn app() -> axum::Router {
    let rules = rules_dir::load(std::path::Path::new("rules")).expect("the shipped rules are valid");
    let options = LeptosOptions::builder().output_name("kms-hsm-advisor").build();
    router(AppState::new(options, rules))
}

async fn get(uri: &str) -> (StatusCode, String, String) {
    let response = app().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let content_type =
        response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, String::from_utf8(body.to_vec()).unwrap())
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    let (status, content_type, body) = get(uri).await;
    assert_eq!(content_type, "application/json", "{uri}");
    (status, serde_json::from_str(&body).unwrap())
}

#[tokio::test]
async fn healthz_answers() {
    let (status, _, body) = get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn advice_matches_the_design_example() {
    let (status, json) = get_json("/api/v1/advice?keys=1&requests=1000000").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["recommendation"]["option"], "kms");
    assert_eq!(json["recommendation"]["rule"], "default-kms");
    assert!(json["recommendation"]["summary"].as_str().unwrap().starts_with("Use AWS KMS"));
    assert_eq!(json["costs"]["monthly_usd"]["kms"], 3.94);
    assert_eq!(json["costs"]["monthly_usd"]["cloudhsm"], 2131.6);
    assert_eq!(json["costs"]["monthly_usd"]["custom_key_store"], 2135.54);
    assert_eq!(json["break_even_requests_per_month"], 710_220_000.0);
    let trace = json["trace"].as_array().unwrap();
    assert_eq!(trace.len(), 7);
    assert_eq!(trace[0]["rule"], "dedicated-hardware");
    assert_eq!(trace[0]["question"], "q1");
    assert_eq!(trace[0]["matched"], false);
    assert!(trace[0]["because"].as_str().unwrap().starts_with("Does not apply"));
    assert!(json["notes"].as_array().unwrap().is_empty());
    assert_eq!(json["inputs"]["keys"], 1);
    assert_eq!(json["inputs"]["fips"], "none");
    assert_eq!(
        json["share_url"],
        "/?fips=none&dedicated=no&control=no&peak_ops=100&shardable=yes&integration=aws&team=managed\
         &keys=1&requests=1000000&hsms=2&region=us-east-1&growth=0&months=36"
    );
    assert_eq!(json["ruleset"]["version"], "2026.11.28");
    assert_eq!(json["ruleset"]["sha256"].as_str().unwrap().len(), 64);
}

#[tokio::test]
async fn the_share_url_reproduces_the_same_advice() {
    let (_, first) = get_json("/api/v1/advice?dedicated=yes&peak_ops=2500&region=eu-west-2&keys=3").await;
    let share = first["share_url"].as_str().unwrap();
    let (_, again) = get_json(&format!("/api/v1/advice{}", &share[1..])).await;
    assert_eq!(first, again);
    assert_eq!(again["recommendation"]["option"], "custom_key_store");
}

#[tokio::test]
async fn every_malformed_parameter_is_a_400_naming_it() {
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
    ];
    for (query, parameter) in cases {
        let (status, json) = get_json(&format!("/api/v1/advice?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json["error"]["code"], "invalid_parameter", "{query}");
        assert_eq!(json["error"]["parameter"], parameter, "{query}");
        assert!(json["error"]["message"].as_str().unwrap().starts_with("expected "), "{query}: {json}");
    }
    let (_, json) = get_json("/api/v1/advice?region=mars-1").await;
    let message = json["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("expected one of us-east-1, us-east-2, us-west-1, us-west-2,"), "{message}");
    assert!(message.ends_with("sa-east-1, found \"mars-1\""), "{message}");
}

#[tokio::test]
async fn unknown_parameters_are_ignored() {
    let (status, json) = get_json("/api/v1/advice?utm_source=wiki&x=%3Cscript%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["recommendation"]["option"], "kms");
}

#[tokio::test]
async fn the_page_is_rendered_on_the_server() {
    let (status, content_type, body) = get("/?dedicated=yes&integration=custom").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(body.contains("<h1>KMS vs CloudHSM Advisor</h1>"), "{body}");
    // In the document itself, not in a streamed chunk that only a script would move into place.
    let summary = body.find("Use AWS CloudHSM: your requirements call for dedicated HSMs").expect("the summary");
    assert!(summary < body.find("</main>").unwrap(), "{body}");
    assert!(body.contains("/pkg/kms-hsm-advisor.js"), "the page loads the hydration script");
    // Both charts, each described in numbers and offered as SVG and PNG.
    for chart in ["cost-vs-requests", "cost-over-time"] {
        assert!(body.contains(&format!("src=\"/charts/{chart}.svg?fips=none&amp;dedicated=yes")), "{chart}: {body}");
        assert!(body.contains(&format!("href=\"/charts/{chart}.png?fips=none&amp;dedicated=yes")), "{chart}");
    }
    assert!(
        body.contains("alt=\"At 1,000,000 KMS requests a month, AWS KMS costs $12.94, AWS CloudHSM $2,131.60"),
        "{body}"
    );
}

#[tokio::test]
async fn a_bad_parameter_on_the_page_is_shown_escaped() {
    let (status, _, body) = get("/?keys=%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("<script>alert(1)"), "input must be escaped");
    assert!(body.contains("keys: expected a whole number from 0 to 1,000,000, found"), "{body}");
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let (status, _, body) = get("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"));
}
