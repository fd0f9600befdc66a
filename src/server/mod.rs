//! The HTTP layer (server build only): shared state, the route table, and serving with a
//! graceful shutdown.

mod api;
mod charts;
mod embed;
mod encoded;
mod error;
mod exports;
mod headers;
mod page;
mod rendered;
pub mod rules_dir;
mod site;

use std::future::Future;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::get;
use leptos::prelude::LeptosOptions;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::app::{inline_script_hashes, not_found};
use crate::domain::RuleSet;

pub use error::ApiError;
pub use headers::{MAX_QUERY_BYTES, ResponsePolicy, parse_frame_ancestors, parse_hsts_max_age};

/// What every handler can reach: the Leptos options and the loaded rules.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// Swapped whole on reload; a request keeps the rules it started with.
    rules: Arc<RwLock<Arc<RuleSet>>>,
    /// The site's public base URL (`ADVISOR_PUBLIC_URL`), for absolute links in exports; `None`
    /// uses the request's Host.
    public_url: Option<String>,
    /// The security headers and limits every response gets.
    policy: Arc<ResponsePolicy>,
    recent_chart_tags: Arc<charts::RecentTags>,
    /// Pages, cards and charts rendered lately.
    rendered: Arc<rendered::RenderedCache>,
    /// The built site's files, in memory.
    site: Arc<site::SiteFiles>,
}

impl AppState {
    /// Reads the built site's files from `leptos_options.site_root`; if that fails, they are
    /// served from disk.
    pub fn new(leptos_options: LeptosOptions, rules: RuleSet) -> Self {
        let site = site::SiteFiles::load(std::path::Path::new(&*leptos_options.site_root)).unwrap_or_else(|error| {
            tracing::warn!(
                "reading the site's files from {}: {error}; serving them from disk",
                leptos_options.site_root
            );
            site::SiteFiles::default()
        });
        AppState {
            leptos_options,
            rules: Arc::new(RwLock::new(Arc::new(rules))),
            public_url: None,
            policy: Arc::default(),
            recent_chart_tags: Arc::default(),
            rendered: Arc::default(),
            site: Arc::new(site),
        }
    }

    pub fn with_public_url(mut self, public_url: Option<String>) -> Self {
        self.public_url = public_url.map(|url| url.trim_end_matches('/').to_string());
        self
    }

    /// `policy.frame_ancestors` must have passed [`parse_frame_ancestors`].
    pub fn with_policy(mut self, policy: ResponsePolicy) -> Self {
        self.policy = Arc::new(policy);
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

    /// Compresses the site's files now rather than when the first visitor asks for them.
    pub fn compress_site_files(&self) {
        self.site.compress_all();
    }

    /// The rules in force.
    pub fn rules(&self) -> Arc<RuleSet> {
        // A writer that panicked cannot have left a half-written Arc behind: use it.
        Arc::clone(&self.rules.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Puts `rules` in force for every request that starts from now on.
    pub fn replace_rules(&self, rules: RuleSet) {
        *self.rules.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(rules);
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Longest a request may take before it answers 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The route table with every layer. Tests call it directly, without a socket.
pub fn router(state: AppState) -> Router {
    // Leptos runs its tasks on tokio; an error only means it already does.
    let _ = any_spawner::Executor::init_tokio();
    let script_hashes = inline_script_hashes(state.leptos_options.clone());
    let security = Arc::new(headers::SecurityHeaders::new(&state.policy, &script_hashes));
    Router::new()
        .route("/", get(page::page_get))
        .route("/healthz", get(api::healthz_get))
        .route("/api/v1/advice", get(api::advice_get))
        .route("/charts/{file}", get(charts::chart_get))
        .route("/export/costs.csv", get(exports::costs_csv_get))
        .route("/export/adr.md", get(exports::adr_get))
        .route("/embed", get(embed::embed_get))
        .route("/oembed", get(embed::oembed_get))
        .fallback(site_file_or_not_found)
        .layer(axum::middleware::from_fn_with_state(security, headers::guard))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The built site's files from memory; anything else goes to Leptos's handler, which serves
/// the file if it has appeared on disk since, and otherwise the 404 page.
async fn site_file_or_not_found(State(state): State<AppState>, request: Request) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD)
        && let Some(response) = state.site.response(request.uri().path(), request.headers())
    {
        return response;
    }
    let from_disk = leptos_axum::file_and_error_handler::<AppState, _>(not_found);
    from_disk(request.uri().clone(), State(state), request).await
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
