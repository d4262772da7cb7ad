//! Today's sectors beside the plan and the rule of thumb (`plan.today`,
//! [`sectoria_core::today`]): the column « Secteurs actuels » of the summary, the report and the
//! workbook, the sentence that says what the plan changes against them (the figures it loses on
//! as plainly as those it wins on, as against the rule of thumb), and the note that says how
//! they were measured and which rules of this year's scenario they break.

use crate::trade::{plan_label, sentence, trades};
use sectoria_core::french::counted;
use sectoria_core::kpi::GroupCoverage;
use sectoria_core::{Kpis, Plan};

/// Name of today's sectors' column in every French output.
pub const TODAY_LABEL: &str = "Secteurs actuels";

/// Residences named in the note before counting the others.
const NAMED: usize = 6;

/// The part `code` (`colleges` or `ecoles`, [`crate::levels::Level::code`]) of `k`'s REP+
/// split, for today's column beside the plan's and the rule of thumb's.
pub fn level<'a>(k: &'a Kpis, code: &str) -> Option<&'a GroupCoverage> {
    crate::levels::split(k).map(|s| if code == "ecoles" { &s.ecoles } else { &s.colleges })
}

/// « Face aux secteurs actuels, le plan optimisé : 6 établissements servis de moins (…), mais
/// 9 points de besoin couvert en plus dans les établissements prioritaires. »; `None` without
/// today's sectors.
pub fn today_trade_sentence(plan: &Plan) -> Option<String> {
    // With workers current.csv leaves out, today's figures are understated: no sentence of gains
    // the plan did not earn (the note says why).
    let today = plan.today.as_ref().filter(|t| t.undescribed_workers == 0)?;
    let head = format!("Face aux {}, le {}", TODAY_LABEL.to_lowercase(), plan_label(plan).to_lowercase());
    Some(sentence(&trades(&plan.kpis, &today.kpis), &head, &format!("aux {}", TODAY_LABEL.to_lowercase())))
}

/// How today's sectors were measured (workers who have left, residences chosen) and each rule of
/// this year's scenario they break, so that the comparison is read honestly; `None` without
/// today's sectors.
pub fn today_note(plan: &Plan) -> Option<String> {
    let today = plan.today.as_ref()?;
    let mut text = String::new();
    if today.undescribed_workers > 0 {
        text += &undescribed(plan, today);
    }
    text += "Secteurs actuels : ceux de current.csv, mesurés avec les besoins, les poids et les règles de ce scénario";
    if today.departed_establishments > 0 {
        text += &format!(
            ", hors assistants partis ({} : leur temps n'y est pas compté)",
            counted(today.departed_establishments as u64, "établissement")
        );
    }
    if !today.chosen_bases.is_empty() {
        let named: Vec<String> = today
            .chosen_bases
            .iter()
            .take(NAMED)
            .map(|b| {
                let why = if b.among_its_own {
                    ""
                } else {
                    " (aucun de ses établissements actuels n'est un collège ou un lycée)"
                };
                format!("{} à {}{why}", b.worker, b.uai)
            })
            .collect();
        let more = today.chosen_bases.len().saturating_sub(NAMED);
        let more = if more > 0 { format!(" et {}", counted(more as u64, "autre")) } else { String::new() };
        text += &format!(
            " ; les assistants sans résidence fixe sont placés à celui de leurs établissements actuels (collège ou \
             lycée) qui leur donne le moins de km : {}{more}",
            named.join(", ")
        );
    }
    text.push('.');
    if !today.broken_rules.is_empty() {
        text += &format!(
            " La répartition actuelle ne respecte pas toutes les règles de ce scénario : {} ; la comparaison se fait \
             donc avec des secteurs que ce scénario interdit.",
            today.broken_rules.join(" ; ")
        );
    }
    Some(text)
}

