//! Time left unassigned while the budget is not spent: which workers keep free half-days, and
//! why — no establishment within reach of their residence, no half-day the rules allow, or a
//! best extra half-day worth less than its travel (or within the solver's tolerance).
//!
//! The plan's summary says « 7,6 attribués sur 8,6 »; these lines say where the other 1,0 ETP
//! is and why, so that a worker based in the wrong place is seen before the committee.

use crate::french::{counted, half_days, points};
use crate::problem::{BaseChoice, Problem};
use crate::reason::{dec, last_unit_value, smallest_presence};
use crate::solution::Solution;

/// Workers named in full; the others are counted.
const NAMED: usize = 10;

/// The best extra half-day a worker's rules allow.
struct Extra {
    site: usize,
    km: f64,
    /// Value per half-day net of travel (and of the fragmentation cost of a new pair).
    net: f64,
    /// Half-days it takes (the minimum presence for a new establishment).
    units: u32,
}

/// One French line per worker with free half-days, when the plan leaves budget unspent;
/// empty when the budget is spent (free time then is the reserve or the budget's choice).
pub fn idle_time(problem: &Problem, solution: &Solution, tolerance: Option<f64>) -> Vec<String> {
    let per_worker = solution.units_per_worker(problem.staff.len());
    let left = problem.budget_units.saturating_sub(per_worker.iter().sum());
    if left == 0 {
        return Vec::new();
    }
    let idle: Vec<usize> =
        (0..problem.staff.len()).filter(|&k| per_worker[k] < problem.staff[k].capacity_units).collect();
    let mut lines = vec![format!(
        "Temps non attribué : {} ({} ETP) du budget {} à aucun établissement",
        half_days(left),
        dec(f64::from(left) * problem.unit_fte(), 1),
        if left >= 2 { "ne sont confiées" } else { "n'est confiée" },
    )];
    lines.extend(idle.iter().take(NAMED).map(|&k| worker_line(problem, solution, k, per_worker[k], left, tolerance)));
    if idle.len() > NAMED {
        lines.push(format!("Temps non attribué : et {}", counted((idle.len() - NAMED) as u64, "autre assistant")));
    }
    lines
}

/// Worker `k`'s line; `left` is what remains of the budget (a new establishment needs its
/// minimum presence from both the worker's free time and the budget).
fn worker_line(
    problem: &Problem,
    solution: &Solution,
    k: usize,
    used: u32,
    left: u32,
    tolerance: Option<f64>,
) -> String {
    let st = &problem.staff[k];
    let free = st.capacity_units - used;
    let head = format!(
        "Temps non attribué : {} — {} libre{}",
        st.worker.id,
        half_days(free),
        if free >= 2 { "s" } else { "" }
    );
    let smallest = smallest_presence(problem);
    if st.capacity_units < smallest {
        // Too little time for any establishment: say so, whether or not it has a residence.
        return format!(
            "{head} ; sa quotité de {} ETP est sous la plus petite présence minimale ({} ETP) : il ne peut servir aucun établissement{}",
            dec(st.worker.fte, 1),
            dec(f64::from(smallest) * problem.unit_fte(), 1),
            match problem.scenario.budget.total_fte.filter(|_| st.generated) {
                Some(t) => format!(
                    " (reste du budget de {} ETP une fois les postes à temps plein créés : arrondissez `budget.total_fte`)",
                    dec(t, 1)
                ),
                None => " : corrigez sa quotité dans workers.csv".to_string(),
            }
        );
    }
    let Some(base) = solution.bases[k].as_ref() else {
        return format!("{head} ; ce poste n'est pas ouvert (aucune résidence choisie)");
    };
    let reachable = (0..problem.sites.len()).filter(|&i| problem.is_eligible(k, base, i)).count();
    if reachable == 0 {
        return format!("{head} ; {}", out_of_reach(problem, k));
    }
    match best_extra(problem, solution, k, base, free.min(left)) {
        None => format!("{head} ; {}", why_none(problem, solution, k, base, free, left)),
        Some(x) => {
            let what = format!(
                "sa demi-journée de plus la plus utile ({}, à {} km{}) rapporterait {}, trajets déduits",
                problem.sites[x.site].uai(),
                dec(x.km, 1),
                if x.units >= 2 { format!(", par {} au moins", half_days(x.units)) } else { String::new() },
                points(x.net, 1)
            );
            if x.net <= 0.0 {
                format!("{head} ; {what} : elle coûterait plus qu'elle ne rapporte")
            } else {
                let gain = x.net * f64::from(x.units);
                match tolerance {
                    Some(t) if gain <= t + 1e-9 => {
                        format!("{head} ; {what} : un gain dans la tolérance du solveur ({})", points(t, 1))
                    }
                    Some(_) => format!(
                        "{head} ; {what} : une autre règle du scénario la retient (continuité, plafond de trajet ou verrous)"
                    ),
                    None => format!("{head} ; {what} : un gain que le solveur n'a pas trouvé avant de s'arrêter"),
                }
            }
        }
    }
}

