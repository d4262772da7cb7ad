//! The rule of thumb: what a CTSS-D would do by hand (DESIGN §3 "Baseline"), the reference
//! every comparison is made against.
//!
//! 0. Budget-only mode (no workers.csv, posts whose base is to choose): the sectors of the new
//!    posts are drawn first, as a CTSS-D draws them on a map ([`draw_sectors`]). Each post gets
//!    an equal share, in proportion to its time, of the need still to draw (`⌈need⌉` half-days,
//!    a REP+ école's with its head collège) among the establishments the budget can give a
//!    minimum presence to (in the order of step 1): starting from the establishment farthest
//!    from the département's centre not yet in a sector, the establishments nearest to it
//!    (within `max_distance_km`, up to the sector size) join its sector while that brings it
//!    closer to the share; the post is based at the sector's collège or lycée from which the
//!    sector's need is the fewest km away. Without it, the first posts, based at the first
//!    establishments in priority order, took every establishment within the distance limit
//!    while they had room (Nord 059: 295 km a week per post in the median, 883 at most, against
//!    29 and 196 for the plan).
//! 1. Establishments are ranked by priority score (`must_cover` first, then by pupils; UAI
//!    breaks ties).
//! 2. In that order, each gets the minimum presence from its sector's post when it has one with
//!    room, else from the nearest worker with room (capacity, sector size, distance, weekly km
//!    cap), REP+ écoles with their head collège's worker: this is
//!    [`crate::baseline::greedy_in_sectors`]; without drawn sectors (workers.csv) it is
//!    [`crate::greedy`], which the solver also uses as its start.
//! 3. The remaining half-days are handed out one at a time to the served establishment with
//!    the largest priority-weighted unmet need `w_i × (need_i − a_i)` (need in half-days), from
//!    its own worker while that worker has room (capacity, weekly km cap) and the
//!    establishment is under its ceiling. Locked allocations with a fixed time are left as they
//!    are.
//!    When every such establishment's worker is full while half-days remain, the one with the
//!    largest weighted unmet need is handed over, with its half-days, to the nearest worker
//!    with room for one more (or to an unused post based at the nearest free collège or lycée),
//!    as a CTSS-D does with a post left unused; REP+ networks and locked pairs are not moved.
//!    When none can be handed over that way, an establishment whose worker has other
//!    establishments with unmet need may be handed over to a worker (or post) with room for
//!    exactly its half-days (each establishment once): its former worker then gives the freed
//!    half-days to the rest of its sector — how a 0.2 ETP post takes over an establishment served
//!    at 0.2 ETP.
//!    When no establishment with unmet need can take a half-day and none can be handed over,
//!    a worker's last half-days go to its own establishments above their need, in the same
//!    order (largest `w_i × (need_i − a_i)`, now the least over-served in weighted terms), up to
//!    the establishment's ceiling (`need.max_fte_per_establishment`): a CTSS-D does not leave a
//!    worker's time unused while some need elsewhere is unmet.
//! 4. It stops when the budget is spent, or every need is met, or no worker with room can give a
//!    half-day (its establishments at their ceiling, its weekly km cap, or an unused post with
//!    nothing to take over): [`RuleOfThumb`] says how many half-days are left, whether every
//!    need is met, and otherwise why.

use crate::french::{counted, half_days};
use crate::problem::{BaseChoice, Problem};
use crate::solution::Solution;

/// The rule of thumb's plan and what it left unused.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleOfThumb {
    /// Bases and assignments.
    pub solution: Solution,
    /// Half-days of the budget (after reserve) left unallocated.
    pub units_left: u32,
    /// Whether every establishment's need is met (see [`needs_met`]).
    pub needs_met: bool,
    /// When half-days are left while some need is unmet: which workers have them and what
    /// stops the rule from using them (French).
    pub why_left: Option<String>,
}

/// Half-days that meet the need of site `i`: `⌈need⌉`, within the establishment's ceiling.
fn need_target(problem: &Problem, i: usize) -> u32 {
    let site = &problem.sites[i];
    let need = (site.curve.need_units - 1e-9).max(0.0).ceil() as u32;
    need.min(site.cap_units)
}

