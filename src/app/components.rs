//! Pieces more than one page shows: the advisor page, the comparison and the embed card.

use leptos::prelude::*;

use super::cost_table::CostRow;
use super::live::LiveAdvisor;
use super::model::{FlipView, QuotaView};

/// The URL's malformed parameters, each with what was expected; they took their defaults.
#[component]
pub fn InputErrors(errors: Vec<(String, String)>) -> impl IntoView {
    view! {
        <ul class="input-errors">
            {errors
                .into_iter()
                .map(|(parameter, message)| {
                    view! { <li data-parameter=parameter.clone()>{format!("{parameter}: {message}")}</li> }
                })
                .collect_view()}
        </ul>
    }
}

/// The changes of one answer that change the recommendation, each a link to its state.
#[component]
pub fn FlipLinks(flips: Vec<FlipView>, #[prop(optional)] class: Option<&'static str>) -> impl IntoView {
    view! {
        <ul class=class>
            {flips
                .into_iter()
                .map(|flip| {
                    view! {
                        <li>
                            <a href=flip.href>{flip.text}</a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// One row per group of options that cost the same: their names, each marked when recommended
/// or ruled out, and the first month's cost; unless `monthly_only`, also the steady month's (when
/// rotation is required), the first year's and the horizon's, and what the month is made of.
#[component]
///
/// `heads` are the columns' headings after the option's, in order; each cell carries its own
/// (`data-label`) so that a narrow screen can show a row as a card of labelled figures.
pub fn CostRows(
    rows: Vec<CostRow>,
    #[prop(optional)] monthly_only: bool,
    #[prop(optional)] heads: Vec<String>,
) -> impl IntoView {
    let head = move |index: usize| heads.get(index).cloned();
    rows.into_iter()
        .map(|row| {
            let bill = (!monthly_only).then(|| {
                view! {
                    <details class="bill">
                        <summary>"What is in this figure"</summary>
                        <ul>
                            {row
                                .bill
                                .into_iter()
                                .map(|line| {
                                    view! {
                                        <li>
                                            <span class="bill-label">{line.label}</span>
                                            {format!(": {} ", line.detail)}
                                            <span class="bill-usd">{line.usd}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </details>
                }
            });
            let steady = usize::from(row.steady.is_some());
            let longer = (!monthly_only).then(|| {
                view! {
                    {row.steady.map(|steady| view! { <td data-label=head(1)>{steady}</td> })}
                    <td data-label=head(1 + steady)>{row.yearly}</td>
                    <td data-label=head(2 + steady)>{row.horizon}</td>
                }
            });
            view! {
                <tr data-option=row.option>
                    <th scope="row">
                        {row
                            .titles
                            .into_iter()
                            .map(|label| {
                                let mark = match (label.recommended, label.ruled_out) {
                                    (true, _) => " (recommended)",
                                    (false, true) => " (ruled out)",
                                    (false, false) => "",
                                };
                                let class = if label.ruled_out { "option ruled-out" } else { "option" };
                                view! {
                                    <span class=class>{format!("{}{mark}", label.title)}</span>
                                    {label.note.map(|note| view! { <span class="option-note">{note}</span> })}
                                }
                            })
                            .collect_view()} {bill}
                    </th>
                    <td data-label=head(0)>{row.monthly}</td>
                    {longer}
                </tr>
            }
        })
        .collect_view()
}

/// Copies `text` (a path as an absolute URL) once the page's island runs; hidden until then.
#[component]
pub fn CopyButton(text: String, label: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="copy" data-copy=text data-label=label>
            {label}
        </button>
    }
}

/// The answers in words, one line per question and one for the workload, so that a printout, a
/// card or a screenshot never shows a result without what it rests on.
#[component]
pub fn AnswerSummary(lines: Vec<advisor_core::summary::AnswerLine>) -> impl IntoView {
    view! {
        <dl class="answer-summary">
            {lines
                .into_iter()
                .map(|line| {
                    view! {
                        <dt>{line.heading}</dt>
                        <dd>{line.answers}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// A page the island keeps live: its masthead (`title`, `lede`, and a link that skips the form
/// to `skip_to`, the result's heading), the form, the result it replaces when an answer changes,
/// and the status line that tells screen readers what the result now says.
#[component]
pub fn LiveLayout(
    title: &'static str,
    lede: &'static str,
    /// `(fragment, words)`.
    skip_to: (&'static str, &'static str),
    form: AnyView,
    result: AnyView,
) -> impl IntoView {
    view! {
        <header class="masthead">
            <h1>{title}</h1>
            <p class="lede">{lede}</p>
            <p class="skip">
                <a href=skip_to.0>{skip_to.1}</a>
            </p>
        </header>
        <LiveAdvisor>
            <div class="walkthrough">{form}</div>
            <div class="result">{result}</div>
            <p id="result-status" class="visually-hidden" role="status"></p>
        </LiveAdvisor>
    }
}

/// Each kind of request the keys make against its KMS quota, linked to the AWS page that states
/// it, those over their quota marked.
#[component]
pub fn RequestQuotas(quotas: Vec<QuotaView>) -> impl IntoView {
    (!quotas.is_empty()).then(|| {
        view! {
            <h3>"Request quotas"</h3>
            <ul class="quotas">
                {quotas
                    .into_iter()
                    .map(|quota| {
                        let name = match quota.href {
                            Some(href) => {
                                view! {
                                    <a href=href rel="noopener">
                                        {quota.name}
                                    </a>
                                }
                                    .into_any()
                            }
                            None => quota.name.into_any(),
                        };
                        let assumed = if quota.assumed {
                            " (the whole peak: no requests a month are given to split it by)"
                        } else {
                            ""
                        };
                        let over = quota
                            .over
                            .then(|| {
                                view! { <strong>" Over the quota: ask for an increase, or spread the load."</strong> }
                            });
                        view! {
                            <li class:over=quota
                                .over>{name} ": " {quota.load} " against " {quota.quota} {assumed} "." {over}</li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
