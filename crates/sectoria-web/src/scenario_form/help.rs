//! The Scénario form's help: for each key, what it does in the plan in plain French, for a
//! CTSS-D who defends the figures in committee. Other fields are named by their French name
//! (« Limite de temps (s) »), never by their key; the technical terms (solver, model, keys,
//! error codes) stay in the part folded « Pour les spécialistes ». The form adds the default
//! after the help itself. The scenario files' own comments (`data/demo/scenario.toml`, the
//! import template) speak to the reader who edits the TOML by hand, and may say it otherwise.

use std::collections::BTreeMap;

/// One key's help: the plain text, and the specialists' part ("" when there is none).
struct Help {
    key: &'static str,
    plain: &'static str,
    expert: &'static str,
}

const fn h(key: &'static str, plain: &'static str, expert: &'static str) -> Help {
    Help { key, plain, expert }
}

/// The fraction keys the form also reads as a percentage (« 5 % » is 0,05); their help says so.
pub const PERCENT: [&str; 2] = ["need.cycle3_share", "solver.relative_gap"];

const HELP: &[Help] = &[
    h(
        "budget.total_fte",
        "ETP à répartir. Sans fichier d'assistants (workers.csv), ce total devient des postes dont le calcul choisit \
         la résidence ; avec workers.csv, c'est un plafond facultatif sous la somme des quotités (un budget plus bas \
         laisse du temps d'assistant sans établissement).",
        "Sans workers.csv, le total devient ⌊total⌋ postes à temps plein et un poste à temps partiel pour le reste.",
    ),
    h(
        "budget.reserve_fte",
        "ETP gardés en réserve pour les interventions ponctuelles : ils sont retirés du budget avant la répartition.",
        "",
    ),
    h(
        "budget.unit_fte",
        "Plus petite part de temps que le plan attribue : 0,1 ETP = une demi-journée par semaine. Tous les temps du \
         plan en sont des multiples.",
        "",
    ),
    h(
        "budget.extra_posts",
        "Postes à temps plein ajoutés pour voir « que donnerait un poste de plus ? deux ? ». Ils s'appellent \
         NOUVEAU1, NOUVEAU2…, et le calcul leur choisit une résidence. Le « Budget (ETP) » est relevé d'autant, \
         pour que ces postes ne soient pas plafonnés. Pour voir ce que donne chaque poste, enregistrez une variante \
         par nombre de postes, planifiez-les et comparez-les (page Comparer).",
        "Sans workers.csv, c'est le budget découpé en postes qui est relevé. En ligne de commande, \
         `sectoria sweep --vary budget.extra_posts=0:3:1` fait ces plans d'un coup.",
    ),
    h("scope.kinds", "Types d'établissements que le plan répartit ; les autres ne reçoivent personne.", ""),
    h(
        "scope.bassins",
        "Bassins planifiés, écrits comme dans le fichier des établissements ; vide = tous les bassins. Un nom qui \
         n'y figure pas est refusé à l'enregistrement, avec la liste des bassins connus.",
        "Colonne `bassin` de establishments.csv ; un nom absent est l'erreur E171.",
    ),
    h(
        "priorities.rep_plus",
        "Bonus ajouté au score de priorité d'un établissement REP+. Le score d'un établissement vaut 1 plus la somme \
         de ses bonus, et une demi-journée y compte en proportion : score 3, elle compte trois fois plus qu'à \
         score 1, à besoin égal.",
        "Valeur d'un établissement = score × élèves × valeur des tranches couvertes / besoin (en unités).",
    ),
    h("priorities.rep", "Bonus ajouté au score de priorité d'un établissement REP.", ""),
    h(
        "priorities.rural_disadvantaged",
        "Bonus d'un collège rural défavorisé : sa commune est au moins aussi peu dense que la « Densité rurale \
         minimale », et son IPS est sous le « Seuil d'IPS rural ».",
        "",
    ),
    h(
        "priorities.rural_ips_threshold",
        "IPS en dessous duquel un collège rural reçoit le « Bonus rural défavorisé ».",
        "",
    ),
    h(
        "priorities.rural_density_min",
        "Densité à partir de laquelle une commune compte comme rurale, sur la grille de l'INSEE de 1 (grands centres \
         urbains) à 7 (rural à habitat très dispersé) : 5 = bourgs ruraux et au-delà.",
        "Grille communale de densité à 7 niveaux de l'INSEE.",
    ),
    h("priorities.internat", "Bonus ajouté au score de priorité d'un établissement avec internat.", ""),
    h(
        "priorities.egpa_ulis_relais_upe2a",
        "Bonus d'un établissement qui a une SEGPA ou EGPA, une ULIS, un dispositif relais ou une UPE2A.",
        "",
    ),
    h("priorities.lycee_pro", "Bonus ajouté au score de priorité d'un lycée professionnel.", ""),
    h(
        "need.pupils_per_fte_college",
        "Nombre d'élèves d'un collège qui font 1 ETP de besoin (avec 1 000 : 500 élèves = 0,5 ETP), avant l'effet \
         de l'IPS.",
        "Besoin (ETP) = élèves / ce nombre × facteur IPS, plafonné au « Plafond par établissement (ETP) ».",
    ),
    h(
        "need.pupils_per_fte_lycee",
        "Nombre d'élèves d'un lycée général, technologique ou polyvalent qui font 1 ETP de besoin.",
        "Types LEGT, LGT et LPO.",
    ),
    h("need.pupils_per_fte_lycee_pro", "Nombre d'élèves d'un lycée professionnel qui font 1 ETP de besoin.", ""),
    h("need.pupils_per_fte_erea", "Nombre d'élèves d'un EREA qui font 1 ETP de besoin.", ""),
    h(
        "need.pupils_per_fte_ecole",
        "Nombre d'élèves de cycle 3 (CM1 et CM2) d'une école REP+ qui font 1 ETP de besoin.",
        "",
    ),
    h(
        "need.ips_reference",
        "IPS d'un établissement moyen, dont le besoin n'est ni augmenté ni diminué. Sous cet IPS le besoin augmente \
         (à IPS 80 pour 100 : besoin × 1,25), au-dessus il diminue, dans les limites du « Facteur IPS minimal » et \
         du « Facteur IPS maximal ».",
        "Facteur IPS = IPS de référence / IPS de l'établissement, borné.",
    ),
    h(
        "need.ips_factor_min",
        "Limite de la baisse du besoin d'un établissement très favorisé : 0,75 = son besoin ne descend pas sous les \
         trois quarts de celui que font ses élèves.",
        "",
    ),
    h(
        "need.ips_factor_max",
        "Limite de la hausse du besoin d'un établissement très défavorisé : 1,5 = son besoin ne dépasse pas une fois \
         et demie celui que font ses élèves.",
        "",
    ),
    h(
        "need.ips_factor_in_value",
        "Décoché (par défaut), l'IPS augmente seulement le besoin : un établissement défavorisé demande plus de \
         demi-journées, et chacune y compte donc moins (à IPS 78, une demi-journée compte 1/1,28 de ce qu'elle \
         compterait à IPS 100, à élèves et score égaux). Coché, l'IPS compte aussi dans l'intérêt de le servir : une \
         demi-journée y compte autant qu'ailleurs pour la même part de son besoin, et tout son besoin compte plus.",
        "Coché, la valeur de l'établissement est multipliée par son facteur IPS.",
    ),
    h(
        "need.max_fte_per_establishment",
        "Temps le plus grand qu'un établissement peut recevoir, qui plafonne aussi son besoin (ETP).",
        "",
    ),
    h(
        "need.cycle3_share",
        "Part des élèves d'une école élémentaire qui sont en cycle 3, quand le fichier des établissements ne la \
         donne pas : 0,4 = 40 %. Vous pouvez aussi écrire 40 %.",
        "",
    ),
    h(
        "need.value_segments",
        "Ce que compte une demi-journée selon la part du besoin déjà couverte : avec 1 ; 0,6 ; 0,3, le premier tiers \
         du besoin compte plein, le deuxième à 60 %, le dernier à 30 %. Des valeurs décroissantes font servir plus \
         d'établissements avant d'en combler un seul.",
        "Valeur concave par tranches successives du besoin (autant de tranches égales que de valeurs).",
    ),
    h(
        "rules.min_presence_fte",
        "Temps le plus petit qu'un collège, un lycée ou un EREA servi reçoit (ETP) : 0,2 = deux demi-journées par \
         semaine. Écrivez un multiple de l'« Unité d'attribution (ETP) » : sinon le plan l'arrondit, et la page le \
         dit sous ce champ après l'enregistrement.",
        "",
    ),
    h(
        "rules.min_presence_ecole_fte",
        "Temps le plus petit qu'une école REP+ servie reçoit (ETP) : 0,1 = une demi-journée par semaine.",
        "",
    ),
    h(
        "rules.max_workers_per_establishment",
        "Nombre d'assistants qui peuvent se partager un établissement. Au-delà de 1, le calcul est bien plus long : \
         il va en général jusqu'à la « Limite de temps (s) » (sur la démo, 120 s au lieu de moins d'une seconde), \
         et les explications exactes aussi.",
        "Au-delà de 1, la résolution passe par le modèle compact, qui part du meilleur plan à un assistant par \
         établissement et va en général jusqu'à `solver.time_limit_s` (démo : écart de 0,19 % après 120 s, contre \
         0,07 % en moins d'une seconde avec 1) ; les explications exactes y donnent à chaque établissement un \
         huitième de ce temps (5 s au moins).",
    ),
    h(
        "rules.max_establishments_per_worker",
        "Nombre maximal de collèges, lycées et EREA dans le secteur d'un assistant (les écoles REP+ ne comptent pas : \
         elles vont avec leur collège).",
        "",
    ),
    h(
        "rules.max_distance_km",
        "Distance par la route la plus grande entre la résidence administrative d'un assistant et un établissement \
         qu'il sert (km). Plus loin, le plan ne le lui propose pas, sauf secteurs actuels et verrous.",
        "",
    ),
    h(
        "rules.rep_plus_schools_follow_college",
        "Coché : une école REP+ est servie par l'assistant de son collège tête de réseau.",
        "",
    ),
    h(
        "rules.must_cover",
        "Catégories dont chaque collège, lycée ou EREA doit recevoir au moins la « Présence minimale (ETP) ». Si le \
         budget n'y suffit pas, le plan est refusé et la raison est dite.",
        "",
    ),
    h(
        "rules.must_cover_ecoles",
        "Coché : les écoles REP+ aussi doivent être servies quand leur catégorie est à couvrir. Décoché par défaut : \
         les écoles allant avec l'assistant de leur collège, un réseau de plus de huit écoles ne tient pas dans un \
         temps plein.",
        "",
    ),
    h(
        "rules.fragmentation_cost",
        "Ce que chaque établissement de plus dans un secteur retire au score du plan (en points). Plus ce nombre est \
         grand, plus le plan préfère peu d'établissements par assistant ; 0 = aucune préférence.",
        "Points d'objectif retirés par couple (assistant, établissement) servi.",
    ),
    h(
        "travel.weight_per_km",
        "Ce que chaque km parcouru dans la semaine retire au score du plan (en points) ; chaque demi-journée compte \
         un aller-retour depuis la résidence administrative. Plus ce nombre est grand, plus le plan rapproche les \
         assistants de leurs établissements.",
        "Points d'objectif retirés par km hebdomadaire.",
    ),
    h(
        "travel.detour_factor",
        "Quand la distance par la route n'est pas connue (fichier distances.csv), elle est estimée à la distance à \
         vol d'oiseau multipliée par ce nombre : 1,3 = 30 % de plus.",
        "",
    ),
    h(
        "travel.max_weekly_km",
        "Plafond des km parcourus par semaine par chaque assistant ; vide = pas de plafond.",
        "",
    ),
    h(
        "travel.weight_per_minute",
        "Ce que chaque minute de trajet dans la semaine retire au score du plan (en points) : du temps pris aux \
         élèves. 0 = seuls les km comptent. Les minutes viennent du fichier distances.csv, sinon de la « Vitesse \
         estimée (km/h) ».",
        "",
    ),
    h(
        "travel.max_minutes_one_way",
        "Un assistant ne sert pas un établissement à plus de tant de minutes de trajet aller (le trajet mangerait la \
         demi-journée), sauf secteurs actuels et verrous ; vide = pas de limite.",
        "",
    ),
    h(
        "travel.estimate_kmh",
        "Vitesse moyenne qui donne la durée d'un trajet que le fichier distances.csv ne donne pas (km/h).",
        "",
    ),
    h(
        "stability.penalty_per_unit",
        "Ce que chaque demi-journée changée par rapport aux secteurs actuels (current.csv) retire au score du plan \
         (en points). Plus ce nombre est grand, plus le plan garde les secteurs actuels ; 0 = aucune préférence.",
        "",
    ),
    h(
        "stability.max_changes",
        "Nombre maximal de demi-journées changées par rapport aux secteurs actuels (ajoutées ou retirées) ; vide = \
         pas de plafond.",
        "",
    ),
    h(
        "locks.assign",
        "Établissements gardés avec un assistant (avec un temps, facultatif), et couples interdits. Une école REP+ \
         gardée avec un assistant lui donne aussi son collège tête de réseau (quand « Écoles REP+ avec leur \
         collège » est coché).",
        "",
    ),
    h("locks.forbid", "Couples interdits : cet assistant ne sert jamais cet établissement.", ""),
    h(
        "locks.exclude",
        "Établissements exclus du plan : personne ne les sert, pas même un assistant ajouté plus tard, et aucun poste \
         n'y a sa résidence. Un établissement exclu ne peut être ni à couvrir ni gardé avec un assistant.",
        "",
    ),
    h(
        "locks.serve",
        "Établissements à servir, au moins à la présence minimale, par l'assistant ou le poste que le plan choisit. \
         Un établissement ne peut être à la fois exclu et à servir.",
        "",
    ),
    h(
        "solver.time_limit_s",
        "Durée maximale du calcul, en secondes. Arrêté là, il rend le meilleur plan trouvé et dit de combien, au \
         plus, un autre pourrait faire mieux ; ce plan n'est jamais moins bon que la règle usuelle, quand celle-ci \
         respecte les règles du scénario.",
        "Un calcul arrêté par la limite dépend de la vitesse de la machine : pour des résultats identiques d'une fois \
         à l'autre, laissez l'« Écart relatif visé » l'arrêter.",
    ),
    h(
        "solver.relative_gap",
        "Précision demandée : le calcul s'arrête quand son plan est prouvé à moins de cet écart du meilleur plan \
         possible. 0,001 = 0,1 % ; vous pouvez aussi écrire 0,1 %. Plus petit : plus sûr, mais plus long.",
        "Écart relatif d'arrêt du solveur (HiGHS) entre l'objectif et la borne prouvée.",
    ),
    h(
        "solver.threads",
        "Nombre de cœurs de l'ordinateur que le calcul utilise en même temps.",
        "Fils d'exécution du solveur.",
    ),
    h(
        "solver.seed",
        "Numéro de départ du calcul. Le même numéro redonne le même plan ; un autre peut en donner un autre, aussi bon \
         à la précision près (« Écart relatif visé »).",
        "Graine du solveur.",
    ),
    h(
        "solver.method",
        "Manière de chercher le plan. « Automatique » convient presque toujours ; « D'un seul bloc » est en général \
         plus lente.",
        "« auto » : secteurs par génération de colonnes (modèle compact en relais si besoin) ; « compact » : modèle \
         compact seul.",
    ),
];

/// Each key's plain help, by `section.key`.
pub fn help() -> BTreeMap<String, String> {
    HELP.iter().map(|h| (h.key.to_string(), h.plain.to_string())).collect()
}

/// Each key's part « Pour les spécialistes », by `section.key` (keys without one are absent).
pub fn expert() -> BTreeMap<String, String> {
    HELP.iter().filter(|h| !h.expert.is_empty()).map(|h| (h.key.to_string(), h.expert.to_string())).collect()
}
