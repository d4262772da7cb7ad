//! The legend of the report's map: the symbols beside the map, then every sector's colour with
//! its worker — beside the map, under the symbols, when they all fit there; otherwise in columns
//! under the map, across the whole drawing. Every sector is listed: a colour missing from the
//! legend cannot be told (session 48 read « … et 20 autres secteurs » for 20 of Hérault's 52).

use super::esc;
use super::map::{LEGEND_W, MAP_W};
use crate::palette::sector_colour;
use sectoria_core::Plan;
use std::fmt::Write as _;

/// Height of a sector's line, px.
const ROW_H: f64 = 18.0;
/// Width allowed for a character of the legend's 12 px type, px: wider than the mean, so that
/// no name runs into the next column.
const CHAR_W: f64 = 7.2;
/// Colour patch, with the gap before its name, then the gap between columns, px.
const PATCH_W: f64 = 24.0;
const GAP_W: f64 = 14.0;
/// Baseline of the « Secteurs » heading beside the map, under the symbols, px.
const SECTORS_TOP: f64 = 194.0;
/// Left edge of the legend beside the map, px.
const BESIDE_X: f64 = MAP_W + 16.0;

/// The legend as SVG, and the height of the drawing it needs: the map's height `map_h` (at
/// least the symbols'), and more when the sectors go under the map.
pub(super) fn legend(plan: &Plan, map_h: f64) -> (String, f64) {
    let mut s = symbols();
    let entries: Vec<(String, String, &str)> = plan
        .workers
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let name = w.name.as_ref().map(|n| format!("{} — {n}", w.id)).unwrap_or_else(|| w.id.clone());
            let label = format!("{name}{}", if w.sector.is_empty() { " (sans secteur)" } else { "" });
            (sector_colour(k), label, w.id.as_str())
        })
        .collect();
    let map_h = map_h.max(SECTORS_TOP);
    if entries.is_empty() {
        return (s, map_h);
    }
    let widest = entries.iter().map(|(_, label, _)| label.chars().count()).max().unwrap_or(0);
    let col_w = widest as f64 * CHAR_W + PATCH_W + GAP_W;
    // Beside the map: as many columns as the panel holds, rows down to the map's foot.
    let first = SECTORS_TOP + ROW_H;
    let beside_cols = ((LEGEND_W - 16.0) / col_w).floor() as usize;
    let beside_rows = if map_h - 8.0 >= first { ((map_h - 8.0 - first) / ROW_H).floor() as usize + 1 } else { 0 };
    let n = entries.len();
    let (x0, heading_y, cols, width, height) = if n <= beside_cols * beside_rows {
        (BESIDE_X, SECTORS_TOP, beside_cols, LEGEND_W - 16.0, map_h)
    } else {
        // Under the map, across the drawing.
        let width = MAP_W + LEGEND_W - 16.0;
        let cols = ((width / col_w).floor() as usize).max(1);
        let rows = n.div_ceil(cols);
        (8.0, map_h + 26.0, cols, width, map_h + 26.0 + ROW_H * (rows as f64 + 0.5))
    };
    let rows = n.div_ceil(cols);
    let col_w = width / cols as f64;
    let _ = write!(
        s,
        "<g class=\"legende-secteurs\"><text x=\"{x0:.0}\" y=\"{heading_y:.0}\" font-weight=\"bold\">Secteurs</text>"
    );
    // Down each column, in the workers' order.
    for (i, (colour, label, id)) in entries.iter().enumerate() {
        let (x, y) = (x0 + col_w * (i / rows) as f64, heading_y + ROW_H * ((i % rows) as f64 + 1.0));
        let _ = write!(
            s,
            "<g data-worker=\"{}\" transform=\"translate({x:.1},{y:.0})\"><rect x=\"2\" y=\"-9\" width=\"12\" \
             height=\"12\" fill=\"{colour}\"/><text x=\"{PATCH_W:.0}\" y=\"1\">{}</text></g>",
            esc(id),
            esc(label)
        );
    }
    s.push_str("</g>");
    (s, height)
}

/// The symbols, beside the map, above [`SECTORS_TOP`].
fn symbols() -> String {
    let mut s = format!("<g class=\"legende\" transform=\"translate({BESIDE_X:.0},0)\">");
    let mut y = 24.0;
    let _ = write!(s, "<text x=\"0\" y=\"{y:.0}\" font-weight=\"bold\">Légende</text>");
    y += 22.0;
    let items: [(&str, &str); 6] = [
        ("<circle cx=\"8\" cy=\"0\" r=\"6\" fill=\"#4e79a7\" stroke=\"#333\"/>", "servi (couleur du secteur)"),
        ("<circle cx=\"8\" cy=\"0\" r=\"6\" fill=\"#fff\" stroke=\"#555\" stroke-width=\"1.5\"/>", "non servi"),
        (
            "<circle cx=\"8\" cy=\"0\" r=\"6\" fill=\"#fff\" stroke=\"#c0392b\" stroke-width=\"2\"/>",
            "non servi, couverture obligatoire",
        ),
        (
            "<circle cx=\"8\" cy=\"0\" r=\"5\" fill=\"#bbb\"/><circle cx=\"8\" cy=\"0\" r=\"8\" fill=\"none\" stroke=\"#111\" stroke-width=\"2\"/>",
            "REP+ (anneau plein), REP (pointillé)",
        ),
        ("<rect x=\"3.5\" y=\"-4.5\" width=\"9\" height=\"9\" fill=\"#4e79a7\" stroke=\"#000\"/>", "résidence administrative"),
        ("<line x1=\"0\" y1=\"0\" x2=\"16\" y2=\"0\" stroke=\"#4e79a7\" stroke-width=\"1.5\"/>", "trajet résidence → établissement"),
    ];
    for (symbol, label) in items {
        let _ =
            write!(s, "<g transform=\"translate(0,{y:.0})\">{symbol}<text x=\"24\" y=\"4\">{}</text></g>", esc(label));
        y += 20.0;
    }
    let _ = write!(s, "<text x=\"0\" y=\"{y:.0}\" fill=\"#555\">Surface des disques ∝ élèves comptés</text></g>");
    s
}
