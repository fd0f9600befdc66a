//! Parse, then validate: turns the rules files into a `RuleSet`, or into every problem found,
//! each with its file, line and column.

use std::collections::HashSet;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::condition::{Condition, Context};
use super::raw::*;
use super::reader::Reader;
use super::text::Template;
use super::*;
use crate::domain::diagnostics::{Diagnostic, Locator};
use crate::domain::inputs::PARAMETERS;
use crate::domain::inputs::{Choice, DEFAULT_REGION};

/// The files a rules directory must hold, in the order they are read.
pub const FILES: [&str; 6] =
    ["framework.toml", "rules.toml", "prices.toml", "regions.toml", "quotas.toml", "compliance.toml"];

/// The name of the example cases file that sits beside the rules.
pub const CASES_FILE: &str = "cases.toml";

const QUESTIONS: [&str; 5] = ["q1", "q2", "q3", "q4", "q5"];

/// The parameters that describe the workload rather than answer a question.
const WORKLOAD: &str = "workload";

/// The rule that applies whatever the answers, e.g. the article's default.
const ALL_QUESTIONS: &str = "all";

/// One rules file: `path` is how diagnostics name it; its last component says which file it is.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    fn is(&self, name: &str) -> bool {
        self.path.rsplit(['/', '\\']).next() == Some(name)
    }
}

impl RuleSet {
    /// Validates the files of a rules directory. Extra files are ignored.
    pub fn from_sources(files: &[SourceFile]) -> Result<RuleSet, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let mut file = |name: &str| {
            let found = files.iter().find(|f| f.is(name));
            if found.is_none() {
                diagnostics.push(Diagnostic {
                    file: name.to_string(),
                    line: 1,
                    column: 1,
                    message: "missing file: every rules directory needs it".to_string(),
                });
            }
            found
        };
        let sources = FILES.map(&mut file);
        let [Some(framework), Some(rules), Some(prices), Some(regions), Some(quotas), Some(compliance)] = sources
        else {
            return Err(diagnostics);
        };

        let framework = read_framework(framework, &mut diagnostics);
        let rules = read_rules(rules, &mut diagnostics);
        let prices = read_prices(prices, &mut diagnostics);
        let regions = read_regions(regions, &mut diagnostics);
        let quotas = read_quotas(quotas, &mut diagnostics);
        let compliance = read_compliance(compliance, &mut diagnostics);

        match (framework, rules, prices, regions, quotas, compliance) {
            (
                Some(Framework { version, questions, parameters, options }),
                Some((rules, branches, notes)),
                Some(prices),
                Some(regions),
                Some((key_store_quota, capacity)),
                Some(compliance),
            ) if diagnostics.is_empty() => Ok(RuleSet {
                version,
                sha256: sha256_of(files),
                questions,
                parameters,
                options,
                rules,
                branches,
                notes,
                prices,
                regions,
                key_store_quota,
                capacity,
                compliance,
            }),
            _ => Err(diagnostics),
        }
    }
}

