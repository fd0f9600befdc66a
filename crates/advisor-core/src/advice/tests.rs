//! The evaluation against the shipped rules: the design example, the trace, notes and flips.

use super::flips::other_answers;
use super::*;
use crate::contract::Value;
use crate::costs::RequestKind;
use crate::ruleset::{shipped, shipped_files};

fn advise(rules: &RuleSet, query: &str) -> Advice {
    let (inputs, errors) = Inputs::from_query(query, &rules.region_codes());
    assert!(errors.is_empty(), "{errors:?}");
    evaluate(rules, &inputs)
}

#[test]
fn the_design_example() {
    let advice = advise(&shipped(), "keys=1&requests=1000000");
    assert_eq!(advice.recommendation.option, Some(KeyOption::Kms));
    assert_eq!(advice.recommendation.rule.as_deref(), Some("default-kms"));
    let monthly = advice.costs.monthly_usd;
    assert_eq!(
        (monthly[KeyOption::Kms], monthly[KeyOption::Cloudhsm], monthly[KeyOption::CustomKeyStore]),
        (3.94, 2131.6, 2135.54)
    );
    assert_eq!(advice.break_even_requests_per_month, Some(710_220_000.0));
    assert_eq!(advice.costs.yearly_usd[KeyOption::Kms], 47.28);
    assert_eq!(advice.costs.horizon_usd[KeyOption::Cloudhsm], 76737.6);
    assert!(advice.share_url.starts_with("/?fips=none&dedicated=no&peak_ops=100&"));
    let monthly = advice.costs.monthly_usd;
    assert_eq!((monthly[KeyOption::KmsImported], monthly[KeyOption::ExternalKeyStore]), (3.94, 3.94));
    assert!(advice.blocked.rules_out(KeyOption::Cloudhsm), "AWS services cannot use CloudHSM");
    assert!(advice.recommendation.conflicts.is_empty());
}

#[test]
fn every_rule_is_traced_and_one_is_decisive() {
    let rules = shipped();
    let advice = advise(&rules, "dedicated=yes&peak_ops=5000&shardable=no&integration=both");
    let ids: Vec<&str> = advice.trace.iter().map(|t| t.rule.as_str()).collect();
    let expected: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, expected);
    let decisive: Vec<&TraceEntry> = advice.trace.iter().filter(|t| t.decisive).collect();
    assert_eq!(decisive.len(), 1);
    assert_eq!(decisive[0].rule, "dedicated-hardware");
    assert_eq!(advice.recommendation.step.as_deref(), Some("hardware-cloudhsm-direct"));
    // The branch's reason follows the rule's.
    assert!(decisive[0].because.contains("single-tenant"), "{}", decisive[0].because);
    assert!(decisive[0].because.contains("above a key store's fixed quota of 1,800/s"), "{}", decisive[0].because);
    assert!(advice.recommendation.summary.contains("plan for about 6 HSMs"), "{}", advice.recommendation.summary);
    // Matched rules after the decisive one stay matched but are not decisive.
    let throughput = advice.trace.iter().find(|t| t.rule == "throughput").unwrap();
    assert!(!throughput.matched && !throughput.decisive);
}

#[test]
fn unmatched_rules_say_why_with_the_figures() {
    let advice = advise(&shipped(), "");
    let because = |rule: &str| advice.trace.iter().find(|t| t.rule == rule).unwrap().because.clone();
    assert_eq!(
        because("dedicated-hardware"),
        "Does not apply: Dedicated HSM hardware mandated is “No”; this rule needs “Yes, single-tenant HSMs”."
    );
    assert_eq!(
        because("fips-level"),
        "Does not apply: The FIPS 140 level required (none) is not above the FIPS 140 level of KMS's HSMs (Level 3)."
    );
    assert_eq!(because("throughput"), "Does not apply: there are no kinds of request over their quota.");
    assert_eq!(
        because("cost-with-team"),
        "Does not apply: KMS's monthly cost ($12.94) is not above CloudHSM's monthly cost ($2,131.60)."
    );
    assert_eq!(
        because("default-kms"),
        "No mandate, custody policy or throughput limit points away from KMS, and no cluster you could run would cost less than KMS for the same keys and requests."
    );
}

