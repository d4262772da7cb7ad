//! The scenario (`scenario.toml`, `schema = 1`): every tunable of the model, with its default.
//!
//! Every default lives here and nowhere else; `data/demo/scenario.toml` documents each key.
//! Unknown keys are errors (`deny_unknown_fields`).

use crate::kind::{Category, Kind};
use serde::{Deserialize, Serialize};

/// A complete scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be 1.
    pub schema: u32,
    /// ETP budget.
    #[serde(default)]
    pub budget: Budget,
    /// Which establishments are planned.
    #[serde(default)]
    pub scope: Scope,
    /// Additive priority bonuses.
    #[serde(default)]
    pub priorities: Priorities,
    /// Need estimate and service value.
    #[serde(default)]
    pub need: NeedRules,
    /// Constraints.
    #[serde(default)]
    pub rules: Rules,
    /// Travel.
    #[serde(default)]
    pub travel: Travel,
    /// Continuity with today's sectors.
    #[serde(default)]
    pub stability: Stability,
    /// Locked and forbidden pairs.
    #[serde(default)]
    pub locks: Locks,
    /// Solver control.
    #[serde(default)]
    pub solver: SolverSettings,
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            schema: 1,
            budget: Budget::default(),
            scope: Scope::default(),
            priorities: Priorities::default(),
            need: NeedRules::default(),
            rules: Rules::default(),
            travel: Travel::default(),
            stability: Stability::default(),
            locks: Locks::default(),
            solver: SolverSettings::default(),
        }
    }
}

/// `[budget]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Budget {
    /// Total ETP. Required without `workers.csv` (it becomes posts); with workers, an optional
    /// cap below the workers' total.
    pub total_fte: Option<f64>,
    /// ETP kept for ad hoc support, taken from the total.
    pub reserve_fte: f64,
    /// Decision unit in ETP (0.1 = one half-day a week).
    pub unit_fte: f64,
    /// Full-time posts added to the staff, without a residence (the model chooses it): « what
    /// would n more posts buy? ». With `workers.csv` they join its workers
    /// ([`crate::worker::extra_posts`]) and `total_fte`, when set, is raised by as many ETP; without
    /// it, the budget split into posts is. At most [`MAX_EXTRA_POSTS`].
    #[serde(deserialize_with = "whole_posts")]
    pub extra_posts: u32,
}

impl Default for Budget {
    fn default() -> Self {
        Self { total_fte: None, reserve_fte: 0.0, unit_fte: 0.1, extra_posts: 0 }
    }
}

impl Budget {
    /// `total_fte` raised by the `extra_posts` (one ETP each), so that the posts a scenario adds
    /// are not capped away; `None` without `total_fte`.
    pub fn total_with_extra_posts(&self) -> Option<f64> {
        self.total_fte.map(|t| t + f64::from(self.extra_posts))
    }
}

/// The help of `budget.extra_posts`, for the web form and the scenario `sectoria import` writes
/// (French).
pub const EXTRA_POSTS_HELP: &str = "Postes à temps plein ajoutés aux assistants pour la simulation (« que \
     donnerait un poste de plus ? deux ? »), nommés NOUVEAU1, NOUVEAU2… et sans résidence : le modèle la choisit, \
     comme pour une ligne de workers.csv sans résidence. Avec workers.csv et un budget.total_fte, ce budget est \
     relevé d'autant d'ETP, pour que les postes ne soient pas plafonnés ; sans workers.csv, c'est le budget découpé \
     en postes qui l'est. Un balayage budget.extra_posts=0:3:1 montre ce que donne chaque poste. Défaut : 0.";

/// The help of `need.ips_factor_in_value`, for the web form and the scenario `sectoria import`
/// writes (French).
pub const IPS_FACTOR_IN_VALUE_HELP: &str = "Compter aussi le facteur IPS dans la valeur d'un établissement. \
     Par défaut (false), le facteur IPS augmente le besoin mais pas la valeur : dans un établissement défavorisé, \
     le besoin compte plus de demi-journées et chacune vaut donc moins (à IPS 78, facteur 1,28, une demi-journée \
     vaut 1/1,28 de ce qu'elle vaudrait à IPS 100, à élèves et score égaux). Avec true, la valeur est multipliée \
     par le facteur : une demi-journée y vaut autant qu'ailleurs à part égale du besoin, et l'ensemble de son \
     besoin vaut plus. Défaut : false.";

/// Most posts `budget.extra_posts` may add: a reinforcement, not a staff (a typo of `total_fte`
/// in ETP or in half-days would otherwise plan hundreds of posts).
pub const MAX_EXTRA_POSTS: u32 = 100;

