//! Starts the real server and a headless Chromium for browser tests, and stops both however the
//! test ends.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

/// The built site the server serves; `make test` builds it before running the tests.
const SITE_ROOT: &str = "target/site";
const WASM: &str = "target/site/pkg/kms-hsm-advisor.wasm";

/// A child process killed, with its whole process group, when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        // The child leads its own process group (`process_group(0)`), so signalling the group
        // reaches chromedriver's browsers too, and nothing outside it.
        if let Ok(group) = i32::try_from(self.0.id())
            && group > 1
        {
            // SAFETY: kill(2) with a negative pid only sends a signal; it touches no memory.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free local port")
}

fn wait_for_port(address: SocketAddr, what: &str, process: &mut Process) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(address).is_err() {
        if let Ok(Some(status)) = process.0.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(Instant::now() < deadline, "{what} did not listen on {address} within 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The advisor's server binary on a free port, serving the built site and the shipped rules.
pub struct Server {
    _process: Process,
    pub base_url: String,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// The server with extra environment variables, e.g. `ADVISOR_FRAME_ANCESTORS`.
    pub fn start_with(env: &[(&str, &str)]) -> Server {
        assert!(Path::new(WASM).exists(), "{WASM} is missing: run `make test`, which builds the site first");
        let address: SocketAddr = ([127, 0, 0, 1], free_port()).into();
        let mut process = Process(
            Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
                .env("LEPTOS_OUTPUT_NAME", "kms-hsm-advisor")
                .env("LEPTOS_SITE_ROOT", SITE_ROOT)
                .env("LEPTOS_SITE_PKG_DIR", "pkg")
                .env("LEPTOS_SITE_ADDR", address.to_string())
                .env("ADVISOR_RULES_DIR", "rules")
                .env("RUST_LOG", "warn")
                .envs(env.iter().copied())
                .process_group(0)
                .spawn()
                .expect("the server binary starts"),
        );
        wait_for_port(address, "the server", &mut process);
        Server { _process: process, base_url: format!("http://{address}") }
    }
}

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
