//! The Sources part of the result in the browser: every figure with its source and as-of date,
//! the article's hourly price flagged as such with the shipped rules, and AWS's price list's
//! figure once a deployer has imported it, kept current as the Region changes.

use std::path::Path;

use fantoccini::{Client, Locator};

use super::server::Server;
use super::{recommendation, with_browser};
use crate::harness::wait_for_hydration;

/// The text of the Sources row of `figure`, once the part is opened.
async fn source_row(client: &Client, figure: &str) -> String {
    try_source_row(client, figure).await.unwrap()
}

/// The same, or the error when the result is being replaced under it.
async fn try_source_row(client: &Client, figure: &str) -> Result<String, fantoccini::error::CmdError> {
    try_open_sources(client).await?;
    let row = client.find(Locator::Css(&format!(r#".sources li[data-figure="{figure}"]"#))).await?;
    row.text().await
}

/// Opens the Sources part unless it is open.
async fn open_sources(client: &Client) {
    try_open_sources(client).await.unwrap();
}

async fn try_open_sources(client: &Client) -> Result<(), fantoccini::error::CmdError> {
    let details = client.find(Locator::Css(".sources details")).await?;
    if details.prop("open").await?.as_deref() != Some("true") {
        client.find(Locator::Css(".sources summary")).await?.click().await?;
    }
    Ok(())
}

#[tokio::test]
async fn the_sources_list_the_hourly_price_with_its_as_of_date() {
    let server = Server::start();
    let url = format!("{}/?region=eu-west-2", server.base_url);
    with_browser(false, move |client| async move {
        client.goto(&url).await.unwrap();
        let summary = client.find(Locator::Css(".sources summary")).await.unwrap().text().await.unwrap();
        assert!(summary.ends_with("(1 from the source article, not AWS)"), "{summary}");
        open_sources(&client).await;
        let row = source_row(&client, "cloudhsm_hourly_usd").await;
        for expected in [
            "CloudHSM price per HSM-hour in Europe (London)",
            "$1.46 an HSM-hour",
            "the source article's figure; not checked against AWS's price list for this Region",
            "2026-11-01",
        ] {
            assert!(row.contains(expected), "{expected:?} in {row:?}");
        }
        let date = client.find(Locator::Css(r#".sources li[data-figure="cloudhsm_hourly_usd"] time"#)).await.unwrap();
        assert_eq!(date.attr("datetime").await.unwrap().as_deref(), Some("2026-11-01"));
        // A figure from AWS's documentation links to it.
        let quota = client.find(Locator::Css(r#".sources li[data-figure="kms_symmetric_quota"] a"#)).await.unwrap();
        let href = quota.attr("href").await.unwrap().unwrap();
        assert!(href.starts_with("https://docs.aws.amazon.com/kms/"), "{href}");
        // The hourly price's help says how a deployer puts AWS's prices in (it sits among the
        // workload's fields, folded away until opened: its text is there all the same).
        let help = client.find(Locator::Css("#hsm_hourly-help")).await.unwrap();
        let help = help.prop("textContent").await.unwrap().unwrap_or_default();
        assert!(help.contains("kms-hsm-advisor prices import"), "{help}");
    })
    .await;
}

#[tokio::test]
async fn imported_prices_are_the_sources_and_follow_the_region_live() {
    let rules = tempfile::tempdir().unwrap();
    for name in advisor_core::ruleset::FILES {
        std::fs::copy(Path::new("rules").join(name), rules.path().join(name)).unwrap();
    }
    let import = std::process::Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
        .args(["prices", "import", "tests/fixtures/price-list/cloudhsm.json", "--rules"])
        .arg(rules.path())
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let server = Server::start_with(&[("ADVISOR_RULES_DIR", rules.path().to_str().unwrap())]);
    let url = format!("{}/?region=ap-southeast-1&dedicated=yes", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_hydration(&client).await;
        assert_eq!(recommendation(&client).await, "KMS with a CloudHSM key store");
        open_sources(&client).await;
        let row = source_row(&client, "cloudhsm_hourly_usd").await;
        assert!(row.contains("$1.86 an HSM-hour") && row.contains("2026-04-01"), "{row}");
        assert!(!row.contains("source article"), "{row}");
        let link = client.find(Locator::Css(r#".sources li[data-figure="cloudhsm_hourly_usd"] a"#)).await.unwrap();
        assert_eq!(
            link.attr("href").await.unwrap().as_deref(),
            Some("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/CloudHSM/20260401183512/index.json")
        );
        // Another Region: the result, its Sources included, is replaced in place.
        client.execute("window.advisorMarker = 11;", vec![]).await.unwrap();
        client.find(Locator::Css("#region")).await.unwrap().select_by_value("us-east-1").await.unwrap();
        let row = crate::wait::eventually_async("the Sources of US East (N. Virginia)", || async {
            // The result is replaced whole: a row found just before may be gone when read.
            let row = try_source_row(&client, "cloudhsm_hourly_usd").await.unwrap_or_default();
            if row.contains("US East (N. Virginia)") { Ok(row) } else { Err(format!("{row:?}")) }
        })
        .await;
        assert!(row.contains("$1.60 an HSM-hour"), "{row}");
        assert!(row.contains("hsm1.medium, costs $1.45 an HSM-hour here"), "{row}");
        let marker = client.execute("return window.advisorMarker;", vec![]).await.unwrap();
        assert_eq!(marker, serde_json::json!(11), "updated without a reload");
    })
    .await;
}