#[test]
fn a_fips_level_above_kms_leads_to_hardware_when_the_facts_say_so() {
    let mut files = shipped_files();
    let compliance = files.iter_mut().find(|f| f.path.ends_with("compliance.toml")).unwrap();
    compliance.text = compliance.text.replacen("level = 3", "level = 2", 1);
    let older = RuleSet::from_sources(&files).unwrap();
    let advice = advise(&older, "fips=3");
    assert_eq!(advice.recommendation.rule.as_deref(), Some("fips-level"));
    assert_eq!(advice.recommendation.option, Some(KeyOption::CustomKeyStore));
    assert_eq!(
        advice.trace.iter().find(|t| t.rule == "fips-level").unwrap().because.split(" Dedicated").next().unwrap(),
        "The required Level 3 is above the Level 2 KMS's HSMs are validated at. A load of 100/s fits within one key store's 1,800/s, so KMS keeps its AWS integrations while the keys live on your cluster."
    );
    // With today's facts the same answer stays on KMS and a note says why.
    let today = advise(&shipped(), "fips=3");
    assert_eq!(today.recommendation.option, Some(KeyOption::Kms));
    let fips = &today.requirements[0];
    assert_eq!((fips.parameter, fips.stated.as_str()), ("fips", "FIPS 140 level required: Level 3"));
    assert!(fips.met.starts_with("Met: KMS's HSMs are validated at FIPS 140-3 Level 3 (certificate #4884), which meets a Level 3 requirement."), "{}", fips.met);
    assert_eq!(
        fips.source.as_deref(),
        Some("https://csrc.nist.gov/projects/cryptographic-module-validation-program/certificate/4884")
    );
}

#[test]
fn notes_follow_their_conditions() {
    let rules = shipped();
    let ids_of = |query: &str| -> Vec<String> {
        let advice = advise(&rules, query);
        rules
            .notes
            .iter()
            .filter(|note| {
                let projection = rules.projection(&advice.inputs);
                let figures =
                    rules.figures(&advice.inputs, &projection.prices, &projection.usage, &projection.ongoing());
                advice.notes.contains(&rules.render(&note.text, &advice.inputs, &figures))
            })
            .map(|note| note.id.clone())
            .collect()
    };
    assert!(ids_of("").is_empty());
    assert_eq!(ids_of("hsms=1"), ["single-hsm"]);
    assert_eq!(ids_of("peak_ops=85000"), ["near-kms-quota"]);
    assert_eq!(ids_of("peak_ops=150000"), ["over-kms-quota"]);
    assert_eq!(ids_of("integration=custom"), ["custom-code-managed"]);
    assert_eq!(
        ids_of("requests=1000000000&peak_ops=500&integration=custom"),
        ["custom-code-managed", "kms-dearer-managed", "cut-requests-own-code"]
    );
    // AWS services cannot use a cluster: cut the requests instead, with S3 Bucket Keys.
    assert_eq!(ids_of("requests=1000000000&peak_ops=500"), ["cut-kms-requests", "cut-requests-s3"]);
    assert_eq!(ids_of("requests=1000000000&peak_ops=500&team=hsm"), ["cut-kms-requests", "cut-requests-s3"]);
    // A billion requests a month average 380 a second: a peak of 100 cannot be.
    assert_eq!(ids_of("requests=1000000000"), ["cut-kms-requests", "cut-requests-s3", "peak-below-average"]);
    assert_eq!(ids_of("requests=300000000&peak_ops=50"), ["cut-requests-s3", "peak-below-average"]);
    assert_eq!(ids_of("dedicated=yes"), ["cloudhsm-hardware", "key-store-limits"]);
    assert_eq!(
        ids_of("dedicated=yes&peak_ops=5000&shardable=no&integration=both"),
        // Under a dedicated-HSM mandate AWS services' keys belong in a key store.
        ["cloudhsm-hardware", "cluster-too-small", "services-in-key-store", "cloudhsm-operations"]
    );
    // Imported material under a single-tenant mandate: nothing fits AWS services, so no note
    // speaks of an option; for own code, CloudHSM, with the material brought in by the code.
    assert_eq!(ids_of("custody=imported&dedicated=yes"), Vec::<&str>::new());
    assert_eq!(
        ids_of("custody=imported&dedicated=yes&integration=custom"),
        ["custom-code-managed", "cloudhsm-hardware", "cloudhsm-operations"]
    );
    assert_eq!(
        ids_of("dedicated=yes&peak_ops=5000&rotation=365"),
        ["cloudhsm-hardware", "key-store-limits", "key-stores-for-peak", "rotation-in-key-stores", "cluster-too-small"]
    );
    assert_eq!(ids_of("fips=3&custody=hsm"), ["cloudhsm-hardware", "key-store-limits"]);
    // Notes that answer a stated requirement are the requirements, not notes.
    let answered = |query: &str| -> Vec<&'static str> {
        let (inputs, _) = Inputs::from_query(query, &rules.region_codes());
        evaluate(&rules, &inputs).requirements.iter().map(|r| r.parameter).collect()
    };
    assert_eq!(answered("fips=3&custody=hsm"), ["fips", "custody"]);
    assert_eq!(answered("fips=2&dedicated=yes&custody=external"), ["fips", "dedicated", "custody"]);
    assert_eq!(answered("custody=imported"), ["custody"]);
    assert!(answered("dedicated=yes&integration=aws&usage=sign").is_empty(), "no option, nothing met");
    assert_eq!(
        ids_of("custody=imported&rotation=365"),
        // On-demand rotation of imported material has its own note, which says how it is billed.
        ["imported-material-is-yours", "rotation-of-imported-material"]
    );
    assert_eq!(ids_of("rotation=90"), ["rotation-charges"]);
    assert!(ids_of("rotation=90&keys=0").is_empty());
    assert_eq!(ids_of("hsm_hours=220"), ["part-time-hsms"]);
    assert_eq!(ids_of("custody=external"), ["external-key-store-operations", "external-manager-not-priced"]);
    assert_eq!(ids_of("custody=external&external_usd=900"), ["external-key-store-operations"]);
    // A managed team keeps KMS and asks for the quota; a team that runs HSMs gets them all.
    assert_eq!(ids_of("peak_ops=150000&shardable=no&integration=custom"), ["custom-code-managed"]);
    assert_eq!(
        ids_of("peak_ops=150000&shardable=no&integration=custom&team=hsm"),
        [
            "cloudhsm-hardware",
            "cluster-too-small",
            "beyond-published-benchmarks",
            "several-clusters",
            "account-clusters-for-cloudhsm",
            "account-hsms-for-cloudhsm",
            "cloudhsm-operations"
        ]
    );
    // With the quota raised past the peak, nothing is above it.
    assert_eq!(ids_of("peak_ops=150000&kms_quota=160000"), ["near-kms-quota"]);
}