/// Why no establishment is allowed to worker `k`: all forbidden to it, or none within the
/// distance (and the one-way time, when capped) of its residence.
fn out_of_reach(problem: &Problem, k: usize) -> String {
    if (0..problem.sites.len()).all(|i| problem.forbidden.contains(&(k, i))) {
        return "tous les établissements du périmètre lui sont interdits ([locks] forbid ou exclude)".to_string();
    }
    let travel = &problem.scenario.travel;
    let limit = match travel.max_minutes_one_way {
        Some(m) => {
            format!("à moins de {} km et de {} minutes", dec(problem.scenario.rules.max_distance_km, 0), dec(m, 0))
        }
        None => format!("à moins de {} km", dec(problem.scenario.rules.max_distance_km, 0)),
    };
    let check = if problem.staff[k].worker.base.is_some() { " : vérifiez sa résidence dans workers.csv" } else { "" };
    format!("aucun établissement du périmètre {limit} de sa résidence, hors couples interdits{check}")
}

/// Whether worker `k` may add a half-day at site `i` under the plan: its own site below the
/// cap, or a site no one serves whose REP+ head (if any) is its own.
fn open_to(problem: &Problem, solution: &Solution, per_site: &[u32], k: usize, i: usize) -> bool {
    if solution.units(k, i) > 0 {
        return true;
    }
    per_site[i] == 0 && problem.head[i].is_none_or(|h| solution.units(k, h) > 0)
}

/// The best extra half-day of worker `k`, with at most `room` half-days (its free time and the
/// budget left, whichever is less).
fn best_extra(problem: &Problem, solution: &Solution, k: usize, base: &BaseChoice, room: u32) -> Option<Extra> {
    let per_site = solution.units_per_site(problem.sites.len());
    let st = &problem.staff[k];
    let sector =
        solution.assignments.iter().filter(|a| a.worker == k && problem.sites[a.site].kind().is_secondary()).count()
            as u32;
    let frag = problem.scenario.rules.fragmentation_cost;
    (0..problem.sites.len())
        .filter(|&i| problem.is_eligible(k, base, i) && open_to(problem, solution, &per_site, k, i))
        .filter_map(|i| {
            let site = &problem.sites[i];
            let travel = problem.travel_cost_per_unit(k, base, i);
            let km = problem.km(k, base, i);
            let own = solution.units(k, i);
            if own > 0 {
                (per_site[i] < site.cap_units).then(|| Extra {
                    site: i,
                    km,
                    net: last_unit_value(problem, i, per_site[i] + 1) - travel,
                    units: 1,
                })
            } else {
                let m = site.min_units.max(1);
                let fits = m <= room && (!site.kind().is_secondary() || sector < st.max_establishments);
                fits.then(|| Extra {
                    site: i,
                    km,
                    net: last_unit_value(problem, i, m) - travel - frag / f64::from(m),
                    units: m,
                })
            }
        })
        .max_by(|a, b| a.net.total_cmp(&b.net).then(b.site.cmp(&a.site)))
}

