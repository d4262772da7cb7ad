//! Fictional names: establishments and workers.
//!
//! Establishment names follow French usage (people and places), each used once per kind so
//! that every row of the demo is easy to tell apart. Worker names are pseudonyms (first
//! name and an initial).

/// Names of collèges in the city and towns (people, as is common in French towns).
pub(crate) const COLLEGE_URBAN: [&str; 26] = [
    "Jean Moulin",
    "Jules Ferry",
    "Victor Hugo",
    "Louise Michel",
    "Jean Jaurès",
    "Paul Éluard",
    "Albert Camus",
    "Jacques Prévert",
    "George Sand",
    "Simone Veil",
    "Lucie Aubrac",
    "Condorcet",
    "Olympe de Gouges",
    "Émile Zola",
    "Louis Pasteur",
    "Paul Langevin",
    "Henri Wallon",
    "Germaine Tillion",
    "Aimé Césaire",
    "Nelson Mandela",
    "Rosa Parks",
    "Jean Zay",
    "Gisèle Halimi",
    "Joséphine Baker",
    "Missak Manouchian",
    "Marc Bloch",
];

/// Names of rural collèges (people and places).
pub(crate) const COLLEGE_RURAL: [&str; 36] = [
    "Pierre de Ronsard",
    "Jean de La Fontaine",
    "Antoine de Saint-Exupéry",
    "Jules Verne",
    "Anatole France",
    "Alexandre Dumas",
    "Jean Rostand",
    "Georges Brassens",
    "Boris Vian",
    "Charles Péguy",
    "Colette",
    "Marcel Pagnol",
    "Alphonse Daudet",
    "Jean Giono",
    "Arthur Rimbaud",
    "Paul Verlaine",
    "Camille Claudel",
    "Hector Berlioz",
    "Joachim du Bellay",
    "Marie Marvingt",
    "Louis Aragon",
    "Elsa Triolet",
    "Romain Rolland",
    "Gaston Bachelard",
    "Alexandre Vialatte",
    "Blaise Cendrars",
    "Jean Ferrat",
    "du Val d'Ardelle",
    "des Monts de Sarlonne",
    "des Trois Vallées",
    "du Haut-Plateau",
    "Les Gorges",
    "La Châtaigneraie",
    "des Combes",
    "Le Bois de la Roche",
    "Les Hautes Terres",
];

/// Names of lycées (LEGT and LPO).
pub(crate) const LYCEE: [&str; 22] = [
    "Blaise Pascal",
    "Montaigne",
    "Descartes",
    "Sidoine Apollinaire",
    "Madame de Staël",
    "Lavoisier",
    "Jean Racine",
    "Ambroise Paré",
    "Marguerite Yourcenar",
    "Gay-Lussac",
    "Claude Bernard",
    "Simone Weil",
    "Émile Duclaux",
    "Fénelon",
    "Vercingétorix",
    "Molière",
    "Voltaire",
    "Paul Valéry",
    "Jean Monnet",
    "Pierre Mendès France",
    "Jules Michelet",
    "Lamartine",
];

/// Names of lycées professionnels.
pub(crate) const LYCEE_PRO: [&str; 14] = [
    "Marie Curie",
    "Jean Mermoz",
    "Louis Blériot",
    "Gustave Eiffel",
    "Hélène Boucher",
    "Benjamin Franklin",
    "Marcel Sembat",
    "Nicolas Appert",
    "Jacques Cœur",
    "Jean Guéhenno",
    "Louis Lumière",
    "Raymond Poincaré",
    "Denis Papin",
    "Léonard de Vinci",
];

/// Name of the EREA.
pub(crate) const EREA: &str = "EREA Françoise Dolto";

/// Names of the REP+ écoles (élémentaires and primaires).
pub(crate) const ECOLE: [&str; 32] = [
    "Les Tilleuls",
    "Les Marronniers",
    "Le Bois Joli",
    "Les Acacias",
    "Jean Macé",
    "Paul Bert",
    "Les Glycines",
    "Jules Vallès",
    "La Fontaine",
    "Les Cerisiers",
    "Les Charmes",
    "Le Petit Prince",
    "Anne Frank",
    "Robert Desnos",
    "Les Hirondelles",
    "Les Peupliers",
    "Champ-Fleuri",
    "Les Bleuets",
    "Le Mail",
    "Les Coquelicots",
    "Ferdinand Buisson",
    "Pauline Kergomard",
    "Marie Laurencin",
    "Les Genêts",
    "Les Lilas",
    "La Source",
    "Pierre Perret",
    "Le Grand Pré",
    "Les Sorbiers",
    "Les Platanes",
    "René Char",
    "Les Érables",
];

/// Pseudonyms of the social workers.
pub(crate) const WORKER: [&str; 30] = [
    "Claire B.",
    "Nadia K.",
    "Sophie M.",
    "Julien R.",
    "Amélie D.",
    "Karima H.",
    "Isabelle F.",
    "Thomas L.",
    "Élodie P.",
    "Sandrine G.",
    "Mathilde C.",
    "Fatou N.",
    "Céline V.",
    "Hélène T.",
    "Nathalie A.",
    "Laure S.",
    "Marion J.",
    "Samia B.",
    "Virginie O.",
    "Aurélie M.",
    "Pauline R.",
    "Émilie G.",
    "Stéphanie L.",
    "Chloé D.",
    "Agnès F.",
    "Yasmine E.",
    "Valérie N.",
    "Camille P.",
    "Anne-Laure H.",
    "Sarah K.",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn unique(names: &[&str]) -> bool {
        let mut v: Vec<&str> = names.to_vec();
        v.sort_unstable();
        v.dedup();
        v.len() == names.len()
    }

    #[test]
    fn names_are_unique_and_csv_safe() {
        let colleges: Vec<&str> = COLLEGE_URBAN.iter().chain(&COLLEGE_RURAL).copied().collect();
        for list in [&colleges[..], &LYCEE[..], &LYCEE_PRO[..], &ECOLE[..], &WORKER[..]] {
            assert!(unique(list));
            assert!(list.iter().all(|n| !n.contains(';') && !n.contains('"')));
        }
    }
}
