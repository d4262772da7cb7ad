//! The budget's reason counts travel and continuity (tester's session 50, finding 3). Collège du
//! Jaur (Hérault) read « tout le budget va à des établissements où une demi-journée compte plus :
//! au moins 147,3 points, contre 137,2 points ici », while its own worker, idle and based there,
//! could serve it in place of a collège 31 km from its worker for 0,6 point, inside the plan's
//! tolerance of 15,6. Here, in small: J (IPS 78) left out, its worker ASS14 idle and based
//! there, last year's sectors ASS14 → J and ASS13 → F, S; the budget is spent on F and on S,
//! 52 km from ASS13.

use sectoria_core::instance::CurrentAssignment;
use sectoria_core::location::LatLon;
use sectoria_core::reason::{split_lead, Analysis, Binding};
use sectoria_core::test_support::{college, worker};
use sectoria_core::{objective, Assignment, Instance, Problem, Scenario, Solution};

const J: usize = 0;
const F: usize = 1;
const S: usize = 2;

/// The Jaur-like instance: J (300 pupils, IPS 78) where ASS14 (0,2 ETP) is based, F (600
/// pupils) where ASS13 (0,4 ETP) is based, S (600 pupils) 52 km east of F; a budget of 0,4 ETP.
fn instance() -> Instance {
    let mut j = college("0310001J", 300);
    j.ips = Some(78.0);
    j.location = LatLon::new(43.60, 1.00);
    let mut f = college("0310002F", 600);
    f.location = LatLon::new(43.60, 1.44);
    let mut s = college("0310003S", 600);
    s.location = LatLon::new(43.60, 1.94);
    let today = |w: &str, uai: &str| CurrentAssignment { worker_id: w.into(), uai: uai.into(), fte: 0.2 };
    Instance {
        establishments: vec![j, f, s],
        workers: vec![worker("ASS14", 0.2, LatLon::new(43.60, 1.00)), worker("ASS13", 0.4, LatLon::new(43.60, 1.44))],
        current: vec![today("ASS14", "0310001J"), today("ASS13", "0310002F"), today("ASS13", "0310003S")],
        ..Instance::default()
    }
}

fn scenario(penalty: f64) -> Scenario {
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(0.4);
    scenario.stability.penalty_per_unit = penalty;
    scenario
}

fn plan(problem: &Problem, assignments: &[(usize, usize, u32)]) -> Solution {
    let mut s = Solution::empty(problem);
    for &(worker, site, units) in assignments {
        s.assignments.push(Assignment { worker, site, units });
    }
    s.normalise();
    s
}

/// The plan the tester saw: ASS13 on F and S, ASS14 idle, J left out.
fn without_j(problem: &Problem) -> Solution {
    plan(problem, &[(1, F, 2), (1, S, 2)])
}

/// The plan the exact counterfactual finds: ASS14 back on J in place of S.
fn with_j(problem: &Problem) -> Solution {
    plan(problem, &[(0, J, 2), (1, F, 2)])
}

#[test]
fn an_exchange_within_the_tolerance_is_not_called_a_better_use_of_the_budget() {
    let problem = Problem::new(&instance(), &scenario(5.0)).expect("valid");
    let solution = without_j(&problem);
    let analysis = Analysis::new(&problem, &solution, Some(15.6));
    let b = analysis.binding(J).expect("unserved");
    // The budget's rule holds on values alone: 66,8 points here against 100,0 at F and S.
    let Binding::Budget { value_per_unit, cutoff: Some(c), .. } = &b else { panic!("{b:?}") };
    assert!(*value_per_unit < c.value_per_unit - 30.0, "{b:?}");

    // The exchange is counted as the objective counts it: its loss is the difference of the two
    // plans' objectives, travel, fragmentation and continuity included.
    let e = analysis.budget_exchange_given(J, None).expect("an exchange");
    let loss = objective(&problem, &solution).total - objective(&problem, &with_j(&problem)).total;
    assert!((e.loss() - loss).abs() < 1e-6, "{} against {loss}", e.loss());
    assert!(loss > 0.0 && loss < 15.6 && e.within_tolerance(), "{loss}");
    assert_eq!((e.worker.as_str(), e.given_up.clone()), ("ASS14", vec![("0310003S".to_string(), "ASS13".to_string())]));

    let reason = analysis.reason(J).expect("a reason");
    let (lead, detail) = split_lead(&reason);
    let lead = lead.expect("a lead");
    assert_eq!(
        lead,
        format!(
            "tout le budget est pris, mais le servir à la place de 0310003S ne coûterait que {} point{}, trajets et \
             changements comptés : dans la tolérance du plan (15,6 points), un plan aussi bon peut le faire",
            format!("{loss:.1}").replace('.', ","),
            if loss >= 1.95 { "s" } else { "" }
        )
    );
    assert!(lead.chars().count() <= 200 && !lead.contains("compte plus"), "{lead}");
    // The detail still opens with the budget's rule, then weighs the exchange with its figures.
    assert!(
        detail.starts_with("budget : tous les ETP sont attribués ; une demi-journée ici vaut 66,8 points"),
        "{detail}"
    );
    assert!(
        detail.contains(
            "trajets et changements comptés : le servir avec ASS14 (à 0,0 km) rapporterait 66,8 − 0,5 de trajet et de \
             fragmentation + 5,0 de changement évité = 71,3 points par demi-journée, contre 100,0 − "
        ) && detail.contains("+ 5,0 de changement évité = ")
            && detail.contains(" pour chacune des 2 demi-journées rendues au budget (0310003S, ASS13)")
            && detail.contains("dans la tolérance du plan (15,6 points) : un plan aussi bon peut le servir"),
        "{detail}"
    );
}

