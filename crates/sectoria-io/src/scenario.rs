//! The scenario file (`scenario.toml`, `schema = 1`): TOML read with serde into
//! [`Scenario`], then checked with [`Scenario::validate`].
//!
//! TOML and serde errors (English, byte offsets) become French problems with a line and a
//! column: unknown keys and sections (`E120`, with the valid ones and the nearest), syntax (`E122`),
//! wrong types or missing keys (`E123`), unknown choices (`E124`). Values refused by the
//! scenario's own rules are `E121`, located on the key's line when it is written in the file
//! (a reserve that leaves nothing of the budget among them: of `budget.total_fte` always, of
//! the workers' time when the scenario is read with its instance). Read with its instance, a
//! bassin of `[scope] bassins` that no establishment belongs to is `E171` at its place, and the
//! locks are then checked without the bassins (not blamed on the misspelt name's scope).

use crate::error::{finish, read_bytes, InputError, InputProblem};
use crate::frcsv::{edit_distance, fr, is_near};
use crate::instance::WORKERS_FILE;
use sectoria_core::problem::out_of_scope_reason;
use sectoria_core::scenario::{reserve_above_budget, MAX_BUDGET_FTE, MAX_EXTRA_POSTS, MIN_UNIT_FTE};
use sectoria_core::worker::scenario_posts;
use sectoria_core::{Instance, Scenario};
use serde::Deserialize;
use std::path::Path;

/// The conventional file name of a scenario.
pub const SCENARIO_FILE: &str = "scenario.toml";

/// Where a user of the binary reads every key: the web application's form, and the commented
/// scenario of the demo département that `sectoria serve` writes into an empty workspace (not a
/// path of the source tree, which a user of the binary does not have).
const REFERENCE: &str = "chaque clé est décrite, avec sa valeur par défaut, dans la page Scénario de \
     `sectoria serve`, et commentée dans le scenario.toml du département de démonstration que `sectoria serve \
     --workspace DOSSIER` écrit dans DOSSIER/demo/ quand DOSSIER est vide";

/// Reads and checks the scenario at `path`.
pub fn read_scenario(path: &Path) -> Result<Scenario, InputError> {
    let text = read_text(path)?;
    parse(&text, path)
}

/// Reads and checks the scenario at `path`, then its locks against `instance` ([`check_locks`]):
/// a lock naming an unknown worker or establishment is reported with its line and column.
pub fn read_scenario_for(path: &Path, instance: &Instance) -> Result<Scenario, InputError> {
    let text = read_text(path)?;
    parse_for(&text, path, instance)
}

/// [`scenario_from_str`], then its locks checked against `instance` ([`check_locks`]).
pub fn scenario_for_instance_from_str(text: &str, name: &str, instance: &Instance) -> Result<Scenario, InputError> {
    parse_for(text.strip_prefix('\u{feff}').unwrap_or(text), Path::new(name), instance)
}

fn parse_for(text: &str, file: &Path, instance: &Instance) -> Result<Scenario, InputError> {
    finish_read(collect(text, file), |scenario, text| {
        let mut problems = check_reserve(text, file, scenario, instance);
        let unknown = unknown_bassins(text, file, scenario, instance);
        if unknown.is_empty() {
            problems.extend(check_locks(text, file, scenario, instance));
        } else {
            // A misspelt bassin leaves out establishments the user meant to plan: the locks on
            // them would be blamed instead of the name. They are checked without the bassins.
            let mut whole = scenario.clone();
            whole.scope.bassins.clear();
            problems.extend(check_locks(text, file, &whole, instance));
        }
        problems.extend(unknown);
        problems
    })
}

/// The bassins of `[scope] bassins` that no establishment of `instance` belongs to (`E171`, at the
/// name's line and column, with the nearest bassin when one is close), as `check_scope` refuses
/// them when a plan starts.
fn unknown_bassins(text: &str, file: &Path, scenario: &Scenario, instance: &Instance) -> Vec<InputProblem> {
    let known: std::collections::BTreeSet<&str> =
        instance.establishments.iter().filter_map(|e| e.bassin.as_deref()).collect();
    let listed = if known.is_empty() {
        "aucun (la colonne bassin est vide)".to_string()
    } else {
        known.iter().map(|b| format!("« {b} »")).collect::<Vec<_>>().join(", ")
    };
    let written = toml::from_str::<WrittenScenario>(text).map(|w| w.scope.bassins).unwrap_or_default();
    let mut problems = Vec::new();
    for bassin in scenario.scope.bassins.iter().filter(|b| !known.contains(b.as_str())) {
        let nearest = known
            .iter()
            .map(|k| (edit_distance(&bassin.to_lowercase(), &k.to_lowercase()), *k))
            .filter(|(d, _)| is_near(*d, bassin))
            .min()
            .map_or(String::new(), |(_, k)| format!("vouliez-vous dire « {k} » ? "));
        let mut p = InputProblem::new(
            "E171",
            file,
            format!(
                "[scope] bassins : aucun établissement de establishments.csv n'est dans le bassin « {bassin} » ; \
                 bassins présents : {listed}"
            ),
            format!(
                "{nearest}recopiez le nom tel qu'il figure dans la colonne bassin (majuscules, accents et tirets \
                 comptent), ou videz la liste pour tout le département"
            ),
        );
        if let Some(at) = written.iter().find(|w| w.get_ref() == bassin) {
            let (line, column) = line_column(text, at.span().start);
            p = p.at_line(line).in_column(column.to_string());
        }
        problems.push(p);
    }
    problems
}

