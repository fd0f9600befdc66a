//! The import through the real router and the real binary: a plan and a bill posted as a form
//! would post them, the same links from the page, the API and the CLI, bad files answered 4xx
//! with the file and where, the size limit, and broken files never answering 5xx.

use crate::support::app::{self, APP, Reply};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use proptest::prelude::*;

const PLAN: &str = "tests/fixtures/terraform/plan-two-regions.json";
const CUR_GZ: &str = "tests/fixtures/cur/cur-legacy-november.csv.gz";
const BOUNDARY: &str = "advisor-test-boundary";

/// A `multipart/form-data` body with each file in a field `file`, as a browser sends the form.
fn form(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn post(path: &str, files: &[(&str, &[u8])]) -> Reply {
    let body = form(files);
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    app::call(&APP, request)
}

fn links(files: &serde_json::Value) -> Vec<String> {
    let mut links = Vec::new();
    for file in files.as_array().unwrap() {
        for state in file["states"].as_array().unwrap() {
            links.push(state["link"].as_str().unwrap().to_string());
        }
        for compare in file["compare"].as_array().unwrap() {
            links.push(compare["link"].as_str().unwrap().to_string());
        }
    }
    links
}

/// A plan and a gzip bill in one upload: a state per Region each, whose links the advisor reads
/// back to the same answers; the page lists the same links, and the CLI prints them too.
#[test]
fn the_page_the_api_and_the_cli_give_the_same_links() {
    let plan = std::fs::read(PLAN).unwrap();
    let bill = std::fs::read(CUR_GZ).unwrap();
    let (status, json) = post("/api/v1/import", &[("plan.json", &plan), ("cur.csv.gz", &bill)]).into_json();
    assert_eq!(status, StatusCode::OK, "{json}");
    let files = &json["files"];
    assert_eq!(files[0]["format"], "terraform-plan");
    assert_eq!(files[1]["format"], "cost-and-usage-report");
    assert_eq!(files[1]["period"]["start"], "2026-11-01");
    let regions: Vec<&str> =
        files[0]["states"].as_array().unwrap().iter().map(|s| s["region"].as_str().unwrap()).collect();
    assert_eq!(regions, ["eu-west-1", "us-east-1"]);
    let links = links(files);

    // Each state's link is an advisor page with the imported answers.
    let ireland = files[0]["states"][0]["link"].as_str().unwrap();
    let advice = app::get(&ireland.replacen("/?", "/api/v1/advice?", 1)).json();
    assert_eq!(advice["inputs"]["keys"], 3, "{}", advice["inputs"]);
    assert_eq!(advice["inputs"]["rotation"], 180);
    let virginia_bill = &files[1]["states"][1];
    assert_eq!(virginia_bill["region"], "us-east-1");
    let advice = app::get(&virginia_bill["link"].as_str().unwrap().replacen("/?", "/api/v1/advice?", 1)).json();
    assert_eq!(
        (advice["inputs"]["keys"].as_u64(), advice["inputs"]["requests"].as_f64()),
        (Some(30), Some(2_500_000.0))
    );
    assert_eq!(app::get(files[0]["compare"][0]["link"].as_str().unwrap()).status, StatusCode::OK);

    let page = post("/import", &[("plan.json", &plan), ("cur.csv.gz", &bill)]);
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header(header::CACHE_CONTROL), "no-store");
    for link in &links {
        let in_html = link.replace('&', "&amp;");
        assert!(page.text().contains(&in_html), "the page lacks {link}");
    }

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
        .args(["import", "--json", PLAN, CUR_GZ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let cli: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(self::links(&cli["files"]), links);
    let text = std::process::Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
        .args(["import", "--base-url", "https://advisor.example", PLAN])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(&format!("https://advisor.example{ireland}")), "{text}");
}

/// Files of another kind, broken files and a Region the rules lack answer 4xx naming the file
/// and where; the CLI says the same and exits 2.
#[test]
fn bad_files_are_named_with_where() {
    let cases: [(&str, &[u8], &str); 6] = [
        ("notes.txt", b"just some notes\n", "line 1: no usage-type column"),
        ("plan.json", b"{\"format_version\": \"1.2\",\n \"planned_values\": [", "line 2, column"),
        ("empty-plan.json", br#"{"format_version": "1.0", "values": {"root_module": {}}}"#, "at /values/root_module: no KMS key"),
        ("cur.zip", b"PK\x03\x04rest", "unzip it"),
        ("cur.parquet", b"PAR1rest", "text/csv"),
        (
            "elsewhere.json",
            br#"{"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "values": {"region": "mx-central-1"}}]}}}"#,
            "at /values/root_module/resources/0: the Region mx-central-1 is not in the rules",
        ),
    ];
    for (name, bytes, expected) in cases {
        let (status, json) = post("/api/v1/import", &[(name, bytes)]).into_json();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {json}");
        assert_eq!(json["error"]["file"], name);
        assert!(json["error"]["message"].as_str().unwrap().contains(expected), "{name}: {json}");
        let page = post("/import", &[(name, bytes)]);
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.text().contains(name), "{name}");
    }
    let cut = std::fs::read(CUR_GZ).unwrap();
    let (status, json) = post("/api/v1/import", &[("cut.csv.gz", &cut[..cut.len() / 2])]).into_json();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json["error"]["message"].as_str().unwrap().contains("cut short"), "{json}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "just some notes\n").unwrap();
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor")).arg("import").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("notes.txt: line 1: no usage-type column"));
}

/// No file, not a form, and a body over the limit: 400, 400 and 413, the last pointing to the CLI.
#[test]
fn uploads_are_bounded() {
    let (status, json) = post("/api/v1/import", &[]).into_json();
    assert_eq!((status, json["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("no_file")));
    let not_a_form = Request::post("/api/v1/import").body(Body::from("{}")).unwrap();
    assert_eq!(app::call(&APP, not_a_form).status, StatusCode::BAD_REQUEST);
    let large = vec![b'a'; kms_hsm_advisor::server::MAX_UPLOAD_BYTES + 1];
    let (status, json) = post("/api/v1/import", &[("large.csv", &large)]).into_json();
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json["error"]["message"].as_str().unwrap().contains("kms-hsm-advisor import"), "{json}");
    // Without a length announced, the body is cut at the limit as it streams.
    let body = form(&[("large.csv", &large)]);
    let streamed = Request::post("/api/v1/import")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from_stream(futures_util::stream::iter(
            body.chunks(64 * 1024).map(|chunk| Ok::<_, std::io::Error>(chunk.to_vec())).collect::<Vec<_>>(),
        )))
        .unwrap();
    assert_eq!(app::call(&APP, streamed).status, StatusCode::PAYLOAD_TOO_LARGE);
}

fn mangled() -> impl Strategy<Value = Vec<u8>> {
    let plan = std::fs::read(PLAN).unwrap();
    let bill = std::fs::read("tests/fixtures/cur/cur-legacy-november.csv").unwrap();
    let gz = std::fs::read(CUR_GZ).unwrap();
    (prop::sample::select(vec![plan, bill, gz]), any::<u64>(), prop::collection::vec((any::<u16>(), any::<u8>()), 0..8))
        .prop_map(|(mut bytes, cut, flips)| {
            let len = bytes.len();
            for (at, byte) in flips {
                bytes[usize::from(at) % len] = byte;
            }
            bytes.truncate((cut as usize % (len + 1)).max(1));
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Fixtures cut short and with bytes changed: 200 or 4xx, JSON that parses, never a 5xx.
    #[test]
    fn broken_files_never_answer_5xx(bytes in mangled()) {
        let reply = post("/api/v1/import", &[("mangled", &bytes)]);
        prop_assert!(reply.status == StatusCode::OK || reply.status.is_client_error(), "{}: {}", reply.status, reply.text());
        let json = reply.json();
        prop_assert!(json.get("files").is_some() || json["error"]["file"] == "mangled", "{json}");
    }
}
