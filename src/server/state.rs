//! What every handler can reach: the Leptos options, the rules in force, the site's public
//! URL, the response policy, and what the server keeps in memory.

use std::sync::{Arc, PoisonError, RwLock};

use axum::extract::FromRef;
use chrono::NaiveDate;
use leptos::prelude::LeptosOptions;

use super::assets::SiteFiles;
use super::charts::RecentTags;
use super::response_cache::RenderedCache;
use super::security::ResponsePolicy;
use advisor_core::RuleSet;

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
    pub(super) policy: Arc<ResponsePolicy>,
    pub(super) recent_chart_tags: Arc<RecentTags>,
    /// Pages, cards and charts rendered lately.
    pub(super) rendered: Arc<RenderedCache>,
    /// The built site's files, in memory.
    pub(super) site: Arc<SiteFiles>,
    /// Places for imports being read at once.
    pub(super) imports: Arc<tokio::sync::Semaphore>,
    /// What day it is: the only place the server reads the time.
    clock: Clock,
}

/// Where the server's "today" comes from. Month labels, file names, the record's date and the
/// cache keys all read it, so a test can fix the day and cannot fail at UTC midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system's clock, in UTC.
    #[default]
    System,
    /// Always this day.
    Fixed(NaiveDate),
}

impl Clock {
    /// Today's date in UTC, or the fixed day.
    pub fn today(self) -> NaiveDate {
        match self {
            Clock::System => chrono::Utc::now().date_naive(),
            Clock::Fixed(day) => day,
        }
    }
}

impl AppState {
    /// Reads the built site's files from `leptos_options.site_root`; if that fails, they are
    /// served from disk.
    pub fn new(leptos_options: LeptosOptions, rules: RuleSet) -> Self {
        let site = SiteFiles::load(std::path::Path::new(&*leptos_options.site_root)).unwrap_or_else(|error| {
            tracing::warn!(
                "reading the site's files from {}: {error}; serving them from disk",
                leptos_options.site_root
            );
            SiteFiles::default()
        });
        AppState {
            leptos_options,
            rules: Arc::new(RwLock::new(Arc::new(rules))),
            public_url: None,
            policy: Arc::default(),
            recent_chart_tags: Arc::default(),
            rendered: Arc::default(),
            site: Arc::new(site),
            imports: Arc::new(tokio::sync::Semaphore::new(super::import::CONCURRENT_IMPORTS)),
            clock: Clock::System,
        }
    }

    /// Reads the day from `clock` instead of the system's.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Today, by the state's clock.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
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
