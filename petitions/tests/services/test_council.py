from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from civic.errors import DomainError, InvalidTransition
from civic.models import AgendaItem, CouncilSession, Notification
from civic.services.council import council_decision_correct
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative
from petitions.selectors import initiative_list_due_for_council, initiative_list_overdue
from petitions.services.council import (
    initiative_answer,
    initiative_schedule,
    initiative_vote_record,
)
from petitions.services.lifecycle import initiative_follow
from petitions.services.signatures import signature_add
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db
S = CitizenInitiative.Status


@pytest.fixture
def session(council):
    return CouncilSession.objects.create(council=council,
                                         starts_at=timezone.now() + timedelta(days=7))


@pytest.fixture
def reached(collecting):
    """An initiative that reached its threshold through three real signatures."""
    for _ in range(3):
        signature_add(initiative=collecting, resident=ResidentFactory())
    collecting.refresh_from_db()
    return collecting


def test_initiative_schedule_puts_it_on_the_session_agenda_and_tells_signers(
    reached, session, clerk
):
    # given an initiative that reached its threshold, and a follower
    follower = ResidentFactory().user
    initiative_follow(initiative=reached, user=follower)
    # when a clerk schedules it on a session
    initiative_schedule(initiative=reached, session=session, actor=clerk)
    # then a civic agenda item is scheduled on that session, and everyone is told
    reached.refresh_from_db()
    assert reached.status == S.SCHEDULED
    assert reached.agenda_item.session == session
    assert reached.agenda_item.status == AgendaItem.Status.SCHEDULED
    told = set(Notification.objects.filter(kind="initiative_scheduled", channel="in_app")
               .values_list("recipient_id", flat=True))
    signer_ids = set(reached.signatures.values_list("resident__user_id", flat=True))
    assert told >= signer_ids | {follower.pk, reached.created_by_id}


def test_initiative_vote_record_then_answer_completes_the_life_cycle(reached, session, clerk):
    # given a scheduled initiative, and its session has opened
    initiative_schedule(initiative=reached, session=session, actor=clerk)
    with time_machine.travel(session.starts_at + timedelta(hours=2)):
        # when the clerk records the council's vote and the town's answer
        decision = initiative_vote_record(
            initiative=reached, outcome="amended", votes_for=29, votes_against=8,
            abstentions=2, reference="2026-DEL-114",
            text="Le conseil adopte la délibération amendée.", decided_at=timezone.now(),
            actor=clerk)
        initiative_answer(initiative=reached, actor=clerk, answer="Mise en œuvre en septembre.")
    # then the initiative is answered, the decision is civic's, and the timeline is complete
    reached.refresh_from_db()
    assert reached.status == S.ANSWERED and decision.agenda_item == reached.agenda_item
    assert list(reached.transitions.values_list("to_status", flat=True)) == [
        S.THRESHOLD_REACHED, S.SCHEDULED, S.VOTED, S.ANSWERED]
    assert Notification.objects.filter(kind="initiative_voted",
                                       body__contains="29 pour").exists()


def test_initiative_vote_record_refuses_inconsistent_counts(reached, session, clerk):
    # given a scheduled initiative, and its session has opened
    initiative_schedule(initiative=reached, session=session, actor=clerk)
    # when adopted with more votes against than for, then refused and nothing changes
    with time_machine.travel(session.starts_at + timedelta(hours=2)), \
            pytest.raises(DomainError) as exc:
        initiative_vote_record(initiative=reached, outcome="adopted", votes_for=3,
                               votes_against=20, abstentions=0, reference="R-1", text="t",
                               decided_at=timezone.now(), actor=clerk)
    assert exc.value.code == "inconsistent_counts"
    reached.refresh_from_db()
    assert reached.status == S.SCHEDULED


def test_initiative_schedule_is_refused_before_the_threshold(collecting, session, clerk):
    # given / when / then
    with pytest.raises(InvalidTransition):
        initiative_schedule(initiative=collecting, session=session, actor=clerk)


def test_due_list_flags_initiatives_overdue_against_the_charter_clock(charter):
    # given one initiative due in the future and one past its council deadline
    later = CitizenInitiativeFactory(charter=charter, threshold_reached=True)
    late = CitizenInitiativeFactory(
        charter=charter, threshold_reached=True,
        schedule_due_by=timezone.localdate() - timedelta(days=3))
    # when / then the overdue one comes first and is flagged
    due = list(initiative_list_due_for_council())
    assert [i.pk for i in due] == [late.pk, later.pk]
    # `overdue` is the annotation the selector adds to each row
    assert [vars(i)["overdue"] for i in due] == [True, False]
    assert list(initiative_list_overdue()) == [late]


def test_a_vote_is_refused_before_the_session_and_nobody_is_told(reached, council, clerk):
    # given an initiative on the agenda of a session three weeks ahead
    ahead = CouncilSession.objects.create(council=council,
                                          starts_at=timezone.now() + timedelta(days=21))
    initiative_schedule(initiative=reached, session=ahead, actor=clerk)
    # when a clerk records "adopted, 1000 for" today
    with pytest.raises(DomainError) as refused:
        initiative_vote_record(initiative=reached, outcome="adopted", votes_for=1000,
                               votes_against=0, abstentions=0, reference="2026-DEL-999",
                               text="Adoptée.", decided_at=ahead.starts_at, actor=clerk)
    # then it is refused, the initiative still waits for the vote and no one was told
    assert refused.value.code in {"too_many_votes", "session_not_started"}
    with pytest.raises(DomainError) as too_early:
        initiative_vote_record(initiative=reached, outcome="adopted", votes_for=30,
                               votes_against=0, abstentions=0, reference="2026-DEL-999",
                               text="Adoptée.", decided_at=ahead.starts_at, actor=clerk)
    assert too_early.value.code == "session_not_started"
    reached.refresh_from_db()
    assert reached.status == S.SCHEDULED
    assert not Notification.objects.filter(kind="initiative_voted").exists()


def test_correcting_the_vote_tells_everyone_who_was_told_of_it_again(reached, session, clerk):
    # given the vote was recorded with a typing error and announced to the signers
    initiative_schedule(initiative=reached, session=session, actor=clerk)
    with time_machine.travel(session.starts_at + timedelta(hours=2)):
        decision = initiative_vote_record(
            initiative=reached, outcome="adopted", votes_for=40, votes_against=3,
            abstentions=0, reference="2026-DEL-120", text="Adoptée.",
            decided_at=timezone.now(), actor=clerk)
        # when a clerk corrects it
        council_decision_correct(decision=decision, actor=clerk, votes_for=30, votes_against=13,
                                 reason="Erreur de saisie.")
    # then the people told of the vote are told of the correction, with the initiative's link
    told = set(Notification.objects.filter(kind="initiative_voted", channel="in_app")
               .values_list("recipient_id", flat=True))
    corrected = Notification.objects.filter(kind="council_decision_corrected", channel="in_app")
    assert told and set(corrected.values_list("recipient_id", flat=True)) == told
    assert corrected.first().url == f"/initiatives/{reached.pk}/"
    assert "30 pour" in corrected.first().body and "Erreur de saisie." in corrected.first().body
