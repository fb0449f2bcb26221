import pytest

from civic.errors import Conflict, InvalidTransition
from civic.models import Notification
from civic.tests.factories import ResidentFactory
from commissions.models import Application, MemberCall, Membership
from commissions.services.sortitions import sortition_run
from commissions.sortition import sortition_draw, sortition_key, sortition_rank
from commissions.tests.factories import ApplicationFactory, MemberCallFactory

pytestmark = pytest.mark.django_db


def test_a_published_draw_replayed_from_its_seed_gives_the_same_members(clerk, residents_college):
    # given a closed call with five volunteers and a completed draw for two seats
    call = MemberCallFactory(seat_group=residents_college, closed=True)
    ApplicationFactory.create_batch(5, call=call)
    sortition = sortition_run(call=call, actor=clerk)
    # when anyone replays the published method with the published seed and list
    published_ids = [row["application_id"] for row in sortition.candidates]
    replayed = sortition_draw(sortition.seed, published_ids, sortition.seats)
    # then they get the same members, who are the ones seated
    seated = set(Membership.objects.filter(seat_group=residents_college)
                 .values_list("application_id", flat=True))
    assert replayed == sortition.selected
    assert seated == set(replayed)
    assert len(sortition.seed) == 64 and sortition.method == "sha256-rank-v1"


def test_sortition_rank_is_the_documented_sha256_ordering():
    # given a seed and candidate ids given in any order
    seed, ids = "graine-publique", [12, 3, 7]
    # when ranked
    ranking = sortition_rank(seed, reversed(ids))
    # then it is the order of sha256("<seed>:<id>") hex digests, computed independently
    import hashlib
    expected = sorted(ids, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    assert ranking == expected
    assert sortition_key(seed, 3) == hashlib.sha256(b"graine-publique:3").hexdigest()


def test_sortition_run_excludes_and_lists_volunteers_no_longer_eligible(clerk, residents_college):
    # given three volunteers, one of whom has since moved out of town
    call = MemberCallFactory(seat_group=residents_college, closed=True)
    applications = ApplicationFactory.create_batch(3, call=call)
    moved = applications[1].applicant.resident
    moved.lives_in_town = False
    moved.save()
    # when the draw runs
    sortition = sortition_run(call=call, actor=clerk, seed="00" * 32)
    # then the published list excludes them with the reason, and two others are seated
    assert [row["application_id"] for row in sortition.excluded] == [applications[1].pk]
    assert applications[1].pk not in sortition.ranking
    assert sorted(sortition.selected) == sorted([applications[0].pk, applications[2].pk])


def test_sortition_run_completes_the_call_and_tells_everyone(clerk, residents_college):
    # given three volunteers for two seats
    call = MemberCallFactory(seat_group=residents_college, closed=True)
    ApplicationFactory.create_batch(3, call=call)
    # when the draw runs
    sortition_run(call=call, actor=clerk)
    # then the call is completed, one volunteer is not selected, and all three were notified
    call.refresh_from_db()
    assert call.status == MemberCall.Status.COMPLETED
    assert call.applications.filter(status=Application.Status.NOT_SELECTED).count() == 1
    kinds = set(Notification.objects.filter(channel="in_app").values_list("kind", flat=True))
    assert kinds == {"commission_membership", "commission_sortition"}
    assert Notification.objects.filter(channel="in_app").count() == 3


def test_sortition_run_needs_a_closed_call_and_runs_once(clerk, residents_college):
    # given an open call
    call = MemberCallFactory(seat_group=residents_college)
    ApplicationFactory(call=call, applicant=ResidentFactory().user)
    # when a clerk draws before closing: refused
    with pytest.raises(InvalidTransition):
        sortition_run(call=call, actor=clerk)
    # when the draw has run once, a second draw is refused
    MemberCall.objects.filter(pk=call.pk).update(status="closed")
    sortition_run(call=call, actor=clerk)
    with pytest.raises((InvalidTransition, Conflict)):
        sortition_run(call=call, actor=clerk)
