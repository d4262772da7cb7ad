//! Session 50: on the tester's Hérault frontier (stability penalty 5), the point at 69
//! establishments served more, covered more of the weighted need and drove fewer km than the
//! plan retained (63), and nothing said why its objective was lower: a committee concluded that
//! the tool kept a worse plan. The chart, `sectoria frontier` and frontier.csv now say what the
//! plan gains over such a point, term by term.

use sectoria_core::frontier::{Frontier, FrontierPoint, PointCosts};
use sectoria_report::frontier_csv::plan_gains_over_beating_points;

/// A point of the tester's frontier (`/tmp/s50/cli/y2/fr/frontier.csv`, measured again with
/// the objective's terms): served, objective, weighted need covered, km, service value, travel
/// cost, half-days changed (penalty 5 each); one pair per establishment served.
fn point(
    served: usize,
    objective: f64,
    weighted: f64,
    km: f64,
    value: f64,
    travel: f64,
    changed: u32,
) -> FrontierPoint {
    FrontierPoint {
        bonus_per_establishment: 0.0,
        establishments_served: served,
        objective,
        bound_with_bonus: if served == 63 { 34_839.45 } else { 40_000.0 },
        relative_gap: 0.0,
        need_covered: 0.2384,
        weighted_need_covered: weighted,
        km_total: km,
        service_value: value,
        costs: Some(PointCosts {
            travel_cost: travel,
            stability_cost: 5.0 * f64::from(changed),
            changed_units: changed,
            fragmentation_cost: served as f64,
            served_pairs: served,
        }),
        checked: true,
        is_plan: served == 63,
    }
}

fn herault() -> Frontier {
    Frontier {
        method: String::new(),
        points: vec![
            point(63, 34_823.86, 0.2691, 2567.3, 35_877.06, 770.20, 44),
            point(69, 34_726.57, 0.2741, 2406.54, 35_757.53, 721.96, 48),
            // More establishments and need covered, but more km: not beating the plan on every figure.
            point(76, 34_459.33, 0.2784, 2594.8, 35_633.78, 778.45, 64),
            point(92, 32_671.40, 0.2707, 2409.1, 34_166.13, 722.73, 136),
            // Less weighted need covered than the plan.
            point(97, 31_419.75, 0.2672, 2356.1, 32_913.59, 706.84, 138),
        ],
    }
}

#[test]
fn a_point_beating_the_plan_on_every_figure_drawn_is_told_what_the_plan_gains_over_it() {
    let said = plan_gains_over_beating_points(&herault());
    assert_eq!(said.len(), 3, "69 and 92, then why more need covered can be worth less: {said:#?}");
    assert_eq!(
        said[0],
        "Le point à 69 établissements (6 de plus que le plan retenu) couvre plus du besoin pondéré (27,4\u{a0}% contre \
         26,9\u{a0}%) et roule moins (2\u{202f}407 km par semaine contre 2\u{202f}567), mais son objectif est inférieur de \
         97,3 points. Le plan retenu gagne sur lui, terme par terme : valeur de service +119,5 points ; pénalité de \
         stabilité +20,0 points (4 demi-journées changées de moins face aux secteurs actuels) ; fragmentation \
         +6,0 points (6 couples assistant–établissement de moins) ; trajets −48,2 points (161 km de plus par \
         semaine)."
    );
    assert!(said[1].starts_with("Le point à 92 établissements (29 de plus que le plan retenu)"), "{}", said[1]);
    assert!(said[1].contains("pénalité de stabilité +460,0 points (92 demi-journées changées de moins"), "{}", said[1]);
    assert!(
        said[2].starts_with("La valeur de service donne à chaque demi-journée le poids des élèves qu'elle sert"),
        "{}",
        said[2]
    );
}

#[test]
fn nothing_is_said_when_no_point_beats_the_plan_on_every_figure_drawn() {
    let mut f = herault();
    f.points.retain(|p| p.establishments_served != 69 && p.establishments_served != 92);
    assert!(plan_gains_over_beating_points(&f).is_empty());
}

/// Within the plan's tolerance, the point is said to be possibly as good; a plan written before
/// the costs were recorded gives the other terms together.
#[test]
fn a_point_within_the_tolerance_is_said_so_and_an_older_plan_gives_the_other_terms_together() {
    let mut f = herault();
    f.points[1].objective = 34_813.86;
    for p in &mut f.points {
        p.costs = None;
    }
    let said = plan_gains_over_beating_points(&f);
    assert!(
        said[0].contains(
            "inférieur de 10,0 points, dans la tolérance du plan retenu (15,6 points) : le solveur n'a pas prouvé \
             que le plan retenu est meilleur."
        ),
        "{}",
        said[0]
    );
    assert!(
        said[0]
            .ends_with("valeur de service +119,5 points ; trajets, stabilité et fragmentation ensemble −109,5 points."),
        "{}",
        said[0]
    );
}

#[test]
fn the_chart_carries_the_note_under_the_plot() {
    let svg = sectoria_report::html::frontier_svg(&herault());
    let notes: Vec<&str> = svg
        .split("class=\"note-depasse\"")
        .skip(1)
        .filter_map(|t| t.split_once('>').and_then(|(_, t)| t.split('<').next()))
        .collect();
    let text = notes.join(" ");
    assert!(text.contains("Le point à 69 établissements (6 de plus que le plan retenu)"), "{svg}");
    assert!(text.contains("valeur de service +119,5 points"), "{text}");
}

#[test]
fn frontier_csv_has_the_objectives_terms() {
    let csv = sectoria_report::frontier_csv(&herault());
    let lines: Vec<&str> = csv.lines().collect();
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(';').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name}: {header:?}"));
    let row: Vec<&str> = lines[2].split(';').collect();
    assert_eq!(row[column("Établissements servis")], "69");
    assert_eq!(row[column("Valeur de service")], "35757,53");
    assert_eq!(row[column("Coût des trajets (points)")], "721,96");
    assert_eq!(row[column("Pénalité de stabilité (points)")], "240,00");
    assert_eq!(row[column("Demi-journées changées face aux secteurs actuels")], "48");
    assert_eq!(row[column("Coût de fragmentation (points)")], "69,00");
}