/// Whether every establishment in scope has at least `⌈need⌉` half-days (or its ceiling).
pub fn needs_met(problem: &Problem, solution: &Solution) -> bool {
    let per_site = solution.units_per_site(problem.sites.len());
    (0..problem.sites.len()).all(|i| per_site[i] >= need_target(problem, i))
}

/// When every served establishment with unmet need has a full worker but half-days remain:
/// hands the one with the largest weighted unmet need (not a REP+ école nor a head collège with
/// écoles, not locked) over to the nearest worker with room for its half-days and one more, or
/// to an unused post based at the nearest free collège or lycée — what a CTSS-D does with a
/// post left unused. Returns the index of the moved assignment.
///
/// With `exact`, the new worker needs room for the establishment's half-days only (no more), and
/// only an establishment whose worker has another establishment with unmet need is moved, once
/// (`moved`): that worker then gives the freed half-days to the rest of its sector — how a small
/// post (0.2 ETP) takes over an establishment served at 0.2 ETP.
#[allow(clippy::too_many_arguments)]
fn hand_over(
    problem: &Problem,
    solution: &mut Solution,
    per_worker: &[u32],
    per_site: &[u32],
    km: &[f64],
    fixed: &[(usize, usize)],
    exact: bool,
    moved: &mut Vec<usize>,
) -> Option<usize> {
    let served_ecoles: Vec<usize> = solution.assignments.iter().filter_map(|a| problem.head[a.site]).collect();
    let mut order: Vec<(f64, usize)> = solution
        .assignments
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            let site = &problem.sites[a.site];
            site.curve.need_units - f64::from(per_site[a.site]) > 1e-9
                && per_site[a.site] < site.cap_units
                && per_site[a.site] == a.units
                && problem.head[a.site].is_none()
                && !served_ecoles.contains(&a.site)
                && !fixed.contains(&(a.worker, a.site))
                && !problem.locks.iter().any(|l| l.worker == a.worker && l.site == a.site)
                && (!exact
                    || (!moved.contains(&a.site)
                        && has_other_unmet(problem, solution, per_site, fixed, a.worker, a.site)))
        })
        .map(|(n, a)| {
            (
                problem.sites[a.site].priority.score
                    * (problem.sites[a.site].curve.need_units - f64::from(per_site[a.site])),
                n,
            )
        })
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, n) in order {
        let (from, i, units) =
            (solution.assignments[n].worker, solution.assignments[n].site, solution.assignments[n].units);
        let secondary = problem.sites[i].kind().is_secondary();
        let extra = u32::from(!exact);
        let fits = |k: usize, base: &BaseChoice, load: u32, km_k: f64, sec: u32| {
            load + units + extra <= problem.staff[k].capacity_units
                && (!secondary || sec < problem.staff[k].max_establishments)
                && problem.is_eligible(k, base, i)
                && problem.km_cap(k).is_none_or(|cap| {
                    !cap.exceeded_by(km_k + 2.0 * problem.km(k, base, i) * f64::from(units + extra), 1e-9)
                })
        };
        let mut best: Option<(f64, usize)> = None;
        for k in (0..problem.staff.len()).filter(|&k| k != from) {
            let Some(base) = &solution.bases[k] else { continue };
            let sec = solution
                .assignments
                .iter()
                .filter(|a| a.worker == k && problem.sites[a.site].kind().is_secondary())
                .count() as u32;
            if fits(k, base, per_worker[k], km[k], sec) {
                let d = problem.km(k, base, i);
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, k));
                }
            }
        }
        let to = match best {
            Some((_, k)) => Some(k),
            None => (0..problem.staff.len()).find(|&k| solution.bases[k].is_none()).and_then(|k| {
                let taken = solution.chosen_base_sites();
                let base = problem
                    .candidate_bases
                    .iter()
                    .copied()
                    .filter(|b| !taken.contains(b) && fits(k, &BaseChoice::Site(*b), 0, 0.0, 0))
                    .min_by(|&a, &b| {
                        problem
                            .km(k, &BaseChoice::Site(a), i)
                            .total_cmp(&problem.km(k, &BaseChoice::Site(b), i))
                            .then(a.cmp(&b))
                    })?;
                solution.bases[k] = Some(BaseChoice::Site(base));
                Some(k)
            }),
        };
        if let Some(k) = to {
            if exact {
                moved.push(i);
            }
            solution.assignments[n].worker = k;
            solution.normalise();
            return solution.assignments.iter().position(|a| a.worker == k && a.site == i);
        }
    }
    None
}

