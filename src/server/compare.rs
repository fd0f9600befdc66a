//! The comparison of two states: `GET /compare` (the page), `GET /api/v1/compare` (its JSON),
//! `GET /compare/cost-over-time.{svg,png}` (its chart) and `GET /compare/adr.md` (its decision
//! record).

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::*;

use super::charts::{entity_tag, format_of, kept_chart, not_modified};
use super::exports::attachment;
use super::extract::{LenientPair, ValidPair};
use super::negotiation::holds;
use super::response_cache::{Compressed, kept_document_response, state_key};
use super::{ApiError, AppState};
use crate::app::{ComparePage, comparison_for, render};
use crate::charts::{ComparisonChart, Look, render_comparison};
use advisor_core::adr::comparison_record;
use advisor_core::compare::{Comparison, StateQueries, compare};
use advisor_core::export::{Export, option_id};

/// The page. A browser without scripts submits B's form fields beside `a`; it is sent on to the
/// comparison's own link, B nested in `b`, so every comparison has one form of URL. A malformed
/// state or parameter answers 400, its message on the page and the rest compared.
pub async fn compare_get(State(state): State<AppState>, read: LenientPair, headers: HeaderMap) -> Response {
    let LenientPair { rules, queries, form, states, errors } = read;
    if let Some(b) = form {
        return Redirect::to(&format!("/compare?{}", StateQueries { b, ..queries }.to_query())).into_response();
    }
    let shown =
        errors.is_empty().then(|| format!("{} | {}", state_key(&rules, &states[0]), state_key(&rules, &states[1])));
    kept_document_response(&state, "/compare", shown, &rules, &headers, Compressed::FastFirst, |_base, today| {
        let (form, a, view) = comparison_for(&rules, &states, errors, &queries, today);
        let options = state.leptos_options.clone();
        render(|| view! { <ComparePage options form a view /> })
    })
}

/// `GET /api/v1/compare`: both states' advice and what differs, or 400 naming `a` or `b` and the
/// parameter within it.
pub async fn compare_json_get(ValidPair { rules, states: [a, b] }: ValidPair) -> Json<Comparison> {
    Json(compare(&rules, &a, &b))
}

/// `GET /compare/cost-over-time.{svg,png}`: each state's recommended option, cumulative over
/// time; `width`, `height` and `theme` as for the state's charts.
pub async fn compare_chart_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    pair: ValidPair,
) -> Result<Response, ApiError> {
    let format = file
        .strip_prefix("cost-over-time.")
        .and_then(format_of)
        .ok_or(ApiError::NotFound("no such chart: a comparison's chart is cost-over-time, as .svg or .png"))?;
    let ValidPair { rules, states: [a, b] } = pair;
    let look = Look::from_query(query.as_deref().unwrap_or(""))?;
    let today = state.today();
    let etag = entity_tag(&[&file, &a.to_query(), &b.to_query(), &look.to_query(), &rules.sha256], today);
    if holds(&headers, &etag) {
        return not_modified(&etag);
    }
    kept_chart(&state, &etag, format, &headers, move || {
        let comparison = compare(&rules, &a, &b);
        render_comparison(&ComparisonChart::new(&rules, &comparison, today), format, look)
    })
    .await
}

/// `GET /compare/adr.md`: the comparison as a decision record with both states as the variants
/// considered.
pub async fn compare_adr_get(
    State(state): State<AppState>,
    ValidPair { rules, states: [a, b] }: ValidPair,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let comparison = compare(&rules, &a, &b);
    let today = state.today();
    let record = comparison_record(&rules, &comparison, today, &state.public_base(&headers));
    let (a, b) = (option_id(comparison.a.recommendation.option), option_id(comparison.b.recommendation.option));
    attachment(Export::DecisionRecord.content_type(), &format!("{today}-compare-{a}-with-{b}.md"), record.into_bytes())
}
