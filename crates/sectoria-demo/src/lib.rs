//! The demo département of sectoria: a fictional French département, generated
//! deterministically, on which `sectoria demo` runs out of the box.
//!
//! ```
//! let demo = sectoria_demo::generate();
//! assert!(demo.establishments_csv.starts_with("uai;name;kind;"));
//! assert_eq!(demo, sectoria_demo::generate()); // same bytes every run
//! let figures = sectoria_demo::summary();
//! assert!(figures.worker_fte < figures.need_fte); // full coverage is impossible
//! println!("{figures}");
//! ```
//!
//! # The département
//!
//! Département `099` is fictional. It is a box of about 100 km by 100 km centred on
//! 45.8° N, 2.6° E (between 45.35° and 46.25° N, 1.95° and 3.25° E — in the middle of the
//! Massif central, but none of its places exist):
//!
//! - **Valcourt**, the préfecture (density 1), with two REP+ quartiers (Les Hauts and
//!   Bellevue), three REP collèges, city-centre collèges with a high IPS, seven lycées,
//!   four lycées professionnels;
//! - four **suburbs** (density 2–3): Montrelles, with the third REP+ network, Saint-Aubin-de-Sarlonne,
//!   Chazerat and Beaulieu-les-Vignes, which hosts the EREA;
//! - three **small towns** (density 4), each the centre of a bassin: Ambrac (north),
//!   Mauzières (south-west, with a REP collège and a CIO) and Lorsac-en-Val (east);
//! - a **rural hinterland** of 34 communes (density 5–7), one collège each, many with a
//!   low IPS; five bourg-centres host rural lycées and LP with internats, and the two
//!   poorest rural collèges are in REP.
//!
//! In scope: 60 collèges, 20 lycées, 12 LP, 1 EREA and 28 REP+ écoles in 3 networks
//! (121 establishments). 26 social workers (some part-time) are based in collèges and
//! lycées, two of them in offices (the DSDEN and the CIO) given by coordinates; their ETP
//! is under half of the need computed with the default parameters, so full coverage is
//! impossible and the planner has to choose. `current.csv` holds today's sectors, drawn
//! around each worker's base by a simple priority-and-distance rule, within every rule of
//! the planner's defaults. Call [`summary`] for the exact figures.
//!
//! # The generator
//!
//! Everything comes from a small SplitMix64 generator with a constant seed, one named
//! stream per part (communes, establishments, UAIs, current sectors). Positions, IPS and
//! quotités are fixed-point integers and distances use only correctly rounded float
//! operations, so [`generate`] returns the same bytes on every platform. The files
//! committed under `data/demo/` are its output (a test checks it); regenerate them with
//!
//! ```text
//! cargo run -p sectoria-demo --bin gen-demo -- data/demo
//! ```
//!
//! The formats are those of DESIGN §2: `;` separator, `\n` line ends, decimal point,
//! booleans `0`/`1`, an empty cell for an unknown value. UAIs carry the real check letter.

#![deny(missing_docs)]

mod csv_text;
mod current;
mod establishments;
mod geography;
mod names;
mod need;
mod rng;
mod roads;
mod summary;
mod workers;

pub use roads::ROADS_FILE;
pub use summary::DemoSummary;

/// File name of the establishments in an instance folder.
pub const ESTABLISHMENTS_FILE: &str = "establishments.csv";
/// File name of the workers in an instance folder.
pub const WORKERS_FILE: &str = "workers.csv";
/// File name of today's sectors in an instance folder.
pub const CURRENT_FILE: &str = "current.csv";

/// The generated files of the demo instance, as UTF-8 text (no BOM, `\n` line ends): the
/// three CSV files and the road network (`roads.osm`, OpenStreetMap XML for OSRM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFiles {
    /// Content of `establishments.csv`.
    pub establishments_csv: String,
    /// Content of `workers.csv`.
    pub workers_csv: String,
    /// Content of `current.csv`.
    pub current_csv: String,
    /// Content of `roads.osm`: the département's roads (a ridge crossed by a slow pass, a river
    /// with two bridges, an island without a road), from which OSRM computes `distances.csv`.
    pub roads_osm: String,
}

impl DemoFiles {
    /// The files with their names in an instance folder, in writing order.
    pub fn files(&self) -> [(&'static str, &str); 4] {
        [
            (ESTABLISHMENTS_FILE, &self.establishments_csv),
            (WORKERS_FILE, &self.workers_csv),
            (CURRENT_FILE, &self.current_csv),
            (ROADS_FILE, &self.roads_osm),
        ]
    }
}

/// The whole generated département, before writing.
pub(crate) struct Departement {
    pub(crate) communes: Vec<geography::Commune>,
    pub(crate) establishments: Vec<establishments::Establishment>,
    pub(crate) workers: Vec<workers::Worker>,
    pub(crate) current: Vec<current::Assignment>,
}

impl Departement {
    fn build() -> Self {
        let communes = geography::communes();
        let establishments = establishments::establishments(&communes);
        let workers = workers::workers(&establishments);
        let current = current::current(&establishments, &communes, &workers);
        Departement { communes, establishments, workers, current }
    }
}

/// Generates the demo instance: same output on every run and every platform.
pub fn generate() -> DemoFiles {
    let d = Departement::build();
    DemoFiles {
        establishments_csv: csv_text::establishments_csv(&d.establishments, &d.communes),
        workers_csv: csv_text::workers_csv(&d.workers, &d.establishments),
        current_csv: csv_text::current_csv(&d.current, &d.workers, &d.establishments),
        roads_osm: roads::roads_osm(&d.communes, &d.establishments),
    }
}

/// Counts and totals of the demo (establishments by kind and category, pupils, need,
/// workers' ETP).
pub fn summary() -> DemoSummary {
    DemoSummary::of(&Departement::build())
}
