//! A scenario saved from the form keeps the comments of the file it replaces: the import's note
//! on how the budget was estimated, the demo's help above each key, a CTSS-D's own remarks.
//!
//! The form gives the whole scenario; the new text is the former file with each changed value
//! written in place (its comments and layout kept) and each new key written where the file
//! documents it: right under its commented line (`# rules.min_presence_fte = 0.2` of the
//! import's template, `# max_weekly_km = 400.0` of the demo's `[travel]`), else at the end of its
//! section, or in a new section at the end of the file — never between a section's header and
//! the keys that section documents in comments, which a CTSS-D may uncomment later. A new key
//! that only holds its default is not written (a key the file leaves out already reads as its
//! default), and a key set back to its default that a comment of the file shows (or gives an
//! example of, marked « # exemple ») is taken out, that comment staying; a key now absent is
//! commented out when no comment documents it.

mod key_lines;
mod line_edits;

use std::collections::BTreeSet;
use toml_edit::{DocumentMut, Item, Table};

/// `body` (the scenario the reader accepted, as TOML) written over `former` (the file's text
/// before): every value of `body`, every comment and key order of `former` that still applies;
/// a key `former` leaves out is added only when its value differs from `defaults` (the default
/// scenario, as TOML). `None` when `former` does not parse (the caller then writes `body` as it is).
pub fn keep_comments(former: &str, body: &str, defaults: &str) -> Option<String> {
    let mut old: DocumentMut = former.parse().ok()?;
    let new: DocumentMut = body.parse().ok()?;
    let default_values: toml::Table = defaults.parse().unwrap_or_default();
    let defaults: DocumentMut = defaults.parse().unwrap_or_default();
    let shown_defaults = key_lines::key_lines(former)
        .into_iter()
        .filter(|k| k.example || k.commented() && k.shown == key_lines::value_of(default_values.clone(), &k.path))
        .map(|k| k.path)
        .collect();
    let mut edits = Edits { shown_defaults, removed: Vec::new(), added: Vec::new() };
    merge(old.as_table_mut(), new.as_table(), Some(defaults.as_table()), "", &mut edits);
    let mut text = old.to_string();
    for path in &edits.removed {
        text = line_edits::remove(&text, path);
    }
    for (path, value) in &edits.added {
        text = line_edits::add(&text, path, value);
    }
    Some(text)
}

/// What [`merge`] leaves to the text: the keys to take out and the keys to write.
struct Edits {
    /// The keys the former file documents in a comment that shows their default
    /// (`# rules.min_presence_fte = 0.2`) or an example, marked so (`# reserve_fte = 0.5  # exemple`,
    /// the import's template: its default is said above).
    shown_defaults: BTreeSet<String>,
    /// Keys absent from the form, or set back to a default the file documents.
    removed: Vec<String>,
    /// Keys the file leaves out whose value is not the default, with their values.
    added: Vec<(String, toml_edit::Value)>,
}

