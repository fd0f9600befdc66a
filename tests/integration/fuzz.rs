//! Arbitrary and adversarial query strings at every endpoint through the real router: never a
//! 5xx, never a panic, never markup from the query echoed unescaped into HTML, JSON that parses.
//! A comparison's states are queries within the query, encoded zero to two times.
//!
//! `make test` runs 2,000 cases. For a long run (the count is printed at the end):
//! `FUZZ_CASES=100000 cargo test --release --features ssr --test integration -- fuzz --nocapture`

use crate::support::app;

use std::sync::atomic::{AtomicUsize, Ordering};

use advisor_core::inputs::PARAMETERS;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

static REQUESTS: AtomicUsize = AtomicUsize::new(0);

/// What endpoints read besides the contract's parameters, and one nothing reads.
const OTHER_NAMES: [&str; 10] =
    ["width", "height", "theme", "url", "maxwidth", "maxheight", "format", "a", "b", "utm_source"];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{1,30}",
        "-?[0-9]{0,8}(\\.[0-9]{0,8})?([eE][+-]?[0-9]{1,4})?",
        prop::sample::select(vec![
            "NaN",
            "nan",
            "inf",
            "-inf",
            "Infinity",
            "1e400",
            "-1e400",
            "-0",
            "0x10",
            "1_000",
            " 7",
            "1,5",
            "9e18",
            "18446744073709551616",
            "yes",
            "no",
            "none",
            "l2",
            "l3",
            "2",
            "3",
            "both",
            "aws",
            "custom",
            "managed",
            "hsm",
            "us-east-1",
            "eu-west-2",
            "light",
            "dark",
            "json",
            "xml",
            // Edition 2's answers, sets and words.
            "imported",
            "external",
            "encrypt",
            "sign",
            "keypair",
            "encrypt,sign",
            "sign,,hmac,",
            ",",
            "hmac,bogus",
            "90",
            "2560",
            "2561",
            // Rules versions: the one in force, an older one, one of a deployer's, one too long.
            "2026.11.29",
            "2026.11.28",
            "acme-7",
            "2026.11.28.2026.11.28.2026.11.28.2026.11.28",
        ])
        .prop_map(str::to_string),
        // Markup carries "fuzz", which the pages never contain, so an echo is unmistakable.
        prop::sample::select(vec![
            "<fuzz>",
            "<script>fuzz()</script>",
            "\"><img src=x onerror=fuzz()>",
            "'><svg/onload=fuzz()>",
            "</code></pre><fuzz>",
            "javascript:fuzz()",
            "http://localhost/?keys=<fuzz>3</fuzz>",
            "http://localhost/embed?months=%zz<fuzz>",
        ])
        .prop_map(str::to_string),
        "[a-z0-9 ]{0,8}<fuzz[ a-z=\"'/]{0,12}>?",
        "\\PC{0,40}",
        "http://localhost/(embed)?\\?([a-z_]{1,10}=[a-z0-9%<>\"]{0,12}&?){0,5}(<fuzz>)?",
    ]
}

/// A query string: named pairs (encoded properly or raw), or bytes of percent-encoding garbage.
fn query() -> impl Strategy<Value = String> {
    let names: Vec<&str> = PARAMETERS.iter().map(|p| p.name).chain(OTHER_NAMES).collect();
    let pair = (prop::sample::select(names), value(), any::<bool>());
    prop_oneof![
        4 => prop::collection::vec(pair, 0..24).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(name, value, encoded)| {
                    let value = if encoded {
                        form_urlencoded::byte_serialize(value.as_bytes()).collect()
                    } else {
                        raw(&value)
                    };
                    format!("{name}={value}")
                })
                .collect::<Vec<_>>()
                .join("&")
        }),
        1 => "(%[0-9A-Fa-f]{0,2}|%[g-zG-Z]{2}|[&=+;?/]|[a-z]{1,8}|\\PC){0,80}".prop_map(|s| raw(&s)),
        1 => (1usize..6000).prop_map(|n| format!("keys={}", "9".repeat(n))),
    ]
}

