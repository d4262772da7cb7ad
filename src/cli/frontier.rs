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
    // The status line gives the plan's time; the frontier's own is said with it.
    let plan_s = start.elapsed().as_secs_f64();
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
            format!("{} plans non dominés pour (établissements servis, objectif)", points.len())
        } else {
            format!("{} plan non dominé pour (établissements servis, objectif)", points.len())
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
            "  {:>4} établissements servis, objectif {}, besoin couvert {} (pondéré {}), {} km par semaine{}",
            p.establishments_served,
            sectoria_report::frformat::readable(p.objective, 1),
            sectoria_report::frformat::percent(p.need_covered),
            sectoria_report::frformat::percent(p.weighted_need_covered),
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
    // The points that look better than the plan on every figure above, and what it gains over them.
    for said in frontier.map(sectoria_report::frontier_csv::plan_gains_over_beating_points).unwrap_or_default() {
        println!("{said}");
    }
    println!("{}", times(start.elapsed().as_secs_f64() - plan_s, plan_s));
    super::plan::finish_timed(&plan, &a.out, a.force, start, Some(plan_s), Some(&a.instance))?;
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

/// Which time is which: the frontier's solves, then the plan's, which the status line below
/// shows (it showed the whole command's, frontier included, as if it were the plan's).
fn times(frontier_s: f64, plan_s: f64) -> String {
    let s = |t: f64| sectoria_report::frformat::decimal(t, 2);
    format!(
        "Durées : le plan retenu {} s (celle de la ligne « Statut » ci-dessous), puis la frontière {} s.",
        s(plan_s),
        s(frontier_s)
    )
}

#[cfg(test)]
mod tests {
    /// The frontier's time and the plan's are told apart (`frontier` printed 32,49 s on the
    /// status line, the whole command's).
    #[test]
    fn the_frontier_and_the_plan_have_their_own_times() {
        assert_eq!(
            super::times(21.256, 12.0),
            "Durées : le plan retenu 12,00 s (celle de la ligne « Statut » ci-dessous), puis la frontière 21,26 s."
        );
    }
}
