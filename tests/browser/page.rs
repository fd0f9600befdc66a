//! The page as an architect reads it, in a real browser at desktop and phone widths: the reason
//! that decided first, the requirements answered with their sources, the exports in reach, and
//! a refused value marked at its field in the live path.

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::server::Server;
use super::{wait_for_recommendation, with_browser};
use crate::harness::wait_for_hydration;

/// Runs `script` until it returns `true`, or fails saying `what`.
async fn wait_until(client: &Client, script: &str, what: &str) {
    crate::wait::eventually_async(what, || async {
        let value = client.execute(script, vec![]).await.unwrap();
        if value == json!(true) { Ok(()) } else { Err(value.to_string()) }
    })
    .await
}

#[tokio::test]
async fn the_deciding_reason_comes_first_and_the_requirements_are_answered_at_both_widths() {
    let server = Server::start();
    let url = format!("{}/?fips=3&dedicated=yes&integration=custom&keys=3", server.base_url);
    with_browser(true, move |client| async move {
        for (width, height) in [(1280, 900), (390, 844)] {
            client.set_window_size(width, height).await.unwrap();
            client.goto(&url).await.unwrap();
            wait_for_recommendation(&client, "AWS CloudHSM").await;
            let first = client
                .execute(
                    "const first = document.querySelector('.reasons li');
                     return [first.className, first.dataset.rule, first.querySelector('.rule-status').textContent,
                             first.getBoundingClientRect().width > 0];",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(first, json!(["decisive", "dedicated-hardware", " · Decides", true]), "at {width} px");
            // The rest of the rules are there, folded away, none of them saying it applies.
            let checked = client
                .execute(
                    "const details = document.querySelector('.reasons details.checked');
                     return [details.open, details.querySelector('summary').textContent,
                             [...details.querySelectorAll('.rule-status')].some(s => s.textContent.includes('Applies'))];",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(checked[0], json!(false));
            assert!(checked[1].as_str().unwrap().starts_with("Checked, not triggered ("), "{checked}");
            assert_eq!(checked[2], json!(false));
            // The auditor's FIPS level is answered with the validation, linked to NIST's record.
            let fips = client.find(Locator::XPath("//ul[@class='requirements']/li[1]")).await.unwrap();
            let text = fips.text().await.unwrap();
            assert!(text.starts_with("FIPS 140 level required: Level 3"), "{text}");
            assert!(text.contains("FIPS 140-3 Level 3 (certificate #4703)"), "{text}");
            let link = fips.find(Locator::Css("a")).await.unwrap().attr("href").await.unwrap().unwrap();
            assert_eq!(link, "https://csrc.nist.gov/projects/cryptographic-module-validation-program/certificate/4703");
            let disclaimer = client.find(Locator::Css(".disclaimer")).await.unwrap().text().await.unwrap();
            assert!(disclaimer.contains("not a compliance determination"), "{disclaimer}");
            // Nothing is wider than the screen: the costs are a table on a desktop and one card
            // an option on a phone, whose charts are drawn at the size it shows them.
            let fits = client
                .execute(
                    "const costs = document.querySelector('.costs');
                     const images = [...document.querySelectorAll('.chart img')];
                     images.forEach(i => i.scrollIntoView()); // loaded lazily, as a reader scrolls to them
                     await Promise.all(images.map(i => i.decode()));
                     return [costs.scrollWidth <= costs.clientWidth,
                             document.documentElement.scrollWidth <= window.innerWidth,
                             images.map(i => new URL(i.currentSrc).searchParams.get('width'))];",
                    vec![],
                )
                .await
                .unwrap();
            let width_drawn = if width == 390 { json!(["360", "360"]) } else { json!([null, null]) };
            assert_eq!(fits, json!([true, true, width_drawn]), "at {width} px");
        }
    })
    .await;
}

#[tokio::test]
async fn the_exports_beside_the_share_link_download() {
    let server = Server::start();
    let url = format!("{}/?keys=3&context=PCI%20vault", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_hydration(&client).await;
        let answers = client
            .execute(
                "return await Promise.all([...document.querySelectorAll('.exports a')].map(async a => {
                     const reply = await fetch(a.href);
                     const body = await reply.text();
                     return [a.textContent, a.hasAttribute('download'), reply.status,
                             reply.headers.get('content-type'), reply.headers.get('content-disposition') || '',
                             body.slice(0, 60)];
                 }));",
                vec![],
            )
            .await
            .unwrap();
        let answers = answers.as_array().unwrap();
        assert_eq!(answers.len(), 3, "{answers:?}");
        let today = chrono::Utc::now().date_naive();
        let expect = |index: usize, words: &str, download: bool, kind: &str, file: &str, starts: &str| {
            let got = &answers[index];
            assert_eq!(
                (got[0].as_str(), &got[1], &got[2]),
                (Some(words), &Value::Bool(download), &json!(200)),
                "{got}"
            );
            assert!(got[3].as_str().unwrap().starts_with(kind), "{got}");
            assert!(got[4].as_str().unwrap().contains(file), "{got}");
            assert!(got[5].as_str().unwrap().starts_with(starts), "{got}");
        };
        expect(
            0,
            "Download decision record (.md)",
            true,
            "text/markdown",
            &format!("{today}-hold-keys-in-kms.md"),
            "# Hold our encryption keys in AWS KMS",
        );
        expect(1, "Download costs (.csv)", true, "text/csv", &format!("{today}-kms-hsm-costs-kms.csv"), "chart,month,");
        expect(2, "JSON", false, "application/json", "", "{\"recommendation\"");
    })
    .await;
}