/// With `workers.csv` and no lower `budget.total_fte` (checked by [`Scenario::validate`]), the
/// budget is the workers' time: a reserve that leaves less than one unit of it is `E121`.
fn check_reserve(text: &str, file: &Path, scenario: &Scenario, instance: &Instance) -> Vec<InputProblem> {
    let b = &scenario.budget;
    // A reserve, budget or unit refused by [`Scenario::validate`] is said there, alone.
    let valid = b.reserve_fte.is_finite()
        && b.total_fte.is_none_or(|t| t >= 0.0 && t.is_finite())
        && (MIN_UNIT_FTE..=1.0).contains(&b.unit_fte);
    if instance.workers.is_empty() || b.reserve_fte <= 0.0 || !valid {
        return Vec::new();
    }
    // The posts of `budget.extra_posts` are staff too (one ETP each).
    let staff: f64 = instance.workers.iter().map(|w| w.fte).sum::<f64>() + f64::from(b.extra_posts);
    if b.total_with_extra_posts().is_some_and(|t| t <= staff) || staff - b.reserve_fte >= b.unit_fte - 1e-9 {
        return Vec::new();
    }
    let what = format!("le temps des assistants de {WORKERS_FILE} (somme des quotités)");
    // Raising `budget.total_fte` does not help: the workers' time is the limit.
    let raise = format!("ajoutez des assistants dans {WORKERS_FILE}");
    let message =
        format!("`budget.reserve_fte` : {}", reserve_above_budget(b.reserve_fte, staff, &what, b.unit_fte, &raise));
    vec![rule_problem(&message, text, file)]
}

/// The text of the scenario file at `path`, without its byte-order mark.
fn read_text(path: &Path) -> Result<String, InputError> {
    let bytes = read_bytes(path)?;
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            Err(InputError::Invalid(vec![InputProblem::new(
                "E103",
                path,
                "le scénario n'est pas encodé en UTF-8",
                "enregistrez le fichier en UTF-8 (dans l'éditeur : Enregistrer sous, encodage UTF-8)",
            )
            .at_line(line)]))
        }
    }
}

/// Reads and checks a scenario from `text`; `name` is the file name used in the problems.
pub fn scenario_from_str(text: &str, name: &str) -> Result<Scenario, InputError> {
    parse(text.strip_prefix('\u{feff}').unwrap_or(text), Path::new(name))
}

fn parse(text: &str, file: &Path) -> Result<Scenario, InputError> {
    finish_read(collect(text, file), |_, _| Vec::new())
}

/// A scenario read as far as possible: every problem found, and the scenario made of what
/// could be read (a refused entry takes its default), to be checked further.
struct Read {
    /// `None` when the TOML syntax is invalid: nothing more can be read.
    scenario: Option<Scenario>,
    problems: Vec<InputProblem>,
    /// The text with each refused entry blanked out (same lines and columns as the file),
    /// below `shift` lines added at its top.
    text: String,
    shift: usize,
}

/// The problems of `read` and those `more` finds on its scenario and text (lines brought back
/// to the file's), in line order; or the scenario when there is none.
fn finish_read(read: Read, more: impl FnOnce(&Scenario, &str) -> Vec<InputProblem>) -> Result<Scenario, InputError> {
    let Read { scenario, mut problems, text, shift } = read;
    let Some(scenario) = scenario else {
        return Err(InputError::Invalid(problems));
    };
    problems.extend(more(&scenario, &text).into_iter().map(|p| unshift(p, shift)));
    problems.sort_by_key(|p| p.line.unwrap_or(0));
    finish(scenario, problems)
}

/// `p` with its line moved up by the `shift` lines added at the top of the text.
fn unshift(mut p: InputProblem, shift: usize) -> InputProblem {
    p.line = p.line.map(|l| l.saturating_sub(shift).max(1));
    p
}

/// How many refused entries are blanked out before giving up (a safeguard: each round blanks
/// one entry of the file).
const MAX_ROUNDS: usize = 200;

/// Reads `text` as far as it can: a TOML syntax error stops at once (`E122`); otherwise each
/// entry serde refuses (unknown key or section, wrong type, unknown choice) is reported, then
/// blanked out so that the rest is read, and the rules of [`Scenario::validate`] are checked on
/// what remains. A missing `schema` is reported, then taken as 1.
fn collect(text: &str, file: &Path) -> Read {
    let mut work = text.to_string();
    let mut shift = 0;
    let mut problems = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let e = match toml::from_str::<Scenario>(&work) {
            Ok(scenario) => {
                let rules = scenario.validate();
                problems.extend(rules.iter().map(|m| unshift(rule_problem(m, &work, file), shift)));
                return Read { scenario: Some(scenario), problems, text: work, shift };
            }
            Err(e) => e,
        };
        let entry = e.span().and_then(|s| written_entry(&work, s.start));
        let p = toml_problem(&e, &work, file, entry.as_ref().map(|e| e.key.as_str()));
        if p.code == "E122" {
            // A syntax error of the file stops the reading; one caused by a blanked entry
            // (never expected) leaves the problems already found.
            if problems.is_empty() {
                problems.push(p);
            }
            break;
        }
        let missing_schema = e.message().starts_with("missing field `schema`");
        problems.push(unshift(p, shift));
        if missing_schema && shift == 0 {
            work = format!("schema = 1\n{work}");
            shift = 1;
            continue;
        }
        let Some(entry) = entry else { break };
        let blanked = blank(&work, &entry.range);
        if blanked == work {
            break;
        }
        work = blanked;
    }
    Read { scenario: None, problems, text: work, shift }
}

/// One entry written in a scenario: a `key = value`, or a `[section]` with its entries.
struct Entry {
    range: std::ops::Range<usize>,
    key: String,
}

/// The smallest entry of `text` (valid TOML) that holds byte `offset`.
fn written_entry(text: &str, offset: usize) -> Option<Entry> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let mut all = Vec::new();
    table_entries(doc.as_table(), &mut all);
    all.into_iter()
        .filter(|e| e.range.start <= offset && offset < e.range.end.max(e.range.start + 1))
        .min_by_key(|e| e.range.len())
}

/// The entries of `table` into `out`; the end of the last one.
fn table_entries(table: &toml_edit::Table, out: &mut Vec<Entry>) -> usize {
    let mut end = table.span().map_or(0, |s| s.end);
    for (name, item) in table.iter() {
        let tables: Vec<&toml_edit::Table> = match item {
            toml_edit::Item::Value(v) => {
                if let (Some(k), Some(v)) = (table.key(name).and_then(toml_edit::Key::span), v.span()) {
                    out.push(Entry { range: k.start..v.end, key: name.to_string() });
                    end = end.max(v.end);
                }
                continue;
            }
            toml_edit::Item::Table(t) => vec![t],
            toml_edit::Item::ArrayOfTables(a) => a.iter().collect(),
            toml_edit::Item::None => continue,
        };
        for t in tables {
            let inner = table_entries(t, out);
            end = end.max(inner);
            if let Some(header) = t.span().filter(|h| !h.is_empty() && !t.is_dotted()) {
                out.push(Entry { range: header.start..inner.max(header.end), key: name.to_string() });
            }
        }
    }
    end
}

