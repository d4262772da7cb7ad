//! Reading an OSRM Table answer: `code`, then `distances` (metres) and `durations` (seconds),
//! one row per source and one column per destination; `null` where there is no route. The
//! `sources` and `destinations` waypoints say where each point was snapped on the road network:
//! OSRM snaps a point to the nearest road it knows, however far (a server built for another
//! region snaps a whole département to one node, and answers 0 km between its points).

use crate::error::{hint_for_code, RoutingError};
use sectoria_core::LatLon;
use serde_json::Value;

/// Road distance and travel time of the pairs of one request, `[source][destination]`;
/// `None` where the server found no route.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Road distance, kilometres.
    pub km: Vec<Vec<Option<f64>>>,
    /// Travel time, minutes.
    pub minutes: Vec<Vec<Option<f64>>>,
    /// How far each source was moved to reach the road network, kilometres (the waypoint's
    /// `distance`, or the great circle to its `location` from OSRM before 5.20); `None` when
    /// the answer does not say.
    pub source_snap_km: Vec<Option<f64>>,
    /// The same for each destination.
    pub destination_snap_km: Vec<Option<f64>>,
}

impl Table {
    /// Distance and time of (`source`, `destination`) when both are known.
    ///
    /// # Units: kilometres and minutes
    pub fn cell(&self, source: usize, destination: usize) -> Option<(f64, f64)> {
        let km = self.km.get(source)?.get(destination).copied().flatten()?;
        let minutes = self.minutes.get(source)?.get(destination).copied().flatten()?;
        Some((km, minutes))
    }
}

/// Parses `body`, the answer of `url` to a request of `sources` × `destinations`.
pub(crate) fn parse_table(
    body: &str,
    url: &str,
    sources: &[LatLon],
    destinations: &[LatLon],
) -> Result<Table, RoutingError> {
    let value: Value = serde_json::from_str(body).map_err(|e| RoutingError::NotJson {
        url: url.to_string(),
        detail: e.to_string(),
        excerpt: body.chars().take(80).collect::<String>().replace('\n', " "),
    })?;
    let shape = |detail: String| RoutingError::Shape { url: url.to_string(), detail };
    let Some(object) = value.as_object() else {
        return Err(shape("la réponse n'est pas un objet JSON".into()));
    };
    match object.get("code").and_then(Value::as_str) {
        Some("Ok") => {}
        Some(code) => return Err(refused(url, code, object.get("message"))),
        None => return Err(shape("champ « code » absent".into())),
    }
    let (rows, columns) = (sources.len(), destinations.len());
    let km = matrix(object.get("distances"), "distances", rows, columns, 1000.0).map_err(shape)?;
    let minutes = matrix(object.get("durations"), "durations", rows, columns, 60.0).map_err(shape)?;
    let source_snap_km = snaps(object.get("sources"), "sources", sources).map_err(shape)?;
    let destination_snap_km = snaps(object.get("destinations"), "destinations", destinations).map_err(shape)?;
    Ok(Table { km, minutes, source_snap_km, destination_snap_km })
}

/// The snap distance of each of `points` from its waypoint list `name` (kilometres): the
/// waypoint's `distance` (metres, OSRM 5.20 and later), else the great circle from the point to
/// the waypoint's `location`; `None` for every point when the list is absent.
fn snaps(value: Option<&Value>, name: &str, points: &[LatLon]) -> Result<Vec<Option<f64>>, String> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(vec![None; points.len()]);
    };
    let Some(list) = value.as_array() else {
        return Err(format!("« {name} » n'est pas un tableau"));
    };
    if list.len() != points.len() {
        return Err(format!("« {name} » a {} points pour {} demandés", list.len(), points.len()));
    }
    let snap = |waypoint: &Value, point: &LatLon| {
        let metres = waypoint.get("distance").and_then(Value::as_f64).filter(|m| m.is_finite() && *m >= 0.0);
        metres.map(|m| m / 1000.0).or_else(|| {
            let location = waypoint.get("location")?.as_array()?;
            let (lon, lat) = (location.first()?.as_f64()?, location.get(1)?.as_f64()?);
            Some(point.haversine_km(&LatLon::new(lat, lon)))
        })
    };
    Ok(list.iter().zip(points).map(|(w, p)| snap(w, p)).collect())
}

/// The error for an answer whose `code` is not `Ok`.
pub(crate) fn refused(url: &str, code: &str, message: Option<&Value>) -> RoutingError {
    RoutingError::Refused {
        url: url.to_string(),
        code: code.to_string(),
        message: message.and_then(Value::as_str).map(|m| format!(" (« {m} »)")).unwrap_or_default(),
        hint: hint_for_code(code),
    }
}

