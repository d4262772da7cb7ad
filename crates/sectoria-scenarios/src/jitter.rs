//! Robustness to weights (`sectoria sweep --jitter 0.2 --samples N --seed S`): `N` scenarios
//! drawn from the base one, every `[priorities]` bonus multiplied by its own factor uniform in
//! `[1 − j, 1 + j]`, solved in parallel like a sweep; per establishment, the share of draws in
//! which it is served — the committee sees which decisions hold whatever the exact weights.
//!
//! The draws come from a [`SplitMix64`] generator seeded by `--seed`: the same seed gives the
//! same draws on every machine. The base scenario is solved too, so that each establishment's
//! share can be read against the base plan.

use crate::error::ScenarioError;
use crate::sweep::{run_grid_until, weigh_with_base, Sweep, SweepOutcome, SweepRow};
use crate::vary::GridPoint;
use sectoria_core::{Category, Instance, Kind, Problem, Scenario};
use sectoria_report::frformat::{decimal, CsvWriter};

/// The jittered keys, in the order of the factors (and of the columns of the draws' table).
pub const BONUS_KEYS: [&str; 6] = [
    "priorities.rep_plus",
    "priorities.rep",
    "priorities.rural_disadvantaged",
    "priorities.internat",
    "priorities.egpa_ulis_relais_upe2a",
    "priorities.lycee_pro",
];

/// Most draws one run may ask for.
pub const MAX_SAMPLES: usize = 100_000;

/// The splitmix64 generator (Steele, Lea and Flood, 2014): tiny, fast, and the same sequence
/// everywhere for a given seed.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number uniform in `[0, 1)` (53 random bits).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// What to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JitterSpec {
    /// Relative half-width `j` of the factors: each is uniform in `[1 − j, 1 + j]`.
    pub jitter: f64,
    /// Number of draws.
    pub samples: usize,
    /// Seed of the generator.
    pub seed: u64,
}

impl JitterSpec {
    /// Checks `0 ≤ j ≤ 1` and `1 ≤ samples ≤` [`MAX_SAMPLES`] (French message otherwise).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if !(self.jitter.is_finite() && (0.0..=1.0).contains(&self.jitter)) {
            return Err(ScenarioError::Jitter(format!(
                "l'amplitude {} doit être comprise entre 0 et 1 (0,2 = chaque poids tiré entre −20 % et +20 %)",
                self.jitter
            )));
        }
        if self.samples == 0 || self.samples > MAX_SAMPLES {
            return Err(ScenarioError::Jitter(format!(
                "le nombre de tirages ({}) doit être compris entre 1 et {MAX_SAMPLES}",
                self.samples
            )));
        }
        Ok(())
    }
}

/// One draw: its factors and the scenario they give.
#[derive(Debug, Clone)]
pub struct Draw {
    /// Index of the draw (0-based).
    pub index: usize,
    /// Factors applied to the bonuses, in the order of [`BONUS_KEYS`].
    pub factors: [f64; 6],
    /// The scenario with the bonuses multiplied (`solver.threads = 1`).
    pub scenario: Scenario,
}

impl Draw {
    /// The drawn bonuses, in the order of [`BONUS_KEYS`].
    pub fn bonuses(&self) -> [f64; 6] {
        let p = &self.scenario.priorities;
        [p.rep_plus, p.rep, p.rural_disadvantaged, p.internat, p.egpa_ulis_relais_upe2a, p.lycee_pro]
    }
}

/// The `spec.samples` draws over `base`, six factors per draw taken in turn from one
/// generator seeded by `spec.seed`.
pub fn draws(base: &Scenario, spec: &JitterSpec) -> Result<Vec<Draw>, ScenarioError> {
    spec.validate()?;
    let mut rng = SplitMix64::new(spec.seed);
    let mut out = Vec::with_capacity(spec.samples);
    for index in 0..spec.samples {
        let mut factors = [1.0; 6];
        for f in &mut factors {
            *f = 1.0 - spec.jitter + 2.0 * spec.jitter * rng.next_f64();
        }
        let mut scenario = base.clone();
        let p = &mut scenario.priorities;
        p.rep_plus *= factors[0];
        p.rep *= factors[1];
        p.rural_disadvantaged *= factors[2];
        p.internat *= factors[3];
        p.egpa_ulis_relais_upe2a *= factors[4];
        p.lycee_pro *= factors[5];
        scenario.solver.threads = 1;
        let problems = scenario.validate();
        if !problems.is_empty() {
            return Err(ScenarioError::InvalidPoint {
                index,
                values: format!("tirage {index}"),
                problems: problems.join(" ; "),
            });
        }
        out.push(Draw { index, factors, scenario });
    }
    Ok(out)
}

