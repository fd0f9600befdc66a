//! Responses rendered lately, kept by everything they depend on (the normalized state, the
//! rules, the date, the base URL), so that a state asked for again is not rendered or
//! compressed again: a link shared in a ticket and opened by a team, an embed on a busy wiki
//! page, the charts of both. Bounded by bytes; S3-FIFO eviction keeps what is asked for more
//! than once.

use std::sync::Arc;

use quick_cache::Weighter;
use quick_cache::sync::Cache;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::extract::Lenient;
use super::negotiation::{Encoded, accepts};
use advisor_core::{InputError, Inputs, RuleSet};

/// All responses kept, in bytes as held (compressed) with room for a Brotli form: a few hundred
/// advisor pages, or several times as many cards and charts (docs/performance.md). Most of the
/// server's memory under load.
const CAPACITY_BYTES: u64 = 12 * 1024 * 1024;
/// Larger responses (big PNGs) are not kept: each would push out dozens of pages.
const LARGEST_KEPT: usize = 256 * 1024;

#[derive(Clone)]
struct ByLength;

impl Weighter<String, Arc<Encoded>> for ByLength {
    fn weight(&self, key: &String, response: &Arc<Encoded>) -> u64 {
        // A rendered response is held gzipped; its Brotli form, made when it is asked for again,
        // takes about two thirds as much again.
        (key.len() + response.held_bytes() * 5 / 3) as u64
    }
}

pub struct RenderedCache(Cache<String, Arc<Encoded>, ByLength>);

/// Each shard holds its share of the capacity, so a set of states that fits the whole can still
/// overflow a shard: with quick_cache's default (8 shards on 2 cores), a set of pages near the
/// capacity missed often, and a miss costs as much as many hits. Four shards keep lock
/// contention low and missed none.
const SHARDS: usize = 4;

impl Default for RenderedCache {
    fn default() -> Self {
        let options = quick_cache::OptionsBuilder::new()
            .estimated_items_capacity(1024)
            .weight_capacity(CAPACITY_BYTES)
            .shards(SHARDS)
            .build();
        let cache = match options {
            Ok(options) => Cache::with_options(options, ByLength, Default::default(), Default::default()),
            // The options above are valid; should the library ever disagree, use its defaults.
            Err(_) => Cache::with_weighter(1024, CAPACITY_BYTES, ByLength),
        };
        RenderedCache(cache)
    }
}

impl RenderedCache {
    /// The response kept under `key`; being asked for again, it gets its smaller form made.
    pub fn get(&self, key: &str) -> Option<Arc<Encoded>> {
        let kept = self.0.get(key)?;
        Encoded::improve(&kept);
        Some(kept)
    }

    /// Keeps `response` under `key` unless it is too large to be worth its room.
    pub fn keep(&self, key: String, response: Encoded) -> Arc<Encoded> {
        let response = Arc::new(response);
        if response.held_bytes() <= LARGEST_KEPT {
            self.0.insert(key, Arc::clone(&response));
        }
        response
    }

    /// The HTML document kept under `key`, or `render`'s, compressed as `compressed` says and
    /// kept under `key` when there is one.
    pub fn document(
        &self,
        key: Option<String>,
        compressed: Compressed,
        render: impl FnOnce() -> String,
    ) -> Arc<Encoded> {
        if let Some(kept) = key.as_deref().and_then(|key| self.get(key)) {
            return kept;
        }
        let (html, body) = ("text/html; charset=utf-8", render().into_bytes());
        let document = match compressed {
            Compressed::FastFirst => Encoded::rendered(html, body),
            Compressed::SmallFirst => Encoded::rendered_small(html, body),
        };
        match key {
            Some(key) => self.keep(key, document),
            None => Arc::new(document),
        }
    }
}

/// How a new document is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compressed {
    /// Gzip at the fastest level, Brotli when asked for again: a page or a card, most of which
    /// are asked for once.
    FastFirst,
    /// Brotli at once: the result the island asks for at each changed answer, whose reader
    /// waits on it and is unlikely to ask for it again.
    SmallFirst,
}

impl Compressed {
    /// Brotli at once when `headers` take it, else as a page is.
    pub fn small_first(headers: &HeaderMap) -> Compressed {
        if accepts(headers, "br") { Compressed::SmallFirst } else { Compressed::FastFirst }
    }
}

/// What a page or card of a state is rendered from.
pub struct DocumentParts<'r> {
    pub rules: &'r RuleSet,
    pub inputs: &'r Inputs,
    /// The URL's malformed parameters; each took its default.
    pub errors: Vec<InputError>,
    /// What absolute links start with.
    pub base: &'r str,
    pub today: chrono::NaiveDate,
}

