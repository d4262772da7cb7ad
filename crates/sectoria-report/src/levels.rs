//! REP+ collèges and écoles apart, wherever the REP+ category's figures are shown (the
//! summary, the report, the workbook): `rules.must_cover = ["rep_plus"]` asks a presence in
//! the collèges, and in the écoles only with `rules.must_cover_ecoles`, so « REP+ 23/31 » with
//! the 8 écoles unserved read as a broken rule. Shown only when the plan's scope has REP+ écoles
//! ([`sectoria_core::kpi::CategoryCoverage::by_level`]).

use sectoria_core::kpi::{GroupCoverage, LevelSplit};
use sectoria_core::scenario::Rules;
use sectoria_core::{Category, Kpis, Plan};

/// One part of the REP+ category: its name, whether it is mandatory, and its coverage in the
/// two sets of figures compared (the plan and the rule of thumb, or plan A and plan B).
#[derive(Debug, Clone, Copy)]
pub struct Level<'a> {
    /// « collèges » or « écoles ».
    pub noun: &'static str,
    /// `colleges` or `ecoles`, for identifiers (`rep_plus_ecoles`).
    pub code: &'static str,
    /// Whether `rules.must_cover` binds this part: `Some(true)` mandatory, `Some(false)` not
    /// although the category is mandatory (the écoles without `must_cover_ecoles`), `None` when
    /// the category is not mandatory at all.
    pub mandatory: Option<bool>,
    /// The part's coverage in the first figures (`None`: a plan written before the split).
    pub first: Option<&'a GroupCoverage>,
    /// The part's coverage in the second figures.
    pub second: Option<&'a GroupCoverage>,
}

impl Level<'_> {
    /// « collèges (obligatoires) », « écoles (non obligatoires) », « écoles ».
    pub fn label(&self) -> String {
        match self.mandatory {
            Some(true) => format!("{} (obligatoires)", self.noun),
            Some(false) => format!("{} (non obligatoires)", self.noun),
            None => self.noun.to_string(),
        }
    }
}

/// The REP+ split of `k`, when it has one.
pub fn split(k: &Kpis) -> Option<&LevelSplit> {
    k.by_category.iter().find(|c| c.category == Category::RepPlus).and_then(|c| c.by_level.as_ref())
}

/// The REP+ collèges then the REP+ écoles in `first` and `second`, mandatory or not under
/// `rules`; `None` when neither has REP+ écoles in its scope.
pub fn levels<'a>(first: &'a Kpis, second: &'a Kpis, rules: &Rules) -> Option<[Level<'a>; 2]> {
    let (a, b) = (split(first), split(second));
    if a.is_none() && b.is_none() {
        return None;
    }
    let mandatory = rules.must_cover.contains(&Category::RepPlus);
    Some([
        Level {
            noun: "collèges",
            code: "colleges",
            mandatory: mandatory.then_some(true),
            first: a.map(|s| &s.colleges),
            second: b.map(|s| &s.colleges),
        },
        Level {
            noun: "écoles",
            code: "ecoles",
            mandatory: mandatory.then_some(rules.must_cover_ecoles),
            first: a.map(|s| &s.ecoles),
            second: b.map(|s| &s.ecoles),
        },
    ])
}

/// [`levels`] of the plan (first) and of its rule of thumb (second).
pub fn rep_plus_levels(plan: &Plan) -> Option<[Level<'_>; 2]> {
    levels(&plan.kpis, &plan.baseline.kpis, &plan.scenario.rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::{served_of as group, small_plan};

    #[test]
    fn the_ecoles_are_said_not_mandatory_by_default() {
        let mut plan = small_plan();
        assert!(rep_plus_levels(&plan).is_none(), "no REP+ école in the small plan");
        for k in [&mut plan.kpis, &mut plan.baseline.kpis] {
            let c = k.by_category.iter_mut().find(|c| c.category == Category::RepPlus).expect("REP+");
            c.by_level = Some(LevelSplit { colleges: group(1, 1), ecoles: group(0, 8) });
        }
        let [c, e] = rep_plus_levels(&plan).expect("split");
        assert_eq!((c.label(), e.label()), ("collèges (obligatoires)".into(), "écoles (non obligatoires)".into()));
        plan.scenario.rules.must_cover_ecoles = true;
        assert_eq!(rep_plus_levels(&plan).expect("split")[1].label(), "écoles (obligatoires)");
        plan.scenario.rules.must_cover.clear();
        assert_eq!(rep_plus_levels(&plan).expect("split")[1].label(), "écoles");
    }
}
