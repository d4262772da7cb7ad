//! Establishment names as written in `establishments.csv`, the same whatever the source: the
//! annuaire gives « Lycée professionnel Emile Peytavin », the DEPP IPS file of the lycées (the
//! national set's only source of lycées) « LYCEE PROFESSIONNEL EMILE PEYTAVIN LYCEE DES METIERS
//! DES TECHNIQUES ET DES SERVICES AUX ENTREPRISES ET AUX PERSONNES ». A name written all in
//! capitals is cut before its « lycée des métiers » label (a label, not the name) and before an
//! administrative note in brackets (« (A ABSORBE L'UAI … EN 2022) »), then written in lower case
//! with capitals on the proper names; the kind words take their accents (« Lycée », « général »).
//! Accents of proper names cannot be restored (« Deodat de Severac »). A name with a lower-case
//! letter is kept as it is.

/// The name written for `raw`, read from any source ([`crate::record::Record::from_row`]).
pub(crate) fn display_name(raw: &str) -> String {
    let raw = raw.trim();
    if raw.chars().any(char::is_lowercase) || !raw.chars().any(char::is_uppercase) {
        return raw.to_string();
    }
    let mut name = raw;
    for cut in [" LYCEE DES METIERS", " LYCÉE DES MÉTIERS", " ("] {
        if let Some(at) = name.find(cut).filter(|&at| at > 0) {
            name = &name[..at];
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut elided = false;
    for (n, word) in words.iter().enumerate() {
        let written = match (n, kind_word(word)) {
            (0, Some(w)) => capitalized(w),
            (_, Some(w)) => w.to_string(),
            // A word with a figure (« 2 », a UAI) is kept as written.
            (_, None) if word.chars().any(|c| c.is_ascii_digit()) => word.to_string(),
            (_, None) => capitalized(&word.to_lowercase()),
        };
        // « D ENSEIGNEMENT » → « d'enseignement », « L ENERGIE » → « l'energie ».
        if elided {
            if let Some(last) = out.last_mut() {
                last.push_str(&written);
                elided = false;
                continue;
            }
        }
        elided = n > 0 && n + 1 < words.len() && matches!(*word, "D" | "L");
        out.push(if elided { format!("{}'", word.to_lowercase()) } else { written });
    }
    out.join(" ")
}

/// A word of the kinds and of French grammar, as written inside a name (« LYCEE » → « lycée »).
fn kind_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "LYCEE" | "LYCÉE" => "lycée",
        "COLLEGE" | "COLLÈGE" => "collège",
        "ECOLE" | "ÉCOLE" => "école",
        "ELEMENTAIRE" | "ÉLÉMENTAIRE" => "élémentaire",
        "PRIMAIRE" => "primaire",
        "PUBLIQUE" => "publique",
        "PROFESSIONNEL" => "professionnel",
        "POLYVALENT" => "polyvalent",
        "GENERAL" | "GÉNÉRAL" => "général",
        "TECHNOLOGIQUE" => "technologique",
        "ENSEIGNEMENT" => "enseignement",
        "INTERNATIONAL" => "international",
        "CLIMATIQUE" => "climatique",
        "CITE" | "CITÉ" => "cité",
        "SCOLAIRE" => "scolaire",
        "ET" => "et",
        "DE" => "de",
        "DU" => "du",
        "DES" => "des",
        "LA" => "la",
        "LE" => "le",
        "LES" => "les",
        "AU" => "au",
        "AUX" => "aux",
        "EN" => "en",
        "SUR" => "sur",
        _ => return None,
    })
}

/// `word` with its first letter, and the first after each hyphen or apostrophe, in capitals.
fn capitalized(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = matches!(c, '-' | '\'');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 048 (session 49): `national` wrote the IPS file's name of Peytavin where `import` writes
    /// the annuaire's.
    #[test]
    fn an_upper_case_name_reads_like_the_annuaire_s() {
        assert_eq!(
            display_name(
                "LYCEE PROFESSIONNEL EMILE PEYTAVIN LYCEE DES METIERS DES TECHNIQUES ET DES SERVICES AUX ENTREPRISES \
                 ET AUX PERSONNES"
            ),
            "Lycée professionnel Emile Peytavin"
        );
        assert_eq!(display_name("LYCEE POLYVALENT JEAN LURCAT"), "Lycée polyvalent Jean Lurcat");
        assert_eq!(
            display_name("LYCEE GENERAL ET TECHNOLOGIQUE DE BAGATELLE"),
            "Lycée général et technologique de Bagatelle"
        );
        assert_eq!(
            display_name("LYCEE D ENSEIGNEMENT GENERAL ET TECHNOLOGIQUE EMILE PEYTAVIN"),
            "Lycée d'enseignement général et technologique Emile Peytavin"
        );
        assert_eq!(
            display_name("LYCEE POLYVALENT IRENE ET FREDERIC JOLIOT-CURIE (A ABSORBE L'UAI 0340088L EN 2022)"),
            "Lycée polyvalent Irene et Frederic Joliot-Curie"
        );
    }

    #[test]
    fn a_name_with_lower_case_letters_is_kept() {
        for name in ["Lycée professionnel Emile Peytavin", "Collège Pierre Delmas, unité pédagogique", "0480004D"] {
            assert_eq!(display_name(name), name);
        }
        assert_eq!(display_name("LYCEE 2 RIVES"), "Lycée 2 Rives");
    }
}
