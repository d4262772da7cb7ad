//! `sectoria explain --instance DIR --plan FILE [--uai X [--out DIR]]`.

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
    /// expliqué, chacun avec son contrefactuel (une résolution par établissement, en parallèle).
    #[arg(long)]
    uai: Option<String>,
    /// Avec --uai : dossier où écrire le plan contrefactuel (plan.json), à vérifier avec
    /// `sectoria check`.
    #[arg(long, requires = "uai")]
    out: Option<PathBuf>,
}

/// Explains one establishment (with its counterfactual) or all of them.
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
            let (e, other) =
                super::progress::with_spinner("Nouvelle résolution pour chiffrer le changement…", || {
                    sectoria_scenarios::explain_with_plan(&problem, &plan, uai)
                })
                .map_err(library_error)
                .with_context(|| format!("explication de {uai}"))?;
            print!("{e}");
            if let (Some(dir), Some(other)) = (&a.out, other) {
                let files = [("plan.json", sectoria_io::write_plan_json(&other))];
                for p in sectoria::outputs::write_outputs(dir, &files, true)? {
                    println!("Plan contrefactuel écrit : {}", p.display());
                }
            }
        }
        None => {
            super::interrupt::catch(
                "les explications s'arrêtent après les contrefactuels en cours ; celles déjà calculées \
                 seront affichées.",
            )?;
            let total = problem.sites.len();
            let (all, done) = super::progress::with_counter("contrefactuels", total, |step| {
                sectoria_scenarios::explain_exact(&problem, &plan, &|done| {
                    step(done);
                    super::interrupt::step()
                })
            })
            .map_err(library_error)?;
            super::interrupt::writing();
            for e in all.iter().filter(|e| e.change.is_some()) {
                println!("{e}");
            }
            if done < total {
                eprintln!(
                    "Explications exactes arrêtées à la demande après {} sur {total} : seuls les \
                     établissements affichés ont leur contrefactuel. Relancez la commande pour les avoir tous.",
                    sectoria_scenarios::counterfactuals(done)
                );
            }
        }
    }
    Ok(())
}
