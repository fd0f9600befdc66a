//! `/embed` inside another site's iframe: the resize messages, the card, and the refusal when
//! that site is not allowed to frame it.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::harness::HostPage;
use super::server::Server;
use super::with_browser;

/// A wiki-like page on another origin that frames `embed_url` and sizes the frame from its
/// messages, as the README tells hosts to.
fn host_page(advisor: &str, embed_url: &str) -> HostPage {
    HostPage::serve(format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Wiki</title></head>
<body>
<h1>Key management decision</h1>
<iframe id="advisor" src="{embed_url}" width="640" height="200" style="border:0"></iframe>
<script>
window.resizes = [];
window.frameLoaded = false;
document.getElementById("advisor").addEventListener("load", function () {{ window.frameLoaded = true; }});
window.addEventListener("message", function (event) {{
    if (event.origin !== "{advisor}" || !event.data || event.data.type !== "kms-hsm-advisor:resize") return;
    window.resizes.push(event.data.height);
    document.getElementById("advisor").style.height = event.data.height + "px";
}});
</script>
</body></html>"#
    ))
}

/// Polls `script` in the host page until it returns something other than null.
async fn wait_for(client: &Client, script: &str, what: &str) -> Value {
    crate::wait::eventually_async(what, || async {
        let value = client.execute(script, vec![]).await.unwrap();
        if value.is_null() { Err("null".to_string()) } else { Ok(value) }
    })
    .await
}

