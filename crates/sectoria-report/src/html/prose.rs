//! Messages as HTML. The reasons, explanations and warnings that `sectoria_core` writes name
//! the scenario's keys between backticks (« (`rules.max_distance_km` = 60) »), as the terminal
//! and the CSV files show them; the report sets those spans in `<code>` instead of printing the
//! backticks.

use super::esc;

/// `text` escaped for HTML content, each pair of backticks turned into a `<code>` span:
/// « au-delà de `rules.max_distance_km` » → « au-delà de <code>rules.max_distance_km</code> ».
/// A lone backtick and an empty pair stay as written.
pub fn prose(text: &str) -> String {
    let escaped = esc(text);
    let parts: Vec<&str> = escaped.split('`').collect();
    // Parts alternate outside, inside, outside…; `paired` backticks make pairs, the part after
    // an odd last one is plain text.
    let paired = parts.len() - 1 - (parts.len() - 1) % 2;
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i > paired {
            // After the lone backtick.
            out.push('`');
            out.push_str(part);
        } else if i % 2 == 0 {
            out.push_str(part);
        } else if part.is_empty() {
            out.push_str("``");
        } else {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        }
    }
    out
}

/// `text` without its backticks, for the places where HTML cannot go (an SVG `<title>`, the
/// page's `<title>`); still to be escaped.
pub fn unquoted(text: &str) -> String {
    text.replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticked_spans_become_code_after_escaping() {
        assert_eq!(
            prose("au plus un assistant (`rules.max_workers_per_establishment` = 1) : qu'à la place de POSTE52"),
            "au plus un assistant (<code>rules.max_workers_per_establishment</code> = 1) : qu&#39;à la place de POSTE52"
        );
        assert_eq!(
            prose("augmentez `budget.total_fte` ou réduisez `budget.reserve_fte`"),
            "augmentez <code>budget.total_fte</code> ou réduisez <code>budget.reserve_fte</code>"
        );
        // Escaped first: markup inside or outside the span is text.
        assert_eq!(prose("`<b>` & <i>"), "<code>&lt;b&gt;</code> &amp; &lt;i&gt;");
        assert_eq!(prose("sans code"), "sans code");
        assert_eq!(prose(""), "");
    }

    #[test]
    fn a_lone_backtick_or_an_empty_pair_stays() {
        assert_eq!(prose("a `b` c ` d"), "a <code>b</code> c ` d");
        assert_eq!(prose("un ` seul"), "un ` seul");
        assert_eq!(prose("vide `` ici"), "vide `` ici");
        assert_eq!(prose("`fin`"), "<code>fin</code>");
        assert_eq!(unquoted("de `rules.max_distance_km`"), "de rules.max_distance_km");
    }
}
