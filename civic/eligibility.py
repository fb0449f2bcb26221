"""Eligibility: who may take part in a process, evaluated in one place for every module.

Each process (a budget's charter, an initiative charter, a consultation) builds an
`EligibilityPolicy`; `eligibility_check` returns every unmet condition with a clear,
translated reason, and `eligibility_ensure` raises `NotEligible` with the first one. A condition
that only one process knows (being a registered user of a facility) joins the policy as a
`Requirement`, so it is listed and refused the same way as the common ones.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import NotEligible
from civic.models import Resident, User


class ResidenceScope(models.TextChoices):
    TOWN = "town", _("habiter la commune")
    NEIGHBOURHOOD = "neighbourhood", _("habiter le quartier")
    ANYONE = "anyone", _("aucune condition de résidence")


@dataclass(frozen=True)
class Requirement:
    """A process's own condition: `is_met(resident)`, else refused with `message`."""

    code: str
    message: str
    is_met: Callable[[Resident], bool]


@dataclass(frozen=True)
class EligibilityPolicy:
    min_age: int | None = None
    residence: str = ResidenceScope.TOWN
    neighbourhood_id: int | None = None
    require_verified: bool = True
    requirements: tuple[Requirement, ...] = ()


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str

    @property
    def advice(self) -> str:
        """What to do about it, in the reader's language ("" when the reason already says)."""
        advice = ADVICE.get(self.code)
        return str(advice) if advice else ""


# What a resident can do about each refusal, shown under the reason before any form.
ADVICE = {
    "wrong_neighbourhood": _(
        "Vous pouvez participer dans votre propre quartier. Si vous avez déménagé, "
        "mettez à jour votre adresse à l'accueil d'une mairie de quartier."),
    "not_resident": _(
        "Si vous habitez la commune, faites vérifier votre adresse à l'accueil d'une mairie "
        "de quartier."),
    "age_unknown": _("Renseignez votre date de naissance dans votre compte."),
}


@dataclass(frozen=True)
class EligibilityResult:
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.refusals


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def eligibility_check(
    *, user: User | AnonymousUser, policy: EligibilityPolicy, on: date | None = None
) -> EligibilityResult:
    """Every condition of `policy` that `user` does not meet, with its reason."""
    if not user.is_authenticated:
        return EligibilityResult(
            [Refusal("not_authenticated", str(_("Connectez-vous pour participer.")))]
        )
    resident: Resident | None = getattr(user, "resident", None)
    if resident is None:
        return EligibilityResult([Refusal("no_resident_profile", str(
            _("Ce compte n'a pas de profil d'habitant.")))])
    today = on or timezone.localdate()
    refusals: list[Refusal] = []
    if policy.require_verified and not resident.is_verified:
        refusals.append(Refusal("not_verified", str(_(
            "Votre compte d'habitant n'est pas encore vérifié. Présentez-vous à l'accueil "
            "d'une mairie de quartier ou envoyez un justificatif de domicile."))))
    if policy.min_age is not None:
        if resident.date_of_birth is None:
            refusals.append(Refusal("age_unknown", str(_(
                "Indiquez votre date de naissance : il faut avoir au moins {age} ans."
            )).format(age=policy.min_age)))
        elif age_on(resident.date_of_birth, today) < policy.min_age:
            refusals.append(Refusal("too_young", str(_(
                "Il faut avoir au moins {age} ans pour participer."
            )).format(age=policy.min_age)))
    if policy.residence != ResidenceScope.ANYONE and not resident.lives_in_town:
        refusals.append(Refusal("not_resident", str(_(
            "Il faut habiter la commune pour participer."))))
    elif (
        policy.residence == ResidenceScope.NEIGHBOURHOOD
        and resident.neighbourhood_id != policy.neighbourhood_id
    ):
        refusals.append(Refusal("wrong_neighbourhood", str(_(
            "Il faut habiter ce quartier pour participer."))))
    refusals.extend(Refusal(requirement.code, requirement.message)
                    for requirement in policy.requirements if not requirement.is_met(resident))
    return EligibilityResult(refusals)


def eligibility_ensure(
    *, user: User | AnonymousUser, policy: EligibilityPolicy, on: date | None = None
) -> Resident:
    """Return the user's resident profile, or raise `NotEligible` with the first reason."""
    result = eligibility_check(user=user, policy=policy, on=on)
    if not result.eligible:
        first = result.refusals[0]
        raise NotEligible(first.message, code=first.code)
    return cast(User, user).resident  # an eligible user is signed in, with a profile
