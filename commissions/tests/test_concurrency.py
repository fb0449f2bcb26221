"""Seats and public places stay within their limits when requests race (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from civic.errors import Conflict
from civic.tests.factories import MunicipalCouncilFactory, ResidentFactory, staff_user
from commissions.services.meetings import meeting_register
from commissions.services.members import membership_appoint
from commissions.tests.factories import CommissionFactory, MeetingFactory, SeatGroupFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def _race(work, arguments):
    barrier = threading.Barrier(len(arguments))
    outcomes = []

    def run(argument):
        barrier.wait()
        try:
            work(argument)
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_appointments_never_overfill_a_seat_group(postgres_only):
    # given a two-seat college and eight clerks appointing eight different people at once
    MunicipalCouncilFactory()
    clerk = staff_user("clerk")
    college = SeatGroupFactory(commission=CommissionFactory(), seats=2)
    people = [ResidentFactory().user for _ in range(8)]
    # when they race
    outcomes = _race(lambda person: membership_appoint(seat_group=college, member=person,
                                                       actor=clerk), people)
    # then exactly two are seated and the others are told the college is full
    assert sorted(outcomes) == ["ok", "ok"] + ["seat_group_full"] * 6
    assert college.memberships.filter(status="active").count() == 2


def test_concurrent_registrations_never_exceed_a_meetings_capacity(postgres_only):
    # given a public meeting with three places and ten people registering at once
    MunicipalCouncilFactory()
    meeting = MeetingFactory(public_capacity=3)
    people = [ResidentFactory().user for _ in range(10)]
    # when they race
    outcomes = _race(lambda person: meeting_register(meeting=meeting, user=person), people)
    # then three have a place and the count matches the rows
    assert outcomes.count("ok") == 3 and outcomes.count("meeting_full") == 7
    meeting.refresh_from_db()
    assert meeting.registered_count == 3 == meeting.registrations.count()
