//! What the advisor page shows, as plain data computed from the rules and a query string: the
//! form (questions, fields, current values, field errors) and the verdict.

use chrono::NaiveDate;

use crate::app::{EMBED_HEIGHT, EMBED_WIDTH};
use crate::charts::{Chart, ChartData};
use crate::domain::costs::KeyOption;
use crate::domain::{InputError, Inputs, RuleSet, evaluate, format};

/// One input of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The contract's parameter name, also the input's `name`.
    pub name: String,
    pub label: String,
    pub help: String,
    /// `(value, label)`; empty for number inputs.
    pub choices: Vec<(String, String)>,
    /// The value in the URL, canonical.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionView {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub help: String,
    pub fields: Vec<Field>,
}

/// The whole form for one URL.
#[derive(Debug, Clone, PartialEq)]
pub struct FormView {
    pub questions: Vec<QuestionView>,
    /// keys, requests, hsms, region.
    pub workload: Vec<Field>,
    /// hsm_hourly, growth, months: folded away.
    pub advanced: Vec<Field>,
    /// `(code, "code — name (quota)")` for the Region list.
    pub regions: Vec<(String, String)>,
    /// `(parameter, message)` for every malformed parameter of the URL.
    pub errors: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TraceView {
    pub rule: String,
    pub question: String,
    pub matched: bool,
    pub decisive: bool,
    pub because: String,
}

/// One option's costs, already written for people.
#[derive(Debug, Clone, PartialEq)]
pub struct CostRow {
    pub option: String,
    pub title: String,
    pub monthly: String,
    pub yearly: String,
    pub horizon: String,
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

/// What the page shows of an evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub option: String,
    pub title: String,
    pub summary: String,
    pub trace: Vec<TraceView>,
    pub notes: Vec<String>,
    pub costs: Vec<CostRow>,
    pub horizon_months: u32,
    pub break_even: String,
    pub hsms_for_peak: String,
    pub flips: Vec<FlipView>,
    pub share_url: String,
    /// The canonical query string, for the chart URLs.
    pub query: String,
    /// `(parameter, message)` for every malformed parameter; they took their defaults.
    pub errors: Vec<(String, String)>,
    pub charts: Vec<ChartView>,
    /// The `<iframe>` that shows this state's `/embed` on another site.
    pub embed_snippet: String,
    /// This state's oEmbed URL, for discovery.
    pub oembed_href: String,
}

/// A chart's URL for the state in `query`; `size` is `(width, height)` when not the default.
pub fn chart_url(slug: &str, extension: &str, query: &str, theme: &str, size: Option<(u32, u32)>) -> String {
    let size = size.map(|(width, height)| format!("&width={width}&height={height}")).unwrap_or_default();
    format!("/charts/{slug}.{extension}?{query}&theme={theme}{size}")
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
    (form(rules, inputs, errors.clone()), verdict(rules, inputs, errors, base, today))
}

/// `(parameter, message)` for each malformed parameter.
fn described(errors: Vec<InputError>) -> Vec<(String, String)> {
    errors.into_iter().map(|e| (e.parameter.to_string(), e.message)).collect()
}

/// `values` are the state's `(parameter, canonical value)` pairs.
fn field(rules: &RuleSet, values: &[(&'static str, String)], name: &str) -> Field {
    let parameter = rules.parameter(name);
    let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()).unwrap_or_default();
    Field {
        name: name.to_string(),
        label: parameter.map(|p| p.label.clone()).unwrap_or_else(|| name.to_string()),
        help: parameter.map(|p| p.help.clone()).unwrap_or_default(),
        choices: parameter.map(|p| p.answers.clone()).unwrap_or_default(),
        value,
    }
}

fn form(rules: &RuleSet, inputs: &Inputs, errors: Vec<(String, String)>) -> FormView {
    let values = inputs.pairs();
    let questions = rules
        .questions
        .iter()
        .map(|q| QuestionView {
            id: q.id.clone(),
            title: q.title.clone(),
            prompt: q.prompt.clone(),
            help: q.help.clone(),
            fields: rules
                .parameters
                .iter()
                .filter(|p| p.question == q.id)
                .map(|p| field(rules, &values, &p.name))
                .collect(),
        })
        .collect();
    let fields = |names: &[&str]| names.iter().map(|name| field(rules, &values, name)).collect();
    FormView {
        questions,
        workload: fields(&["keys", "requests", "hsms", "region"]),
        advanced: fields(&["hsm_hourly", "growth", "months"]),
        regions: rules
            .regions
            .iter()
            .map(|r| {
                let quota = format::count(r.kms_symmetric_quota.value);
                (r.code.clone(), format!("{} — {} (KMS quota {quota}/s)", r.code, r.name))
            })
            .collect(),
        errors,
    }
}

/// What the embed card shows of a state and its URL's malformed parameters; `base` starts the
/// absolute links.
pub fn verdict_for(rules: &RuleSet, inputs: &Inputs, errors: Vec<InputError>, base: &str, today: NaiveDate) -> Verdict {
    verdict(rules, inputs, described(errors), base, today)
}

fn verdict(rules: &RuleSet, inputs: &Inputs, errors: Vec<(String, String)>, base: &str, today: NaiveDate) -> Verdict {
    let advice = evaluate(rules, inputs);
    let query = inputs.to_query();
    let title = advice.recommendation.title.to_string();
    let page_url = format!("{base}{}", advice.share_url);
    let oembed_query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("url", &page_url)
        .append_pair("format", "json")
        .finish();
    let question_title = |id: &str| {
        rules.questions.iter().find(|q| q.id == id).map_or_else(|| "Default".to_string(), |q| q.title.clone())
    };
    let answer_label = |name: &str, value: &str| {
        rules
            .parameter(name)
            .and_then(|p| p.answers.iter().find(|(v, _)| v == value).map(|(_, l)| l.clone()))
            .unwrap_or_else(|| value.to_string())
    };
    let costs = &advice.costs;
    Verdict {
        option: advice.recommendation.option.id().to_string(),
        title: title.clone(),
        summary: advice.recommendation.summary.clone(),
        trace: advice
            .trace
            .iter()
            .map(|t| TraceView {
                rule: t.rule.clone(),
                question: question_title(&t.question),
                matched: t.matched,
                decisive: t.decisive,
                because: t.because.clone(),
            })
            .collect(),
        notes: advice.notes.clone(),
        costs: KeyOption::ALL
            .into_iter()
            .map(|option| CostRow {
                option: option.id().to_string(),
                title: option.title().to_string(),
                monthly: format::usd(costs.monthly_usd.of(option)),
                yearly: format::usd(costs.yearly_usd.of(option)),
                horizon: format::usd(costs.horizon_usd.of(option)),
            })
            .collect(),
        horizon_months: costs.horizon_months,
        break_even: advice.break_even_requests_per_month.map_or_else(
            || "none: the keys alone cost more than the cluster".to_string(),
            |volume| format!("{} requests a month", format::count(volume)),
        ),
        hsms_for_peak: format!("{} HSMs for a peak of {}/s", advice.hsms_for_peak, format::count(inputs.peak_ops)),
        flips: advice
            .flips
            .iter()
            .map(|flip| {
                let label = rules.parameter(flip.parameter).map_or(flip.parameter, |p| p.label.as_str());
                let value = if flip.parameter == "requests" {
                    format!("{} a month", format::count(flip.value.parse().unwrap_or(0.0)))
                } else {
                    answer_label(flip.parameter, &flip.value)
                };
                FlipView { text: format!("{label}: {value} → {}", flip.option.title()), href: flip.share_url.clone() }
            })
            .collect(),
        share_url: advice.share_url.clone(),
        embed_snippet: crate::app::iframe_snippet(&format!("{base}/embed?{query}"), &title, EMBED_WIDTH, EMBED_HEIGHT),
        oembed_href: format!("{base}/oembed?{oembed_query}"),
        query,
        errors,
        charts: [Chart::CostVsRequests, Chart::CostOverTime]
            .into_iter()
            .map(|chart| {
                let data = ChartData::new(chart, rules, inputs, today);
                ChartView { slug: chart.slug().to_string(), title: data.title, description: data.description }
            })
            .collect(),
    }
}