/// What `budget.extra_posts` takes, as the reader's refusal of another value says it.
const EXTRA_POSTS_EXPECTED: &str =
    "un nombre entier de postes à temps plein (0, 1, 2… ; un poste à temps partiel s'ajoute à workers.csv avec sa \
     quotité)";

/// Reads `budget.extra_posts`: a whole number of posts, `2` or `2.0`; a negative or fractional
/// value is refused with what to write.
fn whole_posts<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    use serde::de::{Error, Unexpected};
    struct Posts;
    impl serde::de::Visitor<'_> for Posts {
        type Value = u32;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(EXTRA_POSTS_EXPECTED)
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<u32, E> {
            if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                Ok(v as u32)
            } else {
                Err(E::invalid_value(Unexpected::Float(v), &self))
            }
        }
    }
    d.deserialize_any(Posts)
}

/// `[scope]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scope {
    /// Kinds planned.
    pub kinds: Vec<Kind>,
    /// Bassins planned; empty = all.
    pub bassins: Vec<String>,
}

impl Default for Scope {
    fn default() -> Self {
        Self { kinds: Kind::ALL.to_vec(), bassins: Vec::new() }
    }
}

/// `[priorities]`: `w = 1 + Σ bonuses`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Priorities {
    /// Bonus for REP+.
    pub rep_plus: f64,
    /// Bonus for REP.
    pub rep: f64,
    /// Bonus for rural collèges with a low IPS.
    pub rural_disadvantaged: f64,
    /// IPS below which a rural collège is disadvantaged.
    pub rural_ips_threshold: f64,
    /// Lowest INSEE density level counted as rural.
    pub rural_density_min: u8,
    /// Bonus for a boarding house.
    pub internat: f64,
    /// Bonus for SEGPA/EGPA, ULIS, relais or UPE2A.
    pub egpa_ulis_relais_upe2a: f64,
    /// Bonus for a lycée professionnel.
    pub lycee_pro: f64,
}

impl Default for Priorities {
    fn default() -> Self {
        Self {
            rep_plus: 2.0,
            rep: 1.0,
            rural_disadvantaged: 1.5,
            rural_ips_threshold: 95.0,
            rural_density_min: 5,
            internat: 0.5,
            egpa_ulis_relais_upe2a: 0.5,
            lycee_pro: 0.5,
        }
    }
}

impl Priorities {
    /// The bonus of `category`.
    pub fn bonus(&self, category: Category) -> f64 {
        match category {
            Category::RepPlus => self.rep_plus,
            Category::Rep => self.rep,
            Category::RuralDisadvantaged => self.rural_disadvantaged,
            Category::Internat => self.internat,
            Category::EgpaUlisRelaisUpe2a => self.egpa_ulis_relais_upe2a,
            Category::LyceePro => self.lycee_pro,
        }
    }
}

/// `[need]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NeedRules {
    /// Pupils per ETP, collège.
    pub pupils_per_fte_college: f64,
    /// Pupils per ETP, lycée.
    pub pupils_per_fte_lycee: f64,
    /// Pupils per ETP, lycée professionnel.
    pub pupils_per_fte_lycee_pro: f64,
    /// Pupils per ETP, EREA.
    pub pupils_per_fte_erea: f64,
    /// Cycle 3 pupils per ETP, REP+ école.
    pub pupils_per_fte_ecole: f64,
    /// IPS of reference: factor = reference / IPS.
    pub ips_reference: f64,
    /// Lower bound of the IPS factor.
    pub ips_factor_min: f64,
    /// Upper bound of the IPS factor.
    pub ips_factor_max: f64,
    /// Whether the IPS factor also multiplies the value scale (`w × pupils × factor`), so that a
    /// half-day is worth as much in a disadvantaged establishment as in an average one at equal
    /// share of the need. Off (the brief's formula): the factor raises the need only, and each
    /// half-day of a disadvantaged establishment is worth less.
    pub ips_factor_in_value: bool,
    /// Need cap and allocation cap per establishment, ETP.
    pub max_fte_per_establishment: f64,
    /// Share of élémentaire pupils in cycle 3 when unknown.
    pub cycle3_share: f64,
    /// Value per pupil of each consecutive segment of the need (concave: non-increasing).
    pub value_segments: Vec<f64>,
}

impl Default for NeedRules {
    fn default() -> Self {
        Self {
            pupils_per_fte_college: 1000.0,
            pupils_per_fte_lycee: 1500.0,
            pupils_per_fte_lycee_pro: 800.0,
            pupils_per_fte_erea: 800.0,
            pupils_per_fte_ecole: 800.0,
            ips_reference: 100.0,
            ips_factor_min: 0.75,
            ips_factor_max: 1.5,
            ips_factor_in_value: false,
            max_fte_per_establishment: 1.0,
            cycle3_share: 0.4,
            value_segments: vec![1.0, 0.6, 0.3],
        }
    }
}

