//! An adopted plan becomes today's sectors: its sectors written as the instance's
//! `current.csv` (`worker_id;uai;fte`), the file the stability rules compare the next plans
//! with. The text is read back by the instance's own reader before anything is written, and a
//! `current.csv` already there is kept under a dated name; [`record`] keeps the plan checkable.

pub mod record;

use crate::clock;
use crate::error::Error;
use crate::outputs::write_atomic;
use sectoria_core::worker::is_extra_post;
use sectoria_core::Plan;
use sectoria_io::instance::{load_instance_with_current, Source, CURRENT_FILE, WORKERS_FILE};
use sectoria_report::frformat::CsvWriter;
use std::path::{Path, PathBuf};

/// What [`adopt`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Adopted {
    /// The new `current.csv`.
    pub path: PathBuf,
    /// Where the former `current.csv` was kept, if there was one.
    pub backup: Option<PathBuf>,
    /// Lines written (one per worker and establishment).
    pub lines: usize,
    /// Workers with a sector.
    pub workers: usize,
    /// Workers whose residence the model chose: it is not written to `workers.csv`.
    pub bases_chosen: Vec<String>,
    /// What to set in the scenario for the next plans to keep these sectors, when its
    /// `[stability]` does not ([`continuity_advice`]).
    pub continuity_advice: Option<String>,
    /// What `sectoria check` will do with the plan and this folder now, in a sentence, when it is
    /// not a plain check ([`record::Record::after_adoption`]).
    pub record: Option<String>,
}

/// The advice for a scenario whose `[stability]` lets the next plans move the adopted sectors for
/// nothing: no penalty per half-day changed and no cap on changes. Plans equally good differ in
/// who serves what, and the solver picks any of them (a replan of the same inputs after an
/// adoption moved 70 half-days on Haute-Garonne); `None` when the scenario keeps them.
pub fn continuity_advice(scenario: &sectoria_core::Scenario) -> Option<String> {
    let s = &scenario.stability;
    (s.penalty_per_unit <= 0.0 && s.max_changes.is_none()).then(|| {
        "le scénario n'a ni pénalité de changement (stability.penalty_per_unit = 0) ni plafond de changements : \
         les prochains plans ne chercheront pas à garder ces secteurs et peuvent en déplacer des demi-journées sans \
         rien y gagner ; pour les garder sauf gain réel, mettez une pénalité, par exemple 5 points par demi-journée \
         changée (celle de la démonstration)"
            .to_string()
    })
}

/// The plan's sectors as the text of `current.csv`: one line per worker and establishment it
/// serves, its time in ETP (units × `budget.unit_fte`). Written for French Excel and
/// LibreOffice (BOM, `;`, decimal comma), which the instance's reader reads as well.
///
/// # Errors
/// [`Error::Adopt`] when the plan's posts were generated from the budget: they are no one's
/// sectors yet. The posts of `budget.extra_posts` are written with their ids ([`adopt`] takes
/// them once `workers.csv` has them).
pub fn current_csv(plan: &Plan) -> Result<String, Error> {
    if plan.workers.iter().any(|w| w.generated && !is_extra_post(&w.id, w.generated)) {
        return Err(Error::Adopt(
            "ce plan répartit des postes générés à partir du budget (il a été fait sans workers.csv) : current.csv \
             désigne des assistants de workers.csv ; planifiez avec workers.csv, puis adoptez ce plan"
                .into(),
        ));
    }
    let unit = plan.scenario.budget.unit_fte;
    let mut csv = CsvWriter::new(&["worker_id", "uai", "fte"]);
    for w in &plan.workers {
        for line in w.sector.iter().filter(|l| l.units > 0) {
            let fte = format!("{:.4}", f64::from(line.units) * unit);
            let fte = fte.trim_end_matches('0').trim_end_matches('.').replace('.', ",");
            csv.row([w.id.clone(), line.uai.clone(), fte]);
        }
    }
    Ok(csv.finish())
}

