//! The independent checker: verifies every constraint of the model on a solution, without the
//! solver. Used by `sectoria check`, by the planner on its own output, and by the tests.
//!
//! A plan checked against another instance or another scenario than its own is told so first
//! ([`check_plan_against`]): the mismatch, then what follows from it grouped (« 53 assistants de
//! l'instance absents du plan : POSTE01, … »), not one line per worker.

use crate::french::{counted, half_days};
use crate::objective::{changed_units, objective, weekly_km};
use crate::plan::Plan;
use crate::problem::{BaseChoice, Problem};
use crate::solution::Solution;
use crate::{check_figures, relative_difference, CheckReport};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One violated constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Stable code of the rule (`C01`…).
    pub code: &'static str,
    /// French explanation naming the worker and the UAI.
    pub message: String,
}

/// Verifies every constraint; returns the violations (empty when the solution is feasible).
pub fn check_solution(problem: &Problem, solution: &Solution) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut v = |code: &'static str, message: String| out.push(Violation { code, message });
    let rules = &problem.scenario.rules;
    let name = |k: usize| problem.staff[k].worker.id.as_str();
    let uai = |i: usize| problem.sites[i].uai();

    if solution.bases.len() != problem.staff.len() {
        v(
            "C00",
            format!("le plan décrit {} assistants, l'instance en a {}", solution.bases.len(), problem.staff.len()),
        );
        return out;
    }
    for (k, base) in solution.bases.iter().enumerate() {
        match (base, &problem.staff[k].worker.base) {
            (Some(BaseChoice::Fixed(b)), Some(fixed)) if b == fixed => {}
            (Some(BaseChoice::Site(i)), None) if problem.candidate_bases.contains(i) => {}
            (Some(BaseChoice::Site(i)), None) if problem.is_excluded(*i) => v(
                "C01",
                format!("{} : résidence administrative à {}, exclu du plan par [locks] exclude", name(k), uai(*i)),
            ),
            (None, None) => {}
            _ => v(
                "C01",
                format!(
                    "{} : résidence administrative invalide (ni la sienne, ni un collège ou lycée du périmètre)",
                    name(k)
                ),
            ),
        }
    }
    let mut per_worker_units = vec![0u32; problem.staff.len()];
    let mut per_worker_secondary = vec![0u32; problem.staff.len()];
    let mut per_site_units = vec![0u32; problem.sites.len()];
    let mut per_site_workers = vec![0u32; problem.sites.len()];
    let mut served_by: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    let mut workers_at: Vec<Vec<usize>> = vec![Vec::new(); problem.sites.len()];
    for a in &solution.assignments {
        if a.worker >= problem.staff.len() || a.site >= problem.sites.len() {
            v("C00", "affectation hors de l'instance".to_string());
            continue;
        }
        let site = &problem.sites[a.site];
        per_worker_units[a.worker] += a.units;
        per_site_units[a.site] += a.units;
        per_site_workers[a.site] += 1;
        workers_at[a.site].push(a.worker);
        if site.kind().is_secondary() {
            per_worker_secondary[a.worker] += 1;
        }
        *served_by.entry((a.worker, a.site)).or_insert(0) += a.units;
        if a.units < site.min_units {
            v(
                "C02",
                format!(
                    "{} à {} : {} demi-journée(s), sous la présence minimale de {}",
                    name(a.worker),
                    uai(a.site),
                    a.units,
                    site.min_units
                ),
            );
        }
        match &solution.bases[a.worker] {
            None => v("C03", format!("{} sert {} sans résidence administrative", name(a.worker), uai(a.site))),
            Some(base) => {
                if problem.is_excluded(a.site) {
                    v(
                        "C04",
                        format!(
                            "{} à {} : établissement exclu du plan par [locks] exclude",
                            name(a.worker),
                            uai(a.site)
                        ),
                    );
                } else if problem.forbidden.contains(&(a.worker, a.site)) {
                    v("C04", format!("{} à {} : paire interdite par [locks] forbid", name(a.worker), uai(a.site)));
                } else if !problem.is_eligible(a.worker, base, a.site) && problem.is_too_long(a.worker, base, a.site) {
                    v(
                        "C05",
                        format!(
                            "{} à {} : {:.0} min de trajet, au-delà de la limite de {} min par trajet",
                            name(a.worker),
                            uai(a.site),
                            problem.minutes(a.worker, base, a.site),
                            problem.scenario.travel.max_minutes_one_way.unwrap_or_default()
                        ),
                    );
                } else if !problem.is_eligible(a.worker, base, a.site) {
                    v(
                        "C05",
                        format!(
                            "{} à {} : {} km, au-delà de la distance maximale de {} km",
                            name(a.worker),
                            uai(a.site),
                            format!("{:.1}", problem.km(a.worker, base, a.site)).replace('.', ","),
                            rules.max_distance_km.to_string().replace('.', ",")
                        ),
                    );
                }
            }
        }
    }
    for (k, s) in problem.staff.iter().enumerate() {
        if per_worker_units[k] > s.capacity_units {
            v(
                "C06",
                format!(
                    "{} : {} demi-journées pour une capacité de {}",
                    name(k),
                    per_worker_units[k],
                    s.capacity_units
                ),
            );
        }
        if per_worker_secondary[k] > s.max_establishments {
            v(
                "C07",
                format!(
                    "{} : {} établissements du second degré, au-delà de {}",
                    name(k),
                    per_worker_secondary[k],
                    s.max_establishments
                ),
            );
        }
        if let Some(cap) = problem.km_cap(k) {
            let km = weekly_km(problem, solution, k);
            if cap.exceeded_by(km, 1e-6) {
                // French decimal comma: « 542,0 km », a cap of « 300,5 km », and whose cap it is.
                let km = format!("{km:.1}").replace('.', ",");
                v("C08", format!("{} : {km} km par semaine, {}", name(k), cap.beyond()));
            }
        }
    }
    let total: u32 = per_worker_units.iter().sum();
    if total > problem.budget_units {
        v("C09", format!("{total} demi-journées attribuées pour un budget de {} après réserve", problem.budget_units));
    }
    for (i, site) in problem.sites.iter().enumerate() {
        if per_site_units[i] > site.cap_units {
            v(
                "C10",
                format!("{} : {} demi-journées, au-delà du plafond de {}", uai(i), per_site_units[i], site.cap_units),
            );
        }
        if per_site_workers[i] > rules.max_workers_per_establishment {
            v(
                "C11",
                format!(
                    "{} : {} assistants, au-delà de {}",
                    uai(i),
                    per_site_workers[i],
                    rules.max_workers_per_establishment
                ),
            );
        }
        if site.must_cover && per_site_units[i] == 0 {
            v(
                "C12",
                format!("{} ({}) doit être couvert (must_cover) mais ne l'est pas", uai(i), site.establishment.name),
            );
        }
        if let Some(h) = problem.head[i] {
            for &k in &workers_at[i] {
                if !served_by.contains_key(&(k, h)) {
                    v(
                        "C13",
                        format!(
                            "école {} servie par {} qui ne sert pas le collège tête de réseau {}",
                            uai(i),
                            name(k),
                            uai(h)
                        ),
                    );
                }
            }
        }
    }
    for l in &problem.locks {
        match served_by.get(&(l.worker, l.site)) {
            None => v("C14", format!("verrou non respecté : {} devrait servir {}", name(l.worker), uai(l.site))),
            Some(&u) if l.units.is_some_and(|lu| lu != u) => v(
                "C14",
                format!(
                    "verrou non respecté : {} à {} a {} au lieu de {}",
                    name(l.worker),
                    uai(l.site),
                    half_days(u),
                    l.units.unwrap_or(0)
                ),
            ),
            _ => {}
        }
    }
    if let Some(max) = problem.scenario.stability.max_changes {
        let changed = changed_units(problem, solution);
        if changed > max {
            v(
                "C15",
                format!(
                    "{} par rapport aux secteurs actuels, au-delà de max_changes = {max}",
                    counted(changed, "demi-journée changée")
                ),
            );
        }
    }
    out
}

