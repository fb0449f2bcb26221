"""Per-action limits: each answers 429 with a clear message, on the page and the API (issue 12).

Rates are the defaults of config/settings/base.py (REST_FRAMEWORK DEFAULT_THROTTLE_RATES),
counted per account when logged in, else per client address; the page and the API of one
action share their counter. Time is frozen so no window boundary falls inside a test.
"""

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import Comment, User
from civic.tests.factories import ResidentFactory
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.security.test_hardening import PASSWORD

pytestmark = pytest.mark.django_db

MESSAGE = "Trop de demandes en peu de temps"


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel("2026-06-01 10:00:30+02:00", tick=False):
        yield


def _allowed(scope: str) -> int:
    rates: dict[str, str] = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    return int(rates[scope].split("/")[0])


def api(user) -> APIClient:
    client = APIClient(REMOTE_ADDR="198.51.100.7")
    client.force_authenticate(user)
    return client


def _limited_after(statuses: list[int], allowed: int) -> None:
    assert 429 not in statuses[:allowed], statuses
    assert statuses[allowed:] == [429] * (len(statuses) - allowed), statuses


def test_password_reset_mails_are_limited_per_address(resident):
    # given one address asking for reset links for the same account again and again
    browser = Client(REMOTE_ADDR="203.0.113.66")
    allowed = _allowed("password_reset")
    # when it asks 11 times in a few seconds
    answers = [browser.post(reverse("frontend:password_reset"), {"email": resident.user.email})
               for _ in range(11)]
    # then only the allowed number of e-mails leave, the rest are told to wait
    _limited_after([a.status_code for a in answers], allowed)
    assert len(mail.outbox) == allowed
    assert MESSAGE in answers[-1].text


def test_sign_ups_are_limited_per_address(neighbourhood):
    browser = Client(REMOTE_ADDR="203.0.113.66")
    allowed = _allowed("signup")
    # when one address signs up 15 accounts
    answers = [browser.post(reverse("frontend:signup"), {
        "email": f"robot{i}@exemple.fr", "password1": "Cevennes-2026-soleil",
        "password2": "Cevennes-2026-soleil", "first_name": "Yasmine", "last_name": "Keller",
        "neighbourhood": str(neighbourhood.pk), "date_of_birth": "1990-03-14",
        "postal_address": "8 rue Deparcieux\n30100 Alès", "preferred_language": "fr"})
        for i in range(15)]
    # then only the allowed number of accounts exist
    _limited_after([a.status_code for a in answers], allowed)
    assert User.objects.filter(email__startswith="robot").count() == allowed
    assert MESSAGE in answers[-1].text


def test_comments_are_limited_per_account_on_the_api_and_the_page(neighbourhood, resident):
    # given a proposal open to comments
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    proposal = ProposalFactory(budget=budget)
    allowed = _allowed("comment")
    client = api(resident.user)
    # when a resident posts 40 comments at once through the API
    answers = [client.post("/api/v1/comments/", {"target": f"budgets.proposal:{proposal.pk}",
                                                 "body": f"Spam {i}"}, format="json")
               for i in range(40)]
    # then only the allowed number are published, and the rest answer 429 in French
    assert answers[0].status_code == 201, answers[0].content
    _limited_after([a.status_code for a in answers], allowed)
    assert Comment.objects.filter(author=resident.user).count() == allowed
    assert answers[-1].json()["code"] == "throttled"
    assert MESSAGE in answers[-1].json()["message"]
    # and the web page shares the same counter
    browser = Client()
    browser.force_login(resident.user)
    page = browser.post(reverse("budgets_web:proposal", args=[proposal.pk]) + "?do=comment",
                        {"comment-body": "Encore"})
    assert page.status_code == 429 and MESSAGE in page.text


def test_reports_are_limited_per_account(neighbourhood, resident):
    budget = BudgetFactory(neighbourhood=neighbourhood)
    proposal = ProposalFactory(budget=budget)
    author = ResidentFactory(neighbourhood=neighbourhood).user
    allowed = _allowed("report")
    targets = [Comment.objects.create(target=proposal, author=author, body=f"Avis {i}")
               for i in range(allowed + 5)]
    client = api(resident.user)
    answers = [client.post(f"/api/v1/comments/{c.pk}/report/", {"reason": "Hors sujet"},
                           format="json") for c in targets]
    assert answers[0].status_code == 204
    _limited_after([a.status_code for a in answers], allowed)


def test_wrong_passwords_on_erasure_are_limited_and_the_account_survives(resident):
    client = api(resident.user)
    allowed = _allowed("erase")
    # when someone holding the session tries passwords on /api/v1/me/erase/
    answers = [client.post("/api/v1/me/erase/", {"password": f"essai{i}", "confirm": True},
                           format="json") for i in range(allowed + 5)]
    right = client.post("/api/v1/me/erase/", {"password": PASSWORD, "confirm": True},
                        format="json")
    # then the guesses stop being checked and even the right password is refused for now
    assert answers[0].status_code == 400
    _limited_after([a.status_code for a in answers], allowed)
    assert right.status_code == 429
    assert User.objects.filter(pk=resident.user.pk, is_active=True).exists()
    # and the page shares the counter
    browser = Client()
    browser.force_login(resident.user)
    page = browser.post(reverse("frontend:data_erase"), {"password": PASSWORD, "confirm": "on"})
    assert page.status_code == 429 and MESSAGE in page.text


def test_invitations_are_limited_per_account(resident, neighbourhood):
    # given a draft initiative and a proposal the resident leads
    InitiativeCharterFactory()
    initiative = CitizenInitiativeFactory(created_by=resident.user)
    proposal = ProposalFactory(budget=BudgetFactory(neighbourhood=neighbourhood,
                                                    submission=True), author=resident.user)
    allowed = _allowed("invite")
    client = api(resident.user)
    # when the resident sends many promoter and co-author invitations
    answers = [client.post(f"/api/v1/initiatives/{initiative.pk}/promoters/",
                           {"email": f"ami{i}@exemple.fr"}, format="json")
               for i in range(allowed)]
    answers += [client.post(f"/api/v1/budget-proposals/{proposal.pk}/coauthors/",
                            {"email": f"ami{i}@exemple.fr"}, format="json") for i in range(5)]
    # then the invitations beyond the limit are refused, whichever kind
    _limited_after([a.status_code for a in answers], allowed)
    browser = Client()
    browser.force_login(resident.user)
    page = browser.post(reverse("petitions_web:invite", args=[initiative.pk]),
                        {"email": "encore@exemple.fr"})
    assert page.status_code == 429 and MESSAGE in page.text
