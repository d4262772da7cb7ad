//! Solves one instance and prints the figures a developer profiles with:
//! `cargo run -p sectoria-solver --example solve -- data/demo data/demo/scenario.toml`
//! (set `SECTORIA_HIGHS_LOG=1` for HiGHS's own log).

use sectoria_core::{greedy, objective, Problem};
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(scenario)) = (args.get(1), args.get(2)) else {
        return Err("usage : solve DOSSIER_INSTANCE SCENARIO.toml".into());
    };
    let instance = sectoria_io::load_instance(Path::new(dir))?;
    let scenario = sectoria_io::read_scenario(Path::new(scenario))?;
    let t = Instant::now();
    let problem = Problem::new(&instance, &scenario)?;
    let prepared = t.elapsed().as_secs_f64();
    let base = greedy(&problem);
    println!("préparation {prepared:.3} s ; glouton {:.1}", objective(&problem, &base).total);
    let t = Instant::now();
    let solved = sectoria_solver::solve(&problem)?;
    let r = &solved.report;
    println!(
        "{:?} objectif {:.1} borne {:.1} écart {:.4} % — {} variables, {} contraintes, {} nœuds — {:.2} s",
        r.status,
        r.objective,
        r.best_bound,
        100.0 * r.relative_gap,
        r.variables,
        r.constraints,
        r.nodes,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
