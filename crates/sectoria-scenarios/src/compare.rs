//! Comparison of two plans (A = before, B = after): establishment by establishment, worker by
//! worker, coverage by priority category and objective terms.
//!
//! Plans are matched by UAI and worker id only: the two plans may come from different
//! scenarios (other budget, other weights) or even different instances; an establishment or
//! worker present in one plan only is reported as such.

use sectoria_core::french::counted;
use sectoria_core::plan::WorkerResult;
use sectoria_core::{Category, ObjectiveTerms, Plan};
use sectoria_report::compare::{establishment_changes, union_order};
use sectoria_report::frformat::{decimal, readable, CsvWriter};
use std::collections::BTreeMap;
use std::fmt;

pub use sectoria_report::compare::{EstablishmentChange, Evolution};

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
}

/// The inputs of two runs that differ: the reason their plans may differ besides the solver.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputDifferences {
    /// Instance files (`workers.csv`…) whose content differs, with how.
    pub files: Vec<(String, &'static str)>,
    /// Scenario settings that differ: key as written in the TOML, value in A, value in B.
    pub settings: Vec<(String, String, String)>,
    /// Whether both plans record their input files' hashes (a plan made through the library
    /// may not): without them, the files cannot be told the same.
    pub recorded: bool,
}

/// B's locks as A's count changes: « 2 verrous (en plus : X → A01 ; en moins : Y → A02) ».
fn lock_changes(before: &[String], after: &[String], noun: &str) -> String {
    let added: Vec<&str> = after.iter().filter(|x| !before.contains(x)).map(String::as_str).collect();
    let removed: Vec<&str> = before.iter().filter(|x| !after.contains(x)).map(String::as_str).collect();
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
                    (Some(_), Some(_)) => "contenu différent",
                    (Some(_), None) => "absent de B",
                    _ => "absent de A",
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
        // Locks counted, and B's told by what it adds and removes (same count, other locks).
        let (la, lb) = (&a.scenario.locks, &b.scenario.locks);
        let assign = |l: &sectoria_core::scenario::Locks| -> Vec<String> {
            l.assign.iter().map(|x| format!("{} → {}", x.uai, x.worker)).collect()
        };
        let forbid = |l: &sectoria_core::scenario::Locks| -> Vec<String> {
            l.forbid.iter().map(|x| format!("{} ✕ {}", x.uai, x.worker)).collect()
        };
        for (key, noun, before, after) in [
            ("locks.assign", "verrou", assign(la), assign(lb)),
            ("locks.forbid", "couple interdit", forbid(la), forbid(lb)),
            ("locks.exclude", "établissement exclu", la.exclude.clone(), lb.exclude.clone()),
            ("locks.serve", "présence exigée", la.serve.clone(), lb.serve.clone()),
        ] {
            if before != after {
                settings.push((key.into(), counted(before.len() as u64, noun), lock_changes(&before, &after, noun)));
            }
        }
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
            }
        })
        .collect();
    Comparison {
        establishments,
        workers,
        categories,
        objective_before: a.objective,
        objective_after: b.objective,
        headline_before: Headline::of(a),
        headline_after: Headline::of(b),
        renamed,
        inputs: InputDifferences::of(a, b),
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

fn objective_rows(a: &ObjectiveTerms, b: &ObjectiveTerms) -> [(&'static str, &'static str, f64, f64); 5] {
    [
        ("service_value", "Valeur de service", a.service_value, b.service_value),
        ("travel_cost", "Coût des trajets", a.travel_cost, b.travel_cost),
        ("stability_cost", "Coût de stabilité", a.stability_cost, b.stability_cost),
        ("fragmentation_cost", "Coût de fragmentation", a.fragmentation_cost, b.fragmentation_cost),
        ("total", "Objectif total", a.total, b.total),
    ]
}

impl Comparison {
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

    /// `compare.csv`: one row per establishment, per worker, per category and per objective
    /// term, with a « Niveau » column to filter on. French headers, `;`, decimal comma, BOM.
    pub fn to_csv(&self) -> String {
        let mut w = CsvWriter::new(&CSV_HEADER);
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
                String::new(),
                String::new(),
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
        }
        for (code, label, x, y) in objective_rows(&self.objective_before, &self.objective_after) {
            w.row([
                "objectif".to_string(),
                code.to_string(),
                label.to_string(),
                "points".to_string(),
                decimal(x, 3),
                decimal(y, 3),
                decimal(y - x, 3),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
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
                "réglage du scénario".to_string(),
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

fn signed(x: f64, decimals: usize) -> String {
    if x > 0.0 {
        format!("+{}", readable(x, decimals))
    } else {
        readable(x, decimals)
    }
}

fn list_or_dash(v: &[String]) -> String {
    if v.is_empty() {
        "—".to_string()
    } else {
        v.join(", ")
    }
}

impl fmt::Display for Comparison {
    /// The French table for the terminal: changed establishments and workers only, every
    /// category and objective term.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (ha, hb) = (&self.headline_before, &self.headline_after);
        writeln!(f, "Comparaison des plans A (avant) et B (après)")?;
        writeln!(f)?;
        write!(f, "{}", self.inputs)?;
        writeln!(f)?;
        writeln!(f, "{:<34} {:>12} {:>12} {:>12}", "", "A", "B", "Écart")?;
        let rows = [
            ("ETP attribués", ha.fte_used, hb.fte_used, 1),
            ("Établissements servis", ha.establishments_served as f64, hb.establishments_served as f64, 0),
            ("Couverture pondérée (%)", 100.0 * ha.weighted_coverage, 100.0 * hb.weighted_coverage, 1),
            ("Km par semaine (total)", ha.km_total, hb.km_total, 0),
        ];
        for (label, x, y, d) in rows {
            writeln!(f, "{label:<34} {:>12} {:>12} {:>12}", readable(x, d), readable(y, d), signed(y - x, d))?;
        }
        for (_, label, x, y) in objective_rows(&self.objective_before, &self.objective_after) {
            writeln!(f, "{label:<34} {:>12} {:>12} {:>12}", readable(x, 1), readable(y, 1), signed(y - x, 1))?;
        }
        writeln!(f)?;
        writeln!(f, "Couverture par catégorie prioritaire (établissements servis)")?;
        for c in &self.categories {
            if c.establishments_before == 0 && c.establishments_after == 0 {
                continue;
            }
            writeln!(
                f,
                "  {:<32} {:>5}/{:<5} → {:>5}/{:<5} {:>6}",
                c.category.label(),
                c.served_before,
                c.establishments_before,
                c.served_after,
                c.establishments_after,
                signed(c.served_after as f64 - c.served_before as f64, 0)
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
        let changed: Vec<&EstablishmentChange> = self.changed_establishments().collect();
        if changed.is_empty() {
            writeln!(f, "Établissements : aucun changement.")?;
        } else {
            writeln!(f, "Établissements qui changent ({}) :", changed.len())?;
            writeln!(
                f,
                "  {:<9} {:<30} {:>5} {:>5}  {:<14} {:<14} Évolution",
                "UAI", "Établissement", "A", "B", "Assistant A", "Assistant B"
            )?;
            for e in changed {
                let name: String = e.name.chars().take(30).collect();
                writeln!(
                    f,
                    "  {:<9} {:<30} {:>5} {:>5}  {:<14} {:<14} {}",
                    e.uai,
                    name,
                    e.units_before,
                    e.units_after,
                    list_or_dash(&e.workers_before),
                    list_or_dash(&e.workers_after),
                    e.describe()
                )?;
            }
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
                    signed(w.km_after - w.km_before, 0)
                )?;
            }
        }
        writeln!(f, "(dj = demi-journées par semaine)")
    }
}

#[cfg(test)]
mod tests {
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
        // 3 establishments + 1 worker + 6 categories + 5 objective terms, after the header.
        assert_eq!(csv.lines().count(), 1 + 3 + 1 + 6 + 5);
        assert!(csv.lines().skip(1).take(3).all(|l| l.ends_with(";inchangé")), "{csv}");
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
            vec![("current.csv".to_string(), "absent de B"), ("workers.csv".to_string(), "contenu différent")]
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
        assert!(c.to_csv().contains("réglage;budget.total_fte;réglage du scénario;valeur;non défini;0,2;"));
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