/// One establishment across the draws.
#[derive(Debug, Clone, PartialEq)]
pub struct EstablishmentRobustness {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Priority categories, in report order.
    pub categories: Vec<Category>,
    /// Draws in which it is served.
    pub served_draws: usize,
    /// Draws that gave a plan.
    pub solved_draws: usize,
    /// Mean ETP allocated over the draws that gave a plan.
    pub mean_fte: f64,
    /// Whether the base plan serves it (`None` when the base scenario gave no plan).
    pub served_in_base: Option<bool>,
}

impl EstablishmentRobustness {
    /// Share of the solved draws in which it is served (0–1), `None` without any plan.
    pub fn share(&self) -> Option<f64> {
        (self.solved_draws > 0).then(|| self.served_draws as f64 / self.solved_draws as f64)
    }
}

/// Results of a robustness run.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    /// What was drawn.
    pub spec: JitterSpec,
    /// The base scenario's outcome.
    pub base: SweepRow,
    /// One row per draw; its values are the drawn bonuses, keys [`BONUS_KEYS`].
    pub draws: Sweep,
    /// Every establishment in scope, in file order.
    pub establishments: Vec<EstablishmentRobustness>,
}

impl Robustness {
    /// Whether a stop left draws unsolved.
    pub fn stopped(&self) -> bool {
        self.draws.rows.len() < self.spec.samples
    }

    /// Draws that gave a plan.
    pub fn solved(&self) -> usize {
        self.draws.rows.iter().filter(|r| matches!(r.outcome, SweepOutcome::Solved(_))).count()
    }
}

