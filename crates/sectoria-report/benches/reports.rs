//! Report generation for the demo plan (issue 4 target: under 1 s for the three documents).
//! `cargo bench -p sectoria-report --bench reports`

use criterion::{criterion_group, criterion_main, Criterion};
use sectoria_core::Plan;

fn demo_plan() -> Plan {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/demo-plan.json");
    let text = std::fs::read_to_string(path).expect("demo plan fixture");
    serde_json::from_str(&text).expect("plan")
}

fn reports(c: &mut Criterion) {
    let plan = demo_plan();
    c.bench_function("demo report.html", |b| b.iter(|| sectoria_report::html_report(&plan, None, None)));
    c.bench_function("demo plan.geojson", |b| b.iter(|| sectoria_report::geojson(&plan)));
    c.bench_function("demo plan.xlsx", |b| b.iter(|| sectoria_report::xlsx(&plan)));
}

criterion_group!(benches, reports);
criterion_main!(benches);
