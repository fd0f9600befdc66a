//! `compliance.toml`: the FIPS 140 validations of the HSMs behind KMS and CloudHSM.

use crate::diagnostics::Code;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::SourceFile;
use super::reader::{Check, Reader};
use crate::diagnostics::Diagnostic;

/// A FIPS 140 validation of the HSMs behind a service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    pub module: String,
    /// e.g. "FIPS 140-3".
    pub standard: String,
    /// The security level, 1 to 4.
    pub level: u8,
    /// The NIST CMVP certificate, e.g. "#4884".
    pub certificate: String,
    pub hardware: String,
    pub source: String,
    pub as_of: NaiveDate,
}

impl Validation {
    /// e.g. "FIPS 140-3 Level 3".
    pub fn standard_and_level(&self) -> String {
        format!("{} Level {}", self.standard, self.level)
    }

    /// NIST's record of the certificate: the CMVP's page for its number, the address AWS's own
    /// documentation links for KMS's HSMs (the KMS developer guide's "AWS KMS internal
    /// operations").
    pub fn record(&self) -> String {
        let number: String = self.certificate.chars().filter(char::is_ascii_digit).collect();
        format!("https://csrc.nist.gov/projects/cryptographic-module-validation-program/certificate/{number}")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Compliance {
    pub kms: Validation,
    pub cloudhsm: Validation,
    /// The HSM type CloudHSM offered before the current one.
    pub cloudhsm_previous: Validation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawValidation {
    module: String,
    standard: String,
    level: Spanned<u8>,
    certificate: String,
    hardware: String,
    source: Spanned<String>,
    as_of: Spanned<String>,
}

pub(super) fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Compliance> {
    let mut reader = Reader::parse(file, diagnostics)?;
    let kms: Option<RawValidation> = reader.required("kms");
    let cloudhsm: Option<RawValidation> = reader.required("cloudhsm");
    let previous: Option<RawValidation> = reader.required("cloudhsm-previous");
    let mut check = reader.finish();
    let kms = validation(&mut check, kms?);
    let cloudhsm = validation(&mut check, cloudhsm?);
    let previous = validation(&mut check, previous?);
    Some(Compliance { kms: kms?, cloudhsm: cloudhsm?, cloudhsm_previous: previous? })
}

fn validation(check: &mut Check, raw: RawValidation) -> Option<Validation> {
    let level = *raw.level.get_ref();
    if !(1..=4).contains(&level) {
        let message = format!("`level`: expected a FIPS 140 security level from 1 to 4, found {level}");
        check.error(raw.level.span().start, Code::OutOfRange, message);
    }
    let source = check.source(raw.source);
    Some(Validation {
        as_of: check.date(&raw.as_of)?,
        module: raw.module,
        standard: raw.standard,
        level,
        certificate: raw.certificate,
        hardware: raw.hardware,
        source,
    })
}