/// Percent-encodes only what an HTTP request line cannot carry, leaving `%`, `&` and `=` as
/// they are, so malformed escapes reach the server.
fn raw(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (byte as char).to_string(),
            b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' => {
                (byte as char).to_string()
            }
            b'=' | b':' | b'@' | b'/' | b'?' | b'%' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A comparison's query: each state a query string encoded not at all (its `&` splits it into the
/// comparison's own parameters, as a form's fields), once (as a link has it) or twice; sometimes
/// with the form's fields beside them.
fn compared() -> impl Strategy<Value = String> {
    let state = || (query(), 0u8..3);
    (state(), state(), prop::option::of(query())).prop_map(|((a, times_a), (b, times_b), fields)| {
        let mut compared = format!("a={}&b={}", encoded(&a, times_a), encoded(&b, times_b));
        if let Some(fields) = fields {
            compared.push('&');
            compared.push_str(&fields);
        }
        compared
    })
}

/// `text` percent-encoded `times` times; not at all is [`raw`].
fn encoded(text: &str, times: u8) -> String {
    (0..times).fold(raw(text), |text, _| form_urlencoded::byte_serialize(text.as_bytes()).collect())
}

fn compare_endpoint() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        10 => prop::sample::select(vec!["/compare", "/api/v1/compare", "/compare/adr.md", "/compare/cost-over-time.svg"]),
        1 => Just("/compare/cost-over-time.png"),
    ]
}

fn endpoint() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        10 => prop::sample::select(vec![
            "/",
            "/embed",
            "/api/v1/advice",
            "/charts/cost-vs-requests.svg",
            "/charts/cost-over-time.svg",
            "/export/costs.csv",
            "/export/adr.md",
            "/oembed",
            "/healthz",
            "/rules/changes",
        ]),
        // Drawing PNGs is slow in a debug build: fewer of them.
        1 => prop::sample::select(vec!["/charts/cost-vs-requests.png", "/charts/cost-over-time.png"]),
    ]
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000)
}

fn check(path: &str, query: &str) -> Result<(), TestCaseError> {
    let uri = format!("{path}?{query}");
    let Ok(request) = Request::get(&uri).body(Body::empty()) else {
        // Not a request line an HTTP server could receive; nothing to test.
        return Ok(());
    };
    REQUESTS.fetch_add(1, Ordering::Relaxed);
    let reply = app::call(&app::APP, request);
    let (status, content_type, body) = (reply.status, reply.header(header::CONTENT_TYPE), &reply.body);
    // The one 5xx by design: oEmbed's XML format is not implemented (501), as oEmbed specifies.
    let asks_for_xml = path == "/oembed"
        && form_urlencoded::parse(query.as_bytes())
            .filter(|(name, _)| name == "format")
            .last()
            .is_some_and(|(_, v)| v == "xml");
    let expected_501 = asks_for_xml && status == StatusCode::NOT_IMPLEMENTED;
    prop_assert!(!status.is_server_error() || expected_501, "{status} for {uri}");
    if content_type.starts_with("application/json") {
        prop_assert!(serde_json::from_slice::<serde_json::Value>(body).is_ok(), "bad JSON for {uri}");
    }
    if content_type.starts_with("text/html") {
        let html = String::from_utf8_lossy(body);
        for needle in ["<fuzz", "<script>fuzz", "<img src=x", "<svg/onload"] {
            prop_assert!(!html.contains(needle), "{needle:?} echoed unescaped for {uri}");
        }
    }
    Ok(())
}

#[test]
fn no_query_string_breaks_an_endpoint() {
    let config = ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let requests = prop_oneof![3 => (endpoint(), query()), 1 => (compare_endpoint(), compared())];
    let outcome = runner.run(&requests, |(path, query)| check(path, &query));
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let sent = REQUESTS.load(Ordering::Relaxed);
    eprintln!("fuzz: {} cases passed, {sent} requests sent", cases());
    assert!(sent as u64 >= u64::from(cases()) * 9 / 10, "only {sent} requests could be built");
}
