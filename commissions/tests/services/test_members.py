from datetime import timedelta

import pytest
from django.utils import timezone

from civic.errors import Conflict, DomainError, InvalidTransition, NotEligible
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory
from commissions.models import Application, Membership
from commissions.services.calls import (
    application_submit,
    member_call_close,
    member_call_open,
)
from commissions.services.members import membership_appoint, membership_resign, vacancy_refill
from commissions.services.sortitions import sortition_run
from commissions.tests.factories import (
    ApplicationFactory,
    CommissionFactory,
    MemberCallFactory,
    MembershipFactory,
    SeatGroupFactory,
)

pytestmark = pytest.mark.django_db
MOTIVATION = "Habitante du quartier depuis quinze ans, je veux aider à améliorer la vie locale."


def test_application_submit_records_a_verified_residents_motivation(residents_college, resident):
    # given an open call for the residents' college
    call = MemberCallFactory(seat_group=residents_college)
    # when a verified resident applies
    application = application_submit(call=call, applicant=resident.user, motivation=MOTIVATION)
    # then the application is pending
    assert application.status == Application.Status.PENDING


def test_application_submit_refuses_an_unverified_resident_with_the_reason(
        residents_college, unverified_resident):
    # given an open call
    call = MemberCallFactory(seat_group=residents_college)
    # when an unverified resident applies
    with pytest.raises(NotEligible) as error:
        application_submit(call=call, applicant=unverified_resident.user, motivation=MOTIVATION)
    # then they are told why
    assert error.value.code == "not_verified"


def test_application_submit_to_a_neighbourhood_council_needs_to_live_there(clerk, council):
    # given a neighbourhood council of Tamaris and a resident of another neighbourhood
    tamaris = NeighbourhoodFactory(code="tamaris", name="Tamaris")
    body = CommissionFactory(kind="neighbourhood_council", neighbourhood=tamaris)
    call = MemberCallFactory(seat_group=SeatGroupFactory(commission=body))
    outsider = ResidentFactory()
    # when they apply
    with pytest.raises(NotEligible) as error:
        application_submit(call=call, applicant=outsider.user, motivation=MOTIVATION)
    # then the neighbourhood rule is given
    assert error.value.code == "wrong_neighbourhood"


def test_application_submit_twice_is_a_conflict(residents_college, resident):
    # given a resident who already applied
    call = MemberCallFactory(seat_group=residents_college)
    application_submit(call=call, applicant=resident.user, motivation=MOTIVATION)
    # when they apply again
    with pytest.raises(Conflict) as error:
        application_submit(call=call, applicant=resident.user, motivation=MOTIVATION)
    # then it is refused
    assert error.value.code == "already_applied"


def test_member_call_open_refuses_a_second_running_call_for_a_college(clerk, residents_college):
    # given a running call
    member_call_open(seat_group=residents_college, title="Appel 1", actor=clerk,
                     closes_on=timezone.localdate() + timedelta(days=10))
    # when a clerk opens another one for the same college
    with pytest.raises(Conflict):
        member_call_open(seat_group=residents_college, title="Appel 2", actor=clerk,
                         closes_on=timezone.localdate() + timedelta(days=10))
    # then the first stays the only one
    assert residents_college.calls.count() == 1


def test_membership_appoint_refuses_a_member_when_the_college_is_full(clerk, residents_college):
    # given a two-seat college already full
    MembershipFactory.create_batch(2, seat_group=residents_college)
    # when a clerk appoints a third person
    with pytest.raises(Conflict) as error:
        membership_appoint(seat_group=residents_college, member=ResidentFactory().user,
                           actor=clerk)
    # then a clear error names the college and its seats
    assert error.value.code == "seat_group_full"
    assert "complet (2 sièges)" in str(error.value.message)
    assert residents_college.memberships.filter(status="active").count() == 2


def test_membership_appoint_to_the_councillors_college_needs_a_councillor(clerk, commission):
    # given the councillors' college
    college = SeatGroupFactory(commission=commission, kind="councillors", seats=2)
    # when a clerk appoints a resident there
    with pytest.raises(DomainError) as error:
        membership_appoint(seat_group=college, member=ResidentFactory().user, actor=clerk)
    # then it is refused
    assert error.value.code == "not_councillor"


def test_membership_appoint_respects_the_limit_of_consecutive_mandates(clerk, council, settings):
    # given a limit of 2 consecutive mandates and someone who sat on the two previous bodies
    settings.DECIDONS = {**settings.DECIDONS, "COMMISSIONS": {"MAX_CONSECUTIVE_TERMS": 2}}
    person = ResidentFactory().user
    first = CommissionFactory()
    second = CommissionFactory(predecessor=first)
    third = CommissionFactory(predecessor=second)
    for body in (first, second):
        MembershipFactory(seat_group=SeatGroupFactory(commission=body), member=person,
                          status="ended")
    # when a clerk appoints them to the third
    with pytest.raises(DomainError) as error:
        membership_appoint(seat_group=SeatGroupFactory(commission=third), member=person,
                           actor=clerk)
    # then the term limit is given
    assert error.value.code == "term_limit_reached"


def test_membership_resign_frees_a_seat_refilled_from_the_draws_reserve(clerk, residents_college):
    # given a draw that seated two of four volunteers
    call = MemberCallFactory(seat_group=residents_college, closed=True)
    ApplicationFactory.create_batch(4, call=call)
    sortition = sortition_run(call=call, actor=clerk, seed="ab" * 32)
    first_drawn = Membership.objects.get(application_id=sortition.selected[0])
    # when a drawn member resigns and the clerk refills the vacancy
    membership_resign(membership=first_drawn, actor=first_drawn.member, reason="déménagement")
    refill = vacancy_refill(seat_group=residents_college, actor=clerk)
    # then the next in the published ranking takes the seat
    assert refill.application_id == sortition.ranking[2]
    assert residents_college.memberships.filter(status="active").count() == 2


def test_member_call_close_twice_is_an_invalid_transition(clerk, residents_college):
    # given a closed call
    call = MemberCallFactory(seat_group=residents_college)
    member_call_close(call=call, actor=clerk)
    # when it is closed again
    # then it is refused
    with pytest.raises(InvalidTransition):
        member_call_close(call=call, actor=clerk)


def test_application_submit_after_the_deadline_is_refused(residents_college, resident):
    # given a call whose deadline has passed
    call = MemberCallFactory(seat_group=residents_college,
                             closes_on=timezone.localdate() - timedelta(days=1))
    # when a resident applies
    with pytest.raises(InvalidTransition) as error:
        application_submit(call=call, applicant=resident.user, motivation=MOTIVATION)
    # then the call is said closed
    assert error.value.code == "call_closed"
