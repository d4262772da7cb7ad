//! French-friendly CSV: what French spreadsheets write, read without fuss.
//!
//! - UTF-8, with or without a byte-order mark; any other encoding is reported (`E103`);
//! - separator `;` (a header separated by `,` or tabs is reported, `E102`);
//! - columns found **by header name**, case-insensitive, in any order; required columns must be
//!   present (`E101`), unknown ones are reported (`E108`) so that a misspelt optional column
//!   is never silently ignored;
//! - fields trimmed, blank lines (and lines of bare `;`) skipped;
//! - decimals with `.` or `,` (`12,5`), thousands separated by spaces accepted (`1 234`);
//! - booleans `0/1`, `oui/non`, `o/n`, `vrai/faux`, `true/false`, case-insensitive, empty =
//!   false.
//!
//! Lines are numbered from 1, the header being line 1 (when the file opens with it).

use crate::error::InputProblem;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The columns a file has: required ones must be in the header, optional ones may be.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// Columns that must be present (lowercase).
    pub required: &'static [&'static str],
    /// Columns that may be present (lowercase).
    pub optional: &'static [&'static str],
}

impl Columns {
    /// The full expected header, `;`-separated, required columns first.
    pub fn expected_header(&self) -> String {
        self.required.iter().chain(self.optional).copied().collect::<Vec<_>>().join(";")
    }

    fn canonical(&self, name: &str) -> Option<&'static str> {
        self.required.iter().chain(self.optional).copied().find(|c| *c == name)
    }
}

/// One data line of a table.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line in the file, 1-based.
    pub line: usize,
    fields: Vec<String>,
}

/// A CSV file read into trimmed text fields, with its header resolved.
#[derive(Debug, Clone)]
pub struct Table {
    file: PathBuf,
    columns: BTreeMap<&'static str, usize>,
    rows: Vec<Row>,
}

impl Table {
    /// Reads `bytes` (the content of `file`) against `columns`. Problems with the encoding, the
    /// header or a line's field count are pushed to `problems`. Returns `None` when no line can
    /// be read (encoding, empty file, wrong separator); a table whose header lacks required
    /// columns is still returned, so that the other columns get checked too.
    pub fn read(bytes: &[u8], file: &Path, columns: &Columns, problems: &mut Vec<InputProblem>) -> Option<Table> {
        let text = decode(bytes, file, problems)?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut header: Option<(usize, Vec<String>)> = None;
        let mut rows = Vec::new();
        for result in reader.records() {
            let record = match result {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    let mut p = InputProblem::new(
                        "E105",
                        file,
                        format!("ligne illisible ({e})"),
                        "vérifiez les guillemets et les « ; » de cette ligne",
                    );
                    if line > 0 {
                        p = p.at_line(line);
                    }
                    problems.push(p);
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line() as usize);
            let fields: Vec<String> = record.iter().map(|f| f.trim().to_string()).collect();
            if fields.iter().all(String::is_empty) {
                continue;
            }
            match &header {
                None => {
                    if !check_separator(&fields, line, file, problems) {
                        return None;
                    }
                    header = Some((line, fields));
                }
                Some((_, names)) => {
                    let n = names.len();
                    let extra_empty = fields.len() > n && fields[n..].iter().all(String::is_empty);
                    if fields.len() == n || extra_empty {
                        rows.push(Row { line, fields });
                    } else {
                        problems.push(
                            InputProblem::new(
                                "E105",
                                file,
                                format!("la ligne a {} champs, l'en-tête en a {n}", fields.len()),
                                "vérifiez les « ; » manquants ou en trop ; une valeur qui contient « ; » \
                                 doit être écrite entre guillemets",
                            )
                            .at_line(line),
                        );
                    }
                }
            }
        }
        let Some((header_line, names)) = header else {
            problems.push(InputProblem::new(
                "E110",
                file,
                "le fichier est vide",
                format!("écrivez au moins l'en-tête : {}", columns.expected_header()),
            ));
            return None;
        };
        let index = resolve_header(&names, header_line, file, columns, problems);
        Some(Table { file: file.to_path_buf(), columns: index, rows })
    }

    /// The data lines, in file order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The file the table was read from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Whether the header has `column`.
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// A reader of `row`'s values that reports problems to `problems`.
    pub fn record<'a>(&'a self, row: &'a Row, problems: &'a mut Vec<InputProblem>) -> Record<'a> {
        Record { table: self, row, problems, uai: None, failed: false }
    }
}

/// Decodes the file: strips a UTF-8 BOM, refuses other encodings.
fn decode<'a>(bytes: &'a [u8], file: &Path, problems: &mut Vec<InputProblem>) -> Option<&'a str> {
    const UTF8_FIX: &str = "enregistrez le fichier au format « CSV UTF-8 (délimité par des points-virgules) » \
                            (Excel : Enregistrer sous ; LibreOffice : jeu de caractères Unicode (UTF-8))";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        problems.push(InputProblem::new("E103", file, "le fichier est encodé en UTF-16, pas en UTF-8", UTF8_FIX));
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            problems.push(
                InputProblem::new(
                    "E103",
                    file,
                    "le fichier n'est pas encodé en UTF-8 (probablement Windows-1252 ou Latin-1 : \
                     les accents sont illisibles)",
                    UTF8_FIX,
                )
                .at_line(line),
            );
            None
        }
    }
}

