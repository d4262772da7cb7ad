//! Subset-row cuts on the sector master (Jepsen, Petersen, Spoorendonk and Pisinger, 2008): for
//! three establishments, at most one sector of a plan holds two or more of them, since each is
//! in at most one sector. The relaxation often breaks it — three sectors at one half, each
//! holding two of the three (an odd cycle that no branching on stations closes quickly: Haute-
//! Garonne's root relaxation is full of them) — and the cut removes such points.
//!
//! The cut is valid for every plan, so it holds in every node of branch and price. Its price
//! depends on whether a sector holds two of its establishments, which is not a sum over
//! establishments: the pricing keeps it exact by counting the members held (see
//! [`super::pricing`]).

use super::master::Column;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Smallest violation worth a cut (the left-hand side above 1 + this).
const MIN_VIOLATION: f64 = 0.02;

/// Cuts a site may take part in per round: each cut a site is in adds counting work to the
/// pricing of every station that reaches it.
const PER_SITE: usize = 6;

/// Whether a sector of `assignments` (site, units) holds two or more of `cut`'s sites.
pub fn holds_two(assignments: &[(usize, u32)], cut: &[usize; 3]) -> bool {
    assignments.iter().filter(|a| cut.contains(&a.0)).count() >= 2
}

/// Up to `max` subset-row cuts violated by the relaxation `x` (values of `pool`'s sectors),
/// the most violated first, over the sites `eligible` accepts, none of them in `existing`.
pub fn separate(
    pool: &[Column],
    x: &[f64],
    eligible: impl Fn(usize) -> bool,
    existing: &HashSet<[usize; 3]>,
    max: usize,
) -> Vec<[usize; 3]> {
    const EPS: f64 = 1e-6;
    let positive: Vec<(usize, f64)> = x.iter().copied().enumerate().filter(|&(_, v)| v > EPS).collect();
    // Sectors holding each eligible site.
    let mut holding: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, &(q, _)) in positive.iter().enumerate() {
        for &(i, _) in pool[q].assignments.iter().filter(|a| eligible(a.0)) {
            holding.entry(i).or_default().push(k);
        }
    }
    // Candidate triples: two sites of a fractional sector and a third of a sector holding one.
    let mut triples: BTreeSet<[usize; 3]> = BTreeSet::new();
    for &(q, v) in &positive {
        if v > 1.0 - EPS {
            continue;
        }
        let sites: Vec<usize> = pool[q].assignments.iter().map(|a| a.0).filter(|&i| eligible(i)).collect();
        for (a, &i) in sites.iter().enumerate() {
            for &j in &sites[a + 1..] {
                for &k in holding[&i].iter().chain(&holding[&j]) {
                    for &(m, _) in &pool[positive[k].0].assignments {
                        if m != i && m != j && eligible(m) {
                            let mut t = [i, j, m];
                            t.sort_unstable();
                            triples.insert(t);
                        }
                    }
                }
            }
        }
    }
    let mut violated: Vec<([usize; 3], f64)> = triples
        .into_iter()
        .filter(|t| !existing.contains(t))
        .filter_map(|t| {
            let sectors: BTreeSet<usize> = t.iter().flat_map(|i| holding[i].iter().copied()).collect();
            let lhs: f64 = sectors
                .into_iter()
                .filter(|&k| holds_two(&pool[positive[k].0].assignments, &t))
                .map(|k| positive[k].1)
                .sum();
            (lhs > 1.0 + MIN_VIOLATION).then_some((t, lhs))
        })
        .collect();
    violated.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut used: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (t, _) in violated {
        if out.len() >= max {
            break;
        }
        if t.iter().any(|i| used.get(i).copied().unwrap_or(0) >= PER_SITE) {
            continue;
        }
        for i in t {
            *used.entry(i).or_default() += 1;
        }
        out.push(t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(sites: &[usize]) -> Column {
        Column { station: 0, level: 0, assignments: sites.iter().map(|&i| (i, 2)).collect(), value: 0.0 }
    }

    #[test]
    fn finds_the_odd_cycle_of_three_half_sectors() {
        let pool = vec![col(&[0, 1]), col(&[1, 2]), col(&[0, 2]), col(&[3])];
        let x = [0.5, 0.5, 0.5, 1.0];
        let cuts = separate(&pool, &x, |_| true, &HashSet::new(), 10);
        assert_eq!(cuts, vec![[0, 1, 2]]);
        // Already there, or a site not eligible: nothing.
        assert!(separate(&pool, &x, |_| true, &HashSet::from([[0, 1, 2]]), 10).is_empty());
        assert!(separate(&pool, &x, |i| i != 2, &HashSet::new(), 10).is_empty());
    }

    #[test]
    fn an_integral_relaxation_violates_no_cut() {
        let pool = vec![col(&[0, 1]), col(&[2, 3])];
        assert!(separate(&pool, &[1.0, 1.0], |_| true, &HashSet::new(), 10).is_empty());
    }
}
