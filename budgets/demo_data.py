"""Demo content of the budgets module (French, Alès). Plain data, read by budgets.demo."""

DEBATE_CSV = """Chapitre;Libellé chapitre;Article;Libellé;Montant
011;Charges à caractère général;60612;Électricité des bâtiments et éclairage public;2 950 000,00
011;Charges à caractère général;60623;Alimentation - restauration scolaire;1 480 000,00
011;Charges à caractère général;615231;Entretien des voiries;1 125 000,00
011;Charges à caractère général;6156;Maintenance des équipements;640 000,00
012;Charges de personnel;64111;Rémunération du personnel titulaire;21 350 000,00
012;Charges de personnel;64131;Rémunération du personnel non titulaire;3 920 000,00
65;Autres charges de gestion courante;6574;Subventions aux associations;1 860 000,00
65;Autres charges de gestion courante;657362;Subvention au CCAS;2 400 000,00
66;Charges financières;66111;Intérêts des emprunts;1 210 000,00
21;Immobilisations corporelles;2128;Aménagement des espaces verts et aires de jeux;780 000,00
21;Immobilisations corporelles;2152;Installations de voirie et pistes cyclables;1 650 000,00
23;Immobilisations en cours;2313;Rénovation énergétique des écoles;3 200 000,00
"""

# (résident, chapitre, avis) — les autres avis viennent des votants de démonstration.
DEBATE_OPINIONS = [
    ("nadia@decidons.test", "65", "more"), ("nadia@decidons.test", "21", "more"),
    ("julien@decidons.test", "011", "less"), ("julien@decidons.test", "23", "more"),
    ("sophie@decidons.test", "21", "more"), ("sophie@decidons.test", "66", "less"),
    ("karim@decidons.test", "012", "same"), ("karim@decidons.test", "65", "more"),
    ("lucie@decidons.test", "23", "more"), ("lucie@decidons.test", "011", "same"),
]

DEBATE_COMMENTS = [
    ("nadia@decidons.test", "6574", "Les associations des Prés-Saint-Jean font vivre le "
     "quartier : soutien scolaire, jardin, fête des voisins. Il faut les aider davantage."),
    ("julien@decidons.test", "60612", "L'éclairage public pourrait passer en LED partout : "
     "la facture baisserait vite."),
    ("sophie@decidons.test", "2152", "Une vraie piste cyclable entre les Cévennes et le "
     "centre, s'il vous plaît !"),
    ("lucie@decidons.test", "2313", "Les écoles de Rochebelle sont glaciales en hiver."),
    ("karim@decidons.test", "657362", "Le CCAS aide beaucoup de familles monoparentales ici."),
]

FIRST_NAMES = ["Amandine", "Yacine", "Chantal", "Thomas", "Fatima", "Bernard", "Inès",
               "Mehdi", "Sandrine", "Hugo", "Josiane", "Rachid", "Manon", "Gérard", "Léa",
               "Sofiane", "Martine", "Enzo", "Nathalie", "Kévin"]
LAST_NAMES = ["Arnaud", "Benhamou", "Castanier", "Delmas", "Espinasse", "Fontaine", "Guiraud",
              "Hamidi", "Issartel", "Jouve", "Laporte", "Mazel", "Nègre", "Ollier", "Pradier",
              "Rouvière", "Soulier", "Teissier", "Valat", "Ziani"]

