//! The breadth–depth frontier chart (SVG): establishments served (x) against the share of the
//! need covered, priority-weighted (y; the plain share hardly moves when the budget is spent);
//! each point labelled, where there is room, with its count, its objective and its weekly km
//! (the plan retained first; a label closer to its own point than to any other, off the line
//! where it can be);
//! the plan retained and the rule of thumb marked apart, with a legend; and the report's
//! `#frontiere` section around it. Absent when the plan carries no frontier.
//!
//! The vertical axis starts at a round value below the lowest point, not at 0, and spans ten
//! points at least: a frontier spread over 3 points of need would otherwise fill the chart and
//! read as a collapse. The axis is then drawn cut (a zigzag at its foot) and its start is said
//! in words under the chart, with what « non dominé » means, when the rule of thumb beats
//! the plan on both axes drawn, what it loses elsewhere ([`notes`]), and, for each frontier
//! point with more establishments, more weighted need and fewer km than the plan, what the plan
//! gains over it term by term ([`crate::frontier_csv::plan_gains_over_beating_points`]).

mod notes;

use super::esc;
use crate::frformat::{decimal, percent, readable};
use sectoria_core::frontier::Frontier;
use sectoria_core::plan::BaselineReport;
use sectoria_core::Plan;
use std::fmt::Write as _;

const W: f64 = 720.0;
const H: f64 = 480.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 64.0;
const BOTTOM: f64 = 72.0;
/// The notes under the chart, at the labels' size: characters per line at most (the plot's
/// width at [`CHAR_W`]), line height (px).
const NOTE_CHARS: usize = 112;
const NOTE_LINE: f64 = 15.0;
/// The vertical axis spans at least this many points of need covered.
const MIN_Y_SPAN: f64 = 10.0;
const PLAN_COLOUR: &str = "#d9480f";
const POINT_COLOUR: &str = "#1f5fa8";
const RULE_COLOUR: &str = "#2b8a3e";
/// Label text: font size and line height, px; a character's mean width.
const LABEL_SIZE: f64 = 11.0;
const LINE: f64 = 13.0;
const CHAR_W: f64 = 6.0;

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

/// The vertical axis (% of the need covered) for points between `lo` and `hi`: its start, end
/// and step, the start and end multiples of the step (at most five steps), [`MIN_Y_SPAN`] points
/// apart at least, within 0–100; widened downwards first, so that the top stays near the best
/// point.
fn percent_axis(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = ((lo - 0.5).max(0.0), (hi + 0.5).min(100.0));
    let step = [0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0]
        .into_iter()
        .find(|s| (hi - lo).max(MIN_Y_SPAN) / s <= 5.0 + 1e-9)
        .unwrap_or(25.0);
    let (mut y0, mut y1) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    while y1 - y0 < MIN_Y_SPAN - 1e-9 {
        if y0 - step >= -1e-9 {
            y0 -= step;
        } else {
            y1 += step;
        }
    }
    (y0.max(0.0), y1.min(100.0), step)
}

/// A point of the chart: where, how it is drawn, its label and its tooltip.
struct Mark {
    served: usize,
    weighted: f64,
    objective: f64,
    km: f64,
    kind: MarkKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Plan,
    Other,
    Rule,
}

impl Mark {
    fn label(&self) -> [String; 3] {
        let first = match self.kind {
            MarkKind::Plan => format!("plan retenu : {} servis", self.served),
            MarkKind::Rule => format!("règle usuelle : {} servis", self.served),
            MarkKind::Other => format!("{} servis", self.served),
        };
        [first, format!("objectif {}", readable(self.objective, 0)), format!("{} km/semaine", readable(self.km, 0))]
    }

    fn colour(&self) -> &'static str {
        match self.kind {
            MarkKind::Plan => PLAN_COLOUR,
            MarkKind::Other => POINT_COLOUR,
            MarkKind::Rule => RULE_COLOUR,
        }
    }
}

/// A rectangle (x, y, width, height).
type Rect = (f64, f64, f64, f64);

/// Whether `a` and `b` come closer than `gap` pixels (they overlap when `gap` is 0).
fn overlaps(a: Rect, b: Rect, gap: f64) -> bool {
    a.0 < b.0 + b.2 + gap && b.0 < a.0 + a.2 + gap && a.1 < b.1 + b.3 + gap && b.1 < a.1 + a.3 + gap
}

