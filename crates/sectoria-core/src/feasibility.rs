//! Pre-solve feasibility checks that name the conflicting rule with its numbers.
//!
//! These catch the usual causes of an infeasible scenario before the solver runs: no worker and
//! no post at all (said alone), a `must_cover` category that needs more ETP than the budget, a
//! mandatory establishment with no worker within reach, mandatory establishments so far apart
//! that each needs a worker of its own and there are fewer, locks that exceed a worker's capacity
//! or contradict each other, an establishment of `[locks] exclude` that must be covered or is
//! locked to a worker, a REP+ network locked to a worker whose time cannot carry its mandatory
//! écoles.
//! The solver remains the final judge; it diagnoses what these checks miss.

use crate::french::half_days;
use crate::problem::{BaseChoice, Problem};
use std::collections::BTreeMap;

mod locked_network;

/// A reason why the scenario cannot be satisfied.
#[derive(Debug, Clone, PartialEq)]
pub struct Infeasibility {
    /// The rule in conflict (`must_cover`, `locks`, `budget`…).
    pub rule: String,
    /// French explanation with the numbers and what to change.
    pub message: String,
}

fn fte(problem: &Problem, units: u32) -> String {
    format!("{:.1}", f64::from(units) * problem.unit_fte()).replace('.', ",")
}

