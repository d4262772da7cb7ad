//! Reading an OSRM Table answer: `code`, then `distances` (metres) and `durations` (seconds),
//! one row per source and one column per destination; `null` where there is no route.

use crate::error::{hint_for_code, RoutingError};
use serde_json::Value;

/// Road distance and travel time of the pairs of one request, `[source][destination]`;
/// `None` where the server found no route.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Road distance, kilometres.
    pub km: Vec<Vec<Option<f64>>>,
    /// Travel time, minutes.
    pub minutes: Vec<Vec<Option<f64>>>,
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
pub(crate) fn parse_table(body: &str, url: &str, sources: usize, destinations: usize) -> Result<Table, RoutingError> {
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
    let km = matrix(object.get("distances"), "distances", sources, destinations, 1000.0).map_err(shape)?;
    let minutes = matrix(object.get("durations"), "durations", sources, destinations, 60.0).map_err(shape)?;
    Ok(Table { km, minutes })
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

    #[test]
    fn a_table_with_a_missing_route() {
        let body = r#"{"code":"Ok","distances":[[0,1500.5],[null,0]],"durations":[[0,90],[null,0]]}"#;
        let t = parse_table(body, "u", 2, 2).unwrap();
        assert_eq!(t.cell(0, 1), Some((1.5005, 1.5)));
        assert_eq!(t.cell(1, 0), None);
    }

    #[test]
    fn wrong_answers_are_named() {
        let e = |body: &str| parse_table(body, "u", 1, 2).unwrap_err().to_string();
        assert!(e("<html>").starts_with("E185"));
        assert!(e("[1]").contains("pas un objet"));
        assert!(e(r#"{"code":"TooBig","message":"Too many table coordinates"}"#).contains("--max-table-size"));
        assert!(e(r#"{"code":"Ok","durations":[[1,2]]}"#).contains("« distances » absent"));
        assert!(e(r#"{"code":"Ok","distances":[[1]],"durations":[[1,2]]}"#).contains("1 colonnes pour 2"));
        assert!(e(r#"{"code":"Ok","distances":[[1,"x"]],"durations":[[1,2]]}"#).contains("non numérique"));
        assert!(e(r#"{"code":"Ok","distances":[[1,-2]],"durations":[[1,2]]}"#).contains("invalide"));
    }
}