/// Space kept between two labels, px: two blocks of text that touch read as one.
const LABEL_GAP: f64 = 6.0;

/// Top of the space labels may take: under the legend, above the plot if need be.
const LABELS_TOP: f64 = 46.0;

/// What a label must keep clear of: the labels placed, the markers (boxes around them), the
/// points' centres, the plan retained's among them, and the frontier's line.
struct Room<'a> {
    taken: &'a [Rect],
    markers: &'a [Rect],
    centres: &'a [(f64, f64)],
    plan: Option<usize>,
    curve: &'a [(f64, f64)],
}

/// How much nearer its own point than any other a label must be, px; than the plan retained,
/// [`PLAN_CLEARANCE`]: the label beside the plan's point is read as the plan's (session 49).
const CLEARANCE: f64 = 1.0;
const PLAN_CLEARANCE: f64 = 12.0;

/// Distance from `r` to the point `p`, px (0 inside).
fn distance(r: Rect, p: (f64, f64)) -> f64 {
    let dx = (r.0 - p.0).max(p.0 - r.0 - r.2).max(0.0);
    let dy = (r.1 - p.1).max(p.1 - r.1 - r.3).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

/// Whether the segment `a`–`b` crosses the rectangle `r` (Liang–Barsky clipping).
fn crosses(r: Rect, a: (f64, f64), b: (f64, f64)) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - r.0), (dx, r.0 + r.2 - a.0), (-dy, a.1 - r.1), (dy, r.1 + r.3 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
            continue;
        }
        let t = q / p;
        if p < 0.0 {
            t0 = t0.max(t);
        } else {
            t1 = t1.min(t);
        }
        if t0 > t1 {
            return false;
        }
    }
    true
}

/// Where the label of point `own` (its centre in `room.centres`) goes, and how far from it:
/// the first of the places around it, nearest first, slid into the chart, that keeps
/// [`LABEL_GAP`] from the labels placed, overlaps no marker, is closer to its own point than to
/// any other (a reader ties a label to the nearest point; [`CLEARANCE`]) and, unless `cross`, is
/// not crossed
/// by the frontier's line; `None` when there is no room (the marker's tooltip still says it all).
fn place(own: usize, w: f64, h: f64, room: &Room<'_>, cross: bool) -> Option<(Rect, f64)> {
    const SIDES: [(i8, i8); 8] = [(1, -1), (1, 1), (-1, -1), (-1, 1), (0, -1), (0, 1), (1, 0), (-1, 0)];
    let (cx, cy) = room.centres[own];
    [9.0, 24.0, 40.0, 60.0]
        .into_iter()
        .flat_map(|d| SIDES.into_iter().map(move |side| (d, side)))
        .map(|(d, (sx, sy))| {
            let x = match sx {
                1 => cx + d,
                -1 => cx - d - w,
                _ => cx - w / 2.0,
            };
            let y = match sy {
                1 => cy + d,
                -1 => cy - d - h,
                _ => cy - h / 2.0,
            };
            // Slid into the chart: a point at its edge keeps the places above and below it.
            let (x, y) = (x.min(W - 4.0 - w).max(LEFT + 2.0), y.min(H - BOTTOM - h).max(LABELS_TOP));
            ((x, y, w, h), d)
        })
        .find(|&(r, _)| {
            let near = distance(r, (cx, cy));
            r.0 + r.2 <= W - 4.0
                && r.1 + r.3 <= H - BOTTOM
                && !room.taken.iter().any(|&t| overlaps(r, t, LABEL_GAP))
                && !room.markers.iter().any(|&t| overlaps(r, t, 0.0))
                && room.centres.iter().enumerate().all(|(k, &c)| {
                    let clearance = if Some(k) == room.plan { PLAN_CLEARANCE } else { CLEARANCE };
                    k == own || distance(r, c) > near + clearance
                })
                && (cross || !room.curve.windows(2).any(|s| crosses(r, s[0], s[1])))
        })
}

/// The chart as a standalone SVG document, without the rule of thumb's point
/// ([`frontier_chart`] places it).
pub fn frontier_svg(f: &Frontier) -> String {
    frontier_chart(f, None)
}

