from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import AgendaItem, Notification
from commissions.models import Opinion
from commissions.selectors import opinions_overdue
from commissions.services.opinions import (
    opinion_adopt,
    opinion_answer_record,
    opinion_overdue_remind,
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


def test_opinion_answer_record_publishes_and_tells_members(clerk, commission):
    # given a sent opinion and a member of the commission
    member = MembershipFactory(seat_group__commission=commission).member
    opinion = opinion_send(opinion=OpinionFactory(meeting__commission=commission), actor=clerk)
    # when the council's answer is recorded
    answered = opinion_answer_record(opinion=opinion, actor=clerk,
                                     answer="Le conseil retient la proposition.")
    # then it is published and the member is told
    assert answered.status == Opinion.Status.ANSWERED
    assert Notification.objects.filter(recipient=member, kind="commission_opinion_answered",
                                       channel="in_app").exists()


def test_opinion_answer_record_is_refused_to_residents(commission, resident, clerk):
    # given a sent opinion
    opinion = opinion_send(opinion=OpinionFactory(meeting__commission=commission), actor=clerk)
    # when a resident tries to answer
    # then it is refused
    with pytest.raises(NotPermitted):
        opinion_answer_record(opinion=opinion, actor=resident.user, answer="Oui")


def test_overdue_answers_are_listed_and_clerks_reminded_once(clerk, commission):
    # given an opinion sent today, due in 60 days
    opinion = opinion_send(opinion=OpinionFactory(meeting__commission=commission), actor=clerk)
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
