//! A planning instance: establishments, workers, today's sectors and distance overrides.

use crate::establishment::Establishment;
use crate::worker::Worker;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One line of `current.csv`: today's time of a worker at an establishment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentAssignment {
    /// Worker id.
    pub worker_id: String,
    /// Establishment UAI.
    pub uai: String,
    /// Time, in ETP.
    pub fte: f64,
}

/// A measured distance that overrides the estimate (one line of `distances.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeasuredDistance {
    /// Road distance, kilometres.
    pub km: f64,
    /// Travel time, minutes, when known.
    pub minutes: Option<f64>,
}

/// Distance overrides keyed by (`from`, `to`): `from` is a worker id or a UAI, `to` a UAI.
pub type DistanceOverrides = BTreeMap<(String, String), MeasuredDistance>;

/// Everything read from an instance folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    /// Establishments (all rows of `establishments.csv`, in file order).
    pub establishments: Vec<Establishment>,
    /// Workers of `workers.csv`; empty in budget-only mode.
    pub workers: Vec<Worker>,
    /// Today's sectors.
    pub current: Vec<CurrentAssignment>,
    /// Distance overrides.
    pub distances: DistanceOverrides,
}