/// The chart as a standalone SVG document, with the rule of thumb's point (`rule`: its figures,
/// those of the plan the frontier was traced around) marked apart when given.
pub fn frontier_chart(f: &Frontier, rule: Option<&BaselineReport>) -> String {
    let mut marks: Vec<Mark> = f
        .points
        .iter()
        .map(|p| Mark {
            served: p.establishments_served,
            weighted: 100.0 * p.weighted_need_covered,
            objective: p.objective,
            km: p.km_total,
            kind: if p.is_plan { MarkKind::Plan } else { MarkKind::Other },
        })
        .collect();
    let frontier_len = marks.len();
    if let Some(r) = rule {
        marks.push(Mark {
            served: r.kpis.establishments_served,
            weighted: 100.0 * r.kpis.need_covered_weighted,
            objective: r.objective.total,
            km: r.kpis.km_total,
            kind: MarkKind::Rule,
        });
    }
    let (x0, x1) = span(marks.iter().map(|m| m.served as f64));
    let lo = marks.iter().map(|m| m.weighted).fold(f64::INFINITY, f64::min);
    let hi = marks.iter().map(|m| m.weighted).fold(f64::NEG_INFINITY, f64::max);
    let (y0, y1, y_step) = if lo.is_finite() { percent_axis(lo, hi) } else { (0.0, 100.0, 20.0) };
    let x = |v: f64| LEFT + (v - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    let y = |v: f64| H - BOTTOM - (v - y0) / (y1 - y0) * (H - TOP - BOTTOM);
    let cut = y0 > 0.0;
    let decimals = if (y_step - y_step.round()).abs() < 1e-9 { 0 } else { 1 };
    // Under the plot: the axis's cut, what « non dominé » means, what the rule of thumb loses.
    let mut said: Vec<(&str, String)> = Vec::new();
    if cut {
        said.push(("note-axe", format!("Axe vertical coupé : il commence à {} %, pas à 0 %.", decimal(y0, decimals))));
    }
    said.push(("note-frontiere", notes::NON_DOMINATED.to_string()));
    let figures =
        |m: &Mark| notes::Figures { served: m.served, weighted: m.weighted, objective: m.objective, km: m.km };
    let plan_mark = marks.iter().find(|m| m.kind == MarkKind::Plan);
    let rule_mark = marks.iter().find(|m| m.kind == MarkKind::Rule);
    if let (Some(p), Some(m), Some(r)) = (plan_mark, rule_mark, rule) {
        said.extend(notes::rule_beats_plan_on_the_axes(figures(p), figures(m), r).map(|t| ("note-regle", t)));
    }
    // What the plan retained gains over the frontier points that look better on every figure drawn.
    said.extend(crate::frontier_csv::plan_gains_over_beating_points(f).into_iter().map(|t| ("note-depasse", t)));
    let lines: Vec<(&str, String)> = said
        .iter()
        .flat_map(|(class, text)| notes::wrapped(text, NOTE_CHARS).into_iter().map(move |l| (*class, l)))
        .collect();
    // The notes' lines below the plot make the chart taller.
    let height = H + NOTE_LINE * (lines.len().max(1) - 1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"frontiere-svg\" viewBox=\"0 0 {W} {height}\" width=\"{W}\" \
         height=\"{height}\" role=\"img\" aria-label=\"Frontière largeur–profondeur\" font-family=\"sans-serif\" \
         font-size=\"12\"><rect width=\"{W}\" height=\"{height}\" fill=\"#fff\"/>"
    );
    // Axes; a vertical axis that does not start at 0 is drawn cut at its foot.
    let (b, r) = (H - BOTTOM, W - RIGHT);
    let _ = write!(s, "<line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#333\"/>");
    if cut {
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{:.1}\" stroke=\"#333\"/>\
             <path class=\"axe-coupe\" d=\"M{LEFT} {:.1} l-5 3 l10 4 l-10 4 l5 3\" fill=\"none\" stroke=\"#333\"/>",
            b - 14.0,
            b - 14.0
        );
    } else {
        let _ = write!(s, "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b}\" stroke=\"#333\"/>");
    }
    for vx in count_ticks(x0, x1) {
        let _ = write!(s, "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{vx}</text>", x(vx as f64), b + 16.0);
    }
    // Ticks at the axis's round step, light grid lines across the plot.
    let mut vy = y0;
    while vy <= y1 + 1e-9 {
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{r}\" y2=\"{yy:.1}\" stroke=\"#e5e5e5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{} %</text>",
            LEFT - 6.0,
            y(vy) + 4.0,
            decimal(vy, decimals),
            yy = y(vy)
        );
        vy += y_step;
    }
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">Établissements servis</text>\
         <text transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">Part du besoin couverte (pondérée par la priorité)</text>",
        (LEFT + W - RIGHT) / 2.0,
        b + 34.0,
        (TOP + H - BOTTOM) / 2.0
    );
    // The notes, under the plot.
    for (n, (class, line)) in lines.iter().enumerate() {
        let _ = write!(
            s,
            "<text class=\"{class}\" x=\"{LEFT}\" y=\"{:.1}\" font-size=\"{LABEL_SIZE}\" fill=\"#555\">{}</text>",
            H - 8.0 + NOTE_LINE * n as f64,
            esc(line)
        );
    }
    // The frontier's line, then its points, the rule of thumb's on top.
    let path: Vec<String> =
        marks[..frontier_len].iter().map(|m| format!("{:.1},{:.1}", x(m.served as f64), y(m.weighted))).collect();
    let _ = write!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{POINT_COLOUR}\" stroke-width=\"2\"/>",
        path.join(" ")
    );
    let radius = |m: &Mark| if m.kind == MarkKind::Other { 5.0 } else { 7.0 };
    for m in &marks {
        let (cx, cy) = (x(m.served as f64), y(m.weighted));
        let title = format!(
            "{}{} établissements servis, {} du besoin pondéré couvert, objectif {}, {} km par semaine",
            match m.kind {
                MarkKind::Plan => "Plan retenu : ",
                MarkKind::Rule => "Règle usuelle : ",
                MarkKind::Other => "",
            },
            m.served,
            percent(m.weighted / 100.0),
            readable(m.objective, 1),
            readable(m.km, 0)
        );
        match m.kind {
            MarkKind::Rule => {
                let d = radius(m) + 1.0;
                let _ = write!(
                    s,
                    "<path class=\"point regle\" d=\"M{cx:.1} {:.1} L{:.1} {cy:.1} L{cx:.1} {:.1} L{:.1} {cy:.1} Z\" fill=\"{}\" \
                     stroke=\"#123\"><title>{}</title></path>",
                    cy - d,
                    cx + d,
                    cy + d,
                    cx - d,
                    m.colour(),
                    esc(&title)
                );
            }
            kind => {
                let _ = write!(
                    s,
                    "<circle class=\"point{}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{:.1}\" fill=\"{}\" stroke=\"#123\"><title>{}</title></circle>",
                    if kind == MarkKind::Plan { " plan" } else { "" },
                    radius(m),
                    m.colour(),
                    esc(&title)
                );
            }
        }
    }
    // Labels where there is room: the plan's first, then the others from the broadest (the
    // frontier's far end, the plan's opposite). The rule of thumb's figures are in the legend.
    let markers: Vec<Rect> = marks
        .iter()
        .map(|m| {
            let d = radius(m) + 2.0;
            (x(m.served as f64) - d, y(m.weighted) - d, 2.0 * d, 2.0 * d)
        })
        .collect();
    let centres: Vec<(f64, f64)> = marks.iter().map(|m| (x(m.served as f64), y(m.weighted))).collect();
    let curve = &centres[..frontier_len];
    let mut order: Vec<usize> = (0..marks.len()).filter(|&k| marks[k].kind != MarkKind::Rule).collect();
    order.sort_by_key(|&k| (marks[k].kind != MarkKind::Plan, std::cmp::Reverse(marks[k].served)));
    let mut taken: Vec<Rect> = Vec::new();
    for k in order {
        let m = &marks[k];
        let lines = m.label();
        let w = lines.iter().map(|l| l.chars().count() as f64).fold(0.0, f64::max) * CHAR_W;
        let h = LINE * lines.len() as f64;
        let (cx, cy) = centres[k];
        let plan = marks.iter().position(|m| m.kind == MarkKind::Plan);
        let room = Room { taken: &taken, markers: &markers, centres: &centres, plan, curve };
        // Off the line where it can be; the plan's label crossed by it rather than none.
        let found = place(k, w, h, &room, false)
            .or_else(|| (m.kind == MarkKind::Plan).then(|| place(k, w, h, &room, true)).flatten());
        let Some((at, _)) = found else { continue };
        taken.push(at);
        // Each label tied to its point by a thin line: two points close together keep theirs.
        // It starts at the marker's edge.
        let (tx, ty) = (cx.clamp(at.0, at.0 + at.2), cy.clamp(at.1, at.1 + at.3));
        let (dx, dy) = (tx - cx, ty - cy);
        let (length, r) = ((dx * dx + dy * dy).sqrt(), radius(m) + 1.0);
        if length > r + 1.0 {
            let (sx, sy) = (cx + dx * r / length, cy + dy * r / length);
            let _ = write!(
                s,
                "<line class=\"renvoi\" x1=\"{sx:.1}\" y1=\"{sy:.1}\" x2=\"{tx:.1}\" y2=\"{ty:.1}\" stroke=\"#888\"/>"
            );
        }
        let _ = write!(
            s,
            "<text class=\"etiquette\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{LABEL_SIZE}\" fill=\"{}\" stroke=\"#fff\" \
             stroke-width=\"3\" paint-order=\"stroke\">",
            at.0,
            at.1 + LINE - 3.0,
            if m.kind == MarkKind::Other { "#333" } else { m.colour() }
        );
        for (i, l) in lines.iter().enumerate() {
            let _ = write!(s, "<tspan x=\"{:.1}\" dy=\"{}\">{}</tspan>", at.0, if i == 0 { 0.0 } else { LINE }, esc(l));
        }
        s.push_str("</text>");
    }
    // Legend, above the plot: each symbol drawn at (`c`, `ly`), its text after it; the rule of
    // thumb on a second line.
    let diamond = |c: f64, ly: f64| {
        format!(
            "<path d=\"M{c:.1} {:.1} L{:.1} {ly} L{c:.1} {:.1} L{:.1} {ly} Z\" fill=\"{RULE_COLOUR}\" stroke=\"#123\"/>",
            ly - 7.0,
            c + 7.0,
            ly + 7.0,
            c - 7.0
        )
    };
    let circle = |colour: &'static str, r: f64| {
        // A disc drawn as a path: the chart's `<circle>`s are its points only.
        move |c: f64, ly: f64| {
            format!(
                "<path d=\"M{:.1} {ly} a{r} {r} 0 1 0 {d} 0 a{r} {r} 0 1 0 -{d} 0\" fill=\"{colour}\" stroke=\"#123\"/>",
                c - r,
                d = 2.0 * r
            )
        }
    };
    type Symbol = Box<dyn Fn(f64, f64) -> String>;
    let mut entries: Vec<(Symbol, String)> = vec![
        (Box::new(circle(PLAN_COLOUR, 6.0)), "plan retenu".to_string()),
        (Box::new(circle(POINT_COLOUR, 5.0)), "autres plans de la frontière".to_string()),
    ];
    // The rule of thumb's figures with its symbol: always read, wherever its point falls.
    if let Some(m) = marks.iter().find(|m| m.kind == MarkKind::Rule) {
        let [_, objective, km] = m.label();
        entries.push((Box::new(diamond), format!("règle usuelle : {} servis, {objective}, {km}", m.served)));
    }
    let (mut lx, mut ly) = (LEFT, 16.0);
    for (n, (symbol, text)) in entries.into_iter().enumerate() {
        if n == 2 {
            (lx, ly) = (LEFT, 36.0);
        }
        let _ = write!(
            s,
            "<g class=\"legende\">{}<text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            symbol(lx + 7.0, ly),
            lx + 18.0,
            ly + 4.0,
            esc(&text)
        );
        lx += 18.0 + text.chars().count() as f64 * 6.4 + 22.0;
    }
    s.push_str("</svg>");
    s
}

