"""Permission matrix generated from CAPABILITIES: every phase × every capability decided."""

import pytest

from budgets import policies, states
from budgets.errors import PhaseClosed, VotingClosed
from budgets.tests.factories import BudgetFactory

ALL_CAPABILITIES = sorted(set().union(*states.CAPABILITIES.values()) | {"cast_ballot"})


@pytest.mark.parametrize("status", states.PHASE_ORDER)
@pytest.mark.parametrize("capability", ALL_CAPABILITIES)
def test_each_phase_allows_exactly_its_capabilities(status, capability):
    # given
    budget = BudgetFactory.build(status=status)
    allowed = capability in states.CAPABILITIES[status]
    # when / then
    if allowed:
        policies.ensure_capability(budget, capability)
    else:
        with pytest.raises((PhaseClosed, VotingClosed)) as refused:
            policies.ensure_capability(budget, capability)
        assert str(refused.value.message)


def test_every_phase_but_the_last_has_a_next_phase():
    # then
    for status in states.PHASE_ORDER[:-1]:
        assert states.TRANSITIONS[status], status
    assert set(states.TRANSITIONS) == set(states.CAPABILITIES) == set(states.PHASE_ORDER)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [
    ("clerk", True), ("administrator", True), ("councillor", False), ("moderator", False)])
def test_only_clerks_and_administrators_run_budgets(role, allowed):
    from civic.errors import NotPermitted
    from civic.tests.factories import staff_user

    # given
    user = staff_user(role)
    # when / then
    if allowed:
        policies.ensure_staff(user)
    else:
        with pytest.raises(NotPermitted):
            policies.ensure_staff(user)


@pytest.mark.django_db
def test_town_wide_budget_asks_residence_in_town_not_in_a_neighbourhood(resident):
    # given
    budget = BudgetFactory(town_wide=True, voting=True, residence="neighbourhood")
    # when
    result = policies.voter_check(user=resident.user, budget=budget)
    # then
    assert result.eligible
