"""Counter pages: register without e-mail, paper ballots typed twice, paper signatures."""

import pytest

from budgets import selectors
from budgets.models import Ballot, PaperBallotEntry
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import AuditEntry, Notification, Resident
from civic.roles import Role
from civic.services.notifications import notification_enqueue
from civic.tests.factories import ResidentFactory, staff_user
from petitions.models import Signature
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, title="Budget des Prés")
    for title in ("Bancs au square", "Fontaine", "Piste cyclable"):
        ProposalFactory(budget=budget, feasible=True, title=title, cost_cents=1_000_000,
                        estimated_cost_cents=1_000_000)
    return budget


def _counted(budget):
    return list(Ballot.objects.filter(budget=budget).exclude(content="")
                .values_list("content", flat=True))


def _ticks(budget, *titles):
    return {f"project_{p.pk}": "on" for p in budget.proposals.filter(title__in=titles)}


def test_clerk_registers_a_resident_without_email_who_never_gets_an_email(client, clerk,
                                                                          neighbourhood):
    # given
    client.force_login(clerk)
    # when
    response = client.post("/guichet/habitants/nouveau/", {
        "first_name": "Fatima", "last_name": "Benali", "email": "",
        "date_of_birth": "12/05/1961", "neighbourhood": neighbourhood.pk,
        "postal_address": "3 rue de la Roque"}, follow=True)
    # then
    resident = Resident.objects.get(user__last_name="Benali")
    assert response.status_code == 200
    assert "Pas d'adresse e-mail" in response.content.decode()
    assert resident.user.email.endswith("@decidons.invalid")
    assert not resident.user.has_usable_password()
    assert AuditEntry.objects.get(verb="resident.registered").data["assisted"] is True
    notification_enqueue(recipients=[resident.user], kind="test", subject="Objet",
                         body="Texte", dedupe_key="test:no-email")
    assert list(Notification.objects.filter(recipient=resident.user)
                .values_list("channel", flat=True)) == ["in_app"]


def test_registration_form_shows_errors_next_to_the_fields(client, clerk):
    # given
    client.force_login(clerk)
    # when
    response = client.post("/guichet/habitants/nouveau/", {"first_name": "Ana",
                                                           "date_of_birth": "31/02/1990"})
    # then
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and "Ce champ est obligatoire" in body


def test_clerks_type_a_paper_ballot_blind_and_a_third_settles_a_disagreement(
        client, clerk, budget, resident):
    # given a first entry by one clerk
    other = staff_user(Role.CLERK, first_name="Luc", last_name="Arnal")
    third = staff_user(Role.CLERK, first_name="Inès", last_name="Sarda")
    client.force_login(clerk)
    first = client.post(f"/guichet/habitants/{resident.pk}/bulletin/{budget.pk}/",
                        {"form_reference": "A-17", **_ticks(budget, "Bancs au square",
                                                             "Fontaine")})
    entry = PaperBallotEntry.objects.get()
    # the same clerk is not offered the next entry
    assert first.status_code == 302
    assert "Un autre agent doit faire la saisie suivante" in client.get(
        f"/guichet/bulletins/{entry.pk}/").content.decode()
    # when another clerk types it differently
    client.force_login(other)
    page = client.get(f"/guichet/bulletins/{entry.pk}/").content.decode()
    refused = client.post(f"/guichet/bulletins/{entry.pk}/",
                          _ticks(budget, "Bancs au square", "Piste cyclable"), follow=True)
    # then neither the page nor the refusal shows anything of the first typing
    assert 'checked' not in page
    told = refused.content.decode()
    assert "ne concorde pas" in told and "troisième agent" in told
    assert "Fontaine" not in told and "coché" not in told
    assert _counted(budget) == []
    # when a third clerk types it and agrees with the first clerk
    client.force_login(third)
    done = client.post(f"/guichet/bulletins/{entry.pk}/",
                       _ticks(budget, "Bancs au square", "Fontaine"), follow=True)
    # then the ballot counts and the printed receipt names the clerks, not the choices
    assert len(_counted(budget)) == 1
    receipt = done.content.decode()
    assert selectors.ballot_of(budget=budget, voter=resident.user).receipt_display in receipt
    assert clerk.get_full_name() in receipt and "Inès Sarda" in receipt
    assert "Bancs au square" not in receipt


def test_clerk_records_a_paper_signature_and_prints_its_receipt(client, clerk, resident):
    # given
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          title="Un banc devant la poste")
    client.force_login(clerk)
    # when
    response = client.post(f"/guichet/habitants/{resident.pk}/signature/",
                           {"initiative": initiative.pk}, follow=True)
    # then
    signature = Signature.objects.get(resident=resident)
    assert signature.channel == "paper" and signature.recorded_by == clerk
    assert response.redirect_chain[-1][0] == f"/guichet/signatures/{signature.pk}/recu/"
    assert "Un banc devant la poste" in response.content.decode()


