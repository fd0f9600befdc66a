//! A Terraform plan or state, as `terraform show -json` writes it, read for the resources that
//! hold keys: KMS keys and their replicas (with imported key material or not), custom key stores,
//! CloudHSM clusters and HSMs. Each AWS Region the resources are in becomes one state of the
//! advisor: the workload figures the plan sets, and what the plan says that looks like a
//! requirement (imported key material, a key store), which a reader confirms.

use serde::Deserialize;
use serde_json::Value;

use super::{Finding, ImportError, Reading, RegionReading};

/// The parts of `terraform show -json`'s output that are read; everything else is skipped
/// unread (Terraform's format promises only additions within a major version).
#[derive(Deserialize)]
struct Document {
    format_version: String,
    /// A plan's resources after it is applied.
    planned_values: Option<Values>,
    /// A state's resources.
    values: Option<Values>,
    #[serde(default)]
    resource_changes: Vec<ResourceChange>,
    configuration: Option<Configuration>,
}

#[derive(Deserialize)]
struct Values {
    root_module: Module,
}

#[derive(Deserialize)]
struct Module {
    #[serde(default)]
    resources: Vec<Resource>,
    #[serde(default)]
    child_modules: Vec<Module>,
}

#[derive(Deserialize)]
struct Resource {
    address: String,
    #[serde(default)]
    mode: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    values: Attributes,
}

/// The attributes of the resource types read; absent ones (or those known only after apply) are
/// `None`.
#[derive(Deserialize, Default)]
struct Attributes {
    region: Option<String>,
    arn: Option<String>,
    key_usage: Option<String>,
    customer_master_key_spec: Option<String>,
    key_spec: Option<String>,
    enable_key_rotation: Option<bool>,
    rotation_period_in_days: Option<u64>,
    multi_region: Option<bool>,
    custom_key_store_id: Option<String>,
    custom_key_store_type: Option<String>,
    hsm_type: Option<String>,
}

#[derive(Deserialize)]
struct ResourceChange {
    address: String,
    change: Change,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    actions: Vec<String>,
}

#[derive(Deserialize)]
struct Configuration {
    #[serde(default)]
    provider_config: serde_json::Map<String, Value>,
}

/// The Terraform JSON output format's major version this reads.
const FORMAT_MAJOR: &str = "1";

/// A resource of a type that holds or serves keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Key,
    ReplicaKey,
    ExternalKey,
    ReplicaExternalKey,
    KeyStore,
    Cluster,
    Hsm,
}

impl Kind {
    fn of(resource_type: &str) -> Option<Kind> {
        Some(match resource_type {
            "aws_kms_key" => Kind::Key,
            "aws_kms_replica_key" => Kind::ReplicaKey,
            "aws_kms_external_key" => Kind::ExternalKey,
            "aws_kms_replica_external_key" => Kind::ReplicaExternalKey,
            "aws_kms_custom_key_store" => Kind::KeyStore,
            "aws_cloudhsm_v2_cluster" => Kind::Cluster,
            "aws_cloudhsm_v2_hsm" => Kind::Hsm,
            _ => return None,
        })
    }
}

