//! The advisor's server: configuration, logging, rules, then serving until a shutdown signal.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kms_hsm_advisor::server::{
    AppState, ResponsePolicy, parse_frame_ancestors, parse_hsts_max_age, router, rules_dir, serve, shutdown_signal,
};
use leptos::prelude::get_configuration;
use tracing_subscriber::EnvFilter;

/// Where the rules are read from unless `ADVISOR_RULES_DIR` says otherwise.
const DEFAULT_RULES_DIR: &str = "rules";

/// Threads for drawing charts, per core: drawing is CPU-bound, so more threads than this only
/// cost memory and switching under load.
const CHART_THREADS_PER_CORE: usize = 4;

fn main() -> ExitCode {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores * CHART_THREADS_PER_CORE)
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(start()),
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn start() -> ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    match std::env::var("ADVISOR_LOG_FORMAT").unwrap_or_default().as_str() {
        "json" => tracing_subscriber::fmt().json().with_env_filter(filter).init(),
        "" | "text" => tracing_subscriber::fmt().with_env_filter(filter).init(),
        other => {
            eprintln!("ADVISOR_LOG_FORMAT: expected text or json, found `{other}`");
            return ExitCode::FAILURE;
        }
    }
    match run().await {
        Ok(code) => code,
        Err(error) => {
            tracing::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<ExitCode> {
    // cargo-leptos passes the site settings as environment variables; a bare binary run from
    // the project directory reads them from Cargo.toml.
    let manifest = std::env::var_os("LEPTOS_OUTPUT_NAME").is_none().then_some("Cargo.toml");
    let leptos_options = get_configuration(manifest).context("reading the Leptos site configuration")?.leptos_options;

    let setting = |name: &str| std::env::var(name).unwrap_or_default();
    let policy = match (
        parse_frame_ancestors(&setting("ADVISOR_FRAME_ANCESTORS")),
        parse_hsts_max_age(&setting("ADVISOR_HSTS_MAX_AGE")),
    ) {
        (Ok(frame_ancestors), Ok(hsts_max_age)) => ResponsePolicy { frame_ancestors, hsts_max_age },
        (frame_ancestors, hsts) => {
            for message in [frame_ancestors.err(), hsts.err()].into_iter().flatten() {
                eprintln!("{message}");
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let rules_dir =
        std::env::var_os("ADVISOR_RULES_DIR").map_or_else(|| PathBuf::from(DEFAULT_RULES_DIR), PathBuf::from);
    let rules = match rules_dir::load(&rules_dir) {
        Ok(rules) => rules,
        Err(problems) => {
            eprintln!("{}\n", problems.rendered());
            eprintln!("refusing to start: {} problem(s) in the rules at {}", problems.len(), rules_dir.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    tracing::info!(version = %rules.version, sha256 = %rules.sha256, dir = %rules_dir.display(), "rules loaded");

    let address = leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(address).await.with_context(|| format!("binding {address}"))?;
    tracing::info!("listening on http://{address}");
    let public_url = std::env::var("ADVISOR_PUBLIC_URL").ok().filter(|url| !url.is_empty());
    let state = AppState::new(leptos_options, rules).with_public_url(public_url).with_policy(policy);
    let compressing = state.clone();
    tokio::task::spawn_blocking(move || compressing.compress_site_files());
    #[cfg(unix)]
    tokio::spawn(rules_dir::reload_on_hangup(state.clone(), rules_dir));
    serve(listener, router(state), shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}
