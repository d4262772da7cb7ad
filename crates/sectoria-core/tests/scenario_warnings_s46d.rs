//! Scenario values the rules accept but that plan something other than what they say (session
//! 46's web test, item 12): told in the plan's warnings, with what is planned instead.

use sectoria_core::test_support::small_instance;
use sectoria_core::{Problem, Scenario};

fn warnings(scenario: &Scenario) -> Vec<String> {
    match Problem::new(&small_instance(), scenario) {
        Ok(p) => p.warnings,
        Err(e) => panic!("refused: {e}"),
    }
}

/// « Présence minimale » 0,25 was planned as 3 half-days (0,3 ETP) without a word.
#[test]
fn a_minimum_presence_between_two_units_says_what_is_planned() {
    let mut s = Scenario::default();
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
    s.rules.min_presence_fte = 0.25;
    let w = warnings(&s);
    let said: Vec<&String> = w.iter().filter(|w| w.starts_with("rules.min_presence_fte")).collect();
    assert_eq!(
        said,
        vec![
            "rules.min_presence_fte = 0,25 n'est pas un multiple de l'unité d'attribution (budget.unit_fte = 0,1 ETP) : \
             un établissement du second degré servi l'est pendant 3 demi-journées (0,3 ETP) au moins. Écrivez ce \
             multiple pour que le scénario dise ce qui est planifié."
        ],
        "{w:?}"
    );
    // Rounded down when nearer: the figure said is the one planned.
    s.rules.min_presence_fte = 0.22;
    s.rules.min_presence_ecole_fte = 0.35;
    s.budget.unit_fte = 0.1;
    let w = s.warnings();
    assert!(w[0].contains("pendant 2 demi-journées (0,2 ETP)"), "{w:?}");
    assert!(w[1].starts_with("rules.min_presence_ecole_fte = 0,35") && w[1].contains("une école REP+"), "{w:?}");
    // In another unit, units of it.
    s.budget.unit_fte = 0.25;
    s.rules.min_presence_fte = 0.6;
    s.rules.min_presence_ecole_fte = 0.25;
    assert_eq!(s.warnings().len(), 1);
    assert!(s.warnings()[0].contains("pendant 2 unités de 0,25 ETP (0,5 ETP)"), "{:?}", s.warnings());
    // Multiples of the unit, floating-point noise included: nothing to say.
    s.budget.unit_fte = 0.1;
    s.rules.min_presence_fte = 0.3;
    s.rules.min_presence_ecole_fte = 0.7;
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
}

/// « Plafond de km par semaine » 0 forbids every trip (the demo served 25 of 121 establishments).
#[test]
fn a_weekly_km_cap_of_zero_is_told_to_forbid_every_trip() {
    let mut s = Scenario::default();
    s.travel.max_weekly_km = Some(0.0);
    let w = warnings(&s);
    assert!(
        w.iter()
            .any(|w| w.starts_with("travel.max_weekly_km = 0 interdit tout trajet") && w.contains("retirez la clé")),
        "{w:?}"
    );
    s.travel.max_weekly_km = Some(400.0);
    assert!(s.warnings().is_empty());
}
