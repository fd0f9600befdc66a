//! Reading one service price list file of AWS's Price List Bulk API, in either format AWS
//! publishes ("Reading the service price list files", AWS Billing user guide): JSON, with
//! `products` by SKU and `terms.OnDemand` by SKU and offer term, each term's `priceDimensions`
//! by rate code; or CSV, five rows of metadata (format version, disclaimer, publication date,
//! version, offer code), a header row, then one row per price dimension with the product's
//! attributes as columns. Both become the same [`Offer`]: its metadata and its on-demand
//! prices, each with the product attributes the import needs.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ImportError;

/// One price list file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The service, e.g. `CloudHSM` or `awskms`.
    pub code: String,
    /// e.g. `20260401183512`.
    pub version: String,
    /// As the file writes it, e.g. `2026-04-01T18:35:12Z`.
    pub published: String,
    pub format: Format,
    /// Every on-demand price dimension, in the order of the file.
    pub prices: Vec<PriceRecord>,
}

/// Which of AWS's two formats a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// The file name AWS publishes a version under in this format.
    pub fn index_file(self) -> &'static str {
        match self {
            Format::Json => "index.json",
            Format::Csv => "index.csv",
        }
    }
}

/// One on-demand price dimension with its product's attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRecord {
    /// Where it is in the file, for messages: `SKU …, rate code …` or `line N (SKU …)`.
    pub place: String,
    /// e.g. `USE1-CloudHSMv2Usage-hsm2m.m`; empty when the product has none.
    pub usage_type: String,
    /// e.g. `us-east-1`; empty in files that predate the attribute.
    pub region_code: String,
    /// e.g. "US East (N. Virginia)".
    pub location: String,
    /// e.g. "AWS Region"; empty when the file does not say.
    pub location_type: String,
    /// e.g. `Hrs`, `Requests`.
    pub unit: String,
    /// The first unit the price applies to; "0" where the file leaves it out.
    pub begin_range: String,
    /// The unit from which it stops applying: a number, or `Inf`.
    pub end_range: String,
    /// USD per unit, as written; empty when the dimension has no USD price.
    pub usd: String,
}

