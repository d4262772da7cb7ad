//! The prepared problem: an instance under a scenario, with every derived figure the solver,
//! the greedy baseline and the checker share (scope, scores, needs, value curves, capacities,
//! distances, eligible pairs, locks).

use crate::establishment::Establishment;
use crate::instance::{DistanceOverrides, Instance};
use crate::kind::{Category, Kind};
use crate::location::LatLon;
use crate::need::{need, Need};
use crate::network::RepNetworks;
use crate::priority::{priority, PriorityScore};
use crate::scenario::Scenario;
use crate::value::ValueCurve;
use crate::worker::{scenario_posts, Base, Worker};
use std::collections::{BTreeMap, BTreeSet};

pub mod km_cap;
pub use km_cap::KmCap;

/// An establishment in scope, with its derived figures.
#[derive(Debug, Clone)]
pub struct Site {
    /// The establishment as read.
    pub establishment: Establishment,
    /// Priority score.
    pub priority: PriorityScore,
    /// Need.
    pub need: Need,
    /// Value curve over units.
    pub curve: ValueCurve,
    /// Minimum presence when served, units.
    pub min_units: u32,
    /// Allocation cap, units.
    pub cap_units: u32,
    /// Must be served (`must_cover`).
    pub must_cover: bool,
}

impl Site {
    /// UAI.
    pub fn uai(&self) -> &str {
        &self.establishment.uai
    }
    /// Kind.
    pub fn kind(&self) -> Kind {
        self.establishment.kind
    }
}

/// A worker or generated post, with its capacity.
#[derive(Debug, Clone)]
pub struct Staff {
    /// The worker as read or generated.
    pub worker: Worker,
    /// Capacity, units.
    pub capacity_units: u32,
    /// Sector size limit (secondary establishments).
    pub max_establishments: u32,
    /// Whether this is a post generated from the scenario, not a person of `workers.csv`: one of
    /// the posts a budget without `workers.csv` is split into, or of `budget.extra_posts`.
    pub generated: bool,
}

/// Where a worker is based in a solution: a fixed base, or a candidate site chosen by the model.
#[derive(Debug, Clone, PartialEq)]
pub enum BaseChoice {
    /// The worker's own base from `workers.csv`.
    Fixed(Base),
    /// A candidate base at site index.
    Site(usize),
}

/// A lock, resolved to indices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lock {
    /// Worker index.
    pub worker: usize,
    /// Site index.
    pub site: usize,
    /// Units kept, if fixed.
    pub units: Option<u32>,
}

/// Size limits checked before the model is built ([`Problem::check_size`]). A département has
/// 20–400 establishments in scope (DESIGN §7); the defaults leave a wide margin above that and
/// stop a national or mis-filtered file before it fills the memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeLimits {
    /// Most establishments in scope in one run.
    pub max_establishments: usize,
    /// Most candidate pairs (worker or candidate base, establishment) within the distance limit.
    pub max_pairs: usize,
}

impl SizeLimits {
    /// Default limit on establishments in scope.
    pub const DEFAULT_MAX_ESTABLISHMENTS: usize = 2_000;
    /// Default limit on candidate pairs.
    pub const DEFAULT_MAX_PAIRS: usize = 500_000;
}

impl Default for SizeLimits {
    fn default() -> Self {
        SizeLimits { max_establishments: Self::DEFAULT_MAX_ESTABLISHMENTS, max_pairs: Self::DEFAULT_MAX_PAIRS }
    }
}

/// Stable code of [`ProblemError::TooLarge`] in the input error catalogue.
pub const TOO_LARGE_CODE: &str = "E170";

/// Why the problem cannot be prepared: an inconsistency between instance and scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemError {
    /// Budget-only mode without a budget.
    #[error("aucun fichier workers.csv et pas de `budget.total_fte` dans le scénario : indiquez le nombre d'ETP à répartir (par exemple `total_fte = 25.0` dans [budget]) ou fournissez workers.csv")]
    NoBudget,
    /// A lock or forbidden pair names an unknown establishment.
    #[error("E124 {section} : l'établissement {uai} n'existe pas ou n'est pas dans le périmètre du scénario ; corrigez l'UAI ou le périmètre ([scope])")]
    UnknownUai {
        /// Scenario section.
        section: String,
        /// The UAI.
        uai: String,
    },
    /// `[scope] bassins` names a bassin no establishment belongs to (code `E171`).
    #[error("E171 [scope] bassins : aucun établissement de establishments.csv n'est dans le bassin « {bassin} » ; bassins présents : {known}. Correction : recopiez le nom tel qu'il figure dans la colonne bassin (majuscules, accents et tirets comptent), ou videz la liste pour tout le département")]
    UnknownBassin {
        /// The bassin asked.
        bassin: String,
        /// The bassins of the instance, « » quoted and comma separated (or « aucun »).
        known: String,
    },
    /// A lock or forbidden pair names an unknown worker.
    #[error("E124 {section} : l'assistant « {worker} » n'existe pas ; utilisez un identifiant de workers.csv (ou POSTE01… sans workers.csv)")]
    UnknownWorker {
        /// Scenario section.
        section: String,
        /// The worker id.
        worker: String,
    },
    /// The problem exceeds a [`SizeLimits`] (code `E170`).
    #[error("E170 instance trop grande pour un seul calcul : {what}, pour une limite de {limit} (un département compte de 20 à 400 établissements dans le périmètre). Correction : découpez l'instance par département (un dossier par département, par exemple `sectoria import --departement 031 …`) ou restreignez le périmètre ([scope] kinds, bassins, [rules] max_distance_km) ; s'il s'agit bien d'un seul département, relevez la limite avec `{option} N` (la mémoire et le temps de calcul croissent avec la taille)")]
    TooLarge {
        /// What was found, with its count (French).
        what: String,
        /// The count found (at least `limit + 1`; pairs are counted up to the limit only).
        found: usize,
        /// The limit.
        limit: usize,
        /// Command-line option that raises the limit.
        option: String,
    },
}

