//! The advisor's binary: `serve` (the default: configuration, logging, rules, then serving until
//! a shutdown signal), `check` (validate a rules directory), `advise` (one evaluation, without
//! a server) and `prices import` (AWS's price list files into the rules).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use kms_hsm_advisor::domain::adr::decision_record;
use kms_hsm_advisor::domain::{Inputs, RuleSet, evaluate};
use kms_hsm_advisor::price_list::{self, OfferFile};
use kms_hsm_advisor::server::{
    AppState, ResponsePolicy, costs_csv, parse_frame_ancestors, parse_hsts_max_age, router, rules_dir, serve,
    shutdown_signal,
};
use leptos::prelude::get_configuration;
use tracing_subscriber::EnvFilter;

/// Decides how a team on AWS should hold its encryption keys: AWS KMS, KMS with imported key
/// material, a CloudHSM or external key store, or AWS CloudHSM.
#[derive(Parser)]
#[command(name = "kms-hsm-advisor", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the advisor (what running without a subcommand does). Configured by the
    /// environment: LEPTOS_SITE_ADDR, ADVISOR_RULES_DIR, ADVISOR_PUBLIC_URL, ADVISOR_LOG_FORMAT,
    /// ADVISOR_FRAME_ANCESTORS, ADVISOR_HSTS_MAX_AGE (see the README).
    Serve,
    /// Load and validate a rules directory: print every problem with its code and position and
    /// exit 1, or print a one-line summary and exit 0.
    Check {
        /// The rules directory [default: $ADVISOR_RULES_DIR, else rules]
        rules_dir: Option<PathBuf>,
    },
    /// Evaluate one state of the URL contract without a server, as /api/v1/advice (json),
    /// /export/adr.md (markdown) or /export/costs.csv (csv) would answer it. A malformed
    /// parameter is printed with what was expected, and the exit status is 2.
    Advise {
        /// The query string, e.g. 'keys=100&rotation=365' (a leading '?' or a whole advisor URL
        /// is taken too)
        query: String,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// The rules directory [default: $ADVISOR_RULES_DIR, else rules]
        #[arg(long)]
        rules: Option<PathBuf>,
        /// What the decision record's link to the advisor starts with, e.g. https://advisor.example
        #[arg(long, default_value = "")]
        base_url: String,
    },
    /// AWS's prices in the rules.
    Prices {
        #[command(subcommand)]
        command: PricesCommand,
    },
}

#[derive(Subcommand)]
enum PricesCommand {
    /// Write the prices of AWS price list files (offers CloudHSM and awskms, JSON or CSV, as the
    /// Price List Bulk API publishes them) into the rules' regions.toml: per Region, the hourly
    /// price of hsm2m.medium (and of hsm1.medium, for reference), and KMS's key-month and
    /// request prices. Regions the files have and the rules lack are added. Every problem is
    /// printed with its file and record, and nothing is written unless the whole import is
    /// valid.
    Import {
        /// Price list files, e.g. index.json of offer CloudHSM and index.csv of offer awskms
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The rules directory [default: $ADVISOR_RULES_DIR, else rules]
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}

/// What `advise` prints.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Markdown,
    Csv,
}

/// Where the rules are read from unless `ADVISOR_RULES_DIR` says otherwise.
const DEFAULT_RULES_DIR: &str = "rules";

/// Threads for drawing charts, per core: drawing is CPU-bound, so more threads than this only
/// cost memory and switching under load (each keeps its own heap: with four a core, the peak
/// memory of `scripts/loadtest` was 56.8 MB).
const CHART_THREADS_PER_CORE: usize = 2;

fn main() -> ExitCode {
    match Cli::parse().command.unwrap_or(Command::Serve) {
        Command::Serve => serve_until_shutdown(),
        Command::Check { rules_dir } => check(&rules_dir.unwrap_or_else(configured_rules_dir)),
        Command::Advise { query, format, rules, base_url } => {
            advise(&query, format, &rules.unwrap_or_else(configured_rules_dir), &base_url)
        }
        Command::Prices { command: PricesCommand::Import { files, rules } } => {
            import_prices(&files, &rules.unwrap_or_else(configured_rules_dir))
        }
    }
}

/// `ADVISOR_RULES_DIR`, or the rules beside the binary's working directory.
fn configured_rules_dir() -> PathBuf {
    std::env::var_os("ADVISOR_RULES_DIR").map_or_else(|| PathBuf::from(DEFAULT_RULES_DIR), PathBuf::from)
}

/// The rules at `dir`, or `None` once every problem is printed as rustc prints one, and then
/// `lead` and how many there are.
fn rules_or_report(dir: &Path, lead: &str) -> Option<RuleSet> {
    rules_dir::load(dir)
        .map_err(|problems| {
            eprintln!("{}\n", problems.rendered());
            eprintln!("{lead}{} problem(s) in the rules at {}", problems.len(), dir.display());
        })
        .ok()
}

