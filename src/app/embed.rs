//! The compact result at `/embed`, made to sit in another site's iframe: the recommendation,
//! its reason, the monthly costs and the cost chart, with no form and no app scripts. The server
//! renders it whole; a small script reports its height to the host page.

use advisor_core::export::Export;
use leptos::prelude::*;

use super::components::{AnswerSummary, CostRows, InputErrors};
use super::document::{Document, Kind};
use super::model::{Verdict, chart_url};

/// The iframe's size when nothing tells it otherwise: the whole card fits at this width without
/// scrolling, so hosts that cannot run the resize listener still show all of it.
pub const EMBED_WIDTH: u32 = 640;
pub const EMBED_HEIGHT: u32 = 720;

/// The chart's pixel size for wide and for narrow frames, so its text stays legible.
const CHART_WIDE: (u32, u32) = (720, 405);
const CHART_NARROW: (u32, u32) = (480, 400);
const NARROW: &str = "(max-width: 500px)";

/// The `<iframe>` a host pastes to show `embed_url`, escaped as HTML.
pub fn iframe_snippet(embed_url: &str, title: &str, width: u32, height: u32) -> String {
    view! {
        <iframe
            src=embed_url.to_string()
            title=format!("KMS vs CloudHSM Advisor: {title}")
            width=width
            height=height
            style="border:0;max-width:100%"
        ></iframe>
    }
    // Leptos knows no `loading` on iframes yet.
    .attr("loading", "lazy")
    .to_html()
}

/// The whole embed document, linking to the full page with the same state.
#[component]
pub fn EmbedPage(verdict: Verdict, options: LeptosOptions) -> impl IntoView {
    let query = verdict.query.clone();
    let chart = verdict.charts.first().cloned();
    let chart = chart.map(|chart| {
        let url = |theme: &str, (width, height): (u32, u32)| {
            chart_url(&chart.slug, "svg", &query, theme, Some((width, height)))
        };
        view! {
            <figure class="chart">
                <picture>
                    <source
                        media=format!("{NARROW} and (prefers-color-scheme: dark)")
                        srcset=url("dark", CHART_NARROW)
                    />
                    <source media="(prefers-color-scheme: dark)" srcset=url("dark", CHART_WIDE) />
                    <source media=NARROW srcset=url("light", CHART_NARROW) />
                    <img src=url("light", CHART_WIDE) alt=chart.description width=CHART_WIDE.0 height=CHART_WIDE.1 />
                </picture>
            </figure>
        }
    });
    // One line an option: its name and the first reason; the full page has every reason.
    let ruled_out = (!verdict.blocked.is_empty()).then(|| {
        let lines = verdict
            .blocked
            .iter()
            .map(|option| {
                let reason = option.reasons.first().map(|(because, _)| because.clone()).unwrap_or_default();
                view! { <li data-option=option.option.clone()>{format!("{}: {reason}", option.title)}</li> }
            })
            .collect_view();
        view! { <ul class="embed-ruled-out">{lines}</ul> }
    });
    let subject = verdict.title.clone();
    let oembed_href = verdict.oembed_href.clone();
    // One line: the card has no room for the changes, which the page lists.
    let notice = verdict.notice_line.clone().map(|line| {
        view! {
            <p class="embed-rules-notice">
                {line} " " <a href="/rules/changes" target="_blank" rel="noopener">
                    "What changed"
                </a>
            </p>
        }
    });
    view! {
        <Document options subject oembed_href kind=Kind::Card>
            <main class="embed-card" data-option=verdict.option.clone()>
                <p class="eyebrow">"KMS vs CloudHSM Advisor recommends"</p>
                {verdict.context.map(|context| view! { <p class="context">{context}</p> })}
                <h1 id="recommendation">{verdict.title}</h1>
                <p class="summary">{verdict.summary}</p>
                {notice}
                <InputErrors errors=verdict.errors />
                <table class="embed-costs">
                    <caption>"Cost per month"</caption>
                    <tbody>
                        <CostRows rows=verdict.costs monthly_only=true />
                    </tbody>
                </table>
                {ruled_out}
                <details class="embed-answers">
                    <summary>"The answers behind it"</summary>
                    <AnswerSummary lines=verdict.answers />
                </details>
                {chart}
                <p class="open">
                    <a href=verdict.share_url target="_blank" rel="noopener">
                        "Open in the advisor"
                    </a>
                    " · "
                    <a
                        href=format!("{}?{query}", Export::DecisionRecord.path())
                        target="_blank"
                        rel="noopener"
                        download
                    >
                        "Decision record (.md)"
                    </a>
                </p>
                <p class="computed">{format!("Computed {} under rules {}", verdict.computed, verdict.rules_version)}</p>
            </main>
        </Document>
    }
}
