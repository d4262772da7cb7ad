//! Keys taken out of and written into a scenario file's text line by line, so that every comment
//! stays where its author put it: a new key goes right under the comment that documents it.

use super::key_lines::{key_lines, value_of};
use toml_edit::{DocumentMut, Item, TableLike, Value};

/// `text` without the key at `path`: its lines deleted when a comment documents the key (the
/// comment stays, and says the default again), else commented out (its value kept in sight).
pub fn remove(text: &str, path: &str) -> String {
    let keys = key_lines(text);
    let documented = keys.iter().any(|k| k.commented() && k.path == path);
    let Some(key) = keys.iter().find(|k| !k.commented() && k.path == path) else {
        // A key the lines do not show (within an inline table): taken out of the document.
        let (parent, name) = split(path);
        return in_table(text, parent, |t| {
            t.remove(name);
        })
        .unwrap_or_else(|| text.to_string());
    };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if documented {
        lines.drain(key.first..=key.last);
    } else {
        for line in &mut lines[key.first..=key.last] {
            line.insert_str(0, "# ");
        }
    }
    lines.concat()
}

/// `text` with the key at `path` written with `value`: right under the last comment that
/// documents it, else under the last comment that documents a key of its table (named the same
/// way: `solver.method` under `# solver.seed = 0`), when the key is valid there; else at the end
/// of its table, else in a new table at the end of the file (below every comment, so that none
/// falls under its header).
pub fn add(text: &str, path: &str, value: &Value) -> String {
    let mut value = value.clone();
    value.decor_mut().clear();
    let (parent, name) = split(path);
    let keys = key_lines(text);
    let commented = |p: &dyn Fn(&str) -> bool| keys.iter().filter(|k| k.commented() && p(&k.path)).last();
    let own = commented(&|p| p == path).map(|k| (k.last, k.name.clone()));
    let sibling = commented(&|p| split(p).0 == parent).map(|k| (k.last, format!("{}{name}", prefix(&k.name))));
    for (after, written_name) in own.into_iter().chain(sibling) {
        let written = insert_line(text, after, &format!("{written_name} = {value}"));
        if holds(&written, path, &value) {
            return written;
        }
    }
    if let Some(written) = in_table(text, parent, |t| {
        t.insert(name, Item::Value(value.clone()));
    }) {
        return written;
    }
    let eol = if text.ends_with('\n') || text.is_empty() { "" } else { "\n" };
    format!("{text}{eol}\n[{parent}]\n{name} = {value}\n")
}

/// `rules.` of `rules.min_presence_fte`; `""` of `reserve_fte`.
fn prefix(name: &str) -> &str {
    name.rfind('.').map_or("", |i| &name[..=i])
}

/// `text` with `line` inserted after its line `after` (from 0), with that line's indentation
/// and line ending.
fn insert_line(text: &str, after: usize, line: &str) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let eol = if lines[after].ends_with("\r\n") { "\r\n" } else { "\n" };
    if !lines[after].ends_with('\n') {
        lines[after].push_str(eol);
    }
    let indent: String = lines[after].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    lines.insert(after + 1, format!("{indent}{line}{eol}"));
    lines.concat()
}

/// `(section, key)` of `section.key`; `("", key)` at the top.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('.').unwrap_or(("", path))
}

/// `text` with `edit` made to its table `parent` (`""`: the top), if it has that table.
fn in_table(text: &str, parent: &str, edit: impl FnOnce(&mut dyn TableLike)) -> Option<String> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let mut table: &mut dyn TableLike = doc.as_table_mut();
    for part in parent.split('.').filter(|p| !p.is_empty()) {
        table = table.get_mut(part)?.as_table_like_mut()?;
    }
    edit(table);
    Some(doc.to_string())
}

/// Whether `text` is TOML that gives the key at `path` the value `value`.
fn holds(text: &str, path: &str, value: &Value) -> bool {
    let found = text.parse().ok().and_then(|t| value_of(t, path));
    let expected = format!("x = {value}").parse().ok().and_then(|t| value_of(t, "x"));
    found.is_some() && found == expected
}
