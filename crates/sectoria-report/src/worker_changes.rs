//! « Par rapport aux secteurs actuels »: what each worker keeps, loses and gains against
//! `current.csv` ([`sectoria_core::today::workers`]), in the words every output uses — one line
//! per worker who changes in the terminal summary, one row per establishment that changes in
//! the report and the workbook's « Changements » sheet, each loss with who takes it over or why
//! the establishment is no longer served (its reason's lead sentence).

use sectoria_core::french::counted;
use sectoria_core::today::workers::{worker_changes, Peer, SiteChange, WorkerChange, WorkerChanges};
use sectoria_core::Plan;

/// The section's title in every output.
pub const TITLE: &str = "Par rapport aux secteurs actuels";

/// The workbook's sheet.
pub const SHEET: &str = "Changements";

/// The columns of a change row ([`rows`]), as the workbook heads them.
pub const HEADER: [&str; 8] = [
    "Assistant",
    "Nom",
    "Établissement (UAI)",
    "Nom de l'établissement",
    "Demi-journées aujourd'hui",
    "Demi-journées dans le plan",
    "Changement",
    "Au profit de qui, de qui, ou pourquoi",
];

/// One establishment that changes in a worker's sector.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// The worker.
    pub worker: &'a WorkerChange,
    /// The establishment.
    pub site: &'a SiteChange,
    /// « perd », « gagne », « moins de temps », « plus de temps ».
    pub change: &'static str,
    /// Who takes it over, whom it comes from, or why nobody serves it any more.
    pub detail: String,
}

/// « ASS14 (Claire B.) ».
pub fn worker_label(w: &WorkerChange) -> String {
    w.name.as_ref().map_or_else(|| w.worker.clone(), |n| format!("{} ({n})", w.worker))
}

/// « ASS13 et ASS16 », a departed worker flagged « (parti) ».
fn names<'a>(peers: impl Iterator<Item = &'a Peer>) -> String {
    let all: Vec<String> =
        peers.map(|p| if p.departed { format!("{} (parti)", p.worker) } else { p.worker.clone() }).collect();
    match all.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
    }
}

/// What happens to `s` beside the worker's change: who takes its half-days over, whom its new
/// half-days come from, or, with `why`, the lead sentence of the reason nobody does.
fn detail(s: &SiteChange, why: bool) -> String {
    let still = || names(s.others.iter().filter(|p| p.plan_units > 0));
    let because = |head: String| match (why, &s.why) {
        (true, Some(w)) if head.is_empty() => w.clone(),
        (true, Some(w)) => format!("{head} : {w}"),
        _ => head,
    };
    if s.plan_units < s.today_units {
        let taken = names(s.taken_by());
        if !taken.is_empty() {
            return format!("repris par {taken}");
        }
        let still = still();
        if !still.is_empty() {
            return because(format!("reste servi par {still}"));
        }
        return because(if s.plan_units == 0 { "plus servi".to_string() } else { String::new() });
    }
    let from = names(s.given_by());
    if !from.is_empty() {
        return format!("de {from}");
    }
    let still = still();
    if !still.is_empty() {
        return format!("avec {still}");
    }
    if s.is_gained() {
        "nouvellement servi".to_string()
    } else {
        String::new()
    }
}

fn change(s: &SiteChange) -> Option<&'static str> {
    match (s.today_units, s.plan_units) {
        (t, p) if t == p => None,
        (_, 0) => Some("perd"),
        (0, _) => Some("gagne"),
        (t, p) if p < t => Some("moins de temps"),
        _ => Some("plus de temps"),
    }
}

/// Every establishment that changes, worker by worker in the plan's order, losses first.
pub fn rows(c: &WorkerChanges) -> Vec<Row<'_>> {
    let order = ["perd", "moins de temps", "gagne", "plus de temps"];
    let mut out = Vec::new();
    for w in &c.workers {
        let mut mine: Vec<Row> = w
            .sites
            .iter()
            .filter_map(|s| change(s).map(|change| Row { worker: w, site: s, change, detail: detail(s, true) }))
            .collect();
        mine.sort_by_key(|r| order.iter().position(|o| *o == r.change));
        out.extend(mine);
    }
    out
}

/// « 8 → 0 demi-journées ».
pub fn units_phrase(w: &WorkerChange) -> String {
    format!("{} → {}", w.today_units(), sectoria_core::french::half_days(w.plan_units()))
}

/// « ASS21 (Léa T.), absent de current.csv (arrivée, retour ou poste ajouté) », for a worker
/// `current.csv` does not describe.
pub fn absent_phrase(w: &WorkerChange) -> String {
    format!("{}, absent de current.csv (arrivée, retour ou poste ajouté)", worker_label(w))
}

/// The workers whose sector is today's, and the departed workers' sentence: what the per-worker
/// lines leave out, for the end of every output.
pub fn closing(c: &WorkerChanges) -> Vec<String> {
    let unchanged: Vec<&str> = c.workers.iter().filter(|w| w.unchanged()).map(|w| w.worker.as_str()).collect();
    let mut out = Vec::new();
    if !unchanged.is_empty() {
        out.push(format!("Inchangés : {}", unchanged.join(", ")));
    }
    if !c.departed.is_empty() {
        let (who, theirs) =
            if c.departed.len() >= 2 { ("Assistants partis", "leurs") } else { ("Assistant parti", "ses") };
        out.push(format!(
            "{who} ({}) : {theirs} établissements, et qui les reprend, sont dans la ligne « Continuité »",
            c.departed.join(", ")
        ));
    }
    out
}

