//! The breadth–depth frontier chart (SVG): establishments served (x) against the share of the
//! need covered, priority-weighted (y; the plain share hardly moves when the budget is spent), weekly km as the disc's area, the plan marked; and the report's
//! `#frontiere` section around it. Absent when the plan carries no frontier.

use super::esc;
use crate::frformat::{decimal, percent, readable};
use sectoria_core::frontier::Frontier;
use sectoria_core::Plan;
use std::fmt::Write as _;

const W: f64 = 640.0;
const H: f64 = 400.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 52.0;

fn span(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let lo = values.clone().fold(f64::INFINITY, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(0.5);
    (lo - pad, hi + pad)
}

/// Whole numbers of establishments between `lo` and `hi`, five at most, at a round step (the
/// axis counts establishments: « 4,75 » of them means nothing).
fn count_ticks(lo: f64, hi: f64) -> Vec<usize> {
    let (first, last) = (lo.max(0.0).ceil() as usize, hi.max(0.0).floor() as usize);
    if last < first {
        return Vec::new();
    }
    // A round step (1, 2, 5, 10, 20, 50…) giving at most five ticks.
    let raw = (last - first).div_ceil(4).max(1);
    let step = [1, 2, 5]
        .iter()
        .flat_map(|&m| (0..6).map(move |e| m * 10usize.pow(e)))
        .filter(|&s| s >= raw)
        .min()
        .unwrap_or(raw);
    (first.div_ceil(step) * step..=last).step_by(step).collect()
}

/// The chart as a standalone SVG document.
pub fn frontier_svg(f: &Frontier) -> String {
    let (x0, x1) = span(f.points.iter().map(|p| p.establishments_served as f64));
    let (y0, y1) = span(f.points.iter().map(|p| 100.0 * p.weighted_need_covered));
    let (y0, y1) = (y0.max(0.0), y1.min(100.0).max(y0 + 1.0));
    let km_max = f.points.iter().map(|p| p.km_total).fold(1.0, f64::max);
    let x = |v: f64| LEFT + (v - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    let y = |v: f64| H - BOTTOM - (v - y0) / (y1 - y0) * (H - TOP - BOTTOM);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"frontiere-svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" \
         role=\"img\" aria-label=\"Frontière largeur–profondeur\" font-family=\"sans-serif\" font-size=\"12\">\
         <rect width=\"{W}\" height=\"{H}\" fill=\"#fff\"/>"
    );
    // Axes and ticks.
    let _ = write!(
        s,
        "<line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#333\"/><line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b}\" stroke=\"#333\"/>",
        b = H - BOTTOM,
        r = W - RIGHT
    );
    for vx in count_ticks(x0, x1) {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{vx}</text>",
            x(vx as f64),
            H - BOTTOM + 16.0
        );
    }
    // As many decimals as the ticks' step needs to tell them apart (a frontier within one
    // point of need covered printed « 99 % » five times).
    let step = (y1 - y0) / 4.0;
    let decimals = if step >= 1.0 { 0 } else { ((-step.log10()).ceil() as usize).min(2) };
    for t in 0..=4 {
        let vy = y0 + step * f64::from(t);
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{} %</text>",
            LEFT - 6.0,
            y(vy) + 4.0,
            decimal(vy, decimals)
        );
    }
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">Établissements servis</text>\
         <text transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">Part du besoin couverte (pondérée par la priorité)</text>",
        (LEFT + W - RIGHT) / 2.0,
        H - 12.0,
        (TOP + H - BOTTOM) / 2.0
    );
    let path: Vec<String> = f
        .points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.establishments_served as f64), y(100.0 * p.weighted_need_covered)))
        .collect();
    let _ = write!(s, "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>", path.join(" "));
    for p in &f.points {
        let r = 4.0 + 8.0 * (p.km_total / km_max).sqrt();
        let (cx, cy) = (x(p.establishments_served as f64), y(100.0 * p.weighted_need_covered));
        let _ = write!(
            s,
            "<circle class=\"point{}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r:.1}\" fill=\"{}\" fill-opacity=\"0.7\" stroke=\"#123\">\
             <title>{} établissements servis, {} du besoin pondéré couvert, objectif {}, {} km par semaine</title></circle>",
            if p.is_plan { " plan" } else { "" },
            if p.is_plan { "#d9480f" } else { "#1f5fa8" },
            p.establishments_served,
            percent(p.weighted_need_covered),
            readable(p.objective, 1),
            readable(p.km_total, 0)
        );
        if p.is_plan {
            let _ =
                write!(s, "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#d9480f\">plan retenu</text>", cx + r + 4.0, cy - 4.0);
        }
    }
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#555\">surface des disques : km par semaine</text></svg>",
        W - RIGHT,
        TOP - 6.0
    );
    s
}