/// Runs the checks; an empty list means nothing obvious is wrong.
pub fn precheck(problem: &Problem) -> Vec<Infeasibility> {
    let mut out = Vec::new();
    let rules = &problem.scenario.rules;
    let must: Vec<usize> = (0..problem.sites.len()).filter(|&i| problem.sites[i].must_cover).collect();
    // No worker and no post at all: the cause, alone (every other check would blame a distance).
    if problem.staff.is_empty() {
        return no_staff(problem, &must).into_iter().collect();
    }

    // `[locks] exclude` against `must_cover` and `[locks] assign`: named as such, not as a
    // distance or a budget the exclusion would otherwise look like.
    out.extend(excluded_conflicts(problem));
    let must: Vec<usize> = must.into_iter().filter(|&i| !problem.is_excluded(i)).collect();

    // Budget needed by must_cover (and the head collèges of must-cover écoles).
    if !must.is_empty() {
        let mut needed: Vec<usize> = must.clone();
        needed.extend(must.iter().filter_map(|&i| problem.head[i]));
        needed.sort_unstable();
        needed.dedup();
        let units: u32 = needed.iter().map(|&i| problem.sites[i].min_units).sum();
        if units > problem.budget_units {
            out.push(Infeasibility {
                rule: "must_cover".into(),
                message: format!(
                    "les établissements obligatoires ({}) demandent {} ETP ({} établissements à la présence minimale), le budget après réserve est de {} ETP : augmentez `budget.total_fte`, réduisez `budget.reserve_fte` ou `rules.min_presence_fte`, ou {}",
                    mandatory_keys(problem),
                    fte(problem, units),
                    needed.len(),
                    fte(problem, problem.budget_units),
                    fewer_mandatory(problem)
                ),
            });
        }
    }

    // `stability.max_changes` below what today's sectors force any plan to change.
    out.extend(max_changes_too_low(problem));

    // The mandatory establishments must fit in the time of the workers within their reach.
    out.extend(must_cover_reach(problem, &must));

    // A mandatory REP+ network must fit in one worker when écoles follow their collège.
    let largest = problem.staff.iter().map(|s| s.capacity_units).max().unwrap_or(0);
    for (h, site) in problem.sites.iter().enumerate().filter(|(h, _)| !problem.is_excluded(*h)) {
        let ecoles: Vec<usize> = problem
            .networks
            .ecoles_of(h)
            .into_iter()
            .filter(|&e| problem.head[e] == Some(h) && problem.sites[e].must_cover)
            .collect();
        if ecoles.is_empty() {
            continue;
        }
        let units = site.min_units + ecoles.iter().map(|&e| problem.sites[e].min_units).sum::<u32>();
        if units > largest {
            out.push(Infeasibility {
                rule: "must_cover".into(),
                message: format!(
                    "réseau REP+ du collège {} ({}) : {} écoles obligatoires et le collège demandent {} ETP à un même assistant (règle rep_plus_schools_follow_college), la plus grande quotité est de {} ETP : mettez `rules.must_cover_ecoles = false` ou `rules.rep_plus_schools_follow_college = false`",
                    site.uai(), site.establishment.name, ecoles.len(), fte(problem, units), fte(problem, largest)
                ),
            });
        }
    }

    // Every mandatory establishment needs a worker within reach (with its head collège).
    let staff = problem.distinct_staff();
    for &i in must.iter().filter(|&&i| problem.head[i].is_none_or(|h| !problem.is_excluded(h))) {
        let reachable = staff.iter().any(|&k| {
            problem
                .base_options(k)
                .iter()
                .any(|b| problem.is_eligible(k, b, i) && problem.head[i].is_none_or(|h| problem.is_eligible(k, b, h)))
        });
        if !reachable {
            let s = &problem.sites[i];
            let along = if problem.head[i].is_some() { " avec son collège tête de réseau" } else { "" };
            // Asked by no category of `rules.must_cover` (a counterfactual forcing its presence):
            // the distance alone is the obstacle.
            let (rule, message) = if categories(problem, i).is_empty() {
                (
                    "distance",
                    format!(
                        "aucun assistant ne peut atteindre {} ({}) à moins de {} km{along} : augmentez `rules.max_distance_km` ou ajoutez une distance dans distances.csv",
                        s.uai(),
                        s.establishment.name,
                        rules.max_distance_km
                    ),
                )
            } else {
                (
                    "must_cover",
                    format!(
                        "{} ({}) doit être couvert (must_cover) mais aucun assistant ne peut l'atteindre à moins de {} km{along} : augmentez `rules.max_distance_km`, ajoutez une distance dans distances.csv ou retirez sa catégorie de `rules.must_cover`",
                        s.uai(),
                        s.establishment.name,
                        rules.max_distance_km
                    ),
                )
            };
            out.push(Infeasibility { rule: rule.into(), message });
        }
    }

    // Mandatory establishments too far apart for one worker to serve two of them: one each.
    if !out.iter().any(|r| r.rule == "must_cover" || r.rule == "distance") {
        out.extend(must_cover_spread(problem, &must));
    }

    // Locks.
    let mut locked_units: BTreeMap<usize, u32> = BTreeMap::new();
    let mut locked_secondary: BTreeMap<usize, u32> = BTreeMap::new();
    let mut workers_per_site: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    // Per worker, the head collèges its locked écoles take along (named where they count).
    let mut taken_along: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for l in &problem.locks {
        let s = &problem.sites[l.site];
        let name = &problem.staff[l.worker].worker.id;
        let units = l.units.unwrap_or(s.min_units);
        if l.units.is_some_and(|u| u < s.min_units || u > s.cap_units) {
            out.push(Infeasibility {
                rule: "locks".into(),
                message: format!(
                    "verrou {} → {} : {} ETP hors de l'intervalle autorisé [{} ; {}] ETP (présence minimale, plafond par établissement)",
                    s.uai(), name, fte(problem, units), fte(problem, s.min_units), fte(problem, s.cap_units)
                ),
            });
        }
        if problem.forbidden.contains(&(l.worker, l.site)) && !problem.is_excluded(l.site) {
            out.push(Infeasibility {
                rule: "locks".into(),
                message: format!(
                    "verrou {} → {} : la même paire est interdite dans [locks] forbid ; retirez l'un des deux",
                    s.uai(),
                    name
                ),
            });
        }
        *locked_units.entry(l.worker).or_insert(0) += units;
        if s.kind().is_secondary() {
            *locked_secondary.entry(l.worker).or_insert(0) += 1;
        }
        workers_per_site.entry(l.site).or_default().push(l.worker);
    }
    // A locked école takes its head collège to the same worker (at its minimum presence, unless
    // a lock of that worker holds it already): within reach of the worker's base, and within
    // its time and sector size.
    let mut heads: Vec<(usize, usize, usize)> = problem
        .locks
        .iter()
        .filter_map(|l| problem.head[l.site].map(|h| (l.worker, h, l.site)))
        .filter(|&(_, h, _)| !problem.locks.iter().any(|m| m.site == h)) // counted, or named below
        .collect();
    heads.sort_unstable();
    heads.dedup_by_key(|t| (t.0, t.1));
    let mut per_head: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for &(k, h, e) in &heads {
        per_head.entry(h).or_default().push((k, e));
    }
    for (h, locked) in per_head.into_iter().filter(|(_, l)| l.len() as u32 > rules.max_workers_per_establishment) {
        let pairs: Vec<String> = locked
            .iter()
            .map(|&(k, e)| format!("{} → {}", problem.sites[e].uai(), problem.staff[k].worker.id))
            .collect();
        out.push(Infeasibility {
            rule: "locks".into(),
            message: format!(
                "les écoles du réseau de {} sont verrouillées à {} assistants ({}), or une école REP+ suit son collège tête de réseau (règle rep_plus_schools_follow_college) : verrouillez-les au même assistant",
                problem.sites[h].uai(),
                locked.len(),
                pairs.join(", ")
            ),
        });
    }
    for (k, h, e) in heads {
        let st = &problem.staff[k];
        if problem.is_excluded(h) {
            // Named by `excluded_conflicts`.
        } else if let [base] = problem.base_options(k).as_slice() {
            if !problem.is_eligible(k, base, h) {
                let (id, head) = (&st.worker.id, problem.sites[h].uai());
                let (why, fix) = if problem.forbidden.contains(&(k, h)) {
                    (
                        "la paire est interdite dans [locks] forbid".to_string(),
                        format!("retirez la paire {head} ✕ {id} de [locks] forbid"),
                    )
                } else if problem.is_too_long(k, base, h) {
                    (
                        format!(
                            "{:.0} minutes de trajet, au-delà de `travel.max_minutes_one_way` = {:.0}",
                            problem.minutes(k, base, h),
                            problem.scenario.travel.max_minutes_one_way.unwrap_or_default()
                        ),
                        format!("verrouillez aussi ce collège à {id}"),
                    )
                } else {
                    (
                        format!(
                            "{:.0} km de sa résidence, au-delà de `rules.max_distance_km` = {:.0}",
                            problem.km(k, base, h),
                            rules.max_distance_km
                        ),
                        format!("verrouillez aussi ce collège à {id}"),
                    )
                };
                out.push(Infeasibility {
                    rule: "locks".into(),
                    message: format!(
                        "verrou {} → {id} : une école REP+ suit son collège tête de réseau (règle rep_plus_schools_follow_college), et {head} ({}) est hors de portée de {id} ({why}) : {fix}, ou verrouillez l'école à l'assistant qui sert le collège",
                        problem.sites[e].uai(),
                        problem.sites[h].establishment.name,
                    ),
                });
            }
        }
        *locked_units.entry(k).or_insert(0) += problem.sites[h].min_units;
        *locked_secondary.entry(k).or_insert(0) += 1;
        taken_along.entry(k).or_default().push(problem.sites[h].uai());
    }
    for (&k, &units) in &locked_units {
        let st = &problem.staff[k];
        // Where the numbers hold a collège the lock file does not name, say which.
        let along = taken_along.get(&k).map_or(String::new(), |h| {
            format!(
                " (dont le collège tête de réseau de ses écoles verrouillées : {}, à sa présence minimale)",
                h.join(", ")
            )
        });
        if units > st.capacity_units {
            out.push(Infeasibility {
                rule: "locks".into(),
                message: format!(
                    "les verrous de {} demandent {} ETP{along}, sa quotité disponible est de {} ETP : retirez un verrou ou réduisez son ETP",
                    st.worker.id, fte(problem, units), fte(problem, st.capacity_units)
                ),
            });
        }
        if locked_secondary.get(&k).copied().unwrap_or(0) > st.max_establishments {
            out.push(Infeasibility {
                rule: "locks".into(),
                message: format!(
                    "{} a {} établissements verrouillés{along}, au-delà de la limite de {} par secteur : retirez un verrou, ou relevez la limite (`rules.max_establishments_per_worker`, ou la colonne max_establishments de workers.csv)",
                    st.worker.id, locked_secondary[&k], st.max_establishments
                ),
            });
        }
    }
    // A locked REP+ network: the collège and its mandatory écoles, with the worker's other locks.
    out.extend(locked_network::locked_networks(problem));
    let locked_total: u32 = locked_units.values().sum();
    if locked_total > problem.budget_units {
        out.push(Infeasibility {
            rule: "locks".into(),
            message: format!(
                "les verrous demandent {} ETP, le budget après réserve est de {} ETP",
                fte(problem, locked_total),
                fte(problem, problem.budget_units)
            ),
        });
    }
    for (&i, ws) in &workers_per_site {
        let mut ws = ws.clone();
        ws.sort_unstable();
        ws.dedup();
        if ws.len() as u32 > rules.max_workers_per_establishment {
            let names: Vec<&str> = ws.iter().map(|&k| problem.staff[k].worker.id.as_str()).collect();
            out.push(Infeasibility {
                rule: "locks".into(),
                message: format!(
                    "{} est verrouillé à {} assistants ({}), au-delà de `rules.max_workers_per_establishment` = {}",
                    problem.sites[i].uai(),
                    ws.len(),
                    names.join(", "),
                    rules.max_workers_per_establishment
                ),
            });
        }
        if let Some(h) = problem.head[i] {
            for &k in &ws {
                let head_locked_elsewhere = workers_per_site.get(&h).is_some_and(|hw| !hw.contains(&k))
                    && rules.max_workers_per_establishment == 1;
                if head_locked_elsewhere {
                    out.push(Infeasibility {
                        rule: "locks".into(),
                        message: format!(
                            "l'école {} est verrouillée à {} mais son collège tête de réseau {} est verrouillé à un autre assistant (règle rep_plus_schools_follow_college)",
                            problem.sites[i].uai(), problem.staff[k].worker.id, problem.sites[h].uai()
                        ),
                    });
                }
            }
        }
    }
    out
}

