//! The Leptos app: the HTML document, the pages (the advisor at `/`, the comparison, the embed
//! card) and what they show, computed from the domain's evaluation (`model.rs`). Components
//! render; the domain decides. Pages render on the server only; the browser build holds just
//! the island in `live.rs`. The routes are the server's (`server/routes.rs`).

#[cfg(feature = "ssr")]
mod changes;
#[cfg(feature = "ssr")]
mod chart_figure;
#[cfg(feature = "ssr")]
mod compare;
#[cfg(feature = "ssr")]
mod components;
#[cfg(feature = "ssr")]
mod cost_table;
#[cfg(feature = "ssr")]
mod document;
#[cfg(feature = "ssr")]
mod embed;
#[cfg(feature = "ssr")]
mod form;
#[cfg(feature = "ssr")]
mod form_view;
#[cfg(feature = "ssr")]
mod home;
#[cfg(feature = "ssr")]
mod import;
mod live;
#[cfg(feature = "ssr")]
mod matrix;
#[cfg(feature = "ssr")]
mod model;
#[cfg(feature = "ssr")]
pub mod sections;
#[cfg(feature = "ssr")]
mod sources;
#[cfg(feature = "ssr")]
mod starting_points;

#[cfg(feature = "ssr")]
pub use changes::ChangesPage;
#[cfg(feature = "ssr")]
pub use compare::{ComparePage, comparison_for};
#[cfg(feature = "ssr")]
pub use document::{document_title, inline_script_hashes, not_found, render};
#[cfg(feature = "ssr")]
pub use embed::{EMBED_WIDTH, EmbedPage, card_height, iframe_snippet};
#[cfg(feature = "ssr")]
pub use home::{HomePage, ResultFragment};
#[cfg(feature = "ssr")]
pub use import::{ImportFailure, ImportPage};
#[cfg(feature = "ssr")]
pub use model::{page_for, verdict_for};
#[cfg(feature = "ssr")]
pub use starting_points::STARTING_POINTS;
