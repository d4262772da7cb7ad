//! Counterfactuals: for one establishment, the best plan with the opposite decision — served at
//! least at its minimum presence (by whichever worker the solver chooses) when the plan leaves it
//! unserved, taken out (every pair forbidden) when the plan serves it — found by a re-solve
//! warm-started from the plan, with its cost and the proven interval of that cost
//! ([`CostInterval`]: `[max(0, max(z, z') − b'), b − z']`, `z`, `b` the plan's objective and
//! bound, `z'`, `b'` the re-solve's). The re-solve stops branching once the decision is settled:
//! its bound proves it ([`CostInterval::proving_bound`]), or it found a plan with the change as
//! good as this one. Its tree would only narrow the interval.
//!
//! When the interval contains zero the text says so plainly: the decision lies within the
//! solver's tolerance, an equally good plan may do otherwise, and the change costs at most the
//! interval's high end.

use sectoria_core::counterfactual::{Change, CostInterval, Counterfactual, SiteDelta};
use sectoria_core::french::{counted, half_days, points};
use sectoria_core::objective::weekly_km;
use sectoria_core::{align_posts, assemble, Plan, Problem, Solution};
use sectoria_report::frformat::{decimal, readable};
use sectoria_report::summary::gap_percent;
use sectoria_solver::Sectors;

/// Why an establishment of `[locks] exclude` cannot be served.
const EXCLUDED: &str = "exclu par le scénario ([locks] exclude) ; retirez-le de la liste pour le servir";

/// The changed problem and the warm start for the change of site `i`, or why it is impossible.
fn changed(problem: &Problem, solution: &Solution, i: usize, change: Change) -> Result<(Problem, Solution), String> {
    let site = &problem.sites[i];
    let mut forced = problem.clone();
    forced.scenario.solver.threads = 1;
    let mut start = solution.clone();
    match change {
        Change::Serve => {
            // The scenario's own exclusion, named as such: forcing the presence would only meet
            // it as a conflict with `rules.must_cover`, a rule the establishment is not under.
            if problem.is_excluded(i) {
                return Err(EXCLUDED.to_string());
            }
            if let Some(h) = problem.head[i].filter(|&h| problem.is_excluded(h)) {
                return Err(format!(
                    "son collège tête de réseau {} ({}) est exclu par le scénario ([locks] exclude), et une école REP+ n'est servie que par l'assistant de son collège (règle rep_plus_schools_follow_college) ; retirez {} de la liste pour la servir",
                    problem.sites[h].uai(),
                    problem.sites[h].establishment.name,
                    problem.sites[h].uai()
                ));
            }
            forced.sites[i].must_cover = true;
        }
        Change::Remove => {
            if problem.scenario.locks.serve.iter().any(|u| u == site.uai()) {
                return Err("à servir par le scénario ([locks] serve) : il ne peut pas être retiré".to_string());
            }
            if site.must_cover {
                return Err("couverture obligatoire (rules.must_cover) : il ne peut pas être retiré".to_string());
            }
            if problem.locks.iter().any(|l| l.site == i) {
                return Err("verrou de [locks] : il ne peut pas être retiré sans lever le verrou".to_string());
            }
            if let Some(l) = problem.locks.iter().find(|l| problem.head[l.site] == Some(i)) {
                return Err(format!(
                    "verrou de [locks] sur l'école {} de son réseau REP+, qui suit son collège : il ne peut pas être retiré sans lever ce verrou",
                    problem.sites[l.site].uai()
                ));
            }
            forced.forbidden.extend((0..problem.staff.len()).map(|k| (k, i)));
            start.assignments.retain(|a| a.site != i && problem.head[a.site] != Some(i));
        }
    }
    Ok((forced, start))
}

fn workers_at(problem: &Problem, s: &Solution, i: usize) -> String {
    let ids: Vec<&str> =
        s.assignments.iter().filter(|a| a.site == i).map(|a| problem.staff[a.worker].worker.id.as_str()).collect();
    ids.join(", ")
}

fn total_km(problem: &Problem, s: &Solution) -> f64 {
    (0..problem.staff.len()).map(|k| weekly_km(problem, s, k)).sum()
}

/// What differs between `before` and `after`: sites (site `i` first), moved workers, km.
fn differences(problem: &Problem, before: &Solution, after: &Solution, i: usize) -> (Vec<SiteDelta>, Vec<String>, f64) {
    let (ub, ua) = (before.units_per_site(problem.sites.len()), after.units_per_site(problem.sites.len()));
    let mut order: Vec<usize> = (0..problem.sites.len()).collect();
    order.sort_by_key(|&j| (j != i, j));
    let deltas = order
        .into_iter()
        .filter_map(|j| {
            let (wb, wa) = (workers_at(problem, before, j), workers_at(problem, after, j));
            (ub[j] != ua[j] || wb != wa).then(|| SiteDelta {
                uai: problem.sites[j].uai().to_string(),
                name: problem.sites[j].establishment.name.clone(),
                units_before: ub[j],
                units_after: ua[j],
                worker_before: wb,
                worker_after: wa,
            })
        })
        .collect();
    let moved = (0..problem.staff.len())
        .filter(|&k| before.bases[k] != after.bases[k])
        .map(|k| problem.staff[k].worker.id.clone())
        .collect();
    (deltas, moved, total_km(problem, after) - total_km(problem, before))
}

