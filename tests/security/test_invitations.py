"""Invitations reveal nothing about accounts nor names (issue 12): the inviter learns who
has an account, and their name, only if that person accepts."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import Notification
from civic.tests.factories import ResidentFactory
from petitions.models import InitiativePromoter
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _strip(answer) -> tuple[int, dict]:
    return answer.status_code, answer.json()


def test_a_promoter_invitation_answers_the_same_for_an_account_and_for_no_account(resident):
    InitiativeCharterFactory()
    initiative = CitizenInitiativeFactory(created_by=resident.user)
    friend = ResidentFactory(user__first_name="Yasmine", user__last_name="Keller")
    url = f"/api/v1/initiatives/{initiative.pk}/promoters/"
    api = _api(resident.user)
    # when the lead invites an address with an account, one without, and the first again
    known = api.post(url, {"email": friend.user.email}, format="json")
    unknown = api.post(url, {"email": "personne@nulle.part"}, format="json")
    again = api.post(url, {"email": friend.user.email}, format="json")
    # then the three answers are identical and name nobody
    assert _strip(known) == _strip(unknown) == _strip(again)
    assert "Keller" not in known.content.decode()
    # and only the real resident got an invitation, once
    assert Notification.objects.filter(recipient=friend.user, kind="initiative_invitation",
                                       channel="email").count() == 1
    assert InitiativePromoter.objects.filter(initiative=initiative, is_lead=False).count() == 1
    # and the edit page does not show the invitee's name while the invitation is pending
    browser = Client()
    browser.force_login(resident.user)
    page = browser.get(reverse("petitions_web:edit", args=[initiative.pk]))
    assert "Keller" not in page.text
    web_known = browser.post(reverse("petitions_web:invite", args=[initiative.pk]),
                             {"email": friend.user.email}, follow=True)
    web_unknown = browser.post(reverse("petitions_web:invite", args=[initiative.pk]),
                               {"email": "inconnu@nulle.part"}, follow=True)
    assert web_known.status_code == web_unknown.status_code == 200
    assert "Keller" not in web_known.text and "Aucun habitant" not in web_unknown.text


def test_a_co_author_invitation_answers_the_same_for_an_account_and_for_no_account(
        resident, neighbourhood):
    proposal = ProposalFactory(budget=BudgetFactory(neighbourhood=neighbourhood,
                                                    submission=True), author=resident.user)
    friend = ResidentFactory(neighbourhood=neighbourhood, user__last_name="Keller")
    url = f"/api/v1/budget-proposals/{proposal.pk}/coauthors/"
    api = _api(resident.user)
    known = api.post(url, {"email": friend.user.email}, format="json")
    unknown = api.post(url, {"email": "personne@nulle.part"}, format="json")
    assert _strip(known) == _strip(unknown)
    assert "Keller" not in known.content.decode()
