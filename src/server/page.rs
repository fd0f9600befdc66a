//! `GET /`: the advisor page for the state in the query string.

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use leptos::nonce::Nonce;
use leptos::prelude::*;

use super::AppState;
use crate::app::{HomePage, page_for, render};

/// The page, rendered whole in one pass: it computes its data first, so nothing in it waits. A
/// malformed parameter answers 400, its message beside its field and the rest evaluated.
pub async fn page_get(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    nonce: Option<Extension<Nonce>>,
) -> Response {
    let rules = state.rules();
    let query = query.unwrap_or_default();
    let (form, verdict) = page_for(&rules, &query, &state.public_base(&headers));
    let status = if form.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let options = state.leptos_options.clone();
    let html = render(nonce.map(|Extension(nonce)| nonce), || view! { <HomePage options form verdict /> });
    (status, Html(html)).into_response()
}
