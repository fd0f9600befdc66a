//! The advisor's questions and workload as one GET form: each parameter of the contract table
//! as its kind asks for it (radio buttons, check boxes, a list, a number), with its help and,
//! when the URL's value was malformed, the message saying what was expected.

use std::sync::{Arc, OnceLock};

use leptos::prelude::*;
use quick_cache::sync::Cache;

use super::form_view::{Control, Field, FieldWords, FormView, QuestionView};
use advisor_core::contract::read_whole;
use advisor_core::format;

/// Fields kept rendered: each question's fields and the workload's, in a few states each, and
/// the numbers people change most.
const FIELDS_KEPT: usize = 1024;
/// The five questions' headings, for a few rules versions.
const HEADINGS_KEPT: usize = 32;

/// The walk-through: one GET form, so it works without JavaScript. Its fields are most of the
/// page's markup and most of them are the same from one state to the next, so each field's
/// markup is kept by everything it shows ([`field_html`]) and the form is put together from it.
///
/// With `compared_with` (A's query string) it states B of a comparison: it goes to `/compare`
/// with A in a hidden field, and the island nests its fields in `b` (`data-state`).
#[component]
pub fn AdvisorForm(form: FormView, #[prop(optional)] compared_with: Option<String>) -> impl IntoView {
    // Folded away unless one of its values needs fixing.
    let advanced_open = form.advanced.iter().any(|field| field.error.is_some());
    // Folded away while every request is symmetric.
    let mix_open =
        form.request_mix.iter().any(|field| field.error.is_some() || !matches!(field.value.as_str(), "" | "0"));
    let fields = |fields: Vec<Field>| fields.into_iter().map(field_html).collect::<Vec<_>>().concat();
    let request_mix = view! {
        <summary>"Request mix: signing and key pairs"</summary>
        <p class="help">
            "KMS prices asymmetric requests and data key pairs apart from symmetric ones, and the free tier covers symmetric requests only. Requests of these kinds also mean the keys sign or make key pairs."
        </p>
    }
    .to_html()
        + &fields(form.request_mix);
    let advanced = view! { <summary>"Advanced assumptions"</summary> }.to_html() + &fields(form.advanced);
    let workload = view! { <legend>"Workload"</legend> }.to_html()
        + &fields(form.workload)
        + &view! { <details class="request-mix" open=mix_open inner_html=request_mix></details> }.to_html()
        + &view! { <details class="advanced" open=advanced_open inner_html=advanced></details> }.to_html();
    let (action, submit) =
        if compared_with.is_some() { ("/compare", "Compare") } else { ("/", "Show the recommendation") };
    let state = compared_with.is_some().then_some("b");
    // Where the island asks for the result alone; a comparison's is its whole page.
    let result = compared_with.is_none().then_some("/result");
    view! {
        <form class="advisor" method="get" action=action data-state=state data-result=result>
            {compared_with.map(|a| view! { <input type="hidden" name="a" value=a /> })}
            <div class="about" inner_html=fields(form.about)></div>
            {form
                .questions
                .into_iter()
                .map(|question| {
                    let inner = heading_html(&question).to_string() + &fields(question.fields);
                    view! { <fieldset class="question" id=question.id inner_html=inner></fieldset> }
                })
                .collect_view()}
            <fieldset class="question" id="workload" inner_html=workload></fieldset>
            <button type="submit" class="primary">
                {submit}
            </button>
        </form>
    }
}

/// The markup of the fields whose values were refused, with their messages: what the island
/// marks in the form it shows when an answer changed.
pub fn refused_fields_html(form: FormView) -> String {
    let FormView { about, questions, workload, request_mix, advanced } = form;
    let fields = about.into_iter().chain(questions.into_iter().flat_map(|question| question.fields));
    fields
        .chain(workload)
        .chain(request_mix)
        .chain(advanced)
        .filter(|field| field.error.is_some())
        .map(field_html)
        .collect::<Vec<_>>()
        .concat()
}

/// The legend, prompt and help of `question`, rendered once for their words and kept.
fn heading_html(question: &QuestionView) -> Arc<str> {
    type Words = (String, String, String, String);
    static KEPT: OnceLock<Cache<Words, Arc<str>>> = OnceLock::new();
    let kept = KEPT.get_or_init(|| Cache::new(HEADINGS_KEPT));
    let words = (question.id.clone(), question.title.clone(), question.prompt.clone(), question.help.clone());
    if let Some(html) = kept.get(&words) {
        return html;
    }
    let html: Arc<str> = view! {
        <legend>
            <span class="question-number">{question.id.to_uppercase()}</span>
            {format!(" {}", question.title)}
        </legend>
        <p class="prompt">{question.prompt.clone()}</p>
        <p class="help">{question.help.clone()}</p>
    }
    .to_html()
    .into();
    kept.insert(words, Arc::clone(&html));
    html
}