/// Whether worker `k` has, besides site `except`, an establishment with unmet need that may
/// take more half-days (below its ceiling, time not locked).
fn has_other_unmet(
    problem: &Problem,
    solution: &Solution,
    per_site: &[u32],
    fixed: &[(usize, usize)],
    k: usize,
    except: usize,
) -> bool {
    solution.assignments.iter().any(|a| {
        a.worker == k
            && a.site != except
            && problem.sites[a.site].curve.need_units - f64::from(per_site[a.site]) > 1e-9
            && per_site[a.site] < problem.sites[a.site].cap_units
            && !fixed.contains(&(k, a.site))
    })
}

/// Step 0 in budget-only mode: where a CTSS-D bases new posts when she draws their sectors by
/// hand. The establishments the budget can give a minimum presence to, in the order of step 1,
/// are drawn; their need (`⌈need⌉` half-days, a REP+ école's with its head collège) is shared
/// equally among the posts, in proportion to their time. Starting from the establishment
/// farthest from the département's centre (weighted by need) not yet in a sector, she gathers
/// the establishments nearest to it (within `max_distance_km`, up to the sector size) while each
/// brings the sector's need closer to the post's share of what is left, and bases the post at
/// the sector's collège or lycée from which its need is the fewest km away (`Σ need_j × d_j`
/// least, no two posts at the same one); then the next post, until every post has its sector.
/// Returns the bases (by worker or post) and the post of each establishment's sector (by site).
/// Outside budget-only mode, and for a post with a lock, the bases are those of
/// [`Solution::empty`] and no establishment has a sector.
pub fn draw_sectors(problem: &Problem) -> (Vec<Option<BaseChoice>>, Vec<Option<usize>>) {
    let mut bases = Solution::empty(problem).bases;
    let mut post_of = vec![None; problem.sites.len()];
    if !problem.budget_only {
        return (bases, post_of);
    }
    let posts: Vec<usize> = (0..problem.staff.len())
        .filter(|&k| bases[k].is_none() && !problem.locks.iter().any(|l| l.worker == k))
        .collect();
    let Some(&first) = posts.first() else { return (bases, post_of) };
    // What is drawn: establishments not excluded, not locked, not a REP+ école (it follows its
    // head collège, whose weight includes its need).
    let mut weight = vec![0.0f64; problem.sites.len()];
    for i in 0..problem.sites.len() {
        let to = problem.head[i].unwrap_or(i);
        weight[to] += f64::from(need_target(problem, i));
    }
    let mut left: Vec<usize> = (0..problem.sites.len())
        .filter(|&i| problem.head[i].is_none() && !problem.is_excluded(i) && !problem.locks.iter().any(|l| l.site == i))
        .collect();
    // Only the establishments the budget can give a minimum presence to, in the order of step 1
    // (a REP+ école's with its head collège): with 2.4 ETP for 17 collèges (Lozère), sectors drawn
    // over all of them left high-priority ones out for lack of room in their own sector.
    crate::baseline::sort_by_priority(problem, &mut left);
    let mut budget = problem.budget_units;
    left.retain(|&i| {
        let ecoles = problem.networks.ecoles_of(i).into_iter().filter(|&e| problem.head[e] == Some(i));
        let units = problem.sites[i].min_units + ecoles.map(|e| problem.sites[e].min_units).sum::<u32>();
        let pays = units <= budget;
        if pays {
            budget -= units;
        }
        pays
    });
    left.sort_unstable();
    // The centre of the need (an establishment without need counts for a trifle).
    let (mut lat, mut lon, mut sum) = (0.0, 0.0, 0.0);
    for &i in &left {
        let w = weight[i] + 1e-6;
        lat += w * problem.sites[i].establishment.location.lat;
        lon += w * problem.sites[i].establishment.location.lon;
        sum += w;
    }
    let centre = crate::LatLon::new(lat / sum.max(1e-12), lon / sum.max(1e-12));
    let from_centre = |i: usize| problem.sites[i].establishment.location.haversine_km(&centre);
    let km = |a: usize, b: usize| problem.km(first, &BaseChoice::Site(a), b);
    let limit = problem.scenario.rules.max_distance_km;
    let mut taken: Vec<usize> = Vec::new();
    for (n, &k) in posts.iter().enumerate() {
        // An equal share (in proportion to the post's time) of the need still to draw among the
        // posts still without a sector.
        let time_left: u32 = posts[n..].iter().map(|&p| problem.staff[p].capacity_units).sum();
        let share = left.iter().map(|&i| weight[i]).sum::<f64>() * f64::from(problem.staff[k].capacity_units)
            / f64::from(time_left.max(1));
        let Some(seed) = left.iter().copied().max_by(|&a, &b| {
            from_centre(a).total_cmp(&from_centre(b)).then(problem.sites[b].uai().cmp(problem.sites[a].uai()))
        }) else {
            break;
        };
        let mut near: Vec<usize> = left.iter().copied().filter(|&i| i != seed && km(seed, i) <= limit + 1e-9).collect();
        near.sort_by(|&a, &b| km(seed, a).total_cmp(&km(seed, b)).then(a.cmp(&b)));
        let mut sector = vec![seed];
        let mut load = weight[seed];
        let secondary = |sector: &[usize]| sector.iter().filter(|&&i| problem.sites[i].kind().is_secondary()).count();
        for i in near {
            // Up to the share, to the nearest establishment: one more only if it brings the
            // sector's need closer to the share.
            if load + weight[i] / 2.0 > share + 1e-9 {
                break;
            }
            if problem.sites[i].kind().is_secondary()
                && secondary(&sector) as u32 >= problem.staff[k].max_establishments
            {
                continue;
            }
            sector.push(i);
            load += weight[i];
        }
        left.retain(|i| !sector.contains(i));
        let cost = |b: usize| sector.iter().map(|&j| weight[j] * km(b, j)).sum::<f64>();
        let base = sector
            .iter()
            .copied()
            .filter(|b| problem.candidate_bases.contains(b) && !taken.contains(b))
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)).then(a.cmp(&b)))
            .or_else(|| {
                problem
                    .candidate_bases
                    .iter()
                    .copied()
                    .filter(|b| !taken.contains(b))
                    .min_by(|&a, &b| km(a, seed).total_cmp(&km(b, seed)).then(a.cmp(&b)))
            });
        if let Some(b) = base {
            taken.push(b);
            bases[k] = Some(BaseChoice::Site(b));
            for i in sector {
                post_of[i] = Some(k);
            }
        }
    }
    (bases, post_of)
}