fn sha256_of(files: &[SourceFile]) -> String {
    let mut hasher = Sha256::new();
    for name in FILES {
        if let Some(file) = files.iter().find(|f| f.is(name)) {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(file.text.as_bytes());
            hasher.update([0]);
        }
    }
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Collects the problems of one file.
struct Check<'a, 'd> {
    locator: &'a Locator<'a>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Check<'_, '_> {
    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.diagnostics.push(self.locator.at(offset, message));
    }

    /// Offset of the first character inside a string's quotes.
    fn inside(value: &Spanned<String>) -> usize {
        value.span().start + 1
    }

    fn unique<'s>(&mut self, seen: &mut HashSet<String>, id: &'s Spanned<String>, what: &str) -> &'s str {
        if !seen.insert(id.get_ref().clone()) {
            self.error(id.span().start, format!("duplicate {what} \"{}\"", id.get_ref()));
        }
        id.get_ref()
    }

    fn date(&mut self, as_of: &Spanned<String>) -> Option<NaiveDate> {
        let date = NaiveDate::parse_from_str(as_of.get_ref(), "%Y-%m-%d").ok();
        if date.is_none() {
            self.error(
                as_of.span().start,
                format!("`as-of`: expected a date like \"2026-11-01\", found \"{}\"", as_of.get_ref()),
            );
        }
        date
    }

    fn source(&mut self, source: &str, offset: usize) {
        if source.trim().is_empty() {
            self.error(offset, "`source`: expected where the figure comes from, found an empty string");
        }
    }

    /// A sourced number that must be positive and finite.
    fn positive(&mut self, figure: RawFigure<f64>, what: &str) -> Option<Sourced<f64>> {
        let value = *figure.value.get_ref();
        if !(value.is_finite() && value > 0.0) {
            self.error(figure.value.span().start, format!("`{what}`: expected a number above 0, found {value}"));
        }
        self.source(&figure.source, figure.as_of.span().start);
        Some(Sourced { value, source: figure.source, as_of: self.date(&figure.as_of)? })
    }

    fn template(&mut self, text: &Spanned<String>) -> Option<Template> {
        Template::parse(text.get_ref())
            .map_err(|(offset, message)| self.error(Self::inside(text) + offset, message))
            .ok()
    }

    fn conditions(&mut self, when: &[Spanned<String>], context: Context) -> Option<Vec<Condition>> {
        let parsed: Vec<Option<Condition>> = when
            .iter()
            .map(|clause| {
                Condition::parse(clause.get_ref(), context)
                    .map_err(|message| self.error(Self::inside(clause), message))
                    .ok()
            })
            .collect();
        parsed.into_iter().collect()
    }

    fn option(&mut self, option: &Spanned<String>) -> Option<KeyOption> {
        let found = KeyOption::from_id(option.get_ref());
        if found.is_none() {
            let ids = KeyOption::ALL.map(KeyOption::id).join(", ");
            self.error(option.span().start, format!("`option`: expected one of {ids}, found \"{}\"", option.get_ref()));
        }
        found
    }
}

