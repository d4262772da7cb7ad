//! The demo département's roads, as an OpenStreetMap XML file for OSRM (`roads.osm`).
//!
//! Communes are joined to their three nearest neighbours; the class of a road follows the
//! places it joins (`primary` between the préfecture, its suburbs and the towns, `secondary`
//! to a bourg-centre, `tertiary` elsewhere), and each establishment is reached from its
//! commune's centre by a `residential` street. Two obstacles make road and great-circle
//! distances disagree:
//!
//! - the **Monts d'Ardelle**, a ridge in the south-west that no road crosses except the
//!   **col de la Croix-Morand**, a hairpin road limited to 30 km/h;
//! - the **Sarlonne**, a river running north–south east of Valcourt, crossed by two bridges
//!   only (on the Valcourt–Lorsac road and in the south).
//!
//! Rochesauve lies on an island of the lac de Rochesauve, served by boat: its streets form a
//! network of their own and no road leads there (OSRM answers `null`; the planner keeps the
//! estimate). With `osrm-extract --small-component-size 5` the island is not snapped away.
//!
//! Everything is integer positions and correctly rounded arithmetic: same bytes everywhere.

use crate::establishments::Establishment;
use crate::geography::{Area, Commune, Position};
use std::collections::BTreeSet;
use std::fmt::Write;

/// File name of the road network in the demo folder.
pub const ROADS_FILE: &str = "roads.osm";

/// The commune on an island, reached by no road.
pub(crate) const ISLAND: &str = "Rochesauve";

/// The ridge, as a segment (south-west): no road crosses it but the pass.
const RIDGE: (Position, Position) = (Position::new(4_548_000, 195_000), Position::new(4_566_000, 240_000));
/// The pass over the ridge.
const PASS: Position = Position::new(4_557_000, 217_500);
/// The river, as a segment running the whole height of the box.
const RIVER: (Position, Position) = (Position::new(4_626_000, 282_000), Position::new(4_534_000, 278_000));
/// The bridges over the river.
const BRIDGES: [Position; 2] = [Position::new(4_581_000, 280_000), Position::new(4_545_000, 278_500)];

/// A road between two nodes of the graph.
struct Road {
    from: usize,
    to: usize,
    class: &'static str,
    extra: &'static [(&'static str, &'static str)],
}

/// Builds the OSM XML of the département's roads.
pub(crate) fn roads_osm(communes: &[Commune], establishments: &[Establishment]) -> String {
    // Graph nodes: communes, then the pass, then the bridges.
    let mut points: Vec<Position> = communes.iter().map(|c| c.centre).collect();
    let pass = points.len();
    points.push(PASS);
    let bridges: Vec<usize> = BRIDGES
        .iter()
        .map(|&b| {
            points.push(b);
            points.len() - 1
        })
        .collect();
    let island = communes.iter().position(|c| c.name == ISLAND);
    let on_land = |i: usize| Some(i) != island;
    let crosses =
        |a: Position, b: Position| segments_cross(a, b, RIDGE.0, RIDGE.1) || segments_cross(a, b, RIVER.0, RIVER.1);
    let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut roads: Vec<Road> = Vec::new();
    type Tags = &'static [(&'static str, &'static str)];
    let add = |edges: &mut BTreeSet<(usize, usize)>,
               roads: &mut Vec<Road>,
               a: usize,
               b: usize,
               class: &'static str,
               extra: Tags| {
        if edges.insert((a.min(b), a.max(b))) {
            roads.push(Road { from: a, to: b, class, extra });
        }
    };
    let n = communes.len();
    for a in (0..n).filter(|&a| on_land(a)) {
        let mut near: Vec<usize> = (0..n).filter(|&b| b != a && on_land(b)).collect();
        near.sort_by(|&x, &y| points[a].km_to(points[x]).total_cmp(&points[a].km_to(points[y])).then(x.cmp(&y)));
        for &b in near.iter().filter(|&&b| !crosses(points[a], points[b])).take(3) {
            add(&mut edges, &mut roads, a, b, class_of(&communes[a], &communes[b]), &[]);
        }
    }
    // The pass: a slow hairpin road from the nearest commune on each side of the ridge.
    for side in [true, false] {
        if let Some(c) = nearest(&points, PASS, (0..n).filter(|&c| on_land(c) && north_of_ridge(points[c]) == side)) {
            add(&mut edges, &mut roads, c, pass, "tertiary", &[("maxspeed", "30"), ("name", "Col de la Croix-Morand")]);
        }
    }
    // The bridges: a primary road from the nearest commune on each bank.
    for &b in &bridges {
        for bank in [true, false] {
            let candidates = (0..n).filter(|&c| on_land(c) && (side(RIVER.0, RIVER.1, points[c]) > 0) == bank);
            let candidates: Vec<usize> =
                candidates.filter(|&c| !segments_cross(points[c], points[b], RIDGE.0, RIDGE.1)).collect();
            if let Some(c) = nearest(&points, points[b], candidates.into_iter()) {
                add(&mut edges, &mut roads, c, b, "primary", &[("bridge", "yes"), ("layer", "1")]);
            }
        }
    }
    // Join what is left apart with the shortest road that crosses nothing.
    loop {
        let reached = component(points.len(), &edges, 0);
        let best = (0..points.len())
            .filter(|&a| !reached.contains(&a) && (a >= n || on_land(a)))
            .flat_map(|a| reached.iter().map(move |&b| (a, b)))
            .filter(|&(a, b)| !crosses(points[a], points[b]))
            .min_by(|&(a, b), &(c, d)| points[a].km_to(points[b]).total_cmp(&points[c].km_to(points[d])));
        let Some((a, b)) = best else { break };
        add(&mut edges, &mut roads, a, b, "tertiary", &[]);
    }
    write_osm(communes, establishments, &points, &roads, island)
}

