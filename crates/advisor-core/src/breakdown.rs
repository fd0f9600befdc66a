//! Each option's first-month bill in words, line by line: what is counted, at what price, and
//! what it adds up to. The page, the decision record and the CSV all explain costs with it.

use super::advice::Advice;
use super::costs::{Item, KeyOption, LineItem, RequestKind};
use super::format;
use super::ruleset::RuleSet;

/// One line of an option's bill, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedLine {
    pub item: Item,
    /// What the line is for, e.g. "Keys".
    pub label: String,
    /// How it is counted and priced, e.g. "10 keys at $1.00 a key-month".
    pub detail: String,
    /// USD in the first month, to the cent.
    pub usd: f64,
}

/// `option`'s first-month bill in `advice`, explained with the words and prices of `rules`.
pub fn explained(rules: &RuleSet, advice: &Advice, option: KeyOption) -> Vec<ExplainedLine> {
    advice
        .costs
        .breakdown
        .get(option)
        .iter()
        .map(|line| {
            let (label, detail) = words(rules, advice, option, line);
            ExplainedLine { item: line.item, label, detail, usd: line.usd }
        })
        .collect()
}

fn words(rules: &RuleSet, advice: &Advice, option: KeyOption, line: &LineItem) -> (String, String) {
    let costs = &advice.costs;
    let prices = &advice.projection.prices;
    let usage = &advice.projection.usage;
    // Beside a cluster, KMS bills only the keys and requests of AWS services.
    let services = option == KeyOption::Cloudhsm && usage.service_share.is_some();
    let services_share = || format::percent(usage.service_share.unwrap_or(0.0));
    // For the lines of HSMs only.
    let hours = || format!("{} hour{}", costs.hsm_hours, if costs.hsm_hours == 1.0 { "" } else { "s" });
    let hourly = || format::usd(costs.hsm_hourly_usd);
    let request = |kind: RequestKind| {
        let label = rules.prices.requests.get(kind.index()).map_or(kind.parameter(), |p| p.label.as_str());
        let price = format!("{} per 10,000", format::usd(line.unit_usd));
        let count = format::count(line.quantity * 10_000.0);
        let detail = match kind {
            RequestKind::Symmetric if services => format!(
                "{count} requests AWS services make ({} of the month's) above the {} free, at {price}",
                services_share(),
                format::count(prices.free_requests)
            ),
            RequestKind::Symmetric if line.quantity > 0.0 => {
                format!("{count} requests above the {} free, at {price}", format::count(prices.free_requests))
            }
            RequestKind::Symmetric => {
                format!("every request within the {} free a month", format::count(prices.free_requests))
            }
            _ => format!("{count} requests at {price}, none of them free"),
        };
        (label.to_string(), detail)
    };
    match line.item {
        Item::Keys if services => (
            "KMS keys of AWS services".into(),
            format!(
                "{} ({} of {}, rounded up) at {} a key-month",
                plural(line.quantity as u64, "key"),
                services_share(),
                format::count(usage.keys as f64),
                format::usd(line.unit_usd)
            ),
        ),
        Item::Keys => {
            ("Keys".into(), format!("{} at {} a key-month", plural(usage.keys, "key"), format::usd(line.unit_usd)))
        }
        Item::KeptKeys => {
            let by_hand = usage.rotated_by_hand(option);
            let period = advice.inputs.rotation_days().unwrap_or(0);
            let why = match option {
                KeyOption::Kms => "signing and HMAC keys, which KMS cannot rotate,",
                KeyOption::KmsImported if usage.multi_region => "multi-Region keys with imported key material",
                KeyOption::KmsImported => "signing and HMAC keys, and keys past their on-demand rotations,",
                _ => "keys in a custom key store, which KMS cannot rotate,",
            };
            let detail = format!(
                "{} now at {} a key-month: {why} are rotated by hand every {period} days, and each old key stays \
                 enabled to decrypt or verify what it protected ({} rotated by hand; no cap)",
                plural(line.quantity as u64, "kept key"),
                format::usd(line.unit_usd),
                plural(by_hand, "key"),
            );
            ("Keys kept after rotation".into(), detail)
        }
        Item::Rotation => {
            let keys = usage.rotated_by_kms(option);
            let steps = advice.inputs.rotation_days().map(|days| prices.rotation_steps(days)).unwrap_or_default();
            let from: Vec<String> = steps
                .iter()
                .enumerate()
                .map(|(index, month)| {
                    let unit = if index == 0 { " a key-month" } else { "" };
                    format!("+{}{unit} from month {month}", format::usd(line.unit_usd * (index + 1) as f64))
                })
                .collect();
            let now = if line.quantity > 0.0 { "" } else { "none yet in the first month; " };
            ("Rotation".into(), format!("{}: {now}{}", plural(keys, "key"), from.join(", ")))
        }
        Item::SymmetricRequests => request(RequestKind::Symmetric),
        Item::Rsa2048Requests => request(RequestKind::Rsa2048),
        Item::AsymmetricRequests => request(RequestKind::Asymmetric),
        Item::EccKeypairRequests => request(RequestKind::EccKeypair),
        Item::RsaKeypairRequests => request(RequestKind::RsaKeypair),
        Item::PaymentRequests if line.quantity == 0.0 => {
            ("Requests".into(), "no payment requests entered: enter them to price the calls".into())
        }
        Item::PaymentRequests => request(RequestKind::Payment),
        Item::PaymentKeys => (
            "Payment keys".into(),
            format!("{} at {} an active key-month", plural(usage.keys, "key"), format::usd(line.unit_usd)),
        ),
        Item::HsmHours => {
            let entered = advice.inputs.hsms();
            let clusters = usage.clusters_for_keys(1);
            let why = if clusters > 1 && costs.hsms_priced == clusters * entered {
                format!(" (the keys fill {clusters} clusters of {entered})")
            } else if costs.hsms_priced > entered {
                format!(" (the peak needs {}; you entered {entered})", costs.hsms_priced)
            } else {
                String::new()
            };
            let hsms = plural(u64::from(costs.hsms_priced), "HSM");
            ("CloudHSM cluster".into(), format!("{hsms} × {} at {} an HSM-hour{why}", hours(), hourly()))
        }
        Item::KeyStores => {
            let stores = plural(u64::from(costs.key_stores_priced), "key store");
            let hsms = advice.inputs.hsms().max(prices.key_store_min_hsms);
            let detail =
                format!("{stores}, each on a cluster of {hsms} HSMs × {} at {} an HSM-hour", hours(), hourly());
            ("CloudHSM key stores".into(), detail)
        }
        Item::ExternalKeyManager => {
            let detail = if line.unit_usd > 0.0 {
                "as you entered it".to_string()
            } else {
                "not included: enter what it costs a month".to_string()
            };
            ("Your key manager and XKS proxy".into(), detail)
        }
    }
}

