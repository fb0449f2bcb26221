"""A person's identity as the platform compares it: normalised names, birth date, birthplace.

Two accounts stand for the same person when their family names, given names and birth date
match once accents, case, hyphens, apostrophes and extra spaces are set aside ("Élodie
MARTIN-Durand" and "elodie martin durand" match). The birthplace, entered by a clerk from the
identity document, is what tells two true namesakes apart.

The identity key is `family|given|YYYY-MM-DD|birthplace`; its first three parts, the
"namesake prefix", are shared by every account with those names and that birth date,
whatever their birthplace. Pure functions only: the services decide what a match means.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.limits import MIN_BIRTH_YEAR

SEPARATOR = "|"
# Letters that NFKD leaves whole but that people type either way ("Cœur" / "Coeur").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})
_NOT_ALPHANUMERIC = re.compile(r"[^\w]|_")


def normalise(text: str) -> str:
    """Fold accents and case; hyphens, apostrophes and other marks become one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = bare.casefold().translate(_LIGATURES)
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", folded).split())


def namesake_prefix(*, first_name: str, last_name: str, date_of_birth: date | None) -> str | None:
    """What every account with these names and birth date shares; None if it cannot be told."""
    family = normalise(last_name)
    if not family or date_of_birth is None:
        return None
    return SEPARATOR.join([family, normalise(first_name), date_of_birth.isoformat()]) + SEPARATOR


def identity_key(*, first_name: str, last_name: str, date_of_birth: date | None,
                 birthplace: str = "") -> str | None:
    """The identity key (None without a family name or a birth date: nothing to compare)."""
    prefix = namesake_prefix(first_name=first_name, last_name=last_name,
                             date_of_birth=date_of_birth)
    return None if prefix is None else prefix + normalise(birthplace)


def birthplace_of(key: str) -> str:
    """The (normalised) birthplace part of a key; empty when it was not known."""
    return key.rsplit(SEPARATOR, 1)[-1]


def birth_date_problem(value: date) -> str | None:
    """Why a birth date cannot be right (in the future, or before MIN_BIRTH_YEAR), or None."""
    if value > timezone.localdate():
        return str(_("La date de naissance ne peut pas être dans le futur."))
    if value.year < MIN_BIRTH_YEAR:
        return str(_("Vérifiez l'année de naissance : elle ne peut pas être avant {year}.")
                   .format(year=MIN_BIRTH_YEAR))
    return None


def validate_birth_date(value: date) -> None:
    """Field validator for forms and serializers: one message next to the birth date."""
    problem = birth_date_problem(value)
    if problem:
        raise ValidationError(problem, code="implausible_birth_date")
