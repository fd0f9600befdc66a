//! The comparison in the browser: opened from the advisor, B changed with scripts off (the form
//! submits) and on (the comparison updates in place), and its share link in a fresh browser.

use fantoccini::{Client, Locator};

use super::server::Server;
use super::with_browser;
use crate::harness::{Browser, address_of_shown_result, wait_for_hydration};

const CHANGED: &str = "A: AWS KMS · B: AWS CloudHSM";

/// The comparison's headline, or nothing while a page is loading.
async fn headline(client: &Client) -> String {
    match client.find(Locator::Css("#comparison")).await {
        Ok(headline) => headline.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the comparison's headline starts with `expected` (a mark may follow it).
async fn wait_for_headline(client: &Client, expected: &str) {
    crate::wait::eventually_async(&format!("the comparison's headline {expected:?}"), || async {
        let shown = headline(client).await;
        if shown.starts_with(expected) { Ok(()) } else { Err(format!("{shown:?}")) }
    })
    .await
}

async fn click(client: &Client, css: &str) {
    client.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

#[tokio::test]
async fn without_javascript_the_advisor_opens_a_comparison_and_b_s_form_submits() {
    let server = Server::start();
    let url = format!("{}/?keys=3", server.base_url);
    with_browser(false, move |client| async move {
        client.goto(&url).await.unwrap();
        client.find(Locator::LinkText("Compare with another answer")).await.unwrap().click().await.unwrap();
        wait_for_headline(&client, "A: AWS KMS · B: AWS KMS").await;
        click(&client, r#"input[name="dedicated"][value="yes"]"#).await;
        click(&client, r#"input[name="integration"][value="custom"]"#).await;
        click(&client, "button[type=submit]").await;
        wait_for_headline(&client, CHANGED).await;
        // Both states are shown, B as changed; the address is the comparison's own form of link.
        let sides = client.find_all(Locator::Css("article.side")).await.unwrap();
        assert_eq!(sides.len(), 2);
        assert_eq!(sides[1].attr("data-option").await.unwrap().as_deref(), Some("cloudhsm"));
        let current = client.current_url().await.unwrap();
        let pairs: Vec<(String, String)> = current.query_pairs().into_owned().collect();
        let names: Vec<&str> = pairs.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["a", "b"], "{current}");
        assert!(pairs[1].1.contains("dedicated=yes") && pairs[0].1.contains("keys=3"), "{current}");
        let answers = client.find_all(Locator::Css(".answers-differ tr.differs")).await.unwrap();
        assert_eq!(answers.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn hydrated_changing_b_updates_the_comparison_in_place_and_the_share_link_reproduces_it() {
    let server = Server::start();
    let start = format!("{}/compare?a=keys%3D3&b=keys%3D3", server.base_url);
    let base = server.base_url.clone();
    with_browser(true, move |client| async move {
        client.goto(&start).await.unwrap();
        wait_for_hydration(&client).await;
        // A page load would wipe this.
        client.execute("window.advisorMarker = 42;", vec![]).await.unwrap();
        click(&client, r#"input[name="dedicated"][value="yes"]"#).await;
        click(&client, r#"input[name="integration"][value="custom"]"#).await;
        wait_for_headline(&client, CHANGED).await;
        let marker = client.execute("return window.advisorMarker;", vec![]).await.unwrap();
        assert_eq!(marker, serde_json::json!(42), "the page must not have reloaded");
        let announced = client.execute("return document.getElementById('result-status').textContent;", vec![]);
        assert_eq!(announced.await.unwrap(), serde_json::json!(format!("Comparison updated: {CHANGED}")));
        // The address bar holds A as its link has it and B as the form states it, without
        // empty fields.
        let current = address_of_shown_result(&client).await;
        let pairs: Vec<(String, String)> = current.query_pairs().into_owned().collect();
        assert_eq!(pairs[0].0, "a");
        assert!(pairs[0].1.contains("&keys=3&") && pairs[0].1.contains("&rules="), "{current}");
        assert_eq!(pairs[1].0, "b");
        assert!(pairs[1].1.contains("dedicated=yes") && pairs[1].1.contains("integration=custom"), "{current}");
        assert!(!pairs[1].1.contains("hsm_hourly="), "{current}");

        // The share link of the swapped-in comparison opens the same comparison in a fresh browser.
        let share =
            client.find(Locator::Css(".share a.share-link")).await.unwrap().attr("href").await.unwrap().unwrap();
        assert!(share.starts_with("/compare?a="), "{share}");
        let fresh = Browser::start(true).await;
        fresh.client.goto(&format!("{base}{share}")).await.unwrap();
        wait_for_headline(&fresh.client, CHANGED).await;
        let differing = fresh.client.find_all(Locator::Css(".answers-differ tr.differs")).await.unwrap();
        assert_eq!(differing.len(), 2);
        let chart = fresh
            .client
            .execute(
                "const image = document.querySelector('.chart img'); await image.decode(); return image.naturalWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(chart, serde_json::json!(960), "the comparison's chart loads");
        let _ = fresh.client.clone().close().await;
    })
    .await;
}