/// Half-days of today's sectors that every plan must change, each part a proof of its own
/// (`stability.max_changes` counts `|a − t|` summed over every pair, today's `t` against the
/// plan's `a`). Today's pairs now forbidden lose all their half-days; the other pairs lose at
/// least what is above the budget after reserve in all, above each worker's capacity, or above
/// each establishment's cap and number of workers. The parts on disjoint pairs add up; the
/// others overlap, so only the largest counts ([`ChangesNeeded::least`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangesNeeded {
    /// Today's half-days (current.csv, its workers and establishments in the plan).
    pub today: u32,
    /// Of which on pairs the scenario now forbids (`[locks] forbid`, `exclude`).
    pub forbidden: u32,
    /// The budget after reserve, half-days.
    pub budget: u32,
    /// Today's half-days on allowed pairs above the budget after reserve.
    pub above_budget: u32,
    /// Today's half-days on allowed pairs above each worker's capacity, in all, and the
    /// workers concerned: (id, today's half-days, capacity).
    pub above_capacity: (u32, Vec<(String, u32, u32)>),
    /// Today's half-days on allowed pairs above each establishment's cap or beyond its
    /// `rules.max_workers_per_establishment` largest pairs, in all, and the UAIs concerned.
    pub above_sites: (u32, Vec<String>),
}

