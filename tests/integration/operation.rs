//! The real binary as an operator runs it: graceful shutdown with requests in flight, rules
//! reloaded on SIGHUP (or kept when the new ones are invalid), JSON logs, and configuration
//! mistakes refused at start-up.

use crate::support::server;
use crate::support::wait::eventually;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use server::{Process, Server};

/// A GET over a fresh connection; the raw response, head and body.
fn http_get(base_url: &str, path: &str) -> std::io::Result<Vec<u8>> {
    let address = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    Ok(response)
}

/// Splits a raw response into its status code and body (the server answers with a length, not
/// chunks, for these requests).
fn status_and_body(response: &[u8]) -> (u16, &[u8]) {
    let end = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
    let head = std::str::from_utf8(&response[..end]).expect("an ASCII head");
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).expect("a status code");
    (status, &response[end + 4..])
}

fn advice(server: &Server) -> serde_json::Value {
    let response = http_get(&server.base_url, "/api/v1/advice").expect("the API answers");
    let (status, body) = status_and_body(&response);
    assert_eq!(status, 200);
    serde_json::from_slice(body).expect("JSON")
}

/// A copy of the shipped rules that a test may edit.
fn rules_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("advisor-rules-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn sigterm_lets_the_requests_in_flight_finish() {
    let mut server = Server::start();
    // Large PNGs take a while to draw, so these are still being answered when the signal comes.
    let slow = "/charts/cost-over-time.png?width=2000&height=2000&months=120";
    let requests: Vec<_> = (0..4)
        .map(|_| {
            let base_url = server.base_url.clone();
            std::thread::spawn(move || http_get(&base_url, slow))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    server.signal(libc::SIGTERM);

    let mut failures = Vec::new();
    for request in requests {
        match request.join().expect("the request thread") {
            Ok(response) => {
                let (status, body) = status_and_body(&response);
                if status != 200 || !body.starts_with(b"\x89PNG") {
                    failures.push(format!("status {status}, {} bytes", body.len()));
                }
            }
            Err(error) => failures.push(error.to_string()),
        }
    }
    assert_eq!(failures, Vec::<String>::new(), "every request in flight completes");
    let status = server.wait_for_exit(Duration::from_secs(20)).expect("the server exits after the last response");
    assert!(status.success(), "{status}");
    assert!(http_get(&server.base_url, "/healthz").is_err(), "no longer listening");
}

#[test]
fn sighup_reloads_valid_rules_and_keeps_the_old_ones_when_the_new_are_invalid() {
    let dir = rules_copy("reload");
    let server = Server::start_with(&[("ADVISOR_RULES_DIR", dir.to_str().unwrap()), ("RUST_LOG", "info")]);
    let before = advice(&server)["ruleset"].clone();

    let framework = dir.join("framework.toml");
    let text = std::fs::read_to_string(&framework).unwrap();
    let version = before["version"].as_str().unwrap();
    let edited = text.replacen(&format!("version = \"{version}\""), "version = \"reloaded\"", 1);
    assert_ne!(edited, text, "framework.toml names its version");
    std::fs::write(&framework, edited).unwrap();
    // A new version is the newest of the changelog too.
    let changes = dir.join("changes.toml");
    let text = std::fs::read_to_string(&changes).unwrap();
    std::fs::write(&changes, text.replacen(&format!("version = \"{version}\""), "version = \"reloaded\"", 1)).unwrap();
    server.signal(libc::SIGHUP);
    eventually("the new rules in force", || (advice(&server)["ruleset"]["version"] == "reloaded").then_some(()));
    let reloaded = advice(&server)["ruleset"].clone();
    assert_ne!(reloaded["sha256"], before["sha256"]);

    let prices = dir.join("prices.toml");
    let mut broken = std::fs::read_to_string(&prices).unwrap();
    broken.push_str("\nthis is = = not toml\n");
    let broken_line = broken.lines().count();
    std::fs::write(&prices, broken).unwrap();
    server.signal(libc::SIGHUP);
    eventually("the refusal logged", || (server.log().contains("rules not reloaded")).then_some(()));
    let log = server.log();
    assert!(log.contains(&format!("prices.toml:{broken_line}:")), "the diagnostic names file and line:\n{log}");
    assert_eq!(advice(&server)["ruleset"], reloaded, "the rules in force stay");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn json_logs_are_one_object_a_line() {
    let server = Server::start_with(&[("ADVISOR_LOG_FORMAT", "json"), ("RUST_LOG", "info")]);
    eventually("the start-up logged", || (server.log().contains("listening on")).then_some(()));
    for line in server.log().lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(entry["level"].is_string() && entry["timestamp"].is_string(), "{line}");
    }
}

/// Runs the server with `env` and expects it to refuse to start; returns what it printed.
fn refused_start(env: &[(&str, &str)]) -> String {
    let mut process = Process(
        Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
            .env("LEPTOS_OUTPUT_NAME", "kms-hsm-advisor")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", server::free_port()))
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("the server binary starts"),
    );
    let status = eventually(&format!("the server to stop with {env:?}"), || process.0.try_wait().unwrap());
    assert_eq!(status.code(), Some(1), "{env:?}");
    let mut printed = String::new();
    process.0.stderr.take().unwrap().read_to_string(&mut printed).unwrap();
    printed
}

#[test]
fn configuration_mistakes_stop_the_start_with_the_variable_named() {
    for (name, value, expected) in [
        ("ADVISOR_FRAME_ANCESTORS", "https://wiki.example.com;script-src *", "ADVISOR_FRAME_ANCESTORS: `"),
        ("ADVISOR_HSTS_MAX_AGE", "a year", "ADVISOR_HSTS_MAX_AGE: expected a whole number"),
        ("ADVISOR_LOG_FORMAT", "xml", "ADVISOR_LOG_FORMAT: expected text or json"),
        ("ADVISOR_PUBLIC_URL", "advisor.example.com", "ADVISOR_PUBLIC_URL: expected the site's absolute base URL"),
        ("RUST_LOG", "[[[", "RUST_LOG: expected a log filter"),
        ("ADVISOR_RULES_DIR", "/nonexistent/rules", "cannot read the rules directory: No such file or directory"),
    ] {
        let printed = refused_start(&[(name, value)]);
        assert!(printed.contains(expected), "{name}={value}: {printed}");
    }
    // Every bad variable at once, each named, before anything else is tried.
    let printed = refused_start(&[
        ("ADVISOR_LOG_FORMAT", "xml"),
        ("ADVISOR_HSTS_MAX_AGE", "a year"),
        ("ADVISOR_PUBLIC_URL", "advisor.example.com"),
    ]);
    for name in ["ADVISOR_LOG_FORMAT: ", "ADVISOR_HSTS_MAX_AGE: ", "ADVISOR_PUBLIC_URL: "] {
        assert!(printed.contains(name), "{name}: {printed}");
    }
    // A directory that is not there is one problem, named once.
    let printed = refused_start(&[("ADVISOR_RULES_DIR", "/nonexistent/rules")]);
    assert!(printed.contains("--> /nonexistent/rules\n") && printed.contains("1 problem(s)"), "{printed}");
}

/// `make run` ends as the server does: with invalid rules, non-zero and the diagnostics. (`-o
/// build` takes the release build that `make test` made before the tests as it is.)
#[test]
fn make_run_fails_when_the_server_refuses_invalid_rules() {
    let dir = rules_copy("make-run");
    let rules = dir.join("rules.toml");
    let text = std::fs::read_to_string(&rules).unwrap().replacen("question = \"q1\"", "question = \"q9\"", 1);
    std::fs::write(&rules, text).unwrap();
    // `make test` builds the site, not the release server: the recipe runs the test build's.
    let server = format!("SERVER={}", env!("CARGO_BIN_EXE_kms-hsm-advisor"));
    let output = Command::new("make")
        .args(["--no-print-directory", "-o", "build", "-o", "tools", "run", &server])
        .env("ADVISOR_RULES_DIR", &dir)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("error[unknown-question]") && stderr.contains("refusing to start: 1 problem(s)"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// With port 0 the log names the port the system chose.
#[test]
fn the_log_names_the_address_bound() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
        .env("LEPTOS_OUTPUT_NAME", "kms-hsm-advisor")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = std::io::BufRead::lines(std::io::BufReader::new(stdout))
        .map_while(Result::ok)
        .find(|line| line.contains("listening on"))
        .expect("the start-up logged");
    let _ = child.kill();
    let _ = child.wait();
    let port: u16 = line.rsplit(':').next().unwrap().trim().parse().unwrap_or_else(|e| panic!("{e}: {line}"));
    assert_ne!(port, 0, "{line}");
}