/// Appends the `#frontiere` section to `out` (nothing when the plan has no frontier).
pub fn section(out: &mut String, plan: &Plan) {
    let Some(f) = &plan.frontier else { return };
    out.push_str("<section id=\"frontiere\"><h2>Frontière largeur–profondeur</h2>");
    let _ = write!(
        out,
        "<p class=\"note\">Plans non dominés entre « le plus d'établissements possible à la présence minimale » et l'optimum ({}).</p>",
        esc(&f.method)
    );
    out.push_str(&frontier_svg(f));
    if let Some((tolerance, _)) = crate::frontier_csv::plan_tolerance(f) {
        let _ = write!(
            out,
            "<p class=\"note\">Tolérance du plan retenu : {} {} d'objectif (borne − objectif). Un plan de la frontière \
             dont l'objectif est en dessous de celui du plan retenu de moins que cela est « dans la tolérance » : le \
             solveur n'a pas prouvé que le plan retenu est meilleur. Le coût par établissement en plus est en points \
             d'objectif, depuis la ligne précédente.</p>",
            readable(tolerance, 1),
            sectoria_core::french::point_noun(tolerance, 1)
        );
    }
    out.push_str(
        "<table id=\"table-frontiere\"><thead><tr><th>Établissements servis</th><th>Objectif</th>\
         <th>Coût par établissement en plus (points)</th><th>Dans la tolérance du plan retenu</th><th>Besoin couvert</th>\
         <th>Besoin pondéré couvert</th><th>km par semaine</th><th>Vérifié</th></tr></thead><tbody>",
    );
    let mut previous: Option<(usize, f64)> = None;
    for p in &f.points {
        let slope = previous.map_or_else(
            || "—".to_string(),
            |(n, z)| decimal((z - p.objective) / (p.establishments_served - n).max(1) as f64, 1),
        );
        previous = Some((p.establishments_served, p.objective));
        let _ = write!(
            out,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if p.is_plan { " class=\"plan\"" } else { "" },
            p.establishments_served,
            readable(p.objective, 1),
            slope,
            match crate::frontier_csv::within_tolerance(f, p) {
                Some(true) => "oui",
                Some(false) => "non",
                None => "—",
            },
            percent(p.need_covered),
            percent(p.weighted_need_covered),
            readable(p.km_total, 0),
            if p.checked { "oui" } else { "non" }
        );
    }
    out.push_str("</tbody></table></section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_whole_establishments_and_distinct_percentages() {
        assert_eq!(count_ticks(4.5, 5.5), vec![5]);
        assert_eq!(count_ticks(54.2, 71.8), vec![55, 60, 65, 70]);
        assert_eq!(count_ticks(0.0, 3.0), vec![0, 1, 2, 3]);
        let point = |served: usize, need: f64| sectoria_core::frontier::FrontierPoint {
            bonus_per_establishment: 0.0,
            establishments_served: served,
            objective: 0.0,
            bound_with_bonus: 0.0,
            relative_gap: 0.0,
            need_covered: need,
            weighted_need_covered: need,
            km_total: 10.0,
            service_value: 0.0,
            checked: true,
            is_plan: served == 5,
        };
        let f = Frontier { method: String::new(), points: vec![point(5, 0.986)] };
        let svg = frontier_svg(&f);
        let labels: Vec<&str> = svg.split("text-anchor=\"end\">").skip(1).filter_map(|t| t.split('<').next()).collect();
        let distinct: std::collections::BTreeSet<&&str> = labels.iter().collect();
        assert_eq!((labels.len(), distinct.len()), (5, 5), "{labels:?}");
    }
}
