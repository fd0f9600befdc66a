//! Browser end-to-end tests: a real headless Chromium against the real server.

mod harness;

use fantoccini::Client;
use fantoccini::Locator;
use harness::{Browser, Server, wait_for_hydration};

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
                 await Promise.all(images.map(i => i.decode()));
                 return images.map(i => i.naturalWidth);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(loaded, serde_json::json!([960, 960]));
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
    })
    .await;
}