/// `text` with the characters of `range` (bytes) replaced by spaces, line ends kept: lines
/// and columns do not move.
fn blank(text: &str, range: &std::ops::Range<usize>) -> String {
    text.char_indices().map(|(i, c)| if range.contains(&i) && c != '\n' && c != '\r' { ' ' } else { c }).collect()
}

/// How many worker ids a lock problem lists before summing up the rest.
const IDS_LISTED: usize = 40;

/// The locks and bassins as written, with the place of each value (the scenario's other keys
/// are ignored).
#[derive(Deserialize, Default)]
struct WrittenScenario {
    #[serde(default)]
    locks: WrittenLocks,
    #[serde(default)]
    scope: WrittenScope,
}

#[derive(Deserialize, Default)]
struct WrittenScope {
    #[serde(default)]
    bassins: Vec<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct WrittenLocks {
    #[serde(default)]
    assign: Vec<WrittenPair>,
    #[serde(default)]
    forbid: Vec<WrittenPair>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
    #[serde(default)]
    serve: Vec<toml::Spanned<String>>,
}

#[derive(Deserialize)]
struct WrittenPair {
    uai: toml::Spanned<String>,
    worker: toml::Spanned<String>,
}

/// An id with case, zeros and punctuation removed: `a1` and `A01` match loosely.
fn loose_id(id: &str) -> String {
    id.to_lowercase().chars().filter(|c| c.is_alphanumeric() && *c != '0').collect()
}

/// Checks the locks of `scenario` (`text`, the content of `file`) against `instance`: every
/// `[locks] assign` and `forbid` must name a worker of `workers.csv` or a post of
/// `budget.extra_posts` (`NOUVEAU1`…; without `workers.csv`, a post `POSTE01`… made from the
/// budget) and an establishment of `establishments.csv` inside
/// the scenario's scope; every UAI of `[locks] exclude`, an establishment of
/// `establishments.csv` (one out of the scope is not planned anyway). Problems are `E124`, at
/// the value's line and column.
pub fn check_locks(text: &str, file: &Path, scenario: &Scenario, instance: &Instance) -> Vec<InputProblem> {
    let Ok(written) = toml::from_str::<WrittenScenario>(text) else {
        return Vec::new();
    };
    let mut problems = unknown_excluded(text, file, &written.locks, instance, scenario);
    let from_budget = instance.workers.is_empty();
    let budget = &scenario.budget;
    let refused = budget.extra_posts > MAX_EXTRA_POSTS
        || from_budget
            && (budget.total_fte.is_some_and(|t| !(0.0..=MAX_BUDGET_FTE).contains(&t))
                || !(MIN_UNIT_FTE..=1.0).contains(&budget.unit_fte));
    if refused {
        // Refused by `Scenario::validate`: no posts to make from it (a billion, for `1e9`).
        return problems;
    }
    let Some(posts) = scenario_posts(&instance.workers, budget) else {
        // Refused later: no workers.csv and no budget.
        return problems;
    };
    // The workers of `workers.csv`, then the posts the scenario adds (`NOUVEAU1`…): a lock may
    // name those.
    let ids: Vec<&str> = instance.workers.iter().chain(&posts).map(|w| w.id.as_str()).collect();
    let at = |p: InputProblem, span: std::ops::Range<usize>| {
        let (line, column) = line_column(text, span.start);
        p.at_line(line).in_column(column.to_string())
    };
    let sections = [("[locks] assign", &written.locks.assign), ("[locks] forbid", &written.locks.forbid)];
    for (section, pairs) in sections {
        for pair in pairs {
            let worker = pair.worker.get_ref();
            if !ids.contains(&worker.as_str()) {
                let (message, fix) = unknown_worker(section, worker, &ids, from_budget, scenario);
                problems.push(at(InputProblem::new("E124", file, message, fix), pair.worker.span()));
            }
            let uai = pair.uai.get_ref();
            let problem = match instance.establishments.iter().find(|e| &e.uai == uai) {
                None => Some((
                    format!("{section} : l'établissement {uai} n'est pas dans establishments.csv"),
                    "corrigez l'UAI (7 chiffres et une lettre majuscule, comme dans establishments.csv) ou \
                     retirez ce verrou"
                        .to_string(),
                )),
                Some(e) => out_of_scope_reason(e, scenario).map(|why| {
                    (
                        format!("{section} : l'établissement {uai} n'est pas dans le périmètre du scénario ({why})"),
                        "retirez ce verrou ou élargissez le périmètre ([scope] kinds, bassins)".to_string(),
                    )
                }),
            };
            if let Some((message, fix)) = problem {
                let mut p = at(InputProblem::new("E124", file, message, fix), pair.uai.span());
                p.uai = Some(uai.clone());
                problems.push(p);
            }
        }
    }
    problems.sort_by_key(|p| p.line.unwrap_or(0));
    problems
}

/// The UAIs of `[locks] exclude` and `[locks] serve` (as `written` in `text`) that `instance`
/// does not have, and those of `serve` out of the scenario's scope (they cannot be served).
fn unknown_excluded(
    text: &str,
    file: &Path,
    written: &WrittenLocks,
    instance: &Instance,
    scenario: &Scenario,
) -> Vec<InputProblem> {
    let mut problems = Vec::new();
    for (section, uais, served) in
        [("[locks] exclude", &written.exclude, false), ("[locks] serve", &written.serve, true)]
    {
        for uai in uais {
            let value = uai.get_ref();
            let problem = match instance.establishments.iter().find(|e| &e.uai == value) {
                None => Some((
                    format!("{section} : l'établissement {value} n'est pas dans establishments.csv"),
                    "corrigez l'UAI (7 chiffres et une lettre majuscule, comme dans establishments.csv) ou \
                     retirez-le de la liste"
                        .to_string(),
                )),
                Some(e) if served => out_of_scope_reason(e, scenario).map(|why| {
                    (
                        format!("{section} : l'établissement {value} n'est pas dans le périmètre du scénario ({why})"),
                        "retirez-le de la liste ou élargissez le périmètre ([scope] kinds, bassins)".to_string(),
                    )
                }),
                Some(_) => None,
            };
            if let Some((message, fix)) = problem {
                let (line, column) = line_column(text, uai.span().start);
                let mut p = InputProblem::new("E124", file, message, fix).at_line(line).in_column(column.to_string());
                p.uai = Some(value.clone());
                problems.push(p);
            }
        }
    }
    problems
}

/// The message and fix of a lock on the unknown worker `worker`.
fn unknown_worker(
    section: &str,
    worker: &str,
    ids: &[&str],
    from_budget: bool,
    scenario: &Scenario,
) -> (String, String) {
    if from_budget {
        let total = fr(scenario.budget.total_with_extra_posts().unwrap_or_default());
        let posts = match ids {
            [] => "aucun poste (budget inférieur à l'unité)".to_string(),
            [one] => format!("un poste, {one}"),
            [first, .., last] => format!("postes {first} à {last}"),
        };
        return (
            format!(
                "{section} : l'assistant « {worker} » n'existe pas : sans {WORKERS_FILE}, le budget de {total} ETP \
                 est réparti en {posts}"
            ),
            format!("désignez un de ces postes, ou ajoutez {WORKERS_FILE} pour verrouiller un assistant nommé"),
        );
    }
    let nearest = ids
        .iter()
        .map(|id| (edit_distance(worker, id), *id))
        .filter(|(d, id)| is_near(*d, worker) || loose_id(id) == loose_id(worker))
        .min()
        .map_or(String::new(), |(_, id)| format!("vouliez-vous dire « {id} » ? "));
    let mut listed = ids.iter().take(IDS_LISTED).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > IDS_LISTED {
        listed.push_str(&format!(" et {} autres", ids.len() - IDS_LISTED));
    }
    let posts = if scenario.budget.extra_posts > 0 { " et postes de `budget.extra_posts`" } else { "" };
    (
        format!("{section} : l'assistant « {worker} » n'existe pas dans {WORKERS_FILE}"),
        format!("{nearest}assistants de {WORKERS_FILE}{posts} : {listed}"),
    )
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The text between the first pair of backticks of `s`.
fn quoted(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

/// The backticked names after `expected` in a serde message (`expected one of `a`, `b``).
fn expected_names(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected") else {
        return Vec::new();
    };
    message[i..].split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The section (`[budget]`) that holds line `line` (1-based), if any.
fn section_at(text: &str, line: usize) -> Option<String> {
    text.lines()
        .take(line)
        .filter_map(|l| {
            let t = l.trim();
            t.starts_with('[').then(|| t.split('#').next().unwrap_or(t).trim().to_string())
        })
        .last()
}

/// The section of the scenario that has a key `key`, from the defaults.
fn section_of_key(key: &str) -> Option<String> {
    let value = serde_json::to_value(Scenario::default()).ok()?;
    value
        .as_object()?
        .iter()
        .find_map(|(section, v)| v.as_object().filter(|o| o.contains_key(key)).map(|_| section.clone()))
}

/// The key written at the start of line `line` (`key = value`).
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, _) = l.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}

/// French wording of a serde "found" or "expected" type.
fn french_type(s: &str) -> String {
    let s = s.trim();
    let value = quoted(s)
        .map(str::to_string)
        .or_else(|| s.split_once(' ').map(|(_, rest)| rest.trim_matches('"').to_string()).filter(|r| !r.is_empty()));
    let show = |label: &str| match &value {
        Some(v) => format!("{label} « {v} »"),
        None => label.to_string(),
    };
    match s.split(' ').next().unwrap_or(s) {
        "string" => show("le texte"),
        "integer" => show("l'entier"),
        "floating" => match quoted(s) {
            Some(v) => format!("le nombre décimal « {v} »"),
            None => "un nombre décimal".to_string(),
        },
        "boolean" => show("le booléen"),
        "sequence" => "une liste".to_string(),
        "map" => "une table".to_string(),
        "f64" | "f32" => "un nombre".to_string(),
        "u32" | "u8" | "u64" | "usize" => "un entier positif ou nul".to_string(),
        "a" => match s {
            "a boolean" => "un booléen (true ou false)".to_string(),
            "a sequence" => "une liste entre crochets, par exemple [\"rep_plus\"]".to_string(),
            "a string" => "un texte entre guillemets".to_string(),
            _ => s.to_string(),
        },
        "struct" => "une section de réglages".to_string(),
        _ => s.to_string(),
    }
}

/// French wording of the common TOML syntax errors; the parser's own words otherwise.
fn french_syntax(message: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("duplicate key", "clé écrite deux fois (dans la même section)"),
        ("unclosed table", "crochet fermant « ] » manquant dans le nom de section"),
        ("unclosed array table", "crochets fermants « ]] » manquants dans le nom de section"),
        ("unclosed array", "crochet fermant « ] » manquant à la fin de la liste"),
        ("unclosed inline table", "accolade fermante « } » manquante"),
        ("string values must be quoted", "texte sans guillemets (écrivez par exemple \"rep_plus\")"),
        ("missing value", "valeur manquante après « = »"),
        ("key with no value", "clé sans valeur : écrivez `clé = valeur`"),
        ("missing assignment between key-value pairs", "« = » manquant entre la clé et la valeur"),
        ("missing comma between array elements", "virgule manquante entre deux éléments de la liste"),
        ("extra comma in array", "virgule en trop dans la liste"),
        ("invalid basic string", "texte mal fermé : guillemet « \" » manquant"),
        ("unexpected content", "contenu inattendu après la valeur (un commentaire commence par « # »)"),
        ("invalid fraction", "nombre mal écrit (par exemple 2.0 ou 0.5)"),
        ("invalid float", "nombre mal écrit (par exemple 2.0 ou 0.5)"),
        ("invalid exponent", "nombre mal écrit (par exemple 2.0 ou 0.5)"),
        ("invalid integer", "nombre mal écrit (par exemple 2.0 ou 0.5)"),
        ("invalid number", "nombre mal écrit (par exemple 2.0 ou 0.5)"),
        ("extra `=`", "« = » en trop"),
    ];
    KNOWN
        .iter()
        .filter(|(en, _)| message.starts_with(en))
        .max_by_key(|(en, _)| en.len())
        .map_or_else(|| message.to_string(), |(_, fr)| (*fr).to_string())
}

