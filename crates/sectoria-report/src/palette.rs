//! Sector colours: a stable colour per worker, by the worker's index in `plan.workers`.

/// Twelve well-separated colours (Tableau 10 and two extras), used first.
const PALETTE: [&str; 12] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6",
    "#d37295", "#8cd17d",
];

/// The colour of the sector of worker `index` (CSS colour). The same index always gets the
/// same colour; beyond twelve workers hues follow the golden angle.
pub fn sector_colour(index: usize) -> String {
    match PALETTE.get(index) {
        Some(c) => (*c).to_string(),
        None => {
            let hue = (index as f64 * 137.508) % 360.0;
            format!("hsl({hue:.0}, 55%, 48%)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_stable_and_distinct_for_the_first_workers() {
        assert_eq!(sector_colour(0), "#4e79a7");
        assert_eq!(sector_colour(30), sector_colour(30));
        let first: std::collections::BTreeSet<String> = (0..40).map(sector_colour).collect();
        assert_eq!(first.len(), 40);
    }
}
