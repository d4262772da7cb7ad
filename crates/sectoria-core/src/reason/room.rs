//! A worker within reach of an establishment that cannot take it without giving up time
//! elsewhere ([`WorkerRoom`]), and the local estimate of that move ([`Freeing`]), counted as the
//! objective counts it: the half-days placed here, net of travel and fragmentation, against
//! those freed for them — its own, and when the budget is spent, as many taken elsewhere — and
//! the continuity penalty of every half-day changed against `current.csv` (placed here and freed
//! elsewhere). The move must keep the sector size limit, the weekly km cap and the cap on
//! changes: when one of them, or the continuity penalty, is what holds it back, the worker's line
//! names it with its figures. Only a move that keeps every rule and still gains beyond the plan's
//! tolerance says that the plan can do better, and not when the full re-solve proved that serving
//! the establishment costs points ([`super::Disproof`]).

use super::{last_unit_value, Analysis, Cutoff};
use crate::french::{counted, half_days, points};
use crate::objective::{changed_units, weekly_km};
use std::fmt;

/// A worker within reach of an establishment, and how full it is.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerRoom {
    /// Worker id.
    pub id: String,
    /// Road distance to the establishment, km.
    pub km: f64,
    /// Half-days taken.
    pub units_used: u32,
    /// Capacity, half-days.
    pub capacity_units: u32,
    /// Secondary establishments in its sector.
    pub sector_size: u32,
    /// Its sector size limit.
    pub max_sector: u32,
    /// What a half-day here would bring from this worker, net of its travel (and of the
    /// fragmentation cost of a new pair), points: the figure to set against `least_useful`.
    pub here_net: f64,
    /// Half-days it would take here (its minimum presence when not served, else one).
    pub units: u32,
    /// Whether the establishment is served (one more half-day is then asked, and its
    /// counterfactual prices taking it out, not this move).
    pub served: bool,
    /// Where its least useful half-day that can move goes, net of travel: the establishment
    /// and the points (elsewhere than here; above the minimum presence and the scenario's
    /// half-days, as one half-day taken from an establishment at its minimum presence would
    /// take it out).
    pub least_useful: Option<Cutoff>,
    /// Whether the move needs time freed: its own time is short, the budget is spent, or its
    /// sector is full.
    pub needs_freeing: bool,
    /// The cheapest way to free what the move needs (`None`: nothing can be freed).
    pub freeing: Option<Freeing>,
    /// Its establishments elsewhere whose half-days cannot move (at their minimum presence and
    /// mandatory or held by the scenario): UAI, half-days, why.
    pub fixed: Vec<(String, u32, &'static str)>,
    /// The plan's tolerance in points, when known.
    pub tolerance: Option<f64>,
    /// Its half-days the scenario imposes (`[locks] assign`), per establishment (UAI).
    pub locked: Vec<(String, u32)>,
    /// Its free half-days the plan leaves unused because the budget is spent.
    pub idle: Option<Idle>,
    /// Whether its sector is full and the move needs a place in it.
    pub sector_full: bool,
    /// Whether its own half-days could be freed but none elsewhere can go back to the budget.
    pub budget_blocked: bool,
    /// Units the half-days placed here change against today's sectors.
    pub here_changes: i64,
    /// `stability.penalty_per_unit`.
    pub penalty_per_unit: f64,
    /// When the move would take the worker over its weekly km cap ([`crate::Problem::km_cap`]).
    pub km_over: Option<KmOver>,
    /// When the move would take the plan over `stability.max_changes`.
    pub changes_over: Option<ChangesOver>,
    /// Whether the full re-solve proved that serving the establishment costs points: a gain
    /// found here is then said to hold for this exchange alone.
    pub disproved: bool,
    /// Whether it is named because the counterfactual's best plan serves the establishment with
    /// it, though it is not among the nearest.
    pub counterfactual: bool,
}

