//! The HTML shell and the routes of the app, rendered on the server.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, StaticSegment};

use super::home::HomePage;

/// The HTML document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/png" href="/favicon.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The routes of the app.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="KMS vs CloudHSM Advisor" />
        <Router>
            <Routes fallback=NotFound>
                // Async: the whole page, recommendation included, arrives as finished HTML, so it
                // needs no script to show and its <head> can carry the recommendation.
                <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}

/// Shown for any path the app does not know.
#[component]
fn NotFound() -> impl IntoView {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p><a href="/">"Open the advisor"</a></p>
        </main>
    }
}
