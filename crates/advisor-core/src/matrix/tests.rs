use super::*;
use crate::ruleset::{CASES_FILE, SourceFile, load_cases, shipped};

fn advise(rules: &RuleSet, query: &str) -> crate::Advice {
    let (inputs, errors) = Inputs::from_query(query, &rules.region_codes());
    assert!(errors.is_empty(), "{query}: {errors:?}");
    crate::evaluate(rules, &inputs)
}

/// For every state of `rules/cases.toml`: an option is ruled out in some cell exactly when the
/// evaluation rules it out, each such cell says one of the evaluation's reasons, and every
/// reason the evaluation gives is in some cell; the recommended column is the recommendation.
#[test]
fn the_cells_agree_with_blocked_for_every_case() {
    let rules = shipped();
    let cases_file = SourceFile {
        path: format!("rules/{CASES_FILE}"),
        text: include_str!("../../../../rules/cases.toml").to_string(),
    };
    let cases = load_cases(&cases_file, &rules).expect("the cases load");
    assert!(cases.len() > 30);
    for case in &cases {
        let advice = advise(&rules, &case.query);
        let matrix = &advice.matrix;
        assert_eq!(matrix.recommended, advice.recommendation.option, "{}", case.query);
        assert_eq!(matrix.options, advice.inputs.shown_options());
        for (column, &option) in matrix.options.iter().enumerate() {
            let ruling: Vec<&Cell> = matrix
                .rows
                .iter()
                .map(|row| &row.cells[column])
                .filter(|cell| cell.verdict == CellVerdict::RulesOut)
                .collect();
            assert!(ruling.iter().all(|cell| cell.option == option));
            assert_eq!(!ruling.is_empty(), advice.blocked.rules_out(option), "{}: {option:?}", case.query);
            for block in advice.blocked.of(option) {
                assert!(
                    ruling.iter().any(|cell| cell.reason.contains(&block.because)),
                    "{}: {option:?}: {} is in no cell",
                    case.query,
                    block.requirement
                );
            }
            for cell in &ruling {
                assert!(cell.source.as_deref().is_some_and(|s| s.starts_with("https://")), "{cell:?}");
            }
        }
        assert!(matrix.rows.iter().all(|row| row.cells.len() == matrix.options.len()));
        assert!(matrix.rows.iter().all(|row| !row.label.is_empty()), "{:?}", matrix.rows);
    }
}

#[test]
fn rows_are_the_requirements_stated_and_the_limits_that_apply() {
    let rules = shipped();
    let ids =
        |query: &str| -> Vec<String> { advise(&rules, query).matrix.rows.into_iter().map(|row| row.id).collect() };
    // The defaults: AWS services call the keys (CloudHSM is out), and the symmetric quota.
    assert_eq!(ids(""), ["aws_services", "quotas"]);
    assert_eq!(
        ids("dedicated=yes&fips=3&custody=hsm&integration=custom&usage=encrypt,sign&multi_region=yes"),
        ["custody", "dedicated", "fips", "usage", "multi_region", "quotas"]
    );
    let advice = advise(&rules, "dedicated=yes");
    let dedicated = advice.matrix.rows.iter().find(|row| row.id == "dedicated").unwrap();
    assert_eq!(dedicated.label, "Dedicated HSM hardware mandated: Yes, single-tenant HSMs");
    let kms = &dedicated.cells[KeyOption::Kms.index()];
    assert_eq!(kms.verdict, CellVerdict::RulesOut);
    // The recommended column says how it meets a stated requirement, with the source.
    let chosen = &dedicated.cells[KeyOption::CustomKeyStore.index()];
    assert_eq!(chosen.verdict, CellVerdict::Met);
    assert!(chosen.reason.contains("single-tenant"), "{chosen:?}");
    assert!(!chosen.reason.starts_with("Met"), "the verdict is not said twice: {chosen:?}");
    assert!(chosen.source.is_some());
    // A peak over the symmetric quota: met once raised, with the increase to ask for.
    let advice = advise(&rules, "peak_ops=150000&shardable=no");
    let quota = advice.matrix.rows.iter().find(|row| row.id == "quotas").unwrap();
    assert!(
        quota.cells[0].reason.starts_with("Once raised: ask Service Quotas for “Cryptographic operations (symmetric)"),
        "{quota:?}"
    );
    assert_eq!(quota.cells[KeyOption::Cloudhsm.index()].reason, "KMS's request quotas do not apply to it.");
    let json = serde_json::to_value(&advice.matrix).unwrap();
    assert_eq!(json["rows"][0]["cells"][0]["verdict"], "met");
    assert_eq!(json["options"][0], "kms");
}
