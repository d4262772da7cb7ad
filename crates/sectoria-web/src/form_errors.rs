//! The readers' refusals of a scenario as the Scénario page shows them: each problem under the
//! field it is about, the field's own problem before those it causes elsewhere, without what
//! only makes sense on the command line.
//!
//! A scenario saved from the form is a text the server writes: a line and column in it mean
//! nothing to the user, who sees fields (a file not even written yet, for a new scenario).
//! The readers' closing pointer (« chaque clé est décrite … dans la page Scénario de
//! `sectoria serve` … ») points to the page the user is on. Both go; the file's own position
//! stays for a file the user wrote (opened from the instance folder).

use crate::error::{ApiError, Cell};
use axum::http::StatusCode;
use sectoria_io::{InputError, InputProblem};

/// Where the readers' closing pointer to the Scénario page starts.
const REFERENCE_START: &str = "chaque clé est décrite";

/// `e`, a refusal of the scenario `text` (as the reader read it), for the form: each problem
/// with its key, its text without the pointer to the Scénario page and, unless
/// `user_file` (a file the user wrote, whose lines mean something), without its position;
/// the problems naming no other key than their own first.
pub fn for_form(e: &InputError, text: &str, user_file: bool) -> ApiError {
    let mut rows: Vec<(String, Cell)> = e
        .problems()
        .iter()
        .map(|p| {
            let key = p.line.and_then(|l| key_at(text, l)).or_else(|| named_key(&p.message));
            let shown = shown(p, key.as_deref(), user_file);
            let cell = Cell {
                file: p.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
                line: p.line,
                column: p.column.clone(),
                code: p.code.to_string(),
                key,
            };
            (shown, cell)
        })
        .collect();
    // A field's own problem first: one that names another key follows from it, or from that
    // other field (a reserve above a negative budget says more once the budget is right).
    rows.sort_by_key(|(shown, cell)| names_another_key(shown, cell.key.as_deref()));
    let code = rows.first().map_or_else(|| "E100".to_string(), |(_, c)| c.code.clone());
    let (problems, cells): (Vec<String>, Vec<Cell>) = rows.into_iter().unzip();
    ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, code, message: problems.join("\n"), problems, cells }
}

/// A refusal without a reader's position (the instance's checks, `E171`), with the key it
/// names, for the form.
pub fn keyed(e: ApiError) -> ApiError {
    let key = named_key(&e.message);
    let cell = Cell { file: String::new(), line: None, column: None, code: e.code.clone(), key };
    ApiError { problems: vec![e.message.clone()], cells: vec![cell], ..e }
}

/// One problem as the form shows it.
fn shown(p: &InputProblem, key: Option<&str>, user_file: bool) -> String {
    let message = p.message.trim_end_matches('.');
    let fix = p.fix.find(REFERENCE_START).map_or(p.fix.as_str(), |at| &p.fix[..at]);
    let fix = fix.trim_end_matches([' ', ';', ',', '.']);
    // « corrigez « budget.total_fte » » under the field budget.total_fte says nothing more.
    let idle = fix.is_empty() || key.is_some_and(|k| fix == format!("corrigez « {k} »"));
    let mut out = String::new();
    if user_file {
        let file = p.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        out.push_str(&format!("{} {file}", p.code));
        if let Some(line) = p.line {
            out.push_str(&format!(", ligne {line}"));
        }
        out.push_str(" : ");
    }
    out.push_str(message);
    out.push('.');
    if !idle {
        out.push_str(&format!(" Correction : {fix}."));
    }
    out
}

/// The key written at `line` (1-based) of the TOML `text`: the last `key =` of its section at or
/// above that line (`section.key`), or the table itself for `[[section.key]]`.
pub fn key_at(text: &str, line: usize) -> Option<String> {
    let mut section = String::new();
    let mut listed = false;
    let mut key: Option<String> = None;
    for l in text.lines().take(line) {
        let t = l.trim();
        if let Some(h) = t.strip_prefix("[[") {
            section = h.trim_end_matches(']').trim().to_string();
            listed = true;
            key = None;
        } else if let Some(h) = t.strip_prefix('[') {
            section = h.split(']').next().unwrap_or_default().trim().to_string();
            listed = false;
            key = None;
        } else if let Some((k, _)) = t.split_once('=') {
            let k = k.trim();
            if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                key = Some(k.to_string());
            }
        }
    }
    if listed {
        return Some(section);
    }
    let key = key?;
    Some(if section.is_empty() { key } else { format!("{section}.{key}") })
}

