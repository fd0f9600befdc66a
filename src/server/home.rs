//! `GET /`: the advisor page for the state in the query string; the view is `app::home`.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;
use leptos::prelude::*;

use super::AppState;
use super::extract::Lenient;
use super::response_cache::{Compressed, DocumentParts, document_response};
use crate::app::sections::{held_digests, with_digests};
use crate::app::{HomePage, ResultFragment, page_for, render};

/// The request header in which the island names the digests of the result's sections it holds,
/// separated by spaces.
pub const HELD_SECTIONS: HeaderName = HeaderName::from_static("advisor-held-sections");

/// The page, rendered whole in one pass: it computes its data first, so nothing in it waits. A
/// malformed parameter answers 400, its message beside its field and the rest evaluated.
pub async fn home_get(State(state): State<AppState>, read: Lenient, headers: HeaderMap) -> Response {
    document_response(
        &state,
        "/",
        read,
        &headers,
        Compressed::FastFirst,
        |DocumentParts { rules, inputs, errors, base, today }| {
            let (form, verdict) = page_for(rules, inputs, errors, base, today);
            let options = state.leptos_options.clone();
            with_digests(&render(|| view! { <HomePage options form verdict /> }), &[])
        },
    )
}

/// `GET /result`: the result alone for the state in the query, as the island asks for it when an
/// answer changes (`app::ResultFragment`); kept and answered as the page is. Each section the
/// request names by its digest in [`HELD_SECTIONS`] comes empty, marked `data-same`.
pub async fn result_get(State(state): State<AppState>, read: Lenient, headers: HeaderMap) -> Response {
    let held = headers.get(&HELD_SECTIONS).and_then(|value| value.to_str().ok()).map(held_digests).unwrap_or_default();
    // What the reader holds decides the bytes, so it keys them too.
    let path = if held.is_empty() { "/result".to_string() } else { format!("/result held={}", held.join(" ")) };
    let mut response = document_response(
        &state,
        &path,
        read,
        &headers,
        Compressed::small_first(&headers),
        |DocumentParts { rules, inputs, errors, base, today }| {
            let (form, verdict) = page_for(rules, inputs, errors, base, today);
            with_digests(&render(|| view! { <ResultFragment form verdict /> }), &held)
        },
    );
    response.headers_mut().append(header::VARY, HeaderValue::from(HELD_SECTIONS));
    response
}
