//! Shards (`--shard i/n`): a deterministic slice of a grid, so that a batch scheduler (Slurm
//! array, Kubernetes indexed job) can spread a sweep over machines. Shard `i` of `n` takes the
//! scenarios whose grid index `% n == i`; the `n` shards together take every scenario once.

use crate::error::ScenarioError;

/// Shard `index` of `count` (0-based: `0/4` … `3/4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, `0 ≤ index < count`.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// Parses `i/n`.
    pub fn parse(spec: &str) -> Result<Shard, ScenarioError> {
        let err = |message: &str| ScenarioError::Shard { spec: spec.to_string(), message: message.to_string() };
        let (i, n) = spec
            .split_once('/')
            .ok_or_else(|| err("attendu i/n, par exemple 0/4 pour la première de quatre tranches"))?;
        let (Ok(index), Ok(count)) = (i.trim().parse::<usize>(), n.trim().parse::<usize>()) else {
            return Err(err("i et n doivent être des nombres entiers, par exemple 0/4"));
        };
        if count == 0 || index >= count {
            return Err(err("il faut 0 ≤ i < n (les tranches sont numérotées à partir de 0)"));
        }
        Ok(Shard { index, count })
    }

    /// Whether grid scenario `index` belongs to this shard.
    pub fn contains(&self, index: usize) -> bool {
        index % self.count == self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_grid() {
        let shards: Vec<Shard> = (0..3).map(|i| Shard::parse(&format!("{i}/3")).unwrap()).collect();
        for index in 0..40 {
            assert_eq!(shards.iter().filter(|s| s.contains(index)).count(), 1);
        }
        for bad in ["3/3", "1", "a/2", "0/0", "-1/2"] {
            assert!(Shard::parse(bad).unwrap_err().to_string().starts_with("--shard"), "{bad}");
        }
    }
}
