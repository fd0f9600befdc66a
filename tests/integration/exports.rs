//! The exports through the real router: the CSV's shape and its agreement with the JSON API.

use crate::support::app;
use crate::support::app::Reply;

use advisor_core::costs::KeyOption;
use axum::http::{StatusCode, header};

/// The CSV's header: each option's monthly then cumulative column, for the options the page
/// shows (AWS Payment Cryptography's with `payment` keys), between the chart's and the item's.
fn expected_columns(payment: bool) -> Vec<String> {
    let shown: Vec<KeyOption> = KeyOption::ALL.into_iter().filter(|option| payment || !option.payment_only()).collect();
    let per_option =
        |suffix: &str| shown.iter().map(move |option| format!("{}_{suffix}", option.id())).collect::<Vec<_>>();
    ["chart", "month", "requests_per_month"]
        .map(String::from)
        .into_iter()
        .chain(per_option("monthly_usd"))
        .chain(per_option("cumulative_usd"))
        .chain(["item", "quantity", "unit", "unit_usd", "label", "source", "as_of", "note"].map(String::from))
        .collect()
}

/// Payment keys bring AWS Payment Cryptography's columns, after CloudHSM's, and its bill lines,
/// which agree with the API; as a spreadsheet reads it, by column name.
#[test]
fn the_costs_csv_of_payment_keys_has_payment_cryptography_s_columns() {
    let query = "usage=payment&keys=30&payment_requests=5000000&region=eu-west-1";
    let Reply { status, body, .. } = app::get(&format!("/export/costs.csv?{query}"));
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(body.as_slice());
    let columns: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(columns, expected_columns(true));
    let at = |name: &str| columns.iter().position(|column| column == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let first_month = rows.iter().find(|r| &r[0] == "cost-over-time").unwrap();
    assert_eq!(&first_month[at("payment_cryptography_monthly_usd")], "1030.00");
    let line = |item: &str| rows.iter().find(|r| &r[0] == "breakdown" && &r[at("item")] == item).unwrap();
    assert_eq!(&line("payment_keys")[at("payment_cryptography_monthly_usd")], "30.00");
    assert_eq!(&line("payment_requests")[at("payment_cryptography_monthly_usd")], "1000.00");
    assert_eq!(&line("payment_requests")[at("kms_monthly_usd")], "", "KMS bills no payment requests");
    let (_, json) = app::get(&format!("/api/v1/advice?{query}")).into_json();
    assert_eq!(json["costs"]["monthly_usd"]["payment_cryptography"], 1030.0);
    assert_eq!(json["recommendation"]["option"], "payment_cryptography");
}

#[test]
fn the_costs_csv_holds_both_curves_and_agrees_with_the_api() {
    let query = "keys=4&requests=250000000&growth=2&months=24&region=eu-west-2";
    let Reply { status, headers, body, .. } = app::get(&format!("/export/costs.csv?{query}"));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8; header=present");
    // The file says what it is about and when: the option recommended and the day.
    let today = app::TODAY;
    assert_eq!(headers[header::CONTENT_DISPOSITION], format!("attachment; filename=\"{today}-kms-hsm-costs-kms.csv\""));

    let text = String::from_utf8(body.clone()).unwrap();
    assert!(text.lines().count() > 100 && text.matches("\r\n").count() == text.lines().count(), "CRLF line ends");
    let mut reader = csv::Reader::from_reader(body.as_slice());
    let columns: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(columns, expected_columns(false));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let curve: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "cost-vs-requests").collect();
    let months: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "cost-over-time").collect();
    let bill: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "breakdown").collect();
    let sources: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "sources").collect();
    let assumptions: Vec<&csv::StringRecord> = rows.iter().take_while(|r| &r[0] == "assumption").collect();
    assert_eq!(curve.len() + months.len() + bill.len() + sources.len() + assumptions.len(), rows.len());
    // The assumptions come first, one row an answer or figure, in words too.
    let assumed = |item: &str| {
        assumptions.iter().find(|r| &r[13] == item).map(|r| (r[14].to_string(), r[17].to_string(), r[20].to_string()))
    };
    assert_eq!(
        assumed("requests"),
        Some(("250000000".into(), "Symmetric KMS requests per month".into(), "250,000,000".into()))
    );
    assert_eq!(
        assumed("region"),
        Some(("eu-west-2".into(), "AWS Region".into(), "Europe (London) (eu-west-2)".into()))
    );
    assert_eq!(assumed("fips").map(|a| a.2), Some("No level is named".to_string()));
    assert_eq!(assumed("hsm_hourly"), None, "no override was given");
    assert_eq!(assumed("recommendation").map(|a| a.0), Some("kms".to_string()));
    assert_eq!(assumed("rules").map(|a| a.0), Some(app::rules().version));
    // A link's words cannot become a formula where the file is opened; a negative number stays one.
    let Reply { body, .. } = app::get("/export/costs.csv?context=%3DHYPERLINK(%22http://evil%22)&growth=-5");
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(body.as_slice()).records().map(Result::unwrap).collect();
    let context = rows.iter().find(|r| &r[13] == "context").unwrap();
    assert_eq!((&context[14], &context[20]), ("'=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"));
    let growth = rows.iter().find(|r| &r[13] == "growth").unwrap();
    assert_eq!(&growth[14], "-5");
    assert!(curve.len() > 100);
    assert_eq!(months.len(), 24);

    let Reply { body: json, .. } = app::get(&format!("/api/v1/advice?{query}"));
    let advice: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let usd = |value: &str| value.parse::<f64>().unwrap();
    let monthly = &advice["costs"]["monthly_usd"];
    let horizon = &advice["costs"]["horizon_usd"];
    // The first month is the state itself; the last month's totals are the horizon's.
    assert_eq!(usd(&months[0][2]), 250_000_000.0);
    // Every option the state shows, read by its columns' names.
    let at = |name: String| columns.iter().position(|column| *column == name).unwrap();
    let options: Vec<&str> =
        KeyOption::ALL.iter().filter(|option| !option.payment_only()).map(|option| option.id()).collect();
    for &option in &options {
        let (month, total) = (at(format!("{option}_monthly_usd")), at(format!("{option}_cumulative_usd")));
        assert_eq!(usd(&months[0][month]), monthly[option].as_f64().unwrap(), "{option}");
        assert_eq!(usd(&months[23][total]), horizon[option].as_f64().unwrap(), "{option}");
    }
    // The breakdown rows add up to each option's first month, item by item as the API has them.
    let items: Vec<&str> = bill.iter().map(|r| &r[13]).collect();
    assert_eq!(items, ["keys", "symmetric_requests", "key_stores", "external_key_manager", "hsm_hours"]);
    for &option in &options {
        let column = at(format!("{option}_monthly_usd"));
        let sum: f64 = bill.iter().filter(|r| !r[column].is_empty()).map(|r| usd(&r[column])).sum();
        assert!((sum - monthly[option].as_f64().unwrap()).abs() < 0.005, "{option}: {sum}");
        let lines = advice["costs"]["breakdown"][option].as_array().unwrap();
        let named: Vec<&str> = bill.iter().filter(|r| !r[column].is_empty()).map(|r| &r[13]).collect();
        let expected: Vec<&str> = lines.iter().map(|l| l["item"].as_str().unwrap()).collect();
        let mut sorted = expected.clone();
        sorted.sort_by_key(|item| items.iter().position(|i| i == item));
        assert_eq!(named, sorted, "{option}");
    }
    let symmetric = bill.iter().find(|r| &r[13] == "symmetric_requests").unwrap();
    // 250 million requests less the 20,000 free, in units of 10,000 at $0.03.
    assert_eq!((&symmetric[14], &symmetric[15], &symmetric[16]), ("24998", "10,000 requests", "0.03"));
    // The curve is the cost model at each volume: CloudHSM is flat, KMS rises with requests.
    assert!(curve.iter().all(|r| usd(&r[7]) == monthly["cloudhsm"].as_f64().unwrap()));
    assert!(curve.windows(2).all(|pair| usd(&pair[0][3]) <= usd(&pair[1][3])));
    // The sources, figure by figure as the API lists them.
    let listed = advice["sources"].as_array().unwrap();
    assert_eq!(sources.len(), listed.len());
    for (row, figure) in sources.iter().zip(listed) {
        assert_eq!(&row[13], figure["figure"].as_str().unwrap());
        assert_eq!(usd(&row[14]), figure["value"].as_f64().unwrap());
        assert_eq!(&row[15], figure["unit"].as_str().unwrap());
        assert_eq!((&row[17], &row[18]), (figure["label"].as_str().unwrap(), figure["source"].as_str().unwrap()));
        assert_eq!(&row[19], figure["as_of"].as_str().unwrap_or(""));
        assert_eq!(&row[20], figure["note"].as_str().unwrap_or(""));
    }
    let hourly = sources.iter().find(|r| &r[13] == "cloudhsm_hourly_usd").unwrap();
    assert_eq!(
        (&hourly[14], &hourly[15], &hourly[17]),
        ("1.46", "usd_per_hsm_hour", "CloudHSM price per HSM-hour in Europe (London)")
    );
    assert_eq!(&hourly[19], "2026-11-01");
    assert!(hourly[20].starts_with("the source article's figure"), "{:?}", &hourly[20]);
}

