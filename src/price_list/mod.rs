//! `kms-hsm-advisor prices import`: AWS's price list files for CloudHSM and KMS turned into the
//! rules' prices, per Region. Text in, text out: the binary reads the files and replaces
//! `regions.toml` only when [`import`] succeeds, so an invalid import writes nothing.

mod figures;
mod offer;
mod write;

use advisor_core::diagnostics::Code;
use std::collections::BTreeMap;

use advisor_core::ruleset::FILES;
use advisor_core::{Diagnostic, RuleSet, SourceFile, format};

use figures::OfferPrices;
use offer::read;

/// What is wrong with an import; every variant names the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// Not JSON or CSV of a price list file: `place` is the line (and column).
    #[error("{file}: {place}: {message}")]
    Malformed { file: String, place: String, message: String },
    /// A price that cannot be imported: `place` names its record (SKU, term and rate code in
    /// JSON; line, SKU and rate code in CSV).
    #[error("{file}: {place}: {message}")]
    Record { file: String, place: String, message: String },
    /// The file as a whole: another offer, a version or publication date out of shape, a second
    /// file of the same offer, nothing to import.
    #[error("{file}: {message}")]
    Offer { file: String, message: String },
    /// The rules directory is invalid as it stands: nothing is imported into it.
    #[error("{0} (the rules are invalid before the import; `kms-hsm-advisor check` shows every problem)")]
    InvalidRules(Diagnostic),
    /// The rules the import would write do not validate.
    #[error("the rules would be invalid after the import: {0}")]
    InvalidResult(Diagnostic),
}

/// One price list file as read from disk.
#[derive(Debug, Clone)]
pub struct OfferFile {
    pub path: String,
    pub text: String,
}

/// A successful import: the new `regions.toml`, the rules it makes, and what it did in words.
#[derive(Debug)]
pub struct Imported {
    pub regions_toml: String,
    pub rules: RuleSet,
    /// One line per offer and per added Region, then notes on prices of other versions.
    pub summary: Vec<String>,
}

/// The rules files `rules` with the prices of `offers` written into `regions.toml`, validated
/// as a whole. Every problem of every file is returned; nothing is partial.
pub fn import(offers: &[OfferFile], rules: &[SourceFile]) -> Result<Imported, Vec<ImportError>> {
    let current =
        RuleSet::from_sources(rules).map_err(|d| d.into_iter().map(ImportError::InvalidRules).collect::<Vec<_>>())?;
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for file in offers {
        match read(&file.path, &file.text) {
            Ok(offer) => parsed.push((file, offer)),
            Err(error) => errors.push(error),
        }
    }
    // A price without a Region code is placed by its location's name: the rules' names, and
    // those every file of this import gives with a code, so the order of the files is moot.
    let mut names: BTreeMap<String, String> =
        current.regions.iter().map(|region| (region.name.clone(), region.code.clone())).collect();
    for (_, offer) in &parsed {
        for price in offer.prices.iter().filter(|price| !price.region_code.is_empty() && !price.location.is_empty()) {
            names.entry(price.location.clone()).or_insert_with(|| price.region_code.clone());
        }
    }
    let mut read_offers: Vec<OfferPrices> = Vec::new();
    for (file, offer) in parsed {
        match figures::figures(&file.path, offer, &names) {
            Ok(prices) => {
                if let Some(earlier) = read_offers.iter().find(|earlier| earlier.service == prices.service) {
                    let message = format!(
                        "a second file of offer {} (the first is {}): import one version of each offer at a time",
                        prices.service.offer_code(),
                        earlier.file
                    );
                    errors.push(ImportError::Offer { file: file.path.clone(), message });
                } else {
                    read_offers.push(prices);
                }
            }
            Err(found) => errors.extend(found),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The same files in any order write the same file.
    read_offers.sort_by_key(|offer| offer.service);
    let regions_file = rules.iter().find(|file| file.is("regions.toml"));
    let Some(regions_file) = regions_file else {
        let missing =
            Diagnostic::of_file("regions.toml", Code::MissingFile, "missing file: every rules directory needs it");
        return Err(vec![ImportError::InvalidRules(missing)]);
    };
    let written =
        write::regions(&regions_file.text, &read_offers, &current.limits.kms_symmetric_quota).map_err(|message| {
            vec![ImportError::InvalidRules(Diagnostic::of_file(&regions_file.path, Code::InvalidToml, message))]
        })?;
    let regions_toml = written.text;
    let updated: Vec<SourceFile> = rules
        .iter()
        .filter(|file| FILES.iter().any(|name| file.is(name)))
        .map(|file| {
            let text = if file.path == regions_file.path { regions_toml.clone() } else { file.text.clone() };
            SourceFile { path: file.path.clone(), text }
        })
        .collect();
    let rules = RuleSet::from_sources(&updated)
        .map_err(|d| d.into_iter().map(ImportError::InvalidResult).collect::<Vec<_>>())?;
    let mut summary: Vec<String> = read_offers.iter().map(|offer| described(offer, &current)).collect();
    summary.extend(
        written
            .added
            .iter()
            .map(|(code, name)| format!("added Region {code} ({name}), with the default KMS quota of quotas.toml")),
    );
    summary.extend(written.kept.iter().map(|(offer, codes)| {
        format!(
            "note: Regions keeping {offer} prices of another version, which the file does not price: {}",
            codes.join(", ")
        )
    }));
    summary.extend(written.newer_replaced.iter().map(|(offer, codes)| {
        format!("note: Regions whose {offer} prices were newer than the file's, now replaced: {}", codes.join(", "))
    }));
    summary.push(not_imported(&rules));
    Ok(Imported { regions_toml, rules, summary })
}

/// "CloudHSM version 20260401183512 (published 2026-04-01T18:35:12Z): 3 Regions priced; 1
/// price skipped (not an AWS Region, or a location the rules do not know)".
fn described(offer: &OfferPrices, rules: &RuleSet) -> String {
    let mut text = format!(
        "{} version {} (published {}) from {}: {} Region(s) priced",
        offer.service.offer_code(),
        offer.version,
        offer.published,
        offer.file,
        offer.regions.len()
    );
    if offer.skipped > 0 {
        text.push_str(&format!(
            "; {} price(s) skipped (not an AWS Region, or a location without a Region code that the rules do not know)",
            offer.skipped
        ));
    }
    if let Some(free) = offer.free_requests {
        let rules_free = rules.prices.kms_free_requests.value;
        text.push_str(&if free == rules_free {
            format!("; free tier {} symmetric requests a month, as prices.toml has it", format::count(free))
        } else {
            format!(
                "; the file's free tier is {} symmetric requests a month, prices.toml has {}: check \
                 free-requests-per-month",
                format::count(free),
                format::count(rules_free)
            )
        });
    }
    text
}

/// What an import leaves as `prices.toml` has it: AWS Payment Cryptography, for which AWS's price
/// list publishes no offer.
fn not_imported(rules: &RuleSet) -> String {
    let key = &rules.prices.payment_key_month_usd;
    let payment = advisor_core::costs::RequestKind::Payment;
    let request = &rules.prices.requests[payment.index()].usd_per_10k;
    format!(
        "note: AWS's price list has no offer for AWS Payment Cryptography; prices.toml keeps {} a key-month and {} \
         per 10,000 requests (as of {}): check them against {}",
        format::price(key.value),
        format::price(request.value),
        key.as_of.min(request.as_of),
        key.url().unwrap_or(&key.source)
    )
}
