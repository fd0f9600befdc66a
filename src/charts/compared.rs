//! The comparison's chart: each state's recommended option, its cumulative cost month by month
//! over the state's own horizon, with the words that state it in numbers.

use chrono::NaiveDate;

use super::{month_label, month_start};
use advisor_core::compare::{Comparison, Side};
use advisor_core::{RuleSet, format};

/// One state's line: its recommended option's cumulative cost in USD at the end of each month of
/// the state's horizon (the first month first).
#[derive(Debug, Clone, PartialEq)]
pub struct ComparedLine {
    pub side: Side,
    /// "A: AWS KMS".
    pub label: String,
    pub cumulative: Vec<f64>,
}

/// Everything the comparison's chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonChart {
    pub title: String,
    pub subtitle: String,
    /// The numbers the chart shows, in words: the page's text beside it and the SVG's `<desc>`.
    pub description: String,
    /// A's line, then B's; a state that leaves no option has none.
    pub lines: Vec<ComparedLine>,
    /// Index of the first month whose totals are in the other order than the first month's,
    /// when both lines are drawn.
    pub crossing: Option<usize>,
    /// The first day of the first month on the time axis.
    pub first_month: NaiveDate,
}

impl ComparisonChart {
    /// The chart of `comparison`, its time axis starting in `today`'s month.
    pub fn new(rules: &RuleSet, comparison: &Comparison, today: NaiveDate) -> ComparisonChart {
        let first_month = month_start(today, 0);
        let sides = [(Side::A, &comparison.a), (Side::B, &comparison.b)];
        let mut lines = Vec::with_capacity(2);
        let mut sentences = Vec::with_capacity(4);
        for (side, advice) in sides {
            let Some(option) = advice.recommendation.option else {
                sentences.push(format!("{} leaves no option, so it has no line.", side.letter()));
                continue;
            };
            let cumulative: Vec<f64> =
                advice.projection.months.iter().map(|month| month.cumulative.of(option)).collect();
            let months = cumulative.len();
            sentences.push(format!(
                "In {}, {} comes to {} after {months} month{}.",
                side.letter(),
                rules.title(option),
                format::usd(cumulative.last().copied().unwrap_or(0.0)),
                if months == 1 { "" } else { "s" }
            ));
            lines.push(ComparedLine { side, label: format!("{}: {}", side.letter(), rules.title(option)), cumulative });
        }
        let crossing = match lines.as_slice() {
            [a, b] => first_swap(&a.cumulative, &b.cumulative),
            _ => None,
        };
        if let [a, b] = lines.as_slice()
            && a.cumulative.len() == b.cumulative.len()
        {
            let difference = b.cumulative.last().copied().unwrap_or(0.0) - a.cumulative.last().copied().unwrap_or(0.0);
            let months = a.cumulative.len();
            sentences.push(match difference {
                d if d >= 0.005 => format!("B costs {} more than A over {months} months.", format::usd(d)),
                d if d <= -0.005 => format!("B costs {} less than A over {months} months.", format::usd(-d)),
                _ => format!("Both cost the same over {months} months."),
            });
        }
        if let Some(index) = crossing {
            sentences.push(format!("The lines cross in {}.", month_label(first_month, index)));
        }
        let subtitle = sides
            .iter()
            .map(|(side, advice)| {
                let inputs = &advice.inputs;
                format!(
                    "{}: {} requests/month, {}%/month, {}",
                    side.letter(),
                    format::short_count(inputs.requests()),
                    inputs.growth(),
                    inputs.region()
                )
            })
            .chain([format!("from {}", month_label(first_month, 0))])
            .collect::<Vec<_>>()
            .join(" · ");
        ComparisonChart {
            title: "Cumulative cost of each state's recommendation".to_string(),
            subtitle,
            description: sentences.join(" "),
            lines,
            crossing,
            first_month,
        }
    }
}

/// The first index, within both, whose values are in the other order than at the first.
fn first_swap(a: &[f64], b: &[f64]) -> Option<usize> {
    let a_lower = |index: usize| a[index] < b[index];
    let length = a.len().min(b.len());
    (length > 0).then(|| a_lower(0)).and_then(|first| (1..length).find(|&index| a_lower(index) != first))
}

#[cfg(test)]
mod tests {
    use super::*;
    use advisor_core::Inputs;
    use advisor_core::compare::compare;

    #[test]
    fn the_chart_has_each_recommendation_and_says_what_it_shows() {
        let rules = advisor_core::ruleset::shipped();
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let regions = rules.region_codes();
        let (a, _) = Inputs::from_query("keys=3&months=12", &regions);
        let (b, _) = Inputs::from_query("keys=3&months=12&dedicated=yes&integration=custom", &regions);
        let chart = ComparisonChart::new(&rules, &compare(&rules, &a, &b), today);
        let labels: Vec<&str> = chart.lines.iter().map(|line| line.label.as_str()).collect();
        assert_eq!(labels, ["A: AWS KMS", "B: AWS CloudHSM"]);
        assert_eq!(chart.lines[1].cumulative.len(), 12);
        assert_eq!(
            chart.description,
            "In A, AWS KMS comes to $71.28 after 12 months. In B, AWS CloudHSM comes to $25,579.20 after 12 months. \
             B costs $25,507.92 more than A over 12 months."
        );
        assert_eq!(chart.crossing, None);
        assert!(chart.subtitle.starts_with("A: 1M requests/month, 0%/month, us-east-1 · B: "), "{}", chart.subtitle);

        // Every option ruled out: no line for B, and the words say so.
        let (none, _) = Inputs::from_query("dedicated=yes&integration=aws&usage=sign", &regions);
        let comparison = compare(&rules, &a, &none);
        assert_eq!(comparison.b.recommendation.option, None);
        let chart = ComparisonChart::new(&rules, &comparison, today);
        assert_eq!(chart.lines.len(), 1);
        assert!(chart.description.ends_with("B leaves no option, so it has no line."), "{}", chart.description);
    }

    #[test]
    fn crossings_are_found_where_the_order_changes() {
        assert_eq!(first_swap(&[1.0, 2.0, 5.0], &[3.0, 3.0, 3.0]), Some(2));
        assert_eq!(first_swap(&[4.0, 2.0], &[3.0, 3.0]), Some(1));
        assert_eq!(first_swap(&[1.0, 2.0], &[3.0, 3.0, 0.0]), None);
        assert_eq!(first_swap(&[], &[]), None);
    }
}
