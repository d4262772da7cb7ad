//! *Données*: the headings of a CSV file loaded into a table, read as the reader reads them
//! (« ETP » is `fte`), and, for those it does not know, the column each most likely means, for
//! the page to ask « which column is which » before the save.

use crate::error::ApiError;
use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

/// `POST /api/tables/{file}/headings`, a JSON list of the file's headings: for each, its
/// `column` (`null` when unknown) and its `guess`; and the table's `columns` (name, French
/// label, required).
pub async fn read(Path(file): Path<String>, Json(headings): Json<Vec<String>>) -> Result<Json<Value>, ApiError> {
    let columns = match file.as_str() {
        "workers.csv" => sectoria_io::workers::COLUMNS,
        "current.csv" => sectoria_io::current::COLUMNS,
        _ => {
            return Err(ApiError::bad_request(format!(
                "« {file} » n'a pas de tableau sur la page Données : seuls workers.csv et current.csv en ont un"
            )))
        }
    };
    let matches: Vec<Value> = columns
        .match_headings(&headings)
        .into_iter()
        .map(|m| json!({ "heading": m.heading, "column": m.column, "guess": m.guess }))
        .collect();
    let label = |c: &'static str| columns.labels.iter().find(|h| h.column == c).map_or(c, |h| h.label);
    let all: Vec<Value> = columns
        .required
        .iter()
        .map(|&c| (c, true))
        .chain(columns.optional.iter().map(|&c| (c, false)))
        .map(|(c, required)| json!({ "column": c, "label": label(c), "required": required }))
        .collect();
    Ok(Json(json!({ "headings": matches, "columns": all })))
}
