//! A Terraform plan or state, as `terraform show -json` writes it, read for the resources that
//! hold keys: KMS keys and their replicas (with imported key material or not), custom key stores,
//! CloudHSM clusters and HSMs, and AWS Payment Cryptography keys. Each AWS Region the resources
//! are in becomes one state of the advisor (payment keys one of their own): the workload figures
//! the plan sets, and what the plan says that looks like a requirement (imported key material, a
//! key store), which a reader confirms.

use std::io::Read;

use serde::Deserialize;
use serde_json::Value;

use super::{Finding, Format, ImportError, Place, Reading, StateReading};

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
    PaymentKey,
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
            "aws_paymentcryptography_key" => Kind::PaymentKey,
            _ => return None,
        })
    }
}

/// Reads the output of `terraform show -json` for a plan or a state from `reader`, keeping only
/// the attributes read (memory grows with the resources that hold keys, not with the file).
///
/// # Errors
/// [`ImportError`] naming where: JSON that does not parse (line and column), a document of
/// another kind or format version (its JSON pointer), no resource that holds keys, or a resource
/// whose Region neither its `region`, the provider's configuration nor its ARN gives.
pub fn read_plan(reader: impl Read) -> Result<Reading, ImportError> {
    let document: Document = serde_json::from_reader(reader).map_err(|error| {
        let message =
            if error.is_io() { error.to_string() } else { format!("not JSON as Terraform writes it: {error}") };
        // serde_json appends " at line L column C"; the place says it once.
        let message = message.split(" at line ").next().unwrap_or_default().to_string();
        let place = Place::LineColumn { line: error.line() as u64, column: error.column() as u64 };
        ImportError::new(if error.line() == 0 { Place::File } else { place }, message)
    })?;
    if document.format_version.split('.').next() != Some(FORMAT_MAJOR) {
        return Err(ImportError::new(
            Place::Pointer("/format_version".into()),
            format!("expected Terraform's JSON output format {FORMAT_MAJOR}.x, found \"{}\"", document.format_version),
        ));
    }
    let (format, values, root) = match (document.planned_values, document.values) {
        (Some(values), _) => (Format::TerraformPlan, values, "/planned_values/root_module"),
        (None, Some(values)) => (Format::TerraformState, values, "/values/root_module"),
        (None, None) => {
            return Err(ImportError::new(
                Place::Pointer(String::new()),
                "expected `planned_values` (a plan) or `values` (a state), as `terraform show -json` writes them",
            ));
        }
    };
    let deleted: Vec<String> = document
        .resource_changes
        .iter()
        .filter(|change| change.change.actions.iter().any(|action| action == "delete"))
        .map(|change| change.address.clone())
        .collect();
    let default_region = document
        .configuration
        .as_ref()
        .and_then(|configuration| configuration.provider_config.get("aws"))
        .and_then(|aws| aws.pointer("/expressions/region/constant_value"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut resources = Vec::new();
    collect(&values.root_module, root, &mut resources);
    let mut states: Vec<StateReading> = Vec::new();
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
            .ok_or_else(|| {
                ImportError::new(
                    Place::Pointer(pointer.clone()),
                    format!("{}: no Region in its `region`, the provider's configuration or its ARN", resource.address),
                )
            })?;
        let payment = kind == Kind::PaymentKey;
        let index = match states.iter().position(|state| state.region == region && state.payment == payment) {
            Some(index) => index,
            None => {
                let mut state = StateReading::new(region, payment, Place::Pointer(pointer));
                if !payment {
                    // A plan gives every key's type and settings: none of a type is a count of 0.
                    (state.encrypting_keys, state.signing_keys, state.hmac_keys) = (Some(0), Some(0), Some(0));
                    (state.rotation, state.multi_region) = (Some(None), Some(false));
                }
                states.push(state);
                states.len() - 1
            }
        };
        states[index].add(kind, &resource.address, attributes);
    }
    if states.is_empty() {
        return Err(ImportError::new(
            Place::Pointer(root.into()),
            "no KMS key, custom key store, CloudHSM or Payment Cryptography resource: nothing to advise on",
        ));
    }
    states.sort_by(|a, b| (&a.region, a.payment).cmp(&(&b.region, b.payment)));
    Ok(Reading { format, states, period: None, deleted, skipped, notes: Vec::new() })
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

impl StateReading {
    /// What one resource of `kind` adds to the Region's state.
    fn add(&mut self, kind: Kind, address: &str, attributes: &Attributes) {
        let count = |slot: &mut Option<u64>| *slot = Some(slot.unwrap_or(0) + 1);
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
                        count(&mut self.signing_keys);
                        "a signing key"
                    }
                    "GENERATE_VERIFY_MAC" => {
                        count(&mut self.hmac_keys);
                        "an HMAC key"
                    }
                    _ => {
                        count(&mut self.encrypting_keys);
                        "an encryption key"
                    }
                };
                let mut line = format!("{address}: {what} ({usage}, {spec})");
                if matches!(kind, Kind::ReplicaKey | Kind::ReplicaExternalKey) || attributes.multi_region == Some(true)
                {
                    self.multi_region = Some(true);
                    line.push_str(", multi-Region");
                }
                if attributes.enable_key_rotation == Some(true) {
                    // AWS's default period when none is given.
                    let days = attributes.rotation_period_in_days.unwrap_or(365);
                    let shortest = self.rotation.flatten().map_or(days, |shortest| shortest.min(days));
                    self.rotation = Some(Some(shortest));
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
                self.hsms = Some(self.hsms.unwrap_or(0) + 1);
                self.read.push(format!("{address}: an HSM"));
            }
            Kind::PaymentKey => {
                self.keys += 1;
                self.read.push(format!("{address}: an AWS Payment Cryptography key"));
            }
        }
    }
}