#[test]
fn an_exchange_beyond_the_tolerance_leads_with_both_net_values() {
    let problem = Problem::new(&instance(), &scenario(5.0)).expect("valid");
    let solution = without_j(&problem);
    let reason = Analysis::new(&problem, &solution, Some(1.0)).reason(J).expect("a reason");
    let (lead, detail) = split_lead(&reason);
    let lead = lead.expect("a lead");
    assert!(
        lead.starts_with(
            "tout le budget va à des établissements où une demi-journée compte plus, trajets et changements compris : \
             en moyenne 100,0 − "
        ) && lead.ends_with(" points, contre 66,8 + 4,5 = 71,3 ici"),
        "{lead}"
    );
    assert!(lead.chars().count() <= 200, "{} characters: {lead}", lead.chars().count());
    assert!(detail.contains(", plus que la tolérance du plan (1,0 point)"), "{detail}");

    // Without a stability penalty, only travel is counted, and said so.
    let problem = Problem::new(&instance(), &scenario(0.0)).expect("valid");
    let solution = without_j(&problem);
    let reason = Analysis::new(&problem, &solution, Some(1.0)).reason(J).expect("a reason");
    let lead = split_lead(&reason).0.expect("a lead");
    assert!(
        lead.contains("compte plus, trajets compris : en moyenne 100,0 − ")
            && lead.contains("contre 66,8 − 0,5 = 66,3 ici"),
        "{lead}"
    );
}

/// Finding 2: its IPS factor raises J's need, and so lowers the value of each of its
/// half-days; the budget's reason says why.
#[test]
fn a_raised_need_is_said_to_lower_the_value_of_a_half_day() {
    let problem = Problem::new(&instance(), &scenario(5.0)).expect("valid");
    let solution = without_j(&problem);
    let reason = Analysis::new(&problem, &solution, Some(15.6)).reason(J).expect("a reason");
    assert!(
        reason.contains(
            "son besoin est relevé par son facteur IPS (1,28) : 3,8 demi-journées au lieu de 3,0 ; la valeur d'un \
             établissement se répartit sur les demi-journées de son besoin, si bien que chacune en couvre ici une plus \
             petite part et vaut moins"
        ),
        "{reason}"
    );
    // An IPS of 100: nothing to say.
    let mut plain = instance();
    plain.establishments[J].ips = Some(100.0);
    let problem = Problem::new(&plain, &scenario(5.0)).expect("valid");
    let solution = without_j(&problem);
    let reason = Analysis::new(&problem, &solution, Some(15.6)).reason(J).expect("a reason");
    assert!(!reason.contains("facteur IPS"), "{reason}");
}

/// A counterfactual that proves serving J dearer than the plan's tolerance: the lead does not
/// say that a plan as good may serve it, whatever the one exchange finds.
#[test]
fn a_proven_dearer_cost_overrides_the_exchange() {
    use sectoria_core::counterfactual::{Change, CostInterval, Counterfactual};
    let problem = Problem::new(&instance(), &scenario(5.0)).expect("valid");
    let solution = without_j(&problem);
    let proof = Counterfactual {
        change: Change::Serve,
        description: String::new(),
        objective: None,
        bound: None,
        cost: Some(CostInterval { shown: 40.0, low: 30.0, high: 45.0 }),
        proven: true,
        impossible: None,
        differences: Vec::new(),
        moved_workers: Vec::new(),
        km_delta: 0.0,
        text: String::new(),
    };
    let reason = Analysis::new(&problem, &solution, Some(15.6)).reason_given(J, Some(&proof)).expect("a reason");
    let (lead, detail) = split_lead(&reason);
    let lead = lead.expect("a lead");
    assert!(
        lead.starts_with("tout le budget est pris ; estimé seul, l'échange avec 0310003S ne coûterait que 3,6 points, mais la résolution complète prouve que le servir coûte 40,0 points"),
        "{lead}"
    );
    assert!(!reason.contains("un plan aussi bon"), "{reason}");
    assert!(detail.contains("la résolution complète, elle, prouve que le servir coûte 40,0 points"), "{detail}");
}

/// Served below its need, one more half-day: the lead says so, with both net values, and stays
/// short.
#[test]
fn one_more_half_day_is_weighed_the_same_way() {
    let mut more = instance();
    more.workers[0].fte = 0.4;
    let mut scenario = scenario(5.0);
    scenario.budget.total_fte = Some(0.6);
    let problem = Problem::new(&more, &scenario).expect("valid");
    let solution = plan(&problem, &[(0, J, 2), (1, F, 2), (1, S, 2)]);
    let analysis = Analysis::new(&problem, &solution, Some(1.0));
    assert!(matches!(analysis.binding(J), Some(Binding::Budget { served: true, .. })), "{:?}", analysis.binding(J));
    let reason = analysis.reason(J).expect("below its need");
    let (lead, detail) = split_lead(&reason);
    let lead = lead.expect("a lead");
    assert!(
        lead.starts_with(
            "servi à 52 % de son besoin : tout le budget va à des établissements où une demi-journée compte plus, trajets \
             et changements compris : en moyenne "
        ) && lead.ends_with(" pour une de plus ici")
            && lead.chars().count() <= 200,
        "{lead}"
    );
    assert!(detail.contains("lui donner une demi-journée de plus avec ASS14 (à 0,0 km) rapporterait "), "{detail}");
}
