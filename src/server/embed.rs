//! `GET /embed`, the compact result for other sites' iframes, and `GET /oembed`, which tells
//! wikis that speak oEmbed how to embed a page of this site.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use leptos::prelude::*;
use serde_json::{Value, json};

use super::extract::Lenient;
use super::response_cache::{Compressed, DocumentParts, document_response};
use super::{ApiError, AppState};
use crate::app::{EMBED_WIDTH, EmbedPage, card_height, document_title, iframe_snippet, render, verdict_for};
use advisor_core::InputError;

/// How long a consumer may cache an oEmbed answer: as long as the charts.
const OEMBED_CACHE_SECONDS: u32 = 3600;

/// `GET /embed`: the recommendation for the query, compact. A malformed parameter is named on
/// the card, which shows the defaults' result, with status 400, as the full page does.
pub async fn embed_get(
    State(state): State<AppState>,
    mut read: Lenient,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    // The host's colours: not part of the state, but another document.
    let theme = match theme(query.as_deref().unwrap_or("")) {
        Ok(theme) => theme,
        Err(error) => {
            read.errors.push(error);
            None
        }
    };
    let path = match theme {
        Some(theme) => format!("/embed theme={theme}"),
        None => "/embed".to_string(),
    };
    document_response(
        &state,
        &path,
        read,
        &headers,
        Compressed::FastFirst,
        |DocumentParts { rules, inputs, errors, base, today }| {
            let verdict = verdict_for(rules, inputs, errors, base, today);
            let options = state.leptos_options.clone();
            render(|| view! { <EmbedPage verdict options theme /> })
        },
    )
}

/// The card's `theme`: `light` or `dark` when the host sets it (the last one given), `None` to
/// follow the reader's system.
fn theme(query: &str) -> Result<Option<&'static str>, InputError> {
    let given = form_urlencoded::parse(query.as_bytes()).filter(|(name, _)| name == "theme").last();
    match given.as_ref().map(|(_, value)| value.trim()) {
        None | Some("") => Ok(None),
        Some("light") => Ok(Some("light")),
        Some("dark") => Ok(Some("dark")),
        Some(other) => Err(InputError {
            parameter: "theme",
            message: format!("expected light or dark, found {}", advisor_core::format::quoted(other)),
        }),
    }
}

/// `GET /oembed?url=&maxwidth=&maxheight=&format=json`: oEmbed 1.0, type `rich`, for a page of
/// this site (`/` or `/embed`).
pub async fn oembed_get(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let query = query.unwrap_or_default();
    // As everywhere else, a repeated parameter takes its last value.
    let parameter = |name: &str| {
        form_urlencoded::parse(query.as_bytes()).filter(|(key, _)| key == name).last().map(|(_, value)| value)
    };
    match parameter("format").as_deref() {
        None | Some("json") => {}
        Some("xml") => {
            return Err(ApiError::NotImplemented(InputError {
                parameter: "format",
                message: "only format=json is served".to_string(),
            }));
        }
        Some(other) => {
            return Err(invalid("format", format!("expected json, found `{other}`")));
        }
    }
    let url = parameter("url").ok_or_else(|| invalid("url", "required: the address of an advisor page".into()))?;
    let page = url::Url::parse(&url)
        .ok()
        .filter(|page| matches!(page.scheme(), "http" | "https"))
        .ok_or_else(|| invalid("url", format!("expected an absolute http(s) address, found `{url}`")))?;
    let base = state.public_base(&headers);
    let site = url::Url::parse(&base)?;
    if page.host_str() != site.host_str() || page.port() != site.port() {
        return Err(ApiError::NotFound("that address is not a page of this advisor"));
    }
    if !matches!(page.path(), "/" | "/embed") {
        return Err(ApiError::NotFound("only the advisor page (/) and /embed can be embedded"));
    }
    let max_width = dimension(parameter("maxwidth").as_deref(), "maxwidth")?;
    let max_height = dimension(parameter("maxheight").as_deref(), "maxheight")?;

    let Lenient { rules, inputs, errors } = Lenient::read(state.rules(), page.query().unwrap_or(""));
    if let Some(error) = errors.first() {
        return Err(invalid("url", format!("its parameter {}: {}", error.parameter, error.message)));
    }
    // The card's own height for this state, as the page's snippet has it.
    let verdict = verdict_for(&rules, &inputs, Vec::new(), &base, state.today());
    let recommendation = verdict.title.clone();
    let width = max_width.map_or(EMBED_WIDTH, |max| max.min(EMBED_WIDTH));
    // The card is taller in a narrower frame: its height is worked out for the width answered.
    let card = card_height(&verdict, width);
    let height = max_height.map_or(card, |max| max.min(card));
    // The card names the rules the embedded link was made under, or those in force.
    let version = inputs.rules_version().unwrap_or(&rules.version);
    let version: String = form_urlencoded::byte_serialize(version.as_bytes()).collect();
    // The host's colours, when the page's link sets them, carry over to the card.
    let theme = theme(page.query().unwrap_or("")).map_err(|error| invalid("url", format!("its parameter {error}")))?;
    let theme = theme.map(|theme| format!("&theme={theme}")).unwrap_or_default();
    let embed_url = format!("{base}/embed?{}&rules={version}{theme}", inputs.to_query());
    Ok(Json(json!({
        "version": "1.0",
        "type": "rich",
        "title": document_title(&recommendation),
        "provider_name": "KMS vs CloudHSM Advisor",
        "provider_url": format!("{base}/"),
        "cache_age": OEMBED_CACHE_SECONDS,
        "html": iframe_snippet(&embed_url, &recommendation, width, height),
        "width": width,
        "height": height,
    })))
}

fn invalid(parameter: &'static str, message: String) -> ApiError {
    ApiError::InvalidParameter(InputError { parameter, message })
}

/// `maxwidth`/`maxheight`: a whole number of pixels, at least 1.
fn dimension(value: Option<&str>, parameter: &'static str) -> Result<Option<u32>, ApiError> {
    match value {
        None | Some("") => Ok(None),
        Some(value) => value
            .parse::<u32>()
            .ok()
            .filter(|&pixels| pixels >= 1)
            .map(Some)
            .ok_or_else(|| invalid(parameter, format!("expected a whole number of pixels, found `{value}`"))),
    }
}