/// The markup of `field`. A typed field without an error is its words' [`Template`] with the
/// value put in, since its value is new in most states; any other field has a few values at
/// most, and is rendered once for everything it shows (its words, its control, its value and
/// its error) and kept while it is asked for.
fn field_html(field: Field) -> Arc<str> {
    static KEPT: OnceLock<Cache<Field, Arc<str>>> = OnceLock::new();
    if field.error.is_none()
        && let Some(template) = Template::of(&field.words)
    {
        return template.filled(&field.value).into();
    }
    let kept = KEPT.get_or_init(|| Cache::new(FIELDS_KEPT));
    if let Some(html) = kept.get(&field) {
        return html;
    }
    let html: Arc<str> = view! { <FieldInput field=field.clone() /> }.to_html().into();
    kept.insert(field, Arc::clone(&html));
    html
}

/// Where a template's holes are: a character no field's words hold, which neither attribute nor
/// text escaping changes.
const HOLE: char = '\u{E000}';

/// Words as a key by their address: a rules version's words are made once and shared by every
/// state's fields, and the key holds them, so no other words can take their address.
#[derive(Clone)]
struct SameWords(Arc<FieldWords>);

impl PartialEq for SameWords {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SameWords {}

impl std::hash::Hash for SameWords {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

/// A typed field's markup without an error, rendered once for its words with holes where its
/// value goes and, for a number, where the value read back in words goes.
struct Template {
    /// The markup between the holes: one more piece than holes.
    pieces: Vec<Arc<str>>,
}

impl Template {
    /// The template of a field asked for with `words`, made the first time; `None` for a choice,
    /// a set or the Region list, whose markup changes beyond a value put in.
    fn of(words: &Arc<FieldWords>) -> Option<Arc<Template>> {
        static KEPT: OnceLock<Cache<SameWords, Arc<Template>>> = OnceLock::new();
        if !matches!(words.control, Control::Number { .. } | Control::NumberOr { .. } | Control::Text) {
            return None;
        }
        let kept = KEPT.get_or_init(|| Cache::new(FIELDS_KEPT));
        let key = SameWords(Arc::clone(words));
        if let Some(template) = kept.get(&key) {
            return Some(template);
        }
        let holed = Field { words: Arc::clone(words), value: HOLE.to_string(), error: None };
        let html = view! { <FieldInput field=holed echo=HOLE.to_string() /> }.to_html();
        let template = Arc::new(Template { pieces: html.split(HOLE).map(Arc::from).collect() });
        kept.insert(key, Arc::clone(&template));
        Some(template)
    }

