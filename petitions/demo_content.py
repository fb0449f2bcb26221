"""Demo initiatives in Alès, one or more per state of the life cycle (used by demo.py)."""

from typing import Any

PILOT_CHARTER = "Charte pilote des initiatives citoyennes (2026-2027)"

SIGNER_NAMES = [
    ("Inès", "Bouzid"), ("Thomas", "Castanier"), ("Maëlys", "Roustan"), ("Yanis", "Mezghani"),
    ("Chantal", "Delmas"), ("Bernard", "Fesquet"), ("Amina", "Ouali"), ("Lucas", "Teissier"),
    ("Josiane", "Pagès"), ("Hugo", "Bastide"), ("Fatima", "Zeroual"), ("Gérard", "Couderc"),
    ("Léa", "Malzac"), ("Mehdi", "Saïdi"), ("Monique", "Aigoin"), ("Nathan", "Puech"),
    ("Samira", "Belkacem"), ("Robert", "Gaussen"), ("Camille", "Verdier"), ("Kévin", "Soulier"),
    ("Odile", "Brès"), ("Rayan", "Chérif"), ("Danielle", "Mazauric"), ("Enzo", "Rouvière"),
    ("Yasmine", "Hamdi"), ("Michel", "Laupies"), ("Élodie", "Bouschet"), ("Sofiane", "Amari"),
    ("Annie", "Reboul"), ("Florian", "Nogaret"),
]
NEIGHBOURHOODS = [
    "centre-ville", "pres-saint-jean", "cevennes", "tamaris", "cauvel-royale", "rochebelle",
    "clavieres-brouzen", "croupillac-saint-raby", "brueges-conilhac", "prairie-moulinet",
    "faubourg-soleil",
]

