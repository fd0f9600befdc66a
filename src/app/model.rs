//! What the advisor page shows, as plain data computed from the rules and a query string: the
//! form (questions, fields, current values, field errors) and the verdict.

use std::sync::Arc;

use chrono::NaiveDate;

use super::cost_table::{CostRow, cost_rows, hsms_for_peak, shown_steady};
use super::form_view::{FormView, described, form};
use super::matrix::MatrixView;
use crate::app::document::{SOCIAL_IMAGE, Social};
use crate::app::{EMBED_WIDTH, card_height, iframe_snippet};
use crate::charts::{ChartWords, Decided};
use advisor_core::advice::{Flip, TraceStatus, state_query, under_rules};
use advisor_core::compare::StateQueries;
use advisor_core::contract::Value;
use advisor_core::costs::KeyOption;
use advisor_core::export::option_id;
use advisor_core::ruleset::RulesNotice;
use advisor_core::sources::SourcedFigure;
use advisor_core::summary::{AnswerLine, answer_lines};
use advisor_core::{InputError, Inputs, RuleSet, evaluate, format};

#[derive(Debug, Clone, PartialEq)]
pub struct TraceView {
    pub rule: String,
    pub question: String,
    pub status: TraceStatus,
    pub because: String,
}

/// An option a requirement rules out: its name, and each reason with the AWS page that says so.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockedView {
    pub option: String,
    pub title: String,
    /// `(because, source URL)`.
    pub reasons: Vec<(String, String)>,
}

/// A requirement as stated, how the recommendation meets it, and where that is stated.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementView {
    pub stated: String,
    pub met: String,
    /// The link and what it leads to: NIST's record of a certificate, or AWS's documentation.
    pub source: Option<(String, &'static str)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FlipView {
    pub text: String,
    pub href: String,
}

/// A chart of the page: its URL name, its title, and what it shows in numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartView {
    pub slug: String,
    pub title: String,
    pub description: String,
}

/// One kind of request's load against its KMS quota, as the page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaView {
    /// The quota as Service Quotas names it.
    pub name: String,
    /// Requests a second checked: the larger of the kind's share of the peak and its average.
    pub load: String,
    /// Requests a second allowed.
    pub quota: String,
    pub over: bool,
    /// Whether the whole peak was put on this kind for want of requests a month to split it.
    pub assumed: bool,
    /// The AWS page that states the quota.
    pub href: Option<String>,
}

/// What the page shows of an evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The recommended option's id, or `none`.
    pub option: String,
    /// What the decision is about, in the reader's words.
    pub context: Option<String>,
    /// The recommended option's cost in the first month, when there is one.
    pub monthly: Option<String>,
    /// The answers in words, one line per question and one for the workload.
    pub answers: Vec<AnswerLine>,
    /// The day the result was computed.
    pub computed: NaiveDate,
    /// The options a requirement rules out.
    pub blocked: Vec<BlockedView>,
    /// The decision at a glance: every requirement against every option.
    pub matrix: MatrixView,
    pub title: String,
    pub summary: String,
    /// Every rule: the one that decided first, then those that held but could not choose, then
    /// the rest in the framework's order.
    pub trace: Vec<TraceView>,
    /// The requirements the answers state, each with how the recommendation meets it.
    pub requirements: Vec<RequirementView>,
    pub notes: Vec<String>,
    /// Each kind of request the keys make against its KMS quota.
    pub quotas: Vec<QuotaView>,
    pub costs: Vec<CostRow>,
    pub horizon_months: u32,
    /// The month from which rotation charges stop rising, when rotation is required and that
    /// month is within the horizon.
    pub steady_month: Option<u32>,
    /// Where the recommendation meets another option that applies, in a sentence; empty when
    /// no option is left.
    pub break_even: String,
    /// The HSMs the peak needs, when CloudHSM or its key store is an option left.
    pub hsms_for_peak: Option<String>,
    pub flips: Vec<FlipView>,
    pub share_url: String,
    /// The canonical query string, for the links that last: exports, the JSON, the embed.
    pub query: String,
    /// The query of the result's own chart URLs: the parameters not at their default that a
    /// chart reads, and the rules in force (docs/api.md, "Charts").
    pub chart_query: String,
    /// `(parameter, message)` for every malformed parameter; they took their defaults.
    pub errors: Vec<(String, String)>,
    pub charts: Vec<ChartView>,
    /// The `<iframe>` that shows this state's `/embed` on another site.
    pub embed_snippet: String,
    /// This state's oEmbed URL, for discovery.
    pub oembed_href: String,
    /// What a link to this state unfurls as.
    pub social: Social,
    /// Every figure the result used, with its source and date.
    pub sources: Arc<[SourcedFigure]>,
    /// The version of the rules that decided.
    pub rules_version: String,
    /// When the link was made under other rules: which, and what changed since.
    pub rules_notice: Option<RulesNotice>,
    /// When a change since named this state's answer: what it was advised then, in a sentence.
    pub was_advised: Option<String>,
    /// The rules notice in one line, for the card.
    pub notice_line: Option<String>,
    /// The comparison of this state with itself, to change one side of.
    pub compare_href: String,
}

