//! Break-even between options that apply, and the outlook charts read.

use super::*;

/// Break-even only between options that apply, on the kind of request the keys make most of.
#[test]
fn break_even_is_between_options_that_apply_on_the_kind_that_matters() {
    let rules = shipped();
    // S3 and RDS cannot use CloudHSM, and no option left crosses KMS: no break-even, though
    // edition 2's KMS-against-CloudHSM figure stays for its readers.
    let services = advise(&rules, "");
    assert_eq!(services.break_even, None);
    assert!(services.break_even_requests_per_month.is_some());
    // Own code: KMS and CloudHSM both apply, on symmetric requests, as edition 2 said.
    let custom = advise(&rules, "integration=custom");
    let even = custom.break_even.expect("KMS and CloudHSM cross");
    assert_eq!((even.kind, even.between), (RequestKind::Symmetric, [KeyOption::Kms, KeyOption::Cloudhsm]));
    assert_eq!(Some(even.requests_per_month), custom.break_even_requests_per_month);
    // Signatures: the asymmetric requests are varied, not the symmetric ones.
    let signing = advise(&rules, "integration=custom&usage=sign&keys=4&asymmetric_requests=5M");
    let even = signing.break_even.expect("KMS and CloudHSM cross on signatures");
    assert_eq!(even.kind, RequestKind::Asymmetric);
    let priced = |requests: f64| {
        let mut varied = signing.projection.usage.requests;
        varied[RequestKind::Asymmetric.index()] = requests;
        let prices = &signing.projection.prices;
        let usage = &signing.projection.usage;
        [KeyOption::Kms, KeyOption::Cloudhsm].map(|option| prices.month_usd(option, usage, &varied, 1))
    };
    let [kms, cloudhsm] = priced(even.requests_per_month);
    assert!((kms - cloudhsm).abs() < 0.02, "{kms} against {cloudhsm} at {}", even.requests_per_month);
    let json = serde_json::to_value(signing.break_even).unwrap();
    assert_eq!(json["kind"], "asymmetric");
    assert_eq!(json["between"], serde_json::json!(["kms", "cloudhsm"]));
    // CloudHSM chosen for keys on our own HSMs: the key store left costs more at any volume.
    assert_eq!(advise(&rules, "custody=hsm&integration=custom").break_even, None);
    // A mandate for dedicated HSMs leaves the external key store, which meets the cluster.
    let dedicated = advise(&rules, "dedicated=yes&integration=custom").break_even.expect("a crossing");
    assert_eq!(dedicated.between, [KeyOption::Cloudhsm, KeyOption::ExternalKeyStore]);
    // No option left: nothing to meet.
    assert_eq!(advise(&rules, "custody=external&multi_region=yes").break_even, None);
    // The outlook charts read decides as the evaluation does.
    for query in ["", "integration=custom", "dedicated=yes", "custody=external&multi_region=yes"] {
        let (inputs, _) = Inputs::from_query(query, &rules.region_codes());
        let (advice, outlook) = (evaluate(&rules, &inputs), outlook(&rules, &inputs));
        assert_eq!(outlook.recommended, advice.recommendation.option, "{query}");
        assert_eq!(outlook.break_even, advice.break_even, "{query}");
        assert!(KeyOption::ALL.iter().all(|&o| outlook.ruled_out[o] == advice.blocked.rules_out(o)), "{query}");
    }
}