/// Computes the rule of thumb's plan.
pub fn rule_of_thumb(problem: &Problem) -> RuleOfThumb {
    let (bases, post_of) = draw_sectors(problem);
    let mut solution = crate::baseline::greedy_in_sectors(problem, bases, &post_of);
    let n_staff = problem.staff.len();
    let mut per_worker = solution.units_per_worker(n_staff);
    let mut per_site = solution.units_per_site(problem.sites.len());
    let mut km: Vec<f64> = (0..n_staff).map(|k| crate::objective::weekly_km(problem, &solution, k)).collect();
    let used: u32 = per_worker.iter().sum();
    let mut left = problem.budget_units.saturating_sub(used);
    let fixed: Vec<(usize, usize)> =
        problem.locks.iter().filter(|l| l.units.is_some()).map(|l| (l.worker, l.site)).collect();
    let mut moved: Vec<usize> = Vec::new();
    while left > 0 {
        // Step 3: the largest weighted unmet need from its own worker; then a hand-over; then,
        // when no establishment with unmet need can take a half-day, the worker's last half-days
        // above need (same order, up to the establishment's ceiling).
        let pick = |solution: &Solution, per_worker: &[u32], per_site: &[u32], km: &[f64], above_need: bool| {
            // (weighted unmet need, assignment index); the first best in (worker, site) order wins.
            let mut best: Option<(f64, usize)> = None;
            for (n, a) in solution.assignments.iter().enumerate() {
                let (k, i) = (a.worker, a.site);
                let site = &problem.sites[i];
                let unmet = site.curve.need_units - f64::from(per_site[i]);
                if (!above_need && unmet <= 1e-9)
                    || per_site[i] >= site.cap_units
                    || per_worker[k] >= problem.staff[k].capacity_units
                {
                    continue;
                }
                if fixed.contains(&(k, i)) {
                    continue;
                }
                let Some(base) = &solution.bases[k] else { continue };
                if problem.km_cap(k).is_some_and(|cap| cap.exceeded_by(km[k] + 2.0 * problem.km(k, base, i), 1e-9)) {
                    continue;
                }
                let score = site.priority.score * unmet;
                if best.is_none_or(|(b, _)| score > b + 1e-12) {
                    best = Some((score, n));
                }
            }
            best
        };
        let best = pick(&solution, &per_worker, &per_site, &km, false).or_else(|| {
            let n = hand_over(problem, &mut solution, &per_worker, &per_site, &km, &fixed, false, &mut moved)?;
            // The establishment moved with its half-days; the new worker's load is recomputed.
            per_worker = solution.units_per_worker(n_staff);
            km = (0..n_staff).map(|k| crate::objective::weekly_km(problem, &solution, k)).collect();
            Some((0.0, n))
        });
        if best.is_none()
            && hand_over(problem, &mut solution, &per_worker, &per_site, &km, &fixed, true, &mut moved).is_some()
        {
            // An exact hand-over freed half-days at a worker with unmet need: the loop goes on.
            per_worker = solution.units_per_worker(n_staff);
            km = (0..n_staff).map(|k| crate::objective::weekly_km(problem, &solution, k)).collect();
            continue;
        }
        let best = best.or_else(|| {
            (!needs_met(problem, &solution)).then(|| pick(&solution, &per_worker, &per_site, &km, true))?
        });
        let Some((_, n)) = best else {
            break;
        };
        let a = &mut solution.assignments[n];
        a.units += 1;
        per_worker[a.worker] += 1;
        per_site[a.site] += 1;
        if let Some(base) = &solution.bases[a.worker] {
            km[a.worker] += 2.0 * problem.km(a.worker, base, a.site);
        }
        left -= 1;
    }
    // A post drawn a sector that ends up with no establishment is left unused (no base).
    for k in 0..n_staff {
        if problem.staff[k].generated
            && matches!(solution.bases[k], Some(BaseChoice::Site(_)))
            && !problem.locks.iter().any(|l| l.worker == k)
            && !solution.assignments.iter().any(|a| a.worker == k)
        {
            solution.bases[k] = None;
        }
    }
    let needs_met = needs_met(problem, &solution);
    let why_left = why_left(problem, &solution);
    RuleOfThumb { solution, units_left: left, needs_met, why_left }
}

