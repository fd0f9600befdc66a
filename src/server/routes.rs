//! The route table: every path of the public contract, with the layers every response passes.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use super::{ApiError, AppState, api, changes, charts, compare, embed, exports, home, import, security};
use crate::app::{inline_script_hashes, not_found, render};
use advisor_core::export::Export;

/// Longest a request may take before it answers 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The route table with every layer. Tests call it directly, without a socket.
pub fn router(state: AppState) -> Router {
    // Leptos runs its tasks on tokio; an error only means it already does.
    let _ = any_spawner::Executor::init_tokio();
    let script_hashes = inline_script_hashes(state.leptos_options.clone());
    let security = Arc::new(security::SecurityHeaders::new(&state.policy, &script_hashes));
    let routes = Export::ALL.into_iter().fold(Router::new(), |routes, export| {
        routes
            .route(export.path(), get(move |state, valid, headers| exports::export_get(export, state, valid, headers)))
    });
    routes
        .route("/", get(home::home_get))
        .route("/result", get(home::result_get))
        .route("/healthz", get(api::healthz_get))
        .route("/api/v1/advice", get(api::advice_get))
        .route("/charts/{file}", get(charts::chart_get))
        .route("/embed", get(embed::embed_get))
        .route("/oembed", get(embed::oembed_get))
        .route("/compare", get(compare::compare_get))
        .route("/compare/adr.md", get(compare::compare_adr_get))
        .route("/compare/{file}", get(compare::compare_chart_get))
        .route("/api/v1/compare", get(compare::compare_json_get))
        .route("/rules/changes", get(changes::changes_get))
        .route("/api/v1/rules/changes", get(changes::changes_json_get))
        .fallback(site_file_or_not_found)
        // Every route but the import is read-only: another method gets the same JSON error shape.
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        // The import times its body and its reading itself: its timeout counts from the body's
        // arrival, so a slow upload is not cut short by the time it took to send.
        .merge(
            Router::new()
                .route("/import", get(import::import_page_get).post(import::import_page_post))
                .route("/api/v1/import", post(import::import_json_post))
                .layer(import::body_limit()),
        )
        .layer(axum::middleware::from_fn_with_state(security, security::guard))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The built site's files from memory; a file that has appeared on disk since start-up (or any
/// file, when the site could not be read then) from disk; and otherwise the 404 page.
async fn site_file_or_not_found(State(state): State<AppState>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return not_found_page(&state);
    }
    if let Some(response) = state.site.response(request.uri().path(), request.headers()) {
        return response;
    }
    let from_disk = ServeDir::new(&*state.leptos_options.site_root).append_index_html_on_directories(false);
    match from_disk.oneshot(request).await {
        // A name the file system refuses (too long, say) is no file of the site either.
        Ok(response) if response.status() != StatusCode::NOT_FOUND && !response.status().is_server_error() => {
            response.map(Body::new)
        }
        _ => not_found_page(&state),
    }
}

fn not_found_page(state: &AppState) -> Response {
    let options = state.leptos_options.clone();
    (StatusCode::NOT_FOUND, Html(render(|| not_found(options)))).into_response()
}
