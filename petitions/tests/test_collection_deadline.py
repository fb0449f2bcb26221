"""The signature deadline holds by the clock through the service, the API and the page.

The initiative still says "collecting" until the beat job closes it; past its deadline it
must take no signature, no withdrawal, and its page must stop offering the form.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from civic.errors import InvalidTransition
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative, Signature
from petitions.services.lifecycle import initiative_close_due
from petitions.services.signatures import signature_add, signature_withdraw

pytestmark = pytest.mark.django_db
S = CitizenInitiative.Status

DEADLINE = datetime(2031, 3, 14, 22, 59, tzinfo=UTC)  # 23:59 in Alès
DEADLINE_WORDS = "14 mars 2031 à 23:59"
THREE_DAYS_LATER = DEADLINE + timedelta(days=3)
JUST_BEFORE = DEADLINE - timedelta(seconds=1)


@pytest.fixture
def due(collecting):
    """A collecting initiative whose deadline is DEADLINE."""
    CitizenInitiative.objects.filter(pk=collecting.pk).update(collection_deadline=DEADLINE)
    collecting.refresh_from_db()
    return collecting


def test_signing_after_the_deadline_is_refused_with_the_closing_time(due):
    # given
    signer = ResidentFactory()
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        with pytest.raises(InvalidTransition) as refused:
            signature_add(initiative=due, resident=signer)
    # then
    assert refused.value.code == "collection_closed"
    assert DEADLINE_WORDS in str(refused.value.message)
    assert not Signature.objects.exists()


def test_signing_one_second_before_the_deadline_counts(due):
    # given
    signer = ResidentFactory()
    # when
    with time_machine.travel(JUST_BEFORE, tick=False):
        signature_add(initiative=due, resident=signer)
    # then
    due.refresh_from_db()
    assert due.signature_count == 1


def test_a_signature_cannot_be_withdrawn_after_the_deadline(due):
    # given a signature given in time
    signer = ResidentFactory()
    with time_machine.travel(JUST_BEFORE, tick=False):
        signature_add(initiative=due, resident=signer)
    # when
    with time_machine.travel(DEADLINE, tick=False):
        with pytest.raises(InvalidTransition) as refused:
            signature_withdraw(initiative=due, resident=signer)
    # then
    due.refresh_from_db()
    assert refused.value.code == "collection_closed"
    assert due.signature_count == 1


def test_sign_api_answers_409_collection_closed_after_the_deadline(due):
    # given
    client = APIClient()
    client.force_authenticate(ResidentFactory().user)
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        response = client.post(f"/api/v1/initiatives/{due.pk}/sign/", {}, format="json")
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "collection_closed"
    assert DEADLINE_WORDS in response.json()["message"]


def test_the_page_stops_offering_the_signature_form_after_the_deadline(client, due):
    # given
    signer = ResidentFactory()
    sign_url = f"/initiatives/{due.pk}/signer/"
    with time_machine.travel(JUST_BEFORE, tick=False):
        client.force_login(signer.user)
        before = client.get(f"/initiatives/{due.pk}/").content.decode()
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        client.force_login(signer.user)
        # when
        after = client.get(f"/initiatives/{due.pk}/").content.decode()
        posted = client.post(sign_url, {}, follow=True)
    # then
    assert sign_url in before
    assert sign_url not in after
    assert DEADLINE_WORDS in after
    assert posted.redirect_chain == [(f"/initiatives/{due.pk}/", 302)]
    assert DEADLINE_WORDS in posted.content.decode()


def test_the_beat_job_expires_the_initiative_afterwards(due):
    # given a collection closed by the clock only
    # when
    with time_machine.travel(THREE_DAYS_LATER, tick=False):
        closed = initiative_close_due(), initiative_close_due()
    # then
    due.refresh_from_db()
    assert closed == (1, 0)
    assert due.status == S.EXPIRED