/// Solves the base scenario and the draws of `spec` in parallel on `threads` threads (0 = one
/// per core) with the sweep's runner; `progress` gets the number of scenarios finished, out of
/// `spec.samples + 1`.
pub fn robustness(
    instance: &Instance,
    base: &Scenario,
    spec: &JitterSpec,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Robustness, ScenarioError> {
    robustness_until(instance, base, spec, threads, progress, &|| true)
}

/// [`robustness`], a scenario starting only while `go_on()` answers yes: once it answers no, those
/// under way finish and the figures are those of the draws solved ([`Robustness::stopped`]; each
/// establishment's count of draws says how many).
pub fn robustness_until(
    instance: &Instance,
    base: &Scenario,
    spec: &JitterSpec,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    go_on: &(dyn Fn() -> bool + Sync),
) -> Result<Robustness, ScenarioError> {
    let problem = Problem::new(instance, base)?;
    let unit_fte = problem.unit_fte();
    let drawn = draws(base, spec)?;
    let mut base_scenario = base.clone();
    base_scenario.solver.threads = 1;
    let mut points = vec![GridPoint { index: 0, values: Vec::new(), scenario: base_scenario }];
    points.extend(drawn.iter().map(|d| GridPoint {
        index: d.index,
        values: d.bonuses().to_vec(),
        scenario: d.scenario.clone(),
    }));
    let mut rows = run_grid_until(instance, &points, threads, progress, go_on);
    // The draws' weighted coverages differ by their weights: each also with the base's.
    weigh_with_base(&mut rows, instance, base);
    // The base comes first, the only row without drawn values; a stop can come before it.
    let base_row = match rows.first() {
        Some(r) if r.values.is_empty() => rows.remove(0),
        _ => SweepRow {
            index: 0,
            values: Vec::new(),
            outcome: SweepOutcome::Failed("arrêté avant la résolution du scénario de base".into()),
        },
    };

    let base_served = match &base_row.outcome {
        SweepOutcome::Solved(s) => Some(s.served()),
        _ => None,
    };
    let solved: Vec<_> = rows
        .iter()
        .filter_map(|r| match &r.outcome {
            SweepOutcome::Solved(s) => Some(s.served()),
            _ => None,
        })
        .collect();
    let establishments = problem
        .sites
        .iter()
        .map(|site| {
            let uai = site.uai();
            let units: Vec<u32> = solved.iter().map(|s| s.get(uai).copied().unwrap_or(0)).collect();
            let total: u32 = units.iter().sum();
            EstablishmentRobustness {
                uai: uai.to_string(),
                name: site.establishment.name.clone(),
                kind: site.kind(),
                categories: site.priority.bonuses.iter().map(|b| b.category).collect(),
                served_draws: units.iter().filter(|&&u| u > 0).count(),
                solved_draws: units.len(),
                mean_fte: if units.is_empty() { 0.0 } else { f64::from(total) * unit_fte / units.len() as f64 },
                served_in_base: base_served.as_ref().map(|s| s.get(uai).is_some_and(|&u| u > 0)),
            }
        })
        .collect();
    Ok(Robustness {
        spec: *spec,
        base: base_row,
        draws: Sweep { keys: BONUS_KEYS.iter().map(|k| k.to_string()).collect(), rows },
        establishments,
    })
}

/// Header of `robustness.csv`.
pub const HEADER: [&str; 8] = [
    "UAI",
    "Nom",
    "Type",
    "Catégories prioritaires",
    "Servi (% des tirages)",
    "ETP moyen attribué",
    "Servi dans le plan de base",
    "Tirages résolus",
];

/// Renders `robustness.csv`: one row per establishment in scope, French headers, `;`, decimal
/// comma, UTF-8 with BOM. The share is empty when no draw gave a plan; the base column is
/// empty when the base scenario gave none.
pub fn robustness_csv(r: &Robustness) -> String {
    let mut w = CsvWriter::new(&HEADER);
    for e in &r.establishments {
        w.row([
            e.uai.clone(),
            e.name.clone(),
            e.kind.label().to_string(),
            e.categories.iter().map(|c| c.label()).collect::<Vec<_>>().join(", "),
            e.share().map(|s| decimal(100.0 * s, 1)).unwrap_or_default(),
            decimal(e.mean_fte, 2),
            match e.served_in_base {
                Some(true) => "oui".to_string(),
                Some(false) => "non".to_string(),
                None => String::new(),
            },
            e.solved_draws.to_string(),
        ]);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // First outputs of the reference implementation for seed 1234567.
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn the_same_seed_gives_the_same_draws_and_factors_stay_in_bounds() {
        let base = Scenario::default();
        let spec = JitterSpec { jitter: 0.2, samples: 200, seed: 7 };
        let a = draws(&base, &spec).unwrap();
        let b = draws(&base, &spec).unwrap();
        assert_eq!(a.len(), 200);
        assert!(a.iter().zip(&b).all(|(x, y)| x.factors == y.factors && x.bonuses() == y.bonuses()));
        let all: Vec<f64> = a.iter().flat_map(|d| d.factors).collect();
        assert!(all.iter().all(|f| (0.8..=1.2).contains(f)), "{all:?}");
        // The factors spread over the interval and differ between bonuses.
        assert!(all.iter().any(|&f| f < 0.85) && all.iter().any(|&f| f > 1.15));
        assert_ne!(a[0].factors[0], a[0].factors[1]);
        assert!((a[0].bonuses()[0] - 2.0 * a[0].factors[0]).abs() < 1e-12);
        assert!(a.iter().all(|d| d.scenario.solver.threads == 1));
        let other = draws(&base, &JitterSpec { seed: 8, ..spec }).unwrap();
        assert_ne!(a[0].factors, other[0].factors);
        // No jitter, no change.
        let flat = draws(&base, &JitterSpec { jitter: 0.0, samples: 3, seed: 1 }).unwrap();
        assert!(flat.iter().all(|d| d.factors == [1.0; 6]));
    }

    #[test]
    fn out_of_range_options_are_refused_in_french() {
        let base = Scenario::default();
        for spec in [
            JitterSpec { jitter: -0.1, samples: 10, seed: 0 },
            JitterSpec { jitter: 1.5, samples: 10, seed: 0 },
            JitterSpec { jitter: f64::NAN, samples: 10, seed: 0 },
            JitterSpec { jitter: 0.2, samples: 0, seed: 0 },
        ] {
            let e = draws(&base, &spec).unwrap_err().to_string();
            assert!(e.starts_with("--jitter / --samples"), "{e}");
        }
    }
}
