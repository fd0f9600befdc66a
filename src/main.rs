//! The advisor's binary: `serve` (the default), `check`, `advise`, `import` and `prices import`, one
//! module each under `cli/`; the server's configuration is `cli::settings::Settings`.

mod cli;

// Measured against the system's allocator under the load test (docs/performance.md).
#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::advise::Format;
use cli::settings::rules_dir_or_configured;

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
    /// ADVISOR_FRAME_ANCESTORS, ADVISOR_HSTS_MAX_AGE (see docs/operations.md).
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
        /// json, or an export's format: markdown (the decision record) or csv (the costs)
        #[arg(long, default_value = "json", value_parser = Format::parse)]
        format: Format,
        /// The rules directory [default: $ADVISOR_RULES_DIR, else rules]
        #[arg(long)]
        rules: Option<PathBuf>,
        /// What the decision record's link to the advisor starts with, e.g. https://advisor.example
        #[arg(long, default_value = "")]
        base_url: String,
    },
    /// Read Terraform plans or states (`terraform show -json`) and AWS bills (Cost and Usage
    /// Report CSV, legacy or CUR 2.0, plain or gzip) into the advisor's links: one state per
    /// Region, with what was read, what was assumed and what was found. Files of any size are
    /// streamed. A file that cannot be read is printed with where, and the exit status is 2.
    Import {
        /// The files to read
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print POST /api/v1/import's JSON instead of text
        #[arg(long)]
        json: bool,
        /// The rules directory [default: $ADVISOR_RULES_DIR, else rules]
        #[arg(long)]
        rules: Option<PathBuf>,
        /// What the links start with, e.g. https://advisor.example
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

fn main() -> ExitCode {
    match Cli::parse().command.unwrap_or(Command::Serve) {
        Command::Serve => cli::serve::run(),
        Command::Check { rules_dir } => cli::check::run(&rules_dir_or_configured(rules_dir)),
        Command::Advise { query, format, rules, base_url } => {
            cli::advise::run(&query, format, &rules_dir_or_configured(rules), &base_url)
        }
        Command::Import { files, json, rules, base_url } => {
            cli::import::run(&files, json, &rules_dir_or_configured(rules), &base_url)
        }
        Command::Prices { command: PricesCommand::Import { files, rules } } => {
            cli::prices::import(&files, &rules_dir_or_configured(rules))
        }
    }
}
