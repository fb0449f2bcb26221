"""Factories shared by every app's tests (import from civic.tests.factories)."""

from datetime import date
from typing import Any

import factory
from django.utils import timezone

from civic import identity, roles
from civic.models import MunicipalCouncil, Neighbourhood, Resident, User
from civic.models.user import VerificationMethod, VerificationStatus


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"quartier-{n}")
    name = factory.Sequence(lambda n: f"Quartier {n}")
    population = 3500


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide-42")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if create and extracted:
            self.save()
            roles.grant_role(self, roles.Role(extracted))

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident; verified, adult and living in town unless a trait says otherwise."""

    class Meta:
        model = Resident
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    date_of_birth = date(1985, 6, 15)
    postal_address = "12 rue d'Avéjan, 30100 Alès"
    birthplace = ""
    verification_status = VerificationStatus.VERIFIED
    verification_method = VerificationMethod.COUNTER
    verified_at = factory.LazyFunction(timezone.now)
    # As the registration service sets it (civic.services.residents).
    identity_key = factory.LazyAttribute(lambda o: identity.identity_key(
        first_name=o.user.first_name, last_name=o.user.last_name,
        date_of_birth=o.date_of_birth, birthplace=o.birthplace))

    class Params:
        unverified = factory.Trait(
            verification_status=VerificationStatus.UNVERIFIED, verification_method="",
            verified_at=None,
        )
        minor = factory.Trait(date_of_birth=factory.LazyFunction(
            lambda: date(timezone.localdate().year - 14, 1, 1)))
        outsider = factory.Trait(lives_in_town=False)

    @factory.post_generation
    def resident_role(self, create: bool, extracted: object, **kwargs: Any) -> None:
        if create:
            roles.grant_role(self.user, roles.Role.RESIDENT)


class MunicipalCouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalCouncil

    name = "Conseil municipal d'Alès"
    mandate_start = date(2026, 3, 22)
    mandate_end = date(2032, 3, 31)


def staff_user(role: str, **kwargs: Any) -> User:
    """A clerk, councillor, moderator or administrator (not a resident)."""
    return UserFactory(role=role, **kwargs)
