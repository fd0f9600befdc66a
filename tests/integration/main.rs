//! The integration tests, built as one binary: the router over the shipped rules without a
//! socket, the rules and their fixtures, charts, exports as their readers read them, hardening
//! and fuzzing, valid HTML, the binary's operation as a real process, the deploy files and the
//! house rules. The browser suite is its own binary (`tests/browser`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests fail by panicking.

mod architecture;
mod charts;
mod deploy;
mod diagnostics;
mod docs;
mod embed;
mod exports;
mod fuzz;
mod golden;
mod hardening;
mod html;
mod import;
mod operation;
mod prices;
mod router;
mod rules;
mod serving;
mod support;
