//! The comparison at `/compare`: two states side by side, A as it was given and B as the
//! advisor's form states it, with what differs between them marked. Complete as
//! server-rendered HTML; the island (`live.rs`) updates it in place as B changes.

use leptos::prelude::*;

mod model;

pub use self::model::comparison_for;
use self::model::{CompareCostRow, ComparisonView, SideView};
use super::components::{AnswerSummary, CopyButton, FlipLinks, InputErrors, LiveLayout};
use super::document::{Document, Kind};
use super::form::AdvisorForm;
use super::form_view::FormView;
use advisor_core::format;

/// The whole comparison page: B's form, carrying A, and the comparison.
#[component]
pub fn ComparePage(options: LeptosOptions, form: FormView, a: String, view: ComparisonView) -> impl IntoView {
    let subject = format!("Compare: {}", view.headline);
    let description = view.summary.clone();
    view! {
        <Document options subject description kind=Kind::Advisor>
            <main class="page compare-page">
                <LiveLayout
                    title="Compare two answers"
                    lede="A stays as it was given; change B's answers to see what changes: the recommendation, the rule that decides, the options ruled out and what every option costs."
                    skip_to=("#comparison", "Jump to the comparison")
                    form=view! {
                        <h2 class="form-heading">"B's answers"</h2>
                        <AdvisorForm form compared_with=a />
                    }
                        .into_any()
                    result=view! { <ComparisonResult view /> }.into_any()
                />
            </main>
        </Document>
    }
}