/// A `rows × columns` matrix of non-negative numbers or `null`, each divided by `divisor`.
fn matrix(
    value: Option<&Value>,
    name: &str,
    rows: usize,
    columns: usize,
    divisor: f64,
) -> Result<Vec<Vec<Option<f64>>>, String> {
    let Some(value) = value else {
        return Err(format!("champ « {name} » absent (le serveur doit accepter annotations=distance,duration)"));
    };
    let Some(list) = value.as_array() else {
        return Err(format!("« {name} » n'est pas un tableau"));
    };
    if list.len() != rows {
        return Err(format!("« {name} » a {} lignes pour {rows} origines demandées", list.len()));
    }
    let mut out = Vec::with_capacity(rows);
    for (r, row) in list.iter().enumerate() {
        let Some(cells) = row.as_array() else {
            return Err(format!("la ligne {} de « {name} » n'est pas un tableau", r + 1));
        };
        if cells.len() != columns {
            return Err(format!(
                "la ligne {} de « {name} » a {} colonnes pour {columns} destinations demandées",
                r + 1,
                cells.len()
            ));
        }
        let mut parsed = Vec::with_capacity(columns);
        for (c, cell) in cells.iter().enumerate() {
            parsed.push(match cell {
                Value::Null => None,
                Value::Number(n) => match n.as_f64() {
                    Some(x) if x >= 0.0 && x.is_finite() => Some(x / divisor),
                    _ => {
                        return Err(format!("valeur {n} invalide dans « {name} » (ligne {}, colonne {})", r + 1, c + 1))
                    }
                },
                other => {
                    return Err(format!(
                        "valeur {other} non numérique dans « {name} » (ligne {}, colonne {})",
                        r + 1,
                        c + 1
                    ))
                }
            });
        }
        out.push(parsed);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(n: usize) -> Vec<LatLon> {
        (0..n).map(|i| LatLon::new(45.0 + i as f64 * 0.1, 2.0)).collect()
    }

    #[test]
    fn a_table_with_a_missing_route() {
        let body = r#"{"code":"Ok","distances":[[0,1500.5],[null,0]],"durations":[[0,90],[null,0]]}"#;
        let t = parse_table(body, "u", &points(2), &points(2)).unwrap();
        assert_eq!(t.cell(0, 1), Some((1.5005, 1.5)));
        assert_eq!(t.cell(1, 0), None);
        // No waypoints: the snap distances are unknown.
        assert_eq!(t.source_snap_km, vec![None, None]);
    }

    #[test]
    fn waypoints_say_how_far_each_point_was_snapped() {
        // As osrm-routed answers for points far outside its network: the two destinations are
        // snapped 300 km away, to the same node, and the road between them is 0 km long.
        let body = r#"{"code":"Ok","distances":[[0,0]],"durations":[[0,0]],
            "sources":[{"hint":"h","location":[2.0,45.0],"name":"","distance":12.5}],
            "destinations":[{"hint":"h","location":[2.9,45.4],"name":"","distance":300586.6},
                            {"hint":"h","location":[2.9,45.4],"name":""}]}"#;
        let t = parse_table(body, "u", &points(1), &[LatLon::new(42.7, 2.9), LatLon::new(45.4, 2.9)]).unwrap();
        assert_eq!(t.source_snap_km, vec![Some(0.0125)]);
        assert_eq!(t.destination_snap_km[0], Some(300.5866));
        // Without `distance` (OSRM before 5.20), the great circle to `location`: here 0.
        assert!(t.destination_snap_km[1].is_some_and(|km| km < 1e-6), "{t:?}");
        let wrong = r#"{"code":"Ok","distances":[[0]],"durations":[[0]],"sources":[]}"#;
        let e = parse_table(wrong, "u", &points(1), &points(1)).unwrap_err().to_string();
        assert!(e.starts_with("E187") && e.contains("« sources » a 0 points pour 1"), "{e}");
    }

    #[test]
    fn wrong_answers_are_named() {
        let e = |body: &str| parse_table(body, "u", &points(1), &points(2)).unwrap_err().to_string();
        assert!(e("<html>").starts_with("E185"));
        assert!(e("[1]").contains("pas un objet"));
        assert!(e(r#"{"code":"TooBig","message":"Too many table coordinates"}"#).contains("--max-table-size"));
        assert!(e(r#"{"code":"Ok","durations":[[1,2]]}"#).contains("« distances » absent"));
        assert!(e(r#"{"code":"Ok","distances":[[1]],"durations":[[1,2]]}"#).contains("1 colonnes pour 2"));
        assert!(e(r#"{"code":"Ok","distances":[[1,"x"]],"durations":[[1,2]]}"#).contains("non numérique"));
        assert!(e(r#"{"code":"Ok","distances":[[1,-2]],"durations":[[1,2]]}"#).contains("invalide"));
    }
}
