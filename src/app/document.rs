//! The HTML document around every page, and rendering a page to a string for its handler.

use std::sync::Arc;

use base64::Engine;
use hydration_context::{SharedContext, SsrSharedContext};
use leptos::prelude::*;
use leptos::tachys::view::{Position, RenderHtml};
use leptos_meta::HashedStylesheet;
use sha2::{Digest, Sha256};

/// Room for the largest document, an advisor page for a state with every parameter, written
/// into once instead of grown from tachys's estimate, which copied it each time it doubled
/// (growing strings showed in the profile of a new page). Below glibc's threshold for giving
/// memory its own mapping (128 KiB), so it costs no system call.
const DOCUMENT_CAPACITY: usize = 96 * 1024;

/// Renders a whole document in one pass.
pub fn render<V: IntoView>(page: impl FnOnce() -> V) -> String {
    // Islands render their children through the server's shared context.
    let shared: Arc<dyn SharedContext + Send + Sync> = Arc::new(SsrSharedContext::new());
    let html = Owner::new_root(Some(shared)).with(|| {
        let mut html = String::with_capacity(DOCUMENT_CAPACITY);
        page().into_view().to_html_with_buf(&mut html, &mut Position::FirstChild, true, false, vec![]);
        html
    });
    // Leptos marks where lists, optional parts and runs of text end (`<!>`) so that a browser
    // can hydrate them. Nothing here is hydrated but the island's own wrapper, which has no
    // marker, and `<!>` is not valid HTML. Text and attribute values are escaped, so every `<!>`
    // in the document is such a marker.
    without_markers(html)
}

/// `html` without its `<!>` markers, in place: the page is tens of kilobytes with a few hundred
/// markers, so moving the runs between them down beats copying the page into a new string.
fn without_markers(html: String) -> String {
    const MARKER: &[u8] = b"<!>";
    let mut bytes = html.into_bytes();
    let markers: Vec<usize> = memchr::memmem::find_iter(&bytes, MARKER).collect();
    let mut write = markers.first().copied().unwrap_or(bytes.len());
    for (index, &at) in markers.iter().enumerate() {
        let end = markers.get(index + 1).copied().unwrap_or(bytes.len());
        let run = at + MARKER.len()..end;
        let length = run.len();
        bytes.copy_within(run, write);
        write += length;
    }
    bytes.truncate(write);
    // Only whole ASCII markers were taken out, so the rest is the UTF-8 it was.
    String::from_utf8(bytes).unwrap_or_default()
}

/// The Content-Security-Policy sources (`'sha256-…'`) that allow the inline scripts of the
/// advisor page: Leptos's loader for its island, the same in every page of a build. Allowing
/// them by hash rather than by a per-response nonce keeps a page the same bytes for the same
/// state, so it can be kept and compressed once.
pub fn inline_script_hashes(options: LeptosOptions) -> Vec<String> {
    let scripts = render(|| view! { <HydrationScripts options islands=true /> });
    scripts
        .split("<script")
        .skip(1)
        .filter_map(|script| {
            let body = &script[script.find('>')? + 1..];
            Some(&body[..body.find("</script>")?])
        })
        .filter(|body| !body.is_empty())
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect()
}

/// A page's title: what it shows, then the site.
pub fn document_title(subject: &str) -> String {
    format!("{subject} — KMS vs CloudHSM Advisor")
}

/// What kind of document a page is, which decides the scripts in its head.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Kind {
    /// Plain HTML, no script.
    #[default]
    Plain,
    /// The advisor page: the script that runs its island.
    Advisor,
    /// The card other sites frame: kept out of search results, with the script that reports
    /// its height to the host.
    Card,
}

/// What a link to a page unfurls as in chat tools and wikis: its absolute URL and a picture of
/// it, for the Open Graph and Twitter card tags.
#[derive(Debug, Clone, PartialEq)]
pub struct Social {
    pub url: String,
    /// An absolute URL of a PNG, [`SOCIAL_IMAGE`] pixels.
    pub image: String,
    /// What the picture shows, in words.
    pub image_alt: String,
}

/// The size chat tools and wikis show a link's picture at: `(width, height)` in pixels.
pub const SOCIAL_IMAGE: (u32, u32) = (1200, 630);

/// The head every page shares (title, description, oEmbed discovery, styles, the scripts of
/// its kind) around `children`.
#[component]
pub fn Document(
    options: LeptosOptions,
    /// What the page shows; the site's name follows it.
    subject: String,
    #[prop(optional)] description: Option<String>,
    #[prop(optional)] oembed_href: Option<String>,
    #[prop(optional)] social: Option<Social>,
    #[prop(optional)] kind: Kind,
    /// `light` or `dark` when a host chose the colours; the reader's system's otherwise.
    #[prop(default = None)]
    theme: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let social = social.map(|Social { url, image, image_alt }| {
        let title = document_title(&subject);
        let summary = description.clone().unwrap_or_default();
        let (width, height) = (SOCIAL_IMAGE.0.to_string(), SOCIAL_IMAGE.1.to_string());
        let open_graph = [
            ("og:type", "website".to_string()),
            ("og:site_name", "KMS vs CloudHSM Advisor".to_string()),
            ("og:title", title.clone()),
            ("og:description", summary.clone()),
            ("og:url", url),
            ("og:image", image.clone()),
            ("og:image:type", "image/png".to_string()),
            ("og:image:width", width),
            ("og:image:height", height),
            ("og:image:alt", image_alt.clone()),
        ];
        let twitter = [
            ("twitter:card", "summary_large_image".to_string()),
            ("twitter:title", title),
            ("twitter:description", summary),
            ("twitter:image", image),
            ("twitter:image:alt", image_alt),
        ];
        view! {
            // Leptos knows no `property` on meta elements.
            {open_graph
                .into_iter()
                .map(|(property, content)| view! { <meta content=content /> }.attr("property", property))
                .collect_view()}
            {twitter.into_iter().map(|(name, content)| view! { <meta name=name content=content /> }).collect_view()}
        }
    });
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{document_title(&subject)}</title>
                {description.map(|content| view! { <meta name="description" content=content /> })}
                {oembed_href.map(|href| view! { <link rel="alternate" type="application/json+oembed" href=href /> })}
                {social}
                <link rel="icon" type="image/png" href="/favicon.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                {match kind {
                    Kind::Plain => ().into_any(),
                    Kind::Advisor => view! { <HydrationScripts options islands=true /> }.into_any(),
                    Kind::Card => {
                        view! {
                            <meta name="robots" content="noindex" />
                            <script src="/embed.js" defer></script>
                        }
                            .into_any()
                    }
                }}
            </head>
            <body class=(kind == Kind::Card).then_some("embed")>{children()}</body>
        </html>
    }
}

/// The document for any path the site does not have, served with status 404.
pub fn not_found(options: LeptosOptions) -> impl IntoView {
    view! {
        <Document options subject="Page not found".to_string()>
            <main class="page">
                <h1>"Page not found"</h1>
                <p>
                    <a href="/">"Open the advisor"</a>
                </p>
            </main>
        </Document>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markers_are_taken_out_and_nothing_else() {
        let cases =
            [("<p>a<!>b</p><!>", "<p>ab</p>"), ("<!><!>", ""), ("<!-- c --><!x<!>é<", "<!-- c --><!xé<"), ("", "")];
        for (html, expected) in cases {
            assert_eq!(super::without_markers(html.to_string()), expected);
        }
    }
}