/// A chart's URL for the state in `query`; `size` is `(width, height)` when not the default.
pub fn chart_url(slug: &str, extension: &str, query: &str, theme: &str, size: Option<(u32, u32)>) -> String {
    let size = size.map(|(width, height)| format!("&width={width}&height={height}")).unwrap_or_default();
    format!("/charts/{slug}.{extension}?{query}&theme={theme}{size}")
}

/// What the result's chart URLs carry of a state: its parameters that are not at their default,
/// less the context (no chart shows it), then the rules in force, as `share_url` names them.
fn chart_query(inputs: &Inputs, in_force: &str) -> String {
    under_rules(&inputs.to_changes_query(&["context"]), in_force)
}

/// The form (every question, its fields and their current values) and the verdict for a state
/// and the parameters that were malformed in its URL; `base` starts the absolute links.
pub fn page_for(
    rules: &RuleSet,
    inputs: &Inputs,
    errors: Vec<InputError>,
    base: &str,
    today: NaiveDate,
) -> (FormView, Verdict) {
    let errors = described(errors);
    (form(rules, inputs, &errors), verdict(rules, inputs, errors, base, today))
}

/// What the embed card shows of a state and its URL's malformed parameters; `base` starts the
/// absolute links.
pub fn verdict_for(rules: &RuleSet, inputs: &Inputs, errors: Vec<InputError>, base: &str, today: NaiveDate) -> Verdict {
    verdict(rules, inputs, described(errors), base, today)
}

fn verdict(rules: &RuleSet, inputs: &Inputs, errors: Vec<(String, String)>, base: &str, today: NaiveDate) -> Verdict {
    let advice = evaluate(rules, inputs);
    // The share link is "/?" and the canonical query.
    let query = advice.share_url.trim_start_matches("/?").to_string();
    let title = advice.recommendation.title.to_string();
    let page_url = format!("{base}{}", advice.share_url);
    let oembed_query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("url", &page_url)
        .append_pair("format", "json")
        .finish();
    let shown = inputs.shown_options();
    let charts: Vec<ChartView> = ChartWords::both(rules, inputs, Decided::from(&advice), today)
        .into_iter()
        .map(|words| ChartView {
            slug: words.chart.slug().to_string(),
            title: words.title,
            description: words.description,
        })
        .collect();
    // The default rule asks no question of its own: it speaks for all the answers.
    let question_title = |id: &str| {
        rules.questions.iter().find(|q| q.id == id).map_or_else(|| "All your answers".to_string(), |q| q.title.clone())
    };
    let mut verdict = Verdict {
        option: option_id(advice.recommendation.option).to_string(),
        context: inputs.context().map(String::from),
        answers: answer_lines(rules, inputs),
        monthly: advice.recommendation.option.map(|option| format::usd(advice.costs.monthly_usd.of(option))),
        computed: today,
        matrix: MatrixView::new(rules, &advice.matrix),
        blocked: advice
            .blocked
            .iter()
            .filter(|(option, _)| shown.contains(option))
            .map(|(option, blocks)| BlockedView {
                option: option.id().to_string(),
                title: rules.title(option).to_string(),
                reasons: blocks.iter().map(|b| (b.because.clone(), b.source.clone())).collect(),
            })
            .collect(),
        title: title.clone(),
        summary: advice.recommendation.summary.clone(),
        // What decided first, then what held but could not choose, then the rest.
        trace: {
            let mut trace: Vec<TraceView> = advice
                .trace
                .iter()
                .map(|t| TraceView {
                    rule: t.rule.clone(),
                    question: question_title(&t.question),
                    status: t.status,
                    because: t.because.clone(),
                })
                .collect();
            trace.sort_by_key(|t| match t.status {
                TraceStatus::Decides => 0,
                TraceStatus::Blocked => 1,
                TraceStatus::Applies | TraceStatus::NotMatched => 2,
            });
            trace
        },
        requirements: advice
            .requirements
            .iter()
            .map(|r| RequirementView {
                stated: r.stated.clone(),
                met: r.met.clone(),
                source: r.source.clone().map(|href| {
                    let label =
                        if href.starts_with("https://csrc.nist.gov/") { "NIST's record" } else { "AWS documentation" };
                    (href, label)
                }),
            })
            .collect(),
        notes: advice.notes.clone(),
        quotas: advice
            .quotas
            .iter()
            .map(|check| QuotaView {
                name: check.quota_name.to_string(),
                load: format!("{}/s", format::count(check.load.ceil())),
                quota: format!("{}/s", format::count(check.quota)),
                over: check.over,
                assumed: check.assumed,
                href: check.url().map(str::to_string),
            })
            .collect(),
        costs: cost_rows(rules, &advice),
        horizon_months: advice.costs.horizon_months,
        steady_month: shown_steady(&advice).map(|steady| steady.month),
        break_even: break_even_words(rules, &advice),
        // Sized only where a cluster is an option left: keys outside AWS need none.
        hsms_for_peak: [KeyOption::Cloudhsm, KeyOption::CustomKeyStore]
            .iter()
            .any(|&option| !advice.blocked.rules_out(option))
            .then(|| hsms_for_peak(&advice, inputs)),
        flips: advice.flips.iter().map(|flip| flip_view(rules, flip, advice.recommendation.option)).collect(),
        share_url: advice.share_url.clone(),
        // Set below, once the card's parts are known: its height is theirs.
        embed_snippet: String::new(),
        oembed_href: format!("{base}/oembed?{oembed_query}"),
        social: Social {
            image: format!("{base}{}", chart_url("cost-vs-requests", "png", &query, "light", Some(SOCIAL_IMAGE))),
            image_alt: charts.first().map(|chart| chart.description.clone()).unwrap_or_default(),
            url: page_url,
        },
        sources: advice.sources.clone(),
        rules_version: advice.ruleset.version.clone(),
        rules_notice: advice.rules_notice.clone(),
        was_advised: advice.rules_notice.as_ref().and_then(|notice| notice.changed_answer(|o| rules.title(o), &title)),
        notice_line: advice.rules_notice.as_ref().map(|notice| notice.one_line(|o| rules.title(o))),
        // The state as its link has it: opened under other rules, the comparison says so too.
        compare_href: {
            let linked = state_query(inputs, &rules.version);
            format!("/compare?{}", StateQueries { a: linked.clone(), b: linked }.to_query())
        },
        chart_query: chart_query(inputs, &advice.ruleset.version),
        query,
        errors,
        charts,
    };
    let embed_url = format!("{base}/embed?{}", verdict.query);
    verdict.embed_snippet = iframe_snippet(&embed_url, &title, EMBED_WIDTH, card_height(&verdict, EMBED_WIDTH));
    verdict
}

