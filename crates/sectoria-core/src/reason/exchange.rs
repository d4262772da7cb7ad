//! The budget's rule weighed as the objective weighs it. The budget's cut-off sets the value of
//! a half-day here against the least useful one served elsewhere, before travel and continuity;
//! but the objective also counts the trip of the worker who would come, the fragmentation of a
//! new pair and the penalty for changing today's sectors. Collège du Jaur (Hérault, session 50):
//! 137,2 points a half-day against a cut-off of 147,3, while its own worker, idle and based there,
//! would serve it at 0 km and back in its current sector, in place of a collège 31 km away from
//! its worker: the exchange lost 0,6 point, inside the plan's tolerance of 15,6.
//!
//! [`BudgetExchange`] is that exchange: the cheapest worker within reach that can take the
//! half-days here (its free time, or its own half-days given up), against the half-days that go
//! back to the budget for them (the least useful anywhere, each net of its own travel and
//! continuity), within the weekly km cap and the cap on changes. The budget's reason says its
//! figures, and its lead says when the exchange loses no more than the plan's tolerance.

use super::room::Give;
use super::{dec, Analysis, Disproof};
use crate::counterfactual::Counterfactual;
use crate::french::points;
use crate::objective::{changed_units, weekly_km};
use std::fmt;

/// One side of the exchange, per half-day, points.
#[derive(Debug, Clone, PartialEq)]
pub struct PerHalfDay {
    /// Service value.
    pub value: f64,
    /// Travel and fragmentation.
    pub travel: f64,
    /// Continuity: the stability penalty this side avoids (positive) or incurs (negative)
    /// against today's sectors.
    pub continuity: f64,
}

impl PerHalfDay {
    /// What the half-day brings as the objective counts it.
    pub fn net(&self) -> f64 {
        self.value - self.travel + self.continuity
    }

    /// « 147,5 + 4,5 = 152,0 »: the value, then the travel and continuity together as one
    /// signed figure, and the net; the net alone when they round to zero.
    fn sum(&self) -> String {
        let a = self.continuity - self.travel;
        match dec(a.abs(), 1).as_str() {
            "0,0" => dec(self.net(), 1),
            x => format!("{} {} {x} = {}", dec(self.value, 1), if a < 0.0 { "−" } else { "+" }, dec(self.net(), 1)),
        }
    }

    /// « 137,2 − 0,5 de trajet et de fragmentation + 5,0 de changement évité = 141,7 points ».
    fn breakdown(&self) -> String {
        let mut s = dec(self.value, 1);
        if dec(self.travel, 1) != "0,0" {
            s.push_str(&format!(" − {} de trajet et de fragmentation", dec(self.travel, 1)));
        }
        match dec(self.continuity.abs(), 1).as_str() {
            "0,0" => {}
            c if self.continuity > 0.0 => s.push_str(&format!(" + {c} de changement évité")),
            c => s.push_str(&format!(" − {c} de changement")),
        }
        format!("{s} = {}", points(self.net(), 1))
    }
}

/// The exchange that would serve an establishment the budget leaves out (or give it one more
/// half-day): its half-days placed with the cheapest worker, against those given back.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetExchange {
    /// The worker who would come.
    pub worker: String,
    /// Its road distance, km.
    pub km: f64,
    /// Half-days placed here.
    pub units: u32,
    /// A half-day here.
    pub here: PerHalfDay,
    /// Half-days given back to the budget (or freed from the worker) for them.
    pub freed: u32,
    /// The establishments (UAI) they are taken from, with their worker.
    pub given_up: Vec<(String, String)>,
    /// A half-day given back, on average.
    pub there: PerHalfDay,
    /// The plan's tolerance in points (best bound − objective), when known.
    pub tolerance: Option<f64>,
    /// Whether the establishment is served (one more half-day is asked).
    pub served: bool,
    /// When the full re-solve proved that serving it costs more than the tolerance.
    pub disproof: Option<Disproof>,
}

