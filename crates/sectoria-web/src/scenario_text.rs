//! A scenario saved from the form keeps the comments of the file it replaces: the import's note
//! on how the budget was estimated, the demo's help above each key, a CTSS-D's own remarks.
//!
//! The form gives the whole scenario; the new text is the former file with each changed value
//! written in place (its comments and layout kept), the keys now absent removed and the new keys
//! added to their section.

use toml_edit::{DocumentMut, Item, Table};

/// `body` (the scenario the reader accepted, as TOML) written over `former` (the file's text
/// before): every value of `body`, every comment and key order of `former` that still applies.
/// `None` when `former` does not parse (the caller then writes `body` as it is).
pub fn keep_comments(former: &str, body: &str) -> Option<String> {
    let mut old: DocumentMut = former.parse().ok()?;
    let new: DocumentMut = body.parse().ok()?;
    merge(old.as_table_mut(), new.as_table());
    Some(old.to_string())
}

/// Writes `new` over `old`, table by table.
fn merge(old: &mut Table, new: &Table) {
    let gone: Vec<String> = old.iter().map(|(k, _)| k.to_string()).filter(|k| !new.contains_key(k)).collect();
    for key in gone {
        old.remove(&key);
    }
    for (key, item) in new.iter() {
        match (old.get_mut(key), item) {
            (Some(Item::Table(o)), Item::Table(n)) => merge(o, n),
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
                old.insert(key, n.clone());
            }
        }
    }
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
        let text = keep_comments(FORMER, body).expect("parses");
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
    fn a_file_that_does_not_parse_is_not_merged() {
        assert_eq!(keep_comments("[budget\n", "schema = 1\n"), None);
    }
}
