//! What the advisor page shows, as plain data computed from the rules and a query string: the
//! form (questions, fields, current values, field errors) and the verdict.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use super::cost_table::{CostRow, cost_rows, hsms_for_peak, shown_steady};
use crate::app::document::{SOCIAL_IMAGE, Social};
use crate::app::{EMBED_HEIGHT, EMBED_WIDTH};
use crate::charts::ChartWords;
use crate::domain::advice::Flip;
use crate::domain::compare::StateQueries;
use crate::domain::inputs::{Kind, Parameter, Section, Value};
use crate::domain::ruleset::RulesNotice;
use crate::domain::sources::SourcedFigure;
use crate::domain::{InputError, Inputs, RuleSet, evaluate, format};

/// How a parameter is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Control {
    /// Radio buttons: `(value, label)` in the contract's order.
    Choice(Vec<(String, String)>),
    /// Check boxes: `(value, label)` in the contract's order; the field's value lists the
    /// checked ones, comma-separated.
    Set(Vec<(String, String)>),
    /// A whole number from `min` to `max`, or the word `or`, typed into a text input.
    NumberOr { min: u64, max: u64, or: &'static str },
    /// The Region list: `(code, "code — name (quota)")`.
    Region(Vec<(String, String)>),
    /// A number input with the attributes that let the browser check it as the server will.
    Number { min: String, max: String, step: &'static str },
    /// A line of text of at most `max_chars` characters: what the decision is about, or a
    /// rules version (which links carry and the form does not ask).
    Text { max_chars: usize },
}

/// What a field says and how it asks: the same in every state under one rules version, so it is
/// worked out once per version ([`field_words`]) and shared by the fields of every page.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldWords {
    /// The contract's parameter name, also the input's `name`.
    pub name: String,
    pub label: String,
    pub help: String,
    pub control: Control,
}

/// One input of the form. Kept rendered by everything it holds (see `form::field_html`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub words: Arc<FieldWords>,
    /// The value in the URL, canonical; empty when it has none (no override given).
    pub value: String,
    /// When the URL's value of this parameter, or of an older one it replaces, was malformed:
    /// that parameter's name and what was expected.
    pub error: Option<(String, String)>,
}

/// Equal fields hash the same; hashing the parameter, its value and its error, and not the
/// words, keeps a lookup of a kept field cheap (and words shared by pointer compare at once).
impl std::hash::Hash for Field {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.words.name, &self.value, &self.error).hash(state);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionView {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub help: String,
    pub fields: Vec<Field>,
}

