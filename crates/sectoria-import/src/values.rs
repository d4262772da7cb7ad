//! Parsing of cell values as published: numbers with `.` or `,`, booleans, UAI, INSEE and
//! postal codes (spaces tolerated, leading zeros restored).

/// A number written with a decimal point or comma (spaces as thousands separators allowed).
pub(crate) fn parse_number(value: &str) -> Option<f64> {
    let cleaned: String =
        value.trim().chars().filter(|c| !c.is_whitespace()).map(|c| if c == ',' { '.' } else { c }).collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A non-negative count written as an integer or a decimal (`540.0`).
pub(crate) fn parse_count(value: &str) -> Option<u32> {
    let v = parse_number(value)?;
    if (0.0..=f64::from(u32::MAX)).contains(&v) {
        // The range check above makes the cast exact after rounding.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(v.round() as u32)
    } else {
        None
    }
}

/// `1/0`, `oui/non`, `true/false`, `o/n`, `vrai/faux`.
pub(crate) fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "1" | "oui" | "o" | "true" | "vrai" | "yes" | "y" => Some(true),
        "0" | "non" | "n" | "false" | "faux" | "no" => Some(false),
        _ => None,
    }
}

/// UAI in upper case without spaces; `None` unless 7 digits and a letter.
pub(crate) fn normalize_uai(value: &str) -> Option<String> {
    let uai: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let valid = uai.len() == 8
        && uai.chars().take(7).all(|c| c.is_ascii_digit())
        && uai.chars().last().is_some_and(|c| c.is_ascii_alphabetic());
    valid.then_some(uai)
}

/// INSEE commune code on 5 characters (`1001` → `01001`, `2a004` → `2A004`).
pub(crate) fn normalize_insee(value: &str) -> Option<String> {
    let code: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    match code.len() {
        5 => Some(code),
        4 if code.chars().all(|c| c.is_ascii_digit()) => Some(format!("0{code}")),
        _ => None,
    }
}

/// Postal code on 5 digits, spaces removed (`31 000` → `31000`, `1300` → `01300`).
pub(crate) fn normalize_postal_code(value: &str) -> Option<String> {
    let code: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) || code.len() > 5 {
        return None;
    }
    Some(format!("{code:0>5}"))
}

/// Latitude and longitude if plausible WGS84 decimal degrees (and not the null island).
pub(crate) fn valid_lat_lon(lat: Option<f64>, lon: Option<f64>) -> Option<(f64, f64)> {
    let (lat, lon) = (lat?, lon?);
    let plausible = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && !(lat == 0.0 && lon == 0.0);
    plausible.then_some((lat, lon))
}

/// `"43.10, 0.72"` (the annuaire's `position`, La Poste's `coordonnees_gps`).
pub(crate) fn parse_lat_lon_pair(value: &str) -> Option<(f64, f64)> {
    let (lat, lon) = value.split_once(',')?;
    valid_lat_lon(parse_number(lat), parse_number(lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_counts() {
        assert_eq!(parse_number("74,3"), Some(74.3));
        assert_eq!(parse_number(" 1 234.5 "), Some(1234.5));
        assert_eq!(parse_number("NS"), None);
        assert_eq!(parse_count("540.0"), Some(540));
        assert_eq!(parse_count("-3"), None);
        assert_eq!(parse_count(""), None);
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("1"), Some(true));
        assert_eq!(parse_bool("Non"), Some(false));
        assert_eq!(parse_bool(""), None);
    }

    #[test]
    fn codes() {
        assert_eq!(normalize_uai(" 0310987e"), Some("0310987E".to_string()));
        assert_eq!(normalize_uai("031098"), None);
        assert_eq!(normalize_insee("1001"), Some("01001".to_string()));
        assert_eq!(normalize_insee("2a004"), Some("2A004".to_string()));
        assert_eq!(normalize_postal_code("31 000"), Some("31000".to_string()));
        assert_eq!(normalize_postal_code("1300"), Some("01300".to_string()));
        assert_eq!(normalize_postal_code("CEDEX"), None);
    }

    #[test]
    fn coordinates() {
        assert_eq!(parse_lat_lon_pair("43.5, 1.25"), Some((43.5, 1.25)));
        assert_eq!(valid_lat_lon(Some(0.0), Some(0.0)), None);
        assert_eq!(valid_lat_lon(Some(95.0), Some(1.0)), None);
        assert_eq!(valid_lat_lon(None, Some(1.0)), None);
    }
}
