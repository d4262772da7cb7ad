//! Checks of the generated demo files, read back from their text as the planner would
//! read them: formats, counts, the realism targets of issue 2 item 8, and every rule of
//! the planner's defaults on `current.csv`. Also pins the committed `data/demo` files to
//! the generator's output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use sectoria_demo::{generate, DemoFiles};

const ESTABLISHMENTS_HEADER: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils;cycle3_pupils;ips;density;rep;rep_plus;internat;segpa;ulis;upe2a;relais;network;bassin";
const WORKERS_HEADER: &str = "id;name;fte;base_uai;base_lat;base_lon;max_establishments";
const CURRENT_HEADER: &str = "worker_id;uai;fte";

/// The fictional département's box (45.35–46.25° N, 1.95–3.25° E).
const LAT_RANGE: (f64, f64) = (45.35, 46.25);
const LON_RANGE: (f64, f64) = (1.95, 3.25);

#[derive(Debug, Clone)]
struct Establishment {
    uai: String,
    name: String,
    kind: String,
    commune_insee: String,
    commune: String,
    lat: f64,
    lon: f64,
    pupils: u32,
    cycle3_pupils: Option<u32>,
    ips: f64,
    density: u8,
    rep: bool,
    rep_plus: bool,
    internat: bool,
    segpa: bool,
    ulis: bool,
    upe2a: bool,
    relais: bool,
    network: String,
    bassin: String,
}

impl Establishment {
    fn is_secondary(&self) -> bool {
        self.kind != "ecole"
    }

    fn rural_disadvantaged(&self) -> bool {
        self.kind == "college" && self.density >= 5 && self.ips < 95.0
    }

    /// Need with DESIGN §3 defaults, in ETP.
    fn need_fte(&self) -> f64 {
        let (pupils, per_fte) = match self.kind.as_str() {
            "college" => (f64::from(self.pupils), 1_000.0),
            "lycee" => (f64::from(self.pupils), 1_500.0),
            "lycee_pro" | "erea" => (f64::from(self.pupils), 800.0),
            _ => (f64::from(self.cycle3_pupils.expect("écoles have cycle-3 pupils")), 800.0),
        };
        (pupils / per_fte * (100.0 / self.ips).clamp(0.75, 1.5)).min(1.0)
    }
}

#[derive(Debug, Clone)]
struct Worker {
    id: String,
    fte: f64,
    base_uai: String,
    base: Option<(f64, f64)>,
    max_establishments: Option<usize>,
}

fn rows<'a>(text: &'a str, header: &str) -> Vec<Vec<&'a str>> {
    assert!(text.ends_with('\n'), "files end with a newline");
    assert!(!text.contains('\r'), "\\n line ends only");
    assert!(!text.starts_with('\u{feff}'), "no BOM");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(header));
    let width = header.split(';').count();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(';').collect();
            assert_eq!(cells.len(), width, "row {line:?}");
            cells
        })
        .collect()
}

/// A decimal with exactly `decimals` digits after the point.
fn decimal(cell: &str, decimals: usize) -> f64 {
    let (int, frac) = cell.split_once('.').unwrap_or_else(|| panic!("{cell:?} has no point"));
    assert_eq!(frac.len(), decimals, "{cell:?}: {decimals} decimals");
    assert!(!int.is_empty() && int.chars().all(|c| c.is_ascii_digit()), "{cell:?}");
    assert!(frac.chars().all(|c| c.is_ascii_digit()), "{cell:?}");
    cell.parse().unwrap_or_else(|e| panic!("{cell:?}: {e}"))
}

fn flag(cell: &str) -> bool {
    match cell {
        "0" => false,
        "1" => true,
        other => panic!("boolean {other:?} is not 0/1"),
    }
}