/// How the exchange compares with the plan's tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// It loses more than the tolerance (or loses, without one).
    Loses,
    /// It loses or gains no more than the tolerance: a plan as good may serve it.
    Within,
    /// It gains more than the tolerance (or gains, without one).
    Gains,
    /// It looks within the tolerance or better, but the full re-solve proved a dearer cost.
    Disproved,
}

impl BudgetExchange {
    /// Points the exchange loses (negative: it gains).
    pub fn loss(&self) -> f64 {
        self.there.net() * f64::from(self.freed) - self.here.net() * f64::from(self.units)
    }

    /// Whether it loses no more than the plan's tolerance, and the full re-solve does not
    /// prove otherwise: a plan as good may serve the establishment.
    pub fn within_tolerance(&self) -> bool {
        self.verdict() == Verdict::Within
    }

    fn verdict(&self) -> Verdict {
        let loss = self.loss();
        let t = self.tolerance.unwrap_or(0.0);
        if loss > t + 1e-9 {
            Verdict::Loses
        } else if self.disproof.is_some() {
            Verdict::Disproved
        } else if -loss <= t + 1e-9 && (self.tolerance.is_some() || loss.abs() <= 1e-6) {
            // A tie is a plan as good, with or without a tolerance.
            Verdict::Within
        } else {
            Verdict::Gains
        }
    }

    /// « trajets et changements comptés » when a side carries a stability penalty, else
    /// « trajets comptés » (`noun`: « comptés », « compris »).
    fn counted(&self, noun: &str) -> String {
        let continuity = self.here.continuity.abs() > 1e-9 || self.there.continuity.abs() > 1e-9;
        format!("trajets{} {noun}", if continuity { " et changements" } else { "" })
    }

    /// « 0341387Y », « 0341387Y et 0340119V », « 3 établissements ».
    fn instead(&self) -> String {
        let mut uai: Vec<&str> = Vec::new();
        for (u, _) in &self.given_up {
            if !uai.contains(&u.as_str()) {
                uai.push(u);
            }
        }
        match uai.len() {
            1 | 2 => uai.join(" et "),
            n => format!("{n} établissements"),
        }
    }

    fn serve(&self) -> &'static str {
        if self.served {
            "lui donner une demi-journée de plus"
        } else {
            "le servir"
        }
    }

    /// The lead sentence of the budget's rule (no final period): `spent` says how the budget
    /// is used (« tout le budget va »), `taken` the same as a state (« tout le budget est pris »),
    /// `left`: half-days are left, fewer than its minimum presence.
    pub(super) fn lead(&self, spent: &str, taken: &str, left: bool) -> String {
        let (serve, instead) = (self.serve(), self.instead());
        match self.verdict() {
            Verdict::Loses => {
                let counted = self.counted("compris");
                let (there, here) = (dec(self.there.net(), 1), dec(self.here.net(), 1));
                let ici = if self.served { "pour une de plus ici" } else { "ici" };
                if left {
                    return format!(
                        "{spent} ; ailleurs, {counted}, une demi-journée compte en moyenne {there} points, contre {here} {ici}"
                    );
                }
                let more =
                    format!("{spent} à des établissements où une demi-journée compte plus, {counted} : en moyenne");
                self.fit(&[
                    format!("{more} {} points, contre {} {ici}", self.there.sum(), self.here.sum()),
                    format!("{more} {there} points, contre {here} {ici}"),
                ])
            }
            Verdict::Within => {
                let (move_, it) =
                    if self.served { ("une demi-journée de plus", "la donner") } else { ("le servir", "le faire") };
                let what = |t: &str| {
                    format!(
                        "{move_} à la place de {instead} {}, {} : dans la tolérance du plan{t}, un plan aussi bon peut {it}",
                        self.how(),
                        self.counted("comptés")
                    )
                };
                let t = format!(" ({})", points(self.tolerance.unwrap_or(0.0), 1));
                self.fit(&[format!("{taken}, mais {}", what(&t)), what(&t), what("")])
            }
            Verdict::Gains => {
                // With a tolerance, the plan is proven within it of the best: a gain beyond it
                // is the estimate's, which misses a rule or a cost of the whole plan.
                let beyond = match self.tolerance {
                    Some(_) => " selon l'estimation d'un seul échange, que l'écart prouvé du plan dément",
                    None => " : un gain que le solveur n'a pas trouvé",
                };
                let what =
                    format!("{serve} à la place de {instead} {}, {}{beyond}", self.how(), self.counted("comptés"));
                self.fit(&[format!("{taken}, mais {what}"), what])
            }
            Verdict::Disproved => {
                let what = format!(
                    "estimé seul, l'échange avec {instead} {}, mais la résolution complète prouve que {serve} coûte {}",
                    self.how(),
                    points(self.disproof.as_ref().map_or(0.0, |d| d.cost), 1)
                );
                self.fit(&[format!("{taken} ; {what}"), what])
            }
        }
    }

    /// « ne coûterait que 0,6 point », « rapporterait 3,2 points »: the exchange's loss or gain.
    fn how(&self) -> String {
        let loss = self.loss();
        if loss >= 0.0 {
            format!("ne coûterait que {}", points(loss, 1))
        } else {
            format!("rapporterait {}", points(-loss, 1))
        }
    }

    /// The first of `leads` that fits in a lead sentence (with « servi à 23 % de son besoin : »
    /// before it when served), else the last: the longer ones say the budget first, or the
    /// tolerance's figure, that the detail gives anyway.
    fn fit(&self, leads: &[String]) -> String {
        let share = if self.served { SHARE } else { 0 };
        let fits = |l: &&String| l.chars().count() + share <= LONGEST;
        leads.iter().find(fits).or(leads.last()).cloned().unwrap_or_default()
    }
}

