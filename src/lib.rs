//! The KMS vs CloudHSM advisor: a pure decision core (`domain`), the Leptos app (`app`) and,
//! in the server build, the HTTP layer (`server`).

pub mod app;
#[cfg(feature = "ssr")]
pub mod charts;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the browser build: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Browser tests wait for this marker before they interact with the page.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