impl NeedRules {
    /// Pupils per ETP for `kind`.
    pub fn pupils_per_fte(&self, kind: Kind) -> f64 {
        match kind {
            Kind::College => self.pupils_per_fte_college,
            Kind::Lycee => self.pupils_per_fte_lycee,
            Kind::LyceePro => self.pupils_per_fte_lycee_pro,
            Kind::Erea => self.pupils_per_fte_erea,
            Kind::Ecole => self.pupils_per_fte_ecole,
        }
    }
}

/// `[rules]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Minimum presence at a served secondary establishment, ETP.
    pub min_presence_fte: f64,
    /// Minimum presence at a served REP+ école, ETP.
    pub min_presence_ecole_fte: f64,
    /// Workers per establishment at most.
    pub max_workers_per_establishment: u32,
    /// Secondary establishments per sector at most (écoles do not count).
    pub max_establishments_per_worker: u32,
    /// Pairs farther than this road distance are not considered, km.
    pub max_distance_km: f64,
    /// A REP+ école is served only by the worker of its network's head collège.
    pub rep_plus_schools_follow_college: bool,
    /// Categories whose every secondary establishment must be served: their codes
    /// (`rep_plus`), or the labels the outputs show them with (« REP+ », [`category_named`]).
    #[serde(deserialize_with = "category_names")]
    pub must_cover: Vec<Category>,
    /// Whether `must_cover` also binds the REP+ écoles. Off by default: with écoles following
    /// their head collège's worker, a network of more than eight écoles cannot be covered by one
    /// full-time worker at the minimum presence (DESIGN §8).
    pub must_cover_ecoles: bool,
    /// Objective points lost per served (worker, establishment) pair.
    pub fragmentation_cost: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            min_presence_fte: 0.2,
            min_presence_ecole_fte: 0.1,
            max_workers_per_establishment: 1,
            max_establishments_per_worker: 7,
            max_distance_km: 60.0,
            rep_plus_schools_follow_college: true,
            must_cover: vec![Category::RepPlus],
            must_cover_ecoles: false,
            fragmentation_cost: 1.0,
        }
    }
}

/// The codes of [`Category::ALL`], in its order: the values `rules.must_cover` lists when it
/// refuses one.
const CATEGORY_CODES: [&str; 6] =
    ["rep_plus", "rep", "rural_disadvantaged", "internat", "egpa_ulis_relais_upe2a", "lycee_pro"];

/// The category `name` stands for: its code, or its label as the outputs write it (« REP+ »,
/// « Rural défavorisé », « EGPA/ULIS/relais/UPE2A », « Lycée professionnel »), whatever the case,
/// with or without accents, spaces or hyphens for underscores (« lycée pro », « LP »).
pub fn category_named(name: &str) -> Option<Category> {
    let key = |s: &str| s.trim().to_lowercase().replace(['é', 'è'], "e").replace([' ', '-'], "_");
    let wanted = key(name);
    if wanted == "lp" {
        return Some(Category::LyceePro);
    }
    Category::ALL.into_iter().find(|c| key(c.code()) == wanted || key(c.label()) == wanted)
}

/// One name of `rules.must_cover`, read with [`category_named`]; an unknown one is refused with
/// the codes, at its own place in the file.
struct CategoryName(Category);

impl<'de> Deserialize<'de> for CategoryName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Refused inside the element's own reading, so that the file's reader places the error
        // at the element, not at the start of the list.
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = CategoryName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a category")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<CategoryName, E> {
                category_named(name).map(CategoryName).ok_or_else(|| E::unknown_variant(name, &CATEGORY_CODES))
            }
        }
        d.deserialize_str(Name)
    }
}

fn category_names<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Category>, D::Error> {
    Ok(Vec::<CategoryName>::deserialize(d)?.into_iter().map(|c| c.0).collect())
}

/// `[travel]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Travel {
    /// Objective points lost per km driven in a week.
    pub weight_per_km: f64,
    /// Road distance = great-circle distance × this factor, unless `distances.csv` gives it.
    pub detour_factor: f64,
    /// Weekly km cap per worker, if any.
    pub max_weekly_km: Option<f64>,
    /// Objective points lost per minute driven in a week (0: time is not weighed).
    pub weight_per_minute: f64,
    /// Pairs farther than this one-way travel time are not considered: the return trip would
    /// leave too little of the half-day on site (minutes; none by default). Today's sectors and
    /// locks are exempt, as for `rules.max_distance_km`.
    pub max_minutes_one_way: Option<f64>,
    /// Speed that turns an estimated or minute-less distance into a time, km/h.
    pub estimate_kmh: f64,
}

