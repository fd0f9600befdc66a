//! `framework.toml`: the rules' version, the five questions, the words for every parameter of
//! the URL contract (checked against the contract table) and the pros and cons of each option.

use crate::diagnostics::Code;

use serde::Deserialize;
use toml::Spanned;

use super::SourceFile;
use super::reader::{Check, Reader, Seen};
use crate::contract::{Kind, PARAMETERS, find};
use crate::costs::KeyOption;
use crate::diagnostics::Diagnostic;

/// The framework's questions, in order.
pub const QUESTIONS: [&str; 5] = ["q1", "q2", "q3", "q4", "q5"];

/// One of the five questions of the framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub help: String,
}

/// A parameter of the URL contract with the words the page shows for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub question: String,
    pub label: String,
    pub help: String,
    /// `(value, label)` for multiple-choice parameters, in the contract's order.
    pub answers: Vec<(String, String)>,
}

/// One option in words: its name, what it is, and what speaks for and against it.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionCase {
    pub option: KeyOption,
    /// The name people read, e.g. "KMS with a CloudHSM key store".
    pub title: String,
    /// What the option is, in one sentence.
    pub description: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
}

/// What `framework.toml` holds.
pub(super) struct Framework {
    pub version: String,
    pub source_article: String,
    pub questions: Vec<Question>,
    pub parameters: Vec<Parameter>,
    /// In the order of `KeyOption::ALL`.
    pub options: Vec<OptionCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawQuestion {
    id: Spanned<String>,
    title: String,
    prompt: String,
    help: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawParameter {
    name: Spanned<String>,
    question: Spanned<String>,
    label: String,
    help: String,
    #[serde(default)]
    answers: Vec<RawAnswer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAnswer {
    value: Spanned<String>,
    label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOption {
    id: Spanned<String>,
    title: String,
    description: String,
    pros: Vec<String>,
    cons: Vec<String>,
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Framework> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let version: Option<String> = reader.required("version");
    let source_article: Option<String> = reader.required("source-article");
    let raw_questions: (Vec<Spanned<RawQuestion>>, bool) = reader.each("question");
    let raw_parameters: (Vec<Spanned<RawParameter>>, bool) = reader.each("parameter");
    let raw_options: (Vec<Spanned<RawOption>>, bool) = reader.each("option");
    let mut check = reader.finish();
    let questions = questions(&mut check, raw_questions);
    let parameters = parameters(&mut check, raw_parameters);
    let options = options(&mut check, raw_options);
    Some(Framework { version: version?, source_article: source_article?, questions, parameters, options })
}

/// The five questions, in order; `complete` when every entry could be read.
fn questions(check: &mut Check, (raw, complete): (Vec<Spanned<RawQuestion>>, bool)) -> Vec<Question> {
    let mut seen = Seen::new();
    let mut questions = Vec::new();
    for raw in raw.into_iter().map(Spanned::into_inner) {
        let id = check.unique(&mut seen, &raw.id, "question");
        if !QUESTIONS.contains(&id) {
            let message = format!("`id`: expected one of {}, found \"{id}\"", QUESTIONS.join(", "));
            check.error(raw.id.span().start, Code::UnknownQuestion, message);
        }
        questions.push(Question { id: id.to_string(), title: raw.title, prompt: raw.prompt, help: raw.help });
    }
    for id in QUESTIONS.iter().filter(|id| complete && !seen.contains_key(**id)) {
        let message = format!("missing question \"{id}\": the framework has five, q1 to q5");
        check.error(0, Code::MissingQuestion, message);
    }
    questions.sort_by(|a, b| a.id.cmp(&b.id));
    questions
}

/// The words for every parameter of the contract table, in its order, checked against it.
fn parameters(check: &mut Check, (raw, complete): (Vec<Spanned<RawParameter>>, bool)) -> Vec<Parameter> {
    let mut seen = Seen::new();
    let mut parameters = Vec::new();
    for raw in raw.into_iter().map(Spanned::into_inner) {
        let name = check.unique(&mut seen, &raw.name, "parameter");
        let Some(contract) = find(PARAMETERS, name) else {
            let expected = PARAMETERS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
            let message = format!("`name`: expected a parameter of the URL contract ({expected}), found \"{name}\"");
            check.error(raw.name.span().start, Code::UnknownParameter, message);
            continue;
        };
        let expected_question = contract.section.framework_question();
        if raw.question.get_ref() != expected_question {
            let found = raw.question.get_ref();
            let message = format!("`question`: expected \"{expected_question}\" for {name}, found \"{found}\"");
            check.error(raw.question.span().start, Code::WrongQuestion, message);
        }
        let answers = answers(check, name, contract.kind, &raw);
        parameters.push(Parameter {
            name: name.to_string(),
            question: raw.question.into_inner(),
            label: raw.label,
            help: raw.help,
            answers,
        });
    }
    for parameter in PARAMETERS.iter().filter(|p| complete && !seen.contains_key(p.name)) {
        let message = format!("missing parameter \"{}\" of the URL contract", parameter.name);
        check.error(0, Code::MissingParameter, message);
    }
    parameters.sort_by_key(|p| PARAMETERS.iter().position(|contract| contract.name == p.name));
    parameters
}

/// `(value, label)` for each answer the contract gives a parameter of `kind`: every one
/// labelled, and no other.
fn answers(check: &mut Check, name: &str, kind: Kind, raw: &RawParameter) -> Vec<(String, String)> {
    let contract_answers = match kind {
        Kind::Choice(answers) | Kind::Set(answers) => answers,
        _ => &[],
    };
    for answer in raw.answers.iter().filter(|a| !contract_answers.contains(&a.value.get_ref().as_str())) {
        let expected = if contract_answers.is_empty() {
            format!("no answers for {name}, which takes a value")
        } else {
            format!("an answer of {name} ({})", contract_answers.join(", "))
        };
        let message = format!("expected {expected}, found \"{}\"", answer.value.get_ref());
        check.error(answer.value.span().start, Code::UnknownAnswer, message);
    }
    let mut answers = Vec::new();
    for value in contract_answers {
        match raw.answers.iter().find(|a| a.value.get_ref() == value) {
            Some(answer) => answers.push((value.to_string(), answer.label.clone())),
            None => {
                check.error(raw.name.span().start, Code::MissingAnswer, format!("missing answer \"{value}\" of {name}"))
            }
        }
    }
    answers
}

/// Pros and cons of every option, in the order of `KeyOption::ALL`.
fn options(check: &mut Check, (raw, complete): (Vec<Spanned<RawOption>>, bool)) -> Vec<OptionCase> {
    let mut seen = Seen::new();
    let mut options = Vec::new();
    for raw in raw.into_iter().map(Spanned::into_inner) {
        check.unique(&mut seen, &raw.id, "option");
        if let Some(option) = check.option(&raw.id) {
            let (title, description) = (raw.title, raw.description);
            options.push(OptionCase { option, title, description, pros: raw.pros, cons: raw.cons });
        }
    }
    for option in KeyOption::ALL.iter().filter(|o| complete && !seen.contains_key(o.id())) {
        let message = format!("missing `[[option]]` \"{}\": every option needs its pros and cons", option.id());
        check.error(0, Code::MissingOption, message);
    }
    options.sort_by_key(|case| KeyOption::ALL.iter().position(|o| *o == case.option));
    options
}
