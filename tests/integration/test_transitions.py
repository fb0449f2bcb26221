"""The one transition helper: compare-and-set on the status, then an audit entry."""

import pytest

from civic.errors import InvalidTransition
from civic.models import AuditEntry
from civic.transitions import transition
from commissions import states
from commissions.models import MemberCall
from commissions.tests.factories import MemberCallFactory

pytestmark = pytest.mark.django_db


def test_a_step_moves_the_row_and_audits_where_it_came_from(clerk):
    call = MemberCallFactory()
    moved = transition(call, lifecycle=states.CALL_TRANSITIONS, source=MemberCall.Status.OPEN,
                       target=MemberCall.Status.CLOSED, verb="test.closed", actor=clerk,
                       data={"why": "fin"})
    assert moved.status == MemberCall.Status.CLOSED
    entry = AuditEntry.objects.get(verb="test.closed")
    assert (entry.actor_id, entry.data) == (clerk.pk, {"from": "open", "to": "closed",
                                                       "why": "fin"})


def test_a_stale_object_is_refused_and_nothing_is_audited(clerk):
    call = MemberCallFactory()
    stale = MemberCall.objects.get(pk=call.pk)
    transition(call, lifecycle=states.CALL_TRANSITIONS, source="open", target="closed",
               verb="test.closed", actor=clerk)
    # a second request still holding the open call does not close it twice
    with pytest.raises(InvalidTransition) as refused:
        transition(stale, lifecycle=states.CALL_TRANSITIONS, source="open", target="closed",
                   verb="test.closed", actor=clerk, code="not_open")
    assert refused.value.code == "not_open"
    assert AuditEntry.objects.filter(verb="test.closed").count() == 1


def test_a_step_the_lifecycle_does_not_list_is_a_programming_error(clerk):
    with pytest.raises(ValueError):
        transition(MemberCallFactory(), lifecycle=states.CALL_TRANSITIONS, source="open",
                   target="completed", verb="test.skip", actor=clerk)


def test_each_commission_entity_has_its_own_capabilities():
    # a call's "open" and a consultation's "open" no longer collide
    assert states.can("call", "open", "apply")
    assert not states.can("consultation", "open", "apply")
    assert states.can("consultation", "open", "respond")
    assert states.capabilities("meeting", "cancelled") == set()