/// The refusal of a plan that gives a sector to posts of `budget.extra_posts` that the
/// instance's `workers.csv` does not have (yet): in `current.csv`, they would read next year as
/// workers who have left. Each is named with what to add to `workers.csv`: its id, its quotité
/// and the residence the plan chose. `None` when there is none.
fn extra_posts_in_plan(plan: &Plan, instance: &sectoria_core::Instance) -> Option<String> {
    let posts: Vec<String> = plan
        .workers
        .iter()
        .filter(|w| is_extra_post(&w.id, w.generated) && w.sector.iter().any(|l| l.units > 0))
        .filter(|w| !instance.workers.iter().any(|k| k.id.eq_ignore_ascii_case(&w.id)))
        .map(|w| {
            let uais: Vec<&str> = w.sector.iter().filter(|l| l.units > 0).map(|l| l.uai.as_str()).collect();
            let base =
                w.base.as_ref().and_then(|b| b.uai.as_deref()).map_or(String::new(), |u| format!(", base_uai {u}"));
            format!("{} (quotité 1{base} ; secteur : {})", w.id, uais.join(", "))
        })
        .collect();
    let (these, as_is, them, left, each) = match posts.len() {
        0 => return None,
        1 => {
            ("ce poste supplémentaire du scénario n'est pas", "adopté tel quel", "le", "un assistant parti", "ce poste")
        }
        _ => (
            "ces postes supplémentaires du scénario ne sont pas",
            "adoptés tels quels",
            "les",
            "des assistants partis",
            "chacun de ces postes",
        ),
    };
    Some(format!(
        "{} : {these} dans {WORKERS_FILE} (`budget.extra_posts`) ; {as_is}, current.csv {them} lirait l'an prochain \
         comme {left}. Ajoutez d'abord à {WORKERS_FILE} {each} avec cet identifiant, cette quotité et cette résidence \
         (et le nom de la personne recrutée, ou un pseudonyme), puis adoptez de nouveau ce plan ; pour les plans \
         suivants, baissez d'autant `budget.extra_posts`",
        posts.join(" ; ")
    ))
}

/// The refusal of a plan that gives a sector to workers no longer in the instance's
/// `workers.csv`, naming each with its establishments; `None` when every worker with a sector
/// is there.
fn departed_in_plan(plan: &Plan, instance: &sectoria_core::Instance) -> Option<String> {
    let gone: Vec<String> = plan
        .workers
        .iter()
        .filter(|w| w.sector.iter().any(|l| l.units > 0) && !instance.workers.iter().any(|k| k.id == w.id))
        .map(|w| {
            let uais: Vec<&str> = w.sector.iter().filter(|l| l.units > 0).map(|l| l.uai.as_str()).collect();
            format!("{} ({})", w.id, uais.join(", "))
        })
        .collect();
    let (who, is, them, sectors) = match gone.as_slice() {
        [] => return None,
        [one] => (one.clone(), "n'est plus", "lui", "le secteur d'un assistant parti"),
        [rest @ .., last] => {
            (format!("{} et {last}", rest.join(", ")), "ne sont plus", "leur", "les secteurs d'assistants partis")
        }
    };
    Some(format!(
        "{who} {is} dans workers.csv, mais ce plan {them} donne ces établissements : l'adopter écrirait dans \
         current.csv {sectors}. Planifiez de nouveau avec l'instance actuelle (le nouveau plan dit qui reprend ces \
         établissements), puis adoptez ce plan-là ; si un assistant est toujours en poste, remettez-le dans \
         workers.csv"
    ))
}

