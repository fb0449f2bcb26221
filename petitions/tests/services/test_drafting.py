import pytest

from civic.errors import DomainError, InvalidTransition, NotEligible, NotPermitted
from civic.models import AuditEntry, Notification
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative, InitiativePromoter
from petitions.services.drafting import (
    initiative_create,
    initiative_submit,
    initiative_text_update,
    initiative_withdraw,
    promoter_invite,
    promoter_respond,
)
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db
S = CitizenInitiative.Status


def test_initiative_create_starts_a_draft_under_the_current_charter_with_its_author_as_lead(
    charter, resident
):
    # given a resident
    # when they start an initiative
    initiative = initiative_create(
        author=resident.user, title="Un marché de producteurs aux Prés-Saint-Jean",
        reasons="Pas de marché à moins de 2 km.", operative_text="Créer un marché le samedi.",
    )
    # then it is a draft under the current charter, text version 1, with a confirmed lead
    assert initiative.status == S.DRAFT
    assert initiative.charter == charter
    assert initiative.versions.get().number == 1
    lead = initiative.promoters.get()
    assert lead.is_lead and lead.status == InitiativePromoter.Status.CONFIRMED
    assert AuditEntry.objects.filter(verb="initiative.created").count() == 1


def test_initiative_create_refuses_an_empty_title_next_to_the_field(charter, resident):
    # given / when / then
    with pytest.raises(DomainError) as exc:
        initiative_create(author=resident.user, title="  ", reasons="r", operative_text="t")
    assert exc.value.field == "title"


def test_initiative_text_update_keeps_every_version_while_draft(draft, resident):
    # given a draft at version 1
    # when a promoter edits the texts
    initiative_text_update(initiative=draft, author=resident.user, title="Nouveau titre",
                           reasons=draft.reasons, operative_text=draft.operative_text)
    # then version 2 is current and version 1 is kept
    draft.refresh_from_db()
    assert draft.title == "Nouveau titre" and draft.text_version == 2
    assert list(draft.versions.values_list("number", flat=True)) == [2, 1]


def test_initiative_text_update_is_refused_after_submission(charter, resident):
    # given a submitted initiative
    initiative = CitizenInitiativeFactory(charter=charter, created_by=resident.user,
                                          submitted=True)
    # when / then
    with pytest.raises(InvalidTransition):
        initiative_text_update(initiative=initiative, author=resident.user, title="x",
                               reasons="y", operative_text="z")


def test_initiative_text_update_is_refused_to_someone_who_is_not_a_promoter(draft):
    # given another resident
    other = ResidentFactory()
    # when / then
    with pytest.raises(NotPermitted):
        initiative_text_update(initiative=draft, author=other.user, title="x", reasons="y",
                               operative_text="z")


def test_promoter_invite_notifies_the_invited_resident_and_confirming_makes_them_promoter(
    draft, resident
):
    # given a verified resident with an account
    friend = ResidentFactory()
    # when the lead invites them by e-mail and they accept
    promoter = promoter_invite(initiative=draft, invited_by=resident.user,
                               email=friend.user.email.upper())
    assert promoter is not None
    promoter_respond(promoter=promoter, user=friend.user, accept=True)
    # then they are a confirmed promoter, and were told of the invitation
    promoter.refresh_from_db()
    assert promoter.status == InitiativePromoter.Status.CONFIRMED
    assert Notification.objects.filter(recipient=friend.user, kind="initiative_invitation",
                                       channel="email").exists()


def test_promoter_invite_of_an_unknown_address_does_nothing_and_says_nothing(draft, resident):
    # given / when
    result = promoter_invite(initiative=draft, invited_by=resident.user,
                             email="personne@nulle.part")
    # then no invitation, and no error that would tell the address has no account
    assert result is None
    assert draft.promoters.filter(is_lead=False).count() == 0