#[test]
fn a_malformed_parameter_is_a_400() {
    let Reply { status, body, .. } = app::get("/export/costs.csv?months=abc");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"]["parameter"], "months");
}

#[test]
fn the_decision_record_is_markdown_with_the_madr_headings() {
    let Reply { status, headers, body, .. } = app::get("/export/adr.md?control=yes&integration=custom&keys=12");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/markdown; charset=utf-8");
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"") && disposition.ends_with("-hold-keys-in-cloudhsm.md\""));
    let markdown = String::from_utf8(body).unwrap();

    let mut headings = Vec::new();
    let mut current: Option<(pulldown_cmark::HeadingLevel, String)> = None;
    for event in pulldown_cmark::Parser::new(&markdown) {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { level, .. }) => {
                current = Some((level, String::new()))
            }
            pulldown_cmark::Event::Text(text) => {
                if let Some((_, heading)) = current.as_mut() {
                    heading.push_str(&text);
                }
            }
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(_)) => headings.extend(current.take()),
            _ => {}
        }
    }
    use pulldown_cmark::HeadingLevel::{H1, H2, H3};
    let expected = [
        (H1, "Hold our encryption keys in AWS CloudHSM"),
        (H2, "Context and Problem Statement"),
        (H2, "Decision Drivers"),
        (H2, "Considered Options"),
        (H3, "The decision at a glance"),
        (H2, "Decision Outcome"),
        (H3, "Consequences"),
        (H3, "What would change the decision"),
        (H2, "Pros and Cons of the Options"),
        (H3, "AWS KMS"),
        (H3, "KMS with imported key material"),
        (H3, "KMS with a CloudHSM key store"),
        (H3, "KMS with an external key store"),
        (H3, "AWS CloudHSM"),
        (H2, "Sources"),
        (H2, "Links"),
    ];
    let found: Vec<(pulldown_cmark::HeadingLevel, &str)> = headings.iter().map(|(l, t)| (*l, t.as_str())).collect();
    assert_eq!(found, expected);
    assert!(markdown.contains("* Status: proposed"));
    assert!(markdown.contains("12 customer managed keys"));
    // The Sources table: a row for each figure the API lists, with its as-of date.
    let Reply { body: json, .. } = app::get("/api/v1/advice?control=yes&integration=custom&keys=12");
    let advice: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let figures = advice["sources"].as_array().unwrap();
    let table = markdown.split("## Sources\n\n").nth(1).unwrap().split("\n\n").next().unwrap();
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert_eq!(rows.len(), figures.len(), "{table}");
    for (row, figure) in rows.iter().zip(figures) {
        let as_of = figure["as_of"].as_str().unwrap();
        assert!(row.starts_with("| ") && row.ends_with(&format!(" | {as_of} |")), "{row}");
    }
    assert!(
        markdown.contains(
            "[This decision in the KMS vs CloudHSM Advisor](<http://localhost/?fips=none&dedicated=no&peak_ops=100"
        ),
        "{markdown}"
    );
}

