//! Criterion benchmark of the bundled example week: `cargo bench --bench example`.

use std::path::Path;

use carbonpass::dispatch::{dispatch, Method};
use criterion::{criterion_group, criterion_main, Criterion};

fn example(c: &mut Criterion) {
    let s = carbonpass::input::load(Path::new("scenarios/de_week_2015.toml"))
        .unwrap()
        .scenario;
    let mut group = c.benchmark_group("example week, one carbon price");
    group.bench_function("lp", |b| b.iter(|| dispatch(&s, 50.0, Method::Lp).unwrap()));
    group.bench_function("merit order", |b| {
        b.iter(|| dispatch(&s, 50.0, Method::MeritOrder).unwrap())
    });
    group.finish();
}

criterion_group!(benches, example);
criterion_main!(benches);
