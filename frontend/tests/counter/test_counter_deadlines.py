"""At the counter, a vote or a collection past its closing time is no longer offered."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from budgets.tests.factories import BudgetFactory
from petitions.models import CitizenInitiative
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db

CLOSING = datetime(2031, 3, 14, 19, 30, tzinfo=UTC)


def test_the_resident_page_stops_offering_paper_ballots_and_signatures_after_the_close(
        client, clerk, resident):
    # given a vote and a collection that closed on CLOSING, both still open in the database
    budget = BudgetFactory(neighbourhood=resident.neighbourhood, voting=True,
                           voting_closes_at=CLOSING)
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          title="Des bancs au parc du Bosquet")
    CitizenInitiative.objects.filter(pk=initiative.pk).update(collection_deadline=CLOSING)
    ballot_url = reverse("counter:ballot_first", args=[resident.pk, budget.pk])
    page_url = reverse("counter:resident", args=[resident.pk])
    with time_machine.travel(CLOSING - timedelta(seconds=1), tick=False):
        client.force_login(clerk)
        before = client.get(page_url).content.decode()
    with time_machine.travel(CLOSING + timedelta(days=3), tick=False):
        client.force_login(clerk)
        # when
        after = client.get(page_url).content.decode()
    # then
    assert ballot_url in before and "Des bancs au parc du Bosquet" in before
    assert ballot_url not in after and "Des bancs au parc du Bosquet" not in after
