//! A scenario saved from the form keeps the comments of the file it replaces: the import's note
//! on how the budget was estimated, the demo's help above each key, a CTSS-D's own remarks.
//!
//! The form gives the whole scenario; the new text is the former file with each changed value
//! written in place (its comments and layout kept), the keys now absent removed and the new keys
//! added to their section — unless a new key only holds its default: a key the file leaves out
//! already reads as its default, and the file stays as its author wrote it.

use toml_edit::{DocumentMut, Item, Table};

/// `body` (the scenario the reader accepted, as TOML) written over `former` (the file's text
/// before): every value of `body`, every comment and key order of `former` that still applies;
/// a key `former` leaves out is added only when its value differs from `defaults` (the default
/// scenario, as TOML). `None` when `former` does not parse (the caller then writes `body` as it is).
pub fn keep_comments(former: &str, body: &str, defaults: &str) -> Option<String> {
    let mut old: DocumentMut = former.parse().ok()?;
    let new: DocumentMut = body.parse().ok()?;
    let defaults: DocumentMut = defaults.parse().unwrap_or_default();
    merge(old.as_table_mut(), new.as_table(), Some(defaults.as_table()));
    Some(old.to_string())
}

/// `item` without the keys that hold their `default` value (`None` when nothing is left).
fn beyond_defaults(item: &Item, default: Option<&Item>) -> Option<Item> {
    match (item, default) {
        (_, None) => Some(item.clone()),
        (Item::Table(t), Some(Item::Table(d))) => {
            let mut out = t.clone();
            out.clear();
            for (k, v) in t.iter() {
                if let Some(kept) = beyond_defaults(v, d.get(k)) {
                    out.insert(k, kept);
                }
            }
            (!out.is_empty()).then_some(Item::Table(out))
        }
        (Item::Value(v), Some(Item::Value(d))) if same_value(v, d) => None,
        // An empty list of tables (the locks) is the default empty list.
        (Item::ArrayOfTables(a), Some(Item::Value(toml_edit::Value::Array(d)))) if a.is_empty() && d.is_empty() => None,
        (Item::Value(toml_edit::Value::Array(a)), Some(Item::ArrayOfTables(d))) if a.is_empty() && d.is_empty() => None,
        _ => Some(item.clone()),
    }
}

/// Writes `new` over `old`, table by table; `defaults`: the default values of the keys `old`
/// may leave out.
fn merge(old: &mut Table, new: &Table, defaults: Option<&Table>) {
    let gone: Vec<String> = old.iter().map(|(k, _)| k.to_string()).filter(|k| !new.contains_key(k)).collect();
    for key in gone {
        old.remove(&key);
    }
    for (key, item) in new.iter() {
        // A list of tables (the locks) is written as the former file writes its lists: a value
        // `assign = [{ uai = …, worker = … }]` in its table, where the help comments above the
        // key stay (a `[[locks.assign]]` header would take the key's spacing, `[[locks.forbid ]]`,
        // and drop the comments above `forbid = []`).
        let inline;
        let item = match item {
            Item::ArrayOfTables(aot) => {
                inline = Item::Value(toml_edit::Value::Array(inline_array(aot)));
                &inline
            }
            other => other,
        };
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
        match (old.get_mut(key), item) {
            (Some(Item::Table(o)), Item::Table(n)) => merge(o, n, default.and_then(Item::as_table)),
            (Some(Item::Value(o)), Item::Value(n)) => {
                if !same_value(o, n) {
                    // The new value with the former one's spacing and trailing comment.
                    let decor = o.decor().clone();
                    let mut v = n.clone();
                    *v.decor_mut() = decor;
                    *o = v;
                }
            }
            (Some(o), n) => *o = n.clone(),
            (None, n) => {
                if let Some(kept) = if defaults.is_some() { beyond_defaults(n, default) } else { Some(n.clone()) } {
                    old.insert(key, kept);
                }
            }
        }
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
        assert_eq!(
            text,
            "# Budget estimé par sectoria import : 32 780 élèves / 1 600.\nschema = 1\n\n\
             [budget]\n# ETP à répartir.\ntotal_fte = 18.0 # estimé\nunit_fte = 0.1\n\n\
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

    #[test]
    fn a_file_that_does_not_parse_is_not_merged() {
        assert_eq!(keep_comments("[budget\n", "schema = 1\n", ""), None);
    }
}
