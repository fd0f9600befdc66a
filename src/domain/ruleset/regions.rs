//! `regions.toml`: the Regions the advisor knows, each with its KMS request quota and its
//! CloudHSM price.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::reader::{RawFigure, Reader};
use super::{SourceFile, Sourced};
use crate::domain::contract::DEFAULT_REGION;
use crate::domain::diagnostics::Diagnostic;

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// e.g. `eu-west-1`.
    pub code: String,
    /// e.g. "Europe (Ireland)".
    pub name: String,
    /// Symmetric KMS requests a second the account may make in the Region by default.
    pub kms_symmetric_quota: Sourced<f64>,
    /// USD an HSM-hour.
    pub cloudhsm_hourly_usd: Sourced<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRegion {
    code: Spanned<String>,
    name: String,
    kms_symmetric_quota: RawFigure<f64>,
    cloudhsm_hourly_usd: RawFigure<f64>,
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<Region>> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let (raw_regions, all_regions): (Vec<Spanned<RawRegion>>, bool) = reader.each("region");
    let mut check = reader.finish();
    let mut codes = HashSet::new();
    let mut regions = Vec::new();
    for raw in raw_regions.into_iter().map(Spanned::into_inner) {
        let code = check.unique(&mut codes, &raw.code, "Region").to_string();
        let well_formed = code.split('-').count() == 3
            && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            let message = format!("`code`: expected a Region code like \"eu-west-1\", found \"{code}\"");
            check.error(raw.code.span().start, "invalid-region-code", message);
        }
        let quota = check.positive(raw.kms_symmetric_quota, "kms-symmetric-quota");
        let price = check.positive(raw.cloudhsm_hourly_usd, "cloudhsm-hourly-usd");
        if let (Some(kms_symmetric_quota), Some(cloudhsm_hourly_usd)) = (quota, price) {
            regions.push(Region { code, name: raw.name, kms_symmetric_quota, cloudhsm_hourly_usd });
        }
    }
    if all_regions && !codes.contains(DEFAULT_REGION) {
        let message = format!("missing Region \"{DEFAULT_REGION}\", the default of the URL contract");
        check.error(0, "missing-region", message);
    }
    Some(regions)
}
