//! The chart endpoints through the real router: SVG structure and positions, PNG size, caching
//! and bad parameters.

use crate::support::app;

use advisor_core::{Inputs, evaluate};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use kms_hsm_advisor::server::router;

/// Inverse of the chart's short tick labels: "10K" -> 10,000.
fn tick_value(label: &str) -> Option<f64> {
    let (number, scale) = match label.chars().last()? {
        'K' => (&label[..label.len() - 1], 1e3),
        'M' => (&label[..label.len() - 1], 1e6),
        'B' => (&label[..label.len() - 1], 1e9),
        'T' => (&label[..label.len() - 1], 1e12),
        _ => (label, 1.0),
    };
    number.parse::<f64>().ok().map(|n| n * scale)
}

#[test]
fn cost_vs_requests_svg_shows_the_series_and_marks_the_break_even_where_the_model_puts_it() {
    // Own code: CloudHSM applies, and meets KMS at a volume of symmetric requests.
    let query = "keys=1&requests=1000000&integration=custom";
    let answer = app::get(&format!("/charts/cost-vs-requests.svg?{query}"));
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_TYPE], "image/svg+xml; charset=utf-8");
    let svg = String::from_utf8(answer.body).unwrap();
    let document = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let texts: Vec<roxmltree::Node> = document.descendants().filter(|n| n.has_tag_name("text")).collect();
    let text_of = |node: &roxmltree::Node| node.text().unwrap_or_default().trim().to_string();
    let all_text: Vec<String> = texts.iter().map(text_of).collect();
    for expected in [
        // Options that cost the same at every volume share a line and a legend entry.
        "AWS KMS = KMS with imported key material = KMS with an external key store",
        "AWS CloudHSM",
        "KMS with a CloudHSM key store",
        "Symmetric KMS requests per month",
        "Monthly cost (USD)",
        "Break-even: 710.2M requests/month",
        "Your volume: 1M/month",
    ] {
        assert!(all_text.iter().any(|t| t == expected), "{expected:?} is not among {all_text:?}");
    }
    let root = document.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Monthly cost against symmetric KMS requests"));
    let desc = root.children().find(|n| n.has_tag_name("desc")).unwrap().text().unwrap();
    assert!(
        desc.contains("AWS KMS = KMS with imported key material = KMS with an external key store costs $3.94, KMS with a CloudHSM key store $2,135.54 and AWS CloudHSM $2,131.60"),
        "{desc}"
    );
    assert!(
        desc.contains("AWS KMS and AWS CloudHSM cost the same at 710,220,000 symmetric KMS requests a month"),
        "{desc}"
    );

    // Dashed and dotted lines are single paths the SVG dashes itself, not a path per dash.
    let dash_arrays: Vec<&str> = document.descendants().filter_map(|n| n.attribute("stroke-dasharray")).collect();
    for (pattern, what) in
        [("12 6", "CloudHSM, line and legend"), ("3 5", "key store, line and legend"), ("4 4", "break-even")]
    {
        let expected = if pattern == "4 4" { 1 } else { 2 };
        assert_eq!(dash_arrays.iter().filter(|p| **p == pattern).count(), expected, "{what}: {dash_arrays:?}");
    }
    let paths = document.descendants().filter(|n| n.has_tag_name("polyline")).count();
    assert!(paths < 40, "{paths} polylines");

    // Where the x axis puts two of its decade ticks gives the scale; the marker must sit at the
    // model's break-even volume on it.
    let ticks: Vec<(f64, f64)> = texts
        .iter()
        .filter_map(|t| Some((tick_value(&text_of(t))?, t.attribute("x")?.parse::<f64>().ok()?)))
        .filter(|(value, _)| (4.0..=11.0).contains(&value.log10()) && value.log10().fract() == 0.0)
        .collect();
    let (low, high) = (ticks.first().expect("x ticks"), ticks.last().unwrap());
    assert!(high.0 > low.0, "{ticks:?}");
    let marker = document
        .descendants()
        .find(|n| n.has_tag_name("circle") && n.attribute("fill").is_some_and(|f| f.eq_ignore_ascii_case("#CC79A7")))
        .expect("the break-even marker");
    let x: f64 = marker.attribute("cx").unwrap().parse().unwrap();
    let rules = app::rules();
    let (inputs, _) = Inputs::from_query(query, &rules.region_codes());
    let break_even = evaluate(&rules, &inputs).break_even.unwrap().requests_per_month;
    let decades = high.0.log10() - low.0.log10();
    let expected_x = low.1 + (break_even.log10() - low.0.log10()) / decades * (high.1 - low.1);
    // Within 1% of the axis: a pixel is about 2% of a value on seven decades, so comparing
    // values would only measure the rounding to whole pixels.
    let axis = high.1 - low.1;
    assert!((x - expected_x).abs() <= 0.01 * axis, "marker at x={x}, the model's break-even is at x={expected_x:.1}");
}

