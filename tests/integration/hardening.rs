//! What every response carries and every request must meet, through the real router: security
//! headers on every kind of response (errors included), the query limit, compression.

use crate::support::app;

use app::Reply;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use kms_hsm_advisor::server::{MAX_QUERY_BYTES, ResponsePolicy, router};

/// With HSTS on, as a deployment behind TLS would have it.
static APP: std::sync::LazyLock<axum::Router> = std::sync::LazyLock::new(|| {
    let policy = ResponsePolicy { hsts_max_age: Some(31_536_000), ..ResponsePolicy::default() };
    router(app::state().with_policy(policy))
});

fn header<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply.headers.get(name).map_or("", |value| value.to_str().unwrap())
}

/// Every kind of response: pages, the 404 page, JSON and its errors, charts and 304s, exports,
/// the embed card, oEmbed, static files, the health check, the 414.
fn every_kind_of_response() -> Vec<(String, Reply)> {
    let long_query = format!("/?keys={}", "1".repeat(MAX_QUERY_BYTES));
    let chart = app::get_with(&APP, "/charts/cost-vs-requests.svg?keys=3", &[]);
    let etag = header(&chart, "etag").to_string();
    let not_modified = app::call(
        &APP,
        Request::get("/charts/cost-vs-requests.svg?keys=3").header("if-none-match", etag).body(Body::empty()).unwrap(),
    );
    let mut replies: Vec<(String, Reply)> = [
        "/?keys=3",
        "/?keys=lots",
        "/no/such/page",
        "/api/v1/advice",
        "/api/v1/advice?months=0",
        "/charts/cost-vs-requests.png?width=320&height=320",
        "/charts/nope.svg",
        "/export/costs.csv",
        "/export/adr.md?fips=bogus",
        "/embed?keys=3",
        "/oembed?url=http%3A%2F%2Fexample.org%2F",
        "/favicon.png",
        "/healthz",
        &long_query,
    ]
    .into_iter()
    .map(|uri| (uri.chars().take(60).collect(), app::get_with(&APP, uri, &[])))
    .collect();
    replies.push(("chart".into(), chart));
    replies.push(("304".into(), not_modified));
    replies
}

