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

/// [`sector_colour`] as `#rrggbb`, the form every GIS reads (QGIS takes a field's colour as
/// `#rrggbb`, not `hsl(…)`): the same colour, beyond twelve workers converted from its hue.
pub fn sector_colour_hex(index: usize) -> String {
    match PALETTE.get(index) {
        Some(c) => (*c).to_string(),
        None => {
            let (h, s, l) = ((index as f64 * 137.508) % 360.0, 0.55, 0.48);
            // CSS `hsl()` as the browser draws it (the hue rounded as `sector_colour` writes it).
            let h = h.round();
            let c = (1.0 - (2.0 * l - 1.0_f64).abs()) * s;
            let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
            let m = l - c / 2.0;
            let (r, g, b) = match (h / 60.0) as u32 {
                0 => (c, x, 0.0),
                1 => (x, c, 0.0),
                2 => (0.0, c, x),
                3 => (0.0, x, c),
                4 => (x, 0.0, c),
                _ => (c, 0.0, x),
            };
            let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
            format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_are_the_report_s_colours() {
        assert_eq!(sector_colour_hex(0), sector_colour(0));
        assert_eq!(sector_colour_hex(11), "#8cd17d");
        // 12 × 137,508° = 1650,1° → 210°: hsl(210, 55%, 48%) = #377abe.
        assert_eq!(sector_colour(12), "hsl(210, 55%, 48%)");
        assert_eq!(sector_colour_hex(12), "#377abe");
        for k in 0..60 {
            let hex = sector_colour_hex(k);
            assert!(hex.len() == 7 && hex.starts_with('#') && hex[1..].chars().all(|c| c.is_ascii_hexdigit()), "{hex}");
        }
    }

    #[test]
    fn colours_are_stable_and_distinct_for_the_first_workers() {
        assert_eq!(sector_colour(0), "#4e79a7");
        assert_eq!(sector_colour(30), sector_colour(30));
        let first: std::collections::BTreeSet<String> = (0..40).map(sector_colour).collect();
        assert_eq!(first.len(), 40);
    }
}