/// At most this many identifiers are named in one grouped line, then how many more.
const NAMED: usize = 8;

/// « POSTE01, POSTE02, … (et 45 autres) ».
fn named(ids: &[&str]) -> String {
    let mut text = ids.iter().take(NAMED).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > NAMED {
        text.push_str(&format!(", … (et {} autres)", ids.len() - NAMED));
    }
    text
}

/// The instance files (not the scenario, compared setting by setting) whose SHA-256 differs
/// between `recorded` (the plan's) and `now`, each with how: « workers.csv »,
/// « distances.csv (absent lors du calcul du plan) », « current.csv (absent ici) ».
pub fn changed_instance_files(recorded: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> Vec<String> {
    let names: BTreeSet<&String> = recorded.keys().chain(now.keys()).filter(|n| !n.ends_with(".toml")).collect();
    names
        .into_iter()
        .filter_map(|name| match (recorded.get(name), now.get(name)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(_), Some(_)) => Some(name.clone()),
            (None, _) => Some(format!("{name} (absent lors du calcul du plan)")),
            (_, None) => Some(format!("{name} (absent ici)")),
        })
        .collect()
}

/// A scenario value as a message shows it: « non défini », « 18 », « oui », a short list in
/// words (« couple interdit 0311112R ✕ ASS11 » for `locks.forbid`, not its JSON).
fn setting(path: &str, v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "non défini".to_string(),
        Some(Value::Array(a)) if a.is_empty() => "aucun".to_string(),
        Some(Value::Array(a)) => {
            // A few entries: five settings share the message.
            const LISTED: usize = 3;
            let mut items: Vec<String> = a.iter().take(LISTED).map(|item| entry(path, item)).collect();
            if a.len() > LISTED {
                items.push(format!("… (et {} autres)", a.len() - LISTED));
            }
            items.join(", ")
        }
        Some(other) => entry(path, other),
    }
}