# Budgets 2026: (quartier, phase visée, enveloppe €, bulletin, règle, projets).
# Projet : (titre, description, lieu, coût estimé €, auteur,
#           avis : None | (réalisable, coût €, motif)).
OK = "Étude des services techniques : réalisable sur le domaine communal."
BUDGETS = [
    ("pres-saint-jean", "implementation", 120_000, "approval", "mes-completed", [
        ("Jardin partagé aux Prés-Saint-Jean", "Des bacs potagers, un composteur et un abri "
         "à outils, animés avec le centre social.", "Square Jean-Moulin", 18_000,
         "nadia@decidons.test", (True, 21_500, OK)),
        ("Aire de jeux pour les tout-petits", "Jeux à ressorts, sol souple et bancs à l'ombre "
         "pour les parents.", "Rue des Prés", 45_000, "nadia@decidons.test",
         (True, 52_000, OK)),
        ("Fresque participative sur le mur du gymnase", "Une fresque dessinée avec les "
         "jeunes du quartier et un artiste local.", "Gymnase des Prés-Saint-Jean", 9_000, None,
         (True, 9_500, OK)),
        ("Bancs et ombrières le long du Gardon", "Six bancs et deux ombrières pour les "
         "promenades des aînés.", "Quai du Gardon", 30_000, None, (True, 34_000, OK)),
        ("Piscine municipale de quartier", "Un petit bassin couvert.", "Rue des Prés", 110_000,
         None, (False, 1_900_000, "Hors de portée de l'enveloppe : un bassin couvert coûte "
                "près de deux millions d'euros.")),
    ]),
    ("rochebelle", "results", 80_000, "knapsack", "greedy", [
        ("Éclairage du chemin de Rochebelle", "Des lampadaires solaires sur le chemin qui "
         "monte au puits, très sombre l'hiver.", "Chemin de Rochebelle", 28_000,
         "lucie@decidons.test", (True, 31_000, OK)),
        ("Table d'orientation du puits Fontanes", "Raconter l'histoire minière du quartier "
         "aux promeneurs.", "Puits Fontanes", 12_000, None, (True, 12_000, OK)),
        ("City-stade rénové", "Nouveaux buts, filets et revêtement.", "Stade de Rochebelle",
         55_000, None, (True, 58_000, OK)),
        ("Boîte à livres devant l'école", "Une boîte à livres fabriquée par le lycée "
         "professionnel.", "École de Rochebelle", 2_500, None, (True, 3_000, OK)),
    ]),
    ("centre-ville", "voting", 150_000, "approval", "mes-completed", [
        ("Boîte à livres place de l'Hôtel-de-Ville", "Une boîte à livres en bois, à "
         "l'abri du vent, près des bancs.", "Place de l'Hôtel-de-Ville", 3_000,
         "julien@decidons.test", (True, 3_500, OK)),
        ("Végétalisation de la rue d'Avéjan", "Des jardinières et des arbres en pot pour "
         "rafraîchir la rue l'été.", "Rue d'Avéjan", 40_000, None, (True, 46_000, OK)),
        ("Abri vélos sécurisé près de la gare", "Quarante places fermées pour les vélos des "
         "navetteurs.", "Pôle d'échanges multimodal", 60_000, None, (True, 65_000, OK)),
        ("Toilettes publiques accessibles", "Des toilettes ouvertes et accessibles aux "
         "fauteuils au cœur du centre.", "Place Gabriel-Péri", 55_000, None,
         (True, 70_000, OK)),
    ]),
    ("cevennes", "review", 90_000, "cumulative", "mes", [
        ("Piste cyclable vers le centre", "Relier les Cévennes au centre-ville à vélo en "
         "sécurité.", "Avenue des Cévennes", 85_000, "sophie@decidons.test",
         (True, 88_000, OK)),
        ("Ruches pédagogiques", "Trois ruches et des ateliers avec l'école.",
         "Parc des Cévennes", 6_000, None, None),
        ("Composteurs collectifs", "Cinq composteurs au pied des immeubles.",
         "Résidence des Cévennes", 7_500, None, None),
    ]),
    ("tamaris", "submission", 70_000, "approval", "greedy", [
        ("Terrain de pétanque éclairé", "Pour jouer les soirs d'été.", "Place de Tamaris",
         15_000, "karim@decidons.test", None),
    ]),
    ("clavieres-brouzen", "preparation", 75_000, "approval", "mes-completed", []),
    # A vote open with each kind of ballot: approval above, knapsack and points here.
    ("cauvel-royale", "voting", 60_000, "knapsack", "greedy", [
        ("Ombrières sur la place de la Royale", "Des voiles d'ombrage au-dessus des bancs "
         "pour les après-midi d'été.", "Place de la Royale", 24_000, None, (True, 26_000, OK)),
        ("Parcours sportif le long de l'Avène", "Six agrès en bois pour tous les âges.",
         "Berges de l'Avène", 30_000, None, (True, 32_000, OK)),
        ("Jardin des senteurs à l'école de Cauvel", "Plantes aromatiques et bancs, entretenus "
         "avec les élèves.", "École de Cauvel", 8_000, None, (True, 8_500, OK)),
        ("Fontaine à boire place du Marché", "Une fontaine d'eau potable accessible.",
         "Place du Marché", 15_000, None, (True, 16_000, OK)),
    ]),
    ("faubourg-soleil", "voting", 50_000, "cumulative", "mes", [
        ("Marché de producteurs le samedi", "Des stands et l'électricité pour un petit "
         "marché hebdomadaire.", "Place de Montaury", 12_000, None, (True, 12_000, OK)),
        ("Skatepark pour les ados", "Quelques modules de glisse près du gymnase.",
         "Gymnase de Montaury", 35_000, None, (True, 38_000, OK)),
        ("Bibliothèque de rue", "Des étagères couvertes et un banc, gérés par les voisins.",
         "Rue du Faubourg du Soleil", 4_000, None, (True, 4_500, OK)),
    ]),
]

# Implementation follow-up of the Prés-Saint-Jean winners: (titre, état, %, note, jalons).
IMPLEMENTATION = {
    "Jardin partagé aux Prés-Saint-Jean": ("works", 60, "Les bacs sont posés ; la clôture "
                                           "arrive en novembre.", [
        ("Réunion de lancement avec les habitants", "2026-09-12"),
        ("Livraison des bacs et du composteur", "2026-10-20")]),
    "Aire de jeux pour les tout-petits": ("study", 15, "Choix des jeux avec l'assistante "
                                          "maternelle du quartier.", [
        ("Visite du site avec les parents", "2026-10-03")]),
}
