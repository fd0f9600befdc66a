//! The in-process server the router tests call: the real route table over the shipped rules,
//! without a socket, and the reply they read. Each test binary includes this file and uses
//! what it needs of it.
#![allow(dead_code)]

use std::sync::LazyLock;

use advisor_core::RuleSet;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use kms_hsm_advisor::server::{AppState, Clock, router, rules_dir};
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

/// The one runtime the tests run the router on, multi-threaded as the server's is: every test is
/// a plain `#[test]` that calls the helpers below.
static RUNTIME: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap());

/// The router with the shipped rules and the built site, as `make test` leaves it in
/// `target/site`. Built once: building a router renders Leptos's scripts, which is not meant to
/// run on several threads at once.
pub static APP: LazyLock<Router> = LazyLock::new(|| router(state()));

pub fn rules() -> RuleSet {
    rules_dir::load(std::path::Path::new("rules")).expect("the shipped rules are valid")
}

/// The day the in-process server lives in: fixed, so that no test depends on when it runs (or
/// fails at midnight), and far from today, so that a date read from the system clock shows.
pub const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2031, 1, 15) {
    Some(day) => day,
    None => panic!("a valid day"),
};

/// A server's state over the shipped rules and the built site, on [`TODAY`], to configure
/// further.
pub fn state() -> AppState {
    let options = LeptosOptions::builder().output_name("kms-hsm-advisor").site_root("target/site").build();
    AppState::new(options, rules()).with_clock(Clock::Fixed(TODAY))
}

/// What the router answered.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The header's value, or `""`.
    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).map_or("", |value| value.to_str().unwrap())
    }

    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    /// The status, the content type and the body as text, to destructure in one `let`.
    pub fn into_parts(self) -> (StatusCode, String, String) {
        (self.status, self.header(header::CONTENT_TYPE).to_string(), self.text().to_string())
    }

    /// The status and the body as JSON, which the content type must announce.
    pub fn into_json(self) -> (StatusCode, serde_json::Value) {
        assert_eq!(self.header(header::CONTENT_TYPE), "application/json", "{}", self.text());
        (self.status, self.json())
    }
}

/// Sends `request` to `app` and reads the whole reply.
async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    Reply { status: parts.status, headers: parts.headers, body: body.collect().await.unwrap().to_bytes().to_vec() }
}

/// `request` to `app`, on the one runtime every test shares.
pub fn call(app: &Router, request: Request<Body>) -> Reply {
    RUNTIME.block_on(send(app, request))
}

/// A GET of `uri` with `headers` from `app`.
pub fn get_with(app: &Router, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    call(app, request.body(Body::empty()).unwrap())
}

/// A GET of `uri` from the router over the shipped rules.
pub fn get(uri: &str) -> Reply {
    get_with(&APP, uri, &[])
}
