//! `sectoria explain --instance DIR --plan FILE [--uai X [--out DIR]]`.

use super::sweep::library_error;
use anyhow::{Context, Result};
use sectoria_core::reason::points_meaning;
use sectoria_core::Problem;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    /// Le contrefactuel d'un établissement est le même, coût et intervalle prouvé compris, que
    /// celui que `sectoria plan --explain` écrit pour ce plan : les nouvelles résolutions partent
    /// des mêmes secteurs. Minuscules acceptées (0310001h).
    #[arg(long, value_parser = uai_argument)]
    uai: Option<String>,
    /// Avec --uai : dossier où écrire le plan contrefactuel (plan.json), à vérifier avec
    /// `sectoria check`. Sans --uai : dossier où écrire le plan avec toutes ses explications
    /// (plan.json, CSV, rapport, classeur) ; les contrefactuels déjà dans le plan sont gardés,
    /// seuls les manquants sont calculés (explications arrêtées par Ctrl-C ou depuis
    /// l'application web).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Sans --uai, avec --out : remplace un plan existant dans ce dossier (celui du plan
    /// expliqué compris).
    #[arg(long, requires = "out")]
    force: bool,
}

/// A UAI as given on the command line, as the files write it: upper case, without spaces
/// (`0310001h` is `0310001H`).
fn uai_argument(text: &str) -> Result<String, std::convert::Infallible> {
    Ok(text.trim().to_uppercase())
}

/// Explains one establishment (with its counterfactual) or all of them.
pub fn run(a: &Args) -> Result<()> {
    let instance = sectoria_io::load_instance(&a.instance)?;
    let plan = sectoria_io::read_plan(&a.plan)?;
    let scenario = match &a.scenario {
        Some(path) => sectoria_io::read_scenario_for(path, &instance)?,
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
            println!("{}\n", points_meaning(&problem.scenario));
            print!("{e}");
            if let (Some(dir), Some(other)) = (&a.out, other) {
                let files = [("plan.json", sectoria_io::write_plan_json(&other))];
                for p in sectoria::outputs::write_outputs(dir, &files, true)? {
                    println!("Plan contrefactuel écrit : {}", p.display());
                }
            }
        }
        None => match &a.out {
            Some(dir) => complete(&problem, &a.instance, plan, dir, a.force)?,
            None => print_all(&problem, &plan)?,
        },
    }
    Ok(())
}

/// Prints every establishment's explanation with its counterfactual; a first Ctrl-C prints
/// those computed.
fn print_all(problem: &Problem, plan: &sectoria::Plan) -> Result<()> {
    super::interrupt::catch(
        "les explications s'arrêtent après les contrefactuels en cours ; celles déjà calculées seront \
         affichées.",
    )?;
    let total = problem.sites.len();
    let (all, done) = super::progress::with_counter("contrefactuels", total, |step| {
        sectoria_scenarios::explain_exact(problem, plan, &|done| {
            step(done);
            super::interrupt::step()
        })
    })
    .map_err(library_error)?;
    super::interrupt::writing();
    if all.iter().any(|e| e.change.is_some()) {
        println!("{}\n", points_meaning(&problem.scenario));
    }
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
    Ok(())
}

/// Computes the counterfactuals `plan` lacks and writes it, with every output of
/// `sectoria plan`, into `dir`; a first Ctrl-C writes it with those computed so far.
fn complete(problem: &Problem, instance_dir: &Path, mut plan: sectoria::Plan, dir: &Path, force: bool) -> Result<()> {
    let start = Instant::now();
    super::interrupt::catch(
        "les explications s'arrêtent après les contrefactuels en cours ; le plan sera écrit avec ceux \
         déjà calculés.",
    )?;
    let missing = sectoria_scenarios::missing_counterfactuals(problem, &plan);
    let explained = problem.sites.len() - missing;
    if missing == 0 {
        eprintln!("Le plan porte déjà tous ses contrefactuels : rien à calculer, le plan est écrit tel quel.");
    } else if explained > 0 {
        eprintln!("Le plan porte déjà {} : {missing} à calculer.", sectoria_scenarios::counterfactuals(explained));
    }
    let (done, missing) = super::progress::with_counter("contrefactuels", missing, |step| {
        sectoria_scenarios::explain_missing(problem, &mut plan, &|done| {
            step(done);
            super::interrupt::step()
        })
    })
    .map_err(library_error)?;
    super::interrupt::writing();
    if done < missing {
        eprintln!(
            "Explications exactes arrêtées à la demande après {} sur {missing} manquants : le plan est \
             écrit avec ceux-ci.",
            sectoria_scenarios::counterfactuals(done)
        );
    }
    super::plan::finish(&plan, dir, force, start, Some(instance_dir))?;
    if done < missing {
        super::plan::completion_hint(instance_dir, dir);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `--uai 0310001h` was « pas dans le plan (UAI inconnu…) ».
    #[test]
    fn a_lower_case_uai_is_read_as_the_files_write_it() {
        assert_eq!(super::uai_argument(" 0310001h "), Ok("0310001H".to_string()));
    }
}
