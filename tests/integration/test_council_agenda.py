"""The council's agenda, whatever brought each item: placing, taking off, the vote through
the item's module, and the sessions' changes (civic.services.council_agenda and the
modules' `council` hooks). Here rather than in civic: the items come from the domain apps."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from budgets.services.debates import chapter_preference_set, debate_synthesis_submit
from budgets.tests.factories import ChapterFactory, DebateFactory, LineFactory
from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import AgendaItem, AuditEntry, CouncilSession, Notification
from civic.services.council_agenda import (
    agenda_item_decide,
    agenda_item_place,
    agenda_item_unschedule,
    council_session_cancel,
    council_session_mark_held,
    council_session_reschedule,
)
from civic.tests.factories import ResidentFactory
from commissions.services.opinions import opinion_send
from commissions.tests.factories import CommissionFactory, MembershipFactory, OpinionFactory
from petitions.services.council import initiative_schedule
from petitions.states import Status as S
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(council):
    """A council session next week."""
    return CouncilSession.objects.create(council=council,
                                         starts_at=timezone.now() + timedelta(days=7))


@pytest.fixture
def commission(council):
    return CommissionFactory(council=council, name="Sécurité et tranquillité", slug="securite")


@pytest.fixture
def opinion_item(clerk, commission):
    return opinion_send(opinion=OpinionFactory(meeting__commission=commission),
                        actor=clerk).agenda_item


@pytest.fixture
def debate_and_item(clerk, neighbourhood, council):
    """A closed debate with one resident's preference, its synthesis sent to the council."""
    debate = DebateFactory(open=True)
    chapter = LineFactory(chapter=ChapterFactory(debate=debate)).chapter
    participant = ResidentFactory(neighbourhood=neighbourhood).user
    chapter_preference_set(chapter=chapter, voter=participant, choice="more")
    debate.status = "closed"
    debate.save()
    return debate, participant, debate_synthesis_submit(debate=debate, actor=clerk)


@pytest.fixture
def scheduled_initiative(clerk, session, resident):
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(),
                                          threshold_reached=True, created_by=resident.user)
    return initiative_schedule(initiative=initiative, session=session, actor=clerk)


def _vote(**overrides):
    return {"outcome": "adopted", "votes_for": 30, "votes_against": 10, "abstentions": 5,
            "text": "Le conseil adopte.", **overrides}


def test_a_clerk_places_an_opinion_and_a_synthesis_and_their_modules_learn_the_votes(
    clerk, commission, session, opinion_item, debate_and_item
):
    # given a member of the commission, and a debate's participant
    member = MembershipFactory(seat_group__commission=commission).member
    debate, participant, synthesis_item = debate_and_item
    # when a clerk places both items on the session, then records each vote once it opened
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    agenda_item_place(item=synthesis_item, session=session, actor=clerk)
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        on_opinion = agenda_item_decide(item=opinion_item, actor=clerk, reference="DEL-1",
                                        decided_at=timezone.now(), **_vote())
        on_synthesis = agenda_item_decide(
            item=synthesis_item, actor=clerk, reference="DEL-2", decided_at=timezone.now(),
            **_vote(outcome="amended", votes_for=25, votes_against=15))
    # then both items are decided on that session, in the order placed
    opinion_item.refresh_from_db()
    synthesis_item.refresh_from_db()
    assert (opinion_item.status, synthesis_item.status) == ("decided", "decided")
    assert (opinion_item.position, synthesis_item.position) == (1, 2)
    assert on_synthesis.get_outcome_display() == "adoptée avec amendements"
    # and each module told its people, as its own pages do
    assert Notification.objects.filter(recipient=member, kind="commission_opinion_voted",
                                       channel="in_app").exists()
    assert Notification.objects.filter(recipient=participant, kind="budget_debate_voted",
                                       channel="in_app").exists()
    assert on_opinion.announcement_key and on_synthesis.announcement_key
    assert AuditEntry.objects.get(verb="budget.debate_synthesis_decided").data["decision"] == (
        on_synthesis.pk)


def test_the_vote_on_any_item_keeps_the_councils_bounds(clerk, session, opinion_item):
    # given an opinion on a session that opened an hour ago
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        # when the counts exceed the 45 seats
        with pytest.raises(DomainError) as refused:
            agenda_item_decide(item=opinion_item, actor=clerk, reference="DEL-9",
                               decided_at=timezone.now(),
                               **_vote(votes_for=40, votes_against=10))
    # then the error names the count, and nothing is recorded
    assert refused.value.field == "votes_for"
    opinion_item.refresh_from_db()
    assert opinion_item.status == "scheduled"


