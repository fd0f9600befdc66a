//! From an offer's prices to the figures the rules hold, per Region: the hourly price of each
//! CloudHSM HSM type, and KMS's key-month and request prices by kind. Usage types are matched
//! by their endings (the Region prefix such as `USE1-` varies, and us-east-1 may have none);
//! the free tier (a zero price up to 20,000 requests) is recognized, not taken as the price.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate};

use super::ImportError;
use super::offer::{Format, Offer, PriceRecord};
use advisor_core::costs::RequestKind;
pub use advisor_core::import::usage_type::{Priced, Service, endings, priced};
use advisor_core::ruleset::{is_region_code, is_region_name};

/// One price as the rules will hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    /// USD an HSM-hour, a key-month, or per 10,000 requests.
    pub value: f64,
    /// The usage type it was read from, e.g. `USE1-KMS-Requests`.
    pub usage_type: String,
    /// USD per the file's unit, as the file writes it, e.g. `0.0000030000` a request.
    pub as_written: String,
    /// Where it is in its file.
    pub place: String,
}

/// The prices one offer gives a Region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionPrices {
    /// The file's location name for the Region, e.g. "Middle East (UAE)".
    pub location: String,
    pub hsm2m: Option<Price>,
    pub hsm1: Option<Price>,
    pub key_month: Option<Price>,
    /// In `RequestKind::ALL`'s order.
    pub requests: [Option<Price>; RequestKind::ALL.len()],
}

impl RegionPrices {
    fn slot(&mut self, priced: Priced) -> &mut Option<Price> {
        match priced {
            Priced::Hsm2m => &mut self.hsm2m,
            Priced::Hsm1 => &mut self.hsm1,
            Priced::KeyMonth => &mut self.key_month,
            Priced::Requests(kind) => &mut self.requests[kind.index()],
        }
    }
}

/// An offer's figures for every Region it prices.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferPrices {
    pub service: Service,
    /// The file it was read from.
    pub file: String,
    pub version: String,
    /// As the file writes it.
    pub published: String,
    /// The publication's day: the figures' as-of date.
    pub as_of: NaiveDate,
    pub format: Format,
    /// By Region code.
    pub regions: BTreeMap<String, RegionPrices>,
    /// The symmetric requests a month the free tier covers, as the file states it.
    pub free_requests: Option<f64>,
    /// Prices of places that are not AWS Regions (Local Zones, …), or of a location without a
    /// Region code that the rules do not know by name: not imported.
    pub skipped: usize,
}

