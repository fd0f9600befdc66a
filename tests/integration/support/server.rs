//! Starts the real server binary on a free port, and stops it (with anything it started) however
//! the test ends. Shared by the test binaries that need a real process.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::time::Duration;

use super::wait::poll;

/// The built site the server serves; `make test` builds it before running the tests.
const SITE_ROOT: &str = "target/site";
/// The content hashes in the site's asset names, written by the same build.
const HASHES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/hash.txt");

/// A child process killed, with its whole process group, when dropped.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        // The child leads its own process group (`process_group(0)`), so signalling the group
        // reaches chromedriver's browsers too, and nothing outside it.
        // A child already reaped may have had its pid reused: leave it alone.
        if let Ok(None) = self.0.try_wait()
            && let Ok(group) = i32::try_from(self.0.id())
            && group > 1
        {
            // SAFETY: kill(2) with a negative pid only sends a signal; it touches no memory.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free local port")
}

/// Waits until `process` listens on `address`; fails at once if it exits first.
pub fn wait_for_port(address: SocketAddr, what: &str, process: &mut Process) {
    let listening = poll(STARTING, || {
        if let Ok(Some(status)) = process.0.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        TcpStream::connect(address).is_ok().then_some(())
    });
    assert!(listening.is_some(), "{what} did not listen on {address} within {} s", STARTING.as_secs());
}

/// How long a process may take to listen: longer than other waits, as the first start on a
/// cold machine maps a large binary.
const STARTING: Duration = Duration::from_secs(60);

impl Drop for Server {
    fn drop(&mut self) {
        // A failed test keeps the server's log to look at.
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// The advisor's server binary on a free port, serving the built site and the shipped rules.
pub struct Server {
    process: Process,
    pub base_url: String,
    /// Where the server's stdout and stderr go.
    log: PathBuf,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// The server with extra environment variables, e.g. `ADVISOR_FRAME_ANCESTORS`.
    pub fn start_with(env: &[(&str, &str)]) -> Server {
        assert!(Path::new(HASHES).exists(), "{HASHES} is missing: run `make test`, which builds the site first");
        let address: SocketAddr = ([127, 0, 0, 1], free_port()).into();
        let log = std::env::temp_dir().join(format!("advisor-server-{}-{}.log", std::process::id(), address.port()));
        let log_file = std::fs::File::create(&log).expect("a log file in the temp dir");
        let mut process = Process(
            Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
                .env("LEPTOS_OUTPUT_NAME", "kms-hsm-advisor")
                .env("LEPTOS_SITE_ROOT", SITE_ROOT)
                .env("LEPTOS_SITE_PKG_DIR", "pkg")
                .env("LEPTOS_HASH_FILES", "true")
                // Leptos looks for it beside the binary; an absolute path points elsewhere.
                .env("LEPTOS_HASH_FILE_NAME", HASHES)
                .env("LEPTOS_SITE_ADDR", address.to_string())
                .env("ADVISOR_RULES_DIR", "rules")
                .env("RUST_LOG", "warn")
                .envs(env.iter().copied())
                .stdout(log_file.try_clone().expect("a second handle on the log"))
                .stderr(log_file)
                .process_group(0)
                .spawn()
                .expect("the server binary starts"),
        );
        wait_for_port(address, "the server", &mut process);
        Server { process, base_url: format!("http://{address}"), log }
    }

    /// What the server has written so far.
    #[allow(dead_code, reason = "not every test binary reads the log")]
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends `signal` (e.g. `libc::SIGTERM`) to the server alone.
    #[allow(dead_code, reason = "not every test binary signals the server")]
    pub fn signal(&self, signal: i32) {
        let pid = i32::try_from(self.process.0.id()).expect("a pid fits in i32");
        // SAFETY: kill(2) only sends a signal to our own child; it touches no memory.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "signalling the server");
    }

    /// Waits up to `limit` for the server to exit by itself.
    #[allow(dead_code, reason = "not every test binary stops the server")]
    pub fn wait_for_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        poll(limit, || self.process.0.try_wait().ok().flatten())
    }
}
