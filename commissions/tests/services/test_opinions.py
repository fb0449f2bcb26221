from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import AgendaItem, AuditEntry, CouncilSession, Notification
from commissions.models import Opinion
from commissions.selectors import opinions_overdue
from commissions.services.opinions import (
    opinion_adopt,
    opinion_answer_record,
    opinion_decision_record,
    opinion_overdue_remind,
    opinion_schedule,
    opinion_send,
)
from commissions.tests.factories import MeetingFactory, MembershipFactory, OpinionFactory

pytestmark = pytest.mark.django_db


def test_opinion_adopt_records_the_vote_of_a_held_meeting(clerk, commission):
    # given a held meeting with quorum and 5 present
    meeting = MeetingFactory(commission=commission, held=True, present_count=5)
    # when the clerk records an opinion adopted 4 for, 0 against, 1 abstention
    opinion = opinion_adopt(meeting=meeting, title="Vidéoprotection", text="Avis favorable.",
                            votes_for=4, votes_against=0, abstentions=1, actor=clerk)
    # then it is adopted with its vote
    assert (opinion.status, opinion.votes_for, opinion.abstentions) == ("adopted", 4, 1)


@pytest.mark.parametrize(("votes", "code"), [((2, 3, 0), "not_adopted"),
                                             ((5, 1, 1), "too_many_votes")])
def test_opinion_adopt_refuses_inconsistent_votes(clerk, commission, votes, code):
    # given a held meeting with 5 present
    meeting = MeetingFactory(commission=commission, held=True, present_count=5)
    # when the vote is not a majority, or counts more voters than present
    with pytest.raises(DomainError) as error:
        opinion_adopt(meeting=meeting, title="Avis", text="Texte", votes_for=votes[0],
                      votes_against=votes[1], abstentions=votes[2], actor=clerk)
    # then it is refused with a clear code
    assert error.value.code == code


def test_opinion_adopt_needs_quorum(clerk, commission):
    # given a held meeting without quorum
    meeting = MeetingFactory(commission=commission, held=True, quorum_reached=False)
    # when an opinion is recorded
    # then it is refused
    with pytest.raises(DomainError) as error:
        opinion_adopt(meeting=meeting, title="Avis", text="Texte", votes_for=3, votes_against=0,
                      abstentions=0, actor=clerk)
    assert error.value.code == "no_quorum"


def test_opinion_send_puts_it_on_the_councils_agenda_with_a_due_date(clerk, commission):
    # given an adopted opinion
    opinion = OpinionFactory(meeting__commission=commission)
    # when it is sent to the council
    sent = opinion_send(opinion=opinion, actor=clerk)
    # then it is a pending council agenda item and an answer is due in 60 days
    item = AgendaItem.objects.get()
    assert item.source == opinion and sent.agenda_item == item
    assert item.status == AgendaItem.Status.PENDING
    assert sent.answer_due_by == timezone.localdate() + timedelta(days=60)
    with pytest.raises(InvalidTransition):
        opinion_send(opinion=opinion, actor=clerk)


@pytest.fixture
def council_session(council):
    """A council session next week."""
    return CouncilSession.objects.create(council=council,
                                         starts_at=timezone.now() + timedelta(days=7))


def _sent(commission, clerk):
    return opinion_send(opinion=OpinionFactory(meeting__commission=commission), actor=clerk)


def _voted(opinion, clerk, session, **overrides):
    """The council's vote on the opinion, recorded an hour after its session opened."""
    values = dict(opinion=opinion, outcome="adopted", votes_for=33, votes_against=6,
                  abstentions=4, reference="2026-DEL-201", text="Le conseil retient l'avis.",
                  decided_at=session.starts_at + timedelta(hours=1), actor=clerk)
    return opinion_decision_record(**{**values, **overrides})


def test_a_clerk_publishes_the_answer_from_the_councils_decision_and_members_are_told(
    clerk, commission, council_session
):
    # given a sent opinion on a session's agenda, and a member of the commission
    member = MembershipFactory(seat_group__commission=commission).member
    opinion = opinion_schedule(opinion=_sent(commission, clerk), session=council_session,
                               actor=clerk)
    with time_machine.travel(council_session.starts_at + timedelta(hours=2)):
        # when the council votes on it and a clerk publishes the answer from that decision
        decision = _voted(opinion, clerk, council_session)
        answered = opinion_answer_record(opinion=opinion, actor=clerk, decision=decision,
                                         answer="Le conseil retient la proposition.")
    # then the answer is published with the decision and session it comes from
    assert answered.status == Opinion.Status.ANSWERED
    assert (answered.answer_decision, answered.answer_session) == (decision, council_session)
    assert answered.agenda_item.status == AgendaItem.Status.DECIDED
    # and the member was told of the vote, then of the answer
    assert set(Notification.objects.filter(recipient=member, channel="in_app")
               .values_list("kind", flat=True)) >= {"commission_opinion_voted",
                                                    "commission_opinion_answered"}
    assert AuditEntry.objects.get(verb="commission.opinion_answered").data["decision"] == (
        decision.pk)


def test_a_clerk_publishes_the_answer_from_the_session_where_the_opinion_was_examined(
    clerk, commission, council_session
):
    # given a sent opinion on a session's agenda, examined without a vote
    opinion = opinion_schedule(opinion=_sent(commission, clerk), session=council_session,
                               actor=clerk)
    # when, once the session has opened, a clerk publishes the answer from the session
    with time_machine.travel(council_session.starts_at + timedelta(hours=2)):
        answered = opinion_answer_record(opinion=opinion, actor=clerk, session=council_session,
                                         answer="Le conseil prend acte de l'avis.")
    # then it is published with its session and no decision
    assert answered.status == Opinion.Status.ANSWERED
    assert (answered.answer_decision, answered.answer_session) == (None, council_session)