/// S3 and RDS cannot use CloudHSM: its line is marked ruled out, and neither chart claims a
/// break-even or a crossing with it.
#[test]
fn a_ruled_out_option_is_marked_and_never_met() {
    for chart in ["cost-vs-requests", "cost-over-time"] {
        let svg = String::from_utf8(app::get(&format!("/charts/{chart}.svg?requests=900000000&keys=12")).body).unwrap();
        let document = roxmltree::Document::parse(&svg).unwrap();
        let texts = texts(&document);
        assert!(texts.iter().any(|t| t == "AWS CloudHSM (ruled out)"), "{chart}: {texts:?}");
        assert!(
            !texts.iter().any(|t| t.starts_with("Break-even") || t.starts_with("Costs cross")),
            "{chart}: {texts:?}"
        );
        let desc = description(&document);
        assert!(!desc.contains("cost the same at 1,") && !desc.contains(" cross"), "{chart}: {desc}");
    }
    // Signatures: the axis is the kind the keys make most of, and the break-even is on it.
    let svg = String::from_utf8(
        app::get("/charts/cost-vs-requests.svg?integration=custom&usage=sign&keys=4&asymmetric_requests=5M").body,
    )
    .unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let texts = texts(&document);
    let axis = "Other asymmetric requests (ECC, RSA 3072/4096, ML-DSA) per month";
    assert!(texts.iter().any(|t| t == axis), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("Break-even: ")), "{texts:?}");
}

#[test]
fn cost_over_time_svg_marks_the_month_the_costs_cross() {
    let answer = app::get(
        "/charts/cost-over-time.svg?requests=500000000&keys=1&growth=5&months=36&theme=dark&integration=custom",
    );
    assert_eq!(answer.status, StatusCode::OK);
    let svg = String::from_utf8(answer.body).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let texts = texts(&document);
    assert!(texts.iter().any(|t| t.starts_with("Costs cross in ")), "{texts:?}");
    assert!(texts.iter().any(|t| t == "Cumulative cost (USD)"));
    assert!(texts.iter().any(|t| t == "Cumulative cost over 36 months"));
}

/// Every text an SVG draws, trimmed.
fn texts(document: &roxmltree::Document) -> Vec<String> {
    let drawn = document.descendants().filter(|n| n.has_tag_name("text"));
    drawn.filter_map(|n| Some(n.text()?.trim().to_string())).collect()
}

/// The sentence an SVG's `<desc>` states.
fn description<'d>(document: &'d roxmltree::Document) -> &'d str {
    document.descendants().find(|n| n.has_tag_name("desc")).and_then(|n| n.text()).expect("a <desc>")
}

/// The points of an SVG polyline.
fn points(polyline: &roxmltree::Node) -> Vec<(f64, f64)> {
    let parse = |pair: &str| {
        let (x, y) = pair.split_once(',')?;
        Some((x.parse().ok()?, y.parse().ok()?))
    };
    polyline.attribute("points").unwrap_or_default().split_whitespace().filter_map(parse).collect()
}