/// The number written with a decimal comma as the value of `written` (one line of the file), as
/// written (`reserve_fte = 0,5` gives `0,5`): a French habit that TOML refuses.
fn decimal_comma(written: &str) -> Option<String> {
    let (_, value) = written.split_once('=')?;
    let value = value.split('#').next()?.trim();
    let (whole, fraction) = value.split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (digits(whole.trim_start_matches(['-', '+'])) && digits(fraction)).then(|| value.to_string())
}

/// The scenario's sections (`budget`, `scope`…), in the order `valid` (the names serde
/// expected) gives them, when `name` is an unknown name written as a section: on a `[name]`
/// header line, or at the top level with a table as its value (`name.key = …`). `None` for an
/// unknown key.
fn unknown_section(text: &str, line: Option<usize>, name: &str, valid: &[String]) -> Option<Vec<String>> {
    let defaults = serde_json::to_value(Scenario::default()).ok()?;
    let defaults = defaults.as_object()?;
    let top_level = !valid.is_empty() && valid.iter().all(|v| defaults.contains_key(v));
    if !top_level {
        return None;
    }
    let written = line.and_then(|l| text.lines().nth(l.checked_sub(1)?)).unwrap_or_default();
    let on_header = written.trim_start().starts_with('[');
    let is_table =
        || toml::from_str::<toml::Table>(text).ok().is_some_and(|t| t.get(name).is_some_and(toml::Value::is_table));
    if !on_header && !is_table() {
        return None;
    }
    Some(valid.iter().filter(|v| defaults.get(v.as_str()).is_some_and(serde_json::Value::is_object)).cloned().collect())
}