#[test]
fn flips_name_the_answers_that_change_the_recommendation() {
    let advice = advise(&shipped(), "");
    let values: Vec<String> =
        advice.flips.iter().map(|f| f.value.canonical().unwrap_or_default().into_owned()).collect();
    let flips: Vec<(&str, &str, Option<KeyOption>)> =
        advice.flips.iter().zip(&values).map(|(f, value)| (f.parameter, value.as_str(), f.option)).collect();
    assert_eq!(
        flips,
        [
            ("dedicated", "yes", Some(KeyOption::CustomKeyStore)),
            ("custody", "imported", Some(KeyOption::KmsImported)),
            ("custody", "hsm", Some(KeyOption::CustomKeyStore)),
            ("custody", "external", Some(KeyOption::ExternalKeyStore)),
        ]
    );
    assert!(advice.flips[0].share_url.contains("dedicated=yes"));

    // With an HSM team and code of its own, crossing the break-even volume flips to CloudHSM.
    let advice = advise(&shipped(), "team=hsm&keys=1&integration=both");
    let volume = advice.flips.iter().find(|f| f.parameter == "requests").unwrap();
    // AWS services' half of the requests stays on KMS beside the cluster, so KMS catches up
    // with the cluster only at twice the volume it would alone.
    assert_eq!(volume.value, Value::Number(1_435_277_334.0));
    assert_eq!(volume.option, Some(KeyOption::Cloudhsm));
    assert_eq!(volume.question.as_deref(), Some("q5"));
    // A peak above the quota that cannot be spread: raising the quota is a way back to KMS.
    let advice = advise(&shipped(), "peak_ops=150000&shardable=no&integration=custom");
    let quota = advice.flips.iter().find(|f| f.parameter == "kms_quota").unwrap();
    assert_eq!((&quota.value, quota.option), (&Value::Number(150_000.0), Some(KeyOption::Kms)));
    // Signing over the RSA quota: the flip raises the asymmetric quota to the load; the option
    // stays, but no increase is needed any more.
    let advice = advise(&shipped(), "usage=sign&peak_ops=5000&shardable=no&integration=custom");
    assert_eq!(advice.recommendation.step.as_deref(), Some("throughput-raise-quota"));
    let quota = advice.flips.iter().find(|f| f.parameter == "asymmetric_quota").unwrap();
    assert_eq!((&quota.value, quota.option), (&Value::Number(5_000.0), Some(KeyOption::Kms)));
    assert!(quota.share_url.contains("&asymmetric_quota=5000&"), "{}", quota.share_url);
    assert!(advice.flips.iter().all(|f| f.parameter != "kms_quota"), "the symmetric quota is not over");
    // AWS services cannot use a cluster, so no volume flips them to CloudHSM.
    let advice = advise(&shipped(), "team=hsm&keys=1");
    assert!(advice.flips.iter().all(|f| f.parameter != "requests"), "{:?}", advice.flips);
}