/// A record as a CommonMark renderer with tables reads it: its headings of level 1, its tables
/// with the cells of each row, and the text outside links and code.
struct Rendered {
    titles: Vec<String>,
    tables: Vec<Vec<Vec<String>>>,
    prose: String,
}

fn rendered(markdown: &str) -> Rendered {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let mut rendered = Rendered { titles: Vec::new(), tables: Vec::new(), prose: String::new() };
    let (mut title, mut cell): (Option<String>, Option<String>) = (None, None);
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => title = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => rendered.titles.extend(title.take()),
            Event::Start(Tag::Table(_)) => rendered.tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => rendered.tables.last_mut().unwrap().push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                rendered.tables.last_mut().unwrap().last_mut().unwrap().push(cell.take().unwrap_or_default())
            }
            Event::Text(text) => {
                for open in [title.as_mut(), cell.as_mut()].into_iter().flatten() {
                    open.push_str(&text);
                }
                rendered.prose.push_str(&text);
            }
            Event::End(_) | Event::SoftBreak => rendered.prose.push(' '),
            _ => {}
        }
    }
    rendered
}

/// Both records, rendered as a wiki or a code host renders them: one title, tables whose rows
/// have every column, figures and Region names as written, and no rule id in the prose.
#[test]
fn the_records_render_as_commonmark_with_tables_and_plain_figures() {
    let rules = app::rules();
    let records = [
        "/export/adr.md?dedicated=yes&keys=3&region=eu-central-1",
        "/export/adr.md?custody=external&multi_region=yes&context=PCI%20DSS%20%2A%20card%20vault%20%5Bv2%5D",
        "/export/adr.md?rotation=365&usage=encrypt,sign&signing_keys=2&peak_ops=150000&shardable=no",
        "/compare/adr.md?a=keys%3D3&b=keys%3D3%26dedicated%3Dyes%26integration%3Dcustom%26region%3Deu-west-1",
    ];
    for path in records {
        let Reply { status, body, .. } = app::get(path);
        assert_eq!(status, StatusCode::OK, "{path}");
        let markdown = String::from_utf8(body).unwrap();
        let record = rendered(&markdown);
        assert_eq!(record.titles.len(), 1, "{path}: {:?}", record.titles);
        assert!(!record.tables.is_empty(), "{path}");
        for table in &record.tables {
            let columns = table[0].len();
            assert!(columns >= 4, "{path}: {table:?}");
            assert!(table.iter().all(|row| row.len() == columns), "{path}: a row with other columns in {table:?}");
            assert!(table.len() > 1, "{path}: a table without rows");
        }
        for escaped in ["\\$", "\\.", "\\-", "\\(", "\\)", "\\#", "\\+"] {
            assert!(!markdown.contains(escaped), "{path}: {escaped} in {markdown}");
        }
        assert!(markdown.contains("$1.46") || markdown.contains("$2,"), "{path}");
        // As the record wrote them before: "2. dedicated-hardware (decisive): …", "the rule …".
        for id in rules.rules.iter().map(|rule| &rule.id) {
            for written in [format!("{id}:"), format!("{id} (decisive)"), format!("rule {id}")] {
                assert!(!record.prose.contains(&written), "{path}: rule id {id} in the prose");
            }
        }
        assert!(!record.prose.contains(" your "), "{path}: the record is written as we");
    }
    // What the reader wrote is kept as text, its Markdown characters shown, not acted on.
    let Reply { body, .. } = app::get(records[1]);
    let prose = rendered(&String::from_utf8(body).unwrap()).prose;
    assert!(prose.contains("PCI DSS * card vault [v2]"), "{prose}");
}

