//! How long one evaluation takes: query parsing, every rule, costs, notes and the flips (which
//! re-decide each variant), for a default state and a hardware-branch state.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests fail by panicking.

use std::hint::black_box;
use std::path::Path;

use advisor_core::{Inputs, evaluate};
use criterion::{Criterion, criterion_group, criterion_main};
use kms_hsm_advisor::server::rules_dir;

fn evaluation(c: &mut Criterion) {
    let rules = rules_dir::load(Path::new("rules")).expect("the shipped rules are valid");
    let regions = rules.region_codes();
    let queries = [
        ("default", ""),
        (
            "hardware branch",
            "fips=3&dedicated=yes&control=yes&peak_ops=5000&shardable=no&integration=both&team=hsm\
             &keys=250&requests=900000000&hsms=3&region=eu-west-2&growth=2.5&months=120",
        ),
        (
            "the responses bench's state",
            "fips=none&dedicated=no&control=yes&peak_ops=2500&shardable=yes&integration=both\
             &team=managed&keys=250&requests=900000000&hsms=3&region=eu-west-2&growth=2.5&months=60",
        ),
    ];
    for (name, query) in queries {
        c.bench_function(&format!("parse query + evaluate ({name})"), |b| {
            b.iter(|| {
                let (inputs, _) = Inputs::from_query(black_box(query), &regions);
                evaluate(&rules, &inputs)
            })
        });
    }
    c.bench_function("load and validate the rules directory", |b| {
        b.iter(|| rules_dir::load(black_box(Path::new("rules"))))
    });
}

criterion_group!(benches, evaluation);
criterion_main!(benches);
