"""Personal data (RGPD): a resident downloads all their data and nobody else's, through a
link that works once and expires; erasing an account removes personal data and leaves every
tally and signature count as it was; the retention purge applies the documented periods."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from budgets.models import Tally
from budgets.services import tally_input
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import AuditEntry, Comment, DataExport, Notification, User
from civic.services.audit import audit_chain_verify
from civic.services.personal_data import personal_data_purge
from civic.tests.factories import ResidentFactory
from commissions.models import Application, Membership
from commissions.tests.factories import ApplicationFactory, MemberCallFactory, MembershipFactory
from petitions.services.signatures import signature_add
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.reliability.support import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def civic_life(neighbourhood, django_capture_on_commit_callbacks):
    """Two residents who proposed, voted, signed, commented, applied and sit on a body."""
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    projects = [ProposalFactory(budget=budget, feasible=True) for _ in range(3)]
    initiative = CitizenInitiativeFactory(
        charter=InitiativeCharterFactory(threshold_absolute=50), collecting=True,
        signature_threshold=50)
    people = {}
    for name, pick in (("nadia", 0), ("julien", 1)):
        resident = ResidentFactory(neighbourhood=neighbourhood, user__first_name=name.title(),
                                   user__email=f"{name}@decidons.test",
                                   postal_address=f"{pick + 3} rue {name.title()}, Alès")
        user = resident.user
        ProposalFactory(budget=budget, author=user, title=f"Projet de {name}")
        ballot = ballot_cast(budget=budget, voter=user, choices={projects[pick].pk: 1})
        signature_add(initiative=initiative, resident=resident, show_name=True)
        Comment.objects.create(target=projects[pick], author=user,
                               body=f"Commentaire personnel de {name}")
        ApplicationFactory(applicant=user, motivation=f"Motivation de {name}")
        MembershipFactory(member=user)
        people[name] = {"user": user, "resident": resident, "receipt": ballot.receipt_display}
    return {"budget": budget, "projects": projects, "initiative": initiative, **people}


def _download(user):
    client = api_as(user)
    created = client.post("/api/v1/me/data-export/")
    assert created.status_code == 201
    return client, created.json()["download_url"]


def test_a_resident_downloads_all_their_data_and_nothing_of_anyone_else(civic_life):
    # given
    nadia, julien = civic_life["nadia"], civic_life["julien"]
    # when nadia asks for her data and downloads it
    client, url = _download(nadia["user"])
    response = client.get(url)
    # then the file holds her account, profile, project, ballot receipt, signature, comment,
    # application, membership, notifications and the audit entries about her
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    data = json.loads(text)["sections"]
    assert data["civic"]["account"]["email"] == "nadia@decidons.test"
    assert data["civic"]["resident_profile"]["postal_address"] == "3 rue Nadia, Alès"
    assert [b["receipt"] for b in data["budgets"]["ballots"]] == [nadia["receipt"]]
    assert "salt" not in data["budgets"]["ballots"][0]
    assert [p["title"] for p in data["budgets"]["proposals"]] == ["Projet de nadia"]
    assert [s["initiative"] for s in data["petitions"]["signatures"]] == [
        civic_life["initiative"].pk]
    assert [c["body"] for c in data["civic"]["comments"]] == ["Commentaire personnel de nadia"]
    assert [a["motivation"] for a in data["commissions"]["applications"]] == [
        "Motivation de nadia"]
    assert len(data["commissions"]["memberships"]) == 1
    assert data["civic"]["notifications"]
    assert {"initiative.signed"} <= {
        e["verb"] for e in data["civic"]["audit_entries"]}
    # and nothing of julien's
    for trace in ("julien", "Julien", julien["receipt"], "4 rue Julien"):
        assert trace not in text


def test_the_download_link_works_once_and_a_replay_is_refused_with_410(civic_life):
    # given a link already used once
    client, url = _download(civic_life["nadia"]["user"])
    assert client.get(url).status_code == 200
    # when it is replayed
    replay = client.get(url)
    # then it is refused with a clear message, and the row records the single use
    assert replay.status_code == 410
    assert replay.json()["code"] == "export_link_gone"
    assert DataExport.objects.get().used_at is not None


def test_the_download_link_expires_after_an_hour(civic_life):
    # given a fresh link
    client, url = _download(civic_life["nadia"]["user"])
    # when it is used an hour and a minute later
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        late = client.get(url)
    # then it is refused
    assert late.status_code == 410
    assert DataExport.objects.get().used_at is None


def test_someone_elses_or_a_forged_link_gives_nothing(civic_life):
    # given nadia's link
    _client, url = _download(civic_life["nadia"]["user"])
    julien = api_as(civic_life["julien"]["user"])
    # when julien uses it, or a tampered one
    stolen = julien.get(url)
    forged = julien.get(url.replace("data-export/", "data-export/x"))
    # then neither gives any data, and nadia's link is still unused
    assert (stolen.status_code, stolen.json()["code"]) == (410, "export_link_invalid")
    assert forged.status_code == 410
    assert "nadia" not in stolen.content.decode() + forged.content.decode()
    assert DataExport.objects.get().used_at is None


def test_an_anonymous_visitor_cannot_ask_for_an_export(client):
    assert client.post("/api/v1/me/data-export/").status_code == 401


def _tally_fingerprint(budget):
    ballots = tally_input.read_ballots(budget)
    return tally_input.fingerprint_of(budget, ballots, tally_input.ballot_projects(budget))


@pytest.mark.django_db(transaction=True)
def test_erasing_an_account_removes_personal_data_and_keeps_tallies_and_signature_counts(
        civic_life, clerk, django_capture_on_commit_callbacks):
    # given a counted budget and an initiative with two signatures, both closed (an erasure
    # waits for what the person counts in to close)
    budget, initiative = civic_life["budget"], civic_life["initiative"]
    nadia = civic_life["nadia"]["user"]
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    _collection_ended(initiative)
    before = Tally.objects.get(budget=budget)
    outcomes_before = list(before.outcomes.values_list("proposal_id", "score", "selected"))
    fingerprint_before = _tally_fingerprint(budget)
    # when nadia erases her account with her password
    response = api_as(nadia).post("/api/v1/me/erase/", {"password": "motdepasse-solide-42",
                                                        "confirm": True}, format="json")
    # then her personal data is gone
    assert response.status_code == 200
    nadia.refresh_from_db()
    assert (nadia.email, nadia.first_name, nadia.is_active) == (
        f"efface-{nadia.pk}@efface.invalid", "Compte effacé", False)
    assert not nadia.has_usable_password()
    assert (nadia.resident.date_of_birth, nadia.resident.postal_address) == (None, "")
    assert Comment.objects.get(author=nadia).body.startswith("[Commentaire effacé")
    assert not Notification.objects.filter(recipient=nadia).exists()
    assert Application.objects.get(applicant=nadia).motivation == ""
    assert Membership.objects.get(member=nadia).status == "ended"
    assert not nadia.resident.initiative_signatures.filter(show_name=True).exists()
    # and everything she counted in stays: same ballots, same tally, same signature count
    assert _tally_fingerprint(budget) == fingerprint_before
    assert list(before.outcomes.values_list("proposal_id", "score", "selected")) \
        == outcomes_before
    initiative.refresh_from_db()
    assert initiative.signature_count == 2 == initiative.signatures.filter(
        status="valid").count()
    # and it is audited, in an intact chain
    assert AuditEntry.objects.filter(verb="personal_data.account_erased",
                                     target_id=str(nadia.pk)).count() == 1
    assert audit_chain_verify().ok
    # and the account no longer logs in
    assert not api_as(None).post("/api/v1/auth/token/", {
        "username": "nadia@decidons.test", "password": "motdepasse-solide-42"},
        format="json").status_code == 200


def test_erasure_needs_the_password_and_a_confirmation(civic_life):
    # given
    client = api_as(civic_life["nadia"]["user"])
    # when
    wrong = client.post("/api/v1/me/erase/", {"password": "pas-le-bon", "confirm": True},
                        format="json")
    unconfirmed = client.post("/api/v1/me/erase/", {"password": "motdepasse-solide-42",
                                                    "confirm": False}, format="json")
    # then nothing is erased and each error names its field
    assert (wrong.status_code, list(wrong.json()["fields"])) == (400, ["password"])
    assert (unconfirmed.status_code, list(unconfirmed.json()["fields"])) == (400, ["confirm"])
    assert User.objects.filter(email="nadia@decidons.test", is_active=True).exists()


def _collection_ended(initiative):
    """The collection's deadline passed (what the beat job records)."""
    type(initiative).objects.filter(pk=initiative.pk).update(status="expired")


