//! The comparison at `/compare`: two states side by side, A as it was given and B as the
//! advisor's form states it, with what differs between them marked. Complete as
//! server-rendered HTML; the [`LiveAdvisor`] island updates it in place as B changes.

use leptos::prelude::*;

use super::components::{CopyButton, InputErrors};
use super::document::{Document, Kind};
use super::form::AdvisorForm;
use super::live::LiveAdvisor;
use super::model::{FormView, form_for};
use crate::charts::ComparisonChart;
use crate::domain::advice::Advice;
use crate::domain::compare::{Comparison, Side, StateError, StateQueries, compare};
use crate::domain::costs::KeyOption;
use crate::domain::{InputError, Inputs, RuleSet, format};

/// One state as the comparison shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SideView {
    /// `A` or `B`.
    pub letter: &'static str,
    /// The recommended option's id, or `none`.
    pub option: String,
    pub title: String,
    pub summary: String,
    /// The question of the rule that decided, and why it did.
    pub decided_by: String,
    pub because: String,
    /// The state in the advisor.
    pub advisor_href: String,
    pub recommendation_differs: bool,
    pub rule_differs: bool,
    /// When the state's link names other rules than those in force, one line saying so.
    pub notice: Option<String>,
}

/// An answer that differs, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    pub parameter: String,
    pub label: String,
    pub a: String,
    pub b: String,
}

/// An option ruled out in one state and not in the other, or for other reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockedRow {
    pub option: String,
    pub title: String,
    /// Why it is ruled out in A, or that it is open there; then B.
    pub a: String,
    pub b: String,
}

/// One option's costs in both states, written for people: A, B and `B − A`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareCostRow {
    pub option: String,
    pub title: String,
    /// "recommended in A", "ruled out in B", …
    pub marks: Vec<String>,
    pub monthly: [String; 3],
    pub horizon: [String; 3],
}

/// What the comparison page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonView {
    /// "A: AWS KMS · B: AWS CloudHSM".
    pub headline: String,
    pub summary: String,
    pub sides: Vec<SideView>,
    pub answers: Vec<AnswerRow>,
    pub blocked: Vec<BlockedRow>,
    pub costs: Vec<CompareCostRow>,
    /// Each state's horizon in months: A's, then B's.
    pub horizon: [u32; 2],
    pub share_url: String,
    /// The comparison's query with each state's canonical query, for its chart, record and JSON.
    pub query: String,
    /// The comparison with A and B swapped.
    pub swap_href: String,
    pub chart_title: String,
    pub chart_description: String,
    /// `(state: parameter, message)` for every malformed state or parameter; each took its default.
    pub errors: Vec<(String, String)>,
    pub rules_version: String,
}

/// The form for B and the comparison of the states in `states` (A, then B) with the errors of
/// their query; `given` is A's query as given, which the form carries on unchanged.
pub fn comparison_for(
    rules: &RuleSet,
    states: &[Inputs; 2],
    errors: Vec<StateError>,
    given: &StateQueries,
    today: chrono::NaiveDate,
) -> (FormView, String, ComparisonView) {
    let [a, b] = states;
    let of_b = errors
        .iter()
        .filter(|error| error.side == Side::B)
        .filter_map(|error| Some(InputError { parameter: error.parameter?, message: error.message.clone() }))
        .collect();
    let form = form_for(rules, b, of_b);
    let comparison = compare(rules, a, b);
    (form, given.a.clone(), view_of(rules, &comparison, errors, today))
}

