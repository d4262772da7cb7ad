//! `sectoria plan`.

use super::progress::with_spinner;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `sectoria plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Dossier de l'instance (establishments.csv, workers.csv, current.csv, distances.csv).
    #[arg(long)]
    instance: PathBuf,
    /// Fichier de scénario (TOML, schema = 1).
    #[arg(long)]
    scenario: PathBuf,
    /// Dossier de sortie.
    #[arg(long)]
    out: PathBuf,
    /// Remplace un plan existant dans le dossier de sortie.
    #[arg(long)]
    force: bool,
}

/// Plans, writes the outputs and prints the summary.
pub fn run(a: &PlanArgs) -> Result<()> {
    let start = Instant::now();
    let instance = sectoria::load_instance(&a.instance)?;
    let scenario = sectoria::read_scenario(&a.scenario)?;
    let inputs = sectoria_io::input_hashes(&a.instance, &a.scenario)?;
    let plan = with_spinner("Résolution du programme en nombres entiers…", || {
        sectoria::plan_with_inputs(&instance, &scenario, inputs)
    })?;
    finish(&plan, &a.out, a.force, start)
}

/// Writes the outputs and prints the summary and the files written.
pub fn finish(plan: &sectoria::Plan, out: &std::path::Path, force: bool, start: Instant) -> Result<()> {
    let elapsed = start.elapsed().as_secs_f64();
    let text = sectoria_report::summary(plan, None);
    let mut files: Vec<(&str, Vec<u8>)> =
        sectoria::outputs::plan_files(plan, &text).into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
    files.extend(sectoria::outputs::report_files(plan, None, None)?);
    files.push(("manifest.json", sectoria::outputs::manifest_json(plan, elapsed).into_bytes()));
    let written = sectoria::outputs::write_outputs(out, &files, force)?;
    print!("{}", sectoria_report::summary(plan, Some(elapsed)));
    println!("Fichiers écrits :");
    for p in written {
        println!("  {}", p.display());
    }
    Ok(())
}