/// Reports a header that is separated by `,` or tabs instead of `;`. Returns whether the
/// separator is usable.
fn check_separator(fields: &[String], line: usize, file: &Path, problems: &mut Vec<InputProblem>) -> bool {
    if fields.len() > 1 {
        return true;
    }
    let only = fields.first().map_or("", String::as_str);
    let found = if only.contains('\t') {
        "des tabulations"
    } else if only.contains(',') {
        "des virgules"
    } else {
        return true;
    };
    problems.push(
        InputProblem::new(
            "E102",
            file,
            format!("mauvais séparateur : l'en-tête est séparé par {found} au lieu de « ; »"),
            "enregistrez le fichier au format CSV avec le séparateur « ; » (point-virgule) ; \
             dans Excel : « CSV UTF-8 (délimité par des points-virgules) »",
        )
        .at_line(line),
    );
    false
}

/// Maps header names to field indices; reports unknown, duplicate and missing columns.
fn resolve_header(
    names: &[String],
    line: usize,
    file: &Path,
    columns: &Columns,
    problems: &mut Vec<InputProblem>,
) -> BTreeMap<&'static str, usize> {
    let mut index = BTreeMap::new();
    let expected = columns.expected_header();
    for (i, name) in names.iter().enumerate() {
        let lower = name.to_lowercase();
        if lower.is_empty() {
            continue;
        }
        match columns.canonical(&lower) {
            Some(c) if index.contains_key(c) => problems.push(
                InputProblem::new(
                    "E109",
                    file,
                    format!("la colonne « {c} » apparaît deux fois dans l'en-tête"),
                    "supprimez ou renommez l'une des deux colonnes",
                )
                .at_line(line)
                .in_column(c),
            ),
            Some(c) => {
                index.insert(c, i);
            }
            None => {
                let hint = closest(&lower, columns)
                    .map(|c| format!("vouliez-vous dire « {c} » ? "))
                    .unwrap_or_default();
                problems.push(
                    InputProblem::new(
                        "E108",
                        file,
                        format!("colonne inconnue « {name} »"),
                        format!("{hint}renommez-la ou supprimez-la ; colonnes connues : {expected}"),
                    )
                    .at_line(line)
                    .in_column(name.as_str()),
                );
            }
        }
    }
    for c in columns.required {
        if !index.contains_key(c) {
            problems.push(
                InputProblem::new(
                    "E101",
                    file,
                    format!("la colonne obligatoire « {c} » est absente de l'en-tête"),
                    format!(
                        "ajoutez la colonne « {c} » ; en-tête attendu (ordre libre, colonnes facultatives \
                         après « {} ») : {expected}",
                        columns.required.last().copied().unwrap_or_default()
                    ),
                )
                .at_line(line)
                .in_column(*c),
            );
        }
    }
    index
}

/// The known column nearest to `name` (at most two edits away).
fn closest(name: &str, columns: &Columns) -> Option<&'static str> {
    columns
        .required
        .iter()
        .chain(columns.optional)
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Parses a decimal written the French or the English way: `12,5`, `12.5`, `-3`, `1 234,5`.
/// Returns `None` for anything else (text, `1.234,5`, infinities, NaN).
pub fn parse_decimal(s: &str) -> Option<f64> {
    let t = s.trim();
    let t = strip_thousands(t)?;
    if t.contains(',') && t.contains('.') || t.matches(',').count() > 1 {
        return None;
    }
    let t = t.replace(',', ".");
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E')) {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Removes spaces between groups of three digits (`1 234` → `1234`); `None` when spaces are
/// anywhere else.
fn strip_thousands(t: &str) -> Option<String> {
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}');
    if !t.contains(is_space) {
        return Some(t.to_string());
    }
    let (int_part, rest) = match t.find([',', '.']) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    if rest.contains(is_space) {
        return None;
    }
    let unsigned = int_part.trim_start_matches(['-', '+']);
    let groups: Vec<&str> = unsigned.split(is_space).collect();
    let ok = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| format!("{}{}", int_part.replace(is_space, ""), rest))
}

/// Parses a boolean: `1`/`0`, `oui`/`non`, `o`/`n`, `vrai`/`faux`, `true`/`false`
/// (case-insensitive). Empty is `Some(false)`; anything else `None`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "1" | "oui" | "o" | "vrai" | "true" => Some(true),
        "0" | "non" | "n" | "faux" | "false" | "" => Some(false),
        _ => None,
    }
}

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

