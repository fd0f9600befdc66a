//! The server's configuration, read from the environment once and checked as a whole: every
//! variable that is wrong is reported, not only the first.

use std::path::PathBuf;

use tracing_subscriber::EnvFilter;

use kms_hsm_advisor::server::{ResponsePolicy, parse_frame_ancestors, parse_hsts_max_age, parse_public_url};

/// Where the rules are read from unless `ADVISOR_RULES_DIR` says otherwise.
const DEFAULT_RULES_DIR: &str = "rules";

/// How the server logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Lines for people (`ADVISOR_LOG_FORMAT=text`, the default).
    Text,
    /// One JSON object a line, for a log collector (`ADVISOR_LOG_FORMAT=json`).
    Json,
}

/// Everything the advisor reads from its environment. The site settings (`LEPTOS_*`, or
/// `Cargo.toml`) are Leptos's to read; the address is checked here with the rest, so that a bad
/// one is reported beside any other bad variable.
#[derive(Debug)]
pub struct Settings {
    /// `ADVISOR_RULES_DIR`: the rules directory; `rules` by default.
    pub rules_dir: PathBuf,
    /// `ADVISOR_PUBLIC_URL`: what absolute links start with; the request's Host when unset.
    pub public_url: Option<String>,
    /// `ADVISOR_LOG_FORMAT`: `text` or `json`.
    pub log_format: LogFormat,
    /// `RUST_LOG`: which events are logged, parsed once; `info` when unset.
    pub log_filter: EnvFilter,
    /// `ADVISOR_FRAME_ANCESTORS` and `ADVISOR_HSTS_MAX_AGE`: who may frame the pages, and how
    /// long browsers must use HTTPS (seconds).
    pub policy: ResponsePolicy,
}

impl Settings {
    /// Reads the process's environment.
    ///
    /// # Errors
    /// One message per variable that is set to something it cannot be, each naming the variable.
    pub fn from_env() -> Result<Settings, Vec<String>> {
        Settings::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables `lookup` gives (`None` for one that is unset).
    ///
    /// # Errors
    /// As [`Settings::from_env`].
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, Vec<String>> {
        let set = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let mut errors = Vec::new();
        let log_format = match set("ADVISOR_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                errors.push(format!("ADVISOR_LOG_FORMAT: expected text or json, found `{other}`"));
                LogFormat::Text
            }
        };
        let frame_ancestors = parse_frame_ancestors(&set("ADVISOR_FRAME_ANCESTORS").unwrap_or_default())
            .map_err(|error| errors.push(error))
            .unwrap_or_default();
        let hsts_max_age = parse_hsts_max_age(&set("ADVISOR_HSTS_MAX_AGE").unwrap_or_default())
            .map_err(|error| errors.push(error))
            .unwrap_or_default();
        let public_url = parse_public_url(&set("ADVISOR_PUBLIC_URL").unwrap_or_default())
            .map_err(|error| errors.push(error))
            .unwrap_or_default();
        let wanted = set("RUST_LOG").unwrap_or_else(|| "info".to_string());
        let log_filter = EnvFilter::try_new(&wanted)
            .map_err(|error| {
                errors.push(format!(
                    "RUST_LOG: expected a log filter such as info or tower_http=debug, found `{wanted}` ({error})"
                ))
            })
            .unwrap_or_default();
        if let Some(address) = set("LEPTOS_SITE_ADDR")
            && address.parse::<std::net::SocketAddr>().is_err()
        {
            errors.push(format!(
                "LEPTOS_SITE_ADDR: expected an address and port such as 127.0.0.1:3000, found `{address}`"
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Settings {
            rules_dir: rules_dir(set("ADVISOR_RULES_DIR")),
            public_url,
            log_format,
            log_filter,
            policy: ResponsePolicy { frame_ancestors, hsts_max_age },
        })
    }
}

/// `ADVISOR_RULES_DIR`'s value, or `rules` when it is unset or empty.
fn rules_dir(configured: Option<String>) -> PathBuf {
    configured.map_or_else(|| PathBuf::from(DEFAULT_RULES_DIR), PathBuf::from)
}

/// The rules directory a subcommand was given, else as the server would read it. Only this
/// variable is read: `check` and `advise` must work whatever the server's other settings are.
pub fn rules_dir_or_configured(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| rules_dir(std::env::var("ADVISOR_RULES_DIR").ok().filter(|dir| !dir.is_empty())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(variables: &[(&str, &str)]) -> Result<Settings, Vec<String>> {
        Settings::from_lookup(|name| variables.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn nothing_set_gives_the_defaults() {
        let settings = settings(&[]).unwrap();
        assert_eq!(settings.rules_dir, PathBuf::from("rules"));
        assert_eq!(settings.public_url, None);
        assert_eq!(settings.log_format, LogFormat::Text);
        assert_eq!(settings.policy.frame_ancestors, "*");
        assert_eq!(settings.policy.hsts_max_age, None);
    }

    #[test]
    fn every_bad_variable_is_reported_at_once() {
        let errors = settings(&[
            ("ADVISOR_LOG_FORMAT", "xml"),
            ("ADVISOR_HSTS_MAX_AGE", "a year"),
            ("ADVISOR_FRAME_ANCESTORS", "'none' 'self'"),
            ("ADVISOR_PUBLIC_URL", "advisor.example.com"),
            ("RUST_LOG", "[[["),
            ("LEPTOS_SITE_ADDR", "nowhere"),
        ])
        .unwrap_err();
        let names = [
            "ADVISOR_LOG_FORMAT",
            "ADVISOR_FRAME_ANCESTORS",
            "ADVISOR_HSTS_MAX_AGE",
            "ADVISOR_PUBLIC_URL",
            "RUST_LOG",
            "LEPTOS_SITE_ADDR",
        ];
        assert_eq!(errors.len(), names.len(), "{errors:?}");
        for name in names {
            assert!(errors.iter().any(|e| e.starts_with(name)), "{name} in {errors:?}");
        }
    }

    #[test]
    fn set_variables_are_read() {
        let settings = settings(&[
            ("ADVISOR_RULES_DIR", "/etc/advisor/rules"),
            ("ADVISOR_PUBLIC_URL", "https://advisor.example/"),
            ("RUST_LOG", "warn,tower_http=debug"),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("ADVISOR_LOG_FORMAT", "json"),
            ("ADVISOR_HSTS_MAX_AGE", "31536000"),
        ])
        .unwrap();
        assert_eq!(settings.rules_dir, PathBuf::from("/etc/advisor/rules"));
        assert_eq!(settings.public_url.as_deref(), Some("https://advisor.example"));
        assert_eq!(settings.log_format, LogFormat::Json);
        assert_eq!(settings.policy.hsts_max_age, Some(31_536_000));
        assert_eq!(settings.log_filter.to_string(), EnvFilter::new("warn,tower_http=debug").to_string());
    }
}
