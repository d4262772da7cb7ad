//! Reading the values of one line by column name, reporting each problem with its line,
//! column and UAI.

use super::values::{fr, parse_bool, parse_decimal};
use super::{Row, Table};
use crate::error::InputProblem;

/// The values of one line, read by column name. Every problem found is pushed with the line,
/// the column and the UAI (once [`Record::set_uai`] is called); [`Record::failed`] tells whether
/// the line had any.
#[derive(Debug)]
pub struct Record<'a> {
    table: &'a Table,
    row: &'a Row,
    problems: &'a mut Vec<InputProblem>,
    uai: Option<String>,
    failed: bool,
}

impl<'a> Record<'a> {
    pub(super) fn new(table: &'a Table, row: &'a Row, problems: &'a mut Vec<InputProblem>) -> Self {
        Record { table, row, problems, uai: None, failed: false }
    }

    /// The line, 1-based.
    pub fn line(&self) -> usize {
        self.row.line
    }

    /// Whether a problem was reported on this line.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Tags the problems reported from now on with `uai`.
    pub fn set_uai(&mut self, uai: &str) {
        self.uai = Some(uai.to_string());
    }

    /// Reports a problem on this line, in `column`.
    pub fn problem(&mut self, code: &'static str, column: &str, message: impl Into<String>, fix: impl Into<String>) {
        let mut p = InputProblem::new(code, &self.table.file, message, fix).at_line(self.row.line).in_column(column);
        p.uai = self.uai.clone();
        self.problems.push(p);
        self.failed = true;
    }

    /// Marks the line as failed without a new problem (one reported elsewhere covers it).
    pub fn mark_failed(&mut self) {
        self.failed = true;
    }

    /// The trimmed value of `column`; `None` when the header lacks the column.
    pub fn raw(&self, column: &str) -> Option<&str> {
        let i = *self.table.columns.get(column)?;
        Some(self.row.fields.get(i).map_or("", String::as_str))
    }

    /// The value of an optional text column; `None` when absent or empty.
    pub fn text(&self, column: &str) -> Option<String> {
        self.raw(column).filter(|v| !v.is_empty()).map(str::to_string)
    }

    /// The value of a required column; reports `E106` when it is empty. `None` when empty or
    /// when the column is missing (reported once for the header).
    pub fn required(&mut self, column: &str) -> Option<String> {
        match self.raw(column) {
            None => {
                self.failed = true;
                None
            }
            Some("") => {
                self.problem("E106", column, "valeur obligatoire vide", format!("renseignez la colonne « {column} »"));
                None
            }
            Some(v) => Some(v.to_string()),
        }
    }

    /// A required decimal (`12,5` or `12.5`).
    pub fn required_decimal(&mut self, column: &str) -> Option<f64> {
        let v = self.required(column)?;
        self.decimal_value(column, &v)
    }

    /// An optional decimal; `None` when absent, empty or unreadable (reported).
    pub fn optional_decimal(&mut self, column: &str) -> Option<f64> {
        let v = self.text(column)?;
        self.decimal_value(column, &v)
    }

    fn decimal_value(&mut self, column: &str, v: &str) -> Option<f64> {
        let parsed = parse_decimal(v);
        if parsed.is_none() {
            let (message, fix) = decimal_problem(column, v);
            self.problem("E104", column, message, fix);
        }
        parsed
    }

    /// A required whole number ≥ 0.
    pub fn required_count(&mut self, column: &str) -> Option<u32> {
        let v = self.required(column)?;
        self.count_value(column, &v)
    }

    /// An optional whole number ≥ 0; `None` when absent, empty or invalid (reported).
    pub fn optional_count(&mut self, column: &str) -> Option<u32> {
        let v = self.text(column)?;
        self.count_value(column, &v)
    }

    fn count_value(&mut self, column: &str, v: &str) -> Option<u32> {
        let fix = count_fix(column);
        let fix = fix.as_str();
        let Some(x) = parse_decimal(v).filter(|x| x.fract() == 0.0) else {
            self.problem("E104", column, format!("« {v} » n'est pas un nombre entier"), fix);
            return None;
        };
        if x < 0.0 {
            self.problem("E114", column, format!("{v} est négatif"), fix);
            return None;
        }
        if x > f64::from(u32::MAX) {
            self.problem("E114", column, format!("{v} est trop grand"), "vérifiez la valeur");
            return None;
        }
        Some(x as u32)
    }

