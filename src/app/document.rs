//! The HTML document around every page, and rendering a page to a string for its handler.

use std::sync::Arc;

use hydration_context::{SharedContext, SsrSharedContext};
use leptos::nonce::Nonce;
use leptos::prelude::*;
use leptos_meta::HashedStylesheet;

/// Renders a whole document in one pass. Leptos marks its inline scripts with `nonce`, the one
/// the response's Content-Security-Policy names.
pub fn render<V: IntoView>(nonce: Option<Nonce>, page: impl FnOnce() -> V) -> String {
    // Islands render their children through the server's shared context.
    let shared: Arc<dyn SharedContext + Send + Sync> = Arc::new(SsrSharedContext::new());
    Owner::new_root(Some(shared)).with(|| {
        if let Some(nonce) = nonce {
            provide_context(nonce);
        }
        page().into_view().to_html()
    })
}

/// The head every page shares (title, description, oEmbed discovery, styles and, where the
/// page has an island, the script that runs it) around `children`.
#[component]
pub fn Document(
    options: LeptosOptions,
    title: String,
    #[prop(optional)] description: Option<String>,
    #[prop(optional)] oembed_href: Option<String>,
    /// Whether the page has an island for the browser to run.
    #[prop(optional)]
    islands: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{title}</title>
                {description.map(|content| view! { <meta name="description" content=content /> })}
                {oembed_href.map(|href| view! { <link rel="alternate" type="application/json+oembed" href=href /> })}
                <link rel="icon" type="image/png" href="/favicon.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                {islands.then(|| view! { <HydrationScripts options islands=true /> })}
            </head>
            <body>{children()}</body>
        </html>
    }
}

/// The document for any path the site does not have; leptos_axum serves it with status 404.
pub fn not_found(options: LeptosOptions) -> impl IntoView {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Document options title="Page not found — KMS vs CloudHSM Advisor".to_string()>
            <main class="page">
                <h1>"Page not found"</h1>
                <p>
                    <a href="/">"Open the advisor"</a>
                </p>
            </main>
        </Document>
    }
}
