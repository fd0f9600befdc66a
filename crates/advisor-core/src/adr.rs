//! The decision as a Markdown architecture decision record in the MADR layout.

use std::fmt::Write;

use chrono::NaiveDate;

use super::advice::{Advice, Costs};

mod comparison;
mod text;

pub use self::comparison::comparison_record;
pub use self::text::markdown_escaped;
use self::text::{link_target, ours};
use super::breakdown;
use super::costs::{KeyOption, RequestKind};
use super::format;
use super::inputs::Inputs;
use super::matrix::CellVerdict;
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
    // The rules speak to the reader; the record is the team's own, written as "we".
    let ours_from = md.len();
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
    glance(&mut md, rules, advice);
    outcome(&mut md, rules, advice);
    pros_and_cons(&mut md, rules, advice);
    let voiced = ours(&md[ours_from..]);
    md.truncate(ours_from);
    md.push_str(&voiced);
    sources(&mut md, advice.sources.iter());
    let _ = writeln!(md, "\n## Links\n");
    let _ = writeln!(md, "* [This decision in the KMS vs CloudHSM Advisor](<{}>)", link_target(&link));
    article(&mut md, rules);
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
        let _ = writeln!(md, "* {}: {}", markdown_escaped(&line.heading), ours(&markdown_escaped(&line.answers)));
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

/// The decision at a glance: every requirement stated or limit that applies against every
/// option, as a table whose cells say met or ruled out, and why.
fn glance(md: &mut String, rules: &RuleSet, advice: &Advice) {
    let matrix = &advice.matrix;
    if matrix.rows.is_empty() {
        return;
    }
    let _ = writeln!(md, "\n### The decision at a glance\n");
    let heads: Vec<String> = matrix
        .options
        .iter()
        .map(|&option| {
            let chosen = if matrix.recommended == Some(option) { " (chosen)" } else { "" };
            format!("{}{chosen}", rules.title(option))
        })
        .collect();
    let _ = writeln!(md, "| Requirement | {} |", heads.join(" | "));
    let _ = writeln!(md, "|---|{}", "---|".repeat(heads.len()));
    for row in &matrix.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|cell| {
                let verdict = match cell.verdict {
                    CellVerdict::Met => "Met",
                    CellVerdict::RulesOut => "**Ruled out**",
                };
                let reason = if cell.reason.is_empty() {
                    String::new()
                } else {
                    format!(": {}", markdown_escaped(&cell.reason))
                };
                let source =
                    cell.source.as_ref().map(|url| format!(" ([source](<{}>))", link_target(url))).unwrap_or_default();
                format!("{verdict}{reason}{source}")
            })
            .collect();
        let _ = writeln!(md, "| {} | {} |", markdown_escaped(&row.label), cells.join(" | "));
    }
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
    let _ = writeln!(md, "The rules, in the order they were considered, by the question each asks:\n");
    for (index, step) in advice.trace.iter().enumerate() {
        let marker = if step.decisive { " (decisive)" } else { "" };
        let _ = writeln!(md, "{}. {}{marker}: {}", index + 1, question_of(rules, &step.question), step.because);
    }
    let over = advice.quotas.iter().any(|check| check.over);
    if recommendation.option.is_some() || !advice.notes.is_empty() || over {
        let _ = writeln!(md, "\n### Consequences\n");
    }
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

/// The article the questions come from, which the sources call "the source article".
fn article(md: &mut String, rules: &RuleSet) {
    let _ = writeln!(
        md,
        "* The source article, whose five questions these answers follow: \"{}\"",
        markdown_escaped(&rules.source_article)
    );
}

/// The question a rule asks, by its title; the default rule asks none of its own.
fn question_of<'r>(rules: &'r RuleSet, question: &str) -> &'r str {
    rules.questions.iter().find(|q| q.id == question).map_or("The default rule", |q| q.title.as_str())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Inputs;

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
        assert!(md.contains(" at the oldest, CloudHSM at $1.46 an HSM-hour\n"), "{md}");
        assert!(
            md.contains("Our answers:\n\n* Compliance mandate: FIPS 140 level required: No level is named; "),
            "{md}"
        );
        assert!(md.contains("How it meets our requirements:\n\n* Dedicated HSM hardware mandated: Yes, single-tenant HSMs. Met: the HSMs of a CloudHSM cluster are single-tenant, in our account and our VPC"), "{md}");
        assert!(md.contains("not a compliance determination"), "{md}");
        assert!(md.contains("\n### What would change the decision\n\n* "), "{md}");
        assert!(!md.contains("How encryption is deployed: How encryption is deployed"), "named once: {md}");
        assert!(md.contains("* Compliance mandate — FIPS 140 level required: No level is named; Dedicated HSM hardware mandated: Yes, single-tenant HSMs"));
        assert!(md.contains("2. Compliance mandate (decisive): A mandate for single-tenant HSMs"), "{md}");
        assert!(md.contains("12. The default rule: Not needed: the rule of Compliance mandate decided first; AWS KMS, which it would choose, is ruled out.\n"), "{md}");
        // No rule id in the prose, no "your" where the team writes, the article named.
        for id in rules.rules.iter().map(|rule| &rule.id) {
            assert!(!md.contains(&format!(". {id}")) && !md.contains(&format!("rule {id}")), "{id}: {md}");
        }
        assert!(!md.contains("your ") && !md.contains("Your "), "{md}");
        assert!(md.contains("* The source article, whose five questions these answers follow: \"AWS CloudHSM vs KMS: Choosing the Right Key Management Solution\"\n"), "{md}");
        assert!(md.contains("### AWS CloudHSM\n\nA cluster of single-tenant HSMs in our VPC that our own code calls directly.\n\n* $2,131.60 a month"));
        assert!(md.contains("* Good, because key material on our own single-tenant cluster"));
        // Each option's first month, line by line.
        assert!(md.contains("* $2,131.60 a month, $76,737.60 over 36 months; in the first month:\n  * CloudHSM cluster: 2 HSMs × 730 hours at $1.46 an HSM-hour: $2,131.60\n"), "{md}");
        assert!(md.contains("  * Keys: 3 keys at $1.00 a key-month: $3.00\n"), "{md}");
        assert!(md.contains("* AWS KMS (ruled out: KMS keeps keys on HSMs that it shares between customers"), "{md}");
        assert!(md.contains("* KMS with a CloudHSM key store\n"), "{md}");
        assert!(md.contains("in US East (N. Virginia) (us-east-1)"), "{md}");
        // Every figure with its source, the article's hourly price flagged as such.
        assert!(md.contains("\n## Sources\n\n| Figure | Value | Source | As of |\n|---|---|---|---|\n"), "{md}");
        assert!(md.contains("| CloudHSM price per HSM-hour in US East (N. Virginia) | $1.46 an HSM-hour | source article (typical price per HSM-hour); prices vary by Region and HSM type (the source article's figure; not checked against AWS's price list for this Region) | 2026-11-01 |"), "{md}");
        assert!(md.contains("[per custom key store; the CloudHSM key store's cannot be raised](<https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html#rps-key-stores>) | 2026-11-29 |"), "{md}");
    }
}
