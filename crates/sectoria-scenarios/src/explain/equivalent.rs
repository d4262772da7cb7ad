//! The reason of an unserved establishment once its counterfactual finds serving it as good as
//! the plan. The reason weighs one exchange at a time (a worker's half-days here against those it
//! would have to give up elsewhere); the counterfactual re-solves the whole plan. When the
//! re-solve finds a plan that serves it within the solver's tolerance of this one (its cost
//! interval contains zero, or it is even better), the reason's lead sentence says so first: the
//! local argument of the detail is not an impossibility, and the committee must not hear it as
//! one (Collège Les Roussillous, Haute-Garonne: « tout leur temps pris… » above a counterfactual
//! 2,6 points better). A served establishment's reason says why it gets no more time, which its
//! counterfactual (taking it out) does not weigh: it stays as it is.

use sectoria_core::counterfactual::{Change, Counterfactual};
use sectoria_core::french::points;
use sectoria_core::reason::{split_lead, DETAIL, LEAD};

/// Whether `c` finds a plan that serves the establishment as good as the plan, within the
/// solver's tolerance: a cost whose proven interval contains zero (a negative cost always does).
fn serving_is_as_good(c: &Counterfactual) -> bool {
    c.change == Change::Serve && c.cost.is_some() && !c.proven
}

/// What the exact calculation finds, worded by the size of the difference when it shows at one
/// decimal: a plan « aussi bon », one that « vaut 2,6 points de plus », or one that serves it
/// « pour 7,9 points de moins seulement » (never « aussi bon … 7,9 points de moins »).
fn found(shown: f64) -> String {
    if shown <= -0.05 {
        format!("un plan qui le sert et vaut {} de plus, dans la tolérance du solveur", points(-shown, 1))
    } else if shown >= 0.05 {
        format!("un plan qui le sert pour {} de moins seulement, dans la tolérance du solveur", points(shown, 1))
    } else {
        "un plan aussi bon qui le sert".to_string()
    }
}

/// `reason` (the plan's, with or without a lead sentence) worded with its counterfactual `c`:
/// unchanged unless `c` finds serving it as good as the plan ([`serving_is_as_good`]); then the
/// lead of the one exchange the detail weighs gives way to what the exact calculation finds.
pub fn worded_with(reason: &str, c: &Counterfactual) -> String {
    let Some(cost) = c.cost.filter(|_| serving_is_as_good(c)) else { return reason.to_string() };
    let (_, detail) = split_lead(reason);
    format!(
        "{LEAD}{EXACT}{} : c'est un choix entre plans équivalents ; le détail n'examine qu'un échange à la \
         fois{DETAIL}{detail}",
        found(cost.shown)
    )
}

/// How the lead of a reason worded by [`worded_with`] starts.
const EXACT: &str = "le calcul exact trouve ";

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::counterfactual::CostInterval;

    fn counterfactual(change: Change, shown: f64, proven: bool) -> Counterfactual {
        Counterfactual {
            change,
            description: String::new(),
            objective: None,
            bound: None,
            cost: Some(CostInterval { shown, low: if proven { 1.0 } else { 0.0 }, high: 9.5 }),
            proven,
            impossible: None,
            differences: Vec::new(),
            moved_workers: Vec::new(),
            km_delta: 0.0,
            text: String::new(),
        }
    }

    /// The reason of Collège Les Roussillous (Haute-Garonne, finding 1 of session 49): its lead
    /// said the nearest workers had their time taken where it counts more, while its
    /// counterfactual found a plan serving it 2,6 points better.
    const ROUSSILLOUS: &str = "En bref : les 3 plus proches des 11 assistants à portée ont tout leur temps pris par des \
                               établissements où une demi-journée compte plus (priorité, besoin, trajet). Détail : temps \
                               des assistants : tous les ETP sont attribués";

    #[test]
    fn an_unserved_establishment_that_an_equally_good_plan_serves_leads_with_it() {
        let r = worded_with(ROUSSILLOUS, &counterfactual(Change::Serve, -2.575, false));
        assert_eq!(
            r,
            "En bref : le calcul exact trouve un plan qui le sert et vaut 2,6 points de plus, dans la tolérance du \
             solveur : c'est un choix entre plans équivalents ; le détail n'examine qu'un échange à la fois. Détail : \
             temps des assistants : tous les ETP sont attribués"
        );
        let r = worded_with(ROUSSILLOUS, &counterfactual(Change::Serve, 7.93, false));
        assert!(r.contains("un plan qui le sert pour 7,9 points de moins seulement, dans la tolérance"), "{r}");
        assert!(!r.contains("aussi bon"), "{r}");
        let (lead, detail) = split_lead(&r);
        assert!(lead.is_some_and(|l| l.starts_with("le calcul exact")) && detail.starts_with("temps des assistants"));
        assert!(worded_with(ROUSSILLOUS, &counterfactual(Change::Serve, 0.01, false))
            .contains("un plan aussi bon qui le sert : "));
    }

    #[test]
    fn a_proven_impossible_or_removing_change_leaves_the_reason_as_it_is() {
        assert_eq!(worded_with(ROUSSILLOUS, &counterfactual(Change::Serve, 12.0, true)), ROUSSILLOUS);
        let mut impossible = counterfactual(Change::Serve, 0.0, false);
        impossible.cost = None;
        assert_eq!(worded_with(ROUSSILLOUS, &impossible), ROUSSILLOUS);
        let served =
            "En bref : servi à 46 % de son besoin : tout le temps va ailleurs. Détail : servi à 46 % du besoin";
        assert_eq!(worded_with(served, &counterfactual(Change::Remove, -1.0, false)), served);
    }
}