fn parse_establishments(text: &str) -> Vec<Establishment> {
    rows(text, ESTABLISHMENTS_HEADER)
        .into_iter()
        .map(|c| Establishment {
            uai: c[0].to_string(),
            name: c[1].to_string(),
            kind: c[2].to_string(),
            commune_insee: c[3].to_string(),
            commune: c[4].to_string(),
            lat: decimal(c[5], 5),
            lon: decimal(c[6], 5),
            pupils: c[7].parse().expect("pupils"),
            cycle3_pupils: (!c[8].is_empty()).then(|| c[8].parse().expect("cycle3_pupils")),
            ips: decimal(c[9], 1),
            density: c[10].parse().expect("density"),
            rep: flag(c[11]),
            rep_plus: flag(c[12]),
            internat: flag(c[13]),
            segpa: flag(c[14]),
            ulis: flag(c[15]),
            upe2a: flag(c[16]),
            relais: flag(c[17]),
            network: c[18].to_string(),
            bassin: c[19].to_string(),
        })
        .collect()
}

fn parse_workers(text: &str) -> Vec<Worker> {
    rows(text, WORKERS_HEADER)
        .into_iter()
        .map(|c| {
            let base = match (c[4], c[5]) {
                ("", "") => None,
                (lat, lon) => Some((decimal(lat, 5), decimal(lon, 5))),
            };
            Worker {
                id: c[0].to_string(),
                fte: decimal(c[2], 2),
                base_uai: c[3].to_string(),
                base,
                max_establishments: (!c[6].is_empty()).then(|| c[6].parse().expect("max")),
            }
        })
        .collect()
}

/// (worker id, UAI, units of 0.1 ETP).
fn parse_current(text: &str) -> Vec<(String, String, u32)> {
    rows(text, CURRENT_HEADER)
        .into_iter()
        .map(|c| {
            let fte = decimal(c[2], 1);
            let units = (fte * 10.0).round();
            assert!((fte * 10.0 - units).abs() < 1e-9);
            (c[0].to_string(), c[1].to_string(), units as u32)
        })
        .collect()
}

/// Great-circle distance, mean Earth radius 6,371 km.
///
/// # Units: kilometres
fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6_371.0 * h.sqrt().asin()
}

fn uai_is_well_formed(uai: &str) -> bool {
    let bytes = uai.as_bytes();
    bytes.len() == 8
        && bytes[..7].iter().all(u8::is_ascii_digit)
        && bytes[7].is_ascii_uppercase()
        && uai.starts_with("099")
        && {
            // Real check letter: the 7-digit number modulo 23.
            let number: u32 = uai[..7].parse().unwrap_or(0);
            b"ABCDEFGHJKLMNPRSTUVWXYZ"[(number % 23) as usize] == bytes[7]
        }
}

struct Demo {
    establishments: Vec<Establishment>,
    workers: Vec<Worker>,
    current: Vec<(String, String, u32)>,
}

fn demo() -> Demo {
    let files = generate();
    Demo {
        establishments: parse_establishments(&files.establishments_csv),
        workers: parse_workers(&files.workers_csv),
        current: parse_current(&files.current_csv),
    }
}

fn count(list: &[Establishment], f: impl Fn(&Establishment) -> bool) -> usize {
    list.iter().filter(|e| f(e)).count()
}

#[test]
fn generation_is_deterministic() {
    let a: DemoFiles = generate();
    let b: DemoFiles = generate();
    assert_eq!(a, b);
}

#[test]
fn committed_files_match_the_generator() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let files = generate();
    for (name, generated) in files.files() {
        let path = dir.join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{}: {e}; regenerate with `cargo run -p sectoria-demo --bin gen-demo -- data/demo`", path.display())
        });
        assert!(
            committed == generated,
            "{} differs from the generator's output; regenerate with \
             `cargo run -p sectoria-demo --bin gen-demo -- data/demo`",
            path.display()
        );
    }
}