impl Default for Travel {
    fn default() -> Self {
        Self {
            weight_per_km: 0.3,
            detour_factor: 1.3,
            max_weekly_km: None,
            weight_per_minute: 0.0,
            max_minutes_one_way: None,
            estimate_kmh: 50.0,
        }
    }
}

/// `[stability]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Stability {
    /// Objective points lost per half-day (unit) changed against `current.csv`.
    pub penalty_per_unit: f64,
    /// Cap on the units changed against `current.csv` (Σ |x − current|), if any.
    pub max_changes: Option<u32>,
}

/// `[locks]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Locks {
    /// Establishments kept with a worker (optionally with their ETP).
    pub assign: Vec<LockedPair>,
    /// Establishment–worker pairs that must not be used.
    pub forbid: Vec<ForbiddenPair>,
    /// Establishments (UAI) the plan must not serve: no worker and no post there, whoever they
    /// are (a worker added to `workers.csv` later included), and no post based there.
    pub exclude: Vec<String>,
    /// Establishments (UAI) the plan must serve, at least at their minimum presence, by whichever
    /// worker or post: as `rules.must_cover` does for a whole category (the only way to force a
    /// presence in a plan of posts, which have no id to keep).
    pub serve: Vec<String>,
}

/// A lock: `uai` is served by `worker`, with `fte` if given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedPair {
    /// Establishment.
    pub uai: String,
    /// Worker id.
    pub worker: String,
    /// ETP kept, if fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fte: Option<f64>,
}

/// A forbidden pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForbiddenPair {
    /// Establishment.
    pub uai: String,
    /// Worker id.
    pub worker: String,
}

/// `[solver]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SolverSettings {
    /// Wall-clock limit, seconds.
    pub time_limit_s: f64,
    /// Relative gap at which the search stops (default 0.1 %: the tightest every département
    /// reaches in seconds, BENCHMARKS.md "Solver, session 33").
    pub relative_gap: f64,
    /// Solver threads.
    pub threads: u32,
    /// Random seed.
    pub seed: u32,
    /// Formulation: `auto` (sectors by column generation when every rule allows it, else the
    /// compact model) or `compact` (always the compact model).
    pub method: Method,
}

/// Which formulation the solver uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Column generation over sectors when the scenario allows it, else the compact model.
    #[default]
    Auto,
    /// The compact model (one variable per worker and establishment) only.
    Compact,
}

impl Default for SolverSettings {
    fn default() -> Self {
        Self { time_limit_s: 120.0, relative_gap: 0.001, threads: 1, seed: 0, method: Method::Auto }
    }
}

