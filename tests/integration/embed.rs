//! Embedding through the real router: `/embed`, `/oembed`, the snippet and discovery link on the
//! page, and who may frame what.

use crate::support::app;

use axum::http::{StatusCode, header};
use kms_hsm_advisor::server::{ResponsePolicy, parse_frame_ancestors, router};

const PUBLIC_URL: &str = "https://advisor.example.com";
const WIKI: &str = "https://wiki.example.com";

/// Two configurations, built one after the other (building a router renders Leptos's scripts,
/// which must not run on several threads at once): out of the box, and locked down behind a
/// public URL.
static APPS: std::sync::LazyLock<(axum::Router, axum::Router)> = std::sync::LazyLock::new(|| {
    let default = router(app::state());
    let locked = router(app::state().with_public_url(Some(format!("{PUBLIC_URL}/"))).with_policy(ResponsePolicy {
        frame_ancestors: parse_frame_ancestors(&format!("{WIKI} 'self'")).unwrap(),
        hsts_max_age: None,
    }));
    (default, locked)
});

/// The Host the requests come to, as a browser at the site sends it.
const HOST: [(header::HeaderName, &str); 1] = [(header::HOST, "advisor.local:8080")];

fn default_app() -> &'static axum::Router {
    &APPS.0
}

fn locked_app() -> &'static axum::Router {
    &APPS.1
}