/// `kms-hsm-advisor advise` answers what the API answers, without a server.
#[test]
fn advise_on_the_command_line_equals_the_api() {
    for query in [
        "",
        "keys=100&rotation=365&rsa2048_requests=2e5&peak_ops=3500&hsm_hours=220",
        "custody=external&external_usd=900",
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
            .args(["advise", &format!("?{query}")])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let Reply { status, body, .. } = app::get(&format!("/api/v1/advice?{query}"));
        assert_eq!(status, StatusCode::OK);
        let answered: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(printed, answered, "{query}");
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kms-hsm-advisor"))
        .args(["advise", "keys=abc&hsm_hours=0", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("keys: expected a whole number")
            && stderr.contains("hsm_hours: expected a number from 1 to 744")
    );
    assert!(output.stdout.is_empty());
}

/// Every export of the table is served at its path, with its media type, as an attachment named
/// for the day and the option advised, and `none` when every option is ruled out.
#[test]
fn every_export_is_served_as_its_table_row_says() {
    let today = app::TODAY;
    for export in advisor_core::export::Export::ALL {
        for (query, option) in
            [("keys=3", Some(advisor_core::costs::KeyOption::Kms)), ("dedicated=yes&usage=sign", None)]
        {
            let reply = app::get(&format!("{}?{query}", export.path()));
            assert_eq!(reply.status, StatusCode::OK, "{} {query}", export.path());
            assert_eq!(reply.header(header::CONTENT_TYPE), export.content_type());
            let disposition = reply.header(header::CONTENT_DISPOSITION).to_string();
            assert_eq!(disposition, format!("attachment; filename=\"{}\"", export.file_name(today, option)));
            assert_eq!(option.is_none(), disposition.contains("-none."), "{disposition}");
        }
    }
}
