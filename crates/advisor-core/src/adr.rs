//! The decision as a Markdown architecture decision record in the MADR layout.

use std::fmt::Write;

use chrono::NaiveDate;

use super::advice::{Advice, Costs};
use super::breakdown;
use super::compare::{Comparison, Side};
use super::costs::{KeyOption, RequestKind};
use super::format;
use super::inputs::Inputs;
use super::ruleset::RuleSet;
use super::sources::SourcedFigure;
use super::summary::answer_lines;

/// The record for `advice`; `base` starts the absolute links (to its state, to what changed in
/// the rules).
pub fn decision_record(rules: &RuleSet, advice: &Advice, today: NaiveDate, base: &str) -> String {
    let link = format!("{base}{}", advice.share_url);
    let mut md = String::new();
    // Writing to a String cannot fail.
    match advice.recommendation.option {
        Some(_) => {
            let _ = writeln!(md, "# Hold our encryption keys in {}\n", advice.recommendation.title);
        }
        None => {
            let _ = writeln!(md, "# No AWS option meets our key requirements as they stand\n");
        }
    }
    let _ = writeln!(md, "* Status: proposed\n* Deciders: (who decides; fill in)\n* Date: {today}");
    let _ = writeln!(
        md,
        "* Prices: as of {} at the oldest, CloudHSM at {} an HSM-hour",
        rules.oldest_as_of(),
        markdown_escaped(&format::price(advice.costs.hsm_hourly_usd))
    );
    if let Some(notice) = &advice.rules_notice {
        let _ = writeln!(
            md,
            "* Rules: decided under version {}; the link was made under version {}{} ([what changed in the \
             rules](<{}>))",
            markdown_escaped(&notice.shown_under),
            markdown_escaped(&notice.made_under),
            notice.advised_then(|option| rules.title(option)),
            link_target(&format!("{base}/rules/changes"))
        );
    }
    let _ = writeln!(md);
    context(&mut md, rules, advice);
    drivers(&mut md, rules, advice);
    let _ = writeln!(md, "\n## Considered Options\n");
    for option in advice.inputs.shown_options() {
        let why: Vec<&str> = advice.blocked.of(option).iter().map(|b| b.because.as_str()).collect();
        if why.is_empty() {
            let _ = writeln!(md, "* {}", rules.title(option));
        } else {
            let _ = writeln!(md, "* {} (ruled out: {})", rules.title(option), why.join(" "));
        }
    }
    outcome(&mut md, rules, advice);
    pros_and_cons(&mut md, rules, advice);
    sources(&mut md, advice.sources.iter());
    let _ = writeln!(md, "\n## Links\n");
    let _ = writeln!(md, "* [This decision in the KMS vs CloudHSM Advisor](<{}>)", link_target(&link));
    let _ = writeln!(md, "* Rules {} (sha256 {})", markdown_escaped(&rules.version), &rules.sha256);
    md
}

fn context(md: &mut String, rules: &RuleSet, advice: &Advice) {
    let inputs = &advice.inputs;
    let region = rules.region(inputs.region()).map_or(inputs.region(), |r| r.name.as_str());
    // Requests of each kind the workload has, in the words of the price list.
    let requests: Vec<String> = rules
        .prices
        .requests
        .iter()
        .filter(|price| price.kind == RequestKind::Symmetric || inputs.requests_of(price.kind) > 0.0)
        .map(|price| {
            format!("{} {}", format::count(inputs.requests_of(price.kind)), format::lowercase_first(&price.label))
        })
        .collect();
    let hours = advice.costs.hsm_hours;
    // The option for payment keys is asked about where the record considers it.
    let payment = if inputs.shown_options().iter().any(|option| option.payment_only()) {
        ", or, for payment functions, in AWS Payment Cryptography"
    } else {
        ""
    };
    let _ = writeln!(md, "## Context and Problem Statement\n");
    if let Some(context) = inputs.context() {
        let _ = writeln!(md, "About this decision, in our words: {}\n", markdown_escaped(context));
    }
    let _ = writeln!(md, "Our answers:\n");
    for line in answer_lines(rules, inputs) {
        let _ = writeln!(md, "* {}: {}", markdown_escaped(&line.heading), markdown_escaped(&line.answers));
    }
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "Where should we hold our encryption keys on AWS: in KMS (with its own or imported key material, or in \
         a CloudHSM or external key store), or in AWS CloudHSM used directly{}? The workload: {} customer managed \
         keys; {} a month, growing {}% a month; a peak of {} operations per second; in {} ({}), with {} HSMs \
         assumed for a cluster, each running {} hours a month.\n",
        payment,
        format::count(inputs.keys() as f64),
        markdown_escaped(&requests.join(", ")),
        markdown_escaped(&inputs.growth().to_string()),
        format::count(inputs.peak_ops()),
        markdown_escaped(region),
        markdown_escaped(inputs.region()),
        inputs.hsms(),
        markdown_escaped(&hours.to_string()),
    );
}

