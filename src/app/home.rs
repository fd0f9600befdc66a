//! The advisor page at `/`. For now it shows the recommendation for the state in the URL; the
//! walk-through form comes with the advisor-page issue.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

/// What the page shows of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub option: String,
    pub title: String,
    pub summary: String,
    pub share_url: String,
    /// The canonical query string, for the chart URLs.
    pub query: String,
    /// `(parameter, message)` for every malformed parameter; they took their defaults.
    pub errors: Vec<(String, String)>,
    pub charts: Vec<ChartView>,
}

/// A chart of the page: its URL name, its title, and what it shows in numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartView {
    pub slug: String,
    pub title: String,
    pub description: String,
}

/// Evaluates the query string of a page URL with the server's rules.
#[server(prefix = "/fn", endpoint = "advise")]
pub async fn advise(query: String) -> Result<Verdict, ServerFnError> {
    let state = use_context::<crate::server::AppState>()
        .ok_or_else(|| ServerFnError::new("the advisor's rules are not available"))?;
    let rules = state.rules();
    let (inputs, errors) = crate::domain::Inputs::from_query(&query, &rules.region_codes());
    let advice = crate::domain::evaluate(&rules, &inputs);
    let today = chrono::Utc::now().date_naive();
    let charts = [crate::charts::Chart::CostVsRequests, crate::charts::Chart::CostOverTime]
        .into_iter()
        .map(|chart| {
            let data = crate::charts::ChartData::new(chart, &rules, &inputs, today);
            ChartView { slug: chart.slug().to_string(), title: data.title, description: data.description }
        })
        .collect();
    Ok(Verdict {
        option: advice.recommendation.option.id().to_string(),
        title: advice.recommendation.title.to_string(),
        summary: advice.recommendation.summary,
        share_url: advice.share_url,
        query: inputs.to_query(),
        charts,
        errors: errors.into_iter().map(|e| (e.parameter.to_string(), e.message)).collect(),
    })
}

/// The advisor for the state in the URL.
#[component]
pub fn HomePage() -> impl IntoView {
    let search = use_location().search;
    let verdict = Resource::new(move || search.get(), advise);
    view! {
        <main class="page">
            <header>
                <h1>"KMS vs CloudHSM Advisor"</h1>
                <p class="lede">
                    "Where should your encryption keys live on AWS: KMS, CloudHSM, or KMS backed by a CloudHSM key store?"
                </p>
            </header>
            <Suspense fallback=|| view! { <p>"Evaluating…"</p> }>
                {move || Suspend::new(async move {
                    match verdict.await {
                        Ok(verdict) => view! { <VerdictView verdict /> }.into_any(),
                        Err(error) => {
                            view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The recommendation as a headline with its one-sentence summary.
#[component]
fn VerdictView(verdict: Verdict) -> impl IntoView {
    view! {
        <section class="verdict" data-option=verdict.option.clone() aria-live="polite">
            <h2 id="recommendation">{verdict.title}</h2>
            <p class="summary">{verdict.summary}</p>
            <ul class="input-errors">
                {verdict
                    .errors
                    .into_iter()
                    .map(|(parameter, message)| {
                        view! { <li data-parameter=parameter.clone()>{format!("{parameter}: {message}")}</li> }
                    })
                    .collect_view()}
            </ul>
            <p>
                <a class="share" href=verdict.share_url>"Link to this recommendation"</a>
            </p>
        </section>
        <section class="charts" aria-label="Costs">
            {verdict
                .charts
                .into_iter()
                .map(|chart| view! { <ChartFigure chart query=verdict.query.clone() /> })
                .collect_view()}
        </section>
    }
}

/// One server-rendered chart, dark when the reader's system is, with download links.
#[component]
fn ChartFigure(chart: ChartView, query: String) -> impl IntoView {
    let url = |extension: &str, theme: &str| format!("/charts/{}.{extension}?{query}&theme={theme}", chart.slug);
    view! {
        <figure class="chart" data-chart=chart.slug.clone()>
            <picture>
                <source media="(prefers-color-scheme: dark)" srcset=url("svg", "dark") />
                <img src=url("svg", "light") alt=chart.description width="960" height="540" />
            </picture>
            <figcaption>
                {chart.title}
                " · download "
                <a href=url("svg", "light") download>"SVG"</a>
                " or "
                <a href=url("png", "light") download>"PNG"</a>
            </figcaption>
        </figure>
    }
}