/// The problem for a TOML parse or serde error.
fn toml_problem(e: &toml::de::Error, text: &str, file: &Path, entry_key: Option<&str>) -> InputProblem {
    let message = e.message().trim();
    let position = e.span().map(|s| line_column(text, s.start));
    let line = position.map(|p| p.0);
    let section = line.and_then(|l| section_at(text, l));
    let place = section.as_deref().map_or("au premier niveau".to_string(), |s| format!("dans la section {s}"));
    let key = line.and_then(|l| key_on_line(text, l)).or_else(|| entry_key.map(str::to_string));
    let mut p = if let Some(rest) = message.strip_prefix("unknown field") {
        let name = quoted(rest).unwrap_or("?").to_string();
        let valid = expected_names(rest);
        if let Some(sections) = unknown_section(text, line, &name, &valid) {
            let mut fix = String::new();
            let nearest =
                sections.iter().map(|v| (edit_distance(&name, v), v)).filter(|(d, _)| is_near(*d, &name)).min();
            if let Some((_, v)) = nearest {
                fix.push_str(&format!("vouliez-vous dire [{v}] ? "));
            }
            let listed: Vec<String> = sections.iter().map(|s| format!("[{s}]")).collect();
            fix.push_str(&format!("sections valides : {} ; {REFERENCE}", listed.join(", ")));
            let mut p = InputProblem::new("E120", file, format!("section inconnue [{name}]"), fix);
            if let Some((line, column)) = position {
                p = p.at_line(line).in_column(column.to_string());
            }
            return p;
        }
        let nearest = valid.iter().map(|v| (edit_distance(&name, v), v)).filter(|(d, _)| is_near(*d, &name)).min();
        let mut fix = String::new();
        if let Some((_, v)) = nearest {
            fix.push_str(&format!("vouliez-vous dire « {v} » ? "));
        } else if let Some(s) = section_of_key(&name).filter(|s| section.as_deref() != Some(&format!("[{s}]"))) {
            fix.push_str(&format!("« {name} » se place dans la section [{s}] ; "));
        }
        if valid.is_empty() {
            fix.push_str(&format!("supprimez « {name} » ; {REFERENCE}"));
        } else {
            fix.push_str(&format!("clés valides {place} : {} ; {REFERENCE}", valid.join(", ")));
        }
        InputProblem::new("E120", file, format!("clé inconnue « {name} » {place}"), fix)
    } else if let Some(rest) = message.strip_prefix("missing field") {
        let name = quoted(rest).unwrap_or("?");
        let (place, fix) = if name == "schema" {
            (
                "au premier niveau".to_string(),
                "ajoutez la ligne `schema = 1` en tête du fichier, avant toute section".to_string(),
            )
        } else {
            (place.clone(), format!("ajoutez « {name} = … » {place} ; {REFERENCE}"))
        };
        InputProblem::new("E123", file, format!("clé obligatoire « {name} » absente {place}"), fix)
    } else if let Some(rest) = message.strip_prefix("unknown variant") {
        let name = quoted(rest).unwrap_or("?");
        let valid = expected_names(rest);
        let what = key.as_deref().map_or(String::new(), |k| format!(" dans « {k} »"));
        let nearest = valid.iter().find(|v| v.to_lowercase() == name.to_lowercase()).map(|v| (true, v)).or_else(|| {
            valid
                .iter()
                .map(|v| (edit_distance(name, v), v))
                .filter(|(d, _)| is_near(*d, name))
                .min()
                .map(|(_, v)| (false, v))
        });
        let hint = match nearest {
            Some((true, v)) => format!("écrivez « {v} » (les valeurs s'écrivent en minuscules, sans accent) ; "),
            Some((false, v)) => format!("vouliez-vous dire « {v} » ? "),
            None => String::new(),
        };
        InputProblem::new(
            "E124",
            file,
            format!("valeur inconnue « {name} »{what}"),
            format!("{hint}valeurs possibles : {}", valid.join(", ")),
        )
    } else if let Some(rest) = message.strip_prefix("invalid type:").or_else(|| message.strip_prefix("invalid value:"))
    {
        let (found, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let who = key.as_deref().map_or("la clé".to_string(), |k| format!("« {k} »"));
        let expected = french_type(expected);
        InputProblem::new(
            "E123",
            file,
            format!("{who} attend {expected}, pas {}", french_type(found)),
            format!("écrivez {expected} ; {REFERENCE}"),
        )
    } else {
        let written = line.and_then(|l| text.lines().nth(l.checked_sub(1)?)).unwrap_or_default();
        let what = match decimal_comma(written) {
            Some(number) => format!(
                "nombre écrit avec une virgule décimale, « {number} » : le format TOML demande un point ({})",
                number.replace(',', ".")
            ),
            None if written.split('#').next().unwrap_or_default().trim_end().ends_with('=') => {
                "valeur manquante après « = »".to_string()
            }
            None => french_syntax(message),
        };
        InputProblem::new(
            "E122",
            file,
            format!("syntaxe TOML invalide : {what}"),
            "chaque réglage s'écrit `clé = valeur` sur sa ligne, les textes entre guillemets, les sections \
             entre crochets ([budget]), les nombres avec un point décimal (0.5)",
        )
    };
    if let Some((line, column)) = position {
        p = p.at_line(line).in_column(column.to_string());
    }
    p
}

/// The problem for one message of [`Scenario::validate`] (`` `key` : what ``).
fn rule_problem(message: &str, text: &str, file: &Path) -> InputProblem {
    let key = quoted(message).unwrap_or_default();
    let what = message.split_once(" : ").map_or(message, |(_, w)| w);
    let mut p = InputProblem::new(
        "E121",
        file,
        format!("valeur refusée pour « {key} » : {what}"),
        format!("corrigez « {key} » ; {REFERENCE}"),
    );
    if let Some((line, column)) = locate_key(text, key) {
        p = p.at_line(line).in_column(column.to_string());
    }
    p
}

/// Line and column of the dotted `key` (`budget.unit_fte`, `schema`) written as
/// `name = value` in its `[section]`.
fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    if key.is_empty() || key.contains('[') {
        return None;
    }
    let (section, name) = match key.rsplit_once('.') {
        Some((s, n)) => (format!("[{s}]"), n),
        None => (String::new(), key),
    };
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with('[') {
            current = t.split('#').next().unwrap_or(t).trim().to_string();
            continue;
        }
        if current != section {
            continue;
        }
        if let Some((k, _)) = t.split_once('=') {
            if k.trim().trim_matches('"') == name {
                let column = line.chars().count() - t.chars().count() + 1;
                return Some((i + 1, column));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<InputProblem> {
        match scenario_from_str(text, "scenario.toml") {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().to_vec(),
        }
    }

    #[test]
    fn a_minimal_scenario_takes_every_default() {
        let s = scenario_from_str("schema = 1\n", "scenario.toml");
        assert_eq!(s.ok(), Some(Scenario::default()));
        let s = scenario_from_str("\u{feff}schema = 1\n[budget]\ntotal_fte = 20\n", "scenario.toml");
        assert_eq!(s.ok().and_then(|s| s.budget.total_fte), Some(20.0));
    }

    #[test]
    fn unknown_key_has_line_column_and_nearest_key() {
        let text = "schema = 1\n\n[budget]\ntotal_fte = 20\n\n[rules]\nmax_distance_km = 50\n  mux_workers_per_establishment = 2\n";
        let p = problems(text);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].code, p[0].line, p[0].column.as_deref()), ("E120", Some(8), Some("3")));
        assert!(p[0].message.contains("« mux_workers_per_establishment » dans la section [rules]"), "{}", p[0].message);
        assert!(p[0].fix.contains("vouliez-vous dire « max_workers_per_establishment »"), "{}", p[0].fix);
        assert!(p[0].fix.contains("must_cover"));
    }

    #[test]
    fn unknown_section_and_misplaced_key() {
        let p = problems("schema = 1\n\n\n\n\n\n[bugdet]\ntotal_fte = 3\n");
        assert_eq!((p[0].code, p[0].line, p[0].column.as_deref()), ("E120", Some(7), Some("2")));
        assert!(p[0].to_string().starts_with("E120 scenario.toml, ligne 7, colonne 2 : section inconnue [bugdet]"));
        assert!(p[0].fix.contains("vouliez-vous dire [budget] ?"), "{}", p[0].fix);
        let p = problems("schema = 1\ntotal_fte = 3\n");
        assert!(p[0].fix.contains("se place dans la section [budget]"), "{}", p[0].fix);
    }

    #[test]
    fn types_syntax_choices_and_missing_schema() {
        let p = problems("schema = 1\n[budget]\nunit_fte = \"abc\"\n");
        assert_eq!((p[0].code, p[0].line), ("E123", Some(3)));
        assert!(p[0].message.contains("« unit_fte »"), "{}", p[0].message);
        assert!(p[0].message.contains("un nombre"), "{}", p[0].message);
        let p = problems("schema = 1\n[budget\n");
        assert_eq!((p[0].code, p[0].line), ("E122", Some(2)));
        let p = problems("schema = 1\n[budget]\nreserve_fte = 0,5 # démo\n");
        assert_eq!((p[0].code, p[0].line), ("E122", Some(3)));
        assert!(
            p[0].message.ends_with("virgule décimale, « 0,5 » : le format TOML demande un point (0.5)"),
            "{}",
            p[0].message
        );
        for (line, said) in [
            ("rep_plus = 2..0", "nombre mal écrit"),
            ("rep_plus = 2.0.1", "nombre mal écrit"),
            ("rep_plus = 1e", "nombre mal écrit"),
            ("rep_plus == 2", "« = » en trop"),
            ("rep_plus =   # à remplir", "valeur manquante après « = »"),
        ] {
            let p = problems(&format!("schema = 1\n[priorities]\n{line}\n"));
            assert_eq!(p[0].code, "E122");
            assert!(p[0].message.contains(said), "{line}: {}", p[0].message);
        }
        // A list's commas are not decimal commas.
        let p = problems("schema = 1\n[scope]\nkinds = [\"college\" \"lycee\"]\n");
        assert!(!p[0].message.contains("virgule décimale"), "{}", p[0].message);
        let p = problems("schema = 1\n[scope]\nkinds = [\"college\", \"creche\"]\n");
        assert_eq!((p[0].code, p[0].line), ("E124", Some(3)));
        assert!(p[0].fix.contains("lycee_pro"), "{}", p[0].fix);
        let p = problems("[budget]\ntotal_fte = 3\n");
        assert_eq!(p[0].code, "E123");
        assert!(p[0].fix.contains("schema = 1"));
        let p = problems("schema = 1\n[rules]\nmax_establishments_per_worker = -2\n");
        assert_eq!((p[0].code, p[0].line), ("E123", Some(3)), "{p:?}");
    }

    #[test]
    fn a_negative_priority_bonus_is_refused_on_its_line() {
        let p = problems("schema = 1\n[priorities]\nrep_plus = 2.0\nrep = -3.0\n");
        assert_eq!((p.len(), p[0].code, p[0].line), (1, "E121", Some(4)), "{p:?}");
        assert!(p[0].message.contains("priorities.rep") && p[0].message.contains("positif ou nul"), "{}", p[0].message);
    }

    /// `need.ips_factor_in_value` (tester's session 50, finding 2): a boolean, off by default;
    /// anything else is refused on its line, in French.
    #[test]
    fn the_ips_factor_in_value_is_a_boolean() {
        let read = |v: &str| scenario_from_str(&format!("schema = 1\n[need]\nips_factor_in_value = {v}\n"), "s.toml");
        assert!(read("true").is_ok_and(|s| s.need.ips_factor_in_value));
        assert!(read("false").is_ok_and(|s| !s.need.ips_factor_in_value));
        assert!(scenario_from_str("schema = 1\n", "s.toml").is_ok_and(|s| !s.need.ips_factor_in_value));
        for value in ["1", "\"oui\""] {
            let p = problems(&format!("schema = 1\n[need]\nips_factor_in_value = {value}\n"));
            assert_eq!((p.len(), p[0].code, p[0].line), (1, "E123", Some(3)), "{p:?}");
            assert!(p[0].message.contains("« ips_factor_in_value »"), "{}", p[0].message);
            assert!(p[0].message.contains("un booléen (true ou false)"), "{}", p[0].message);
        }
    }

    #[test]
    fn rule_violations_are_located() {
        let p = problems("schema = 2\n[budget]\n  unit_fte = 0\n[solver]\nthreads = 0\n");
        let got: Vec<(&str, Option<usize>, Option<&str>)> =
            p.iter().map(|p| (p.code, p.line, p.column.as_deref())).collect();
        assert_eq!(got, vec![("E121", Some(1), Some("1")), ("E121", Some(3), Some("3")), ("E121", Some(5), Some("1"))]);
        assert!(p[1].message.contains("budget.unit_fte"));
    }

    const ESTABLISHMENTS: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils\n\
        0660010C;Collège A;college;66136;Perpignan;42.7;2.89;500\n\
        0660500X;Lycée X;lycee;66136;Perpignan;42.7;2.89;900\n";

    fn instance(workers: Option<&str>) -> Instance {
        crate::instance_from_texts(ESTABLISHMENTS, workers, None, None).unwrap_or_else(|e| panic!("{e}"))
    }

    fn problems_for(text: &str, instance: &Instance) -> Vec<InputProblem> {
        match scenario_for_instance_from_str(text, "scenario.toml", instance) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().to_vec(),
        }
    }

    /// `[locks] serve` takes UAIs of establishments.csv inside the scope: an unknown one, or one
    /// out of the scope (it cannot be served), is an E124 at its place.
    #[test]
    fn an_establishment_to_serve_the_instance_lacks_is_an_e124_with_its_place() {
        let text = "schema = 1\n[scope]\nkinds = [\"college\"]\n[locks]\nserve = [\"0660010C\", \"0669999Z\"]\n";
        let mut instance = Instance::default();
        let mut c = sectoria_core::test_support::college("0660010C", 500);
        c.kind = sectoria_core::Kind::Lycee;
        instance.establishments.push(c);
        let scenario = scenario_from_str(text, "s.toml").expect("reads");
        let p = check_locks(text, Path::new("s.toml"), &scenario, &instance);
        let got: Vec<(Option<usize>, Option<&str>, bool)> =
            p.iter().map(|p| (p.line, p.column.as_deref(), p.message.contains("périmètre"))).collect();
        assert_eq!(got, vec![(Some(5), Some("10"), true), (Some(5), Some("22"), false)], "{p:?}");
    }

    /// `[locks] exclude` takes UAIs of establishments.csv; an unknown one is an E124 at its
    /// place, with or without workers.csv; one out of the scope is not planned anyway.
    #[test]
    fn an_excluded_uai_the_instance_lacks_is_an_e124_with_its_place() {
        let text = "schema = 1\n[scope]\nkinds = [\"college\"]\n[locks]\nexclude = [\"0660010C\", \"0669999Z\", \"0660500X\"]\n";
        for instance in [instance(Some("id;fte\nA01;1\n")), instance(None)] {
            let p = problems_for(text, &instance);
            assert_eq!(p.len(), 1, "{p:?}");
            assert_eq!((p[0].code, p[0].line, p[0].column.as_deref()), ("E124", Some(5), Some("24")));
            assert_eq!(p[0].uai.as_deref(), Some("0669999Z"));
            assert_eq!(p[0].message, "[locks] exclude : l'établissement 0669999Z n'est pas dans establishments.csv");
            assert!(p[0].fix.starts_with("corrigez l'UAI"), "{}", p[0].fix);
        }
        let s = scenario_for_instance_from_str(
            "schema = 1\n[locks]\nexclude = [\"0660010C\"]\n",
            "scenario.toml",
            &instance(None),
        );
        assert_eq!(s.map(|s| s.locks.exclude).ok(), Some(vec!["0660010C".to_string()]));
        // A scenario written before the key reads as before.
        let old = "schema = 1\n[locks]\nassign = []\nforbid = []\n";
        assert_eq!(scenario_from_str(old, "scenario.toml").ok(), Some(Scenario::default()));
    }

    /// « Réserve 30 » with « Budget 12 » was accepted and only the next plan failed.
    #[test]
    fn a_reserve_that_leaves_nothing_to_plan_is_refused_where_it_is_written() {
        let p = problems("schema = 1\n[budget]\ntotal_fte = 12\nreserve_fte = 30\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].code, p[0].line, p[0].column.as_deref()), ("E121", Some(4), Some("1")));
        assert_eq!(
            p[0].message,
            "valeur refusée pour « budget.reserve_fte » : la réserve de 30 ETP atteint ou dépasse le budget \
             `budget.total_fte` de 12 ETP : il ne resterait rien à répartir. Ramenez `budget.reserve_fte` à 11,9 ETP au plus \
             (la réserve est prise sur le budget), ou augmentez le budget"
        );
        // With workers.csv and no lower budget, the workers' time is the budget.
        let workers = instance(Some("id;fte\nA01;1\nA02;0,5\n"));
        let p = problems_for("schema = 1\n[budget]\nreserve_fte = 1.5\n", &workers);
        assert_eq!((p.len(), p[0].code, p[0].line), (1, "E121", Some(3)), "{p:?}");
        assert!(
            p[0].message.contains("la réserve de 1,5 ETP atteint ou dépasse le temps des assistants de workers.csv (somme des quotités) de 1,5 ETP"),
            "{}",
            p[0].message
        );
        // Said once when the budget is lower than the workers' time; a reserve that leaves a
        // half-day passes.
        let p = problems_for("schema = 1\n[budget]\ntotal_fte = 1\nreserve_fte = 1.5\n", &workers);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("`budget.total_fte` de 1 ETP"), "{}", p[0].message);
        assert!(problems_for("schema = 1\n[budget]\nreserve_fte = 1.4\n", &workers).is_empty());
        assert!(problems_for("schema = 1\n[budget]\ntotal_fte = 3\nreserve_fte = 1.4\n", &workers).is_empty());
        assert_eq!(problems_for("schema = 1\n[budget]\ntotal_fte = 3\nreserve_fte = 1.45\n", &workers).len(), 1);
    }

    #[test]
    fn offsets_to_lines_and_columns() {
        let t = "ab\néé = 1\n";
        assert_eq!(line_column(t, 0), (1, 1));
        assert_eq!(line_column(t, 3), (2, 1));
        assert_eq!(line_column(t, 7), (2, 3));
        assert_eq!(line_column(t, 4), (2, 1));
        assert_eq!(line_column(t, 999), (3, 1));
    }
}

