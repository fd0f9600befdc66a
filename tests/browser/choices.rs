//! Edition 2's questions in the browser: the check box group of what the keys must do and the
//! choice of where key material lives, with scripts and without, and the state where no option
//! is left.

use advisor_core::costs::KeyOption;
use fantoccini::Locator;

use super::server::Server;
use super::{recommendation, wait_for_recommendation, with_browser};
use crate::harness::{address_of_shown_result, wait_for_hydration};

const NOTHING_FITS: &str = "No AWS option meets every requirement";

#[tokio::test]
async fn without_javascript_the_check_boxes_submit_as_repeated_parameters() {
    let server = Server::start();
    let url = format!("{}/?dedicated=yes", server.base_url);
    with_browser(false, move |client| async move {
        client.goto(&url).await.unwrap();
        assert_eq!(recommendation(&client).await, "KMS with a CloudHSM key store");
        client.find(Locator::Css(r#"input[name="usage"][value="sign"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css(r#"input[name="multi_region"][value="yes"]"#)).await.unwrap().click().await.unwrap();
        let rotation = client.find(Locator::Css("#rotation")).await.unwrap();
        rotation.clear().await.unwrap();
        rotation.send_keys("365").await.unwrap();
        client.find(Locator::Css("#kms_quota")).await.unwrap().send_keys("200000").await.unwrap();
        client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        // Signing keys cannot live in a key store, and AWS services cannot use CloudHSM.
        wait_for_recommendation(&client, NOTHING_FITS).await;
        let current = client.current_url().await.unwrap();
        let query = current.query().unwrap_or_default().to_string();
        assert!(query.contains("usage=encrypt&usage=sign"), "the browser repeats the parameter: {query}");
        for given in ["multi_region=yes", "rotation=365", "kms_quota=200000"] {
            assert!(query.contains(given), "{given}: {query}");
        }
        let rotation = client.find(Locator::Css("#rotation")).await.unwrap();
        assert_eq!(rotation.prop("value").await.unwrap().as_deref(), Some("365"));
        let ruled_out = client.find_all(Locator::Css(".ruled-out > ul > li")).await.unwrap();
        // Every option the page shows (AWS Payment Cryptography only for payment keys).
        let shown = KeyOption::ALL.iter().filter(|option| !option.payment_only()).count();
        assert_eq!(ruled_out.len(), shown, "every option is named with its reason");
        let source = client.find(Locator::Css(r#".ruled-out li[data-option="custom_key_store"] a"#)).await.unwrap();
        assert!(source.attr("href").await.unwrap().unwrap().starts_with("https://docs.aws.amazon.com/"));
        // What would leave an option is offered as links.
        let flips = client.find_all(Locator::Css(".flips a")).await.unwrap();
        assert!(!flips.is_empty());
        let checked = client.find(Locator::Css(r#"input[name="usage"][value="sign"]"#)).await.unwrap();
        assert_eq!(checked.prop("checked").await.unwrap().as_deref(), Some("true"));
    })
    .await;
}

#[tokio::test]
async fn hydrated_the_check_boxes_and_custody_update_the_result_in_place() {
    let server = Server::start();
    let url = format!("{}/?dedicated=yes&integration=both", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_hydration(&client).await;
        client.execute("window.advisorMarker = 7;", vec![]).await.unwrap();
        client.find(Locator::Css(r#"input[name="usage"][value="sign"]"#)).await.unwrap().click().await.unwrap();
        // Signing keys leave CloudHSM, which your own code can call.
        wait_for_recommendation(&client, "AWS CloudHSM").await;
        let query = address_of_shown_result(&client).await.query().unwrap_or_default().to_string();
        // The share link's form of the set: one value, in the table's order.
        assert!(query.contains("usage=encrypt%2Csign"), "{query}");
        // AWS services alone cannot use it: nothing is left, and the page says so.
        client.find(Locator::Css(r#"input[name="integration"][value="aws"]"#)).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, NOTHING_FITS).await;
        let status = client.execute("return document.getElementById('result-status').textContent;", vec![]);
        assert_eq!(status.await.unwrap(), serde_json::json!(format!("Recommendation updated: {NOTHING_FITS}")));
        // Key material outside AWS, for encryption only: an external key store.
        client.find(Locator::Css(r#"input[name="usage"][value="sign"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css(r#"input[name="dedicated"][value="no"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css(r#"input[name="custody"][value="external"]"#)).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, "KMS with an external key store").await;
        let marker = client.execute("return window.advisorMarker;", vec![]).await.unwrap();
        assert_eq!(marker, serde_json::json!(7), "the page must not have reloaded");
    })
    .await;
}
