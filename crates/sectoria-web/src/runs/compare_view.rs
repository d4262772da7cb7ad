//! *Comparer* as tables a committee reads on a projector: the comparison of two runs
//! ([`sectoria_scenarios::compare`]) as rows of figures already written in French (A, B and
//! their difference), the objective's points apart, the workers by their names (« Mme Girard
//! (ASS09) ») and the establishments whose sector changes by theirs — never the terminal's text
//! aligned with spaces.

use sectoria_core::scenario::Locks;
use sectoria_core::Plan;
use sectoria_report::frformat::{difference_shown, readable};
use sectoria_report::indicators::Indicator;
use sectoria_scenarios::compare::{Comparison, EstablishmentChange, Evolution};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One row of figures: A, B and B − A as the table shows them (rounded first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRow {
    /// The indicator's code (`compare.csv`'s « Identifiant »), or `category:CODE:served|need`.
    pub code: String,
    /// French label.
    pub label: String,
    /// Plan A's figure.
    pub a: String,
    /// Plan B's figure.
    pub b: String,
    /// B − A, signed (« +2 », « -0,4 », « 0 »), or « — » when a plan has no figure.
    pub difference: String,
    /// What the figures alone do not say (a budget that holds workers back).
    pub note: Option<String>,
    /// A row under another (a priority category under the establishments served).
    pub detail: bool,
}

/// One term of the objective, in points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermRow {
    /// `service_value`, `travel_cost`, `stability_cost`, `fragmentation_cost` or `total`.
    pub code: &'static str,
    /// French label.
    pub label: &'static str,
    /// Plan A's points.
    pub a: String,
    /// Plan B's points.
    pub b: String,
    /// B − A.
    pub difference: String,
    /// Whether the points compare from A to B (the settings they depend on are the same).
    pub comparable: bool,
}

/// The objective's points, with why some do not compare.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// [`Comparison::objective_note`].
    pub note: Option<String>,
    /// Each term, then the total.
    pub rows: Vec<TermRow>,
}

/// A worker whose sector, time or travel changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkerRow {
    /// Identifier.
    pub id: String,
    /// « Mme Girard (ASS09) », or the identifier alone without a name.
    pub label: String,
    /// Half-days a week in A.
    pub units_a: u32,
    /// Half-days a week in B.
    pub units_b: u32,
    /// Weekly km in A.
    pub km_a: String,
    /// Weekly km in B.
    pub km_b: String,
    /// B − A, km.
    pub km_difference: String,
    /// The establishments its sector gains, by name.
    pub gains: Vec<String>,
    /// The establishments its sector loses, by name.
    pub losses: Vec<String>,
}

/// A setting or a file the two runs were given differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputRow {
    /// French name (« Budget (ETP) », « fichier workers.csv »).
    pub label: String,
    /// The scenario key (`budget.total_fte`), none for a file.
    pub key: Option<String>,
    /// What A had (empty for a file).
    pub a: String,
    /// What B had, or how the file differs.
    pub b: String,
}

/// What the two runs were given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inputs {
    /// The sentence when nothing differs (else `None`, and `rows` says what differs).
    pub same: Option<String>,
    /// The differences.
    pub rows: Vec<InputRow>,
}

/// Comparer's tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareView {
    /// The comparison in a few sentences, as Résultats sums up a replan.
    pub summary: Vec<String>,
    /// When the plans share few establishments ([`sectoria_scenarios::compare::Overlap::warning`]).
    pub warning: Option<String>,
    /// What the runs were given differently.
    pub inputs: Inputs,
    /// The key figures, the priority categories under « Établissements servis » and the need
    /// covered.
    pub figures: Vec<FigureRow>,
    /// The objective's points (behind a disclosure on the page).
    pub objective: Objective,
    /// The workers whose sector changes.
    pub workers: Vec<WorkerRow>,
    /// Why establishments change worker alone ([`Comparison::worker_alone_note`]).
    pub worker_alone_note: Option<String>,
}

