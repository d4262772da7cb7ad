//! French-friendly CSV: what French spreadsheets write, read without fuss.
//!
//! - UTF-8, with or without a byte-order mark; any other encoding is reported (`E103`), except
//!   for the files the web page edits (`workers.csv`, `current.csv`: [`Columns::spreadsheet`]),
//!   read as Windows-1252 (Excel's « CSV (séparateur : point-virgule) ») with a warning;
//! - the French headings of the web page's tables ([`Columns::labels`]) name their columns, and
//!   so do the usual headings of HR spreadsheets (« Matricule », « ETP », [`Heading::aliases`]);
//! - separator `;` (a header separated by `,` or tabs is reported, `E102`);
//! - columns found **by header name**, case-insensitive, in any order; required columns must be
//!   present (`E101`), unknown ones are reported (`E108`) so that a misspelt optional column
//!   is never silently ignored; several such problems in one header are said in one message;
//! - fields trimmed, blank lines (and lines of bare `;`) skipped;
//! - decimals with `.` or `,` (`12,5`), thousands separated by spaces accepted (`1 234`);
//! - booleans `0/1`, `oui/non`, `o/n`, `vrai/faux`, `true/false`, case-insensitive, empty =
//!   false.
//!
//! Lines are numbered from 1, the header being line 1 (when the file opens with it).

use crate::error::InputProblem;
use crate::warnings::InputWarning;
use std::borrow::Cow;

mod header;
mod record;
mod values;

use header::resolve_header;
pub use header::{Heading, HeadingMatch};
pub use record::Record;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
pub use values::{fr, parse_bool, parse_decimal};

/// The columns a file has: required ones must be in the header, optional ones may be.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// Columns that must be present (lowercase).
    pub required: &'static [&'static str],
    /// Columns that may be present (lowercase).
    pub optional: &'static [&'static str],
    /// French headings accepted for the columns: a heading names the one column whose label it
    /// begins, or one of whose aliases it is, accents, case and spaces aside (« Quotité » and
    /// « ETP » are `fte`).
    pub labels: &'static [Heading],
    /// Whether a file that is not UTF-8 is read as Windows-1252 (with a warning) instead of
    /// being refused (`E103`): the files users save from Excel.
    pub spreadsheet: bool,
}

impl Columns {
    /// The full expected header, `;`-separated, required columns first.
    pub fn expected_header(&self) -> String {
        self.required.iter().chain(self.optional).copied().collect::<Vec<_>>().join(";")
    }

    /// The column `heading` names: a column's own name (case aside), or a French heading
    /// ([`Columns::labelled`]).
    pub(crate) fn column_of(&self, heading: &str) -> Option<&'static str> {
        let name = heading.trim().to_lowercase();
        self.required.iter().chain(self.optional).copied().find(|c| *c == name).or_else(|| self.labelled(heading))
    }

    /// The column whose French label begins with `heading`, or one of whose aliases `heading`
    /// is (accents, case and spaces aside), when exactly one column does.
    pub fn labelled(&self, heading: &str) -> Option<&'static str> {
        let heading = spaceless(heading);
        if heading.is_empty() {
            return None;
        }
        let mut found = self
            .labels
            .iter()
            .filter(|h| spaceless(h.label).starts_with(&heading) || h.aliases.iter().any(|a| spaceless(a) == heading));
        match (found.next(), found.next()) {
            (Some(h), None) => Some(h.column),
            _ => None,
        }
    }
}

