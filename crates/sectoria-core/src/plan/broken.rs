//! The rules of the scenario the rule of thumb breaks, each with its figures and its scenario
//! key: « elle change 265 demi-journées par rapport aux secteurs actuels pour un plafond de 200
//! (`stability.max_changes`) ». A committee compares the plan with the rule of thumb, and must
//! know what the scenario forbids in that column (tester's session s47: « ne respecte pas toutes
//! les règles du scénario », and only `"feasible": false` in plan.json).

use crate::check::{check_solution, Violation};
use crate::french::counted;
use crate::objective::{changed_units, weekly_km};
use crate::problem::{KmCap, Problem};
use crate::solution::Solution;

/// Violations named in full under one rule; the others are counted.
const NAMED: usize = 3;

/// Each rule of the scenario `solution` (the rule of thumb) breaks, in French, starting with
/// « elle » (the rule of thumb), in the order of the checker's codes; empty when it keeps
/// them all.
pub(crate) fn broken_rules(problem: &Problem, solution: &Solution) -> Vec<String> {
    let violations = check_solution(problem, solution);
    let mut codes: Vec<&'static str> = violations.iter().map(|v| v.code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
        .into_iter()
        .map(|code| {
            let of: Vec<&Violation> = violations.iter().filter(|v| v.code == code).collect();
            rule(problem, solution, code, &of)
        })
        .collect()
}

/// The French text of one broken rule (`code`, of the checker) and its violations `of`.
fn rule(problem: &Problem, solution: &Solution, code: &str, of: &[&Violation]) -> String {
    let s = &problem.scenario;
    let n = of.len() as u64;
    let listed = listed(of);
    match code {
        "C15" => format!(
            "elle change {} par rapport aux secteurs actuels pour un plafond de {} (`stability.max_changes`)",
            counted(changed_units(problem, solution), "demi-journée"),
            s.stability.max_changes.unwrap_or_default()
        ),
        "C08" => {
            let over: Vec<(String, KmCap)> = (0..problem.staff.len())
                .filter_map(|k| {
                    let cap = problem.km_cap(k)?;
                    let weekly = weekly_km(problem, solution, k);
                    let (id, km) = (&problem.staff[k].worker.id, crate::reason::dec(weekly, 0));
                    cap.exceeded_by(weekly, 1e-6).then(|| match cap.own {
                        true => (format!("{id} ({km} km pour son propre plafond de {} km)", cap.figure()), cap),
                        false => (format!("{id} ({km} km)"), cap),
                    })
                })
                .collect();
            let scenario_cap = over.iter().find(|o| !o.1.own).map(|o| crate::reason::dec(o.1.km, 0));
            let their = if over.len() >= 2 { "leur" } else { "son" };
            let whose = match (over.iter().any(|o| o.1.own), scenario_cap) {
                (false, Some(cap)) => format!("au-delà de {cap} km par semaine (`travel.max_weekly_km`)"),
                (true, Some(cap)) => format!(
                    "au-delà de leur plafond de km par semaine (celui du scénario, {cap} km de `travel.max_weekly_km`, \
                     ou leur propre plafond, `max_weekly_km` de workers.csv)"
                ),
                _ => format!("au-delà de {their} propre plafond de km par semaine (`max_weekly_km` de workers.csv)"),
            };
            let over: Vec<String> = over.into_iter().map(|o| o.0).collect();
            format!("elle fait rouler {} {whose} : {}", counted(over.len() as u64, "assistant"), first(&over))
        }
        "C12" => {
            let unserved: Vec<String> =
                of.iter().filter_map(|v| v.message.split_whitespace().next()).map(str::to_string).collect();
            format!(
                "elle ne sert pas {} (`rules.must_cover`, `[locks] serve`) : {}",
                counted(n, "établissement obligatoire"),
                first(&unserved)
            )
        }
        "C09" => format!(
            "elle attribue {} pour un budget de {} après réserve (`budget.total_fte`, `budget.reserve_fte`)",
            counted(solution.assignments.iter().map(|a| a.units).sum::<u32>(), "demi-journée"),
            crate::french::half_days(problem.budget_units)
        ),
        "C14" => format!("elle ne tient pas {} (`[locks] assign`) : {listed}", counted(n, "verrou")),
        "C04" => {
            format!("elle sert {} (`[locks] forbid`, `[locks] exclude`) : {listed}", counted(n, "couple interdit"))
        }
        "C05" => format!(
            "elle envoie des assistants au-delà de la distance ou du temps de trajet maximal (`rules.max_distance_km`, \
             `travel.max_minutes_one_way`) : {listed}"
        ),
        "C02" => format!(
            "elle donne moins que la présence minimale (`rules.min_presence_fte`, `rules.min_presence_ecole_fte`) : \
             {listed}"
        ),
        "C06" => format!("elle donne à des assistants plus que leur quotité (workers.csv) : {listed}"),
        "C07" => format!("elle dépasse la taille de secteur (`rules.max_establishments_per_worker`) : {listed}"),
        "C10" => format!("elle dépasse le plafond par établissement (`need.max_fte_per_establishment`) : {listed}"),
        "C11" => format!(
            "elle met trop d'assistants dans un établissement (`rules.max_workers_per_establishment`) : {listed}"
        ),
        "C13" => format!(
            "elle fait servir des écoles REP+ par un autre assistant que celui de leur collège tête de réseau \
             (`rules.rep_plus_schools_follow_college`) : {listed}"
        ),
        _ => format!("elle enfreint une règle du plan : {listed}"),
    }
}

/// The violations' messages, the first [`NAMED`] in full.
fn listed(of: &[&Violation]) -> String {
    let messages: Vec<String> = of.iter().map(|v| v.message.clone()).collect();
    first(&messages)
}

/// The first [`NAMED`] items, then how many more: « A, B, C et 2 autres ».
fn first(items: &[String]) -> String {
    let shown = items.iter().take(NAMED).cloned().collect::<Vec<_>>();
    let more = items.len().saturating_sub(NAMED);
    match (shown.split_last(), more) {
        (Some((last, rest)), 0) if !rest.is_empty() => format!("{} et {last}", rest.join(", ")),
        (_, 0) => shown.concat(),
        _ => format!("{} et {}", shown.join(", "), counted(more as u64, "autre")),
    }
}
