//! The trace as a reviewer reads it: no entry contradicts the decision.

use super::*;

/// Only the rule that decided speaks as if it decided: the default's "no mandate points away
/// from KMS" never stands beside a mandate that another rule acted on, nor beside no option.
#[test]
fn no_entry_of_the_trace_contradicts_the_decision() {
    let rules = shipped();
    let queries = [
        "dedicated=yes&usage=sign&integration=custom&team=hsm",
        "dedicated=yes&usage=sign&integration=aws&team=hsm",
        "fips=3&custody=hsm",
        "custody=external",
        "peak_ops=150000&shardable=no&integration=custom",
    ];
    for query in queries {
        let advice = advise(&rules, query);
        for step in advice.trace.iter().filter(|step| !step.decisive && step.status != TraceStatus::NotMatched) {
            // The default rule's own reason.
            assert!(!step.because.starts_with("No mandate"), "{query}: {}: {}", step.rule, step.because);
        }
        let applies: Vec<&str> =
            advice.trace.iter().filter(|s| s.status == TraceStatus::Applies).map(|s| s.because.as_str()).collect();
        assert!(
            applies
                .iter()
                .all(|because| because.starts_with("Holds as well, but not needed:")
                    || because.starts_with("Not needed:")),
            "{query}: {applies:?}"
        );
    }
    // The default rule beside a ruled-out KMS does not hold "as well": it says its option is out.
    let advice = advise(&rules, "dedicated=yes");
    let default = advice.trace.last().expect("the default rule");
    assert_eq!(
        default.because,
        "Not needed: the rule of Compliance mandate decided first; AWS KMS, which it would choose, is ruled out."
    );
    let advice = advise(&rules, "integration=custom&team=hsm");
    assert!(advice.trace.last().unwrap().because.starts_with("Holds as well"), "{:?}", advice.trace.last());
}
