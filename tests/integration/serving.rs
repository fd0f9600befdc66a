//! What the server keeps in memory and serves from there: the built site's files (each encoding
//! made once, tags that revalidate) and rendered pages, cards and charts, kept by normalized
//! state but never shared across rules or hosts.

use crate::support::app;

use std::io::Read;

use app::{get_with as send, rules, state};
use axum::http::{StatusCode, header};
use kms_hsm_advisor::server::router;

/// The built site's `/pkg/…` file ending in `.{extension}` (its name carries a hash).
fn asset(extension: &str) -> String {
    let names = std::fs::read_dir("target/site/pkg").expect("`make build` has built the site");
    let name = names
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .find(|name| name.ends_with(&format!(".{extension}")))
        .expect("the site has the asset");
    format!("/pkg/{name}")
}

fn decompress(encoding: &str, body: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    match encoding {
        "br" => brotli::Decompressor::new(body, 4096).read_to_end(&mut plain).unwrap(),
        "gzip" => flate2::read::GzDecoder::new(body).read_to_end(&mut plain).unwrap(),
        other => panic!("no such encoding: {other}"),
    };
    plain
}

#[test]
fn the_sites_files_come_from_memory_in_the_encoding_asked_for() {
    let app = router(state());
    for (path, content_type) in [(asset("wasm"), "application/wasm"), (asset("css"), "text/css; charset=utf-8")] {
        let plain = send(&app, &path, &[]);
        assert_eq!(plain.status, StatusCode::OK, "{path}");
        assert_eq!(plain.header(header::CONTENT_TYPE), content_type);
        assert_eq!(plain.header(header::CONTENT_ENCODING), "");
        assert_eq!(plain.header(header::VARY), "accept-encoding");
        assert_eq!(plain.header(header::CACHE_CONTROL), "public, max-age=31536000, immutable");
        let mut tags = vec![plain.header(header::ETAG).to_string()];
        for encoding in ["br", "gzip"] {
            let accept = format!("{encoding}, identity");
            let compressed = send(&app, &path, &[(header::ACCEPT_ENCODING, &accept)]);
            assert_eq!(compressed.header(header::CONTENT_ENCODING), encoding, "{path}");
            assert!(compressed.body.len() < plain.body.len() / 2, "{path} {encoding}: {}", compressed.body.len());
            assert_eq!(decompress(encoding, &compressed.body), plain.body, "{path} {encoding}");
            let tag = compressed.header(header::ETAG).to_string();
            let again = send(&app, &path, &[(header::ACCEPT_ENCODING, &accept), (header::IF_NONE_MATCH, &tag)]);
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path} {encoding}");
            assert!(again.body.is_empty());
            tags.push(tag);
        }
        tags.dedup();
        assert_eq!(tags.len(), 3, "each encoding its own tag: {tags:?}");
    }
    // An image is compressed already; a refused coding is not used.
    let icon = send(&app, "/favicon.png", &[(header::ACCEPT_ENCODING, "br, gzip")]);
    assert_eq!((icon.status, icon.header(header::CONTENT_TYPE)), (StatusCode::OK, "image/png"));
    assert_eq!(icon.header(header::CONTENT_ENCODING), "");
    let script = send(&app, "/embed.js", &[(header::ACCEPT_ENCODING, "br;q=0, gzip")]);
    assert_eq!(script.header(header::CONTENT_ENCODING), "gzip");
    assert_eq!(send(&app, "/pkg/nothing-here.js", &[]).status, StatusCode::NOT_FOUND);
}

#[test]
fn a_state_asked_for_again_is_the_same_page_compressed_once() {
    let state = state();
    let app = router(state.clone());
    let first = send(&app, "/?keys=40&requests=2000000&fips=3", &[]);
    let reordered = send(&app, "/?fips=3&requests=2e6&keys=40", &[]);
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body, reordered.body);
    for encoding in ["br", "gzip"] {
        let compressed = send(&app, "/?requests=2000000&keys=40&fips=3", &[(header::ACCEPT_ENCODING, encoding)]);
        let again = send(&app, "/?keys=40&fips=3&requests=2000000", &[(header::ACCEPT_ENCODING, encoding)]);
        assert_eq!(compressed.header(header::CONTENT_ENCODING), encoding);
        assert_eq!(compressed.header(header::VARY), "accept-encoding");
        assert_eq!(compressed.body, again.body, "{encoding}: compressed once, kept");
        assert_eq!(decompress(encoding, &compressed.body), first.body, "{encoding}");
    }

    // Another host gets its own links.
    let elsewhere = send(&app, "/?keys=40&requests=2000000&fips=3", &[(header::HOST, "advisor.example")]);
    assert!(elsewhere.text().contains("http://advisor.example/embed?"));
    assert!(!first.text().contains("advisor.example"));

    // A malformed parameter is quoted back, so that page is never taken for another.
    let malformed = send(&app, "/?keys=40&requests=2000000&fips=3&months=zero", &[]);
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert!(malformed.text().contains("months: "));

    // New rules, new page.
    let mut changed = rules();
    changed.questions[0].title = "A title no page showed before".to_string();
    changed.sha256 = "rules that say something else".to_string();
    state.replace_rules(changed);
    let after = send(&app, "/?keys=40&requests=2000000&fips=3", &[]);
    assert!(after.text().contains("A title no page showed before"), "the page asks the questions in force");
}

#[test]
fn a_chart_asked_for_again_is_the_same_chart() {
    let app = router(state());
    let first = send(&app, "/charts/cost-vs-requests.svg?keys=40&requests=2000000", &[]);
    let reordered = send(&app, "/charts/cost-vs-requests.svg?requests=2000000&keys=40&theme=light", &[]);
    let dark = send(&app, "/charts/cost-vs-requests.svg?keys=40&requests=2000000&theme=dark", &[]);
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body, reordered.body);
    assert_eq!(first.header(header::ETAG), reordered.header(header::ETAG));
    assert_ne!(first.body, dark.body);
}