/// What holds back a worker's exchange, as the reason sums it up beside the budget's cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Obstacle {
    /// The half-days it would free are worth more elsewhere, travel counted.
    Costs,
    /// The exchange gains, but the continuity penalty takes more.
    Continuity,
    /// The weekly km cap or the cap on changes.
    Cap,
    /// Nothing can be freed: its half-days are held by the rules, or none can go back to the
    /// budget.
    Stuck,
    /// The exchange gains points.
    Gain,
}

/// A worker's free half-days the plan leaves unused because the budget is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Idle {
    /// Half-days.
    pub units: u32,
    /// Why: the reserve, the budget, or both.
    pub why: IdleWhy,
}

/// What holds back a worker's free half-days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleWhy {
    /// The reserve (`budget.reserve_fte`): the budget after the reserve is spent.
    Reserve,
    /// The budget (`budget.total_fte`) below the workers' time.
    Budget,
    /// Both.
    BudgetAndReserve,
}

/// A move that would take its worker over the weekly km cap.
#[derive(Debug, Clone, PartialEq)]
pub struct KmOver {
    /// The worker's weekly km in the plan.
    pub weekly_km: f64,
    /// Km per week the move adds (net of the half-days it frees).
    pub added_km: f64,
    /// The worker's cap, its own or the scenario's.
    pub cap: crate::problem::KmCap,
}

/// A move that would take the plan over the cap on changes.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangesOver {
    /// Units changed in the plan.
    pub changed: u32,
    /// Units the move adds.
    pub added: i64,
    /// `stability.max_changes`.
    pub max_changes: u32,
}

/// The cheapest way to free what a move needs: half-days of the worker taken from
/// establishments above their minimum presence, and/or one of its establishments taken out of
/// its sector, and, when the budget is spent, half-days of other workers taken elsewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct Freeing {
    /// Half-days freed from the worker itself.
    pub units: u32,
    /// Points lost, net of the travel (and fragmentation) saved, every take counted.
    pub cost: f64,
    /// Per establishment of the worker (UAI): its half-days before and after.
    pub takes: Vec<(String, u32, u32)>,
    /// Half-days taken from other workers to stay within the budget: establishment (UAI),
    /// worker, half-days before and after.
    pub budget_takes: Vec<(String, String, u32, u32)>,
    /// Units these takes change against today's sectors (negative: back towards them).
    pub changes: i64,
    /// Weekly km the worker saves.
    pub km_saved: f64,
}

impl Freeing {
    /// « retirer 0660864F (2 demi-journées à sa présence minimale) », « prendre 1 demi-journée à
    /// 0660028X (6 → 5) et, pour rester dans le budget, … »: the takes, without their cost.
    fn takes_text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let own: Vec<String> = self
            .takes
            .iter()
            .map(|(uai, from, to)| match to {
                0 => format!("retirer {uai} ({} à sa présence minimale)", half_days(*from)),
                _ => format!("prendre {} à {uai} ({from} → {to})", half_days(from - to)),
            })
            .collect();
        let budget: Vec<String> = self
            .budget_takes
            .iter()
            .map(|(uai, w, from, to)| format!("prendre {} à {uai} ({w}, {from} → {to})", half_days(from - to)))
            .collect();
        match (own.is_empty(), budget.is_empty()) {
            (_, true) => write!(f, "{}", own.join(" et ")),
            (true, false) => write!(f, "{} pour rester dans le budget", budget.join(" et ")),
            (false, false) => {
                write!(f, "{} et, pour rester dans le budget, {}", own.join(" et "), budget.join(" et "))
            }
        }
    }
}

impl fmt::Display for Freeing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.takes_text(f)?;
        write!(f, ", ce qui coûterait {}", points(self.cost, 1))
    }
}

impl fmt::Display for Idle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (which, held) = if self.units > 1 {
            (format!("les {} dernières", self.units), "tenues")
        } else {
            ("la dernière".to_string(), "tenue")
        };
        match self.why {
            IdleWhy::Reserve => write!(f, "{which} {held} en réserve (`budget.reserve_fte`)"),
            IdleWhy::Budget => write!(f, "{which} hors du budget (`budget.total_fte`), entièrement attribué"),
            IdleWhy::BudgetAndReserve => {
                write!(f, "{which} hors du budget après réserve (`budget.total_fte`, `budget.reserve_fte`)")
            }
        }
    }
}

