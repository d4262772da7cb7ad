//! Writing the three CSV files: `;` separator, `\n` line ends, decimal point, booleans
//! `0`/`1`, empty cell = unknown. Numbers are fixed-point integers formatted here, so the
//! bytes never depend on float formatting.

use crate::current::Assignment;
use crate::establishments::Establishment;
use crate::geography::Commune;
use crate::workers::{Base, Worker};

/// Header of `establishments.csv`.
pub(crate) const ESTABLISHMENTS_HEADER: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils;cycle3_pupils;ips;density;rep;rep_plus;internat;segpa;ulis;upe2a;relais;network;bassin";

/// Header of `workers.csv`.
pub(crate) const WORKERS_HEADER: &str = "id;name;fte;base_uai;base_lat;base_lon;max_establishments";

/// Header of `current.csv`.
pub(crate) const CURRENT_HEADER: &str = "worker_id;uai;fte";

/// Formats `value / 10^decimals` with exactly `decimals` digits after the point.
pub(crate) fn fixed(value: i64, decimals: u32) -> String {
    if decimals == 0 {
        return value.to_string();
    }
    let scale = 10_i64.pow(decimals);
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    let scale = scale.unsigned_abs();
    format!("{sign}{}.{:0width$}", magnitude / scale, magnitude % scale, width = decimals as usize)
}

fn flag(value: bool) -> &'static str {
    if value {
        "1"
    } else {
        "0"
    }
}

/// Joins cells with `;` and ends the line.
fn push_row(out: &mut String, cells: &[&str]) {
    out.push_str(&cells.join(";"));
    out.push('\n');
}

/// `establishments.csv`, one row per establishment in the list's order.
pub(crate) fn establishments_csv(list: &[Establishment], communes: &[Commune]) -> String {
    let mut out = String::new();
    out.push_str(ESTABLISHMENTS_HEADER);
    out.push('\n');
    for e in list {
        let commune = &communes[e.commune];
        let cycle3 = e.cycle3_pupils.map(|n| n.to_string()).unwrap_or_default();
        push_row(
            &mut out,
            &[
                &e.uai,
                &e.name,
                e.kind.code(),
                &commune.insee,
                commune.name,
                &fixed(e.position.lat_e5, 5),
                &fixed(e.position.lon_e5, 5),
                &e.pupils.to_string(),
                &cycle3,
                &fixed(i64::from(e.ips_tenths), 1),
                &commune.density.to_string(),
                flag(e.rep),
                flag(e.rep_plus),
                flag(e.internat),
                flag(e.segpa),
                flag(e.ulis),
                flag(e.upe2a),
                flag(e.relais),
                e.network.as_deref().unwrap_or(""),
                commune.bassin,
            ],
        );
    }
    out
}

/// `workers.csv`, one row per worker.
pub(crate) fn workers_csv(workers: &[Worker], list: &[Establishment]) -> String {
    let mut out = String::new();
    out.push_str(WORKERS_HEADER);
    out.push('\n');
    for w in workers {
        let (base_uai, lat, lon) = match w.base {
            Base::Establishment(i) => (list[i].uai.clone(), String::new(), String::new()),
            Base::Office(p) => (String::new(), fixed(p.lat_e5, 5), fixed(p.lon_e5, 5)),
        };
        let max = w.max_establishments.map(|n| n.to_string()).unwrap_or_default();
        push_row(&mut out, &[&w.id, w.name, &fixed(i64::from(w.fte_hundredths), 2), &base_uai, &lat, &lon, &max]);
    }
    out
}

/// `current.csv`, one row per (worker, establishment) pair.
pub(crate) fn current_csv(assignments: &[Assignment], workers: &[Worker], list: &[Establishment]) -> String {
    let mut out = String::new();
    out.push_str(CURRENT_HEADER);
    out.push('\n');
    for a in assignments {
        push_row(&mut out, &[&workers[a.worker].id, &list[a.establishment].uai, &fixed(i64::from(a.units), 1)]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_formatting() {
        assert_eq!(fixed(4_578_000, 5), "45.78000");
        assert_eq!(fixed(256_001, 5), "2.56001");
        assert_eq!(fixed(812, 1), "81.2");
        assert_eq!(fixed(80, 2), "0.80");
        assert_eq!(fixed(3, 1), "0.3");
        assert_eq!(fixed(-150_000, 5), "-1.50000");
        assert_eq!(fixed(7, 0), "7");
    }
}
