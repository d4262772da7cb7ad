//! Interchangeable posts. Staff members that no rule tells apart (base chosen by the model, no
//! distances, forbidden pairs, lock or sectors of their own: [`Problem::is_distinct`]) with the
//! same capacity and sector size limit (the posts of a budget-only scenario, as a rule) are
//! interchangeable: swapping their sectors changes nothing in the objective or the rules, and a
//! solver returns them in any order. Two plans of the same scenario then name the same sector
//! after different posts, and a comparison post by post shows changes that are only new names (a
//! counterfactual on Nord: 81 bases « moved » and 243 establishments listed for a change of a few
//! sectors).
//!
//! [`align_posts`] renames the interchangeable posts of a plan after those of a reference plan:
//! each sector takes the name of the reference's post with the same base, or else of the one
//! whose sector it shares the most with.

use crate::plan::WorkerResult;
use crate::{check_solution, objective, relative_difference, Plan, Problem, Solution};
use std::collections::{BTreeMap, BTreeSet};

/// The interchangeable posts of `problem`, in groups of two or more (staff indices): those no
/// rule tells apart ([`Problem::is_distinct`]) with the same capacity and sector size limit.
fn groups(problem: &Problem) -> Vec<Vec<usize>> {
    let mut by_key: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
    for (k, st) in problem.staff.iter().enumerate() {
        if !problem.is_distinct(k) {
            by_key.entry((st.capacity_units, st.max_establishments)).or_default().push(k);
        }
    }
    by_key.into_values().filter(|g| g.len() >= 2).collect()
}

/// Each post's sector in `s`: its establishments and half-days.
fn sectors(s: &Solution) -> Vec<BTreeMap<usize, u32>> {
    let mut out = vec![BTreeMap::new(); s.bases.len()];
    for a in &s.assignments {
        out[a.worker].insert(a.site, a.units);
    }
    out
}

/// How alike two sectors are: the same base first, then the half-days and the establishments
/// they share.
fn likeness<B: PartialEq, K: Ord>(
    (base_a, a): (&Option<B>, &BTreeMap<K, u32>),
    (base_b, b): (&Option<B>, &BTreeMap<K, u32>),
) -> (bool, usize, usize) {
    let same_base = base_a.is_some() && base_a == base_b;
    let units = a.iter().filter(|(i, u)| b.get(i) == Some(u)).count();
    let sites = a.keys().filter(|i| b.contains_key(i)).count();
    (same_base, units, sites)
}

/// Pairs of (reference post, post) from every candidate pair with its likeness, the most alike
/// first, each post in one pair at most; ties in the posts' order, so that the pairing is
/// deterministic.
fn pair_up<R: Ord + Copy, S: Ord + Copy>(mut pairs: Vec<((bool, usize, usize), R, S)>) -> Vec<(R, S)> {
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut named, mut taken) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for (_, r, s) in pairs {
        if !named.contains(&r) && !taken.contains(&s) {
            named.insert(r);
            taken.insert(s);
            out.push((r, s));
        }
    }
    out
}

/// `solution` (a plan of `problem`) with its interchangeable posts renamed after `reference`'s
/// (a plan of the same instance: the plan a counterfactual changes, say): greedily, the most alike
/// pairs first, each sector takes the name of the reference's post most like it. The plan is
/// the same plan: its objective and its check are verified, and `solution` is returned as it is
/// should either differ.
pub fn align_posts(problem: &Problem, reference: &Solution, solution: &Solution) -> Solution {
    let n = problem.staff.len();
    if reference.bases.len() != n || solution.bases.len() != n {
        return solution.clone();
    }
    // name[k] = the post of `solution` whose sector post k gets.
    let mut name: Vec<usize> = (0..n).collect();
    let (ours, theirs) = (sectors(reference), sectors(solution));
    for group in groups(problem) {
        let mut pairs: Vec<((bool, usize, usize), usize, usize)> = Vec::new();
        for &r in &group {
            for &s in &group {
                let alike = likeness((&reference.bases[r], &ours[r]), (&solution.bases[s], &theirs[s]));
                pairs.push((alike, r, s));
            }
        }
        for (r, s) in pair_up(pairs) {
            name[r] = s;
        }
    }
    let mut from = vec![0; n];
    for (k, &s) in name.iter().enumerate() {
        from[s] = k;
    }
    let mut aligned = Solution {
        bases: name.iter().map(|&s| solution.bases[s].clone()).collect(),
        assignments: solution.assignments.iter().map(|a| crate::Assignment { worker: from[a.worker], ..*a }).collect(),
    };
    aligned.normalise();
    let same_value =
        relative_difference(objective(problem, &aligned).total, objective(problem, solution).total) <= 1e-9;
    if same_value && check_solution(problem, &aligned).is_empty() {
        aligned
    } else {
        solution.clone()
    }
}