impl ChangesNeeded {
    /// Half-days every plan changes at least.
    pub fn least(&self) -> u32 {
        self.forbidden + self.above_budget.max(self.above_capacity.0).max(self.above_sites.0)
    }
}

/// [`ChangesNeeded`] of `problem`'s today's sectors.
pub fn changes_needed(problem: &Problem) -> ChangesNeeded {
    let mut need = ChangesNeeded { budget: problem.budget_units, ..ChangesNeeded::default() };
    let mut per_worker = vec![0u32; problem.staff.len()];
    let mut per_site: Vec<Vec<u32>> = vec![Vec::new(); problem.sites.len()];
    for (&(k, i), &t) in &problem.current {
        need.today += t;
        if problem.forbidden.contains(&(k, i)) {
            need.forbidden += t;
        } else {
            per_worker[k] += t;
            per_site[i].push(t);
        }
    }
    need.above_budget = (need.today - need.forbidden).saturating_sub(problem.budget_units);
    for (k, &t) in per_worker.iter().enumerate() {
        let cap = problem.staff[k].capacity_units;
        if t > cap {
            need.above_capacity.0 += t - cap;
            need.above_capacity.1.push((problem.staff[k].worker.id.clone(), t, cap));
        }
    }
    let most = problem.scenario.rules.max_workers_per_establishment as usize;
    for (i, pairs) in per_site.iter_mut().enumerate() {
        pairs.sort_unstable_by(|a, b| b.cmp(a));
        let kept: u32 = pairs.iter().take(most).sum();
        let dropped: u32 = pairs.iter().skip(most).sum();
        let over = dropped + kept.saturating_sub(problem.sites[i].cap_units);
        if over > 0 {
            need.above_sites.0 += over;
            need.above_sites.1.push(problem.sites[i].uai().to_string());
        }
    }
    need
}

/// Names at most five items, then counts the others.
fn first_five(items: &[String]) -> String {
    let mut named: Vec<String> = items.iter().take(5).cloned().collect();
    if items.len() > 5 {
        named.push(format!("et {} autres", items.len() - 5));
    }
    named.join(", ")
}