fn delta_text(d: &SiteDelta) -> String {
    let who = |w: &str| if w.is_empty() { "personne".to_string() } else { w.to_string() };
    // The worker after a change of time, with the one before when it changes too
    // (« 3 → 4, A05 → A06 »): a change of assistant is never hidden behind a change of time.
    let worker = |w: &str| {
        if d.units_before > 0 && d.worker_before != d.worker_after {
            format!("{} → {w}", who(&d.worker_before))
        } else {
            w.to_string()
        }
    };
    if d.units_before == d.units_after {
        format!("{} ({}) change d'assistant : {} → {}", d.uai, d.name, who(&d.worker_before), who(&d.worker_after))
    } else if d.units_after > d.units_before {
        format!(
            "{} ({}) gagne {} ({} → {}, {})",
            d.uai,
            d.name,
            half_days(d.units_after - d.units_before),
            d.units_before,
            d.units_after,
            worker(&who(&d.worker_after))
        )
    } else {
        format!(
            "{} ({}) perd {} ({} → {}{})",
            d.uai,
            d.name,
            half_days(d.units_before - d.units_after),
            d.units_before,
            d.units_after,
            if d.units_after == 0 {
                format!(", quitte {}", who(&d.worker_before))
            } else if d.worker_before != d.worker_after {
                format!(", {}", worker(&d.worker_after))
            } else {
                String::new()
            }
        )
    }
}

/// The counterfactual paragraph (French).
fn text(c: &Counterfactual, objective: f64) -> String {
    let Some(cost) = c.cost else {
        return format!("{} : impossible — {}", c.description, c.impossible.clone().unwrap_or_default());
    };
    let mut t = if cost.shown < 0.0 {
        // The plan found with the change is better than this one, which lies within its
        // tolerance: the change's cost against the best plan possible is only bounded.
        format!(
            "{} : le meilleur plan trouvé avec ce changement fait {} de mieux que ce plan, qui est dans la \
             tolérance du solveur ; coût du changement par rapport au meilleur plan possible : intervalle prouvé \
             [{} ; {}] points. ",
            c.description,
            points(-cost.shown, 1),
            decimal(cost.low, 1),
            decimal(cost.high, 1)
        )
    } else {
        format!(
            "{} coûte {} d'objectif ({} de l'objectif) ; intervalle prouvé [{} ; {}] points. ",
            c.description,
            points(cost.shown, 1),
            gap_percent(cost.shown / objective.abs().max(1e-9)),
            decimal(cost.low, 1),
            decimal(cost.high, 1)
        )
    };
    if c.proven {
        t.push_str("Décision prouvée : aucun plan aussi bon que celui-ci ne fait ce changement. ");
    } else {
        t.push_str(&format!(
            "Décision dans la tolérance du solveur : un plan aussi bon pourrait faire ce changement ; il coûte au plus {}. ",
            points(cost.high, 1)
        ));
    }
    let shown: Vec<String> = c.differences.iter().take(8).map(delta_text).collect();
    if shown.is_empty() {
        t.push_str("Le meilleur plan trouvé avec ce changement ne diffère pas du plan");
    } else {
        t.push_str("Le meilleur plan trouvé avec ce changement : ");
        t.push_str(&shown.join(" ; "));
        if c.differences.len() > shown.len() {
            t.push_str(&format!(
                " ; et {}",
                counted((c.differences.len() - shown.len()) as u64, "autre établissement")
            ));
        }
    }
    if !c.moved_workers.is_empty() {
        t.push_str(&format!(" ; résidence déplacée : {}", c.moved_workers.join(", ")));
    }
    t.push_str(&format!(
        " ; {}{} km par semaine.",
        if c.km_delta >= 0.0 { "+" } else { "−" },
        readable(c.km_delta.abs(), 1)
    ));
    t
}

