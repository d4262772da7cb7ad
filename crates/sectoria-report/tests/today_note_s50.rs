//! When current.csv leaves workers out, the note beside today's sectors gives the same
//! conditional advice as the plan's warning — complete current.csv if they serve establishments
//! today, new posts are expected — and names them (tester's CLI finding 9, session 50: the note
//! told the analyst to complete the file for an arrival and a return from leave).

use sectoria_core::test_support::small_plan;
use sectoria_core::today::{TodayLine, TodayReport};
use sectoria_core::Plan;
use sectoria_report::today::today_note;

/// The small plan (ASS01, ASS02) with today's sectors describing ASS01 only when `lines`.
fn with_today(undescribed: usize, lines: bool) -> Plan {
    let mut plan = small_plan();
    plan.today = Some(TodayReport {
        objective: plan.objective,
        kpis: plan.kpis.clone(),
        chosen_bases: Vec::new(),
        departed_establishments: 0,
        undescribed_workers: undescribed,
        broken_rules: Vec::new(),
        sectors: lines.then(|| vec![TodayLine { worker: "ASS01".into(), uai: "0310001A".into(), units: 4 }]),
    });
    plan
}

#[test]
fn a_worker_left_out_of_current_csv_may_be_a_new_post_as_the_warning_says() {
    let note = today_note(&with_today(1, true)).expect("a note");
    assert!(
        note.starts_with(
            "Attention : current.csv ne décrit pas les secteurs de 1 assistant sur 2 (ASS02) ; il y compte pour aucun \
             établissement, ce qui minore les secteurs actuels. S'il a aujourd'hui des établissements, ajoutez-les à \
             current.csv avant de comparer ces secteurs au plan ; s'il s'agit d'un poste nouveau, c'est attendu : les \
             secteurs actuels sont ceux de l'équipe d'aujourd'hui, sans lui. Secteurs actuels : ceux de current.csv"
        ),
        "{note}"
    );
    assert!(!note.contains("complétez current.csv"), "{note}");
}

#[test]
fn several_workers_left_out_take_the_plural_and_plans_without_lines_name_no_one() {
    let note = today_note(&with_today(2, false)).expect("a note");
    assert!(
        note.starts_with(
            "Attention : current.csv ne décrit pas les secteurs de 2 assistants sur 2 ; ils y comptent pour aucun \
             établissement, ce qui minore les secteurs actuels. S'ils ont aujourd'hui des établissements, ajoutez-les \
             à current.csv avant de comparer ces secteurs au plan ; s'il s'agit de postes nouveaux, c'est attendu"
        ),
        "{note}"
    );
}
