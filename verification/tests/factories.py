"""Factories and helpers of self-service verification's tests."""

from pathlib import Path

from civic.tests.factories import NeighbourhoodFactory
from verification.services.roll import RollReport, roll_import

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "liste-electorale.csv"
HEADER = ("identifiant;nom_naissance;nom_usage;prenoms;sexe;date_naissance;lieu_naissance;"
          "code_lieu_naissance;adresse;code_postal;commune;quartier")
QUARTERS = {"centre-ville": "Centre-ville", "pres-saint-jean": "Les Prés-Saint-Jean",
            "cauvel-royale": "Cauvel – La Royale", "rochebelle": "Rochebelle"}


def town_neighbourhoods() -> None:
    """The neighbourhoods the sample roll names."""
    for code, name in QUARTERS.items():
        NeighbourhoodFactory(code=code, name=name)


def roll_file(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def sample_roll() -> RollReport:
    """The sample of docs/samples imported, as the command would."""
    town_neighbourhoods()
    return roll_import(data=SAMPLE.read_bytes(), file_name=SAMPLE.name, imported_by=None)