/// The workers current.csv leaves out (named when the plan has today's sectors line by line),
/// with the same conditional advice as the plan's warning: complete current.csv if they serve
/// establishments today; new posts are expected.
fn undescribed(plan: &Plan, today: &sectoria_core::today::TodayReport) -> String {
    let staff: Vec<&str> = plan.workers.iter().filter(|w| !w.generated).map(|w| w.id.as_str()).collect();
    let n = today.undescribed_workers;
    let named = today.sectors.as_ref().map_or(String::new(), |lines| {
        let absent: Vec<&str> =
            staff.iter().copied().filter(|id| !lines.iter().any(|l| l.worker == *id)).take(NAMED).collect();
        let more = n.saturating_sub(absent.len());
        let more = if more > 0 { format!(" et {}", counted(more as u64, "autre")) } else { String::new() };
        format!(" ({}{more})", absent.join(", "))
    });
    let (they, advice) = if n >= 2 {
        (
            "ils y comptent",
            "S'ils ont aujourd'hui des établissements, ajoutez-les à current.csv avant de comparer ces secteurs au \
             plan ; s'il s'agit de postes nouveaux, c'est attendu : les secteurs actuels sont ceux de l'équipe \
             d'aujourd'hui, sans eux.",
        )
    } else {
        (
            "il y compte",
            "S'il a aujourd'hui des établissements, ajoutez-les à current.csv avant de comparer ces secteurs au plan ; \
             s'il s'agit d'un poste nouveau, c'est attendu : les secteurs actuels sont ceux de l'équipe d'aujourd'hui, \
             sans lui.",
        )
    };
    format!(
        "Attention : current.csv ne décrit pas les secteurs de {} sur {}{named} ; {they} pour aucun établissement, \
         ce qui minore les secteurs actuels. {advice} ",
        counted(n as u64, "assistant"),
        staff.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::today::{TodayBase, TodayReport};

    fn with_today() -> Plan {
        let mut plan = sectoria_core::test_support::small_plan();
        plan.today = Some(TodayReport {
            objective: plan.objective,
            kpis: plan.kpis.clone(),
            chosen_bases: Vec::new(),
            departed_establishments: 0,
            undescribed_workers: 0,
            broken_rules: Vec::new(),
            sectors: None,
        });
        plan
    }

    /// The sentence names what the plan loses against today's sectors before what it wins.
    #[test]
    fn the_sentence_says_losses_then_gains() {
        let mut plan = with_today();
        assert_eq!(
            today_trade_sentence(&plan).expect("today"),
            "Face aux secteurs actuels, le plan optimisé est égal aux secteurs actuels sur ces indicateurs."
        );
        let today = plan.today.as_mut().expect("today");
        today.kpis.establishments_served += 3;
        today.kpis.km_total += 120.0;
        assert_eq!(
            today_trade_sentence(&plan).expect("today"),
            "Face aux secteurs actuels, le plan optimisé : 3 établissements servis de moins, mais 120 km de moins par \
             semaine."
        );
        plan.today = None;
        assert!(today_trade_sentence(&plan).is_none() && today_note(&plan).is_none());
    }

    /// The note says the departed workers' establishments, the residences chosen and the rules
    /// broken.
    #[test]
    fn the_note_says_how_today_was_measured_and_what_it_breaks() {
        let mut plan = with_today();
        assert_eq!(
            today_note(&plan).expect("today"),
            "Secteurs actuels : ceux de current.csv, mesurés avec les besoins, les poids et les règles de ce scénario."
        );
        let today = plan.today.as_mut().expect("today");
        today.departed_establishments = 2;
        today.chosen_bases = vec![
            TodayBase { worker: "ASS05".into(), uai: "0310003C".into(), among_its_own: true },
            TodayBase { worker: "ASS06".into(), uai: "0310001A".into(), among_its_own: false },
        ];
        today.broken_rules = vec!["elle donne à des assistants plus que leur quotité (workers.csv) : ASS01".into()];
        assert_eq!(
            today_note(&plan).expect("today"),
            "Secteurs actuels : ceux de current.csv, mesurés avec les besoins, les poids et les règles de ce scénario, \
             hors assistants partis (2 établissements : leur temps n'y est pas compté) ; les assistants sans résidence \
             fixe sont placés à celui de leurs établissements actuels (collège ou lycée) qui leur donne le moins de km \
             : ASS05 à 0310003C, ASS06 à 0310001A (aucun de ses établissements actuels n'est un collège ou un lycée). \
             La répartition actuelle ne respecte pas toutes les règles de ce scénario : elle donne à des assistants plus que leur quotité (workers.csv) : \
             ASS01 ; la comparaison se fait donc avec des secteurs que ce scénario interdit."
        );
    }
}
