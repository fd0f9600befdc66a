//! Responses rendered lately, kept by everything they depend on (the normalized state, the
//! rules, the date, the base URL), so that a state asked for again is not rendered or
//! compressed again: a link shared in a ticket and opened by a team, an embed on a busy wiki
//! page, the charts of both. Bounded by bytes; S3-FIFO eviction keeps what is asked for more
//! than once.

use std::sync::Arc;

use axum::body::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

use super::encoded::{Effort, Encoded};

/// All responses kept, in bytes with room for their compressed forms: about 250 pages, or
/// three times as many charts.
const CAPACITY_BYTES: u64 = 12 * 1024 * 1024;
/// Larger bodies (big PNGs) are not kept: each would push out dozens of pages.
const LARGEST_KEPT: usize = 256 * 1024;

#[derive(Clone)]
struct ByLength;

impl Weighter<String, Arc<Encoded>> for ByLength {
    fn weight(&self, key: &String, response: &Arc<Encoded>) -> u64 {
        // Compressed forms are made later and are smaller than the body; count them as one more.
        (key.len() + 2 * response.identity().len()) as u64
    }
}

pub struct RenderedCache(Cache<String, Arc<Encoded>, ByLength>);

impl Default for RenderedCache {
    fn default() -> Self {
        RenderedCache(Cache::with_weighter(1024, CAPACITY_BYTES, ByLength))
    }
}

impl RenderedCache {
    pub fn get(&self, key: &str) -> Option<Arc<Encoded>> {
        self.0.get(key)
    }

    /// Keeps `response` under `key` unless it is too large to be worth its room.
    pub fn keep(&self, key: String, response: Encoded) -> Arc<Encoded> {
        let response = Arc::new(response);
        if response.identity().len() <= LARGEST_KEPT {
            self.0.insert(key, Arc::clone(&response));
        }
        response
    }

    /// The HTML document kept under `key`, or `render`'s, kept under `key` when there is one.
    pub fn document(&self, key: Option<String>, render: impl FnOnce() -> String) -> Arc<Encoded> {
        if let Some(kept) = key.as_deref().and_then(|key| self.get(key)) {
            return kept;
        }
        let document = Encoded::new("text/html; charset=utf-8", Bytes::from(render()), Effort::Quick);
        match key {
            Some(key) => self.keep(key, document),
            None => Arc::new(document),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_rendered_once_per_key_and_large_bodies_not_kept() {
        let cache = RenderedCache::default();
        let mut renders = 0;
        for _ in 0..3 {
            let document = cache.document(Some("a".to_string()), || {
                renders += 1;
                "<p>a</p>".to_string()
            });
            assert_eq!(document.identity(), "<p>a</p>");
        }
        cache.document(None, || {
            renders += 1;
            String::new()
        });
        assert_eq!(renders, 2);
        let large = Encoded::new("image/png", Bytes::from(vec![0; LARGEST_KEPT + 1]), Effort::Quick);
        assert_eq!(cache.keep("b".to_string(), large).identity().len(), LARGEST_KEPT + 1);
        assert!(cache.get("b").is_none());
        assert_eq!(cache.0.weight(), 1 + 2 * 8, "only `a`, with room for its compressed forms");
    }
}