    /// An optional boolean; empty or absent is `false`.
    pub fn flag(&mut self, column: &str) -> bool {
        let Some(v) = self.raw(column) else {
            return false;
        };
        match parse_bool(v) {
            Some(b) => b,
            None => {
                let v = v.to_string();
                self.problem(
                    "E107",
                    column,
                    format!("« {v} » n'est pas une valeur oui/non"),
                    "écrivez 1 ou 0 (oui/non, o/n, vrai/faux et true/false sont aussi acceptés ; vide = non)",
                );
                false
            }
        }
    }
}

/// What a decimal column holds, its example (French spelling) and what follows the example.
fn decimal_column(column: &str) -> (&'static str, &'static str, &'static str) {
    match column {
        "fte" => ("la quotité en fraction d'ETP", "0,8", " ; 1 = temps plein"),
        "lat" | "base_lat" => ("la latitude en degrés décimaux", "43,6", ""),
        "lon" | "base_lon" => ("la longitude en degrés décimaux", "1,44", ""),
        "km" => ("la distance en kilomètres", "12,5", ""),
        "max_weekly_km" => ("un nombre de kilomètres par semaine, sans unité", "300,5", ""),
        "minutes" => ("la durée en minutes", "18,5", ""),
        "ips" => ("l'indice de position sociale (IPS)", "98,5", ""),
        _ => ("un nombre", "12,5", ""),
    }
}

/// The message and fix of an unreadable decimal `v` in `column`: a percentage is recognised
/// (a quotité of « 80% » is 0,8), and the example fits the column.
fn decimal_problem(column: &str, v: &str) -> (String, String) {
    let (what, example, extra) = decimal_column(column);
    let percent = v.strip_suffix('%').and_then(parse_decimal);
    match percent {
        Some(p) if column == "fte" => (
            format!("« {v} » est un pourcentage : la quotité s'écrit en fraction d'ETP"),
            format!("écrivez {} pour {} % (1 = temps plein, 0,5 = mi-temps)", fr(p / 100.0), fr(p)),
        ),
        Some(_) => {
            (format!("« {v} » n'est pas un nombre"), format!("écrivez {what}, sans « % » (par exemple {example})"))
        }
        None => (
            format!("« {v} » n'est pas un nombre"),
            format!(
                "écrivez {what}, avec une virgule ou un point décimal (par exemple {example} ou {}{extra})",
                example.replace(',', ".")
            ),
        ),
    }
}

/// The fix of an unreadable or negative whole number in `column`, with an example that fits.
fn count_fix(column: &str) -> String {
    match column {
        "pupils" | "cycle3_pupils" => "écrivez un nombre d'élèves entier, sans décimales (par exemple 450)".to_string(),
        "max_establishments" => "écrivez un nombre d'établissements entier, sans décimales (par exemple 6)".to_string(),
        "density" => "écrivez le niveau de densité de l'INSEE, de 1 à 7 (par exemple 4)".to_string(),
        _ => "écrivez un entier positif ou nul, sans décimales (par exemple 12)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Columns;
    use std::path::Path;

    const COLS: Columns = Columns { required: &["a", "b"], optional: &["c"], labels: &[], spreadsheet: false };

    #[test]
    fn record_values_and_problems() {
        let mut problems = Vec::new();
        let t = super::super::Table::read(
            "a;b;c\n12,5;x;oui\n;-3;peut-être\n".as_bytes(),
            Path::new("t.csv"),
            &COLS,
            &mut problems,
        );
        let t = t.unwrap_or_else(|| panic!("table"));
        let mut problems = Vec::new();
        let rows = t.rows();
        let mut r = t.record(&rows[0], &mut problems);
        assert_eq!(r.required_decimal("a"), Some(12.5));
        assert!(r.flag("c"));
        assert_eq!(r.required_count("b"), None);
        assert!(r.failed());
        let mut r = t.record(&rows[1], &mut problems);
        r.set_uai("0310001A");
        assert_eq!(r.required("a"), None);
        assert_eq!(r.required_count("b"), None);
        assert!(!r.flag("c"));
        let got: Vec<(&str, Option<usize>, Option<&str>)> =
            problems.iter().map(|p| (p.code, p.line, p.column.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("E104", Some(2), Some("b")),
                ("E106", Some(3), Some("a")),
                ("E114", Some(3), Some("b")),
                ("E107", Some(3), Some("c"))
            ]
        );
        assert_eq!(problems[1].uai.as_deref(), Some("0310001A"));
    }
}
