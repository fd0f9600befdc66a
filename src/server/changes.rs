//! `GET /rules/changes`: what changed in the rules, as a page, or as JSON for `Accept:
//! application/json`; `GET /api/v1/rules/changes`: the JSON.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::AppState;
use crate::app::{ChangesPage, render};
use crate::domain::ruleset::RulesVersion;

/// The changelog as the JSON API gives it.
#[derive(Serialize)]
pub struct ChangesJson<'r> {
    /// The version in force: the first of `versions`.
    pub in_force: &'r str,
    /// Newest first.
    pub versions: &'r [RulesVersion],
}

/// `GET /rules/changes`: the page, unless the client asks for JSON (and not HTML) first.
pub async fn changes_get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let rules = state.rules();
    if wants_json(&headers) {
        return Json(ChangesJson { in_force: &rules.version, versions: &rules.changes }).into_response();
    }
    let options = state.leptos_options.clone();
    let (versions, in_force) = (rules.changes.clone(), rules.version.clone());
    Html(render(move || leptos::view! { <ChangesPage options versions in_force /> })).into_response()
}

/// `GET /api/v1/rules/changes`: the JSON.
pub async fn changes_json_get(State(state): State<AppState>) -> Response {
    let rules = state.rules();
    Json(ChangesJson { in_force: &rules.version, versions: &rules.changes }).into_response()
}

/// Whether `Accept` names JSON before any HTML type (a browser names HTML first).
fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers.get_all(header::ACCEPT).iter().filter_map(|value| value.to_str().ok());
    let types = accept.flat_map(|value| value.split(',')).map(|item| item.split(';').next().unwrap_or("").trim());
    types
        .filter_map(|media| match media {
            "application/json" => Some(true),
            "text/html" | "application/xhtml+xml" => Some(false),
            _ => None,
        })
        .next()
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn json_is_given_to_clients_that_ask_for_it_first() {
        let cases = [
            ("application/json", true),
            ("application/json;q=0.9, */*", true),
            ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false),
            ("*/*", false),
            ("", false),
        ];
        for (accept, json) in cases {
            let headers: HeaderMap = [(header::ACCEPT, HeaderValue::from_static(accept))].into_iter().collect();
            assert_eq!(wants_json(&headers), json, "{accept}");
        }
    }
}