#[tokio::test]
async fn a_wiki_on_another_origin_frames_the_card_and_sizes_it_from_its_messages() {
    let server = Server::start();
    let embed_url = format!("{}/embed?dedicated=yes&integration=custom&keys=12", server.base_url);
    let host = host_page(&server.base_url, &embed_url);
    with_browser(true, move |client| async move {
        client.goto(&host.url).await.unwrap();
        let first =
            wait_for(&client, "return window.resizes.length ? window.resizes.at(-1) : null;", "a resize message")
                .await
                .as_u64()
                .unwrap();
        // The whole card: headline, costs, chart and link are several hundred pixels tall.
        assert!((400..1500).contains(&first), "reported height {first}");
        let frame_height = client.execute("return document.getElementById('advisor').offsetHeight;", vec![]).await;
        assert_eq!(frame_height.unwrap(), json!(first), "the host sized the frame from the message");

        // Narrower, the card wraps and grows; the frame reports the new height on its own.
        let narrower = "document.getElementById('advisor').width = 320; return null;";
        client.execute(narrower, vec![]).await.unwrap();
        let script = format!("const h = window.resizes.at(-1); return h > {first} ? h : null;");
        wait_for(&client, &script, "a taller height after narrowing the frame").await;

        client.enter_frame(0).await.unwrap();
        let headline = client.find(Locator::Css("#recommendation")).await.unwrap();
        assert_eq!(headline.text().await.unwrap(), "AWS CloudHSM");
        // Sized from its messages, the frame shows no scrollbar strip.
        let fits = client
            .execute(
                "const html = document.documentElement;
                 return [innerWidth === html.clientWidth, html.scrollHeight <= html.clientHeight];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(fits, json!([true, true]));
        let rows = client.find_all(Locator::Css(".embed-costs tr")).await.unwrap();
        // KMS with its own or imported key material, the external key store (whose bill leaves out
        // the key manager), the key store and CloudHSM.
        assert_eq!(rows.len(), 4);
        let open = client.find(Locator::Css(".open a")).await.unwrap();
        assert_eq!(open.attr("target").await.unwrap().as_deref(), Some("_blank"));
        let href = open.prop("href").await.unwrap().unwrap_or_default();
        assert!(href.contains("integration=custom") && href.contains("keys=12"), "{href}");
    })
    .await;
}

#[tokio::test]
async fn a_site_outside_advisor_frame_ancestors_is_refused_the_frame() {
    // Only a port nobody uses may frame the card; the wiki's origin differs.
    let server = Server::start_with(&[("ADVISOR_FRAME_ANCESTORS", "http://127.0.0.1:1")]);
    let embed_url = format!("{}/embed?dedicated=yes&integration=custom", server.base_url);
    let host = host_page(&server.base_url, &embed_url);
    with_browser(true, move |client| async move {
        client.goto(&host.url).await.unwrap();
        wait_for(&client, "return window.frameLoaded || null;", "the frame's load event").await;
        // Time enough for the card's script to report, had it been allowed to run.
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(client.execute("return window.resizes.length;", vec![]).await.unwrap(), json!(0));
        client.enter_frame(0).await.unwrap();
        assert!(client.find(Locator::Css("#recommendation")).await.is_err(), "the browser showed the card");

        // The card itself is fine: opened directly, not framed, it shows.
        client.enter_parent_frame().await.unwrap();
        client.goto(&embed_url).await.unwrap();
        let headline = client.find(Locator::Css("#recommendation")).await.unwrap();
        assert_eq!(headline.text().await.unwrap(), "AWS CloudHSM");
    })
    .await;
}

/// The snippet's iframe, on a host with no resize script, holds the whole card for states short
/// and long: nothing past the frame's edges, no scrollbar.
#[tokio::test]
async fn the_snippet_s_frame_holds_the_whole_card_without_a_script() {
    let server = Server::start();
    let long = "PCI DSS card vault for the payments platform, reviewed by our QSA each year; ".repeat(6);
    let long: String = form_urlencoded::byte_serialize(long.trim().as_bytes()).collect();
    let states = [
        "".to_string(),
        "dedicated=yes&integration=custom&keys=12".to_string(),
        "custody=external&multi_region=yes".to_string(),
        format!("context={long}"),
        // A pasted address or a word with no space in it breaks inside the card.
        format!("context={}", "A".repeat(400)),
        "usage=encrypt,sign,hmac&rotation=90&custody=imported&rules=2026.11.28".to_string(),
    ];
    let base = server.base_url.clone();
    with_browser(true, move |client| async move {
        // Each state's snippet as a wiki asks oEmbed for it.
        client.goto(&format!("{base}/healthz")).await.unwrap();
        let pages: Vec<String> = states.iter().map(|state| format!("{base}/?{state}")).collect();
        // At the card's own width, and at a narrow wiki column's (oEmbed's maxwidth).
        let answers = client
            .execute(
                "return await Promise.all(arguments[0].flatMap(page => ['', '&maxwidth=360'].map(async narrow =>
                     (await fetch('/oembed?format=json' + narrow + '&url=' + encodeURIComponent(page))).json())));",
                vec![json!(pages)],
            )
            .await
            .unwrap();
        let frames: Vec<(u64, u64)> =
            answers.as_array().unwrap().iter().map(|a| (a["width"].as_u64().unwrap(), a["height"].as_u64().unwrap())).collect();
let body: String = answers
            .as_array()
            .unwrap()
            .iter()
            // Lazy loading decides when a frame loads, not its size: every frame loads at once.
            .map(|a| format!("<div>{}</div>", a["html"].as_str().unwrap().replace(" loading=\"lazy\"", "")))
            .collect();
        let host = HostPage::serve(format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Wiki</title></head><body>{body}</body></html>"
        ));
        client.set_window_size(1280, 1200).await.unwrap();
        client.goto(&host.url).await.unwrap();
        for (index, (width, height)) in frames.iter().enumerate() {
            assert_eq!(*width, if index % 2 == 0 { 640 } else { 360 });
            let script = format!("document.querySelectorAll('iframe')[{index}].scrollIntoView(); return true;");
            client.execute(&script, vec![]).await.unwrap();
            client.enter_frame(index as u16).await.unwrap();
            let found = wait_for(
                &client,
                r#"if (document.readyState !== 'complete' || !document.querySelector('.embed-card .computed')) return null;
                   const html = document.documentElement;
                   const past = [...document.querySelectorAll('.embed-card, .embed-card *')]
                       .filter(e => { const r = e.getBoundingClientRect(); return e.checkVisibility() && r.height > 0 && (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5); })
                       .map(e => e.tagName + '.' + e.className);
                   return [innerWidth, innerHeight, html.clientWidth, html.scrollWidth, html.clientHeight, html.scrollHeight, past];"#,
                "the framed card",
            )
            .await;
            let state = &states[index / 2];
            assert_eq!(found[1].as_u64(), Some(*height), "{state}: {found}");
            assert_eq!(found[0], found[2], "{state}: a vertical scrollbar takes width: {found}");
            assert!(found[3].as_u64() <= found[2].as_u64(), "{state}: it scrolls sideways: {found}");
            assert!(found[5].as_u64() <= found[4].as_u64(), "{state}: it scrolls: {found}");
            assert_eq!(found[6], json!([]), "{state}: cut at the frame's edge: {found}");
            client.enter_parent_frame().await.unwrap();
        }
    })
    .await;
}

/// A host may set the card's colours whatever its readers' systems prefer.
#[tokio::test]
async fn a_host_chooses_the_card_s_theme() {
    let server = Server::start();
    let base = server.base_url.clone();
    with_browser(true, move |client| async move {
        for (theme, dark) in [("dark", true), ("light", false)] {
            client.goto(&format!("{base}/embed?keys=3&theme={theme}")).await.unwrap();
            let seen = client
                .execute(
                    "const background = getComputedStyle(document.querySelector('.embed-card')).backgroundColor;
                     const [r, g, b] = background.match(/\\d+/g).map(Number);
                     return [document.documentElement.dataset.theme, r + g + b < 200,
                             document.querySelector('.chart img').getAttribute('src').includes('theme=' + arguments[0])];",
                    vec![json!(theme)],
                )
                .await
                .unwrap();
            assert_eq!(seen, json!([theme, dark, true]));
        }
    })
    .await;
}