#[test]
fn embed_is_a_compact_card_with_the_result_and_a_link_to_the_advisor() {
    let reply =
        app::get_with(default_app(), "/embed?dedicated=yes&integration=custom&keys=12&requests=900000000", &HOST);
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
    let html = reply.text();
    assert!(html.contains(r#"<h1 id="recommendation">AWS CloudHSM</h1>"#), "{html}");
    assert!(html.contains(r#"<p class="summary">Use AWS CloudHSM"#));
    // Options whose bills are the same line by line share a row; an external key store's bill
    // has a line of its own (the key manager, not included), so it has its own row.
    for options in ["kms kms_imported", "external_key_store", "cloudhsm", "custom_key_store"] {
        assert!(html.contains(&format!(r#"<tr data-option="{options}">"#)), "{options}");
    }
    assert!(html.contains("AWS CloudHSM (recommended)"), "the recommended option is marked");
    // Options a requirement rules out are named with why.
    assert!(html.contains(r#"<li data-option="kms">AWS KMS: KMS keeps keys on HSMs"#), "{html}");
    assert!(html.contains("/charts/cost-vs-requests.svg?"));
    assert!(html.contains("theme=dark"), "a dark chart for dark mode");
    let open = html.split(r#"<p class="open"><a href=""#).nth(1).unwrap();
    let (href, rest) = open.split_once('"').unwrap();
    assert!(href.starts_with("/?") && href.contains("dedicated=yes") && href.contains("keys=12"), "{href}");
    assert!(rest.starts_with(r#" target="_blank" rel="noopener">Open in the advisor"#), "{rest}");
    // No form, no app scripts: only the resize script.
    assert!(!html.contains("<form"));
    assert!(!html.contains(".wasm") && !html.contains("kms-hsm-advisor.js"));
    assert!(html.contains(r#"<script src="/embed.js" defer></script>"#));
}

#[test]
fn embed_names_a_malformed_parameter_and_answers_400() {
    let reply = app::get_with(default_app(), "/embed?keys=lots&control=yes", &HOST);
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.text().contains(r#"<li data-parameter="keys">keys: "#), "{}", reply.text());
    // The neighbours are still read.
    assert!(reply.text().contains("KMS with a CloudHSM key store</h1>"));
}

#[test]
fn embed_escapes_what_it_repeats() {
    let reply = app::get_with(default_app(), "/embed?region=%3Cscript%3Ealert(1)%3C/script%3E", &HOST);
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(!reply.text().contains("<script>alert"));
    assert!(reply.text().contains("&lt;script&gt;"));
}

#[test]
fn only_embed_may_be_framed_by_other_sites() {
    let framing = |app, uri| {
        let policy = app::get_with(app, uri, &HOST).header(header::CONTENT_SECURITY_POLICY).to_string();
        policy.split("; ").find(|directive| directive.starts_with("frame-ancestors")).unwrap_or_default().to_string()
    };
    assert_eq!(framing(default_app(), "/embed"), "frame-ancestors *");
    assert_eq!(framing(locked_app(), "/embed?keys=2"), format!("frame-ancestors {WIKI} 'self'"));
    for uri in ["/", "/?keys=2", "/api/v1/advice", "/charts/cost-vs-requests.svg", "/oembed", "/nowhere", "/healthz"] {
        for app in [default_app(), locked_app()] {
            assert_eq!(framing(app, uri), "frame-ancestors 'self'", "{uri}");
        }
    }
    let reply = app::get_with(default_app(), "/embed", &HOST);
    assert!(reply.headers.get("x-frame-options").is_none(), "ALLOW-FROM is obsolete; CSP decides");
}

#[test]
fn the_page_offers_the_iframe_snippet_and_oembed_discovery() {
    let reply = app::get_with(locked_app(), "/?control=yes&keys=3", &HOST);
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.text();
    let snippet = html.split(r#"<code id="embed-code">"#).nth(1).unwrap();
    let snippet = snippet.split("</code>").next().unwrap();
    // Shown as text: escaped once, so a browser shows the HTML to copy.
    assert!(snippet.starts_with(&format!(r#"&lt;iframe src="{PUBLIC_URL}/embed?"#)), "{snippet}");
    // An old link's `control=yes` is written as its edition 2 spelling.
    assert!(snippet.contains("custody=hsm&amp;amp;") && snippet.contains("keys=3&amp;amp;"), "{snippet}");
    // The frame's height is the card's for this state, as oEmbed gives it.
    let height = |html: &str| -> u64 {
        html.split(r#"width="640" height=""#).nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
    };
    assert!((700..1400).contains(&height(snippet)), "{snippet}");
    assert!(html.contains("<summary>Embed</summary>"));

    let discovery = html.split("<link ").find(|tag| tag.contains(r#"type="application/json+oembed""#)).unwrap();
    let href = discovery.split(r#"href=""#).nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
    assert!(href.starts_with(&format!("{PUBLIC_URL}/oembed?url=https%3A%2F%2Fadvisor.example.com%2F%3F")), "{href}");
    // The discovered URL answers, for the same state.
    let oembed = app::get_with(locked_app(), href.strip_prefix(PUBLIC_URL).unwrap(), &HOST);
    assert_eq!(oembed.status, StatusCode::OK);
    assert_eq!(oembed.json()["title"], "KMS with a CloudHSM key store — KMS vs CloudHSM Advisor");
}

#[test]
fn oembed_answers_rich_json_with_the_iframe() {
    let page = "http://advisor.local:8080/?dedicated=yes&keys=7";
    let encoded: String = form_urlencoded::byte_serialize(page.as_bytes()).collect();
    let reply = app::get_with(default_app(), &format!("/oembed?url={encoded}&format=json"), &HOST);
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header(header::CONTENT_TYPE).starts_with("application/json"));
    let json = reply.json();
    assert_eq!(json["version"], "1.0");
    assert_eq!(json["type"], "rich");
    assert_eq!(json["provider_url"], "http://advisor.local:8080/");
    // As tall as the card of this state is at 640 px, not a size for every state.
    let height = json["height"].as_u64().unwrap();
    assert_eq!(json["width"].as_u64(), Some(640));
    assert!((700..1400).contains(&height), "{json}");
    let html = json["html"].as_str().unwrap();
    assert!(html.starts_with(r#"<iframe src="http://advisor.local:8080/embed?"#), "{html}");
    assert!(html.contains("dedicated=yes&amp;") && html.contains("keys=7&amp;"), "{html}");
    assert!(html.contains(&format!(r#"width="640" height="{height}""#)), "{html}");
    // A conflict's card, with every option ruled out, is taller than the default's.
    let conflict: String =
        form_urlencoded::byte_serialize(b"http://advisor.local:8080/?custody=external&multi_region=yes").collect();
    let taller = app::get_with(default_app(), &format!("/oembed?url={conflict}"), &HOST).json();
    let default_page: String = form_urlencoded::byte_serialize(b"http://advisor.local:8080/").collect();
    let plain = app::get_with(default_app(), &format!("/oembed?url={default_page}"), &HOST).json();
    assert!(taller["height"].as_u64() > plain["height"].as_u64(), "{taller} {plain}");

    // maxwidth/maxheight bound the frame; /embed URLs are pages too.
    let page = "http://advisor.local:8080/embed?keys=7";
    let encoded: String = form_urlencoded::byte_serialize(page.as_bytes()).collect();
    let json = app::get_with(default_app(), &format!("/oembed?url={encoded}&maxwidth=400&maxheight=300"), &HOST).json();
    assert_eq!((json["width"].as_u64(), json["height"].as_u64()), (Some(400), Some(300)));
    assert!(json["html"].as_str().unwrap().contains(r#"width="400" height="300""#));
}

#[test]
fn oembed_refuses_what_it_cannot_answer() {
    let cases = [
        ("format=json", StatusCode::BAD_REQUEST, "url"),
        ("url=not%20a%20url", StatusCode::BAD_REQUEST, "url"),
        ("url=ftp%3A%2F%2Fadvisor.local%3A8080%2F", StatusCode::BAD_REQUEST, "url"),
        ("url=http%3A%2F%2Fadvisor.local%3A8080%2F%3Fmonths%3D0", StatusCode::BAD_REQUEST, "url"),
        ("url=http%3A%2F%2Fadvisor.local%3A8080%2F&maxwidth=wide", StatusCode::BAD_REQUEST, "maxwidth"),
        ("url=http%3A%2F%2Fadvisor.local%3A8080%2F&maxheight=-5", StatusCode::BAD_REQUEST, "maxheight"),
        ("url=http%3A%2F%2Fadvisor.local%3A8080%2F&format=yaml", StatusCode::BAD_REQUEST, "format"),
        ("url=http%3A%2F%2Fadvisor.local%3A8080%2F&format=xml", StatusCode::NOT_IMPLEMENTED, "format"),
        ("url=https%3A%2F%2Fevil.example%2F%3Fkeys%3D1", StatusCode::NOT_FOUND, ""),
        ("url=http%3A%2F%2Fadvisor.local%3A9999%2F", StatusCode::NOT_FOUND, ""),
        ("url=http%3A%2F%2Fadvisor.local%3A8080%2Fapi%2Fv1%2Fadvice", StatusCode::NOT_FOUND, ""),
    ];
    for (query, status, parameter) in cases {
        let reply = app::get_with(default_app(), &format!("/oembed?{query}"), &HOST);
        assert_eq!(reply.status, status, "{query}: {}", reply.text());
        let json = reply.json();
        assert!(!json["error"]["message"].as_str().unwrap().is_empty(), "{query}");
        if !parameter.is_empty() {
            assert_eq!(json["error"]["parameter"], parameter, "{query}");
        }
    }
    // Behind ADVISOR_PUBLIC_URL, that host is the site, whatever the Host header says.
    let reply = app::get_with(locked_app(), "/oembed?url=https%3A%2F%2Fadvisor.example.com%2F%3Fkeys%3D2", &HOST);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let reply = app::get_with(locked_app(), "/oembed?url=http%3A%2F%2Fadvisor.local%3A8080%2F", &HOST);
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

/// A host sets the card's colours with `theme`; another value is named on the card.
#[test]
fn the_card_takes_a_theme_and_names_a_bad_one() {
    let dark = app::get_with(default_app(), "/embed?keys=3&theme=dark", &HOST);
    assert_eq!(dark.status, StatusCode::OK);
    let html = dark.text();
    assert!(html.contains(r#"<html lang="en" data-theme="dark">"#), "{html}");
    assert!(html.contains("theme=dark&amp;width=720") && !html.contains("theme=light"), "{html}");
    let system = app::get_with(default_app(), "/embed?keys=3", &HOST);
    let system = system.text();
    assert!(system.contains(r#"<html lang="en">"#) && system.contains("theme=light") && system.contains("theme=dark"));
    let bad = app::get_with(default_app(), "/embed?keys=3&theme=blue", &HOST);
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("theme: expected light or dark, found \"blue\""), "{}", bad.text());
}

/// oEmbed gives the card its host's theme from the page's link, and a narrower frame a taller
/// card.
#[test]
fn oembed_carries_the_theme_and_sizes_the_frame_for_its_width() {
    let page: String = form_urlencoded::byte_serialize(b"http://advisor.local:8080/?keys=3&theme=dark").collect();
    let json = app::get_with(default_app(), &format!("/oembed?url={page}"), &HOST).json();
    assert!(json["html"].as_str().unwrap().contains("&amp;theme=dark\""), "{json}");
    let narrow = app::get_with(default_app(), &format!("/oembed?url={page}&maxwidth=360"), &HOST).json();
    assert_eq!(narrow["width"], 360);
    assert!(narrow["height"].as_u64() > json["height"].as_u64(), "{narrow} {json}");
    let bad: String = form_urlencoded::byte_serialize(b"http://advisor.local:8080/?theme=blue").collect();
    let reply = app::get_with(default_app(), &format!("/oembed?url={bad}"), &HOST);
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}