    /// The markup with `value` put in as the attribute escapes it, and its echo as text when
    /// the field has a hole for one.
    fn filled(&self, value: &str) -> String {
        let echo = if self.pieces.len() > 2 { echo_words(value).unwrap_or_default() } else { String::new() };
        let fills = [html_escape::encode_double_quoted_attribute(value), html_escape::encode_text(&echo)];
        let mut html = String::with_capacity(self.pieces.iter().map(|piece| piece.len()).sum::<usize>() + 64);
        for (index, piece) in self.pieces.iter().enumerate() {
            if let Some(fill) = index.checked_sub(1).and_then(|hole| fills.get(hole)) {
                html.push_str(fill);
            }
            html.push_str(piece);
        }
        html
    }
}

/// A large figure read back in words ("= 300 million"), or nothing for a small or unreadable one.
fn echo_words(value: &str) -> Option<String> {
    read_whole(value).and_then(format::in_words).map(|words| format!("= {words}"))
}

/// One parameter: radio buttons for answers, a list for the Region, a number otherwise, with
/// its help and, when the URL's value was malformed, the message saying what was expected.
/// `echo` is what a number field reads its value back as; by default its value's words.
#[component]
fn FieldInput(field: Field, #[prop(optional)] echo: Option<String>) -> impl IntoView {
    let FieldWords { name, label, help, control } = &*field.words;
    let help_id = format!("{name}-help");
    let error_id = format!("{name}-error");
    let described_by = if field.error.is_some() { format!("{help_id} {error_id}") } else { help_id.clone() };
    let invalid = field.error.is_some().then_some("true");
    // Named by the label the reader sees, not the parameter's name.
    let message = field.error.map(|(_, message)| {
        view! {
            <p class="field-error" id=error_id.clone() role="alert">
                {format!("{label}: {message}")}
            </p>
        }
    });
    let help = view! {
        <p class="help" id=help_id>
            {help.clone()}
        </p>
    };
    let (name, label) = (name.clone(), label.clone());
    // One answer of several, or any number of members.
    let kind = if matches!(control, Control::Set(_)) { "checkbox" } else { "radio" };
    match control.clone() {
        Control::Choice(choices) | Control::Set(choices) => view! {
            <fieldset class="field" data-field=name.clone() aria-invalid=invalid>
                <legend>{label}</legend>
                {boxes(kind, &name, &field.value, choices, &described_by)}
                {help}
                {message}
            </fieldset>
        }
        .into_any(),
        control => view! {
            <div class="field" data-field=name.clone()>
                <label for=name.clone()>{label}</label>
                {single_control(&name, field.value, echo, control, described_by, invalid)}
                {help}
                {message}
            </div>
        }
        .into_any(),
    }
}

/// One radio button or check box (`kind`) per `(value, label)`, those in the comma-separated
/// `value` checked. The browser sends each checked box as the parameter again, which the server
/// combines.
fn boxes(
    kind: &'static str,
    name: &str,
    value: &str,
    choices: Vec<(String, String)>,
    described_by: &str,
) -> impl IntoView {
    let checked: Vec<&str> = value.split(',').collect();
    choices
        .into_iter()
        .map(|(answer, label)| {
            let checked = checked.contains(&answer.as_str());
            view! {
                <label class="choice">
                    <input
                        type=kind
                        name=name.to_string()
                        value=answer
                        checked=checked
                        aria-describedby=described_by.to_string()
                    />
                    {format!(" {label}")}
                </label>
            }
        })
        .collect_view()
}

/// The Region list or a number input, holding `value` (a number's read back as `echo`).
fn single_control(
    name: &str,
    value: String,
    echo: Option<String>,
    control: Control,
    described_by: String,
    invalid: Option<&'static str>,
) -> AnyView {
    match control {
        Control::Region(regions) => {
            let options = regions
                .into_iter()
                .map(|(code, label)| {
                    let selected = code == value;
                    view! {
                        <option value=code selected=selected>
                            {label}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <select id=name.to_string() name=name.to_string() aria-describedby=described_by aria-invalid=invalid>
                    {options}
                </select>
            }
            .into_any()
        }
        // Text rather than a number input, which refuses a `k`, `M` or `B` suffix; checked by a
        // pattern as the server reads it, the range left to the server's message.
        Control::Number { min, max, step } => {
            let sign = if min.starts_with('-') { "-?" } else { "" };
            let whole = if step == "1" { "a whole number" } else { "a number" };
            // A large figure read back in words beside it; the island keeps it current as it is typed.
            let echo = echo.or_else(|| echo_words(&value));
            view! {
                <input
                    type="text"
                    id=name.to_string()
                    name=name.to_string()
                    value=value
                    pattern=format!("{sign}([0-9]+([.][0-9]*)?|[.][0-9]+)[kKmMbB]?")
                    inputmode="decimal"
                    title=format!("{whole} from {min} to {max}; k, M or B for a thousand, a million or a billion")
                    aria-describedby=described_by
                    aria-invalid=invalid
                    data-echo=format!("{name}-echo")
                />
                <p class="echo" id=format!("{name}-echo")>
                    {echo}
                </p>
            }
            .into_any()
        }
        // A number or a word: text, checked by a pattern as the server checks it.
        Control::NumberOr { min, max, or } => view! {
            <input
                type="text"
                id=name.to_string()
                name=name.to_string()
                value=value
                pattern=format!("{or}|[0-9]+")
                inputmode="numeric"
                title=format!("{or}, or a whole number from {min} to {max}")
                aria-describedby=described_by
                aria-invalid=invalid
            />
        }
        .into_any(),
        Control::Text => view! {
            <input
                type="text"
                id=name.to_string()
                name=name.to_string()
                value=value
                aria-describedby=described_by
                aria-invalid=invalid
            />
        }
        .into_any(),
        // Radio buttons and check boxes are groups of their own (`boxes`).
        Control::Choice(_) | Control::Set(_) => ().into_any(),
    }
}
