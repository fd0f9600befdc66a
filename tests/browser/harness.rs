//! A headless Chromium for browser tests, stopped however the test ends, and a stand-in host page
//! on another origin.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

use super::server::{Process, free_port, wait_for_port};

/// A stand-in for a wiki on its own port (so another origin than the advisor's): answers every
/// request with `html`. It serves until the test process ends.
pub struct HostPage {
    pub url: String,
}

impl HostPage {
    pub fn serve(html: String) -> HostPage {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
        let url = format!("http://{}/", listener.local_addr().expect("a bound address"));
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{html}",
                    html.len()
                );
                let _ = stream.write_all(response.as_bytes());
            }
        });
        HostPage { url }
    }
}

/// A chromedriver with one headless Chromium session. Dropping it stops both, so it must live
/// as long as its `client` is used.
pub struct Browser {
    _driver: Process,
    pub client: Client,
}

impl Browser {
    /// A fresh browser with its own profile; `javascript: false` turns scripts off.
    pub async fn start(javascript: bool) -> Browser {
        let port = free_port();
        let mut driver = Process(
            Command::new("chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("chromedriver is installed (make test installs it)"),
        );
        wait_for_port(([127, 0, 0, 1], port).into(), "chromedriver", &mut driver);

        let profile = std::env::temp_dir().join(format!("advisor-chromium-{}-{port}", std::process::id()));
        let mut options = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        });
        if !javascript {
            options["args"].as_array_mut().expect("args").push(json!("--blink-settings=scriptEnabled=false"));
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".to_string(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a Chromium session");
        Browser { _driver: driver, client }
    }
}
/// Waits until the page has hydrated: `hydrate()` marks the body when it is done.
pub async fn wait_for_hydration(client: &Client) {
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(fantoccini::Locator::Css("body[data-hydrated]"))
        .await
        .expect("the page hydrates within 30 s");
}

/// The address once the island has put the shown result's share link in it, which it does in a
/// task of its own after the result is in place.
pub async fn address_of_shown_result(client: &Client) -> url::Url {
    crate::wait::eventually_async("the address bar to be the shown result's share link", || async {
        let shown = client.execute(
            "const link = document.querySelector('a.share-link');
             return link !== null && location.pathname + location.search === link.getAttribute('href');",
            vec![],
        );
        if shown.await.unwrap() == json!(true) { Ok(()) } else { Err("not yet".to_string()) }
    })
    .await;
    client.current_url().await.unwrap()
}
