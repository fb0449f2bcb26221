"""The clerks' pages that correct or dissolve a body."""

import pytest
from django.urls import reverse

from commissions.models import Commission
from commissions.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_clerk_renames_a_body_from_its_page(client, clerk, commission):
    client.force_login(clerk)
    page = client.get(reverse("commissions_web:staff_commission", args=[commission.slug])).text
    url = reverse("commissions_web:staff_commission_edit", args=[commission.slug])
    assert url in page
    response = client.post(url, {"name": "Sécurité et prévention", "mandate_end": "2032-03-31",
                                 "quorum_percent": "50"}, follow=True)
    assert "Enregistré." in response.text
    commission.refresh_from_db()
    assert commission.name == "Sécurité et prévention"


def test_a_mandate_past_the_councils_is_refused_next_to_its_field(client, clerk, commission):
    client.force_login(clerk)
    response = client.post(
        reverse("commissions_web:staff_commission_edit", args=[commission.slug]),
        {"name": commission.name, "mandate_end": "2040-01-01", "quorum_percent": "50"})
    assert response.status_code == 400
    assert "ne peut pas dépasser" in response.context["form"]["mandate_end"].errors[0]


def test_a_body_is_dissolved_once_confirmed_and_its_members_told(client, clerk, commission,
                                                                residents_college):
    MembershipFactory(seat_group=residents_college)
    client.force_login(clerk)
    url = reverse("commissions_web:staff_commission_dissolve", args=[commission.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "Fusion"}).status_code == 400
    commission.refresh_from_db()
    assert commission.status == Commission.Status.ACTIVE
    response = client.post(url, {"reason": "Fusion", "confirm": "on"}, follow=True)
    assert "Instance dissoute ; ses membres sont prévenus." in response.text
    commission.refresh_from_db()
    assert commission.status == Commission.Status.DISSOLVED
    assert "Sécurité et tranquillité" not in client.get(reverse("commissions_web:index")).text


def test_the_chair_does_not_dissolve_her_own_body(client, councillor, commission):
    client.force_login(councillor)
    url = reverse("commissions_web:staff_commission_dissolve", args=[commission.slug])
    assert client.post(url, {"reason": "Fin", "confirm": "on"}).status_code == 403
