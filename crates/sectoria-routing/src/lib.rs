//! A client of OSRM's Table service (the Open Source Routing Machine, run by départements' GIS
//! teams on OpenStreetMap extracts): road distances and travel times for the pairs the planner
//! looks at, in requests that fit the server's table size, retried on transient failures, with
//! every malformed answer turned into a French [`RoutingError`].
//!
//! ```no_run
//! use sectoria_core::LatLon;
//! use sectoria_routing::{plan_requests, OsrmClient, OsrmConfig};
//!
//! let origins = [LatLon::new(45.78, 2.56)];
//! let destinations = [LatLon::new(45.82, 2.61), LatLon::new(45.70, 2.40)];
//! let pairs = [(0, 0), (0, 1)];
//! let mut client = OsrmClient::new(OsrmConfig::new("http://127.0.0.1:5000"))?;
//! for request in plan_requests(&pairs, client.config().max_table_size) {
//!     let sources: Vec<LatLon> = request.origins.iter().map(|&o| origins[o]).collect();
//!     let targets: Vec<LatLon> = request.destinations.iter().map(|&d| destinations[d]).collect();
//!     let table = client.table(&sources, &targets)?;
//!     for (pair, road) in request.cells(&table, &pairs) {
//!         println!("{pair:?}: {road:?}"); // None: no route (keep the estimate)
//!     }
//! }
//! # Ok::<(), sectoria_routing::RoutingError>(())
//! ```
//!
//! Coordinates are [`LatLon`](sectoria_core::LatLon) (latitude first) here and written `lon,lat` in the URL, as
//! OSRM expects. Distances are returned in kilometres and times in minutes.

#![deny(missing_docs)]

mod answer;
mod chunk;
mod client;
mod error;
mod matrix;
mod pairs;

pub use answer::Table;
pub use chunk::{plan_requests, Request};
pub use client::{OsrmClient, OsrmConfig, MAX_SNAP_KM};
pub use error::RoutingError;
pub use matrix::{
    partial_path, read_measurements, run, write_measurements, Implausible, Measurements, OffRoad, Road, RunError,
    RunReport, MIN_ROAD_SHARE,
};
pub use pairs::{wanted_pairs, PairSet, Place};

impl Request {
    /// The cells of `table` (this request's answer) that are among `pairs`, as
    /// `((origin, destination), Some((km, minutes)))`, `None` where there is no route.
    pub fn cells<'a>(
        &'a self,
        table: &'a Table,
        pairs: &'a [(usize, usize)],
    ) -> impl Iterator<Item = ((usize, usize), Option<(f64, f64)>)> + 'a {
        let wanted: std::collections::BTreeSet<(usize, usize)> = pairs.iter().copied().collect();
        self.origins.iter().enumerate().flat_map(move |(s, &o)| {
            let wanted = wanted.clone();
            self.destinations
                .iter()
                .enumerate()
                .filter(move |&(_, &d)| wanted.contains(&(o, d)))
                .map(move |(t, &d)| ((o, d), table.cell(s, t)))
        })
    }
}