#[test]
fn an_unknown_region_falls_back_to_the_default() {
    let rules = shipped();
    let inputs = Inputs::default().with("region", Value::Region("xx-nowhere-1".into())).unwrap();
    let advice = evaluate(&rules, &inputs);
    assert_eq!(advice.costs.monthly_usd[KeyOption::Cloudhsm], 2131.6);
}

#[test]
fn the_answers_one_step_away_are_other_choices_and_sets_with_one_member_toggled() {
    let table = crate::contract::extended_for_tests();
    let (inputs, _) = Inputs::from_query_in(table, "usage=encrypt,sign&team=hsm", &["us-east-1"]);
    let row = |name: &str| table.iter().find(|p| p.name == name).unwrap();
    let shown = |values: Vec<Value>| values.iter().filter_map(|v| v.canonical().map(String::from)).collect::<Vec<_>>();
    assert_eq!(shown(other_answers(&inputs, row("team"))), ["managed"]);
    assert_eq!(
        shown(other_answers(&inputs, row("usage"))),
        ["sign", "encrypt", "encrypt,sign,hmac", "encrypt,sign,keypair"]
    );
    let (alone, _) = Inputs::from_query_in(table, "usage=sign", &["us-east-1"]);
    assert!(!shown(other_answers(&alone, row("usage"))).contains(&String::new()), "never an empty set");
    assert!(other_answers(&inputs, row("keys")).is_empty());
}

#[test]
fn a_rule_whose_options_are_ruled_out_is_traced_as_blocked_with_the_reasons() {
    let advice = advise(&shipped(), "dedicated=yes&usage=sign");
    assert_eq!(advice.recommendation.option, None);
    assert_eq!(advice.recommendation.title, "No AWS option meets every requirement");
    let hardware = advice.trace.iter().find(|t| t.rule == "dedicated-hardware").unwrap();
    assert_eq!((hardware.status, hardware.matched, hardware.decisive), (TraceStatus::Blocked, true, false));
    assert!(
        hardware.because.contains(
            "But KMS with a CloudHSM key store is ruled out: A custom key store holds symmetric encryption keys only"
        ),
        "{}",
        hardware.because
    );
    assert!(hardware.because.contains("AWS CloudHSM is ruled out: AWS services such as S3"), "{}", hardware.because);
    let conflicts: Vec<(KeyOption, Vec<String>)> =
        advice.recommendation.conflicts.iter().map(|c| (c.option, c.requirements.clone())).collect();
    assert_eq!(conflicts[0], (KeyOption::Kms, vec!["shared-hsms".to_string()]));
    assert_eq!(conflicts.len(), KeyOption::ALL.len());
    // The decisive rule of a branch names what it passed over.
    let signing = advise(&shipped(), "dedicated=yes&usage=sign&integration=both");
    let decisive = signing.trace.iter().find(|t| t.decisive).unwrap();
    assert!(decisive.because.contains("KMS with a CloudHSM key store is ruled out"), "{}", decisive.because);
    assert!(decisive.because.ends_with("your applications use the CloudHSM cluster directly."), "{}", decisive.because);
}

