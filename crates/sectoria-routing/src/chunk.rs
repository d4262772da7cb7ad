//! Splitting a sparse set of (origin, destination) pairs into Table requests that fit the
//! server's size limit.
//!
//! An OSRM Table request lists coordinates once: its sources and its destinations together must
//! not exceed the server's `--max-table-size` (100 by default). The pairs the planner needs are
//! sparse (only establishments within reach of each origin), so requests group a block of
//! origins with the destinations that block needs, cut into slices that fill the limit. The
//! block size is chosen to need the fewest requests.

/// One Table request: indices into the origin and destination lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Origin indices (the request's `sources`).
    pub origins: Vec<usize>,
    /// Destination indices (the request's `destinations`).
    pub destinations: Vec<usize>,
}

impl Request {
    /// Coordinates the request sends (`origins + destinations`).
    pub fn size(&self) -> usize {
        self.origins.len() + self.destinations.len()
    }
}

/// Plans the requests that cover every pair of `pairs` (`(origin, destination)` indices) with
/// at most `max_locations` coordinates each (at least 2). Origins are taken in the order of
/// their index: callers sort them so that neighbours are close (they then share destinations).
/// Empty `pairs` give no request.
pub fn plan_requests(pairs: &[(usize, usize)], max_locations: usize) -> Vec<Request> {
    let max = max_locations.max(2);
    let mut by_origin: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for &(o, d) in pairs {
        by_origin.entry(o).or_default().push(d);
    }
    for list in by_origin.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    let origins: Vec<(usize, Vec<usize>)> = by_origin.into_iter().collect();
    if origins.is_empty() {
        return Vec::new();
    }
    let mut best: Option<Vec<Request>> = None;
    for block in 1..max.min(origins.len() + 1) {
        let plan = plan_with_block(&origins, block, max);
        if best.as_ref().is_none_or(|b| plan.len() < b.len()) {
            best = Some(plan);
        }
    }
    best.unwrap_or_default()
}

/// Requests for blocks of `block` consecutive origins, each with the union of the block's
/// destinations cut into slices of `max − block`.
fn plan_with_block(origins: &[(usize, Vec<usize>)], block: usize, max: usize) -> Vec<Request> {
    let slice = max - block;
    let mut out = Vec::new();
    for group in origins.chunks(block) {
        let mut wanted: Vec<usize> = group.iter().flat_map(|(_, d)| d.iter().copied()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        for part in wanted.chunks(slice) {
            // Only the origins that need one of this slice's destinations.
            let needed: Vec<usize> = group
                .iter()
                .filter(|(_, d)| part.iter().any(|x| d.binary_search(x).is_ok()))
                .map(|(o, _)| *o)
                .collect();
            out.push(Request { origins: needed, destinations: part.to_vec() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn covered(requests: &[Request]) -> BTreeSet<(usize, usize)> {
        requests
            .iter()
            .flat_map(|r| r.origins.iter().flat_map(move |&o| r.destinations.iter().map(move |&d| (o, d))))
            .collect()
    }

    #[test]
    fn every_pair_is_covered_within_the_limit() {
        // 30 origins, 200 destinations, each origin wants a window of 40 destinations.
        let pairs: Vec<(usize, usize)> = (0..30).flat_map(|o| (o * 5..o * 5 + 40).map(move |d| (o, d))).collect();
        for max in [2, 3, 10, 100] {
            let requests = plan_requests(&pairs, max);
            assert!(requests.iter().all(|r| r.size() <= max && !r.origins.is_empty()), "max {max}");
            let got = covered(&requests);
            assert!(pairs.iter().all(|p| got.contains(p)), "max {max}");
        }
    }

    #[test]
    fn a_dense_square_fits_in_few_requests() {
        let pairs: Vec<(usize, usize)> = (0..20).flat_map(|o| (0..20).map(move |d| (o, d))).collect();
        // 20 sources and 20 destinations fit in one request of 100 locations.
        assert_eq!(plan_requests(&pairs, 100).len(), 1);
        assert!(plan_requests(&[], 100).is_empty());
    }
}