/// The whole form for one URL, its fields in the sections of the contract table.
#[derive(Debug, Clone, PartialEq)]
pub struct FormView {
    /// What the decision is about, first.
    pub about: Vec<Field>,
    pub questions: Vec<QuestionView>,
    /// What is billed.
    pub workload: Vec<Field>,
    /// Requests other than symmetric ones, folded away while they are all zero.
    pub request_mix: Vec<Field>,
    /// Assumptions folded away unless one of them needs fixing.
    pub advanced: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TraceView {
    pub rule: String,
    pub question: String,
    /// `decides`, `applies`, `blocked` or `not_matched`.
    pub status: &'static str,
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
    /// The recommended option's id, or `none`.
    pub option: String,
    /// What the decision is about, in the reader's words.
    pub context: Option<String>,
    /// The options a requirement rules out.
    pub blocked: Vec<BlockedView>,
    pub title: String,
    pub summary: String,
    pub trace: Vec<TraceView>,
    pub notes: Vec<String>,
    pub costs: Vec<CostRow>,
    pub horizon_months: u32,
    /// The month from which rotation charges stop rising, when rotation is required and that
    /// month is within the horizon.
    pub steady_month: Option<u32>,
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

/// The form for `inputs`, each parameter of `errors` marked at its field.
pub(super) fn form_for(rules: &RuleSet, inputs: &Inputs, errors: Vec<InputError>) -> FormView {
    form(rules, inputs, &described(errors))
}

/// `(parameter, message)` for each malformed parameter.
fn described(errors: Vec<InputError>) -> Vec<(String, String)> {
    errors.into_iter().map(|e| (e.parameter.to_string(), e.message)).collect()
}

/// The words of every parameter of `contract` under `rules`, in the table's order: worked out
/// once per rules version and table, then shared.
fn field_words(rules: &RuleSet, contract: &'static [Parameter]) -> Arc<Vec<Arc<FieldWords>>> {
    type Kept = (String, usize, Arc<Vec<Arc<FieldWords>>>);
    static KEPT: Mutex<Option<Kept>> = Mutex::new(None);
    let table = contract.as_ptr() as usize;
    let mut kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((sha256, kept_table, words)) = kept.as_ref()
        && *sha256 == rules.sha256
        && *kept_table == table
    {
        return Arc::clone(words);
    }
    let words: Arc<Vec<Arc<FieldWords>>> =
        Arc::new(contract.iter().map(|parameter| Arc::new(words_of(rules, parameter))).collect());
    *kept = Some((rules.sha256.clone(), table, Arc::clone(&words)));
    words
}

/// The words of `parameter` from the rules, and the control its kind asks for.
fn words_of(rules: &RuleSet, parameter: &Parameter) -> FieldWords {
    let words = rules.parameter(parameter.name);
    // An answer's label from the rules, or the answer itself.
    let labelled = |answers: &[&str]| -> Vec<(String, String)> {
        answers
            .iter()
            .map(|&value| {
                let label = words.and_then(|p| p.answers.iter().find(|(v, _)| v == value)).map(|(_, l)| l.as_str());
                (value.to_string(), label.unwrap_or(value).to_string())
            })
            .collect()
    };
    let control = match parameter.kind {
        Kind::Choice(answers) => Control::Choice(labelled(answers)),
        Kind::Set(members) => Control::Set(labelled(members)),
        Kind::Integer { min, max, or: Some(or) } => Control::NumberOr { min, max, or },
        Kind::Region => Control::Region(
            rules
                .regions
                .iter()
                .map(|r| {
                    let quota = format::count(r.kms_symmetric_quota.value);
                    (r.code.clone(), format!("{} — {} (KMS quota {quota}/s)", r.code, r.name))
                })
                .collect(),
        ),
        Kind::Integer { min, max, or: None } => {
            Control::Number { min: min.to_string(), max: max.to_string(), step: "1" }
        }
        Kind::Number { min, max, .. } => Control::Number { min: min.to_string(), max: max.to_string(), step: "any" },
        Kind::Version => Control::Text { max_chars: 40 },
        Kind::Text { max_chars } => Control::Text { max_chars },
    };
    FieldWords {
        name: parameter.name.to_string(),
        label: words.map_or_else(|| parameter.name.to_string(), |p| p.label.clone()),
        help: words.map(|p| p.help.clone()).unwrap_or_default(),
        control,
    }
}

/// The field of `parameter`, with `words` and its value from `inputs`.
fn field(words: Arc<FieldWords>, inputs: &Inputs, parameter: &Parameter, errors: &[(String, String)]) -> Field {
    Field {
        words,
        value: inputs.get(parameter.name).and_then(Value::canonical).map(String::from).unwrap_or_default(),
        error: errors
            .iter()
            .find(|(name, _)| {
                name == parameter.name
                    || inputs
                        .contract()
                        .iter()
                        .any(|older| older.name == name && older.replaced_by.is_some_and(|r| r.by == parameter.name))
            })
            .cloned(),
    }
}

fn form(rules: &RuleSet, inputs: &Inputs, errors: &[(String, String)]) -> FormView {
    let words = field_words(rules, inputs.contract());
    let fields = |wanted: &dyn Fn(Section) -> bool| -> Vec<Field> {
        // An older parameter is asked as the newer one that replaces it.
        let shown =
            inputs.contract().iter().zip(words.iter()).filter(|(p, _)| p.replaced_by.is_none() && wanted(p.section));
        shown.map(|(p, words)| field(Arc::clone(words), inputs, p, errors)).collect()
    };
    FormView {
        questions: rules
            .questions
            .iter()
            .map(|q| QuestionView {
                id: q.id.clone(),
                title: q.title.clone(),
                prompt: q.prompt.clone(),
                help: q.help.clone(),
                fields: fields(&|section| matches!(section, Section::Question(id) if id == q.id)),
            })
            .collect(),
        workload: fields(&|section| section == Section::Workload),
        request_mix: fields(&|section| section == Section::RequestMix),
        advanced: fields(&|section| section == Section::Advanced),
        about: fields(&|section| section == Section::About),
    }
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
    let charts: Vec<ChartView> = ChartWords::both(rules, inputs, &advice.projection, today)
        .into_iter()
        .map(|words| ChartView {
            slug: words.chart.slug().to_string(),
            title: words.title,
            description: words.description,
        })
        .collect();
    let question_title = |id: &str| {
        rules.questions.iter().find(|q| q.id == id).map_or_else(|| "Default".to_string(), |q| q.title.clone())
    };
    Verdict {
        option: advice.recommendation.option.map_or("none", |option| option.id()).to_string(),
        context: inputs.context().map(String::from),
        blocked: advice
            .blocked
            .0
            .iter()
            .map(|(option, blocks)| BlockedView {
                option: option.id().to_string(),
                title: rules.title(*option).to_string(),
                reasons: blocks.iter().map(|b| (b.because.clone(), b.source.clone())).collect(),
            })
            .collect(),
        title: title.clone(),
        summary: advice.recommendation.summary.clone(),
        trace: advice
            .trace
            .iter()
            .map(|t| TraceView {
                rule: t.rule.clone(),
                question: question_title(&t.question),
                status: t.status,
                because: t.because.clone(),
            })
            .collect(),
        notes: advice.notes.clone(),
        costs: cost_rows(rules, &advice),
        horizon_months: advice.costs.horizon_months,
        steady_month: shown_steady(&advice).map(|steady| steady.month),
        break_even: advice.break_even_requests_per_month.map_or_else(
            || {
                let floor = advice.projection.prices.kms_without_symmetric_requests(&advice.projection.usage);
                format!(
                    "KMS costs more than CloudHSM at any volume: without a single symmetric request it already \
                     costs {} a month.",
                    format::usd(floor)
                )
            },
            |volume| format!("KMS and CloudHSM cost the same at {} symmetric requests a month.", format::count(volume)),
        ),
        hsms_for_peak: hsms_for_peak(&advice, inputs),
        flips: advice.flips.iter().map(|flip| flip_view(rules, flip)).collect(),
        share_url: advice.share_url.clone(),
        embed_snippet: crate::app::iframe_snippet(&format!("{base}/embed?{query}"), &title, EMBED_WIDTH, EMBED_HEIGHT),
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
        compare_href: {
            let shared = query.clone();
            format!("/compare?{}", StateQueries { a: shared.clone(), b: shared }.to_query())
        },
        query,
        errors,
        charts,
    }
}

/// "Label: answer → option", linking to the changed state.
fn flip_view(rules: &RuleSet, flip: &Flip) -> FlipView {
    let words = rules.parameter(flip.parameter);
    let label = words.map_or(flip.parameter, |p| p.label.as_str());
    let answer = |value: &str| words.and_then(|p| p.answers.iter().find(|(v, _)| v == value)).map(|(_, l)| l.clone());
    // A set's members are each an answer; a number is the requests a month.
    let answers: Option<Vec<String>> = flip.value.split(',').map(answer).collect();
    // The numbers flips change: the requests a month and the KMS quota a second.
    let number = || format::count(flip.value.parse().unwrap_or(0.0));
    let value = match (answers, flip.parameter) {
        (Some(labels), _) => labels.join(", "),
        (None, "kms_quota") => format!("{}/s", number()),
        (None, _) => format!("{} a month", number()),
    };
    let outcome = flip.option.map_or("no option meets every requirement", |option| rules.title(option));
    FlipView { text: format!("{label}: {value} → {outcome}"), href: flip.share_url.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        crate::server::rules_dir::load(std::path::Path::new("rules")).unwrap_or_else(|p| panic!("{}", p.rendered()))
    }

    /// A row added to a copy of the contract table becomes a field in its section, with the
    /// attributes its kind gives, without any other change.
    #[test]
    fn a_new_row_in_the_table_reaches_the_form() {
        let table = crate::domain::contract::extended_for_tests();
        let rules = rules();
        let (inputs, errors) = Inputs::from_query_in(table, "proxy_hours=10&custody=hsm", &rules.region_codes());
        assert!(errors.is_empty(), "{errors:?}");
        let form = form(&rules, &inputs, &[]);
        let hours =
            form.advanced.iter().find(|f| f.words.name == "proxy_hours").expect("a field in the advanced section");
        assert_eq!(hours.value, "10");
        assert_eq!(hours.words.control, Control::Number { min: "1".into(), max: "744".into(), step: "any" });
        let fields = |id: &str| form.questions.iter().find(|q| q.id == id).unwrap().fields.clone();
        let names = |id: &str| fields(id).iter().map(|f| f.words.name.clone()).collect::<Vec<_>>();
        // `custody` replaces `control`, which the form no longer asks.
        assert_eq!(names("q2"), ["custody"]);
        let Control::Choice(answers) = &fields("q2")[0].words.control else { panic!("radio buttons") };
        assert_eq!(answers.len(), 4);
        assert_eq!(fields("q2")[0].value, "hsm");
        assert_eq!(names("q4"), ["integration", "usage", "multi_region"]);
        let usage = &fields("q4")[1];
        assert!(matches!(&usage.words.control, Control::Set(members) if members.len() == 4), "{usage:?}");
        assert_eq!(usage.value, "encrypt");
        assert_eq!(names("q1"), ["fips", "dedicated", "rotation"]);
        assert_eq!(fields("q1")[2].words.control, Control::NumberOr { min: 90, max: 2560, or: "none" });
    }
}