#[tokio::test]
async fn hydrated_a_refused_value_is_marked_at_its_field_and_the_result_kept_dimmed() {
    let server = Server::start();
    let url = format!("{}/?keys=3", server.base_url);
    with_browser(true, move |client| async move {
        client.goto(&url).await.unwrap();
        wait_for_hydration(&client).await;
        let keys = client.find(Locator::Css("#keys")).await.unwrap();
        keys.clear().await.unwrap();
        keys.send_keys("lots\u{E004}").await.unwrap();
        wait_until(&client, "return document.querySelector('#keys').getAttribute('aria-invalid') === 'true';", "keys is marked").await;
        let state = client
            .execute(
                "const input = document.querySelector('#keys');
                 const error = document.getElementById('keys-error');
                 return [input.getAttribute('aria-describedby'), error && error.textContent,
                         document.querySelector('.result').classList.contains('stale'),
                         document.querySelector('.stale-note') !== null,
                         document.getElementById('result-status').textContent,
                         input.value];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(state[0], json!("keys-help keys-error"), "{state}");
        assert!(state[1].as_str().unwrap().starts_with("Customer managed KMS keys: expected a whole number"), "{state}");
        assert_eq!((&state[2], &state[3]), (&json!(true), &json!(true)), "the old result stays, dimmed: {state}");
        assert!(state[4].as_str().unwrap().starts_with("Not updated. Customer managed KMS keys: expected"), "{state}");
        assert_eq!(state[5], json!("lots"), "what was typed stays");
        // Fixed, the mark goes and the result is current again.
        let keys = client.find(Locator::Css("#keys")).await.unwrap();
        keys.clear().await.unwrap();
        keys.send_keys("12\u{E004}").await.unwrap();
        wait_until(&client, "return !document.querySelector('.result').classList.contains('stale');", "the result is current again").await;
        let fixed = client
            .execute(
                "return [document.querySelector('#keys').getAttribute('aria-invalid'), document.getElementById('keys-error'),
                         document.getElementById('result-status').textContent,
                         document.querySelector('#keys').getAttribute('aria-describedby')];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!((&fixed[0], &fixed[1]), (&Value::Null, &Value::Null), "{fixed}");
        assert!(fixed[2].as_str().unwrap().starts_with("Recommendation updated: "), "{fixed}");
        assert_eq!(fixed[3], json!("keys-help"), "{fixed}");
    })
    .await;
}

/// Chromium's DevTools command to emulate a medium (`print`) or media features
/// (`prefers-color-scheme`), through chromedriver.
#[derive(Debug)]
struct EmulateMedia(Value);

impl fantoccini::wd::WebDriverCompatibleCommand for EmulateMedia {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({ "cmd": "Emulation.setEmulatedMedia", "params": self.0 });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

#[tokio::test]
async fn light_and_dark_keep_wcag_aa_contrast() {
    let axe = std::fs::read_to_string(".tools/node_modules/axe-core/axe.min.js").expect("make test installs axe-core");
    let server = Server::start();
    // A refused value too, so the error's colours are checked.
    let url = format!("{}/?fips=3&dedicated=yes&integration=custom&keys=lots", server.base_url);
    // axe waits on timers, which a page without scripts does not run.
    with_browser(true, move |client| async move {
        for scheme in ["light", "dark"] {
            client.goto(&url).await.unwrap();
            let features = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
            client.issue_cmd(EmulateMedia(features)).await.unwrap();
            let script = format!(
                "{axe}\nconst result = await axe.run(document, {{ runOnly: {{ type: 'rule', values: ['color-contrast'] }} }});
                 return [matchMedia('(prefers-color-scheme: {scheme})').matches,
                         result.passes.length,
                         result.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary))];"
            );
            let checked = client.execute(&script, vec![]).await.unwrap();
            assert_eq!(checked[0], json!(true), "{scheme}");
            assert!(checked[1].as_u64().unwrap() > 0, "axe checked something in {scheme}");
            assert_eq!(checked[2], json!([]), "contrast in {scheme}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_printout_keeps_the_answers_and_leaves_out_the_form() {
    let server = Server::start();
    let url = format!("{}/?fips=3&keys=3&context=PCI%20vault", server.base_url);
    with_browser(false, move |client| async move {
        client.goto(&url).await.unwrap();
        client.issue_cmd(EmulateMedia(json!({ "media": "print" }))).await.unwrap();
        let printed = client
            .execute(
                "const shown = (css) => { const e = document.querySelector(css); return e !== null && getComputedStyle(e).display !== 'none'; };
                 return [matchMedia('print').matches, shown('form.advisor'), shown('.your-answers'), shown('.verdict'),
                         document.querySelector('.your-answers').innerText];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(&printed.as_array().unwrap()[..4], &[json!(true), json!(false), json!(true), json!(true)], "{printed}");
        let answers = printed[4].as_str().unwrap();
        assert!(answers.contains("FIPS 140 level required: Level 3") && answers.contains("Customer managed KMS keys: 3"), "{answers}");
    })
    .await;
}