def test_the_account_pages_download_once_and_erase_with_confirmation(civic_life, client):
    # given nadia logged in on the web, her vote and her signature closed
    nadia = civic_life["nadia"]["user"]
    type(civic_life["budget"]).objects.filter(pk=civic_life["budget"].pk).update(status="tally")
    _collection_ended(civic_life["initiative"])
    client.force_login(nadia)
    assert "/compte/donnees/" in client.get("/compte/").content.decode()
    # when she prepares her file, downloads it and follows the link again
    page = client.post("/compte/donnees/")
    link = page.context["download_url"]
    first, again = client.get(link), client.get(link)
    # then the first gives the file, the second a page saying what to do
    assert first.status_code == 200 and first["Content-Type"].startswith("application/json")
    assert again.status_code == 410
    assert "Demander un nouveau fichier" in again.content.decode()
    # when she erases without ticking the box, then with it
    refused = client.post("/compte/donnees/effacer/", {"password": "motdepasse-solide-42"})
    done = client.post("/compte/donnees/effacer/", {"password": "motdepasse-solide-42",
                                                    "confirm": "on"})
    # then the first is shown again with the error by the box, the second logs her out
    assert refused.status_code == 400
    assert "Cochez la case" in refused.content.decode()
    assert done.status_code == 302
    assert client.get("/compte/").status_code == 302  # back to the login page
    nadia.refresh_from_db()
    assert not nadia.is_active