impl WorkerRoom {
    /// Whether the text says that the move gains points: it needs time freed, the time can be
    /// freed, no rule stops it, and its gain, continuity counted, is positive.
    pub fn claims_gain(&self) -> bool {
        self.net_gain().is_some_and(|g| g > 1e-9) && self.km_over.is_none() && self.changes_over.is_none()
    }

    /// What holds the exchange back (`None`: it needs no time freed).
    pub fn obstacle(&self) -> Option<Obstacle> {
        if !self.needs_freeing {
            return None;
        }
        if self.claims_gain() {
            return Some(Obstacle::Gain);
        }
        if self.km_over.is_some() || self.changes_over.is_some() {
            return Some(Obstacle::Cap);
        }
        Some(match self.gains() {
            None => Obstacle::Stuck,
            Some((local, _)) if local <= 1e-9 => Obstacle::Costs,
            Some(_) => Obstacle::Continuity,
        })
    }

    /// « cette demi-journée », « ces 2 demi-journées »: the half-days it would place here.
    fn these(&self) -> String {
        match self.units {
            1 => "cette demi-journée".to_string(),
            n => format!("ces {}", half_days(n)),
        }
    }

    /// The move's gain before continuity, and after.
    fn gains(&self) -> Option<(f64, f64)> {
        let fr = self.freeing.as_ref().filter(|_| self.needs_freeing)?;
        let local = self.here_net * f64::from(self.units) - fr.cost;
        Some((local, local - self.continuity()))
    }

    fn net_gain(&self) -> Option<f64> {
        self.gains().map(|g| g.1)
    }

    /// Units changed by the whole move (placed here and freed elsewhere).
    fn changes(&self) -> i64 {
        self.here_changes + self.freeing.as_ref().map_or(0, |fr| fr.changes)
    }

    fn continuity(&self) -> f64 {
        self.penalty_per_unit * self.changes() as f64
    }

    /// « : y placer 2 demi-journées gagnerait 26,2 points » and what holds it back, or the
    /// tolerance it is set against.
    fn gain_text(&self, f: &mut fmt::Formatter<'_>, local: f64, gain: f64) -> fmt::Result {
        // A gain the full re-solve disproves is not stated as one: the exchange alone misses a
        // rule or a chain of moves, and the proof follows ([`super::Disproof`]).
        if self.disproved && self.km_over.is_none() && self.changes_over.is_none() && gain > 1e-9 {
            return write!(
                f,
                " : cet échange seul semblerait gagner {}, une estimation qui ne voit pas tout le plan",
                points(gain, 1)
            );
        }
        match self.freeing.as_ref().is_some_and(|fr| !fr.budget_takes.is_empty()) {
            // « pour y placer 2 demi-journées, il faudrait … » comes just before.
            true => write!(f, " : l'échange gagnerait {}", points(local, 1))?,
            false => write!(f, " : y placer {} gagnerait {}", half_days(self.units), points(local, 1))?,
        }
        if let Some(o) = &self.km_over {
            return write!(
                f,
                ", mais {} dépasserait {} de {} km par semaine ({} ; {} km, +{} km)",
                self.id,
                if o.cap.own { "son propre plafond" } else { "son plafond" },
                super::dec(o.cap.km, 0),
                if o.cap.own { o.cap.key().to_string() } else { format!("celui du scénario, {}", o.cap.key()) },
                super::dec(o.weekly_km, 1),
                super::dec(o.added_km, 1)
            );
        }
        if let Some(c) = &self.changes_over {
            return write!(
                f,
                ", mais le plan dépasserait son plafond de changements (`stability.max_changes` = {}) : il change déjà {}, le mouvement en ajouterait {}",
                c.max_changes,
                half_days(c.changed),
                half_days(u32::try_from(c.added.max(0)).unwrap_or(u32::MAX))
            );
        }
        let changes = self.changes();
        let continuity = self.continuity();
        if gain <= 1e-9 {
            return write!(
                f,
                ", mais la continuité coûterait {} ({} par rapport aux secteurs actuels)",
                points(continuity, 1),
                counted(changes.unsigned_abs(), "demi-journée changée")
            );
        }
        if changes > 0 && continuity > 1e-9 {
            write!(
                f,
                ", {} une fois la continuité déduite ({} pour {} par rapport aux secteurs actuels)",
                points(gain, 1),
                points(continuity, 1),
                counted(changes.unsigned_abs(), "demi-journée changée")
            )?;
        } else if changes < 0 && continuity < -1e-9 {
            write!(
                f,
                ", {} avec la continuité ({} en moins par rapport aux secteurs actuels)",
                points(gain, 1),
                counted(changes.unsigned_abs(), "demi-journée changée")
            )?;
        }
        match self.tolerance {
            Some(t) if gain <= t + 1e-9 => {
                write!(f, ", dans la tolérance du plan ({}) : un plan aussi bon peut le faire", points(t, 1))
            }
            Some(t) => write!(
                f,
                ", au-delà de la tolérance du plan ({}) : le plan peut mieux faire{}",
                points(t, 1),
                if self.served { "" } else { " ; le contrefactuel le chiffre" }
            ),
            None => write!(f, " : un gain que le solveur n'a pas trouvé avant de s'arrêter"),
        }
    }
}