/// How the plans' workers and establishments are named: « Mme Girard (ASS09) » when a plan
/// gives a name, else the id; an establishment by its name, told apart from its homonyms
/// ([`distinct_names`]). Identifiers are free text (« 1 », « 2 »): a name replaces an id
/// only where the view knows an id is meant, never a word of a sentence that equals one.
#[derive(Debug, Default)]
pub struct Names {
    workers: BTreeMap<String, String>,
    ids: BTreeSet<String>,
    establishments: BTreeMap<String, String>,
    /// The establishments as the page shows them ([`distinct_names`]).
    labels: BTreeMap<String, String>,
    /// The locks of A and B, for their rows by name.
    locks: (Locks, Locks),
}

/// What the library writes after a list of workers no longer in plan B
/// ([`EstablishmentChange::describe`], [`Comparison::worker_alone_note`]), one worker or more.
const NO_LONGER_IN_B: [&str; 2] =
    [" n'est plus dans les assistants du plan B", " ne sont plus dans les assistants du plan B"];

impl Names {
    /// The names of plans `a` and `b` (A's first).
    pub fn of(a: &Plan, b: &Plan) -> Names {
        let mut names = Names { locks: (a.scenario.locks.clone(), b.scenario.locks.clone()), ..Names::default() };
        let mut communes = BTreeMap::new();
        for plan in [b, a] {
            for w in &plan.workers {
                names.ids.insert(w.id.clone());
                if let Some(name) = w.name.as_deref().filter(|n| !n.trim().is_empty()) {
                    names.workers.insert(w.id.clone(), format!("{} ({})", name.trim(), w.id));
                }
            }
            for e in &plan.establishments {
                names.establishments.insert(e.uai.clone(), e.name.clone());
                communes.insert(e.uai.as_str(), e.commune.as_str());
            }
        }
        names.labels = distinct_names(
            names.establishments.iter().map(|(uai, name)| (uai.as_str(), name.as_str(), communes[uai.as_str()])),
        );
        names
    }