/// `stability.max_changes` below [`ChangesNeeded::least`], with the figures that prove it.
fn max_changes_too_low(problem: &Problem) -> Option<Infeasibility> {
    let max = problem.scenario.stability.max_changes?;
    let need = changes_needed(problem);
    let least = need.least();
    if least <= max {
        return None;
    }
    let mut why = vec![format!("les secteurs actuels (current.csv) comptent {}", half_days(need.today))];
    let mut fixes = Vec::new();
    if need.forbidden > 0 {
        why[0].push_str(&format!(
            ", dont {} sur des couples assistant–établissement que le scénario interdit ([locks] forbid ou exclude)",
            need.forbidden
        ));
        fixes.push("retirez ces couples de [locks] forbid ou exclude");
    }
    let rest = need.above_budget.max(need.above_capacity.0).max(need.above_sites.0);
    let others = if need.forbidden > 0 { "les autres" } else { "ils" };
    if rest == 0 {
        // Only the forbidden pairs.
    } else if rest == need.above_budget {
        why.push(format!(
            "{others} dépassent de {rest} le budget après réserve ({}, {} ETP)",
            half_days(need.budget),
            fte(problem, need.budget)
        ));
        fixes.push("relevez `budget.total_fte` ou réduisez `budget.reserve_fte`");
    } else if rest == need.above_capacity.0 {
        let workers: Vec<String> =
            need.above_capacity.1.iter().map(|(id, t, cap)| format!("{id} {t} pour {cap}")).collect();
        why.push(format!("{others} dépassent de {rest} les quotités des assistants ({})", first_five(&workers)));
        fixes.push("corrigez current.csv ou les quotités de workers.csv");
    } else {
        why.push(format!(
            "{others} dépassent de {rest} le plafond de présence par établissement (`need.max_fte_per_establishment`) \
             ou `rules.max_workers_per_establishment` = {} ({})",
            problem.scenario.rules.max_workers_per_establishment,
            first_five(&need.above_sites.1)
        ));
        fixes.push("relevez ces limites");
    }
    let sum = if need.forbidden > 0 && rest > 0 { format!(" ({} + {rest})", need.forbidden) } else { String::new() };
    Some(Infeasibility {
        rule: "max_changes".into(),
        message: format!(
            "`stability.max_changes` = {max} est trop bas : {} ; tout plan en change donc au moins {least}{sum} : \
             augmentez `stability.max_changes` à {least} au moins, ou {}",
            why.join(" ; "),
            fixes.join(", ou ")
        ),
    })
}

/// What makes establishments mandatory, as the messages name it: « `rules.must_cover` : REP+ »,
/// « `[locks] serve` », or both.
fn mandatory_keys(problem: &Problem) -> String {
    let cats: Vec<&str> = problem.scenario.rules.must_cover.iter().map(|c| c.label()).collect();
    let mut keys = Vec::new();
    if !cats.is_empty() {
        keys.push(format!("`rules.must_cover` : {}", cats.join(", ")));
    }
    if !problem.scenario.locks.serve.is_empty() {
        keys.push("`[locks] serve`".to_string());
    }
    keys.join(" et ")
}

/// The change that lightens the mandatory establishments, as the messages offer it.
fn fewer_mandatory(problem: &Problem) -> &'static str {
    match (problem.scenario.rules.must_cover.is_empty(), problem.scenario.locks.serve.is_empty()) {
        (false, true) => "retirez une catégorie de `rules.must_cover`",
        (true, false) => "retirez des établissements de `[locks] serve`",
        _ => "retirez une catégorie de `rules.must_cover` ou des établissements de `[locks] serve`",
    }
}

/// The categories of `rules.must_cover` site `i` belongs to, « code (label) »: empty when its
/// presence is asked by something else (a counterfactual forcing it).
fn categories(problem: &Problem, i: usize) -> Vec<String> {
    let rules = &problem.scenario.rules;
    rules
        .must_cover
        .iter()
        .filter(|c| problem.in_category(i, **c))
        .map(|c| format!("{} ({})", c.code(), c.label()))
        .collect()
}

/// The sites of `[locks] exclude` that `rules.must_cover` or `[locks] assign` ask to serve (a
/// REP+ école through its head collège included), each named with both keys and what to change.
fn excluded_conflicts(problem: &Problem) -> Vec<Infeasibility> {
    let mut out = Vec::new();
    let named = |i: usize| format!("{} ({})", problem.sites[i].uai(), problem.sites[i].establishment.name);
    for &i in &problem.excluded {
        let site = &problem.sites[i];
        if site.must_cover {
            let cats = categories(problem, i);
            // Asked to be served by no category of `rules.must_cover` (a counterfactual forcing
            // its presence): the exclusion alone is the obstacle.
            if cats.is_empty() {
                out.push(Infeasibility {
                    rule: "locks".into(),
                    message: format!(
                        "{} est exclu par le scénario ([locks] exclude) : retirez {} de la liste pour le servir",
                        named(i),
                        site.uai()
                    ),
                });
            } else {
                out.push(Infeasibility {
                    rule: "must_cover".into(),
                    message: format!(
                        "{} est exclu du plan par `[locks] exclude` mais doit être couvert (`rules.must_cover`, catégorie {}) : retirez {} de `[locks] exclude`, ou retirez sa catégorie de `rules.must_cover`",
                        named(i),
                        cats.join(", "),
                        site.uai()
                    ),
                });
            }
        }
        for l in problem.locks.iter().filter(|l| l.site == i) {
            out.push(Infeasibility {
                rule: "locks".into(),
                message: format!(
                    "{} est exclu du plan par `[locks] exclude` mais gardé avec {} par `[locks] assign` : retirez l'un des deux",
                    named(i),
                    problem.staff[l.worker].worker.id
                ),
            });
        }
    }
    // A REP+ école follows its head collège's worker: with the collège excluded, it cannot be
    // served.
    for (e, site) in problem.sites.iter().enumerate() {
        let Some(h) = problem.head[e].filter(|h| problem.is_excluded(*h)) else { continue };
        if problem.is_excluded(e) {
            continue;
        }
        let (rule, why) = if let Some(l) = problem.locks.iter().find(|l| l.site == e) {
            (
                "locks",
                format!(
                    "l'école {} est gardée avec {} par `[locks] assign`",
                    named(e),
                    problem.staff[l.worker].worker.id
                ),
            )
        } else if site.must_cover {
            (
                "must_cover",
                format!("l'école {} doit être couverte (`rules.must_cover`, `rules.must_cover_ecoles`)", named(e)),
            )
        } else {
            continue;
        };
        out.push(Infeasibility {
            rule: rule.into(),
            message: format!(
                "{why}, or une école REP+ n'est servie que par l'assistant de son collège tête de réseau (règle rep_plus_schools_follow_college) et ce collège, {}, est exclu du plan par `[locks] exclude` : retirez {} de `[locks] exclude`, ou mettez `rules.rep_plus_schools_follow_college = false`",
                named(h),
                problem.sites[h].uai()
            ),
        });
    }
    out
}

