//! The map's words, so that a black and white copy still tells whose sector is where (session
//! 49: eight sector colours print as eight nearly equal greys): each sector's worker id at its
//! residence (or, without one, at its establishments' centre), and in the enlargements each
//! establishment's UAI with the worker who serves it most. Every label has a white halo, to be
//! read over any colour, and goes to the first side of its point where it overlaps no label
//! placed before (beside the point when none is free).

use super::esc;
use super::map::Projection;
use crate::hull::by_uai;
use sectoria_core::{LatLon, Plan};
use std::fmt::Write as _;

/// A rectangle (x, y, width, height), px.
type Rect = (f64, f64, f64, f64);

/// The labels placed so far, to keep the next ones off them.
#[derive(Default)]
struct Placer {
    taken: Vec<Rect>,
}

impl Placer {
    /// Where a label `w` × `h` beside a point at (`x`, `y`) of radius `r` goes: its box, the
    /// first of right, left, above, below and the corners, then the same a little farther, that
    /// overlaps no label placed before (right when none is free).
    fn place(&mut self, x: f64, y: f64, r: f64, w: f64, h: f64) -> Rect {
        let sides = |gap: f64| {
            [
                (x + gap, y - h / 2.0),
                (x - gap - w, y - h / 2.0),
                (x - w / 2.0, y - gap - h),
                (x - w / 2.0, y + gap),
                (x + gap, y - gap - h / 2.0 - 4.0),
                (x + gap, y + gap - h / 2.0 + 4.0),
                (x - gap - w, y - gap - h / 2.0 - 4.0),
                (x - gap - w, y + gap - h / 2.0 + 4.0),
            ]
        };
        let near = sides(r + 2.0);
        let free = |&(bx, by): &(f64, f64)| {
            !self.taken.iter().any(|t| bx < t.0 + t.2 && t.0 < bx + w && by < t.1 + t.3 && t.1 < by + h)
        };
        let (bx, by) = near.iter().chain(&sides(r + 14.0)).copied().find(free).unwrap_or(near[0]);
        let rect = (bx, by, w, h);
        self.taken.push(rect);
        rect
    }
}

/// A `<text>` with a white halo at the box `at` (its baseline a little above its foot).
fn text(out: &mut String, class: &str, at: Rect, size: f64, bold: bool, words: &str) {
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{size}\"{} fill=\"#111\" stroke=\"#fff\" \
         stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
        at.0,
        at.1 + at.3 - 0.25 * size,
        if bold { " font-weight=\"bold\"" } else { "" },
        esc(words)
    );
}

/// Whether (`x`, `y`) is inside the map's frame of height `height`.
fn inside(x: f64, y: f64, height: f64) -> bool {
    (0.0..=super::map::MAP_W).contains(&x) && (0.0..=height).contains(&y)
}

/// Which establishments [`labels`] names.
#[derive(Clone, Copy)]
pub(super) enum Establishments {
    /// None (the whole map: too many, too small).
    None,
    /// All in the frame but those of the area `inner` (x, y, width, height, px), which a
    /// further enlargement names.
    Outside(Option<Rect>),
}

/// The labels of the map drawn through `proj`: every sector's worker id, and the
/// establishments' UAI and main worker as `establishments` says.
pub(super) fn labels(plan: &Plan, proj: &Projection, establishments: Establishments) -> String {
    let mut out = String::from("<g class=\"etiquettes\">");
    let mut placer = Placer::default();
    // The workers first: a sector's name matters more than an establishment's.
    let located = by_uai(plan);
    const WORKER_SIZE: f64 = 12.0;
    for w in &plan.workers {
        let at = match &w.base {
            Some(b) => Some(b.location),
            None => centre(w.sector.iter().filter_map(|l| located.get(l.uai.as_str()).map(|e| e.location))),
        };
        let Some(at) = at else { continue };
        let (x, y) = proj.xy(at);
        if !inside(x, y, proj.height) {
            continue;
        }
        let width = w.id.chars().count() as f64 * 0.68 * WORKER_SIZE;
        let rect = placer.place(x, y, 5.0, width, WORKER_SIZE + 2.0);
        text(&mut out, "etiquette-secteur", rect, WORKER_SIZE, true, &w.id);
    }
    if let Establishments::Outside(inner) = establishments {
        const SIZE: f64 = 9.5;
        let max_pupils = plan.establishments.iter().map(|e| e.pupils).fold(1.0, f64::max);
        for e in &plan.establishments {
            let (x, y) = proj.xy(e.location);
            let named_further = inner.is_some_and(|r| (r.0..=r.0 + r.2).contains(&x) && (r.1..=r.1 + r.3).contains(&y));
            if !inside(x, y, proj.height) || named_further {
                continue;
            }
            // The same radius as the marker's (`map::draw`).
            let r = 3.0 + 9.0 * (e.pupils.max(0.0) / max_pupils).sqrt();
            let main = e.workers.iter().max_by(|a, b| a.units.cmp(&b.units).then(b.worker.cmp(&a.worker)));
            let words = match main {
                Some(m) if e.allocated_units > 0 => format!("{} · {}", e.uai, m.worker),
                _ => format!("{} · non servi", e.uai),
            };
            let rect = placer.place(x, y, r, words.chars().count() as f64 * 0.56 * SIZE, SIZE + 2.0);
            text(&mut out, "etiquette-etab", rect, SIZE, false, &words);
        }
    }
    out.push_str("</g>");
    out
}

/// The mean position of `points`; `None` without any.
fn centre(points: impl Iterator<Item = LatLon>) -> Option<LatLon> {
    let (mut lat, mut lon, mut n) = (0.0, 0.0, 0.0);
    for p in points {
        lat += p.lat;
        lon += p.lon;
        n += 1.0;
    }
    (n > 0.0).then(|| LatLon::new(lat / n, lon / n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two labels for the same point do not sit on each other: the second goes to another side.
    #[test]
    fn a_second_label_on_the_same_point_goes_elsewhere() {
        let mut p = Placer::default();
        let a = p.place(100.0, 100.0, 5.0, 40.0, 14.0);
        let b = p.place(100.0, 100.0, 5.0, 40.0, 14.0);
        assert!(a.0 > 100.0 && b.0 + b.2 < 100.0, "{a:?} {b:?}");
    }

    /// Every worker is named on the whole map (at its residence), and the enlargements name the
    /// establishments too.
    #[test]
    fn sectors_are_named_and_enlargements_name_establishments() {
        let plan = sectoria_core::test_support::small_plan();
        let proj = Projection::fit(plan.establishments.iter().map(|e| e.location));
        let map = labels(&plan, &proj, Establishments::None);
        for w in &plan.workers {
            assert!(map.contains(&format!(">{}</text>", w.id)), "{map}");
        }
        assert!(!map.contains("etiquette-etab"));
        let zoom = labels(&plan, &proj, Establishments::Outside(None));
        let served = plan.establishments.iter().find(|e| e.allocated_units > 0).expect("served");
        assert!(zoom.contains(&format!(">{} · ", served.uai)), "{zoom}");
        // Those a further enlargement frames are named there only.
        let (x, y) = proj.xy(served.location);
        let outer = labels(&plan, &proj, Establishments::Outside(Some((x - 1.0, y - 1.0, 2.0, 2.0))));
        assert!(!outer.contains(&format!(">{} · ", served.uai)), "{outer}");
        assert!(zoom.contains("paint-order=\"stroke\""));
    }
}
