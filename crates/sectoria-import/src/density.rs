//! INSEE grille communale de densité (7 levels: 1–4 urban, 5–7 rural), from the workbook as
//! INSEE publishes it (`.xlsx`, read with calamine: the header row holding `CODGEO` and
//! `DENS` is searched in every sheet) or from a `.csv` conversion.

use crate::error::ImportError;
use crate::table::{normalize_header, Table};
use crate::values::{normalize_insee, parse_number};
use calamine::{open_workbook_auto, Data, Reader};
use std::collections::HashMap;
use std::path::Path;

const WHAT: &str = "la grille de densité de l'INSEE";

/// Density level (1–7) per INSEE commune code.
#[derive(Debug, Default)]
pub(crate) struct DensityGrid {
    levels: HashMap<String, u8>,
}

impl DensityGrid {
    /// Level of a commune; Paris, Lyon and Marseille arrondissements take their city's.
    pub fn level(&self, insee: &str) -> Option<u8> {
        self.levels.get(insee).or_else(|| city_of_arrondissement(insee).and_then(|city| self.levels.get(city))).copied()
    }

    /// Number of communes.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.levels.len()
    }

    fn insert(&mut self, code: Option<String>, level: Option<f64>) {
        if let (Some(code), Some(level)) = (code, level.and_then(level_of)) {
            self.levels.insert(code, level);
        }
    }
}

fn level_of(value: f64) -> Option<u8> {
    (1..=7u8).find(|&l| (value - f64::from(l)).abs() < 1e-9)
}

fn city_of_arrondissement(insee: &str) -> Option<&'static str> {
    let n: u32 = insee.parse().ok()?;
    match n {
        75101..=75120 => Some("75056"),
        69381..=69389 => Some("69123"),
        13201..=13216 => Some("13055"),
        _ => None,
    }
}

/// Reads the grid from a `.xlsx`/`.xls`/`.ods` workbook or a `.csv` file (by extension).
pub(crate) fn read(path: &Path) -> Result<DensityGrid, ImportError> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path),
        "csv" | "txt" => from_table(&Table::open(path, WHAT, b";,")?),
        _ => Err(ImportError::UnsupportedFormat { path: path.to_path_buf() }),
    }
}

/// Parses a CSV grid (`CODGEO;…;DENS;…`).
pub(crate) fn from_table(table: &Table) -> Result<DensityGrid, ImportError> {
    let code_col = table.required(&["CODGEO", "code_commune", "code_insee"])?;
    let dens_col = table.required(&["DENS", "typo_degre_de_densite", "degre_de_densite"])?;
    let mut grid = DensityGrid::default();
    for row in table.rows() {
        let row = row?;
        grid.insert(normalize_insee(row.get(code_col)), parse_number(row.get(dens_col)));
    }
    Ok(grid)
}

fn read_workbook(path: &Path) -> Result<DensityGrid, ImportError> {
    let spreadsheet_error = |message: String| ImportError::Spreadsheet { path: path.to_path_buf(), message };
    std::fs::metadata(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        what: WHAT.to_string(),
        source,
    })?;
    let mut workbook = open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(source) => ImportError::Read { path: path.to_path_buf(), what: WHAT.to_string(), source },
        other => spreadsheet_error(other.to_string()),
    })?;
    for sheet in workbook.sheet_names() {
        let range = workbook.worksheet_range(&sheet).map_err(|e| spreadsheet_error(e.to_string()))?;
        let rows: Vec<&[Data]> = range.rows().collect();
        if let Some(grid) = grid_from_rows(&rows) {
            return Ok(grid);
        }
    }
    Err(ImportError::DensityHeaderNotFound { path: path.to_path_buf() })
}

/// Finds the header row (`CODGEO`, `DENS`) and reads the rows below; `None` without header.
fn grid_from_rows(rows: &[&[Data]]) -> Option<DensityGrid> {
    let position = |row: &[Data], key: &str| {
        row.iter().position(|cell| matches!(cell, Data::String(s) if normalize_header(s) == key))
    };
    let (header_index, code_col, dens_col) =
        rows.iter().enumerate().find_map(|(i, row)| Some((i, position(row, "codgeo")?, position(row, "dens")?)))?;
    let mut grid = DensityGrid::default();
    for row in &rows[header_index + 1..] {
        let code = row.get(code_col).and_then(cell_code);
        let level = row.get(dens_col).and_then(cell_number);
        grid.insert(code, level);
    }
    Some(grid)
}

fn cell_code(cell: &Data) -> Option<String> {
    match cell {
        Data::String(s) => normalize_insee(s),
        Data::Int(n) => normalize_insee(&format!("{n:05}")),
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 => normalize_insee(&format!("{f:05.0}")),
        _ => None,
    }
}

fn cell_number(cell: &Data) -> Option<f64> {
    match cell {
        Data::Int(n) => i32::try_from(*n).ok().map(f64::from),
        Data::Float(f) => Some(*f),
        Data::String(s) => parse_number(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_grid_with_arrondissements() -> Result<(), ImportError> {
        let text = "CODGEO;LIBGEO;DENS;LIBDENS\n\
                    31555;Toulouse;1;Grands centres urbains\n\
                    12145;Rodez;2;Centres urbains intermédiaires\n\
                    48095;Mende;9;Inconnu\n\
                    75056;Paris;1;Grands centres urbains\n";
        let grid = from_table(&Table::from_text(text, b";,")?)?;
        assert_eq!(grid.len(), 3);
        assert_eq!(grid.level("31555"), Some(1));
        assert_eq!(grid.level("48095"), None);
        assert_eq!(grid.level("75112"), Some(1));
        Ok(())
    }

    #[test]
    fn workbook_rows_after_title_lines() {
        let title = [Data::String("Grille de densité".to_string())];
        let header =
            [Data::String("CODGEO".to_string()), Data::String("LIBGEO".to_string()), Data::String("DENS".to_string())];
        let a = [Data::String("01001".to_string()), Data::String("L'Abergement".to_string()), Data::Float(6.0)];
        let b = [Data::Int(1002), Data::Empty, Data::Int(7)];
        let rows: Vec<&[Data]> = vec![&title, &header, &a, &b];
        let grid = grid_from_rows(&rows).unwrap_or_default();
        assert_eq!(grid.level("01001"), Some(6));
        assert_eq!(grid.level("01002"), Some(7));
        assert!(grid_from_rows(&rows[..1]).is_none());
    }

    #[test]
    fn missing_workbook_is_a_read_error() {
        assert!(matches!(read(Path::new("/nonexistent/grille.xlsx")), Err(ImportError::Read { .. })));
    }

    #[test]
    fn unsupported_extension() {
        assert!(matches!(read(Path::new("grille.pdf")), Err(ImportError::UnsupportedFormat { .. })));
    }
}