#[test]
fn counts_match_the_realism_targets() {
    let list = demo().establishments;
    let colleges = count(&list, |e| e.kind == "college");
    let lycees = count(&list, |e| e.kind == "lycee");
    let lps = count(&list, |e| e.kind == "lycee_pro");
    let ereas = count(&list, |e| e.kind == "erea");
    let ecoles = count(&list, |e| e.kind == "ecole");
    assert!((45..=60).contains(&colleges), "{colleges} collèges");
    assert!((15..=20).contains(&lycees), "{lycees} lycées");
    assert!((8..=12).contains(&lps), "{lps} LP");
    assert_eq!(ereas, 1);
    assert_eq!(colleges + lycees + lps + ereas + ecoles, list.len());
    assert!((120..=180).contains(&list.len()), "{} establishments", list.len());

    let heads = count(&list, |e| e.kind == "college" && e.rep_plus);
    assert!((2..=3).contains(&heads), "{heads} REP+ networks");
    let rep = count(&list, |e| e.kind == "college" && e.rep && !e.rep_plus);
    assert!((6..=10).contains(&rep), "{rep} REP collèges");
    assert!(count(&list, |e| e.rep || e.rep_plus) == rep + heads + ecoles);

    let rural = count(&list, |e| e.kind == "college" && e.density >= 5);
    let rural_poor = count(&list, Establishment::rural_disadvantaged);
    assert!(rural >= 20, "{rural} rural collèges");
    assert!((5..=rural / 2).contains(&rural_poor), "{rural_poor} rural disadvantaged");

    for kind in ["college", "lycee", "lycee_pro", "erea"] {
        assert!(count(&list, |e| e.kind == kind && e.internat) >= 1, "internat in {kind}");
    }
    assert!(count(&list, |e| e.kind == "college" && e.internat && e.density >= 5) >= 3);
    assert!(count(&list, |e| e.kind == "ecole" && e.internat) == 0);

    let segpa = count(&list, |e| e.segpa);
    assert_eq!(segpa, count(&list, |e| e.kind == "college" && e.segpa), "SEGPA in collèges only");
    assert!((colleges / 5..=colleges * 3 / 10).contains(&segpa), "{segpa} SEGPA");
    let ulis = count(&list, |e| e.kind == "college" && e.ulis);
    assert!((colleges * 2 / 5..=colleges * 3 / 5).contains(&ulis), "{ulis} ULIS");
    assert!((2..=8).contains(&count(&list, |e| e.upe2a)));
    assert!((2..=6).contains(&count(&list, |e| e.relais)));
}

#[test]
fn establishments_are_well_formed_and_plausible() {
    let list = demo().establishments;
    let mut uais = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut bassins = BTreeSet::new();
    let mut commune_of_code: BTreeMap<&str, &str> = BTreeMap::new();
    for e in &list {
        assert!(uai_is_well_formed(&e.uai), "UAI {:?}", e.uai);
        assert!(uais.insert(e.uai.as_str()), "duplicate UAI {}", e.uai);
        assert!(names.insert(e.name.as_str()), "duplicate name {}", e.name);
        assert!(!e.name.is_empty() && !e.commune.is_empty() && !e.bassin.is_empty());
        bassins.insert(e.bassin.as_str());
        assert!(
            e.commune_insee.len() == 5
                && e.commune_insee.starts_with("99")
                && e.commune_insee.chars().all(|c| c.is_ascii_digit()),
            "INSEE code {:?}",
            e.commune_insee
        );
        let known = commune_of_code.entry(&e.commune_insee).or_insert(&e.commune);
        assert_eq!(*known, e.commune, "one name per INSEE code");
        assert!(
            (LAT_RANGE.0..=LAT_RANGE.1).contains(&e.lat) && (LON_RANGE.0..=LON_RANGE.1).contains(&e.lon),
            "{} at ({}, {}) is outside the département box",
            e.uai,
            e.lat,
            e.lon
        );
        assert!((70.0..=135.0).contains(&e.ips), "{} IPS {}", e.uai, e.ips);
        assert!((1..=7).contains(&e.density));
        let pupils = match e.kind.as_str() {
            "college" => 150..=900,
            "lycee" => 600..=1_600,
            "lycee_pro" => 250..=700,
            "erea" => 100..=200,
            "ecole" => 150..=350,
            other => panic!("unknown kind {other}"),
        };
        assert!(pupils.contains(&e.pupils), "{} has {} pupils", e.uai, e.pupils);
        if e.kind == "ecole" {
            let cycle3 = e.cycle3_pupils.expect("écoles have cycle-3 pupils");
            assert!((3 * e.pupils..=5 * e.pupils).contains(&(cycle3 * 10)), "{} cycle 3", e.uai);
            assert!(e.rep_plus && !e.segpa && !e.ulis);
        } else {
            assert!(e.cycle3_pupils.is_none() && e.network.is_empty(), "{}", e.uai);
        }
        if e.kind != "college" && e.kind != "ecole" {
            assert!(!e.rep && !e.rep_plus, "éducation prioritaire is for collèges and écoles");
        }
        if e.rep_plus && e.kind == "college" {
            assert!((75.0..=85.0).contains(&e.ips));
            assert!(e.density <= 3, "REP+ networks are urban");
        }
        if e.rep && !e.rep_plus {
            assert!((84.0..=95.0).contains(&e.ips), "REP {} IPS {}", e.uai, e.ips);
        }
    }
    assert!((3..=6).contains(&bassins.len()), "{bassins:?}");

    // A city and a rural hinterland about 100 km across.
    let lat_span = list.iter().map(|e| e.lat).fold(f64::NEG_INFINITY, f64::max)
        - list.iter().map(|e| e.lat).fold(f64::INFINITY, f64::min);
    let lon_span = list.iter().map(|e| e.lon).fold(f64::NEG_INFINITY, f64::max)
        - list.iter().map(|e| e.lon).fold(f64::INFINITY, f64::min);
    assert!(lat_span > 0.6 && lon_span > 0.9, "spans {lat_span}° × {lon_span}°");
    assert!(count(&list, |e| e.density == 1) >= 15, "a préfecture");
    assert!(count(&list, |e| e.density == 4) >= 6, "small towns");
}