#[test]
fn cost_over_time_bends_where_yearly_rotation_charges_start() {
    let query = "keys=1000&requests=0&rotation=365&months=36";
    let svg = String::from_utf8(app::get(&format!("/charts/cost-over-time.svg?{query}")).body).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    // KMS's line (and KMS with imported key material's, which costs the same) is the longest
    // polyline in KMS's colour; the legend's sample is a short one.
    let kms = document
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some("#0072B2"))
        .map(|n| points(&n))
        .max_by_key(Vec::len)
        .expect("KMS's line");
    // The first point is month 1, the last month 36: where month m's total is drawn.
    let (first, last) = (kms[0], kms[kms.len() - 1]);
    let x_of = |month: f64| first.0 + (month - 1.0) * (last.0 - first.0) / 35.0;
    // Height above the axis where the drawn line crosses `x`, between its points.
    let height_at = |x: f64| -> f64 {
        let pair = kms.windows(2).find(|w| w[0].0 <= x && x <= w[1].0).expect("x on the line");
        let share = if pair[1].0 > pair[0].0 { (x - pair[0].0) / (pair[1].0 - pair[0].0) } else { 0.0 };
        -(pair[0].1 + share * (pair[1].1 - pair[0].1))
    };
    // Between months 1 and 12, 12 and 24, and 24 and 36 the line is straight (within the
    // rounding to whole pixels), and it rises twice and three times as fast in the second and
    // third: the 1,000 keys cost $1,000, then $2,000, then $3,000 a month.
    let spans = [(1.0, 12.0), (12.0, 24.0), (24.0, 36.0)];
    let slopes = spans.map(|(from, to)| (height_at(x_of(to)) - height_at(x_of(from))) / (to - from));
    for ((from, to), slope) in spans.into_iter().zip(slopes) {
        for month in (from as u32)..=(to as u32) {
            let straight = height_at(x_of(from)) + slope * (f64::from(month) - from);
            let off = (height_at(x_of(f64::from(month))) - straight).abs();
            assert!(off <= 1.5, "month {month} is {off:.1} px off the straight line from {from} to {to}");
        }
    }
    assert!((slopes[1] / slopes[0] - 2.0).abs() < 0.1 && (slopes[2] / slopes[0] - 3.0).abs() < 0.1, "{slopes:?}");
    let texts = texts(&document);
    let marked = |label: &str| texts.iter().any(|t| t == label);
    assert!(marked("+$1/key from month 13") && marked("+$2/key from month 25"), "{texts:?}");
    let desc = description(&document);
    assert!(desc.contains("Rotation raises KMS's monthly cost in months 13 and 25."), "{desc}");
}

#[test]
fn every_distinct_option_is_drawn_and_named_with_the_request_mix() {
    // Signing requests and part-time HSMs: KMS and imported key material still cost the same,
    // the key stores differ from each other and from CloudHSM.
    let query =
        "keys=5&rsa2048_requests=2000000&asymmetric_requests=30000&hsm_hours=220&external_usd=300&integration=custom";
    for chart in ["cost-vs-requests", "cost-over-time"] {
        let svg = String::from_utf8(app::get(&format!("/charts/{chart}.svg?{query}")).body).unwrap();
        let document = roxmltree::Document::parse(&svg).unwrap();
        let texts = texts(&document);
        for legend in [
            "AWS KMS = KMS with imported key material",
            // Keys that sign cannot live in a custom key store: the legend says so.
            "KMS with a CloudHSM key store (ruled out)",
            "KMS with an external key store (ruled out)",
            "AWS CloudHSM",
        ] {
            assert!(texts.iter().any(|t| t == legend), "{chart}: {legend:?} is not among {texts:?}");
        }
        assert!(texts.iter().any(|t| t.contains("2M RSA-2048 · 30K other asymmetric")), "{chart}: {texts:?}");
        assert!(texts.iter().any(|t| t.contains("2 HSMs at $1.46/h × 220 h")), "{chart}: {texts:?}");
        let desc = description(&document);
        assert!(
            desc.contains("each month has 1,000,000 symmetric and 30,000 other asymmetric requests.")
                && desc.contains("HSMs run 220 hours a month."),
            "{desc}"
        );
    }
}

#[test]
fn png_decodes_to_the_requested_size() {
    for (chart, width, height) in [("cost-vs-requests", 640, 360), ("cost-over-time", 320, 2000)] {
        let answer = app::get(&format!("/charts/{chart}.png?dedicated=yes&width={width}&height={height}"));
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.headers[header::CONTENT_TYPE], "image/png");
        let decoder = png::Decoder::new(std::io::Cursor::new(answer.body));
        let reader = decoder.read_info().expect("a PNG");
        assert_eq!((reader.info().width, reader.info().height), (width, height));
    }
}

#[test]
fn identical_requests_get_identical_bytes_and_a_304_when_cached() {
    let uri = "/charts/cost-vs-requests.svg?keys=3&region=eu-west-2";
    let first = app::get(uri);
    let second = app::get(uri);
    assert_eq!(first.body, second.body);
    let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
    assert_eq!(second.headers[header::ETAG], etag.as_str());
    assert!(first.headers[header::CACHE_CONTROL].to_str().unwrap().contains("max-age="));

    let cached = app::get_with(&app::APP, uri, &[(header::IF_NONE_MATCH, &etag)]);
    assert_eq!(cached.status, StatusCode::NOT_MODIFIED);
    assert!(cached.body.is_empty());
    assert_eq!(cached.headers[header::ETAG], etag.as_str());

    // The same state written differently is the same chart; another state is another one.
    let reordered = app::get("/charts/cost-vs-requests.svg?region=eu-west-2&keys=3&utm=x");
    assert_eq!(reordered.headers[header::ETAG], etag.as_str());
    let other = app::get_with(
        &app::APP,
        "/charts/cost-vs-requests.svg?keys=4&region=eu-west-2",
        &[(header::IF_NONE_MATCH, &etag)],
    );
    assert_eq!(other.status, StatusCode::OK);
    assert_ne!(other.headers[header::ETAG], etag.as_str());
}

