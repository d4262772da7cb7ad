//! REP+ networks: the graph from each head collège to its écoles.

use petgraph::graphmap::DiGraphMap;

/// The REP+ network structure over site indices: an edge `collège → école`.
#[derive(Debug, Clone, Default)]
pub struct RepNetworks {
    graph: DiGraphMap<usize, ()>,
}

impl RepNetworks {
    /// Builds the networks from `(école, head collège)` pairs.
    pub fn new(links: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut graph = DiGraphMap::new();
        for (ecole, head) in links {
            graph.add_edge(head, ecole, ());
        }
        Self { graph }
    }

    /// The head collège of `ecole`, if attached.
    pub fn head_of(&self, ecole: usize) -> Option<usize> {
        self.graph.neighbors_directed(ecole, petgraph::Direction::Incoming).next()
    }

    /// The écoles attached to `college`, in increasing index order.
    pub fn ecoles_of(&self, college: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self.graph.neighbors_directed(college, petgraph::Direction::Outgoing).collect();
        v.sort_unstable();
        v
    }

    /// Number of networks (head collèges with at least one école).
    pub fn network_count(&self) -> usize {
        self.graph
            .nodes()
            .filter(|&n| self.graph.neighbors_directed(n, petgraph::Direction::Outgoing).next().is_some())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_ecoles() {
        let n = RepNetworks::new([(5, 1), (3, 1), (7, 2)]);
        assert_eq!(n.head_of(5), Some(1));
        assert_eq!(n.head_of(1), None);
        assert_eq!(n.ecoles_of(1), vec![3, 5]);
        assert_eq!(n.network_count(), 2);
    }
}