#[test]
fn rep_plus_ecoles_belong_to_a_nearby_rep_plus_college() {
    let list = demo().establishments;
    let by_uai: BTreeMap<&str, &Establishment> = list.iter().map(|e| (e.uai.as_str(), e)).collect();
    let mut per_network: BTreeMap<&str, usize> = BTreeMap::new();
    for e in list.iter().filter(|e| e.kind == "ecole") {
        let head = by_uai.get(e.network.as_str()).unwrap_or_else(|| panic!("{} network", e.uai));
        assert!(head.kind == "college" && head.rep_plus, "{} head is a REP+ collège", e.uai);
        assert_eq!(head.commune_insee, e.commune_insee, "same commune");
        assert!(haversine_km((e.lat, e.lon), (head.lat, head.lon)) < 3.0);
        *per_network.entry(&head.uai).or_default() += 1;
    }
    let heads = count(&list, |e| e.kind == "college" && e.rep_plus);
    assert_eq!(per_network.len(), heads, "every REP+ collège heads a network");
    assert!(per_network.values().all(|n| (4..=10).contains(n)), "{per_network:?}");
}

#[test]
fn workers_are_well_formed_and_scarce() {
    let Demo { establishments: list, workers, .. } = demo();
    let by_uai: BTreeMap<&str, &Establishment> = list.iter().map(|e| (e.uai.as_str(), e)).collect();
    assert!((20..=30).contains(&workers.len()));
    let ids: BTreeSet<&str> = workers.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids.len(), workers.len(), "unique ids");
    let mut bases = BTreeSet::new();
    for w in &workers {
        assert!(w.fte > 0.0 && w.fte <= 1.0, "{} fte {}", w.id, w.fte);
        match (&w.base, w.base_uai.as_str()) {
            (None, uai) => {
                let base = by_uai.get(uai).unwrap_or_else(|| panic!("{} base {uai}", w.id));
                assert!(base.kind == "college" || base.kind == "lycee", "{} base kind", w.id);
                assert!(bases.insert(uai), "one worker per base establishment");
            }
            (Some((lat, lon)), "") => {
                assert!((LAT_RANGE.0..=LAT_RANGE.1).contains(lat));
                assert!((LON_RANGE.0..=LON_RANGE.1).contains(lon));
            }
            (Some(_), _) => panic!("{}: base_uai and coordinates together", w.id),
        }
    }
    let offices = workers.iter().filter(|w| w.base.is_some()).count();
    assert!((1..=2).contains(&offices), "{offices} office bases");
    let limited = workers.iter().filter(|w| w.max_establishments.is_some()).count();
    assert!((1..=2).contains(&limited));
    let part_time = workers.iter().filter(|w| w.fte < 1.0).count();
    assert!(part_time >= 3, "some part-time workers");

    let need: f64 = list.iter().map(Establishment::need_fte).sum();
    let fte: f64 = workers.iter().map(|w| w.fte).sum();
    let ratio = fte / need;
    assert!((0.40..=0.50).contains(&ratio), "ETP {fte:.2} / need {need:.2} = {ratio:.3}");

    let summary = sectoria_demo::summary();
    assert!((summary.need_fte - need).abs() < 1e-9);
    assert!((summary.worker_fte - fte).abs() < 1e-9);
    assert_eq!(summary.establishments(), list.len());
}

