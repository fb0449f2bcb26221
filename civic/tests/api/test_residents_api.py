import pytest
from rest_framework.test import APIClient

from civic.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_clerk_lists_unverified_residents_and_verifies_one(clerk, unverified_resident, resident):
    # given
    api = APIClient()
    api.force_authenticate(clerk)
    # when
    listed = api.get("/api/v1/residents/", {"verification_status": "unverified"}).json()
    verified = api.post(f"/api/v1/residents/{unverified_resident.pk}/verify/",
                        {"method": "document"})
    # then
    assert [r["id"] for r in listed["results"]] == [unverified_resident.pk]
    assert verified.status_code == 200
    assert verified.json()["verification_status"] == "verified"
    entry = AuditEntry.objects.get(verb="resident.verified")
    assert (entry.actor, entry.data) == (clerk, {"method": "document"})


def test_verifying_twice_is_a_409(clerk, resident):
    # given an already verified resident
    api = APIClient()
    api.force_authenticate(clerk)
    # when
    response = api.post(f"/api/v1/residents/{resident.pk}/verify/", {"method": "counter"})
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "already_verified"


def test_residents_cannot_list_or_verify_residents(resident, unverified_resident):
    # given
    api = APIClient()
    api.force_authenticate(resident.user)
    # when / then
    assert api.get("/api/v1/residents/").status_code == 403
    response = api.post(f"/api/v1/residents/{unverified_resident.pk}/verify/",
                        {"method": "counter"})
    assert response.status_code == 403
    unverified_resident.refresh_from_db()
    assert not unverified_resident.is_verified


def test_unknown_verification_method_is_a_field_error(clerk, unverified_resident):
    # given
    api = APIClient()
    api.force_authenticate(clerk)
    # when
    response = api.post(f"/api/v1/residents/{unverified_resident.pk}/verify/", {"method": "oral"})
    # then
    assert response.status_code == 400
    assert "method" in response.json()["fields"]