def test_promoter_invite_of_the_same_person_twice_invites_once_and_says_nothing(
        draft, resident):
    # given an invited resident
    friend = ResidentFactory()
    promoter_invite(initiative=draft, invited_by=resident.user, email=friend.user.email)
    # when / then
    assert promoter_invite(initiative=draft, invited_by=resident.user,
                           email=friend.user.email) is None
    assert draft.promoters.filter(resident=friend).count() == 1


def test_promoter_respond_refuses_an_unverified_resident_with_the_reason(draft, resident):
    # given an unverified invitee
    friend = ResidentFactory(unverified=True)
    promoter = promoter_invite(initiative=draft, invited_by=resident.user,
                               email=friend.user.email)
    assert promoter is not None
    # when / then
    with pytest.raises(NotEligible) as exc:
        promoter_respond(promoter=promoter, user=friend.user, accept=True)
    assert exc.value.code == "not_verified"


def test_initiative_submit_requires_the_charter_number_of_confirmed_promoters(draft, resident):
    # given a draft with only its lead (the charter asks for 2)
    # when / then the refusal says how many are needed
    with pytest.raises(DomainError) as exc:
        initiative_submit(initiative=draft, actor=resident.user)
    assert exc.value.code == "not_enough_promoters"
    assert "2" in str(exc.value.message)


def test_initiative_submit_moves_to_submitted_and_tells_the_clerks(charter, resident, clerk):
    # given a draft with a confirmed co-promoter
    initiative = CitizenInitiativeFactory(charter=charter, created_by=resident.user,
                                          co_promoters=1)
    # when the lead submits it
    initiative_submit(initiative=initiative, actor=resident.user)
    # then it is submitted, the step is on the timeline and clerks are told
    initiative.refresh_from_db()
    assert initiative.status == S.SUBMITTED and initiative.submitted_at is not None
    assert initiative.transitions.get().to_status == S.SUBMITTED
    assert Notification.objects.filter(recipient=clerk, kind="initiative_submitted").exists()


def test_initiative_submit_refuses_a_promoter_no_longer_verified(charter, resident):
    # given a co-promoter whose verification was withdrawn after confirming
    initiative = CitizenInitiativeFactory(charter=charter, created_by=resident.user,
                                          co_promoters=1)
    co = initiative.promoters.get(is_lead=False).resident
    co.verification_status = "revoked"
    co.save()
    # when / then
    with pytest.raises(DomainError) as exc:
        initiative_submit(initiative=initiative, actor=resident.user)
    assert exc.value.code == "promoter_not_eligible"


def test_initiative_withdraw_by_the_lead_needs_a_reason_once_public(charter, resident):
    # given a collecting initiative
    initiative = CitizenInitiativeFactory(charter=charter, created_by=resident.user,
                                          collecting=True)
    # when withdrawn without a reason, then refused; with a reason, withdrawn
    with pytest.raises(DomainError):
        initiative_withdraw(initiative=initiative, actor=resident.user, reason="")
    initiative_withdraw(initiative=initiative, actor=resident.user, reason="Repris par la ville")
    initiative.refresh_from_db()
    assert initiative.status == S.WITHDRAWN
    assert initiative.withdrawal_reason == "Repris par la ville"


def test_initiative_withdraw_is_refused_once_scheduled(charter, resident):
    # given an initiative on the council's agenda
    initiative = CitizenInitiativeFactory(charter=charter, created_by=resident.user,
                                          scheduled=True)
    # when / then
    with pytest.raises(InvalidTransition):
        initiative_withdraw(initiative=initiative, actor=resident.user, reason="Trop tard")


def test_initiative_withdraw_is_refused_to_a_co_promoter(charter, resident):
    # given a draft with a co-promoter
    initiative = CitizenInitiativeFactory(charter=charter, created_by=resident.user,
                                          co_promoters=1)
    co = initiative.promoters.get(is_lead=False).resident
    # when / then
    with pytest.raises(NotPermitted):
        initiative_withdraw(initiative=initiative, actor=co.user, reason="Non")