def test_the_retention_purge_removes_what_is_past_its_period_and_is_idempotent(civic_life):
    # given notifications, export requests and an application from long ago
    nadia = civic_life["nadia"]["user"]
    long_ago = timezone.now() - timedelta(days=400)
    Notification.objects.filter(recipient=nadia).update(created_at=long_ago)
    waiting = Notification.objects.create(recipient=nadia, channel="email", kind="test",
                                          subject="s", body="b", dedupe_key="waiting")
    Notification.objects.filter(pk=waiting.pk).update(created_at=long_ago)
    recent = Notification.objects.filter(recipient=civic_life["julien"]["user"]).count()
    DataExport.objects.create(user=nadia, created_at=long_ago, expires_at=long_ago)
    old_call = MemberCallFactory(status="completed",
                                 closes_on=timezone.localdate() - timedelta(days=400))
    old = ApplicationFactory(call=old_call, motivation="Ancienne motivation")
    # when the beat job runs, twice
    first = personal_data_purge()
    second = personal_data_purge()
    # then old rows are gone, pending e-mails and recent rows stay; the second run does nothing
    assert not Notification.objects.filter(recipient=nadia).exclude(pk=waiting.pk).exists()
    assert Notification.objects.filter(pk=waiting.pk).exists()
    assert Notification.objects.filter(recipient=civic_life["julien"]["user"]).count() == recent
    assert not DataExport.objects.exists()
    old.refresh_from_db()
    assert old.motivation == ""
    assert Application.objects.filter(motivation="Motivation de nadia").exists()
    assert first["civic.notifications"] > 0 and first["civic.data_exports"] == 1
    assert first["commissions.application_texts"] == 1
    assert not any(second.values())
