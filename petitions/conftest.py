"""Fixtures of the citizen-initiative tests."""

import pytest

from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory


@pytest.fixture
def charter(db):
    """A small charter, current for every initiative started in the test: 2 promoters,
    threshold 3 signatures, signers aged 16+, 60 days of collection, 5 initiatives a year."""
    return InitiativeCharterFactory()


@pytest.fixture
def draft(charter, resident):
    return CitizenInitiativeFactory(charter=charter, created_by=resident.user)


@pytest.fixture
def collecting(charter, resident):
    return CitizenInitiativeFactory(charter=charter, created_by=resident.user, collecting=True)