impl fmt::Display for WorkerRoom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (à {} km) : {} sur {} demi-journées prises",
            self.id,
            super::dec(self.km, 1),
            self.units_used,
            self.capacity_units
        )?;
        if let Some(idle) = &self.idle {
            write!(f, ", {idle}")?;
        }
        if !self.locked.is_empty() {
            let n: u32 = self.locked.iter().map(|(_, u)| u).sum();
            let at: Vec<&str> = self.locked.iter().map(|(uai, _)| uai.as_str()).collect();
            write!(f, " (dont {n} gardée{} par le scénario à {})", if n > 1 { "s" } else { "" }, at.join(", "))?;
        }
        write!(f, ", secteur de {} sur {} établissements", self.sector_size, self.max_sector)?;
        if self.units_used >= self.capacity_units {
            write!(f, " — tout son temps est pris")?;
        } else if self.sector_size >= self.max_sector {
            write!(f, " — secteur complet")?;
        }
        let here = self.here_net * f64::from(self.units);
        if self.units >= 2 {
            write!(
                f,
                " ; ici, sa présence minimale de {} lui rapporterait {} ({} chacune), trajets déduits",
                half_days(self.units),
                points(here, 1),
                super::dec(self.here_net, 1)
            )?;
        } else {
            write!(f, " ; ici, une demi-journée lui rapporterait {}, trajets déduits", points(self.here_net, 1))?;
        }
        if !self.needs_freeing {
            return Ok(());
        }
        let Some(fr) = &self.freeing else {
            if self.budget_blocked {
                return write!(
                    f,
                    " ; aucune demi-journée d'un autre assistant ne peut revenir au budget pour l'y placer"
                );
            }
            match self.sector_full {
                true => write!(f, " ; aucun établissement de son secteur ne peut en sortir pour lui faire place")?,
                false => write!(f, " ; aucune de ses demi-journées ailleurs ne peut être déplacée")?,
            }
            if !self.fixed.is_empty() {
                let why: Vec<String> =
                    self.fixed.iter().map(|(u, n, w)| format!("{u} ({}, {w})", half_days(*n))).collect();
                write!(f, " : {}", why.join(", "))?;
            }
            return Ok(());
        };
        let single = fr.units == 1 && fr.budget_takes.is_empty() && fr.takes.iter().all(|t| t.2 > 0);
        match (single, &self.least_useful) {
            (true, Some(l)) => write!(
                f,
                ", sa demi-journée la moins utile ailleurs en rapporte {} ({})",
                super::dec(l.value_per_unit, 1),
                l.uai
            )?,
            _ if fr.budget_takes.is_empty() => self.own_freeing_text(f, fr)?,
            _ => write!(f, " ; pour y placer {}, il faudrait {fr}", half_days(self.units))?,
        }
        let Some((local, gain)) = self.gains() else { return Ok(()) };
        if local > 1e-9 {
            self.gain_text(f, local, gain)?;
        } else if !single {
            let would = if self.units >= 2 { "rapporteraient" } else { "rapporterait" };
            write!(f, " : plus que ce que {} {would} ici", self.these())?;
        }
        Ok(())
    }
}

