//! `sectoria check`.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `sectoria check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Dossier de l'instance.
    #[arg(long)]
    instance: PathBuf,
    /// Fichier de scénario.
    #[arg(long)]
    scenario: PathBuf,
    /// Plan à vérifier (plan.json).
    #[arg(long)]
    plan: PathBuf,
}

/// Checks a plan; fails (exit 1) with every problem found, led by a mismatch of instance or
/// scenario when there is one.
pub fn run(a: &CheckArgs) -> Result<()> {
    let instance = sectoria::load_instance(&a.instance)?;
    let scenario = sectoria::read_scenario(&a.scenario)?;
    let plan = sectoria::read_plan(&a.plan)?;
    let inputs = sectoria_io::input_hashes(&a.instance, &a.scenario)?;
    let report = sectoria::check_with_inputs(&instance, &scenario, &plan, &inputs)?;
    if report.problems.is_empty() {
        println!(
            "Plan valide : toutes les contraintes sont respectées et l'objectif recalculé ({}) correspond.",
            sectoria_report::frformat::readable(report.recomputed.total, 3)
        );
        return Ok(());
    }
    let list: Vec<String> = report.problems.iter().map(|p| format!("  - {p}")).collect();
    Err(sectoria::Error::PlanRejected { path: a.plan.clone(), problems: list.join("\n") }.into())
}
