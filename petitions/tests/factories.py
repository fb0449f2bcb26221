"""Factories of citizen initiatives: one trait per status of the life cycle."""

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from civic.models import AgendaItem, CouncilDecision, CouncilSession
from civic.tests.factories import MunicipalCouncilFactory, ResidentFactory
from petitions.models import (
    CitizenInitiative,
    InitiativeCharter,
    InitiativePromoter,
    InitiativeVersion,
    Signature,
)
from petitions.services.charter import charter_current

S = CitizenInitiative.Status


class InitiativeCharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeCharter

    version = factory.Sequence(lambda n: n + 100)
    name = "Charte d'essai"
    min_promoters = 2
    threshold_kind = InitiativeCharter.ThresholdKind.ABSOLUTE
    threshold_absolute = 3
    min_signer_age = 16
    collection_days = 60
    council_days = 30
    yearly_signature_limit = 5


def _session(initiative: CitizenInitiative) -> CouncilSession:
    council = MunicipalCouncilFactory()
    return CouncilSession.objects.create(council=council,
                                         starts_at=timezone.now() + timedelta(days=10))


class CitizenInitiativeFactory(factory.django.DjangoModelFactory):
    """A draft by a verified resident (the lead promoter) unless a trait says otherwise."""

    class Meta:
        model = CitizenInitiative
        skip_postgeneration_save = True

    charter = factory.LazyFunction(charter_current)
    title = factory.Sequence(lambda n: f"Des bancs à l'ombre place {n}")
    reasons = "Les personnes âgées n'ont nulle part où s'asseoir l'été."
    operative_text = "Le conseil municipal décide d'installer dix bancs ombragés."
    created_by = factory.LazyAttribute(lambda o: ResidentFactory().user)

    class Params:
        submitted = factory.Trait(status=S.SUBMITTED,
                                  submitted_at=factory.LazyFunction(timezone.now))
        in_review = factory.Trait(status=S.ADMISSIBILITY_REVIEW,
                                  submitted_at=factory.LazyFunction(timezone.now))
        collecting = factory.Trait(
            status=S.COLLECTING, signature_threshold=3,
            admissibility_reasons="Compétence communale (voirie, mobilier urbain).",
            collection_opened_at=factory.LazyFunction(timezone.now),
            collection_deadline=factory.LazyFunction(lambda: timezone.now() + timedelta(days=30)),
        )
        threshold_reached = factory.Trait(
            collecting=True, status=S.THRESHOLD_REACHED, signature_count=3,
            threshold_reached_at=factory.LazyFunction(timezone.now),
            schedule_due_by=factory.LazyFunction(
                lambda: timezone.localdate() + timedelta(days=30)),
        )
        expired = factory.Trait(
            collecting=True, status=S.EXPIRED,
            collection_deadline=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        scheduled = factory.Trait(threshold_reached=True, status=S.SCHEDULED)
        voted = factory.Trait(threshold_reached=True, status=S.VOTED)
        answered = factory.Trait(threshold_reached=True, status=S.ANSWERED,
                                 answer="Les bancs seront posés au printemps.")
        withdrawn = factory.Trait(status=S.WITHDRAWN,
                                  withdrawal_reason="Projet repris par la ville.")
        refused = factory.Trait(status=S.REFUSED,
                                admissibility_reasons="La matière relève de l'État.")

    @factory.post_generation
    def first_version(self, create: bool, extracted: object, **kwargs: Any) -> None:
        if create:
            InitiativeVersion.objects.create(
                initiative=self, number=1, title=self.title, reasons=self.reasons,
                operative_text=self.operative_text, author=self.created_by)

    @factory.post_generation
    def lead(self, create: bool, extracted: object, **kwargs: Any) -> None:
        if create:
            InitiativePromoter.objects.create(
                initiative=self, resident=self.created_by.resident, is_lead=True,
                status=InitiativePromoter.Status.CONFIRMED, responded_at=timezone.now())

    @factory.post_generation
    def co_promoters(self, create: bool, extracted: int | None, **kwargs: Any) -> None:
        for _ in range(extracted or 0):
            InitiativePromoter.objects.create(
                initiative=self, resident=ResidentFactory(),
                status=InitiativePromoter.Status.CONFIRMED, responded_at=timezone.now())

    @factory.post_generation
    def agenda(self, create: bool, extracted: object, **kwargs: Any) -> None:
        if not create or self.status not in (S.SCHEDULED, S.VOTED, S.ANSWERED):
            return
        session = _session(self)
        item = AgendaItem.objects.create(
            council=session.council, session=session, title=self.title,
            status=AgendaItem.Status.SCHEDULED, source=self)
        if self.status != S.SCHEDULED:
            item.status = AgendaItem.Status.DECIDED
            item.save(update_fields=["status"])
            CouncilDecision.objects.create(
                agenda_item=item, outcome="adopted", votes_for=30, votes_against=10,
                abstentions=3, reference=f"DEL-{self.pk}", text="Adoptée.",
                decided_at=timezone.now())
        self.agenda_item = item
        self.save(update_fields=["agenda_item"])


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    initiative = factory.SubFactory(CitizenInitiativeFactory, collecting=True)
    resident = factory.SubFactory(ResidentFactory)
    signed_at = factory.LazyFunction(timezone.now)
