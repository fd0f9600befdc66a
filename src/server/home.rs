//! `GET /`: the advisor page for the state in the query string; the view is `app::home`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;

use super::AppState;
use super::extract::Lenient;
use super::response_cache::document_key;
use crate::app::{HomePage, page_for, render};

/// The page, rendered whole in one pass: it computes its data first, so nothing in it waits. A
/// malformed parameter answers 400, its message beside its field and the rest evaluated.
pub async fn home_get(State(state): State<AppState>, read: Lenient, headers: HeaderMap) -> Response {
    let Lenient { rules, inputs, errors } = read;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let base = state.public_base(&headers);
    let today = chrono::Utc::now().date_naive();
    let key = document_key("/", &errors, &base, today, &rules, &inputs);
    let document = state.rendered.document(key, || {
        let (form, verdict) = page_for(&rules, &inputs, errors, &base, today);
        let options = state.leptos_options.clone();
        render(|| view! { <HomePage options form verdict /> })
    });
    let (representation, body) = document.for_request(&headers);
    (status, representation, body).into_response()
}