#[cfg(test)]
mod every_problem_at_once {
    use super::*;

    fn problems(text: &str) -> Vec<InputProblem> {
        match scenario_from_str(text, "scenario.toml") {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().to_vec(),
        }
    }

    /// The tester's scenario with 8 problems: one run used to show one of them.
    const BAD: &str = "schema = 1\n\n[budget]\ntotal_fte = \"22,6\"\nreserv_fte = 0.5\nunit_fte = 0.1\n\n\
        [priorities]\nrep_plus = 2.0\nrep = -1\n\n[rules]\nmust_cover = [\"rep_plus\", \"rep_pluss\"]\n\
        max_distance_km = 60\nmin_presence_fte = 0.25\n\n[solver]\ntime_limit = 30\nthreads = 0\n\n\
        [travail]\nweight_per_km = 0.3\n";

    #[test]
    fn every_problem_of_a_scenario_is_reported_in_one_run() {
        let p = problems(BAD);
        let got: Vec<(&str, Option<usize>)> = p.iter().map(|p| (p.code, p.line)).collect();
        assert_eq!(
            got,
            vec![
                ("E123", Some(4)),
                ("E120", Some(5)),
                ("E121", Some(10)),
                ("E124", Some(13)),
                ("E120", Some(18)),
                ("E121", Some(19)),
                ("E120", Some(21)),
            ],
            "{p:#?}"
        );
        assert!(p[1].message.contains("reserv_fte") && p[1].fix.contains("reserve_fte"), "{:?}", p[1]);
        assert!(p[3].fix.starts_with("vouliez-vous dire « rep_plus » ?"), "{}", p[3].fix);
        assert!(p[6].message.contains("section inconnue [travail]"), "{}", p[6].message);
    }

