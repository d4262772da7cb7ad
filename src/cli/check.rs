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
    let now = sectoria_io::input_hashes(&a.instance, &a.scenario)?;
    // A plan adopted in this folder, whose current.csv is now the plan's own sectors: checked
    // with the inputs it was computed from.
    let inputs = sectoria::adopt::record::check_inputs(&a.instance, &plan, instance, now)?;
    if let Some(note) = &inputs.note {
        println!("{note}.");
    }
    let report = sectoria::check_with_inputs(&inputs.instance, &scenario, &plan, &inputs.files)?;
    if report.problems.is_empty() {
        println!(
            "Plan valide : toutes les contraintes sont respectées et l'objectif recalculé ({}) correspond.",
            sectoria_report::frformat::readable(report.recomputed.total, 3)
        );
        return Ok(());
    }
    let list: Vec<String> = inputs.lost.into_iter().chain(report.problems).map(|p| format!("  - {p}")).collect();
    Err(sectoria::Error::PlanRejected { path: a.plan.clone(), problems: list.join("\n") }.into())
}
