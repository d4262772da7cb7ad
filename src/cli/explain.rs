//! `sectoria explain --instance DIR --plan FILE [--uai X]`.

use super::sweep::library_error;
use anyhow::{Context, Result};
use sectoria_core::Problem;
use std::path::PathBuf;

/// Arguments of `sectoria explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dossier de l'instance avec laquelle le plan a été calculé.
    #[arg(long)]
    instance: PathBuf,
    /// Plan à expliquer (plan.json).
    #[arg(long)]
    plan: PathBuf,
    /// Scénario (TOML) ; par défaut, celui enregistré dans le plan.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// UAI de l'établissement à expliquer ; sans lui, chaque établissement du plan est
    /// expliqué, sans le coût du changement (qui demande une résolution par établissement).
    #[arg(long)]
    uai: Option<String>,
}

/// Explains one establishment (with the cost of changing it) or all of them.
pub fn run(a: &Args) -> Result<()> {
    let instance = sectoria_io::load_instance(&a.instance)?;
    let plan = sectoria_io::read_plan(&a.plan)?;
    let scenario = match &a.scenario {
        Some(path) => sectoria_io::read_scenario(path)?,
        None => plan.scenario.clone(),
    };
    let problem = Problem::new(&instance, &scenario).map_err(sectoria::Error::from)?;
    match &a.uai {
        Some(uai) => {
            let e = super::progress::with_spinner("Nouvelle résolution pour chiffrer le changement…", || {
                sectoria_scenarios::explain(&problem, &plan, uai)
            })
            .map_err(library_error)
            .with_context(|| format!("explication de {uai}"))?;
            print!("{e}");
        }
        None => {
            for e in sectoria_scenarios::explain_all(&problem, &plan).map_err(library_error)? {
                println!("{e}");
            }
        }
    }
    Ok(())
}
