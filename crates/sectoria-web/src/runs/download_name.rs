//! The name a run's file is downloaded under, so that two alternatives can be told apart in a
//! Downloads folder: the instance, the scenario the run was asked with, the run and the document
//! in French words — `pyrenees-orientales-066-budget-moins-1-LP-20261207-212104-1-rapport-court.html`
//! —, safe on Windows (letters, digits, « - », « _ », « . » only, bounded length), sent as an
//! RFC 6266 `Content-Disposition` with an ASCII `filename` and the UTF-8 `filename*`.

/// The longest name given (Windows counts 260 characters for the whole path of the file).
const MAX_CHARS: usize = 120;

/// At most this many characters of the instance's name.
const MAX_INSTANCE_CHARS: usize = 40;

/// A run's file as its download names it, in French.
fn document(file: &str) -> &str {
    match file {
        crate::queue::SHORT_REPORT => "rapport-court.html",
        "report.html" => "rapport.html",
        "plan.xlsx" => "classeur.xlsx",
        "allocation.csv" => "attribution.csv",
        "sectors.csv" => "secteurs.csv",
        "plan.geojson" => "carte.geojson",
        "summary.txt" => "synthese.txt",
        "manifest.json" => "manifeste.json",
        "status.json" => "etat.json",
        crate::queue::PREVIEW_FILE => "apercu.json",
        "compare.csv" => "comparaison.csv",
        "frontier.csv" => "frontiere.csv",
        "frontier.svg" => "frontiere.svg",
        other => other,
    }
}

/// `part` as one piece of a file name: every character other than a letter, a digit or « _ »
/// made a « - » (spaces, « . », and whatever Windows refuses: `<>:"/\|?*`), runs of « - »
/// made one, none at either end, at most `max` characters.
fn piece(part: &str, max: usize) -> String {
    let mut out = String::new();
    for c in part.chars() {
        let c = if c.is_alphanumeric() || c == '_' { c } else { '-' };
        if c != '-' || (!out.is_empty() && !out.ends_with('-')) {
            out.push(c);
        }
    }
    let cut: String = out.chars().take(max).collect();
    cut.trim_end_matches('-').to_string()
}

/// The name of `file` of run `run` of `instance`, asked with the scenario file `scenario`
/// (its `.toml` left out; `None` when the run's status cannot be read).
pub(crate) fn download_name(instance: &str, scenario: Option<&str>, run: &str, file: &str) -> String {
    let document = document(file);
    let run = piece(run, MAX_CHARS);
    let instance = piece(instance, MAX_INSTANCE_CHARS);
    let fixed = [&instance, &run].iter().map(|p| p.chars().count() + 1).sum::<usize>() + document.chars().count();
    let scenario = scenario
        .map(|s| piece(s.strip_suffix(".toml").unwrap_or(s), MAX_CHARS.saturating_sub(fixed + 1)))
        .unwrap_or_default();
    [instance, scenario, run]
        .into_iter()
        .filter(|p| !p.is_empty())
        .chain(std::iter::once(document.to_string()))
        .collect::<Vec<_>>()
        .join("-")
}

/// The `Content-Disposition` of a download named `name` (RFC 6266): `filename`, the name in
/// ASCII (accents left out, any other letter as « _ ») for old clients, and `filename*`, the
/// name itself in UTF-8, which browsers take.
pub(crate) fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(sectoria_import::without_accent)
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_says_the_instance_the_scenario_the_run_and_the_document_in_french() {
        assert_eq!(
            download_name(
                "pyrenees-orientales-066",
                Some("budget moins 1 LP.toml"),
                "20261207-212104-1",
                "report-court.html"
            ),
            "pyrenees-orientales-066-budget-moins-1-LP-20261207-212104-1-rapport-court.html"
        );
        assert_eq!(
            download_name("demo", None, "20261207-212104-1", "plan.xlsx"),
            "demo-20261207-212104-1-classeur.xlsx"
        );
    }

    #[test]
    fn windows_reserved_characters_are_left_out_and_the_length_is_bounded() {
        let name = download_name("066", Some(r#"a<b>c:d"e/f\g|h?i*j .. k.toml"#), "1", "sectors.csv");
        assert_eq!(name, "066-a-b-c-d-e-f-g-h-i-j-k-1-secteurs.csv");
        let long = "é".repeat(500);
        let name = download_name(&long, Some(&long), "20261207-212104-1", "report.html");
        assert!(name.chars().count() <= MAX_CHARS, "{name}");
        assert!(name.ends_with("-20261207-212104-1-rapport.html"), "{name}");
    }

    #[test]
    fn the_header_carries_an_ascii_name_and_the_utf8_one() {
        assert_eq!(
            content_disposition("066-verrou-Collège-Núria-1-rapport.html"),
            "attachment; filename=\"066-verrou-College-Nuria-1-rapport.html\"; \
             filename*=UTF-8''066-verrou-Coll%C3%A8ge-N%C3%BAria-1-rapport.html"
        );
    }
}
