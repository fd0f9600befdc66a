//! The advisor's server: configuration, logging, rules, then serving until a shutdown signal.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kms_hsm_advisor::server::{AppState, parse_frame_ancestors, router, rules_dir, serve, shutdown_signal};
use leptos::prelude::get_configuration;
use tracing_subscriber::EnvFilter;

/// Where the rules are read from unless `ADVISOR_RULES_DIR` says otherwise.
const DEFAULT_RULES_DIR: &str = "rules";

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
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

    let frame_ancestors = match parse_frame_ancestors(&std::env::var("ADVISOR_FRAME_ANCESTORS").unwrap_or_default()) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("{message}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let rules_dir =
        std::env::var_os("ADVISOR_RULES_DIR").map_or_else(|| PathBuf::from(DEFAULT_RULES_DIR), PathBuf::from);
    let rules = match rules_dir::load(&rules_dir) {
        Ok(rules) => rules,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            eprintln!("refusing to start: {} problem(s) in the rules at {}", diagnostics.len(), rules_dir.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    tracing::info!(version = %rules.version, sha256 = %rules.sha256, dir = %rules_dir.display(), "rules loaded");

    let address = leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(address).await.with_context(|| format!("binding {address}"))?;
    tracing::info!("listening on http://{address}");
    let public_url = std::env::var("ADVISOR_PUBLIC_URL").ok().filter(|url| !url.is_empty());
    let state = AppState::new(leptos_options, rules).with_public_url(public_url).with_frame_ancestors(frame_ancestors);
    serve(listener, router(state), shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}