    /// « Mme Girard (ASS09) », or `id`.
    pub fn worker(&self, id: &str) -> String {
        self.workers.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    /// The establishment's name, with its commune when another has the same name
    /// (« Collège Jean Moulin (Perpignan) »), or its UAI.
    pub fn establishment(&self, uai: &str) -> String {
        self.labels.get(uai).cloned().unwrap_or_else(|| uai.to_string())
    }

    /// « Collège Paul Cézanne (0312698P) », or the UAI.
    fn establishment_and_uai(&self, uai: &str) -> String {
        match self.establishments.get(uai) {
            Some(name) => format!("{name} ({uai})"),
            None => uai.to_string(),
        }
    }

    /// The locks' rows of A and B as [`sectoria_scenarios::compare::InputDifferences`] gives
    /// them, each establishment and worker by name, by key.
    fn lock_rows(&self) -> BTreeMap<String, (String, String)> {
        let (uai, worker) = (|u: &str| self.establishment_and_uai(u), |w: &str| self.worker(w));
        sectoria_scenarios::compare::lock_differences(&self.locks.0, &self.locks.1, &uai, &worker)
            .into_iter()
            .map(|(key, a, b)| (key, (a, b)))
            .collect()
    }

    /// `text` (an establishment's evolution, the note on the changes of worker alone) with its
    /// list of workers no longer in plan B by name: « change d'assistant : Mme Girard (ASS05)
    /// n'est plus dans les assistants du plan B ». Nothing else of the text changes (« 2
    /// changements… » stays, whatever the ids); neither does a list that is not only the plans'
    /// workers.
    pub fn in_text(&self, text: &str) -> String {
        let Some(end) = NO_LONGER_IN_B.iter().find_map(|p| text.find(p)) else { return text.to_string() };
        let head = &text[..end];
        // The list follows « … : » or « 2 parce que ».
        let start = [": ", "parce que "].iter().filter_map(|m| head.rfind(m).map(|i| i + m.len())).max().unwrap_or(0);
        let (first, last) = match head[start..].rsplit_once(" et ") {
            Some((first, last)) => (first.split(", ").collect::<Vec<_>>(), Some(last)),
            None => (vec![&head[start..]], None),
        };
        if !first.iter().chain(&last).all(|id| self.ids.contains(*id)) {
            return text.to_string();
        }
        let first = first.iter().map(|id| self.worker(id)).collect::<Vec<_>>().join(", ");
        let list = match last {
            Some(last) => format!("{first} et {}", self.worker(last)),
            None => first,
        };
        format!("{}{list}{}", &text[..start], &text[end..])
    }
}

/// Each establishment's name as the page shows it, by UAI, from `(uai, name, commune)`: the
/// name alone when no other establishment has it; with its commune when another has
/// (« Collège Jean Moulin (Perpignan) »); with its commune and its UAI when another of the same
/// commune has it too (« Collège Jean Moulin (Perpignan, 0660049V) »). Names and communes are
/// compared without case or surrounding spaces. app.js's `establishmentNames` follows the same rule.
pub fn distinct_names<'a>(list: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> BTreeMap<String, String> {
    let list: Vec<_> = list.into_iter().collect();
    let key = |s: &str| s.trim().to_lowercase();
    let mut named: BTreeMap<String, usize> = BTreeMap::new();
    let mut placed: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (_, name, commune) in &list {
        *named.entry(key(name)).or_default() += 1;
        *placed.entry((key(name), key(commune))).or_default() += 1;
    }
    list.iter()
        .map(|&(uai, name, commune)| {
            let (key_name, name) = (key(name), name.trim());
            let label = if named[&key_name] < 2 {
                name.to_string()
            } else if commune.trim().is_empty() {
                format!("{name} ({uai})")
            } else if placed[&(key_name, key(commune))] < 2 {
                format!("{name} ({})", commune.trim())
            } else {
                format!("{name} ({}, {uai})", commune.trim())
            };
            (uai.to_string(), label)
        })
        .collect()
}

/// « +2 », « -0,4 », « 0 ».
fn signed(x: f64, y: f64, decimals: usize) -> String {
    let d = difference_shown(x, y, decimals);
    if d > 0.0 {
        format!("+{}", readable(d, decimals))
    } else {
        readable(d, decimals)
    }
}

fn figure(i: &Indicator) -> FigureRow {
    FigureRow {
        code: i.code.to_string(),
        label: i.label.to_string(),
        a: i.readable(i.before),
        b: i.readable(i.after),
        difference: i.signed_difference(),
        note: i.note.clone(),
        detail: false,
    }
}

/// The priority categories of either plan: establishments served (« 6 sur 21 ») and need
/// covered (%).
fn category_rows(c: &Comparison) -> (Vec<FigureRow>, Vec<FigureRow>) {
    let present = c.categories.iter().filter(|x| x.establishments_before > 0 || x.establishments_after > 0);
    let served = present
        .clone()
        .map(|x| FigureRow {
            code: format!("category:{}:served", x.category.code()),
            label: format!("{} : établissements servis", x.category.label()),
            a: format!("{} sur {}", x.served_before, x.establishments_before),
            b: format!("{} sur {}", x.served_after, x.establishments_after),
            difference: signed(x.served_before as f64, x.served_after as f64, 0),
            note: None,
            detail: true,
        })
        .collect();
    let need = present
        .map(|x| {
            let (a, b) = (100.0 * x.need_covered_before, 100.0 * x.need_covered_after);
            FigureRow {
                code: format!("category:{}:need", x.category.code()),
                label: format!("{} : besoin couvert (%)", x.category.label()),
                a: readable(a, 1),
                b: readable(b, 1),
                difference: signed(a, b, 1),
                note: None,
                detail: true,
            }
        })
        .collect();
    (served, need)
}