/// One worker's terminal line: « ASS14 (Claire B.) : 8 → 0 demi-journées ; perd 0340070S
/// (2 → 0, plus servi), 0340021N (2 → 0, repris par ASS13) ; garde 1 établissement à
/// l'identique ».
fn worker_line(w: &WorkerChange) -> String {
    let who = if w.described { worker_label(w) } else { absent_phrase(w) };
    let mut parts = vec![format!("{who} : {}", units_phrase(w))];
    for kind in ["perd", "moins de temps à", "gagne", "plus de temps à"] {
        let items: Vec<String> = w
            .sites
            .iter()
            .filter(|s| change(s).is_some_and(|c| kind.starts_with(c)))
            .map(|s| {
                let d = detail(s, false);
                let d = if d.is_empty() { String::new() } else { format!(", {d}") };
                format!("{} ({} → {}{d})", s.uai, s.today_units, s.plan_units)
            })
            .collect();
        if !items.is_empty() {
            parts.push(format!("{kind} {}", items.join(", ")));
        }
    }
    let kept = w.sites.iter().filter(|s| s.today_units > 0 && s.today_units == s.plan_units).count();
    if kept > 0 {
        parts.push(format!("garde {} à l'identique", counted(kept as u64, "établissement")));
    }
    parts.join(" ; ")
}

/// The terminal summary's section: a head line, one line per worker who changes, then
/// [`closing`] and where the reasons are; `None` without today's sectors line by line.
pub fn summary_lines(plan: &Plan) -> Option<Vec<String>> {
    let c = worker_changes(plan)?;
    let mut out = vec![format!("{TITLE} (demi-journées aujourd'hui → dans le plan) :")];
    out.extend(c.workers.iter().filter(|w| !w.unchanged()).map(|w| format!("  {}", worker_line(w))));
    out.extend(closing(&c).into_iter().map(|l| format!("  {l}")));
    if !rows(&c).is_empty() {
        out.push(format!(
            "  Pourquoi chaque établissement perdu l'est : report.html (« {TITLE} ») et plan.xlsx (feuille « {SHEET} »)"
        ));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(worker: &str, today_units: u32, plan_units: u32, departed: bool) -> Peer {
        Peer { worker: worker.into(), today_units, plan_units, departed }
    }

    fn site(uai: &str, today_units: u32, plan_units: u32, others: Vec<Peer>, why: Option<&str>) -> SiteChange {
        SiteChange {
            uai: uai.into(),
            name: format!("Collège {uai}"),
            today_units,
            plan_units,
            others,
            why: why.map(Into::into),
        }
    }

    /// Each change says who takes over, whom it comes from, or why nobody does.
    #[test]
    fn each_change_says_to_whom_from_whom_or_why() {
        let why = Some("tout le budget va ailleurs");
        assert_eq!(detail(&site("A", 2, 0, vec![], why), true), "plus servi : tout le budget va ailleurs");
        assert_eq!(detail(&site("A", 2, 0, vec![], why), false), "plus servi");
        assert_eq!(detail(&site("A", 2, 0, vec![peer("ASS13", 0, 2, false)], None), true), "repris par ASS13");
        assert_eq!(
            detail(&site("A", 2, 0, vec![peer("ASS05", 2, 2, false)], why), true),
            "reste servi par ASS05 : tout le budget va ailleurs"
        );
        assert_eq!(detail(&site("A", 4, 2, vec![], why), true), "tout le budget va ailleurs");
        assert_eq!(detail(&site("A", 0, 2, vec![peer("ASS08", 2, 0, true)], None), true), "de ASS08 (parti)");
        assert_eq!(detail(&site("A", 0, 2, vec![], None), true), "nouvellement servi");
        assert_eq!(detail(&site("A", 0, 2, vec![peer("ASS05", 2, 2, false)], None), true), "avec ASS05");
    }

    /// One line per worker who changes, losses first; the unchanged named together; the
    /// departed referred to the continuity line.
    #[test]
    fn the_terminal_says_one_line_per_worker_who_changes() {
        let changed = WorkerChange {
            worker: "ASS14".into(),
            name: Some("Claire B.".into()),
            described: true,
            sites: vec![
                site("A", 2, 0, vec![], Some("tout le budget va ailleurs")),
                site("B", 2, 0, vec![peer("ASS13", 0, 2, false)], None),
                site("C", 0, 2, vec![peer("ASS08", 2, 0, true)], None),
                site("D", 4, 4, vec![], None),
            ],
        };
        let same = WorkerChange {
            worker: "ASS01".into(),
            name: None,
            described: true,
            sites: vec![site("E", 3, 3, vec![], None)],
        };
        assert_eq!(
            worker_line(&changed),
            "ASS14 (Claire B.) : 8 → 6 demi-journées ; perd A (2 → 0, plus servi), B (2 → 0, repris par ASS13) ; gagne C \
             (0 → 2, de ASS08 (parti)) ; garde 1 établissement à l'identique"
        );
        let c = WorkerChanges { workers: vec![changed, same], departed: vec!["ASS08".into()] };
        assert_eq!(
            closing(&c),
            [
                "Inchangés : ASS01",
                "Assistant parti (ASS08) : ses établissements, et qui les reprend, sont dans la ligne « Continuité »"
            ]
        );
        assert_eq!(rows(&c).iter().map(|r| r.change).collect::<Vec<_>>(), ["perd", "perd", "gagne"]);
    }
}