#[test]
fn every_response_carries_the_security_headers() {
    let replies = every_kind_of_response();
    let statuses: Vec<u16> = replies.iter().map(|(_, reply)| reply.status.as_u16()).collect();
    for expected in [200, 304, 400, 404, 414] {
        assert!(statuses.contains(&expected), "no {expected} among {statuses:?}");
    }
    for (uri, reply) in &replies {
        assert_eq!(header(reply, "x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(header(reply, "referrer-policy"), "strict-origin-when-cross-origin", "{uri}");
        assert!(header(reply, "permissions-policy").contains("camera=()"), "{uri}");
        assert_eq!(header(reply, "strict-transport-security"), "max-age=31536000; includeSubDomains", "{uri}");
        let policy = header(reply, "content-security-policy");
        for directive in
            ["default-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]
        {
            assert!(policy.split("; ").any(|d| d == directive), "{uri}: {directive} missing from {policy}");
        }
        let scripts = policy.split("; ").find(|d| d.starts_with("script-src ")).unwrap_or_default();
        assert!(scripts.contains("'self'") && scripts.contains("'wasm-unsafe-eval'"), "{uri}: {scripts}");
        let sources: Vec<&str> = policy.split([' ', ';']).collect();
        assert!(!sources.contains(&"'unsafe-inline'") && !sources.contains(&"'unsafe-eval'"), "{uri}: {policy}");
        assert!(reply.headers.get("x-frame-options").is_none(), "{uri}");
    }
}

#[test]
fn the_page_s_inline_scripts_are_the_ones_its_policy_allows_by_hash() {
    use base64::Engine;
    use sha2::Digest;
    let page = app::get_with(&APP, "/?keys=3", &[]);
    let policy = header(&page, "content-security-policy");
    let html = String::from_utf8(page.body.clone()).unwrap();
    let inline: Vec<&str> = html
        .split("<script")
        .skip(1)
        .filter_map(|script| {
            let body = &script[script.find('>')? + 1..];
            Some(&body[..body.find("</script>")?])
        })
        .filter(|body| !body.is_empty())
        .collect();
    assert!(!inline.is_empty(), "the island's loader is inline");
    for body in inline {
        let digest = sha2::Sha256::digest(body.as_bytes());
        let source = format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest));
        assert!(policy.contains(&source), "{source} missing from {policy}");
    }
    assert!(!html.contains("nonce="), "no nonces: a state's page is the same bytes every time");
    assert_eq!(
        header(&app::get_with(&APP, "/?keys=4", &[]), "content-security-policy"),
        policy,
        "one policy for every page"
    );
}

#[test]
fn an_over_long_query_string_answers_414_naming_the_limit() {
    let at_limit = format!("/api/v1/advice?keys=3&pad={}", "x".repeat(MAX_QUERY_BYTES - "keys=3&pad=".len()));
    assert_eq!(app::get_with(&APP, &at_limit, &[]).status, StatusCode::OK);
    let over = format!("{at_limit}x");
    for path in ["/api/v1/advice", "/", "/charts/cost-vs-requests.svg", "/embed"] {
        let reply = app::get_with(&APP, &over.replacen("/api/v1/advice", path, 1), &[]);
        assert_eq!(reply.status, StatusCode::URI_TOO_LONG, "{path}");
        let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(json["error"]["code"], "uri_too_long");
        assert!(json["error"]["message"].as_str().unwrap().contains("4096 bytes"));
    }
}

#[test]
fn responses_are_compressed_for_clients_that_ask() {
    for (encoding, magic) in [("br", None), ("gzip", Some([0x1f_u8, 0x8b]))] {
        let request = Request::get("/charts/cost-vs-requests.svg?keys=3")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let reply = app::call(&APP, request);
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(header(&reply, "content-encoding"), encoding);
        if let Some(magic) = magic {
            assert_eq!(reply.body[..2], magic);
        }
        let plain = app::get_with(&APP, "/charts/cost-vs-requests.svg?keys=3", &[]);
        assert!(plain.headers.get("content-encoding").is_none());
        assert!(reply.body.len() * 4 < plain.body.len(), "{encoding}: {} of {}", reply.body.len(), plain.body.len());
    }
}

#[test]
fn every_endpoint_names_a_non_finite_or_out_of_range_number() {
    let malformed: [(&str, &[&str]); 7] = [
        ("peak_ops", &["NaN", "inf", "1e400", "-1"]),
        ("keys", &["NaN", "1.5", "-1", "1e400"]),
        ("requests", &["-inf", "1e400", "-5"]),
        ("hsms", &["2.5", "0x10", "-1"]),
        ("hsm_hourly", &["NaN", "inf", "-0.5"]),
        ("growth", &["-100", "NaN", "1e3"]),
        ("months", &["0", "121", "1.5"]),
    ];
    let json_endpoints = [
        "/api/v1/advice",
        "/export/costs.csv",
        "/export/adr.md",
        "/charts/cost-vs-requests.svg",
        "/charts/cost-over-time.png",
    ];
    for (name, values) in malformed {
        for value in values {
            for endpoint in json_endpoints {
                let reply = app::get_with(&APP, &format!("{endpoint}?{name}={value}"), &[]);
                assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{endpoint}?{name}={value}");
                let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
                assert_eq!(json["error"]["parameter"], name, "{endpoint}?{name}={value}");
            }
            for (endpoint, marker) in
                [("/", format!("id=\"{name}-error\"")), ("/embed", format!("data-parameter=\"{name}\""))]
            {
                let reply = app::get_with(&APP, &format!("{endpoint}?{name}={value}"), &[]);
                assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{endpoint}?{name}={value}");
                assert!(String::from_utf8_lossy(&reply.body).contains(&marker), "{endpoint}?{name}={value}");
            }
        }
    }
}

#[test]
fn hashed_assets_are_cached_for_a_year_and_nothing_else_is() {
    let wasm = std::fs::read_dir("target/site/pkg")
        .expect("the built site (make test builds it)")
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .find(|name| name.ends_with(".wasm"))
        .expect("a WASM file");
    let reply = app::get_with(&APP, &format!("/pkg/{wasm}"), &[]);
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(header(&reply, "content-type"), "application/wasm");
    assert_eq!(header(&reply, "cache-control"), "public, max-age=31536000, immutable");

    let missing = app::get_with(&APP, "/pkg/kms-hsm-advisor.wasm", &[]);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, "cache-control"), "", "a 404 is not cached for a year");
    let page = app::get_with(&APP, "/?keys=3", &[]);
    assert!(!header(&page, "cache-control").contains("immutable"));
}

/// Every route is read-only: another method is refused as any bad request is, with the JSON
/// error shape and the methods that are allowed.
#[test]
fn another_method_is_refused_in_json_with_the_methods_allowed() {
    for (method, path) in [("POST", "/api/v1/advice?keys=3"), ("DELETE", "/export/costs.csv"), ("PUT", "/")] {
        let request = Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
        let reply = app::call(&APP, request);
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(reply.json()["error"]["code"], "method_not_allowed", "{method} {path}");
        assert!(header(&reply, "allow").contains("GET"), "{method} {path}: {:?}", reply.headers);
        assert_eq!(header(&reply, "x-content-type-options"), "nosniff", "{method} {path}");
    }
}
