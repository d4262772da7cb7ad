//! Counted nouns in French: « 0 demi-journée », « 1 demi-journée », « 3 demi-journées ».

/// `n` followed by `noun`, with an « s » from two on (French puts 0 and 1 in the singular).
/// `noun` is a noun (or a noun and its adjectives) whose plural takes an « s » on each word.
pub fn counted(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n >= 2 {
        let plural: Vec<String> = noun.split(' ').map(|w| format!("{w}s")).collect();
        format!("{n} {}", plural.join(" "))
    } else {
        format!("{n} {noun}")
    }
}

/// « point » or « points » after `x` shown with `decimals` decimals: French puts the plural
/// from two on, on the figure as written (« 0,7 point », « 1,99 point », « 2,0 points »).
pub fn point_noun(x: f64, decimals: usize) -> &'static str {
    let shown = format!("{:.decimals$}", x.abs());
    if shown.parse::<f64>().is_ok_and(|v| v >= 2.0) {
        "points"
    } else {
        "point"
    }
}

/// `x` with `decimals` decimals, a decimal comma and « point » agreed: « 0,7 point », « 12,5 points ».
pub fn points(x: f64, decimals: usize) -> String {
    let x = if x == 0.0 { 0.0 } else { x }; // no "-0,0"
    format!("{} {}", format!("{x:.decimals$}").replace('.', ","), point_noun(x, decimals))
}

/// « 1 demi-journée », « 3 demi-journées ».
pub fn half_days(n: impl Into<u64>) -> String {
    counted(n, "demi-journée")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_one_are_singular() {
        assert_eq!(half_days(0u32), "0 demi-journée");
        assert_eq!(half_days(1u32), "1 demi-journée");
        assert_eq!(half_days(2u32), "2 demi-journées");
        assert_eq!(counted(1u32, "établissement"), "1 établissement");
        assert_eq!(counted(12u32, "demi-journée déplacée"), "12 demi-journées déplacées");
    }

    #[test]
    fn point_is_plural_from_two_as_shown() {
        assert_eq!(points(0.7, 1), "0,7 point");
        assert_eq!(points(-1.5, 1), "-1,5 point");
        assert_eq!(points(1.96, 1), "2,0 points");
        assert_eq!(points(1.96, 2), "1,96 point");
        assert_eq!(points(-0.0, 1), "0,0 point");
        assert_eq!(points(42.9, 1), "42,9 points");
        assert_eq!(point_noun(1234.5, 0), "points");
    }
}