# target: the state the demo brings the initiative to; signatures: how many residents sign.
INITIATIVES: list[dict[str, Any]] = [
    {
        "title": "Un festival de musiques cévenoles au parc du Bosquet",
        "neighbourhood": "centre-ville", "lead": "sophie@decidons.test",
        "co": ["julien@decidons.test", "lucie@decidons.test"], "charter": "first",
        "reasons": "Les groupes de musique traditionnelle des Cévennes n'ont pas de scène à "
                   "Alès. Un festival gratuit d'un week-end ferait vivre le parc du Bosquet.",
        "operative_text": "Le conseil municipal décide d'organiser chaque mois de juin un "
                          "festival gratuit de musiques cévenoles au parc du Bosquet.",
        "target": "expired", "signatures": 9,
    },
    {
        "title": "Gratuité des transports Ales'y pour les moins de 18 ans",
        "neighbourhood": None, "lead": "nadia@decidons.test",
        "co": ["karim@decidons.test", "sophie@decidons.test"],
        "reasons": "Beaucoup de familles monoparentales renoncent aux activités sportives et "
                   "culturelles de leurs enfants faute de pouvoir payer le bus. Plusieurs "
                   "villes moyennes ont rendu le réseau gratuit pour les jeunes.",
        "operative_text": "Le conseil municipal demande à Alès Agglomération, autorité "
                          "organisatrice des mobilités, la gratuité du réseau Ales'y pour les "
                          "moins de 18 ans domiciliés à Alès, et s'engage à en financer la part "
                          "communale.",
        "target": "collecting", "signatures": 15, "paper": 2, "invalidate": 1,
    },
    {
        "title": "Un marché de producteurs aux Prés-Saint-Jean",
        "neighbourhood": "pres-saint-jean", "lead": "nadia@decidons.test",
        "co": ["lucie@decidons.test", "julien@decidons.test"],
        "reasons": "Le quartier n'a plus de commerce alimentaire depuis la fermeture de la "
                   "supérette. Des maraîchers du piémont cévenol sont prêts à venir.",
        "operative_text": "Le conseil municipal décide de créer un marché de producteurs locaux "
                          "le mercredi après-midi sur la place des Prés-Saint-Jean.",
        "target": "threshold_reached", "signatures": 25,
    },
    {
        "title": "Rénovation des aires de jeux de Tamaris",
        "neighbourhood": "tamaris", "lead": "karim@decidons.test",
        "co": ["nadia@decidons.test", "sophie@decidons.test"],
        "reasons": "Les deux aires de jeux du quartier datent de 1998 ; plusieurs jeux sont "
                   "condamnés et le sol amortissant est arraché.",
        "operative_text": "Le conseil municipal décide de rénover les aires de jeux de Tamaris "
                          "en 2027, après une consultation des familles du quartier.",
        "target": "scheduled", "signatures": 25,
    },
    {
        "title": "Ombrer les cours des écoles avant l'été",
        "neighbourhood": None, "lead": "sophie@decidons.test",
        "co": ["karim@decidons.test", "julien@decidons.test"],
        "reasons": "En juin, il fait plus de 40 °C dans les cours goudronnées. Des arbres et des "
                   "voiles d'ombrage protégeraient les enfants.",
        "operative_text": "Le conseil municipal décide un plan de végétalisation et d'ombrage "
                          "des cours des écoles maternelles et élémentaires de la commune.",
        "target": "voted", "signatures": 25,
        "vote": ("amended", 31, 6, 2, "2026-DEL-142",
                 "Le conseil adopte un plan d'ombrage des cours, en commençant par les six "
                 "écoles les plus exposées."),
    },
    {
        "title": "Des fontaines d'eau potable dans le centre-ville",
        "neighbourhood": "centre-ville", "lead": "julien@decidons.test",
        "co": ["lucie@decidons.test", "nadia@decidons.test"],
        "reasons": "Il n'existe plus aucune fontaine à boire entre la gare et la cathédrale "
                   "Saint-Jean ; les personnes à la rue et les touristes n'ont pas d'eau.",
        "operative_text": "Le conseil municipal décide d'installer cinq fontaines d'eau potable "
                          "en accès libre dans le centre-ville.",
        "target": "answered", "signatures": 25,
        "vote": ("adopted", 35, 4, 0, "2026-DEL-141",
                 "Le conseil municipal décide l'installation de cinq fontaines d'eau potable."),
        "answer": "Cinq fontaines seront posées d'ici mai 2027 : place de la Mairie, place "
                  "Gabriel-Péri, rue d'Avéjan, jardin du Bosquet et parvis de la gare. "
                  "Budget : 48 000 €, service des eaux.",
    },
    {
        "title": "Rétablir les urgences de nuit de l'hôpital d'Alès",
        "neighbourhood": None, "lead": "karim@decidons.test",
        "co": ["sophie@decidons.test", "lucie@decidons.test"],
        "reasons": "Les urgences ferment certaines nuits faute de médecins ; il faut aller à "
                   "Nîmes.",
        "operative_text": "Le conseil municipal décide de rouvrir les urgences de nuit.",
        "target": "refused",
        "refusal": "Irrecevable : l'organisation des services hospitaliers relève de l'État et "
                   "de l'Agence régionale de santé, non de la commune (CGCT, art. L1112-16 : "
                   "la demande doit porter sur une affaire de la compétence de la commune). "
                   "Les porteurs peuvent proposer un vœu du conseil adressé à l'ARS.",
    },
    {
        "title": "Des jardins partagés à Rochebelle",
        "neighbourhood": "rochebelle", "lead": "lucie@decidons.test",
        "co": ["nadia@decidons.test", "karim@decidons.test"],
        "reasons": "Des terrains municipaux sont en friche près de l'ancien puits.",
        "operative_text": "Le conseil municipal décide de mettre à disposition d'une association "
                          "d'habitants un terrain pour des jardins partagés à Rochebelle.",
        "target": "submitted",
    },
    {
        "title": "Un éclairage public toute la nuit à Cauvel",
        "neighbourhood": "cauvel-royale", "lead": "julien@decidons.test",
        "co": ["sophie@decidons.test", "nadia@decidons.test"],
        "reasons": "L'extinction de l'éclairage à minuit inquiète les personnes qui rentrent "
                   "tard du travail.",
        "operative_text": "Le conseil municipal décide de maintenir l'éclairage public toute la "
                          "nuit sur les axes principaux de Cauvel.",
        "target": "admissibility_review",
    },
    {
        "title": "Une navette vers le marché couvert de l'Abbaye",
        "neighbourhood": "faubourg-soleil", "lead": "lucie@decidons.test",
        "co": ["karim@decidons.test", "julien@decidons.test"],
        "reasons": "Les personnes âgées du Faubourg ne peuvent plus porter leurs courses.",
        "operative_text": "Le conseil municipal décide de créer une navette gratuite le samedi "
                          "matin entre le Faubourg du Soleil et le marché de l'Abbaye.",
        "target": "withdrawn", "signatures": 4,
        "withdrawal": "La ville a annoncé une ligne de transport à la demande qui répond au "
                      "besoin : nous retirons l'initiative.",
    },
    {
        "title": "Piétonniser la rue d'Avéjan le samedi",
        "neighbourhood": "centre-ville", "lead": "julien@decidons.test",
        "co": [], "invite": "lucie@decidons.test",
        "reasons": "Le samedi, la rue est saturée ; les commerçants y sont favorables.",
        "operative_text": "Le conseil municipal décide de réserver la rue d'Avéjan aux piétons "
                          "le samedi de 10 h à 19 h.",
        "target": "draft",
    },
]

COMMENTS = [
    ("Gratuité des transports Ales'y pour les moins de 18 ans", "karim@decidons.test",
     "Mon fils prend le bus tous les jours pour aller au lycée Jean-Baptiste-Dumas : 30 € par "
     "mois, c'est lourd."),
    ("Un marché de producteurs aux Prés-Saint-Jean", "sophie@decidons.test",
     "Le mercredi après-midi, c'est parfait pour les parents qui sortent de l'école."),
]
