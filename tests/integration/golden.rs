//! Every response of a corpus of states, byte for byte as a client without compression gets it,
//! against the files kept in `tests/fixtures/golden/` (see its `corpus.toml`): work on how
//! responses are made must not change what they say. `GOLDEN=write` writes the files anew.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::support::app;

const DIR: &str = "tests/fixtures/golden";

#[derive(Deserialize)]
struct Corpus {
    state: Vec<Named>,
    compare: Vec<Named>,
}

#[derive(Deserialize)]
struct Named {
    name: String,
    query: String,
}

/// What is kept of a state: each file's name and the path whose response it holds.
fn responses_of_state(query: &str) -> Vec<(&'static str, String)> {
    let page = if query.is_empty() { "/".to_string() } else { format!("/?{query}") };
    let oembed = form_urlencoded::Serializer::new(String::new())
        .append_pair("url", &format!("http://localhost{page}"))
        .append_pair("maxwidth", "480")
        .finish();
    vec![
        ("page.html", page),
        ("embed.html", format!("/embed?{query}")),
        ("advice.json", format!("/api/v1/advice?{query}")),
        ("cost-vs-requests.svg", format!("/charts/cost-vs-requests.svg?{query}")),
        ("cost-over-time.svg", format!("/charts/cost-over-time.svg?{query}")),
        ("adr.md", format!("/export/adr.md?{query}")),
        ("costs.csv", format!("/export/costs.csv?{query}")),
        ("oembed.json", format!("/oembed?{oembed}")),
    ]
}

fn responses_of_comparison(query: &str) -> Vec<(&'static str, String)> {
    vec![
        ("compare.html", format!("/compare?{query}")),
        ("compare.json", format!("/api/v1/compare?{query}")),
        ("compare-adr.md", format!("/compare/adr.md?{query}")),
        ("compare-monthly.svg", format!("/compare/cost-vs-requests.svg?{query}")),
    ]
}

/// The status line and the content type, then the body: what a reader of the response sees.
fn response_as_kept(path: &str) -> Vec<u8> {
    let reply = app::get(path);
    let mut kept = format!("{} {}\n\n", reply.status.as_u16(), reply.header(axum::http::header::CONTENT_TYPE));
    kept.reserve(reply.body.len());
    let mut kept = kept.into_bytes();
    kept.extend_from_slice(&reply.body);
    kept
}

/// Where `now` first differs from `kept`, with the lines around it.
fn first_difference(kept: &[u8], now: &[u8]) -> String {
    let at = kept.iter().zip(now).position(|(a, b)| a != b).unwrap_or(kept.len().min(now.len()));
    let around = |bytes: &[u8]| {
        String::from_utf8_lossy(&bytes[at.saturating_sub(160)..(at + 160).min(bytes.len())]).into_owned()
    };
    format!("at byte {at}:\n  kept: {}\n  now:  {}", around(kept), around(now))
}

#[test]
fn every_response_of_the_corpus_is_the_one_kept() {
    let corpus: Corpus = toml::from_str(&std::fs::read_to_string(Path::new(DIR).join("corpus.toml")).unwrap()).unwrap();
    let write = std::env::var("GOLDEN").is_ok_and(|value| value == "write");
    let cases = corpus.state.iter().map(|state| (state, responses_of_state(&state.query)));
    let cases = cases.chain(corpus.compare.iter().map(|pair| (pair, responses_of_comparison(&pair.query))));
    let mut differences = String::new();
    let mut compared = 0;
    for (named, responses) in cases {
        let folder = Path::new(DIR).join(&named.name);
        for (file, path) in responses {
            let now = response_as_kept(&path);
            let kept_at: PathBuf = folder.join(file);
            if write {
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::write(&kept_at, &now).unwrap();
                continue;
            }
            let kept = std::fs::read(&kept_at).unwrap_or_else(|e| panic!("{}: {e}", kept_at.display()));
            compared += 1;
            if kept != now {
                let _ = writeln!(differences, "{} ({path}) {}\n", kept_at.display(), first_difference(&kept, &now));
            }
        }
    }
    assert!(write || compared > 100, "only {compared} responses compared");
    assert!(
        differences.is_empty(),
        "responses differ from the kept ones; if that is meant, GOLDEN=write and say why in the commit:\n{differences}"
    );
}

/// The corpus's states, and each one's page as kept.
fn kept_pages() -> Vec<(String, String)> {
    let corpus: Corpus = toml::from_str(&std::fs::read_to_string(Path::new(DIR).join("corpus.toml")).unwrap()).unwrap();
    corpus
        .state
        .into_iter()
        .map(|state| {
            let page = std::fs::read_to_string(Path::new(DIR).join(&state.name).join("page.html")).unwrap();
            (state.query, page)
        })
        .collect()
}

