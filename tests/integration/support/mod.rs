//! What the integration tests share: the in-process router and its replies (`app`), and the
//! real server binary as a child process (`server`).

pub mod app;
pub mod server;
pub mod wait;