/// `x` with at most three decimals, a decimal comma and no trailing zeros (« 30 », « 12,5 »,
/// « 0,1 »).
fn fr3(x: f64) -> String {
    let t = format!("{x:.3}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    t.replace('.', ",")
}

/// The highest `budget.total_fte` accepted: far above any académie (France employs fewer than
/// 3 000 school social workers). Without `workers.csv` the budget becomes one post per ETP, so a
/// mistyped `1e9` would otherwise ask for a billion posts.
pub const MAX_BUDGET_FTE: f64 = 10_000.0;

/// The finest `budget.unit_fte` accepted, ETP.
pub const MIN_UNIT_FTE: f64 = 0.01;

/// Lowest and highest level of the INSEE communal density grid (1 = très dense … 7 = rural
/// très peu dense), the values of `priorities.rural_density_min`.
pub const DENSITY_LEVELS: std::ops::RangeInclusive<u8> = 1..=7;

/// Why a reserve of `reserve` ETP leaves nothing of `budget` ETP (`what` names the budget,
/// for example « le budget `budget.total_fte` »), and what to do (French): bring the reserve
/// down, or `raise` (« augmentez le budget », « ajoutez des assistants dans workers.csv »).
pub fn reserve_above_budget(reserve: f64, budget: f64, what: &str, unit: f64, raise: &str) -> String {
    let n = fr3;
    let room = if reserve >= budget {
        format!("la réserve de {} ETP atteint ou dépasse {what} de {} ETP", n(reserve), n(budget))
    } else {
        format!(
            "la réserve de {} ETP ne laisse pas une unité de {} ETP sur {what} de {} ETP",
            n(reserve),
            n(unit),
            n(budget)
        )
    };
    format!(
        "{room} : il ne resterait rien à répartir. Ramenez `budget.reserve_fte` à {} ETP au plus \
         (la réserve est prise sur le budget), ou {raise}",
        n((budget - unit).max(0.0))
    )
}

/// Whether `unit` (ETP) shares one ETP into a whole number of units (0,1, 0,2, 0,25, 0,5, 1):
/// otherwise a full-time worker's time is not a whole number of units, and part of it is lost.
fn divides_one(unit: f64) -> bool {
    let per_fte = 1.0 / unit;
    (per_fte - per_fte.round()).abs() < 1e-6 * per_fte.max(1.0)
}

/// « 3 demi-journées (0,3 ETP) » for `units` units of `unit` ETP (« unités de 0,25 ETP » when the
/// unit is not the half-day).
fn units_said(units: u32, unit: f64) -> String {
    let s = if units >= 2 { "s" } else { "" };
    let fte = fr3(f64::from(units) * unit);
    if (unit - 0.1).abs() < 1e-12 {
        format!("{units} demi-journée{s} ({fte} ETP)")
    } else {
        format!("{units} unité{s} de {} ETP ({fte} ETP)", fr3(unit))
    }
}

impl Scenario {
    /// Checks the values that serde cannot: ranges and consistency. Returns one French
    /// message per problem, naming the key and what to do.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, key: &str, what: &str| {
            if !ok {
                problems.push(format!("`{key}` : {what}"));
            }
        };
        check(self.schema == 1, "schema", "seule la version 1 est connue ; écrivez `schema = 1`");
        let b = &self.budget;
        // A unit finer than a hundredth of an ETP (a quarter of an hour a week) plans nothing
        // more, and counts a worker's time in units past what the model's integers hold.
        let unit_ok = (MIN_UNIT_FTE..=1.0).contains(&b.unit_fte);
        check(unit_ok, "budget.unit_fte", "doit être dans [0,01 ; 1] (0,1 = une demi-journée)");
        if unit_ok && !divides_one(b.unit_fte) {
            let units = (1.0 / b.unit_fte + 1e-9).floor();
            check(
                false,
                "budget.unit_fte",
                &format!(
                    "doit partager 1 ETP en un nombre entier d'unités (0,1 = une demi-journée ; 0,05, 0,2, 0,25, 0,5 \
                     ou 1 conviennent aussi) : avec {}, un temps plein ferait {} unités ({} ETP) et perdrait {} ETP \
                     à l'arrondi",
                    fr3(b.unit_fte),
                    units,
                    fr3(units * b.unit_fte),
                    fr3(1.0 - units * b.unit_fte)
                ),
            );
        }
        // The checks measured in units are not made with a refused unit: said once, above.
        let unit_ok = unit_ok && divides_one(b.unit_fte);
        let reserve_ok = b.reserve_fte >= 0.0 && b.reserve_fte.is_finite();
        check(reserve_ok, "budget.reserve_fte", "doit être positif ou nul");
        if let Some(t) = b.total_fte {
            let total_ok = t >= 0.0 && t.is_finite();
            check(total_ok, "budget.total_fte", "doit être positif ou nul");
            check(
                !total_ok || t <= MAX_BUDGET_FTE,
                "budget.total_fte",
                &format!(
                    "{} ETP dépasse tout effectif réel (au plus 10 000 ETP) : le budget s'écrit en ETP (22.8 \
                     pour 22,8 temps pleins)",
                    fr3(t)
                ),
            );
            // A reserve that leaves less than one unit of the budget (the extra posts' ETP
            // included): nothing would be planned. Not said when the budget, the reserve or the
            // unit is itself refused above.
            let t = t + f64::from(b.extra_posts);
            check(
                !(total_ok && reserve_ok && unit_ok && b.reserve_fte > 0.0 && t - b.reserve_fte < b.unit_fte - 1e-9),
                "budget.reserve_fte",
                &reserve_above_budget(
                    b.reserve_fte,
                    t,
                    if b.extra_posts > 0 {
                        "le budget (`budget.total_fte` et `budget.extra_posts`)"
                    } else {
                        "le budget `budget.total_fte`"
                    },
                    b.unit_fte,
                    "augmentez le budget",
                ),
            );
        }
        check(
            b.extra_posts <= MAX_EXTRA_POSTS,
            "budget.extra_posts",
            &format!(
                "{} postes supplémentaires dépassent tout renfort réaliste (au plus {MAX_EXTRA_POSTS}) : la clé compte \
                 des postes à temps plein ajoutés aux assistants (1 pour « un poste de plus »), pas des ETP ni des \
                 demi-journées ; écrivez le nombre de postes à simuler, ou changez le budget avec `budget.total_fte`",
                b.extra_posts
            ),
        );
        let pr = &self.priorities;
        check(
            DENSITY_LEVELS.contains(&pr.rural_density_min),
            "priorities.rural_density_min",
            &format!(
                "la grille de densité INSEE va de 1 (très dense) à 7 (rural très peu dense) : avec {}, {} ; \
                 écrivez un niveau de 1 à 7 (défaut 5), ou mettez `priorities.rural_disadvantaged` à 0 pour ne \
                 plus favoriser les collèges ruraux",
                pr.rural_density_min,
                if pr.rural_density_min == 0 {
                    "toutes les communes compteraient comme rurales"
                } else {
                    "aucune commune ne serait rurale et le bonus rural ne s'appliquerait jamais"
                }
            ),
        );
        for (key, v) in [
            ("priorities.rep_plus", pr.rep_plus),
            ("priorities.rep", pr.rep),
            ("priorities.rural_disadvantaged", pr.rural_disadvantaged),
            ("priorities.internat", pr.internat),
            ("priorities.egpa_ulis_relais_upe2a", pr.egpa_ulis_relais_upe2a),
            ("priorities.lycee_pro", pr.lycee_pro),
        ] {
            // A negative bonus would rank a priority establishment below those without one, and
            // turn the weighted coverage into shares above 100 %.
            check(
                v >= 0.0 && v.is_finite(),
                key,
                "un bonus de priorité est positif ou nul (0 : la catégorie n'est pas favorisée ; un bonus négatif la ferait passer après les établissements sans priorité)",
            );
        }
        let n = &self.need;
        for (key, v) in [
            ("need.pupils_per_fte_college", n.pupils_per_fte_college),
            ("need.pupils_per_fte_lycee", n.pupils_per_fte_lycee),
            ("need.pupils_per_fte_lycee_pro", n.pupils_per_fte_lycee_pro),
            ("need.pupils_per_fte_erea", n.pupils_per_fte_erea),
            ("need.pupils_per_fte_ecole", n.pupils_per_fte_ecole),
            ("need.ips_reference", n.ips_reference),
            ("need.max_fte_per_establishment", n.max_fte_per_establishment),
        ] {
            check(v > 0.0 && v.is_finite(), key, "doit être strictement positif");
        }
        check(
            n.ips_factor_min > 0.0 && n.ips_factor_min <= n.ips_factor_max,
            "need.ips_factor_min",
            "doit être positif et inférieur ou égal à `need.ips_factor_max`",
        );
        check((0.0..=1.0).contains(&n.cycle3_share), "need.cycle3_share", "doit être entre 0 et 1");
        check(
            !n.value_segments.is_empty()
                && n.value_segments.iter().all(|v| *v >= 0.0 && v.is_finite())
                && n.value_segments.windows(2).all(|w| w[0] >= w[1]),
            "need.value_segments",
            "doit être une liste non vide de valeurs positives décroissantes (valeur concave), par exemple [1.0, 0.6, 0.3]",
        );
        let r = &self.rules;
        for (key, v) in
            [("rules.min_presence_fte", r.min_presence_fte), ("rules.min_presence_ecole_fte", r.min_presence_ecole_fte)]
        {
            check(v >= 0.0 && v.is_finite(), key, "doit être positif ou nul");
            // Below one unit, a served establishment would still get one unit: the minimum written
            // is not the one planned (0 says « no minimum »: one unit, the least a service is).
            check(
                !(unit_ok && v > 0.0 && v < b.unit_fte - 1e-9),
                key,
                &format!(
                    "la présence minimale de {} ETP est inférieure à une unité d'attribution (`budget.unit_fte` = {} \
                     ETP) : un établissement servi reçoit toujours une unité au moins ; écrivez {} ETP (une unité) ou \
                     plus, ou choisissez une unité plus fine",
                    fr3(v),
                    fr3(b.unit_fte),
                    fr3(b.unit_fte)
                ),
            );
        }
        check(
            r.min_presence_fte <= n.max_fte_per_establishment
                && r.min_presence_ecole_fte <= n.max_fte_per_establishment,
            "rules.min_presence_fte",
            "la présence minimale ne peut dépasser `need.max_fte_per_establishment`",
        );
        check(r.max_workers_per_establishment >= 1, "rules.max_workers_per_establishment", "doit valoir au moins 1");
        check(r.max_establishments_per_worker >= 1, "rules.max_establishments_per_worker", "doit valoir au moins 1");
        check(
            r.max_distance_km > 0.0 && !r.max_distance_km.is_nan(),
            "rules.max_distance_km",
            "doit être strictement positif",
        );
        check(
            r.fragmentation_cost >= 0.0 && r.fragmentation_cost.is_finite(),
            "rules.fragmentation_cost",
            "doit être positif ou nul",
        );
        let t = &self.travel;
        check(
            t.weight_per_km >= 0.0 && t.weight_per_km.is_finite(),
            "travel.weight_per_km",
            "doit être positif ou nul",
        );
        check(
            t.detour_factor >= 1.0 && t.detour_factor.is_finite(),
            "travel.detour_factor",
            "doit être supérieur ou égal à 1",
        );
        if let Some(m) = t.max_weekly_km {
            check(m >= 0.0 && !m.is_nan(), "travel.max_weekly_km", "doit être positif ou nul");
        }
        check(
            t.weight_per_minute >= 0.0 && t.weight_per_minute.is_finite(),
            "travel.weight_per_minute",
            "doit être positif ou nul",
        );
        if let Some(m) = t.max_minutes_one_way {
            check(m > 0.0 && !m.is_nan(), "travel.max_minutes_one_way", "doit être strictement positif");
        }
        check(
            t.estimate_kmh > 0.0 && t.estimate_kmh.is_finite(),
            "travel.estimate_kmh",
            "doit être strictement positif",
        );
        check(
            self.stability.penalty_per_unit >= 0.0 && self.stability.penalty_per_unit.is_finite(),
            "stability.penalty_per_unit",
            "doit être positif ou nul",
        );
        for (i, l) in self.locks.assign.iter().enumerate() {
            if let Some(f) = l.fte {
                check(f > 0.0 && f <= 1.0, &format!("locks.assign[{i}].fte"), "doit être dans ]0 ; 1]");
            }
        }
        let s = &self.solver;
        check(
            s.time_limit_s > 0.0 && !s.time_limit_s.is_nan(),
            "solver.time_limit_s",
            "doit être strictement positif (secondes)",
        );
        check((0.0..1.0).contains(&s.relative_gap), "solver.relative_gap", "doit être dans [0 ; 1[ (0,001 = 0,1 %)");
        check(s.threads >= 1, "solver.threads", "doit valoir au moins 1");
        check(!self.scope.kinds.is_empty(), "scope.kinds", "doit contenir au moins un type d'établissement");
        problems
    }

    /// Values the rules accept but that plan something other than what they say (French, one
    /// sentence each, naming the key): a minimum presence that is not a whole number of units
    /// (planned rounded), a weekly km cap of 0 (no travel at all). Meant for the plan's warnings.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let unit = self.budget.unit_fte;
        if !(MIN_UNIT_FTE..=1.0).contains(&unit) {
            return out;
        }
        for (key, v, kind, whom) in [
            (
                "rules.min_presence_fte",
                self.rules.min_presence_fte,
                Kind::College,
                "un établissement du second degré servi",
            ),
            ("rules.min_presence_ecole_fte", self.rules.min_presence_ecole_fte, Kind::Ecole, "une école REP+ servie"),
        ] {
            let units = self.min_presence_units(kind);
            let exact = v / unit;
            if v >= unit - 1e-9 && (exact - exact.round()).abs() > 1e-6 {
                out.push(format!(
                    "{key} = {} n'est pas un multiple de l'unité d'attribution (budget.unit_fte = {} ETP) : {whom} \
                     l'est pendant {} au moins. Écrivez ce multiple pour que le scénario dise ce qui est planifié.",
                    fr3(v),
                    fr3(unit),
                    units_said(units, unit)
                ));
            }
        }
        if self.travel.max_weekly_km == Some(0.0) {
            out.push(
                "travel.max_weekly_km = 0 interdit tout trajet : un assistant ne peut servir que l'établissement de \
                 sa résidence administrative, à 0 km. Pour ne pas plafonner les km, retirez la clé (non renseignée = \
                 pas de plafond)."
                    .to_string(),
            );
        }
        out
    }

    /// Minimum presence for `kind`, in units.
    pub fn min_presence_units(&self, kind: Kind) -> u32 {
        let fte = if kind == Kind::Ecole { self.rules.min_presence_ecole_fte } else { self.rules.min_presence_fte };
        self.fte_to_units(fte).max(1)
    }

    /// Converts ETP to whole units (rounded to nearest; inputs are multiples of the unit).
    pub fn fte_to_units(&self, fte: f64) -> u32 {
        (fte / self.budget.unit_fte).round().max(0.0) as u32
    }

    /// Converts ETP to whole units, rounding down (capacities).
    pub fn fte_to_units_floor(&self, fte: f64) -> u32 {
        (fte / self.budget.unit_fte + 1e-9).floor().max(0.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_match_the_brief() {
        let s = Scenario::default();
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        assert_eq!(s.priorities.rep_plus, 2.0);
        assert_eq!(s.min_presence_units(Kind::College), 2);
        assert_eq!(s.min_presence_units(Kind::Ecole), 1);
        assert_eq!(s.fte_to_units_floor(0.8), 8);
    }

    #[test]
    fn bad_values_are_named() {
        let mut s = Scenario::default();
        s.budget.unit_fte = 0.0;
        s.need.value_segments = vec![0.3, 0.6];
        let p = s.validate();
        assert!(p.iter().any(|m| m.contains("budget.unit_fte")));
        assert!(p.iter().any(|m| m.contains("need.value_segments")));
    }

    /// A reserve at or above the budget (« Réserve 30 » with « Budget 12 ») was accepted, and only
    /// the next plan failed (« budget après réserve 0,0 ETP »): it is refused with both values.
    #[test]
    fn a_reserve_that_leaves_nothing_of_the_budget_is_refused() {
        let mut s = Scenario::default();
        s.budget.total_fte = Some(12.0);
        s.budget.reserve_fte = 30.0;
        let p = s.validate();
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("`budget.reserve_fte` : la réserve de 30 ETP atteint ou dépasse"), "{}", p[0]);
        assert!(p[0].contains("`budget.total_fte` de 12 ETP") && p[0].contains("à 11,9 ETP au plus"), "{}", p[0]);
        // Equal, or less than one unit left: refused too.
        for reserve in [12.0, 11.95] {
            s.budget.reserve_fte = reserve;
            assert!(s.validate().iter().any(|m| m.starts_with("`budget.reserve_fte`")), "reserve {reserve}");
        }
        // One unit left, no reserve with a zero budget, or no budget (the workers' time): accepted.
        for (total, reserve) in [(Some(12.0), 11.9), (Some(0.0), 0.0), (None, 30.0)] {
            s.budget.total_fte = total;
            s.budget.reserve_fte = reserve;
            assert!(s.validate().is_empty(), "{total:?} {reserve}: {:?}", s.validate());
        }
    }

    /// `must_cover = ["REP+"]` was refused with the list of codes, though « REP+ » is how every
    /// output writes the category: the outputs' labels are read as their codes, which stay what
    /// the scenario is written back with.
    #[test]
    fn must_cover_reads_the_outputs_labels_as_codes() {
        assert_eq!(CATEGORY_CODES.to_vec(), Category::ALL.map(Category::code).to_vec());
        for c in Category::ALL {
            assert_eq!(category_named(c.code()), Some(c));
            assert_eq!(category_named(c.label()), Some(c));
            assert_eq!(category_named(&c.label().to_uppercase()), Some(c));
        }
        for (name, c) in [
            ("REP+", Category::RepPlus),
            (" rep+ ", Category::RepPlus),
            ("REP", Category::Rep),
            ("lycée pro", Category::LyceePro),
            ("LP", Category::LyceePro),
            ("rural defavorise", Category::RuralDisadvantaged),
        ] {
            assert_eq!(category_named(name), Some(c), "{name}");
        }
        assert_eq!(category_named("REP++"), None);
        let read = |json: &str| serde_json::from_str::<Scenario>(&format!("{{\"schema\": 1, \"rules\": {json}}}"));
        let s = read("{\"must_cover\": [\"REP+\", \"lycée pro\"]}").expect("read");
        assert_eq!(s.rules.must_cover, [Category::RepPlus, Category::LyceePro]);
        let written = serde_json::to_value(&s).expect("written");
        assert_eq!(written["rules"]["must_cover"], serde_json::json!(["rep_plus", "lycee_pro"]));
        let e = read("{\"must_cover\": [\"tout\"]}").expect_err("refused");
        assert!(e.to_string().contains("unknown variant `tout`, expected one of `rep_plus`"), "{e}");
    }

    #[test]
    fn infinite_or_nan_values_are_refused() {
        // TOML accepts `inf` and `nan`: they must not reach the solver.
        let mut s = Scenario::default();
        s.rules.fragmentation_cost = f64::INFINITY;
        s.stability.penalty_per_unit = f64::INFINITY;
        s.rules.min_presence_fte = f64::INFINITY;
        s.rules.max_distance_km = f64::NAN;
        s.solver.time_limit_s = f64::NAN;
        let p = s.validate();
        for key in [
            "rules.fragmentation_cost",
            "stability.penalty_per_unit",
            "rules.min_presence_fte",
            "rules.max_distance_km",
            "solver.time_limit_s",
        ] {
            assert!(p.iter().any(|m| m.contains(key)), "{key} not named in {p:?}");
        }
    }
}
