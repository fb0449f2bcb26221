from datetime import timedelta

import pytest
from django.utils import timezone

from civic.errors import DomainError, NotPermitted
from civic.models import Notification
from civic.tests.factories import NeighbourhoodFactory
from petitions.models import CitizenInitiative
from petitions.services.review import initiative_admit, initiative_refuse, initiative_review_start
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db
S = CitizenInitiative.Status


def test_initiative_review_start_takes_a_submitted_initiative_into_review(charter, clerk):
    # given a submitted initiative
    initiative = CitizenInitiativeFactory(charter=charter, submitted=True)
    # when a clerk starts the review
    initiative_review_start(initiative=initiative, actor=clerk)
    # then it is under admissibility review and its promoters are told
    initiative.refresh_from_db()
    assert initiative.status == S.ADMISSIBILITY_REVIEW
    assert Notification.objects.filter(recipient=initiative.created_by,
                                       kind="initiative_admissibility_review").exists()


def test_initiative_admit_opens_collection_with_the_charter_threshold_and_clock(clerk):
    # given a charter asking for 2 % of the town, 90 days of collection
    NeighbourhoodFactory(population=10_000)
    NeighbourhoodFactory(population=5_050)
    charter = InitiativeCharterFactory(threshold_kind="share", threshold_share_percent=2,
                                       collection_days=90)
    initiative = CitizenInitiativeFactory(charter=charter, in_review=True)
    # when a clerk declares it admissible
    before = timezone.now()
    initiative_admit(initiative=initiative, actor=clerk, reasons="Compétence communale.")
    # then collection opens for 90 days with threshold ceil(2 % × 15,050 + others) signatures
    initiative.refresh_from_db()
    assert initiative.status == S.COLLECTING
    assert initiative.signature_threshold == charter.signature_threshold()
    assert initiative.signature_threshold >= 301
    assert initiative.collection_deadline - before >= timedelta(days=90)
    assert initiative.admissibility_reasons == "Compétence communale."


def test_charter_population_override_replaces_the_sum_of_neighbourhoods():
    # given a charter with a configured population of 41,000 and a 1 % share
    charter = InitiativeCharterFactory(threshold_kind="share", threshold_share_percent=1,
                                       population_override=41_000)
    # when / then
    assert charter.signature_threshold() == 410


def test_initiative_refuse_requires_reasons_and_publishes_them(charter, clerk):
    # given an initiative under review
    initiative = CitizenInitiativeFactory(charter=charter, in_review=True)
    # when refused without reasons, then it is refused with a field error
    with pytest.raises(DomainError) as exc:
        initiative_refuse(initiative=initiative, actor=clerk, reasons=" ")
    assert exc.value.field == "reasons"
    # when refused with reasons
    initiative_refuse(initiative=initiative, actor=clerk,
                      reasons="La sécurité sociale ne relève pas de la commune.")
    # then it is refused, with its reasons on the public timeline
    initiative.refresh_from_db()
    assert initiative.status == S.REFUSED
    assert initiative.transitions.get().note.startswith("La sécurité sociale")


def test_initiative_admit_is_refused_to_a_resident(charter, resident):
    # given an initiative under review
    initiative = CitizenInitiativeFactory(charter=charter, in_review=True)
    # when / then
    with pytest.raises(NotPermitted):
        initiative_admit(initiative=initiative, actor=resident.user, reasons="ok")