/// A plan's sector of worker `w`: its establishments and half-days.
fn plan_sector(w: &WorkerResult) -> BTreeMap<&str, u32> {
    w.sector.iter().map(|l| (l.uai.as_str(), l.units)).collect()
}

/// The posts of `plan` named after those of `reference` for a comparison of the two, which may
/// come from different scenarios (another budget: other posts): posts generated from the budget
/// with the same quotité are taken as interchangeable, and each of `plan`'s takes the name of
/// `reference`'s post whose sector it resembles most (the same base first, then the half-days and
/// establishments shared). Posts left without a partner keep their own names, or the first names
/// of `plan` left free when theirs is taken. Returns `plan` renamed (nothing else changes) and
/// the renamings, `(own name, name in the comparison)`, for the names that differ; `plan` as it
/// is when nothing is renamed.
pub fn name_posts_after(reference: &Plan, plan: &Plan) -> (Plan, Vec<(String, String)>) {
    let post = |w: &WorkerResult| w.generated;
    let key = |w: &WorkerResult| (w.fte * 1e6).round() as i64;
    let base =
        |w: &WorkerResult| w.base.as_ref().map(|b| (b.uai.clone(), b.location.lat.to_bits(), b.location.lon.to_bits()));
    let mut pairs = Vec::new();
    for (r, rw) in reference.workers.iter().enumerate().filter(|(_, w)| post(w)) {
        for (s, sw) in plan.workers.iter().enumerate().filter(|(_, w)| post(w) && key(w) == key(rw)) {
            let alike = likeness((&base(rw), &plan_sector(rw)), (&base(sw), &plan_sector(sw)));
            pairs.push((alike, r, s));
        }
    }
    let mut name: BTreeMap<usize, String> =
        pair_up(pairs).into_iter().map(|(r, s)| (s, reference.workers[r].id.clone())).collect();
    // Posts without a partner: their own name, or else a name of `plan`'s left free.
    let mut used: BTreeSet<String> = name.values().cloned().collect();
    let alone: Vec<usize> =
        (0..plan.workers.len()).filter(|s| post(&plan.workers[*s]) && !name.contains_key(s)).collect();
    for &s in &alone {
        if used.insert(plan.workers[s].id.clone()) {
            name.insert(s, plan.workers[s].id.clone());
        }
    }
    let mut free: Vec<String> = plan.workers.iter().map(|w| w.id.clone()).filter(|id| !used.contains(id)).collect();
    free.reverse();
    for s in alone {
        if let std::collections::btree_map::Entry::Vacant(slot) = name.entry(s) {
            let Some(n) = free.pop() else { return (plan.clone(), Vec::new()) };
            slot.insert(n);
        }
    }
    let renamed: BTreeMap<&str, &str> =
        name.iter().map(|(&s, n)| (plan.workers[s].id.as_str(), n.as_str())).filter(|(own, n)| own != n).collect();
    let distinct: BTreeSet<&str> =
        plan.workers.iter().map(|w| renamed.get(w.id.as_str()).copied().unwrap_or(w.id.as_str())).collect();
    if renamed.is_empty() || distinct.len() != plan.workers.len() {
        return (plan.clone(), Vec::new());
    }
    let mut out = plan.clone();
    let rename = |id: &mut String| {
        if let Some(n) = renamed.get(id.as_str()) {
            *id = (*n).to_string();
        }
    };
    for w in &mut out.workers {
        rename(&mut w.id);
    }
    for e in &mut out.establishments {
        for w in &mut e.workers {
            rename(&mut w.worker);
        }
    }
    let list = renamed.into_iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    (out, list)
}