/// The figures of `offer`, read from `file`; `names` gives the Region code of each location
/// name known, to place a price in a file without Region codes. Every problem is returned.
pub fn figures(file: &str, offer: Offer, names: &BTreeMap<String, String>) -> Result<OfferPrices, Vec<ImportError>> {
    let record_error = |place: &str, message: String| ImportError::Record {
        file: file.to_string(),
        place: place.to_string(),
        message,
    };
    let service = [Service::CloudHsm, Service::Kms].into_iter().find(|service| service.offer_code() == offer.code);
    let Some(service) = service else {
        let message = format!(
            "offer `{}`: expected a price list file of offer CloudHSM or awskms (AWS's offer codes for AWS \
             CloudHSM and AWS KMS)",
            offer.code
        );
        return Err(vec![ImportError::Offer { file: file.to_string(), message }]);
    };
    // Both go into every figure's source, and the version into an address: AWS writes them one
    // way only.
    let Ok(published) = DateTime::parse_from_rfc3339(&offer.published) else {
        let message = format!("publication date `{}`: expected one like 2026-04-01T18:35:12Z", offer.published);
        return Err(vec![ImportError::Offer { file: file.to_string(), message }]);
    };
    let as_of = published.date_naive();
    if offer.version.is_empty() || offer.version.len() > 20 || !offer.version.bytes().all(|b| b.is_ascii_digit()) {
        let message =
            format!("version `{}`: expected the digits of a price list version, like 20260401183512", offer.version);
        return Err(vec![ImportError::Offer { file: file.to_string(), message }]);
    }
    let mut errors = Vec::new();
    let mut prices = OfferPrices {
        service,
        file: file.to_string(),
        version: offer.version,
        published: offer.published,
        as_of,
        format: offer.format,
        regions: BTreeMap::new(),
        free_requests: None,
        skipped: 0,
    };
    for record in offer.prices {
        let Some(priced) = priced(service, &record.usage_type) else { continue };
        if !record.location_type.is_empty() && record.location_type != "AWS Region" {
            prices.skipped += 1;
            continue;
        }
        if !is_region_name(&record.location) {
            let message = format!("location {:?}: expected the Region's name, on one line", record.location);
            errors.push(record_error(&record.place, message));
            continue;
        }
        let code = if record.region_code.is_empty() {
            names.get(&record.location).cloned()
        } else {
            Some(record.region_code.clone())
        };
        let Some(code) = code else {
            prices.skipped += 1;
            continue;
        };
        if !is_region_code(&code) {
            errors.push(record_error(&record.place, format!("Region code `{code}`: expected one like eu-west-1")));
            continue;
        }
        match value(priced, &record) {
            Ok(Value::FreeTier(requests)) => {
                if priced == Priced::Requests(RequestKind::Symmetric) {
                    prices.free_requests = Some(requests);
                }
            }
            Ok(Value::Price(value)) => {
                let region = prices.regions.entry(code.clone()).or_default();
                if region.location.is_empty() {
                    region.location = record.location.clone();
                }
                let slot = region.slot(priced);
                match slot {
                    Some(earlier) if earlier.value != value => errors.push(record_error(
                        &record.place,
                        format!(
                            "two prices for usage type {} in {code}: {} here, {} at {}",
                            record.usage_type, record.usd, earlier.as_written, earlier.place
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        *slot = Some(Price {
                            value,
                            usage_type: record.usage_type.clone(),
                            as_written: record.usd.clone(),
                            place: record.place.clone(),
                        })
                    }
                }
            }
            Err(message) => errors.push(record_error(&record.place, message)),
        }
    }
    if errors.is_empty() && prices.regions.is_empty() {
        let endings = endings(service);
        let message = format!(
            "no on-demand USD price of an AWS Region for a usage type ending {}: nothing to import",
            endings.join(", ")
        );
        errors.push(ImportError::Offer { file: file.to_string(), message });
    }
    if errors.is_empty() { Ok(prices) } else { Err(errors) }
}

/// What one price dimension says.
enum Value {
    /// USD in the rules' unit.
    Price(f64),
    /// Free up to this many units a month.
    FreeTier(f64),
}

/// The dimension's price in the rules' unit, or its free tier; the message says what is
/// wrong otherwise.
fn value(priced: Priced, record: &PriceRecord) -> Result<Value, String> {
    let usage = &record.usage_type;
    let usd: f64 = record
        .usd
        .trim()
        .parse()
        .map_err(|_| format!("price `{}` for usage type {usage}: expected a positive number of USD", record.usd))?;
    let end: Option<f64> = record.end_range.trim().parse().ok().filter(|end: &f64| end.is_finite());
    let starts_at_zero = record.begin_range.trim().parse::<f64>().is_ok_and(|begin| begin == 0.0);
    if usd == 0.0
        && starts_at_zero
        && matches!(priced, Priced::Requests(_))
        && let Some(end) = end.filter(|&end| end > 0.0)
    {
        return Ok(Value::FreeTier(end));
    }
    if !(usd.is_finite() && usd > 0.0) {
        return Err(format!("price `{}` for usage type {usage}: expected a positive number of USD", record.usd));
    }
    let unit = record.unit.to_ascii_lowercase();
    let hours = ["hrs", "hr", "hours", "hour"].contains(&unit.as_str());
    let (per_unit, most, unit_words) = match priced {
        Priced::Hsm2m | Priced::Hsm1 if !hours => {
            return Err(format!("unit `{}` for usage type {usage}: expected hours (Hrs)", record.unit));
        }
        Priced::Requests(_) if !unit.starts_with("request") => {
            return Err(format!("unit `{}` for usage type {usage}: expected requests", record.unit));
        }
        Priced::KeyMonth if hours => {
            return Err(format!("unit `{}` for usage type {usage}: expected keys a month, not hours", record.unit));
        }
        Priced::Requests(_) => (usd * 10_000.0, MOST_USD_PER_10K_REQUESTS, "per 10,000 requests"),
        Priced::Hsm2m | Priced::Hsm1 => (usd, MOST_USD_PER_HSM_HOUR, "an HSM-hour"),
        Priced::KeyMonth => (usd, MOST_USD_PER_KEY_MONTH, "a key-month"),
    };
    // Twelve significant digits: the files write ten decimals, and scaling by 10,000 must
    // neither add float noise nor round a small price away.
    let tidy: f64 = format!("{per_unit:.11e}").parse().unwrap_or(per_unit);
    if !(tidy > 0.0 && tidy <= most) {
        return Err(format!(
            "price `{}` for usage type {usage}: expected a plausible price, above USD 0 and at most USD {} {unit_words}",
            record.usd,
            advisor_core::format::count(most)
        ));
    }
    Ok(Value::Price(tidy))
}

/// Upper bounds of a plausible price, in the rules' units: a hundred times or more today's
/// (USD 1.46 to 1.95 an HSM-hour, USD 1 a key-month, USD 12 per 10,000 RSA key pairs). The
/// hourly bound is the `hsm_hourly` parameter's.
const MOST_USD_PER_HSM_HOUR: f64 = 1_000.0;
const MOST_USD_PER_KEY_MONTH: f64 = 1_000.0;
const MOST_USD_PER_10K_REQUESTS: f64 = 10_000.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_types_are_matched_by_their_whole_ending() {
        let cases = [
            (Service::CloudHsm, "USE1-CloudHSMv2Usage-hsm2m.m", Some(Priced::Hsm2m)),
            (Service::CloudHsm, "APS1-CloudHSMv2Usage", Some(Priced::Hsm1)),
            (Service::CloudHsm, "CloudHSMv2Usage", Some(Priced::Hsm1)),
            (Service::CloudHsm, "USE1-CloudHSMUsage", None),
            (Service::Kms, "EUW1-KMS-Requests", Some(Priced::Requests(RequestKind::Symmetric))),
            (Service::Kms, "EUW1-KMS-Requests-Asymmetric", Some(Priced::Requests(RequestKind::Asymmetric))),
            (Service::Kms, "EUW1-KMS-Requests-Asymmetric-RSA_2048", Some(Priced::Requests(RequestKind::Rsa2048))),
            (
                Service::Kms,
                "USE1-KMS-Requests-GenerateDatakeyPair-RSA",
                Some(Priced::Requests(RequestKind::RsaKeypair)),
            ),
            (Service::Kms, "USE1-KMS-Keys", Some(Priced::KeyMonth)),
            (Service::Kms, "USE1-XKS-KMS-Requests-Other", None),
            (Service::Kms, "USE1-CloudHSMv2Usage", None),
        ];
        for (service, usage_type, expected) in cases {
            assert_eq!(priced(service, usage_type), expected, "{usage_type}");
        }
    }

    fn record(usd: &str, begin: &str, end: &str, unit: &str) -> PriceRecord {
        PriceRecord {
            place: "here".into(),
            usage_type: "USE1-KMS-Requests".into(),
            region_code: "us-east-1".into(),
            location: "US East (N. Virginia)".into(),
            location_type: "AWS Region".into(),
            unit: unit.into(),
            begin_range: begin.into(),
            end_range: end.into(),
            usd: usd.into(),
        }
    }

    #[test]
    fn prices_become_the_rules_units_and_the_free_tier_is_recognized() {
        let symmetric = Priced::Requests(RequestKind::Symmetric);
        let price = |r: PriceRecord, priced| match value(priced, &r) {
            Ok(Value::Price(v)) => Ok(v),
            Ok(Value::FreeTier(v)) => Ok(-v),
            Err(message) => Err(message),
        };
        assert_eq!(price(record("0.0000030000", "20000", "Inf", "Requests"), symmetric), Ok(0.03));
        assert_eq!(price(record("0.0012000000", "0", "Inf", "Requests"), symmetric), Ok(12.0));
        assert_eq!(price(record("0.0000000000", "0", "20000", "Requests"), symmetric), Ok(-20000.0));
        assert_eq!(price(record("1.6000000000", "0", "Inf", "Hrs"), Priced::Hsm2m), Ok(1.6));
        let expected = "price `0.0000000000` for usage type USE1-KMS-Requests: expected a positive number of USD";
        assert_eq!(price(record("0.0000000000", "0", "Inf", "Requests"), symmetric), Err(expected.into()));
        assert_eq!(
            price(record("-1", "0", "Inf", "Requests"), symmetric),
            Err("price `-1` for usage type USE1-KMS-Requests: expected a positive number of USD".into())
        );
        assert_eq!(
            price(record("one", "0", "Inf", "Requests"), symmetric),
            Err("price `one` for usage type USE1-KMS-Requests: expected a positive number of USD".into())
        );
        assert_eq!(
            price(record("1.6", "0", "Inf", "Requests"), Priced::Hsm2m),
            Err("unit `Requests` for usage type USE1-KMS-Requests: expected hours (Hrs)".into())
        );
        assert_eq!(
            price(record("1.6", "0", "Inf", "HrsPerMonth"), Priced::Hsm2m),
            Err("unit `HrsPerMonth` for usage type USE1-KMS-Requests: expected hours (Hrs)".into())
        );
        assert_eq!(
            price(record("1.0", "0", "Inf", "Hrs"), Priced::KeyMonth),
            Err("unit `Hrs` for usage type USE1-KMS-Requests: expected keys a month, not hours".into())
        );
        // Tiny and huge prices are refused here, naming the record, not later in regions.toml.
        assert_eq!(price(record("0.00000000001", "0", "Inf", "Requests"), symmetric), Ok(0.0000001));
        assert_eq!(
            price(record("1e299", "0", "Inf", "Hrs"), Priced::Hsm2m),
            Err("price `1e299` for usage type USE1-KMS-Requests: expected a plausible price, above USD 0 and at most \
                 USD 1,000 an HSM-hour"
                .into())
        );
    }
}
