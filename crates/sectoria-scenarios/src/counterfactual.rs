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
use sectoria_core::reason::differences_in_chain;
use sectoria_core::{align_posts, assemble, Plan, Problem, Solution, SolveStatus};
use sectoria_report::compare::same_time_note;
use sectoria_report::frformat::{decimal, readable};
use sectoria_report::summary::{gap_percent, tolerance_phrase};
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

/// A change of time or presence in French (the changes of worker alone are counted apart:
/// [`changes_text`]).
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
    if d.units_after > d.units_before {
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

/// Establishments whose change of time is named in a counterfactual's paragraph; the others
/// are counted.
const LISTED: usize = 8;

/// A worker's weekly km in the plan and in the best plan with the change.
pub(crate) type WorkerKm = (String, f64, f64);

/// A change of a worker's weekly km worth naming beside the changes of worker alone that
/// involve it: more than [`LARGE_KM`] km and more than [`LARGE_SHARE`] of its km in the plan
/// (the thresholds of the summary's busiest worker).
const LARGE_KM: f64 = 50.0;
/// See [`LARGE_KM`].
const LARGE_SHARE: f64 = 0.25;

/// « ASS07 : 288 → 452 km par semaine » for the workers of `ids` whose weekly km change by much
/// ([`LARGE_KM`]) and are not in `said` yet (added to it).
fn large_km(ids: &[&str], km: &[WorkerKm], said: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for &id in ids {
        let Some((_, before, after)) = km.iter().find(|w| w.0 == id) else { continue };
        let change = (after - before).abs();
        if change > LARGE_KM && change > LARGE_SHARE * before && !said.iter().any(|s| s == id) {
            said.push(id.to_string());
            out.push(format!("{id} : {} → {} km par semaine", readable(*before, 0), readable(*after, 0)));
        }
    }
    out
}

/// The changes of worker alone in the chain of the change ([`differences_in_chain`]), each named
/// with its workers before and after, and the km of those workers when they change by much:
/// « 2 changements d'assistant qui accompagnent ce changement (même présence, autre assistant :
/// ils libèrent ou reprennent du temps d'un assistant dont le temps change) : 0120011X (Collège
/// Pierre Soulages) passe de ASS04 à ASS08, … ».
fn chain_text(chain: &[&SiteDelta], km: &[WorkerKm]) -> String {
    let mut said = Vec::new();
    let mut named: Vec<String> = chain
        .iter()
        .take(LISTED)
        .map(|d| {
            let ids: Vec<&str> = d.worker_before.split(", ").chain(d.worker_after.split(", ")).collect();
            let large = large_km(&ids, km, &mut said);
            let km = if large.is_empty() { String::new() } else { format!(" ({})", large.join(", ")) };
            format!("{} ({}) passe de {} à {}{km}", d.uai, d.name, d.worker_before, d.worker_after)
        })
        .collect();
    if chain.len() > LISTED {
        named.push(format!("et {}", counted((chain.len() - LISTED) as u64, "autre établissement")));
    }
    let head = match chain.len() {
        1 => "1 changement d'assistant qui accompagne ce changement (même présence, autre assistant : il libère ou \
              reprend du temps d'un assistant dont le temps change)"
            .to_string(),
        n => format!(
            "{n} changements d'assistant qui accompagnent ce changement (même présence, autre assistant : ils \
             libèrent ou reprennent du temps d'assistants dont le temps change)"
        ),
    };
    format!("{head} : {}", named.join(", "))
}

/// What the best plan with the change does differently, for the paragraph (French): its changes
/// of time or presence first, the first [`LISTED`] named, then its changes of worker alone, at
/// the same time: those in the chain of the change (a worker whose time changes gives or takes
/// the establishment) named with their workers ([`chain_text`]), the others counted apart with
/// what would avoid them ([`sectoria_report::compare::same_time_note`]): only these may be
/// equally good variants. `km`: each worker's weekly km before and after.
fn changes_text(differences: &[SiteDelta], plan: &Plan, km: &[WorkerKm]) -> String {
    if differences.is_empty() {
        return "Le meilleur plan trouvé avec ce changement ne diffère pas du plan".to_string();
    }
    let linked = differences_in_chain(differences);
    let (mut forced, mut chain, mut free): (Vec<&SiteDelta>, Vec<&SiteDelta>, Vec<&SiteDelta>) =
        (Vec::new(), Vec::new(), Vec::new());
    for (d, &l) in differences.iter().zip(&linked) {
        match (d.only_worker_changes(), l) {
            (false, _) => forced.push(d),
            (true, true) => chain.push(d),
            (true, false) => free.push(d),
        }
    }
    let mut parts: Vec<String> = forced.iter().take(LISTED).map(|d| delta_text(d)).collect();
    if forced.len() > LISTED {
        parts.push(format!("et {}", counted((forced.len() - LISTED) as u64, "autre établissement")));
    }
    let and = |parts: &Vec<String>, text: String| if parts.is_empty() { text } else { format!("et {text}") };
    if !chain.is_empty() {
        let text = chain_text(&chain, km);
        parts.push(and(&parts, text));
    }
    if !free.is_empty() {
        let note = same_time_note(free.len(), plan);
        parts.push(and(&parts, note));
    }
    format!("Le meilleur plan trouvé avec ce changement : {}", parts.join(" ; "))
}

/// The counterfactual paragraph (French) of a change to `plan`; `km`: each worker's weekly km
/// in the plan and in the best plan with the change.
fn text(c: &Counterfactual, plan: &Plan, km: &[WorkerKm]) -> String {
    let objective = plan.objective.total;
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
    t.push_str(&changes_text(&c.differences, plan, km));
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
    let mut workers_km: Vec<WorkerKm> = Vec::new();
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
                    workers_km = (0..problem.staff.len())
                        .map(|k| {
                            let id = problem.staff[k].worker.id.clone();
                            (id, weekly_km(problem, solution, k), weekly_km(problem, &found, k))
                        })
                        .collect();
                    // A plan of the original scenario: compared with that scenario's rule of thumb,
                    // not with the changed problem's (whose forced presence it would follow).
                    let baseline = sectoria_core::rule_of_thumb(problem).solution;
                    other = Some(assemble(problem, &found, solved.report, &baseline, plan.inputs.clone()));
                }
            }
        }
    }
    c.text = text(&c, plan, &workers_km);
    (c, other)
}

