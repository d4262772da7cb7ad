//! The time of the workers of `workers.csv` (the sum of their quotités). A budget above it
//! changes nothing: the plan distributes their time, no more (the warning of
//! `sectoria_core::Problem`). So the Scénario page says it beside the budget before a run, and
//! a run's label says it beside the budget asked (« Budget (ETP) 19 (16,5 utilisés : temps des
//! assistants) »): a « −1 ETP » alternative that is the same plan cannot pass for another.

use serde::Deserialize;
use std::path::Path;

/// The time of the workers of `dir/workers.csv` whose lines the reader accepts, in ETP; `None`
/// without the file or without a readable line (the budget is then cut into posts).
pub fn of_instance(dir: &Path) -> Option<f64> {
    let workers = std::fs::read(dir.join("workers.csv")).ok()?;
    let establishments = std::fs::read(dir.join("establishments.csv")).unwrap_or_default();
    let table = sectoria_io::establishments::parse_establishments(
        &establishments,
        Path::new("establishments.csv"),
        &mut Vec::new(),
    );
    let read = sectoria_io::workers::parse_workers(
        &workers,
        Path::new("workers.csv"),
        &table,
        &mut Vec::new(),
        &mut Vec::new(),
    );
    total(read.workers.iter().map(|w| w.fte))
}

/// Of a plan, the time of its workers from `workers.csv` (not the posts its scenario adds);
/// `None` when it has none.
pub fn of_plan(plan: &sectoria_core::Plan) -> Option<f64> {
    total(plan.workers.iter().filter(|w| !w.generated).map(|w| w.fte))
}

/// A plan's workers, as [`of_plan_file`] reads them.
#[derive(Deserialize)]
struct PlanWorkers {
    workers: Vec<PlanWorker>,
}

#[derive(Deserialize)]
struct PlanWorker {
    fte: f64,
    generated: bool,
}

/// [`of_plan`] of the plan file `path`, read for its workers alone (for a run recorded before
/// its status kept the time).
pub fn of_plan_file(path: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(path).ok()?;
    let plan: PlanWorkers = serde_json::from_str(&text).ok()?;
    total(plan.workers.iter().filter(|w| !w.generated).map(|w| w.fte))
}

/// The sum of `ftes` (to the millionth, as the plan writes quotités), `None` for none.
fn total(ftes: impl Iterator<Item = f64>) -> Option<f64> {
    let (n, sum) = ftes.fold((0, 0.0), |(n, sum), fte| (n + 1, sum + fte));
    (n > 0).then(|| (sum * 1e6).round() / 1e6)
}