/// One value, or one entry of a list, of the setting at `path`, in words.
fn entry(path: &str, v: &Value) -> String {
    let text = |key: &str| v.get(key).and_then(Value::as_str).unwrap_or("?");
    match v {
        Value::Bool(b) => if *b { "oui" } else { "non" }.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |x| format!("{x}")).replace('.', ","),
        Value::String(s) => s.clone(),
        Value::Object(_) if path == "locks.forbid" => format!("couple interdit {} ✕ {}", text("uai"), text("worker")),
        Value::Object(_) if path == "locks.assign" => {
            let fte = v.get("fte").filter(|f| !f.is_null()).map(|f| format!(" ({} ETP)", entry("", f)));
            format!("verrou {} → {}{}", text("uai"), text("worker"), fte.unwrap_or_default())
        }
        other => {
            let json = other.to_string();
            if json.chars().count() <= 60 {
                json
            } else {
                "autre valeur".to_string()
            }
        }
    }
}

/// The settings that differ between two scenarios (as JSON), `section.key : A dans le plan, B
/// dans le scénario donné`, in file order.
fn setting_differences(path: &str, plan: Option<&Value>, given: Option<&Value>, out: &mut Vec<String>) {
    match (plan, given) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let keys: Vec<&String> = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))).collect();
            for k in keys {
                let at = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                setting_differences(&at, a.get(k), b.get(k), out);
            }
        }
        (a, b) if a != b => {
            out.push(format!("{path} : {} dans le plan, {} dans le scénario donné", setting(path, a), setting(path, b)))
        }
        _ => {}
    }
}

/// « budget.total_fte : non défini dans le plan, 18 dans le scénario donné ; … » (the first
/// few), the settings by which the plan's scenario differs from `given`.
fn scenario_differences(plan: &Plan, given: &crate::Scenario) -> String {
    let (a, b) = (serde_json::to_value(&plan.scenario).ok(), serde_json::to_value(given).ok());
    let mut out = Vec::new();
    setting_differences("", a.as_ref(), b.as_ref(), &mut out);
    let more = out.len().saturating_sub(5);
    out.truncate(5);
    let mut text = out.join(" ; ");
    if more > 0 {
        text.push_str(&format!(" ; et {}", counted(more as u64, "autre réglage")));
    }
    text
}

