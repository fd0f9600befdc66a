//! Writing imported prices into `regions.toml` with `toml_edit`, so that its comments, layout
//! and everything the import does not set stay as they were.

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::figures::{OfferPrices, Price, RegionPrices, Service};
use advisor_core::costs::RequestKind;
use advisor_core::ruleset::Sourced;

/// Where AWS publishes each version of an offer's price list.
const PRICE_LIST_HOST: &str = "https://pricing.us-east-1.amazonaws.com";

/// What writing an import changed, beyond its figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Written {
    /// The new `regions.toml`.
    pub text: String,
    /// Regions added: `(code, name)`.
    pub added: Vec<(String, String)>,
    /// Per offer code, the Regions that keep prices of another version of the offer, which this
    /// file does not price.
    pub kept: Vec<(&'static str, Vec<String>)>,
    /// Per offer code, the Regions whose prices were newer than this file's.
    pub newer_replaced: Vec<(&'static str, Vec<String>)>,
}

/// The keys of a Region's figures that come from `service`'s offer.
fn keys(service: Service) -> [&'static str; 2] {
    match service {
        Service::CloudHsm => ["cloudhsm-hourly-usd", "cloudhsm-hsm1-hourly-usd"],
        Service::Kms => ["kms-key-month-usd", "kms-request-usd-per-10k"],
    }
}

/// `regions_toml` with every figure of `offers` written in: a Region's figures from one offer
/// all come from the same version, so one the file does not give is removed (its figure of
/// `prices.toml` applies again); a Region the file lacks is added with `default_quota` as its
/// KMS quota. `Err` with the parser's message when `regions_toml` is not TOML of the expected
/// shape.
pub fn regions(regions_toml: &str, offers: &[OfferPrices], default_quota: &Sourced<f64>) -> Result<Written, String> {
    let mut document: DocumentMut = regions_toml.parse().map_err(|error| format!("{error}"))?;
    let array = document
        .get_mut("region")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| "expected an array of `[[region]]` tables".to_string())?;
    let mut written = Written::default();
    for offer in offers {
        let of_offer = |table: &Table| -> Vec<(String, String)> {
            let marker = format!("/aws/{}/", offer.service.offer_code());
            keys(offer.service)
                .into_iter()
                .filter_map(|key| {
                    let figure = table.get(key)?;
                    let source = figure.get("source").and_then(Item::as_str).unwrap_or_default();
                    let as_of = figure.get("as-of").and_then(Item::as_str).unwrap_or_default();
                    source.contains(&marker).then(|| (source.to_string(), as_of.to_string()))
                })
                .collect()
        };
        let (mut kept, mut newer) = (Vec::new(), Vec::new());
        let version = format!("/{}/", offer.version);
        let as_of = offer.as_of.to_string();
        for table in array.iter() {
            let code = table.get("code").and_then(Item::as_str).unwrap_or_default();
            let earlier = of_offer(table);
            if offer.regions.contains_key(code) {
                if earlier.iter().any(|(_, date)| *date > as_of) {
                    newer.push(code.to_string());
                }
            } else if earlier.iter().any(|(source, _)| !source.contains(&version)) {
                kept.push(code.to_string());
            }
        }
        let code = offer.service.offer_code();
        written.kept.extend((!kept.is_empty()).then_some((code, kept)));
        written.newer_replaced.extend((!newer.is_empty()).then_some((code, newer)));
        for (code, prices) in &offer.regions {
            let table = match position(array, code) {
                Some(index) => array.get_mut(index),
                None => {
                    array.push(new_region(code, &prices.location, default_quota));
                    written.added.push((code.clone(), prices.location.clone()));
                    array.get_mut(array.len() - 1)
                }
            };
            if let Some(table) = table {
                set(table, offer, prices);
            }
        }
    }
    written.text = document.to_string();
    Ok(written)
}

fn position(array: &ArrayOfTables, code: &str) -> Option<usize> {
    array.iter().position(|table| table.get("code").and_then(Item::as_str) == Some(code))
}

fn new_region(code: &str, name: &str, quota: &Sourced<f64>) -> Table {
    let mut table = Table::new();
    // A blank line before each `[[region]]`, as the file has them.
    table.decor_mut().set_prefix("\n");
    table.insert("code", toml_edit::value(code));
    table.insert("name", toml_edit::value(name));
    let mut figure = figure(quota.value, &quota.source, &quota.as_of.to_string());
    // A count of requests, written as the file writes the others: a whole number.
    if quota.value.fract() == 0.0 && quota.value.abs() < 1e15 {
        figure["value"] = toml_edit::value(quota.value as i64);
    }
    table.insert("kms-symmetric-quota", figure);
    table
}

/// Sets the figures `offer` has for one Region.
fn set(table: &mut Table, offer: &OfferPrices, prices: &RegionPrices) {
    let as_of = offer.as_of.to_string();
    let single = |price: &Price, what: &str| {
        figure(price.value, &source(offer, &format!("; {what}, usage type {}", price.usage_type)), &as_of)
    };
    match offer.service {
        Service::CloudHsm => {
            let [hourly, hsm1] = keys(Service::CloudHsm);
            for (key, price, what) in [(hourly, &prices.hsm2m, "hsm2m.medium"), (hsm1, &prices.hsm1, "hsm1.medium")] {
                match price {
                    Some(price) => table.insert(key, single(price, what)),
                    None => table.remove(key),
                };
            }
        }
        Service::Kms => {
            let [key_month, request_prices] = keys(Service::Kms);
            match &prices.key_month {
                Some(price) => table.insert(key_month, single(price, "a customer managed key a month")),
                None => table.remove(key_month),
            };
            let mut requests = InlineTable::new();
            for kind in RequestKind::ALL {
                if let Some(price) = &prices.requests[kind.index()] {
                    requests.insert(kind.rules_kind(), Value::from(price.value));
                }
            }
            if requests.is_empty() {
                table.remove(request_prices);
            } else {
                requests.insert("source", Value::from(source(offer, "; per 10,000 requests")));
                requests.insert("as-of", Value::from(as_of.as_str()));
                table.insert(request_prices, Item::Value(Value::InlineTable(requests)));
            }
        }
    }
}

/// `{ value = …, source = "…", as-of = "…" }`, as the rules write a figure.
fn figure(value: f64, source: &str, as_of: &str) -> Item {
    let mut table = InlineTable::new();
    table.insert("value", Value::from(value));
    table.insert("source", Value::from(source));
    table.insert("as-of", Value::from(as_of));
    Item::Value(Value::InlineTable(table))
}

/// The address of the offer's version and what it is: the address first, as every source in
/// the rules starts.
fn source(offer: &OfferPrices, detail: &str) -> String {
    let code = offer.service.offer_code();
    format!(
        "{PRICE_LIST_HOST}/offers/v1.0/aws/{code}/{version}/{index} (AWS price list: offer {code}, version \
         {version}, published {published}{detail})",
        version = offer.version,
        index = offer.format.index_file(),
        published = offer.published,
    )
}
