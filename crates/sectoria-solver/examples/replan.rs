//! Measures a replan after one action of the web application's Résultats page (serve an
//! unserved establishment, or exclude a served one): solved cold, warm-started from the previous
//! plan ([`sectoria_solver::solve_from`]), and seeded with the previous solve's sectors too
//! ([`sectoria_solver::solve_seeded`]), one after the other on the same machine:
//! `cargo run --release -p sectoria-solver --example replan -- DOSSIER_INSTANCE SCENARIO.toml [N]`
//! (N unserved establishments served, and N served ones excluded; default 2).

use sectoria_core::scenario::Scenario;
use sectoria_core::{objective, Problem};
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(scenario)) = (args.get(1), args.get(2)) else {
        return Err("usage : replan DOSSIER_INSTANCE SCENARIO.toml [N]".into());
    };
    let n: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(2);
    let instance = sectoria_io::load_instance(Path::new(dir))?;
    let scenario = sectoria_io::read_scenario(Path::new(scenario))?;
    let problem = Problem::new(&instance, &scenario)?;
    let t = Instant::now();
    let first = sectoria_solver::solve(&problem)?;
    println!("plan de départ : {:.2} s, objectif {:.1}", t.elapsed().as_secs_f64(), first.report.objective);
    for (action, changed) in actions(&problem, &first.solution, &scenario, n) {
        let p = Problem::new(&instance, &changed)?;
        let timed = |solve: &dyn Fn() -> Result<sectoria_solver::Solved, sectoria_solver::SolveError>| {
            let t = Instant::now();
            let out = solve();
            let s = t.elapsed().as_secs_f64();
            match out {
                Ok(o) => {
                    format!("{s:.2} s {:.1} ({:.3} %)", objective(&p, &o.solution).total, 100.0 * o.report.relative_gap)
                }
                Err(e) => format!("{s:.2} s échec : {e}"),
            }
        };
        let cold = timed(&|| sectoria_solver::solve(&p));
        let warm = timed(&|| sectoria_solver::solve_from(&p, &first.solution));
        let seeded = timed(&|| sectoria_solver::solve_seeded(&p, &first.solution, &first.sectors));
        println!("{action} : à froid {cold} | depuis le plan {warm} | avec ses secteurs {seeded}");
    }
    Ok(())
}

/// The `n` unserved establishments of highest priority served, and `n` served ones excluded.
fn actions(
    problem: &Problem,
    plan: &sectoria_core::Solution,
    scenario: &Scenario,
    n: usize,
) -> Vec<(String, Scenario)> {
    let units = plan.units_per_site(problem.sites.len());
    let mut unserved: Vec<usize> = (0..problem.sites.len()).filter(|&i| units[i] == 0).collect();
    unserved.sort_by(|a, b| problem.sites[*b].priority.score.total_cmp(&problem.sites[*a].priority.score));
    let served: Vec<usize> = (0..problem.sites.len()).filter(|&i| units[i] > 0).collect();
    let mut out = Vec::new();
    for &i in unserved.iter().take(n) {
        let mut s = scenario.clone();
        s.locks.serve.push(problem.sites[i].uai().to_string());
        out.push((format!("servir {}", problem.sites[i].uai()), s));
    }
    for &i in served.iter().step_by(7).take(n) {
        let mut s = scenario.clone();
        s.locks.exclude.push(problem.sites[i].uai().to_string());
        out.push((format!("exclure {}", problem.sites[i].uai()), s));
    }
    out
}