/// How the warning of a better plan found by the counterfactuals begins
/// ([`better_plan_warning`]).
pub const BETTER_PLAN_KNOWN: &str = "un plan meilleur que celui-ci est connu";

/// Establishments named in the warning of a better plan; the others are counted.
const NAMED: usize = 5;

/// « A », « A et B », « A, B et C ».
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

/// Names the first of `deltas` (UAI, name and, with `units`, its half-days before and after)
/// while `named` is below [`NAMED`], and counts the others: « 0990073S (Collège Jules Verne,
/// 3 → 2), 0990359C (Collège Albert Camus, 3 → 2) et 2 autres établissements ».
fn named_list(deltas: &[&SiteDelta], named: &mut usize, units: bool) -> String {
    let take = deltas.len().min(NAMED.saturating_sub(*named));
    *named += take;
    let mut items: Vec<String> = deltas[..take]
        .iter()
        .map(|d| match units {
            true => format!("{} ({}, {} → {})", d.uai, d.name, d.units_before, d.units_after),
            false => format!("{} ({})", d.uai, d.name),
        })
        .collect();
    match (take, deltas.len() - take) {
        (_, 0) => {}
        (0, n) => items.push(counted(n as u64, "établissement")),
        (_, n) => items.push(counted(n as u64, "autre établissement")),
    }
    and_list(&items)
}