/// The key figures in the library's order, each priority category's establishments served
/// under « Établissements servis » and its need covered after the last « besoin couvert » row.
fn figures(c: &Comparison) -> Vec<FigureRow> {
    let (served, need) = category_rows(c);
    let key = c.key_figures();
    let last_need = key.iter().rposition(|i| i.code.starts_with("need_covered"));
    let mut rows = Vec::new();
    let (mut served, mut need) = (Some(served), Some(need));
    for (n, i) in key.iter().enumerate() {
        rows.push(figure(i));
        if i.code == "establishments_served" {
            rows.extend(served.take().into_iter().flatten());
        }
        if Some(n) == last_need {
            rows.extend(need.take().into_iter().flatten());
        }
    }
    rows.extend(served.into_iter().flatten());
    rows.extend(need.into_iter().flatten());
    rows
}

/// The objective's terms, in the terminal's order and words.
const TERMS: [(&str, &str); 5] = [
    ("service_value", "Valeur de service"),
    ("travel_cost", "Coût des trajets"),
    ("stability_cost", "Coût de stabilité"),
    ("fragmentation_cost", "Coût de fragmentation"),
    ("total", "Objectif total"),
];

fn objective(c: &Comparison) -> Objective {
    let (a, b) = (&c.objective_before, &c.objective_after);
    let rows = TERMS
        .iter()
        .map(|&(code, label)| {
            let (x, y) = match code {
                "service_value" => (a.service_value, b.service_value),
                "travel_cost" => (a.travel_cost, b.travel_cost),
                "stability_cost" => (a.stability_cost, b.stability_cost),
                "fragmentation_cost" => (a.fragmentation_cost, b.fragmentation_cost),
                _ => (a.total, b.total),
            };
            TermRow {
                code,
                label,
                a: readable(x, 1),
                b: readable(y, 1),
                difference: signed(x, y, 1),
                comparable: c.term_comparable(code),
            }
        })
        .collect();
    Objective { note: c.objective_note(), rows }
}

fn inputs(c: &Comparison, names: &Names) -> Inputs {
    let d = &c.inputs;
    let same = d.is_empty().then(|| {
        if d.recorded {
            "Données et scénario : les mêmes pour A et B (les différences viennent du solveur seul).".to_string()
        } else {
            "Scénario : le même pour A et B ; empreintes des fichiers non enregistrées dans un des plans.".to_string()
        }
    });
    let files = d.files.iter().map(|(name, how)| InputRow {
        label: format!("fichier {name}"),
        key: None,
        a: String::new(),
        b: how.clone(),
    });
    // The locks by the names of their establishments and workers.
    let locks = names.lock_rows();
    let settings = d.settings.iter().map(|(key, x, y)| {
        let (a, b) = locks.get(key).cloned().unwrap_or_else(|| (x.clone(), y.clone()));
        InputRow { label: sectoria_report::labels::label(key).unwrap_or(key).to_string(), key: Some(key.clone()), a, b }
    });
    Inputs { same, rows: files.chain(settings).collect() }
}

fn workers(c: &Comparison, names: &Names) -> Vec<WorkerRow> {
    let named = |list: &[String], other: &[String]| -> Vec<String> {
        list.iter().filter(|u| !other.contains(u)).map(|u| names.establishment(u)).collect()
    };
    c.workers
        .iter()
        .filter(|w| w.is_changed())
        .map(|w| WorkerRow {
            id: w.id.clone(),
            label: names.worker(&w.id),
            units_a: w.units_before,
            units_b: w.units_after,
            km_a: readable(w.km_before, 0),
            km_b: readable(w.km_after, 0),
            km_difference: signed(w.km_before, w.km_after, 0),
            gains: named(&w.sector_after, &w.sector_before),
            losses: named(&w.sector_before, &w.sector_after),
        })
        .collect()
}