/// Each question with its answers, as the framework words them.
fn drivers(md: &mut String, rules: &RuleSet, advice: &Advice) {
    let _ = writeln!(md, "## Decision Drivers\n");
    for line in driver_lines(rules, &advice.inputs) {
        let _ = writeln!(md, "* {line}");
    }
    let _ = writeln!(md, "* Cost over {} months", advice.costs.horizon_months);
}

/// "Question — Label: answer; Label: answer" for each question.
fn driver_lines(rules: &RuleSet, inputs: &Inputs) -> Vec<String> {
    let mut lines = answer_lines(rules, inputs);
    // The workload is the context's; the drivers are the questions.
    lines.pop();
    lines.into_iter().map(|line| format!("{} — {}", line.heading, line.answers)).collect()
}

/// The chosen option, every rule in the order considered, and the consequences.
fn outcome(md: &mut String, rules: &RuleSet, advice: &Advice) {
    let recommendation = &advice.recommendation;
    let costs = &advice.costs;
    let _ = writeln!(md, "\n## Decision Outcome\n");
    match recommendation.option {
        Some(_) => {
            let _ = writeln!(md, "Chosen option: \"{}\". {}\n", recommendation.title, recommendation.summary);
        }
        None => {
            let _ = writeln!(md, "No option chosen. {}\n", recommendation.summary);
        }
    }
    if !advice.requirements.is_empty() {
        let _ = writeln!(md, "How it meets our requirements:\n");
        for requirement in &advice.requirements {
            let source = requirement
                .source
                .as_ref()
                .map(|url| format!(" ([source](<{}>))", link_target(url)))
                .unwrap_or_default();
            let _ = writeln!(md, "* {}. {}{source}", markdown_escaped(&requirement.stated), requirement.met);
        }
        let _ = writeln!(md);
    }
    let _ = writeln!(
        md,
        "This record is advice to weigh, not a compliance determination: our auditor, QSA or compliance team \
         confirms that the option and its validation meet our obligations.\n"
    );
    let _ = writeln!(md, "The rules, in the order they were considered:\n");
    for (index, step) in advice.trace.iter().enumerate() {
        let marker = if step.decisive { " (decisive)" } else { "" };
        let _ = writeln!(md, "{}. {}{marker}: {}", index + 1, step.rule, step.because);
    }
    let _ = writeln!(md, "\n### Consequences\n");
    if let Some(chosen) = recommendation.option {
        let _ = writeln!(md, "* About {}.", spend(costs, chosen));
    }
    for note in &advice.notes {
        let _ = writeln!(md, "* {note}");
    }
    for check in advice.quotas.iter().filter(|check| check.over) {
        let source =
            check.url().map(|url| format!(" ([AWS documentation](<{}>))", link_target(url))).unwrap_or_default();
        let _ = writeln!(md, "* Request quota to raise: {}{source}.", markdown_escaped(&check.words(rules)));
    }
    if !advice.flips.is_empty() {
        let _ = writeln!(md, "\n### What would change the decision\n");
        for flip in &advice.flips {
            let label = rules.parameter(flip.parameter).map_or(flip.parameter, |p| p.label.as_str());
            let outcome = flip.outcome(rules, recommendation.option);
            let value = rules.value_words(flip.parameter, &flip.value.canonical().unwrap_or_default());
            let _ = writeln!(md, "* {}: {} → {outcome}", markdown_escaped(label), markdown_escaped(&value));
        }
    }
}

