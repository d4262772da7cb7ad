//! A delimited text file read by header name: BOM and legacy encodings, separator check,
//! column lookup by (normalised) name, field-count check with 1-based line numbers.

use crate::encoding::decode;
use crate::error::ImportError;
use csv::StringRecord;
use std::path::{Path, PathBuf};

/// Separators recognised when sniffing a header line.
const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];

/// A whole delimited file held in memory, with its header.
pub(crate) struct Table {
    path: PathBuf,
    what: String,
    text: String,
    delimiter: u8,
    headers: Vec<String>,
    keys: Vec<String>,
    /// The file was not UTF-8 and was decoded as Windows-1252.
    pub legacy_encoding: bool,
}

/// One data line of a [`Table`].
pub(crate) struct Row {
    /// Line number (1-based, the header is line 1).
    pub line: u64,
    record: StringRecord,
}

impl Row {
    /// Trimmed field, `""` when absent.
    pub fn get(&self, column: usize) -> &str {
        self.record.get(column).map_or("", str::trim)
    }

    /// Trimmed non-empty field of an optional column.
    pub fn opt(&self, column: Option<usize>) -> Option<&str> {
        column.map(|c| self.get(c)).filter(|v| !v.is_empty())
    }
}

impl Table {
    /// Reads `path`; `what` names the file in messages (French); `allowed` lists the accepted
    /// separators, the first being the one named when another is found.
    pub fn open(path: &Path, what: &str, allowed: &[u8]) -> Result<Table, ImportError> {
        let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
            path: path.to_path_buf(),
            what: what.to_string(),
            source,
        })?;
        Table::from_bytes(path, what, bytes, allowed)
    }

    /// Same as [`Table::open`] on bytes already read (`path` is only used in messages).
    pub fn from_bytes(path: &Path, what: &str, bytes: Vec<u8>, allowed: &[u8]) -> Result<Table, ImportError> {
        let decoded = decode(bytes);
        let first_line = decoded.text.lines().next().unwrap_or("");
        let delimiter = sniff(first_line, allowed).map_err(|(found, expected)| ImportError::WrongSeparator {
            path: path.to_path_buf(),
            what: what.to_string(),
            found: char::from(found),
            expected: char::from(expected),
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(decoded.text.as_bytes());
        let mut header = StringRecord::new();
        reader.read_record(&mut header).map_err(|err| csv_error(path, 1, &err))?;
        let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let keys = headers.iter().map(|h| normalize_header(h)).collect();
        Ok(Table {
            path: path.to_path_buf(),
            what: what.to_string(),
            text: decoded.text,
            delimiter,
            headers,
            keys,
            legacy_encoding: decoded.legacy,
        })
    }

    /// Test helper: a table from text.
    #[cfg(test)]
    pub fn from_text(text: &str, allowed: &[u8]) -> Result<Table, ImportError> {
        Table::from_bytes(Path::new("extrait.csv"), "l'extrait de test", text.as_bytes().to_vec(), allowed)
    }

    /// The file path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Index of the first column matching one of `aliases` (compared after normalisation).
    pub fn optional(&self, aliases: &[&str]) -> Option<usize> {
        aliases.iter().find_map(|alias| {
            let key = normalize_header(alias);
            self.keys.iter().position(|k| *k == key)
        })
    }

    /// Like [`Table::optional`], but a missing column is an error naming `aliases[0]`.
    pub fn required(&self, aliases: &[&str]) -> Result<usize, ImportError> {
        self.optional(aliases).ok_or_else(|| ImportError::MissingColumn {
            path: self.path.clone(),
            what: self.what.clone(),
            column: aliases.first().copied().unwrap_or_default().to_string(),
            found: abridged(&self.headers),
        })
    }

    /// The data rows, checked for their field count.
    pub fn rows(&self) -> impl Iterator<Item = Result<Row, ImportError>> + '_ {
        let reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let expected = self.headers.len();
        let mut lines = LineCounter::default();
        reader.into_records().map(move |result| {
            let record = result.map_err(|err| {
                let line = err.position().map_or(0, |p| lines.line_at(&self.text, p.byte()));
                csv_error(&self.path, line, &err)
            })?;
            let line = record.position().map_or(0, |p| lines.line_at(&self.text, p.byte()));
            let found = record.len();
            let extra_non_empty = record.iter().skip(expected).any(|f| !f.trim().is_empty());
            if found < expected || extra_non_empty {
                let column = match self.headers.get(found) {
                    Some(h) if found < expected => h.clone(),
                    _ => format!("(champ en trop n° {})", expected + 1),
                };
                return Err(ImportError::FieldCount { path: self.path.clone(), line, column, found, expected });
            }
            Ok(Row { line, record })
        })
    }
}

/// Line numbers from byte offsets (the csv crate does not count blank lines), computed
/// incrementally since records come in increasing offsets.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    newlines: u64,
}

impl LineCounter {
    /// 1-based line of the record starting at `byte` (leading blank lines skipped).
    fn line_at(&mut self, text: &str, byte: u64) -> u64 {
        let bytes = text.as_bytes();
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
            start += 1;
        }
        if start < self.byte {
            self.byte = 0;
            self.newlines = 0;
        }
        let counted = bytes[self.byte..start].iter().filter(|&&b| b == b'\n').count();
        self.newlines += u64::try_from(counted).unwrap_or(u64::MAX);
        self.byte = start;
        self.newlines + 1
    }
}

fn csv_error(path: &Path, line: u64, err: &csv::Error) -> ImportError {
    ImportError::Csv { path: path.to_path_buf(), line, message: err.to_string() }
}