/// The plan's establishments and workers that `problem` does not have, and the other way
/// round: a plan read against another instance (or another scope) is told by these.
struct Membership<'a> {
    /// Establishments of the plan in the scope.
    shared: usize,
    /// UAIs of the plan out of the scope.
    plan_only: Vec<&'a str>,
    /// UAIs of the scope the plan does not list.
    scope_only: Vec<&'a str>,
    /// Workers of the plan the instance does not have.
    plan_workers: Vec<&'a str>,
    /// Workers of the instance the plan does not have.
    instance_workers: Vec<&'a str>,
}

impl<'a> Membership<'a> {
    fn of(problem: &'a Problem, plan: &'a Plan) -> Self {
        let in_plan: BTreeSet<&str> = plan.establishments.iter().map(|e| e.uai.as_str()).collect();
        let plan_only: Vec<&str> =
            plan.establishments.iter().map(|e| e.uai.as_str()).filter(|u| problem.site_index(u).is_none()).collect();
        let scope_only: Vec<&str> = problem.sites.iter().map(|s| s.uai()).filter(|u| !in_plan.contains(u)).collect();
        let workers: BTreeSet<&str> = plan.workers.iter().map(|w| w.id.as_str()).collect();
        Membership {
            shared: plan.establishments.len() - plan_only.len(),
            plan_only,
            scope_only,
            plan_workers: plan
                .workers
                .iter()
                .map(|w| w.id.as_str())
                .filter(|id| problem.staff_index(id).is_none())
                .collect(),
            instance_workers: problem
                .staff
                .iter()
                .map(|s| s.worker.id.as_str())
                .filter(|id| !workers.contains(id))
                .collect(),
        }
    }

    /// Whether the plan's decisions cannot be read on the problem's workers and establishments.
    fn differs(&self) -> bool {
        !(self.plan_only.is_empty()
            && self.scope_only.is_empty()
            && self.plan_workers.is_empty()
            && self.instance_workers.is_empty())
    }

    /// The differences, one grouped line each.
    fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut group = |ids: &[&str], one: &str, many: &str| {
            if !ids.is_empty() {
                let what = if ids.len() >= 2 { many } else { one };
                out.push(format!("{} {what} : {}", ids.len(), named(ids)));
            }
        };
        group(&self.plan_workers, "assistant du plan absent de l'instance", "assistants du plan absents de l'instance");
        group(
            &self.instance_workers,
            "assistant de l'instance absent du plan",
            "assistants de l'instance absents du plan",
        );
        group(&self.plan_only, "établissement du plan hors du périmètre", "établissements du plan hors du périmètre");
        group(
            &self.scope_only,
            "établissement du périmètre absent du plan",
            "établissements du périmètre absents du plan",
        );
        out
    }
}

