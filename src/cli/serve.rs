//! `serve`: settings, logging, rules, then serving until a shutdown signal.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kms_hsm_advisor::server::{AppState, ResponsePolicy, router, rules_dir, serve, shutdown_signal};
use leptos::prelude::get_configuration;

use super::rules_or_report;
use super::settings::{LogFormat, Settings};

/// Threads for the work that would hold an async worker too long (a PNG chart's raster, an
/// import, a rules reload), per core: it is CPU-bound, so more threads than this only cost
/// memory and switching under load (each keeps its own heap).
const BLOCKING_THREADS_PER_CORE: usize = 2;

/// Serves until Ctrl-C or SIGTERM; fails at once on a bad setting or invalid rules.
pub fn run() -> ExitCode {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(errors) => {
            for error in errors {
                eprintln!("{error}");
            }
            return ExitCode::FAILURE;
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores * BLOCKING_THREADS_PER_CORE)
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(start(settings)),
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn start(settings: Settings) -> ExitCode {
    let Settings { rules_dir, public_url, log_format, log_filter, policy } = settings;
    match log_format {
        LogFormat::Json => tracing_subscriber::fmt().json().with_env_filter(log_filter).init(),
        LogFormat::Text => tracing_subscriber::fmt().with_env_filter(log_filter).init(),
    }
    match listen(rules_dir, public_url, policy).await {
        Ok(code) => code,
        Err(error) => {
            tracing::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn listen(rules_dir: PathBuf, public_url: Option<String>, policy: ResponsePolicy) -> anyhow::Result<ExitCode> {
    // cargo-leptos passes the site settings as environment variables; a bare binary run from
    // the project directory reads them from Cargo.toml.
    let manifest = std::env::var_os("LEPTOS_OUTPUT_NAME").is_none().then_some("Cargo.toml");
    let leptos_options = get_configuration(manifest).context("reading the Leptos site configuration")?.leptos_options;
    let Some(rules) = rules_or_report(&rules_dir, "refusing to start: ") else { return Ok(ExitCode::FAILURE) };
    tracing::info!(version = %rules.version, sha256 = %rules.sha256, dir = %rules_dir.display(), "rules loaded");

    let address = leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(address).await.with_context(|| format!("binding {address}"))?;
    // The address bound: with port 0 the system chose one, which is the one to tell.
    let bound = listener.local_addr().with_context(|| format!("reading the address bound for {address}"))?;
    tracing::info!("listening on http://{bound}");
    let state = AppState::new(leptos_options, rules).with_public_url(public_url).with_policy(policy);
    let compressing = state.clone();
    tokio::task::spawn_blocking(move || compressing.compress_site_files());
    #[cfg(unix)]
    tokio::spawn(rules_dir::reload_on_hangup(state.clone(), rules_dir));
    serve(listener, router(state), shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}