/// Appends the `#frontiere` section to `out` (nothing when the plan has no frontier).
pub fn section(out: &mut String, plan: &Plan) {
    let Some(f) = &plan.frontier else { return };
    out.push_str("<section id=\"frontiere\"><h2>Frontière largeur–profondeur</h2>");
    let _ = write!(
        out,
        "<p class=\"note\">Plans non dominés pour (établissements servis, objectif) — à la tolérance du solveur près, aucun plan ne sert \
         autant d'établissements avec un meilleur objectif, mais un point peut être dépassé sur les deux axes du graphique — \
         entre « le plus d'établissements possible à la présence minimale » et l'optimum ({}).</p>",
        super::prose(&f.method)
    );
    out.push_str(&frontier_chart(f, Some(&plan.baseline)));
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

    fn point(served: usize, need: f64, km: f64) -> sectoria_core::frontier::FrontierPoint {
        sectoria_core::frontier::FrontierPoint {
            bonus_per_establishment: 0.0,
            establishments_served: served,
            objective: 34_000.0 - 10.0 * served as f64,
            bound_with_bonus: 0.0,
            relative_gap: 0.0,
            need_covered: need,
            weighted_need_covered: need,
            km_total: km,
            service_value: 0.0,
            costs: None,
            checked: true,
            is_plan: served == 97,
        }
    }

    /// The percentages of the vertical axis as drawn.
    fn y_labels(svg: &str) -> Vec<String> {
        svg.split("text-anchor=\"end\">").skip(1).filter_map(|t| t.split('<').next()).map(str::to_string).collect()
    }

    #[test]
    fn ticks_are_whole_establishments_and_distinct_percentages() {
        assert_eq!(count_ticks(4.5, 5.5), vec![5]);
        assert_eq!(count_ticks(54.2, 71.8), vec![55, 60, 65, 70]);
        assert_eq!(count_ticks(0.0, 3.0), vec![0, 1, 2, 3]);
        let f = Frontier { method: String::new(), points: vec![point(5, 0.986, 10.0)] };
        let labels = y_labels(&frontier_svg(&f));
        let distinct: std::collections::BTreeSet<&String> = labels.iter().collect();
        assert!(labels.len() >= 3 && distinct.len() == labels.len(), "{labels:?}");
    }

    /// The tester's Aveyron frontier (session 49, `a012`): the plan retained serves 24, the
    /// next point 25 a little above it; the rule of thumb 31.
    fn aveyron_frontier() -> (Frontier, BaselineReport) {
        let rows = [
            (24, 10_521.5, 0.6484, 794.9),
            (25, 10_521.0, 0.6499, 943.2),
            (26, 10_454.3, 0.6427, 1019.4),
            (27, 10_372.0, 0.6251, 1102.5),
            (28, 10_281.0, 0.6200, 1116.5),
            (29, 10_185.2, 0.6104, 1282.5),
            (30, 10_017.4, 0.6128, 1286.6),
            (31, 9_847.0, 0.6013, 1416.2),
            (32, 9_613.1, 0.5861, 1759.3),
            (33, 9_299.8, 0.5715, 1861.1),
        ];
        let points = rows
            .iter()
            .map(|&(served, objective, weighted, km)| sectoria_core::frontier::FrontierPoint {
                objective,
                weighted_need_covered: weighted,
                km_total: km,
                is_plan: served == 24,
                ..point(served, weighted, km)
            })
            .collect();
        let mut rule = sectoria_core::test_support::small_plan().baseline;
        rule.kpis.establishments_served = 31;
        rule.kpis.need_covered_weighted = 0.5667;
        rule.kpis.km_total = 1892.2;
        rule.objective.total = 9225.6;
        (Frontier { method: String::new(), points }, rule)
    }

    /// The labels of `svg`: (first line, box), as drawn (the first line's baseline is
    /// `LINE - 3` under the box's top).
    fn label_boxes(svg: &str) -> Vec<(String, Rect)> {
        svg.split("class=\"etiquette\" x=\"")
            .skip(1)
            .map(|t| {
                let number = |v: &str| v.split('"').next().and_then(|v| v.parse::<f64>().ok()).expect("number");
                let x = number(t);
                let y = number(t.split("y=\"").nth(1).expect("y")) - LINE + 3.0;
                let body = t.split("</text>").next().expect("text");
                let lines: Vec<String> = body
                    .split("</tspan>")
                    .filter_map(|l| l.rsplit_once('>').map(|(_, l)| l.to_string()))
                    .filter(|l| !l.is_empty())
                    .collect();
                let w = lines.iter().map(|l| l.chars().count() as f64).fold(0.0, f64::max) * CHAR_W;
                (lines[0].clone(), (x, y, w, LINE * lines.len() as f64))
            })
            .collect()
    }

    /// The points' centres of `svg`: the circles', then the rule of thumb's diamond's.
    fn centres(svg: &str) -> Vec<(f64, f64)> {
        let number = |t: &str, key: &str| -> f64 {
            t.split(key).nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse().ok()).expect("number")
        };
        let mut out: Vec<(f64, f64)> =
            svg.split("<circle ").skip(1).map(|t| (number(t, "cx=\""), number(t, "cy=\""))).collect();
        if let Some(t) = svg.split("class=\"point regle\" d=\"M").nth(1) {
            let (x, rest) = t.split_once(' ').expect("x");
            let top: f64 = rest.split(' ').next().and_then(|v| v.parse().ok()).expect("y");
            out.push((x.parse().expect("x"), top + 8.0));
        }
        out
    }

    /// Session 49: the plan retained (24 served) had no label, and the label beside it was the
    /// next point's (« 25 servis »); some labels were crossed by the line. The plan's label is
    /// there, each label is nearer its own point than any other, and none is crossed by the line.
    #[test]
    fn the_plan_has_its_own_label_and_no_label_sits_nearer_another_point() {
        let (f, rule) = aveyron_frontier();
        let svg = frontier_chart(&f, Some(&rule));
        let boxes = label_boxes(&svg);
        assert!(boxes.iter().any(|(first, _)| first == "plan retenu : 24 servis"), "{svg}");
        assert!(
            svg.contains(">plan retenu : 24 servis</tspan><tspan x=\"66.0\" dy=\"13\">objectif 10\u{202f}522</tspan>"),
            "{svg}"
        );
        let centres = centres(&svg);
        assert_eq!(centres.len(), 11, "ten points and the rule of thumb");
        for (first, r) in &boxes {
            let served: usize = first
                .trim_start_matches("plan retenu : ")
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("count");
            // Its point: the frontier's points are drawn in order from 24.
            let own = centres[served - 24];
            let near = distance(*r, own);
            for (k, c) in centres.iter().enumerate() {
                if k != served - 24 {
                    assert!(distance(*r, *c) > near, "« {first} » is as near point {k} as its own: {svg}");
                }
            }
            let curve = &centres[..10];
            assert!(!curve.windows(2).any(|s| crosses(*r, s[0], s[1])), "« {first} » crossed by the line: {svg}");
        }
    }

    /// The demo's frontier: 97 to 117 establishments served, 50,9 % to 47,5 % of the weighted
    /// need covered, 3 379 to 3 913 km (`/tmp/s46/cli/fr_demo`).
    fn demo_frontier() -> Frontier {
        Frontier {
            method: String::new(),
            points: vec![
                point(97, 0.5088, 3378.8),
                point(102, 0.5038, 3704.9),
                point(108, 0.4943, 3765.9),
                point(112, 0.4865, 3912.8),
                point(117, 0.4754, 3871.5),
            ],
        }
    }

    /// A spread of 3 points of need covered does not fill the chart's height: the axis spans
    /// ten points from a round value, and says that it is cut.
    #[test]
    fn a_small_spread_is_drawn_on_a_cut_axis_of_ten_points_at_least() {
        assert_eq!(percent_axis(47.54, 50.88), (42.0, 52.0, 2.0));
        assert_eq!(percent_axis(2.0, 4.0), (0.0, 10.0, 2.0));
        assert_eq!(percent_axis(96.0, 99.5), (90.0, 100.0, 2.0));
        assert_eq!(percent_axis(20.0, 80.0), (0.0, 100.0, 20.0));
        assert_eq!(percent_axis(60.2, 61.0), (52.0, 62.0, 2.0));
        let svg = frontier_svg(&demo_frontier());
        assert_eq!(y_labels(&svg), ["42 %", "44 %", "46 %", "48 %", "50 %", "52 %"]);
        assert!(svg.contains("class=\"axe-coupe\""));
        assert!(svg.contains("Axe vertical coupé : il commence à 42 %, pas à 0 %."), "{svg}");
        // From 0: not cut.
        let low = Frontier { method: String::new(), points: vec![point(5, 0.03, 10.0)] };
        let svg = frontier_svg(&low);
        assert!(!svg.contains("axe-coupe") && !svg.contains("coupé"));
    }

    /// The tester's 031 frontier: the rule of thumb above and to the right of the plan on both
    /// axes drawn. The chart says what it loses elsewhere, and what « non dominé » is about.
    #[test]
    fn a_rule_of_thumb_beating_the_plan_on_the_axes_is_said_to_lose_elsewhere() {
        let f = demo_frontier();
        let mut rule = sectoria_core::test_support::small_plan().baseline;
        rule.kpis.establishments_served = 116;
        rule.kpis.need_covered_weighted = 0.52;
        rule.kpis.km_total = 6200.0;
        rule.objective.total = 31_000.0;
        let svg = frontier_chart(&f, Some(&rule));
        let notes: Vec<&str> = svg
            .split("class=\"note-regle\"")
            .skip(1)
            .filter_map(|t| t.split_once('>').and_then(|(_, t)| t.split('<').next()))
            .collect();
        let text = notes.join(" ");
        assert!(
            text.contains(
                "elle le dépasse sur ces deux axes, mais elle roule 6\u{202f}200 km par semaine contre 3\u{202f}379"
            ),
            "{text}"
        );
        assert!(
            text.contains("son objectif est de 31\u{202f}000 contre 33\u{202f}030 (2\u{202f}030 points de moins)"),
            "{text}"
        );
        assert!(svg.contains("class=\"note-frontiere\""), "{svg}");
        assert!(svg.contains("non dominé pour (établissements servis, objectif)"), "{svg}");
        // The chart grows to hold its notes' lines, each within its width.
        let lines = svg.matches("class=\"note-").count();
        let height = H + NOTE_LINE * (lines - 1) as f64;
        assert!(svg.contains(&format!("viewBox=\"0 0 {W} {height}\"")), "{lines} lines: {svg}");
        assert!(notes.iter().all(|l| l.chars().count() <= NOTE_CHARS + 10), "{notes:?}");
        // Below the plan on one axis: no such note.
        rule.kpis.need_covered_weighted = 0.40;
        assert!(!frontier_chart(&f, Some(&rule)).contains("note-regle"));
    }

    /// Each point is labelled with its count, objective and km where there is room (the km are
    /// no longer disc areas nobody can compare), and the rule of thumb has its own marker and
    /// legend entry.
    #[test]
    fn points_are_labelled_and_the_rule_of_thumb_is_placed() {
        let f = demo_frontier();
        let mut rule = sectoria_core::test_support::small_plan().baseline;
        rule.kpis.establishments_served = 116;
        rule.kpis.need_covered_weighted = 0.475;
        rule.kpis.km_total = 4100.0;
        rule.objective.total = 33_000.0;
        let svg = frontier_chart(&f, Some(&rule));
        assert_eq!(svg.matches("<circle").count(), 5);
        assert_eq!(svg.matches("class=\"point regle\"").count(), 1);
        assert!(svg.contains(">plan retenu : 97 servis</tspan>"), "{svg}");
        // The rule of thumb's figures in the legend, beside its symbol.
        assert!(
            svg.contains(">règle usuelle : 116 servis, objectif 33\u{202f}000, 4\u{202f}100 km/semaine</text></g>"),
            "{svg}"
        );
        assert!(svg.contains(">3\u{202f}379 km/semaine</tspan>"), "{svg}");
        assert!(svg.contains(">objectif 33\u{202f}030</tspan>"), "{svg}");
        assert_eq!(svg.matches("class=\"etiquette\"").count(), 5, "every frontier point labelled: {svg}");
        assert!(!svg.contains("surface des disques"));
        // Labels do not overlap one another.
        let boxes: Vec<(f64, f64)> = svg
            .split("class=\"etiquette\" x=\"")
            .skip(1)
            .map(|t| {
                let x: f64 = t.split('"').next().and_then(|v| v.parse().ok()).expect("x");
                let y: f64 =
                    t.split("y=\"").nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse().ok()).expect("y");
                (x, y)
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!((a.0 - b.0).abs() > 60.0 || (a.1 - b.1).abs() > 3.0 * LINE, "{a:?} {b:?}");
            }
        }
        // Without the rule of thumb: no diamond, no legend entry.
        let svg = frontier_svg(&f);
        assert!(!svg.contains("regle") && !svg.contains("règle usuelle"));
    }
}