/// "1 key", "3 keys".
fn plural(count: u64, noun: &str) -> String {
    format!("{} {noun}{}", format::count(count as f64), if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::shipped;
    use crate::{Inputs, evaluate};

    fn lines(query: &str, option: KeyOption) -> Vec<(String, String, f64)> {
        let rules = shipped();
        let (inputs, errors) = Inputs::from_query(query, &rules.region_codes());
        assert!(errors.is_empty(), "{errors:?}");
        let advice = evaluate(&rules, &inputs);
        explained(&rules, &advice, option).into_iter().map(|l| (l.label, l.detail, l.usd)).collect()
    }

    #[test]
    fn every_line_says_how_it_is_counted() {
        let kms = lines("keys=1&requests=1000000&rotation=365&rsa_keypair_requests=10000", KeyOption::Kms);
        assert_eq!(
            kms,
            [
                ("Keys".into(), "1 key at $1.00 a key-month".into(), 1.0),
                (
                    "Rotation".into(),
                    "1 key: none yet in the first month; +$1.00 a key-month from month 13, +$2.00 from month 25".into(),
                    0.0
                ),
                (
                    "Symmetric requests (encrypt, decrypt, data keys, HMAC)".into(),
                    "980,000 requests above the 20,000 free, at $0.03 per 10,000".into(),
                    2.94
                ),
                (
                    "RSA GenerateDataKeyPair requests".into(),
                    "10,000 requests at $12.00 per 10,000, none of them free".into(),
                    12.0
                ),
            ]
        );
        let cloudhsm = lines("peak_ops=3500&hsms=2", KeyOption::Cloudhsm);
        assert_eq!(cloudhsm[0].1, "4 HSMs × 730 hours at $1.46 an HSM-hour (the peak needs 4; you entered 2)");
        let stores = lines("peak_ops=5000&hsm_hours=220", KeyOption::CustomKeyStore);
        assert_eq!(stores[0].1, "3 key stores, each on a cluster of 2 HSMs × 220 hours at $1.46 an HSM-hour");
        let external = lines("requests=0", KeyOption::ExternalKeyStore);
        assert_eq!(external[1].1, "every request within the 20,000 free a month");
        assert_eq!(external[2].1, "not included: enter what it costs a month");
    }
}
