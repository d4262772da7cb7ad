//! Model building against solving, on the demo département and, when `../shared/data` has
//! been imported to `SECTORIA_BENCH_INSTANCE` (an instance folder with its `scenario.toml`),
//! on that instance too. `cargo bench -p sectoria-solver --bench solve`.

use criterion::{criterion_group, criterion_main, Criterion};
use sectoria_core::{Problem, Scenario};
use sectoria_solver::bench_support::{build_compact, build_sectors};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn load(dir: &Path, scenario: &Path) -> (sectoria_core::Instance, Scenario) {
    let instance = sectoria_io::load_instance(dir).expect("instance");
    let scenario = sectoria_io::read_scenario(scenario).expect("scenario");
    (instance, scenario)
}

fn bench_instance(c: &mut Criterion, name: &str, dir: &Path, scenario: &Path) {
    let (instance, scenario) = load(dir, scenario);
    let problem = Problem::new(&instance, &scenario).expect("problem");
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.bench_function("prepare", |b| b.iter(|| Problem::new(black_box(&instance), black_box(&scenario))));
    group.bench_function("build sectors", |b| b.iter(|| build_sectors(black_box(&problem))));
    group.bench_function("build compact", |b| b.iter(|| build_compact(black_box(&problem))));
    group.bench_function("solve", |b| b.iter(|| sectoria_solver::solve(black_box(&problem)).expect("plan")));
    group.finish();
}

fn benches(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    bench_instance(c, "demo", &root.join("data/demo"), &root.join("data/demo/scenario.toml"));
    match std::env::var_os("SECTORIA_BENCH_INSTANCE") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let name = dir.file_name().map_or("instance".into(), |n| n.to_string_lossy().into_owned());
            bench_instance(c, &name, &dir, &dir.join("scenario.toml"));
        }
        None => eprintln!(
            "SECTORIA_BENCH_INSTANCE non défini : seul le département de démonstration est mesuré (importez un département, par exemple `sectoria national --departements 031 --instances`, et indiquez son dossier)"
        ),
    }
}

criterion_group!(solve, benches);
criterion_main!(solve);
