from datetime import date

import pytest

from civic.errors import Conflict, DomainError, NotPermitted
from civic.models import AuditEntry
from civic.tests.factories import NeighbourhoodFactory
from commissions.models import Commission, NeighbourhoodCouncil
from commissions.services.bodies import commission_chair_set, commission_create, seat_group_set
from commissions.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _create(clerk, chair, **kwargs):
    params = {"kind": Commission.Kind.EXTRA_MUNICIPAL, "name": "Culture et patrimoine cévenol",
              "chair": chair, "mandate_start": date(2026, 5, 1), "mandate_end": date(2032, 3, 31),
              "actor": clerk}
    return commission_create(**{**params, **kwargs})


def test_commission_create_with_a_councillor_chair_and_seats_is_audited(clerk, councillor, council):
    # given a councillor and the council in office
    # when a clerk creates an extra-municipal commission with two colleges
    commission = _create(clerk, councillor, seats={"councillors": 2, "associations": 4})
    # then it exists with its seats, and the creation is in the audit log
    assert commission.slug == "culture-et-patrimoine-cevenol"
    assert {g.kind: g.seats for g in commission.seat_groups.all()} == {
        "councillors": 2, "associations": 4}
    assert AuditEntry.objects.filter(verb="commission.created",
                                     target_id=str(commission.pk)).exists()


def test_commission_create_refuses_a_chair_who_is_not_a_councillor(clerk, resident, council):
    # given a resident who is not a councillor
    # when a clerk tries to make them chair of an extra-municipal commission
    with pytest.raises(DomainError) as error:
        _create(clerk, resident.user)
    # then the law is quoted and nothing is created
    assert error.value.code == "chair_not_councillor"
    assert error.value.field == "chair"
    assert "L2143-2" in str(error.value.message)
    assert not Commission.objects.exists()


def test_commission_chair_set_refuses_a_non_councillor_later_too(clerk, commission, resident):
    # given an existing commission
    # when a clerk tries to hand the chair to a resident
    with pytest.raises(DomainError) as error:
        commission_chair_set(commission=commission, chair=resident.user, actor=clerk)
    # then it is refused and the chair is unchanged
    assert error.value.code == "chair_not_councillor"
    commission.refresh_from_db()
    assert commission.chair.email != resident.user.email


def test_neighbourhood_council_may_be_chaired_by_a_resident(clerk, resident, council):
    # given a neighbourhood
    quartier = NeighbourhoodFactory(code="rochebelle", name="Rochebelle")
    # when a clerk creates its council chaired by a resident (its own rules)
    body = _create(clerk, resident.user, kind=Commission.Kind.NEIGHBOURHOOD_COUNCIL,
                   name="Conseil de quartier de Rochebelle", neighbourhood=quartier)
    # then it is accepted and reachable through the NeighbourhoodCouncil proxy
    assert NeighbourhoodCouncil.objects.get().pk == body.pk


def test_commission_create_refuses_a_mandate_beyond_the_councils(clerk, councillor, council):
    # given the council's mandate ends on 31 March 2032
    # when the commission's mandate would end later
    with pytest.raises(DomainError) as error:
        _create(clerk, councillor, mandate_end=date(2033, 1, 1))
    # then it is refused on the mandate_end field
    assert error.value.code == "beyond_council_mandate"
    assert error.value.field == "mandate_end"


def test_commission_create_is_for_clerks_only(councillor, resident, council):
    # given a resident
    # when they try to create a commission
    with pytest.raises(NotPermitted):
        _create(resident.user, councillor)
    # then nothing is created
    assert not Commission.objects.exists()


def test_seat_group_set_refuses_fewer_seats_than_members_in_office(clerk, residents_college):
    # given a two-seat college with two members
    MembershipFactory.create_batch(2, seat_group=residents_college)
    # when a clerk tries to reduce it to one seat
    with pytest.raises(Conflict) as error:
        seat_group_set(commission=residents_college.commission, kind="residents", seats=1,
                       actor=clerk)
    # then it is refused
    assert error.value.code == "seats_below_members"
