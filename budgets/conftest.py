"""Fixtures of the budgets tests."""

import pytest

from budgets.tests.factories import BudgetFactory, ProposalFactory


@pytest.fixture
def voting_budget(neighbourhood):
    """An approval budget open for voting in the resident fixture's neighbourhood."""
    return BudgetFactory(neighbourhood=neighbourhood, voting=True)


@pytest.fixture
def projects(voting_budget):
    """Three feasible projects of 20 000 €, 30 000 € and 60 000 €."""
    return [
        ProposalFactory(budget=voting_budget, feasible=True, title=title, cost_cents=cost,
                        estimated_cost_cents=cost)
        for title, cost in (("Jardin partagé", 2_000_000), ("Éclairage du chemin", 3_000_000),
                            ("Skatepark", 6_000_000))
    ]
