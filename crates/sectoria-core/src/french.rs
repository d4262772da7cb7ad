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
}
