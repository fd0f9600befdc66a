//! `GET /`: the advisor page for the state in the query string.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;

use super::AppState;
use super::rendered::document_key;
use crate::app::{HomePage, page_for, render};
use crate::domain::Inputs;

/// The page, rendered whole in one pass: it computes its data first, so nothing in it waits. A
/// malformed parameter answers 400, its message beside its field and the rest evaluated.
pub async fn page_get(State(state): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let rules = state.rules();
    let (inputs, errors) = Inputs::from_query(query.as_deref().unwrap_or(""), &rules.region_codes());
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
