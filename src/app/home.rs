//! The advisor page at `/`: the five questions and the workload as one GET form, and the
//! recommendation for the state in the URL. Complete as server-rendered HTML; the island
//! (`live.rs`) makes a changed answer update the result in place and the URL.

use advisor_core::export::Export;
use leptos::prelude::*;

use super::chart_figure::ChartFigure;
use super::components::{AnswerSummary, CopyButton, CostRows, FlipLinks, InputErrors, LiveLayout, RequestQuotas};
use super::document::{Document, Kind, document_title};
use super::form::{AdvisorForm, refused_fields_html};
use super::form_view::FormView;
use super::import::ImportSection;
use super::matrix::DecisionMatrix;
use super::model::{BlockedView, FlipView, QuotaView, RequirementView, TraceView, Verdict};
use super::sources::Sources;
use super::starting_points::StartingPoints;
use advisor_core::advice::TraceStatus;
use advisor_core::format;
use advisor_core::ruleset::RulesNotice;

/// The most characters of a page's description: what Open Graph readers show of it.
const UNFURL_CHARS: usize = 200;

/// What names the page of `verdict` (in a tab, a bookmark, a link's preview) and describes it:
/// the reader's own words first.
fn subject_and_description(verdict: &Verdict) -> (String, String) {
    match &verdict.context {
        Some(context) => (
            format!("{}: {context}", verdict.title),
            format!("{}. {}", context.trim_end_matches(['.', ' ']), verdict.summary),
        ),
        None => (verdict.title.clone(), verdict.summary.clone()),
    }
}

/// The whole page for one state: the form as the URL fills it, and the verdict.
#[component]
pub fn HomePage(options: LeptosOptions, form: FormView, verdict: Verdict) -> impl IntoView {
    let (subject, description) = subject_and_description(&verdict);
    // Link previews show about two lines of a description; the page has the rest.
    let description = format::clipped(&description, UNFURL_CHARS);
    let oembed_href = verdict.oembed_href.clone();
    let social = verdict.social.clone();
    view! {
        <Document options subject description oembed_href social kind=Kind::Advisor>
            <main class="page">
                <LiveLayout
                    title="KMS vs CloudHSM Advisor"
                    lede="Where should your encryption keys live on AWS: in KMS, with key material of your own, on your own HSMs through KMS or directly, or outside AWS? Answer five questions and describe your workload."
                    skip_to=("#recommendation", "Jump to the recommendation")
                    form=view! {
                        <StartingPoints />
                        <AdvisorForm form />
                    }
                        .into_any()
                    result=view! { <VerdictView verdict /> }.into_any()
                />
                <ImportSection />
            </main>
        </Document>
    }
}

/// What the island swaps in for a changed answer (`/result`): the page's title, its result as
/// [`HomePage`] renders it, and the fields whose values were refused, each with its message.
/// No head, no form and no scripts.
#[component]
pub fn ResultFragment(form: FormView, verdict: Verdict) -> impl IntoView {
    let (subject, _) = subject_and_description(&verdict);
    view! {
        <title>{document_title(&subject)}</title>
        <div class="result">
            <VerdictView verdict />
        </div>
        <form class="advisor" inner_html=refused_fields_html(form)></form>
    }
}

