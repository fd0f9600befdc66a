//! `GET /rules/changes`: what changed in the rules, as a page, or as JSON for `Accept:
//! application/json`; `GET /api/v1/rules/changes`: the JSON.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::AppState;
use crate::app::{ChangesPage, render};
use advisor_core::costs::KeyOption;
use advisor_core::ruleset::RulesVersion;

/// The changelog as the JSON API gives it.
#[derive(Serialize)]
pub struct ChangesJson<'r> {
    /// The version in force: the first of `versions`.
    pub in_force: &'r str,
    /// Newest first.
    pub versions: &'r [RulesVersion],
}

/// `GET /rules/changes`: the page, unless the client asks for JSON (and not HTML) first. Both
/// say they vary by `Accept`, so that a shared cache keeps them apart.
pub async fn changes_get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let rules = state.rules();
    let mut response = if wants_json(&headers) {
        Json(ChangesJson { in_force: &rules.version, versions: &rules.changes }).into_response()
    } else {
        let options = state.leptos_options.clone();
        let (versions, in_force) = (rules.changes.clone(), rules.version.clone());
        let titles = KeyOption::ALL.map(|option| rules.title(option).to_string()).to_vec();
        Html(render(move || leptos::view! { <ChangesPage options versions in_force titles /> })).into_response()
    };
    response.headers_mut().append(header::VARY, HeaderValue::from_static("accept"));
    response
}

/// `GET /api/v1/rules/changes`: the JSON.
pub async fn changes_json_get(State(state): State<AppState>) -> Response {
    let rules = state.rules();
    Json(ChangesJson { in_force: &rules.version, versions: &rules.changes }).into_response()
}

/// Whether `Accept` prefers JSON to HTML: by quality (`q`, 1 when not given), then by which
/// comes first (a browser names HTML first); a type with `q=0` is one the client refuses.
fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers.get_all(header::ACCEPT).iter().filter_map(|value| value.to_str().ok());
    // The best quality each kind is given, and where it was given.
    type Best = Option<(f32, usize)>;
    let (mut json, mut html): (Best, Best) = (None, None);
    for (position, item) in accept.flat_map(|value| value.split(',')).enumerate() {
        let mut parts = item.split(';').map(str::trim);
        let media = parts.next().unwrap_or("");
        let quality = parts.find_map(|param| param.strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok());
        let quality = quality.unwrap_or(1.0);
        let best = match media {
            "application/json" => &mut json,
            "text/html" | "application/xhtml+xml" => &mut html,
            _ => continue,
        };
        if best.is_none_or(|(given, _)| quality > given) {
            *best = Some((quality, position));
        }
    }
    match (json, html) {
        (Some((q, _)), _) if q <= 0.0 => false,
        (Some(_), None) => true,
        (Some((q_json, at_json)), Some((q_html, at_html))) => {
            q_json > q_html || (q_json == q_html && at_json < at_html)
        }
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_given_to_clients_that_ask_for_it_first() {
        let cases = [
            ("application/json", true),
            ("application/json;q=0.9, */*", true),
            ("application/json;q=0, text/html", false),
            ("application/json; q=0.0", false),
            ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false),
            ("*/*", false),
            ("application/json;q=0.1,text/html", false),
            ("text/html;q=0.5, application/json", true),
            ("text/html, application/json", false),
            ("", false),
        ];
        for (accept, json) in cases {
            let headers: HeaderMap = [(header::ACCEPT, HeaderValue::from_static(accept))].into_iter().collect();
            assert_eq!(wants_json(&headers), json, "{accept}");
        }
    }
}
