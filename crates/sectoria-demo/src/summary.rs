//! Figures of the demo département, for the README and the regeneration binary.

use std::fmt;

use crate::establishments::Kind;
use crate::need::{need_fte, rural_disadvantaged};
use crate::Departement;

/// Counts and totals of the generated demo.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSummary {
    /// Collèges.
    pub colleges: usize,
    /// Lycées (LEGT and LPO).
    pub lycees: usize,
    /// Lycées professionnels.
    pub lycees_pro: usize,
    /// EREA.
    pub ereas: usize,
    /// REP+ écoles.
    pub ecoles: usize,
    /// REP+ networks (REP+ head collèges).
    pub rep_plus_networks: usize,
    /// Collèges in REP (not REP+).
    pub rep_colleges: usize,
    /// Rural collèges (density 5–7) with IPS below 95.
    pub rural_disadvantaged: usize,
    /// Establishments with an internat.
    pub internats: usize,
    /// Collèges with a SEGPA.
    pub segpa: usize,
    /// Establishments with a ULIS.
    pub ulis: usize,
    /// Establishments with a UPE2A.
    pub upe2a: usize,
    /// Establishments with a dispositif relais.
    pub relais: usize,
    /// Pupils of the secondary establishments plus cycle-3 pupils of the écoles.
    pub pupils: u64,
    /// Total need with the scenario defaults (DESIGN §3), in ETP.
    pub need_fte: f64,
    /// Workers.
    pub workers: usize,
    /// Part-time workers.
    pub part_time_workers: usize,
    /// Sum of the workers' quotités, in ETP.
    pub worker_fte: f64,
    /// Establishments served in `current.csv`.
    pub currently_served: usize,
}

impl DemoSummary {
    pub(crate) fn of(d: &Departement) -> Self {
        let list = &d.establishments;
        let count = |f: &dyn Fn(&crate::establishments::Establishment) -> bool| list.iter().filter(|e| f(e)).count();
        DemoSummary {
            colleges: count(&|e| e.kind == Kind::College),
            lycees: count(&|e| e.kind == Kind::Lycee),
            lycees_pro: count(&|e| e.kind == Kind::LyceePro),
            ereas: count(&|e| e.kind == Kind::Erea),
            ecoles: count(&|e| e.kind == Kind::Ecole),
            rep_plus_networks: count(&|e| e.kind == Kind::College && e.rep_plus),
            rep_colleges: count(&|e| e.kind == Kind::College && e.rep && !e.rep_plus),
            rural_disadvantaged: count(&|e| rural_disadvantaged(e, d.communes[e.commune].density)),
            internats: count(&|e| e.internat),
            segpa: count(&|e| e.segpa),
            ulis: count(&|e| e.ulis),
            upe2a: count(&|e| e.upe2a),
            relais: count(&|e| e.relais),
            pupils: list.iter().map(|e| u64::from(e.cycle3_pupils.unwrap_or(e.pupils))).sum(),
            need_fte: list.iter().map(need_fte).sum(),
            workers: d.workers.len(),
            part_time_workers: d.workers.iter().filter(|w| w.fte_hundredths < 100).count(),
            worker_fte: d.workers.iter().map(|w| f64::from(w.fte_hundredths) / 100.0).sum(),
            currently_served: d.current.len(),
        }
    }

    /// Total establishments.
    pub fn establishments(&self) -> usize {
        self.colleges + self.lycees + self.lycees_pro + self.ereas + self.ecoles
    }

    /// Workers' ETP as a share of the total need (between 0 and 1 when scarce).
    pub fn coverage_ratio(&self) -> f64 {
        if self.need_fte > 0.0 {
            self.worker_fte / self.need_fte
        } else {
            0.0
        }
    }
}

impl fmt::Display for DemoSummary {
    /// A Markdown table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: [(&str, String); 20] = [
            ("collèges", self.colleges.to_string()),
            ("lycées (LEGT/LPO)", self.lycees.to_string()),
            ("lycées professionnels", self.lycees_pro.to_string()),
            ("EREA", self.ereas.to_string()),
            ("REP+ écoles", self.ecoles.to_string()),
            ("establishments in scope", self.establishments().to_string()),
            ("REP+ networks", self.rep_plus_networks.to_string()),
            ("REP collèges", self.rep_colleges.to_string()),
            ("rural disadvantaged collèges", self.rural_disadvantaged.to_string()),
            ("internats", self.internats.to_string()),
            ("SEGPA", self.segpa.to_string()),
            ("ULIS", self.ulis.to_string()),
            ("UPE2A", self.upe2a.to_string()),
            ("dispositifs relais", self.relais.to_string()),
            ("pupils (écoles: cycle 3)", self.pupils.to_string()),
            ("total need (ETP, defaults)", format!("{:.2}", self.need_fte)),
            ("workers (part-time)", format!("{} ({})", self.workers, self.part_time_workers)),
            ("workers' ETP", format!("{:.2}", self.worker_fte)),
            ("workers' ETP / need", format!("{:.0} %", 100.0 * self.coverage_ratio())),
            ("pairs in current.csv", self.currently_served.to_string()),
        ];
        writeln!(f, "| figure | value |")?;
        writeln!(f, "|---|---:|")?;
        for (label, value) in rows {
            writeln!(f, "| {label} | {value} |")?;
        }
        Ok(())
    }
}
