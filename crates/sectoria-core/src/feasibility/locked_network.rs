//! A lock that gives a worker a REP+ head collège (or one of its écoles, which takes the
//! collège along) gives it the network's mandatory écoles too: with one worker per
//! establishment, only the collège's worker may serve them (`rep_plus_schools_follow_college`).
//! Their minimum presences, with the worker's other locks, must fit in its time.

use super::{fte, Infeasibility};
use crate::problem::Problem;
use std::collections::BTreeMap;

/// One message per worker whose locked networks, with its other locks, exceed its time; the
/// cases other checks name (locks alone too large, a network beyond every worker) are left to
/// them.
pub(super) fn locked_networks(problem: &Problem) -> Vec<Infeasibility> {
    if problem.scenario.rules.max_workers_per_establishment != 1 {
        return Vec::new();
    }
    let largest = problem.staff.iter().map(|s| s.capacity_units).max().unwrap_or(0);
    // Per worker, the units its locks hold per site (a lock's own ETP, else the minimum presence).
    let mut held: BTreeMap<usize, BTreeMap<usize, u32>> = BTreeMap::new();
    for l in &problem.locks {
        let units = l.units.unwrap_or(problem.sites[l.site].min_units);
        let site = held.entry(l.worker).or_default().entry(l.site).or_insert(0);
        *site = (*site).max(units);
    }
    let mut out = Vec::new();
    for (&k, sites) in &held {
        let units_of = |i: usize| sites.get(&i).copied().unwrap_or(problem.sites[i].min_units);
        // The locked networks with mandatory écoles, each with the lock that brings it.
        let mut networks: BTreeMap<usize, usize> = BTreeMap::new();
        for &i in sites.keys() {
            let h = problem.head[i].unwrap_or(i);
            if !problem.is_excluded(h) && !mandatory_ecoles(problem, h).is_empty() {
                networks.entry(h).or_insert(i);
            }
        }
        if networks.is_empty() {
            continue;
        }
        let in_network = |i: usize| networks.contains_key(&problem.head[i].unwrap_or(i));
        let network_units: u32 = networks
            .keys()
            .map(|&h| units_of(h) + mandatory_ecoles(problem, h).into_iter().map(units_of).sum::<u32>())
            .sum();
        let others: Vec<usize> = sites.keys().copied().filter(|&i| !in_network(i)).collect();
        let other_units: u32 = others.iter().map(|&i| sites[&i]).sum();
        let locks_alone: u32 = sites.values().sum::<u32>()
            + networks.keys().filter(|h| !sites.contains_key(h)).map(|&h| units_of(h)).sum::<u32>();
        let capacity = problem.staff[k].capacity_units;
        let beyond_everyone = networks.keys().any(|&h| {
            problem.sites[h].min_units
                + mandatory_ecoles(problem, h).iter().map(|&e| problem.sites[e].min_units).sum::<u32>()
                > largest
        });
        if network_units + other_units <= capacity || locks_alone > capacity || beyond_everyone {
            continue;
        }
        out.push(message(problem, k, &networks, &units_of, network_units, &others, other_units));
    }
    out
}

/// The écoles of `h`'s network that must be served (`rules.must_cover_ecoles`, `[locks] serve`)
/// and follow its worker.
fn mandatory_ecoles(problem: &Problem, h: usize) -> Vec<usize> {
    problem
        .networks
        .ecoles_of(h)
        .into_iter()
        .filter(|&e| problem.head[e] == Some(h) && problem.sites[e].must_cover && !problem.is_excluded(e))
        .collect()
}

fn message(
    problem: &Problem,
    k: usize,
    networks: &BTreeMap<usize, usize>,
    units_of: &dyn Fn(usize) -> u32,
    network_units: u32,
    others: &[usize],
    other_units: u32,
) -> Infeasibility {
    let id = &problem.staff[k].worker.id;
    let locks: Vec<String> = networks
        .iter()
        .map(|(&h, &i)| {
            let along =
                if i == h { String::new() } else { format!(" (école du réseau de {})", problem.sites[h].uai()) };
            format!("verrou {} → {id}{along}", problem.sites[i].uai())
        })
        .collect();
    let ecoles: Vec<usize> = networks.keys().flat_map(|&h| mandatory_ecoles(problem, h)).collect();
    let named: Vec<String> = networks
        .keys()
        .map(|&h| {
            let n = mandatory_ecoles(problem, h).len();
            let what = if n == 1 { "l'école".to_string() } else { format!("les {n} écoles") };
            format!("{what} du réseau de {} ({})", problem.sites[h].uai(), problem.sites[h].establishment.name)
        })
        .collect();
    let (why, fix) = why_mandatory(problem, &ecoles);
    let (verb, serves) = match (named.len(), ecoles.len()) {
        (1, 1) => ("est obligatoire", "le collège et son école".to_string()),
        (1, n) => ("sont obligatoires", format!("le collège et ses {n} écoles")),
        _ => ("sont obligatoires", "ces collèges et leurs écoles".to_string()),
    };
    let sum = networks
        .keys()
        .map(|&h| {
            let parts: Vec<u32> = mandatory_ecoles(problem, h).into_iter().map(units_of).collect();
            let ecoles = match parts.as_slice() {
                [first, ..] if parts.iter().all(|u| u == first) && parts.len() > 1 => {
                    format!("{} × {}", parts.len(), fte(problem, *first))
                }
                _ => parts.iter().map(|&u| fte(problem, u)).collect::<Vec<_>>().join(" + "),
            };
            format!("{} + {ecoles}", fte(problem, units_of(h)))
        })
        .collect::<Vec<_>>()
        .join(" ; ");
    let capacity = problem.staff[k].capacity_units;
    let besides = if others.is_empty() {
        String::new()
    } else {
        let uais: Vec<&str> = others.iter().map(|&i| problem.sites[i].uai()).collect();
        format!(
            ", en plus de {} ETP de ses autres verrous ({}), {} ETP en tout",
            fte(problem, other_units),
            uais.join(", "),
            fte(problem, network_units + other_units)
        )
    };
    let remove = if locks.len() == 1 { "retirez le verrou" } else { "retirez un de ces verrous" };
    Infeasibility {
        rule: "locks".into(),
        message: format!(
            "{} : une école REP+ suit l'assistant de son collège tête de réseau (règle rep_plus_schools_follow_college) \
             et {} {verb} ({why}) : {id} doit donc servir {serves}, {} ETP à leur présence minimale ({sum}){besides}, \
             or sa quotité disponible est de {} ETP : choisissez un assistant à {} ETP ou plus, {remove} ou {fix}",
            locks.join(", "),
            named.join(" et "),
            fte(problem, network_units),
            fte(problem, capacity),
            fte(problem, network_units),
        ),
    }
}

/// Why these écoles must be served, and the change that lifts it.
fn why_mandatory(problem: &Problem, ecoles: &[usize]) -> (String, String) {
    let serve = &problem.scenario.locks.serve;
    let listed = ecoles.iter().any(|&e| serve.iter().any(|u| u == problem.sites[e].uai()));
    let by_rule = problem.scenario.rules.must_cover_ecoles;
    match (by_rule, listed) {
        (true, false) => ("`rules.must_cover_ecoles = true`".into(), "mettez `rules.must_cover_ecoles = false`".into()),
        (false, _) => ("`[locks] serve`".into(), "retirez ces écoles de `[locks] serve`".into()),
        (true, true) => (
            "`rules.must_cover_ecoles = true`, `[locks] serve`".into(),
            "mettez `rules.must_cover_ecoles = false` et retirez ces écoles de `[locks] serve`".into(),
        ),
    }
}