/// Why no extra half-day is allowed: the rules that close each way.
fn why_none(problem: &Problem, solution: &Solution, k: usize, base: &BaseChoice, free: u32, left: u32) -> String {
    let per_site = solution.units_per_site(problem.sites.len());
    let st = &problem.staff[k];
    let mut why = Vec::new();
    let own: Vec<usize> = (0..problem.sites.len()).filter(|&i| solution.units(k, i) > 0).collect();
    if !own.is_empty() {
        why.push("ses établissements sont au plafond de présence".to_string());
    }
    let sector = own.iter().filter(|&&i| problem.sites[i].kind().is_secondary()).count() as u32;
    if sector >= st.max_establishments {
        why.push(format!("son secteur est complet ({})", counted(sector, "établissement")));
    }
    let unserved: Vec<usize> =
        (0..problem.sites.len()).filter(|&i| per_site[i] == 0 && problem.is_eligible(k, base, i)).collect();
    let open: Vec<usize> = unserved.iter().copied().filter(|&i| open_to(problem, solution, &per_site, k, i)).collect();
    if let Some(m) = open.iter().map(|&i| problem.sites[i].min_units.max(1)).min().filter(|&m| m > free.min(left)) {
        if left < free {
            why.push(format!(
                "il reste {} au budget, moins que la présence minimale d'un établissement de plus ({})",
                half_days(left),
                half_days(m)
            ));
        } else {
            why.push(format!("un établissement de plus demande au moins {}", half_days(m)));
        }
    }
    if unserved.is_empty() {
        why.push("les autres établissements à sa portée sont servis par d'autres assistants".to_string());
    } else if open.is_empty() {
        why.push(
            "ceux que personne ne sert à sa portée sont des écoles REP+ dont il ne sert pas le collège tête de réseau"
                .to_string(),
        );
    }
    format!("aucune demi-journée de plus n'est permise : {}", why.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::LatLon;
    use crate::scenario::Scenario;
    use crate::solution::Assignment;
    use crate::test_support::{small_instance, worker};

    fn serve(s: &mut Solution, worker: usize, site: usize, units: u32) {
        s.assignments.push(Assignment { worker, site, units });
    }

    #[test]
    fn a_worker_based_out_of_reach_is_named_with_what_to_check() {
        let mut instance = small_instance();
        instance.workers.push(worker("ASS02", 1.0, LatLon::new(48.85, 2.35)));
        let p = Problem::new(&instance, &Scenario::default()).expect("problem");
        let mut s = Solution::empty(&p);
        for (i, u) in [(0, 4), (1, 3), (2, 3)] {
            serve(&mut s, 0, i, u);
        }
        let lines = idle_time(&p, &s, Some(0.0));
        assert_eq!(
            lines[0],
            "Temps non attribué : 10 demi-journées (1,0 ETP) du budget ne sont confiées à aucun établissement"
        );
        assert_eq!(
            lines[1],
            "Temps non attribué : ASS02 — 10 demi-journées libres ; aucun établissement du périmètre à moins de 60 km de \
             sa résidence, hors couples interdits : vérifiez sa résidence dans workers.csv"
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
    }

    #[test]
    fn a_free_half_day_is_valued_against_the_tolerance() {
        let p = Problem::new(&small_instance(), &Scenario::default()).expect("problem");
        let mut s = Solution::empty(&p);
        serve(&mut s, 0, 0, 2);
        let line = |tolerance| idle_time(&p, &s, tolerance)[1].clone();
        let within = line(Some(1e9));
        assert!(
            within.starts_with(
                "Temps non attribué : ASS01 — 8 demi-journées libres ; sa demi-journée de plus la plus utile ("
            ),
            "{within}"
        );
        assert!(within.contains("trajets déduits : un gain dans la tolérance du solveur"), "{within}");
        assert!(line(Some(0.0)).contains("une autre règle du scénario la retient"));
        assert!(line(None).contains("un gain que le solveur n'a pas trouvé"));
    }

    #[test]
    fn a_budget_left_below_the_minimum_presence_is_named() {
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(0.5);
        scenario.need.max_fte_per_establishment = 0.4;
        let p = Problem::new(&small_instance(), &scenario).expect("problem");
        let mut s = Solution::empty(&p);
        serve(&mut s, 0, 0, 4);
        let lines = idle_time(&p, &s, Some(1e9));
        assert_eq!(
            lines[1],
            "Temps non attribué : ASS01 — 6 demi-journées libres ; aucune demi-journée de plus n'est permise : ses \
             établissements sont au plafond de présence, il reste 1 demi-journée au budget, moins que la présence \
             minimale d'un établissement de plus (2 demi-journées)"
        );
    }

    #[test]
    fn a_spent_budget_says_nothing() {
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(0.2);
        let p = Problem::new(&small_instance(), &scenario).expect("problem");
        assert_eq!(p.budget_units, 2);
        let mut s = Solution::empty(&p);
        serve(&mut s, 0, 0, 2);
        assert!(idle_time(&p, &s, None).is_empty());
        assert_eq!(idle_time(&p, &Solution::empty(&p), None).len(), 2);
    }
}