impl ProblemError {
    /// The stable code of the error in the input error catalogue, when it has one (`E170`).
    pub fn code(&self) -> Option<&'static str> {
        match self {
            ProblemError::TooLarge { .. } => Some(TOO_LARGE_CODE),
            ProblemError::UnknownBassin { .. } => Some("E171"),
            // Behind the scenario reader's own check of the locks, which gives the line.
            ProblemError::UnknownWorker { .. } | ProblemError::UnknownUai { .. } => Some("E124"),
            _ => None,
        }
    }
}

/// Checks that every bassin of `[scope] bassins` is a bassin of `instance` ([`ProblemError::UnknownBassin`],
/// `E171`): a misspelt bassin would otherwise leave the scope, and the plan, empty. Part of
/// [`Problem::new`]; the web application runs it when it saves a scenario.
pub fn check_scope(instance: &Instance, scenario: &Scenario) -> Result<(), ProblemError> {
    let bassins: BTreeSet<&str> = instance.establishments.iter().filter_map(|e| e.bassin.as_deref()).collect();
    if let Some(bassin) = scenario.scope.bassins.iter().find(|b| !bassins.contains(b.as_str())) {
        let known: Vec<String> = bassins.iter().map(|b| format!("« {b} »")).collect();
        let known = if known.is_empty() { "aucun (la colonne bassin est vide)".to_string() } else { known.join(", ") };
        return Err(ProblemError::UnknownBassin { bassin: bassin.clone(), known });
    }
    Ok(())
}

/// Start of the warning of a `current.csv` that describes only some of the workers
/// (`partial_current`).
pub const PARTIAL_CURRENT: &str = "current.csv ne décrit les secteurs que pour ";

/// Workers of a partial `current.csv` named in its warning; the others are counted.
const PARTIAL_NAMED: usize = 5;

/// When today's sectors (`current`, in scope) describe some workers but not all: a warning that
/// says how many, names a few of the others, and what it implies. Every half-day a plan gives
/// a worker without today's sectors is a change (`stability.penalty_per_unit`,
/// `stability.max_changes`), so that the « Continuité » figures measure how incomplete the file
/// is as much as the plan's upheaval (tester's session s47: 6 workers of 30 described, 212 of
/// the 266 half-days « déplacées » were the 24 others'). The posts of `budget.extra_posts` have
/// no sector today by definition: they are not counted.
fn partial_current(staff: &[Staff], current: &BTreeMap<(usize, usize), u32>) -> Option<String> {
    let described: BTreeSet<usize> = current.keys().map(|&(k, _)| k).collect();
    let listed: Vec<usize> = (0..staff.len()).filter(|&k| !staff[k].generated).collect();
    let absent: Vec<&str> =
        listed.iter().filter(|k| !described.contains(k)).map(|&k| staff[k].worker.id.as_str()).collect();
    if described.is_empty() || absent.is_empty() {
        return None;
    }
    let mut named = absent.iter().take(PARTIAL_NAMED).copied().collect::<Vec<_>>().join(", ");
    if absent.len() > PARTIAL_NAMED {
        named += &format!(" et {}", crate::french::counted((absent.len() - PARTIAL_NAMED) as u64, "autre"));
    }
    let (them, advice) = if absent.len() >= 2 {
        (
            format!("aux {} autres ({named})", absent.len()),
            "S'ils ont aujourd'hui des établissements, ajoutez-les à current.csv ; s'il s'agit de postes nouveaux, \
             c'est attendu.",
        )
    } else {
        (
            format!("à l'autre ({named})"),
            "S'il a aujourd'hui des établissements, ajoutez-les à current.csv ; s'il s'agit d'un poste nouveau, c'est \
             attendu.",
        )
    };
    Some(format!(
        "{PARTIAL_CURRENT}{} sur {} : les demi-journées données {them} comptent comme des changements (continuité, \
         plafond de changements), et les chiffres de continuité mesurent aussi ce qui manque au fichier. {advice}",
        crate::french::counted(described.len() as u64, "assistant"),
        listed.len()
    ))
}

