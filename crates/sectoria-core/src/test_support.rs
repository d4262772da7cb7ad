//! Small hand-made instances for examples and tests (public so that other crates' tests and
//! doc examples can use them).

use crate::establishment::Establishment;
use crate::instance::Instance;
use crate::kind::Kind;
use crate::location::LatLon;
use crate::worker::{Base, Worker};

/// A plain urban collège at Toulouse's centre with `pupils` pupils and IPS 100.
pub fn college(uai: &str, pupils: u32) -> Establishment {
    Establishment {
        uai: uai.to_string(),
        name: format!("Collège {uai}"),
        kind: Kind::College,
        commune_insee: "31555".to_string(),
        commune: "Toulouse".to_string(),
        location: LatLon::new(43.6045, 1.4440),
        pupils,
        cycle3_pupils: None,
        ips: Some(100.0),
        density: Some(1),
        rep: false,
        rep_plus: false,
        internat: false,
        segpa: false,
        ulis: false,
        upe2a: false,
        relais: false,
        network: None,
        bassin: None,
    }
}

/// A worker with a fixed base at `location`.
pub fn worker(id: &str, fte: f64, location: LatLon) -> Worker {
    Worker { id: id.to_string(), name: None, fte, base: Some(Base { uai: None, location }), max_establishments: None }
}

/// Three collèges a few km apart and one full-time worker.
pub fn small_instance() -> Instance {
    let mut a = college("0310001A", 600);
    a.rep = true;
    let mut b = college("0310002B", 400);
    b.location = LatLon::new(43.63, 1.40);
    let mut c = college("0310003C", 800);
    c.location = LatLon::new(43.58, 1.48);
    Instance {
        establishments: vec![a, b, c],
        workers: vec![worker("ASS01", 1.0, LatLon::new(43.60, 1.44))],
        ..Instance::default()
    }
}