def test_paper_signature_refusal_is_shown_on_the_residents_page(client, clerk):
    # given an unverified resident
    unverified = ResidentFactory(unverified=True)
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True)
    client.force_login(clerk)
    # when
    response = client.post(f"/guichet/habitants/{unverified.pk}/signature/",
                           {"initiative": initiative.pk}, follow=True)
    # then the refusal is shown at the resident page's own address (post/redirect/get)
    assert response.redirect_chain == [(f"/guichet/habitants/{unverified.pk}/", 302)]
    assert not Signature.objects.exists()
    assert "errorlist" in response.content.decode()


def test_paper_ballot_api_refuses_a_disagreeing_entry_without_saying_how_it_differs(
        client, clerk, budget, resident):
    # given
    other, third = staff_user(Role.CLERK), staff_user(Role.CLERK)
    ids = {p.title: p.pk for p in budget.proposals.all()}
    client.force_login(clerk)
    created = client.post(f"/api/v1/budgets/{budget.pk}/paper-ballots/", {
        "resident": resident.pk, "choices": [{"proposal": ids["Fontaine"]}]},
        content_type="application/json")
    entry_id = created.json()["id"]
    client.force_login(other)
    # when
    refused = client.post(f"/api/v1/paper-ballots/{entry_id}/second-entry/", {
        "choices": [{"proposal": ids["Bancs au square"]}]}, content_type="application/json")
    pending = client.get("/api/v1/paper-ballots/").content.decode()
    client.force_login(third)
    confirmed = client.post(f"/api/v1/paper-ballots/{entry_id}/second-entry/", {
        "choices": [{"proposal": ids["Fontaine"]}]}, content_type="application/json")
    # then no answer carries what another clerk typed
    assert created.status_code == 201 and "choices" not in created.json()
    assert refused.status_code == 409 and refused.json()["code"] == "paper_ballot_mismatch"
    for answer in (refused.content.decode(), pending):
        assert "Fontaine" not in answer and "\"proposal\"" not in answer
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert len(_counted(budget)) == 1


def test_paper_ballot_and_register_apis_are_for_clerks_only(client, resident, budget):
    # given
    client.force_login(resident.user)
    # when / then
    assert client.get("/api/v1/paper-ballots/").status_code == 403
    assert client.post("/api/v1/residents/register/", {}).status_code == 403


def test_register_api_accepts_a_resident_without_email(client, clerk, neighbourhood):
    # given
    client.force_login(clerk)
    # when
    response = client.post("/api/v1/residents/register/", {
        "first_name": "Odette", "last_name": "Roux", "date_of_birth": "1948-02-01",
        "neighbourhood": neighbourhood.code}, content_type="application/json")
    # then
    assert response.status_code == 201
    assert response.json()["email"].endswith("@decidons.invalid")


def test_residents_page_says_why_an_unverified_resident_cannot_vote_yet(client, clerk, budget):
    # given
    unverified = ResidentFactory(unverified=True, neighbourhood=budget.neighbourhood)
    client.force_login(clerk)
    # when
    response = client.get(f"/guichet/habitants/{unverified.pk}/")
    # then
    assert response.status_code == 200
    assert "Saisir le bulletin papier" not in response.content.decode()
    assert budget.title in response.content.decode()


def test_a_cancelled_paper_ballot_leads_back_to_the_waiting_list(client, clerk, budget,
                                                                 resident):
    # given an entry cancelled by another clerk
    other = staff_user(Role.CLERK)
    client.force_login(clerk)
    client.post(f"/guichet/habitants/{resident.pk}/bulletin/{budget.pk}/",
                _ticks(budget, "Fontaine"))
    entry = PaperBallotEntry.objects.get()
    client.force_login(other)
    client.post(f"/guichet/bulletins/{entry.pk}/annuler/", {"reason": "Formulaire déchiré"})
    # when its pages are opened again
    second = client.get(f"/guichet/bulletins/{entry.pk}/", follow=True)
    receipt = client.get(f"/guichet/bulletins/{entry.pk}/recu/", follow=True)
    # then both lead to the list, saying it was cancelled, and nothing counts
    assert second.redirect_chain[-1][0] == receipt.redirect_chain[-1][0] == "/guichet/bulletins/"
    assert "annulée" in second.content.decode()
    assert not Ballot.objects.exclude(content="").exists()