#[test]
fn bad_parameters_are_400_and_unknown_charts_404() {
    let cases = [
        ("/charts/cost-vs-requests.svg?keys=many", "keys"),
        ("/charts/cost-over-time.png?months=500", "months"),
        ("/charts/cost-vs-requests.svg?width=10", "width"),
        ("/charts/cost-over-time.svg?height=99999", "height"),
        ("/charts/cost-vs-requests.png?theme=neon", "theme"),
    ];
    for (uri, parameter) in cases {
        let answer = app::get(uri);
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(json["error"]["parameter"], parameter, "{uri}");
    }
    for uri in ["/charts/cost-vs-requests.gif", "/charts/pie.svg"] {
        assert_eq!(app::get(uri).status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[test]
fn extreme_states_still_draw() {
    let states = [
        "requests=0&keys=0",
        "requests=10000000000000&keys=1000000&hsms=1000&hsm_hourly=1000",
        "keys=5000&hsms=1",
        "months=1&growth=-99.9",
        "months=120&growth=100&requests=10000000000000",
        "requests=0.5&peak_ops=100000000&shardable=no",
    ];
    for state in states {
        for chart in ["cost-vs-requests.svg", "cost-vs-requests.png", "cost-over-time.svg", "cost-over-time.png"] {
            let uri = format!("/charts/{chart}?{state}&width=320&height=320");
            let answer = app::get(&uri);
            assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&answer.body));
            if chart.ends_with(".svg") {
                roxmltree::Document::parse(std::str::from_utf8(&answer.body).unwrap()).expect("well-formed SVG");
            }
        }
    }
}

#[test]
fn a_remembered_tag_lasts_only_as_long_as_its_rules() {
    let state = app::state();
    let app = router(state.clone());
    let uri = "/charts/cost-vs-requests.svg?keys=5&theme=dark";
    let send = |tag: Option<String>| {
        let mut request = Request::get(uri);
        if let Some(tag) = tag {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        app::call(&app, request.body(Body::empty()).unwrap())
    };
    let first = send(None);
    let tag = first.header(header::ETAG).to_string();
    for _ in 0..2 {
        assert_eq!(send(Some(tag.clone())).status, StatusCode::NOT_MODIFIED);
    }

    let mut changed = app::rules();
    changed.sha256 = "rules that say something else".to_string();
    state.replace_rules(changed);
    let after = send(Some(tag.clone()));
    assert_eq!(after.status, StatusCode::OK, "new rules, new chart");
    assert_ne!(after.header(header::ETAG), tag);
}

/// On a phone-sized chart the legend names options short and keeps a line sample for each,
/// inside the plot: the full names ran past the frame and pushed the samples out.
#[test]
fn a_phone_sized_chart_has_a_legend_that_fits_with_its_samples() {
    let svg = String::from_utf8(app::get("/charts/cost-vs-requests.svg?width=360&height=420").body).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let legend: Vec<roxmltree::Node> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| n.text().is_some_and(|t| t.contains("Imported") || t.trim().starts_with("CloudHSM")))
        .collect();
    let texts: Vec<&str> = legend.iter().filter_map(|n| n.text()).map(str::trim).collect();
    assert_eq!(texts, ["KMS = Imported = External key store", "CloudHSM key store", "CloudHSM (out)"]);
    for node in &legend {
        let x: f64 = node.attribute("x").unwrap().parse().unwrap();
        // About half the font size a character: the longest label ends inside the 360 px frame.
        let size: f64 = node.attribute("font-size").unwrap().parse().unwrap();
        let end = x + node.text().unwrap().trim().chars().count() as f64 * size * 0.6;
        assert!(x > 60.0 && end < 360.0, "{:?} from {x} to {end}", node.text());
    }
    // Each dashed option has its line and its legend sample.
    let dash_arrays: Vec<&str> = document.descendants().filter_map(|n| n.attribute("stroke-dasharray")).collect();
    for pattern in ["12 6", "3 5"] {
        assert_eq!(dash_arrays.iter().filter(|p| **p == pattern).count(), 2, "{pattern}: {dash_arrays:?}");
    }
}