/// Whether `p` lies north-west of the ridge line.
fn north_of_ridge(p: Position) -> bool {
    side(RIDGE.0, RIDGE.1, p) > 0
}

fn nearest(points: &[Position], to: Position, candidates: impl Iterator<Item = usize>) -> Option<usize> {
    candidates.min_by(|&a, &b| points[a].km_to(to).total_cmp(&points[b].km_to(to)).then(a.cmp(&b)))
}

/// The nodes reachable from `start`.
fn component(n: usize, edges: &BTreeSet<(usize, usize)>, start: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::from([start]);
    let mut stack = vec![start];
    while let Some(a) = stack.pop() {
        for &(x, y) in edges {
            let other = if x == a {
                y
            } else if y == a {
                x
            } else {
                continue;
            };
            if other < n && seen.insert(other) {
                stack.push(other);
            }
        }
    }
    seen
}

fn class_of(a: &Commune, b: &Commune) -> &'static str {
    let urban = |c: &Commune| matches!(c.area, Area::City | Area::Suburb | Area::Town);
    if urban(a) && urban(b) {
        "primary"
    } else if urban(a) || urban(b) || a.bourg || b.bourg {
        "secondary"
    } else {
        "tertiary"
    }
}

/// Sign of the cross product (b − a) × (p − a), in integer 1e-5 degrees.
fn side(a: Position, b: Position, p: Position) -> i128 {
    let cross = i128::from(b.lon_e5 - a.lon_e5) * i128::from(p.lat_e5 - a.lat_e5)
        - i128::from(b.lat_e5 - a.lat_e5) * i128::from(p.lon_e5 - a.lon_e5);
    cross.signum()
}

/// Whether segments `p1p2` and `q1q2` cross (strictly).
fn segments_cross(p1: Position, p2: Position, q1: Position, q2: Position) -> bool {
    side(p1, p2, q1) * side(p1, p2, q2) < 0 && side(q1, q2, p1) * side(q1, q2, p2) < 0
}

fn degrees(e5: i64) -> String {
    let sign = if e5 < 0 { "-" } else { "" };
    format!("{sign}{}.{:05}", e5.abs() / 100_000, e5.abs() % 100_000)
}

fn write_osm(
    communes: &[Commune],
    establishments: &[Establishment],
    points: &[Position],
    roads: &[Road],
    island: Option<usize>,
) -> String {
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"sectoria-demo\">\n");
    xml.push_str("  <bounds minlat=\"45.35000\" minlon=\"1.95000\" maxlat=\"46.25000\" maxlon=\"3.25000\"/>\n");
    let mut nodes: Vec<Position> = points.to_vec();
    let mut streets: Vec<(Vec<usize>, &'static str)> = Vec::new();
    // The island's ring road: eight nodes around the centre, so that it is no tiny component.
    if let Some(c) = island {
        let centre = communes[c].centre;
        let first = nodes.len();
        for (north, east) in
            [(0.8, 0.0), (0.6, 0.6), (0.0, 0.8), (-0.6, 0.6), (-0.8, 0.0), (-0.6, -0.6), (0.0, -0.8), (0.6, -0.6)]
        {
            nodes.push(centre.offset_km(north, east));
        }
        let mut ring: Vec<usize> = (first..first + 8).collect();
        ring.push(first);
        streets.push((ring, "residential"));
        streets.push((vec![c, first], "residential"));
    }
    for e in establishments {
        nodes.push(e.position);
        streets.push((vec![e.commune, nodes.len() - 1], "residential"));
    }
    for (id, p) in nodes.iter().enumerate() {
        let _ = writeln!(
            xml,
            "  <node id=\"{}\" version=\"1\" lat=\"{}\" lon=\"{}\"/>",
            id + 1,
            degrees(p.lat_e5),
            degrees(p.lon_e5)
        );
    }
    let mut way = 0;
    let mut open = |xml: &mut String, refs: &[usize], class: &str| {
        way += 1;
        let _ = writeln!(xml, "  <way id=\"{way}\" version=\"1\">");
        for r in refs {
            let _ = writeln!(xml, "    <nd ref=\"{}\"/>", r + 1);
        }
        let _ = writeln!(xml, "    <tag k=\"highway\" v=\"{class}\"/>");
    };
    for road in roads {
        open(&mut xml, &[road.from, road.to], road.class);
        for (k, v) in road.extra {
            let _ = writeln!(xml, "    <tag k=\"{k}\" v=\"{}\"/>", v.replace('\'', "&apos;"));
        }
        xml.push_str("  </way>\n");
    }
    for (refs, class) in &streets {
        open(&mut xml, refs, class);
        xml.push_str("  </way>\n");
    }
    xml.push_str("</osm>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_is_strict() {
        let a = Position::new(0, 0);
        let b = Position::new(10, 10);
        assert!(segments_cross(a, b, Position::new(0, 10), Position::new(10, 0)));
        assert!(!segments_cross(a, b, Position::new(20, 0), Position::new(30, 0)));
        assert_eq!(degrees(4_578_000), "45.78000");
        assert_eq!(degrees(-1_234), "-0.01234");
    }
}
