//! AWS's usage types for what the advisor prices: the names a price list offer and a bill give
//! the same usage (`USE1-KMS-Requests`, `EUW1-CloudHSMv2Usage-hsm2m.m`). `prices import` reads
//! prices by them, and the bill reader reads usage by them.

use crate::costs::RequestKind;

/// A service whose usage types are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Service {
    CloudHsm,
    Kms,
}

impl Service {
    /// The offer code of its price list files.
    pub fn offer_code(self) -> &'static str {
        match self {
            Service::CloudHsm => "CloudHSM",
            Service::Kms => "awskms",
        }
    }
}

/// What one usage type measures and prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priced {
    /// HSM-hours of hsm2m.medium, the current type.
    Hsm2m,
    /// HSM-hours of hsm1.medium, the previous type.
    Hsm1,
    /// KMS key-months (each key version that AWS keeps is billed).
    KeyMonth,
    /// Requests of a kind (price lists price one request).
    Requests(RequestKind),
}

impl Priced {
    /// The CloudHSM HSM type it measures, if any.
    pub fn hsm_type(self) -> Option<&'static str> {
        match self {
            Priced::Hsm2m => Some("hsm2m.medium"),
            Priced::Hsm1 => Some("hsm1.medium"),
            Priced::KeyMonth | Priced::Requests(_) => None,
        }
    }
}

/// Each usage type's ending, and what it prices. Longer endings come first where one ends
/// another (`…Usage-hsm2m.m` before `…Usage`) only for readability: a match is on a whole
/// hyphen-separated ending.
const USAGE_TYPES: [(Service, &str, Priced); 8] = [
    (Service::CloudHsm, "CloudHSMv2Usage-hsm2m.m", Priced::Hsm2m),
    (Service::CloudHsm, "CloudHSMv2Usage", Priced::Hsm1),
    (Service::Kms, "KMS-Keys", Priced::KeyMonth),
    (Service::Kms, "KMS-Requests", Priced::Requests(RequestKind::Symmetric)),
    (Service::Kms, "KMS-Requests-Asymmetric-RSA_2048", Priced::Requests(RequestKind::Rsa2048)),
    (Service::Kms, "KMS-Requests-Asymmetric", Priced::Requests(RequestKind::Asymmetric)),
    (Service::Kms, "KMS-Requests-GenerateDatakeyPair-ECC", Priced::Requests(RequestKind::EccKeypair)),
    (Service::Kms, "KMS-Requests-GenerateDatakeyPair-RSA", Priced::Requests(RequestKind::RsaKeypair)),
];

/// The usage-type endings read for `service`.
pub fn endings(service: Service) -> Vec<&'static str> {
    USAGE_TYPES.iter().filter(|(of, _, _)| *of == service).map(|(_, ending, _)| *ending).collect()
}

/// What `usage_type` measures in `service`'s usage, if anything the advisor reads. Matched
/// whole or by a whole hyphen-separated ending, in any case: the Region prefix (`USE1-`) varies
/// and us-east-1 may have none.
pub fn priced(service: Service, usage_type: &str) -> Option<Priced> {
    of_any(usage_type).filter(|&(of, _)| of == service).map(|(_, priced)| priced)
}

/// The service and measure of `usage_type`, whichever service's it is.
pub fn of_any(usage_type: &str) -> Option<(Service, Priced)> {
    let usage_type = usage_type.to_ascii_lowercase();
    USAGE_TYPES.iter().find_map(|&(service, ending, priced)| {
        let ending = ending.to_ascii_lowercase();
        let matches = usage_type == ending || usage_type.ends_with(&format!("-{ending}"));
        matches.then_some((service, priced))
    })
}