/// Writes `plan`'s sectors as `instance_dir/current.csv`. An existing `current.csv` is
/// replaced only when `replace` is set, and is then kept as `current-AAAAMMJJ-HHMMSS.csv`
/// (UTC; `-2`, `-3`… added when that name is taken) in the same folder.
///
/// # Errors
/// [`Error::Adopt`] when the plan has posts generated from the budget or posts of
/// `budget.extra_posts` not yet in `workers.csv`, when `current.csv` exists and
/// `replace` is not set, when the instance's reader refuses the text (an establishment the
/// instance no longer has: the problems are listed), or when the plan gives a sector to a worker
/// no longer in `workers.csv`; [`Error::Input`] when the
/// instance's files do not load; [`Error::Output`] when a file cannot be written.
pub fn adopt(instance_dir: &Path, plan: &Plan, replace: bool) -> Result<Adopted, Error> {
    let text = current_csv(plan)?;
    // The readers the next plan will use (any encoding a spreadsheet saves in), before anything
    // is written: first the instance's own files, whose problems are theirs, said once each.
    let files = load_instance_with_current(instance_dir, None)?.instance;
    if files.workers.is_empty() {
        return Err(Error::Adopt(format!(
            "{WORKERS_FILE} est absent de {} : current.csv désigne les assistants de ce plan dans {WORKERS_FILE} ; \
             remettez le {WORKERS_FILE} avec lequel le plan a été calculé",
            instance_dir.display()
        )));
    }
    // Then the plan's sectors as the next plan will read them.
    let path = instance_dir.join(CURRENT_FILE);
    let instance = load_instance_with_current(instance_dir, Some(Source { file: &path, bytes: text.as_bytes() }))
        .map_err(|e| {
            Error::Adopt(format!(
                "l'instance ne reconnaît pas ses secteurs (a-t-elle changé depuis le plan ?) ; planifiez de nouveau \
                 avec l'instance actuelle, puis adoptez ce plan :\n{e}"
            ))
        })?
        .instance;
    // The reader takes a worker absent from workers.csv for one who has left: today's facts.
    // A plan that gives such a worker a sector is a plan of another staff, not today's; one that
    // gives it to a post of the scenario, a plan of staff to recruit first.
    if let Some(message) = extra_posts_in_plan(plan, &instance).or_else(|| departed_in_plan(plan, &instance)) {
        return Err(Error::Adopt(message));
    }
    let backup = if path.exists() {
        if !replace {
            return Err(Error::Adopt(format!(
                "{} existe déjà : ajoutez --force pour le remplacer (l'ancien est gardé sous un nom daté)",
                path.display()
            )));
        }
        // Two adoptions within a second keep two files: no backup is written over.
        let stamp = clock::stamp(clock::now_s());
        let backup = (1..)
            .map(|n| {
                instance_dir.join(if n == 1 {
                    format!("current-{stamp}.csv")
                } else {
                    format!("current-{stamp}-{n}.csv")
                })
            })
            .find(|p| !p.exists())
            .expect("an unused name");
        std::fs::copy(&path, &backup).map_err(|cause| Error::Output { path: backup.clone(), cause })?;
        Some(backup)
    } else {
        None
    };
    write_atomic(&path, text.as_bytes())?;
    Ok(Adopted {
        path,
        backup,
        lines: text.lines().count() - 1,
        workers: plan.workers.iter().filter(|w| w.sector.iter().any(|l| l.units > 0)).count(),
        bases_chosen: plan
            .workers
            .iter()
            .filter(|w| w.base.as_ref().is_some_and(|b| b.chosen_by_model))
            .map(|w| w.id.clone())
            .collect(),
        continuity_advice: continuity_advice(&plan.scenario),
        record: record_after(instance_dir, plan),
    })
}

/// What `sectoria check` will do with `plan` and the folder it was just adopted in, when it is
/// not a plain check: verify it with the inputs of its computation, or no longer can; `None`
/// when the plan records no fingerprints, or when the folder's files are those of its
/// computation (a plan adopted again).
fn record_after(instance_dir: &Path, plan: &Plan) -> Option<String> {
    if plan.inputs.is_empty() {
        return None;
    }
    let now = sectoria_io::instance_hashes(instance_dir);
    if let Ok(Some(record)) = record::as_computed(instance_dir, plan, &now) {
        return Some(record.after_adoption());
    }
    let changed: Vec<String> = sectoria_core::check::changed_instance_files(&plan.inputs, &now)
        .into_iter()
        .filter(|name| !name.starts_with(CURRENT_FILE))
        .collect();
    (!changed.is_empty()).then(|| {
        format!(
            "Ce plan ne pourra plus être vérifié avec ce dossier : {} {} changé depuis son calcul ; gardez une copie \
             des fichiers du calcul.",
            changed.join(", "),
            if changed.len() >= 2 { "ont" } else { "a" }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::continuity_advice;
    use sectoria_core::Scenario;

    #[test]
    fn the_advice_comes_only_when_nothing_keeps_the_adopted_sectors() {
        let mut s = Scenario::default();
        assert!(continuity_advice(&s).is_some_and(|a| a.contains("penalty_per_unit = 0")));
        s.stability.penalty_per_unit = 5.0;
        assert!(continuity_advice(&s).is_none());
        s.stability.penalty_per_unit = 0.0;
        s.stability.max_changes = Some(40);
        assert!(continuity_advice(&s).is_none());
    }
}
