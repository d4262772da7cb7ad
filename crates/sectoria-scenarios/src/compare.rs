//! Comparison of two plans (A = before, B = after): establishment by establishment, worker by
//! worker, coverage by priority category and objective terms.
//!
//! Plans are matched by UAI and worker id only: the two plans may come from different
//! scenarios (other budget, other weights) or even different instances; an establishment or
//! worker present in one plan only is reported as such.

use sectoria_core::french::counted;
use sectoria_core::plan::WorkerResult;
use sectoria_core::scenario::Locks;
use sectoria_core::{Category, ObjectiveTerms, Plan};
use sectoria_report::compare::{establishment_changes, union_order, worker_alone_note};
use sectoria_report::frformat::{decimal, difference_shown, readable, CsvWriter};
use sectoria_report::indicators::{key_matches as matches, Indicator};
use std::collections::BTreeMap;
use std::fmt;

pub use sectoria_report::compare::{EstablishmentChange, Evolution};
pub use sectoria_report::indicators::{weighted_coverage_with, WEIGHTED_COVERAGE_A_WEIGHTS, WEIGHT_KEYS};

/// One worker, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerChange {
    /// Worker id.
    pub id: String,
    /// Half-days used in A.
    pub units_before: u32,
    /// Half-days used in B.
    pub units_after: u32,
    /// Establishments of the sector in A.
    pub sector_before: Vec<String>,
    /// Establishments of the sector in B.
    pub sector_after: Vec<String>,
    /// Weekly km in A.
    ///
    /// # Units: kilometres per week
    pub km_before: f64,
    /// Weekly km in B.
    ///
    /// # Units: kilometres per week
    pub km_after: f64,
}

impl WorkerChange {
    /// Whether the sector, its time or its travel differs.
    pub fn is_changed(&self) -> bool {
        self.units_before != self.units_after
            || self.sector_before != self.sector_after
            || (self.km_before - self.km_after).abs() > 1e-6
    }
}

/// Coverage of one priority category, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryChange {
    /// Category.
    pub category: Category,
    /// Establishments of the category in A.
    pub establishments_before: usize,
    /// Establishments of the category in B.
    pub establishments_after: usize,
    /// Served in A.
    pub served_before: usize,
    /// Served in B.
    pub served_after: usize,
    /// Pupils in served establishments in A.
    pub pupils_served_before: f64,
    /// Pupils in served establishments in B.
    pub pupils_served_after: f64,
    /// Share of the category's need covered in A (0–1).
    pub need_covered_before: f64,
    /// Share of the category's need covered in B (0–1).
    pub need_covered_after: f64,
}

/// Headline figures, before and after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Headline {
    /// ETP allocated.
    pub fte_used: f64,
    /// Establishments served.
    pub establishments_served: usize,
    /// Weighted coverage (0–1).
    pub weighted_coverage: f64,
    /// Share of the need covered (0–1), the figure that moves when a plan deepens its presences.
    pub need_covered: f64,
    /// Share of the priority-weighted need covered (0–1).
    pub need_covered_weighted: f64,
    /// Total weekly km.
    ///
    /// # Units: kilometres per week
    pub km_total: f64,
}

impl Headline {
    fn of(plan: &Plan) -> Headline {
        Headline {
            fte_used: plan.kpis.fte_used,
            establishments_served: plan.kpis.establishments_served,
            weighted_coverage: plan.kpis.weighted_coverage,
            need_covered: plan.kpis.need_covered,
            need_covered_weighted: plan.kpis.need_covered_weighted,
            km_total: plan.kpis.km_total,
        }
    }
}

/// The comparison of plan A (before) with plan B (after).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Every establishment of A, in A's order, then those of B only.
    pub establishments: Vec<EstablishmentChange>,
    /// Every worker of A, in A's order, then those of B only.
    pub workers: Vec<WorkerChange>,
    /// Coverage by category, in report order.
    pub categories: Vec<CategoryChange>,
    /// Objective terms of A.
    pub objective_before: ObjectiveTerms,
    /// Objective terms of B.
    pub objective_after: ObjectiveTerms,
    /// Headline figures of A.
    pub headline_before: Headline,
    /// Headline figures of B.
    pub headline_after: Headline,
    /// B's interchangeable posts named after A's for the comparison
    /// ([`sectoria_core::interchange::name_posts_after`]): `(name in B, name here)`.
    pub renamed: Vec<(String, String)>,
    /// What the two runs were given differently: the instance's files whose content differs
    /// (or that one run had and not the other), and the scenario's settings, `(key, A, B)`.
    pub inputs: InputDifferences,
    /// What [`sectoria_report::compare::worker_alone_note`] says of the establishments whose
    /// worker alone changes (the same half-days), by cause: a worker no longer in B, inputs or
    /// settings that differ, or else equally good variants; `None` when there is none.
    pub worker_alone_note: Option<String>,
    /// B's weighted coverage with A's weights (0–1), when the priority weights differ
    /// ([`WEIGHT_KEYS`]): the share of A's priority-weighted pupils that B serves
    /// ([`weighted_coverage_with`]). `None` when the weights are the same. The figure of the
    /// indicator [`WEIGHTED_COVERAGE_A_WEIGHTS`] of [`Comparison::indicators`], kept as a field
    /// for its readers.
    pub weighted_coverage_after_with_a_weights: Option<f64>,
    /// The key figures of A and B, the list the report's differences give too
    /// ([`sectoria_report::indicators::indicators`]).
    pub indicators: Vec<Indicator>,
}

/// The scenario settings whose change changes the scale of the objective's points (the service
/// value's weights and curve, the costs' weights): two plans of scenarios differing in one of
/// these keys (or key prefixes, ending with `.`) do not score their points alike.
pub const OBJECTIVE_SCALE_KEYS: [&str; 7] = [
    "priorities.",
    "value.",
    "need.",
    "travel.weight_per_km",
    "travel.weight_per_minute",
    "stability.penalty_per_unit",
    "rules.fragmentation_cost",
];

/// The settings the points of the objective term `code` ([`objective_rows`]) depend on: a term
/// of two plans whose scenarios differ in one of them does not compare from one to the other;
/// the other terms do (a change of stability penalty leaves the service value and the travel
/// cost comparable). The total depends on them all ([`OBJECTIVE_SCALE_KEYS`]).
fn term_keys(code: &str) -> &'static [&'static str] {
    match code {
        "service_value" => &["priorities.", "value.", "need."],
        "travel_cost" => &["travel.weight_per_km", "travel.weight_per_minute"],
        "stability_cost" => &["stability.penalty_per_unit"],
        "fragmentation_cost" => &["rules.fragmentation_cost"],
        _ => &OBJECTIVE_SCALE_KEYS,
    }
}

/// The inputs of two runs that differ: the reason their plans may differ besides the solver.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputDifferences {
    /// Instance files (`workers.csv`…) whose content differs, with how (for `workers.csv`, the
    /// workers added, removed or changed when both plans carry them).
    pub files: Vec<(String, String)>,
    /// Scenario settings that differ: key as written in the TOML, value in A, value in B.
    pub settings: Vec<(String, String, String)>,
    /// Whether both plans record their input files' hashes (a plan made through the library
    /// may not): without them, the files cannot be told the same.
    pub recorded: bool,
}