fn view_of(
    rules: &RuleSet,
    comparison: &Comparison,
    errors: Vec<StateError>,
    today: chrono::NaiveDate,
) -> ComparisonView {
    let differences = &comparison.differences;
    let (a, b) = (&comparison.a, &comparison.b);
    let sides = [(Side::A, a), (Side::B, b)];
    let chart = ComparisonChart::new(rules, comparison, today);
    let summary = match (differences.recommendation, differences.answers.is_empty()) {
        (_, true) => format!("The two states give the same answers: both lead to {}.", a.recommendation.title),
        (false, false) => format!(
            "Both states lead to {}; {} of their answers differ{}.",
            a.recommendation.title,
            differences.answers.len(),
            if differences.rule { ", and another rule decides" } else { "" }
        ),
        (true, false) => format!(
            "The recommendation changes from {} in A to {} in B.",
            a.recommendation.title, b.recommendation.title
        ),
    };
    let query = comparison.share_url.trim_start_matches("/compare?").to_string();
    let shared = |advice: &Advice| advice.share_url.trim_start_matches("/?").to_string();
    ComparisonView {
        headline: format!("A: {} · B: {}", a.recommendation.title, b.recommendation.title),
        summary,
        sides: sides
            .iter()
            .map(|(side, advice)| {
                let decisive = advice.trace.iter().find(|step| step.decisive);
                let question = decisive.and_then(|step| rules.questions.iter().find(|q| q.id == step.question));
                SideView {
                    letter: side.letter(),
                    option: advice.recommendation.option.map_or("none", KeyOption::id).to_string(),
                    title: advice.recommendation.title.clone(),
                    summary: advice.recommendation.summary.clone(),
                    decided_by: question.map_or_else(|| "Default".to_string(), |q| q.title.clone()),
                    because: decisive
                        .map_or_else(|| advice.recommendation.summary.clone(), |step| step.because.clone()),
                    advisor_href: advice.share_url.clone(),
                    recommendation_differs: differences.recommendation,
                    rule_differs: differences.rule,
                    notice: advice.rules_notice.as_ref().map(|notice| {
                        let was = notice
                            .was
                            .as_ref()
                            .map(|was| format!(", which advised {}", rules.title(was.option)))
                            .unwrap_or_default();
                        format!(
                            "{}'s link was made under the rules of version {}{was}; it is shown under version {}.",
                            side.letter(),
                            notice.made_under,
                            notice.shown_under
                        )
                    }),
                }
            })
            .collect(),
        answers: differences
            .answers
            .iter()
            .map(|difference| {
                let words = |value: &Option<String>| {
                    value
                        .as_deref()
                        .map_or_else(|| "not given".to_string(), |value| rules.value_words(difference.parameter, value))
                };
                AnswerRow {
                    parameter: difference.parameter.to_string(),
                    label: rules
                        .parameter(difference.parameter)
                        .map_or_else(|| difference.parameter.to_string(), |p| p.label.clone()),
                    a: words(&difference.a),
                    b: words(&difference.b),
                }
            })
            .collect(),
        blocked: differences
            .blocked
            .iter()
            .map(|difference| {
                let why = |advice: &Advice| {
                    let blocks = advice.blocked.of(difference.option);
                    if blocks.is_empty() {
                        "Open".to_string()
                    } else {
                        blocks.iter().map(|block| block.because.as_str()).collect::<Vec<_>>().join(" ")
                    }
                };
                BlockedRow {
                    option: difference.option.id().to_string(),
                    title: rules.title(difference.option).to_string(),
                    a: why(a),
                    b: why(b),
                }
            })
            .collect(),
        costs: differences
            .costs
            .iter()
            .map(|cost| {
                let option = cost.option;
                let marks = sides
                    .iter()
                    .flat_map(|(side, advice)| {
                        let recommended = (advice.recommendation.option == Some(option))
                            .then(|| format!("recommended in {}", side.letter()));
                        let ruled_out =
                            advice.blocked.rules_out(option).then(|| format!("ruled out in {}", side.letter()));
                        recommended.into_iter().chain(ruled_out)
                    })
                    .collect();
                let three = |change: &crate::domain::compare::Change| {
                    [format::usd(change.a), format::usd(change.b), format::signed_usd(change.difference)]
                };
                CompareCostRow {
                    option: option.id().to_string(),
                    title: rules.title(option).to_string(),
                    marks,
                    monthly: three(&cost.monthly_usd),
                    horizon: three(&cost.horizon_usd),
                }
            })
            .collect(),
        horizon: [a.costs.horizon_months, b.costs.horizon_months],
        share_url: comparison.share_url.clone(),
        swap_href: format!("/compare?{}", StateQueries { a: shared(b), b: shared(a) }.to_query()),
        query,
        chart_title: chart.title,
        chart_description: chart.description,
        errors: errors
            .into_iter()
            .map(|error| {
                let parameter = match error.parameter {
                    Some(parameter) => format!("{}: {parameter}", error.side.parameter()),
                    None => error.side.parameter().to_string(),
                };
                (parameter, error.message)
            })
            .collect(),
        rules_version: a.ruleset.version.clone(),
    }
}

/// The whole comparison page: B's form, carrying A, and the comparison.
#[component]
pub fn ComparePage(options: LeptosOptions, form: FormView, a: String, view: ComparisonView) -> impl IntoView {
    let subject = format!("Compare: {}", view.headline);
    let description = view.summary.clone();
    view! {
        <Document options subject description kind=Kind::Advisor>
            <main class="page compare-page">
                <header class="masthead">
                    <h1>"Compare two answers"</h1>
                    <p class="lede">
                        "A stays as it was given; change B's answers to see what changes: the recommendation, the rule that decides, the options ruled out and what every option costs."
                    </p>
                    <p class="skip">
                        <a href="#comparison">"Jump to the comparison"</a>
                    </p>
                </header>
                <LiveAdvisor>
                    <div class="walkthrough">
                        <h2 class="form-heading">"B's answers"</h2>
                        <AdvisorForm form compared_with=a />
                    </div>
                    <div class="result">
                        <ComparisonResult view />
                    </div>
                    <p id="result-status" class="visually-hidden" role="status"></p>
                </LiveAdvisor>
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
                        <th scope="col">{head_a}</th>
                        <th scope="col">{head_b}</th>
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
                                    <td>{a}</td>
                                    <td>{b}</td>
                                    <td class="difference">{difference}</td>
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
            <p class=if side.rule_differs { "decided-by differs" } else { "decided-by" }>
                <strong>{format!("Decided by: {}", side.decided_by)}</strong>
                {mark(side.rule_differs)}
                " "
                {side.because}
            </p>
            {side.notice.map(|notice| view! { <p class="rules-notice-line">{notice}</p> })}
            <p>
                <a href=side.advisor_href>{format!("Open {} in the advisor", side.letter)}</a>
            </p>
        </article>
    }
}
