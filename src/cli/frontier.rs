//! `sectoria frontier --instance DIR --scenario FILE --out DIR`: the plan, then the
//! breadth–depth frontier around it; writes the plan's files (the report with the frontier's
//! section), `frontier.csv` and `frontier.svg`.

use super::progress::with_spinner;
use anyhow::Result;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `sectoria frontier`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dossier de l'instance.
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

/// Plans, traces the frontier, writes everything and prints the frontier.
pub fn run(a: &Args) -> Result<()> {
    let start = Instant::now();
    let inputs = sectoria::load_inputs(&a.instance, &a.scenario)?;
    let problem = sectoria::problem_within(&inputs.instance, &inputs.scenario, &sectoria::SizeLimits::default())?;
    super::interrupt::catch(
        "la frontière s'arrête après les résolutions en cours ; le plan et les points déjà trouvés seront écrits.",
    )?;
    let mut plan = with_spinner("Résolution du programme en nombres entiers…", || {
        sectoria_solver::plan(&problem, inputs.hashes.clone())
    })
    .map_err(sectoria::Error::from)?;
    inputs.warn(&mut plan);
    let files = super::progress::with_tally("Frontière largeur–profondeur", "résolution", |step| {
        sectoria_scenarios::frontier_of(
            &problem,
            &mut plan,
            &|done| {
                step(done);
                super::interrupt::step()
            },
            sectoria_scenarios::OnStop::Keep,
        )
    })
    .map_err(super::sweep::library_error)?;
    super::interrupt::writing();
    let points = plan.frontier.as_ref().map(|f| f.points.as_slice()).unwrap_or_default();
    let frontier = plan.frontier.as_ref();
    let tolerance = frontier.and_then(sectoria_report::frontier_csv::plan_tolerance);
    println!(
        "Frontière largeur–profondeur ({}{}) :",
        if points.len() >= 2 {
            format!("{} plans non dominés", points.len())
        } else {
            format!("{} plan non dominé", points.len())
        },
        tolerance.map_or_else(String::new, |(t, _)| format!(
            " ; tolérance du plan retenu : {} {} d'objectif",
            sectoria_report::frformat::readable(t, 1),
            sectoria_core::french::point_noun(t, 1)
        ))
    );
    for p in points {
        let within = frontier.and_then(|f| sectoria_report::frontier_csv::within_tolerance(f, p)) == Some(true);
        println!(
            "  {:>4} établissements servis, objectif {}, besoin couvert {}, {} km par semaine{}",
            p.establishments_served,
            sectoria_report::frformat::readable(p.objective, 1),
            sectoria_report::frformat::percent(p.need_covered),
            sectoria_report::frformat::readable(p.km_total, 0),
            if p.is_plan {
                " ← plan retenu"
            } else if within {
                " (dans la tolérance du plan retenu)"
            } else {
                ""
            }
        );
    }
    super::plan::finish(&plan, &a.out, a.force, start, Some(&a.instance))?;
    for p in
        sectoria::outputs::write_outputs(&a.out, &[("frontier.csv", files.csv), ("frontier.svg", files.svg)], true)?
    {
        println!("  {}", p.display());
    }
    if files.stopped_after.is_some() {
        eprintln!(
            "Frontière arrêtée par Ctrl-C : les {} points écrits sont non dominés, mais entre deux points voisins un plan \
             peut manquer ; relancez la commande pour la tracer en entier.",
            points.len()
        );
    }
    Ok(())
}