/// The record of a comparison: both states as the variants considered, what sets them apart,
/// each one's recommendation with the rule that decided it and its costs, and the choice left
/// to the deciders. `base` starts the absolute links.
pub fn comparison_record(rules: &RuleSet, comparison: &Comparison, today: NaiveDate, base: &str) -> String {
    let mut md = String::new();
    let variants = [(Side::A, &comparison.a), (Side::B, &comparison.b)];
    let _ = writeln!(md, "# Choose between two variants of how we hold our encryption keys\n");
    let _ = writeln!(md, "* Status: proposed\n* Date: {today}");
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
    let _ = writeln!(md, "\n## Pros and Cons of the Options");
    for (side, advice) in variants {
        let recommendation = &advice.recommendation;
        let _ = writeln!(md, "\n### Variant {}: {}\n", side.letter(), recommendation.title);
        let _ = writeln!(md, "{}\n", recommendation.summary);
        if let Some(step) = advice.trace.iter().find(|step| step.decisive) {
            let _ = writeln!(md, "* Decided by the rule {}: {}", step.rule, step.because);
        }
        for option in advice.inputs.shown_options() {
            let why: Vec<&str> = advice.blocked.of(option).iter().map(|b| b.because.as_str()).collect();
            if !why.is_empty() {
                let _ = writeln!(md, "* {} is ruled out: {}", rules.title(option), why.join(" "));
            }
        }
        for note in &advice.notes {
            let _ = writeln!(md, "* {note}");
        }
    }
    let _ = writeln!(md, "\n### Costs\n");
    let (months_a, months_b) = (comparison.a.costs.horizon_months, comparison.b.costs.horizon_months);
    let _ = writeln!(
        md,
        "| Option | A, a month | B, a month | B − A | A, over {months_a} months | B, over {months_b} months |\n\
         |---|---|---|---|---|---|"
    );
    for cost in &comparison.differences.costs {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            rules.title(cost.option),
            format::usd(cost.monthly_usd.a),
            format::usd(cost.monthly_usd.b),
            format::signed_usd(cost.monthly_usd.difference),
            format::usd(cost.horizon_usd.a),
            format::usd(cost.horizon_usd.b)
        );
    }
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
    let _ = writeln!(md, "* Rules {} (sha256 {})", markdown_escaped(&rules.version), &rules.sha256);
    md
}

/// "AWS KMS, $3.94 a month, $141.84 over 36 months", or what to do when no option is left.
fn recommended(advice: &Advice) -> String {
    match advice.recommendation.option {
        Some(option) => format!("{}, {}", advice.recommendation.title, spend(&advice.costs, option)),
        None => advice.recommendation.title.clone(),
    }
}

/// "$3.94 a month, $141.84 over 36 months".
fn spend(costs: &Costs, option: KeyOption) -> String {
    let (monthly, horizon) = (costs.monthly_usd[option], costs.horizon_usd[option]);
    format!("{} a month, {} over {} months", format::usd(monthly), format::usd(horizon), costs.horizon_months)
}

fn pros_and_cons(md: &mut String, rules: &RuleSet, advice: &Advice) {
    let costs = &advice.costs;
    let _ = writeln!(md, "\n## Pros and Cons of the Options");
    let shown = advice.inputs.shown_options();
    for case in rules.options.iter().filter(|case| shown.contains(&case.option)) {
        let option = case.option;
        let _ = writeln!(md, "\n### {}\n", case.title);
        let _ = writeln!(md, "{}\n", case.description);
        let _ = writeln!(md, "* {}; in the first month:", spend(costs, option));
        for line in breakdown::explained(rules, advice, option) {
            let _ = writeln!(md, "  * {}: {}: {}", line.label, line.detail, format::usd(line.usd));
        }
        for pro in &case.pros {
            let _ = writeln!(md, "* Good, because {}", format::lowercase_first(pro));
        }
        for con in &case.cons {
            let _ = writeln!(md, "* Bad, because {}", format::lowercase_first(con));
        }
    }
}

/// Every figure the decision used, where it comes from and when that was true.
fn sources<'f>(md: &mut String, figures: impl Iterator<Item = &'f SourcedFigure>) {
    let _ = writeln!(md, "\n## Sources\n");
    let _ = writeln!(md, "| Figure | Value | Source | As of |\n|---|---|---|---|");
    // A row is one line: a line break in a cell would end the table.
    let cell = |text: &str| markdown_escaped(&text.replace(['\r', '\n'], " "));
    for figure in figures {
        let words = cell(figure.source_words());
        let source = match &figure.url {
            Some(url) => format!("[{words}](<{}>)", link_target(url)),
            None => words,
        };
        let note = figure.note.as_ref().map(|note| format!(" ({})", cell(note))).unwrap_or_default();
        let as_of = figure.as_of.map_or_else(|| "entered".to_string(), |date| date.to_string());
        let _ = writeln!(md, "| {} | {} | {source}{note} | {as_of} |", cell(&figure.label), cell(&figure.shown()));
    }
}

/// `url` as the target of a Markdown link in angle brackets: what would end the brackets, the
/// line or a table cell percent-encoded (an address's own escapes are kept as they are).
fn link_target(url: &str) -> String {
    let mut target = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => target.push_str("%3C"),
            '>' => target.push_str("%3E"),
            '|' => target.push_str("%7C"),
            c if c.is_whitespace() => target.push_str("%20"),
            c => target.push(c),
        }
    }
    target
}

