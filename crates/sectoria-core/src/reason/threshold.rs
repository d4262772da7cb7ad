//! Why an establishment whose half-day is worth more than the budget's cut-off is still not
//! served (or not given more): the cut-off is the least useful half-day among the served
//! establishments, but the workers who could come here would have to give up their own time,
//! and the reason says so next to the comparison, from the exchanges it then details
//! ([`WorkerRoom::obstacle`]): « une demi-journée ici vaudrait 81,6 points, plus que le seuil des
//! établissements servis (47,3 points par demi-journée (0660634F)), mais les assistants à portée
//! nommés ci-dessous devraient pour cela prendre ce temps là où il rapporte plus (trajets
//! comptés) ».

use super::room::{Obstacle, WorkerRoom};
use super::{dec, Cutoff};
use std::fmt;

/// Who the exchanges are about, as the sentence names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Who {
    /// The workers who serve it (one more half-day is asked).
    Serving,
    /// The head collège's worker, for a REP+ école.
    Head,
    /// Every worker within reach.
    AllWithinReach,
    /// The nearest workers within reach (and the counterfactual's), named below.
    Named,
}

/// « , plus que le seuil des établissements servis (…), mais … »: the comparison of `value` with
/// `cutoff`, and what the exchanges of `workers` say against it (`disproved`: the full re-solve
/// proved that serving it costs points).
pub(super) fn beside_cutoff(
    f: &mut fmt::Formatter<'_>,
    value: f64,
    cutoff: &Cutoff,
    who: Who,
    workers: &[WorkerRoom],
    disproved: bool,
) -> fmt::Result {
    let same = dec(value, 1) == dec(cutoff.value_per_unit, 1);
    write!(f, ", {} le seuil des établissements servis ({cutoff})", if same { "autant que" } else { "plus que" })?;
    let mut obstacles: Vec<Obstacle> = workers.iter().filter_map(WorkerRoom::obstacle).collect();
    obstacles.sort();
    obstacles.dedup();
    if obstacles.is_empty() {
        return Ok(());
    }
    if disproved {
        return write!(f, ", mais la résolution complète prouve que le servir coûte des points (ci-dessous)");
    }
    if obstacles.contains(&Obstacle::Gain) {
        return write!(f, " : un des échanges ci-dessous le servirait sans perte");
    }
    let one = workers.len() == 1;
    let subject = match (who, one) {
        (Who::Serving, true) => "l'assistant qui le sert",
        (Who::Serving, false) => "les assistants qui le servent",
        (Who::Head, _) => "l'assistant de son collège tête de réseau",
        (Who::AllWithinReach, true) => "le seul assistant à portée",
        (Who::AllWithinReach, false) => "les assistants à portée",
        (Who::Named, true) => "l'assistant à portée nommé ci-dessous",
        (Who::Named, false) => "les assistants à portée nommés ci-dessous",
    };
    let what: Vec<&str> = obstacles
        .iter()
        .map(|o| match o {
            Obstacle::Costs => "prendre ce temps là où il rapporte plus (trajets comptés)",
            Obstacle::Continuity => "changer les secteurs actuels pour plus que le gain",
            Obstacle::Cap => "dépasser un plafond",
            Obstacle::Stuck => "déplacer du temps que les règles tiennent",
            Obstacle::Gain => unreachable!("said above"),
        })
        .collect();
    let must = if one || who == Who::Head { "devrait" } else { "devraient" };
    write!(f, ", mais {subject} {must} pour cela {}", what.join(" ou "))
}
