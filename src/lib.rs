//! The KMS vs CloudHSM advisor: a pure decision core (`domain`), the Leptos app (`app`) and,
//! in the server build, the HTTP layer (`server`), the charts (`charts`) and the import of AWS's
//! price list files (`price_list`).

pub mod app;
#[cfg(feature = "ssr")]
pub mod charts;

#[cfg(feature = "ssr")]
pub mod price_list;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod upload;

/// Entry point of the browser build: readies the islands of the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