/// The first `n` names, then how many more (« A, B et 4 autres »).
fn some_names(list: &[String], n: usize) -> String {
    let shown = list.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    match list.len().saturating_sub(n) {
        0 => shown,
        1 => format!("{shown} et 1 autre"),
        more => format!("{shown} et {more} autres"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n >= 2 { many } else { one })
}

/// The comparison in a few plain sentences: establishments served, those that gain or lose a
/// presence (by name, told apart from their homonyms), those whose time or worker alone changes,
/// and each priority category whose establishments served change.
fn summary(c: &Comparison, establishments: &Names) -> Vec<String> {
    let (x, y) = (c.headline_before.establishments_served, c.headline_after.establishments_served);
    let trend = match y.cmp(&x) {
        std::cmp::Ordering::Greater => format!("+{}", y - x),
        std::cmp::Ordering::Less => format!("-{}", x - y),
        std::cmp::Ordering::Equal => "aucun changement".to_string(),
    };
    let mut lines = vec![format!("Établissements servis : {x} dans A, {y} dans B ({trend}).")];
    let changes: Vec<&EstablishmentChange> = c.changed_establishments().collect();
    let names = |f: &dyn Fn(&EstablishmentChange) -> bool| -> Vec<String> {
        changes.iter().filter(|e| f(e)).map(|e| establishments.establishment(&e.uai)).collect()
    };
    let gains = names(&|e| e.units_before == 0 && e.units_after > 0);
    let losses = names(&|e| e.units_before > 0 && e.units_after == 0);
    if !gains.is_empty() {
        let verb = plural(gains.len(), "établissement gagne une présence", "établissements gagnent une présence");
        lines.push(format!("{verb} : {}.", some_names(&gains, 6)));
    }
    if !losses.is_empty() {
        let verb = plural(losses.len(), "établissement perd sa présence", "établissements perdent leur présence");
        lines.push(format!("{verb} : {}.", some_names(&losses, 6)));
    }
    let timed = changes
        .iter()
        .filter(|e| {
            !e.only_worker_changes() && e.units_before > 0 && e.units_after > 0 && e.units_before != e.units_after
        })
        .count();
    if timed > 0 {
        let verb = plural(timed, "établissement change de temps", "établissements changent de temps");
        lines.push(format!("{verb} (plus ou moins de demi-journées)."));
    }
    let alone = c.worker_alone_changes().count();
    if alone > 0 {
        let verb = plural(alone, "établissement change", "établissements changent");
        lines.push(format!("{verb} d'assistant seulement, à temps égal."));
    }
    for x in c.categories.iter().filter(|x| x.served_before != x.served_after) {
        lines.push(format!(
            "{} : {} sur {} servis dans A, {} sur {} dans B.",
            x.category.label(),
            x.served_before,
            x.establishments_before,
            x.served_after,
            x.establishments_after
        ));
    }
    if changes.is_empty() {
        lines.push(
            "Aucun établissement ne change : les deux plans servent les mêmes établissements, avec le même temps."
                .into(),
        );
    }
    lines
}

/// Comparer's tables of the comparison `c` of plans `a` and `b`.
pub fn view(c: &Comparison, names: &Names) -> CompareView {
    CompareView {
        summary: summary(c, names),
        warning: c.overlap().warning(),
        inputs: inputs(c, names),
        figures: figures(c),
        objective: objective(c),
        workers: workers(c, names),
        worker_alone_note: c.worker_alone_note.as_deref().map(|n| names.in_text(n)),
    }
}

/// « Mme Girard (ASS09) · 3 demi-journées », or « non servi ».
pub fn served(names: &Names, workers: &[String], units: u32) -> String {
    if units == 0 {
        return "non servi".to_string();
    }
    let who: Vec<String> = workers.iter().map(|w| names.worker(w)).collect();
    format!("{} · {units} demi-journée{}", who.join(", "), if units >= 2 { "s" } else { "" })
}

/// Whether an establishment's change is a gain of time, a loss, or neither (another worker
/// alone, or absent from a plan without a presence in the other) — the map's colours.
pub fn trend(e: &EstablishmentChange) -> &'static str {
    match e.evolution {
        Evolution::Gains | Evolution::More => "gain",
        Evolution::OnlyInB if e.units_after > 0 => "gain",
        Evolution::Loses | Evolution::Less => "loss",
        Evolution::OnlyInA if e.units_before > 0 => "loss",
        Evolution::OnlyInB | Evolution::OnlyInA | Evolution::OtherWorker | Evolution::Unchanged => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::scenario::LockedPair;
    use sectoria_core::test_support::small_plan;

    /// A plan against a copy where its first served establishment loses its presence: the
    /// figures come with their categories, the objective apart, the worker by name.
    #[test]
    fn a_lost_presence_reads_as_rows_with_names() {
        let a = small_plan();
        let mut b = a.clone();
        for w in &mut b.workers {
            w.name = Some("Mme Girard".into());
        }
        let lost = b.establishments.iter().position(|e| e.allocated_units > 0).expect("a served establishment");
        b.establishments[lost].allocated_units = 0;
        b.establishments[lost].workers.clear();
        b.kpis.establishments_served -= 1;
        let c = sectoria_scenarios::compare(&a, &b);
        let names = Names::of(&a, &b);
        let v = view(&c, &names);
        let row = v.figures.iter().find(|r| r.code == "establishments_served").expect("row");
        assert_eq!(row.difference, "-1", "{row:?}");
        assert!(!row.detail);
        assert!(v.figures.iter().any(|r| r.detail && r.code.ends_with(":served")), "{:?}", v.figures);
        assert_eq!(v.objective.rows.last().map(|r| r.label), Some("Objectif total"));
        assert!(v.summary[0].starts_with("Établissements servis : "), "{:?}", v.summary);
        let name = &a.establishments[lost].name;
        assert!(
            v.summary.iter().any(|l| l.contains("perd sa présence") && l.contains(name.as_str())),
            "{:?}",
            v.summary
        );
        let id = &a.workers[0].id;
        assert_eq!(names.worker(id), format!("Mme Girard ({id})"));
        assert_eq!(served(&names, std::slice::from_ref(id), 3), format!("Mme Girard ({id}) · 3 demi-journées"));
        assert_eq!(served(&names, &[], 0), "non servi");
        let uai = &a.establishments[lost].uai;
        let mut locked = b.clone();
        locked.scenario.locks.assign = vec![LockedPair { uai: uai.clone(), worker: id.clone(), fte: None }];
        let v = view(&sectoria_scenarios::compare(&a, &locked), &Names::of(&a, &locked));
        let row = v.inputs.rows.iter().find(|r| r.key.as_deref() == Some("locks.assign")).expect("the lock");
        assert_eq!(
            (row.a.as_str(), row.b.clone()),
            ("0 verrou", format!("1 verrou (en plus : {name} ({uai}) → Mme Girard ({id}))"))
        );
    }

    /// A name alone when it is its own; with the commune when another establishment has it
    /// (case and spaces aside); with the UAI too when that commune has it twice, or has none.
    #[test]
    fn homonyms_are_told_apart_by_commune_then_uai() {
        let names = distinct_names([
            ("0660049V", "Collège Jean Moulin", "Perpignan"),
            ("0660480N", "Collège Jean Moulin ", "Arles-sur-Tech"),
            ("0660001A", "collège jean moulin", "Perpignan"),
            ("0660002B", "Collège Jean Moulin", ""),
            ("0660522J", "Collège Marcel Pagnol", "Perpignan"),
        ]);
        assert_eq!(names["0660049V"], "Collège Jean Moulin (Perpignan, 0660049V)");
        assert_eq!(names["0660480N"], "Collège Jean Moulin (Arles-sur-Tech)");
        assert_eq!(names["0660001A"], "collège jean moulin (Perpignan, 0660001A)");
        assert_eq!(names["0660002B"], "Collège Jean Moulin (0660002B)");
        assert_eq!(names["0660522J"], "Collège Marcel Pagnol");
    }

    /// The plan's workers renamed « 1 », « 2 »…, Mme Xn by name; the copy `b` without worker
    /// « 1 », its establishments given to « 2 ».
    fn numbered() -> (Plan, Plan) {
        let mut a = small_plan();
        let ids: Vec<String> = a.workers.iter().map(|w| w.id.clone()).collect();
        let number = |id: &mut String| *id = (ids.iter().position(|x| x == id).expect("a worker") + 1).to_string();
        for (n, w) in a.workers.iter_mut().enumerate() {
            number(&mut w.id);
            w.name = Some(format!("Mme X{}", n + 1));
        }
        for e in &mut a.establishments {
            e.workers.iter_mut().for_each(|w| number(&mut w.worker));
        }
        let mut b = a.clone();
        b.workers.retain(|w| w.id != "1");
        for e in &mut b.establishments {
            e.workers.iter_mut().filter(|w| w.worker == "1").for_each(|w| w.worker = "2".into());
        }
        (a, b)
    }

    /// Ids « 1 », « 2 »: a count (« 1 verrou », « 2 changements ») is never taken for a worker;
    /// the locks and the workers who left are named where the view knows an id is meant.
    #[test]
    fn numeric_ids_are_named_only_where_an_id_is_meant() {
        let (a, mut b) = numbered();
        let uai = a.establishments.iter().find(|e| !e.workers.is_empty()).expect("served").uai.clone();
        b.scenario.locks.assign = vec![LockedPair { uai: uai.clone(), worker: "2".into(), fte: None }];
        b.scenario.locks.serve = vec![uai.clone()];
        let names = Names::of(&a, &b);
        let c = sectoria_scenarios::compare(&a, &b);
        let v = view(&c, &names);
        let name = &a.establishments.iter().find(|e| e.uai == uai).expect("it").name;
        let row = |key: &str| v.inputs.rows.iter().find(|r| r.key.as_deref() == Some(key)).expect(key).clone();
        let lock = row("locks.assign");
        assert_eq!(
            (lock.a.as_str(), lock.b.clone()),
            ("0 verrou", format!("1 verrou (en plus : {name} ({uai}) → Mme X2 (2))"))
        );
        assert_eq!(row("locks.serve").b, format!("1 présence exigée (en plus : {name} ({uai}))"));
        // The establishments of « 1 » change worker alone: forced by its departure.
        let change = c.worker_alone_changes().next().expect("a change of worker alone");
        assert_eq!(
            names.in_text(&change.describe()),
            "change d'assistant : Mme X1 (1) n'est plus dans les assistants du plan B"
        );
        let note = v.worker_alone_note.clone().expect("a note");
        let count = c.worker_alone_changes().count();
        assert!(note.starts_with(&format!("{count} changement")), "{note}");
        assert!(note.contains(" : Mme X1 (1) n'est plus dans les assistants du plan B"), "{note}");
        // A list that names other things than the plans' workers stays as it is.
        let text = "2 parce que 1 et 9 ne sont plus dans les assistants du plan B";
        assert_eq!(names.in_text(text), text);
        assert_eq!(names.in_text("1 verrou (en plus : 2)"), "1 verrou (en plus : 2)");
        assert_eq!(
            names.in_text("3 changements : 2 parce que 1 et 2 ne sont plus dans les assistants du plan B ; pour l'autre, 1"),
            "3 changements : 2 parce que Mme X1 (1) et Mme X2 (2) ne sont plus dans les assistants du plan B ; pour l'autre, 1"
        );
    }
}
