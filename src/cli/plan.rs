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
    /// Nombre maximal d'établissements dans le périmètre (garde-fou contre un fichier national).
    #[arg(long, value_name = "N", default_value_t = sectoria::SizeLimits::DEFAULT_MAX_ESTABLISHMENTS)]
    max_establishments: usize,
    /// Nombre maximal de couples candidats assistant (ou résidence possible) – établissement.
    #[arg(long, value_name = "N", default_value_t = sectoria::SizeLimits::DEFAULT_MAX_PAIRS)]
    max_pairs: usize,
    /// Remplace le nom des assistants par un pseudonyme stable (« Assistant·e 07 ») dans toutes les sorties.
    #[arg(long)]
    pseudonymise: bool,
    /// Explique chaque établissement avec son contrefactuel (une nouvelle résolution par
    /// établissement, en parallèle) dans plan.json, allocation.csv, le rapport et le classeur.
    #[arg(long)]
    explain: bool,
}

/// Plans, writes the outputs and prints the summary.
pub fn run(a: &PlanArgs) -> Result<()> {
    let start = Instant::now();
    let inputs = sectoria::load_inputs(&a.instance, &a.scenario)?;
    let limits = sectoria::SizeLimits { max_establishments: a.max_establishments, max_pairs: a.max_pairs };
    if a.explain {
        super::interrupt::catch(
            "les explications s'arrêtent après les contrefactuels en cours ; le plan sera écrit dès \
             qu'il est trouvé, avec ceux déjà calculés.",
        )?;
    }
    let planned = with_spinner("Résolution du programme en nombres entiers…", || {
        sectoria::plan_with_limits(&inputs.instance, &inputs.scenario, inputs.hashes.clone(), &limits)
    });
    let mut plan = match planned {
        Ok(plan) => plan,
        Err(e) => {
            // No plan to carry them: what the files hold that looks wrong (a distance left out,
            // a quotité…) may be why, so it is said before the reason.
            for warning in &inputs.warnings {
                eprintln!("Avertissement des données : {warning}");
            }
            return Err(e.into());
        }
    };
    inputs.warn(&mut plan);
    let stopped = a.explain && explain_into(&mut plan, &inputs.instance, &inputs.scenario)?;
    if a.explain {
        super::interrupt::writing();
    }
    if a.pseudonymise {
        for warning in sectoria::privacy::pseudonymise(&mut plan) {
            eprintln!("Attention : {warning}");
        }
    }
    finish(&plan, &a.out, a.force, start, Some(&a.instance))?;
    if stopped {
        completion_hint(&a.instance, &a.out);
    }
    Ok(())
}

/// Says how to compute the counterfactuals a plan written in `out` lacks.
pub fn completion_hint(instance: &std::path::Path, out: &std::path::Path) {
    eprintln!(
        "Pour calculer les contrefactuels manquants en gardant ceux-ci : sectoria explain --instance {} --plan {} \
         --out {} --force",
        instance.display(),
        out.join("plan.json").display(),
        out.display()
    );
}

/// Writes each establishment's exact explanation and counterfactual into `plan`. A first
/// Ctrl-C stops the counterfactuals: `plan` then holds those computed, the terminal says so,
/// and the answer is `true`.
fn explain_into(
    plan: &mut sectoria::Plan,
    instance: &sectoria::Instance,
    scenario: &sectoria::Scenario,
) -> Result<bool> {
    let problem = sectoria_core::Problem::new(instance, scenario).map_err(sectoria::Error::from)?;
    let total = problem.sites.len();
    let done = super::progress::with_counter("contrefactuels", total, |step| {
        sectoria_scenarios::explain_plan(&problem, plan, &|done| {
            step(done);
            super::interrupt::step()
        })
    })
    .map_err(super::sweep::library_error)?;
    if done < total {
        eprintln!(
            "Explications exactes arrêtées à la demande après {} sur {total} : le plan est écrit avec \
             ceux-ci (les autres établissements n'ont pas de contrefactuel).",
            sectoria_scenarios::counterfactuals(done)
        );
    }
    Ok(done < total)
}

/// Writes the outputs and prints the summary and the files written; the status line gives the
/// run's wall time.
pub fn finish(
    plan: &sectoria::Plan,
    out: &std::path::Path,
    force: bool,
    start: Instant,
    instance: Option<&std::path::Path>,
) -> Result<()> {
    finish_timed(plan, out, force, start, None, instance)
}

/// [`finish`], the status line giving `plan_s` (the plan's own solve, when the run did more,
/// such as a frontier) instead of the run's wall time, which the manifest keeps.
pub fn finish_timed(
    plan: &sectoria::Plan,
    out: &std::path::Path,
    force: bool,
    start: Instant,
    plan_s: Option<f64>,
    instance: Option<&std::path::Path>,
) -> Result<()> {
    let elapsed = start.elapsed().as_secs_f64();
    // The report's header names the instance folder (the plan records only « scenario.toml »,
    // the same for every imported département), resolved now: `--instance .` names the folder
    // the command runs from, which `sectoria report` later reads from the manifest.
    let name = instance.and_then(super::report::folder_name);
    let files = sectoria::outputs::run_files(plan, elapsed, name.as_deref())?;
    let written = sectoria::outputs::write_outputs(out, &files, force)?;
    print!("{}", sectoria_report::summary(plan, Some(plan_s.unwrap_or(elapsed))));
    println!("Fichiers écrits :");
    for p in written {
        println!("  {}", p.display());
    }
    if plan.frontier.is_none() {
        // A frontier left by `sectoria frontier` in this folder described the plan replaced.
        for name in ["frontier.csv", "frontier.svg"] {
            let stale = out.join(name);
            if stale.is_file() {
                std::fs::remove_file(&stale)
                    .map_err(|source| sectoria::Error::Output { path: stale.clone(), cause: source })?;
                println!("  {} supprimé : il décrivait la frontière du plan remplacé", stale.display());
            }
        }
    }
    Ok(())
}
