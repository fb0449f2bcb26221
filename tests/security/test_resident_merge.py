"""Merging two accounts of one person: one ballot per budget, one signature per initiative,
everything else moved, the duplicate account closed, the whole merge audited."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from budgets import selectors
from budgets.models import Ballot, PaperBallotEntry, Proposal
from budgets.services.ballots import ballot_cast
from budgets.services.paper_ballots import paper_ballot_enter_first
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.errors import DomainError
from civic.models import AuditEntry, Comment, Notification, Resident
from civic.models.user import VerificationStatus
from civic.services.audit import audit_chain_verify
from civic.services.comments import comment_create
from civic.services.merge import resident_merge
from civic.services.notifications import notification_enqueue
from civic.tests.factories import ResidentFactory
from commissions.models import Membership
from commissions.tests.factories import MembershipFactory
from petitions.models import Signature
from petitions.services.signatures import signature_add
from petitions.states import Status as InitiativeStatus
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db

BORN = date(1985, 6, 15)


def _counted(budget):
    return Ballot.objects.filter(budget=budget).exclude(content="").count()


@pytest.fixture
def elodie(neighbourhood):
    return ResidentFactory(neighbourhood=neighbourhood, user__first_name="Élodie",
                           user__last_name="Martin-Durand", date_of_birth=BORN)


@pytest.fixture
def duplicate(neighbourhood):
    """Her second account, verified before identity keys existed (as the backfill leaves
    such an account: no key, flagged)."""
    return ResidentFactory(neighbourhood=neighbourhood, user__first_name="ELODIE",
                           user__last_name="martin durand", date_of_birth=BORN,
                           identity_key=None, user__email="elodie.bis@exemple.fr")


def _voting(neighbourhood, **extra):
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, **extra)
    return budget, ProposalFactory(budget=budget, feasible=True)


def test_merge_keeps_one_ballot_per_budget_and_one_signature_per_initiative_and_is_audited(
        neighbourhood, clerk, elodie, duplicate):
    # given both accounts voted in the neighbourhood's budget, only the duplicate in another
    both_voted, p1 = _voting(neighbourhood, title="Budget des Prés")
    only_duplicate, p2 = _voting(neighbourhood, title="Budget des écoles", year=2027)
    waiting, p3 = _voting(neighbourhood, title="Budget des parcs", year=2028)
    kept = ballot_cast(budget=both_voted, voter=elodie.user, choices={p1.pk: 1})
    ballot_cast(budget=both_voted, voter=duplicate.user, choices={p1.pk: 1})
    moved = ballot_cast(budget=only_duplicate, voter=duplicate.user, choices={p2.pk: 1})
    paper_ballot_enter_first(budget=waiting, voter=duplicate.user, choices={p3.pk: 1},
                             clerk=clerk)
    # and both signed one initiative (which reached its threshold of two), the duplicate another
    charter = InitiativeCharterFactory()
    signed_twice = CitizenInitiativeFactory(charter=charter, collecting=True,
                                            signature_threshold=2)
    signed_once = CitizenInitiativeFactory(charter=charter, collecting=True)
    signature_add(initiative=signed_twice, resident=elodie)
    signature_add(initiative=signed_twice, resident=duplicate)
    signature_add(initiative=signed_once, resident=duplicate)
    signed_twice.refresh_from_db()
    assert signed_twice.status == InitiativeStatus.THRESHOLD_REACHED
    # and the duplicate proposed a project, commented, sits on a commission, got a message
    proposal = ProposalFactory(budget=only_duplicate, author=duplicate.user)
    comment = comment_create(target=proposal, author=duplicate.user, body="Bonne idée.")
    seat = MembershipFactory(member=duplicate.user)
    notification_enqueue(recipients=[duplicate.user], kind="test", subject="Objet",
                         body="Texte", dedupe_key="test:merge")
    # when a clerk merges the duplicate into her record
    outcome = resident_merge(survivor=elodie, duplicate=duplicate, clerk=clerk,
                             reason="Même carte d'identité présentée au guichet.")
    # then each budget counts exactly one ballot, hers (found through her tag)
    assert _counted(both_voted) == 1 and _counted(only_duplicate) == 1
    assert selectors.ballot_of(budget=both_voted, voter=elodie.user).receipt == kept.receipt
    assert selectors.ballot_of(budget=only_duplicate, voter=elodie.user).receipt \
        == moved.receipt
    assert selectors.ballot_of(budget=only_duplicate, voter=duplicate.user) is None
    assert selectors.receipt_list(budget=both_voted).count() == 1
    assert PaperBallotEntry.objects.get(budget=waiting).status == "cancelled"
    # and each initiative one signature: the threshold reached by the double signature is lost
    signed_twice.refresh_from_db()
    assert signed_twice.signature_count == 1
    assert signed_twice.status == InitiativeStatus.COLLECTING
    assert Signature.objects.filter(initiative=signed_twice, status="valid").get().resident \
        == elodie
    assert Signature.objects.get(initiative=signed_once).resident == elodie
    # and the rest is hers now
    assert Proposal.objects.get(pk=proposal.pk).author == elodie.user
    assert Comment.objects.get(pk=comment.pk).author == elodie.user
    assert Membership.objects.get(pk=seat.pk).member == elodie.user
    assert Notification.objects.filter(recipient=elodie.user, kind="test").exists()
    # and the duplicate account is closed, its record pointing at hers
    duplicate.refresh_from_db()
    assert duplicate.merged_into == elodie
    assert duplicate.verification_status == VerificationStatus.REVOKED
    assert not duplicate.user.is_active
    logged = Client().post(reverse("frontend:login"), {"username": "elodie.bis@exemple.fr",
                                                       "password": "motdepasse-solide-42"})
    assert logged.status_code == 200 and "_auth_user_id" not in logged.client.session
    # and the merge is in the audit log, with what moved, the chain still intact
    entry = AuditEntry.objects.get(verb="resident.merged")
    assert entry.actor == clerk
    assert entry.target_id == str(elodie.pk)
    assert entry.data["duplicate"] == duplicate.pk
    assert entry.data["reason"] == "Même carte d'identité présentée au guichet."
    assert entry.data["moved"]["budgets"]["ballots_dropped"] == 1
    assert entry.data["moved"]["petitions"]["signatures_invalidated"] == 1
    assert outcome.moved == entry.data["moved"]
    assert audit_chain_verify().ok


def test_merge_refuses_two_people_with_different_birthplaces(neighbourhood, clerk):
    # given two namesakes whose identity documents show different birthplaces
    first = ResidentFactory(neighbourhood=neighbourhood, user__first_name="Jean",
                            user__last_name="Dupont", date_of_birth=BORN, birthplace="Alès")
    second = ResidentFactory(neighbourhood=neighbourhood, user__first_name="Jean",
                             user__last_name="Dupont", date_of_birth=BORN, birthplace="Nîmes")
    # when a clerk tries to merge them
    with pytest.raises(DomainError) as refused:
        resident_merge(survivor=first, duplicate=second, clerk=clerk, reason="Doublon ?")
    # then it is refused and nothing changes
    assert refused.value.code == "not_same_identity"
    second.refresh_from_db()
    assert second.merged_into is None and second.user.is_active


def test_merge_refuses_records_of_different_names_or_birth_dates(neighbourhood, clerk, elodie):
    # given another resident
    other = ResidentFactory(neighbourhood=neighbourhood, unverified=True)
    # when a clerk tries to fold it into Élodie's record
    with pytest.raises(DomainError) as refused:
        resident_merge(survivor=elodie, duplicate=other, clerk=clerk, reason="Erreur")
    # then it is refused
    assert refused.value.code == "not_same_identity"
    assert not AuditEntry.objects.filter(verb="resident.merged").exists()


def test_the_merge_api_is_for_clerks_and_answers_what_moved(neighbourhood, clerk, elodie,
                                                           duplicate):
    # given a resident and a clerk
    resident_api, clerk_api = APIClient(), APIClient()
    resident_api.force_authenticate(elodie.user)
    clerk_api.force_authenticate(clerk)
    body = {"survivor": elodie.pk, "duplicate": duplicate.pk, "reason": "Même personne."}
    # when each asks for the merge
    refused = resident_api.post("/api/v1/residents/merge/", body, format="json")
    done = clerk_api.post("/api/v1/residents/merge/", body, format="json")
    # then only the clerk's is done
    assert refused.status_code == 403
    assert done.status_code == 200
    assert done.json()["survivor"]["id"] == elodie.pk
    assert done.json()["moved"]["budgets"]["ballots_moved"] == 0
    assert Resident.objects.get(pk=duplicate.pk).merged_into_id == elodie.pk
    # and a second merge of the same pair is a conflict
    again = clerk_api.post("/api/v1/residents/merge/", body, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_merged"


def test_the_merge_page_shows_what_will_happen_then_merges_on_confirmation(
        client, neighbourhood, clerk, elodie, duplicate):
    # given both accounts voted in one budget
    budget, proposal = _voting(neighbourhood)
    ballot_cast(budget=budget, voter=elodie.user, choices={proposal.pk: 1})
    ballot_cast(budget=budget, voter=duplicate.user, choices={proposal.pk: 1})
    client.force_login(clerk)
    url = f"/guichet/fusion/?survivor={elodie.pk}&duplicate={duplicate.pk}"
    # when the clerk opens the merge page for the two records
    preview = client.get(url)
    # then it names both and says the duplicate ballot goes, and nothing has changed yet
    assert preview.status_code == 200
    page = preview.text
    assert "Élodie Martin-Durand" in page and "ELODIE martin durand" in page
    assert "Bulletins en double supprimés (celui de la fiche conservée compte) : 1" in page
    assert _counted(budget) == 2
    assert not AuditEntry.objects.filter(verb="resident.merged").exists()
    # when the clerk confirms without a reason, then with one
    missing = client.post("/guichet/fusion/", {"survivor": elodie.pk,
                                               "duplicate": duplicate.pk})
    done = client.post("/guichet/fusion/", {"survivor": elodie.pk, "duplicate": duplicate.pk,
                                            "reason": "Même pièce d'identité."})
    # then the first is refused next to the reason, the second merges
    assert missing.status_code == 400
    assert missing.context["form"].errors["reason"]
    assert done.status_code == 302 and done.url == f"/guichet/habitants/{elodie.pk}/"
    assert _counted(budget) == 1
    assert selectors.ballot_of(budget=budget, voter=elodie.user) is not None


def test_a_merge_refusal_is_shown_on_the_merge_page(client, clerk, elodie):
    # given a verified record and an unverified one of someone else
    other = ResidentFactory(unverified=True)
    client.force_login(clerk)
    # when the clerk opens the merge page for them
    response = client.get(f"/guichet/fusion/?survivor={elodie.pk}&duplicate={other.pk}")
    # then the page says why it cannot be done and offers no confirmation
    assert response.status_code == 400
    assert "pas les mêmes nom, prénom et date de naissance" in response.text
    assert "Confirmer la fusion" not in response.text
