//! French number formatting and Excel-friendly CSV (`;`, decimal comma, UTF-8 with BOM).

/// Formats `x` with `decimals` decimals and a decimal comma, no thousands separator
/// (what French Excel and LibreOffice read as a number).
pub fn decimal(x: f64, decimals: usize) -> String {
    let x = if x == 0.0 { 0.0 } else { x }; // no "-0,0"
    format!("{x:.decimals$}").replace('.', ",")
}

/// Formats `x` for reading: decimal comma and a narrow no-break space every three digits.
pub fn readable(x: f64, decimals: usize) -> String {
    let s = decimal(x, decimals);
    let (int, frac) = match s.split_once(',') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (sign, digits) = int.strip_prefix('-').map_or(("", int.as_str()), |d| ("-", d));
    let mut grouped = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `y − x` of the two figures rounded at `decimals`, as a table shows them: the three columns
/// (A, B, difference) add up on paper (45,8 → 38,6 reads −7,2, not the exact −7,1).
pub fn difference_shown(x: f64, y: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    let round = |v: f64| (v * scale).round() / scale;
    // `+ 0.0` turns a −0 into 0: no « -0,0 ».
    round(round(y) - round(x)) + 0.0
}

/// A percentage with a decimal comma: `0.8523` → `85,2 %`.
pub fn percent(ratio: f64) -> String {
    format!("{} %", decimal(100.0 * ratio, 1))
}

/// Builds a CSV file: UTF-8 BOM, `;` separator, CRLF line ends, fields quoted when needed.
#[derive(Debug, Default)]
pub struct CsvWriter {
    out: String,
}

impl CsvWriter {
    /// Starts a file with its header.
    pub fn new(header: &[&str]) -> Self {
        let mut w = CsvWriter { out: String::from('\u{feff}') };
        w.row(header.iter().map(|s| s.to_string()));
        w
    }

    /// Appends a row.
    pub fn row(&mut self, fields: impl IntoIterator<Item = String>) {
        let line: Vec<String> = fields.into_iter().map(|f| quote(&f)).collect();
        self.out.push_str(&line.join(";"));
        self.out.push_str("\r\n");
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.out
    }
}

fn quote(field: &str) -> String {
    if field.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers() {
        assert_eq!(decimal(0.25, 2), "0,25");
        assert_eq!(decimal(-0.0, 1), "0,0");
        assert_eq!(readable(50838.0, 0), "50\u{202f}838");
        assert_eq!(readable(-1234567.891, 1), "-1\u{202f}234\u{202f}567,9");
        assert_eq!(percent(0.8523), "85,2 %");
    }

    #[test]
    fn csv_has_bom_semicolons_and_quotes() {
        let mut w = CsvWriter::new(&["UAI", "Nom"]);
        w.row(["0310001A".to_string(), "Collège \"Les Pins\"; annexe".to_string()]);
        let s = w.finish();
        assert!(s.starts_with('\u{feff}'));
        assert_eq!(s.lines().nth(1), Some("0310001A;\"Collège \"\"Les Pins\"\"; annexe\""));
    }
}