/// The workloads that showed edition 1's bills to be wrong, with their bills worked out by hand
/// at `rules/prices.toml`'s prices and the source article's $1.46 an HSM-hour.
#[test]
fn practitioners_cases_are_billed_as_aws_bills_them() {
    let rules = shipped();
    // (query, recommended, each option's month 1 in `KeyOption::ALL`'s order)
    let cases = [
        // A firmware signer: 2 ECC keys, 40,000 signatures a month at $0.15 per 10,000, none free.
        (
            "keys=2&requests=0&asymmetric_requests=40000&integration=custom",
            Some(KeyOption::Kms),
            [2.6, 2.6, 2133.6, 2.0, 2131.6, 2.0],
        ),
        // A blockchain signer: 5 secp256k1 keys, 3 million signatures: $45 of requests.
        (
            "keys=5&requests=20000&asymmetric_requests=3000000&integration=custom",
            Some(KeyOption::Kms),
            [50.0, 50.0, 2136.6, 5.0, 2131.6, 5.0],
        ),
        // Code signing: 3 RSA-2048 keys, 200,000 signatures at the symmetric price, none free.
        (
            "keys=3&requests=0&rsa2048_requests=200000&integration=custom",
            Some(KeyOption::Kms),
            [3.6, 3.6, 2134.6, 3.0, 2131.6, 3.0],
        ),
        // A wallet API: 100,000 RSA key pairs a month at $12 per 10,000, beside 1M symmetric calls.
        (
            "keys=10&rsa_keypair_requests=100000&integration=both",
            Some(KeyOption::Kms),
            // CloudHSM beside KMS for AWS services' half: 5 keys and 500,000 requests.
            [132.94, 132.94, 2144.54, 12.94, 2138.04, 10.0],
        ),
        // A key ceremony: one HSM that lives ten hours, then KMS with the imported material.
        (
            "custody=imported&hsms=1&hsm_hours=10&keys=1&requests=0",
            Some(KeyOption::KmsImported),
            [1.0, 1.0, 30.2, 1.0, 14.6, 1.0],
        ),
    ];
    for (query, option, monthly) in cases {
        let advice = advise(&rules, query);
        assert_eq!(advice.recommendation.option, option, "{query}");
        let costs = advice.costs.monthly_usd;
        assert_eq!(KeyOption::ALL.map(|o| costs[o]), monthly, "{query}");
    }
    // 100 keys rotated yearly for ten years: $12,000 without rotation charges, $32,400 with.
    let rotated = advise(&rules, "keys=100&requests=0&rotation=365&months=120");
    assert_eq!(rotated.costs.horizon_usd[KeyOption::Kms], 32_400.0);
    let steady = rotated.costs.steady.expect("rotation has a steady month");
    assert_eq!(
        (steady.month, steady.monthly[KeyOption::Kms], rotated.costs.monthly_usd[KeyOption::Kms]),
        (25, 300.0, 100.0)
    );
    // An external key store rotates by hand: 100 more kept keys a year, no cap (0 + 100 + … +
    // 900 kept keys over ten years, twelve months each, beside the 100 keys).
    assert_eq!(rotated.costs.horizon_usd[KeyOption::ExternalKeyStore], 12_000.0 + 12.0 * 4_500.0);
    assert_eq!((steady.settled(KeyOption::Kms), steady.settled(KeyOption::ExternalKeyStore)), (Some(300.0), None));
    // A shardable 5,000/s over CloudHSM key stores: three stores, each with a two-HSM cluster;
    // CloudHSM itself needs six HSMs, more than the two entered.
    let spread = advise(&rules, "peak_ops=5000&custody=hsm&keys=10");
    assert_eq!((spread.costs.key_stores_priced, spread.costs.hsms_priced), (3, 6));
    assert_eq!(
        (spread.costs.monthly_usd[KeyOption::CustomKeyStore], spread.costs.monthly_usd[KeyOption::Cloudhsm]),
        (6407.74, 6394.8)
    );
    assert_eq!(spread.recommendation.option, Some(KeyOption::CustomKeyStore));
    // docs/cost-model.md's worked example.
    let example = advise(&rules, "keys=100&rsa2048_requests=200000&rotation=365&peak_ops=3500&hsm_hours=220&months=36");
    let costs = &example.costs;
    assert_eq!(KeyOption::ALL.map(|o| costs.monthly_usd[o]), [103.54, 103.54, 1387.74, 102.94, 1284.8, 100.0]);
    assert_eq!(costs.steady.map(|s| (s.month, s.monthly[KeyOption::Kms])), Some((25, 303.54)));
    // Key stores rotate by hand: 100 kept keys in the second year, 200 in the third.
    assert_eq!(KeyOption::ALL.map(|o| costs.horizon_usd[o]), [7327.44, 7327.44, 53558.64, 7305.84, 46252.8, 3600.0]);
    let external = advise(&rules, "custody=external&external_usd=1500");
    assert_eq!(external.costs.monthly_usd[KeyOption::ExternalKeyStore], 1512.94);
    let lines = external.costs.breakdown.get(KeyOption::ExternalKeyStore);
    assert_eq!(lines.iter().map(|l| l.usd).sum::<f64>(), 1512.94);
}

mod break_even;
mod trace;