/// The mandatory establishments (with the head collèges their écoles follow) against the time
/// of the workers that can reach them, per group of establishments sharing workers: the
/// half-days their minimum presence needs, the half-days and sector places of the workers
/// within reach (each named), and the workers that reach no establishment at all (a residence
/// to check). A worker whose whole time is below the group's smallest minimum presence counts
/// for nothing.
fn must_cover_reach(problem: &Problem, must: &[usize]) -> Vec<Infeasibility> {
    let needed = needed_sites(problem, must);
    if needed.is_empty() {
        return Vec::new();
    }
    let staff = problem.staff.len();
    // Whether worker k can reach site i from one of its possible bases; a post without a
    // residence stands for the others like it.
    let reach = |k: usize, i: usize| problem.base_options(k).iter().any(|b| problem.is_eligible(k, b, i));
    let distinct = problem.distinct_staff();
    let plain = distinct.iter().copied().find(|&k| !problem.is_distinct(k));
    let of_distinct: BTreeMap<usize, Vec<usize>> =
        distinct.iter().map(|&k| (k, needed.iter().copied().filter(|&i| reach(k, i)).collect())).collect();
    let reaches: Vec<Vec<usize>> = (0..staff)
        .map(|k| {
            let rep = if of_distinct.contains_key(&k) { Some(k) } else { plain };
            rep.and_then(|r| of_distinct.get(&r)).cloned().unwrap_or_default()
        })
        .collect();
    // Groups: union-find over sites linked by a common worker.
    let mut parent: Vec<usize> = (0..needed.len()).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        p[x] = r;
        r
    }
    let pos = |i: usize| needed.binary_search(&i).expect("needed site");
    for r in &reaches {
        if let Some((&first, rest)) = r.split_first() {
            for &j in rest {
                let (a, b) = (find(&mut parent, pos(first)), find(&mut parent, pos(j)));
                parent[a] = b;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (n, &i) in needed.iter().enumerate() {
        groups.entry(find(&mut parent, n)).or_default().push(i);
    }
    // Workers with a residence that reach no establishment of the perimeter.
    let nowhere: Vec<usize> = (0..staff)
        .filter(|&k| {
            problem.staff[k].worker.base.is_some()
                && (0..problem.sites.len()).filter(|&i| !problem.is_excluded(i)).all(|i| !reach(k, i))
        })
        .collect();
    let mut out = Vec::new();
    for sites in groups.values() {
        // Out of every worker's reach: named per establishment below.
        if !reaches.iter().any(|r| r.iter().any(|i| sites.contains(i))) {
            continue;
        }
        let units: u32 = sites.iter().map(|&i| problem.sites[i].min_units).sum();
        let secondary = sites.iter().filter(|&&i| problem.sites[i].kind().is_secondary()).count() as u32;
        let smallest = sites.iter().map(|&i| problem.sites[i].min_units).min().unwrap_or(0);
        let workers: Vec<usize> = (0..staff)
            .filter(|&k| reaches[k].iter().any(|i| sites.contains(i)) && problem.staff[k].capacity_units >= smallest)
            .collect();
        let time: u32 = workers.iter().map(|&k| problem.staff[k].capacity_units).sum();
        let places: u32 = workers.iter().map(|&k| problem.staff[k].max_establishments).sum();
        let short_time = units > time;
        let short_places = secondary > places;
        if !short_time && !short_places {
            continue;
        }
        let rules = &problem.scenario.rules;
        let keys = mandatory_keys(problem);
        let what = if sites.len() == needed.len() {
            format!("les {} établissements obligatoires ({keys})", sites.len())
        } else {
            let uais: Vec<&str> = sites.iter().take(6).map(|&i| problem.sites[i].uai()).collect();
            format!(
                "{} établissements obligatoires ({keys}) : {}{}",
                sites.len(),
                uais.join(", "),
                if sites.len() > 6 { ", …" } else { "" }
            )
        };
        let named: Vec<String> = workers
            .iter()
            .take(8)
            .map(|&k| format!("{} ({} demi-journées)", problem.staff[k].worker.id, problem.staff[k].capacity_units))
            .collect();
        let within = if workers.is_empty() {
            format!("aucun assistant n'est à moins de {} km", crate::reason::dec(rules.max_distance_km, 0))
        } else {
            format!(
                "les assistants à moins de {} km n'en ont que {} ({} ETP : {}{})",
                crate::reason::dec(rules.max_distance_km, 0),
                time,
                fte(problem, time),
                named.join(", "),
                if workers.len() > 8 { ", …" } else { "" }
            )
        };
        let mut message = if short_time {
            format!(
                "{what} demandent {} ({} ETP) à leur présence minimale ; {within}",
                crate::french::half_days(units),
                fte(problem, units)
            )
        } else {
            format!(
                "{what} sont {secondary} établissements du second degré ; les {} assistants à moins de {} km n'ont que {places} places de secteur (`rules.max_establishments_per_worker` ou max_establishments de workers.csv)",
                workers.len(),
                crate::reason::dec(rules.max_distance_km, 0)
            )
        };
        if !nowhere.is_empty() {
            let who: Vec<String> = nowhere
                .iter()
                .take(8)
                .map(|&k| {
                    let w = &problem.staff[k].worker;
                    let far = problem
                        .base_options(k)
                        .iter()
                        .flat_map(|b| sites.iter().map(move |&i| problem.km(k, b, i)))
                        .fold(f64::INFINITY, f64::min);
                    match &w.base {
                        Some(b) => format!(
                            "{} (résidence {} ; {}, à {} km du plus proche)",
                            w.id,
                            b.uai.as_deref().unwrap_or("sans UAI"),
                            format!("{:.4} ; {:.4}", b.location.lat, b.location.lon).replace('.', ","),
                            crate::reason::dec(far, 0)
                        ),
                        None => w.id.clone(),
                    }
                })
                .collect();
            message += &format!(
                " ; {} {} aucun établissement du périmètre (vérifiez {} dans workers.csv)",
                who.join(", "),
                if nowhere.len() >= 2 { "n'atteignent" } else { "n'atteint" },
                if nowhere.len() >= 2 { "leur résidence" } else { "sa résidence" }
            );
            if nowhere.len() > 8 {
                message += &format!(" (et {} autres)", nowhere.len() - 8);
            }
        }
        message += &if short_time {
            format!(
                " : corrigez la résidence ou ajoutez des assistants à portée, augmentez `rules.max_distance_km`, réduisez `rules.min_presence_fte` ou {}",
                fewer_mandatory(problem)
            )
        } else {
            format!(" : relevez la limite de secteur, ajoutez des assistants à portée ou {}", fewer_mandatory(problem))
        };
        out.push(Infeasibility { rule: "must_cover".into(), message });
    }
    out
}

/// The mandatory establishments with the head collèges their écoles follow, those the scenario
/// excludes left out (named by [`excluded_conflicts`]).
fn needed_sites(problem: &Problem, must: &[usize]) -> Vec<usize> {
    let mut needed: Vec<usize> = must.to_vec();
    needed.extend(must.iter().filter_map(|&i| problem.head[i]));
    needed.retain(|&i| !problem.is_excluded(i));
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// No worker and no post at all (no workers.csv, a budget below one half-day) while some
/// establishments must be served: the one cause, with the time they need.
fn no_staff(problem: &Problem, must: &[usize]) -> Option<Infeasibility> {
    let needed = needed_sites(problem, must);
    if needed.is_empty() {
        return None;
    }
    let units: u32 = needed.iter().map(|&i| problem.sites[i].min_units).sum();
    Some(Infeasibility {
        rule: "must_cover".into(),
        message: format!(
            "aucun assistant ni poste à répartir : sans workers.csv, les postes viennent du budget, et \
             `budget.total_fte` = {} ETP n'en crée aucun ; or les établissements obligatoires ({}) demandent {} ETP \
             ({} établissements à la présence minimale) : donnez un budget (`budget.total_fte`) d'au moins {} ETP, \
             décrivez les assistants dans workers.csv, ou {}",
            crate::idle::etp(problem.scenario.budget.total_fte.unwrap_or(0.0)),
            mandatory_keys(problem),
            fte(problem, units),
            needed.len(),
            fte(problem, units),
            fewer_mandatory(problem)
        ),
    })
}

/// Mandatory establishments (with the head collèges their écoles follow) so far apart that no
/// worker can serve two of them from one residence: each needs a worker of its own. Found
/// greedily, the most isolated first, and set against the workers that can go to one each (a
/// matching): when they are fewer, no plan serves them all, and the message names them.
fn must_cover_spread(problem: &Problem, must: &[usize]) -> Option<Infeasibility> {
    let needed = needed_sites(problem, must);
    // Every (worker, residence) the plan may use; a plain post stands for the others like it.
    let distinct = problem.distinct_staff();
    let keys: Vec<(usize, BaseChoice)> =
        distinct.iter().flat_map(|&k| problem.base_options(k).into_iter().map(move |b| (k, b))).collect();
    let words = keys.len().div_ceil(64);
    let reached: Vec<Vec<u64>> = needed
        .iter()
        .map(|&i| {
            let mut bits = vec![0u64; words];
            for (n, (k, b)) in keys.iter().enumerate() {
                if problem.is_eligible(*k, b, i) {
                    bits[n / 64] |= 1 << (n % 64);
                }
            }
            bits
        })
        .collect();
    let count = |bits: &[u64]| bits.iter().map(|w| w.count_ones()).sum::<u32>();
    let mut order: Vec<usize> = (0..needed.len()).filter(|&n| count(&reached[n]) > 0).collect();
    order.sort_by_key(|&n| (count(&reached[n]), n));
    let mut taken = vec![0u64; words];
    let mut apart: Vec<usize> = Vec::new();
    for n in order {
        if reached[n].iter().zip(&taken).all(|(a, t)| a & t == 0) {
            taken.iter_mut().zip(&reached[n]).for_each(|(t, a)| *t |= a);
            apart.push(n);
        }
    }
    if apart.len() < 2 {
        return None;
    }
    // Who can go to each: a worker that reaches it from one of its residences (a plain post as
    // the post that stands for it) with the time for its minimum presence.
    let plain = distinct.iter().copied().find(|&k| !problem.is_distinct(k));
    let can = |k: usize, n: usize| {
        let rep = if problem.is_distinct(k) { Some(k) } else { plain };
        let reaches =
            keys.iter().enumerate().any(|(b, key)| Some(key.0) == rep && reached[n][b / 64] >> (b % 64) & 1 == 1);
        reaches && problem.staff[k].capacity_units >= problem.sites[needed[n]].min_units
    };
    let who: Vec<Vec<usize>> =
        apart.iter().map(|&n| (0..problem.staff.len()).filter(|&k| can(k, n)).collect()).collect();
    let matched = matching(&who, problem.staff.len());
    if matched >= apart.len() {
        return None;
    }
    let s = &problem.scenario;
    let named: Vec<String> = apart
        .iter()
        .map(|&n| {
            let e = &problem.sites[needed[n]].establishment;
            format!("{} ({}, {})", e.uai, e.name, e.commune)
        })
        .collect();
    let noun = if problem.budget_only { "postes" } else { "assistants" };
    let total = problem.staff.len();
    let fewer = if matched == total {
        format!("il n'y en a que {total}")
    } else {
        format!("seuls {matched} des {total} {noun} peuvent aller chacun à l'un d'eux")
    };
    let minutes = s.travel.max_minutes_one_way.map_or(String::new(), |m| format!(" et {m:.0} minutes"));
    let more = if problem.budget_only { " ou `budget.total_fte`" } else { ", ajoutez des assistants à workers.csv" };
    Some(Infeasibility {
        rule: "must_cover".into(),
        message: format!(
            "{} établissements obligatoires ({}) sont si éloignés les uns des autres qu'aucun assistant ne peut en \
             servir deux à moins de {} km{minutes} de sa résidence : {} ; il faut donc au moins {} {noun}, un pour \
             chacun, et {fewer} : augmentez `rules.max_distance_km`{more}, ou {}",
            apart.len(),
            mandatory_keys(problem),
            crate::reason::dec(s.rules.max_distance_km, 0),
            first_five(&named),
            apart.len(),
            fewer_mandatory(problem)
        ),
    })
}

/// The size of a largest matching of the left items to `right` items, `who[n]` listing those
/// item `n` may take (augmenting paths).
fn matching(who: &[Vec<usize>], right: usize) -> usize {
    fn augment(n: usize, who: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
        for &r in &who[n] {
            if !seen[r] {
                seen[r] = true;
                if owner[r].is_none_or(|m| augment(m, who, owner, seen)) {
                    owner[r] = Some(n);
                    return true;
                }
            }
        }
        false
    }
    let mut owner: Vec<Option<usize>> = vec![None; right];
    (0..who.len()).filter(|&n| augment(n, who, &mut owner, &mut vec![false; right])).count()
}