/// B's locks as A's count changes: « 2 verrous (en plus : X → A01 ; en moins : Y → A02) »,
/// each lock written by `show`.
fn lock_changes<T: PartialEq>(before: &[T], after: &[T], noun: &str, show: &dyn Fn(&T) -> String) -> String {
    let added: Vec<String> = after.iter().filter(|x| !before.contains(x)).map(show).collect();
    let removed: Vec<String> = before.iter().filter(|x| !after.contains(x)).map(show).collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("en plus : {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("en moins : {}", removed.join(", ")));
    }
    let count = counted(after.len() as u64, noun);
    if parts.is_empty() {
        count
    } else {
        format!("{count} ({})", parts.join(" ; "))
    }
}

/// At most this many ids are named in one list of workers, then how many more.
const NAMED: usize = 10;

/// « ASS27, ASS28 », the first [`NAMED`] then « … (et 3 autres) ».
fn id_list(ids: &[&str]) -> String {
    let mut text = ids.iter().take(NAMED).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > NAMED {
        text.push_str(&format!(", … (et {} autres)", ids.len() - NAMED));
    }
    text
}

/// How the workers of `workers.csv` differ from plan `a` to plan `b`, as the plans record them:
/// « 2 assistants en plus dans B : ASS27, ASS28 ; 1 en moins : ASS03 ; 1 modifié : ASS05
/// (quotité 0,8 → 1) ». `None` when the plans' workers are the same (another column of the
/// file changed, a name for example) or are posts generated from the budget.
fn worker_differences(a: &Plan, b: &Plan) -> Option<String> {
    fn listed(p: &Plan) -> BTreeMap<String, &WorkerResult> {
        p.workers.iter().filter(|w| !w.generated).map(|w| (w.id.clone(), w)).collect()
    }
    let (wa, wb) = (listed(a), listed(b));
    let added: Vec<&str> = wb.keys().filter(|id| !wa.contains_key(*id)).map(String::as_str).collect();
    let removed: Vec<&str> = wa.keys().filter(|id| !wb.contains_key(*id)).map(String::as_str).collect();
    let fixed_base = |w: &WorkerResult| w.base.as_ref().filter(|b| !b.chosen_by_model).map(|b| b.location);
    let mut changed: Vec<String> = Vec::new();
    for (id, x) in &wa {
        let Some(y) = wb.get(id) else { continue };
        let mut how = Vec::new();
        if (x.fte - y.fte).abs() > 1e-9 {
            let fte = |v: f64| format!("{}", (v * 1000.0).round() / 1000.0).replace('.', ",");
            how.push(format!("quotité {} → {}", fte(x.fte), fte(y.fte)));
        }
        if fixed_base(x) != fixed_base(y) {
            how.push("résidence".to_string());
        }
        if !how.is_empty() {
            changed.push(format!("{id} ({})", how.join(", ")));
        }
    }
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("{} en plus dans B : {}", counted(added.len() as u64, "assistant"), id_list(&added)));
    }
    if !removed.is_empty() {
        let noun =
            if parts.is_empty() { counted(removed.len() as u64, "assistant") } else { removed.len().to_string() };
        parts.push(format!("{noun} en moins : {}", id_list(&removed)));
    }
    if !changed.is_empty() {
        let noun =
            if parts.is_empty() { counted(changed.len() as u64, "assistant") } else { changed.len().to_string() };
        let refs: Vec<&str> = changed.iter().map(String::as_str).collect();
        parts.push(format!("{noun} {} : {}", if changed.len() >= 2 { "modifiés" } else { "modifié" }, id_list(&refs)));
    }
    (!parts.is_empty()).then(|| parts.join(" ; "))
}

/// The locks of `a` (A's) and `b` (B's) that differ, `(key, A, B)` as
/// [`InputDifferences::settings`] gives them: A's counted, B's counted with what it adds and
/// removes (same count, other locks). Each establishment is written by `uai` and each worker by
/// `worker`: the terminal gives their identifiers, the web application their names.
pub fn lock_differences(
    a: &Locks,
    b: &Locks,
    uai: &dyn Fn(&str) -> String,
    worker: &dyn Fn(&str) -> String,
) -> Vec<(String, String, String)> {
    // Each lock as (establishment, worker), the worker empty for a list of establishments.
    fn assign(l: &Locks) -> Vec<(&str, &str)> {
        l.assign.iter().map(|x| (x.uai.as_str(), x.worker.as_str())).collect()
    }
    fn forbid(l: &Locks) -> Vec<(&str, &str)> {
        l.forbid.iter().map(|x| (x.uai.as_str(), x.worker.as_str())).collect()
    }
    fn listed(l: &[String]) -> Vec<(&str, &str)> {
        l.iter().map(|u| (u.as_str(), "")).collect()
    }
    let mut rows = Vec::new();
    for (key, noun, sign, before, after) in [
        ("locks.assign", "verrou", "→", assign(a), assign(b)),
        ("locks.forbid", "couple interdit", "✕", forbid(a), forbid(b)),
        ("locks.exclude", "établissement exclu", "", listed(&a.exclude), listed(&b.exclude)),
        ("locks.serve", "présence exigée", "", listed(&a.serve), listed(&b.serve)),
    ] {
        if before == after {
            continue;
        }
        let show = |&(u, w): &(&str, &str)| {
            if sign.is_empty() {
                uai(u)
            } else {
                format!("{} {sign} {}", uai(u), worker(w))
            }
        };
        let changes = lock_changes(&before, &after, noun, &show);
        rows.push((key.to_string(), counted(before.len() as u64, noun), changes));
    }
    rows
}

impl InputDifferences {
    /// The differences between the inputs of `a` and `b` (their files' hashes and scenarios).
    pub fn of(a: &Plan, b: &Plan) -> InputDifferences {
        let files = a
            .inputs
            .keys()
            .chain(b.inputs.keys().filter(|k| !a.inputs.contains_key(*k)))
            // The scenario file is told setting by setting below.
            .filter(|name| !name.ends_with(".toml"))
            .filter_map(|name| {
                let how = match (a.inputs.get(name), b.inputs.get(name)) {
                    (Some(x), Some(y)) if x == y => return None,
                    (Some(_), Some(_)) if name == sectoria_io::instance::WORKERS_FILE => {
                        worker_differences(a, b).unwrap_or_else(|| "contenu différent".to_string())
                    }
                    (Some(_), Some(_)) => "contenu différent".to_string(),
                    (Some(_), None) => "absent de B".to_string(),
                    _ => "absent de A".to_string(),
                };
                Some((name.clone(), how))
            })
            .collect();
        let rows = |p: &Plan| -> Vec<(String, String)> {
            sectoria_report::manifest::scenario_rows(p).into_iter().filter(|(k, _)| !k.starts_with("locks")).collect()
        };
        let (va, vb) = (rows(a), rows(b));
        let ra: BTreeMap<&str, &str> = va.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let rb: BTreeMap<&str, &str> = vb.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut settings: Vec<(String, String, String)> = va
            .iter()
            .map(|(k, _)| k.as_str())
            .chain(vb.iter().map(|(k, _)| k.as_str()).filter(|k| !ra.contains_key(k)))
            .filter_map(|k| {
                let (x, y) = (ra.get(k).copied().unwrap_or("non défini"), rb.get(k).copied().unwrap_or("non défini"));
                (x != y).then(|| (k.to_string(), x.to_string(), y.to_string()))
            })
            .collect();
        let as_is = |id: &str| id.to_string();
        settings.extend(lock_differences(&a.scenario.locks, &b.scenario.locks, &as_is, &as_is));
        let recorded = !a.inputs.is_empty() && !b.inputs.is_empty();
        InputDifferences { files, settings, recorded }
    }