/// The warning a plan gets when one of its counterfactuals found a plan strictly better than it
/// (by more than 1e-6 of its objective, HiGHS's own tolerance): a plan within the solver's
/// tolerance, whose decisions the committee must not take as the best (DESIGN §3: no decision
/// may hide inside the tolerance). It gives first the best such plan's gain, in points and in %
/// of the objective, and that both plans are equivalent within the plan's tolerance (a gain of
/// 0,01 % must not read as « the wrong plan is shown »), then how many counterfactuals found a
/// better plan, the best one's objective, what it does
/// differently (establishments served in addition or no longer, half-days moved, the first
/// `NAMED` named) and how to obtain it. `None` when no counterfactual of `plan` is better.
pub fn better_plan_warning(plan: &Plan) -> Option<String> {
    let z = plan.objective.total;
    let margin = 1e-6 * z.abs().max(1.0);
    let explained: Vec<(&str, &Counterfactual)> = plan
        .establishments
        .iter()
        .filter_map(|e| e.explanation.as_ref().map(|x| (e.uai.as_str(), &x.counterfactual)))
        .collect();
    let better: Vec<(&str, &Counterfactual, f64)> =
        explained.iter().filter_map(|&(uai, c)| c.objective.filter(|&o| o - z > margin).map(|o| (uai, c, o))).collect();
    let mut best = *better.first()?;
    for &b in &better[1..] {
        if b.2 > best.2 {
            best = b;
        }
    }
    let (uai, c, objective) = best;
    let gain = objective - z;
    let how = match c.change {
        Change::Serve => "en servant",
        Change::Remove => "en retirant",
    };
    let count = match better.len() {
        1 => "1 contrefactuel".to_string(),
        n => format!("{n} contrefactuels"),
    };
    let calculated = match explained.len() {
        n if n == plan.establishments.len() => "",
        1 => " calculé",
        _ => " calculés",
    };
    let (found, which) = match better.len() {
        1 => ("a trouvé", format!("{how} {uai}")),
        _ => ("ont trouvé", format!("le meilleur {how} {uai}")),
    };
    let d = &c.differences;
    let added: Vec<&SiteDelta> = d.iter().filter(|d| d.units_before == 0 && d.units_after > 0).collect();
    let dropped: Vec<&SiteDelta> = d.iter().filter(|d| d.units_before > 0 && d.units_after == 0).collect();
    let less: Vec<&SiteDelta> = d.iter().filter(|d| d.units_after > 0 && d.units_after < d.units_before).collect();
    let more: Vec<&SiteDelta> = d.iter().filter(|d| d.units_before > 0 && d.units_after > d.units_before).collect();
    let moved = d.iter().filter(|d| d.units_before == d.units_after).count();
    let served = plan.kpis.establishments_served;
    // Saturating: an edited plan.json may list fewer served than it drops.
    let served_then = (served + added.len()).saturating_sub(dropped.len());
    let breadth = if served_then == served {
        format!("autant d'établissements servis ({served})")
    } else {
        format!("{served_then} établissements servis au lieu de {served}")
    };
    // Its size and the equivalence first: a gain inside the tolerance does not make this plan
    // the wrong one to show, but it is not hidden either (DESIGN §3).
    // Equivalent only when the solver stopped at the gap asked: stopped by its time limit, its
    // proven gap may be far wider, and a plan so much better is not « équivalent ».
    let why = match plan.solver.status {
        SolveStatus::TimeLimit => {
            format!("le solveur s'est arrêté à sa limite de temps avant de le trouver ({})", tolerance_phrase(plan))
        }
        _ => format!(
            "les deux plans sont équivalents dans la tolérance du solveur ({} ; `solver.relative_gap` = {})",
            tolerance_phrase(plan),
            gap_percent(plan.scenario.solver.relative_gap)
        ),
    };
    let mut t = format!(
        "{BETTER_PLAN_KNOWN}, de {} ({} de l'objectif) : {why} ; {count} sur {}{calculated} {found} un plan \
         meilleur, {which} (objectif {} au lieu de {}, {breadth})",
        points(gain, if gain >= 0.05 { 1 } else { 3 }),
        gap_percent(gain / z.abs().max(1e-9)),
        explained.len(),
        readable(objective, 1),
        readable(z, 1)
    );
    let sum = |ds: &[&SiteDelta]| ds.iter().map(|d| d.units_before.abs_diff(d.units_after)).sum::<u32>();
    let mut named = 0;
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("sert en plus {}", named_list(&added, &mut named, false)));
    }
    if !dropped.is_empty() {
        parts.push(format!("ne sert plus {}", named_list(&dropped, &mut named, false)));
    }
    if !less.is_empty() {
        parts.push(format!("prend {} à {}", half_days(sum(&less)), named_list(&less, &mut named, true)));
    }
    if !more.is_empty() {
        parts.push(format!("donne {} de plus à {}", half_days(sum(&more)), named_list(&more, &mut named, true)));
    }
    if moved > 0 {
        parts.push(format!("change l'assistant de {}", counted(moved as u64, "établissement")));
    }
    if let Some((last, first)) = parts.split_last() {
        match first {
            [] => t.push_str(&format!(" : il {last}")),
            _ => t.push_str(&format!(" : il {}, et {last}", first.join(", "))),
        }
    }
    if !c.moved_workers.is_empty() {
        t.push_str(&format!(" ; résidence déplacée : {}", c.moved_workers.join(", ")));
    }
    let uais = |ds: &[&SiteDelta]| and_list(&ds.iter().map(|d| d.uai.clone()).collect::<Vec<_>>());
    let solver = match plan.solver.status {
        SolveStatus::TimeLimit => {
            "relevez `solver.time_limit_s` (le solveur s'est arrêté à sa limite de temps) et relancez".to_string()
        }
        _ => {
            let gap = tighter_gap(gain, z, plan.scenario.solver.relative_gap);
            format!(
                "passez `solver.relative_gap` à {} ({}) au plus et relancez : le solveur ne peut plus s'arrêter \
                 sur ce plan",
                gap.to_string().replace('.', ","),
                gap_percent(gap)
            )
        }
    };
    // Serving more is a lock a committee can take; dropping an establishment for a gain inside
    // the tolerance is not advised (it would read as the tool recommending it): the tighter gap
    // finds that plan, or a better one, without deciding it by hand.
    let lock = if !added.is_empty() {
        format!(
            " ; ou exigez la présence de {} ([locks] serve) et relancez : le plan {} servira, sans garantie \
             d'atteindre ce gain",
            uais(&added),
            if added.len() == 1 { "le" } else { "les" }
        )
    } else {
        String::new()
    };
    t.push_str(&format!(" ; pour le retenir : {solver}{lock}"));
    Some(t)
}