fn read_framework(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Framework> {
    let mut reader = Reader::parse(&file.path, &file.text, diagnostics)?;
    let version: Option<String> = reader.required("version", diagnostics);
    let (raw_questions, all_questions): (Vec<Spanned<RawQuestion>>, bool) = reader.each("question", diagnostics);
    let (raw_parameters, all_parameters): (Vec<Spanned<RawParameter>>, bool) = reader.each("parameter", diagnostics);
    let (raw_options, all_options): (Vec<Spanned<RawOption>>, bool) = reader.each("option", diagnostics);
    let locator = std::mem::replace(&mut reader.locator, Locator::new("", ""));
    reader.finish(diagnostics);
    let mut check = Check { locator: &locator, diagnostics };

    let mut seen = HashSet::new();
    let mut questions = Vec::new();
    for raw in raw_questions.into_iter().map(Spanned::into_inner) {
        let id = check.unique(&mut seen, &raw.id, "question");
        if !QUESTIONS.contains(&id) {
            check.error(raw.id.span().start, format!("`id`: expected one of {}, found \"{id}\"", QUESTIONS.join(", ")));
        }
        questions.push(Question { id: id.to_string(), title: raw.title, prompt: raw.prompt, help: raw.help });
    }
    for id in QUESTIONS.iter().filter(|id| all_questions && !seen.contains(**id)) {
        check.error(0, format!("missing question \"{id}\": the framework has five, q1 to q5"));
    }
    questions.sort_by(|a, b| a.id.cmp(&b.id));

    let mut seen = HashSet::new();
    let mut parameters = Vec::new();
    for raw in raw_parameters.into_iter().map(Spanned::into_inner) {
        let name = check.unique(&mut seen, &raw.name, "parameter");
        if !PARAMETERS.contains(&name) {
            let expected = PARAMETERS.join(", ");
            check.error(
                raw.name.span().start,
                format!("`name`: expected a parameter of the URL contract ({expected}), found \"{name}\""),
            );
            continue;
        }
        let choice = Choice::from_name(name);
        let expected_question = choice.map_or(if name == "peak_ops" { "q3" } else { WORKLOAD }, Choice::question);
        if raw.question.get_ref() != expected_question {
            check.error(
                raw.question.span().start,
                format!(
                    "`question`: expected \"{expected_question}\" for {name}, found \"{}\"",
                    raw.question.get_ref()
                ),
            );
        }
        let contract_answers = choice.map_or(&[][..], Choice::answers);
        let mut answers = Vec::new();
        for answer in &raw.answers {
            if !contract_answers.contains(&answer.value.get_ref().as_str()) {
                let expected = if contract_answers.is_empty() {
                    format!("no answers for {name}, which takes a value")
                } else {
                    format!("an answer of {name} ({})", contract_answers.join(", "))
                };
                check.error(
                    answer.value.span().start,
                    format!("expected {expected}, found \"{}\"", answer.value.get_ref()),
                );
            }
        }
        for value in contract_answers {
            match raw.answers.iter().find(|a| a.value.get_ref() == value) {
                Some(answer) => answers.push((value.to_string(), answer.label.clone())),
                None => check.error(raw.name.span().start, format!("missing answer \"{value}\" of {name}")),
            }
        }
        parameters.push(Parameter {
            name: name.to_string(),
            question: raw.question.into_inner(),
            label: raw.label,
            help: raw.help,
            answers,
        });
    }
    for name in PARAMETERS.iter().filter(|name| all_parameters && !seen.contains(**name)) {
        check.error(0, format!("missing parameter \"{name}\" of the URL contract"));
    }
    parameters.sort_by_key(|p| PARAMETERS.iter().position(|name| *name == p.name));

    let mut seen = HashSet::new();
    let mut options = Vec::new();
    for raw in raw_options.into_iter().map(Spanned::into_inner) {
        check.unique(&mut seen, &raw.id, "option");
        if let Some(option) = check.option(&raw.id) {
            options.push(OptionCase { option, pros: raw.pros, cons: raw.cons });
        }
    }
    for option in KeyOption::ALL.iter().filter(|o| all_options && !seen.contains(o.id())) {
        check.error(0, format!("missing `[[option]]` \"{}\": every option needs its pros and cons", option.id()));
    }
    options.sort_by_key(|case| KeyOption::ALL.iter().position(|o| *o == case.option));
    Some(Framework { version: version?, questions, parameters, options })
}

/// What framework.toml holds.
struct Framework {
    version: String,
    questions: Vec<Question>,
    parameters: Vec<Parameter>,
    options: Vec<OptionCase>,
}

type Decisions = (Vec<Rule>, Vec<Branch>, Vec<Note>);

fn read_rules(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Decisions> {
    let mut reader = Reader::parse(&file.path, &file.text, diagnostics)?;
    let (raw_rules, all_rules): (Vec<Spanned<RawRule>>, bool) = reader.each("rule", diagnostics);
    let (raw_branches, all_branches): (Vec<Spanned<RawBranch>>, bool) = reader.each("branch", diagnostics);
    let (raw_notes, _): (Vec<Spanned<RawNote>>, bool) = reader.each("note", diagnostics);
    let locator = std::mem::replace(&mut reader.locator, Locator::new("", ""));
    reader.finish(diagnostics);
    let mut check = Check { locator: &locator, diagnostics };
    let mut ids = HashSet::new();
    let mut complete = true;

    let mut branches = Vec::new();
    for raw in raw_branches.into_iter().map(Spanned::into_inner) {
        let id = check.unique(&mut ids, &raw.id, "id").to_string();
        let mut steps = Vec::new();
        let step_count = raw.step.len();
        for (index, spanned) in raw.step.into_iter().enumerate() {
            let span = spanned.span();
            let raw = spanned.into_inner();
            let step_id = check.unique(&mut ids, &raw.id, "id").to_string();
            if index + 1 == step_count && !raw.when.is_empty() {
                check.error(
                    span.start,
                    format!("branch \"{id}\": the last step must have `when = []` so the branch always decides"),
                );
            }
            let (when, option) = (check.conditions(&raw.when, Context::Decision), check.option(&raw.option));
            let (explain, summary) = (check.template(&raw.explain), check.template(&raw.summary));
            match (when, option, explain, summary) {
                (Some(when), Some(option), Some(explain), Some(summary)) => {
                    steps.push(Step { id: step_id, when, option, explain, summary })
                }
                _ => complete = false,
            }
        }
        if step_count == 0 {
            check.error(raw.id.span().start, format!("branch \"{id}\": expected at least one `[[branch.step]]`"));
        }
        branches.push(Branch { id, steps });
    }

    let mut rules = Vec::new();
    let rule_count = raw_rules.len();
    for (index, spanned) in raw_rules.into_iter().enumerate() {
        let span = spanned.span();
        let raw = spanned.into_inner();
        let id = check.unique(&mut ids, &raw.id, "id").to_string();
        let question = raw.question.get_ref();
        if !QUESTIONS.contains(&question.as_str()) && question != ALL_QUESTIONS {
            check.error(
                raw.question.span().start,
                format!("`question`: expected one of {}, {ALL_QUESTIONS}, found \"{question}\"", QUESTIONS.join(", ")),
            );
        }
        let last = index + 1 == rule_count;
        if all_rules && raw.when.is_empty() != last {
            let message = if last {
                format!("rule \"{id}\": the last rule must have `when = []` so that every case gets a recommendation")
            } else {
                format!("rule \"{id}\": only the last rule may have `when = []`; the rules after it could never decide")
            };
            check.error(span.start, message);
        }
        let outcome = match (&raw.option, &raw.branch) {
            (Some(option), None) => check.option(option).map(Outcome::Option),
            (None, Some(branch)) => {
                let found = branches.iter().position(|b| &b.id == branch.get_ref());
                if found.is_none() && all_branches {
                    let known: Vec<&str> = branches.iter().map(|b| b.id.as_str()).collect();
                    check.error(
                        branch.span().start,
                        format!("`branch`: expected one of {}, found \"{}\"", known.join(", "), branch.get_ref()),
                    );
                }
                found.map(Outcome::Branch)
            }
            _ => {
                check.error(span.start, format!("rule \"{id}\": expected exactly one of `option` or `branch`"));
                None
            }
        };
        let summary = match (&raw.summary, outcome) {
            (Some(summary), Some(Outcome::Option(_))) => check.template(summary).map(Some),
            (None, Some(Outcome::Branch(_))) => Some(None),
            (None, Some(Outcome::Option(_))) => {
                check
                    .error(span.start, format!("rule \"{id}\": expected a `summary`, the one-sentence recommendation"));
                None
            }
            (Some(summary), Some(Outcome::Branch(_))) => {
                check.error(
                    summary.span().start,
                    format!("rule \"{id}\": expected no `summary`: the branch's steps give it"),
                );
                None
            }
            // The outcome is already reported.
            (_, None) => None,
        };
        let (when, explain) = (check.conditions(&raw.when, Context::Decision), check.template(&raw.explain));
        match (when, outcome, explain, summary) {
            (Some(when), Some(outcome), Some(explain), Some(summary)) => {
                rules.push(Rule { id, question: question.clone(), when, outcome, explain, summary })
            }
            _ => complete = false,
        }
    }
    if all_rules && rule_count == 0 {
        check.error(0, "expected at least one `[[rule]]`");
    }

    let mut notes = Vec::new();
    for raw in raw_notes.into_iter().map(Spanned::into_inner) {
        let id = check.unique(&mut ids, &raw.id, "id").to_string();
        match (check.conditions(&raw.when, Context::Note), check.template(&raw.text)) {
            (Some(when), Some(text)) => notes.push(Note { id, when, text }),
            _ => complete = false,
        }
    }
    complete.then_some((rules, branches, notes))
}

fn read_prices(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Prices> {
    let mut reader = Reader::parse(&file.path, &file.text, diagnostics)?;
    let kms: Option<RawKmsPrices> = reader.required("kms", diagnostics);
    let cloudhsm: Option<RawCloudhsmPrices> = reader.required("cloudhsm", diagnostics);
    let locator = std::mem::replace(&mut reader.locator, Locator::new("", ""));
    reader.finish(diagnostics);
    let mut check = Check { locator: &locator, diagnostics };
    let (kms, cloudhsm) = (kms?, cloudhsm?);

    let mut kinds = HashSet::new();
    let mut kms_requests = Vec::new();
    for spanned in kms.request {
        let raw = spanned.into_inner();
        let kind = check.unique(&mut kinds, &raw.kind, "request kind").to_string();
        let figure = RawFigure { value: raw.usd_per_10k, source: raw.source, as_of: raw.as_of };
        if let Some(usd_per_10k) = check.positive(figure, "usd-per-10k") {
            kms_requests.push(RequestPrice { kind, label: raw.label, usd_per_10k });
        }
    }
    match kms_requests.iter().position(|r| r.kind == "symmetric") {
        Some(index) => kms_requests.swap(0, index),
        None => check
            .error(0, "missing a `[[kms.request]]` of kind \"symmetric\": the cost model bills requests at its price"),
    }
    let min_hsms = cloudhsm.key_store_min_hsms;
    if *min_hsms.value.get_ref() == 0 {
        check.error(min_hsms.value.span().start, "`key-store-min-hsms`: expected at least 1, found 0");
    }
    let key_month = check.positive(kms.key_month_usd, "key-month-usd");
    let free = check.positive(kms.free_requests_per_month, "free-requests-per-month");
    let hours = check.positive(cloudhsm.hours_per_month, "hours-per-month");
    let min_hsms_as_of = check.date(&min_hsms.as_of);
    Some(Prices {
        kms_key_month_usd: key_month?,
        kms_free_requests: free?,
        kms_requests,
        hours_per_month: hours?,
        key_store_min_hsms: Sourced {
            value: *min_hsms.value.get_ref(),
            as_of: min_hsms_as_of?,
            source: min_hsms.source,
        },
    })
}

fn read_regions(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<Region>> {
    let mut reader = Reader::parse(&file.path, &file.text, diagnostics)?;
    let (raw_regions, all_regions): (Vec<Spanned<RawRegion>>, bool) = reader.each("region", diagnostics);
    let locator = std::mem::replace(&mut reader.locator, Locator::new("", ""));
    reader.finish(diagnostics);
    let mut check = Check { locator: &locator, diagnostics };
    let mut codes = HashSet::new();
    let mut regions = Vec::new();
    for raw in raw_regions.into_iter().map(Spanned::into_inner) {
        let code = check.unique(&mut codes, &raw.code, "Region").to_string();
        let well_formed = code.split('-').count() == 3
            && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            check.error(
                raw.code.span().start,
                format!("`code`: expected a Region code like \"eu-west-1\", found \"{code}\""),
            );
        }
        let quota = check.positive(raw.kms_symmetric_quota, "kms-symmetric-quota");
        let price = check.positive(raw.cloudhsm_hourly_usd, "cloudhsm-hourly-usd");
        if let (Some(kms_symmetric_quota), Some(cloudhsm_hourly_usd)) = (quota, price) {
            regions.push(Region { code, name: raw.name, kms_symmetric_quota, cloudhsm_hourly_usd });
        }
    }
    if all_regions && !codes.contains(DEFAULT_REGION) {
        check.error(0, format!("missing Region \"{DEFAULT_REGION}\", the default of the URL contract"));
    }
    Some(regions)
}

fn read_quotas(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<(Sourced<f64>, Capacity)> {
    let mut reader = Reader::parse(&file.path, &file.text, diagnostics)?;
    let key_store: Option<RawFigure<f64>> = reader.required("key-store-ops-per-second", diagnostics);
    let capacity: Option<RawCapacity> = reader.required("cloudhsm-capacity", diagnostics);
    let locator = std::mem::replace(&mut reader.locator, Locator::new("", ""));
    reader.finish(diagnostics);
    let mut check = Check { locator: &locator, diagnostics };
    let key_store = check.positive(key_store?, "key-store-ops-per-second");
    let capacity = capacity?;

    let mut points: Vec<(u32, f64)> = Vec::new();
    for spanned in &capacity.points {
        let point = spanned.get_ref();
        let ascending = points.last().is_none_or(|&(hsms, ops)| point.hsms > hsms && point.ops_per_second > ops);
        if point.hsms == 0 || !point.ops_per_second.is_finite() || point.ops_per_second <= 0.0 || !ascending {
            check.error(
                spanned.span().start,
                "`points`: expected HSMs above 0 and operations per second above 0, both rising from point to point",
            );
        }
        points.push((point.hsms, point.ops_per_second));
    }
    if points.len() < 2 {
        check.error(0, "`cloudhsm-capacity`: expected at least two points");
    }
    check.source(&capacity.source, capacity.as_of.span().start);
    let capacity = Capacity {
        basis: capacity.basis,
        points: Sourced { value: points, source: capacity.source, as_of: check.date(&capacity.as_of)? },
    };
    Some((key_store?, capacity))
}

fn read_compliance(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Compliance> {
    let mut reader = Reader::parse(&file.path, &file.text, diagnostics)?;
    let kms: Option<RawValidation> = reader.required("kms", diagnostics);
    let cloudhsm: Option<RawValidation> = reader.required("cloudhsm", diagnostics);
    let previous: Option<RawValidation> = reader.required("cloudhsm-previous", diagnostics);
    let locator = std::mem::replace(&mut reader.locator, Locator::new("", ""));
    reader.finish(diagnostics);
    let mut check = Check { locator: &locator, diagnostics };
    let mut validation = |raw: RawValidation| {
        let level = *raw.level.get_ref();
        if !(1..=4).contains(&level) {
            check.error(
                raw.level.span().start,
                format!("`level`: expected a FIPS 140 security level from 1 to 4, found {level}"),
            );
        }
        check.source(&raw.source, raw.as_of.span().start);
        Some(Validation {
            as_of: check.date(&raw.as_of)?,
            module: raw.module,
            standard: raw.standard,
            level,
            certificate: raw.certificate,
            hardware: raw.hardware,
            source: raw.source,
        })
    };
    let (kms, cloudhsm, previous) = (validation(kms?), validation(cloudhsm?), validation(previous?));
    Some(Compliance { kms: kms?, cloudhsm: cloudhsm?, cloudhsm_previous: previous? })
}

/// An example beside the rules: a state of the advisor and what the rules must decide for it.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub query: String,
    pub expect: KeyOption,
    /// The decisive rule.
    pub rule: String,
    /// The branch step that chose the option, for rules that hand over to a branch.
    pub step: Option<String>,
}

/// Reads `cases.toml`; rule names are checked against `rules`.
pub fn load_cases(file: &SourceFile, rules: &RuleSet) -> Result<Vec<Case>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let Some(mut reader) = Reader::parse(&file.path, &file.text, &mut diagnostics) else {
        return Err(diagnostics);
    };
    let (raw_cases, _): (Vec<Spanned<RawCase>>, bool) = reader.each("case", &mut diagnostics);
    let locator = std::mem::replace(&mut reader.locator, Locator::new("", ""));
    reader.finish(&mut diagnostics);
    let mut check = Check { locator: &locator, diagnostics: &mut diagnostics };
    let rule_ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    let step_ids: Vec<&str> = rules.branches.iter().flat_map(|b| b.steps.iter().map(|s| s.id.as_str())).collect();
    let mut cases = Vec::new();
    for raw in raw_cases.into_iter().map(Spanned::into_inner) {
        let named = [(Some(&raw.rule), &rule_ids, "rule"), (raw.step.as_ref(), &step_ids, "step")];
        for (id, known, key) in named {
            if let Some(id) = id.filter(|id| !known.contains(&id.get_ref().as_str())) {
                check.error(
                    id.span().start,
                    format!("`{key}`: expected one of {}, found \"{}\"", known.join(", "), id.get_ref()),
                );
            }
        }
        if let Some(expect) = check.option(&raw.expect) {
            let step = raw.step.map(Spanned::into_inner);
            cases.push(Case { name: raw.name, query: raw.query, expect, rule: raw.rule.into_inner(), step });
        }
    }
    if diagnostics.is_empty() { Ok(cases) } else { Err(diagnostics) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ruleset::shipped_files;

    /// The messages (without positions) for the shipped rules with `file`'s `from` replaced.
    fn problems(file: &str, from: &str, to: &str) -> Vec<String> {
        let mut files = shipped_files();
        let target = files.iter_mut().find(|f| f.is(file)).unwrap();
        assert!(target.text.contains(from), "{from:?} is not in {file}");
        target.text = target.text.replacen(from, to, 1);
        RuleSet::from_sources(&files).expect_err("broken").into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn rule_structure_is_checked() {
        let cases = [
            ("id = \"throughput\"", "id = \"fips-level\"", "duplicate id \"fips-level\""),
            (
                "option = \"cloudhsm\"\nexplain = \"The peak of {peak_ops} is above the KMS",
                "branch = \"hardware\"\noption = \"cloudhsm\"\nexplain = \"The peak of {peak_ops} is above the KMS",
                "rule \"throughput\": expected exactly one of `option` or `branch`",
            ),
            (
                "branch = \"hardware\"\nexplain = \"A mandate",
                "branch = \"hard\"\nexplain = \"A mandate",
                "`branch`: expected one of hardware, found \"hard\"",
            ),
            (
                "summary = \"Use AWS KMS: nothing",
                "whatever = \"Use AWS KMS: nothing",
                "`rule`: unknown field `whatever`, expected one of `id`, `question`, `when`, `option`, `branch`, `explain`, `summary`",
            ),
            (
                "when = []\noption = \"kms\"",
                "when = [\"team == hsm\"]\noption = \"kms\"",
                "rule \"default-kms\": the last rule must have `when = []` so that every case gets a recommendation",
            ),
            (
                "when = [\"dedicated == yes\"]",
                "when = [\"option == kms\"]",
                "expected a question or figure, found \"option\", which only notes can use",
            ),
            (
                "option = \"custom_key_store\"",
                "option = \"vault\"",
                "`option`: expected one of kms, cloudhsm, custom_key_store, found \"vault\"",
            ),
        ];
        for (from, to, message) in cases {
            assert_eq!(problems("rules.toml", from, to), [message], "{to}");
        }
        let missing_summary = problems(
            "rules.toml",
            "summary = \"Use AWS KMS: nothing in your answers calls for dedicated HSMs, so the managed service is the simpler and cheaper choice.\"",
            "",
        );
        assert_eq!(missing_summary, ["rule \"default-kms\": expected a `summary`, the one-sentence recommendation"]);
        let step_not_last = problems(
            "rules.toml",
            "id = \"hardware-cloudhsm-direct\"\nwhen = []",
            "id = \"hardware-cloudhsm-direct\"\nwhen = [\"team == hsm\"]",
        );
        assert_eq!(
            step_not_last,
            ["branch \"hardware\": the last step must have `when = []` so the branch always decides"]
        );
    }

    #[test]
    fn figures_and_facts_are_checked() {
        assert_eq!(
            problems("regions.toml", "code = \"eu-west-1\"", "code = \"Ireland\""),
            ["`code`: expected a Region code like \"eu-west-1\", found \"Ireland\""]
        );
        assert_eq!(
            problems("regions.toml", "code = \"eu-west-1\"", "code = \"us-east-1\""),
            ["duplicate Region \"us-east-1\""]
        );
        assert_eq!(
            problems("prices.toml", "kind = \"symmetric\"", "kind = \"sym\""),
            ["missing a `[[kms.request]]` of kind \"symmetric\": the cost model bills requests at its price"]
        );
        assert_eq!(
            problems(
                "prices.toml",
                "value = 730, source = \"https://calculator.aws/#/ (Pricing Calculator assumption: 365 x 24 / 12 hours)\"",
                "value = -730, source = \"\""
            ),
            [
                "`hours-per-month`: expected a number above 0, found -730",
                "`source`: expected where the figure comes from, found an empty string"
            ]
        );
        assert_eq!(
            problems("quotas.toml", "{ hsms = 6, ops-per-second = 5000 }", "{ hsms = 6, ops-per-second = 2500 }"),
            ["`points`: expected HSMs above 0 and operations per second above 0, both rising from point to point"]
        );
        assert_eq!(
            problems("compliance.toml", "[cloudhsm-previous]", "[cloudhsm-old]")[0],
            "missing key `cloudhsm-previous`"
        );
        assert_eq!(
            problems("framework.toml", "name = \"growth\"", "name = \"growth_rate\""),
            [
                "`name`: expected a parameter of the URL contract (fips, dedicated, control, peak_ops, shardable, integration, team, keys, requests, hsms, region, hsm_hourly, growth, months), found \"growth_rate\"",
                "missing parameter \"growth\" of the URL contract",
            ]
        );
        assert_eq!(
            problems("framework.toml", "version = \"2026.11.28\"", "version = 2026"),
            ["`version`: invalid type: integer `2026`, expected a string"]
        );
        assert_eq!(
            problems("framework.toml", "[[question]]\nid = \"q1\"", "[question]\nid = \"q1\""),
            ["invalid TOML: duplicate key"]
        );
    }

    #[test]
    fn a_missing_file_stops_before_reading_the_rest() {
        let files: Vec<SourceFile> = shipped_files().into_iter().filter(|f| !f.is("regions.toml")).collect();
        let problems = RuleSet::from_sources(&files).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].to_string(), "regions.toml:1:1: missing file: every rules directory needs it");
    }
}