/// The counterfactual of site `i` of `plan` (whose decisions are `solution`), with the
/// counterfactual plan itself when the re-solve found one.
pub fn counterfactual(
    problem: &Problem,
    plan: &Plan,
    solution: &Solution,
    sectors: &Sectors,
    i: usize,
) -> (Counterfactual, Option<Plan>) {
    let site = &problem.sites[i];
    let served = solution.assignments.iter().any(|a| a.site == i);
    let (change, description) = if served {
        (Change::Remove, format!("Le retirer ({}, sans aucune présence)", site.uai()))
    } else {
        (Change::Serve, format!("Le servir ({}, au moins {} par semaine)", site.uai(), half_days(site.min_units)))
    };
    let mut c = Counterfactual {
        change,
        description,
        objective: None,
        bound: None,
        cost: None,
        proven: false,
        impossible: None,
        differences: Vec::new(),
        moved_workers: Vec::new(),
        km_delta: 0.0,
        text: String::new(),
    };
    let (z, b) = (plan.objective.total, plan.solver.best_bound);
    let mut other = None;
    match changed(problem, solution, i, change) {
        Err(why) => c.impossible = Some(why),
        // The re-solve stops branching once the decision is settled (proven, or a plan with the
        // change as good as this one): the tree would only narrow the cost's interval.
        Ok((forced, start)) => {
            match sectoria_solver::solve_seeded_whether(&forced, &start, sectors, CostInterval::proving_bound(z)) {
                Err(e) => c.impossible = Some(e.to_string().replace('\n', " ")),
                Ok(solved) => {
                    let interval = CostInterval::new(z, b, solved.report.objective, solved.report.best_bound);
                    c.objective = Some(solved.report.objective);
                    c.bound = Some(solved.report.best_bound);
                    c.proven = interval.proven(z);
                    c.cost = Some(interval);
                    // Interchangeable posts named as in the plan: the differences are then the
                    // change's, not a renaming of the same sectors.
                    let found = align_posts(&forced, solution, &solved.solution);
                    let (d, m, km) = differences(problem, solution, &found, i);
                    (c.differences, c.moved_workers, c.km_delta) = (d, m, km);
                    // A plan of the original scenario: compared with that scenario's rule of thumb,
                    // not with the changed problem's (whose forced presence it would follow).
                    let baseline = sectoria_core::rule_of_thumb(problem).solution;
                    other = Some(assemble(problem, &found, solved.report, &baseline, plan.inputs.clone()));
                }
            }
        }
    }
    c.text = text(&c, z);
    (c, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_differences(n: usize) -> Counterfactual {
        let delta = |k: usize| SiteDelta {
            uai: format!("09900{k:02}A"),
            name: format!("Collège {k}"),
            units_before: 2,
            units_after: 3,
            worker_before: "ASS01".to_string(),
            worker_after: "ASS01".to_string(),
        };
        Counterfactual {
            change: Change::Remove,
            description: "Le retirer".to_string(),
            objective: Some(990.0),
            bound: Some(995.0),
            cost: Some(CostInterval { shown: 10.0, low: 5.0, high: 15.0 }),
            proven: true,
            impossible: None,
            differences: (0..n).map(delta).collect(),
            moved_workers: Vec::new(),
            km_delta: 0.0,
            text: String::new(),
        }
    }

    #[test]
    fn a_change_of_worker_is_said_with_a_change_of_time() {
        let d = |before: u32, after: u32, wb: &str, wa: &str| SiteDelta {
            uai: "0660522J".to_string(),
            name: "Collège Marcel Pagnol".to_string(),
            units_before: before,
            units_after: after,
            worker_before: wb.to_string(),
            worker_after: wa.to_string(),
        };
        assert_eq!(
            delta_text(&d(3, 4, "A05", "A06")),
            "0660522J (Collège Marcel Pagnol) gagne 1 demi-journée (3 → 4, A05 → A06)"
        );
        assert_eq!(
            delta_text(&d(3, 4, "A05", "A05")),
            "0660522J (Collège Marcel Pagnol) gagne 1 demi-journée (3 → 4, A05)"
        );
        assert_eq!(
            delta_text(&d(0, 2, "", "A05")),
            "0660522J (Collège Marcel Pagnol) gagne 2 demi-journées (0 → 2, A05)"
        );
        assert_eq!(
            delta_text(&d(4, 2, "A05", "A06")),
            "0660522J (Collège Marcel Pagnol) perd 2 demi-journées (4 → 2, A05 → A06)"
        );
        assert_eq!(delta_text(&d(4, 2, "A05", "A05")), "0660522J (Collège Marcel Pagnol) perd 2 demi-journées (4 → 2)");
        assert_eq!(
            delta_text(&d(2, 0, "A05", "")),
            "0660522J (Collège Marcel Pagnol) perd 2 demi-journées (2 → 0, quitte A05)"
        );
    }

    #[test]
    fn a_change_found_better_than_the_plan_is_not_called_a_negative_cost() {
        let mut c = with_differences(1);
        c.cost = Some(CostInterval { shown: -0.7, low: 0.0, high: 42.2 });
        c.proven = false;
        let t = text(&c, 75_036.5);
        assert!(
            t.starts_with(
                "Le retirer : le meilleur plan trouvé avec ce changement fait 0,7 point de mieux que ce plan"
            ),
            "{t}"
        );
        assert!(t.contains("intervalle prouvé [0,0 ; 42,2] points") && !t.contains("-0,"), "{t}");
        // A small positive cost keeps its first figure in %.
        c.cost = Some(CostInterval { shown: 1.5, low: 0.0, high: 42.2 });
        assert!(
            text(&c, 75_036.5).contains("coûte 1,5 point d'objectif (0,002 % de l'objectif)"),
            "{}",
            text(&c, 75_036.5)
        );
    }

    #[test]
    fn the_establishments_left_out_of_the_sentence_are_counted_in_good_french() {
        assert!(!text(&with_differences(8), 1000.0).contains(" ; et "));
        assert!(text(&with_differences(9), 1000.0).contains(" ; et 1 autre établissement ; "));
        assert!(text(&with_differences(10), 1000.0).contains(" ; et 2 autres établissements ; "));
    }
}
