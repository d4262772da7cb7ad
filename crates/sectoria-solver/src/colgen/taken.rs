//! What the sectors fixed at one in the linear master use, and the stations they leave to the
//! pricing: the dive fixes the sectors it keeps, a neighbourhood those of the plan it keeps.

use super::generate::Generator;
use super::station::Station;
use std::sync::Arc;

/// What the fixed sectors have used.
#[derive(Clone)]
pub(super) struct Taken {
    /// The fixed sectors (pool indices), in the order taken.
    pub(super) fixed: Vec<usize>,
    /// Establishments served by a fixed sector.
    site: Vec<bool>,
    /// Stations holding a fixed sector.
    station: Vec<bool>,
    /// Per class, per level: sectors fixed.
    level: Vec<Vec<usize>>,
    /// Budget units the fixed sectors leave.
    units_left: f64,
}

impl Taken {
    /// Nothing taken yet.
    pub(super) fn new(gen: &Generator) -> Taken {
        Taken {
            fixed: Vec::new(),
            site: vec![false; gen.rows.site.len()],
            station: vec![false; gen.stations.len()],
            level: gen.classes.iter().map(|c| vec![0; c.levels.len()]).collect(),
            units_left: gen.rows.bounds[gen.rows.budget].1,
        }
    }

    /// Whether pool sector `q` fits beside the fixed sectors.
    pub(super) fn fits(&self, gen: &Generator, q: usize) -> bool {
        let col = &gen.pool[q];
        let class = gen.stations[col.station].class;
        !self.station[col.station]
            && self.level[class][col.level] < gen.classes[class].levels[col.level].members.len()
            && f64::from(col.units()) <= self.units_left + 1e-9
            && col.assignments.iter().all(|&(i, _)| !self.site[i])
            && gen.rows.within_cap(col)
    }

    /// Fixes pool sector `q` at one in the master and takes what it uses; `None` (nothing
    /// taken) if HiGHS refused it.
    pub(super) fn take(&mut self, gen: &mut Generator, q: usize) -> Option<()> {
        gen.fix(q)?;
        let col = &gen.pool[q];
        let class = gen.stations[col.station].class;
        self.station[col.station] = true;
        self.level[class][col.level] += 1;
        self.units_left -= f64::from(col.units());
        for &(i, _) in &col.assignments {
            self.site[i] = true;
        }
        self.fixed.push(q);
        Some(())
    }

    /// The stations as the fixed sectors leave them: a used station or a full class prices
    /// nothing, the establishments taken are gone.
    pub(super) fn restrict(&self, gen: &Generator) -> Vec<Station> {
        gen.stations
            .iter()
            .enumerate()
            .map(|(s, st)| {
                let class = &gen.classes[st.class];
                let full = class.levels.iter().zip(&self.level[st.class]).all(|(l, &n)| n >= l.members.len());
                let mut out = Station {
                    index: st.index,
                    km_cap: st.km_cap,
                    class: st.class,
                    base: st.base.clone(),
                    items: Default::default(),
                    max_establishments: st.max_establishments,
                    closed_levels: st.closed_levels,
                };
                if !self.station[s] && !full {
                    out.items = Arc::new(
                        st.items
                            .iter()
                            .filter(|it| !self.site[it.head.site])
                            .map(|it| {
                                let mut it = it.clone();
                                it.ecoles.retain(|e| !self.site[e.site]);
                                it
                            })
                            .collect(),
                    );
                }
                out
            })
            .collect()
    }
}