#[test]
fn current_sectors_follow_the_planner_rules() {
    let Demo { establishments: list, workers, current } = demo();
    let by_uai: BTreeMap<&str, &Establishment> = list.iter().map(|e| (e.uai.as_str(), e)).collect();
    let by_id: BTreeMap<&str, &Worker> = workers.iter().map(|w| (w.id.as_str(), w)).collect();
    let mut served_by: BTreeMap<&str, &str> = BTreeMap::new();
    let mut units_of: BTreeMap<&str, u32> = BTreeMap::new();
    let mut secondary_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (worker_id, uai, units) in &current {
        let w = by_id.get(worker_id.as_str()).unwrap_or_else(|| panic!("worker {worker_id}"));
        let e = by_uai.get(uai.as_str()).unwrap_or_else(|| panic!("UAI {uai}"));
        let min_units = if e.is_secondary() { 2 } else { 1 };
        assert!(*units >= min_units && *units <= 10, "{worker_id} at {uai}: {units} units");
        assert!(served_by.insert(uai, worker_id).is_none(), "{uai} has two workers");
        *units_of.entry(worker_id).or_default() += units;
        if e.is_secondary() {
            *secondary_of.entry(worker_id).or_default() += 1;
        }
        let base = match (w.base, by_uai.get(w.base_uai.as_str())) {
            (Some(p), _) => p,
            (None, Some(b)) => (b.lat, b.lon),
            (None, None) => panic!("{worker_id} has no base"),
        };
        let road_km = haversine_km(base, (e.lat, e.lon)) * 1.3;
        assert!(road_km <= 60.0, "{worker_id} to {uai}: {road_km:.1} km");
    }
    for w in &workers {
        let units = units_of.get(w.id.as_str()).copied().unwrap_or(0);
        assert!(f64::from(units) / 10.0 <= w.fte + 1e-9, "{} over quotité", w.id);
        assert!(units > 0, "{} serves nobody", w.id);
        let n = secondary_of.get(w.id.as_str()).copied().unwrap_or(0);
        assert!(n <= w.max_establishments.unwrap_or(7).min(7), "{}: {n} establishments", w.id);
        if !w.base_uai.is_empty() {
            assert_eq!(served_by.get(w.base_uai.as_str()), Some(&w.id.as_str()), "{} serves its base", w.id);
        }
    }
    for (uai, worker_id) in &served_by {
        let e = by_uai[uai];
        if e.kind == "ecole" {
            assert_eq!(served_by.get(e.network.as_str()), Some(worker_id), "{uai} follows its collège");
        }
    }
    // Today's sectors cover every REP+ collège but not everything.
    for e in list.iter().filter(|e| e.kind == "college" && e.rep_plus) {
        assert!(served_by.contains_key(e.uai.as_str()), "REP+ {} served today", e.uai);
    }
    let served_secondary = served_by.keys().filter(|u| by_uai[*u].is_secondary()).count();
    let secondary = count(&list, Establishment::is_secondary);
    assert!(served_secondary < secondary, "some establishments have no regular presence today");
}