/// The HTML document `render` makes of the state in `read`, kept under everything it depends
/// on, in the encoding the request asks for; 400 when a parameter was malformed (the document
/// says which, beside the rest evaluated).
pub fn document_response(
    state: &AppState,
    path: &str,
    read: Lenient,
    headers: &HeaderMap,
    compressed: Compressed,
    render: impl FnOnce(DocumentParts) -> String,
) -> Response {
    let Lenient { rules, inputs, errors } = read;
    let shown = errors.is_empty().then(|| state_key(&rules, &inputs));
    kept_document_response(state, path, shown, &rules, headers, compressed, |base, today| {
        render(DocumentParts { rules: &rules, inputs: &inputs, errors, base, today })
    })
}

/// What a document shows of one state: its canonical query and, for a link made under other
/// rules, their version, because it shows a notice and is another document.
pub fn state_key(rules: &RuleSet, inputs: &Inputs) -> String {
    let made_under = inputs.made_under(&rules.version).unwrap_or("");
    format!("{} {made_under}", inputs.to_query())
}

/// The HTML document `render` makes for the base URL and today, kept under `path`, `shown` and
/// what else it depends on (the rules, the base URL, the date), in the encoding the request asks
/// for. `shown` is what the document shows of its states ([`state_key`]), `None` when it quotes
/// a malformed parameter back: it is no other URL's, is not kept, and answers 400.
pub fn kept_document_response(
    state: &AppState,
    path: &str,
    shown: Option<String>,
    rules: &RuleSet,
    headers: &HeaderMap,
    compressed: Compressed,
    render: impl FnOnce(&str, chrono::NaiveDate) -> String,
) -> Response {
    let status = if shown.is_some() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let base = state.public_base(headers);
    let today = state.today();
    let key = shown.map(|shown| format!("{path} {base} {today} {} {shown}", rules.sha256));
    let document = state.rendered.document(key, compressed, || render(&base, today));
    let (representation, body) = document.for_request(headers);
    (status, representation, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::negotiation::Encoding;

    /// A body for `seed` that the fastest gzip leaves at about 20 KB, as it does an advisor
    /// page (its fixed codes spend a byte on each hexadecimal digit).
    fn page_sized(seed: u64) -> String {
        let mut random = seed;
        (0..2_500)
            .map(|_| {
                random = random.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                format!("{:08x}", random >> 32)
            })
            .collect()
    }

    #[test]
    fn a_set_of_states_that_fits_is_rendered_once_each() {
        let cache = RenderedCache::default();
        let mut renders = 0;
        let mut random: u64 = 12345;
        for _ in 0..30_000 {
            random = random.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            // 200 states of a page's size: about half the capacity. Keys go to shards by a hash
            // seeded anew in each process, so a set much nearer the capacity overflows one shard
            // in some processes and not in others (at 90 %, about half the runs missed).
            let state = (random >> 33) % 200;
            let key = format!("/ http://localhost 2026-11-29 {state:0>300}");
            cache.document(Some(key), Compressed::FastFirst, || {
                renders += 1;
                page_sized(state)
            });
        }
        assert_eq!(renders, 200);
        let share = cache.0.weight() as f64 / CAPACITY_BYTES as f64;
        assert!((0.4..0.75).contains(&share), "the states take {share:.2} of the capacity");
    }

    #[test]
    fn a_request_that_takes_no_brotli_gets_the_result_as_a_page_is_compressed() {
        let accepting = |value: &str| -> HeaderMap {
            [(axum::http::header::ACCEPT_ENCODING, value.parse().unwrap())].into_iter().collect()
        };
        assert_eq!(Compressed::small_first(&accepting("br, gzip")), Compressed::SmallFirst);
        assert_eq!(Compressed::small_first(&accepting("gzip")), Compressed::FastFirst);
        assert_eq!(Compressed::small_first(&HeaderMap::new()), Compressed::FastFirst);
    }

    #[test]
    fn documents_are_rendered_once_per_key_and_large_bodies_not_kept() {
        let cache = RenderedCache::default();
        let mut renders = 0;
        let mut held = Vec::new();
        for _ in 0..3 {
            let document = cache.document(Some("a".to_string()), Compressed::FastFirst, || {
                renders += 1;
                "<p>a</p>".to_string()
            });
            assert_eq!(document.representation(Encoding::Identity).1, "<p>a</p>");
            held.push(document.held_bytes() as u64);
        }
        cache.document(None, Compressed::FastFirst, || {
            renders += 1;
            String::new()
        });
        assert_eq!(renders, 2);
        let large = Encoded::rendered("image/png", vec![0; LARGEST_KEPT + 1]);
        assert_eq!(cache.keep("b".to_string(), large).representation(Encoding::Identity).1.len(), LARGEST_KEPT + 1);
        assert!(cache.get("b").is_none());
        // Weighed as it was kept, in its gzip form, before it was asked for again.
        assert_eq!(cache.0.weight(), 1 + held[0] * 5 / 3, "only `a`, with room for its Brotli form");
    }
}
