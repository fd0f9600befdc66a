//! `GET /charts/{name}.{svg,png}`: the cost charts for the state in the query, cacheable.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use sha2::{Digest, Sha256};

use super::extract::{Lenient, Valid};
use super::negotiation::{Encoded, holds};
use super::{ApiError, AppState};
use crate::charts::{Chart, ChartData, Decided, Format, Look, render};

/// Charts change with the month (their time axis starts at the current one), so an hour of
/// caching is safe and keeps repeated embeds cheap.
const CACHE_CONTROL: &str = "public, max-age=3600";

/// How many recent tags are kept; a few hundred bytes each.
const RECENT_TAGS: usize = 4096;

/// The ETags of charts asked for lately, by file and raw query, so a browser revalidating a
/// chart it holds is answered without parsing and hashing its query again. A tag holds only
/// while the rules and the month it was made for are still current. Emptied when full.
#[derive(Default)]
pub struct RecentTags(Mutex<HashMap<String, RecentTag>>);

struct RecentTag {
    etag: String,
    rules_sha256: String,
    month: (i32, u32),
}

impl RecentTags {
    fn get(&self, key: &str, rules_sha256: &str, month: (i32, u32)) -> Option<String> {
        let tags = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let tag = tags.get(key).filter(|tag| tag.rules_sha256 == rules_sha256 && tag.month == month)?;
        Some(tag.etag.clone())
    }

    fn put(&self, key: String, tag: RecentTag) {
        let mut tags = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if tags.len() >= RECENT_TAGS {
            tags.clear();
        }
        tags.insert(key, tag);
    }
}

fn chart_of(file: &str) -> Option<(Chart, Format)> {
    let (name, extension) = file.rsplit_once('.')?;
    let chart = Chart::ALL.into_iter().find(|c| c.slug() == name)?;
    Some((chart, format_of(extension)?))
}

/// The format a file extension names: `svg` or `png`.
pub(super) fn format_of(extension: &str) -> Option<Format> {
    match extension {
        "svg" => Some(Format::Svg),
        "png" => Some(Format::Png),
        _ => None,
    }
}

pub async fn chart_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (chart, format) = chart_of(&file).ok_or(ApiError::NotFound(
        "no such chart: the charts are cost-vs-requests and cost-over-time, as .svg or .png",
    ))?;
    let rules = state.rules();
    let query = query.unwrap_or_default();
    let today = state.today();
    let month = (today.year(), today.month());
    let key = format!("{file}?{query}");
    if headers.contains_key(header::IF_NONE_MATCH)
        && let Some(etag) = state.recent_chart_tags.get(&key, &rules.sha256, month)
        && holds(&headers, &etag)
    {
        return not_modified(&etag);
    }

    // Read only now: a revalidation above is answered without it.
    let Valid { rules, inputs } = Lenient::read(rules, &query).valid()?;
    let look = Look::from_query(&query)?;
    let etag = entity_tag(&[&file, &inputs.to_query(), &look.to_query(), &rules.sha256], today);
    let tag = RecentTag { etag: etag.clone(), rules_sha256: rules.sha256.clone(), month };
    state.recent_chart_tags.put(key, tag);
    if holds(&headers, &etag) {
        return not_modified(&etag);
    }

    kept_chart(&state, &etag, format, &headers, move || {
        // The rules decide too: a chart marks the options ruled out and meets only those left.
        let outlook = advisor_core::advice::outlook(&rules, &inputs);
        render(chart, &ChartData::new(chart, &rules, &inputs, Decided::from(&outlook), today), format, look)
    })
    .await
}

/// The chart tagged `etag`, kept under its tag or drawn by `draw` (a PNG off the async workers), in the
/// encoding the request asks for, with its caching headers.
pub(super) async fn kept_chart(
    state: &AppState,
    etag: &str,
    format: Format,
    headers: &HeaderMap,
    draw: impl FnOnce() -> Result<Vec<u8>, crate::charts::ChartError> + Send + 'static,
) -> Result<Response, ApiError> {
    // The tag names everything the bytes depend on, so it keys them too.
    let key = format!("/charts/{etag}");
    let encoded = match state.rendered.get(&key) {
        Some(encoded) => encoded,
        None => {
            let rendered = match format {
                // An SVG takes a fraction of a page's time, which the async workers render too;
                // handing it to another thread cost more in switching than it saved, and each
                // thread that draws keeps a heap of its own.
                Format::Svg => draw()?,
                // A PNG's raster takes milliseconds, too long to hold an async worker.
                Format::Png => tokio::task::spawn_blocking(draw).await??,
            };
            let content_type = match format {
                Format::Svg => "image/svg+xml; charset=utf-8",
                Format::Png => "image/png",
            };
            state.rendered.keep(key, Encoded::rendered(content_type, rendered))
        }
    };
    let (representation, body) = encoded.for_request(headers);
    Ok((cache_headers(etag)?, representation, body).into_response())
}

/// 304 for a client that holds the representation tagged `etag`, with its caching headers.
pub(super) fn not_modified(etag: &str) -> Result<Response, ApiError> {
    Ok((StatusCode::NOT_MODIFIED, cache_headers(etag)?).into_response())
}

pub(super) fn cache_headers(etag: &str) -> Result<[(HeaderName, HeaderValue); 2], ApiError> {
    Ok([(header::ETAG, HeaderValue::from_str(etag)?), (header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL))])
}

/// A strong tag over everything the bytes depend on: `parts` (the chart, the normalized state or
/// states, the size and theme, the rules) and the month the time axis starts in, `today`'s.
pub(super) fn entity_tag(parts: &[&str], today: chrono::NaiveDate) -> String {
    let month = today.format("%Y-%m").to_string();
    let mut hasher = Sha256::new();
    for part in parts.iter().copied().chain([month.as_str()]) {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest: String = hasher.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{digest}\"")
}
