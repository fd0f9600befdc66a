//! The HTTP layer (server build only): shared state, the route table, and serving with a
//! graceful shutdown.

mod api;
mod charts;
mod embed;
mod error;
mod exports;
mod headers;
pub mod rules_dir;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use leptos::prelude::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};

use crate::app::{App, shell};
use crate::domain::RuleSet;

pub use error::ApiError;
pub use headers::parse_frame_ancestors;

/// What every handler can reach: the Leptos options and the loaded rules.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    rules: Arc<RuleSet>,
    /// The site's public base URL (`ADVISOR_PUBLIC_URL`), for absolute links in exports; `None`
    /// uses the request's Host.
    public_url: Option<String>,
    /// Who may frame `/embed`: a `frame-ancestors` source list (`ADVISOR_FRAME_ANCESTORS`).
    frame_ancestors: Arc<str>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, rules: RuleSet) -> Self {
        AppState { leptos_options, rules: Arc::new(rules), public_url: None, frame_ancestors: Arc::from("*") }
    }

    pub fn with_public_url(mut self, public_url: Option<String>) -> Self {
        self.public_url = public_url.map(|url| url.trim_end_matches('/').to_string());
        self
    }

    /// `sources` must have passed [`parse_frame_ancestors`].
    pub fn with_frame_ancestors(mut self, sources: String) -> Self {
        self.frame_ancestors = Arc::from(sources);
        self
    }

    /// The base URL links to this site start with: `ADVISOR_PUBLIC_URL`, else the request's
    /// Host (and `X-Forwarded-Proto`, as a TLS-terminating proxy sets it).
    pub fn public_base(&self, headers: &axum::http::HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        // A Host that is not a plain host[:port] would end up in links; use a harmless one.
        let host = header("host")
            .filter(|host| {
                !host.is_empty()
                    && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
            })
            .unwrap_or("localhost");
        let scheme = if header("x-forwarded-proto") == Some("https") { "https" } else { "http" };
        format!("{scheme}://{host}")
    }

    /// The rules in force.
    pub fn rules(&self) -> Arc<RuleSet> {
        Arc::clone(&self.rules)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The route table. Tests call it directly, without a socket.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    Router::new()
        .route("/healthz", get(api::healthz_get))
        .route("/api/v1/advice", get(api::advice_get))
        .route("/charts/{file}", get(charts::chart_get))
        .route("/export/costs.csv", get(exports::costs_csv_get))
        .route("/export/adr.md", get(exports::adr_get))
        .route("/embed", get(embed::embed_get))
        .route("/oembed", get(embed::oembed_get))
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&state.frame_ancestors), headers::security_headers))
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