impl WorkerRoom {
    /// « ; pour lui libérer cette demi-journée, il faudrait retirer 0660864F (2 demi-journées à
    /// sa présence minimale), soit 2 demi-journées libérées pour 1 placée ici, ce qui coûterait
    /// 183,1 points »: what it frees of its own, set against what the move asks, the half-days
    /// it has free counted, or the place in its sector when that is what is missing.
    fn own_freeing_text(&self, f: &mut fmt::Formatter<'_>, fr: &Freeing) -> fmt::Result {
        let free = self.capacity_units.saturating_sub(self.units_used);
        let wanted = self.units.saturating_sub(free);
        if wanted == 0 {
            write!(f, " ; pour lui faire une place dans son secteur, il faudrait ")?;
        } else if free == 0 {
            write!(f, " ; pour lui libérer {}, il faudrait ", self.these())?;
        } else {
            let missing =
                if wanted == 1 { "celle qui manque".to_string() } else { format!("les {wanted} qui manquent") };
            write!(f, " ; il lui reste {} ; pour lui libérer {missing}, il faudrait ", half_days(free))?;
        }
        fr.takes_text(f)?;
        if wanted > 0 && fr.units > wanted {
            let placed = if free == 0 {
                format!("{} ici", if self.units >= 2 { "placées" } else { "placée" })
            } else {
                format!("qui {}", if wanted >= 2 { "manquent" } else { "manque" })
            };
            write!(f, ", soit {} libérées pour {wanted} {placed}", half_days(fr.units))?;
        }
        write!(f, ", ce qui coûterait {}", points(fr.cost, 1))
    }
}

/// A half-day (or a whole establishment) a worker could give up, with what it would cost.
#[derive(Debug, Clone, Copy)]
pub(super) struct Give {
    pub(super) worker: usize,
    pub(super) site: usize,
    /// Half-days given up: one, or the establishment's whole time when it is taken out.
    pub(super) units: u32,
    /// Service value lost, before the travel saved.
    pub(super) value: f64,
    /// Points lost, net of the travel (and for a whole establishment, fragmentation) saved.
    pub(super) cost: f64,
    /// Units changed against today's sectors (negative: back towards them).
    pub(super) changes: i64,
    /// Weekly km the worker saves.
    pub(super) km: f64,
    /// Whether it frees a place in the sector (a secondary establishment taken out).
    place: bool,
}

/// What a worker could give up for an establishment: single half-days (cheapest first), whole
/// establishments, and those whose half-days cannot move, with why.
pub(super) struct Movable {
    pub(super) singles: Vec<Give>,
    pub(super) drops: Vec<Give>,
    fixed: Vec<(String, u32, &'static str)>,
}

/// One way to free what a move needs.
#[derive(Clone)]
struct Way {
    own: Vec<Give>,
    budget: Vec<Give>,
    score: f64,
    km_over: Option<KmOver>,
    changes_over: Option<ChangesOver>,
}

impl Analysis<'_> {
    /// Units changed against today's sectors when worker `k` goes from `from` to `to`
    /// half-days at site `j` (negative: back towards today's sectors; 0 without them).
    pub(super) fn pair_change(&self, k: usize, j: usize, from: u32, to: u32) -> i64 {
        if self.problem.current.is_empty() {
            return 0;
        }
        let today = self.problem.current.get(&(k, j)).copied().unwrap_or(0);
        i64::from(to.abs_diff(today)) - i64::from(from.abs_diff(today))
    }

