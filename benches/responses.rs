//! What one response costs the server, through the whole router and its layers but without a
//! socket: the health check, the page, the embed card, the JSON API, a chart, and a chart's 304.
//! A state asked for again is kept from before; "a new state each time" renders every time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests fail by panicking.

use std::hint::black_box;

use axum::body::Body;
use axum::http::Request;
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::BodyExt;
use kms_hsm_advisor::server::{AppState, router, rules_dir};
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

const STATE: &str = "fips=none&dedicated=no&control=yes&peak_ops=2500&shardable=yes&integration=both\
                     &team=managed&keys=250&requests=900000000&hsms=3&region=eu-west-2&growth=2.5&months=60";

fn responses(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let rules = rules_dir::load(std::path::Path::new("rules")).expect("the shipped rules are valid");
    let app = router(AppState::new(LeptosOptions::builder().output_name("kms-hsm-advisor").build(), rules));
    let respond = |request: Request<Body>| {
        runtime.block_on(async {
            let response = app.clone().oneshot(request).await.unwrap();
            response.into_body().collect().await.unwrap().to_bytes().len()
        })
    };
    let chart_path = "/charts/cost-vs-requests.svg";
    let chart = format!("{chart_path}?{STATE}");
    let etag = runtime.block_on(async {
        let response = app.clone().oneshot(Request::get(&chart).body(Body::empty()).unwrap()).await.unwrap();
        response.headers()["etag"].clone()
    });
    for (name, uri) in [
        ("/healthz", "/healthz".to_string()),
        ("/ (the page)", format!("/?{STATE}")),
        ("/embed", format!("/embed?{STATE}")),
        ("/api/v1/advice", format!("/api/v1/advice?{STATE}")),
        ("cost-vs-requests.svg", chart.clone()),
    ] {
        c.bench_function(&format!("respond {name}"), |b| {
            b.iter(|| respond(Request::get(black_box(&uri)).body(Body::empty()).unwrap()))
        });
    }
    // Every state new: what a page, card or chart costs when it is not kept from before, for a
    // client that takes no compression and as browsers ask (which adds the compressing).
    for (name, path) in [("/ (the page)", "/"), ("/embed", "/embed"), ("cost-vs-requests.svg", chart_path)] {
        for (asked, accept_encoding) in [("", "identity"), (", br or gzip", "br, gzip")] {
            let mut keys = 0_u64;
            c.bench_function(&format!("respond {name}, a new state each time{asked}"), |b| {
                b.iter(|| {
                    keys += 1;
                    let request = Request::get(format!("{path}?{STATE}&keys={keys}"))
                        .header("accept-encoding", accept_encoding)
                        .body(Body::empty())
                        .unwrap();
                    respond(request)
                })
            });
        }
    }
    c.bench_function("respond cost-vs-requests.svg with If-None-Match (304)", |b| {
        b.iter(|| respond(Request::get(black_box(&chart)).header("if-none-match", &etag).body(Body::empty()).unwrap()))
    });
}

criterion_group!(benches, responses);
criterion_main!(benches);