    /// Whether both runs had the same files and the same scenario.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.settings.is_empty()
    }
}

impl fmt::Display for InputDifferences {
    /// « Données et réglages : les mêmes » or the list of what differs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() && !self.recorded {
            return writeln!(
                f,
                "Données : empreintes des fichiers non enregistrées dans un des plans ; scénario : le même pour A et B."
            );
        }
        if self.is_empty() {
            return writeln!(
                f,
                "Données et scénario : les mêmes pour A et B (les différences viennent du solveur seul)."
            );
        }
        writeln!(f, "Ce que les deux calculs ont reçu de différent :")?;
        for (name, how) in &self.files {
            writeln!(f, "  fichier {name} : {how}")?;
        }
        // « Budget (ETP) [budget.total_fte] : 20,5 (A) → 12 (B) »: the form's French name, then
        // the key as the scenario file writes it.
        for (key, x, y) in &self.settings {
            writeln!(f, "  {} : {x} (A) → {y} (B)", sectoria_report::labels::labelled(key))?;
        }
        Ok(())
    }
}

fn worker_change(id: &str, a: Option<&WorkerResult>, b: Option<&WorkerResult>) -> WorkerChange {
    let sector = |w: Option<&WorkerResult>| -> Vec<String> {
        let mut s: Vec<String> = w.map(|w| w.sector.iter().map(|l| l.uai.clone()).collect()).unwrap_or_default();
        s.sort();
        s
    };
    WorkerChange {
        id: id.to_string(),
        units_before: a.map_or(0, |w| w.units_used),
        units_after: b.map_or(0, |w| w.units_used),
        sector_before: sector(a),
        sector_after: sector(b),
        km_before: a.map_or(0.0, |w| w.weekly_km),
        km_after: b.map_or(0.0, |w| w.weekly_km),
    }
}

/// Compares plan `a` (before) with plan `b` (after). B's posts generated from the budget are
/// named after A's whose sectors they resemble most (see [`Comparison::renamed`]).
pub fn compare(a: &Plan, b: &Plan) -> Comparison {
    // The inputs as the runs received them: workers.csv's posts by their own names.
    let inputs = InputDifferences::of(a, b);
    let (b, renamed) = sectoria_core::interchange::name_posts_after(a, b);
    let b = &b;
    let establishments = establishment_changes(a, b);
    let wk_a: BTreeMap<&str, &WorkerResult> = a.workers.iter().map(|w| (w.id.as_str(), w)).collect();
    let wk_b: BTreeMap<&str, &WorkerResult> = b.workers.iter().map(|w| (w.id.as_str(), w)).collect();
    let workers = union_order(a.workers.iter().map(|w| w.id.as_str()), b.workers.iter().map(|w| w.id.as_str()))
        .into_iter()
        .map(|id| worker_change(id, wk_a.get(id).copied(), wk_b.get(id).copied()))
        .collect();
    let categories = Category::ALL
        .into_iter()
        .map(|c| {
            let find = |p: &Plan| p.kpis.by_category.iter().find(|x| x.category == c).cloned();
            let (ca, cb) = (find(a), find(b));
            CategoryChange {
                category: c,
                establishments_before: ca.as_ref().map_or(0, |x| x.coverage.establishments),
                establishments_after: cb.as_ref().map_or(0, |x| x.coverage.establishments),
                served_before: ca.as_ref().map_or(0, |x| x.coverage.served),
                served_after: cb.as_ref().map_or(0, |x| x.coverage.served),
                pupils_served_before: ca.as_ref().map_or(0.0, |x| x.coverage.pupils_served),
                pupils_served_after: cb.as_ref().map_or(0.0, |x| x.coverage.pupils_served),
                need_covered_before: ca.as_ref().map_or(0.0, |x| x.coverage.need_covered),
                need_covered_after: cb.as_ref().map_or(0.0, |x| x.coverage.need_covered),
            }
        })
        .collect();
    let alone: Vec<&EstablishmentChange> = establishments.iter().filter(|e| e.only_worker_changes()).collect();
    let worker_alone_note = (!alone.is_empty()).then(|| worker_alone_note(a, b, &alone));
    let indicators = sectoria_report::indicators::indicators(a, b);
    // The indicator's figure, in % (one computation, one condition: the weights differ).
    let weighted_coverage_after_with_a_weights =
        indicators.iter().find(|i| i.code == WEIGHTED_COVERAGE_A_WEIGHTS).and_then(|i| i.after).map(|x| x / 100.0);
    Comparison {
        indicators,
        weighted_coverage_after_with_a_weights,
        worker_alone_note,
        establishments,
        workers,
        categories,
        objective_before: a.objective,
        objective_after: b.objective,
        headline_before: Headline::of(a),
        headline_after: Headline::of(b),
        renamed,
        inputs,
    }
}

/// How many establishments the two plans list, and how many they share: two plans of the same
/// instance share all of them (or most, when their scopes differ), two of different instances
/// none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// Establishments of plan A.
    pub in_a: usize,
    /// Establishments of plan B.
    pub in_b: usize,
    /// Establishments of both plans.
    pub shared: usize,
}

impl Overlap {
    /// Whether fewer than half the establishments of the larger plan are in both: the plans do
    /// not cover the same establishments, and the comparison line by line says little.
    pub fn is_partial(&self) -> bool {
        2 * self.shared < self.in_a.max(self.in_b)
    }

    /// The warning to give first when [`Overlap::is_partial`] (French), `None` otherwise.
    pub fn warning(&self) -> Option<String> {
        if !self.is_partial() {
            return None;
        }
        let counts = format!("{} dans A, {} dans B", self.in_a, self.in_b);
        Some(if self.shared == 0 {
            format!(
                "Attention : les deux plans n'ont aucun établissement en commun ({counts}) : ils portent sur des \
                 instances différentes (un autre département ?), et la comparaison établissement par établissement \
                 n'a pas de sens. Vérifiez les deux fichiers plan.json donnés."
            )
        } else {
            format!(
                "Attention : les deux plans n'ont que {} en commun ({counts}) : ils ne portent pas sur le même \
                 périmètre ; les établissements d'un seul plan sont dits « absent du plan A » ou « absent du plan B ».",
                counted(self.shared as u64, "établissement")
            )
        })
    }
}

/// French header of `compare.csv`.
pub const CSV_HEADER: [&str; 12] = [
    "Niveau",
    "Identifiant",
    "Libellé",
    "Mesure",
    "Avant (A)",
    "Après (B)",
    "Écart",
    "Assistant(s) avant",
    "Assistant(s) après",
    "Km hebdo avant",
    "Km hebdo après",
    "Évolution",
];