/// The recommendation, its reasons, costs, what would change it, and the charts.
#[component]
fn VerdictView(verdict: Verdict) -> impl IntoView {
    let query = verdict.query.clone();
    let chart_query = verdict.chart_query.clone();
    let heads: Vec<String> = ["First month".to_string()]
        .into_iter()
        .chain(verdict.steady_month.map(|month| format!("From month {month}, at today's volumes")))
        .chain(["First 12 months".to_string(), format!("Over {} months", verdict.horizon_months)])
        .collect();
    view! {
        {verdict.rules_notice.map(|notice| view! { <RulesNoticeView notice was_advised=verdict.was_advised /> })}
        <section class="verdict" data-option=verdict.option.clone() aria-labelledby="recommendation">
            <p class="eyebrow">"Recommendation"</p>
            {verdict.context.map(|context| view! { <p class="context">{context}</p> })}
            <h2 id="recommendation" data-announce="Recommendation updated">
                {verdict.title}
            </h2>
            <p class="summary">{verdict.summary}</p>
            {verdict
                .monthly
                .map(|monthly| {
                    view! {
                        <p class="monthly">
                            {format!("About {monthly} in the first month. ")} <a href="#reasons-heading">"Why"</a>
                            " · " <a href="#costs-heading">"Every option's cost"</a>
                        </p>
                    }
                })}
            <InputErrors errors=verdict.errors />
            <ShareLink share_url=verdict.share_url />
            <p class="print-link">{verdict.social.url.clone()}</p>
            <p class="exports">
                {Export::ALL
                    .map(|export| {
                        view! {
                            <a href=format!("{}?{query}", export.path()) download>
                                {export.link_text()}
                            </a>
                            " · "
                        }
                    })} <a href=format!("/api/v1/advice?{query}")>"JSON"</a>
            </p>
            <p class="compare-link">
                <a href=verdict.compare_href>"Compare with another answer"</a>
            </p>
            <EmbedSnippet snippet=verdict.embed_snippet />
        </section>
        <Reasons trace=verdict.trace requirements=verdict.requirements notes=verdict.notes quotas=verdict.quotas />
        <RuledOut blocked=verdict.blocked />
        <DecisionMatrix matrix=verdict.matrix />
        <section class="your-answers" aria-labelledby="your-answers-heading">
            <h2 id="your-answers-heading">"Your answers"</h2>
            <AnswerSummary lines=verdict.answers />
        </section>
        <section class="costs" aria-labelledby="costs-heading">
            <h2 id="costs-heading">"What each option costs"</h2>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Option"</th>
                            {heads.iter().map(|head| view! { <th scope="col">{head.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <CostRows rows=verdict.costs heads />
                    </tbody>
                </table>
            </div>
            {(!verdict.break_even.is_empty()).then(|| view! { <p class="break-even">{verdict.break_even}</p> })}
            {verdict.hsms_for_peak.map(|capacity| view! { <p class="capacity">"Capacity: " {capacity}</p> })}
        </section>
        <Flips flips=verdict.flips />
        <section class="charts" aria-label="Cost charts">
            {verdict
                .charts
                .into_iter()
                .map(|chart| view! { <ChartFigure chart query=chart_query.clone() /> })
                .collect_view()}
        </section>
        <Sources figures=verdict.sources />
        <p class="rules-version">
            {format!("Decided by the rules of version {}. ", verdict.rules_version)}
            <a href="/rules/changes">"What changed in the rules"</a>
        </p>
    }
}

/// Above the result of a link made under other rules: which, and what changed since that
/// concerns this state.
#[component]
fn RulesNoticeView(notice: RulesNotice, was_advised: Option<String>) -> impl IntoView {
    let RulesNotice { made_under, shown_under, known, changes, others, .. } = notice;
    let lead = if known {
        format!(
            "This link was made under the rules of version {made_under} and is shown under version {shown_under}: \
             its answer may differ from the one its author saw."
        )
    } else {
        format!(
            "This link names rules version {made_under}, which these rules do not list; it is shown under version \
             {shown_under}."
        )
    };
    let more = match (changes.is_empty(), others) {
        (_, 0) => String::new(),
        (true, 1) => "The one change since then does not concern this state. ".to_string(),
        (true, n) => format!("None of the {n} changes since then concerns this state. "),
        (false, 1) => "One other change since then does not concern this state. ".to_string(),
        (false, n) => format!("{n} other changes since then do not concern this state. "),
    };
    view! {
        <aside class="rules-notice" aria-labelledby="rules-notice-heading">
            <h2 id="rules-notice-heading">"Made under other rules"</h2>
            <p>{lead}</p>
            {was_advised.map(|sentence| view! { <p class="was-advised">{sentence}</p> })}
            {(!changes.is_empty())
                .then(|| {
                    view! {
                        <p>"What changed since then and concerns this state:"</p>
                        <ul>
                            {changes
                                .into_iter()
                                .map(|change| view! { <li>{format!("{} {}", change.what, change.why)}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
            <p>{more} <a href="/rules/changes">"What changed in the rules"</a></p>
        </aside>
    }
    .into_any()
}

/// The rule that decided, with any that held but could not choose; the requirements stated and
/// how the recommendation meets each; every other rule checked, folded away; whom to confirm a
/// compliance question with; then the notes.
#[component]
fn Reasons(
    trace: Vec<TraceView>,
    requirements: Vec<RequirementView>,
    notes: Vec<String>,
    quotas: Vec<QuotaView>,
) -> impl IntoView {
    let step = |step: TraceView| {
        let (class, status) = match step.status {
            TraceStatus::Decides => ("decisive", " · Decides"),
            TraceStatus::Applies => ("matched", " · Not needed"),
            TraceStatus::Blocked => ("blocked", " · Its option is ruled out"),
            // An unmatched rule's reason already starts with "Does not apply".
            TraceStatus::NotMatched => ("unmatched", ""),
        };
        view! {
            <li class=class data-rule=step.rule>
                <span class="rule-question">{step.question}</span>
                <span class="rule-status">{status}</span>
                <p>{step.because}</p>
            </li>
        }
    };
    let (first, checked): (Vec<TraceView>, Vec<TraceView>) =
        trace.into_iter().partition(|step| matches!(step.status, TraceStatus::Decides | TraceStatus::Blocked));
    let requirements = (!requirements.is_empty()).then(|| {
        view! {
            <h3>"Your requirements"</h3>
            <ul class="requirements">
                {requirements
                    .into_iter()
                    .map(|requirement| {
                        let source = requirement
                            .source
                            .map(|(href, label)| {
                                view! {
                                    " "
                                    <a href=href rel="noopener">
                                        {label}
                                    </a>
                                }
                            });
                        view! {
                            <li>
                                <strong>{requirement.stated}</strong>
                                <p>{requirement.met} {source}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let notes = (!notes.is_empty()).then(|| {
        view! {
            <h3>"Good to know"</h3>
            <ul class="notes">{notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul>
        }
    });
    view! {
        <section class="reasons" aria-labelledby="reasons-heading">
            <h2 id="reasons-heading">"Why"</h2>
            <ol class="trace">{first.into_iter().map(step).collect_view()}</ol>
            {requirements}
            <details class="checked">
                <summary>{format!("Checked, not triggered ({})", checked.len())}</summary>
                <ol class="trace">{checked.into_iter().map(step).collect_view()}</ol>
            </details>
            <p class="disclaimer">
                "This is advice to weigh, not a compliance determination: confirm with your auditor, QSA or compliance team that the option, and the validation it rests on, meet your obligations."
            </p>
            {notes}
            <RequestQuotas quotas />
        </section>
    }
}

/// The options a requirement rules out, each reason linked to the AWS page that states it.
#[component]
fn RuledOut(blocked: Vec<BlockedView>) -> impl IntoView {
    (!blocked.is_empty()).then(|| {
        view! {
            <section class="ruled-out" aria-labelledby="ruled-out-heading">
                <h2 id="ruled-out-heading">"Ruled out by your requirements"</h2>
                <ul>
                    {blocked
                        .into_iter()
                        .map(|option| {
                            view! {
                                <li data-option=option.option>
                                    <strong>{option.title}</strong>
                                    <ul>
                                        {option
                                            .reasons
                                            .into_iter()
                                            .map(|(because, source)| {
                                                view! {
                                                    <li>
                                                        {format!("{because} ")} <a href=source rel="noopener">
                                                            "AWS documentation"
                                                        </a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// Links to the states that change the recommendation; nothing when none does.
#[component]
fn Flips(flips: Vec<FlipView>) -> impl IntoView {
    (!flips.is_empty()).then(|| {
        view! {
            <section class="flips" aria-labelledby="flips-heading">
                <h2 id="flips-heading">"What would change the recommendation"</h2>
                <FlipLinks flips />
            </section>
        }
    })
}

/// The canonical link to this state, with a button that copies it once scripts run.
#[component]
fn ShareLink(share_url: String) -> impl IntoView {
    view! {
        <p class="share">
            <a class="share-link" href=share_url.clone()>
                "Link to this recommendation"
            </a>
            " "
            <CopyButton text=share_url label="Copy link" />
        </p>
    }
}

/// The iframe snippet for this state, folded away until asked for; works without scripts.
#[component]
fn EmbedSnippet(snippet: String) -> impl IntoView {
    view! {
        <details class="embed-snippet">
            <summary>"Embed"</summary>
            <p id="embed-label">"Paste this HTML into a wiki page or site to show this recommendation:"</p>
            // Not a <textarea>: Leptos writes a textarea's text unescaped.
            <pre class="snippet" aria-labelledby="embed-label">
                <code id="embed-code">{snippet.clone()}</code>
            </pre>
            <CopyButton text=snippet label="Copy snippet" />
            <p class="help">
                "To fit the frame to the card, the host page can listen for the card's messages of type kms-hsm-advisor:resize, which carry its height in CSS pixels."
            </p>
        </details>
    }
}