/// Why the rule of thumb's `solution` leaves half-days of the budget while some need is unmet
/// (French): who has room and what stops it. `None` when the budget is spent or every need is
/// met.
pub fn why_left(problem: &Problem, solution: &Solution) -> Option<String> {
    let per_worker = solution.units_per_worker(problem.staff.len());
    if per_worker.iter().sum::<u32>() >= problem.budget_units || needs_met(problem, solution) {
        return None;
    }
    let km: Vec<f64> = (0..problem.staff.len()).map(|k| crate::objective::weekly_km(problem, solution, k)).collect();
    let per_site = solution.units_per_site(problem.sites.len());
    let (mut ceiling, mut km_cap, mut unused, mut other) = ((0, 0u32), (0, 0u32), (0, 0u32), (0, 0u32));
    for (k, st) in problem.staff.iter().enumerate() {
        let room = st.capacity_units.saturating_sub(per_worker[k]);
        if room == 0 {
            continue;
        }
        let own: Vec<usize> = solution.assignments.iter().filter(|a| a.worker == k).map(|a| a.site).collect();
        let locked = |i: usize| problem.locks.iter().any(|l| l.worker == k && l.site == i && l.units.is_some());
        // The establishments it could still give a half-day to: below their ceiling, time not locked.
        let open: Vec<usize> =
            own.iter().copied().filter(|&i| per_site[i] < problem.sites[i].cap_units && !locked(i)).collect();
        let slot = if solution.bases[k].is_none() || own.is_empty() {
            &mut unused
        } else if open.is_empty() && own.iter().all(|&i| per_site[i] >= problem.sites[i].cap_units) {
            &mut ceiling
        } else if !open.is_empty()
            && problem.km_cap(k).is_some_and(|cap| {
                let base = solution.bases[k].as_ref().expect("has a base");
                open.iter().all(|&i| cap.exceeded_by(km[k] + 2.0 * problem.km(k, base, i), 1e-9))
            })
        {
            &mut km_cap
        } else {
            &mut other
        };
        slot.0 += 1;
        slot.1 += room;
    }
    let mut parts = Vec::new();
    let mut push = |(n, u): (u32, u32), why: &str| {
        if n > 0 {
            parts.push(format!("{} chez {} {why}", half_days(u), counted(n, "assistant")));
        }
    };
    push(ceiling, "dont les établissements sont tous au plafond par établissement (need.max_fte_per_establishment)");
    push(km_cap, &format!("au plafond de km hebdomadaire ({})", cap_keys(problem)));
    push(unused, "sans établissement : aucun établissement au besoin non couvert ne peut leur être confié avec ses demi-journées et une de plus (temps du poste, distance, taille de secteur, réseau REP+)");
    push(other, "dont les établissements ont un temps verrouillé (locks)");
    Some(parts.join(" ; "))
}

