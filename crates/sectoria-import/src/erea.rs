//! The enrolment written for an EREA that no file counts, when no other EREA of the
//! département has a count either.
//!
//! None of the files the import reads counts an EREA's pupils: the 2024 annuaire gives
//! `Nombre_d_eleves` for écoles only, and the national IPS files of collèges and lycées and the
//! national collège file list no EREA (checked on the rentrée 2022 files of `../shared/data`).
//! The median of the département's collèges and lycées (329 to 627 pupils in 012, 031, 034 and
//! 066) is several times a real EREA, so an EREA-like order of magnitude is used instead: the
//! national mean, 9 058 pupils in 77 EREA at the rentrée 2023, i.e. 118 per EREA. Those are the
//! figures of the Conseil d'évaluation de l'École's review of the EREA evaluation reports, as
//! quoted by <https://www.ekole.fr/blog/ce-que-revelent-les-rapports-devaluation-des-erea>
//! (« en moyenne entre 110 et 120 élèves »). It is an estimate to replace with the EREA's real
//! enrolment, and the report and its warning say so.

/// Pupils written for an EREA without any count: the national mean (9 058 / 77, rounded).
pub const EREA_TYPICAL_PUPILS: u32 = 118;

/// How [`EREA_TYPICAL_PUPILS`] was obtained, in French, for the report.
pub const EREA_TYPICAL_BASIS: &str = "ordre de grandeur national : 9 058 élèves dans 77 EREA à la \
     rentrée 2023, soit 118 par EREA (chiffres du Conseil d'évaluation de l'École, cités par \
     ekole.fr, « Ce que révèlent les rapports d'évaluation des EREA ») ; aucun fichier lu ne donne \
     l'effectif d'un EREA";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typical_enrolment_is_the_quoted_national_mean() {
        let mean = 9058.0 / 77.0_f64;
        assert_eq!(f64::from(EREA_TYPICAL_PUPILS), mean.round());
        assert!(EREA_TYPICAL_BASIS.contains("9 058") && EREA_TYPICAL_BASIS.contains("77 EREA"));
    }
}