/// The prepared problem.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The scenario.
    pub scenario: Scenario,
    /// Establishments in scope, in file order.
    pub sites: Vec<Site>,
    /// Establishments left out of scope: (UAI, reason).
    pub out_of_scope: Vec<(String, String)>,
    /// Workers, or posts in budget-only mode.
    pub staff: Vec<Staff>,
    /// Whether the staff are posts generated from the budget.
    pub budget_only: bool,
    /// Site indices that can host the base of a worker without one (secondary establishments).
    pub candidate_bases: Vec<usize>,
    /// REP+ networks over site indices.
    pub networks: RepNetworks,
    /// Head collège of each site (écoles attached to an in-scope collège), when the REP+ rule applies.
    pub head: Vec<Option<usize>>,
    /// Units available in total (budget after reserve, never above the staff's capacity).
    pub budget_units: u32,
    /// ETP available before the reserve.
    pub available_fte: f64,
    /// Locks.
    pub locks: Vec<Lock>,
    /// Forbidden (worker, site) pairs, those of the excluded sites included.
    pub forbidden: BTreeSet<(usize, usize)>,
    /// Sites of `[locks] exclude`: forbidden to every worker and post, and no post's base.
    pub excluded: BTreeSet<usize>,
    /// Today's units per (worker, site).
    pub current: BTreeMap<(usize, usize), u32>,
    /// Today's sectors, in scope, of workers no longer in `workers.csv`: facts, not decisions
    /// (out of [`Problem::current`], so out of the stability rules), told by the plan
    /// ([`crate::departed`]).
    pub departed: Vec<crate::departed::DepartedLine>,
    /// Warnings (French), e.g. missing IPS, dropped current lines.
    pub warnings: Vec<String>,
    distances: DistanceOverrides,
    uai_index: BTreeMap<String, usize>,
    staff_index: BTreeMap<String, usize>,
}

/// Why `establishment` is outside `scenario`'s scope (« type lycee hors périmètre », « bassin
/// Nord hors périmètre »), or `None` when it is planned: the scope every plan applies, and the
/// readers' warnings name.
pub fn out_of_scope_reason(establishment: &Establishment, scenario: &Scenario) -> Option<String> {
    let scope = &scenario.scope;
    if !scope.kinds.contains(&establishment.kind) {
        return Some(format!("type {} hors périmètre", establishment.kind.code()));
    }
    if scope.bassins.is_empty() {
        return None;
    }
    match &establishment.bassin {
        Some(b) if scope.bassins.contains(b) => None,
        Some(b) => Some(format!("bassin {b} hors périmètre")),
        None => Some("bassin non renseigné, hors périmètre".to_string()),
    }
}