/// Reads `text`, the output of `terraform show -json` for a plan or a state.
///
/// # Errors
/// [`ImportError`] naming where: JSON that does not parse (line and column), a document of
/// another kind or format version (its JSON pointer), no resource that holds keys, or a resource
/// whose Region neither its `region`, the provider's configuration nor its ARN gives.
pub fn read_plan(text: &str) -> Result<Reading, ImportError> {
    let document: Document = serde_json::from_str(text).map_err(|error| ImportError::Syntax {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    if document.format_version.split('.').next() != Some(FORMAT_MAJOR) {
        return Err(ImportError::At {
            pointer: "/format_version".into(),
            message: format!(
                "expected Terraform's JSON output format {FORMAT_MAJOR}.x, found \"{}\"",
                document.format_version
            ),
        });
    }
    let Some(values) = document.planned_values.or(document.values) else {
        return Err(ImportError::At {
            pointer: String::new(),
            message: "expected `planned_values` (a plan) or `values` (a state), as `terraform show -json` writes \
                      them"
                .into(),
        });
    };
    let deleted: Vec<&str> = document
        .resource_changes
        .iter()
        .filter(|change| change.change.actions.iter().any(|action| action == "delete"))
        .map(|change| change.address.as_str())
        .collect();
    let default_region = document
        .configuration
        .as_ref()
        .and_then(|configuration| configuration.provider_config.get("aws"))
        .and_then(|aws| aws.pointer("/expressions/region/constant_value"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut resources = Vec::new();
    collect(&values.root_module, "/root_module", &mut resources);
    let mut regions: Vec<RegionReading> = Vec::new();
    let mut skipped = 0;
    for (pointer, resource) in resources {
        let kind = Kind::of(&resource.kind).filter(|_| resource.mode != "data");
        let Some(kind) = kind else {
            skipped += 1;
            continue;
        };
        let attributes = &resource.values;
        let region = attributes
            .region
            .clone()
            .or_else(|| attributes.arn.as_deref().and_then(region_of_arn))
            .or_else(|| default_region.clone())
            .ok_or_else(|| ImportError::At {
                pointer: pointer.clone(),
                message: format!(
                    "{}: no Region in its `region`, the provider's configuration or its ARN",
                    resource.address
                ),
            })?;
        let index = match regions.iter().position(|reading| reading.region == region) {
            Some(index) => index,
            None => {
                regions.push(RegionReading::new(region));
                regions.len() - 1
            }
        };
        regions[index].add(kind, &resource.address, attributes);
    }
    if regions.is_empty() {
        return Err(ImportError::At {
            pointer: "/planned_values/root_module".into(),
            message: "no KMS key, custom key store or CloudHSM resource: nothing to advise on".into(),
        });
    }
    regions.sort_by(|a, b| a.region.cmp(&b.region));
    Ok(Reading { regions, deleted: deleted.into_iter().map(String::from).collect(), skipped })
}

/// Every resource of `module` and its child modules, with its JSON pointer.
fn collect<'m>(module: &'m Module, at: &str, out: &mut Vec<(String, &'m Resource)>) {
    for (index, resource) in module.resources.iter().enumerate() {
        out.push((format!("{at}/resources/{index}"), resource));
    }
    for (index, child) in module.child_modules.iter().enumerate() {
        collect(child, &format!("{at}/child_modules/{index}"), out);
    }
}

/// The Region of an ARN: `arn:aws:kms:eu-west-1:111122223333:key/…` gives `eu-west-1`.
fn region_of_arn(arn: &str) -> Option<String> {
    let region = arn.split(':').nth(3)?;
    (!region.is_empty()).then(|| region.to_string())
}

impl RegionReading {
    /// What one resource of `kind` adds to the Region's state.
    fn add(&mut self, kind: Kind, address: &str, attributes: &Attributes) {
        match kind {
            Kind::Key | Kind::ExternalKey | Kind::ReplicaKey | Kind::ReplicaExternalKey => {
                self.keys += 1;
                let usage = attributes.key_usage.as_deref().unwrap_or("ENCRYPT_DECRYPT");
                let spec = attributes
                    .customer_master_key_spec
                    .as_deref()
                    .or(attributes.key_spec.as_deref())
                    .unwrap_or("SYMMETRIC_DEFAULT");
                let what = match usage {
                    "SIGN_VERIFY" => {
                        self.signing_keys += 1;
                        "a signing key"
                    }
                    "GENERATE_VERIFY_MAC" => {
                        self.hmac_keys += 1;
                        "an HMAC key"
                    }
                    _ => {
                        self.encrypting_keys += 1;
                        "an encryption key"
                    }
                };
                let mut line = format!("{address}: {what} ({usage}, {spec})");
                if matches!(kind, Kind::ReplicaKey | Kind::ReplicaExternalKey) || attributes.multi_region == Some(true)
                {
                    self.multi_region = true;
                    line.push_str(", multi-Region");
                }
                if attributes.enable_key_rotation == Some(true) {
                    // AWS's default period when none is given.
                    let days = attributes.rotation_period_in_days.unwrap_or(365);
                    self.rotation = Some(self.rotation.map_or(days, |shortest| shortest.min(days)));
                    line.push_str(&format!(", rotated every {days} days"));
                }
                if matches!(kind, Kind::ExternalKey | Kind::ReplicaExternalKey) {
                    line.push_str(", imported key material");
                    self.found(Finding::new("imported key material", address, "custody", "imported"));
                }
                if attributes.custom_key_store_id.as_deref().is_some_and(|id| !id.is_empty()) {
                    line.push_str(", in a custom key store");
                }
                self.read.push(line);
            }
            Kind::KeyStore => {
                let external = attributes.custom_key_store_type.as_deref() == Some("EXTERNAL_KEY_STORE");
                let (what, custody) =
                    if external { ("an external key store", "external") } else { ("a CloudHSM key store", "hsm") };
                self.read.push(format!("{address}: {what}"));
                self.found(Finding::new(what, address, "custody", custody));
            }
            Kind::Cluster => {
                let hsm_type = attributes.hsm_type.as_deref().unwrap_or("hsm2m.medium");
                self.read.push(format!("{address}: a CloudHSM cluster of {hsm_type} HSMs"));
            }
            Kind::Hsm => {
                self.hsms += 1;
                self.read.push(format!("{address}: an HSM"));
            }
        }
    }

    fn found(&mut self, finding: Finding) {
        if !self.findings.iter().any(|known| known.parameter == finding.parameter && known.value == finding.value) {
            self.findings.push(finding);
        }
    }
}
