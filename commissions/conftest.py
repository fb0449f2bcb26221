"""Fixtures of the commissions module."""

import pytest

from commissions.tests.factories import CommissionFactory, SeatGroupFactory


@pytest.fixture
def commission(council, councillor):
    return CommissionFactory(council=council, chair=councillor, name="Sécurité et tranquillité",
                             slug="securite")


@pytest.fixture
def residents_college(commission):
    return SeatGroupFactory(commission=commission, kind="residents", seats=2)