    /// What worker `k` could give up for site `i` (elsewhere than `i`): each half-day that can
    /// move alone (above its establishment's minimum presence and the scenario's half-days),
    /// the establishments it could take out whole (at their minimum presence, neither mandatory
    /// nor held, no REP+ école following them), each with what it would cost as the objective
    /// counts it, and those whose half-days cannot move, with why.
    pub(super) fn movable(&self, k: usize, i: usize) -> Movable {
        let p = self.problem;
        let mut out = Movable { singles: Vec::new(), drops: Vec::new(), fixed: Vec::new() };
        let Some(base) = self.solution.bases[k].as_ref() else { return out };
        let penalty = p.scenario.stability.penalty_per_unit;
        for a in self.solution.assignments.iter().filter(|a| a.worker == k && a.units > 0 && a.site != i) {
            let j = a.site;
            let site = &p.sites[j];
            let travel = p.travel_cost_per_unit(k, base, j);
            let km = 2.0 * p.km(k, base, j);
            let floor = site.min_units.max(self.forced_units(j));
            let n = self.per_site[j];
            let movable = a.units.min(n.saturating_sub(floor));
            for t in 0..movable {
                let pair = a.units - t;
                let value = last_unit_value(p, j, n - t);
                out.singles.push(Give {
                    worker: k,
                    site: j,
                    units: 1,
                    value,
                    cost: value - travel,
                    changes: self.pair_change(k, j, pair, pair - 1),
                    km,
                    place: false,
                });
            }
            let ecoles_follow = (0..p.sites.len()).any(|e| p.head[e] == Some(j) && self.per_site[e] > 0);
            if movable == 0 {
                if site.must_cover {
                    out.fixed.push((site.uai().to_string(), a.units, "présence minimale, couverture obligatoire"));
                } else if self.forced_units(j) > 0 {
                    out.fixed.push((site.uai().to_string(), a.units, "gardé par le scénario"));
                } else if ecoles_follow {
                    out.fixed.push((site.uai().to_string(), a.units, "présence minimale, ses écoles REP+ le suivent"));
                }
            }
            if n == a.units && n <= site.min_units && !site.must_cover && self.forced_units(j) == 0 && !ecoles_follow {
                let value = site.curve.value(f64::from(n));
                out.drops.push(Give {
                    worker: k,
                    site: j,
                    units: n,
                    value,
                    cost: value - travel * f64::from(n) - p.scenario.rules.fragmentation_cost,
                    changes: self.pair_change(k, j, n, 0),
                    km: km * f64::from(n),
                    place: site.kind().is_secondary(),
                });
            }
        }
        let score = |g: &Give| g.cost + penalty * g.changes as f64;
        out.singles.sort_by(|a, b| score(a).total_cmp(&score(b)).then(a.site.cmp(&b.site)));
        out
    }

    /// The half-days of the workers other than `k` that could go back to the budget (not at
    /// `i`), cheapest first.
    fn budget_pool(&self, k: usize, i: usize) -> Vec<Give> {
        let penalty = self.problem.scenario.stability.penalty_per_unit;
        let mut pool: Vec<Give> =
            (0..self.problem.staff.len()).filter(|&w| w != k).flat_map(|w| self.movable(w, i).singles).collect();
        let score = |g: &Give| g.cost + penalty * g.changes as f64;
        pool.sort_by(|a, b| score(a).total_cmp(&score(b)).then(a.site.cmp(&b.site)).then(a.worker.cmp(&b.worker)));
        pool
    }

