//! French spellings of numbers and booleans.

/// `x` written the French way (`12,5`), for messages.
pub fn fr(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// Parses a decimal written the French or the English way: `12,5`, `12.5`, `-3`, `1 234,5`.
/// Returns `None` for anything else (text, `1.234,5`, infinities, NaN).
pub fn parse_decimal(s: &str) -> Option<f64> {
    let t = s.trim();
    let t = strip_thousands(t)?;
    if t.contains(',') && t.contains('.') || t.matches(',').count() > 1 {
        return None;
    }
    let t = t.replace(',', ".");
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E')) {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Removes spaces between groups of three digits (`1 234` → `1234`); `None` when spaces are
/// anywhere else.
fn strip_thousands(t: &str) -> Option<String> {
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}');
    if !t.contains(is_space) {
        return Some(t.to_string());
    }
    let (int_part, rest) = match t.find([',', '.']) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    if rest.contains(is_space) {
        return None;
    }
    let unsigned = int_part.trim_start_matches(['-', '+']);
    let groups: Vec<&str> = unsigned.split(is_space).collect();
    let ok = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| format!("{}{}", int_part.replace(is_space, ""), rest))
}

/// Parses a boolean: `1`/`0`, `oui`/`non`, `o`/`n`, `vrai`/`faux`, `true`/`false`
/// (case-insensitive). Empty is `Some(false)`; anything else `None`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "1" | "oui" | "o" | "vrai" | "true" => Some(true),
        "0" | "non" | "n" | "faux" | "false" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_french_and_english() {
        assert_eq!(parse_decimal("12,5"), Some(12.5));
        assert_eq!(parse_decimal(" 12.5 "), Some(12.5));
        assert_eq!(parse_decimal("-1,44"), Some(-1.44));
        assert_eq!(parse_decimal("1 234"), Some(1234.0));
        assert_eq!(parse_decimal("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_decimal("12 5"), None);
        assert_eq!(parse_decimal("1.234,5"), None);
        assert_eq!(parse_decimal("douze"), None);
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("1e400"), None);
    }

    #[test]
    fn booleans_in_every_accepted_spelling() {
        for t in ["1", "oui", "OUI", "Oui", "o", "O", "vrai", "VRAI", "true", "True", "TRUE"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["0", "non", "NON", "n", "N", "faux", "Faux", "false", "FALSE", "", "  "] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        assert_eq!(parse_bool("peut-être"), None);
        assert_eq!(parse_bool("2"), None);
    }
}