/// Checks `plan` against `problem`: the instance and scenario it was computed on, every
/// constraint, every objective term recomputed (within 1e-6 relative) and every figure it shows.
///
/// `files` are the SHA-256 of the input files given now, by name (`sectoria_io::input_hashes`),
/// compared with those the plan records; `None` when unknown. A mismatch leads the problems:
/// « ce plan a été calculé sur une autre instance », « … avec un autre scénario que celui
/// donné », « le fichier workers.csv a changé depuis le calcul du plan »; the workers and
/// establishments of one side only follow, grouped; the figures that differ as a consequence are
/// counted in one line, not listed nor blamed on an edit of the file or another version.
pub fn check_plan_against(problem: &Problem, plan: &Plan, files: Option<&BTreeMap<String, String>>) -> CheckReport {
    let mut problems = Vec::new();
    let members = Membership::of(problem, plan);
    let changed = match files {
        Some(now) if !plan.inputs.is_empty() => changed_instance_files(&plan.inputs, now),
        _ => Vec::new(),
    };
    let fingerprints = if changed.is_empty() {
        String::new()
    } else {
        format!(" ; empreintes SHA-256 différentes : {}", changed.join(", "))
    };
    let largest = plan.establishments.len().max(problem.sites.len());
    let other_instance = 2 * members.shared < largest;
    if other_instance {
        let share = match members.shared {
            0 => format!("aucun de ses {} établissements n'est", plan.establishments.len()),
            n => format!("seuls {n} de ses {} établissements sont", plan.establishments.len()),
        };
        problems.push(format!(
            "ce plan a été calculé sur une autre instance : {share} dans le périmètre donné ({}){fingerprints} ; \
             vérifiez --instance et --plan",
            counted(problem.sites.len() as u64, "établissement")
        ));
    } else if !changed.is_empty() {
        let (noun, verb) = if changed.len() >= 2 { ("les fichiers", "ont") } else { ("le fichier", "a") };
        problems.push(format!(
            "{noun} {} {verb} changé depuis le calcul du plan (empreintes SHA-256 différentes) : le plan ne décrit \
             plus ces données ; recalculez-le",
            changed.join(", ")
        ));
    }
    let other_scenario = plan.scenario != problem.scenario;
    if other_scenario {
        problems.push(format!(
            "ce plan a été calculé avec un autre scénario que celui donné : {} ; vérifiez --scenario",
            scenario_differences(plan, &problem.scenario)
        ));
    }
    if plan.schema != 1 {
        problems.push(format!("plan.json : schema {} inconnu (attendu 1)", plan.schema));
    }
    if members.differs() {
        problems.extend(members.lines());
        problems.push(
            "les contraintes et l'objectif ne sont pas vérifiés : les décisions du plan ne se lisent pas sur ces \
             assistants et ces établissements"
                .to_string(),
        );
        return CheckReport { problems, recomputed: crate::ObjectiveTerms::default() };
    }
    let solution = match plan.solution(problem) {
        Ok(s) => s,
        Err(errors) => {
            problems.extend(errors);
            return CheckReport { problems, recomputed: crate::ObjectiveTerms::default() };
        }
    };
    problems.extend(check_solution(problem, &solution).into_iter().map(|v| format!("{} {}", v.code, v.message)));
    let recomputed = objective(problem, &solution);
    let terms = [
        ("valeur de service", recomputed.service_value, plan.objective.service_value),
        ("coût des trajets", recomputed.travel_cost, plan.objective.travel_cost),
        ("coût de stabilité", recomputed.stability_cost, plan.objective.stability_cost),
        ("coût de fragmentation", recomputed.fragmentation_cost, plan.objective.fragmentation_cost),
        ("objectif total", recomputed.total, plan.objective.total),
    ];
    let fr = |x: f64| format!("{x:.3}").replace('.', ",");
    let objective_lines: Vec<String> = terms
        .into_iter()
        .filter(|(_, ours, theirs)| relative_difference(*ours, *theirs) > 1e-6)
        .map(|(label, ours, theirs)| format!("{label} : le plan annonce {}, recalculé {}", fr(theirs), fr(ours)))
        .collect();
    let cause = match (other_scenario, !changed.is_empty()) {
        (true, true) => Some("ce scénario et ces fichiers donnent"),
        (true, false) => Some("ce scénario donne"),
        (false, true) => Some("ces fichiers donnent"),
        (false, false) => None,
    };
    match cause {
        // The figures as the plan's own inputs gave them: an edit of the file, or another version.
        None => {
            problems.extend(objective_lines);
            problems.extend(check_figures::figure_differences(problem, plan, &solution));
        }
        // Other inputs give other figures: that is the mismatch above, said once.
        Some(cause) => {
            let (figures, rule) = check_figures::figure_leaves(problem, plan, &solution);
            let all: Vec<String> = objective_lines.into_iter().chain(figures).chain(rule).collect();
            // A short one for the example (a whole table of figures says little).
            if let Some(first) = all.iter().find(|l| l.chars().count() <= 160).or(all.first()) {
                problems.push(format!(
                    "en conséquence, {} du plan ne {} pas ceux que {cause} (par exemple {first})",
                    counted(all.len() as u64, "chiffre"),
                    if all.len() >= 2 { "sont" } else { "est" }
                ));
            }
            problems.extend(check_figures::solver_objective_difference(plan));
        }
    }
    CheckReport { problems, recomputed }
}
