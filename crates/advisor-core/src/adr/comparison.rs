//! The record of a comparison: two variants of the answers, what sets them apart and what each
//! one's choice costs, with the choice left to the deciders.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{article, driver_lines, link_target, markdown_escaped, ours, question_of, recommended, sources};
use crate::compare::{Change, Comparison, Side};
use crate::export::Export;
use crate::format;
use crate::ruleset::RuleSet;
use crate::sources::SourcedFigure;

/// The record of a comparison: both states as the variants considered, what sets them apart,
/// each one's recommendation with the rule that decided it and its costs, and the choice left
/// to the deciders. `base` starts the absolute links.
pub fn comparison_record(rules: &RuleSet, comparison: &Comparison, today: NaiveDate, base: &str) -> String {
    let mut md = String::new();
    let variants = [(Side::A, &comparison.a), (Side::B, &comparison.b)];
    let _ = writeln!(md, "# Choose between two variants of how we hold our encryption keys\n");
    let _ = writeln!(md, "* Status: proposed\n* Deciders: (who decides; fill in)\n* Date: {today}");
    for (side, advice) in variants {
        if let Some(notice) = &advice.rules_notice {
            let _ = writeln!(
                md,
                "* Rules: variant {} decided under version {}; its link was made under version {}{} ([what \
                 changed in the rules](<{}>))",
                side.letter(),
                markdown_escaped(&notice.shown_under),
                markdown_escaped(&notice.made_under),
                notice.advised_then(|option| rules.title(option)),
                link_target(&format!("{base}/rules/changes"))
            );
        }
    }
    let ours_from = md.len();
    let _ = writeln!(md, "\n## Context and Problem Statement\n");
    let _ = writeln!(
        md,
        "Where should we hold our encryption keys on AWS? We weighed two variants of our requirements and \
         workload, A and B."
    );
    let answers = &comparison.differences.answers;
    if answers.is_empty() {
        let _ = writeln!(md, "They state the same answers.");
    } else {
        let _ = writeln!(md, "They differ in:\n");
        for difference in answers {
            let label = rules.parameter(difference.parameter).map_or(difference.parameter, |p| p.label.as_str());
            let words = |value: &Option<String>| {
                value.as_deref().map_or_else(|| "not given".to_string(), |v| rules.value_words(difference.parameter, v))
            };
            let _ = writeln!(
                md,
                "* {}: {} in A, {} in B",
                markdown_escaped(label),
                markdown_escaped(&words(&difference.a)),
                markdown_escaped(&words(&difference.b))
            );
        }
    }
    let _ = writeln!(md, "\n## Decision Drivers\n");
    let (lines_a, lines_b) = (driver_lines(rules, &comparison.a.inputs), driver_lines(rules, &comparison.b.inputs));
    for (a, b) in lines_a.iter().zip(&lines_b) {
        if a == b {
            let _ = writeln!(md, "* {a}");
        } else {
            let _ = writeln!(md, "* A: {a}\n* B: {b}");
        }
    }
    let _ = writeln!(md, "\n## Considered Options\n");
    for (side, advice) in variants {
        let _ = writeln!(md, "* Variant {}: {}", side.letter(), recommended(advice));
    }
    let _ = writeln!(md, "\n## Decision Outcome\n");
    let _ = writeln!(
        md,
        "Chosen option: to be decided by the deciders between variant A ({}) and variant B ({}).",
        comparison.a.recommendation.title, comparison.b.recommendation.title
    );
    let months = [comparison.a.costs.horizon_months, comparison.b.costs.horizon_months];
    if let Some(choice) = &comparison.differences.choice {
        let _ = writeln!(md, "\n{}", choice.sentence(rules, months));
    }
    let _ = writeln!(md, "\n## Pros and Cons of the Options");
    for (side, advice) in variants {
        let recommendation = &advice.recommendation;
        let _ = writeln!(md, "\n### Variant {}: {}\n", side.letter(), recommendation.title);
        let _ = writeln!(md, "{}\n", recommendation.summary);
        if let Some(step) = advice.trace.iter().find(|step| step.decisive) {
            let _ = writeln!(md, "* Decided by: {}. {}", question_of(rules, &step.question), step.because);
        }
        for option in advice.inputs.shown_options() {
            let why: Vec<&str> = advice.blocked.of(option).iter().map(|b| b.because.as_str()).collect();
            if !why.is_empty() {
                let _ = writeln!(md, "* {} is ruled out: {}", rules.title(option), why.join(" "));
            }
        }
        // The variant's notes and sources are in its own record; this one weighs the two.
        let record = format!("{base}{}?{}", Export::DecisionRecord.path(), advice.share_url.trim_start_matches("/?"));
        let _ =
            writeln!(md, "* Its own record, with every note: [variant {}](<{}>)", side.letter(), link_target(&record));
    }
    let _ = writeln!(md, "\n### Costs\n");
    let (months_a, months_b) = (comparison.a.costs.horizon_months, comparison.b.costs.horizon_months);
    let _ = writeln!(
        md,
        "| Option | A, a month | B, a month | B − A | A, over {months_a} months | B, over {months_b} months |\n\
         |---|---|---|---|---|---|"
    );
    if let Some(choice) = &comparison.differences.choice {
        let label = format!("**Each variant's choice** (A: {}, B: {})", rules.title(choice.a), rules.title(choice.b));
        cost_row(&mut md, &label, &choice.monthly_usd, &choice.horizon_usd);
    }
    let shown = [comparison.a.inputs.shown_options(), comparison.b.inputs.shown_options()];
    let costs =
        comparison.differences.costs.iter().filter(|cost| shown.iter().any(|options| options.contains(&cost.option)));
    for cost in costs {
        cost_row(&mut md, rules.title(cost.option), &cost.monthly_usd, &cost.horizon_usd);
    }
    let voiced = ours(&md[ours_from..]);
    md.truncate(ours_from);
    md.push_str(&voiced);
    // A figure both variants used is listed once.
    let mut figures: Vec<&SourcedFigure> = comparison.a.sources.iter().collect();
    for figure in comparison.b.sources.iter() {
        if !figures.contains(&figure) {
            figures.push(figure);
        }
    }
    sources(&mut md, figures.into_iter());
    let _ = writeln!(md, "\n## Links\n");
    let _ = writeln!(
        md,
        "* [This comparison in the KMS vs CloudHSM Advisor](<{}>)",
        link_target(&format!("{base}{}", comparison.share_url))
    );
    for (side, advice) in variants {
        let _ =
            writeln!(md, "* [Variant {}](<{}>)", side.letter(), link_target(&format!("{base}{}", advice.share_url)));
    }
    article(&mut md, rules);
    let _ = writeln!(md, "* Rules {} (sha256 {})", markdown_escaped(&rules.version), &rules.sha256);
    md
}