def test_a_councillor_alone_cannot_publish_the_answer_to_an_opinion(
    commission, councillor, clerk
):
    # given a sent opinion
    opinion = _sent(commission, clerk)
    # when a councillor publishes an answer on their own
    with pytest.raises(NotPermitted) as refused:
        opinion_answer_record(opinion=opinion, actor=councillor,
                              answer="Le conseil retient la proposition.")
    # then it is refused with a clear message, and nothing is published
    assert refused.value.code == "permission_denied"
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SENT and opinion.answer == ""


def test_opinion_answer_record_is_refused_to_residents(commission, resident, clerk):
    # given a sent opinion
    opinion = _sent(commission, clerk)
    # when a resident tries to answer
    # then it is refused
    with pytest.raises(NotPermitted):
        opinion_answer_record(opinion=opinion, actor=resident.user, answer="Oui")


def test_an_answer_needs_a_council_decision_or_session_where_the_opinion_was_on_the_agenda(
    clerk, commission, council_session, council
):
    # given a sent opinion on a session's agenda, and another session without it
    opinion = opinion_schedule(opinion=_sent(commission, clerk), session=council_session,
                               actor=clerk)
    other = CouncilSession.objects.create(council=council,
                                          starts_at=timezone.now() + timedelta(days=3))
    with time_machine.travel(council_session.starts_at + timedelta(hours=2)):
        # when the clerk gives no source, or the other session
        with pytest.raises(DomainError) as no_source:
            opinion_answer_record(opinion=opinion, actor=clerk, answer="Oui.")
        with pytest.raises(DomainError) as elsewhere:
            opinion_answer_record(opinion=opinion, actor=clerk, answer="Oui.", session=other)
    # then both are refused on the field concerned
    assert no_source.value.code == "answer_source_missing"
    assert (elsewhere.value.code, elsewhere.value.field) == ("not_on_session_agenda", "session")
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SENT


def test_an_answer_from_a_session_that_has_not_opened_yet_is_refused(
    clerk, commission, council_session
):
    # given a sent opinion on next week's session
    opinion = opinion_schedule(opinion=_sent(commission, clerk), session=council_session,
                               actor=clerk)
    # when a clerk publishes the answer today
    with pytest.raises(DomainError) as refused:
        opinion_answer_record(opinion=opinion, actor=clerk, answer="Oui.",
                              session=council_session)
    # then it is refused
    assert refused.value.code == "session_not_started"


def test_the_councils_vote_on_an_opinion_is_bounded_by_its_seats_and_its_session(
    clerk, commission, council_session
):
    # given a sent opinion on next week's session
    opinion = opinion_schedule(opinion=_sent(commission, clerk), session=council_session,
                               actor=clerk)
    # when its vote is recorded before the session, then with 46 voters after it opened
    with pytest.raises(DomainError) as too_early:
        _voted(opinion, clerk, council_session)
    with time_machine.travel(council_session.starts_at + timedelta(hours=2)), \
            pytest.raises(DomainError) as too_many:
        _voted(opinion, clerk, council_session, votes_for=40, votes_against=6, abstentions=0)
    # then both are refused
    assert too_early.value.code == "session_not_started"
    assert (too_many.value.code, too_many.value.field) == ("too_many_votes", "votes_for")


def test_an_opinion_is_scheduled_only_once_it_is_sent(clerk, commission, council_session):
    # given an adopted opinion not yet sent
    opinion = OpinionFactory(meeting__commission=commission)
    # when / then
    with pytest.raises(InvalidTransition):
        opinion_schedule(opinion=opinion, session=council_session, actor=clerk)


def test_opinion_votes_are_bounded_by_the_members_when_attendance_is_unknown(clerk, commission):
    # given a held meeting of a body with two members, whose attendance was not counted
    MembershipFactory.create_batch(2, seat_group__commission=commission)
    meeting = MeetingFactory(commission=commission, held=True, present_count=None,
                             members_count=None)
    # when an opinion is recorded with three votes
    with pytest.raises(DomainError) as refused:
        opinion_adopt(meeting=meeting, title="Avis", text="Texte", votes_for=3,
                      votes_against=0, abstentions=0, actor=clerk)
    # then it is refused: more votes than members
    assert (refused.value.code, refused.value.field) == ("too_many_votes", "votes_for")


def test_a_negative_opinion_count_is_refused_on_its_own_field(clerk, commission):
    # given a held meeting with 5 present
    meeting = MeetingFactory(commission=commission, held=True, present_count=5)
    # when / then
    with pytest.raises(DomainError) as refused:
        opinion_adopt(meeting=meeting, title="Avis", text="Texte", votes_for=3,
                      votes_against=0, abstentions=-1, actor=clerk)
    assert refused.value.field == "abstentions"


def test_overdue_answers_are_listed_and_clerks_reminded_once(clerk, commission):
    # given an opinion sent today, due in 60 days
    opinion = _sent(commission, clerk)
    # when 61 days have passed
    with time_machine.travel(timezone.now() + timedelta(days=61)):
        overdue = list(opinions_overdue())
        opinion_overdue_remind()
        opinion_overdue_remind()
    # then it is listed as overdue and the clerk was reminded once
    assert overdue == [opinion]
    assert Notification.objects.filter(kind="commission_opinion_overdue", recipient=clerk,
                                       channel="in_app").count() == 1
    assert list(opinions_overdue()) == []
