//! How long rendering each chart takes, from the rules and inputs to SVG text or PNG bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests fail by panicking.

use std::hint::black_box;
use std::path::Path;

use advisor_core::Inputs;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use kms_hsm_advisor::charts::{Chart, ChartData, Decided, Format, Look, render};
use kms_hsm_advisor::server::rules_dir;

fn rendering(c: &mut Criterion) {
    let rules = rules_dir::load(Path::new("rules")).expect("the shipped rules are valid");
    let (inputs, _) = Inputs::from_query("keys=25&requests=300000000&growth=3&months=60", &rules.region_codes());
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date");
    for chart in Chart::ALL {
        for (format, name) in [(Format::Svg, "svg"), (Format::Png, "png")] {
            c.bench_function(&format!("render {}.{name} (960x540)", chart.slug()), |b| {
                b.iter(|| {
                    let outlook = advisor_core::advice::outlook(&rules, black_box(&inputs));
                    let data = ChartData::new(chart, &rules, &inputs, Decided::from(&outlook), today);
                    render(chart, &data, format, Look::default())
                })
            });
        }
    }
}

criterion_group!(benches, rendering);
criterion_main!(benches);
