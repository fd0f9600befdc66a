//! A state's answers in words, one line per question and one for the workload: what every copy
//! of a result (the page, its printout, the card, the decision record, the CSV) carries so that
//! its figures never travel without the assumptions behind them.

use super::contract::{Section, Value};
use super::inputs::Inputs;
use super::ruleset::RuleSet;

/// One line of the summary: a question's title (or "Workload") and its answers in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerLine {
    pub heading: String,
    /// "FIPS 140 level required: Level 3; Dedicated HSM hardware mandated: No".
    pub answers: String,
}

/// Each question's answers, then the workload: every figure billed, the requests of other kinds
/// that are above zero, and the advanced assumptions that differ from their defaults. Values are
/// in words (answers by their labels, Regions by name, numbers with thousands separators);
/// overrides not given are left out.
pub fn answer_lines(rules: &RuleSet, inputs: &Inputs) -> Vec<AnswerLine> {
    // A parameter whose label is its question's title is named once, by the heading.
    let titles: Vec<&str> = rules.questions.iter().map(|q| q.title.as_str()).collect();
    let words = |wanted: &dyn Fn(&super::contract::Parameter) -> bool| -> String {
        inputs
            .contract()
            .iter()
            .filter(|p| p.replaced_by.is_none() && wanted(p))
            .filter(|p| p.applies.is_none_or(|answered| answered.holds(inputs)))
            .filter_map(|p| {
                let value = inputs.get(p.name)?;
                let text = value.canonical()?;
                let label = rules.parameter(p.name).map_or(p.name, |words| words.label.as_str());
                let value = rules.value_words(p.name, &text);
                Some(if titles.contains(&label) { value } else { format!("{label}: {value}") })
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut lines: Vec<AnswerLine> = rules
        .questions
        .iter()
        .map(|question| AnswerLine {
            heading: question.title.clone(),
            answers: words(&|p| matches!(p.section, Section::Question(id) if id == question.id)),
        })
        .collect();
    let workload = words(&|p| match p.section {
        Section::Workload => true,
        Section::RequestMix => !matches!(inputs.get(p.name), Some(Value::Number(n)) if *n == 0.0),
        Section::Advanced => inputs.get(p.name) != Some(&p.default),
        _ => false,
    });
    lines.push(AnswerLine { heading: "Workload".to_string(), answers: workload });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_a_question_and_one_for_the_workload() {
        let rules = crate::ruleset::shipped();
        let query = "fips=3&keys=3000&requests=300M&rsa2048_requests=5000&months=12&region=eu-central-1";
        let (inputs, errors) = Inputs::from_query(query, &rules.region_codes());
        assert!(errors.is_empty(), "{errors:?}");
        let lines = answer_lines(&rules, &inputs);
        assert_eq!(lines.len(), rules.questions.len() + 1);
        assert_eq!(lines[0].heading, rules.questions[0].title);
        assert!(lines[0].answers.starts_with("FIPS 140 level required: Level 3; "), "{lines:?}");
        let workload = &lines.last().unwrap().answers;
        assert!(workload.contains("Symmetric KMS requests per month: 300,000,000"), "{workload}");
        assert!(workload.contains("Europe (Frankfurt) (eu-central-1)"), "{workload}");
        assert!(
            workload.contains(": 5,000") && workload.contains(": 12"),
            "the request mix and the horizon: {workload}"
        );
        assert!(!workload.contains(": 0;") && !workload.ends_with(": 0"), "no request kind at zero: {workload}");
        assert!(!workload.to_lowercase().contains("growth"), "an assumption at its default is left out: {workload}");
    }
}