/// A row of the costs table: what it is, then A, B and B − A a month, and A and B over each
/// one's horizon.
fn cost_row(md: &mut String, label: &str, monthly: &Change, horizon: &Change) {
    let _ = writeln!(
        md,
        "| {label} | {} | {} | {} | {} | {} |",
        format::usd(monthly.a),
        format::usd(monthly.b),
        format::signed_usd(monthly.difference),
        format::usd(horizon.a),
        format::usd(horizon.b)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Inputs;

    #[test]
    fn a_comparison_records_both_variants_and_leaves_the_choice() {
        let rules = crate::ruleset::shipped();
        let regions = rules.region_codes();
        let (a, _) = Inputs::from_query("keys=3", &regions);
        let (b, _) = Inputs::from_query("keys=3&dedicated=yes&integration=custom&region=eu-west-1", &regions);
        let comparison = crate::compare::compare(&rules, &a, &b);
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let md = comparison_record(&rules, &comparison, today, "https://advisor.example");
        assert!(
            md.starts_with("# Choose between two variants of how we hold our encryption keys\n\n* Status: proposed\n")
        );
        assert!(
            md.contains(
                "They differ in:\n\n* Dedicated HSM hardware mandated: No in A, Yes, single-tenant HSMs in B\n"
            ),
            "{md}"
        );
        assert!(md.contains("\n## Considered Options\n\n* Variant A: AWS KMS, $5.94 a month"), "{md}");
        assert!(md.contains("* Variant B: AWS CloudHSM, $"), "{md}");
        assert!(
            md.contains(
                "Chosen option: to be decided by the deciders between variant A (AWS KMS) and variant B (AWS CloudHSM)."
            ),
            "{md}"
        );
        assert!(md.contains("### Variant B: AWS CloudHSM\n"), "{md}");
        assert!(md.contains("* Decided by: Compliance mandate. A mandate for single-tenant HSMs"), "{md}");
        assert!(md.contains("\n* Status: proposed\n* Deciders: (who decides; fill in)\n"), "{md}");
        assert!(
            md.contains(
                "B's choice, AWS CloudHSM, costs $2,125.66 more a month than A's, AWS KMS ($2,131.60 against $5.94)"
            ),
            "{md}"
        );
        assert!(md.contains("| **Each variant's choice** (A: AWS KMS, B: AWS CloudHSM) | $5.94 | $2,131.60 | +$2,125.66 | $213.84 | $76,737.60 |"), "{md}");
        // Notes stay in each variant's own record; payment keys' option is not shown here.
        assert!(!md.contains("Thales") && !md.contains("| AWS Payment Cryptography |"), "{md}");
        assert!(md.contains("* Its own record, with every note: [variant B](<https://advisor.example/export/adr.md?fips=none&dedicated=yes"), "{md}");
        assert!(!md.contains("your ") && !md.contains("Your "), "{md}");
        assert!(md.contains("| AWS KMS | $5.94 | $5.94 | $0.00 | $213.84 | $213.84 |"), "{md}");
        assert!(
            md.contains("* AWS Region: US East (N. Virginia) (us-east-1) in A, Europe (Ireland) (eu-west-1) in B"),
            "{md}"
        );
        // Both Regions' hourly prices are sources; the figures both used are listed once.
        assert!(md.contains("per HSM-hour in US East"), "{md}");
        assert!(md.contains("per HSM-hour in Europe (Ireland)"), "{md}");
        assert_eq!(md.matches("| Symmetric requests free each month |").count(), 1, "{md}");
        assert!(
            md.contains(&format!(
                "* [This comparison in the KMS vs CloudHSM Advisor](<https://advisor.example{}>)",
                comparison.share_url
            )),
            "{md}"
        );
        assert!(md.contains(&format!("* [Variant B](<https://advisor.example{}>)", comparison.b.share_url)), "{md}");
    }
}
