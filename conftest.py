"""Fixtures shared by every test module."""

import pytest

from civic.tests.factories import (
    MunicipalCouncilFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    staff_user,
)


@pytest.fixture
def neighbourhood():
    return NeighbourhoodFactory(code="centre-ville", name="Centre-ville", population=6800)


@pytest.fixture
def resident(neighbourhood):
    return ResidentFactory(neighbourhood=neighbourhood)


@pytest.fixture
def unverified_resident(neighbourhood):
    return ResidentFactory(neighbourhood=neighbourhood, unverified=True)


@pytest.fixture
def clerk():
    return staff_user("clerk", first_name="Agnès", last_name="Agent")


@pytest.fixture
def councillor():
    return staff_user("councillor", first_name="Élise", last_name="Élue")


@pytest.fixture
def moderator():
    return staff_user("moderator", first_name="Marc", last_name="Modérateur")


@pytest.fixture
def administrator():
    return staff_user("administrator", first_name="Alain", last_name="Admin")


@pytest.fixture
def council():
    return MunicipalCouncilFactory()
