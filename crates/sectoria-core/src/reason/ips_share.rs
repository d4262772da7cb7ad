//! Why a half-day is worth less in a disadvantaged establishment (tester's session 50, finding
//! 2). The IPS factor raises the need; the value of an establishment (its score × its pupils) is
//! spread over the half-days of its need, so each half-day covers a smaller share of it and is
//! worth less. When the budget is the reason, the detail says so: a committee reads the factor as
//! help, and must hear why it does not weigh for the establishment here.

use super::{dec, Analysis};

impl Analysis<'_> {
    /// « son besoin est relevé par son facteur IPS (1,28) : … »: the clause for site `i` when its
    /// IPS factor raises its need and so lowers the value of each of its half-days; `None` when
    /// it does not (a factor of 1 or below, a need at its cap either way, or a value that does not
    /// spread over the need).
    pub(super) fn ips_share(&self, i: usize) -> Option<String> {
        let p = self.problem;
        let site = &p.sites[i];
        let need = &site.need;
        let unit = p.unit_fte();
        let without = (need.pupils / need.pupils_per_fte).min(p.scenario.need.max_fte_per_establishment) / unit;
        let per_unit = |need_units: f64| site.curve.scale / need_units.max(1e-9);
        // A factor that shows as 1,00, or a need that shows the same at one decimal, says
        // nothing a committee can see.
        let lowered = dec(need.ips_factor, 2) != "1,00"
            && need.ips_factor > 1.0
            && dec(site.curve.need_units, 1) != dec(without, 1)
            && site.curve.need_units > without
            && per_unit(site.curve.need_units) < site.priority.score * need.pupils / without.max(1e-9) - 1e-6;
        lowered.then(|| {
            format!(
                "son besoin est relevé par son facteur IPS ({}) : {} demi-journées au lieu de {} ; la valeur d'un \
                 établissement se répartit sur les demi-journées de son besoin, si bien que chacune en couvre ici une \
                 plus petite part et vaut moins",
                dec(need.ips_factor, 2),
                dec(site.curve.need_units, 1),
                dec(without, 1)
            )
        })
    }
}