/// The separator of a header line: the allowed candidate found most often. Errors with
/// `(found, expected)` when only a non-allowed separator appears.
fn sniff(header: &str, allowed: &[u8]) -> Result<u8, (u8, u8)> {
    let counts: Vec<(u8, usize)> = CANDIDATES.iter().map(|&c| (c, count_outside_quotes(header, c))).collect();
    let count_of = |c: u8| counts.iter().find(|(d, _)| *d == c).map_or(0, |(_, n)| *n);
    let expected = allowed.first().copied().unwrap_or(b';');
    if let Some(best) = allowed.iter().copied().filter(|&c| count_of(c) > 0).max_by_key(|&c| count_of(c)) {
        return Ok(best);
    }
    match counts.iter().filter(|(_, n)| *n > 0).max_by_key(|(_, n)| *n) {
        Some(&(found, _)) => Err((found, expected)),
        None => Ok(expected),
    }
}

fn count_outside_quotes(line: &str, sep: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == sep && !quoted {
            count += 1;
        }
    }
    count
}

/// A French letter without its accent, in its own case (`é` → `e`, `Î` → `I`, `ç` → `c`);
/// any other character as it is.
pub fn without_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'À' | 'Â' | 'Ä' | 'Á' | 'Ã' => 'A',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'Î' | 'Ï' | 'Í' | 'Ì' => 'I',
        'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => 'O',
        'Ù' | 'Û' | 'Ü' | 'Ú' => 'U',
        'Ç' => 'C',
        'Ñ' => 'N',
        other => other,
    }
}

/// Header key: lower case, accents removed, every other non-alphanumeric run as one `_`.
pub(crate) fn normalize_header(header: &str) -> String {
    let mut key = String::with_capacity(header.len());
    for c in header.chars().flat_map(char::to_lowercase) {
        let c = without_accent(c);
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    while key.ends_with('_') {
        key.pop();
    }
    key
}

fn abridged(headers: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut list: Vec<&str> = headers.iter().take(SHOWN).map(String::as_str).collect();
    if headers.len() > SHOWN {
        list.push("…");
    }
    if list.is_empty() {
        "aucune".to_string()
    } else {
        list.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_are_removed_in_either_case() {
        let plain = |s: &str| s.chars().map(without_accent).collect::<String>();
        assert_eq!(plain("Île-de-France"), "Ile-de-France");
        assert_eq!(plain("ÀÂÄ ÉÈÊË ÎÏ ÔÖ ÙÛÜ Ç"), "AAA EEEE II OO UUU C");
        assert_eq!(plain("àâä éèêë îï ôö ùûü ç"), "aaa eeee ii oo uuu c");
        assert_eq!(plain("Núria Sánchez ñ"), "Nuria Sanchez n");
        assert_eq!(plain("Œuvre 42"), "Œuvre 42");
    }

    #[test]
    fn header_keys_are_normalised() {
        assert_eq!(normalize_header("\u{feff}Code postal"), "code_postal");
        assert_eq!(normalize_header("#Code_commune_INSEE"), "code_commune_insee");
        assert_eq!(normalize_header("Libellé_d_acheminement"), "libelle_d_acheminement");
        assert_eq!(normalize_header("\nCode \nCommune\n"), "code_commune");
    }

    #[test]
    fn reads_by_header_name_with_line_numbers() -> Result<(), ImportError> {
        let table = Table::from_text("\u{feff}b;A\n1;2\n\n3;4\n", b";")?;
        let a = table.required(&["a"])?;
        let rows: Vec<Row> = table.rows().collect::<Result<_, _>>()?;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get(a), "2");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].line, 4);
        assert_eq!(table.optional(&["c"]), None);
        Ok(())
    }

    #[test]
    fn wrong_separator_is_named() {
        let err = Table::from_text("a,b,c\n1,2,3\n", b";").err();
        assert!(matches!(err, Some(ImportError::WrongSeparator { found: ',', expected: ';', .. })));
    }

    #[test]
    fn quoted_separators_do_not_count() -> Result<(), ImportError> {
        let table = Table::from_text("\"x,y\";b\n1;2\n", b";")?;
        assert_eq!(table.optional(&["x_y"]), Some(0));
        Ok(())
    }

    #[test]
    fn too_few_fields_names_line_and_column() -> Result<(), ImportError> {
        let table = Table::from_text("a;b;c\n1;2;3\n4;5\n", b";")?;
        let err = table.rows().find_map(Result::err);
        match err {
            Some(ImportError::FieldCount { line, column, found, expected, .. }) => {
                assert_eq!((line, column.as_str(), found, expected), (3, "c", 2, 3));
            }
            other => panic!("erreur inattendue : {other:?}"),
        }
        Ok(())
    }

    #[test]
    fn trailing_empty_fields_are_tolerated() -> Result<(), ImportError> {
        let table = Table::from_text("a;b\n1;2;\n", b";")?;
        assert_eq!(table.rows().filter(Result::is_ok).count(), 1);
        Ok(())
    }

    #[test]
    fn missing_column_lists_found_columns() -> Result<(), ImportError> {
        let table = Table::from_text("a;b\n1;2\n", b";")?;
        let message = table.required(&["uai", "numero_uai"]).err().map(|e| e.to_string());
        let message = message.unwrap_or_default();
        assert!(message.contains("« uai »"), "{message}");
        assert!(message.contains("ligne 1"), "{message}");
        assert!(message.contains("a, b"), "{message}");
        Ok(())
    }
}