/// The page's charts carry only what differs from the defaults: each draws what the chart of
/// the whole canonical query draws.
#[test]
fn the_page_s_short_chart_urls_draw_the_charts_of_the_whole_state() {
    for (query, page) in kept_pages() {
        if !page.starts_with("200 ") {
            continue;
        }
        let sources: Vec<String> = page
            .split("<img src=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
            .collect();
        assert_eq!(sources.len(), 2, "{query}");
        for source in sources {
            assert!(!source.contains("context="), "{source}");
            assert!(source.len() < 400, "{source}");
            let canonical = app::get(&source.replace(&source[source.find('?').unwrap()..], &format!("?{query}")));
            let short = app::get(&source);
            assert_eq!(short.status, axum::http::StatusCode::OK, "{source}");
            assert!(short.body == canonical.body, "{source} draws another chart than ?{query}");
        }
    }
}

/// `/result` is the page's result, byte for byte, with its title; the fields it lists are the
/// refused ones, each with its message, and a refused state answers 400 as its page does.
#[test]
fn the_result_alone_is_the_page_s_result() {
    for (query, page) in kept_pages() {
        let reply = app::get(&format!("/result?{query}"));
        assert_eq!(page[..3], reply.status.as_u16().to_string(), "{query}");
        let fragment = reply.text();
        let between = |text: &str, start: &str, end: &str| {
            let from = text.find(start).unwrap_or_else(|| panic!("{query}: no {start}"));
            text[from..from + text[from..].find(end).unwrap() + end.len()].to_string()
        };
        let result_of_page = between(&page, "<div class=\"result\">", "</div><p id=\"result-status\"");
        let result = result_of_page.trim_end_matches("<p id=\"result-status\"");
        assert!(fragment.contains(result), "{query}: the fragment's result is not the page's");
        assert_eq!(between(fragment, "<title>", "</title>"), between(&page, "<title>", "</title>"), "{query}");
        assert!(!fragment.contains("<script") && !fragment.contains("<head"), "{query}");
        let refused = fragment.matches("class=\"field-error\"").count();
        assert_eq!(refused, page.matches("class=\"field-error\"").count(), "{query}");
        assert_eq!(refused > 0, page.starts_with("400 "), "{query}");
        assert!(!fragment.contains("class=\"question\""), "{query}: the questions are the page's alone");
    }
}

/// A reader who holds some of a result's sections (the island names their digests) gets those
/// sent empty, marked `data-same`, and the others whole: putting back the sections held gives the
/// result as sent to a reader who holds none. A header naming anything else is as none.
#[test]
fn sections_a_reader_holds_come_empty_and_the_rest_whole() {
    let held_header = axum::http::HeaderName::from_static("advisor-held-sections");
    let tagged = |html: &str, attribute: &str| -> Vec<String> {
        let marker = format!("<section {attribute}=\"");
        html.match_indices(&marker).map(|(at, _)| html[at + marker.len()..at + marker.len() + 16].to_string()).collect()
    };
    let section = |html: &str, digest: &str| {
        let from = html.find(&format!("<section data-digest=\"{digest}\"")).unwrap();
        html[from..from + html[from..].find("</section>").unwrap() + "</section>".len()].to_string()
    };
    let page = app::get("/?keys=12&requests=900000000").text().to_string();
    let held = tagged(&page, "data-digest");
    assert!(held.len() >= 8, "the page's result has its sections tagged: {held:?}");

    // Another number of keys: the costs change, what is required does not.
    let changed = "/result?keys=13&requests=900000000";
    let whole = app::get(changed).text().to_string();
    let reply = app::get_with(&app::APP, changed, &[(held_header.clone(), &held.join(" "))]);
    assert_eq!(reply.status, axum::http::StatusCode::OK);
    let varies: Vec<_> = reply.headers.get_all(axum::http::header::VARY).iter().collect();
    assert!(varies.iter().any(|value| value.to_str().unwrap().contains("advisor-held-sections")), "{varies:?}");
    let sent = reply.text().to_string();
    let same = tagged(&sent, "data-same");
    assert!(same.contains(&section_digest_of(&page, "sources")), "the Sources are the same: {same:?}");
    assert!(!same.contains(&section_digest_of(&page, "costs")), "the costs changed: {same:?}");
    assert!(sent.len() < whole.len() * 2 / 3, "{} of {} bytes", sent.len(), whole.len());
    let mut rebuilt = sent.clone();
    for digest in &same {
        rebuilt = rebuilt.replace(&format!("<section data-same=\"{digest}\"></section>"), &section(&page, digest));
    }
    assert_eq!(rebuilt, whole);

    for odd in ["<script>", "0123456789ABCDEF", &vec![held[0].as_str(); 17].join(" ")] {
        let reply = app::get_with(&app::APP, changed, &[(held_header.clone(), odd)]);
        assert_eq!((reply.status, reply.text()), (axum::http::StatusCode::OK, whole.as_str()), "{odd}");
    }
}

/// The digest of the section of `html` whose class is `class`.
fn section_digest_of(html: &str, class: &str) -> String {
    let tag_end = html.find(&format!("class=\"{class}\">")).unwrap();
    let start = html[..tag_end].rfind("data-digest=\"").unwrap() + "data-digest=\"".len();
    html[start..start + 16].to_string()
}
