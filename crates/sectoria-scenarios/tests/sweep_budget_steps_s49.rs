//! Session 49 (Aveyron, `--vary budget.total_fte=6.6:9.6:0.5`): at 7,1, 8,1 and 9,1 ETP a 0,1 ETP
//! post that can serve nothing was created and « Message » was empty; from 8,6 to 9,1 ETP two
//! collèges left the plan and the weighted coverage fell, and « Au pas de budget précédent » said
//! nothing because the count served was unchanged.

use sectoria_core::test_support::small_instance;
use sectoria_core::Scenario;
use sectoria_scenarios::sweep::{EstablishmentRow, SolvedRow, Sweep, SweepOutcome, SweepRow};
use sectoria_scenarios::sweep_csv::{row_notes, BUDGET_KEY};
use sectoria_scenarios::{sweep, sweep_csv, VarySpec};

/// A budget of 1,1 ETP without workers.csv: POSTE01 (1 ETP) and POSTE02 (0,1 ETP), below the
/// minimum presence of 0,2 ETP. The row says so; 1 ETP does not.
#[test]
fn a_budget_part_below_the_minimum_presence_is_said_in_the_message() {
    let mut instance = small_instance();
    instance.workers.clear();
    let mut base = Scenario::default();
    base.rules.must_cover.clear();
    base.budget.total_fte = Some(1.0);
    let specs = [VarySpec::parse("budget.total_fte=1:1.1:0.1").unwrap()];
    let result = sweep(&instance, &base, &specs, None, 1, &|_| {}).unwrap();
    let messages: Vec<&str> = result
        .rows
        .iter()
        .map(|r| match &r.outcome {
            SweepOutcome::Solved(s) => s.message.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        messages,
        [
            "",
            "0,1 ETP de budget forment un poste (POSTE02) qui ne peut servir aucun établissement (moins que la \
             présence minimale, 0,2 ETP)"
        ]
    );
}

/// A solved row at budget `b` serving `served` (UAI, name) with its objective, tolerance and
/// weighted coverage.
fn row(index: usize, b: f64, objective: f64, tolerance: f64, coverage: f64, served: &[&str]) -> SweepRow {
    let all = ["0120002M", "0121295T", "0120019F", "0120020G"];
    let names = ["Collège Voltaire", "Collège de la Viadène", "Collège Célestin Sourèzes", "Collège Lucie Aubrac"];
    let establishments = all
        .iter()
        .zip(names)
        .map(|(uai, name)| EstablishmentRow {
            uai: uai.to_string(),
            name: name.to_string(),
            kind: sectoria_core::Kind::College,
            reason: None,
            units: if served.contains(uai) { 2 } else { 0 },
            fte: 0.0,
        })
        .collect();
    SweepRow {
        index,
        values: vec![b],
        outcome: SweepOutcome::Solved(SolvedRow {
            status: sectoria_core::SolveStatus::Optimal,
            relative_gap: 0.0,
            objective,
            tolerance,
            weighted_coverage: coverage,
            coverage: Vec::new(),
            fte_used: b.floor(),
            km_total: 0.0,
            establishments,
            need_covered: (0.5, 0.5),
            rule: Default::default(),
            message: String::new(),
            base_weighted_coverage: None,
        }),
    }
}

fn note(csv: &str, index: usize) -> String {
    row_notes(csv).into_iter().find(|n| n.0 == index).map(|n| n.1).unwrap_or_default()
}

/// Two establishments swapped for two others at an unchanged count, and a lower weighted
/// coverage: both said, the establishments named, and why — the solver's tolerance left open
/// when the plan is not proven optimal (on Aveyron it was that: at `relative_gap = 0` the 9,1 ETP
/// plan keeps Voltaire and la Viadène and serves 31), the time serving more elsewhere when it is.
#[test]
fn a_step_that_loses_establishments_or_coverage_names_them_and_says_why() {
    let sweep = Sweep {
        keys: vec![BUDGET_KEY.to_string()],
        rows: vec![
            row(0, 8.6, 11996.9, 5.8, 0.9581, &["0120002M", "0121295T"]),
            row(1, 9.1, 12197.7, 8.065, 0.9560, &["0120019F", "0120020G"]),
            row(2, 9.6, 12561.2, 0.0, 0.9550, &["0120019F"]),
        ],
    };
    let csv = sweep_csv(&sweep);
    assert_eq!(
        note(&csv, 1),
        "2 établissements servis à 8,6 ETP ne le sont plus : Collège Voltaire (0120002M), Collège de la Viadène \
         (0121295T) ; couverture pondérée plus basse qu'à 8,6 ETP (95,81 % → 95,60 %) ; malgré plus de budget : soit \
         une répartition qui les garde vaut moins (le temps sert davantage ailleurs : profondeur contre largeur), soit \
         le solveur s'est arrêté dans sa tolérance (8,1 points du meilleur plan possible) ; pour trancher, relancez ce \
         budget avec [solver] relative_gap = 0"
    );
    assert_eq!(
        note(&csv, 2),
        "1 établissement servi de moins qu'à 9,1 ETP ; 1 établissement servi à 9,1 ETP ne l'est plus : Collège Lucie \
         Aubrac (0120020G) ; couverture pondérée plus basse qu'à 9,1 ETP (95,60 % → 95,50 %) ; malgré plus de budget, \
         plan optimal prouvé : une répartition qui les garde ne vaut pas plus, le temps sert davantage ailleurs \
         (profondeur contre largeur)"
    );
}