/// The objective term `code` after « les points » (« du coût de stabilité »).
fn term_phrase(code: &str) -> &'static str {
    match code {
        "service_value" => "de la valeur de service",
        "travel_cost" => "du coût des trajets",
        "stability_cost" => "du coût de stabilité",
        "fragmentation_cost" => "du coût de fragmentation",
        _ => "de l'objectif total",
    }
}

fn objective_rows(a: &ObjectiveTerms, b: &ObjectiveTerms) -> [(&'static str, &'static str, f64, f64); 5] {
    [
        ("service_value", "Valeur de service", a.service_value, b.service_value),
        ("travel_cost", "Coût des trajets", a.travel_cost, b.travel_cost),
        ("stability_cost", "Coût de stabilité", a.stability_cost, b.stability_cost),
        ("fragmentation_cost", "Coût de fragmentation", a.fragmentation_cost, b.fragmentation_cost),
        ("total", "Objectif total", a.total, b.total),
    ]
}

/// Marks an objective row whose points do not compare ([`Comparison::objective_note`]).
const NOT_COMPARABLE_MARK: &str = " *";

impl Comparison {
    /// The key figures, A and B, in the order of the terminal table, `compare.csv` and the
    /// report's differences ([`sectoria_report::indicators::indicators`]): ETP, establishments
    /// served, weighted coverage, need covered, km in total and of the busiest worker, and the
    /// continuity against today's sectors.
    pub fn key_figures(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The scenario settings that differ between A and B and change the scale of the
    /// objective's points ([`OBJECTIVE_SCALE_KEYS`]), in the order of the scenario file.
    pub fn objective_scale_keys(&self) -> Vec<&str> {
        self.inputs.settings.iter().map(|(k, _, _)| k.as_str()).filter(|k| matches(k, &OBJECTIVE_SCALE_KEYS)).collect()
    }

    /// Whether the points of the objective term `code` (`service_value`, `travel_cost`,
    /// `stability_cost`, `fragmentation_cost`, `total`) compare from A to B: no setting they
    /// depend on differs (`term_keys`).
    pub fn term_comparable(&self, code: &str) -> bool {
        !self.objective_scale_keys().iter().any(|k| matches(k, term_keys(code)))
    }

    /// When [`Comparison::objective_scale_keys`] is not empty, the French note to give before the
    /// objective's rows: the points of the terms that depend on the settings that differ do not
    /// compare from one plan to the other (all of them: « les points d'objectif »).
    pub fn objective_note(&self) -> Option<String> {
        let keys = self.objective_scale_keys();
        if keys.is_empty() {
            return None;
        }
        let codes = objective_rows(&self.objective_before, &self.objective_after).map(|(code, ..)| code);
        let apart: Vec<&str> = codes.iter().filter(|c| !self.term_comparable(c)).map(|c| term_phrase(c)).collect();
        let which = if apart.len() == codes.len() {
            "les points d'objectif ne se comparent pas".to_string()
        } else {
            let (last, rest) = apart.split_last().expect("the total depends on every key");
            let terms = if rest.is_empty() { last.to_string() } else { format!("{} et {last}", rest.join(", ")) };
            format!("les points {terms} ne se comparent pas")
        };
        let names: Vec<&str> = keys.iter().map(|k| sectoria_report::labels::label(k).unwrap_or(k)).collect();
        // Other priority weights also weigh the « pondéré » figures differently.
        let compare_instead = if self.weighted_coverage_after_with_a_weights.is_some() {
            ", ni les chiffres pondérés (chacun selon ses poids) ; comparez les établissements servis et le besoin \
             couvert ; la couverture pondérée de B est aussi donnée avec les poids de A"
        } else {
            " ; comparez les couvertures et besoins couverts"
        };
        Some(format!(
            "Les réglages de l'objectif diffèrent ({}) : {which} d'un plan à l'autre{compare_instead}.",
            names.join(", ")
        ))
    }

    /// The establishments of each plan and those they share.
    pub fn overlap(&self) -> Overlap {
        let only = |e: Evolution| self.establishments.iter().filter(|x| x.evolution == e).count();
        let (only_a, only_b) = (only(Evolution::OnlyInA), only(Evolution::OnlyInB));
        let shared = self.establishments.len() - only_a - only_b;
        Overlap { in_a: shared + only_a, in_b: shared + only_b, shared }
    }

    /// Whether nothing differs: same allocations, workers, sectors, travel and objective.
    pub fn is_unchanged(&self) -> bool {
        self.establishments.iter().all(|e| e.evolution == Evolution::Unchanged)
            && self.workers.iter().all(|w| !w.is_changed())
            && objective_rows(&self.objective_before, &self.objective_after)
                .iter()
                .all(|(_, _, x, y)| (x - y).abs() <= 1e-9 * x.abs().max(1.0))
    }

    /// Establishments whose presence or worker changed.
    pub fn changed_establishments(&self) -> impl Iterator<Item = &EstablishmentChange> {
        self.establishments.iter().filter(|e| e.evolution != Evolution::Unchanged)
    }

    /// Establishments whose time or presence changed (with their worker or not), or that are in
    /// one plan only: the changes listed first.
    pub fn time_changes(&self) -> impl Iterator<Item = &EstablishmentChange> {
        self.changed_establishments().filter(|e| !e.only_worker_changes())
    }

    /// Establishments whose worker alone changed, at the same time: counted and listed apart
    /// ([`Comparison::worker_alone_note`]).
    pub fn worker_alone_changes(&self) -> impl Iterator<Item = &EstablishmentChange> {
        self.establishments.iter().filter(|e| e.only_worker_changes())
    }

    /// `compare.csv`: one row per establishment, per worker, per category and per objective
    /// term, with a « Niveau » column to filter on. French headers, `;`, decimal comma, BOM.
    pub fn to_csv(&self) -> String {
        let mut w = CsvWriter::new(&CSV_HEADER);
        if let Some(warning) = self.overlap().warning() {
            let mut row = vec![String::new(); CSV_HEADER.len()];
            row[0] = "avertissement".to_string();
            row[2] = "établissements en commun".to_string();
            row[3] = "établissements".to_string();
            let o = self.overlap();
            row[4] = o.in_a.to_string();
            row[5] = o.in_b.to_string();
            row[11] = warning;
            w.row(row);
        }
        for i in self.key_figures() {
            let mut row = vec![String::new(); CSV_HEADER.len()];
            row[0] = "indicateur".to_string();
            row[1] = i.code.to_string();
            row[2] = i.label.to_string();
            row[3] = i.unit.to_string();
            row[4] = i.plain(i.before);
            row[5] = i.plain(i.after);
            row[6] = i.difference().map(|d| decimal(d, i.decimals)).unwrap_or_default();
            row[11] = i.note.clone().unwrap_or_default();
            w.row(row);
        }
        // The changes of time or presence and those of the worker alone, counted apart: the
        // second are often equally good variants (« Évolution » = « change d'assistant »).
        if let Some(note) = &self.worker_alone_note {
            // A table cell: the scenario key without the prose's backticks.
            let note = sectoria_report::html::unquoted(note);
            for (code, label, n, how) in [
                ("time_changes", "Établissements dont le temps ou la présence change", self.time_changes().count(), ""),
                (
                    "worker_alone_changes",
                    "Établissements dont seul l'assistant change (même temps)",
                    self.worker_alone_changes().count(),
                    note.as_str(),
                ),
            ] {
                let mut row = vec![String::new(); CSV_HEADER.len()];
                row[0] = "changements".to_string();
                row[1] = code.to_string();
                row[2] = label.to_string();
                row[3] = "établissements".to_string();
                row[6] = n.to_string();
                row[11] = how.to_string();
                w.row(row);
            }
        }
        for e in &self.establishments {
            w.row([
                "établissement".to_string(),
                e.uai.clone(),
                e.name.clone(),
                "demi-journées".to_string(),
                e.units_before.to_string(),
                e.units_after.to_string(),
                (i64::from(e.units_after) - i64::from(e.units_before)).to_string(),
                e.workers_before.join(", "),
                e.workers_after.join(", "),
                decimal(e.km_before, 1),
                decimal(e.km_after, 1),
                e.describe(),
            ]);
        }
        for k in &self.workers {
            w.row([
                "assistant".to_string(),
                k.id.clone(),
                format!("{} → {} établissement(s)", k.sector_before.len(), k.sector_after.len()),
                "demi-journées".to_string(),
                k.units_before.to_string(),
                k.units_after.to_string(),
                (i64::from(k.units_after) - i64::from(k.units_before)).to_string(),
                k.sector_before.join(", "),
                k.sector_after.join(", "),
                decimal(k.km_before, 1),
                decimal(k.km_after, 1),
                if k.is_changed() { "modifié" } else { "inchangé" }.to_string(),
            ]);
        }
        for c in &self.categories {
            w.row([
                "catégorie".to_string(),
                c.category.code().to_string(),
                c.category.label().to_string(),
                "établissements servis".to_string(),
                c.served_before.to_string(),
                c.served_after.to_string(),
                (c.served_after as i64 - c.served_before as i64).to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!("sur {} (A) / {} (B)", c.establishments_before, c.establishments_after),
            ]);
            let (x, y) = (100.0 * c.need_covered_before, 100.0 * c.need_covered_after);
            let mut row = vec![String::new(); CSV_HEADER.len()];
            row[0] = "catégorie".to_string();
            row[1] = c.category.code().to_string();
            row[2] = c.category.label().to_string();
            row[3] = "besoin couvert (%)".to_string();
            row[4] = decimal(x, 1);
            row[5] = decimal(y, 1);
            row[6] = rounded_difference(x, y, 1);
            w.row(row);
        }
        // « non comparable : les poids … diffèrent (…) : … » on each objective row that does not
        // compare.
        let note = self
            .objective_note()
            .map(|n| {
                let mut chars = n.chars();
                let first = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
                format!("non comparable : {first}{}", chars.as_str())
            })
            .unwrap_or_default();
        for (code, label, x, y) in objective_rows(&self.objective_before, &self.objective_after) {
            w.row([
                "objectif".to_string(),
                code.to_string(),
                label.to_string(),
                "points".to_string(),
                decimal(x, 3),
                decimal(y, 3),
                rounded_difference(x, y, 3),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                if self.term_comparable(code) { String::new() } else { note.clone() },
            ]);
        }
        let blank = || String::new();
        for (name, how) in &self.inputs.files {
            w.row([
                "donnée".to_string(),
                name.clone(),
                format!("fichier {name}"),
                "contenu".to_string(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                how.to_string(),
            ]);
        }
        for (key, x, y) in &self.inputs.settings {
            w.row([
                "réglage".to_string(),
                key.clone(),
                // The form's French name, as the terminal gives it.
                sectoria_report::labels::label(key).unwrap_or("réglage du scénario").to_string(),
                "valeur".to_string(),
                x.clone(),
                y.clone(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                "modifié".to_string(),
            ]);
        }
        for (own, name) in &self.renamed {
            w.row([
                "poste renommé".to_string(),
                name.clone(),
                format!("{own} dans le plan B, nommé {name} ici (postes interchangeables)"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        w.finish()
    }
}

/// The difference `y − x` of two figures as the table shows them: each rounded first, so that
/// the three columns add up on paper (45,8 → 38,6 reads −7,2, not the exact −7,1).
fn shown_difference(x: f64, y: f64, decimals: usize) -> String {
    signed(difference_shown(x, y, decimals), decimals)
}

/// [`shown_difference`] for `compare.csv`: a plain number (decimal comma, no sign, no
/// grouping), the difference of the two rounded figures the file gives (README: « Les écarts
/// sont ceux des chiffres affichés, arrondis »): 66,2 → 62,0 is -4,2, not the exact -4,3.
fn rounded_difference(x: f64, y: f64, decimals: usize) -> String {
    decimal(difference_shown(x, y, decimals), decimals)
}

fn signed(x: f64, decimals: usize) -> String {
    if x > 0.0 {
        format!("+{}", readable(x, decimals))
    } else {
        readable(x, decimals)
    }
}

/// Width of the labels' column of the key figures; a longer label wraps, its figures on its
/// last line.
const LABEL: usize = 50;

/// Widest line of the notes (the objective's points, a budget that holds workers back).
const NOTE_WIDTH: usize = 73;

/// Widest column of establishment names in the terminal table; a longer name wraps.
const NAME_WIDTH: usize = 40;

/// `text` in lines of at most `width` characters, cut at spaces (a word longer than `width`
/// is cut where it must be).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let room = if used == 0 { width } else { width.saturating_sub(used + 1) };
            if word.len() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            let rest = word.split_off(width.max(1));
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn list_or_dash(v: &[String]) -> String {
    if v.is_empty() {
        "—".to_string()
    } else {
        v.join(", ")
    }
}

/// The terminal table of the establishments `rows` (nothing when there is none): names in
/// full, as wide as the longest, wrapped at a space beyond [`NAME_WIDTH`].
fn establishment_table(f: &mut fmt::Formatter<'_>, rows: &[&EstablishmentChange]) -> fmt::Result {
    if rows.is_empty() {
        return Ok(());
    }
    let width = rows.iter().map(|e| e.name.chars().count()).max().unwrap_or(0).clamp(13, NAME_WIDTH);
    writeln!(
        f,
        "  {:<9} {:<width$} {:>5} {:>5}  {:<14} {:<14} Évolution",
        "UAI", "Établissement", "A", "B", "Assistant A", "Assistant B"
    )?;
    for e in rows {
        let lines = wrap(&e.name, width);
        writeln!(
            f,
            "  {:<9} {:<width$} {:>5} {:>5}  {:<14} {:<14} {}",
            e.uai,
            lines.first().map_or("", String::as_str),
            e.units_before,
            e.units_after,
            list_or_dash(&e.workers_before),
            list_or_dash(&e.workers_after),
            e.describe()
        )?;
        for more in lines.iter().skip(1) {
            writeln!(f, "  {:<9} {more}", "")?;
        }
    }
    Ok(())
}

impl fmt::Display for Comparison {
    /// The French table for the terminal: changed establishments and workers only, every
    /// category and objective term.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Comparaison des plans A (avant) et B (après)")?;
        writeln!(f)?;
        if let Some(warning) = self.overlap().warning() {
            writeln!(f, "{warning}")?;
            writeln!(f)?;
        }
        write!(f, "{}", self.inputs)?;
        writeln!(f)?;
        writeln!(f, "{:<LABEL$} {:>12} {:>12} {:>12}", "", "A", "B", "Écart")?;
        for i in self.key_figures() {
            let lines = wrap(i.label, LABEL);
            let (last, first) = lines.split_last().expect("wrap gives a line at least");
            for line in first {
                writeln!(f, "{line}")?;
            }
            writeln!(
                f,
                "{last:<LABEL$} {:>12} {:>12} {:>12}",
                i.readable(i.before),
                i.readable(i.after),
                i.signed_difference()
            )?;
            // What the figures do not say, under them (a budget that holds workers back).
            if let Some(note) = &i.note {
                for line in wrap(&format!("{note}."), NOTE_WIDTH) {
                    writeln!(f, "  {line}")?;
                }
            }
        }
        // Points scored with other weights or another value curve: said before they are shown.
        let note = self.objective_note();
        if let Some(note) = &note {
            for (i, line) in wrap(note, NOTE_WIDTH).iter().enumerate() {
                writeln!(f, "{} {line}", if i == 0 { NOT_COMPARABLE_MARK.trim() } else { " " })?;
            }
        }
        for (code, label, x, y) in objective_rows(&self.objective_before, &self.objective_after) {
            let mark = if self.term_comparable(code) { "" } else { NOT_COMPARABLE_MARK };
            let label = format!("{label}{mark}");
            writeln!(
                f,
                "{label:<LABEL$} {:>12} {:>12} {:>12}",
                readable(x, 1),
                readable(y, 1),
                shown_difference(x, y, 1)
            )?;
        }
        writeln!(f)?;
        writeln!(f, "Couverture par catégorie prioritaire (établissements servis ; besoin couvert, %)")?;
        for c in &self.categories {
            if c.establishments_before == 0 && c.establishments_after == 0 {
                continue;
            }
            let (x, y) = (100.0 * c.need_covered_before, 100.0 * c.need_covered_after);
            writeln!(
                f,
                "  {:<32} {:>5}/{:<5} → {:>5}/{:<5} {:>6}   {:>5} → {:>5} {:>6}",
                c.category.label(),
                c.served_before,
                c.establishments_before,
                c.served_after,
                c.establishments_after,
                signed(c.served_after as f64 - c.served_before as f64, 0),
                decimal(x, 1),
                decimal(y, 1),
                shown_difference(x, y, 1)
            )?;
        }
        writeln!(f)?;
        if !self.renamed.is_empty() {
            writeln!(
                f,
                "{}",
                sectoria_core::interchange::renaming_note("du plan B", "du plan A", "dans le plan B", &self.renamed)
            )?;
            writeln!(f)?;
        }
        let (timed, alone): (Vec<&EstablishmentChange>, Vec<&EstablishmentChange>) =
            (self.time_changes().collect(), self.worker_alone_changes().collect());
        if timed.is_empty() && alone.is_empty() {
            writeln!(f, "Établissements : aucun changement.")?;
        } else if alone.is_empty() {
            writeln!(f, "Établissements qui changent ({}) :", timed.len())?;
        } else {
            writeln!(
                f,
                "Établissements qui changent ({}) : {} de temps ou de présence, {} d'assistant seulement (plus bas).",
                timed.len() + alone.len(),
                timed.len(),
                alone.len()
            )?;
        }
        establishment_table(f, &timed)?;
        if let Some(note) = self.worker_alone_note.as_ref().filter(|_| !alone.is_empty()) {
            writeln!(f)?;
            // The note begins with the count: no capital to make.
            for line in wrap(&format!("{note}."), NOTE_WIDTH) {
                writeln!(f, "{line}")?;
            }
            establishment_table(f, &alone)?;
        }
        writeln!(f)?;
        let changed: Vec<&WorkerChange> = self.workers.iter().filter(|w| w.is_changed()).collect();
        if changed.is_empty() {
            writeln!(f, "Assistants : aucun changement.")?;
        } else {
            writeln!(f, "Assistants dont le secteur change ({}) :", changed.len())?;
            writeln!(
                f,
                "  {:<12} {:>7} {:>7} {:>10} {:>10} {:>9}",
                "Assistant", "dj A", "dj B", "km/sem A", "km/sem B", "Écart km"
            )?;
            for w in changed {
                writeln!(
                    f,
                    "  {:<12} {:>7} {:>7} {:>10} {:>10} {:>9}",
                    w.id,
                    w.units_before,
                    w.units_after,
                    readable(w.km_before, 0),
                    readable(w.km_after, 0),
                    shown_difference(w.km_before, w.km_after, 0)
                )?;
            }
        }
        writeln!(f, "(dj = demi-journées par semaine)")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_difference_adds_up_with_the_figures_shown() {
        assert_eq!(super::shown_difference(45.84, 38.55, 1), "-7,2");
        assert_eq!(super::shown_difference(45.84, 45.8, 1), "0,0");
        assert_eq!(super::shown_difference(1.0, 3.46, 1), "+2,5");
    }

    use super::*;
    use sectoria_core::test_support::small_instance;
    use sectoria_core::{Problem, Scenario};

    fn plan_with(budget: Option<f64>) -> Plan {
        let mut s = Scenario::default();
        s.budget.total_fte = budget;
        s.solver.relative_gap = 0.0;
        let problem = Problem::new(&small_instance(), &s).unwrap();
        sectoria_solver::plan(&problem, BTreeMap::new()).unwrap()
    }

    #[test]
    fn a_plan_compared_with_itself_reports_no_change() {
        let plan = plan_with(None);
        let c = compare(&plan, &plan);
        assert!(c.is_unchanged());
        assert_eq!(c.changed_establishments().count(), 0);
        let table = c.to_string();
        assert!(table.contains("Établissements : aucun changement."), "{table}");
        assert!(table.contains("Assistants : aucun changement."), "{table}");
        let csv = c.to_csv();
        assert!(csv.starts_with('\u{feff}'));
        // 9 key figures + 3 establishments + 1 worker + 6 categories (served, need covered) + 5
        // objective terms, after the header.
        assert_eq!(csv.lines().count(), 1 + 9 + 3 + 1 + 6 * 2 + 5);
        assert!(csv.lines().skip(1).take(9).all(|l| l.starts_with("indicateur;")), "{csv}");
        assert!(csv.lines().skip(10).take(3).all(|l| l.ends_with(";inchangé")), "{csv}");
    }

    #[test]
    fn a_smaller_budget_shows_losses() {
        let full = plan_with(None);
        let small = plan_with(Some(0.2));
        let c = compare(&full, &small);
        assert!(!c.is_unchanged());
        assert!(c.changed_establishments().any(|e| e.evolution == Evolution::Loses));
        assert_eq!(c.headline_after.fte_used, 0.2);
        assert!(c.objective_after.total < c.objective_before.total);
        let back = compare(&small, &full);
        assert!(back.changed_establishments().any(|e| e.evolution == Evolution::Gains));
    }

    #[test]
    fn the_inputs_that_differ_are_named() {
        let full = plan_with(None);
        let small = plan_with(Some(0.2));
        assert!(compare(&full, &full).inputs.is_empty());
        // A plan that records no input hashes cannot say its files are the same.
        assert!(compare(&full, &full).to_string().contains("empreintes des fichiers non enregistrées"));
        let mut hashed = full.clone();
        hashed.inputs.insert("workers.csv".into(), "c".into());
        assert!(compare(&hashed, &hashed).to_string().contains("Données et scénario : les mêmes pour A et B"));
        let mut other = small.clone();
        other.inputs.insert("workers.csv".into(), "a".into());
        other.inputs.insert("scenario.toml".into(), "b".into());
        let mut before = full.clone();
        before.inputs.insert("workers.csv".into(), "c".into());
        before.inputs.insert("current.csv".into(), "d".into());
        before.scenario.locks.forbid =
            vec![sectoria_core::scenario::ForbiddenPair { uai: "0310001A".into(), worker: "ASS01".into() }];
        let c = compare(&before, &other);
        assert_eq!(
            c.inputs.files,
            vec![
                ("current.csv".to_string(), "absent de B".to_string()),
                ("workers.csv".to_string(), "contenu différent".to_string())
            ]
        );
        assert_eq!(
            c.inputs.settings,
            vec![
                ("budget.total_fte".to_string(), "non défini".to_string(), "0,2".to_string()),
                (
                    "locks.forbid".to_string(),
                    "1 couple interdit".to_string(),
                    "0 couple interdit (en moins : 0310001A ✕ ASS01)".to_string()
                ),
            ]
        );
        let text = c.to_string();
        assert!(text.contains("  fichier workers.csv : contenu différent\n"), "{text}");
        assert!(text.contains("  Budget (ETP) [budget.total_fte] : non défini (A) → 0,2 (B)\n"), "{text}");
        assert!(
            text.contains(
                "  Couples interdits [locks.forbid] : 1 couple interdit (A) → 0 couple interdit (en moins : 0310001A ✕ \
                 ASS01) (B)\n"
            ),
            "{text}"
        );
        assert!(c.to_csv().contains("réglage;budget.total_fte;Budget (ETP);valeur;non défini;0,2;"), "{}", c.to_csv());
        assert!(c.to_csv().contains("réglage;locks.forbid;Couples interdits;valeur;"), "{}", c.to_csv());
    }

    /// Two plans of different instances share no establishment: said first, on the terminal and
    /// in the CSV, not left to 264 rows « absent du plan B ».
    #[test]
    fn plans_of_unrelated_instances_are_said_so_first() {
        let a = plan_with(None);
        let mut b = a.clone();
        for e in &mut b.establishments {
            e.uai = format!("034{}", &e.uai[3..]);
        }
        let c = compare(&a, &b);
        assert_eq!(c.overlap(), Overlap { in_a: 3, in_b: 3, shared: 0 });
        let text = c.to_string();
        let warning = "Attention : les deux plans n'ont aucun établissement en commun (3 dans A, 3 dans B)";
        assert!(text.lines().nth(2).is_some_and(|l| l.starts_with(warning)), "{text}");
        assert!(c.to_csv().lines().nth(1).is_some_and(|l| l.starts_with("avertissement;") && l.contains(warning)));
        // Half of them shared: said, with the count.
        b.establishments[0].uai = a.establishments[0].uai.clone();
        let c = compare(&a, &b);
        assert!(c.to_string().contains("n'ont que 1 établissement en commun (3 dans A, 3 dans B)"), "{c}");
        b.establishments[1].uai = a.establishments[1].uai.clone();
        assert!(compare(&a, &b).overlap().warning().is_none(), "2 of 3 shared: the same instance, another scope");
        assert!(compare(&a, &a).overlap().warning().is_none());
    }

    /// workers.csv differs: the workers added, removed or changed are named, not only « contenu
    /// différent ».
    #[test]
    fn the_workers_added_removed_or_changed_are_named() {
        let a = plan_with(None);
        let mut b = a.clone();
        let mut added = b.workers[0].clone();
        added.id = "ASS27".into();
        b.workers.push(added.clone());
        added.id = "ASS28".into();
        b.workers.push(added);
        let mut a = a;
        a.inputs.insert("workers.csv".into(), "x".into());
        b.inputs.insert("workers.csv".into(), "y".into());
        let c = compare(&a, &b);
        assert!(c.to_string().contains("  fichier workers.csv : 2 assistants en plus dans B : ASS27, ASS28\n"), "{c}");
        b.workers.retain(|w| w.id != "ASS28");
        b.workers[0].fte = 0.8;
        let c = compare(&a, &b);
        assert!(
            c.to_string().contains(
                "  fichier workers.csv : 1 assistant en plus dans B : ASS27 ; 1 modifié : ASS01 (quotité 1 → 0,8)\n"
            ),
            "{c}"
        );
        assert!(c.to_csv().contains(";\"1 assistant en plus dans B : ASS27 ; 1 modifié : ASS01 (quotité 1 → 0,8)\""));
        // Nothing the plans record differs (a name, say): the file's content only.
        let c = compare(&a, &{
            let mut same = a.clone();
            same.inputs.insert("workers.csv".into(), "z".into());
            same
        });
        assert!(c.to_string().contains("  fichier workers.csv : contenu différent\n"), "{c}");
    }

    /// A long name is shown whole in the terminal table, wrapped at a space, not cut.
    #[test]
    fn long_names_are_wrapped_not_cut() {
        let a = plan_with(None);
        let mut b = plan_with(Some(0.2));
        let long = "Établissement régional d'enseignement adapté Jean-Jacques Rousseau";
        let mut a = a;
        for p in [&mut a, &mut b] {
            for e in &mut p.establishments {
                e.name = long.to_string();
            }
        }
        let text = compare(&a, &b).to_string();
        assert!(text.contains("  0310002B  Établissement régional d'enseignement        2     0  ASS01"), "{text}");
        assert!(text.contains("\n            adapté Jean-Jacques Rousseau\n"), "{text}");
        assert_eq!(wrap("Lycée professionnel Jacques Cœur", 40), ["Lycée professionnel Jacques Cœur"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
    }

    /// Establishments whose worker alone changes are counted and listed apart from the changes
    /// of time, with what would avoid them, on the terminal and in the CSV.
    #[test]
    fn changes_of_worker_alone_are_counted_apart() {
        let mut a = plan_with(None);
        let served: Vec<usize> =
            (0..a.establishments.len()).filter(|&i| a.establishments[i].allocated_units >= 2).collect();
        assert!(served.len() >= 2, "two served establishments");
        let (swapped, less) = (served[0], served[1]);
        // The swap is between workers whose time does not change (ASS01's does): not in the
        // chain of the change of time, a variant.
        let mut other = a.workers[0].clone();
        other.id = "AUTRE2".to_string();
        a.workers.push(other);
        a.establishments[swapped].workers[0].worker = "AUTRE2".to_string();
        let mut b = a.clone();
        b.establishments[swapped].workers[0].worker = "AUTRE".to_string();
        b.establishments[less].allocated_units -= 1;
        let c = compare(&a, &b);
        assert_eq!((c.time_changes().count(), c.worker_alone_changes().count()), (1, 1));
        let text = c.to_string();
        assert!(
            text.contains(
                "Établissements qui changent (2) : 1 de temps ou de présence, 1 d'assistant seulement (plus bas).\n"
            ),
            "{text}"
        );
        let note = text.find("1 changement d'assistant sans changement de temps").expect("the note");
        let (uai_swapped, uai_less) = (&a.establishments[swapped].uai, &a.establishments[less].uai);
        assert!(text.find(uai_less.as_str()).expect("listed") < note, "{text}");
        assert!(text[note..].contains(uai_swapped.as_str()), "{text}");
        assert!(text[note..].contains("rien ne l'évite : adoptez"), "{text}");
        let csv = c.to_csv();
        assert!(
            csv.contains(
                "changements;time_changes;Établissements dont le temps ou la présence change;établissements;;;1;"
            ),
            "{csv}"
        );
        assert!(
            csv.contains("changements;worker_alone_changes;Établissements dont seul l'assistant change (même temps);établissements;;;1;;;;;\"1 changement d'assistant sans changement de temps"),
            "{csv}"
        );
        // Without a change of worker alone: no note, no count.
        b.establishments[swapped].workers[0].worker = a.establishments[swapped].workers[0].worker.clone();
        let c = compare(&a, &b);
        assert!(c.worker_alone_note.is_none() && !c.to_csv().contains("changements;"));
        assert!(c.to_string().contains("Établissements qui changent (1) :\n"), "{c}");
    }

    /// compare.csv (session 48): its differences are those of the figures it gives, rounded as
    /// the terminal's (66,2 → 62,0 is -4,2 there and in the file, not -4,3).
    #[test]
    fn the_csv_differences_are_those_of_the_rounded_figures() {
        assert_eq!(super::rounded_difference(66.24, 61.96, 1), "-4,2");
        assert_eq!(super::rounded_difference(45.84, 45.8, 1), "0,0");
        let a = plan_with(None);
        let mut b = a.clone();
        b.kpis.need_covered = a.kpis.need_covered - 0.0428;
        let (x, y) = (100.0 * a.kpis.need_covered, 100.0 * b.kpis.need_covered);
        let row = compare(&a, &b)
            .to_csv()
            .lines()
            .find(|l| l.starts_with("indicateur;need_covered;"))
            .expect("row")
            .to_string();
        assert!(
            row.ends_with(&format!(";{};{};{};;;;;", decimal(x, 1), decimal(y, 1), super::rounded_difference(x, y, 1))),
            "{row}"
        );
    }

    /// Only the stability penalty differs: the stability cost and the total are not comparable,
    /// the service value and the travel cost are (session 48).
    #[test]
    fn only_the_terms_of_a_differing_setting_are_not_comparable() {
        let a = plan_with(None);
        let mut b = a.clone();
        b.scenario.stability.penalty_per_unit = 5.0;
        let c = compare(&a, &b);
        let apart: Vec<&str> = ["service_value", "travel_cost", "stability_cost", "fragmentation_cost", "total"]
            .into_iter()
            .filter(|t| !c.term_comparable(t))
            .collect();
        assert_eq!(apart, ["stability_cost", "total"]);
        let text = c.to_string();
        assert!(text.contains("Coût de stabilité *") && text.contains("Objectif total *"), "{text}");
        assert!(!text.contains("Valeur de service *") && !text.contains("Coût des trajets *"), "{text}");
        let note = c.objective_note().expect("a note");
        assert!(
            note.contains(
                "(Pénalité de changement) : les points du coût de stabilité et de l'objectif total ne se comparent pas"
            ),
            "{note}"
        );
        let csv = c.to_csv();
        for (code, apart) in
            [("service_value", false), ("travel_cost", false), ("stability_cost", true), ("total", true)]
        {
            let row = csv.lines().find(|l| l.starts_with(&format!("objectif;{code};"))).expect("row");
            assert_eq!(row.contains("non comparable"), apart, "{row}");
        }
    }

    /// compare.csv's « Km hebdo avant/après » of an establishment: the trips to it (session 48:
    /// they were empty on every establishment row).
    #[test]
    fn establishment_rows_give_their_weekly_km() {
        let a = plan_with(None);
        let csv = compare(&a, &a).to_csv();
        let served = a.establishments.iter().find(|e| e.allocated_units > 0).expect("served");
        let km: f64 = served.workers.iter().map(|w| 2.0 * w.km * f64::from(w.units)).sum();
        let row = csv.lines().find(|l| l.starts_with(&format!("établissement;{};", served.uai))).expect("row");
        assert!(row.ends_with(&format!(";{};{};inchangé", decimal(km, 1), decimal(km, 1))), "{row}");
    }

    /// A worker of A who is not in B (left workers.csv): the change at the same time is said
    /// forced by it, on the terminal and in compare.csv, not « souvent des variantes aussi
    /// bonnes » (session 48).
    #[test]
    fn a_change_forced_by_a_departure_is_not_called_a_variant() {
        let a = plan_with(None);
        let mut b = a.clone();
        let i = b.establishments.iter().position(|e| e.allocated_units > 0).expect("served");
        let gone = b.establishments[i].workers[0].worker.clone();
        let mut new = b.workers.iter().find(|w| w.id == gone).expect("worker").clone();
        new.id = "NOUV1".into();
        b.workers.retain(|w| w.id != gone);
        b.workers.push(new);
        for e in &mut b.establishments {
            for w in &mut e.workers {
                if w.worker == gone {
                    w.worker = "NOUV1".into();
                }
            }
        }
        let c = compare(&a, &b);
        let note = c.worker_alone_note.clone().expect("a note");
        assert!(note.contains(&format!("{gone} n'est plus dans les assistants du plan B")), "{note}");
        assert!(!note.contains("aussi bonne"), "{note}");
        let text = c.to_string();
        assert!(!text.contains("aussi bonne") && text.contains("change d'assistant : "), "{text}");
        let csv = c.to_csv();
        assert!(
            !csv.contains("aussi bonne") && csv.contains(&format!("{gone} n'est plus dans les assistants du plan B")),
            "{csv}"
        );
    }

    #[test]
    fn less_time_from_another_worker_says_both() {
        let a = plan_with(None);
        let mut b = a.clone();
        let e = b.establishments.iter_mut().find(|e| e.allocated_units >= 2).expect("a served establishment");
        let uai = e.uai.clone();
        e.allocated_units -= 1;
        e.workers[0].worker = "AUTRE".to_string();
        let c = compare(&a, &b);
        let change = c.establishments.iter().find(|x| x.uai == uai).expect("change");
        assert_eq!(change.describe(), "moins de temps et change d'assistant");
        assert!(c.to_string().contains("moins de temps et change d'assistant"), "{c}");
        assert!(c.to_csv().contains(";moins de temps et change d'assistant"));
        // The same worker: the time alone.
        let e = b.establishments.iter_mut().find(|x| x.uai == uai).expect("b");
        e.workers[0].worker = a.establishments.iter().find(|x| x.uai == uai).expect("a").workers[0].worker.clone();
        let c = compare(&a, &b);
        assert_eq!(c.establishments.iter().find(|x| x.uai == uai).expect("change").describe(), "moins de temps");
    }
}