/// `section.key`, or `key` at the top.
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether `item` holds its `default` value (a list of locks written either way is a value here:
/// [`as_written`]).
fn is_default(item: &Item, default: Option<&Item>) -> bool {
    matches!((item, default), (Item::Value(v), Some(Item::Value(d))) if same_value(v, d))
}

/// A list of tables (the locks) as the former file writes its lists: a value
/// `assign = [{ uai = …, worker = … }]` in its table, where the help comments above the key stay
/// (a `[[locks.assign]]` header would take the key's spacing, `[[locks.forbid ]]`, and drop the
/// comments above `forbid = []`).
fn as_written(item: &Item) -> Item {
    match item {
        Item::ArrayOfTables(aot) => Item::Value(toml_edit::Value::Array(inline_array(aot))),
        other => other.clone(),
    }
}

/// Writes `new` over `old` (the table at `path`), table by table; `defaults`: the default values
/// of the keys `old` may leave out. Keys to take out or to add are left to `edits`.
fn merge(old: &mut Table, new: &Table, defaults: Option<&Table>, path: &str, edits: &mut Edits) {
    let gone: Vec<String> = old.iter().map(|(k, _)| k.to_string()).filter(|k| !new.contains_key(k)).collect();
    for key in gone {
        if matches!(old.get(&key), Some(Item::Value(_))) {
            edits.removed.push(child(path, &key));
        } else {
            old.remove(&key);
        }
    }
    for (key, item) in new.iter() {
        let item = &as_written(item);
        // A file written with `[[locks.assign]]` headers: its comments above the first header
        // go above the key.
        if let (Some(Item::ArrayOfTables(o)), Item::Value(_)) = (old.get(key), item) {
            let comments = o.get(0).and_then(|t| t.decor().prefix()).and_then(|p| p.as_str()).map(str::to_string);
            old.remove(key);
            old.insert(key, item.clone());
            if let (Some(c), Some(mut k)) = (comments.filter(|c| c.contains('#')), old.key_mut(key)) {
                let c = c.trim_start_matches('\n').to_string();
                k.leaf_decor_mut().set_prefix(if c.ends_with('\n') { c } else { format!("{c}\n") });
            }
            continue;
        }
        let default = defaults.and_then(|d| d.get(key));
        let full = child(path, key);
        match (old.get_mut(key), item) {
            (Some(Item::Table(o)), Item::Table(n)) => merge(o, n, default.and_then(Item::as_table), &full, edits),
            (Some(Item::Value(o)), Item::Value(n)) if !same_value(o, n) => {
                if edits.shown_defaults.contains(&full) && is_default(item, default) {
                    // Back to its default: its commented line says it.
                    edits.removed.push(full);
                } else {
                    // The new value with the former one's spacing and trailing comment.
                    let decor = o.decor().clone();
                    let mut v = n.clone();
                    *v.decor_mut() = decor;
                    *o = v;
                }
            }
            (Some(Item::Value(_)), Item::Value(_)) => {}
            (Some(o), n) => *o = n.clone(),
            (None, n) => added(&full, n, default, edits),
        }
    }
}

/// The keys of `item` (at `path`, absent from the former file) that differ from `default`.
fn added(path: &str, item: &Item, default: Option<&Item>, edits: &mut Edits) {
    match item {
        Item::Table(t) => {
            for (key, value) in t.iter() {
                let default = default.and_then(Item::as_table).and_then(|d| d.get(key));
                added(&child(path, key), &as_written(value), default, edits);
            }
        }
        Item::Value(v) if !is_default(item, default) => edits.added.push((path.to_string(), v.clone())),
        _ => {}
    }
}

/// The tables of `aot` as an array of inline tables, one a line when there are several.
fn inline_array(aot: &toml_edit::ArrayOfTables) -> toml_edit::Array {
    let mut array: toml_edit::Array = aot.iter().map(|t| t.clone().into_inline_table()).collect();
    if array.len() > 1 {
        for v in array.iter_mut() {
            v.decor_mut().set_prefix("\n    ");
        }
        array.set_trailing_comma(true);
        array.set_trailing("\n");
    } else {
        array.fmt();
    }
    array
}

/// Whether two TOML values are equal whatever their notation (`1` and `1.0` are not: the
/// reader tells integers from floats).
fn same_value(a: &toml_edit::Value, b: &toml_edit::Value) -> bool {
    let bare = |v: &toml_edit::Value| {
        let mut v = v.clone();
        v.decor_mut().clear();
        format!("x = {v}").parse::<toml::Table>().ok()
    };
    matches!((bare(a), bare(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMER: &str = "# Budget estimé par sectoria import : 32 780 élèves / 1 600.\nschema = 1\n\n\
                          [budget]\n# ETP à répartir.\ntotal_fte = 20.5 # estimé\nreserve_fte = 0.5\n\n\
                          [rules]\n# Écoles REP+ avec leur collège.\nmust_cover = [\"rep_plus\"]\n";

    #[test]
    fn comments_stay_and_changed_values_are_written_in_place() {
        let body = "schema = 1\n\n[budget]\ntotal_fte = 18.0\nunit_fte = 0.1\n\n[rules]\nmust_cover = [\"rep_plus\"]\n";
        let text = keep_comments(FORMER, body, "").expect("parses");
        // The reserve, absent from the form and documented by no comment, is commented out; the
        // unit, new, goes under the last key its section documents.
        assert_eq!(
            text,
            "# Budget estimé par sectoria import : 32 780 élèves / 1 600.\nschema = 1\n\n\
             [budget]\n# ETP à répartir.\ntotal_fte = 18.0 # estimé\n# reserve_fte = 0.5\nunit_fte = 0.1\n\n\
             [rules]\n# Écoles REP+ avec leur collège.\nmust_cover = [\"rep_plus\"]\n"
        );
        let back: toml::Table = text.parse().expect("TOML");
        assert_eq!(back, body.parse::<toml::Table>().expect("TOML"));
    }

    #[test]
    fn locks_are_written_as_lists_under_their_comments() {
        let former =
            "schema = 1\n\n[locks]\n# Gardés avec un assistant.\n# assign = [ { uai = \"A\", worker = \"W\" } ]\n\
                      assign = []\nforbid = []\n\n# Exclus.\nexclude = []\n\n[solver]\nseed = 0\n";
        let body = "schema = 1\n\n[locks]\nexclude = []\n\n[[locks.assign]]\nuai = \"0990047N\"\nworker = \"ASS07\"\n\n\
                    [[locks.forbid]]\nuai = \"0990073S\"\nworker = \"ASS23\"\n\n[[locks.forbid]]\nuai = \"0990074T\"\nworker = \"ASS2\"\n\n\
                    [solver]\nseed = 0\n";
        let text = keep_comments(former, body, "").expect("parses");
        assert_eq!(
            text,
            "schema = 1\n\n[locks]\n# Gardés avec un assistant.\n# assign = [ { uai = \"A\", worker = \"W\" } ]\n\
             assign = [{ uai = \"0990047N\", worker = \"ASS07\" }]\nforbid = [\n    { uai = \"0990073S\", worker = \"ASS23\" },\n    \
             { uai = \"0990074T\", worker = \"ASS2\" },\n]\n\n# Exclus.\nexclude = []\n\n[solver]\nseed = 0\n"
        );
        assert_eq!(text.parse::<toml::Table>().expect("TOML"), body.parse::<toml::Table>().expect("TOML"));
        // A file written before with `[[locks.forbid ]]` headers: back to lists, its comments kept.
        let broken =
            "[locks]\n\n# Exclus.\nexclude = []\n\n# Couples.\n[[locks.forbid ]]\nuai = \"X\"\nworker = \"Y\"\n";
        let text = keep_comments(broken, "[locks]\nexclude = []\nforbid = []\n", "").expect("parses");
        assert!(text.contains("# Couples.\nforbid = []") && !text.contains("[["), "{text}");
    }

    #[test]
    fn a_default_the_file_left_out_is_not_written() {
        let defaults = toml::to_string(&sectoria_core::Scenario::default()).expect("TOML");
        let former = "schema = 1\n\n[budget]\n# Budget de la variante.\ntotal_fte = 20.0\n";
        let mut scenario = sectoria_core::Scenario::default();
        scenario.budget.total_fte = Some(18.0);
        scenario.rules.max_distance_km = 45.0;
        let body = toml::to_string(&scenario).expect("TOML");
        let text = keep_comments(former, &body, &defaults).expect("parses");
        // The changed value in place, the one changed key added, no `method = "auto"` nor any
        // other default the file never had.
        assert_eq!(
            text,
            "schema = 1\n\n[budget]\n# Budget de la variante.\ntotal_fte = 18.0\n\n[rules]\nmax_distance_km = 45.0\n"
        );
        assert_eq!(sectoria_io::scenario_from_str(&text, "s.toml").expect("reads"), scenario);
    }

    /// The import's template, shortened: keys of other sections documented above `[budget]` in
    /// dotted form, the budget's own below its header.
    const TEMPLATE: &str = "schema = 1\n\n# --- scope ---\n# scope.bassins = []\n\n# --- rules ---\n\
                            # Présence minimale (ETP).\n# rules.min_presence_fte = 0.2\n# rules.min_presence_ecole_fte = 0.1\n\
                            # Distance (km).\n# rules.max_distance_km = 60.0\n\n# Budget estimé.\n[budget]\ntotal_fte = 20.0\n\
                            # Réserve. Défaut : 0.\n# reserve_fte = 0.5  # exemple\n# Unité. Défaut : 0.1.\n# unit_fte = 0.1\n";

    /// `TEMPLATE` saved with `edit` made to the default scenario with its budget.
    fn saved(former: &str, edit: impl FnOnce(&mut sectoria_core::Scenario)) -> String {
        let defaults = toml::to_string(&sectoria_core::Scenario::default()).expect("TOML");
        let mut scenario = sectoria_core::Scenario::default();
        scenario.budget.total_fte = Some(20.0);
        edit(&mut scenario);
        let text = keep_comments(former, &toml::to_string(&scenario).expect("TOML"), &defaults).expect("parses");
        assert_eq!(sectoria_io::scenario_from_str(&text, "s.toml").expect("reads"), scenario, "{text}");
        text
    }

    #[test]
    fn a_new_key_is_written_under_its_commented_line_and_leaves_with_its_default() {
        // The tester's finding 4 (session 50): `[rules]` was written after `total_fte`, above the
        // budget's commented keys, which then read as keys of [rules] (E120) once uncommented.
        let text = saved(TEMPLATE, |s| s.rules.min_presence_fte = 0.25);
        assert_eq!(
            text,
            TEMPLATE.replace(
                "# rules.min_presence_fte = 0.2\n",
                "# rules.min_presence_fte = 0.2\nrules.min_presence_fte = 0.25\n"
            )
        );
        assert!(!text.contains("[rules]"), "{text}");
        let uncommented = text.replace("# reserve_fte = 0.5  # exemple", "reserve_fte = 0.5");
        let read = sectoria_io::scenario_from_str(&uncommented, "s.toml").expect("the reserve reads");
        assert_eq!((read.budget.reserve_fte, read.rules.min_presence_fte), (0.5, 0.25));
        // Two more keys of [rules] and one of [budget], each under its own line; then all back
        // to their defaults: the template as it was.
        let text = saved(&text, |s| {
            s.rules.min_presence_fte = 0.25;
            s.rules.max_distance_km = 45.0;
            s.rules.min_presence_ecole_fte = 0.2;
            s.budget.reserve_fte = 1.0;
        });
        for line in [
            "# rules.min_presence_fte = 0.2\nrules.min_presence_fte = 0.25\n# rules.min_presence_ecole_fte = 0.1\n\
             rules.min_presence_ecole_fte = 0.2\n",
            "# rules.max_distance_km = 60.0\nrules.max_distance_km = 45.0\n",
            "# reserve_fte = 0.5  # exemple\nreserve_fte = 1.0\n",
        ] {
            assert!(text.contains(line), "{line}\n{text}");
        }
        assert_eq!(saved(&text, |_| {}), TEMPLATE);
    }

    #[test]
    fn a_key_documented_in_its_section_is_written_under_its_comment_and_an_absent_one_commented_out() {
        let former =
            "schema = 1\n\n[travel]\n# Plafond (km).\n# max_weekly_km = 400.0\n# Minutes.\nweight_per_minute = 0.0\n";
        let text = saved(former, |s| s.travel.max_weekly_km = Some(350.0));
        assert!(text.contains("# max_weekly_km = 400.0\nmax_weekly_km = 350.0\n# Minutes.\n"), "{text}");
        // Without a value: its line goes, the comment stays.
        assert!(saved(&text, |_| {}).contains("[travel]\n# Plafond (km).\n# max_weekly_km = 400.0\n# Minutes.\n"));
        // A key no comment documents, now absent, is commented out where it was.
        let text =
            saved("schema = 1\n\n[travel]\nmax_weekly_km = 300.0 # notre plafond\nestimate_kmh = 50.0\n", |_| {});
        assert!(text.contains("[travel]\n# max_weekly_km = 300.0 # notre plafond\nestimate_kmh = 50.0\n"), "{text}");
        // A key no comment shows with its default, set back to it, stays written.
        let text = saved("schema = 1\n\n[rules]\nmax_distance_km = 45.0\n", |_| {});
        assert!(text.contains("[rules]\nmax_distance_km = 60.0\n"), "{text}");
        let demo = "schema = 1\n\n[locks]\n# exclude = [\"0990003C\"]\nexclude = [\"0990043J\"]\n";
        let text = saved(demo, |_| {});
        assert!(text.contains("[locks]\n# exclude = [\"0990003C\"]\nexclude = []\n"), "{text}");
    }

    #[test]
    fn a_key_without_a_valid_commented_line_goes_under_its_sections_comments_or_to_its_table() {
        // A key the template does not document (as `solver.method`): under the last documented
        // key of its section, named the same way.
        let text = saved(TEMPLATE, |s| s.rules.max_workers_per_establishment = 2);
        assert!(text.contains("# rules.max_distance_km = 60.0\nrules.max_workers_per_establishment = 2\n\n"), "{text}");
        // The template's `# rules.…` lines above a `[rules]` table written since: a dotted key
        // there would define [rules] twice, so the key goes into the table.
        let former = format!("{TEMPLATE}\n[rules]\nmax_distance_km = 45.0\n");
        let text = saved(&former, |s| {
            s.rules.max_distance_km = 45.0;
            s.rules.min_presence_fte = 0.3;
        });
        assert!(text.ends_with("[rules]\nmax_distance_km = 45.0\nmin_presence_fte = 0.3\n"), "{text}");
        // A section the file neither has nor documents: at the end of the file, below every comment.
        let text = saved(TEMPLATE, |s| s.travel.weight_per_km = 0.5);
        assert!(text.ends_with("# unit_fte = 0.1\n\n[travel]\nweight_per_km = 0.5\n"), "{text}");
    }

    #[test]
    fn a_file_that_does_not_parse_is_not_merged() {
        assert_eq!(keep_comments("[budget\n", "schema = 1\n", ""), None);
    }
}