/// `s` without accents, in lowercase, its spaces collapsed to one and trimmed.
fn plain(s: &str) -> String {
    let unaccented: String = s
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect();
    unaccented.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` [`plain`], without its spaces: « Quotité(ETP) » reads as « Quotité (ETP) ».
fn spaceless(s: &str) -> String {
    plain(s).replace(' ', "")
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
    malformed: Vec<Row>,
}

impl Table {
    /// Reads `bytes` (the content of `file`) against `columns`. Problems with the encoding, the
    /// header or a line's field count are pushed to `problems`. Returns `None` when no line can
    /// be read (encoding, empty file, wrong separator); a table whose header lacks required
    /// columns is still returned, so that the other columns get checked too.
    pub fn read(bytes: &[u8], file: &Path, columns: &Columns, problems: &mut Vec<InputProblem>) -> Option<Table> {
        Self::read_with_warnings(bytes, file, columns, problems, &mut Vec::new())
    }

    /// [`Table::read`], with the warnings (a file read as Windows-1252) pushed to `warnings`.
    pub fn read_with_warnings(
        bytes: &[u8],
        file: &Path,
        columns: &Columns,
        problems: &mut Vec<InputProblem>,
        warnings: &mut Vec<InputWarning>,
    ) -> Option<Table> {
        let text = decode(bytes, file, columns.spreadsheet, problems, warnings)?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut header: Option<(usize, Vec<String>)> = None;
        let mut rows = Vec::new();
        let mut malformed = Vec::new();
        for result in reader.records() {
            let record = match result {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| line_at(&text, p.byte()));
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
            // Counted from the record's first byte: the csv reader's own line count lags on CRLF
            // files (Excel's, `sectoria adopt`'s) and after empty lines.
            let line = record.position().map_or(0, |p| line_at(&text, p.byte()));
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
                        malformed.push(Row { line, fields });
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
        Some(Table { file: file.to_path_buf(), columns: index, rows, malformed })
    }

    /// The data lines, in file order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The lines with a wrong number of fields (already reported, `E105`). Their values may
    /// be shifted; readers only use them to know which ids exist, so that other files are not
    /// reported as naming unknown ids.
    pub fn malformed_rows(&self) -> &[Row] {
        &self.malformed
    }

    /// Whether the file has no line of data at all.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.malformed.is_empty()
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
        Record::new(self, row, problems)
    }
}

/// Decodes the file: strips a UTF-8 BOM; reads a file that is not UTF-8 as Windows-1252 when
/// `spreadsheet` (with a warning), refuses it otherwise, as it refuses UTF-16.
fn decode<'a>(
    bytes: &'a [u8],
    file: &Path,
    spreadsheet: bool,
    problems: &mut Vec<InputProblem>,
    warnings: &mut Vec<InputWarning>,
) -> Option<Cow<'a, str>> {
    const UTF8_FIX: &str = "enregistrez le fichier au format « CSV UTF-8 (délimité par des points-virgules) » \
                            (Excel : Enregistrer sous ; LibreOffice : jeu de caractères Unicode (UTF-8))";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        problems.push(InputProblem::new("E103", file, "le fichier est encodé en UTF-16, pas en UTF-8", UTF8_FIX));
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(Cow::Borrowed(text)),
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            if spreadsheet {
                warnings.push(
                    InputWarning::new(
                        file,
                        "le fichier n'est pas en UTF-8 : il a été lu en Windows-1252 (l'encodage d'Excel \
                         « CSV (séparateur : point-virgule) »), à partir de cette ligne. Vérifiez ses accents ; \
                         pour ne plus voir cet avertissement, enregistrez-le au format « CSV UTF-8 (délimité \
                         par des points-virgules) »",
                    )
                    .at_lines(vec![line]),
                );
                return Some(Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()));
            }
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

/// The character of `byte` in Windows-1252 (Latin-1 outside 0x80–0x9F; its five unassigned
/// bytes kept as the C1 controls of the same value).
pub fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
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

/// Whether a name `distance` edits away from `typed` is worth suggesting: at most two edits,
/// and at most one per three characters typed.
pub(crate) fn is_near(distance: usize, typed: &str) -> bool {
    distance <= 2 && 3 * distance <= typed.chars().count()
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

/// The 1-based line (as a spreadsheet numbers it: every `\n` ends one) of the record the csv
/// reader places at byte `at` of `text`: that place is where it began reading, before the empty
/// lines it skipped, so these are passed over first.
fn line_at(text: &str, at: u64) -> usize {
    let bytes = text.as_bytes();
    let mut end = usize::try_from(at).map_or(bytes.len(), |at| at.min(bytes.len()));
    while bytes.get(end).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
        end += 1;
    }
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: Columns = Columns { required: &["a", "b"], optional: &["c"], labels: &[], spreadsheet: false };

    fn read(text: &str) -> (Option<Table>, Vec<InputProblem>) {
        let mut problems = Vec::new();
        let t = Table::read(text.as_bytes(), Path::new("t.csv"), &COLS, &mut problems);
        (t, problems)
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

    /// Files saved by Excel, or written by `sectoria adopt`, end their lines with CRLF: the lines
    /// named are those a spreadsheet shows, as with LF.
    #[test]
    fn lines_are_counted_alike_in_crlf_files() {
        for (text, eol) in [("a;b\n1;2\n\n3;4\n1\n", "LF"), ("a;b\r\n1;2\r\n\r\n3;4\r\n1\r\n", "CRLF")] {
            let (t, p) = read(text);
            let t = t.unwrap_or_else(|| panic!("table"));
            let lines: Vec<usize> = t.rows().iter().map(|r| r.line).collect();
            assert_eq!(lines, vec![2, 4], "{eol}");
            assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), vec![Some(5)], "{eol}");
        }
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
        let (_, p) = read("a;a;c\n");
        let codes: Vec<&str> = p.iter().map(|p| p.code).collect();
        assert_eq!(codes, vec!["E109", "E101"]);
        assert_eq!(p[1].column.as_deref(), Some("b"));
        assert!(p[1].fix.contains("a;b;c"));
        let (_, p) = read("a;b;zz\n");
        assert_eq!((p[0].code, p[0].column.as_deref()), ("E108", Some("zz")));
        assert!(!p[0].fix.contains("vouliez-vous dire"), "too short to guess: {}", p[0].fix);
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
    fn quoted_values_may_hold_the_separator() {
        let (t, p) = read("a;b\n\"Collège « A ; B »\";2\n");
        assert!(p.is_empty());
        let t = t.unwrap_or_else(|| panic!("table"));
        let mut problems = Vec::new();
        let r = t.record(&t.rows()[0], &mut problems);
        assert_eq!(r.text("a").as_deref(), Some("Collège « A ; B »"));
    }
}