impl Problem {
    /// Prepares `instance` under `scenario`.
    pub fn new(instance: &Instance, scenario: &Scenario) -> Result<Problem, ProblemError> {
        let mut warnings = Vec::new();
        let mut sites = Vec::new();
        let mut out_of_scope = Vec::new();
        let p = &scenario.priorities;
        let unit = scenario.budget.unit_fte;
        let cap_units = scenario.fte_to_units_floor(scenario.need.max_fte_per_establishment);
        check_scope(instance, scenario)?;
        warnings.extend(scenario.warnings());
        for e in &instance.establishments {
            if let Some(why) = out_of_scope_reason(e, scenario) {
                out_of_scope.push((e.uai.clone(), why));
                continue;
            }
            let prio = priority(e, p);
            let nd = need(e, &scenario.need);
            if nd.ips_missing {
                warnings.push(format!("{} ({}) : IPS inconnu, facteur IPS pris à 1", e.uai, e.name));
            }
            if nd.pupils_estimated {
                warnings.push(format!(
                    "{} ({}) : élèves de cycle 3 inconnus, estimés à {:.0} % des élèves d'élémentaire",
                    e.uai,
                    e.name,
                    scenario.need.cycle3_share * 100.0
                ));
            }
            let curve = ValueCurve::new(prio.score, &nd, &scenario.need, unit);
            let must_cover = scenario.rules.must_cover.iter().any(|c| prio.has(*c))
                && (e.kind.is_secondary() || scenario.rules.must_cover_ecoles);
            sites.push(Site {
                establishment: e.clone(),
                priority: prio,
                need: nd,
                curve,
                min_units: scenario.min_presence_units(e.kind),
                cap_units,
                must_cover,
            });
        }
        let uai_index: BTreeMap<String, usize> =
            sites.iter().enumerate().map(|(i, s)| (s.uai().to_string(), i)).collect();
        // `[locks] serve`: each must be served, as a must-cover category's establishments are.
        for uai in &scenario.locks.serve {
            match uai_index.get(uai) {
                Some(&i) => sites[i].must_cover = true,
                None => return Err(ProblemError::UnknownUai { section: "[locks] serve".into(), uai: uai.clone() }),
            }
        }

        // REP+ networks.
        let mut links = Vec::new();
        for (i, s) in sites.iter().enumerate() {
            if s.kind() != Kind::Ecole {
                continue;
            }
            match s.establishment.network.as_ref().and_then(|n| uai_index.get(n)) {
                Some(&h) if sites[h].kind() == Kind::College => links.push((i, h)),
                _ => warnings.push(format!(
                    "{} ({}) : école REP+ sans collège tête de réseau dans le périmètre ({})",
                    s.uai(),
                    s.establishment.name,
                    s.establishment.network.as_deref().unwrap_or("réseau non renseigné")
                )),
            }
        }
        let networks = RepNetworks::new(links);
        let head: Vec<Option<usize>> = (0..sites.len())
            .map(|i| if scenario.rules.rep_plus_schools_follow_college { networks.head_of(i) } else { None })
            .collect();

        // Staff: the workers of `workers.csv`, then the posts the scenario adds (all of them,
        // made of the budget, without `workers.csv`).
        let budget_only = instance.workers.is_empty();
        let posts = scenario_posts(&instance.workers, &scenario.budget).ok_or(ProblemError::NoBudget)?;
        let listed = instance.workers.iter().map(|w| (w.clone(), false));
        let staff: Vec<Staff> = listed
            .chain(posts.into_iter().map(|w| (w, true)))
            .map(|(w, generated)| Staff {
                capacity_units: scenario.fte_to_units_floor(w.fte),
                max_establishments: w.max_establishments.unwrap_or(scenario.rules.max_establishments_per_worker),
                generated,
                worker: w,
            })
            .collect();
        let staff_index: BTreeMap<String, usize> =
            staff.iter().enumerate().map(|(k, s)| (s.worker.id.clone(), k)).collect();
        let staff_fte: f64 = staff.iter().map(|s| s.worker.fte).sum();
        // The budget counts the extra posts' ETP: they are not capped away.
        let available_fte = scenario.budget.total_with_extra_posts().map_or(staff_fte, |t| t.min(staff_fte));
        // Below, the budget against the time of `workers.csv`, as the scenario writes it (the
        // extra posts raise both by as much).
        let listed_fte = instance.workers.iter().map(|w| w.fte).sum::<f64>();
        if let Some(total) = scenario.budget.total_fte.filter(|&t| !budget_only && t > listed_fte + 1e-9) {
            let comma = |x: f64| crate::reason::dec(x, 1);
            let advice = if scenario.budget.extra_posts > 0 {
                "Les postes de `budget.extra_posts` relèvent d'autant le budget et le temps des assistants : l'écart \
                 reste le même."
            } else {
                "Pour simuler des postes nouveaux, donnez leur nombre à `budget.extra_posts` (postes à temps plein \
                 sans résidence, que le modèle choisit), ou ajoutez-les à workers.csv avec leur quotité et sans \
                 résidence."
            };
            warnings.push(format!(
                "budget.total_fte = {} dépasse le temps des assistants de workers.csv ({} ETP) : seuls ceux-ci \
                 sont répartis, {} ETP du budget n'ont pas d'assistant. {advice}",
                comma(total),
                comma(listed_fte),
                comma(total - listed_fte)
            ));
        }
        let staff_units: u32 = staff.iter().map(|s| s.capacity_units).sum();
        let budget_units =
            scenario.fte_to_units_floor((available_fte - scenario.budget.reserve_fte).max(0.0)).min(staff_units);
        if let Some(total) = scenario.budget.total_fte.filter(|&t| !budget_only && t < listed_fte - 1e-9) {
            // The symmetric case: employed workers' time no plan can use. Told, or the summary's
            // « 17,5 attribués sur 17,5 » and « 26 / 26 assistants mobilisés » hide it.
            let etp = crate::idle::etp;
            let idle_fte = f64::from(staff_units - budget_units) * unit;
            let idle = etp(idle_fte);
            let can = if idle_fte >= 2.0 { "ne peuvent" } else { "ne peut" };
            let reserve = scenario.budget.reserve_fte;
            warnings.push(format!(
                "budget.total_fte = {} est inférieur de {} ETP au temps des assistants de workers.csv ({} ETP){} \
                 {idle} ETP du temps d'assistants employés {can} recevoir aucun établissement, sans qu'aucun \
                 poste soit supprimé (voir « {} » ou « Temps non attribué »). Pour simuler des postes en moins, retirez-les de workers.csv ; \
                 pour répartir tout leur temps, retirez `budget.total_fte`.",
                etp(total),
                etp(listed_fte - total),
                etp(listed_fte),
                if reserve > 0.0 { format!(" ; avec la réserve de {} ETP,", etp(reserve)) } else { " :".to_string() },
                crate::idle::UNASSIGNED_STAFF_TIME
            ));
        }

        // Excluded establishments: in scope (their explanation says why they are not served),
        // forbidden to every worker and post below. One out of scope is not planned anyway.
        let mut excluded = BTreeSet::new();
        for uai in &scenario.locks.exclude {
            match uai_index.get(uai) {
                Some(&i) => {
                    excluded.insert(i);
                }
                None if instance.establishments.iter().any(|e| &e.uai == uai) => {}
                None => return Err(ProblemError::UnknownUai { section: "[locks] exclude".into(), uai: uai.clone() }),
            }
        }

        let candidate_bases = sites
            .iter()
            .enumerate()
            .filter(|(i, s)| s.kind().is_secondary() && !excluded.contains(i))
            .map(|(i, _)| i)
            .collect();

        // Locks and forbidden pairs.
        let resolve = |section: &str, uai: &str, worker: &str| -> Result<(usize, usize), ProblemError> {
            let k = *staff_index
                .get(worker)
                .ok_or_else(|| ProblemError::UnknownWorker { section: section.into(), worker: worker.into() })?;
            let i = *uai_index
                .get(uai)
                .ok_or_else(|| ProblemError::UnknownUai { section: section.into(), uai: uai.into() })?;
            Ok((k, i))
        };
        let mut locks = Vec::new();
        for l in &scenario.locks.assign {
            let (k, i) = resolve("[locks] assign", &l.uai, &l.worker)?;
            locks.push(Lock { worker: k, site: i, units: l.fte.map(|f| scenario.fte_to_units(f)) });
        }
        let mut forbidden = BTreeSet::new();
        for f in &scenario.locks.forbid {
            forbidden.insert(resolve("[locks] forbid", &f.uai, &f.worker)?);
        }
        forbidden.extend(excluded.iter().flat_map(|&i| (0..staff.len()).map(move |k| (k, i))));

        // Today's sectors. Lines out of the scope are left out; the instance's reader names
        // each of them (`sectoria_io`'s warnings, which every run puts in its plan). Those of
        // departed workers are kept apart below.
        let mut current = BTreeMap::new();
        for c in &instance.current {
            if let (Some(&k), Some(&i)) = (staff_index.get(&c.worker_id), uai_index.get(&c.uai)) {
                *current.entry((k, i)).or_insert(0) += scenario.fte_to_units(c.fte);
            }
        }
        if !budget_only {
            warnings.extend(partial_current(&staff, &current));
        }
        let departed = crate::departed::departed_lines(instance, |uai| uai_index.get(uai).copied());

        Ok(Problem {
            scenario: scenario.clone(),
            sites,
            out_of_scope,
            staff,
            budget_only,
            candidate_bases,
            networks,
            head,
            budget_units,
            available_fte,
            locks,
            forbidden,
            excluded,
            current,
            departed,
            warnings,
            distances: instance.distances.clone(),
            uai_index,
            staff_index,
        })
    }