/// Reads `text`, the contents of the file at `file`: JSON when it starts with `{`, CSV
/// otherwise.
pub fn read(file: &str, text: &str) -> Result<Offer, ImportError> {
    // A byte order mark is not part of either format; spreadsheets write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.trim_start().chars().next() {
        None => Err(ImportError::Malformed {
            file: file.to_string(),
            place: "line 1".to_string(),
            message: "the file is empty".to_string(),
        }),
        Some('{') => read_json(file, text),
        Some('[') => Err(ImportError::Malformed {
            file: file.to_string(),
            place: "line 1".to_string(),
            message: "a JSON array: expected a price list file's object (offerCode, version, products, terms)"
                .to_string(),
        }),
        Some(_) => read_csv(file, text),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonOffer {
    offer_code: String,
    version: String,
    publication_date: String,
    #[serde(default)]
    products: BTreeMap<String, JsonProduct>,
    #[serde(default)]
    terms: JsonTerms,
}

#[derive(Deserialize)]
struct JsonProduct {
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

/// Only on-demand terms: reserved ones are not what an HSM-hour or a request costs.
#[derive(Default, Deserialize)]
struct JsonTerms {
    #[serde(rename = "OnDemand", default)]
    on_demand: BTreeMap<String, BTreeMap<String, JsonTerm>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonTerm {
    #[serde(default)]
    price_dimensions: BTreeMap<String, JsonDimension>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonDimension {
    #[serde(default)]
    unit: String,
    // The guide's example names them startingRange and endingRange; the files, beginRange and
    // endRange.
    #[serde(default, alias = "startingRange")]
    begin_range: Option<String>,
    #[serde(default, alias = "endingRange")]
    end_range: Option<String>,
    #[serde(default)]
    price_per_unit: BTreeMap<String, String>,
}

fn read_json(file: &str, text: &str) -> Result<Offer, ImportError> {
    let offer: JsonOffer = serde_json::from_str(text).map_err(|error| ImportError::Malformed {
        file: file.to_string(),
        place: format!("line {}, column {}", error.line(), error.column()),
        message: json_message(&error),
    })?;
    let mut prices = Vec::new();
    for (sku, terms) in &offer.terms.on_demand {
        let Some(product) = offer.products.get(sku) else {
            return Err(ImportError::Malformed {
                file: file.to_string(),
                place: format!("terms.OnDemand.{sku}"),
                message: "a price of a SKU that `products` does not list".to_string(),
            });
        };
        let attribute = |name: &str| attribute(&product.attributes, name);
        for (term, dimensions) in terms {
            for (rate_code, dimension) in &dimensions.price_dimensions {
                prices.push(PriceRecord {
                    place: format!("SKU {sku}, term {term}, rate code {rate_code}"),
                    usage_type: attribute("usagetype"),
                    region_code: attribute("regioncode"),
                    location: attribute("location"),
                    location_type: attribute("locationtype"),
                    unit: dimension.unit.clone(),
                    begin_range: dimension.begin_range.clone().unwrap_or_else(|| "0".to_string()),
                    end_range: dimension.end_range.clone().unwrap_or_else(|| "Inf".to_string()),
                    usd: dimension.price_per_unit.get("USD").cloned().unwrap_or_default(),
                });
            }
        }
    }
    Ok(Offer {
        code: offer.offer_code,
        version: offer.version,
        published: offer.publication_date,
        format: Format::Json,
        prices,
    })
}

/// serde_json's message without its own " at line L column C", which the place already says.
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// An attribute by its name in any case and spacing: the JSON files write `usagetype` and
/// `regionCode`, the CSV headers `usageType` and `Region Code`.
fn attribute(attributes: &BTreeMap<String, String>, name: &str) -> String {
    attributes.iter().find(|(key, _)| normalized(key) == name).map(|(_, value)| value.clone()).unwrap_or_default()
}

/// Lower case, without spaces: how both formats' names of a field compare.
fn normalized(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The metadata rows a CSV file starts with, by normalized name.
const CSV_METADATA_ROWS: usize = 5;

fn read_csv(file: &str, text: &str) -> Result<Offer, ImportError> {
    let malformed = |place: String, message: String| ImportError::Malformed { file: file.to_string(), place, message };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = reader.records();
    let mut metadata = BTreeMap::new();
    for index in 1..=CSV_METADATA_ROWS {
        let row = match rows.next() {
            Some(Ok(row)) => row,
            Some(Err(error)) => return Err(malformed(format!("line {index}"), error.to_string())),
            None => {
                return Err(malformed(format!("line {index}"), "the file ends within its five metadata rows".into()));
            }
        };
        metadata.insert(normalized(row.get(0).unwrap_or_default()), row.get(1).unwrap_or_default().to_string());
    }
    let meta = |name: &str, shown: &str| {
        metadata.get(name).filter(|value| !value.is_empty()).cloned().ok_or_else(|| {
            malformed(
                "lines 1 to 5".into(),
                format!("missing `{shown}` among the metadata rows: not a price list file?"),
            )
        })
    };
    let (code, version, published) =
        (meta("offercode", "OfferCode")?, meta("version", "Version")?, meta("publicationdate", "Publication Date")?);
    let header = match rows.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => return Err(malformed("line 6".into(), error.to_string())),
        None => return Err(malformed("line 6".into(), "the file ends before its header row".into())),
    };
    let columns: Vec<String> = header.iter().map(normalized).collect();
    let column = |name: &str| columns.iter().position(|column| column == name);
    let required = |name: &str, shown: &str| {
        column(name).ok_or_else(|| malformed("line 6".into(), format!("the header row has no `{shown}` column")))
    };
    let [sku, term_type, rate_code, price, currency] = [
        required("sku", "SKU")?,
        required("termtype", "TermType")?,
        required("ratecode", "RateCode")?,
        required("priceperunit", "PricePerUnit")?,
        required("currency", "Currency")?,
    ];
    let optional =
        ["usagetype", "regioncode", "location", "locationtype", "unit", "startingrange", "endingrange"].map(column);
    let mut prices = Vec::new();
    for row in rows {
        let row = row.map_err(|error| {
            let line = error.position().map_or(0, |position| position.line());
            malformed(format!("line {line}"), error.to_string())
        })?;
        let line = row.position().map_or(0, |position| position.line());
        let cell = |index: Option<usize>| index.and_then(|index| row.get(index)).unwrap_or_default().to_string();
        // Reserved terms are not what an HSM-hour or a request costs; a price in another
        // currency is not the USD the rules hold.
        if cell(Some(term_type)) != "OnDemand" || cell(Some(currency)) != "USD" {
            continue;
        }
        let [usage_type, region_code, location, location_type, unit, begin, end] = optional.map(cell);
        prices.push(PriceRecord {
            place: format!("line {line} (SKU {}, rate code {})", cell(Some(sku)), cell(Some(rate_code))),
            usage_type,
            region_code,
            location,
            location_type,
            unit,
            begin_range: if begin.is_empty() { "0".to_string() } else { begin },
            end_range: if end.is_empty() { "Inf".to_string() } else { end },
            usd: cell(Some(price)),
        });
    }
    Ok(Offer { code, version, published, format: Format::Csv, prices })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{
      "formatVersion": "v1.0", "disclaimer": "…", "offerCode": "CloudHSM", "version": "20260401183512",
      "publicationDate": "2026-04-01T18:35:12Z",
      "products": { "ABC": { "sku": "ABC", "productFamily": "Hardware Security Module",
        "attributes": { "usagetype": "USE1-CloudHSMv2Usage-hsm2m.m", "regionCode": "us-east-1",
                        "location": "US East (N. Virginia)", "locationType": "AWS Region" } } },
      "terms": {
        "OnDemand": { "ABC": { "ABC.JRTCKXETXF": { "priceDimensions": {
          "ABC.JRTCKXETXF.6YS6EN2CT7": { "unit": "Hrs", "beginRange": "0", "endRange": "Inf",
                                          "pricePerUnit": { "USD": "1.6000000000" } } } } } },
        "Reserved": { "ABC": {} }
      }
    }"#;

    #[test]
    fn a_json_file_gives_its_metadata_and_on_demand_prices() {
        let offer = read("cloudhsm.json", JSON).unwrap();
        assert_eq!((offer.code.as_str(), offer.version.as_str()), ("CloudHSM", "20260401183512"));
        assert_eq!((offer.published.as_str(), offer.format), ("2026-04-01T18:35:12Z", Format::Json));
        let price = &offer.prices[0];
        assert_eq!(offer.prices.len(), 1);
        assert_eq!(price.place, "SKU ABC, term ABC.JRTCKXETXF, rate code ABC.JRTCKXETXF.6YS6EN2CT7");
        assert_eq!(
            (price.usage_type.as_str(), price.region_code.as_str()),
            ("USE1-CloudHSMv2Usage-hsm2m.m", "us-east-1")
        );
        assert_eq!((price.unit.as_str(), price.usd.as_str(), price.end_range.as_str()), ("Hrs", "1.6000000000", "Inf"));
    }

    #[test]
    fn a_csv_file_gives_the_same() {
        let csv = "\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"…\"\n\"Publication Date\",\"2026-04-01T18:35:12Z\"\n\
                   \"Version\",\"20260401183512\"\n\"OfferCode\",\"CloudHSM\"\n\
                   \"SKU\",\"OfferTermCode\",\"RateCode\",\"TermType\",\"PriceDescription\",\"EffectiveDate\",\"StartingRange\",\"EndingRange\",\"Unit\",\"PricePerUnit\",\"Currency\",\"Location\",\"Location Type\",\"usageType\",\"Region Code\"\n\
                   \"ABC\",\"JRTCKXETXF\",\"ABC.JRTCKXETXF.6YS6EN2CT7\",\"OnDemand\",\"$1.60 per hour\",\"2026-04-01T00:00:00Z\",\"0\",\"Inf\",\"Hrs\",\"1.6000000000\",\"USD\",\"US East (N. Virginia)\",\"AWS Region\",\"USE1-CloudHSMv2Usage-hsm2m.m\",\"us-east-1\"\n\
                   \"ABC\",\"XYZ\",\"ABC.XYZ.1\",\"Reserved\",\"\",\"\",\"\",\"\",\"Hrs\",\"9.9\",\"USD\",\"US East (N. Virginia)\",\"AWS Region\",\"USE1-CloudHSMv2Usage-hsm2m.m\",\"us-east-1\"\n";
        let offer = read("cloudhsm.csv", csv).unwrap();
        let json = read("cloudhsm.json", JSON).unwrap();
        assert_eq!((&offer.code, &offer.version, &offer.published), (&json.code, &json.version, &json.published));
        assert_eq!(offer.prices.len(), 1);
        let (price, expected) = (&offer.prices[0], &json.prices[0]);
        assert_eq!(price.place, "line 7 (SKU ABC, rate code ABC.JRTCKXETXF.6YS6EN2CT7)");
        assert_eq!(PriceRecord { place: expected.place.clone(), ..price.clone() }, *expected);
    }

    #[test]
    fn a_malformed_file_is_named_with_the_place() {
        let broken = read("cloudhsm.json", &JSON.replace("\"version\": \"20260401183512\",", "")).unwrap_err();
        assert_eq!(broken.to_string(), "cloudhsm.json: line 13, column 5: missing field `version`");
        let truncated = read("cloudhsm.json", &JSON[..200]).unwrap_err();
        assert_eq!(truncated.to_string(), "cloudhsm.json: line 4, column 43: EOF while parsing a value");
        let list = read("cloudhsm.json", "[]").unwrap_err();
        let expected = "cloudhsm.json: line 1: a JSON array: expected a price list file's object (offerCode, version, \
                        products, terms)";
        assert_eq!(list.to_string(), expected);
        let empty = read("cloudhsm.json", " \n").unwrap_err();
        assert_eq!(empty.to_string(), "cloudhsm.json: line 1: the file is empty");
        assert_eq!(read("cloudhsm.json", &format!("\u{feff}{JSON}")).unwrap(), read("cloudhsm.json", JSON).unwrap());
        let csv = read("prices.csv", "\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"…\"\n").unwrap_err();
        assert_eq!(csv.to_string(), "prices.csv: line 3: the file ends within its five metadata rows");
        let csv = read("prices.csv", "a,b\nc,d\ne,f\ng,h\ni,j\nSKU\n").unwrap_err();
        assert_eq!(
            csv.to_string(),
            "prices.csv: lines 1 to 5: missing `OfferCode` among the metadata rows: not a price list file?"
        );
    }
}