/// The first scenario key `text` names: `section.key`, or `[section] key` as the planner writes it.
pub(crate) fn named_key(text: &str) -> Option<String> {
    let labels = crate::scenario_form::labels();
    let mut found: Option<(usize, String)> = None;
    for key in labels.keys() {
        let (section, name) = key.split_once('.').unwrap_or(("", key));
        for written in [key.clone(), format!("[{section}] {name}")] {
            if let Some(at) = find_word(text, &written) {
                if found.as_ref().is_none_or(|(f, k)| at < *f || (at == *f && key.len() > k.len())) {
                    found = Some((at, key.clone()));
                }
            }
        }
    }
    found.map(|(_, k)| k)
}

/// Where `word` occurs in `text` not followed by a letter, digit or `_` (`rules.min_presence_fte`
/// is not `rules.min_presence_fte_ecole`).
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        !text[at + word.len()..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Whether `text` names a scenario key other than `own`.
fn names_another_key(text: &str, own: Option<&str>) -> bool {
    crate::scenario_form::labels().keys().any(|k| Some(k.as_str()) != own && find_word(text, k).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> ApiError {
        let e = sectoria_io::scenario_from_str(text, "nouveau.toml").expect_err("refused");
        for_form(&e, text, false)
    }

    #[test]
    fn each_problem_names_its_field_and_the_field_s_own_comes_first() {
        // As the reader once wrote them: the reserve's problem (which names the budget) first,
        // the budget's own second; the form shows the budget's first.
        let text = "schema = 1\n\n[budget]\nreserve_fte = 0.5\ntotal_fte = -3.0\n";
        let file = std::path::Path::new("nouveau.toml");
        let reference = "chaque clé est décrite, avec sa valeur par défaut, dans la page Scénario de `sectoria serve`";
        let e = InputError::Invalid(vec![
            InputProblem::new(
                "E121",
                file,
                "valeur refusée pour « budget.reserve_fte » : la réserve atteint le budget `budget.total_fte`",
                format!("corrigez « budget.reserve_fte » ; {reference}"),
            )
            .at_line(4)
            .in_column("1"),
            InputProblem::new(
                "E121",
                file,
                "valeur refusée pour « budget.total_fte » : doit être positif ou nul",
                format!("corrigez « budget.total_fte » ; {reference}"),
            )
            .at_line(5)
            .in_column("1"),
        ]);
        let e = for_form(&e, text, false);
        let keys: Vec<Option<&str>> = e.cells.iter().map(|c| c.key.as_deref()).collect();
        assert_eq!(keys, [Some("budget.total_fte"), Some("budget.reserve_fte")], "{e:?}");
        assert_eq!(e.problems[0], "valeur refusée pour « budget.total_fte » : doit être positif ou nul.");
        // Neither the position in a text the user did not write nor the pointer to this page.
        for p in &e.problems {
            assert!(!p.contains("ligne") && !p.contains("nouveau.toml") && !p.contains("sectoria serve"), "{p}");
            assert!(!p.starts_with("E1") && !p.contains("Correction"), "{p}");
        }
        assert_eq!(e.message, e.problems.join("\n"));
        // What the reader says now of a negative budget: under the budget.
        let e = refusal(text);
        assert_eq!(e.cells[0].key.as_deref(), Some("budget.total_fte"), "{e:?}");
        // A minimum presence above the cap: under the minimum presence, not under the cap it names.
        let e = refusal("schema = 1\n\n[need]\nmax_fte_per_establishment = 1.0\n\n[rules]\nmin_presence_fte = 2.0\n");
        assert_eq!(e.cells[0].key.as_deref(), Some("rules.min_presence_fte"), "{e:?}");
    }

    #[test]
    fn a_file_the_user_wrote_keeps_its_position() {
        let text = "schema = 1\n\n[budget]\ntotal_fte = -3.0\n";
        let e = sectoria_io::scenario_from_str(text, "scenario.toml").expect_err("refused");
        let shown = for_form(&e, text, true);
        assert!(shown.problems[0].starts_with("E121 scenario.toml, ligne 4 : "), "{:?}", shown.problems);
        assert!(!shown.problems[0].contains("chaque clé"), "{:?}", shown.problems);
    }

    #[test]
    fn keys_are_found_by_line_or_by_name() {
        let text = "schema = 1\n[budget]\ntotal_fte = 1\n\n[locks]\nassign = [\n  { uai = \"A\", worker = \"B\" },\n]\n\n[[locks.forbid]]\nuai = \"C\"\n";
        assert_eq!(key_at(text, 3).as_deref(), Some("budget.total_fte"));
        assert_eq!(key_at(text, 7).as_deref(), Some("locks.assign"));
        assert_eq!(key_at(text, 11).as_deref(), Some("locks.forbid"));
        assert_eq!(key_at(text, 1).as_deref(), Some("schema"));
        assert_eq!(named_key("E171 [scope] bassins : aucun établissement").as_deref(), Some("scope.bassins"));
        assert_eq!(
            named_key("`need.pupils_per_fte_lycee_pro` plus petit que need.pupils_per_fte_lycee").as_deref(),
            Some("need.pupils_per_fte_lycee_pro")
        );
    }
}