    /// Candidate pairs the model would hold: for each worker whose eligibility is its own (and
    /// one plain post for all the others, see [`Problem::distinct_staff`]), the establishments
    /// it may serve from its fixed base, or from every candidate base when the model chooses it.
    /// Counting stops past `stop_after` (the size check needs no exact figure above its limit).
    pub fn candidate_pairs(&self, stop_after: usize) -> usize {
        let mut pairs = 0usize;
        for k in self.distinct_staff() {
            for base in self.base_options(k) {
                for i in 0..self.sites.len() {
                    if self.is_eligible(k, &base, i) {
                        pairs += 1;
                        if pairs > stop_after {
                            return pairs;
                        }
                    }
                }
            }
        }
        pairs
    }

    /// Refuses a problem larger than `limits` ([`ProblemError::TooLarge`], code `E170`), before
    /// any model is built. The establishment count is checked first: it costs nothing, and it
    /// bounds the cost of counting the pairs.
    pub fn check_size(&self, limits: &SizeLimits) -> Result<(), ProblemError> {
        if self.sites.len() > limits.max_establishments {
            return Err(ProblemError::TooLarge {
                what: format!("{} établissements dans le périmètre", self.sites.len()),
                found: self.sites.len(),
                limit: limits.max_establishments,
                option: "--max-establishments".to_string(),
            });
        }
        let pairs = self.candidate_pairs(limits.max_pairs);
        if pairs > limits.max_pairs {
            return Err(ProblemError::TooLarge {
                what: format!(
                    "plus de {} couples candidats assistant (ou résidence possible) – établissement à moins de \
                     la distance maximale",
                    limits.max_pairs
                ),
                found: pairs,
                limit: limits.max_pairs,
                option: "--max-pairs".to_string(),
            });
        }
        Ok(())
    }

    /// Whether site `i` is excluded by `[locks] exclude`.
    pub fn is_excluded(&self, i: usize) -> bool {
        self.excluded.contains(&i)
    }

    /// Site index of a UAI in scope.
    pub fn site_index(&self, uai: &str) -> Option<usize> {
        self.uai_index.get(uai).copied()
    }

