//! Responses rendered lately, kept by everything they depend on (the normalized state, the
//! rules, the date, the base URL), so that a state asked for again is not rendered again: a
//! link shared in a ticket and opened by a team, an embed on a busy wiki page, the charts of
//! both. Bounded by bytes; S3-FIFO eviction keeps what is asked for more than once.

use std::sync::OnceLock;

use axum::body::Bytes;
use leptos::nonce::Nonce;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

/// All bodies kept, in bytes: about 500 pages, or three times as many charts.
const CAPACITY_BYTES: u64 = 12 * 1024 * 1024;
/// Larger bodies (big PNGs) are not kept: each would push out dozens of pages.
const LARGEST_KEPT: usize = 256 * 1024;

#[derive(Clone)]
struct ByLength;

impl Weighter<String, Bytes> for ByLength {
    fn weight(&self, key: &String, body: &Bytes) -> u64 {
        (key.len() + body.len()) as u64
    }
}

pub struct RenderedCache(Cache<String, Bytes, ByLength>);

impl Default for RenderedCache {
    fn default() -> Self {
        RenderedCache(Cache::with_weighter(1024, CAPACITY_BYTES, ByLength))
    }
}

impl RenderedCache {
    pub fn get(&self, key: &str) -> Option<Bytes> {
        self.0.get(key)
    }

    /// Keeps `body` under `key` unless it is too large to be worth its room.
    pub fn keep(&self, key: String, body: Bytes) {
        if body.len() <= LARGEST_KEPT {
            self.0.insert(key, body);
        }
    }
}

/// The nonce documents are rendered with before they are kept: random, made once per process,
/// and never sent; [`with_nonce`] swaps in each response's own.
pub fn placeholder_nonce() -> Nonce {
    static PLACEHOLDER: OnceLock<Nonce> = OnceLock::new();
    PLACEHOLDER.get_or_init(Nonce::new).clone()
}

/// A document rendered with [`placeholder_nonce`], carrying `nonce` instead.
pub fn with_nonce(document: &[u8], nonce: &Nonce) -> String {
    String::from_utf8_lossy(document).replace(&*placeholder_nonce(), nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_kept_unless_large() {
        let cache = RenderedCache::default();
        cache.keep("a".to_string(), Bytes::from_static(b"body"));
        cache.keep("b".to_string(), Bytes::from(vec![0; LARGEST_KEPT + 1]));
        assert_eq!(cache.get("a").unwrap(), "body");
        assert!(cache.get("b").is_none());
        assert_eq!(cache.0.weight(), 5, "a key and its body");
    }

    #[test]
    fn each_response_carries_its_own_nonce() {
        let placeholder = placeholder_nonce();
        let document = format!(r#"<script nonce="{placeholder}"></script><link crossorigin="{placeholder}">"#);
        let nonce = Nonce::new();
        let served = with_nonce(document.as_bytes(), &nonce);
        assert_eq!(served, format!(r#"<script nonce="{nonce}"></script><link crossorigin="{nonce}">"#));
        assert_ne!(&*placeholder, &*nonce);
    }
}
