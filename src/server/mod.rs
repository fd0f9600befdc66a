//! The HTTP layer (server build only): the route table, the handlers (one file per resource),
//! how a request's query becomes valid inputs, errors as statuses, what is kept in memory, and
//! serving with a graceful shutdown.

mod api;
mod assets;
mod changes;
mod charts;
mod compare;
mod embed;
mod error;
mod exports;
mod extract;
mod home;
mod import;
mod negotiation;
mod response_cache;
mod routes;
pub mod rules_dir;
mod security;
mod state;

use std::future::Future;

use axum::Router;

pub use error::ApiError;
pub use import::{CONCURRENT_IMPORTS, MAX_UPLOAD_BYTES};
pub use routes::{REQUEST_TIMEOUT, router};
pub use security::{MAX_QUERY_BYTES, ResponsePolicy, parse_frame_ancestors, parse_hsts_max_age, parse_public_url};
pub use state::{AppState, Clock};

/// Serves `router` on `listener` until `shutdown` resolves, then lets requests in flight finish.
///
/// Served as a make-service so that its routes are made ready once: served as a plain router,
/// axum clones every route and layer for each connection, about 32 KB that each open
/// connection holds (8 MB of the peak memory at 256 connections).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service()).with_graceful_shutdown(shutdown).await
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