/// What differs, first; then each state, the answers, the ruled-out options, the costs and the
/// chart.
#[component]
fn ComparisonResult(view: ComparisonView) -> impl IntoView {
    let ComparisonView {
        headline,
        summary,
        sides,
        answers,
        blocked,
        choice,
        costs,
        horizon,
        share_url,
        query,
        swap_href,
        chart_title,
        chart_description,
        errors,
        rules_version,
    } = view;
    let chart = |extension: &str, theme: &str| format!("/compare/cost-over-time.{extension}?{query}&theme={theme}");
    view! {
        <section class="verdict comparison" aria-labelledby="comparison">
            <p class="eyebrow">"Comparison"</p>
            <h2 id="comparison" data-announce="Comparison updated">
                {headline}
            </h2>
            <p class="summary">{summary}</p>
            {choice.map(|choice| view! { <p class="choice-difference">{choice}</p> })}
            <InputErrors errors />
            <p class="share">
                <a class="share-link" href=share_url.clone()>
                    "Link to this comparison"
                </a>
                " "
                <CopyButton text=share_url label="Copy link" />
            </p>
            <p class="exports">
                <a href=format!("/compare/adr.md?{query}") download>
                    "Download decision record (.md)"
                </a>
                " · "
                <a href=format!("/api/v1/compare?{query}")>"JSON"</a>
                " · "
                <a href=swap_href>"Swap A and B"</a>
            </p>
        </section>
        <section class="sides" aria-label="The two states">
            {sides.into_iter().map(|side| view! { <SideCard side /> }).collect_view()}
        </section>
        <section class="answers-differ" aria-labelledby="answers-heading">
            <h2 id="answers-heading">"Answers that differ"</h2>
            {if answers.is_empty() {
                view! { <p>"None: the two states give the same answers."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">"Answer"</th>
                                    <th scope="col">"A"</th>
                                    <th scope="col">"B"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {answers
                                    .into_iter()
                                    .map(|row| {
                                        view! {
                                            <tr class="differs" data-parameter=row.parameter>
                                                <th scope="row">{row.label}</th>
                                                <td>{row.a}</td>
                                                <td>{row.b}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
        {(!blocked.is_empty())
            .then(|| {
                view! {
                    <section class="ruled-out" aria-labelledby="blocked-heading">
                        <h2 id="blocked-heading">"Options ruled out differently"</h2>
                        <ul>
                            {blocked
                                .into_iter()
                                .map(|row| {
                                    view! {
                                        <li class="differs" data-option=row.option>
                                            <strong>{row.title}</strong>
                                            <p>{format!("In A: {}", row.a)}</p>
                                            <p>{format!("In B: {}", row.b)}</p>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
        <section class="costs" aria-labelledby="costs-heading">
            <h2 id="costs-heading">"What each option costs in A and in B"</h2>
            <CostTable
                rows=costs.clone()
                heads=["A, first month".to_string(), "B, first month".to_string()]
                horizon=false
            />
            <CostTable
                rows=costs
                heads=[format!("A, over {} months", horizon[0]), format!("B, over {} months", horizon[1])]
                horizon=true
            />
            {(horizon[0] != horizon[1])
                .then(|| {
                    view! {
                        <p class="help">
                            {format!(
                                "A looks ahead {} months and B {}: the last column compares totals over different periods.",
                                horizon[0],
                                horizon[1],
                            )}
                        </p>
                    }
                })}
        </section>
        <section class="charts" aria-label="Cost chart">
            <figure class="chart" data-chart="compare-cost-over-time">
                <picture>
                    <source media="(prefers-color-scheme: dark)" srcset=chart("svg", "dark") />
                    <img src=chart("svg", "light") alt=chart_description width="960" height="540" />
                </picture>
                <figcaption>
                    {format!("{chart_title} · download ")} <a href=chart("svg", "light") download>
                        "SVG"
                    </a> " or " <a href=chart("png", "light") download>
                        "PNG"
                    </a>
                </figcaption>
            </figure>
        </section>
        <p class="rules-version">
            {format!("Both decided by the rules of version {rules_version}. ")}
            <a href="/rules/changes">"What changed in the rules"</a>
        </p>
    }
}

/// Each option's first-month cost in A and in B, or (with `horizon`) its cost over each state's
/// horizon, and B − A; `heads` name A's and B's columns.
#[component]
fn CostTable(rows: Vec<CompareCostRow>, heads: [String; 2], horizon: bool) -> impl IntoView {
    let [head_a, head_b] = heads;
    view! {
        <div class="table-scroll">
            <table class="compare-costs">
                <thead>
                    <tr>
                        <th scope="col">"Option"</th>
                        <th scope="col">{head_a.clone()}</th>
                        <th scope="col">{head_b.clone()}</th>
                        <th scope="col">"B − A"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let marks = (!row.marks.is_empty())
                                .then(|| view! { <span class="marks">{format!(" ({})", row.marks.join(", "))}</span> });
                            let [a, b, difference] = if horizon { row.horizon } else { row.monthly };
                            let differs = difference != format::signed_usd(0.0);
                            view! {
                                <tr data-option=row.option class=differs.then_some("differs")>
                                    <th scope="row">
                                        <span class="option">{row.title}{marks}</span>
                                    </th>
                                    <td data-label=head_a.clone()>{a}</td>
                                    <td data-label=head_b.clone()>{b}</td>
                                    <td class="difference" data-label="B − A">
                                        {difference}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One state: its recommendation, the rule that decided it and a link to it in the advisor;
/// what differs from the other state is marked in words.
#[component]
fn SideCard(side: SideView) -> impl IntoView {
    let mark = |differs: bool| differs.then(|| view! { <span class="differs-mark">" Differs"</span> });
    view! {
        <article
            class="side"
            data-side=side.letter.to_lowercase()
            data-option=side.option
            aria-labelledby=format!("side-{}", side.letter.to_lowercase())
        >
            <p class="eyebrow">{side.letter}</p>
            <h3
                id=format!("side-{}", side.letter.to_lowercase())
                class=side.recommendation_differs.then_some("differs")
            >
                {side.title}
                {mark(side.recommendation_differs)}
            </h3>
            <p>{side.summary}</p>
            {side
                .decided_by
                .map(|(question, because)| {
                    view! {
                        <p class=if side.rule_differs { "decided-by differs" } else { "decided-by" }>
                            <strong>{format!("Decided by: {question}")}</strong>
                            {mark(side.rule_differs)}
                            " "
                            {because}
                        </p>
                    }
                })}
            {(!side.ways_out.is_empty()).then(|| view! { <FlipLinks flips=side.ways_out class="ways-out" /> })}
            {side.notice.map(|notice| view! { <p class="rules-notice-line">{notice}</p> })}
            <details class="side-answers">
                <summary>{format!("{}'s answers", side.letter)}</summary>
                <AnswerSummary lines=side.answers />
            </details>
            <p>
                <a href=side.advisor_href>{format!("Open {} in the advisor", side.letter)}</a>
            </p>
        </article>
    }
}