fn check(dir: &Path) -> ExitCode {
    match rules_or_report(dir, "") {
        Some(rules) => {
            println!(
                "rules {} at {} are valid: {} requirements, {} rules, {} notes, {} Regions ({} with CloudHSM's \
                 price from AWS's price list) (sha256 {})",
                rules.version,
                dir.display(),
                rules.requirements.len(),
                rules.rules.len(),
                rules.notes.len(),
                rules.regions.len(),
                rules.regions.iter().filter(|region| region.cloudhsm_hourly_usd.is_some()).count(),
                rules.sha256
            );
            ExitCode::SUCCESS
        }
        None => ExitCode::FAILURE,
    }
}

fn advise(query: &str, format: Format, dir: &Path, base_url: &str) -> ExitCode {
    let Some(rules) = rules_or_report(dir, "") else { return ExitCode::FAILURE };
    // The query alone, from a bare query, "?query" or a whole URL.
    let query = query.split_once('?').map_or(query, |(_, query)| query);
    let (inputs, errors) = Inputs::from_query(query, &rules.region_codes());
    if !errors.is_empty() {
        for error in errors {
            eprintln!("{error}");
        }
        return ExitCode::from(2);
    }
    let advice = evaluate(&rules, &inputs);
    let today = chrono::Utc::now().date_naive();
    let written = match format {
        Format::Json => serde_json::to_vec(&advice).map_err(|e| e.to_string()),
        Format::Markdown => Ok(decision_record(&rules, &advice, today, base_url.trim_end_matches('/')).into_bytes()),
        Format::Csv => costs_csv(&rules, &advice, today).map_err(|e| e.to_string()),
    };
    match written.map(|bytes| std::io::Write::write_all(&mut std::io::stdout(), &bytes)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            eprintln!("writing the output failed: {error}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn import_prices(files: &[PathBuf], dir: &Path) -> ExitCode {
    let rules = match rules_dir::read(dir) {
        Ok(rules) => rules,
        Err(problems) => {
            eprintln!("{}\n\ncannot read the rules at {}: nothing written", problems.rendered(), dir.display());
            return ExitCode::FAILURE;
        }
    };
    let mut offers = Vec::new();
    let mut unreadable = Vec::new();
    for file in files {
        match std::fs::read_to_string(file) {
            Ok(text) => offers.push(OfferFile { path: file.display().to_string(), text }),
            Err(error) => unreadable.push(format!("{}: cannot read the file: {error}", file.display())),
        }
    }
    // The files that could be read are checked too, so that one run lists every problem.
    match (price_list::import(&offers, &rules), unreadable.is_empty()) {
        (Ok(imported), true) => {
            if let Err(error) = rules_dir::replace(dir, "regions.toml", &imported.regions_toml) {
                // The kind, not the message: the message names the temporary file.
                let path = dir.join("regions.toml");
                eprintln!("error: cannot write {}: {}; nothing written", path.display(), error.kind());
                return ExitCode::FAILURE;
            }
            for line in &imported.summary {
                println!("{line}");
            }
            let rules = &imported.rules;
            println!(
                "wrote {}: rules {} are valid, {} Regions (sha256 {})",
                dir.join("regions.toml").display(),
                rules.version,
                rules.regions.len(),
                rules.sha256
            );
            ExitCode::SUCCESS
        }
        (result, _) => {
            let errors: Vec<String> =
                unreadable.into_iter().chain(result.err().into_iter().flatten().map(|e| e.to_string())).collect();
            for error in &errors {
                eprintln!("error: {error}");
            }
            eprintln!("{} problem(s): nothing written to {}", errors.len(), dir.display());
            ExitCode::FAILURE
        }
    }
}

fn serve_until_shutdown() -> ExitCode {
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
    let rules_dir = configured_rules_dir();
    let Some(rules) = rules_or_report(&rules_dir, "refusing to start: ") else { return Ok(ExitCode::FAILURE) };
    tracing::info!(version = %rules.version, sha256 = %rules.sha256, dir = %rules_dir.display(), "rules loaded");

    let address = leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(address).await.with_context(|| format!("binding {address}"))?;
    // The address bound: with port 0 the system chose one, which is the one to tell.
    let bound = listener.local_addr().with_context(|| format!("reading the address bound for {address}"))?;
    tracing::info!("listening on http://{bound}");
    let public_url = std::env::var("ADVISOR_PUBLIC_URL").ok().filter(|url| !url.is_empty());
    let state = AppState::new(leptos_options, rules).with_public_url(public_url).with_policy(policy);
    let compressing = state.clone();
    tokio::task::spawn_blocking(move || compressing.compress_site_files());
    #[cfg(unix)]
    tokio::spawn(rules_dir::reload_on_hangup(state.clone(), rules_dir));
    serve(listener, router(state), shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}
