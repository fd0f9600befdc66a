//! Rules 2026.12.05 in the browser: how your code calls the keys (a check box group shown only
//! when your own code calls them) and payment functions, which bring AWS Payment Cryptography
//! into the result, the cost table and the charts, with scripts and without.

use advisor_core::costs::KeyOption;
use fantoccini::{Client, Locator};

use super::server::Server;
use super::{recommendation, wait_for_recommendation, with_browser};
use crate::harness::{address_of_shown_result, wait_for_hydration};

/// Whether the field of `name` takes up room on the page.
async fn field_shown(client: &Client, name: &str) -> bool {
    let script = format!("return document.querySelector('[data-field=\"{name}\"]').getClientRects().length > 0;");
    client.execute(&script, vec![]).await.unwrap() == serde_json::json!(true)
}

/// The options the cost table names, by id, in its order.
async fn costed(client: &Client) -> Vec<String> {
    let script = "return [...document.querySelectorAll('.costs tbody tr[data-option]')]
                      .flatMap(row => row.dataset.option.split(' '));";
    let ids = client.execute(script, vec![]).await.unwrap();
    serde_json::from_value(ids).unwrap()
}

#[tokio::test]
async fn without_javascript_an_interface_and_payment_functions_submit_and_decide() {
    let server = Server::start();
    let url = format!("{}/?integration=custom", server.base_url);
    with_browser(false, move |client| async move {
        client.goto(&url).await.unwrap();
        assert_eq!(recommendation(&client).await, "AWS KMS");
        assert!(field_shown(&client, "interface").await, "your own code calls the keys: the question is asked");
        client.find(Locator::Css(r#"input[name="interface"][value="pkcs11"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, "AWS CloudHSM").await;
        let query = client.current_url().await.unwrap().query().unwrap_or_default().to_string();
        assert!(query.contains("interface=kms_api&interface=pkcs11"), "the browser repeats the parameter: {query}");
        let ruled_out = client.find(Locator::Css(r#".ruled-out li[data-option="kms"]"#)).await.unwrap();
        let text = ruled_out.text().await.unwrap();
        assert!(text.contains("PKCS#11"), "{text}");
        let link = ruled_out.find(Locator::Css("a")).await.unwrap().attr("href").await.unwrap().unwrap();
        assert!(link.starts_with("https://docs.aws.amazon.com/cloudhsm/"), "{link}");
        // Without payment functions the sixth option is not on the page.
        assert!(!costed(&client).await.iter().any(|id| id == "payment_cryptography"));
        // AWS services only: the question folds away, its answer kept in the form.
        client.find(Locator::Css(r#"input[name="integration"][value="aws"]"#)).await.unwrap().click().await.unwrap();
        assert!(!field_shown(&client, "interface").await, "AWS services only: the question is folded away");
        // Payment functions: AWS Payment Cryptography, priced.
        client.find(Locator::Css(r#"input[name="usage"][value="encrypt"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css(r#"input[name="usage"][value="payment"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, "AWS Payment Cryptography").await;
        let costed = costed(&client).await;
        let every: Vec<&str> = KeyOption::ALL.iter().map(|option| option.id()).collect();
        assert_eq!(costed.len(), every.len(), "every option is priced beside it: {costed:?}");
        assert!(costed.iter().any(|id| id == "payment_cryptography"), "{costed:?}");
        let charts = client.find_all(Locator::Css("figure img")).await.unwrap();
        assert!(!charts.is_empty());
    })
    .await;
}

#[tokio::test]
async fn hydrated_an_interface_and_payment_functions_update_the_result_in_place() {
    let server = Server::start();
    let url = format!("{}/?integration=custom&team=managed", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_hydration(&client).await;
        client.execute("window.advisorMarker = 26;", vec![]).await.unwrap();
        client.find(Locator::Css(r#"input[name="interface"][value="jce"]"#)).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, "AWS CloudHSM").await;
        let query = address_of_shown_result(&client).await.query().unwrap_or_default().to_string();
        assert!(query.contains("interface=kms_api%2Cjce"), "{query}");
        // Back to the KMS API alone: KMS again.
        for member in ["jce", "kms_api"] {
            let selector = format!(r#"input[name="interface"][value="{member}"]"#);
            let checked = client.find(Locator::Css(&selector)).await.unwrap().prop("checked").await.unwrap();
            assert_eq!(checked.as_deref(), Some("true"), "{member}");
        }
        client.find(Locator::Css(r#"input[name="interface"][value="jce"]"#)).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, "AWS KMS").await;
        // Payment functions alone: AWS Payment Cryptography, with its row in the cost table.
        client.find(Locator::Css(r#"input[name="usage"][value="payment"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css(r#"input[name="usage"][value="encrypt"]"#)).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, "AWS Payment Cryptography").await;
        crate::wait::eventually_async("the cost table names AWS Payment Cryptography", || async {
            let ids = costed(&client).await;
            if ids.iter().any(|id| id == "payment_cryptography") { Ok(()) } else { Err(format!("{ids:?}")) }
        })
        .await;
        let marker = client.execute("return window.advisorMarker;", vec![]).await.unwrap();
        assert_eq!(marker, serde_json::json!(26), "the page must not have reloaded");
    })
    .await;
}

/// Pairs of text elements of the SVG on screen whose boxes overlap, with their texts.
const OVERLAPS: &str = "
    const boxes = [...document.querySelectorAll('text')]
        .filter(t => t.textContent.trim() !== '')
        .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
    const found = [];
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const [a, r] = boxes[i], [b, s] = boxes[j];
            const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
            const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
            if (x > 0.5 && y > 0.5) found.push(a + ' / ' + b);
        }
    }
    return [boxes.length, found];";

#[tokio::test]
async fn six_series_keep_their_labels_apart_at_both_sizes() {
    let server = Server::start();
    // Every option's bill differs: six lines, six legend entries.
    let six = "usage=encrypt,payment&rotation=365&multi_region=yes&external_usd=500&payment_requests=3000000&months=60";
    let base = server.base_url.clone();
    with_browser(true, move |client| async move {
        for chart in ["cost-vs-requests", "cost-over-time"] {
            for (width, height) in [(960, 540), (360, 420)] {
                let url = format!("{base}/charts/{chart}.svg?{six}&width={width}&height={height}");
                client.goto(&url).await.unwrap();
                let legend = client
                    .execute("return [...document.querySelectorAll('text')].map(t => t.textContent.trim());", vec![])
                    .await
                    .unwrap();
                let texts: Vec<String> = serde_json::from_value(legend).unwrap();
                // Encryption and payment functions together leave no option: every line says so,
                // by its full name or, on a phone, its short one.
                let titles = match width {
                    960 => ["AWS KMS (ruled out)", "AWS CloudHSM (ruled out)", "AWS Payment Cryptography (ruled out)"],
                    _ => ["KMS (out)", "CloudHSM (out)", "Payment Cryptography (out)"],
                };
                for title in titles {
                    assert!(texts.iter().any(|t| t == title), "{chart} at {width}x{height}: no {title} in {texts:?}");
                }
                let found = client.execute(OVERLAPS, vec![]).await.unwrap();
                assert_eq!(found[1], serde_json::json!([]), "{chart} at {width}x{height}: {found}");
            }
        }
    })
    .await;
}