/// The longest lead sentence a committee member says in one breath.
const LONGEST: usize = 200;

/// Room taken by « servi à 23 % de son besoin : » before the lead of a served establishment.
const SHARE: usize = 30;

impl fmt::Display for BudgetExchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given: Vec<String> = self.given_up.iter().map(|(u, w)| format!("{u}, {w}")).collect();
        write!(
            f,
            "{} : {} avec {} (à {} km) rapporterait {} par demi-journée, contre {} pour {} rendue{} au budget ({})",
            self.counted("comptés"),
            self.serve(),
            self.worker,
            dec(self.km, 1),
            self.here.breakdown(),
            self.there.breakdown(),
            if self.freed > 1 {
                format!("chacune des {} demi-journées", self.freed)
            } else {
                "la demi-journée".into()
            },
            if self.freed > 1 { "s" } else { "" },
            given.join(" ; ")
        )?;
        let loss = self.loss();
        let t = self.tolerance.map(|t| points(t, 1)).unwrap_or_default();
        match self.verdict() {
            Verdict::Loses if self.tolerance.is_some() => {
                write!(f, " : l'échange perdrait {}, plus que la tolérance du plan ({t})", points(loss, 1))
            }
            Verdict::Loses => write!(f, " : l'échange perdrait {}", points(loss, 1)),
            Verdict::Within => write!(
                f,
                " : l'échange {} {}, dans la tolérance du plan ({t}) : un plan aussi bon peut {}",
                if loss >= 0.0 { "ne perdrait que" } else { "gagnerait" },
                points(loss.abs(), 1),
                if self.served { "la donner" } else { "le servir" }
            ),
            Verdict::Gains if self.tolerance.is_some() => write!(
                f,
                " : l'échange gagnerait {}, plus que l'écart prouvé du plan ({t}), qui l'exclut : cette estimation \
                 d'un seul échange manque donc une règle ou un coût du plan entier{}",
                points(-loss, 1),
                if self.served { "" } else { " ; le contrefactuel donne le chiffre exact" }
            ),
            Verdict::Gains => write!(
                f,
                " : l'échange gagnerait {}, un gain que le solveur n'a pas trouvé avant de s'arrêter",
                points(-loss, 1)
            ),
            Verdict::Disproved => {
                write!(f, " : cet échange seul {}, une estimation qui ne voit pas tout le plan", self.how())
            }
        }?;
        match &self.disproof {
            Some(d) if self.verdict() == Verdict::Disproved => write!(f, " ; {d}"),
            _ => Ok(()),
        }
    }
}

