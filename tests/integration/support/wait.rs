//! Waiting for something to become true, the one way every test does it: poll until a check
//! gives a value or a deadline passes. Shared by the integration tests and the browser suite.
#![allow(dead_code, reason = "each test binary uses what it needs")]

use std::future::Future;
use std::time::{Duration, Instant};

/// How long a test waits for anything before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Calls `check` every 20 ms until it gives a value, for at most `limit`; `None` after that.
pub fn poll<T>(limit: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The value `check` gives within [`PATIENCE`]; fails the test saying `what` did not happen.
pub fn eventually<T>(what: &str, check: impl FnMut() -> Option<T>) -> T {
    poll(PATIENCE, check).unwrap_or_else(|| panic!("{what} within {} s", PATIENCE.as_secs()))
}

/// [`eventually`] for an async check (a browser's page), polled every 100 ms; the check's
/// `Err` says what it saw instead, for the failure's message.
pub async fn eventually_async<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        match check().await {
            Ok(value) => return value,
            Err(seen) if Instant::now() >= deadline => {
                panic!("{what} within {} s; saw {seen}", PATIENCE.as_secs())
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}
