//! Varied keys (`--vary budget.total_fte=20:30:0.5`) and the grid of scenarios they span.
//!
//! A key is a dotted path into the scenario file (`section.key`). It is set by serialising the
//! [`Scenario`] to a TOML value, setting the path and deserialising back, so every numeric key
//! of the scenario can vary and an unknown key is refused exactly like in `scenario.toml`.
//!
//! The grid is the Cartesian product of the specifications, the first one outermost (the last
//! one varies fastest, like nested loops); scenario `n` of the grid is always the same
//! scenario, whatever the shard.

use crate::error::ScenarioError;
use sectoria_core::Scenario;
use toml::Value;

/// Most scenarios one specification may give.
pub const MAX_VALUES: usize = 10_000;

/// One varied key and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct VarySpec {
    /// Dotted path of the key (`budget.total_fte`).
    pub key: String,
    /// Values, in increasing order.
    pub values: Vec<f64>,
}

fn number(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Rounds away the floating-point noise of `start + j × step`.
fn clean(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

impl VarySpec {
    /// Parses `key=start:end:step` (end included when it falls on the grid) or `key=value`.
    /// Decimal point or comma.
    pub fn parse(spec: &str) -> Result<VarySpec, ScenarioError> {
        let err = |message: String| ScenarioError::Vary { spec: spec.to_string(), message };
        let Some((key, range)) = spec.split_once('=') else {
            return Err(err("attendu clé=début:fin:pas, par exemple budget.total_fte=20:30:0.5".into()));
        };
        let key = key.trim();
        if key.is_empty() || key.split('.').any(str::is_empty) {
            return Err(err("la clé doit être un chemin section.clé, par exemple budget.total_fte".into()));
        }
        let parts: Vec<&str> = range.split(':').collect();
        let nums: Vec<Option<f64>> = parts.iter().map(|p| number(p)).collect();
        let values = match nums.as_slice() {
            [Some(v)] => vec![*v],
            [Some(start), Some(end), Some(step)] => {
                if *step <= 0.0 {
                    return Err(err("le pas doit être strictement positif".into()));
                }
                if end < start {
                    return Err(err(format!("la fin ({end}) est avant le début ({start})")));
                }
                let n = ((end - start) / step + 1e-9).floor() + 1.0;
                if n > MAX_VALUES as f64 {
                    return Err(err(format!("{n} valeurs : au plus {MAX_VALUES} ; augmentez le pas")));
                }
                (0..n as usize).map(|j| clean(start + j as f64 * step)).collect()
            }
            _ => {
                return Err(err(format!(
                    "« {range} » n'est pas de la forme début:fin:pas (nombres), par exemple 20:30:0.5"
                )))
            }
        };
        Ok(VarySpec { key: key.to_string(), values })
    }
}

/// Sets the numeric key `key` (dotted path) of `scenario` to `value`. Errors (French) name an
/// unknown section or key with the valid ones and the nearest (as the scenario reader's `E120`
/// does: « vouliez-vous dire « total_fte » ? »), or a key that is not a number.
pub fn set_key(scenario: &Scenario, key: &str, value: f64) -> Result<Scenario, String> {
    let mut root = Value::try_from(scenario).map_err(|e| format!("scénario non sérialisable ({e})"))?;
    let path: Vec<&str> = key.split('.').collect();
    let (leaf, sections) = path.split_last().ok_or_else(|| "clé vide".to_string())?;
    let mut table = root.as_table_mut().ok_or_else(|| "scénario non sérialisable".to_string())?;
    let mut walked = String::new();
    for s in sections {
        walked = if walked.is_empty() { s.to_string() } else { format!("{walked}.{s}") };
        // An unknown section is made here, to be refused below with the valid ones.
        table = match table.entry(s.to_string()).or_insert_with(|| Value::Table(Default::default())) {
            Value::Table(t) => t,
            _ => return Err(format!("« {walked} » est une clé, pas une section : écrivez section.clé")),
        };
    }
    let new = match table.get(*leaf) {
        Some(Value::Integer(_)) => {
            if value.fract() != 0.0 || value < 0.0 || value > i64::MAX as f64 {
                return Err(format!("« {key} » est un nombre entier positif ; {value} ne convient pas"));
            }
            Value::Integer(value as i64)
        }
        Some(Value::Float(_)) | None => Value::Float(value),
        Some(other) => {
            return Err(format!(
                "« {key} » n'est pas une valeur numérique (c'est un {}) ; seules les clés numériques peuvent varier",
                other.type_str()
            ))
        }
    };
    table.insert(leaf.to_string(), new);
    root.clone().try_into::<Scenario>().map_err(|_| {
        let section = if sections.is_empty() { "racine".to_string() } else { sections.join(".") };
        unknown_key(&root, &format!("clé « {leaf} » inconnue dans [{section}]"))
    })
}

/// Why `root` (a scenario with a key set) is not a scenario: the scenario reader's words for an
/// unknown section, or `unknown` for an unknown key, followed by the valid ones and the nearest
/// (« vouliez-vous dire « total_fte » ? clés valides dans la section [budget] : … »).
fn unknown_key(root: &Value, unknown: &str) -> String {
    let read = toml::to_string(root).map(|text| sectoria_io::scenario_from_str(&text, "--vary"));
    if let Ok(Err(e)) = read {
        if let Some(p) = e.problems().iter().find(|p| p.code == "E120") {
            let what = if p.message.starts_with("section") { p.message.as_str() } else { unknown };
            return format!("{what} ; {}", p.fix.trim_end_matches('.'));
        }
    }
    unknown.to_string()
}

/// One scenario of the grid.
#[derive(Debug, Clone)]
pub struct GridPoint {
    /// Index in the grid (0-based).
    pub index: usize,
    /// The varied values, in the order of the specifications.
    pub values: Vec<f64>,
    /// The derived scenario (`solver.threads = 1`).
    pub scenario: Scenario,
}

/// `key = value, …` for messages.
pub fn describe(specs: &[VarySpec], values: &[f64]) -> String {
    specs.iter().zip(values).map(|(s, v)| format!("{} = {v}", s.key)).collect::<Vec<_>>().join(", ")
}

/// The grid spanned by `specs` over `base`, every scenario validated, each with one solver
/// thread (parallelism is across scenarios). A key given twice is refused.
pub fn grid(base: &Scenario, specs: &[VarySpec]) -> Result<Vec<GridPoint>, ScenarioError> {
    for (n, s) in specs.iter().enumerate() {
        if specs[..n].iter().any(|t| t.key == s.key) {
            return Err(ScenarioError::Vary {
                spec: s.key.clone(),
                message: "clé donnée deux fois ; réunissez ses valeurs dans une seule spécification".into(),
            });
        }
        // Refuse unknown keys once, before building the grid.
        if let Some(&v) = s.values.first() {
            set_key(base, &s.key, v).map_err(|message| ScenarioError::Vary { spec: s.key.clone(), message })?;
        }
    }
    let total: usize = specs.iter().map(|s| s.values.len()).product();
    let mut points = Vec::with_capacity(total);
    for index in 0..total {
        let mut rest = index;
        let mut values = vec![0.0; specs.len()];
        for (d, s) in specs.iter().enumerate().rev() {
            values[d] = s.values[rest % s.values.len()];
            rest /= s.values.len();
        }
        let mut scenario = base.clone();
        for (s, &v) in specs.iter().zip(&values) {
            scenario = set_key(&scenario, &s.key, v)
                .map_err(|message| ScenarioError::Vary { spec: s.key.clone(), message })?;
        }
        scenario.solver.threads = 1;
        let problems = scenario.validate();
        if !problems.is_empty() {
            return Err(ScenarioError::InvalidPoint {
                index,
                values: describe(specs, &values),
                problems: problems.join(" ; "),
            });
        }
        points.push(GridPoint { index, values, scenario });
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_include_their_end_and_have_no_noise() {
        let s = VarySpec::parse("budget.total_fte=20:30:0.5").unwrap();
        assert_eq!(s.values.len(), 21);
        assert_eq!(s.values[1], 20.5);
        assert_eq!(s.values[20], 30.0);
        let s = VarySpec::parse("priorities.rep_plus=0,1:0,3:0,1").unwrap();
        assert_eq!(s.values, vec![0.1, 0.2, 0.3]);
        assert_eq!(VarySpec::parse("travel.weight_per_km=0.5").unwrap().values, vec![0.5]);
    }

    #[test]
    fn malformed_specs_are_refused_in_french() {
        for bad in ["budget.total_fte", "budget.total_fte=20:30", "=1:2:1", "a.b=3:1:1", "a.b=1:2:0", "a.b=x"] {
            let e = VarySpec::parse(bad).unwrap_err().to_string();
            assert!(e.starts_with("--vary"), "{e}");
        }
    }

    #[test]
    fn any_numeric_key_can_be_set_and_unknown_keys_are_named() {
        let base = Scenario::default();
        let s = set_key(&base, "budget.total_fte", 25.0).unwrap();
        assert_eq!(s.budget.total_fte, Some(25.0));
        let s = set_key(&base, "rules.max_establishments_per_worker", 5.0).unwrap();
        assert_eq!(s.rules.max_establishments_per_worker, 5);
        let s = set_key(&base, "travel.max_weekly_km", 400.0).unwrap();
        assert_eq!(s.travel.max_weekly_km, Some(400.0));
        let e = set_key(&base, "budget.total_ftee", 25.0).unwrap_err();
        assert!(e.contains("clé « total_ftee » inconnue dans [budget]") && e.contains("unit_fte"), "{e}");
        let e = set_key(&base, "budjet.total_fte", 25.0).unwrap_err();
        assert!(e.contains("section inconnue [budjet]") && e.contains("vouliez-vous dire [budget] ?"), "{e}");
        let e = set_key(&base, "rules.rep_plus_schools_follow_college", 1.0).unwrap_err();
        assert!(e.contains("n'est pas une valeur numérique"), "{e}");
        let e = set_key(&base, "rules.max_establishments_per_worker", 2.5).unwrap_err();
        assert!(e.contains("entier"), "{e}");
    }

    /// `--vary budget.totalfte=…` on a scenario without `total_fte` (the demo's): the valid keys
    /// of [budget] listed, `total_fte` among them, and suggested — not only the keys the file sets.
    #[test]
    fn a_mistyped_key_lists_the_section_s_valid_keys_and_suggests_the_nearest() {
        let base = Scenario::default();
        assert_eq!(base.budget.total_fte, None);
        let e = set_key(&base, "budget.totalfte", 16.0).unwrap_err();
        assert!(e.contains("vouliez-vous dire « total_fte » ?"), "{e}");
        assert!(e.contains("clés valides dans la section [budget] : total_fte, reserve_fte, unit_fte"), "{e}");
        let e = set_key(&base, "priorities.rep_pluss", 1.0).unwrap_err();
        assert!(e.contains("vouliez-vous dire « rep_plus » ?"), "{e}");
        let e = set_key(&base, "budget.unit_fte.x", 1.0).unwrap_err();
        assert!(e.contains("pas une section"), "{e}");
    }

    /// « Que donnerait un poste de plus ? deux ? » : `budget.extra_posts` varies by whole posts,
    /// and a half post or more than a hundred are refused.
    #[test]
    fn extra_posts_vary_by_whole_posts() {
        let base = Scenario::default();
        let points = grid(&base, &[VarySpec::parse("budget.extra_posts=0:3:1").unwrap()]).unwrap();
        let posts: Vec<u32> = points.iter().map(|p| p.scenario.budget.extra_posts).collect();
        assert_eq!(posts, [0, 1, 2, 3]);
        let e = set_key(&base, "budget.extra_posts", 1.5).unwrap_err();
        assert!(e.contains("« budget.extra_posts » est un nombre entier positif"), "{e}");
        let e = grid(&base, &[VarySpec::parse("budget.extra_posts=100:101:1").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("budget.extra_posts") && e.contains("au plus 100"), "{e}");
    }

    #[test]
    fn grid_is_a_cartesian_product_last_key_fastest() {
        let specs =
            [VarySpec::parse("budget.total_fte=1:2:1").unwrap(), VarySpec::parse("priorities.rep=0:2:1").unwrap()];
        let mut base = Scenario::default();
        base.solver.threads = 4;
        let g = grid(&base, &specs).unwrap();
        assert_eq!(g.len(), 6);
        assert_eq!(g[1].values, vec![1.0, 1.0]);
        assert_eq!(g[3].values, vec![2.0, 0.0]);
        assert_eq!(g[5].scenario.budget.total_fte, Some(2.0));
        assert_eq!(g[5].scenario.priorities.rep, 2.0);
        assert!(g.iter().all(|p| p.scenario.solver.threads == 1));
        let bad = [VarySpec::parse("budget.unit_fte=0:0.1:0.1").unwrap()];
        assert!(matches!(grid(&base, &bad), Err(ScenarioError::InvalidPoint { index: 0, .. })));
    }
}
