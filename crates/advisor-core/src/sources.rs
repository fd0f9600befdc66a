//! Where a result's figures come from: every price, quota and compliance fact the evaluation of
//! one state reads, with its value, its source and the day it was true, so that a reader can
//! check each one, and knows which are the source article's rather than AWS's.

use std::sync::Arc;

use super::inputs::Inputs;
use super::ruleset::RuleSet;
use super::ruleset::figures::region_figures;
pub use super::ruleset::figures::{SourcedFigure, Unit};

/// Every figure the evaluation of `inputs` reads, in the order a reader checks them: prices,
/// quotas and capacities, compliance; AWS Payment Cryptography's only when the keys do payment
/// functions. The rules' figures of each Region are worked out once, when the rules load
/// ([`RuleSet::region_sources`], [`RuleSet::general_sources`]), and shared; a figure entered in
/// the link replaces its rules' figure.
pub fn used(rules: &RuleSet, inputs: &Inputs) -> Arc<[SourcedFigure]> {
    let region = rules.region_of(inputs);
    let index = rules.regions.iter().position(|known| std::ptr::eq(known, region)).unwrap_or(0);
    let payment = inputs.has("usage", crate::contract::PAYMENT);
    let sources = if payment { &rules.region_sources } else { &rules.general_sources };
    let shared = sources.get(index).cloned().unwrap_or_else(|| region_figures(rules, region).into());
    let entered = [
        inputs.hsm_hourly().map(|value| ("cloudhsm_hourly_usd", value, "hsm_hourly")),
        inputs.kms_quota().map(|value| ("kms_symmetric_quota", value, "kms_quota")),
        inputs.asymmetric_quota().map(|value| ("rsa2048_requests_quota", value, "asymmetric_quota")),
        inputs.asymmetric_quota().map(|value| ("asymmetric_requests_quota", value, "asymmetric_quota")),
    ];
    if entered.iter().all(Option::is_none) {
        return shared;
    }
    shared
        .iter()
        .map(|figure| match entered.iter().flatten().find(|(id, _, _)| figure.figure == *id) {
            Some(&(_, value, parameter)) => SourcedFigure {
                value,
                source: format!("entered in the link (`{parameter}`)"),
                url: None,
                as_of: None,
                note: None,
                ..figure.clone()
            },
            None => figure.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::DEFAULT_REGION;
    use chrono::NaiveDate;

    use crate::ruleset::figures::{ARTICLE_PRICE_NOTE, figure_ids};
    use crate::ruleset::shipped;

    fn figures(query: &str) -> Arc<[SourcedFigure]> {
        let rules = shipped();
        let (inputs, errors) = Inputs::from_query(query, &rules.region_codes());
        assert!(errors.is_empty(), "{errors:?}");
        used(&rules, &inputs)
    }

    fn find<'f>(figures: &'f [SourcedFigure], id: &str) -> &'f SourcedFigure {
        figures.iter().find(|f| f.figure == id).unwrap_or_else(|| panic!("no {id}"))
    }

    #[test]
    fn the_shipped_hourly_price_is_the_article_s_and_says_so() {
        let figures = figures("region=eu-west-1");
        let hourly = find(&figures, "cloudhsm_hourly_usd");
        assert_eq!(hourly.value, 1.46);
        assert_eq!(hourly.label, "CloudHSM price per HSM-hour in Europe (Ireland)");
        assert_eq!(hourly.shown(), "$1.46 an HSM-hour");
        assert_eq!(hourly.note.as_deref(), Some(ARTICLE_PRICE_NOTE));
        assert_eq!(hourly.as_of, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(hourly.url, None);
        let quota = find(&figures, "kms_symmetric_quota");
        assert_eq!((quota.value, quota.shown().as_str()), (100_000.0, "100,000 requests a second"));
        assert!(quota.url.as_deref().is_some_and(|url| url.starts_with("https://docs.aws.amazon.com/kms/")));
        assert_eq!(quota.note, None);
        let key_store = find(&figures, "key_store_quota");
        assert_eq!(key_store.source_words(), "per custom key store; the CloudHSM key store's cannot be raised");
        assert_eq!(quota.source_words(), quota.url.as_deref().unwrap());
        assert_eq!(hourly.source_words(), hourly.source);
    }

    #[test]
    fn every_price_quota_and_fact_is_listed_once_with_a_date() {
        let figures = figures("");
        let mut ids: Vec<&str> = figures.iter().map(|f| f.figure.as_str()).collect();
        for id in ["kms_key_month_usd", "rsa_keypair_requests_usd_per_10k", "key_store_quota", "cloudhsm_fips_level"] {
            assert!(ids.contains(&id), "{id} in {ids:?}");
        }
        assert_eq!(find(&figures, "rsa_keypair_requests_usd_per_10k").shown(), "$12.00 per 10,000 requests");
        assert_eq!(find(&figures, "cloudhsm_fips_level").shown(), "Level 3");
        assert!(figures.iter().all(|f| f.as_of.is_some() && !f.source.is_empty()));
        assert!(find(&figures, "kms_symmetric_quota").label.ends_with(&shipped().region(DEFAULT_REGION).unwrap().name));
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), figures.len());
    }

    #[test]
    fn the_figure_ids_are_those_listed() {
        let rules = shipped();
        let listed: Vec<&str> = rules.region_sources[0].iter().map(|figure| figure.figure.as_str()).collect();
        assert_eq!(listed, figure_ids(&rules.capacity.points.value));
    }

    #[test]
    fn an_evaluation_shares_its_region_s_figures_with_the_rules() {
        let rules = shipped();
        let ireland = rules.regions.iter().position(|region| region.code == "eu-west-1").unwrap();
        let (inputs, _) = Inputs::from_query("region=eu-west-1&keys=9", &rules.region_codes());
        assert!(Arc::ptr_eq(&used(&rules, &inputs), &rules.general_sources[ireland]));
        let (payment, _) = Inputs::from_query("region=eu-west-1&usage=payment", &rules.region_codes());
        assert!(Arc::ptr_eq(&used(&rules, &payment), &rules.region_sources[ireland]));
        let (entered, _) = Inputs::from_query("region=eu-west-1&hsm_hourly=2", &rules.region_codes());
        let own = used(&rules, &entered);
        assert!(!Arc::ptr_eq(&own, &rules.general_sources[ireland]));
        assert_eq!((own[0].value, rules.general_sources[ireland][0].value), (2.0, 1.46));
    }

    /// AWS Payment Cryptography's prices, quotas and Regions are the figures of payment keys only.
    #[test]
    fn payment_figures_are_listed_for_payment_keys_only() {
        let payment_ids = |query: &str| -> Vec<String> {
            figures(query).iter().filter(|f| f.figure.contains("payment")).map(|f| f.figure.clone()).collect()
        };
        assert_eq!(payment_ids("region=eu-west-1"), Vec::<String>::new());
        assert_eq!(
            payment_ids("region=eu-west-1&usage=payment"),
            [
                "payment_key_month_usd",
                "payment_requests_usd_per_10k",
                "payment_cryptography_keys_per_region",
                "payment_requests_quota",
                "payment_cryptography_offered"
            ]
        );
        // A Region the rules do not list as offering it has no such figure.
        assert!(!payment_ids("region=eu-north-1&usage=payment").contains(&"payment_cryptography_offered".to_string()));
    }

    #[test]
    fn figures_entered_in_the_link_say_so_and_have_no_date() {
        let figures = figures("hsm_hourly=2.1&kms_quota=55000");
        let hourly = find(&figures, "cloudhsm_hourly_usd");
        assert_eq!((hourly.value, hourly.as_of, hourly.note.as_ref()), (2.1, None, None));
        assert_eq!(hourly.source, "entered in the link (`hsm_hourly`)");
        assert_eq!(find(&figures, "kms_symmetric_quota").source, "entered in the link (`kms_quota`)");
    }
}