/// "AWS KMS and AWS CloudHSM cost the same at 710,220,000 symmetric requests (…) a month.", or
/// that no option left meets the recommendation's cost at any volume.
fn break_even_words(rules: &RuleSet, advice: &advisor_core::Advice) -> String {
    let kind = advice.projection.varied;
    let label = rules.prices.requests.iter().find(|price| price.kind == kind).map_or("requests", |p| p.label.as_str());
    let requests = format::lowercase_first(label);
    match (advice.break_even, advice.recommendation.option) {
        (Some(even), _) => format!(
            "{} and {} cost the same at {} {requests} a month.",
            rules.title(even.between[0]),
            rules.title(even.between[1]),
            format::count(even.requests_per_month)
        ),
        (None, Some(option)) => format!(
            "No other option that meets the requirements costs the same as {} at any volume of {requests}.",
            rules.title(option)
        ),
        (None, None) => String::new(),
    }
}

/// "Label: answer → option", linking to the changed state.
/// `now` is the option advised now: a raised quota may keep it, and the words say so.
pub(super) fn flip_view(rules: &RuleSet, flip: &Flip, now: Option<KeyOption>) -> FlipView {
    let words = rules.parameter(flip.parameter);
    let label = words.map_or(flip.parameter, |p| p.label.as_str());
    let answer = |value: &str| words.and_then(|p| p.answers.iter().find(|(v, _)| v == value)).map(|(_, l)| l.clone());
    let labels = |members: &[&str]| members.iter().map(|member| answer(member)).collect::<Option<Vec<_>>>();
    // The numbers flips change: the requests a month and the KMS request quotas a second.
    let value = match &flip.value {
        Value::Answer(value) => labels(&[value]),
        Value::Set(members) => labels(members),
        _ => None,
    };
    let value = match (value, &flip.value) {
        (Some(labels), _) => labels.join(", "),
        (None, Value::Number(quota)) if flip.parameter.ends_with("_quota") => format!("{}/s", format::count(*quota)),
        (None, Value::Number(requests)) => format!("{} a month", format::count(*requests)),
        (None, other) => other.canonical().unwrap_or_default().into_owned(),
    };
    let outcome = flip.outcome(rules, now);
    FlipView { text: format!("{label}: {value} → {outcome}"), href: flip.share_url.clone() }
}
