//! Browser end-to-end tests: a real headless Chromium against the real server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests fail by panicking.

mod choices;
mod compare;
mod embed;
mod harness;
mod import;
mod interfaces;
mod layout;
mod page;
#[path = "../integration/support/server.rs"]
mod server;
mod sources;
#[path = "../integration/support/wait.rs"]
mod wait;

use fantoccini::Client;
use fantoccini::Locator;
use harness::{Browser, wait_for_hydration};
use server::Server;

/// Runs `steps` against a fresh browser (with or without JavaScript), then closes the session and stops the browser whether
/// they passed or not.
async fn with_browser<F, Fut>(javascript: bool, steps: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let browser = Browser::start(javascript).await;
    let outcome = tokio::spawn(steps(browser.client.clone())).await;
    let _ = browser.client.clone().close().await;
    drop(browser);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
}

#[tokio::test]
async fn the_page_hydrates_and_keeps_the_server_rendered_recommendation() {
    let server = Server::start();
    let url = format!("{}/?dedicated=yes&integration=custom", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_hydration(&client).await;
        let headline = client.find(Locator::Css("#recommendation")).await.unwrap();
        assert_eq!(headline.text().await.unwrap(), "AWS CloudHSM");
        let section = client.find(Locator::Css("section.verdict")).await.unwrap();
        assert_eq!(section.attr("data-option").await.unwrap().as_deref(), Some("cloudhsm"));
        // Both server-rendered charts arrive and decode in the browser.
        let loaded = client
            .execute(
                "const images = [...document.querySelectorAll('.chart img')];
                 images.forEach(i => i.scrollIntoView()); // loaded lazily, as a reader scrolls to them
                 await Promise.all(images.map(i => i.decode()));
                 return images.map(i => i.naturalWidth);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(loaded, serde_json::json!([960, 960]));
        // The stylesheet applied too: the Content-Security-Policy lets the page's own assets in.
        let border = client
            .execute("return getComputedStyle(document.querySelector('.verdict')).borderTopStyle;", vec![])
            .await
            .unwrap();
        assert_eq!(border, serde_json::json!("solid"));
        // At 1280 px the result stands beside the questions, island wrapper or not.
        let beside = client
            .execute(
                "const form = document.querySelector('.walkthrough').getBoundingClientRect();
                 const result = document.querySelector('.result').getBoundingClientRect();
                 return result.left >= form.right && result.top < form.bottom;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(beside, serde_json::json!(true));
    })
    .await;
}

#[tokio::test]
async fn without_javascript_the_server_rendered_page_is_complete() {
    let server = Server::start();
    let url = format!("{}/?control=yes", server.base_url);
    with_browser(false, move |client| async move {
        client.goto(&url).await.unwrap();
        let summary = client.find(Locator::Css(".verdict .summary")).await.unwrap();
        assert!(summary.text().await.unwrap().starts_with("Use KMS with a CloudHSM key store"));
        // Buttons that need scripts are not offered without them; the link itself is.
        let copy = client.find(Locator::Css(".share button.copy")).await.unwrap();
        assert!(!copy.is_displayed().await.unwrap());
        assert!(client.find(Locator::Css(".share a.share-link")).await.unwrap().is_displayed().await.unwrap());
    })
    .await;
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ARROW_RIGHT: &str = "\u{E014}";

/// The headline, or nothing while a page is loading.
async fn recommendation(client: &Client) -> String {
    match client.find(Locator::Css("#recommendation")).await {
        Ok(headline) => headline.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the headline says `expected`.
async fn wait_for_recommendation(client: &Client, expected: &str) {
    wait::eventually_async(&format!("the recommendation {expected:?}"), || async {
        let shown = recommendation(client).await;
        if shown == expected { Ok(()) } else { Err(format!("{shown:?}")) }
    })
    .await
}

#[tokio::test]
async fn without_javascript_submitting_the_form_loads_the_result_for_the_new_url() {
    let server = Server::start();
    let url = format!("{}/", server.base_url);
    with_browser(false, move |client| async move {
        client.goto(&url).await.unwrap();
        assert_eq!(recommendation(&client).await, "AWS KMS");
        client.find(Locator::Css(r#"input[name="dedicated"][value="yes"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, "KMS with a CloudHSM key store").await;
        let current = client.current_url().await.unwrap();
        assert!(current.query().unwrap_or_default().contains("dedicated=yes"), "{current}");
    })
    .await;
}

#[tokio::test]
async fn hydrated_an_answer_updates_the_result_in_place_and_the_url_is_the_share_link() {
    let server = Server::start();
    let start = format!("{}/?keys=3", server.base_url);
    let base = server.base_url.clone();
    with_browser(true, move |client| async move {
        client.goto(&start).await.unwrap();
        wait_for_hydration(&client).await;
        // A page load would wipe this.
        client.execute("window.advisorMarker = 42;", vec![]).await.unwrap();
        client.find(Locator::Css(r#"input[name="integration"][value="custom"]"#)).await.unwrap().click().await.unwrap();
        client.find(Locator::Css(r#"input[name="team"][value="hsm"]"#)).await.unwrap().click().await.unwrap();
        wait_for_recommendation(&client, "AWS CloudHSM").await;
        let status = client.find(Locator::Css("#result-status")).await.unwrap();
        assert_eq!(status.attr("role").await.unwrap().as_deref(), Some("status"));
        let announced = client.execute("return document.getElementById('result-status').textContent;", vec![]);
        assert_eq!(announced.await.unwrap(), serde_json::json!("Recommendation updated: AWS CloudHSM"));
        let marker = client.execute("return window.advisorMarker;", vec![]).await.unwrap();
        assert_eq!(marker, serde_json::json!(42), "the page must not have reloaded");
        // The island asked for the result alone, not the whole page.
        let asked = client.execute(
            "return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch')
                 .map(e => new URL(e.name).pathname);",
            vec![],
        );
        assert_eq!(asked.await.unwrap(), serde_json::json!(["/result", "/result"]));
        let shared = harness::address_of_shown_result(&client).await;
        let query = shared.query().unwrap_or_default().to_string();
        // The address bar is the result's share link, canonical and tagged with its rules.
        let share =
            client.find(Locator::Css(".share a.share-link")).await.unwrap().attr("href").await.unwrap().unwrap();
        assert_eq!(format!("/?{query}"), share);
        assert!(query.contains("&rules="), "{query}");
        assert!(
            query.contains("integration=custom") && query.contains("team=hsm") && query.contains("keys=3"),
            "{query}"
        );
        assert!(client.source().await.unwrap().contains("<title>AWS CloudHSM — KMS vs CloudHSM Advisor</title>"));
        // The copy buttons of the swapped-in result work too.
        let copy = client.find(Locator::Css(".share button.copy")).await.unwrap();
        copy.click().await.unwrap();
        assert_eq!(copy.text().await.unwrap(), "Copied");

        // The address bar is the share link: a fresh browser opening it sees the same result.
        let fresh = Browser::start(true).await;
        fresh.client.goto(&format!("{base}/?{query}")).await.unwrap();
        assert_eq!(recommendation(&fresh.client).await, "AWS CloudHSM");
        let _ = fresh.client.clone().close().await;
    })
    .await;
}

#[tokio::test]
async fn hydrated_a_changed_answer_keeps_the_sections_it_leaves_equal() {
    let server = Server::start();
    let start = format!("{}/?keys=3", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&start).await.unwrap();
        wait_for_hydration(&client).await;
        // The reader opens the Sources; each section's node is marked, which a new node lacks.
        let marked = client.execute(
            "const result = document.querySelector('.result');
             result.querySelector(':scope > .sources details').open = true;
             for (const section of result.querySelectorAll(':scope > section')) section.advisorKept = true;
             window.costsDigest = result.querySelector(':scope > .costs').dataset.digest;
             return result.querySelectorAll(':scope > section').length;",
            vec![],
        );
        let sections = marked.await.unwrap();
        client
            .execute(
                "const keys = document.getElementById('keys'); keys.value = '4';
                 keys.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![],
            )
            .await
            .unwrap();
        wait::eventually_async("the costs of 4 keys", || async {
            let digests = client.execute(
                "return [window.costsDigest, document.querySelector('.result > .costs').dataset.digest];",
                vec![],
            );
            let digests = digests.await.unwrap();
            if digests[0] != digests[1] { Ok(()) } else { Err(format!("{digests}")) }
        })
        .await;
        let kept = client.execute(
            "const result = document.querySelector('.result');
             const kept = (name) => result.querySelector(`:scope > .${name}`).advisorKept === true;
             return [kept('sources'), result.querySelector(':scope > .sources details').open, kept('matrix'),
                     kept('costs'), kept('charts'), result.querySelectorAll(':scope > section').length,
                     result.querySelectorAll('[data-same]').length];",
            vec![],
        );
        assert_eq!(kept.await.unwrap(), serde_json::json!([true, true, true, false, false, sections, 0]));
    })
    .await;
}

#[tokio::test]
async fn a_malformed_url_shows_the_message_at_its_field() {
    let server = Server::start();
    let url = format!("{}/?keys=lots&months=500", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&url).await.unwrap();
        let keys = client.find(Locator::Css("#keys-error")).await.unwrap().text().await.unwrap();
        assert_eq!(keys, "Customer managed KMS keys: expected a whole number from 0 to 1,000,000, found \"lots\"");
        let months = client.find(Locator::Css("#months-error")).await.unwrap().text().await.unwrap();
        assert!(months.starts_with("Horizon (months): expected a whole number from 1 to 120"), "{months}");
        let input = client.find(Locator::Css("#keys")).await.unwrap();
        assert_eq!(input.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
        assert_eq!(recommendation(&client).await, "AWS KMS");
    })
    .await;
}

#[tokio::test]
async fn the_form_can_be_completed_with_the_keyboard_alone() {
    let server = Server::start();
    let url = format!("{}/", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_hydration(&client).await;
        let focused_name =
            || async { client.execute("return document.activeElement.name || '';", vec![]).await.unwrap() };
        // Tab to the dedicated-hardware answers, move to "yes" with an arrow key, as radio
        // groups work, then Tab on to the submit button and press Enter.
        let mut presses = 0;
        while focused_name().await != serde_json::json!("dedicated") {
            client.active_element().await.unwrap().send_keys(TAB).await.unwrap();
            presses += 1;
            assert!(presses < 40, "Tab never reached the dedicated-hardware question");
        }
        client.active_element().await.unwrap().send_keys(ARROW_RIGHT).await.unwrap();
        let checked = client.find(Locator::Css(r#"input[name="dedicated"][value="yes"]"#)).await.unwrap();
        assert_eq!(checked.prop("checked").await.unwrap().as_deref(), Some("true"));
        let mut presses = 0;
        while client.execute("return document.activeElement.type || '';", vec![]).await.unwrap()
            != serde_json::json!("submit")
        {
            client.active_element().await.unwrap().send_keys(TAB).await.unwrap();
            presses += 1;
            assert!(presses < 80, "Tab never reached the submit button");
        }
        client.active_element().await.unwrap().send_keys(ENTER).await.unwrap();
        wait_for_recommendation(&client, "KMS with a CloudHSM key store").await;
        // Focus shows: the focused control has a visible outline.
        let outline =
            client.execute("return getComputedStyle(document.activeElement).outlineStyle;", vec![]).await.unwrap();
        assert_eq!(outline, serde_json::json!("solid"));
    })
    .await;
}
