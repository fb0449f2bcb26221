"""Account page: the resident chooses how to receive messages; opening a ballot is noted."""

import pytest

from budgets.tests.factories import BudgetFactory
from civic.models import NotificationPreference, ParticipationStart

pytestmark = pytest.mark.django_db


def test_resident_chooses_a_weekly_email_digest_on_the_account_page(client, resident):
    # given
    client.force_login(resident.user)
    # when
    page = client.get("/compte/rappels/")
    response = client.post("/compte/rappels/", {"channel": "email", "digest": "weekly"},
                           follow=True)
    # then
    assert page.status_code == 200
    assert response.redirect_chain[-1][0] == "/compte/"
    preference = NotificationPreference.objects.get(user=resident.user)
    assert (preference.channel, preference.digest) == ("email", "weekly")


def test_preferences_page_refuses_an_unknown_choice_next_to_the_field(client, resident):
    # given
    client.force_login(resident.user)
    # when
    response = client.post("/compte/rappels/", {"channel": "pigeon", "digest": "daily"})
    # then
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_opening_the_ballot_counts_as_starting_to_vote(client, resident):
    # given
    budget = BudgetFactory(neighbourhood=resident.neighbourhood, voting=True)
    client.force_login(resident.user)
    # when
    client.get(f"/budgets/{budget.pk}/voter/")
    client.get(f"/budgets/{budget.pk}/voter/")
    # then
    assert ParticipationStart.objects.filter(user=resident.user, kind="budget_vote",
                                             object_id=budget.pk).count() == 1