    /// Staff index of a worker id.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff_index.get(id).copied()
    }

    /// The base position and UAI of a base choice.
    pub fn base_of<'a>(&'a self, choice: &'a BaseChoice) -> (LatLon, Option<&'a str>) {
        match choice {
            BaseChoice::Fixed(b) => (b.location, b.uai.as_deref()),
            BaseChoice::Site(b) => (self.sites[*b].establishment.location, Some(self.sites[*b].uai())),
        }
    }

    /// Road distance from worker `k` based at `base` to site `i`: `distances.csv` by worker id,
    /// then by base UAI, else 0 at the base itself, else great-circle × detour factor.
    ///
    /// # Units: kilometres
    pub fn km(&self, k: usize, base: &BaseChoice, i: usize) -> f64 {
        if let Some(d) = self.measured(k, base, i) {
            return d.km;
        }
        let to = self.sites[i].uai();
        let (loc, base_uai) = self.base_of(base);
        if base_uai == Some(to) {
            return 0.0;
        }
        loc.road_km(&self.sites[i].establishment.location, self.scenario.travel.detour_factor)
    }

    /// The `distances.csv` line for worker `k` based at `base` to site `i`: by worker id, then
    /// by base UAI.
    fn measured(&self, k: usize, base: &BaseChoice, i: usize) -> Option<&crate::instance::MeasuredDistance> {
        if self.distances.is_empty() {
            return None;
        }
        let to = self.sites[i].uai();
        let id = &self.staff[k].worker.id;
        self.distances.get(&(id.clone(), to.to_string())).or_else(|| {
            let (_, base_uai) = self.base_of(base);
            base_uai.and_then(|b| self.distances.get(&(b.to_string(), to.to_string())))
        })
    }

    /// One-way travel time from worker `k` based at `base` to site `i`: the `minutes` of
    /// `distances.csv` when given, else the km at `travel.estimate_kmh`.
    ///
    /// # Units: minutes
    pub fn minutes(&self, k: usize, base: &BaseChoice, i: usize) -> f64 {
        match self.measured(k, base, i).and_then(|d| d.minutes) {
            Some(m) => m,
            None => self.km(k, base, i) / self.scenario.travel.estimate_kmh * 60.0,
        }
    }

    /// Whether `distances.csv` gives travel times (its `minutes` column is filled somewhere).
    pub fn has_minutes(&self) -> bool {
        self.distances.values().any(|d| d.minutes.is_some())
    }

    /// Objective points lost per half-day (unit) of worker `k` based at `base` at site `i`:
    /// each half-day is a return trip, `2 × (weight_per_km × km + weight_per_minute × minutes)`.
    pub fn travel_cost_per_unit(&self, k: usize, base: &BaseChoice, i: usize) -> f64 {
        let t = &self.scenario.travel;
        let mut cost = t.weight_per_km * 2.0 * self.km(k, base, i);
        if t.weight_per_minute != 0.0 {
            cost += t.weight_per_minute * 2.0 * self.minutes(k, base, i);
        }
        cost
    }

    /// The weekly km cap of worker `k`: the smaller of its own (`max_weekly_km` of
    /// `workers.csv`) and the scenario's (`travel.max_weekly_km`), `None` without either. The
    /// one place a cap is read: every rule and message goes through it.
    pub fn km_cap(&self, k: usize) -> Option<KmCap> {
        KmCap::of(self.staff[k].worker.max_weekly_km, self.scenario.travel.max_weekly_km)
    }

    /// Whether some worker has a weekly km cap (its own or the scenario's).
    pub fn has_km_cap(&self) -> bool {
        (0..self.staff.len()).any(|k| self.km_cap(k).is_some())
    }

    /// Whether the one-way time from worker `k` based at `base` to site `i` exceeds
    /// `travel.max_minutes_one_way`.
    pub fn is_too_long(&self, k: usize, base: &BaseChoice, i: usize) -> bool {
        self.scenario.travel.max_minutes_one_way.is_some_and(|m| self.minutes(k, base, i) > m + 1e-9)
    }

    /// Whether `distances.csv` has a line from worker `k`'s id (such a worker's distances
    /// depend on who it is, not only on where it is based).
    pub fn has_worker_distances(&self, k: usize) -> bool {
        let id = &self.staff[k].worker.id;
        self.distances.range((id.clone(), String::new())..).next().is_some_and(|((from, _), _)| from == id)
    }

    /// Whether worker `k` is distinguishable from a plain post: a fixed base, or its own
    /// distances, forbidden pairs, locks, current sectors or weekly km cap (below the
    /// scenario's).
    pub fn is_distinct(&self, k: usize) -> bool {
        self.staff[k].worker.base.is_some()
            || self.km_cap(k).is_some_and(|c| c.own)
            || self.has_worker_distances(k)
            || self.forbidden.iter().any(|&(w, i)| w == k && !self.forbidden_to_all(i))
            || self.locks.iter().any(|l| l.worker == k)
            || self.current.keys().any(|&(w, _)| w == k)
    }

    /// Whether site `i` is forbidden to every worker (an establishment taken out, as a
    /// counterfactual does): such pairs do not tell workers apart.
    fn forbidden_to_all(&self, i: usize) -> bool {
        (0..self.staff.len()).all(|k| self.forbidden.contains(&(k, i)))
    }

    /// Staff whose eligibility may differ from every other's: the distinct workers, plus one
    /// plain post standing for all the others.
    pub fn distinct_staff(&self) -> Vec<usize> {
        let plain = (0..self.staff.len()).find(|&k| !self.is_distinct(k));
        (0..self.staff.len()).filter(|&k| self.is_distinct(k) || Some(k) == plain).collect()
    }

    /// Pairs kept whatever the distance: today's sectors and locks.
    pub fn is_exempt(&self, k: usize, i: usize) -> bool {
        self.current.contains_key(&(k, i)) || self.locks.iter().any(|l| l.worker == k && l.site == i)
    }

    /// Whether worker `k` based at `base` may serve site `i` (distance, forbidden pairs).
    pub fn is_eligible(&self, k: usize, base: &BaseChoice, i: usize) -> bool {
        if self.forbidden.contains(&(k, i)) {
            return false;
        }
        self.is_exempt(k, i)
            || (self.km(k, base, i) <= self.scenario.rules.max_distance_km + 1e-9 && !self.is_too_long(k, base, i))
    }

    /// Bases worker `k` may have: its fixed base, or every candidate site.
    pub fn base_options(&self, k: usize) -> Vec<BaseChoice> {
        match &self.staff[k].worker.base {
            Some(b) => vec![BaseChoice::Fixed(b.clone())],
            None => self.candidate_bases.iter().map(|&b| BaseChoice::Site(b)).collect(),
        }
    }

    /// Whether site `i` belongs to `category`.
    pub fn in_category(&self, i: usize, category: Category) -> bool {
        self.sites[i].priority.has(category)
    }

    /// Unit size, ETP.
    pub fn unit_fte(&self) -> f64 {
        self.scenario.budget.unit_fte
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::small_instance;

    /// A bassin of `[scope] bassins` that no establishment belongs to (a typo) is an error that
    /// names it and the bassins present, not an empty scope and an empty plan.
    #[test]
    fn a_bassin_no_establishment_belongs_to_is_named() {
        let mut instance = small_instance();
        for (e, b) in instance.establishments.iter_mut().zip(["Bassin Nord", "Bassin Sud", "Bassin Nord"]) {
            e.bassin = Some(b.to_string());
        }
        let mut scenario = Scenario::default();
        scenario.scope.bassins = vec!["Bassin Nord".to_string()];
        let p = Problem::new(&instance, &scenario).expect("a bassin present");
        assert!(!p.sites.is_empty());
        scenario.scope.bassins = vec!["Bassin Nord".to_string(), "bassin sud".to_string()];
        let message = Problem::new(&instance, &scenario).expect_err("a bassin absent").to_string();
        assert!(message.starts_with("E171"), "{message}");
        assert!(message.contains("« bassin sud »") && message.contains("« Bassin Nord », « Bassin Sud »"), "{message}");
    }

    /// `[locks] exclude` forbids the establishment to every worker and post — one added to
    /// workers.csv after the exclusion too — and no post is based there; the posts stay
    /// interchangeable. An unknown UAI is an E124 naming the key; one out of scope is not
    /// planned anyway; a scenario without the key excludes nothing.
    #[test]
    fn an_excluded_establishment_is_forbidden_to_every_worker_and_post() {
        let mut instance = small_instance();
        let mut scenario = Scenario::default();
        let p = Problem::new(&instance, &scenario).expect("valid");
        assert!(p.excluded.is_empty() && p.forbidden.is_empty());
        scenario.locks.exclude = vec!["0310002B".to_string()];
        instance.workers.push(crate::test_support::worker("ASS02", 0.5, LatLon::new(43.63, 1.40)));
        let p = Problem::new(&instance, &scenario).expect("valid");
        let b = p.site_index("0310002B").expect("still in scope");
        assert!(p.is_excluded(b) && p.excluded.len() == 1);
        for k in 0..p.staff.len() {
            assert!(p.base_options(k).iter().all(|base| !p.is_eligible(k, base, b)), "{k}");
        }
        assert!(p.is_eligible(1, &p.base_options(1)[0], p.site_index("0310001A").expect("a")));

        instance.workers.clear();
        scenario.budget.total_fte = Some(2.5);
        let p = Problem::new(&instance, &scenario).expect("valid");
        assert!(!p.candidate_bases.contains(&b) && p.candidate_bases.len() == 2, "{:?}", p.candidate_bases);
        assert!((0..p.staff.len()).all(|k| !p.is_distinct(k)), "the exclusion made the posts distinct");
        assert!((0..p.staff.len()).all(|k| p.base_options(k).iter().all(|base| !p.is_eligible(k, base, b))));

        scenario.locks.exclude = vec!["0310002B".to_string(), "0319999Z".to_string()];
        let err = Problem::new(&instance, &scenario).expect_err("unknown UAI");
        assert_eq!(err.code(), Some("E124"));
        let text = err.to_string();
        assert!(text.starts_with("E124 [locks] exclude : l'établissement 0319999Z"), "{text}");

        instance.establishments[2].kind = Kind::Lycee;
        scenario.scope.kinds = vec![Kind::College];
        scenario.locks.exclude = vec!["0310003C".to_string()];
        let p = Problem::new(&instance, &scenario).expect("out of scope: not planned anyway");
        assert!(p.excluded.is_empty() && p.site_index("0310003C").is_none());
    }

    #[test]
    fn an_establishment_forbidden_to_every_post_leaves_the_posts_interchangeable() {
        let mut instance = small_instance();
        instance.workers.clear();
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(2.5);
        let mut p = Problem::new(&instance, &scenario).expect("valid");
        assert!((0..p.staff.len()).all(|k| !p.is_distinct(k)));
        p.forbidden.extend((0..p.staff.len()).map(|k| (k, 1)));
        assert!((0..p.staff.len()).all(|k| !p.is_distinct(k)), "taking 0310002B out made the posts distinct");
        p.forbidden.remove(&(0, 1));
        assert!(p.is_distinct(1) && p.is_distinct(2) && !p.is_distinct(0));
    }

    #[test]
    fn a_budget_above_the_workers_time_is_told_not_silently_capped() {
        let instance = small_instance();
        let staff: f64 = instance.workers.iter().map(|w| w.fte).sum();
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(staff + 3.0);
        let p = Problem::new(&instance, &scenario).expect("valid");
        assert_eq!(p.available_fte, staff);
        let warned: Vec<&String> = p.warnings.iter().filter(|w| w.starts_with("budget.total_fte")).collect();
        assert_eq!(warned.len(), 1, "{:?}", p.warnings);
        assert!(warned[0].contains("3,0 ETP du budget n'ont pas d'assistant"), "{}", warned[0]);
        // A cap equal to the workers' time, or no cap, says nothing.
        for total in [Some(staff), None] {
            scenario.budget.total_fte = total;
            let p = Problem::new(&instance, &scenario).expect("valid");
            assert!(!p.warnings.iter().any(|w| w.starts_with("budget.total_fte")), "{total:?}: {:?}", p.warnings);
        }
    }

    /// A budget below the workers' time leaves employed workers' time without an establishment:
    /// the plan says how much (the reserve with it) and that no post is removed, as it does for
    /// a budget above (tester's session s46: « 26 / 26 assistants mobilisés », no warning).
    #[test]
    fn a_budget_below_the_workers_time_is_told_with_the_idle_time() {
        let mut instance = small_instance();
        instance.workers.push(crate::test_support::worker("ASS02", 0.8, LatLon::new(43.61, 1.44)));
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(1.2);
        scenario.budget.reserve_fte = 0.1;
        let p = Problem::new(&instance, &scenario).expect("valid");
        assert_eq!(p.budget_units, 11);
        let warned: Vec<&String> = p.warnings.iter().filter(|w| w.starts_with("budget.total_fte")).collect();
        assert_eq!(warned.len(), 1, "{:?}", p.warnings);
        assert!(
            warned[0].starts_with(
                "budget.total_fte = 1,2 est inférieur de 0,6 ETP au temps des assistants de workers.csv (1,8 ETP) ; \
                 avec la réserve de 0,1 ETP, 0,7 ETP du temps d'assistants employés ne peut recevoir aucun \
                 établissement, sans qu'aucun poste soit supprimé"
            ),
            "{}",
            warned[0]
        );
        scenario.budget.reserve_fte = 0.0;
        let p = Problem::new(&instance, &scenario).expect("valid");
        let warned = p.warnings.iter().find(|w| w.starts_with("budget.total_fte")).expect("warned");
        assert!(warned.contains("(1,8 ETP) : 0,6 ETP du temps d'assistants employés"), "{warned}");
    }

    #[test]
    fn travel_minutes_weigh_and_limit_pairs() {
        let mut instance = small_instance();
        // 0310002B is 20 minutes away by road, 0310003C has a measured km but no minutes.
        instance.distances.insert(
            ("ASS01".into(), "0310002B".into()),
            crate::instance::MeasuredDistance { km: 6.0, minutes: Some(20.0) },
        );
        instance
            .distances
            .insert(("ASS01".into(), "0310003C".into()), crate::instance::MeasuredDistance { km: 10.0, minutes: None });
        let mut scenario = Scenario::default();
        let p = Problem::new(&instance, &scenario).expect("valid");
        let base = p.base_options(0)[0].clone();
        let (b, c) = (p.site_index("0310002B").expect("b"), p.site_index("0310003C").expect("c"));
        assert!(p.has_minutes());
        assert_eq!(p.minutes(0, &base, b), 20.0);
        assert_eq!(p.minutes(0, &base, c), 12.0); // 10 km at 50 km/h
                                                  // Defaults: minutes cost nothing, no time limit (today's plans unchanged).
        assert_eq!(p.travel_cost_per_unit(0, &base, b), 0.3 * 2.0 * 6.0);
        assert!(p.is_eligible(0, &base, b));
        scenario.travel.weight_per_minute = 0.1;
        scenario.travel.max_minutes_one_way = Some(15.0);
        let p = Problem::new(&instance, &scenario).expect("valid");
        assert!((p.travel_cost_per_unit(0, &base, b) - (3.6 + 4.0)).abs() < 1e-12);
        assert!(!p.is_eligible(0, &base, b) && p.is_too_long(0, &base, b));
        assert!(p.is_eligible(0, &base, c));
    }

    #[test]
    fn the_size_check_names_the_limit_and_the_option() {
        let problem = Problem::new(&small_instance(), &Scenario::default()).expect("valid");
        assert_eq!(problem.check_size(&SizeLimits::default()), Ok(()));
        let tight = SizeLimits { max_establishments: 2, ..SizeLimits::default() };
        let err = problem.check_size(&tight).expect_err("three establishments");
        let text = err.to_string();
        assert!(text.starts_with(TOO_LARGE_CODE), "{text}");
        assert_eq!(err.code(), Some(TOO_LARGE_CODE));
        assert_eq!(ProblemError::NoBudget.code(), None);
        assert!(text.contains("3 établissements dans le périmètre, pour une limite de 2"), "{text}");
        assert!(text.contains("--max-establishments") && text.contains("par département"), "{text}");
        // One worker with a fixed base and three collèges a few km apart: three pairs.
        assert_eq!(problem.candidate_pairs(usize::MAX), 3);
        let err = problem.check_size(&SizeLimits { max_pairs: 2, ..SizeLimits::default() }).expect_err("pairs");
        assert!(matches!(err, ProblemError::TooLarge { found: 3, limit: 2, .. }), "{err:?}");
        assert!(err.to_string().contains("--max-pairs"));
    }
}
