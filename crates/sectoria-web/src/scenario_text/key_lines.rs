//! The key lines of a scenario file's text: the keys it writes (`max_distance_km = 45.0`, on
//! one line or more) and the keys it documents in comments (`# rules.min_presence_fte = 0.2`,
//! the way `sectoria import` and the demo scenario list a key and its default), each with the
//! full name the table header above it gives it (`rules.min_presence_fte`, `budget.reserve_fte`).

/// One key of the text.
#[derive(Debug)]
pub struct KeyLine {
    /// The key's full name: `rules.min_presence_fte`.
    pub path: String,
    /// Its name as the line writes it: `rules.min_presence_fte` above the first table header,
    /// `reserve_fte` under `[budget]`.
    pub name: String,
    /// Its first and last line (from 0; `last` > `first` for a value written on several lines).
    pub first: usize,
    pub last: usize,
    /// For a key documented in a comment (`# name = value`), not written: the value it shows.
    pub shown: Option<toml::Value>,
    /// A commented line marked as an example, not the default (`# reserve_fte = 0.5  # exemple`:
    /// the mark of `sectoria import`'s template).
    pub example: bool,
}

impl KeyLine {
    /// Whether the key is documented in a comment, not written.
    pub fn commented(&self) -> bool {
        self.shown.is_some()
    }
}

/// The mark of a commented key whose value is an example.
const EXAMPLE: &str = "# exemple";

/// The key lines of `text`, in order. A comment is a key line when, without its `#`, it is a
/// TOML key and value on one line; a written key spans the lines its value needs.
pub fn key_lines(text: &str) -> Vec<KeyLine> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut table = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(header) = header(line) {
            table = header;
            i += 1;
            continue;
        }
        let (body, commented) = match line.strip_prefix('#') {
            Some(rest) => (rest.trim_start(), true),
            None => (line, false),
        };
        let last = key_name(body).and_then(|name| {
            let (last, shown) = if commented {
                (i, Some(value_of(body.parse().ok()?, &name)?))
            } else {
                ((i..lines.len()).find(|&j| lines[i..=j].join("\n").parse::<toml::Table>().is_ok())?, None)
            };
            let path = if table.is_empty() { name.clone() } else { format!("{table}.{name}") };
            let example = commented && body.trim_end().ends_with(EXAMPLE);
            out.push(KeyLine { path, name, first: i, last, shown, example });
            Some(last)
        });
        i = last.unwrap_or(i) + 1;
    }
    out
}

/// The table a header line opens (`[budget]`, `[[locks.assign]]`), its parts joined by dots.
fn header(line: &str) -> Option<String> {
    let inner = line.strip_prefix('[')?;
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let (name, _) = inner.split_once(']')?;
    dotted(name)
}

/// The key of a `key = value` text, when it is a bare (possibly dotted) key.
fn key_name(body: &str) -> Option<String> {
    dotted(body.split_once('=')?.0)
}

/// `a . b` as `a.b`, when every part is a bare lower-case key.
fn dotted(name: &str) -> Option<String> {
    let parts: Vec<&str> = name.split('.').map(str::trim).collect();
    let bare = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    parts.iter().all(bare).then(|| parts.join("."))
}

/// The value of the key `path` (`a.b`) in `table`.
pub fn value_of(table: toml::Table, path: &str) -> Option<toml::Value> {
    path.split('.').try_fold(toml::Value::Table(table), |v, p| match v {
        toml::Value::Table(mut t) => t.remove(p),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_written_and_documented_are_named_by_their_table() {
        let text = "# Aide : valeur = défaut.\nschema = 1\n# rules.min_presence_fte = 0.2\n\n[budget]\n\
                    total_fte = 20.0 # estimé\n# reserve_fte = 0.5  # exemple\n[ locks ]\nforbid = [\n    \
                    { uai = \"A\", worker = \"B\" },\n]\n# assign = [ { uai = \"A\" } ]\nexclude = []\n";
        let keys = key_lines(text);
        assert_eq!((&keys[3].shown, keys[3].example), (&Some(toml::Value::Float(0.5)), true));
        let found: Vec<(String, String, usize, usize, bool)> =
            keys.into_iter().map(|k| (k.path.clone(), k.name.clone(), k.first, k.last, k.commented())).collect();
        let k = |p: &str, n: &str, f, l, c| (p.to_string(), n.to_string(), f, l, c);
        assert_eq!(
            found,
            [
                k("schema", "schema", 1, 1, false),
                k("rules.min_presence_fte", "rules.min_presence_fte", 2, 2, true),
                k("budget.total_fte", "total_fte", 5, 5, false),
                k("budget.reserve_fte", "reserve_fte", 6, 6, true),
                k("locks.forbid", "forbid", 8, 10, false),
                k("locks.assign", "assign", 11, 11, true),
                k("locks.exclude", "exclude", 12, 12, false),
            ]
        );
    }
}
