//! `GET /`: the advisor page for the state in the query string; the view is `app::home`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use leptos::prelude::*;

use super::AppState;
use super::extract::Lenient;
use super::response_cache::{Compressed, DocumentParts, document_response};
use crate::app::{HomePage, ResultFragment, page_for, render};

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
            render(|| view! { <HomePage options form verdict /> })
        },
    )
}

/// `GET /result`: the result alone for the state in the query, as the island asks for it when an
/// answer changes (`app::ResultFragment`); kept and answered as the page is.
pub async fn result_get(State(state): State<AppState>, read: Lenient, headers: HeaderMap) -> Response {
    document_response(
        &state,
        "/result",
        read,
        &headers,
        Compressed::small_first(&headers),
        |DocumentParts { rules, inputs, errors, base, today }| {
            let (form, verdict) = page_for(rules, inputs, errors, base, today);
            render(|| view! { <ResultFragment form verdict /> })
        },
    )
}