/// The half-days taken for an exchange: indices into the gives, and how many half-days they free.
#[derive(Default)]
struct Taken {
    gives: Vec<usize>,
    units: u32,
}

impl Taken {
    /// Takes from `gives` those `from` accepts (the least useful per half-day first, each at
    /// most once) until `units` half-days are freed in all; `false` when they run out.
    fn fill(&mut self, gives: &[Give], from: impl Fn(&Give) -> bool, units: u32, penalty: f64) -> bool {
        let mut order: Vec<usize> = (0..gives.len()).filter(|j| !self.gives.contains(j) && from(&gives[*j])).collect();
        order.sort_by(|&a, &b| per_unit(&gives[a], penalty).total_cmp(&per_unit(&gives[b], penalty)).then(a.cmp(&b)));
        for j in order {
            if self.units >= units {
                break;
            }
            self.gives.push(j);
            self.units += gives[j].units;
        }
        self.units >= units
    }
}

/// What keeping give `g` brings per half-day, continuity counted.
fn per_unit(g: &Give, penalty: f64) -> f64 {
    (g.cost + penalty * g.changes as f64) / f64::from(g.units.max(1))
}

impl Analysis<'_> {
    /// The budget's exchange for site `i` (`Analysis::budget_exchange`): its minimum presence
    /// when it is not served, else one more half-day; `counterfactual`, when known, may prove
    /// that serving it costs more than the exchange says.
    pub fn budget_exchange_given(&self, i: usize, counterfactual: Option<&Counterfactual>) -> Option<BudgetExchange> {
        let units = if self.per_site[i] == 0 { self.problem.sites[i].min_units.max(1) } else { 1 };
        let disproof = counterfactual.and_then(|c| Disproof::of(c, self.problem.sites[i].uai()));
        self.budget_exchange(i, units, disproof)
    }

    /// The exchange that would place `units` half-days at site `i` when the budget is spent
    /// (`None` when no worker within reach can take them within the caps): for each worker
    /// within reach with a place in its sector (and an unused post), the half-days its free
    /// time lacks taken from its own, then those the budget lacks taken from anyone's, the least
    /// useful first; the worker whose exchange loses least.
    fn budget_exchange(&self, i: usize, units: u32, disproof: Option<Disproof>) -> Option<BudgetExchange> {
        let p = self.problem;
        let penalty = p.scenario.stability.penalty_per_unit;
        let needed = units.saturating_sub(self.budget_left());
        let gives: Vec<Give> = (0..p.staff.len())
            .flat_map(|k| {
                let m = self.movable(k, i);
                m.singles.into_iter().chain(m.drops)
            })
            .collect();
        let changed = p.scenario.stability.max_changes.map(|_| changed_units(p, self.solution));
        let mut best: Option<(f64, BudgetExchange)> = None;
        for c in self.candidates(i, 0).into_iter().filter(|c| p.staff[c.k].capacity_units >= units) {
            let k = c.k;
            let free = p.staff[k].capacity_units.saturating_sub(self.per_worker[k]);
            let own = units.saturating_sub(free);
            let way = |singles_only: bool| {
                let mut taken = Taken::default();
                let fits = |g: &Give| !singles_only || g.units == 1;
                (taken.fill(&gives, |g| g.worker == k && fits(g), own, penalty)
                    && taken.fill(&gives, fits, needed, penalty))
                .then(|| taken.gives.iter().map(|&j| gives[j]).collect::<Vec<Give>>())
            };
            // Whole establishments free their minimum presence at once, more than one half-day
            // asks: half-days one by one may lose less.
            let lost = |t: &[Give]| t.iter().map(|g| g.cost + penalty * g.changes as f64).sum::<f64>();
            let Some(taken) = [way(false), way(true)].into_iter().flatten().min_by(|a, b| lost(a).total_cmp(&lost(b)))
            else {
                continue;
            };
            let here_changes = self.pair_change(k, i, self.solution.units(k, i), self.solution.units(k, i) + units);
            let changes = here_changes + taken.iter().map(|g| g.changes).sum::<i64>();
            if let (Some(max), Some(now)) = (p.scenario.stability.max_changes, changed) {
                if changes > 0 && i64::from(now) + changes > i64::from(max) {
                    continue;
                }
            }
            let weekly = weekly_km(p, self.solution, k);
            let saved: f64 = taken.iter().filter(|g| g.worker == k).map(|g| g.km).sum();
            let added = 2.0 * c.km * f64::from(units) - saved;
            if p.km_cap(k).is_some_and(|cap| added > 1e-9 && cap.exceeded_by(weekly + added, 1e-9)) {
                continue;
            }
            let n = f64::from(units);
            let here = PerHalfDay {
                value: super::last_unit_value(p, i, self.per_site[i] + units),
                travel: c.travel_per_unit + c.fragmentation / n,
                continuity: -penalty * here_changes as f64 / n,
            };
            let freed_units: u32 = taken.iter().map(|g| g.units).sum();
            let freed = f64::from(freed_units.max(1));
            let value: f64 = taken.iter().map(|g| g.value).sum();
            let cost: f64 = taken.iter().map(|g| g.cost).sum();
            let given_changes: i64 = taken.iter().map(|g| g.changes).sum();
            let there = PerHalfDay {
                value: value / freed,
                travel: (value - cost) / freed,
                continuity: penalty * given_changes as f64 / freed,
            };
            let mut given_up: Vec<(String, String)> = Vec::new();
            for g in &taken {
                let pair = (p.sites[g.site].uai().to_string(), p.staff[g.worker].worker.id.clone());
                if !given_up.contains(&pair) {
                    given_up.push(pair);
                }
            }
            let exchange = BudgetExchange {
                worker: p.staff[k].worker.id.clone(),
                km: c.km,
                units,
                here,
                freed: freed_units,
                given_up,
                there,
                tolerance: self.tolerance,
                served: self.per_site[i] > 0,
                disproof: disproof.clone().filter(|d| self.tolerance.is_none_or(|t| d.cost > t + 1e-9)),
            };
            let loss = exchange.loss();
            if best.as_ref().is_none_or(|(l, _)| loss < *l - 1e-9) {
                best = Some((loss, exchange));
            }
        }
        best.map(|(_, e)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(here: f64, there: f64, tolerance: Option<f64>) -> BudgetExchange {
        BudgetExchange {
            worker: "ASS14".into(),
            km: 0.0,
            units: 2,
            here: PerHalfDay { value: here, travel: 0.0, continuity: 0.0 },
            freed: 2,
            given_up: vec![("0341387Y".into(), "ASS13".into())],
            there: PerHalfDay { value: there, travel: 0.0, continuity: 0.0 },
            tolerance,
            served: false,
            disproof: None,
        }
    }

    /// A gain beyond the plan's proven gap is the estimate's, not a better plan: the text never
    /// says the plan can do better (review of session 50), and a tie is a plan as good, with or
    /// without a tolerance.
    #[test]
    fn a_gain_beyond_the_proven_gap_is_said_to_be_the_estimate_s() {
        let gains = exchange(110.0, 100.0, Some(5.0));
        let lead = gains.lead("tout le budget va", "tout le budget est pris", false);
        assert!(lead.contains("selon l'estimation d'un seul échange, que l'écart prouvé du plan dément"), "{lead}");
        let detail = gains.to_string();
        assert!(detail.contains("plus que l'écart prouvé du plan (5,0 points), qui l'exclut"), "{detail}");
        assert!(!detail.contains("peut mieux faire"), "{detail}");
        let tie = exchange(100.0, 100.0, None);
        assert!(tie.within_tolerance());
        assert!(!tie.lead("tout le budget va", "tout le budget est pris", false).contains("pas trouvé"));
    }
}