def test_a_clerk_takes_an_initiative_off_its_session_with_a_reason_and_can_place_it_again(
    clerk, session, scheduled_initiative, resident
):
    # given a scheduled initiative
    item = scheduled_initiative.agenda_item
    # when a clerk takes it off without a reason, then with one
    with pytest.raises(DomainError) as no_reason:
        agenda_item_unschedule(item=item, reason="  ", actor=clerk)
    agenda_item_unschedule(item=item, reason="Dossier incomplet pour la séance.", actor=clerk)
    # then the item waits again, the initiative too, and its people were told why
    item.refresh_from_db()
    scheduled_initiative.refresh_from_db()
    assert no_reason.value.field == "reason"
    assert (item.status, item.session) == ("pending", None)
    assert scheduled_initiative.status == S.THRESHOLD_REACHED
    entry = AuditEntry.objects.get(verb="council.item_unscheduled")
    assert entry.data["reason"] == "Dossier incomplet pour la séance."
    assert entry.data["session"] == session.pk
    told = Notification.objects.get(recipient=resident.user, channel="in_app",
                                    kind="initiative_threshold_reached")
    assert "Dossier incomplet" in told.body
    # and it can be placed again, on the same item
    agenda_item_place(item=item, session=session, actor=clerk)
    scheduled_initiative.refresh_from_db()
    assert scheduled_initiative.status == S.SCHEDULED
    assert scheduled_initiative.agenda_item_id == item.pk


def test_a_decided_item_cannot_be_taken_off(clerk, session, opinion_item):
    # given an opinion voted on
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        agenda_item_decide(item=opinion_item, actor=clerk, reference="DEL-3",
                           decided_at=timezone.now(), **_vote())
    # when a clerk tries to take it off, then it is refused
    with pytest.raises(InvalidTransition):
        agenda_item_unschedule(item=opinion_item, reason="Erreur.", actor=clerk)


def test_cancelling_a_session_sends_its_items_back_to_the_list_with_the_reason(
    clerk, session, opinion_item, scheduled_initiative
):
    # given a session holding an opinion and an initiative
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    # when a clerk cancels it with a reason
    council_session_cancel(session=session, reason="Quorum impossible ce jour-là.", actor=clerk)
    # then the session is cancelled and audited with its reason
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CANCELLED
    assert AuditEntry.objects.get(verb="council.session_cancelled").data["reason"] == (
        "Quorum impossible ce jour-là.")
    # and both items wait again; the initiative too
    assert set(AgendaItem.objects.values_list("status", flat=True)) == {"pending"}
    assert not AgendaItem.objects.filter(session__isnull=False).exists()
    scheduled_initiative.refresh_from_db()
    assert scheduled_initiative.status == S.THRESHOLD_REACHED
    # and a cancelled session can be neither cancelled again nor given an item
    with pytest.raises(InvalidTransition):
        council_session_cancel(session=session, reason="Encore.", actor=clerk)
    with pytest.raises(InvalidTransition):
        agenda_item_place(item=opinion_item, session=session, actor=clerk)


def test_a_clerk_moves_a_planned_session_and_the_audit_keeps_the_old_date(clerk, session):
    # given a session next week
    later = session.starts_at + timedelta(days=2)
    # when a clerk moves it, then tries a date already past
    council_session_reschedule(session=session, starts_at=later, place="Salle Cévennes",
                               actor=clerk)
    with pytest.raises(DomainError) as past:
        council_session_reschedule(session=session, place="Salle Cévennes",
                                   starts_at=timezone.now() - timedelta(days=1), actor=clerk)
    # then the session has its new date and place, and the audit the previous ones
    session.refresh_from_db()
    assert (session.starts_at, session.place) == (later, "Salle Cévennes")
    entry = AuditEntry.objects.get(verb="council.session_rescheduled")
    assert entry.data["previous"]["place"] == "Hôtel de ville, salle du conseil"
    assert past.value.field == "starts_at"


def test_a_cancelled_session_cannot_be_moved(clerk, session):
    # given a cancelled session
    council_session_cancel(session=session, reason="Reportée sine die.", actor=clerk)
    # when a clerk tries to move it, then it is refused
    with pytest.raises(InvalidTransition):
        council_session_reschedule(session=session, starts_at=session.starts_at
                                   + timedelta(days=1), place="Ailleurs", actor=clerk)


def test_only_staff_keep_the_councils_agenda(session, opinion_item, resident, councillor):
    # when a resident or a councillor tries to place an item or cancel the session
    for user in (resident.user, councillor):
        with pytest.raises(NotPermitted):
            agenda_item_place(item=opinion_item, session=session, actor=user)
        with pytest.raises(NotPermitted):
            council_session_cancel(session=session, reason="Non.", actor=user)
    # then nothing moved
    opinion_item.refresh_from_db()
    assert opinion_item.status == "pending"