/// A round `solver.relative_gap` (0,05 %, 0,02 %, 0,01 %…, or 0) under which the solver cannot
/// stop on a plan `gain` points below a plan it could find, for an objective near `objective`:
/// it stops only once its bound, at least that better plan's objective, is within the gap of
/// the plan it holds. A tenth is kept for safety; always below the gap `asked`.
fn tighter_gap(gain: f64, objective: f64, asked: f64) -> f64 {
    let most = 0.9 * gain / objective.abs().max(1.0);
    [5e-4, 2e-4, 1e-4, 5e-5, 2e-5, 1e-5, 5e-6, 2e-6, 1e-6].into_iter().find(|&g| g <= most && g < asked).unwrap_or(0.0)
}

/// Puts the warning of a better plan ([`better_plan_warning`]) first in `plan`'s warnings, or
/// right after the time limit that left the rule of thumb's plan, in place of the one a
/// previous set of counterfactuals gave; removes it when none is better.
pub(crate) fn warn_better_plan(plan: &mut Plan) {
    plan.warnings.retain(|w| !w.starts_with(BETTER_PLAN_KNOWN));
    if let Some(w) = better_plan_warning(plan) {
        let at = usize::from(plan.keeps_rule_of_thumb() && !plan.warnings.is_empty());
        plan.warnings.insert(at, w);
    }
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

    /// The small plan, with objective `z`.
    fn scoring(z: f64) -> Plan {
        let mut plan = sectoria_core::test_support::small_plan();
        plan.objective.total = z;
        plan
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
        let t = text(&c, &scoring(75_036.5), &[]);
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
            text(&c, &scoring(75_036.5), &[]).contains("coûte 1,5 point d'objectif (0,002 % de l'objectif)"),
            "{}",
            text(&c, &scoring(75_036.5), &[])
        );
    }

    /// The small plan (0310003C unserved, 3 establishments served), said to be within a
    /// tolerance of 30 points, with
    /// the counterfactuals `changes` (UAI, change, gain over the plan, differences) attached.
    fn small_plan_with(changes: &[(&str, Change, f64, Vec<SiteDelta>)]) -> Plan {
        use sectoria_core::counterfactual::ExactExplanation;
        let mut plan = sectoria_core::test_support::small_plan();
        let z = plan.objective.total;
        plan.solver.status = SolveStatus::GapReached;
        plan.solver.best_bound = z + 30.0;
        plan.solver.relative_gap = 30.0 / z;
        plan.scenario.solver.relative_gap = 0.05;
        for (uai, change, gain, differences) in changes {
            let mut c = with_differences(0);
            c.change = *change;
            c.objective = Some(z + gain);
            c.differences = differences.clone();
            let e = plan.establishments.iter_mut().find(|e| e.uai == *uai).expect("in the plan");
            e.explanation = Some(ExactExplanation { reason: String::new(), counterfactual: c });
        }
        plan
    }

    fn delta(uai: &str, name: &str, before: u32, after: u32, wb: &str, wa: &str) -> SiteDelta {
        SiteDelta {
            uai: uai.to_string(),
            name: name.to_string(),
            units_before: before,
            units_after: after,
            worker_before: wb.to_string(),
            worker_after: wa.to_string(),
        }
    }

    /// Serving 0310003C: served in addition, with 2 half-days taken from 0310001A and
    /// 0310004D changing worker.
    fn serving_c() -> Vec<SiteDelta> {
        vec![
            delta("0310003C", "Collège C", 0, 2, "", "ASS01"),
            delta("0310001A", "Collège A", 3, 1, "ASS01", "ASS01"),
            delta("0310004D", "Collège Les Izards", 4, 4, "ASS02", "ASS01"),
        ]
    }

    #[test]
    fn a_better_plan_found_by_removing_is_not_advised_as_an_exclusion_and_the_status_says_it() {
        let removing_a = vec![delta("0310001A", "Collège A", 3, 0, "ASS01", "")];
        let plan = small_plan_with(&[("0310001A", Change::Remove, 6.0, removing_a)]);
        let w = better_plan_warning(&plan).expect("a better plan is known");
        // Dropping a collège for a gain inside the tolerance is not advised: the tighter gap is.
        assert!(!w.contains("excluez") && !w.contains("[locks] exclude"), "{w}");
        assert!(w.contains("passez `solver.relative_gap` à"), "{w}");
        // The plan's status says a better plan is known, beside its tolerance.
        let status = sectoria_report::summary::solver_phrase(&plan);
        assert!(
            status.ends_with(
                " ; un plan meilleur de 6,0 points, dans cette tolérance, a été trouvé par les contrefactuels : voir \
                 les avertissements"
            ),
            "{status}"
        );
        let none = small_plan_with(&[]);
        assert!(!sectoria_report::summary::solver_phrase(&none).contains("plan meilleur"));
    }

    #[test]
    fn a_plan_better_only_by_rounding_gives_no_warning() {
        let z = sectoria_core::test_support::small_plan().objective.total;
        for gain in [0.0, -3.0, 0.5e-6 * z.abs().max(1.0)] {
            let plan = small_plan_with(&[("0310003C", Change::Serve, gain, serving_c())]);
            assert_eq!(better_plan_warning(&plan), None, "gain {gain}");
        }
        let plan = small_plan_with(&[("0310003C", Change::Serve, 2e-6 * z.abs().max(1.0), serving_c())]);
        assert!(better_plan_warning(&plan).is_some());
    }

    #[test]
    fn the_warning_names_the_best_better_plan_what_it_changes_and_how_to_keep_it() {
        let removing_a =
            vec![delta("0310001A", "Collège A", 3, 0, "ASS01", ""), delta("0310003C", "Collège C", 0, 3, "", "ASS01")];
        let plan = small_plan_with(&[
            ("0310001A", Change::Remove, 4.0, removing_a),
            ("0310003C", Change::Serve, 9.26, serving_c()),
        ]);
        let w = better_plan_warning(&plan).expect("a better plan is known");
        let z = plan.objective.total;
        assert!(
            w.starts_with(&format!(
                "un plan meilleur que celui-ci est connu, de 9,3 points ({} de l'objectif) : les deux plans sont \
                 équivalents dans la tolérance du solveur (écart prouvé {}, soit 30,0 points d'objectif au plus ; \
                 `solver.relative_gap` = 5,0 %) ; 2 contrefactuels sur 2 calculés ont trouvé un plan meilleur, le \
                 meilleur en servant 0310003C (objectif {} au lieu de {}, 4 établissements servis au lieu de 3) : il \
                 sert en plus 0310003C (Collège C), prend 2 demi-journées à 0310001A (Collège A, 3 → 1), et change \
                 l'assistant de 1 établissement ; pour le retenir : passez `solver.relative_gap` à ",
                gap_percent(9.26 / z),
                gap_percent(30.0 / z),
                readable(z + 9.26, 1),
                readable(z, 1)
            )),
            "{w}"
        );
        assert!(
            w.ends_with(
                " ; ou exigez la présence de 0310003C ([locks] serve) et relancez : le plan le servira, sans \
                 garantie d'atteindre ce gain"
            ),
            "{w}"
        );
        // One better plan only.
        let one = small_plan_with(&[("0310003C", Change::Serve, 9.26, serving_c())]);
        let w1 = better_plan_warning(&one).expect("a better plan is known");
        assert!(
            w1.contains(" ; 1 contrefactuel sur 1 calculé a trouvé un plan meilleur, en servant 0310003C (objectif "),
            "{w1}"
        );
        // Stopped by its time limit: more time, not a tighter gap.
        let mut stopped = plan.clone();
        stopped.solver.status = SolveStatus::TimeLimit;
        let w = better_plan_warning(&stopped).expect("a better plan is known");
        assert!(w.contains("pour le retenir : relevez `solver.time_limit_s`") && !w.contains("relative_gap` à"), "{w}");
    }

    #[test]
    fn the_warning_comes_first_once_and_after_a_time_limit_on_the_rule_of_thumb() {
        let mut plan = small_plan_with(&[("0310003C", Change::Serve, 9.26, serving_c())]);
        plan.warnings = vec!["IPS inconnu".to_string()];
        warn_better_plan(&mut plan);
        warn_better_plan(&mut plan);
        assert_eq!(plan.warnings.len(), 2, "{:?}", plan.warnings);
        assert!(plan.warnings[0].starts_with(BETTER_PLAN_KNOWN), "{:?}", plan.warnings);
        // No better plan any more: the warning goes.
        plan.establishments.iter_mut().for_each(|e| e.explanation = None);
        warn_better_plan(&mut plan);
        assert_eq!(plan.warnings, vec!["IPS inconnu".to_string()]);
        // The plan of the rule of thumb left by a time limit: that warning stays first.
        let mut plan = small_plan_with(&[("0310003C", Change::Serve, 9.26, serving_c())]);
        plan.solver.status = SolveStatus::TimeLimit;
        plan.objective.total = plan.baseline.objective.total;
        let better = plan.objective.total + 9.26;
        plan.establishments.iter_mut().filter_map(|e| e.explanation.as_mut()).for_each(|x| {
            x.counterfactual.objective = Some(better);
        });
        assert!(plan.keeps_rule_of_thumb());
        plan.warnings = vec!["limite de temps atteinte (10 s) …".to_string(), "IPS inconnu".to_string()];
        warn_better_plan(&mut plan);
        assert!(plan.warnings[1].starts_with(BETTER_PLAN_KNOWN), "{:?}", plan.warnings);
    }

    #[test]
    fn the_gap_advised_stops_the_solver_short_of_the_plan() {
        // The demo: 9,3 points better than 34 486,8.
        assert_eq!(tighter_gap(9.263, 34_486.77, 1e-3), 2e-4);
        assert!(tighter_gap(9.263, 34_486.77, 1e-3) * 34_486.77 < 9.263);
        assert_eq!(tighter_gap(0.5, 34_486.77, 1e-3), 1e-5);
        assert_eq!(tighter_gap(0.03, 34_486.77, 1e-3), 0.0);
        // Always below the gap asked.
        assert_eq!(tighter_gap(100.0, 34_486.77, 1e-4), 5e-5);
    }

    /// Serving one école moves 2 half-days and swaps the workers of 10 lycées at the same time:
    /// the change of time is listed, the swaps are counted apart with what would avoid them,
    /// not listed as if the change forced them.
    #[test]
    fn changes_of_worker_alone_are_counted_apart_from_the_changes_of_time() {
        let mut c = with_differences(0);
        c.differences.push(delta("0310987E", "Ecole Georges Hyon", 0, 1, "", "HG21"));
        c.differences.push(delta("0310001A", "Collège A", 3, 2, "HG21", "HG21"));
        for k in 0..10 {
            c.differences.push(delta(&format!("03100{k:02}L"), &format!("Lycée {k}"), 4, 4, "HG32", "HG53"));
        }
        let mut plan = scoring(1000.0);
        plan.inputs.insert("current.csv".into(), "h".into());
        let t = text(&c, &plan, &[]);
        assert!(
            t.contains(
                "Le meilleur plan trouvé avec ce changement : 0310987E (Ecole Georges Hyon) gagne 1 demi-journée (0 \
                 → 1, HG21) ; 0310001A (Collège A) perd 1 demi-journée (3 → 2) ; et 10 changements d'assistant sans \
                 changement de temps (même présence, autre assistant) : souvent des variantes aussi bonnes, à la \
                 tolérance du solveur près, que rien ne fait écarter ; une pénalité de changement \
                 (`stability.penalty_per_unit`) les évite en gardant les secteurs actuels ; +0,0 km par semaine."
            ),
            "{t}"
        );
        assert!(!t.contains("Lycée"), "{t}");
        // Only swaps: counted, without « et ».
        c.differences.drain(..2);
        assert!(
            text(&c, &plan, &[])
                .contains("Le meilleur plan trouvé avec ce changement : 10 changements d'assistant sans"),
            "{}",
            text(&c, &plan, &[])
        );
        // More than 8 changes of time: the swaps come after the count of the others.
        let mut many = with_differences(10);
        many.differences.push(delta("0310099L", "Lycée", 4, 4, "HG32", "HG53"));
        assert!(text(&many, &plan, &[]).contains(" ; et 2 autres établissements ; et 1 changement d'assistant sans"));
    }

    /// Collège Denys Puech (Aveyron, finding 3 of session 49): ASS04 serves it by handing
    /// 0120011X to ASS08, and ASS07 takes 0120022J from ASS01 (288 → 452 km a week). These two
    /// changes of worker alone are the chain of the change: named with their workers and the
    /// km, never called « variantes aussi bonnes » ; only a swap between workers whose time does
    /// not change is.
    #[test]
    fn the_changes_of_worker_that_make_the_change_possible_are_named_not_called_variants() {
        let mut c = with_differences(0);
        c.change = Change::Serve;
        c.differences = vec![
            delta("0120028R", "Collège Denys Puech", 0, 2, "", "ASS04"),
            delta("0120017D", "Collège Jean Boudou", 2, 0, "ASS07", ""),
            delta("0121273U", "Collège Les Quatre Saisons", 2, 3, "ASS08", "ASS01"),
            delta("0120011X", "Collège Pierre Soulages", 2, 2, "ASS04", "ASS08"),
            delta("0120022J", "Lycée Ferdinand Foch", 3, 3, "ASS01", "ASS07"),
        ];
        let km: Vec<WorkerKm> = vec![
            ("ASS01".into(), 200.0, 210.0),
            ("ASS04".into(), 150.0, 160.0),
            ("ASS07".into(), 288.0, 452.0),
            ("ASS08".into(), 300.0, 310.0),
        ];
        let plan = scoring(10_000.0);
        let t = text(&c, &plan, &km);
        assert!(
            t.contains(
                " ; et 2 changements d'assistant qui accompagnent ce changement (même présence, autre assistant : ils \
                 libèrent ou reprennent du temps d'assistants dont le temps change) : 0120011X (Collège Pierre Soulages) \
                 passe de ASS04 à ASS08, 0120022J (Lycée Ferdinand Foch) passe de ASS01 à ASS07 (ASS07 : 288 → 452 km \
                 par semaine) ; "
            ),
            "{t}"
        );
        assert!(!t.contains("variante"), "{t}");
        // A swap between two workers whose time does not change stays counted apart.
        c.differences.push(delta("0120099A", "Collège X", 2, 2, "ASS02", "ASS03"));
        let t = text(&c, &plan, &km);
        assert!(t.contains("passe de ASS01 à ASS07 (ASS07 : 288 → 452 km par semaine) ; et 1 changement d'assistant sans changement de temps (même présence, autre assistant) : souvent une variante aussi bonne"), "{t}");
        assert!(!t.contains("0120099A"), "{t}");
    }

    #[test]
    fn the_establishments_left_out_of_the_sentence_are_counted_in_good_french() {
        assert!(!text(&with_differences(8), &scoring(1000.0), &[]).contains(" ; et "));
        assert!(text(&with_differences(9), &scoring(1000.0), &[]).contains(" ; et 1 autre établissement ; "));
        assert!(text(&with_differences(10), &scoring(1000.0), &[]).contains(" ; et 2 autres établissements ; "));
    }
}