/// Where the weekly km caps of `problem` are set: « travel.max_weekly_km », « max_weekly_km de
/// workers.csv », or both.
fn cap_keys(problem: &Problem) -> &'static str {
    let caps: Vec<bool> = (0..problem.staff.len()).filter_map(|k| problem.km_cap(k)).map(|c| c.own).collect();
    match (caps.contains(&false), caps.contains(&true)) {
        (true, true) => "travel.max_weekly_km, ou le plafond propre de l'assistant : max_weekly_km de workers.csv",
        (false, true) => "le plafond propre de l'assistant : max_weekly_km de workers.csv",
        _ => "travel.max_weekly_km",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_solution;
    use crate::scenario::Scenario;
    use crate::test_support::{college, small_instance, worker};
    use crate::{Instance, LatLon};

    /// Six collèges of 900 pupils (need 0.9 ETP each under the default rules) near one
    /// full-time worker and one at 0.8 ETP: 5.4 ETP of need for 1.8 ETP of staff.
    fn needy_instance() -> Instance {
        let establishments = (0..6)
            .map(|n| {
                let mut e = college(&format!("03100{n:02}A"), 900);
                e.location = LatLon::new(43.60 + 0.01 * n as f64, 1.44);
                e.rep = n < 2;
                e
            })
            .collect();
        Instance {
            establishments,
            workers: vec![
                worker("ASS01", 1.0, LatLon::new(43.60, 1.44)),
                worker("ASS02", 0.8, LatLon::new(43.65, 1.44)),
            ],
            ..Instance::default()
        }
    }

    #[test]
    fn uses_the_whole_budget_when_needs_exceed_it() {
        let problem = Problem::new(&needy_instance(), &Scenario::default()).expect("valid");
        let min_only = crate::baseline::greedy(&problem);
        let rot = rule_of_thumb(&problem);
        assert!(check_solution(&problem, &rot.solution).is_empty(), "{:?}", check_solution(&problem, &rot.solution));
        let used: u32 = rot.solution.units_per_worker(problem.staff.len()).iter().sum();
        assert_eq!(used, problem.budget_units, "the whole budget is handed out");
        assert_eq!(rot.units_left, 0);
        assert!(!rot.needs_met);
        let min_used: u32 = min_only.units_per_worker(problem.staff.len()).iter().sum();
        assert!(used > min_used, "the top-up adds half-days beyond the minimum presence");
        // The REP collèges (priority 2) get more than the others of the same worker.
        let per_site = rot.solution.units_per_site(problem.sites.len());
        let rep = problem.site_index("0310000A").expect("in scope");
        assert!(per_site.iter().all(|&u| u <= per_site[rep]), "{per_site:?}");
    }

    #[test]
    fn budget_only_hands_establishments_over_to_unused_posts() {
        // Twenty collèges of 900 pupils and 6 ETP of posts: the minimum presence fills a few
        // posts up to their sector size; the rest of the budget goes through new posts.
        let establishments = (0..20)
            .map(|n| {
                let mut e = college(&format!("0310{n:03}A"), 900);
                e.location = LatLon::new(43.60 + 0.005 * n as f64, 1.44);
                e
            })
            .collect();
        let instance = Instance { establishments, workers: Vec::new(), ..Instance::default() };
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(6.0);
        let problem = Problem::new(&instance, &scenario).expect("valid");
        let rot = rule_of_thumb(&problem);
        assert!(check_solution(&problem, &rot.solution).is_empty(), "{:?}", check_solution(&problem, &rot.solution));
        // Without the hand-over, the posts filled by the minimum presence stop it early.
        let start: u32 = crate::baseline::greedy(&problem).assignments.iter().map(|a| a.units).sum();
        assert!(start + 10 < problem.budget_units, "start {start} of {}", problem.budget_units);
        // With it, at most a half-day per worker is left (a worker whose last half-day no
        // establishment it may still take can use).
        let posts = rot.solution.bases.iter().filter(|b| b.is_some()).count() as u32;
        assert!(rot.units_left < posts, "{} half-days left, {posts} posts", rot.units_left);
        assert!(!rot.needs_met);
    }

    #[test]
    fn says_how_much_is_left_when_every_need_is_met() {
        // Three collèges (needs 0.6, 0.4 and 0.8 ETP) and 3 ETP of staff.
        let mut instance = small_instance();
        instance.workers[0].fte = 1.0;
        instance.workers.push(worker("ASS02", 1.0, LatLon::new(43.62, 1.42)));
        instance.workers.push(worker("ASS03", 1.0, LatLon::new(43.58, 1.47)));
        let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
        let rot = rule_of_thumb(&problem);
        assert!(check_solution(&problem, &rot.solution).is_empty());
        assert!(rot.needs_met);
        let used: u32 = rot.solution.units_per_worker(problem.staff.len()).iter().sum();
        assert!(rot.units_left > 0);
        assert_eq!(used + rot.units_left, problem.budget_units);
        let per_site = rot.solution.units_per_site(problem.sites.len());
        for (i, site) in problem.sites.iter().enumerate() {
            assert!(f64::from(per_site[i]) + 1e-9 >= site.curve.need_units, "{} : {}", site.uai(), per_site[i]);
        }
    }

    /// Collège X (`pupils` pupils) next to ASS01 (`fte`), collège Y (900 pupils) 150 km away
    /// next to ASS02 (0.4 ETP): Y's need is unmet and ASS01 cannot take it.
    fn two_valleys(pupils: u32, fte: f64) -> Problem {
        let x = college("0310001A", pupils);
        let mut y = college("0310002B", 900);
        y.location = LatLon::new(44.95, 1.44);
        let instance = Instance {
            establishments: vec![x, y],
            workers: vec![
                worker("ASS01", fte, LatLon::new(43.60, 1.44)),
                worker("ASS02", 0.4, LatLon::new(44.95, 1.44)),
            ],
            ..Instance::default()
        };
        Problem::new(&instance, &Scenario::default()).expect("valid")
    }

    #[test]
    fn a_worker_whose_establishments_are_at_need_gives_its_last_half_days_above_need() {
        // Regression (Haute-Garonne left 2.6 ETP): ASS01 meets X's need (9 half-days) with one
        // half-day to spare while Y's need is unmet; the spare half-day goes to X, up to its ceiling.
        let problem = two_valleys(900, 1.0);
        let rot = rule_of_thumb(&problem);
        assert!(check_solution(&problem, &rot.solution).is_empty());
        assert!(!rot.needs_met);
        assert_eq!(rot.units_left, 0, "{:?}", rot.solution);
        assert_eq!(rot.solution.units(0, 0), 10);
        assert_eq!(rot.why_left, None);
    }

    #[test]
    fn says_what_is_left_and_why_when_establishments_are_at_their_ceiling() {
        // X needs 1.2 ETP but its ceiling is 1.0: ASS01 (1.2 ETP) keeps 2 half-days.
        let problem = two_valleys(1200, 1.2);
        let rot = rule_of_thumb(&problem);
        assert!(check_solution(&problem, &rot.solution).is_empty());
        assert_eq!(rot.solution.units(0, 0), 10);
        assert_eq!(rot.units_left, 2);
        let why = rot.why_left.expect("a reason");
        assert!(why.contains("2 demi-journées chez 1 assistant ") && why.contains("plafond"), "{why}");
    }

    #[test]
    fn a_small_post_takes_over_an_establishment_of_its_size_and_frees_half_days_for_unmet_need() {
        // Regression (Hérault left 0.2 ETP): ASS01 (1 ETP) serves X and Y (need 9 half-days
        // each) and Z (250 pupils, 2 half-days); ASS02 (0.2 ETP, 30 km away) has nothing.
        // Z moves to ASS02 with its 2 half-days and ASS01 gives them to X and Y.
        let mut z = college("0310003C", 250);
        z.location = LatLon::new(43.61, 1.44);
        let instance = Instance {
            establishments: vec![college("0310001A", 900), college("0310002B", 900), z],
            workers: vec![
                worker("ASS01", 1.0, LatLon::new(43.60, 1.44)),
                worker("ASS02", 0.2, LatLon::new(43.87, 1.44)),
            ],
            ..Instance::default()
        };
        let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
        let rot = rule_of_thumb(&problem);
        assert!(check_solution(&problem, &rot.solution).is_empty(), "{:?}", check_solution(&problem, &rot.solution));
        assert_eq!(rot.units_left, 0, "{:?}", rot.solution);
        assert_eq!(rot.solution.units(1, 2), 2, "Z handed over to ASS02: {:?}", rot.solution);
        assert_eq!(rot.solution.units(0, 0) + rot.solution.units(0, 1), 10);
    }

    #[test]
    fn a_lock_on_a_rep_plus_ecole_takes_its_head_college_to_the_same_worker() {
        // The REP+ collège's nearest worker is ASS02, based next to it; its école is locked to
        // ASS01, so the collège goes to ASS01 too.
        let mut instance = crate::test_support::small_instance_with_rep_plus();
        let mut ecole = college("0319001E", 300);
        ecole.kind = crate::Kind::Ecole;
        ecole.rep_plus = true;
        ecole.location = LatLon::new(43.645, 1.45);
        ecole.network = Some("0310004D".into());
        instance.establishments.push(ecole);
        let mut scenario = Scenario::default();
        let lock = crate::scenario::LockedPair { uai: "0319001E".into(), worker: "ASS01".into(), fte: None };
        scenario.locks.assign.push(lock);
        let problem = Problem::new(&instance, &scenario).expect("valid");
        for plan in [crate::baseline::greedy(&problem), rule_of_thumb(&problem).solution] {
            assert!(check_solution(&problem, &plan).is_empty(), "{:?}", check_solution(&problem, &plan));
            assert!(plan.units(0, 4) > 0 && plan.units(0, 3) > 0, "{:?}", plan.assignments);
        }
    }
}
