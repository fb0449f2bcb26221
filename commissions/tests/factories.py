"""Factories of the commissions module (one trait per status)."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from civic.models import MunicipalCouncil
from civic.tests.factories import MunicipalCouncilFactory, ResidentFactory, staff_user
from commissions.models import (
    Application,
    Commission,
    Consultation,
    Meeting,
    MemberCall,
    Membership,
    Opinion,
    SeatGroup,
)


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    kind = Commission.Kind.EXTRA_MUNICIPAL
    name = factory.Sequence(lambda n: f"Commission {n}")
    slug = factory.Sequence(lambda n: f"commission-{n}")
    theme = "Sécurité et tranquillité publique"
    council = factory.LazyFunction(
        lambda: MunicipalCouncil.objects.first() or MunicipalCouncilFactory())
    chair = factory.LazyFunction(lambda: staff_user("councillor"))
    mandate_start = date(2026, 4, 1)
    mandate_end = date(2032, 3, 31)

    class Params:
        dissolved = factory.Trait(status=Commission.Status.DISSOLVED)


class SeatGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatGroup
        django_get_or_create = ("commission", "kind")

    commission = factory.SubFactory(CommissionFactory)
    kind = SeatGroup.Kind.RESIDENTS
    seats = 3


class MemberCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberCall

    seat_group = factory.SubFactory(SeatGroupFactory)
    title = "Appel à candidatures : collège des habitants"
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))

    class Params:
        closed = factory.Trait(status=MemberCall.Status.CLOSED)
        completed = factory.Trait(status=MemberCall.Status.COMPLETED)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(MemberCallFactory)
    applicant = factory.LazyFunction(lambda: ResidentFactory().user)
    motivation = "Je souhaite m'investir pour mon quartier et la vie de la commune."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    seat_group = factory.SubFactory(SeatGroupFactory)
    commission = factory.SelfAttribute("seat_group.commission")
    member = factory.LazyFunction(lambda: ResidentFactory().user)
    source = Membership.Source.APPOINTED
    started_on = date(2026, 4, 1)

    class Params:
        resigned = factory.Trait(status=Membership.Status.RESIGNED, ended_on=date(2026, 6, 1))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    commission = factory.SubFactory(CommissionFactory)
    title = "Réunion plénière"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    place = "Hôtel de ville, salle Jean Moulin"
    public_capacity = 20

    class Params:
        closed = factory.Trait(visibility=Meeting.Visibility.CLOSED, public_capacity=0)
        held = factory.Trait(status=Meeting.Status.HELD, members_count=4, present_count=3,
                             quorum_reached=True,
                             starts_at=factory.LazyFunction(
                                 lambda: timezone.now() - timedelta(days=3)))
        cancelled = factory.Trait(status=Meeting.Status.CANCELLED)


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    meeting = factory.SubFactory(MeetingFactory, held=True)
    commission = factory.SelfAttribute("meeting.commission")
    title = "Éclairage de la place de la Mairie"
    text = "La commission recommande de prolonger l'éclairage jusqu'à 1 h."
    votes_for, votes_against, abstentions = 6, 1, 1
    adopted_at = factory.SelfAttribute("meeting.starts_at")

    class Params:
        sent = factory.Trait(status=Opinion.Status.SENT,
                             sent_at=factory.LazyFunction(timezone.now),
                             answer_due_by=factory.LazyFunction(
                                 lambda: timezone.localdate() + timedelta(days=60)))


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    commission = factory.SubFactory(CommissionFactory, kind=Commission.Kind.FACILITY_COMMITTEE,
                                    facility="Centre municipal de santé")
    title = "Horaires du Centre municipal de santé"
    audience = Consultation.Audience.FACILITY_USERS
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))

    class Params:
        opened = factory.Trait(status=Consultation.Status.OPEN)
        closed = factory.Trait(status=Consultation.Status.CLOSED)
