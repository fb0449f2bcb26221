"""Invitations reveal nothing about accounts nor names (issue 12): the inviter learns who
has an account, and their name, only if that person accepts."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from budgets import personal_data as budgets_personal_data
from budgets.models import ProposalCoAuthor
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import AuditEntry, Notification
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


def test_inviting_a_co_author_shows_nothing_until_the_invitee_accepts(resident, neighbourhood):
    proposal = ProposalFactory(budget=BudgetFactory(neighbourhood=neighbourhood,
                                                    submission=True), author=resident.user)
    friend = ResidentFactory(neighbourhood=neighbourhood, user__first_name="Yasmine",
                             user__last_name="Keller")
    author = Client()
    author.force_login(resident.user)
    page = reverse("budgets_web:proposal", args=[proposal.pk])
    api_detail = f"/api/v1/budget-proposals/{proposal.pk}/"
    before = APIClient().get(api_detail).json()
    # when the author invites an eligible resident's address and an unknown address
    for email in (friend.user.email, "personne@nulle.part"):
        author.post(reverse("budgets_web:proposal", args=[proposal.pk]) + "?do=coauthor",
                    {"coauthor-email": email})
    # then neither the public page, nor the API, nor the author's own page names anyone
    assert "Yasmine" not in Client().get(page).text
    assert "Yasmine" not in author.get(page).text
    assert APIClient().get(api_detail).json() == before
    # and only the invitee was told, with a link to answer
    invitation = Notification.objects.get(recipient=friend.user, kind="budget_coauthor_invitation",
                                          channel="email")
    assert "/budgets/projets/invitations/" in invitation.url


def _invited(resident, neighbourhood):
    proposal = ProposalFactory(budget=BudgetFactory(neighbourhood=neighbourhood,
                                                    submission=True), author=resident.user)
    friend = ResidentFactory(neighbourhood=neighbourhood, user__first_name="Yasmine")
    _api(resident.user).post(f"/api/v1/budget-proposals/{proposal.pk}/coauthors/",
                             {"email": friend.user.email}, format="json")
    return proposal, friend.user, ProposalCoAuthor.objects.get(proposal=proposal)


def test_the_invitee_accepts_on_the_invitation_page_and_then_shows_as_co_author(
        resident, neighbourhood):
    proposal, friend, link = _invited(resident, neighbourhood)
    browser = Client()
    browser.force_login(friend)
    url = reverse("budgets_web:coauthor_invitation", args=[link.pk])
    # the invitation page offers both answers
    page = browser.get(url)
    assert page.status_code == 200 and "Accepter" in page.text and "Décliner" in page.text
    # when the invitee accepts
    answer = browser.post(url, {"accept": "1"})
    # then post/redirect/get back to the invitation, which says so
    assert answer.status_code == 302 and answer["Location"] == url
    assert "Vous avez accepté cette invitation." in browser.get(url).text
    # and the public page names them among the authors
    assert "Yasmine" in Client().get(reverse("budgets_web:proposal", args=[proposal.pk])).text
    assert AuditEntry.objects.filter(verb="budget.proposal_coauthor_accepted").exists()


def test_the_invitee_declines_through_the_api_and_stays_unnamed(resident, neighbourhood):
    proposal, friend, link = _invited(resident, neighbourhood)
    # when the invitee declines
    answer = _api(friend).post(f"/api/v1/budget-proposals/coauthor-invitations/{link.pk}/decline/")
    # then
    assert answer.status_code == 200 and answer.json()["declined_at"]
    assert "Yasmine" not in Client().get(reverse("budgets_web:proposal", args=[proposal.pk])).text
    # and a second answer is refused
    again = _api(friend).post(f"/api/v1/budget-proposals/coauthor-invitations/{link.pk}/accept/")
    assert again.status_code == 409
    assert not ProposalCoAuthor.objects.accepted().exists()


def test_nobody_else_can_see_or_answer_an_invitation(resident, neighbourhood):
    _proposal, _friend, link = _invited(resident, neighbourhood)
    # the author and another resident
    for user in (resident.user, ResidentFactory(neighbourhood=neighbourhood).user):
        browser = Client()
        browser.force_login(user)
        url = reverse("budgets_web:coauthor_invitation", args=[link.pk])
        assert browser.get(url).status_code == 404
        assert browser.post(url, {"accept": "1"}).status_code == 404
        api_url = f"/api/v1/budget-proposals/coauthor-invitations/{link.pk}/accept/"
        assert _api(user).post(api_url).status_code == 404
    link.refresh_from_db()
    assert link.accepted_at is None and link.declined_at is None


def test_the_personal_data_export_lists_a_pending_invitation(resident, neighbourhood):
    proposal, friend, _link = _invited(resident, neighbourhood)
    data = budgets_personal_data.export(friend)
    assert data["co_authored_proposals"] == []
    assert [i["proposal"] for i in data["co_author_invitations"]] == [proposal.pk]