    /// The ways for worker `k` to free what placing `units` half-days at site `i` needs: its
    /// own half-days (or one of its establishments taken out, the only way when its sector is
    /// full) and, when the budget lacks half-days, as many of the other workers'. `here` is
    /// what the half-days placed at `i` bring, net of travel and fragmentation. The cheapest way
    /// is chosen when it keeps the weekly km cap and the cap on changes; else the cheapest that
    /// keeps them if it still gains; else the cheapest, whose broken cap is then the reason.
    /// Returns it, and whether the budget alone could not be met.
    fn cheapest_freeing(
        &self,
        k: usize,
        i: usize,
        units: u32,
        here: f64,
        m: &Movable,
        sector_full: bool,
    ) -> (Option<Way>, bool) {
        let p = self.problem;
        let s = &p.scenario;
        let free = p.staff[k].capacity_units.saturating_sub(self.per_worker[k]);
        let own_needed = units.saturating_sub(free);
        let short = units.saturating_sub(self.budget_left());
        let pool = if short > 0 { self.budget_pool(k, i) } else { Vec::new() };
        let here_changes = self.pair_change(k, i, self.solution.units(k, i), self.solution.units(k, i) + units);
        let weekly = weekly_km(p, self.solution, k);
        let added_here = self.solution.bases[k].as_ref().map_or(0.0, |b| 2.0 * p.km(k, b, i) * f64::from(units));
        let changed = s.stability.max_changes.map(|_| changed_units(p, self.solution));
        let drops: Vec<Option<&Give>> = if sector_full {
            m.drops.iter().filter(|d| d.place).map(Some).collect()
        } else {
            std::iter::once(None).chain(m.drops.iter().map(Some)).collect()
        };
        // The cheapest way, and the cheapest that keeps the caps.
        let (mut best, mut best_within, mut blocked): (Option<Way>, Option<Way>, bool) = (None, None, false);
        for d in drops {
            let dropped = d.map_or(0, |g| g.units);
            let avail: Vec<Give> = m.singles.iter().filter(|g| Some(g.site) != d.map(|x| x.site)).copied().collect();
            let least = own_needed.saturating_sub(dropped) as usize;
            if avail.len() < least {
                continue;
            }
            let most = least.max(short.saturating_sub(dropped) as usize).min(avail.len());
            for n in least..=most {
                let own: Vec<Give> = d.copied().into_iter().chain(avail[..n].iter().copied()).collect();
                let own_units = dropped + n as u32;
                let wanted = short.saturating_sub(own_units) as usize;
                let budget: Vec<Give> = pool.iter().take(wanted).copied().collect();
                if budget.len() < wanted {
                    blocked = true;
                    continue;
                }
                let all = || own.iter().chain(&budget);
                let changes: i64 = all().map(|g| g.changes).sum();
                let score = all().map(|g| g.cost).sum::<f64>() + s.stability.penalty_per_unit * changes as f64;
                let added_km = added_here - own.iter().map(|g| g.km).sum::<f64>();
                let km_over = p
                    .km_cap(k)
                    .filter(|cap| added_km > 1e-9 && cap.exceeded_by(weekly + added_km, 1e-9))
                    .map(|cap| KmOver { weekly_km: weekly, added_km, cap });
                let added = here_changes + changes;
                let changes_over = s
                    .stability
                    .max_changes
                    .zip(changed)
                    .filter(|&(max, now)| added > 0 && i64::from(now) + added > i64::from(max))
                    .map(|(max_changes, changed)| ChangesOver { changed, added, max_changes });
                let option = Way { own, budget, score, km_over, changes_over };
                let within = option.km_over.is_none() && option.changes_over.is_none();
                if within && best_within.as_ref().is_none_or(|b| option.score < b.score - 1e-9) {
                    best_within = Some(option.clone());
                }
                if best.as_ref().is_none_or(|b| option.score < b.score - 1e-9) {
                    best = Some(option);
                }
            }
        }
        // A way within the caps when it is the cheapest or still gains; else the cheapest, and
        // the cap it breaks is the reason.
        let here = here - s.stability.penalty_per_unit * here_changes as f64;
        let chosen = match best_within {
            Some(w) if best.as_ref().is_some_and(|b| b.km_over.is_none() && b.changes_over.is_none()) => Some(w),
            Some(w) if w.score < here - 1e-9 => Some(w),
            _ => best,
        };
        let blocked = blocked && chosen.is_none();
        (chosen, blocked)
    }