/// The French note that says how the posts of one plan were named after those of another, from
/// the renamings of [`name_posts_after`]: `renamed_of` and `reference_of` name the two plans
/// after « de » (« du plan B », « de ce plan »), `renamed_in` the renamed one after « dans »
/// (« dans le plan B »).
pub fn renaming_note(renamed_of: &str, reference_of: &str, renamed_in: &str, renamed: &[(String, String)]) -> String {
    let list: Vec<String> = renamed.iter().map(|(own, name)| format!("{own} → {name}")).collect();
    format!(
        "Les postes créés à partir du budget sont interchangeables : pour ne montrer que les secteurs qui \
         changent, ceux {renamed_of} portent ici le nom du poste {reference_of} dont le secteur leur \
         ressemble le plus (même résidence d'abord). Noms {renamed_in} → noms ici : {}.",
        list.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::small_instance;
    use crate::{Assignment, BaseChoice, Scenario};

    fn budget_only() -> Problem {
        let mut instance = small_instance();
        instance.workers.clear();
        instance.current.clear();
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(2.0);
        Problem::new(&instance, &scenario).expect("budget-only problem")
    }

    fn sector(k: usize, base: usize, sites: &[(usize, u32)], s: &mut Solution) {
        s.bases[k] = Some(BaseChoice::Site(base));
        s.assignments.extend(sites.iter().map(|&(site, units)| Assignment { worker: k, site, units }));
    }

    #[test]
    fn swapped_posts_take_back_the_reference_names_and_the_plan_is_the_same() {
        let problem = budget_only();
        assert_eq!(groups(&problem), vec![vec![0, 1]], "two interchangeable posts");
        let mut reference = Solution::empty(&problem);
        sector(0, 0, &[(0, 3), (1, 2)], &mut reference);
        sector(1, 2, &[(2, 4)], &mut reference);
        reference.normalise();
        assert!(check_solution(&problem, &reference).is_empty(), "{:?}", check_solution(&problem, &reference));
        // The same plan with the posts' names swapped, and one half-day moved.
        let mut swapped = Solution::empty(&problem);
        sector(1, 0, &[(0, 3), (1, 3)], &mut swapped);
        sector(0, 2, &[(2, 4)], &mut swapped);
        swapped.normalise();
        let aligned = align_posts(&problem, &reference, &swapped);
        let mut expected = Solution::empty(&problem);
        sector(0, 0, &[(0, 3), (1, 3)], &mut expected);
        sector(1, 2, &[(2, 4)], &mut expected);
        expected.normalise();
        assert_eq!(aligned, expected);
        assert_eq!(objective(&problem, &aligned).total, objective(&problem, &swapped).total);
    }

    /// Posts generated from the budget with the given sectors (establishment, half-days).
    fn posts(sectors: &[&[(&str, u32)]]) -> Plan {
        let mut plan = crate::test_support::small_plan();
        let model = plan.workers[0].clone();
        plan.workers = sectors
            .iter()
            .enumerate()
            .map(|(n, lines)| {
                let mut w = model.clone();
                w.id = format!("POSTE{:02}", n + 1);
                w.generated = true;
                w.fte = 1.0;
                w.base = None;
                w.sector = lines
                    .iter()
                    .map(|&(uai, units)| crate::plan::SectorLine {
                        uai: uai.to_string(),
                        units,
                        ..model.sector[0].clone()
                    })
                    .collect();
                w
            })
            .collect();
        plan
    }

    #[test]
    fn a_plan_with_one_post_more_names_its_posts_after_the_reference_without_two_alike() {
        let reference = posts(&[&[("A", 3)], &[("B", 2)]]);
        let plan = posts(&[&[("C", 2)], &[("B", 2)], &[("A", 3)]]);
        let (named, renamed) = name_posts_after(&reference, &plan);
        // POSTE03 holds POSTE01's sector, POSTE02 keeps its name, POSTE01 takes the name left.
        assert_eq!(
            renamed,
            vec![("POSTE01".to_string(), "POSTE03".to_string()), ("POSTE03".to_string(), "POSTE01".to_string())]
        );
        let ids: Vec<&str> = named.workers.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["POSTE03", "POSTE02", "POSTE01"]);
        // And the other way round: one post less.
        let (_, back) = name_posts_after(&plan, &reference);
        assert_eq!(back, vec![("POSTE01".to_string(), "POSTE03".to_string())]);
    }

    #[test]
    fn workers_with_a_base_or_a_lock_keep_their_names() {
        let instance = small_instance();
        let problem = Problem::new(&instance, &Scenario::default()).expect("problem");
        assert!(groups(&problem).is_empty(), "workers with a base are not interchangeable");
        let s = Solution::empty(&problem);
        assert_eq!(align_posts(&problem, &s, &s), s);
    }
}