impl Record<'_> {
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
            self.problem(
                "E104",
                column,
                format!("« {v} » n'est pas un nombre"),
                "écrivez un nombre, avec une virgule ou un point décimal (par exemple 43,6 ou 43.6)",
            );
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
        let fix = "écrivez un entier positif ou nul, sans décimales (par exemple 450)";
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

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: Columns = Columns { required: &["a", "b"], optional: &["c"] };

    fn read(text: &str) -> (Option<Table>, Vec<InputProblem>) {
        let mut problems = Vec::new();
        let t = Table::read(text.as_bytes(), Path::new("t.csv"), &COLS, &mut problems);
        (t, problems)
    }

    #[test]
    fn decimals_french_and_english() {
        assert_eq!(parse_decimal("12,5"), Some(12.5));
        assert_eq!(parse_decimal(" 12.5 "), Some(12.5));
        assert_eq!(parse_decimal("-1,44"), Some(-1.44));
        assert_eq!(parse_decimal("1 234"), Some(1234.0));
        assert_eq!(parse_decimal("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_decimal("12 5"), None);
        assert_eq!(parse_decimal("1.234,5"), None);
        assert_eq!(parse_decimal("douze"), None);
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("1e400"), None);
    }

    #[test]
    fn booleans_in_every_accepted_spelling() {
        for t in ["1", "oui", "OUI", "Oui", "o", "O", "vrai", "VRAI", "true", "True", "TRUE"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["0", "non", "NON", "n", "N", "faux", "Faux", "false", "FALSE", "", "  "] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        assert_eq!(parse_bool("peut-être"), None);
        assert_eq!(parse_bool("2"), None);
    }

    #[test]
    fn header_by_name_any_order_and_case() {
        let (t, p) = read("C;B;A\n3;2;1\n\n;;\n6;5;4\n");
        assert!(p.is_empty(), "{p:?}");
        let t = t.unwrap_or_else(|| panic!("table"));
        let mut problems = Vec::new();
        let lines: Vec<(usize, Option<String>)> = t
            .rows()
            .iter()
            .map(|r| {
                let rec = t.record(r, &mut problems);
                (rec.line(), rec.text("a"))
            })
            .collect();
        assert_eq!(lines, vec![(2, Some("1".into())), (5, Some("4".into()))]);
    }

    #[test]
    fn wrong_field_count_is_reported_with_its_line() {
        let (t, p) = read("a;b\n1;2\n1;2;3\n1\n1;2;;\n");
        assert_eq!(t.map(|t| t.rows().len()), Some(2));
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!((p[0].code, p[0].line), ("E105", Some(3)));
        assert_eq!((p[1].code, p[1].line), ("E105", Some(4)));
    }

    #[test]
    fn header_problems() {
        let (_, p) = read("a;a;zz;c\n");
        let codes: Vec<&str> = p.iter().map(|p| p.code).collect();
        assert_eq!(codes, vec!["E109", "E108", "E101"]);
        assert_eq!(p[2].column.as_deref(), Some("b"));
        assert!(p[2].fix.contains("a;b;c"));
        let (_, p) = read("a;bb\n");
        assert!(p[0].fix.contains("vouliez-vous dire « b »"), "{}", p[0].fix);
    }

    #[test]
    fn encodings() {
        let mut problems = Vec::new();
        let bom = b"\xEF\xBB\xBFa;b\n1;2\n";
        assert!(Table::read(bom, Path::new("t.csv"), &COLS, &mut problems).is_some());
        assert!(problems.is_empty());
        let latin1 = b"a;b\n1;Coll\xE8ge\n";
        assert!(Table::read(latin1, Path::new("t.csv"), &COLS, &mut problems).is_none());
        assert_eq!((problems[0].code, problems[0].line), ("E103", Some(2)));
        assert!(Table::read(b"\xFF\xFEa\0", Path::new("t.csv"), &COLS, &mut problems).is_none());
        assert_eq!(problems[1].code, "E103");
        let (t, p) = read("\n  \n");
        assert!(t.is_none());
        assert_eq!(p[0].code, "E110");
    }

    #[test]
    fn separators() {
        let (t, p) = read("a,b\n1,2\n");
        assert!(t.is_none());
        assert_eq!((p[0].code, p[0].line), ("E102", Some(1)));
        assert!(p[0].message.contains("virgules"));
        let (_, p) = read("a\tb\n1\t2\n");
        assert!(p[0].message.contains("tabulations"));
    }

    #[test]
    fn record_values_and_problems() {
        let (t, _) = read("a;b;c\n12,5;x;oui\n;-3;peut-être\n");
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
            vec![("E104", Some(2), Some("b")), ("E106", Some(3), Some("a")), ("E114", Some(3), Some("b")), ("E107", Some(3), Some("c"))]
        );
        assert_eq!(problems[1].uai.as_deref(), Some("0310001A"));
    }

    #[test]
    fn quoted_values_may_hold_the_separator() {
        let (t, p) = read("a;b\n\"Collège « A ; B »\";2\n");
        assert!(p.is_empty());
        let t = t.unwrap_or_else(|| panic!("table"));
        let mut problems = Vec::new();
        let r = t.record(&t.rows()[0], &mut problems);
        assert_eq!(r.text("a").as_deref(), Some("Collège « A ; B »"));
    }
}
