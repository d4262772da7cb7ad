//! The report's map names every sector's colour and fits its frame to the points: session 48
//! read « … et 20 autres secteurs » under Hérault's 52 sectors, and a frame stretched to the
//! legend's height, 40 % empty.

use scraper::{ElementRef, Html, Selector};
use sectoria_core::Plan;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn demo_plan() -> Plan {
    serde_json::from_str(include_str!("fixtures/demo-plan.json")).expect("fixture plan.json")
}

/// The demo plan with 52 workers, as Hérault's posts: unnamed, the last 26 without a sector.
fn with_52_posts() -> Plan {
    let mut plan = demo_plan();
    let mut more = plan.workers.clone();
    for w in &mut more {
        w.sector.clear();
        w.base = None;
    }
    plan.workers.append(&mut more);
    for (k, w) in plan.workers.iter_mut().enumerate() {
        w.id = format!("POSTE{:02}", k + 1);
        w.name = None;
    }
    plan
}

fn number(e: &ElementRef, attr: &str) -> f64 {
    e.value().attr(attr).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{attr}"))
}

/// What the map's legend shows, and where.
struct Legend {
    /// The drawing's width and height (its viewBox).
    width: f64,
    height: f64,
    /// The map frame's height.
    frame: f64,
    /// Each sector's worker and place (x, y).
    entries: Vec<(String, f64, f64)>,
}

fn legend_of(plan: &Plan) -> Legend {
    let svg = sectoria_report::html::map_svg(plan, None).expect("map");
    let doc = Html::parse_fragment(&svg);
    let root = doc.select(&sel("svg#carte")).next().expect("map");
    let view: Vec<f64> =
        root.value().attr("viewBox").expect("viewBox").split(' ').map(|v| v.parse().expect("number")).collect();
    let frame = doc.select(&sel("svg#carte rect.cadre")).next().map(|r| number(&r, "height")).expect("frame");
    let entries = doc
        .select(&sel("g.legende-secteurs g[data-worker]"))
        .map(|g| {
            let at = g.value().attr("transform").expect("transform");
            let (x, y) = at.trim_start_matches("translate(").trim_end_matches(')').split_once(',').expect("x,y");
            (g.value().attr("data-worker").expect("id").to_string(), x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect();
    Legend { width: view[2], height: view[3], frame, entries }
}

#[test]
fn every_sector_is_in_the_legend_inside_the_drawing() {
    for (plan, beside) in [(demo_plan(), true), (with_52_posts(), false)] {
        let Legend { width, height, frame, entries } = legend_of(&plan);
        let ids: Vec<&str> = plan.workers.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(entries.iter().map(|(id, _, _)| id.as_str()).collect::<Vec<_>>(), ids);
        let svg = sectoria_report::html::map_svg(&plan, None).expect("map");
        assert!(!svg.contains("autres secteurs") && !svg.contains("autre secteur"), "none left out");
        for (id, x, y) in &entries {
            assert!((0.0..width - 60.0).contains(x) && (0.0..height).contains(y), "{id} at {x}, {y}");
            // Beside the map (26 named workers) or under it (52 posts), not over it.
            assert_eq!(*x >= 760.0 && *y < frame, beside, "{id} at {x}, {y}");
            assert_eq!(*y > frame, !beside, "{id} at {x}, {y}");
        }
        // Distinct places, in columns read downwards.
        let mut places: Vec<(i64, i64)> = entries.iter().map(|(_, x, y)| (*x as i64, *y as i64)).collect();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), entries.len());
    }
}

/// The frame is as tall as the points' extent and the margins, whatever the legend's length.
#[test]
fn the_map_frame_fits_the_points() {
    for plan in [demo_plan(), with_52_posts()] {
        let svg = sectoria_report::html::map_svg(&plan, None).expect("map");
        let doc = Html::parse_fragment(&svg);
        let frame = doc.select(&sel("svg#carte rect.cadre")).next().expect("frame");
        let ys: Vec<f64> = doc
            .select(&sel("svg#carte circle.etab"))
            .map(|c| number(&c, "cy"))
            .chain(doc.select(&sel("svg#carte rect.base")).map(|r| number(&r, "y") + 4.5))
            .collect();
        let (top, bottom) = ys.iter().fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
        let height = number(&frame, "height");
        assert!(top >= 0.0 && bottom <= height, "the points inside the frame: {top}..{bottom} in {height}");
        assert!(height - (bottom - top) <= 2.0 * 24.0 + 1.0, "{height} px for points over {} px", bottom - top);
    }
}
