//! A chart of the result as the page shows it: drawn on the server for the reader's colours and
//! screen, with its downloads.

use leptos::prelude::*;

use super::model::{ChartView, chart_url};

/// Screens a phone's width, and the size their charts are drawn at: `(width, height)` in
/// pixels, about the width a 390 px screen gives a figure.
const PHONE: &str = "(max-width: 480px)";
const PHONE_CHART: (u32, u32) = (360, 420);

/// One server-rendered chart, dark when the reader's system is, with download links.
#[component]
pub fn ChartFigure(chart: ChartView, query: String) -> impl IntoView {
    let url = |extension: &str, theme: &str| chart_url(&chart.slug, extension, &query, theme, None);
    // Drawn at the size a phone shows it, so its text keeps its size on screen.
    let phone = |theme: &str| chart_url(&chart.slug, "svg", &query, theme, Some(PHONE_CHART));
    view! {
        <figure class="chart" data-chart=chart.slug.clone()>
            <picture>
                <source media=format!("{PHONE} and (prefers-color-scheme: dark)") srcset=phone("dark") />
                <source media=PHONE srcset=phone("light") />
                <source media="(prefers-color-scheme: dark)" srcset=url("svg", "dark") />
                // Below the first screen: asked for when scrolled near, not at each changed
                // answer (browsers load them all before printing).
                <img src=url("svg", "light") alt=chart.description width="960" height="540" loading="lazy" />
            </picture>
            <figcaption>
                {format!("{} · download ", chart.title)} <a href=url("svg", "light") download>
                    "SVG"
                </a> " or " <a href=url("png", "light") download>
                    "PNG"
                </a>
            </figcaption>
        </figure>
    }
}
