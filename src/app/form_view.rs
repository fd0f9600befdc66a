//! What the advisor form shows, as plain data computed from the rules and a query string: each
//! question with its fields, the workload, and each field's words, control, value and error.

use std::sync::{Arc, Mutex};

use advisor_core::inputs::{Kind, Parameter, Section, Value};
use advisor_core::{InputError, Inputs, RuleSet, format};

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
    /// A line of text: what the decision is about, or a rules version (which links carry and
    /// the form does not ask). No `maxlength`: the browser would cut a longer paste unseen, and
    /// the server names the length instead.
    Text,
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

/// The form for `inputs`, each parameter of `errors` marked at its field.
pub(super) fn form_for(rules: &RuleSet, inputs: &Inputs, errors: Vec<InputError>) -> FormView {
    form(rules, inputs, &described(errors))
}

/// `(parameter, message)` for each malformed parameter.
pub(super) fn described(errors: Vec<InputError>) -> Vec<(String, String)> {
    errors.into_iter().map(|e| (e.parameter.to_string(), e.message)).collect()
}

/// The words of every parameter of `contract` under `rules`, in the table's order: worked out
/// once per rules version and table, then shared (the form's kept markup knows them by address).
fn field_words(rules: &RuleSet, contract: &'static [Parameter]) -> Arc<Vec<Arc<FieldWords>>> {
    type Kept = (String, usize, Arc<Vec<Arc<FieldWords>>>);
    /// The rules versions and tables kept: the version in force under each edition's table, and
    /// a version loaded since.
    const KEPT_VERSIONS: usize = 4;
    static KEPT: Mutex<Vec<Kept>> = Mutex::new(Vec::new());
    let table = contract.as_ptr() as usize;
    let mut kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, _, words)) =
        kept.iter().find(|(sha256, kept_table, _)| *sha256 == rules.sha256 && *kept_table == table)
    {
        return Arc::clone(words);
    }
    let words: Arc<Vec<Arc<FieldWords>>> =
        Arc::new(contract.iter().map(|parameter| Arc::new(words_of(rules, parameter))).collect());
    if kept.len() == KEPT_VERSIONS {
        kept.remove(0);
    }
    kept.push((rules.sha256.clone(), table, Arc::clone(&words)));
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
                    // Short enough for the form's column: the name people know, the code, the quota.
                    let quota = format::short_count(r.kms_symmetric_quota.value);
                    (r.code.clone(), format!("{} · {} · KMS {quota}/s", r.name, r.code))
                })
                .collect(),
        ),
        Kind::Integer { min, max, or: None } => {
            Control::Number { min: min.to_string(), max: max.to_string(), step: "1" }
        }
        Kind::Number { min, max, .. } => Control::Number { min: min.to_string(), max: max.to_string(), step: "any" },
        Kind::Version | Kind::Text { .. } => Control::Text,
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

pub(super) fn form(rules: &RuleSet, inputs: &Inputs, errors: &[(String, String)]) -> FormView {
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
        let table = advisor_core::contract::extended_for_tests();
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
        assert_eq!(names("q4"), ["integration", "usage", "multi_region", "service_share", "interface"]);
        let usage = &fields("q4")[1];
        assert!(matches!(&usage.words.control, Control::Set(members) if members.len() == 5), "{usage:?}");
        assert_eq!(usage.value, "encrypt");
        assert_eq!(names("q1"), ["fips", "dedicated", "rotation"]);
        assert_eq!(fields("q1")[2].words.control, Control::NumberOr { min: 90, max: 2560, or: "none" });
    }
}