def test_moving_a_session_tells_the_people_of_an_initiative_on_it_the_new_date(
    clerk, session, scheduled_initiative, resident
):
    # given an initiative on the session, whose lead promoter was told of its date
    later = session.starts_at + timedelta(days=3)
    # when a clerk moves the session
    council_session_reschedule(session=session, starts_at=later, place="Salle Cévennes",
                               actor=clerk)
    # then the promoter is told the new date and place
    told = Notification.objects.get(recipient=resident.user, channel="in_app",
                                    kind="initiative_session_moved")
    assert timezone.localtime(later).strftime("%d/%m/%Y") in told.body
    assert "Salle Cévennes" in told.body


def test_the_modules_describe_the_items_they_bring_to_the_council():
    from civic.council_sources import agenda_sources

    assert set(agenda_sources()) == {
        "petitions.citizeninitiative", "commissions.opinion", "budgets.budgetdebate"}


def test_the_api_votes_on_an_initiative_item_through_its_module(
    clerk, session, scheduled_initiative, resident
):
    # given a scheduled initiative whose session opened an hour ago
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(clerk)
    item = scheduled_initiative.agenda_item
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        # when a clerk records the vote on its agenda item through the API
        response = client.post(f"/api/v1/council/agenda-items/{item.pk}/decision/", {
            "reference": "DEL-API-1", "decided_at": timezone.now().isoformat(), **_vote()},
            format="json")
    # then the initiative is voted and its people told, as from the initiative's page
    assert response.status_code == 201, response.json()
    scheduled_initiative.refresh_from_db()
    assert scheduled_initiative.status == S.VOTED
    assert Notification.objects.filter(recipient=resident.user, kind="initiative_voted",
                                       channel="in_app").exists()


def test_a_session_with_a_recorded_vote_can_be_neither_moved_nor_cancelled(
    clerk, session, opinion_item, scheduled_initiative
):
    # given a session whose opinion was voted once it opened, the initiative not yet
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        agenda_item_decide(item=opinion_item, actor=clerk, reference="DEL-9",
                           decided_at=timezone.now(), **_vote())
    # when a clerk tries to move it, then to cancel it
    with pytest.raises(InvalidTransition) as moved:
        council_session_reschedule(session=session, starts_at=session.starts_at
                                   + timedelta(days=1), place="Ailleurs", actor=clerk)
    with pytest.raises(InvalidTransition) as cancelled:
        council_session_cancel(session=session, reason="Erreur.", actor=clerk)
    # then both are refused next to their field, and nothing changed
    assert moved.value.field == "starts_at" and cancelled.value.field == "reason"
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.PLANNED
    opinion_item.refresh_from_db()
    assert opinion_item.status == "decided"
    assert scheduled_initiative.agenda_item.session_id == session.pk


def test_a_started_session_cannot_be_moved(clerk, session):
    # given a session that opened an hour ago, nothing voted
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        # when a clerk tries to move it to next week
        with pytest.raises(InvalidTransition) as moved:
            council_session_reschedule(session=session, starts_at=session.starts_at
                                       + timedelta(days=7), place="Ailleurs", actor=clerk)
    # then it is refused next to the date
    assert moved.value.code == "session_started"
    assert moved.value.field == "starts_at"


def test_a_clerk_marks_a_session_held_and_its_unvoted_items_wait_again(
    clerk, session, opinion_item, scheduled_initiative
):
    # given a session with an opinion voted and an initiative not voted
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    # when a clerk tries to mark it held before it opens, then once it opened
    with pytest.raises(InvalidTransition):
        council_session_mark_held(session=session, actor=clerk)
    with time_machine.travel(session.starts_at + timedelta(hours=2)):
        agenda_item_decide(item=opinion_item, actor=clerk, reference="DEL-10",
                           decided_at=timezone.now(), **_vote())
        council_session_mark_held(session=session, actor=clerk)
        # then the session is held and audited; it can no longer be cancelled nor held again
        session.refresh_from_db()
        assert session.status == CouncilSession.Status.HELD
        assert AuditEntry.objects.get(verb="council.session_held").data["to"] == "held"
        with pytest.raises(InvalidTransition):
            council_session_cancel(session=session, reason="Non.", actor=clerk)
        with pytest.raises(InvalidTransition):
            council_session_mark_held(session=session, actor=clerk)
    # and the decided opinion stays decided, the initiative waits again for a session
    opinion_item.refresh_from_db()
    assert (opinion_item.status, opinion_item.session_id) == ("decided", session.pk)
    scheduled_initiative.refresh_from_db()
    assert scheduled_initiative.status == S.THRESHOLD_REACHED
    assert scheduled_initiative.agenda_item.status == "pending"


def test_only_staff_mark_a_session_held(session, resident, councillor):
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        for user in (resident.user, councillor):
            with pytest.raises(NotPermitted):
                council_session_mark_held(session=session, actor=user)
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.PLANNED