/// Backslash-escapes the characters Markdown gives meaning to.
pub fn markdown_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_{}[]<>()#+-.!|~".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Inputs;

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(markdown_escaped("eu-west-1"), "eu\\-west\\-1");
        assert_eq!(markdown_escaped("<script>*x*</script>"), "\\<script\\>\\*x\\*\\</script\\>");
        assert_eq!(
            link_target("https://a.example/x y|z<w>?usage=encrypt%2Csign"),
            "https://a.example/x%20y%7Cz%3Cw%3E?usage=encrypt%2Csign"
        );
    }

    #[test]
    fn the_record_names_the_choice_the_drivers_and_every_option() {
        let rules = crate::ruleset::shipped();
        let (inputs, _) = Inputs::from_query("dedicated=yes&keys=3", &rules.region_codes());
        let advice = crate::evaluate(&rules, &inputs);
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let md = decision_record(&rules, &advice, today, "https://advisor.example");
        assert!(md.starts_with(
            "# Hold our encryption keys in KMS with a CloudHSM key store\n\n* Status: proposed\n* Deciders: (who \
             decides; fill in)\n* Date: 2026-11-29\n* Prices: as of "
        ));
        assert!(md.contains(" at the oldest, CloudHSM at $1\\.46 an HSM-hour\n"), "{md}");
        assert!(
            md.contains("Our answers:\n\n* Compliance mandate: FIPS 140 level required: No level is named; "),
            "{md}"
        );
        assert!(md.contains("How it meets our requirements:\n\n* Dedicated HSM hardware mandated: Yes, single\\-tenant HSMs. Met: the HSMs of a CloudHSM cluster are single-tenant"), "{md}");
        assert!(md.contains("not a compliance determination"), "{md}");
        assert!(md.contains("\n### What would change the decision\n\n* "), "{md}");
        assert!(!md.contains("How encryption is deployed: How encryption is deployed"), "named once: {md}");
        assert!(md.contains("* Compliance mandate — FIPS 140 level required: No level is named; Dedicated HSM hardware mandated: Yes, single-tenant HSMs"));
        assert!(md.contains("2. dedicated-hardware (decisive): A mandate for single-tenant HSMs"), "{md}");
        assert!(md.contains("### AWS CloudHSM\n\nA cluster of single-tenant HSMs in your VPC that your own code calls directly.\n\n* $2,131.60 a month"));
        assert!(md.contains("* Good, because key material on your own single-tenant cluster"));
        // Each option's first month, line by line.
        assert!(md.contains("* $2,131.60 a month, $76,737.60 over 36 months; in the first month:\n  * CloudHSM cluster: 2 HSMs × 730 hours at $1.46 an HSM-hour: $2,131.60\n"), "{md}");
        assert!(md.contains("  * Keys: 3 keys at $1.00 a key-month: $3.00\n"), "{md}");
        assert!(md.contains("* AWS KMS (ruled out: KMS keeps keys on HSMs that it shares between customers"), "{md}");
        assert!(md.contains("* KMS with a CloudHSM key store\n"), "{md}");
        assert!(md.contains("in US East \\(N\\. Virginia\\) (us\\-east\\-1)"), "{md}");
        // Every figure with its source, the article's hourly price flagged as such.
        assert!(md.contains("\n## Sources\n\n| Figure | Value | Source | As of |\n|---|---|---|---|\n"), "{md}");
        assert!(md.contains("| CloudHSM price per HSM\\-hour in US East \\(N\\. Virginia\\) | $1\\.46 an HSM\\-hour | source article \\(typical price per HSM\\-hour\\); prices vary by Region and HSM type (the source article's figure; not checked against AWS's price list for this Region) | 2026-11-01 |"), "{md}");
        assert!(md.contains("[per custom key store; the CloudHSM key store's cannot be raised](<https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html#rps-key-stores>) | 2026-11-29 |"), "{md}");
    }

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
                "They differ in:\n\n* Dedicated HSM hardware mandated: No in A, Yes, single\\-tenant HSMs in B\n"
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
        assert!(md.contains("* Decided by the rule dedicated-hardware:"), "{md}");
        assert!(md.contains("| AWS KMS | $5.94 | $5.94 | $0.00 | $213.84 | $213.84 |"), "{md}");
        assert!(md.contains("* AWS Region: US East \\(N\\. Virginia\\) \\(us\\-east\\-1\\) in A, Europe \\(Ireland\\) \\(eu\\-west\\-1\\) in B"), "{md}");
        // Both Regions' hourly prices are sources; the figures both used are listed once.
        assert!(md.contains("per HSM\\-hour in US East"), "{md}");
        assert!(md.contains("per HSM\\-hour in Europe \\(Ireland\\)"), "{md}");
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