    /// The freeing of `option`, written with each establishment's half-days before and after.
    fn freeing_of(&self, option: &Way) -> Freeing {
        let p = self.problem;
        let mut takes: Vec<(String, u32, u32)> = Vec::new();
        for g in &option.own {
            let uai = p.sites[g.site].uai().to_string();
            match takes.iter_mut().find(|t| t.0 == uai) {
                Some(t) => t.2 -= g.units,
                None => takes.push((uai, self.per_site[g.site], self.per_site[g.site] - g.units)),
            }
        }
        let mut budget_takes: Vec<(String, String, u32, u32)> = Vec::new();
        for g in &option.budget {
            let (uai, w) = (p.sites[g.site].uai().to_string(), p.staff[g.worker].worker.id.clone());
            match budget_takes.iter_mut().find(|t| t.0 == uai && t.1 == w) {
                Some(t) => t.3 -= 1,
                None => budget_takes.push((uai, w, self.per_site[g.site], self.per_site[g.site] - 1)),
            }
        }
        let all = || option.own.iter().chain(&option.budget);
        Freeing {
            units: option.own.iter().map(|g| g.units).sum(),
            cost: all().map(|g| g.cost).sum(),
            takes,
            budget_takes,
            changes: all().map(|g| g.changes).sum(),
            km_saved: option.own.iter().map(|g| g.km).sum(),
        }
    }

    /// Worker `k`'s free half-days the plan leaves unused because the budget is spent, and why.
    fn idle(&self, k: usize) -> Option<Idle> {
        let p = self.problem;
        let free = p.staff[k].capacity_units.saturating_sub(self.per_worker[k]);
        if free == 0 || self.budget_left() > 0 || p.budget_only {
            return None;
        }
        let reserve = p.scenario.budget.reserve_fte > 1e-9;
        let staff: f64 = p.staff.iter().map(|s| s.worker.fte).sum();
        let below = p.scenario.budget.total_with_extra_posts().is_some_and(|t| t < staff - 1e-9);
        let why = match (reserve, below) {
            (true, false) => IdleWhy::Reserve,
            (false, _) => IdleWhy::Budget,
            (true, true) => IdleWhy::BudgetAndReserve,
        };
        Some(Idle { units: free, why })
    }

    /// Worker `k` (at `km` from site `i`) and how full it is; `units` half-days at `i` would
    /// be worth `value` points each before travel.
    pub(super) fn room(&self, k: usize, km: f64, i: usize, units: u32, value: f64) -> WorkerRoom {
        let p = self.problem;
        let st = &p.staff[k];
        let base = self.solution.bases[k].as_ref().expect("within reach: has a base");
        let new_pair = self.solution.units(k, i) == 0;
        let fragmentation = if new_pair { p.scenario.rules.fragmentation_cost / f64::from(units) } else { 0.0 };
        let m = self.movable(k, i);
        let free = st.capacity_units.saturating_sub(self.per_worker[k]);
        let sector_full = new_pair && p.sites[i].kind().is_secondary() && self.sector_size[k] >= st.max_establishments;
        let needs_freeing = units > free || units > self.budget_left() || sector_full;
        let here_net = value - p.travel_cost_per_unit(k, base, i) - fragmentation;
        let (option, budget_blocked) = if needs_freeing {
            self.cheapest_freeing(k, i, units, here_net * f64::from(units), &m, sector_full)
        } else {
            (None, false)
        };
        WorkerRoom {
            here_net,
            id: st.worker.id.clone(),
            km,
            units_used: self.per_worker[k],
            capacity_units: st.capacity_units,
            sector_size: self.sector_size[k],
            max_sector: st.max_establishments,
            units,
            served: self.per_site[i] > 0,
            least_useful: m
                .singles
                .first()
                .map(|s| Cutoff { uai: p.sites[s.site].uai().to_string(), value_per_unit: s.cost }),
            needs_freeing,
            freeing: option.as_ref().map(|o| self.freeing_of(o)),
            fixed: m.fixed,
            tolerance: self.tolerance,
            locked: self.locked_of(k),
            idle: self.idle(k),
            sector_full,
            budget_blocked,
            here_changes: self.pair_change(k, i, self.solution.units(k, i), self.solution.units(k, i) + units),
            penalty_per_unit: p.scenario.stability.penalty_per_unit,
            km_over: option.as_ref().and_then(|o| o.km_over.clone()),
            changes_over: option.as_ref().and_then(|o| o.changes_over.clone()),
            disproved: false,
            counterfactual: false,
        }
    }
}
