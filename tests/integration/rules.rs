//! The shipped rules against their example cases, and what a broken rules directory reports.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use advisor_core::costs::{KeyOption, RequestKind};
use advisor_core::ruleset::{CASES_FILE, Case, FILES, Figure, TextFact, load_cases};
use advisor_core::{Inputs, RuleSet, SourceFile, evaluate};
use kms_hsm_advisor::server::rules_dir;

fn shipped() -> RuleSet {
    rules_dir::load(Path::new("rules")).unwrap_or_else(|diagnostics| {
        panic!("{}", diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    })
}

#[test]
fn every_example_case_gets_its_expected_recommendation() {
    let rules = shipped();
    let file = SourceFile {
        path: format!("rules/{CASES_FILE}"),
        text: std::fs::read_to_string(Path::new("rules").join(CASES_FILE)).unwrap(),
    };
    let cases = load_cases(&file, &rules).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(cases.len() >= 20, "only {} cases", cases.len());

    let (pending, cases): (Vec<Case>, Vec<Case>) =
        cases.into_iter().partition(|case| case.pending_under(&rules.version));
    eprintln!("{} cases hold from later rules than {}", pending.len(), rules.version);
    let mut failures = Vec::new();
    for case in &cases {
        let (inputs, errors) = Inputs::from_query(&case.query, &rules.region_codes());
        assert!(errors.is_empty(), "{}: {errors:?}", case.name);
        let advice = evaluate(&rules, &inputs);
        let got = (advice.recommendation.option, &advice.recommendation.rule, &advice.recommendation.step);
        if got != (case.expect, &case.rule, &case.step) {
            failures.push(format!(
                "{}: expected {:?} by {:?} {:?}, got {got:?}",
                case.name, case.expect, case.rule, case.step
            ));
        }
        // As the page lists them: among the options the state shows.
        let shown = advice.inputs.shown_options();
        let blocked: Vec<KeyOption> =
            advice.blocked.iter().map(|(option, _)| option).filter(|option| shown.contains(option)).collect();
        if let Some(expected) = &case.blocked
            && *expected != blocked
        {
            failures.push(format!("{}: expected {expected:?} ruled out, got {blocked:?}", case.name));
        }
        let costs = &advice.costs;
        for (what, expected, got) in
            [("month 1", &case.monthly_usd, &costs.monthly_usd), ("the horizon", &case.horizon_usd, &costs.horizon_usd)]
        {
            for &(option, usd) in expected {
                if (got[option] - usd).abs() > 0.001 {
                    failures.push(format!(
                        "{}: {} over {what}: expected ${usd}, got ${}",
                        case.name,
                        option.id(),
                        got[option]
                    ));
                }
            }
        }
        if let Some(expected) = &case.over_quota {
            let over: Vec<RequestKind> =
                advice.quotas.iter().filter(|check| check.over).map(|check| check.kind).collect();
            if *expected != over {
                failures.push(format!("{}: expected {expected:?} over their quota, got {over:?}", case.name));
            }
        }
        let said: Vec<&str> = std::iter::once(advice.recommendation.summary.as_str())
            .chain(advice.notes.iter().map(String::as_str))
            .chain(advice.requirements.iter().map(|r| r.met.as_str()))
            .collect();
        for words in &case.mentions {
            if !said.iter().any(|text| text.contains(words.as_str())) {
                failures.push(format!("{}: nothing says \"{words}\"", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let decided: BTreeSet<&str> = cases.iter().flat_map(|c| [c.rule.as_deref(), c.step.as_deref()]).flatten().collect();
    let all: BTreeSet<&str> = rules
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .chain(rules.branches.iter().flat_map(|b| b.steps.iter().map(|s| s.id.as_str())))
        .collect();
    let uncovered: Vec<&&str> = all.difference(&decided).collect();
    // The FIPS rule cannot decide with today's facts; a unit test covers it with older ones.
    assert_eq!(uncovered, [&"fips-level"], "rules no case decides");

    // Every requirement rules something out in some case.
    let mut exercised = BTreeSet::new();
    for case in &cases {
        let (inputs, _) = Inputs::from_query(&case.query, &rules.region_codes());
        for (_, blocks) in evaluate(&rules, &inputs).blocked.iter() {
            exercised.extend(blocks.iter().map(|b| b.requirement.clone()));
        }
    }
    let requirements: BTreeSet<String> = rules.requirements.iter().map(|r| r.id.clone()).collect();
    let unexercised: Vec<&String> = requirements.difference(&exercised).collect();
    // Likewise the FIPS requirement, which the same unit test exercises.
    assert_eq!(unexercised, [&"fips-above-kms".to_string()], "requirements no case exercises");
}

/// Over every combination of the answers: an option is recommended exactly when some option is
/// left, it is never one a requirement rules out, and when none is left every option is named
/// in the conflicts with its requirements.
/// The answer a link made under the rules before edition 2 was advised, as the rules notice
/// names it.
fn was_advised(rules: &RuleSet, query: &str) -> Option<KeyOption> {
    let (inputs, errors) = Inputs::from_query(&format!("{query}&rules=2026.11.28"), &rules.region_codes());
    assert!(errors.is_empty(), "{query}: {errors:?}");
    let notice = evaluate(rules, &inputs).rules_notice.expect("a notice for a link of other rules");
    notice.was.map(|was| was.option)
}

/// docs/rules.md's table of the edition 1 answers edition 2 changed is the corpus: the changelog
/// names the old answer of every link in it whose option changed since, and of no example case
/// made of edition 1's parameters that kept its answer.
#[test]
fn the_changelog_names_every_answer_edition_2_changed_and_no_other() {
    let rules = shipped();
    let readme = std::fs::read_to_string("docs/rules.md").unwrap();
    let table = readme.split("| link | edition 1 | edition 2 | why |").nth(1).expect("docs/rules.md's table");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.split('|').map(str::trim).collect())
        .collect();
    assert!(rows.len() >= 9, "{rows:?}");
    let mut changed = Vec::new();
    for row in &rows {
        let (link, before, after) = (row[1].trim_matches('`'), row[2], row[3]);
        let query = link.trim_start_matches("/?");
        let same_option = after.starts_with(before.split(',').next().unwrap_or(before).trim_start_matches("AWS "))
            || after.starts_with(before.split(',').next().unwrap_or(before));
        // Every answer in the table was CloudHSM; edition 3 changed some that edition 2 kept.
        let (inputs, _) = Inputs::from_query(query, &rules.region_codes());
        let now = evaluate(&rules, &inputs).recommendation.option;
        let changed_since = same_option && now != Some(KeyOption::Cloudhsm);
        let expected = (!same_option || changed_since).then_some(KeyOption::Cloudhsm);
        assert_eq!(was_advised(&rules, query), expected, "{link}: {before} → {after}, now {now:?}");
        changed.push(query.to_string());
    }
    let edition_1 = [
        "fips",
        "dedicated",
        "control",
        "peak_ops",
        "shardable",
        "integration",
        "team",
        "keys",
        "requests",
        "hsms",
        "region",
        "hsm_hourly",
        "growth",
        "months",
    ];
    let file = SourceFile {
        path: format!("rules/{CASES_FILE}"),
        text: std::fs::read_to_string(Path::new("rules").join(CASES_FILE)).unwrap(),
    };
    let edition_2 = edition_2_answers();
    let mut checked = 0;
    for case in load_cases(&file, &rules).unwrap().into_iter().filter(|c| !c.pending_under(&rules.version)) {
        let names: Vec<String> =
            form_urlencoded::parse(case.query.as_bytes()).map(|(name, _)| name.into_owned()).collect();
        if changed.contains(&case.query) || !names.iter().all(|name| edition_1.contains(&name.as_str())) {
            continue;
        }
        checked += 1;
        // Edition 2 kept these answers of edition 1: where edition 3 changed one, the old answer
        // is edition 2's.
        let then = edition_2.state.iter().find(|s| s.query == case.query).and_then(|s| KeyOption::from_id(&s.advised));
        let expected = if then != case.expect { then } else { None };
        assert_eq!(was_advised(&rules, &case.query), expected, "{}: {}", case.name, case.query);
    }
    assert!(checked >= 15, "only {checked} cases of edition 1's parameters");
}

#[test]
fn no_answer_leaves_a_possible_option_unchosen_or_chooses_a_ruled_out_one() {
    let rules = shipped();
    let regions = rules.region_codes();
    let usages = ["encrypt", "sign", "hmac", "keypair", "encrypt,sign", "encrypt,hmac,keypair"];
    let mut states = 0;
    for fips in ["none", "3"] {
        for dedicated in ["no", "yes"] {
            for custody in ["aws", "imported", "hsm", "external"] {
                for integration in ["aws", "custom", "both"] {
                    for usage in usages {
                        for multi_region in ["no", "yes"] {
                            for (peak, shardable) in [(100, "yes"), (5000, "no"), (150_000, "no"), (150_000, "yes")] {
                                for team in ["managed", "hsm"] {
                                    let query = format!(
                                        "fips={fips}&dedicated={dedicated}&custody={custody}&integration={integration}\
                                         &usage={usage}&multi_region={multi_region}&peak_ops={peak}\
                                         &shardable={shardable}&team={team}&requests=2000000000"
                                    );
                                    let (inputs, errors) = Inputs::from_query(&query, &regions);
                                    assert!(errors.is_empty(), "{query}: {errors:?}");
                                    let advice = evaluate(&rules, &inputs);
                                    let left = KeyOption::ALL.iter().any(|&o| !advice.blocked.rules_out(o));
                                    let chosen = advice.recommendation.option;
                                    assert_eq!(chosen.is_some(), left, "{query}: {chosen:?}, {:?}", advice.blocked);
                                    if let Some(option) = chosen {
                                        assert!(!advice.blocked.rules_out(option), "{query}: {option:?}");
                                    } else {
                                        assert_eq!(
                                            advice.recommendation.conflicts.len(),
                                            KeyOption::ALL.len(),
                                            "{query}"
                                        );
                                    }
                                    states += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(states, 2 * 2 * 4 * 3 * 6 * 2 * 4 * 2);
}

/// A directory of rules that is removed when dropped.
struct RulesCopy(PathBuf);

impl std::ops::Deref for RulesCopy {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for RulesCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A copy of the fixtures' base rules (frozen, so positions hold whatever `rules/` becomes) with
/// some text replaced, in a fresh directory.
fn broken_rules(edits: &[(&str, &str, &str)]) -> RulesCopy {
    let dir =
        std::env::temp_dir().join(format!("advisor-rules-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in FILES {
        let mut text = std::fs::read_to_string(Path::new("tests/fixtures/rules/base").join(name)).unwrap();
        for (file, from, to) in edits {
            if *file == name {
                assert!(text.contains(from), "{from:?} is not in {name}");
                text = text.replacen(from, to, 1);
            }
        }
        std::fs::write(dir.join(name), text).unwrap();
    }
    RulesCopy(dir)
}

const BREAKAGES: [(&str, &str, &str); 9] = [
    (
        "framework.toml",
        "{ value = \"yes\", label = \"Yes, single-tenant HSMs\" }",
        "{ value = \"maybe\", label = \"Perhaps\" }",
    ),
    ("rules.toml", "question = \"q2\"", "question = \"q9\""),
    (
        "rules.toml",
        "when = [\"peak_ops > kms_quota\", \"shardable == no\"]",
        "when = [\"peak_ops >> kms_quota\", \"shardable == no\"]",
    ),
    ("rules.toml", "option = \"kms\"\n", "option = \"kms\"\nwhenever = true\n"),
    ("rules.toml", "needs about {hsms_for_peak} HSMs", "needs about {hsms_needed} HSMs"),
    ("prices.toml", "key-month-usd = { value = 1.0,", "key-month-usd = { value = \"one\","),
    (
        "regions.toml",
        "kms-symmetric-quota = { value = 100000, source = \"https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html\", as-of = \"2026-11-01\" }\n\n[[region]]\ncode = \"us-east-2\"",
        "\n[[region]]\ncode = \"us-east-2\"",
    ),
    ("quotas.toml", "as-of = \"2026-11-01\"\n", "as-of = \"last week\"\n"),
    ("compliance.toml", "level = 3\ncertificate = \"#4884\"", "level = 5\ncertificate = \"#4884\""),
];

#[test]
fn a_broken_rules_directory_reports_every_problem_with_its_position() {
    let dir = broken_rules(&BREAKAGES);
    let diagnostics = rules_dir::load(&dir).expect_err("the rules are broken");
    let shown: Vec<String> =
        diagnostics.iter().map(|d| d.to_string().replace(&format!("{}/", dir.display()), "")).collect();
    // Every figure, then every fact, by name.
    let names: Vec<&str> = Figure::ALL.iter().map(|f| f.name()).chain(TextFact::ALL.iter().map(|f| f.name())).collect();
    let placeholders = format!(
        "rules.toml:348:44: unknown placeholder `{{hsms_needed}}`, expected one of {} [invalid-template]",
        names.join(", ")
    );
    assert_eq!(
        shown,
        [
            "framework.toml:67:8: missing answer \"yes\" of dedicated [missing-answer]",
            "framework.toml:73:15: expected an answer of dedicated (no, yes), found \"maybe\" [unknown-answer]",
            "rules.toml:103:12: `question`: expected one of q1, q2, q3, q4, q5, all, found \"q9\" [unknown-question]",
            "rules.toml:127:10: expected one of the operators == != < <= > >=, found \">>\" [invalid-condition]",
            "rules.toml:152:1: `rule`: unknown field `whenever`, expected one of `id`, `question`, `when`, `option`, `branch`, `explain`, `summary` [unknown-key]",
            placeholders.as_str(),
            "prices.toml:8:27: `kms`: invalid type: string \"one\", expected f64 [invalid-value]",
            "regions.toml:11:1: `region`: missing field `kms-symmetric-quota` [missing-key]",
            "quotas.toml:32:9: `as-of`: expected a date like \"2026-11-01\", found \"last week\" [invalid-date]",
            "compliance.toml:8:9: `level`: expected a FIPS 140 security level from 1 to 4, found 5 [out-of-range]",
        ]
    );
}

#[test]
fn the_server_refuses_to_start_on_broken_rules() {
    let dir = broken_rules(&BREAKAGES[1..3]);
    let output = Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
        .env("ADVISOR_RULES_DIR", dir.as_os_str())
        .env("LEPTOS_OUTPUT_NAME", "kms-hsm-advisor")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Each problem as rustc shows one: its code and message, its place, and the line with a caret.
    assert!(stderr.contains("error[unknown-question]: `question`: expected one of q1"), "{stderr}");
    assert!(stderr.contains("rules.toml:103:12\n"), "{stderr}");
    assert!(stderr.contains("103 | question = \"q9\"\n    |            ^"), "{stderr}");
    assert!(stderr.contains("error[invalid-condition]: expected one of the operators"), "{stderr}");
    assert!(stderr.contains("rules.toml:127:10\n"), "{stderr}");
    assert!(stderr.contains("refusing to start: 2 problem(s) in the rules at"), "{stderr}");
}

#[test]
fn a_missing_file_is_named() {
    let dir = broken_rules(&[]);
    std::fs::remove_file(dir.join("quotas.toml")).unwrap();
    let diagnostics = rules_dir::load(&dir).expect_err("a file is missing");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        diagnostics[0].to_string(),
        format!(
            "{}:1:1: missing file: every rules directory needs it [missing-file]",
            dir.join("quotas.toml").display()
        )
    );
}

/// `check` is for deployers' CI: exit 0 with a one-line summary on valid rules, exit 1 with every
/// problem's code and position on each broken fixture.
#[test]
fn check_passes_the_shipped_rules_and_fails_each_broken_fixture() {
    let check =
        |dir: &Path| Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor")).arg("check").arg(dir).output().unwrap();
    let shipped = check(Path::new("rules"));
    assert_eq!(shipped.status.code(), Some(0));
    let summary = String::from_utf8_lossy(&shipped.stdout);
    assert!(summary.starts_with("rules 2026.12.07 at rules are valid: 19 requirements, 12 rules, "), "{summary}");
    assert_eq!(summary.lines().count(), 1);
    for breakage in BREAKAGES {
        let dir = broken_rules(&[breakage]);
        let output = check(&dir);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{breakage:?}: {stderr}");
        let place = format!("--> {}:", dir.join(breakage.0).display());
        assert!(stderr.contains("error[") && stderr.contains(&place), "{breakage:?}: {stderr}");
        assert!(stderr.contains("problem(s) in the rules at"), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[derive(serde::Deserialize)]
struct RecordedAnswers {
    state: Vec<RecordedAnswer>,
}

#[derive(serde::Deserialize)]
struct RecordedAnswer {
    query: String,
    advised: String,
}

/// What edition 2's build advised for each example state, recorded before edition 3.
fn edition_2_answers() -> RecordedAnswers {
    toml::from_str(&std::fs::read_to_string("tests/fixtures/edition-2-answers.toml").unwrap()).unwrap()
}

/// Every example state, as a link made under edition 2's rules: its notice names what edition 2
/// advised (recorded with edition 2's build) where edition 3 advises another option, and no old
/// answer where it advises the same.
#[test]
fn a_link_made_under_edition_2_names_its_old_answer_where_edition_3_changed_it() {
    let rules = shipped();
    let recorded = edition_2_answers();
    let (mut changed, mut failures) = (0, Vec::new());
    for state in &recorded.state {
        let query = format!("{}&rules=2026.11.29", state.query);
        let (inputs, errors) = Inputs::from_query(&query, &rules.region_codes());
        assert!(errors.is_empty(), "{query}: {errors:?}");
        let advice = evaluate(&rules, &inputs);
        let then = KeyOption::from_id(&state.advised);
        let now = advice.recommendation.option;
        let was = advice.rules_notice.expect("a notice for a link of other rules").was.map(|was| was.option);
        // An option that none replaced cannot be named as the old answer of nothing.
        let expected = if then != now { then } else { None };
        changed += usize::from(expected.is_some());
        if was != expected {
            failures.push(format!("{query}: edition 2 advised {then:?}, now {now:?}; the notice names {was:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(changed >= 8, "only {changed} answers changed");
}