    #[test]
    fn a_syntax_error_stops_the_reading_alone() {
        let p = problems("schema = 1\n[budget]\ntotal_fte = 1,5\nreserv_fte = 0.5\n");
        assert_eq!(p.iter().map(|p| p.code).collect::<Vec<_>>(), vec!["E122"], "{p:?}");
    }

    #[test]
    fn a_missing_schema_is_reported_with_the_rest_on_their_lines() {
        let p = problems("[budget]\nunit_fte = 0\n[rules]\nmust_cover = [\n  \"rep_plus\",\n  \"zz\",\n]\n");
        let got: Vec<(&str, Option<usize>)> = p.iter().map(|p| (p.code, p.line)).collect();
        assert_eq!(got, vec![("E123", Some(1)), ("E121", Some(2)), ("E124", Some(6))], "{p:#?}");
        assert!(p[2].message.contains("dans « must_cover »"), "{}", p[2].message);
    }

    #[test]
    fn locks_are_checked_with_the_other_problems() {
        let instance = crate::instance_from_texts(
            "uai;name;kind;commune_insee;commune;lat;lon;pupils\n0660010C;Collège A;college;66136;Perpignan;42.7;2.89;500\n",
            Some("id;fte\nA01;1\n"),
            None,
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let text = "schema = 1\n[solver]\nthreads = 0\n[locks]\nexclude = [\"0669999Z\"]\n";
        let p = match scenario_for_instance_from_str(text, "scenario.toml", &instance) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().to_vec(),
        };
        assert_eq!(p.iter().map(|p| (p.code, p.line)).collect::<Vec<_>>(), vec![("E121", Some(3)), ("E124", Some(5))]);
    }
}
