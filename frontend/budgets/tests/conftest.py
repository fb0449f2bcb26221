"""The budgets app's fixtures, for the pages' tests."""

from budgets.conftest import projects, voting_budget  # noqa: F401
